// Helpers the drill tests share: a report in one readable block, and the fake's world as JSON with
// the parts a drill cannot put back (append-only logs) taken out.
#pragma once

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "drh/drill/drill.h"

namespace drh::testing {

inline std::string describe(const drill::DrillReport& r) {
  std::string s = std::string(drill::to_string(r.outcome)) + ": " + r.message;
  for (const auto& st : r.steps) {
    s += "\n  " + st.name + ": " + drill::to_string(st.state) + " (" + st.message + "), undo " +
         drill::to_string(st.undo) + " " + st.undo_message;
  }
  for (const auto& [k, v] : r.metrics) s += "\n  " + k + " = " + std::to_string(v);
  return s;
}

inline bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// Every leaf of `j` as "path = value" lines, skipping paths that contain one of `skip` (object
/// keys), so that two worlds can be compared and their differences shown.
inline void flatten(const nlohmann::json& j, const std::string& path,
                    const std::vector<std::string>& skip, std::vector<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      bool skipped = false;
      for (const auto& s : skip) skipped = skipped || k == s;
      if (!skipped) flatten(v, path + "/" + k, skip, out);
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      flatten(j[i], path + "/" + std::to_string(i), skip, out);
  } else {
    out.push_back(path + " = " + j.dump());
  }
}

/// What the fake's saved world changes by itself as virtual time passes, and what no API can take
/// back, so that a drill cannot be asked to restore it: the virtual clock and the request-id
/// counter; CloudWatch metric samples (every service emits them over time, and the drill's own
/// writes add ReplicationLatency samples, as on AWS); Route 53 checkers' probe times; Aurora's
/// replication position; DynamoDB's last-writer-wins bookkeeping (the tombstone stamps of deleted
/// keys and the write sequence).
inline const std::vector<std::string> kClockDriven = {
    "clock",           "id_counter",      "metrics", "checked_ms", "next_probe_ms",
    "last_checked_ms", "applied_through", "stamps",  "write_seq"};

/// The lines only one of the two worlds has, one per line: "" when they are the same.
inline std::string world_diff(const std::string& before, const std::string& after,
                              const std::vector<std::string>& skip) {
  std::vector<std::string> a, b, only;
  flatten(nlohmann::json::parse(before), "", skip, a);
  flatten(nlohmann::json::parse(after), "", skip, b);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::set_symmetric_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only));
  std::string out;
  for (const auto& line : only) out += line + "\n";
  return out;
}

}  // namespace drh::testing
