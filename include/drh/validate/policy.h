// What a DR deployment must satisfy: thresholds and expectations for `drh validate`.
//
// Defaults come from the seed documents (docs/validate.md lists each with its source);
// a JSON policy file overrides any of them and turns checks on or off by glob. Unknown
// keys and wrong types are invalid input naming the file and key, so a typo never turns a
// check off silently.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "drh/core/glob.h"
#include "drh/core/result.h"

namespace drh::validate {

struct Policy {
  std::string source = "built-in defaults";  ///< the file it came from (messages)

  // --- replication
  /// AuroraGlobalDBReplicationLag (ms): the maximum over the recent window must stay below.
  double max_replication_lag_ms = 1000;
  /// How far back the replication-lag check looks (s).
  int replication_window_seconds = 300;
  /// S3 replication: the rule must have RTC with this many minutes (15: the only value).
  int s3_rtc_minutes = 15;
  /// Canary: how long a marker may take to arrive in the secondary (s, virtual on the fake).
  int canary_timeout_seconds = 900;

  // --- database
  int min_backup_retention_days = 7;
  bool require_storage_encrypted = true;
  /// "required", "forbidden" or "any".
  std::string deletion_protection = "any";

  // --- routing
  /// Health checks: the slowest RequestInterval (s) and highest FailureThreshold allowed,
  /// so detection stays within the RTO.
  int max_health_check_interval_seconds = 30;
  int max_failure_threshold = 3;

  // --- drills (issue-level targets; validate reports them, drills enforce them)
  int rto_seconds = 300;
  int rpo_seconds = 60;

  // --- monitoring
  /// Alarm names that must exist, beyond those the stack description lists.
  std::vector<std::string> required_alarms;

  // --- which checks run: glob -> "run" | "skip" (last match wins; default run)
  std::vector<std::pair<std::string, std::string>> checks;
  /// Accounts drills may run in (drills only; validate ignores it).
  std::vector<std::string> allowed_accounts;
  /// Alarms ("REGION/ALARM-NAME") whose ALARM state aborts a drill and rolls it back
  /// (drills only).
  std::vector<std::string> stop_alarms;
  /// Whether a regional-failover drill in a real account may fail over with AllowDataLoss
  /// (drills only): the writes not yet replicated are lost for good there.
  bool allow_data_loss = false;

  /// The keys a policy file set (parse_policy fills it): the rest are built-in defaults.
  std::vector<std::string> keys_set;
  bool set_by_file(std::string_view key) const {
    for (const auto& k : keys_set) {
      if (k == key) return true;
    }
    return false;
  }

  /// Whether check `id` ("networking.peering-active") is turned off, and by which glob.
  bool skipped(std::string_view id, std::string* by = nullptr) const;
};

/// Parses a policy; `source` names it in messages.
Result<Policy> parse_policy(std::string_view text, std::string_view source);
/// Reads a policy file.
Result<Policy> load_policy(const std::string& path);

/// Shell-style glob: `*` any run, `?` one character (checks and policy rules use it).
using drh::glob_match;

}  // namespace drh::validate
