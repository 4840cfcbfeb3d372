// Route 53 in the fake, through the typed client over InProcessTransport: hosted zones,
// record sets (AWS's ordering, paging, atomic batches and their error messages, failover
// rules), health checks (defaults, idempotency, versions, status), TestDNSAnswer and
// state that survives save and load.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "drh/aws/route53.h"
#include "drh/core/endpoints.h"
#include "drh/protocol/generic.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

using aws::Change;
using aws::ChangeBatch;
using aws::ResourceRecordSet;

ResourceRecordSet a_record(std::string name, std::string ip, std::int64_t ttl = 60) {
  ResourceRecordSet rr;
  rr.Name = std::move(name);
  rr.Type = "A";
  rr.TTL = ttl;
  rr.ResourceRecords = {{std::move(ip)}};
  return rr;
}

ResourceRecordSet failover(std::string name, std::string role, std::string ip,
                           std::string health_check = {}) {
  ResourceRecordSet rr = a_record(std::move(name), std::move(ip));
  rr.SetIdentifier = role == "PRIMARY" ? "primary" : "secondary";
  rr.Failover = std::move(role);
  rr.HealthCheckId = std::move(health_check);
  return rr;
}

// A call by the model-driven generic codec, for operations the typed client has no method
// for (tags, count, operations the fake does not serve).
Result<nlohmann::json> generic(FakeWorld& world, std::string_view op, const nlohmann::json& p) {
  auto info = find_service("route53");
  if (!info) return info.error();
  auto request = build_generic_request(**info, op, p);
  if (!request) return request.error();
  auto response = world.connection->send(**info, "us-east-1", std::move(*request));
  if (!response) return response.error();
  return decode_generic_response(**info, op, *response);
}

class Route53Fake : public ::testing::Test {
 protected:
  std::string create_zone(const std::string& name, const std::string& ref = {}) {
    auto r = r53.CreateHostedZone({.Name = name, .CallerReference = ref.empty() ? name : ref});
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r.ok() ? r->HostedZone.Id : std::string();
  }
  Result<aws::ChangeResourceRecordSetsResult> change(const std::string& zone,
                                                     std::vector<Change> changes) {
    return r53.ChangeResourceRecordSets(
        {.HostedZoneId = zone, .ChangeBatch = {.Comment = "test", .Changes = std::move(changes)}});
  }
  std::string create_check(const std::string& ref, const std::string& ip = "192.0.2.10") {
    aws::HealthCheckConfig cfg;
    cfg.Type = "HTTP";
    cfg.IPAddress = ip;
    cfg.ResourcePath = "/health";
    auto r = r53.CreateHealthCheck({.CallerReference = ref, .HealthCheckConfig = cfg});
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r.ok() ? r->HealthCheck.Id : std::string();
  }
  std::vector<std::string> answer(const std::string& zone, const std::string& name,
                                  std::string* rcode = nullptr) {
    auto r = r53.TestDNSAnswer({.HostedZoneId = zone, .RecordName = name, .RecordType = "A"});
    EXPECT_TRUE(r.ok()) << r.error().describe();
    if (!r.ok()) return {};
    if (rcode != nullptr) *rcode = r->ResponseCode;
    return r->RecordData;
  }

  FakeWorld world;
  aws::Route53Client r53{*world.connection};
};

TEST_F(Route53Fake, CreateHostedZoneAnswersLikeAws) {
  auto r = r53.CreateHostedZone({.Name = "Example.COM",
                                 .CallerReference = "ref-1",
                                 .HostedZoneConfig = aws::HostedZoneConfig{.Comment = "dr zone"}});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_TRUE(r->HostedZone.Id.starts_with("/hostedzone/Z")) << r->HostedZone.Id;
  EXPECT_EQ(r->HostedZone.Name, "example.com.");
  EXPECT_EQ(r->HostedZone.ResourceRecordSetCount, 2);
  ASSERT_TRUE(r->HostedZone.Config.has_value());
  EXPECT_EQ(r->HostedZone.Config->Comment, "dr zone");
  EXPECT_EQ(r->HostedZone.Config->PrivateZone, false);
  EXPECT_EQ(r->Location, "https://route53.amazonaws.com/2013-04-01/hostedzone/" +
                             aws::route53_id(r->HostedZone.Id));
  ASSERT_TRUE(r->DelegationSet.has_value());
  ASSERT_EQ(r->DelegationSet->NameServers.size(), 4u);
  EXPECT_TRUE(r->DelegationSet->NameServers[0].starts_with("ns-"));
  EXPECT_TRUE(r->ChangeInfo.Id.starts_with("/change/C"));
  EXPECT_EQ(r->ChangeInfo.Status, "PENDING");
  EXPECT_EQ(r->ChangeInfo.SubmittedAt, world.clock.now());

  auto got = r53.GetHostedZone({.Id = r->HostedZone.Id});
  ASSERT_TRUE(got.ok()) << got.error().describe();
  EXPECT_EQ(got->HostedZone.CallerReference, "ref-1");
  ASSERT_TRUE(got->DelegationSet.has_value());
  EXPECT_EQ(got->DelegationSet->NameServers, r->DelegationSet->NameServers);

  // SOA and NS come with the zone, in AWS's order (same name: NS before SOA).
  auto sets = r53.ListResourceRecordSets({.HostedZoneId = r->HostedZone.Id});
  ASSERT_TRUE(sets.ok()) << sets.error().describe();
  ASSERT_EQ(sets->ResourceRecordSets.size(), 2u);
  EXPECT_EQ(sets->ResourceRecordSets[0].Type, "NS");
  EXPECT_EQ(sets->ResourceRecordSets[0].TTL, 172800);
  EXPECT_EQ(sets->ResourceRecordSets[0].ResourceRecords.size(), 4u);
  EXPECT_EQ(sets->ResourceRecordSets[1].Type, "SOA");
  EXPECT_EQ(sets->ResourceRecordSets[1].TTL, 900);
  EXPECT_FALSE(sets->IsTruncated);
  EXPECT_EQ(sets->MaxItems, "300");
}

TEST_F(Route53Fake, ChangesTurnInsyncOnTheVirtualClock) {
  const std::string zone = create_zone("drill.example.com");
  auto c = change(zone, {{"CREATE", a_record("www.drill.example.com", "192.0.2.1")}});
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->ChangeInfo.Status, "PENDING");
  EXPECT_EQ(c->ChangeInfo.Comment, "test");
  world.clock.advance(std::chrono::seconds(29));
  EXPECT_EQ(r53.GetChange({.Id = c->ChangeInfo.Id})->ChangeInfo.Status, "PENDING");
  world.clock.advance(std::chrono::seconds(1));
  auto after = r53.GetChange({.Id = c->ChangeInfo.Id});
  ASSERT_TRUE(after.ok()) << after.error().describe();
  EXPECT_EQ(after->ChangeInfo.Status, "INSYNC");
  // The botocore waiter's cadence reaches INSYNC on virtual time.
  auto c2 = change(zone, {{"UPSERT", a_record("www.drill.example.com", "192.0.2.2")}});
  ASSERT_TRUE(c2.ok());
  auto waited = aws::WaitUntilResourceRecordSetsChanged(r53, world.clock, c2->ChangeInfo.Id);
  EXPECT_TRUE(waited.ok()) << waited.error().describe();

  auto missing = r53.GetChange({.Id = "/change/CNOSUCHCHANGE"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "NoSuchChange");
  EXPECT_EQ(missing.error().http_status, 404);
}

TEST_F(Route53Fake, MissingAndInvalidResourcesGetAwsErrors) {
  auto zone = r53.GetHostedZone({.Id = "ZNOSUCHZONE"});
  ASSERT_FALSE(zone.ok());
  EXPECT_EQ(zone.error().code, "NoSuchHostedZone");
  EXPECT_EQ(zone.error().http_status, 404);
  auto check = r53.GetHealthCheck({.HealthCheckId = "00000000-0000-0000-0000-000000000000"});
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().code, "NoSuchHealthCheck");
  EXPECT_EQ(check.error().http_status, 404);
  auto bad = r53.CreateHostedZone({.Name = "bad..name", .CallerReference = "x"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidDomainName");
  EXPECT_EQ(bad.error().http_status, 400);
  auto paging = r53.ListHostedZones({.MaxItems = 0});
  ASSERT_FALSE(paging.ok());
  EXPECT_EQ(paging.error().code, "InvalidInput");

  create_zone("example.org", "same-ref");
  auto again = r53.CreateHostedZone({.Name = "example.net", .CallerReference = "same-ref"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "HostedZoneAlreadyExists");
  EXPECT_EQ(again.error().http_status, 409);
}

TEST_F(Route53Fake, UnservedOperationIsNamedIn501) {
  auto r = generic(world, "GetCheckerIpRanges", nlohmann::json::object());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "NotImplemented");
  EXPECT_EQ(r.error().http_status, 501);
  EXPECT_NE(r.error().message.find("GetCheckerIpRanges"), std::string::npos);
}

TEST_F(Route53Fake, ChangeBatchesAreAtomicWithAwsMessages) {
  const std::string zone = create_zone("example.com");
  ASSERT_TRUE(change(zone, {{"CREATE", a_record("www.example.com", "192.0.2.1")}}).ok());

  auto dup = change(zone, {{"CREATE", a_record("www.example.com", "192.0.2.9")}});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "InvalidChangeBatch");
  EXPECT_EQ(dup.error().http_status, 400);
  EXPECT_NE(dup.error().message.find("Tried to create resource record set "
                                     "[name='www.example.com.', type='A'] but it already exists"),
            std::string::npos)
      << dup.error().message;

  auto gone = change(zone, {{"DELETE", a_record("api.example.com", "192.0.2.1")}});
  ASSERT_FALSE(gone.ok());
  EXPECT_NE(gone.error().message.find("Tried to delete resource record set "
                                      "[name='api.example.com.', type='A'] but it was not found"),
            std::string::npos)
      << gone.error().message;

  auto mismatch = change(zone, {{"DELETE", a_record("www.example.com", "192.0.2.1", 300)}});
  ASSERT_FALSE(mismatch.ok());
  EXPECT_NE(mismatch.error().message.find("do not match the current values"), std::string::npos);

  // All or nothing: the valid CREATE in a failing batch leaves no trace.
  auto mixed = change(zone, {{"CREATE", a_record("new.example.com", "192.0.2.3")},
                             {"DELETE", a_record("nope.example.com", "192.0.2.4")}});
  ASSERT_FALSE(mixed.ok());
  auto sets = r53.ListResourceRecordSetsAll({.HostedZoneId = zone});
  ASSERT_TRUE(sets.ok());
  EXPECT_EQ(sets->size(), 3u);  // NS, SOA, www

  auto outside = change(zone, {{"CREATE", a_record("www.example.net", "192.0.2.5")}});
  ASSERT_FALSE(outside.ok());
  EXPECT_NE(outside.error().message.find("is not permitted in zone example.com."),
            std::string::npos);

  ResourceRecordSet cname{.Name = "www.example.com",
                          .Type = "CNAME",
                          .TTL = 60,
                          .ResourceRecords = {{"target.example.org"}}};
  auto conflict = change(zone, {{"CREATE", cname}});
  ASSERT_FALSE(conflict.ok());
  EXPECT_NE(conflict.error().message.find("conflicts with other records"), std::string::npos);

  // UPSERT replaces; DELETE needs the values as stored (in any order).
  ResourceRecordSet two = a_record("www.example.com", "192.0.2.7");
  two.ResourceRecords.push_back({"192.0.2.8"});
  ASSERT_TRUE(change(zone, {{"UPSERT", two}}).ok());
  std::swap(two.ResourceRecords[0], two.ResourceRecords[1]);
  auto del = change(zone, {{"DELETE", two}});
  EXPECT_TRUE(del.ok()) << del.error().describe();

  auto bad_ip = change(zone, {{"CREATE", a_record("ip.example.com", "192.0.2")}});
  ASSERT_FALSE(bad_ip.ok());
  EXPECT_NE(bad_ip.error().message.find("ARRDATAIllegalIPv4Address"), std::string::npos);

  ResourceRecordSet neither{.Name = "x.example.com", .Type = "A"};
  auto shape = change(zone, {{"CREATE", neither}});
  ASSERT_FALSE(shape.ok());
  EXPECT_EQ(shape.error().code, "InvalidInput");
}

TEST_F(Route53Fake, FailoverRecordsFollowAwsRules) {
  const std::string zone = create_zone("example.com");
  const std::string hc = create_check("primary-check");
  ResourceRecordSet no_id = a_record("app.example.com", "10.0.0.1");
  no_id.Failover = "PRIMARY";
  auto missing = change(zone, {{"CREATE", no_id}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "InvalidInput");
  EXPECT_NE(missing.error().message.find("SetIdentifier"), std::string::npos);

  auto ok = change(zone, {{"CREATE", failover("app.example.com", "PRIMARY", "10.0.0.1", hc)},
                          {"CREATE", failover("app.example.com", "SECONDARY", "10.1.0.1")}});
  ASSERT_TRUE(ok.ok()) << ok.error().describe();

  ResourceRecordSet second_primary = failover("app.example.com", "PRIMARY", "10.2.0.1");
  second_primary.SetIdentifier = "other";
  auto two = change(zone, {{"CREATE", second_primary}});
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().code, "InvalidChangeBatch");
  EXPECT_NE(two.error().message.find("more than one PRIMARY"), std::string::npos);

  auto plain = change(zone, {{"CREATE", a_record("app.example.com", "10.3.0.1")}});
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.error().code, "InvalidChangeBatch");

  auto unknown_check = change(zone, {{"CREATE", failover("db.example.com", "PRIMARY", "10.0.0.9",
                                                         "11111111-2222-3333-4444-555555555555")}});
  ASSERT_FALSE(unknown_check.ok());
  EXPECT_EQ(unknown_check.error().code, "NoSuchHealthCheck");

  auto sets = r53.ListResourceRecordSetsAll({.HostedZoneId = zone});
  ASSERT_TRUE(sets.ok());
  ASSERT_EQ(sets->size(), 4u);
  // After the apex NS and SOA; same name and type: sorted by set identifier.
  EXPECT_EQ((*sets)[2].Name, "app.example.com.");
  EXPECT_EQ((*sets)[2].SetIdentifier, "primary");
  EXPECT_EQ((*sets)[2].Failover, "PRIMARY");
  EXPECT_EQ((*sets)[2].HealthCheckId, hc);
  EXPECT_EQ((*sets)[3].SetIdentifier, "secondary");
  EXPECT_EQ((*sets)[3].Failover, "SECONDARY");
}

TEST_F(Route53Fake, RecordSetsSortAndPageAsAwsDoes) {
  const std::string zone = create_zone("example.com");
  std::vector<Change> changes;
  for (std::string name : {"www.example.com", "a.example.com", "z.a.example.com", "b.example.com",
                           "example-a.example.com", "mail.example.com", "*.example.com"}) {
    changes.push_back({"CREATE", a_record(name, "192.0.2.1")});
  }
  changes.push_back(
      {"CREATE",
       ResourceRecordSet{
           .Name = "a.example.com", .Type = "TXT", .TTL = 60, .ResourceRecords = {{"\"v=1\""}}}});
  ASSERT_TRUE(change(zone, changes).ok());

  // Names compare with their labels reversed, label by label; then by type.
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"example.com.", "NS"},   {"example.com.", "SOA"},         {"\\052.example.com.", "A"},
      {"a.example.com.", "A"},  {"a.example.com.", "TXT"},       {"z.a.example.com.", "A"},
      {"b.example.com.", "A"},  {"example-a.example.com.", "A"}, {"mail.example.com.", "A"},
      {"www.example.com.", "A"}};
  std::vector<std::pair<std::string, std::string>> seen;
  aws::ListResourceRecordSetsRequest page{.HostedZoneId = zone, .MaxItems = 3};
  int pages = 0;
  for (;;) {
    auto r = r53.ListResourceRecordSets(page);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    ++pages;
    EXPECT_EQ(r->MaxItems, "3");
    for (const auto& rr : r->ResourceRecordSets) seen.emplace_back(rr.Name, rr.Type);
    if (!r->IsTruncated) break;
    page.StartRecordName = r->NextRecordName;
    page.StartRecordType = r->NextRecordType;
    page.StartRecordIdentifier = r->NextRecordIdentifier;
  }
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(seen, expected);

  auto all = r53.ListResourceRecordSetsAll({.HostedZoneId = zone, .MaxItems = 2});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(all->size(), expected.size());

  auto bad = r53.ListResourceRecordSets({.HostedZoneId = zone, .StartRecordType = "A"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidInput");
}

TEST_F(Route53Fake, HostedZonesListAndPageBothWays) {
  for (std::string name : {"b.example.com", "a.example.org", "example.net", "c.example.com",
                           "a.example.com", "www.example.net", "example.com"}) {
    create_zone(name);
  }
  // ListHostedZones: creation order, Marker/NextMarker.
  std::vector<std::string> names;
  aws::ListHostedZonesRequest req{.MaxItems = 2};
  int pages = 0;
  for (;;) {
    auto r = r53.ListHostedZones(req);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    ++pages;
    for (const auto& z : r->HostedZones) names.push_back(z.Name);
    if (!r->IsTruncated) break;
    EXPECT_EQ(r->MaxItems, "2");
    req.Marker = r->NextMarker;
  }
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(names, (std::vector<std::string>{"b.example.com.", "a.example.org.", "example.net.",
                                             "c.example.com.", "a.example.com.", "www.example.net.",
                                             "example.com."}));
  // ListHostedZonesByName: reversed-label order, NextDNSName/NextHostedZoneId.
  auto by_name = r53.ListHostedZonesByNameAll({.MaxItems = 3});
  ASSERT_TRUE(by_name.ok()) << by_name.error().describe();
  std::vector<std::string> sorted;
  for (const auto& z : *by_name) sorted.push_back(z.Name);
  EXPECT_EQ(sorted, (std::vector<std::string>{"example.com.", "a.example.com.", "b.example.com.",
                                              "c.example.com.", "example.net.", "www.example.net.",
                                              "a.example.org."}));
  auto from = r53.ListHostedZonesByName({.DNSName = "example.net"});
  ASSERT_TRUE(from.ok());
  ASSERT_FALSE(from->HostedZones.empty());
  EXPECT_EQ(from->HostedZones.front().Name, "example.net.");
  EXPECT_EQ(from->DNSName, "example.net");
}

TEST_F(Route53Fake, DeleteHostedZoneNeedsAnEmptyZone) {
  const std::string zone = create_zone("example.com");
  ASSERT_TRUE(change(zone, {{"CREATE", a_record("www.example.com", "192.0.2.1")}}).ok());
  auto busy = r53.DeleteHostedZone({.Id = zone});
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, "HostedZoneNotEmpty");
  EXPECT_EQ(busy.error().http_status, 400);
  ASSERT_TRUE(change(zone, {{"DELETE", a_record("www.example.com", "192.0.2.1")}}).ok());
  auto del = r53.DeleteHostedZone({.Id = zone});
  ASSERT_TRUE(del.ok()) << del.error().describe();
  EXPECT_EQ(del->ChangeInfo.Status, "PENDING");
  auto after = r53.GetHostedZone({.Id = zone});
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, "NoSuchHostedZone");
}

TEST_F(Route53Fake, HealthChecksHaveAwsDefaultsIdempotencyAndVersions) {
  aws::HealthCheckConfig cfg{.IPAddress = "192.0.2.10", .Type = "HTTPS", .ResourcePath = "/health"};
  auto created = r53.CreateHealthCheck({.CallerReference = "hc-1", .HealthCheckConfig = cfg});
  ASSERT_TRUE(created.ok()) << created.error().describe();
  const aws::HealthCheck& hc = created->HealthCheck;
  EXPECT_EQ(hc.Id.size(), 36u);
  EXPECT_EQ(hc.Id[8], '-');
  EXPECT_EQ(hc.HealthCheckVersion, 1);
  EXPECT_EQ(hc.HealthCheckConfig.RequestInterval, 30);
  EXPECT_EQ(hc.HealthCheckConfig.FailureThreshold, 3);
  EXPECT_EQ(hc.HealthCheckConfig.Port, 443);
  EXPECT_EQ(hc.HealthCheckConfig.Inverted, false);
  EXPECT_EQ(hc.HealthCheckConfig.Disabled, false);
  EXPECT_EQ(hc.HealthCheckConfig.EnableSNI, true);
  EXPECT_EQ(created->Location, "https://route53.amazonaws.com/2013-04-01/healthcheck/" + hc.Id);

  // The same request again gives the same check; other settings under that reference fail.
  auto again = r53.CreateHealthCheck({.CallerReference = "hc-1", .HealthCheckConfig = cfg});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->HealthCheck.Id, hc.Id);
  cfg.ResourcePath = "/other";
  auto clash = r53.CreateHealthCheck({.CallerReference = "hc-1", .HealthCheckConfig = cfg});
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, "HealthCheckAlreadyExists");
  EXPECT_EQ(clash.error().http_status, 409);

  auto stale =
      r53.UpdateHealthCheck({.HealthCheckId = hc.Id, .HealthCheckVersion = 7, .Inverted = true});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, "HealthCheckVersionMismatch");
  EXPECT_EQ(stale.error().http_status, 409);
  auto updated = r53.UpdateHealthCheck(
      {.HealthCheckId = hc.Id, .HealthCheckVersion = 1, .FailureThreshold = 5, .Inverted = true});
  ASSERT_TRUE(updated.ok()) << updated.error().describe();
  EXPECT_EQ(updated->HealthCheck.HealthCheckVersion, 2);
  EXPECT_EQ(updated->HealthCheck.HealthCheckConfig.FailureThreshold, 5);
  EXPECT_EQ(updated->HealthCheck.HealthCheckConfig.Inverted, true);
  auto reset = r53.UpdateHealthCheck({.HealthCheckId = hc.Id, .ResetElements = {"ResourcePath"}});
  ASSERT_TRUE(reset.ok());
  EXPECT_EQ(reset->HealthCheck.HealthCheckConfig.ResourcePath, "");
  EXPECT_EQ(reset->HealthCheck.HealthCheckVersion, 3);

  auto bad = r53.CreateHealthCheck(
      {.CallerReference = "hc-bad",
       .HealthCheckConfig = {.IPAddress = "192.0.2.1", .Type = "HTTP", .RequestInterval = 20}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidInput");
  auto tcp =
      r53.CreateHealthCheck({.CallerReference = "hc-tcp",
                             .HealthCheckConfig = {.IPAddress = "192.0.2.1", .Type = "TCP"}});
  ASSERT_FALSE(tcp.ok());
  EXPECT_EQ(tcp.error().code, "InvalidInput");
}

TEST_F(Route53Fake, HealthStatusFollowsInvertedAndDisabled) {
  const std::string hc = create_check("status");
  auto status = r53.GetHealthCheckStatus({.HealthCheckId = hc});
  ASSERT_TRUE(status.ok()) << status.error().describe();
  ASSERT_EQ(status->HealthCheckObservations.size(), 8u);
  for (const auto& o : status->HealthCheckObservations) {
    ASSERT_TRUE(o.StatusReport.has_value());
    EXPECT_TRUE(o.StatusReport->Status.starts_with("Success")) << o.StatusReport->Status;
    EXPECT_EQ(o.StatusReport->CheckedTime, world.clock.now());
  }
  ASSERT_TRUE(r53.UpdateHealthCheck({.HealthCheckId = hc, .Inverted = true}).ok());
  status = r53.GetHealthCheckStatus({.HealthCheckId = hc});
  ASSERT_TRUE(status.ok());
  EXPECT_TRUE(status->HealthCheckObservations[0].StatusReport->Status.starts_with("Failure"));
  ASSERT_TRUE(r53.UpdateHealthCheck({.HealthCheckId = hc, .Disabled = true}).ok());
  status = r53.GetHealthCheckStatus({.HealthCheckId = hc});
  ASSERT_TRUE(status.ok());
  EXPECT_TRUE(status->HealthCheckObservations[0].StatusReport->Status.starts_with("Success"));
}

TEST_F(Route53Fake, TestDnsAnswerFailsOverWithTheHealthCheck) {
  const std::string zone = create_zone("example.com");
  const std::string hc = create_check("app-primary");
  ASSERT_TRUE(change(zone, {{"CREATE", failover("app.example.com", "PRIMARY", "10.0.0.1", hc)},
                            {"CREATE", failover("app.example.com", "SECONDARY", "10.1.0.1")}})
                  .ok());
  // An alias that evaluates target health follows the failover pair.
  ResourceRecordSet alias{
      .Name = "www.example.com",
      .Type = "A",
      .AliasTarget = aws::AliasTarget{
          .HostedZoneId = zone, .DNSName = "app.example.com", .EvaluateTargetHealth = true}};
  ASSERT_TRUE(change(zone, {{"CREATE", alias}}).ok());

  std::string rcode;
  EXPECT_EQ(answer(zone, "app.example.com", &rcode), std::vector<std::string>{"10.0.0.1"});
  EXPECT_EQ(rcode, "NOERROR");
  EXPECT_EQ(answer(zone, "www.example.com"), std::vector<std::string>{"10.0.0.1"});

  ASSERT_TRUE(r53.UpdateHealthCheck({.HealthCheckId = hc, .Inverted = true}).ok());
  EXPECT_EQ(answer(zone, "app.example.com"), std::vector<std::string>{"10.1.0.1"});
  EXPECT_EQ(answer(zone, "www.example.com"), std::vector<std::string>{"10.1.0.1"});

  ASSERT_TRUE(r53.UpdateHealthCheck({.HealthCheckId = hc, .Disabled = true}).ok());
  EXPECT_EQ(answer(zone, "app.example.com"), std::vector<std::string>{"10.0.0.1"});

  EXPECT_TRUE(answer(zone, "nothing.example.com", &rcode).empty());
  EXPECT_EQ(rcode, "NXDOMAIN");
  auto txt = r53.TestDNSAnswer(
      {.HostedZoneId = zone, .RecordName = "app.example.com", .RecordType = "TXT"});
  ASSERT_TRUE(txt.ok());
  EXPECT_EQ(txt->ResponseCode, "NOERROR");
  EXPECT_TRUE(txt->RecordData.empty());
  EXPECT_EQ(txt->Protocol, "UDP");
  EXPECT_TRUE(txt->Nameserver.starts_with("ns-"));

  auto missing = r53.TestDNSAnswer(
      {.HostedZoneId = "ZNOPE", .RecordName = "a.example.com", .RecordType = "A"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "NoSuchHostedZone");
}

TEST_F(Route53Fake, HealthChecksPageAndDeleteAsAwsDoes) {
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(create_check("page-" + std::to_string(i)));
  std::vector<std::string> seen;
  aws::ListHealthChecksRequest req{.MaxItems = 2};
  int pages = 0;
  for (;;) {
    auto r = r53.ListHealthChecks(req);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    ++pages;
    for (const auto& h : r->HealthChecks) seen.push_back(h.Id);
    if (!r->IsTruncated) break;
    req.Marker = r->NextMarker;
  }
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(seen, ids);

  // A record naming a check does not hold it back (AWS lets it go); a CALCULATED parent does.
  const std::string zone = create_zone("example.com");
  ASSERT_TRUE(
      change(zone, {{"CREATE", failover("app.example.com", "PRIMARY", "10.0.0.1", ids[0])}}).ok());
  EXPECT_TRUE(r53.DeleteHealthCheck({.HealthCheckId = ids[0]}).ok());
  auto parent = r53.CreateHealthCheck(
      {.CallerReference = "parent",
       .HealthCheckConfig = {
           .Type = "CALCULATED", .HealthThreshold = 1, .ChildHealthChecks = {ids[1], ids[2]}}});
  ASSERT_TRUE(parent.ok()) << parent.error().describe();
  auto in_use = r53.DeleteHealthCheck({.HealthCheckId = ids[1]});
  ASSERT_FALSE(in_use.ok());
  EXPECT_EQ(in_use.error().code, "HealthCheckInUse");
  // A deleted check's caller reference cannot come back.
  auto reuse = r53.CreateHealthCheck(
      {.CallerReference = "page-0",
       .HealthCheckConfig = {
           .IPAddress = "192.0.2.10", .Type = "HTTP", .ResourcePath = "/health"}});
  ASSERT_FALSE(reuse.ok());
  EXPECT_EQ(reuse.error().code, "HealthCheckAlreadyExists");
  auto gone = r53.DeleteHealthCheck({.HealthCheckId = ids[0]});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "NoSuchHealthCheck");
}

TEST_F(Route53Fake, TagsAndCountsThroughTheGenericCodec) {
  const std::string hc = create_check("tagged");
  auto tag = generic(world, "ChangeTagsForResource",
                     {{"ResourceType", "healthcheck"},
                      {"ResourceId", hc},
                      {"AddTags", {{{"Key", "Name"}, {"Value", "primary"}}}}});
  ASSERT_TRUE(tag.ok()) << tag.error().describe();
  auto tags =
      generic(world, "ListTagsForResource", {{"ResourceType", "healthcheck"}, {"ResourceId", hc}});
  ASSERT_TRUE(tags.ok()) << tags.error().describe();
  EXPECT_EQ(tags->dump().find("primary") != std::string::npos, true) << tags->dump();
  auto count = generic(world, "GetHealthCheckCount", nlohmann::json::object());
  ASSERT_TRUE(count.ok()) << count.error().describe();
  EXPECT_EQ((*count)["HealthCheckCount"], "1");
}

TEST_F(Route53Fake, StateSurvivesSaveAndLoadWithPendingChanges) {
  const std::string zone = create_zone("example.com");
  const std::string hc = create_check("saved");
  ASSERT_TRUE(r53.UpdateHealthCheck({.HealthCheckId = hc, .Inverted = true}).ok());
  auto c = change(zone, {{"CREATE", failover("app.example.com", "PRIMARY", "10.0.0.1", hc)},
                         {"CREATE", failover("app.example.com", "SECONDARY", "10.1.0.1")}});
  ASSERT_TRUE(c.ok());
  const std::string saved = world.cloud.save_state();

  FakeWorld other;
  ASSERT_TRUE(other.cloud.load_state(saved).ok());
  EXPECT_EQ(other.cloud.save_state(), saved);
  aws::Route53Client r2(*other.connection);
  auto pending = r2.GetChange({.Id = c->ChangeInfo.Id});
  ASSERT_TRUE(pending.ok()) << pending.error().describe();
  EXPECT_EQ(pending->ChangeInfo.Status, "PENDING");
  other.clock.advance(std::chrono::seconds(30));  // the fake's propagation delay
  EXPECT_EQ(r2.GetChange({.Id = c->ChangeInfo.Id})->ChangeInfo.Status, "INSYNC");
  auto a =
      r2.TestDNSAnswer({.HostedZoneId = zone, .RecordName = "app.example.com", .RecordType = "A"});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->RecordData, std::vector<std::string>{"10.1.0.1"});
  auto check = r2.GetHealthCheck({.HealthCheckId = hc});
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->HealthCheck.HealthCheckVersion, 2);

  world.cloud.reset();
  EXPECT_FALSE(r53.GetHostedZone({.Id = zone}).ok());
}

}  // namespace
}  // namespace drh::testing
