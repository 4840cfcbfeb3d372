// Internal plumbing shared by the typed clients: look up the service, shape the request
// with its protocol, send it through the connection.
#pragma once

#include <string>
#include <string_view>

#include "drh/client/connection.h"
#include "drh/protocol/query.h"

namespace drh::aws {

/// The ServiceInfo of a service drharness knows (a programming error otherwise).
const ServiceInfo& service(std::string_view id);

/// Query/EC2 protocol: POST Action=<operation>&Version=<api>&<params>.
Result<HttpResponse> send_query(AwsConnection& connection, std::string_view service_id,
                                std::string_view region, std::string_view operation,
                                const QueryParams& params);

/// JSON 1.0/1.1 protocol: POST with X-Amz-Target and `json_body`.
Result<HttpResponse> send_json(AwsConnection& connection, std::string_view service_id,
                               std::string_view region, std::string_view operation,
                               std::string json_body);

/// A request already built (rest protocols); `s3_bucket` lets S3 pick its addressing.
Result<HttpResponse> send_request(AwsConnection& connection, std::string_view service_id,
                                  std::string_view region, HttpRequest request,
                                  std::string_view s3_bucket = {});

}  // namespace drh::aws
