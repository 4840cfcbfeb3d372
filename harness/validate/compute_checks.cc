// compute checks (see include/drh/validate/check.h): the Lambda functions a DR stack runs
// (health monitors, failover orchestration) exist, are active and, on request, answer.
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "drh/aws/lambda.h"
#include "drh/validate/check.h"
#include "check_text.h"

namespace drh::validate {

namespace {

using detail::with_evidence;
using detail::not_found;

using fixtures::Deployment;

// One function role the outputs fill, with the region to call.
struct FunctionRole {
  std::string role;   ///< "PrimaryFunction", ...
  std::string value;  ///< a name or an ARN, as the outputs wrote it
  std::string region;
};

// The region a function lives in: its ARN's, else the region the outputs' key or side
// gives the role.
std::string function_region(const Deployment& d, const std::string& role, const std::string& value,
                            const std::string& side_region) {
  if (auto r = fixtures::region_in_value(value); !r.empty()) return r;
  if (auto it = d.roles.find(role); it != d.roles.end() && !it->second.region.empty()) {
    return it->second.region;
  }
  return side_region;
}

std::vector<FunctionRole> function_roles(const Deployment& d, bool include_failover) {
  std::vector<FunctionRole> out;
  auto add = [&](const char* role, const std::string& value, const std::string& side_region) {
    if (value.empty()) return;
    out.push_back({role, value, function_region(d, role, value, side_region)});
  };
  add("PrimaryFunction", d.primary_function, d.primary_region);
  add("SecondaryFunction", d.secondary_function, d.secondary_region);
  // The failover function has no side of its own; it is usually deployed with the primary.
  if (include_failover) add("FailoverFunction", d.failover_function, d.primary_region);
  return out;
}

Outcome no_function_roles(const std::vector<std::string>& roles) {
  std::string names;
  for (const auto& r : roles) names += (names.empty() ? "" : ", ") + r;
  return skipped("the deployment's outputs name no Lambda function (" + names +
                 "): not in this stack, or map one with --map " + roles.front() + "=<key>");
}

Outcome lambda_exists(const CheckContext& ctx) {
  auto roles = function_roles(ctx.deployment, true);
  if (roles.empty())
    return no_function_roles({"PrimaryFunction", "SecondaryFunction", "FailoverFunction"});
  std::vector<std::string> ev;
  std::vector<std::pair<std::string, std::string>> problems;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& f : roles) {
    if (f.region.empty())
      return missing_role(f.role == "SecondaryFunction" ? "SecondaryRegion" : "PrimaryRegion");
    if (!seen.insert({f.region, f.value}).second) continue;
    auto got = ctx.clients.lambda.GetFunction(f.region, {.FunctionName = f.value, .Qualifier = ""});
    if (!got) {
      if (not_found(got.error())) {
        ev.push_back(f.role + " " + f.value + " (" + f.region + "): " + got.error().code);
        problems.emplace_back(f.value, "function " + f.value + " (" + f.role + ") to exist in " +
                                           f.region + ", got " + got.error().code);
        continue;
      }
      return error(got.error(), "getting Lambda function " + f.value + " in " + f.region, f.value);
    }
    const auto& c = got->Configuration;
    const std::string arn = c.FunctionArn.empty() ? f.value : c.FunctionArn;
    ev.push_back(f.role + " " + arn + ": State " + (c.State.empty() ? "not reported" : c.State) +
                 (c.StateReason.empty() ? "" : " (" + c.StateReason + ")") +
                 (c.Handler.empty() ? "" : ", handler " + c.Handler));
    if (c.State != "Active") {
      problems.emplace_back(arn, "function " + arn + " (" + f.role + ") State Active, got " +
                                     (c.State.empty() ? "no state" : c.State) +
                                     (c.StateReason.empty() ? "" : " (" + c.StateReason + ")"));
    }
  }
  if (!problems.empty()) {
    std::string message = "expected " + problems.front().second;
    if (problems.size() > 1) {
      message += " (and " + std::to_string(problems.size() - 1) + " more function" +
                 (problems.size() > 2 ? "s" : "") + ")";
    }
    return with_evidence(fail(problems.front().first, message), ev);
  }
  std::string names;
  for (const auto& f : roles) names += (names.empty() ? "" : ", ") + f.role;
  return with_evidence(
      pass(roles.front().value,
           std::to_string(seen.size()) + " Lambda functions exist and are Active (" + names + ")"),
      ev);
}

Outcome lambda_health_invoke(const CheckContext& ctx) {
  if (!ctx.invoke) {
    return skipped("invoking runs the functions' code in the target account: run with --invoke");
  }
  // The health functions are the sided ones; the failover function is never invoked, since
  // running it would fail the stack over.
  auto roles = function_roles(ctx.deployment, false);
  if (roles.empty()) return no_function_roles({"PrimaryFunction", "SecondaryFunction"});
  std::vector<std::string> ev;
  std::vector<std::pair<std::string, std::string>> problems;
  const std::string event = R"({"source":"drh.validate","check":"compute.lambda-health-invoke"})";
  for (const auto& f : roles) {
    if (f.region.empty())
      return missing_role(f.role == "SecondaryFunction" ? "SecondaryRegion" : "PrimaryRegion");
    auto got = ctx.clients.lambda.Invoke(f.region, {.FunctionName = f.value,
                                                    .InvocationType = "RequestResponse",
                                                    .LogType = "",
                                                    .ClientContext = "",
                                                    .Payload = event,
                                                    .Qualifier = ""});
    if (!got) {
      if (not_found(got.error())) {
        problems.emplace_back(f.value, "function " + f.value + " (" + f.role + ") to answer in " +
                                           f.region + ", got " + got.error().code);
        ev.push_back(f.role + " " + f.value + ": " + got.error().code);
        continue;
      }
      return error(got.error(), "invoking Lambda function " + f.value + " in " + f.region, f.value);
    }
    std::string payload =
        got->Payload.size() > 300 ? got->Payload.substr(0, 300) + "..." : got->Payload;
    ev.push_back(f.role + " " + f.value + ": status " + std::to_string(got->StatusCode) +
                 (got->FunctionError.empty() ? "" : ", FunctionError " + got->FunctionError) +
                 ", payload " + payload);
    std::string wrong;
    if (got->StatusCode != 200) {
      wrong = "status " + std::to_string(got->StatusCode);
    } else if (!got->FunctionError.empty()) {
      wrong = "FunctionError " + got->FunctionError + ": " + payload;
    } else {
      // A health function that answers for its region ({"statusCode": 503}) reports an
      // unhealthy region even though the invocation itself succeeded.
      auto doc = nlohmann::json::parse(got->Payload, nullptr, false);
      if (doc.is_object() && doc.contains("statusCode") && doc["statusCode"].is_number_integer() &&
          doc["statusCode"].get<int>() != 200) {
        wrong = "statusCode " + std::to_string(doc["statusCode"].get<int>()) + " in its answer " +
                payload;
      }
    }
    if (!wrong.empty()) {
      problems.emplace_back(f.value, "function " + f.value + " (" + f.role + ", " + f.region +
                                         ") to answer status 200 without FunctionError, got " +
                                         wrong);
    }
  }
  if (!problems.empty()) {
    std::string message = "expected " + problems.front().second;
    if (problems.size() > 1) message += " (and 1 more function)";
    return with_evidence(fail(problems.front().first, message), ev);
  }
  return with_evidence(
      pass(roles.front().value, std::to_string(roles.size()) + " health function(s) answered 200"),
      ev);
}

}  // namespace

std::vector<Check> compute_checks() {
  return {
      {"compute.lambda-exists", "compute",
       "every Lambda function the outputs name exists and is Active", lambda_exists},
      {"compute.lambda-health-invoke", "compute",
       "with --invoke, the health functions answer 200 without a function error",
       lambda_health_invoke},
  };
}

}  // namespace drh::validate
