// The built-in drills on seed stack 003 in the fake: they pass on a good world with every
// phase measured and the world put back, and roll back with a clear message on a broken one.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "drh/aws/route53.h"
#include "drh/drill/drill.h"
#include "drh/fake/aurora.h"
#include "drh/fake/fault_injection.h"
#include "drill_world.h"

namespace drh::drill {
namespace {

using namespace std::chrono_literals;

std::string describe(const DrillReport& r) {
  std::string s = std::string(to_string(r.outcome)) + ": " + r.message;
  for (const auto& st : r.steps) {
    s += "\n  " + st.name + ": " + to_string(st.state) + " (" + st.message + "), undo " +
         to_string(st.undo) + " " + st.undo_message;
  }
  for (const auto& [k, v] : r.metrics) s += "\n  " + k + " = " + std::to_string(v);
  return s;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

double phase_seconds(const DrillReport& r, const std::string& name) {
  for (const auto& p : r.phases) {
    if (p.name == name) return std::chrono::duration<double>(p.duration()).count();
  }
  ADD_FAILURE() << "no phase " << name << "\n" << describe(r);
  return -1;
}

std::string temp_journal(const std::string& tag) {
  auto path = std::filesystem::temp_directory_path() /
              ("drh-drill-" + std::to_string(::getpid()) + "-" + tag + ".jsonl");
  std::filesystem::remove(path);
  return path.string();
}

struct Fixture {
  testing::DrillWorld w{"003"};
  std::atomic<bool> stop{false};
  BuiltinOptions options;
  std::string primary_arn, primary_value, secondary_value;

  Fixture() {
    options.last_failover_loss = fake_failover_loss(w.cloud, w.deployment.global_cluster_id);
    primary_arn = w.writer_arn();
    primary_value = w.ref("endpoint.primary_alb.host");
    secondary_value = w.ref("endpoint.secondary_alb.host");
  }

  DrillReport run(std::string_view name, const std::string& journal = {}) {
    auto d = builtin_drill(name, w.deployment, *w.connection, options);
    EXPECT_TRUE(d.ok()) << d.error().describe();
    if (!d.ok()) return {};
    return run_drill(*d, builtin_undos(), w.env, stop, {.journal_path = journal, .progress = {}});
  }
};

// ------------------------------------------------------------------ switchover

TEST(SwitchoverDrill, PassesWithRpoZeroAndSwitchesBack) {
  Fixture f;
  ASSERT_EQ(f.w.writer_region(), "us-east-1");
  // Writes keep flowing on the primary throughout, as an application's would.
  ASSERT_TRUE(
      fake::aurora::set_write_rate(f.w.cloud, "us-east-1", f.w.deployment.primary_cluster_id, 50)
          .ok());
  auto r = f.run("switchover");
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  const double promoted = phase_seconds(r, "writer-promoted");
  EXPECT_GE(promoted, 60.0) << describe(r);  // the fake's switchover_delay
  EXPECT_LE(promoted, 120.0) << describe(r);
  EXPECT_DOUBLE_EQ(r.metrics.at("rpo_lost_commits"), 0.0);
  EXPECT_GE(r.metrics.at("restore_seconds"), 60.0) << describe(r);
  EXPECT_EQ(r.steps[1].undo, UndoState::kUndone) << describe(r);
  // The world is back: the writer in the primary region, nothing switching.
  EXPECT_EQ(f.w.writer_arn(), f.primary_arn);
  auto g = fake::aurora::global_database(f.w.cloud, f.w.deployment.global_cluster_id);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->failover_status, "");
  EXPECT_EQ(g->last_failover->to_arn, f.primary_arn);
  EXPECT_EQ(g->last_failover->lost_commits, 0u);
  std::printf("switchover: writer-promoted %.1f s, restore %.1f s, RPO %g commits\n", promoted,
              r.metrics.at("restore_seconds"), r.metrics.at("rpo_lost_commits"));
}

TEST(SwitchoverDrill, RollsBackWhenTheSwitchoverIsRefused) {
  Fixture f;
  ASSERT_TRUE(fake::inject(f.w.cloud, {.kind = "api-error",
                                       .service = "rds",
                                       .operation = "SwitchoverGlobalCluster",
                                       .status = 400,
                                       .code = "InvalidGlobalClusterStateFault",
                                       .message = "global cluster is not available"})
                  .ok());
  auto r = f.run("switchover");
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << describe(r);
  EXPECT_EQ(r.steps[1].state, StepState::kActionFailed) << describe(r);
  EXPECT_TRUE(has(r.message, "action-failed")) << describe(r);
  EXPECT_TRUE(has(r.message, "InvalidGlobalClusterStateFault")) << describe(r);
  EXPECT_EQ(f.w.writer_arn(), f.primary_arn);
}

TEST(SwitchoverDrill, ReplicationThatCannotCatchUpTimesOutAndRollsBack) {
  Fixture f;
  f.options.deadline = 5min;
  ASSERT_TRUE(
      fake::aurora::set_write_rate(f.w.cloud, "us-east-1", f.w.deployment.primary_cluster_id, 50)
          .ok());
  // Aurora replication to us-east-2 stops for 8 minutes: the secondary cannot catch up, so
  // the switchover cannot complete within the drill's 5 minutes.
  ASSERT_TRUE(fake::inject(f.w.cloud, {.kind = "replication-pause",
                                       .region = "us-east-1",
                                       .peer_region = "us-east-2",
                                       .service = "rds",
                                       .duration = 8min})
                  .ok());
  f.w.clock.advance(10s);  // 10 s of commits the secondary has not got
  auto r = f.run("switchover");
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << describe(r);
  EXPECT_EQ(r.steps[1].state, StepState::kTimedOut) << describe(r);
  EXPECT_TRUE(has(r.message, "step 2 'switch " + f.w.deployment.global_cluster_id +
                                 " over to arn:aws:rds:us-east-2:") &&
              has(r.message, "' timed-out: not verified within 300 s: "))
      << describe(r);
  EXPECT_TRUE(has(r.message, "switching-over")) << describe(r);
  EXPECT_TRUE(has(r.message, "rolled back, 1 of 1 step(s) undone")) << describe(r);
  // Rolled back once replication resumed: the writer is home and nothing is switching.
  EXPECT_EQ(f.w.writer_arn(), f.primary_arn) << describe(r);
  auto g = fake::aurora::global_database(f.w.cloud, f.w.deployment.global_cluster_id);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->failover_status, "");
  std::printf("replication paused: %s\n", r.message.c_str());
}

TEST(SwitchoverDrill, APrimaryRegionOutageStopsItBeforeAnythingChanges) {
  Fixture f;
  auto d = builtin_drill("switchover", f.w.deployment, *f.w.connection, f.options);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  ASSERT_TRUE(fake::inject(f.w.cloud, {.kind = "region-outage", .region = "us-east-1"}).ok());
  auto r = run_drill(*d, builtin_undos(), f.w.env, f.stop, {});
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << describe(r);
  EXPECT_EQ(r.steps[0].state, StepState::kVerifyFailed) << describe(r);
  EXPECT_EQ(r.steps[1].state, StepState::kNotRun) << describe(r);
  EXPECT_TRUE(has(r.message, "step 1 'global cluster ")) << describe(r);
  EXPECT_TRUE(has(r.message, "ServiceUnavailable")) << describe(r);
  EXPECT_TRUE(has(r.message, "us-east-1 is down")) << describe(r);
  EXPECT_TRUE(has(r.message, "rolled back, 0 of 0 step(s) undone")) << describe(r);
  EXPECT_EQ(f.w.writer_arn(), f.primary_arn);
}

TEST(SwitchoverDrill, RefusesADeploymentWithoutAGlobalCluster) {
  Fixture f;
  auto d = f.w.deployment;
  d.global_cluster_id.clear();
  auto drill = switchover_drill(d, *f.w.connection, f.options);
  ASSERT_FALSE(drill.ok());
  EXPECT_EQ(drill.error().kind, ErrorKind::kInvalidInput);
  EXPECT_TRUE(has(drill.error().message, "needs GlobalClusterId")) << drill.error().message;
}

// ------------------------------------------------------------------ dns-failover

TEST(DnsFailoverDrill, PassesWithDetectionAndDnsTimedAndRestoresPrimary) {
  Fixture f;
  const std::string hc = f.w.deployment.primary_health_check_id;
  ASSERT_EQ(f.w.dns_answer(), "NOERROR " + f.primary_value);
  auto r = f.run("dns-failover");
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  const double detected = phase_seconds(r, "detected");
  const double dns = phase_seconds(r, "dns-secondary");
  // The phases follow each other from the moment the check was inverted. The fake applies
  // Inverted to the checkers' current verdicts at once (docs/fake-model.md, "Status
  // rules"), so both are 0 s there; against Route 53 they measure the checkers' delay.
  ASSERT_EQ(r.phases.size(), 2u);
  EXPECT_EQ(r.phases[0].start, r.steps[1].action_done);
  EXPECT_EQ(r.phases[1].start, r.phases[0].end);
  EXPECT_GE(detected, 0.0) << describe(r);
  EXPECT_LE(detected, 40.0) << describe(r);
  EXPECT_GE(dns, 0.0) << describe(r);
  EXPECT_TRUE(has(r.steps[1].message, "0 of 8 reporting checkers healthy after 3 consecutive observations (RequestInterval 10 s): unhealthy")) << describe(r);
  EXPECT_TRUE(has(r.steps[2].message, f.secondary_value)) << describe(r);
  EXPECT_GE(r.metrics.at("restore_seconds"), 0.0) << describe(r);
  // Restored: the check is not inverted and DNS answers PRIMARY again.
  EXPECT_FALSE(f.w.inverted(hc));
  EXPECT_EQ(f.w.dns_answer(), "NOERROR " + f.primary_value);
  std::printf("dns-failover: detected %.1f s, dns-secondary %.1f s, restore %.1f s\n", detected,
              dns, r.metrics.at("restore_seconds"));
}

TEST(DnsFailoverDrill, RollsBackWhenTheSecondaryIsUnhealthyToo) {
  Fixture f;
  f.options.deadline = 3min;
  const std::string secondary_hc = f.w.deployment.secondary_health_check_id;
  aws::Route53Client r53(*f.w.connection);
  ASSERT_TRUE(r53.UpdateHealthCheck({.HealthCheckId = secondary_hc, .Inverted = true}).ok());
  f.w.clock.advance(2min);
  ASSERT_EQ(f.w.dns_answer(), "NOERROR " + f.primary_value);  // both down: PRIMARY answers

  auto r = f.run("dns-failover");
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << describe(r);
  EXPECT_EQ(r.steps[2].state, StepState::kTimedOut) << describe(r);
  EXPECT_TRUE(has(r.message, "step 3 '")) << describe(r);
  EXPECT_TRUE(has(r.message, "expected the SECONDARY value " + f.secondary_value +
                                 ", got NOERROR " + f.primary_value))
      << describe(r);
  EXPECT_TRUE(has(r.message, "SECONDARY health check " + secondary_hc)) << describe(r);
  EXPECT_TRUE(has(r.message, "so Route 53 keeps answering PRIMARY")) << describe(r);
  EXPECT_TRUE(has(r.message, "rolled back, 1 of 1 step(s) undone")) << describe(r);
  EXPECT_FALSE(f.w.inverted(f.w.deployment.primary_health_check_id));
  EXPECT_EQ(f.w.dns_answer(), "NOERROR " + f.primary_value);
}

TEST(DnsFailoverDrill, RefusesToStartWhenDnsDoesNotAnswerPrimary) {
  Fixture f;
  aws::Route53Client r53(*f.w.connection);
  ASSERT_TRUE(r53.UpdateHealthCheck(
                     {.HealthCheckId = f.w.deployment.primary_health_check_id, .Inverted = true})
                  .ok());
  // The primary is already failed over when the drill starts: nothing is changed.
  f.w.clock.advance(2min);
  auto r = f.run("dns-failover");
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << describe(r);
  EXPECT_EQ(r.steps[0].state, StepState::kTimedOut) << describe(r);
  EXPECT_TRUE(has(r.message, "expected " + f.primary_value + " before the drill, got NOERROR " +
                                 f.secondary_value))
      << describe(r);
  EXPECT_EQ(r.steps[1].state, StepState::kNotRun);
  EXPECT_TRUE(f.w.inverted(f.w.deployment.primary_health_check_id));  // left as it was
}

TEST(DnsFailoverDrill, AnInterruptWhileWaitingForDnsRestoresPrimary) {
  Fixture f;
  auto d = builtin_drill("dns-failover", f.w.deployment, *f.w.connection, f.options);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  auto report = run_drill(*d, builtin_undos(), f.w.env, f.stop,
                          {.journal_path = {}, .progress = [&](const std::string& line) {
                             if (has(line, "step 2 ") && has(line, "started")) f.stop = true;
                           }});
  EXPECT_EQ(report.outcome, DrillOutcome::kRolledBack) << describe(report);
  EXPECT_EQ(report.steps[1].state, StepState::kInterrupted) << describe(report);
  EXPECT_EQ(report.steps[1].undo, UndoState::kUndone) << describe(report);
  EXPECT_FALSE(f.w.inverted(f.w.deployment.primary_health_check_id));
  EXPECT_EQ(f.w.dns_answer(), "NOERROR " + f.primary_value);
}

// ------------------------------------------------------------------ recovery

TEST(DrillRecoverBuiltin, RestoresDnsAfterADrillDiedWithThePrimaryInverted) {
  Fixture f;
  const std::string journal = temp_journal("dns-crash");
  auto d = builtin_drill("dns-failover", f.w.deployment, *f.w.connection, f.options);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  d->restore = false;  // as if the process had died before putting the world back
  auto r =
      run_drill(*d, builtin_undos(), f.w.env, f.stop, {.journal_path = journal, .progress = {}});
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  ASSERT_TRUE(f.w.inverted(f.w.deployment.primary_health_check_id));
  ASSERT_EQ(f.w.dns_answer(), "NOERROR " + f.secondary_value);

  auto rec = recover(journal, *f.w.connection);
  ASSERT_TRUE(rec.ok()) << rec.error().describe();
  EXPECT_TRUE(rec->ok());
  EXPECT_EQ(rec->undone, 1);
  EXPECT_FALSE(f.w.inverted(f.w.deployment.primary_health_check_id));
  EXPECT_EQ(f.w.dns_answer(), "NOERROR " + f.primary_value);
  std::filesystem::remove(journal);
}

TEST(DrillRecoverBuiltin, SwitchesTheWriterBackAfterADrillDiedMidSwitchover) {
  Fixture f;
  const std::string journal = temp_journal("switchover-crash");
  auto d = builtin_drill("switchover", f.w.deployment, *f.w.connection, f.options);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  // The process dies right after the switchover call: nothing after the step's start line
  // reaches the journal, and nothing is undone (an exception stands in for the kill).
  struct Died {};
  d->steps[1].verify = []() -> Result<Probe> { throw Died{}; };
  EXPECT_THROW(
      run_drill(*d, builtin_undos(), f.w.env, f.stop, {.journal_path = journal, .progress = {}}),
      Died);
  auto g = fake::aurora::global_database(f.w.cloud, f.w.deployment.global_cluster_id);
  ASSERT_TRUE(g.ok());
  ASSERT_EQ(g->failover_status, "switching-over");  // the world as the crash left it

  auto rec = recover(journal, *f.w.connection);
  ASSERT_TRUE(rec.ok()) << rec.error().describe();
  EXPECT_TRUE(rec->ok()) << (rec->failures.empty() ? "" : rec->failures.front());
  EXPECT_EQ(rec->undone, 1);
  EXPECT_EQ(f.w.writer_arn(), f.primary_arn);
  g = fake::aurora::global_database(f.w.cloud, f.w.deployment.global_cluster_id);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->failover_status, "");
  std::filesystem::remove(journal);
}

}  // namespace
}  // namespace drh::drill
