// Route 53 "All pages" forms over scripted pages, and the ResourceRecordSetsChanged waiter
// over the GoogleMock stand-in (mocks/aws/mock_route53.h) on a ManualClock.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/mock_route53.h"
#include "drh/aws/route53.h"
#include "drh/core/encoding.h"
#include "scripted_transport.h"

namespace drh::aws {
namespace {

using drh::testing::ScriptedTransport;
using ::testing::_;
using ::testing::Field;
using ::testing::Return;

const std::string kNs = "https://route53.amazonaws.com/doc/2013-04-01/";

std::string zone_xml(const std::string& id) {
  return "<HostedZone><Id>/hostedzone/" + id + "</Id><Name>" + id +
         ".example.com.</Name><CallerReference>ref-" + id + "</CallerReference></HostedZone>";
}

std::string record_xml(const std::string& name, const std::string& id) {
  return "<ResourceRecordSet><Name>" + name + "</Name><Type>A</Type><SetIdentifier>" + id +
         "</SetIdentifier><Failover>" + (id == "primary" ? "PRIMARY" : "SECONDARY") +
         "</Failover><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.1</Value>"
         "</ResourceRecord></ResourceRecords></ResourceRecordSet>";
}

std::string health_check_xml(const std::string& id) {
  return "<HealthCheck><Id>" + id + "</Id><CallerReference>c-" + id +
         "</CallerReference><HealthCheckConfig><Type>TCP</Type><IPAddress>192.0.2.1</IPAddress>"
         "<Port>443</Port></HealthCheckConfig><HealthCheckVersion>1</HealthCheckVersion>"
         "</HealthCheck>";
}

std::string query_value(const HttpRequest& request, const std::string& key) {
  std::string_view q = request.query;
  while (!q.empty()) {
    std::string_view pair = q.substr(0, q.find('&'));
    q.remove_prefix(std::min(q.size(), pair.size() + 1));
    auto eq = pair.find('=');
    if (uri_decode(pair.substr(0, eq)) == key) {
      return eq == std::string_view::npos ? "" : uri_decode(pair.substr(eq + 1));
    }
  }
  return "<absent>";
}

class Route53PagingTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedTransport> transport_ = std::make_shared<ScriptedTransport>();
  ManualClock clock_;
  std::unique_ptr<AwsConnection> connection_ =
      drh::testing::scripted_connection(transport_, clock_);
  Route53Client r53_{*connection_};
};

TEST_F(Route53PagingTest, ListHostedZonesAllFollowsNextMarkerOverThreePages) {
  transport_->respond("<ListHostedZonesResponse xmlns=\"" + kNs + "\"><HostedZones>" +
                      zone_xml("Z1") + zone_xml("Z2") +
                      "</HostedZones><Marker></Marker><IsTruncated>true</IsTruncated>"
                      "<NextMarker>Z3</NextMarker><MaxItems>2</MaxItems>"
                      "</ListHostedZonesResponse>");
  transport_->respond("<ListHostedZonesResponse xmlns=\"" + kNs + "\"><HostedZones>" +
                      zone_xml("Z3") + zone_xml("Z4") +
                      "</HostedZones><Marker>Z3</Marker><IsTruncated>true</IsTruncated>"
                      "<NextMarker>Z5</NextMarker><MaxItems>2</MaxItems>"
                      "</ListHostedZonesResponse>");
  transport_->respond("<ListHostedZonesResponse xmlns=\"" + kNs + "\"><HostedZones>" +
                      zone_xml("Z5") +
                      "</HostedZones><Marker>Z5</Marker><IsTruncated>false</IsTruncated>"
                      "<MaxItems>2</MaxItems></ListHostedZonesResponse>");
  auto all = r53_.ListHostedZonesAll({.MaxItems = 2});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 5u);
  EXPECT_EQ((*all)[0].Id, "/hostedzone/Z1");
  EXPECT_EQ((*all)[4].Id, "/hostedzone/Z5");
  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(query_value(requests[0], "marker"), "<absent>");
  EXPECT_EQ(query_value(requests[1], "marker"), "Z3");
  EXPECT_EQ(query_value(requests[2], "marker"), "Z5");
  for (const HttpRequest& r : requests) EXPECT_EQ(query_value(r, "maxitems"), "2");
}

TEST_F(Route53PagingTest, ListHostedZonesByNameAllFollowsNameAndZoneId) {
  for (int page = 1; page <= 3; ++page) {
    std::string id = "Z" + std::to_string(page);
    std::string more = page < 3 ? "<IsTruncated>true</IsTruncated><NextDNSName>Z" +
                                      std::to_string(page + 1) +
                                      ".example.com.</NextDNSName><NextHostedZoneId>Z" +
                                      std::to_string(page + 1) + "</NextHostedZoneId>"
                                : "<IsTruncated>false</IsTruncated>";
    transport_->respond("<ListHostedZonesByNameResponse xmlns=\"" + kNs + "\"><HostedZones>" +
                        zone_xml(id) + "</HostedZones>" + more + "<MaxItems>1</MaxItems>" +
                        "</ListHostedZonesByNameResponse>");
  }
  auto all = r53_.ListHostedZonesByNameAll({.DNSName = "Z1.example.com.", .MaxItems = 1});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 3u);
  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(query_value(requests[0], "hostedzoneid"), "<absent>");
  EXPECT_EQ(query_value(requests[2], "dnsname"), "Z3.example.com.");
  EXPECT_EQ(query_value(requests[2], "hostedzoneid"), "Z3");
}

TEST_F(Route53PagingTest, ListResourceRecordSetsAllContinuesWithNameTypeAndIdentifier) {
  // Page breaks fall between the PRIMARY and SECONDARY sets of one name: only the
  // identifier tells the service where to resume.
  transport_->respond("<ListResourceRecordSetsResponse xmlns=\"" + kNs + "\"><ResourceRecordSets>" +
                      record_xml("api.example.com.", "primary") +
                      "</ResourceRecordSets><IsTruncated>true</IsTruncated>"
                      "<NextRecordName>api.example.com.</NextRecordName><NextRecordType>A"
                      "</NextRecordType><NextRecordIdentifier>secondary</NextRecordIdentifier>"
                      "<MaxItems>1</MaxItems></ListResourceRecordSetsResponse>");
  transport_->respond("<ListResourceRecordSetsResponse xmlns=\"" + kNs + "\"><ResourceRecordSets>" +
                      record_xml("api.example.com.", "secondary") +
                      "</ResourceRecordSets><IsTruncated>true</IsTruncated>"
                      "<NextRecordName>www.example.com.</NextRecordName><NextRecordType>A"
                      "</NextRecordType><NextRecordIdentifier>primary</NextRecordIdentifier>"
                      "<MaxItems>1</MaxItems></ListResourceRecordSetsResponse>");
  transport_->respond("<ListResourceRecordSetsResponse xmlns=\"" + kNs + "\"><ResourceRecordSets>" +
                      record_xml("www.example.com.", "primary") +
                      "</ResourceRecordSets><IsTruncated>false</IsTruncated>"
                      "<MaxItems>1</MaxItems></ListResourceRecordSetsResponse>");
  auto all = r53_.ListResourceRecordSetsAll({.HostedZoneId = "/hostedzone/Z1", .MaxItems = 1});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[1].SetIdentifier, "secondary");
  EXPECT_EQ((*all)[1].Failover, "SECONDARY");
  EXPECT_EQ((*all)[2].Name, "www.example.com.");
  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].path, "/2013-04-01/hostedzone/Z1/rrset");
  EXPECT_EQ(query_value(requests[0], "name"), "<absent>");
  EXPECT_EQ(query_value(requests[1], "name"), "api.example.com.");
  EXPECT_EQ(query_value(requests[1], "type"), "A");
  EXPECT_EQ(query_value(requests[1], "identifier"), "secondary");
  EXPECT_EQ(query_value(requests[2], "name"), "www.example.com.");
  EXPECT_EQ(query_value(requests[2], "identifier"), "primary");
}

TEST_F(Route53PagingTest, ListHealthChecksAllFollowsNextMarker) {
  for (int page = 1; page <= 3; ++page) {
    std::string more = page < 3 ? "<IsTruncated>true</IsTruncated><NextMarker>m" +
                                      std::to_string(page) + "</NextMarker>"
                                : "<IsTruncated>false</IsTruncated>";
    transport_->respond("<ListHealthChecksResponse xmlns=\"" + kNs + "\"><HealthChecks>" +
                        health_check_xml("hc-" + std::to_string(page) + "a") +
                        health_check_xml("hc-" + std::to_string(page) + "b") + "</HealthChecks>" +
                        "<Marker></Marker>" + more + "<MaxItems>2</MaxItems>" +
                        "</ListHealthChecksResponse>");
  }
  auto all = r53_.ListHealthChecksAll({.MaxItems = 2});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 6u);
  EXPECT_EQ((*all)[5].Id, "hc-3b");
  EXPECT_EQ((*all)[5].HealthCheckConfig.Port, 443);
  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(query_value(requests[1], "marker"), "m1");
  EXPECT_EQ(query_value(requests[2], "marker"), "m2");
}

TEST_F(Route53PagingTest, APageErrorStopsPagingWithThatError) {
  transport_->respond("<ListHealthChecksResponse xmlns=\"" + kNs + "\"><HealthChecks>" +
                      health_check_xml("a") +
                      "</HealthChecks><IsTruncated>true</IsTruncated><NextMarker>m1</NextMarker>"
                      "</ListHealthChecksResponse>");
  transport_->respond(
      "<ErrorResponse xmlns=\"" + kNs +
          "\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>no</Message></Error>"
          "<RequestId>r</RequestId></ErrorResponse>",
      403);
  auto all = r53_.ListHealthChecksAll();
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, "AccessDenied");
  EXPECT_EQ(transport_->requests().size(), 2u);
}

// ------------------------------------------------------------------ on the mock

ListHostedZonesResult zones_page(std::vector<std::string> ids, std::string next) {
  ListHostedZonesResult page;
  for (const std::string& id : ids) page.HostedZones.push_back(HostedZone{.Id = id});
  page.IsTruncated = !next.empty();
  page.NextMarker = std::move(next);
  return page;
}

TEST(Route53PagingOnMock, ARepeatedMarkerStopsInsteadOfLoopingForever) {
  MockRoute53Api api;
  EXPECT_CALL(api, ListHostedZones(Field(&ListHostedZonesRequest::Marker, "")))
      .WillOnce(Return(zones_page({"Z1"}, "m1")));
  EXPECT_CALL(api, ListHostedZones(Field(&ListHostedZonesRequest::Marker, "m1")))
      .WillOnce(Return(zones_page({"Z2"}, "m2")));
  EXPECT_CALL(api, ListHostedZones(Field(&ListHostedZonesRequest::Marker, "m2")))
      .WillOnce(Return(zones_page({"Z3"}, "m1")));
  auto all = api.ListHostedZonesAll();
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(all.error().code, "RepeatedPageToken");
  EXPECT_NE(all.error().message.find("'m1'"), std::string::npos) << all.error().message;
}

TEST(Route53PagingOnMock, TruncatedWithoutATokenIsAnError) {
  MockRoute53Api api;
  ListResourceRecordSetsResult page;
  page.IsTruncated = true;
  EXPECT_CALL(api, ListResourceRecordSets(_)).WillOnce(Return(page));
  auto all = api.ListResourceRecordSetsAll({.HostedZoneId = "Z1"});
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, "MissingPageToken");
  EXPECT_NE(all.error().message.find("NextRecordName"), std::string::npos);
}

// ------------------------------------------------------------------ waiter

GetChangeResult change(std::string status) {
  GetChangeResult r;
  r.ChangeInfo.Id = "/change/C1";
  r.ChangeInfo.Status = std::move(status);
  return r;
}

TEST(Route53Waiter, ResourceRecordSetsChangedPollsUntilInsync) {
  MockRoute53Api api;
  ManualClock clock;
  const TimePoint start = clock.now();
  EXPECT_CALL(api, GetChange(Field(&GetChangeRequest::Id, "C1")))
      .WillOnce(Return(change("PENDING")))
      .WillOnce(Return(change("PENDING")))
      .WillOnce(Return(change("INSYNC")));
  Status s = WaitUntilResourceRecordSetsChanged(api, clock, "/change/C1");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  // botocore's delay: 30 s between polls.
  EXPECT_EQ(clock.now() - start, std::chrono::seconds(60));
}

TEST(Route53Waiter, AnErrorEndsTheWaitWithThatError) {
  MockRoute53Api api;
  ManualClock clock;
  Error missing = make_error(ErrorKind::kAws, "NoSuchChange", "no change C9");
  missing.http_status = 404;
  EXPECT_CALL(api, GetChange(_)).WillOnce(Return(change("PENDING"))).WillOnce(Return(missing));
  Status s = WaitUntilResourceRecordSetsChanged(api, clock, "C9");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "NoSuchChange");
}

TEST(Route53Waiter, TimeoutNamesTheChangeAndItsLastStatus) {
  MockRoute53Api api;
  ManualClock clock;
  EXPECT_CALL(api, GetChange(_)).Times(4).WillRepeatedly(Return(change("PENDING")));
  Status s = WaitUntilResourceRecordSetsChanged(
      api, clock, "C1", WaitOptions{std::chrono::seconds(30), std::chrono::seconds(90)});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kTimeout);
  EXPECT_EQ(s.error().code, "WaiterTimeout");
  EXPECT_NE(s.error().message.find("change C1 status=PENDING"), std::string::npos)
      << s.error().message;
  EXPECT_NE(s.error().message.find("timed out after 90 s"), std::string::npos) << s.error().message;
}

TEST(Route53Waiter, DefaultTimingIsBotocores) {
  EXPECT_EQ(kResourceRecordSetsChangedWait.delay, std::chrono::seconds(30));
  // 60 attempts: the first at once, then 59 delays.
  EXPECT_EQ(kResourceRecordSetsChangedWait.timeout, std::chrono::seconds(30 * 59));
  MockRoute53Api api;
  ManualClock clock;
  EXPECT_CALL(api, GetChange(_)).Times(60).WillRepeatedly(Return(change("PENDING")));
  Status s = WaitUntilResourceRecordSetsChanged(api, clock, "C1");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterTimeout");
}

}  // namespace
}  // namespace drh::aws
