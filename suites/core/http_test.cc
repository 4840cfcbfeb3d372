#include "drh/core/http.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace drh {
namespace {

TEST(HeadersTest, AddKeepsDuplicatesInWireOrder) {
  Headers h;
  EXPECT_TRUE(h.empty());
  h.add("X-Amz-Meta-A", "1");
  h.add("Host", "example.com");
  h.add("x-amz-meta-a", "2");
  EXPECT_EQ(h.size(), 3u);
  std::vector<Headers::Entry> expected = {
      {"X-Amz-Meta-A", "1"}, {"Host", "example.com"}, {"x-amz-meta-a", "2"}};
  EXPECT_EQ(h.entries(), expected);
  std::vector<Headers::Entry> iterated(h.begin(), h.end());
  EXPECT_EQ(iterated, expected);
}

TEST(HeadersTest, GetIsCaseInsensitiveAndReturnsTheFirst) {
  Headers h{{"Content-Type", "application/json"}, {"X-Dup", "first"}, {"x-dup", "second"}};
  ASSERT_TRUE(h.get("content-type").has_value());
  EXPECT_EQ(*h.get("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(*h.get("X-DUP"), "first");
  EXPECT_FALSE(h.get("Content-Length").has_value());
  EXPECT_TRUE(h.has("x-dup"));
  EXPECT_FALSE(h.has("x-du"));
}

TEST(HeadersTest, SetReplacesEveryEntryOfThatName) {
  Headers h{{"A", "1"}, {"X-Dup", "first"}, {"B", "2"}, {"x-dup", "second"}};
  h.set("X-DUP", "only");
  EXPECT_EQ(h.size(), 3u);
  std::vector<Headers::Entry> expected = {{"A", "1"}, {"B", "2"}, {"X-DUP", "only"}};
  EXPECT_EQ(h.entries(), expected);
  h.set("New", "v");
  EXPECT_EQ(*h.get("new"), "v");
}

TEST(HeadersTest, RemoveDropsAllCaseVariants) {
  Headers h{{"Authorization", "x"}, {"authorization", "y"}, {"Host", "h"}};
  h.remove("AUTHORIZATION");
  EXPECT_EQ(h.size(), 1u);
  EXPECT_FALSE(h.has("authorization"));
  h.remove("absent");
  EXPECT_EQ(h.size(), 1u);
}

TEST(HeadersTest, EmptyValuesAreStillPresent) {
  Headers h;
  h.add("X-Empty", "");
  EXPECT_TRUE(h.has("x-empty"));
  EXPECT_EQ(*h.get("x-empty"), "");
}

TEST(HttpRequestTest, UrlJoinsTheParts) {
  HttpRequest r;
  r.scheme = "https";
  r.host = "ec2.us-east-1.amazonaws.com";
  r.path = "/";
  r.query = "Action=DescribeVpcs&Version=2016-11-15";
  EXPECT_EQ(r.url(), "https://ec2.us-east-1.amazonaws.com/?Action=DescribeVpcs&Version=2016-11-15");
  r.query.clear();
  r.path = "/my%20key";
  EXPECT_EQ(r.url(), "https://ec2.us-east-1.amazonaws.com/my%20key");
}

TEST(HttpRequestTest, Defaults) {
  HttpRequest r;
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.scheme, "https");
  EXPECT_EQ(r.path, "/");
}

TEST(HttpRequestTest, HostnameDropsThePort) {
  HttpRequest r;
  r.host = "localhost:4566";
  EXPECT_EQ(r.hostname(), "localhost");
  r.host = "s3.eu-west-1.amazonaws.com";
  EXPECT_EQ(r.hostname(), "s3.eu-west-1.amazonaws.com");
  r.host = "[::1]:8080";
  EXPECT_EQ(r.hostname(), "[::1]");
  r.host = "[fe80::1]";
  EXPECT_EQ(r.hostname(), "[fe80::1]");
  r.host = "127.0.0.1:5000";
  EXPECT_EQ(r.hostname(), "127.0.0.1");
}

TEST(HttpResponseTest, IsSuccessOnlyFor2xx) {
  HttpResponse r;
  for (int status : {200, 201, 204, 299}) {
    r.status = status;
    EXPECT_TRUE(r.is_success()) << status;
  }
  for (int status : {0, 100, 199, 300, 304, 400, 404, 500, 503}) {
    r.status = status;
    EXPECT_FALSE(r.is_success()) << status;
  }
}

TEST(CaptureRequestIdTest, ReadsEachAwsHeaderName) {
  for (const char* name :
       {"x-amzn-RequestId", "X-AMZN-REQUESTID", "x-amz-request-id", "x-amzn-request-id"}) {
    HttpResponse r;
    r.headers.add("Content-Type", "text/xml");
    r.headers.add(name, "req-42");
    capture_request_id(r);
    EXPECT_EQ(r.request_id, "req-42") << name;
  }
}

TEST(CaptureRequestIdTest, PrefersTheJsonServicesHeaderAndLeavesMissingEmpty) {
  HttpResponse r;
  r.headers.add("x-amz-request-id", "s3-id");
  r.headers.add("x-amzn-RequestId", "json-id");
  capture_request_id(r);
  EXPECT_EQ(r.request_id, "json-id");

  HttpResponse none;
  none.headers.add("x-amz-id-2", "extended");
  capture_request_id(none);
  EXPECT_EQ(none.request_id, "");
}

TEST(ParseUrlTest, HostAndPortOnly) {
  auto u = parse_url("http://localhost:4566");
  ASSERT_TRUE(u.ok()) << u.error().describe();
  EXPECT_EQ(u->scheme, "http");
  EXPECT_EQ(u->host, "localhost:4566");
  EXPECT_EQ(u->path, "/");
  EXPECT_EQ(u->query, "");
}

TEST(ParseUrlTest, PathAndQuery) {
  auto u = parse_url("HTTPS://Example.com/base/path?x=1&y=2");
  ASSERT_TRUE(u.ok()) << u.error().describe();
  EXPECT_EQ(u->scheme, "https") << "scheme is lower-cased";
  EXPECT_EQ(u->host, "Example.com");
  EXPECT_EQ(u->path, "/base/path");
  EXPECT_EQ(u->query, "x=1&y=2");
}

TEST(ParseUrlTest, QueryWithoutPath) {
  auto u = parse_url("http://h?x");
  ASSERT_TRUE(u.ok()) << u.error().describe();
  EXPECT_EQ(u->host, "h");
  EXPECT_EQ(u->path, "/");
  EXPECT_EQ(u->query, "x");
}

TEST(ParseUrlTest, TrailingSlashAndIpHosts) {
  auto a = parse_url("http://127.0.0.1:5000/");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "127.0.0.1:5000");
  EXPECT_EQ(a->path, "/");
  auto b = parse_url("http://[::1]:8080/x");
  ASSERT_TRUE(b.ok()) << b.error().describe();
  EXPECT_EQ(b->host, "[::1]:8080");
  EXPECT_EQ(b->path, "/x");
  auto c = parse_url("http://[::1]");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->host, "[::1]");
  auto d = parse_url("http://moto_server:5000");
  EXPECT_TRUE(d.ok()) << "docker-compose style host names may contain '_'";
}

TEST(ParseUrlTest, RejectsBadUrlsNamingThem) {
  struct Case {
    const char* url;
    const char* says;
  };
  for (Case c :
       {Case{"localhost:4566", "no scheme"}, Case{"ftp://host", "http or https"},
        Case{"http://", "no host"}, Case{"http:///path", "no host"}, Case{"http://?x", "no host"},
        Case{"http://:4566", "no host"}, Case{"http://host:", "invalid port"},
        Case{"http://host:abc", "invalid port"}, Case{"http://host:99999", "port"},
        Case{"http://host:0", "port"}, Case{"http://ho st", "whitespace"},
        Case{"http://host\n", "whitespace"}, Case{"http://host#frag", "invalid character"},
        Case{"http://[::1", "unterminated"}, Case{"http://[]:80", "no host"},
        Case{"http://[::1]x", "after"}, Case{"", "no scheme"}}) {
    auto u = parse_url(c.url);
    ASSERT_FALSE(u.ok()) << c.url;
    EXPECT_EQ(u.error().kind, ErrorKind::kInvalidInput) << c.url;
    EXPECT_NE(u.error().message.find(c.says), std::string::npos)
        << c.url << " -> " << u.error().message;
  }
}

TEST(ParseUrlTest, UserInfoIsRejectedWithoutEchoingIt) {
  auto u = parse_url("https://admin:hunter2@example.com/");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(u.error().message.find("hunter2"), std::string::npos) << u.error().message;
  EXPECT_NE(u.error().message.find("user info"), std::string::npos);
}

TEST(TransportTest, IsAnInterfaceTestsCanImplement) {
  struct Echo : Transport {
    Result<HttpResponse> send(const HttpRequest& request) override {
      HttpResponse r;
      r.status = 200;
      r.body = request.body;
      return r;
    }
  } echo;
  HttpRequest req;
  req.body = "ping";
  auto r = echo.send(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, "ping");
}

}  // namespace
}  // namespace drh
