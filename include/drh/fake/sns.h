// What the fake's SNS delivered: one record per (published message, confirmed subscription),
// and one per SubscriptionConfirmation message sent to an endpoint waiting for confirmation.
//
// Every publish to a topic (Publish, or a CloudWatch alarm action) is delivered to each
// confirmed subscription of the topic. Email, SMS, SQS, Firehose and application
// subscriptions are recorded only; lambda subscriptions invoke the fake's function with
// the SNS event; http/https subscriptions are recorded and, when outbound HTTP delivery is
// on (drh serve turns it on) and the endpoint is on loopback, POSTed by drh serve with the
// JSON envelope and x-amz-sns-* headers SNS sends. `GET /_drh/sns/messages[?topic=ARN]`
// on drh serve returns the same records as JSON.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drh/core/clock.h"
#include "drh/fake/fake_cloud.h"

namespace drh::fake {

struct SnsDelivery {
  std::uint64_t id = 0;  ///< increasing, in delivery order
  /// Notification, or SubscriptionConfirmation (sent to email/http/https endpoints on
  /// Subscribe; its body carries the Token and SubscribeURL).
  std::string type = "Notification";
  std::string region;
  std::string topic_arn;
  std::string subscription_arn;
  std::string protocol;
  std::string endpoint;
  std::string message_id;
  std::string subject;
  std::string message;  ///< as delivered to this protocol (MessageStructure json resolved)
  /// Message attributes: name -> (DataType, value; binary values base64).
  std::map<std::string, std::pair<std::string, std::string>> attributes;
  TimePoint at{};
  /// recorded | delivered | pending (an HTTP POST waiting for drh serve) | failed
  std::string status;
  std::string error;
  int http_status = 0;  ///< the endpoint's answer to an HTTP POST
  /// http/https/lambda: the body SNS sends (the JSON envelope, or the raw message with
  /// RawMessageDelivery) and, for http/https, the request headers.
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Deliveries in delivery order, of one topic when `topic_arn` is not empty. Thread-safe.
std::vector<SnsDelivery> sns_deliveries(FakeCloud& cloud, std::string_view topic_arn = {});
/// The same as the JSON document GET /_drh/sns/messages returns:
/// {"messages": [{"id", "type", "region", "topicArn", "subscriptionArn", "protocol", "endpoint",
/// "messageId", "subject", "message", "messageAttributes", "timestamp", "status", "error",
/// "httpStatus", "body"}, ...]}.
std::string sns_deliveries_json(FakeCloud& cloud, std::string_view topic_arn = {});

/// Turns POSTing to http/https subscriptions on loopback on (drh serve) or off (default).
void enable_sns_http_delivery(FakeCloud& cloud, bool on);
/// The deliveries waiting for an HTTP POST, marked as taken (each is handed out once).
std::vector<SnsDelivery> take_sns_http_deliveries(FakeCloud& cloud);
/// Records the outcome of a POST: the endpoint's status (0 when none) and an error ("" when
/// the endpoint answered 2xx).
void complete_sns_http_delivery(FakeCloud& cloud, std::uint64_t id, int http_status,
                                std::string error);

}  // namespace drh::fake
