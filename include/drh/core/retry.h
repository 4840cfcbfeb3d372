// The AWS SDK "standard" retry mode.
//
// Up to max_attempts tries; exponential backoff with full jitter, capped; retries on
// throttling codes, 500/502/503/504 and transient network errors, never on other 4xx; a
// token-bucket retry quota so a struggling service is not hammered. The clock and the
// random source are injected, so tests run on virtual time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <random>
#include <string_view>

#include "drh/core/clock.h"
#include "drh/core/http.h"
#include "drh/core/result.h"

namespace drh {

struct RetryOptions {
  int max_attempts = 3;
  std::chrono::milliseconds base_delay{1000};  ///< SDK standard: b * 2^attempt, jittered
  std::chrono::milliseconds max_backoff{20000};
  int quota_capacity = 500;
  int retry_cost = 5;
  int timeout_retry_cost = 10;
  std::uint64_t seed = 0;  ///< 0: seeded from the system
};

/// Throttling error codes of every AWS protocol (Throttling, ThrottlingException,
/// RequestLimitExceeded, SlowDown, TooManyRequestsException, ...).
bool is_throttling_code(std::string_view code);
/// Transient per the standard mode: an error already marked retryable, throttling (by
/// code, or HTTP 429), 500/502/503/504, network and timeout errors, and the transient
/// codes RequestTimeout(Exception), InternalError, InternalFailure, ServiceUnavailable,
/// IDPCommunicationError. Any other 4xx is never retried.
bool is_retryable(const Error& error);

class RetryStrategy {
 public:
  RetryStrategy(RetryOptions options, Clock& clock);

  /// Runs `attempt` until it succeeds, fails with a non-retryable error, runs out of
  /// attempts or of quota. A successful result refunds quota. Thread-safe: concurrent
  /// runs share the quota and the random source, each keeps its own retry cost.
  template <typename T>
  Result<T> run(const std::function<Result<T>()>& attempt);

  /// The delay before retry number `retry` (1-based), with full jitter: uniform in
  /// [0, min(max_backoff, base_delay * 2^(retry-1))].
  std::chrono::milliseconds backoff(int retry);
  /// Takes the cost of retrying `error` from the quota; false when the bucket is empty.
  bool acquire_retry(const Error& error);
  /// Refunds the cost of the last acquire_retry() after a retry succeeded, or 1 after a
  /// first-attempt success; never above quota_capacity. (run() tracks the cost per call;
  /// these two are for callers driving their own loop on one thread.)
  void record_success(bool was_retry);
  int available_quota() const;
  const RetryOptions& options() const { return options_; }

  /// The quota cost of retrying `error`: timeout_retry_cost for kTimeout, else retry_cost.
  int retry_cost_of(const Error& error) const;

 private:
  /// Takes `cost` from the quota if it is there.
  bool take_quota(int cost);
  /// Success after a retry that cost `last_retry_cost` (0: no retry, refunds 1).
  void refund_quota(int last_retry_cost);

  RetryOptions options_;
  Clock& clock_;
  mutable std::mutex mutex_;
  std::mt19937_64 rng_;
  int quota_;
  int last_cost_ = 0;
};

template <typename T>
Result<T> RetryStrategy::run(const std::function<Result<T>()>& attempt) {
  int last_retry_cost = 0;
  for (int n = 1;; ++n) {
    Result<T> r = attempt();
    if (r.ok()) {
      refund_quota(last_retry_cost);
      return r;
    }
    if (n >= options_.max_attempts || !is_retryable(r.error())) return r;
    const int cost = retry_cost_of(r.error());
    if (!take_quota(cost)) return r;
    last_retry_cost = cost;
    clock_.sleep_for(backoff(n));
  }
}

}  // namespace drh
