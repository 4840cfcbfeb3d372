// Internal to the fake: how services write times, tags and due times into the saved
// state (FakeCloud::save_state) and read them back. One definition, so every service's
// state file encodes them alike.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "drh/core/clock.h"

namespace drh::fake {

/// Milliseconds since the epoch: enough for what AWS reports to the second.
inline long long to_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline TimePoint from_ms(long long ms) { return TimePoint{} + std::chrono::milliseconds(ms); }

/// Nanoseconds since the epoch: for scheduled work that must resume at its exact instant.
inline long long to_ns(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}
inline TimePoint from_ns(long long ns) {
  return TimePoint{} + std::chrono::duration_cast<TimePoint::duration>(std::chrono::nanoseconds(ns));
}

/// Resource tags as [[key, value], ...] (order kept, as AWS lists them).
using StateTags = std::vector<std::pair<std::string, std::string>>;
inline nlohmann::json tags_json(const StateTags& tags) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [k, v] : tags) out.push_back({k, v});
  return out;
}
inline StateTags tags_from(const nlohmann::json& j) {
  StateTags out;
  for (const nlohmann::json& t : j) {
    out.emplace_back(t.at(0).get<std::string>(), t.at(1).get<std::string>());
  }
  return out;
}

/// An optional pending transition's due time under "due".
inline void put_due(nlohmann::json& j, const std::optional<TimePoint>& due) {
  if (due) j["due"] = to_ms(*due);
}
inline std::optional<TimePoint> due_from(const nlohmann::json& j) {
  if (!j.contains("due")) return std::nullopt;
  return from_ms(j.at("due").get<long long>());
}

}  // namespace drh::fake
