#include "drill_world.h"

#include <gtest/gtest.h>

#include "drh/auth/credentials.h"
#include "drh/aws/route53.h"
#include "drh/fake/aurora.h"

namespace drh::testing {

namespace {
std::unique_ptr<AwsConnection> connect(fake::FakeCloud& cloud, VirtualClock& clock) {
  Credentials creds;
  creds.access_key_id = "AKIADRILLTEST0000001";
  creds.secret_access_key = "drill-test-secret";
  creds.source = "test";
  ConnectionOptions options;
  options.endpoint.explicit_url = "http://127.0.0.1:4566";
  options.endpoint.use_env = false;
  return std::make_unique<AwsConnection>(std::make_shared<fake::InProcessTransport>(cloud),
                                         MakeStaticProvider(creds), clock, options);
}
}  // namespace

DrillWorld::DrillWorld(const std::string& stack_name)
    : cloud(clock),
      connection(connect(cloud, clock)),
      faults(drill::fake_faults(cloud)),
      env{clock, connection.get(), faults.get()} {
  auto loaded = fixtures::load_stack(stack_name, std::string(DRH_SOURCE_DIR) + "/fixtures/stacks");
  EXPECT_TRUE(loaded.ok()) << loaded.error().describe();
  if (!loaded.ok()) return;
  stack = *loaded;
  auto built = fixtures::provision(*connection, stack, fixtures::ProvisionOptions{});
  EXPECT_TRUE(built.ok()) << built.error().describe();
  if (!built.ok()) return;
  ledger = *built;
  auto model =
      fixtures::resolve_deployment(ledger.loaded_outputs(stack.format, stack.name + " outputs"));
  EXPECT_TRUE(model.ok()) << model.error().describe();
  if (model.ok()) deployment = *model;
  clock.advance(std::chrono::minutes(5));
}

std::string DrillWorld::ref(const std::string& name) const {
  auto it = ledger.references.find(name);
  EXPECT_NE(it, ledger.references.end()) << "no reference " << name;
  return it == ledger.references.end() ? std::string() : it->second;
}

std::string DrillWorld::writer_arn() {
  auto g = fake::aurora::global_database(cloud, deployment.global_cluster_id);
  EXPECT_TRUE(g.ok()) << g.error().describe();
  if (!g.ok()) return {};
  for (const auto& m : g->members) {
    if (m.writer) return m.cluster_arn;
  }
  return {};
}

std::string DrillWorld::writer_region() {
  auto g = fake::aurora::global_database(cloud, deployment.global_cluster_id);
  if (!g.ok()) return {};
  for (const auto& m : g->members) {
    if (m.writer) return m.region;
  }
  return {};
}

std::string DrillWorld::dns_answer() {
  aws::Route53Client r53(*connection);
  auto a = r53.TestDNSAnswer({.HostedZoneId = deployment.hosted_zone_id,
                              .RecordName = ref("record.app_primary.name"),
                              .RecordType = "CNAME"});
  EXPECT_TRUE(a.ok()) << a.error().describe();
  if (!a.ok()) return {};
  std::string out = a->ResponseCode;
  for (const auto& v : a->RecordData) out += " " + v;
  return out;
}

bool DrillWorld::inverted(const std::string& id) {
  aws::Route53Client r53(*connection);
  auto h = r53.GetHealthCheck({.HealthCheckId = id});
  EXPECT_TRUE(h.ok()) << h.error().describe();
  return h.ok() && h->HealthCheck.HealthCheckConfig.Inverted.value_or(false);
}

}  // namespace drh::testing
