// S3 buckets in the fake, through the typed client over InProcessTransport: two regions,
// location constraints, redirects for the wrong region, versioning, replication
// configurations returned as put, default encryption, virtual-hosted addressing, and
// state that survives save and load.
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

aws::ReplicationConfiguration rtc_config(const std::string& destination) {
  aws::ReplicationRule rule;
  rule.ID = "orders-to-west";
  rule.Priority = 1;
  rule.Filter = aws::ReplicationRuleFilter{.Prefix = std::string("orders/")};
  rule.Status = "Enabled";
  rule.Destination.Bucket = "arn:aws:s3:::" + destination;
  rule.Destination.StorageClass = "STANDARD_IA";
  rule.Destination.ReplicationTime =
      aws::ReplicationTime{.Status = "Enabled", .Time = {.Minutes = 15}};
  rule.Destination.Metrics =
      aws::Metrics{.Status = "Enabled", .EventThreshold = aws::ReplicationTimeValue{.Minutes = 15}};
  rule.DeleteMarkerReplication = aws::DeleteMarkerReplication{.Status = "Enabled"};
  aws::ReplicationConfiguration cfg;
  cfg.Role = "arn:aws:iam::123456789012:role/replication";
  cfg.Rules.push_back(rule);
  return cfg;
}

class S3BucketsFake : public ::testing::Test {
 protected:
  void make_bucket(const std::string& region, const std::string& name, bool versioned = false) {
    auto r = s3.CreateBucket(region, {.Bucket = name});
    ASSERT_TRUE(r.ok()) << r.error().describe();
    if (versioned) {
      auto v = s3.PutBucketVersioning(
          region, {.Bucket = name, .VersioningConfiguration = {.Status = "Enabled"}});
      ASSERT_TRUE(v.ok()) << v.error().describe();
    }
  }

  FakeWorld world;
  aws::S3Client s3{*world.connection};
};

TEST_F(S3BucketsFake, BucketsLiveInTheRegionTheyWereCreatedIn) {
  make_bucket("us-east-1", "orders-primary");
  make_bucket("us-west-2", "orders-replica");

  auto east = s3.GetBucketLocation("us-east-1", {.Bucket = "orders-primary"});
  ASSERT_TRUE(east.ok()) << east.error().describe();
  EXPECT_EQ(east->LocationConstraint, "");
  // GetBucketLocation answers from any region: it is how clients find the region.
  auto west = s3.GetBucketLocation("us-east-1", {.Bucket = "orders-replica"});
  ASSERT_TRUE(west.ok()) << west.error().describe();
  EXPECT_EQ(west->LocationConstraint, "us-west-2");

  auto head = s3.HeadBucket("us-west-2", {.Bucket = "orders-replica"});
  ASSERT_TRUE(head.ok()) << head.error().describe();
  EXPECT_EQ(head->BucketRegion, "us-west-2");

  // ListBuckets is global, sorted by name, with each bucket's region.
  auto list = s3.ListBuckets("eu-west-1", {});
  ASSERT_TRUE(list.ok()) << list.error().describe();
  ASSERT_EQ(list->Buckets.size(), 2u);
  EXPECT_EQ(list->Buckets[0].Name, "orders-primary");
  EXPECT_EQ(list->Buckets[0].BucketRegion, "us-east-1");
  EXPECT_EQ(list->Buckets[0].CreationDate, world.clock.now());
  EXPECT_EQ(list->Buckets[1].BucketRegion, "us-west-2");
  ASSERT_TRUE(list->Owner.has_value());
  EXPECT_EQ(list->Owner->ID.size(), 64u);
  auto filtered = s3.ListBuckets("us-east-1", {.BucketRegion = "us-west-2"});
  ASSERT_TRUE(filtered.ok());
  ASSERT_EQ(filtered->Buckets.size(), 1u);
  EXPECT_EQ(filtered->Buckets[0].Name, "orders-replica");
}

TEST_F(S3BucketsFake, ListBucketsPagesWithContinuationTokens) {
  for (int i = 0; i < 7; ++i) make_bucket("us-east-1", "page-bucket-" + std::to_string(i));
  std::vector<std::string> names;
  aws::ListBucketsRequest req{.MaxBuckets = 2};
  int pages = 0;
  for (;;) {
    auto r = s3.ListBuckets("us-east-1", req);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    ++pages;
    for (const auto& b : r->Buckets) names.push_back(b.Name);
    if (r->ContinuationToken.empty()) break;
    req.ContinuationToken = r->ContinuationToken;
  }
  EXPECT_EQ(pages, 4);
  ASSERT_EQ(names.size(), 7u);
  EXPECT_EQ(names.front(), "page-bucket-0");
  EXPECT_EQ(names.back(), "page-bucket-6");
  auto all = s3.ListBucketsAll("us-east-1", {.MaxBuckets = 3, .Prefix = "page-bucket-"});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 7u);
}

TEST_F(S3BucketsFake, CreateBucketChecksNamesOwnershipAndConstraints) {
  auto bad = s3.CreateBucket("us-east-1", {.Bucket = "Bad_Name"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidBucketName");
  EXPECT_EQ(bad.error().http_status, 400);
  auto ip = s3.CreateBucket("us-east-1", {.Bucket = "192.168.5.4"});
  ASSERT_FALSE(ip.ok());
  EXPECT_EQ(ip.error().code, "InvalidBucketName");

  make_bucket("us-west-2", "taken");
  auto again = s3.CreateBucket("us-west-2", {.Bucket = "taken"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "BucketAlreadyOwnedByYou");
  EXPECT_EQ(again.error().http_status, 409);
  // us-east-1 answers 200 when you re-create your own bucket there (legacy behaviour).
  make_bucket("us-east-1", "legacy");
  EXPECT_TRUE(s3.CreateBucket("us-east-1", {.Bucket = "legacy"}).ok());

  auto mismatch = s3.CreateBucket(
      "us-west-2", {.Bucket = "elsewhere",
                    .CreateBucketConfiguration =
                        aws::CreateBucketConfiguration{.LocationConstraint = "eu-west-1"}});
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().code, "IllegalLocationConstraintException");
  EXPECT_EQ(mismatch.error().http_status, 400);
  auto explicit_east = s3.CreateBucket(
      "us-east-1", {.Bucket = "spelled-out",
                    .CreateBucketConfiguration =
                        aws::CreateBucketConfiguration{.LocationConstraint = "us-east-1"}});
  ASSERT_FALSE(explicit_east.ok());
  EXPECT_EQ(explicit_east.error().code, "InvalidLocationConstraint");
  // The global endpoint (us-east-1) may create a bucket in another region.
  auto global = s3.CreateBucket(
      "us-east-1", {.Bucket = "made-in-west",
                    .CreateBucketConfiguration =
                        aws::CreateBucketConfiguration{.LocationConstraint = "us-west-2"}});
  ASSERT_TRUE(global.ok()) << global.error().describe();
  EXPECT_EQ(s3.GetBucketLocation("us-west-2", {.Bucket = "made-in-west"})->LocationConstraint,
            "us-west-2");
}

TEST_F(S3BucketsFake, WrongRegionIsRedirectedAndMissingBucketsAre404) {
  make_bucket("us-west-2", "west-only");
  auto head = s3.HeadBucket("us-east-1", {.Bucket = "west-only"});
  ASSERT_FALSE(head.ok());
  EXPECT_EQ(head.error().http_status, 301);
  auto get = s3.GetBucketVersioning("eu-west-1", {.Bucket = "west-only"});
  ASSERT_FALSE(get.ok());
  EXPECT_EQ(get.error().code, "PermanentRedirect");
  EXPECT_EQ(get.error().http_status, 301);

  auto missing = s3.GetBucketVersioning("us-east-1", {.Bucket = "no-such-bucket"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "NoSuchBucket");
  EXPECT_EQ(missing.error().http_status, 404);
  auto missing_head = s3.HeadBucket("us-east-1", {.Bucket = "no-such-bucket"});
  ASSERT_FALSE(missing_head.ok());
  EXPECT_EQ(missing_head.error().http_status, 404);
  auto delete_missing = s3.DeleteBucket("us-east-1", {.Bucket = "no-such-bucket"});
  ASSERT_FALSE(delete_missing.ok());
  EXPECT_EQ(delete_missing.error().code, "NoSuchBucket");
}

TEST_F(S3BucketsFake, HeadAnswersCarryNoBody) {
  HttpRequest request;
  request.method = "HEAD";
  request.host = "s3.us-east-1.amazonaws.com";
  request.path = "/nothing-here";
  HttpResponse r = world.cloud.handle(request);
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(r.body.empty());
  request.method = "GET";
  r = world.cloud.handle(request);
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("<Code>NoSuchBucket</Code>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<BucketName>nothing-here</BucketName>"), std::string::npos);
}

TEST_F(S3BucketsFake, DeleteBucketNeedsAnEmptyBucket) {
  make_bucket("us-east-1", "full");
  ASSERT_TRUE(s3.PutObject("us-east-1", {.Bucket = "full", .Key = "a", .Body = "x"}).ok());
  auto busy = s3.DeleteBucket("us-east-1", {.Bucket = "full"});
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, "BucketNotEmpty");
  EXPECT_EQ(busy.error().http_status, 409);
  ASSERT_TRUE(s3.DeleteObject("us-east-1", {.Bucket = "full", .Key = "a"}).ok());
  EXPECT_TRUE(s3.DeleteBucket("us-east-1", {.Bucket = "full"}).ok());
  EXPECT_FALSE(s3.HeadBucket("us-east-1", {.Bucket = "full"}).ok());
}

TEST_F(S3BucketsFake, VersioningMovesBetweenEnabledAndSuspended) {
  make_bucket("us-east-1", "versions");
  auto none = s3.GetBucketVersioning("us-east-1", {.Bucket = "versions"});
  ASSERT_TRUE(none.ok()) << none.error().describe();
  EXPECT_EQ(none->Status, "");
  for (std::string status : {"Enabled", "Suspended", "Enabled"}) {
    auto put = s3.PutBucketVersioning(
        "us-east-1", {.Bucket = "versions", .VersioningConfiguration = {.Status = status}});
    ASSERT_TRUE(put.ok()) << put.error().describe();
    EXPECT_EQ(s3.GetBucketVersioning("us-east-1", {.Bucket = "versions"})->Status, status);
  }
}

TEST_F(S3BucketsFake, ReplicationIsValidatedAndReturnedAsPut) {
  make_bucket("us-east-1", "src");
  make_bucket("us-west-2", "dst");
  auto unversioned = s3.PutBucketReplication(
      "us-east-1", {.Bucket = "src", .ReplicationConfiguration = rtc_config("dst")});
  ASSERT_FALSE(unversioned.ok());
  EXPECT_EQ(unversioned.error().code, "InvalidRequest");
  EXPECT_NE(unversioned.error().message.find("Versioning must be 'Enabled'"), std::string::npos);

  ASSERT_TRUE(
      s3.PutBucketVersioning("us-east-1",
                             {.Bucket = "src", .VersioningConfiguration = {.Status = "Enabled"}})
          .ok());
  auto dest_unversioned = s3.PutBucketReplication(
      "us-east-1", {.Bucket = "src", .ReplicationConfiguration = rtc_config("dst")});
  ASSERT_FALSE(dest_unversioned.ok());
  EXPECT_NE(dest_unversioned.error().message.find("Destination bucket must have versioning"),
            std::string::npos);
  auto no_dest = s3.PutBucketReplication(
      "us-east-1", {.Bucket = "src", .ReplicationConfiguration = rtc_config("nowhere")});
  ASSERT_FALSE(no_dest.ok());
  EXPECT_NE(no_dest.error().message.find("Destination bucket must exist"), std::string::npos);
  ASSERT_TRUE(
      s3.PutBucketVersioning("us-west-2",
                             {.Bucket = "dst", .VersioningConfiguration = {.Status = "Enabled"}})
          .ok());

  auto none = s3.GetBucketReplication("us-east-1", {.Bucket = "src"});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "ReplicationConfigurationNotFoundError");
  EXPECT_EQ(none.error().http_status, 404);

  auto put = s3.PutBucketReplication(
      "us-east-1", {.Bucket = "src", .ReplicationConfiguration = rtc_config("dst")});
  ASSERT_TRUE(put.ok()) << put.error().describe();
  auto got = s3.GetBucketReplication("us-east-1", {.Bucket = "src"});
  ASSERT_TRUE(got.ok()) << got.error().describe();
  const aws::ReplicationConfiguration& cfg = got->ReplicationConfiguration;
  EXPECT_EQ(cfg.Role, "arn:aws:iam::123456789012:role/replication");
  ASSERT_EQ(cfg.Rules.size(), 1u);
  const aws::ReplicationRule& rule = cfg.Rules[0];
  EXPECT_EQ(rule.ID, "orders-to-west");
  EXPECT_EQ(rule.Priority, 1);
  EXPECT_EQ(rule.Status, "Enabled");
  ASSERT_TRUE(rule.Filter.has_value());
  EXPECT_EQ(rule.Filter->Prefix, std::optional<std::string>("orders/"));
  EXPECT_FALSE(rule.Prefix.has_value());
  ASSERT_TRUE(rule.DeleteMarkerReplication.has_value());
  EXPECT_EQ(rule.DeleteMarkerReplication->Status, "Enabled");
  EXPECT_EQ(rule.Destination.Bucket, "arn:aws:s3:::dst");
  EXPECT_EQ(rule.Destination.StorageClass, "STANDARD_IA");
  ASSERT_TRUE(rule.Destination.ReplicationTime.has_value());
  EXPECT_EQ(rule.Destination.ReplicationTime->Status, "Enabled");
  EXPECT_EQ(rule.Destination.ReplicationTime->Time.Minutes, 15);
  ASSERT_TRUE(rule.Destination.Metrics.has_value());
  ASSERT_TRUE(rule.Destination.Metrics->EventThreshold.has_value());
  EXPECT_EQ(rule.Destination.Metrics->EventThreshold->Minutes, 15);

  // Replication holds versioning on.
  auto suspend = s3.PutBucketVersioning(
      "us-east-1", {.Bucket = "src", .VersioningConfiguration = {.Status = "Suspended"}});
  ASSERT_FALSE(suspend.ok());
  EXPECT_EQ(suspend.error().code, "InvalidBucketState");

  // V2 rules (with Filter) need DeleteMarkerReplication; RTC takes 15 minutes only.
  aws::ReplicationConfiguration no_dmr = rtc_config("dst");
  no_dmr.Rules[0].DeleteMarkerReplication.reset();
  auto r1 =
      s3.PutBucketReplication("us-east-1", {.Bucket = "src", .ReplicationConfiguration = no_dmr});
  ASSERT_FALSE(r1.ok());
  EXPECT_NE(r1.error().message.find("DeleteMarkerReplication must be specified"),
            std::string::npos);
  aws::ReplicationConfiguration slow = rtc_config("dst");
  slow.Rules[0].Destination.ReplicationTime->Time.Minutes = 10;
  auto r2 =
      s3.PutBucketReplication("us-east-1", {.Bucket = "src", .ReplicationConfiguration = slow});
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().http_status, 400);

  EXPECT_TRUE(s3.GetBucketReplication("us-east-1", {.Bucket = "src"}).ok());  // unchanged
  auto del =
      generic(*world.connection, "us-east-1", "DeleteBucketReplication", {{"Bucket", "src"}});
  ASSERT_TRUE(del.ok()) << del.error().describe();
  auto after = s3.GetBucketReplication("us-east-1", {.Bucket = "src"});
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, "ReplicationConfigurationNotFoundError");
}

TEST_F(S3BucketsFake, DefaultEncryptionIsSseS3) {
  make_bucket("us-west-2", "encrypted");
  auto enc = s3.GetBucketEncryption("us-west-2", {.Bucket = "encrypted"});
  ASSERT_TRUE(enc.ok()) << enc.error().describe();
  ASSERT_EQ(enc->ServerSideEncryptionConfiguration.Rules.size(), 1u);
  const auto& rule = enc->ServerSideEncryptionConfiguration.Rules[0];
  ASSERT_TRUE(rule.ApplyServerSideEncryptionByDefault.has_value());
  EXPECT_EQ(rule.ApplyServerSideEncryptionByDefault->SSEAlgorithm, "AES256");
  EXPECT_EQ(rule.BucketKeyEnabled, false);
  auto put = s3.PutObject("us-west-2", {.Bucket = "encrypted", .Key = "k", .Body = "v"});
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->ServerSideEncryption, "AES256");
}

TEST_F(S3BucketsFake, VirtualHostedAddressingReachesTheSameBuckets) {
  // Real AWS endpoints (no override): the client addresses buckets virtual-hosted,
  // "<bucket>.s3.<region>.amazonaws.com", and the transport is still the fake.
  Credentials creds;
  creds.access_key_id = "AKIAFAKEWORLD0000002";
  creds.secret_access_key = "fake-world-secret";
  ConnectionOptions options;
  options.endpoint.use_env = false;
  AwsConnection aws_style(world.transport, MakeStaticProvider(creds), world.clock, options);
  aws::S3Client vh(aws_style);
  ASSERT_TRUE(vh.CreateBucket("us-west-2", {.Bucket = "vh-bucket"}).ok());
  auto put = vh.PutObject("us-west-2", {.Bucket = "vh-bucket", .Key = "dir/a b.txt", .Body = "hi"});
  ASSERT_TRUE(put.ok()) << put.error().describe();
  // The path-style client sees the same object.
  auto get = s3.GetObject("us-west-2", {.Bucket = "vh-bucket", .Key = "dir/a b.txt"});
  ASSERT_TRUE(get.ok()) << get.error().describe();
  EXPECT_EQ(get->Body, "hi");

  // "<bucket>.localhost" as local SDK setups address it.
  HttpRequest request;
  request.method = "GET";
  request.host = "vh-bucket.localhost:4566";
  request.path = "/dir/a%20b.txt";
  request.headers.add("Authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIAFAKEWORLD0000002/20260101/us-west-2/s3/"
                      "aws4_request, SignedHeaders=host, Signature=0");
  HttpResponse r = world.cloud.handle(request);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hi");
}

TEST_F(S3BucketsFake, UnservedOperationIsNamedIn501) {
  make_bucket("us-east-1", "plain");
  auto r = generic(*world.connection, "us-east-1", "GetBucketPolicy", {{"Bucket", "plain"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "NotImplemented");
  EXPECT_EQ(r.error().http_status, 501);
  EXPECT_NE(r.error().message.find("GetBucketPolicy"), std::string::npos);
}

TEST_F(S3BucketsFake, StateSurvivesSaveAndLoad) {
  make_bucket("us-east-1", "src", true);
  make_bucket("us-west-2", "dst", true);
  ASSERT_TRUE(s3.PutBucketReplication(
                    "us-east-1", {.Bucket = "src", .ReplicationConfiguration = rtc_config("dst")})
                  .ok());
  const std::string binary("\x00\x01\xff\xfe payload", 12);
  ASSERT_TRUE(
      s3.PutObject(
            "us-east-1",
            {.Bucket = "src", .Key = "orders/1", .Body = binary, .Metadata = {{"origin", "test"}}})
          .ok());
  ASSERT_TRUE(s3.PutObject("us-east-1", {.Bucket = "src", .Key = "orders/1", .Body = "v2"}).ok());
  ASSERT_TRUE(s3.DeleteObject("us-east-1", {.Bucket = "src", .Key = "orders/1"}).ok());
  const std::string saved = world.cloud.save_state();

  FakeWorld other;
  ASSERT_TRUE(other.cloud.load_state(saved).ok());
  EXPECT_EQ(other.cloud.save_state(), saved);
  aws::S3Client s2(*other.connection);
  auto versions = s2.ListObjectVersions("us-east-1", {.Bucket = "src"});
  ASSERT_TRUE(versions.ok()) << versions.error().describe();
  ASSERT_EQ(versions->Versions.size(), 2u);
  ASSERT_EQ(versions->DeleteMarkers.size(), 1u);
  auto first = s2.GetObject(
      "us-east-1",
      {.Bucket = "src", .Key = "orders/1", .VersionId = versions->Versions[1].VersionId});
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->Body, binary);
  EXPECT_EQ(first->Metadata.at("origin"), "test");
  auto repl = s2.GetBucketReplication("us-east-1", {.Bucket = "src"});
  ASSERT_TRUE(repl.ok());
  EXPECT_EQ(repl->ReplicationConfiguration.Rules.at(0).ID, "orders-to-west");
  EXPECT_EQ(s2.GetBucketLocation("us-east-1", {.Bucket = "dst"})->LocationConstraint, "us-west-2");
}

}  // namespace
}  // namespace drh::testing
