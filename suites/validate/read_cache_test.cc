// The read cache: repeated reads cost one call, writes and polled reads always go through.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "drh/validate/read_cache.h"

namespace drh::validate {
namespace {

class Counting final : public Transport {
 public:
  Result<HttpResponse> send(const HttpRequest&) override {
    ++calls;
    HttpResponse r;
    r.status = fail_next.exchange(false) ? 500 : 200;
    r.body = "answer " + std::to_string(calls.load());
    return r;
  }
  std::atomic<int> calls{0};
  std::atomic<bool> fail_next{false};
};

HttpRequest query(const std::string& action, const std::string& service = "rds") {
  HttpRequest r;
  r.method = "POST";
  r.scheme = "http";
  r.host = "127.0.0.1:4566";
  r.body = "Action=" + action + "&Version=2014-10-31";
  r.headers.add("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/" + service +
                                     "/aws4_request, SignedHeaders=host, Signature=abc");
  return r;
}

HttpRequest s3_get(const std::string& path, const std::string& q) {
  HttpRequest r = query("", "s3");
  r.method = "GET";
  r.body.clear();
  r.path = path;
  r.query = q;
  return r;
}

TEST(ReadCache, RepeatedReadsCostOneCallAndWritesAlwaysGo) {
  auto inner = std::make_shared<Counting>();
  auto cache = make_read_cache(inner);
  auto first = cache->send(query("DescribeDBClusters"));
  auto again = cache->send(query("DescribeDBClusters"));
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->body, again->body);
  EXPECT_EQ(inner->calls.load(), 1);
  (void)cache->send(query("CreateDBCluster"));
  (void)cache->send(query("CreateDBCluster"));
  EXPECT_EQ(inner->calls.load(), 3);
}

TEST(ReadCache, ObjectReadsACanaryPollsAreNeverCached) {
  auto inner = std::make_shared<Counting>();
  auto cache = make_read_cache(inner);
  (void)cache->send(s3_get("/bucket/marker", ""));
  (void)cache->send(s3_get("/bucket/marker", ""));
  EXPECT_EQ(inner->calls.load(), 2);
  (void)cache->send(s3_get("/bucket", "versioning"));
  (void)cache->send(s3_get("/bucket", "versioning"));
  EXPECT_EQ(inner->calls.load(), 3);
  HttpRequest get_item = query("", "dynamodb");
  get_item.body = "{}";
  get_item.headers.add("X-Amz-Target", "DynamoDB_20120810.GetItem");
  (void)cache->send(get_item);
  (void)cache->send(get_item);
  EXPECT_EQ(inner->calls.load(), 5);
}

TEST(ReadCache, ErrorsAreNotRememberedAndConcurrentReadersShareOneCall) {
  auto inner = std::make_shared<Counting>();
  auto cache = make_read_cache(inner);
  inner->fail_next = true;
  EXPECT_EQ(cache->send(query("DescribeGlobalClusters"))->status, 500);
  EXPECT_EQ(cache->send(query("DescribeGlobalClusters"))->status, 200);
  EXPECT_EQ(inner->calls.load(), 2);
  std::vector<std::thread> readers;
  for (int i = 0; i < 8; ++i) readers.emplace_back([&] { (void)cache->send(query("DescribeVpcs", "ec2")); });
  for (auto& t : readers) t.join();
  EXPECT_EQ(inner->calls.load(), 3);
}

}  // namespace
}  // namespace drh::validate
