#include "sns_json.h"

#include <nlohmann/json.hpp>

namespace drh::aws {
namespace {

using nlohmann::json;

void put(json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

}  // namespace

json to_json(const CreateTopicResult& r) { return json{{"TopicArn", r.TopicArn}}; }

json to_json(const ListTopicsResult& r) {
  json topics = json::array();
  for (const Topic& t : r.Topics) topics.push_back(json{{"TopicArn", t.TopicArn}});
  json j{{"Topics", std::move(topics)}};
  put(j, "NextToken", r.NextToken);
  return j;
}

json to_json(const GetTopicAttributesResult& r) { return json{{"Attributes", json(r.Attributes)}}; }

json to_json(const SubscribeResult& r) { return json{{"SubscriptionArn", r.SubscriptionArn}}; }

json to_json(const ListSubscriptionsByTopicResult& r) {
  json subs = json::array();
  for (const Subscription& s : r.Subscriptions) {
    json o = json::object();
    put(o, "SubscriptionArn", s.SubscriptionArn);
    put(o, "Owner", s.Owner);
    put(o, "Protocol", s.Protocol);
    put(o, "Endpoint", s.Endpoint);
    put(o, "TopicArn", s.TopicArn);
    subs.push_back(std::move(o));
  }
  json j{{"Subscriptions", std::move(subs)}};
  put(j, "NextToken", r.NextToken);
  return j;
}

json to_json(const PublishResult& r) {
  json j{{"MessageId", r.MessageId}};
  put(j, "SequenceNumber", r.SequenceNumber);
  return j;
}

json to_json(const DeleteTopicResult&) { return json::object(); }
json to_json(const UnsubscribeResult&) { return json::object(); }

}  // namespace drh::aws
