#include "drh/core/http.h"

#include "drh/core/encoding.h"

namespace drh {

void Headers::add(std::string name, std::string value) {
  entries_.emplace_back(std::move(name), std::move(value));
}

void Headers::set(std::string_view name, std::string value) {
  remove(name);
  entries_.emplace_back(std::string(name), std::move(value));
}

void Headers::remove(std::string_view name) {
  std::erase_if(entries_, [&](const Entry& e) { return iequals(e.first, name); });
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (const auto& [k, v] : entries_) {
    if (iequals(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::string HttpRequest::url() const {
  std::string out = scheme + "://" + host + path;
  if (!query.empty()) out += "?" + query;
  return out;
}

std::string_view HttpRequest::hostname() const {
  std::string_view h = host;
  if (!h.empty() && h.front() == '[') {  // [::1]:port
    auto close = h.find(']');
    return close == std::string_view::npos ? h : h.substr(0, close + 1);
  }
  auto colon = h.rfind(':');
  return colon == std::string_view::npos ? h : h.substr(0, colon);
}

void capture_request_id(HttpResponse& response) {
  for (const char* name : {"x-amzn-RequestId", "x-amz-request-id", "x-amzn-request-id"}) {
    if (auto v = response.headers.get(name)) {
      response.request_id = std::string(*v);
      return;
    }
  }
}

namespace {

// Checks the authority part: host[:port] or [v6-address][:port], no user info.
Result<Ok> check_authority(std::string_view url, std::string_view authority) {
  auto bad = [&](const std::string& why) {
    return invalid_input("endpoint URL '" + std::string(url) + "' " + why);
  };
  std::string_view name = authority;
  std::string_view port;
  bool has_port = false;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return bad("has an unterminated '[' in its host");
    name = authority.substr(0, close + 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad("has text after its ']'");
      port = rest.substr(1);
      has_port = true;
    }
    if (name.size() <= 2) return bad("has no host");
  } else {
    auto colon = authority.find(':');
    if (colon != std::string_view::npos) {
      name = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      has_port = true;
    }
    if (name.empty()) return bad("has no host");
    for (char c : name) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_';
      if (!ok) return bad("has an invalid character in its host");
    }
  }
  if (has_port) {
    if (port.empty() || port.size() > 5) return bad("has an invalid port");
    unsigned value = 0;
    for (char c : port) {
      if (c < '0' || c > '9') return bad("has an invalid port");
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) return bad("has a port outside 1-65535");
  }
  return Ok{};
}

}  // namespace

Result<ParsedUrl> parse_url(std::string_view url) {
  ParsedUrl out;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return invalid_input("endpoint URL '" + std::string(trim(url)) +
                           "' contains whitespace or control characters");
    }
  }
  auto sep = url.find("://");
  if (sep == std::string_view::npos) {
    return invalid_input("endpoint URL '" + std::string(url) +
                         "' has no scheme; expected http://host[:port] or https://host[:port]");
  }
  out.scheme = to_lower(url.substr(0, sep));
  if (out.scheme != "http" && out.scheme != "https") {
    return invalid_input("endpoint URL '" + std::string(url) + "' must use http or https");
  }
  std::string_view rest = url.substr(sep + 3);
  auto path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  if (authority.find('@') != std::string_view::npos) {
    // Not echoed: user info may hold a password.
    return invalid_input("an endpoint URL must not contain user info (user:password@)");
  }
  out.host = std::string(authority);
  if (out.host.empty()) {
    return invalid_input("endpoint URL '" + std::string(url) + "' has no host");
  }
  if (auto checked = check_authority(url, authority); !checked.ok()) {
    return std::move(checked).error();
  }
  if (path_start == std::string_view::npos) {
    out.path = "/";
    return out;
  }
  std::string_view tail = rest.substr(path_start);
  auto q = tail.find('?');
  out.path = std::string(tail.substr(0, q));
  if (out.path.empty()) out.path = "/";
  if (q != std::string_view::npos) out.query = std::string(tail.substr(q + 1));
  return out;
}

}  // namespace drh
