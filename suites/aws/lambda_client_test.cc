// LambdaClient over hand-written wire samples (fixtures/wire/lambda/), written from the
// botocore lambda 2015-03-31 model (rest-json) and the Lambda API reference: URIs, query
// strings, headers and bodies sent, answers decoded, Invoke's header members, errors,
// retries and paging.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../../harness/aws/lambda_codec.h"
#include "../../harness/aws/lambda_json.h"
#include "drh/aws/lambda.h"
#include "drh/core/encoding.h"
#include "scripted_transport.h"

namespace drh::aws {
namespace {

using drh::testing::ScriptedTransport;
using drh::testing::wire_sample;
using nlohmann::json;

constexpr const char* kArn = "arn:aws:lambda:us-west-2:123456789012:function:orders-failover";

class LambdaClientTest : public ::testing::Test {
 protected:
  void respond_json(std::string body, int status = 200, Headers extra = {}) {
    Headers h{{"Content-Type", "application/json"}, {"x-amzn-RequestId", "req-1"}};
    for (const auto& [k, v] : extra) h.add(k, v);
    transport_->respond(std::move(body), status, std::move(h));
  }
  void respond_sample(std::string_view name, int status = 200) {
    respond_json(wire_sample("lambda/" + std::string(name)), status);
  }
  void respond_error(std::string_view sample, int status, std::string type) {
    respond_json(wire_sample("lambda/" + std::string(sample)), status,
                 {{"x-amzn-ErrorType", std::move(type)}});
  }
  HttpRequest sent(std::size_t i = 0) const { return transport_->requests().at(i); }
  std::string header(const HttpRequest& r, std::string_view name) const {
    auto v = r.headers.get(name);
    return v ? std::string(*v) : std::string("<absent>");
  }

  std::shared_ptr<ScriptedTransport> transport_ = std::make_shared<ScriptedTransport>();
  ManualClock clock_;
  std::unique_ptr<AwsConnection> connection_ =
      drh::testing::scripted_connection(transport_, clock_);
  LambdaClient lambda_{*connection_};
};

TEST_F(LambdaClientTest, GetFunctionDecodesConfigurationCodeTagsAndConcurrency) {
  respond_sample("GetFunction.json");
  auto r = lambda_.GetFunction("us-west-2", {.FunctionName = kArn, .Qualifier = "live"});
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(sent().method, "GET");
  EXPECT_EQ(sent().path,
            "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-west-2%3A123456789012%3Afunction%3A"
            "orders-failover");
  EXPECT_EQ(sent().query, "Qualifier=live");
  EXPECT_TRUE(sent().body.empty());
  const HttpRequest request = sent();
  auto auth = request.headers.get("Authorization");
  ASSERT_TRUE(auth.has_value());
  EXPECT_NE(auth->find("/us-west-2/lambda/aws4_request"), std::string_view::npos) << *auth;

  const FunctionConfiguration& c = r->Configuration;
  EXPECT_EQ(c.FunctionName, "orders-failover");
  EXPECT_EQ(c.FunctionArn, kArn);
  EXPECT_EQ(c.Runtime, "python3.12");
  EXPECT_EQ(c.Role, "arn:aws:iam::123456789012:role/orders-failover-lambda");
  EXPECT_EQ(c.Handler, "failover.handler");
  EXPECT_EQ(c.CodeSize, 48213);
  EXPECT_EQ(c.Timeout, 300);
  EXPECT_EQ(c.MemorySize, 512);
  EXPECT_EQ(c.LastModified, "2024-05-01T12:00:00.000+0000");
  EXPECT_EQ(c.Version, "$LATEST");
  ASSERT_TRUE(c.VpcConfig.has_value());
  EXPECT_EQ(c.VpcConfig->SubnetIds.size(), 2u);
  EXPECT_EQ(c.VpcConfig->SecurityGroupIds[0], "sg-0123456789abcdef0");
  EXPECT_EQ(c.VpcConfig->VpcId, "vpc-0abc123def4567890");
  ASSERT_TRUE(c.DeadLetterConfig.has_value());
  EXPECT_EQ(c.DeadLetterConfig->TargetArn,
            "arn:aws:sqs:us-west-2:123456789012:orders-failover-dlq");
  ASSERT_TRUE(c.Environment.has_value());
  EXPECT_EQ(c.Environment->Variables.at("SECONDARY_REGION"), "us-west-2");
  EXPECT_FALSE(c.Environment->Error.has_value());
  ASSERT_TRUE(c.TracingConfig.has_value());
  EXPECT_EQ(c.TracingConfig->Mode, "Active");
  EXPECT_EQ(c.State, "Active");
  EXPECT_EQ(c.LastUpdateStatus, "Successful");
  EXPECT_EQ(c.PackageType, "Zip");
  EXPECT_EQ(c.Architectures, (std::vector<std::string>{"arm64"}));
  ASSERT_TRUE(r->Code.has_value());
  EXPECT_EQ(r->Code->RepositoryType, "S3");
  EXPECT_EQ(r->Tags.at("stack"), "orders-dr");
  ASSERT_TRUE(r->Concurrency.has_value());
  EXPECT_EQ(r->Concurrency->ReservedConcurrentExecutions, 5);

  json j = to_json(*r);
  EXPECT_EQ(j["Configuration"]["VpcConfig"]["VpcId"], "vpc-0abc123def4567890");
  EXPECT_EQ(j["Configuration"]["Environment"]["Variables"]["PRIMARY_REGION"], "us-east-1");
  EXPECT_EQ(j["Tags"]["team"], "sre");
  EXPECT_EQ(j["Concurrency"]["ReservedConcurrentExecutions"], 5);
}

TEST_F(LambdaClientTest, MissingFunctionIsResourceNotFound) {
  respond_error("ResourceNotFoundException.error.json", 404,
                "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/");
  auto r = lambda_.GetFunction("us-west-2", {.FunctionName = "orders-failover"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "ResourceNotFoundException");
  EXPECT_EQ(r.error().http_status, 404);
  EXPECT_NE(r.error().message.find("Function not found"), std::string::npos);
  EXPECT_EQ(sent().path, "/2015-03-31/functions/orders-failover");
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(LambdaClientTest, AccessDeniedIsNotRetried) {
  respond_error("AccessDeniedException.error.json", 403, "AccessDeniedException");
  auto r = lambda_.Invoke("us-west-2", {.FunctionName = "orders-failover"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "AccessDeniedException");
  EXPECT_NE(r.error().message.find("lambda:InvokeFunction"), std::string::npos);
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(LambdaClientTest, TooManyRequestsIsRetriedOnTheInjectedClock) {
  respond_error("TooManyRequestsException.error.json", 429, "TooManyRequestsException");
  respond_json(wire_sample("lambda/Invoke.payload.json"), 200,
               {{"X-Amz-Executed-Version", "$LATEST"}});
  auto r = lambda_.Invoke("us-west-2", {.FunctionName = "orders-failover", .Payload = "{}"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(transport_->requests().size(), 2u);
  EXPECT_EQ(sent(1).body, "{}");
  EXPECT_EQ(r->StatusCode, 200);
}

TEST_F(LambdaClientTest, InvokeSendsTheRawPayloadAndDecodesTheHeaders) {
  respond_json(wire_sample("lambda/Invoke.payload.json"), 200, {{"X-Amz-Executed-Version", "7"}});
  InvokeRequest req;
  req.FunctionName = "orders-failover";
  req.InvocationType = "RequestResponse";
  req.Payload = R"({"drill": true, "target": "us-west-2"})";
  req.Qualifier = "live";
  auto r = lambda_.Invoke("us-west-2", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(sent().method, "POST");
  EXPECT_EQ(sent().path, "/2015-03-31/functions/orders-failover/invocations");
  EXPECT_EQ(sent().query, "Qualifier=live");
  EXPECT_EQ(sent().body, R"({"drill": true, "target": "us-west-2"})");
  EXPECT_EQ(header(sent(), "X-Amz-Invocation-Type"), "RequestResponse");
  EXPECT_EQ(header(sent(), "X-Amz-Log-Type"), "<absent>");
  EXPECT_EQ(header(sent(), "Content-Type"), "<absent>");

  EXPECT_EQ(r->StatusCode, 200);
  EXPECT_TRUE(r->FunctionError.empty());
  EXPECT_TRUE(r->LogResult.empty());
  EXPECT_EQ(r->ExecutedVersion, "7");
  EXPECT_EQ(json::parse(r->Payload)["promoted"], "us-west-2");
  json j = to_json(*r);
  EXPECT_EQ(j["StatusCode"], 200);
  EXPECT_EQ(j["ExecutedVersion"], "7");
  EXPECT_EQ(json::parse(j["Payload"].get<std::string>()), json::parse(r->Payload));
  EXPECT_FALSE(j.contains("FunctionError"));
}

TEST_F(LambdaClientTest, InvokeUnhandledErrorCarriesTheDecodedLogTail) {
  std::string log_result(trim(wire_sample("lambda/Invoke.unhandled.log-result")));
  respond_json(wire_sample("lambda/Invoke.unhandled.json"), 200,
               {{"X-Amz-Function-Error", "Unhandled"},
                {"X-Amz-Log-Result", log_result},
                {"X-Amz-Executed-Version", "$LATEST"}});
  auto r = lambda_.Invoke(
      "us-west-2",
      {.FunctionName = "orders-failover", .LogType = "Tail", .Payload = R"({"drill": true})"});
  ASSERT_TRUE(r.ok()) << r.error().describe();  // a failed function is not a failed call
  EXPECT_EQ(header(sent(), "X-Amz-Log-Type"), "Tail");
  EXPECT_EQ(r->StatusCode, 200);
  EXPECT_EQ(r->FunctionError, "Unhandled");
  EXPECT_EQ(r->LogResult, wire_sample("lambda/Invoke.unhandled.log"));
  EXPECT_NE(r->LogResult.find("[ERROR] ClientError: GlobalClusterNotFoundFault"),
            std::string::npos);
  EXPECT_EQ(json::parse(r->Payload)["errorType"], "ClientError");
  json j = to_json(*r);
  EXPECT_EQ(j["FunctionError"], "Unhandled");
  EXPECT_NE(j["LogResult"].get<std::string>().find("REPORT RequestId"), std::string::npos);
}

TEST_F(LambdaClientTest, InvokeEventAndBinaryPayloads) {
  transport_->respond("", 202, {});
  auto event = lambda_.Invoke("us-west-2", {.FunctionName = "f", .InvocationType = "Event"});
  ASSERT_TRUE(event.ok()) << event.error().describe();
  EXPECT_EQ(event->StatusCode, 202);
  EXPECT_TRUE(sent().body.empty());

  transport_->respond(std::string("\x89PNG\0\xff", 6), 200, {});
  auto binary = lambda_.Invoke("us-west-2", {.FunctionName = "f"});
  ASSERT_TRUE(binary.ok());
  EXPECT_EQ(binary->Payload, std::string("\x89PNG\0\xff", 6));
  json j = to_json(*binary);
  EXPECT_EQ(j["PayloadEncoding"], "base64");
  EXPECT_EQ(j["Payload"], base64_encode(std::string("\x89PNG\0\xff", 6)));
}

TEST_F(LambdaClientTest, InvokeWithALogResultThatIsNotBase64IsADecodeError) {
  respond_json("{}", 200, {{"X-Amz-Log-Result", "not base64!"}});
  auto r = lambda_.Invoke("us-west-2", {.FunctionName = "f", .LogType = "Tail"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kDecode);
  EXPECT_NE(r.error().message.find("X-Amz-Log-Result"), std::string::npos);
}

TEST_F(LambdaClientTest, CreateFunctionSendsTheZipAsBase64) {
  respond_sample("CreateFunction.json", 201);
  CreateFunctionRequest req;
  req.FunctionName = "orders-canary";
  req.Runtime = "python3.12";
  req.Role = "arn:aws:iam::123456789012:role/orders-canary-lambda";
  req.Handler = "canary.handler";
  req.Code.ZipFile = std::string("PK\x03\x04\x00\xff", 6);
  req.Description = "Writes a canary item and reads it back in the other region";
  req.Timeout = 10;
  req.MemorySize = 128;
  req.Publish = true;
  req.Environment = Environment{{{"TABLE", "orders"}}};
  req.Tags = {{"stack", "orders-dr"}};
  req.Architectures = {"x86_64"};
  auto r = lambda_.CreateFunction("us-west-2", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(sent().method, "POST");
  EXPECT_EQ(sent().path, "/2015-03-31/functions");
  EXPECT_EQ(header(sent(), "Content-Type"), "application/json");
  EXPECT_EQ(json::parse(sent().body), json::parse(R"({
      "FunctionName": "orders-canary",
      "Role": "arn:aws:iam::123456789012:role/orders-canary-lambda",
      "Code": {"ZipFile": "UEsDBAD/"}, "Runtime": "python3.12", "Handler": "canary.handler",
      "Description": "Writes a canary item and reads it back in the other region",
      "Timeout": 10, "MemorySize": 128, "Publish": true,
      "Environment": {"Variables": {"TABLE": "orders"}},
      "Tags": {"stack": "orders-dr"}, "Architectures": ["x86_64"]})"));

  EXPECT_EQ(r->FunctionName, "orders-canary");
  EXPECT_EQ(r->Version, "1");
  EXPECT_EQ(r->State, "Pending");
  EXPECT_EQ(r->StateReasonCode, "Creating");
  EXPECT_EQ(r->CodeSize, 145);
  EXPECT_EQ(r->Environment->Variables.at("TABLE"), "orders");
  EXPECT_EQ(to_json(*r)["StateReason"], "The function is being created.");
}

TEST_F(LambdaClientTest, DeleteFunctionSendsTheQualifierAndReturnsTheStatus) {
  transport_->respond("", 204, {});
  auto r = lambda_.DeleteFunction("us-west-2", {.FunctionName = "orders-canary", .Qualifier = "1"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "DELETE");
  EXPECT_EQ(sent().path, "/2015-03-31/functions/orders-canary");
  EXPECT_EQ(sent().query, "Qualifier=1");
  EXPECT_EQ(r->StatusCode, 204);
  EXPECT_EQ(to_json(*r), json({{"StatusCode", 204}}));
}

TEST_F(LambdaClientTest, ListFunctionsAllFollowsNextMarkerOverThreePages) {
  respond_sample("ListFunctions.json");
  respond_json(
      R"({"NextMarker": "marker-3", "Functions": [{"FunctionName": "payments-failover"}]})");
  respond_json(R"({"Functions": [{"FunctionName": "sessions-canary"}]})");
  auto all = lambda_.ListFunctionsAll("us-west-2", {.MaxItems = 2});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[1].FunctionName, "orders-canary");
  EXPECT_EQ((*all)[1].State, "Pending");
  EXPECT_EQ((*all)[1].StateReason, "The function is being created.");
  EXPECT_EQ((*all)[3].FunctionName, "sessions-canary");
  ASSERT_EQ(transport_->requests().size(), 3u);
  EXPECT_EQ(sent(0).method, "GET");
  EXPECT_EQ(sent(0).path, "/2015-03-31/functions");
  EXPECT_EQ(sent(0).query, "MaxItems=2");
  EXPECT_EQ(sent(1).query, "Marker=bWFya2VyLTI%3D&MaxItems=2");
  EXPECT_EQ(sent(2).query, "Marker=marker-3&MaxItems=2");
}

TEST_F(LambdaClientTest, ListFunctionsAllStopsOnARepeatedMarker) {
  respond_json(R"({"NextMarker": "m", "Functions": []})");
  respond_json(R"({"NextMarker": "m", "Functions": []})");
  auto all = lambda_.ListFunctionsAll("us-west-2");
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, "RepeatedPageToken");
  EXPECT_NE(all.error().message.find("NextMarker m"), std::string::npos);
}

TEST_F(LambdaClientTest, RequiredMembersAreCheckedBeforeSending) {
  EXPECT_EQ(lambda_.GetFunction("us-west-2", {}).error().kind, ErrorKind::kInvalidInput);
  EXPECT_FALSE(lambda_.Invoke("us-west-2", {}).ok());
  EXPECT_FALSE(lambda_.DeleteFunction("us-west-2", {}).ok());
  auto no_role = lambda_.CreateFunction("us-west-2", {.FunctionName = "f"});
  EXPECT_NE(no_role.error().message.find("Role"), std::string::npos);
  auto no_code = lambda_.CreateFunction("us-west-2", {.FunctionName = "f", .Role = "r"});
  EXPECT_NE(no_code.error().message.find("Code"), std::string::npos);
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(LambdaClientTest, WrongTypesAreDecodeErrorsNamingTheMember) {
  respond_json(R"({"Configuration": {"FunctionName": "f", "Timeout": "long"}})");
  auto r = lambda_.GetFunction("us-west-2", {.FunctionName = "f"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kDecode);
  EXPECT_NE(r.error().message.find("Configuration.Timeout"), std::string::npos)
      << r.error().message;
  respond_json(R"({"Code": {}})");
  auto no_config = lambda_.GetFunction("us-west-2", {.FunctionName = "f"});
  ASSERT_FALSE(no_config.ok());
  EXPECT_NE(no_config.error().message.find("Configuration: missing"), std::string::npos);
}

}  // namespace
}  // namespace drh::aws
