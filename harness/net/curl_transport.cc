#include "drh/net/curl_transport.h"

#include <curl/curl.h>

#include <cstdlib>
#include <mutex>
#include <new>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "drh/core/encoding.h"
#include "drh/core/redact.h"

namespace drh {
namespace {

// ---------------------------------------------------------------------------------------
// RAII for libcurl's C objects.

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

/// Appends a copy of `line`; false when libcurl is out of memory (the list is unchanged).
bool slist_append(Slist& list, const std::string& line) {
  curl_slist* head = curl_slist_append(list.get(), line.c_str());
  if (head == nullptr) return false;
  (void)list.release();  // `head` is the same list, now one entry longer
  list.reset(head);
  return true;
}

/// curl_global_init is not re-entrant on every build; do it exactly once per process. The
/// matching curl_global_cleanup is left to process exit, as other users of libcurl or
/// OpenSSL in the process may still need them.
CURLcode global_init() {
  static std::once_flag once;
  static CURLcode result = CURLE_OK;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return result;
}

// ---------------------------------------------------------------------------------------
// Request validation: nothing malformed reaches libcurl, and nothing libcurl would
// silently "fix" (and so send something other than what was signed).

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_' || c == ':' || c == '[' || c == ']';
}

/// Visible ASCII except '#', which would start a fragment: an encoded path or query
/// never holds a raw space, control byte or '#'.
bool is_url_char(char c) { return c > 0x20 && c < 0x7f && c != '#'; }

bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

Error invalid_url(const std::string& url, std::string_view why) {
  return make_error(ErrorKind::kInvalidInput, "InvalidUrl",
                    "invalid request URL '" + url + "': " + std::string(why));
}

Error invalid_header(std::string_view name, std::string_view why) {
  return make_error(ErrorKind::kInvalidInput, "InvalidHeader",
                    "invalid request header '" + std::string(name) + "': " + std::string(why));
}

std::optional<Error> validate(const HttpRequest& request, const std::string& safe_url) {
  if (!iequals(request.scheme, "http") && !iequals(request.scheme, "https")) {
    return invalid_url(safe_url, "scheme must be http or https");
  }
  if (request.host.empty()) return invalid_url(safe_url, "empty host");
  for (char c : request.host) {
    if (!is_host_char(c)) return invalid_url(safe_url, "unexpected character in host");
  }
  if (request.path.empty() || request.path.front() != '/') {
    return invalid_url(safe_url, "path must start with '/'");
  }
  for (char c : request.path) {
    if (!is_url_char(c) || c == '?') {
      return invalid_url(safe_url, "path holds a space, control byte, '?' or '#' (not encoded)");
    }
  }
  for (char c : request.query) {
    // Only the fact is reported: the query can hold presigned credentials.
    if (!is_url_char(c)) {
      return invalid_url(safe_url, "query holds a space, control byte or '#' (not encoded)");
    }
  }
  if (request.method.empty()) return invalid_url(safe_url, "empty HTTP method");
  for (char c : request.method) {
    if (!is_token_char(c)) return invalid_url(safe_url, "HTTP method is not a token");
  }
  if (request.method == "HEAD" && !request.body.empty()) {
    return invalid_url(safe_url, "a HEAD request cannot carry a body");
  }
  for (const auto& [name, value] : request.headers) {
    if (name.empty()) return invalid_header(name, "empty name");
    for (char c : name) {
      if (!is_token_char(c)) return invalid_header(name, "name is not an HTTP token");
    }
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      return invalid_header(name, "value holds CR, LF or NUL");
    }
    if (iequals(name, "Transfer-Encoding")) {
      return invalid_header(name, "bodies are always sent with a Content-Length");
    }
    if (iequals(name, "Content-Length") &&
        trim(value) != std::string_view(std::to_string(request.body.size()))) {
      return invalid_header(
          name, "value does not match the body size " + std::to_string(request.body.size()));
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// Response capture.

struct Capture {
  int status_lines = 0;
  std::vector<Headers::Entry> headers;  ///< of the latest response only
  std::string body;
  bool out_of_memory = false;
};

size_t on_header(char* data, size_t size, size_t count, void* user) noexcept {
  auto* capture = static_cast<Capture*>(user);
  const size_t total = size * count;
  std::string_view line(data, total);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  try {
    if (starts_with(line, "HTTP/")) {
      // A new response begins (after a 1xx, or a proxy's CONNECT answer): only the final
      // response's headers are kept.
      ++capture->status_lines;
      capture->headers.clear();
    } else if (line.empty()) {
      // end of a header block
    } else if ((line.front() == ' ' || line.front() == '\t') && !capture->headers.empty()) {
      // obsolete line folding: continues the previous value
      std::string& value = capture->headers.back().second;
      value += ' ';
      value += trim(line);
    } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
      capture->headers.emplace_back(std::string(trim(line.substr(0, colon))),
                                    std::string(trim(line.substr(colon + 1))));
    }
  } catch (const std::bad_alloc&) {
    capture->out_of_memory = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  return total;
}

size_t on_body(char* data, size_t size, size_t count, void* user) noexcept {
  auto* capture = static_cast<Capture*>(user);
  const size_t total = size * count;
  try {
    capture->body.append(data, total);
  } catch (const std::bad_alloc&) {
    capture->out_of_memory = true;
    return 0;
  }
  return total;
}

/// libcurl's error text, trimmed, with the query string (which can hold presigned
/// credentials) and anything that looks like a signature cut out.
std::string scrub(std::string_view text, const HttpRequest& request) {
  std::string out(text);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  if (!request.query.empty()) {
    for (auto pos = out.find(request.query); pos != std::string::npos;
         pos = out.find(request.query, pos)) {
      out.replace(pos, request.query.size(), "<query hidden>");
    }
  }
  return redact_auth_text(out);
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Handle pool.

struct CurlTransport::Pool {
  mutable std::mutex mutex;
  std::vector<EasyHandle> idle;
  std::size_t max_idle = 0;
  std::string ca_bundle;  ///< resolved: option, else AWS_CA_BUNDLE

  EasyHandle borrow() {
    {
      std::lock_guard lock(mutex);
      if (!idle.empty()) {
        EasyHandle handle = std::move(idle.back());
        idle.pop_back();
        return handle;
      }
    }
    return EasyHandle(curl_easy_init());
  }

  /// Keeps a healthy handle (and its live connection) for the next caller. The handle's
  /// options are reset first so it holds no pointer into the finished call's stack.
  void give_back(EasyHandle handle) {
    curl_easy_reset(handle.get());  // keeps live connections, DNS and TLS session caches
    std::unique_lock lock(mutex);
    if (idle.size() < max_idle) {
      idle.push_back(std::move(handle));
      return;
    }
    lock.unlock();
    handle.reset();  // closes its connections outside the lock
  }

  /// Drops a handle whose connection may be broken, so it can never be reused.
  static void discard(EasyHandle handle) {
    curl_easy_reset(handle.get());
    handle.reset();
  }
};

CurlTransport::CurlTransport(CurlOptions options)
    : options_(std::move(options)), pool_(std::make_unique<Pool>()) {
  (void)global_init();
  pool_->max_idle =
      options_.max_idle_handles > 0 ? static_cast<std::size_t>(options_.max_idle_handles) : 0;
  pool_->ca_bundle = options_.ca_bundle;
  if (pool_->ca_bundle.empty()) {
    if (const char* env = std::getenv("AWS_CA_BUNDLE"); env != nullptr && *env != '\0') {
      pool_->ca_bundle = env;
    }
  }
}

CurlTransport::~CurlTransport() = default;

std::size_t CurlTransport::idle_handles() const {
  std::lock_guard lock(pool_->mutex);
  return pool_->idle.size();
}

Result<HttpResponse> CurlTransport::send(const HttpRequest& request) {
  const std::string safe_url = detail::redacted_url(request);
  if (auto invalid = validate(request, safe_url)) return *std::move(invalid);
  if (CURLcode init = global_init(); init != CURLE_OK) {
    return make_error(ErrorKind::kInternal, "CurlInitFailed",
                      std::string("curl_global_init failed: ") + curl_easy_strerror(init));
  }

  // The request's headers, plus the empty ones that stop libcurl from adding its own.
  Slist header_list;
  bool headers_ok = true;
  const bool sends_body = !request.body.empty() || request.method == "POST" ||
                          request.method == "PUT" || request.method == "PATCH";
  for (const auto& [name, value] : request.headers) {
    // "Name;" is libcurl's way to send a header with an empty value ("Name:" removes one).
    std::string line = value.empty() ? name + ";" : name + ": " + value;
    headers_ok = headers_ok && slist_append(header_list, line);
  }
  if (!request.headers.has("Expect")) {
    headers_ok = headers_ok && slist_append(header_list, "Expect:");
  }
  if (!request.headers.has("Accept")) {
    headers_ok = headers_ok && slist_append(header_list, "Accept:");
  }
  if (sends_body && !request.headers.has("Content-Type")) {
    headers_ok = headers_ok && slist_append(header_list, "Content-Type:");
  }
  if (!headers_ok) {
    return make_error(ErrorKind::kInternal, "OutOfMemory", "libcurl could not build headers");
  }

  // Declared before the handle so it outlives every use libcurl makes of it.
  char error_buffer[CURL_ERROR_SIZE] = {};
  Capture capture;
  const std::string url = request.url();

  EasyHandle handle = pool_->borrow();
  if (!handle) {
    return make_error(ErrorKind::kInternal, "OutOfMemory", "curl_easy_init failed");
  }
  CURL* h = handle.get();

  CURLcode setup = CURLE_OK;
  auto check = [&setup](CURLcode rc) {
    if (setup == CURLE_OK) setup = rc;
  };
  check(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer));
  check(curl_easy_setopt(h, CURLOPT_URL, url.c_str()));
#if LIBCURL_VERSION_NUM >= 0x075500
  check(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https"));
#else
  check(curl_easy_setopt(h, CURLOPT_PROTOCOLS, long{CURLPROTO_HTTP | CURLPROTO_HTTPS}));
#endif
  check(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L));  // no SIGALRM: required with threads
  check(curl_easy_setopt(h, CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_1_1}));
  check(curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L));  // send "/a/../b" as signed
  check(curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L));
  check(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(options_.connect_timeout.count())));
  check(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count())));
  check(curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L));
  check(curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L));
  check(curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L));
  if (!pool_->ca_bundle.empty()) {
    check(curl_easy_setopt(h, CURLOPT_CAINFO, pool_->ca_bundle.c_str()));
  }
  // CURLOPT_PROXY is left alone unless asked: setting it, even to "", would stop libcurl
  // from reading the proxy environment variables.
  if (options_.proxy) check(curl_easy_setopt(h, CURLOPT_PROXY, options_.proxy->c_str()));
  check(curl_easy_setopt(h, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L));
  if (!request.headers.has("User-Agent") && !options_.user_agent.empty()) {
    check(curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str()));
  }
  check(curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header));
  check(curl_easy_setopt(h, CURLOPT_HEADERDATA, &capture));
  check(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body));
  check(curl_easy_setopt(h, CURLOPT_WRITEDATA, &capture));

  if (request.method == "HEAD") {
    check(curl_easy_setopt(h, CURLOPT_NOBODY, 1L));
  } else if (sends_body) {
    // From memory with a known size: a Content-Length, never chunked, binary-safe.
    check(curl_easy_setopt(h, CURLOPT_POST, 1L));
    check(curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                           static_cast<curl_off_t>(request.body.size())));
    check(curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data()));
    if (request.method != "POST") {
      check(curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str()));
    }
  } else if (request.method == "GET") {
    check(curl_easy_setopt(h, CURLOPT_HTTPGET, 1L));
  } else {
    check(curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str()));
  }
  check(curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get()));

  if (setup != CURLE_OK) {
    Pool::discard(std::move(handle));
    return make_error(
        ErrorKind::kInternal, "CurlSetupFailed",
        "libcurl rejected an option for " + safe_url + ": " + curl_easy_strerror(setup));
  }

  const CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK || capture.out_of_memory) {
    long local_port = 0;
    (void)curl_easy_getinfo(h, CURLINFO_LOCAL_PORT, &local_port);
    std::string text =
        error_buffer[0] != '\0' ? std::string(error_buffer) : std::string(curl_easy_strerror(rc));
    Pool::discard(std::move(handle));  // the connection may be broken: never reuse it
    if (capture.out_of_memory) {
      return make_error(ErrorKind::kInternal, "OutOfMemory",
                        "out of memory while reading the response from " + safe_url);
    }
    return detail::curl_error(rc, scrub(text, request), safe_url, local_port > 0, options_);
  }

  long status = 0;
  (void)curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200) {
    // Only a 1xx (or nothing parseable) arrived: not a usable answer.
    Pool::discard(std::move(handle));
    return make_error(
        ErrorKind::kNetwork, "ProtocolError",
        "no final HTTP response from " + safe_url + " (status " + std::to_string(status) + ")");
  }

  HttpResponse response;
  response.status = static_cast<int>(status);
  for (auto& [name, value] : capture.headers)
    response.headers.add(std::move(name), std::move(value));
  response.body = std::move(capture.body);
  capture_request_id(response);
  pool_->give_back(std::move(handle));
  return response;
}

// ---------------------------------------------------------------------------------------

namespace detail {

std::string redacted_url(const HttpRequest& request) {
  return request.scheme + "://" + request.host + request.path;
}

Error curl_error(int curl_code, std::string_view curl_text, std::string_view url, bool connected,
                 const CurlOptions& options) {
  const std::string where(url);
  const std::string why = curl_text.empty()
                              ? std::string(curl_easy_strerror(static_cast<CURLcode>(curl_code)))
                              : std::string(curl_text);
  auto make = [&](ErrorKind kind, const char* code, const std::string& what, bool retryable) {
    Error e = make_error(kind, code, what + ": " + where + " (" + why + ")");
    e.retryable = retryable;
    return e;
  };

  if (contains(why, "Unsupported proxy")) {  // "... proxy scheme/syntax for '...'"
    return make(ErrorKind::kInvalidInput, "InvalidProxy", "unusable proxy setting", false);
  }
  switch (static_cast<CURLcode>(curl_code)) {
    case CURLE_COULDNT_CONNECT:
      return make(ErrorKind::kNetwork, "ConnectionRefused", "could not connect", true);
    case CURLE_COULDNT_RESOLVE_HOST:
      return make(ErrorKind::kNetwork, "DnsFailure", "could not resolve the host", true);
    case CURLE_COULDNT_RESOLVE_PROXY:
      return make(ErrorKind::kNetwork, "DnsFailure", "could not resolve the proxy", true);
    case CURLE_OPERATION_TIMEDOUT: {
      // libcurl's connect timeout covers resolving, TCP connect and the TLS handshake.
      bool connect_phase = contains(why, "Connection timed out") ||
                           contains(why, "Resolving timed out") ||
                           contains(why, "SSL connection timeout");
      if (!connect_phase && !contains(why, "Operation timed out")) connect_phase = !connected;
      if (connect_phase) {
        return make(
            ErrorKind::kTimeout, "Timeout",
            "connect timeout of " + std::to_string(options.connect_timeout.count()) + " ms reached",
            true);
      }
      return make(
          ErrorKind::kTimeout, "Timeout",
          "total timeout of " + std::to_string(options.total_timeout.count()) + " ms exceeded",
          true);
    }
    case CURLE_SEND_ERROR:
      return make(ErrorKind::kNetwork, "ConnectionReset", "connection lost while sending", true);
    case CURLE_RECV_ERROR:
      return make(ErrorKind::kNetwork, "ConnectionReset", "connection lost while receiving", true);
    case CURLE_GOT_NOTHING:
      return make(ErrorKind::kNetwork, "EmptyReply",
                  "the server closed the connection without answering", true);
    case CURLE_PARTIAL_FILE:
      return make(ErrorKind::kNetwork, "PartialResponse",
                  "the response ended before its declared length", true);
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_BAD_CONTENT_ENCODING:
      return make(ErrorKind::kNetwork, "ProtocolError", "malformed HTTP response", true);
    case CURLE_PROXY:
      return make(ErrorKind::kNetwork, "ProxyError", "the proxy refused or failed", true);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_SHUTDOWN_FAILED:
      return make(ErrorKind::kNetwork, "TlsError", "TLS handshake failed", true);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
      return make(ErrorKind::kNetwork, "TlsError",
                  "TLS certificate problem (check the CA bundle: ca_bundle or AWS_CA_BUNDLE)",
                  false);
    case CURLE_UNSUPPORTED_PROTOCOL:
      // The URL's scheme was checked before sending: this is an unusable proxy setting or
      // a reply that is not HTTP/1.x ("Unsupported HTTP version in response").
      if (contains(why, "proxy") || contains(why, "Proxy")) {
        return make(ErrorKind::kInvalidInput, "InvalidProxy", "unusable proxy setting", false);
      }
      return make(ErrorKind::kNetwork, "ProtocolError", "malformed HTTP response", true);
    case CURLE_URL_MALFORMAT:
      return make(ErrorKind::kInvalidInput, "InvalidUrl", "libcurl rejected the URL", false);
    case CURLE_OUT_OF_MEMORY:
      return make(ErrorKind::kInternal, "OutOfMemory", "libcurl ran out of memory", false);
    default:
      return make(ErrorKind::kInternal, "CurlError",
                  "libcurl failed with code " + std::to_string(curl_code), false);
  }
}

}  // namespace detail

}  // namespace drh
