// A scripted regional failover on the fake, end to end: the world a two-region DR stack
// deploys (Aurora global database with a steady write load, a DynamoDB global table,
// Route 53 failover records on health checks, a replication-lag alarm notifying an SNS
// topic), then us-east-1 goes out, the harness waits for the signals a runbook waits for,
// fails the database over with data loss, and recovers the region.
//
// Shared by suites/fake/dr_scenario_test.cc (asserts what happened) and
// bench/dr_scenario_bench.cc (times it: the whole drill must take milliseconds), so the
// benchmark always measures the scenario the test proves. Header-only on purpose: the
// benchmark links no test code.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drh/auth/credentials.h"
#include "drh/aws/cloudwatch.h"
#include "drh/aws/dynamodb.h"
#include "drh/aws/rds.h"
#include "drh/aws/route53.h"
#include "drh/aws/sns.h"
#include "drh/client/connection.h"
#include "drh/fake/aurora.h"
#include "drh/fake/endpoints.h"
#include "drh/fake/fake_cloud.h"
#include "drh/fake/fault_injection.h"
#include "drh/fake/replication.h"
#include "drh/fake/sns.h"

namespace drh::scenario {

namespace aurora = fake::aurora;

inline constexpr const char* kPrimary = "us-east-1";
inline constexpr const char* kSecondary = "us-west-2";

/// What the drill saw, as offsets from the moment the outage began (nullopt: never).
struct Outcome {
  std::string setup_error;  ///< non-empty when the world could not be built
  std::optional<std::chrono::seconds> dns_on_secondary;    ///< TestDNSAnswer -> SECONDARY
  std::optional<std::chrono::seconds> alarm_in_alarm;      ///< lag alarm reached ALARM
  std::optional<std::chrono::seconds> notification;        ///< its SNS message delivered
  std::optional<std::chrono::seconds> writer_promoted;     ///< secondary is the writer
  std::optional<std::chrono::seconds> old_primary_rejoined;  ///< after recovery
  std::uint64_t commits_behind_at_failover = 0;  ///< unreplicated tail when it started
  std::uint64_t lost_commits = 0;                ///< what the failover reported lost
  bool ddb_write_during_outage_replicated = false;  ///< west write reached east afterwards
  /// Writes from us-west-2 still waiting for us-east-1 at the end of the outage.
  std::size_t ddb_pending_during_outage = 0;
  std::vector<std::string> dns_before, dns_during;
};

/// A fake world with an AWS connection to it.
struct World {
  World() : cloud(clock), transport(std::make_shared<fake::InProcessTransport>(cloud)) {
    Credentials creds;
    creds.access_key_id = "AKIASCENARIO00000001";
    creds.secret_access_key = "scenario-secret";
    creds.source = "scenario";
    ConnectionOptions options;
    options.endpoint.explicit_url = "http://127.0.0.1:4566";
    options.endpoint.use_env = false;
    connection =
        std::make_unique<AwsConnection>(transport, MakeStaticProvider(creds), clock, options);
  }
  VirtualClock clock;
  fake::FakeCloud cloud;
  std::shared_ptr<fake::InProcessTransport> transport;
  std::unique_ptr<AwsConnection> connection;
};

namespace detail {

inline std::string check_ok(const Status& s, const char* what) {
  return s.ok() ? std::string() : std::string(what) + ": " + s.error().describe();
}
template <typename R>
std::string check(const R& r, const char* what) {
  return r.ok() ? std::string() : std::string(what) + ": " + r.error().describe();
}

inline aws::ResourceRecordSet failover_record(std::string role, std::string ip, std::string hc) {
  aws::ResourceRecordSet rr;
  rr.Name = "app.orders.example.com";
  rr.Type = "A";
  rr.TTL = 60;
  rr.ResourceRecords = {{std::move(ip)}};
  rr.SetIdentifier = role == "PRIMARY" ? "east" : "west";
  rr.Failover = std::move(role);
  rr.HealthCheckId = std::move(hc);
  return rr;
}

}  // namespace detail

/// Runs the drill on `w` (a fresh world). Everything happens on w.clock.
inline Outcome run_regional_failover(World& w) {
  using namespace std::chrono_literals;
  using detail::check;
  Outcome out;
  aws::RdsClient rds(*w.connection);
  aws::Route53Client r53(*w.connection);
  aws::DynamoDbClient ddb(*w.connection);
  aws::CloudWatchClient cw(*w.connection);
  aws::SnsClient sns(*w.connection);
  auto fail = [&](std::string why) {
    out.setup_error = std::move(why);
    return out;
  };

  // ---- the deployment
  aws::CreateGlobalClusterRequest g;
  g.GlobalClusterIdentifier = "orders";
  g.Engine = "aurora-postgresql";
  if (auto e = check(rds.CreateGlobalCluster(kPrimary, g), "CreateGlobalCluster"); !e.empty())
    return fail(e);
  for (const char* region : {kPrimary, kSecondary}) {
    aws::CreateDBClusterRequest c;
    c.DBClusterIdentifier = region == kPrimary ? "orders-east" : "orders-west";
    c.Engine = "aurora-postgresql";
    c.GlobalClusterIdentifier = "orders";
    if (region == kPrimary) {
      c.MasterUsername = "dradmin";
      c.MasterUserPassword = "scenario-password-1";
    }
    if (auto e = check(rds.CreateDBCluster(region, c), "CreateDBCluster"); !e.empty())
      return fail(e);
    aws::CreateDBInstanceRequest i;
    i.DBInstanceIdentifier = c.DBClusterIdentifier + "-1";
    i.DBInstanceClass = "db.r6g.large";
    i.Engine = "aurora-postgresql";
    i.DBClusterIdentifier = c.DBClusterIdentifier;
    if (auto e = check(rds.CreateDBInstance(region, i), "CreateDBInstance"); !e.empty())
      return fail(e);
  }
  auto table = ddb.CreateTable(kPrimary, {.TableName = "orders",
                                          .AttributeDefinitions = {{"pk", "S"}},
                                          .KeySchema = {{"pk", "HASH"}},
                                          .BillingMode = "PAY_PER_REQUEST"});
  if (auto e = check(table, "CreateTable"); !e.empty()) return fail(e);
  w.clock.advance(5min);  // clusters and table become available
  auto replica = ddb.UpdateTable(
      kPrimary,
      {.TableName = "orders", .ReplicaUpdates = {aws::ReplicationGroupUpdate::add_replica(kSecondary)}});
  if (auto e = check(replica, "UpdateTable ReplicaUpdates"); !e.empty()) return fail(e);

  fake::register_endpoint(w.cloud, {.host = "app-east.orders.example.com", .region = kPrimary});
  fake::register_endpoint(w.cloud, {.host = "app-west.orders.example.com", .region = kSecondary});
  std::vector<std::string> checks;
  for (const char* host : {"app-east.orders.example.com", "app-west.orders.example.com"}) {
    auto hc = r53.CreateHealthCheck({.CallerReference = host,
                                     .HealthCheckConfig = {.Type = "HTTPS",
                                                           .ResourcePath = "/health",
                                                           .FullyQualifiedDomainName = host,
                                                           .RequestInterval = 10,
                                                           .FailureThreshold = 3}});
    if (auto e = check(hc, "CreateHealthCheck"); !e.empty()) return fail(e);
    checks.push_back(hc->HealthCheck.Id);
  }
  auto zone = r53.CreateHostedZone({.Name = "orders.example.com", .CallerReference = "zone"});
  if (auto e = check(zone, "CreateHostedZone"); !e.empty()) return fail(e);
  const std::string zone_id = zone->HostedZone.Id;
  auto records = r53.ChangeResourceRecordSets(
      {.HostedZoneId = zone_id,
       .ChangeBatch = {.Changes = {{"CREATE", detail::failover_record("PRIMARY", "10.0.0.10",
                                                                      checks[0])},
                                   {"CREATE", detail::failover_record("SECONDARY", "10.1.0.10",
                                                                      checks[1])}}}});
  if (auto e = check(records, "ChangeResourceRecordSets"); !e.empty()) return fail(e);

  auto topic = sns.CreateTopic(kSecondary, {.Name = "dr-alerts"});
  if (auto e = check(topic, "CreateTopic"); !e.empty()) return fail(e);
  const std::string topic_arn = topic->TopicArn;
  auto sub = sns.Subscribe(kSecondary, {.TopicArn = topic_arn,
                                        .Protocol = "sqs",
                                        .Endpoint = "arn:aws:sqs:us-west-2:123456789012:dr"});
  if (auto e = check(sub, "Subscribe"); !e.empty()) return fail(e);
  auto alarm = cw.PutMetricAlarm(kSecondary, {.AlarmName = "orders-replication-lag",
                                              .AlarmActions = {topic_arn},
                                              .MetricName = "AuroraGlobalDBReplicationLag",
                                              .Namespace = "AWS/RDS",
                                              .Statistic = "Maximum",
                                              .Dimensions = {{"DBClusterIdentifier",
                                                              "orders-west"}},
                                              .Period = 60,
                                              .EvaluationPeriods = 3,
                                              .DatapointsToAlarm = 3,
                                              .Threshold = 500,
                                              .ComparisonOperator = "GreaterThanThreshold",
                                              .TreatMissingData = "missing"});
  if (auto e = check(alarm, "PutMetricAlarm"); !e.empty()) return fail(e);
  if (auto e = detail::check_ok(aurora::set_write_rate(w.cloud, kPrimary, "orders-east", 50),
                                "set_write_rate");
      !e.empty())
    return fail(e);

  // ---- steady state: five minutes with everything ticking
  w.clock.advance(5min);
  auto answer = [&] {
    auto r = r53.TestDNSAnswer(
        {.HostedZoneId = zone_id, .RecordName = "app.orders.example.com", .RecordType = "A"});
    return r.ok() ? r->RecordData : std::vector<std::string>{};
  };
  out.dns_before = answer();

  // ---- us-east-1 goes out; the drill watches once a second for five minutes
  auto outage = fake::inject(w.cloud, {.kind = "region-outage", .region = kPrimary});
  if (auto e = check(outage, "inject region-outage"); !e.empty()) return fail(e);
  const TimePoint t0 = w.clock.now();
  auto since = [&] {
    return std::chrono::duration_cast<std::chrono::seconds>(w.clock.now() - t0);
  };
  auto west_write = ddb.PutItem(kSecondary, {.TableName = "orders",
                                             .Item = {{"pk", aws::AttributeValue::S("written-in-west")}}});
  if (auto e = check(west_write, "PutItem in the secondary"); !e.empty()) return fail(e);

  for (int s = 0; s < 300; ++s) {
    w.clock.advance(1s);
    if (!out.dns_on_secondary && answer() == std::vector<std::string>{"10.1.0.10"}) {
      out.dns_on_secondary = since();
      out.dns_during = answer();
    }
    if (!out.alarm_in_alarm) {
      auto a = cw.DescribeAlarms(kSecondary, {.AlarmNames = {"orders-replication-lag"}});
      if (a.ok() && !a->MetricAlarms.empty() && a->MetricAlarms[0].StateValue == "ALARM")
        out.alarm_in_alarm = since();
    }
    if (!out.notification) {
      for (const auto& d : fake::sns_deliveries(w.cloud, topic_arn)) {
        if (d.type == "Notification" && d.at >= t0 && d.subject.starts_with("ALARM:")) {
          out.notification = since();
        }
      }
    }
    // The runbook: fail over once DNS has moved and the replication alarm confirms it.
    if (out.dns_on_secondary && out.alarm_in_alarm && !out.writer_promoted) {
      if (auto db = aurora::global_database(w.cloud, "orders"); db.ok()) {
        for (const auto& m : db->members) {
          if (m.region == kSecondary) out.commits_behind_at_failover = m.behind;
        }
      }
      auto f = rds.FailoverGlobalCluster(
          kSecondary, {.GlobalClusterIdentifier = "orders",
                       .TargetDbClusterIdentifier =
                           "arn:aws:rds:us-west-2:123456789012:cluster:orders-west",
                       .AllowDataLoss = true,
                       .Switchover = std::nullopt});
      if (auto e = check(f, "FailoverGlobalCluster"); !e.empty()) return fail(e);
      // Poll until the writer flips.
      for (int p = 0; p < 600; ++p) {
        w.clock.advance(1s);
        auto db = aurora::global_database(w.cloud, "orders");
        bool west_writer = false;
        if (!db.ok()) continue;
        for (const auto& m : db->members) {
          if (m.region == kSecondary && m.writer) west_writer = true;
        }
        if (west_writer && db->failover_status.empty()) {
          out.writer_promoted = since();
          if (db->last_failover) out.lost_commits = db->last_failover->lost_commits;
          break;
        }
      }
    }
  }
  out.ddb_pending_during_outage =
      fake::dynamodb_pending_replication(w.cloud, "orders", kSecondary, kPrimary);

  // ---- recovery: the region comes back; the old primary rejoins as a secondary
  if (!fake::remove_fault(w.cloud, *outage)) return fail("the outage fault vanished");
  const TimePoint back = w.clock.now();
  for (int s = 0; s < 600 && !out.old_primary_rejoined; ++s) {
    w.clock.advance(1s);
    auto db = aurora::global_database(w.cloud, "orders");
    if (!db.ok()) continue;
    for (const auto& m : db->members) {
      if (m.region == kPrimary && !m.writer && m.synchronization == "connected" &&
          m.status == "available") {
        out.old_primary_rejoined =
            std::chrono::duration_cast<std::chrono::seconds>(w.clock.now() - back);
      }
    }
  }
  w.clock.advance(10s);
  auto seen = ddb.GetItem(kPrimary, {.TableName = "orders",
                                     .Key = {{"pk", aws::AttributeValue::S("written-in-west")}}});
  out.ddb_write_during_outage_replicated = seen.ok() && seen->Item.has_value();
  return out;
}

}  // namespace drh::scenario
