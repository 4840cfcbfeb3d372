// The replication drill on the seed stacks in the fake: canaries during a replication pause give
// the backlog, the RPO and the catch-up time; a pause longer than the RPO target is judged a miss;
// broken replication rolls back naming the table or bucket; an interrupt at any point leaves no
// fault and no canary behind.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "drh/aws/dynamodb.h"
#include "drh/aws/s3.h"
#include "drh/drill/drill.h"
#include "drh/drill/report.h"
#include "drh/fake/fault_injection.h"
#include "drh/fake/replication.h"
#include "drill_test_support.h"
#include "drill_world.h"

namespace drh::drill {
namespace {

using namespace std::chrono_literals;
using testing::describe;
using testing::has;

struct Fixture {
  explicit Fixture(const std::string& stack = "003") : w(stack) {
    faults = fake_faults(w.cloud);
    options.faults = faults.get();
    w.env.faults = faults.get();
  }
  testing::DrillWorld w;
  std::unique_ptr<FaultControl> faults;
  std::atomic<bool> stop{false};
  BuiltinOptions options;

  Result<Drill> build() { return replication_drill(w.deployment, *w.connection, options); }
  DrillReport run(const DrillOptions& o = {}) {
    auto d = build();
    EXPECT_TRUE(d.ok()) << d.error().describe();
    if (!d.ok()) return {};
    return run_drill(*d, builtin_undos(), w.env, stop, o);
  }
  /// Canary items left in a table copy (keys under drh-drill-canary/, S hash keys).
  int canary_objects(const std::string& bucket, const std::string& region) {
    aws::S3Client s3(*w.connection);
    auto v = s3.ListObjectVersionsAll(region, {.Bucket = bucket, .Prefix = "drh-drill-canary/"});
    EXPECT_TRUE(v.ok()) << v.error().describe();
    return v.ok() ? static_cast<int>(v->Versions.size() + v->DeleteMarkers.size()) : -1;
  }
};

const std::vector<std::string> kStacks = {"000", "001", "002", "003", "004"};
/// The seed stacks whose outputs name a DynamoDB global table and/or both replicated buckets.
const std::set<std::string> kWithReplication = {"001", "003", "004"};

TEST(ReplicationDrill, PassesOnEverySeedStackWithTablesOrBuckets) {
  for (const auto& stack : kStacks) {
    SCOPED_TRACE("stack " + stack);
    Fixture f(stack);
    auto d = f.build();
    if (!kWithReplication.count(stack)) {
      ASSERT_FALSE(d.ok());
      EXPECT_EQ(d.error().kind, ErrorKind::kInvalidInput);
      EXPECT_TRUE(has(d.error().message, "needs a DynamoDB global table")) << d.error().message;
      continue;
    }
    ASSERT_TRUE(d.ok()) << d.error().describe();
    const bool table = !f.w.deployment.primary_table_name.empty();
    const bool buckets = !f.w.deployment.primary_bucket_name.empty();
    const std::string before = f.w.cloud.save_state();
    auto r = run_drill(*d, builtin_undos(), f.w.env, f.stop, {});
    ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
    // 30 s paused, a canary every 5 s: 6 rounds, one write per table and per bucket.
    const int per_round = (table ? 1 : 0) + (buckets ? 1 : 0);
    EXPECT_EQ(r.metrics.at("pause_writes"), 6 * per_round) << describe(r);
    EXPECT_EQ(r.metrics.at("backlog_writes"), 6 * per_round) << describe(r);
    EXPECT_EQ(r.metrics.at("rpo_lost_writes"), 6 * per_round) << describe(r);
    EXPECT_EQ(r.metrics.at("canary_writes"), 7 * per_round) << describe(r);
    // The oldest canary of the pause was written as it began: 30 s old at its end.
    EXPECT_DOUBLE_EQ(r.metrics.at("rpo_seconds"), 30.0) << describe(r);
    EXPECT_GT(r.metrics.at("catch_up_seconds"), 0.0) << describe(r);
    EXPECT_LE(r.metrics.at("catch_up_seconds"), buckets ? 30.0 : 5.0) << describe(r);
    EXPECT_GT(r.metrics.at("replication_seconds"), 0.0) << describe(r);
    EXPECT_DOUBLE_EQ(r.metrics.at("catch-up_seconds"), r.metrics.at("catch_up_seconds"));
    ASSERT_EQ(r.phases.size(), 1u);
    EXPECT_EQ(r.phases[0].name, "catch-up");
    auto v = judge(r, Targets{});
    EXPECT_TRUE(v.rpo_met) << describe(r);
    ASSERT_TRUE(v.rpo_seconds.has_value());
    EXPECT_DOUBLE_EQ(*v.rpo_seconds, 30.0);
    // No fault left, no canary in either region, replication idle.
    EXPECT_TRUE(fake::list_faults(f.w.cloud).empty());
    if (table) {
      EXPECT_EQ(fake::dynamodb_pending_replication(f.w.cloud, f.w.deployment.primary_table_name,
                                                   "us-east-1", "us-east-2"),
                0u);
    }
    if (buckets) {
      EXPECT_EQ(f.canary_objects(f.w.deployment.primary_bucket_name, "us-east-1"), 0);
      EXPECT_EQ(f.canary_objects(f.w.deployment.secondary_bucket_name, "us-east-2"), 0);
    }
    std::printf(
        "replication on %s: replicated in %.1f s, backlog %g writes, "
        "RPO %.1f s, "
        "catch-up %.1f s, restore %.1f s\n",
        stack.c_str(), r.metrics.at("replication_seconds"), r.metrics.at("backlog_writes"),
        r.metrics.at("rpo_seconds"), r.metrics.at("catch_up_seconds"),
        r.metrics.at("restore_seconds"));
    EXPECT_TRUE(testing::world_diff(before, f.w.cloud.save_state(), testing::kClockDriven).empty());
  }
}

TEST(ReplicationDrill, CanariesUseTheTablesKeySchema) {
  Fixture f("004");
  std::vector<std::string> lines;
  f.options.pause = 10s;
  auto d = f.build();
  ASSERT_TRUE(d.ok()) << d.error().describe();
  // The table's hash key (transaction_id, S) carries the canary key.
  const auto& plan = d->steps[0].plan;
  ASSERT_FALSE(plan.empty());
  EXPECT_TRUE(
      has(plan[0], "dynamodb:PutItem us-east-1 TableName=" + f.w.deployment.primary_table_name +
                       " transaction_id=drh-drill-canary/"))
      << plan[0];
  EXPECT_TRUE(has(plan[1], "s3:PutObject us-east-1 Bucket=" + f.w.deployment.primary_bucket_name))
      << plan[1];
  EXPECT_EQ(d->steps[1].kind, "replication-fault");
  EXPECT_EQ(d->steps[0].kind, "replication-canaries");
  // After the pause's action, the canary items are readable by that key in the primary.
  auto r = run_drill(
      *d, builtin_undos(), f.w.env, f.stop,
      {.journal_path = {}, .progress = [&](const std::string& l) { lines.push_back(l); }});
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  EXPECT_EQ(r.metrics.at("backlog_writes"), 4) << describe(r);  // 2 rounds x (item + object)
}

TEST(ReplicationDrill, APauseLongerThanTheRpoTargetMissesIt) {
  Fixture f("003");
  f.options.pause = 2min;
  auto r = f.run();
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  EXPECT_EQ(r.metrics.at("backlog_writes"), 24) << describe(r);
  EXPECT_DOUBLE_EQ(r.metrics.at("rpo_seconds"), 120.0) << describe(r);
  auto v = judge(r, Targets{.rto_seconds = 300, .rpo_seconds = 60});
  EXPECT_FALSE(v.rpo_met);
  EXPECT_FALSE(v.passed());
  ASSERT_TRUE(v.rpo_seconds.has_value());
  EXPECT_DOUBLE_EQ(*v.rpo_seconds, 120.0);
  const std::string md = report_markdown(r, Targets{.rto_seconds = 300, .rpo_seconds = 60});
  EXPECT_TRUE(has(md, "120")) << md;
}

TEST(ReplicationDrill, WithoutFaultControlItMeasuresSteadyState) {
  Fixture f("003");
  f.options.faults = nullptr;
  f.w.env.faults = nullptr;
  auto d = f.build();
  ASSERT_TRUE(d.ok()) << d.error().describe();
  EXPECT_TRUE(has(d->steps[1].name, "steady state, no fault control")) << d->steps[1].name;
  EXPECT_EQ(d->steps[1].kind, "");
  auto r = run_drill(*d, builtin_undos(), f.w.env, f.stop, {});
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  EXPECT_TRUE(has(r.steps[1].message, "replication was not paused")) << describe(r);
  EXPECT_EQ(r.metrics.at("pause_writes"), 6) << describe(r);
  // DynamoDB replicates in ~0.5 s: at most the canary just written is still on its way.
  EXPECT_LE(r.metrics.at("backlog_writes"), 1) << describe(r);
  EXPECT_LT(r.metrics.at("rpo_seconds"), 5.0) << describe(r);
  EXPECT_TRUE(judge(r, Targets{}).rpo_met);
}

TEST(ReplicationDrill, ARemovedSecondaryReplicaRollsBackNamingTheTable) {
  Fixture f("003");
  const std::string table = f.w.deployment.primary_table_name;
  aws::DynamoDbClient ddb(*f.w.connection);
  aws::UpdateTableRequest req;
  req.TableName = table;
  req.ReplicaUpdates.push_back(aws::ReplicationGroupUpdate::remove_replica("us-east-2"));
  ASSERT_TRUE(ddb.UpdateTable("us-east-1", req).ok());
  f.w.clock.advance(10min);
  const std::string before = f.w.cloud.save_state();
  auto r = f.run();
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << describe(r);
  EXPECT_EQ(r.steps[0].state, StepState::kVerifyFailed) << describe(r);
  EXPECT_TRUE(has(r.message, "table " + table + " in us-east-2")) << describe(r);
  EXPECT_EQ(r.steps[0].undo, UndoState::kUndone) << describe(r);
  EXPECT_EQ(r.steps[1].state, StepState::kNotRun) << describe(r);
  // The canary written to the primary is gone again.
  EXPECT_TRUE(testing::world_diff(before, f.w.cloud.save_state(), testing::kClockDriven).empty());
}

TEST(ReplicationDrill, APermanentPartitionRollsBackNamingTheBucket) {
  Fixture f("004");
  f.options.deadline = 5min;
  // A partition the drill's fault removal does not end: replication stays broken.
  ASSERT_TRUE(fake::inject(f.w.cloud,
                           {.kind = "partition", .region = "us-east-1", .peer_region = "us-east-2"})
                  .ok());
  auto r = f.run();
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << describe(r);
  EXPECT_EQ(r.steps[0].state, StepState::kTimedOut) << describe(r);
  EXPECT_TRUE(has(r.message, "not verified within 300 s")) << describe(r);
  EXPECT_TRUE(has(r.message, "table " + f.w.deployment.primary_table_name + " (us-east-2)"))
      << describe(r);
  EXPECT_TRUE(has(r.message, "bucket " + f.w.deployment.secondary_bucket_name + " (us-east-2)"))
      << describe(r);
  EXPECT_EQ(r.steps[0].undo, UndoState::kUndone) << describe(r);
  EXPECT_EQ(f.canary_objects(f.w.deployment.primary_bucket_name, "us-east-1"), 0);
  EXPECT_EQ(f.canary_objects(f.w.deployment.secondary_bucket_name, "us-east-2"), 0);
}

TEST(ReplicationDrill, RefusesADeploymentWithoutTableOrBuckets) {
  Fixture f("003");
  auto d = f.w.deployment;
  d.primary_table_name.clear();
  d.primary_bucket_name.clear();
  d.primary_bucket_arn.clear();
  auto drill = replication_drill(d, *f.w.connection, f.options);
  ASSERT_FALSE(drill.ok());
  EXPECT_EQ(drill.error().kind, ErrorKind::kInvalidInput);
  EXPECT_TRUE(has(drill.error().message, "TableName")) << drill.error().message;
  EXPECT_TRUE(has(drill.error().message, "PrimaryBucketName")) << drill.error().message;
}

/// Where an interrupt lands: the progress line that arms it and how long after that.
struct InterruptPoint {
  std::string when;  ///< progress line prefix, e.g. "step 2 '"
  Duration after;
};

TEST(ReplicationDrill, AnInterruptAnywhereLeavesTheWorldAsItWas) {
  const std::vector<InterruptPoint> points = {
      {"step 1 '", 0s},  {"step 1 '", 500ms}, {"step 2 '", 0s},
      {"step 2 '", 12s}, {"step 3 '", 0s},    {"step 3 '", 1s},
  };
  for (const auto& point : points) {
    SCOPED_TRACE(point.when + " + " +
                 std::to_string(std::chrono::duration<double>(point.after).count()) + " s");
    Fixture f("004");
    // Let replication settle so that the world before is quiet.
    f.w.clock.advance(1min);
    const std::string before = f.w.cloud.save_state();
    std::optional<VirtualClock::TaskId> task;
    auto r = f.run({.journal_path = {}, .progress = [&](const std::string& line) {
                      if (task || line.rfind(point.when, 0) != 0 || !has(line, "started")) return;
                      if (point.after == Duration::zero()) {
                        f.stop = true;
                        task = VirtualClock::TaskId{};
                      } else {
                        task = f.w.clock.schedule_after(point.after, [&] { f.stop = true; });
                      }
                    }});
    EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << describe(r);
    EXPECT_TRUE(has(r.message, "interrupted")) << describe(r);
    f.w.clock.advance(1min);
    const auto diff = testing::world_diff(before, f.w.cloud.save_state(), testing::kClockDriven);
    EXPECT_EQ(diff, "") << describe(r);
  }
}

}  // namespace
}  // namespace drh::drill
