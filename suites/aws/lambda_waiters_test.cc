// Lambda waiters over MockLambdaApi (the drh_mocks target) on a ManualClock: botocore's
// FunctionExists, FunctionActiveV2 and FunctionUpdatedV2 acceptors, and timeouts that name
// the last state seen.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/mock_lambda.h"
#include "drh/aws/lambda.h"

namespace drh::aws {
namespace {

using ::testing::_;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Return;

GetFunctionResult function(std::string state, std::string update = "Successful",
                           std::string reason = {}) {
  GetFunctionResult r;
  r.Configuration.FunctionName = "orders-failover";
  r.Configuration.State = std::move(state);
  r.Configuration.StateReason = reason;
  r.Configuration.LastUpdateStatus = std::move(update);
  r.Configuration.LastUpdateStatusReason = std::move(reason);
  return r;
}

Error not_found() {
  return make_error(ErrorKind::kAws, "ResourceNotFoundException",
                    "Function not found: arn:aws:lambda:us-west-2:123456789012:function:f");
}

TEST(LambdaWaiters, FunctionExistsRetriesNotFound) {
  MockLambdaApi lambda;
  ManualClock clock;
  EXPECT_CALL(lambda,
              GetFunction("us-west-2", Field(&GetFunctionRequest::FunctionName, "orders-failover")))
      .WillOnce(Return(not_found()))
      .WillOnce(Return(not_found()))
      .WillOnce(Return(function("Pending")));
  Status s = WaitUntilFunctionExists(lambda, clock, "us-west-2", "orders-failover");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock.total_slept(), std::chrono::seconds(2));
}

TEST(LambdaWaiters, FunctionExistsTimesOutAndStopsOnOtherErrors) {
  MockLambdaApi lambda;
  ManualClock clock;
  EXPECT_CALL(lambda, GetFunction(_, _)).WillRepeatedly(Return(not_found()));
  Status s = WaitUntilFunctionExists(lambda, clock, "us-west-2", "orders-failover");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterTimeout");
  EXPECT_THAT(s.error().message, HasSubstr("last observed: function not found yet"));

  MockLambdaApi denied;
  EXPECT_CALL(denied, GetFunction(_, _))
      .WillOnce(Return(make_error(ErrorKind::kAws, "AccessDeniedException", "no")));
  Status d = WaitUntilFunctionExists(denied, clock, "us-west-2", "orders-failover");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, "AccessDeniedException");
}

TEST(LambdaWaiters, FunctionActiveGoesFromPendingToActive) {
  MockLambdaApi lambda;
  ManualClock clock;
  EXPECT_CALL(lambda, GetFunction("us-west-2", _))
      .WillOnce(Return(function("Pending")))
      .WillOnce(Return(function("Active")));
  Status s = WaitUntilFunctionActive(lambda, clock, "us-west-2", "orders-failover");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock.total_slept(), std::chrono::seconds(1));
}

TEST(LambdaWaiters, FunctionActiveFailsOnFailedWithTheReason) {
  MockLambdaApi lambda;
  ManualClock clock;
  EXPECT_CALL(lambda, GetFunction(_, _))
      .WillOnce(Return(function("Failed", "Failed", "The subnet has no free IP addresses")));
  Status s = WaitUntilFunctionActive(lambda, clock, "us-west-2", "orders-failover");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterFailed");
  EXPECT_THAT(s.error().message, HasSubstr("State=Failed (The subnet has no free IP addresses)"));
}

TEST(LambdaWaiters, FunctionActiveTimesOutNamingTheState) {
  MockLambdaApi lambda;
  ManualClock clock;
  EXPECT_CALL(lambda, GetFunction(_, _)).WillRepeatedly(Return(function("Pending")));
  Status s = WaitUntilFunctionActive(lambda, clock, "us-west-2", "orders-failover",
                                     {std::chrono::seconds(5), std::chrono::seconds(30)});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kTimeout);
  EXPECT_THAT(s.error().message, HasSubstr("orders-failover in us-west-2 to be Active"));
  EXPECT_THAT(s.error().message, HasSubstr("last observed: State=Pending"));
  EXPECT_EQ(clock.total_slept(), std::chrono::seconds(30));
}

TEST(LambdaWaiters, FunctionUpdatedFollowsLastUpdateStatus) {
  MockLambdaApi lambda;
  ManualClock clock;
  EXPECT_CALL(lambda, GetFunction(_, _))
      .WillOnce(Return(function("Active", "InProgress")))
      .WillOnce(Return(function("Active", "Successful")));
  Status s = WaitUntilFunctionUpdated(lambda, clock, "us-west-2", "orders-failover");
  ASSERT_TRUE(s.ok()) << s.error().describe();

  MockLambdaApi failing;
  EXPECT_CALL(failing, GetFunction(_, _))
      .WillOnce(Return(function("Active", "Failed", "KMS key is disabled")));
  Status f = WaitUntilFunctionUpdated(failing, clock, "us-west-2", "orders-failover");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, "WaiterFailed");
  EXPECT_THAT(f.error().message, HasSubstr("LastUpdateStatus=Failed (KMS key is disabled)"));
}

}  // namespace
}  // namespace drh::aws
