// drh drill as a user meets it: a seed stack drilled out of the box with its phases and a
// JSON report, exit 4 when a drill rolls back, --recover from a journal a dead drill left,
// and no target but the fake or loopback.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "run_drh.h"

namespace drh::testing {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) { return fresh_temp_dir("drh-drill-cli", name); }

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(DrillCmd, ASwitchoverOnASeedStackPassesWithItsPhasesAndAReport) {
  auto dir = temp_dir("switchover");
  auto r = run_drh(
      {"drill", "--drill", "switchover", "--stack", "003", "--json", (dir / "r.json").string()},
      {{"DRH_HOME", dir.string()}});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "drill switchover: passed")) << r.out;
  EXPECT_TRUE(has(r.out, "  writer-promoted     65.0 s")) << r.out;
  EXPECT_TRUE(has(r.out, "switchover passed: 3 step(s) in 130 s, 1 of 1 step(s) undone")) << r.out;
  auto report = nlohmann::json::parse(read_file((dir / "r.json").string()));
  EXPECT_EQ(report["outcome"], "passed");
  EXPECT_EQ(report["phases"][0]["name"], "writer-promoted");
  EXPECT_GE(report["phases"][0]["seconds"].get<double>(), 60.0);
  EXPECT_EQ(report["metrics"]["rpo_lost_commits"], 0);
  EXPECT_EQ(report["steps"][1]["undo"], "undone");
  // Every step is in the journal, under DRH_HOME by default.
  auto journal = read_file((dir / "drill.journal.jsonl").string());
  EXPECT_TRUE(has(journal, "\"event\":\"step-start\"")) << journal;
  EXPECT_TRUE(has(journal, "\"kind\":\"aurora-switchover\"")) << journal;
  EXPECT_TRUE(has(journal, "\"outcome\":\"passed\"")) << journal;
}

TEST(DrillCmd, ADrillThatRollsBackExits4) {
  auto dir = temp_dir("rollback");
  // One second is too short for a switchover (60 s in the fake): it times out and is undone.
  auto r = run_drh({"drill", "--drill", "switchover", "--stack", "003", "--deadline", "1"},
                   {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "drill switchover: rolled-back")) << r.out;
  EXPECT_TRUE(has(r.out, "timed-out: not verified within 1 s: ")) << r.out;
  EXPECT_TRUE(has(r.out, "rolled back, 1 of 1 step(s) undone")) << r.out;
}

TEST(DrillCmd, RecoverFinishesWhatADeadDrillLeftFromItsJournal) {
  auto dir = temp_dir("recover");
  const std::map<std::string, std::string> env = {{"DRH_HOME", (dir / "home").string()}};
  auto up = run_drh(
      {"up", "--stack", "003", "--write-outputs", (dir / "o.json").string(), "--quiet"}, env);
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  const std::string journal = (dir / "j.jsonl").string();
  auto r = run_drh({"drill", "--drill", "dns-failover", "--outputs", (dir / "o.json").string(),
                    "--journal", journal},
                   env);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // The process died right after the health check's inversion started: keep drill-start,
  // the precondition's start and end, and that step's start.
  std::ifstream in(journal);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  in.close();
  ASSERT_GE(lines.size(), 4u);
  {
    std::ofstream out(journal, std::ios::trunc);
    for (int i = 0; i < 4; ++i) out << lines[i] << "\n";
  }
  auto rec = run_drh({"drill", "--recover", journal}, env);
  EXPECT_EQ(rec.exit_code, 0) << rec.out << rec.err;
  EXPECT_TRUE(has(rec.out, "undid step 2 'invert primary health check ")) << rec.out;
  EXPECT_TRUE(has(rec.out, "1 undone now, 0 undone before, 0 failed")) << rec.out;
  auto again = run_drh({"drill", "--recover", journal}, env);
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_TRUE(has(again.out, "0 undone now, 1 undone before, 0 failed")) << again.out;
}

TEST(DrillCmd, RefusesTargetsThatAreNotTheFakeOrLoopback) {
  auto dir = temp_dir("target");
  auto r = run_drh({"drill", "--drill", "switchover", "--outputs", "o.json", "--target",
                    "https://rds.us-east-1.amazonaws.com"},
                   {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "never in a real account")) << r.err;
  auto unknown =
      run_drh({"drill", "--drill", "chaos", "--stack", "003"}, {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(has(unknown.err, "unknown drill 'chaos': choose one of switchover, regional-failover, "
                                "dns-failover, replication, alarm-wiring"))
      << unknown.err;
  auto none = run_drh({"drill", "--stack", "003"}, {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(has(none.err,
                  "give --drill NAME (switchover, regional-failover, dns-failover, replication, "
                  "alarm-wiring) or --recover JOURNAL"))
      << none.err;
}

TEST(DrillGuardRails, DryRunPrintsEveryCallAndChangesNothing) {
  auto dir = temp_dir("dry-run");
  const std::map<std::string, std::string> env = {{"DRH_HOME", dir.string()}};
  ASSERT_EQ(run_drh({"up", "--stack", "003"}, env).exit_code, 0);
  const std::string world = read_file((dir / "fake-state.json").string());
  auto r = run_drh({"drill", "--drill", "regional-failover", "--stack", "003", "--dry-run"}, env);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "the plan (nothing has been changed")) << r.out;
  EXPECT_TRUE(has(r.out, "inject fault {\"kind\":\"region-outage\",\"region\":\"us-east-1\"}"))
      << r.out;
  EXPECT_TRUE(has(r.out, "rds:FailoverGlobalCluster us-east-2 GlobalClusterIdentifier=") &&
              has(r.out, "AllowDataLoss=true"))
      << r.out;
  EXPECT_TRUE(has(r.out, "undo: remove the outage")) << r.out;
  EXPECT_EQ(read_file((dir / "fake-state.json").string()), world) << "the world changed";
  EXPECT_FALSE(fs::exists(dir / "drill.journal.jsonl")) << "a dry run journals nothing";
}

TEST(DrillGuardRails, AnAccountOffThePolicysAllowListIsRefusedBeforeAnything) {
  auto dir = temp_dir("allow-list");
  const std::map<std::string, std::string> env = {{"DRH_HOME", dir.string()}};
  ASSERT_EQ(run_drh({"up", "--stack", "003"}, env).exit_code, 0);
  const std::string world = read_file((dir / "fake-state.json").string());
  {
    std::ofstream((dir / "prod.json").string()) << R"({"allowed_accounts": ["111111111111"]})";
  }
  auto refused = run_drh({"drill", "--drill", "switchover", "--stack", "003", "--policy",
                          (dir / "prod.json").string()},
                         env);
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_TRUE(has(refused.err, "account 123456789012 at fake is not on the policy's "
                               "allowed_accounts (111111111111): no drill runs there"))
      << refused.err;
  EXPECT_EQ(read_file((dir / "fake-state.json").string()), world);
  EXPECT_FALSE(fs::exists(dir / "drill.journal.jsonl"));
  {
    std::ofstream((dir / "test.json").string()) << R"({"allowed_accounts": ["123456789012"]})";
  }
  auto allowed = run_drh({"drill", "--drill", "switchover", "--stack", "003", "--policy",
                          (dir / "test.json").string()},
                         env);
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  EXPECT_TRUE(has(allowed.err, "account 123456789012 at fake (allowed by the policy)"))
      << allowed.err;
}

TEST(DrillGuardRails, AnyTargetButTheFakeNeedsAllowDisruptive) {
  auto dir = temp_dir("disruptive");
  auto r = run_drh({"drill", "--drill", "regional-failover", "--target", "http://127.0.0.1:9",
                    "--outputs", "missing.json"},
                   {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "drh drill breaks http://127.0.0.1:9 on purpose: give "
                         "--allow-disruptive to run it there"))
      << r.err;
}

TEST(DrillGuardRails, APolicysStopAlarmMustExistBeforeTheDrillStarts) {
  auto dir = temp_dir("stop-alarm");
  {
    std::ofstream((dir / "p.json").string())
        << R"({"stop_alarms": ["us-east-1/checkout-5xx"]})";
    std::ofstream((dir / "bad.json").string()) << R"({"stop_alarms": ["checkout-5xx"]})";
  }
  const std::map<std::string, std::string> env = {{"DRH_HOME", dir.string()}};
  auto r = run_drh({"drill", "--drill", "switchover", "--stack", "003", "--policy",
                    (dir / "p.json").string()},
                   env);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "stop alarm checkout-5xx does not exist in us-east-1")) << r.err;
  EXPECT_FALSE(fs::exists(dir / "drill.journal.jsonl"));
  auto bad = run_drh({"drill", "--drill", "switchover", "--stack", "003", "--policy",
                      (dir / "bad.json").string()},
                     env);
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_TRUE(has(bad.err, "'checkout-5xx' must be REGION/ALARM-NAME")) << bad.err;
}

TEST(DrillCmd, AnUnreachableEndpointExits3NamingIt) {
  auto dir = temp_dir("unreachable");
  const std::map<std::string, std::string> env = {{"DRH_HOME", dir.string()}};
  ASSERT_EQ(run_drh({"up", "--stack", "003", "--write-outputs", (dir / "o.json").string()}, env)
                .exit_code,
            0);
  // Nothing listens on port 9 (discard): the drill must say so, not hang or crash.
  auto r = run_drh({"drill", "--drill", "regional-failover", "--target", "http://127.0.0.1:9",
                    "--outputs", (dir / "o.json").string(), "--allow-disruptive"},
                   env);
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "cannot reach http://127.0.0.1:9")) << r.err;
  EXPECT_FALSE(fs::exists(dir / "drill.journal.jsonl"));
}

}  // namespace
}  // namespace drh::testing
