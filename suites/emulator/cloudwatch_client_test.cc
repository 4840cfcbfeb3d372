// CloudWatchClient against moto_server over the JSON 1.0 protocol: every operation moto
// implements, through the real connection (CurlTransport + SigV4 + retry). moto does not
// implement DescribeAlarmHistory (it answers 500) and ignores MaxRecords in DescribeAlarms,
// so alarm history and DescribeAlarms paging are covered by the wire-sample tests in
// suites/aws/ only.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "drh/aws/cloudwatch.h"
#include "moto_env.h"

namespace drh::aws {
namespace {

using drh::testing::moto_connection;
using drh::testing::unique_name;

constexpr std::string_view kRegion = "us-west-2";

class CloudWatchEmulator : public ::testing::Test {
 protected:
  void SetUp() override {
    DRH_REQUIRE_MOTO();
    connection_ = moto_connection();
    cw_ = std::make_unique<CloudWatchClient>(*connection_);
  }
  void TearDown() override {
    if (cw_ && !alarms_.empty()) (void)cw_->DeleteAlarms(kRegion, {.AlarmNames = alarms_});
  }

  PutMetricAlarmRequest lag_alarm(const std::string& name, const std::string& table) {
    return PutMetricAlarmRequest{
        .AlarmName = name,
        .AlarmDescription = "DynamoDB replication to us-west-2 is lagging",
        .ActionsEnabled = true,
        .OKActions = {"arn:aws:sns:us-west-2:123456789012:drh-ok"},
        .AlarmActions = {"arn:aws:sns:us-west-2:123456789012:drh-alerts"},
        .InsufficientDataActions = {"arn:aws:sns:us-west-2:123456789012:drh-data"},
        .MetricName = "ReplicationLatency",
        .Namespace = "AWS/DynamoDB",
        .Statistic = "Average",
        .Dimensions = {{"TableName", table}, {"ReceivingRegion", "us-west-2"}},
        .Period = 60,
        .Unit = "Milliseconds",
        .EvaluationPeriods = 3,
        .DatapointsToAlarm = 2,
        .Threshold = 1500.5,
        .ComparisonOperator = "GreaterThanThreshold",
        .TreatMissingData = "breaching"};
  }

  std::unique_ptr<AwsConnection> connection_;
  std::unique_ptr<CloudWatchClient> cw_;
  std::vector<std::string> alarms_;
  ManualClock clock_;
};

TEST_F(CloudWatchEmulator, AlarmLifecyclePutDescribeSetStateDelete) {
  const std::string name = unique_name("drh-cw-lag");
  alarms_.push_back(name);
  auto put = cw_->PutMetricAlarm(kRegion, lag_alarm(name, "orders"));
  ASSERT_TRUE(put.ok()) << put.error().describe();
  Status exists = WaitUntilAlarmExists(*cw_, clock_, kRegion, name);
  ASSERT_TRUE(exists.ok()) << exists.error().describe();

  auto described = cw_->DescribeAlarms(kRegion, {.AlarmNames = {name}});
  ASSERT_TRUE(described.ok()) << described.error().describe();
  ASSERT_EQ(described->MetricAlarms.size(), 1u);
  const MetricAlarm& a = described->MetricAlarms[0];
  EXPECT_EQ(a.AlarmName, name);
  EXPECT_EQ(a.AlarmArn, "arn:aws:cloudwatch:us-west-2:123456789012:alarm:" + name);
  EXPECT_EQ(a.AlarmDescription, "DynamoDB replication to us-west-2 is lagging");
  EXPECT_EQ(a.ActionsEnabled, true);
  EXPECT_EQ(a.OKActions, (std::vector<std::string>{"arn:aws:sns:us-west-2:123456789012:drh-ok"}));
  EXPECT_EQ(a.AlarmActions,
            (std::vector<std::string>{"arn:aws:sns:us-west-2:123456789012:drh-alerts"}));
  EXPECT_EQ(a.InsufficientDataActions,
            (std::vector<std::string>{"arn:aws:sns:us-west-2:123456789012:drh-data"}));
  EXPECT_EQ(a.MetricName, "ReplicationLatency");
  EXPECT_EQ(a.Namespace, "AWS/DynamoDB");
  EXPECT_EQ(a.Statistic, "Average");
  EXPECT_EQ(a.Dimensions,
            (std::vector<Dimension>{{"TableName", "orders"}, {"ReceivingRegion", "us-west-2"}}));
  EXPECT_EQ(a.Period, 60);
  EXPECT_EQ(a.Unit, "Milliseconds");
  EXPECT_EQ(a.EvaluationPeriods, 3);
  EXPECT_EQ(a.DatapointsToAlarm, 2);
  EXPECT_EQ(a.Threshold, 1500.5);
  EXPECT_EQ(a.ComparisonOperator, "GreaterThanThreshold");
  EXPECT_EQ(a.TreatMissingData, "breaching");
  EXPECT_FALSE(a.StateValue.empty());
  EXPECT_TRUE(a.StateUpdatedTimestamp.has_value());
  EXPECT_TRUE(described->CompositeAlarms.empty());

  // A drill forces the alarm, waits for the state, then puts it back.
  auto fired = cw_->SetAlarmState(kRegion, {.AlarmName = name,
                                            .StateValue = "ALARM",
                                            .StateReason = "DR drill: forced",
                                            .StateReasonData = R"({"drill": "d-1"})"});
  ASSERT_TRUE(fired.ok()) << fired.error().describe();
  Status in_alarm = WaitUntilAlarmState(*cw_, clock_, kRegion, name, "ALARM");
  ASSERT_TRUE(in_alarm.ok()) << in_alarm.error().describe();
  auto alarming = cw_->DescribeAlarms(kRegion, {.AlarmNamePrefix = name});
  ASSERT_TRUE(alarming.ok()) << alarming.error().describe();
  const MetricAlarm* forced = alarming->metric_alarm(name);
  ASSERT_NE(forced, nullptr);
  EXPECT_EQ(forced->StateValue, "ALARM");
  EXPECT_EQ(forced->StateReason, "DR drill: forced");

  ASSERT_TRUE(
      cw_->SetAlarmState(
             kRegion, {.AlarmName = name, .StateValue = "OK", .StateReason = "DR drill: restored"})
          .ok());
  Status waited = WaitUntilAlarmState(*cw_, clock_, kRegion, name, "ALARM",
                                      {std::chrono::seconds(10), std::chrono::seconds(30)});
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.error().code, "WaiterTimeout");
  EXPECT_NE(waited.error().message.find("StateValue=OK (DR drill: restored)"), std::string::npos)
      << waited.error().message;

  auto deleted = cw_->DeleteAlarms(kRegion, {.AlarmNames = {name}});
  ASSERT_TRUE(deleted.ok()) << deleted.error().describe();
  alarms_.clear();
  auto after = cw_->DescribeAlarms(kRegion, {.AlarmNames = {name}});
  ASSERT_TRUE(after.ok()) << after.error().describe();
  EXPECT_TRUE(after->MetricAlarms.empty());
  Status gone = WaitUntilAlarmState(*cw_, clock_, kRegion, name, "OK");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "ResourceNotFound");
}

TEST_F(CloudWatchEmulator, SetAlarmStateOfAMissingAlarmIsResourceNotFound) {
  auto r = cw_->SetAlarmState(
      kRegion,
      {.AlarmName = unique_name("drh-cw-none"), .StateValue = "ALARM", .StateReason = "drill"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "ResourceNotFound");
  EXPECT_EQ(r.error().http_status, 404);
}

TEST_F(CloudWatchEmulator, DescribeAlarmsAllFiltersByPrefixAndState) {
  const std::string prefix = unique_name("drh-cw-many");
  for (int i = 0; i < 3; ++i) {
    std::string name = prefix + "-" + std::to_string(i);
    alarms_.push_back(name);
    ASSERT_TRUE(cw_->PutMetricAlarm(kRegion, lag_alarm(name, "t" + std::to_string(i))).ok());
  }
  ASSERT_TRUE(
      cw_->SetAlarmState(
             kRegion, {.AlarmName = prefix + "-1", .StateValue = "ALARM", .StateReason = "drill"})
          .ok());
  auto all = cw_->DescribeAlarmsAll(kRegion, {.AlarmNamePrefix = prefix, .MaxRecords = 1});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->MetricAlarms.size(), 3u);
  for (const MetricAlarm& a : all->MetricAlarms) EXPECT_EQ(a.AlarmName.rfind(prefix, 0), 0u);

  auto alarming = cw_->DescribeAlarmsAll(kRegion, {.StateValue = "ALARM"});
  ASSERT_TRUE(alarming.ok()) << alarming.error().describe();
  EXPECT_NE(alarming->metric_alarm(prefix + "-1"), nullptr);
  EXPECT_EQ(alarming->metric_alarm(prefix + "-0"), nullptr);
}

TEST_F(CloudWatchEmulator, MetricDataRoundTripsThroughStatisticsAndQueries) {
  const std::string ns = "drh/" + unique_name("canary");
  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const TimePoint minute = now - (now.time_since_epoch() % std::chrono::minutes(1));
  auto put = cw_->PutMetricData(
      kRegion, {.Namespace = ns,
                .MetricData = {MetricDatum{.MetricName = "WriteToReadMs",
                                           .Dimensions = {{"Region", "us-west-2"}},
                                           .Timestamp = minute,
                                           .Value = 120.0,
                                           .Unit = "Milliseconds"},
                               MetricDatum{.MetricName = "WriteToReadMs",
                                           .Dimensions = {{"Region", "us-west-2"}},
                                           .Timestamp = minute,
                                           .StatisticValues = StatisticSet{2, 100, 40, 60},
                                           .Unit = "Milliseconds"}}});
  ASSERT_TRUE(put.ok()) << put.error().describe();

  auto stats = cw_->GetMetricStatistics(
      kRegion, {.Namespace = ns,
                .MetricName = "WriteToReadMs",
                .Dimensions = {{"Region", "us-west-2"}},
                .StartTime = minute - std::chrono::minutes(5),
                .EndTime = minute + std::chrono::minutes(5),
                .Period = 60,
                .Statistics = {"SampleCount", "Sum", "Maximum", "Minimum"}});
  ASSERT_TRUE(stats.ok()) << stats.error().describe();
  EXPECT_EQ(stats->Label, "WriteToReadMs");
  ASSERT_EQ(stats->Datapoints.size(), 1u);
  const Datapoint& d = stats->Datapoints[0];
  EXPECT_EQ(d.Timestamp, minute);
  EXPECT_EQ(d.SampleCount, 3.0);
  EXPECT_EQ(d.Sum, 220.0);
  EXPECT_EQ(d.Maximum, 120.0);
  EXPECT_EQ(d.Minimum, 40.0);
  EXPECT_EQ(d.Unit, "Milliseconds");

  GetMetricDataRequest query{
      .MetricDataQueries = {MetricDataQuery{
          .Id = "lag",
          .MetricStat = MetricStat{.Metric = {ns, "WriteToReadMs", {{"Region", "us-west-2"}}},
                                   .Period = 60,
                                   .Stat = "Maximum"},
          .ReturnData = true}},
      .StartTime = minute - std::chrono::minutes(5),
      .EndTime = minute + std::chrono::minutes(5)};
  auto data = cw_->GetMetricData(kRegion, query);
  ASSERT_TRUE(data.ok()) << data.error().describe();
  ASSERT_EQ(data->MetricDataResults.size(), 1u);
  EXPECT_EQ(data->MetricDataResults[0].Id, "lag");
  EXPECT_EQ(data->MetricDataResults[0].StatusCode, "Complete");
  EXPECT_EQ(data->MetricDataResults[0].Timestamps, (std::vector<TimePoint>{minute}));
  EXPECT_EQ(data->MetricDataResults[0].Values, (std::vector<double>{120.0}));
  auto all = cw_->GetMetricDataAll(kRegion, query);
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].Values, (std::vector<double>{120.0}));

  auto listed = cw_->ListMetrics(kRegion, {.Namespace = ns});
  ASSERT_TRUE(listed.ok()) << listed.error().describe();
  ASSERT_EQ(listed->Metrics.size(), 1u);
  EXPECT_EQ(listed->Metrics[0], (Metric{ns, "WriteToReadMs", {{"Region", "us-west-2"}}}));
  EXPECT_TRUE(listed->NextToken.empty());
}

TEST_F(CloudWatchEmulator, ListMetricsAllPagesThroughNextToken) {
  // moto answers ListMetrics 500 metrics a page: 1001 metrics make three pages. They go to a
  // region of their own, so other tests' unfiltered ListMetrics calls are not pushed to a
  // later page by them.
  constexpr std::string_view kPagingRegion = "ca-central-1";
  const std::string ns = "drh/" + unique_name("paging");
  constexpr int kMetrics = 1001;
  for (int start = 0; start < kMetrics; start += 500) {
    PutMetricDataRequest req{.Namespace = ns};
    for (int i = start; i < std::min(start + 500, kMetrics); ++i) {
      req.MetricData.push_back(MetricDatum{.MetricName = "m" + std::to_string(i), .Value = 1.0});
    }
    auto put = cw_->PutMetricData(kPagingRegion, req);
    ASSERT_TRUE(put.ok()) << put.error().describe();
  }
  auto first = cw_->ListMetrics(kPagingRegion, {.Namespace = ns});
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->Metrics.size(), 500u);
  EXPECT_FALSE(first->NextToken.empty());

  auto all = cw_->ListMetricsAll(kPagingRegion, {.Namespace = ns});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), static_cast<std::size_t>(kMetrics));
  std::vector<std::string> names;
  for (const Metric& m : *all) names.push_back(m.MetricName);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end()) << "duplicates";
  EXPECT_TRUE(std::binary_search(names.begin(), names.end(), "m1000"));
}

}  // namespace
}  // namespace drh::aws
