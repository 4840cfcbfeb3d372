// Lambda results as JSON with botocore's member names (what `aws lambda ...` prints), for
// `drh call --typed` and reports. Unset optional members and empty strings are left out.
// Invoke's Payload is given as text when it is valid UTF-8, else base64 with
// "PayloadEncoding": "base64"; LogResult is the decoded log text, not the header's base64.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "drh/aws/lambda.h"

namespace drh::aws {

nlohmann::json to_json(const FunctionConfiguration& configuration);

nlohmann::json to_json(const GetFunctionResult& result);
nlohmann::json to_json(const ListFunctionsResult& result);
nlohmann::json to_json(const InvokeResult& result);
nlohmann::json to_json(const CreateFunctionResult& result);
nlohmann::json to_json(const DeleteFunctionResult& result);

}  // namespace drh::aws
