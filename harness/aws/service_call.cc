#include "service_call.h"

#include <cstdlib>
#include <cstdio>

#include "drh/protocol/json_protocol.h"

namespace drh::aws {

const ServiceInfo& service(std::string_view id) {
  auto info = find_service(id);
  if (!info) {
    // Only reachable through a typo in a client: fail loudly rather than misroute.
    std::fprintf(stderr, "drharness internal error: unknown service '%.*s'\n",
                 static_cast<int>(id.size()), id.data());
    std::abort();
  }
  return **info;
}

Result<HttpResponse> send_query(AwsConnection& connection, std::string_view service_id,
                                std::string_view region, std::string_view operation,
                                const QueryParams& params) {
  const ServiceInfo& info = service(service_id);
  return connection.send(info, region, build_query_request(operation, info.api_version, params));
}

Result<HttpResponse> send_json(AwsConnection& connection, std::string_view service_id,
                               std::string_view region, std::string_view operation,
                               std::string json_body) {
  const ServiceInfo& info = service(service_id);
  return connection.send(info, region, build_json_request(info, operation, std::move(json_body)));
}

Result<HttpResponse> send_request(AwsConnection& connection, std::string_view service_id,
                                  std::string_view region, HttpRequest request,
                                  std::string_view s3_bucket) {
  return connection.send(service(service_id), region, std::move(request), s3_bucket);
}

}  // namespace drh::aws
