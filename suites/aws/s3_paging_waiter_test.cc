// S3 "All pages" forms over scripted pages, and botocore's four S3 waiters over the
// GoogleMock stand-in (mocks/aws/mock_s3.h) on a ManualClock.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/mock_s3.h"
#include "drh/aws/s3.h"
#include "drh/core/encoding.h"
#include "scripted_transport.h"

namespace drh::aws {
namespace {

using drh::testing::ScriptedTransport;
using ::testing::_;
using ::testing::AllOf;
using ::testing::Eq;
using ::testing::Field;
using ::testing::Return;

const std::string kNs = "http://s3.amazonaws.com/doc/2006-03-01/";

std::string query_value(const HttpRequest& request, const std::string& key) {
  std::string_view q = request.query;
  while (!q.empty()) {
    std::string_view pair = q.substr(0, q.find('&'));
    q.remove_prefix(std::min(q.size(), pair.size() + 1));
    auto eq = pair.find('=');
    if (uri_decode(pair.substr(0, eq)) == key) {
      return eq == std::string_view::npos ? "" : uri_decode(pair.substr(eq + 1));
    }
  }
  return "<absent>";
}

std::string contents(const std::string& key) {
  return "<Contents><Key>" + key + "</Key><Size>1</Size><ETag>\"e\"</ETag></Contents>";
}

class S3PagingTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedTransport> transport_ = std::make_shared<ScriptedTransport>();
  ManualClock clock_;
  std::unique_ptr<AwsConnection> connection_ =
      drh::testing::scripted_connection(transport_, clock_);
  S3Client s3_{*connection_};
};

TEST_F(S3PagingTest, ListObjectsV2AllFollowsNextContinuationToken) {
  transport_->respond("<ListBucketResult xmlns=\"" + kNs +
                      "\"><Name>b</Name><IsTruncated>true</IsTruncated>"
                      "<NextContinuationToken>t/1+</NextContinuationToken>" +
                      contents("a") + contents("b") + "</ListBucketResult>");
  transport_->respond("<ListBucketResult xmlns=\"" + kNs +
                      "\"><Name>b</Name><IsTruncated>true</IsTruncated>"
                      "<ContinuationToken>t/1+</ContinuationToken>"
                      "<NextContinuationToken>t2</NextContinuationToken>" +
                      contents("c") + contents("d") + "</ListBucketResult>");
  transport_->respond("<ListBucketResult xmlns=\"" + kNs +
                      "\"><Name>b</Name><IsTruncated>false</IsTruncated>"
                      "<ContinuationToken>t2</ContinuationToken>" +
                      contents("e") + "</ListBucketResult>");
  auto all = s3_.ListObjectsV2All("us-east-1", {.Bucket = "b", .MaxKeys = 2, .Prefix = "p"});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 5u);
  EXPECT_EQ((*all)[4].Key, "e");
  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(query_value(requests[0], "continuation-token"), "<absent>");
  EXPECT_EQ(query_value(requests[1], "continuation-token"), "t/1+");
  EXPECT_EQ(query_value(requests[2], "continuation-token"), "t2");
  for (const HttpRequest& r : requests) {
    EXPECT_EQ(query_value(r, "max-keys"), "2");
    EXPECT_EQ(query_value(r, "prefix"), "p");
  }
}

TEST_F(S3PagingTest, ListObjectVersionsAllMergesVersionsAndDeleteMarkers) {
  const std::string v = "<Version><Key>k</Key><VersionId>";
  transport_->respond("<ListVersionsResult xmlns=\"" + kNs +
                      "\"><IsTruncated>true</IsTruncated><NextKeyMarker>k</NextKeyMarker>"
                      "<NextVersionIdMarker>v2</NextVersionIdMarker>" +
                      "<DeleteMarker><Key>k</Key><VersionId>dm</VersionId><IsLatest>true"
                      "</IsLatest></DeleteMarker>" +
                      v +
                      "v1</VersionId><IsLatest>false</IsLatest></Version></ListVersionsResult>");
  transport_->respond("<ListVersionsResult xmlns=\"" + kNs +
                      "\"><IsTruncated>true</IsTruncated><KeyMarker>k</KeyMarker>"
                      "<VersionIdMarker>v2</VersionIdMarker><NextKeyMarker>l</NextKeyMarker>"
                      "<NextVersionIdMarker>w1</NextVersionIdMarker>" +
                      v + "v2</VersionId></Version>" + v +
                      "v3</VersionId></Version></ListVersionsResult>");
  transport_->respond("<ListVersionsResult xmlns=\"" + kNs +
                      "\"><IsTruncated>false</IsTruncated><KeyMarker>l</KeyMarker>"
                      "<VersionIdMarker>w1</VersionIdMarker>"
                      "<Version><Key>l</Key><VersionId>w1</VersionId><IsLatest>true</IsLatest>"
                      "</Version><DeleteMarker><Key>m</Key><VersionId>dm2</VersionId>"
                      "</DeleteMarker></ListVersionsResult>");
  auto all = s3_.ListObjectVersionsAll("us-east-1", {.Bucket = "b", .MaxKeys = 2});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->Versions.size(), 4u);
  EXPECT_EQ(all->Versions[3].Key, "l");
  EXPECT_TRUE(all->Versions[3].IsLatest);
  ASSERT_EQ(all->DeleteMarkers.size(), 2u);
  EXPECT_EQ(all->DeleteMarkers[1].VersionId, "dm2");
  EXPECT_FALSE(all->IsTruncated);
  EXPECT_EQ(all->NextKeyMarker, "");
  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(query_value(requests[1], "key-marker"), "k");
  EXPECT_EQ(query_value(requests[1], "version-id-marker"), "v2");
  EXPECT_EQ(query_value(requests[2], "key-marker"), "l");
  EXPECT_EQ(query_value(requests[2], "version-id-marker"), "w1");
}

TEST_F(S3PagingTest, ListBucketsAllFollowsTheContinuationToken) {
  for (int page = 1; page <= 3; ++page) {
    std::string token =
        page < 3 ? "<ContinuationToken>c" + std::to_string(page) + "</ContinuationToken>" : "";
    transport_->respond("<ListAllMyBucketsResult xmlns=\"" + kNs + "\"><Buckets><Bucket><Name>b" +
                        std::to_string(page) + "</Name></Bucket></Buckets>" + token +
                        "</ListAllMyBucketsResult>");
  }
  auto all = s3_.ListBucketsAll("us-east-1", {.MaxBuckets = 1});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[2].Name, "b3");
  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(query_value(requests[1], "continuation-token"), "c1");
  EXPECT_EQ(query_value(requests[2], "continuation-token"), "c2");
}

TEST(S3PagingOnMock, ARepeatedContinuationTokenStops) {
  MockS3Api api;
  ListObjectsV2Result page;
  page.IsTruncated = true;
  page.NextContinuationToken = "same";
  page.Contents = {Object{.Key = "a"}};
  EXPECT_CALL(api, ListObjectsV2(Eq("us-east-1"), _)).Times(2).WillRepeatedly(Return(page));
  auto all = api.ListObjectsV2All("us-east-1", {.Bucket = "b"});
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, "RepeatedPageToken");
  EXPECT_NE(all.error().message.find("'same'"), std::string::npos);
}

TEST(S3PagingOnMock, TruncatedVersionsWithoutAKeyMarkerIsAnError) {
  MockS3Api api;
  ListObjectVersionsResult page;
  page.IsTruncated = true;
  EXPECT_CALL(api, ListObjectVersions(_, _)).WillOnce(Return(page));
  auto all = api.ListObjectVersionsAll("us-east-1", {.Bucket = "b"});
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, "MissingPageToken");
}

// ------------------------------------------------------------------ waiters

Error http_error(int status, std::string code) {
  Error e = make_error(ErrorKind::kAws, std::move(code), "");
  e.http_status = status;
  return e;
}

TEST(S3Waiters, BucketExistsPollsThrough404UntilFound) {
  MockS3Api api;
  ManualClock clock;
  const TimePoint start = clock.now();
  EXPECT_CALL(api, HeadBucket(Eq("us-west-2"), Field(&HeadBucketRequest::Bucket, "replica")))
      .WillOnce(Return(http_error(404, "NotFound")))
      .WillOnce(Return(http_error(404, "NotFound")))
      .WillOnce(Return(HeadBucketResult{.BucketRegion = "us-west-2"}));
  Status s = WaitUntilBucketExists(api, clock, "us-west-2", "replica");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(clock.now() - start, std::chrono::seconds(10));
}

TEST(S3Waiters, BucketExistsAccepts403And301AsBotocoreDoes) {
  MockS3Api api;
  ManualClock clock;
  EXPECT_CALL(api, HeadBucket(_, _))
      .WillOnce(Return(http_error(403, "Forbidden")))
      .WillOnce(Return(http_error(301, "Http301")));
  EXPECT_TRUE(WaitUntilBucketExists(api, clock, "us-east-1", "theirs").ok());
  EXPECT_TRUE(WaitUntilBucketExists(api, clock, "us-east-1", "elsewhere").ok());
}

TEST(S3Waiters, BucketExistsFailsOnAnErrorNoAcceptorMatches) {
  MockS3Api api;
  ManualClock clock;
  EXPECT_CALL(api, HeadBucket(_, _)).WillOnce(Return(http_error(400, "BadRequest")));
  Status s = WaitUntilBucketExists(api, clock, "us-east-1", "b");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "BadRequest");
}

TEST(S3Waiters, BucketNotExistsWaitsFor404) {
  MockS3Api api;
  ManualClock clock;
  EXPECT_CALL(api, HeadBucket(_, _))
      .WillOnce(Return(HeadBucketResult{}))
      .WillOnce(Return(http_error(404, "NotFound")));
  Status s = WaitUntilBucketNotExists(api, clock, "us-east-1", "b");
  ASSERT_TRUE(s.ok()) << s.error().describe();
}

TEST(S3Waiters, BucketNotExistsTreats403AsAFailure) {
  // Only 404 is an acceptor of BucketNotExists: 403 says nothing about deletion.
  MockS3Api api;
  ManualClock clock;
  EXPECT_CALL(api, HeadBucket(_, _)).WillOnce(Return(http_error(403, "Forbidden")));
  Status s = WaitUntilBucketNotExists(api, clock, "us-east-1", "b");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "Forbidden");
}

TEST(S3Waiters, ObjectExistsPassesTheVersionAndWaitsForIt) {
  MockS3Api api;
  ManualClock clock;
  HeadObjectRequest want{.Bucket = "replica", .Key = "canary/1", .VersionId = "v9"};
  EXPECT_CALL(api, HeadObject(Eq("us-west-2"), AllOf(Field(&HeadObjectRequest::Key, "canary/1"),
                                                     Field(&HeadObjectRequest::VersionId, "v9"))))
      .WillOnce(Return(http_error(404, "NotFound")))
      .WillOnce(Return(HeadObjectResult{}));
  Status s = WaitUntilObjectExists(api, clock, "us-west-2", want);
  ASSERT_TRUE(s.ok()) << s.error().describe();
}

TEST(S3Waiters, ObjectExistsTreats403AsAFailure) {
  MockS3Api api;
  ManualClock clock;
  EXPECT_CALL(api, HeadObject(_, _)).WillOnce(Return(http_error(403, "Forbidden")));
  Status s = WaitUntilObjectExists(api, clock, "us-east-1", {.Bucket = "b", .Key = "k"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().http_status, 403);
}

TEST(S3Waiters, ObjectNotExistsTimesOutNamingTheObjectAndWhatItSaw) {
  MockS3Api api;
  ManualClock clock;
  EXPECT_CALL(api, HeadObject(_, _)).Times(3).WillRepeatedly(Return(HeadObjectResult{}));
  Status s =
      WaitUntilObjectNotExists(api, clock, "us-east-1", {.Bucket = "b", .Key = "canary/1"},
                               WaitOptions{std::chrono::seconds(5), std::chrono::seconds(10)});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kTimeout);
  EXPECT_NE(s.error().message.find("object s3://b/canary/1 to be deleted"), std::string::npos)
      << s.error().message;
  EXPECT_NE(s.error().message.find("last observed: object s3://b/canary/1 exists (HTTP 200)"),
            std::string::npos)
      << s.error().message;
}

TEST(S3Waiters, BucketExistsTimeoutReportsTheLast404) {
  MockS3Api api;
  ManualClock clock;
  // botocore's BucketExists: 5 s apart, 20 attempts.
  EXPECT_CALL(api, HeadBucket(_, _)).Times(20).WillRepeatedly(Return(http_error(404, "NotFound")));
  Status s = WaitUntilBucketExists(api, clock, "us-east-1", "late");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterTimeout");
  EXPECT_NE(s.error().message.find("bucket late not found (HTTP 404 NotFound)"), std::string::npos)
      << s.error().message;
  EXPECT_NE(s.error().message.find("timed out after 95 s"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace drh::aws
