// AWS Lambda (rest-json, API 2015-03-31): the functions of a DR stack (failover
// orchestration, canaries, health probes), their configuration, and invoking them.
//
// LambdaApi has one virtual method per operation (GoogleMock stands in for it: see
// mocks/aws/mock_lambda.h); LambdaClient implements it over an AwsConnection. Every call
// takes the region it is made in. Requests and results carry botocore's member names; an
// optional scalar is std::optional, and an empty string, list or map means "not sent" in a
// request and "absent" in a result. Every member has a default initializer, so designated
// initializers may name just the members they set. Payloads and zip files are raw bytes in
// std::string.
//
//   LambdaClient lambda(connection);
//   auto out = lambda.Invoke("us-west-2", {.FunctionName = "orders-failover",
//                                          .LogType = "Tail", .Payload = R"({"drill":true})"});
//   if (out && !out->FunctionError.empty()) { ... out->LogResult has the log tail ... }
//
// Paging: ListFunctionsAll follows NextMarker. Waiters follow botocore's lambda
// waiters-2.json (FunctionExists, FunctionActiveV2, FunctionUpdatedV2).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drh/aws/waiter.h"
#include "drh/client/connection.h"
#include "drh/core/clock.h"
#include "drh/core/result.h"

namespace drh::aws {

// ------------------------------------------------------------------ shapes

struct EnvironmentError {
  std::string ErrorCode{};
  std::string Message{};
};

/// A function's environment as Lambda reports it.
struct EnvironmentResponse {
  std::map<std::string, std::string> Variables{};
  std::optional<EnvironmentError> Error{};
};

struct VpcConfigResponse {
  std::vector<std::string> SubnetIds{};
  std::vector<std::string> SecurityGroupIds{};
  std::string VpcId{};
};

struct DeadLetterConfig {
  std::string TargetArn{};
};

struct TracingConfigResponse {
  std::string Mode{};  ///< Active | PassThrough
};

struct FunctionConfiguration {
  std::string FunctionName{};
  std::string FunctionArn{};
  std::string Runtime{};
  std::string Role{};
  std::string Handler{};
  std::optional<std::int64_t> CodeSize{};
  std::string Description{};
  std::optional<int> Timeout{};
  std::optional<int> MemorySize{};
  std::string LastModified{};  ///< as Lambda writes it: "2024-05-01T12:00:00.000+0000"
  std::string CodeSha256{};
  std::string Version{};
  std::optional<VpcConfigResponse> VpcConfig{};
  std::optional<aws::DeadLetterConfig> DeadLetterConfig{};
  std::optional<EnvironmentResponse> Environment{};
  std::string KMSKeyArn{};
  std::optional<TracingConfigResponse> TracingConfig{};
  std::string MasterArn{};
  std::string RevisionId{};
  /// Pending | Active | Inactive | Failed | Deactivating | Deactivated | ...
  std::string State{};
  std::string StateReason{};
  std::string StateReasonCode{};
  std::string LastUpdateStatus{};  ///< Successful | Failed | InProgress
  std::string LastUpdateStatusReason{};
  std::string LastUpdateStatusReasonCode{};
  std::string PackageType{};  ///< Zip | Image
  std::vector<std::string> Architectures{};
};

struct FunctionCodeLocation {
  std::string RepositoryType{};
  std::string Location{};  ///< presigned URL of the deployment package
  std::string ImageUri{};
  std::string ResolvedImageUri{};
};

struct Concurrency {
  std::optional<int> ReservedConcurrentExecutions{};
};

/// CreateFunction's Code: a zip (raw bytes, base64-encoded on the wire), an S3 object or
/// a container image.
struct FunctionCode {
  std::string ZipFile{};
  std::string S3Bucket{};
  std::string S3Key{};
  std::string S3ObjectVersion{};
  std::string ImageUri{};
};

struct Environment {
  std::map<std::string, std::string> Variables{};
};

// ------------------------------------------------------------------ requests and results

struct GetFunctionRequest {
  std::string FunctionName{};  ///< name, ARN or partial ARN
  std::string Qualifier{};     ///< version or alias
};
struct GetFunctionResult {
  FunctionConfiguration Configuration{};
  std::optional<FunctionCodeLocation> Code{};
  std::map<std::string, std::string> Tags{};
  std::optional<aws::Concurrency> Concurrency{};
};

struct ListFunctionsRequest {
  std::string MasterRegion{};
  std::string FunctionVersion{};  ///< ALL: every published version too
  std::string Marker{};
  std::optional<int> MaxItems{};  ///< 1-50
};
struct ListFunctionsResult {
  std::vector<FunctionConfiguration> Functions{};
  std::string NextMarker{};  ///< empty on the last page
};

struct InvokeRequest {
  std::string FunctionName{};
  std::string InvocationType{};  ///< RequestResponse (default) | Event | DryRun
  std::string LogType{};         ///< None | Tail (last 4 KB of the log in LogResult)
  std::string ClientContext{};   ///< base64 JSON, sent as is
  std::string Payload{};         ///< the event, usually JSON text
  std::string Qualifier{};
};
struct InvokeResult {
  int StatusCode = 0;  ///< 200 RequestResponse, 202 Event, 204 DryRun
  /// "Unhandled" or "Handled" when the function failed (the call itself succeeded; Payload
  /// then holds the error document); empty on success.
  std::string FunctionError{};
  /// The log tail, already decoded from the base64 of X-Amz-Log-Result (LogType Tail).
  std::string LogResult{};
  std::string Payload{};
  std::string ExecutedVersion{};
};

struct CreateFunctionRequest {
  std::string FunctionName{};
  std::string Runtime{};  ///< python3.12, nodejs20.x, ... (not for images)
  std::string Role{};
  std::string Handler{};
  FunctionCode Code{};
  std::string Description{};
  std::optional<int> Timeout{};
  std::optional<int> MemorySize{};
  std::optional<bool> Publish{};
  std::string PackageType{};  ///< Zip (default) | Image
  std::optional<aws::Environment> Environment{};
  std::map<std::string, std::string> Tags{};
  std::vector<std::string> Architectures{};  ///< x86_64 | arm64
};
/// CreateFunction answers with the new function's configuration, member for member.
struct CreateFunctionResult : FunctionConfiguration {};

struct DeleteFunctionRequest {
  std::string FunctionName{};
  std::string Qualifier{};
};
struct DeleteFunctionResult {
  int StatusCode = 0;  ///< 204
};

// ------------------------------------------------------------------ the API

/// The Lambda operations drharness calls. Errors are kAws with Lambda's codes:
/// ResourceNotFoundException (no such function), ResourceConflictException,
/// InvalidParameterValueException, AccessDeniedException; throttling
/// (TooManyRequestsException) is retried by the connection. A function that fails while
/// invoked is not an error: see InvokeResult::FunctionError. Requests missing a required
/// member fail with kInvalidInput before anything is sent.
class LambdaApi {
 public:
  virtual ~LambdaApi() = default;

  virtual Result<GetFunctionResult> GetFunction(std::string_view region,
                                                const GetFunctionRequest& request) = 0;
  virtual Result<ListFunctionsResult> ListFunctions(std::string_view region,
                                                    const ListFunctionsRequest& request) = 0;
  virtual Result<InvokeResult> Invoke(std::string_view region, const InvokeRequest& request) = 0;
  virtual Result<CreateFunctionResult> CreateFunction(std::string_view region,
                                                      const CreateFunctionRequest& request) = 0;
  virtual Result<DeleteFunctionResult> DeleteFunction(std::string_view region,
                                                      const DeleteFunctionRequest& request) = 0;

  /// All pages: ListFunctions from `request.Marker` (usually empty) following NextMarker
  /// until a page comes back without one. A service that hands back a marker it already
  /// gave is a kDecode "RepeatedPageToken" error naming it (never an endless loop); any
  /// page's error is returned as is.
  Result<std::vector<FunctionConfiguration>> ListFunctionsAll(std::string_view region,
                                                              ListFunctionsRequest request = {});
};

class LambdaClient final : public LambdaApi {
 public:
  explicit LambdaClient(AwsConnection& connection) : connection_(connection) {}

  Result<GetFunctionResult> GetFunction(std::string_view region,
                                        const GetFunctionRequest& request) override;
  Result<ListFunctionsResult> ListFunctions(std::string_view region,
                                            const ListFunctionsRequest& request) override;
  Result<InvokeResult> Invoke(std::string_view region, const InvokeRequest& request) override;
  Result<CreateFunctionResult> CreateFunction(std::string_view region,
                                              const CreateFunctionRequest& request) override;
  Result<DeleteFunctionResult> DeleteFunction(std::string_view region,
                                              const DeleteFunctionRequest& request) override;

 private:
  AwsConnection& connection_;
};

// ------------------------------------------------------------------ waiters

/// botocore FunctionExists polls every second, 20 times.
inline constexpr WaitOptions kFunctionExistsWait{std::chrono::seconds(1), std::chrono::seconds(20)};
/// botocore FunctionActiveV2 / FunctionUpdatedV2 poll every second, 300 times.
inline constexpr WaitOptions kFunctionStateWait{std::chrono::seconds(1), std::chrono::seconds(300)};

/// botocore FunctionExists: GetFunction succeeds; ResourceNotFoundException means "not
/// yet". Any other error stops the wait.
Status WaitUntilFunctionExists(LambdaApi& api, Clock& clock, std::string_view region,
                               std::string_view function_name,
                               WaitOptions options = kFunctionExistsWait);

/// botocore FunctionActiveV2: Configuration.State Active is done, Failed fails (with the
/// StateReason), Pending and anything else is "not yet".
Status WaitUntilFunctionActive(LambdaApi& api, Clock& clock, std::string_view region,
                               std::string_view function_name,
                               WaitOptions options = kFunctionStateWait);

/// botocore FunctionUpdatedV2: Configuration.LastUpdateStatus Successful is done, Failed
/// fails (with LastUpdateStatusReason), InProgress is "not yet".
Status WaitUntilFunctionUpdated(LambdaApi& api, Clock& clock, std::string_view region,
                                std::string_view function_name,
                                WaitOptions options = kFunctionStateWait);

}  // namespace drh::aws
