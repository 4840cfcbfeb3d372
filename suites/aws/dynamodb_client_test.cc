// DynamoDbClient over hand-written wire samples (fixtures/wire/dynamodb/), written from the
// botocore dynamodb 2012-08-10 model and the DynamoDB API reference: the JSON bodies sent,
// the answers decoded, errors, retries and paging.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../../harness/aws/dynamodb_codec.h"
#include "../../harness/aws/dynamodb_json.h"
#include "drh/aws/dynamodb.h"
#include "drh/protocol/timestamp.h"
#include "scripted_transport.h"

namespace drh::aws {
namespace {

using drh::testing::ScriptedTransport;
using drh::testing::wire_sample;
using nlohmann::json;

TimePoint at(std::string_view iso) { return parse_iso8601(iso).value(); }

class DynamoDbClientTest : public ::testing::Test {
 protected:
  void respond_sample(std::string_view name) {
    transport_->respond(
        wire_sample("dynamodb/" + std::string(name)), 200,
        {{"Content-Type", "application/x-amz-json-1.0"}, {"x-amzn-RequestId", "RID-1"}});
  }
  void respond_error(std::string_view sample, int status) {
    transport_->respond(wire_sample("dynamodb/" + std::string(sample)), status,
                        {{"Content-Type", "application/x-amz-json-1.0"}});
  }
  json sent_body(std::size_t i = 0) const { return json::parse(transport_->requests().at(i).body); }
  std::string sent_target(std::size_t i = 0) const {
    const HttpRequest request = transport_->requests().at(i);
    auto v = request.headers.get("X-Amz-Target");
    return v ? std::string(*v) : std::string();
  }

  std::shared_ptr<ScriptedTransport> transport_ = std::make_shared<ScriptedTransport>();
  ManualClock clock_;
  std::unique_ptr<AwsConnection> connection_ =
      drh::testing::scripted_connection(transport_, clock_);
  DynamoDbClient ddb_{*connection_};
};

// ------------------------------------------------------------------ attribute values

TEST(AttributeValue, HoldsExactlyOneTypedMember) {
  AttributeValue s = AttributeValue::S("x");
  EXPECT_EQ(s.type(), AttributeValue::Type::kS);
  ASSERT_NE(s.as_S(), nullptr);
  EXPECT_EQ(*s.as_S(), "x");
  EXPECT_EQ(s.as_N(), nullptr);
  EXPECT_EQ(s.as_B(), nullptr);

  AttributeValue n = AttributeValue::N(42);
  ASSERT_NE(n.as_N(), nullptr);
  EXPECT_EQ(*n.as_N(), "42");
  EXPECT_EQ(*AttributeValue::N(0.5).as_N(), "0.5");
  EXPECT_EQ(*AttributeValue::N(-7LL).as_N(), "-7");
  EXPECT_EQ(*AttributeValue::N("12345678901234567890123456789012345678").as_N(),
            "12345678901234567890123456789012345678");

  EXPECT_TRUE(AttributeValue().is_NULL());
  EXPECT_TRUE(AttributeValue::Null().is_NULL());
  EXPECT_STREQ(AttributeValue::Null().type_name(), "NULL");
  ASSERT_NE(AttributeValue::BOOL(false).as_BOOL(), nullptr);
  EXPECT_FALSE(*AttributeValue::BOOL(false).as_BOOL());

  // Same text, different type: not equal.
  EXPECT_NE(AttributeValue::S("1"), AttributeValue::N("1"));
  EXPECT_NE(AttributeValue::SS({"a"}), AttributeValue::NS({"a"}));
  EXPECT_NE(AttributeValue::B("a"), AttributeValue::S("a"));
  EXPECT_EQ(AttributeValue::BS({std::string("\0\1", 2)}),
            AttributeValue::BS({std::string("\0\1", 2)}));
}

TEST(AttributeValue, NestedMapsAndListsCopyDeeply) {
  AttributeValue inner = AttributeValue::M({{"n", AttributeValue::N(1)}});
  AttributeValue outer = AttributeValue::L({inner, AttributeValue::S("s")});
  AttributeValue copy = outer;
  EXPECT_EQ(copy, outer);
  outer = AttributeValue::L({});
  ASSERT_NE(copy.as_L(), nullptr);
  ASSERT_EQ(copy.as_L()->size(), 2u);
  const AttributeValue::Map* m = (*copy.as_L())[0].as_M();
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->at("n"), AttributeValue::N(1));
  EXPECT_NE(copy, outer);
  AttributeValue moved = std::move(copy);
  EXPECT_EQ(moved.as_L()->size(), 2u);
}

TEST(AttributeValue, JsonIsTheTypedWireForm) {
  AttributeMap item{{"b", AttributeValue::B(std::string("\xde\xad\xbe\xef", 4))},
                    {"bs", AttributeValue::BS({"a", "b"})},
                    {"l", AttributeValue::L({AttributeValue::Null(), AttributeValue::BOOL(true)})},
                    {"m", AttributeValue::M({{"s", AttributeValue::S("x")}})},
                    {"ns", AttributeValue::NS({"1", "2.5"})}};
  EXPECT_EQ(to_json(item), json::parse(R"({
      "b": {"B": "3q2+7w=="},
      "bs": {"BS": ["YQ==", "Yg=="]},
      "l": {"L": [{"NULL": true}, {"BOOL": true}]},
      "m": {"M": {"s": {"S": "x"}}},
      "ns": {"NS": ["1", "2.5"]}})"));
}

// ------------------------------------------------------------------ tables

TEST_F(DynamoDbClientTest, DescribeTableDecodesAGlobalTable) {
  respond_sample("DescribeTable.json");
  auto r = ddb_.DescribeTable("us-east-1", {.TableName = "orders"});
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(sent_target(), "DynamoDB_20120810.DescribeTable");
  EXPECT_EQ(sent_body(), json({{"TableName", "orders"}}));
  const HttpRequest& sent = transport_->last_request();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.path, "/");
  EXPECT_EQ(sent.headers.get("Content-Type").value_or(""), "application/x-amz-json-1.0");
  auto auth = sent.headers.get("Authorization");
  ASSERT_TRUE(auth.has_value());
  EXPECT_NE(auth->find("/us-east-1/dynamodb/aws4_request"), std::string_view::npos) << *auth;

  const TableDescription& t = r->Table;
  EXPECT_EQ(t.TableName, "orders");
  EXPECT_EQ(t.TableArn, "arn:aws:dynamodb:us-east-1:123456789012:table/orders");
  EXPECT_EQ(t.TableId, "5d8a5c3e-1b2f-4c6d-9e8a-7b6c5d4e3f21");
  EXPECT_EQ(t.TableStatus, "ACTIVE");
  ASSERT_EQ(t.KeySchema.size(), 2u);
  EXPECT_EQ(t.KeySchema[1], (KeySchemaElement{"sk", "RANGE"}));
  ASSERT_EQ(t.AttributeDefinitions.size(), 2u);
  EXPECT_EQ(t.AttributeDefinitions[1], (AttributeDefinition{"sk", "N"}));
  ASSERT_TRUE(t.CreationDateTime.has_value());
  EXPECT_EQ(*t.CreationDateTime, at("2024-05-01T12:00:00.123Z"));
  ASSERT_TRUE(t.BillingModeSummary.has_value());
  EXPECT_EQ(t.BillingModeSummary->BillingMode, "PAY_PER_REQUEST");
  EXPECT_EQ(t.BillingModeSummary->LastUpdateToPayPerRequestDateTime, at("2024-05-01T12:00:00Z"));
  ASSERT_TRUE(t.ProvisionedThroughput.has_value());
  EXPECT_EQ(t.ProvisionedThroughput->ReadCapacityUnits, 0);
  EXPECT_EQ(t.TableSizeBytes, 73912);
  EXPECT_EQ(t.ItemCount, 1204);
  ASSERT_TRUE(t.StreamSpecification.has_value());
  EXPECT_TRUE(t.StreamSpecification->StreamEnabled);
  EXPECT_EQ(t.StreamSpecification->StreamViewType, "NEW_AND_OLD_IMAGES");
  EXPECT_EQ(t.LatestStreamLabel, "2024-05-01T12:00:00.123");
  EXPECT_NE(t.LatestStreamArn.find("/stream/"), std::string::npos);
  EXPECT_EQ(t.GlobalTableVersion, "2019.11.21");
  ASSERT_EQ(t.Replicas.size(), 2u);
  EXPECT_EQ(t.Replicas[0].RegionName, "us-east-1");
  EXPECT_EQ(t.Replicas[0].ReplicaStatus, "ACTIVE");
  const ReplicaDescription* west = t.replica("us-west-2");
  ASSERT_NE(west, nullptr);
  EXPECT_EQ(west->ReplicaStatus, "CREATING");
  EXPECT_EQ(west->ReplicaStatusDescription, "Replica is being created");
  EXPECT_EQ(west->ReplicaStatusPercentProgress, "42");
  EXPECT_NE(west->KMSMasterKeyId.find(":key/2b7e1a52"), std::string::npos);
  EXPECT_EQ(t.replica("eu-west-1"), nullptr);
  ASSERT_TRUE(t.SSEDescription.has_value());
  EXPECT_EQ(t.SSEDescription->Status, "ENABLED");
  EXPECT_EQ(t.SSEDescription->SSEType, "KMS");
  EXPECT_NE(t.SSEDescription->KMSMasterKeyArn.find("arn:aws:kms:us-east-1:"), std::string::npos);
  EXPECT_EQ(t.TableClass, "STANDARD");
  EXPECT_EQ(t.DeletionProtectionEnabled, true);
}

TEST_F(DynamoDbClientTest, DescribeTableJsonUsesBotocoreNames) {
  respond_sample("DescribeTable.json");
  auto r = ddb_.DescribeTable("us-east-1", {.TableName = "orders"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  json j = to_json(*r);
  EXPECT_EQ(j["Table"]["TableName"], "orders");
  EXPECT_EQ(j["Table"]["CreationDateTime"], "2024-05-01T12:00:00.123Z");
  EXPECT_EQ(j["Table"]["Replicas"][1], json::parse(R"({
      "RegionName": "us-west-2", "ReplicaStatus": "CREATING",
      "ReplicaStatusDescription": "Replica is being created",
      "ReplicaStatusPercentProgress": "42",
      "KMSMasterKeyId":
        "arn:aws:kms:us-west-2:123456789012:key/2b7e1a52-7c4f-4d3e-9a1b-0c2d3e4f5a6b"})"));
  EXPECT_EQ(j["Table"]["SSEDescription"]["SSEType"], "KMS");
  EXPECT_EQ(j["Table"]["TableClassSummary"]["TableClass"], "STANDARD");
  EXPECT_EQ(j["Table"]["DeletionProtectionEnabled"], true);
  EXPECT_FALSE(j["Table"].contains("TableClass"));
}

TEST_F(DynamoDbClientTest, CreateTableSendsKeysBillingStreamsAndEncryption) {
  respond_sample("CreateTable.json");
  CreateTableRequest req;
  req.TableName = "orders";
  req.AttributeDefinitions = {{"pk", "S"}};
  req.KeySchema = {{"pk", "HASH"}};
  req.BillingMode = "PAY_PER_REQUEST";
  req.StreamSpecification = StreamSpecification{true, "NEW_AND_OLD_IMAGES"};
  req.SSESpecification = SSESpecification{true, "KMS", "alias/orders"};
  req.Tags = {{"team", "dr"}};
  req.DeletionProtectionEnabled = false;
  auto r = ddb_.CreateTable("us-east-1", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(sent_target(), "DynamoDB_20120810.CreateTable");
  EXPECT_EQ(sent_body(), json::parse(R"({
      "TableName": "orders",
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "BillingMode": "PAY_PER_REQUEST",
      "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"},
      "SSESpecification": {"Enabled": true, "SSEType": "KMS", "KMSMasterKeyId": "alias/orders"},
      "Tags": [{"Key": "team", "Value": "dr"}],
      "DeletionProtectionEnabled": false})"));
  EXPECT_EQ(r->TableDescription.TableStatus, "CREATING");
  EXPECT_EQ(r->TableDescription.DeletionProtectionEnabled, false);
  EXPECT_TRUE(r->TableDescription.Replicas.empty());
}

TEST_F(DynamoDbClientTest, CreateTableProvisionedSendsCapacity) {
  respond_sample("CreateTable.json");
  CreateTableRequest req{.TableName = "t",
                         .AttributeDefinitions = {{"pk", "S"}},
                         .KeySchema = {{"pk", "HASH"}},
                         .ProvisionedThroughput = ProvisionedThroughput{5, 10}};
  ASSERT_TRUE(ddb_.CreateTable("us-east-1", req).ok());
  EXPECT_EQ(sent_body()["ProvisionedThroughput"],
            json::parse(R"({"ReadCapacityUnits": 5, "WriteCapacityUnits": 10})"));
  EXPECT_FALSE(sent_body().contains("BillingMode"));
}

TEST_F(DynamoDbClientTest, UpdateTableSendsReplicaUpdates) {
  respond_sample("UpdateTable.json");
  UpdateTableRequest req;
  req.TableName = "orders";
  req.ReplicaUpdates = {ReplicationGroupUpdate::add_replica("us-west-2", "alias/orders-west"),
                        ReplicationGroupUpdate::remove_replica("eu-west-1")};
  req.StreamSpecification = StreamSpecification{true, "NEW_AND_OLD_IMAGES"};
  auto r = ddb_.UpdateTable("us-east-1", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(sent_target(), "DynamoDB_20120810.UpdateTable");
  EXPECT_EQ(sent_body(), json::parse(R"({
      "TableName": "orders",
      "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"},
      "ReplicaUpdates": [
        {"Create": {"RegionName": "us-west-2", "KMSMasterKeyId": "alias/orders-west"}},
        {"Delete": {"RegionName": "eu-west-1"}}]})"));
  EXPECT_EQ(r->TableDescription.TableStatus, "UPDATING");
  ASSERT_EQ(r->TableDescription.Replicas.size(), 1u);
  EXPECT_EQ(r->TableDescription.Replicas[0].ReplicaStatus, "CREATING");
}

TEST_F(DynamoDbClientTest, UpdateTableRejectsAnAmbiguousReplicaUpdate) {
  UpdateTableRequest req{.TableName = "orders", .ReplicaUpdates = {ReplicationGroupUpdate{}}};
  auto none = ddb_.UpdateTable("us-east-1", req);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(none.error().message.find("ReplicaUpdates[0]"), std::string::npos);
  req.ReplicaUpdates = {ReplicationGroupUpdate::add_replica("")};
  auto empty_region = ddb_.UpdateTable("us-east-1", req);
  ASSERT_FALSE(empty_region.ok());
  EXPECT_NE(empty_region.error().message.find("ReplicaUpdates[0].Create.RegionName"),
            std::string::npos);
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(DynamoDbClientTest, DeleteTableDecodesTheDeletingTable) {
  respond_sample("DeleteTable.json");
  auto r = ddb_.DeleteTable("us-east-1", {.TableName = "orders"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_body(), json({{"TableName", "orders"}}));
  EXPECT_EQ(r->TableDescription.TableStatus, "DELETING");
}

TEST_F(DynamoDbClientTest, MissingTableIsResourceNotFound) {
  respond_error("ResourceNotFoundException.error.json", 400);
  auto r = ddb_.DescribeTable("us-east-1", {.TableName = "orders"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "ResourceNotFoundException");
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_NE(r.error().message.find("orders not found"), std::string::npos);
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(DynamoDbClientTest, AccessDeniedIsNotRetried) {
  respond_error("AccessDeniedException.error.json", 400);
  auto r = ddb_.DescribeTable("us-east-1", {.TableName = "orders"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "AccessDeniedException");
  EXPECT_NE(r.error().message.find("dynamodb:DescribeTable"), std::string::npos);
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(DynamoDbClientTest, ThrottlingIsRetriedOnTheInjectedClock) {
  respond_error("ThrottlingException.error.json", 400);
  respond_error("ProvisionedThroughputExceededException.error.json", 400);
  respond_sample("GetItem.json");
  auto r = ddb_.GetItem(
      "us-west-2", {.TableName = "orders", .Key = {{"pk", AttributeValue::S("canary#us-east-1")}}});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(transport_->requests().size(), 3u);
  EXPECT_EQ(transport_->requests()[2].body, transport_->requests()[0].body);
  EXPECT_TRUE(r->Item.has_value());
}

TEST_F(DynamoDbClientTest, RequiredMembersAreCheckedBeforeSending) {
  EXPECT_EQ(ddb_.DescribeTable("us-east-1", {}).error().kind, ErrorKind::kInvalidInput);
  auto no_keys = ddb_.CreateTable("us-east-1", {.TableName = "t"});
  ASSERT_FALSE(no_keys.ok());
  EXPECT_NE(no_keys.error().message.find("KeySchema"), std::string::npos);
  auto no_item = ddb_.PutItem("us-east-1", {.TableName = "t"});
  EXPECT_NE(no_item.error().message.find("Item"), std::string::npos);
  auto no_key = ddb_.GetItem("us-east-1", {.TableName = "t"});
  EXPECT_NE(no_key.error().message.find("Key"), std::string::npos);
  auto no_condition = ddb_.Query("us-east-1", {.TableName = "t"});
  EXPECT_NE(no_condition.error().message.find("KeyConditionExpression"), std::string::npos);
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(DynamoDbClientTest, TextThatIsNotUtf8IsInvalidInputNotACrash) {
  auto r = ddb_.PutItem("us-east-1",
                        {.TableName = "t", .Item = {{"pk", AttributeValue::S("\xff\xfe")}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(r.error().message.find("UTF-8"), std::string::npos);
}

// ------------------------------------------------------------------ items

TEST_F(DynamoDbClientTest, PutItemSendsTypedAttributesAndCondition) {
  respond_sample("PutItem.json");
  PutItemRequest req;
  req.TableName = "orders";
  req.Item = {{"pk", AttributeValue::S("canary#us-east-1")},
              {"seq", AttributeValue::N(42)},
              {"blob", AttributeValue::B(std::string("\x00\x01\x02\xff", 4))},
              {"ok", AttributeValue::BOOL(true)}};
  req.ConditionExpression = "attribute_not_exists(#pk) OR #seq < :seq";
  req.ExpressionAttributeNames = {{"#pk", "pk"}, {"#seq", "seq"}};
  req.ExpressionAttributeValues = {{":seq", AttributeValue::N(42)}};
  req.ReturnValues = "ALL_OLD";
  auto r = ddb_.PutItem("us-east-1", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(sent_target(), "DynamoDB_20120810.PutItem");
  EXPECT_EQ(sent_body(), json::parse(R"({
      "TableName": "orders",
      "Item": {"pk": {"S": "canary#us-east-1"}, "seq": {"N": "42"},
               "blob": {"B": "AAEC/w=="}, "ok": {"BOOL": true}},
      "ConditionExpression": "attribute_not_exists(#pk) OR #seq < :seq",
      "ExpressionAttributeNames": {"#pk": "pk", "#seq": "seq"},
      "ExpressionAttributeValues": {":seq": {"N": "42"}},
      "ReturnValues": "ALL_OLD"})"));
  EXPECT_EQ(r->Attributes.at("seq"), AttributeValue::N("41"));
}

TEST_F(DynamoDbClientTest, FailedConditionSurfacesAsItsCode) {
  respond_error("ConditionalCheckFailedException.error.json", 400);
  auto r = ddb_.PutItem("us-east-1", {.TableName = "orders",
                                      .Item = {{"pk", AttributeValue::S("x")}},
                                      .ConditionExpression = "attribute_not_exists(pk)"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "ConditionalCheckFailedException");
  EXPECT_EQ(transport_->requests().size(), 1u);  // a failed condition is not retried
}

TEST_F(DynamoDbClientTest, GetItemDecodesEveryAttributeType) {
  respond_sample("GetItem.json");
  auto r = ddb_.GetItem("us-west-2", {.TableName = "orders",
                                      .Key = {{"pk", AttributeValue::S("canary#us-east-1")},
                                              {"sk", AttributeValue::N("1714564800123")}},
                                      .ConsistentRead = true});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_body(), json::parse(R"({
      "TableName": "orders",
      "Key": {"pk": {"S": "canary#us-east-1"}, "sk": {"N": "1714564800123"}},
      "ConsistentRead": true})"));

  ASSERT_TRUE(r->Item.has_value());
  const AttributeMap& item = *r->Item;
  EXPECT_EQ(item.at("pk"), AttributeValue::S("canary#us-east-1"));
  EXPECT_EQ(item.at("sk"), AttributeValue::N("1714564800123"));
  EXPECT_EQ(item.at("payload"), AttributeValue::B(std::string("\x00\x01\x02\xff", 4)));
  EXPECT_EQ(item.at("replicated"), AttributeValue::BOOL(true));
  EXPECT_TRUE(item.at("note").is_NULL());
  EXPECT_EQ(item.at("regions"), AttributeValue::SS({"us-east-1", "us-west-2"}));
  EXPECT_EQ(item.at("lags"), AttributeValue::NS({"12", "0.5"}));
  EXPECT_EQ(item.at("digests"),
            AttributeValue::BS({std::string("\xde\xad\xbe\xef", 4), std::string("\0", 1)}));
  EXPECT_EQ(item.at("meta"),
            AttributeValue::M(
                {{"writer", AttributeValue::S("drill-7")},
                 {"attempts",
                  AttributeValue::L({AttributeValue::N(1), AttributeValue::S("retry"),
                                     AttributeValue::M({{"ok", AttributeValue::BOOL(false)}})})}}));
  // The typed JSON round-trips to the sample.
  EXPECT_EQ(to_json(*r)["Item"], json::parse(wire_sample("dynamodb/GetItem.json"))["Item"]);
}

TEST_F(DynamoDbClientTest, GetItemOfAMissingKeyHasNoItem) {
  transport_->respond("{}");
  auto r =
      ddb_.GetItem("us-east-1", {.TableName = "orders", .Key = {{"pk", AttributeValue::S("x")}}});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_FALSE(r->Item.has_value());
  EXPECT_FALSE(to_json(*r).contains("Item"));
}

TEST_F(DynamoDbClientTest, DeleteItemSendsKeyAndReturnsOldItem) {
  respond_sample("DeleteItem.json");
  auto r = ddb_.DeleteItem("us-east-1", {.TableName = "orders",
                                         .Key = {{"pk", AttributeValue::S("canary#us-east-1")}},
                                         .ConditionExpression = "attribute_exists(pk)",
                                         .ReturnValues = "ALL_OLD"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_target(), "DynamoDB_20120810.DeleteItem");
  EXPECT_EQ(sent_body(), json::parse(R"js({
      "TableName": "orders", "Key": {"pk": {"S": "canary#us-east-1"}},
      "ConditionExpression": "attribute_exists(pk)", "ReturnValues": "ALL_OLD"})js"));
  EXPECT_EQ(r->Attributes.at("seq"), AttributeValue::N("42"));
}

TEST_F(DynamoDbClientTest, BadAttributeValuesAreDecodeErrorsNamingThePath) {
  transport_->respond(R"({"Item": {"pk": {"S": "x"}, "meta": {"M": {"n": {"N": 5}}}}})");
  auto wrong_type =
      ddb_.GetItem("us-east-1", {.TableName = "t", .Key = {{"pk", AttributeValue::S("x")}}});
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.error().kind, ErrorKind::kDecode);
  EXPECT_NE(wrong_type.error().message.find("Item.meta.M.n.N"), std::string::npos)
      << wrong_type.error().message;

  transport_->respond(R"({"Item": {"pk": {"S": "x", "N": "1"}}})");
  auto two_types =
      ddb_.GetItem("us-east-1", {.TableName = "t", .Key = {{"pk", AttributeValue::S("x")}}});
  ASSERT_FALSE(two_types.ok());
  EXPECT_NE(two_types.error().message.find("Item.pk"), std::string::npos);

  transport_->respond(R"({"Item": {"b": {"B": "not base64!"}}})");
  auto bad_b64 =
      ddb_.GetItem("us-east-1", {.TableName = "t", .Key = {{"pk", AttributeValue::S("x")}}});
  ASSERT_FALSE(bad_b64.ok());
  EXPECT_NE(bad_b64.error().message.find("Item.b.B: invalid base64"), std::string::npos)
      << bad_b64.error().message;

  transport_->respond(R"({"Item": {"x": {"Q": "1"}}})");
  auto unknown =
      ddb_.GetItem("us-east-1", {.TableName = "t", .Key = {{"pk", AttributeValue::S("x")}}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("unknown attribute value type 'Q'"), std::string::npos);
}

TEST_F(DynamoDbClientTest, MalformedAnswersAreDecodeErrors) {
  transport_->respond("<html>not json</html>");
  auto not_json = ddb_.DescribeTable("us-east-1", {.TableName = "orders"});
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(not_json.error().code, "MalformedJson");

  transport_->respond(R"({"TableName": "orders"})");
  auto no_table = ddb_.DescribeTable("us-east-1", {.TableName = "orders"});
  ASSERT_FALSE(no_table.ok());
  EXPECT_NE(no_table.error().message.find("Table: missing"), std::string::npos)
      << no_table.error().message;

  transport_->respond(R"({"Table": {"TableName": "orders", "Replicas": [{"RegionName": 7}]}})");
  auto bad_replica = ddb_.DescribeTable("us-east-1", {.TableName = "orders"});
  ASSERT_FALSE(bad_replica.ok());
  EXPECT_NE(bad_replica.error().message.find("Table.Replicas[0].RegionName"), std::string::npos)
      << bad_replica.error().message;
}

// ------------------------------------------------------------------ paging

TEST_F(DynamoDbClientTest, ListTablesAllFollowsLastEvaluatedTableNameOverThreePages) {
  respond_sample("ListTables.json");
  transport_->respond(
      R"({"TableNames": ["payments", "refunds"], "LastEvaluatedTableName": "refunds"})");
  transport_->respond(R"({"TableNames": ["sessions"]})");
  auto all = ddb_.ListTablesAll("us-east-1", {.Limit = 3});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(*all, (std::vector<std::string>{"inventory", "orders", "orders-canary", "payments",
                                            "refunds", "sessions"}));
  ASSERT_EQ(transport_->requests().size(), 3u);
  EXPECT_EQ(sent_body(0), json({{"Limit", 3}}));
  EXPECT_EQ(sent_body(1), json({{"ExclusiveStartTableName", "orders-canary"}, {"Limit", 3}}));
  EXPECT_EQ(sent_body(2), json({{"ExclusiveStartTableName", "refunds"}, {"Limit", 3}}));
}

TEST_F(DynamoDbClientTest, ListTablesAllStopsOnARepeatedToken) {
  transport_->respond(R"({"TableNames": ["a"], "LastEvaluatedTableName": "a"})");
  transport_->respond(R"({"TableNames": ["b"], "LastEvaluatedTableName": "b"})");
  transport_->respond(R"({"TableNames": ["a"], "LastEvaluatedTableName": "a"})");
  auto all = ddb_.ListTablesAll("us-east-1");
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(all.error().code, "RepeatedPageToken");
  EXPECT_NE(all.error().message.find("LastEvaluatedTableName a"), std::string::npos)
      << all.error().message;
  EXPECT_EQ(transport_->requests().size(), 3u);
}

TEST_F(DynamoDbClientTest, QueryAllFollowsLastEvaluatedKeyOverThreePages) {
  respond_sample("Query.json");
  transport_->respond(R"({"Items": [{"pk": {"S": "canary"}, "sk": {"N": "3"}}], "Count": 1,
      "ScannedCount": 1, "LastEvaluatedKey": {"pk": {"S": "canary"}, "sk": {"N": "3"}}})");
  transport_->respond(
      R"({"Items": [{"pk": {"S": "canary"}, "sk": {"N": "4"}}], "Count": 1, "ScannedCount": 1})");
  QueryRequest req;
  req.TableName = "orders";
  req.KeyConditionExpression = "pk = :pk";
  req.ExpressionAttributeValues = {{":pk", AttributeValue::S("canary")}};
  req.Limit = 2;
  req.ScanIndexForward = false;
  auto all = ddb_.QueryAll("us-east-1", req);
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[1].at("region"), AttributeValue::S("us-west-2"));
  EXPECT_EQ((*all)[3].at("sk"), AttributeValue::N("4"));

  ASSERT_EQ(transport_->requests().size(), 3u);
  EXPECT_EQ(sent_target(0), "DynamoDB_20120810.Query");
  EXPECT_EQ(sent_body(0), json::parse(R"({
      "TableName": "orders", "KeyConditionExpression": "pk = :pk",
      "ExpressionAttributeValues": {":pk": {"S": "canary"}}, "Limit": 2,
      "ScanIndexForward": false})"));
  EXPECT_EQ(sent_body(1)["ExclusiveStartKey"],
            json::parse(R"({"pk": {"S": "canary"}, "sk": {"N": "2"}})"));
  EXPECT_EQ(sent_body(2)["ExclusiveStartKey"],
            json::parse(R"({"pk": {"S": "canary"}, "sk": {"N": "3"}})"));
}

TEST_F(DynamoDbClientTest, QueryDecodesCountsAndKey) {
  respond_sample("Query.json");
  auto r = ddb_.Query("us-east-1", {.TableName = "orders", .KeyConditionExpression = "pk = :pk"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->Count, 2);
  EXPECT_EQ(r->ScannedCount, 3);
  EXPECT_EQ(r->LastEvaluatedKey.at("sk"), AttributeValue::N("2"));
  json j = to_json(*r);
  EXPECT_EQ(j["ScannedCount"], 3);
  EXPECT_EQ(j["LastEvaluatedKey"]["pk"], json({{"S", "canary"}}));
}

TEST_F(DynamoDbClientTest, QueryAllStopsOnARepeatedKeyAndReturnsPageErrors) {
  transport_->respond(R"({"Items": [], "LastEvaluatedKey": {"pk": {"S": "k"}}})");
  transport_->respond(R"({"Items": [], "LastEvaluatedKey": {"pk": {"S": "k"}}})");
  auto loop = ddb_.QueryAll("us-east-1", {.TableName = "t", .KeyConditionExpression = "pk = :p"});
  ASSERT_FALSE(loop.ok());
  EXPECT_EQ(loop.error().code, "RepeatedPageToken");
  EXPECT_NE(loop.error().message.find("LastEvaluatedKey"), std::string::npos);

  transport_->respond(R"({"Items": [], "LastEvaluatedKey": {"pk": {"S": "k"}}})");
  respond_error("ResourceNotFoundException.error.json", 400);
  auto failed = ddb_.QueryAll("us-east-1", {.TableName = "t", .KeyConditionExpression = "pk = :p"});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "ResourceNotFoundException");
}

// ------------------------------------------------------------------ continuous backups

TEST_F(DynamoDbClientTest, DescribeContinuousBackupsDecodesPointInTimeRecovery) {
  respond_sample("DescribeContinuousBackups.json");
  auto r = ddb_.DescribeContinuousBackups("us-west-2", {.TableName = "orders"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_target(), "DynamoDB_20120810.DescribeContinuousBackups");
  const ContinuousBackupsDescription& d = r->ContinuousBackupsDescription;
  EXPECT_EQ(d.ContinuousBackupsStatus, "ENABLED");
  ASSERT_TRUE(d.PointInTimeRecoveryDescription.has_value());
  EXPECT_EQ(d.PointInTimeRecoveryDescription->PointInTimeRecoveryStatus, "ENABLED");
  EXPECT_EQ(d.PointInTimeRecoveryDescription->RecoveryPeriodInDays, 35);
  EXPECT_EQ(d.PointInTimeRecoveryDescription->EarliestRestorableDateTime,
            at("2024-04-30T12:00:00Z"));
  EXPECT_EQ(d.PointInTimeRecoveryDescription->LatestRestorableDateTime,
            at("2024-05-01T11:55:00.5Z"));
  EXPECT_EQ(to_json(*r)["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
                       ["LatestRestorableDateTime"],
            "2024-05-01T11:55:00.500Z");
}

TEST_F(DynamoDbClientTest, UpdateContinuousBackupsSendsTheSpecification) {
  respond_sample("UpdateContinuousBackups.json");
  auto r = ddb_.UpdateContinuousBackups(
      "us-east-1", {.TableName = "orders",
                    .PointInTimeRecoverySpecification = {.PointInTimeRecoveryEnabled = false}});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_body(), json::parse(R"({"TableName": "orders",
      "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": false}})"));
  EXPECT_EQ(
      r->ContinuousBackupsDescription.PointInTimeRecoveryDescription->PointInTimeRecoveryStatus,
      "DISABLED");
}

TEST_F(DynamoDbClientTest, ContinuousBackupsOfAMissingTableIsTableNotFound) {
  respond_error("TableNotFoundException.error.json", 400);
  auto r = ddb_.DescribeContinuousBackups("us-east-1", {.TableName = "orders"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "TableNotFoundException");
}

}  // namespace
}  // namespace drh::aws
