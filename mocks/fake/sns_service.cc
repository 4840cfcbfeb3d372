// SNS in the fake: topics, subscriptions (with confirmation), publishing and tags.
#include "sns_service.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "drh/core/encoding.h"
#include "wire.h"
#include "state_codec.h"

namespace drh::fake {

using json = nlohmann::json;
using sns::Subscription;
using sns::Topic;

namespace {

constexpr std::size_t kPageSize = 100;
constexpr std::size_t kMaxMessageBytes = 256 * 1024;
/// FIFO topics drop a message whose deduplication id was seen within this window.
constexpr auto kDeduplicationWindow = std::chrono::minutes(5);


[[noreturn]] void invalid(const std::string& what) {
  fail(400, "InvalidParameter", "Invalid parameter: " + what);
}

// Query maps: Name.entry.N.key / Name.entry.N.value.
std::map<std::string, std::string> query_map(const Call& call, const std::string& name) {
  std::map<std::string, std::string> out;
  for (int i = 1;; ++i) {
    const std::string base = name + ".entry." + std::to_string(i);
    auto k = call.param(base + ".key");
    if (!k) break;
    out[*k] = call.param(base + ".value").value_or("");
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> query_tags(const Call& call) {
  std::vector<std::pair<std::string, std::string>> out;
  for (int i = 1;; ++i) {
    const std::string base = "Tags.member." + std::to_string(i);
    auto k = call.param(base + ".Key");
    if (!k) break;
    if (k->empty() || k->size() > 128) invalid("Tags Reason: tag keys must be 1 to 128 characters");
    auto v = call.param(base + ".Value");
    if (!v) fail(400, "MissingParameter", "The request must contain the parameter " + base + ".Value");
    if (v->size() > 256) invalid("Tags Reason: tag values must be at most 256 characters");
    out.emplace_back(*k, *v);
  }
  return out;
}

void write_map(xml::XmlWriter& w, std::string_view name,
               const std::map<std::string, std::string>& map) {
  w.start(name);
  for (const auto& [k, v] : map) w.start("entry").element("key", k).element("value", v).end();
  w.end();
}

bool valid_topic_name(std::string_view name, bool fifo) {
  if (fifo) {
    if (!name.ends_with(".fifo")) return false;
    name.remove_suffix(5);
  }
  if (name.empty() || name.size() > (fifo ? 251u : 256u)) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
  });
}

// Checks a topic attribute as SNS does; InvalidParameter naming it otherwise.
void check_topic_attribute(const std::string& name, const std::string& value, bool creating) {
  static const std::set<std::string_view> kAttributes = {
      "DisplayName",      "Policy",         "DeliveryPolicy",        "KmsMasterKeyId",
      "FifoTopic",        "SignatureVersion", "ContentBasedDeduplication", "TracingConfig",
      "ArchivePolicy",    "FifoThroughputScope", "DataProtectionPolicy"};
  const bool feedback = name.ends_with("FeedbackRoleArn") || name.ends_with("FeedbackSampleRate");
  if (!kAttributes.contains(name) && !feedback) invalid("AttributeName");
  if (name == "FifoTopic" && !creating) invalid("AttributeName: FifoTopic cannot be changed");
  if ((name == "Policy" || name == "DeliveryPolicy" || name == "ArchivePolicy" ||
       name == "DataProtectionPolicy") &&
      !value.empty() && !json::accept(value)) {
    invalid(name + ": the value is not valid JSON");
  }
  if (name == "DisplayName" && value.size() > 100) invalid("DisplayName: at most 100 characters");
  if (name == "SignatureVersion" && value != "1" && value != "2") {
    invalid("SignatureVersion: must be 1 or 2");
  }
  if (name == "TracingConfig" && value != "PassThrough" && value != "Active") {
    invalid("TracingConfig: must be PassThrough or Active");
  }
  if ((name == "FifoTopic" || name == "ContentBasedDeduplication") && value != "true" &&
      value != "false") {
    invalid(name + ": must be true or false");
  }
}

std::string default_policy(const std::string& arn, const std::string& account) {
  json policy = {
      {"Version", "2008-10-17"},
      {"Id", "__default_policy_ID"},
      {"Statement",
       {{{"Sid", "__default_statement_ID"},
         {"Effect", "Allow"},
         {"Principal", {{"AWS", "*"}}},
         {"Action",
          {"SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
           "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe",
           "SNS:ListSubscriptionsByTopic", "SNS:Publish"}},
         {"Resource", arn},
         {"Condition", {{"StringEquals", {{"AWS:SourceOwner", account}}}}}}}}};
  return policy.dump();
}

std::string default_delivery_policy() {
  json p = {{"http",
             {{"defaultHealthyRetryPolicy",
               {{"minDelayTarget", 20},
                {"maxDelayTarget", 20},
                {"numRetries", 3},
                {"numMaxDelayRetries", 0},
                {"numNoDelayRetries", 0},
                {"numMinDelayRetries", 0},
                {"backoffFunction", "linear"}}},
              {"disableSubscriptionOverrides", false},
              {"defaultRequestPolicy", {{"headerContentType", "text/plain; charset=UTF-8"}}}}}};
  return p.dump();
}

bool is_fifo(const Topic& t) {
  auto it = t.attributes.find("FifoTopic");
  return it != t.attributes.end() && it->second == "true";
}

bool needs_confirmation(std::string_view protocol) {
  return protocol == "email" || protocol == "email-json" || protocol == "http" ||
         protocol == "https";
}

void check_endpoint(const std::string& protocol, const std::string& endpoint) {
  auto arn_of = [&](std::string_view service) {
    return endpoint.starts_with("arn:aws:" + std::string(service) + ":") &&
           std::count(endpoint.begin(), endpoint.end(), ':') >= 5;
  };
  if (protocol == "http") {
    if (!endpoint.starts_with("http://")) invalid("Endpoint must match the specified protocol");
  } else if (protocol == "https") {
    if (!endpoint.starts_with("https://")) invalid("Endpoint must match the specified protocol");
  } else if (protocol == "email" || protocol == "email-json") {
    const auto at = endpoint.find('@');
    if (at == std::string::npos || at == 0 || endpoint.find('.', at) == std::string::npos) {
      invalid("Email address");
    }
  } else if (protocol == "sms") {
    const std::string_view digits = endpoint.starts_with("+") ? std::string_view(endpoint).substr(1)
                                                              : std::string_view(endpoint);
    if (digits.size() < 7 || digits.size() > 15 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      invalid("Invalid SMS endpoint: " + endpoint);
    }
  } else if (protocol == "sqs") {
    if (!arn_of("sqs")) invalid("SQS endpoint ARN");
  } else if (protocol == "lambda") {
    if (!arn_of("lambda")) invalid("Lambda endpoint ARN");
  } else if (protocol == "firehose") {
    if (!arn_of("firehose")) invalid("Firehose endpoint ARN");
  } else if (protocol == "application") {
    if (!arn_of("sns")) invalid("Application endpoint ARN");
  } else {
    invalid("Amazon SNS does not support this protocol string: " + protocol);
  }
}

void check_subscription_attribute(const std::string& name, const std::string& value) {
  static const std::set<std::string_view> kAttributes = {
      "DeliveryPolicy",     "FilterPolicy",        "FilterPolicyScope", "RawMessageDelivery",
      "RedrivePolicy",      "SubscriptionRoleArn", "ReplayPolicy"};
  if (!kAttributes.contains(name)) invalid("AttributeName");
  if ((name == "FilterPolicy" || name == "DeliveryPolicy" || name == "RedrivePolicy" ||
       name == "ReplayPolicy") &&
      !value.empty()) {
    json doc = json::parse(value, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) invalid(name + ": failed to parse JSON");
  }
  if (name == "RawMessageDelivery" && value != "true" && value != "false") {
    invalid("RawMessageDelivery: must be true or false");
  }
  if (name == "FilterPolicyScope" && value != "MessageAttributes" && value != "MessageBody") {
    invalid("FilterPolicyScope: must be MessageAttributes or MessageBody");
  }
}

std::string token_for(std::string_view position) { return base64_encode(position); }

std::string position_of(const std::string& token) {
  std::string out;
  if (!base64_decode(token, out) || out.empty()) invalid("NextToken");
  return out;
}

}  // namespace

// ---------------------------------------------------------------- dispatch

HttpResponse SnsService::handle(Call& call) {
  const std::string& op = call.operation;
  if (op == "CreateTopic") return create_topic(call);
  if (op == "ListTopics") return list_topics(call);
  if (op == "GetTopicAttributes") return get_topic_attributes(call);
  if (op == "SetTopicAttributes") return set_topic_attributes(call);
  if (op == "DeleteTopic") return delete_topic(call);
  if (op == "Subscribe") return subscribe(call);
  if (op == "ConfirmSubscription") return confirm_subscription(call);
  if (op == "ListSubscriptionsByTopic") return list_subscriptions(call, true);
  if (op == "ListSubscriptions") return list_subscriptions(call, false);
  if (op == "Unsubscribe") return unsubscribe(call);
  if (op == "GetSubscriptionAttributes") return get_subscription_attributes(call);
  if (op == "SetSubscriptionAttributes") return set_subscription_attributes(call);
  if (op == "Publish") return publish(call);
  if (op == "TagResource") return tag_resource(call);
  if (op == "UntagResource") return untag_resource(call);
  if (op == "ListTagsForResource") return list_tags_for_resource(call);
  fail(400, "InvalidAction",
       "The action " + op + " is not valid for this web service (drharness's fake SNS does not "
       "serve it)");
}

Topic& SnsService::topic_or_throw(const Call& call, const std::string& arn, std::string_view param) {
  const std::string prefix = "arn:aws:sns:" + call.region + ":" + call.account + ":";
  if (!arn.starts_with(prefix) || arn.size() == prefix.size() ||
      arn.find(':', prefix.size()) != std::string::npos) {
    invalid(std::string(param));
  }
  auto r = regions_.find(call.region);
  if (r != regions_.end()) {
    auto it = r->second.topics.find(arn);
    if (it != r->second.topics.end()) return it->second;
  }
  fail(404, "NotFound", "Topic does not exist");
}

Subscription& SnsService::subscription_or_throw(const Call& call, const std::string& arn) {
  if (!arn.starts_with("arn:aws:sns:")) invalid("SubscriptionArn");
  auto r = regions_.find(call.region);
  if (r != regions_.end()) {
    auto it = r->second.subscriptions.find(arn);
    if (it != r->second.subscriptions.end()) return it->second;
  }
  fail(404, "NotFound", "Subscription does not exist");
}

// ---------------------------------------------------------------- topics

HttpResponse SnsService::create_topic(Call& call) {
  const std::string name = call.required("Name");
  auto attributes = query_map(call, "Attributes");
  const auto tags = query_tags(call);
  if (auto dpp = call.param("DataProtectionPolicy")) attributes["DataProtectionPolicy"] = *dpp;
  const bool fifo = attributes.contains("FifoTopic") && attributes["FifoTopic"] == "true";
  if (!valid_topic_name(name, fifo)) {
    if (fifo || name.ends_with(".fifo")) {
      invalid("Topic Name: Fifo Topic names must end with .fifo and must be made up of only "
              "uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must "
              "be between 1 and 256 characters long.");
    }
    invalid("Topic Name");
  }
  for (const auto& [k, v] : attributes) check_topic_attribute(k, v, true);
  if (attributes.contains("ContentBasedDeduplication") && !fifo) {
    invalid("Attributes Reason: ContentBasedDeduplication can only be set for FIFO topics");
  }
  if (attributes.contains("FifoTopic") && !fifo) attributes.erase("FifoTopic");

  const std::string arn = "arn:aws:sns:" + call.region + ":" + call.account + ":" + name;
  sns::Region& r = regions_[call.region];
  auto it = r.topics.find(arn);
  if (it != r.topics.end()) {
    // Creating an existing topic returns it, unless the request asks for something else.
    for (const auto& [k, v] : attributes) {
      auto cur = it->second.attributes.find(k);
      if (cur == it->second.attributes.end() || cur->second != v) {
        invalid("Attributes Reason: Topic already exists with different attributes");
      }
    }
    if (!tags.empty() && tags != it->second.tags) {
      invalid("Tags Reason: Topic already exists with different tags");
    }
  } else {
    Topic t;
    t.name = name;
    t.arn = arn;
    t.attributes = std::move(attributes);
    t.tags = tags;
    t.seq = ++seq_;
    r.topics.emplace(arn, std::move(t));
  }
  return query_response(call, sns::kXmlns, [&](xml::XmlWriter& w) { w.element("TopicArn", arn); });
}

HttpResponse SnsService::list_topics(Call& call) {
  std::string after;
  if (auto token = call.param("NextToken")) after = position_of(*token);
  std::vector<std::string> arns;
  std::string next;
  auto r = regions_.find(call.region);
  if (r != regions_.end()) {
    for (auto it = r->second.topics.upper_bound(after); it != r->second.topics.end(); ++it) {
      if (arns.size() == kPageSize) {
        next = token_for(arns.back());
        break;
      }
      arns.push_back(it->first);
    }
  }
  return query_response(call, sns::kXmlns, [&](xml::XmlWriter& w) {
    w.start("Topics");
    for (const auto& a : arns) w.start("member").element("TopicArn", a).end();
    w.end();
    if (!next.empty()) w.element("NextToken", next);
  });
}

HttpResponse SnsService::get_topic_attributes(Call& call) {
  const Topic& t = topic_or_throw(call, call.required("TopicArn"), "TopicArn");
  std::size_t confirmed = 0, pending = 0;
  for (const auto& [arn, s] : regions_[call.region].subscriptions) {
    if (s.topic_arn != t.arn) continue;
    (s.confirmed ? confirmed : pending)++;
  }
  std::map<std::string, std::string> attrs = t.attributes;
  attrs["TopicArn"] = t.arn;
  attrs["Owner"] = call.account;
  if (!attrs.contains("DisplayName")) attrs["DisplayName"] = "";
  if (!attrs.contains("Policy") || attrs["Policy"].empty()) {
    attrs["Policy"] = default_policy(t.arn, call.account);
  }
  attrs["SubscriptionsConfirmed"] = std::to_string(confirmed);
  attrs["SubscriptionsPending"] = std::to_string(pending);
  attrs["SubscriptionsDeleted"] = std::to_string(t.subscriptions_deleted);
  attrs["EffectiveDeliveryPolicy"] =
      attrs.contains("DeliveryPolicy") ? attrs["DeliveryPolicy"] : default_delivery_policy();
  if (is_fifo(t) && !attrs.contains("ContentBasedDeduplication")) {
    attrs["ContentBasedDeduplication"] = "false";
  }
  return query_response(call, sns::kXmlns,
                        [&](xml::XmlWriter& w) { write_map(w, "Attributes", attrs); });
}

HttpResponse SnsService::set_topic_attributes(Call& call) {
  Topic& t = topic_or_throw(call, call.required("TopicArn"), "TopicArn");
  const std::string name = call.required("AttributeName");
  const std::string value = call.param("AttributeValue").value_or("");
  check_topic_attribute(name, value, false);
  if (name == "ContentBasedDeduplication" && !is_fifo(t)) {
    invalid("AttributeName: ContentBasedDeduplication can only be set for FIFO topics");
  }
  if (value.empty()) {
    t.attributes.erase(name);
  } else {
    t.attributes[name] = value;
  }
  return query_response(call, sns::kXmlns, XmlBody{});
}

HttpResponse SnsService::delete_topic(Call& call) {
  const std::string arn = call.required("TopicArn");
  // DeleteTopic is idempotent: a topic that does not exist is not an error.
  try {
    Topic& t = topic_or_throw(call, arn, "TopicArn");
    sns::Region& r = regions_[call.region];
    std::erase_if(r.subscriptions, [&](const auto& kv) { return kv.second.topic_arn == t.arn; });
    r.topics.erase(t.arn);
  } catch (const ApiError& e) {
    if (e.code != "NotFound") throw;
  }
  return query_response(call, sns::kXmlns, XmlBody{});
}

// ---------------------------------------------------------------- subscriptions

HttpResponse SnsService::subscribe(Call& call) {
  Topic& t = topic_or_throw(call, call.required("TopicArn"), "TopicArn");
  const std::string protocol = call.required("Protocol");
  const std::string endpoint = call.param("Endpoint").value_or("");
  check_endpoint(protocol, endpoint);
  auto attributes = query_map(call, "Attributes");
  for (const auto& [k, v] : attributes) check_subscription_attribute(k, v);
  if (protocol == "firehose" && !attributes.contains("SubscriptionRoleArn")) {
    invalid("SubscriptionRoleArn: required for firehose subscriptions");
  }
  const bool return_arn = call.boolean("ReturnSubscriptionArn").value_or(false);
  sns::Region& r = regions_[call.region];
  for (auto& [arn, s] : r.subscriptions) {
    if (s.topic_arn != t.arn || s.protocol != protocol || s.endpoint != endpoint) continue;
    if (!attributes.empty() && attributes != s.attributes) {
      invalid("Attributes Reason: Subscription already exists with different attributes");
    }
    const std::string answer = s.confirmed || return_arn ? s.arn : "pending confirmation";
    return query_response(call, sns::kXmlns,
                          [&](xml::XmlWriter& w) { w.element("SubscriptionArn", answer); });
  }
  Subscription s;
  s.arn = t.arn + ":" + core_.ids.uuid();
  s.topic_arn = t.arn;
  s.protocol = protocol;
  s.endpoint = endpoint;
  s.attributes = std::move(attributes);
  s.confirmed = !needs_confirmation(protocol);
  if (!s.confirmed) {
    // The token SNS would put in the SubscriptionConfirmation message it sends.
    s.token = sha256_hex(s.arn + "/confirm") + sha256_hex(s.arn + "/token");
  }
  s.seq = ++seq_;
  const std::string answer = s.confirmed || return_arn ? s.arn : "pending confirmation";
  auto added = r.subscriptions.emplace(s.arn, std::move(s)).first;
  if (!added->second.confirmed) send_confirmation(call.region, added->second);
  return query_response(call, sns::kXmlns,
                        [&](xml::XmlWriter& w) { w.element("SubscriptionArn", answer); });
}

HttpResponse SnsService::confirm_subscription(Call& call) {
  Topic& t = topic_or_throw(call, call.required("TopicArn"), "TopicArn");
  const std::string token = call.required("Token");
  for (auto& [arn, s] : regions_[call.region].subscriptions) {
    if (s.topic_arn == t.arn && !s.token.empty() && s.token == token) {
      s.confirmed = true;
      return query_response(call, sns::kXmlns,
                            [&](xml::XmlWriter& w) { w.element("SubscriptionArn", s.arn); });
    }
  }
  invalid("Token");
}

HttpResponse SnsService::list_subscriptions(Call& call, bool by_topic) {
  std::string topic_arn;
  if (by_topic) topic_arn = topic_or_throw(call, call.required("TopicArn"), "TopicArn").arn;
  std::uint64_t after = 0;
  if (auto token = call.param("NextToken")) {
    const std::string pos = position_of(*token);
    try {
      after = std::stoull(pos);
    } catch (const std::exception&) {
      invalid("NextToken");
    }
  }
  std::vector<const Subscription*> subs;
  for (const auto& [arn, s] : regions_[call.region].subscriptions) {
    if (s.seq > after && (!by_topic || s.topic_arn == topic_arn)) subs.push_back(&s);
  }
  std::sort(subs.begin(), subs.end(), [](auto* a, auto* b) { return a->seq < b->seq; });
  std::string next;
  if (subs.size() > kPageSize) {
    subs.resize(kPageSize);
    next = token_for(std::to_string(subs.back()->seq));
  }
  return query_response(call, sns::kXmlns, [&](xml::XmlWriter& w) {
    w.start("Subscriptions");
    for (const Subscription* s : subs) {
      w.start("member")
          .element("SubscriptionArn", s->confirmed ? s->arn : "PendingConfirmation")
          .element("Owner", call.account)
          .element("Protocol", s->protocol)
          .element("Endpoint", s->endpoint)
          .element("TopicArn", s->topic_arn)
          .end();
    }
    w.end();
    if (!next.empty()) w.element("NextToken", next);
  });
}

HttpResponse SnsService::unsubscribe(Call& call) {
  const std::string arn = call.required("SubscriptionArn");
  Subscription& s = subscription_or_throw(call, arn);
  sns::Region& r = regions_[call.region];
  if (auto t = r.topics.find(s.topic_arn); t != r.topics.end()) ++t->second.subscriptions_deleted;
  r.subscriptions.erase(arn);
  return query_response(call, sns::kXmlns, XmlBody{});
}

HttpResponse SnsService::get_subscription_attributes(Call& call) {
  const Subscription& s = subscription_or_throw(call, call.required("SubscriptionArn"));
  std::map<std::string, std::string> attrs = s.attributes;
  attrs["SubscriptionArn"] = s.arn;
  attrs["TopicArn"] = s.topic_arn;
  attrs["Owner"] = call.account;
  attrs["Protocol"] = s.protocol;
  attrs["Endpoint"] = s.endpoint;
  attrs["PendingConfirmation"] = s.confirmed ? "false" : "true";
  attrs["ConfirmationWasAuthenticated"] = s.confirmed && !s.token.empty() ? "true" : "false";
  attrs["SubscriptionPrincipal"] = "arn:aws:iam::" + call.account + ":user/drh";
  if (!attrs.contains("RawMessageDelivery")) attrs["RawMessageDelivery"] = "false";
  if (s.protocol == "http" || s.protocol == "https") {
    attrs["EffectiveDeliveryPolicy"] = default_delivery_policy();
  }
  return query_response(call, sns::kXmlns,
                        [&](xml::XmlWriter& w) { write_map(w, "Attributes", attrs); });
}

HttpResponse SnsService::set_subscription_attributes(Call& call) {
  Subscription& s = subscription_or_throw(call, call.required("SubscriptionArn"));
  const std::string name = call.required("AttributeName");
  const std::string value = call.param("AttributeValue").value_or("");
  check_subscription_attribute(name, value);
  if (value.empty()) {
    s.attributes.erase(name);
  } else {
    s.attributes[name] = value;
  }
  return query_response(call, sns::kXmlns, XmlBody{});
}

// ---------------------------------------------------------------- publishing

sns::Message& SnsService::record(std::string_view region, Topic* topic, sns::Message m) {
  m.id = core_.ids.uuid();
  m.at = core_.clock.now();
  if (topic && is_fifo(*topic)) {
    // 20 digits, increasing per topic, like the sequence numbers FIFO topics hand out.
    char buf[32];
    std::snprintf(buf, sizeof buf, "1%019llu",
                  static_cast<unsigned long long>(++topic->next_sequence));
    m.sequence_number = buf;
  }
  auto& list = regions_[std::string(region)].published[m.topic_arn];
  list.push_back(std::move(m));
  if (topic) deliver(region, list.back());
  return list.back();
}

std::optional<std::string> SnsService::publish_internal(std::string_view region,
                                                        std::string_view topic_arn,
                                                        std::string subject, std::string message) {
  auto r = regions_.find(region);
  if (r == regions_.end()) return std::nullopt;
  auto t = r->second.topics.find(topic_arn);
  if (t == r->second.topics.end()) return std::nullopt;
  sns::Message m;
  m.topic_arn = std::string(topic_arn);
  m.subject = std::move(subject);
  m.message = std::move(message);
  if (is_fifo(t->second)) m.group_id = "drharness";
  return record(region, &t->second, std::move(m)).id;
}

HttpResponse SnsService::publish(Call& call) {
  const auto topic_arn = call.param("TopicArn");
  const auto target_arn = call.param("TargetArn");
  const auto phone = call.param("PhoneNumber");
  const int targets = (topic_arn ? 1 : 0) + (target_arn ? 1 : 0) + (phone ? 1 : 0);
  if (targets == 0) invalid("TopicArn or TargetArn Reason: no value for required parameter");
  if (targets > 1) invalid("TopicArn, TargetArn and PhoneNumber are mutually exclusive");
  Topic* topic = nullptr;
  if (topic_arn) {
    topic = &topic_or_throw(call, *topic_arn, "TopicArn");
  } else if (target_arn) {
    // A TargetArn naming a topic publishes to it; platform application endpoints are not
    // part of the fake.
    if (target_arn->find(":endpoint/") != std::string::npos) {
      fail(404, "NotFound", "Endpoint does not exist");
    }
    topic = &topic_or_throw(call, *target_arn, "TargetArn");
  } else if (phone) {
    check_endpoint("sms", *phone);
  }

  sns::Message m;
  m.topic_arn = topic ? topic->arn : "phone:" + *phone;
  m.message = call.param("Message").value_or("");
  if (m.message.empty()) invalid("Empty message");
  m.subject = call.param("Subject").value_or("");
  if (call.param("Subject")) {
    if (m.subject.empty() || m.subject.size() > 100 ||
        !std::all_of(m.subject.begin(), m.subject.end(),
                     [](char c) { return c >= 0x20 && c < 0x7f; })) {
      invalid("Subject");
    }
  }
  m.structure = call.param("MessageStructure").value_or("");
  if (!m.structure.empty()) {
    if (m.structure != "json") invalid("MessageStructure");
    json doc = json::parse(m.message, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
      invalid("Message Structure - JSON message body failed to parse");
    }
    if (!doc.contains("default") || !doc["default"].is_string()) {
      invalid("Message Structure - No default entry in JSON message body");
    }
  }
  std::size_t size = m.message.size();
  for (int i = 1;; ++i) {
    const std::string base = "MessageAttributes.entry." + std::to_string(i);
    auto name = call.param(base + ".Name");
    if (!name) break;
    sns::MessageAttribute a;
    a.data_type = call.param(base + ".Value.DataType").value_or("");
    a.string_value = call.param(base + ".Value.StringValue").value_or("");
    const std::string binary = call.param(base + ".Value.BinaryValue").value_or("");
    if (!binary.empty() && !base64_decode(binary, a.binary_value)) {
      invalid("The message attribute '" + *name + "' has an invalid binary value");
    }
    const std::string type = a.data_type.substr(0, a.data_type.find('.'));
    if (type != "String" && type != "Number" && type != "Binary") {
      invalid("The message attribute '" + *name +
              "' has an invalid message attribute type, the set of supported type prefixes is "
              "Binary, Number, and String.");
    }
    if (type == "Binary" ? a.binary_value.empty() : a.string_value.empty()) {
      invalid("The message attribute '" + *name +
              "' must contain non-empty message attribute value for message attribute type '" +
              type + "'.");
    }
    if (type == "Number") {
      char* end = nullptr;
      std::strtod(a.string_value.c_str(), &end);
      if (end != a.string_value.c_str() + a.string_value.size()) {
        invalid("Could not cast message attribute '" + *name + "' value to number.");
      }
    }
    if (a.data_type.starts_with("String.Array") && !json::accept(a.string_value)) {
      invalid("The message attribute '" + *name + "' with type 'String.Array' has an invalid "
              "value: it must be a JSON array");
    }
    size += name->size() + a.data_type.size() + a.string_value.size() + a.binary_value.size();
    m.attributes[*name] = std::move(a);
  }
  if (m.attributes.size() > 10) {
    invalid("Too many message attributes: a message can have at most 10");
  }
  if (size > kMaxMessageBytes) invalid("Message too long");

  m.group_id = call.param("MessageGroupId").value_or("");
  m.deduplication_id = call.param("MessageDeduplicationId").value_or("");
  const bool fifo = topic && is_fifo(*topic);
  if (fifo) {
    if (m.group_id.empty()) invalid("The MessageGroupId parameter is required for FIFO topics");
    const bool content_dedup = topic->attributes.contains("ContentBasedDeduplication") &&
                               topic->attributes.at("ContentBasedDeduplication") == "true";
    if (m.deduplication_id.empty()) {
      if (!content_dedup) {
        invalid("The topic should either have ContentBasedDeduplication enabled or "
                "MessageDeduplicationId provided explicitly");
      }
      m.deduplication_id = sha256_hex(m.message);
    }
    // A duplicate within the deduplication window is accepted and not published again.
    const TimePoint now = core_.clock.now();
    for (const sns::Message& prev : regions_[call.region].published[topic->arn]) {
      if (prev.deduplication_id == m.deduplication_id && now - prev.at < kDeduplicationWindow) {
        return query_response(call, sns::kXmlns, [&](xml::XmlWriter& w) {
          w.element("MessageId", prev.id).element("SequenceNumber", prev.sequence_number);
        });
      }
    }
  } else if (!m.deduplication_id.empty()) {
    invalid("MessageDeduplicationId Reason: The request includes MessageDeduplicationId "
            "parameter that is not valid for this topic type");
  }
  const sns::Message& stored = record(call.region, topic, std::move(m));
  return query_response(call, sns::kXmlns, [&](xml::XmlWriter& w) {
    w.element("MessageId", stored.id);
    if (!stored.sequence_number.empty()) w.element("SequenceNumber", stored.sequence_number);
  });
}

std::vector<sns::Message> SnsService::published(std::string_view region,
                                                std::string_view topic_arn) const {
  auto r = regions_.find(region);
  if (r == regions_.end()) return {};
  auto it = r->second.published.find(topic_arn);
  return it == r->second.published.end() ? std::vector<sns::Message>{} : it->second;
}

std::optional<std::string> SnsService::confirmation_token(std::string_view region,
                                                          std::string_view subscription_arn) const {
  auto r = regions_.find(region);
  if (r == regions_.end()) return std::nullopt;
  auto it = r->second.subscriptions.find(subscription_arn);
  if (it == r->second.subscriptions.end() || it->second.confirmed) return std::nullopt;
  return it->second.token;
}

// ---------------------------------------------------------------- tags

HttpResponse SnsService::tag_resource(Call& call) {
  Topic& t = topic_or_throw(call, call.required("ResourceArn"), "ResourceArn");
  for (const auto& [k, v] : query_tags(call)) {
    auto it = std::find_if(t.tags.begin(), t.tags.end(), [&](const auto& kv) { return kv.first == k; });
    if (it != t.tags.end()) {
      it->second = v;
    } else {
      t.tags.emplace_back(k, v);
    }
  }
  if (t.tags.size() > 50) fail(400, "TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded");
  return query_response(call, sns::kXmlns, XmlBody{});
}

HttpResponse SnsService::untag_resource(Call& call) {
  Topic& t = topic_or_throw(call, call.required("ResourceArn"), "ResourceArn");
  for (const std::string& k : call.list("TagKeys")) {
    std::erase_if(t.tags, [&](const auto& kv) { return kv.first == k; });
  }
  return query_response(call, sns::kXmlns, XmlBody{});
}

HttpResponse SnsService::list_tags_for_resource(Call& call) {
  const Topic& t = topic_or_throw(call, call.required("ResourceArn"), "ResourceArn");
  return query_response(call, sns::kXmlns, [&](xml::XmlWriter& w) {
    w.start("Tags");
    for (const auto& [k, v] : t.tags) w.start("member").element("Key", k).element("Value", v).end();
    w.end();
  });
}

// ---------------------------------------------------------------- state

void SnsService::reset() {
  regions_.clear();
  seq_ = 0;
  deliveries_.clear();
  next_delivery_ = 1;
}

void SnsService::save(json& out) const {
  out["seq"] = seq_;
  json regions = json::object();
  for (const auto& [region, r] : regions_) {
    json topics = json::array();
    for (const auto& [arn, t] : r.topics) {
      json tags = json::array();
      for (const auto& [k, v] : t.tags) tags.push_back({k, v});
      topics.push_back({{"name", t.name},
                        {"arn", t.arn},
                        {"attributes", t.attributes},
                        {"tags", std::move(tags)},
                        {"subscriptions_deleted", t.subscriptions_deleted},
                        {"next_sequence", t.next_sequence},
                        {"seq", t.seq}});
    }
    json subs = json::array();
    for (const auto& [arn, s] : r.subscriptions) {
      subs.push_back({{"arn", s.arn},
                      {"topic_arn", s.topic_arn},
                      {"protocol", s.protocol},
                      {"endpoint", s.endpoint},
                      {"attributes", s.attributes},
                      {"confirmed", s.confirmed},
                      {"token", s.token},
                      {"seq", s.seq}});
    }
    json published = json::array();
    for (const auto& [arn, list] : r.published) {
      for (const auto& m : list) {
        json attrs = json::object();
        for (const auto& [k, a] : m.attributes) {
          attrs[k] = {{"data_type", a.data_type},
                      {"string_value", a.string_value},
                      {"binary_value", base64_encode(a.binary_value)}};
        }
        published.push_back({{"id", m.id},
                             {"topic_arn", m.topic_arn},
                             {"subject", m.subject},
                             {"message", m.message},
                             {"structure", m.structure},
                             {"attributes", std::move(attrs)},
                             {"group_id", m.group_id},
                             {"deduplication_id", m.deduplication_id},
                             {"sequence_number", m.sequence_number},
                             {"at_ns", to_ns(m.at)}});
      }
    }
    regions[region] = {{"topics", std::move(topics)},
                       {"subscriptions", std::move(subs)},
                       {"published", std::move(published)}};
  }
  out["regions"] = std::move(regions);
  save_deliveries(out);
}

void SnsService::load(const json& in) {
  reset();
  auto bad = [](const std::string& why) { fail(400, "InvalidState", "sns: " + why); };
  if (!in.is_object()) bad("expected an object");
  try {
    seq_ = in.value("seq", std::uint64_t{0});
    // Named, so the document outlives the loop over its items.
    const json regions = in.value("regions", json::object());
    for (const auto& [region, rj] : regions.items()) {
      sns::Region& r = regions_[region];
      for (const json& tj : rj.value("topics", json::array())) {
        Topic t;
        t.name = tj.at("name").get<std::string>();
        t.arn = tj.at("arn").get<std::string>();
        t.attributes = tj.value("attributes", std::map<std::string, std::string>{});
        for (const json& kv : tj.value("tags", json::array())) {
          t.tags.emplace_back(kv.at(0).get<std::string>(), kv.at(1).get<std::string>());
        }
        t.subscriptions_deleted = tj.value("subscriptions_deleted", std::uint64_t{0});
        t.next_sequence = tj.value("next_sequence", std::uint64_t{0});
        t.seq = tj.value("seq", std::uint64_t{0});
        std::string arn = t.arn;
        r.topics.emplace(std::move(arn), std::move(t));
      }
      for (const json& sj : rj.value("subscriptions", json::array())) {
        Subscription s;
        s.arn = sj.at("arn").get<std::string>();
        s.topic_arn = sj.at("topic_arn").get<std::string>();
        s.protocol = sj.at("protocol").get<std::string>();
        s.endpoint = sj.value("endpoint", "");
        s.attributes = sj.value("attributes", std::map<std::string, std::string>{});
        s.confirmed = sj.value("confirmed", true);
        s.token = sj.value("token", "");
        s.seq = sj.value("seq", std::uint64_t{0});
        std::string arn = s.arn;
        r.subscriptions.emplace(std::move(arn), std::move(s));
      }
      for (const json& mj : rj.value("published", json::array())) {
        sns::Message m;
        m.id = mj.at("id").get<std::string>();
        m.topic_arn = mj.at("topic_arn").get<std::string>();
        m.subject = mj.value("subject", "");
        m.message = mj.value("message", "");
        m.structure = mj.value("structure", "");
        const json attributes = mj.value("attributes", json::object());
        for (const auto& [k, aj] : attributes.items()) {
          sns::MessageAttribute a;
          a.data_type = aj.value("data_type", "");
          a.string_value = aj.value("string_value", "");
          base64_decode(aj.value("binary_value", ""), a.binary_value);
          m.attributes[k] = std::move(a);
        }
        m.group_id = mj.value("group_id", "");
        m.deduplication_id = mj.value("deduplication_id", "");
        m.sequence_number = mj.value("sequence_number", "");
        m.at = from_ns(mj.value("at_ns", 0LL));
        r.published[m.topic_arn].push_back(std::move(m));
      }
    }
    load_deliveries(in);
  } catch (const json::exception& e) {
    bad(e.what());
  }
}

std::unique_ptr<Service> make_sns_service(FakeCloud::Core& core) {
  return std::make_unique<SnsService>(core);
}

}  // namespace drh::fake
