// DynamoDB in the fake, tables: creation over virtual time, validation as AWS answers it,
// paging, deletion, global tables (2019.11.21) across two regions, point-in-time recovery,
// and state that survives save and load. Through the typed client over InProcessTransport.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../../mocks/fake/dynamodb_service.h"
#include "drh/aws/dynamodb.h"
#include "drh/protocol/generic.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

using aws::AttributeValue;
using aws::DynamoDbClient;

constexpr const char* kEast = "us-east-1";
constexpr const char* kWest = "us-west-2";

aws::CreateTableRequest orders_table(std::string name = "orders") {
  return {.TableName = std::move(name),
          .AttributeDefinitions = {{"pk", "S"}, {"sk", "N"}},
          .KeySchema = {{"pk", "HASH"}, {"sk", "RANGE"}},
          .BillingMode = "PAY_PER_REQUEST"};
}

// A generic call through the real client path, for operations the typed client lacks.
Result<nlohmann::json> call(FakeWorld& w, std::string_view op, std::string_view region,
                            const nlohmann::json& params) {
  auto svc = find_service("dynamodb");
  if (!svc) return svc.error();
  auto req = build_generic_request(**svc, op, params);
  if (!req) return req.error();
  auto resp = w.connection->send(**svc, region, std::move(*req));
  if (!resp) return resp.error();
  return decode_generic_response(**svc, op, *resp);
}

fake::DynamoDbService& service(FakeWorld& w) {
  return w.cloud.core().get<fake::DynamoDbService>("dynamodb");
}

TEST(FakeDynamoDbTables, CreateTableIsCreatingThenActiveWithAwsShapes) {
  FakeWorld world;
  DynamoDbClient ddb(*world.connection);
  auto req = orders_table();
  req.StreamSpecification = aws::StreamSpecification{true, "NEW_AND_OLD_IMAGES"};
  req.SSESpecification = aws::SSESpecification{.Enabled = true, .KMSMasterKeyId = "alias/orders"};
  req.DeletionProtectionEnabled = true;
  req.Tags = {{"team", "dr"}};
  auto created = ddb.CreateTable(kEast, req);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  const auto& t = created->TableDescription;
  EXPECT_EQ(t.TableStatus, "CREATING");
  EXPECT_EQ(t.TableArn, "arn:aws:dynamodb:us-east-1:123456789012:table/orders");
  EXPECT_EQ(t.TableId.size(), 36u);
  ASSERT_TRUE(t.BillingModeSummary);
  EXPECT_EQ(t.BillingModeSummary->BillingMode, "PAY_PER_REQUEST");
  ASSERT_TRUE(t.StreamSpecification);
  EXPECT_EQ(t.StreamSpecification->StreamViewType, "NEW_AND_OLD_IMAGES");
  EXPECT_TRUE(t.LatestStreamArn.starts_with(t.TableArn + "/stream/2026-01-01T00:00:00.000"));
  EXPECT_EQ(t.LatestStreamLabel, "2026-01-01T00:00:00.000");
  ASSERT_TRUE(t.SSEDescription);
  EXPECT_EQ(t.SSEDescription->Status, "ENABLED");
  EXPECT_EQ(t.SSEDescription->SSEType, "KMS");
  EXPECT_EQ(t.SSEDescription->KMSMasterKeyArn, "arn:aws:kms:us-east-1:123456789012:alias/orders");
  EXPECT_EQ(t.DeletionProtectionEnabled, true);
  ASSERT_EQ(t.KeySchema.size(), 2u);
  EXPECT_EQ(t.KeySchema[1].KeyType, "RANGE");
  EXPECT_EQ(t.CreationDateTime, world.clock.now());

  // Item calls on a table still being created fail as AWS answers them.
  auto early = ddb.PutItem(kEast, {.TableName = "orders",
                                   .Item = {{"pk", AttributeValue::S("a")},
                                            {"sk", AttributeValue::N(1)}}});
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, "ResourceNotFoundException");

  world.clock.advance(fake::kTableCreationDelay);
  auto described = ddb.DescribeTable(kEast, {.TableName = "orders"});
  ASSERT_TRUE(described.ok()) << described.error().describe();
  EXPECT_EQ(described->Table.TableStatus, "ACTIVE");
  EXPECT_EQ(described->Table.ItemCount, 0);
  EXPECT_TRUE(described->Table.GlobalTableVersion.empty());

  // Tables are regional: the same name is free in another region.
  auto west = ddb.CreateTable(kWest, orders_table());
  ASSERT_TRUE(west.ok()) << west.error().describe();
  EXPECT_EQ(west->TableDescription.TableArn,
            "arn:aws:dynamodb:us-west-2:123456789012:table/orders");
}

TEST(FakeDynamoDbTables, ProvisionedTablesReportThroughputAndOmitBillingSummary) {
  FakeWorld world;
  DynamoDbClient ddb(*world.connection);
  auto req = orders_table("provisioned");
  req.BillingMode = "";
  req.ProvisionedThroughput = aws::ProvisionedThroughput{5, 7};
  auto created = ddb.CreateTable(kEast, req);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  ASSERT_TRUE(created->TableDescription.ProvisionedThroughput);
  EXPECT_EQ(created->TableDescription.ProvisionedThroughput->ReadCapacityUnits, 5);
  EXPECT_EQ(created->TableDescription.ProvisionedThroughput->WriteCapacityUnits, 7);
  EXPECT_FALSE(created->TableDescription.BillingModeSummary);

  req.TableName = "no-throughput";
  req.ProvisionedThroughput.reset();
  auto missing = ddb.CreateTable(kEast, req);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ValidationException");
  EXPECT_NE(missing.error().message.find("ReadCapacityUnits and WriteCapacityUnits must both be "
                                         "specified when BillingMode is PROVISIONED"),
            std::string::npos);
}

TEST(FakeDynamoDbTables, KeySchemaAndAttributeDefinitionsAreValidatedAsAwsDoes) {
  FakeWorld world;
  DynamoDbClient ddb(*world.connection);
  auto undefined = orders_table("tbl1");
  undefined.AttributeDefinitions = {{"pk", "S"}};
  auto r1 = ddb.CreateTable(kEast, undefined);
  ASSERT_FALSE(r1.ok());
  EXPECT_EQ(r1.error().code, "ValidationException");
  EXPECT_EQ(r1.error().http_status, 400);
  EXPECT_NE(r1.error().message.find("Some index key attributes are not defined in "
                                    "AttributeDefinitions. Keys: [sk], AttributeDefinitions: [pk]"),
            std::string::npos);

  auto extra = orders_table("tbl2");
  extra.AttributeDefinitions.push_back({"unused", "S"});
  auto r2 = ddb.CreateTable(kEast, extra);
  ASSERT_FALSE(r2.ok());
  EXPECT_NE(r2.error().message.find("Number of attributes in KeySchema does not exactly match "
                                    "number of attributes defined in AttributeDefinitions"),
            std::string::npos);

  auto range_first = orders_table("tbl3");
  range_first.KeySchema = {{"sk", "RANGE"}, {"pk", "HASH"}};
  auto r3 = ddb.CreateTable(kEast, range_first);
  ASSERT_FALSE(r3.ok());
  EXPECT_EQ(r3.error().message, "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");

  auto bad_type = orders_table("tbl4");
  bad_type.AttributeDefinitions[0].AttributeType = "X";
  auto r4 = ddb.CreateTable(kEast, bad_type);
  ASSERT_FALSE(r4.ok());
  EXPECT_NE(r4.error().message.find("Member must satisfy enum value set: [B, N, S]"),
            std::string::npos);

  auto short_name = ddb.CreateTable(kEast, orders_table("ab"));
  ASSERT_FALSE(short_name.ok());
  EXPECT_NE(short_name.error().message.find("Member must have length greater than or equal to 3"),
            std::string::npos);

  ASSERT_TRUE(ddb.CreateTable(kEast, orders_table("dup")).ok());
  auto dup = ddb.CreateTable(kEast, orders_table("dup"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "ResourceInUseException");
  EXPECT_EQ(dup.error().message, "Table already exists: dup");
}

TEST(FakeDynamoDbTables, MissingTablesAreResourceNotFound) {
  FakeWorld world;
  DynamoDbClient ddb(*world.connection);
  auto r = ddb.DescribeTable(kEast, {.TableName = "nope"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "ResourceNotFoundException");
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_EQ(r.error().message, "Requested resource not found: Table: nope not found");

  auto get = ddb.GetItem(kEast, {.TableName = "nope", .Key = {{"pk", AttributeValue::S("a")}}});
  ASSERT_FALSE(get.ok());
  EXPECT_EQ(get.error().code, "ResourceNotFoundException");

  auto backups = ddb.DescribeContinuousBackups(kEast, {.TableName = "nope"});
  ASSERT_FALSE(backups.ok());
  EXPECT_EQ(backups.error().code, "TableNotFoundException");

  auto unknown = call(world, "DescribeGlobalTableSettings", kEast, {{"GlobalTableName", "x"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "UnknownOperationException");
  EXPECT_NE(unknown.error().message.find("DescribeGlobalTableSettings"), std::string::npos);
}

TEST(FakeDynamoDbTables, ListTablesPagesInNameOrder) {
  FakeWorld world;
  DynamoDbClient ddb(*world.connection);
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(ddb.CreateTable(kEast, orders_table("table-" + std::to_string(i))).ok());
  }
  ASSERT_TRUE(ddb.CreateTable(kWest, orders_table("other-region")).ok());
  auto page1 = ddb.ListTables(kEast, {.Limit = 3});
  ASSERT_TRUE(page1.ok()) << page1.error().describe();
  EXPECT_EQ(page1->TableNames, (std::vector<std::string>{"table-0", "table-1", "table-2"}));
  EXPECT_EQ(page1->LastEvaluatedTableName, "table-2");
  auto page2 = ddb.ListTables(kEast, {.ExclusiveStartTableName = "table-2", .Limit = 3});
  ASSERT_TRUE(page2.ok());
  EXPECT_EQ(page2->TableNames.front(), "table-3");
  auto all = ddb.ListTablesAll(kEast, {.Limit = 3});  // three pages
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(all->size(), 7u);
  EXPECT_EQ(all->back(), "table-6");
  auto last = ddb.ListTables(kEast, {.ExclusiveStartTableName = "table-3", .Limit = 3});
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->TableNames.size(), 3u);
  EXPECT_TRUE(last->LastEvaluatedTableName.empty());  // nothing after: no token

  auto bad = ddb.ListTables(kEast, {.Limit = 101});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "ValidationException");
}

TEST(FakeDynamoDbTables, DeleteTableHonoursStatusAndDeletionProtection) {
  FakeWorld world;
  DynamoDbClient ddb(*world.connection);
  auto req = orders_table();
  req.DeletionProtectionEnabled = true;
  ASSERT_TRUE(ddb.CreateTable(kEast, req).ok());
  auto creating = ddb.DeleteTable(kEast, {.TableName = "orders"});
  ASSERT_FALSE(creating.ok());
  EXPECT_EQ(creating.error().code, "ResourceInUseException");
  EXPECT_NE(creating.error().message.find("Table is being created: orders"), std::string::npos);

  world.clock.advance(fake::kTableCreationDelay);
  auto protected_delete = ddb.DeleteTable(kEast, {.TableName = "orders"});
  ASSERT_FALSE(protected_delete.ok());
  EXPECT_EQ(protected_delete.error().code, "ValidationException");
  EXPECT_NE(protected_delete.error().message.find("protected against deletion"), std::string::npos);

  auto unprotect = ddb.UpdateTable(kEast, {.TableName = "orders", .DeletionProtectionEnabled = false});
  ASSERT_TRUE(unprotect.ok()) << unprotect.error().describe();
  EXPECT_EQ(unprotect->TableDescription.TableStatus, "ACTIVE");  // no UPDATING for this switch
  auto deleted = ddb.DeleteTable(kEast, {.TableName = "orders"});
  ASSERT_TRUE(deleted.ok()) << deleted.error().describe();
  EXPECT_EQ(deleted->TableDescription.TableStatus, "DELETING");
  EXPECT_EQ(ddb.DescribeTable(kEast, {.TableName = "orders"})->Table.TableStatus, "DELETING");
  // The botocore TableNotExists waiter sees it go on virtual time.
  ASSERT_TRUE(aws::WaitUntilTableNotExists(ddb, world.clock, kEast, "orders").ok());
  EXPECT_EQ(ddb.DescribeTable(kEast, {.TableName = "orders"}).error().code,
            "ResourceNotFoundException");
}

TEST(FakeDynamoDbTables, UpdateTableMovesThroughUpdatingAndRejectsNoOps) {
  FakeWorld world;
  DynamoDbClient ddb(*world.connection);
  ASSERT_TRUE(ddb.CreateTable(kEast, orders_table()).ok());
  auto busy = ddb.UpdateTable(kEast, {.TableName = "orders", .BillingMode = "PROVISIONED",
                                      .ProvisionedThroughput = aws::ProvisionedThroughput{1, 1}});
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, "ResourceInUseException");
  ASSERT_TRUE(aws::WaitUntilTableExists(ddb, world.clock, kEast, "orders").ok());

  auto nothing = ddb.UpdateTable(kEast, {.TableName = "orders"});
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().code, "ValidationException");

  auto stream = ddb.UpdateTable(kEast, {.TableName = "orders",
                                        .StreamSpecification = aws::StreamSpecification{true, "KEYS_ONLY"}});
  ASSERT_TRUE(stream.ok()) << stream.error().describe();
  EXPECT_EQ(stream->TableDescription.TableStatus, "UPDATING");
  world.clock.advance(fake::kTableUpdateDelay);
  auto again = ddb.UpdateTable(kEast, {.TableName = "orders",
                                       .StreamSpecification = aws::StreamSpecification{true, "KEYS_ONLY"}});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, "Table already has an enabled stream: TableName: orders");
}

TEST(FakeDynamoDbTables, GlobalTableReplicaAppearsInTheOtherRegionAndListsBothWays) {
  FakeWorld world;
  DynamoDbClient ddb(*world.connection);
  ASSERT_TRUE(ddb.CreateTable(kEast, orders_table()).ok());
  ASSERT_TRUE(aws::WaitUntilTableExists(ddb, world.clock, kEast, "orders").ok());
  ASSERT_TRUE(ddb.PutItem(kEast, {.TableName = "orders",
                                  .Item = {{"pk", AttributeValue::S("before")},
                                           {"sk", AttributeValue::N(1)}}})
                  .ok());

  auto update = ddb.UpdateTable(kEast, {.TableName = "orders",
                                        .ReplicaUpdates = {aws::ReplicationGroupUpdate::add_replica(kWest)}});
  ASSERT_TRUE(update.ok()) << update.error().describe();
  const auto& source = update->TableDescription;
  EXPECT_EQ(source.TableStatus, "UPDATING");
  EXPECT_EQ(source.GlobalTableVersion, "2019.11.21");
  ASSERT_EQ(source.Replicas.size(), 1u);  // the other region only, as AWS lists them
  EXPECT_EQ(source.Replicas[0].RegionName, kWest);
  EXPECT_EQ(source.Replicas[0].ReplicaStatus, "CREATING");
  // Replication needs the stream: version 2019.11.21 turns it on.
  ASSERT_TRUE(source.StreamSpecification);
  EXPECT_EQ(source.StreamSpecification->StreamViewType, "NEW_AND_OLD_IMAGES");

  auto replica = ddb.DescribeTable(kWest, {.TableName = "orders"});
  ASSERT_TRUE(replica.ok()) << replica.error().describe();
  EXPECT_EQ(replica->Table.TableStatus, "CREATING");
  EXPECT_EQ(replica->Table.TableArn, "arn:aws:dynamodb:us-west-2:123456789012:table/orders");
  ASSERT_EQ(replica->Table.Replicas.size(), 1u);
  EXPECT_EQ(replica->Table.Replicas[0].RegionName, kEast);
  EXPECT_EQ(replica->Table.Replicas[0].ReplicaStatus, "ACTIVE");

  // The typed waiter polls on virtual time until the replica is ACTIVE.
  ASSERT_TRUE(aws::WaitUntilReplicasActive(ddb, world.clock, kEast, "orders", {kWest}).ok());
  EXPECT_EQ(ddb.DescribeTable(kEast, {.TableName = "orders"})->Table.TableStatus, "ACTIVE");
  EXPECT_EQ(ddb.DescribeTable(kWest, {.TableName = "orders"})->Table.TableStatus, "ACTIVE");
  // The replica starts with the source's items.
  auto copied = ddb.GetItem(kWest, {.TableName = "orders",
                                    .Key = {{"pk", AttributeValue::S("before")},
                                            {"sk", AttributeValue::N(1)}}});
  ASSERT_TRUE(copied.ok()) << copied.error().describe();
  EXPECT_TRUE(copied->Item.has_value());

  auto disable = ddb.UpdateTable(kWest, {.TableName = "orders",
                                         .StreamSpecification = aws::StreamSpecification{false, ""}});
  ASSERT_FALSE(disable.ok());
  EXPECT_NE(disable.error().message.find("Disabling Stream is not allowed for a Global Table replica"),
            std::string::npos);

  auto twice = ddb.UpdateTable(kEast, {.TableName = "orders",
                                       .ReplicaUpdates = {aws::ReplicationGroupUpdate::add_replica(kWest)}});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, "ValidationException");

  auto nowhere = ddb.UpdateTable(kEast, {.TableName = "orders",
                                         .ReplicaUpdates = {aws::ReplicationGroupUpdate::add_replica("mars-1")}});
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.error().code, "ValidationException");

  // Removing the replica: DELETING, then gone, and the source is a plain table again.
  auto remove = ddb.UpdateTable(kEast, {.TableName = "orders",
                                        .ReplicaUpdates = {aws::ReplicationGroupUpdate::remove_replica(kWest)}});
  ASSERT_TRUE(remove.ok()) << remove.error().describe();
  EXPECT_EQ(remove->TableDescription.Replicas.at(0).ReplicaStatus, "DELETING");
  world.clock.advance(fake::kReplicaDeletionDelay);
  EXPECT_EQ(ddb.DescribeTable(kWest, {.TableName = "orders"}).error().code,
            "ResourceNotFoundException");
  auto plain = ddb.DescribeTable(kEast, {.TableName = "orders"});
  EXPECT_TRUE(plain->Table.Replicas.empty());
  EXPECT_TRUE(plain->Table.GlobalTableVersion.empty());
}

TEST(FakeDynamoDbTables, CommittedWritesReachTheReplicationSeam) {
  FakeWorld world;
  DynamoDbClient ddb(*world.connection);
  std::vector<fake::ddb::CommittedWrite> writes;
  service(world).set_write_listener([&](const fake::ddb::CommittedWrite& w) { writes.push_back(w); });
  ASSERT_TRUE(ddb.CreateTable(kEast, orders_table()).ok());
  world.clock.advance(fake::kTableCreationDelay);
  ASSERT_TRUE(ddb.PutItem(kEast, {.TableName = "orders",
                                  .Item = {{"pk", AttributeValue::S("k")},
                                           {"sk", AttributeValue::N(2)},
                                           {"v", AttributeValue::S("x")}}})
                  .ok());
  ASSERT_TRUE(ddb.DeleteItem(kEast, {.TableName = "orders",
                                     .Key = {{"pk", AttributeValue::S("k")},
                                             {"sk", AttributeValue::N(2)}}})
                  .ok());
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes[0].region, kEast);
  EXPECT_EQ(writes[0].table, "orders");
  EXPECT_EQ(writes[0].key.dump(), R"({"pk":{"S":"k"},"sk":{"N":"2"}})");
  ASSERT_TRUE(writes[0].item);
  EXPECT_EQ((*writes[0].item)["v"]["S"], "x");
  EXPECT_FALSE(writes[1].item);
  EXPECT_EQ(writes[1].at, world.clock.now());
}

TEST(FakeDynamoDbTables, PointInTimeRecoveryReportsItsWindow) {
  FakeWorld world;
  DynamoDbClient ddb(*world.connection);
  ASSERT_TRUE(ddb.CreateTable(kEast, orders_table()).ok());
  world.clock.advance(fake::kTableCreationDelay);
  auto before = ddb.DescribeContinuousBackups(kEast, {.TableName = "orders"});
  ASSERT_TRUE(before.ok()) << before.error().describe();
  EXPECT_EQ(before->ContinuousBackupsDescription.ContinuousBackupsStatus, "ENABLED");
  EXPECT_EQ(before->ContinuousBackupsDescription.PointInTimeRecoveryDescription->PointInTimeRecoveryStatus,
            "DISABLED");

  const TimePoint enabled_at = world.clock.now();
  auto on = ddb.UpdateContinuousBackups(kEast, {.TableName = "orders",
                                                .PointInTimeRecoverySpecification = {true, 7}});
  ASSERT_TRUE(on.ok()) << on.error().describe();
  world.clock.advance(std::chrono::hours(1));
  auto after = ddb.DescribeContinuousBackups(kEast, {.TableName = "orders"});
  const auto& pitr = *after->ContinuousBackupsDescription.PointInTimeRecoveryDescription;
  EXPECT_EQ(pitr.PointInTimeRecoveryStatus, "ENABLED");
  EXPECT_EQ(pitr.RecoveryPeriodInDays, 7);
  EXPECT_EQ(pitr.EarliestRestorableDateTime, enabled_at);
  EXPECT_EQ(pitr.LatestRestorableDateTime, world.clock.now() - fake::kPitrRestoreLag);

  auto bad = ddb.UpdateContinuousBackups(kEast, {.TableName = "orders",
                                                 .PointInTimeRecoverySpecification = {true, 36}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "ValidationException");
}

TEST(FakeDynamoDbTables, TagsAndTimeToLive) {
  FakeWorld world;
  DynamoDbClient ddb(*world.connection);
  auto req = orders_table();
  req.Tags = {{"a", "1"}};
  ASSERT_TRUE(ddb.CreateTable(kEast, req).ok());
  const std::string arn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";
  ASSERT_TRUE(call(world, "TagResource", kEast,
                   {{"ResourceArn", arn}, {"Tags", {{{"Key", "b"}, {"Value", "2"}}}}})
                  .ok());
  auto tags = call(world, "ListTagsOfResource", kEast, {{"ResourceArn", arn}});
  ASSERT_TRUE(tags.ok()) << tags.error().describe();
  EXPECT_EQ((*tags)["Tags"].size(), 2u);
  auto missing = call(world, "ListTagsOfResource", kEast,
                      {{"ResourceArn", "arn:aws:dynamodb:us-east-1:123456789012:table/none"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ResourceNotFoundException");

  auto ttl = call(world, "UpdateTimeToLive", kEast,
                  {{"TableName", "orders"},
                   {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "expires"}}}});
  ASSERT_TRUE(ttl.ok()) << ttl.error().describe();
  auto described = call(world, "DescribeTimeToLive", kEast, {{"TableName", "orders"}});
  ASSERT_TRUE(described.ok());
  EXPECT_EQ((*described)["TimeToLiveDescription"]["TimeToLiveStatus"], "ENABLED");
  EXPECT_EQ((*described)["TimeToLiveDescription"]["AttributeName"], "expires");
}

TEST(FakeDynamoDbTables, StateRoundTripsWithPendingTransitions) {
  FakeWorld world;
  DynamoDbClient ddb(*world.connection);
  ASSERT_TRUE(ddb.CreateTable(kEast, orders_table()).ok());
  world.clock.advance(fake::kTableCreationDelay);
  ASSERT_TRUE(ddb.PutItem(kEast, {.TableName = "orders",
                                  .Item = {{"pk", AttributeValue::S("k")},
                                           {"sk", AttributeValue::N(1)},
                                           {"m", AttributeValue::M({{"x", AttributeValue::NS({"1", "2"})}})}}})
                  .ok());
  ASSERT_TRUE(ddb.UpdateTable(kEast, {.TableName = "orders",
                                      .ReplicaUpdates = {aws::ReplicationGroupUpdate::add_replica(kWest)}})
                  .ok());
  const std::string saved = world.cloud.save_state();

  FakeWorld other;
  ASSERT_TRUE(other.cloud.load_state(saved).ok());
  EXPECT_EQ(other.cloud.save_state(), saved);
  DynamoDbClient ddb2(*other.connection);
  EXPECT_EQ(ddb2.DescribeTable(kWest, {.TableName = "orders"})->Table.TableStatus, "CREATING");
  // The replica's pending activation was re-scheduled at its original due time.
  other.clock.advance(fake::kReplicaCreationDelay);
  auto replica = ddb2.DescribeTable(kWest, {.TableName = "orders"});
  EXPECT_EQ(replica->Table.TableStatus, "ACTIVE");
  EXPECT_EQ(replica->Table.ItemCount, 1);
  auto item = ddb2.GetItem(kEast, {.TableName = "orders",
                                   .Key = {{"pk", AttributeValue::S("k")}, {"sk", AttributeValue::N(1)}}});
  ASSERT_TRUE(item.ok() && item->Item);
  EXPECT_EQ((*item->Item)["m"], AttributeValue::M({{"x", AttributeValue::NS({"1", "2"})}}));
}

}  // namespace
}  // namespace drh::testing
