// SnsClient over the connection, and the all-pages forms.
#include <set>

#include "drh/aws/sns.h"
#include "service_call.h"
#include "sns_codec.h"

namespace drh::aws {
namespace {

constexpr std::string_view kService = "sns";

template <typename Res, typename Req>
Result<Res> call(AwsConnection& connection, std::string_view region, std::string_view operation,
                 const Req& request, Result<QueryParams> (*encode)(const Req&),
                 Result<Res> (*decode)(const HttpResponse&)) {
  auto params = encode(request);
  if (!params) return params.error();
  auto response = send_query(connection, kService, region, operation, *params);
  if (!response) return response.error();
  return decode(*response);
}

// Follows NextToken from `request.NextToken`, concatenating `Page::*items`. The set of
// tokens seen so far catches a service that cycles, whatever the cycle's length.
template <typename Item, typename Req, typename Page, typename Fetch>
Result<std::vector<Item>> all_pages(std::string_view operation, Req request, Fetch fetch,
                                    std::vector<Item> Page::*items) {
  std::vector<Item> out;
  std::set<std::string> seen;
  if (!request.NextToken.empty()) seen.insert(request.NextToken);
  for (std::size_t pages = 1;; ++pages) {
    Result<Page> page = fetch(request);
    if (!page) return page.error();
    std::vector<Item>& got = (*page).*items;
    out.insert(out.end(), std::make_move_iterator(got.begin()), std::make_move_iterator(got.end()));
    if (page->NextToken.empty()) return out;
    if (!seen.insert(page->NextToken).second) {
      std::string shown = page->NextToken.substr(0, 80);
      if (page->NextToken.size() > shown.size()) shown += "...";
      return make_error(ErrorKind::kDecode, "RepeatedPageToken",
                        std::string(operation) + " returned NextToken " + shown + " again after " +
                            std::to_string(pages) + " pages; stopped instead of paging forever");
    }
    request.NextToken = std::move(page->NextToken);
  }
}

}  // namespace

Result<CreateTopicResult> SnsClient::CreateTopic(std::string_view region,
                                                 const CreateTopicRequest& request) {
  return call(connection_, region, "CreateTopic", request, &encode_CreateTopic,
              &decode_CreateTopic);
}

Result<ListTopicsResult> SnsClient::ListTopics(std::string_view region,
                                               const ListTopicsRequest& request) {
  return call(connection_, region, "ListTopics", request, &encode_ListTopics, &decode_ListTopics);
}

Result<GetTopicAttributesResult> SnsClient::GetTopicAttributes(
    std::string_view region, const GetTopicAttributesRequest& request) {
  return call(connection_, region, "GetTopicAttributes", request, &encode_GetTopicAttributes,
              &decode_GetTopicAttributes);
}

Result<SubscribeResult> SnsClient::Subscribe(std::string_view region,
                                             const SubscribeRequest& request) {
  return call(connection_, region, "Subscribe", request, &encode_Subscribe, &decode_Subscribe);
}

Result<ListSubscriptionsByTopicResult> SnsClient::ListSubscriptionsByTopic(
    std::string_view region, const ListSubscriptionsByTopicRequest& request) {
  return call(connection_, region, "ListSubscriptionsByTopic", request,
              &encode_ListSubscriptionsByTopic, &decode_ListSubscriptionsByTopic);
}

Result<PublishResult> SnsClient::Publish(std::string_view region, const PublishRequest& request) {
  return call(connection_, region, "Publish", request, &encode_Publish, &decode_Publish);
}

Result<DeleteTopicResult> SnsClient::DeleteTopic(std::string_view region,
                                                 const DeleteTopicRequest& request) {
  return call(connection_, region, "DeleteTopic", request, &encode_DeleteTopic,
              &decode_DeleteTopic);
}

Result<UnsubscribeResult> SnsClient::Unsubscribe(std::string_view region,
                                                 const UnsubscribeRequest& request) {
  return call(connection_, region, "Unsubscribe", request, &encode_Unsubscribe,
              &decode_Unsubscribe);
}

// ------------------------------------------------------------------ all pages

Result<std::vector<Topic>> SnsApi::ListTopicsAll(std::string_view region,
                                                 ListTopicsRequest request) {
  return all_pages<Topic, ListTopicsRequest, ListTopicsResult>(
      "ListTopics", std::move(request),
      [&](const ListTopicsRequest& r) { return ListTopics(region, r); }, &ListTopicsResult::Topics);
}

Result<std::vector<Subscription>> SnsApi::ListSubscriptionsByTopicAll(
    std::string_view region, ListSubscriptionsByTopicRequest request) {
  return all_pages<Subscription, ListSubscriptionsByTopicRequest, ListSubscriptionsByTopicResult>(
      "ListSubscriptionsByTopic", std::move(request),
      [&](const ListSubscriptionsByTopicRequest& r) { return ListSubscriptionsByTopic(region, r); },
      &ListSubscriptionsByTopicResult::Subscriptions);
}

}  // namespace drh::aws
