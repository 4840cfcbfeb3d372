// DynamoDB global tables over time: every committed write of a replica travels to the other
// replicas after the modelled latency, in commit order per (table, from, to) link, paused
// while the fault book forbids the pair; last writer wins where writes cross; the sending
// region records AWS/DynamoDB ReplicationLatency (ms, TableName + ReceivingRegion).
#include <nlohmann/json.hpp>

#include "cloudwatch_service.h"
#include "dynamodb_service.h"
#include "state_codec.h"

namespace drh::fake {

using ddb::ItemKey;
using ddb::LinkKey;
using ddb::PendingWrite;
using ddb::Table;
using ddb::WriteStamp;
using json = nlohmann::json;

namespace {


bool writable(const Table& t) { return t.status == "ACTIVE" || t.status == "UPDATING"; }

std::string link_name(const LinkKey& l) {
  return "dynamodb replication " + std::get<0>(l) + " " + std::get<1>(l) + " -> " +
         std::get<2>(l);
}

}  // namespace

void DynamoDbService::set_replication_latency(Duration mean, Duration spread) {
  replication_latency_ = mean < Duration::zero() ? Duration::zero() : mean;
  replication_jitter_ = spread < Duration::zero() ? Duration::zero() : spread;
}

void DynamoDbService::set_replication_retry_interval(Duration interval) {
  replication_retry_ = interval > Duration::zero() ? interval : kReplicationRetryInterval;
}

std::size_t DynamoDbService::pending_replication(std::string_view table, std::string_view from,
                                                 std::string_view to) const {
  auto it = links_.find(LinkKey{table, from, to});
  return it == links_.end() ? 0 : it->second.queue.size();
}

void DynamoDbService::replicate(const std::string& region, Table& t, const ItemKey& key,
                                const json* item) {
  const WriteStamp stamp{core_.clock.now(), ++write_seq_};
  t.stamps[key] = stamp;
  json key_attrs = {{t.keys.hash, key.hash.to_json()}};
  if (key.range) key_attrs[t.keys.range] = key.range->to_json();
  for (const std::string& peer : t.peers) {
    Table* target = find_table(peer, t.name);
    // Replicas being created receive what is written meanwhile once they are ACTIVE (their
    // seed copy holds only what had landed in the seed region by then).
    if (!target || target->status == "DELETING" || target->replica_status == "DELETING") continue;
    PendingWrite w;
    w.key = key_attrs;
    if (item) w.item = *item;
    w.stamp = stamp;
    w.due = stamp.at + core_.clock.jittered(replication_latency_, replication_jitter_);
    enqueue(LinkKey{t.name, region, peer}, target->id, std::move(w));
  }
}

void DynamoDbService::enqueue(const LinkKey& key, const std::string& target_id, PendingWrite w) {
  ddb::ReplicationLink& link = links_[key];
  if (link.target_id != target_id) {
    // The receiving table was re-created: what was meant for its predecessor is void.
    link.queue.clear();
    link.target_id = target_id;
  }
  // A stream is delivered in order: a write never overtakes the one before it.
  if (!link.queue.empty() && w.due < link.queue.back().due) w.due = link.queue.back().due;
  const bool idle = link.queue.empty() && link.task == 0;
  const TimePoint due = w.due;
  link.queue.push_back(std::move(w));
  if (idle) arm(key, due);
}

void DynamoDbService::arm(const LinkKey& key, TimePoint when) {
  ddb::ReplicationLink& link = links_[key];
  if (link.task != 0) core_.clock.cancel(link.task);
  link.task = core_.clock.schedule_at(when, [this, key] { pump(key); }, link_name(key));
}

void DynamoDbService::pump(const LinkKey& key) {
  std::lock_guard lock(core_.mutex);
  auto it = links_.find(key);
  if (it == links_.end()) return;
  ddb::ReplicationLink& link = it->second;
  link.task = 0;
  const auto& [table, from, to] = key;
  Table* target = find_table(to, table);
  if (!target || target->id != link.target_id || target->status == "DELETING") {
    links_.erase(it);  // the receiving replica is gone: nothing left to deliver to
    return;
  }
  const TimePoint now = core_.clock.now();
  if (!writable(*target) || !core_.faults.replication_allowed("dynamodb", from, to, now)) {
    // Blocked: the queue backs up and the link looks again shortly.
    arm(key, now + replication_retry_);
    return;
  }
  auto& cloudwatch = core_.get<CloudWatchService>("cloudwatch");
  while (!link.queue.empty() && link.queue.front().due <= now) {
    const PendingWrite& w = link.queue.front();
    land(*target, w);
    const double ms = std::chrono::duration<double, std::milli>(now - w.stamp.at).count();
    cloudwatch.put_datapoint(from,
                             {"AWS/DynamoDB",
                              "ReplicationLatency",
                              {{"ReceivingRegion", to}, {"TableName", table}}},
                             now, ms, "Milliseconds");
    link.queue.pop_front();
  }
  if (link.queue.empty()) {
    links_.erase(it);
  } else {
    arm(key, link.queue.front().due);
  }
}

bool DynamoDbService::land(Table& target, const PendingWrite& w) {
  ItemKey k;
  try {
    k = key_of_item(target, w.item ? *w.item : w.key, !w.item);
  } catch (const ApiError&) {
    return false;  // replicas share their key schema; a write that does not fit is dropped
  }
  auto stamp = target.stamps.find(k);
  if (stamp != target.stamps.end() && !(stamp->second < w.stamp)) return false;  // older
  target.stamps[k] = w.stamp;
  auto it = target.items.find(k);
  if (it != target.items.end()) {
    target.size_bytes -= ddb::item_size(it->second);
    if (!w.item) {
      target.items.erase(it);
      return true;
    }
    it->second = *w.item;
  } else {
    if (!w.item) return true;
    it = target.items.emplace(k, *w.item).first;
  }
  target.size_bytes += ddb::item_size(it->second);
  return true;
}

void DynamoDbService::seed_links(const std::string& table, const std::string& seed,
                                 const std::string& fresh) {
  Table* created = find_table(fresh, table);
  if (!created) return;
  std::vector<std::pair<LinkKey, std::deque<PendingWrite>>> copies;
  for (const auto& [key, link] : links_) {
    const auto& [name, from, to] = key;
    if (name != table || to != seed || from == fresh) continue;
    copies.emplace_back(LinkKey{table, from, fresh}, link.queue);
  }
  for (auto& [key, queue] : copies) {
    for (PendingWrite& w : queue) enqueue(key, created->id, std::move(w));
  }
}

void DynamoDbService::cancel_replication() {
  for (auto& [key, link] : links_) {
    if (link.task != 0) core_.clock.cancel(link.task);
    link.task = 0;
  }
}

void DynamoDbService::save_replication(json& out) const {
  json links = json::array();
  for (const auto& [key, link] : links_) {
    json writes = json::array();
    for (const PendingWrite& w : link.queue) {
      json wj = {{"key", w.key},
                 {"at_ns", to_ns(w.stamp.at)},
                 {"seq", w.stamp.seq},
                 {"due_ns", to_ns(w.due)}};
      if (w.item) wj["item"] = *w.item;
      writes.push_back(std::move(wj));
    }
    links.push_back({{"table", std::get<0>(key)},
                     {"from", std::get<1>(key)},
                     {"to", std::get<2>(key)},
                     {"target_id", link.target_id},
                     {"writes", std::move(writes)}});
  }
  out["replication"] = {{"write_seq", write_seq_}, {"links", std::move(links)}};
}

void DynamoDbService::load_replication(const json& in) {
  // Called by load() inside its try block: malformed members throw json errors there.
  if (!in.contains("replication")) return;
  const json& r = in.at("replication");
  write_seq_ = r.value("write_seq", std::uint64_t{0});
  for (const json& lj : r.value("links", json::array())) {
    LinkKey key{lj.at("table").get<std::string>(), lj.at("from").get<std::string>(),
                lj.at("to").get<std::string>()};
    ddb::ReplicationLink& link = links_[key];
    link.target_id = lj.at("target_id").get<std::string>();
    for (const json& wj : lj.at("writes")) {
      PendingWrite w;
      w.key = wj.at("key");
      if (wj.contains("item")) w.item = wj.at("item");
      w.stamp = {from_ns(wj.at("at_ns").get<long long>()), wj.at("seq").get<std::uint64_t>()};
      w.due = from_ns(wj.at("due_ns").get<long long>());
      link.queue.push_back(std::move(w));
    }
    // Pending deliveries happen at their original due times (at the next clock step when
    // those have already passed).
    if (link.queue.empty()) {
      links_.erase(key);
    } else {
      arm(key, link.queue.front().due);
    }
  }
}

}  // namespace drh::fake
