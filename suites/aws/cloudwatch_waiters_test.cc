// CloudWatch waiters over MockCloudWatchApi (the drh_mocks target) on a ManualClock:
// botocore's AlarmExists, the alarm-state waiter, and timeouts that name the last state.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/mock_cloudwatch.h"
#include "drh/aws/cloudwatch.h"

namespace drh::aws {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Return;

DescribeAlarmsResult alarm(std::string name, std::string state, std::string reason = {}) {
  DescribeAlarmsResult r;
  MetricAlarm a;
  a.AlarmName = std::move(name);
  a.StateValue = std::move(state);
  a.StateReason = std::move(reason);
  r.MetricAlarms.push_back(std::move(a));
  return r;
}

TEST(CloudWatchWaiters, AlarmExistsPollsByNameUntilTheAlarmAppears) {
  MockCloudWatchApi cw;
  ManualClock clock;
  EXPECT_CALL(cw, DescribeAlarms("us-west-2", Field(&DescribeAlarmsRequest::AlarmNames,
                                                    ElementsAre("orders-lag"))))
      .WillOnce(Return(DescribeAlarmsResult{}))
      .WillOnce(Return(DescribeAlarmsResult{}))
      .WillOnce(Return(alarm("orders-lag", "INSUFFICIENT_DATA")));
  Status s = WaitUntilAlarmExists(cw, clock, "us-west-2", "orders-lag");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock.total_slept(), std::chrono::seconds(10));  // botocore's 5 s delay
}

TEST(CloudWatchWaiters, AlarmExistsTimesOut) {
  MockCloudWatchApi cw;
  ManualClock clock;
  EXPECT_CALL(cw, DescribeAlarms(_, _)).WillRepeatedly(Return(DescribeAlarmsResult{}));
  Status s = WaitUntilAlarmExists(cw, clock, "us-west-2", "orders-lag");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kTimeout);
  EXPECT_THAT(s.error().message, HasSubstr("timed out after 200 s"));
  EXPECT_THAT(s.error().message, HasSubstr("last observed: no metric alarm by that name"));
}

TEST(CloudWatchWaiters, AlarmStateIsDoneWhenTheAlarmFires) {
  MockCloudWatchApi cw;
  ManualClock clock;
  EXPECT_CALL(cw, DescribeAlarms("us-east-1", _))
      .WillOnce(Return(alarm("orders-lag", "OK")))
      .WillOnce(Return(alarm("orders-lag", "ALARM", "Threshold Crossed")));
  Status s = WaitUntilAlarmState(cw, clock, "us-east-1", "orders-lag", "ALARM");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock.total_slept(), std::chrono::seconds(10));
}

TEST(CloudWatchWaiters, AlarmStateTimesOutNamingStateAndReason) {
  MockCloudWatchApi cw;
  ManualClock clock;
  EXPECT_CALL(cw, DescribeAlarms(_, _))
      .WillRepeatedly(Return(alarm("orders-lag", "OK", "Threshold Crossed: no datapoints")));
  Status s = WaitUntilAlarmState(cw, clock, "us-east-1", "orders-lag", "ALARM",
                                 {std::chrono::seconds(60), std::chrono::minutes(5)});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterTimeout");
  EXPECT_THAT(s.error().message, HasSubstr("orders-lag in us-east-1 to be in state ALARM"));
  EXPECT_THAT(s.error().message,
              HasSubstr("last observed: StateValue=OK (Threshold Crossed: no datapoints)"));
  EXPECT_EQ(clock.total_slept(), std::chrono::minutes(5));
}

TEST(CloudWatchWaiters, AlarmStateOfAMissingAlarmStopsAtOnce) {
  MockCloudWatchApi cw;
  ManualClock clock;
  // An endpoint that ignored AlarmNames: the other alarm must not satisfy the wait.
  EXPECT_CALL(cw, DescribeAlarms(_, _)).WillOnce(Return(alarm("someone-else", "ALARM")));
  Status s = WaitUntilAlarmState(cw, clock, "us-east-1", "orders-lag", "ALARM");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "ResourceNotFound");
  EXPECT_THAT(s.error().message, HasSubstr("orders-lag"));
  EXPECT_EQ(clock.total_slept(), Duration::zero());
}

TEST(CloudWatchWaiters, AllPagesRunOverTheMock) {
  MockCloudWatchApi cw;
  EXPECT_CALL(cw, ListMetrics("eu-west-1", Field(&ListMetricsRequest::NextToken, "")))
      .WillOnce(Return(ListMetricsResult{{Metric{"ns", "a", {}}}, "t2"}));
  EXPECT_CALL(cw, ListMetrics("eu-west-1", Field(&ListMetricsRequest::NextToken, "t2")))
      .WillOnce(Return(ListMetricsResult{{Metric{"ns", "b", {}}}, "t3"}));
  EXPECT_CALL(cw, ListMetrics("eu-west-1", Field(&ListMetricsRequest::NextToken, "t3")))
      .WillOnce(Return(ListMetricsResult{{Metric{"ns", "c", {}}}, ""}));
  auto all = cw.ListMetricsAll("eu-west-1", {.Namespace = "ns"});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[2].MetricName, "c");
}

}  // namespace
}  // namespace drh::aws
