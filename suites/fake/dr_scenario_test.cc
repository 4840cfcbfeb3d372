// The regional failover drill of dr_scenario.h, end to end on the virtual clock: every
// dynamic of the fake takes part (health checks, DNS failover, Aurora replication and
// failover with data loss, its lag metric, alarm evaluation, SNS delivery, DynamoDB
// replication held back by the outage), and each signal arrives when the model says.
#include <gtest/gtest.h>

#include "dr_scenario.h"

namespace drh::testing {
namespace {

using std::chrono::seconds;

TEST(DrScenario, RegionalFailoverDrillSeesEverySignalInOrder) {
  scenario::World world;
  const scenario::Outcome o = scenario::run_regional_failover(world);
  ASSERT_EQ(o.setup_error, "");

  EXPECT_EQ(o.dns_before, std::vector<std::string>{"10.0.0.10"});
  // Interval 10 s, threshold 3: three failed probes per checker.
  ASSERT_TRUE(o.dns_on_secondary.has_value()) << "DNS never answered the secondary";
  EXPECT_GE(*o.dns_on_secondary, seconds(20));
  EXPECT_LE(*o.dns_on_secondary, seconds(30));
  EXPECT_EQ(o.dns_during, std::vector<std::string>{"10.1.0.10"});

  // The lag alarm (3 of 3 one-minute periods above 500 ms) fires within four minutes of
  // replication stopping, and its notification is delivered at the same moment.
  ASSERT_TRUE(o.alarm_in_alarm.has_value()) << "the replication-lag alarm never fired";
  EXPECT_GE(*o.alarm_in_alarm, seconds(120));
  EXPECT_LE(*o.alarm_in_alarm, seconds(240));
  ASSERT_TRUE(o.notification.has_value()) << "no ALARM notification reached the topic";
  EXPECT_EQ(*o.notification, *o.alarm_in_alarm);

  // Failover with data loss: the tail the secondary had not applied is what is lost.
  ASSERT_TRUE(o.writer_promoted.has_value()) << "the secondary never became the writer";
  EXPECT_GT(*o.writer_promoted, *o.alarm_in_alarm);
  EXPECT_GT(o.commits_behind_at_failover, 0u);
  EXPECT_EQ(o.lost_commits, o.commits_behind_at_failover);

  // The outage held the west write back; after recovery it arrives, and the old primary
  // rejoins as a secondary.
  EXPECT_EQ(o.ddb_pending_during_outage, 1u);
  EXPECT_TRUE(o.ddb_write_during_outage_replicated);
  ASSERT_TRUE(o.old_primary_rejoined.has_value()) << "us-east-1 never rejoined";
}

TEST(DrScenario, TheSameSeedGivesTheSameDrill) {
  scenario::World a, b;
  const scenario::Outcome x = scenario::run_regional_failover(a);
  const scenario::Outcome y = scenario::run_regional_failover(b);
  ASSERT_EQ(x.setup_error, "");
  EXPECT_EQ(x.dns_on_secondary, y.dns_on_secondary);
  EXPECT_EQ(x.alarm_in_alarm, y.alarm_in_alarm);
  EXPECT_EQ(x.writer_promoted, y.writer_promoted);
  EXPECT_EQ(x.lost_commits, y.lost_commits);
  EXPECT_EQ(x.old_primary_rejoined, y.old_primary_rejoined);
}

}  // namespace
}  // namespace drh::testing
