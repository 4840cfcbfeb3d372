#include "drh/core/virtual_clock.h"

#include <gtest/gtest.h>

#include <vector>

namespace drh {
namespace {

using std::chrono::seconds;

TEST(VirtualClock, RunsTasksInTimeOrderWithNowAtTheirDueTime) {
  VirtualClock clock;
  const TimePoint t0 = clock.now();
  std::vector<std::pair<int, TimePoint>> ran;
  clock.schedule_after(seconds(30), [&] { ran.emplace_back(3, clock.now()); });
  clock.schedule_after(seconds(10), [&] { ran.emplace_back(1, clock.now()); });
  clock.schedule_after(seconds(10), [&] { ran.emplace_back(2, clock.now()); });  // tie: FIFO
  clock.schedule_after(seconds(31), [&] { ran.emplace_back(4, clock.now()); });

  clock.advance(seconds(30));
  ASSERT_EQ(ran.size(), 3u);
  EXPECT_EQ(ran[0].first, 1);
  EXPECT_EQ(ran[1].first, 2);
  EXPECT_EQ(ran[2].first, 3);
  EXPECT_EQ(ran[0].second, t0 + seconds(10));
  EXPECT_EQ(ran[2].second, t0 + seconds(30));
  EXPECT_EQ(clock.now(), t0 + seconds(30));
  EXPECT_EQ(clock.pending(), 1u);
}

TEST(VirtualClock, PeriodicTasksRepeatUntilCancelled) {
  VirtualClock clock;
  int ticks = 0;
  auto id = clock.schedule_every(seconds(10), [&] { ++ticks; }, "probe", seconds(10));
  clock.advance(seconds(35));
  EXPECT_EQ(ticks, 3);
  EXPECT_TRUE(clock.cancel(id));
  clock.advance(seconds(100));
  EXPECT_EQ(ticks, 3);
  EXPECT_FALSE(clock.cancel(id));
}

TEST(VirtualClock, TasksMayScheduleAndCancelTasks) {
  VirtualClock clock;
  std::vector<int> ran;
  VirtualClock::TaskId later = clock.schedule_after(seconds(50), [&] { ran.push_back(99); });
  clock.schedule_after(seconds(5), [&] {
    ran.push_back(1);
    clock.schedule_after(seconds(5), [&] { ran.push_back(2); });
    clock.cancel(later);
  });
  clock.advance(seconds(60));
  EXPECT_EQ(ran, (std::vector<int>{1, 2}));
}

TEST(VirtualClock, PeriodicTaskCanCancelItself) {
  VirtualClock clock;
  int ticks = 0;
  VirtualClock::TaskId id = 0;
  id = clock.schedule_every(seconds(1), [&] {
    if (++ticks == 2) clock.cancel(id);
  });
  clock.advance(seconds(10));
  EXPECT_EQ(ticks, 2);
  EXPECT_EQ(clock.pending(), 0u);
}

TEST(VirtualClock, SleepAdvancesAndJitterIsDeterministicPerSeed) {
  VirtualClock a(VirtualClock::default_start(), 42), b(VirtualClock::default_start(), 42);
  const TimePoint start = a.now();
  a.sleep_for(seconds(3));
  EXPECT_EQ(a.now(), start + seconds(3));
  for (int i = 0; i < 5; ++i) {
    auto ja = a.jittered(std::chrono::milliseconds(500), std::chrono::milliseconds(200));
    auto jb = b.jittered(std::chrono::milliseconds(500), std::chrono::milliseconds(200));
    EXPECT_EQ(ja, jb);
    EXPECT_GE(ja, std::chrono::milliseconds(300));
    EXPECT_LT(ja, std::chrono::milliseconds(700));
  }
}

TEST(VirtualClock, SchedulingInThePastRunsAtNow) {
  VirtualClock clock;
  bool ran = false;
  clock.schedule_at(clock.now() - seconds(100), [&] { ran = true; });
  EXPECT_EQ(clock.next_due(), clock.now());
  clock.run_due();
  EXPECT_TRUE(ran);
}

}  // namespace
}  // namespace drh
