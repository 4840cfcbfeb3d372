#include "drh/client/connection.h"

#include <functional>

#include "drh/core/encoding.h"
#include "drh/protocol/errors.h"

namespace drh {

AwsConnection::AwsConnection(std::shared_ptr<Transport> transport,
                             std::shared_ptr<CredentialsProvider> credentials, Clock& clock,
                             ConnectionOptions options)
    : transport_(std::move(transport)),
      credentials_(std::move(credentials)),
      clock_(clock),
      options_(std::move(options)),
      retry_(options_.retry, clock) {}

Result<Endpoint> AwsConnection::endpoint_for(const ServiceInfo& service,
                                             std::string_view region) const {
  return resolve_endpoint(service, region, options_.endpoint);
}

namespace {

// Points `request` at the endpoint: scheme, host, and the endpoint's own base path (an
// emulator mounted under a prefix) in front of the operation's path.
Status address_request(HttpRequest& request, const Endpoint& endpoint,
                       const ServiceInfo& service, std::string_view s3_bucket,
                       bool force_path_style) {
  // resolve_endpoint gives scheme://host[:port][/base-path], already checked and with the
  // scheme lower-cased: split it in place rather than parse it again on every call.
  ParsedUrl url;
  const std::string_view text = endpoint.url;
  const auto sep = text.find("://");
  const std::string_view scheme = text.substr(0, sep);
  if (sep != std::string_view::npos && (scheme == "https" || scheme == "http") &&
      text.find_first_of("?#@") == std::string_view::npos) {
    const std::string_view rest = text.substr(sep + 3);
    const auto slash = rest.find('/');
    url.scheme = scheme;
    url.host = rest.substr(0, slash);
    url.path = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
  }
  if (url.host.empty()) {
    auto parsed = parse_url(endpoint.url);
    if (!parsed) return parsed.error();
    url = std::move(parsed).value();
  }
  request.scheme = url.scheme;
  request.host = url.host;
  if (service.id == "s3" && !s3_bucket.empty()) {
    S3Address address = s3_address(endpoint, s3_bucket, force_path_style);
    if (address.path_prefix.empty()) {
      // Codecs build S3 paths path-style ("/bucket/key"); virtual-hosted moves the bucket
      // into the host name.
      std::string prefix = "/" + uri_encode(s3_bucket);
      if (request.path.starts_with(prefix)) {
        request.path = request.path.substr(prefix.size());
        if (request.path.empty()) request.path = "/";
      }
      request.host = address.host;
    }
  }
  if (url.path != "/" && !url.path.empty()) {
    std::string base = url.path;
    if (base.ends_with('/')) base.pop_back();
    request.path = base + request.path;
  }
  return Ok{};
}

}  // namespace

Result<HttpResponse> AwsConnection::send(const ServiceInfo& service, std::string_view region,
                                         HttpRequest request, std::string_view s3_bucket,
                                         CallTrace* trace) {
  auto protocol = parse_protocol(service.protocol);
  if (!protocol) return protocol.error();
  auto endpoint = endpoint_for(service, region);
  if (!endpoint) return endpoint.error();
  if (auto st = address_request(request, *endpoint, service, s3_bucket,
                                options_.s3_force_path_style);
      !st) {
    return st.error();
  }
  auto creds = credentials_->resolve();
  if (!creds) return creds.error();

  SigningOptions signing =
      SigningOptions::For(std::string(service.signing_name), endpoint->signing_region);
  if (service.id == "s3" && options_.s3_unsigned_payload) signing.unsigned_payload = true;

  int attempts = 0;
  std::function<Result<HttpResponse>()> attempt = [&]() -> Result<HttpResponse> {
    ++attempts;
    HttpRequest signed_request = request;
    signer_.sign(signed_request, *creds, signing, clock_.now());
    auto response = transport_->send(signed_request);
    if (!response) return response.error();
    if (!response->is_success()) return decode_error_response(*response, *protocol);
    return response;
  };
  auto result = retry_.run<HttpResponse>(attempt);
  if (trace != nullptr) {
    trace->url = request.scheme + "://" + request.host + request.path;
    trace->attempts = attempts;
    trace->endpoint_source = endpoint->source;
  }
  return result;
}

}  // namespace drh
