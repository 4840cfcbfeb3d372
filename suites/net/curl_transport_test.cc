// CurlTransport against a scripted local server: what goes on the wire, what comes back,
// and how every kind of network failure is reported.

#include "drh/net/curl_transport.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "drh/core/encoding.h"
#include "test_http_server.h"

namespace drh {
namespace {

using std::chrono::milliseconds;
using testing::Reply;
using testing::TestHttpServer;
using Steady = std::chrono::steady_clock;

/// Tests talk to 127.0.0.1 directly, whatever proxy the environment names.
CurlOptions direct(CurlOptions options = {}) {
  options.proxy = "";
  options.connect_timeout = milliseconds(1000);
  options.total_timeout = milliseconds(5000);
  return options;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

/// Sets (or, with nullopt, unsets) an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

/// Clears every proxy variable libcurl reads, for tests that set some of them.
struct NoProxyEnv {
  ScopedEnv a{"http_proxy", std::nullopt}, b{"HTTP_PROXY", std::nullopt},
      c{"https_proxy", std::nullopt}, d{"HTTPS_PROXY", std::nullopt}, e{"all_proxy", std::nullopt},
      f{"ALL_PROXY", std::nullopt}, g{"no_proxy", std::nullopt}, h{"NO_PROXY", std::nullopt};
};

std::string binary_payload(std::size_t size) {
  std::string out(size, '\0');
  std::uint32_t x = 2463534242u;
  for (auto& c : out) {  // xorshift: every byte value, NULs and CR/LF included
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x & 0xff);
  }
  return out;
}

// --- failures -----------------------------------------------------------------------------

TEST(CurlTransportErrors, ConnectionRefusedIsARetryableNetworkError) {
  CurlTransport transport(direct());
  HttpRequest req;
  req.scheme = "http";
  req.host = "127.0.0.1:" + std::to_string(TestHttpServer::closed_port());
  req.path = "/refused";
  req.query = "X-Amz-Signature=deadbeefsecret&X-Amz-Credential=AKIAEXAMPLE";

  auto r = transport.send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(r.error().code, "ConnectionRefused");
  EXPECT_TRUE(r.error().retryable);
  EXPECT_EQ(r.error().http_status, 0);
  EXPECT_TRUE(contains(r.error().message, "http://" + req.host + "/refused")) << r.error().message;
  EXPECT_FALSE(contains(r.error().message, "deadbeefsecret")) << r.error().message;
  EXPECT_FALSE(contains(r.error().message, "AKIAEXAMPLE")) << r.error().message;
  EXPECT_EQ(transport.idle_handles(), 0u);
}

TEST(CurlTransportErrors, ResetBeforeResponse) {
  TestHttpServer server;
  server.enqueue(Reply::Reset());
  CurlTransport transport(direct());

  auto r = transport.send(server.request("GET", "/reset"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(r.error().code, "ConnectionReset") << r.error().describe();
  EXPECT_TRUE(r.error().retryable);
  EXPECT_EQ(server.request_count(), 1u);
}

TEST(CurlTransportErrors, CloseWithoutAnswerIsEmptyReply) {
  TestHttpServer server;
  server.enqueue(Reply::Close());
  CurlTransport transport(direct());

  auto r = transport.send(server.request("POST", "/"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(r.error().code, "EmptyReply") << r.error().describe();
  EXPECT_TRUE(r.error().retryable);
}

TEST(CurlTransportErrors, ResetMidBodyIsAnErrorNotATruncatedSuccess) {
  TestHttpServer server;
  server.enqueue(Reply::TruncatedBody(1000, "0123456789"));
  CurlTransport transport(direct());

  auto r = transport.send(server.request("GET", "/object"));
  ASSERT_FALSE(r.ok()) << "a truncated body came back as status " << r->status;
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(r.error().code, "PartialResponse") << r.error().describe();
  EXPECT_TRUE(r.error().retryable);
  EXPECT_EQ(transport.idle_handles(), 0u) << "a broken connection went back to the pool";
}

TEST(CurlTransportErrors, AReplyThatIsNotHttpIsAProtocolError) {
  TestHttpServer server;
  server.enqueue(Reply::Raw("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
  server.enqueue(Reply::Raw("HTTP/1.1 abc\r\n\r\n"));
  CurlTransport transport(direct());

  for (int i = 0; i < 2; ++i) {
    auto r = transport.send(server.request("GET", "/"));
    ASSERT_FALSE(r.ok()) << "reply " << i;
    EXPECT_EQ(r.error().kind, ErrorKind::kNetwork) << r.error().describe();
    EXPECT_EQ(r.error().code, "ProtocolError") << r.error().describe();
  }
}

TEST(CurlTransportErrors, SlowResponseHitsTheTotalTimeout) {
  const auto start = Steady::now();
  {
    TestHttpServer server;
    server.enqueue(Reply::Respond(200, "late").after(milliseconds(5000)));
    CurlOptions options = direct();
    options.total_timeout = milliseconds(200);
    CurlTransport transport(options);

    auto r = transport.send(server.request("GET", "/slow?token=hidden"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::kTimeout);
    EXPECT_EQ(r.error().code, "Timeout");
    EXPECT_TRUE(r.error().retryable);
    EXPECT_TRUE(contains(r.error().message, "total timeout of 200 ms")) << r.error().message;
    EXPECT_TRUE(contains(r.error().message, server.url() + "/slow")) << r.error().message;
    EXPECT_FALSE(contains(r.error().message, "hidden")) << r.error().message;
    EXPECT_LT(Steady::now() - start, milliseconds(2000));
  }  // the server's 5 s delay is interrupted here
  EXPECT_LT(Steady::now() - start, milliseconds(2000));
}

TEST(CurlTransportErrors, MalformedRequestsAreRejectedBeforeSending) {
  CurlTransport transport(direct());
  auto expect_invalid = [&](HttpRequest req, const char* code) {
    auto r = transport.send(req);
    ASSERT_FALSE(r.ok()) << req.url();
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput) << r.error().describe();
    EXPECT_EQ(r.error().code, code) << r.error().describe();
    EXPECT_FALSE(r.error().retryable);
  };
  HttpRequest base;
  base.scheme = "http";
  base.host = "127.0.0.1:9";

  HttpRequest r1 = base;
  r1.host = "";
  expect_invalid(r1, "InvalidUrl");
  HttpRequest r2 = base;
  r2.host = "bad host";
  expect_invalid(r2, "InvalidUrl");
  HttpRequest r3 = base;
  r3.scheme = "ftp";
  expect_invalid(r3, "InvalidUrl");
  HttpRequest r4 = base;
  r4.path = "/has space";
  expect_invalid(r4, "InvalidUrl");
  HttpRequest r5 = base;
  r5.path = "relative";
  expect_invalid(r5, "InvalidUrl");
  HttpRequest r6 = base;
  r6.query = "a=b#fragment";
  expect_invalid(r6, "InvalidUrl");
  HttpRequest r7 = base;
  r7.host = "user@evil.example";
  expect_invalid(r7, "InvalidUrl");
  HttpRequest r8 = base;
  r8.method = "GET /x";
  expect_invalid(r8, "InvalidUrl");
  HttpRequest r9 = base;
  r9.headers.add("X-Injected", "a\r\nEvil: 1");
  expect_invalid(r9, "InvalidHeader");
  HttpRequest r10 = base;
  r10.method = "PUT";
  r10.body = "abc";
  r10.headers.add("Content-Length", "4");
  expect_invalid(r10, "InvalidHeader");
  HttpRequest r11 = base;
  r11.headers.add("Bad Name", "x");
  expect_invalid(r11, "InvalidHeader");
}

TEST(CurlTransportErrors, TlsToAPlainHttpServerIsATlsError) {
  TestHttpServer server;
  CurlTransport transport(direct());
  HttpRequest req = server.request("GET", "/");
  req.scheme = "https";

  auto r = transport.send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(r.error().code, "TlsError") << r.error().describe();
}

TEST(CurlTransportErrors, CaBundleFromAwsCaBundle) {
  ScopedEnv env("AWS_CA_BUNDLE", "/nonexistent/drh-ca-bundle.pem");
  TestHttpServer server;
  CurlTransport transport(direct());
  HttpRequest req = server.request("GET", "/");
  req.scheme = "https";

  auto r = transport.send(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(r.error().code, "TlsError") << r.error().describe();
  EXPECT_FALSE(r.error().retryable) << "a missing CA bundle cannot be fixed by retrying";
  EXPECT_TRUE(contains(r.error().message, "AWS_CA_BUNDLE")) << r.error().message;
}

TEST(CurlErrorMapping, EveryFamilyOfFailure) {
  CurlOptions options;
  options.connect_timeout = milliseconds(1500);
  options.total_timeout = milliseconds(9000);
  const std::string url = "https://rds.us-east-1.amazonaws.com/";
  auto map = [&](CURLcode code, std::string_view text, bool connected = false) {
    return detail::curl_error(code, text, url, connected, options);
  };

  Error dns = map(CURLE_COULDNT_RESOLVE_HOST, "Could not resolve host: rds.us-east-1");
  EXPECT_EQ(dns.kind, ErrorKind::kNetwork);
  EXPECT_EQ(dns.code, "DnsFailure");
  EXPECT_TRUE(dns.retryable);
  EXPECT_TRUE(contains(dns.message, url));
  EXPECT_TRUE(contains(dns.message, "Could not resolve host"));

  Error connect = map(CURLE_OPERATION_TIMEDOUT, "Connection timed out after 1500 milliseconds");
  EXPECT_EQ(connect.kind, ErrorKind::kTimeout);
  EXPECT_TRUE(contains(connect.message, "connect timeout of 1500 ms")) << connect.message;
  Error total = map(CURLE_OPERATION_TIMEDOUT,
                    "Operation timed out after 9000 milliseconds with 0 bytes received", true);
  EXPECT_TRUE(contains(total.message, "total timeout of 9000 ms")) << total.message;
  EXPECT_TRUE(total.retryable);
  Error handshake_slow = map(CURLE_OPERATION_TIMEDOUT, "SSL connection timeout", true);
  EXPECT_TRUE(contains(handshake_slow.message, "connect timeout")) << handshake_slow.message;

  Error handshake = map(CURLE_SSL_CONNECT_ERROR, "OpenSSL SSL_connect: SSL_ERROR_SYSCALL");
  EXPECT_EQ(handshake.code, "TlsError");
  EXPECT_TRUE(handshake.retryable);
  Error cert = map(CURLE_PEER_FAILED_VERIFICATION, "SSL certificate problem: self-signed");
  EXPECT_EQ(cert.kind, ErrorKind::kNetwork);
  EXPECT_EQ(cert.code, "TlsError");
  EXPECT_FALSE(cert.retryable);

  EXPECT_EQ(map(CURLE_RECV_ERROR, "").code, "ConnectionReset");
  EXPECT_EQ(map(CURLE_SEND_ERROR, "").code, "ConnectionReset");
  EXPECT_EQ(map(CURLE_GOT_NOTHING, "").code, "EmptyReply");
  EXPECT_EQ(map(CURLE_PARTIAL_FILE, "").code, "PartialResponse");
  EXPECT_EQ(map(CURLE_COULDNT_CONNECT, "").code, "ConnectionRefused");
  EXPECT_EQ(map(CURLE_URL_MALFORMAT, "").kind, ErrorKind::kInvalidInput);
  Error proxy = map(CURLE_COULDNT_CONNECT, "Unsupported proxy scheme for 'ftp://p:1'");
  EXPECT_EQ(proxy.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(proxy.code, "InvalidProxy");
  EXPECT_FALSE(proxy.retryable);
  // An empty error buffer falls back to libcurl's description of the code.
  EXPECT_TRUE(contains(map(CURLE_GOT_NOTHING, "").message, curl_easy_strerror(CURLE_GOT_NOTHING)));
}

// --- responses ----------------------------------------------------------------------------

TEST(CurlTransportResponses, ErrorStatusesComeBackAsValuesWithTheirBody) {
  TestHttpServer server;
  server.enqueue(Reply::Respond(404, "<Error><Code>NoSuchKey</Code></Error>"));
  server.enqueue(Reply::Respond(503, "{\"message\":\"busy\"}"));
  CurlTransport transport(direct());

  auto r1 = transport.send(server.request("GET", "/missing"));
  ASSERT_TRUE(r1.ok()) << r1.error().describe();
  EXPECT_EQ(r1->status, 404);
  EXPECT_FALSE(r1->is_success());
  EXPECT_EQ(r1->body, "<Error><Code>NoSuchKey</Code></Error>");

  auto r2 = transport.send(server.request("POST", "/"));
  ASSERT_TRUE(r2.ok()) << r2.error().describe();
  EXPECT_EQ(r2->status, 503);
  EXPECT_EQ(r2->body, "{\"message\":\"busy\"}");
  EXPECT_EQ(transport.idle_handles(), 1u);
}

TEST(CurlTransportResponses, HeadReturnsHeadersWithoutBody) {
  TestHttpServer server;
  server.enqueue(Reply::Respond(200, "0123456789").with_header("ETag", "\"abc\""));
  CurlTransport transport(direct());

  auto r = transport.send(server.request("HEAD", "/bucket/key"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->headers.get("Content-Length"), "10");
  EXPECT_EQ(r->headers.get("etag"), "\"abc\"");
  EXPECT_TRUE(r->body.empty());
  ASSERT_EQ(server.request_count(), 1u);
  EXPECT_EQ(server.requests()[0].method, "HEAD");

  // The connection stays usable: curl did not wait for a body that never comes.
  auto again = transport.send(server.request("GET", "/next"));
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(server.connections_accepted(), 1);
}

TEST(CurlTransportResponses, AllHeadersOfTheFinalResponseInOrderAndRequestId) {
  TestHttpServer server;
  server.enqueue(Reply::Respond(200, "{}")
                     .with_interim_100()
                     .with_header("X-Multi", "first")
                     .with_header("x-amzn-RequestId", "4f3c-req-id")
                     .with_header("X-Multi", "second")
                     .with_header("X-Empty", ""));
  CurlTransport transport(direct());

  auto r = transport.send(server.request("POST", "/"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->request_id, "4f3c-req-id");
  EXPECT_FALSE(r->headers.has("X-Interim")) << "headers of the 100 Continue were kept";
  std::vector<std::string> multi;
  for (const auto& [name, value] : r->headers) {
    if (iequals(name, "X-Multi")) multi.push_back(value);
  }
  EXPECT_EQ(multi, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(r->headers.get("X-Empty"), "");
  ASSERT_GE(r->headers.size(), 4u);
  EXPECT_EQ(r->headers.entries()[0].first, "X-Multi");
  EXPECT_EQ(r->headers.entries()[1].first, "x-amzn-RequestId");
}

TEST(CurlTransportResponses, RedirectsAreReturnedNotFollowed) {
  TestHttpServer server;
  server.enqueue(Reply::Respond(307).with_header("Location", server.url() + "/elsewhere"));
  CurlTransport transport(direct());

  auto r = transport.send(server.request("GET", "/here"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->status, 307);
  EXPECT_EQ(server.request_count(), 1u);
}

// --- the wire -----------------------------------------------------------------------------

TEST(CurlTransportWire, BinaryPutOfMoreThanOneMebibyteRoundTripsWithoutExpect) {
  TestHttpServer server;
  CurlTransport transport(direct());
  HttpRequest req = server.request("PUT", "/bucket/blob.bin");
  req.body = binary_payload((1u << 20) + 17);  // above libcurl's 1 MiB Expect threshold
  req.headers.add("Content-Type", "application/octet-stream");

  const auto start = Steady::now();
  auto r = transport.send(req);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->status, 200);
  EXPECT_LT(Steady::now() - start, milliseconds(900)) << "stalled waiting for 100-continue?";

  ASSERT_EQ(server.request_count(), 1u);
  const auto got = server.requests()[0];
  EXPECT_EQ(got.method, "PUT");
  EXPECT_EQ(got.body.size(), req.body.size());
  EXPECT_TRUE(got.body == req.body) << "body bytes differ";
  EXPECT_EQ(sha256_hex(got.body), sha256_hex(req.body));
  EXPECT_FALSE(got.headers.has("Expect"));
  EXPECT_FALSE(got.headers.has("Transfer-Encoding"));
  EXPECT_EQ(got.headers.get("Content-Length"), std::to_string(req.body.size()));
  EXPECT_EQ(got.headers.get("Content-Type"), "application/octet-stream");
}

TEST(CurlTransportWire, LargePostHasNoExpectEither) {
  TestHttpServer server;
  CurlTransport transport(direct());
  HttpRequest req = server.request("POST", "/");
  req.body = std::string(3u << 20, 'x');

  auto r = transport.send(req);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  const auto got = server.requests().at(0);
  EXPECT_FALSE(got.headers.has("Expect"));
  EXPECT_EQ(got.body.size(), req.body.size());
}

TEST(CurlTransportWire, SendsExactlyWhatTheRequestSays) {
  TestHttpServer server;
  CurlTransport transport(direct());

  // GET: no body, none of libcurl's default headers.
  HttpRequest get = server.request("GET", "/a/../b/%2Fkey?list-type=2&prefix=a%20b");
  get.headers.add("X-Amz-Date", "20150830T123600Z");
  get.headers.add("X-Amz-Meta-Empty", "");
  ASSERT_TRUE(transport.send(get).ok());

  // PATCH with a JSON body and no Content-Type: libcurl's form type must not appear.
  HttpRequest patch = server.request("PATCH", "/things/1");
  patch.body = "{\"a\":1}";
  patch.headers.add("Accept", "application/json");
  patch.headers.add("User-Agent", "custom-agent/1.0");
  ASSERT_TRUE(transport.send(patch).ok());

  // DELETE without a body; PUT with an empty body still says Content-Length: 0.
  ASSERT_TRUE(transport.send(server.request("DELETE", "/things/1")).ok());
  ASSERT_TRUE(transport.send(server.request("PUT", "/empty")).ok());
  // POST with Content-Length set by the caller (e.g. signed): sent once, not twice.
  HttpRequest post = server.request("POST", "/");
  post.body = "Action=DescribeDBClusters&Version=2014-10-31";
  post.headers.add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  post.headers.add("Content-Length", std::to_string(post.body.size()));
  ASSERT_TRUE(transport.send(post).ok());

  const auto got = server.requests();
  ASSERT_EQ(got.size(), 5u);

  EXPECT_EQ(got[0].method, "GET");
  EXPECT_EQ(got[0].target, "/a/../b/%2Fkey?list-type=2&prefix=a%20b");
  EXPECT_EQ(got[0].version, "HTTP/1.1");
  EXPECT_EQ(got[0].headers.get("Host"), server.host());
  EXPECT_EQ(got[0].headers.get("User-Agent"), "drharness");
  EXPECT_EQ(got[0].headers.get("X-Amz-Date"), "20150830T123600Z");
  EXPECT_EQ(got[0].headers.get("X-Amz-Meta-Empty"), "");
  for (const char* absent : {"Accept", "Expect", "Content-Type", "Content-Length",
                             "Transfer-Encoding", "Accept-Encoding"}) {
    EXPECT_FALSE(got[0].headers.has(absent)) << absent;
  }
  EXPECT_TRUE(got[0].body.empty());

  EXPECT_EQ(got[1].method, "PATCH");
  EXPECT_EQ(got[1].body, "{\"a\":1}");
  EXPECT_EQ(got[1].headers.get("Accept"), "application/json");
  EXPECT_EQ(got[1].headers.get("User-Agent"), "custom-agent/1.0");
  EXPECT_FALSE(got[1].headers.has("Content-Type"));
  EXPECT_EQ(got[1].headers.get("Content-Length"), "7");

  EXPECT_EQ(got[2].method, "DELETE");
  EXPECT_FALSE(got[2].headers.has("Content-Length"));
  EXPECT_EQ(got[3].method, "PUT");
  EXPECT_EQ(got[3].headers.get("Content-Length"), "0");

  EXPECT_EQ(got[4].method, "POST");
  EXPECT_EQ(got[4].body, post.body);
  int content_lengths = 0;
  for (const auto& [name, value] : got[4].headers) {
    if (iequals(name, "Content-Length")) ++content_lengths;
  }
  EXPECT_EQ(content_lengths, 1);
  EXPECT_EQ(got[4].headers.get("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");

  // Every request above went over one kept-alive connection.
  EXPECT_EQ(server.connections_accepted(), 1);
}

// --- connections --------------------------------------------------------------------------

TEST(CurlTransportConnections, SequentialRequestsReuseOneConnection) {
  TestHttpServer server;
  CurlTransport transport(direct());

  ASSERT_TRUE(transport.send(server.request("GET", "/one")).ok());
  ASSERT_TRUE(transport.send(server.request("GET", "/two")).ok());
  EXPECT_EQ(server.connections_accepted(), 1);
  const auto got = server.requests();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].connection, got[1].connection);
  EXPECT_EQ(transport.idle_handles(), 1u);
}

TEST(CurlTransportConnections, ServerClosingAKeptAliveConnectionIsHandled) {
  TestHttpServer server;
  server.enqueue(Reply::Respond(200, "bye").then_close());
  CurlTransport transport(direct());

  ASSERT_TRUE(transport.send(server.request("GET", "/one")).ok());
  auto r = transport.send(server.request("GET", "/two"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(server.connections_accepted(), 2);
}

TEST(CurlTransportConnections, AHandleThatFailedIsNotReused) {
  TestHttpServer server;
  CurlTransport transport(direct());

  ASSERT_TRUE(transport.send(server.request("GET", "/ok")).ok());
  EXPECT_EQ(transport.idle_handles(), 1u);
  server.enqueue(Reply::TruncatedBody(100, "abc"));
  ASSERT_FALSE(transport.send(server.request("GET", "/broken")).ok());
  EXPECT_EQ(transport.idle_handles(), 0u);

  ASSERT_TRUE(transport.send(server.request("GET", "/fresh")).ok());
  EXPECT_EQ(server.connections_accepted(), 2);
  EXPECT_EQ(server.requests().back().connection, 2);
}

TEST(CurlTransportConnections, PoolKeepsAtMostMaxIdleHandles) {
  TestHttpServer server;
  CurlOptions options = direct();
  options.max_idle_handles = 0;
  CurlTransport transport(options);

  ASSERT_TRUE(transport.send(server.request("GET", "/1")).ok());
  ASSERT_TRUE(transport.send(server.request("GET", "/2")).ok());
  EXPECT_EQ(transport.idle_handles(), 0u);
  EXPECT_EQ(server.connections_accepted(), 2);
}

TEST(CurlTransportConnections, ConcurrentSendsFromFourThreads) {
  TestHttpServer server([](const testing::RecordedRequest& req) {
    return Reply::Respond(200, req.path + "|" + req.body);
  });
  CurlTransport transport(direct());
  constexpr int kThreads = 4;
  constexpr int kPerThread = 12;
  std::vector<std::vector<std::string>> failures(kThreads);

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string path = "/t" + std::to_string(t) + "/r" + std::to_string(i);
        HttpRequest req = server.request(i % 2 == 0 ? "GET" : "POST", path);
        if (req.method == "POST") req.body = "payload-" + std::to_string(t * 100 + i);
        auto r = transport.send(req);
        if (!r.ok()) {
          failures[t].push_back(path + ": " + r.error().describe());
        } else if (r->body != path + "|" + req.body) {
          failures[t].push_back(path + ": got '" + r->body + "'");
        }
      }
    });
  }
  for (auto& th : threads) th.join();

  for (int t = 0; t < kThreads; ++t) {
    EXPECT_TRUE(failures[t].empty()) << failures[t].front();
  }
  EXPECT_EQ(server.request_count(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_LE(server.connections_accepted(), kThreads) << "connections were not kept alive";
  EXPECT_LE(transport.idle_handles(), static_cast<std::size_t>(kThreads));
}

// --- proxies ------------------------------------------------------------------------------

TEST(CurlTransportProxy, LowerCaseHttpProxyFromTheEnvironmentIsUsed) {
  NoProxyEnv clean;
  TestHttpServer proxy;
  ScopedEnv env("http_proxy", proxy.url());
  CurlOptions options = direct();
  options.proxy.reset();  // the environment decides
  CurlTransport transport(options);

  HttpRequest req;
  req.scheme = "http";
  req.host = "drh-target.invalid";
  req.path = "/via/proxy";
  auto r = transport.send(req);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(proxy.request_count(), 1u);
  EXPECT_EQ(proxy.requests()[0].target, "http://drh-target.invalid/via/proxy");
  EXPECT_EQ(proxy.requests()[0].headers.get("Host"), "drh-target.invalid");
}

TEST(CurlTransportProxy, UpperCaseHttpProxyIsIgnoredAndAnEmptyProxyDisablesTheEnvironment) {
  NoProxyEnv clean;
  TestHttpServer proxy;
  TestHttpServer target;
  {
    ScopedEnv env("HTTP_PROXY", proxy.url());  // httpoxy: libcurl ignores it
    CurlOptions options = direct();
    options.proxy.reset();
    CurlTransport transport(options);
    ASSERT_TRUE(transport.send(target.request("GET", "/direct")).ok());
  }
  {
    ScopedEnv env("http_proxy", proxy.url());
    CurlTransport transport(direct());  // proxy = "": no proxy whatever the environment
    ASSERT_TRUE(transport.send(target.request("GET", "/direct-too")).ok());
  }
  EXPECT_EQ(proxy.request_count(), 0u);
  EXPECT_EQ(target.request_count(), 2u);
}

}  // namespace
}  // namespace drh
