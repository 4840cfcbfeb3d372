#include "drh/serve/server.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <vector>

#include "drh/fake/fault_injection.h"
#include "live_probes.h"
#include "signature_check.h"
#include "sns_outbound.h"

namespace drh::serve {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

HttpResponse json_reply(int status, const nlohmann::json& body) {
  HttpResponse r;
  r.status = status;
  r.headers.add("Content-Type", "application/json");
  r.body = body.dump();
  return r;
}

HttpResponse admin_error(int status, const std::string& code, const std::string& message) {
  return json_reply(status, {{"error", code}, {"message", message}});
}

// Latency faults really wait when the clock follows real time (scaled like the clock).
fake::FakeOptions fake_options(const ServeOptions& o) {
  fake::FakeOptions f = o.fake;
  if (o.clock_mode == ClockMode::kReal && o.time_scale > 0) f.latency_wall_scale = o.time_scale;
  return f;
}

}  // namespace

struct Server::Impl {
  explicit Impl(ServeOptions o)
      : options(std::move(o)),
        clock(SystemClock::instance().now()),
        cloud(clock, fake_options(options)),
        io(std::max(1, options.threads)),
        acceptor(io) {}

  // Declared before the io_context: sessions still queued in it touch these when the
  // io_context is destroyed.
  ServeOptions options;
  VirtualClock clock;
  fake::FakeCloud cloud;
  SignatureCheck signatures;
  SnsOutbound sns_outbound{cloud};  // POSTs SNS deliveries to loopback http endpoints
  LiveProbes live_probes{cloud};    // real probes of health-check targets on loopback
  std::atomic<bool> stopping{false};
  std::atomic<int> active_sessions{0};
  std::atomic<std::uint64_t> served{0};
  std::mutex state_mutex;
  std::condition_variable stopped_cv;
  bool stopped = false;
  bool started = false;
  net::io_context io;
  tcp::acceptor acceptor;
  std::vector<std::thread> workers;
  std::thread ticker;

  HttpResponse dispatch(const HttpRequest& request);
  HttpResponse admin(const HttpRequest& request);
  HttpResponse faults(const HttpRequest& request);
  void accept();
  void run_ticker();
  Status save_state();
};

// One connection: read a request, answer it, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server)
      : stream_(std::move(socket)), server_(server) {
    ++server_.active_sessions;
  }
  ~Session() { --server_.active_sessions; }

  void run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::read, shared_from_this()));
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(server_.options.max_body_bytes);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(server_.options.idle_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted) {
      return close();
    }
    if (ec == http::error::body_limit) {
      HttpResponse r;
      r.status = 413;
      r.headers.add("Content-Type", "application/json");
      r.body = "{\"error\":\"RequestEntityTooLarge\",\"message\":\"request body exceeds " +
               std::to_string(server_.options.max_body_bytes) + " bytes\"}";
      return write(r, /*keep_alive=*/false, /*head=*/false);
    }
    if (ec) return close();

    auto& req = parser_->get();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.scheme = "http";
    std::string_view target(req.target().data(), req.target().size());
    auto q = target.find('?');
    request.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) request.query = std::string(target.substr(q + 1));
    for (const auto& field : req) {
      std::string name(field.name_string());
      std::string value(field.value());
      if (beast::iequals(name, "Host")) request.host = value;
      request.headers.add(std::move(name), std::move(value));
    }
    request.body = std::move(req.body());
    const bool keep_alive = req.keep_alive() && !server_.stopping;
    HttpResponse response = server_.dispatch(request);
    ++server_.served;
    write(response, keep_alive, request.method == "HEAD");
  }

  void write(const HttpResponse& r, bool keep_alive, bool head) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(r.status));
    bool has_length = false;
    for (const auto& [k, v] : r.headers) {
      if (beast::iequals(k, "Content-Length")) has_length = true;
      res->insert(k, v);
    }
    res->keep_alive(keep_alive);
    if (head) {
      // HEAD: the headers describe the object, the body stays empty.
      if (!has_length) res->content_length(r.body.size());
    } else {
      res->body() = r.body;
      res->erase(http::field::content_length);
      res->prepare_payload();
    }
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res, keep_alive](beast::error_code ec,
                                                                   std::size_t) {
                        if (ec || !keep_alive) return self->close();
                        self->read();
                      });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Server::Impl& server_;
};

HttpResponse Server::Impl::dispatch(const HttpRequest& request) {
  if (request.path.starts_with("/_drh/")) return admin(request);
  if (options.verify_signatures) {
    if (auto rejection = signatures.check(request, options.credentials)) {
      return cloud.reject(request, rejection->status, rejection->code, rejection->message);
    }
  }
  return cloud.handle(request);
}

HttpResponse Server::Impl::admin(const HttpRequest& request) {
  const std::string& path = request.path;
  const auto now = clock.now();
  auto clock_json = [&] {
    return nlohmann::json{
        {"now", format_iso8601(now)},
        {"epoch_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                         clock.now().time_since_epoch())
                         .count()},
        {"mode", options.clock_mode == ClockMode::kManual ? "manual" : "real"},
        {"time_scale", options.time_scale}};
  };
  if (path == "/_drh/health" && request.method == "GET") {
    return json_reply(200, {{"status", "ok"},
                            {"account", options.fake.account_id},
                            {"requests", served.load()},
                            {"clock", clock_json()}});
  }
  if (path == "/_drh/reset" && request.method == "POST") {
    cloud.reset();
    return json_reply(200, {{"reset", true}});
  }
  if (path == "/_drh/state" && request.method == "GET") {
    HttpResponse r;
    r.status = 200;
    r.headers.add("Content-Type", "application/json");
    r.body = cloud.save_state();
    return r;
  }
  if (path == "/_drh/faults" || path.starts_with("/_drh/faults/")) {
    if (auto r = faults(request); r.status != 405) return r;
  }
  if (path == "/_drh/clock" && request.method == "GET") return json_reply(200, clock_json());
  if (path == "/_drh/sns/messages" && request.method == "GET") return sns_messages(cloud, request);
  if (path == "/_drh/clock/advance" && request.method == "POST") {
    if (options.clock_mode != ClockMode::kManual) {
      return admin_error(409, "ClockNotManual",
                         "the clock follows real time; start drh serve with --clock manual");
    }
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("seconds") ||
        !body["seconds"].is_number() || body["seconds"].get<double>() < 0) {
      return admin_error(400, "InvalidInput",
                         "expected a JSON body {\"seconds\": N} with N >= 0");
    }
    clock.advance(std::chrono::duration_cast<Duration>(
        std::chrono::duration<double>(body["seconds"].get<double>())));
    return json_reply(200, clock_json());
  }
  return admin_error(404, "NotFound",
                     "no admin endpoint " + request.method + " " + path +
                         " (known: GET /_drh/health, POST /_drh/reset, GET /_drh/state, "
                         "GET /_drh/clock, POST /_drh/clock/advance, POST|GET|DELETE "
                         "/_drh/faults, DELETE /_drh/faults/<id>, GET /_drh/sns/messages)");
}

// Fault injection (docs/fake-model.md, "Faults"). 405 means "no such endpoint here".
HttpResponse Server::Impl::faults(const HttpRequest& request) {
  const std::string& path = request.path;
  const std::string& method = request.method;
  if (path == "/_drh/faults" && method == "POST") {
    auto ids = fake::inject_json(cloud, request.body);
    if (!ids) return admin_error(400, "InvalidInput", ids.error().message);
    return json_reply(201, {{"ids", *ids}});
  }
  if (path == "/_drh/faults" && method == "GET") {
    const TimePoint now = clock.now();
    nlohmann::json list = nlohmann::json::array();
    for (const auto& f : fake::list_faults(cloud)) list.push_back(fake::fault_to_json(f, now));
    return json_reply(200, {{"now", format_iso8601(now)}, {"faults", std::move(list)}});
  }
  if (path == "/_drh/faults" && method == "DELETE") {
    fake::clear_faults(cloud);
    return json_reply(200, {{"cleared", true}});
  }
  const std::string prefix = "/_drh/faults/";
  if (path.starts_with(prefix) && method == "DELETE") {
    const std::string id = path.substr(prefix.size());
    if (!fake::remove_fault(cloud, id)) {
      return admin_error(404, "NotFound", "no fault with id '" + id + "'");
    }
    return json_reply(200, {{"removed", id}});
  }
  HttpResponse r;
  r.status = 405;
  return r;
}

void Server::Impl::accept() {
  acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || stopping) return;
    } else {
      std::make_shared<Session>(std::move(socket), *this)->run();
    }
    if (!stopping) accept();
  });
}

void Server::Impl::run_ticker() {
  // Real-time mode: virtual time follows the wall clock (scaled), so scheduled
  // processes such as replication and probing run while clients call.
  const auto wall_origin = std::chrono::steady_clock::now();
  const TimePoint virtual_origin = clock.now();
  while (!stopping) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto elapsed = std::chrono::steady_clock::now() - wall_origin;
    const auto scaled = std::chrono::duration_cast<TimePoint::duration>(
        std::chrono::duration<double>(elapsed) * options.time_scale);
    clock.advance_to(virtual_origin + scaled);
  }
}

Status Server::Impl::save_state() {
  if (options.state_file.empty()) return Ok{};
  const std::string tmp = options.state_file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return invalid_input("cannot write state file '" + tmp + "'");
    out << cloud.save_state();
    if (!out) return invalid_input("cannot write state file '" + tmp + "'");
  }
  // Rename over the old file so a crash mid-write never leaves half a world.
  if (std::rename(tmp.c_str(), options.state_file.c_str()) != 0) {
    return invalid_input("cannot replace state file '" + options.state_file + "'");
  }
  return Ok{};
}

Server::Server(ServeOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() { stop(); }

fake::FakeCloud& Server::cloud() { return impl_->cloud; }
VirtualClock& Server::clock() { return impl_->clock; }
std::uint64_t Server::requests_served() const { return impl_->served.load(); }

Result<int> Server::start() {
  Impl& s = *impl_;
  if (!s.options.state_file.empty()) {
    std::ifstream in(s.options.state_file, std::ios::binary);
    if (in) {
      std::stringstream ss;
      ss << in.rdbuf();
      if (auto st = s.cloud.load_state(ss.str()); !st) {
        return invalid_input(s.options.state_file + ": " + st.error().message);
      }
    }
  }
  beast::error_code ec;
  auto address = net::ip::make_address(s.options.host, ec);
  if (ec) return invalid_input("--host '" + s.options.host + "' is not an IP address");
  tcp::endpoint endpoint(address, static_cast<unsigned short>(s.options.port));
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    Error e = make_error(ErrorKind::kNetwork, "BindFailed",
                         "cannot listen on " + s.options.host + ":" +
                             std::to_string(s.options.port) + ": " + ec.message());
    return e;
  }
  const int port = s.acceptor.local_endpoint().port();
  s.accept();
  for (int i = 0; i < std::max(1, s.options.threads); ++i) {
    s.workers.emplace_back([&s] { s.io.run(); });
  }
  if (s.options.clock_mode == ClockMode::kReal) s.ticker = std::thread([&s] { s.run_ticker(); });
  s.sns_outbound.start();
  s.live_probes.start();
  s.started = true;
  return port;
}

void Server::wait(bool watch_signals) {
  Impl& s = *impl_;
  std::optional<net::signal_set> signals;
  if (watch_signals) {
    signals.emplace(s.io, SIGINT, SIGTERM);
    signals->async_wait([this](const beast::error_code& ec, int) {
      if (!ec) std::thread([this] { stop(); }).detach();
    });
  }
  std::unique_lock lock(s.state_mutex);
  s.stopped_cv.wait(lock, [&] { return s.stopped; });
}

void Server::stop() {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.state_mutex);
    if (s.stopped) return;
    if (!s.started) {
      s.stopped = true;
      s.stopped_cv.notify_all();
      return;
    }
  }
  s.stopping = true;
  net::post(s.io, [&s] {
    beast::error_code ignored;
    s.acceptor.close(ignored);
  });
  // In-flight requests finish; idle keep-alive connections are not waited for long.
  for (int i = 0; i < 100 && s.active_sessions > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  s.io.stop();
  for (auto& t : s.workers) {
    if (t.joinable()) t.join();
  }
  if (s.ticker.joinable()) s.ticker.join();
  s.sns_outbound.stop();
  s.live_probes.stop();
  if (auto saved = s.save_state(); !saved) {
    std::fprintf(stderr, "drh serve: state not saved: %s\n", saved.error().message.c_str());
  }
  std::lock_guard lock(s.state_mutex);
  s.stopped = true;
  s.stopped_cv.notify_all();
}

}  // namespace drh::serve
