// Real signed calls through CurlTransport + SigV4 + codecs + standard retry to moto_server,
// decoded by the generic codec `drh call` uses.
#include <gtest/gtest.h>

#include <random>

#include "drh/core/encoding.h"
#include "moto_env.h"
#include "server_process.h"

namespace drh::testing {
namespace {

using nlohmann::json;

// The model-less XML decoder cannot tell a one-element list from a structure: accept both.
json as_list(const json& node) {
  if (node.is_array()) return node;
  if (node.is_null()) return json::array();
  return json::array({node});
}

// First list found under `wrapper`, e.g. {"DBClusters": {"DBCluster": [...]}} -> [...].
json items_under(const json& doc, const std::string& wrapper) {
  if (!doc.contains(wrapper)) return json::array();
  const json& node = doc[wrapper];
  if (node.is_array()) return node;
  if (node.is_object() && node.size() == 1) return as_list(node.begin().value());
  return as_list(node);
}

class EmulatorCalls : public ::testing::Test {
 protected:
  void SetUp() override {
    DRH_REQUIRE_MOTO();
    connection_ = moto_connection();
  }
  Result<json> call(std::string_view service, std::string_view op, const json& params,
                    std::string_view region = "us-east-1") {
    return moto_call(*connection_, service, op, params, region);
  }
  std::unique_ptr<AwsConnection> connection_;
};

TEST_F(EmulatorCalls, StsGetCallerIdentityReturnsTheEmulatorAccount) {
  auto r = call("sts", "GetCallerIdentity", json::object());
  ASSERT_TRUE(r.ok()) << r.error().describe();
  json result = r->contains("GetCallerIdentityResult") ? (*r)["GetCallerIdentityResult"] : *r;
  EXPECT_EQ(result.value("Account", ""), "123456789012");
  EXPECT_TRUE(result.value("Arn", "").starts_with("arn:aws:sts::123456789012:")) << result;
}

TEST_F(EmulatorCalls, Ec2DescribeVpcsFiltersForTheDefaultVpc) {
  auto all = call("ec2", "DescribeVpcs", json::object(), "us-west-2");
  ASSERT_TRUE(all.ok()) << all.error().describe();
  json vpcs = items_under(*all, "vpcSet");
  ASSERT_FALSE(vpcs.empty()) << *all;
  for (const json& vpc : vpcs) EXPECT_TRUE(vpc.value("vpcId", "").starts_with("vpc-")) << vpc;

  auto filtered = call("ec2", "DescribeVpcs",
                       {{"Filter.1.Name", "isDefault"}, {"Filter.1.Value.1", "true"}},
                       "us-west-2");
  ASSERT_TRUE(filtered.ok()) << filtered.error().describe();
  json defaults = items_under(*filtered, "vpcSet");
  ASSERT_EQ(defaults.size(), 1u) << *filtered;
  EXPECT_EQ(defaults[0].value("isDefault", ""), "true");
}

TEST_F(EmulatorCalls, RdsCreateThenDescribeDbClusterById) {
  const std::string id = unique_name("aurora");
  auto created = call("rds", "CreateDBCluster",
                      {{"DBClusterIdentifier", id},
                       {"Engine", "aurora-postgresql"},
                       {"MasterUsername", "dbadmin"},
                       {"MasterUserPassword", "not-a-real-password-1"}});
  ASSERT_TRUE(created.ok()) << created.error().describe();

  auto described = call("rds", "DescribeDBClusters", {{"DBClusterIdentifier", id}});
  ASSERT_TRUE(described.ok()) << described.error().describe();
  json clusters = items_under(*described, "DBClusters");
  ASSERT_EQ(clusters.size(), 1u) << *described;
  EXPECT_EQ(clusters[0].value("DBClusterIdentifier", ""), id);
  EXPECT_EQ(clusters[0].value("Engine", ""), "aurora-postgresql");
}

TEST_F(EmulatorCalls, RdsMissingClusterIsDbClusterNotFoundFault) {
  auto r = call("rds", "DescribeDBClusters", {{"DBClusterIdentifier", unique_name("absent")}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "DBClusterNotFoundFault");
  EXPECT_EQ(r.error().http_status, 404);
  EXPECT_FALSE(r.error().retryable);
}

TEST_F(EmulatorCalls, Route53CreateThenListHostedZones) {
  const std::string name = unique_name("drill") + ".example.com.";
  auto created = call("route53", "CreateHostedZone",
                      {{"Name", name}, {"CallerReference", unique_name("ref")}});
  ASSERT_TRUE(created.ok()) << created.error().describe();

  auto listed = call("route53", "ListHostedZones", json::object());
  ASSERT_TRUE(listed.ok()) << listed.error().describe();
  json zones = items_under(*listed, "HostedZones");
  bool found = false;
  for (const json& z : zones) found = found || z.value("Name", "") == name;
  EXPECT_TRUE(found) << "zone " << name << " not in " << *listed;
}

TEST_F(EmulatorCalls, DynamoDbCreateTablePutItemGetItem) {
  const std::string table = unique_name("sessions");
  auto created = call("dynamodb", "CreateTable",
                      {{"TableName", table},
                       {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
                       {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
                       {"BillingMode", "PAY_PER_REQUEST"}});
  ASSERT_TRUE(created.ok()) << created.error().describe();
  EXPECT_EQ((*created)["TableDescription"]["TableName"], table);

  json item = {{"pk", {{"S", "user#1"}}}, {"balance", {{"N", "42.5"}}}, {"vip", {{"BOOL", true}}}};
  auto put = call("dynamodb", "PutItem", {{"TableName", table}, {"Item", item}});
  ASSERT_TRUE(put.ok()) << put.error().describe();

  auto got = call("dynamodb", "GetItem",
                  {{"TableName", table}, {"Key", {{"pk", {{"S", "user#1"}}}}}, {"ConsistentRead", true}});
  ASSERT_TRUE(got.ok()) << got.error().describe();
  EXPECT_EQ((*got)["Item"], item);
}

TEST_F(EmulatorCalls, DynamoDbMissingTableIsResourceNotFound) {
  auto r = call("dynamodb", "DescribeTable", {{"TableName", unique_name("absent")}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ResourceNotFoundException");
  EXPECT_EQ(r.error().http_status, 400);
}

TEST_F(EmulatorCalls, S3PutAndGetOneMebibyteBinaryObject) {
  const std::string bucket = unique_name("drh-replica");
  auto created = call("s3", "CreateBucket",
                      {{"Bucket", bucket},
                       {"CreateBucketConfiguration", {{"LocationConstraint", "us-west-2"}}}},
                      "us-west-2");
  ASSERT_TRUE(created.ok()) << created.error().describe();

  std::string body(1 << 20, '\0');
  std::mt19937 rng(7);
  for (char& c : body) c = static_cast<char>(rng() & 0xFF);
  auto put = call("s3", "PutObject", {{"Bucket", bucket}, {"Key", "canary/blob.bin"}, {"Body", body}},
                  "us-west-2");
  ASSERT_TRUE(put.ok()) << put.error().describe();

  auto got = call("s3", "GetObject", {{"Bucket", bucket}, {"Key", "canary/blob.bin"}}, "us-west-2");
  ASSERT_TRUE(got.ok()) << got.error().describe();
  ASSERT_EQ(got->value("BodyEncoding", ""), "base64");
  std::string decoded;
  ASSERT_TRUE(base64_decode((*got)["Body"].get<std::string>(), decoded));
  EXPECT_EQ(decoded.size(), body.size());
  EXPECT_TRUE(decoded == body) << "1 MiB body changed on the round trip";
}

TEST_F(EmulatorCalls, S3MissingBucketIsNoSuchBucket) {
  auto r = call("s3", "GetObject", {{"Bucket", unique_name("absent")}, {"Key", "x"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "NoSuchBucket");
  EXPECT_EQ(r.error().http_status, 404);
}

TEST_F(EmulatorCalls, CloudWatchPutMetricDataThenGetMetricStatistics) {
  const std::string ns = "Drh/" + unique_name("test");
  const auto now = std::chrono::system_clock::now();
  const auto epoch = [](std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  };
  json datum = {{"MetricName", "AuroraGlobalDBReplicationLag"},
                {"Dimensions", {{{"Name", "DBClusterIdentifier"}, {"Value", "secondary"}}}},
                {"Value", 250.0},
                {"Unit", "Milliseconds"},
                {"Timestamp", epoch(now)}};
  auto put = call("cloudwatch", "PutMetricData",
                  {{"Namespace", ns}, {"MetricData", json::array({datum})}});
  ASSERT_TRUE(put.ok()) << put.error().describe();

  auto stats = call("cloudwatch", "GetMetricStatistics",
                    {{"Namespace", ns},
                     {"MetricName", "AuroraGlobalDBReplicationLag"},
                     {"Dimensions", {{{"Name", "DBClusterIdentifier"}, {"Value", "secondary"}}}},
                     {"StartTime", epoch(now - std::chrono::minutes(10))},
                     {"EndTime", epoch(now + std::chrono::minutes(10))},
                     {"Period", 60},
                     {"Statistics", {"Maximum"}}});
  ASSERT_TRUE(stats.ok()) << stats.error().describe();
  json points = as_list((*stats)["Datapoints"]);
  ASSERT_EQ(points.size(), 1u) << *stats;
  EXPECT_DOUBLE_EQ(points[0]["Maximum"].get<double>(), 250.0);
}

}  // namespace
}  // namespace drh::testing
