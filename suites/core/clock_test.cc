#include "drh/core/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace drh {
namespace {

using namespace std::chrono_literals;

// 2015-08-30T12:36:00Z, the time used throughout the AWS SigV4 examples.
TimePoint sigv4_example_time() {
  return std::chrono::sys_days(std::chrono::year{2015} / 8 / 30) + 12h + 36min;
}

TEST(FormatTest, AmzDate) { EXPECT_EQ(format_amz_date(sigv4_example_time()), "20150830T123600Z"); }

TEST(FormatTest, Iso8601) {
  EXPECT_EQ(format_iso8601(sigv4_example_time()), "2015-08-30T12:36:00Z");
  EXPECT_EQ(format_iso8601(TimePoint{}), "1970-01-01T00:00:00Z");
}

TEST(FormatTest, DropsSubSecondPrecision) {
  EXPECT_EQ(format_iso8601(sigv4_example_time() + 999ms), "2015-08-30T12:36:00Z");
  EXPECT_EQ(format_amz_date(sigv4_example_time() + 999ms), "20150830T123600Z");
}

TEST(FormatTest, LeapDayAndYearEnd) {
  auto leap = std::chrono::sys_days(std::chrono::year{2024} / 2 / 29) + 23h + 59min + 59s;
  EXPECT_EQ(format_iso8601(leap), "2024-02-29T23:59:59Z");
  EXPECT_EQ(format_amz_date(leap + 1s), "20240301T000000Z");
}

TEST(ManualClockTest, StartsWhereToldAndOnlyMovesWhenTold) {
  ManualClock clock(sigv4_example_time());
  EXPECT_EQ(clock.now(), sigv4_example_time());
  EXPECT_EQ(clock.now(), sigv4_example_time());
  clock.advance(90s);
  EXPECT_EQ(format_iso8601(clock.now()), "2015-08-30T12:37:30Z");
  EXPECT_EQ(clock.total_slept(), Duration::zero()) << "advance is not sleeping";
}

TEST(ManualClockTest, DefaultStartIsARecentDate) {
  ManualClock clock;
  EXPECT_GT(clock.now(), sigv4_example_time());
}

TEST(ManualClockTest, SleepAdvancesAndIsRecorded) {
  ManualClock clock(sigv4_example_time());
  auto before = std::chrono::steady_clock::now();
  clock.sleep_for(10min);
  clock.sleep_for(500ms);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 5s) << "ManualClock must not block";
  EXPECT_EQ(clock.now(), sigv4_example_time() + 10min + 500ms);
  EXPECT_EQ(clock.total_slept(), Duration(10min + 500ms));
}

TEST(ManualClockTest, NonPositiveSleepIsIgnored) {
  ManualClock clock(sigv4_example_time());
  clock.sleep_for(Duration::zero());
  clock.sleep_for(-5s);
  EXPECT_EQ(clock.now(), sigv4_example_time());
  EXPECT_EQ(clock.total_slept(), Duration::zero());
}

TEST(ManualClockTest, SetJumps) {
  ManualClock clock(sigv4_example_time());
  clock.set(TimePoint{});
  EXPECT_EQ(clock.now(), TimePoint{});
}

TEST(ManualClockTest, ConcurrentSleepsAllCount) {
  ManualClock clock(sigv4_example_time());
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 1000; ++j) clock.sleep_for(1ms);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(clock.total_slept(), Duration(4000ms));
  EXPECT_EQ(clock.now(), sigv4_example_time() + 4000ms);
}

TEST(SystemClockTest, IsCloseToTheSystemTimeAndSleeps) {
  Clock& clock = SystemClock::instance();
  EXPECT_EQ(&clock, &SystemClock::instance());
  auto diff = clock.now() - std::chrono::system_clock::now();
  EXPECT_LT(std::chrono::abs(diff), 1s);
  auto before = std::chrono::steady_clock::now();
  clock.sleep_for(2ms);
  EXPECT_GE(std::chrono::steady_clock::now() - before, 2ms);
  clock.sleep_for(-1s);  // returns at once
}

}  // namespace
}  // namespace drh
