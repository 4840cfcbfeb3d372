#include "sns_outbound.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "drh/core/encoding.h"
#include "drh/fake/sns.h"

namespace drh::serve {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

struct Url {
  std::string host;
  std::string port;
  std::string target;
};

// "http://127.0.0.1:8080/hook?x=1" -> {127.0.0.1, 8080, /hook?x=1}.
bool parse_http_url(std::string_view url, Url& out) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return false;
  url.remove_prefix(kScheme.size());
  const auto slash = url.find_first_of("/?");
  std::string_view authority = url.substr(0, slash);
  out.target = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  if (out.target.starts_with('?')) out.target.insert(0, "/");
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return false;
    out.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    out.port = authority.starts_with(':') ? std::string(authority.substr(1)) : "80";
  } else {
    const auto colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    out.port = colon == std::string_view::npos ? "80" : std::string(authority.substr(colon + 1));
  }
  return !out.host.empty() && !out.port.empty();
}

// One POST; returns the status (0 when there was none) and an error ("" on 2xx).
std::pair<int, std::string> post(const fake::SnsDelivery& d) {
  Url url;
  if (d.endpoint.starts_with("https://")) {
    return {0, "drh serve delivers to http endpoints only (no TLS for SNS deliveries): " + d.endpoint};
  }
  if (!parse_http_url(d.endpoint, url)) return {0, "not an http URL: " + d.endpoint};
  try {
    net::io_context io;
    tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(SnsOutbound::kTimeout);
    stream.connect(resolver.resolve(url.host, url.port));
    http::request<http::string_body> req{http::verb::post, url.target, 11};
    req.set(http::field::host, url.host + ":" + url.port);
    for (const auto& [k, v] : d.headers) req.set(k, v);
    req.body() = d.body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    const int status = static_cast<int>(res.result_int());
    if (status < 200 || status >= 300) {
      return {status, "the endpoint answered HTTP " + std::to_string(status)};
    }
    return {status, ""};
  } catch (const std::exception& e) {
    return {0, e.what()};
  }
}

}  // namespace

HttpResponse sns_messages(fake::FakeCloud& cloud, const HttpRequest& request) {
  std::string topic;
  std::string_view q = request.query;
  while (!q.empty()) {
    const auto amp = q.find('&');
    const std::string_view pair = q.substr(0, amp);
    if (pair.starts_with("topic=")) topic = uri_decode(pair.substr(6), true);
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  HttpResponse r;
  r.status = 200;
  r.headers.add("Content-Type", "application/json");
  r.body = fake::sns_deliveries_json(cloud, topic);
  return r;
}

void SnsOutbound::start() {
  fake::enable_sns_http_delivery(cloud_, true);
  worker_.start(kPoll, [this] { run_once(); });
}

void SnsOutbound::stop() { worker_.stop(); }

void SnsOutbound::run_once() {
  // Taking the outbox holds the world lock for a moment; the POSTs hold none.
  for (const fake::SnsDelivery& d : fake::take_sns_http_deliveries(cloud_)) {
    auto [status, error] = post(d);
    fake::complete_sns_http_delivery(cloud_, d.id, status, std::move(error));
  }
}

}  // namespace drh::serve
