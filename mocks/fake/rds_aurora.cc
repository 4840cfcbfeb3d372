// RDS in the fake: Aurora Global Database dynamics over virtual time.
//
// Each DB cluster has a write position (commits counted abstractly). Commits on a global
// cluster's writer are logged with their commit time; each secondary keeps the instant up
// to which it has applied the writer's log (applied_through), advanced every replication
// step to `now - lag` (lag drawn per step from the region pair's mean and jitter) while
// the fault book allows replication, and by at most catch_up_factor x step per step, so a
// backlog built during a pause drains faster than real time but not at once. The lag
// metrics are published into CloudWatch in each secondary's Region every minute.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "cloudwatch_service.h"
#include "drh/fake/aurora.h"
#include "rds_service.h"
#include "state_codec.h"

namespace drh::fake {

namespace rds {

namespace {

double ms_between(TimePoint from, TimePoint to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

/// The writer's position once every commit at or before `t` is applied (at least `current`).
std::uint64_t position_at(const GlobalCluster& g, TimePoint t, std::uint64_t current) {
  for (auto it = g.log.rbegin(); it != g.log.rend(); ++it) {
    if (it->at <= t) return std::max(current, it->position);
  }
  return current;
}

}  // namespace

RdsService::LagModel RdsService::lag_model(std::string_view from, std::string_view to) const {
  if (lags_.empty()) return LagModel{settings_.lag_mean, settings_.lag_jitter};
  auto it = lags_.find({std::string(from), std::string(to)});
  return it != lags_.end() ? it->second : LagModel{settings_.lag_mean, settings_.lag_jitter};
}

void RdsService::set_lag_model(std::string_view from, std::string_view to, LagModel m) {
  lags_[{std::string(from), std::string(to)}] = m;
}

void RdsService::set_dynamics_settings(const DynamicsSettings& s) {
  settings_ = s;
  stop_dynamics();
  ensure_dynamics();
}

std::string RdsService::write_block_reason(const Cluster& c) const {
  if (c.status == "creating" || c.status == "deleting") {
    return "DB cluster " + c.id + " is " + c.status;
  }
  if (core_.faults.region_down(c.region, core_.clock.now())) {
    return "Region " + c.region + " is down";
  }
  if (c.global_id.empty()) return {};
  auto it = globals_.find(c.global_id);
  if (it == globals_.end()) return {};
  const GlobalCluster& g = it->second;
  if (g.writer_arn != c.arn) {
    return "DB cluster " + c.id + " is a read-only secondary of global cluster " + g.id;
  }
  if (g.failover) {
    return "writes to DB cluster " + c.id + " are blocked while global cluster " + g.id +
           " is " + g.failover->status;
  }
  return {};
}

void RdsService::commit(Cluster& c, std::uint64_t n) {
  if (n == 0) return;
  c.position += n;
  if (c.global_id.empty()) return;
  auto it = globals_.find(c.global_id);
  if (it == globals_.end() || it->second.writer_arn != c.arn) return;
  GlobalCluster& g = it->second;
  const TimePoint now = core_.clock.now();
  if (!g.log.empty() && g.log.back().at == now) {
    g.log.back().position = c.position;
  } else {
    g.log.push_back(Commit{now, c.position});
  }
}

bool RdsService::dynamics_needed() const {
  if (!globals_.empty()) return true;
  for (const auto& [name, r] : regions_) {
    for (const auto& [id, c] : r.clusters) {
      if (c.write_rate > 0) return true;
    }
  }
  return false;
}

void RdsService::ensure_dynamics() {
  if (replication_task_ != 0 || !dynamics_needed()) return;
  const std::uint64_t generation = ++dynamics_generation_;
  last_step_ = core_.clock.now();
  replication_task_ = core_.clock.schedule_every(
      settings_.replication_step,
      [this, generation] {
        std::lock_guard lock(core_.mutex);
        if (generation == dynamics_generation_) replication_step();
      },
      "rds aurora replication", settings_.replication_step);
  metrics_task_ = core_.clock.schedule_every(
      settings_.metric_period,
      [this, generation] {
        std::lock_guard lock(core_.mutex);
        if (generation == dynamics_generation_) publish_lag_metrics();
      },
      "rds aurora lag metrics", settings_.metric_period);
}

void RdsService::stop_dynamics() {
  ++dynamics_generation_;
  if (replication_task_ != 0) core_.clock.cancel(replication_task_);
  if (metrics_task_ != 0) core_.clock.cancel(metrics_task_);
  replication_task_ = 0;
  metrics_task_ = 0;
}

void RdsService::replication_step() {
  const TimePoint now = core_.clock.now();
  Duration dt = now - last_step_;
  if (dt <= Duration::zero()) dt = settings_.replication_step;
  last_step_ = now;
  // Steady writes, where the cluster takes them.
  for (auto& [name, r] : regions_) {
    for (auto& [id, c] : r.clusters) {
      if (c.write_rate <= 0) continue;
      c.write_carry += c.write_rate * std::chrono::duration<double>(dt).count();
      const auto n = static_cast<std::uint64_t>(std::floor(c.write_carry));
      c.write_carry -= static_cast<double>(n);
      if (n > 0 && write_block_reason(c).empty()) commit(c, n);
    }
  }
  for (auto& [id, g] : globals_) step_global(g, now, dt);
  if (!dynamics_needed()) stop_dynamics();
}

void RdsService::step_global(GlobalCluster& g, TimePoint now, Duration dt) {
  Cluster* primary = cluster_by_arn(g.writer_arn);
  if (primary == nullptr) return;
  const bool failing_over = g.failover && g.failover->data_loss;
  std::uint64_t keep_from = primary->position;  // the log older than every secondary goes
  for (const std::string& arn : g.members) {
    if (arn == g.writer_arn) continue;
    Cluster* s = cluster_by_arn(arn);
    if (s == nullptr) continue;
    if (s->pending_resync) {
      keep_from = std::min(keep_from, s->resync_position);
      if (!g.failover && !core_.faults.region_down(s->region, now)) rejoin(g, *s);
      continue;
    }
    if (!s->applied_through) {
      // A new secondary starts from a copy of the primary's volume.
      s->applied_through = now;
      s->position = primary->position;
      continue;
    }
    keep_from = std::min(keep_from, s->position);
    if (failing_over && g.failover->to_arn == arn) continue;  // promoted with what it has
    if (!core_.faults.replication_allowed("rds", primary->region, s->region, now)) continue;
    const LagModel m = lag_model(primary->region, s->region);
    const TimePoint target = now - core_.clock.jittered(m.mean, m.jitter);
    const TimePoint limit =
        *s->applied_through +
        std::chrono::duration_cast<Duration>(
            std::chrono::duration<double, std::nano>(dt) * settings_.catch_up_factor);
    const TimePoint through = std::min(target, limit);
    if (through <= *s->applied_through) continue;
    s->applied_through = through;
    s->position = position_at(g, through, s->position);
  }
  while (!g.log.empty() && g.log.front().position <= keep_from) g.log.pop_front();

  if (g.failover && !g.failover->data_loss && !g.failover->synced_at) {
    // A switchover changes roles only once the target has applied every commit.
    const Cluster* target = cluster_by_arn(g.failover->to_arn);
    if (target != nullptr && target->position >= primary->position) {
      g.failover->synced_at = now;
      g.due = now + settings_.switchover_delay;
      schedule_global(g.id, *g.due);
      add_event(target->region, target->id, "db-cluster",
                "Global switchover to DB cluster " + target->id + ": the secondary has " +
                    "applied all " + std::to_string(primary->position) +
                    " commits of DB cluster " + primary->id + "; changing roles.",
                {"notification"}, target->arn);
    }
  }
}

void RdsService::rejoin(GlobalCluster& g, Cluster& s) {
  s.pending_resync = false;
  const std::uint64_t discarded =
      s.position > s.resync_position ? s.position - s.resync_position : 0;
  s.position = s.resync_position;
  s.applied_through = s.resync_from;
  s.write_carry = 0;
  if (s.status == "modifying") s.status = "available";
  recompute_writer(s);
  const Cluster* primary = cluster_by_arn(g.writer_arn);
  add_event(s.region, s.id, "db-cluster",
            "DB cluster " + s.id + " rejoined global cluster " + g.id +
                " as a secondary of DB cluster " +
                (primary != nullptr ? primary->id : std::string("(none)")) + "; " +
                std::to_string(discarded) +
                " commits it had not replicated before the global failover were discarded.",
            {"notification"}, s.arn);
}

double RdsService::replication_lag_ms(const Cluster& s) const {
  if (!s.applied_through) return 0;
  return std::max(0.0, ms_between(*s.applied_through, core_.clock.now()));
}

double RdsService::rpo_lag_ms(const GlobalCluster& g, const Cluster& s) const {
  for (const Commit& c : g.log) {
    if (c.position > s.position) return std::max(0.0, ms_between(c.at, core_.clock.now()));
  }
  return 0;
}

void RdsService::publish_lag_metrics() {
  Service* cw_service = core_.find("cloudwatch");
  if (cw_service == nullptr) return;
  auto& cw = static_cast<CloudWatchService&>(*cw_service);
  const TimePoint now = core_.clock.now();
  for (const auto& [id, g] : globals_) {
    Cluster* primary = cluster_by_arn(g.writer_arn);
    if (primary == nullptr) continue;
    for (const std::string& arn : g.members) {
      if (arn == g.writer_arn) continue;
      const Cluster* s = cluster_by_arn(arn);
      if (s == nullptr || s->pending_resync || !s->applied_through) continue;
      if (g.failover && g.failover->data_loss && g.failover->to_arn == arn) continue;
      if (core_.faults.region_down(s->region, now)) continue;  // its CloudWatch is down too
      const double values[] = {replication_lag_ms(*s), rpo_lag_ms(g, *s)};
      const char* names[] = {"AuroraGlobalDBReplicationLag", "AuroraGlobalDBRPOLag"};
      for (int i = 0; i < 2; ++i) {
        cw.put_datapoint(s->region,
                         cw::MetricKey{"AWS/RDS", names[i], {{"DBClusterIdentifier", s->id}}},
                         now, values[i], "Milliseconds");
        cw.put_datapoint(s->region,
                         cw::MetricKey{"AWS/RDS",
                                       names[i],
                                       {{"DBClusterIdentifier", s->id},
                                        {"SourceRegion", primary->region}}},
                         now, values[i], "Milliseconds");
      }
    }
  }
}

// ---------------------------------------------------------------- state

namespace {

using nlohmann::json;

long long ns_of(Duration d) { return d.count(); }
Duration from_ns(long long ns) { return Duration(ns); }

}  // namespace

void RdsService::save_dynamics(nlohmann::json& out) const {
  json lags = json::array();
  for (const auto& [pair, m] : lags_) {
    lags.push_back({{"from", pair.first},
                    {"to", pair.second},
                    {"mean_ns", ns_of(m.mean)},
                    {"jitter_ns", ns_of(m.jitter)}});
  }
  json clusters = json::array();
  for (const auto& [name, r] : regions_) {
    for (const auto& [id, c] : r.clusters) {
      if (c.position == 0 && !c.applied_through && c.write_rate == 0 && !c.pending_resync) {
        continue;
      }
      json j = {{"region", name},          {"id", id},
                {"position", c.position},  {"write_rate", c.write_rate},
                {"write_carry", c.write_carry}, {"pending_resync", c.pending_resync},
                {"resync_position", c.resync_position},
                {"resync_from", to_ms(c.resync_from)}};
      if (c.applied_through) j["applied_through"] = to_ms(*c.applied_through);
      clusters.push_back(std::move(j));
    }
  }
  json globals = json::array();
  for (const auto& [id, g] : globals_) {
    json log = json::array();
    for (const Commit& c : g.log) log.push_back({to_ms(c.at), c.position});
    json j = {{"id", id}, {"log", std::move(log)}, {"failover_started", to_ms(g.failover_started)}};
    if (g.failover) {
      json f = {{"fork_position", g.failover->fork_position},
                {"lost_commits", g.failover->lost_commits},
                {"lost_ms", g.failover->lost_ms}};
      if (g.failover->synced_at) f["synced_at"] = to_ms(*g.failover->synced_at);
      j["failover"] = std::move(f);
    }
    if (g.last_failover) {
      const FailoverRecord& r = *g.last_failover;
      j["last_failover"] = {{"from", r.from_arn},           {"to", r.to_arn},
                            {"data_loss", r.data_loss},     {"lost_commits", r.lost_commits},
                            {"lost_ms", r.lost_ms},         {"started", to_ms(r.started)},
                            {"completed", to_ms(r.completed)}};
    }
    globals.push_back(std::move(j));
  }
  out = {{"settings",
          {{"replication_step_ns", ns_of(settings_.replication_step)},
           {"lag_mean_ns", ns_of(settings_.lag_mean)},
           {"lag_jitter_ns", ns_of(settings_.lag_jitter)},
           {"catch_up_factor", settings_.catch_up_factor},
           {"switchover_delay_ns", ns_of(settings_.switchover_delay)},
           {"failover_delay_ns", ns_of(settings_.failover_delay)},
           {"metric_period_ns", ns_of(settings_.metric_period)}}},
         {"lags", std::move(lags)},
         {"clusters", std::move(clusters)},
         {"globals", std::move(globals)}};
}

void RdsService::load_dynamics(const nlohmann::json& in) {
  if (in.contains("settings")) {
    const json& s = in.at("settings");
    settings_.replication_step = from_ns(s.at("replication_step_ns").get<long long>());
    settings_.lag_mean = from_ns(s.at("lag_mean_ns").get<long long>());
    settings_.lag_jitter = from_ns(s.at("lag_jitter_ns").get<long long>());
    settings_.catch_up_factor = s.at("catch_up_factor").get<double>();
    settings_.switchover_delay = from_ns(s.at("switchover_delay_ns").get<long long>());
    settings_.failover_delay = from_ns(s.at("failover_delay_ns").get<long long>());
    settings_.metric_period = from_ns(s.at("metric_period_ns").get<long long>());
  }
  for (const json& l : in.value("lags", json::array())) {
    lags_[{l.at("from").get<std::string>(), l.at("to").get<std::string>()}] =
        LagModel{from_ns(l.at("mean_ns").get<long long>()),
                 from_ns(l.at("jitter_ns").get<long long>())};
  }
  for (const json& j : in.value("clusters", json::array())) {
    auto r = regions_.find(j.at("region").get<std::string>());
    if (r == regions_.end()) continue;
    auto it = r->second.clusters.find(j.at("id").get<std::string>());
    if (it == r->second.clusters.end()) continue;
    Cluster& c = it->second;
    c.position = j.at("position").get<std::uint64_t>();
    c.write_rate = j.at("write_rate").get<double>();
    c.write_carry = j.at("write_carry").get<double>();
    c.pending_resync = j.at("pending_resync").get<bool>();
    c.resync_position = j.at("resync_position").get<std::uint64_t>();
    c.resync_from = from_ms(j.at("resync_from").get<long long>());
    if (j.contains("applied_through")) {
      c.applied_through = from_ms(j.at("applied_through").get<long long>());
    }
  }
  for (const json& j : in.value("globals", json::array())) {
    auto it = globals_.find(j.at("id").get<std::string>());
    if (it == globals_.end()) continue;
    GlobalCluster& g = it->second;
    for (const json& c : j.at("log")) {
      g.log.push_back(Commit{from_ms(c.at(0).get<long long>()), c.at(1).get<std::uint64_t>()});
    }
    g.failover_started = from_ms(j.at("failover_started").get<long long>());
    if (j.contains("failover") && g.failover) {
      const json& f = j.at("failover");
      g.failover->fork_position = f.at("fork_position").get<std::uint64_t>();
      g.failover->lost_commits = f.at("lost_commits").get<std::uint64_t>();
      g.failover->lost_ms = f.at("lost_ms").get<double>();
      if (f.contains("synced_at")) g.failover->synced_at = from_ms(f.at("synced_at").get<long long>());
    }
    if (j.contains("last_failover")) {
      const json& l = j.at("last_failover");
      FailoverRecord r;
      r.from_arn = l.at("from").get<std::string>();
      r.to_arn = l.at("to").get<std::string>();
      r.data_loss = l.at("data_loss").get<bool>();
      r.lost_commits = l.at("lost_commits").get<std::uint64_t>();
      r.lost_ms = l.at("lost_ms").get<double>();
      r.started = from_ms(l.at("started").get<long long>());
      r.completed = from_ms(l.at("completed").get<long long>());
      g.last_failover = std::move(r);
    }
  }
}

}  // namespace rds

// ---------------------------------------------------------------- public test controls

namespace aurora {

namespace {

rds::RdsService& service(FakeCloud& cloud) {
  return cloud.core().get<rds::RdsService>("rds");
}

Error not_found(std::string_view what, std::string_view id) {
  return make_error(ErrorKind::kInvalidInput, std::string(what) + "NotFoundFault",
                    std::string(what) + " " + std::string(id) + " not found");
}

/// The cluster by identifier or ARN in `region`, or nullptr.
rds::Cluster* find(rds::RdsService& rds, std::string_view region, std::string_view id) {
  const rds::Cluster* c = rds.find_cluster(region, id);
  return const_cast<rds::Cluster*>(c);  // the service owns it; the world lock is held
}

}  // namespace

Result<std::uint64_t> commit_writes(FakeCloud& cloud, std::string_view region,
                                    std::string_view cluster_id, std::uint64_t n) {
  std::lock_guard lock(cloud.core().mutex);
  rds::RdsService& rds = service(cloud);
  rds::Cluster* c = find(rds, region, cluster_id);
  if (c == nullptr) return not_found("DBCluster", cluster_id);
  if (std::string why = rds.write_block_reason(*c); !why.empty()) {
    return make_error(ErrorKind::kInvalidInput, "WritesRejected", std::move(why));
  }
  rds.commit(*c, n);
  rds.ensure_dynamics();
  return c->position;
}

Status set_write_rate(FakeCloud& cloud, std::string_view region, std::string_view cluster_id,
                      double per_second) {
  if (!(per_second >= 0) || std::isinf(per_second)) {
    return invalid_input("write rate must be a finite number >= 0");
  }
  std::lock_guard lock(cloud.core().mutex);
  rds::RdsService& rds = service(cloud);
  rds::Cluster* c = find(rds, region, cluster_id);
  if (c == nullptr) return not_found("DBCluster", cluster_id);
  c->write_rate = per_second;
  if (per_second == 0) c->write_carry = 0;
  rds.ensure_dynamics();
  return Ok{};
}

Status set_replication_lag(FakeCloud& cloud, std::string_view from_region,
                           std::string_view to_region, Duration mean, Duration jitter) {
  if (mean < Duration::zero() || jitter < Duration::zero()) {
    return invalid_input("replication lag mean and jitter must be >= 0");
  }
  std::lock_guard lock(cloud.core().mutex);
  service(cloud).set_lag_model(from_region, to_region, {mean, jitter});
  return Ok{};
}

Settings settings(FakeCloud& cloud) {
  std::lock_guard lock(cloud.core().mutex);
  const auto& s = service(cloud).dynamics_settings();
  return Settings{s.replication_step, s.lag_mean,         s.lag_jitter,   s.catch_up_factor,
                  s.switchover_delay, s.failover_delay, s.metric_period};
}

Status configure(FakeCloud& cloud, const Settings& s) {
  if (s.replication_step <= Duration::zero() || s.metric_period <= Duration::zero() ||
      s.switchover_delay < Duration::zero() || s.failover_delay < Duration::zero()) {
    return invalid_input("Aurora settings: periods must be > 0 and delays >= 0");
  }
  if (s.lag_mean < Duration::zero() || s.lag_jitter < Duration::zero()) {
    return invalid_input("Aurora settings: replication lag mean and jitter must be >= 0");
  }
  if (!(s.catch_up_factor >= 1) || std::isinf(s.catch_up_factor)) {
    return invalid_input("Aurora settings: catch_up_factor must be a finite number >= 1");
  }
  std::lock_guard lock(cloud.core().mutex);
  rds::RdsService::DynamicsSettings d;
  d.replication_step = s.replication_step;
  d.lag_mean = s.lag_mean;
  d.lag_jitter = s.lag_jitter;
  d.catch_up_factor = s.catch_up_factor;
  d.switchover_delay = s.switchover_delay;
  d.failover_delay = s.failover_delay;
  d.metric_period = s.metric_period;
  service(cloud).set_dynamics_settings(d);
  return Ok{};
}

Result<GlobalDatabase> global_database(FakeCloud& cloud, std::string_view global_id) {
  std::lock_guard lock(cloud.core().mutex);
  rds::RdsService& rds = service(cloud);
  const rds::GlobalCluster* g = rds.find_global(global_id);
  if (g == nullptr) return not_found("GlobalCluster", global_id);
  GlobalDatabase out;
  out.id = g->id;
  out.status = g->status;
  if (g->failover) out.failover_status = g->failover->status;
  const rds::Cluster* writer = rds.cluster_by_arn(g->writer_arn);
  for (const std::string& arn : g->members) {
    const rds::Cluster* c = rds.cluster_by_arn(arn);
    if (c == nullptr) continue;
    Member m;
    m.cluster_arn = arn;
    m.region = c->region;
    m.cluster_id = c->id;
    m.writer = arn == g->writer_arn;
    m.status = c->status;
    m.synchronization = c->pending_resync ? "pending-resync" : "connected";
    m.position = c->position;
    if (!m.writer && writer != nullptr) {
      m.behind = writer->position > c->position ? writer->position - c->position : 0;
      if (!c->pending_resync) {
        m.replication_lag_ms = rds.replication_lag_ms(*c);
        m.rpo_lag_ms = rds.rpo_lag_ms(*g, *c);
      }
    }
    out.members.push_back(std::move(m));
  }
  if (g->last_failover) {
    const rds::FailoverRecord& r = *g->last_failover;
    out.last_failover = LastFailover{r.from_arn,     r.to_arn,  r.data_loss, r.lost_commits,
                                     r.lost_ms,      r.started, r.completed};
  }
  return out;
}

}  // namespace aurora

}  // namespace drh::fake
