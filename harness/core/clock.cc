#include "drh/core/clock.h"

#include <ctime>
#include <thread>

namespace drh {

TimePoint SystemClock::now() const { return std::chrono::system_clock::now(); }

void SystemClock::sleep_for(Duration d) {
  if (d > Duration::zero()) std::this_thread::sleep_for(d);
}

SystemClock& SystemClock::instance() {
  static SystemClock clock;
  return clock;
}

ManualClock::ManualClock(TimePoint start) : now_(start) {}

TimePoint ManualClock::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

void ManualClock::sleep_for(Duration d) {
  std::lock_guard lock(mutex_);
  if (d <= Duration::zero()) return;
  now_ += std::chrono::duration_cast<TimePoint::duration>(d);
  slept_ += d;
}

void ManualClock::advance(Duration d) {
  std::lock_guard lock(mutex_);
  now_ += std::chrono::duration_cast<TimePoint::duration>(d);
}

void ManualClock::set(TimePoint t) {
  std::lock_guard lock(mutex_);
  now_ = t;
}

Duration ManualClock::total_slept() const {
  std::lock_guard lock(mutex_);
  return slept_;
}

namespace {
std::string format_utc(TimePoint t, const char* fmt) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::size_t n = std::strftime(buf, sizeof buf, fmt, &tm);
  return std::string(buf, n);
}
}  // namespace

std::string format_amz_date(TimePoint t) { return format_utc(t, "%Y%m%dT%H%M%SZ"); }
std::string format_iso8601(TimePoint t) { return format_utc(t, "%Y-%m-%dT%H:%M:%SZ"); }

}  // namespace drh
