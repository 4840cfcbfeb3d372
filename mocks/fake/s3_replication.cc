// S3 replication over time: rule selection as S3 does it, per-destination queues delivered
// after the modelled latency while the fault book allows the pair, x-amz-replication-status
// PENDING -> COMPLETED / FAILED on the source and REPLICA on the copy, and the AWS/S3
// replication metrics of rules that enable them.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "cloudwatch_service.h"
#include "drh/protocol/xml.h"
#include "s3_service.h"
#include "state_codec.h"

namespace drh::fake {

using namespace s3;
using json = nlohmann::json;

namespace {


bool enabled(const tree::Node* n) { return n != nullptr && n->value("Status") == "Enabled"; }

bool has_tag(const Version& v, const tree::Node& tag) {
  auto it = v.tags.find(std::string(tag.value("Key")));
  return it != v.tags.end() && it->second == tag.value("Value");
}

// Whether a rule's filter selects `key` (V2 Filter: Prefix, Tag or And; V1: Prefix).
bool filter_matches(const tree::Node& rule, const std::string& key, const Version& v) {
  const tree::Node* filter = rule.child("Filter");
  if (filter == nullptr) return key.starts_with(rule.value("Prefix"));
  if (auto p = filter->text_of("Prefix")) return key.starts_with(*p);
  if (const tree::Node* tag = filter->child("Tag")) return has_tag(v, *tag);
  if (const tree::Node* all = filter->child("And")) {
    if (!key.starts_with(all->value("Prefix"))) return false;
    for (const tree::Node* tag : all->all("Tag")) {
      if (!has_tag(v, *tag)) return false;
    }
    return true;
  }
  return true;  // an empty <Filter/> selects every object
}

std::string link_name(const LinkKey& l) {
  return "s3 replication " + l.first + " -> " + l.second;
}

}  // namespace

S3Service::~S3Service() { cancel_replication(); }

void S3Service::set_replication_latency(bool rtc, Duration mean, Duration spread) {
  mean = std::max(mean, Duration::zero());
  spread = std::max(spread, Duration::zero());
  (rtc ? rtc_latency_ : latency_) = mean;
  (rtc ? rtc_jitter_ : jitter_) = spread;
}

void S3Service::set_replication_retry_interval(Duration interval) {
  retry_interval_ = interval > Duration::zero() ? interval : kS3ReplicationRetryInterval;
}

void S3Service::set_replication_retry_window(Duration window) {
  retry_window_ = std::max(window, Duration::zero());
}

std::size_t S3Service::pending_replication(std::string_view source,
                                           std::string_view destination) const {
  std::size_t n = 0;
  for (const auto& [key, link] : links_) {
    if (key.first == source && (destination.empty() || key.second == destination)) {
      n += link.queue.size();
    }
  }
  return n;
}

void S3Service::replicate_new_version(Bucket& b, const std::string& key, Version& version) {
  if (!b.replication || b.versioning != "Enabled") return;
  // Per destination bucket, the Enabled rule with the highest Priority whose filter matches
  // (S3: "if two or more rules have the same destination bucket, objects are replicated
  // according to the rule with the highest priority"; the higher the number, the higher
  // the priority). V1 rules (Prefix, no Filter) carry no priority: the first that matches.
  std::map<std::string, std::pair<long long, const tree::Node*>> chosen;
  for (const tree::Node* rule : b.replication->all("Rule")) {
    if (rule->value("Status") != "Enabled") continue;
    if (!filter_matches(*rule, key, version)) continue;
    const std::string arn(rule->child("Destination")->value("Bucket"));
    const std::string dest = arn.starts_with("arn:aws:s3:::") ? arn.substr(13) : arn;
    const long long priority = xml::to_int(rule->value("Priority", "0")).value_or(0);
    auto it = chosen.find(dest);
    if (it == chosen.end() || priority > it->second.first) chosen[dest] = {priority, rule};
  }
  std::vector<ReplicationOp> ops;
  std::vector<std::string> dests;
  for (const auto& [dest, pick] : chosen) {
    const tree::Node& rule = *pick.second;
    const bool v1 = !rule.has("Filter");
    if (version.delete_marker) {
      // V2 rules replicate delete markers only when asked; V1 rules always do.
      if (!v1 && !enabled(rule.child("DeleteMarkerReplication"))) continue;
    } else if (version.sse.starts_with("aws:kms")) {
      // SSE-KMS objects replicate only when the rule selects them.
      const tree::Node* sel = rule.child("SourceSelectionCriteria");
      if (sel == nullptr || !enabled(sel->child("SseKmsEncryptedObjects"))) continue;
    }
    const tree::Node& d = *rule.child("Destination");
    const bool rtc = enabled(d.child("ReplicationTime"));
    ReplicationOp op;
    op.key = key;
    op.version_id = version.version_id;
    op.rule_id = std::string(rule.value("ID"));
    op.delete_marker = version.delete_marker;
    op.metrics = enabled(d.child("Metrics"));
    op.storage_class = std::string(d.value("StorageClass"));
    op.bytes = version.body.size();
    op.written = version.last_modified;
    op.due = op.written + (rtc ? core_.clock.jittered(rtc_latency_, rtc_jitter_)
                               : core_.clock.jittered(latency_, jitter_));
    ops.push_back(std::move(op));
    dests.push_back(dest);
  }
  if (ops.empty()) return;
  version.replication_status = "PENDING";
  fates_[VersionKey{b.name, key, version.version_id}].outstanding += static_cast<int>(ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const LinkKey lk{b.name, dests[i]};
    ReplicationLink& link = links_[lk];
    // Delivered in order: an operation never overtakes the one queued before it.
    if (!link.queue.empty() && ops[i].due < link.queue.back().due) {
      ops[i].due = link.queue.back().due;
    }
    const bool idle = link.queue.empty() && link.task == 0;
    const TimePoint due = ops[i].due;
    link.queue.push_back(std::move(ops[i]));
    if (idle) arm(lk, due);
  }
}

void S3Service::arm(const LinkKey& key, TimePoint when) {
  ReplicationLink& link = links_[key];
  if (link.task != 0) core_.clock.cancel(link.task);
  link.task = core_.clock.schedule_at(when, [this, key] { pump(key); }, link_name(key));
}

void S3Service::pump(const LinkKey& key) {
  std::lock_guard lock(core_.mutex);
  auto lit = links_.find(key);
  if (lit == links_.end()) return;
  ReplicationLink& link = lit->second;
  link.task = 0;
  auto src_it = buckets_.find(key.first);
  if (src_it == buckets_.end()) {
    // The source bucket is gone (it had to be emptied first): nothing left to copy.
    std::erase_if(fates_, [&](const auto& f) { return std::get<0>(f.first) == key.first; });
    links_.erase(lit);
    return;
  }
  Bucket& src = src_it->second;
  const TimePoint now = core_.clock.now();
  while (!link.queue.empty() && link.queue.front().due <= now) {
    const ReplicationOp op = link.queue.front();
    auto window = [&]() -> RuleWindow& {
      return windows_[{key.first, key.second, op.rule_id}];
    };
    auto obj = src.objects.find(op.key);
    Version* v = nullptr;
    if (obj != src.objects.end()) {
      for (Version& x : obj->second.versions) {
        if (x.version_id == op.version_id) v = &x;
      }
    }
    if (v == nullptr) {
      // The version was deleted (by version id) before it was copied: nothing to replicate.
      link.queue.pop_front();
      settle(key.first, op, false);
      continue;
    }
    auto dest_it = buckets_.find(key.second);
    if (dest_it == buckets_.end() || dest_it->second.versioning != "Enabled") {
      link.queue.pop_front();
      if (op.metrics) ++window().failed;
      settle(key.first, op, true);
      continue;
    }
    Bucket& dest = dest_it->second;
    if (!core_.faults.replication_allowed("s3", src.region, dest.region, now)) {
      // Temporary failures keep the operation PENDING (AWS); the fake gives up when the
      // destination stays unreachable longer than the retry window.
      if (!core_.faults.reachable(src.region, dest.region, now) && now - op.due >= retry_window_) {
        link.queue.pop_front();
        if (op.metrics) ++window().failed;
        settle(key.first, op, true);
        continue;
      }
      arm(key, now + retry_interval_);
      return;
    }
    Version copy = *v;
    copy.replication_status = op.delete_marker ? "" : "REPLICA";
    if (!op.storage_class.empty() && !op.delete_marker) {
      copy.storage_class = op.storage_class == "STANDARD" ? "" : op.storage_class;
    }
    auto& versions = dest.objects[op.key].versions;
    const bool present = std::any_of(versions.begin(), versions.end(), [&](const Version& x) {
      return x.version_id == copy.version_id;
    });
    if (!present) {
      // Versions stay newest first by their (source) modification time.
      auto pos = std::find_if(versions.begin(), versions.end(), [&](const Version& x) {
        return x.last_modified <= copy.last_modified;
      });
      versions.insert(pos, std::move(copy));
    }
    if (op.metrics) {
      RuleWindow& w = window();
      w.max_latency_s =
          std::max(w.max_latency_s, std::chrono::duration<double>(now - op.written).count());
    }
    link.queue.pop_front();
    settle(key.first, op, false);
  }
  if (link.queue.empty()) {
    links_.erase(lit);
  } else {
    arm(key, link.queue.front().due);
  }
}

void S3Service::settle(const std::string& bucket, const ReplicationOp& op, bool failed) {
  auto it = fates_.find(VersionKey{bucket, op.key, op.version_id});
  if (it == fates_.end()) return;
  it->second.failed = it->second.failed || failed;
  if (--it->second.outstanding > 0) return;
  const bool any_failed = it->second.failed;
  fates_.erase(it);
  Bucket* b = find_bucket(bucket);
  if (b == nullptr) return;
  auto obj = b->objects.find(op.key);
  if (obj == b->objects.end()) return;
  for (Version& v : obj->second.versions) {
    if (v.version_id == op.version_id) v.replication_status = any_failed ? "FAILED" : "COMPLETED";
  }
}

void S3Service::ensure_metrics_task() {
  if (metrics_task_ != 0) return;
  const bool wanted = std::any_of(buckets_.begin(), buckets_.end(), [](const auto& kv) {
    if (!kv.second.replication) return false;
    for (const tree::Node* rule : kv.second.replication->all("Rule")) {
      if (enabled(rule->child("Destination")->child("Metrics"))) return true;
    }
    return false;
  });
  if (!wanted) return;
  // On whole minutes, as CloudWatch's one-minute datapoints are.
  const auto since_epoch = core_.clock.now().time_since_epoch();
  const auto period = std::chrono::duration_cast<Duration>(kS3ReplicationMetricsPeriod);
  const Duration first = period - since_epoch % period;
  metrics_task_ = core_.clock.schedule_every(
      period,
      [this] {
        std::lock_guard lock(core_.mutex);
        publish_metrics();
      },
      "s3 replication metrics", first);
}

void S3Service::publish_metrics() {
  const TimePoint now = core_.clock.now();
  auto& cloudwatch = core_.get<CloudWatchService>("cloudwatch");
  bool any = false;
  for (const auto& [name, b] : buckets_) {
    if (!b.replication) continue;
    for (const tree::Node* rule : b.replication->all("Rule")) {
      const tree::Node& d = *rule->child("Destination");
      if (!enabled(d.child("Metrics"))) continue;
      any = true;
      if (rule->value("Status") != "Enabled") continue;
      const std::string arn(d.value("Bucket"));
      const std::string dest = arn.starts_with("arn:aws:s3:::") ? arn.substr(13) : arn;
      const std::string id(rule->value("ID"));
      double ops = 0;
      double bytes = 0;
      double latency = 0;
      if (auto l = links_.find({name, dest}); l != links_.end()) {
        for (const ReplicationOp& op : l->second.queue) {
          if (op.rule_id != id) continue;
          ops += 1;
          bytes += static_cast<double>(op.bytes);
          latency = std::max(latency, std::chrono::duration<double>(now - op.written).count());
        }
      }
      double failed = 0;
      if (auto w = windows_.find({name, dest, id}); w != windows_.end()) {
        latency = std::max(latency, w->second.max_latency_s);
        failed = w->second.failed;
      }
      const std::vector<cw::Dimension> dims = {
          {"DestinationBucket", dest}, {"RuleId", id}, {"SourceBucket", name}};
      cloudwatch.put_datapoint(b.region, {"AWS/S3", "ReplicationLatency", dims}, now, latency,
                               "Seconds");
      cloudwatch.put_datapoint(b.region, {"AWS/S3", "OperationsPendingReplication", dims}, now,
                               ops, "Count");
      cloudwatch.put_datapoint(b.region, {"AWS/S3", "BytesPendingReplication", dims}, now, bytes,
                               "Bytes");
      cloudwatch.put_datapoint(b.region, {"AWS/S3", "OperationsFailedReplication", dims}, now,
                               failed, "Count");
    }
  }
  windows_.clear();
  if (!any && metrics_task_ != 0) {
    core_.clock.cancel(metrics_task_);
    metrics_task_ = 0;
  }
}

void S3Service::cancel_replication() {
  for (auto& [key, link] : links_) {
    if (link.task != 0) core_.clock.cancel(link.task);
    link.task = 0;
  }
  if (metrics_task_ != 0) core_.clock.cancel(metrics_task_);
  metrics_task_ = 0;
}

void S3Service::save_replication(json& out) const {
  json links = json::array();
  for (const auto& [key, link] : links_) {
    json ops = json::array();
    for (const ReplicationOp& op : link.queue) {
      ops.push_back({{"key", op.key},
                     {"version_id", op.version_id},
                     {"rule_id", op.rule_id},
                     {"delete_marker", op.delete_marker},
                     {"metrics", op.metrics},
                     {"storage_class", op.storage_class},
                     {"bytes", op.bytes},
                     {"written_ms", to_ms(op.written)},
                     {"due_ms", to_ms(op.due)}});
    }
    links.push_back({{"source", key.first}, {"destination", key.second}, {"ops", std::move(ops)}});
  }
  json fates = json::array();
  for (const auto& [key, fate] : fates_) {
    fates.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), fate.outstanding,
                     fate.failed});
  }
  out["replication"] = {{"links", std::move(links)}, {"fates", std::move(fates)}};
}

void S3Service::load_replication(const json& in) {
  // Called by load() inside its try block: malformed members throw json errors there.
  if (in.contains("replication")) {
    const json& r = in.at("replication");
    for (const json& f : r.value("fates", json::array())) {
      fates_[VersionKey{f.at(0).get<std::string>(), f.at(1).get<std::string>(),
                        f.at(2).get<std::string>()}] = {f.at(3).get<int>(), f.at(4).get<bool>()};
    }
    for (const json& lj : r.value("links", json::array())) {
      const LinkKey key{lj.at("source").get<std::string>(), lj.at("destination").get<std::string>()};
      ReplicationLink& link = links_[key];
      for (const json& oj : lj.at("ops")) {
        ReplicationOp op;
        op.key = oj.at("key").get<std::string>();
        op.version_id = oj.at("version_id").get<std::string>();
        op.rule_id = oj.value("rule_id", "");
        op.delete_marker = oj.value("delete_marker", false);
        op.metrics = oj.value("metrics", false);
        op.storage_class = oj.value("storage_class", "");
        op.bytes = oj.value("bytes", std::uint64_t{0});
        op.written = from_ms(oj.at("written_ms").get<long long>());
        op.due = from_ms(oj.at("due_ms").get<long long>());
        link.queue.push_back(std::move(op));
      }
      // Pending copies land at their original due times (at the next clock step when those
      // have already passed).
      if (link.queue.empty()) {
        links_.erase(key);
      } else {
        arm(key, link.queue.front().due);
      }
    }
  }
  ensure_metrics_task();
}

}  // namespace drh::fake
