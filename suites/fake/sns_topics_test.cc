// SNS in the fake: topics created idempotently per region, attributes as SNS reports
// them, paging, subscriptions with confirmation, publishing recorded for the harness,
// errors (NotFound 404, InvalidParameter 400), and state that survives save and load.
#include <gtest/gtest.h>

#include "../../mocks/fake/sns_service.h"
#include "drh/aws/sns.h"
#include "drh/protocol/generic.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

using aws::SnsClient;

constexpr const char* kEast = "us-east-1";
constexpr const char* kWest = "us-west-2";

Result<nlohmann::json> call(FakeWorld& w, std::string_view op, std::string_view region,
                            const nlohmann::json& params) {
  auto svc = find_service("sns");
  if (!svc) return svc.error();
  auto req = build_generic_request(**svc, op, params);
  if (!req) return req.error();
  auto resp = w.connection->send(**svc, region, std::move(*req));
  if (!resp) return resp.error();
  return decode_generic_response(**svc, op, *resp);
}

fake::SnsService& service(FakeWorld& w) { return w.cloud.core().get<fake::SnsService>("sns"); }

TEST(FakeSnsTopics, CreateTopicIsIdempotentPerRegionWithAwsArns) {
  FakeWorld world;
  SnsClient sns(*world.connection);
  auto east = sns.CreateTopic(kEast, {.Name = "dr-alerts", .Attributes = {{"DisplayName", "DR"}},
                                      .Tags = {{"team", "dr"}}});
  ASSERT_TRUE(east.ok()) << east.error().describe();
  EXPECT_EQ(east->TopicArn, "arn:aws:sns:us-east-1:123456789012:dr-alerts");
  auto again = sns.CreateTopic(kEast, {.Name = "dr-alerts", .Attributes = {{"DisplayName", "DR"}}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->TopicArn, east->TopicArn);
  auto different = sns.CreateTopic(kEast, {.Name = "dr-alerts", .Attributes = {{"DisplayName", "Other"}}});
  ASSERT_FALSE(different.ok());
  EXPECT_EQ(different.error().code, "InvalidParameter");
  EXPECT_NE(different.error().message.find("Topic already exists with different attributes"),
            std::string::npos);
  auto west = sns.CreateTopic(kWest, {.Name = "dr-alerts"});
  EXPECT_EQ(west->TopicArn, "arn:aws:sns:us-west-2:123456789012:dr-alerts");

  auto bad_name = sns.CreateTopic(kEast, {.Name = "has space"});
  ASSERT_FALSE(bad_name.ok());
  EXPECT_EQ(bad_name.error().code, "InvalidParameter");
  EXPECT_EQ(bad_name.error().http_status, 400);
  EXPECT_EQ(bad_name.error().message, "Invalid parameter: Topic Name");
  auto fifo = sns.CreateTopic(kEast, {.Name = "orders.fifo", .Attributes = {{"FifoTopic", "true"}}});
  ASSERT_TRUE(fifo.ok()) << fifo.error().describe();
  EXPECT_FALSE(sns.CreateTopic(kEast, {.Name = "orders2.fifo"}).ok());
}

TEST(FakeSnsTopics, GetTopicAttributesReportsWhatSnsReports) {
  FakeWorld world;
  SnsClient sns(*world.connection);
  auto topic = sns.CreateTopic(kEast, {.Name = "dr-alerts", .Attributes = {{"DisplayName", "DR"}}});
  ASSERT_TRUE(sns.Subscribe(kEast, {.TopicArn = topic->TopicArn, .Protocol = "sqs",
                                    .Endpoint = "arn:aws:sqs:us-east-1:123456789012:q"})
                  .ok());
  ASSERT_TRUE(sns.Subscribe(kEast, {.TopicArn = topic->TopicArn, .Protocol = "email",
                                    .Endpoint = "oncall@example.com"})
                  .ok());
  auto attrs = sns.GetTopicAttributes(kEast, {.TopicArn = topic->TopicArn});
  ASSERT_TRUE(attrs.ok()) << attrs.error().describe();
  const auto& a = attrs->Attributes;
  EXPECT_EQ(a.at("TopicArn"), topic->TopicArn);
  EXPECT_EQ(a.at("Owner"), "123456789012");
  EXPECT_EQ(a.at("DisplayName"), "DR");
  EXPECT_EQ(a.at("SubscriptionsConfirmed"), "1");
  EXPECT_EQ(a.at("SubscriptionsPending"), "1");
  EXPECT_EQ(a.at("SubscriptionsDeleted"), "0");
  auto policy = nlohmann::json::parse(a.at("Policy"));
  EXPECT_EQ(policy["Statement"][0]["Resource"], topic->TopicArn);
  EXPECT_TRUE(nlohmann::json::accept(a.at("EffectiveDeliveryPolicy")));

  ASSERT_TRUE(call(world, "SetTopicAttributes", kEast,
                   {{"TopicArn", topic->TopicArn}, {"AttributeName", "DisplayName"},
                    {"AttributeValue", "Renamed"}})
                  .ok());
  EXPECT_EQ(sns.GetTopicAttributes(kEast, {.TopicArn = topic->TopicArn})->Attributes.at("DisplayName"),
            "Renamed");
  auto unknown_attr = call(world, "SetTopicAttributes", kEast,
                           {{"TopicArn", topic->TopicArn}, {"AttributeName", "Colour"},
                            {"AttributeValue", "blue"}});
  EXPECT_EQ(unknown_attr.error().code, "InvalidParameter");

  auto missing = sns.GetTopicAttributes(kEast, {.TopicArn = "arn:aws:sns:us-east-1:123456789012:none"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "NotFound");
  EXPECT_EQ(missing.error().http_status, 404);
  EXPECT_EQ(missing.error().message, "Topic does not exist");
  auto other_region = sns.GetTopicAttributes(kWest, {.TopicArn = topic->TopicArn});
  EXPECT_EQ(other_region.error().code, "InvalidParameter");
}

TEST(FakeSnsTopics, ListTopicsPagesByHundreds) {
  FakeWorld world;
  SnsClient sns(*world.connection);
  for (int i = 0; i < 250; ++i) {
    ASSERT_TRUE(sns.CreateTopic(kEast, {.Name = "topic-" + std::to_string(1000 + i)}).ok());
  }
  auto first = sns.ListTopics(kEast, {});
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->Topics.size(), 100u);
  EXPECT_FALSE(first->NextToken.empty());
  auto all = sns.ListTopicsAll(kEast);  // three pages
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 250u);
  EXPECT_EQ(all->back().TopicArn, "arn:aws:sns:us-east-1:123456789012:topic-1249");
  EXPECT_TRUE(sns.ListTopics(kWest, {})->Topics.empty());
  EXPECT_EQ(sns.ListTopics(kEast, {.NextToken = "!!"}).error().code, "InvalidParameter");
}

TEST(FakeSnsTopics, SubscriptionsConfirmListAndUnsubscribe) {
  FakeWorld world;
  SnsClient sns(*world.connection);
  auto topic = sns.CreateTopic(kEast, {.Name = "dr-alerts"});
  auto pending = sns.Subscribe(kEast, {.TopicArn = topic->TopicArn, .Protocol = "https",
                                       .Endpoint = "https://hooks.example.com/dr"});
  ASSERT_TRUE(pending.ok()) << pending.error().describe();
  EXPECT_EQ(pending->SubscriptionArn, "pending confirmation");
  auto with_arn = sns.Subscribe(kEast, {.TopicArn = topic->TopicArn, .Protocol = "https",
                                        .Endpoint = "https://hooks.example.com/dr",
                                        .ReturnSubscriptionArn = true});
  ASSERT_TRUE(with_arn.ok());
  EXPECT_TRUE(with_arn->SubscriptionArn.starts_with(topic->TopicArn + ":"));
  auto lambda = sns.Subscribe(kEast, {.TopicArn = topic->TopicArn, .Protocol = "lambda",
                                      .Endpoint = "arn:aws:lambda:us-east-1:123456789012:function:f"});
  ASSERT_TRUE(lambda.ok());
  EXPECT_EQ(lambda->SubscriptionArn.size(), topic->TopicArn.size() + 1 + 36);

  auto listed = sns.ListSubscriptionsByTopic(kEast, {.TopicArn = topic->TopicArn});
  ASSERT_TRUE(listed.ok()) << listed.error().describe();
  ASSERT_EQ(listed->Subscriptions.size(), 2u);
  EXPECT_EQ(listed->Subscriptions[0].SubscriptionArn, "PendingConfirmation");
  EXPECT_EQ(listed->Subscriptions[0].Protocol, "https");
  EXPECT_EQ(listed->Subscriptions[1].SubscriptionArn, lambda->SubscriptionArn);
  EXPECT_EQ(listed->Subscriptions[1].Owner, "123456789012");

  std::optional<std::string> token;
  {
    std::lock_guard lock(world.cloud.core().mutex);
    token = service(world).confirmation_token(kEast, with_arn->SubscriptionArn);
  }
  ASSERT_TRUE(token);
  auto confirmed = call(world, "ConfirmSubscription", kEast,
                        {{"TopicArn", topic->TopicArn}, {"Token", *token}});
  ASSERT_TRUE(confirmed.ok()) << confirmed.error().describe();
  EXPECT_EQ((*confirmed)["SubscriptionArn"], with_arn->SubscriptionArn);
  EXPECT_EQ(sns.ListSubscriptionsByTopic(kEast, {.TopicArn = topic->TopicArn})
                ->Subscriptions[0].SubscriptionArn,
            with_arn->SubscriptionArn);
  EXPECT_EQ(call(world, "ConfirmSubscription", kEast, {{"TopicArn", topic->TopicArn}, {"Token", "bad"}})
                .error().code,
            "InvalidParameter");

  auto bad_endpoint = sns.Subscribe(kEast, {.TopicArn = topic->TopicArn, .Protocol = "email",
                                            .Endpoint = "not-an-address"});
  EXPECT_EQ(bad_endpoint.error().code, "InvalidParameter");
  auto bad_protocol = sns.Subscribe(kEast, {.TopicArn = topic->TopicArn, .Protocol = "pigeon",
                                            .Endpoint = "x"});
  EXPECT_EQ(bad_protocol.error().code, "InvalidParameter");

  ASSERT_TRUE(sns.Unsubscribe(kEast, {.SubscriptionArn = lambda->SubscriptionArn}).ok());
  EXPECT_EQ(sns.Unsubscribe(kEast, {.SubscriptionArn = lambda->SubscriptionArn}).error().code,
            "NotFound");
  EXPECT_EQ(sns.GetTopicAttributes(kEast, {.TopicArn = topic->TopicArn})
                ->Attributes.at("SubscriptionsDeleted"),
            "1");
  auto all = call(world, "ListSubscriptions", kEast, nlohmann::json::object());
  ASSERT_TRUE(all.ok());
  EXPECT_EQ((*all)["Subscriptions"].size(), 1u);
}

TEST(FakeSnsTopics, PublishRecordsMessagesForTheHarness) {
  FakeWorld world;
  SnsClient sns(*world.connection);
  auto topic = sns.CreateTopic(kEast, {.Name = "dr-alerts"});
  auto published = sns.Publish(kEast, {.TopicArn = topic->TopicArn, .Message = "failover started",
                                       .Subject = "DR drill",
                                       .MessageAttributes = {{"phase", {"String", "detect", ""}},
                                                             {"attempt", {"Number", "2", ""}}}});
  ASSERT_TRUE(published.ok()) << published.error().describe();
  EXPECT_EQ(published->MessageId.size(), 36u);
  std::vector<fake::sns::Message> messages;
  {
    std::lock_guard lock(world.cloud.core().mutex);
    messages = service(world).published(kEast, topic->TopicArn);
  }
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].id, published->MessageId);
  EXPECT_EQ(messages[0].subject, "DR drill");
  EXPECT_EQ(messages[0].message, "failover started");
  EXPECT_EQ(messages[0].attributes.at("attempt").string_value, "2");
  EXPECT_EQ(messages[0].at, world.clock.now());

  auto json_structure = sns.Publish(kEast, {.TopicArn = topic->TopicArn,
                                            .Message = R"({"email":"x"})",
                                            .MessageStructure = "json"});
  ASSERT_FALSE(json_structure.ok());
  EXPECT_EQ(json_structure.error().message,
            "Invalid parameter: Message Structure - No default entry in JSON message body");
  // The typed client refuses an empty message itself; the service's answer, through the
  // generic codec:
  auto empty = call(world, "Publish", kEast, {{"TopicArn", topic->TopicArn}, {"Message", ""}});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, "InvalidParameter");
  EXPECT_EQ(empty.error().message, "Invalid parameter: Empty message");
  auto bad_attr = sns.Publish(kEast, {.TopicArn = topic->TopicArn, .Message = "m",
                                      .MessageAttributes = {{"n", {"Number", "NaNx", ""}}}});
  EXPECT_EQ(bad_attr.error().code, "InvalidParameter");
  auto missing = sns.Publish(kEast, {.TopicArn = "arn:aws:sns:us-east-1:123456789012:none",
                                     .Message = "m"});
  EXPECT_EQ(missing.error().code, "NotFound");
  EXPECT_EQ(missing.error().http_status, 404);

  // FIFO topics need a group id and order their messages.
  auto fifo = sns.CreateTopic(kEast, {.Name = "events.fifo",
                                      .Attributes = {{"FifoTopic", "true"},
                                                     {"ContentBasedDeduplication", "true"}}});
  auto no_group = sns.Publish(kEast, {.TopicArn = fifo->TopicArn, .Message = "a"});
  EXPECT_EQ(no_group.error().code, "InvalidParameter");
  auto first = sns.Publish(kEast, {.TopicArn = fifo->TopicArn, .Message = "a", .MessageGroupId = "g"});
  auto second = sns.Publish(kEast, {.TopicArn = fifo->TopicArn, .Message = "b", .MessageGroupId = "g"});
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->SequenceNumber.size(), 20u);
  EXPECT_LT(first->SequenceNumber, second->SequenceNumber);
  auto duplicate = sns.Publish(kEast, {.TopicArn = fifo->TopicArn, .Message = "a", .MessageGroupId = "g"});
  EXPECT_EQ(duplicate->MessageId, first->MessageId);
}

TEST(FakeSnsTopics, DeleteTopicIsIdempotentAndKeepsWhatWasPublished) {
  FakeWorld world;
  SnsClient sns(*world.connection);
  auto topic = sns.CreateTopic(kEast, {.Name = "dr-alerts"});
  ASSERT_TRUE(sns.Subscribe(kEast, {.TopicArn = topic->TopicArn, .Protocol = "sqs",
                                    .Endpoint = "arn:aws:sqs:us-east-1:123456789012:q"})
                  .ok());
  ASSERT_TRUE(sns.Publish(kEast, {.TopicArn = topic->TopicArn, .Message = "m"}).ok());
  ASSERT_TRUE(sns.DeleteTopic(kEast, {.TopicArn = topic->TopicArn}).ok());
  ASSERT_TRUE(sns.DeleteTopic(kEast, {.TopicArn = topic->TopicArn}).ok());
  EXPECT_EQ(sns.ListSubscriptionsByTopic(kEast, {.TopicArn = topic->TopicArn}).error().code, "NotFound");
  std::lock_guard lock(world.cloud.core().mutex);
  EXPECT_EQ(service(world).published(kEast, topic->TopicArn).size(), 1u);
}

TEST(FakeSnsTopics, StateRoundTrips) {
  FakeWorld world;
  SnsClient sns(*world.connection);
  auto topic = sns.CreateTopic(kEast, {.Name = "dr-alerts", .Tags = {{"a", "b"}}});
  ASSERT_TRUE(sns.Subscribe(kEast, {.TopicArn = topic->TopicArn, .Protocol = "email",
                                    .Endpoint = "a@example.com"})
                  .ok());
  ASSERT_TRUE(sns.Publish(kEast, {.TopicArn = topic->TopicArn, .Message = "m",
                                  .MessageAttributes = {{"bin", {"Binary", "", std::string("\x01\x02", 2)}}}})
                  .ok());
  const std::string saved = world.cloud.save_state();
  FakeWorld other;
  ASSERT_TRUE(other.cloud.load_state(saved).ok());
  EXPECT_EQ(other.cloud.save_state(), saved);
  SnsClient sns2(*other.connection);
  EXPECT_EQ(sns2.GetTopicAttributes(kEast, {.TopicArn = topic->TopicArn})->Attributes.at("SubscriptionsPending"),
            "1");
  auto tags = call(other, "ListTagsForResource", kEast, {{"ResourceArn", topic->TopicArn}});
  ASSERT_TRUE(tags.ok()) << tags.error().describe();
  EXPECT_NE(tags->dump().find(R"("Key":"a")"), std::string::npos) << tags->dump();
}

}  // namespace
}  // namespace drh::testing
