#include "drh/core/retry.h"

#include <gtest/gtest.h>

#include <deque>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace drh {
namespace {

using namespace std::chrono_literals;

Error aws_error(std::string code, int status) {
  Error e = make_error(ErrorKind::kAws, std::move(code), "scripted");
  e.http_status = status;
  return e;
}

Error http_error(int status) {
  Error e = make_error(ErrorKind::kHttp, "", "scripted");
  e.http_status = status;
  return e;
}

// Plays back a fixed sequence of outcomes and counts the calls.
class Script {
 public:
  explicit Script(std::vector<Result<int>> outcomes)
      : outcomes_(outcomes.begin(), outcomes.end()) {}
  std::function<Result<int>()> fn() {
    return [this]() -> Result<int> {
      ++calls;
      if (outcomes_.empty()) return make_error(ErrorKind::kInternal, "ScriptEnded", "");
      Result<int> r = outcomes_.front();
      outcomes_.pop_front();
      return r;
    };
  }
  int calls = 0;

 private:
  std::deque<Result<int>> outcomes_;
};

RetryOptions seeded(int max_attempts = 3) {
  RetryOptions o;
  o.max_attempts = max_attempts;
  o.seed = 42;
  return o;
}

TEST(IsThrottlingCodeTest, TheStandardModeList) {
  for (const char* code :
       {"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException"}) {
    EXPECT_TRUE(is_throttling_code(code)) << code;
  }
  for (const char* code : {"", "throttling", "ValidationError", "AccessDenied",
                           "ThrottlingExceptionX", "InternalError"}) {
    EXPECT_FALSE(is_throttling_code(code)) << code;
  }
}

TEST(IsRetryableTest, ThrottlingWhateverTheStatus) {
  EXPECT_TRUE(is_retryable(aws_error("Throttling", 400)));  // Query protocols throttle with 400
  EXPECT_TRUE(is_retryable(aws_error("ThrottlingException", 400)));
  EXPECT_TRUE(is_retryable(aws_error("SlowDown", 503)));
  EXPECT_TRUE(is_retryable(aws_error("ProvisionedThroughputExceededException", 400)));
  EXPECT_TRUE(is_retryable(aws_error("RequestLimitExceeded", 503)));
  EXPECT_TRUE(is_retryable(http_error(429)));
}

TEST(IsRetryableTest, TransientCodesAndServerErrors) {
  for (const char* code : {"RequestTimeout", "RequestTimeoutException", "InternalError",
                           "InternalFailure", "ServiceUnavailable", "IDPCommunicationError"}) {
    EXPECT_TRUE(is_retryable(aws_error(code, 400))) << code;
  }
  for (int status : {500, 502, 503, 504}) {
    EXPECT_TRUE(is_retryable(http_error(status))) << status;
    EXPECT_TRUE(is_retryable(aws_error("SomethingBroke", status))) << status;
  }
  EXPECT_FALSE(is_retryable(http_error(501)));
  EXPECT_FALSE(is_retryable(http_error(505)));
}

TEST(IsRetryableTest, NetworkAndTimeoutErrors) {
  EXPECT_TRUE(is_retryable(make_error(ErrorKind::kNetwork, "ConnectionRefused", "")));
  EXPECT_TRUE(is_retryable(make_error(ErrorKind::kTimeout, "Timeout", "")));
}

TEST(IsRetryableTest, NeverOtherClientErrors) {
  for (auto [code, status] :
       std::vector<std::pair<const char*, int>>{{"ValidationError", 400},
                                                {"AccessDenied", 403},
                                                {"ResourceNotFoundException", 400},
                                                {"DBClusterNotFoundFault", 404},
                                                {"NoSuchBucket", 404},
                                                {"InvalidParameterValue", 400},
                                                {"ExpiredToken", 400},
                                                {"ConditionalCheckFailedException", 400}}) {
    EXPECT_FALSE(is_retryable(aws_error(code, status))) << code;
  }
  for (int status : {400, 401, 403, 404, 409, 412}) {
    EXPECT_FALSE(is_retryable(http_error(status))) << status;
  }
  EXPECT_FALSE(is_retryable(invalid_input("bad")));
  EXPECT_FALSE(is_retryable(make_error(ErrorKind::kCredentials, "CredentialsNotFound", "")));
  EXPECT_FALSE(is_retryable(make_error(ErrorKind::kDecode, "", "")));
}

TEST(IsRetryableTest, AnErrorAlreadyMarkedRetryable) {
  Error e = aws_error("CustomTransientFault", 400);
  e.retryable = true;
  EXPECT_TRUE(is_retryable(e));
}

TEST(BackoffTest, FullJitterWithinTheExponentialCeiling) {
  ManualClock clock;
  RetryOptions o = seeded();
  o.base_delay = 100ms;
  o.max_backoff = 20s;
  RetryStrategy retry(o, clock);
  for (int n = 1; n <= 12; ++n) {
    auto ceiling = std::min<std::chrono::milliseconds>(20000ms, 100ms * (1 << (n - 1)));
    std::chrono::milliseconds biggest{0};
    for (int i = 0; i < 300; ++i) {
      auto d = retry.backoff(n);
      ASSERT_GE(d.count(), 0) << n;
      ASSERT_LE(d, ceiling) << n;
      biggest = std::max(biggest, d);
    }
    EXPECT_GT(biggest, ceiling / 2) << "jitter spans the range, retry " << n;
  }
}

TEST(BackoffTest, CappedAndSafeForHugeRetryNumbers) {
  ManualClock clock;
  RetryOptions o = seeded();
  o.base_delay = 1000ms;
  o.max_backoff = 20000ms;
  RetryStrategy retry(o, clock);
  for (int n : {6, 30, 63, 64, 1000, 1 << 30}) {
    auto d = retry.backoff(n);
    EXPECT_GE(d.count(), 0);
    EXPECT_LE(d, 20000ms) << n;
  }
  EXPECT_LE(retry.backoff(0), 1000ms) << "retry numbers below 1 count as 1";
  EXPECT_LE(retry.backoff(-3), 1000ms);
}

TEST(BackoffTest, SameSeedSameDelays) {
  ManualClock clock;
  RetryStrategy a(seeded(), clock), b(seeded(), clock);
  for (int n = 1; n <= 5; ++n) EXPECT_EQ(a.backoff(n), b.backoff(n));
  RetryOptions other = seeded();
  other.seed = 7;
  RetryStrategy c(other, clock);
  std::set<long long> seen_a, seen_c;
  for (int i = 0; i < 20; ++i) {
    seen_a.insert(a.backoff(5).count());
    seen_c.insert(c.backoff(5).count());
  }
  EXPECT_NE(seen_a, seen_c);
}

TEST(BackoffTest, ZeroBaseMeansNoWait) {
  ManualClock clock;
  RetryOptions o = seeded();
  o.base_delay = 0ms;
  RetryStrategy retry(o, clock);
  EXPECT_EQ(retry.backoff(3), 0ms);
}

TEST(RetryRunTest, ServiceUnavailableThenSuccess) {
  ManualClock clock;
  RetryStrategy retry(seeded(), clock);
  Script script({http_error(503), 7});
  auto r = retry.run<int>(script.fn());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 7);
  EXPECT_EQ(script.calls, 2);
  EXPECT_LE(clock.total_slept(), Duration(1000ms)) << "one backoff of at most base_delay";
  EXPECT_EQ(retry.available_quota(), 500) << "the retry's cost is refunded on success";
}

TEST(RetryRunTest, ThrottledThreeTimesGivesUpAfterThreeAttempts) {
  ManualClock clock;
  RetryStrategy retry(seeded(3), clock);
  Script script({aws_error("Throttling", 400), aws_error("Throttling", 400),
                 aws_error("Throttling", 400), 1});
  auto start = clock.now();
  auto r = retry.run<int>(script.fn());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "Throttling");
  EXPECT_EQ(script.calls, 3);
  EXPECT_LE(clock.now() - start, Duration(1000ms + 2000ms)) << "two backoffs: <=1s, <=2s";
  EXPECT_EQ(retry.available_quota(), 500 - 2 * 5);
}

TEST(RetryRunTest, ValidationErrorIsNeverRetried) {
  ManualClock clock;
  RetryStrategy retry(seeded(5), clock);
  Script script({aws_error("ValidationError", 400), 1});
  auto r = retry.run<int>(script.fn());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ValidationError");
  EXPECT_EQ(script.calls, 1);
  EXPECT_EQ(clock.total_slept(), Duration::zero());
  EXPECT_EQ(retry.available_quota(), 500);
}

TEST(RetryRunTest, FirstTrySuccessRefundsOneUpToCapacity) {
  ManualClock clock;
  RetryStrategy retry(seeded(), clock);
  Script ok({1});
  ASSERT_TRUE(retry.run<int>(ok.fn()).ok());
  EXPECT_EQ(retry.available_quota(), 500) << "never above capacity";

  Script throttled(
      {aws_error("Throttling", 400), aws_error("Throttling", 400), aws_error("Throttling", 400)});
  ASSERT_FALSE(retry.run<int>(throttled.fn()).ok());
  EXPECT_EQ(retry.available_quota(), 490);
  for (int i = 0; i < 3; ++i) {
    Script again({1});
    ASSERT_TRUE(retry.run<int>(again.fn()).ok());
  }
  EXPECT_EQ(retry.available_quota(), 493);
}

TEST(RetryRunTest, TimeoutsCostMore) {
  ManualClock clock;
  RetryStrategy retry(seeded(2), clock);
  Script script({make_error(ErrorKind::kTimeout, "Timeout", ""), 1});
  Script fail({make_error(ErrorKind::kTimeout, "Timeout", ""),
               make_error(ErrorKind::kTimeout, "Timeout", "")});
  ASSERT_FALSE(retry.run<int>(fail.fn()).ok());
  EXPECT_EQ(retry.available_quota(), 490);
  ASSERT_TRUE(retry.run<int>(script.fn()).ok());
  EXPECT_EQ(retry.available_quota(), 490) << "took 10, refunded 10";
}

TEST(RetryRunTest, QuotaExhaustionStopsRetrying) {
  ManualClock clock;
  RetryOptions o = seeded(10);
  o.quota_capacity = 12;
  o.retry_cost = 5;
  RetryStrategy retry(o, clock);
  std::vector<Result<int>> outcomes(10, http_error(503));
  Script script(outcomes);
  auto r = retry.run<int>(script.fn());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().http_status, 503);
  EXPECT_EQ(script.calls, 3) << "two retries fit in a quota of 12 at 5 each";
  EXPECT_EQ(retry.available_quota(), 2);

  // With the bucket nearly empty, the next failing call gets no retry at all.
  Script next({http_error(503), 1});
  auto r2 = retry.run<int>(next.fn());
  EXPECT_FALSE(r2.ok());
  EXPECT_EQ(next.calls, 1);
}

TEST(RetryRunTest, MaxAttemptsOfOneNeverRetries) {
  ManualClock clock;
  RetryStrategy retry(seeded(1), clock);
  Script script({http_error(500), 1});
  EXPECT_FALSE(retry.run<int>(script.fn()).ok());
  EXPECT_EQ(script.calls, 1);
  RetryStrategy zero(seeded(0), clock);
  Script again({http_error(500), 1});
  EXPECT_FALSE(zero.run<int>(again.fn()).ok());
  EXPECT_EQ(again.calls, 1) << "fewer than one attempt is treated as one";
}

TEST(RetryRunTest, BackoffSleepsOnTheInjectedClockOnly) {
  ManualClock clock;
  RetryOptions o = seeded(5);
  o.base_delay = 10s;
  o.max_backoff = 60s;
  RetryStrategy retry(o, clock);
  Script script({http_error(502), http_error(504), make_error(ErrorKind::kNetwork, "Reset", ""),
                 aws_error("InternalError", 500), 9});
  auto wall = std::chrono::steady_clock::now();
  auto r = retry.run<int>(script.fn());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(script.calls, 5);
  EXPECT_LT(std::chrono::steady_clock::now() - wall, 5s);
  EXPECT_LE(clock.total_slept(), Duration(10s + 20s + 40s + 60s));
}

TEST(RetryStrategyTest, AcquireAndRecordSuccessByHand) {
  ManualClock clock;
  RetryOptions o = seeded();
  o.quota_capacity = 20;
  RetryStrategy retry(o, clock);
  EXPECT_TRUE(retry.acquire_retry(http_error(503)));
  EXPECT_EQ(retry.available_quota(), 15);
  EXPECT_TRUE(retry.acquire_retry(make_error(ErrorKind::kTimeout, "", "")));
  EXPECT_EQ(retry.available_quota(), 5);
  EXPECT_FALSE(retry.acquire_retry(make_error(ErrorKind::kTimeout, "", "")));
  EXPECT_EQ(retry.available_quota(), 5);
  retry.record_success(true);
  EXPECT_EQ(retry.available_quota(), 15) << "refunds the last retry's cost";
  retry.record_success(false);
  EXPECT_EQ(retry.available_quota(), 16);
  EXPECT_EQ(retry.retry_cost_of(http_error(500)), 5);
  EXPECT_EQ(retry.retry_cost_of(make_error(ErrorKind::kTimeout, "", "")), 10);
  EXPECT_EQ(retry.options().quota_capacity, 20);
}

TEST(RetryStrategyTest, ConcurrentRunsShareTheQuotaSafely) {
  ManualClock clock;
  RetryOptions o = seeded(2);
  o.quota_capacity = 1000;
  RetryStrategy retry(o, clock);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        Script s({http_error(503), 1});
        ASSERT_TRUE(retry.run<int>(s.fn()).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(retry.available_quota(), 1000) << "every retry refunded exactly its own cost";
}

}  // namespace
}  // namespace drh
