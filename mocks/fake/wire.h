// Internal to the fake: writing responses in each AWS protocol.
#pragma once

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "drh/protocol/xml.h"
#include "service.h"

namespace drh::fake {

using XmlBody = std::function<void(xml::XmlWriter&)>;

/// <OpResponse xmlns><OpResult>...</OpResult><ResponseMetadata><RequestId/>...
/// (`result` may be empty for operations without output: no <OpResult>).
HttpResponse query_response(const Call& call, std::string_view xmlns, const XmlBody& result);
/// <OpResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId/>...
HttpResponse ec2_response(const Call& call, const XmlBody& body);
/// A rest-xml document (<?xml?> declaration + body), with x-amz-request-id / x-amzn-RequestId.
HttpResponse rest_xml_response(const Call& call, const XmlBody& body, int status = 200);
/// application/x-amz-json-1.0|1.1 or application/json body with x-amzn-RequestId.
HttpResponse json_response(const Call& call, const nlohmann::json& body, int status = 200);
/// An empty-bodied answer (204s, S3 PUTs) with the request id headers.
HttpResponse empty_response(const Call& call, int status = 200);

/// The error document AWS sends for `error` in `protocol`.
HttpResponse error_response(const Call& call, Protocol protocol, const ApiError& error);

/// ISO 8601 with milliseconds, as AWS writes timestamps in XML ("2026-01-01T00:00:00.000Z").
std::string iso_time(TimePoint t);
/// Epoch seconds (with fractions) as JSON protocols write timestamps.
double epoch_seconds(TimePoint t);

}  // namespace drh::fake
