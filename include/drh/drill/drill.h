// Failover drills: break a DR stack on purpose, measure how it recovers, and put it back.
//
// A drill is a list of steps. Each step has
//   - an action (switch the database over, invert a health check ...), which may be empty;
//   - a verification polled on the injected Clock until it holds or its deadline passes
//     (the writer moved, DNS answers the SECONDARY value ...), which may be empty;
//   - an undo, named by the step's `kind` and rebuilt from its JSON `params` through an
//     UndoRegistry, so that the undo can run from the journal alone after a crash.
//
// run_drill() runs the steps in order and times each one on the clock (virtual on the
// fake). When a step's action fails, its verification misses its deadline, or the caller's
// interrupt flag is set (a SIGINT/SIGTERM handler sets it), it stops and runs the undos of
// every step whose action took effect, newest first. When every step passes it restores
// the world the same way (Drill::restore). Every step start, end and undo is appended to a
// JSON-lines journal as it happens (each line flushed), so recover() can finish the undos
// of a drill whose process died (a crash, kill -9) from the journal alone.
//
// The built-in drills (switchover_drill, dns_failover_drill, replication_drill,
// alarm_wiring_drill) are built from a Deployment over the typed clients of an
// AwsConnection; their undos are in builtin_undos().
//
//   std::atomic<bool> stop{false};          // set from a signal handler
//   auto drill = drill::dns_failover_drill(deployment, connection, {});
//   if (!drill) return drill.error();
//   drill::UndoEnv env{connection.clock(), &connection};
//   auto report = drill::run_drill(*drill, drill::builtin_undos(), env, stop,
//                                  {.journal_path = "drill.jsonl"});
//   // report.outcome: kPassed, kRolledBack, kFailed; report.phases: the RTO split.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drh/core/clock.h"
#include "drh/core/result.h"
#include "drh/fixtures/outputs.h"

namespace drh {
class AwsConnection;
namespace fake {
class FakeCloud;
}
}

namespace drh::drill {

// ------------------------------------------------------------------ steps

/// One look at the world while a step's verification is polled.
struct Probe {
  bool done = false;    ///< the verification holds
  std::string message;  ///< what was seen ("writer arn:...:cluster:b, connected")
  /// Measurements to add to the report once the step passes ("rpo_lost_commits" -> 0).
  std::map<std::string, double> metrics;
};

/// Breaks and mends the world where the target can do that directly: the in-process fake
/// (fake_faults) and drh serve (its POST/DELETE /_drh/faults). Drills that take a region
/// or a replication link down use it; a target without one (an emulator, AWS) gets the
/// AWS-API variant of the drill or a clear refusal.
class FaultControl {
 public:
  virtual ~FaultControl() = default;
  /// Injects a fault given as the JSON object POST /_drh/faults takes
  /// ({"kind": "region-outage", "region": "us-east-1"}); returns its id.
  virtual Result<std::string> inject(const std::string& spec_json) = 0;
  /// Removes the fault `id`; also Ok when it is already gone (undos run again).
  virtual Status remove(const std::string& id) = 0;
  /// Removes every fault in force whose kind, region, peer_region and service equal the
  /// spec's (fields the spec leaves out match anything). An undo journals the spec before
  /// the action runs, when the fault's id is not known yet. Ok when none matches.
  virtual Status remove_matching(const std::string& spec_json) = 0;
  /// Where the faults go, for messages ("the in-process fake", "http://127.0.0.1:4566").
  virtual std::string where() const = 0;
};

/// What an undo may use: the clock to wait on and, for undos that call AWS, a connection
/// (null for drills that need none); `faults` for undos that remove a fault.
struct UndoEnv {
  Clock& clock;
  AwsConnection* connection = nullptr;
  FaultControl* faults = nullptr;
};

/// Undoes one step from its params (the JSON object text the step carried). Waits on
/// env.clock until the world is back (or its own deadline, given in params). Must be safe
/// to run again and when the step's action never took effect: recover() may run it after a
/// crash between the journal's step-start line and the action.
using UndoFn = std::function<Status(UndoEnv& env, std::string_view params_json)>;

/// Step kinds -> undo functions. A kind without an entry cannot be undone: a drill that
/// ran such a step ends kFailed naming it (and recover() reports it).
class UndoRegistry {
 public:
  /// Registers (or replaces) the undo of `kind`.
  void add(std::string kind, UndoFn undo);
  /// The undo of `kind`, or null.
  const UndoFn* find(std::string_view kind) const;

 private:
  std::map<std::string, UndoFn, std::less<>> undos_;
};

struct Step {
  std::string name;  ///< one line, shown in reports and the journal
  /// Names the undo in the UndoRegistry; "" for a step that changes nothing (a
  /// precondition or a measurement).
  std::string kind;
  /// A JSON object (text): everything the undo needs, written to the journal as the step
  /// starts. "" counts as {}.
  std::string params;
  /// Changes the world; empty for a step that only verifies. An error fails the step; its
  /// undo then runs only when the error leaves open whether the change was made (a network
  /// error or timeout: the request may have arrived). recover() follows the same rule, and
  /// undoes a step whose end the journal never saw.
  std::function<Status()> action;
  /// Called after the action ran (also when it failed): the undo params as they are now
  /// that the action ran, for an action whose result the undo needs and nobody knew before
  /// (the id of the fault it injected). "" keeps `params`. The new params are journaled
  /// (a step-params line) before the verification starts and used by the undo and by
  /// recover(). Empty: `params` as given.
  std::function<std::string()> updated_params;
  /// Polled every `poll_interval` after the action until it returns done or `deadline` has
  /// passed (on the clock); an error is a failed step at once. Empty: the step passes when
  /// its action succeeds.
  std::function<Result<Probe>()> verify;
  Duration deadline = std::chrono::minutes(10);
  Duration poll_interval = std::chrono::seconds(5);
  /// The calls this step makes, one line each, for --dry-run: what the action changes
  /// ("rds:SwitchoverGlobalCluster us-east-1 GlobalClusterIdentifier=g
  /// TargetDbClusterIdentifier=arn:..."), what the verification polls ("poll
  /// rds:DescribeGlobalClusters ... until ...") and what the undo does ("undo: ...").
  std::vector<std::string> plan;
  /// Every resource (id, name or ARN) the action or undo changes. Guard rails refuse a
  /// drill that would touch anything the loaded deployment does not name (check_scope).
  std::vector<std::string> touches;
  /// The RTO phase this step's verification measures ("detected", "dns-secondary" ...):
  /// from the action's end (or the step's start without an action) until verified. "" for
  /// none.
  std::string phase;
};

struct Drill {
  std::string name;  ///< "switchover", "dns-failover", ...
  std::vector<Step> steps;
  /// When every step passes, run the undos newest first to put the world back (the
  /// "switch back" of a switchover drill). False: leave the world as the steps left it.
  bool restore = true;
};

// ------------------------------------------------------------------ reports

enum class StepState {
  kNotRun,        ///< never started (an earlier step failed)
  kPassed,        ///< action done and verified
  kActionFailed,  ///< the action returned an error
  kVerifyFailed,  ///< the verification returned an error
  kTimedOut,      ///< the verification did not hold by the deadline
  kInterrupted,   ///< the interrupt flag was set during the step
};
/// "not-run", "passed", "action-failed", "verify-failed", "timed-out", "interrupted".
const char* to_string(StepState state);

enum class UndoState {
  kNone,    ///< nothing to undo (no kind, or the action never took effect)
  kUndone,  ///< the undo ran and succeeded
  kFailed,  ///< the undo returned an error, or its kind has no registered undo
};
/// "none", "undone", "undo-failed".
const char* to_string(UndoState state);

struct StepReport {
  std::string name;
  std::string kind;
  StepState state = StepState::kNotRun;
  std::string message;  ///< the error, the last probe's message, or why it was interrupted
  TimePoint started{};
  TimePoint action_done{};  ///< = started when the step has no action
  TimePoint ended{};        ///< verified, failed or gave up
  UndoState undo = UndoState::kNone;
  std::string undo_message;
  TimePoint undo_started{}, undo_ended{};
  int polls = 0;  ///< how often the verification was polled
};

/// One measured RTO phase: the step that measured it, from its start to its end.
struct Phase {
  std::string name;
  TimePoint start{}, end{};
  Duration duration() const { return end - start; }
};

enum class DrillOutcome {
  kPassed,      ///< every step passed and the world was restored (or restore was off)
  kRolledBack,  ///< a step failed, timed out or was interrupted; every undo succeeded
  kFailed,      ///< an undo failed: the world may not be back (recover() can retry)
};
/// "passed", "rolled-back", "failed".
const char* to_string(DrillOutcome outcome);

struct DrillReport {
  std::string drill;
  DrillOutcome outcome = DrillOutcome::kFailed;
  /// One line: what passed, or the step that failed and why, and how the undo went.
  std::string message;
  TimePoint started{}, ended{};
  std::vector<StepReport> steps;  ///< one per step, in drill order
  std::vector<Phase> phases;      ///< the phases of the steps that passed, in order
  /// Named measurements ("rpo_lost_commits" -> 0, "writer_promoted_seconds" -> 61).
  std::map<std::string, double> metrics;
  std::string journal_path;
  /// Set when the journal could not be written (the drill still ran).
  std::string journal_error;
};

// ------------------------------------------------------------------ running

struct DrillOptions {
  /// JSON-lines journal, appended to (created if missing); "" for none.
  std::string journal_path{};
  /// One line per event as it happens ("step 2 'switch ...' passed in 65 s: ...").
  std::function<void(const std::string&)> progress{};
  /// After each poll that did not verify yet: the step's name, how long the step has run
  /// and what the poll saw (a terminal's live status line).
  std::function<void(const std::string& step, Duration elapsed, const std::string& seen)>
      waiting{};
  /// Asked before each step, after each action and before each poll, like the interrupt
  /// flag: a reason to stop ("alarm checkout-5xx in us-east-1 is in ALARM") aborts the
  /// drill and rolls it back. See alarm_stop_condition.
  std::function<std::optional<std::string>()> stop_condition{};
  /// Called once, when the first step with a phase starts: the RTO's clock starts there
  /// (what comes before, such as a steady state check or canary writes, is not downtime).
  std::function<void(TimePoint)> rto_started{};
};

/// Runs `drill` as described at the top of this file. `interrupt` is read before each step,
/// after each action and before each poll; once set, the current step ends kInterrupted
/// and the undos run (undos themselves are not interruptible: they put the world back).
/// Each phase's seconds are also in metrics as "<phase>_seconds".
DrillReport run_drill(const Drill& drill, const UndoRegistry& undos, UndoEnv& env,
                      const std::atomic<bool>& interrupt, const DrillOptions& options = {});

// ------------------------------------------------------------------ journal and recovery

struct RecoverReport {
  int undone = 0;                     ///< undos run successfully now
  int already_undone = 0;             ///< steps the journal shows undone before
  std::vector<std::string> failures;  ///< "step N <name> (<kind>): <error>"
  std::vector<std::string> lines;     ///< what was done, one line each
  bool ok() const { return failures.empty(); }
};

/// Restores the world after a drill whose process died: reads the journal (torn lines, a
/// write cut short by the kill, are skipped and listed), finds every step that started and
/// was not undone (but steps whose action certainly failed), and runs their undos newest
/// first, appending a recover-start line, each undo-start/undo-end and a closing
/// "recovered" line to the journal, so a second recover() has nothing left to do. An
/// unreadable journal is invalid input; undo failures are collected in the report, the
/// rest still attempted.
Result<RecoverReport> recover(const std::string& journal_path, const UndoRegistry& undos,
                              UndoEnv& env);
/// The same with the built-in undos over `connection` (and its clock).
Result<RecoverReport> recover(const std::string& journal_path, AwsConnection& connection);

// ------------------------------------------------------------------ built-in drills

/// The unreplicated tail a switchover or failover dropped.
struct FailoverLoss {
  std::uint64_t commits = 0;
  double seconds = 0;  ///< age of the oldest lost commit when the failover started
};

/// BuiltinOptions::last_failover_loss for global cluster `global_cluster_id` in an
/// in-process fake (its aurora::global_database().last_failover).
std::function<Result<FailoverLoss>()> fake_failover_loss(fake::FakeCloud& cloud,
                                                          std::string global_cluster_id);

/// An application's steady writes on the writer of `global_cluster_id` in an in-process
/// fake, `per_second` commits a second (0 stops them), so that a failover with data loss
/// has something to lose and the RPO a figure.
Status fake_write_load(fake::FakeCloud& cloud, const std::string& global_cluster_id,
                       double per_second);

/// Faults injected straight into an in-process fake (no HTTP).
std::unique_ptr<FaultControl> fake_faults(fake::FakeCloud& cloud);
/// Whether the fault `fault_json` (as GET /_drh/faults lists one) is one that
/// FaultControl::remove_matching(spec_json) removes.
bool fault_matches(std::string_view spec_json, std::string_view fault_json);

struct BuiltinOptions {
  /// How long each verification may take.
  Duration deadline = std::chrono::minutes(15);
  /// How long each undo may wait for the world to be back (a switchover still running
  /// must end first); longer than `deadline`, since giving up there leaves the world broken.
  Duration undo_deadline = std::chrono::minutes(30);
  Duration poll_interval = std::chrono::seconds(5);
  /// What the last switchover or failover lost, where the target can say (the fake:
  /// fake_failover_loss); unset: the switchover checks RPO through SynchronizationStatus
  /// only, the regional failover estimates it from AuroraGlobalDBRPOLag.
  std::function<Result<FailoverLoss>()> last_failover_loss;
  /// Where region outages and replication pauses can be injected (fake_faults, drh
  /// serve); null elsewhere (an emulator, AWS), where the regional failover inverts the
  /// primary health check instead.
  FaultControl* faults = nullptr;
  /// regional-failover fails over with AllowDataLoss: the policy must allow data loss
  /// (always true in a test world, where the loss is simulated).
  bool allow_data_loss = false;
  /// regional-failover: how far back AuroraGlobalDBRPOLag is read before the failure.
  Duration rpo_lag_window = std::chrono::minutes(5);
  /// replication: how long replication stays paused while canaries are written.
  Duration pause = std::chrono::seconds(30);
  /// replication: one canary write (per table and per bucket) this often during the pause;
  /// regional-failover: this often before the failure.
  Duration canary_interval = std::chrono::seconds(5);
  /// regional-failover: canaries written to the global table and the replicated bucket up
  /// to the failure, one every canary_interval, the last just before it (0: none). Those
  /// missing from the secondary after the failover are the data lost, in writes and in
  /// seconds of writes.
  int failover_canaries = 6;
  /// replication: how often the secondary is read for the canaries (the precision of the
  /// replication and catch-up figures).
  Duration canary_poll_interval = std::chrono::seconds(1);

  /// One notification a topic delivered to one of its subscriptions.
  struct SnsReceipt {
    std::string subscription_arn;
    std::string message;
    TimePoint at{};
  };
  /// alarm-wiring: what the topic `topic_arn` delivered, where the target can say (the
  /// fake's sns_deliveries); unset: delivery is checked through the alarm's Action history
  /// only and the report says so.
  std::function<Result<std::vector<SnsReceipt>>(const std::string& topic_arn)> sns_received;
};

/// An alarm that stops a drill when it goes to ALARM (the policy's stop_alarms).
struct StopAlarm {
  std::string region, name;
};
/// Parses "REGION/ALARM-NAME" (the name may hold '/'); invalid input otherwise.
Result<StopAlarm> parse_stop_alarm(std::string_view text);
/// DrillOptions::stop_condition over `alarms`: the first one in ALARM stops the drill. An
/// alarm that cannot be read (gone, the Region unreachable) stops it too: a drill does not
/// go on blind. Checks every alarm exists first (invalid input naming a missing one).
Result<std::function<std::optional<std::string>()>> alarm_stop_condition(
    AwsConnection& connection, std::vector<StopAlarm> alarms);

/// Guard rail: the resources `drill`'s steps touch (Step::touches) that the deployment does
/// not name: neither one of its Regions nor, by its id (an ARN's part after the last ':'
/// or '/'), found in one of its output values. Empty when the drill stays inside it.
std::vector<std::string> out_of_scope(const Drill& drill, const fixtures::Deployment& deployment);

/// BuiltinOptions::sns_received for an in-process fake: the notifications it recorded.
std::function<Result<std::vector<BuiltinOptions::SnsReceipt>>(const std::string&)>
fake_sns_received(fake::FakeCloud& cloud);

/// Undos of the built-in step kinds:
///   "aurora-switchover": switch the global cluster back to params.writer_arn (the writer
///     before the drill) and wait until it is the writer again;
///   "aurora-failback": remove params.fault (a fault spec) through env.faults, wait until
///     every member is connected again, then as "aurora-switchover";
///   "fault": remove every fault matching params.fault through env.faults;
///   "route53-health-check-inverted": UpdateHealthCheck Inverted=params.inverted (the
///     value before the drill) and, with params.zone/name/type, wait until TestDNSAnswer
///     answers params.expect again;
///   "replication-fault": remove the faults params.fault_ids through UndoEnv::faults
///     (nothing to do without ids; an error without a FaultControl);
///   "replication-canaries": delete every canary under params.prefix: the items
///     prefix/0 .. prefix/(max_canaries - 1) of the table in both regions and every version
///     and delete marker under the prefix in both buckets, after waiting (up to
///     params.settle_seconds) for replication to carry what is in flight;
///   "alarm-state": SetAlarmState params.alarm back to params.state (the state before the
///     drill) in params.region.
const UndoRegistry& builtin_undos();

/// The drills `drh drill --drill NAME` knows: "switchover", "regional-failover",
/// "dns-failover", "replication", "alarm-wiring".
const std::vector<std::string>& builtin_drill_names();

/// Planned Aurora global switchover to the secondary cluster and back. Steps: the global
/// cluster is healthy with the primary as writer (precondition); SwitchoverGlobalCluster to
/// the secondary (phase "writer-promoted": until the secondary is the writer, no
/// FailoverState, every member connected); RPO 0 (lost commits, when measurable). Undo:
/// switch back. Invalid input when the deployment lacks GlobalClusterId, the clusters or
/// their regions.
Result<Drill> switchover_drill(const fixtures::Deployment& deployment, AwsConnection& connection,
                               const BuiltinOptions& options = {});

/// Unplanned loss of the primary Region and the failover to the secondary, then back. Steps:
///   1. the global cluster is settled with its writer in the primary Region and, with a
///      failover record pair, DNS answers PRIMARY; AuroraGlobalDBRPOLag of the secondary
///      over `rpo_lag_window` is read (metric "aurora_rpo_lag_seconds");
///   2. the failure: with `faults`, a region-outage fault on the primary Region; without,
///      the primary health check is inverted (the Region itself cannot be taken down);
///   3. phase "detected": until the primary health check is unhealthy (without one: until
///      the primary Region's RDS stops answering);
///   4. FailoverGlobalCluster with AllowDataLoss to the secondary cluster, made in the
///      secondary Region; phase "writer-promoted": until it is the writer. RPO: the loss
///      the target reports (last_failover_loss), else the RPO lag read in step 1;
///   5. phase "dns-secondary": until the record answers its SECONDARY value;
///   6. phase "app-healthy": until the secondary health function (SecondaryFunction)
///      answers statusCode 200, or else the secondary health check is healthy.
/// Undo (the fail back): the Region's fault removed, the old primary back as a connected
/// member, then a switchover to it. Invalid input without allow_data_loss, without the
/// global cluster's outputs, or (without `faults`) without PrimaryHealthCheckId.
Result<Drill> regional_failover_drill(const fixtures::Deployment& deployment,
                                      AwsConnection& connection, const BuiltinOptions& options = {});

/// Route 53 DNS failover. Steps: the failover record (zone HostedZoneId, the PRIMARY
/// record on PrimaryHealthCheckId, or FailoverRecordName) answers its PRIMARY value
/// (precondition); invert the primary health check (phase "detected": until Route 53
/// reports it unhealthy); DNS answers the SECONDARY value (phase "dns-secondary"). Undo:
/// Inverted back and wait for the PRIMARY answer. Invalid input when the deployment lacks
/// the zone or the primary health check, or the zone has no PRIMARY/SECONDARY pair.
Result<Drill> dns_failover_drill(const fixtures::Deployment& deployment, AwsConnection& connection,
                                 const BuiltinOptions& options = {});

/// Canary writes to the DynamoDB global table and/or the replicated S3 bucket during a
/// replication pause. Steps: a canary written now reaches the secondary table/bucket within
/// `deadline` (precondition; metric "replication_seconds"); with options.faults, a
/// replication-pause fault from the primary to the secondary region for dynamodb and s3
/// while a canary is written every `canary_interval` for `pause`, then the backlog at the
/// end of the pause: "backlog_writes" (canary writes not yet in the secondary),
/// "rpo_seconds" (the age of the oldest of them: what losing the primary region then would
/// lose) and "rpo_lost_writes"; then the fault removed (phase "catch-up": until every
/// canary is readable in the secondary; metric "catch_up_seconds"). Without options.faults
/// the canaries are written with replication running (steady state) and judged the same.
/// Canaries are items and objects keyed drh-drill-canary/<start epoch ms>/<n> (in the
/// table's own key schema), deleted from both regions, every S3 version included, by the
/// undo of the first step. Invalid input naming the outputs when the deployment has
/// neither a table (TableName and both regions) nor both buckets.
Result<Drill> replication_drill(const fixtures::Deployment& deployment, AwsConnection& connection,
                                const BuiltinOptions& options = {});

/// Alarm actions really notify. The alarms: the deployment's ReplicationLagAlarmName and
/// every alarm (in either region) whose AlarmActions name one of the deployment's SNS
/// topics, the named ones first. For each: SetAlarmState ALARM (through OK first when it
/// already is in ALARM, since actions run on a change only), then each SNS topic it acts on
/// must exist with at least one confirmed subscription, DescribeAlarmHistory must show
/// "Successfully executed action <topic>" after the set, and (with options.sns_received)
/// each confirmed subscription must have received the alarm's notification. Metrics
/// "alarms_checked" and "alarms_wired". Undo: SetAlarmState back to the state the alarm
/// had. Invalid input when the deployment names neither an alarm nor a topic, a named alarm
/// is in neither region, or no alarm acts on the topics.
Result<Drill> alarm_wiring_drill(const fixtures::Deployment& deployment, AwsConnection& connection,
                                 const BuiltinOptions& options = {});

/// The built-in drill called `name`; invalid input naming the choices otherwise.
Result<Drill> builtin_drill(std::string_view name, const fixtures::Deployment& deployment,
                            AwsConnection& connection, const BuiltinOptions& options = {});

}  // namespace drh::drill
