// HTTP value types and the Transport interface every AWS call goes through.
//
// A Transport moves one HttpRequest to a server and brings back one HttpResponse. Only a
// failure to get any response (network, TLS, timeout) is an Error at this layer; a 4xx or
// 5xx is a normal HttpResponse that the protocol layer decodes into an AWS error.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drh/core/result.h"

namespace drh {

/// Header list in wire order. Duplicates are allowed (SigV4 folds them); lookups are
/// case-insensitive.
class Headers {
 public:
  using Entry = std::pair<std::string, std::string>;

  Headers() = default;
  Headers(std::initializer_list<Entry> entries) : entries_(entries) {}

  /// Appends, keeping any existing header of the same name.
  void add(std::string name, std::string value);
  /// Replaces every header of that name with one entry (appended if absent).
  void set(std::string_view name, std::string value);
  void remove(std::string_view name);
  /// First value of the header, case-insensitively.
  std::optional<std::string_view> get(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }

  const std::vector<Entry>& entries() const { return entries_; }
  std::vector<Entry>::const_iterator begin() const { return entries_.begin(); }
  std::vector<Entry>::const_iterator end() const { return entries_.end(); }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<Entry> entries_;
};

/// One HTTP request, held in its wire form: `path` and `query` are already percent-encoded
/// exactly as they will be sent, so the signer and the transport see the same bytes.
struct HttpRequest {
  std::string method = "GET";
  std::string scheme = "https";
  std::string host;         ///< host or host:port, as sent in the Host header
  std::string path = "/";   ///< encoded path, starting with '/'
  std::string query;        ///< encoded query string without the leading '?'
  Headers headers;
  std::string body;

  /// scheme://host/path?query
  std::string url() const;
  /// Host without any :port suffix.
  std::string_view hostname() const;
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
  /// x-amzn-RequestId / x-amz-request-id / x-amzn-requestid, when the server sent one.
  std::string request_id;

  bool is_success() const { return status >= 200 && status < 300; }
};

/// Fills response.request_id from whichever AWS request-id header is present.
void capture_request_id(HttpResponse& response);

class Transport {
 public:
  virtual ~Transport() = default;
  /// Sends one request and waits for the whole response. Thread-safe implementations say so.
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

/// Splits "http://host:port/path?x" into scheme, host and path (path "/" when absent).
/// Fails with kInvalidInput naming the URL when it is not http(s)://host[...].
struct ParsedUrl {
  std::string scheme;
  std::string host;  ///< host[:port]
  std::string path;
  std::string query;
};
Result<ParsedUrl> parse_url(std::string_view url);

}  // namespace drh
