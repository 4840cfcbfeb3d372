// Test controls for the fake's Aurora Global Database model: what no AWS API does.
//
// The fake counts commits abstractly. Each DB cluster has a write position; a test (or a
// drill's load generator) commits writes on the primary with commit_writes() or a steady
// set_write_rate(), and every secondary applies them after a replication lag drawn per
// replication step (mean +/- jitter per region pair). Replication stops while the fault
// book forbids it (region outage, partition, replication-pause) and the backlog drains
// faster than real time afterwards. global_database() shows positions, lags and what
// the last failover lost. docs/fake-model.md ("Aurora Global Database") has the model
// and every default with its AWS source.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drh/core/clock.h"
#include "drh/core/result.h"
#include "drh/fake/fake_cloud.h"

namespace drh::fake::aurora {

/// Commits `n` writes on the DB cluster `cluster_id` (identifier or ARN) of `region` and
/// returns its new position. Fails (kInvalidInput) for an unknown cluster, a read-only
/// secondary, a primary whose global cluster is switching or failing over (writes are
/// fenced), a cluster that is not available, or a Region that is down.
Result<std::uint64_t> commit_writes(FakeCloud& cloud, std::string_view region,
                                    std::string_view cluster_id, std::uint64_t n);

/// A steady write load: `per_second` commits per second on the cluster whenever it can
/// take writes (0 stops it). Writes refused while it cannot (fenced, Region down) are
/// dropped, as an application's failed writes are.
Status set_write_rate(FakeCloud& cloud, std::string_view region, std::string_view cluster_id,
                      double per_second);

/// The replication lag from `from_region` to `to_region`: mean +/- jitter, drawn anew
/// each replication step (never negative).
Status set_replication_lag(FakeCloud& cloud, std::string_view from_region,
                           std::string_view to_region, Duration mean, Duration jitter);

/// The model's timings (defaults in docs/fake-model.md).
struct Settings {
  Duration replication_step{};  ///< replication and steady writes advance this often
  Duration lag_mean{};          ///< default replication lag of every region pair
  Duration lag_jitter{};
  double catch_up_factor = 0;   ///< seconds of backlog replayed per second after a pause
  Duration switchover_delay{};  ///< role change after the target has caught up
  Duration failover_delay{};    ///< start of a failover to the writer flip
  Duration metric_period{};     ///< AuroraGlobalDB*Lag metrics period
};
Settings settings(FakeCloud& cloud);
/// kInvalidInput for non-positive periods, a negative lag or a catch-up factor below 1.
Status configure(FakeCloud& cloud, const Settings& settings);

struct Member {
  std::string cluster_arn;
  std::string region;
  std::string cluster_id;
  bool writer = false;
  std::string status;           ///< the DB cluster's Status
  std::string synchronization;  ///< connected | pending-resync (former primary, not back yet)
  std::uint64_t position = 0;   ///< commits committed (writer) or applied (secondary)
  std::uint64_t behind = 0;     ///< commits the writer has that this member has not applied
  double replication_lag_ms = 0;  ///< 0 for the writer
  double rpo_lag_ms = 0;          ///< age of the oldest commit not applied yet (0 if none)
};

/// The outcome of the last completed switchover or failover.
struct LastFailover {
  std::string from_arn;
  std::string to_arn;
  bool data_loss = false;
  std::uint64_t lost_commits = 0;  ///< the unreplicated tail (always 0 for a switchover)
  double lost_ms = 0;              ///< age of the oldest lost commit when it started
  TimePoint started{};
  TimePoint completed{};
};

struct GlobalDatabase {
  std::string id;
  std::string status;           ///< the global cluster's Status
  std::string failover_status;  ///< FailoverState.Status, "" when none is in progress
  std::vector<Member> members;  ///< in join order
  std::optional<LastFailover> last_failover;
};

/// The state of global cluster `global_id`; kInvalidInput when there is none.
Result<GlobalDatabase> global_database(FakeCloud& cloud, std::string_view global_id);

}  // namespace drh::fake::aurora
