// DynamoDB in the fake: item operations (PutItem, GetItem, DeleteItem, UpdateItem, Query,
// Scan) with condition, filter, key condition, projection and update expressions.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "dynamodb_service.h"
#include "wire.h"

namespace drh::fake {

using ddb::ItemKey;
using ddb::KeyValue;
using ddb::Table;
using json = nlohmann::json;

namespace {

[[noreturn]] void invalid(std::string message) {
  fail_validation(std::move(message), "ValidationException");
}

const std::string& attribute_type(const Table& t, const std::string& name) {
  for (const auto& [n, type] : t.attribute_definitions) {
    if (n == name) return type;
  }
  static const std::string kNone;
  return kNone;
}

// The legacy (pre-expression) parameters: the fake speaks expressions only.
void reject_legacy(const json& body, std::initializer_list<const char*> members) {
  for (const char* m : members) {
    if (body.contains(m) && !body[m].is_null()) {
      invalid(std::string("drharness's fake DynamoDB does not support the legacy parameter ") +
              m + "; use the expression parameters instead");
    }
  }
}

// Placeholders given with no expression to use them.
void check_placeholders_need_expression(const json& body, bool any_expression,
                                        std::string_view expression_member) {
  if (any_expression) return;
  if (body.contains("ExpressionAttributeNames") && !body["ExpressionAttributeNames"].is_null()) {
    invalid("ExpressionAttributeNames can only be specified when using expressions");
  }
  if (body.contains("ExpressionAttributeValues") && !body["ExpressionAttributeValues"].is_null()) {
    invalid("ExpressionAttributeValues can only be specified when using expressions: " +
            std::string(expression_member) + " is null");
  }
}

std::string return_values(const json& body, bool update) {
  const std::string* rv = ddb::member_string(body, "ReturnValues");
  if (!rv || *rv == "NONE") return "NONE";
  if (*rv == "ALL_OLD") return *rv;
  if (update && (*rv == "UPDATED_OLD" || *rv == "ALL_NEW" || *rv == "UPDATED_NEW")) return *rv;
  if (*rv != "UPDATED_OLD" && *rv != "ALL_NEW" && *rv != "UPDATED_NEW") {
    ddb::constraint_error("'" + *rv + "'", "returnValues",
                          "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, "
                          "NONE, UPDATED_NEW]");
  }
  invalid("ReturnValues can only be ALL_OLD or NONE");
}

bool return_old_on_failure(const json& body) {
  const std::string* rv = ddb::member_string(body, "ReturnValuesOnConditionCheckFailure");
  if (!rv || *rv == "NONE") return false;
  if (*rv != "ALL_OLD") {
    ddb::constraint_error("'" + *rv + "'", "returnValuesOnConditionCheckFailure",
                          "Member must satisfy enum value set: [ALL_OLD, NONE]");
  }
  return true;
}

// ConditionalCheckFailedException, with the item as it is when the request asked for it.
HttpResponse condition_failed(const Call& call, const json* old, bool return_old) {
  HttpResponse r = error_response(
      call, Protocol::kJson,
      ApiError{400, "ConditionalCheckFailedException", "The conditional request failed", true});
  if (return_old && old) {
    json b = json::parse(r.body);
    b["Item"] = *old;
    r.body = b.dump();
  }
  return r;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

// Top-level attribute names a condition reads.
void collect_names(const ddb::Operand& o, std::set<std::string>& out) {
  if (!o.path.empty()) out.insert(o.path[0].name);
  for (const auto& a : o.args) collect_names(a, out);
}
void collect_names(const ddb::Condition& c, std::set<std::string>& out) {
  for (const auto& o : c.operands) collect_names(o, out);
  for (const auto& ch : c.children) collect_names(ch, out);
}

}  // namespace

// ---------------------------------------------------------------- keys and storage

ItemKey DynamoDbService::key_of_item(const Table& t, const json& item, bool key_only) const {
  auto key_value = [&](const std::string& name) -> KeyValue {
    auto it = item.find(name);
    if (it == item.end()) {
      if (key_only) invalid("The provided key element does not match the schema");
      invalid("One or more parameter values were invalid: Missing the key " + name +
              " in the item");
    }
    const std::string_view actual = ddb::type_of(*it);
    const std::string& expected = attribute_type(t, name);
    if (actual != expected) {
      if (key_only) invalid("The provided key element does not match the schema");
      invalid("One or more parameter values were invalid: Type mismatch for key " + name +
              " expected: " + expected + " actual: " + std::string(actual));
    }
    KeyValue k = KeyValue::from(*it);
    if (k.type != 'N' && k.bytes.empty()) {
      invalid("One or more parameter values are not valid. The AttributeValue for a key "
              "attribute cannot contain an empty " +
              std::string(k.type == 'S' ? "string" : "binary") + " value. Key: " + name);
    }
    return k;
  };
  ItemKey key{key_value(t.keys.hash), std::nullopt};
  if (!t.keys.range.empty()) key.range = key_value(t.keys.range);
  if (key_only && item.size() != (t.keys.range.empty() ? 1u : 2u)) {
    invalid("The provided key element does not match the schema");
  }
  return key;
}

namespace {

// Index key attributes of an item must have the index's key types (empty strings too).
void check_index_keys(const Table& t, const json& item) {
  for (const auto& ix : t.indexes) {
    for (const std::string* k : {&ix.keys.hash, &ix.keys.range}) {
      if (k->empty()) continue;
      auto it = item.find(*k);
      if (it == item.end()) continue;
      const std::string& expected = attribute_type(t, *k);
      const std::string_view actual = ddb::type_of(*it);
      if (actual != expected) {
        invalid("One or more parameter values were invalid: Type mismatch for Index Key " + *k +
                " Expected: " + expected + " Actual: " + std::string(actual) +
                " IndexName: " + ix.name);
      }
      const json& v = it->begin().value();
      if (v.is_string() && v.get_ref<const std::string&>().empty()) {
        invalid("One or more parameter values are not valid. A value specified for a secondary "
                "index key is not supported. The AttributeValue for a key attribute cannot "
                "contain an empty string value. IndexName: " +
                ix.name + ", IndexKey: " + *k);
      }
    }
  }
}

void check_item_size(const json& item) {
  if (ddb::item_size(item) > ddb::kMaxItemBytes) {
    invalid("Item size has exceeded the maximum allowed size");
  }
}

json key_json(const Table& t, const ItemKey& key) {
  json k = {{t.keys.hash, key.hash.to_json()}};
  if (key.range) k[t.keys.range] = key.range->to_json();
  return k;
}

}  // namespace

void DynamoDbService::committed_write(const Call& call, const Table& t, const ItemKey& key,
                                      const json* item) {
  if (Table* mine = find_table(call.region, t.name); mine && mine->global()) {
    replicate(call.region, *mine, key, item);
  }
  if (!listener_) return;
  ddb::CommittedWrite w;
  w.region = call.region;
  w.table = t.name;
  w.key = key_json(t, key);
  if (item) w.item = *item;
  w.at = core_.clock.now();
  listener_(w);
}

void DynamoDbService::store(const Call& call, Table& t, const ItemKey& key, json item) {
  auto it = t.items.find(key);
  if (it != t.items.end()) {
    t.size_bytes -= ddb::item_size(it->second);
    it->second = std::move(item);
  } else {
    it = t.items.emplace(key, std::move(item)).first;
  }
  t.size_bytes += ddb::item_size(it->second);
  committed_write(call, t, key, &it->second);
}

void DynamoDbService::erase(const Call& call, Table& t, std::map<ItemKey, json>::iterator it) {
  const ItemKey key = it->first;
  t.size_bytes -= ddb::item_size(it->second);
  t.items.erase(it);
  committed_write(call, t, key, nullptr);
}

bool DynamoDbService::apply_replicated_write(std::string_view region, std::string_view table,
                                             const json& key, const std::optional<json>& item) {
  Table* t = find_table(region, table);
  if (!t || (t->status != "ACTIVE" && t->status != "UPDATING")) return false;
  ItemKey k = key_of_item(*t, item ? *item : key, !item);
  // Stamped as a write committed now, so later replicated writes reconcile against it.
  if (t->global()) t->stamps[k] = ddb::WriteStamp{core_.clock.now(), ++write_seq_};
  auto it = t->items.find(k);
  if (it != t->items.end()) t->size_bytes -= ddb::item_size(it->second);
  if (!item) {
    if (it != t->items.end()) t->items.erase(it);
    return true;
  }
  t->items[k] = *item;
  t->size_bytes += ddb::item_size(*item);
  return true;
}

// ---------------------------------------------------------------- single items

HttpResponse DynamoDbService::put_item(Call& call, const json& body) {
  Table& t = writable_table(call, body);
  reject_legacy(body, {"Expected", "ConditionalOperator"});
  const json* in = ddb::member_object(body, "Item");
  if (!in) ddb::constraint_error("null", "item", "Member must not be null");
  json item = ddb::normalize_map(*in, "Item");
  const ItemKey key = key_of_item(t, item, false);
  check_index_keys(t, item);
  check_item_size(item);
  const std::string rv = return_values(body, false);
  const bool return_old = return_old_on_failure(body);

  ddb::ExpressionContext ctx(ddb::member_object(body, "ExpressionAttributeNames"),
                             ddb::member_object(body, "ExpressionAttributeValues"));
  const std::string* cond_text = ddb::member_string(body, "ConditionExpression");
  check_placeholders_need_expression(body, cond_text != nullptr, "ConditionExpression");
  std::optional<ddb::Condition> cond;
  if (cond_text) cond = ctx.parse_condition(*cond_text, "ConditionExpression");
  ctx.check_all_used();

  auto it = t.items.find(key);
  const json* old = it != t.items.end() ? &it->second : nullptr;
  if (cond && !ddb::evaluate(*cond, old ? *old : json::object())) {
    return condition_failed(call, old, return_old);
  }
  json out = json::object();
  if (rv == "ALL_OLD" && old) out["Attributes"] = *old;
  store(call, t, key, std::move(item));
  return json_response(call, out);
}

HttpResponse DynamoDbService::get_item(Call& call, const json& body) {
  Table& t = writable_table(call, body);
  reject_legacy(body, {"AttributesToGet"});
  const json* in = ddb::member_object(body, "Key");
  if (!in) ddb::constraint_error("null", "key", "Member must not be null");
  const json key_attrs = ddb::normalize_map(*in, "Key");
  const ItemKey key = key_of_item(t, key_attrs, true);
  ddb::member_bool(body, "ConsistentRead");  // every read is strongly consistent here

  ddb::ExpressionContext ctx(ddb::member_object(body, "ExpressionAttributeNames"), nullptr);
  const std::string* proj_text = ddb::member_string(body, "ProjectionExpression");
  check_placeholders_need_expression(body, proj_text != nullptr, "ProjectionExpression");
  std::vector<ddb::Path> projection;
  if (proj_text) projection = ctx.parse_projection(*proj_text);
  ctx.check_all_used();

  json out = json::object();
  auto it = t.items.find(key);
  if (it != t.items.end()) out["Item"] = proj_text ? ddb::project(it->second, projection) : it->second;
  return json_response(call, out);
}

HttpResponse DynamoDbService::delete_item(Call& call, const json& body) {
  Table& t = writable_table(call, body);
  reject_legacy(body, {"Expected", "ConditionalOperator"});
  const json* in = ddb::member_object(body, "Key");
  if (!in) ddb::constraint_error("null", "key", "Member must not be null");
  const ItemKey key = key_of_item(t, ddb::normalize_map(*in, "Key"), true);
  const std::string rv = return_values(body, false);
  const bool return_old = return_old_on_failure(body);

  ddb::ExpressionContext ctx(ddb::member_object(body, "ExpressionAttributeNames"),
                             ddb::member_object(body, "ExpressionAttributeValues"));
  const std::string* cond_text = ddb::member_string(body, "ConditionExpression");
  check_placeholders_need_expression(body, cond_text != nullptr, "ConditionExpression");
  std::optional<ddb::Condition> cond;
  if (cond_text) cond = ctx.parse_condition(*cond_text, "ConditionExpression");
  ctx.check_all_used();

  auto it = t.items.find(key);
  const json* old = it != t.items.end() ? &it->second : nullptr;
  if (cond && !ddb::evaluate(*cond, old ? *old : json::object())) {
    return condition_failed(call, old, return_old);
  }
  json out = json::object();
  if (old) {
    if (rv == "ALL_OLD") out["Attributes"] = *old;
    erase(call, t, it);
  }
  return json_response(call, out);
}

HttpResponse DynamoDbService::update_item(Call& call, const json& body) {
  Table& t = writable_table(call, body);
  reject_legacy(body, {"AttributeUpdates", "Expected", "ConditionalOperator"});
  const json* in = ddb::member_object(body, "Key");
  if (!in) ddb::constraint_error("null", "key", "Member must not be null");
  const json key_attrs = ddb::normalize_map(*in, "Key");
  const ItemKey key = key_of_item(t, key_attrs, true);
  const std::string rv = return_values(body, true);
  const bool return_old = return_old_on_failure(body);

  ddb::ExpressionContext ctx(ddb::member_object(body, "ExpressionAttributeNames"),
                             ddb::member_object(body, "ExpressionAttributeValues"));
  const std::string* update_text = ddb::member_string(body, "UpdateExpression");
  const std::string* cond_text = ddb::member_string(body, "ConditionExpression");
  check_placeholders_need_expression(body, update_text || cond_text, "UpdateExpression");
  std::vector<ddb::UpdateAction> actions;
  if (update_text) actions = ctx.parse_update(*update_text);
  std::optional<ddb::Condition> cond;
  if (cond_text) cond = ctx.parse_condition(*cond_text, "ConditionExpression");
  ctx.check_all_used();
  for (const auto& a : actions) {
    const std::string& top = a.path[0].name;
    if (top == t.keys.hash || top == t.keys.range) {
      invalid("One or more parameter values were invalid: Cannot update attribute " + top +
              ". This attribute is part of the key");
    }
  }

  auto it = t.items.find(key);
  const json* old = it != t.items.end() ? &it->second : nullptr;
  if (cond && !ddb::evaluate(*cond, old ? *old : json::object())) {
    return condition_failed(call, old, return_old);
  }
  json item = old ? *old : key_attrs;
  ddb::apply_update(item, actions);
  check_index_keys(t, item);
  check_item_size(item);

  json out = json::object();
  if (rv == "ALL_OLD" && old) out["Attributes"] = *old;
  if (rv == "ALL_NEW") out["Attributes"] = item;
  if (rv == "UPDATED_OLD" || rv == "UPDATED_NEW") {
    const json& from = rv == "UPDATED_OLD" ? (old ? *old : json::object()) : item;
    json attrs = json::object();
    for (const auto& a : actions) {
      const std::string& top = a.path[0].name;
      if (auto f = from.find(top); f != from.end()) attrs[top] = *f;
    }
    if (!attrs.empty()) out["Attributes"] = std::move(attrs);
  }
  store(call, t, key, std::move(item));
  return json_response(call, out);
}

// ---------------------------------------------------------------- query and scan

namespace {

// What a Query or Scan reads: the table, or one of its indexes.
struct Source {
  const ddb::SecondaryIndex* index = nullptr;
  ddb::KeySchema keys;  ///< the index's keys for an index, else the table's
};

Source source_of(const Table& t, const json& body) {
  Source s;
  s.keys = t.keys;
  if (const std::string* ix = ddb::member_string(body, "IndexName")) {
    for (const auto& i : t.indexes) {
      if (i.name == *ix) s.index = &i;
    }
    if (!s.index) invalid("The table does not have the specified index: " + *ix);
    if (s.index->global && ddb::member_bool(body, "ConsistentRead").value_or(false)) {
      invalid("Consistent reads are not supported on global secondary indexes");
    }
    s.keys = s.index->keys;
  }
  return s;
}

// The attributes an index holds for an item (the whole item for ALL projections).
json index_view(const Table& t, const ddb::SecondaryIndex& ix, const json& item) {
  if (ix.projection_type == "ALL") return item;
  json out = json::object();
  for (const std::string* k : {&t.keys.hash, &t.keys.range, &ix.keys.hash, &ix.keys.range}) {
    if (k->empty()) continue;
    if (auto it = item.find(*k); it != item.end()) out[*k] = *it;
  }
  for (const std::string& a : ix.non_key_attributes) {
    if (auto it = item.find(a); it != item.end()) out[a] = *it;
  }
  return out;
}

// One candidate row: the item, and its position in the source's order.
struct Row {
  const json* item;
  std::optional<KeyValue> index_range;  ///< index queries: the index sort key
  const ItemKey* key;
};

int row_compare(const Row& a, const Row& b) {
  if (a.index_range && b.index_range) {
    if (auto c = *a.index_range <=> *b.index_range; c != 0) return c < 0 ? -1 : 1;
  }
  auto c = *a.key <=> *b.key;
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

// Select, ProjectionExpression and the projection they imply.
struct Output {
  bool count_only = false;
  std::optional<std::vector<ddb::Path>> projection;
};

Output parse_output(const Table& t, const Source& src, const json& body, ddb::ExpressionContext& ctx) {
  Output out;
  const std::string* select = ddb::member_string(body, "Select");
  const std::string* proj = ddb::member_string(body, "ProjectionExpression");
  if (select && *select != "ALL_ATTRIBUTES" && *select != "ALL_PROJECTED_ATTRIBUTES" &&
      *select != "SPECIFIC_ATTRIBUTES" && *select != "COUNT") {
    ddb::constraint_error("'" + *select + "'", "select",
                          "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, "
                          "ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
  }
  if (proj && select && *select != "SPECIFIC_ATTRIBUTES") {
    invalid("One or more parameter values were invalid: Cannot specify the ProjectionExpression "
            "when choosing to get " + *select);
  }
  if (select && *select == "SPECIFIC_ATTRIBUTES" && !proj) {
    invalid("One or more parameter values were invalid: Must specify the ProjectionExpression "
            "when choosing to get SPECIFIC_ATTRIBUTES");
  }
  if (select && *select == "ALL_PROJECTED_ATTRIBUTES" && !src.index) {
    invalid("One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is "
            "supported only when an IndexName is specified");
  }
  if (select && *select == "ALL_ATTRIBUTES" && src.index && src.index->global &&
      src.index->projection_type != "ALL") {
    invalid("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
            "supported for global secondary index " + src.index->name +
            " because its projection type is not ALL");
  }
  (void)t;
  out.count_only = select && *select == "COUNT";
  if (proj) out.projection = ctx.parse_projection(*proj);
  return out;
}

struct PageResult {
  json items = json::array();
  std::size_t count = 0;
  std::size_t scanned = 0;
  const Row* last = nullptr;
};

// Evaluates rows in order, up to Limit rows and 1 MB, filtering and projecting.
PageResult run_page(const Table& t, const Source& src, const std::vector<Row>& rows,
                    std::size_t start, std::optional<long long> limit,
                    const std::optional<ddb::Condition>& filter, const Output& output,
                    bool select_all_attributes) {
  PageResult page;
  std::size_t bytes = 0;
  for (std::size_t i = start; i < rows.size(); ++i) {
    const Row& row = rows[i];
    const json view = src.index && !select_all_attributes ? index_view(t, *src.index, *row.item)
                                                          : *row.item;
    ++page.scanned;
    bytes += ddb::item_size(view);
    page.last = &row;
    if (!filter || ddb::evaluate(*filter, view)) {
      ++page.count;
      if (!output.count_only) {
        page.items.push_back(output.projection ? ddb::project(view, *output.projection) : view);
      }
    }
    // DynamoDB stops at Limit items evaluated or 1 MB read, and then returns the last
    // evaluated key even when nothing follows (it does not look ahead).
    if ((limit && page.scanned == static_cast<std::size_t>(*limit)) || bytes >= ddb::kMaxPageBytes) {
      return page;
    }
  }
  page.last = nullptr;  // ran to the end: no LastEvaluatedKey
  return page;
}

json last_key(const Table& t, const Source& src, const Row& row) {
  json k = key_json(t, *row.key);
  if (src.index) {
    for (const std::string* a : {&src.keys.hash, &src.keys.range}) {
      if (a->empty()) continue;
      if (auto it = row.item->find(*a); it != row.item->end()) k[*a] = *it;
    }
  }
  return k;
}

json page_response(const Table& t, const Source& src, const PageResult& page,
                   const Output& output) {
  json out = json::object();
  if (!output.count_only) out["Items"] = page.items;
  out["Count"] = page.count;
  out["ScannedCount"] = page.scanned;
  if (page.last) out["LastEvaluatedKey"] = last_key(t, src, *page.last);
  return out;
}

std::optional<long long> parse_limit(const json& body) {
  auto limit = ddb::member_int(body, "Limit");
  if (limit && *limit < 1) {
    ddb::constraint_error("'" + std::to_string(*limit) + "'", "limit",
                          "Member must have value greater than or equal to 1");
  }
  return limit;
}

// ExclusiveStartKey as a row position: the table key plus, for an index, its sort key.
struct StartKey {
  ItemKey key;
  std::optional<KeyValue> index_range;
  std::optional<KeyValue> index_hash;
};

}  // namespace

HttpResponse DynamoDbService::query(Call& call, const json& body) {
  Table& t = writable_table(call, body);
  reject_legacy(body, {"KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator"});
  const Source src = source_of(t, body);
  const auto limit = parse_limit(body);
  const bool forward = ddb::member_bool(body, "ScanIndexForward").value_or(true);

  ddb::ExpressionContext ctx(ddb::member_object(body, "ExpressionAttributeNames"),
                             ddb::member_object(body, "ExpressionAttributeValues"));
  const std::string* kce = ddb::member_string(body, "KeyConditionExpression");
  if (!kce) {
    invalid("Either the KeyConditions or KeyConditionExpression parameter must be specified in "
            "the request.");
  }
  const ddb::Condition key_cond = ctx.parse_condition(*kce, "KeyConditionExpression");

  // The key condition: "hash = :v" and at most one condition on the sort key.
  std::vector<const ddb::Condition*> parts;
  std::vector<const ddb::Condition*> stack = {&key_cond};
  while (!stack.empty()) {
    const ddb::Condition* c = stack.back();
    stack.pop_back();
    if (c->kind == ddb::Condition::Kind::kAnd) {
      stack.push_back(&c->children[1]);
      stack.push_back(&c->children[0]);
    } else if (c->kind == ddb::Condition::Kind::kOr || c->kind == ddb::Condition::Kind::kNot) {
      invalid(std::string("Invalid operator used in KeyConditionExpression: ") +
              (c->kind == ddb::Condition::Kind::kOr ? "OR" : "NOT"));
    } else {
      parts.push_back(c);
    }
  }
  if (parts.size() > 2) invalid("Conditions can be of length 1 or 2 only");
  const json* hash_value = nullptr;
  const ddb::Condition* range_cond = nullptr;
  for (const ddb::Condition* c : parts) {
    if (c->kind == ddb::Condition::Kind::kIn) {
      invalid("Invalid operator used in KeyConditionExpression: IN");
    }
    if (c->kind == ddb::Condition::Kind::kFunction && c->op != "begins_with") {
      invalid("Invalid operator used in KeyConditionExpression: " + c->op);
    }
    if (c->kind == ddb::Condition::Kind::kCompare && c->op == "<>") {
      invalid("Unsupported operator on KeyConditionExpression: operator: <>");
    }
    const ddb::Operand* attr = nullptr;
    for (const auto& o : c->operands) {
      if (o.kind == ddb::Operand::Kind::kPath && !attr) {
        attr = &o;
      } else if (o.kind != ddb::Operand::Kind::kValue) {
        invalid("Invalid KeyConditionExpression: The key condition must compare a key attribute "
                "with values");
      }
    }
    if (!attr || attr->path.size() != 1) invalid("Query key condition not supported");
    const std::string& name = attr->path[0].name;
    for (const auto& o : c->operands) {
      if (o.kind == ddb::Operand::Kind::kValue &&
          ddb::type_of(*o.value) != attribute_type(t, name)) {
        invalid("One or more parameter values were invalid: Condition parameter type does not "
                "match schema type");
      }
    }
    if (name == src.keys.hash) {
      if (hash_value) invalid("KeyConditionExpressions must only contain one condition per key");
      if (c->kind != ddb::Condition::Kind::kCompare || c->op != "=") {
        invalid("Query key condition not supported");
      }
      hash_value = c->operands[0].kind == ddb::Operand::Kind::kValue ? c->operands[0].value
                                                                     : c->operands[1].value;
    } else if (!src.keys.range.empty() && name == src.keys.range) {
      if (range_cond) invalid("KeyConditionExpressions must only contain one condition per key");
      if (c->kind == ddb::Condition::Kind::kCompare &&
          c->operands[0].kind != ddb::Operand::Kind::kPath) {
        invalid("Invalid KeyConditionExpression: The key attribute must be on the left of the "
                "comparison");
      }
      range_cond = c;
    } else if (hash_value || parts.size() == 1) {
      invalid("Query condition missed key schema element: " +
              (hash_value ? src.keys.range : src.keys.hash));
    } else {
      invalid("Query key condition not supported");
    }
  }
  if (!hash_value) invalid("Query condition missed key schema element: " + src.keys.hash);

  std::optional<ddb::Condition> filter;
  if (const std::string* f = ddb::member_string(body, "FilterExpression")) {
    filter = ctx.parse_condition(*f, "FilterExpression");
    std::set<std::string> names;
    collect_names(*filter, names);
    for (const std::string* k : {&src.keys.hash, &src.keys.range}) {
      if (!k->empty() && names.contains(*k)) {
        invalid("Filter Expression can only contain non-primary key attributes: Primary key "
                "attribute: " + *k);
      }
    }
  }
  const Output output = parse_output(t, src, body, ctx);
  ctx.check_all_used();
  const std::string* select = ddb::member_string(body, "Select");
  const bool all_attributes = !src.index || (select && *select == "ALL_ATTRIBUTES");

  // Candidate rows in key order.
  const KeyValue hv = KeyValue::from(*hash_value);
  std::vector<Row> rows;
  if (!src.index) {
    for (auto it = t.items.lower_bound(ItemKey{hv, std::nullopt});
         it != t.items.end() && it->first.hash == hv; ++it) {
      rows.push_back(Row{&it->second, std::nullopt, &it->first});
    }
  } else {
    for (const auto& [key, item] : t.items) {
      auto h = item.find(src.keys.hash);
      if (h == item.end() || ddb::type_of(*h) != std::string_view(&hv.type, 1) ||
          !(KeyValue::from(*h) == hv)) {
        continue;
      }
      std::optional<KeyValue> r;
      if (!src.keys.range.empty()) {
        auto rv = item.find(src.keys.range);
        if (rv == item.end()) continue;
        r = KeyValue::from(*rv);
      }
      rows.push_back(Row{&item, std::move(r), &key});
    }
    std::sort(rows.begin(), rows.end(),
              [](const Row& a, const Row& b) { return row_compare(a, b) < 0; });
  }
  if (range_cond) {
    std::erase_if(rows, [&](const Row& r) { return !ddb::evaluate(*range_cond, *r.item); });
  }
  if (!forward) std::reverse(rows.begin(), rows.end());

  std::size_t start = 0;
  if (const json* esk_in = ddb::member_object(body, "ExclusiveStartKey")) {
    const json esk = ddb::normalize_map(*esk_in, "ExclusiveStartKey");
    json table_part = json::object();
    for (const std::string* k : {&t.keys.hash, &t.keys.range}) {
      if (k->empty()) continue;
      if (auto it = esk.find(*k); it != esk.end()) table_part[*k] = *it;
    }
    const std::size_t expected_size = [&] {
      std::set<std::string> names = {t.keys.hash, src.keys.hash};
      if (!t.keys.range.empty()) names.insert(t.keys.range);
      if (!src.keys.range.empty()) names.insert(src.keys.range);
      return names.size();
    }();
    if (esk.size() != expected_size) {
      invalid("The provided starting key is invalid: The provided key element does not match "
              "the schema");
    }
    const ItemKey start_key = key_of_item(t, table_part, true);
    Row probe{&esk, std::nullopt, &start_key};
    if (src.index && !src.keys.range.empty()) probe.index_range = KeyValue::from(esk[src.keys.range]);
    const json& esk_hash = esk.at(src.keys.hash);
    if (!(KeyValue::from(esk_hash) == hv)) {
      invalid("The provided starting key is outside query boundaries based on provided "
              "conditions");
    }
    while (start < rows.size() &&
           (forward ? row_compare(rows[start], probe) <= 0 : row_compare(rows[start], probe) >= 0)) {
      ++start;
    }
  }
  const PageResult page = run_page(t, src, rows, start, limit, filter, output, all_attributes);
  return json_response(call, page_response(t, src, page, output));
}

HttpResponse DynamoDbService::scan(Call& call, const json& body) {
  Table& t = writable_table(call, body);
  reject_legacy(body, {"ScanFilter", "AttributesToGet", "ConditionalOperator"});
  const Source src = source_of(t, body);
  const auto limit = parse_limit(body);
  const auto segment = ddb::member_int(body, "Segment");
  const auto total = ddb::member_int(body, "TotalSegments");
  if (segment.has_value() != total.has_value()) {
    invalid("The TotalSegments parameter is required but was not present in the request when "
            "Segment parameter is present");
  }
  if (total && (*total < 1 || *total > 1000000)) {
    ddb::constraint_error("'" + std::to_string(*total) + "'", "totalSegments",
                          "Member must have value between 1 and 1000000");
  }
  if (segment && (*segment < 0 || *segment >= *total)) {
    invalid("The Segment parameter is zero-based and must be less than parameter TotalSegments: "
            "Segment: " + std::to_string(*segment) + " is not less than TotalSegments: " +
            std::to_string(*total));
  }

  ddb::ExpressionContext ctx(ddb::member_object(body, "ExpressionAttributeNames"),
                             ddb::member_object(body, "ExpressionAttributeValues"));
  std::optional<ddb::Condition> filter;
  if (const std::string* f = ddb::member_string(body, "FilterExpression")) {
    filter = ctx.parse_condition(*f, "FilterExpression");
  }
  const Output output = parse_output(t, src, body, ctx);
  check_placeholders_need_expression(
      body, filter.has_value() || output.projection.has_value(), "FilterExpression");
  ctx.check_all_used();
  const std::string* select = ddb::member_string(body, "Select");
  const bool all_attributes = !src.index || (select && *select == "ALL_ATTRIBUTES");

  std::vector<Row> rows;
  for (const auto& [key, item] : t.items) {
    if (src.index) {
      if (!item.contains(src.keys.hash)) continue;
      if (!src.keys.range.empty() && !item.contains(src.keys.range)) continue;
    }
    // Parallel scans split the table by partition key.
    if (total && fnv1a(key.hash.bytes) % static_cast<std::uint64_t>(*total) !=
                     static_cast<std::uint64_t>(*segment)) {
      continue;
    }
    rows.push_back(Row{&item, std::nullopt, &key});
  }
  std::size_t start = 0;
  if (const json* esk_in = ddb::member_object(body, "ExclusiveStartKey")) {
    const json esk = ddb::normalize_map(*esk_in, "ExclusiveStartKey");
    json table_part = json::object();
    for (const std::string* k : {&t.keys.hash, &t.keys.range}) {
      if (k->empty()) continue;
      if (auto it = esk.find(*k); it != esk.end()) table_part[*k] = *it;
    }
    const ItemKey start_key = key_of_item(t, table_part, true);
    while (start < rows.size() && *rows[start].key <= start_key) ++start;
  }
  const PageResult page = run_page(t, src, rows, start, limit, filter, output, all_attributes);
  return json_response(call, page_response(t, src, page, output));
}

}  // namespace drh::fake
