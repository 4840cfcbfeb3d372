// drh up / drh down as a user meets them: a seed stack into the fake and back out, outputs
// that drh outputs resolves to the same roles as the seed's own sample, refusals of unsafe
// targets and repeated ups, and the world kept between commands.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "run_drh.h"
#include "server_process.h"

namespace drh::testing {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) { return fresh_temp_dir("drh-up-cli", name); }
std::string slurp(const fs::path& path) { return read_file(path.string()); }

// The roles `drh outputs --json` resolved from a file.
std::set<std::string> resolved_roles(const std::string& outputs_file) {
  auto r = run_drh({"outputs", "--outputs", outputs_file, "--json"});
  EXPECT_EQ(r.exit_code, 0) << outputs_file << ": " << r.err;
  std::set<std::string> roles;
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << r.out;
  if (doc.is_discarded()) return roles;
  for (const auto& [role, _] : doc["roles"].items()) roles.insert(role);
  return roles;
}

const char* kSample[] = {"seed000_terraform.json", "seed001_cdktf.json", "seed002_cdk.json",
                         "seed003_terraform.json", "seed004_pulumi.json"};

TEST(UpCmd, EverySeedStackResolvesTheRolesItsSampleDoes) {
  for (int i = 0; i < 5; ++i) {
    const std::string name = "00" + std::to_string(i);
    auto dir = temp_dir("seed" + name);
    const std::string out = (dir / "outputs.json").string();
    auto up = run_drh({"up", "--stack", name, "--write-outputs", out},
                      {{"DRH_HOME", dir.string()}});
    ASSERT_EQ(up.exit_code, 0) << name << ": " << up.err;
    EXPECT_NE(up.err.find("drh up: stack " + name), std::string::npos) << up.err;
    auto sample_roles =
        resolved_roles(std::string(DRH_SOURCE_DIR) + "/fixtures/samples/" + kSample[i]);
    auto made_roles = resolved_roles(out);
    for (const auto& role : sample_roles) {
      EXPECT_TRUE(made_roles.count(role)) << "stack " << name << " lost role " << role;
    }
    EXPECT_TRUE(fs::exists(dir / "fake-state.json")) << name;
    EXPECT_TRUE(fs::exists(dir / (name + ".ledger.json"))) << name;
  }
}

TEST(UpCmd, Stack000ShowsEveryRoleResolvedAndHidesTheSecret) {
  auto dir = temp_dir("s000");
  const std::string out = (dir / "o.json").string();
  auto up = run_drh({"up", "--stack", "000", "--write-outputs", out}, {{"DRH_HOME", dir.string()}});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  auto doc = nlohmann::json::parse(slurp(out));
  ASSERT_TRUE(doc.contains("PrimaryVPCId")) << doc.dump(2);
  EXPECT_EQ(doc["PrimaryVPCId"]["type"], "string");  // terraform output -json
  EXPECT_TRUE(doc["PrimaryVPCId"]["value"].get<std::string>().starts_with("vpc-"));
  auto shown = run_drh({"outputs", "--outputs", out});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("Format:  terraform (detected)"), std::string::npos) << shown.out;
  for (const char* role : {"PrimaryVpcId", "SecondaryVpcId", "VpcPeeringId", "GlobalClusterId",
                           "PrimaryClusterId", "SecondaryClusterId", "PrimaryClusterEndpoint",
                           "SecondaryClusterEndpoint", "PrimaryHealthCheckId", "SecondaryHealthCheckId",
                           "ReplicationLagAlarmName", "PrimarySnsTopicArn", "SecondarySnsTopicArn"}) {
    EXPECT_NE(shown.out.find(role), std::string::npos) << role << "\n" << shown.out;
  }
  // The master password an output carries is masked in the display and never in progress.
  EXPECT_EQ(up.err.find("Drh-"), std::string::npos) << up.err;
  EXPECT_EQ(slurp(dir / "000.ledger.json").find("Drh-"), std::string::npos);
}

TEST(UpCmd, FormatOverrideAndPrintingToStdout) {
  auto dir = temp_dir("fmt");
  auto up = run_drh({"up", "--stack", "003", "--format", "flat", "--quiet"}, {{"DRH_HOME", dir.string()}});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_TRUE(up.err.empty()) << up.err;
  auto doc = nlohmann::json::parse(up.out, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << up.out;
  ASSERT_TRUE(doc.contains("primary_vpc_id")) << up.out;
  for (const auto& [k, v] : doc.items()) EXPECT_TRUE(v.is_string()) << k << " in flat output";
  auto bad = run_drh({"up", "--stack", "003", "--format", "yaml"}, {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--format must be"), std::string::npos) << bad.err;
}

TEST(UpCmd, RefusesAnythingButTheFakeAndLoopback) {
  auto dir = temp_dir("refuse");
  for (const char* target : {"https://rds.us-east-1.amazonaws.com", "http://10.0.0.5:4566",
                             "http://127.example.com:4566", "aws"}) {
    auto r = run_drh({"up", "--stack", "000", "--target", target}, {{"DRH_HOME", dir.string()}});
    EXPECT_EQ(r.exit_code, 2) << target;
    EXPECT_NE(r.err.find("never in a real account"), std::string::npos) << target << ": " << r.err;
  }
  EXPECT_FALSE(fs::exists(dir / "000.ledger.json"));
}

TEST(UpCmd, UnreachableEndpointIsExit3NamingIt) {
  auto dir = temp_dir("unreachable");
  const std::string url = "http://127.0.0.1:" + std::to_string(free_loopback_port());
  auto r = run_drh({"up", "--stack", "000", "--target", url, "--connect-timeout-ms", "500"},
                   {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find(url), std::string::npos) << r.err;
}

TEST(UpCmd, BadStackIsExit2NamingTheFile) {
  auto dir = temp_dir("bad");
  auto file = dir / "broken.json";
  std::ofstream(file) << R"({"name": "b", "regions": {"primary": "us-east-1", "secondary": "us-west-2"},
    "vpcs": [{"id": "p", "region": "primary", "cidr": "10.0.0.0/16", "colour": "red"}],
    "outputs": {"x": "${vpc.p.id}"}})";
  auto r = run_drh({"up", "--stack", file.string()}, {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("broken.json: $.vpcs[0].colour: unknown key"), std::string::npos) << r.err;
  auto missing = run_drh({"up", "--stack", "999"}, {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no stack named '999'"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("000"), std::string::npos) << "lists the known stacks: " << missing.err;
}

TEST(UpCmd, WorldSurvivesBetweenCommandsAndDownRemovesIt) {
  auto dir = temp_dir("cycle");
  std::map<std::string, std::string> env = {{"DRH_HOME", dir.string()}};
  auto up = run_drh({"up", "--stack", "001", "--quiet"}, env);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  auto again = run_drh({"up", "--stack", "001"}, env);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already up"), std::string::npos) << again.err;

  auto down = run_drh({"down", "--stack", "001"}, env);
  ASSERT_EQ(down.exit_code, 0) << down.err;
  // Loaded from the state file: real deletions, not "already gone".
  EXPECT_NE(down.err.find(" deleted, 0 already gone"), std::string::npos) << down.err;
  EXPECT_FALSE(fs::exists(dir / "001.ledger.json"));
  // Metrics and alarm history outlive their resources, as in AWS; the resources do not.
  auto state = nlohmann::json::parse(slurp(dir / "fake-state.json"));
  EXPECT_TRUE(state["services"]["s3"]["buckets"].empty()) << state["services"]["s3"]["buckets"].dump();
  EXPECT_TRUE(state["services"]["route53"]["zones"].empty()) << state["services"]["route53"]["zones"].dump();
  EXPECT_TRUE(state["services"]["rds"]["global_clusters"].empty());

  auto no_ledger = run_drh({"down", "--stack", "001"}, env);
  EXPECT_EQ(no_ledger.exit_code, 2);
  EXPECT_NE(no_ledger.err.find("no ledger"), std::string::npos) << no_ledger.err;
  auto up2 = run_drh({"up", "--stack", "001", "--quiet"}, env);
  EXPECT_EQ(up2.exit_code, 0) << up2.err;
}

TEST(UpCmd, BuildsIntoDrhServeMovingItsManualClock) {
  auto dir = temp_dir("serve");
  int port = free_loopback_port();
  ServerProcess serve;
  std::string error;
  ASSERT_TRUE(serve.start({drh_path(), "serve", "--port", std::to_string(port), "--clock", "manual"},
                          port, (dir / "serve.log").string(), std::chrono::seconds(20), error))
      << error;
  const std::string out = (dir / "o.json").string();
  auto up = run_drh({"up", "--stack", "002", "--target", serve.url(), "--write-outputs", out},
                    {{"DRH_HOME", dir.string()}});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_FALSE(fs::exists(dir / "fake-state.json")) << "a URL target keeps no local world";
  auto doc = nlohmann::json::parse(slurp(out));
  EXPECT_TRUE(doc.is_object() && !doc.empty());
  auto down = run_drh({"down", "--stack", "002"}, {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(down.exit_code, 0) << down.err;
}

}  // namespace
}  // namespace drh::testing
