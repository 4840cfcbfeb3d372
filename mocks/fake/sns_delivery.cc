// SNS delivery in the fake: every message published to a topic goes to each confirmed
// subscription. Each delivery is recorded (protocol, endpoint, message, subject,
// attributes, time); lambda subscriptions invoke the fake's function with the SNS event;
// http/https subscriptions carry the JSON envelope and x-amz-sns-* headers SNS sends and,
// when outbound delivery is on (drh serve) and the endpoint is on loopback, wait in an
// outbox that drh serve POSTs from outside the world lock.
#include <nlohmann/json.hpp>

#include "drh/core/encoding.h"
#include "drh/fake/sns.h"
#include "lambda_service.h"
#include "sns_service.h"
#include "wire.h"
#include "state_codec.h"

namespace drh::fake {

using json = nlohmann::json;

namespace {


/// The host of an http(s) URL ("http://127.0.0.1:8080/x" -> "127.0.0.1").
std::string url_host(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  if (url.starts_with('[')) return std::string(url.substr(1, url.find(']') - 1));
  return std::string(url.substr(0, url.find(':')));
}

bool loopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

std::string region_of_arn(std::string_view arn) {
  // arn:<partition>:<service>:<region>:...
  for (int i = 0; i < 3; ++i) {
    const auto c = arn.find(':');
    if (c == std::string_view::npos) return {};
    arn.remove_prefix(c + 1);
  }
  return std::string(arn.substr(0, arn.find(':')));
}

json attributes_json(const SnsDelivery& d) {
  json out = json::object();
  for (const auto& [name, tv] : d.attributes) {
    out[name] = {{"Type", tv.first}, {"Value", tv.second}};
  }
  return out;
}

/// The notification SNS sends to http/https/sqs/lambda endpoints (Sns member of the
/// Lambda event spells the URL members SigningCertUrl / UnsubscribeUrl).
json envelope(const SnsDelivery& d, bool lambda_style) {
  const std::string host = "https://sns." + d.region + ".amazonaws.com";
  json e = json::object();
  e["Type"] = "Notification";
  e["MessageId"] = d.message_id;
  e["TopicArn"] = d.topic_arn;
  // SNS leaves Subject out of the HTTP envelope when there is none (Lambda: null).
  if (!d.subject.empty()) {
    e["Subject"] = d.subject;
  } else if (lambda_style) {
    e["Subject"] = nullptr;
  }
  e["Message"] = d.message;
  e["Timestamp"] = iso_time(d.at);
  e["SignatureVersion"] = "1";
  // Not a verifiable signature: the fake holds no SNS signing key.
  e["Signature"] = base64_encode(sha256_hex(d.message_id + d.message));
  e[lambda_style ? "SigningCertUrl" : "SigningCertURL"] =
      host + "/SimpleNotificationService-drharness.pem";
  e[lambda_style ? "UnsubscribeUrl" : "UnsubscribeURL"] =
      host + "/?Action=Unsubscribe&SubscriptionArn=" + d.subscription_arn;
  if (!d.attributes.empty() || lambda_style) e["MessageAttributes"] = attributes_json(d);
  return e;
}

json delivery_json(const SnsDelivery& d) {
  json attrs = json::object();
  for (const auto& [name, tv] : d.attributes) {
    attrs[name] = {{"DataType", tv.first}, {"Value", tv.second}};
  }
  return {{"id", d.id},
          {"type", d.type},
          {"region", d.region},
          {"topicArn", d.topic_arn},
          {"subscriptionArn", d.subscription_arn},
          {"protocol", d.protocol},
          {"endpoint", d.endpoint},
          {"messageId", d.message_id},
          {"subject", d.subject},
          {"message", d.message},
          {"messageAttributes", std::move(attrs)},
          {"timestamp", iso_time(d.at)},
          {"status", d.status},
          {"error", d.error},
          {"httpStatus", d.http_status},
          {"body", d.body}};
}

SnsService& sns_of(FakeCloud& cloud) { return cloud.core().get<SnsService>("sns"); }

}  // namespace

void SnsService::deliver(std::string_view region, const sns::Message& m) {
  auto r = regions_.find(region);
  if (r == regions_.end()) return;
  json structured;
  if (m.structure == "json") structured = json::parse(m.message, nullptr, false);
  for (const auto& [arn, s] : r->second.subscriptions) {
    if (s.topic_arn != m.topic_arn || !s.confirmed) continue;
    SnsDelivery d;
    d.id = next_delivery_++;
    d.region = std::string(region);
    d.topic_arn = m.topic_arn;
    d.subscription_arn = s.arn;
    d.protocol = s.protocol;
    d.endpoint = s.endpoint;
    d.message_id = m.id;
    d.subject = m.subject;
    d.message = m.message;
    // MessageStructure json: each protocol gets its own entry, else "default".
    if (structured.is_object()) {
      const json& pick = structured.contains(s.protocol) && structured[s.protocol].is_string()
                             ? structured[s.protocol]
                             : structured["default"];
      if (pick.is_string()) d.message = pick.get<std::string>();
    }
    for (const auto& [name, a] : m.attributes) {
      d.attributes[name] = {a.data_type, a.data_type.starts_with("Binary")
                                             ? base64_encode(a.binary_value)
                                             : a.string_value};
    }
    d.at = m.at;
    d.status = "recorded";
    const bool raw = s.attributes.contains("RawMessageDelivery") &&
                     s.attributes.at("RawMessageDelivery") == "true";
    if (s.protocol == "http" || s.protocol == "https") {
      d.body = raw ? d.message : envelope(d, false).dump(2);
      d.headers = {{"Content-Type", "text/plain; charset=UTF-8"},
                   {"User-Agent", "Amazon Simple Notification Service Agent"},
                   {"x-amz-sns-message-type", "Notification"},
                   {"x-amz-sns-message-id", d.message_id},
                   {"x-amz-sns-topic-arn", d.topic_arn},
                   {"x-amz-sns-subscription-arn", d.subscription_arn}};
      if (raw) d.headers.emplace_back("x-amz-sns-rawdelivery", "true");
      if (http_delivery_ && loopback(url_host(d.endpoint))) d.status = "pending";
    } else if (s.protocol == "sqs") {
      d.body = raw ? d.message : envelope(d, false).dump();
    } else if (s.protocol == "lambda") {
      json event = {{"Records",
                     {{{"EventSource", "aws:sns"},
                       {"EventVersion", "1.0"},
                       {"EventSubscriptionArn", d.subscription_arn},
                       {"Sns", envelope(d, true)}}}}};
      d.body = event.dump();
      auto* lambda = dynamic_cast<LambdaService*>(core_.find("lambda"));
      const std::string fn_region = region_of_arn(d.endpoint);
      std::string error = lambda == nullptr ? "Lambda is not available"
                                            : lambda->invoke_internal(fn_region, d.endpoint, d.body);
      if (error.empty()) {
        d.status = "delivered";
      } else {
        d.status = "failed";
        d.error = std::move(error);
      }
    }
    deliveries_.push_back(std::move(d));
  }
}

void SnsService::send_confirmation(std::string_view region, const sns::Subscription& s) {
  SnsDelivery d;
  d.id = next_delivery_++;
  d.type = "SubscriptionConfirmation";
  d.region = std::string(region);
  d.topic_arn = s.topic_arn;
  d.subscription_arn = s.arn;
  d.protocol = s.protocol;
  d.endpoint = s.endpoint;
  d.message_id = core_.ids.uuid();
  d.message = "You have chosen to subscribe to the topic " + s.topic_arn +
              ".\nTo confirm the subscription, visit the SubscribeURL included in this message.";
  d.at = core_.clock.now();
  d.status = "recorded";
  const std::string host = "https://sns." + d.region + ".amazonaws.com";
  json e = {{"Type", "SubscriptionConfirmation"},
            {"MessageId", d.message_id},
            {"Token", s.token},
            {"TopicArn", s.topic_arn},
            {"Message", d.message},
            {"SubscribeURL", host + "/?Action=ConfirmSubscription&TopicArn=" + s.topic_arn +
                                 "&Token=" + s.token},
            {"Timestamp", iso_time(d.at)},
            {"SignatureVersion", "1"},
            {"Signature", base64_encode(sha256_hex(d.message_id + s.token))},
            {"SigningCertURL", host + "/SimpleNotificationService-drharness.pem"}};
  d.body = e.dump(2);
  d.headers = {{"Content-Type", "text/plain; charset=UTF-8"},
               {"User-Agent", "Amazon Simple Notification Service Agent"},
               {"x-amz-sns-message-type", "SubscriptionConfirmation"},
               {"x-amz-sns-message-id", d.message_id},
               {"x-amz-sns-topic-arn", d.topic_arn}};
  if ((s.protocol == "http" || s.protocol == "https") && http_delivery_ &&
      loopback(url_host(s.endpoint))) {
    d.status = "pending";
  }
  deliveries_.push_back(std::move(d));
}

std::vector<SnsDelivery> SnsService::take_http_deliveries() {
  std::vector<SnsDelivery> out;
  for (SnsDelivery& d : deliveries_) {
    if (d.status != "pending") continue;
    d.status = "sending";
    out.push_back(d);
  }
  return out;
}

void SnsService::complete_http_delivery(std::uint64_t id, int http_status, std::string error) {
  for (SnsDelivery& d : deliveries_) {
    if (d.id != id) continue;
    d.http_status = http_status;
    d.error = std::move(error);
    d.status = d.error.empty() ? "delivered" : "failed";
  }
}

void SnsService::save_deliveries(json& out) const {
  json list = json::array();
  for (const SnsDelivery& d : deliveries_) {
    json attrs = json::object();
    for (const auto& [k, tv] : d.attributes) attrs[k] = {tv.first, tv.second};
    // A POST under way when the world was saved is sent again after loading.
    const std::string status = d.status == "sending" ? "pending" : d.status;
    list.push_back({{"id", d.id},
                    {"type", d.type},
                    {"region", d.region},
                    {"topic_arn", d.topic_arn},
                    {"subscription_arn", d.subscription_arn},
                    {"protocol", d.protocol},
                    {"endpoint", d.endpoint},
                    {"message_id", d.message_id},
                    {"subject", d.subject},
                    {"message", d.message},
                    {"attributes", std::move(attrs)},
                    {"at_ns", to_ns(d.at)},
                    {"status", status},
                    {"error", d.error},
                    {"http_status", d.http_status},
                    {"body", d.body},
                    {"headers", d.headers}});
  }
  out["deliveries"] = std::move(list);
  out["next_delivery"] = next_delivery_;
}

void SnsService::load_deliveries(const json& in) {
  deliveries_.clear();
  for (const json& dj : in.value("deliveries", json::array())) {
    SnsDelivery d;
    d.id = dj.at("id").get<std::uint64_t>();
    d.type = dj.value("type", "Notification");
    d.region = dj.value("region", "");
    d.topic_arn = dj.value("topic_arn", "");
    d.subscription_arn = dj.value("subscription_arn", "");
    d.protocol = dj.value("protocol", "");
    d.endpoint = dj.value("endpoint", "");
    d.message_id = dj.value("message_id", "");
    d.subject = dj.value("subject", "");
    d.message = dj.value("message", "");
    const json attrs = dj.value("attributes", json::object());
    for (const auto& [k, tv] : attrs.items()) {
      d.attributes[k] = {tv.at(0).get<std::string>(), tv.at(1).get<std::string>()};
    }
    d.at = from_ns(dj.value("at_ns", 0LL));
    d.status = dj.value("status", "recorded");
    d.error = dj.value("error", "");
    d.http_status = dj.value("http_status", 0);
    d.body = dj.value("body", "");
    d.headers =
        dj.value("headers", std::vector<std::pair<std::string, std::string>>{});
    deliveries_.push_back(std::move(d));
  }
  next_delivery_ = in.value("next_delivery", std::uint64_t{deliveries_.size() + 1});
}

// ---------------------------------------------------------------- public API

std::vector<SnsDelivery> sns_deliveries(FakeCloud& cloud, std::string_view topic_arn) {
  std::lock_guard lock(cloud.core().mutex);
  std::vector<SnsDelivery> out;
  for (const SnsDelivery& d : sns_of(cloud).deliveries()) {
    if (topic_arn.empty() || d.topic_arn == topic_arn) out.push_back(d);
  }
  return out;
}

std::string sns_deliveries_json(FakeCloud& cloud, std::string_view topic_arn) {
  json list = json::array();
  for (const SnsDelivery& d : sns_deliveries(cloud, topic_arn)) list.push_back(delivery_json(d));
  return json{{"messages", std::move(list)}}.dump();
}

void enable_sns_http_delivery(FakeCloud& cloud, bool on) {
  std::lock_guard lock(cloud.core().mutex);
  sns_of(cloud).set_http_delivery(on);
}

std::vector<SnsDelivery> take_sns_http_deliveries(FakeCloud& cloud) {
  std::lock_guard lock(cloud.core().mutex);
  return sns_of(cloud).take_http_deliveries();
}

void complete_sns_http_delivery(FakeCloud& cloud, std::uint64_t id, int http_status,
                                std::string error) {
  std::lock_guard lock(cloud.core().mutex);
  sns_of(cloud).complete_http_delivery(id, http_status, std::move(error));
}

}  // namespace drh::fake
