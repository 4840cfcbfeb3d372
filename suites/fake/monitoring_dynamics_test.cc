// Monitoring over time in the fake, through the typed clients on a virtual clock: Route 53
// health checkers probing registered endpoints (FailureThreshold, the 18% rule, Inverted,
// Disabled, CALCULATED, CLOUDWATCH_METRIC), DNS failover following them through a region
// outage and back, CloudWatch alarms evaluated on schedule (TreatMissingData, history, SNS
// notifications in AWS's format) and SNS delivery to subscriptions.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../../mocks/fake/cloudwatch_service.h"
#include "../../mocks/fake/faults.h"
#include "../../mocks/fake/route53_service.h"
#include "../../mocks/fake/service.h"
#include "../../mocks/fake/sns_service.h"
#include "drh/aws/cloudwatch.h"
#include "drh/aws/route53.h"
#include "drh/aws/sns.h"
#include "drh/fake/endpoints.h"
#include "drh/fake/sns.h"
#include "drh/protocol/generic.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

using std::chrono::seconds;

/// A region outage from now on, until removed.
fake::Fault outage_of(const std::string& region, TimePoint now) {
  fake::Fault f;
  f.kind = fake::FaultKind::kRegionOutage;
  f.region = region;
  f.start = now;
  return f;
}

/// The notifications delivered for `topic` (confirmation messages left out).
std::vector<fake::SnsDelivery> notifications(fake::FakeCloud& cloud, const std::string& topic) {
  std::vector<fake::SnsDelivery> out;
  for (auto& d : fake::sns_deliveries(cloud, topic)) {
    if (d.type == "Notification") out.push_back(std::move(d));
  }
  return out;
}

constexpr const char* kEast = "us-east-1";
constexpr const char* kWest = "us-west-2";

class MonitoringDynamics : public ::testing::Test {
 protected:
  void SetUp() override {
    fake::register_endpoint(world.cloud, {.host = "app-east.example.com", .region = kEast});
    fake::register_endpoint(world.cloud, {.host = "app-west.example.com", .region = kWest});
  }

  std::string check(const std::string& ref, aws::HealthCheckConfig cfg) {
    auto r = r53.CreateHealthCheck({.CallerReference = ref, .HealthCheckConfig = std::move(cfg)});
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r.ok() ? r->HealthCheck.Id : std::string();
  }
  std::string http_check(const std::string& ref, const std::string& host, int interval = 10,
                         int threshold = 3) {
    return check(ref, {.Type = "HTTP",
                       .ResourcePath = "/health",
                       .FullyQualifiedDomainName = host,
                       .RequestInterval = interval,
                       .FailureThreshold = threshold});
  }
  bool healthy(const std::string& id) {
    std::lock_guard lock(world.cloud.core().mutex);
    auto& svc = world.cloud.core().get<fake::Route53Service>("route53");
    const auto* hc = svc.find_health_check(id);
    EXPECT_NE(hc, nullptr) << id;
    return hc != nullptr && svc.health_status(*hc).healthy;
  }
  std::string fail_region(const std::string& region) {
    std::lock_guard lock(world.cloud.core().mutex);
    return world.cloud.core().faults.add(outage_of(region, world.clock.now()));
  }
  void heal(const std::string& fault) {
    std::lock_guard lock(world.cloud.core().mutex);
    ASSERT_TRUE(world.cloud.core().faults.remove(fault));
  }
  /// Steps the clock a second at a time until `done` holds; the virtual seconds it took,
  /// or -1 when it did not hold within `limit` seconds.
  template <typename F>
  int seconds_until(F done, int limit) {
    for (int s = 0; s <= limit; ++s) {
      if (done()) return s;
      world.clock.advance(seconds(1));
    }
    return -1;
  }
  std::vector<std::string> answer(const std::string& zone, const std::string& name) {
    auto r = r53.TestDNSAnswer({.HostedZoneId = zone, .RecordName = name, .RecordType = "A"});
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r.ok() ? r->RecordData : std::vector<std::string>{};
  }

  FakeWorld world;
  aws::Route53Client r53{*world.connection};
};

aws::ResourceRecordSet failover(std::string role, std::string ip, std::string hc) {
  aws::ResourceRecordSet rr;
  rr.Name = "app.example.com";
  rr.Type = "A";
  rr.TTL = 60;
  rr.ResourceRecords = {{std::move(ip)}};
  rr.SetIdentifier = role == "PRIMARY" ? "east" : "west";
  rr.Failover = std::move(role);
  rr.HealthCheckId = std::move(hc);
  return rr;
}

TEST_F(MonitoringDynamics, RegionOutageFailsTheCheckWithin30sAndDnsFailsOverAndBack) {
  const std::string east = http_check("east", "app-east.example.com");
  const std::string west = http_check("west", "app-west.example.com");
  auto zone = r53.CreateHostedZone({.Name = "example.com", .CallerReference = "zone"});
  ASSERT_TRUE(zone.ok()) << zone.error().describe();
  const std::string zid = zone->HostedZone.Id;
  ASSERT_TRUE(r53.ChangeResourceRecordSets(
                     {.HostedZoneId = zid,
                      .ChangeBatch = {.Changes = {{"CREATE", failover("PRIMARY", "10.0.0.1", east)},
                                                  {"CREATE", failover("SECONDARY", "10.1.0.1",
                                                                      west)}}}})
                  .ok());
  world.clock.advance(seconds(60));
  ASSERT_TRUE(healthy(east));
  EXPECT_EQ(answer(zid, "app.example.com"), std::vector<std::string>{"10.0.0.1"});
  auto status = r53.GetHealthCheckStatus({.HealthCheckId = east});
  ASSERT_TRUE(status.ok()) << status.error().describe();
  ASSERT_EQ(status->HealthCheckObservations.size(), 8u);
  for (const auto& o : status->HealthCheckObservations) {
    EXPECT_EQ(o.StatusReport->Status, "Success: HTTP Status Code 200, OK") << o.Region;
    // Each checker probed within the last RequestInterval.
    EXPECT_GT(*o.StatusReport->CheckedTime, world.clock.now() - seconds(10)) << o.Region;
  }

  // us-east-1 goes out: three failed probes per checker (10 s apart) and the check turns
  // unhealthy once 18% or fewer checkers see it healthy: after 20 s, within 30 s.
  const std::string outage = fail_region(kEast);
  const int down_after = seconds_until([&] { return !healthy(east); }, 40);
  RecordProperty("unhealthy_after_s", down_after);
  EXPECT_GT(down_after, 20);
  EXPECT_LE(down_after, 30);
  EXPECT_TRUE(healthy(west));
  EXPECT_EQ(answer(zid, "app.example.com"), std::vector<std::string>{"10.1.0.1"});
  status = r53.GetHealthCheckStatus({.HealthCheckId = east});
  ASSERT_TRUE(status.ok());
  int failures = 0;
  for (const auto& o : status->HealthCheckObservations) {
    if (o.StatusReport->Status.starts_with("Failure: Connection timed out.")) ++failures;
  }
  EXPECT_GE(failures, 7) << status->HealthCheckObservations[0].StatusReport->Status;

  // Half a minute later every checker has seen three failures. The region comes back:
  // after three successes from a checker beside the one in us-east-1 (silent during the
  // outage, so still on its old verdict) more than 18% report healthy again, and DNS
  // answers the primary again.
  world.clock.advance(seconds(30));
  ASSERT_FALSE(healthy(east));
  heal(outage);
  const int up_after = seconds_until([&] { return healthy(east); }, 40);
  RecordProperty("healthy_again_after_s", up_after);
  EXPECT_GT(up_after, 20);
  EXPECT_LE(up_after, 30);
  EXPECT_EQ(answer(zid, "app.example.com"), std::vector<std::string>{"10.0.0.1"});
}

TEST_F(MonitoringDynamics, FailureThresholdAndIntervalSetTheDetectionTime) {
  // Threshold 1 at 10 s: within one interval; threshold 3 at 30 s: after 60 s, within 90 s.
  const std::string fast = http_check("fast", "app-east.example.com", 10, 1);
  const std::string slow = http_check("slow", "app-east.example.com", 30, 3);
  world.clock.advance(seconds(120));
  fail_region(kEast);
  const int fast_down = seconds_until([&] { return !healthy(fast); }, 100);
  EXPECT_GT(fast_down, 0);
  EXPECT_LE(fast_down, 10);
  const int slow_down = seconds_until([&] { return !healthy(slow); }, 100) + fast_down;
  EXPECT_GT(slow_down, 60);
  EXPECT_LE(slow_down, 90);
}

TEST_F(MonitoringDynamics, EndpointsMarkedUnhealthyAndSearchStringsDecideProbes) {
  fake::register_endpoint(world.cloud, {.host = "api.example.com",
                                        .port = 443,
                                        .path = "/status",
                                        .region = kEast,
                                        .body = "{\"status\":\"green\"}"});
  const std::string plain = check("plain", {.Type = "HTTPS",
                                            .ResourcePath = "/status",
                                            .FullyQualifiedDomainName = "api.example.com",
                                            .RequestInterval = 10,
                                            .FailureThreshold = 1});
  const std::string green = check("green", {.Type = "HTTPS_STR_MATCH",
                                            .ResourcePath = "/status",
                                            .FullyQualifiedDomainName = "api.example.com",
                                            .SearchString = "green",
                                            .RequestInterval = 10,
                                            .FailureThreshold = 1});
  const std::string red = check("red", {.Type = "HTTPS_STR_MATCH",
                                        .ResourcePath = "/status",
                                        .FullyQualifiedDomainName = "api.example.com",
                                        .SearchString = "red",
                                        .RequestInterval = 10,
                                        .FailureThreshold = 1});
  // New checks are healthy until data arrives.
  EXPECT_TRUE(healthy(red));
  world.clock.advance(seconds(10));
  EXPECT_TRUE(healthy(plain));
  EXPECT_TRUE(healthy(green));
  EXPECT_FALSE(healthy(red));
  auto status = r53.GetHealthCheckStatus({.HealthCheckId = red});
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->HealthCheckObservations[0].StatusReport->Status,
            "Failure: String 'red' was not found in the first 5120 bytes of the response body.");

  ASSERT_TRUE(fake::set_endpoint_healthy(world.cloud, "API.example.com", false));
  world.clock.advance(seconds(10));
  EXPECT_FALSE(healthy(plain));
  EXPECT_FALSE(healthy(green));
  status = r53.GetHealthCheckStatus({.HealthCheckId = plain});
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->HealthCheckObservations[0].StatusReport->Status,
            "Failure: HTTP Status Code 503, Service Unavailable");
  EXPECT_FALSE(fake::set_endpoint_healthy(world.cloud, "nobody.example.com", false));
}

TEST_F(MonitoringDynamics, UnregisteredTargetsFollowTheRegionInTheirNameOrTheSetting) {
  const std::string alb = http_check("alb", "dr-alb-1234.us-east-1.elb.amazonaws.com");
  const std::string url = http_check("url", "abcdefg.lambda-url.us-west-2.on.aws");
  const std::string ip = check("ip", {.IPAddress = "192.0.2.44",
                                      .Port = 5432,
                                      .Type = "TCP",
                                      .RequestInterval = 10,
                                      .FailureThreshold = 1});
  fail_region(kEast);
  world.clock.advance(seconds(40));
  EXPECT_FALSE(healthy(alb));
  EXPECT_TRUE(healthy(url));
  EXPECT_TRUE(healthy(ip));  // unknown and unnamed: healthy by default
  fake::set_unknown_endpoints_healthy(world.cloud, false);
  world.clock.advance(seconds(10));
  EXPECT_FALSE(healthy(ip));
  EXPECT_TRUE(healthy(url));
}

TEST_F(MonitoringDynamics, LoopbackTargetsTakeLiveProbeResultsWhenLiveProbingIsOn) {
  const std::string db = check("db", {.IPAddress = "127.0.0.1",
                                      .Port = 5432,
                                      .Type = "TCP",
                                      .RequestInterval = 10,
                                      .FailureThreshold = 1});
  EXPECT_TRUE(fake::live_probe_targets(world.cloud).empty()) << "live probing is off";
  fake::enable_live_probing(world.cloud, true);
  auto targets = fake::live_probe_targets(world.cloud);
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].host, "127.0.0.1");
  EXPECT_EQ(targets[0].port, 5432);
  EXPECT_EQ(targets[0].type, "TCP");
  world.clock.advance(seconds(10));
  EXPECT_TRUE(healthy(db));  // no real probe reported yet: healthy until data arrives
  fake::report_live_probe(world.cloud, targets[0].key, false, "Connection refused");
  world.clock.advance(seconds(10));
  EXPECT_FALSE(healthy(db));
  auto status = r53.GetHealthCheckStatus({.HealthCheckId = db});
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->HealthCheckObservations[0].StatusReport->Status, "Failure: Connection refused");
}

TEST_F(MonitoringDynamics, InvertedAndDisabledChecks) {
  const std::string inverted = check("inv", {.Type = "HTTP",
                                             .FullyQualifiedDomainName = "app-east.example.com",
                                             .RequestInterval = 10,
                                             .FailureThreshold = 1,
                                             .Inverted = true});
  const std::string disabled = check("dis", {.Type = "HTTP",
                                             .FullyQualifiedDomainName = "app-east.example.com",
                                             .RequestInterval = 10,
                                             .FailureThreshold = 1,
                                             .Disabled = true});
  world.clock.advance(seconds(20));
  EXPECT_FALSE(healthy(inverted));  // the endpoint is up: inverted, the check is down
  EXPECT_TRUE(healthy(disabled));
  fail_region(kEast);
  world.clock.advance(seconds(20));
  EXPECT_TRUE(healthy(inverted));
  EXPECT_TRUE(healthy(disabled));  // disabled checks are healthy whatever the endpoint
  auto status = r53.GetHealthCheckStatus({.HealthCheckId = disabled});
  ASSERT_TRUE(status.ok());
  EXPECT_TRUE(status->HealthCheckObservations[0].StatusReport->Status.starts_with("Success"));
}

TEST_F(MonitoringDynamics, CalculatedChecksCountHealthyChildren) {
  fake::register_endpoint(world.cloud, {.host = "app-eu.example.com", .region = "eu-west-1"});
  std::vector<std::string> kids = {http_check("c1", "app-east.example.com"),
                                   http_check("c2", "app-west.example.com"),
                                   http_check("c3", "app-eu.example.com")};
  const std::string two_of_three =
      check("calc", {.Type = "CALCULATED", .HealthThreshold = 2, .ChildHealthChecks = kids});
  const std::string all = check("all", {.Type = "CALCULATED", .ChildHealthChecks = kids});
  world.clock.advance(seconds(30));
  EXPECT_TRUE(healthy(two_of_three));
  EXPECT_TRUE(healthy(all));
  fail_region(kEast);
  world.clock.advance(seconds(40));
  EXPECT_TRUE(healthy(two_of_three));
  EXPECT_FALSE(healthy(all));
  fail_region(kWest);
  world.clock.advance(seconds(40));
  EXPECT_FALSE(healthy(two_of_three));
  auto status = r53.GetHealthCheckStatus({.HealthCheckId = two_of_three});
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->HealthCheckObservations[0].StatusReport->Status,
            "Failure: Healthy child health checks: 1 of 3 (HealthThreshold 2)");
}

TEST_F(MonitoringDynamics, CloudWatchMetricChecksFollowTheAlarmAndInsufficientData) {
  aws::CloudWatchClient cw(*world.connection);
  ASSERT_TRUE(cw.PutMetricAlarm(kEast, {.AlarmName = "errors",
                                        .MetricName = "Errors",
                                        .Namespace = "DR/App",
                                        .Statistic = "Sum",
                                        .Period = 60,
                                        .EvaluationPeriods = 1,
                                        .Threshold = 5,
                                        .ComparisonOperator = "GreaterThanThreshold",
                                        .TreatMissingData = "missing"})
                  .ok());
  auto metric_check = [&](const std::string& ref, const std::string& rule) {
    return check(ref, {.Type = "CLOUDWATCH_METRIC",
                       .AlarmIdentifier = aws::AlarmIdentifier{kEast, "errors"},
                       .InsufficientDataHealthStatus = rule});
  };
  const std::string when_healthy = metric_check("h", "Healthy");
  const std::string when_unhealthy = metric_check("u", "Unhealthy");
  const std::string last_known = metric_check("l", "LastKnownStatus");
  // The alarm starts in INSUFFICIENT_DATA.
  EXPECT_TRUE(healthy(when_healthy));
  EXPECT_FALSE(healthy(when_unhealthy));
  EXPECT_TRUE(healthy(last_known));

  auto& svc = world.cloud.core().get<fake::CloudWatchService>("cloudwatch");
  const fake::cw::MetricKey errors{"DR/App", "Errors", {}};
  {
    std::lock_guard lock(world.cloud.core().mutex);
    svc.put_datapoint(kEast, errors, world.clock.now() + seconds(5), 9);
  }
  world.clock.advance(seconds(60));
  EXPECT_EQ(cw.DescribeAlarms(kEast, {})->MetricAlarms.at(0).StateValue, "ALARM");
  EXPECT_FALSE(healthy(when_healthy));
  EXPECT_FALSE(healthy(last_known));
  // No data for the next period: INSUFFICIENT_DATA, and LastKnownStatus remembers ALARM.
  world.clock.advance(seconds(60));
  EXPECT_EQ(cw.DescribeAlarms(kEast, {})->MetricAlarms.at(0).StateValue, "INSUFFICIENT_DATA");
  EXPECT_TRUE(healthy(when_healthy));
  EXPECT_FALSE(healthy(when_unhealthy));
  EXPECT_FALSE(healthy(last_known));
}

TEST_F(MonitoringDynamics, HealthCheckStatusIsPublishedToCloudWatchEachMinute) {
  const std::string east = http_check("east", "app-east.example.com");
  aws::CloudWatchClient cw(*world.connection);
  // The usual DR alarm on a Route 53 check: HealthCheckStatus < 1 (us-east-1 only).
  ASSERT_TRUE(cw.PutMetricAlarm(kEast, {.AlarmName = "primary-down",
                                        .MetricName = "HealthCheckStatus",
                                        .Namespace = "AWS/Route53",
                                        .Statistic = "Minimum",
                                        .Dimensions = {{"HealthCheckId", east}},
                                        .Period = 60,
                                        .EvaluationPeriods = 1,
                                        .Threshold = 1,
                                        .ComparisonOperator = "LessThanThreshold"})
                  .ok());
  world.clock.advance(seconds(180));
  EXPECT_EQ(cw.DescribeAlarms(kEast, {})->MetricAlarms.at(0).StateValue, "OK");
  fail_region(kWest);  // the checkers' region is not the endpoint's: nothing changes
  world.clock.advance(seconds(120));
  EXPECT_EQ(cw.DescribeAlarms(kEast, {})->MetricAlarms.at(0).StateValue, "OK");
  EXPECT_TRUE(healthy(east));
}

// ---------------------------------------------------------------- alarms and SNS

struct AlarmWorld {
  AlarmWorld() {
    topic = sns.CreateTopic(kWest, {.Name = "dr-pager"})->TopicArn;
    queue_sub = sns.Subscribe(kWest, {.TopicArn = topic,
                                      .Protocol = "sqs",
                                      .Endpoint = "arn:aws:sqs:us-west-2:123456789012:pager"})
                    ->SubscriptionArn;
    // An email subscription nobody confirmed gets nothing.
    EXPECT_TRUE(
        sns.Subscribe(kWest, {.TopicArn = topic, .Protocol = "email", .Endpoint = "ops@example.com"})
            .ok());
  }
  void put_lag(TimePoint at, double ms) {
    std::lock_guard lock(world.cloud.core().mutex);
    world.cloud.core().get<fake::CloudWatchService>("cloudwatch")
        .put_datapoint(kWest,
                       {"AWS/RDS", "AuroraGlobalDBReplicationLag",
                        {{"DBClusterIdentifier", "orders-west"}}},
                       at, ms, "Milliseconds");
  }
  std::string state(const std::string& name) {
    auto r = cw.DescribeAlarms(kWest, {.AlarmNames = {name}});
    EXPECT_TRUE(r.ok() && r->MetricAlarms.size() == 1u);
    return r.ok() && !r->MetricAlarms.empty() ? r->MetricAlarms[0].StateValue : "";
  }

  FakeWorld world;
  aws::CloudWatchClient cw{*world.connection};
  aws::SnsClient sns{*world.connection};
  std::string topic;
  std::string queue_sub;
};

TEST(MonitoringAlarms, ReplicationLagAlarmGoesToAlarmAndItsNotificationIsDelivered) {
  AlarmWorld w;
  ASSERT_TRUE(w.cw.PutMetricAlarm(kWest, {.AlarmName = "orders-replication-lag",
                                          .AlarmDescription = "Aurora secondary lags",
                                          .OKActions = {w.topic},
                                          .AlarmActions = {w.topic},
                                          .MetricName = "AuroraGlobalDBReplicationLag",
                                          .Namespace = "AWS/RDS",
                                          .Statistic = "Average",
                                          .Dimensions = {{"DBClusterIdentifier", "orders-west"}},
                                          .Period = 60,
                                          .Unit = "Milliseconds",
                                          .EvaluationPeriods = 3,
                                          .DatapointsToAlarm = 3,
                                          .Threshold = 500,
                                          .ComparisonOperator = "GreaterThanThreshold",
                                          .TreatMissingData = "missing"})
                  .ok());
  // One healthy minute (lag 120 ms), then lag of 800 ms, a datapoint every 10 s.
  const TimePoint t0 = w.world.clock.now();
  for (int s = 0; s < 60; s += 10) w.put_lag(t0 + seconds(s), 120);
  w.world.clock.advance(seconds(60));
  EXPECT_EQ(w.state("orders-replication-lag"), "OK");
  const TimePoint breach = w.world.clock.now();
  int alarm_after = -1;
  for (int s = 0; s <= 240 && alarm_after < 0; s += 10) {
    w.put_lag(breach + seconds(s), 800);
    w.world.clock.advance(seconds(10));
    if (w.state("orders-replication-lag") == "ALARM") alarm_after = s + 10;
  }
  // Three breaching one-minute periods: the alarm fires when the third one closes.
  EXPECT_EQ(alarm_after, 180);

  auto updates = w.cw.DescribeAlarmHistory(
      kWest, {.AlarmName = "orders-replication-lag", .HistoryItemType = "StateUpdate"});
  ASSERT_TRUE(updates.ok());
  ASSERT_GE(updates->AlarmHistoryItems.size(), 2u);
  EXPECT_EQ(updates->AlarmHistoryItems[0].HistorySummary, "Alarm updated from OK to ALARM");
  auto data = nlohmann::json::parse(updates->AlarmHistoryItems[0].HistoryData);
  EXPECT_EQ(data["oldState"]["stateValue"], "OK");
  EXPECT_EQ(data["newState"]["stateValue"], "ALARM");
  EXPECT_EQ(data["newState"]["stateReasonData"]["recentDatapoints"].size(), 3u);
  EXPECT_EQ(updates->AlarmHistoryItems[1].HistorySummary,
            "Alarm updated from INSUFFICIENT_DATA to OK");

  // One delivery per state change with actions (OK, then ALARM) to the confirmed queue.
  auto deliveries = notifications(w.world.cloud, w.topic);
  ASSERT_EQ(deliveries.size(), 2u);
  const fake::SnsDelivery& d = deliveries[1];
  EXPECT_EQ(d.subscription_arn, w.queue_sub);
  EXPECT_EQ(d.protocol, "sqs");
  EXPECT_EQ(d.status, "recorded");
  EXPECT_EQ(d.subject, "ALARM: \"orders-replication-lag\" in US West (Oregon)");
  EXPECT_EQ(d.at, breach + seconds(180));
  auto m = nlohmann::json::parse(d.message);
  EXPECT_EQ(m["AlarmName"], "orders-replication-lag");
  EXPECT_EQ(m["AlarmDescription"], "Aurora secondary lags");
  EXPECT_EQ(m["AWSAccountId"], "123456789012");
  EXPECT_EQ(m["NewStateValue"], "ALARM");
  EXPECT_EQ(m["OldStateValue"], "OK");
  EXPECT_EQ(m["Region"], "US West (Oregon)");
  EXPECT_EQ(m["AlarmArn"],
            "arn:aws:cloudwatch:us-west-2:123456789012:alarm:orders-replication-lag");
  EXPECT_TRUE(m["NewStateReason"].get<std::string>().starts_with(
      "Threshold Crossed: 3 out of the last 3 datapoints [800.0"))
      << m["NewStateReason"];
  EXPECT_EQ(m["StateChangeTime"].get<std::string>().substr(0, 4), "2026");
  const auto& trigger = m["Trigger"];
  EXPECT_EQ(trigger["MetricName"], "AuroraGlobalDBReplicationLag");
  EXPECT_EQ(trigger["Namespace"], "AWS/RDS");
  EXPECT_EQ(trigger["StatisticType"], "Statistic");
  EXPECT_EQ(trigger["Statistic"], "AVERAGE");
  EXPECT_EQ(trigger["Unit"], "Milliseconds");
  EXPECT_EQ(trigger["Dimensions"],
            nlohmann::json::parse(R"([{"value":"orders-west","name":"DBClusterIdentifier"}])"));
  EXPECT_EQ(trigger["Period"], 60);
  EXPECT_EQ(trigger["EvaluationPeriods"], 3);
  EXPECT_EQ(trigger["ComparisonOperator"], "GreaterThanThreshold");
  EXPECT_EQ(trigger["Threshold"], 500.0);
  EXPECT_EQ(trigger["TreatMissingData"], "- TreatMissingData:                    missing");
  EXPECT_EQ(trigger["EvaluateLowSampleCountPercentile"], "");
  // The SQS body is SNS's envelope around the message.
  auto envelope = nlohmann::json::parse(d.body);
  EXPECT_EQ(envelope["Type"], "Notification");
  EXPECT_EQ(envelope["TopicArn"], w.topic);
  EXPECT_EQ(envelope["Message"], d.message);
  EXPECT_EQ(envelope["Subject"], d.subject);
  EXPECT_EQ(envelope["SignatureVersion"], "1");

  // The email endpoint got only its confirmation request.
  auto json_doc = nlohmann::json::parse(fake::sns_deliveries_json(w.world.cloud, w.topic));
  ASSERT_EQ(json_doc["messages"].size(), 3u);
  EXPECT_EQ(json_doc["messages"][0]["type"], "SubscriptionConfirmation");
  EXPECT_EQ(json_doc["messages"][0]["endpoint"], "ops@example.com");
  EXPECT_EQ(json_doc["messages"][2]["subject"], d.subject);
}

TEST(MonitoringAlarms, MissingDataIsTreatedAsConfigured) {
  AlarmWorld w;
  for (const char* treat : {"missing", "breaching", "notBreaching", "ignore"}) {
    ASSERT_TRUE(w.cw.PutMetricAlarm(kWest, {.AlarmName = std::string("lag-") + treat,
                                            .MetricName = "AuroraGlobalDBReplicationLag",
                                            .Namespace = "AWS/RDS",
                                            .Statistic = "Maximum",
                                            .Dimensions = {{"DBClusterIdentifier", "orders-west"}},
                                            .Period = 60,
                                            .EvaluationPeriods = 2,
                                            .Threshold = 500,
                                            .ComparisonOperator = "GreaterThanThreshold",
                                            .TreatMissingData = treat})
                    .ok());
    ASSERT_TRUE(w.cw.SetAlarmState(kWest, {.AlarmName = std::string("lag-") + treat,
                                           .StateValue = "OK",
                                           .StateReason = "baseline"})
                    .ok());
  }
  w.world.clock.advance(seconds(120));  // two periods without a datapoint
  EXPECT_EQ(w.state("lag-missing"), "INSUFFICIENT_DATA");
  EXPECT_EQ(w.state("lag-breaching"), "ALARM");
  EXPECT_EQ(w.state("lag-notBreaching"), "OK");
  EXPECT_EQ(w.state("lag-ignore"), "OK");  // ignore: the state stays
}

TEST(MonitoringAlarms, AlarmsInARegionThatIsDownAreNotEvaluated) {
  AlarmWorld w;
  ASSERT_TRUE(w.cw.PutMetricAlarm(kWest, {.AlarmName = "lag",
                                          .MetricName = "AuroraGlobalDBReplicationLag",
                                          .Namespace = "AWS/RDS",
                                          .Statistic = "Maximum",
                                          .Period = 60,
                                          .EvaluationPeriods = 1,
                                          .Threshold = 500,
                                          .ComparisonOperator = "GreaterThanThreshold",
                                          .TreatMissingData = "breaching"})
                  .ok());
  std::string fault;
  {
    std::lock_guard lock(w.world.cloud.core().mutex);
    fault = w.world.cloud.core().faults.add(outage_of(kWest, w.world.clock.now()));
  }
  w.world.clock.advance(seconds(180));
  {
    std::lock_guard lock(w.world.cloud.core().mutex);
    EXPECT_EQ(w.world.cloud.core().get<fake::CloudWatchService>("cloudwatch")
                  .find_alarm(kWest, "lag")
                  ->state,
              "INSUFFICIENT_DATA");
    w.world.cloud.core().faults.remove(fault);
  }
  w.world.clock.advance(seconds(60));
  EXPECT_EQ(w.state("lag"), "ALARM");
}

TEST(MonitoringAlarms, SetAlarmStateNotifiesHttpAndLambdaSubscriptions) {
  AlarmWorld w;
  auto http = w.sns.Subscribe(kWest, {.TopicArn = w.topic,
                                      .Protocol = "http",
                                      .Endpoint = "http://127.0.0.1:9/hook",
                                      .ReturnSubscriptionArn = true});
  ASSERT_TRUE(http.ok());
  std::optional<std::string> token;
  {
    std::lock_guard lock(w.world.cloud.core().mutex);
    token = w.world.cloud.core().get<fake::SnsService>("sns").confirmation_token(
        kWest, http->SubscriptionArn);
  }
  ASSERT_TRUE(token);
  auto info = find_service("sns");
  ASSERT_TRUE(info.ok());
  auto req = build_generic_request(**info, "ConfirmSubscription",
                                   {{"TopicArn", w.topic}, {"Token", *token}});
  ASSERT_TRUE(req.ok());
  auto confirmed = w.world.connection->send(**info, kWest, std::move(*req));
  ASSERT_TRUE(confirmed.ok() && confirmed->status == 200);
  ASSERT_TRUE(w.cw.PutMetricAlarm(kWest, {.AlarmName = "drill",
                                          .AlarmActions = {w.topic},
                                          .MetricName = "AuroraGlobalDBReplicationLag",
                                          .Namespace = "AWS/RDS",
                                          .Statistic = "Average",
                                          .Period = 60,
                                          .EvaluationPeriods = 1,
                                          .Threshold = 500,
                                          .ComparisonOperator = "GreaterThanThreshold"})
                  .ok());
  ASSERT_TRUE(w.cw.SetAlarmState(kWest, {.AlarmName = "drill",
                                         .StateValue = "ALARM",
                                         .StateReason = "DR drill"})
                  .ok());
  auto deliveries = notifications(w.world.cloud, w.topic);
  ASSERT_EQ(deliveries.size(), 2u);  // the queue and the now confirmed http endpoint
  const fake::SnsDelivery* hook = nullptr;
  for (const auto& d : deliveries) {
    if (d.protocol == "http") hook = &d;
  }
  ASSERT_NE(hook, nullptr);
  // Outbound HTTP is off outside drh serve: recorded, with the request SNS would send.
  EXPECT_EQ(hook->status, "recorded");
  EXPECT_EQ(nlohmann::json::parse(hook->message)["NewStateReason"], "DR drill");
  auto header = [&](std::string_view name) {
    for (const auto& [k, v] : hook->headers) {
      if (k == name) return v;
    }
    return std::string();
  };
  EXPECT_EQ(header("x-amz-sns-message-type"), "Notification");
  EXPECT_EQ(header("x-amz-sns-topic-arn"), w.topic);
  EXPECT_EQ(header("x-amz-sns-subscription-arn"), http->SubscriptionArn);
  EXPECT_EQ(nlohmann::json::parse(hook->body)["UnsubscribeURL"].get<std::string>().find(
                "Action=Unsubscribe&SubscriptionArn=" + http->SubscriptionArn) != std::string::npos,
            true);

  // With outbound delivery on, loopback endpoints wait for drh serve's POST.
  fake::enable_sns_http_delivery(w.world.cloud, true);
  ASSERT_TRUE(w.sns.Publish(kWest, {.TopicArn = w.topic, .Message = "hello", .Subject = "hi"}).ok());
  auto outbox = fake::take_sns_http_deliveries(w.world.cloud);
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_TRUE(fake::take_sns_http_deliveries(w.world.cloud).empty());
  fake::complete_sns_http_delivery(w.world.cloud, outbox[0].id, 0, "connection refused");
  for (const auto& d : notifications(w.world.cloud, w.topic)) {
    if (d.id != outbox[0].id) continue;
    EXPECT_EQ(d.protocol, "http");
    EXPECT_EQ(d.status, "failed");
    EXPECT_EQ(d.error, "connection refused");
  }
}

TEST(MonitoringAlarms, ProbingAndEvaluationSurviveSaveAndLoadAndStopOnReset) {
  std::string saved;
  std::string hc;
  {
    FakeWorld world;
    fake::register_endpoint(world.cloud, {.host = "app-east.example.com", .region = kEast});
    aws::Route53Client r53(*world.connection);
    auto r = r53.CreateHealthCheck({.CallerReference = "saved",
                                    .HealthCheckConfig = {.Type = "HTTP",
                                                          .FullyQualifiedDomainName =
                                                              "app-east.example.com",
                                                          .RequestInterval = 10,
                                                          .FailureThreshold = 3}});
    ASSERT_TRUE(r.ok());
    hc = r->HealthCheck.Id;
    aws::CloudWatchClient cw(*world.connection);
    ASSERT_TRUE(cw.PutMetricAlarm(kWest, {.AlarmName = "always",
                                          .MetricName = "Nothing",
                                          .Namespace = "DR/App",
                                          .Statistic = "Sum",
                                          .Period = 60,
                                          .EvaluationPeriods = 1,
                                          .Threshold = 1,
                                          .ComparisonOperator = "GreaterThanThreshold",
                                          .TreatMissingData = "breaching"})
                    .ok());
    world.clock.advance(seconds(15));
    saved = world.cloud.save_state();
    world.cloud.reset();
    EXPECT_EQ(world.clock.pending(), 0u) << "reset leaves no probing or evaluation behind";
  }
  FakeWorld world;
  ASSERT_TRUE(world.cloud.load_state(saved).ok());
  ASSERT_EQ(fake::endpoints(world.cloud).size(), 1u);
  {
    std::lock_guard lock(world.cloud.core().mutex);
    world.cloud.core().faults.add(outage_of(kEast, world.clock.now()));
  }
  world.clock.advance(seconds(60));
  aws::Route53Client r53(*world.connection);
  auto status = r53.GetHealthCheckStatus({.HealthCheckId = hc});
  ASSERT_TRUE(status.ok());
  // [0] is the us-east-1 checker, silent during the outage; the others probed again.
  EXPECT_TRUE(status->HealthCheckObservations[1].StatusReport->Status.starts_with("Failure"))
      << "probing resumed after load";
  aws::CloudWatchClient cw(*world.connection);
  EXPECT_EQ(cw.DescribeAlarms(kWest, {})->MetricAlarms.at(0).StateValue, "ALARM")
      << "evaluation resumed after load";
}

}  // namespace
}  // namespace drh::testing
