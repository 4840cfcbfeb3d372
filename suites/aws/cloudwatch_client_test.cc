// CloudWatchClient over hand-written wire samples (fixtures/wire/cloudwatch/), written from
// the botocore cloudwatch 2010-08-01 model (JSON 1.0 protocol) and the CloudWatch API
// reference: the JSON bodies sent, the answers decoded, errors, retries and paging.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../../harness/aws/cloudwatch_codec.h"
#include "../../harness/aws/cloudwatch_json.h"
#include "drh/aws/cloudwatch.h"
#include "drh/protocol/timestamp.h"
#include "scripted_transport.h"

namespace drh::aws {
namespace {

using drh::testing::ScriptedTransport;
using drh::testing::wire_sample;
using nlohmann::json;

TimePoint at(std::string_view iso) { return parse_iso8601(iso).value(); }

class CloudWatchClientTest : public ::testing::Test {
 protected:
  void respond_sample(std::string_view name) {
    transport_->respond(wire_sample("cloudwatch/" + std::string(name)), 200,
                        {{"Content-Type", "application/x-amz-json-1.0"}});
  }
  void respond_empty() {
    transport_->respond("{}", 200, {{"Content-Type", "application/x-amz-json-1.0"}});
  }
  // CloudWatch is awsQueryCompatible: a JSON error also carries the Query error code.
  void respond_error(std::string_view sample, int status, std::string query_error) {
    transport_->respond(wire_sample("cloudwatch/" + std::string(sample)), status,
                        {{"Content-Type", "application/x-amz-json-1.0"},
                         {"x-amzn-query-error", std::move(query_error)}});
  }
  json sent_body(std::size_t i = 0) const { return json::parse(transport_->requests().at(i).body); }
  std::string sent_target(std::size_t i = 0) const {
    const HttpRequest request = transport_->requests().at(i);
    auto v = request.headers.get("X-Amz-Target");
    return v ? std::string(*v) : std::string();
  }

  std::shared_ptr<ScriptedTransport> transport_ = std::make_shared<ScriptedTransport>();
  ManualClock clock_;
  std::unique_ptr<AwsConnection> connection_ =
      drh::testing::scripted_connection(transport_, clock_);
  CloudWatchClient cw_{*connection_};
};

TEST_F(CloudWatchClientTest, PutMetricAlarmSendsEveryMemberAsJson) {
  respond_empty();
  PutMetricAlarmRequest req;
  req.AlarmName = "orders-replication-latency";
  req.AlarmDescription = "DynamoDB replication to us-west-2 is lagging";
  req.ActionsEnabled = true;
  req.AlarmActions = {"arn:aws:sns:us-west-2:123456789012:orders-dr-alerts"};
  req.OKActions = {"arn:aws:sns:us-west-2:123456789012:orders-dr-alerts"};
  req.Namespace = "AWS/DynamoDB";
  req.MetricName = "ReplicationLatency";
  req.Dimensions = {{"TableName", "orders"}, {"ReceivingRegion", "us-west-2"}};
  req.Statistic = "Average";
  req.Period = 60;
  req.EvaluationPeriods = 3;
  req.DatapointsToAlarm = 2;
  req.Threshold = 1500.5;
  req.ComparisonOperator = "GreaterThanThreshold";
  req.TreatMissingData = "breaching";
  req.Unit = "Milliseconds";
  req.Tags = {{"stack", "orders-dr"}};
  auto r = cw_.PutMetricAlarm("us-west-2", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  const HttpRequest& sent = transport_->last_request();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.path, "/");
  EXPECT_EQ(sent_target(), "GraniteServiceVersion20100801.PutMetricAlarm");
  EXPECT_EQ(sent.headers.get("Content-Type").value_or(""), "application/x-amz-json-1.0");
  auto auth = sent.headers.get("Authorization");
  ASSERT_TRUE(auth.has_value());
  EXPECT_NE(auth->find("/us-west-2/monitoring/aws4_request"), std::string_view::npos) << *auth;
  EXPECT_EQ(sent_body(), json::parse(R"({
      "AlarmName": "orders-replication-latency",
      "AlarmDescription": "DynamoDB replication to us-west-2 is lagging",
      "ActionsEnabled": true,
      "OKActions": ["arn:aws:sns:us-west-2:123456789012:orders-dr-alerts"],
      "AlarmActions": ["arn:aws:sns:us-west-2:123456789012:orders-dr-alerts"],
      "MetricName": "ReplicationLatency",
      "Namespace": "AWS/DynamoDB",
      "Statistic": "Average",
      "Dimensions": [{"Name": "TableName", "Value": "orders"},
                     {"Name": "ReceivingRegion", "Value": "us-west-2"}],
      "Period": 60,
      "Unit": "Milliseconds",
      "EvaluationPeriods": 3,
      "DatapointsToAlarm": 2,
      "Threshold": 1500.5,
      "ComparisonOperator": "GreaterThanThreshold",
      "TreatMissingData": "breaching",
      "Tags": [{"Key": "stack", "Value": "orders-dr"}]})"));
  EXPECT_EQ(to_json(*r), json::object());
}

TEST_F(CloudWatchClientTest, PutMetricAlarmWithMetricMathSendsTheQueries) {
  respond_empty();
  PutMetricAlarmRequest req{.AlarmName = "rpo",
                            .EvaluationPeriods = 5,
                            .Threshold = 1.0,
                            .ComparisonOperator = "GreaterThanOrEqualToThreshold"};
  MetricDataQuery lag{
      .Id = "lag",
      .MetricStat = MetricStat{.Metric = {"AWS/RDS",
                                          "AuroraGlobalDBRPOLag",
                                          {{"DBClusterIdentifier", "orders-secondary"}}},
                               .Period = 60,
                               .Stat = "Maximum"},
      .ReturnData = false};
  MetricDataQuery seconds{.Id = "s", .Expression = "lag / 1000", .ReturnData = true};
  req.Metrics = {lag, seconds};
  req.ThresholdMetricId = "s";
  ASSERT_TRUE(cw_.PutMetricAlarm("us-west-2", req).ok());
  EXPECT_EQ(sent_body()["Metrics"], json::parse(R"([
      {"Id": "lag", "ReturnData": false,
       "MetricStat": {"Metric": {"Namespace": "AWS/RDS", "MetricName": "AuroraGlobalDBRPOLag",
                                 "Dimensions": [{"Name": "DBClusterIdentifier",
                                                 "Value": "orders-secondary"}]},
                      "Period": 60, "Stat": "Maximum"}},
      {"Id": "s", "Expression": "lag / 1000", "ReturnData": true}])"));
  EXPECT_FALSE(sent_body().contains("MetricName"));
}

TEST_F(CloudWatchClientTest, RequiredMembersAreCheckedBeforeSending) {
  EXPECT_EQ(cw_.PutMetricAlarm("us-east-1", {}).error().kind, ErrorKind::kInvalidInput);
  auto no_reason = cw_.SetAlarmState("us-east-1", {.AlarmName = "a", .StateValue = "ALARM"});
  ASSERT_FALSE(no_reason.ok());
  EXPECT_NE(no_reason.error().message.find("StateReason"), std::string::npos);
  EXPECT_FALSE(cw_.DeleteAlarms("us-east-1", {}).ok());
  EXPECT_FALSE(cw_.PutMetricData("us-east-1", {.Namespace = "x"}).ok());
  auto no_name = cw_.PutMetricData("us-east-1", {.Namespace = "x", .MetricData = {MetricDatum{}}});
  EXPECT_NE(no_name.error().message.find("MetricData[0].MetricName"), std::string::npos);
  auto no_stats = cw_.GetMetricStatistics("us-east-1", {.Namespace = "n", .MetricName = "m"});
  EXPECT_NE(no_stats.error().message.find("Statistics"), std::string::npos);
  auto no_id = cw_.GetMetricData("us-east-1", {.MetricDataQueries = {MetricDataQuery{}}});
  EXPECT_NE(no_id.error().message.find("MetricDataQueries[0].Id"), std::string::npos);
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(CloudWatchClientTest, DescribeAlarmsDecodesMetricAndCompositeAlarms) {
  respond_sample("DescribeAlarms.json");
  auto r = cw_.DescribeAlarms(
      "us-west-2", {.AlarmNamePrefix = "orders-", .StateValue = "ALARM", .MaxRecords = 50});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_target(), "GraniteServiceVersion20100801.DescribeAlarms");
  EXPECT_EQ(
      sent_body(),
      json::parse(R"({"AlarmNamePrefix": "orders-", "StateValue": "ALARM", "MaxRecords": 50})"));

  ASSERT_EQ(r->MetricAlarms.size(), 2u);
  const MetricAlarm& a = r->MetricAlarms[0];
  EXPECT_EQ(a.AlarmName, "orders-replication-latency");
  EXPECT_EQ(a.AlarmArn,
            "arn:aws:cloudwatch:us-west-2:123456789012:alarm:orders-replication-latency");
  EXPECT_EQ(a.AlarmDescription, "DynamoDB replication to us-west-2 is lagging");
  EXPECT_EQ(a.AlarmConfigurationUpdatedTimestamp, at("2024-05-01T12:00:00.250Z"));
  EXPECT_EQ(a.ActionsEnabled, true);
  EXPECT_EQ(a.OKActions,
            (std::vector<std::string>{"arn:aws:sns:us-west-2:123456789012:orders-dr-alerts"}));
  ASSERT_EQ(a.AlarmActions.size(), 2u);
  EXPECT_EQ(a.AlarmActions[1], "arn:aws:sns:us-east-1:123456789012:orders-pager");
  EXPECT_TRUE(a.InsufficientDataActions.empty());
  EXPECT_EQ(a.StateValue, "ALARM");
  EXPECT_NE(a.StateReason.find("Threshold Crossed"), std::string::npos);
  EXPECT_EQ(json::parse(a.StateReasonData)["threshold"], 1500.0);
  EXPECT_EQ(a.StateUpdatedTimestamp, at("2024-05-01T12:05:00Z"));
  EXPECT_EQ(a.StateTransitionedTimestamp, at("2024-05-01T12:05:00Z"));
  EXPECT_EQ(a.MetricName, "ReplicationLatency");
  EXPECT_EQ(a.Namespace, "AWS/DynamoDB");
  EXPECT_EQ(a.Statistic, "Average");
  EXPECT_EQ(a.Dimensions,
            (std::vector<Dimension>{{"TableName", "orders"}, {"ReceivingRegion", "us-west-2"}}));
  EXPECT_EQ(a.Period, 60);
  EXPECT_EQ(a.Unit, "Milliseconds");
  EXPECT_EQ(a.EvaluationPeriods, 3);
  EXPECT_EQ(a.DatapointsToAlarm, 2);
  EXPECT_EQ(a.Threshold, 1500.0);
  EXPECT_EQ(a.ComparisonOperator, "GreaterThanThreshold");
  EXPECT_EQ(a.TreatMissingData, "breaching");

  const MetricAlarm& math = r->MetricAlarms[1];
  EXPECT_EQ(math.Threshold, 1000.0);  // an integer on the wire
  EXPECT_EQ(math.ExtendedStatistic, "p99");
  EXPECT_FALSE(math.Period.has_value());
  ASSERT_EQ(math.Metrics.size(), 2u);
  ASSERT_TRUE(math.Metrics[0].MetricStat.has_value());
  EXPECT_EQ(math.Metrics[0].MetricStat->Metric.MetricName, "AuroraGlobalDBRPOLag");
  EXPECT_EQ(math.Metrics[0].MetricStat->Metric.Dimensions[0].Value, "orders-secondary");
  EXPECT_EQ(math.Metrics[0].MetricStat->Stat, "Maximum");
  EXPECT_EQ(math.Metrics[0].ReturnData, false);
  EXPECT_EQ(math.Metrics[1].Expression, "lag / 1000");
  EXPECT_EQ(math.Metrics[1].Label, "RPO lag (s)");
  EXPECT_EQ(math.ThresholdMetricId, "lag_seconds");

  ASSERT_EQ(r->CompositeAlarms.size(), 1u);
  EXPECT_EQ(r->CompositeAlarms[0].AlarmName, "orders-dr-degraded");
  EXPECT_NE(r->CompositeAlarms[0].AlarmRule.find("ALARM(\"orders-aurora-rpo-lag\")"),
            std::string::npos);
  EXPECT_EQ(r->NextToken, "eyJwYWdlIjoyfQ==");
  EXPECT_EQ(r->metric_alarm("orders-aurora-rpo-lag"), &r->MetricAlarms[1]);
  EXPECT_EQ(r->metric_alarm("orders-dr-degraded"), nullptr);

  json j = to_json(*r);
  EXPECT_EQ(j["MetricAlarms"][0]["StateUpdatedTimestamp"], "2024-05-01T12:05:00Z");
  EXPECT_EQ(j["MetricAlarms"][0]["Dimensions"][1],
            json({{"Name", "ReceivingRegion"}, {"Value", "us-west-2"}}));
  EXPECT_EQ(j["MetricAlarms"][1]["Metrics"][1]["Expression"], "lag / 1000");
  EXPECT_EQ(j["CompositeAlarms"][0]["StateValue"], "ALARM");
  EXPECT_EQ(j["NextToken"], "eyJwYWdlIjoyfQ==");
}

TEST_F(CloudWatchClientTest, DescribeAlarmsAllFollowsNextTokenOverThreePages) {
  respond_sample("DescribeAlarms.json");
  transport_->respond(R"({"MetricAlarms": [{"AlarmName": "p2"}], "CompositeAlarms": [],
                          "NextToken": "page-3"})");
  transport_->respond(R"({"MetricAlarms": [{"AlarmName": "p3"}]})");
  auto all = cw_.DescribeAlarmsAll("us-west-2", {.AlarmNamePrefix = "orders-", .MaxRecords = 2});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->MetricAlarms.size(), 4u);
  EXPECT_EQ(all->MetricAlarms[3].AlarmName, "p3");
  EXPECT_EQ(all->CompositeAlarms.size(), 1u);
  EXPECT_TRUE(all->NextToken.empty());
  ASSERT_EQ(transport_->requests().size(), 3u);
  EXPECT_FALSE(sent_body(0).contains("NextToken"));
  EXPECT_EQ(sent_body(1), json::parse(R"({"AlarmNamePrefix": "orders-", "MaxRecords": 2,
                                          "NextToken": "eyJwYWdlIjoyfQ=="})"));
  EXPECT_EQ(sent_body(2)["NextToken"], "page-3");
}

TEST_F(CloudWatchClientTest, PagingStopsOnARepeatedTokenAndReturnsPageErrors) {
  transport_->respond(R"({"MetricAlarms": [], "NextToken": "t1"})");
  transport_->respond(R"({"MetricAlarms": [], "NextToken": "t2"})");
  transport_->respond(R"({"MetricAlarms": [], "NextToken": "t1"})");
  auto loop = cw_.DescribeAlarmsAll("us-east-1");
  ASSERT_FALSE(loop.ok());
  EXPECT_EQ(loop.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(loop.error().code, "RepeatedPageToken");
  EXPECT_NE(loop.error().message.find("NextToken t1"), std::string::npos) << loop.error().message;

  transport_->respond(R"({"Metrics": [], "NextToken": "stale"})");
  respond_error("InvalidNextToken.error.json", 400, "InvalidNextToken;Sender");
  auto stale = cw_.ListMetricsAll("us-east-1");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, "InvalidNextToken");
}

TEST_F(CloudWatchClientTest, DescribeAlarmHistoryAllSendsDatesAndFollowsTokens) {
  respond_sample("DescribeAlarmHistory.json");
  transport_->respond(R"({"AlarmHistoryItems": [{"AlarmName": "orders-replication-latency",
      "HistoryItemType": "StateUpdate", "Timestamp": 1714564000,
      "HistorySummary": "Alarm updated from INSUFFICIENT_DATA to OK"}], "NextToken": "h3"})");
  transport_->respond(R"({"AlarmHistoryItems": []})");
  DescribeAlarmHistoryRequest req;
  req.AlarmName = "orders-replication-latency";
  req.HistoryItemType = "StateUpdate";
  req.StartDate = at("2024-05-01T11:00:00Z");
  req.EndDate = at("2024-05-01T12:30:00.5Z");
  req.MaxRecords = 2;
  auto all = cw_.DescribeAlarmHistoryAll("us-west-2", req);
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].AlarmType, "MetricAlarm");
  EXPECT_EQ((*all)[0].Timestamp, at("2024-05-01T12:05:00.500Z"));
  EXPECT_EQ((*all)[0].HistorySummary, "Alarm updated from OK to ALARM");
  EXPECT_EQ(json::parse((*all)[0].HistoryData)["newState"]["stateValue"], "ALARM");
  EXPECT_EQ((*all)[1].HistoryItemType, "Action");
  EXPECT_EQ((*all)[2].Timestamp, at("2024-05-01T11:46:40Z"));

  ASSERT_EQ(transport_->requests().size(), 3u);
  EXPECT_EQ(sent_target(), "GraniteServiceVersion20100801.DescribeAlarmHistory");
  EXPECT_EQ(sent_body(0), json::parse(R"({"AlarmName": "orders-replication-latency",
      "HistoryItemType": "StateUpdate", "StartDate": 1714561200, "EndDate": 1714566600.5,
      "MaxRecords": 2})"));
  EXPECT_EQ(sent_body(1)["NextToken"], "aGlzdG9yeS0y");
  EXPECT_EQ(sent_body(2)["NextToken"], "h3");
}

TEST_F(CloudWatchClientTest, SetAlarmStateOfAMissingAlarmIsResourceNotFound) {
  respond_error("ResourceNotFound.error.json", 404, "ResourceNotFound;Sender");
  auto r = cw_.SetAlarmState("us-west-2", {.AlarmName = "orders-replication-latency",
                                           .StateValue = "ALARM",
                                           .StateReason = "DR drill"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "ResourceNotFound");
  EXPECT_EQ(r.error().http_status, 404);
  EXPECT_EQ(sent_body(), json::parse(R"({"AlarmName": "orders-replication-latency",
                                         "StateValue": "ALARM", "StateReason": "DR drill"})"));
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(CloudWatchClientTest, AccessDeniedIsNotRetried) {
  respond_error("AccessDenied.error.json", 403, "AccessDenied;Sender");
  auto r = cw_.SetAlarmState(
      "us-west-2",
      {.AlarmName = "a", .StateValue = "OK", .StateReason = "drill", .StateReasonData = "{}"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "AccessDenied");
  EXPECT_NE(r.error().message.find("cloudwatch:SetAlarmState"), std::string::npos);
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(CloudWatchClientTest, ThrottlingIsRetriedOnTheInjectedClock) {
  respond_error("Throttling.error.json", 400, "Throttling;Sender");
  respond_empty();
  auto r = cw_.DeleteAlarms("us-west-2", {.AlarmNames = {"a", "b"}});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(transport_->requests().size(), 2u);
  EXPECT_EQ(sent_body(1), json::parse(R"({"AlarmNames": ["a", "b"]})"));
  EXPECT_EQ(sent_target(1), "GraniteServiceVersion20100801.DeleteAlarms");
}

TEST_F(CloudWatchClientTest, PutMetricDataSendsValuesStatisticSetsAndTimestamps) {
  respond_empty();
  PutMetricDataRequest req;
  req.Namespace = "drh/canary";
  req.MetricData = {MetricDatum{.MetricName = "WriteToReadMs",
                                .Dimensions = {{"Region", "us-west-2"}},
                                .Timestamp = at("2024-05-01T12:00:00Z"),
                                .Value = 87.5,
                                .Unit = "Milliseconds",
                                .StorageResolution = 1},
                    MetricDatum{.MetricName = "WriteToReadMs",
                                .Timestamp = at("2024-05-01T12:00:00.250Z"),
                                .StatisticValues = StatisticSet{3, 300, 50, 150}},
                    MetricDatum{.MetricName = "Latency", .Values = {1, 2.5}, .Counts = {4, 1}}};
  ASSERT_TRUE(cw_.PutMetricData("us-west-2", req).ok());
  EXPECT_EQ(sent_target(), "GraniteServiceVersion20100801.PutMetricData");
  EXPECT_EQ(sent_body(), json::parse(R"({"Namespace": "drh/canary", "MetricData": [
      {"MetricName": "WriteToReadMs", "Dimensions": [{"Name": "Region", "Value": "us-west-2"}],
       "Timestamp": 1714564800, "Value": 87.5, "Unit": "Milliseconds", "StorageResolution": 1},
      {"MetricName": "WriteToReadMs", "Timestamp": 1714564800.25,
       "StatisticValues": {"SampleCount": 3, "Sum": 300, "Minimum": 50, "Maximum": 150}},
      {"MetricName": "Latency", "Values": [1, 2.5], "Counts": [4, 1]}]})"));
}

TEST_F(CloudWatchClientTest, GetMetricStatisticsDecodesDatapoints) {
  respond_sample("GetMetricStatistics.json");
  GetMetricStatisticsRequest req;
  req.Namespace = "AWS/DynamoDB";
  req.MetricName = "ReplicationLatency";
  req.Dimensions = {{"TableName", "orders"}, {"ReceivingRegion", "us-west-2"}};
  req.StartTime = at("2024-05-01T12:00:00Z");
  req.EndTime = at("2024-05-01T12:05:00Z");
  req.Period = 60;
  req.Statistics = {"Average", "Maximum", "SampleCount"};
  req.ExtendedStatistics = {"p99"};
  auto r = cw_.GetMetricStatistics("us-west-2", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_body(), json::parse(R"({"Namespace": "AWS/DynamoDB",
      "MetricName": "ReplicationLatency",
      "Dimensions": [{"Name": "TableName", "Value": "orders"},
                     {"Name": "ReceivingRegion", "Value": "us-west-2"}],
      "StartTime": 1714564800, "EndTime": 1714565100, "Period": 60,
      "Statistics": ["Average", "Maximum", "SampleCount"], "ExtendedStatistics": ["p99"]})"));
  EXPECT_EQ(r->Label, "ReplicationLatency");
  ASSERT_EQ(r->Datapoints.size(), 2u);
  const Datapoint& d = r->Datapoints[0];
  EXPECT_EQ(d.Timestamp, at("2024-05-01T12:01:00Z"));
  EXPECT_EQ(d.SampleCount, 12.0);
  EXPECT_EQ(d.Average, 845.5);
  EXPECT_EQ(d.Maximum, 1890.0);
  EXPECT_FALSE(d.Minimum.has_value());
  EXPECT_EQ(d.Unit, "Milliseconds");
  EXPECT_EQ(d.ExtendedStatistics.at("p99"), 1850.25);
  EXPECT_EQ(to_json(*r)["Datapoints"][0]["ExtendedStatistics"]["p99"], 1850.25);
}

TEST_F(CloudWatchClientTest, GetMetricDataDecodesResultsAndMessages) {
  respond_sample("GetMetricData.json");
  GetMetricDataRequest req;
  req.MetricDataQueries = {MetricDataQuery{
      .Id = "lag",
      .MetricStat = MetricStat{.Metric = {"AWS/RDS",
                                          "AuroraGlobalDBReplicationLag",
                                          {{"DBClusterIdentifier", "orders-secondary"}}},
                               .Period = 60,
                               .Stat = "Average",
                               .Unit = "Milliseconds"},
      .ReturnData = true}};
  req.StartTime = at("2024-05-01T12:00:00Z");
  req.EndTime = at("2024-05-01T12:05:00Z");
  req.ScanBy = "TimestampDescending";
  req.MaxDatapoints = 100;
  auto r = cw_.GetMetricData("us-west-2", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_body(), json::parse(R"({"MetricDataQueries": [{"Id": "lag",
      "MetricStat": {"Metric": {"Namespace": "AWS/RDS",
                                "MetricName": "AuroraGlobalDBReplicationLag",
                                "Dimensions": [{"Name": "DBClusterIdentifier",
                                                "Value": "orders-secondary"}]},
                     "Period": 60, "Stat": "Average", "Unit": "Milliseconds"},
      "ReturnData": true}],
      "StartTime": 1714564800, "EndTime": 1714565100, "ScanBy": "TimestampDescending",
      "MaxDatapoints": 100})"));
  ASSERT_EQ(r->MetricDataResults.size(), 2u);
  const MetricDataResult& lag = r->MetricDataResults[0];
  EXPECT_EQ(lag.Id, "lag");
  EXPECT_EQ(lag.Label, "AuroraGlobalDBReplicationLag");
  EXPECT_EQ(lag.Timestamps,
            (std::vector<TimePoint>{at("2024-05-01T12:02:00Z"), at("2024-05-01T12:01:00Z")}));
  EXPECT_EQ(lag.Values, (std::vector<double>{412.0, 387.5}));
  EXPECT_EQ(lag.StatusCode, "PartialData");
  ASSERT_EQ(r->MetricDataResults[1].Messages.size(), 1u);
  EXPECT_EQ(r->MetricDataResults[1].Messages[0].Code, "NoData");
  EXPECT_EQ(r->NextToken, "bWV0cmljLWRhdGEtMg==");
  ASSERT_EQ(r->Messages.size(), 1u);
  EXPECT_EQ(r->Messages[0].Code, "MaxMetricsExceeded");
  EXPECT_EQ(to_json(*r)["MetricDataResults"][0]["Timestamps"][0], "2024-05-01T12:02:00Z");
}

TEST_F(CloudWatchClientTest, GetMetricDataAllMergesAQuerySpreadOverThreePages) {
  respond_sample("GetMetricData.json");
  transport_->respond(R"({"MetricDataResults": [{"Id": "lag", "Timestamps": [1714564800],
      "Values": [350.0], "StatusCode": "PartialData"}], "NextToken": "page-3"})");
  transport_->respond(R"({"MetricDataResults": [{"Id": "lag", "Timestamps": [1714564740],
      "Values": [300.0], "StatusCode": "Complete"}]})");
  GetMetricDataRequest req;
  req.MetricDataQueries = {
      MetricDataQuery{.Id = "lag", .Expression = "SEARCH('x', 'Average', 60)"}};
  req.StartTime = at("2024-05-01T11:00:00Z");
  req.EndTime = at("2024-05-01T12:05:00Z");
  auto all = cw_.GetMetricDataAll("us-west-2", req);
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 2u);
  const MetricDataResult& lag = (*all)[0];
  EXPECT_EQ(lag.Id, "lag");
  EXPECT_EQ(lag.Values, (std::vector<double>{412.0, 387.5, 350.0, 300.0}));
  EXPECT_EQ(lag.Timestamps.size(), 4u);
  EXPECT_EQ(lag.StatusCode, "Complete");
  EXPECT_EQ(lag.Label, "AuroraGlobalDBReplicationLag");
  EXPECT_EQ((*all)[1].Id, "rpo");
  ASSERT_EQ(transport_->requests().size(), 3u);
  EXPECT_EQ(sent_body(1)["NextToken"], "bWV0cmljLWRhdGEtMg==");
  EXPECT_EQ(sent_body(2)["NextToken"], "page-3");
}

TEST_F(CloudWatchClientTest, MismatchedTimestampsAndValuesAreADecodeError) {
  transport_->respond(R"({"MetricDataResults": [{"Id": "lag", "Timestamps": [1714564800],
      "Values": []}]})");
  auto r =
      cw_.GetMetricData("us-west-2", {.MetricDataQueries = {{.Id = "lag", .Expression = "1"}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kDecode);
  EXPECT_NE(r.error().message.find("MetricDataResults[0]"), std::string::npos) << r.error().message;
}

TEST_F(CloudWatchClientTest, ListMetricsAllFollowsNextTokenOverThreePages) {
  respond_sample("ListMetrics.json");
  transport_->respond(R"({"Metrics": [{"Namespace": "AWS/DynamoDB",
      "MetricName": "ReplicationLatency", "Dimensions": [{"Name": "TableName",
      "Value": "payments"}]}], "NextToken": "list-3"})");
  transport_->respond(R"({"Metrics": []})");
  ListMetricsRequest req;
  req.Namespace = "AWS/DynamoDB";
  req.Dimensions = {{"TableName", ""}, {"ReceivingRegion", "us-west-2"}};
  auto all = cw_.ListMetricsAll("us-east-1", req);
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0], (Metric{"AWS/DynamoDB",
                               "ReplicationLatency",
                               {{"TableName", "orders"}, {"ReceivingRegion", "us-west-2"}}}));
  EXPECT_EQ((*all)[1].MetricName, "PendingReplicationCount");
  EXPECT_EQ((*all)[2].Dimensions[0].Value, "payments");
  ASSERT_EQ(transport_->requests().size(), 3u);
  EXPECT_EQ(sent_target(0), "GraniteServiceVersion20100801.ListMetrics");
  EXPECT_EQ(sent_body(0), json::parse(R"({"Namespace": "AWS/DynamoDB",
      "Dimensions": [{"Name": "TableName"}, {"Name": "ReceivingRegion", "Value": "us-west-2"}]})"));
  EXPECT_EQ(sent_body(1)["NextToken"], "bGlzdC0y");
  EXPECT_EQ(sent_body(2)["NextToken"], "list-3");
}

TEST_F(CloudWatchClientTest, WrongTypesAreDecodeErrorsNamingTheMember) {
  transport_->respond(R"({"MetricAlarms": [{"AlarmName": "a", "Threshold": "high"}]})");
  auto r = cw_.DescribeAlarms("us-east-1", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kDecode);
  EXPECT_NE(r.error().message.find("MetricAlarms[0].Threshold"), std::string::npos)
      << r.error().message;
  transport_->respond(R"({"MetricAlarms": [{"AlarmName": "a", "StateUpdatedTimestamp": "soon"}]})");
  auto t = cw_.DescribeAlarms("us-east-1", {});
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("MetricAlarms[0].StateUpdatedTimestamp"), std::string::npos)
      << t.error().message;
}

}  // namespace
}  // namespace drh::aws
