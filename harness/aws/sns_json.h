// SNS results as JSON with botocore's member names (what `aws sns ...` prints), for
// `drh call --typed` and reports. Empty strings are left out; lists and maps of a result
// are always present.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "drh/aws/sns.h"

namespace drh::aws {

nlohmann::json to_json(const CreateTopicResult& result);
nlohmann::json to_json(const ListTopicsResult& result);
nlohmann::json to_json(const GetTopicAttributesResult& result);
nlohmann::json to_json(const SubscribeResult& result);
nlohmann::json to_json(const ListSubscriptionsByTopicResult& result);
nlohmann::json to_json(const PublishResult& result);
nlohmann::json to_json(const DeleteTopicResult& result);
nlohmann::json to_json(const UnsubscribeResult& result);

}  // namespace drh::aws
