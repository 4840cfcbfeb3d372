// replication checks: each passes on a good seed stack and fails, naming the resource and
// expected vs actual, on a world broken the way it exists to catch.
#include "drh/fake/replication.h"

#include <gtest/gtest.h>

#include "drh/fake/aurora.h"
#include "drh/fake/fault_injection.h"
#include "drh/validate/check.h"
#include "validate_world.h"

namespace drh::validate {
namespace {

using testing::describe;
using testing::expect_unavailable;
using testing::has;
using testing::outage;
using testing::run_without_stack;

using namespace std::chrono_literals;

// ------------------------------------------------------------------ aurora-lag

TEST(AuroraLag, PassesWhileTheSecondaryKeepsUp) {
  testing::ValidateWorld w("003");
  auto o = w.run("replication.aurora-lag");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
  EXPECT_EQ(o.resource, w.ref("cluster.secondary.identifier"));
  EXPECT_TRUE(has(o, "ms <")) << describe(o);
}

TEST(AuroraLag, FindsTheSecondaryInTheStackWhenTheOutputsDoNotNameIt) {
  testing::ValidateWorld w("001");
  ASSERT_TRUE(w.deployment.secondary_cluster_id.empty());
  auto o = w.run("replication.aurora-lag");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
  EXPECT_EQ(o.resource, w.ref("cluster.secondary.identifier"));
}

TEST(AuroraLag, FailsWhenTheLagExceedsThePolicy) {
  testing::ValidateWorld w("003");
  ASSERT_TRUE(fake::aurora::set_replication_lag(w.cloud, "us-east-1", "us-east-2", 5s, 0s).ok());
  w.clock.advance(5min);
  auto o = w.run("replication.aurora-lag");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_EQ(o.resource, w.ref("cluster.secondary.identifier"));
  EXPECT_TRUE(has(o, "expected AuroraGlobalDBReplicationLag below 1000 ms")) << describe(o);
  EXPECT_TRUE(has(o, "got a maximum of 5")) << describe(o);
}

TEST(AuroraLag, NoDatapointsFailsAndNeverPasses) {
  testing::ValidateWorld w("003");
  // A cluster that publishes nothing: the outputs name the primary as the secondary.
  w.deployment.secondary_cluster_id = w.ref("cluster.primary.identifier");
  auto o = w.run("replication.aurora-lag");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "got none")) << describe(o);
  EXPECT_TRUE(has(o, w.ref("cluster.primary.identifier"))) << describe(o);
}

TEST(AuroraLag, SkippedWithoutASecondaryClusterAndErrorInAnOutage) {
  testing::ValidateWorld w("003");
  w.deployment.secondary_cluster_id.clear();
  auto o = run_without_stack(w, "replication.aurora-lag");
  EXPECT_EQ(o.verdict, Verdict::kSkipped) << describe(o);
  EXPECT_TRUE(has(o, "SecondaryClusterId")) << describe(o);

  testing::ValidateWorld down("003");
  outage(down, "us-east-2");
  expect_unavailable(down.run("replication.aurora-lag"));
}

// ------------------------------------------------------------------ DynamoDB

TEST(DynamoDbReplicas, PassWhenEveryReplicaIsActive) {
  for (const char* seed : {"001", "003", "004"}) {
    testing::ValidateWorld w(seed);
    auto o = w.run("replication.dynamodb-replicas");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << " " << describe(o);
    EXPECT_TRUE(has(o, "us-east-2=ACTIVE")) << describe(o);
  }
  testing::ValidateWorld w("004");
  auto o = run_without_stack(w, "replication.dynamodb-replicas");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
}

TEST(DynamoDbReplicas, FailWhenAReplicaIsRemoved) {
  testing::ValidateWorld w("003");
  const std::string table = w.ref("table.sessions.name");
  auto removed = w.dynamodb.UpdateTable(
      "us-east-1", {.TableName = table,
                    .ReplicaUpdates = {{.Delete = aws::DeleteReplicationGroupMemberAction{
                                            .RegionName = "us-east-2"}}}});
  ASSERT_TRUE(removed.ok()) << removed.error().describe();
  w.clock.advance(10min);
  auto o = w.run("replication.dynamodb-replicas");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "expected a replica of " + table + " in us-east-2 ACTIVE, got "))
      << describe(o);
  EXPECT_NE(o.resource.find(table), std::string::npos) << describe(o);
}

TEST(DynamoDbReplicas, SkippedWithoutATableErrorInAnOutage) {
  testing::ValidateWorld w("000");
  auto o = w.run("replication.dynamodb-replicas");
  EXPECT_EQ(o.verdict, Verdict::kSkipped) << describe(o);
  EXPECT_TRUE(has(o, "PrimaryTableName")) << describe(o);

  testing::ValidateWorld down("003");
  outage(down, "us-east-1");
  expect_unavailable(down.run("replication.dynamodb-replicas"));
}

TEST(DynamoDbPitr, PassesAndFailsWhenOneReplicaLosesIt) {
  testing::ValidateWorld w("003");
  auto o = w.run("replication.dynamodb-pitr");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);

  const std::string table = w.ref("table.sessions.name");
  auto off = w.dynamodb.UpdateContinuousBackups(
      "us-east-2", {.TableName = table,
                    .PointInTimeRecoverySpecification = {.PointInTimeRecoveryEnabled = false}});
  ASSERT_TRUE(off.ok()) << off.error().describe();
  o = w.run("replication.dynamodb-pitr");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(
      has(o, "expected point-in-time recovery ENABLED on " + table + " in us-east-2, got DISABLED"))
      << describe(o);
  EXPECT_EQ(o.resource, "arn:aws:dynamodb:us-east-2:123456789012:table/" + table);

  testing::ValidateWorld none("000");
  EXPECT_EQ(none.run("replication.dynamodb-pitr").verdict, Verdict::kSkipped);
  testing::ValidateWorld down("003");
  outage(down, "us-east-2");
  expect_unavailable(down.run("replication.dynamodb-pitr"));
}

TEST(DynamoDbStreams, PassesAndFailsOnTheWrongStream) {
  testing::ValidateWorld w("003");
  auto o = w.run("replication.dynamodb-streams");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
  EXPECT_TRUE(has(o, "NEW_AND_OLD_IMAGES")) << describe(o);

  // The stack asks for NEW_AND_OLD_IMAGES; a deployment whose description says otherwise
  // does not match what was built.
  w.stack.tables.front().stream = "KEYS_ONLY";
  o = w.run("replication.dynamodb-streams");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "expected stream view KEYS_ONLY on " + w.ref("table.sessions.name") +
                         " in us-east-1, got NEW_AND_OLD_IMAGES"))
      << describe(o);

  testing::ValidateWorld none("000");
  EXPECT_EQ(none.run("replication.dynamodb-streams").verdict, Verdict::kSkipped);
  testing::ValidateWorld down("003");
  outage(down, "us-east-1");
  expect_unavailable(down.run("replication.dynamodb-streams"));
}

TEST(DynamoDbStreams, AStreamlessSingleRegionTableFailsEveryTableCheck) {
  // A real deploy whose outputs name a plain table: no stream, no replica, no PITR.
  testing::ValidateWorld w("003");
  auto made = w.dynamodb.CreateTable("us-east-1", {.TableName = "plain-sessions",
                                                   .AttributeDefinitions = {{"id", "S"}},
                                                   .KeySchema = {{"id", "HASH"}},
                                                   .BillingMode = "PAY_PER_REQUEST"});
  ASSERT_TRUE(made.ok()) << made.error().describe();
  w.clock.advance(1min);
  w.deployment.primary_table_name = "plain-sessions";
  w.deployment.secondary_table_name.clear();

  auto streams = run_without_stack(w, "replication.dynamodb-streams");
  EXPECT_EQ(streams.verdict, Verdict::kFail) << describe(streams);
  EXPECT_TRUE(has(streams, "expected a stream on plain-sessions in us-east-1, got streams off"))
      << describe(streams);
  EXPECT_NE(streams.resource.find("plain-sessions"), std::string::npos) << describe(streams);

  auto replicas = run_without_stack(w, "replication.dynamodb-replicas");
  EXPECT_EQ(replicas.verdict, Verdict::kFail) << describe(replicas);
  EXPECT_TRUE(
      has(replicas, "expected a replica of plain-sessions in us-east-2 ACTIVE, got no replica"))
      << describe(replicas);

  auto pitr = run_without_stack(w, "replication.dynamodb-pitr");
  EXPECT_EQ(pitr.verdict, Verdict::kFail) << describe(pitr);
  EXPECT_TRUE(has(
      pitr, "expected point-in-time recovery ENABLED on plain-sessions in us-east-1, got DISABLED"))
      << describe(pitr);
}

// ------------------------------------------------------------------ S3

TEST(S3Versioning, PassesAndFailsWhenTheDestinationIsSuspended) {
  testing::ValidateWorld w("003");
  auto o = w.run("replication.s3-versioning");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
  EXPECT_EQ(o.evidence.size(), 4u) << describe(o);

  const std::string bucket = w.ref("bucket.logs_secondary.name");
  auto suspended = w.s3.PutBucketVersioning(
      "us-east-2", {.Bucket = bucket, .VersioningConfiguration = {.Status = "Suspended"}});
  ASSERT_TRUE(suspended.ok()) << suspended.error().describe();
  o = w.run("replication.s3-versioning");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_EQ(o.resource, "arn:aws:s3:::" + bucket);
  EXPECT_TRUE(has(o, "expected versioning Enabled on bucket " + bucket + ", got Suspended"))
      << describe(o);

  testing::ValidateWorld none("000");
  auto skip = none.run("replication.s3-versioning");
  EXPECT_EQ(skip.verdict, Verdict::kSkipped) << describe(skip);
  EXPECT_TRUE(has(skip, "PrimaryBucketName")) << describe(skip);
  testing::ValidateWorld down("004");
  outage(down, "us-east-2");
  expect_unavailable(run_without_stack(down, "replication.s3-versioning"));
}

TEST(S3Rule, PassesOnEverySeedWithReplication) {
  for (const char* seed : {"001", "002", "003", "004"}) {
    testing::ValidateWorld w(seed);
    auto o = w.run("replication.s3-rule");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << " " << describe(o);
  }
  testing::ValidateWorld w("004");
  auto o = run_without_stack(w, "replication.s3-rule");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
  EXPECT_EQ(o.resource, "arn:aws:s3:::" + w.ref("bucket.primary.name"));
}

TEST(S3Rule, FailsWithoutReplicationTimeControl) {
  testing::ValidateWorld w("004");
  const std::string source = w.ref("bucket.primary.name");
  const std::string destination = w.ref("bucket.secondary.name");
  auto current = w.s3.GetBucketReplication("us-east-1", {.Bucket = source});
  ASSERT_TRUE(current.ok()) << current.error().describe();
  auto config = current->ReplicationConfiguration;
  ASSERT_FALSE(config.Rules.empty());
  config.Rules.front().Destination.ReplicationTime.reset();
  config.Rules.front().Destination.Metrics.reset();
  auto put = w.s3.PutBucketReplication("us-east-1",
                                       {.Bucket = source, .ReplicationConfiguration = config});
  ASSERT_TRUE(put.ok()) << put.error().describe();
  auto o = w.run("replication.s3-rule");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_EQ(o.resource, "arn:aws:s3:::" + source);
  EXPECT_TRUE(has(o, "expected the rule from " + source + " to " + destination +
                         " with ReplicationTime Enabled, got no ReplicationTime; Metrics Enabled, "
                         "got no Metrics"))
      << describe(o);

  auto other = w.s3.CreateBucket("us-west-2", {.Bucket = "somewhere-else"});
  ASSERT_TRUE(other.ok()) << other.error().describe();
  ASSERT_TRUE(
      w.s3.PutBucketVersioning("us-west-2", {.Bucket = "somewhere-else",
                                             .VersioningConfiguration = {.Status = "Enabled"}})
          .ok());
  config.Rules.front().Destination.Bucket = "arn:aws:s3:::somewhere-else";
  put = w.s3.PutBucketReplication("us-east-1",
                                  {.Bucket = source, .ReplicationConfiguration = config});
  ASSERT_TRUE(put.ok()) << put.error().describe();
  o = w.run("replication.s3-rule");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "expected a replication rule from " + source + " to arn:aws:s3:::" +
                         destination + ", got rules to arn:aws:s3:::somewhere-else"))
      << describe(o);
}

TEST(S3Rule, ABucketThatDoesNotExistFailsRatherThanErrs) {
  testing::ValidateWorld w("004");
  w.deployment.secondary_bucket_name = "never-created";
  auto o = run_without_stack(w, "replication.s3-versioning");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "expected versioning Enabled on bucket never-created, got NoSuchBucket"))
      << describe(o);
  EXPECT_EQ(o.resource, "arn:aws:s3:::never-created");
  o = run_without_stack(w, "replication.s3-rule");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "expected a replication rule from " + w.ref("bucket.primary.name") +
                         " to arn:aws:s3:::never-created, got rules to arn:aws:s3:::" +
                         w.ref("bucket.secondary.name")))
      << describe(o);
}

TEST(S3Rule, SkippedWithoutBucketsErrorInAnOutage) {
  testing::ValidateWorld w("000");
  auto o = w.run("replication.s3-rule");
  EXPECT_EQ(o.verdict, Verdict::kSkipped) << describe(o);
  testing::ValidateWorld down("003");
  outage(down, "us-east-1");
  expect_unavailable(down.run("replication.s3-rule"));
}

// ------------------------------------------------------------------ canaries

TEST(Canary, SkippedUnlessAskedFor) {
  testing::ValidateWorld w("003");
  for (const char* id : {"replication.canary-dynamodb", "replication.canary-s3"}) {
    auto o = w.run(id);
    EXPECT_EQ(o.verdict, Verdict::kSkipped) << id << " " << describe(o);
    EXPECT_TRUE(has(o, "run with --canary")) << describe(o);
  }
}

TEST(Canary, DynamoDbMarkerArrivesAndIsRemoved) {
  testing::ValidateWorld w("003");
  w.canary = true;
  auto o = w.run("replication.canary-dynamodb");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
  EXPECT_TRUE(has(o, "arrived in us-east-2 after")) << describe(o);
  for (const auto& e : o.evidence) EXPECT_EQ(e.find("could not delete"), std::string::npos) << e;
}

TEST(Canary, DynamoDbReportsTheMeasuredDelayAndFailsWhenReplicationIsTooSlow) {
  testing::ValidateWorld w("003");
  w.canary = true;
  fake::set_dynamodb_replication_latency(w.cloud, 3s, 0s);
  auto o = w.run("replication.canary-dynamodb");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
  EXPECT_TRUE(has(o, "after 3.5 s")) << describe(o);  // polls at 0, 0.5, 1.5 and 3.5 s

  fake::set_dynamodb_replication_latency(w.cloud, 30s, 0s);
  w.policy.canary_timeout_seconds = 10;
  o = w.run("replication.canary-dynamodb");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "within 10 s, got nothing after")) << describe(o);
}

TEST(Canary, DynamoDbMarkerStuckBehindAPauseFails) {
  testing::ValidateWorld w("003");
  w.canary = true;
  w.policy.canary_timeout_seconds = 60;
  auto id = fake::inject(w.cloud, {.kind = "replication-pause",
                                   .region = "us-east-1",
                                   .peer_region = "us-east-2",
                                   .service = "dynamodb"});
  ASSERT_TRUE(id.ok()) << id.error().describe();
  auto o = w.run("replication.canary-dynamodb");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_TRUE(has(o, "to arrive in us-east-2 within 60 s, got nothing")) << describe(o);
  EXPECT_NE(o.resource.find(w.ref("table.sessions.name")), std::string::npos) << describe(o);

  testing::ValidateWorld none("000");
  none.canary = true;
  EXPECT_EQ(none.run("replication.canary-dynamodb").verdict, Verdict::kSkipped);
}

TEST(Canary, S3MarkerArrivesAndLeavesNothingBehind) {
  testing::ValidateWorld w("004");
  w.canary = true;
  auto o = w.run("replication.canary-s3");
  EXPECT_EQ(o.verdict, Verdict::kPass) << describe(o);
  EXPECT_TRUE(has(o, "arrived in " + w.ref("bucket.secondary.name") + " after")) << describe(o);
  for (const auto& [region, bucket] : {std::pair{"us-east-1", w.ref("bucket.primary.name")},
                                       std::pair{"us-east-2", w.ref("bucket.secondary.name")}}) {
    auto left = w.s3.ListObjectVersionsAll(region, {.Bucket = bucket, .Prefix = "drh-canary/"});
    ASSERT_TRUE(left.ok()) << left.error().describe();
    EXPECT_TRUE(left->Versions.empty()) << bucket;
    EXPECT_TRUE(left->DeleteMarkers.empty()) << bucket;
  }
}

TEST(Canary, S3MarkerStuckBehindAPauseFailsAndAnOutageIsAnError) {
  testing::ValidateWorld w("004");
  w.canary = true;
  w.policy.canary_timeout_seconds = 120;
  auto id = fake::inject(w.cloud, {.kind = "replication-pause",
                                   .region = "us-east-1",
                                   .peer_region = "us-east-2",
                                   .service = "s3"});
  ASSERT_TRUE(id.ok()) << id.error().describe();
  auto o = w.run("replication.canary-s3");
  EXPECT_EQ(o.verdict, Verdict::kFail) << describe(o);
  EXPECT_EQ(o.resource, "arn:aws:s3:::" + w.ref("bucket.primary.name"));
  EXPECT_TRUE(has(o, "within 120 s, got nothing after")) << describe(o);

  testing::ValidateWorld down("004");
  down.canary = true;
  outage(down, "us-east-2");
  expect_unavailable(down.run("replication.canary-s3"));
}

}  // namespace
}  // namespace drh::validate
