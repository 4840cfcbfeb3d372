#include "drh/core/retry.h"

#include <algorithm>
#include <array>

namespace drh {
namespace {

// The throttling codes of the AWS SDKs' standard retry mode, every protocol.
constexpr std::array<std::string_view, 14> kThrottlingCodes = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};

// Codes the standard mode treats as transient whatever the HTTP status.
constexpr std::array<std::string_view, 6> kTransientCodes = {
    "RequestTimeout",  "RequestTimeoutException", "InternalError",
    "InternalFailure", "ServiceUnavailable",      "IDPCommunicationError",
};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view code) {
  return std::find(list.begin(), list.end(), code) != list.end();
}

}  // namespace

bool is_throttling_code(std::string_view code) { return contains(kThrottlingCodes, code); }

bool is_retryable(const Error& error) {
  if (error.retryable) return true;
  if (error.kind == ErrorKind::kNetwork || error.kind == ErrorKind::kTimeout) return true;
  if (is_throttling_code(error.code) || contains(kTransientCodes, error.code)) return true;
  switch (error.http_status) {
    case 429:  // Too Many Requests: throttling even without an AWS error document
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

RetryStrategy::RetryStrategy(RetryOptions options, Clock& clock)
    : options_(options), clock_(clock), quota_(options.quota_capacity) {
  if (options_.max_attempts < 1) options_.max_attempts = 1;
  if (options_.base_delay.count() < 0) options_.base_delay = std::chrono::milliseconds(0);
  if (options_.max_backoff.count() < 0) options_.max_backoff = std::chrono::milliseconds(0);
  if (options_.quota_capacity < 0) options_.quota_capacity = 0;
  quota_ = options_.quota_capacity;
  std::uint64_t seed = options_.seed;
  if (seed == 0) {
    std::random_device rd;
    seed = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  }
  rng_.seed(seed);
}

std::chrono::milliseconds RetryStrategy::backoff(int retry) {
  using std::chrono::milliseconds;
  const std::int64_t cap = options_.max_backoff.count();
  const std::int64_t base = options_.base_delay.count();
  std::int64_t ceiling = cap;
  const int exponent = std::max(retry, 1) - 1;
  // base * 2^exponent, without overflowing: stop doubling once past the cap.
  if (exponent < 62 && base <= (cap >> exponent)) ceiling = std::min(cap, base << exponent);
  if (ceiling <= 0) return milliseconds(0);
  std::uniform_int_distribution<std::int64_t> dist(0, ceiling);
  std::lock_guard lock(mutex_);
  return milliseconds(dist(rng_));
}

int RetryStrategy::retry_cost_of(const Error& error) const {
  return error.kind == ErrorKind::kTimeout ? options_.timeout_retry_cost : options_.retry_cost;
}

bool RetryStrategy::take_quota(int cost) {
  std::lock_guard lock(mutex_);
  if (quota_ < cost) return false;
  quota_ -= cost;
  return true;
}

void RetryStrategy::refund_quota(int last_retry_cost) {
  std::lock_guard lock(mutex_);
  quota_ = std::min(options_.quota_capacity, quota_ + (last_retry_cost > 0 ? last_retry_cost : 1));
}

bool RetryStrategy::acquire_retry(const Error& error) {
  const int cost = retry_cost_of(error);
  std::lock_guard lock(mutex_);
  if (quota_ < cost) return false;
  quota_ -= cost;
  last_cost_ = cost;
  return true;
}

void RetryStrategy::record_success(bool was_retry) {
  int cost = 0;
  {
    std::lock_guard lock(mutex_);
    cost = was_retry ? last_cost_ : 0;
    if (was_retry) last_cost_ = 0;
  }
  refund_quota(cost);
}

int RetryStrategy::available_quota() const {
  std::lock_guard lock(mutex_);
  return quota_;
}

}  // namespace drh
