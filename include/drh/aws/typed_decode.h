// Decoding a raw response through a typed client's decoder, for `drh call --typed`:
// the same struct the typed API returns, printed as JSON with botocore's member names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "drh/core/http.h"
#include "drh/core/result.h"

namespace drh::aws {

/// Operations of `service` ("rds", "s3", ...) that have a typed decoder, sorted.
std::vector<std::string> typed_operations(std::string_view service);

/// The 2xx `response` of service/operation decoded by the typed client's decoder and
/// rendered as indented JSON. kInvalidInput naming the typed operations of the service
/// when this one has none; the decoder's own error when the body does not decode.
Result<std::string> decode_typed_json(std::string_view service, std::string_view operation,
                                      const HttpResponse& response);

}  // namespace drh::aws
