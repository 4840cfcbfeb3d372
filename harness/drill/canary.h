// Canary writes for the drills that measure replication and data loss (replication,
// regional-failover): marker items in the DynamoDB global table and objects in the
// replicated S3 bucket, named drh-drill-canary/<start ms>/<n>, written in the primary and
// looked for in the secondary. The undo that deletes them is undo_replication_canaries.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "drh/aws/dynamodb.h"
#include "drh/aws/s3.h"
#include "drh/core/clock.h"
#include "drh/core/result.h"
#include "drh/fixtures/outputs.h"
#include "drill_support.h"

namespace drh::drill::support {

constexpr const char* kCanaryRoot = "drh-drill-canary";

inline double secs(Duration d) { return std::chrono::duration<double>(d).count(); }

inline long long epoch_ms(TimePoint t) {
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

  /// "table t", "bucket b": where the canaries are written.
  std::vector<std::string> stores() const;
  /// Every table and bucket the canaries write to or arrive in (the guard rail's scope).
  std::vector<std::string> touched() const;
  /// The params of the cleanup undo (undo_replication_canaries): canaries 0..max-1, waiting
  /// up to `settle` (polling every `poll`) for replication before deleting them.
  json undo_params(int max, Duration settle, Duration poll) const;

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

/// Whether `e` says the table, bucket, key or item is not there.
bool not_found(const Error& e);

/// One canary write to one store.
struct CanaryWrite {
  bool table = false;  ///< an item (else an object)
  int n = 0;
  TimePoint at{};
  bool during_pause = false;
  bool seen = false;
};

/// What the steps of one drill share while it runs.
struct CanaryRun {
  CanaryTarget target;
  std::shared_ptr<aws::DynamoDbClient> ddb;
  std::shared_ptr<aws::S3Client> s3;
  Clock* clock = nullptr;
  std::vector<CanaryWrite> writes;
  int next = 0;
  // The replication drill's pause: the faults it injected and when it paused and resumed.
  std::vector<std::string> fault_ids;
  std::vector<json> fault_specs;
  TimePoint pause_started{}, resumed{};

  /// Writes canary `next` to the table and the bucket.
  Status write(bool during_pause);

  /// Whether `w` is readable in the secondary now; an error when the secondary table or bucket is
  /// not there at all (replication can never deliver).
  Result<bool> arrived(const CanaryWrite& w);

  /// Reads every canary not yet seen; the ones still missing.
  Result<std::vector<const CanaryWrite*>> missing();

  /// "table t (us-east-2)" or "bucket b (us-east-2)": where `w` must arrive.
  std::string where(const CanaryWrite& w) const;

  /// "3 of 12 canary writes not yet in the secondary: drh-drill-canary/../1 in table t ..."
  std::string describe_missing(const std::vector<const CanaryWrite*>& m) const;
};

/// Where `d`'s canaries go: its global table (key schema from DescribeTable) and its
/// replicated buckets (regions from GetBucketLocation), either may be absent
/// (has_table/has_bucket false); prefix drh-drill-canary/<now in ms>.
Result<CanaryTarget> canary_target(const fixtures::Deployment& d, aws::DynamoDbClient& ddb,
                                   aws::S3Client& s3, TimePoint now);

}  // namespace drh::drill::support
