#include "drh/protocol/json_protocol.h"

namespace drh {

std::string json_content_type(std::string_view json_version) {
  return "application/x-amz-json-" + std::string(json_version.empty() ? "1.0" : json_version);
}

HttpRequest build_json_request(std::string_view target_prefix, std::string_view json_version,
                               std::string_view operation, std::string body) {
  HttpRequest req;
  req.method = "POST";
  req.scheme.clear();
  std::string target;
  target.reserve(target_prefix.size() + 1 + operation.size());
  target.append(target_prefix).append(".").append(operation);
  req.headers.add("X-Amz-Target", std::move(target));
  req.headers.add("Content-Type", json_content_type(json_version));
  req.body = body.empty() ? std::string("{}") : std::move(body);
  return req;
}

HttpRequest build_json_request(const ServiceInfo& service, std::string_view operation,
                               std::string body) {
  return build_json_request(service.target_prefix, service.json_version, operation,
                            std::move(body));
}

Result<HttpRequest> build_rest_json_request(RestRequestBuilder builder, std::string json_body) {
  auto req = builder.build();
  if (!req.ok()) return req;
  if (!json_body.empty()) {
    if (!req->headers.has("Content-Type")) {
      req->headers.add("Content-Type", std::string(kRestJsonContentType));
    }
    req->body = std::move(json_body);
  }
  return req;
}

}  // namespace drh
