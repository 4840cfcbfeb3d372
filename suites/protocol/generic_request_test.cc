#include <gtest/gtest.h>

#include "drh/core/encoding.h"
#include "drh/protocol/generic.h"
#include "drh/protocol/query.h"

namespace drh {
namespace {

using nlohmann::json;

// The services as drharness describes them (id, endpoint prefix, signing name, protocol,
// API version, JSON version, target prefix, env suffix, global, global region).
const ServiceInfo kSts{"sts", "sts", "sts", "query", "2011-06-15", "", "", "STS", false, ""};
const ServiceInfo kEc2{"ec2", "ec2", "ec2", "ec2", "2016-11-15", "", "", "EC2", false, ""};
const ServiceInfo kRds{"rds", "rds", "rds", "query", "2014-10-31", "", "", "RDS", false, ""};
const ServiceInfo kDynamo{"dynamodb", "dynamodb",          "dynamodb", "json", "2012-08-10",
                          "1.0",      "DynamoDB_20120810", "DYNAMODB", false,  ""};
const ServiceInfo kRoute53{"route53", "route53", "route53",  "rest-xml", "2013-04-01",
                           "",        "",        "ROUTE_53", true,       "us-east-1"};
const ServiceInfo kS3{"s3", "s3", "s3", "rest-xml", "2006-03-01", "", "", "S3", false, ""};
const ServiceInfo kLambda{"lambda", "lambda", "lambda", "rest-json", "2015-03-31",
                          "",       "",       "LAMBDA", false,       ""};

HttpRequest build(const ServiceInfo& s, std::string_view op, const json& params) {
  auto r = build_generic_request(s, op, params);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  return r.ok() ? std::move(r).value() : HttpRequest{};
}

Error build_error(const ServiceInfo& s, std::string_view op, const json& params) {
  auto r = build_generic_request(s, op, params);
  EXPECT_FALSE(r.ok());
  return r.ok() ? Error{} : r.error();
}

std::string header(const HttpRequest& r, std::string_view name) {
  return std::string(r.headers.get(name).value_or("<none>"));
}

TEST(GenericQuery, StsGetCallerIdentity) {
  HttpRequest r = build(kSts, "GetCallerIdentity", nullptr);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/");
  EXPECT_TRUE(r.host.empty());
  EXPECT_TRUE(r.scheme.empty());
  EXPECT_EQ(r.body, "Action=GetCallerIdentity&Version=2011-06-15");
  EXPECT_EQ(header(r, "Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(build(kSts, "GetCallerIdentity", json::object()).body, r.body);
}

TEST(GenericQuery, RdsDescribeDBClustersFlattening) {
  HttpRequest r = build(kRds, "DescribeDBClusters",
                        json{{"DBClusterIdentifier", "orders primary"},
                             {"Filters.Filter.1.Name", "engine"},
                             {"Filters.Filter.1.Values.Value.1", "aurora-mysql"},
                             {"IncludeShared", true},
                             {"MaxRecords", 20},
                             {"Marker", nullptr}});
  auto form = parse_form(r.body);
  std::vector<std::pair<std::string, std::string>> expected = {
      {"Action", "DescribeDBClusters"},
      {"Version", "2014-10-31"},
      {"DBClusterIdentifier", "orders primary"},
      {"Filters.Filter.1.Name", "engine"},
      {"Filters.Filter.1.Values.Value.1", "aurora-mysql"},
      {"IncludeShared", "true"},
      {"MaxRecords", "20"}};
  EXPECT_EQ(form, expected);
  EXPECT_NE(r.body.find("DBClusterIdentifier=orders%20primary"), std::string::npos);
}

TEST(GenericQuery, ListsStructuresEmptyListsAndVersionOverride) {
  HttpRequest r = build(kRds, "AddTagsToResource",
                        json{{"ResourceName", "arn:aws:rds:us-east-1:1:cluster:c"},
                             {"Tags", json::array({json{{"Key", "a"}, {"Value", "1"}},
                                                   json{{"Key", "b"}, {"Value", "2"}}})},
                             {"Config", json{{"Mode", "x"}, {"Inner", json{{"Deep", 1.5}}}}},
                             {"Names", json::array()},
                             {"Version", "2013-01-10"}});
  auto form = parse_form(r.body);
  std::vector<std::pair<std::string, std::string>> expected = {
      {"Action", "AddTagsToResource"},
      {"Version", "2013-01-10"},
      {"Config.Inner.Deep", "1.5"},
      {"Config.Mode", "x"},
      {"Names", ""},
      {"ResourceName", "arn:aws:rds:us-east-1:1:cluster:c"},
      {"Tags.member.1.Key", "a"},
      {"Tags.member.1.Value", "1"},
      {"Tags.member.2.Key", "b"},
      {"Tags.member.2.Value", "2"}};
  EXPECT_EQ(form, expected);
}

TEST(GenericEc2, DescribeVpcsWithFilters) {
  HttpRequest r =
      build(kEc2, "DescribeVpcs",
            json{{"Filter", json::array({json{{"Name", "tag:dr-role"},
                                              {"Value", json::array({"primary", "secondary"})}}})},
                 {"VpcId", json::array({"vpc-1"})},
                 {"Empty", json::array()}});
  EXPECT_EQ(r.body,
            "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3Adr-role"
            "&Filter.1.Value.1=primary&Filter.1.Value.2=secondary&VpcId.1=vpc-1");
  // Wire-level names pass through verbatim.
  HttpRequest v = build(kEc2, "DescribeVpcs",
                        json{{"Filter.1.Name", "vpc-id"}, {"Filter.1.Value.1", "vpc-0abc"}});
  EXPECT_EQ(
      v.body,
      "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-0abc");
}

TEST(GenericQuery, RejectsBadOperationsAndParams) {
  EXPECT_EQ(build_error(kRds, "describe db clusters", nullptr).kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(build_error(kRds, "", nullptr).kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(build_error(kRds, "DescribeDBClusters", json::array({1})).kind,
            ErrorKind::kInvalidInput);
  EXPECT_EQ(build_error(kRds, "DescribeDBClusters", "x").kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(build_error(kRds, "DescribeDBClusters", json{{"Action", "DeleteDBCluster"}}).kind,
            ErrorKind::kInvalidInput);
  EXPECT_EQ(build_error(kRds, "DescribeDBClusters", json{{"Version", 3}}).kind,
            ErrorKind::kInvalidInput);
  ServiceInfo odd = kRds;
  odd.protocol = "smithy-rpc-v2-cbor";
  EXPECT_EQ(build_error(odd, "DescribeDBClusters", nullptr).kind, ErrorKind::kInvalidInput);
}

TEST(GenericJson, DynamoDbPutItem) {
  json params = {{"TableName", "orders"},
                 {"Item", {{"pk", {{"S", "order#1"}}}, {"amount", {{"N", "12.5"}}}}},
                 {"ConditionExpression", "attribute_not_exists(pk)"}};
  HttpRequest r = build(kDynamo, "PutItem", params);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/");
  EXPECT_EQ(header(r, "X-Amz-Target"), "DynamoDB_20120810.PutItem");
  EXPECT_EQ(header(r, "Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(json::parse(r.body), params);
  EXPECT_EQ(build(kDynamo, "ListTables", nullptr).body, "{}");
}

TEST(GenericRestXml, Route53ChangeResourceRecordSetsBody) {
  json params = json::parse(R"({
    "HostedZoneId": "/hostedzone/Z123",
    "ChangeBatch": {
      "Comment": "fail over",
      "Changes": [
        {"Action": "UPSERT",
         "ResourceRecordSet": {"TTL": 60, "Name": "api.example.com.", "Type": "A",
                               "HealthCheckId": "hc-1", "SetIdentifier": "primary",
                               "Failover": "PRIMARY",
                               "ResourceRecords": [{"Value": "10.0.0.1"}, {"Value": "10.0.0.2"}]}},
        {"Action": "DELETE",
         "ResourceRecordSet": {"Name": "old.example.com.", "Type": "CNAME",
                               "AliasTarget": {"HostedZoneId": "Z2FDTNDATAQYW2",
                                               "DNSName": "d1.cloudfront.net.",
                                               "EvaluateTargetHealth": false}}}]}})");
  HttpRequest r = build(kRoute53, "ChangeResourceRecordSets", params);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/2013-04-01/hostedzone/Z123/rrset/");
  // Elements come in the model's member order (the order of the service's XML schema),
  // whatever the order of the JSON keys.
  EXPECT_EQ(
      r.body,
      "<ChangeResourceRecordSetsRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
      "<ChangeBatch><Comment>fail over</Comment><Changes><Change><Action>UPSERT</Action>"
      "<ResourceRecordSet><Name>api.example.com.</Name><Type>A</Type>"
      "<SetIdentifier>primary</SetIdentifier><Failover>PRIMARY</Failover><TTL>60</TTL>"
      "<ResourceRecords><ResourceRecord><Value>10.0.0.1</Value></ResourceRecord>"
      "<ResourceRecord><Value>10.0.0.2</Value></ResourceRecord></ResourceRecords>"
      "<HealthCheckId>hc-1</HealthCheckId></ResourceRecordSet></Change><Change>"
      "<Action>DELETE</Action><ResourceRecordSet><Name>old.example.com.</Name>"
      "<Type>CNAME</Type><AliasTarget><HostedZoneId>Z2FDTNDATAQYW2</HostedZoneId>"
      "<DNSName>d1.cloudfront.net.</DNSName><EvaluateTargetHealth>false"
      "</EvaluateTargetHealth></AliasTarget></ResourceRecordSet></Change></Changes>"
      "</ChangeBatch></ChangeResourceRecordSetsRequest>");
}

TEST(GenericRestXml, Route53HealthChecks) {
  HttpRequest create = build(kRoute53, "CreateHealthCheck",
                             json::parse(R"({"CallerReference": "drh-1", "HealthCheckConfig": {
        "Type": "HTTPS", "FullyQualifiedDomainName": "api.example.com", "Port": 443,
        "ResourcePath": "/health", "RequestInterval": 10, "FailureThreshold": 3,
        "Inverted": false, "Regions": ["us-east-1", "us-west-2", "eu-west-1"]}})"));
  EXPECT_EQ(create.path, "/2013-04-01/healthcheck");
  EXPECT_EQ(create.body,
            "<CreateHealthCheckRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
            "<CallerReference>drh-1</CallerReference><HealthCheckConfig><Port>443</Port>"
            "<Type>HTTPS</Type><ResourcePath>/health</ResourcePath>"
            "<FullyQualifiedDomainName>api.example.com</FullyQualifiedDomainName>"
            "<RequestInterval>10</RequestInterval>"
            "<FailureThreshold>3</FailureThreshold><Inverted>false</Inverted><Regions>"
            "<Region>us-east-1</Region><Region>us-west-2</Region><Region>eu-west-1</Region>"
            "</Regions></HealthCheckConfig></CreateHealthCheckRequest>");

  HttpRequest update = build(kRoute53, "UpdateHealthCheck",
                             json{{"HealthCheckId", "hc-1"},
                                  {"Inverted", true},
                                  {"Disabled", "false"},
                                  {"ResetElements", json::array({"ResourcePath"})}});
  EXPECT_EQ(update.method, "POST");
  EXPECT_EQ(update.path, "/2013-04-01/healthcheck/hc-1");
  EXPECT_EQ(update.body,
            "<UpdateHealthCheckRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
            "<Inverted>true</Inverted><Disabled>false</Disabled><ResetElements>"
            "<ResettableElementName>ResourcePath</ResettableElementName></ResetElements>"
            "</UpdateHealthCheckRequest>");

  HttpRequest del = build(kRoute53, "DeleteHealthCheck", json{{"HealthCheckId", "hc-1"}});
  EXPECT_EQ(del.method, "DELETE");
  EXPECT_EQ(del.path, "/2013-04-01/healthcheck/hc-1");
  EXPECT_TRUE(del.body.empty());
}

TEST(GenericRestXml, Route53QueryParamsAndIds) {
  HttpRequest by_name = build(kRoute53, "ListHostedZonesByName",
                              json{{"DNSName", "example.com."}, {"MaxItems", "1"}});
  EXPECT_EQ(by_name.method, "GET");
  EXPECT_EQ(by_name.path, "/2013-04-01/hostedzonesbyname");
  EXPECT_EQ(by_name.query, "dnsname=example.com.&maxitems=1");
  HttpRequest change = build(kRoute53, "GetChange", json{{"Id", "/change/C123"}});
  EXPECT_EQ(change.path, "/2013-04-01/change/C123");
  HttpRequest answer = build(kRoute53, "TestDNSAnswer",
                             json{{"HostedZoneId", "/hostedzone/Z1"},
                                  {"RecordName", "api.example.com."},
                                  {"RecordType", "A"}});
  EXPECT_EQ(answer.query, "hostedzoneid=Z1&recordname=api.example.com.&recordtype=A");
  EXPECT_EQ(build(kRoute53, "ListHostedZones", nullptr).path, "/2013-04-01/hostedzone");
  // Operation names are matched case-insensitively.
  EXPECT_EQ(build(kRoute53, "listhostedzones", nullptr).path, "/2013-04-01/hostedzone");
}

TEST(GenericRestXml, S3BucketConfiguration) {
  HttpRequest versioning =
      build(kS3, "PutBucketVersioning",
            json{{"Bucket", "orders-use1"}, {"VersioningConfiguration", {{"Status", "Enabled"}}}});
  EXPECT_EQ(versioning.method, "PUT");
  EXPECT_EQ(versioning.path, "/orders-use1");
  EXPECT_EQ(versioning.query, "versioning");
  EXPECT_EQ(versioning.body,
            "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            "<Status>Enabled</Status></VersioningConfiguration>");

  json replication = json::parse(R"({"Bucket": "src", "ReplicationConfiguration": {
    "Role": "arn:aws:iam::123456789012:role/repl",
    "Rules": [{"ID": "all", "Priority": 1, "Filter": {"Prefix": ""}, "Status": "Enabled",
               "DeleteMarkerReplication": {"Status": "Enabled"},
               "Destination": {"Bucket": "arn:aws:s3:::dst",
                               "ReplicationTime": {"Status": "Enabled", "Time": {"Minutes": 15}},
                               "Metrics": {"Status": "Enabled",
                                           "EventThreshold": {"Minutes": 15}}}}]}})");
  HttpRequest repl = build(kS3, "PutBucketReplication", replication);
  EXPECT_EQ(repl.path, "/src");
  EXPECT_EQ(repl.query, "replication");
  // Rules is a flattened list: one <Rule> per item, directly in the configuration.
  EXPECT_EQ(repl.body,
            "<ReplicationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            "<Role>arn:aws:iam::123456789012:role/repl</Role><Rule><ID>all</ID>"
            "<Priority>1</Priority><Filter><Prefix></Prefix></Filter><Status>Enabled</Status>"
            "<Destination><Bucket>arn:aws:s3:::dst</Bucket><ReplicationTime>"
            "<Status>Enabled</Status><Time><Minutes>15</Minutes></Time></ReplicationTime>"
            "<Metrics><Status>Enabled</Status><EventThreshold><Minutes>15</Minutes>"
            "</EventThreshold></Metrics></Destination><DeleteMarkerReplication>"
            "<Status>Enabled</Status></DeleteMarkerReplication></Rule>"
            "</ReplicationConfiguration>");
  // S3 requires an integrity checksum on this call.
  EXPECT_EQ(header(repl, "Content-MD5"), md5_base64(repl.body));

  HttpRequest create =
      build(kS3, "CreateBucket",
            json{{"Bucket", "orders-usw2"},
                 {"CreateBucketConfiguration", {{"LocationConstraint", "us-west-2"}}}});
  EXPECT_EQ(create.method, "PUT");
  EXPECT_EQ(create.path, "/orders-usw2");
  EXPECT_EQ(create.body,
            "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            "<LocationConstraint>us-west-2</LocationConstraint></CreateBucketConfiguration>");
  EXPECT_TRUE(build(kS3, "CreateBucket", json{{"Bucket", "b"}}).body.empty());
}

TEST(GenericRestXml, S3AclAttributesAndNamespacePrefix) {
  HttpRequest acl = build(kS3, "PutBucketAcl", json::parse(R"({"Bucket": "b",
    "AccessControlPolicy": {"Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "abc"},
                                        "Permission": "READ"}],
                            "Owner": {"ID": "abc"}}})"));
  EXPECT_EQ(acl.body,
            "<AccessControlPolicy xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            "<AccessControlList><Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/"
            "XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>abc</ID></Grantee>"
            "<Permission>READ</Permission></Grant></AccessControlList><Owner><ID>abc</ID>"
            "</Owner></AccessControlPolicy>");
}

TEST(GenericRestXml, S3ObjectsAndListing) {
  HttpRequest put = build(kS3, "PutObject",
                          json{{"Bucket", "b"},
                               {"Key", "dir/a b.txt"},
                               {"Body", "hello\nworld"},
                               {"ContentType", "text/plain"},
                               {"Metadata", {{"drill", "1"}}}});
  EXPECT_EQ(put.method, "PUT");
  EXPECT_EQ(put.path, "/b/dir/a%20b.txt");
  EXPECT_EQ(put.body, "hello\nworld");
  EXPECT_EQ(header(put, "Content-Type"), "text/plain");
  EXPECT_EQ(header(put, "x-amz-meta-drill"), "1");

  HttpRequest get =
      build(kS3, "GetObject", json{{"Bucket", "b"}, {"Key", "k"}, {"VersionId", "v1"}});
  EXPECT_EQ(get.method, "GET");
  EXPECT_EQ(get.query, "versionId=v1");
  HttpRequest head = build(kS3, "HeadObject", json{{"Bucket", "b"}, {"Key", "k"}});
  EXPECT_EQ(head.method, "HEAD");
  HttpRequest list =
      build(kS3, "ListObjectsV2", json{{"Bucket", "b"}, {"Prefix", "logs/"}, {"MaxKeys", 10}});
  EXPECT_EQ(list.path, "/b");
  EXPECT_EQ(list.query, "list-type=2&max-keys=10&prefix=logs%2F");
  HttpRequest buckets = build(kS3, "ListBuckets", nullptr);
  EXPECT_EQ(buckets.method, "GET");
  EXPECT_EQ(buckets.path, "/");
}

TEST(GenericRestXml, RawBodyEscapeHatch) {
  HttpRequest r = build(kS3, "PutBucketLifecycleConfiguration",
                        json{{"Bucket", "b"}, {"__body", "<LifecycleConfiguration/>"}});
  EXPECT_EQ(r.body, "<LifecycleConfiguration/>");
  EXPECT_EQ(header(r, "Content-MD5"), md5_base64("<LifecycleConfiguration/>"));
  EXPECT_EQ(build_error(kS3, "PutBucketVersioning", json{{"Bucket", "b"}, {"__body", 1}}).kind,
            ErrorKind::kInvalidInput);
}

TEST(GenericRestXml, ErrorsNameTheProblem) {
  Error unknown_op = build_error(kS3, "PutObjekt", json{{"Bucket", "b"}});
  EXPECT_NE(unknown_op.message.find("unknown operation 'PutObjekt' for s3"), std::string::npos);
  EXPECT_NE(unknown_op.message.find("did you mean PutObject"), std::string::npos)
      << unknown_op.message;

  Error unknown_param =
      build_error(kS3, "GetObject", json{{"Bucket", "b"}, {"Key", "k"}, {"Kee", 1}});
  EXPECT_NE(unknown_param.message.find("Kee"), std::string::npos);
  EXPECT_NE(unknown_param.message.find("VersionId"), std::string::npos);

  Error missing = build_error(kS3, "GetObject", json{{"Bucket", "b"}});
  EXPECT_NE(missing.message.find("missing required parameter Key"), std::string::npos)
      << missing.message;

  Error nested = build_error(kRoute53, "ChangeResourceRecordSets",
                             json::parse(R"({"HostedZoneId": "Z1", "ChangeBatch": {"Changes": [
        {"Action": "UPSERT", "ResourceRecordSet": {"Name": "a.", "Type": "A", "TTL": "soon"}}]}})"));
  EXPECT_NE(nested.message.find("ChangeBatch.Changes[0].ResourceRecordSet.TTL"), std::string::npos)
      << nested.message;
  EXPECT_NE(nested.message.find("integer"), std::string::npos);

  Error unknown_nested =
      build_error(kS3, "PutBucketVersioning",
                  json{{"Bucket", "b"}, {"VersioningConfiguration", {{"State", "Enabled"}}}});
  EXPECT_NE(unknown_nested.message.find("VersioningConfiguration.State"), std::string::npos)
      << unknown_nested.message;
  EXPECT_NE(unknown_nested.message.find("MFADelete"), std::string::npos);

  Error wrong_type = build_error(kS3, "GetObject", json{{"Bucket", json::array()}, {"Key", "k"}});
  EXPECT_EQ(wrong_type.kind, ErrorKind::kInvalidInput);
  Error empty_label = build_error(kS3, "GetObject", json{{"Bucket", ""}, {"Key", "k"}});
  EXPECT_NE(empty_label.message.find("{Bucket}"), std::string::npos);
  Error blob =
      build_error(kS3, "PutObject", json{{"Bucket", "b"}, {"Key", "k"}, {"Body", json::object()}});
  EXPECT_NE(blob.message.find("raw payload"), std::string::npos);
  ServiceInfo cloudfront = kS3;
  cloudfront.id = "cloudfront";
  Error unknown_service = build_error(cloudfront, "ListDistributions", nullptr);
  EXPECT_EQ(unknown_service.kind, ErrorKind::kInvalidInput);
}

TEST(GenericRestJson, LambdaInvokeSendsTheRawPayload) {
  HttpRequest r = build(kLambda, "Invoke",
                        json{{"FunctionName", "orders-canary"},
                             {"Payload", R"({"a":1})"},
                             {"InvocationType", "RequestResponse"},
                             {"Qualifier", "live"}});
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/2015-03-31/functions/orders-canary/invocations");
  EXPECT_EQ(r.query, "Qualifier=live");
  EXPECT_EQ(header(r, "X-Amz-Invocation-Type"), "RequestResponse");
  EXPECT_EQ(r.body, R"({"a":1})");
  EXPECT_FALSE(r.headers.has("Content-Type"));
}

TEST(GenericRestJson, LambdaBodiesAndQueries) {
  HttpRequest create = build(kLambda, "CreateFunction",
                             json{{"FunctionName", "f"},
                                  {"Role", "r"},
                                  {"Code", {{"ZipFile", "emlw"}}},
                                  {"Runtime", "python3.12"}});
  EXPECT_EQ(create.path, "/2015-03-31/functions");
  EXPECT_EQ(header(create, "Content-Type"), "application/json");
  EXPECT_EQ(json::parse(create.body), (json{{"FunctionName", "f"},
                                            {"Role", "r"},
                                            {"Code", {{"ZipFile", "emlw"}}},
                                            {"Runtime", "python3.12"}}));
  HttpRequest list = build(kLambda, "ListFunctions", json{{"MaxItems", 5}});
  EXPECT_EQ(list.method, "GET");
  EXPECT_EQ(list.query, "MaxItems=5");
  EXPECT_TRUE(list.body.empty());
  HttpRequest get =
      build(kLambda, "GetFunction",
            json{{"FunctionName", "arn:aws:lambda:us-east-1:123456789012:function:f"}});
  EXPECT_EQ(get.path,
            "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af");
  HttpRequest del = build(kLambda, "DeleteFunction", json{{"FunctionName", "f"}});
  EXPECT_EQ(del.method, "DELETE");
}

}  // namespace
}  // namespace drh
