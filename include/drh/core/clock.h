// Time as an injected dependency.
//
// Everything that reads the time or waits (SigV4 timestamps, retry backoff, waiters,
// drills) takes a Clock, so tests and the fake run on virtual time and never sleep for real.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace drh {

using TimePoint = std::chrono::system_clock::time_point;
using Duration = std::chrono::nanoseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  /// Waits for `d`. A virtual clock advances itself instead of blocking.
  virtual void sleep_for(Duration d) = 0;
};

/// Wall-clock time; sleep_for really sleeps.
class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
  void sleep_for(Duration d) override;
  /// A process-wide instance for callers that do not inject one.
  static SystemClock& instance();
};

/// Time that moves only when told: sleep_for(d) advances by d and returns at once.
/// Thread-safe. Records the total slept so tests can assert on backoff.
class ManualClock : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint{} + std::chrono::hours(24 * 365 * 56));
  TimePoint now() const override;
  void sleep_for(Duration d) override;
  void advance(Duration d);
  void set(TimePoint t);
  Duration total_slept() const;

 private:
  mutable std::mutex mutex_;
  TimePoint now_;
  Duration slept_{0};
};

/// "20150830T123600Z" (SigV4 x-amz-date form).
std::string format_amz_date(TimePoint t);
/// "2015-08-30T12:36:00Z" (ISO 8601, second precision, UTC).
std::string format_iso8601(TimePoint t);

}  // namespace drh
