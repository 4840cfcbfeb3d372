// Decoding AWS error responses of every protocol into drh::Error.
#pragma once

#include <string_view>

#include "drh/core/http.h"
#include "drh/core/result.h"

namespace drh {

/// The wire protocols of the AWS services drharness speaks (botocore's "protocol" names).
enum class Protocol { kQuery, kEc2, kRestXml, kJson, kRestJson };

/// "query", "ec2", "rest-xml", "json", "rest-json"; kInvalidInput for anything else.
Result<Protocol> parse_protocol(std::string_view name);

/// Turns a non-2xx response into an Error of kind kAws carrying the service's error code
/// and message (query: <ErrorResponse><Error><Code>; ec2: <Response><Errors><Error>;
/// rest-xml: <Error><Code> (S3 404s to HEAD have no body: code from the status);
/// json/rest-json: __type / code / x-amzn-ErrorType, namespace prefix and ':' suffix
/// stripped). http_status, request_id (header or body) and retryable (is_retryable) are
/// filled in. A body that is not an AWS error document gives kind kHttp with the status
/// text and a short, printable excerpt of the body.
Error decode_error_response(const HttpResponse& response, Protocol protocol);

}  // namespace drh
