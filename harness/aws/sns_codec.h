// SNS wire codec (Query, API 2010-03-31): form parameters for each request, and the
// <OpResponse><OpResult> documents of the answers. Internal to drh_aws; tests include it
// to check the wire form.
//
// encode_<Op> gives the operation's parameters (Action and Version are added when the
// request is built) and fails with kInvalidInput when a required member is missing. Maps
// are flattened as Name.entry.N.key / .value, message attributes as
// MessageAttributes.entry.N.Name / .Value.DataType, tags as Tags.member.N.Key.
// decode_<Op> reads a 2xx answer: malformed XML, another document element, or a missing
// required element is a kDecode error naming the element.
#pragma once

#include "drh/aws/sns.h"
#include "drh/core/http.h"
#include "drh/core/result.h"
#include "drh/protocol/query.h"

namespace drh::aws {

Result<QueryParams> encode_CreateTopic(const CreateTopicRequest& request);
Result<QueryParams> encode_ListTopics(const ListTopicsRequest& request);
Result<QueryParams> encode_GetTopicAttributes(const GetTopicAttributesRequest& request);
Result<QueryParams> encode_Subscribe(const SubscribeRequest& request);
Result<QueryParams> encode_ListSubscriptionsByTopic(const ListSubscriptionsByTopicRequest& request);
Result<QueryParams> encode_Publish(const PublishRequest& request);
Result<QueryParams> encode_DeleteTopic(const DeleteTopicRequest& request);
Result<QueryParams> encode_Unsubscribe(const UnsubscribeRequest& request);

Result<CreateTopicResult> decode_CreateTopic(const HttpResponse& response);
Result<ListTopicsResult> decode_ListTopics(const HttpResponse& response);
Result<GetTopicAttributesResult> decode_GetTopicAttributes(const HttpResponse& response);
Result<SubscribeResult> decode_Subscribe(const HttpResponse& response);
Result<ListSubscriptionsByTopicResult> decode_ListSubscriptionsByTopic(
    const HttpResponse& response);
Result<PublishResult> decode_Publish(const HttpResponse& response);
Result<DeleteTopicResult> decode_DeleteTopic(const HttpResponse& response);
Result<UnsubscribeResult> decode_Unsubscribe(const HttpResponse& response);

}  // namespace drh::aws
