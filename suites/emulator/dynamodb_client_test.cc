// DynamoDbClient against moto_server: every operation moto implements, through the real
// connection (CurlTransport + SigV4 + retry). moto keeps no replicas (UpdateTable
// ReplicaUpdates is accepted and ignored), so replicas and their waiter are covered by the
// wire-sample tests in suites/aws/ only.
#include <gtest/gtest.h>

#include <algorithm>

#include "drh/aws/dynamodb.h"
#include "moto_env.h"

namespace drh::aws {
namespace {

using drh::testing::moto_connection;
using drh::testing::unique_name;

constexpr std::string_view kRegion = "us-east-1";

class DynamoDbEmulator : public ::testing::Test {
 protected:
  void SetUp() override {
    DRH_REQUIRE_MOTO();
    connection_ = moto_connection();
    ddb_ = std::make_unique<DynamoDbClient>(*connection_);
  }
  void TearDown() override {
    if (!ddb_) return;
    for (const auto& [region, t] : created_) (void)ddb_->DeleteTable(region, {.TableName = t});
  }

  // A pk (S) + sk (N) table, on demand.
  std::string create_table(std::string prefix, std::string_view region = kRegion) {
    std::string name = unique_name(prefix);
    CreateTableRequest req{.TableName = name,
                           .AttributeDefinitions = {{"pk", "S"}, {"sk", "N"}},
                           .KeySchema = {{"pk", "HASH"}, {"sk", "RANGE"}},
                           .BillingMode = "PAY_PER_REQUEST"};
    auto r = ddb_->CreateTable(region, req);
    EXPECT_TRUE(r.ok()) << r.error().describe();
    created_.emplace_back(std::string(region), name);
    return name;
  }

  std::unique_ptr<AwsConnection> connection_;
  std::unique_ptr<DynamoDbClient> ddb_;
  std::vector<std::pair<std::string, std::string>> created_;  // region, table
  ManualClock clock_;  // moto's tables are ACTIVE at once: the waiters never need to sleep
};

TEST_F(DynamoDbEmulator, TableLifecycleCreateDescribeUpdateDelete) {
  const std::string name = unique_name("drh-ddb-table");
  CreateTableRequest create{.TableName = name,
                            .AttributeDefinitions = {{"pk", "S"}},
                            .KeySchema = {{"pk", "HASH"}},
                            .BillingMode = "PAY_PER_REQUEST",
                            .SSESpecification = SSESpecification{true, "KMS", "alias/drh-test"},
                            .Tags = {{"stack", "drh"}},
                            .DeletionProtectionEnabled = false};
  auto created = ddb_->CreateTable(kRegion, create);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  created_.emplace_back(std::string(kRegion), name);
  EXPECT_EQ(created->TableDescription.TableName, name);
  EXPECT_EQ(created->TableDescription.TableArn,
            "arn:aws:dynamodb:us-east-1:123456789012:table/" + name);

  Status exists = WaitUntilTableExists(*ddb_, clock_, kRegion, name);
  ASSERT_TRUE(exists.ok()) << exists.error().describe();

  auto described = ddb_->DescribeTable(kRegion, {.TableName = name});
  ASSERT_TRUE(described.ok()) << described.error().describe();
  const TableDescription& t = described->Table;
  EXPECT_EQ(t.TableStatus, "ACTIVE");
  EXPECT_EQ(t.KeySchema, (std::vector<KeySchemaElement>{{"pk", "HASH"}}));
  EXPECT_EQ(t.AttributeDefinitions, (std::vector<AttributeDefinition>{{"pk", "S"}}));
  ASSERT_TRUE(t.BillingModeSummary.has_value());
  EXPECT_EQ(t.BillingModeSummary->BillingMode, "PAY_PER_REQUEST");
  ASSERT_TRUE(t.SSEDescription.has_value());
  EXPECT_EQ(t.SSEDescription->SSEType, "KMS");
  EXPECT_TRUE(t.CreationDateTime.has_value());
  EXPECT_EQ(t.DeletionProtectionEnabled, false);
  EXPECT_TRUE(t.LatestStreamArn.empty());

  // Streams on (global tables need NEW_AND_OLD_IMAGES), deletion protection on then off.
  UpdateTableRequest update{.TableName = name,
                            .StreamSpecification = StreamSpecification{true, "NEW_AND_OLD_IMAGES"},
                            .DeletionProtectionEnabled = true};
  auto updated = ddb_->UpdateTable(kRegion, update);
  ASSERT_TRUE(updated.ok()) << updated.error().describe();
  ASSERT_TRUE(updated->TableDescription.StreamSpecification.has_value());
  EXPECT_TRUE(updated->TableDescription.StreamSpecification->StreamEnabled);
  EXPECT_EQ(updated->TableDescription.StreamSpecification->StreamViewType, "NEW_AND_OLD_IMAGES");
  EXPECT_NE(updated->TableDescription.LatestStreamArn.find(name + "/stream/"), std::string::npos);
  EXPECT_EQ(updated->TableDescription.DeletionProtectionEnabled, true);
  auto unprotected =
      ddb_->UpdateTable(kRegion, {.TableName = name, .DeletionProtectionEnabled = false});
  ASSERT_TRUE(unprotected.ok()) << unprotected.error().describe();
  EXPECT_EQ(unprotected->TableDescription.DeletionProtectionEnabled, false);

  auto deleted = ddb_->DeleteTable(kRegion, {.TableName = name});
  ASSERT_TRUE(deleted.ok()) << deleted.error().describe();
  EXPECT_EQ(deleted->TableDescription.TableName, name);
  Status gone = WaitUntilTableNotExists(*ddb_, clock_, kRegion, name);
  ASSERT_TRUE(gone.ok()) << gone.error().describe();

  auto missing = ddb_->DescribeTable(kRegion, {.TableName = name});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ResourceNotFoundException");
  auto delete_again = ddb_->DeleteTable(kRegion, {.TableName = name});
  ASSERT_FALSE(delete_again.ok());
  EXPECT_EQ(delete_again.error().code, "ResourceNotFoundException");
}

TEST_F(DynamoDbEmulator, ItemsRoundTripEveryAttributeType) {
  const std::string table = create_table("drh-ddb-items");
  AttributeMap item{
      {"pk", AttributeValue::S("canary#us-east-1")},
      {"sk", AttributeValue::N(1714564800123LL)},
      {"payload", AttributeValue::B(std::string("\x00\x01\x02\xff", 4))},
      {"ok", AttributeValue::BOOL(true)},
      {"note", AttributeValue::Null()},
      {"regions", AttributeValue::SS({"us-east-1", "us-west-2"})},
      {"lags", AttributeValue::NS({"0.5", "12"})},
      {"digests", AttributeValue::BS({std::string("\xde\xad", 2)})},
      {"meta", AttributeValue::M({{"writer", AttributeValue::S("drill")},
                                  {"attempts", AttributeValue::L({AttributeValue::N(1),
                                                                  AttributeValue::S("x")})}})}};
  auto put = ddb_->PutItem(kRegion, {.TableName = table, .Item = item});
  ASSERT_TRUE(put.ok()) << put.error().describe();

  AttributeMap key{{"pk", AttributeValue::S("canary#us-east-1")},
                   {"sk", AttributeValue::N(1714564800123LL)}};
  auto got = ddb_->GetItem(kRegion, {.TableName = table, .Key = key, .ConsistentRead = true});
  ASSERT_TRUE(got.ok()) << got.error().describe();
  ASSERT_TRUE(got->Item.has_value());
  EXPECT_EQ(*got->Item, item);

  // A condition that fails surfaces as DynamoDB's own code, and is not retried into success.
  auto again = ddb_->PutItem(kRegion, {.TableName = table,
                                       .Item = item,
                                       .ConditionExpression = "attribute_not_exists(#pk)",
                                       .ExpressionAttributeNames = {{"#pk", "pk"}}});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "ConditionalCheckFailedException");

  AttributeMap replacement = key;
  replacement["seq"] = AttributeValue::N(2);
  auto overwritten = ddb_->PutItem(kRegion, {.TableName = table,
                                             .Item = replacement,
                                             .ConditionExpression = "attribute_exists(pk)",
                                             .ReturnValues = "ALL_OLD"});
  ASSERT_TRUE(overwritten.ok()) << overwritten.error().describe();
  EXPECT_EQ(overwritten->Attributes, item);

  auto removed =
      ddb_->DeleteItem(kRegion, {.TableName = table,
                                 .Key = key,
                                 .ConditionExpression = "#s = :s",
                                 .ExpressionAttributeNames = {{"#s", "seq"}},
                                 .ExpressionAttributeValues = {{":s", AttributeValue::N(2)}},
                                 .ReturnValues = "ALL_OLD"});
  ASSERT_TRUE(removed.ok()) << removed.error().describe();
  EXPECT_EQ(removed->Attributes, replacement);

  auto after = ddb_->GetItem(kRegion, {.TableName = table, .Key = key});
  ASSERT_TRUE(after.ok()) << after.error().describe();
  EXPECT_FALSE(after->Item.has_value());

  auto no_table = ddb_->GetItem(kRegion, {.TableName = table + "-missing", .Key = key});
  ASSERT_FALSE(no_table.ok());
  EXPECT_EQ(no_table.error().code, "ResourceNotFoundException");
}

TEST_F(DynamoDbEmulator, QueryAllPagesThroughLastEvaluatedKey) {
  const std::string table = create_table("drh-ddb-query");
  for (int i = 1; i <= 7; ++i) {
    auto put =
        ddb_->PutItem(kRegion, {.TableName = table,
                                .Item = {{"pk", AttributeValue::S("canary")},
                                         {"sk", AttributeValue::N(i)},
                                         {"n", AttributeValue::S("item-" + std::to_string(i))}}});
    ASSERT_TRUE(put.ok()) << put.error().describe();
  }
  ASSERT_TRUE(ddb_->PutItem(kRegion, {.TableName = table,
                                      .Item = {{"pk", AttributeValue::S("other")},
                                               {"sk", AttributeValue::N(1)}}})
                  .ok());
  QueryRequest req{.TableName = table,
                   .KeyConditionExpression = "pk = :pk AND sk >= :from",
                   .ExpressionAttributeValues = {{":pk", AttributeValue::S("canary")},
                                                 {":from", AttributeValue::N(1)}},
                   .Limit = 2};

  // moto honours Limit: one page holds 2 items and a key to go on from...
  auto first = ddb_->Query(kRegion, req);
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->Items.size(), 2u);
  EXPECT_EQ(first->Count, 2);
  EXPECT_EQ(first->LastEvaluatedKey.at("sk"), AttributeValue::N(2));

  // ...so seven items in order means QueryAll followed the key over four pages.
  auto all = ddb_->QueryAll(kRegion, req);
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 7u);
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ((*all)[static_cast<std::size_t>(i)].at("sk"), AttributeValue::N(i + 1));
  }

  req.ScanIndexForward = false;
  auto backwards = ddb_->QueryAll(kRegion, req);
  ASSERT_TRUE(backwards.ok()) << backwards.error().describe();
  ASSERT_EQ(backwards->size(), 7u);
  EXPECT_EQ(backwards->front().at("n"), AttributeValue::S("item-7"));
}

TEST_F(DynamoDbEmulator, ListTablesAllPagesThroughLastEvaluatedTableName) {
  // A region of its own: moto pages by the position of the last name, so a table another
  // test deletes mid-listing would end the listing early.
  constexpr std::string_view kListRegion = "eu-north-1";
  std::vector<std::string> mine;
  for (int i = 0; i < 5; ++i) mine.push_back(create_table("drh-ddb-list", kListRegion));

  auto page = ddb_->ListTables(kListRegion, {.Limit = 2});
  ASSERT_TRUE(page.ok()) << page.error().describe();
  EXPECT_LE(page->TableNames.size(), 2u);
  EXPECT_FALSE(page->LastEvaluatedTableName.empty());

  // Pages of at most two names holding all five of ours: at least three pages were read.
  auto all = ddb_->ListTablesAll(kListRegion, {.Limit = 2});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  for (const std::string& t : mine) {
    EXPECT_NE(std::find(all->begin(), all->end(), t), all->end()) << t;
  }
}

TEST_F(DynamoDbEmulator, PointInTimeRecoveryOnAndOff) {
  const std::string table = create_table("drh-ddb-pitr");
  auto before = ddb_->DescribeContinuousBackups(kRegion, {.TableName = table});
  ASSERT_TRUE(before.ok()) << before.error().describe();
  EXPECT_EQ(before->ContinuousBackupsDescription.ContinuousBackupsStatus, "ENABLED");
  ASSERT_TRUE(before->ContinuousBackupsDescription.PointInTimeRecoveryDescription.has_value());
  EXPECT_EQ(before->ContinuousBackupsDescription.PointInTimeRecoveryDescription
                ->PointInTimeRecoveryStatus,
            "DISABLED");

  auto on = ddb_->UpdateContinuousBackups(
      kRegion, {.TableName = table,
                .PointInTimeRecoverySpecification = {.PointInTimeRecoveryEnabled = true}});
  ASSERT_TRUE(on.ok()) << on.error().describe();
  const auto& pitr = on->ContinuousBackupsDescription.PointInTimeRecoveryDescription;
  ASSERT_TRUE(pitr.has_value());
  EXPECT_EQ(pitr->PointInTimeRecoveryStatus, "ENABLED");
  EXPECT_TRUE(pitr->EarliestRestorableDateTime.has_value());
  EXPECT_TRUE(pitr->LatestRestorableDateTime.has_value());

  auto now = ddb_->DescribeContinuousBackups(kRegion, {.TableName = table});
  ASSERT_TRUE(now.ok()) << now.error().describe();
  EXPECT_EQ(
      now->ContinuousBackupsDescription.PointInTimeRecoveryDescription->PointInTimeRecoveryStatus,
      "ENABLED");

  auto missing = ddb_->DescribeContinuousBackups(kRegion, {.TableName = table + "-missing"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "TableNotFoundException");
}

}  // namespace
}  // namespace drh::aws
