// drh validate as a user meets it: a seed stack validated out of the box, reports for CI,
// a saved world validated by a later command, and the exit code of every kind of outcome.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_drh.h"
#include "server_process.h"

namespace drh::testing {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) { return fresh_temp_dir("drh-validate-cli", name); }
std::string slurp(const fs::path& path) { return read_file(path.string()); }

TEST(ValidateCmd, ASeedStackValidatesOutOfTheBoxWithReports) {
  auto dir = temp_dir("seed");
  auto r = run_drh({"validate", "--stack", "003", "--junit", (dir / "j.xml").string(), "--json",
                    (dir / "r.json").string()},
                   {{"DRH_HOME", dir.string()}});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* area : {"networking", "database", "replication", "monitoring", "routing", "compute"}) {
    EXPECT_NE(r.out.find(std::string("\n") + area + "  ("), std::string::npos) << area << "\n" << r.out;
  }
  EXPECT_NE(r.out.find(" 0 failed, 0 errors"), std::string::npos) << r.out;
  auto report = nlohmann::json::parse(slurp(dir / "r.json"));
  EXPECT_EQ(report["summary"]["exit_code"], 0);
  EXPECT_GT(report["summary"]["passed"].get<int>(), 10);
  // The checks' own time is part of the run's, which also built the stack.
  EXPECT_GT(report["checks_seconds"].get<double>(), 0.0);
  EXPECT_LT(report["checks_seconds"].get<double>(), report["seconds"].get<double>());
  for (const auto& c : report["checks"]) {
    EXPECT_FALSE(c["message"].get<std::string>().empty()) << c.dump();
  }
  auto junit = slurp(dir / "j.xml");
  EXPECT_NE(junit.find("<testsuite name=\"networking\""), std::string::npos) << junit;
  EXPECT_NE(junit.find("<testcase classname=\"drh.validate.database\""), std::string::npos);
}

TEST(ValidateCmd, AFailedCheckIsExit1WithExpectedAndActual) {
  auto dir = temp_dir("fail");
  std::ofstream(dir / "policy.json") << R"({"min_backup_retention_days": 35})";
  auto r = run_drh({"validate", "--stack", "003", "--policy", (dir / "policy.json").string(),
                    "--filter", "database.*"},
                   {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("FAIL    database.backup-retention"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("networking"), std::string::npos) << "--filter kept other areas: " << r.out;
}

TEST(ValidateCmd, PolicyCanTurnChecksOffAndSaysSo) {
  auto dir = temp_dir("skip");
  std::ofstream(dir / "policy.json") << R"({"checks": {"routing.*": "skip"}})";
  auto r = run_drh({"validate", "--stack", "003", "--policy", (dir / "policy.json").string(),
                    "--filter", "routing.*"},
                   {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("SKIPPED routing."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("turned off by the policy"), std::string::npos) << r.out;
}

TEST(ValidateCmd, BadInputIsExit2NamingTheProblem) {
  auto dir = temp_dir("bad");
  std::ofstream(dir / "policy.json") << R"({"max_lag": 3})";
  auto bad_policy = run_drh({"validate", "--stack", "003", "--policy", (dir / "policy.json").string()},
                            {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(bad_policy.exit_code, 2);
  EXPECT_NE(bad_policy.err.find("policy.json: max_lag: unknown key"), std::string::npos) << bad_policy.err;
  auto nothing = run_drh({"validate"}, {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.err.find("give --outputs FILE"), std::string::npos) << nothing.err;
  auto no_world = run_drh({"validate", "--outputs", std::string(DRH_SOURCE_DIR) +
                                                       "/fixtures/samples/seed003_terraform.json"},
                          {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(no_world.exit_code, 2);
  EXPECT_NE(no_world.err.find("no fake world"), std::string::npos) << no_world.err;
  auto no_match = run_drh({"validate", "--stack", "003", "--filter", "nothing.*"}, {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(no_match.exit_code, 2);
}

TEST(ValidateCmd, UnreachableEndpointIsExit3NamingIt) {
  auto dir = temp_dir("unreachable");
  const std::string url = "http://127.0.0.1:" + std::to_string(free_loopback_port());
  auto r = run_drh({"validate", "--outputs",
                    std::string(DRH_SOURCE_DIR) + "/fixtures/samples/seed003_terraform.json",
                    "--target", url, "--connect-timeout-ms", "300", "--max-attempts", "1",
                    "--filter", "networking.*"},
                   {{"DRH_HOME", dir.string()}, {"AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"},
                    {"AWS_SECRET_ACCESS_KEY", "secret-never-shown"}});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("ERROR"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("127.0.0.1"), std::string::npos) << "names the endpoint: " << r.out;
  EXPECT_EQ(r.out.find("secret-never-shown"), std::string::npos);
}

TEST(ValidateCmd, ValidatesTheWorldDrhUpSaved) {
  auto dir = temp_dir("saved");
  std::map<std::string, std::string> env = {{"DRH_HOME", dir.string()}};
  const std::string out = (dir / "o.json").string();
  // Another suffix than the description's: expectations must follow the built names.
  auto up = run_drh({"up", "--stack", "001", "--suffix", "qa", "--write-outputs", out, "--quiet"}, env);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  auto r = run_drh({"validate", "--outputs", out}, env);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // The stack was found from drh up's ledger, so its expectations apply.
  EXPECT_NE(r.out.find("drh validate: stack 001"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace drh::testing

namespace drh::testing {
namespace {

TEST(ValidateCmd, ThroughDrhServeOnTheServersClockWithCanaries) {
  auto dir = temp_dir("serve");
  std::map<std::string, std::string> env = {{"DRH_HOME", dir.string()},
                                            {"AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"},
                                            {"AWS_SECRET_ACCESS_KEY", "secret"}};
  int port = free_loopback_port();
  ServerProcess serve;
  std::string error;
  ASSERT_TRUE(serve.start({drh_path(), "serve", "--port", std::to_string(port), "--clock", "manual"},
                          port, (dir / "serve.log").string(), std::chrono::seconds(20), error))
      << error;
  const std::string out = (dir / "o.json").string();
  auto up = run_drh({"up", "--stack", "003", "--target", serve.url(), "--write-outputs", out, "--quiet"}, env);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  // Metrics are stamped with the server's virtual time, which starts long before today:
  // the lag check must read its window on that clock, and canaries wait on it.
  auto r = run_drh({"validate", "--outputs", out, "--target", serve.url(), "--stack", "003",
                    "--canary", "--filter", "replication.*"},
                   env);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("PASS    replication.aurora-lag"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS    replication.canary-s3"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace drh::testing

namespace drh::testing {
namespace {

TEST(ValidateCmd, PartsUpLeftOutAreNotExpected) {
  auto dir = temp_dir("skip-parts");
  std::map<std::string, std::string> env = {{"DRH_HOME", dir.string()}};
  const std::string out = (dir / "o.json").string();
  // Seed 001 without DynamoDB: its table, and the alarm on the table's replication, are gone.
  auto up = run_drh({"up", "--stack", "001", "--skip", "dynamodb", "--write-outputs", out, "--quiet"}, env);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  auto r = run_drh({"validate", "--outputs", out}, env);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace drh::testing
