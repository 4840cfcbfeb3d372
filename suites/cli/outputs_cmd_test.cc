// drh outputs as a user meets it: the role table, --json, --map, masking and the exit code
// of every kind of bad input.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_drh.h"

namespace drh::testing {
namespace {

std::string sample(const char* name) {
  return std::string(DRH_SOURCE_DIR) + "/fixtures/samples/" + name;
}

// A file under a per-test temporary directory holding `text`.
std::string write_temp(const std::string& name, const std::string& text) {
  auto dir =
      std::filesystem::temp_directory_path() / ("drh-outputs-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(OutputsCmd, PrintsFormatRolesUnmappedAndMissing) {
  auto r = run_drh({"outputs", "--outputs", sample("seed000_terraform.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Format:  terraform (detected)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PrimaryClusterId"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PrimaryClusterIdentifier"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("aurora-primary-dev"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Unmapped keys (1):"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("DatabaseMasterPassword = ********"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Roles not found"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  HostedZoneId"), std::string::npos) << r.out;
}

TEST(OutputsCmd, SensitiveValuesNeverPrinted) {
  for (const char* name : {"seed000_terraform.json", "seed003_terraform.json"}) {
    for (bool json : {false, true}) {
      std::vector<std::string> args = {"outputs", "--outputs", sample(name)};
      if (json) args.push_back("--json");
      auto r = run_drh(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      EXPECT_EQ(r.out.find("s3cret-master-password"), std::string::npos) << r.out;
      EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << r.out;
      EXPECT_NE(r.out.find("********"), std::string::npos) << r.out;
    }
  }
}

TEST(OutputsCmd, JsonForMachines) {
  auto r = run_drh({"outputs", "--outputs", sample("seed001_cdktf.json"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  EXPECT_EQ(doc["format"], "cdktf");
  EXPECT_EQ(doc["roles"]["SecondaryClusterEndpoint"]["key"], "aurora_endpoint_us_east_2");
  EXPECT_EQ(doc["roles"]["SecondaryClusterEndpoint"]["region"], "us-east-2");
  EXPECT_EQ(doc["roles"]["SecondaryClusterEndpoint"]["stack"], "disaster-recovery-us-east-2");
  EXPECT_EQ(doc["roles"]["PrimaryRegion"]["value"], "us-east-1");
  EXPECT_EQ(doc["unmapped"][0]["key"], "accelerator_static_ips");
  EXPECT_FALSE(doc["missing"].empty());
}

TEST(OutputsCmd, FormatOverride) {
  auto r = run_drh({"outputs", "--outputs", sample("seed002_cdk.json"), "--format", "cdktf"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Format:  cdktf (given)"), std::string::npos) << r.out;
  auto bad = run_drh({"outputs", "--outputs", sample("seed002_cdk.json"), "--format", "yaml"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("yaml"), std::string::npos) << bad.err;
}

TEST(OutputsCmd, MapArgumentAndFileOverride) {
  auto r = run_drh({"outputs", "--outputs", sample("seed004_pulumi.json"), "--map",
                    "HostedZoneId=parameter_store_prefix"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("parameter_store_prefix (--map)"), std::string::npos) << r.out;
  auto map = write_temp("map.json", R"({"HostedZoneId": "parameter_store_prefix"})");
  auto f = run_drh({"outputs", "--outputs", sample("seed004_pulumi.json"), "--map", map});
  ASSERT_EQ(f.exit_code, 0) << f.err;
  EXPECT_NE(f.out.find("parameter_store_prefix (--map)"), std::string::npos) << f.out;
}

TEST(OutputsCmd, CloseMatchesAreSuggested) {
  auto file = write_temp("close.json", R"({"hosted_zone_ident": "Z1"})");
  auto r = run_drh({"outputs", "--outputs", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("HostedZoneId (did you mean hosted_zone_ident?"), std::string::npos)
      << r.out;
}

struct BadCase {
  const char* name;
  const char* text;
  std::vector<std::string> extra;
  const char* expect;
};

TEST(OutputsCmd, EveryBadInputExitsTwoWithAClearMessage) {
  const std::vector<BadCase> cases = {
      {"malformed.json", "{\n  \"a\": \"x\",\n  \"b\" \"y\"\n}", {}, "malformed.json:3:9"},
      {"empty.json", "", {}, "empty"},
      {"list.json", "[1, 2]", {}, "top level is a list"},
      {"wrongtype.json", R"({"PrimaryVpcId": ["vpc-1"]})", {}, "role PrimaryVpcId"},
      {"conflict.json",
       R"({"PrimaryVpcId": "vpc-1", "primary_vpc_id": "vpc-2"})",
       {},
       "claim role PrimaryVpcId"},
      {"map.json",
       R"({"a": "b"})",
       {"--map", "HostedZoneId=missing_key"},
       "no output \"missing_key\""},
      {"role.json", R"({"a": "b"})", {"--map", "NoSuchRole=a"}, "unknown role"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"outputs", "--outputs", write_temp(c.name, c.text)};
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    auto r = run_drh(args);
    EXPECT_EQ(r.exit_code, 2) << c.name << ": " << r.out << r.err;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << c.name << ": " << r.err;
    EXPECT_EQ(r.err.find("terminate"), std::string::npos) << r.err;
  }
  auto missing = run_drh({"outputs", "--outputs", "/nonexistent/o.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent/o.json"), std::string::npos) << missing.err;
  auto no_file = run_drh({"outputs"});
  EXPECT_EQ(no_file.exit_code, 2);
  auto bad_map_file = write_temp("badmap.json", "[1]");
  auto m =
      run_drh({"outputs", "--outputs", sample("seed000_terraform.json"), "--map", bad_map_file});
  EXPECT_EQ(m.exit_code, 2);
  EXPECT_NE(m.err.find("badmap.json"), std::string::npos) << m.err;
  auto broken_map = write_temp("brokenmap.json", "{\n \"HostedZoneId\": zone\n}");
  auto b = run_drh({"outputs", "--outputs", sample("seed000_terraform.json"), "--map", broken_map});
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.err.find("brokenmap.json:2:"), std::string::npos) << b.err;
}

}  // namespace
}  // namespace drh::testing
