// CloudWatch in the fake, alarms: created INSUFFICIENT_DATA, validated as CloudWatch does,
// filtered and paged, state changes with history and SNS actions, errors in both wire
// protocols (JSON 1.0 through the typed client, Query through the same connection), the
// evaluation seam, and state that survives save and load.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "../../mocks/fake/cloudwatch_service.h"
#include "../../mocks/fake/sns_service.h"
#include "drh/aws/cloudwatch.h"
#include "drh/aws/sns.h"
#include "drh/protocol/query.h"
#include "drh/protocol/xml.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

using aws::CloudWatchClient;

constexpr const char* kEast = "us-east-1";
constexpr const char* kWest = "us-west-2";

aws::PutMetricAlarmRequest lag_alarm(std::string name = "orders-replication-lag") {
  return {.AlarmName = std::move(name),
          .AlarmDescription = "replication lag too high",
          .MetricName = "ReplicationLatency",
          .Namespace = "AWS/DynamoDB",
          .Statistic = "Average",
          .Dimensions = {{"TableName", "orders"}, {"ReceivingRegion", "us-west-2"}},
          .Period = 60,
          .Unit = "Milliseconds",
          .EvaluationPeriods = 3,
          .DatapointsToAlarm = 2,
          .Threshold = 1000,
          .ComparisonOperator = "GreaterThanThreshold",
          .TreatMissingData = "missing"};
}

// A Query-protocol call (Action=...&Version=2010-08-01) over the same signed client path.
Result<HttpResponse> query(FakeWorld& w, std::string_view region,
                           std::vector<std::pair<std::string, std::string>> params) {
  auto svc = find_service("cloudwatch");
  if (!svc) return svc.error();
  ServiceInfo info = **svc;
  info.protocol = "query";
  HttpRequest req;
  req.method = "POST";
  req.path = "/";
  req.headers.set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  params.insert(params.begin(), {"Version", "2010-08-01"});
  req.body = form_encode(params);
  return w.connection->send(info, region, std::move(req));
}

TEST(FakeCloudWatchAlarms, NewAlarmsAreInsufficientDataWithAwsShapes) {
  FakeWorld world;
  CloudWatchClient cw(*world.connection);
  auto put = cw.PutMetricAlarm(kEast, lag_alarm());
  ASSERT_TRUE(put.ok()) << put.error().describe();
  ASSERT_TRUE(cw.PutMetricAlarm(kWest, lag_alarm()).ok());

  auto d = cw.DescribeAlarms(kEast, {.AlarmNames = {"orders-replication-lag"}});
  ASSERT_TRUE(d.ok()) << d.error().describe();
  ASSERT_EQ(d->MetricAlarms.size(), 1u);
  const aws::MetricAlarm& a = d->MetricAlarms[0];
  EXPECT_EQ(a.AlarmArn, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-replication-lag");
  EXPECT_EQ(a.StateValue, "INSUFFICIENT_DATA");
  EXPECT_EQ(a.StateReason, "Unchecked: Initial alarm creation");
  EXPECT_EQ(a.StateUpdatedTimestamp, world.clock.now());
  EXPECT_EQ(a.AlarmConfigurationUpdatedTimestamp, world.clock.now());
  EXPECT_EQ(a.ActionsEnabled, true);
  EXPECT_EQ(a.Threshold, 1000.0);
  EXPECT_EQ(a.Period, 60);
  EXPECT_EQ(a.DatapointsToAlarm, 2);
  EXPECT_EQ(a.Dimensions.size(), 2u);
  EXPECT_EQ(a.Unit, "Milliseconds");
  EXPECT_TRUE(d->CompositeAlarms.empty());
  EXPECT_EQ(cw.DescribeAlarms(kWest, {})->MetricAlarms.at(0).AlarmArn,
            "arn:aws:cloudwatch:us-west-2:123456789012:alarm:orders-replication-lag");

  auto history = cw.DescribeAlarmHistory(kEast, {.AlarmName = "orders-replication-lag"});
  ASSERT_TRUE(history.ok()) << history.error().describe();
  ASSERT_EQ(history->AlarmHistoryItems.size(), 1u);
  EXPECT_EQ(history->AlarmHistoryItems[0].HistoryItemType, "ConfigurationUpdate");
  EXPECT_EQ(history->AlarmHistoryItems[0].HistorySummary, "Alarm \"orders-replication-lag\" created");
  EXPECT_TRUE(nlohmann::json::accept(history->AlarmHistoryItems[0].HistoryData));

  // An update keeps the state and records the change.
  world.clock.advance(std::chrono::minutes(1));
  auto changed = lag_alarm();
  changed.Threshold = 500;
  ASSERT_TRUE(cw.PutMetricAlarm(kEast, changed).ok());
  auto after = cw.DescribeAlarms(kEast, {});
  EXPECT_EQ(after->MetricAlarms.at(0).Threshold, 500.0);
  EXPECT_EQ(after->MetricAlarms.at(0).StateUpdatedTimestamp, world.clock.now() - std::chrono::minutes(1));
  EXPECT_EQ(cw.DescribeAlarmHistory(kEast, {})->AlarmHistoryItems.at(0).HistorySummary,
            "Alarm \"orders-replication-lag\" updated");
}

TEST(FakeCloudWatchAlarms, PutMetricAlarmIsValidatedAsCloudWatchDoes) {
  FakeWorld world;
  CloudWatchClient cw(*world.connection);
  auto both = lag_alarm("a");
  both.ExtendedStatistic = "p99";
  auto r1 = cw.PutMetricAlarm(kEast, both);
  ASSERT_FALSE(r1.ok());
  EXPECT_EQ(r1.error().code, "InvalidParameterCombination");
  EXPECT_EQ(r1.error().http_status, 400);

  auto period = lag_alarm("b");
  period.Period = 45;
  auto r2 = cw.PutMetricAlarm(kEast, period);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().code, "InvalidParameterValue");

  auto op = lag_alarm("c");
  op.ComparisonOperator = "Bigger";
  auto r3 = cw.PutMetricAlarm(kEast, op);
  ASSERT_FALSE(r3.ok());
  EXPECT_EQ(r3.error().code, "ValidationError");
  EXPECT_NE(r3.error().message.find("comparisonOperator"), std::string::npos);

  auto tmd = lag_alarm("d");
  tmd.TreatMissingData = "sometimes";
  EXPECT_EQ(cw.PutMetricAlarm(kEast, tmd).error().code, "ValidationError");

  auto m = lag_alarm("e");
  m.DatapointsToAlarm = 5;
  EXPECT_EQ(cw.PutMetricAlarm(kEast, m).error().code, "ValidationError");

  auto no_threshold = lag_alarm("f");
  no_threshold.Threshold.reset();
  EXPECT_EQ(cw.PutMetricAlarm(kEast, no_threshold).error().code, "InvalidParameterCombination");

  auto high_res = lag_alarm("g");
  high_res.Period = 10;
  EXPECT_TRUE(cw.PutMetricAlarm(kEast, high_res).ok());
  EXPECT_EQ(cw.DescribeAlarms(kEast, {})->MetricAlarms.size(), 1u);
}

TEST(FakeCloudWatchAlarms, DescribeAlarmsFiltersAndPages) {
  FakeWorld world;
  CloudWatchClient cw(*world.connection);
  for (int i = 0; i < 7; ++i) {
    auto a = lag_alarm("orders-" + std::to_string(i));
    if (i % 2 == 0) a.AlarmActions = {"arn:aws:sns:us-east-1:123456789012:pager"};
    ASSERT_TRUE(cw.PutMetricAlarm(kEast, a).ok());
  }
  ASSERT_TRUE(cw.PutMetricAlarm(kEast, lag_alarm("payments-0")).ok());
  ASSERT_TRUE(cw.SetAlarmState(kEast, {.AlarmName = "orders-3", .StateValue = "ALARM",
                                       .StateReason = "drill"})
                  .ok());

  EXPECT_EQ(cw.DescribeAlarms(kEast, {.AlarmNamePrefix = "orders-"})->MetricAlarms.size(), 7u);
  auto alarming = cw.DescribeAlarms(kEast, {.StateValue = "ALARM"});
  ASSERT_EQ(alarming->MetricAlarms.size(), 1u);
  EXPECT_EQ(alarming->MetricAlarms[0].AlarmName, "orders-3");
  EXPECT_EQ(cw.DescribeAlarms(kEast, {.ActionPrefix = "arn:aws:sns:us-east-1:123456789012:pa"})
                ->MetricAlarms.size(),
            4u);
  EXPECT_TRUE(cw.DescribeAlarms(kEast, {.AlarmTypes = {"CompositeAlarm"}})->MetricAlarms.empty());

  auto page1 = cw.DescribeAlarms(kEast, {.MaxRecords = 3});
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->MetricAlarms.size(), 3u);
  ASSERT_FALSE(page1->NextToken.empty());
  auto all = cw.DescribeAlarmsAll(kEast, {.MaxRecords = 3});  // three pages
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->MetricAlarms.size(), 8u);
  EXPECT_EQ(all->MetricAlarms.back().AlarmName, "payments-0");

  auto bad_token = cw.DescribeAlarms(kEast, {.NextToken = "not-a-token"});
  ASSERT_FALSE(bad_token.ok());
  EXPECT_EQ(bad_token.error().code, "InvalidNextToken");
}

TEST(FakeCloudWatchAlarms, SetAlarmStateRecordsHistoryAndPublishesToSns) {
  FakeWorld world;
  CloudWatchClient cw(*world.connection);
  aws::SnsClient sns(*world.connection);
  auto topic = sns.CreateTopic(kEast, {.Name = "pager"});
  ASSERT_TRUE(topic.ok()) << topic.error().describe();
  auto alarm = lag_alarm();
  alarm.AlarmActions = {topic->TopicArn, "arn:aws:sns:us-east-1:123456789012:missing-topic"};
  alarm.OKActions = {topic->TopicArn};
  ASSERT_TRUE(cw.PutMetricAlarm(kEast, alarm).ok());

  world.clock.advance(std::chrono::seconds(30));
  auto set = cw.SetAlarmState(kEast, {.AlarmName = "orders-replication-lag", .StateValue = "ALARM",
                                      .StateReason = "DR drill",
                                      .StateReasonData = R"({"drill":true})"});
  ASSERT_TRUE(set.ok()) << set.error().describe();
  auto a = cw.DescribeAlarms(kEast, {})->MetricAlarms.at(0);
  EXPECT_EQ(a.StateValue, "ALARM");
  EXPECT_EQ(a.StateReason, "DR drill");
  EXPECT_EQ(a.StateReasonData, R"({"drill":true})");
  EXPECT_EQ(a.StateTransitionedTimestamp, world.clock.now());

  std::vector<fake::sns::Message> messages;
  {
    std::lock_guard lock(world.cloud.core().mutex);
    messages = world.cloud.core().get<fake::SnsService>("sns").published(kEast, topic->TopicArn);
  }
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].subject, "ALARM: \"orders-replication-lag\" in US East (N. Virginia)");
  auto body = nlohmann::json::parse(messages[0].message);
  EXPECT_EQ(body["NewStateValue"], "ALARM");
  EXPECT_EQ(body["OldStateValue"], "INSUFFICIENT_DATA");
  EXPECT_EQ(body["Trigger"]["MetricName"], "ReplicationLatency");

  auto actions = cw.DescribeAlarmHistory(kEast, {.HistoryItemType = "Action"});
  ASSERT_EQ(actions->AlarmHistoryItems.size(), 2u);
  int ok = 0;
  for (const auto& h : actions->AlarmHistoryItems) {
    if (h.HistorySummary.starts_with("Successfully executed action " + topic->TopicArn)) ++ok;
    if (h.HistorySummary.starts_with("Failed to execute action")) {
      EXPECT_NE(h.HistorySummary.find("missing-topic"), std::string::npos);
    }
  }
  EXPECT_EQ(ok, 1);
  auto updates = cw.DescribeAlarmHistory(kEast, {.HistoryItemType = "StateUpdate"});
  ASSERT_EQ(updates->AlarmHistoryItems.size(), 1u);
  EXPECT_EQ(updates->AlarmHistoryItems[0].HistorySummary,
            "Alarm updated from INSUFFICIENT_DATA to ALARM");

  // The same state again changes nothing that triggers actions.
  ASSERT_TRUE(cw.SetAlarmState(kEast, {.AlarmName = "orders-replication-lag", .StateValue = "ALARM",
                                       .StateReason = "still"})
                  .ok());
  EXPECT_EQ(cw.DescribeAlarmHistory(kEast, {.HistoryItemType = "Action"})->AlarmHistoryItems.size(), 2u);

  auto missing = cw.SetAlarmState(kEast, {.AlarmName = "nope", .StateValue = "OK", .StateReason = "x"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ResourceNotFound");
  EXPECT_EQ(missing.error().http_status, 404);
  auto bad_json = cw.SetAlarmState(kEast, {.AlarmName = "orders-replication-lag", .StateValue = "OK",
                                           .StateReason = "x", .StateReasonData = "{not json"});
  ASSERT_FALSE(bad_json.ok());
  EXPECT_EQ(bad_json.error().code, "InvalidFormat");
}

TEST(FakeCloudWatchAlarms, HistoryPagesBothWaysAndOutlivesTheAlarm) {
  FakeWorld world;
  CloudWatchClient cw(*world.connection);
  // "ignore": the scheduled evaluation at t0 + 60 s (no data) leaves the flapping alone.
  auto alarm = lag_alarm();
  alarm.TreatMissingData = "ignore";
  ASSERT_TRUE(cw.PutMetricAlarm(kEast, alarm).ok());
  const TimePoint t0 = world.clock.now();
  const char* states[] = {"ALARM", "OK", "ALARM", "OK", "ALARM", "OK", "ALARM"};
  for (const char* s : states) {
    world.clock.advance(std::chrono::seconds(10));
    ASSERT_TRUE(cw.SetAlarmState(kEast, {.AlarmName = "orders-replication-lag", .StateValue = s,
                                         .StateReason = "flap"})
                    .ok());
  }
  ASSERT_TRUE(cw.DeleteAlarms(kEast, {.AlarmNames = {"orders-replication-lag", "never-existed"}}).ok());
  EXPECT_TRUE(cw.DescribeAlarms(kEast, {})->MetricAlarms.empty());

  auto newest = cw.DescribeAlarmHistory(kEast, {.MaxRecords = 1});
  ASSERT_EQ(newest->AlarmHistoryItems.size(), 1u);
  EXPECT_EQ(newest->AlarmHistoryItems[0].HistorySummary, "Alarm \"orders-replication-lag\" deleted");
  auto all = cw.DescribeAlarmHistoryAll(kEast, {.HistoryItemType = "StateUpdate", .MaxRecords = 3});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 7u);  // three pages, newest first
  EXPECT_EQ(all->front().HistorySummary, "Alarm updated from OK to ALARM");
  EXPECT_GT(*all->front().Timestamp, *all->back().Timestamp);
  auto ascending = cw.DescribeAlarmHistoryAll(
      kEast, {.HistoryItemType = "StateUpdate", .MaxRecords = 3, .ScanBy = "TimestampAscending"});
  ASSERT_EQ(ascending->size(), 7u);
  EXPECT_EQ(ascending->front().HistorySummary, "Alarm updated from INSUFFICIENT_DATA to ALARM");
  auto window = cw.DescribeAlarmHistory(kEast, {.HistoryItemType = "StateUpdate",
                                                .StartDate = t0 + std::chrono::seconds(30),
                                                .EndDate = t0 + std::chrono::seconds(50)});
  ASSERT_TRUE(window.ok()) << window.error().describe();
  EXPECT_EQ(window->AlarmHistoryItems.size(), 3u);
}

TEST(FakeCloudWatchAlarms, QueryProtocolAnswersInXmlWithQueryErrors) {
  FakeWorld world;
  auto put = query(world, kEast,
                   {{"Action", "PutMetricAlarm"},
                    {"AlarmName", "q-alarm"},
                    {"MetricName", "CPUUtilization"},
                    {"Namespace", "AWS/EC2"},
                    {"Statistic", "Maximum"},
                    {"Dimensions.member.1.Name", "InstanceId"},
                    {"Dimensions.member.1.Value", "i-0abc"},
                    {"Period", "300"},
                    {"EvaluationPeriods", "1"},
                    {"Threshold", "80.5"},
                    {"ComparisonOperator", "GreaterThanOrEqualToThreshold"},
                    {"AlarmActions.member.1", "arn:aws:sns:us-east-1:123456789012:t"}});
  ASSERT_TRUE(put.ok()) << put.error().describe();
  EXPECT_NE(put->body.find("<PutMetricAlarmResponse xmlns=\"http://monitoring.amazonaws.com/doc/"
                           "2010-08-01/\">"),
            std::string::npos);

  auto described = query(world, kEast, {{"Action", "DescribeAlarms"}, {"AlarmNames.member.1", "q-alarm"}});
  ASSERT_TRUE(described.ok()) << described.error().describe();
  pugi::xml_document doc;
  ASSERT_TRUE(xml::load(doc, described->body).ok());
  pugi::xml_node alarm = doc.child("DescribeAlarmsResponse").child("DescribeAlarmsResult")
                             .child("MetricAlarms").child("member");
  EXPECT_STREQ(alarm.child_value("StateValue"), "INSUFFICIENT_DATA");
  EXPECT_STREQ(alarm.child_value("Threshold"), "80.5");
  EXPECT_STREQ(alarm.child("Dimensions").child("member").child_value("Value"), "i-0abc");
  EXPECT_STREQ(alarm.child("AlarmActions").child_value("member"), "arn:aws:sns:us-east-1:123456789012:t");
  EXPECT_STREQ(alarm.child_value("StateUpdatedTimestamp"), "2026-01-01T00:00:00.000Z");

  auto missing = query(world, kEast, {{"Action", "SetAlarmState"}, {"AlarmName", "none"},
                                      {"StateValue", "OK"}, {"StateReason", "x"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ResourceNotFound");
  EXPECT_EQ(missing.error().http_status, 404);

  auto unknown = query(world, kEast, {{"Action", "PutCompositeAlarm"}, {"AlarmName", "x"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "InvalidAction");
  EXPECT_NE(unknown.error().message.find("PutCompositeAlarm"), std::string::npos);
}

TEST(FakeCloudWatchAlarms, JsonErrorsCarryTheQueryCode) {
  FakeWorld world;
  HttpRequest req;
  req.method = "POST";
  req.host = "monitoring.us-east-1.amazonaws.com";
  req.headers.set("X-Amz-Target", "GraniteServiceVersion20100801.SetAlarmState");
  req.headers.set("Content-Type", "application/x-amz-json-1.0");
  req.body = R"({"AlarmName":"none","StateValue":"OK","StateReason":"x"})";
  HttpResponse r = world.cloud.handle(req);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers.get("x-amzn-query-error").value_or(""), "ResourceNotFound;Sender");
  EXPECT_EQ(nlohmann::json::parse(r.body)["__type"], "com.amazonaws.cloudwatch#ResourceNotFound");

  req.body = R"({"AlarmName":"a","MetricName":"m","Namespace":"n","Statistic":"Average",
                 "Period":45,"EvaluationPeriods":1,"Threshold":1,
                 "ComparisonOperator":"GreaterThanThreshold"})";
  req.headers.set("X-Amz-Target", "GraniteServiceVersion20100801.PutMetricAlarm");
  r = world.cloud.handle(req);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.headers.get("x-amzn-query-error").value_or(""), "InvalidParameterValue;Sender");
  EXPECT_EQ(nlohmann::json::parse(r.body)["__type"],
            "com.amazonaws.cloudwatch#InvalidParameterValueException");

  req.headers.set("X-Amz-Target", "GraniteServiceVersion20100801.PutDashboard");
  r = world.cloud.handle(req);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(nlohmann::json::parse(r.body)["__type"],
            "com.amazonaws.cloudwatch#UnknownOperationException");
}

TEST(FakeCloudWatchAlarms, EvaluationSeamComputesStateFromDatapoints) {
  FakeWorld world;
  CloudWatchClient cw(*world.connection);
  ASSERT_TRUE(cw.PutMetricAlarm(kEast, lag_alarm()).ok());
  auto& svc = world.cloud.core().get<fake::CloudWatchService>("cloudwatch");
  const fake::cw::MetricKey metric{"AWS/DynamoDB", "ReplicationLatency",
                                   {{"ReceivingRegion", "us-west-2"}, {"TableName", "orders"}}};
  {
    std::lock_guard lock(world.cloud.core().mutex);
    auto e = svc.evaluate_alarm(kEast, "orders-replication-lag", world.clock.now());
    ASSERT_TRUE(e);
    EXPECT_EQ(e->state, "INSUFFICIENT_DATA");
    // Three minutes of lag: 2 of the last 3 periods above 1000 ms -> ALARM.
    const TimePoint t0 = world.clock.now();
    svc.put_datapoint(kEast, metric, t0 + std::chrono::seconds(10), 200, "Milliseconds");
    svc.put_datapoint(kEast, metric, t0 + std::chrono::seconds(70), 1500, "Milliseconds");
    svc.put_datapoint(kEast, metric, t0 + std::chrono::seconds(130), 2500, "Milliseconds");
  }
  world.clock.advance(std::chrono::minutes(3));
  {
    std::lock_guard lock(world.cloud.core().mutex);
    auto e = svc.evaluate_alarm(kEast, "orders-replication-lag", world.clock.now());
    ASSERT_TRUE(e);
    EXPECT_EQ(e->state, "ALARM");
    EXPECT_NE(e->reason.find("2 out of the last 3 datapoints"), std::string::npos) << e->reason;
    svc.evaluate_alarms(kEast);
  }
  EXPECT_EQ(cw.DescribeAlarms(kEast, {})->MetricAlarms.at(0).StateValue, "ALARM");
}

TEST(FakeCloudWatchAlarms, StateRoundTrips) {
  FakeWorld world;
  CloudWatchClient cw(*world.connection);
  auto alarm = lag_alarm();
  alarm.Tags = {{"team", "dr"}};
  ASSERT_TRUE(cw.PutMetricAlarm(kEast, alarm).ok());
  ASSERT_TRUE(cw.SetAlarmState(kEast, {.AlarmName = "orders-replication-lag", .StateValue = "OK",
                                       .StateReason = "fine"})
                  .ok());
  ASSERT_TRUE(cw.PutMetricData(kEast, {.Namespace = "Drh/Canary",
                                       .MetricData = {{.MetricName = "Writes", .Value = 3.0}}})
                  .ok());
  const std::string saved = world.cloud.save_state();
  FakeWorld other;
  ASSERT_TRUE(other.cloud.load_state(saved).ok());
  EXPECT_EQ(other.cloud.save_state(), saved);
  CloudWatchClient cw2(*other.connection);
  EXPECT_EQ(cw2.DescribeAlarms(kEast, {})->MetricAlarms.at(0).StateValue, "OK");
  EXPECT_EQ(cw2.DescribeAlarmHistory(kEast, {})->AlarmHistoryItems.size(), 2u);
  EXPECT_EQ(cw2.ListMetrics(kEast, {})->Metrics.size(), 1u);
}

}  // namespace
}  // namespace drh::testing
