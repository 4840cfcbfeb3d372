// DynamoDB in the fake, items: every attribute type round-trips, condition expressions on
// writes, projections, Query and Scan with paging, UpdateItem, and the ValidationException
// messages AWS gives for malformed expressions and keys. Also the number and expression
// layers on their own.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../../mocks/fake/dynamodb_expressions.h"
#include "../../mocks/fake/dynamodb_service.h"
#include "drh/aws/dynamodb.h"
#include "drh/protocol/generic.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

using aws::AttributeMap;
using aws::AttributeValue;
using aws::DynamoDbClient;
using nlohmann::json;

constexpr const char* kEast = "us-east-1";

Result<json> call(FakeWorld& w, std::string_view op, const json& params) {
  auto svc = find_service("dynamodb");
  if (!svc) return svc.error();
  auto req = build_generic_request(**svc, op, params);
  if (!req) return req.error();
  auto resp = w.connection->send(**svc, kEast, std::move(*req));
  if (!resp) return resp.error();
  return decode_generic_response(**svc, op, *resp);
}

// A world with an ACTIVE table "events" (pk S, sk N).
struct ItemsWorld : ::testing::Test {
  void SetUp() override {
    auto created = ddb.CreateTable(kEast, {.TableName = "events",
                                           .AttributeDefinitions = {{"pk", "S"}, {"sk", "N"}},
                                           .KeySchema = {{"pk", "HASH"}, {"sk", "RANGE"}},
                                           .BillingMode = "PAY_PER_REQUEST"});
    ASSERT_TRUE(created.ok()) << created.error().describe();
    world.clock.advance(fake::kTableCreationDelay);
  }
  Status put(AttributeMap item, std::string condition = {}, AttributeMap values = {},
             std::map<std::string, std::string> names = {}) {
    auto r = ddb.PutItem(kEast, {.TableName = "events",
                                 .Item = std::move(item),
                                 .ConditionExpression = std::move(condition),
                                 .ExpressionAttributeNames = std::move(names),
                                 .ExpressionAttributeValues = std::move(values)});
    if (!r) return r.error();
    return Ok{};
  }
  static AttributeMap key(std::string pk, int sk) {
    return {{"pk", AttributeValue::S(std::move(pk))}, {"sk", AttributeValue::N(sk)}};
  }
  static AttributeMap item(std::string pk, int sk, AttributeMap extra = {}) {
    AttributeMap m = key(std::move(pk), sk);
    m.merge(extra);
    return m;
  }

  FakeWorld world;
  DynamoDbClient ddb{*world.connection};
};

TEST_F(ItemsWorld, EveryAttributeTypeRoundTripsAndNumbersAreCanonical) {
  AttributeMap full = item("all", 1, {
      {"s", AttributeValue::S("text")},
      {"n", AttributeValue::N("1.50")},
      {"big", AttributeValue::N("12345678901234567890123456789012345678")},
      {"b", AttributeValue::B(std::string("\x00\x01\xff", 3))},
      {"t", AttributeValue::BOOL(true)},
      {"z", AttributeValue::Null()},
      {"m", AttributeValue::M({{"inner", AttributeValue::L({AttributeValue::N(1), AttributeValue::S("x")})}})},
      {"ss", AttributeValue::SS({"a", "b"})},
      {"ns", AttributeValue::NS({"1", "2.5"})},
      {"bs", AttributeValue::BS({"x", "y"})},
      {"empty", AttributeValue::S("")},
  });
  ASSERT_TRUE(put(full).ok());
  auto got = ddb.GetItem(kEast, {.TableName = "events", .Key = key("all", 1), .ConsistentRead = true});
  ASSERT_TRUE(got.ok()) << got.error().describe();
  ASSERT_TRUE(got->Item);
  AttributeMap expected = full;
  expected["n"] = AttributeValue::N("1.5");  // DynamoDB keeps numbers, not their text
  EXPECT_EQ(*got->Item, expected);

  auto projected = ddb.GetItem(kEast, {.TableName = "events",
                                       .Key = key("all", 1),
                                       .ProjectionExpression = "s, #m.#i[1]",
                                       .ExpressionAttributeNames = {{"#m", "m"}, {"#i", "inner"}}});
  ASSERT_TRUE(projected.ok()) << projected.error().describe();
  EXPECT_EQ(*projected->Item,
            (AttributeMap{{"s", AttributeValue::S("text")},
                          {"m", AttributeValue::M({{"inner", AttributeValue::L({AttributeValue::S("x")})}})}}));

  auto absent = ddb.GetItem(kEast, {.TableName = "events", .Key = key("none", 1)});
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->Item);
}

TEST_F(ItemsWorld, MalformedItemsAndKeysAreRejectedWithAwsMessages) {
  auto missing_key = put({{"pk", AttributeValue::S("a")}});
  ASSERT_FALSE(missing_key.ok());
  EXPECT_EQ(missing_key.error().code, "ValidationException");
  EXPECT_EQ(missing_key.error().message,
            "One or more parameter values were invalid: Missing the key sk in the item");

  auto mismatch = put({{"pk", AttributeValue::N(1)}, {"sk", AttributeValue::N(1)}});
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().message,
            "One or more parameter values were invalid: Type mismatch for key pk expected: S "
            "actual: N");

  auto empty_key = put(item("", 1));
  ASSERT_FALSE(empty_key.ok());
  EXPECT_NE(empty_key.error().message.find("cannot contain an empty string value. Key: pk"),
            std::string::npos);

  auto empty_set = put(item("a", 1, {{"ss", AttributeValue::SS({})}}));
  ASSERT_FALSE(empty_set.ok());
  EXPECT_NE(empty_set.error().message.find("An string set  may not be empty"), std::string::npos);

  auto dup_set = put(item("a", 1, {{"ss", AttributeValue::SS({"x", "x"})}}));
  ASSERT_FALSE(dup_set.ok());
  EXPECT_NE(dup_set.error().message.find("contains duplicates"), std::string::npos);

  auto bad_number = put(item("a", 1, {{"n", AttributeValue::N("12abc")}}));
  ASSERT_FALSE(bad_number.ok());
  EXPECT_EQ(bad_number.error().message, "A value provided cannot be converted into a number");

  auto wrong_key = ddb.GetItem(kEast, {.TableName = "events", .Key = {{"pk", AttributeValue::S("a")}}});
  ASSERT_FALSE(wrong_key.ok());
  EXPECT_EQ(wrong_key.error().message, "The provided key element does not match the schema");

  auto too_big = put(item("a", 1, {{"blob", AttributeValue::S(std::string(410 * 1024, 'x'))}}));
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().message, "Item size has exceeded the maximum allowed size");
}

TEST_F(ItemsWorld, ConditionExpressionsGuardWrites) {
  ASSERT_TRUE(put(item("c", 1, {{"v", AttributeValue::N(10)}, {"status", AttributeValue::S("open")}}),
                  "attribute_not_exists(pk)")
                  .ok());
  auto again = put(item("c", 1), "attribute_not_exists(pk)");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "ConditionalCheckFailedException");
  EXPECT_EQ(again.error().http_status, 400);
  EXPECT_EQ(again.error().message, "The conditional request failed");

  // Numbers compare numerically (10 > 9, though "10" < "9" as text).
  EXPECT_TRUE(put(item("c", 1, {{"v", AttributeValue::N(11)}}), "v > :nine",
                  {{":nine", AttributeValue::N(9)}})
                  .ok());
  // AND / OR / NOT, parentheses, begins_with, names and values.
  EXPECT_TRUE(put(item("c", 1, {{"v", AttributeValue::N(12)}, {"status", AttributeValue::S("open")}}),
                  "(v >= :min AND v <> :max) OR NOT attribute_exists(v)",
                  {{":min", AttributeValue::N(11)}, {":max", AttributeValue::N(100)}})
                  .ok());
  EXPECT_TRUE(put(item("c", 1, {{"v", AttributeValue::N(13)}, {"status", AttributeValue::S("opened")}}),
                  "begins_with(#s, :p) AND v BETWEEN :lo AND :hi",
                  {{":p", AttributeValue::S("op")}, {":lo", AttributeValue::N(1)},
                   {":hi", AttributeValue::N(12)}},
                  {{"#s", "status"}})
                  .ok());
  auto failed = put(item("c", 1), "v < :v", {{":v", AttributeValue::N(5)}});
  EXPECT_EQ(failed.error().code, "ConditionalCheckFailedException");

  // ReturnValues ALL_OLD gives the item that was replaced.
  auto old = ddb.PutItem(kEast, {.TableName = "events", .Item = item("c", 1), .ReturnValues = "ALL_OLD"});
  ASSERT_TRUE(old.ok()) << old.error().describe();
  EXPECT_EQ(old->Attributes.at("v"), AttributeValue::N(13));

  // DeleteItem with a condition.
  auto guarded = ddb.DeleteItem(kEast, {.TableName = "events", .Key = key("c", 1),
                                        .ConditionExpression = "attribute_exists(v)"});
  EXPECT_EQ(guarded.error().code, "ConditionalCheckFailedException");
  auto deleted = ddb.DeleteItem(kEast, {.TableName = "events", .Key = key("c", 1),
                                        .ConditionExpression = "attribute_exists(pk)",
                                        .ReturnValues = "ALL_OLD"});
  ASSERT_TRUE(deleted.ok()) << deleted.error().describe();
  EXPECT_EQ(deleted->Attributes.at("pk"), AttributeValue::S("c"));
}

TEST_F(ItemsWorld, MalformedExpressionsAreValidationErrors) {
  auto reserved = put(item("e", 1), "status = :s", {{":s", AttributeValue::S("x")}});
  ASSERT_FALSE(reserved.ok());
  EXPECT_EQ(reserved.error().message,
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "status");

  auto undefined = put(item("e", 1), "v = :missing", {{":other", AttributeValue::N(1)}});
  EXPECT_EQ(undefined.error().message,
            "Invalid ConditionExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :missing");

  auto unused = put(item("e", 1), "attribute_not_exists(pk)", {{":unused", AttributeValue::N(1)}});
  EXPECT_EQ(unused.error().message,
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");

  auto no_name = put(item("e", 1), "attribute_exists(#n)");
  EXPECT_NE(no_name.error().message.find("An expression attribute name used in the document path "
                                         "is not defined; attribute name: #n"),
            std::string::npos);

  auto syntax = put(item("e", 1), "v = = :v", {{":v", AttributeValue::N(1)}});
  EXPECT_NE(syntax.error().message.find("Invalid ConditionExpression: Syntax error; token: \"=\""),
            std::string::npos);

  auto function = put(item("e", 1), "exists(pk)");
  EXPECT_EQ(function.error().message,
            "Invalid ConditionExpression: Invalid function name; function: exists");

  auto order_map = put(item("e", 1), "v < :m", {{":m", AttributeValue::M({})}});
  EXPECT_NE(order_map.error().message.find("Incorrect operand type for operator or function; "
                                           "operator or function: <, operand type: M"),
            std::string::npos);
}

TEST_F(ItemsWorld, QueryFollowsKeyConditionsOrderAndPages) {
  for (int i = 1; i <= 10; ++i) {
    ASSERT_TRUE(put(item("q", i, {{"tag", AttributeValue::S(i % 2 ? "odd" : "even")}})).ok());
  }
  ASSERT_TRUE(put(item("other", 1)).ok());
  auto range = ddb.Query(kEast, {.TableName = "events",
                                 .KeyConditionExpression = "pk = :pk AND sk BETWEEN :a AND :b",
                                 .ExpressionAttributeValues = {{":pk", AttributeValue::S("q")},
                                                               {":a", AttributeValue::N(3)},
                                                               {":b", AttributeValue::N(6)}}});
  ASSERT_TRUE(range.ok()) << range.error().describe();
  ASSERT_EQ(range->Count, 4);
  EXPECT_EQ(range->Items.front().at("sk"), AttributeValue::N(3));
  EXPECT_TRUE(range->LastEvaluatedKey.empty());

  auto backwards = ddb.Query(kEast, {.TableName = "events",
                                     .KeyConditionExpression = "pk = :pk AND sk > :a",
                                     .FilterExpression = "tag = :t",
                                     .ExpressionAttributeValues = {{":pk", AttributeValue::S("q")},
                                                                   {":a", AttributeValue::N(2)},
                                                                   {":t", AttributeValue::S("odd")}},
                                     .ScanIndexForward = false});
  ASSERT_TRUE(backwards.ok()) << backwards.error().describe();
  EXPECT_EQ(backwards->ScannedCount, 8);
  ASSERT_EQ(backwards->Count, 4);
  EXPECT_EQ(backwards->Items.front().at("sk"), AttributeValue::N(9));

  // Limit pages: 10 items, 3 per page -> 4 pages; each page carries LastEvaluatedKey.
  auto page1 = ddb.Query(kEast, {.TableName = "events", .KeyConditionExpression = "pk = :pk",
                                 .ExpressionAttributeValues = {{":pk", AttributeValue::S("q")}},
                                 .Limit = 3});
  ASSERT_TRUE(page1.ok());
  EXPECT_EQ(page1->LastEvaluatedKey, key("q", 3));
  auto all = ddb.QueryAll(kEast, {.TableName = "events", .KeyConditionExpression = "pk = :pk",
                                  .ExpressionAttributeValues = {{":pk", AttributeValue::S("q")}},
                                  .Limit = 3});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 10u);
  EXPECT_EQ(all->back().at("sk"), AttributeValue::N(10));

  auto no_hash = ddb.Query(kEast, {.TableName = "events", .KeyConditionExpression = "sk = :a",
                                   .ExpressionAttributeValues = {{":a", AttributeValue::N(1)}}});
  EXPECT_EQ(no_hash.error().message, "Query condition missed key schema element: pk");
  auto or_cond = ddb.Query(kEast, {.TableName = "events",
                                   .KeyConditionExpression = "pk = :p OR sk = :a",
                                   .ExpressionAttributeValues = {{":p", AttributeValue::S("q")},
                                                                 {":a", AttributeValue::N(1)}}});
  EXPECT_EQ(or_cond.error().message, "Invalid operator used in KeyConditionExpression: OR");
  auto filter_key = ddb.Query(kEast, {.TableName = "events", .KeyConditionExpression = "pk = :p",
                                      .FilterExpression = "sk > :a",
                                      .ExpressionAttributeValues = {{":p", AttributeValue::S("q")},
                                                                    {":a", AttributeValue::N(1)}}});
  EXPECT_NE(filter_key.error().message.find("Filter Expression can only contain non-primary key "
                                            "attributes: Primary key attribute: sk"),
            std::string::npos);
}

TEST_F(ItemsWorld, ScanPagesAndCounts) {
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(put(item("s" + std::to_string(i), i)).ok());
  std::vector<json> pages;
  json start;
  do {
    json params = {{"TableName", "events"}, {"Limit", 4}};
    if (!start.is_null()) params["ExclusiveStartKey"] = start;
    auto page = call(world, "Scan", params);
    ASSERT_TRUE(page.ok()) << page.error().describe();
    pages.push_back(*page);
    start = page->contains("LastEvaluatedKey") ? (*page)["LastEvaluatedKey"] : json();
  } while (!start.is_null());
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0]["Count"], 4);
  EXPECT_EQ(pages[2]["Count"], 1);
  auto count = call(world, "Scan", {{"TableName", "events"}, {"Select", "COUNT"}});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ((*count)["Count"], 9);
  EXPECT_FALSE(count->contains("Items"));
  // Parallel scan segments partition the table.
  int total = 0;
  for (int seg = 0; seg < 3; ++seg) {
    auto part = call(world, "Scan", {{"TableName", "events"}, {"Segment", seg}, {"TotalSegments", 3}});
    ASSERT_TRUE(part.ok()) << part.error().describe();
    total += (*part)["Count"].get<int>();
  }
  EXPECT_EQ(total, 9);
}

TEST_F(ItemsWorld, UpdateItemSetsRemovesAndAdds) {
  auto upsert = call(world, "UpdateItem",
                     {{"TableName", "events"},
                      {"Key", {{"pk", {{"S", "u"}}}, {"sk", {{"N", "1"}}}}},
                      {"UpdateExpression", "SET #c = if_not_exists(#c, :zero) + :one, tags = :t"},
                      {"ExpressionAttributeNames", {{"#c", "count"}}},
                      {"ExpressionAttributeValues",
                       {{":zero", {{"N", "0"}}}, {":one", {{"N", "1"}}}, {":t", {{"SS", {"a"}}}}}},
                      {"ReturnValues", "ALL_NEW"}});
  ASSERT_TRUE(upsert.ok()) << upsert.error().describe();
  EXPECT_EQ((*upsert)["Attributes"]["count"]["N"], "1");
  auto add = call(world, "UpdateItem",
                  {{"TableName", "events"},
                   {"Key", {{"pk", {{"S", "u"}}}, {"sk", {{"N", "1"}}}}},
                   {"UpdateExpression", "ADD #c :five, tags :t REMOVE gone"},
                   {"ConditionExpression", "attribute_exists(pk)"},
                   {"ExpressionAttributeNames", {{"#c", "count"}}},
                   {"ExpressionAttributeValues", {{":five", {{"N", "5"}}}, {":t", {{"SS", {"b"}}}}}},
                   {"ReturnValues", "UPDATED_NEW"}});
  ASSERT_TRUE(add.ok()) << add.error().describe();
  EXPECT_EQ((*add)["Attributes"]["count"]["N"], "6");
  EXPECT_EQ((*add)["Attributes"]["tags"]["SS"].size(), 2u);

  auto key_update = call(world, "UpdateItem",
                         {{"TableName", "events"},
                          {"Key", {{"pk", {{"S", "u"}}}, {"sk", {{"N", "1"}}}}},
                          {"UpdateExpression", "SET pk = :x"},
                          {"ExpressionAttributeValues", {{":x", {{"S", "y"}}}}}});
  ASSERT_FALSE(key_update.ok());
  EXPECT_EQ(key_update.error().message,
            "One or more parameter values were invalid: Cannot update attribute pk. This "
            "attribute is part of the key");
  auto wrong_type = call(world, "UpdateItem",
                         {{"TableName", "events"},
                          {"Key", {{"pk", {{"S", "u"}}}, {"sk", {{"N", "1"}}}}},
                          {"UpdateExpression", "SET tags = tags + :one"},
                          {"ExpressionAttributeValues", {{":one", {{"N", "1"}}}}}});
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.error().message,
            "An operand in the update expression has an incorrect data type");
}

TEST_F(ItemsWorld, ConditionFailureCanReturnTheItem) {
  ASSERT_TRUE(put(item("r", 1, {{"v", AttributeValue::N(1)}})).ok());
  auto svc = find_service("dynamodb");
  auto req = build_generic_request(**svc, "PutItem",
                                   {{"TableName", "events"},
                                    {"Item", {{"pk", {{"S", "r"}}}, {"sk", {{"N", "1"}}}}},
                                    {"ConditionExpression", "attribute_not_exists(pk)"},
                                    {"ReturnValuesOnConditionCheckFailure", "ALL_OLD"}});
  ASSERT_TRUE(req.ok());
  req->host = "dynamodb.us-east-1.amazonaws.com";
  HttpResponse r = world.cloud.handle(*req);
  EXPECT_EQ(r.status, 400);
  json body = json::parse(r.body);
  EXPECT_EQ(body["__type"], "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
  EXPECT_EQ(body["Item"]["v"]["N"], "1");
}

// ---------------------------------------------------------------- the layers below

TEST(FakeDynamoDbValues, NumbersParseCompareAndAddLikeDecimals) {
  using fake::ddb::Number;
  EXPECT_EQ(Number::parse("1.50")->text(), "1.5");
  EXPECT_EQ(Number::parse("15E-1")->text(), "1.5");
  EXPECT_EQ(Number::parse("-0.00")->text(), "0");
  EXPECT_EQ(Number::parse("1e3")->text(), "1000");
  EXPECT_EQ(Number::parse("0.001")->text(), "0.001");
  EXPECT_FALSE(Number::parse("1.2.3"));
  EXPECT_FALSE(Number::parse(""));
  EXPECT_FALSE(Number::parse("e5"));
  EXPECT_LT(*Number::parse("9"), *Number::parse("10"));
  EXPECT_LT(*Number::parse("-10"), *Number::parse("-9"));
  EXPECT_LT(*Number::parse("-1"), *Number::parse("0"));
  EXPECT_EQ(*Number::parse("100"), *Number::parse("1E2"));
  EXPECT_EQ((*Number::parse("0.1") + *Number::parse("0.2")).text(), "0.3");
  EXPECT_EQ((*Number::parse("5") + -*Number::parse("7.5")).text(), "-2.5");
  EXPECT_EQ((*Number::parse("99999999999999999999") + *Number::parse("1")).text(),
            "100000000000000000000");
}

TEST(FakeDynamoDbValues, ExpressionsEvaluateAgainstItems) {
  using namespace fake::ddb;
  json names = {{"#n", "name"}};
  json values = {{":v", {{"N", "5"}}}, {":s", {{"S", "ab"}}}, {":list", {{"S", "x"}}}};
  ExpressionContext ctx(&names, &values);
  const json item = {{"name", {{"S", "abc"}}},
                     {"n", {{"N", "7"}}},
                     {"l", {{"L", {{{"S", "x"}}, {{"N", "1"}}}}}},
                     {"m", {{"M", {{"k", {{"S", "v"}}}}}}}};
  EXPECT_TRUE(evaluate(ctx.parse_condition("begins_with(#n, :s) AND n > :v", "ConditionExpression"), item));
  EXPECT_TRUE(evaluate(ctx.parse_condition("contains(l, :list) AND size(l) < :v", "ConditionExpression"), item));
  EXPECT_TRUE(evaluate(ctx.parse_condition("attribute_exists(m.k) AND NOT attribute_exists(m.z)",
                                           "ConditionExpression"),
                       item));
  EXPECT_TRUE(evaluate(ctx.parse_condition("n IN (:v, :list) OR l[0] = :list", "ConditionExpression"), item));
  EXPECT_FALSE(evaluate(ctx.parse_condition("absent < :v", "ConditionExpression"), item));
  ctx.check_all_used();
}

}  // namespace
}  // namespace drh::testing
