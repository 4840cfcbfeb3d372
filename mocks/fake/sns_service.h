// Internal to the fake: SNS (Query, API 2010-03-31).
//
// State per region: topics by ARN, subscriptions by ARN, and every message published to
// each topic (kept after the topic is deleted, so a test can read what a drill sent while
// cleaning up behind it). Each message is delivered to every confirmed subscription of its
// topic (sns_delivery.cc, include/drh/fake/sns.h): recorded per subscription, lambda
// subscriptions invoke the fake function, http/https subscriptions on loopback are POSTed
// by drh serve. Subscriptions with the email, email-json, http and https
// protocols wait for confirmation, as on AWS; the token a confirmation message would carry
// is readable through confirmation_token() and accepted by ConfirmSubscription.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drh/fake/sns.h"
#include "service.h"

namespace drh::fake {

namespace sns {

inline constexpr std::string_view kXmlns = "http://sns.amazonaws.com/doc/2010-03-31/";

struct MessageAttribute {
  std::string data_type;
  std::string string_value;
  std::string binary_value;  ///< raw bytes
};

struct Message {
  std::string id;
  std::string topic_arn;  ///< or "phone:<number>" for SMS sent straight to a phone number
  std::string subject;
  std::string message;
  std::string structure;  ///< "json" or empty
  std::map<std::string, MessageAttribute> attributes;
  std::string group_id;
  std::string deduplication_id;
  std::string sequence_number;
  TimePoint at{};
};

struct Topic {
  std::string name;
  std::string arn;
  /// Attributes set by CreateTopic/SetTopicAttributes (DisplayName, Policy, ...).
  std::map<std::string, std::string> attributes;
  std::vector<std::pair<std::string, std::string>> tags;
  std::uint64_t subscriptions_deleted = 0;
  std::uint64_t next_sequence = 0;  ///< FIFO topics
  std::uint64_t seq = 0;
};

struct Subscription {
  std::string arn;
  std::string topic_arn;
  std::string protocol;
  std::string endpoint;
  std::map<std::string, std::string> attributes;
  bool confirmed = false;
  std::string token;  ///< the confirmation token
  std::uint64_t seq = 0;
};

struct Region {
  std::map<std::string, Topic, std::less<>> topics;  ///< by ARN
  std::map<std::string, Subscription, std::less<>> subscriptions;  ///< by ARN
  std::map<std::string, std::vector<Message>, std::less<>> published;  ///< by topic ARN
};

}  // namespace sns

class SnsService final : public Service {
 public:
  explicit SnsService(FakeCloud::Core& core) : core_(core) {}

  std::string_view id() const override { return "sns"; }
  Protocol protocol() const override { return Protocol::kQuery; }
  HttpResponse handle(Call& call) override;
  void save(nlohmann::json& out) const override;
  void load(const nlohmann::json& in) override;
  void reset() override;

  /// Every message published to `topic_arn` in `region`, oldest first (empty when none).
  /// Call with the world lock held (FakeCloud::core().mutex).
  std::vector<sns::Message> published(std::string_view region, std::string_view topic_arn) const;
  /// The confirmation token of a subscription waiting for confirmation, or nullopt.
  std::optional<std::string> confirmation_token(std::string_view region,
                                                std::string_view subscription_arn) const;
  /// Publishes as the fake's own services do (CloudWatch alarm actions): the MessageId, or
  /// nullopt when the topic does not exist.
  std::optional<std::string> publish_internal(std::string_view region, std::string_view topic_arn,
                                              std::string subject, std::string message);

  // Delivery (sns_delivery.cc). Call with the world lock held.
  const std::vector<SnsDelivery>& deliveries() const { return deliveries_; }
  void set_http_delivery(bool on) { http_delivery_ = on; }
  std::vector<SnsDelivery> take_http_deliveries();
  void complete_http_delivery(std::uint64_t id, int http_status, std::string error);

 private:
  HttpResponse create_topic(Call& call);
  HttpResponse list_topics(Call& call);
  HttpResponse get_topic_attributes(Call& call);
  HttpResponse set_topic_attributes(Call& call);
  HttpResponse delete_topic(Call& call);
  HttpResponse subscribe(Call& call);
  HttpResponse confirm_subscription(Call& call);
  HttpResponse list_subscriptions(Call& call, bool by_topic);
  HttpResponse unsubscribe(Call& call);
  HttpResponse get_subscription_attributes(Call& call);
  HttpResponse set_subscription_attributes(Call& call);
  HttpResponse publish(Call& call);
  HttpResponse tag_resource(Call& call);
  HttpResponse untag_resource(Call& call);
  HttpResponse list_tags_for_resource(Call& call);

  /// The topic an ARN names in the call's region: InvalidParameter for a malformed ARN or
  /// one of another region or account, NotFound "Topic does not exist" when it is absent.
  sns::Topic& topic_or_throw(const Call& call, const std::string& arn, std::string_view param);
  sns::Subscription& subscription_or_throw(const Call& call, const std::string& arn);
  sns::Message& record(std::string_view region, sns::Topic* topic, sns::Message m);
  /// Delivers a recorded message to every confirmed subscription of its topic.
  void deliver(std::string_view region, const sns::Message& m);
  /// The SubscriptionConfirmation message SNS sends an http/https endpoint on Subscribe
  /// (email endpoints: recorded as well).
  void send_confirmation(std::string_view region, const sns::Subscription& s);
  void save_deliveries(nlohmann::json& out) const;
  void load_deliveries(const nlohmann::json& in);

  FakeCloud::Core& core_;
  std::map<std::string, sns::Region, std::less<>> regions_;
  std::uint64_t seq_ = 0;
  std::vector<SnsDelivery> deliveries_;
  std::uint64_t next_delivery_ = 1;
  bool http_delivery_ = false;
};

}  // namespace drh::fake
