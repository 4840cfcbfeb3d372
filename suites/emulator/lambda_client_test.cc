// LambdaClient against moto_server: every operation, through the real connection
// (CurlTransport + SigV4 + retry).
//
// moto checks that a function's role exists in its IAM, so each test creates one with a
// raw Query call (drharness has no IAM client). moto runs functions in Docker: without a
// Docker daemon it still answers Invoke, with X-Amz-Function-Error "Handled" and the
// Docker error as the payload. Either outcome exercises the request and the decoding of
// the answer's headers; the Unhandled error with a log tail, which moto cannot produce, is
// covered by the wire-sample tests in suites/aws/. moto ignores ListFunctions' MaxItems,
// so ListFunctions paging is covered there too.
#include <gtest/gtest.h>

#include <algorithm>

#include "drh/aws/lambda.h"
#include "drh/protocol/query.h"
#include "moto_env.h"

namespace drh::aws {
namespace {

using drh::testing::moto_connection;
using drh::testing::unique_name;

constexpr std::string_view kRegion = "us-west-2";

// A zip holding index.py: "def handler(event, context):\n    return event\n".
const std::string kEchoZip(
    "\x50\x4b\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x21\x00\xb4\x08\x70\x69\x2e\x00"
    "\x00\x00\x2e\x00\x00\x00\x08\x00\x00\x00\x69\x6e\x64\x65\x78\x2e\x70\x79\x64\x65"
    "\x66\x20\x68\x61\x6e\x64\x6c\x65\x72\x28\x65\x76\x65\x6e\x74\x2c\x20\x63\x6f\x6e"
    "\x74\x65\x78\x74\x29\x3a\x0a\x20\x20\x20\x20\x72\x65\x74\x75\x72\x6e\x20\x65\x76"
    "\x65\x6e\x74\x0a\x50\x4b\x01\x02\x14\x03\x14\x00\x00\x00\x00\x00\x00\x00\x21\x00"
    "\xb4\x08\x70\x69\x2e\x00\x00\x00\x2e\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x00\x80\x01\x00\x00\x00\x00\x69\x6e\x64\x65\x78\x2e\x70\x79\x50\x4b"
    "\x05\x06\x00\x00\x00\x00\x01\x00\x01\x00\x36\x00\x00\x00\x54\x00\x00\x00\x00\x00",
    160);

// IAM as far as this test needs it: global, Query protocol, signed for us-east-1.
const ServiceInfo kIam{"iam", "iam", "iam", "query", "2010-05-08",
                       "",    "",    "IAM", true,    "us-east-1"};

constexpr std::string_view kTrustPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
    R"("Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";

class LambdaEmulator : public ::testing::Test {
 protected:
  void SetUp() override {
    DRH_REQUIRE_MOTO();
    connection_ = moto_connection();
    lambda_ = std::make_unique<LambdaClient>(*connection_);
    role_name_ = unique_name("drh-lambda-role");
    QueryParams params;
    params.add("RoleName", role_name_).add("AssumeRolePolicyDocument", kTrustPolicy);
    auto created = connection_->send(kIam, "us-east-1",
                                     build_query_request("CreateRole", kIam.api_version, params));
    ASSERT_TRUE(created.ok()) << created.error().describe();
    role_arn_ = "arn:aws:iam::123456789012:role/" + role_name_;
  }
  void TearDown() override {
    if (!lambda_) return;
    for (const std::string& f : functions_)
      (void)lambda_->DeleteFunction(kRegion, {.FunctionName = f});
    if (role_name_.empty()) return;
    QueryParams params;
    params.add("RoleName", role_name_);
    (void)connection_->send(kIam, "us-east-1",
                            build_query_request("DeleteRole", kIam.api_version, params));
  }

  CreateFunctionRequest echo_function(const std::string& name) {
    CreateFunctionRequest req;
    req.FunctionName = name;
    req.Runtime = "python3.12";
    req.Role = role_arn_;
    req.Handler = "index.handler";
    req.Code.ZipFile = kEchoZip;
    req.Description = "drharness echo";
    req.Timeout = 5;
    req.MemorySize = 128;
    req.Environment = Environment{{{"PRIMARY_REGION", "us-east-1"}}};
    req.Tags = {{"stack", "drh"}};
    return req;
  }

  std::unique_ptr<AwsConnection> connection_;
  std::unique_ptr<LambdaClient> lambda_;
  std::string role_name_;
  std::string role_arn_;
  std::vector<std::string> functions_;
  ManualClock clock_;
};

TEST_F(LambdaEmulator, FunctionLifecycleCreateGetListInvokeDelete) {
  const std::string name = unique_name("drh-echo");
  auto created = lambda_->CreateFunction(kRegion, echo_function(name));
  ASSERT_TRUE(created.ok()) << created.error().describe();
  functions_.push_back(name);
  EXPECT_EQ(created->FunctionName, name);
  EXPECT_EQ(created->FunctionArn, "arn:aws:lambda:us-west-2:123456789012:function:" + name);
  EXPECT_EQ(created->Runtime, "python3.12");
  EXPECT_EQ(created->Handler, "index.handler");
  EXPECT_EQ(created->Role, role_arn_);
  EXPECT_EQ(created->CodeSize, static_cast<std::int64_t>(kEchoZip.size()));
  EXPECT_FALSE(created->CodeSha256.empty());
  EXPECT_EQ(created->Timeout, 5);
  EXPECT_EQ(created->MemorySize, 128);

  Status exists = WaitUntilFunctionExists(*lambda_, clock_, kRegion, name);
  ASSERT_TRUE(exists.ok()) << exists.error().describe();
  Status active = WaitUntilFunctionActive(*lambda_, clock_, kRegion, name);
  ASSERT_TRUE(active.ok()) << active.error().describe();
  Status updated = WaitUntilFunctionUpdated(*lambda_, clock_, kRegion, name);
  ASSERT_TRUE(updated.ok()) << updated.error().describe();

  auto got = lambda_->GetFunction(kRegion, {.FunctionName = created->FunctionArn});
  ASSERT_TRUE(got.ok()) << got.error().describe();
  const FunctionConfiguration& c = got->Configuration;
  EXPECT_EQ(c.FunctionName, name);
  EXPECT_EQ(c.State, "Active");
  EXPECT_EQ(c.Description, "drharness echo");
  ASSERT_TRUE(c.Environment.has_value());
  EXPECT_EQ(c.Environment->Variables.at("PRIMARY_REGION"), "us-east-1");
  EXPECT_EQ(c.Version, "$LATEST");
  EXPECT_FALSE(c.LastModified.empty());
  ASSERT_TRUE(got->Code.has_value());
  EXPECT_FALSE(got->Code->Location.empty());

  auto all = lambda_->ListFunctionsAll(kRegion, {.MaxItems = 1});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_NE(std::find_if(all->begin(), all->end(),
                         [&](const FunctionConfiguration& f) { return f.FunctionName == name; }),
            all->end());

  const std::string event = R"({"drill":"d-1"})";
  auto invoked = lambda_->Invoke(kRegion, {.FunctionName = name,
                                           .InvocationType = "RequestResponse",
                                           .LogType = "Tail",
                                           .Payload = event});
  ASSERT_TRUE(invoked.ok()) << invoked.error().describe();
  EXPECT_EQ(invoked->StatusCode, 200);
  if (invoked->FunctionError.empty()) {
    EXPECT_EQ(invoked->Payload, event);  // a Docker daemon ran the echo handler
  } else {
    EXPECT_EQ(invoked->FunctionError, "Handled");  // no Docker: moto reports why
    EXPECT_FALSE(invoked->Payload.empty());
  }

  auto deleted = lambda_->DeleteFunction(kRegion, {.FunctionName = name});
  ASSERT_TRUE(deleted.ok()) << deleted.error().describe();
  EXPECT_EQ(deleted->StatusCode, 204);
  auto gone = lambda_->GetFunction(kRegion, {.FunctionName = name});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "ResourceNotFoundException");
  EXPECT_EQ(gone.error().http_status, 404);
  auto delete_again = lambda_->DeleteFunction(kRegion, {.FunctionName = name});
  ASSERT_FALSE(delete_again.ok());
  EXPECT_EQ(delete_again.error().code, "ResourceNotFoundException");
}

TEST_F(LambdaEmulator, MissingFunctionIsResourceNotFound) {
  const std::string name = unique_name("drh-none");
  auto invoked = lambda_->Invoke(kRegion, {.FunctionName = name, .Payload = "{}"});
  ASSERT_FALSE(invoked.ok());
  EXPECT_EQ(invoked.error().kind, ErrorKind::kAws);
  EXPECT_EQ(invoked.error().code, "ResourceNotFoundException");
  EXPECT_NE(invoked.error().message.find(name), std::string::npos);
  Status exists = WaitUntilFunctionExists(*lambda_, clock_, kRegion, name,
                                          {std::chrono::seconds(1), std::chrono::seconds(2)});
  ASSERT_FALSE(exists.ok());
  EXPECT_EQ(exists.error().code, "WaiterTimeout");
}

TEST_F(LambdaEmulator, CreateFunctionWithAnUnknownRoleIsRejected) {
  CreateFunctionRequest req = echo_function(unique_name("drh-norole"));
  req.Role = "arn:aws:iam::123456789012:role/" + unique_name("drh-missing-role");
  auto r = lambda_->CreateFunction(kRegion, req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "InvalidParameterValueException");
}

}  // namespace
}  // namespace drh::aws
