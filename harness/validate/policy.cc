// The policy file: thresholds and check switches, every key checked.
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "drh/validate/policy.h"

namespace drh::validate {

namespace {

using Json = nlohmann::ordered_json;

struct Bad {
  std::string key, why;
};

int integer(const Json& v, const std::string& key, int min, int max) {
  if (!v.is_number_integer()) throw Bad{key, "must be a whole number"};
  auto n = v.get<long long>();
  if (n < min || n > max) {
    throw Bad{key, "must be between " + std::to_string(min) + " and " + std::to_string(max)};
  }
  return static_cast<int>(n);
}

double number(const Json& v, const std::string& key) {
  if (!v.is_number() || v.get<double>() < 0) throw Bad{key, "must be a number >= 0"};
  return v.get<double>();
}

std::vector<std::string> strings(const Json& v, const std::string& key) {
  if (!v.is_array()) throw Bad{key, "must be a list of strings"};
  std::vector<std::string> out;
  for (const auto& s : v) {
    if (!s.is_string()) throw Bad{key, "must be a list of strings"};
    out.push_back(s.get<std::string>());
  }
  return out;
}

}  // namespace

Result<Policy> parse_policy(std::string_view text, std::string_view source) {
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return invalid_input(std::string(source) + ":" + std::to_string(line) + ":" +
                         std::to_string(column) + ": malformed JSON");
  }
  if (!doc.is_object()) return invalid_input(std::string(source) + ": a policy is a JSON object");
  Policy p;
  p.source = std::string(source);
  try {
    for (const auto& [key, v] : doc.items()) {
      p.keys_set.push_back(key);
      if (key == "max_replication_lag_ms") {
        p.max_replication_lag_ms = number(v, key);
      } else if (key == "replication_window_seconds") {
        p.replication_window_seconds = integer(v, key, 60, 86400);
      } else if (key == "s3_rtc_minutes") {
        p.s3_rtc_minutes = integer(v, key, 15, 15);
      } else if (key == "canary_timeout_seconds") {
        p.canary_timeout_seconds = integer(v, key, 1, 86400);
      } else if (key == "min_backup_retention_days") {
        p.min_backup_retention_days = integer(v, key, 1, 35);
      } else if (key == "require_storage_encrypted") {
        if (!v.is_boolean()) throw Bad{key, "must be true or false"};
        p.require_storage_encrypted = v.get<bool>();
      } else if (key == "deletion_protection") {
        if (!v.is_string() || (v != "required" && v != "forbidden" && v != "any")) {
          throw Bad{key, "must be \"required\", \"forbidden\" or \"any\""};
        }
        p.deletion_protection = v.get<std::string>();
      } else if (key == "max_health_check_interval_seconds") {
        p.max_health_check_interval_seconds = integer(v, key, 10, 30);
      } else if (key == "max_failure_threshold") {
        p.max_failure_threshold = integer(v, key, 1, 10);
      } else if (key == "rto_seconds") {
        p.rto_seconds = integer(v, key, 1, 86400);
      } else if (key == "rpo_seconds") {
        p.rpo_seconds = integer(v, key, 0, 86400);
      } else if (key == "required_alarms") {
        p.required_alarms = strings(v, key);
      } else if (key == "allowed_accounts") {
        p.allowed_accounts = strings(v, key);
        for (const auto& a : p.allowed_accounts) {
          if (a.size() != 12 || a.find_first_not_of("0123456789") != std::string::npos) {
            throw Bad{key, "'" + a + "' is not a 12-digit account id"};
          }
        }
      } else if (key == "stop_alarms") {
        p.stop_alarms = strings(v, key);
        for (const auto& a : p.stop_alarms) {
          const auto slash = a.find('/');
          if (slash == std::string::npos || slash == 0 || slash + 1 == a.size()) {
            throw Bad{key, "'" + a + "' must be REGION/ALARM-NAME, e.g. us-east-1/checkout-5xx"};
          }
        }
      } else if (key == "allow_data_loss") {
        if (!v.is_boolean()) throw Bad{key, "must be true or false"};
        p.allow_data_loss = v.get<bool>();
      } else if (key == "checks") {
        if (!v.is_object()) throw Bad{key, "must be an object of glob -> \"run\" | \"skip\""};
        for (const auto& [glob, action] : v.items()) {
          if (!action.is_string() || (action != "run" && action != "skip")) {
            throw Bad{key + "." + glob, "must be \"run\" or \"skip\""};
          }
          p.checks.emplace_back(glob, action.get<std::string>());
        }
      } else if (key == "description" || key == "$schema") {
        // free text for the reader
      } else {
        throw Bad{key, "unknown key (known: max_replication_lag_ms, replication_window_seconds, "
                       "s3_rtc_minutes, canary_timeout_seconds, min_backup_retention_days, "
                       "require_storage_encrypted, deletion_protection, "
                       "max_health_check_interval_seconds, max_failure_threshold, rto_seconds, "
                       "rpo_seconds, required_alarms, allowed_accounts, stop_alarms, "
                       "allow_data_loss, checks, description)"};
      }
    }
  } catch (const Bad& b) {
    return invalid_input(std::string(source) + ": " + b.key + ": " + b.why);
  }
  return p;
}

Result<Policy> load_policy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid_input("cannot read policy file '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_policy(ss.str(), path);
}

}  // namespace drh::validate
