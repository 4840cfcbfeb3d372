// drh up's engine against the in-process fake: every part of a stack is built as the
// description says, outputs resolve to the ids the fake assigned, teardown removes it all,
// and a failure half way leaves a ledger that still removes what was made.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "drh/auth/credentials.h"
#include "drh/core/endpoints.h"
#include "drh/fake/fake_cloud.h"
#include "drh/fake/fault_injection.h"
#include "drh/fixtures/provision.h"
#include "drh/protocol/generic.h"

namespace drh::fixtures {
namespace {

using Json = nlohmann::json;

const char* kStack = R"({
  "name": "mini", "title": "every section once", "format": "terraform", "suffix": "qa",
  "regions": {"primary": "us-east-1", "secondary": "us-west-2"},
  "vpcs": [
    {"id": "p", "region": "primary", "cidr": "10.0.0.0/16", "name": "vpc-p-${suffix}",
     "subnets": [{"cidr": "10.0.1.0/24"}, {"cidr": "10.0.2.0/24", "az": "b"}],
     "route_tables": [{"id": "private", "subnets": [0, 1]}]},
    {"id": "s", "region": "secondary", "cidr": "10.1.0.0/16",
     "subnets": [{"cidr": "10.1.1.0/24"}], "route_tables": [{"id": "private", "subnets": [0]}]}
  ],
  "peering": {"requester": "p", "accepter": "s"},
  "aurora": {"global_cluster": "g-${suffix}", "engine": "aurora-postgresql",
             "engine_version": "15.4", "backup_retention_days": 7,
             "serverless_v2": {"min": 0.5, "max": 1.0},
             "clusters": [{"id": "primary", "identifier": "c1-${suffix}", "region": "primary", "instances": 2},
                          {"id": "secondary", "identifier": "c2-${suffix}", "region": "secondary"}]},
  "dynamodb": [{"id": "t", "name": "tbl-${suffix}", "region": "primary", "replicas": ["secondary"],
                "hash_key": {"name": "pk"}, "range_key": {"name": "sk", "type": "N"}, "pitr": true}],
  "s3": [{"id": "a", "name": "data-east-${suffix}", "region": "primary"},
         {"id": "b", "name": "data-west-${suffix}", "region": "secondary"}],
  "s3_replication": [{"source": "a", "destination": "b", "role": "arn:aws:iam::${account}:role/crr",
                      "rtc": true, "delete_markers": true}],
  "sns": [{"id": "alerts", "name": "alerts-${suffix}", "region": "secondary",
           "subscriptions": [{"protocol": "email", "endpoint": "ops@example.com"}]}],
  "lambda": [{"id": "health", "name": "health-${suffix}", "region": "primary", "handler": "drh.health"}],
  "endpoints": [{"id": "api", "region": "primary", "url": "https://p1.execute-api.us-east-1.amazonaws.com/prod"},
                {"id": "api2", "region": "secondary", "url": "https://s2.execute-api.us-west-2.amazonaws.com/prod"}],
  "route53": {"zone": "dr-${suffix}.example.com",
              "health_checks": [{"id": "p", "fqdn": "${endpoint.api.host}", "path": "/prod/health", "interval": 10}],
              "records": [{"id": "primary", "name": "api.dr-${suffix}.example.com", "failover": "PRIMARY",
                           "health_check": "p", "value": "${endpoint.api.host}"},
                          {"id": "secondary", "name": "api.dr-${suffix}.example.com", "failover": "SECONDARY",
                           "value": "${endpoint.api2.host}"}]},
  "alarms": [{"id": "lag", "name": "lag-${suffix}", "region": "secondary", "namespace": "AWS/RDS",
              "metric": "AuroraGlobalDBReplicationLag", "threshold": 1000, "evaluation_periods": 3,
              "treat_missing_data": "breaching",
              "dimensions": {"DBClusterIdentifier": "${cluster.secondary.identifier}"},
              "actions": ["${topic.alerts.arn}"]}],
  "unsupported": [{"component": "AWS Backup", "detail": "vaults in both regions"}],
  "outputs": {
    "primary_vpc_id": "${vpc.p.id}",
    "vpc_peering_connection_id": "${peering.id}",
    "global_cluster_identifier": "${global_cluster.id}",
    "aurora_endpoint_us_west_2": "${cluster.secondary.endpoint}",
    "dynamodb_table_name": "${table.t.name}",
    "health_check_id_us_east_1": "${health_check.p.id}",
    "route53_zone_id": "${zone.id}",
    "sns_topic_arn": "${topic.alerts.arn}",
    "primary_lambda_arn": "${function.health.arn}",
    "replication_lag_alarm_name": "${alarm.lag.name}",
    "db_password": {"value": "hunter2-${suffix}", "sensitive": true},
    "backup_vaults": {"value": {"primary": "v1"}, "encode": "json-string"},
    "static_ips": {"value": ["75.2.0.1"]}
  }
})";

struct World {
  World() : cloud(clock), transport(std::make_shared<fake::InProcessTransport>(cloud)) {
    Credentials creds;
    creds.access_key_id = "AKIAPROVISIONTEST001";
    creds.secret_access_key = "provision-test-secret";
    creds.source = "test";
    ConnectionOptions options;
    options.endpoint.explicit_url = "http://127.0.0.1:4566";
    options.endpoint.use_env = false;
    connection = std::make_unique<AwsConnection>(transport, MakeStaticProvider(creds), clock, options);
  }
  // The generic codec straight to the fake, to look at what provision() made.
  Result<Json> call(std::string_view service, const std::string& region, std::string_view op,
                    const Json& params) {
    auto info = find_service(service);
    auto request = build_generic_request(**info, op, params);
    if (!request) return request.error();
    std::string bucket = service == "s3" ? params.value("Bucket", "") : "";
    auto response = connection->send(**info, region, std::move(*request), bucket);
    if (!response) return response.error();
    return decode_generic_response(**info, op, *response);
  }
  Json must(std::string_view service, const std::string& region, std::string_view op,
            const Json& params) {
    auto r = call(service, region, op, params);
    EXPECT_TRUE(r.ok()) << service << " " << op << ": " << r.error().describe();
    return r.ok() ? *r : Json::object();
  }
  VirtualClock clock;
  fake::FakeCloud cloud;
  std::shared_ptr<fake::InProcessTransport> transport;
  std::unique_ptr<AwsConnection> connection;
};

StackDescription mini() {
  auto s = parse_stack(kStack, "mini.json");
  EXPECT_TRUE(s.ok()) << s.error().describe();
  return *s;
}

const Output* output(const Ledger& l, const std::string& key) {
  for (const auto& o : l.outputs) {
    if (o.key == key) return &o;
  }
  return nullptr;
}

Json first(const Json& j, const char* list) {
  if (!j.contains(list)) return Json::object();
  const Json& v = j[list];
  if (v.is_array()) return v.empty() ? Json::object() : v[0];
  if (v.is_object() && v.size() == 1 && v.begin()->is_array()) return (*v.begin())[0];
  if (v.is_object() && v.size() == 1 && v.begin()->is_object()) return *v.begin();
  return v;
}

class Provision : public ::testing::Test {
 protected:
  World world;
  StackDescription stack = mini();
  ProvisionOptions options;
  std::vector<std::string> lines;
  void SetUp() override {
    options.progress = [this](const std::string& line) { lines.push_back(line); };
  }
};

TEST_F(Provision, BuildsEveryPartAsDescribed) {
  auto ledger = provision(*world.connection, stack, options);
  ASSERT_TRUE(ledger.ok()) << ledger.error().describe();
  const auto& refs = ledger->references;

  // Networking: an active peering and both route tables route the peer CIDR through it.
  const std::string pcx = refs.at("peering.id");
  EXPECT_TRUE(pcx.starts_with("pcx-")) << pcx;
  auto peering = first(world.must("ec2", "us-west-2", "DescribeVpcPeeringConnections",
                                  {{"VpcPeeringConnectionId.1", pcx}}),
                       "vpcPeeringConnectionSet");
  EXPECT_EQ(peering["status"]["code"], "active");
  auto rt = first(world.must("ec2", "us-west-2", "DescribeRouteTables",
                             {{"RouteTableId.1", refs.at("vpc.s.route_table.private")}}),
                  "routeTableSet");
  EXPECT_NE(rt.dump().find("\"10.0.0.0/16\""), std::string::npos) << rt.dump();
  EXPECT_NE(rt.dump().find(pcx), std::string::npos) << rt.dump();
  auto vpc = first(world.must("ec2", "us-east-1", "DescribeVpcs", {{"VpcId.1", refs.at("vpc.p.id")}}),
                   "vpcSet");
  EXPECT_NE(vpc.dump().find("vpc-p-qa"), std::string::npos) << "Name tag: " << vpc.dump();

  // Aurora: a global cluster of two, writer in us-east-1, serverless v2, 7 days of backups.
  auto global = first(world.must("rds", "us-east-1", "DescribeGlobalClusters",
                                 {{"GlobalClusterIdentifier", "g-qa"}}),
                      "GlobalClusters");
  EXPECT_EQ(global["Status"], "available");
  auto members = global["GlobalClusterMembers"].dump();
  EXPECT_NE(members.find("cluster:c1-qa"), std::string::npos) << members;
  EXPECT_NE(members.find("cluster:c2-qa"), std::string::npos) << members;
  auto c2 = first(world.must("rds", "us-west-2", "DescribeDBClusters", {{"DBClusterIdentifier", "c2-qa"}}),
                  "DBClusters");
  EXPECT_EQ(c2["Status"], "available");
  EXPECT_EQ(c2["EngineVersion"], "15.4");
  EXPECT_EQ(c2["BackupRetentionPeriod"], "7");
  EXPECT_EQ(std::stod(c2["ServerlessV2ScalingConfiguration"]["MaxCapacity"].get<std::string>()), 1.0);
  auto instances = world.must("rds", "us-east-1", "DescribeDBInstances",
                              {{"Filters.Filter.1.Name", "db-cluster-id"},
                               {"Filters.Filter.1.Values.Value.1", "c1-qa"}});
  EXPECT_NE(instances.dump().find("c1-qa-2"), std::string::npos) << instances.dump();

  // DynamoDB: replica ACTIVE in the secondary, PITR on both sides.
  auto table = world.must("dynamodb", "us-east-1", "DescribeTable", {{"TableName", "tbl-qa"}})["Table"];
  ASSERT_TRUE(table["Replicas"].is_array());
  EXPECT_EQ(table["Replicas"][0]["RegionName"], "us-west-2");
  EXPECT_EQ(table["Replicas"][0]["ReplicaStatus"], "ACTIVE");
  EXPECT_EQ(table["StreamSpecification"]["StreamViewType"], "NEW_AND_OLD_IMAGES");
  for (const char* region : {"us-east-1", "us-west-2"}) {
    auto pitr = world.must("dynamodb", region, "DescribeContinuousBackups", {{"TableName", "tbl-qa"}});
    EXPECT_EQ(pitr["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
                  ["PointInTimeRecoveryStatus"],
              "ENABLED")
        << region;
  }

  // S3: versioning on both sides, one rule to the secondary with RTC and metrics.
  for (const auto& [bucket, region] : {std::pair{"data-east-qa", "us-east-1"}, std::pair{"data-west-qa", "us-west-2"}}) {
    auto v = world.must("s3", region, "GetBucketVersioning", {{"Bucket", bucket}});
    EXPECT_EQ(v["Status"], "Enabled") << bucket;
  }
  auto repl = world.must("s3", "us-east-1", "GetBucketReplication", {{"Bucket", "data-east-qa"}}).dump();
  EXPECT_NE(repl.find("arn:aws:s3:::data-west-qa"), std::string::npos) << repl;
  EXPECT_NE(repl.find("\"Minutes\":\"15\""), std::string::npos) << repl;
  EXPECT_NE(repl.find("arn:aws:iam::123456789012:role/crr"), std::string::npos) << repl;

  // Route 53: the health check as described, PRIMARY carries it, SECONDARY does not.
  const std::string hc = refs.at("health_check.p.id");
  auto check = world.must("route53", "us-east-1", "GetHealthCheck", {{"HealthCheckId", hc}});
  auto config = check["HealthCheck"]["HealthCheckConfig"];
  EXPECT_EQ(config["FullyQualifiedDomainName"], "p1.execute-api.us-east-1.amazonaws.com");
  EXPECT_EQ(config["ResourcePath"], "/prod/health");
  EXPECT_EQ(config["RequestInterval"], "10");
  auto records = world.must("route53", "us-east-1", "ListResourceRecordSets",
                            {{"HostedZoneId", refs.at("zone.id")}}).dump();
  EXPECT_NE(records.find("\"Failover\":\"PRIMARY\""), std::string::npos) << records;
  EXPECT_NE(records.find("\"Failover\":\"SECONDARY\""), std::string::npos) << records;
  EXPECT_NE(records.find("\"HealthCheckId\":\"" + hc + "\""), std::string::npos) << records;

  // CloudWatch + SNS: the alarm in the secondary on the secondary cluster, notifying a
  // topic with a subscription.
  auto alarm = first(world.must("cloudwatch", "us-west-2", "DescribeAlarms",
                                {{"AlarmNames", Json::array({"lag-qa"})}}),
                     "MetricAlarms");
  EXPECT_EQ(alarm["Threshold"], 1000);
  EXPECT_EQ(alarm["EvaluationPeriods"], 3);
  EXPECT_EQ(alarm["TreatMissingData"], "breaching");
  EXPECT_EQ(alarm["Dimensions"][0]["Value"], "c2-qa");
  EXPECT_EQ(alarm["AlarmActions"][0], refs.at("topic.alerts.arn"));
  auto subs = world.must("sns", "us-west-2", "ListSubscriptionsByTopic",
                         {{"TopicArn", refs.at("topic.alerts.arn")}}).dump();
  EXPECT_NE(subs.find("ops@example.com"), std::string::npos) << subs;

  // Lambda: the function exists with the built-in handler.
  auto fn = world.must("lambda", "us-east-1", "GetFunctionConfiguration", {{"FunctionName", "health-qa"}});
  EXPECT_EQ(fn["Handler"], "drh.health");
  EXPECT_EQ(fn["State"], "Active");

  // Outputs: the pipeline's names with the ids the fake assigned.
  ASSERT_EQ(ledger->outputs.size(), 13u);
  EXPECT_EQ(output(*ledger, "primary_vpc_id")->value, refs.at("vpc.p.id"));
  EXPECT_EQ(output(*ledger, "vpc_peering_connection_id")->value, pcx);
  EXPECT_EQ(output(*ledger, "aurora_endpoint_us_west_2")->value, c2["Endpoint"]);
  EXPECT_EQ(output(*ledger, "primary_lambda_arn")->value,
            "arn:aws:lambda:us-east-1:123456789012:function:health-qa");
  EXPECT_TRUE(output(*ledger, "db_password")->sensitive);
  EXPECT_EQ(output(*ledger, "db_password")->value, "hunter2-qa");
  EXPECT_FALSE(output(*ledger, "backup_vaults")->is_json);  // JSON inside a string
  EXPECT_EQ(output(*ledger, "backup_vaults")->value, R"({"primary":"v1"})");
  EXPECT_TRUE(output(*ledger, "static_ips")->is_json);

  // Progress names the unsupported part and every resource as it is made.
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  EXPECT_NE(all.find("unsupported  AWS Backup"), std::string::npos) << all;
  EXPECT_NE(all.find("vpc-peering"), std::string::npos) << all;
  EXPECT_EQ(all.find("Drh-"), std::string::npos) << "the master password leaked: " << all;
}

TEST_F(Provision, TeardownRemovesEverythingAndIsIdempotent) {
  auto ledger = provision(*world.connection, stack, options);
  ASSERT_TRUE(ledger.ok()) << ledger.error().describe();
  auto report = teardown(*world.connection, *ledger, options);
  EXPECT_TRUE(report.failures.empty()) << report.failures.front();
  EXPECT_EQ(report.deleted, static_cast<int>(ledger->entries.size()));

  auto gone = [&](std::string_view service, const std::string& region, std::string_view op,
                  const Json& params) {
    auto r = world.call(service, region, op, params);
    return !r.ok() || r->dump().find("\"Status\":\"available\"") == std::string::npos;
  };
  EXPECT_TRUE(gone("rds", "us-east-1", "DescribeGlobalClusters", {{"GlobalClusterIdentifier", "g-qa"}}));
  EXPECT_FALSE(world.call("rds", "us-west-2", "DescribeDBClusters", {{"DBClusterIdentifier", "c2-qa"}}).ok());
  EXPECT_FALSE(world.call("dynamodb", "us-east-1", "DescribeTable", {{"TableName", "tbl-qa"}}).ok());
  EXPECT_FALSE(world.call("s3", "us-east-1", "GetBucketVersioning", {{"Bucket", "data-east-qa"}}).ok());
  EXPECT_FALSE(world.call("ec2", "us-east-1", "DescribeVpcs", {{"VpcId.1", ledger->references.at("vpc.p.id")}}).ok());
  EXPECT_FALSE(world.call("route53", "us-east-1", "GetHostedZone", {{"Id", ledger->references.at("zone.id")}}).ok());
  EXPECT_FALSE(world.call("lambda", "us-east-1", "GetFunctionConfiguration", {{"FunctionName", "health-qa"}}).ok());
  auto alarms = world.must("cloudwatch", "us-west-2", "DescribeAlarms", {{"AlarmNames", Json::array({"lag-qa"})}});
  EXPECT_EQ(alarms.dump().find("lag-qa"), std::string::npos) << alarms.dump();

  auto again = teardown(*world.connection, *ledger, options);
  EXPECT_TRUE(again.failures.empty()) << again.failures.front();
  EXPECT_EQ(again.deleted, 0);
  EXPECT_EQ(again.already_gone, static_cast<int>(ledger->entries.size()));
}

TEST_F(Provision, SkipLeavesAComponentAndItsOutputsOut) {
  options.skip = {"aurora", "lambda"};
  auto ledger = provision(*world.connection, stack, options);
  ASSERT_TRUE(ledger.ok()) << ledger.error().describe();
  EXPECT_FALSE(world.call("rds", "us-east-1", "DescribeDBClusters", {{"DBClusterIdentifier", "c1-qa"}}).ok());
  EXPECT_EQ(output(*ledger, "global_cluster_identifier"), nullptr);
  EXPECT_EQ(output(*ledger, "primary_lambda_arn"), nullptr);
  EXPECT_NE(output(*ledger, "primary_vpc_id"), nullptr);
  std::string skipped;
  for (const auto& s : ledger->skipped) skipped += s + ";";
  EXPECT_NE(skipped.find("aurora (--skip)"), std::string::npos) << skipped;
  EXPECT_NE(skipped.find("output global_cluster_identifier (needs aurora)"), std::string::npos) << skipped;
}

TEST_F(Provision, WhatNeedsASkippedPartIsSkippedWithIt) {
  options.skip = {"aurora", "sns"};
  auto ledger = provision(*world.connection, stack, options);
  ASSERT_TRUE(ledger.ok()) << ledger.error().describe();
  // The lag alarm watches the secondary cluster and notifies the topic: neither exists.
  auto alarms = world.must("cloudwatch", "us-west-2", "DescribeAlarms", {{"AlarmNames", Json::array({"lag-qa"})}});
  EXPECT_EQ(alarms.dump().find("lag-qa"), std::string::npos) << alarms.dump();
  std::string skipped;
  for (const auto& s : ledger->skipped) skipped += s + ";";
  EXPECT_NE(skipped.find("alarm lag-qa (needs aurora)"), std::string::npos) << skipped;
  EXPECT_EQ(output(*ledger, "replication_lag_alarm_name"), nullptr);
}

TEST_F(Provision, FailureHalfWayKeepsALedgerThatStillTearsDown) {
  // The table exists already: CreateTable fails after networking, SNS and S3 were built.
  ASSERT_TRUE(world.call("dynamodb", "us-east-1", "CreateTable",
                         {{"TableName", "tbl-qa"},
                          {"AttributeDefinitions", Json::array({{{"AttributeName", "x"}, {"AttributeType", "S"}}})},
                          {"KeySchema", Json::array({{{"AttributeName", "x"}, {"KeyType", "HASH"}}})},
                          {"BillingMode", "PAY_PER_REQUEST"}})
                  .ok());
  Ledger partial;
  auto ledger = provision(*world.connection, stack, options, &partial);
  ASSERT_FALSE(ledger.ok());
  EXPECT_EQ(ledger.error().code, "ResourceInUseException");
  EXPECT_NE(ledger.error().message.find("creating table tbl-qa in us-east-1"), std::string::npos)
      << ledger.error().message;
  ASSERT_FALSE(partial.entries.empty());
  EXPECT_EQ(partial.entries.front().kind, "vpc");
  auto report = teardown(*world.connection, partial, options);
  EXPECT_TRUE(report.failures.empty()) << report.failures.front();
  EXPECT_FALSE(world.call("s3", "us-east-1", "GetBucketVersioning", {{"Bucket", "data-east-qa"}}).ok());
}

TEST_F(Provision, ThrottlingIsRetriedAndAnOutageIsReportedWithTheStep) {
  fake::FaultSpec throttle;
  throttle.kind = "api-error";
  throttle.service = "ec2";
  throttle.operation = "CreateSubnet";
  throttle.probability = 0.3;
  throttle.status = 400;
  throttle.code = "RequestLimitExceeded";
  ASSERT_TRUE(fake::inject(world.cloud, throttle).ok());
  auto ledger = provision(*world.connection, stack, options);
  ASSERT_TRUE(ledger.ok()) << ledger.error().describe();
  auto faults = fake::list_faults(world.cloud);
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_GT(faults[0].hits, 0u) << "the fault never fired, so nothing was retried";

  World other;
  fake::FaultSpec outage;
  outage.kind = "region-outage";
  outage.region = "us-west-2";
  ASSERT_TRUE(fake::inject(other.cloud, outage).ok());
  auto failed = provision(*other.connection, stack, options);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("creating VPC 's' in us-west-2"), std::string::npos)
      << failed.error().describe();
}

TEST(Ledger, RoundTripsAndNeverHoldsASecret) {
  Ledger l;
  l.stack = "mini";
  l.target = "fake";
  l.suffix = "qa";
  l.entries.push_back(LedgerEntry{"route53", "record-set", "us-east-1", "Z1", {{"record", "{}"}}});
  l.references["vpc.p.id"] = "vpc-1";
  l.outputs.push_back(Output{"pw", "hunter2", false, true, "S"});
  l.outputs.push_back(Output{"ips", "[\"1.2.3.4\"]", true, false, "S"});
  l.skipped.push_back("lambda (--skip)");
  std::string text = ledger_to_json(l);
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
  auto back = ledger_from_json(text, "l.json");
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->entries[0].detail.at("record"), "{}");
  EXPECT_EQ(back->references.at("vpc.p.id"), "vpc-1");
  EXPECT_TRUE(back->outputs[1].is_json);
  EXPECT_EQ(back->skipped, l.skipped);
  auto bad = ledger_from_json("{\"resources\": 3}", "l.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("l.json: not a drh up ledger"), std::string::npos);
  EXPECT_FALSE(ledger_from_json("{", "l.json").ok());
}

}  // namespace
}  // namespace drh::fixtures

namespace drh::fixtures {
namespace {

// Every seed stack into the fake: built, its outputs written in its pipeline's format and
// read back to the same deployment model, then torn down to nothing.
class SeedStacks : public ::testing::TestWithParam<const char*> {};

TEST_P(SeedStacks, BuildWriteReadBackAndTearDown) {
  auto stack = load_stack(GetParam(), std::string(DRH_SOURCE_DIR) + "/fixtures/stacks");
  ASSERT_TRUE(stack.ok()) << stack.error().describe();
  World world;
  ProvisionOptions options;
  auto ledger = provision(*world.connection, *stack, options);
  ASSERT_TRUE(ledger.ok()) << GetParam() << ": " << ledger.error().describe();
  EXPECT_TRUE(ledger->skipped.empty());

  LoadedOutputs direct;
  direct.format = stack->format;
  direct.outputs = ledger->outputs;
  auto expected = resolve_deployment(direct);
  ASSERT_TRUE(expected.ok()) << expected.error().describe();

  std::string default_stack = stack->stacks.empty() ? stack->name : stack->stacks.front().second;
  auto text = write_outputs(ledger->outputs, stack->format, default_stack);
  ASSERT_TRUE(text.ok()) << text.error().describe();
  auto parsed = parse_outputs(*text, "written.json", stack->format);
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe() << "\n" << *text;
  auto model = resolve_deployment(*parsed);
  ASSERT_TRUE(model.ok()) << model.error().describe();
  ASSERT_EQ(model->roles.size(), expected->roles.size());
  for (const auto& [role, resolved] : expected->roles) {
    ASSERT_TRUE(model->roles.count(role)) << role;
    EXPECT_EQ(model->roles.at(role).output.value, resolved.output.value) << role;
  }
  EXPECT_EQ(model->primary_region, expected->primary_region);
  EXPECT_EQ(model->secondary_region, expected->secondary_region);
  // Regions the outputs reveal are the stack's (002's four outputs name only the secondary).
  if (!model->primary_region.empty()) {
    EXPECT_EQ(model->primary_region, stack->primary_region);
  }
  if (!model->secondary_region.empty()) {
    EXPECT_EQ(model->secondary_region, stack->secondary_region);
  }

  auto report = teardown(*world.connection, *ledger, options);
  EXPECT_TRUE(report.failures.empty()) << GetParam() << ": " << report.failures.front();
  EXPECT_EQ(report.deleted, static_cast<int>(ledger->entries.size()));
}

INSTANTIATE_TEST_SUITE_P(Seeds, SeedStacks, ::testing::Values("000", "001", "002", "003", "004"),
                         [](const auto& info) { return std::string("stack") + info.param; });

}  // namespace
}  // namespace drh::fixtures

namespace drh::fixtures {
namespace {

TEST_F(Provision, TeardownAfterAFailoverDeletesTheNewWriterLast) {
  auto ledger = provision(*world.connection, stack, options);
  ASSERT_TRUE(ledger.ok()) << ledger.error().describe();
  // A drill (or an incident) moved the writer to the secondary since the stack was built.
  auto failed_over = world.call(
      "rds", "us-west-2", "FailoverGlobalCluster",
      {{"GlobalClusterIdentifier", "g-qa"},
       {"TargetDbClusterIdentifier", ledger->references.at("cluster.secondary.arn")},
       {"AllowDataLoss", true}});
  ASSERT_TRUE(failed_over.ok()) << failed_over.error().describe();
  world.clock.advance(std::chrono::minutes(10));
  auto report = teardown(*world.connection, *ledger, options);
  EXPECT_TRUE(report.failures.empty()) << report.failures.front();
  EXPECT_EQ(report.deleted + report.already_gone, static_cast<int>(ledger->entries.size()));
  EXPECT_FALSE(world.call("rds", "us-east-1", "DescribeDBClusters", {{"DBClusterIdentifier", "c1-qa"}}).ok());
  EXPECT_FALSE(world.call("rds", "us-west-2", "DescribeDBClusters", {{"DBClusterIdentifier", "c2-qa"}}).ok());
}

}  // namespace
}  // namespace drh::fixtures
