#include "drh/core/virtual_clock.h"

namespace drh {

TimePoint VirtualClock::default_start() {
  // 2026-01-01T00:00:00Z: a fixed, readable origin for reports and state files.
  return TimePoint{} + std::chrono::seconds(1767225600);
}

VirtualClock::VirtualClock(TimePoint start, std::uint64_t seed) : now_(start), rng_(seed) {}

TimePoint VirtualClock::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

VirtualClock::TaskId VirtualClock::schedule_at(TimePoint when, Task task, std::string name) {
  std::lock_guard lock(mutex_);
  if (when < now_) when = now_;
  const std::uint64_t seq = next_seq_++;
  Key key{when, seq};
  queue_.emplace(key, Entry{std::move(task), std::move(name), Duration::zero()});
  index_[seq] = key;
  seq_to_id_[seq] = seq;
  return seq;
}

VirtualClock::TaskId VirtualClock::schedule_after(Duration delay, Task task, std::string name) {
  return schedule_at(now() + std::chrono::duration_cast<TimePoint::duration>(delay),
                     std::move(task), std::move(name));
}

VirtualClock::TaskId VirtualClock::schedule_every(Duration period, Task task, std::string name,
                                                  Duration first_delay) {
  if (period <= Duration::zero()) period = std::chrono::seconds(1);
  std::lock_guard lock(mutex_);
  const std::uint64_t seq = next_seq_++;
  Key key{now_ + std::chrono::duration_cast<TimePoint::duration>(first_delay), seq};
  queue_.emplace(key, Entry{std::move(task), std::move(name), period});
  index_[seq] = key;
  seq_to_id_[seq] = seq;
  return seq;
}

bool VirtualClock::cancel(TaskId id) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(id);
  if (it == index_.end()) return false;
  seq_to_id_.erase(std::get<1>(it->second));
  queue_.erase(it->second);
  index_.erase(it);
  return true;
}

bool VirtualClock::pop_due(TimePoint limit, Key& key, Entry& entry) {
  std::lock_guard lock(mutex_);
  if (queue_.empty()) return false;
  auto first = queue_.begin();
  if (std::get<0>(first->first) > limit) return false;
  key = first->first;
  entry = std::move(first->second);
  queue_.erase(first);
  const std::uint64_t seq = std::get<1>(key);
  const TaskId id = seq_to_id_[seq];
  seq_to_id_.erase(seq);
  if (entry.period > Duration::zero()) {
    // Re-arm before running, so the task may cancel itself by id.
    const std::uint64_t next = next_seq_++;
    Key again{std::get<0>(key) + std::chrono::duration_cast<TimePoint::duration>(entry.period),
              next};
    queue_.emplace(again, Entry{entry.task, entry.name, entry.period});
    index_[id] = again;
    seq_to_id_[next] = id;
  } else {
    index_.erase(id);
  }
  if (std::get<0>(key) > now_) now_ = std::get<0>(key);
  return true;
}

void VirtualClock::advance_to(TimePoint target) {
  std::lock_guard serial(advance_mutex_);
  Key key;
  Entry entry;
  while (pop_due(target, key, entry)) entry.task();
  std::lock_guard lock(mutex_);
  if (target > now_) now_ = target;
}

void VirtualClock::advance(Duration d) {
  advance_to(now() + std::chrono::duration_cast<TimePoint::duration>(d));
}

void VirtualClock::run_due() { advance_to(now()); }

std::size_t VirtualClock::pending() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

TimePoint VirtualClock::next_due() const {
  std::lock_guard lock(mutex_);
  return queue_.empty() ? TimePoint::max() : std::get<0>(queue_.begin()->first);
}

double VirtualClock::jitter() {
  std::lock_guard lock(mutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
}

Duration VirtualClock::jittered(Duration mean, Duration spread) {
  const double u = jitter() * 2.0 - 1.0;  // [-1, 1)
  auto value = mean + std::chrono::duration_cast<Duration>(spread * u);
  return value < Duration::zero() ? Duration::zero() : value;
}

}  // namespace drh
