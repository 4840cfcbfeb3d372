#include "validate_world.h"

#include <gtest/gtest.h>

#include "drh/auth/credentials.h"
#include "drh/fake/fault_injection.h"

namespace drh::testing {

namespace {
std::unique_ptr<AwsConnection> connect(fake::FakeCloud& cloud, VirtualClock& clock) {
  Credentials creds;
  creds.access_key_id = "AKIAVALIDATETEST0001";
  creds.secret_access_key = "validate-test-secret";
  creds.source = "test";
  ConnectionOptions options;
  options.endpoint.explicit_url = "http://127.0.0.1:4566";
  options.endpoint.use_env = false;
  return std::make_unique<AwsConnection>(std::make_shared<fake::InProcessTransport>(cloud),
                                         MakeStaticProvider(creds), clock, options);
}
}  // namespace

ValidateWorld::ValidateWorld(const std::string& stack_name)
    : cloud(clock),
      connection(connect(cloud, clock)),
      ec2(*connection),
      rds(*connection),
      route53(*connection),
      dynamodb(*connection),
      s3(*connection),
      cloudwatch(*connection),
      sns(*connection),
      lambda(*connection),
      clients{ec2, rds, route53, dynamodb, s3, cloudwatch, sns, lambda} {
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
  // A little steady state: replication running, metrics emitted, checks probed.
  clock.advance(std::chrono::minutes(5));
}

std::string ValidateWorld::ref(const std::string& name) const {
  auto it = ledger.references.find(name);
  EXPECT_NE(it, ledger.references.end()) << "no reference " << name;
  return it == ledger.references.end() ? std::string() : it->second;
}

validate::CheckContext ValidateWorld::context() {
  return validate::CheckContext{deployment, &stack, policy, clients, clock, canary, invoke};
}

validate::Outcome ValidateWorld::run(const std::string& id) {
  for (const auto& c : validate::all_checks()) {
    if (c.id == id) return c.run(context());
  }
  ADD_FAILURE() << "no check " << id;
  return validate::Outcome{};
}

std::string describe(const validate::Outcome& o) {
  std::string s = std::string(validate::to_string(o.verdict)) + " [" + o.resource + "] " + o.message;
  for (const auto& e : o.evidence) s += "\n  " + e;
  return s;
}

bool has(const validate::Outcome& o, const std::string& part) { return has(o.message, part); }
bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

validate::Outcome run_without_stack(ValidateWorld& w, const std::string& id) {
  auto context = w.context();
  context.stack = nullptr;
  for (const auto& c : validate::all_checks()) {
    if (c.id == id) return c.run(context);
  }
  ADD_FAILURE() << "no check " << id;
  return {};
}

void outage(ValidateWorld& w, const std::string& region) {
  auto id = fake::inject(w.cloud, {.kind = "region-outage", .region = region});
  ASSERT_TRUE(id.ok()) << id.error().describe();
}

void expect_unavailable(const validate::Outcome& o) {
  EXPECT_EQ(o.verdict, validate::Verdict::kError) << describe(o);
  EXPECT_EQ(o.error_code, "ServiceUnavailable") << describe(o);
}

}  // namespace drh::testing
