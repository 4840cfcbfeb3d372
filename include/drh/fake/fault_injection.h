// Fault injection into the fake cloud, from C++ (and, through the same JSON, from
// `drh serve`'s POST /_drh/faults).
//
// A fault breaks part of the fake world for a while: a whole region ("region-outage"),
// the link between two regions ("partition"), one service's cross-region replication
// ("replication-pause"), some API calls ("api-error", with a probability and an AWS
// error) or their speed ("latency"). Each has an optional duration on the fake's virtual
// clock and ends exactly when it runs out. docs/fake-model.md ("Faults") describes what
// each kind does to each service.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drh/core/clock.h"
#include "drh/core/result.h"

namespace drh::fake {

class FakeCloud;

/// What to break. Empty filter fields match anything.
struct FaultSpec {
  /// "region-outage" | "partition" | "replication-pause" | "api-error" | "latency".
  std::string kind{};
  /// region-outage, partition: required. api-error, latency: calls to this region only
  /// (global services such as Route 53 never match a region). replication-pause: the
  /// source region.
  std::string region{};
  /// partition: required, the other side. replication-pause: the destination region.
  std::string peer_region{};
  /// api-error, latency: the fake's service id ("dynamodb", "rds", "s3", ...).
  /// replication-pause: "rds", "dynamodb" or "s3" (empty: all three).
  std::string service{};
  /// api-error, latency: the API operation, e.g. "PutItem", "GetObject".
  std::string operation{};
  /// api-error: share of matching calls that fail, 0..1.
  double probability = 1.0;
  /// api-error: HTTP status, 400..599. Unset: 400 for a throttling code, 503 for
  /// ServiceUnavailable, else 500.
  std::optional<int> status{};
  /// api-error: AWS error code. Empty: ServiceUnavailable for 503, ThrottlingException
  /// for 400/429, else InternalFailure.
  std::string code{};
  /// api-error: error message (empty: the message AWS writes for that code).
  std::string message{};
  /// latency: how much longer each matching call takes (> 0).
  Duration latency{};
  /// How long the fault lasts from injection; unset: until removed.
  std::optional<Duration> duration{};
};

/// A fault in the book.
struct InjectedFault {
  std::string id{};
  FaultSpec spec{};
  TimePoint start{};
  std::optional<TimePoint> until{};
  std::uint64_t hits = 0;  ///< calls it failed or delayed so far
};

/// Checks `spec` and adds it to `cloud`, starting now on its clock. Returns the fault's id
/// ("fault-N"), or kInvalidInput naming the field when the spec is wrong (unknown kind,
/// missing region, unknown region, probability outside 0..1, status outside 400..599,
/// fields that do not apply to the kind, ...).
Result<std::string> inject(FakeCloud& cloud, const FaultSpec& spec);
/// The faults in force now, in injection order.
std::vector<InjectedFault> list_faults(FakeCloud& cloud);
/// Removes one fault (active or expired); false when no fault has that id.
bool remove_fault(FakeCloud& cloud, std::string_view id);
/// Removes every fault (FakeCloud::reset() does too).
void clear_faults(FakeCloud& cloud);

/// The spec from the admin endpoint's JSON, e.g. {"kind": "api-error", "service":
/// "dynamodb", "operation": "PutItem", "region": "us-east-1", "probability": 0.5,
/// "code": "ThrottlingException", "status": 400, "duration_seconds": 60}; latency is
/// "latency_ms". Unknown fields and wrong types are kInvalidInput naming the field.
Result<FaultSpec> fault_from_json(const nlohmann::json& json);
/// The spec as that JSON (only the fields that are set).
nlohmann::json fault_to_json(const FaultSpec& spec);
/// One injected fault as GET /_drh/faults lists it: the spec's fields plus "id",
/// "start", "until", "remaining_seconds" (null without a duration) and "hits".
nlohmann::json fault_to_json(const InjectedFault& fault, TimePoint now);

/// POST /_drh/faults: one fault object or a list of them, all checked before any is
/// injected. Returns the ids in order; kInvalidInput naming the field (and the index in
/// a list, "faults[1].probability") when any is wrong.
Result<std::vector<std::string>> inject_json(FakeCloud& cloud, std::string_view body);

}  // namespace drh::fake
