// drh drill as a user meets it: a seed stack drilled out of the box with its phases and a
// JSON report, exit 4 when a drill rolls back, --recover from a journal a dead drill left,
// and the guard rails in front of loopback endpoints and real accounts.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "run_drh.h"
#include "server_process.h"

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

TEST(DrillCmd, ProgressCountsTheRtoFromTheFailureAndTheRestAsDrillTime) {
  auto dir = temp_dir("progress");
  auto r = run_drh({"drill", "--drill", "regional-failover", "--stack", "003"},
                   {{"DRH_HOME", dir.string()}});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // Before the failure: the steady state check, then 25 s of canary writes.
  EXPECT_TRUE(has(r.err, "[drill    0.0 s] step 1 'global cluster ")) << r.err;
  EXPECT_TRUE(has(r.err, "[drill   25.0 s] step 3 'take us-east-1 down")) << r.err;
  // From the failure on, against the RTO budget: detection takes seed 003's 30 s.
  EXPECT_TRUE(has(r.err, "[   0.0 s of 300 s RTO budget] step 4 'Route 53 sees ")) << r.err;
  EXPECT_TRUE(has(r.err, "[  30.0 s of 300 s RTO budget] step 5 'fail ")) << r.err;
  // The fail back is not downtime: drill time again.
  EXPECT_TRUE(has(r.err, "] undo step ")) << r.err;
  EXPECT_FALSE(has(r.err, "RTO budget] undo step")) << r.err;
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

TEST(DrillCmd, RefusesTargetsThatAreNotTheFakeLoopbackOrAws) {
  auto dir = temp_dir("target");
  auto r = run_drh({"drill", "--drill", "switchover", "--outputs", "o.json", "--target",
                    "https://rds.us-east-1.amazonaws.com"},
                   {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "--target https://rds.us-east-1.amazonaws.com: give 'fake'")) << r.err;
  EXPECT_TRUE(has(r.err, "or 'aws' (a real account, behind the guard rails)")) << r.err;
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
  EXPECT_TRUE(has(r.out, "\"kind\":\"region-outage\",\"region\":\"us-east-1\"}"))
      << r.out;
  // The outage ends by itself should the drill and its journal both be lost.
  EXPECT_TRUE(has(r.out, "inject fault {\"duration_seconds\":")) << r.out;
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

// An environment for drh that no CI service's variable marks as a CI job.
std::map<std::string, std::string> outside_ci(const fs::path& home) {
  std::map<std::string, std::string> env = {{"DRH_HOME", home.string()}};
  for (const char* name : {"CI", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "BUILDKITE",
                           "CIRCLECI", "TF_BUILD"}) {
    env[name] = "";  // unset
  }
  return env;
}

// --target aws: every refusal comes before the first call, so none of these dials anything
// (the outputs file does not even exist).
TEST(DrillRealAccount, IsRefusedInCiWithoutAllowDisruptiveOrAnAllowList) {
  auto dir = temp_dir("aws-refused");
  {
    std::ofstream((dir / "allowed.json").string()) << R"({"allowed_accounts": ["210987654321"]})";
    std::ofstream((dir / "open.json").string()) << R"({"rto_seconds": 60})";
  }
  const std::string allowed = (dir / "allowed.json").string();
  const std::vector<std::string> drill = {"drill", "--drill", "switchover", "--target", "aws",
                                          "--outputs", (dir / "o.json").string()};
  auto with = [&](std::vector<std::string> extra) {
    auto args = drill;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  const auto no_ci = outside_ci(dir);
  auto in_ci = [&](const char* name) {
    auto env = no_ci;
    env[name] = "true";
    return env;
  };
  struct Case {
    const char* why;
    std::vector<std::string> extra;
    std::map<std::string, std::string> env;
    std::string message;
  } cases[] = {
      {"in CI, even a dry run", {"--allow-disruptive", "--policy", allowed, "--dry-run"},
       in_ci("CI"),
       "--target aws: this is a CI job (CI is set), and drills never run against real AWS in CI"},
      {"in a GitHub Actions job", {"--allow-disruptive", "--policy", allowed},
       in_ci("GITHUB_ACTIONS"),
       "--target aws: this is a CI job (GITHUB_ACTIONS is set)"},
      {"without --allow-disruptive", {"--policy", allowed}, no_ci,
       "drh drill breaks the account on purpose: give --allow-disruptive"},
      {"without a policy", {"--allow-disruptive"}, no_ci,
       "a drill in a real account needs a policy whose allowed_accounts names that account (no "
       "--policy given)"},
      {"with a policy that allows no account",
       {"--allow-disruptive", "--policy", (dir / "open.json").string()}, no_ci,
       "names that account (" + (dir / "open.json").string() + " lists none)"},
  };
  for (const auto& c : cases) {
    auto r = run_drh(with(c.extra), c.env);
    EXPECT_EQ(r.exit_code, 2) << c.why << "\n" << r.out << r.err;
    EXPECT_TRUE(has(r.err, c.message)) << c.why << "\n" << r.err;
  }
}

// The real-account path end to end, with AWS_ENDPOINT_URL pointing it at drh serve (on a
// clock 600x faster than the wall's, as the aws target waits in real time): the account is
// checked against the allow-list, AllowDataLoss needs the policy's consent, and the drill
// fails the Region through Route 53 (no fault API in a real account) and back.
TEST(DrillRealAccount, ARegionalFailoverThroughTheAwsPathNeedsThePolicyToAllowDataLoss) {
  auto dir = temp_dir("aws-path");
  const int port = free_loopback_port();
  ServerProcess serve;
  std::string error;
  ASSERT_TRUE(serve.start({drh_path(), "serve", "--port", std::to_string(port), "--time-scale",
                           "600", "--account", "210987654321"},
                          port, (dir / "serve.log").string(), std::chrono::seconds(20), error))
      << error;
  auto env = outside_ci(dir);
  env["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLEDRILL0001";
  env["AWS_SECRET_ACCESS_KEY"] = "drill-secret";
  env["AWS_REGION"] = "us-east-1";
  const std::string outputs = (dir / "o.json").string();
  const auto up_started = std::chrono::steady_clock::now();
  auto up = run_drh({"up", "--stack", "003", "--target", serve.url(), "--write-outputs", outputs,
                     "--quiet"},
                    env);
  ASSERT_EQ(up.exit_code, 0) << up.err;
  // drh up's waits (5 s for each VPC, 10 s for the peering, ... of the server's time) pass
  // at the server's pace, 600x the wall's: well under the 20 s they would take unscaled.
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - up_started).count(),
            15.0);
  env["AWS_ENDPOINT_URL"] = serve.url();
  {
    std::ofstream((dir / "other.json").string()) << R"({"allowed_accounts": ["111111111111"],
      "allow_data_loss": true})";
    std::ofstream((dir / "no-loss.json").string()) << R"({"allowed_accounts": ["210987654321"]})";
    std::ofstream((dir / "drill.json").string()) << R"({"allowed_accounts": ["210987654321"],
      "allow_data_loss": true, "rto_seconds": 300})";
  }
  auto drill = [&](const std::string& policy) {
    return run_drh({"drill", "--drill", "regional-failover", "--target", "aws", "--outputs",
                    outputs, "--allow-disruptive", "--policy", (dir / policy).string(), "--poll",
                    "0.1", "--canary-interval", "0.1", "--deadline", "60", "--journal",
                    (dir / "j.jsonl").string()},
                   env);
  };
  auto other = drill("other.json");
  EXPECT_EQ(other.exit_code, 2) << other.out << other.err;
  EXPECT_TRUE(has(other.err, "account 210987654321 at aws is not on the policy's "
                             "allowed_accounts (111111111111)"))
      << other.err;
  auto no_loss = drill("no-loss.json");
  EXPECT_EQ(no_loss.exit_code, 2) << no_loss.out << no_loss.err;
  EXPECT_TRUE(has(no_loss.err, "the policy must set \"allow_data_loss\": true")) << no_loss.err;
  EXPECT_FALSE(fs::exists(dir / "j.jsonl")) << "refused drills journal nothing";

  auto r = drill("drill.json");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.err, "account 210987654321 at aws (allowed by the policy)")) << r.err;
  EXPECT_TRUE(has(r.out, "drill regional-failover: passed")) << r.out;
  for (const char* phase : {"detected", "writer-promoted", "dns-secondary"}) {
    EXPECT_TRUE(has(r.out, std::string("  ") + phase)) << phase << "\n" << r.out;
  }
  // No fault API in a real account: the Region fails through its health check, and the
  // canaries in the global table give the RPO (nothing is lost: replication went on).
  EXPECT_FALSE(has(r.out + r.err, "region-outage")) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "0 canary write(s) lost")) << r.out;
  EXPECT_TRUE(has(r.out, "RPO 0.0 s, target 60 s: met")) << r.out;
  EXPECT_TRUE(has(r.out, "undo: undone")) << r.out;
  EXPECT_FALSE(has(r.out, "undo-failed")) << r.out;
}

}  // namespace
}  // namespace drh::testing
