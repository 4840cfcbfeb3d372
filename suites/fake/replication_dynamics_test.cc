// Replication over virtual time, through the typed clients over InProcessTransport:
// DynamoDB global tables (latency, partitions, last writer wins, deletes, seeding a new
// replica, ReplicationLatency) and S3 replication (PENDING -> COMPLETED / FAILED, REPLICA
// copies with the same version id, rule selection, delete markers, pauses and the AWS/S3
// replication metrics), and pending work that survives save/load and dies with reset().
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "../../mocks/fake/dynamodb_service.h"
#include "../../mocks/fake/faults.h"
#include "../../mocks/fake/s3_service.h"
#include "../../mocks/fake/service.h"
#include "drh/aws/cloudwatch.h"
#include "drh/aws/dynamodb.h"
#include "drh/aws/s3.h"
#include "drh/fake/replication.h"
#include "drh/protocol/generic.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

using namespace std::chrono_literals;
using aws::AttributeValue;

constexpr const char* kEast = "us-east-1";
constexpr const char* kWest = "us-west-2";
constexpr const char* kEurope = "eu-west-1";

// ------------------------------------------------------------------ helpers

std::string add_fault(FakeWorld& w, fake::FaultKind kind, std::string region, std::string peer,
                      std::string service, std::optional<Duration> lasting) {
  fake::Fault f;
  f.kind = kind;
  f.region = std::move(region);
  f.peer_region = std::move(peer);
  f.service = std::move(service);
  f.start = w.clock.now();
  if (lasting) f.until = w.clock.now() + *lasting;
  std::lock_guard lock(w.cloud.core().mutex);
  return w.cloud.core().faults.add(std::move(f));
}

// The newest datapoint of an AWS metric in `region` over the last hour (Maximum and
// SampleCount), or nullopt when there is none.
std::optional<aws::Datapoint> latest(FakeWorld& w, std::string_view region, std::string ns,
                                     std::string name, std::vector<aws::Dimension> dims,
                                     int period = 60) {
  aws::CloudWatchClient cw(*w.connection);
  const TimePoint now = w.clock.now();
  auto r = cw.GetMetricStatistics(region, {.Namespace = std::move(ns),
                                           .MetricName = std::move(name),
                                           .Dimensions = std::move(dims),
                                           .StartTime = now - 1h,
                                           .EndTime = now + 1min,
                                           .Period = period,
                                           .Statistics = {"Maximum", "SampleCount"}});
  EXPECT_TRUE(r.ok()) << r.error().describe();
  if (!r.ok() || r->Datapoints.empty()) return std::nullopt;
  auto newest = std::max_element(r->Datapoints.begin(), r->Datapoints.end(),
                                 [](const auto& a, const auto& b) { return a.Timestamp < b.Timestamp; });
  return *newest;
}

// ------------------------------------------------------------------ DynamoDB

class DynamoDbReplication : public ::testing::Test {
 protected:
  void SetUp() override {
    // A fixed latency, so "before" and "after" are exact.
    fake::set_dynamodb_replication_latency(world.cloud, 800ms, 0ms);
    ASSERT_TRUE(ddb.CreateTable(kEast, {.TableName = "orders",
                                        .AttributeDefinitions = {{"pk", "S"}},
                                        .KeySchema = {{"pk", "HASH"}},
                                        .BillingMode = "PAY_PER_REQUEST"})
                    .ok());
    world.clock.advance(fake::kTableCreationDelay);
    add_replica(kWest);
  }

  void add_replica(const char* region) {
    auto up = ddb.UpdateTable(kEast, {.TableName = "orders",
                                      .ReplicaUpdates = {aws::ReplicationGroupUpdate::add_replica(region)}});
    ASSERT_TRUE(up.ok()) << up.error().describe();
    world.clock.advance(fake::kReplicaCreationDelay);
  }

  void put(const char* region, const std::string& pk, const std::string& v) {
    auto r = ddb.PutItem(region, {.TableName = "orders",
                                  .Item = {{"pk", AttributeValue::S(pk)}, {"v", AttributeValue::S(v)}}});
    ASSERT_TRUE(r.ok()) << r.error().describe();
  }

  // The item's "v" in `region`, "" when there is no item.
  std::string value(const char* region, const std::string& pk) {
    auto r = ddb.GetItem(region, {.TableName = "orders", .Key = {{"pk", AttributeValue::S(pk)}}});
    EXPECT_TRUE(r.ok()) << r.error().describe();
    if (!r.ok() || !r->Item) return "";
    const std::string* s = r->Item->at("v").as_S();
    return s ? *s : "?";
  }

  FakeWorld world;
  aws::DynamoDbClient ddb{*world.connection};
};

TEST_F(DynamoDbReplication, WriteReachesTheOtherRegionOnlyAfterTheLatency) {
  put(kEast, "a", "1");
  EXPECT_EQ(value(kEast, "a"), "1");
  EXPECT_EQ(value(kWest, "a"), "") << "replicated instantly: no latency modelled";
  EXPECT_EQ(fake::dynamodb_pending_replication(world.cloud, "orders", kEast, kWest), 1u);
  world.clock.advance(799ms);
  EXPECT_EQ(value(kWest, "a"), "") << "landed before the 800 ms latency";
  world.clock.advance(1ms);
  EXPECT_EQ(value(kWest, "a"), "1") << "not replicated after the latency";
  EXPECT_EQ(fake::dynamodb_pending_replication(world.cloud, "orders", kEast, kWest), 0u);

  // And back the other way.
  put(kWest, "b", "2");
  world.clock.advance(800ms);
  EXPECT_EQ(value(kEast, "b"), "2");

  // ReplicationLatency (ms) in the sending region, per receiving region.
  auto east = latest(world, kEast, "AWS/DynamoDB", "ReplicationLatency",
                     {{"ReceivingRegion", kWest}, {"TableName", "orders"}});
  ASSERT_TRUE(east) << "no ReplicationLatency in the sending region";
  EXPECT_DOUBLE_EQ(*east->Maximum, 800.0);
  EXPECT_EQ(east->Unit, "Milliseconds");
  auto west = latest(world, kWest, "AWS/DynamoDB", "ReplicationLatency",
                     {{"ReceivingRegion", kEast}, {"TableName", "orders"}});
  ASSERT_TRUE(west);
  EXPECT_DOUBLE_EQ(*west->SampleCount, 1.0);
  // The receiving region does not publish the pair it receives.
  EXPECT_FALSE(latest(world, kWest, "AWS/DynamoDB", "ReplicationLatency",
                      {{"ReceivingRegion", kWest}, {"TableName", "orders"}}));
}

TEST_F(DynamoDbReplication, DefaultLatencyIsUnderASecond) {
  fake::set_dynamodb_replication_latency(world.cloud, fake::kReplicationLatency,
                                         fake::kReplicationLatencyJitter);
  for (int i = 0; i < 20; ++i) put(kEast, "k" + std::to_string(i), "x");
  world.clock.advance(999ms);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(value(kWest, "k" + std::to_string(i)), "x") << i;
  auto dp = latest(world, kEast, "AWS/DynamoDB", "ReplicationLatency",
                   {{"ReceivingRegion", kWest}, {"TableName", "orders"}});
  ASSERT_TRUE(dp);
  EXPECT_DOUBLE_EQ(*dp->SampleCount, 20.0);
  EXPECT_LT(*dp->Maximum, 1000.0);
  EXPECT_GE(*dp->Maximum, 100.0);
}

TEST_F(DynamoDbReplication, NeverVisibleDuringAPartitionArrivesAfterIt) {
  add_fault(world, fake::FaultKind::kPartition, kEast, kWest, "", 5min);
  put(kEast, "a", "1");
  for (int step = 0; step < 29; ++step) {
    world.clock.advance(10s);
    ASSERT_EQ(value(kWest, "a"), "") << "visible during the partition at step " << step;
  }
  EXPECT_EQ(fake::dynamodb_pending_replication(world.cloud, "orders", kEast, kWest), 1u);
  world.clock.advance(10s + fake::kReplicationRetryInterval);  // the partition is over
  EXPECT_EQ(value(kWest, "a"), "1") << "the backlog did not drain after the partition";
  auto dp = latest(world, kEast, "AWS/DynamoDB", "ReplicationLatency",
                   {{"ReceivingRegion", kWest}, {"TableName", "orders"}});
  ASSERT_TRUE(dp);
  EXPECT_GE(*dp->Maximum, 300000.0) << "latency should include the time spent partitioned";
}

TEST_F(DynamoDbReplication, ReplicationPauseIsPerServiceAndDirection) {
  add_fault(world, fake::FaultKind::kReplicationPause, kEast, kWest, "dynamodb", std::nullopt);
  put(kEast, "a", "east");
  put(kWest, "b", "west");
  world.clock.advance(10s);
  EXPECT_EQ(value(kWest, "a"), "") << "east -> west is paused";
  EXPECT_EQ(value(kEast, "b"), "west") << "west -> east is not paused";
  std::lock_guard lock(world.cloud.core().mutex);
  world.cloud.core().faults.clear();
}

TEST_F(DynamoDbReplication, LastWriterWinsWhenWritesCross) {
  // east writes at t, west at t + 100 ms: each reaches the other 800 ms later. West's
  // arrives at east last and wins there; east's arrives at west after west's own newer
  // write and must not overwrite it.
  put(kEast, "a", "from-east");
  world.clock.advance(100ms);
  put(kWest, "a", "from-west");
  world.clock.advance(750ms);  // east's write has reached west (at +800 ms)
  EXPECT_EQ(value(kWest, "a"), "from-west") << "an older write overwrote a newer one";
  EXPECT_EQ(value(kEast, "a"), "from-east");
  world.clock.advance(100ms);
  EXPECT_EQ(value(kEast, "a"), "from-west");
  EXPECT_EQ(value(kWest, "a"), "from-west");

  // Writes at the same virtual instant: the one committed later wins everywhere.
  put(kWest, "b", "first");
  put(kEast, "b", "second");
  world.clock.advance(1s);
  EXPECT_EQ(value(kEast, "b"), "second");
  EXPECT_EQ(value(kWest, "b"), "second");
}

TEST_F(DynamoDbReplication, DeletesReplicateAndBeatOlderConcurrentPuts) {
  put(kEast, "a", "1");
  world.clock.advance(1s);
  ASSERT_EQ(value(kWest, "a"), "1");
  auto del = ddb.DeleteItem(kWest, {.TableName = "orders", .Key = {{"pk", AttributeValue::S("a")}}});
  ASSERT_TRUE(del.ok()) << del.error().describe();
  world.clock.advance(1s);
  EXPECT_EQ(value(kEast, "a"), "") << "the delete did not replicate";

  // An update in east and a later delete in west cross: the delete wins in both regions
  // (west must not let the older update revive the item it deleted).
  put(kEast, "b", "1");
  world.clock.advance(1s);
  ASSERT_EQ(value(kWest, "b"), "1");
  put(kEast, "b", "2");
  world.clock.advance(100ms);
  ASSERT_TRUE(ddb.DeleteItem(kWest, {.TableName = "orders", .Key = {{"pk", AttributeValue::S("b")}}})
                  .ok());
  world.clock.advance(1s);
  EXPECT_EQ(value(kWest, "b"), "") << "an older put revived a deleted item";
  EXPECT_EQ(value(kEast, "b"), "");
}

TEST_F(DynamoDbReplication, UpdateItemReplicates) {
  put(kEast, "a", "1");
  auto svc = find_service("dynamodb");
  ASSERT_TRUE(svc.ok());
  auto req = build_generic_request(**svc, "UpdateItem",
                                   {{"TableName", "orders"},
                                    {"Key", {{"pk", {{"S", "a"}}}}},
                                    {"UpdateExpression", "SET v = :v"},
                                    {"ExpressionAttributeValues", {{":v", {{"S", "2"}}}}}});
  ASSERT_TRUE(req.ok());
  auto resp = world.connection->send(**svc, kEast, std::move(*req));
  ASSERT_TRUE(resp.ok()) << resp.error().describe();
  world.clock.advance(1s);
  EXPECT_EQ(value(kWest, "a"), "2");
}

TEST_F(DynamoDbReplication, NewReplicaIsSeededAndReceivesWritesInFlight) {
  // A write of west's is held on its way to east while the new replica is added: the seed
  // (east's items) cannot hold it, so it must still reach the new replica.
  add_fault(world, fake::FaultKind::kReplicationPause, kWest, kEast, "dynamodb", 2min);
  put(kWest, "stuck", "0");
  put(kEast, "old", "1");
  world.clock.advance(1s);
  auto up = ddb.UpdateTable(kEast, {.TableName = "orders",
                                    .ReplicaUpdates = {aws::ReplicationGroupUpdate::add_replica(kEurope)}});
  ASSERT_TRUE(up.ok()) << up.error().describe();
  put(kWest, "during", "2");  // written while the new replica is CREATING
  world.clock.advance(fake::kReplicaCreationDelay);
  auto d = ddb.DescribeTable(kEurope, {.TableName = "orders"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->Table.TableStatus, "ACTIVE");
  EXPECT_EQ(value(kEurope, "old"), "1") << "not seeded with the existing items";
  world.clock.advance(2s);
  EXPECT_EQ(value(kEurope, "during"), "2") << "a write made during creation was lost";
  EXPECT_EQ(value(kEurope, "stuck"), "0") << "a write in flight at seeding time was lost";
  EXPECT_EQ(value(kEast, "stuck"), "") << "west -> east is still paused";
  world.clock.advance(1min);
  EXPECT_EQ(value(kEast, "stuck"), "0");
  // And it replicates onwards like any replica.
  put(kEurope, "eu", "4");
  world.clock.advance(1s);
  EXPECT_EQ(value(kEast, "eu"), "4");
  EXPECT_EQ(value(kWest, "eu"), "4");
}

TEST_F(DynamoDbReplication, PendingWritesSurviveSaveAndLoadAndDieWithReset) {
  put(kEast, "a", "1");
  world.clock.advance(300ms);
  const std::string state = world.cloud.save_state();

  FakeWorld other;
  other.clock.advance_to(world.clock.now());
  ASSERT_TRUE(other.cloud.load_state(state).ok());
  aws::DynamoDbClient other_ddb(*other.connection);
  auto get = [&](const char* region) {
    auto r = other_ddb.GetItem(region, {.TableName = "orders", .Key = {{"pk", AttributeValue::S("a")}}});
    EXPECT_TRUE(r.ok());
    return r.ok() && r->Item.has_value();
  };
  EXPECT_FALSE(get(kWest));
  EXPECT_EQ(fake::dynamodb_pending_replication(other.cloud, "orders", kEast, kWest), 1u);
  other.clock.advance(499ms);
  EXPECT_FALSE(get(kWest)) << "landed early after load";
  other.clock.advance(1ms);
  EXPECT_TRUE(get(kWest)) << "the pending write did not survive save/load";

  world.cloud.reset();
  EXPECT_EQ(fake::dynamodb_pending_replication(world.cloud, "orders", kEast, kWest), 0u);
  FakeWorld fresh;
  fresh.cloud.reset();
  EXPECT_EQ(world.clock.pending(), fresh.clock.pending()) << "reset left replication tasks";
  world.clock.advance(1s);  // nothing left to run into freed state
}

// ------------------------------------------------------------------ S3

class S3Replication : public ::testing::Test {
 protected:
  void SetUp() override {
    fake::set_s3_replication_latency(world.cloud, true, 5s, 0s);
    fake::set_s3_replication_latency(world.cloud, false, 5min, 0s);
    make_bucket(kEast, "src");
    make_bucket(kWest, "dst");
  }

  void make_bucket(const char* region, const std::string& name, bool versioned = true) {
    auto r = s3.CreateBucket(region, {.Bucket = name});
    ASSERT_TRUE(r.ok()) << r.error().describe();
    if (versioned) {
      auto v = s3.PutBucketVersioning(
          region, {.Bucket = name, .VersioningConfiguration = {.Status = "Enabled"}});
      ASSERT_TRUE(v.ok()) << v.error().describe();
    }
  }

  static aws::ReplicationRule rule(std::string id, int priority, std::string dest,
                                   std::string prefix = "", bool rtc = true) {
    aws::ReplicationRule r;
    r.ID = std::move(id);
    r.Priority = priority;
    r.Filter = aws::ReplicationRuleFilter{.Prefix = std::move(prefix)};
    r.Status = "Enabled";
    r.Destination.Bucket = "arn:aws:s3:::" + dest;
    if (rtc) {
      r.Destination.ReplicationTime =
          aws::ReplicationTime{.Status = "Enabled", .Time = {.Minutes = 15}};
      r.Destination.Metrics = aws::Metrics{.Status = "Enabled",
                                           .EventThreshold = aws::ReplicationTimeValue{.Minutes = 15}};
    }
    r.DeleteMarkerReplication = aws::DeleteMarkerReplication{.Status = "Enabled"};
    return r;
  }

  void configure(std::vector<aws::ReplicationRule> rules, const std::string& bucket = "src") {
    aws::ReplicationConfiguration cfg;
    cfg.Role = "arn:aws:iam::123456789012:role/replication";
    cfg.Rules = std::move(rules);
    auto r = s3.PutBucketReplication(kEast, {.Bucket = bucket, .ReplicationConfiguration = cfg});
    ASSERT_TRUE(r.ok()) << r.error().describe();
  }

  std::string put(const std::string& key, const std::string& body = "payload",
                  const std::string& tagging = "") {
    auto r = s3.PutObject(kEast, {.Bucket = "src",
                                  .Key = key,
                                  .Body = body,
                                  .ContentType = "text/plain",
                                  .Metadata = {{"owner", "dr"}},
                                  .Tagging = tagging});
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r.ok() ? r->VersionId : "";
  }

  // HEAD in `bucket`'s region; nullopt when there is no such object.
  std::optional<aws::HeadObjectResult> head(const std::string& bucket, const std::string& key) {
    auto r = s3.HeadObject(bucket == "src" ? kEast : kWest, {.Bucket = bucket, .Key = key});
    if (!r.ok()) return std::nullopt;
    return *r;
  }

  std::string status(const std::string& key) {
    auto h = head("src", key);
    return h ? h->ReplicationStatus : "<missing>";
  }

  std::vector<aws::Dimension> dims(const std::string& rule_id, const std::string& dest = "dst") {
    return {{"DestinationBucket", dest}, {"RuleId", rule_id}, {"SourceBucket", "src"}};
  }

  FakeWorld world;
  aws::S3Client s3{*world.connection};
};

TEST_F(S3Replication, ObjectGoesPendingThenCompletedAndTheCopyIsAReplica) {
  configure({rule("all", 1, "dst")});
  const std::string vid = put("orders/1.json", "{\"id\":1}", "env=prod");
  ASSERT_FALSE(vid.empty());
  EXPECT_EQ(status("orders/1.json"), "PENDING");
  EXPECT_EQ(fake::s3_pending_replication(world.cloud, "src", "dst"), 1u);
  world.clock.advance(4999ms);
  EXPECT_EQ(status("orders/1.json"), "PENDING");
  EXPECT_FALSE(head("dst", "orders/1.json")) << "copied before the RTC latency";
  world.clock.advance(1ms);
  EXPECT_EQ(status("orders/1.json"), "COMPLETED");
  auto copy = s3.GetObject(kWest, {.Bucket = "dst", .Key = "orders/1.json"});
  ASSERT_TRUE(copy.ok()) << copy.error().describe();
  EXPECT_EQ(copy->ReplicationStatus, "REPLICA");
  EXPECT_EQ(copy->VersionId, vid) << "a replica keeps the source's version id";
  EXPECT_EQ(copy->Body, "{\"id\":1}");
  EXPECT_EQ(copy->ContentType, "text/plain");
  EXPECT_EQ(copy->Metadata.at("owner"), "dr");
  EXPECT_EQ(copy->TagCount, 1);
  EXPECT_EQ(fake::s3_pending_replication(world.cloud, "src"), 0u);

  // Without RTC the documented 15-minute window applies: the fake's mean is 5 minutes.
  configure({rule("slow", 1, "dst", "", false)});
  put("b");
  world.clock.advance(5min - 1s);
  EXPECT_EQ(status("b"), "PENDING");
  world.clock.advance(1s);
  EXPECT_EQ(status("b"), "COMPLETED");
}

TEST_F(S3Replication, DefaultRtcLatencyIsSecondsAndWithinFifteenMinutes) {
  fake::set_s3_replication_latency(world.cloud, true, fake::kS3RtcReplicationLatency,
                                   fake::kS3RtcReplicationJitter);
  configure({rule("all", 1, "dst")});
  for (int i = 0; i < 10; ++i) put("k" + std::to_string(i));
  world.clock.advance(fake::kS3RtcReplicationLatency + fake::kS3RtcReplicationJitter);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(status("k" + std::to_string(i)), "COMPLETED") << i;
}

TEST_F(S3Replication, FiltersAndPrioritiesChooseTheRule) {
  make_bucket(kWest, "archive");
  auto everything = rule("everything", 1, "dst");
  everything.Destination.StorageClass = "STANDARD_IA";
  auto tagged = rule("tagged", 5, "dst");
  tagged.Filter = aws::ReplicationRuleFilter{
      .And = aws::ReplicationRuleAndOperator{.Prefix = "orders/", .Tags = {{"tier", "gold"}}}};
  tagged.DeleteMarkerReplication = aws::DeleteMarkerReplication{.Status = "Disabled"};
  tagged.Destination.StorageClass = "GLACIER_IR";
  auto disabled = rule("disabled", 9, "dst");
  disabled.Status = "Disabled";
  disabled.Destination.StorageClass = "DEEP_ARCHIVE";
  auto logs = rule("logs", 2, "archive", "logs/");
  configure({everything, tagged, disabled, logs});

  put("orders/gold", "x", "tier=gold");
  put("orders/plain", "x");
  put("other/gold", "x", "tier=gold");  // the tag alone is not enough: And needs the prefix
  put("logs/app.log", "x");
  world.clock.advance(5s);
  auto sc = [&](const std::string& bucket, const std::string& key) -> std::string {
    auto h = head(bucket, key);
    return h ? (h->StorageClass.empty() ? "STANDARD" : h->StorageClass) : "<missing>";
  };
  EXPECT_EQ(sc("dst", "orders/gold"), "GLACIER_IR") << "the higher Priority rule must win";
  EXPECT_EQ(sc("dst", "orders/plain"), "STANDARD_IA");
  EXPECT_EQ(sc("dst", "other/gold"), "STANDARD_IA");
  // Two destinations: each gets the object by its own best rule.
  EXPECT_EQ(sc("dst", "logs/app.log"), "STANDARD_IA");
  EXPECT_EQ(sc("archive", "logs/app.log"), "STANDARD");
  EXPECT_EQ(sc("archive", "orders/plain"), "<missing>") << "the logs/ rule matched orders/";
  EXPECT_EQ(status("logs/app.log"), "COMPLETED");

  // A bucket whose rules match nothing leaves objects without a status.
  configure({rule("only-logs", 1, "archive", "logs/")});
  put("unmatched");
  EXPECT_EQ(status("unmatched"), "");
  world.clock.advance(1min);
  EXPECT_EQ(status("unmatched"), "");
  EXPECT_FALSE(head("archive", "unmatched"));
}

TEST_F(S3Replication, StatusStaysPendingUntilEveryDestinationIsDone) {
  make_bucket(kEurope, "eu-copy");
  auto eu = rule("to-eu", 2, "eu-copy", "", false);  // 5 minutes
  configure({rule("to-west", 1, "dst"), eu});
  put("a");
  world.clock.advance(5s);
  ASSERT_TRUE(head("dst", "a"));
  EXPECT_EQ(status("a"), "PENDING") << "COMPLETED before the second destination had it";
  world.clock.advance(5min);
  EXPECT_EQ(status("a"), "COMPLETED");
}

TEST_F(S3Replication, DeleteMarkersReplicateOnlyWhenTheRuleSaysSo) {
  make_bucket(kWest, "keep-deletes-out");
  auto no_markers = rule("no-markers", 2, "keep-deletes-out");
  no_markers.DeleteMarkerReplication = aws::DeleteMarkerReplication{.Status = "Disabled"};
  configure({rule("markers", 1, "dst"), no_markers});
  const std::string vid = put("a");
  world.clock.advance(5s);
  ASSERT_TRUE(head("dst", "a"));
  ASSERT_TRUE(s3.HeadObject(kWest, {.Bucket = "keep-deletes-out", .Key = "a"}).ok());

  auto del = s3.DeleteObject(kEast, {.Bucket = "src", .Key = "a"});
  ASSERT_TRUE(del.ok()) << del.error().describe();
  ASSERT_TRUE(del->DeleteMarker.value_or(false));
  world.clock.advance(4s);
  EXPECT_TRUE(head("dst", "a")) << "the delete marker arrived before the latency";
  world.clock.advance(1s);
  EXPECT_FALSE(head("dst", "a")) << "the delete marker did not replicate";
  auto versions = s3.ListObjectVersions(kWest, {.Bucket = "dst"});
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->DeleteMarkers.size(), 1u);
  EXPECT_EQ(versions->DeleteMarkers[0].VersionId, del->VersionId);
  EXPECT_TRUE(versions->DeleteMarkers[0].IsLatest);
  // DeleteMarkerReplication Disabled: the destination keeps the object.
  EXPECT_TRUE(s3.HeadObject(kWest, {.Bucket = "keep-deletes-out", .Key = "a"}).ok())
      << "a delete marker replicated against the rule's setting";

  // Deleting a version by id is never replicated.
  ASSERT_TRUE(s3.DeleteObject(kEast, {.Bucket = "src", .Key = "a", .VersionId = vid}).ok());
  world.clock.advance(1min);
  EXPECT_TRUE(s3.HeadObject(kWest, {.Bucket = "dst", .Key = "a", .VersionId = vid}).ok())
      << "a version delete reached the destination";
}

TEST_F(S3Replication, FailedWhenTheDestinationBucketIsGone) {
  configure({rule("all", 1, "dst")});
  ASSERT_TRUE(s3.DeleteBucket(kWest, {.Bucket = "dst"}).ok());
  put("a");
  EXPECT_EQ(status("a"), "PENDING");
  world.clock.advance(5s);
  EXPECT_EQ(status("a"), "FAILED");
  world.clock.advance(1min);
  auto failed = latest(world, kEast, "AWS/S3", "OperationsFailedReplication", dims("all"));
  ASSERT_TRUE(failed);
  EXPECT_DOUBLE_EQ(*failed->Maximum, 1.0);

  // A destination whose versioning was suspended after the rule was put fails too.
  make_bucket(kWest, "suspended");
  configure({rule("to-suspended", 1, "suspended")});
  ASSERT_TRUE(s3.PutBucketVersioning(kWest, {.Bucket = "suspended",
                                             .VersioningConfiguration = {.Status = "Suspended"}})
                  .ok());
  put("b");
  world.clock.advance(5s);
  EXPECT_EQ(status("b"), "FAILED");
  EXPECT_FALSE(s3.HeadObject(kWest, {.Bucket = "suspended", .Key = "b"}).ok());
}

TEST_F(S3Replication, OutageKeepsPendingWithinTheRetryWindowThenFails) {
  fake::set_s3_replication_retry_window(world.cloud, 10min);
  configure({rule("all", 1, "dst")});
  // A five-minute outage of the destination region: the object waits, then lands.
  add_fault(world, fake::FaultKind::kRegionOutage, kWest, "", "", 5min);
  put("short");
  world.clock.advance(4min);
  EXPECT_EQ(status("short"), "PENDING");
  world.clock.advance(1min + fake::kS3ReplicationRetryInterval);
  EXPECT_EQ(status("short"), "COMPLETED") << "did not resume after the outage";

  // An outage longer than the retry window: FAILED once the window has passed.
  add_fault(world, fake::FaultKind::kRegionOutage, kWest, "", "", 1h);
  put("long");
  world.clock.advance(5s + 9min);
  EXPECT_EQ(status("long"), "PENDING");
  world.clock.advance(1min + fake::kS3ReplicationRetryInterval);
  EXPECT_EQ(status("long"), "FAILED");
}

TEST_F(S3Replication, PauseBacksUpPendingOperationsThenDrains) {
  configure({rule("all", 1, "dst")});
  add_fault(world, fake::FaultKind::kReplicationPause, kEast, kWest, "s3", 10min);
  put("a", "12345");
  put("b", "1234567890");
  put("c", "");
  world.clock.advance(3min);
  EXPECT_EQ(fake::s3_pending_replication(world.cloud, "src", "dst"), 3u);
  auto pending = latest(world, kEast, "AWS/S3", "OperationsPendingReplication", dims("all"));
  ASSERT_TRUE(pending) << "no OperationsPendingReplication in the source region";
  EXPECT_DOUBLE_EQ(*pending->Maximum, 3.0);
  auto bytes = latest(world, kEast, "AWS/S3", "BytesPendingReplication", dims("all"));
  ASSERT_TRUE(bytes);
  EXPECT_DOUBLE_EQ(*bytes->Maximum, 15.0);
  auto lag = latest(world, kEast, "AWS/S3", "ReplicationLatency", dims("all"));
  ASSERT_TRUE(lag);
  EXPECT_GE(*lag->Maximum, 120.0) << "ReplicationLatency should grow while paused";
  EXPECT_EQ(lag->Unit, "Seconds");
  EXPECT_EQ(status("a"), "PENDING");
  EXPECT_FALSE(latest(world, kWest, "AWS/S3", "OperationsPendingReplication", dims("all")))
      << "replication metrics belong to the source bucket's region";

  world.clock.advance(7min + fake::kS3ReplicationRetryInterval);
  EXPECT_EQ(fake::s3_pending_replication(world.cloud, "src", "dst"), 0u);
  EXPECT_EQ(status("a"), "COMPLETED");
  EXPECT_EQ(status("c"), "COMPLETED");
  world.clock.advance(1min);
  pending = latest(world, kEast, "AWS/S3", "OperationsPendingReplication", dims("all"));
  ASSERT_TRUE(pending);
  EXPECT_DOUBLE_EQ(*pending->Maximum, 0.0) << "the backlog did not drain";
}

TEST_F(S3Replication, RulesWithoutMetricsPublishNone) {
  configure({rule("quiet", 1, "dst", "", false)});
  put("a");
  world.clock.advance(10min);
  EXPECT_EQ(status("a"), "COMPLETED");
  EXPECT_FALSE(latest(world, kEast, "AWS/S3", "OperationsPendingReplication", dims("quiet")));
}

TEST_F(S3Replication, PendingCopiesSurviveSaveAndLoadAndDieWithReset) {
  configure({rule("all", 1, "dst")});
  const std::string vid = put("a");
  world.clock.advance(2s);
  const std::string state = world.cloud.save_state();

  FakeWorld other;
  other.clock.advance_to(world.clock.now());
  ASSERT_TRUE(other.cloud.load_state(state).ok());
  aws::S3Client other_s3(*other.connection);
  EXPECT_EQ(other_s3.HeadObject(kEast, {.Bucket = "src", .Key = "a"})->ReplicationStatus, "PENDING");
  other.clock.advance(3s);
  auto src = other_s3.HeadObject(kEast, {.Bucket = "src", .Key = "a"});
  ASSERT_TRUE(src.ok());
  EXPECT_EQ(src->ReplicationStatus, "COMPLETED") << "the pending copy was lost in save/load";
  auto copy = other_s3.HeadObject(kWest, {.Bucket = "dst", .Key = "a"});
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->VersionId, vid);
  // The metrics task came back with the configuration.
  other.clock.advance(1min);
  EXPECT_TRUE(latest(other, kEast, "AWS/S3", "OperationsPendingReplication", dims("all")));

  world.cloud.reset();
  EXPECT_EQ(fake::s3_pending_replication(world.cloud, "src"), 0u);
  FakeWorld fresh;
  fresh.cloud.reset();
  EXPECT_EQ(world.clock.pending(), fresh.clock.pending()) << "reset left replication tasks";
  world.clock.advance(1min);
}

}  // namespace
}  // namespace drh::testing
