#include "faults.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <utility>

#include "service.h"
#include "state_codec.h"

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

void FaultBook::reset() {
  faults_.clear();
  next_id_ = 1;
}

void FaultBook::record_hit(std::string_view id) {
  for (auto& f : faults_) {
    if (f.id == id) ++f.hits;
  }
}

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

std::vector<const Fault*> FaultBook::latency_faults(std::string_view service,
                                                    std::string_view operation,
                                                    std::string_view region, TimePoint now) const {
  std::vector<const Fault*> out;
  for (const auto& f : faults_) {
    if (f.kind == FaultKind::kLatency && in_force(f, now) && matches(f.service, service) &&
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

namespace {


}  // namespace

void FaultBook::save(nlohmann::json& out) const {
  out["next_id"] = next_id_;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& f : faults_) {
    nlohmann::json j{{"id", f.id},
                     {"kind", to_string(f.kind)},
                     {"region", f.region},
                     {"peer_region", f.peer_region},
                     {"service", f.service},
                     {"operation", f.operation},
                     {"probability", f.probability},
                     {"status", f.status},
                     {"code", f.code},
                     {"message", f.message},
                     {"latency_ns", f.latency.count()},
                     {"start_ns", to_ns(f.start)},
                     {"hits", f.hits}};
    j["until_ns"] = f.until ? nlohmann::json(to_ns(*f.until)) : nlohmann::json();
    list.push_back(std::move(j));
  }
  out["faults"] = std::move(list);
}

void FaultBook::load(const nlohmann::json& in) {
  auto bad = [](const std::string& why) { fail(400, "InvalidState", "faults: " + why); };
  reset();
  if (!in.is_object()) bad("expected an object");
  if (in.contains("next_id")) next_id_ = in.at("next_id").get<std::uint64_t>();
  if (!in.contains("faults")) return;
  const nlohmann::json& list = in.at("faults");
  if (!list.is_array()) bad("\"faults\" must be a list");
  for (const auto& j : list) {
    Fault f;
    f.id = j.at("id").get<std::string>();
    auto kind = fault_kind_from(j.at("kind").get<std::string>());
    if (!kind) bad("fault " + f.id + " has unknown kind " + j.at("kind").dump());
    f.kind = *kind;
    f.region = j.value("region", "");
    f.peer_region = j.value("peer_region", "");
    f.service = j.value("service", "");
    f.operation = j.value("operation", "");
    f.probability = j.value("probability", 1.0);
    f.status = j.value("status", 500);
    f.code = j.value("code", "");
    f.message = j.value("message", "");
    f.latency = Duration(j.value("latency_ns", 0LL));
    f.start = from_ns(j.at("start_ns").get<long long>());
    if (j.contains("until_ns") && !j.at("until_ns").is_null()) {
      f.until = from_ns(j.at("until_ns").get<long long>());
    }
    f.hits = j.value("hits", std::uint64_t{0});
    faults_.push_back(std::move(f));
  }
}

}  // namespace drh::fake
