// The replication drill: canary writes to the DynamoDB global table and the replicated S3 bucket
// while replication is paused; the backlog and RPO at the end of the pause and the time replication
// takes to catch up once it resumes.
#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "drh/aws/dynamodb.h"
#include "drh/aws/s3.h"
#include "drh/client/connection.h"
#include "drh/drill/drill.h"
#include "drill_support.h"

namespace drh::drill {

using namespace support;

namespace {

constexpr const char* kCanaryRoot = "drh-drill-canary";

double secs(Duration d) { return std::chrono::duration<double>(d).count(); }

long long epoch_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

/// Where the canaries go: the table and/or the buckets, and how to name a canary.
struct CanaryTarget {
  std::string prefix;  ///< drh-drill-canary/<start epoch ms>
  long long start_ms = 0;

  bool has_table = false;
  std::string table, secondary_table, table_region, secondary_table_region;
  std::string hash_name, hash_type;
  std::string range_name, range_type;  // range_name "" for none

  bool has_bucket = false;
  std::string bucket, secondary_bucket, bucket_region, secondary_bucket_region;

  std::string key(int n) const { return prefix + "/" + std::to_string(n); }

  static aws::AttributeValue value(const std::string& type, const std::string& text,
                                   const std::string& number) {
    if (type == "N") return aws::AttributeValue::N(number);
    if (type == "B") return aws::AttributeValue::B(text);
    return aws::AttributeValue::S(text);
  }
  /// The item key of canary `n` in the table's own key schema: S and B keys carry
  /// "drh-drill-canary/<ms>/<n>", N keys <ms> * 1000 + n; a range key "drh-drill-canary" or 0.
  aws::AttributeMap item_key(int n) const {
    aws::AttributeMap k;
    k[hash_name] = value(hash_type, key(n), std::to_string(start_ms * 1000 + n));
    if (!range_name.empty()) k[range_name] = value(range_type, kCanaryRoot, "0");
    return k;
  }

  json to_json() const {
    json j = {{"prefix", prefix}, {"start_ms", start_ms}};
    if (has_table) {
      j["table"] = table;
      j["secondary_table"] = secondary_table;
      j["table_region"] = table_region;
      j["secondary_table_region"] = secondary_table_region;
      j["hash"] = {{"name", hash_name}, {"type", hash_type}};
      if (!range_name.empty()) j["range"] = {{"name", range_name}, {"type", range_type}};
    }
    if (has_bucket) {
      j["bucket"] = bucket;
      j["bucket_region"] = bucket_region;
      j["secondary_bucket"] = secondary_bucket;
      j["secondary_bucket_region"] = secondary_bucket_region;
    }
    return j;
  }

  static Result<CanaryTarget> from_json(const json& j) {
    CanaryTarget t;
    t.prefix = j.value("prefix", "");
    if (t.prefix.rfind(std::string(kCanaryRoot) + "/", 0) != 0) {
      return invalid_input("undo params: the canary prefix '" + t.prefix + "' is not under " +
                           kCanaryRoot + "/");
    }
    t.start_ms = j.value("start_ms", 0LL);
    if (j.contains("table")) {
      t.has_table = true;
      t.table = j.value("table", "");
      t.secondary_table = j.value("secondary_table", t.table);
      t.table_region = j.value("table_region", "");
      t.secondary_table_region = j.value("secondary_table_region", "");
      if (!j.contains("hash") || !j["hash"].is_object())
        return invalid_input("undo params lack the table's hash key");
      t.hash_name = j["hash"].value("name", "");
      t.hash_type = j["hash"].value("type", "S");
      if (j.contains("range") && j["range"].is_object()) {
        t.range_name = j["range"].value("name", "");
        t.range_type = j["range"].value("type", "S");
      }
    }
    if (j.contains("bucket")) {
      t.has_bucket = true;
      t.bucket = j.value("bucket", "");
      t.bucket_region = j.value("bucket_region", "");
      t.secondary_bucket = j.value("secondary_bucket", "");
      t.secondary_bucket_region = j.value("secondary_bucket_region", "");
    }
    return t;
  }

  /// "table t (us-east-2) and bucket b (us-east-2)": where the canaries must arrive.
  std::string secondaries() const {
    std::vector<std::string> parts;
    if (has_table)
      parts.push_back("table " + secondary_table + " (" + secondary_table_region + ")");
    if (has_bucket)
      parts.push_back("bucket " + secondary_bucket + " (" + secondary_bucket_region + ")");
    return join(parts, " and ");
  }
};

bool not_found(const Error& e) {
  return e.http_status == 404 || e.code == "ResourceNotFoundException" ||
         e.code == "NoSuchBucket" || e.code == "NotFound" || e.code == "NoSuchKey";
}

/// One canary write to one store.
struct CanaryWrite {
  bool table = false;  ///< an item (else an object)
  int n = 0;
  TimePoint at{};
  bool during_pause = false;
  bool seen = false;
};

/// What the steps of one drill share while it runs.
struct Run {
  CanaryTarget target;
  std::shared_ptr<aws::DynamoDbClient> ddb;
  std::shared_ptr<aws::S3Client> s3;
  Clock* clock = nullptr;
  std::vector<CanaryWrite> writes;
  int next = 0;
  std::vector<std::string> fault_ids;
  std::vector<json> fault_specs;
  TimePoint pause_started{}, resumed{};

  /// Writes canary `next` to the table and the bucket.
  Status write(bool during_pause) {
    const int n = next++;
    const TimePoint at = clock->now();
    const std::string stamp = format_iso8601(at);
    if (target.has_table) {
      aws::PutItemRequest req;
      req.TableName = target.table;
      req.Item = target.item_key(n);
      req.Item["drh_drill"] = aws::AttributeValue::S("replication canary " + std::to_string(n));
      req.Item["written_at"] = aws::AttributeValue::S(stamp);
      auto put = ddb->PutItem(target.table_region, req);
      if (!put) return put.error();
      writes.push_back({true, n, at, during_pause, false});
    }
    if (target.has_bucket) {
      aws::PutObjectRequest req;
      req.Bucket = target.bucket;
      req.Key = target.key(n);
      req.Body =
          "drh replication drill canary " + std::to_string(n) + " written at " + stamp + "\n";
      req.ContentType = "text/plain";
      auto put = s3->PutObject(target.bucket_region, req);
      if (!put) return put.error();
      writes.push_back({false, n, at, during_pause, false});
    }
    return Ok{};
  }

  /// Whether `w` is readable in the secondary now; an error when the secondary table or bucket is
  /// not there at all (replication can never deliver).
  Result<bool> arrived(const CanaryWrite& w) {
    if (w.table) {
      aws::GetItemRequest req;
      req.TableName = target.secondary_table;
      req.Key = target.item_key(w.n);
      auto got = ddb->GetItem(target.secondary_table_region, req);
      if (!got) {
        Error e = got.error();
        e.message = "reading canary " + target.key(w.n) + " from table " + target.secondary_table +
                    " in " + target.secondary_table_region + ": " + e.message;
        return e;
      }
      return got->Item.has_value();
    }
    aws::HeadObjectRequest req;
    req.Bucket = target.secondary_bucket;
    req.Key = target.key(w.n);
    auto head = s3->HeadObject(target.secondary_bucket_region, req);
    if (head) return !head->DeleteMarker.value_or(false);
    if (head.error().http_status == 404) {
      // HeadObject has no body to tell a missing key from a missing bucket.
      auto b = s3->HeadBucket(target.secondary_bucket_region, {.Bucket = target.secondary_bucket});
      if (!b) {
        Error e = b.error();
        e.message = "bucket " + target.secondary_bucket + " in " + target.secondary_bucket_region +
                    " is not there: " + e.message;
        return e;
      }
      return false;
    }
    Error e = head.error();
    e.message = "reading canary " + target.key(w.n) + " from bucket " + target.secondary_bucket +
                " in " + target.secondary_bucket_region + ": " + e.message;
    return e;
  }

  /// Reads every canary not yet seen; the ones still missing.
  Result<std::vector<const CanaryWrite*>> missing() {
    std::vector<const CanaryWrite*> out;
    for (auto& w : writes) {
      if (w.seen) continue;
      auto a = arrived(w);
      if (!a) return a.error();
      w.seen = *a;
      if (!w.seen) out.push_back(&w);
    }
    return out;
  }

  std::string where(const CanaryWrite& w) const {
    return w.table
               ? "table " + target.secondary_table + " (" + target.secondary_table_region + ")"
               : "bucket " + target.secondary_bucket + " (" + target.secondary_bucket_region + ")";
  }

  /// "3 of 12 canary writes not yet in the secondary: drh-drill-canary/../1 in table t ..."
  std::string describe_missing(const std::vector<const CanaryWrite*>& m) const {
    std::string s = std::to_string(m.size()) + " of " + std::to_string(writes.size()) +
                    " canary write(s) not yet in the secondary";
    if (m.empty()) return s;
    s += ", oldest " + target.key(m.front()->n) + " in " + where(*m.front());
    std::vector<std::string> stores;
    for (const auto* w : m) {
      std::string x = where(*w);
      if (std::find(stores.begin(), stores.end(), x) == stores.end()) stores.push_back(x);
    }
    return s + " (missing from " + join(stores) + ")";
  }
};

int max_canaries(const BuiltinOptions& o) {
  const double per = std::max(secs(o.canary_interval), 0.001);
  return 3 + static_cast<int>(std::ceil(secs(o.pause) / per));
}

}  // namespace

// ------------------------------------------------------------------ undos

Status support::undo_replication_fault(UndoEnv& env, std::string_view text) {
  auto params = parse_params(text, {});
  if (!params) return params.error();
  const json& p = *params;
  if (!p.contains("fault_ids") || !p["fault_ids"].is_array() || p["fault_ids"].empty()) {
    return Ok{};  // the action never injected one (or died before saying which)
  }
  if (!env.faults) {
    return invalid_input("the " + std::string(kReplicationFaultKind) +
                         " undo needs a fault control to remove " + p["fault_ids"].dump());
  }
  for (const auto& id : p["fault_ids"]) {
    if (!id.is_string()) continue;
    if (auto removed = env.faults->remove(id.get<std::string>()); !removed) return removed;
  }
  return Ok{};
}

Status support::undo_replication_canaries(UndoEnv& env, std::string_view text) {
  auto params = parse_params(text, {"prefix"});
  if (!params) return params.error();
  if (!env.connection) {
    return invalid_input("the " + std::string(kCanariesKind) + " undo needs a connection");
  }
  const json& p = *params;
  auto target = CanaryTarget::from_json(p);
  if (!target) return target.error();
  const CanaryTarget& t = *target;
  const int max = p.value("max_canaries", 0);
  const Duration settle = from_seconds(p, "settle_seconds", std::chrono::minutes(15));
  const Duration poll = from_seconds(p, "poll_seconds", std::chrono::seconds(1));
  aws::DynamoDbClient ddb(*env.connection);
  aws::S3Client s3(*env.connection);

  // The canary items present in one table copy; ResourceNotFound: none (no such table).
  auto items_in = [&](const std::string& table, const std::string& region,
                      bool* absent = nullptr) -> Result<std::vector<int>> {
    std::vector<int> out;
    for (int n = 0; n < max; ++n) {
      auto got = ddb.GetItem(region, {.TableName = table,
                                      .Key = t.item_key(n),
                                      .ConsistentRead = true,
                                      .ProjectionExpression = {},
                                      .ExpressionAttributeNames = {}});
      if (!got) {
        if (!not_found(got.error())) return got.error();
        if (absent) *absent = true;
        return out;
      }
      if (got->Item) out.push_back(n);
    }
    return out;
  };
  // Every version and delete marker under the prefix (NoSuchBucket: none).
  auto versions_in = [&](const std::string& bucket, const std::string& region,
                         bool* absent =
                             nullptr) -> Result<std::vector<std::pair<std::string, std::string>>> {
    std::vector<std::pair<std::string, std::string>> out;
    auto v = s3.ListObjectVersionsAll(region, {.Bucket = bucket, .Prefix = t.prefix + "/"});
    if (!v) {
      if (!not_found(v.error())) return v.error();
      if (absent) *absent = true;
      return out;
    }
    for (const auto& x : v->Versions) out.emplace_back(x.Key, x.VersionId);
    for (const auto& x : v->DeleteMarkers) out.emplace_back(x.Key, x.VersionId);
    return out;
  };

  // 1. Let replication carry what is in flight, so that nothing lands after the deletes.
  //    A secondary that cannot be read, or that does not catch up in time, is not waited for.
  (void)wait_for(env.clock, settle, poll, "canaries replicated", [&]() -> Result<Probe> {
    Probe pr;
    pr.done = true;
    // A secondary that cannot be read, or is gone, receives nothing: it is
    // not waited for.
    if (t.has_table) {
      bool absent = false;
      auto a = items_in(t.table, t.table_region);
      auto b = items_in(t.secondary_table, t.secondary_table_region, &absent);
      if (a && b && !absent) {
        for (int n : *a) {
          if (std::find(b->begin(), b->end(), n) == b->end()) pr.done = false;
        }
      }
    }
    if (t.has_bucket) {
      bool absent = false;
      auto a = versions_in(t.bucket, t.bucket_region);
      auto b = versions_in(t.secondary_bucket, t.secondary_bucket_region, &absent);
      if (a && b && !absent) {
        for (const auto& v : *a) {
          if (std::find(b->begin(), b->end(), v) == b->end()) pr.done = false;
        }
      }
    }
    return pr;
  });

  // 2. Delete every canary in both regions until none is left.
  auto sweep = [&]() -> Result<Probe> {
    Probe pr;
    int left = 0;
    std::vector<std::string> where;
    if (t.has_table) {
      for (const auto& [table, region] : {std::pair{t.table, t.table_region},
                                          std::pair{t.secondary_table, t.secondary_table_region}}) {
        auto items = items_in(table, region);
        if (!items) return items.error();
        for (int n : *items) {
          auto del = ddb.DeleteItem(region, {.TableName = table, .Key = t.item_key(n)});
          if (!del && !not_found(del.error())) return del.error();
        }
        if (!items->empty()) where.push_back("table " + table + " (" + region + ")");
        left += static_cast<int>(items->size());
      }
    }
    if (t.has_bucket) {
      for (const auto& [bucket, region] :
           {std::pair{t.bucket, t.bucket_region},
            std::pair{t.secondary_bucket, t.secondary_bucket_region}}) {
        auto versions = versions_in(bucket, region);
        if (!versions) return versions.error();
        for (const auto& [key, version] : *versions) {
          auto del = s3.DeleteObject(region, {.Bucket = bucket, .Key = key, .VersionId = version});
          if (!del && !not_found(del.error())) return del.error();
        }
        if (!versions->empty()) where.push_back("bucket " + bucket + " (" + region + ")");
        left += static_cast<int>(versions->size());
      }
    }
    pr.done = left == 0;
    pr.message = std::to_string(left) + " canary item(s)/version(s) under " + t.prefix +
                 " deleted just now" + (where.empty() ? "" : " from " + join(where));
    return pr;
  };
  return wait_for(env.clock, settle, poll, "every canary under " + t.prefix + " gone", sweep);
}

// ------------------------------------------------------------------ replication

Result<Drill> replication_drill(const fixtures::Deployment& d, AwsConnection& connection,
                                const BuiltinOptions& options) {
  auto bucket_name = [](const std::string& name, const std::string& arn) {
    if (!name.empty()) return name;
    const std::string pre = "arn:aws:s3:::";
    return arn.rfind(pre, 0) == 0 ? arn.substr(pre.size()) : std::string();
  };
  CanaryTarget t;
  t.has_table =
      !d.primary_table_name.empty() && !d.primary_region.empty() && !d.secondary_region.empty();
  t.bucket = bucket_name(d.primary_bucket_name, d.primary_bucket_arn);
  t.secondary_bucket = bucket_name(d.secondary_bucket_name, d.secondary_bucket_arn);
  t.has_bucket = !t.bucket.empty() && !t.secondary_bucket.empty();
  if (!t.has_table && !t.has_bucket) {
    std::vector<std::string> missing;
    if (d.primary_table_name.empty()) missing.push_back("TableName");
    if (d.primary_region.empty()) missing.push_back("PrimaryRegion");
    if (d.secondary_region.empty()) missing.push_back("SecondaryRegion");
    std::vector<std::string> buckets;
    if (t.bucket.empty()) buckets.push_back("PrimaryBucketName");
    if (t.secondary_bucket.empty()) buckets.push_back("SecondaryBucketName");
    return invalid_input("the replication drill needs a DynamoDB global table (" + join(missing) +
                         ") or replicated S3 buckets (" + join(buckets) +
                         ") in the deployment's outputs");
  }
  auto run = std::make_shared<Run>();
  run->ddb = std::make_shared<aws::DynamoDbClient>(connection);
  run->s3 = std::make_shared<aws::S3Client>(connection);
  run->clock = &connection.clock();
  t.start_ms = epoch_ms(connection.clock().now());
  t.prefix = std::string(kCanaryRoot) + "/" + std::to_string(t.start_ms);

  if (t.has_table) {
    t.table = d.primary_table_name;
    t.secondary_table = d.secondary_table_name.empty() ? t.table : d.secondary_table_name;
    t.table_region = d.primary_region;
    t.secondary_table_region = d.secondary_region;
    auto desc = run->ddb->DescribeTable(t.table_region, {.TableName = t.table});
    if (!desc) return desc.error();
    const auto& table = desc->Table;
    for (const auto& k : table.KeySchema) {
      std::string type = "S";
      for (const auto& a : table.AttributeDefinitions) {
        if (a.AttributeName == k.AttributeName) type = a.AttributeType;
      }
      if (k.KeyType == "HASH") {
        t.hash_name = k.AttributeName;
        t.hash_type = type;
      } else if (k.KeyType == "RANGE") {
        t.range_name = k.AttributeName;
        t.range_type = type;
      }
    }
    if (t.hash_name.empty()) {
      return invalid_input("table " + t.table + " in " + t.table_region + " has no hash key");
    }
  }
  if (t.has_bucket) {
    auto region_of = [&](const std::string& bucket, const std::string& fallback) {
      auto loc =
          run->s3->GetBucketLocation(fallback.empty() ? "us-east-1" : fallback, {.Bucket = bucket});
      if (!loc) return fallback;
      if (loc->LocationConstraint.empty()) return std::string("us-east-1");
      if (loc->LocationConstraint == "EU") return std::string("eu-west-1");
      return loc->LocationConstraint;
    };
    t.bucket_region = region_of(t.bucket, d.primary_region);
    t.secondary_bucket_region = region_of(t.secondary_bucket, d.secondary_region);
    if (t.bucket_region.empty() || t.secondary_bucket_region.empty()) {
      return invalid_input("the regions of buckets " + t.bucket + " and " + t.secondary_bucket +
                           " are unknown: add PrimaryRegion and SecondaryRegion to the outputs");
    }
  }
  run->target = t;

  std::vector<std::string> stores, touched;
  if (t.has_table) {
    stores.push_back("table " + t.table);
    touched.push_back(t.table);
    if (t.secondary_table != t.table) touched.push_back(t.secondary_table);
  }
  if (t.has_bucket) {
    stores.push_back("bucket " + t.bucket);
    touched.push_back(t.bucket);
    touched.push_back(t.secondary_bucket);
  }
  const std::string secondaries = t.secondaries();
  const bool pausing = options.faults != nullptr;
  const int max = max_canaries(options);

  Drill drill;
  drill.name = "replication";

  // 1. Replication works: a canary reaches the secondary. Its undo deletes every canary.
  Step pre;
  pre.name = "a canary written to " + join(stores, " and ") + " reaches " + secondaries;
  pre.kind = kCanariesKind;
  json canaries = t.to_json();
  canaries["max_canaries"] = max;
  canaries["settle_seconds"] = whole_seconds(options.deadline);
  canaries["poll_seconds"] = secs(options.canary_poll_interval);
  pre.params = canaries.dump();
  pre.deadline = options.deadline;
  pre.poll_interval = options.canary_poll_interval;
  if (t.has_table) {
    pre.plan.push_back("dynamodb:PutItem " + t.table_region + " TableName=" + t.table + " " +
                       t.hash_name + "=" + t.key(0) + " (canary 0)");
  }
  if (t.has_bucket) {
    pre.plan.push_back("s3:PutObject " + t.bucket_region + " Bucket=" + t.bucket +
                       " Key=" + t.key(0));
  }
  pre.plan.push_back("poll " +
                     std::string(t.has_table ? "dynamodb:GetItem " + t.secondary_table_region +
                                                   " TableName=" + t.secondary_table + " "
                                             : "") +
                     (t.has_bucket ? "s3:HeadObject " + t.secondary_bucket_region +
                                         " Bucket=" + t.secondary_bucket + " "
                                   : "") +
                     "until canary 0 is there");
  pre.plan.push_back("undo: wait for replication to settle, then dynamodb:DeleteItem " + t.prefix +
                     "/0.." + std::to_string(max - 1) +
                     " in both regions and s3:DeleteObject VersionId=<each version " +
                     "and delete marker> under " + t.prefix + "/ in both buckets");
  pre.touches = touched;
  pre.action = [run]() -> Status { return run->write(false); };
  pre.verify = [run]() -> Result<Probe> {
    auto m = run->missing();
    if (!m) return m.error();
    Probe p;
    p.done = m->empty();
    const auto& first = run->writes.front();
    const double lag = secs(run->clock->now() - first.at);
    p.message = p.done ? "canary " + run->target.key(0) + " replicated to " +
                             run->target.secondaries() + " within " + std::to_string(lag) + " s"
                       : run->describe_missing(*m);
    if (p.done) p.metrics["replication_seconds"] = lag;
    return p;
  };
  drill.steps.push_back(std::move(pre));

  // 2. Canaries during a pause (or in steady state): the backlog at its end.
  Step pause;
  pause.deadline = options.pause + 2 * options.canary_interval;
  pause.poll_interval = options.canary_interval;
  const std::string every = std::to_string(whole_seconds(options.canary_interval)) + " s";
  const std::string span = std::to_string(whole_seconds(options.pause)) + " s";
  std::vector<std::string> writes_plan;
  if (t.has_table)
    writes_plan.push_back("dynamodb:PutItem " + t.table_region + " TableName=" + t.table);
  if (t.has_bucket)
    writes_plan.push_back("s3:PutObject " + t.bucket_region + " Bucket=" + t.bucket);
  if (pausing) {
    std::vector<std::string> services;
    if (t.has_table) services.push_back("dynamodb");
    if (t.has_bucket) services.push_back("s3");
    pause.name = "pause replication " + d.primary_region + " -> " + d.secondary_region + " (" +
                 join(services) + ") for " + span + " with a canary every " + every;
    pause.kind = kReplicationFaultKind;
    std::vector<json> specs;
    if (t.has_table) {
      specs.push_back({{"kind", "replication-pause"},
                       {"service", "dynamodb"},
                       {"region", t.table_region},
                       {"peer_region", t.secondary_table_region}});
    }
    if (t.has_bucket) {
      specs.push_back({{"kind", "replication-pause"},
                       {"service", "s3"},
                       {"region", t.bucket_region},
                       {"peer_region", t.secondary_bucket_region}});
    }
    // A safety net: were the drill and its undo both lost, the fault still ends by itself.
    for (auto& s : specs) {
      s["duration_seconds"] = whole_seconds(options.pause + options.deadline);
    }
    run->fault_specs = specs;
    pause.params = json{{"faults", specs}, {"fault_ids", json::array()}}.dump();
    for (const auto& s : specs) {
      pause.plan.push_back("fault: inject " + s.dump() + " into " + options.faults->where());
    }
    pause.plan.push_back("every " + every + " for " + span + ": " + join(writes_plan, ", "));
    pause.plan.push_back("then dynamodb:GetItem/s3:HeadObject each canary in " + secondaries +
                         ": the backlog");
    pause.plan.push_back("undo: remove the fault(s) from " + options.faults->where());
    pause.touches = touched;
    FaultControl* faults = options.faults;
    pause.action = [run, faults]() -> Status {
      for (const auto& s : run->fault_specs) {
        auto id = faults->inject(s.dump());
        if (!id) return id.error();
        run->fault_ids.push_back(*id);
      }
      run->pause_started = run->clock->now();
      return Ok{};
    };
    pause.updated_params = [run]() -> std::string {
      return json{{"faults", run->fault_specs}, {"fault_ids", run->fault_ids}}.dump();
    };
  } else {
    pause.name = "steady state, no fault control to pause replication: a canary every " + every +
                 " for " + span;
    pause.plan.push_back("every " + every + " for " + span + ": " + join(writes_plan, ", "));
    pause.plan.push_back("then dynamodb:GetItem/s3:HeadObject each canary in " + secondaries +
                         ": the backlog");
    pause.action = [run]() -> Status {
      run->pause_started = run->clock->now();
      return Ok{};
    };
  }
  pause.verify = [run, span, pausing, options]() -> Result<Probe> {
    const TimePoint now = run->clock->now();
    Probe p;
    int written = 0;
    for (const auto& w : run->writes) written += w.during_pause ? 1 : 0;
    if (now - run->pause_started < options.pause) {
      if (auto w = run->write(true); !w) return w.error();
      p.message = std::to_string(written + (run->target.has_table ? 1 : 0) +
                                 (run->target.has_bucket ? 1 : 0)) +
                  " canary write(s) so far";
      return p;
    }
    auto m = run->missing();
    if (!m) return m.error();
    int backlog = 0;
    std::optional<TimePoint> oldest;
    for (const auto* w : *m) {
      ++backlog;
      if (!oldest || w->at < *oldest) oldest = w->at;
    }
    const double rpo = oldest ? secs(now - *oldest) : 0.0;
    p.done = true;
    p.metrics["backlog_writes"] = backlog;
    p.metrics["rpo_seconds"] = rpo;
    p.metrics["rpo_lost_writes"] = backlog;
    p.metrics["pause_writes"] = written;
    p.message = std::string(pausing ? "after " + span + " paused" : "steady state after " + span) +
                ": " + std::to_string(backlog) + " of " + std::to_string(written) +
                " canary write(s) not in the secondary, the oldest " + std::to_string(rpo) +
                " s old: losing the primary now would lose them (RPO " + std::to_string(rpo) +
                " s)" + (pausing ? "" : "; replication was not paused (no fault control)");
    return p;
  };
  drill.steps.push_back(std::move(pause));

  // 3. Replication resumes and catches up.
  Step catchup;
  catchup.name =
      std::string(pausing ? "resume replication; " : "") + "every canary reaches " + secondaries;
  catchup.phase = "catch-up";
  catchup.deadline = options.deadline;
  catchup.poll_interval = options.canary_poll_interval;
  if (pausing) {
    catchup.plan.push_back("fault: remove the replication-pause fault(s) from " +
                           options.faults->where());
    FaultControl* faults = options.faults;
    catchup.action = [run, faults]() -> Status {
      for (const auto& id : run->fault_ids) {
        if (auto r = faults->remove(id); !r) return r;
      }
      run->resumed = run->clock->now();
      return Ok{};
    };
    catchup.touches = touched;
  } else {
    catchup.action = [run]() -> Status {
      run->resumed = run->clock->now();
      return Ok{};
    };
  }
  catchup.plan.push_back("poll dynamodb:GetItem/s3:HeadObject each canary in " + secondaries +
                         " until every one is there");
  catchup.verify = [run]() -> Result<Probe> {
    auto m = run->missing();
    if (!m) return m.error();
    Probe p;
    p.done = m->empty();
    const double took = secs(run->clock->now() - run->resumed);
    if (!p.done) {
      p.message = run->describe_missing(*m);
      return p;
    }
    p.message = "all " + std::to_string(run->writes.size()) + " canary write(s) in " +
                run->target.secondaries() + " " + std::to_string(took) + " s after resuming";
    p.metrics["catch_up_seconds"] = took;
    p.metrics["canary_writes"] = static_cast<double>(run->writes.size());
    return p;
  };
  drill.steps.push_back(std::move(catchup));
  return drill;
}

}  // namespace drh::drill
