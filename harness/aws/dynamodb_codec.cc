#include "dynamodb_codec.h"

#include "drh/core/encoding.h"
#include "drh/protocol/json_protocol.h"
#include "dynamodb_cloudwatch_lambda_json.h"
#include "dynamodb_json.h"
#include "service_call.h"

namespace drh::aws {
namespace {

using jsonwire::fail;
using jsonwire::find;
using jsonwire::get_bool;
using jsonwire::get_int;
using jsonwire::get_int32;
using jsonwire::get_object;
using jsonwire::get_objects;
using jsonwire::get_string;
using jsonwire::get_strings;
using jsonwire::get_time;
using jsonwire::member_path;
using jsonwire::put;
using nlohmann::json;

// ------------------------------------------------------------------ encoding

Error missing(std::string_view operation, std::string_view member) {
  return invalid_input(std::string(operation) + ": " + std::string(member) + " is required");
}

// Serialises the body and shapes the request. Text members that are not valid UTF-8 cannot
// be sent as JSON: that is the caller's mistake, named rather than silently replaced.
Result<HttpRequest> finish(std::string_view operation, const json& body) {
  std::string text;
  try {
    text = body.dump();
  } catch (const json::type_error& e) {
    return invalid_input(std::string(operation) + ": a text member is not valid UTF-8 (" +
                         e.what() + ")");
  }
  return build_json_request(service("dynamodb"), operation, std::move(text));
}

json attribute_map_json(const AttributeMap& map) { return to_json(map); }

void put_map(json& body, const char* key, const AttributeMap& map) {
  if (!map.empty()) body[key] = attribute_map_json(map);
}

json key_schema_json(const std::vector<KeySchemaElement>& schema) {
  return jsonwire::array_of(schema, [](const KeySchemaElement& k) {
    return json{{"AttributeName", k.AttributeName}, {"KeyType", k.KeyType}};
  });
}

json attribute_definitions_json(const std::vector<AttributeDefinition>& defs) {
  return jsonwire::array_of(defs, [](const AttributeDefinition& d) {
    return json{{"AttributeName", d.AttributeName}, {"AttributeType", d.AttributeType}};
  });
}

json throughput_json(const ProvisionedThroughput& t) {
  return json{{"ReadCapacityUnits", t.ReadCapacityUnits},
              {"WriteCapacityUnits", t.WriteCapacityUnits}};
}

json stream_json(const StreamSpecification& s) {
  json j{{"StreamEnabled", s.StreamEnabled}};
  put(j, "StreamViewType", s.StreamViewType);
  return j;
}

json sse_json(const SSESpecification& s) {
  json j = json::object();
  put(j, "Enabled", s.Enabled);
  put(j, "SSEType", s.SSEType);
  put(j, "KMSMasterKeyId", s.KMSMasterKeyId);
  return j;
}

Result<json> table_name_body(std::string_view operation, const std::string& table_name) {
  if (table_name.empty()) return missing(operation, "TableName");
  return json{{"TableName", table_name}};
}

// ------------------------------------------------------------------ decoding

AttributeValue decode_value(const json& j, const std::string& path);

AttributeMap decode_map(const json& j, const std::string& path) {
  if (!j.is_object()) fail(path, std::string("expected an object, got ") + j.type_name());
  AttributeMap out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    out.emplace(it.key(), decode_value(*it, member_path(path, it.key())));
  }
  return out;
}

std::string decode_bytes(const json& j, const std::string& path) {
  if (!j.is_string()) fail(path, std::string("expected base64 text, got ") + j.type_name());
  std::string bytes;
  if (!base64_decode(j.get<std::string>(), bytes)) fail(path, "invalid base64");
  return bytes;
}

std::vector<std::string> decode_text_list(const json& j, const std::string& path, bool bytes) {
  if (!j.is_array()) fail(path, std::string("expected an array, got ") + j.type_name());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string p = jsonwire::item_path(path, i);
    if (bytes) {
      out.push_back(decode_bytes(j[i], p));
    } else {
      if (!j[i].is_string()) fail(p, std::string("expected a string, got ") + j[i].type_name());
      out.push_back(j[i].get<std::string>());
    }
  }
  return out;
}

std::string decode_text(const json& j, const std::string& path) {
  if (!j.is_string()) fail(path, std::string("expected a string, got ") + j.type_name());
  return j.get<std::string>();
}

// {"S": "x"}: exactly one member naming the type.
AttributeValue decode_value(const json& j, const std::string& path) {
  if (!j.is_object() || j.size() != 1) {
    fail(path, "expected an attribute value with exactly one type member ({\"S\": ...}), got " +
                   j.dump().substr(0, 80));
  }
  const std::string& type = j.begin().key();
  const json& v = j.begin().value();
  const std::string p = member_path(path, type);
  if (type == "S") return AttributeValue::S(decode_text(v, p));
  if (type == "N") return AttributeValue::N(decode_text(v, p));
  if (type == "B") return AttributeValue::B(decode_bytes(v, p));
  if (type == "BOOL") {
    if (!v.is_boolean()) fail(p, std::string("expected a boolean, got ") + v.type_name());
    return AttributeValue::BOOL(v.get<bool>());
  }
  if (type == "NULL") return AttributeValue::Null();
  if (type == "M") return AttributeValue::M(decode_map(v, p));
  if (type == "L") {
    if (!v.is_array()) fail(p, std::string("expected an array, got ") + v.type_name());
    AttributeValue::List list;
    for (std::size_t i = 0; i < v.size(); ++i) {
      list.push_back(decode_value(v[i], jsonwire::item_path(p, i)));
    }
    return AttributeValue::L(std::move(list));
  }
  if (type == "SS") return AttributeValue::SS(decode_text_list(v, p, false));
  if (type == "NS") return AttributeValue::NS(decode_text_list(v, p, false));
  if (type == "BS") return AttributeValue::BS(decode_text_list(v, p, true));
  fail(path, "unknown attribute value type '" + type + "'");
}

AttributeMap get_map(const json& object, const char* key, std::string_view path) {
  const json* v = find(object, key);
  if (v == nullptr) return {};
  return decode_map(*v, member_path(path, key));
}

TableDescription decode_table(const json& t, const std::string& p) {
  TableDescription out;
  out.TableName = get_string(t, "TableName", p);
  out.TableArn = get_string(t, "TableArn", p);
  out.TableId = get_string(t, "TableId", p);
  out.TableStatus = get_string(t, "TableStatus", p);
  out.KeySchema =
      get_objects<KeySchemaElement>(t, "KeySchema", p, [](const json& k, const std::string& kp) {
        return KeySchemaElement{get_string(k, "AttributeName", kp), get_string(k, "KeyType", kp)};
      });
  out.AttributeDefinitions = get_objects<AttributeDefinition>(
      t, "AttributeDefinitions", p, [](const json& d, const std::string& dp) {
        return AttributeDefinition{get_string(d, "AttributeName", dp),
                                   get_string(d, "AttributeType", dp)};
      });
  out.CreationDateTime = get_time(t, "CreationDateTime", p);
  if (const json* pt = get_object(t, "ProvisionedThroughput", p)) {
    const std::string pp = member_path(p, "ProvisionedThroughput");
    out.ProvisionedThroughput = ProvisionedThroughputDescription{
        get_int(*pt, "ReadCapacityUnits", pp), get_int(*pt, "WriteCapacityUnits", pp),
        get_int(*pt, "NumberOfDecreasesToday", pp)};
  }
  if (const json* b = get_object(t, "BillingModeSummary", p)) {
    const std::string bp = member_path(p, "BillingModeSummary");
    out.BillingModeSummary = BillingModeSummary{
        get_string(*b, "BillingMode", bp), get_time(*b, "LastUpdateToPayPerRequestDateTime", bp)};
  }
  out.TableSizeBytes = get_int(t, "TableSizeBytes", p);
  out.ItemCount = get_int(t, "ItemCount", p);
  if (const json* s = get_object(t, "StreamSpecification", p)) {
    const std::string sp = member_path(p, "StreamSpecification");
    out.StreamSpecification = StreamSpecification{get_bool(*s, "StreamEnabled", sp).value_or(false),
                                                  get_string(*s, "StreamViewType", sp)};
  }
  out.LatestStreamArn = get_string(t, "LatestStreamArn", p);
  out.LatestStreamLabel = get_string(t, "LatestStreamLabel", p);
  out.GlobalTableVersion = get_string(t, "GlobalTableVersion", p);
  out.Replicas =
      get_objects<ReplicaDescription>(t, "Replicas", p, [](const json& r, const std::string& rp) {
        ReplicaDescription d;
        d.RegionName = get_string(r, "RegionName", rp);
        d.ReplicaStatus = get_string(r, "ReplicaStatus", rp);
        d.ReplicaStatusDescription = get_string(r, "ReplicaStatusDescription", rp);
        d.ReplicaStatusPercentProgress = get_string(r, "ReplicaStatusPercentProgress", rp);
        d.KMSMasterKeyId = get_string(r, "KMSMasterKeyId", rp);
        d.ReplicaArn = get_string(r, "ReplicaArn", rp);
        return d;
      });
  if (const json* s = get_object(t, "SSEDescription", p)) {
    const std::string sp = member_path(p, "SSEDescription");
    out.SSEDescription = SSEDescription{get_string(*s, "Status", sp), get_string(*s, "SSEType", sp),
                                        get_string(*s, "KMSMasterKeyArn", sp)};
  }
  if (const json* c = get_object(t, "TableClassSummary", p)) {
    out.TableClass = get_string(*c, "TableClass", member_path(p, "TableClassSummary"));
  }
  out.DeletionProtectionEnabled = get_bool(t, "DeletionProtectionEnabled", p);
  return out;
}

TableDescription required_table(const json& body, const char* key) {
  const json* t = get_object(body, key, "");
  if (t == nullptr) fail(key, "missing");
  return decode_table(*t, key);
}

ContinuousBackupsDescription decode_backups(const json& body) {
  const char* key = "ContinuousBackupsDescription";
  const json* d = get_object(body, key, "");
  if (d == nullptr) fail(key, "missing");
  ContinuousBackupsDescription out;
  out.ContinuousBackupsStatus = get_string(*d, "ContinuousBackupsStatus", key);
  if (const json* pitr = get_object(*d, "PointInTimeRecoveryDescription", key)) {
    const std::string pp = member_path(key, "PointInTimeRecoveryDescription");
    PointInTimeRecoveryDescription p;
    p.PointInTimeRecoveryStatus = get_string(*pitr, "PointInTimeRecoveryStatus", pp);
    p.RecoveryPeriodInDays = get_int32(*pitr, "RecoveryPeriodInDays", pp);
    p.EarliestRestorableDateTime = get_time(*pitr, "EarliestRestorableDateTime", pp);
    p.LatestRestorableDateTime = get_time(*pitr, "LatestRestorableDateTime", pp);
    out.PointInTimeRecoveryDescription = std::move(p);
  }
  return out;
}

// Parses the body and runs `read(body)` with decode failures turned into kDecode errors.
template <typename T, typename F>
Result<T> decode(const HttpResponse& response, std::string_view operation, F&& read) {
  auto body = jsonwire::parse_object(response, operation);
  if (!body) return body.error();
  return jsonwire::decode_guarded<T>(operation, [&]() -> T { return read(*body); });
}

}  // namespace

// ------------------------------------------------------------------ encoders

Result<HttpRequest> encode_ListTables(const ListTablesRequest& request) {
  json body = json::object();
  put(body, "ExclusiveStartTableName", request.ExclusiveStartTableName);
  put(body, "Limit", request.Limit);
  return finish("ListTables", body);
}

Result<HttpRequest> encode_DescribeTable(const DescribeTableRequest& request) {
  auto body = table_name_body("DescribeTable", request.TableName);
  if (!body) return body.error();
  return finish("DescribeTable", *body);
}

Result<HttpRequest> encode_CreateTable(const CreateTableRequest& request) {
  constexpr std::string_view op = "CreateTable";
  auto body = table_name_body(op, request.TableName);
  if (!body) return body.error();
  if (request.KeySchema.empty()) return missing(op, "KeySchema");
  if (request.AttributeDefinitions.empty()) return missing(op, "AttributeDefinitions");
  json& b = *body;
  b["AttributeDefinitions"] = attribute_definitions_json(request.AttributeDefinitions);
  b["KeySchema"] = key_schema_json(request.KeySchema);
  put(b, "BillingMode", request.BillingMode);
  if (request.ProvisionedThroughput) {
    b["ProvisionedThroughput"] = throughput_json(*request.ProvisionedThroughput);
  }
  if (request.StreamSpecification)
    b["StreamSpecification"] = stream_json(*request.StreamSpecification);
  if (request.SSESpecification) b["SSESpecification"] = sse_json(*request.SSESpecification);
  put(b, "Tags", request.Tags);
  put(b, "TableClass", request.TableClass);
  put(b, "DeletionProtectionEnabled", request.DeletionProtectionEnabled);
  return finish(op, b);
}

Result<HttpRequest> encode_UpdateTable(const UpdateTableRequest& request) {
  constexpr std::string_view op = "UpdateTable";
  auto body = table_name_body(op, request.TableName);
  if (!body) return body.error();
  json& b = *body;
  if (!request.AttributeDefinitions.empty()) {
    b["AttributeDefinitions"] = attribute_definitions_json(request.AttributeDefinitions);
  }
  put(b, "BillingMode", request.BillingMode);
  if (request.ProvisionedThroughput) {
    b["ProvisionedThroughput"] = throughput_json(*request.ProvisionedThroughput);
  }
  if (request.StreamSpecification)
    b["StreamSpecification"] = stream_json(*request.StreamSpecification);
  if (request.SSESpecification) b["SSESpecification"] = sse_json(*request.SSESpecification);
  if (!request.ReplicaUpdates.empty()) {
    json updates = json::array();
    for (std::size_t i = 0; i < request.ReplicaUpdates.size(); ++i) {
      const ReplicationGroupUpdate& u = request.ReplicaUpdates[i];
      const std::string where = "ReplicaUpdates[" + std::to_string(i) + "]";
      if (u.Create.has_value() == u.Delete.has_value()) {
        return invalid_input(std::string(op) + ": " + where +
                             " must hold exactly one of Create or Delete");
      }
      if (u.Create) {
        if (u.Create->RegionName.empty()) return missing(op, where + ".Create.RegionName");
        json c{{"RegionName", u.Create->RegionName}};
        put(c, "KMSMasterKeyId", u.Create->KMSMasterKeyId);
        updates.push_back(json{{"Create", std::move(c)}});
      } else {
        if (u.Delete->RegionName.empty()) return missing(op, where + ".Delete.RegionName");
        updates.push_back(json{{"Delete", {{"RegionName", u.Delete->RegionName}}}});
      }
    }
    b["ReplicaUpdates"] = std::move(updates);
  }
  put(b, "TableClass", request.TableClass);
  put(b, "DeletionProtectionEnabled", request.DeletionProtectionEnabled);
  return finish(op, b);
}

Result<HttpRequest> encode_DeleteTable(const DeleteTableRequest& request) {
  auto body = table_name_body("DeleteTable", request.TableName);
  if (!body) return body.error();
  return finish("DeleteTable", *body);
}

Result<HttpRequest> encode_PutItem(const PutItemRequest& request) {
  constexpr std::string_view op = "PutItem";
  auto body = table_name_body(op, request.TableName);
  if (!body) return body.error();
  if (request.Item.empty()) return missing(op, "Item");
  json& b = *body;
  b["Item"] = attribute_map_json(request.Item);
  put(b, "ConditionExpression", request.ConditionExpression);
  put(b, "ExpressionAttributeNames", request.ExpressionAttributeNames);
  put_map(b, "ExpressionAttributeValues", request.ExpressionAttributeValues);
  put(b, "ReturnValues", request.ReturnValues);
  return finish(op, b);
}

Result<HttpRequest> encode_GetItem(const GetItemRequest& request) {
  constexpr std::string_view op = "GetItem";
  auto body = table_name_body(op, request.TableName);
  if (!body) return body.error();
  if (request.Key.empty()) return missing(op, "Key");
  json& b = *body;
  b["Key"] = attribute_map_json(request.Key);
  put(b, "ConsistentRead", request.ConsistentRead);
  put(b, "ProjectionExpression", request.ProjectionExpression);
  put(b, "ExpressionAttributeNames", request.ExpressionAttributeNames);
  return finish(op, b);
}

Result<HttpRequest> encode_DeleteItem(const DeleteItemRequest& request) {
  constexpr std::string_view op = "DeleteItem";
  auto body = table_name_body(op, request.TableName);
  if (!body) return body.error();
  if (request.Key.empty()) return missing(op, "Key");
  json& b = *body;
  b["Key"] = attribute_map_json(request.Key);
  put(b, "ConditionExpression", request.ConditionExpression);
  put(b, "ExpressionAttributeNames", request.ExpressionAttributeNames);
  put_map(b, "ExpressionAttributeValues", request.ExpressionAttributeValues);
  put(b, "ReturnValues", request.ReturnValues);
  return finish(op, b);
}

Result<HttpRequest> encode_Query(const QueryRequest& request) {
  constexpr std::string_view op = "Query";
  auto body = table_name_body(op, request.TableName);
  if (!body) return body.error();
  if (request.KeyConditionExpression.empty()) return missing(op, "KeyConditionExpression");
  json& b = *body;
  put(b, "IndexName", request.IndexName);
  b["KeyConditionExpression"] = request.KeyConditionExpression;
  put(b, "FilterExpression", request.FilterExpression);
  put(b, "ProjectionExpression", request.ProjectionExpression);
  put(b, "ExpressionAttributeNames", request.ExpressionAttributeNames);
  put_map(b, "ExpressionAttributeValues", request.ExpressionAttributeValues);
  put(b, "Select", request.Select);
  put(b, "Limit", request.Limit);
  put(b, "ConsistentRead", request.ConsistentRead);
  put(b, "ScanIndexForward", request.ScanIndexForward);
  put_map(b, "ExclusiveStartKey", request.ExclusiveStartKey);
  return finish(op, b);
}

Result<HttpRequest> encode_DescribeContinuousBackups(
    const DescribeContinuousBackupsRequest& request) {
  auto body = table_name_body("DescribeContinuousBackups", request.TableName);
  if (!body) return body.error();
  return finish("DescribeContinuousBackups", *body);
}

Result<HttpRequest> encode_UpdateContinuousBackups(const UpdateContinuousBackupsRequest& request) {
  constexpr std::string_view op = "UpdateContinuousBackups";
  auto body = table_name_body(op, request.TableName);
  if (!body) return body.error();
  const PointInTimeRecoverySpecification& spec = request.PointInTimeRecoverySpecification;
  json s{{"PointInTimeRecoveryEnabled", spec.PointInTimeRecoveryEnabled}};
  put(s, "RecoveryPeriodInDays", spec.RecoveryPeriodInDays);
  (*body)["PointInTimeRecoverySpecification"] = std::move(s);
  return finish(op, *body);
}

// ------------------------------------------------------------------ decoders

Result<ListTablesResult> decode_ListTables(const HttpResponse& response) {
  return decode<ListTablesResult>(response, "ListTables", [](const json& b) {
    return ListTablesResult{get_strings(b, "TableNames", ""),
                            get_string(b, "LastEvaluatedTableName", "")};
  });
}

Result<DescribeTableResult> decode_DescribeTable(const HttpResponse& response) {
  return decode<DescribeTableResult>(response, "DescribeTable", [](const json& b) {
    return DescribeTableResult{required_table(b, "Table")};
  });
}

Result<CreateTableResult> decode_CreateTable(const HttpResponse& response) {
  return decode<CreateTableResult>(response, "CreateTable", [](const json& b) {
    return CreateTableResult{required_table(b, "TableDescription")};
  });
}

Result<UpdateTableResult> decode_UpdateTable(const HttpResponse& response) {
  return decode<UpdateTableResult>(response, "UpdateTable", [](const json& b) {
    return UpdateTableResult{required_table(b, "TableDescription")};
  });
}

Result<DeleteTableResult> decode_DeleteTable(const HttpResponse& response) {
  return decode<DeleteTableResult>(response, "DeleteTable", [](const json& b) {
    return DeleteTableResult{required_table(b, "TableDescription")};
  });
}

Result<PutItemResult> decode_PutItem(const HttpResponse& response) {
  return decode<PutItemResult>(response, "PutItem", [](const json& b) {
    return PutItemResult{get_map(b, "Attributes", "")};
  });
}

Result<GetItemResult> decode_GetItem(const HttpResponse& response) {
  return decode<GetItemResult>(response, "GetItem", [](const json& b) {
    GetItemResult out;
    if (find(b, "Item") != nullptr) out.Item = get_map(b, "Item", "");
    return out;
  });
}

Result<DeleteItemResult> decode_DeleteItem(const HttpResponse& response) {
  return decode<DeleteItemResult>(response, "DeleteItem", [](const json& b) {
    return DeleteItemResult{get_map(b, "Attributes", "")};
  });
}

Result<QueryResult> decode_Query(const HttpResponse& response) {
  return decode<QueryResult>(response, "Query", [](const json& b) {
    QueryResult out;
    jsonwire::for_each_item(b, "Items", "", [&](const json& item, const std::string& p) {
      out.Items.push_back(decode_map(item, p));
    });
    out.Count = get_int32(b, "Count", "").value_or(0);
    out.ScannedCount = get_int32(b, "ScannedCount", "").value_or(0);
    out.LastEvaluatedKey = get_map(b, "LastEvaluatedKey", "");
    return out;
  });
}

Result<DescribeContinuousBackupsResult> decode_DescribeContinuousBackups(
    const HttpResponse& response) {
  return decode<DescribeContinuousBackupsResult>(
      response, "DescribeContinuousBackups",
      [](const json& b) { return DescribeContinuousBackupsResult{decode_backups(b)}; });
}

Result<UpdateContinuousBackupsResult> decode_UpdateContinuousBackups(const HttpResponse& response) {
  return decode<UpdateContinuousBackupsResult>(
      response, "UpdateContinuousBackups",
      [](const json& b) { return UpdateContinuousBackupsResult{decode_backups(b)}; });
}

}  // namespace drh::aws
