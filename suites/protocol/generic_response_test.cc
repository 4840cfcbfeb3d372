#include <gtest/gtest.h>

#include "drh/protocol/generic.h"
#include "samples.h"

namespace drh {
namespace {

using nlohmann::json;

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

HttpResponse ok(std::string_view body, Headers headers = {}) {
  HttpResponse r;
  r.status = 200;
  r.body = std::string(body);
  r.headers = std::move(headers);
  return r;
}

json decode(const ServiceInfo& s, std::string_view op, const HttpResponse& r) {
  auto out = decode_generic_response(s, op, r);
  EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().describe());
  return out.ok() ? std::move(out).value() : json();
}

TEST(GenericDecode, RdsDescribeDBClustersTwoClusters) {
  json out = decode(kRds, "DescribeDBClusters", ok(test::kDescribeDBClusters));
  ASSERT_TRUE(out.contains("DBClusters")) << out.dump(2);
  const json& clusters = out["DBClusters"];
  ASSERT_TRUE(clusters.is_array());
  ASSERT_EQ(clusters.size(), 2u);
  const json& primary = clusters[0];
  EXPECT_EQ(primary["DBClusterIdentifier"], "orders-primary");
  EXPECT_EQ(primary["Port"], "3306");  // leaves are strings without a model
  EXPECT_EQ(primary["AvailabilityZones"], json::array({"us-east-1a", "us-east-1b", "us-east-1c"}));
  EXPECT_EQ(primary["DBClusterMembers"].size(), 2u);
  EXPECT_EQ(primary["DBClusterMembers"][0]["IsClusterWriter"], "true");
  EXPECT_EQ(primary["EnabledCloudwatchLogsExports"], json::array({"audit", "error", "slowquery"}));
  EXPECT_EQ(primary["TagList"][1]["Value"], "primary");
  EXPECT_EQ(primary["CustomEndpoints"], "");  // empty element
  EXPECT_EQ(primary["ServerlessV2ScalingConfiguration"]["MaxCapacity"], "16.0");
  // One-item lists recognised by name.
  const json& secondary = clusters[1];
  ASSERT_TRUE(secondary["DBClusterMembers"].is_array());
  EXPECT_EQ(secondary["DBClusterMembers"][0]["DBInstanceIdentifier"], "orders-secondary-1");
  ASSERT_TRUE(secondary["VpcSecurityGroups"].is_array());
  EXPECT_EQ(secondary["VpcSecurityGroups"][0]["Status"], "active");
  EXPECT_EQ(out["ResponseMetadata"]["RequestId"], "5e1b6a44-8f3c-4d0e-9b2a-7c6d5e4f3a21");
  EXPECT_EQ(out["ResponseMetadata"]["HTTPStatusCode"], 200);
  EXPECT_FALSE(out.contains("DescribeDBClustersResult"));
}

TEST(GenericDecode, StsAndQueryWithoutResult) {
  json out = decode(kSts, "GetCallerIdentity",
                    ok("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/"
                       "2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:"
                       "user/ci</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>"
                       "</GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab"
                       "</RequestId></ResponseMetadata></GetCallerIdentityResponse>"));
  EXPECT_EQ(out["Account"], "123456789012");
  EXPECT_EQ(out["Arn"], "arn:aws:iam::123456789012:user/ci");
  EXPECT_EQ(out["ResponseMetadata"]["RequestId"], "01234567-89ab");
  json none = decode(kRds, "DeleteDBClusterParameterGroup",
                     ok("<DeleteDBClusterParameterGroupResponse><ResponseMetadata><RequestId>r"
                        "</RequestId></ResponseMetadata></DeleteDBClusterParameterGroupResponse>"));
  EXPECT_EQ(none, (json{{"ResponseMetadata", {{"RequestId", "r"}, {"HTTPStatusCode", 200}}}}));
  EXPECT_EQ(decode(kSts, "GetCallerIdentity", ok(""))["ResponseMetadata"]["RequestId"], "");
}

TEST(GenericDecode, Ec2ItemsAndRequestId) {
  json out = decode(kEc2, "DescribeVpcs",
                    ok("<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                       "<requestId>7a62c49f</requestId><vpcSet><item><vpcId>vpc-1</vpcId>"
                       "<cidrBlock>10.0.0.0/16</cidrBlock><tagSet><item><key>Name</key>"
                       "<value>primary</value></item></tagSet></item></vpcSet>"
                       "</DescribeVpcsResponse>"));
  ASSERT_TRUE(out["vpcSet"].is_array());
  EXPECT_EQ(out["vpcSet"][0]["vpcId"], "vpc-1");
  EXPECT_EQ(out["vpcSet"][0]["tagSet"][0]["value"], "primary");
  EXPECT_FALSE(out.contains("requestId"));
  EXPECT_EQ(out["ResponseMetadata"]["RequestId"], "7a62c49f");
}

TEST(GenericDecode, Route53ListHostedZones) {
  json out = decode(kRoute53, "ListHostedZones",
                    ok(test::kListHostedZones, {{"x-amzn-RequestId", "r53-req"}}));
  ASSERT_TRUE(out["HostedZones"].is_array()) << out.dump(2);
  ASSERT_EQ(out["HostedZones"].size(), 2u);
  EXPECT_EQ(out["HostedZones"][0]["Id"], "/hostedzone/Z0123456789ABCDEFGHIJ");
  EXPECT_EQ(out["HostedZones"][1]["Config"]["PrivateZone"], "true");
  EXPECT_EQ(out["IsTruncated"], "false");
  EXPECT_EQ(out["ResponseMetadata"]["RequestId"], "r53-req");
  // A one-zone answer is still a list (from the model's wrapped-list names).
  json one = decode(kRoute53, "ListHostedZones",
                    ok("<ListHostedZonesResponse><HostedZones><HostedZone><Id>/hostedzone/Z1</Id>"
                       "</HostedZone></HostedZones><IsTruncated>false</IsTruncated>"
                       "</ListHostedZonesResponse>"));
  ASSERT_TRUE(one["HostedZones"].is_array());
  json check = decode(kRoute53, "GetHealthCheckStatus",
                      ok("<GetHealthCheckStatusResponse><HealthCheckObservations>"
                         "<HealthCheckObservation><Region>us-east-1</Region><IPAddress>1.2.3.4"
                         "</IPAddress><StatusReport><Status>Success: HTTP Status Code 200"
                         "</Status></StatusReport></HealthCheckObservation>"
                         "</HealthCheckObservations></GetHealthCheckStatusResponse>"));
  ASSERT_TRUE(check["HealthCheckObservations"].is_array());
  EXPECT_EQ(check["HealthCheckObservations"][0]["Region"], "us-east-1");
}

TEST(GenericDecode, S3ListBucketsWithOneBucket) {
  json out = decode(kS3, "ListBuckets", ok(test::kListBucketsOne, {{"x-amz-request-id", "S3R"}}));
  ASSERT_TRUE(out["Buckets"].is_array()) << out.dump(2);
  EXPECT_EQ(out["Buckets"][0]["Name"], "orders-primary-use1");
  EXPECT_EQ(out["Owner"]["DisplayName"], "webfile");
  EXPECT_EQ(out["ResponseMetadata"]["RequestId"], "S3R");
}

TEST(GenericDecode, S3FlattenedListsAndPayloadWrappers) {
  json listing = decode(kS3, "ListObjectsV2",
                        ok("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                           "<Name>b</Name><Prefix/><KeyCount>1</KeyCount><Contents><Key>a.txt</Key>"
                           "<Size>5</Size></Contents><IsTruncated>false</IsTruncated>"
                           "</ListBucketResult>"));
  ASSERT_TRUE(listing["Contents"].is_array()) << listing.dump(2);
  EXPECT_EQ(listing["Contents"][0]["Key"], "a.txt");

  json repl =
      decode(kS3, "GetBucketReplication",
             ok("<ReplicationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                "<Role>arn:aws:iam::1:role/r</Role><Rule><ID>all</ID><Status>Enabled</Status>"
                "<Destination><Bucket>arn:aws:s3:::dst</Bucket><ReplicationTime><Status>"
                "Enabled</Status><Time><Minutes>15</Minutes></Time></ReplicationTime>"
                "</Destination></Rule></ReplicationConfiguration>"));
  const json& config = repl["ReplicationConfiguration"];
  ASSERT_TRUE(config["Rule"].is_array()) << repl.dump(2);
  EXPECT_EQ(config["Rule"][0]["Destination"]["ReplicationTime"]["Time"]["Minutes"], "15");

  json versioning = decode(kS3, "GetBucketVersioning",
                           ok("<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/"
                              "2006-03-01/\"><Status>Enabled</Status></VersioningConfiguration>"));
  EXPECT_EQ(versioning["Status"], "Enabled");
  json location = decode(kS3, "GetBucketLocation",
                         ok("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint "
                            "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">us-west-2"
                            "</LocationConstraint>"));
  EXPECT_EQ(location["LocationConstraint"], "us-west-2");
  json empty = decode(kS3, "PutBucketVersioning", ok(""));
  EXPECT_EQ(empty["ResponseMetadata"]["HTTPStatusCode"], 200);
}

TEST(GenericDecode, S3ObjectBodiesAndHeaders) {
  HttpResponse r = ok("hello", {{"ETag", "\"5d41402abc4b2a76b9719d911017c592\""},
                                {"x-amz-version-id", "v1"},
                                {"x-amz-replication-status", "COMPLETED"},
                                {"Content-Length", "5"},
                                {"Content-Type", "text/plain"},
                                {"x-amz-meta-drill", "1"},
                                {"Date", "ignored"},
                                {"x-amz-request-id", "REQ"}});
  json out = decode(kS3, "GetObject", r);
  EXPECT_EQ(out["Body"], "hello");
  EXPECT_EQ(out["ContentLength"], 5);
  EXPECT_FALSE(out.contains("BodyEncoding"));
  EXPECT_EQ(out["Headers"]["x-amz-version-id"], "v1");
  EXPECT_EQ(out["Headers"]["x-amz-replication-status"], "COMPLETED");
  EXPECT_EQ(out["Headers"]["ETag"], "\"5d41402abc4b2a76b9719d911017c592\"");
  EXPECT_EQ(out["Headers"]["x-amz-meta-drill"], "1");
  EXPECT_FALSE(out["Headers"].contains("Date"));
  json binary = decode(kS3, "GetObject", ok(std::string("\x00\xff\x10", 3)));
  EXPECT_EQ(binary["Body"], "AP8Q");
  EXPECT_EQ(binary["BodyEncoding"], "base64");
  EXPECT_EQ(binary["ContentLength"], 3);
  // HEAD answers carry only headers.
  json head = decode(kS3, "HeadObject", ok("", {{"Content-Length", "42"}, {"ETag", "\"e\""}}));
  EXPECT_EQ(head["Headers"]["Content-Length"], "42");
}

TEST(GenericDecode, DynamoDbJsonAsIs) {
  json out = decode(kDynamo, "GetItem",
                    ok(R"({"Item":{"pk":{"S":"order#1"},"amount":{"N":"12.5"}}})",
                       {{"x-amzn-RequestId", "DDB"}}));
  EXPECT_EQ(out["Item"]["pk"]["S"], "order#1");
  EXPECT_EQ(out["ResponseMetadata"]["RequestId"], "DDB");
  EXPECT_FALSE(out.contains("Headers"));
  json empty = decode(kDynamo, "DeleteItem", ok(""));
  EXPECT_TRUE(empty.contains("ResponseMetadata"));
}

TEST(GenericDecode, LambdaInvokeAndFunctionError) {
  json out =
      decode(kLambda, "Invoke",
             ok(R"({"errorMessage":"boom","errorType":"Exception"})",
                {{"X-Amz-Function-Error", "Unhandled"}, {"X-Amz-Executed-Version", "$LATEST"}}));
  EXPECT_EQ(out["Body"], R"({"errorMessage":"boom","errorType":"Exception"})");
  EXPECT_EQ(out["Headers"]["X-Amz-Function-Error"], "Unhandled");
  json fn = decode(kLambda, "GetFunction",
                   ok(R"({"Configuration":{"FunctionName":"f","State":"Active"}})"));
  EXPECT_EQ(fn["Configuration"]["State"], "Active");
}

TEST(GenericDecode, ErrorsAndMalformedBodies) {
  HttpResponse not_found;
  not_found.status = 404;
  not_found.body =
      "<ErrorResponse><Error><Code>DBClusterNotFoundFault</Code><Message>m</Message></Error>"
      "</ErrorResponse>";
  auto e = decode_generic_response(kRds, "DescribeDBClusters", not_found);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::kAws);
  EXPECT_EQ(e.error().code, "DBClusterNotFoundFault");

  auto bad_xml = decode_generic_response(kRds, "DescribeDBClusters",
                                         ok("<DescribeDBClustersResponse><DBClusters>"));
  ASSERT_FALSE(bad_xml.ok());
  EXPECT_EQ(bad_xml.error().kind, ErrorKind::kDecode);
  EXPECT_NE(bad_xml.error().message.find("at byte"), std::string::npos);

  auto bad_json = decode_generic_response(kDynamo, "GetItem", ok(R"({"Item": {"pk": )"));
  ASSERT_FALSE(bad_json.ok());
  EXPECT_EQ(bad_json.error().kind, ErrorKind::kDecode);
  EXPECT_NE(bad_json.error().message.find("malformed JSON at byte"), std::string::npos)
      << bad_json.error().message;
}

TEST(XmlToJson, RepeatedSiblingsAttributesAndMixedContent) {
  auto out = xml_to_json(
      "<Root a=\"1\" xmlns=\"u\" xmlns:x=\"v\"><Item>1</Item><Other>o</Other><Item>2</Item>"
      "<Item>3</Item><Nested x:type=\"T\"><ID>i</ID></Nested><Wrapper><Thing>a</Thing>"
      "<Thing>b</Thing></Wrapper></Root>");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)["a"], "1");
  EXPECT_FALSE(out->contains("xmlns"));
  EXPECT_EQ((*out)["Item"], json::array({"1", "2", "3"}));
  EXPECT_EQ((*out)["Other"], "o");
  EXPECT_EQ((*out)["Nested"]["type"], "T");
  EXPECT_EQ((*out)["Wrapper"], json::array({"a", "b"}));
  auto entities = xml_to_json("<R><T>a &amp; b &lt;c&gt; &#233;</T><C><![CDATA[<raw>]]></C></R>");
  ASSERT_TRUE(entities.ok());
  EXPECT_EQ((*entities)["T"], "a & b <c> \xC3\xA9");
  EXPECT_EQ((*entities)["C"], "<raw>");
  EXPECT_FALSE(xml_to_json("not xml").ok());
}

TEST(XmlToJson, DeepNestingIsAnErrorNotACrash) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  for (int i = 0; i < 100000; ++i) deep += "</a>";
  auto out = xml_to_json(deep);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::kDecode);
  auto generic = decode_generic_response(kS3, "ListBuckets", ok(deep));
  EXPECT_FALSE(generic.ok());
  std::string fine;
  for (int i = 0; i < 50; ++i) fine += "<a>";
  fine += "x";
  for (int i = 0; i < 50; ++i) fine += "</a>";
  EXPECT_TRUE(xml_to_json(fine).ok());
}

}  // namespace
}  // namespace drh
