#include "sns_codec.h"

#include "drh/core/encoding.h"
#include "drh/protocol/xml.h"

namespace drh::aws {
namespace {

Error missing(std::string_view operation, std::string_view member) {
  return invalid_input(std::string(operation) + ": " + std::string(member) + " is required");
}

std::vector<QueryParams::Entry> entries(const std::map<std::string, std::string>& map) {
  return {map.begin(), map.end()};
}

void add_tags(QueryParams& p, const std::vector<Tag>& tags) {
  for (std::size_t i = 0; i < tags.size(); ++i) {
    p.item("Tags", i + 1).add("Key", tags[i].Key).add("Value", tags[i].Value);
  }
}

Result<QueryParams> topic_arn_params(std::string_view operation, const std::string& topic_arn) {
  if (topic_arn.empty()) return missing(operation, "TopicArn");
  QueryParams p;
  p.add("TopicArn", topic_arn);
  return p;
}

// The result node of a well-formed <OpResponse>, or the decode error.
Result<pugi::xml_node> result_node(pugi::xml_document& doc, const HttpResponse& response,
                                   std::string_view operation) {
  return load_query_result(doc, response.body, operation);
}

Result<std::string> required_text(pugi::xml_node node, const char* name) {
  auto text = xml::required_child_text(node, name);
  if (!text) return text.error();
  return std::string(*text);
}

// Answers without output: a well-formed <OpResponse> is success.
template <typename T>
Result<T> decode_empty(const HttpResponse& response, std::string_view operation) {
  pugi::xml_document doc;
  auto result = result_node(doc, response, operation);
  if (!result) return result.error();
  return T{};
}

}  // namespace

// ------------------------------------------------------------------ encoders

Result<QueryParams> encode_CreateTopic(const CreateTopicRequest& request) {
  if (request.Name.empty()) return missing("CreateTopic", "Name");
  QueryParams p;
  p.add("Name", request.Name);
  if (!request.Attributes.empty()) p.add_map("Attributes", entries(request.Attributes));
  add_tags(p, request.Tags);
  return p;
}

Result<QueryParams> encode_ListTopics(const ListTopicsRequest& request) {
  QueryParams p;
  if (!request.NextToken.empty()) p.add("NextToken", request.NextToken);
  return p;
}

Result<QueryParams> encode_GetTopicAttributes(const GetTopicAttributesRequest& request) {
  return topic_arn_params("GetTopicAttributes", request.TopicArn);
}

Result<QueryParams> encode_Subscribe(const SubscribeRequest& request) {
  constexpr std::string_view op = "Subscribe";
  auto p = topic_arn_params(op, request.TopicArn);
  if (!p) return p;
  if (request.Protocol.empty()) return missing(op, "Protocol");
  p->add("Protocol", request.Protocol);
  if (!request.Endpoint.empty()) p->add("Endpoint", request.Endpoint);
  if (!request.Attributes.empty()) p->add_map("Attributes", entries(request.Attributes));
  if (request.ReturnSubscriptionArn)
    p->add("ReturnSubscriptionArn", *request.ReturnSubscriptionArn);
  return p;
}

Result<QueryParams> encode_ListSubscriptionsByTopic(
    const ListSubscriptionsByTopicRequest& request) {
  auto p = topic_arn_params("ListSubscriptionsByTopic", request.TopicArn);
  if (!p) return p;
  if (!request.NextToken.empty()) p->add("NextToken", request.NextToken);
  return p;
}

Result<QueryParams> encode_Publish(const PublishRequest& request) {
  constexpr std::string_view op = "Publish";
  if (request.TopicArn.empty() && request.TargetArn.empty()) {
    return invalid_input(std::string(op) + ": TopicArn or TargetArn is required");
  }
  if (request.Message.empty()) return missing(op, "Message");
  QueryParams p;
  if (!request.TopicArn.empty()) p.add("TopicArn", request.TopicArn);
  if (!request.TargetArn.empty()) p.add("TargetArn", request.TargetArn);
  p.add("Message", request.Message);
  if (!request.Subject.empty()) p.add("Subject", request.Subject);
  if (!request.MessageStructure.empty()) p.add("MessageStructure", request.MessageStructure);
  std::size_t n = 0;
  for (const auto& [name, value] : request.MessageAttributes) {
    if (value.DataType.empty()) {
      return missing(op, "MessageAttributes[" + name + "].DataType");
    }
    auto entry = p.scope("MessageAttributes.entry." + std::to_string(++n));
    entry.add("Name", name);
    auto v = entry.scope("Value");
    v.add("DataType", value.DataType);
    if (!value.StringValue.empty()) v.add("StringValue", value.StringValue);
    if (!value.BinaryValue.empty()) v.add("BinaryValue", base64_encode(value.BinaryValue));
  }
  if (!request.MessageDeduplicationId.empty()) {
    p.add("MessageDeduplicationId", request.MessageDeduplicationId);
  }
  if (!request.MessageGroupId.empty()) p.add("MessageGroupId", request.MessageGroupId);
  return p;
}

Result<QueryParams> encode_DeleteTopic(const DeleteTopicRequest& request) {
  return topic_arn_params("DeleteTopic", request.TopicArn);
}

Result<QueryParams> encode_Unsubscribe(const UnsubscribeRequest& request) {
  if (request.SubscriptionArn.empty()) return missing("Unsubscribe", "SubscriptionArn");
  QueryParams p;
  p.add("SubscriptionArn", request.SubscriptionArn);
  return p;
}

// ------------------------------------------------------------------ decoders

Result<CreateTopicResult> decode_CreateTopic(const HttpResponse& response) {
  pugi::xml_document doc;
  auto result = result_node(doc, response, "CreateTopic");
  if (!result) return result.error();
  auto arn = required_text(*result, "TopicArn");
  if (!arn) return arn.error();
  return CreateTopicResult{std::move(*arn)};
}

Result<ListTopicsResult> decode_ListTopics(const HttpResponse& response) {
  pugi::xml_document doc;
  auto result = result_node(doc, response, "ListTopics");
  if (!result) return result.error();
  ListTopicsResult out;
  for (pugi::xml_node member : xml::members(*result, "Topics")) {
    auto arn = required_text(member, "TopicArn");
    if (!arn) return arn.error();
    out.Topics.push_back(Topic{std::move(*arn)});
  }
  out.NextToken = std::string(xml::child_text(*result, "NextToken"));
  return out;
}

Result<GetTopicAttributesResult> decode_GetTopicAttributes(const HttpResponse& response) {
  pugi::xml_document doc;
  auto result = result_node(doc, response, "GetTopicAttributes");
  if (!result) return result.error();
  GetTopicAttributesResult out;
  for (pugi::xml_node entry : xml::members(*result, "Attributes")) {
    auto key = required_text(entry, "key");
    if (!key) return key.error();
    out.Attributes[std::move(*key)] = std::string(xml::child_text(entry, "value"));
  }
  return out;
}

Result<SubscribeResult> decode_Subscribe(const HttpResponse& response) {
  pugi::xml_document doc;
  auto result = result_node(doc, response, "Subscribe");
  if (!result) return result.error();
  auto arn = required_text(*result, "SubscriptionArn");
  if (!arn) return arn.error();
  return SubscribeResult{std::move(*arn)};
}

Result<ListSubscriptionsByTopicResult> decode_ListSubscriptionsByTopic(
    const HttpResponse& response) {
  pugi::xml_document doc;
  auto result = result_node(doc, response, "ListSubscriptionsByTopic");
  if (!result) return result.error();
  ListSubscriptionsByTopicResult out;
  for (pugi::xml_node m : xml::members(*result, "Subscriptions")) {
    Subscription s;
    s.SubscriptionArn = std::string(xml::child_text(m, "SubscriptionArn"));
    s.Owner = std::string(xml::child_text(m, "Owner"));
    s.Protocol = std::string(xml::child_text(m, "Protocol"));
    s.Endpoint = std::string(xml::child_text(m, "Endpoint"));
    s.TopicArn = std::string(xml::child_text(m, "TopicArn"));
    out.Subscriptions.push_back(std::move(s));
  }
  out.NextToken = std::string(xml::child_text(*result, "NextToken"));
  return out;
}

Result<PublishResult> decode_Publish(const HttpResponse& response) {
  pugi::xml_document doc;
  auto result = result_node(doc, response, "Publish");
  if (!result) return result.error();
  auto id = required_text(*result, "MessageId");
  if (!id) return id.error();
  return PublishResult{std::move(*id), std::string(xml::child_text(*result, "SequenceNumber"))};
}

Result<DeleteTopicResult> decode_DeleteTopic(const HttpResponse& response) {
  return decode_empty<DeleteTopicResult>(response, "DeleteTopic");
}

Result<UnsubscribeResult> decode_Unsubscribe(const HttpResponse& response) {
  return decode_empty<UnsubscribeResult>(response, "Unsubscribe");
}

}  // namespace drh::aws
