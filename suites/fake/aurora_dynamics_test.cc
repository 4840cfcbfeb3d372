// Aurora Global Database dynamics in the fake, through the typed RDS and CloudWatch
// clients over InProcessTransport and the test controls of drh/fake/aurora.h: a
// secondary trails the primary by the modelled lag and catches up after a replication
// pause; a switchover goes through its states, waits for the lag to drain and flips the
// writer with no lost commit; a failover with AllowDataLoss during a Region outage loses
// exactly the unreplicated tail, says so in an event, and the former primary rejoins as a
// secondary when its Region is back; lag metrics reach CloudWatch in the secondary's
// Region every minute; errors; state that survives save and load.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "../../mocks/fake/faults.h"
#include "../../mocks/fake/service.h"
#include "drh/aws/cloudwatch.h"
#include "drh/aws/rds.h"
#include "drh/fake/aurora.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

using namespace std::chrono_literals;
namespace aurora = fake::aurora;

constexpr std::string_view kEast = "us-east-1";
constexpr std::string_view kWest = "us-west-2";
constexpr std::string_view kAccount = "123456789012";

std::string cluster_arn(std::string_view region, std::string_view id) {
  return "arn:aws:rds:" + std::string(region) + ":" + std::string(kAccount) + ":cluster:" +
         std::string(id);
}

class AuroraDynamics : public ::testing::Test {
 protected:
  void SetUp() override { build(); }

  void instance(std::string_view region, std::string id, std::string cluster) {
    aws::CreateDBInstanceRequest r;
    r.DBInstanceIdentifier = std::move(id);
    r.DBInstanceClass = "db.r6g.large";
    r.Engine = "aurora-postgresql";
    r.DBClusterIdentifier = std::move(cluster);
    auto created = rds.CreateDBInstance(region, r);
    ASSERT_TRUE(created.ok()) << created.error().describe();
  }
  // "orders": primary "orders-east" in us-east-1, secondary "orders-west" in us-west-2.
  void build() {
    aws::CreateGlobalClusterRequest g;
    g.GlobalClusterIdentifier = "orders";
    g.Engine = "aurora-postgresql";
    ASSERT_TRUE(rds.CreateGlobalCluster(kEast, g).ok());
    aws::CreateDBClusterRequest p;
    p.DBClusterIdentifier = "orders-east";
    p.Engine = "aurora-postgresql";
    p.GlobalClusterIdentifier = "orders";
    p.MasterUsername = "dradmin";
    p.MasterUserPassword = "correct-horse-battery";
    ASSERT_TRUE(rds.CreateDBCluster(kEast, p).ok());
    aws::CreateDBClusterRequest s;
    s.DBClusterIdentifier = "orders-west";
    s.Engine = "aurora-postgresql";
    s.GlobalClusterIdentifier = "orders";
    ASSERT_TRUE(rds.CreateDBCluster(kWest, s).ok());
    instance(kEast, "orders-east-1", "orders-east");
    instance(kWest, "orders-west-1", "orders-west");
    world.clock.advance(5min);
  }

  aurora::GlobalDatabase db() {
    auto d = aurora::global_database(world.cloud, "orders");
    EXPECT_TRUE(d.ok()) << d.error().describe();
    return d.ok() ? *d : aurora::GlobalDatabase{};
  }
  aurora::Member member(std::string_view region) {
    for (const aurora::Member& m : db().members) {
      if (m.region == region) return m;
    }
    ADD_FAILURE() << "no member in " << region;
    return {};
  }
  aws::GlobalCluster global(std::string_view region) {
    aws::DescribeGlobalClustersRequest r;
    r.GlobalClusterIdentifier = "orders";
    auto d = rds.DescribeGlobalClusters(region, r);
    EXPECT_TRUE(d.ok()) << d.error().describe();
    return d.ok() && !d->GlobalClusters.empty() ? d->GlobalClusters.front() : aws::GlobalCluster{};
  }
  std::string cluster_status(std::string_view region, std::string id) {
    aws::DescribeDBClustersRequest r;
    r.DBClusterIdentifier = std::move(id);
    auto d = rds.DescribeDBClusters(region, r);
    EXPECT_TRUE(d.ok()) << d.error().describe();
    return d.ok() && !d->DBClusters.empty() ? d->DBClusters.front().Status : "";
  }
  std::vector<std::string> events(std::string_view region, std::string id) {
    aws::DescribeEventsRequest r;
    r.SourceType = "db-cluster";
    r.SourceIdentifier = std::move(id);
    r.Duration = 24 * 60;
    auto e = rds.DescribeEvents(region, r);
    EXPECT_TRUE(e.ok()) << e.error().describe();
    std::vector<std::string> out;
    if (e.ok()) {
      for (const auto& ev : e->Events) out.push_back(ev.Message);
    }
    return out;
  }
  static bool has_event(const std::vector<std::string>& messages, std::string_view part) {
    return std::any_of(messages.begin(), messages.end(), [&](const std::string& m) {
      return m.find(part) != std::string::npos;
    });
  }
  std::string add_fault(fake::FaultKind kind, std::string_view region, std::string_view peer,
                        Duration length) {
    fake::Fault f;
    f.kind = kind;
    f.region = std::string(region);
    f.peer_region = std::string(peer);
    if (kind == fake::FaultKind::kReplicationPause) f.service = "rds";
    f.start = world.clock.now();
    f.until = world.clock.now() + length;
    std::lock_guard lock(world.cloud.core().mutex);
    return world.cloud.core().faults.add(std::move(f));
  }
  // Maximum per period; CloudWatch rounds `from` down to the minute for periods >= 60 s.
  std::vector<double> lag_series(std::string_view region, const std::string& metric,
                                 std::vector<aws::Dimension> dims, TimePoint from, TimePoint to,
                                 int period = 60) {
    aws::GetMetricStatisticsRequest r;
    r.Namespace = "AWS/RDS";
    r.MetricName = metric;
    r.Dimensions = std::move(dims);
    r.StartTime = from;
    r.EndTime = to;
    r.Period = period;
    r.Statistics = {"Maximum"};
    auto s = cw.GetMetricStatistics(region, r);
    EXPECT_TRUE(s.ok()) << s.error().describe();
    std::vector<std::pair<TimePoint, double>> points;
    if (s.ok()) {
      for (const auto& d : s->Datapoints) points.emplace_back(*d.Timestamp, *d.Maximum);
    }
    std::sort(points.begin(), points.end());
    std::vector<double> out;
    for (const auto& p : points) out.push_back(p.second);
    return out;
  }

  FakeWorld world;
  aws::RdsClient rds{*world.connection};
  aws::CloudWatchClient cw{*world.connection};
  const std::string east_arn = cluster_arn(kEast, "orders-east");
  const std::string west_arn = cluster_arn(kWest, "orders-west");
};

TEST_F(AuroraDynamics, SecondaryTrailsByTheModelledLagThenCatchesUp) {
  auto p = aurora::commit_writes(world.cloud, kEast, "orders-east", 100);
  ASSERT_TRUE(p.ok()) << p.error().describe();
  EXPECT_EQ(*p, 100u);
  EXPECT_EQ(member(kEast).position, 100u);
  EXPECT_TRUE(member(kEast).writer);
  EXPECT_EQ(member(kWest).position, 0u);  // not replicated yet
  EXPECT_EQ(member(kWest).behind, 100u);
  world.clock.advance(1s);
  EXPECT_EQ(member(kWest).position, 100u) << "applied within a second (default lag < 1 s)";
  EXPECT_EQ(member(kWest).behind, 0u);
  EXPECT_LT(member(kWest).replication_lag_ms, 1000.0);
  EXPECT_EQ(member(kWest).rpo_lag_ms, 0.0);

  // A slower pair: the secondary trails by about 5 s.
  ASSERT_TRUE(aurora::set_replication_lag(world.cloud, kEast, kWest, 5s, 0s).ok());
  ASSERT_TRUE(aurora::commit_writes(world.cloud, kEast, "orders-east", 50).ok());
  world.clock.advance(4s);
  EXPECT_EQ(member(kWest).position, 100u);
  EXPECT_EQ(member(kWest).behind, 50u);
  EXPECT_GE(member(kWest).rpo_lag_ms, 4000.0);
  world.clock.advance(2s);
  EXPECT_EQ(member(kWest).position, 150u);
  EXPECT_GE(member(kWest).replication_lag_ms, 5000.0);
  EXPECT_LT(member(kWest).replication_lag_ms, 5500.0);

  // A secondary is read-only.
  auto ro = aurora::commit_writes(world.cloud, kWest, "orders-west", 1);
  ASSERT_FALSE(ro.ok());
  EXPECT_NE(ro.error().message.find("read-only secondary"), std::string::npos);
}

TEST_F(AuroraDynamics, APauseBacksReplicationUpAndTheBacklogDrainsAtTheCatchUpRate) {
  ASSERT_TRUE(aurora::set_write_rate(world.cloud, kEast, "orders-east", 100).ok());
  world.clock.advance(10s);
  const std::uint64_t before = member(kWest).position;
  EXPECT_GE(before, 950u);
  add_fault(fake::FaultKind::kReplicationPause, kEast, kWest, 5min);
  world.clock.advance(5min - 1s);
  EXPECT_EQ(member(kWest).position, before) << "replication is paused";
  EXPECT_GE(member(kWest).behind, 29000u);
  EXPECT_GE(member(kWest).replication_lag_ms, 299000.0);
  EXPECT_GE(member(kWest).rpo_lag_ms, 298000.0);
  // Pause over: 300 s of backlog replays at 10 s per second, so about 30 s to catch up.
  world.clock.advance(11s);
  const aurora::Member draining = member(kWest);
  EXPECT_GT(draining.position, before + 5000) << "draining";
  EXPECT_GT(draining.behind, 10000u) << "not at once";
  world.clock.advance(30s);
  EXPECT_LT(member(kWest).behind, 100u);
  EXPECT_LT(member(kWest).replication_lag_ms, 1000.0);
}

TEST_F(AuroraDynamics, SwitchoverWaitsForTheLagToDrainThenFlipsTheWriterWithNoLoss) {
  ASSERT_TRUE(aurora::set_write_rate(world.cloud, kEast, "orders-east", 200).ok());
  ASSERT_TRUE(aurora::set_replication_lag(world.cloud, kEast, kWest, 2s, 0s).ok());
  world.clock.advance(30s);
  ASSERT_GT(member(kWest).behind, 300u);  // about 2 s of writes in flight

  aws::SwitchoverGlobalClusterRequest sw;
  sw.GlobalClusterIdentifier = "orders";
  sw.TargetDbClusterIdentifier = west_arn;
  auto started = rds.SwitchoverGlobalCluster(kEast, sw);
  ASSERT_TRUE(started.ok()) << started.error().describe();
  ASSERT_TRUE(started->GlobalCluster.FailoverState.has_value());
  EXPECT_EQ(started->GlobalCluster.Status, "switching-over");
  EXPECT_EQ(started->GlobalCluster.FailoverState->Status, "switching-over");
  EXPECT_EQ(started->GlobalCluster.FailoverState->FromDbClusterArn, east_arn);
  EXPECT_EQ(started->GlobalCluster.FailoverState->ToDbClusterArn, west_arn);
  EXPECT_FALSE(started->GlobalCluster.FailoverState->IsDataLossAllowed);
  EXPECT_EQ(cluster_status(kEast, "orders-east"), "modifying");
  EXPECT_EQ(cluster_status(kWest, "orders-west"), "modifying");
  const std::uint64_t fenced_at = member(kEast).position;
  auto fenced = aurora::commit_writes(world.cloud, kEast, "orders-east", 1);
  ASSERT_FALSE(fenced.ok()) << "writes to the old primary stop";
  EXPECT_NE(fenced.error().message.find("switching-over"), std::string::npos);
  auto busy = rds.SwitchoverGlobalCluster(kEast, sw);
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, "InvalidGlobalClusterStateFault");

  // Replication stalls for 90 s: the switchover waits. Watch it second by second: the
  // backlog drains after the pause (about 2 s), then the role change takes 60 s.
  add_fault(fake::FaultKind::kReplicationPause, kEast, kWest, 90s);
  std::vector<std::string> states;
  TimePoint synced{};
  TimePoint flipped{};
  const TimePoint t0 = world.clock.now();
  for (int i = 0; i < 240 && flipped == TimePoint{}; ++i) {
    world.clock.advance(1s);
    const aws::GlobalCluster g = global(kWest);
    const std::string state = g.FailoverState ? g.FailoverState->Status : g.Status;
    if (states.empty() || states.back() != state) states.push_back(state);
    if (synced == TimePoint{} && member(kWest).position == fenced_at) synced = world.clock.now();
    if (g.writer() != nullptr && g.writer()->DBClusterArn == west_arn) {
      flipped = world.clock.now();
      EXPECT_NE(synced, TimePoint{}) << "the writer flipped before the target had applied "
                                     << "every commit (it has " << member(kWest).position
                                     << " of " << fenced_at << ")";
    }
  }
  EXPECT_EQ(states, (std::vector<std::string>{"switching-over", "available"}));
  ASSERT_NE(synced, TimePoint{}) << "the target never caught up";
  ASSERT_NE(flipped, TimePoint{}) << "the writer never flipped";
  EXPECT_GE(synced - t0, 90s) << "not synchronised while replication is paused";
  EXPECT_LE(synced - t0, 93s);
  EXPECT_GE(flipped - synced, 59s);
  EXPECT_LE(flipped - synced, 61s);

  const aurora::GlobalDatabase after = db();
  ASSERT_TRUE(after.last_failover.has_value());
  EXPECT_FALSE(after.last_failover->data_loss);
  EXPECT_EQ(after.last_failover->lost_commits, 0u) << "RPO 0";
  EXPECT_EQ(member(kWest).position, fenced_at);
  EXPECT_TRUE(member(kWest).writer);
  EXPECT_FALSE(member(kEast).writer);
  EXPECT_EQ(member(kEast).position, fenced_at) << "the old primary is a synchronised secondary";
  EXPECT_EQ(cluster_status(kEast, "orders-east"), "available");
  EXPECT_EQ(cluster_status(kWest, "orders-west"), "available");
  const aws::GlobalCluster g = global(kEast);
  EXPECT_FALSE(g.FailoverState.has_value());
  ASSERT_NE(g.member(east_arn), nullptr);
  EXPECT_FALSE(g.member(east_arn)->IsWriter);
  EXPECT_EQ(g.member(east_arn)->SynchronizationStatus, "connected");
  const auto west_events = events(kWest, "orders-west");
  EXPECT_TRUE(has_event(west_events, "Global switchover to DB cluster orders-west in Region "
                                     "us-west-2 started."));
  EXPECT_TRUE(has_event(west_events, "has applied all"));
  EXPECT_TRUE(has_event(west_events, "Global switchover to DB cluster orders-west in Region "
                                     "us-west-2 completed."));

  // Writes now go to us-west-2 and reach us-east-1; the old primary refuses them.
  ASSERT_TRUE(aurora::set_write_rate(world.cloud, kEast, "orders-east", 0).ok());
  auto new_write = aurora::commit_writes(world.cloud, kWest, "orders-west", 10);
  ASSERT_TRUE(new_write.ok()) << new_write.error().describe();
  EXPECT_EQ(*new_write, fenced_at + 10);
  EXPECT_FALSE(aurora::commit_writes(world.cloud, kEast, "orders-east", 1).ok());
  world.clock.advance(1s);
  EXPECT_EQ(member(kEast).position, fenced_at + 10);

  // And back again, called in the new primary's Region, with FailoverGlobalCluster and
  // Switchover=true: a switchover too.
  aws::FailoverGlobalClusterRequest fo;
  fo.GlobalClusterIdentifier = "orders";
  fo.TargetDbClusterIdentifier = east_arn;
  fo.Switchover = true;
  auto back = rds.FailoverGlobalCluster(kWest, fo);
  ASSERT_TRUE(back.ok()) << back.error().describe();
  ASSERT_TRUE(back->GlobalCluster.FailoverState.has_value());
  EXPECT_EQ(back->GlobalCluster.FailoverState->Status, "switching-over");
  EXPECT_FALSE(back->GlobalCluster.FailoverState->IsDataLossAllowed);
  world.clock.advance(2min);
  EXPECT_TRUE(member(kEast).writer);
  EXPECT_EQ(db().last_failover->lost_commits, 0u);
  EXPECT_EQ(member(kEast).position, fenced_at + 10);
  EXPECT_EQ(member(kWest).position, fenced_at + 10);
}

TEST_F(AuroraDynamics, FailoverWithDataLossLosesExactlyTheUnreplicatedTail) {
  ASSERT_TRUE(aurora::set_write_rate(world.cloud, kEast, "orders-east", 100).ok());
  world.clock.advance(10s);
  // Replication stalls, writes go on for 10 s, then us-east-1 goes down for 10 minutes.
  add_fault(fake::FaultKind::kReplicationPause, kEast, kWest, 1h);
  world.clock.advance(10s);
  add_fault(fake::FaultKind::kRegionOutage, kEast, "", 10min);
  world.clock.advance(5s);
  const aurora::Member primary = member(kEast);
  const aurora::Member secondary = member(kWest);
  const std::uint64_t tail = primary.position - secondary.position;
  EXPECT_GE(tail, 1000u);  // 10 s at 100 commits/s, and what was in flight
  EXPECT_LE(tail, 1100u);
  world.clock.advance(5s);
  EXPECT_EQ(member(kEast).position, primary.position) << "no writes while the Region is down";
  EXPECT_FALSE(aurora::commit_writes(world.cloud, kEast, "orders-east", 1).ok());

  aws::FailoverGlobalClusterRequest f;
  f.GlobalClusterIdentifier = "orders";
  f.TargetDbClusterIdentifier = west_arn;
  f.AllowDataLoss = true;
  auto started = rds.FailoverGlobalCluster(kWest, f);
  ASSERT_TRUE(started.ok()) << started.error().describe();
  ASSERT_TRUE(started->GlobalCluster.FailoverState.has_value());
  EXPECT_EQ(started->GlobalCluster.Status, "failing-over");
  EXPECT_EQ(started->GlobalCluster.FailoverState->Status, "failing-over");
  EXPECT_TRUE(started->GlobalCluster.FailoverState->IsDataLossAllowed);
  EXPECT_EQ(cluster_status(kWest, "orders-west"), "modifying");
  world.clock.advance(29s);
  EXPECT_EQ(global(kWest).writer()->DBClusterArn, east_arn);
  world.clock.advance(2s);

  const aurora::GlobalDatabase after = db();
  ASSERT_TRUE(after.last_failover.has_value());
  EXPECT_TRUE(after.last_failover->data_loss);
  EXPECT_EQ(after.last_failover->lost_commits, tail) << "exactly the unreplicated tail";
  EXPECT_GE(after.last_failover->lost_ms, 20000.0);  // the oldest lost commit was ~20 s old
  EXPECT_LE(after.last_failover->lost_ms, 21000.0);
  const aws::GlobalCluster g = global(kWest);
  EXPECT_EQ(g.Status, "available");
  EXPECT_EQ(g.writer()->DBClusterArn, west_arn);
  ASSERT_NE(g.member(east_arn), nullptr);
  EXPECT_FALSE(g.member(east_arn)->IsWriter);
  EXPECT_EQ(g.member(east_arn)->SynchronizationStatus, "pending-resync");
  EXPECT_EQ(member(kWest).position, secondary.position) << "promoted with what it had applied";
  EXPECT_EQ(cluster_status(kWest, "orders-west"), "available");
  const auto west_events = events(kWest, "orders-west");
  EXPECT_TRUE(has_event(west_events, "allowed data loss: " + std::to_string(tail) +
                                         " commits ("));
  EXPECT_TRUE(has_event(west_events, "on DB cluster orders-east had not been replicated and "
                                     "are lost."));

  // The new primary takes writes while us-east-1 is still down.
  auto w = aurora::commit_writes(world.cloud, kWest, "orders-west", 7);
  ASSERT_TRUE(w.ok()) << w.error().describe();
  EXPECT_EQ(*w, secondary.position + 7);
  world.clock.advance(5min);
  EXPECT_EQ(member(kEast).synchronization, "pending-resync");

  // us-east-1 is back (the outage was 10 minutes): the old primary rejoins as a secondary,
  // drops its lost tail and catches up from us-west-2.
  world.clock.advance(5min);
  EXPECT_EQ(member(kEast).synchronization, "connected");
  EXPECT_FALSE(member(kEast).writer);
  EXPECT_EQ(member(kEast).position, secondary.position + 7);
  EXPECT_EQ(global(kEast).member(east_arn)->SynchronizationStatus, "connected");
  const auto east_events = events(kEast, "orders-east");
  EXPECT_TRUE(has_event(east_events, "rejoined global cluster orders as a secondary of DB "
                                     "cluster orders-west; " +
                                         std::to_string(tail) + " commits"));
  EXPECT_FALSE(aurora::commit_writes(world.cloud, kEast, "orders-east", 1).ok());
}

TEST_F(AuroraDynamics, LagMetricsEveryMinuteInTheSecondarysRegionGrowDuringAPause) {
  ASSERT_TRUE(aurora::set_write_rate(world.cloud, kEast, "orders-east", 50).ok());
  const TimePoint t0 = world.clock.now();
  world.clock.advance(3min);
  const std::vector<aws::Dimension> by_cluster = {{"DBClusterIdentifier", "orders-west"}};
  const std::vector<aws::Dimension> by_source = {{"DBClusterIdentifier", "orders-west"},
                                                 {"SourceRegion", "us-east-1"}};
  for (const char* name : {"AuroraGlobalDBReplicationLag", "AuroraGlobalDBRPOLag"}) {
    for (const auto& dims : {by_cluster, by_source}) {
      const auto lag = lag_series(kWest, name, dims, t0 + 1min, world.clock.now() + 30s);
      ASSERT_EQ(lag.size(), 3u) << name << ": one datapoint a minute";
      for (double v : lag) {
        EXPECT_GE(v, 0.0) << name;
        EXPECT_LT(v, 1000.0) << name << " in milliseconds, under a second";
      }
      if (std::string(name) == "AuroraGlobalDBReplicationLag") {
        EXPECT_GE(lag.front(), 100.0) << "the drawn lag: 250 ms +/- 150 ms";
      }
    }
    // Published by the secondary, in its Region, not by the primary.
    EXPECT_TRUE(lag_series(kEast, name, by_cluster, t0, world.clock.now()).empty());
    EXPECT_TRUE(lag_series(kEast, name, {{"DBClusterIdentifier", "orders-east"}}, t0,
                           world.clock.now())
                    .empty());
  }
  aws::ListMetricsRequest list;
  list.Namespace = "AWS/RDS";
  list.MetricName = "AuroraGlobalDBRPOLag";
  auto listed = cw.ListMetrics(kWest, list);
  ASSERT_TRUE(listed.ok()) << listed.error().describe();
  EXPECT_EQ(listed->Metrics.size(), 2u);

  // Replication paused for 4.5 minutes: each minute's lag is a minute longer.
  const TimePoint t1 = world.clock.now();
  add_fault(fake::FaultKind::kReplicationPause, kEast, kWest, 4min + 30s);
  world.clock.advance(4min + 30s);
  for (const char* name : {"AuroraGlobalDBReplicationLag", "AuroraGlobalDBRPOLag"}) {
    const auto lag = lag_series(kWest, name, by_source, t1 + 1min, world.clock.now());
    ASSERT_EQ(lag.size(), 4u) << name;
    for (std::size_t i = 0; i < lag.size(); ++i) {
      EXPECT_GE(lag[i], 60000.0 * static_cast<double>(i + 1) - 1000) << name << " minute " << i;
      EXPECT_LE(lag[i], 60000.0 * static_cast<double>(i + 1) + 1000) << name << " minute " << i;
    }
  }
  // Caught up within the next minute (270 s of backlog at 10 s per second).
  world.clock.advance(90s);
  const auto recovered = lag_series(kWest, "AuroraGlobalDBReplicationLag", by_cluster,
                                    t1 + 6min, world.clock.now() + 30s);
  ASSERT_EQ(recovered.size(), 1u);
  EXPECT_LT(recovered.back(), 1000.0);
}

TEST_F(AuroraDynamics, ErrorsAsAwsAndBadControls) {
  aws::SwitchoverGlobalClusterRequest sw;
  sw.GlobalClusterIdentifier = "orders";
  sw.TargetDbClusterIdentifier = west_arn;
  auto elsewhere = rds.SwitchoverGlobalCluster("eu-west-1", sw);
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.error().code, "InvalidParameterValue");
  EXPECT_EQ(elsewhere.error().http_status, 400);
  sw.TargetDbClusterIdentifier = east_arn;
  auto to_primary = rds.SwitchoverGlobalCluster(kEast, sw);
  ASSERT_FALSE(to_primary.ok());
  EXPECT_EQ(to_primary.error().code, "InvalidGlobalClusterStateFault");
  sw.TargetDbClusterIdentifier = cluster_arn(kWest, "nope");
  auto missing = rds.SwitchoverGlobalCluster(kEast, sw);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "DBClusterNotFoundFault");

  // A failover in progress blocks a switchover.
  aws::FailoverGlobalClusterRequest f;
  f.GlobalClusterIdentifier = "orders";
  f.TargetDbClusterIdentifier = west_arn;
  f.AllowDataLoss = true;
  ASSERT_TRUE(rds.FailoverGlobalCluster(kWest, f).ok());
  sw.TargetDbClusterIdentifier = west_arn;
  auto in_progress = rds.SwitchoverGlobalCluster(kEast, sw);
  ASSERT_FALSE(in_progress.ok());
  EXPECT_EQ(in_progress.error().code, "InvalidGlobalClusterStateFault");

  auto unknown = aurora::commit_writes(world.cloud, kEast, "ghost", 1);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "DBClusterNotFoundFault");
  EXPECT_FALSE(aurora::set_write_rate(world.cloud, kEast, "orders-east", -1).ok());
  EXPECT_FALSE(aurora::set_replication_lag(world.cloud, kEast, kWest, -1s, 0s).ok());
  EXPECT_FALSE(aurora::global_database(world.cloud, "ghost").ok());
  aurora::Settings s = aurora::settings(world.cloud);
  EXPECT_EQ(s.replication_step, 250ms);
  EXPECT_EQ(s.lag_mean, 250ms);
  EXPECT_EQ(s.metric_period, 60s);
  s.catch_up_factor = 0.5;
  EXPECT_FALSE(aurora::configure(world.cloud, s).ok());
  s.catch_up_factor = 10;
  s.replication_step = 0s;
  EXPECT_FALSE(aurora::configure(world.cloud, s).ok());
}

TEST_F(AuroraDynamics, ConfiguredTimingsApply) {
  aurora::Settings s = aurora::settings(world.cloud);
  s.failover_delay = 2min;
  s.metric_period = 30s;
  ASSERT_TRUE(aurora::configure(world.cloud, s).ok());
  const TimePoint t0 = world.clock.now();
  world.clock.advance(2min);
  EXPECT_EQ(lag_series(kWest, "AuroraGlobalDBReplicationLag",
                       {{"DBClusterIdentifier", "orders-west"}}, t0 + 1s, world.clock.now() + 1s,
                       30)
                .size(),
            4u);  // one datapoint every 30 s
  aws::FailoverGlobalClusterRequest f;
  f.GlobalClusterIdentifier = "orders";
  f.TargetDbClusterIdentifier = west_arn;
  f.AllowDataLoss = true;
  ASSERT_TRUE(rds.FailoverGlobalCluster(kWest, f).ok());
  world.clock.advance(119s);
  EXPECT_TRUE(member(kEast).writer);
  world.clock.advance(2s);
  EXPECT_TRUE(member(kWest).writer);
}

TEST_F(AuroraDynamics, PositionsAndAPendingFailoverSurviveSaveAndLoad) {
  ASSERT_TRUE(aurora::set_write_rate(world.cloud, kEast, "orders-east", 100).ok());
  ASSERT_TRUE(aurora::set_replication_lag(world.cloud, kEast, kWest, 3s, 0s).ok());
  world.clock.advance(20s);
  const aurora::Member primary = member(kEast);
  const aurora::Member secondary = member(kWest);
  ASSERT_GT(primary.position - secondary.position, 250u);
  // Fail over while us-east-1 is down (the outage ends in 5 minutes), then save mid-way.
  add_fault(fake::FaultKind::kRegionOutage, kEast, "", 5min);
  aws::FailoverGlobalClusterRequest f;
  f.GlobalClusterIdentifier = "orders";
  f.TargetDbClusterIdentifier = west_arn;
  f.AllowDataLoss = true;
  ASSERT_TRUE(rds.FailoverGlobalCluster(kWest, f).ok());
  world.clock.advance(10s);
  const std::string saved = world.cloud.save_state();

  FakeWorld other;
  other.clock.advance_to(world.clock.now());
  ASSERT_TRUE(other.cloud.load_state(saved).ok());
  EXPECT_EQ(other.cloud.save_state(), saved);
  {
    // Faults are not part of the saved world: inject the same outage.
    fake::Fault outage;
    outage.kind = fake::FaultKind::kRegionOutage;
    outage.region = std::string(kEast);
    outage.start = other.clock.now();
    outage.until = other.clock.now() + 4min + 50s;
    std::lock_guard lock(other.cloud.core().mutex);
    other.cloud.core().faults.add(std::move(outage));
  }
  auto d = aurora::global_database(other.cloud, "orders");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->failover_status, "failing-over");
  other.clock.advance(30s);
  auto done = aurora::global_database(other.cloud, "orders");
  ASSERT_TRUE(done.ok());
  ASSERT_TRUE(done->last_failover.has_value());
  EXPECT_EQ(done->last_failover->lost_commits, primary.position - secondary.position);
  EXPECT_TRUE(done->members.at(1).writer);
  EXPECT_EQ(done->members.at(0).synchronization, "pending-resync");
  other.clock.advance(5min);
  auto rejoined = aurora::global_database(other.cloud, "orders");
  ASSERT_TRUE(rejoined.ok());
  EXPECT_EQ(rejoined->members.at(0).synchronization, "connected");
  EXPECT_EQ(rejoined->members.at(0).position, rejoined->members.at(1).position);
  EXPECT_EQ(rejoined->members.at(1).position, secondary.position);

  // reset() forgets everything and cancels the fake's tasks.
  world.cloud.reset();
  EXPECT_EQ(world.clock.pending(), 0u);
  EXPECT_FALSE(aurora::global_database(world.cloud, "orders").ok());
}

TEST_F(AuroraDynamics, AnHourOfVirtualTimeUnderSteadyWritesIsCheap) {
  ASSERT_TRUE(aurora::set_write_rate(world.cloud, kEast, "orders-east", 1000).ok());
  const auto start = std::chrono::steady_clock::now();
  world.clock.advance(1h);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  RecordProperty("aurora_hour_ms", std::to_string(ms));
  std::printf("Aurora dynamics, 1 h of virtual time (14400 steps, 60 metric rounds): %.1f ms\n",
              ms);
  EXPECT_EQ(member(kEast).position, 3600000u);
  EXPECT_LT(member(kWest).behind, 1000u);  // under a second of writes in flight
  const TimePoint now = world.clock.now();
  EXPECT_EQ(lag_series(kWest, "AuroraGlobalDBRPOLag", {{"DBClusterIdentifier", "orders-west"}},
                       now - 1h + 1min, now + 30s, 300)
                .size(),
            12u);
}

}  // namespace
}  // namespace drh::testing
