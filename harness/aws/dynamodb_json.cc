#include "dynamodb_json.h"

#include "drh/core/encoding.h"
#include "dynamodb_cloudwatch_lambda_json.h"

namespace drh::aws {

using jsonwire::put;
using jsonwire::put_time;
using nlohmann::json;

json to_json(const AttributeValue& value) {
  using Type = AttributeValue::Type;
  const char* type = value.type_name();
  switch (value.type()) {
    case Type::kS:
      return json{{type, *value.as_S()}};
    case Type::kN:
      return json{{type, *value.as_N()}};
    case Type::kB:
      return json{{type, base64_encode(*value.as_B())}};
    case Type::kBOOL:
      return json{{type, *value.as_BOOL()}};
    case Type::kNULL:
      return json{{type, true}};
    case Type::kM:
      return json{{type, to_json(*value.as_M())}};
    case Type::kL:
      return json{{type, jsonwire::array_of(*value.as_L(),
                                            [](const AttributeValue& v) { return to_json(v); })}};
    case Type::kSS:
      return json{{type, *value.as_SS()}};
    case Type::kNS:
      return json{{type, *value.as_NS()}};
    case Type::kBS: {
      json list = json::array();
      for (const std::string& b : *value.as_BS()) list.push_back(base64_encode(b));
      return json{{type, std::move(list)}};
    }
  }
  return json();
}

json to_json(const AttributeMap& item) {
  json out = json::object();
  for (const auto& [name, value] : item) out[name] = to_json(value);
  return out;
}

json to_json(const TableDescription& t) {
  json j = json::object();
  j["AttributeDefinitions"] = jsonwire::array_of(t.AttributeDefinitions, [](const auto& d) {
    return json{{"AttributeName", d.AttributeName}, {"AttributeType", d.AttributeType}};
  });
  put(j, "TableName", t.TableName);
  j["KeySchema"] = jsonwire::array_of(t.KeySchema, [](const auto& k) {
    return json{{"AttributeName", k.AttributeName}, {"KeyType", k.KeyType}};
  });
  put(j, "TableStatus", t.TableStatus);
  put_time(j, "CreationDateTime", t.CreationDateTime);
  if (t.ProvisionedThroughput) {
    json p = json::object();
    put(p, "NumberOfDecreasesToday", t.ProvisionedThroughput->NumberOfDecreasesToday);
    put(p, "ReadCapacityUnits", t.ProvisionedThroughput->ReadCapacityUnits);
    put(p, "WriteCapacityUnits", t.ProvisionedThroughput->WriteCapacityUnits);
    j["ProvisionedThroughput"] = std::move(p);
  }
  put(j, "TableSizeBytes", t.TableSizeBytes);
  put(j, "ItemCount", t.ItemCount);
  put(j, "TableArn", t.TableArn);
  put(j, "TableId", t.TableId);
  if (t.BillingModeSummary) {
    json b = json::object();
    put(b, "BillingMode", t.BillingModeSummary->BillingMode);
    put_time(b, "LastUpdateToPayPerRequestDateTime",
             t.BillingModeSummary->LastUpdateToPayPerRequestDateTime);
    j["BillingModeSummary"] = std::move(b);
  }
  if (t.StreamSpecification) {
    json s{{"StreamEnabled", t.StreamSpecification->StreamEnabled}};
    put(s, "StreamViewType", t.StreamSpecification->StreamViewType);
    j["StreamSpecification"] = std::move(s);
  }
  put(j, "LatestStreamLabel", t.LatestStreamLabel);
  put(j, "LatestStreamArn", t.LatestStreamArn);
  put(j, "GlobalTableVersion", t.GlobalTableVersion);
  if (!t.Replicas.empty()) {
    j["Replicas"] = jsonwire::array_of(t.Replicas, [](const ReplicaDescription& r) {
      json o = json::object();
      put(o, "RegionName", r.RegionName);
      put(o, "ReplicaStatus", r.ReplicaStatus);
      put(o, "ReplicaArn", r.ReplicaArn);
      put(o, "ReplicaStatusDescription", r.ReplicaStatusDescription);
      put(o, "ReplicaStatusPercentProgress", r.ReplicaStatusPercentProgress);
      put(o, "KMSMasterKeyId", r.KMSMasterKeyId);
      return o;
    });
  }
  if (t.SSEDescription) {
    json s = json::object();
    put(s, "Status", t.SSEDescription->Status);
    put(s, "SSEType", t.SSEDescription->SSEType);
    put(s, "KMSMasterKeyArn", t.SSEDescription->KMSMasterKeyArn);
    j["SSEDescription"] = std::move(s);
  }
  if (!t.TableClass.empty()) j["TableClassSummary"] = json{{"TableClass", t.TableClass}};
  put(j, "DeletionProtectionEnabled", t.DeletionProtectionEnabled);
  return j;
}

json to_json(const ContinuousBackupsDescription& d) {
  json j = json::object();
  put(j, "ContinuousBackupsStatus", d.ContinuousBackupsStatus);
  if (d.PointInTimeRecoveryDescription) {
    const PointInTimeRecoveryDescription& p = *d.PointInTimeRecoveryDescription;
    json o = json::object();
    put(o, "PointInTimeRecoveryStatus", p.PointInTimeRecoveryStatus);
    put(o, "RecoveryPeriodInDays", p.RecoveryPeriodInDays);
    put_time(o, "EarliestRestorableDateTime", p.EarliestRestorableDateTime);
    put_time(o, "LatestRestorableDateTime", p.LatestRestorableDateTime);
    j["PointInTimeRecoveryDescription"] = std::move(o);
  }
  return j;
}

json to_json(const ListTablesResult& r) {
  json j{{"TableNames", r.TableNames}};
  put(j, "LastEvaluatedTableName", r.LastEvaluatedTableName);
  return j;
}

json to_json(const DescribeTableResult& r) { return json{{"Table", to_json(r.Table)}}; }

json to_json(const CreateTableResult& r) {
  return json{{"TableDescription", to_json(r.TableDescription)}};
}

json to_json(const UpdateTableResult& r) {
  return json{{"TableDescription", to_json(r.TableDescription)}};
}

json to_json(const DeleteTableResult& r) {
  return json{{"TableDescription", to_json(r.TableDescription)}};
}

json to_json(const PutItemResult& r) {
  json j = json::object();
  if (!r.Attributes.empty()) j["Attributes"] = to_json(r.Attributes);
  return j;
}

json to_json(const GetItemResult& r) {
  json j = json::object();
  if (r.Item) j["Item"] = to_json(*r.Item);
  return j;
}

json to_json(const DeleteItemResult& r) {
  json j = json::object();
  if (!r.Attributes.empty()) j["Attributes"] = to_json(r.Attributes);
  return j;
}

json to_json(const QueryResult& r) {
  json j{{"Items", jsonwire::array_of(r.Items, [](const AttributeMap& m) { return to_json(m); })},
         {"Count", r.Count},
         {"ScannedCount", r.ScannedCount}};
  if (!r.LastEvaluatedKey.empty()) j["LastEvaluatedKey"] = to_json(r.LastEvaluatedKey);
  return j;
}

json to_json(const DescribeContinuousBackupsResult& r) {
  return json{{"ContinuousBackupsDescription", to_json(r.ContinuousBackupsDescription)}};
}

json to_json(const UpdateContinuousBackupsResult& r) {
  return json{{"ContinuousBackupsDescription", to_json(r.ContinuousBackupsDescription)}};
}

}  // namespace drh::aws
