// Route53Client against moto_server: real signed calls through CurlTransport, decoded by
// the typed codec. moto_server is shared by every test of the run, so each test works on
// zones and health checks named with unique_name() and looks only for those.
//
// What moto 5.2 cannot check (covered by wire samples in suites/aws/route53_*_test.cc):
// TestDNSAnswer (not implemented: an HTML 404), paging of ListHealthChecks and
// ListHostedZonesByName (one page, no IsTruncated), StartRecordIdentifier continuation of
// ListResourceRecordSets (ignored), PENDING changes (every change is INSYNC at once),
// CloudWatch-metric health checks, real health observations (GetHealthCheckStatus
// answers one fixed "Success" observation), and NoSuchHealthCheck from DeleteHealthCheck
// (moto deletes a missing check without complaint).
#include <gtest/gtest.h>

#include <algorithm>

#include "drh/aws/route53.h"
#include "moto_env.h"

namespace drh::aws {
namespace {

using drh::testing::moto_connection;
using drh::testing::unique_name;

class Route53Emulator : public ::testing::Test {
 protected:
  void SetUp() override {
    DRH_REQUIRE_MOTO();
    connection_ = moto_connection();
    r53_ = std::make_unique<Route53Client>(*connection_);
  }

  // A new public zone; its name ends with a dot as Route 53 returns it.
  HostedZone create_zone(const std::string& label) {
    CreateHostedZoneRequest req;
    req.Name = unique_name(label) + ".example.com";
    req.CallerReference = unique_name("ref");
    req.HostedZoneConfig = HostedZoneConfig{.Comment = "drh emulator test"};
    auto r = r53_->CreateHostedZone(req);
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r.ok() ? r->HostedZone : HostedZone{};
  }

  ResourceRecordSet a_record(const std::string& name, const std::string& ip, int ttl = 60) {
    ResourceRecordSet r;
    r.Name = name;
    r.Type = "A";
    r.TTL = ttl;
    r.ResourceRecords = {{ip}};
    return r;
  }

  Result<ChangeResourceRecordSetsResult> change(const std::string& zone, const std::string& action,
                                                const ResourceRecordSet& set) {
    ChangeResourceRecordSetsRequest req;
    req.HostedZoneId = zone;
    req.ChangeBatch.Changes = {Change{action, set}};
    return r53_->ChangeResourceRecordSets(req);
  }

  std::unique_ptr<AwsConnection> connection_;
  std::unique_ptr<Route53Client> r53_;
};

TEST_F(Route53Emulator, HostedZoneCreateGetListDelete) {
  HostedZone zone = create_zone("zone");
  ASSERT_FALSE(zone.Id.empty());
  EXPECT_TRUE(zone.Id.starts_with("/hostedzone/")) << zone.Id;
  EXPECT_TRUE(zone.Name.ends_with(".example.com.")) << zone.Name;

  // Both id forms address the same zone.
  for (const std::string& id : {zone.Id, route53_id(zone.Id)}) {
    auto got = r53_->GetHostedZone({.Id = id});
    ASSERT_TRUE(got.ok()) << got.error().describe();
    EXPECT_EQ(got->HostedZone.Id, zone.Id);
    EXPECT_EQ(got->HostedZone.Name, zone.Name);
    ASSERT_TRUE(got->HostedZone.Config.has_value());
    EXPECT_EQ(got->HostedZone.Config->Comment, "drh emulator test");
    EXPECT_EQ(got->HostedZone.Config->PrivateZone, false);
    ASSERT_TRUE(got->DelegationSet.has_value());
    EXPECT_FALSE(got->DelegationSet->NameServers.empty());
  }

  auto by_name = r53_->ListHostedZonesByName({.DNSName = zone.Name});
  ASSERT_TRUE(by_name.ok()) << by_name.error().describe();
  ASSERT_FALSE(by_name->HostedZones.empty());
  EXPECT_EQ(by_name->HostedZones[0].Id, zone.Id);

  auto all = r53_->ListHostedZonesAll();
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_TRUE(
      std::any_of(all->begin(), all->end(), [&](const HostedZone& z) { return z.Id == zone.Id; }));

  auto deleted = r53_->DeleteHostedZone({.Id = zone.Id});
  ASSERT_TRUE(deleted.ok()) << deleted.error().describe();
  EXPECT_FALSE(deleted->ChangeInfo.Id.empty());
  EXPECT_FALSE(deleted->ChangeInfo.Status.empty());

  auto gone = r53_->GetHostedZone({.Id = zone.Id});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "NoSuchHostedZone");
  EXPECT_EQ(gone.error().http_status, 404);
}

TEST_F(Route53Emulator, ListHostedZonesAllPagesWithMarkers) {
  std::vector<HostedZone> mine;
  for (int i = 0; i < 3; ++i) mine.push_back(create_zone("paged"));

  // One zone a page: at least three pages, since this test alone made three zones.
  auto first = r53_->ListHostedZones({.MaxItems = 1});
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->HostedZones.size(), 1u);
  EXPECT_TRUE(first->IsTruncated);
  EXPECT_FALSE(first->NextMarker.empty());

  auto all = r53_->ListHostedZonesAll({.MaxItems = 1});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  for (const HostedZone& z : mine) {
    EXPECT_EQ(
        std::count_if(all->begin(), all->end(), [&](const HostedZone& x) { return x.Id == z.Id; }),
        1)
        << z.Id;
  }
  for (const HostedZone& z : mine) (void)r53_->DeleteHostedZone({.Id = z.Id});
}

TEST_F(Route53Emulator, FailoverRecordsCreateUpsertListDeleteAndWait) {
  HostedZone zone = create_zone("failover");
  ASSERT_FALSE(zone.Id.empty());
  const std::string name = "api." + zone.Name;

  CreateHealthCheckRequest hc;
  hc.CallerReference = unique_name("hc");
  hc.HealthCheckConfig.Type = "HTTPS";
  hc.HealthCheckConfig.FullyQualifiedDomainName = "api-east.example.com";
  hc.HealthCheckConfig.Port = 443;
  hc.HealthCheckConfig.ResourcePath = "/health";
  auto check = r53_->CreateHealthCheck(hc);
  ASSERT_TRUE(check.ok()) << check.error().describe();

  ResourceRecordSet primary = a_record(name, "192.0.2.10");
  primary.SetIdentifier = "primary";
  primary.Failover = "PRIMARY";
  primary.HealthCheckId = check->HealthCheck.Id;
  ResourceRecordSet secondary = a_record(name, "198.51.100.10");
  secondary.SetIdentifier = "secondary";
  secondary.Failover = "SECONDARY";

  ChangeResourceRecordSetsRequest req;
  req.HostedZoneId = zone.Id;
  req.ChangeBatch.Comment = "failover pair";
  req.ChangeBatch.Changes = {{"CREATE", primary}, {"CREATE", secondary}};
  auto created = r53_->ChangeResourceRecordSets(req);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  ASSERT_FALSE(created->ChangeInfo.Id.empty());

  ManualClock clock;
  Status synced = WaitUntilResourceRecordSetsChanged(*r53_, clock, created->ChangeInfo.Id);
  ASSERT_TRUE(synced.ok()) << synced.error().describe();
  auto got_change = r53_->GetChange({.Id = created->ChangeInfo.Id});
  ASSERT_TRUE(got_change.ok()) << got_change.error().describe();
  EXPECT_EQ(got_change->ChangeInfo.Status, "INSYNC");

  auto sets = r53_->ListResourceRecordSetsAll({.HostedZoneId = zone.Id});
  ASSERT_TRUE(sets.ok()) << sets.error().describe();
  std::vector<ResourceRecordSet> pair;
  for (const ResourceRecordSet& s : *sets) {
    if (s.Name == name) pair.push_back(s);
  }
  ASSERT_EQ(pair.size(), 2u);
  std::sort(pair.begin(), pair.end(),
            [](const auto& a, const auto& b) { return a.SetIdentifier < b.SetIdentifier; });
  EXPECT_EQ(pair[0].Failover, "PRIMARY");
  EXPECT_EQ(pair[0].HealthCheckId, check->HealthCheck.Id);
  EXPECT_EQ(pair[0].TTL, 60);
  ASSERT_EQ(pair[0].ResourceRecords.size(), 1u);
  EXPECT_EQ(pair[0].ResourceRecords[0].Value, "192.0.2.10");
  EXPECT_EQ(pair[1].Failover, "SECONDARY");
  EXPECT_EQ(pair[1].ResourceRecords[0].Value, "198.51.100.10");

  // UPSERT replaces the set named by name, type and identifier.
  secondary.TTL = 30;
  secondary.ResourceRecords = {{"198.51.100.99"}};
  ASSERT_TRUE(change(zone.Id, "UPSERT", secondary).ok());
  auto after = r53_->ListResourceRecordSets(
      {.HostedZoneId = zone.Id, .StartRecordName = name, .StartRecordType = "A"});
  ASSERT_TRUE(after.ok()) << after.error().describe();
  bool seen = false;
  for (const ResourceRecordSet& s : after->ResourceRecordSets) {
    if (s.Name == name && s.SetIdentifier == "secondary") {
      seen = true;
      EXPECT_EQ(s.TTL, 30);
      EXPECT_EQ(s.ResourceRecords[0].Value, "198.51.100.99");
    }
  }
  EXPECT_TRUE(seen);

  // DELETE needs the record set exactly as it is.
  ASSERT_TRUE(change(zone.Id, "DELETE", primary).ok());
  ASSERT_TRUE(change(zone.Id, "DELETE", secondary).ok());
  auto emptied = r53_->ListResourceRecordSetsAll({.HostedZoneId = zone.Id});
  ASSERT_TRUE(emptied.ok()) << emptied.error().describe();
  EXPECT_TRUE(std::none_of(emptied->begin(), emptied->end(),
                           [&](const ResourceRecordSet& s) { return s.Name == name; }));

  EXPECT_TRUE(r53_->DeleteHealthCheck({.HealthCheckId = check->HealthCheck.Id}).ok());
  EXPECT_TRUE(r53_->DeleteHostedZone({.Id = zone.Id}).ok());
}

TEST_F(Route53Emulator, ListResourceRecordSetsAllPagesByNameAndType) {
  HostedZone zone = create_zone("records");
  ASSERT_FALSE(zone.Id.empty());
  ChangeResourceRecordSetsRequest req;
  req.HostedZoneId = zone.Id;
  for (int i = 0; i < 5; ++i) {
    req.ChangeBatch.Changes.push_back(
        Change{"CREATE", a_record("host" + std::to_string(i) + "." + zone.Name,
                                  "192.0.2." + std::to_string(20 + i))});
  }
  ASSERT_TRUE(r53_->ChangeResourceRecordSets(req).ok());

  auto page = r53_->ListResourceRecordSets({.HostedZoneId = zone.Id, .MaxItems = 2});
  ASSERT_TRUE(page.ok()) << page.error().describe();
  EXPECT_EQ(page->ResourceRecordSets.size(), 2u);
  EXPECT_TRUE(page->IsTruncated);
  EXPECT_FALSE(page->NextRecordName.empty());
  EXPECT_FALSE(page->NextRecordType.empty());

  // 5 A sets plus the zone's NS and SOA: four pages of two.
  auto all = r53_->ListResourceRecordSetsAll({.HostedZoneId = zone.Id, .MaxItems = 2});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(all->size(), 7u);
  for (int i = 0; i < 5; ++i) {
    std::string host = "host" + std::to_string(i) + "." + zone.Name;
    EXPECT_EQ(std::count_if(all->begin(), all->end(),
                            [&](const ResourceRecordSet& s) { return s.Name == host; }),
              1)
        << host;
  }
  for (const ResourceRecordSet& s : *all) {
    if (s.Type == "A") {
      ASSERT_TRUE(change(zone.Id, "DELETE", s).ok()) << s.Name;
    }
  }
  EXPECT_TRUE(r53_->DeleteHostedZone({.Id = zone.Id}).ok());
}

TEST_F(Route53Emulator, HealthCheckCreateGetUpdateStatusListDelete) {
  CreateHealthCheckRequest req;
  req.CallerReference = unique_name("hc");
  HealthCheckConfig& c = req.HealthCheckConfig;
  c.Type = "HTTPS_STR_MATCH";
  c.FullyQualifiedDomainName = "api-east.example.com";
  c.Port = 443;
  c.ResourcePath = "/health";
  c.SearchString = "ok";
  c.RequestInterval = 10;
  c.FailureThreshold = 2;
  c.Regions = {"us-east-1", "us-west-2", "eu-west-1"};
  auto created = r53_->CreateHealthCheck(req);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  const std::string id = created->HealthCheck.Id;
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(created->HealthCheck.CallerReference, req.CallerReference);
  EXPECT_GE(created->HealthCheck.HealthCheckVersion, 1);

  auto got = r53_->GetHealthCheck({.HealthCheckId = id});
  ASSERT_TRUE(got.ok()) << got.error().describe();
  const HealthCheckConfig& g = got->HealthCheck.HealthCheckConfig;
  EXPECT_EQ(g.Type, "HTTPS_STR_MATCH");
  EXPECT_EQ(g.FullyQualifiedDomainName, "api-east.example.com");
  EXPECT_EQ(g.Port, 443);
  EXPECT_EQ(g.ResourcePath, "/health");
  EXPECT_EQ(g.SearchString, "ok");
  EXPECT_EQ(g.RequestInterval, 10);
  EXPECT_EQ(g.FailureThreshold, 2);
  EXPECT_EQ(g.Inverted, false);
  EXPECT_EQ(g.Regions, c.Regions);

  // Inverting a check is how a drill fails a region over.
  UpdateHealthCheckRequest update;
  update.HealthCheckId = id;
  update.HealthCheckVersion = got->HealthCheck.HealthCheckVersion;
  update.Inverted = true;
  update.FailureThreshold = 1;
  auto updated = r53_->UpdateHealthCheck(update);
  ASSERT_TRUE(updated.ok()) << updated.error().describe();
  EXPECT_EQ(updated->HealthCheck.HealthCheckConfig.Inverted, true);
  EXPECT_EQ(updated->HealthCheck.HealthCheckConfig.FailureThreshold, 1);
  auto reread = r53_->GetHealthCheck({.HealthCheckId = id});
  ASSERT_TRUE(reread.ok()) << reread.error().describe();
  EXPECT_EQ(reread->HealthCheck.HealthCheckConfig.Inverted, true);

  auto status = r53_->GetHealthCheckStatus({.HealthCheckId = id});
  ASSERT_TRUE(status.ok()) << status.error().describe();
  ASSERT_FALSE(status->HealthCheckObservations.empty());
  const HealthCheckObservation& o = status->HealthCheckObservations[0];
  EXPECT_FALSE(o.Region.empty());
  ASSERT_TRUE(o.StatusReport.has_value());
  EXPECT_FALSE(o.StatusReport->Status.empty());
  EXPECT_TRUE(o.StatusReport->CheckedTime.has_value());

  auto all = r53_->ListHealthChecksAll();
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_TRUE(
      std::any_of(all->begin(), all->end(), [&](const HealthCheck& h) { return h.Id == id; }));

  ASSERT_TRUE(r53_->DeleteHealthCheck({.HealthCheckId = id}).ok());
  auto gone = r53_->GetHealthCheck({.HealthCheckId = id});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "NoSuchHealthCheck");
  EXPECT_EQ(gone.error().http_status, 404);
}

TEST_F(Route53Emulator, MissingResourcesHaveTheirNotFoundCodes) {
  auto zone = r53_->ListResourceRecordSets({.HostedZoneId = "/hostedzone/ZNOSUCHZONE0000"});
  ASSERT_FALSE(zone.ok());
  EXPECT_EQ(zone.error().kind, ErrorKind::kAws);
  EXPECT_EQ(zone.error().code, "NoSuchHostedZone");

  auto status =
      r53_->GetHealthCheckStatus({.HealthCheckId = "00000000-0000-0000-0000-000000000000"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "NoSuchHealthCheck");

  auto update = r53_->UpdateHealthCheck(
      {.HealthCheckId = "00000000-0000-0000-0000-000000000000", .Inverted = true});
  ASSERT_FALSE(update.ok());
  EXPECT_EQ(update.error().code, "NoSuchHealthCheck");

  auto missing_zone = r53_->GetHostedZone({.Id = "ZNOSUCHZONE0000"});
  ASSERT_FALSE(missing_zone.ok());
  EXPECT_EQ(missing_zone.error().code, "NoSuchHostedZone");
  EXPECT_EQ(missing_zone.error().http_status, 404);
}

}  // namespace
}  // namespace drh::aws
