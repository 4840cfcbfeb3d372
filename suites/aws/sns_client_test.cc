// SnsClient over hand-written wire samples (fixtures/wire/sns/), written from the botocore
// sns 2010-03-31 model (Query protocol) and the SNS API reference: the form fields sent,
// the answers decoded, errors, retries and paging.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../../harness/aws/sns_codec.h"
#include "../../harness/aws/sns_json.h"
#include "drh/aws/sns.h"
#include "scripted_transport.h"

namespace drh::aws {
namespace {

using drh::testing::form_value;
using drh::testing::ScriptedTransport;
using drh::testing::wire_sample;
using nlohmann::json;

constexpr const char* kTopic = "arn:aws:sns:us-east-1:123456789012:orders-dr-alerts";

class SnsClientTest : public ::testing::Test {
 protected:
  void respond_sample(std::string_view name, int status = 200) {
    transport_->respond(wire_sample("sns/" + std::string(name)), status,
                        {{"Content-Type", "text/xml"}});
  }
  std::string sent(std::string_view key, std::size_t i = 0) const {
    return form_value(transport_->requests().at(i), key);
  }
  std::size_t sent_field_count(std::size_t i = 0) const {
    return parse_form(transport_->requests().at(i).body).size();
  }

  std::shared_ptr<ScriptedTransport> transport_ = std::make_shared<ScriptedTransport>();
  ManualClock clock_;
  std::unique_ptr<AwsConnection> connection_ =
      drh::testing::scripted_connection(transport_, clock_);
  SnsClient sns_{*connection_};
};

TEST_F(SnsClientTest, CreateTopicSendsAttributesAndTags) {
  respond_sample("CreateTopic.xml");
  auto r = sns_.CreateTopic("us-east-1", {.Name = "orders-dr-alerts",
                                          .Attributes = {{"DisplayName", "Orders DR"},
                                                         {"KmsMasterKeyId", "alias/aws/sns"}},
                                          .Tags = {{"stack", "orders-dr"}, {"team", "sre"}}});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->TopicArn, kTopic);

  const HttpRequest& req = transport_->last_request();
  EXPECT_EQ(req.method, "POST");
  auto auth = req.headers.get("Authorization");
  ASSERT_TRUE(auth.has_value());
  EXPECT_NE(auth->find("/us-east-1/sns/aws4_request"), std::string_view::npos) << *auth;
  EXPECT_EQ(sent("Action"), "CreateTopic");
  EXPECT_EQ(sent("Version"), "2010-03-31");
  EXPECT_EQ(sent("Name"), "orders-dr-alerts");
  EXPECT_EQ(sent("Attributes.entry.1.key"), "DisplayName");
  EXPECT_EQ(sent("Attributes.entry.1.value"), "Orders DR");
  EXPECT_EQ(sent("Attributes.entry.2.key"), "KmsMasterKeyId");
  EXPECT_EQ(sent("Attributes.entry.2.value"), "alias/aws/sns");
  EXPECT_EQ(sent("Tags.member.1.Key"), "stack");
  EXPECT_EQ(sent("Tags.member.1.Value"), "orders-dr");
  EXPECT_EQ(sent("Tags.member.2.Key"), "team");
  EXPECT_EQ(sent_field_count(), 11u);
  EXPECT_EQ(to_json(*r), json({{"TopicArn", kTopic}}));
}

TEST_F(SnsClientTest, GetTopicAttributesDecodesTheEntryMap) {
  respond_sample("GetTopicAttributes.xml");
  auto r = sns_.GetTopicAttributes("us-east-1", {.TopicArn = kTopic});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent("Action"), "GetTopicAttributes");
  EXPECT_EQ(sent("TopicArn"), kTopic);
  const auto& a = r->Attributes;
  EXPECT_EQ(a.size(), 8u);
  EXPECT_EQ(a.at("Owner"), "123456789012");
  EXPECT_EQ(a.at("TopicArn"), kTopic);
  EXPECT_EQ(a.at("DisplayName"), "Orders DR & failover");
  EXPECT_EQ(a.at("KmsMasterKeyId"), "alias/aws/sns");
  EXPECT_EQ(a.at("SubscriptionsConfirmed"), "2");
  EXPECT_EQ(a.at("DeliveryPolicy"), "");
  EXPECT_EQ(json::parse(a.at("Policy"))["Statement"][0]["Principal"]["Service"],
            "cloudwatch.amazonaws.com");
  EXPECT_EQ(to_json(*r)["Attributes"]["SubscriptionsPending"], "1");
}

TEST_F(SnsClientTest, MissingTopicIsNotFound) {
  respond_sample("NotFound.error.xml", 404);
  auto r = sns_.GetTopicAttributes("us-east-1", {.TopicArn = kTopic});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "NotFound");
  EXPECT_EQ(r.error().http_status, 404);
  EXPECT_EQ(r.error().request_id, "9dd01905-5012-5f99-8663-4b3ecd0dfaef");
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(SnsClientTest, AuthorizationErrorIsNotRetried) {
  respond_sample("AuthorizationError.error.xml", 403);
  auto r = sns_.Publish("us-east-1", {.TopicArn = kTopic, .Message = "drill"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "AuthorizationError");
  EXPECT_NE(r.error().message.find("SNS:Publish"), std::string::npos);
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(SnsClientTest, ThrottledIsRetriedOnTheInjectedClock) {
  respond_sample("Throttled.error.xml", 429);
  respond_sample("Publish.xml");
  auto r = sns_.Publish("us-east-1", {.TopicArn = kTopic, .Message = "drill"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(transport_->requests().size(), 2u);
  EXPECT_EQ(transport_->requests()[1].body, transport_->requests()[0].body);
  EXPECT_EQ(r->MessageId, "567910cd-659e-55d4-8ccb-5aaf14679dc0");
}

TEST_F(SnsClientTest, PublishSendsSubjectAndMessageAttributes) {
  respond_sample("Publish.xml");
  PublishRequest req;
  req.TopicArn = kTopic;
  req.Subject = "DR drill started";
  req.Message = R"({"drill": "orders-failover", "phase": "inject"})";
  req.MessageAttributes = {
      {"drill_id", {.DataType = "String", .StringValue = "d-7"}},
      {"attempt", {.DataType = "Number", .StringValue = "2"}},
      {"token", {.DataType = "Binary", .BinaryValue = std::string("\x01\x02\xff", 3)}}};
  auto r = sns_.Publish("us-east-1", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent("Action"), "Publish");
  EXPECT_EQ(sent("TopicArn"), kTopic);
  EXPECT_EQ(sent("Subject"), "DR drill started");
  EXPECT_EQ(sent("Message"), R"({"drill": "orders-failover", "phase": "inject"})");
  // std::map order: attempt, drill_id, token.
  EXPECT_EQ(sent("MessageAttributes.entry.1.Name"), "attempt");
  EXPECT_EQ(sent("MessageAttributes.entry.1.Value.DataType"), "Number");
  EXPECT_EQ(sent("MessageAttributes.entry.1.Value.StringValue"), "2");
  EXPECT_EQ(sent("MessageAttributes.entry.2.Name"), "drill_id");
  EXPECT_EQ(sent("MessageAttributes.entry.2.Value.StringValue"), "d-7");
  EXPECT_EQ(sent("MessageAttributes.entry.3.Name"), "token");
  EXPECT_EQ(sent("MessageAttributes.entry.3.Value.DataType"), "Binary");
  EXPECT_EQ(sent("MessageAttributes.entry.3.Value.BinaryValue"), "AQL/");
  EXPECT_EQ(sent("MessageAttributes.entry.3.Value.StringValue"), "");
  EXPECT_EQ(r->MessageId, "567910cd-659e-55d4-8ccb-5aaf14679dc0");
  EXPECT_TRUE(r->SequenceNumber.empty());
  EXPECT_EQ(to_json(*r), json({{"MessageId", "567910cd-659e-55d4-8ccb-5aaf14679dc0"}}));
}

TEST_F(SnsClientTest, SubscribeAndUnsubscribe) {
  respond_sample("Subscribe.xml");
  respond_sample("Unsubscribe.xml");
  auto sub = sns_.Subscribe(
      "us-east-1", {.TopicArn = kTopic,
                    .Protocol = "lambda",
                    .Endpoint = "arn:aws:lambda:us-east-1:123456789012:function:orders-failover",
                    .Attributes = {{"RawMessageDelivery", "false"}},
                    .ReturnSubscriptionArn = true});
  ASSERT_TRUE(sub.ok()) << sub.error().describe();
  EXPECT_EQ(sent("Action"), "Subscribe");
  EXPECT_EQ(sent("Protocol"), "lambda");
  EXPECT_EQ(sent("Endpoint"), "arn:aws:lambda:us-east-1:123456789012:function:orders-failover");
  EXPECT_EQ(sent("Attributes.entry.1.key"), "RawMessageDelivery");
  EXPECT_EQ(sent("ReturnSubscriptionArn"), "true");
  EXPECT_EQ(
      sub->SubscriptionArn,
      "arn:aws:sns:us-east-1:123456789012:orders-dr-alerts:80289ba6-0fd4-4079-afb4-ce8c8260f0ca");

  auto un = sns_.Unsubscribe("us-east-1", {.SubscriptionArn = sub->SubscriptionArn});
  ASSERT_TRUE(un.ok()) << un.error().describe();
  EXPECT_EQ(sent("Action", 1), "Unsubscribe");
  EXPECT_EQ(sent("SubscriptionArn", 1), sub->SubscriptionArn);
}

TEST_F(SnsClientTest, DeleteTopicAcceptsTheEmptyAnswer) {
  respond_sample("DeleteTopic.xml");
  auto r = sns_.DeleteTopic("us-east-1", {.TopicArn = kTopic});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent("Action"), "DeleteTopic");
  EXPECT_EQ(sent("TopicArn"), kTopic);
  EXPECT_EQ(to_json(*r), json::object());
}

TEST_F(SnsClientTest, ListTopicsAllFollowsNextTokenOverThreePages) {
  respond_sample("ListTopics.xml");
  transport_->respond(
      "<ListTopicsResponse><ListTopicsResult><Topics><member><TopicArn>arn:aws:sns:us-east-1:"
      "123456789012:payments</TopicArn></member></Topics><NextToken>page-3</NextToken>"
      "</ListTopicsResult></ListTopicsResponse>");
  transport_->respond(
      "<ListTopicsResponse><ListTopicsResult><Topics/></ListTopicsResult></ListTopicsResponse>");
  auto all = sns_.ListTopicsAll("us-east-1");
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[1].TopicArn, "arn:aws:sns:us-east-1:123456789012:orders-pager");
  EXPECT_EQ((*all)[2].TopicArn, "arn:aws:sns:us-east-1:123456789012:payments");
  ASSERT_EQ(transport_->requests().size(), 3u);
  EXPECT_EQ(sent("NextToken", 0), "");
  EXPECT_EQ(sent("NextToken", 1), "AAGxxuqzSxXH0ayvC+aMDVM9VjSL4LAQzdy1uCmEdoFB8Q==");
  EXPECT_EQ(sent("NextToken", 2), "page-3");
}

TEST_F(SnsClientTest, ListSubscriptionsByTopicAllFollowsNextTokenOverThreePages) {
  respond_sample("ListSubscriptionsByTopic.xml");
  transport_->respond(
      "<ListSubscriptionsByTopicResponse><ListSubscriptionsByTopicResult><Subscriptions><member>"
      "<SubscriptionArn>arn:aws:sns:us-east-1:123456789012:orders-dr-alerts:3</SubscriptionArn>"
      "<Protocol>sqs</Protocol></member></Subscriptions><NextToken>s3</NextToken>"
      "</ListSubscriptionsByTopicResult></ListSubscriptionsByTopicResponse>");
  transport_->respond(
      "<ListSubscriptionsByTopicResponse><ListSubscriptionsByTopicResult><Subscriptions>"
      "<member><SubscriptionArn>arn:aws:sns:us-east-1:123456789012:orders-dr-alerts:4"
      "</SubscriptionArn><Protocol>https</Protocol></member></Subscriptions>"
      "</ListSubscriptionsByTopicResult></ListSubscriptionsByTopicResponse>");
  auto all = sns_.ListSubscriptionsByTopicAll("us-east-1", {.TopicArn = kTopic});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 4u);
  const Subscription& lambda = (*all)[0];
  EXPECT_EQ(lambda.Protocol, "lambda");
  EXPECT_EQ(lambda.Owner, "123456789012");
  EXPECT_EQ(lambda.TopicArn, kTopic);
  EXPECT_EQ(lambda.Endpoint, "arn:aws:lambda:us-east-1:123456789012:function:orders-failover");
  EXPECT_EQ((*all)[1].SubscriptionArn, "PendingConfirmation");
  EXPECT_EQ((*all)[3].Protocol, "https");
  ASSERT_EQ(transport_->requests().size(), 3u);
  EXPECT_EQ(sent("Action", 2), "ListSubscriptionsByTopic");
  EXPECT_EQ(sent("TopicArn", 2), kTopic);
  EXPECT_EQ(sent("NextToken", 1), "c3Vicy1wYWdlLTI=");
  EXPECT_EQ(sent("NextToken", 2), "s3");
}

TEST_F(SnsClientTest, PagingStopsOnARepeatedToken) {
  const std::string page =
      "<ListTopicsResponse><ListTopicsResult><Topics/><NextToken>same</NextToken>"
      "</ListTopicsResult></ListTopicsResponse>";
  transport_->respond(page);
  transport_->respond(page);
  auto all = sns_.ListTopicsAll("us-east-1");
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(all.error().code, "RepeatedPageToken");
  EXPECT_NE(all.error().message.find("NextToken same"), std::string::npos);
  EXPECT_EQ(transport_->requests().size(), 2u);
}

TEST_F(SnsClientTest, RequiredMembersAreCheckedBeforeSending) {
  EXPECT_EQ(sns_.CreateTopic("us-east-1", {}).error().kind, ErrorKind::kInvalidInput);
  EXPECT_FALSE(sns_.GetTopicAttributes("us-east-1", {}).ok());
  auto no_protocol = sns_.Subscribe("us-east-1", {.TopicArn = kTopic});
  EXPECT_NE(no_protocol.error().message.find("Protocol"), std::string::npos);
  auto no_target = sns_.Publish("us-east-1", {.Message = "x"});
  EXPECT_NE(no_target.error().message.find("TopicArn or TargetArn"), std::string::npos);
  auto no_type = sns_.Publish(
      "us-east-1", {.TopicArn = kTopic, .Message = "x", .MessageAttributes = {{"a", {}}}});
  EXPECT_NE(no_type.error().message.find("MessageAttributes[a].DataType"), std::string::npos);
  EXPECT_FALSE(sns_.Unsubscribe("us-east-1", {}).ok());
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(SnsClientTest, UnexpectedDocumentsAreDecodeErrors) {
  transport_->respond("<PublishResponse><PublishResult/></PublishResponse>");
  auto no_id = sns_.Publish("us-east-1", {.TopicArn = kTopic, .Message = "x"});
  ASSERT_FALSE(no_id.ok());
  EXPECT_EQ(no_id.error().kind, ErrorKind::kDecode);
  EXPECT_NE(no_id.error().message.find("MessageId"), std::string::npos) << no_id.error().message;

  transport_->respond("<CreateTopicResponse><CreateTopicResult><TopicArn>x");
  auto malformed = sns_.CreateTopic("us-east-1", {.Name = "t"});
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().kind, ErrorKind::kDecode);

  transport_->respond("<SomethingElse/>");
  auto wrong_root = sns_.DeleteTopic("us-east-1", {.TopicArn = kTopic});
  ASSERT_FALSE(wrong_root.ok());
  EXPECT_NE(wrong_root.error().message.find("DeleteTopicResponse"), std::string::npos);
}

}  // namespace
}  // namespace drh::aws
