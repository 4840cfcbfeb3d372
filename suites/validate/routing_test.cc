// routing checks: each passes on a good seed stack and fails, naming the health check or
// record and expected vs actual, on a world broken the way it exists to catch.
#include <gtest/gtest.h>

#include "drh/fake/endpoints.h"
#include "drh/fake/fault_injection.h"
#include "drh/validate/check.h"
#include "validate_world.h"

namespace drh::validate {
namespace {

using testing::describe;
using testing::expect_unavailable;
using testing::has;
using testing::outage;
using testing::run_without_stack;

using namespace std::chrono_literals;

/// Route 53 is global: a region outage spares it, so its outage is an api-error fault.
void route53_down(testing::ValidateWorld& w) {
  auto id = fake::inject(
      w.cloud,
      {.kind = "api-error", .service = "route53", .status = 503, .code = "ServiceUnavailable"});
  ASSERT_TRUE(id.ok()) << id.error().describe();
}

/// The primary ALB of seed 003 stops answering; its health check notices.
void primary_alb_fails(testing::ValidateWorld& w) {
  fake::register_endpoint(
      w.cloud,
      {.host = w.ref("endpoint.primary_alb.host"), .region = "us-east-1", .healthy = false});
  w.clock.advance(2min);
}

// ------------------------------------------------------------------ health-checks-config

TEST(HealthChecksConfig, PassOnEverySeed) {
  for (const char* seed : {"000", "001", "002", "003", "004"}) {
    testing::ValidateWorld w(seed);
    auto o = w.run("routing.health-checks-config");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << " " << describe(o);
  }
  testing::ValidateWorld w("003");
  auto o = run_without_stack(w, "routing.health-checks-config");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
  EXPECT_EQ(o.resource, w.ref("health_check.primary.id"));
}

TEST(HealthChecksConfig, FailsWhenInvertedOrSlowerThanTheStackSays) {
  testing::ValidateWorld w("003");
  const std::string id = w.ref("health_check.primary.id");
  auto changed = w.route53.UpdateHealthCheck(
      {.HealthCheckId = id, .ResourcePath = "/status", .FailureThreshold = 5, .Inverted = true});
  ASSERT_TRUE(changed.ok()) << changed.error().describe();
  auto o = w.run("routing.health-checks-config");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_EQ(o.resource, id);
  EXPECT_TRUE(has(o, "health check " + id +
                         " (PrimaryHealthCheckId): expected ResourcePath /health, got /status"))
      << describe(o);
  EXPECT_TRUE(has(o, "expected FailureThreshold 3, got 5")) << describe(o);
  EXPECT_TRUE(has(o, "expected FailureThreshold <= 3 (built-in defaults), got 5")) << describe(o);
  EXPECT_TRUE(has(o, "expected Inverted false, got true")) << describe(o);

  testing::ValidateWorld d("003");
  const std::string secondary = d.ref("health_check.secondary.id");
  ASSERT_TRUE(d.route53.UpdateHealthCheck({.HealthCheckId = secondary, .Disabled = true}).ok());
  o = run_without_stack(d, "routing.health-checks-config");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_EQ(o.resource, secondary);
  EXPECT_TRUE(has(o, "expected Disabled false, got true")) << describe(o);
}

TEST(HealthChecksConfig, FailsOverThePolicyLimits) {
  testing::ValidateWorld w("004");
  w.policy.max_health_check_interval_seconds = 10;
  auto o = w.run("routing.health-checks-config");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "expected RequestInterval <= 10 s (built-in defaults), got 30"))
      << describe(o);
  EXPECT_EQ(o.resource, w.ref("health_check.primary.id"));
}

TEST(HealthChecksConfig, FailsWhenTheStacksCheckIsGone) {
  // Seed 002's outputs name no health check: the stack's is found by its target.
  testing::ValidateWorld w("002");
  ASSERT_TRUE(w.deployment.primary_health_check_id.empty());
  // Detach it from its record first: Route 53 refuses to delete a check a record uses.
  auto records = w.route53.ListResourceRecordSetsAll({.HostedZoneId = w.ref("zone.id")});
  ASSERT_TRUE(records.ok());
  for (const auto& r : *records) {
    if (r.Failover != "PRIMARY") continue;
    auto detached = r;
    detached.HealthCheckId.clear();
    ASSERT_TRUE(w.route53
                    .ChangeResourceRecordSets({.HostedZoneId = w.ref("zone.id"),
                                               .ChangeBatch = {.Changes = {{"UPSERT", detached}}}})
                    .ok());
  }
  auto deleted = w.route53.DeleteHealthCheck({.HealthCheckId = w.ref("health_check.primary.id")});
  ASSERT_TRUE(deleted.ok()) << deleted.error().describe();
  auto o = w.run("routing.health-checks-config");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "expected stack health check primary (HTTPS " +
                         w.ref("endpoint.primary_api.host") + ":443), got no health check probes"))
      << describe(o);
  EXPECT_EQ(o.resource, w.ref("endpoint.primary_api.host"));
}

TEST(HealthChecksConfig, SkippedWithoutHealthChecksErrorWhenRoute53IsDown) {
  testing::ValidateWorld w("003");
  w.deployment.primary_health_check_id.clear();
  w.deployment.secondary_health_check_id.clear();
  auto o = run_without_stack(w, "routing.health-checks-config");
  EXPECT_EQ(o.verdict, Verdict::kSkipped) << describe(o);
  EXPECT_TRUE(has(o, "PrimaryHealthCheckId")) << describe(o);

  testing::ValidateWorld down("003");
  route53_down(down);
  expect_unavailable(down.run("routing.health-checks-config"));
}

// ------------------------------------------------------------------ health-checks-healthy

TEST(HealthChecksHealthy, PassesAndFailsWhenTheTargetStopsAnswering) {
  testing::ValidateWorld w("003");
  auto o = w.run("routing.health-checks-healthy");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);

  primary_alb_fails(w);
  o = w.run("routing.health-checks-healthy");
  const std::string id = w.ref("health_check.primary.id");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_EQ(o.resource, id);
  EXPECT_TRUE(has(o, "expected health check " + id +
                         " (PrimaryHealthCheckId) healthy from every checker, got "))
      << describe(o);
  EXPECT_TRUE(has(o, "Failure")) << describe(o);
}

TEST(HealthChecksHealthy, FailsWhenARegionGoesDown) {
  testing::ValidateWorld w("004");
  ASSERT_TRUE(fake::inject(w.cloud, {.kind = "region-outage", .region = "us-east-2"}).ok());
  w.clock.advance(3min);
  auto o = w.run("routing.health-checks-healthy");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_EQ(o.resource, w.ref("health_check.secondary.id"));
}

TEST(HealthChecksHealthy, SkippedWithoutHealthChecksErrorWhenRoute53IsDown) {
  testing::ValidateWorld w("003");
  w.stack.route53.health_checks.clear();
  w.deployment.primary_health_check_id.clear();
  w.deployment.secondary_health_check_id.clear();
  auto o = w.run("routing.health-checks-healthy");
  EXPECT_EQ(o.verdict, Verdict::kSkipped) << describe(o);
  EXPECT_TRUE(has(o, "has no Route 53 health checks")) << describe(o);

  testing::ValidateWorld down("003");
  route53_down(down);
  expect_unavailable(down.run("routing.health-checks-healthy"));
}

// ------------------------------------------------------------------ failover-records

void change_record(testing::ValidateWorld& w, const std::string& failover,
                   const std::string& action,
                   const std::function<void(aws::ResourceRecordSet&)>& edit = {}) {
  auto records = w.route53.ListResourceRecordSetsAll({.HostedZoneId = w.ref("zone.id")});
  ASSERT_TRUE(records.ok()) << records.error().describe();
  for (auto r : *records) {
    if (r.Failover != failover) continue;
    if (edit) edit(r);
    auto changed = w.route53.ChangeResourceRecordSets(
        {.HostedZoneId = w.ref("zone.id"), .ChangeBatch = {.Changes = {{action, r}}}});
    ASSERT_TRUE(changed.ok()) << changed.error().describe();
    return;
  }
  FAIL() << "no " << failover << " record";
}

TEST(FailoverRecords, PassOnTheSeedsWithAZone) {
  for (const char* seed : {"001", "002", "003"}) {
    testing::ValidateWorld w(seed);
    auto o = w.run("routing.failover-records");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << " " << describe(o);
  }
}

TEST(FailoverRecords, FailWithoutTheSecondary) {
  testing::ValidateWorld w("003");
  change_record(w, "SECONDARY", "DELETE");
  auto o = w.run("routing.failover-records");
  const std::string name = w.ref("record.app_primary.name");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_EQ(o.resource, name);
  EXPECT_TRUE(has(o, "expected a PRIMARY/SECONDARY failover pair of type CNAME on " + name +
                         " in zone " + aws::route53_id(w.ref("zone.id")) + ", got CNAME PRIMARY"))
      << describe(o);
}

TEST(FailoverRecords, FailWhenPrimaryLosesItsHealthCheckOrPointsElsewhere) {
  testing::ValidateWorld w("003");
  change_record(w, "PRIMARY", "UPSERT", [](aws::ResourceRecordSet& r) {
    r.HealthCheckId.clear();
    r.ResourceRecords = {{"old-alb.us-east-1.elb.amazonaws.com"}};
  });
  auto o = w.run("routing.failover-records");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "expected a health check on the PRIMARY record (" +
                         w.ref("health_check.primary.id") + "), got none"))
      << describe(o);
  EXPECT_TRUE(has(o, "expected PRIMARY value " + w.ref("endpoint.primary_alb.host") +
                         ", got old-alb.us-east-1.elb.amazonaws.com"))
      << describe(o);

  // Without the stack, the record name comes from the outputs and the value from the
  // endpoints they publish.
  testing::ValidateWorld r("003");
  r.deployment.failover_record_name = r.ref("record.app_primary.name");
  change_record(r, "PRIMARY", "UPSERT", [](aws::ResourceRecordSet& rec) {
    rec.ResourceRecords = {{"old-alb.us-east-1.elb.amazonaws.com"}};
  });
  o = run_without_stack(r, "routing.failover-records");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "expected PRIMARY value one of the outputs' primary endpoints"))
      << describe(o);
}

TEST(FailoverRecords, SkippedWithoutAZoneErrorWhenRoute53IsDown) {
  testing::ValidateWorld w("004");
  auto o = w.run("routing.failover-records");
  EXPECT_EQ(o.verdict, Verdict::kSkipped) << describe(o);
  EXPECT_TRUE(has(o, "no hosted zone")) << describe(o);
  o = run_without_stack(w, "routing.failover-records");
  EXPECT_EQ(o.verdict, Verdict::kSkipped) << describe(o);
  EXPECT_TRUE(has(o, "HostedZoneId")) << describe(o);

  testing::ValidateWorld down("003");
  route53_down(down);
  expect_unavailable(down.run("routing.failover-records"));
}

// ------------------------------------------------------------------ dns-answers-primary

TEST(DnsAnswersPrimary, PassesAndFailsOnceTrafficHasFailedOver) {
  testing::ValidateWorld w("003");
  auto o = w.run("routing.dns-answers-primary");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
  EXPECT_TRUE(has(o, w.ref("endpoint.primary_alb.host"))) << describe(o);

  primary_alb_fails(w);
  o = w.run("routing.dns-answers-primary");
  const std::string name = w.ref("record.app_primary.name");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_EQ(o.resource, name);
  EXPECT_TRUE(has(o, "expected " + name + " CNAME to answer the PRIMARY value " +
                         w.ref("endpoint.primary_alb.host") + ", got NOERROR " +
                         w.ref("endpoint.secondary_alb.host")))
      << describe(o);
}

TEST(DnsAnswersPrimary, SkippedWithoutAZoneErrorWhenRoute53IsDown) {
  testing::ValidateWorld w("000");
  auto o = w.run("routing.dns-answers-primary");
  EXPECT_EQ(o.verdict, Verdict::kSkipped) << describe(o);

  testing::ValidateWorld down("001");
  route53_down(down);
  expect_unavailable(down.run("routing.dns-answers-primary"));
}

}  // namespace
}  // namespace drh::validate
