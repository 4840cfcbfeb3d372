// Post-deploy checks: does the DR topology a deployment's outputs describe really exist?
//
// A check looks at one property of the deployment (the peering is active, the global
// cluster has exactly one writer, the lag alarm watches the right metric ...) through the
// typed clients and ends in exactly one Outcome:
//   PASS     with the evidence it saw;
//   FAIL     expected vs actual, naming the resource (ARN or id);
//   SKIPPED  with the reason: the role is not in this stack, or the policy turned it off;
//   ERROR    the call failed (unreachable, access denied): the endpoint and AWS error code.
// Never a silent skip, never a pass on an empty answer.
//
// Checks are plain functions grouped by area (networking, database, replication,
// monitoring, routing, compute), listed by all_checks(). `drh validate` runs them
// concurrently (run_checks); the GoogleTest suites in suites/validate/ run the same
// functions, so ctest and the command line agree.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "drh/core/clock.h"
#include "drh/core/result.h"
#include "drh/fixtures/outputs.h"
#include "drh/fixtures/stack.h"
#include "drh/validate/policy.h"

namespace drh {
class AwsConnection;
namespace aws {
class Ec2Api;
class RdsApi;
class Route53Api;
class DynamoDbApi;
class S3Api;
class CloudWatchApi;
class SnsApi;
class LambdaApi;
class StsApi;
}  // namespace aws
}  // namespace drh

namespace drh::validate {

namespace detail {
class StackRefs;
class RunMemo;
}

enum class Verdict { kPass, kFail, kSkipped, kError };
/// "PASS", "FAIL", "SKIPPED", "ERROR".
const char* to_string(Verdict verdict);

struct Outcome {
  Verdict verdict = Verdict::kError;
  /// PASS: what was seen; FAIL: "expected X, got Y"; SKIPPED: why; ERROR: what failed.
  std::string message;
  /// The resource checked: an ARN or id ("" when the check could not get that far).
  std::string resource;
  /// Supporting lines (the values compared, the calls made).
  std::vector<std::string> evidence;
  /// ERROR: the AWS error code or drharness code ("AccessDenied", "ConnectionRefused").
  std::string error_code;
};

Outcome pass(std::string resource, std::string message);
Outcome fail(std::string resource, std::string message);
Outcome skipped(std::string reason);
/// ERROR from a failed call: the error's code, kind and message, and what was being done.
Outcome error(const Error& error, std::string_view doing, std::string resource = {});
/// SKIPPED because the deployment's outputs do not name `role` (e.g. "VpcPeeringId").
Outcome missing_role(std::string_view role);

/// The typed clients of one target. Thread-safe (each call is independent).
struct Clients {
  aws::Ec2Api& ec2;
  aws::RdsApi& rds;
  aws::Route53Api& route53;
  aws::DynamoDbApi& dynamodb;
  aws::S3Api& s3;
  aws::CloudWatchApi& cloudwatch;
  aws::SnsApi& sns;
  aws::LambdaApi& lambda;
};

/// Everything a check may look at. Read-only but for the canary, which writes markers.
struct CheckContext {
  const fixtures::Deployment& deployment;
  /// The stack description when known (drh up's stack, --stack): expectations such as
  /// engine, instance counts, alarm thresholds come from it. Null for a real deploy.
  const fixtures::StackDescription* stack = nullptr;
  const Policy& policy;
  Clients& clients;
  Clock& clock;
  bool canary = false;  ///< --canary: write markers and watch them replicate
  bool invoke = false;  ///< --invoke: call the Lambda health functions
  /// What the stack description's references stand for in this deployment: built once by
  /// run_checks and shared by its checks (null: a check builds its own).
  std::shared_ptr<const detail::StackRefs> stack_refs{};
  /// Reads several checks share (the Aurora members ...), made once per run: run_checks
  /// sets it (null: each check reads for itself).
  std::shared_ptr<detail::RunMemo> memo{};
};

struct Check {
  std::string id;     ///< "<area>.<name>", e.g. "networking.peering-active"
  std::string area;   ///< networking, database, replication, monitoring, routing, compute
  std::string title;  ///< one line: what must hold
  std::function<Outcome(const CheckContext&)> run;
};

/// Every check, in area order (networking, database, replication, monitoring, routing,
/// compute), ids unique.
const std::vector<Check>& all_checks();

/// The checks of each area (one file per area in harness/validate/).
std::vector<Check> networking_checks();
std::vector<Check> database_checks();
std::vector<Check> replication_checks();
std::vector<Check> monitoring_checks();
std::vector<Check> routing_checks();
std::vector<Check> compute_checks();

struct CheckResult {
  const Check* check = nullptr;
  Outcome outcome;
  std::chrono::milliseconds elapsed{0};
};

struct RunOptions {
  /// Only checks whose id matches one of these globs ("" or empty: all).
  std::vector<std::string> filters;
  /// Checks run at the same time (independent checks; each makes its own calls).
  int concurrency = 16;
  /// Called as each check ends (from the worker thread; serialised).
  std::function<void(const CheckResult&)> on_result;
};

/// Runs the selected checks and returns their results in all_checks() order. A check
/// the policy turns off is SKIPPED naming the policy rule; a check that throws is ERROR.
std::vector<CheckResult> run_checks(const CheckContext& context, const RunOptions& options);

}  // namespace drh::validate
