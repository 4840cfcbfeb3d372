// drh validate's checks against moto_server: each seed stack built by drh up's engine into
// an emulator we did not write, then every check run over real signed HTTP calls.
//
// moto cannot show everything a DR deployment has, so some checks can only end one way
// there. moto_limits() lists them, per check and seed stack, with the verdict moto gives and
// why; a listed check must end exactly so (a change in moto, or in the check, shows up
// here). Every other
// check must PASS, or be SKIPPED saying why (the stack has no such part, the component was
// left out, --canary/--invoke not given). Anything else fails the test, naming the check,
// its verdict and its message.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "drh/fixtures/outputs.h"
#include "drh/fixtures/provision.h"
#include "drh/fixtures/stack.h"
#include "drh/validate/check.h"
#include "drh/validate/clients.h"
#include "drh/validate/policy.h"
#include "moto_env.h"

namespace drh::validate {
namespace {

using drh::testing::moto_connection;
using drh::testing::unique_name;

struct MotoLimit {
  const char* check;
  std::set<std::string> stacks;  ///< the seed stacks that have the part the check looks at
  Verdict verdict;
  const char* message_has;  ///< a fragment the outcome's message must contain
  const char* why;
};

// The checks moto_server (5.x) cannot let pass, found by running every check on every seed
// stack: the verdict each ends in there, and why. In a stack not listed the check must PASS
// or be SKIPPED like any other.
const std::vector<MotoLimit>& moto_limits() {
  static const std::vector<MotoLimit> limits = {
      // moto's CloudWatch emits no RDS metrics: the secondary cluster never reports
      // AuroraGlobalDBReplicationLag, so the lag check finds no datapoint in its window.
      {"replication.aurora-lag", {"000", "001", "002", "003", "004"}, Verdict::kFail, "got none",
       "no AuroraGlobalDBReplicationLag datapoints in moto"},
      // DynamoDB is left out (moto accepts UpdateTable ReplicaUpdates but never lists a
      // replica, so a global table never becomes ready); the checks still expect the tables
      // the stack describes, and find none.
      {"replication.dynamodb-replicas", {"001", "002", "003", "004"}, Verdict::kFail,
       "ResourceNotFoundException", "dynamodb skipped: moto never lists global-table replicas"},
      {"replication.dynamodb-pitr", {"001", "002", "003", "004"}, Verdict::kFail, "no such table",
       "dynamodb skipped: moto never lists global-table replicas"},
      {"replication.dynamodb-streams", {"001", "002", "003", "004"}, Verdict::kFail,
       "no such table", "dynamodb skipped: moto never lists global-table replicas"},
      // Alarms on a skipped component are left out with it: 001 and 002 alarm on their
      // DynamoDB table's ReplicationLatency, 002 also on its Lambda function's Errors (Lambda
      // is skipped: moto's CreateFunction wants an IAM role drharness does not make). The
      // monitoring checks expect every alarm the stack lists.
      {"monitoring.alarms-exist", {"001", "002"}, Verdict::kFail, "got none",
       "alarms on skipped DynamoDB/Lambda are not made"},
      {"monitoring.alarm-config", {"001", "002"}, Verdict::kFail, "got none",
       "alarms on skipped DynamoDB/Lambda are not made"},
      {"monitoring.alarm-actions", {"001", "002"}, Verdict::kFail, "got none",
       "alarms on skipped DynamoDB/Lambda are not made"},
      {"monitoring.alarm-region", {"001", "002"}, Verdict::kFail, "got none",
       "alarms on skipped DynamoDB/Lambda are not made"},
      // moto_server has no route for Route 53's TestDNSAnswer: it answers an HTML 404, not an
      // AWS error document. (GetHealthCheckStatus it has: health-checks-healthy passes.)
      {"routing.dns-answers-primary", {"001", "002", "003"}, Verdict::kError, "HTTP 404",
       "moto_server does not implement TestDNSAnswer"},
  };
  return limits;
}

const MotoLimit* moto_limit(const std::string& check, const std::string& stack) {
  for (const auto& l : moto_limits()) {
    if (l.check == check && l.stacks.contains(stack)) return &l;
  }
  return nullptr;
}

TEST(ValidateMotoTable, NamesOnlyRealChecks) {
  std::set<std::string> ids;
  for (const auto& c : all_checks()) ids.insert(c.id);
  for (const auto& l : moto_limits()) EXPECT_TRUE(ids.contains(l.check)) << l.check;
}

class ValidateMoto : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override { DRH_REQUIRE_MOTO(); }
};

TEST_P(ValidateMoto, SeedStackChecksEndAsMotoAllows) {
  auto stack = fixtures::load_stack(GetParam(), std::string(DRH_SOURCE_DIR) + "/fixtures/stacks");
  ASSERT_TRUE(stack.ok()) << stack.error().describe();
  auto connection = moto_connection();
  fixtures::ProvisionOptions options;
  // moto answers "creating" once, then the final state: polls need no real waiting.
  options.wait = [](Duration) {};
  options.ready_timeout = std::chrono::minutes(2);
  options.suffix = unique_name("v");  // the shared server keeps every test's resources
  // As provision_moto_test.cc: Lambda needs an IAM role moto checks for, and moto never
  // lists a DynamoDB replica, so a global table never becomes ready.
  options.skip = {"lambda", "dynamodb"};
  auto ledger = fixtures::provision(*connection, *stack, options);
  ASSERT_TRUE(ledger.ok()) << GetParam() << ": " << ledger.error().describe();

  auto deployment = fixtures::resolve_deployment(
      ledger->loaded_outputs(stack->format, stack->name + " outputs (moto)"));
  ASSERT_TRUE(deployment.ok()) << deployment.error().describe();
  // Names in the description follow the suffix the stack was built with.
  stack->suffix = options.suffix;

  ClientSet client_set(*connection);
  Policy policy;
  CheckContext context{*deployment, &*stack, policy, client_set.clients,
                       SystemClock::instance()};
  auto results = run_checks(context, RunOptions{});
  ASSERT_EQ(results.size(), all_checks().size());

  for (const auto& r : results) {
    const std::string& id = r.check->id;
    const Outcome& o = r.outcome;
    const std::string seen = std::string(to_string(o.verdict)) + ": " + o.message +
                             (o.error_code.empty() ? "" : " [" + o.error_code + "]");
    if (const MotoLimit* limit = moto_limit(id, GetParam())) {
      const bool as_known =
          o.verdict == limit->verdict && o.message.find(limit->message_has) != std::string::npos;
      EXPECT_TRUE(as_known)
          << "stack " << GetParam() << ", " << id << ": expected " << to_string(limit->verdict)
          << " with \"" << limit->message_has << "\" (moto: " << limit->why << "), ended " << seen;
      continue;
    }
    const bool ok =
        o.verdict == Verdict::kPass || (o.verdict == Verdict::kSkipped && !o.message.empty());
    EXPECT_TRUE(ok) << "stack " << GetParam() << ", " << id << " ended " << seen;
  }

  auto report = fixtures::teardown(*connection, *ledger, options);
  int expected_failures = 0;
  for (const auto& failure : report.failures) {
    // moto keeps a global cluster in its creating region and cannot remove a member from
    // another region, so DeleteGlobalCluster answers "is not empty" (provision_moto_test.cc).
    bool moto_global_limit = failure.starts_with("global-cluster ") &&
                             failure.find("InvalidGlobalClusterStateFault") != std::string::npos &&
                             failure.find("is not empty") != std::string::npos;
    EXPECT_TRUE(moto_global_limit) << GetParam() << ": " << failure;
    expected_failures += moto_global_limit ? 1 : 0;
  }
  EXPECT_EQ(report.deleted + report.already_gone + expected_failures,
            static_cast<int>(ledger->entries.size()));
}

INSTANTIATE_TEST_SUITE_P(Seeds, ValidateMoto,
                         ::testing::Values("000", "001", "002", "003", "004"),
                         [](const auto& info) { return std::string("stack") + info.param; });

}  // namespace
}  // namespace drh::validate
