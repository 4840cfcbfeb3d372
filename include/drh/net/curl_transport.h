// The Transport that talks to real endpoints (AWS or an emulator) over libcurl.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "drh/core/http.h"

namespace drh {

struct CurlOptions {
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds total_timeout{60000};  ///< whole request, body included
  /// TLS peer and host verification. Only an explicit opt-out turns it off.
  bool verify_tls = true;
  /// CA bundle path; empty: AWS_CA_BUNDLE when set, else the system store.
  std::string ca_bundle;
  /// Sent as User-Agent unless the request carries its own; empty: no User-Agent at all.
  std::string user_agent = "drharness";
  /// Connections kept alive per transport (one per concurrent caller).
  int max_idle_handles = 8;
  /// Unset (the default): libcurl's environment variables, see CurlTransport. An empty
  /// string: no proxy at all, whatever the environment says. Otherwise the proxy URL.
  std::optional<std::string> proxy;
};

/// libcurl-backed Transport. Thread-safe: concurrent send() calls each borrow a curl easy
/// handle from a small pool, and a handle keeps its connection alive for the next request
/// to the same host. A handle that saw a network error or a timeout is dropped, so a broken
/// connection is never reused.
///
/// What goes on the wire is the request as given, and nothing libcurl would add on its own
/// that could surprise a signer or a server:
///  - exactly `request.method`; HEAD reads no body; a body (any method) is sent from memory
///    with a Content-Length, never chunked; POST/PUT/PATCH always carry a Content-Length
///    ("0" when empty: S3 wants one), other methods without a body carry none;
///  - the path and query byte for byte (no dot-segment squashing, no re-encoding); Host
///    comes from `request.host` (or the request's own Host header);
///  - no "Expect: 100-continue", no default "Accept: */*", no default form Content-Type, no
///    Accept-Encoding (bodies are never decoded); HTTP/1.1 only; redirects not followed.
/// Headers with an empty value are sent as "Name:" (SigV4 may sign them).
///
/// Kept-alive connections: when a server closes an idle connection just as it is reused
/// and nothing at all comes back, libcurl re-sends the request once on a fresh connection
/// (its standard stale-connection handling); any other failure is reported, not retried.
///
/// Proxies come from the environment as libcurl reads it: http_proxy (lower case only),
/// https_proxy / HTTPS_PROXY, all_proxy / ALL_PROXY, no_proxy / NO_PROXY. Upper-case
/// HTTP_PROXY is ignored on purpose (libcurl's "httpoxy" guard: a CGI-style server sets
/// HTTP_PROXY from a request's "Proxy:" header) and drharness keeps it that way.
///
/// Errors (messages name scheme://host/path, never the query string, which can hold
/// presigned credentials, plus libcurl's own explanation):
///  - kNetwork, retryable: ConnectionRefused, ConnectionReset, EmptyReply,
///    PartialResponse (the body ended early: never returned as a truncated success),
///    DnsFailure, TlsError (handshake), ProtocolError (a reply that is not HTTP);
///  - kNetwork, not retryable: TlsError for certificate problems (verification failed,
///    unreadable CA bundle, pinned key mismatch): retrying cannot fix them;
///  - kTimeout, retryable: Timeout ("connect timeout" or "total timeout" in the message);
///  - kInvalidInput: InvalidUrl (bad scheme, empty host, spaces or control bytes in the
///    URL), InvalidHeader (CR/LF in a header, a Content-Length that is not the body's size)
///    and InvalidProxy (a proxy URL libcurl cannot use): not retryable.
/// HTTP statuses, 1xx aside, come back as HttpResponse values, 4xx and 5xx included, with
/// every header of the final response in wire order and request_id captured.
class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(CurlOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  Result<HttpResponse> send(const HttpRequest& request) override;
  const CurlOptions& options() const { return options_; }

  /// Easy handles (each with its kept-alive connections) waiting in the pool.
  std::size_t idle_handles() const;

 private:
  struct Pool;
  CurlOptions options_;
  std::unique_ptr<Pool> pool_;
};

namespace detail {

/// The Error for a failed libcurl transfer: `curl_code` is the CURLcode, `curl_text` the
/// error buffer (or curl_easy_strerror), `url` the already-redacted URL, `connected`
/// whether a connection had been established (tells a connect timeout from a total one).
/// Exposed so the mapping can be tested without provoking every failure for real.
Error curl_error(int curl_code, std::string_view curl_text, std::string_view url, bool connected,
                 const CurlOptions& options);

/// scheme://host/path of a request: the query string is left out.
std::string redacted_url(const HttpRequest& request);

}  // namespace detail

}  // namespace drh
