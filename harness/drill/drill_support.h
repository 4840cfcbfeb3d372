// Internal to the built-in drills: the step kinds, waiting on the clock, undo params, and
// the reads several drills verify with (the Aurora global cluster's writer, Route 53's DNS
// answer and health). Each drill lives in its own file and includes this.
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "drh/aws/rds.h"
#include "drh/aws/route53.h"
#include "drh/drill/drill.h"
#include "drh/fixtures/outputs.h"

namespace drh::drill::support {

using nlohmann::json;

// Step kinds: the names undos are registered under and journals record.
inline constexpr const char* kSwitchoverKind = "aurora-switchover";
inline constexpr const char* kInvertedKind = "route53-health-check-inverted";
inline constexpr const char* kFailbackKind = "aurora-failback";
inline constexpr const char* kFaultKind = "fault";
inline constexpr const char* kReplicationFaultKind = "replication-fault";
inline constexpr const char* kCanariesKind = "replication-canaries";
inline constexpr const char* kAlarmStateKind = "alarm-state";

std::string join(const std::vector<std::string>& parts, const char* sep = ", ");
/// Lower case, no trailing dot: how DNS names compare.
std::string dns(std::string_view name);
long long whole_seconds(Duration d);
/// params[key] as a Duration in seconds, or `fallback` when absent or not a number.
Duration from_seconds(const json& params, const char* key, Duration fallback);
/// The undo params as an object holding every `required` key as a non-empty string.
Result<json> parse_params(std::string_view text, std::initializer_list<const char*> required);
/// Polls `probe` on `clock` every `interval` until done or `deadline` has passed (then a
/// timeout error naming `what` and the last probe's message).
Status wait_for(Clock& clock, Duration deadline, Duration interval, const std::string& what,
                const std::function<Result<Probe>()>& probe);

// ------------------------------------------------------------------ Aurora

Result<aws::GlobalCluster> describe_global(aws::RdsApi& rds, std::string_view region,
                                           const std::string& id);
/// Reads the global cluster in the first region of `regions` that answers.
Result<aws::GlobalCluster> describe_global_any(aws::RdsApi& rds,
                                               const std::vector<std::string>& regions,
                                               const std::string& id);
/// "global cluster g available, no failover in progress; members: arn writer connected, ..."
std::string describe_state(const aws::GlobalCluster& g);
/// Done when `writer_arn` is the writer, nothing is switching and every member is connected.
Probe settled_on(const aws::GlobalCluster& g, const std::string& writer_arn);
std::string region_of_arn(const std::string& arn);

/// The deployment's global cluster's members in its primary and secondary regions.
struct GlobalMembers {
  std::string primary_arn, secondary_arn;
};
/// Reads them in the primary region; invalid input naming the region without a member.
/// Outputs without PrimaryRegion/SecondaryRegion get them from the global cluster (the
/// writer's Region and the first reader's), filled into `d`.
Result<GlobalMembers> global_members(aws::RdsApi& rds, fixtures::Deployment& d);

// ------------------------------------------------------------------ Route 53

/// A record's value: its alias target or its values joined.
std::string value_of(const aws::ResourceRecordSet& r);

struct DnsAnswer {
  bool has = false;
  std::string text;  ///< "NOERROR a.example.com"
};
/// TestDNSAnswer for name/type, and whether it answers `want`.
Result<DnsAnswer> answer_has(aws::Route53Api& r53, const std::string& zone, const std::string& name,
                             const std::string& type, const std::string& want);

/// The deployment's failover record pair: the PRIMARY record named FailoverRecordName (or,
/// without it, the one on PrimaryHealthCheckId) and the SECONDARY of the same name and type.
struct FailoverPair {
  std::string zone, name, type;
  std::string primary_value, secondary_value;
  std::string secondary_health_check;  ///< "" when the SECONDARY has none
  /// Set when the SECONDARY record is missing: the deployment cannot fail over, which a
  /// drill reports as its first step failing (the drill still plans and reports).
  std::string problem;
  /// The problem as the error a precondition fails with.
  Status usable() const {
    if (problem.empty()) return Ok{};
    return make_error(ErrorKind::kInvalidInput, "NoSecondaryRecord", problem);
  }
};
/// Invalid input naming the zone when the PRIMARY record is missing.
Result<FailoverPair> failover_pair(aws::Route53Api& r53, const fixtures::Deployment& d);

/// Healthy checkers out of all, from GetHealthCheckStatus.
struct Health {
  int healthy = 0, total = 0;
  /// Route 53 calls a check healthy while more than 18% of its checkers say so.
  bool is_healthy() const { return total == 0 || healthy * 100 > total * 18; }
  std::string text(const std::string& id) const {
    return "health check " + id + ": " + std::to_string(healthy) + " of " + std::to_string(total) +
           " checkers report healthy";
  }
};
Result<Health> health_of(aws::Route53Api& r53, const std::string& id);

/// Route 53's own verdict on a health check, followed across GetHealthCheckStatus polls.
/// GetHealthCheckStatus gives each checker's last observation only; Route 53 turns a
/// checker unhealthy after FailureThreshold consecutive failed observations and calls the
/// check unhealthy when no more than 18% of its reporting checkers are healthy. The
/// tracker applies that rule to the observations it sees (told apart by CheckedTime), so
/// detection takes as long as the check's interval and threshold make it take; polls must
/// come at least once per RequestInterval or observations are missed. A checker whose
/// observation has not moved for three intervals has fallen silent (its Region is out)
/// and no longer counts, as Route 53 does.
class HealthVerdict {
 public:
  /// Reads the check's RequestInterval and FailureThreshold.
  static Result<std::shared_ptr<HealthVerdict>> start(aws::Route53Api& r53, const std::string& id);
  /// Polls once; done when the verdict is `want_healthy`.
  Result<Probe> poll(aws::Route53Api& r53, Clock& clock, bool want_healthy);
  int failure_threshold() const { return threshold_; }
  int request_interval_seconds() const { return interval_; }

 private:
  struct Checker {
    std::optional<TimePoint> last_seen;  ///< CheckedTime of the last observation counted
    TimePoint moved_at{};                ///< when (on the clock) last_seen last changed
    int streak = 0;                      ///< consecutive observations against `healthy`
    bool healthy = true;
  };
  std::string id_;
  int threshold_ = 3, interval_ = 30;
  std::map<std::string, Checker> checkers_;  ///< by Region and IP
};

// ------------------------------------------------------------------ undos of the step kinds

Status undo_switchover(UndoEnv& env, std::string_view params);
Status undo_inverted(UndoEnv& env, std::string_view params);
Status undo_fault(UndoEnv& env, std::string_view params);
Status undo_failback(UndoEnv& env, std::string_view params);
Status undo_replication_fault(UndoEnv& env, std::string_view params);
Status undo_replication_canaries(UndoEnv& env, std::string_view params);
Status undo_alarm_state(UndoEnv& env, std::string_view params);

}  // namespace drh::drill::support
