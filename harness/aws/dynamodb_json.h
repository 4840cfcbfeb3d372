// DynamoDB results as JSON with botocore's member names (what `aws dynamodb ...` prints),
// for `drh call --typed` and reports. Unset optional members and empty strings are left
// out; timestamps are ISO 8601 in UTC. Attribute values keep DynamoDB's typed form
// ({"S": "x"}, {"N": "42"}, binary as base64), which is also their wire form: the codec
// writes request bodies with the same function.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "drh/aws/dynamodb.h"

namespace drh::aws {

nlohmann::json to_json(const AttributeValue& value);
nlohmann::json to_json(const AttributeMap& item);
nlohmann::json to_json(const TableDescription& table);
nlohmann::json to_json(const ContinuousBackupsDescription& description);

nlohmann::json to_json(const ListTablesResult& result);
nlohmann::json to_json(const DescribeTableResult& result);
nlohmann::json to_json(const CreateTableResult& result);
nlohmann::json to_json(const UpdateTableResult& result);
nlohmann::json to_json(const DeleteTableResult& result);
nlohmann::json to_json(const PutItemResult& result);
nlohmann::json to_json(const GetItemResult& result);
nlohmann::json to_json(const DeleteItemResult& result);
nlohmann::json to_json(const QueryResult& result);
nlohmann::json to_json(const DescribeContinuousBackupsResult& result);
nlohmann::json to_json(const UpdateContinuousBackupsResult& result);

}  // namespace drh::aws
