#include "signature_check.h"

#include <ctime>
#include <set>

#include "drh/core/encoding.h"
#include "drh/protocol/query.h"

namespace drh::serve {

namespace {

std::optional<TimePoint> parse_amz_date(std::string_view text) {
  // 20150830T123600Z
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  std::tm tm{};
  auto num = [&](std::size_t pos, std::size_t len, int& out) {
    out = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  int y, mo, d, h, mi, s;
  if (!num(0, 4, y) || !num(4, 2, mo) || !num(6, 2, d) || !num(9, 2, h) || !num(11, 2, mi) ||
      !num(13, 2, s)) {
    return std::nullopt;
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

Rejection incomplete(std::string message) {
  return Rejection{403, "IncompleteSignature", std::move(message)};
}

// "Name=value" component of an Authorization header, up to ',' or end.
std::string component(std::string_view header, std::string_view name) {
  auto pos = header.find(name);
  if (pos == std::string_view::npos) return {};
  auto rest = header.substr(pos + name.size());
  return std::string(trim(rest.substr(0, rest.find(','))));
}

}  // namespace

std::optional<Rejection> SignatureCheck::check(
    const HttpRequest& request, const std::map<std::string, std::string>& secrets) const {
  auto auth = request.headers.get("Authorization");
  if (!auth) {
    return Rejection{403, "MissingAuthenticationToken",
                     "Request is missing Authentication Token"};
  }
  if (!auth->starts_with("AWS4-HMAC-SHA256 ")) {
    return incomplete("Authorization header must use AWS4-HMAC-SHA256");
  }
  const std::string credential = component(*auth, "Credential=");
  const std::string signed_headers = component(*auth, "SignedHeaders=");
  const std::string signature = component(*auth, "Signature=");
  if (credential.empty() || signed_headers.empty() || signature.empty()) {
    return incomplete(
        "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' "
        "parameters");
  }
  // AKID/yyyymmdd/region/service/aws4_request
  std::vector<std::string> scope;
  for (std::string_view s = credential;;) {
    auto slash = s.find('/');
    scope.emplace_back(s.substr(0, slash));
    if (slash == std::string_view::npos) break;
    s = s.substr(slash + 1);
  }
  if (scope.size() != 5 || scope[4] != "aws4_request") {
    return incomplete("Credential should be scoped to a valid region/service/aws4_request");
  }
  auto secret = secrets.find(scope[0]);
  if (secret == secrets.end()) {
    return Rejection{403, "InvalidClientTokenId",
                     "The security token included in the request is invalid."};
  }
  auto amz_date = request.headers.get("X-Amz-Date");
  std::optional<TimePoint> when = amz_date ? parse_amz_date(*amz_date) : std::nullopt;
  if (!when) return incomplete("Missing or malformed X-Amz-Date header");
  if (format_amz_date(*when).substr(0, 8) != scope[1]) {
    return Rejection{403, "SignatureDoesNotMatch",
                     "Credential date does not match the X-Amz-Date header"};
  }

  // Re-sign a copy that keeps only the headers the client signed.
  std::set<std::string> keep;
  for (std::string_view s = signed_headers;;) {
    auto semi = s.find(';');
    keep.insert(std::string(s.substr(0, semi)));
    if (semi == std::string_view::npos) break;
    s = s.substr(semi + 1);
  }
  HttpRequest copy = request;
  copy.headers = Headers{};
  Credentials creds;
  creds.access_key_id = scope[0];
  creds.secret_access_key = secret->second;
  for (const auto& [k, v] : request.headers) {
    const std::string lower = to_lower(k);
    if (lower == "authorization" || !keep.contains(lower)) continue;
    if (lower == "x-amz-security-token") creds.session_token = v;
    copy.headers.add(k, v);
  }
  SigningOptions options = SigningOptions::For(scope[3], scope[2]);
  if (auto sha = request.headers.get("x-amz-content-sha256")) {
    options.content_sha256_header = keep.contains("x-amz-content-sha256");
    options.unsigned_payload = *sha == "UNSIGNED-PAYLOAD";
  } else {
    options.content_sha256_header = false;
  }
  SigningArtifacts artifacts = signer_.sign(copy, creds, options, *when);
  if (artifacts.signature != signature) {
    return Rejection{403, "SignatureDoesNotMatch",
                     "The request signature we calculated does not match the signature you "
                     "provided. Check your AWS Secret Access Key and signing method."};
  }
  return std::nullopt;
}

}  // namespace drh::serve
