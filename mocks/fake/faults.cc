#include "faults.h"

#include <algorithm>
#include <array>
#include <utility>

namespace drh::fake {

namespace {

constexpr std::array<std::pair<FaultKind, std::string_view>, 5> kKindNames{{
    {FaultKind::kRegionOutage, "region-outage"},
    {FaultKind::kPartition, "partition"},
    {FaultKind::kReplicationPause, "replication-pause"},
    {FaultKind::kApiError, "api-error"},
    {FaultKind::kLatency, "latency"},
}};

bool in_force(const Fault& f, TimePoint now) {
  return f.start <= now && (!f.until || now < *f.until);
}

// An empty filter field matches anything.
bool matches(std::string_view filter, std::string_view value) {
  return filter.empty() || filter == value;
}

bool is_pair(const Fault& f, std::string_view a, std::string_view b) {
  return (f.region == a && matches(f.peer_region, b)) ||
         (f.region == b && matches(f.peer_region, a));
}

}  // namespace

std::string_view to_string(FaultKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<FaultKind> fault_kind_from(std::string_view text) {
  for (const auto& [k, name] : kKindNames) {
    if (name == text) return k;
  }
  return std::nullopt;
}

std::string FaultBook::add(Fault fault) {
  fault.id = "fault-" + std::to_string(next_id_++);
  faults_.push_back(std::move(fault));
  return faults_.back().id;
}

bool FaultBook::remove(std::string_view id) {
  auto it = std::find_if(faults_.begin(), faults_.end(), [&](const Fault& f) { return f.id == id; });
  if (it == faults_.end()) return false;
  faults_.erase(it);
  return true;
}

void FaultBook::clear() { faults_.clear(); }

std::vector<Fault> FaultBook::active(TimePoint now) const {
  std::vector<Fault> out;
  for (const auto& f : faults_) {
    if (in_force(f, now)) out.push_back(f);
  }
  return out;
}

bool FaultBook::region_down(std::string_view region, TimePoint now) const {
  return std::any_of(faults_.begin(), faults_.end(), [&](const Fault& f) {
    return f.kind == FaultKind::kRegionOutage && f.region == region && in_force(f, now);
  });
}

bool FaultBook::reachable(std::string_view a, std::string_view b, TimePoint now) const {
  if (region_down(a, now) || region_down(b, now)) return false;
  return std::none_of(faults_.begin(), faults_.end(), [&](const Fault& f) {
    return f.kind == FaultKind::kPartition && in_force(f, now) && is_pair(f, a, b);
  });
}

bool FaultBook::replication_allowed(std::string_view service, std::string_view from,
                                    std::string_view to, TimePoint now) const {
  if (!reachable(from, to, now)) return false;
  return std::none_of(faults_.begin(), faults_.end(), [&](const Fault& f) {
    return f.kind == FaultKind::kReplicationPause && in_force(f, now) &&
           matches(f.service, service) && matches(f.region, from) && matches(f.peer_region, to);
  });
}

std::vector<const Fault*> FaultBook::api_errors(std::string_view service,
                                                std::string_view operation,
                                                std::string_view region, TimePoint now) const {
  std::vector<const Fault*> out;
  for (const auto& f : faults_) {
    if (f.kind == FaultKind::kApiError && in_force(f, now) && matches(f.service, service) &&
        matches(f.operation, operation) && matches(f.region, region)) {
      out.push_back(&f);
    }
  }
  return out;
}

Duration FaultBook::added_latency(std::string_view service, std::string_view operation,
                                  std::string_view region, TimePoint now) const {
  Duration total{};
  for (const auto& f : faults_) {
    if (f.kind == FaultKind::kLatency && in_force(f, now) && matches(f.service, service) &&
        matches(f.operation, operation) && matches(f.region, region)) {
      total += f.latency;
    }
  }
  return total;
}

}  // namespace drh::fake
