// A scripted HTTP/1.1 server on 127.0.0.1 for tests that need real sockets: fault
// injection (refused, reset, truncated bodies, slow answers) and wire-level assertions
// (what exactly arrived: method, target, headers, body, how many connections).
//
// Header-only test code. Other test folders link the `drh_test_http_server` interface
// target (suites/net/CMakeLists.txt) and `#include "test_http_server.h"`.
//
//   drh::testing::TestHttpServer server;            // listening on an ephemeral port
//   server.enqueue(Reply::Respond(503, "busy"));    // first request
//   server.enqueue(Reply::Respond(200, "{}"));      // second request
//   ... send requests to server.url() ...
//   EXPECT_EQ(server.requests()[1].method, "POST");
//
// Replies are taken from the queue in arrival order; once it is empty, the handler (if
// set) decides, else the answer is 200 with an empty body. Every wait inside the server
// (accept, read, a scripted delay) wakes up as soon as the server stops, so a test never
// waits for a delay to run out. The destructor stops the server and joins its threads.
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "drh/core/encoding.h"
#include "drh/core/http.h"

namespace drh::testing {

/// One request as the server read it off the wire.
struct RecordedRequest {
  std::string method;
  std::string target;  ///< as on the request line: path?query
  std::string path;
  std::string query;
  std::string version;  ///< "HTTP/1.1"
  Headers headers;      ///< in wire order
  std::string body;     ///< de-chunked when sent chunked (see headers for how it came)
  int connection = 0;   ///< 1-based index of the accepted connection it arrived on
};

/// What the server does with one request.
struct Reply {
  enum class Kind {
    kRespond,   ///< a normal response
    kClose,     ///< close the connection (FIN) without answering
    kReset,     ///< reset the connection (RST) without answering
    kTruncate,  ///< send headers declaring `declared_length`, then `body`, then close
    kRaw,       ///< send `body` verbatim (no status line, no headers), then close
  };
  Kind kind = Kind::kRespond;
  int status = 200;
  Headers headers;
  std::string body;
  std::size_t declared_length = 0;
  std::chrono::milliseconds delay{0};  ///< before answering (interruptible)
  bool interim_100 = false;            ///< send "100 Continue" (with a header) first
  bool close_after = false;            ///< "Connection: close" and close after answering

  /// `status` with `body`; Content-Length is added unless `headers` has one.
  static Reply Respond(int status, std::string body = {}, Headers headers = {}) {
    Reply r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
  }
  static Reply Close() {
    Reply r;
    r.kind = Kind::kClose;
    return r;
  }
  static Reply Reset() {
    Reply r;
    r.kind = Kind::kReset;
    return r;
  }
  /// Declares `declared_length` bytes of body, sends `sent` and closes: a mid-body reset.
  static Reply TruncatedBody(std::size_t declared_length, std::string sent) {
    Reply r;
    r.kind = Kind::kTruncate;
    r.declared_length = declared_length;
    r.body = std::move(sent);
    return r;
  }

  /// Sends `bytes` as they are and closes: for replies that are not HTTP at all.
  static Reply Raw(std::string bytes) {
    Reply r;
    r.kind = Kind::kRaw;
    r.body = std::move(bytes);
    return r;
  }

  Reply& with_header(std::string name, std::string value) {
    headers.add(std::move(name), std::move(value));
    return *this;
  }
  Reply& after(std::chrono::milliseconds d) {
    delay = d;
    return *this;
  }
  Reply& with_interim_100() {
    interim_100 = true;
    return *this;
  }
  Reply& then_close() {
    close_after = true;
    return *this;
  }
};

class TestHttpServer {
 public:
  using Handler = std::function<Reply(const RecordedRequest&)>;

  /// Binds 127.0.0.1 on an ephemeral port and starts serving. Throws std::runtime_error
  /// when the socket cannot be set up (test code: a failed fixture is a failed test).
  TestHttpServer() { start(); }
  explicit TestHttpServer(Handler handler) : handler_(std::move(handler)) { start(); }
  ~TestHttpServer() { stop(); }
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  std::uint16_t port() const { return port_; }
  /// "127.0.0.1:port", as a Host header / HttpRequest::host.
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
  /// "http://127.0.0.1:port"
  std::string url() const { return "http://" + host(); }

  /// A request for this server: http, its host, the given method and path[?query].
  HttpRequest request(std::string method = "GET", std::string_view target = "/") const {
    HttpRequest r;
    r.method = std::move(method);
    r.scheme = "http";
    r.host = host();
    auto q = target.find('?');
    r.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
    return r;
  }

  void enqueue(Reply reply) {
    std::lock_guard lock(mutex_);
    script_.push_back(std::move(reply));
  }
  /// Decides replies once the queue is empty. Called from server threads, concurrently.
  void set_handler(Handler handler) {
    std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
  }

  std::vector<RecordedRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::size_t request_count() const {
    std::lock_guard lock(mutex_);
    return requests_.size();
  }
  int connections_accepted() const { return connections_.load(); }

  /// Stops accepting, wakes every wait, closes every connection and joins all threads.
  /// Idempotent; the destructor calls it.
  void stop() {
    if (stopped_.exchange(true)) return;
    char byte = 1;
    (void)!::write(wake_[1], &byte, 1);  // never read: stays readable for every poll()
    if (acceptor_.joinable()) acceptor_.join();
    std::vector<std::thread> workers;
    {
      std::lock_guard lock(mutex_);
      workers.swap(workers_);
    }
    for (auto& t : workers) t.join();
    close_fds();
  }

  /// A port on 127.0.0.1 that nothing listens on (bound, then released): connecting to it
  /// is refused.
  static std::uint16_t closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ::close(fd);
      throw std::runtime_error("bind() failed");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
  }

 private:
  void start() {
    if (::pipe2(wake_, O_CLOEXEC) != 0) throw std::runtime_error("pipe2() failed");
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) {
      close_fds();
      throw std::runtime_error("socket() failed");
    }
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::listen(listen_fd_, 64) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      const int err = errno;
      close_fds();
      throw std::runtime_error(std::string("cannot listen on 127.0.0.1: ") + std::strerror(err));
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  void close_fds() {
    for (int* fd : {&listen_fd_, &wake_[0], &wake_[1]}) {
      if (*fd >= 0) ::close(*fd);
      *fd = -1;
    }
  }

  /// Waits until `fd` is readable (true), the timeout passes (false, `timed_out` set) or
  /// the server stops (false). timeout_ms < 0 waits without a limit.
  bool wait_readable(int fd, int timeout_ms, bool* timed_out = nullptr) const {
    pollfd fds[2] = {{wake_[0], POLLIN, 0}, {fd, POLLIN, 0}};
    const nfds_t count = fd >= 0 ? 2 : 1;
    for (;;) {
      int n = ::poll(fds, count, timeout_ms);
      if (n < 0 && errno == EINTR) continue;
      if (n == 0 && timed_out != nullptr) *timed_out = true;
      if (n <= 0 || (fds[0].revents != 0)) return false;
      return true;
    }
  }

  /// Sleeps for `d` unless the server stops first; false when it stopped.
  bool pause(std::chrono::milliseconds d) const {
    if (d.count() <= 0) return !stopped_.load();
    bool timed_out = false;
    (void)wait_readable(-1, static_cast<int>(d.count()), &timed_out);
    return timed_out;
  }

  void accept_loop() {
    while (wait_readable(listen_fd_, -1)) {
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      int index = ++connections_;
      std::lock_guard lock(mutex_);
      workers_.emplace_back([this, fd, index] { serve(fd, index); });
    }
  }

  static bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  /// Reads more bytes into `buffer`; false on EOF, error or stop.
  bool fill(int fd, std::string& buffer) const {
    if (!wait_readable(fd, -1)) return false;
    char chunk[16384];
    ssize_t n;
    do {
      n = ::recv(fd, chunk, sizeof(chunk), 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  /// Reads exactly `n` bytes starting at buffer[0]; false on EOF or stop.
  bool need(int fd, std::string& buffer, std::size_t n) const {
    while (buffer.size() < n) {
      if (!fill(fd, buffer)) return false;
    }
    return true;
  }

  /// Reads one request from the connection (buffer keeps bytes of the next one).
  std::optional<RecordedRequest> read_request(int fd, std::string& buffer) const {
    std::size_t end;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!fill(fd, buffer)) return std::nullopt;
      if (buffer[0] < 'A' || buffer[0] > 'Z') {
        // Not HTTP (a TLS ClientHello, say): answer like a plain HTTP server would.
        (void)send_all(fd,
                       "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                       "Connection: close\r\n\r\n");
        return std::nullopt;
      }
    }
    std::string_view head(buffer.data(), end);
    RecordedRequest req;
    auto line_end = head.find("\r\n");
    std::string_view request_line = head.substr(0, line_end);
    auto sp1 = request_line.find(' ');
    auto sp2 = request_line.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 == sp1) return std::nullopt;
    req.method = std::string(request_line.substr(0, sp1));
    req.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
    req.version = std::string(request_line.substr(sp2 + 1));
    auto q = req.target.find('?');
    req.path = req.target.substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    std::string_view rest =
        line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
    while (!rest.empty()) {
      auto eol = rest.find("\r\n");
      std::string_view line = rest.substr(0, eol);
      rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 2);
      auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      req.headers.add(std::string(line.substr(0, colon)),
                      std::string(trim(line.substr(colon + 1))));
    }
    buffer.erase(0, end + 4);

    if (auto expect = req.headers.get("Expect"); expect && iequals(*expect, "100-continue")) {
      if (!send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n")) return std::nullopt;
    }
    auto te = req.headers.get("Transfer-Encoding");
    if (te && iequals(*te, "chunked")) {
      for (;;) {
        std::size_t eol;
        while ((eol = buffer.find("\r\n")) == std::string::npos) {
          if (!fill(fd, buffer)) return std::nullopt;
        }
        std::size_t size = std::stoul(buffer.substr(0, eol), nullptr, 16);
        buffer.erase(0, eol + 2);
        if (!need(fd, buffer, size + 2)) return std::nullopt;
        req.body.append(buffer, 0, size);
        buffer.erase(0, size + 2);
        if (size == 0) break;  // (trailers are not supported)
      }
    } else if (auto cl = req.headers.get("Content-Length")) {
      std::size_t size = std::stoul(std::string(*cl));
      if (!need(fd, buffer, size)) return std::nullopt;
      req.body = buffer.substr(0, size);
      buffer.erase(0, size);
    }
    return req;
  }

  Reply choose(const RecordedRequest& req) {
    Handler handler;
    {
      std::lock_guard lock(mutex_);
      if (!script_.empty()) {
        Reply r = std::move(script_.front());
        script_.pop_front();
        return r;
      }
      handler = handler_;
    }
    return handler ? handler(req) : Reply::Respond(200);
  }

  static const char* reason(int status) {
    switch (status) {
      case 100:
        return "Continue";
      case 200:
        return "OK";
      case 204:
        return "No Content";
      case 301:
        return "Moved Permanently";
      case 302:
        return "Found";
      case 400:
        return "Bad Request";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 409:
        return "Conflict";
      case 429:
        return "Too Many Requests";
      case 500:
        return "Internal Server Error";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      case 504:
        return "Gateway Timeout";
      default:
        return "Status";
    }
  }

  static std::string head_of(const Reply& reply, std::size_t content_length, bool close) {
    std::string out =
        "HTTP/1.1 " + std::to_string(reply.status) + " " + reason(reply.status) + "\r\n";
    for (const auto& [name, value] : reply.headers) out += name + ": " + value + "\r\n";
    if (!reply.headers.has("Content-Length")) {
      out += "Content-Length: " + std::to_string(content_length) + "\r\n";
    }
    if (close) out += "Connection: close\r\n";
    out += "\r\n";
    return out;
  }

  static void reset_and_close(int fd) {
    linger lg{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    ::close(fd);
  }

  void serve(int fd, int index) {
    std::string buffer;
    for (;;) {
      std::optional<RecordedRequest> req;
      try {
        req = read_request(fd, buffer);
      } catch (const std::exception&) {  // a malformed length: drop the connection
        req.reset();
      }
      if (!req) break;
      req->connection = index;
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(*req);
      }
      Reply reply = choose(*req);
      if (!pause(reply.delay)) break;
      if (reply.kind == Reply::Kind::kReset) {
        reset_and_close(fd);
        return;
      }
      if (reply.kind == Reply::Kind::kClose) break;
      if (reply.kind == Reply::Kind::kRaw) {
        (void)send_all(fd, reply.body);
        break;
      }
      if (reply.interim_100 && !send_all(fd, "HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n")) {
        break;
      }
      if (reply.kind == Reply::Kind::kTruncate) {
        Reply declared = reply;
        declared.headers.set("Content-Length", std::to_string(reply.declared_length));
        (void)send_all(fd, head_of(declared, reply.declared_length, true) + reply.body);
        break;
      }
      const bool close = reply.close_after || (req->headers.get("Connection") &&
                                               iequals(*req->headers.get("Connection"), "close"));
      std::string out = head_of(reply, reply.body.size(), close);
      if (req->method != "HEAD") out += reply.body;
      if (!send_all(fd, out) || close) break;
    }
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
  }

  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};
  std::uint16_t port_ = 0;
  std::atomic<bool> stopped_{false};
  std::atomic<int> connections_{0};
  std::thread acceptor_;

  mutable std::mutex mutex_;
  std::vector<std::thread> workers_;
  std::deque<Reply> script_;
  Handler handler_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace drh::testing
