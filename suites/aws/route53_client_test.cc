// Route53Client over hand-written wire samples (fixtures/wire/route53/): what each
// operation sends (method, path, query, XML body) and what it makes of the answer.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "../../harness/aws/route53_codec.h"
#include "../../harness/aws/route53_json.h"
#include "drh/aws/route53.h"
#include "drh/core/encoding.h"
#include "drh/protocol/timestamp.h"
#include "scripted_transport.h"

namespace drh::aws {
namespace {

using drh::testing::ScriptedTransport;
using drh::testing::wire_sample;

constexpr std::string_view kNs = "https://route53.amazonaws.com/doc/2013-04-01/";

std::map<std::string, std::string> query_of(const HttpRequest& request) {
  std::map<std::string, std::string> out;
  std::string_view q = request.query;
  while (!q.empty()) {
    std::string_view pair = q.substr(0, q.find('&'));
    q.remove_prefix(std::min(q.size(), pair.size() + 1));
    auto eq = pair.find('=');
    out[uri_decode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? "" : uri_decode(pair.substr(eq + 1));
  }
  return out;
}

TimePoint at(std::string_view iso) { return parse_iso8601(iso).value(); }

class Route53ClientTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedTransport> transport_ = std::make_shared<ScriptedTransport>();
  ManualClock clock_;
  std::unique_ptr<AwsConnection> connection_ =
      drh::testing::scripted_connection(transport_, clock_);
  Route53Client r53_{*connection_};

  const HttpRequest& sent() const { return transport_->last_request(); }
};

TEST(Route53Id, StripsThePathPrefixesTheServiceReturns) {
  EXPECT_EQ(route53_id("/hostedzone/Z1D633PJN98FT9"), "Z1D633PJN98FT9");
  EXPECT_EQ(route53_id("Z1D633PJN98FT9"), "Z1D633PJN98FT9");
  EXPECT_EQ(route53_id("/change/C2682N5HXP0BZ4"), "C2682N5HXP0BZ4");
  EXPECT_EQ(route53_id("/healthcheck/abc"), "abc");
  EXPECT_EQ(route53_id(""), "");
}

TEST_F(Route53ClientTest, CreateHostedZoneSendsTheModelsXmlAndSignsForUsEast1) {
  transport_->respond(wire_sample("route53/CreateHostedZone.xml"), 201,
                      Headers{{"Location",
                               "https://route53.amazonaws.com/2013-04-01/hostedzone/"
                               "Z1D633PJN98FT9"}});
  CreateHostedZoneRequest req;
  req.Name = "dr.example.com";
  req.CallerReference = "drill-2024-05-01T10:00:00Z";
  req.HostedZoneConfig = HostedZoneConfig{"failover drill & restore", false};
  auto r = r53_.CreateHostedZone(req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(sent().method, "POST");
  EXPECT_EQ(sent().path, "/2013-04-01/hostedzone");
  EXPECT_EQ(sent().body,
            "<CreateHostedZoneRequest xmlns=\"" + std::string(kNs) +
                "\"><Name>dr.example.com</Name>"
                "<CallerReference>drill-2024-05-01T10:00:00Z</CallerReference>"
                "<HostedZoneConfig><Comment>failover drill &amp; restore</Comment>"
                "<PrivateZone>false</PrivateZone></HostedZoneConfig></CreateHostedZoneRequest>");
  auto auth = sent().headers.get("Authorization");
  ASSERT_TRUE(auth.has_value());
  EXPECT_NE(auth->find("/us-east-1/route53/aws4_request"), std::string_view::npos) << *auth;

  EXPECT_EQ(r->HostedZone.Id, "/hostedzone/Z1D633PJN98FT9");
  EXPECT_EQ(r->HostedZone.Name, "dr.example.com.");
  ASSERT_TRUE(r->HostedZone.Config.has_value());
  EXPECT_EQ(r->HostedZone.Config->Comment, "failover drill zone");
  EXPECT_EQ(r->HostedZone.Config->PrivateZone, false);
  EXPECT_EQ(r->HostedZone.ResourceRecordSetCount, 2);
  EXPECT_EQ(r->ChangeInfo.Id, "/change/C1PA6795UKMFR9");
  EXPECT_EQ(r->ChangeInfo.Status, "PENDING");
  EXPECT_EQ(r->ChangeInfo.SubmittedAt, at("2024-05-01T10:00:01.123Z"));
  ASSERT_TRUE(r->DelegationSet.has_value());
  EXPECT_EQ(r->DelegationSet->NameServers.size(), 4u);
  EXPECT_EQ(r->DelegationSet->NameServers[3], "ns-2051.awsdns-67.co.uk");
  EXPECT_FALSE(r->VPC.has_value());
  EXPECT_EQ(r->Location, "https://route53.amazonaws.com/2013-04-01/hostedzone/Z1D633PJN98FT9");
}

TEST(Route53ClientPartition, SignsForTheRoute53RegionOfThePartitionAsked) {
  auto transport = std::make_shared<ScriptedTransport>();
  ManualClock clock;
  auto connection = drh::testing::scripted_connection(transport, clock);
  transport->respond(wire_sample("route53/GetChange.xml"));
  Route53Client r53(*connection, "cn-north-1");
  ASSERT_TRUE(r53.GetChange({.Id = "C2682N5HXP0BZ4"}).ok());
  auto auth = transport->last_request().headers.get("Authorization");
  ASSERT_TRUE(auth.has_value());
  EXPECT_NE(auth->find("/cn-northwest-1/route53/aws4_request"), std::string_view::npos) << *auth;
}

TEST_F(Route53ClientTest, CreateHostedZoneWithoutCallerReferenceIsRejectedBeforeSending) {
  auto r = r53_.CreateHostedZone({.Name = "dr.example.com"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(r.error().message.find("CallerReference"), std::string::npos);
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(Route53ClientTest, GetHostedZoneAcceptsThePathFormOfTheId) {
  transport_->respond(wire_sample("route53/GetHostedZone.xml"));
  auto r = r53_.GetHostedZone({.Id = "/hostedzone/Z2682N5HXP0BZ4"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "GET");
  EXPECT_EQ(sent().path, "/2013-04-01/hostedzone/Z2682N5HXP0BZ4");
  EXPECT_EQ(r->HostedZone.Config->PrivateZone, true);
  EXPECT_FALSE(r->DelegationSet.has_value());
  ASSERT_EQ(r->VPCs.size(), 2u);
  EXPECT_EQ(r->VPCs[1].VPCRegion, "us-west-2");
  EXPECT_EQ(r->VPCs[1].VPCId, "vpc-0f9e8d7c6b5a40312");
}

TEST_F(Route53ClientTest, ListHostedZonesSendsMarkerAndMaxItems) {
  transport_->respond(wire_sample("route53/ListHostedZones.xml"));
  auto r = r53_.ListHostedZones({.Marker = "Z0000000000001", .MaxItems = 2});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().path, "/2013-04-01/hostedzone");
  auto q = query_of(sent());
  EXPECT_EQ(q["marker"], "Z0000000000001");
  EXPECT_EQ(q["maxitems"], "2");
  ASSERT_EQ(r->HostedZones.size(), 2u);
  EXPECT_EQ(r->HostedZones[1].Name, "internal.example.com.");
  EXPECT_EQ(r->HostedZones[1].Config->Comment, "");
  EXPECT_TRUE(r->IsTruncated);
  EXPECT_EQ(r->NextMarker, "Z3M3LMPEXAMPLE");
  EXPECT_EQ(r->MaxItems, "2");
}

TEST_F(Route53ClientTest, ListHostedZonesByNameSendsNameAndBareZoneId) {
  transport_->respond(wire_sample("route53/ListHostedZonesByName.xml"));
  auto r = r53_.ListHostedZonesByName(
      {.DNSName = "dr.example.com.", .HostedZoneId = "/hostedzone/Z1D633PJN98FT9", .MaxItems = 1});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().path, "/2013-04-01/hostedzonesbyname");
  auto q = query_of(sent());
  EXPECT_EQ(q["dnsname"], "dr.example.com.");
  EXPECT_EQ(q["hostedzoneid"], "Z1D633PJN98FT9");
  EXPECT_EQ(q["maxitems"], "1");
  ASSERT_EQ(r->HostedZones.size(), 1u);
  EXPECT_TRUE(r->IsTruncated);
  EXPECT_EQ(r->NextDNSName, "dr.example.net.");
  EXPECT_EQ(r->NextHostedZoneId, "Z3M3LMPEXAMPLE");
}

TEST_F(Route53ClientTest, DeleteHostedZoneReturnsItsChange) {
  transport_->respond(wire_sample("route53/DeleteHostedZone.xml"));
  auto r = r53_.DeleteHostedZone({.Id = "Z2682N5HXP0BZ4"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "DELETE");
  EXPECT_EQ(sent().path, "/2013-04-01/hostedzone/Z2682N5HXP0BZ4");
  EXPECT_EQ(r->ChangeInfo.Id, "/change/C2682N5HXP0BZ4");
  EXPECT_EQ(r->ChangeInfo.Comment, "drill cleanup");
}

TEST_F(Route53ClientTest, ListResourceRecordSetsDecodesFailoverAliasAndWeightedSets) {
  transport_->respond(wire_sample("route53/ListResourceRecordSets.xml"));
  auto r = r53_.ListResourceRecordSets({.HostedZoneId = "/hostedzone/Z1D633PJN98FT9",
                                        .StartRecordName = "api.dr.example.com.",
                                        .StartRecordType = "A",
                                        .StartRecordIdentifier = "api-primary",
                                        .MaxItems = 3});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().path, "/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset");
  auto q = query_of(sent());
  EXPECT_EQ(q["name"], "api.dr.example.com.");
  EXPECT_EQ(q["type"], "A");
  EXPECT_EQ(q["identifier"], "api-primary");
  EXPECT_EQ(q["maxitems"], "3");

  ASSERT_EQ(r->ResourceRecordSets.size(), 3u);
  const ResourceRecordSet& primary = r->ResourceRecordSets[0];
  EXPECT_EQ(primary.Name, "api.dr.example.com.");
  EXPECT_EQ(primary.Type, "A");
  EXPECT_EQ(primary.SetIdentifier, "api-primary");
  EXPECT_EQ(primary.Failover, "PRIMARY");
  EXPECT_EQ(primary.TTL, 60);
  ASSERT_EQ(primary.ResourceRecords.size(), 2u);
  EXPECT_EQ(primary.ResourceRecords[1].Value, "192.0.2.11");
  EXPECT_EQ(primary.HealthCheckId, "abcdef11-2222-3333-4444-555555fedcba");
  EXPECT_FALSE(primary.AliasTarget.has_value());

  const ResourceRecordSet& secondary = r->ResourceRecordSets[1];
  EXPECT_EQ(secondary.Failover, "SECONDARY");
  EXPECT_FALSE(secondary.TTL.has_value());
  EXPECT_TRUE(secondary.ResourceRecords.empty());
  ASSERT_TRUE(secondary.AliasTarget.has_value());
  EXPECT_EQ(secondary.AliasTarget->HostedZoneId, "Z35SXDOTRQ7X7K");
  EXPECT_EQ(secondary.AliasTarget->DNSName,
            "dualstack.api-dr-123456789.us-west-2.elb.amazonaws.com.");
  EXPECT_TRUE(secondary.AliasTarget->EvaluateTargetHealth);

  EXPECT_EQ(r->ResourceRecordSets[2].Weight, 70);
  EXPECT_TRUE(r->IsTruncated);
  EXPECT_EQ(r->NextRecordName, "www.dr.example.com.");
  EXPECT_EQ(r->NextRecordType, "CNAME");
  EXPECT_EQ(r->NextRecordIdentifier, "us-west-2");
}

TEST_F(Route53ClientTest, ChangeResourceRecordSetsSendsTheFullRecordSets) {
  transport_->respond(wire_sample("route53/ChangeResourceRecordSets.xml"));
  ResourceRecordSet primary;
  primary.Name = "api.dr.example.com";
  primary.Type = "A";
  primary.SetIdentifier = "api-primary";
  primary.Failover = "PRIMARY";
  primary.TTL = 60;
  primary.ResourceRecords = {{"192.0.2.10"}};
  primary.HealthCheckId = "abcdef11-2222-3333-4444-555555fedcba";
  ResourceRecordSet secondary;
  secondary.Name = "api.dr.example.com";
  secondary.Type = "A";
  secondary.SetIdentifier = "api-secondary";
  secondary.Failover = "SECONDARY";
  secondary.AliasTarget = AliasTarget{"Z35SXDOTRQ7X7K", "api-dr.us-west-2.elb.amazonaws.com", true};
  ResourceRecordSet weighted;
  weighted.Name = "www.dr.example.com";
  weighted.Type = "CNAME";
  weighted.SetIdentifier = "us-east-1";
  weighted.Weight = 0;
  weighted.TTL = 300;
  weighted.ResourceRecords = {{"api.dr.example.com"}};

  ChangeResourceRecordSetsRequest req;
  req.HostedZoneId = "/hostedzone/Z1D633PJN98FT9";
  req.ChangeBatch.Comment = "fail api over to us-west-2";
  req.ChangeBatch.Changes = {{"UPSERT", primary}, {"CREATE", secondary}, {"DELETE", weighted}};
  auto r = r53_.ChangeResourceRecordSets(req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(sent().method, "POST");
  EXPECT_EQ(sent().path, "/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset/");
  EXPECT_EQ(sent().body,
            "<ChangeResourceRecordSetsRequest xmlns=\"" + std::string(kNs) +
                "\"><ChangeBatch><Comment>fail api over to us-west-2</Comment><Changes>"
                "<Change><Action>UPSERT</Action><ResourceRecordSet>"
                "<Name>api.dr.example.com</Name><Type>A</Type>"
                "<SetIdentifier>api-primary</SetIdentifier><Failover>PRIMARY</Failover>"
                "<TTL>60</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.10</Value>"
                "</ResourceRecord></ResourceRecords>"
                "<HealthCheckId>abcdef11-2222-3333-4444-555555fedcba</HealthCheckId>"
                "</ResourceRecordSet></Change>"
                "<Change><Action>CREATE</Action><ResourceRecordSet>"
                "<Name>api.dr.example.com</Name><Type>A</Type>"
                "<SetIdentifier>api-secondary</SetIdentifier><Failover>SECONDARY</Failover>"
                "<AliasTarget><HostedZoneId>Z35SXDOTRQ7X7K</HostedZoneId>"
                "<DNSName>api-dr.us-west-2.elb.amazonaws.com</DNSName>"
                "<EvaluateTargetHealth>true</EvaluateTargetHealth></AliasTarget>"
                "</ResourceRecordSet></Change>"
                "<Change><Action>DELETE</Action><ResourceRecordSet>"
                "<Name>www.dr.example.com</Name><Type>CNAME</Type>"
                "<SetIdentifier>us-east-1</SetIdentifier><Weight>0</Weight><TTL>300</TTL>"
                "<ResourceRecords><ResourceRecord><Value>api.dr.example.com</Value>"
                "</ResourceRecord></ResourceRecords></ResourceRecordSet></Change>"
                "</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>");
  EXPECT_EQ(r->ChangeInfo.Status, "PENDING");
  EXPECT_EQ(r->ChangeInfo.Id, "/change/C2682N5HXP0BZ4");
}

TEST_F(Route53ClientTest, ChangeResourceRecordSetsWithNoChangesIsRejected) {
  auto r = r53_.ChangeResourceRecordSets({.HostedZoneId = "Z1"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(Route53ClientTest, GetChangeUsesTheBareChangeId) {
  transport_->respond(wire_sample("route53/GetChange.xml"));
  auto r = r53_.GetChange({.Id = "/change/C2682N5HXP0BZ4"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().path, "/2013-04-01/change/C2682N5HXP0BZ4");
  EXPECT_EQ(r->ChangeInfo.Status, "INSYNC");
  EXPECT_EQ(r->ChangeInfo.SubmittedAt, at("2024-05-01T10:05:00Z"));
}

TEST_F(Route53ClientTest, CreateHealthCheckSendsTheConfigInModelOrder) {
  transport_->respond(wire_sample("route53/CreateHealthCheck.xml"), 201,
                      Headers{{"Location",
                               "https://route53.amazonaws.com/2013-04-01/healthcheck/"
                               "abcdef11-2222-3333-4444-555555fedcba"}});
  CreateHealthCheckRequest req;
  req.CallerReference = "api-primary-check";
  HealthCheckConfig& c = req.HealthCheckConfig;
  c.Port = 443;
  c.Type = "HTTPS_STR_MATCH";
  c.ResourcePath = "/health";
  c.FullyQualifiedDomainName = "api-east.dr.example.com";
  c.SearchString = "\"status\":\"ok\"";
  c.RequestInterval = 10;
  c.FailureThreshold = 2;
  c.MeasureLatency = true;
  c.Inverted = false;
  c.EnableSNI = true;
  c.Regions = {"us-east-1", "us-west-2", "eu-west-1"};
  auto r = r53_.CreateHealthCheck(req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(sent().path, "/2013-04-01/healthcheck");
  EXPECT_EQ(
      sent().body,
      "<CreateHealthCheckRequest xmlns=\"" + std::string(kNs) +
          "\"><CallerReference>api-primary-check</CallerReference><HealthCheckConfig>"
          "<Port>443</Port><Type>HTTPS_STR_MATCH</Type><ResourcePath>/health</ResourcePath>"
          "<FullyQualifiedDomainName>api-east.dr.example.com</FullyQualifiedDomainName>"
          "<SearchString>\"status\":\"ok\"</SearchString><RequestInterval>10</RequestInterval>"
          "<FailureThreshold>2</FailureThreshold><MeasureLatency>true</MeasureLatency>"
          "<Inverted>false</Inverted><EnableSNI>true</EnableSNI><Regions>"
          "<Region>us-east-1</Region><Region>us-west-2</Region><Region>eu-west-1</Region>"
          "</Regions></HealthCheckConfig></CreateHealthCheckRequest>");

  EXPECT_EQ(r->HealthCheck.Id, "abcdef11-2222-3333-4444-555555fedcba");
  EXPECT_EQ(r->HealthCheck.HealthCheckVersion, 1);
  const HealthCheckConfig& got = r->HealthCheck.HealthCheckConfig;
  EXPECT_EQ(got.Type, "HTTPS_STR_MATCH");
  EXPECT_EQ(got.Port, 443);
  EXPECT_EQ(got.SearchString, "\"status\":\"ok\"");
  EXPECT_EQ(got.RequestInterval, 10);
  EXPECT_EQ(got.FailureThreshold, 2);
  EXPECT_EQ(got.MeasureLatency, true);
  EXPECT_EQ(got.Inverted, false);
  EXPECT_EQ(got.EnableSNI, true);
  EXPECT_EQ(got.Regions, (std::vector<std::string>{"us-east-1", "us-west-2", "eu-west-1"}));
  EXPECT_EQ(r->Location,
            "https://route53.amazonaws.com/2013-04-01/healthcheck/"
            "abcdef11-2222-3333-4444-555555fedcba");
}

TEST_F(Route53ClientTest, GetHealthCheckDecodesACloudWatchMetricCheck) {
  transport_->respond(wire_sample("route53/GetHealthCheck.xml"));
  auto r = r53_.GetHealthCheck({.HealthCheckId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().path, "/2013-04-01/healthcheck/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
  const HealthCheck& h = r->HealthCheck;
  EXPECT_EQ(h.HealthCheckConfig.Type, "CLOUDWATCH_METRIC");
  ASSERT_TRUE(h.HealthCheckConfig.AlarmIdentifier.has_value());
  EXPECT_EQ(h.HealthCheckConfig.AlarmIdentifier->Region, "us-west-2");
  EXPECT_EQ(h.HealthCheckConfig.AlarmIdentifier->Name, "aurora-global-replication-lag");
  EXPECT_EQ(h.HealthCheckConfig.InsufficientDataHealthStatus, "LastKnownStatus");
  EXPECT_FALSE(h.HealthCheckConfig.Port.has_value());
  EXPECT_EQ(h.HealthCheckVersion, 3);
  ASSERT_TRUE(h.CloudWatchAlarmConfiguration.has_value());
  const CloudWatchAlarmConfiguration& a = *h.CloudWatchAlarmConfiguration;
  EXPECT_EQ(a.EvaluationPeriods, 3);
  EXPECT_DOUBLE_EQ(a.Threshold, 1000.0);
  EXPECT_EQ(a.ComparisonOperator, "GreaterThanThreshold");
  EXPECT_EQ(a.Period, 60);
  EXPECT_EQ(a.MetricName, "AuroraGlobalDBReplicationLag");
  EXPECT_EQ(a.Namespace, "AWS/RDS");
  ASSERT_EQ(a.Dimensions.size(), 1u);
  EXPECT_EQ(a.Dimensions[0].Name, "DBClusterIdentifier");
  EXPECT_EQ(a.Dimensions[0].Value, "orders-secondary");
}

TEST_F(Route53ClientTest, ListHealthChecksDecodesInvertedAndCalculatedChecks) {
  transport_->respond(wire_sample("route53/ListHealthChecks.xml"));
  auto r = r53_.ListHealthChecks({});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().path, "/2013-04-01/healthcheck");
  EXPECT_EQ(sent().query, "");
  ASSERT_EQ(r->HealthChecks.size(), 2u);
  EXPECT_EQ(r->HealthChecks[0].HealthCheckConfig.IPAddress, "192.0.2.10");
  EXPECT_EQ(r->HealthChecks[0].HealthCheckConfig.Inverted, true);
  EXPECT_EQ(r->HealthChecks[0].HealthCheckVersion, 4);
  EXPECT_EQ(r->HealthChecks[1].HealthCheckConfig.HealthThreshold, 1);
  EXPECT_EQ(r->HealthChecks[1].HealthCheckConfig.ChildHealthChecks.size(), 2u);
  EXPECT_FALSE(r->IsTruncated);
  EXPECT_EQ(r->MaxItems, "100");
}

TEST_F(Route53ClientTest, GetHealthCheckStatusDecodesEveryCheckerRegion) {
  transport_->respond(wire_sample("route53/GetHealthCheckStatus.xml"));
  auto r = r53_.GetHealthCheckStatus({.HealthCheckId = "abcdef11-2222-3333-4444-555555fedcba"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().path, "/2013-04-01/healthcheck/abcdef11-2222-3333-4444-555555fedcba/status");
  ASSERT_EQ(r->HealthCheckObservations.size(), 3u);
  const HealthCheckObservation& west = r->HealthCheckObservations[1];
  EXPECT_EQ(west.Region, "us-west-2");
  EXPECT_EQ(west.IPAddress, "15.177.10.21");
  ASSERT_TRUE(west.StatusReport.has_value());
  EXPECT_TRUE(west.StatusReport->Status.starts_with("Failure: Connection timed out"));
  EXPECT_EQ(west.StatusReport->CheckedTime, at("2024-05-01T10:10:51.117Z"));
}

TEST_F(Route53ClientTest, UpdateHealthCheckSendsOnlyTheMembersSet) {
  transport_->respond(wire_sample("route53/UpdateHealthCheck.xml"));
  UpdateHealthCheckRequest req;
  req.HealthCheckId = "abcdef11-2222-3333-4444-555555fedcba";
  req.HealthCheckVersion = 1;
  req.FailureThreshold = 1;
  req.Inverted = true;
  req.ResetElements = {"Regions"};
  auto r = r53_.UpdateHealthCheck(req);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "POST");
  EXPECT_EQ(sent().path, "/2013-04-01/healthcheck/abcdef11-2222-3333-4444-555555fedcba");
  EXPECT_EQ(sent().body, "<UpdateHealthCheckRequest xmlns=\"" + std::string(kNs) +
                             "\"><HealthCheckVersion>1</HealthCheckVersion>"
                             "<FailureThreshold>1</FailureThreshold><Inverted>true</Inverted>"
                             "<ResetElements><ResettableElementName>Regions</ResettableElementName>"
                             "</ResetElements></UpdateHealthCheckRequest>");
  EXPECT_EQ(r->HealthCheck.HealthCheckConfig.Inverted, true);
  EXPECT_EQ(r->HealthCheck.HealthCheckConfig.FailureThreshold, 1);
  EXPECT_EQ(r->HealthCheck.HealthCheckVersion, 2);
}

TEST_F(Route53ClientTest, DeleteHealthCheckAcceptsAnEmptyAnswer) {
  transport_->respond(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<DeleteHealthCheckResponse xmlns=\"" +
      std::string(kNs) + "\"/>");
  auto r = r53_.DeleteHealthCheck({.HealthCheckId = "abcdef11-2222-3333-4444-555555fedcba"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "DELETE");
  EXPECT_EQ(sent().path, "/2013-04-01/healthcheck/abcdef11-2222-3333-4444-555555fedcba");
}

TEST_F(Route53ClientTest, TestDNSAnswerSendsItsQueryAndDecodesTheAnswer) {
  transport_->respond(wire_sample("route53/TestDNSAnswer.xml"));
  auto r = r53_.TestDNSAnswer({.HostedZoneId = "/hostedzone/Z1D633PJN98FT9",
                               .RecordName = "api.dr.example.com",
                               .RecordType = "A",
                               .ResolverIP = "198.51.100.1"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "GET");
  EXPECT_EQ(sent().path, "/2013-04-01/testdnsanswer");
  auto q = query_of(sent());
  EXPECT_EQ(q["hostedzoneid"], "Z1D633PJN98FT9");
  EXPECT_EQ(q["recordname"], "api.dr.example.com");
  EXPECT_EQ(q["recordtype"], "A");
  EXPECT_EQ(q["resolverip"], "198.51.100.1");
  EXPECT_EQ(q.count("edns0clientsubnetip"), 0u);
  EXPECT_EQ(r->Nameserver, "ns-2048.awsdns-64.com");
  EXPECT_EQ(r->RecordName, "api.dr.example.com.");
  EXPECT_EQ(r->RecordType, "A");
  EXPECT_EQ(r->RecordData, (std::vector<std::string>{"198.51.100.20", "198.51.100.21"}));
  EXPECT_EQ(r->ResponseCode, "NOERROR");
  EXPECT_EQ(r->Protocol, "UDP");
}

TEST_F(Route53ClientTest, TestDNSAnswerNeedsZoneNameAndType) {
  auto r = r53_.TestDNSAnswer({.HostedZoneId = "Z1", .RecordName = "api.dr.example.com"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(r.error().message.find("RecordType"), std::string::npos) << r.error().message;
}

// ------------------------------------------------------------------ errors

TEST_F(Route53ClientTest, MissingZoneIsNoSuchHostedZoneAndNotRetried) {
  transport_->respond(wire_sample("route53/NoSuchHostedZone.xml"), 404);
  auto r = r53_.GetHostedZone({.Id = "Z0000000000000"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "NoSuchHostedZone");
  EXPECT_EQ(r.error().http_status, 404);
  EXPECT_EQ(r.error().request_id, "0f3e5b1a-1d2c-4e5f-8a9b-0c1d2e3f4a5b");
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(Route53ClientTest, MissingHealthCheckIsNoSuchHealthCheck) {
  transport_->respond(wire_sample("route53/NoSuchHealthCheck.xml"), 404);
  auto r = r53_.GetHealthCheckStatus({.HealthCheckId = "11111111-2222-3333-4444-555555555555"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "NoSuchHealthCheck");
  EXPECT_EQ(r.error().http_status, 404);
}

TEST_F(Route53ClientTest, AccessDeniedIsNotRetried) {
  transport_->respond(wire_sample("route53/AccessDenied.xml"), 403);
  ChangeResourceRecordSetsRequest req;
  req.HostedZoneId = "Z1D633PJN98FT9";
  req.ChangeBatch.Changes = {{"UPSERT", ResourceRecordSet{.Name = "a.dr.example.com",
                                                          .Type = "A",
                                                          .TTL = 60,
                                                          .ResourceRecords = {{"192.0.2.1"}}}}};
  auto r = r53_.ChangeResourceRecordSets(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "AccessDenied");
  EXPECT_EQ(r.error().http_status, 403);
  EXPECT_FALSE(r.error().retryable);
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(Route53ClientTest, ThrottlingIsRetriedOnTheInjectedClock) {
  transport_->respond(wire_sample("route53/Throttling.xml"), 400);
  transport_->respond(wire_sample("route53/GetChange.xml"));
  auto r = r53_.GetChange({.Id = "C2682N5HXP0BZ4"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->ChangeInfo.Status, "INSYNC");
  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].path, "/2013-04-01/change/C2682N5HXP0BZ4");
}

TEST_F(Route53ClientTest, MissingRequiredElementIsADecodeErrorNamingIt) {
  transport_->respond("<GetChangeResponse xmlns=\"" + std::string(kNs) +
                          "\"><ChangeInfo><Id>/change/C1</Id>"
                          "<SubmittedAt>2024-05-01T10:05:00Z</SubmittedAt></ChangeInfo>"
                          "</GetChangeResponse>",
                      200, Headers{{"x-amzn-RequestId", "req-42"}});
  auto r = r53_.GetChange({.Id = "C1"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(r.error().code, "MissingElement");
  EXPECT_NE(r.error().message.find("GetChange"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("<Status> in <ChangeInfo>"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(r.error().request_id, "req-42");
}

TEST_F(Route53ClientTest, MalformedNumberIsADecodeErrorQuotingTheText) {
  transport_->respond("<GetHealthCheckResponse xmlns=\"" + std::string(kNs) +
                      "\"><HealthCheck><Id>h</Id><CallerReference>c</CallerReference>"
                      "<HealthCheckConfig><Type>TCP</Type><Port>eighty</Port>"
                      "</HealthCheckConfig><HealthCheckVersion>1</HealthCheckVersion>"
                      "</HealthCheck></GetHealthCheckResponse>");
  auto r = r53_.GetHealthCheck({.HealthCheckId = "h"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "InvalidElement");
  EXPECT_NE(r.error().message.find("<Port> in <HealthCheckConfig> is not an integer: 'eighty'"),
            std::string::npos)
      << r.error().message;
}

TEST_F(Route53ClientTest, AnswerForAnotherOperationIsRejected) {
  transport_->respond(wire_sample("route53/GetHostedZone.xml"));
  auto r = r53_.GetChange({.Id = "C1"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "UnexpectedResponse");
  EXPECT_NE(r.error().message.find("<GetChangeResponse>"), std::string::npos) << r.error().message;
}

// ------------------------------------------------------------------ JSON

TEST(Route53Json, RecordSetsUseBotocoreNamesAndLeaveOutAbsentMembers) {
  HttpResponse response;
  response.status = 200;
  response.body = wire_sample("route53/ListResourceRecordSets.xml");
  auto r = decode_ListResourceRecordSets(response);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  nlohmann::json j = to_json(*r);
  EXPECT_EQ(j["IsTruncated"], true);
  EXPECT_EQ(j["NextRecordIdentifier"], "us-west-2");
  const nlohmann::json& primary = j["ResourceRecordSets"][0];
  EXPECT_EQ(primary["Failover"], "PRIMARY");
  EXPECT_EQ(primary["TTL"], 60);
  EXPECT_EQ(primary["ResourceRecords"][1]["Value"], "192.0.2.11");
  EXPECT_FALSE(primary.contains("AliasTarget"));
  EXPECT_FALSE(primary.contains("Weight"));
  const nlohmann::json& secondary = j["ResourceRecordSets"][1];
  EXPECT_EQ(secondary["AliasTarget"]["EvaluateTargetHealth"], true);
  EXPECT_FALSE(secondary.contains("TTL"));
}

TEST(Route53Json, ChangeInfoTimestampsAreIso8601) {
  HttpResponse response;
  response.status = 200;
  response.body = wire_sample("route53/GetChange.xml");
  auto r = decode_GetChange(response);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  nlohmann::json j = to_json(*r);
  EXPECT_EQ(j["ChangeInfo"]["SubmittedAt"], "2024-05-01T10:05:00Z");
  EXPECT_EQ(j["ChangeInfo"]["Status"], "INSYNC");
}

TEST(Route53Json, HealthCheckStatusKeepsEveryObservation) {
  HttpResponse response;
  response.status = 200;
  response.body = wire_sample("route53/GetHealthCheckStatus.xml");
  auto r = decode_GetHealthCheckStatus(response);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  nlohmann::json j = to_json(*r);
  ASSERT_EQ(j["HealthCheckObservations"].size(), 3u);
  EXPECT_EQ(j["HealthCheckObservations"][2]["StatusReport"]["CheckedTime"], "2024-05-01T10:10:55Z");
}

}  // namespace
}  // namespace drh::aws
