// EC2 waiters over a GoogleMock Ec2Api on a ManualClock: what each one polls, when it is
// done, when it gives up, and what its timeout says.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "aws/mock_ec2.h"
#include "drh/aws/ec2.h"

namespace drh::aws {
namespace {

using std::chrono::seconds;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Return;

Error aws_error(std::string code) {
  Error e = make_error(ErrorKind::kAws, std::move(code), "from the test");
  e.http_status = 400;
  return e;
}

DescribeVpcsResult vpc_in(std::string state) {
  return DescribeVpcsResult{{Vpc{.VpcId = "vpc-1", .State = std::move(state)}}, ""};
}

DescribeSubnetsResult subnet_in(std::string state) {
  return DescribeSubnetsResult{{Subnet{.SubnetId = "subnet-1", .State = std::move(state)}}, ""};
}

DescribeVpcPeeringConnectionsResult peering_in(std::string code, std::string message = "") {
  VpcPeeringConnection p;
  p.VpcPeeringConnectionId = "pcx-1";
  p.Status = {std::move(code), std::move(message)};
  return DescribeVpcPeeringConnectionsResult{{p}, ""};
}

DescribeVpcPeeringConnectionsResult nothing_listed() { return {}; }

class Ec2WaitersTest : public ::testing::Test {
 protected:
  seconds slept() const { return std::chrono::duration_cast<seconds>(clock_.total_slept()); }
  MockEc2Api api_;
  ManualClock clock_;
};

// ------------------------------------------------------------------ VpcAvailable

TEST_F(Ec2WaitersTest, VpcAvailableAsksForTheVpcByIdUntilItIsAvailable) {
  EXPECT_CALL(api_,
              DescribeVpcs("us-west-2", Field(&DescribeVpcsRequest::VpcIds, ElementsAre("vpc-1"))))
      .WillOnce(Return(vpc_in("pending")))
      .WillOnce(Return(vpc_in("pending")))
      .WillOnce(Return(vpc_in("available")));
  auto s = WaitUntilVpcAvailable(api_, clock_, "us-west-2", "vpc-1");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(slept(), seconds(30)) << "botocore's delay of 15 s between polls";
}

TEST_F(Ec2WaitersTest, VpcAvailableReturnsADescribeErrorAsIs) {
  EXPECT_CALL(api_, DescribeVpcs(_, _)).WillOnce(Return(aws_error("InvalidVpcID.NotFound")));
  auto s = WaitUntilVpcAvailable(api_, clock_, "us-east-1", "vpc-1");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "InvalidVpcID.NotFound");
  EXPECT_EQ(slept(), seconds(0));
}

TEST_F(Ec2WaitersTest, VpcAvailableTimesOutNamingTheLastState) {
  EXPECT_CALL(api_, DescribeVpcs(_, _)).WillRepeatedly(Return(vpc_in("pending")));
  auto s = WaitUntilVpcAvailable(api_, clock_, "us-east-1", "vpc-1", {seconds(5), seconds(20)});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kTimeout);
  EXPECT_EQ(s.error().code, "WaiterTimeout");
  EXPECT_THAT(s.error().message, HasSubstr("Vpc vpc-1 to be available"));
  EXPECT_THAT(s.error().message, HasSubstr("last observed: Vpc vpc-1 state=pending"));
  EXPECT_EQ(slept(), seconds(20));
}

TEST_F(Ec2WaitersTest, VpcAvailableWaitsWhileTheVpcIsNotListed) {
  EXPECT_CALL(api_, DescribeVpcs(_, _))
      .WillOnce(Return(DescribeVpcsResult{}))
      .WillOnce(Return(vpc_in("available")));
  EXPECT_TRUE(WaitUntilVpcAvailable(api_, clock_, "us-east-1", "vpc-1").ok());
  EXPECT_EQ(slept(), seconds(15));
}

// ------------------------------------------------------------------ SubnetAvailable

TEST_F(Ec2WaitersTest, SubnetAvailableAsksForTheSubnetById) {
  EXPECT_CALL(api_, DescribeSubnets("us-east-1", Field(&DescribeSubnetsRequest::SubnetIds,
                                                       ElementsAre("subnet-1"))))
      .WillOnce(Return(subnet_in("pending")))
      .WillOnce(Return(subnet_in("available")));
  EXPECT_TRUE(WaitUntilSubnetAvailable(api_, clock_, "us-east-1", "subnet-1").ok());
}

TEST_F(Ec2WaitersTest, SubnetAvailableTimesOutNamingTheLastState) {
  EXPECT_CALL(api_, DescribeSubnets(_, _)).WillRepeatedly(Return(subnet_in("unavailable")));
  auto s =
      WaitUntilSubnetAvailable(api_, clock_, "us-east-1", "subnet-1", {seconds(15), seconds(60)});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterTimeout");
  EXPECT_THAT(s.error().message, HasSubstr("Subnet subnet-1 state=unavailable"));
}

// ------------------------------------------------------------------ peering exists

TEST_F(Ec2WaitersTest, PeeringExistsRetriesOnNotFoundInEitherSpelling) {
  EXPECT_CALL(api_,
              DescribeVpcPeeringConnections(
                  "us-west-2", Field(&DescribeVpcPeeringConnectionsRequest::VpcPeeringConnectionIds,
                                     ElementsAre("pcx-1"))))
      .WillOnce(Return(aws_error("InvalidVpcPeeringConnectionID.NotFound")))  // AWS
      .WillOnce(Return(aws_error("InvalidVpcPeeringConnectionId.NotFound")))  // some emulators
      .WillOnce(Return(nothing_listed()))
      .WillOnce(Return(peering_in("pending-acceptance")));
  auto s = WaitUntilVpcPeeringConnectionExists(api_, clock_, "us-west-2", "pcx-1");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(slept(), seconds(45));
}

TEST_F(Ec2WaitersTest, PeeringExistsStopsOnAnyOtherError) {
  EXPECT_CALL(api_, DescribeVpcPeeringConnections(_, _))
      .WillOnce(Return(aws_error("UnauthorizedOperation")));
  auto s = WaitUntilVpcPeeringConnectionExists(api_, clock_, "us-west-2", "pcx-1");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "UnauthorizedOperation");
}

TEST_F(Ec2WaitersTest, PeeringExistsTimesOutSayingWhereItLooked) {
  EXPECT_CALL(api_, DescribeVpcPeeringConnections(_, _))
      .WillRepeatedly(Return(aws_error("InvalidVpcPeeringConnectionID.NotFound")));
  auto s = WaitUntilVpcPeeringConnectionExists(api_, clock_, "us-west-2", "pcx-1",
                                               {seconds(10), seconds(30)});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kTimeout);
  EXPECT_THAT(s.error().message,
              HasSubstr("last observed: VpcPeeringConnection pcx-1 not found in us-west-2"));
}

TEST_F(Ec2WaitersTest, PeeringExistsIgnoresOtherConnectionsInTheAnswer) {
  VpcPeeringConnection other;
  other.VpcPeeringConnectionId = "pcx-other";
  EXPECT_CALL(api_, DescribeVpcPeeringConnections(_, _))
      .WillOnce(Return(DescribeVpcPeeringConnectionsResult{{other}, ""}))
      .WillOnce(Return(peering_in("active")));
  EXPECT_TRUE(WaitUntilVpcPeeringConnectionExists(api_, clock_, "us-east-1", "pcx-1").ok());
  EXPECT_EQ(slept(), seconds(15));
}

// ------------------------------------------------------------------ peering deleted

TEST_F(Ec2WaitersTest, PeeringDeletedWaitsForStatusDeleted) {
  EXPECT_CALL(api_, DescribeVpcPeeringConnections(_, _))
      .WillOnce(Return(peering_in("active")))
      .WillOnce(Return(peering_in("deleting")))
      .WillOnce(Return(peering_in("deleted", "Deleted by 123456789012")));
  EXPECT_TRUE(WaitUntilVpcPeeringConnectionDeleted(api_, clock_, "us-east-1", "pcx-1").ok());
  EXPECT_EQ(slept(), seconds(30));
}

TEST_F(Ec2WaitersTest, PeeringDeletedIsDoneWhenTheConnectionIsGone) {
  EXPECT_CALL(api_, DescribeVpcPeeringConnections(_, _))
      .WillOnce(Return(aws_error("InvalidVpcPeeringConnectionID.NotFound")))
      .WillOnce(Return(nothing_listed()));
  EXPECT_TRUE(WaitUntilVpcPeeringConnectionDeleted(api_, clock_, "us-east-1", "pcx-1").ok());
  EXPECT_TRUE(WaitUntilVpcPeeringConnectionDeleted(api_, clock_, "us-east-1", "pcx-1").ok());
  EXPECT_EQ(slept(), seconds(0));
}

TEST_F(Ec2WaitersTest, PeeringDeletedTimesOutNamingTheStatus) {
  EXPECT_CALL(api_, DescribeVpcPeeringConnections(_, _))
      .WillRepeatedly(Return(peering_in("active", "Active")));
  auto s = WaitUntilVpcPeeringConnectionDeleted(api_, clock_, "us-east-1", "pcx-1",
                                                {seconds(15), seconds(45)});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterTimeout");
  EXPECT_THAT(s.error().message,
              HasSubstr("last observed: VpcPeeringConnection pcx-1 status=active (Active)"));
}

// ------------------------------------------------------------------ peering active

TEST_F(Ec2WaitersTest, PeeringActiveWaitsThroughTheLifecycle) {
  EXPECT_CALL(api_, DescribeVpcPeeringConnections("us-east-1", _))
      .WillOnce(Return(aws_error("InvalidVpcPeeringConnectionID.NotFound")))
      .WillOnce(Return(peering_in("initiating-request")))
      .WillOnce(Return(peering_in("pending-acceptance")))
      .WillOnce(Return(peering_in("provisioning")))
      .WillOnce(Return(peering_in("active")));
  auto s = WaitUntilVpcPeeringConnectionActive(api_, clock_, "us-east-1", "pcx-1");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(slept(), seconds(60));
}

TEST_F(Ec2WaitersTest, PeeringActiveFailsAtOnceOnATerminalState) {
  for (const char* terminal : {"rejected", "failed", "expired", "deleted"}) {
    MockEc2Api api;
    ManualClock clock;
    EXPECT_CALL(api, DescribeVpcPeeringConnections(_, _))
        .WillOnce(Return(peering_in(terminal, "Inactive")));
    auto s = WaitUntilVpcPeeringConnectionActive(api, clock, "us-east-1", "pcx-1");
    ASSERT_FALSE(s.ok()) << terminal;
    EXPECT_EQ(s.error().kind, ErrorKind::kAws);
    EXPECT_EQ(s.error().code, "WaiterFailed");
    EXPECT_THAT(s.error().message,
                HasSubstr("VpcPeeringConnection pcx-1 status=" + std::string(terminal)));
    EXPECT_EQ(clock.total_slept(), Duration(0));
  }
}

TEST_F(Ec2WaitersTest, PeeringActiveTimesOutWhilePendingAcceptance) {
  EXPECT_CALL(api_, DescribeVpcPeeringConnections(_, _))
      .WillRepeatedly(
          Return(peering_in("pending-acceptance", "Pending Acceptance by 123456789012")));
  auto s = WaitUntilVpcPeeringConnectionActive(api_, clock_, "us-east-1", "pcx-1");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kTimeout);
  EXPECT_EQ(s.error().message,
            "timed out after 600 s waiting for VpcPeeringConnection pcx-1 to be active; last "
            "observed: VpcPeeringConnection pcx-1 status=pending-acceptance (Pending Acceptance "
            "by 123456789012)");
  EXPECT_EQ(slept(), seconds(600));
}

TEST_F(Ec2WaitersTest, PeeringActiveStopsOnAnyOtherError) {
  EXPECT_CALL(api_, DescribeVpcPeeringConnections(_, _)).WillOnce(Return(aws_error("AuthFailure")));
  auto s = WaitUntilVpcPeeringConnectionActive(api_, clock_, "us-east-1", "pcx-1");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "AuthFailure");
}

}  // namespace
}  // namespace drh::aws
