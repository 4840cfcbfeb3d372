// Canary writes and reads (see canary.h).
#include "canary.h"

#include <algorithm>

namespace drh::drill::support {

bool not_found(const Error& e) {
  return e.http_status == 404 || e.code == "ResourceNotFoundException" ||
         e.code == "NoSuchBucket" || e.code == "NotFound" || e.code == "NoSuchKey";
}

std::vector<std::string> CanaryTarget::stores() const {
  std::vector<std::string> out;
  if (has_table) out.push_back("table " + table);
  if (has_bucket) out.push_back("bucket " + bucket);
  return out;
}

std::vector<std::string> CanaryTarget::touched() const {
  std::vector<std::string> out;
  if (has_table) {
    out.push_back(table);
    if (secondary_table != table) out.push_back(secondary_table);
  }
  if (has_bucket) {
    out.push_back(bucket);
    out.push_back(secondary_bucket);
  }
  return out;
}

json CanaryTarget::undo_params(int max, Duration settle, Duration poll) const {
  json j = to_json();
  j["max_canaries"] = max;
  j["settle_seconds"] = whole_seconds(settle);
  j["poll_seconds"] = secs(poll);
  return j;
}

Status CanaryRun::write(bool during_pause) {
  const int n = next++;
  const TimePoint at = clock->now();
  const std::string stamp = format_iso8601(at);
  if (target.has_table) {
    aws::PutItemRequest req;
    req.TableName = target.table;
    req.Item = target.item_key(n);
    req.Item["drh_drill"] = aws::AttributeValue::S("drill canary " + std::to_string(n));
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
        "drh drill canary " + std::to_string(n) + " written at " + stamp + "\n";
    req.ContentType = "text/plain";
    auto put = s3->PutObject(target.bucket_region, req);
    if (!put) return put.error();
    writes.push_back({false, n, at, during_pause, false});
  }
  return Ok{};
}

Result<bool> CanaryRun::arrived(const CanaryWrite& w) {
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

Result<std::vector<const CanaryWrite*>> CanaryRun::missing() {
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

std::string CanaryRun::where(const CanaryWrite& w) const {
  return w.table
             ? "table " + target.secondary_table + " (" + target.secondary_table_region + ")"
             : "bucket " + target.secondary_bucket + " (" + target.secondary_bucket_region + ")";
}

std::string CanaryRun::describe_missing(const std::vector<const CanaryWrite*>& m) const {
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

Result<CanaryTarget> canary_target(const fixtures::Deployment& d, aws::DynamoDbClient& ddb,
                                   aws::S3Client& s3, TimePoint now) {
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
  if (!t.has_table && !t.has_bucket) return t;
  t.start_ms = epoch_ms(now);
  t.prefix = std::string(kCanaryRoot) + "/" + std::to_string(t.start_ms);

  if (t.has_table) {
    t.table = d.primary_table_name;
    t.secondary_table = d.secondary_table_name.empty() ? t.table : d.secondary_table_name;
    t.table_region = d.primary_region;
    t.secondary_table_region = d.secondary_region;
    auto desc = ddb.DescribeTable(t.table_region, {.TableName = t.table});
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
          s3.GetBucketLocation(fallback.empty() ? "us-east-1" : fallback, {.Bucket = bucket});
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
  return t;
}

}  // namespace drh::drill::support
