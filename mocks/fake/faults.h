// Internal to the fake: the faults a test world has injected, and the questions the
// services ask about them ("is this region down?", "may rds replicate from A to B now?").
//
// Every service consults this one book instead of keeping its own flags, so a fault
// injected once (from C++ or POST /_drh/faults) affects every service consistently.
// Faults expire on the virtual clock; a query at time t sees the faults active at t.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drh/core/clock.h"

namespace drh::fake {

enum class FaultKind {
  kRegionOutage,      ///< every API of `region` fails; its endpoints fail probes
  kPartition,         ///< `region` and `peer_region` cannot reach each other
  kReplicationPause,  ///< `service` stops replicating from `region` to `peer_region`
  kApiError,          ///< matching calls fail with `status`/`code` with `probability`
  kLatency,           ///< matching calls take `latency` longer (virtual time)
};

std::string_view to_string(FaultKind kind);
std::optional<FaultKind> fault_kind_from(std::string_view text);

struct Fault {
  std::string id;  ///< assigned by FaultBook::add ("fault-1", ...)
  FaultKind kind = FaultKind::kApiError;
  std::string region;       ///< "" = any region (api-error, latency)
  std::string peer_region;  ///< partition / replication-pause: the other side ("" = any)
  std::string service;      ///< "" = any service (api-error, latency, replication-pause)
  std::string operation;    ///< "" = any operation (api-error, latency)
  double probability = 1.0; ///< api-error: share of matching calls that fail
  int status = 500;         ///< api-error
  std::string code = "InternalFailure";
  std::string message;
  Duration latency{};                ///< latency
  TimePoint start{};                 ///< when it was injected
  std::optional<TimePoint> until{};  ///< end of its duration; none = until removed
  std::uint64_t hits = 0;            ///< calls it failed or delayed (api-error, latency)
};

class FaultBook {
 public:
  /// Adds `fault`, assigning its id; returns the id.
  std::string add(Fault fault);
  /// False when no fault has that id.
  bool remove(std::string_view id);
  /// Removes every fault; ids keep counting (a removed id never comes back).
  void clear();
  /// clear() and restart ids at "fault-1" (FakeCloud::reset()).
  void reset();
  /// Counts one call failed or delayed by fault `id`.
  void record_hit(std::string_view id);
  /// Faults in force at `now` (expired ones are kept out, not forgotten, until cleared).
  std::vector<Fault> active(TimePoint now) const;
  const std::vector<Fault>& all() const { return faults_; }

  /// Region outage in force for `region`.
  bool region_down(std::string_view region, TimePoint now) const;
  /// Whether `service` ("rds", "dynamodb", "s3") may carry data from `from` to `to` now:
  /// false during an outage of either region, a partition between them, or a
  /// replication pause matching the service and the pair (in that direction).
  bool replication_allowed(std::string_view service, std::string_view from, std::string_view to,
                           TimePoint now) const;
  /// Whether `a` and `b` can reach each other (no partition, neither region down).
  bool reachable(std::string_view a, std::string_view b, TimePoint now) const;
  /// The api-error faults matching a call, in injection order (the caller draws against
  /// each one's probability).
  std::vector<const Fault*> api_errors(std::string_view service, std::string_view operation,
                                       std::string_view region, TimePoint now) const;
  /// The latency faults matching a call, in injection order.
  std::vector<const Fault*> latency_faults(std::string_view service, std::string_view operation,
                                           std::string_view region, TimePoint now) const;
  /// Total latency the latency faults add to a call.
  Duration added_latency(std::string_view service, std::string_view operation,
                         std::string_view region, TimePoint now) const;

  /// The book as saved state, and back (load throws ApiError 400 InvalidState naming the
  /// problem when `in` is malformed).
  void save(nlohmann::json& out) const;
  void load(const nlohmann::json& in);

 private:
  std::vector<Fault> faults_;
  std::uint64_t next_id_ = 1;
};

}  // namespace drh::fake
