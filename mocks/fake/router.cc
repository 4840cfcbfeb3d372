#include "router.h"

#include "drh/core/encoding.h"
#include "drh/protocol/query.h"

namespace drh::fake {

namespace {

struct Scope {
  std::string region;
  std::string service;
};

// Credential=AKID/20150830/us-east-1/service/aws4_request, from the Authorization header or
// a presigned URL's X-Amz-Credential. Every call comes through here, so the header case
// reads the scope in place rather than splitting it into a list of parts.
std::optional<Scope> credential_scope(const HttpRequest& request) {
  std::string_view credential;
  std::string from_query;  // owns X-Amz-Credential, which parse_form decodes
  if (auto auth = request.headers.get("Authorization")) {
    auto pos = auth->find("Credential=");
    if (pos != std::string_view::npos) {
      auto rest = auth->substr(pos + 11);
      // Up to the ',' or ' ' that ends it; a loop, not find_first_of, which calls memchr
      // for the set at every byte of the rest of the header.
      std::size_t end = 0;
      while (end < rest.size() && rest[end] != ',' && rest[end] != ' ') ++end;
      credential = rest.substr(0, end);
    }
  }
  if (credential.empty()) {
    for (auto& [k, v] : parse_form(request.query)) {
      if (k == "X-Amz-Credential") from_query = std::move(v);
    }
    credential = from_query;
  }
  if (credential.empty()) return std::nullopt;
  // key/date/region/service/aws4_request: region and service are the third and second
  // parts from the end. One trailing '/' ends the last part without starting another.
  if (credential.ends_with('/')) credential.remove_suffix(1);
  std::size_t slash[4];  // the last four slashes, last first
  std::size_t end = credential.size();
  for (std::size_t& at : slash) {
    at = end == 0 ? std::string_view::npos : credential.rfind('/', end - 1);
    if (at == std::string_view::npos) return std::nullopt;  // fewer than five parts
    end = at;
  }
  return Scope{std::string(credential.substr(slash[2] + 1, slash[1] - slash[2] - 1)),
               std::string(credential.substr(slash[1] + 1, slash[0] - slash[1] - 1))};
}

std::string service_for_signing_name(std::string_view name) {
  if (name == "monitoring") return "cloudwatch";
  return std::string(name);
}

// <svc>.<region>.amazonaws.com, <bucket>.s3.<region>.amazonaws.com, ...
std::optional<Scope> from_host(std::string_view host) {
  if (!host.ends_with(".amazonaws.com")) return std::nullopt;
  std::string_view h = host.substr(0, host.size() - 14);
  std::vector<std::string_view> labels;
  while (!h.empty()) {
    auto dot = h.find('.');
    labels.push_back(h.substr(0, dot));
    if (dot == std::string_view::npos) break;
    h = h.substr(dot + 1);
  }
  if (labels.empty()) return std::nullopt;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] == "s3") {
      return Scope{i + 1 < labels.size() ? std::string(labels[i + 1]) : "us-east-1", "s3"};
    }
  }
  if (labels.size() == 1) return Scope{"us-east-1", service_for_signing_name(labels[0])};
  return Scope{std::string(labels[1]), service_for_signing_name(labels[0])};
}

std::string service_for_version(std::string_view version) {
  if (version == "2016-11-15") return "ec2";
  if (version == "2014-10-31") return "rds";
  if (version == "2010-03-31") return "sns";
  if (version == "2011-06-15") return "sts";
  if (version == "2010-08-01") return "cloudwatch";
  return {};
}

Protocol protocol_of(std::string_view service) {
  if (service == "ec2") return Protocol::kEc2;
  if (service == "route53" || service == "s3") return Protocol::kRestXml;
  if (service == "dynamodb") return Protocol::kJson;
  if (service == "lambda") return Protocol::kRestJson;
  return Protocol::kQuery;
}

}  // namespace

void route(const HttpRequest& request, Call& call) {
  call.host = std::string(request.hostname());
  call.path = uri_decode(request.path);

  // Query/EC2 parameters arrive in a form body, or in the query string of a GET.
  const auto content_type = request.headers.get("Content-Type").value_or("");
  const bool form = content_type.starts_with("application/x-www-form-urlencoded");
  std::string target(request.headers.get("X-Amz-Target").value_or(""));

  std::optional<Scope> scope = credential_scope(request);
  if (!scope) scope = from_host(call.host);

  if (!target.empty()) {
    auto dot = target.find('.');
    std::string prefix = target.substr(0, dot);
    call.operation = dot == std::string::npos ? "" : target.substr(dot + 1);
    if (prefix.starts_with("DynamoDB_")) call.service = "dynamodb";
    if (prefix.starts_with("GraniteServiceVersion")) call.service = "cloudwatch";
    call.protocol = Protocol::kJson;
  }
  if (call.service.empty() && scope) call.service = service_for_signing_name(scope->service);
  if (form) call.params = parse_form(request.body);
  if (call.service.empty()) {
    if (call.path.starts_with("/2013-04-01/")) call.service = "route53";
    else if (call.path.starts_with("/2015-03-31/functions")) call.service = "lambda";
    else if (auto v = call.param("Version")) call.service = service_for_version(*v);
    else if (auto q = parse_form(request.query); !q.empty()) {
      for (const auto& [k, val] : q) {
        if (k == "Version") call.service = service_for_version(val);
      }
    }
  }
  if (call.service.empty()) {
    fail(400, "UnrecognizedClientException",
         "The request could not be routed to a service: no SigV4 credential scope, "
         "X-Amz-Target, service host name or Action/Version");
  }
  if (target.empty()) {
    call.protocol = protocol_of(call.service);
    if (call.protocol == Protocol::kQuery || call.protocol == Protocol::kEc2) {
      // Query/EC2 calls may also come as GET with everything in the query string.
      for (auto& kv : parse_form(request.query)) call.params.push_back(std::move(kv));
      call.operation = call.param("Action").value_or("");
    }
  }
  call.region = scope ? scope->region : "us-east-1";
  // Global services sign with their home region; keep it as the caller gave it.
}

}  // namespace drh::fake
