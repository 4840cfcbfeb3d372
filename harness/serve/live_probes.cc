#include "live_probes.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
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

std::pair<bool, std::string> probe(const fake::LiveTarget& t) {
  if (t.type.starts_with("HTTPS")) {
    return {false, "drh serve probes HTTP and TCP endpoints only (no TLS client)"};
  }
  try {
    net::io_context io;
    tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(LiveProbes::kTimeout);
    stream.connect(resolver.resolve(t.host, std::to_string(t.port)));
    if (t.type == "TCP") return {true, "TCP connection established."};
    http::request<http::empty_body> req{http::verb::get, t.path.empty() ? "/" : t.path, 11};
    req.set(http::field::host, t.host_header);
    req.set(http::field::user_agent, "Amazon-Route53-Health-Check-Service");
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1024 * 1024);
    http::read(stream, buffer, parser);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    const auto& res = parser.get();
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
