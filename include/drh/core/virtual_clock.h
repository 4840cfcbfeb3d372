// Virtual time with a scheduler: the heartbeat of the fake cloud and of drills on it.
//
// Processes (replication ticks, health-check probes, alarm evaluation, failover steps)
// are scheduled at virtual instants. advance(d) runs every task due up to now + d in time
// order (ties in scheduling order), with now() equal to each task's due time while it
// runs, so minutes of DR behaviour happen in microseconds and the same seed always gives
// the same run.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <tuple>

#include "drh/core/clock.h"

namespace drh {

class VirtualClock final : public Clock {
 public:
  using TaskId = std::uint64_t;
  using Task = std::function<void()>;

  /// Starts at `start` (default 2026-01-01T00:00:00Z); `seed` drives jitter().
  explicit VirtualClock(TimePoint start = default_start(), std::uint64_t seed = 1);

  TimePoint now() const override;
  /// Advances virtual time by `d`, running what falls due: waiting costs no real time.
  void sleep_for(Duration d) override { advance(d); }

  /// Runs every task due at or before now() + d, then sets now() to now() + d.
  /// Tasks may schedule or cancel tasks. Concurrent callers are serialised.
  void advance(Duration d);
  /// advance() up to `t` (no-op when `t` is not later than now()).
  void advance_to(TimePoint t);
  /// Runs tasks due at or before now() without moving time.
  void run_due();

  /// Schedules `task` at `when` (now() if earlier). `name` shows in pending_names().
  TaskId schedule_at(TimePoint when, Task task, std::string name = {});
  TaskId schedule_after(Duration delay, Task task, std::string name = {});
  /// Runs `task` every `period`, first at now() + `first_delay`, until cancelled.
  TaskId schedule_every(Duration period, Task task, std::string name = {},
                        Duration first_delay = Duration::zero());
  /// Cancels a pending or periodic task; false when it is unknown or already ran.
  bool cancel(TaskId id);

  std::size_t pending() const;
  /// Due time of the next task, or TimePoint::max() when none is pending.
  TimePoint next_due() const;

  /// A deterministic uniform value in [0, 1) from the clock's seeded generator.
  double jitter();
  /// Mean +/- spread, drawn from the seeded generator (never negative).
  Duration jittered(Duration mean, Duration spread);

  static TimePoint default_start();

 private:
  struct Entry {
    Task task;
    std::string name;
    Duration period{0};  // > 0 for periodic tasks
  };
  using Key = std::tuple<TimePoint, std::uint64_t>;  // (due, sequence)

  bool pop_due(TimePoint limit, Key& key, Entry& entry);

  mutable std::mutex mutex_;
  std::mutex advance_mutex_;
  TimePoint now_;
  std::uint64_t next_seq_ = 1;
  std::map<Key, Entry> queue_;
  std::map<TaskId, Key> index_;  // TaskId is the sequence of the entry's first schedule
  std::map<std::uint64_t, TaskId> seq_to_id_;
  std::mt19937_64 rng_;
};

}  // namespace drh
