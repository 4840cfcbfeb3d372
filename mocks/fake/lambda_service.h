// Internal to the fake: Lambda (rest-json, API 2015-03-31).
//
// State per region: functions by name, each with its configuration, tags, published
// version numbers and a record of every invocation. A new function is Pending until
// kFunctionActivationDelay has passed on the core clock, then Active (invoking it while
// Pending is the 409 AWS answers). The fake does not run deployment packages: what a
// function does is chosen by its Handler among the built-in handlers below; any other
// handler fails the invocation the way a missing handler does on AWS
// (FunctionError "Unhandled", errorType "Runtime.HandlerNotFound").
//
//   drh.health  {"statusCode": 200, "region": "<region>", "healthy": true}; the health
//               probe (set_health_probe) decides "healthy", 503 when it says no
//   drh.echo    answers the request payload as it came ("null" for an empty one)
//   drh.fail    fails: FunctionError "Unhandled", {"errorMessage": <payload's
//               "message", or a default>, "errorType": "Error", "stackTrace": []}
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "drh/core/virtual_clock.h"
#include "service.h"

namespace drh::fake {

/// How long a new function stays Pending (botocore's FunctionActiveV2 polls every second).
inline constexpr std::chrono::seconds kFunctionActivationDelay{2};

namespace lambda {

struct Invocation {
  std::string request_id;
  std::string version;          ///< "$LATEST" or a published version
  std::string invocation_type;  ///< RequestResponse | Event | DryRun
  std::string payload;
  std::string response;
  std::string function_error;  ///< "" or "Unhandled"
  TimePoint at{};
};

struct Function {
  std::string name;
  std::string arn;  ///< unqualified
  std::string runtime;
  std::string role;
  std::string handler;
  std::string description;
  std::string package_type = "Zip";
  std::string image_uri;
  int timeout = 3;
  int memory = 128;
  int ephemeral_storage = 512;
  bool has_environment = false;
  std::map<std::string, std::string> environment;
  std::vector<std::string> architectures = {"x86_64"};
  std::string code_sha256;
  std::int64_t code_size = 0;
  std::string code_location;  ///< "s3://bucket/key" when the code came from S3
  std::map<std::string, std::string> tags;
  /// Members echoed back as given (VpcConfig, DeadLetterConfig, TracingConfig, KMSKeyArn,
  /// Layers, LoggingConfig, ...), already in their response form.
  nlohmann::json extra = nlohmann::json::object();
  std::string state = "Pending";
  std::string revision_id;
  TimePoint last_modified{};
  std::set<int> versions;  ///< published version numbers
  int last_version = 0;
  TimePoint due{};  ///< when Pending turns Active
  VirtualClock::TaskId task = 0;
  std::vector<Invocation> invocations;
};

}  // namespace lambda

class LambdaService final : public Service {
 public:
  explicit LambdaService(FakeCloud::Core& core) : core_(core) {}
  ~LambdaService() override;

  std::string_view id() const override { return "lambda"; }
  Protocol protocol() const override { return Protocol::kRestJson; }
  HttpResponse handle(Call& call) override;
  void save(nlohmann::json& out) const override;
  void load(const nlohmann::json& in) override;
  void reset() override;

  /// The function `name` in `region`, or nullptr (call with the world lock held).
  const lambda::Function* find_function(std::string_view region, std::string_view name) const;

  /// Decides what drh.health reports for a region; healthy everywhere by default. The DR
  /// dynamics set it so health probes see their region's real state.
  void set_health_probe(std::function<bool(std::string_view region)> probe) {
    health_probe_ = std::move(probe);
  }

  /// An asynchronous invocation by the fake's own services (CloudWatch alarm actions):
  /// "" when it was accepted, else why not.
  std::string invoke_internal(std::string_view region, std::string_view function_arn,
                              const std::string& payload);

 private:
  using json = nlohmann::json;
  HttpResponse create_function(Call& call);
  HttpResponse list_functions(Call& call);
  HttpResponse get_function(Call& call, const std::string& name, bool configuration_only);
  HttpResponse delete_function(Call& call, const std::string& name);
  HttpResponse invoke(Call& call, const std::string& name);
  HttpResponse list_tags(Call& call, const std::string& arn);
  HttpResponse tag_resource(Call& call, const std::string& arn);
  HttpResponse untag_resource(Call& call, const std::string& arn);

  /// The function a path names (name, partial or full ARN, optional ":qualifier"), with
  /// the Qualifier query parameter; ResourceNotFoundException when it does not exist.
  /// `qualified` (when given) tells whether a qualifier was named at all.
  lambda::Function& resolve(const Call& call, const std::string& name, std::string& version,
                            bool* qualified = nullptr);
  lambda::Function& by_arn(const Call& call, const std::string& arn);
  json configuration(std::string_view region, const lambda::Function& f,
                     const std::string& version) const;
  /// Runs the built-in handler: the response payload and the FunctionError ("" when it
  /// succeeded), with the log lines it wrote.
  std::pair<std::string, std::string> run(std::string_view region, const lambda::Function& f,
                                          const std::string& payload, std::string& log) const;
  void schedule_activation(std::string_view region, lambda::Function& f);
  void cancel_tasks();

  FakeCloud::Core& core_;
  std::map<std::string, std::map<std::string, lambda::Function, std::less<>>, std::less<>> regions_;
  std::function<bool(std::string_view)> health_probe_;
};

}  // namespace drh::fake
