// Internal to the fake: how a service plugs into FakeCloud.
//
// Inside the fake, a handler that meets a bad or impossible request throws ApiError;
// FakeCloud::handle catches it and writes the error response in the service's protocol.
// Nothing is thrown out of FakeCloud.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drh/core/http.h"
#include "drh/fake/fake_cloud.h"
#include "drh/protocol/errors.h"
#include "faults.h"

namespace drh::fake {

/// An AWS error the fake answers with.
struct ApiError {
  int status = 400;
  std::string code;
  std::string message;
  bool sender = true;  ///< query protocols: <Type>Sender</Type> vs Receiver
};

[[noreturn]] void fail(int status, std::string code, std::string message);
/// 400 ValidationError / ValidationException (per `code`), for bad parameters.
[[noreturn]] void fail_validation(std::string message, std::string code = "ValidationError");

/// One incoming request, routed and parsed.
struct Call {
  const HttpRequest* http = nullptr;
  std::string service;    ///< drharness service id: "ec2", "rds", "cloudwatch", ...
  std::string region;
  std::string account;
  Protocol protocol = Protocol::kQuery;  ///< as this request speaks it (CloudWatch: json or query)
  std::string operation;  ///< Action (query/ec2) or X-Amz-Target suffix (json); "" for rest
  std::string request_id;
  std::string path;       ///< decoded path, without any query
  std::string host;       ///< Host, without port
  /// Decoded form body and query-string parameters (query/ec2), in order.
  std::vector<std::pair<std::string, std::string>> params;

  /// First value of a parameter.
  std::optional<std::string> param(std::string_view name) const;
  /// A required parameter: 400 MissingParameter naming it when absent.
  std::string required(std::string_view name) const;
  /// Values of a flattened list: "Name.member.N" / "Name.N" / "Name.<Item>.N" for
  /// N = 1, 2, ... (stops at the first gap).
  std::vector<std::string> list(std::string_view name, std::string_view member = "member") const;
  /// Parameters under "prefix." with the prefix removed (nested structures).
  std::vector<std::pair<std::string, std::string>> under(std::string_view prefix) const;
  /// Integer parameter; 400 naming it when not a number.
  std::optional<long long> integer(std::string_view name) const;
  std::optional<bool> boolean(std::string_view name) const;
  /// Request header.
  std::optional<std::string_view> header(std::string_view name) const;
  const std::string& body() const { return http->body; }
};

/// Deterministic identifiers, so one seed gives one world.
class IdGenerator {
 public:
  /// "<prefix>-" + `hex_digits` lower-case hex, e.g. next("vpc", 17) -> "vpc-0a1b...".
  std::string next(std::string_view prefix, int hex_digits = 17);
  /// Upper-case alphanumerics, e.g. Route 53 zone ids "Z1D633PJN98FT9".
  std::string upper(std::string_view prefix, int length);
  /// A UUID-shaped id (request ids, change ids).
  std::string uuid();
  std::uint64_t counter() const { return counter_; }
  void set_counter(std::uint64_t c) { counter_ = c; }

 private:
  std::uint64_t mix();
  std::uint64_t counter_ = 0;
};

class Service {
 public:
  virtual ~Service() = default;
  virtual std::string_view id() const = 0;
  /// The protocol errors are written in when the call's own protocol does not decide.
  virtual Protocol protocol() const = 0;
  /// Serves one call with the world lock held. May throw ApiError.
  virtual HttpResponse handle(Call& call) = 0;
  virtual void save(nlohmann::json& out) const = 0;
  /// Throws ApiError (400 InvalidState) naming the problem when `in` is malformed.
  virtual void load(const nlohmann::json& in) = 0;
  virtual void reset() = 0;
};

struct FakeCloud::Core {
  Core(VirtualClock& c, FakeOptions o) : clock(c), options(std::move(o)) {}
  VirtualClock& clock;
  FakeOptions options;
  /// Guards every service's state: one lock keeps cross-service effects atomic.
  mutable std::recursive_mutex mutex;
  std::map<std::string, std::unique_ptr<Service>, std::less<>> services;
  IdGenerator ids;
  /// Injected faults; services ask it before replicating, probing or answering.
  FaultBook faults;

  Service* find(std::string_view id) const;
  /// The service `id` as its concrete type (the fake's own services reach each other
  /// through this, e.g. alarms publishing to SNS).
  template <typename T>
  T& get(std::string_view id) const {
    return static_cast<T&>(*find(id));
  }
  bool region_exists(std::string_view region) const;
};

// One factory per service, each in its own folder file (services.cc lists them).
std::unique_ptr<Service> make_sts_service(FakeCloud::Core& core);
std::unique_ptr<Service> make_ec2_service(FakeCloud::Core& core);
std::unique_ptr<Service> make_rds_service(FakeCloud::Core& core);
std::unique_ptr<Service> make_route53_service(FakeCloud::Core& core);
std::unique_ptr<Service> make_dynamodb_service(FakeCloud::Core& core);
std::unique_ptr<Service> make_s3_service(FakeCloud::Core& core);
std::unique_ptr<Service> make_cloudwatch_service(FakeCloud::Core& core);
std::unique_ptr<Service> make_sns_service(FakeCloud::Core& core);
std::unique_ptr<Service> make_lambda_service(FakeCloud::Core& core);

}  // namespace drh::fake
