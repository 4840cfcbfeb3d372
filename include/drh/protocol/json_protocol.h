// The JSON protocols: JSON 1.0/1.1 (DynamoDB, CloudWatch with current SDKs, ...) and
// rest-json (Lambda).
//
// JSON 1.0/1.1: POST / with X-Amz-Target: <target prefix>.<Operation> and Content-Type
// application/x-amz-json-1.0 or -1.1; the body is the operation's input as a JSON object.
// rest-json: HTTP method, URI labels, query, headers as in rest.h; structured input in a
// JSON body with Content-Type application/json; blob payloads (Lambda Invoke) raw.
//
// Bodies are passed as already-serialised text so this header stays free of any JSON
// library; the typed clients pick their own.
#pragma once

#include <string>
#include <string_view>

#include "drh/core/endpoints.h"
#include "drh/core/http.h"
#include "drh/core/result.h"
#include "drh/protocol/rest.h"

namespace drh {

inline constexpr std::string_view kRestJsonContentType = "application/json";

/// "application/x-amz-json-1.0" for json_version "1.0" (the default when empty).
std::string json_content_type(std::string_view json_version);

/// POST / with X-Amz-Target and Content-Type; `body` is sent as is ("{}" when empty).
/// Host and scheme are left empty.
HttpRequest build_json_request(std::string_view target_prefix, std::string_view json_version,
                               std::string_view operation, std::string body);
/// The same with the service's target prefix and JSON version.
HttpRequest build_json_request(const ServiceInfo& service, std::string_view operation,
                               std::string body);

/// A rest-json request: the builder's URI, query and headers, with `json_body` and
/// Content-Type application/json when the body is not empty (and no Content-Type was
/// set). For a blob payload, call builder.body(bytes) and build() instead.
Result<HttpRequest> build_rest_json_request(RestRequestBuilder builder, std::string json_body);

}  // namespace drh
