// compute checks: each passes on a good seed stack and notices the break it exists for.
#include <gtest/gtest.h>

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

using testing::ValidateWorld;

// A function of our own in `region`, running one of the fake's built-in handlers.
// Lambda keeps a new function Pending for a moment; `activate` waits that out.
std::string make_function(ValidateWorld& w, const std::string& region, const std::string& name,
                          const std::string& handler, bool activate = true) {
  aws::CreateFunctionRequest req;
  req.FunctionName = name;
  req.Runtime = "python3.11";
  req.Role = "arn:aws:iam::123456789012:role/validate-test";
  req.Handler = handler;
  req.Code.ZipFile = std::string("PK\x05\x06", 4) + std::string(18, '\0');  // an empty zip
  auto made = w.lambda.CreateFunction(region, req);
  EXPECT_TRUE(made.ok()) << made.error().describe();
  if (activate) w.clock.advance(std::chrono::minutes(1));
  return made.ok() ? made->FunctionArn : std::string();
}

// --------------------------------------------------------------- lambda-exists

TEST(LambdaExists, PassesOnAGoodStack) {
  ValidateWorld w("000");  // three functions, named by ARN, in two regions
  auto o = w.run("compute.lambda-exists");
  EXPECT_EQ(o.verdict, Verdict::kPass) << o.message;
  EXPECT_TRUE(has(o.message, "3 Lambda functions")) << o.message;
  EXPECT_EQ(o.evidence.size(), 3u);
  ValidateWorld v("004");
  EXPECT_EQ(v.run("compute.lambda-exists").verdict, Verdict::kPass);
}

TEST(LambdaExists, FailsOnADeletedFunction) {
  ValidateWorld w("000");
  const std::string name = w.ref("function.health_secondary.name");
  auto deleted = w.lambda.DeleteFunction(w.deployment.secondary_region,
                                         {.FunctionName = name, .Qualifier = ""});
  ASSERT_TRUE(deleted.ok()) << deleted.error().describe();
  auto o = w.run("compute.lambda-exists");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, w.ref("function.health_secondary.arn"));
  EXPECT_TRUE(has(o.message, "expected function " + w.ref("function.health_secondary.arn") +
                                 " (SecondaryFunction) to exist in us-west-2, got "
                                 "ResourceNotFoundException"))
      << o.message;
}

TEST(LambdaExists, FailsOnAFunctionThatIsNotActiveYet) {
  ValidateWorld w("000");
  make_function(w, w.deployment.primary_region, "just-created", "drh.echo", false);
  w.deployment.failover_function = "just-created";  // a name: the region comes from the role
  auto o = w.run("compute.lambda-exists");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_TRUE(has(o.resource, "just-created")) << o.resource;
  EXPECT_TRUE(has(o.message, "(FailoverFunction) State Active, got Pending")) << o.message;
}

TEST(LambdaExists, AcceptsANameInsteadOfAnArn) {
  ValidateWorld w("000");
  w.deployment.secondary_function = w.ref("function.health_secondary.name");
  auto o = w.run("compute.lambda-exists");
  EXPECT_EQ(o.verdict, Verdict::kPass) << o.message;
}

TEST(LambdaExists, SkippedWithoutFunctionsInTheOutputs) {
  ValidateWorld w("003");  // its outputs name no function
  auto o = w.run("compute.lambda-exists");
  EXPECT_EQ(o.verdict, Verdict::kSkipped);
  EXPECT_TRUE(has(o.message, "PrimaryFunction, SecondaryFunction, FailoverFunction")) << o.message;
}

TEST(LambdaExists, ErrorWhenARegionIsDown) {
  ValidateWorld w("000");
  outage(w, w.deployment.secondary_region);
  auto o = w.run("compute.lambda-exists");
  EXPECT_EQ(o.verdict, Verdict::kError) << o.message;
  EXPECT_EQ(o.error_code, "ServiceUnavailable");
  EXPECT_EQ(o.resource, w.ref("function.health_secondary.arn"));
}

// --------------------------------------------------------------- lambda-health-invoke

TEST(LambdaHealthInvoke, SkippedWithoutInvoke) {
  ValidateWorld w("000");
  auto o = w.run("compute.lambda-health-invoke");
  EXPECT_EQ(o.verdict, Verdict::kSkipped);
  EXPECT_TRUE(has(o.message, "run with --invoke")) << o.message;
}

TEST(LambdaHealthInvoke, PassesOnAGoodStack) {
  for (const char* seed : {"000", "004"}) {
    ValidateWorld w(seed);
    w.invoke = true;
    auto o = w.run("compute.lambda-health-invoke");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << ": " << o.message;
    EXPECT_TRUE(has(o.message, "2 health function(s) answered 200")) << o.message;
  }
}

TEST(LambdaHealthInvoke, NeverInvokesTheFailoverFunction) {
  ValidateWorld w("000");
  w.invoke = true;
  w.deployment.failover_function =
      make_function(w, w.deployment.primary_region, "would-fail", "drh.fail");
  EXPECT_EQ(w.run("compute.lambda-health-invoke").verdict, Verdict::kPass);
}

TEST(LambdaHealthInvoke, FailsWhenTheFunctionFails) {
  ValidateWorld w("000");
  w.invoke = true;
  const std::string arn =
      make_function(w, w.deployment.primary_region, "broken-health", "drh.fail");
  w.deployment.primary_function = arn;
  auto o = w.run("compute.lambda-health-invoke");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, arn);
  EXPECT_TRUE(has(o.message, "expected function " + arn +
                                 " (PrimaryFunction, us-east-1) to answer "
                                 "status 200 without FunctionError, got FunctionError Unhandled"))
      << o.message;
  EXPECT_TRUE(has(o.message, "drh.fail: the function failed")) << o.message;
}

// The real client with the region's health answer replaced: the fake's drh.health answers
// 503 only through a probe no public control reaches.
class UnhealthyAnswers : public aws::LambdaApi {
 public:
  explicit UnhealthyAnswers(aws::LambdaApi& real) : real_(real) {}
  Result<aws::GetFunctionResult> GetFunction(std::string_view region,
                                             const aws::GetFunctionRequest& request) override {
    return real_.GetFunction(region, request);
  }
  Result<aws::ListFunctionsResult> ListFunctions(
      std::string_view region, const aws::ListFunctionsRequest& request) override {
    return real_.ListFunctions(region, request);
  }
  Result<aws::InvokeResult> Invoke(std::string_view region,
                                   const aws::InvokeRequest& request) override {
    auto out = real_.Invoke(region, request);
    if (out.ok()) {
      out->Payload =
          R"({"statusCode": 503, "region": ")" + std::string(region) + R"(", "healthy": false})";
    }
    return out;
  }
  Result<aws::CreateFunctionResult> CreateFunction(
      std::string_view region, const aws::CreateFunctionRequest& request) override {
    return real_.CreateFunction(region, request);
  }
  Result<aws::DeleteFunctionResult> DeleteFunction(
      std::string_view region, const aws::DeleteFunctionRequest& request) override {
    return real_.DeleteFunction(region, request);
  }

 private:
  aws::LambdaApi& real_;
};

TEST(LambdaHealthInvoke, FailsWhenTheHealthFunctionReportsItsRegionUnhealthy) {
  ValidateWorld w("000");
  UnhealthyAnswers lambda(w.lambda);
  Clients clients{w.ec2, w.rds, w.route53, w.dynamodb, w.s3, w.cloudwatch, w.sns, lambda};
  CheckContext ctx{w.deployment, &w.stack, w.policy, clients, w.clock, false, true};
  Outcome o;
  for (const auto& c : all_checks()) {
    if (c.id == "compute.lambda-health-invoke") o = c.run(ctx);
  }
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, w.ref("function.health_primary.arn"));
  EXPECT_TRUE(has(o.message, "to answer status 200 without FunctionError, got statusCode 503"))
      << o.message;
  EXPECT_TRUE(has(o.message, "and 1 more function")) << o.message;
}

TEST(LambdaHealthInvoke, SkippedWithoutHealthFunctions) {
  ValidateWorld w("003");
  w.invoke = true;
  auto o = w.run("compute.lambda-health-invoke");
  EXPECT_EQ(o.verdict, Verdict::kSkipped);
  EXPECT_TRUE(has(o.message, "PrimaryFunction, SecondaryFunction")) << o.message;
}

TEST(LambdaHealthInvoke, ErrorWhenTheRegionIsDown) {
  ValidateWorld w("000");
  w.invoke = true;
  outage(w, w.deployment.primary_region);
  auto o = w.run("compute.lambda-health-invoke");
  EXPECT_EQ(o.verdict, Verdict::kError) << o.message;
  EXPECT_EQ(o.error_code, "ServiceUnavailable");
  EXPECT_EQ(o.resource, w.ref("function.health_primary.arn"));
}

}  // namespace
}  // namespace drh::validate
