#include "live_probes.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <memory>
#include <string>

#include "drh/fake/endpoints.h"

namespace drh::serve {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

/// Route 53's words for a checker that got no answer.
constexpr const char* kTimedOut =
    "Connection timed out. The endpoint or the internet connection is down, or requests are "
    "being blocked by your firewall. See "
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-router-firewall-rules.html";

/// What a probe got back from an HTTP exchange (error set when there was no answer).
struct Answer {
  beast::error_code ec{};
  http::response_parser<http::string_body> parser{};
};

/// GETs the target's path over `stream` (plain TCP or TLS). Asynchronous so that the
/// tcp_stream's expiry bounds every step: Beast's timeouts do not apply to blocking calls.
template <class Stream>
void get(net::io_context& io, Stream& stream, const fake::LiveTarget& t, Answer& answer) {
  auto req = std::make_shared<http::request<http::empty_body>>(
      http::verb::get, t.path.empty() ? "/" : t.path, 11);
  req->set(http::field::host, t.host_header);
  req->set(http::field::user_agent, "Amazon-Route53-Health-Check-Service");
  auto buffer = std::make_shared<beast::flat_buffer>();
  answer.parser.body_limit(1024 * 1024);
  http::async_write(stream, *req, [&, req, buffer](beast::error_code ec, std::size_t) {
    if (ec) {
      answer.ec = ec;
      return;
    }
    http::async_read(stream, *buffer, answer.parser,
                     [&, buffer](beast::error_code ec2, std::size_t) { answer.ec = ec2; });
  });
  io.run();
  io.restart();
}

std::pair<bool, std::string> judge(const fake::LiveTarget& t, const Answer& answer) {
  if (answer.ec) return {false, kTimedOut};
  const auto& res = answer.parser.get();
  const int status = static_cast<int>(res.result_int());
  std::string words = "HTTP Status Code " + std::to_string(status) + ", " +
                      std::string(res.reason().data(), res.reason().size());
  // Route 53 counts 2xx and 3xx as healthy and searches the first 5,120 bytes.
  if (status < 200 || status >= 400) return {false, std::move(words)};
  if (t.type.ends_with("_STR_MATCH") &&
      std::string_view(res.body()).substr(0, 5120).find(t.search) == std::string_view::npos) {
    return {false, "String '" + t.search +
                       "' was not found in the first 5120 bytes of the response body."};
  }
  return {true, std::move(words)};
}

std::pair<bool, std::string> probe_https(net::io_context& io, tcp::resolver::results_type where,
                                         const fake::LiveTarget& t) {
  // Route 53 does not validate the endpoint's certificate: self-signed ones pass.
  net::ssl::context ctx(net::ssl::context::tls_client);
  ctx.set_verify_mode(net::ssl::verify_none);
  beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
  if (t.sni && !SSL_set_tlsext_host_name(stream.native_handle(), t.host_header.c_str())) {
    return {false, "TLS SNI name '" + t.host_header + "' was refused by the TLS client."};
  }
  beast::get_lowest_layer(stream).expires_after(LiveProbes::kTimeout);
  beast::get_lowest_layer(stream).connect(where);
  beast::error_code handshake;
  stream.async_handshake(net::ssl::stream_base::client,
                         [&](beast::error_code ec) { handshake = ec; });
  io.run();
  io.restart();
  if (handshake == beast::error::timeout) return {false, kTimedOut};
  if (handshake) return {false, "TLS handshake failed: " + handshake.message()};
  Answer answer;
  get(io, stream, t, answer);
  beast::get_lowest_layer(stream).close();
  return judge(t, answer);
}

std::pair<bool, std::string> probe(const fake::LiveTarget& t) {
  try {
    net::io_context io;
    tcp::resolver resolver(io);
    const auto where = resolver.resolve(t.host, std::to_string(t.port));
    if (t.type.starts_with("HTTPS")) return probe_https(io, where, t);
    beast::tcp_stream stream(io);
    stream.expires_after(LiveProbes::kTimeout);
    stream.connect(where);
    if (t.type == "TCP") return {true, "TCP connection established."};
    Answer answer;
    get(io, stream, t, answer);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return judge(t, answer);
  } catch (const std::exception&) {
    return {false, kTimedOut};
  }
}

}  // namespace

void LiveProbes::start() {
  fake::enable_live_probing(cloud_, true);
  worker_.start(kInterval, [this] { run_once(); });
}

void LiveProbes::stop() { worker_.stop(); }

void LiveProbes::run_once() {
  // The target list is read under the world lock; the probes run without it.
  for (const fake::LiveTarget& t : fake::live_probe_targets(cloud_)) {
    auto [ok, why] = probe(t);
    fake::report_live_probe(cloud_, t.key, ok, std::move(why));
  }
}

}  // namespace drh::serve
