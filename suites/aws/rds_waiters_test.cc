// RDS waiters and all-pages forms over MockRdsApi (mocks/aws/mock_rds.h), on a ManualClock:
// nothing sleeps for real.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/mock_rds.h"
#include "drh/aws/rds.h"

namespace drh::aws {
namespace {

using ::testing::_;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::Return;

constexpr std::string_view kPrimaryArn =
    "arn:aws:rds:us-east-1:123456789012:cluster:orders-primary";
constexpr std::string_view kSecondaryArn =
    "arn:aws:rds:us-west-2:123456789012:cluster:orders-secondary";

DescribeDBClustersResult clusters(const std::string& id, const std::string& status) {
  DescribeDBClustersResult r;
  DBCluster c;
  c.DBClusterIdentifier = id;
  c.Status = status;
  r.DBClusters.push_back(c);
  return r;
}

DescribeDBInstancesResult instances(const std::string& id, const std::string& status) {
  DescribeDBInstancesResult r;
  DBInstance i;
  i.DBInstanceIdentifier = id;
  i.DBInstanceStatus = status;
  r.DBInstances.push_back(i);
  return r;
}

GlobalClusterMember member(std::string_view arn, bool writer) {
  GlobalClusterMember m;
  m.DBClusterArn = std::string(arn);
  m.IsWriter = writer;
  return m;
}

// orders-global with the primary and the secondary; `writer` says which one writes.
GlobalCluster global(const std::string& status, std::string_view writer,
                     std::optional<std::string> failover = std::nullopt) {
  GlobalCluster g;
  g.GlobalClusterIdentifier = "orders-global";
  g.GlobalClusterArn = "arn:aws:rds::123456789012:global-cluster:orders-global";
  g.Status = status;
  g.GlobalClusterMembers = {member(kPrimaryArn, writer == kPrimaryArn),
                            member(kSecondaryArn, writer == kSecondaryArn)};
  if (failover) {
    FailoverState f;
    f.Status = *failover;
    f.FromDbClusterArn = std::string(kPrimaryArn);
    f.ToDbClusterArn = std::string(kSecondaryArn);
    g.FailoverState = f;
  }
  return g;
}

DescribeGlobalClustersResult globals(std::vector<GlobalCluster> list) {
  DescribeGlobalClustersResult r;
  r.GlobalClusters = std::move(list);
  return r;
}

Error aws_error(const std::string& code) {
  Error e = make_error(ErrorKind::kAws, code, code + " from the service");
  e.http_status = 404;
  return e;
}

constexpr WaitOptions kFast{std::chrono::seconds(30), std::chrono::seconds(120)};

class RdsWaiters : public ::testing::Test {
 protected:
  MockRdsApi rds_;
  ManualClock clock_;
};

// ------------------------------------------------------------------ botocore waiters

TEST(RdsWaitDefaults, FollowBotocoreDelayAndMaxAttempts) {
  EXPECT_EQ(kRdsWaitDefaults.delay, std::chrono::seconds(30));
  EXPECT_EQ(kRdsWaitDefaults.timeout, std::chrono::seconds(30 * 60));
}

TEST_F(RdsWaiters, DBClusterAvailablePollsUntilAvailable) {
  EXPECT_CALL(rds_,
              DescribeDBClusters("us-west-2", Field(&DescribeDBClustersRequest::DBClusterIdentifier,
                                                    "orders-secondary")))
      .WillOnce(Return(clusters("orders-secondary", "creating")))
      .WillOnce(Return(clusters("orders-secondary", "backing-up")))
      .WillOnce(Return(clusters("orders-secondary", "available")));
  Status s = WaitUntilDBClusterAvailable(rds_, clock_, "us-west-2", "orders-secondary");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock_.total_slept(), std::chrono::seconds(60));
}

TEST_F(RdsWaiters, DBClusterAvailableFailsOnATerminalState) {
  EXPECT_CALL(rds_, DescribeDBClusters("us-west-2", _))
      .WillOnce(Return(clusters("orders-secondary", "creating")))
      .WillOnce(Return(clusters("orders-secondary", "incompatible-parameters")));
  Status s = WaitUntilDBClusterAvailable(rds_, clock_, "us-west-2", "orders-secondary");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kAws);
  EXPECT_EQ(s.error().code, "WaiterFailed");
  EXPECT_THAT(s.error().message,
              HasSubstr("DBCluster orders-secondary status=incompatible-parameters"));
}

TEST_F(RdsWaiters, DBClusterAvailableTimesOutNamingTheLastState) {
  EXPECT_CALL(rds_, DescribeDBClusters("us-west-2", _))
      .WillOnce(Return(clusters("orders-secondary", "creating")))
      .WillRepeatedly(Return(clusters("orders-secondary", "modifying")));
  Status s = WaitUntilDBClusterAvailable(rds_, clock_, "us-west-2", "orders-secondary", kFast);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kTimeout);
  EXPECT_EQ(s.error().code, "WaiterTimeout");
  EXPECT_THAT(s.error().message, HasSubstr("DBCluster orders-secondary available in us-west-2"));
  EXPECT_THAT(s.error().message,
              HasSubstr("last observed: DBCluster orders-secondary status=modifying"));
  EXPECT_LE(clock_.total_slept(), std::chrono::seconds(120));
}

TEST_F(RdsWaiters, DBClusterAvailableWithBotocoreDefaultsGivesUpAfterHalfAnHour) {
  EXPECT_CALL(rds_, DescribeDBClusters(_, _))
      .Times(::testing::AtLeast(60))
      .WillRepeatedly(Return(clusters("orders-secondary", "creating")));
  Status s = WaitUntilDBClusterAvailable(rds_, clock_, "us-west-2", "orders-secondary");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().message, HasSubstr("timed out after 1800 s"));
  EXPECT_EQ(clock_.total_slept(), std::chrono::seconds(1800));
}

TEST_F(RdsWaiters, DBClusterAvailableReturnsANotFoundErrorAsIs) {
  EXPECT_CALL(rds_, DescribeDBClusters(_, _)).WillOnce(Return(aws_error("DBClusterNotFoundFault")));
  Status s = WaitUntilDBClusterAvailable(rds_, clock_, "us-west-2", "orders-secondary");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "DBClusterNotFoundFault");
}

TEST_F(RdsWaiters, DBClusterDeletedIsDoneOnNotFound) {
  EXPECT_CALL(rds_, DescribeDBClusters("us-west-2", _))
      .WillOnce(Return(clusters("orders-secondary", "deleting")))
      .WillOnce(Return(aws_error("DBClusterNotFoundFault")));
  Status s = WaitUntilDBClusterDeleted(rds_, clock_, "us-west-2", "orders-secondary");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock_.total_slept(), std::chrono::seconds(30));
}

TEST_F(RdsWaiters, DBClusterDeletedIsDoneOnAnEmptyAnswer) {
  EXPECT_CALL(rds_, DescribeDBClusters(_, _)).WillOnce(Return(DescribeDBClustersResult{}));
  EXPECT_TRUE(WaitUntilDBClusterDeleted(rds_, clock_, "us-west-2", "orders-secondary").ok());
}

TEST_F(RdsWaiters, DBClusterDeletedFailsWhenTheClusterIsBeingModified) {
  EXPECT_CALL(rds_, DescribeDBClusters(_, _))
      .WillOnce(Return(clusters("orders-secondary", "modifying")));
  Status s = WaitUntilDBClusterDeleted(rds_, clock_, "us-west-2", "orders-secondary");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterFailed");
  EXPECT_THAT(s.error().message, HasSubstr("status=modifying"));
}

TEST_F(RdsWaiters, DBClusterDeletedPassesOtherErrorsThrough) {
  EXPECT_CALL(rds_, DescribeDBClusters(_, _)).WillOnce(Return(aws_error("AccessDenied")));
  Status s = WaitUntilDBClusterDeleted(rds_, clock_, "us-west-2", "orders-secondary");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "AccessDenied");
}

TEST_F(RdsWaiters, DBInstanceAvailableAndDeleted) {
  {
    InSequence seq;
    EXPECT_CALL(rds_, DescribeDBInstances("us-east-1",
                                          Field(&DescribeDBInstancesRequest::DBInstanceIdentifier,
                                                "orders-primary-1")))
        .WillOnce(Return(instances("orders-primary-1", "creating")))
        .WillOnce(Return(instances("orders-primary-1", "available")));
    EXPECT_CALL(rds_, DescribeDBInstances("us-east-1", _))
        .WillOnce(Return(instances("orders-primary-1", "deleting")))
        .WillOnce(Return(aws_error("DBInstanceNotFound")));
  }
  Status up = WaitUntilDBInstanceAvailable(rds_, clock_, "us-east-1", "orders-primary-1");
  ASSERT_TRUE(up.ok()) << up.error().describe();
  Status gone = WaitUntilDBInstanceDeleted(rds_, clock_, "us-east-1", "orders-primary-1");
  ASSERT_TRUE(gone.ok()) << gone.error().describe();
  EXPECT_EQ(clock_.total_slept(), std::chrono::seconds(60));
}

TEST_F(RdsWaiters, DBInstanceAvailableFailsWhenTheInstanceIsDeleted) {
  EXPECT_CALL(rds_, DescribeDBInstances(_, _))
      .WillOnce(Return(instances("orders-primary-1", "deleting")));
  Status s = WaitUntilDBInstanceAvailable(rds_, clock_, "us-east-1", "orders-primary-1");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().message, HasSubstr("DBInstance orders-primary-1 status=deleting"));
}

TEST_F(RdsWaiters, DBInstanceDeletedTimesOutNamingTheLastState) {
  EXPECT_CALL(rds_, DescribeDBInstances(_, _))
      .WillRepeatedly(Return(instances("orders-primary-1", "deleting")));
  Status s = WaitUntilDBInstanceDeleted(rds_, clock_, "us-east-1", "orders-primary-1", kFast);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kTimeout);
  EXPECT_THAT(s.error().message,
              HasSubstr("last observed: DBInstance orders-primary-1 status=deleting"));
}

// ------------------------------------------------------------------ global cluster waiters

TEST_F(RdsWaiters, GlobalClusterAvailablePicksItsClusterOutOfAnUnfilteredAnswer) {
  GlobalCluster other = global("creating", kPrimaryArn);
  other.GlobalClusterIdentifier = "billing-global";
  EXPECT_CALL(rds_, DescribeGlobalClusters(
                        "us-east-1", Field(&DescribeGlobalClustersRequest::GlobalClusterIdentifier,
                                           "orders-global")))
      .WillOnce(Return(globals({other, global("creating", kPrimaryArn)})))
      .WillOnce(Return(globals({other, global("available", kPrimaryArn)})));
  Status s = WaitUntilGlobalClusterAvailable(rds_, clock_, "us-east-1", "orders-global");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock_.total_slept(), kRdsGlobalWaitDefaults.delay);
}

TEST_F(RdsWaiters, GlobalClusterAvailableOnAMissingClusterIsNotFound) {
  GlobalCluster other = global("available", kPrimaryArn);
  other.GlobalClusterIdentifier = "billing-global";
  EXPECT_CALL(rds_, DescribeGlobalClusters(_, _)).WillOnce(Return(globals({other})));
  Status s = WaitUntilGlobalClusterAvailable(rds_, clock_, "us-east-1", "orders-global");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kAws);
  EXPECT_EQ(s.error().code, "GlobalClusterNotFoundFault");
  EXPECT_THAT(s.error().message, HasSubstr("orders-global"));
}

TEST_F(RdsWaiters, GlobalClusterAvailableFailsWhileDeleting) {
  EXPECT_CALL(rds_, DescribeGlobalClusters(_, _))
      .WillOnce(Return(globals({global("deleting", kPrimaryArn)})));
  Status s = WaitUntilGlobalClusterAvailable(rds_, clock_, "us-east-1", "orders-global");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterFailed");
  EXPECT_THAT(s.error().message, HasSubstr("GlobalCluster orders-global status=deleting"));
}

TEST_F(RdsWaiters, GlobalClusterMembersAreReadInTheirOwnRegions) {
  EXPECT_CALL(rds_, DescribeGlobalClusters("us-east-1", _))
      .WillRepeatedly(Return(globals({global("available", kPrimaryArn)})));
  EXPECT_CALL(rds_,
              DescribeDBClusters("us-east-1", Field(&DescribeDBClustersRequest::DBClusterIdentifier,
                                                    "orders-primary")))
      .WillRepeatedly(Return(clusters("orders-primary", "available")));
  EXPECT_CALL(rds_,
              DescribeDBClusters("us-west-2", Field(&DescribeDBClustersRequest::DBClusterIdentifier,
                                                    "orders-secondary")))
      .WillOnce(Return(clusters("orders-secondary", "creating")))
      .WillOnce(Return(clusters("orders-secondary", "available")));
  Status s = WaitUntilGlobalClusterMembersAvailable(rds_, clock_, "us-east-1", "orders-global");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock_.total_slept(), std::chrono::seconds(15));
}

TEST_F(RdsWaiters, GlobalClusterMembersTimeoutListsEveryMember) {
  EXPECT_CALL(rds_, DescribeGlobalClusters(_, _))
      .WillRepeatedly(Return(globals({global("available", kPrimaryArn)})));
  EXPECT_CALL(rds_, DescribeDBClusters("us-east-1", _))
      .WillRepeatedly(Return(clusters("orders-primary", "available")));
  EXPECT_CALL(rds_, DescribeDBClusters("us-west-2", _))
      .WillRepeatedly(Return(clusters("orders-secondary", "creating")));
  Status s =
      WaitUntilGlobalClusterMembersAvailable(rds_, clock_, "us-east-1", "orders-global", kFast);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kTimeout);
  EXPECT_THAT(s.error().message,
              HasSubstr("last observed: GlobalCluster orders-global status=available: "
                        "DBCluster orders-primary (us-east-1) status=available, "
                        "DBCluster orders-secondary (us-west-2) status=creating"));
}

TEST_F(RdsWaiters, GlobalClusterMembersFailWhenAMemberFails) {
  EXPECT_CALL(rds_, DescribeGlobalClusters(_, _))
      .WillRepeatedly(Return(globals({global("available", kPrimaryArn)})));
  EXPECT_CALL(rds_, DescribeDBClusters("us-east-1", _))
      .WillRepeatedly(Return(clusters("orders-primary", "available")));
  EXPECT_CALL(rds_, DescribeDBClusters("us-west-2", _))
      .WillOnce(Return(clusters("orders-secondary", "failed")));
  Status s = WaitUntilGlobalClusterMembersAvailable(rds_, clock_, "us-east-1", "orders-global");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterFailed");
  EXPECT_THAT(s.error().message, HasSubstr("orders-secondary (us-west-2) status=failed"));
}

TEST_F(RdsWaiters, GlobalClusterWithoutMembersIsNotYetAvailable) {
  GlobalCluster empty = global("available", kPrimaryArn);
  empty.GlobalClusterMembers.clear();
  EXPECT_CALL(rds_, DescribeGlobalClusters(_, _)).WillRepeatedly(Return(globals({empty})));
  EXPECT_CALL(rds_, DescribeDBClusters(_, _)).Times(0);
  Status s =
      WaitUntilGlobalClusterMembersAvailable(rds_, clock_, "us-east-1", "orders-global", kFast);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().message, HasSubstr("status=available, no members"));
}

TEST_F(RdsWaiters, FailoverCompleteWaitsForTheTargetToWrite) {
  EXPECT_CALL(rds_, DescribeGlobalClusters("us-west-2", _))
      .WillOnce(Return(globals({global("failing-over", kPrimaryArn, "pending")})))
      .WillOnce(Return(globals({global("failing-over", "", "failing-over")})))
      .WillOnce(Return(globals({global("available", kSecondaryArn)})));
  Status s = WaitUntilGlobalClusterFailoverComplete(rds_, clock_, "us-west-2", "orders-global",
                                                    kSecondaryArn);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock_.total_slept(), std::chrono::seconds(30));
}

TEST_F(RdsWaiters, FailoverCompleteWaitsOutASwitchoverStillReportingItsState) {
  EXPECT_CALL(rds_, DescribeGlobalClusters(_, _))
      .WillOnce(Return(globals({global("switching-over", kSecondaryArn, "switching-over")})))
      .WillOnce(Return(globals({global("available", kSecondaryArn)})));
  Status s = WaitUntilGlobalClusterFailoverComplete(rds_, clock_, "us-east-1", "orders-global",
                                                    kSecondaryArn);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock_.total_slept(), std::chrono::seconds(15));
}

TEST_F(RdsWaiters, FailoverCompleteFailsWhenTheFailoverIsCancelled) {
  EXPECT_CALL(rds_, DescribeGlobalClusters(_, _))
      .WillOnce(Return(globals({global("failing-over", kPrimaryArn, "cancelling")})));
  Status s = WaitUntilGlobalClusterFailoverComplete(rds_, clock_, "us-west-2", "orders-global",
                                                    kSecondaryArn);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterFailed");
  EXPECT_THAT(s.error().message, HasSubstr("failover=cancelling"));
}

TEST_F(RdsWaiters, FailoverCompleteFailsWhenTheTargetIsNotAMember) {
  EXPECT_CALL(rds_, DescribeGlobalClusters(_, _))
      .WillOnce(Return(globals({global("available", kPrimaryArn)})));
  const std::string stranger = "arn:aws:rds:eu-west-1:123456789012:cluster:stranger";
  Status s =
      WaitUntilGlobalClusterFailoverComplete(rds_, clock_, "us-west-2", "orders-global", stranger);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterFailed");
  EXPECT_THAT(s.error().message, HasSubstr(stranger + " is not a member"));
}

TEST_F(RdsWaiters, FailoverThatNeverTookEffectTimesOutNamingTheWriter) {
  EXPECT_CALL(rds_, DescribeGlobalClusters(_, _))
      .WillRepeatedly(Return(globals({global("available", kPrimaryArn)})));
  Status s = WaitUntilGlobalClusterFailoverComplete(rds_, clock_, "us-west-2", "orders-global",
                                                    kSecondaryArn, kFast);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kTimeout);
  EXPECT_THAT(s.error().message,
              HasSubstr("last observed: GlobalCluster orders-global status=available "
                        "failover=none writer=" +
                        std::string(kPrimaryArn)));
}

// ------------------------------------------------------------------ paging over the mock

TEST_F(RdsWaiters, AllPagesFormsRunOverAMock) {
  DescribeDBClustersResult one = clusters("a", "available");
  one.Marker = "m-2";
  DescribeDBClustersResult two = clusters("b", "available");
  two.Marker = "m-3";
  DescribeDBClustersResult three = clusters("c", "creating");
  {
    InSequence seq;
    EXPECT_CALL(rds_,
                DescribeDBClusters("eu-west-1", Field(&DescribeDBClustersRequest::Marker, "")))
        .WillOnce(Return(one));
    EXPECT_CALL(rds_,
                DescribeDBClusters("eu-west-1", Field(&DescribeDBClustersRequest::Marker, "m-2")))
        .WillOnce(Return(two));
    EXPECT_CALL(rds_,
                DescribeDBClusters("eu-west-1", Field(&DescribeDBClustersRequest::Marker, "m-3")))
        .WillOnce(Return(three));
  }
  auto all = rds_.DescribeDBClustersAll("eu-west-1", {});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[2].Status, "creating");
}

}  // namespace
}  // namespace drh::aws
