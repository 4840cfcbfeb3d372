// GoogleMock stand-in for drh::aws::SnsApi. The all-pages forms are not virtual: they run
// over whatever the mocked single-page methods return.
//
//   MockSnsApi sns;
//   EXPECT_CALL(sns, Publish("us-east-1", ::testing::_))
//       .WillOnce(::testing::Return(PublishResult{.MessageId = "m-1"}));
#pragma once

#include <gmock/gmock.h>

#include "drh/aws/sns.h"

namespace drh::aws {

class MockSnsApi : public SnsApi {
 public:
  MOCK_METHOD(Result<CreateTopicResult>, CreateTopic,
              (std::string_view region, const CreateTopicRequest& request), (override));
  MOCK_METHOD(Result<ListTopicsResult>, ListTopics,
              (std::string_view region, const ListTopicsRequest& request), (override));
  MOCK_METHOD(Result<GetTopicAttributesResult>, GetTopicAttributes,
              (std::string_view region, const GetTopicAttributesRequest& request), (override));
  MOCK_METHOD(Result<SubscribeResult>, Subscribe,
              (std::string_view region, const SubscribeRequest& request), (override));
  MOCK_METHOD(Result<ListSubscriptionsByTopicResult>, ListSubscriptionsByTopic,
              (std::string_view region, const ListSubscriptionsByTopicRequest& request),
              (override));
  MOCK_METHOD(Result<PublishResult>, Publish,
              (std::string_view region, const PublishRequest& request), (override));
  MOCK_METHOD(Result<DeleteTopicResult>, DeleteTopic,
              (std::string_view region, const DeleteTopicRequest& request), (override));
  MOCK_METHOD(Result<UnsubscribeResult>, Unsubscribe,
              (std::string_view region, const UnsubscribeRequest& request), (override));
};

}  // namespace drh::aws
