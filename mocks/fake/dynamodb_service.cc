// DynamoDB in the fake: tables, global table replicas, streams, point-in-time recovery,
// time to live and tags. Item operations are in dynamodb_items.cc.
#include "dynamodb_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "drh/core/encoding.h"

#include "wire.h"
#include "state_codec.h"

namespace drh::fake {

using ddb::Table;
using json = nlohmann::json;

namespace {

[[noreturn]] void invalid(std::string message) {
  fail_validation(std::move(message), "ValidationException");
}

[[noreturn]] void not_found_table(std::string_view name) {
  fail(400, "ResourceNotFoundException",
       "Requested resource not found: Table: " + std::string(name) + " not found");
}


// "Table is being created: orders" (the middle of ResourceInUseException messages).
std::string busy_reason(const Table& t) {
  const char* verb = t.status == "CREATING"   ? "created"
                     : t.status == "DELETING" ? "deleted"
                                              : "updated";
  return std::string("Table is being ") + verb + ": " + t.name;
}

[[noreturn]] void in_use(const Table& t) {
  fail(400, "ResourceInUseException",
       "Attempt to change a resource which is still in use: " + busy_reason(t));
}

// "arn:aws:dynamodb:us-east-1:123456789012:table/orders" -> (region, name).
std::optional<std::pair<std::string, std::string>> parse_table_arn(std::string_view arn,
                                                                   std::string_view account) {
  constexpr std::string_view kPrefix = "arn:aws:dynamodb:";
  if (!arn.starts_with(kPrefix)) return std::nullopt;
  std::string_view rest = arn.substr(kPrefix.size());
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string region(rest.substr(0, colon));
  rest = rest.substr(colon + 1);
  const auto colon2 = rest.find(':');
  if (colon2 == std::string_view::npos || rest.substr(0, colon2) != account) return std::nullopt;
  rest = rest.substr(colon2 + 1);
  if (!rest.starts_with("table/")) return std::nullopt;
  std::string name(rest.substr(6));
  if (name.empty() || name.find('/') != std::string::npos) return std::nullopt;
  return std::make_pair(std::move(region), std::move(name));
}

void check_table_name(const std::string& name, std::string_view path = "tableName") {
  if (name.size() < 3) {
    ddb::constraint_error("'" + name + "'", path,
                          "Member must have length greater than or equal to 3");
  }
  if (name.size() > 255) {
    ddb::constraint_error("'" + name + "'", path,
                          "Member must have length less than or equal to 255");
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) {
      ddb::constraint_error("'" + name + "'", path,
                            "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }
  }
}

json key_schema_json(const ddb::KeySchema& k) {
  json out = json::array({{{"AttributeName", k.hash}, {"KeyType", "HASH"}}});
  if (!k.range.empty()) out.push_back({{"AttributeName", k.range}, {"KeyType", "RANGE"}});
  return out;
}

// KeySchema of a table or index, checked as DynamoDB does.
ddb::KeySchema parse_key_schema(const json* ks, std::string_view path) {
  if (!ks) ddb::constraint_error("null", path, "Member must not be null");
  if (ks->empty()) {
    ddb::constraint_error("'[]'", path, "Member must have length greater than or equal to 1");
  }
  if (ks->size() > 2) {
    ddb::constraint_error("'" + ks->dump() + "'", path,
                          "Member must have length less than or equal to 2");
  }
  ddb::KeySchema out;
  for (std::size_t i = 0; i < ks->size(); ++i) {
    const json& e = (*ks)[i];
    if (!e.is_object()) fail(400, "SerializationException", "KeySchema elements must be structures");
    const std::string elem_path = std::string(path) + "." + std::to_string(i + 1) + ".member";
    const std::string* name = ddb::member_string(e, "AttributeName");
    const std::string* type = ddb::member_string(e, "KeyType");
    if (!name) ddb::constraint_error("null", elem_path + ".attributeName", "Member must not be null");
    if (!type) ddb::constraint_error("null", elem_path + ".keyType", "Member must not be null");
    if (*type != "HASH" && *type != "RANGE") {
      ddb::constraint_error("'" + *type + "'", elem_path + ".keyType",
                            "Member must satisfy enum value set: [HASH, RANGE]");
    }
    if (i == 0 && *type != "HASH") {
      invalid("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    if (i == 1 && *type != "RANGE") {
      invalid("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    (i == 0 ? out.hash : out.range) = *name;
  }
  if (out.hash == out.range) {
    invalid("Both the Hash Key and the Range Key element in the KeySchema have the same name");
  }
  return out;
}

json projection_json(const ddb::SecondaryIndex& ix) {
  json p = {{"ProjectionType", ix.projection_type}};
  if (!ix.non_key_attributes.empty()) p["NonKeyAttributes"] = ix.non_key_attributes;
  return p;
}

void parse_projection(const json* p, ddb::SecondaryIndex& ix, std::string_view path) {
  if (!p) ddb::constraint_error("null", std::string(path) + ".projection", "Member must not be null");
  const std::string* type = ddb::member_string(*p, "ProjectionType");
  ix.projection_type = type ? *type : "ALL";
  if (ix.projection_type != "ALL" && ix.projection_type != "KEYS_ONLY" &&
      ix.projection_type != "INCLUDE") {
    ddb::constraint_error("'" + ix.projection_type + "'",
                          std::string(path) + ".projection.projectionType",
                          "Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]");
  }
  if (const json* nk = ddb::member_object(*p, "NonKeyAttributes", true)) {
    for (const json& a : *nk) ix.non_key_attributes.push_back(a.get<std::string>());
  }
  if (ix.projection_type == "INCLUDE" && ix.non_key_attributes.empty()) {
    invalid("One or more parameter values were invalid: ProjectionType is INCLUDE, but "
            "NonKeyAttributes is not specified");
  }
  if (ix.projection_type != "INCLUDE" && !ix.non_key_attributes.empty()) {
    invalid("One or more parameter values were invalid: ProjectionType is " + ix.projection_type +
            ", but NonKeyAttributes is specified");
  }
}

// ProvisionedThroughput {ReadCapacityUnits, WriteCapacityUnits}, each >= 1.
std::pair<std::int64_t, std::int64_t> parse_throughput(const json& pt, std::string_view path) {
  auto r = ddb::member_int(pt, "ReadCapacityUnits");
  auto w = ddb::member_int(pt, "WriteCapacityUnits");
  if (!r) ddb::constraint_error("null", std::string(path) + ".readCapacityUnits", "Member must not be null");
  if (!w) ddb::constraint_error("null", std::string(path) + ".writeCapacityUnits", "Member must not be null");
  if (*r < 1) {
    ddb::constraint_error("'" + std::to_string(*r) + "'", std::string(path) + ".readCapacityUnits",
                          "Member must have value greater than or equal to 1");
  }
  if (*w < 1) {
    ddb::constraint_error("'" + std::to_string(*w) + "'", std::string(path) + ".writeCapacityUnits",
                          "Member must have value greater than or equal to 1");
  }
  return {*r, *w};
}

std::string kms_arn(const FakeCloud::Core& core, std::string_view region, std::string_view id) {
  if (id.starts_with("arn:")) return std::string(id);
  const std::string base = "arn:aws:kms:" + std::string(region) + ":" + core.options.account_id + ":";
  return id.starts_with("alias/") ? base + std::string(id) : base + "key/" + std::string(id);
}

// The account's AWS managed key for DynamoDB (aws/dynamodb) in a region: a stable,
// made-up key id, so SSEDescription names the same key every time.
std::string managed_key_arn(const FakeCloud::Core& core, std::string_view region) {
  const std::string h = sha256_hex("aws/dynamodb/" + core.options.account_id + "/" +
                                   std::string(region));
  const std::string key_id = h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
                             h.substr(16, 4) + "-" + h.substr(20, 12);
  return "arn:aws:kms:" + std::string(region) + ":" + core.options.account_id + ":key/" + key_id;
}

std::string stream_label_at(TimePoint t) {
  std::string label = iso_time(t);
  label.pop_back();  // DynamoDB stream labels are ISO 8601 without the zone: "...T00:00:00.000"
  return label;
}

std::vector<std::pair<std::string, std::string>> parse_tags(const json* tags) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!tags) return out;
  for (const json& t : *tags) {
    const std::string& key = ddb::required_string(t, "Key");
    const std::string& value = ddb::required_string(t, "Value");
    if (key.empty() || key.size() > 128) {
      ddb::constraint_error("'" + key + "'", "tags.member.key",
                            "Member must have length between 1 and 128");
    }
    if (value.size() > 256) {
      ddb::constraint_error("'" + value + "'", "tags.member.value",
                            "Member must have length less than or equal to 256");
    }
    out.emplace_back(key, value);
  }
  return out;
}

void merge_tags(std::vector<std::pair<std::string, std::string>>& into,
                const std::vector<std::pair<std::string, std::string>>& add) {
  for (const auto& [k, v] : add) {
    auto it = std::find_if(into.begin(), into.end(), [&](const auto& kv) { return kv.first == k; });
    if (it != into.end()) {
      it->second = v;
    } else {
      into.emplace_back(k, v);
    }
  }
}

}  // namespace

// ---------------------------------------------------------------- dispatch

DynamoDbService::~DynamoDbService() {
  cancel_tasks();
  cancel_replication();
}

HttpResponse DynamoDbService::handle(Call& call) {
  json body = call.body().empty() ? json::object() : json::parse(call.body());
  if (!body.is_object()) {
    fail(400, "SerializationException", "The request body must be a JSON object");
  }
  const std::string& op = call.operation;
  if (op == "ListTables") return list_tables(call, body);
  if (op == "DescribeTable") return describe_table(call, body);
  if (op == "CreateTable") return create_table(call, body);
  if (op == "UpdateTable") return update_table(call, body);
  if (op == "DeleteTable") return delete_table(call, body);
  if (op == "PutItem") return put_item(call, body);
  if (op == "GetItem") return get_item(call, body);
  if (op == "DeleteItem") return delete_item(call, body);
  if (op == "UpdateItem") return update_item(call, body);
  if (op == "Query") return query(call, body);
  if (op == "Scan") return scan(call, body);
  if (op == "DescribeContinuousBackups") return describe_continuous_backups(call, body);
  if (op == "UpdateContinuousBackups") return update_continuous_backups(call, body);
  if (op == "DescribeTimeToLive") return describe_time_to_live(call, body);
  if (op == "UpdateTimeToLive") return update_time_to_live(call, body);
  if (op == "TagResource") return tag_resource(call, body);
  if (op == "UntagResource") return untag_resource(call, body);
  if (op == "ListTagsOfResource") return list_tags_of_resource(call, body);
  fail(400, "UnknownOperationException",
       "drharness's fake DynamoDB does not serve the operation '" + op + "'");
}

ddb::Table* DynamoDbService::find_table(std::string_view region, std::string_view name) {
  auto r = regions_.find(region);
  if (r == regions_.end()) return nullptr;
  auto t = r->second.find(name);
  return t == r->second.end() ? nullptr : &t->second;
}

Table& DynamoDbService::table_or_throw(const Call& call, const json& body) {
  const std::string& name = ddb::required_string(body, "TableName");
  if (name.starts_with("arn:")) {
    auto parsed = parse_table_arn(name, call.account);
    if (!parsed) invalid("Invalid TableName: Invalid ARN provided as input: " + name);
    if (parsed->first != call.region) not_found_table(parsed->second);
    Table* t = find_table(call.region, parsed->second);
    if (!t) not_found_table(parsed->second);
    return *t;
  }
  Table* t = find_table(call.region, name);
  if (!t) not_found_table(name);
  return *t;
}

Table& DynamoDbService::writable_table(const Call& call, const json& body) {
  const std::string& name = ddb::required_string(body, "TableName");
  std::string_view bare = name;
  if (name.starts_with("arn:")) {
    auto parsed = parse_table_arn(name, call.account);
    if (!parsed || parsed->first != call.region) {
      fail(400, "ResourceNotFoundException", "Requested resource not found");
    }
    Table* t = find_table(call.region, parsed->second);
    if (!t || (t->status != "ACTIVE" && t->status != "UPDATING")) {
      fail(400, "ResourceNotFoundException", "Requested resource not found");
    }
    return *t;
  }
  Table* t = find_table(call.region, bare);
  if (!t || (t->status != "ACTIVE" && t->status != "UPDATING")) {
    fail(400, "ResourceNotFoundException", "Requested resource not found");
  }
  return *t;
}

Table& DynamoDbService::table_by_arn(const Call& call, std::string_view arn) {
  auto parsed = parse_table_arn(arn, call.account);
  if (!parsed) invalid("Invalid TableArn: Invalid ResourceArn provided as input " + std::string(arn));
  Table* t = parsed->first == call.region ? find_table(call.region, parsed->second) : nullptr;
  if (!t || t->status == "DELETING") {
    fail(400, "ResourceNotFoundException",
         "Requested resource not found: ResourcArn: " + std::string(arn) + " does not exist");
  }
  return *t;
}

// ---------------------------------------------------------------- describing

json DynamoDbService::describe(const Table& t, std::string_view region) const {
  json out = json::object();
  json defs = json::array();
  for (const auto& [name, type] : t.attribute_definitions) {
    defs.push_back({{"AttributeName", name}, {"AttributeType", type}});
  }
  out["AttributeDefinitions"] = std::move(defs);
  out["TableName"] = t.name;
  out["KeySchema"] = key_schema_json(t.keys);
  out["TableStatus"] = t.status;
  out["CreationDateTime"] = epoch_seconds(t.created);
  out["ProvisionedThroughput"] = {{"NumberOfDecreasesToday", 0},
                                  {"ReadCapacityUnits", t.rcu},
                                  {"WriteCapacityUnits", t.wcu}};
  out["TableSizeBytes"] = t.size_bytes;
  out["ItemCount"] = t.items.size();
  out["TableArn"] = t.arn;
  out["TableId"] = t.id;
  if (t.billing_mode_reported) {
    json bms = {{"BillingMode", t.billing_mode}};
    if (t.last_update_to_pay_per_request) {
      bms["LastUpdateToPayPerRequestDateTime"] = epoch_seconds(*t.last_update_to_pay_per_request);
    }
    out["BillingModeSummary"] = std::move(bms);
  }
  json gsis = json::array();
  json lsis = json::array();
  for (const auto& ix : t.indexes) {
    std::size_t count = 0;
    std::size_t bytes = 0;
    for (const auto& [key, item] : t.items) {
      if (item.contains(ix.keys.hash) && (ix.keys.range.empty() || item.contains(ix.keys.range))) {
        ++count;
        bytes += ddb::item_size(item);
      }
    }
    json d = {{"IndexName", ix.name},
              {"KeySchema", key_schema_json(ix.keys)},
              {"Projection", projection_json(ix)},
              {"IndexSizeBytes", bytes},
              {"ItemCount", count},
              {"IndexArn", t.arn + "/index/" + ix.name}};
    if (ix.global) {
      d["IndexStatus"] = ix.status;
      d["ProvisionedThroughput"] = {{"NumberOfDecreasesToday", 0},
                                    {"ReadCapacityUnits", ix.rcu},
                                    {"WriteCapacityUnits", ix.wcu}};
      gsis.push_back(std::move(d));
    } else {
      lsis.push_back(std::move(d));
    }
  }
  if (!lsis.empty()) out["LocalSecondaryIndexes"] = std::move(lsis);
  if (!gsis.empty()) out["GlobalSecondaryIndexes"] = std::move(gsis);
  if (t.stream_enabled) {
    out["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", t.stream_view_type}};
  }
  if (!t.stream_label.empty()) {
    out["LatestStreamLabel"] = t.stream_label;
    out["LatestStreamArn"] = t.arn + "/stream/" + t.stream_label;
  }
  if (t.global()) {
    out["GlobalTableVersion"] = ddb::kGlobalTableVersion;
    // Each replica lists the others, not itself (as DescribeTable answers on AWS).
    json replicas = json::array();
    for (const std::string& peer : t.peers) {
      auto r = regions_.find(peer);
      if (r == regions_.end()) continue;
      auto other = r->second.find(t.name);
      if (other == r->second.end()) continue;
      json d = {{"RegionName", peer}, {"ReplicaStatus", other->second.replica_status}};
      if (!other->second.replica_kms_key.empty()) d["KMSMasterKeyId"] = other->second.replica_kms_key;
      if (!other->second.table_class.empty()) {
        d["ReplicaTableClassSummary"] = {{"TableClass", other->second.table_class}};
      }
      replicas.push_back(std::move(d));
    }
    out["Replicas"] = std::move(replicas);
  }
  if (t.sse_enabled) {
    out["SSEDescription"] = {{"Status", "ENABLED"},
                             {"SSEType", t.sse_type},
                             {"KMSMasterKeyArn", t.kms_key_arn}};
  }
  if (!t.table_class.empty()) out["TableClassSummary"] = {{"TableClass", t.table_class}};
  out["DeletionProtectionEnabled"] = t.deletion_protection;
  (void)region;
  return out;
}

// ---------------------------------------------------------------- transitions

void DynamoDbService::schedule(std::string_view region, Table& t, ddb::Transition what,
                               std::chrono::seconds delay) {
  if (t.task != 0) core_.clock.cancel(t.task);
  t.transition = what;
  t.due = core_.clock.now() + delay;
  reschedule(region, t);
}

void DynamoDbService::reschedule(std::string_view region, Table& t) {
  // Runs outside handle(): the task takes the world lock itself and finds the table again
  // by region, name and id, so a reset, load or re-created table leaves nothing dangling.
  std::string r(region), name = t.name, id = t.id;
  t.task = core_.clock.schedule_at(
      t.due, [this, r, name, id] { fire(r, name, id); },
      "dynamodb " + r + " table " + name +
          (t.transition == ddb::Transition::kRemove ? " removal" : " ACTIVE"));
}

void DynamoDbService::fire(const std::string& region, const std::string& name,
                           const std::string& id) {
  std::lock_guard lock(core_.mutex);
  Table* t = find_table(region, name);
  if (!t || t->id != id) return;
  t->task = 0;
  const ddb::Transition what = t->transition;
  t->transition = ddb::Transition::kNone;
  if (what == ddb::Transition::kRemove) {
    remove_table(region, name);
    return;
  }
  if (what != ddb::Transition::kActivate) return;
  t->status = "ACTIVE";
  for (auto& ix : t->indexes) ix.status = "ACTIVE";
  if (t->replica_status == "CREATING") t->replica_status = "ACTIVE";
  if (!t->seed_region.empty()) {
    // A new replica starts with the source's items as they are now (with their write
    // stamps); writes committed since it was added arrive through replication.
    if (Table* src = find_table(t->seed_region, name)) {
      t->items = src->items;
      t->size_bytes = src->size_bytes;
      t->stamps = src->stamps;
    }
    seed_links(name, t->seed_region, region);
    t->seed_region.clear();
  }
}

void DynamoDbService::remove_table(const std::string& region, const std::string& name) {
  auto r = regions_.find(region);
  if (r == regions_.end()) return;
  auto it = r->second.find(name);
  if (it == r->second.end()) return;
  for (const std::string& peer : it->second.peers) {
    if (Table* other = find_table(peer, name)) {
      other->peers.erase(region);
      // The last replica left: the table is a plain regional table again.
      if (other->peers.empty()) other->replica_status.clear();
    }
  }
  if (it->second.task != 0) core_.clock.cancel(it->second.task);
  r->second.erase(it);
}

void DynamoDbService::cancel_tasks() {
  for (auto& [region, tables] : regions_) {
    for (auto& [name, t] : tables) {
      if (t.task != 0) core_.clock.cancel(t.task);
      t.task = 0;
    }
  }
}

// ---------------------------------------------------------------- tables

HttpResponse DynamoDbService::list_tables(Call& call, const json& body) {
  const auto limit = ddb::member_int(body, "Limit");
  if (limit && (*limit < 1 || *limit > 100)) {
    ddb::constraint_error("'" + std::to_string(*limit) + "'", "limit",
                          *limit < 1 ? "Member must have value greater than or equal to 1"
                                     : "Member must have value less than or equal to 100");
  }
  const std::string* start = ddb::member_string(body, "ExclusiveStartTableName");
  if (start) check_table_name(*start, "exclusiveStartTableName");
  const std::size_t page = static_cast<std::size_t>(limit.value_or(100));
  json names = json::array();
  std::string last;
  bool more = false;
  auto r = regions_.find(call.region);
  if (r != regions_.end()) {
    auto it = start ? r->second.upper_bound(*start) : r->second.begin();
    for (; it != r->second.end(); ++it) {
      if (names.size() == page) {
        more = true;
        break;
      }
      names.push_back(it->first);
      last = it->first;
    }
  }
  json out = {{"TableNames", std::move(names)}};
  if (more) out["LastEvaluatedTableName"] = last;
  return json_response(call, out);
}

HttpResponse DynamoDbService::describe_table(Call& call, const json& body) {
  const Table& t = table_or_throw(call, body);
  return json_response(call, {{"Table", describe(t, call.region)}});
}

HttpResponse DynamoDbService::create_table(Call& call, const json& body) {
  const std::string& name = ddb::required_string(body, "TableName");
  check_table_name(name);
  Table t;
  t.name = name;

  // Attribute definitions and key schemas.
  const json* defs = ddb::member_object(body, "AttributeDefinitions", true);
  if (!defs) ddb::constraint_error("null", "attributeDefinitions", "Member must not be null");
  for (std::size_t i = 0; i < defs->size(); ++i) {
    const json& d = (*defs)[i];
    const std::string path = "attributeDefinitions." + std::to_string(i + 1) + ".member";
    const std::string& an = ddb::required_string(d, "AttributeName");
    const std::string& at = ddb::required_string(d, "AttributeType");
    if (at != "S" && at != "N" && at != "B") {
      ddb::constraint_error("'" + at + "'", path + ".attributeType",
                            "Member must satisfy enum value set: [B, N, S]");
    }
    for (const auto& [n, ty] : t.attribute_definitions) {
      if (n == an) {
        invalid("Cannot have two attributes with the same name. Attribute name: " + an);
      }
    }
    t.attribute_definitions.emplace_back(an, at);
  }
  t.keys = parse_key_schema(ddb::member_object(body, "KeySchema", true), "keySchema");

  std::set<std::string> used = {t.keys.hash};
  if (!t.keys.range.empty()) used.insert(t.keys.range);

  const std::string billing = [&] {
    const std::string* b = ddb::member_string(body, "BillingMode");
    return b ? *b : std::string("PROVISIONED");
  }();
  if (billing != "PROVISIONED" && billing != "PAY_PER_REQUEST") {
    ddb::constraint_error("'" + billing + "'", "billingMode",
                          "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
  }
  t.billing_mode = billing;
  t.billing_mode_reported = body.contains("BillingMode") || billing == "PAY_PER_REQUEST";
  const json* pt = ddb::member_object(body, "ProvisionedThroughput");
  if (billing == "PROVISIONED") {
    if (!pt) {
      invalid("One or more parameter values were invalid: ReadCapacityUnits and "
              "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
    }
    std::tie(t.rcu, t.wcu) = parse_throughput(*pt, "provisionedThroughput");
  } else if (pt) {
    invalid("One or more parameter values were invalid: Neither ReadCapacityUnits nor "
            "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
  }
  if (billing == "PAY_PER_REQUEST") t.last_update_to_pay_per_request = core_.clock.now();

  auto parse_indexes = [&](const char* member, bool global) {
    const json* list = ddb::member_object(body, member, true);
    if (!list) return;
    if (list->empty()) {
      invalid(std::string("One or more parameter values were invalid: List of ") + member +
              " is empty");
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& d = (*list)[i];
      const std::string path = ddb::lower_camel(member) + "." + std::to_string(i + 1) + ".member";
      ddb::SecondaryIndex ix;
      ix.global = global;
      ix.name = ddb::required_string(d, "IndexName");
      check_table_name(ix.name, path + ".indexName");
      for (const auto& other : t.indexes) {
        if (other.name == ix.name) {
          invalid("One or more parameter values were invalid: Duplicate index name: " + ix.name);
        }
      }
      ix.keys = parse_key_schema(ddb::member_object(d, "KeySchema", true), path + ".keySchema");
      parse_projection(ddb::member_object(d, "Projection"), ix, path);
      if (!global) {
        if (t.keys.range.empty()) {
          invalid("One or more parameter values were invalid: Table KeySchema does not have a "
                  "range key, which is required when specifying a LocalSecondaryIndex");
        }
        if (ix.keys.hash != t.keys.hash || ix.keys.range.empty()) {
          invalid("One or more parameter values were invalid: Index KeySchema does not have the "
                  "same leading hash key as table KeySchema for index: " +
                  ix.name + ". index hash key: " + ix.keys.hash +
                  ", table hash key: " + t.keys.hash);
        }
      }
      const json* ipt = ddb::member_object(d, "ProvisionedThroughput");
      if (global && billing == "PROVISIONED") {
        if (!ipt) {
          invalid("One or more parameter values were invalid: ProvisionedThroughput must be "
                  "specified for index: " + ix.name);
        }
        std::tie(ix.rcu, ix.wcu) = parse_throughput(*ipt, path + ".provisionedThroughput");
      } else if (ipt) {
        invalid("One or more parameter values were invalid: ProvisionedThroughput should not be "
                "specified for index: " + ix.name + " when BillingMode is PAY_PER_REQUEST");
      }
      ix.status = global ? "CREATING" : "ACTIVE";
      used.insert(ix.keys.hash);
      if (!ix.keys.range.empty()) used.insert(ix.keys.range);
      t.indexes.push_back(std::move(ix));
    }
  };
  parse_indexes("LocalSecondaryIndexes", false);
  parse_indexes("GlobalSecondaryIndexes", true);

  std::set<std::string> defined;
  for (const auto& [n, ty] : t.attribute_definitions) defined.insert(n);
  std::string missing;
  for (const std::string& k : used) {
    if (!defined.contains(k)) missing += (missing.empty() ? "" : ", ") + k;
  }
  if (!missing.empty()) {
    std::string defs_text;
    for (const auto& [n, ty] : t.attribute_definitions) defs_text += (defs_text.empty() ? "" : ", ") + n;
    invalid("One or more parameter values were invalid: Some index key attributes are not "
            "defined in AttributeDefinitions. Keys: [" + missing + "], AttributeDefinitions: [" +
            defs_text + "]");
  }
  if (defined.size() != used.size()) {
    invalid("One or more parameter values were invalid: Number of attributes in KeySchema does "
            "not exactly match number of attributes defined in AttributeDefinitions");
  }

  // Streams, encryption, class, protection, tags.
  if (const json* ss = ddb::member_object(body, "StreamSpecification")) {
    const auto enabled = ddb::member_bool(*ss, "StreamEnabled");
    if (!enabled) {
      ddb::constraint_error("null", "streamSpecification.streamEnabled", "Member must not be null");
    }
    const std::string* view = ddb::member_string(*ss, "StreamViewType");
    if (*enabled) {
      if (!view) {
        invalid("One or more parameter values were invalid: You must specify a StreamViewType "
                "when enabling a stream");
      }
      if (*view != "NEW_IMAGE" && *view != "OLD_IMAGE" && *view != "NEW_AND_OLD_IMAGES" &&
          *view != "KEYS_ONLY") {
        ddb::constraint_error("'" + *view + "'", "streamSpecification.streamViewType",
                              "Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, "
                              "NEW_AND_OLD_IMAGES, KEYS_ONLY]");
      }
      t.stream_enabled = true;
      t.stream_view_type = *view;
    } else if (view) {
      invalid("One or more parameter values were invalid: StreamViewType cannot be specified "
              "when StreamEnabled is false");
    }
  }
  if (const json* sse = ddb::member_object(body, "SSESpecification")) {
    const bool enabled = ddb::member_bool(*sse, "Enabled").value_or(false);
    const std::string* type = ddb::member_string(*sse, "SSEType");
    const std::string* key = ddb::member_string(*sse, "KMSMasterKeyId");
    if (type && *type != "KMS" && *type != "AES256") {
      ddb::constraint_error("'" + *type + "'", "sSESpecification.sSEType",
                            "Member must satisfy enum value set: [AES256, KMS]");
    }
    if (!enabled && (key || type)) {
      invalid("One or more parameter values were invalid: SSEType or KMSMasterKeyId can only be "
              "specified when SSE is enabled");
    }
    if (enabled) {
      t.sse_enabled = true;
      t.sse_type = "KMS";
    }
  }
  if (const std::string* cls = ddb::member_string(body, "TableClass")) {
    if (*cls != "STANDARD" && *cls != "STANDARD_INFREQUENT_ACCESS") {
      ddb::constraint_error("'" + *cls + "'", "tableClass",
                            "Member must satisfy enum value set: [STANDARD, "
                            "STANDARD_INFREQUENT_ACCESS]");
    }
    t.table_class = *cls;
  }
  t.deletion_protection = ddb::member_bool(body, "DeletionProtectionEnabled").value_or(false);
  t.tags = parse_tags(ddb::member_object(body, "Tags", true));

  if (find_table(call.region, name)) {
    fail(400, "ResourceInUseException", "Table already exists: " + name);
  }

  const TimePoint now = core_.clock.now();
  t.id = core_.ids.uuid();
  t.arn = "arn:aws:dynamodb:" + call.region + ":" + call.account + ":table/" + name;
  t.created = now;
  t.status = "CREATING";
  if (t.stream_enabled) t.stream_label = stream_label_at(now);
  if (t.sse_enabled) {
    const json& sse = body["SSESpecification"];
    const std::string* key = ddb::member_string(sse, "KMSMasterKeyId");
    t.kms_key_arn = key ? kms_arn(core_, call.region, *key) : managed_key_arn(core_, call.region);
  }
  Table& stored = regions_[call.region].emplace(name, std::move(t)).first->second;
  schedule(call.region, stored, ddb::Transition::kActivate, kTableCreationDelay);
  return json_response(call, {{"TableDescription", describe(stored, call.region)}});
}

HttpResponse DynamoDbService::update_table(Call& call, const json& body) {
  Table& t = table_or_throw(call, body);
  if (t.status != "ACTIVE") in_use(t);
  bool changed = false;       // anything that puts the table in UPDATING
  bool any = false;           // anything at all
  std::chrono::seconds delay = kTableUpdateDelay;
  const TimePoint now = core_.clock.now();

  // Validate everything before changing anything: a rejected UpdateTable changes nothing.
  const std::string* billing = ddb::member_string(body, "BillingMode");
  if (billing && *billing != "PROVISIONED" && *billing != "PAY_PER_REQUEST") {
    ddb::constraint_error("'" + *billing + "'", "billingMode",
                          "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
  }
  const std::string new_billing = billing ? *billing : t.billing_mode;
  const json* pt = ddb::member_object(body, "ProvisionedThroughput");
  std::optional<std::pair<std::int64_t, std::int64_t>> throughput;
  if (pt) {
    if (new_billing == "PAY_PER_REQUEST") {
      invalid("One or more parameter values were invalid: Neither ReadCapacityUnits nor "
              "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }
    throughput = parse_throughput(*pt, "provisionedThroughput");
    if (t.billing_mode == "PROVISIONED" && throughput->first == t.rcu &&
        throughput->second == t.wcu) {
      invalid("The provisioned throughput for the table will not change. The requested value "
              "equals the current value. Current ReadCapacityUnits provisioned for the table: " +
              std::to_string(t.rcu) + ". Requested ReadCapacityUnits: " +
              std::to_string(throughput->first) +
              ". Current WriteCapacityUnits provisioned for the table: " + std::to_string(t.wcu) +
              ". Requested WriteCapacityUnits: " + std::to_string(throughput->second) +
              ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to "
              "request higher limits.");
    }
  } else if (billing && *billing == "PROVISIONED" && t.billing_mode != "PROVISIONED") {
    invalid("One or more parameter values were invalid: ProvisionedThroughput must be specified "
            "when BillingMode is PROVISIONED");
  }

  const json* ss = ddb::member_object(body, "StreamSpecification");
  std::optional<bool> stream_enable;
  std::string stream_view;
  if (ss) {
    stream_enable = ddb::member_bool(*ss, "StreamEnabled");
    if (!stream_enable) {
      ddb::constraint_error("null", "streamSpecification.streamEnabled", "Member must not be null");
    }
    const std::string* view = ddb::member_string(*ss, "StreamViewType");
    if (*stream_enable) {
      if (t.stream_enabled) invalid("Table already has an enabled stream: TableName: " + t.name);
      if (!view) {
        invalid("One or more parameter values were invalid: You must specify a StreamViewType "
                "when enabling a stream");
      }
      if (*view != "NEW_IMAGE" && *view != "OLD_IMAGE" && *view != "NEW_AND_OLD_IMAGES" &&
          *view != "KEYS_ONLY") {
        ddb::constraint_error("'" + *view + "'", "streamSpecification.streamViewType",
                              "Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, "
                              "NEW_AND_OLD_IMAGES, KEYS_ONLY]");
      }
      stream_view = *view;
    } else {
      if (t.global()) {
        invalid("One or more parameter values were invalid: Disabling Stream is not allowed for "
                "a Global Table replica.");
      }
      if (!t.stream_enabled) {
        invalid("One or more parameter values were invalid: Table does not have a stream "
                "enabled: TableName: " + t.name);
      }
    }
  }

  const json* replica_updates = ddb::member_object(body, "ReplicaUpdates", true);
  if (replica_updates && replica_updates->size() > 1) {
    invalid("One or more parameter values were invalid: Only one replica can be created or "
            "deleted per UpdateTable request");
  }
  const json* gsi_updates = ddb::member_object(body, "GlobalSecondaryIndexUpdates", true);
  if (gsi_updates && gsi_updates->size() > 1) {
    invalid("One or more parameter values were invalid: Only one global secondary index can be "
            "created, updated or deleted per UpdateTable request");
  }
  const std::string* cls = ddb::member_string(body, "TableClass");
  if (cls && *cls != "STANDARD" && *cls != "STANDARD_INFREQUENT_ACCESS") {
    ddb::constraint_error("'" + *cls + "'", "tableClass",
                          "Member must satisfy enum value set: [STANDARD, "
                          "STANDARD_INFREQUENT_ACCESS]");
  }

  // Global secondary index updates (validated before anything changes).
  std::optional<ddb::SecondaryIndex> new_index;
  std::string drop_index;
  std::vector<std::pair<std::string, std::string>> new_defs = t.attribute_definitions;
  if (const json* ad = ddb::member_object(body, "AttributeDefinitions", true)) {
    for (const json& d : *ad) {
      const std::string& an = ddb::required_string(d, "AttributeName");
      const std::string& at = ddb::required_string(d, "AttributeType");
      auto it = std::find_if(new_defs.begin(), new_defs.end(),
                             [&](const auto& kv) { return kv.first == an; });
      if (it == new_defs.end()) {
        new_defs.emplace_back(an, at);
      } else if (it->second != at) {
        invalid("One or more parameter values were invalid: Cannot change the type of attribute "
                "used in a key schema: " + an);
      }
    }
  }
  if (gsi_updates && !gsi_updates->empty()) {
    const json& u = (*gsi_updates)[0];
    if (const json* c = ddb::member_object(u, "Create")) {
      ddb::SecondaryIndex ix;
      ix.name = ddb::required_string(*c, "IndexName");
      check_table_name(ix.name, "globalSecondaryIndexUpdates.1.member.create.indexName");
      for (const auto& other : t.indexes) {
        if (other.name == ix.name) {
          invalid("One or more parameter values were invalid: Index already exists: " + ix.name);
        }
      }
      ix.keys = parse_key_schema(ddb::member_object(*c, "KeySchema", true),
                                 "globalSecondaryIndexUpdates.1.member.create.keySchema");
      parse_projection(ddb::member_object(*c, "Projection"), ix,
                       "globalSecondaryIndexUpdates.1.member.create");
      for (const std::string* k : {&ix.keys.hash, &ix.keys.range}) {
        if (k->empty()) continue;
        if (std::none_of(new_defs.begin(), new_defs.end(),
                         [&](const auto& kv) { return kv.first == *k; })) {
          invalid("One or more parameter values were invalid: Some index key attributes are not "
                  "defined in AttributeDefinitions. Keys: [" + *k + "]");
        }
      }
      const json* ipt = ddb::member_object(*c, "ProvisionedThroughput");
      if (new_billing == "PROVISIONED") {
        if (!ipt) {
          invalid("One or more parameter values were invalid: ProvisionedThroughput must be "
                  "specified for index: " + ix.name);
        }
        std::tie(ix.rcu, ix.wcu) = parse_throughput(*ipt, "globalSecondaryIndexUpdates.1.member."
                                                          "create.provisionedThroughput");
      }
      ix.status = "CREATING";
      new_index = std::move(ix);
    } else if (const json* d = ddb::member_object(u, "Delete")) {
      drop_index = ddb::required_string(*d, "IndexName");
      if (std::none_of(t.indexes.begin(), t.indexes.end(),
                       [&](const auto& ix) { return ix.global && ix.name == drop_index; })) {
        fail(400, "ResourceNotFoundException",
             "Requested resource not found: Index: " + drop_index + " not found");
      }
    } else if (const json* up = ddb::member_object(u, "Update")) {
      const std::string& ixname = ddb::required_string(*up, "IndexName");
      auto it = std::find_if(t.indexes.begin(), t.indexes.end(),
                             [&](const auto& ix) { return ix.global && ix.name == ixname; });
      if (it == t.indexes.end()) {
        fail(400, "ResourceNotFoundException",
             "Requested resource not found: Index: " + ixname + " not found");
      }
    } else {
      invalid("One or more parameter values were invalid: A GlobalSecondaryIndexUpdate must "
              "contain one of Create, Update or Delete");
    }
  }

  // Apply.
  if (billing && *billing != t.billing_mode) {
    t.billing_mode = *billing;
    if (*billing == "PAY_PER_REQUEST") {
      t.last_update_to_pay_per_request = now;
      t.rcu = t.wcu = 0;
      for (auto& ix : t.indexes) ix.rcu = ix.wcu = 0;
    }
    changed = true;
  }
  if (billing) {
    t.billing_mode_reported = true;
    any = true;
  }
  if (throughput) {
    std::tie(t.rcu, t.wcu) = *throughput;
    changed = true;
  }
  if (stream_enable) {
    if (*stream_enable) {
      t.stream_enabled = true;
      t.stream_view_type = stream_view;
      t.stream_label = stream_label_at(now);
    } else {
      t.stream_enabled = false;
      t.stream_view_type.clear();
    }
    changed = true;
  }
  if (const json* sse = ddb::member_object(body, "SSESpecification")) {
    const bool enabled = ddb::member_bool(*sse, "Enabled").value_or(true);
    const std::string* key = ddb::member_string(*sse, "KMSMasterKeyId");
    t.sse_enabled = enabled;
    t.sse_type = enabled ? "KMS" : "";
    t.kms_key_arn = !enabled ? "" : key ? kms_arn(core_, call.region, *key)
                                        : managed_key_arn(core_, call.region);
    changed = true;
  }
  if (cls) {
    t.table_class = *cls;
    changed = true;
  }
  if (auto dp = ddb::member_bool(body, "DeletionProtectionEnabled")) {
    t.deletion_protection = *dp;
    any = true;
  }
  if (new_index || !drop_index.empty() || gsi_updates) {
    t.attribute_definitions = new_defs;
    if (new_index) t.indexes.push_back(std::move(*new_index));
    if (!drop_index.empty()) {
      std::erase_if(t.indexes, [&](const auto& ix) { return ix.global && ix.name == drop_index; });
    }
    if (gsi_updates && !gsi_updates->empty()) {
      if (const json* up = ddb::member_object((*gsi_updates)[0], "Update")) {
        const std::string& ixname = ddb::required_string(*up, "IndexName");
        for (auto& ix : t.indexes) {
          if (ix.name != ixname) continue;
          if (const json* ipt = ddb::member_object(*up, "ProvisionedThroughput")) {
            std::tie(ix.rcu, ix.wcu) = parse_throughput(*ipt, "globalSecondaryIndexUpdates.1."
                                                             "member.update.provisionedThroughput");
          }
        }
      }
    }
    changed = true;
  }
  if (replica_updates && !replica_updates->empty()) {
    const json& u = (*replica_updates)[0];
    if (const json* c = ddb::member_object(u, "Create")) {
      add_replica(call, t, *c);
      delay = kReplicaCreationDelay;
    } else if (const json* d = ddb::member_object(u, "Delete")) {
      remove_replica(call, t, *d);
      delay = kReplicaDeletionDelay;
    } else if (const json* up = ddb::member_object(u, "Update")) {
      const std::string& region = ddb::required_string(*up, "RegionName");
      Table* other = t.peers.contains(region) ? find_table(region, t.name) : nullptr;
      if (!other) {
        invalid("One or more parameter values were invalid: The table has no replica in region " +
                region);
      }
      if (const std::string* key = ddb::member_string(*up, "KMSMasterKeyId")) {
        other->replica_kms_key = *key;
      }
      if (const std::string* rc = ddb::member_string(*up, "TableClassOverride")) {
        other->table_class = *rc;
      }
    } else {
      invalid("One or more parameter values were invalid: A ReplicationGroupUpdate must contain "
              "one of Create, Update or Delete");
    }
    changed = true;
  }
  if (!changed && !any) {
    invalid("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
            "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
  }
  if (changed) {
    t.status = "UPDATING";
    schedule(call.region, t, ddb::Transition::kActivate, delay);
  }
  return json_response(call, {{"TableDescription", describe(t, call.region)}});
}

void DynamoDbService::add_replica(Call& call, Table& source, const json& create) {
  const std::string& region = ddb::required_string(create, "RegionName");
  if (!core_.region_exists(region)) {
    invalid("One or more parameter values were invalid: Invalid region name: " + region);
  }
  if (region == call.region) {
    invalid("One or more parameter values were invalid: Cannot add a replica in the table's own "
            "region: " + region);
  }
  if (find_table(region, source.name)) {
    invalid("Failed to create a the new replica of table with name: '" + source.name +
            "' because one or more replicas already existed as tables.");
  }
  if (source.stream_enabled && source.stream_view_type != "NEW_AND_OLD_IMAGES") {
    invalid("One or more parameter values were invalid: A table with replicas must have its "
            "stream enabled with StreamViewType NEW_AND_OLD_IMAGES; table " + source.name +
            " has " + source.stream_view_type);
  }
  const TimePoint now = core_.clock.now();
  // Version 2019.11.21 turns the stream on for replication when the table has none.
  if (!source.stream_enabled) {
    source.stream_enabled = true;
    source.stream_view_type = "NEW_AND_OLD_IMAGES";
    source.stream_label = stream_label_at(now);
  }
  if (source.replica_status.empty()) source.replica_status = "ACTIVE";

  Table r;
  r.name = source.name;
  r.id = core_.ids.uuid();
  r.arn = "arn:aws:dynamodb:" + region + ":" + call.account + ":table/" + source.name;
  r.status = "CREATING";
  r.created = now;
  r.attribute_definitions = source.attribute_definitions;
  r.keys = source.keys;
  r.indexes = source.indexes;
  for (auto& ix : r.indexes) ix.status = ix.global ? "CREATING" : "ACTIVE";
  r.billing_mode = source.billing_mode;
  r.billing_mode_reported = source.billing_mode_reported;
  r.last_update_to_pay_per_request = source.last_update_to_pay_per_request;
  r.rcu = source.rcu;
  r.wcu = source.wcu;
  r.stream_enabled = true;
  r.stream_view_type = "NEW_AND_OLD_IMAGES";
  r.stream_label = stream_label_at(now);
  r.sse_enabled = source.sse_enabled;
  r.sse_type = source.sse_type;
  const std::string* key = ddb::member_string(create, "KMSMasterKeyId");
  if (key) r.replica_kms_key = *key;
  if (r.sse_enabled) {
    r.kms_key_arn = key ? kms_arn(core_, region, *key) : managed_key_arn(core_, region);
  }
  if (const std::string* rc = ddb::member_string(create, "TableClassOverride")) {
    r.table_class = *rc;
  } else {
    r.table_class = source.table_class;
  }
  r.replica_status = "CREATING";
  r.peers = source.peers;
  r.peers.insert(call.region);
  r.seed_region = call.region;
  for (const std::string& peer : source.peers) {
    if (Table* other = find_table(peer, source.name)) other->peers.insert(region);
  }
  source.peers.insert(region);
  Table& stored = regions_[region].emplace(r.name, std::move(r)).first->second;
  schedule(region, stored, ddb::Transition::kActivate, kReplicaCreationDelay);
}

void DynamoDbService::remove_replica(Call& call, Table& source, const json& del) {
  const std::string& region = ddb::required_string(del, "RegionName");
  if (region == call.region) {
    invalid("One or more parameter values were invalid: Cannot delete the replica in the region "
            "of the request (" + region + "); call DeleteTable there, or UpdateTable from "
            "another replica's region");
  }
  Table* target = source.peers.contains(region) ? find_table(region, source.name) : nullptr;
  if (!target) {
    invalid("One or more parameter values were invalid: Cannot delete replica in region " +
            region + ": the table has no replica there");
  }
  if (target->status != "ACTIVE") in_use(*target);
  if (target->deletion_protection) {
    invalid("Resource cannot be deleted as it is currently protected against deletion. Disable "
            "deletion protection first.");
  }
  target->status = "DELETING";
  target->replica_status = "DELETING";
  schedule(region, *target, ddb::Transition::kRemove, kReplicaDeletionDelay);
}

HttpResponse DynamoDbService::delete_table(Call& call, const json& body) {
  Table& t = table_or_throw(call, body);
  if (t.status != "ACTIVE") in_use(t);
  if (t.deletion_protection) {
    invalid("Resource cannot be deleted as it is currently protected against deletion. Disable "
            "deletion protection first.");
  }
  t.status = "DELETING";
  if (t.global()) t.replica_status = "DELETING";
  schedule(call.region, t, ddb::Transition::kRemove, kTableDeletionDelay);
  return json_response(call, {{"TableDescription", describe(t, call.region)}});
}

// ---------------------------------------------------------------- continuous backups, TTL

namespace {

json continuous_backups(const Table& t, TimePoint now) {
  json pitr = {{"PointInTimeRecoveryStatus", t.pitr_enabled ? "ENABLED" : "DISABLED"}};
  if (t.pitr_enabled) {
    const TimePoint window_start = now - std::chrono::hours(24 * t.pitr_days);
    const TimePoint earliest = std::max(t.pitr_enabled_at, window_start);
    const TimePoint latest = std::max(earliest, now - kPitrRestoreLag);
    pitr["RecoveryPeriodInDays"] = t.pitr_days;
    pitr["EarliestRestorableDateTime"] = epoch_seconds(earliest);
    pitr["LatestRestorableDateTime"] = epoch_seconds(latest);
  }
  // Continuous backups are always on for DynamoDB tables; PITR is the switch.
  return {{"ContinuousBackupsDescription",
           {{"ContinuousBackupsStatus", "ENABLED"}, {"PointInTimeRecoveryDescription", pitr}}}};
}

}  // namespace

HttpResponse DynamoDbService::describe_continuous_backups(Call& call, const json& body) {
  const std::string& name = ddb::required_string(body, "TableName");
  Table* t = find_table(call.region, name.starts_with("arn:") ? name.substr(name.rfind('/') + 1)
                                                               : name);
  if (!t) fail(400, "TableNotFoundException", "Table not found: " + name);
  return json_response(call, continuous_backups(*t, core_.clock.now()));
}

HttpResponse DynamoDbService::update_continuous_backups(Call& call, const json& body) {
  const std::string& name = ddb::required_string(body, "TableName");
  Table* t = find_table(call.region, name.starts_with("arn:") ? name.substr(name.rfind('/') + 1)
                                                               : name);
  const json* spec = ddb::member_object(body, "PointInTimeRecoverySpecification");
  if (!spec) {
    ddb::constraint_error("null", "pointInTimeRecoverySpecification", "Member must not be null");
  }
  const auto enabled = ddb::member_bool(*spec, "PointInTimeRecoveryEnabled");
  if (!enabled) {
    ddb::constraint_error("null", "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled",
                          "Member must not be null");
  }
  const auto days = ddb::member_int(*spec, "RecoveryPeriodInDays");
  if (days && (*days < 1 || *days > 35)) {
    ddb::constraint_error("'" + std::to_string(*days) + "'",
                          "pointInTimeRecoverySpecification.recoveryPeriodInDays",
                          *days < 1 ? "Member must have value greater than or equal to 1"
                                    : "Member must have value less than or equal to 35");
  }
  if (days && !*enabled) {
    invalid("One or more parameter values were invalid: RecoveryPeriodInDays can only be "
            "specified when PointInTimeRecoveryEnabled is true");
  }
  if (!t || t->status == "DELETING") fail(400, "TableNotFoundException", "Table not found: " + name);
  if (*enabled) {
    if (!t->pitr_enabled) t->pitr_enabled_at = core_.clock.now();
    t->pitr_enabled = true;
    t->pitr_days = static_cast<int>(days.value_or(35));
  } else {
    t->pitr_enabled = false;
    t->pitr_days = 35;
  }
  return json_response(call, continuous_backups(*t, core_.clock.now()));
}

HttpResponse DynamoDbService::describe_time_to_live(Call& call, const json& body) {
  const Table& t = table_or_throw(call, body);
  json d = {{"TimeToLiveStatus", t.ttl_enabled ? "ENABLED" : "DISABLED"}};
  if (t.ttl_enabled) d["AttributeName"] = t.ttl_attribute;
  return json_response(call, {{"TimeToLiveDescription", d}});
}

HttpResponse DynamoDbService::update_time_to_live(Call& call, const json& body) {
  Table& t = table_or_throw(call, body);
  const json* spec = ddb::member_object(body, "TimeToLiveSpecification");
  if (!spec) ddb::constraint_error("null", "timeToLiveSpecification", "Member must not be null");
  const auto enabled = ddb::member_bool(*spec, "Enabled");
  if (!enabled) {
    ddb::constraint_error("null", "timeToLiveSpecification.enabled", "Member must not be null");
  }
  const std::string& attr = ddb::required_string(*spec, "AttributeName");
  if (*enabled && t.ttl_enabled) invalid("TimeToLive is already enabled");
  if (!*enabled && !t.ttl_enabled) invalid("TimeToLive is already disabled");
  if (!*enabled && attr != t.ttl_attribute) {
    invalid("TimeToLive is active on a different AttributeName: current AttributeName is " +
            t.ttl_attribute);
  }
  t.ttl_enabled = *enabled;
  t.ttl_attribute = *enabled ? attr : "";
  return json_response(call, {{"TimeToLiveSpecification", {{"Enabled", *enabled},
                                                            {"AttributeName", attr}}}});
}

// ---------------------------------------------------------------- tags

HttpResponse DynamoDbService::tag_resource(Call& call, const json& body) {
  Table& t = table_by_arn(call, ddb::required_string(body, "ResourceArn"));
  const json* tags = ddb::member_object(body, "Tags", true);
  if (!tags) ddb::constraint_error("null", "tags", "Member must not be null");
  merge_tags(t.tags, parse_tags(tags));
  if (t.tags.size() > 50) {
    fail(400, "LimitExceededException", "Too many tags: a resource can have at most 50 tags");
  }
  return json_response(call, json::object());
}

HttpResponse DynamoDbService::untag_resource(Call& call, const json& body) {
  Table& t = table_by_arn(call, ddb::required_string(body, "ResourceArn"));
  const json* keys = ddb::member_object(body, "TagKeys", true);
  if (!keys) ddb::constraint_error("null", "tagKeys", "Member must not be null");
  for (const json& k : *keys) {
    std::erase_if(t.tags, [&](const auto& kv) { return kv.first == k.get<std::string>(); });
  }
  return json_response(call, json::object());
}

HttpResponse DynamoDbService::list_tags_of_resource(Call& call, const json& body) {
  const Table& t = table_by_arn(call, ddb::required_string(body, "ResourceArn"));
  json tags = json::array();
  for (const auto& [k, v] : t.tags) tags.push_back({{"Key", k}, {"Value", v}});
  return json_response(call, {{"Tags", std::move(tags)}});
}

// ---------------------------------------------------------------- state

void DynamoDbService::reset() {
  cancel_tasks();
  cancel_replication();
  links_.clear();
  write_seq_ = 0;
  regions_.clear();
}

void DynamoDbService::save(json& out) const {
  json regions = json::object();
  for (const auto& [region, tables] : regions_) {
    json list = json::array();
    for (const auto& [name, t] : tables) {
      json tj;
      tj["name"] = t.name;
      tj["id"] = t.id;
      tj["arn"] = t.arn;
      tj["status"] = t.status;
      tj["created_ns"] = to_ns(t.created);
      json defs = json::array();
      for (const auto& [n, ty] : t.attribute_definitions) defs.push_back({n, ty});
      tj["attribute_definitions"] = std::move(defs);
      tj["hash"] = t.keys.hash;
      tj["range"] = t.keys.range;
      json indexes = json::array();
      for (const auto& ix : t.indexes) {
        indexes.push_back({{"name", ix.name},
                           {"global", ix.global},
                           {"hash", ix.keys.hash},
                           {"range", ix.keys.range},
                           {"projection", ix.projection_type},
                           {"non_key", ix.non_key_attributes},
                           {"rcu", ix.rcu},
                           {"wcu", ix.wcu},
                           {"status", ix.status}});
      }
      tj["indexes"] = std::move(indexes);
      tj["billing_mode"] = t.billing_mode;
      tj["billing_mode_reported"] = t.billing_mode_reported;
      if (t.last_update_to_pay_per_request) {
        tj["last_ppr_ns"] = to_ns(*t.last_update_to_pay_per_request);
      }
      tj["rcu"] = t.rcu;
      tj["wcu"] = t.wcu;
      tj["stream_enabled"] = t.stream_enabled;
      tj["stream_view_type"] = t.stream_view_type;
      tj["stream_label"] = t.stream_label;
      tj["sse_enabled"] = t.sse_enabled;
      tj["sse_type"] = t.sse_type;
      tj["kms_key_arn"] = t.kms_key_arn;
      tj["table_class"] = t.table_class;
      tj["deletion_protection"] = t.deletion_protection;
      json tags = json::array();
      for (const auto& [k, v] : t.tags) tags.push_back({k, v});
      tj["tags"] = std::move(tags);
      tj["pitr_enabled"] = t.pitr_enabled;
      tj["pitr_days"] = t.pitr_days;
      tj["pitr_enabled_at_ns"] = to_ns(t.pitr_enabled_at);
      tj["ttl_enabled"] = t.ttl_enabled;
      tj["ttl_attribute"] = t.ttl_attribute;
      tj["peers"] = t.peers;
      tj["replica_status"] = t.replica_status;
      tj["replica_kms_key"] = t.replica_kms_key;
      tj["seed_region"] = t.seed_region;
      tj["transition"] = t.transition == ddb::Transition::kActivate ? "activate"
                         : t.transition == ddb::Transition::kRemove ? "remove"
                                                                    : "";
      tj["due_ns"] = to_ns(t.due);
      json items = json::array();
      for (const auto& [key, item] : t.items) items.push_back(item);
      tj["items"] = std::move(items);
      if (!t.stamps.empty()) {
        json stamps = json::array();
        for (const auto& [key, stamp] : t.stamps) {
          json k = {{t.keys.hash, key.hash.to_json()}};
          if (key.range) k[t.keys.range] = key.range->to_json();
          stamps.push_back({std::move(k), to_ns(stamp.at), stamp.seq});
        }
        tj["stamps"] = std::move(stamps);
      }
      list.push_back(std::move(tj));
    }
    regions[region] = std::move(list);
  }
  out["regions"] = std::move(regions);
  save_replication(out);
}

void DynamoDbService::load(const json& in) {
  reset();
  auto bad = [](const std::string& why) { fail(400, "InvalidState", "dynamodb: " + why); };
  if (!in.is_object()) bad("expected an object");
  try {
    // Named, so the document outlives the loop over its items.
    const json regions = in.value("regions", json::object());
    for (const auto& [region, list] : regions.items()) {
      for (const json& tj : list) {
        Table t;
        t.name = tj.at("name").get<std::string>();
        t.id = tj.at("id").get<std::string>();
        t.arn = tj.at("arn").get<std::string>();
        t.status = tj.at("status").get<std::string>();
        t.created = from_ns(tj.at("created_ns").get<long long>());
        for (const json& d : tj.at("attribute_definitions")) {
          t.attribute_definitions.emplace_back(d.at(0).get<std::string>(),
                                               d.at(1).get<std::string>());
        }
        t.keys.hash = tj.at("hash").get<std::string>();
        t.keys.range = tj.value("range", "");
        for (const json& ij : tj.value("indexes", json::array())) {
          ddb::SecondaryIndex ix;
          ix.name = ij.at("name").get<std::string>();
          ix.global = ij.at("global").get<bool>();
          ix.keys.hash = ij.at("hash").get<std::string>();
          ix.keys.range = ij.value("range", "");
          ix.projection_type = ij.value("projection", "ALL");
          ix.non_key_attributes = ij.value("non_key", std::vector<std::string>{});
          ix.rcu = ij.value("rcu", std::int64_t{0});
          ix.wcu = ij.value("wcu", std::int64_t{0});
          ix.status = ij.value("status", "ACTIVE");
          t.indexes.push_back(std::move(ix));
        }
        t.billing_mode = tj.value("billing_mode", "PROVISIONED");
        t.billing_mode_reported = tj.value("billing_mode_reported", false);
        if (tj.contains("last_ppr_ns")) {
          t.last_update_to_pay_per_request = from_ns(tj["last_ppr_ns"].get<long long>());
        }
        t.rcu = tj.value("rcu", std::int64_t{0});
        t.wcu = tj.value("wcu", std::int64_t{0});
        t.stream_enabled = tj.value("stream_enabled", false);
        t.stream_view_type = tj.value("stream_view_type", "");
        t.stream_label = tj.value("stream_label", "");
        t.sse_enabled = tj.value("sse_enabled", false);
        t.sse_type = tj.value("sse_type", "");
        t.kms_key_arn = tj.value("kms_key_arn", "");
        t.table_class = tj.value("table_class", "");
        t.deletion_protection = tj.value("deletion_protection", false);
        for (const json& kv : tj.value("tags", json::array())) {
          t.tags.emplace_back(kv.at(0).get<std::string>(), kv.at(1).get<std::string>());
        }
        t.pitr_enabled = tj.value("pitr_enabled", false);
        t.pitr_days = tj.value("pitr_days", 35);
        t.pitr_enabled_at = from_ns(tj.value("pitr_enabled_at_ns", 0LL));
        t.ttl_enabled = tj.value("ttl_enabled", false);
        t.ttl_attribute = tj.value("ttl_attribute", "");
        t.peers = tj.value("peers", std::set<std::string>{});
        t.replica_status = tj.value("replica_status", "");
        t.replica_kms_key = tj.value("replica_kms_key", "");
        t.seed_region = tj.value("seed_region", "");
        const std::string transition = tj.value("transition", "");
        t.transition = transition == "activate" ? ddb::Transition::kActivate
                       : transition == "remove" ? ddb::Transition::kRemove
                                                : ddb::Transition::kNone;
        t.due = from_ns(tj.value("due_ns", 0LL));
        for (const json& item : tj.value("items", json::array())) {
          ddb::ItemKey key = key_of_item(t, item, false);
          t.size_bytes += ddb::item_size(item);
          t.items.emplace(std::move(key), item);
        }
        for (const json& sj : tj.value("stamps", json::array())) {
          t.stamps[key_of_item(t, sj.at(0), true)] =
              ddb::WriteStamp{from_ns(sj.at(1).get<long long>()), sj.at(2).get<std::uint64_t>()};
        }
        std::string name = t.name;
        Table& stored = regions_[region].emplace(std::move(name), std::move(t)).first->second;
        // A transition pending in the file happens at its original due time (at the next
        // clock step when that time has already passed).
        if (stored.transition != ddb::Transition::kNone) reschedule(region, stored);
      }
    }
    load_replication(in);
  } catch (const json::exception& e) {
    bad(e.what());
  } catch (const ApiError& e) {
    bad(e.message);
  }
}

std::unique_ptr<Service> make_dynamodb_service(FakeCloud::Core& core) {
  return std::make_unique<DynamoDbService>(core);
}

}  // namespace drh::fake
