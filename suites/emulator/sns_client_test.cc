// SnsClient against moto_server: every operation, through the real connection
// (CurlTransport + SigV4 + retry). Subscriptions use the email protocol: moto delivers
// nothing for it, where an sqs or https endpoint would make Publish reach out.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "drh/aws/sns.h"
#include "moto_env.h"

namespace drh::aws {
namespace {

using drh::testing::moto_connection;
using drh::testing::unique_name;

constexpr std::string_view kRegion = "us-east-1";

class SnsEmulator : public ::testing::Test {
 protected:
  void SetUp() override {
    DRH_REQUIRE_MOTO();
    connection_ = moto_connection();
    sns_ = std::make_unique<SnsClient>(*connection_);
  }
  void TearDown() override {
    if (!sns_) return;
    for (const auto& [region, arn] : topics_) (void)sns_->DeleteTopic(region, {.TopicArn = arn});
  }

  std::string create_topic(std::string_view prefix, std::string_view region = kRegion) {
    auto r = sns_->CreateTopic(region, {.Name = unique_name(prefix)});
    EXPECT_TRUE(r.ok()) << r.error().describe();
    if (!r.ok()) return {};
    topics_.emplace_back(std::string(region), r->TopicArn);
    return r->TopicArn;
  }

  std::unique_ptr<AwsConnection> connection_;
  std::unique_ptr<SnsClient> sns_;
  std::vector<std::pair<std::string, std::string>> topics_;  // region, ARN
};

TEST_F(SnsEmulator, TopicLifecycleCreateSubscribePublishDelete) {
  const std::string name = unique_name("drh-sns-alerts");
  auto created = sns_->CreateTopic(kRegion, {.Name = name,
                                             .Attributes = {{"DisplayName", "DR alerts & drills"}},
                                             .Tags = {{"stack", "drh"}}});
  ASSERT_TRUE(created.ok()) << created.error().describe();
  const std::string arn = created->TopicArn;
  topics_.emplace_back(std::string(kRegion), arn);
  EXPECT_EQ(arn, "arn:aws:sns:us-east-1:123456789012:" + name);

  auto attributes = sns_->GetTopicAttributes(kRegion, {.TopicArn = arn});
  ASSERT_TRUE(attributes.ok()) << attributes.error().describe();
  EXPECT_EQ(attributes->Attributes.at("TopicArn"), arn);
  EXPECT_EQ(attributes->Attributes.at("DisplayName"), "DR alerts & drills");
  EXPECT_EQ(attributes->Attributes.at("Owner"), "123456789012");
  EXPECT_TRUE(attributes->Attributes.contains("Policy"));

  auto topics = sns_->ListTopicsAll(kRegion);
  ASSERT_TRUE(topics.ok()) << topics.error().describe();
  EXPECT_NE(std::find_if(topics->begin(), topics->end(),
                         [&](const Topic& t) { return t.TopicArn == arn; }),
            topics->end());

  auto sub = sns_->Subscribe(kRegion, {.TopicArn = arn,
                                       .Protocol = "email",
                                       .Endpoint = "oncall@example.com",
                                       .ReturnSubscriptionArn = true});
  ASSERT_TRUE(sub.ok()) << sub.error().describe();
  EXPECT_EQ(sub->SubscriptionArn.rfind(arn + ":", 0), 0u) << sub->SubscriptionArn;

  auto subs = sns_->ListSubscriptionsByTopic(kRegion, {.TopicArn = arn});
  ASSERT_TRUE(subs.ok()) << subs.error().describe();
  ASSERT_EQ(subs->Subscriptions.size(), 1u);
  const Subscription& s = subs->Subscriptions[0];
  EXPECT_EQ(s.SubscriptionArn, sub->SubscriptionArn);
  EXPECT_EQ(s.Protocol, "email");
  EXPECT_EQ(s.Endpoint, "oncall@example.com");
  EXPECT_EQ(s.TopicArn, arn);
  EXPECT_EQ(s.Owner, "123456789012");
  EXPECT_TRUE(subs->NextToken.empty());

  auto published = sns_->Publish(
      kRegion, {.TopicArn = arn,
                .Message = R"({"drill": "d-1", "phase": "inject"})",
                .Subject = "DR drill started",
                .MessageAttributes = {
                    {"drill_id", {.DataType = "String", .StringValue = "d-1"}},
                    {"attempt", {.DataType = "Number", .StringValue = "1"}},
                    {"token", {.DataType = "Binary", .BinaryValue = std::string("\x01\xff", 2)}}}});
  ASSERT_TRUE(published.ok()) << published.error().describe();
  EXPECT_FALSE(published->MessageId.empty());

  auto unsubscribed = sns_->Unsubscribe(kRegion, {.SubscriptionArn = sub->SubscriptionArn});
  ASSERT_TRUE(unsubscribed.ok()) << unsubscribed.error().describe();
  auto none = sns_->ListSubscriptionsByTopicAll(kRegion, {.TopicArn = arn});
  ASSERT_TRUE(none.ok()) << none.error().describe();
  EXPECT_TRUE(none->empty());

  auto deleted = sns_->DeleteTopic(kRegion, {.TopicArn = arn});
  ASSERT_TRUE(deleted.ok()) << deleted.error().describe();
  auto gone = sns_->GetTopicAttributes(kRegion, {.TopicArn = arn});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "NotFound");
  EXPECT_EQ(gone.error().http_status, 404);
}

TEST_F(SnsEmulator, MissingTopicIsNotFound) {
  const std::string arn = "arn:aws:sns:us-east-1:123456789012:" + unique_name("drh-sns-none");
  auto publish = sns_->Publish(kRegion, {.TopicArn = arn, .Message = "x"});
  ASSERT_FALSE(publish.ok());
  EXPECT_EQ(publish.error().kind, ErrorKind::kAws);
  EXPECT_EQ(publish.error().code, "NotFound");
  auto subscribe =
      sns_->Subscribe(kRegion, {.TopicArn = arn, .Protocol = "email", .Endpoint = "a@example.com"});
  ASSERT_FALSE(subscribe.ok());
  EXPECT_EQ(subscribe.error().code, "NotFound");
  auto list = sns_->ListSubscriptionsByTopic(kRegion, {.TopicArn = arn});
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().code, "NotFound");
}

TEST_F(SnsEmulator, ListSubscriptionsByTopicAllPagesThroughNextToken) {
  // moto answers 100 subscriptions a page: 201 make three pages. They go to a region of
  // their own, so other tests listing all subscriptions do not page through them.
  constexpr std::string_view kPagingRegion = "ca-central-1";
  const std::string arn = create_topic("drh-sns-paging", kPagingRegion);
  ASSERT_FALSE(arn.empty());
  constexpr int kSubscriptions = 201;
  std::set<std::string> endpoints;
  for (int i = 0; i < kSubscriptions; ++i) {
    std::string endpoint = "oncall+" + std::to_string(i) + "@example.com";
    auto sub = sns_->Subscribe(kPagingRegion,
                               {.TopicArn = arn, .Protocol = "email", .Endpoint = endpoint});
    ASSERT_TRUE(sub.ok()) << sub.error().describe();
    endpoints.insert(std::move(endpoint));
  }
  auto first = sns_->ListSubscriptionsByTopic(kPagingRegion, {.TopicArn = arn});
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->Subscriptions.size(), 100u);
  EXPECT_FALSE(first->NextToken.empty());

  auto all = sns_->ListSubscriptionsByTopicAll(kPagingRegion, {.TopicArn = arn});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), static_cast<std::size_t>(kSubscriptions));
  std::set<std::string> seen;
  for (const Subscription& s : *all) {
    EXPECT_EQ(s.TopicArn, arn);
    seen.insert(s.Endpoint);
  }
  EXPECT_EQ(seen, endpoints);
}

}  // namespace
}  // namespace drh::aws
