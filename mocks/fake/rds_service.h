// Internal to the fake: Amazon RDS (Aurora) as plain state, and the service that serves it
// over the Query protocol (API 2014-10-31).
//
// DB clusters, instances and events live per region; global clusters live once and are
// visible from every region, their members being clusters (by ARN) in any region. Every
// status AWS moves over time (creating -> available, deleting -> gone, a global
// switchover or failover) is a transition with a due time on the resource and a task on
// the core's VirtualClock, so saved state re-arms it on load. The writer flip of a global
// failover is one function, complete_global_failover(). The Aurora Global Database
// dynamics (write positions, replication lag, lag metrics) live in rds_aurora.cc.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "service.h"

namespace drh::fake::rds {

// ---------------------------------------------------------------- modelled delays
// Virtual time each asynchronous step takes (AWS takes minutes; tests advance the clock).

inline constexpr Duration kClusterCreateDelay = std::chrono::seconds(60);
inline constexpr Duration kInstanceCreateDelay = std::chrono::seconds(90);
inline constexpr Duration kClusterDeleteDelay = std::chrono::seconds(30);
inline constexpr Duration kInstanceDeleteDelay = std::chrono::seconds(30);
inline constexpr Duration kGlobalCreateDelay = std::chrono::seconds(10);
inline constexpr Duration kGlobalDeleteDelay = std::chrono::seconds(10);
/// SwitchoverGlobalCluster / FailoverGlobalCluster with Switchover: start to writer flip.
inline constexpr Duration kSwitchoverDelay = std::chrono::seconds(60);
/// FailoverGlobalCluster with AllowDataLoss: start to writer flip.
inline constexpr Duration kFailoverDelay = std::chrono::seconds(30);
/// Aurora Global Database dynamics (rds_aurora.cc); every one is configurable through
/// drh::fake::aurora::configure (include/drh/fake/aurora.h).
/// How often replication to the secondaries advances (and steady writes are committed).
inline constexpr Duration kReplicationStep = std::chrono::milliseconds(250);
/// Storage replication lag per region pair: mean and +/- jitter, drawn per step. AWS
/// documents replication "typically under a second".
inline constexpr Duration kReplicationLagMean = std::chrono::milliseconds(250);
inline constexpr Duration kReplicationLagJitter = std::chrono::milliseconds(150);
/// After a pause, a secondary replays this many seconds of the primary's history per
/// second until it has caught up.
inline constexpr double kCatchUpFactor = 10.0;
/// AuroraGlobalDBReplicationLag / AuroraGlobalDBRPOLag period (CloudWatch: every minute).
inline constexpr Duration kLagMetricPeriod = std::chrono::seconds(60);
/// Events older than this are dropped (AWS keeps 14 days).
inline constexpr Duration kEventRetention = std::chrono::hours(24 * 14);

using Tags = std::vector<std::pair<std::string, std::string>>;

struct Cluster {
  std::string id;  ///< lower-case, as RDS stores identifiers
  std::string region;
  std::string arn;
  std::string resource_id;  ///< cluster-XXXXXXXXXXXXXXXXXXXXXXXXXX
  std::string status;       ///< creating | available | deleting
  std::string engine;
  std::string engine_version;
  std::string engine_mode = "provisioned";
  std::string database_name;
  std::string master_username;  ///< empty on a global secondary (as on AWS)
  std::string master_secret_arn;  ///< ManageMasterUserPassword: the Secrets Manager secret
  int port = 0;
  int backup_retention = 1;
  std::string backup_window;
  std::string maintenance_window;
  bool storage_encrypted = false;
  std::string kms_key_id;
  bool deletion_protection = false;
  bool iam_auth = false;
  bool copy_tags_to_snapshot = false;
  bool write_forwarding = false;
  std::string subnet_group;
  std::string parameter_group;
  std::string instance_class;  ///< DBClusterInstanceClass (rarely set for Aurora)
  std::string storage_type = "aurora";
  std::vector<std::string> security_groups;
  std::vector<std::string> availability_zones;
  std::optional<double> min_capacity;  ///< ServerlessV2ScalingConfiguration
  std::optional<double> max_capacity;
  std::optional<int> seconds_until_auto_pause;
  std::string global_id;  ///< the global cluster it belongs to, if any
  std::vector<std::string> members;  ///< its DB instances' ids, in join order
  TimePoint created{};
  Tags tags;
  std::optional<TimePoint> due;
  // Aurora Global Database dynamics (rds_aurora.cc).
  std::uint64_t position = 0;  ///< commits: committed (a writer) or applied (a secondary)
  /// A secondary has applied every commit made at or before this; nullopt until it is
  /// seeded from the primary on the first replication step after it joined.
  std::optional<TimePoint> applied_through;
  double write_rate = 0;   ///< steady commits per second (test control)
  double write_carry = 0;  ///< the fraction of a commit owed by write_rate
  /// Former primary after a failover with data loss, until it rejoins as a secondary.
  bool pending_resync = false;
  std::uint64_t resync_position = 0;  ///< the new primary's position at the fork
  TimePoint resync_from{};            ///< the new primary took writes from here on
};

struct Instance {
  std::string id;
  std::string region;
  std::string arn;
  std::string resource_id;  ///< db-XXXXXXXXXXXXXXXXXXXXXXXXXX
  std::string instance_class;
  std::string engine;
  std::string engine_version;
  std::string status;  ///< creating | available | deleting
  std::string cluster_id;  ///< empty for a standalone instance
  std::string master_username;
  std::string db_name;
  int port = 0;
  int allocated_storage = 1;
  std::string availability_zone;
  int promotion_tier = 1;
  bool writer = false;  ///< IsClusterWriter in its cluster
  bool publicly_accessible = false;
  bool multi_az = false;
  bool storage_encrypted = false;
  std::string kms_key_id;
  bool deletion_protection = false;
  bool auto_minor_version_upgrade = true;
  int monitoring_interval = 0;
  bool performance_insights = false;
  int backup_retention = 1;
  std::string storage_type = "aurora";
  std::string subnet_group;
  std::string parameter_group;
  std::vector<std::string> security_groups;
  TimePoint created{};
  Tags tags;
  std::optional<TimePoint> due;
};

/// A switchover or failover in progress.
struct FailoverState {
  std::string status;  ///< switching-over | failing-over
  std::string from_arn;
  std::string to_arn;
  bool data_loss = false;
  /// Switchover: when the target had applied every commit (the role change then takes
  /// the switchover delay).
  std::optional<TimePoint> synced_at;
  /// Failover: the target's applied position when it started (what it is promoted
  /// with), the commits the former primary had beyond it, and their age.
  std::uint64_t fork_position = 0;
  std::uint64_t lost_commits = 0;
  double lost_ms = 0;
};

/// One batch of commits on the writer, kept until every secondary has applied it.
struct Commit {
  TimePoint at{};
  std::uint64_t position = 0;  ///< the writer's position after the batch
};

/// The outcome of the last completed switchover or failover of a global cluster.
struct FailoverRecord {
  std::string from_arn;
  std::string to_arn;
  bool data_loss = false;
  std::uint64_t lost_commits = 0;
  double lost_ms = 0;  ///< age of the oldest lost commit when the failover started
  TimePoint started{};
  TimePoint completed{};
};

struct GlobalCluster {
  std::string id;
  std::string resource_id;
  std::string arn;  ///< arn:aws:rds::<account>:global-cluster:<id>
  std::string status;  ///< creating | available | switching-over | failing-over | deleting
  std::string engine;
  std::string engine_version;
  std::string database_name;
  bool storage_encrypted = false;
  bool deletion_protection = false;
  std::vector<std::string> members;  ///< member cluster ARNs, in join order
  std::string writer_arn;            ///< the primary (writer) member, "" without members
  std::optional<FailoverState> failover;
  Tags tags;
  std::optional<TimePoint> due;
  std::deque<Commit> log;  ///< the writer's commits some secondary has not applied yet
  std::optional<FailoverRecord> last_failover;
  TimePoint failover_started{};
};

struct Event {
  std::uint64_t seq = 0;  ///< per region, for Marker paging
  std::string source_id;
  std::string source_type;  ///< db-cluster | db-instance
  std::string message;
  std::vector<std::string> categories;
  TimePoint date{};
  std::string source_arn;
};

struct RegionState {
  std::map<std::string, Cluster, std::less<>> clusters;
  std::map<std::string, Instance, std::less<>> instances;
  std::deque<Event> events;
  std::uint64_t next_event = 1;
};

class RdsService final : public Service {
 public:
  explicit RdsService(FakeCloud::Core& core) : core_(core) {}
  ~RdsService() override;

  std::string_view id() const override { return "rds"; }
  Protocol protocol() const override { return Protocol::kQuery; }
  HttpResponse handle(Call& call) override;
  void save(nlohmann::json& out) const override;
  void load(const nlohmann::json& in) override;
  void reset() override;

  /// Finishes the switchover or failover in progress on `g`: the target becomes the
  /// writer, the former writer a secondary, FailoverState clears and the global cluster is
  /// available again. A failover completes kFailoverDelay after it started; a switchover
  /// kSwitchoverDelay after the target had applied every commit of the primary.
  void complete_global_failover(GlobalCluster& g);

  // Read access for the fake's other services and tests (world lock held).
  const GlobalCluster* find_global(std::string_view id) const;
  const Cluster* find_cluster(std::string_view region, std::string_view id) const;

 private:
  using Handler = HttpResponse (RdsService::*)(Call&);
  static const std::map<std::string_view, Handler, std::less<>>& handlers();

  // rds_describe.cc
  HttpResponse describe_global_clusters(Call& call);
  HttpResponse describe_db_clusters(Call& call);
  HttpResponse describe_db_instances(Call& call);
  HttpResponse describe_events(Call& call);
  // rds_clusters.cc
  HttpResponse create_db_cluster(Call& call);
  HttpResponse delete_db_cluster(Call& call);
  HttpResponse create_db_instance(Call& call);
  HttpResponse delete_db_instance(Call& call);
  // rds_global.cc
  HttpResponse create_global_cluster(Call& call);
  HttpResponse delete_global_cluster(Call& call);
  HttpResponse remove_from_global_cluster(Call& call);
  HttpResponse failover_global_cluster(Call& call);
  HttpResponse switchover_global_cluster(Call& call);
  HttpResponse start_global_failover(Call& call, bool switchover, bool data_loss);

 public:
  // Shared by the handler files.
  FakeCloud::Core& core() { return core_; }
  RegionState& region(std::string_view name) { return regions_[std::string(name)]; }
  /// By identifier (any case) or ARN in `region`; DBClusterNotFoundFault otherwise.
  Cluster& cluster_or_throw(std::string_view region, std::string_view id_or_arn);
  Instance& instance_or_throw(std::string_view region, std::string_view id_or_arn);
  GlobalCluster& global_or_throw(std::string_view id);
  /// A cluster by ARN in any region, or nullptr.
  Cluster* cluster_by_arn(std::string_view arn);
  /// Sets IsClusterWriter on the cluster's instances: one writer in a primary or
  /// standalone cluster (the current one if still there, else the lowest promotion tier,
  /// then the oldest), none in a global secondary.
  void recompute_writer(Cluster& c);
  /// Records an event at `at` (default: now).
  void add_event(std::string_view region, std::string source_id, std::string source_type,
                 std::string message, std::vector<std::string> categories,
                 std::string source_arn, std::optional<TimePoint> at = std::nullopt);
  /// Region-wide random part of endpoints ("cluster-<this>"), stable for an account.
  const std::string& endpoint_suffix(std::string_view region) const;
  const std::string& hosted_zone(std::string_view region) const;
  /// Arms transitions at their due time (also used on load).
  void schedule_cluster(const std::string& region, const std::string& id, TimePoint when);
  void schedule_instance(const std::string& region, const std::string& id, TimePoint when);
  void schedule_global(const std::string& id, TimePoint when);

  std::map<std::string, GlobalCluster, std::less<>>& globals() { return globals_; }

  // ---------------------------------------------------------- Aurora dynamics (rds_aurora.cc)
  /// Replication lag of one region pair: mean and +/- jitter, drawn per replication step.
  struct LagModel {
    Duration mean{};
    Duration jitter{};
  };
  /// The timings of the dynamics, defaults from the constants above.
  struct DynamicsSettings {
    Duration replication_step = kReplicationStep;
    Duration lag_mean = kReplicationLagMean;
    Duration lag_jitter = kReplicationLagJitter;
    double catch_up_factor = kCatchUpFactor;
    Duration switchover_delay = kSwitchoverDelay;
    Duration failover_delay = kFailoverDelay;
    Duration metric_period = kLagMetricPeriod;
  };
  const DynamicsSettings& dynamics_settings() const { return settings_; }
  /// Replaces the settings and re-arms the periodic tasks with the new periods.
  void set_dynamics_settings(const DynamicsSettings& s);
  void set_lag_model(std::string_view from, std::string_view to, LagModel m);
  LagModel lag_model(std::string_view from, std::string_view to) const;
  /// Why `c` cannot take writes now ("" when it can): a secondary, a global cluster
  /// switching or failing over, its Region down, the cluster not available.
  std::string write_block_reason(const Cluster& c) const;
  /// Commits `n` writes on `c` (no checks) and logs them for its secondaries.
  void commit(Cluster& c, std::uint64_t n);
  /// Arms the replication and metric tasks when some global cluster or write rate needs them.
  void ensure_dynamics();
  /// Replication lag and RPO lag (ms) of secondary `s` of `g` now.
  double replication_lag_ms(const Cluster& s) const;
  double rpo_lag_ms(const GlobalCluster& g, const Cluster& s) const;

 private:
  void stop_dynamics();
  bool dynamics_needed() const;
  void replication_step();
  void step_global(GlobalCluster& g, TimePoint now, Duration dt);
  void publish_lag_metrics();
  /// The former primary of a failover with data loss comes back as a secondary.
  void rejoin(GlobalCluster& g, Cluster& s);
  void save_dynamics(nlohmann::json& out) const;
  void load_dynamics(const nlohmann::json& in);

  DynamicsSettings settings_;
  std::map<std::pair<std::string, std::string>, LagModel> lags_;
  VirtualClock::TaskId replication_task_ = 0;
  VirtualClock::TaskId metrics_task_ = 0;
  std::uint64_t dynamics_generation_ = 0;
  TimePoint last_step_{};

 private:
  void schedule(TimePoint when, std::string name, std::function<void()> fn);
  void cancel_pending();
  void settle_cluster(const std::string& region, const std::string& id);
  void settle_instance(const std::string& region, const std::string& id);
  void settle_global(const std::string& id);

  FakeCloud::Core& core_;
  std::map<std::string, RegionState, std::less<>> regions_;
  std::map<std::string, GlobalCluster, std::less<>> globals_;
  std::set<VirtualClock::TaskId> pending_;
  /// endpoint_suffix / hosted_zone per region, computed once (they are hashes).
  mutable std::map<std::string, std::pair<std::string, std::string>, std::less<>> naming_;
  const std::pair<std::string, std::string>& naming(std::string_view region) const;
};

// ---------------------------------------------------------------- request helpers

/// RDS identifiers: 1-63 letters, digits and hyphens, starting with a letter, no trailing
/// hyphen or "--". Returns the lower-cased identifier; InvalidParameterValue otherwise.
std::string valid_identifier(std::string_view param, std::string_view value);
/// Lower-cases an identifier, or returns the resource id of an RDS ARN of `type`
/// ("cluster", "db") in `region` (empty when the ARN is for elsewhere).
std::string identifier_of(std::string_view region, std::string_view type,
                          std::string_view id_or_arn, std::string_view account);

/// Filters.Filter.N.Name / Filters.Filter.N.Values.Value.M (exact values, no wildcards).
struct Filter {
  std::string name;
  std::vector<std::string> values;
  bool matches(std::string_view v) const;
};
/// InvalidParameterValue names a filter not in `known`.
std::vector<Filter> parse_filters(const Call& call, std::initializer_list<std::string_view> known);

/// MaxRecords (20..100, default 100) and Marker.
struct PageRequest {
  int max_records = 100;
  std::string after;
};
PageRequest parse_paging(const Call& call, std::string_view kind);
std::string page_marker(std::string_view kind, std::string_view last_key);

/// Tags.Tag.N.Key / Value.
Tags parse_tags(const Call& call);

}  // namespace drh::fake::rds
