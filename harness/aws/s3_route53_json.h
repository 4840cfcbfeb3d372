// Helpers the S3 and Route 53 to_json() implementations share (include only from .cc
// files: it pulls in nlohmann/json.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drh/core/clock.h"
#include "drh/protocol/timestamp.h"

namespace drh::aws::restxml {

/// Sets j[name] unless the value is absent: empty strings and nullopt are left out.
inline void put(nlohmann::json& j, const char* name, const std::string& value) {
  if (!value.empty()) j[name] = value;
}
inline void put(nlohmann::json& j, const char* name, const std::optional<std::string>& value) {
  if (value) j[name] = *value;
}
inline void put(nlohmann::json& j, const char* name, const std::optional<TimePoint>& value) {
  if (value) j[name] = format_timestamp(*value, TimestampFormat::kIso8601);
}
template <typename T>
void put(nlohmann::json& j, const char* name, const std::optional<T>& value) {
  if (value) j[name] = *value;
}
inline void put(nlohmann::json& j, const char* name, const std::vector<std::string>& values) {
  if (!values.empty()) j[name] = values;
}

inline std::string iso8601(TimePoint t) { return format_timestamp(t, TimestampFormat::kIso8601); }

/// The items as a JSON array, each through `convert`.
template <typename T, typename F>
nlohmann::json array_of(const std::vector<T>& items, F convert) {
  nlohmann::json out = nlohmann::json::array();
  for (const T& item : items) out.push_back(convert(item));
  return out;
}

}  // namespace drh::aws::restxml
