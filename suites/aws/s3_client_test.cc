// S3Client over hand-written wire samples (fixtures/wire/s3/): what each operation sends
// (method, path, query, headers, body) and what it makes of the answer.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "../../harness/aws/s3_codec.h"
#include "../../harness/aws/s3_json.h"
#include "drh/aws/s3.h"
#include "drh/core/encoding.h"
#include "drh/protocol/timestamp.h"
#include "scripted_transport.h"

namespace drh::aws {
namespace {

using drh::testing::ScriptedTransport;
using drh::testing::wire_sample;

constexpr std::string_view kNs = "http://s3.amazonaws.com/doc/2006-03-01/";

// The query as sent: each key with its decoded value ("" for a bare key like
// "versioning").
std::map<std::string, std::string> query_of(const HttpRequest& request) {
  std::map<std::string, std::string> out;
  std::string_view q = request.query;
  while (!q.empty()) {
    std::string_view pair = q.substr(0, q.find('&'));
    q.remove_prefix(std::min(q.size(), pair.size() + 1));
    auto eq = pair.find('=');
    out[uri_decode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? "" : uri_decode(pair.substr(eq + 1));
  }
  return out;
}

std::string header(const HttpRequest& request, std::string_view name) {
  auto v = request.headers.get(name);
  return v ? std::string(*v) : "<absent>";
}

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng() & 0xFF);
  return out;
}

HttpResponse response_with(std::string body, Headers headers, int status = 200) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  capture_request_id(r);
  return r;
}

class S3ClientTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedTransport> transport_ = std::make_shared<ScriptedTransport>();
  ManualClock clock_;
  std::unique_ptr<AwsConnection> connection_ =
      drh::testing::scripted_connection(transport_, clock_);
  S3Client s3_{*connection_};

  const HttpRequest& sent() const { return transport_->last_request(); }
};

// ------------------------------------------------------------------ buckets

TEST_F(S3ClientTest, ListBucketsSendsPagingQueryAndDecodesBuckets) {
  transport_->respond(wire_sample("s3/ListBuckets.xml"));
  auto r = s3_.ListBuckets("us-east-1", {.MaxBuckets = 2, .Prefix = "orders-"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "GET");
  EXPECT_EQ(sent().path, "/");
  auto q = query_of(sent());
  EXPECT_EQ(q["max-buckets"], "2");
  EXPECT_EQ(q["prefix"], "orders-");
  EXPECT_EQ(q.count("continuation-token"), 0u);
  ASSERT_EQ(r->Buckets.size(), 2u);
  EXPECT_EQ(r->Buckets[1].Name, "orders-replica-usw2");
  EXPECT_EQ(r->Buckets[1].BucketRegion, "us-west-2");
  EXPECT_EQ(r->Buckets[0].CreationDate, parse_iso8601("2024-04-30T09:15:02Z").value());
  ASSERT_TRUE(r->Owner.has_value());
  EXPECT_EQ(r->Owner->DisplayName, "dr-team");
  EXPECT_EQ(r->ContinuationToken, "eyJidWNrZXQiOiJvcmRlcnMtcmVwbGljYS11c3cyIn0=");
  EXPECT_EQ(r->Prefix, "orders-");
}

TEST_F(S3ClientTest, CreateBucketOutsideUsEast1SendsTheRegionAsLocationConstraint) {
  transport_->respond("", 200, Headers{{"Location", "/orders-replica-usw2"}});
  auto r = s3_.CreateBucket("us-west-2", {.Bucket = "orders-replica-usw2"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "PUT");
  EXPECT_EQ(sent().path, "/orders-replica-usw2");
  EXPECT_EQ(sent().body, "<CreateBucketConfiguration xmlns=\"" + std::string(kNs) +
                             "\"><LocationConstraint>us-west-2</LocationConstraint>"
                             "</CreateBucketConfiguration>");
  auto auth = sent().headers.get("Authorization");
  ASSERT_TRUE(auth.has_value());
  EXPECT_NE(auth->find("/us-west-2/s3/aws4_request"), std::string_view::npos) << *auth;
  EXPECT_EQ(r->Location, "/orders-replica-usw2");
}

TEST_F(S3ClientTest, CreateBucketInUsEast1SendsNoConfiguration) {
  transport_->respond("");
  auto r = s3_.CreateBucket(
      "us-east-1", {.Bucket = "orders-primary-use1", .ObjectOwnership = "BucketOwnerEnforced"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().body, "");
  EXPECT_EQ(header(sent(), "x-amz-object-ownership"), "BucketOwnerEnforced");
}

TEST_F(S3ClientTest, CreateBucketConfigurationGivenWinsOverTheRegion) {
  transport_->respond("");
  auto r = s3_.CreateBucket(
      "eu-west-1",
      {.Bucket = "legacy", .CreateBucketConfiguration = CreateBucketConfiguration{"EU"}});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_NE(sent().body.find("<LocationConstraint>EU</LocationConstraint>"), std::string::npos);
}

TEST_F(S3ClientTest, DeleteBucketAcceptsANoContentAnswer) {
  transport_->respond("", 204);
  auto r = s3_.DeleteBucket("us-west-2", {.Bucket = "orders-replica-usw2"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "DELETE");
  EXPECT_EQ(sent().path, "/orders-replica-usw2");
}

TEST_F(S3ClientTest, HeadBucketReadsTheRegionHeader) {
  transport_->respond(
      "", 200,
      Headers{{"x-amz-bucket-region", "us-west-2"}, {"x-amz-access-point-alias", "false"}});
  auto r = s3_.HeadBucket("us-west-2", {.Bucket = "orders-replica-usw2"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "HEAD");
  EXPECT_EQ(sent().path, "/orders-replica-usw2");
  EXPECT_EQ(r->BucketRegion, "us-west-2");
  EXPECT_EQ(r->AccessPointAlias, false);
}

TEST_F(S3ClientTest, HeadBucketOfAMissingBucketIsNotFound) {
  transport_->respond("", 404);
  auto r = s3_.HeadBucket("us-east-1", {.Bucket = "orders-missing"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "NotFound");
  EXPECT_EQ(r.error().http_status, 404);
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(S3ClientTest, GetBucketLocationDecodesTheConstraint) {
  transport_->respond(wire_sample("s3/GetBucketLocation.xml"));
  transport_->respond(wire_sample("s3/GetBucketLocation-us-east-1.xml"));
  auto west = s3_.GetBucketLocation("us-west-2", {.Bucket = "orders-replica-usw2"});
  ASSERT_TRUE(west.ok()) << west.error().describe();
  EXPECT_EQ(sent().path, "/orders-replica-usw2");
  EXPECT_EQ(sent().query, "location");
  EXPECT_EQ(west->LocationConstraint, "us-west-2");
  auto east = s3_.GetBucketLocation("us-east-1", {.Bucket = "orders-primary-use1"});
  ASSERT_TRUE(east.ok()) << east.error().describe();
  EXPECT_EQ(east->LocationConstraint, "");
}

// ------------------------------------------------------------------ versioning

TEST_F(S3ClientTest, PutBucketVersioningSendsTheConfigurationWithContentMd5) {
  transport_->respond("");
  auto r = s3_.PutBucketVersioning("us-east-1", {.Bucket = "orders-primary-use1",
                                                 .VersioningConfiguration = {.Status = "Enabled"}});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "PUT");
  EXPECT_EQ(sent().path, "/orders-primary-use1");
  EXPECT_EQ(sent().query, "versioning");
  EXPECT_EQ(sent().body, "<VersioningConfiguration xmlns=\"" + std::string(kNs) +
                             "\"><Status>Enabled</Status></VersioningConfiguration>");
  EXPECT_EQ(header(sent(), "Content-MD5"), md5_base64(sent().body));
}

TEST_F(S3ClientTest, PutBucketVersioningNeedsAStatus) {
  auto r = s3_.PutBucketVersioning("us-east-1", {.Bucket = "b"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(S3ClientTest, GetBucketVersioningDecodesStatusAndMfaDelete) {
  transport_->respond(wire_sample("s3/GetBucketVersioning.xml"));
  auto r = s3_.GetBucketVersioning("us-east-1", {.Bucket = "orders-primary-use1"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().query, "versioning");
  EXPECT_EQ(r->Status, "Enabled");
  EXPECT_EQ(r->MFADelete, "Disabled");
}

TEST_F(S3ClientTest, GetBucketVersioningOfANeverVersionedBucketIsEmpty) {
  transport_->respond("<VersioningConfiguration xmlns=\"" + std::string(kNs) + "\"/>");
  auto r = s3_.GetBucketVersioning("us-east-1", {.Bucket = "plain"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->Status, "");
}

// ------------------------------------------------------------------ replication

ReplicationConfiguration rtc_configuration() {
  ReplicationRule rule;
  rule.ID = "orders-rtc";
  rule.Priority = 1;
  rule.Filter = ReplicationRuleFilter{.Prefix = "orders/"};
  rule.Status = "Enabled";
  rule.Destination.Bucket = "arn:aws:s3:::orders-replica-usw2";
  rule.Destination.StorageClass = "STANDARD";
  rule.Destination.ReplicationTime = ReplicationTime{"Enabled", {15}};
  rule.Destination.Metrics = Metrics{"Enabled", ReplicationTimeValue{15}};
  rule.DeleteMarkerReplication = DeleteMarkerReplication{"Enabled"};
  return ReplicationConfiguration{"arn:aws:iam::123456789012:role/s3-crr-orders", {rule}};
}

TEST_F(S3ClientTest, PutBucketReplicationSendsRtcRulesWithContentMd5) {
  transport_->respond("");
  auto r = s3_.PutBucketReplication("us-east-1", {.Bucket = "orders-primary-use1",
                                                  .ReplicationConfiguration = rtc_configuration()});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "PUT");
  EXPECT_EQ(sent().query, "replication");
  EXPECT_EQ(sent().body,
            "<ReplicationConfiguration xmlns=\"" + std::string(kNs) +
                "\"><Role>arn:aws:iam::123456789012:role/s3-crr-orders</Role><Rule>"
                "<ID>orders-rtc</ID><Priority>1</Priority><Filter><Prefix>orders/</Prefix>"
                "</Filter><Status>Enabled</Status><Destination>"
                "<Bucket>arn:aws:s3:::orders-replica-usw2</Bucket>"
                "<StorageClass>STANDARD</StorageClass><ReplicationTime><Status>Enabled</Status>"
                "<Time><Minutes>15</Minutes></Time></ReplicationTime><Metrics>"
                "<Status>Enabled</Status><EventThreshold><Minutes>15</Minutes></EventThreshold>"
                "</Metrics></Destination><DeleteMarkerReplication><Status>Enabled</Status>"
                "</DeleteMarkerReplication></Rule></ReplicationConfiguration>");
  EXPECT_EQ(header(sent(), "Content-MD5"), md5_base64(sent().body));
}

TEST_F(S3ClientTest, PutBucketReplicationRejectsAConfigurationWithoutRole) {
  ReplicationConfiguration c = rtc_configuration();
  c.Role.clear();
  auto r = s3_.PutBucketReplication("us-east-1", {.Bucket = "b", .ReplicationConfiguration = c});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(r.error().message.find("Role"), std::string::npos);
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(S3ClientTest, GetBucketReplicationDecodesEveryRuleShape) {
  transport_->respond(wire_sample("s3/GetBucketReplication.xml"));
  auto r = s3_.GetBucketReplication("us-east-1", {.Bucket = "orders-primary-use1"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().query, "replication");
  const ReplicationConfiguration& c = r->ReplicationConfiguration;
  EXPECT_EQ(c.Role, "arn:aws:iam::123456789012:role/s3-crr-orders");
  ASSERT_EQ(c.Rules.size(), 4u);

  const ReplicationRule& rtc = c.Rules[0];
  EXPECT_EQ(rtc.ID, "orders-rtc");
  EXPECT_EQ(rtc.Priority, 1);
  EXPECT_EQ(rtc.Status, "Enabled");
  ASSERT_TRUE(rtc.Filter && rtc.Filter->And);
  EXPECT_FALSE(rtc.Filter->Prefix.has_value());
  EXPECT_EQ(rtc.Filter->And->Prefix, "orders/");
  ASSERT_EQ(rtc.Filter->And->Tags.size(), 2u);
  EXPECT_EQ(rtc.Filter->And->Tags[1], (Tag{"tier", "gold"}));
  ASSERT_TRUE(rtc.SourceSelectionCriteria && rtc.SourceSelectionCriteria->ReplicaModifications);
  EXPECT_EQ(rtc.SourceSelectionCriteria->ReplicaModifications->Status, "Enabled");
  EXPECT_EQ(rtc.ExistingObjectReplication->Status, "Disabled");
  const Destination& d = rtc.Destination;
  EXPECT_EQ(d.Bucket, "arn:aws:s3:::orders-replica-usw2");
  EXPECT_EQ(d.Account, "123456789012");
  EXPECT_EQ(d.StorageClass, "STANDARD_IA");
  EXPECT_EQ(d.AccessControlTranslation->Owner, "Destination");
  EXPECT_TRUE(d.EncryptionConfiguration->ReplicaKmsKeyID.starts_with("arn:aws:kms:us-west-2:"));
  ASSERT_TRUE(d.ReplicationTime.has_value());
  EXPECT_EQ(d.ReplicationTime->Status, "Enabled");
  EXPECT_EQ(d.ReplicationTime->Time.Minutes, 15);
  ASSERT_TRUE(d.Metrics && d.Metrics->EventThreshold);
  EXPECT_EQ(d.Metrics->EventThreshold->Minutes, 15);
  EXPECT_EQ(rtc.DeleteMarkerReplication->Status, "Enabled");

  ASSERT_TRUE(c.Rules[1].Filter && c.Rules[1].Filter->Tag);
  EXPECT_EQ(*c.Rules[1].Filter->Tag, (Tag{"audit", "yes"}));
  EXPECT_FALSE(c.Rules[1].Destination.ReplicationTime.has_value());

  // <Filter><Prefix></Prefix></Filter> selects everything: present but empty.
  ASSERT_TRUE(c.Rules[2].Filter.has_value());
  ASSERT_TRUE(c.Rules[2].Filter->Prefix.has_value());
  EXPECT_EQ(*c.Rules[2].Filter->Prefix, "");

  EXPECT_FALSE(c.Rules[3].Filter.has_value());
  EXPECT_EQ(c.Rules[3].Prefix, "logs/");
  EXPECT_FALSE(c.Rules[3].Priority.has_value());
}

TEST(S3Replication, WhatIsPutReadsBackAsTheSameConfiguration) {
  HttpResponse sample;
  sample.status = 200;
  sample.body = wire_sample("s3/GetBucketReplication.xml");
  auto original = decode_GetBucketReplication(sample);
  ASSERT_TRUE(original.ok()) << original.error().describe();

  auto put = encode_PutBucketReplication(
      {.Bucket = "b", .ReplicationConfiguration = original->ReplicationConfiguration});
  ASSERT_TRUE(put.ok()) << put.error().describe();
  HttpResponse echoed;
  echoed.status = 200;
  echoed.body = put->body;
  auto reread = decode_GetBucketReplication(echoed);
  ASSERT_TRUE(reread.ok()) << reread.error().describe();
  EXPECT_EQ(to_json(*reread), to_json(*original));
}

TEST_F(S3ClientTest, MissingReplicationConfigurationHasItsOwnCode) {
  transport_->respond(wire_sample("s3/ReplicationConfigurationNotFoundError.xml"), 404);
  auto r = s3_.GetBucketReplication("us-east-1", {.Bucket = "orders-primary-use1"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ReplicationConfigurationNotFoundError");
  EXPECT_EQ(r.error().request_id, "1D5E7F9A0B2C4D6E");
}

// ------------------------------------------------------------------ encryption

TEST_F(S3ClientTest, GetBucketEncryptionDecodesTheDefaultRule) {
  transport_->respond(wire_sample("s3/GetBucketEncryption.xml"));
  auto r = s3_.GetBucketEncryption("us-east-1", {.Bucket = "orders-primary-use1"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().query, "encryption");
  ASSERT_EQ(r->ServerSideEncryptionConfiguration.Rules.size(), 1u);
  const ServerSideEncryptionRule& rule = r->ServerSideEncryptionConfiguration.Rules[0];
  ASSERT_TRUE(rule.ApplyServerSideEncryptionByDefault.has_value());
  EXPECT_EQ(rule.ApplyServerSideEncryptionByDefault->SSEAlgorithm, "aws:kms");
  EXPECT_TRUE(rule.ApplyServerSideEncryptionByDefault->KMSMasterKeyID.ends_with(
      "key/1234abcd-12ab-34cd-56ef-1234567890ab"));
  EXPECT_EQ(rule.BucketKeyEnabled, true);
}

// ------------------------------------------------------------------ objects

TEST_F(S3ClientTest, PutObjectSendsBinaryBodyHeadersAndAnEncodedKey) {
  transport_->respond("", 200,
                      Headers{{"ETag", "\"6e809cbda0732ac4845916a59016f954\""},
                              {"x-amz-version-id", "v-1"},
                              {"x-amz-server-side-encryption", "AES256"}});
  const std::string body = random_bytes(4096, 7) + std::string("\0\r\n\xff", 4);
  PutObjectRequest req;
  req.Bucket = "orders-primary-use1";
  req.Key = "canary/2024 05+01.bin";
  req.Body = body;
  req.ContentType = "application/octet-stream";
  req.Metadata = {{"drill-id", "d-42"}, {"writer", "us-east-1"}};
  req.Tagging = "replicate=true&tier=gold";
  auto r = s3_.PutObject("us-east-1", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(sent().method, "PUT");
  EXPECT_EQ(sent().path, "/orders-primary-use1/canary/2024%2005%2B01.bin");
  EXPECT_EQ(sent().body, body);
  EXPECT_EQ(header(sent(), "Content-Type"), "application/octet-stream");
  EXPECT_EQ(header(sent(), "x-amz-meta-drill-id"), "d-42");
  EXPECT_EQ(header(sent(), "x-amz-meta-writer"), "us-east-1");
  EXPECT_EQ(header(sent(), "x-amz-tagging"), "replicate=true&tier=gold");
  EXPECT_EQ(header(sent(), "Content-MD5"), md5_base64(body));
  EXPECT_EQ(header(sent(), "x-amz-content-sha256"), sha256_hex(body));
  EXPECT_EQ(r->ETag, "\"6e809cbda0732ac4845916a59016f954\"");
  EXPECT_EQ(r->VersionId, "v-1");
  EXPECT_EQ(r->ServerSideEncryption, "AES256");
}

TEST_F(S3ClientTest, PutObjectWithoutAKeyIsRejected) {
  auto r = s3_.PutObject("us-east-1", {.Bucket = "b", .Body = "x"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(r.error().message.find("Key"), std::string::npos) << r.error().message;
}

TEST_F(S3ClientTest, GetObjectReturnsBodyBytesAndObjectHeaders) {
  const std::string body = random_bytes(70000, 11);
  transport_->respond(
      response_with(body, Headers{{"Last-Modified", "Wed, 01 May 2024 10:00:00 GMT"},
                                  {"Content-Length", std::to_string(body.size())},
                                  {"ETag", "\"abc\""},
                                  {"x-amz-version-id", "v-2"},
                                  {"Content-Type", "application/octet-stream"},
                                  {"x-amz-replication-status", "REPLICA"},
                                  {"X-Amz-Meta-Drill-Id", "d-42"},
                                  {"x-amz-tagging-count", "2"},
                                  {"x-amz-server-side-encryption", "aws:kms"},
                                  {"x-amz-request-id", "REQ1"}}));
  auto r = s3_.GetObject("us-west-2", {.Bucket = "orders-replica-usw2",
                                       .Key = "canary/1.bin",
                                       .VersionId = "v-2",
                                       .Range = "bytes=0-"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "GET");
  EXPECT_EQ(sent().path, "/orders-replica-usw2/canary/1.bin");
  EXPECT_EQ(query_of(sent())["versionId"], "v-2");
  EXPECT_EQ(header(sent(), "Range"), "bytes=0-");
  EXPECT_EQ(r->Body, body);
  EXPECT_EQ(r->ContentLength, static_cast<std::int64_t>(body.size()));
  EXPECT_EQ(r->LastModified, parse_iso8601("2024-05-01T10:00:00Z").value());
  EXPECT_EQ(r->ETag, "\"abc\"");
  EXPECT_EQ(r->VersionId, "v-2");
  EXPECT_EQ(r->ReplicationStatus, "REPLICA");
  EXPECT_EQ(r->Metadata, (ObjectMetadata{{"drill-id", "d-42"}}));
  EXPECT_EQ(r->TagCount, 2);
  EXPECT_EQ(r->ServerSideEncryption, "aws:kms");
}

TEST_F(S3ClientTest, GetObjectOfAMissingKeyIsNoSuchKey) {
  transport_->respond(wire_sample("s3/NoSuchKey.xml"), 404);
  auto r =
      s3_.GetObject("us-east-1", {.Bucket = "orders-primary-use1", .Key = "canary/missing.json"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "NoSuchKey");
  EXPECT_EQ(r.error().http_status, 404);
}

TEST_F(S3ClientTest, HeadObjectReadsReplicationStatusAndVersion) {
  transport_->respond("", 200,
                      Headers{{"x-amz-replication-status", "COMPLETED"},
                              {"x-amz-version-id", "v-3"},
                              {"Content-Length", "1048576"},
                              {"x-amz-delete-marker", "false"},
                              {"x-amz-meta-writer", "us-east-1"}});
  auto r = s3_.HeadObject(
      "us-east-1", {.Bucket = "orders-primary-use1", .Key = "canary/1.bin", .VersionId = "v-3"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "HEAD");
  EXPECT_EQ(query_of(sent())["versionId"], "v-3");
  EXPECT_EQ(r->ReplicationStatus, "COMPLETED");
  EXPECT_EQ(r->VersionId, "v-3");
  EXPECT_EQ(r->ContentLength, 1048576);
  EXPECT_EQ(r->DeleteMarker, false);
  EXPECT_EQ(r->Metadata.at("writer"), "us-east-1");
}

TEST_F(S3ClientTest, HeadObjectOfAMissingKeyIsNotFound) {
  transport_->respond("", 404);
  auto r = s3_.HeadObject("us-east-1", {.Bucket = "b", .Key = "nope"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "NotFound");
  EXPECT_EQ(r.error().http_status, 404);
}

TEST_F(S3ClientTest, BadHeaderValueIsADecodeErrorNamingTheHeader) {
  transport_->respond("", 200, Headers{{"Content-Length", "lots"}});
  auto r = s3_.HeadObject("us-east-1", {.Bucket = "b", .Key = "k"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kDecode);
  EXPECT_NE(r.error().message.find("header Content-Length is not an integer: 'lots'"),
            std::string::npos)
      << r.error().message;
}

TEST_F(S3ClientTest, DeleteObjectReportsTheDeleteMarker) {
  transport_->respond("", 204,
                      Headers{{"x-amz-delete-marker", "true"}, {"x-amz-version-id", "dm-1"}});
  auto r = s3_.DeleteObject("us-east-1", {.Bucket = "orders-primary-use1", .Key = "canary/1.bin"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().method, "DELETE");
  EXPECT_EQ(sent().path, "/orders-primary-use1/canary/1.bin");
  EXPECT_EQ(sent().query, "");
  EXPECT_EQ(r->DeleteMarker, true);
  EXPECT_EQ(r->VersionId, "dm-1");
}

TEST_F(S3ClientTest, DeleteObjectOfAVersionSendsItsId) {
  transport_->respond("", 204, Headers{{"x-amz-version-id", "v-1"}});
  auto r = s3_.DeleteObject("us-east-1", {.Bucket = "b", .Key = "k", .VersionId = "v-1"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(query_of(sent())["versionId"], "v-1");
  EXPECT_FALSE(r->DeleteMarker.has_value());
}

// ------------------------------------------------------------------ listings

TEST_F(S3ClientTest, ListObjectsV2AsksForUrlEncodingAndDecodesKeys) {
  transport_->respond(wire_sample("s3/ListObjectsV2.xml"));
  auto r = s3_.ListObjectsV2(
      "us-east-1", {.Bucket = "orders-primary-use1",
                    .Delimiter = "/",
                    .MaxKeys = 2,
                    .Prefix = "canary/",
                    .ContinuationToken = "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent().path, "/orders-primary-use1");
  EXPECT_TRUE(sent().query.starts_with("list-type=2&")) << sent().query;
  auto q = query_of(sent());
  EXPECT_EQ(q["encoding-type"], "url");
  EXPECT_EQ(q["max-keys"], "2");
  EXPECT_EQ(q["prefix"], "canary/");
  EXPECT_EQ(q["delimiter"], "/");
  EXPECT_EQ(q["continuation-token"], "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");

  EXPECT_EQ(r->Name, "orders-primary-use1");
  EXPECT_EQ(r->Prefix, "canary/");
  EXPECT_EQ(r->Delimiter, "/");
  EXPECT_EQ(r->KeyCount, 3);
  EXPECT_EQ(r->MaxKeys, 2);
  EXPECT_TRUE(r->IsTruncated);
  EXPECT_EQ(r->NextContinuationToken, "1w41l63U0xa8q7smH50vCxyTQqdxo69O3EmK28Bi5PcROI4wI/EyIJg==");
  ASSERT_EQ(r->Contents.size(), 2u);
  EXPECT_EQ(r->Contents[0].Key, "canary/2024-05-01 10:00:00.json");
  EXPECT_EQ(r->Contents[0].Size, 48);
  EXPECT_EQ(r->Contents[0].ETag, "\"9b2cf535f27731c974343645a3985328\"");
  EXPECT_EQ(r->Contents[0].Owner->DisplayName, "dr-team");
  EXPECT_EQ(r->Contents[1].Key, "canary/plus+sign&amp.bin");
  EXPECT_EQ(r->Contents[1].Size, 10485760);
  EXPECT_FALSE(r->Contents[1].Owner.has_value());
  ASSERT_EQ(r->CommonPrefixes.size(), 1u);
  EXPECT_EQ(r->CommonPrefixes[0].Prefix, "canary/archive/");
}

TEST_F(S3ClientTest, ListObjectVersionsKeepsVersionsAndDeleteMarkersApart) {
  transport_->respond(wire_sample("s3/ListObjectVersions.xml"));
  auto r = s3_.ListObjectVersions("us-east-1", {.Bucket = "orders-primary-use1",
                                                .KeyMarker = "canary/",
                                                .MaxKeys = 3,
                                                .Prefix = "canary/",
                                                .VersionIdMarker = "v0"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_TRUE(sent().query.starts_with("versions&")) << sent().query;
  auto q = query_of(sent());
  EXPECT_EQ(q["key-marker"], "canary/");
  EXPECT_EQ(q["version-id-marker"], "v0");
  EXPECT_EQ(q["max-keys"], "3");
  EXPECT_EQ(q["encoding-type"], "url");

  ASSERT_EQ(r->DeleteMarkers.size(), 1u);
  EXPECT_EQ(r->DeleteMarkers[0].Key, "canary/a.json");
  EXPECT_EQ(r->DeleteMarkers[0].VersionId, "null");
  EXPECT_TRUE(r->DeleteMarkers[0].IsLatest);
  ASSERT_EQ(r->Versions.size(), 2u);
  EXPECT_EQ(r->Versions[0].Key, "canary/a.json");
  EXPECT_FALSE(r->Versions[0].IsLatest);
  EXPECT_EQ(r->Versions[0].Size, 434234);
  EXPECT_EQ(r->Versions[1].Key, "canary/b c.json");
  EXPECT_EQ(r->Versions[1].VersionId, "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY");
  EXPECT_TRUE(r->IsTruncated);
  EXPECT_EQ(r->NextKeyMarker, "canary/b c.json");
  EXPECT_EQ(r->NextVersionIdMarker, "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY");
  EXPECT_EQ(r->Prefix, "canary/");
}

// ------------------------------------------------------------------ errors

TEST_F(S3ClientTest, MissingBucketIsNoSuchBucket) {
  transport_->respond(wire_sample("s3/NoSuchBucket.xml"), 404);
  auto r = s3_.ListObjectsV2("us-east-1", {.Bucket = "orders-missing"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "NoSuchBucket");
  EXPECT_EQ(r.error().http_status, 404);
  EXPECT_EQ(r.error().request_id, "4442587FB7D0A2F9");
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(S3ClientTest, AccessDeniedIsNotRetried) {
  transport_->respond(wire_sample("s3/AccessDenied.xml"), 403);
  auto r = s3_.GetBucketReplication("us-east-1", {.Bucket = "orders-primary-use1"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "AccessDenied");
  EXPECT_EQ(r.error().http_status, 403);
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(S3ClientTest, SlowDownIsRetriedOnTheInjectedClock) {
  transport_->respond(wire_sample("s3/SlowDown.xml"), 503);
  transport_->respond(wire_sample("s3/GetBucketVersioning.xml"));
  auto r = s3_.GetBucketVersioning("us-east-1", {.Bucket = "orders-primary-use1"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->Status, "Enabled");
  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].query, "versioning");
}

TEST_F(S3ClientTest, ListingWithAnotherRootIsRejected) {
  transport_->respond(wire_sample("s3/ListObjectVersions.xml"));
  auto r = s3_.ListObjectsV2("us-east-1", {.Bucket = "b"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "UnexpectedResponse");
  EXPECT_NE(r.error().message.find("ListObjectsV2"), std::string::npos) << r.error().message;
}

// ------------------------------------------------------------------ JSON

TEST(S3Json, BinaryBodiesAreBase64AndTextStaysText) {
  GetObjectResult binary;
  binary.Body = std::string("\x00\xff\xfe", 3);
  nlohmann::json j = to_json(binary);
  EXPECT_EQ(j["Body"], base64_encode(binary.Body));
  EXPECT_EQ(j["BodyEncoding"], "base64");

  GetObjectResult text;
  text.Body = "h\xC3\xA9llo";  // valid UTF-8
  text.ReplicationStatus = "PENDING";
  nlohmann::json t = to_json(text);
  EXPECT_EQ(t["Body"], "h\xC3\xA9llo");
  EXPECT_FALSE(t.contains("BodyEncoding"));
  EXPECT_EQ(t["ReplicationStatus"], "PENDING");
  EXPECT_FALSE(t.contains("VersionId"));
}

TEST(S3Json, ReplicationUsesBotocoreNames) {
  GetBucketReplicationResult r;
  r.ReplicationConfiguration = rtc_configuration();
  nlohmann::json j = to_json(r);
  const nlohmann::json& rule = j["ReplicationConfiguration"]["Rules"][0];
  EXPECT_EQ(j["ReplicationConfiguration"]["Role"], "arn:aws:iam::123456789012:role/s3-crr-orders");
  EXPECT_EQ(rule["Destination"]["ReplicationTime"]["Time"]["Minutes"], 15);
  EXPECT_EQ(rule["Destination"]["Metrics"]["EventThreshold"]["Minutes"], 15);
  EXPECT_EQ(rule["Filter"]["Prefix"], "orders/");
  EXPECT_EQ(rule["DeleteMarkerReplication"]["Status"], "Enabled");
}

TEST(S3Json, UsEast1LocationIsNull) {
  nlohmann::json j = to_json(GetBucketLocationResult{});
  ASSERT_TRUE(j.contains("LocationConstraint"));
  EXPECT_TRUE(j["LocationConstraint"].is_null());
}

}  // namespace
}  // namespace drh::aws
