// Lambda in the fake: functions Pending then Active on virtual time, configuration as
// Lambda reports it, conflicts and validation, paging, invocation through the built-in
// handlers (with log tails, async and dry runs), deletion, tags, and save/load.
#include <gtest/gtest.h>

#include <algorithm>

#include "../../mocks/fake/lambda_service.h"
#include "drh/aws/lambda.h"
#include "drh/core/encoding.h"
#include "drh/protocol/generic.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

using aws::LambdaClient;

constexpr const char* kEast = "us-east-1";
constexpr const char* kWest = "us-west-2";
constexpr const char* kRole = "arn:aws:iam::123456789012:role/drh-lambda";

// The smallest valid zip archive: an end-of-central-directory record.
const std::string kEmptyZip = std::string("PK\x05\x06", 4) + std::string(18, '\0');

aws::CreateFunctionRequest function(std::string name, std::string handler) {
  return {.FunctionName = std::move(name),
          .Runtime = "python3.12",
          .Role = kRole,
          .Handler = std::move(handler),
          .Code = {.ZipFile = kEmptyZip},
          .Timeout = 10,
          .Environment = aws::Environment{{{"STAGE", "dr"}}},
          .Tags = {{"team", "dr"}}};
}

Result<nlohmann::json> call(FakeWorld& w, std::string_view op, std::string_view region,
                            const nlohmann::json& params) {
  auto svc = find_service("lambda");
  if (!svc) return svc.error();
  auto req = build_generic_request(**svc, op, params);
  if (!req) return req.error();
  auto resp = w.connection->send(**svc, region, std::move(*req));
  if (!resp) return resp.error();
  return decode_generic_response(**svc, op, *resp);
}

TEST(FakeLambdaFunctions, CreateFunctionIsPendingThenActive) {
  FakeWorld world;
  LambdaClient lambda(*world.connection);
  auto created = lambda.CreateFunction(kEast, function("health", "drh.health"));
  ASSERT_TRUE(created.ok()) << created.error().describe();
  EXPECT_EQ(created->FunctionArn, "arn:aws:lambda:us-east-1:123456789012:function:health");
  EXPECT_EQ(created->State, "Pending");
  EXPECT_EQ(created->StateReasonCode, "Creating");
  EXPECT_EQ(created->Version, "$LATEST");
  EXPECT_EQ(created->Runtime, "python3.12");
  EXPECT_EQ(created->Timeout, 10);
  EXPECT_EQ(created->MemorySize, 128);
  EXPECT_EQ(created->CodeSize, static_cast<std::int64_t>(kEmptyZip.size()));
  const Sha256Digest digest = sha256(kEmptyZip);
  EXPECT_EQ(created->CodeSha256,
            base64_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())));
  EXPECT_EQ(created->LastModified, "2026-01-01T00:00:00.000+0000");
  EXPECT_EQ(created->PackageType, "Zip");
  ASSERT_TRUE(created->Environment);
  EXPECT_EQ(created->Environment->Variables.at("STAGE"), "dr");

  auto pending = lambda.Invoke(kEast, {.FunctionName = "health"});
  ASSERT_FALSE(pending.ok());
  EXPECT_EQ(pending.error().code, "ResourceConflictException");
  EXPECT_EQ(pending.error().http_status, 409);

  ASSERT_TRUE(aws::WaitUntilFunctionActive(lambda, world.clock, kEast, "health").ok());
  auto got = lambda.GetFunction(kEast, {.FunctionName = "health"});
  ASSERT_TRUE(got.ok()) << got.error().describe();
  EXPECT_EQ(got->Configuration.State, "Active");
  EXPECT_EQ(got->Configuration.LastUpdateStatus, "Successful");
  ASSERT_TRUE(got->Code);
  EXPECT_EQ(got->Code->RepositoryType, "S3");
  EXPECT_EQ(got->Tags.at("team"), "dr");

  auto dup = lambda.CreateFunction(kEast, function("health", "drh.health"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "ResourceConflictException");
  EXPECT_EQ(dup.error().http_status, 409);
  EXPECT_EQ(dup.error().message, "Function already exist: health");

  // Functions are regional.
  EXPECT_EQ(lambda.GetFunction(kWest, {.FunctionName = "health"}).error().code,
            "ResourceNotFoundException");
  ASSERT_TRUE(lambda.CreateFunction(kWest, function("health", "drh.health")).ok());
}

TEST(FakeLambdaFunctions, CreateFunctionValidatesAsLambdaDoes) {
  FakeWorld world;
  LambdaClient lambda(*world.connection);
  auto bad_role = function("f1", "drh.echo");
  bad_role.Role = "drh-lambda";
  EXPECT_EQ(lambda.CreateFunction(kEast, bad_role).error().code, "ValidationException");
  auto bad_name = function("has space", "drh.echo");
  EXPECT_EQ(lambda.CreateFunction(kEast, bad_name).error().code, "ValidationException");
  auto not_zip = function("f2", "drh.echo");
  not_zip.Code.ZipFile = "print('hi')";
  auto r = lambda.CreateFunction(kEast, not_zip);
  EXPECT_EQ(r.error().code, "InvalidParameterValueException");
  EXPECT_NE(r.error().message.find("Could not unzip uploaded file"), std::string::npos);
  auto no_runtime = function("f3", "drh.echo");
  no_runtime.Runtime = "";
  EXPECT_EQ(lambda.CreateFunction(kEast, no_runtime).error().code, "InvalidParameterValueException");
  auto retired = function("f4", "drh.echo");
  retired.Runtime = "python2.7";
  EXPECT_EQ(lambda.CreateFunction(kEast, retired).error().code, "InvalidParameterValueException");
  auto reserved = function("f5", "drh.echo");
  reserved.Environment = aws::Environment{{{"AWS_REGION", "x"}}};
  EXPECT_NE(lambda.CreateFunction(kEast, reserved).error().message.find("reserved keys"),
            std::string::npos);
  auto timeout = function("f6", "drh.echo");
  timeout.Timeout = 901;
  EXPECT_EQ(lambda.CreateFunction(kEast, timeout).error().code, "ValidationException");
  auto from_s3 = function("f7", "drh.echo");
  from_s3.Code = {.S3Bucket = "no-such-bucket", .S3Key = "code.zip"};
  auto s3 = lambda.CreateFunction(kEast, from_s3);
  EXPECT_EQ(s3.error().code, "InvalidParameterValueException");
  EXPECT_NE(s3.error().message.find("NoSuchBucket"), std::string::npos);
}

TEST(FakeLambdaFunctions, BuiltInHandlersAnswerInvocations) {
  FakeWorld world;
  LambdaClient lambda(*world.connection);
  // Function names cannot hold dots: fn-drh-health runs drh.health, and so on.
  for (const char* h : {"drh.health", "drh.echo", "drh.fail", "index.handler"}) {
    std::string name = std::string("fn-") + h;
    std::replace(name.begin(), name.end(), '.', '-');
    ASSERT_TRUE(lambda.CreateFunction(kWest, function(name, h)).ok());
  }
  world.clock.advance(fake::kFunctionActivationDelay);

  auto health = lambda.Invoke(kWest, {.FunctionName = "fn-drh-health", .LogType = "Tail"});
  ASSERT_TRUE(health.ok()) << health.error().describe();
  EXPECT_EQ(health->StatusCode, 200);
  EXPECT_TRUE(health->FunctionError.empty());
  EXPECT_EQ(nlohmann::json::parse(health->Payload),
            nlohmann::json({{"statusCode", 200}, {"region", "us-west-2"}, {"healthy", true}}));
  EXPECT_EQ(health->ExecutedVersion, "$LATEST");
  EXPECT_NE(health->LogResult.find("START RequestId:"), std::string::npos);
  EXPECT_NE(health->LogResult.find("REPORT RequestId:"), std::string::npos);

  // The health probe is the seam the DR dynamics drive.
  {
    std::lock_guard lock(world.cloud.core().mutex);
    world.cloud.core().get<fake::LambdaService>("lambda").set_health_probe(
        [](std::string_view region) { return region != "us-west-2"; });
  }
  auto sick = lambda.Invoke(kWest, {.FunctionName = "fn-drh-health"});
  EXPECT_EQ(nlohmann::json::parse(sick->Payload)["healthy"], false);

  auto echo = lambda.Invoke(kWest, {.FunctionName = "fn-drh-echo", .Payload = R"({"drill":true})"});
  ASSERT_TRUE(echo.ok());
  EXPECT_EQ(echo->Payload, R"({"drill":true})");

  auto failed = lambda.Invoke(kWest, {.FunctionName = "fn-drh-fail", .Payload = R"({"message":"boom"})"});
  ASSERT_TRUE(failed.ok()) << failed.error().describe();  // a function error is not an API error
  EXPECT_EQ(failed->StatusCode, 200);
  EXPECT_EQ(failed->FunctionError, "Unhandled");
  EXPECT_EQ(nlohmann::json::parse(failed->Payload)["errorMessage"], "boom");

  auto missing_handler = lambda.Invoke(kWest, {.FunctionName = "fn-index-handler"});
  EXPECT_EQ(missing_handler->FunctionError, "Unhandled");
  EXPECT_EQ(nlohmann::json::parse(missing_handler->Payload)["errorType"], "Runtime.HandlerNotFound");

  auto async = lambda.Invoke(kWest, {.FunctionName = "fn-drh-echo", .InvocationType = "Event",
                                     .Payload = "{}"});
  ASSERT_TRUE(async.ok()) << async.error().describe();
  EXPECT_EQ(async->StatusCode, 202);
  auto dry = lambda.Invoke(kWest, {.FunctionName = "fn-drh-echo", .InvocationType = "DryRun"});
  ASSERT_TRUE(dry.ok()) << dry.error().describe();
  EXPECT_EQ(dry->StatusCode, 204);

  auto not_json = lambda.Invoke(kWest, {.FunctionName = "fn-drh-echo", .Payload = "{oops"});
  EXPECT_EQ(not_json.error().code, "InvalidRequestContentException");
  auto missing = lambda.Invoke(kWest, {.FunctionName = "nope"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ResourceNotFoundException");
  EXPECT_EQ(missing.error().http_status, 404);
  EXPECT_EQ(missing.error().message,
            "Function not found: arn:aws:lambda:us-west-2:123456789012:function:nope");

  std::lock_guard lock(world.cloud.core().mutex);
  const auto* echo_fn = world.cloud.core().get<fake::LambdaService>("lambda").find_function(kWest, "fn-drh-echo");
  ASSERT_NE(echo_fn, nullptr);
  ASSERT_EQ(echo_fn->invocations.size(), 2u);  // the dry run runs nothing
  EXPECT_EQ(echo_fn->invocations[1].invocation_type, "Event");
}

TEST(FakeLambdaFunctions, ListFunctionsPagesAndDeleteRemoves) {
  FakeWorld world;
  LambdaClient lambda(*world.connection);
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(lambda.CreateFunction(kEast, function("fn-" + std::to_string(i), "drh.echo")).ok());
  }
  auto page = lambda.ListFunctions(kEast, {.MaxItems = 3});
  ASSERT_TRUE(page.ok()) << page.error().describe();
  ASSERT_EQ(page->Functions.size(), 3u);
  EXPECT_EQ(page->Functions[0].FunctionName, "fn-0");
  EXPECT_FALSE(page->NextMarker.empty());
  auto all = lambda.ListFunctionsAll(kEast, {.MaxItems = 3});  // three pages
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 7u);
  EXPECT_EQ(all->back().FunctionName, "fn-6");

  auto deleted = lambda.DeleteFunction(kEast, {.FunctionName = "fn-3"});
  ASSERT_TRUE(deleted.ok()) << deleted.error().describe();
  EXPECT_EQ(deleted->StatusCode, 204);
  EXPECT_EQ(lambda.DeleteFunction(kEast, {.FunctionName = "fn-3"}).error().code,
            "ResourceNotFoundException");
  EXPECT_EQ(lambda.ListFunctionsAll(kEast)->size(), 6u);
  // By ARN too.
  ASSERT_TRUE(lambda.DeleteFunction(kEast, {.FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:fn-4"})
                  .ok());
  EXPECT_EQ(lambda.ListFunctionsAll(kEast)->size(), 5u);
}

TEST(FakeLambdaFunctions, TagsAndUnsupportedOperations) {
  FakeWorld world;
  LambdaClient lambda(*world.connection);
  auto f = lambda.CreateFunction(kEast, function("tagged", "drh.echo"));
  ASSERT_TRUE(f.ok());
  ASSERT_TRUE(call(world, "TagResource", kEast, {{"Resource", f->FunctionArn}, {"Tags", {{"cost", "dr"}}}}).ok());
  auto tags = call(world, "ListTags", kEast, {{"Resource", f->FunctionArn}});
  ASSERT_TRUE(tags.ok()) << tags.error().describe();
  EXPECT_EQ((*tags)["Tags"], nlohmann::json({{"cost", "dr"}, {"team", "dr"}}));
  ASSERT_TRUE(call(world, "UntagResource", kEast, {{"Resource", f->FunctionArn}, {"TagKeys", {"team"}}}).ok());
  EXPECT_EQ((*call(world, "ListTags", kEast, {{"Resource", f->FunctionArn}}))["Tags"].size(), 1u);

  auto update = call(world, "UpdateFunctionConfiguration", kEast,
                     {{"FunctionName", "tagged"}, {"Timeout", 30}});
  ASSERT_FALSE(update.ok());
  EXPECT_EQ(update.error().http_status, 501);
  EXPECT_NE(update.error().message.find("UpdateFunctionConfiguration"), std::string::npos);
}

TEST(FakeLambdaFunctions, StateRoundTripsWithPendingActivation) {
  FakeWorld world;
  LambdaClient lambda(*world.connection);
  ASSERT_TRUE(lambda.CreateFunction(kEast, function("pending", "drh.echo")).ok());
  const std::string saved = world.cloud.save_state();
  FakeWorld other;
  ASSERT_TRUE(other.cloud.load_state(saved).ok());
  EXPECT_EQ(other.cloud.save_state(), saved);
  LambdaClient lambda2(*other.connection);
  EXPECT_EQ(lambda2.GetFunction(kEast, {.FunctionName = "pending"})->Configuration.State, "Pending");
  other.clock.advance(fake::kFunctionActivationDelay);
  EXPECT_EQ(lambda2.GetFunction(kEast, {.FunctionName = "pending"})->Configuration.State, "Active");
}

}  // namespace
}  // namespace drh::testing
