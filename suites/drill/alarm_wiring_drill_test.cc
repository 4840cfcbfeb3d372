// The alarm-wiring drill on the seed stacks in the fake: every alarm of the deployment goes to
// ALARM, CloudWatch's Action history shows its topic notified and each confirmed subscription
// received the message; alarms go back to their state; a deleted topic or a topic nobody confirmed
// fails the drill naming the alarm and the topic.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "drh/aws/cloudwatch.h"
#include "drh/aws/sns.h"
#include "drh/drill/drill.h"
#include "drh/fake/sns.h"
#include "drill_test_support.h"
#include "drill_world.h"

namespace drh::drill {
namespace {

using namespace std::chrono_literals;
using testing::describe;
using testing::has;

struct Fixture {
  explicit Fixture(const std::string& stack = "003") : w(stack) {
    options.sns_received = fake_sns_received(w.cloud);
  }
  testing::DrillWorld w;
  std::atomic<bool> stop{false};
  BuiltinOptions options;

  /// Every topic of both regions.
  std::vector<std::pair<std::string, std::string>> topics() {
    aws::SnsClient sns(*w.connection);
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string region : {"us-east-1", "us-east-2", "us-west-2"}) {
      auto all = sns.ListTopicsAll(region);
      EXPECT_TRUE(all.ok()) << all.error().describe();
      if (all.ok()) {
        for (const auto& t : *all) out.emplace_back(region, t.TopicArn);
      }
    }
    return out;
  }
  /// The seed stacks subscribe e-mail addresses nobody confirms; an on-call queue subscribed to
  /// every topic is confirmed at once (SQS needs no confirmation).
  void subscribe_queues() {
    aws::SnsClient sns(*w.connection);
    for (const auto& [region, arn] : topics()) {
      auto s = sns.Subscribe(region, {.TopicArn = arn,
                                      .Protocol = "sqs",
                                      .Endpoint = "arn:aws:sqs:" + region + ":123456789012:oncall",
                                      .Attributes = {},
                                      .ReturnSubscriptionArn = true});
      ASSERT_TRUE(s.ok()) << s.error().describe();
    }
  }
  /// name -> state of every alarm in both regions.
  std::map<std::string, std::string> states() {
    aws::CloudWatchClient cw(*w.connection);
    std::map<std::string, std::string> out;
    for (const std::string region : {"us-east-1", "us-east-2", "us-west-2"}) {
      auto all = cw.DescribeAlarmsAll(region, {});
      EXPECT_TRUE(all.ok()) << all.error().describe();
      if (!all.ok()) continue;
      for (const auto& a : all->MetricAlarms) out[region + " " + a.AlarmName] = a.StateValue;
    }
    return out;
  }
  Result<Drill> build() { return alarm_wiring_drill(w.deployment, *w.connection, options); }
  DrillReport run(const DrillOptions& o = {}) {
    auto d = build();
    EXPECT_TRUE(d.ok()) << d.error().describe();
    if (!d.ok()) return {};
    return run_drill(*d, builtin_undos(), w.env, stop, o);
  }
};

/// The alarms each seed stack's drill drives: named by the outputs or acting on their topics.
const std::map<std::string, std::vector<std::string>> kAlarms = {
    {"000", {"aurora-primary-replication-lag-dev"}},
    {"003",
     {"trading-aurora-replication-lag-dev", "trading-alb-unhealthy-us-east-1-dev",
      "trading-db-connections-dev"}},
    {"004", {"dr-health-check-primary-dev", "dr-health-check-secondary-dev"}},
};

TEST(AlarmWiringDrill, PassesOnEverySeedStackWithAlarms) {
  for (const std::string stack : {"000", "001", "002", "003", "004"}) {
    SCOPED_TRACE("stack " + stack);
    Fixture f(stack);
    f.subscribe_queues();
    auto d = f.build();
    auto expected = kAlarms.find(stack);
    if (expected == kAlarms.end()) {
      ASSERT_FALSE(d.ok());
      EXPECT_EQ(d.error().kind, ErrorKind::kInvalidInput);
      EXPECT_TRUE(has(d.error().message, "needs ReplicationLagAlarmName or an SNS topic"))
          << d.error().message;
      continue;
    }
    ASSERT_TRUE(d.ok()) << d.error().describe();
    ASSERT_EQ(d->steps.size(), expected->second.size());
    for (std::size_t i = 0; i < d->steps.size(); ++i) {
      EXPECT_TRUE(has(d->steps[i].name, "alarm " + expected->second[i] + " ")) << d->steps[i].name;
      EXPECT_EQ(d->steps[i].kind, "alarm-state");
      EXPECT_FALSE(d->steps[i].touches.empty());
      EXPECT_TRUE(has(d->steps[i].plan.front(), "cloudwatch:SetAlarmState"));
    }
    // Alarms the outputs do not name are the deployment's through the topics they notify.
    EXPECT_EQ(out_of_scope(*d, f.w.deployment), std::vector<std::string>{});
    const auto before = f.states();
    const std::size_t delivered_before = fake::sns_deliveries(f.w.cloud).size();
    auto r = run_drill(*d, builtin_undos(), f.w.env, f.stop, {});
    ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
    const double n = static_cast<double>(expected->second.size());
    EXPECT_EQ(r.metrics.at("alarms_checked"), n) << describe(r);
    EXPECT_EQ(r.metrics.at("alarms_wired"), n) << describe(r);
    for (const auto& s : r.steps) {
      EXPECT_TRUE(has(s.message, "confirmed subscription(s) received the notification"))
          << s.message;
      EXPECT_TRUE(has(s.message, "pending on")) << s.message;  // the e-mail nobody confirmed
      EXPECT_EQ(s.undo, UndoState::kUndone) << describe(r);
    }
    // Each alarm notified its queue once in ALARM; and every alarm is back in its state.
    int alarm_messages = 0;
    auto all = fake::sns_deliveries(f.w.cloud);
    for (std::size_t i = delivered_before; i < all.size(); ++i) {
      if (all[i].protocol == "sqs" && has(all[i].message, "\"NewStateValue\":\"ALARM\"")) {
        ++alarm_messages;
      }
    }
    EXPECT_EQ(alarm_messages, static_cast<int>(n));
    EXPECT_EQ(f.states(), before);
    std::printf("alarm-wiring on %s: %g of %g alarms wired\n", stack.c_str(),
                r.metrics.at("alarms_wired"), r.metrics.at("alarms_checked"));
  }
}

TEST(AlarmWiringDrill, TheActionHistoryNamesEachTopic) {
  Fixture f("003");
  f.subscribe_queues();
  auto r = f.run();
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  aws::CloudWatchClient cw(*f.w.connection);
  auto h = cw.DescribeAlarmHistoryAll(
      "us-east-1", {.AlarmName = "trading-db-connections-dev", .HistoryItemType = "Action"});
  ASSERT_TRUE(h.ok()) << h.error().describe();
  ASSERT_FALSE(h->empty());
  EXPECT_EQ(h->back().HistorySummary,
            "Successfully executed action " + f.w.deployment.primary_sns_topic_arn);
  auto data = nlohmann::json::parse(h->back().HistoryData);
  EXPECT_EQ(data["actionState"], "Succeeded");
  EXPECT_EQ(data["notificationResource"], f.w.deployment.primary_sns_topic_arn);
}

TEST(AlarmWiringDrill, WithoutDeliveryRecordsItChecksTheHistoryOnly) {
  Fixture f("004");
  f.subscribe_queues();
  f.options.sns_received = nullptr;
  auto r = f.run();
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  EXPECT_TRUE(has(r.steps[0].message, "deliveries to subscribers not observable on this target"))
      << describe(r);
  EXPECT_EQ(r.metrics.at("alarms_wired"), 2);
}

TEST(AlarmWiringDrill, ATopicNobodyConfirmedFailsNamingAlarmAndTopic) {
  Fixture f("000");  // only the seed's e-mail subscription, never confirmed
  const auto before = f.states();
  auto r = f.run();
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << describe(r);
  EXPECT_EQ(r.steps[0].state, StepState::kVerifyFailed) << describe(r);
  EXPECT_TRUE(has(r.message, "alarm aurora-primary-replication-lag-dev (us-west-2) acts on topic " +
                                 f.w.deployment.secondary_sns_topic_arn +
                                 ", which has no confirmed subscription (1 pending confirmation)"))
      << describe(r);
  EXPECT_EQ(r.steps[0].undo, UndoState::kUndone);
  EXPECT_EQ(f.states(), before);
}

TEST(AlarmWiringDrill, AnActionToADeletedTopicFailsNamingIt) {
  Fixture f("003");
  f.subscribe_queues();
  aws::SnsClient sns(*f.w.connection);
  const std::string topic = f.w.deployment.primary_sns_topic_arn;
  ASSERT_TRUE(sns.DeleteTopic("us-east-1", {.TopicArn = topic}).ok());
  const auto before = f.states();
  auto r = f.run();
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << describe(r);
  // The named replication-lag alarm acts on the secondary topic and passes; the next one acts on
  // the deleted topic.
  EXPECT_EQ(r.steps[0].state, StepState::kPassed) << describe(r);
  EXPECT_EQ(r.steps[1].state, StepState::kVerifyFailed) << describe(r);
  EXPECT_TRUE(
      has(r.message, "alarm trading-alb-unhealthy-us-east-1-dev (us-east-1) acts on topic " +
                         topic + ", which does not exist"))
      << describe(r);
  EXPECT_EQ(f.states(), before);
  // CloudWatch itself recorded the failed action, as AWS does.
  aws::CloudWatchClient cw(*f.w.connection);
  auto h = cw.DescribeAlarmHistoryAll(
      "us-east-1",
      {.AlarmName = "trading-alb-unhealthy-us-east-1-dev", .HistoryItemType = "Action"});
  ASSERT_TRUE(h.ok());
  bool failed = false;
  for (const auto& item : *h) failed |= item.HistorySummary == "Failed to execute action " + topic;
  EXPECT_TRUE(failed);
}

TEST(AlarmWiringDrill, AnAlarmAlreadyInAlarmIsToggledAndLeftInAlarm) {
  Fixture f("003");
  f.subscribe_queues();
  aws::CloudWatchClient cw(*f.w.connection);
  ASSERT_TRUE(cw.SetAlarmState("us-east-1", {.AlarmName = "trading-db-connections-dev",
                                             .StateValue = "ALARM",
                                             .StateReason = "test: already firing"})
                  .ok());
  auto d = f.build();
  ASSERT_TRUE(d.ok()) << d.error().describe();
  EXPECT_TRUE(has(d->steps[2].plan[0], "StateValue=OK (it is in ALARM already"))
      << d->steps[2].plan[0];
  auto r = run_drill(*d, builtin_undos(), f.w.env, f.stop, {});
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << describe(r);
  EXPECT_EQ(f.states()["us-east-1 trading-db-connections-dev"], "ALARM");
}

TEST(AlarmWiringDrill, RefusesADeploymentWithoutAlarmsOrTopics) {
  Fixture f("003");
  auto d = f.w.deployment;
  d.replication_lag_alarm_name.clear();
  d.primary_sns_topic_arn.clear();
  d.secondary_sns_topic_arn.clear();
  d.roles.clear();
  auto drill = alarm_wiring_drill(d, *f.w.connection, f.options);
  ASSERT_FALSE(drill.ok());
  EXPECT_EQ(drill.error().kind, ErrorKind::kInvalidInput);
  d = f.w.deployment;
  d.replication_lag_alarm_name = "no-such-alarm";
  drill = alarm_wiring_drill(d, *f.w.connection, f.options);
  ASSERT_FALSE(drill.ok());
  EXPECT_TRUE(
      has(drill.error().message, "alarm no-such-alarm (ReplicationLagAlarmName) is in none of"))
      << drill.error().message;
}

TEST(AlarmWiringDrill, AnInterruptAtEveryStepPutsEveryAlarmBack) {
  for (std::size_t step = 1; step <= 3; ++step) {
    SCOPED_TRACE("interrupt at step " + std::to_string(step));
    Fixture f("003");
    f.subscribe_queues();
    const std::string before = f.w.cloud.save_state();
    const std::string arm = "step " + std::to_string(step) + " '";
    auto r = f.run({.journal_path = {}, .progress = [&](const std::string& line) {
                      if (line.rfind(arm, 0) == 0 && has(line, "started")) f.stop = true;
                    }});
    EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << describe(r);
    EXPECT_EQ(r.steps[step - 1].state, StepState::kInterrupted) << describe(r);
    // Alarm history (and its sequence), SNS's published messages and deliveries are append-only
    // logs (with their counters), and an alarm's state reason and timestamps say what set it last:
    // besides those and kClockDriven, the world is as it was.
    auto skip = testing::kClockDriven;
    for (const char* k :
         {"history", "seq", "published", "deliveries", "next_delivery", "state_reason",
          "state_reason_data", "state_updated_ns", "state_transitioned_ns"}) {
      skip.push_back(k);
    }
    const auto diff = testing::world_diff(before, f.w.cloud.save_state(), skip);
    EXPECT_EQ(diff, "") << describe(r);
  }
}

}  // namespace
}  // namespace drh::drill
