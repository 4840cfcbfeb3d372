// RDS in the fake: dispatch, shared helpers, writer election, events, scheduled
// transitions and the saved form of the state. Handlers live in rds_describe.cc,
// rds_clusters.cc and rds_global.cc.
#include "rds_service.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "drh/core/encoding.h"
#include "state_codec.h"

namespace drh::fake {

namespace rds {

// ---------------------------------------------------------------- request helpers

std::string valid_identifier(std::string_view param, std::string_view value) {
  bool ok = !value.empty() && value.size() <= 63 &&
            std::isalpha(static_cast<unsigned char>(value.front())) && value.back() != '-' &&
            value.find("--") == std::string_view::npos;
  for (char c : value) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-');
  if (!ok) {
    fail(400, "InvalidParameterValue",
         "The parameter " + std::string(param) + " is not a valid identifier. Identifiers " +
             "must begin with a letter; must contain only ASCII letters, digits, and hyphens; " +
             "and must not end with a hyphen or contain two consecutive hyphens.");
  }
  return to_lower(value);
}

std::string identifier_of(std::string_view region, std::string_view type,
                          std::string_view id_or_arn, std::string_view account) {
  if (!id_or_arn.starts_with("arn:")) return to_lower(id_or_arn);
  // arn:aws:rds:<region>:<account>:<type>:<id>
  std::string expected = "arn:aws:rds:" + std::string(region) + ":" + std::string(account) + ":" +
                         std::string(type) + ":";
  if (!id_or_arn.starts_with(expected)) return {};
  return to_lower(id_or_arn.substr(expected.size()));
}

bool Filter::matches(std::string_view v) const {
  for (const std::string& x : values) {
    if (x == v) return true;
  }
  return false;
}

std::vector<Filter> parse_filters(const Call& call,
                                  std::initializer_list<std::string_view> known) {
  std::vector<Filter> out;
  for (int i = 1;; ++i) {
    const std::string prefix = "Filters.Filter." + std::to_string(i) + ".";
    auto name = call.param(prefix + "Name");
    if (!name) break;
    bool ok = false;
    for (std::string_view k : known) ok = ok || *name == k;
    if (!ok) fail(400, "InvalidParameterValue", "Unrecognized filter name: " + *name);
    Filter f{*name, call.list(prefix + "Values", "Value")};
    if (f.values.empty()) {
      fail(400, "InvalidParameterValue", "The filter " + *name + " requires at least one value");
    }
    out.push_back(std::move(f));
  }
  return out;
}

PageRequest parse_paging(const Call& call, std::string_view kind) {
  PageRequest page;
  if (auto m = call.integer("MaxRecords")) {
    if (*m < 20 || *m > 100) {
      fail(400, "InvalidParameterValue",
           "Invalid value " + std::to_string(*m) + " for MaxRecords. Must be between 20 and 100");
    }
    page.max_records = static_cast<int>(*m);
  }
  if (auto marker = call.param("Marker"); marker && !marker->empty()) {
    std::string plain;
    const std::string expected = std::string(kind) + "|";
    if (!base64_decode(*marker, plain) || !plain.starts_with(expected) ||
        plain.size() == expected.size()) {
      fail(400, "InvalidParameterValue", "The marker '" + *marker + "' is not valid");
    }
    page.after = plain.substr(expected.size());
  }
  return page;
}

std::string page_marker(std::string_view kind, std::string_view last_key) {
  std::string plain(kind);
  plain += '|';
  plain += last_key;
  return base64_encode(plain);
}

Tags parse_tags(const Call& call) {
  Tags out;
  for (int i = 1;; ++i) {
    const std::string prefix = "Tags.Tag." + std::to_string(i) + ".";
    auto key = call.param(prefix + "Key");
    if (!key) break;
    const std::string value = call.param(prefix + "Value").value_or("");
    bool replaced = false;
    for (auto& [k, v] : out) {
      if (k == *key) {
        v = value;
        replaced = true;
      }
    }
    if (!replaced) out.emplace_back(*key, value);
  }
  return out;
}

// ---------------------------------------------------------------- the service

RdsService::~RdsService() { cancel_pending(); }

const std::map<std::string_view, RdsService::Handler, std::less<>>& RdsService::handlers() {
  static const std::map<std::string_view, Handler, std::less<>> table = {
      {"DescribeGlobalClusters", &RdsService::describe_global_clusters},
      {"DescribeDBClusters", &RdsService::describe_db_clusters},
      {"DescribeDBInstances", &RdsService::describe_db_instances},
      {"DescribeEvents", &RdsService::describe_events},
      {"CreateGlobalCluster", &RdsService::create_global_cluster},
      {"CreateDBCluster", &RdsService::create_db_cluster},
      {"CreateDBInstance", &RdsService::create_db_instance},
      {"DeleteDBCluster", &RdsService::delete_db_cluster},
      {"DeleteDBInstance", &RdsService::delete_db_instance},
      {"DeleteGlobalCluster", &RdsService::delete_global_cluster},
      {"RemoveFromGlobalCluster", &RdsService::remove_from_global_cluster},
      {"FailoverGlobalCluster", &RdsService::failover_global_cluster},
      {"SwitchoverGlobalCluster", &RdsService::switchover_global_cluster},
  };
  return table;
}

HttpResponse RdsService::handle(Call& call) {
  const auto& table = handlers();
  auto it = table.find(call.operation);
  if (it == table.end()) {
    fail(400, "InvalidAction",
         "Could not find operation " +
             (call.operation.empty() ? std::string("(none)") : call.operation) +
             " for version 2014-10-31 (drharness's fake does not serve it)");
  }
  return (this->*(it->second))(call);
}

const GlobalCluster* RdsService::find_global(std::string_view id) const {
  auto it = globals_.find(to_lower(id));
  return it == globals_.end() ? nullptr : &it->second;
}

const Cluster* RdsService::find_cluster(std::string_view region, std::string_view id) const {
  auto r = regions_.find(region);
  if (r == regions_.end()) return nullptr;
  auto it = r->second.clusters.find(
      identifier_of(region, "cluster", id, core_.options.account_id));
  return it == r->second.clusters.end() ? nullptr : &it->second;
}

Cluster& RdsService::cluster_or_throw(std::string_view region_name, std::string_view id_or_arn) {
  RegionState& r = region(region_name);
  auto it = r.clusters.find(
      identifier_of(region_name, "cluster", id_or_arn, core_.options.account_id));
  if (it == r.clusters.end()) {
    fail(404, "DBClusterNotFoundFault", "DBCluster " + std::string(id_or_arn) + " not found.");
  }
  return it->second;
}

Instance& RdsService::instance_or_throw(std::string_view region_name,
                                        std::string_view id_or_arn) {
  RegionState& r = region(region_name);
  auto it =
      r.instances.find(identifier_of(region_name, "db", id_or_arn, core_.options.account_id));
  if (it == r.instances.end()) {
    fail(404, "DBInstanceNotFound", "DBInstance " + std::string(id_or_arn) + " not found.");
  }
  return it->second;
}

GlobalCluster& RdsService::global_or_throw(std::string_view id) {
  auto it = globals_.find(to_lower(id));
  if (it == globals_.end()) {
    fail(404, "GlobalClusterNotFoundFault", "Global cluster " + std::string(id) + " not found");
  }
  return it->second;
}

Cluster* RdsService::cluster_by_arn(std::string_view arn) {
  // arn:aws:rds:<region>:<account>:cluster:<id>
  constexpr std::string_view kPrefix = "arn:aws:rds:";
  if (!arn.starts_with(kPrefix)) return nullptr;
  std::string_view rest = arn.substr(kPrefix.size());
  const std::string region_name(rest.substr(0, rest.find(':')));
  auto r = regions_.find(region_name);
  if (r == regions_.end()) return nullptr;
  auto it = r->second.clusters.find(
      identifier_of(region_name, "cluster", arn, core_.options.account_id));
  return it == r->second.clusters.end() ? nullptr : &it->second;
}

void RdsService::recompute_writer(Cluster& c) {
  RegionState& r = region(c.region);
  bool can_write = c.global_id.empty();
  if (!can_write) {
    auto g = globals_.find(c.global_id);
    can_write = g != globals_.end() && g->second.writer_arn == c.arn;
  }
  Instance* keep = nullptr;
  Instance* best = nullptr;
  for (const std::string& id : c.members) {
    auto it = r.instances.find(id);
    if (it == r.instances.end()) continue;
    Instance& i = it->second;
    if (i.writer && i.status != "deleting") keep = &i;
    if (i.status != "deleting" && (best == nullptr || i.promotion_tier < best->promotion_tier)) {
      best = &i;
    }
    i.writer = false;
  }
  if (!can_write) return;  // a global secondary has readers only
  Instance* writer = keep != nullptr ? keep : best;
  if (writer == nullptr && !c.members.empty()) {
    // Only deleting instances are left: the first keeps the writer role until it goes.
    auto it = r.instances.find(c.members.front());
    if (it != r.instances.end()) writer = &it->second;
  }
  if (writer != nullptr) writer->writer = true;
}

void RdsService::add_event(std::string_view region_name, std::string source_id,
                           std::string source_type, std::string message,
                           std::vector<std::string> categories, std::string source_arn,
                           std::optional<TimePoint> at) {
  RegionState& r = region(region_name);
  const TimePoint now = core_.clock.now();
  while (!r.events.empty() && r.events.front().date + kEventRetention < now) {
    r.events.pop_front();
  }
  Event e;
  e.seq = r.next_event++;
  e.source_id = std::move(source_id);
  e.source_type = std::move(source_type);
  e.message = std::move(message);
  e.categories = std::move(categories);
  e.date = at.value_or(now);
  e.source_arn = std::move(source_arn);
  r.events.push_back(std::move(e));
}

const std::pair<std::string, std::string>& RdsService::naming(std::string_view region_name) const {
  auto it = naming_.find(region_name);
  if (it != naming_.end()) return it->second;
  // AWS's endpoint part is random per account and region, and the hosted zone is AWS's
  // own; both are derived here so endpoints are stable (the zone ids are not AWS's).
  auto derive = [](const std::string& seed, char base, std::size_t length) {
    const std::string digest = sha256_hex(seed);
    std::string out;
    for (std::size_t i = 0; out.size() < length && i + 1 < digest.size(); i += 2) {
      const int v = std::stoi(digest.substr(i, 2), nullptr, 16) % 36;
      out += static_cast<char>(v < 26 ? base + v : '0' + (v - 26));
    }
    return out;
  };
  const std::string region(region_name);
  return naming_
      .emplace(region, std::make_pair(derive(core_.options.account_id + "/" + region, 'a', 12),
                                      "Z" + derive("rds-zone/" + region, 'A', 13)))
      .first->second;
}

const std::string& RdsService::endpoint_suffix(std::string_view region_name) const {
  return naming(region_name).first;
}

const std::string& RdsService::hosted_zone(std::string_view region_name) const {
  return naming(region_name).second;
}

// ---------------------------------------------------------------- scheduled transitions

void RdsService::schedule(TimePoint when, std::string name, std::function<void()> fn) {
  auto holder = std::make_shared<VirtualClock::TaskId>(0);
  const VirtualClock::TaskId id = core_.clock.schedule_at(
      when,
      [this, holder, fn = std::move(fn)] {
        // Tasks run outside handle(): take the world lock like a request would.
        std::lock_guard lock(core_.mutex);
        if (pending_.erase(*holder) == 0) return;  // reset or reloaded meanwhile
        fn();
      },
      std::move(name));
  *holder = id;  // the task cannot run before this: it needs the lock we hold
  pending_.insert(id);
}

void RdsService::cancel_pending() {
  for (VirtualClock::TaskId id : pending_) core_.clock.cancel(id);
  pending_.clear();
  stop_dynamics();
}

void RdsService::schedule_cluster(const std::string& region_name, const std::string& id,
                                  TimePoint when) {
  schedule(when, "rds cluster " + id, [this, region_name, id, when] {
    const Cluster* c = find_cluster(region_name, id);
    if (c != nullptr && c->due == when) settle_cluster(region_name, id);
  });
}

void RdsService::schedule_instance(const std::string& region_name, const std::string& id,
                                   TimePoint when) {
  schedule(when, "rds instance " + id, [this, region_name, id, when] {
    RegionState& r = region(region_name);
    auto it = r.instances.find(id);
    if (it != r.instances.end() && it->second.due == when) settle_instance(region_name, id);
  });
}

void RdsService::schedule_global(const std::string& id, TimePoint when) {
  schedule(when, "rds global cluster " + id, [this, id, when] {
    auto it = globals_.find(id);
    if (it != globals_.end() && it->second.due == when) settle_global(id);
  });
}

void RdsService::settle_cluster(const std::string& region_name, const std::string& id) {
  RegionState& r = region(region_name);
  auto it = r.clusters.find(id);
  if (it == r.clusters.end()) return;
  Cluster& c = it->second;
  if (!c.due) return;
  if (*c.due > core_.clock.now()) {
    schedule_cluster(region_name, id, *c.due);
    return;
  }
  const TimePoint when = *c.due;
  c.due.reset();
  if (c.status == "creating") {
    c.status = "available";
    add_event(region_name, c.id, "db-cluster", "DB cluster created", {"creation"}, c.arn, when);
  } else if (c.status == "deleting") {
    add_event(region_name, c.id, "db-cluster", "DB cluster deleted", {"deletion"}, c.arn, when);
    r.clusters.erase(it);
  }
}

void RdsService::settle_instance(const std::string& region_name, const std::string& id) {
  RegionState& r = region(region_name);
  auto it = r.instances.find(id);
  if (it == r.instances.end()) return;
  Instance& i = it->second;
  if (!i.due) return;
  if (*i.due > core_.clock.now()) {
    schedule_instance(region_name, id, *i.due);
    return;
  }
  const TimePoint when = *i.due;
  i.due.reset();
  if (i.status == "creating") {
    i.status = "available";
    add_event(region_name, i.id, "db-instance", "DB instance created", {"creation"}, i.arn,
              when);
  } else if (i.status == "deleting") {
    add_event(region_name, i.id, "db-instance", "DB instance deleted", {"deletion"}, i.arn,
              when);
    const std::string cluster_id = i.cluster_id;
    r.instances.erase(it);
    auto c = r.clusters.find(cluster_id);
    if (c != r.clusters.end()) {
      std::erase(c->second.members, id);
      recompute_writer(c->second);  // the writer's departure promotes a reader
    }
  }
}

void RdsService::settle_global(const std::string& id) {
  auto it = globals_.find(id);
  if (it == globals_.end()) return;
  GlobalCluster& g = it->second;
  if (!g.due) return;
  if (*g.due > core_.clock.now()) {
    schedule_global(id, *g.due);
    return;
  }
  g.due.reset();
  if (g.status == "creating") {
    g.status = "available";
  } else if (g.status == "deleting") {
    globals_.erase(it);
  } else if (g.failover) {
    complete_global_failover(g);
  }
}

void RdsService::complete_global_failover(GlobalCluster& g) {
  if (!g.failover) return;
  const FailoverState f = *g.failover;
  const bool switchover = !f.data_loss;
  const TimePoint now = core_.clock.now();
  g.failover.reset();
  g.status = "available";
  g.due.reset();
  Cluster* target = cluster_by_arn(f.to_arn);
  Cluster* former = cluster_by_arn(f.from_arn);
  for (Cluster* c : {target, former}) {
    if (c != nullptr && c->status == "modifying") c->status = "available";
  }
  if (target == nullptr || std::find(g.members.begin(), g.members.end(), f.to_arn) ==
                               g.members.end()) {
    return;  // the target left meanwhile: nothing to flip
  }
  g.writer_arn = f.to_arn;
  target->write_carry = 0;
  const bool former_member = former != nullptr && former->global_id == g.id;
  if (switchover) {
    // Synchronised before the role change: the former primary is a secondary that has
    // applied everything.
    if (former_member) former->applied_through = now;
  } else {
    // The target is promoted with what it had applied; the former primary's commits
    // beyond that are the lost tail. It rejoins as a secondary once its Region is back.
    target->position = f.fork_position;
    while (!g.log.empty() && g.log.back().position > f.fork_position) g.log.pop_back();
    for (const std::string& arn : g.members) {
      Cluster* other = cluster_by_arn(arn);
      if (other != nullptr && other != target && other != former &&
          other->position > f.fork_position) {
        other->position = f.fork_position;  // never ahead of the new primary
      }
    }
    if (former_member) {
      former->pending_resync = true;
      former->resync_position = f.fork_position;
      former->resync_from = now;
      former->write_carry = 0;
    }
  }
  recompute_writer(*target);
  if (former != nullptr) recompute_writer(*former);
  g.last_failover = FailoverRecord{f.from_arn, f.to_arn, f.data_loss, f.lost_commits,
                                   f.lost_ms,  g.failover_started, now};
  const std::string what = switchover ? "switchover" : "failover";
  const std::string message = "Global " + what + " to DB cluster " + target->id +
                              " in Region " + target->region + " completed.";
  add_event(target->region, target->id, "db-cluster", message, {"global-failover"},
            target->arn);
  if (former != nullptr) {
    add_event(former->region, former->id, "db-cluster", message, {"global-failover"},
              former->arn);
  }
  if (!switchover) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", f.lost_ms / 1000.0);
    add_event(target->region, target->id, "db-cluster",
              "Global failover to DB cluster " + target->id + " allowed data loss: " +
                  std::to_string(f.lost_commits) + " commits (" + seconds +
                  " seconds of writes) on DB cluster " +
                  (former != nullptr ? former->id : std::string("(gone)")) +
                  " had not been replicated and are lost.",
              {"global-failover"}, target->arn);
    if (former_member && !core_.faults.region_down(former->region, now)) rejoin(g, *former);
  }
}

// ---------------------------------------------------------------- state

namespace {

using nlohmann::json;

template <typename T>
void put_opt(json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}
template <typename T>
std::optional<T> opt_from(const json& j, const char* key) {
  if (!j.contains(key)) return std::nullopt;
  return j.at(key).get<T>();
}

json cluster_json(const Cluster& c) {
  json j = {{"id", c.id},
            {"region", c.region},
            {"arn", c.arn},
            {"resource_id", c.resource_id},
            {"status", c.status},
            {"engine", c.engine},
            {"engine_version", c.engine_version},
            {"engine_mode", c.engine_mode},
            {"database_name", c.database_name},
            {"master_username", c.master_username},
            {"master_secret_arn", c.master_secret_arn},
            {"port", c.port},
            {"backup_retention", c.backup_retention},
            {"backup_window", c.backup_window},
            {"maintenance_window", c.maintenance_window},
            {"storage_encrypted", c.storage_encrypted},
            {"kms_key_id", c.kms_key_id},
            {"deletion_protection", c.deletion_protection},
            {"iam_auth", c.iam_auth},
            {"copy_tags_to_snapshot", c.copy_tags_to_snapshot},
            {"write_forwarding", c.write_forwarding},
            {"subnet_group", c.subnet_group},
            {"parameter_group", c.parameter_group},
            {"instance_class", c.instance_class},
            {"storage_type", c.storage_type},
            {"security_groups", c.security_groups},
            {"availability_zones", c.availability_zones},
            {"global_id", c.global_id},
            {"members", c.members},
            {"created", to_ms(c.created)},
            {"tags", tags_json(c.tags)}};
  put_opt(j, "min_capacity", c.min_capacity);
  put_opt(j, "max_capacity", c.max_capacity);
  put_opt(j, "seconds_until_auto_pause", c.seconds_until_auto_pause);
  put_due(j, c.due);
  return j;
}

Cluster cluster_from(const json& j) {
  Cluster c;
  c.id = j.at("id").get<std::string>();
  c.region = j.at("region").get<std::string>();
  c.arn = j.at("arn").get<std::string>();
  c.resource_id = j.at("resource_id").get<std::string>();
  c.status = j.at("status").get<std::string>();
  c.engine = j.at("engine").get<std::string>();
  c.engine_version = j.at("engine_version").get<std::string>();
  c.engine_mode = j.at("engine_mode").get<std::string>();
  c.database_name = j.at("database_name").get<std::string>();
  c.master_username = j.at("master_username").get<std::string>();
  c.master_secret_arn = j.at("master_secret_arn").get<std::string>();
  c.port = j.at("port").get<int>();
  c.backup_retention = j.at("backup_retention").get<int>();
  c.backup_window = j.at("backup_window").get<std::string>();
  c.maintenance_window = j.at("maintenance_window").get<std::string>();
  c.storage_encrypted = j.at("storage_encrypted").get<bool>();
  c.kms_key_id = j.at("kms_key_id").get<std::string>();
  c.deletion_protection = j.at("deletion_protection").get<bool>();
  c.iam_auth = j.at("iam_auth").get<bool>();
  c.copy_tags_to_snapshot = j.at("copy_tags_to_snapshot").get<bool>();
  c.write_forwarding = j.at("write_forwarding").get<bool>();
  c.subnet_group = j.at("subnet_group").get<std::string>();
  c.parameter_group = j.at("parameter_group").get<std::string>();
  c.instance_class = j.at("instance_class").get<std::string>();
  c.storage_type = j.at("storage_type").get<std::string>();
  c.security_groups = j.at("security_groups").get<std::vector<std::string>>();
  c.availability_zones = j.at("availability_zones").get<std::vector<std::string>>();
  c.global_id = j.at("global_id").get<std::string>();
  c.members = j.at("members").get<std::vector<std::string>>();
  c.created = from_ms(j.at("created").get<long long>());
  c.tags = tags_from(j.at("tags"));
  c.min_capacity = opt_from<double>(j, "min_capacity");
  c.max_capacity = opt_from<double>(j, "max_capacity");
  c.seconds_until_auto_pause = opt_from<int>(j, "seconds_until_auto_pause");
  c.due = due_from(j);
  return c;
}

json instance_json(const Instance& i) {
  json j = {{"id", i.id},
            {"region", i.region},
            {"arn", i.arn},
            {"resource_id", i.resource_id},
            {"instance_class", i.instance_class},
            {"engine", i.engine},
            {"engine_version", i.engine_version},
            {"status", i.status},
            {"cluster_id", i.cluster_id},
            {"master_username", i.master_username},
            {"db_name", i.db_name},
            {"port", i.port},
            {"allocated_storage", i.allocated_storage},
            {"availability_zone", i.availability_zone},
            {"promotion_tier", i.promotion_tier},
            {"writer", i.writer},
            {"publicly_accessible", i.publicly_accessible},
            {"multi_az", i.multi_az},
            {"storage_encrypted", i.storage_encrypted},
            {"kms_key_id", i.kms_key_id},
            {"deletion_protection", i.deletion_protection},
            {"auto_minor_version_upgrade", i.auto_minor_version_upgrade},
            {"monitoring_interval", i.monitoring_interval},
            {"performance_insights", i.performance_insights},
            {"backup_retention", i.backup_retention},
            {"storage_type", i.storage_type},
            {"subnet_group", i.subnet_group},
            {"parameter_group", i.parameter_group},
            {"security_groups", i.security_groups},
            {"created", to_ms(i.created)},
            {"tags", tags_json(i.tags)}};
  put_due(j, i.due);
  return j;
}

Instance instance_from(const json& j) {
  Instance i;
  i.id = j.at("id").get<std::string>();
  i.region = j.at("region").get<std::string>();
  i.arn = j.at("arn").get<std::string>();
  i.resource_id = j.at("resource_id").get<std::string>();
  i.instance_class = j.at("instance_class").get<std::string>();
  i.engine = j.at("engine").get<std::string>();
  i.engine_version = j.at("engine_version").get<std::string>();
  i.status = j.at("status").get<std::string>();
  i.cluster_id = j.at("cluster_id").get<std::string>();
  i.master_username = j.at("master_username").get<std::string>();
  i.db_name = j.at("db_name").get<std::string>();
  i.port = j.at("port").get<int>();
  i.allocated_storage = j.at("allocated_storage").get<int>();
  i.availability_zone = j.at("availability_zone").get<std::string>();
  i.promotion_tier = j.at("promotion_tier").get<int>();
  i.writer = j.at("writer").get<bool>();
  i.publicly_accessible = j.at("publicly_accessible").get<bool>();
  i.multi_az = j.at("multi_az").get<bool>();
  i.storage_encrypted = j.at("storage_encrypted").get<bool>();
  i.kms_key_id = j.at("kms_key_id").get<std::string>();
  i.deletion_protection = j.at("deletion_protection").get<bool>();
  i.auto_minor_version_upgrade = j.at("auto_minor_version_upgrade").get<bool>();
  i.monitoring_interval = j.at("monitoring_interval").get<int>();
  i.performance_insights = j.at("performance_insights").get<bool>();
  i.backup_retention = j.at("backup_retention").get<int>();
  i.storage_type = j.at("storage_type").get<std::string>();
  i.subnet_group = j.at("subnet_group").get<std::string>();
  i.parameter_group = j.at("parameter_group").get<std::string>();
  i.security_groups = j.at("security_groups").get<std::vector<std::string>>();
  i.created = from_ms(j.at("created").get<long long>());
  i.tags = tags_from(j.at("tags"));
  i.due = due_from(j);
  return i;
}

json global_json(const GlobalCluster& g) {
  json j = {{"id", g.id},
            {"resource_id", g.resource_id},
            {"arn", g.arn},
            {"status", g.status},
            {"engine", g.engine},
            {"engine_version", g.engine_version},
            {"database_name", g.database_name},
            {"storage_encrypted", g.storage_encrypted},
            {"deletion_protection", g.deletion_protection},
            {"members", g.members},
            {"writer_arn", g.writer_arn},
            {"tags", tags_json(g.tags)}};
  if (g.failover) {
    j["failover"] = {{"status", g.failover->status},
                     {"from", g.failover->from_arn},
                     {"to", g.failover->to_arn},
                     {"data_loss", g.failover->data_loss}};
  }
  put_due(j, g.due);
  return j;
}

GlobalCluster global_from(const json& j) {
  GlobalCluster g;
  g.id = j.at("id").get<std::string>();
  g.resource_id = j.at("resource_id").get<std::string>();
  g.arn = j.at("arn").get<std::string>();
  g.status = j.at("status").get<std::string>();
  g.engine = j.at("engine").get<std::string>();
  g.engine_version = j.at("engine_version").get<std::string>();
  g.database_name = j.at("database_name").get<std::string>();
  g.storage_encrypted = j.at("storage_encrypted").get<bool>();
  g.deletion_protection = j.at("deletion_protection").get<bool>();
  g.members = j.at("members").get<std::vector<std::string>>();
  g.writer_arn = j.at("writer_arn").get<std::string>();
  g.tags = tags_from(j.at("tags"));
  if (j.contains("failover")) {
    const json& f = j.at("failover");
    FailoverState state;
    state.status = f.at("status").get<std::string>();
    state.from_arn = f.at("from").get<std::string>();
    state.to_arn = f.at("to").get<std::string>();
    state.data_loss = f.at("data_loss").get<bool>();
    g.failover = std::move(state);
  }
  g.due = due_from(j);
  return g;
}

}  // namespace

void RdsService::save(nlohmann::json& out) const {
  json regions = json::object();
  for (const auto& [name, r] : regions_) {
    json clusters = json::array();
    for (const auto& [id, c] : r.clusters) clusters.push_back(cluster_json(c));
    json instances = json::array();
    for (const auto& [id, i] : r.instances) instances.push_back(instance_json(i));
    json events = json::array();
    for (const Event& e : r.events) {
      events.push_back({{"seq", e.seq},
                        {"source_id", e.source_id},
                        {"source_type", e.source_type},
                        {"message", e.message},
                        {"categories", e.categories},
                        {"date", to_ms(e.date)},
                        {"source_arn", e.source_arn}});
    }
    regions[name] = {{"clusters", std::move(clusters)},
                     {"instances", std::move(instances)},
                     {"events", std::move(events)},
                     {"next_event", r.next_event}};
  }
  json globals = json::array();
  for (const auto& [id, g] : globals_) globals.push_back(global_json(g));
  out["regions"] = std::move(regions);
  out["global_clusters"] = std::move(globals);
  save_dynamics(out["aurora"]);
}

void RdsService::load(const nlohmann::json& in) {
  reset();
  if (in.contains("regions")) {
    for (const auto& [name, rj] : in.at("regions").items()) {
      RegionState& r = regions_[name];
      for (const json& j : rj.at("clusters")) {
        Cluster c = cluster_from(j);
        r.clusters.emplace(c.id, std::move(c));
      }
      for (const json& j : rj.at("instances")) {
        Instance i = instance_from(j);
        r.instances.emplace(i.id, std::move(i));
      }
      for (const json& j : rj.at("events")) {
        Event e;
        e.seq = j.at("seq").get<std::uint64_t>();
        e.source_id = j.at("source_id").get<std::string>();
        e.source_type = j.at("source_type").get<std::string>();
        e.message = j.at("message").get<std::string>();
        e.categories = j.at("categories").get<std::vector<std::string>>();
        e.date = from_ms(j.at("date").get<long long>());
        e.source_arn = j.at("source_arn").get<std::string>();
        r.events.push_back(std::move(e));
      }
      r.next_event = rj.at("next_event").get<std::uint64_t>();
    }
  }
  if (in.contains("global_clusters")) {
    for (const json& j : in.at("global_clusters")) {
      GlobalCluster g = global_from(j);
      globals_.emplace(g.id, std::move(g));
    }
  }
  if (in.contains("aurora")) load_dynamics(in.at("aurora"));
  // Pending transitions: those already due settle now (in the order they fell due), the
  // others are re-armed at their saved due time.
  struct Due {
    TimePoint when;
    int kind;  // 0 cluster, 1 instance, 2 global
    std::string region;
    std::string id;
  };
  std::vector<Due> due;
  for (const auto& [name, r] : regions_) {
    for (const auto& [id, c] : r.clusters) {
      if (c.due) due.push_back({*c.due, 0, name, id});
    }
    for (const auto& [id, i] : r.instances) {
      if (i.due) due.push_back({*i.due, 1, name, id});
    }
  }
  for (const auto& [id, g] : globals_) {
    if (g.due) due.push_back({*g.due, 2, "", id});
  }
  std::stable_sort(due.begin(), due.end(),
                   [](const Due& a, const Due& b) { return a.when < b.when; });
  for (const Due& d : due) {
    if (d.kind == 0) settle_cluster(d.region, d.id);
    else if (d.kind == 1) settle_instance(d.region, d.id);
    else settle_global(d.id);
  }
  ensure_dynamics();
}

void RdsService::reset() {
  cancel_pending();
  regions_.clear();
  globals_.clear();
  settings_ = DynamicsSettings{};
  lags_.clear();
}

}  // namespace rds

std::unique_ptr<Service> make_rds_service(FakeCloud::Core& core) {
  return std::make_unique<rds::RdsService>(core);
}

}  // namespace drh::fake
