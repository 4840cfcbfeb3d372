// Amazon SNS (Query, API 2010-03-31): the topics alarms notify, their subscriptions, and
// publishing (a drill's own notifications, or checking a topic really accepts messages).
//
// SnsApi has one virtual method per operation (GoogleMock stands in for it: see
// mocks/aws/mock_sns.h); SnsClient implements it over an AwsConnection. Every call takes
// the region it is made in; a topic lives in the region of its ARN. Requests and results
// carry botocore's member names; an optional scalar is std::optional, and an empty string,
// list or map means "not sent" in a request and "absent" in a result. Every member has a
// default initializer, so designated initializers may name just the members they set.
//
//   SnsClient sns(connection);
//   auto topic = sns.CreateTopic("us-east-1", {.Name = "orders-dr-alerts"});
//   auto subs = sns.ListSubscriptionsByTopicAll("us-east-1", {.TopicArn = topic->TopicArn});
//
// Paging: ListTopicsAll and ListSubscriptionsByTopicAll follow NextToken. SNS has no
// botocore waiters.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drh/aws/common.h"
#include "drh/client/connection.h"
#include "drh/core/result.h"

namespace drh::aws {

// ------------------------------------------------------------------ shapes

struct Topic {
  std::string TopicArn{};
};

struct Subscription {
  std::string SubscriptionArn{};  ///< "PendingConfirmation" until an endpoint confirms
  std::string Owner{};
  std::string Protocol{};  ///< sqs | lambda | email | https | ...
  std::string Endpoint{};
  std::string TopicArn{};
};

/// A message attribute: DataType String, String.Array, Number or Binary, with StringValue
/// (or BinaryValue, raw bytes, for Binary).
struct MessageAttributeValue {
  std::string DataType{};
  std::string StringValue{};
  std::string BinaryValue{};
};

// ------------------------------------------------------------------ requests and results

struct CreateTopicRequest {
  std::string Name{};  ///< ending in ".fifo" for a FIFO topic
  /// DisplayName, Policy, KmsMasterKeyId, FifoTopic, DeliveryPolicy, ...
  std::map<std::string, std::string> Attributes{};
  std::vector<Tag> Tags{};
};
struct CreateTopicResult {
  std::string TopicArn{};
};

struct ListTopicsRequest {
  std::string NextToken{};
};
struct ListTopicsResult {
  std::vector<Topic> Topics{};
  std::string NextToken{};
};

struct GetTopicAttributesRequest {
  std::string TopicArn{};
};
struct GetTopicAttributesResult {
  /// TopicArn, Owner, DisplayName, Policy, SubscriptionsConfirmed, SubscriptionsPending,
  /// KmsMasterKeyId, EffectiveDeliveryPolicy, ...
  std::map<std::string, std::string> Attributes{};
};

struct SubscribeRequest {
  std::string TopicArn{};
  std::string Protocol{};
  std::string Endpoint{};
  std::map<std::string, std::string> Attributes{};  ///< RawMessageDelivery, FilterPolicy, ...
  std::optional<bool> ReturnSubscriptionArn{};
};
struct SubscribeResult {
  std::string SubscriptionArn{};
};

struct ListSubscriptionsByTopicRequest {
  std::string TopicArn{};
  std::string NextToken{};
};
struct ListSubscriptionsByTopicResult {
  std::vector<Subscription> Subscriptions{};
  std::string NextToken{};
};

struct PublishRequest {
  std::string TopicArn{};
  std::string TargetArn{};  ///< a platform endpoint, instead of TopicArn
  std::string Message{};
  std::string Subject{};
  std::string MessageStructure{};  ///< "json": Message holds one message per protocol
  std::map<std::string, MessageAttributeValue> MessageAttributes{};
  std::string MessageDeduplicationId{};
  std::string MessageGroupId{};
};
struct PublishResult {
  std::string MessageId{};
  std::string SequenceNumber{};  ///< FIFO topics only
};

struct DeleteTopicRequest {
  std::string TopicArn{};
};
struct DeleteTopicResult {};

struct UnsubscribeRequest {
  std::string SubscriptionArn{};
};
struct UnsubscribeResult {};

// ------------------------------------------------------------------ the API

/// The SNS operations drharness calls. Errors are kAws with SNS's codes: NotFound (no
/// such topic or subscription), InvalidParameter, AuthorizationError (access denied);
/// throttling (Throttled, HTTP 429) is retried by the connection. Requests missing a
/// required member fail with kInvalidInput before anything is sent.
class SnsApi {
 public:
  virtual ~SnsApi() = default;

  virtual Result<CreateTopicResult> CreateTopic(std::string_view region,
                                                const CreateTopicRequest& request) = 0;
  virtual Result<ListTopicsResult> ListTopics(std::string_view region,
                                              const ListTopicsRequest& request) = 0;
  virtual Result<GetTopicAttributesResult> GetTopicAttributes(
      std::string_view region, const GetTopicAttributesRequest& request) = 0;
  virtual Result<SubscribeResult> Subscribe(std::string_view region,
                                            const SubscribeRequest& request) = 0;
  virtual Result<ListSubscriptionsByTopicResult> ListSubscriptionsByTopic(
      std::string_view region, const ListSubscriptionsByTopicRequest& request) = 0;
  virtual Result<PublishResult> Publish(std::string_view region, const PublishRequest& request) = 0;
  virtual Result<DeleteTopicResult> DeleteTopic(std::string_view region,
                                                const DeleteTopicRequest& request) = 0;
  virtual Result<UnsubscribeResult> Unsubscribe(std::string_view region,
                                                const UnsubscribeRequest& request) = 0;

  // All pages: call the single-page method from `request.NextToken` (usually empty) until a
  // page comes back without one, and concatenate the items. A service that hands back a
  // token it already gave is a kDecode "RepeatedPageToken" error naming it (never an
  // endless loop); any page's error is returned as is.
  Result<std::vector<Topic>> ListTopicsAll(std::string_view region, ListTopicsRequest request = {});
  Result<std::vector<Subscription>> ListSubscriptionsByTopicAll(
      std::string_view region, ListSubscriptionsByTopicRequest request);
};

class SnsClient final : public SnsApi {
 public:
  explicit SnsClient(AwsConnection& connection) : connection_(connection) {}

  Result<CreateTopicResult> CreateTopic(std::string_view region,
                                        const CreateTopicRequest& request) override;
  Result<ListTopicsResult> ListTopics(std::string_view region,
                                      const ListTopicsRequest& request) override;
  Result<GetTopicAttributesResult> GetTopicAttributes(
      std::string_view region, const GetTopicAttributesRequest& request) override;
  Result<SubscribeResult> Subscribe(std::string_view region,
                                    const SubscribeRequest& request) override;
  Result<ListSubscriptionsByTopicResult> ListSubscriptionsByTopic(
      std::string_view region, const ListSubscriptionsByTopicRequest& request) override;
  Result<PublishResult> Publish(std::string_view region, const PublishRequest& request) override;
  Result<DeleteTopicResult> DeleteTopic(std::string_view region,
                                        const DeleteTopicRequest& request) override;
  Result<UnsubscribeResult> Unsubscribe(std::string_view region,
                                        const UnsubscribeRequest& request) override;

 private:
  AwsConnection& connection_;
};

}  // namespace drh::aws
