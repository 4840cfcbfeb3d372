// The regional-failover drill in the fake: the primary Region goes down, Aurora fails over
// with data loss, DNS and the application follow, and everything fails back; canaries in
// the global table measure what it lost; slow detection misses the RTO, replication that
// lags misses the RPO, a missing SECONDARY record fails the drill, and an interrupt at any
// step leaves the world as it was.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "drh/aws/cloudwatch.h"
#include "drh/aws/route53.h"
#include "drh/drill/drill.h"
#include "drh/drill/report.h"
#include "drh/fake/aurora.h"
#include "drh/fake/fault_injection.h"
#include "drill_test_support.h"
#include "drill_world.h"

namespace drh::drill {
namespace {

using namespace std::chrono_literals;

using testing::describe;

/// The index of the first step whose name starts with `prefix`.
std::size_t step_at(const Drill& d, const std::string& prefix) {
  for (std::size_t i = 0; i < d.steps.size(); ++i) {
    if (d.steps[i].name.starts_with(prefix)) return i;
  }
  ADD_FAILURE() << "no step named '" << prefix << "...'";
  return 0;
}

double phase(const DrillReport& r, const std::string& name) {
  for (const auto& p : r.phases) {
    if (p.name == name) return std::chrono::duration<double>(p.duration()).count();
  }
  ADD_FAILURE() << "no phase " << name << "\n" << describe(r);
  return -1;
}

/// What a drill must leave as it found it, read from the fake itself.
struct WorldSummary {
  std::string writer;
  std::vector<std::string> members;  ///< arn + synchronization
  std::size_t faults = 0;
  std::string dns;
  bool primary_inverted = false;
  bool operator==(const WorldSummary&) const = default;
};

std::ostream& operator<<(std::ostream& os, const WorldSummary& w) {
  os << "writer " << w.writer << ", faults " << w.faults << ", dns " << w.dns << ", inverted "
     << w.primary_inverted << ", members:";
  for (const auto& m : w.members) os << " " << m;
  return os;
}

/// Beyond what time changes by itself (testing::kClockDriven), what a failover and its fail
/// back write and no API takes back: RDS's event log and its counters, and the Aurora
/// model's replication bookkeeping ("aurora": positions, resync markers, the last failover
/// and when it started), whose outcome the WorldSummary checks instead (writer, every
/// member available and connected); Route 53 checkers' latest observation and streak.
const std::vector<std::string> kDrillLogs = [] {
  std::vector<std::string> skip = testing::kClockDriven;
  for (const char* k : {"events", "next_event", "aurora", "report", "streak", "last_ok"})
    skip.push_back(k);
  return skip;
}();

struct Fixture {
  testing::DrillWorld w;
  std::atomic<bool> stop{false};
  BuiltinOptions options;

  explicit Fixture(const std::string& stack = "003") : w(stack) {
    options.faults = w.faults.get();
    options.allow_data_loss = true;
    options.last_failover_loss = fake_failover_loss(w.cloud, w.deployment.global_cluster_id);
  }

  WorldSummary summary() {
    WorldSummary s;
    auto g = fake::aurora::global_database(w.cloud, w.deployment.global_cluster_id);
    EXPECT_TRUE(g.ok());
    if (g.ok()) {
      for (const auto& m : g->members) {
        if (m.writer) s.writer = m.cluster_arn;
        s.members.push_back(m.cluster_arn + " " + m.status + " " + m.synchronization);
      }
    }
    s.faults = fake::list_faults(w.cloud).size();
    if (!w.deployment.hosted_zone_id.empty()) {
      s.dns = w.dns_answer();
      s.primary_inverted = w.inverted(w.deployment.primary_health_check_id);
    }
    return s;
  }

  DrillReport run(DrillOptions run_options = {}) {
    auto d = regional_failover_drill(w.deployment, *w.connection, options);
    EXPECT_TRUE(d.ok()) << d.error().describe();
    if (!d.ok()) return {};
    return run_drill(*d, builtin_undos(), w.env, stop, run_options);
  }
};

TEST(RegionalFailoverDrill, FailsOverEveryPhaseMeasuredAndFailsBack) {
  Fixture f;
  ASSERT_TRUE(fake_write_load(f.w.cloud, f.w.deployment.global_cluster_id, 50).ok());
  f.w.clock.advance(1min);  // the application has been writing for a while
  const WorldSummary before = f.summary();
  ASSERT_EQ(f.w.writer_region(), "us-east-1");
  auto r = f.run();
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  // Seed 003's primary check probes every 10 s and needs 3 failures per checker.
  EXPECT_GE(phase(r, "detected"), 20.0) << describe(r);
  EXPECT_LE(phase(r, "detected"), 35.0) << describe(r);
  EXPECT_GE(phase(r, "writer-promoted"), 30.0) << describe(r);  // the fake's failover_delay
  EXPECT_GE(phase(r, "dns-secondary"), 0.0);
  EXPECT_GE(phase(r, "app-healthy"), 0.0);
  // 50 commits/s with ~250 ms of replication lag: the failover lost the unreplicated tail.
  EXPECT_GT(r.metrics.at("rpo_lost_commits"), 0.0) << describe(r);
  EXPECT_LT(r.metrics.at("rpo_lost_commits"), 50.0) << describe(r);
  EXPECT_GT(r.metrics.at("rpo_aurora_seconds"), 0.0) << describe(r);
  EXPECT_LT(r.metrics.at("rpo_aurora_seconds"), 1.5) << describe(r);
  // The table's canary written just before the failure did not make it: 5 s of writes (the
  // canaries' spacing), the worst figure, so the RPO.
  EXPECT_EQ(r.metrics.at("rpo_canary_lost_writes"), 1.0) << describe(r);
  EXPECT_EQ(r.metrics.at("rpo_seconds"), 5.0) << describe(r);
  const TargetVerdict v = judge(r, {.rto_seconds = 300, .rpo_seconds = 60});
  EXPECT_TRUE(v.passed()) << describe(r);
  EXPECT_NEAR(v.rto_seconds,
              phase(r, "detected") + phase(r, "writer-promoted") + phase(r, "dns-secondary") +
                  phase(r, "app-healthy"),
              1e-6);
  // Failed back: the writer home, the old primary resynced, no fault left, DNS on PRIMARY.
  ASSERT_TRUE(fake_write_load(f.w.cloud, f.w.deployment.global_cluster_id, 0).ok());
  EXPECT_EQ(f.summary(), before);
  std::printf("regional-failover 003: detected %.0f s, promoted %.0f s, dns %.0f s, app %.0f s; "
              "RTO %.0f s, lost %g commits (%.3f s), %g canaries (%.0f s)\n",
              phase(r, "detected"), phase(r, "writer-promoted"), phase(r, "dns-secondary"),
              phase(r, "app-healthy"), v.rto_seconds, r.metrics.at("rpo_lost_commits"),
              r.metrics.at("rpo_aurora_seconds"), r.metrics.at("rpo_canary_lost_writes"),
              r.metrics.at("rpo_canary_seconds"));
}

TEST(RegionalFailoverDrill, PassesOnEverySeedStackWithAGlobalDatabase) {
  int drilled = 0;
  for (const char* stack : {"000", "001", "002", "003", "004"}) {
    SCOPED_TRACE(stack);
    Fixture f(stack);
    if (f.w.deployment.global_cluster_id.empty()) continue;
    ++drilled;
    const WorldSummary before = f.summary();
    auto r = f.run();
    EXPECT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
    EXPECT_GT(phase(r, "writer-promoted"), 0.0) << describe(r);
    EXPECT_EQ(f.summary(), before) << describe(r);
  }
  EXPECT_EQ(drilled, 4) << "000, 002, 003 and 004 have a global database; 001 does not";
}

TEST(RegionalFailoverDrill, AHealthCheckTooSlowToDetectMissesTheRto) {
  Fixture f;
  // 30 s between probes and 10 failures per checker: Route 53 needs ~5 minutes.
  aws::Route53Client r53(*f.w.connection);
  ASSERT_TRUE(r53.UpdateHealthCheck({.HealthCheckId = f.w.deployment.primary_health_check_id,
                                     .FailureThreshold = 10})
                  .ok());
  f.w.clock.advance(2min);
  auto r = f.run();
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  EXPECT_GE(phase(r, "detected"), 60.0) << describe(r);
  const TargetVerdict v = judge(r, {.rto_seconds = 60, .rpo_seconds = 60});
  EXPECT_FALSE(v.rto_met) << describe(r);
  EXPECT_FALSE(v.passed());
  EXPECT_GT(v.rto_seconds, 60.0);
}

TEST(RegionalFailoverDrill, AMissingSecondaryRecordFailsTheDrillNamingIt) {
  Fixture f;
  aws::Route53Client r53(*f.w.connection);
  auto sets = r53.ListResourceRecordSetsAll({.HostedZoneId = f.w.deployment.hosted_zone_id});
  ASSERT_TRUE(sets.ok());
  aws::ChangeResourceRecordSetsRequest del;
  del.HostedZoneId = f.w.deployment.hosted_zone_id;
  for (const auto& rs : *sets) {
    if (rs.Failover == "SECONDARY") del.ChangeBatch.Changes.push_back({"DELETE", rs});
  }
  ASSERT_EQ(del.ChangeBatch.Changes.size(), 1u);
  ASSERT_TRUE(r53.ChangeResourceRecordSets(del).ok());
  const WorldSummary before = f.summary();
  auto r = f.run();
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << describe(r);
  EXPECT_EQ(r.steps[0].state, StepState::kVerifyFailed) << describe(r);
  EXPECT_NE(r.message.find("no SECONDARY record for " + f.w.ref("record.app_primary.name")),
            std::string::npos)
      << describe(r);
  EXPECT_FALSE(judge(r, {}).passed());
  EXPECT_EQ(f.summary(), before);
}

TEST(RegionalFailoverDrill, RefusesWithoutThePolicyAllowingDataLoss) {
  Fixture f;
  f.options.allow_data_loss = false;
  auto d = regional_failover_drill(f.w.deployment, *f.w.connection, f.options);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(d.error().message.find("\"allow_data_loss\": true"), std::string::npos);
}

TEST(RegionalFailoverDrill, WithoutFaultControlInvertsThePrimaryHealthCheck) {
  Fixture f;
  f.options.faults = nullptr;  // as on AWS: the Region cannot be taken down
  const WorldSummary before = f.summary();
  auto d = regional_failover_drill(f.w.deployment, *f.w.connection, f.options);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  EXPECT_EQ(d->steps[step_at(*d, "fail us-east-1 in Route 53")].kind,
            "route53-health-check-inverted");
  auto r = run_drill(*d, builtin_undos(), f.w.env, f.stop);
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  EXPECT_GE(phase(r, "detected"), 20.0) << describe(r);
  EXPECT_EQ(f.summary(), before);
}

TEST(RegionalFailoverDrill, AnInterruptAtEveryStepLeavesTheWorldAsItWas) {
  const std::size_t steps = [] {
    Fixture f;
    auto d = regional_failover_drill(f.w.deployment, *f.w.connection, f.options);
    return d.ok() ? d->steps.size() : 0;
  }();
  ASSERT_EQ(steps, 8u) << "steady state, canaries, outage, detected, promoted, canaries read, "
                          "DNS, application";
  for (std::size_t at = 0; at < steps; ++at) {
    SCOPED_TRACE("interrupted in step " + std::to_string(at + 1));
    Fixture f;
    const WorldSummary before = f.summary();
    const std::string world = f.w.cloud.save_state();
    std::size_t started = 0;
    DrillOptions o;
    o.progress = [&](const std::string& line) {
      if (line.find("' started") != std::string::npos && started++ == at) f.stop = true;
    };
    auto r = f.run(o);
    EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << describe(r);
    EXPECT_EQ(r.steps[at].state, StepState::kInterrupted) << describe(r);
    EXPECT_EQ(f.summary(), before) << describe(r);
    EXPECT_EQ(testing::world_diff(world, f.w.cloud.save_state(), kDrillLogs), "") << describe(r);
  }
}

TEST(RegionalFailoverDrill, CanariesInTheGlobalTableMeasureWhatItLost) {
  Fixture f;
  const std::string world = f.w.cloud.save_state();
  auto r = f.run();
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  // Six canaries, 5 s apart, the last written just before us-east-1 went down: that one
  // had not replicated (DynamoDB's lag is under a second, the interval 5 s).
  EXPECT_EQ(r.metrics.at("rpo_canary_lost_writes"), 1.0) << describe(r);
  EXPECT_EQ(r.metrics.at("rpo_canary_seconds"), 5.0) << describe(r);
  EXPECT_EQ(r.metrics.at("rpo_seconds"), 5.0) << "the worst of database and canaries";
  EXPECT_TRUE(testing::has(describe(r), "table trading-sessions-dev (us-east-2): 1 of 6 missing, "
                                        "the last there is canary 4"))
      << describe(r);
  // Every canary is gone from both regions again.
  EXPECT_EQ(testing::world_diff(world, f.w.cloud.save_state(), kDrillLogs), "") << describe(r);
}

TEST(RegionalFailoverDrill, ATableThatStoppedReplicatingMissesTheRpo) {
  Fixture f;
  // DynamoDB replication us-east-1 -> us-east-2 stalled before the drill began.
  auto pause = f.w.faults->inject(
      R"({"kind":"replication-pause","service":"dynamodb","region":"us-east-1",)"
      R"("peer_region":"us-east-2","duration_seconds":3600})");
  ASSERT_TRUE(pause.ok()) << pause.error().describe();
  auto r = f.run();
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  EXPECT_EQ(r.metrics.at("rpo_canary_lost_writes"), 6.0) << describe(r);
  EXPECT_EQ(r.metrics.at("rpo_canary_seconds"), 30.0) << describe(r);
  EXPECT_TRUE(testing::has(describe(r), "6 of 6 missing, none arrived")) << describe(r);
  const TargetVerdict v = judge(r, {.rto_seconds = 300, .rpo_seconds = 10});
  EXPECT_FALSE(v.rpo_met) << describe(r);
  EXPECT_FALSE(v.passed());
  EXPECT_TRUE(f.w.faults->remove(*pause).ok());
}

TEST(DrillScope, ADrillThatWouldTouchWhatTheOutputsDoNotNameIsCaught) {
  Fixture f;
  auto d = regional_failover_drill(f.w.deployment, *f.w.connection, f.options);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  EXPECT_EQ(out_of_scope(*d, f.w.deployment), std::vector<std::string>{});
  d->steps[1].touches.push_back("arn:aws:rds:us-east-1:123456789012:global-cluster:someone-else");
  EXPECT_EQ(out_of_scope(*d, f.w.deployment),
            std::vector<std::string>{"arn:aws:rds:us-east-1:123456789012:global-cluster:someone-else"});
}

TEST(DrillStopCondition, AStopAlarmGoingToAlarmAbortsAndRollsBack) {
  Fixture f;
  aws::CloudWatchClient cw(*f.w.connection);
  aws::PutMetricAlarmRequest alarm;
  alarm.AlarmName = "checkout-5xx";
  alarm.Namespace = "Shop";
  alarm.MetricName = "Checkout5xx";
  alarm.Statistic = "Sum";
  alarm.Period = 60;
  alarm.EvaluationPeriods = 1;
  alarm.Threshold = 10;
  alarm.ComparisonOperator = "GreaterThanThreshold";
  alarm.TreatMissingData = "notBreaching";
  ASSERT_TRUE(cw.PutMetricAlarm("us-east-2", alarm).ok());
  f.w.clock.advance(2min);
  const WorldSummary before = f.summary();
  auto stop = alarm_stop_condition(*f.w.connection, {{"us-east-2", "checkout-5xx"}});
  ASSERT_TRUE(stop.ok()) << stop.error().describe();
  DrillOptions o;
  o.stop_condition = *stop;
  // The failover starts hurting checkout: the alarm fires while the failover is waited for.
  o.progress = [&](const std::string& line) {
    if (line.find("step 5 ") != std::string::npos && line.find("' started") != std::string::npos) {
      ASSERT_TRUE(cw.SetAlarmState("us-east-2", {.AlarmName = "checkout-5xx",
                                                 .StateValue = "ALARM",
                                                 .StateReason = "5xx on checkout"})
                      .ok());
    }
  };
  auto r = f.run(o);
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << describe(r);
  EXPECT_EQ(r.steps[4].state, StepState::kInterrupted) << describe(r);
  EXPECT_NE(r.steps[4].message.find("stopped (stop alarm checkout-5xx in us-east-2 is in ALARM: "
                                    "5xx on checkout)"),
            std::string::npos)
      << describe(r);
  EXPECT_EQ(f.summary(), before) << describe(r);
}

TEST(DrillStopCondition, AMissingOrFiringStopAlarmKeepsTheDrillFromStarting) {
  Fixture f;
  auto missing = alarm_stop_condition(*f.w.connection, {{"us-east-2", "no-such-alarm"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "stop alarm no-such-alarm does not exist in us-east-2");
  EXPECT_FALSE(parse_stop_alarm("checkout-5xx").ok());
  auto parsed = parse_stop_alarm("us-east-1/team/checkout-5xx");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->region, "us-east-1");
  EXPECT_EQ(parsed->name, "team/checkout-5xx");
}

TEST(RegionalFailoverDrill, RecoverAfterTheProcessDiedMidFailoverFailsBack) {
  Fixture f;
  const WorldSummary before = f.summary();
  const auto journal = std::filesystem::temp_directory_path() /
                       ("drh-regional-crash-" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(journal);
  auto d = regional_failover_drill(f.w.deployment, *f.w.connection, f.options);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  // The process dies while waiting for DNS: the Region is out and the secondary writes;
  // nothing after that reaches the journal (an exception stands in for kill -9).
  struct Died {};
  d->steps[step_at(*d, "app.trading-dev.example.com.")].verify = []() -> Result<Probe> {
    throw Died{};
  };
  EXPECT_THROW(run_drill(*d, builtin_undos(), f.w.env, f.stop, {.journal_path = journal.string()}),
               Died);
  ASSERT_EQ(fake::list_faults(f.w.cloud).size(), 1u);
  ASSERT_EQ(f.w.writer_region(), "us-east-2");

  auto rec = recover(journal.string(), builtin_undos(), f.w.env);
  ASSERT_TRUE(rec.ok()) << rec.error().describe();
  EXPECT_TRUE(rec->ok()) << (rec->failures.empty() ? "" : rec->failures.front());
  EXPECT_EQ(rec->undone, 3);  // the failover (fail back), the outage and the canaries
  EXPECT_EQ(f.summary(), before);
  // A second recover has nothing left to do.
  auto again = recover(journal.string(), builtin_undos(), f.w.env);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->undone, 0);
  std::filesystem::remove(journal);
}

TEST(RegionalFailoverDrill, EveryPollThatIsNotThereYetIsReportedForTheLiveStatusLine) {
  Fixture f;
  std::vector<std::string> seen;
  DrillOptions o;
  o.waiting = [&](const std::string& step, Duration in_step, const std::string& what) {
    seen.push_back(step + " @" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                    in_step)
                                                    .count()) +
                   ": " + what);
  };
  auto r = f.run(o);
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  // First the canary writes: five polls, each writing the next canary.
  ASSERT_GE(seen.size(), 10u);
  EXPECT_NE(seen.front().find("write 6 canaries to table"), std::string::npos) << seen.front();
  EXPECT_NE(seen.front().find("@0: 1 of 6 canaries written"), std::string::npos) << seen.front();
  // Detection takes 30 s at 5 s polls: six looks before Route 53 turns the check unhealthy.
  const auto detecting = std::find_if(seen.begin(), seen.end(), [](const std::string& s) {
    return s.starts_with("Route 53 sees primary health check");
  });
  ASSERT_NE(detecting, seen.end());
  EXPECT_NE(detecting->find("@0: health check"), std::string::npos) << *detecting;
  EXPECT_EQ(std::count_if(detecting, seen.end(),
                          [](const std::string& s) { return s.starts_with("Route 53 sees"); }),
            6);
  EXPECT_NE(seen.back().find("fail " + f.w.deployment.global_cluster_id + " over"),
            std::string::npos)
      << seen.back();
  EXPECT_NE(seen.back().find("failing-over"), std::string::npos) << seen.back();
}

}  // namespace
}  // namespace drh::drill
