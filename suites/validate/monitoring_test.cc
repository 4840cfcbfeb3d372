// monitoring checks: each passes on a good seed stack and fails, naming the alarm or topic
// and expected vs actual, on a world broken the way it exists to catch.
#include <gtest/gtest.h>

#include <functional>

#include "drh/fake/fault_injection.h"
#include "drh/validate/check.h"
#include "validate_world.h"

namespace drh::validate {
namespace {

using testing::describe;
using testing::expect_unavailable;
using testing::has;
using testing::outage;
using testing::run_without_stack;

aws::PutMetricAlarmRequest as_request(const aws::MetricAlarm& a) {
  return {.AlarmName = a.AlarmName,
          .AlarmDescription = a.AlarmDescription,
          .ActionsEnabled = a.ActionsEnabled,
          .OKActions = a.OKActions,
          .AlarmActions = a.AlarmActions,
          .InsufficientDataActions = a.InsufficientDataActions,
          .MetricName = a.MetricName,
          .Namespace = a.Namespace,
          .Statistic = a.Statistic,
          .ExtendedStatistic = a.ExtendedStatistic,
          .Dimensions = a.Dimensions,
          .Period = a.Period,
          .Unit = a.Unit,
          .EvaluationPeriods = a.EvaluationPeriods,
          .DatapointsToAlarm = a.DatapointsToAlarm,
          .Threshold = a.Threshold,
          .ComparisonOperator = a.ComparisonOperator,
          .TreatMissingData = a.TreatMissingData,
          .EvaluateLowSampleCountPercentile = a.EvaluateLowSampleCountPercentile,
          .Metrics = a.Metrics,
          .ThresholdMetricId = a.ThresholdMetricId,
          .Tags = {}};
}

/// Rewrites alarm `name` of `region` with `change` applied, in `to_region` (default: same).
void rewrite_alarm(testing::ValidateWorld& w, const std::string& region, const std::string& name,
                   const std::function<void(aws::PutMetricAlarmRequest&)>& change,
                   std::string to_region = {}) {
  auto got = w.cloudwatch.DescribeAlarmsAll(region, {.AlarmNames = {name}});
  ASSERT_TRUE(got.ok()) << got.error().describe();
  const auto* alarm = got->metric_alarm(name);
  ASSERT_NE(alarm, nullptr) << name;
  auto request = as_request(*alarm);
  change(request);
  if (to_region.empty()) to_region = region;
  auto put = w.cloudwatch.PutMetricAlarm(to_region, request);
  ASSERT_TRUE(put.ok()) << put.error().describe();
}

// ------------------------------------------------------------------ alarms-exist

TEST(AlarmsExist, PassOnEverySeedWithAlarms) {
  for (const char* seed : {"000", "001", "002", "003", "004"}) {
    testing::ValidateWorld w(seed);
    auto o = w.run("monitoring.alarms-exist");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << " " << describe(o);
    EXPECT_TRUE(o.resource.starts_with("arn:aws:cloudwatch:")) << describe(o);
  }
  // A real deploy: only the lag alarm the outputs name, searched in both regions.
  testing::ValidateWorld w("003");
  auto o = run_without_stack(w, "monitoring.alarms-exist");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
  EXPECT_TRUE(has(o, "1 expected alarms exist")) << describe(o);
}

TEST(AlarmsExist, FailWhenAnAlarmIsDeletedOrARequiredOneNeverMade) {
  testing::ValidateWorld w("003");
  const std::string alb = w.ref("alarm.alb_unhealthy_primary.name");
  ASSERT_TRUE(w.cloudwatch.DeleteAlarms("us-east-1", {.AlarmNames = {alb}}).ok());
  auto o = w.run("monitoring.alarms-exist");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_EQ(o.resource, alb);
  EXPECT_TRUE(has(
      o, "expected alarm " + alb + " (stack alarm alb_unhealthy_primary) in us-east-1, got none"))
      << describe(o);

  testing::ValidateWorld p("003");
  p.policy.required_alarms = {"orders-error-rate"};
  o = p.run("monitoring.alarms-exist");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o,
                  "expected alarm orders-error-rate (policy required_alarms) in any of us-east-1, "
                  "us-east-2, got none"))
      << describe(o);
}

TEST(AlarmsExist, SkippedWithoutAnyExpectedAlarmErrorInAnOutage) {
  testing::ValidateWorld w("003");
  w.deployment.replication_lag_alarm_name.clear();
  auto o = run_without_stack(w, "monitoring.alarms-exist");
  EXPECT_EQ(o.verdict, Verdict::kSkipped) << describe(o);
  EXPECT_TRUE(has(o, "ReplicationLagAlarmName")) << describe(o);

  testing::ValidateWorld down("003");
  outage(down, "us-east-1");
  expect_unavailable(down.run("monitoring.alarms-exist"));
}

// ------------------------------------------------------------------ alarm-config

TEST(AlarmConfig, PassesAsTheStackAndThePolicySay) {
  testing::ValidateWorld w("003");
  auto o = w.run("monitoring.alarm-config");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
  EXPECT_TRUE(has(o, "3 alarms configured as the stack says")) << describe(o);
  o = run_without_stack(w, "monitoring.alarm-config");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
  EXPECT_TRUE(has(o, "as the outputs and policy say")) << describe(o);
}

TEST(AlarmConfig, FailsOnAChangedThresholdDimensionOrMissingData) {
  testing::ValidateWorld w("003");
  const std::string lag = w.ref("alarm.replication_lag.name");
  const std::string primary = w.ref("cluster.primary.identifier");
  rewrite_alarm(w, "us-east-2", lag, [&](aws::PutMetricAlarmRequest& r) {
    r.Threshold = 5000;
    r.Dimensions = {{"DBClusterIdentifier", primary}};
    r.TreatMissingData = "breaching";
  });
  auto o = w.run("monitoring.alarm-config");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_EQ(o.resource, "arn:aws:cloudwatch:us-east-2:123456789012:alarm:" + lag);
  EXPECT_TRUE(has(o, "alarm " + lag + ": expected dimensions DBClusterIdentifier=" +
                         w.ref("cluster.secondary.identifier") +
                         ", got DBClusterIdentifier=" + primary))
      << describe(o);
  EXPECT_TRUE(has(o, "expected Threshold 1000, got 5000")) << describe(o);
  EXPECT_TRUE(has(o, "expected TreatMissingData notBreaching, got breaching")) << describe(o);

  // Without the stack the outputs and the policy still bound the lag alarm.
  o = run_without_stack(w, "monitoring.alarm-config");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "expected Threshold at most 1000 ms (built-in defaults), got 5000"))
      << describe(o);
}

TEST(AlarmConfig, FailsOnAnotherMetricOrStatistic) {
  testing::ValidateWorld w("001");
  const std::string ddb = w.ref("alarm.dynamodb_replication.name");
  rewrite_alarm(w, "us-east-1", ddb, [](aws::PutMetricAlarmRequest& r) {
    r.MetricName = "SuccessfulRequestLatency";
    r.Statistic = "Maximum";
    r.EvaluationPeriods = 5;
  });
  auto o = w.run("monitoring.alarm-config");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "expected MetricName ReplicationLatency, got SuccessfulRequestLatency"))
      << describe(o);
  EXPECT_TRUE(has(o, "expected Statistic Average, got Maximum")) << describe(o);
  EXPECT_TRUE(has(o, "expected EvaluationPeriods 2, got 5")) << describe(o);
}

TEST(AlarmConfig, SkippedWithoutStackOrLagAlarmErrorInAnOutage) {
  testing::ValidateWorld w("004");
  ASSERT_TRUE(w.deployment.replication_lag_alarm_name.empty());
  auto o = run_without_stack(w, "monitoring.alarm-config");
  EXPECT_EQ(o.verdict, Verdict::kSkipped) << describe(o);
  EXPECT_TRUE(has(o, "no stack description")) << describe(o);

  testing::ValidateWorld down("004");
  outage(down, "us-east-1");
  expect_unavailable(down.run("monitoring.alarm-config"));
}

// ------------------------------------------------------------------ alarm-actions

TEST(AlarmActions, PassWhenEveryTopicHasASubscriber) {
  testing::ValidateWorld w("003");
  auto o = w.run("monitoring.alarm-actions");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
  EXPECT_TRUE(has(o, "every action of 3 alarms is an SNS topic with subscribers")) << describe(o);
}

TEST(AlarmActions, FailWhenTheTopicIsGoneOrNobodyListens) {
  testing::ValidateWorld w("003");
  const std::string topic = w.ref("topic.alerts_secondary.arn");
  // An alarm pointed at a topic nobody subscribed to (one the stack does not declare).
  auto quiet = w.sns.CreateTopic("us-east-2", {.Name = "nobody-listens"});
  ASSERT_TRUE(quiet.ok()) << quiet.error().describe();
  const std::string lag = w.ref("alarm.replication_lag.name");
  rewrite_alarm(w, "us-east-2", lag,
                [&](aws::PutMetricAlarmRequest& r) { r.AlarmActions = {quiet->TopicArn}; });
  {
    auto o = w.run("monitoring.alarm-actions");
    EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
    EXPECT_EQ(o.resource, quiet->TopicArn);
    EXPECT_TRUE(has(o, "expected SNS topic " + quiet->TopicArn + " (an action of " + lag +
                           ") to have at least one subscription, got none"))
        << describe(o);
  }

  testing::ValidateWorld gone("003");
  ASSERT_TRUE(gone.sns.DeleteTopic("us-east-2", {.TopicArn = topic}).ok());
  auto o = gone.run("monitoring.alarm-actions");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_EQ(o.resource, topic);
  EXPECT_TRUE(
      has(o, "expected SNS topic " + topic + " (an action of " + lag + ") to exist, got NotFound"))
      << describe(o);
}

TEST(AlarmActions, FailWithoutAnyActionOrOnANonSnsAction) {
  testing::ValidateWorld w("003");
  const std::string lag = w.ref("alarm.replication_lag.name");
  rewrite_alarm(w, "us-east-2", lag, [](aws::PutMetricAlarmRequest& r) { r.AlarmActions.clear(); });
  auto o = w.run("monitoring.alarm-actions");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "expected alarm " + lag + " to have an ALARM action, got none"))
      << describe(o);
  EXPECT_EQ(o.resource, "arn:aws:cloudwatch:us-east-2:123456789012:alarm:" + lag);
}

TEST(AlarmActions, ErrorInAnOutage) {
  testing::ValidateWorld down("003");
  outage(down, "us-east-1");
  expect_unavailable(down.run("monitoring.alarm-actions"));
}

// ------------------------------------------------------------------ alarm-region

TEST(AlarmRegion, PassesWhereTheMetricsAreEmitted) {
  for (const char* seed : {"001", "002", "003", "004"}) {
    testing::ValidateWorld w(seed);
    auto o = w.run("monitoring.alarm-region");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << " " << describe(o);
  }
}

TEST(AlarmRegion, FailsForAnAlarmAwayFromItsMetric) {
  // Route 53 health-check metrics exist only in us-east-1.
  testing::ValidateWorld w("004");
  const std::string health = w.ref("alarm.health_primary.name");
  rewrite_alarm(
      w, "us-east-1", health,
      [](aws::PutMetricAlarmRequest& r) {
        r.AlarmName = "health-in-the-wrong-region";
        r.AlarmActions.clear();
      },
      "us-east-2");
  w.policy.required_alarms = {"health-in-the-wrong-region"};
  auto o = w.run("monitoring.alarm-region");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o,
                  "expected alarm health-in-the-wrong-region (AWS/Route53 HealthCheckStatus) in "
                  "us-east-1 where its metric is emitted, got us-east-2"))
      << describe(o);
  EXPECT_EQ(o.resource,
            "arn:aws:cloudwatch:us-east-2:123456789012:alarm:health-in-the-wrong-region");

  // DynamoDB ReplicationLatency is emitted in the sending region, not the receiving one.
  testing::ValidateWorld d("001");
  const std::string ddb = d.ref("alarm.dynamodb_replication.name");
  rewrite_alarm(
      d, "us-east-1", ddb,
      [](aws::PutMetricAlarmRequest& r) {
        r.AlarmName = "ddb-latency-from-the-receiver";
        r.AlarmActions.clear();
      },
      "us-east-2");
  d.policy.required_alarms = {"ddb-latency-from-the-receiver"};
  o = d.run("monitoring.alarm-region");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o,
                  "(AWS/DynamoDB ReplicationLatency) in us-east-1 where its metric is emitted, "
                  "got us-east-2"))
      << describe(o);
}

TEST(AlarmRegion, SkippedWhenNoRuleAppliesErrorInAnOutage) {
  testing::ValidateWorld w("003");
  w.stack.alarms.clear();
  w.deployment.replication_lag_alarm_name.clear();
  auto o = w.run("monitoring.alarm-region");
  EXPECT_EQ(o.verdict, Verdict::kSkipped) << describe(o);
  EXPECT_TRUE(has(o, "no alarm is expected")) << describe(o);

  testing::ValidateWorld alb("003");
  alb.stack.alarms.resize(2);
  alb.stack.alarms.erase(alb.stack.alarms.begin());  // only the ALB alarm: no rule knows ELB
  alb.deployment.replication_lag_alarm_name.clear();
  o = alb.run("monitoring.alarm-region");
  EXPECT_EQ(o.verdict, Verdict::kSkipped) << describe(o);
  ASSERT_FALSE(o.evidence.empty());
  EXPECT_NE(o.evidence.front().find("no rule for AWS/ApplicationELB UnHealthyHostCount"),
            std::string::npos)
      << describe(o);

  testing::ValidateWorld down("003");
  outage(down, "us-east-1");
  expect_unavailable(down.run("monitoring.alarm-region"));
}

}  // namespace
}  // namespace drh::validate

namespace drh::validate {
namespace {

TEST(AlarmRegion, ALagAlarmOnTheWriterFailsBecauseItNeverGetsData) {
  testing::ValidateWorld w("003");
  ASSERT_EQ(w.run("monitoring.alarm-region").verdict, Verdict::kPass);
  // The mistake the seed documents invite: the lag alarm on the primary, in its region.
  const std::string lag = w.ref("alarm.replication_lag.name");
  const std::string primary = w.ref("cluster.primary.identifier");
  rewrite_alarm(
      w, "us-east-2", lag,
      [&](aws::PutMetricAlarmRequest& r) { r.Dimensions = {{"DBClusterIdentifier", primary}}; },
      "us-east-1");
  ASSERT_TRUE(w.cloudwatch.DeleteAlarms("us-east-2", {.AlarmNames = {lag}}).ok());
  for (auto& a : w.stack.alarms) {
    if (a.id == "replication_lag") a.region = "primary";  // where this deploy put it
  }
  auto o = w.run("monitoring.alarm-region");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "on a secondary cluster, where the metric is emitted, got the primary "
                     "(writer) cluster " + primary))
      << describe(o);
}

}  // namespace
}  // namespace drh::validate
