// S3 objects in the fake, through the typed client over InProcessTransport: binary-safe
// bodies, ETags, metadata, ranges and conditions, versions and delete markers, listings
// with prefixes, delimiters and continuation tokens, version listings with markers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "drh/aws/s3.h"
#include "drh/core/encoding.h"
#include "drh/core/endpoints.h"
#include "drh/protocol/generic.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

Result<nlohmann::json> generic(AwsConnection& connection, std::string_view region,
                               std::string_view op, const nlohmann::json& params) {
  auto info = find_service("s3");
  if (!info) return info.error();
  auto request = build_generic_request(**info, op, params);
  if (!request) return request.error();
  auto response =
      connection.send(**info, region, std::move(*request), params.value("Bucket", std::string()));
  if (!response) return response.error();
  return decode_generic_response(**info, op, *response);
}

class S3ObjectsFake : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(s3.CreateBucket("us-west-2", {.Bucket = "plain"}).ok());
    ASSERT_TRUE(s3.CreateBucket("us-west-2", {.Bucket = "versioned"}).ok());
    ASSERT_TRUE(s3.PutBucketVersioning(
                      "us-west-2",
                      {.Bucket = "versioned", .VersioningConfiguration = {.Status = "Enabled"}})
                    .ok());
  }
  std::string put(const std::string& bucket, const std::string& key, const std::string& body) {
    auto r = s3.PutObject("us-west-2", {.Bucket = bucket, .Key = key, .Body = body});
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r.ok() ? r->VersionId : std::string();
  }

  FakeWorld world;
  aws::S3Client s3{*world.connection};
};

TEST_F(S3ObjectsFake, BodiesAreBinarySafeWithAwsHeaders) {
  const std::string body("\x00\x01\x02\xff\xfe\r\nhello", 12);
  auto put = s3.PutObject("us-west-2", {.Bucket = "plain",
                                        .Key = "data/blob.bin",
                                        .Body = body,
                                        .CacheControl = "no-cache",
                                        .ContentType = "application/x-test",
                                        .Metadata = {{"Origin", "drill"}, {"run", "7"}},
                                        .Tagging = "a=1&b=2"});
  ASSERT_TRUE(put.ok()) << put.error().describe();
  EXPECT_EQ(
      put->ETag, "\"" + [&] {
        std::string raw;
        base64_decode(md5_base64(body), raw);
        return to_hex(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size());
      }() + "\"");
  EXPECT_EQ(put->VersionId, "");  // versioning never enabled: no version id
  EXPECT_EQ(put->ServerSideEncryption, "AES256");

  auto get = s3.GetObject("us-west-2", {.Bucket = "plain", .Key = "data/blob.bin"});
  ASSERT_TRUE(get.ok()) << get.error().describe();
  EXPECT_EQ(get->Body, body);
  EXPECT_EQ(get->ETag, put->ETag);
  EXPECT_EQ(get->ContentType, "application/x-test");
  EXPECT_EQ(get->CacheControl, "no-cache");
  EXPECT_EQ(get->ContentLength, 12);
  EXPECT_EQ(get->Metadata.at("origin"), "drill");  // user metadata keys come back lower case
  EXPECT_EQ(get->Metadata.at("run"), "7");
  EXPECT_EQ(get->TagCount, 2);
  EXPECT_EQ(get->LastModified, std::chrono::floor<std::chrono::seconds>(world.clock.now()));
  EXPECT_EQ(get->ReplicationStatus, "");

  auto head = s3.HeadObject("us-west-2", {.Bucket = "plain", .Key = "data/blob.bin"});
  ASSERT_TRUE(head.ok()) << head.error().describe();
  EXPECT_EQ(head->ContentLength, 12);
  EXPECT_EQ(head->ETag, put->ETag);

  ASSERT_TRUE(s3.PutObject("us-west-2", {.Bucket = "plain", .Key = "k", .Body = "x"}).ok());
  EXPECT_EQ(s3.GetObject("us-west-2", {.Bucket = "plain", .Key = "k"})->ContentType,
            "binary/octet-stream");

  auto range =
      s3.GetObject("us-west-2", {.Bucket = "plain", .Key = "data/blob.bin", .Range = "bytes=1-3"});
  ASSERT_TRUE(range.ok()) << range.error().describe();
  EXPECT_EQ(range->Body, std::string("\x01\x02\xff", 3));
  EXPECT_EQ(range->ContentRange, "bytes 1-3/12");
  auto tail =
      s3.GetObject("us-west-2", {.Bucket = "plain", .Key = "data/blob.bin", .Range = "bytes=-5"});
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(tail->Body, "hello");
  auto past = s3.GetObject("us-west-2",
                           {.Bucket = "plain", .Key = "data/blob.bin", .Range = "bytes=50-60"});
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().code, "InvalidRange");
  EXPECT_EQ(past.error().http_status, 416);
}

TEST_F(S3ObjectsFake, MissingObjectsAndConditionsGetAwsErrors) {
  auto get = s3.GetObject("us-west-2", {.Bucket = "plain", .Key = "nope"});
  ASSERT_FALSE(get.ok());
  EXPECT_EQ(get.error().code, "NoSuchKey");
  EXPECT_EQ(get.error().http_status, 404);
  auto head = s3.HeadObject("us-west-2", {.Bucket = "plain", .Key = "nope"});
  ASSERT_FALSE(head.ok());
  EXPECT_EQ(head.error().http_status, 404);
  auto no_bucket = s3.GetObject("us-west-2", {.Bucket = "no-such-bucket", .Key = "k"});
  ASSERT_FALSE(no_bucket.ok());
  EXPECT_EQ(no_bucket.error().code, "NoSuchBucket");

  put("plain", "cond", "v1");
  const std::string etag = s3.HeadObject("us-west-2", {.Bucket = "plain", .Key = "cond"})->ETag;
  auto wrong = s3.GetObject("us-west-2", {.Bucket = "plain", .Key = "cond", .IfMatch = "\"x\""});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "PreconditionFailed");
  EXPECT_EQ(wrong.error().http_status, 412);
  auto same = s3.GetObject("us-west-2", {.Bucket = "plain", .Key = "cond", .IfNoneMatch = etag});
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().http_status, 304);
  EXPECT_TRUE(s3.GetObject("us-west-2", {.Bucket = "plain", .Key = "cond", .IfMatch = etag}).ok());

  // A Content-MD5 that does not match the body is refused.
  auto bad_md5 = generic(*world.connection, "us-west-2", "PutObject",
                         {{"Bucket", "plain"},
                          {"Key", "md5"},
                          {"Body", "abc"},
                          {"ContentMD5", md5_base64("something else")}});
  ASSERT_FALSE(bad_md5.ok());
  EXPECT_EQ(bad_md5.error().code, "BadDigest");
  EXPECT_EQ(bad_md5.error().http_status, 400);
}

TEST_F(S3ObjectsFake, VersionsAndDeleteMarkers) {
  const std::string v1 = put("versioned", "doc", "one");
  const std::string v2 = put("versioned", "doc", "two");
  EXPECT_EQ(v1.size(), 32u);
  EXPECT_NE(v1, v2);
  EXPECT_EQ(s3.GetObject("us-west-2", {.Bucket = "versioned", .Key = "doc"})->Body, "two");
  auto old = s3.GetObject("us-west-2", {.Bucket = "versioned", .Key = "doc", .VersionId = v1});
  ASSERT_TRUE(old.ok()) << old.error().describe();
  EXPECT_EQ(old->Body, "one");
  EXPECT_EQ(old->VersionId, v1);

  auto del = s3.DeleteObject("us-west-2", {.Bucket = "versioned", .Key = "doc"});
  ASSERT_TRUE(del.ok()) << del.error().describe();
  EXPECT_EQ(del->DeleteMarker, true);
  ASSERT_EQ(del->VersionId.size(), 32u);
  auto hidden = s3.GetObject("us-west-2", {.Bucket = "versioned", .Key = "doc"});
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, "NoSuchKey");
  auto marker =
      s3.GetObject("us-west-2", {.Bucket = "versioned", .Key = "doc", .VersionId = del->VersionId});
  ASSERT_FALSE(marker.ok());
  EXPECT_EQ(marker.error().http_status, 405);
  auto unknown = s3.GetObject(
      "us-west-2",
      {.Bucket = "versioned", .Key = "doc", .VersionId = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "NoSuchVersion");
  EXPECT_EQ(unknown.error().http_status, 404);

  auto versions = s3.ListObjectVersions("us-west-2", {.Bucket = "versioned"});
  ASSERT_TRUE(versions.ok()) << versions.error().describe();
  ASSERT_EQ(versions->Versions.size(), 2u);
  ASSERT_EQ(versions->DeleteMarkers.size(), 1u);
  EXPECT_EQ(versions->DeleteMarkers[0].VersionId, del->VersionId);
  EXPECT_TRUE(versions->DeleteMarkers[0].IsLatest);
  EXPECT_EQ(versions->Versions[0].VersionId, v2);
  EXPECT_FALSE(versions->Versions[0].IsLatest);
  EXPECT_EQ(versions->Versions[1].VersionId, v1);

  // Removing the marker brings the object back; removing a version deletes it for good.
  ASSERT_TRUE(s3.DeleteObject("us-west-2",
                              {.Bucket = "versioned", .Key = "doc", .VersionId = del->VersionId})
                  .ok());
  EXPECT_EQ(s3.GetObject("us-west-2", {.Bucket = "versioned", .Key = "doc"})->Body, "two");
  auto gone = s3.DeleteObject("us-west-2", {.Bucket = "versioned", .Key = "doc", .VersionId = v2});
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->VersionId, v2);
  EXPECT_EQ(s3.GetObject("us-west-2", {.Bucket = "versioned", .Key = "doc"})->Body, "one");

  // Objects written before versioning keep the version id "null".
  put("plain", "old", "x");
  auto plain = s3.ListObjectVersions("us-west-2", {.Bucket = "plain"});
  ASSERT_TRUE(plain.ok());
  ASSERT_EQ(plain->Versions.size(), 1u);
  EXPECT_EQ(plain->Versions[0].VersionId, "null");
  EXPECT_TRUE(s3.DeleteObject("us-west-2", {.Bucket = "plain", .Key = "old"}).ok());
  EXPECT_FALSE(s3.HeadObject("us-west-2", {.Bucket = "plain", .Key = "old"}).ok());
}

TEST_F(S3ObjectsFake, ListObjectsV2PrefixDelimiterAndPages) {
  for (std::string key : {"logs/2026/01.txt", "logs/2026/02.txt", "logs/2025/12.txt", "a b+c.txt",
                          "orders/1", "orders/2", "orders/3", "orders/4", "orders/5", "z"}) {
    put("plain", key, "x");
  }
  auto top = s3.ListObjectsV2("us-west-2", {.Bucket = "plain", .Delimiter = "/"});
  ASSERT_TRUE(top.ok()) << top.error().describe();
  std::vector<std::string> keys;
  for (const auto& o : top->Contents) keys.push_back(o.Key);
  EXPECT_EQ(keys, (std::vector<std::string>{"a b+c.txt", "z"}));
  ASSERT_EQ(top->CommonPrefixes.size(), 2u);
  EXPECT_EQ(top->CommonPrefixes[0].Prefix, "logs/");
  EXPECT_EQ(top->CommonPrefixes[1].Prefix, "orders/");
  EXPECT_EQ(top->KeyCount, 4);
  EXPECT_FALSE(top->IsTruncated);

  auto years =
      s3.ListObjectsV2("us-west-2", {.Bucket = "plain", .Delimiter = "/", .Prefix = "logs/"});
  ASSERT_TRUE(years.ok());
  ASSERT_EQ(years->CommonPrefixes.size(), 2u);
  EXPECT_EQ(years->CommonPrefixes[0].Prefix, "logs/2025/");
  EXPECT_EQ(years->Prefix, "logs/");

  // Pages of two over the orders: three pages, tokens opaque and chained.
  std::vector<std::string> paged;
  aws::ListObjectsV2Request req{.Bucket = "plain", .MaxKeys = 2, .Prefix = "orders/"};
  int pages = 0;
  for (;;) {
    auto r = s3.ListObjectsV2("us-west-2", req);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    ++pages;
    EXPECT_EQ(r->MaxKeys, 2);
    for (const auto& o : r->Contents) paged.push_back(o.Key);
    if (!r->IsTruncated) break;
    ASSERT_FALSE(r->NextContinuationToken.empty());
    req.ContinuationToken = r->NextContinuationToken;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(paged,
            (std::vector<std::string>{"orders/1", "orders/2", "orders/3", "orders/4", "orders/5"}));
  // Pages of common prefixes and keys mixed.
  auto all = s3.ListObjectsV2All("us-west-2", {.Bucket = "plain", .MaxKeys = 1});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(all->size(), 10u);
  auto mixed = s3.ListObjectsV2(
      "us-west-2", {.Bucket = "plain", .Delimiter = "/", .MaxKeys = 1, .StartAfter = "logs/"});
  ASSERT_TRUE(mixed.ok());
  ASSERT_EQ(mixed->CommonPrefixes.size(), 1u);
  EXPECT_EQ(mixed->CommonPrefixes[0].Prefix, "orders/");
  EXPECT_TRUE(mixed->IsTruncated);
  auto next = s3.ListObjectsV2(
      "us-west-2",
      {.Bucket = "plain", .Delimiter = "/", .ContinuationToken = mixed->NextContinuationToken});
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->Contents.size(), 1u);
  EXPECT_EQ(next->Contents[0].Key, "z");
  EXPECT_TRUE(next->CommonPrefixes.empty());

  auto bad_token =
      s3.ListObjectsV2("us-west-2", {.Bucket = "plain", .ContinuationToken = "not-a-token"});
  ASSERT_FALSE(bad_token.ok());
  EXPECT_EQ(bad_token.error().code, "InvalidArgument");
  EXPECT_EQ(bad_token.error().http_status, 400);
}

TEST_F(S3ObjectsFake, ListObjectVersionsPagesWithMarkers) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(put("versioned", "a", "v" + std::to_string(i)));
  for (int i = 0; i < 2; ++i) ids.push_back(put("versioned", "b", "v" + std::to_string(i)));
  ASSERT_TRUE(s3.DeleteObject("us-west-2", {.Bucket = "versioned", .Key = "b"}).ok());
  // a: 3 versions; b: marker + 2 versions = 6 entries; pages of 2 -> 3 pages.
  aws::ListObjectVersionsRequest req{.Bucket = "versioned", .MaxKeys = 2};
  int pages = 0;
  std::size_t versions = 0;
  std::size_t markers = 0;
  for (;;) {
    auto r = s3.ListObjectVersions("us-west-2", req);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    ++pages;
    versions += r->Versions.size();
    markers += r->DeleteMarkers.size();
    if (!r->IsTruncated) break;
    req.KeyMarker = r->NextKeyMarker;
    req.VersionIdMarker = r->NextVersionIdMarker;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(versions, 5u);
  EXPECT_EQ(markers, 1u);
  auto all = s3.ListObjectVersionsAll("us-west-2", {.Bucket = "versioned", .MaxKeys = 1});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(all->Versions.size(), 5u);
  EXPECT_EQ(all->DeleteMarkers.size(), 1u);

  auto orphan =
      s3.ListObjectVersions("us-west-2", {.Bucket = "versioned", .VersionIdMarker = ids[0]});
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, "InvalidArgument");
}

TEST_F(S3ObjectsFake, DeleteObjectsRemovesManyAtOnce) {
  put("versioned", "x", "1");
  put("versioned", "y", "1");
  nlohmann::json params = {{"Bucket", "versioned"}};
  const nlohmann::json x = {{"Key", "x"}};
  const nlohmann::json y = {{"Key", "y"}};
  params["Delete"]["Objects"] = nlohmann::json::array({x, y});
  auto r = generic(*world.connection, "us-west-2", "DeleteObjects", params);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_NE(r->dump().find("DeleteMarker"), std::string::npos) << r->dump();
  EXPECT_FALSE(s3.HeadObject("us-west-2", {.Bucket = "versioned", .Key = "x"}).ok());
  auto versions = s3.ListObjectVersions("us-west-2", {.Bucket = "versioned"});
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->DeleteMarkers.size(), 2u);
}

}  // namespace
}  // namespace drh::testing
