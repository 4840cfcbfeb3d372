// DynamoDB waiters over MockDynamoDbApi (the drh_mocks target) on a ManualClock: botocore's
// TableExists / TableNotExists acceptors, the replica waiter, and timeouts that name the
// last state seen.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/mock_dynamodb.h"
#include "drh/aws/dynamodb.h"

namespace drh::aws {
namespace {

using ::testing::_;
using ::testing::Eq;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Return;

DescribeTableResult table(std::string status, std::vector<ReplicaDescription> replicas = {}) {
  DescribeTableResult r;
  r.Table.TableName = "orders";
  r.Table.TableStatus = std::move(status);
  r.Table.Replicas = std::move(replicas);
  return r;
}

Error not_found() {
  Error e = make_error(ErrorKind::kAws, "ResourceNotFoundException",
                       "Requested resource not found: Table: orders not found");
  e.http_status = 400;
  return e;
}

const WaitOptions kShort{std::chrono::seconds(20), std::chrono::seconds(60)};

TEST(DynamoDbWaiters, TableExistsRetriesNotFoundUntilActive) {
  MockDynamoDbApi ddb;
  ManualClock clock;
  EXPECT_CALL(ddb,
              DescribeTable("us-west-2", Field(&DescribeTableRequest::TableName, Eq("orders"))))
      .WillOnce(Return(not_found()))
      .WillOnce(Return(table("CREATING")))
      .WillOnce(Return(table("ACTIVE")));
  Status s = WaitUntilTableExists(ddb, clock, "us-west-2", "orders");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock.total_slept(), std::chrono::seconds(40));  // botocore's 20 s delay
}

TEST(DynamoDbWaiters, TableExistsTimesOutNamingTheLastStatus) {
  MockDynamoDbApi ddb;
  ManualClock clock;
  EXPECT_CALL(ddb, DescribeTable("us-east-1", _))
      .WillOnce(Return(not_found()))
      .WillRepeatedly(Return(table("CREATING")));
  Status s = WaitUntilTableExists(ddb, clock, "us-east-1", "orders", kShort);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kTimeout);
  EXPECT_EQ(s.error().code, "WaiterTimeout");
  EXPECT_THAT(s.error().message, HasSubstr("orders in us-east-1"));
  EXPECT_THAT(s.error().message, HasSubstr("last observed: TableStatus=CREATING"));
  EXPECT_EQ(clock.total_slept(), std::chrono::seconds(60));
}

TEST(DynamoDbWaiters, TableExistsStopsOnOtherErrors) {
  MockDynamoDbApi ddb;
  ManualClock clock;
  EXPECT_CALL(ddb, DescribeTable(_, _))
      .WillOnce(Return(make_error(ErrorKind::kAws, "AccessDeniedException", "no")));
  Status s = WaitUntilTableExists(ddb, clock, "us-east-1", "orders", kShort);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "AccessDeniedException");
  EXPECT_EQ(clock.total_slept(), Duration::zero());
}

TEST(DynamoDbWaiters, TableNotExistsIsDoneOnNotFound) {
  MockDynamoDbApi ddb;
  ManualClock clock;
  EXPECT_CALL(ddb, DescribeTable("us-east-1", _))
      .WillOnce(Return(table("DELETING")))
      .WillOnce(Return(not_found()));
  Status s = WaitUntilTableNotExists(ddb, clock, "us-east-1", "orders");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock.total_slept(), std::chrono::seconds(20));
}

TEST(DynamoDbWaiters, TableNotExistsTimesOutWhileTheTableStays) {
  MockDynamoDbApi ddb;
  ManualClock clock;
  EXPECT_CALL(ddb, DescribeTable(_, _)).WillRepeatedly(Return(table("ACTIVE")));
  Status s = WaitUntilTableNotExists(ddb, clock, "us-east-1", "orders", kShort);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterTimeout");
  EXPECT_THAT(s.error().message, HasSubstr("TableStatus=ACTIVE"));
}

TEST(DynamoDbWaiters, ReplicasActiveWaitsForEveryListedRegion) {
  MockDynamoDbApi ddb;
  ManualClock clock;
  EXPECT_CALL(ddb, DescribeTable("us-east-1", _))
      // UpdateTable just returned: the new replica is not listed yet.
      .WillOnce(Return(table("UPDATING", {{.RegionName = "us-east-1", .ReplicaStatus = "ACTIVE"}})))
      .WillOnce(
          Return(table("UPDATING", {{.RegionName = "us-east-1", .ReplicaStatus = "ACTIVE"},
                                    {.RegionName = "us-west-2", .ReplicaStatus = "CREATING"}})))
      .WillOnce(Return(table("ACTIVE", {{.RegionName = "us-east-1", .ReplicaStatus = "ACTIVE"},
                                        {.RegionName = "us-west-2", .ReplicaStatus = "ACTIVE"}})));
  Status s = WaitUntilReplicasActive(ddb, clock, "us-east-1", "orders", {"us-east-1", "us-west-2"});
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock.total_slept(), std::chrono::seconds(40));
}

TEST(DynamoDbWaiters, ReplicasActiveWithNoRegionsNeedsAtLeastOneReplica) {
  MockDynamoDbApi ddb;
  ManualClock clock;
  EXPECT_CALL(ddb, DescribeTable(_, _))
      .WillOnce(Return(table("ACTIVE")))
      .WillOnce(Return(table("ACTIVE", {{.RegionName = "eu-west-1", .ReplicaStatus = "ACTIVE"}})));
  Status s = WaitUntilReplicasActive(ddb, clock, "us-east-1", "orders", {});
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock.total_slept(), std::chrono::seconds(20));
}

TEST(DynamoDbWaiters, ReplicaCreationFailedFailsTheWait) {
  MockDynamoDbApi ddb;
  ManualClock clock;
  EXPECT_CALL(ddb, DescribeTable(_, _))
      .WillOnce(Return(table("ACTIVE", {{.RegionName = "us-west-2",
                                         .ReplicaStatus = "CREATION_FAILED",
                                         .ReplicaStatusDescription = "KMS key not accessible"}})));
  Status s = WaitUntilReplicasActive(ddb, clock, "us-east-1", "orders", {"us-west-2"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kAws);
  EXPECT_EQ(s.error().code, "WaiterFailed");
  EXPECT_THAT(s.error().message, HasSubstr("us-west-2=CREATION_FAILED (KMS key not accessible)"));
}

TEST(DynamoDbWaiters, ReplicasActiveTimesOutNamingEveryReplica) {
  MockDynamoDbApi ddb;
  ManualClock clock;
  EXPECT_CALL(ddb, DescribeTable(_, _))
      .WillRepeatedly(
          Return(table("UPDATING", {{.RegionName = "us-east-1", .ReplicaStatus = "ACTIVE"},
                                    {.RegionName = "us-west-2", .ReplicaStatus = "CREATING"}})));
  Status s = WaitUntilReplicasActive(ddb, clock, "us-east-1", "orders", {"us-west-2"}, kShort);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterTimeout");
  EXPECT_THAT(
      s.error().message,
      HasSubstr(
          "last observed: TableStatus=UPDATING replicas: us-east-1=ACTIVE us-west-2=CREATING"));
  EXPECT_THAT(s.error().message, HasSubstr("replicas us-west-2 to be ACTIVE"));
}

TEST(DynamoDbWaiters, ReplicasActiveReturnsDescribeErrors) {
  MockDynamoDbApi ddb;
  ManualClock clock;
  EXPECT_CALL(ddb, DescribeTable(_, _)).WillOnce(Return(not_found()));
  Status s = WaitUntilReplicasActive(ddb, clock, "us-east-1", "orders", {"us-west-2"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "ResourceNotFoundException");
}

}  // namespace
}  // namespace drh::aws
