// The built-in drills (switchover, dns-failover) and the undos of their step kinds.
#include <algorithm>
#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "drh/aws/rds.h"
#include "drh/aws/route53.h"
#include "drh/client/connection.h"
#include "drh/drill/drill.h"

namespace drh::drill {
namespace {

using nlohmann::json;

constexpr const char* kSwitchoverKind = "aurora-switchover";
constexpr const char* kInvertedKind = "route53-health-check-inverted";

std::string join(const std::vector<std::string>& parts, const char* sep = ", ") {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

/// Lower case, no trailing dot: how DNS names compare.
std::string dns(std::string_view name) {
  std::string s(name);
  while (!s.empty() && s.back() == '.') s.pop_back();
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

long long whole_seconds(Duration d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}

Duration from_seconds(const json& params, const char* key, Duration fallback) {
  if (!params.contains(key) || !params[key].is_number()) return fallback;
  return std::chrono::duration_cast<Duration>(
      std::chrono::duration<double>(params[key].get<double>()));
}

Result<json> parse_params(std::string_view text, std::initializer_list<const char*> required) {
  auto j = json::parse(text.empty() ? std::string_view("{}") : text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return invalid_input("undo params are not a JSON object");
  for (const char* key : required) {
    if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty()) {
      return invalid_input(std::string("undo params lack '") + key + "'");
    }
  }
  return j;
}

/// Polls `probe` on `clock` every `interval` until done or `deadline` has passed.
Status wait_for(Clock& clock, Duration deadline, Duration interval, const std::string& what,
                const std::function<Result<Probe>()>& probe) {
  const TimePoint until = clock.now() + deadline;
  std::string last;
  for (;;) {
    auto p = probe();
    if (!p) return p.error();
    if (p->done) return Ok{};
    last = p->message;
    const TimePoint now = clock.now();
    if (now >= until) {
      return make_error(
          ErrorKind::kTimeout, "DrillUndoTimeout",
          what + " not within " + std::to_string(whole_seconds(deadline)) + " s: " + last);
    }
    clock.sleep_for(std::min<Duration>(interval, until - now));
  }
}

// ------------------------------------------------------------------ Aurora

Result<aws::GlobalCluster> describe_global(aws::RdsApi& rds, std::string_view region,
                                           const std::string& id) {
  aws::DescribeGlobalClustersRequest req;
  req.GlobalClusterIdentifier = id;
  auto got = rds.DescribeGlobalClustersAll(region, req);
  if (!got) return got.error();
  for (auto& g : *got) {
    if (g.GlobalClusterIdentifier == id || g.GlobalClusterArn == id) return g;
  }
  return make_error(ErrorKind::kAws, "GlobalClusterNotFoundFault",
                    "global cluster " + id + " not found in " + std::string(region));
}

/// Reads the global cluster in the first region of `regions` that answers.
Result<aws::GlobalCluster> describe_global_any(aws::RdsApi& rds,
                                               const std::vector<std::string>& regions,
                                               const std::string& id) {
  std::optional<Error> first;
  for (const auto& r : regions) {
    if (r.empty()) continue;
    auto g = describe_global(rds, r, id);
    if (g) return g;
    if (!first) first = g.error();
  }
  return first ? *first : invalid_input("no region to read global cluster " + id + " in");
}

std::string describe_state(const aws::GlobalCluster& g) {
  std::vector<std::string> members;
  for (const auto& m : g.GlobalClusterMembers) {
    members.push_back(m.DBClusterArn + (m.IsWriter ? " writer" : " reader") +
                      (m.SynchronizationStatus.empty() ? "" : " " + m.SynchronizationStatus));
  }
  return "global cluster " + g.GlobalClusterIdentifier + " " + g.Status +
         (g.FailoverState
              ? ", " + g.FailoverState->Status + " from " + g.FailoverState->FromDbClusterArn +
                    " to " + g.FailoverState->ToDbClusterArn
              : std::string(", no failover in progress")) +
         "; members: " + join(members);
}

/// Done when `writer_arn` is the writer, nothing is switching and every member is connected.
Probe settled_on(const aws::GlobalCluster& g, const std::string& writer_arn) {
  const auto* w = g.writer();
  bool connected = true;
  for (const auto& m : g.GlobalClusterMembers) {
    if (!m.SynchronizationStatus.empty() && m.SynchronizationStatus != "connected")
      connected = false;
  }
  Probe p;
  p.done = w && w->DBClusterArn == writer_arn && !g.FailoverState && g.Status == "available" &&
           connected;
  p.message = describe_state(g);
  return p;
}

std::string region_of_arn(const std::string& arn) {
  auto parts = aws::parse_rds_arn(arn);
  return parts ? parts->region : std::string();
}

Status undo_switchover(UndoEnv& env, std::string_view text) {
  auto params = parse_params(text, {"global_cluster", "writer_arn"});
  if (!params) return params.error();
  if (!env.connection) return invalid_input("the aurora-switchover undo needs a connection");
  const json& p = *params;
  const std::string gid = p["global_cluster"];
  const std::string writer = p["writer_arn"];
  const std::string target = p.value("target_arn", "");
  const Duration deadline = from_seconds(p, "deadline_seconds", std::chrono::minutes(15));
  const Duration poll = from_seconds(p, "poll_seconds", std::chrono::seconds(5));
  const std::vector<std::string> regions = {region_of_arn(writer), region_of_arn(target)};
  aws::RdsClient rds(*env.connection);

  // A switchover still running (the drill died or gave up mid-way) must end first.
  auto idle = wait_for(env.clock, deadline, poll, "the running switchover of " + gid + " to end",
                       [&]() -> Result<Probe> {
                         auto g = describe_global_any(rds, regions, gid);
                         if (!g) return g.error();
                         Probe pr;
                         pr.done = !g->FailoverState && g->Status == "available";
                         pr.message = describe_state(*g);
                         return pr;
                       });
  if (!idle) return idle;
  auto g = describe_global_any(rds, regions, gid);
  if (!g) return g.error();
  const auto* w = g->writer();
  if (!w) return make_error(ErrorKind::kAws, "NoWriter", describe_state(*g) + ": no writer");
  if (w->DBClusterArn != writer) {
    aws::SwitchoverGlobalClusterRequest req;
    req.GlobalClusterIdentifier = gid;
    req.TargetDbClusterIdentifier = writer;
    // Made in the current writer's Region; when that Region does not answer, in the
    // Region being switched back to (a member's Region, which RDS also accepts).
    auto back = rds.SwitchoverGlobalCluster(region_of_arn(w->DBClusterArn), req);
    if (!back && (back.error().http_status >= 500 || back.error().kind == ErrorKind::kNetwork) &&
        region_of_arn(writer) != region_of_arn(w->DBClusterArn)) {
      back = rds.SwitchoverGlobalCluster(region_of_arn(writer), req);
    }
    if (!back) return back.error();
  }
  return wait_for(env.clock, deadline, poll, "writer of " + gid + " back on " + writer,
                  [&]() -> Result<Probe> {
                    auto now = describe_global_any(rds, regions, gid);
                    if (!now) return now.error();
                    return settled_on(*now, writer);
                  });
}

// ------------------------------------------------------------------ Route 53

std::string value_of(const aws::ResourceRecordSet& r) {
  if (r.AliasTarget) return r.AliasTarget->DNSName;
  std::vector<std::string> values;
  for (const auto& v : r.ResourceRecords) values.push_back(v.Value);
  return join(values);
}

struct DnsAnswer {
  bool has = false;
  std::string text;  ///< "NOERROR a.example.com"
};

Result<DnsAnswer> answer_has(aws::Route53Api& r53, const std::string& zone, const std::string& name,
                             const std::string& type, const std::string& want) {
  auto a = r53.TestDNSAnswer({.HostedZoneId = zone, .RecordName = name, .RecordType = type});
  if (!a) return a.error();
  DnsAnswer out;
  out.text = a->ResponseCode + " " + (a->RecordData.empty() ? "(no data)" : join(a->RecordData));
  out.has = a->ResponseCode == "NOERROR" &&
            std::any_of(a->RecordData.begin(), a->RecordData.end(),
                        [&](const std::string& v) { return dns(v) == dns(want); });
  return out;
}

/// Healthy checkers out of all, from GetHealthCheckStatus.
struct Health {
  int healthy = 0, total = 0;
  /// Route 53 calls a check healthy while more than 18% of its checkers say so.
  bool is_healthy() const { return total == 0 || healthy * 100 > total * 18; }
  std::string text(const std::string& id) const {
    return "health check " + id + ": " + std::to_string(healthy) + " of " + std::to_string(total) +
           " checkers report healthy";
  }
};

Result<Health> health_of(aws::Route53Api& r53, const std::string& id) {
  auto s = r53.GetHealthCheckStatus({.HealthCheckId = id});
  if (!s) return s.error();
  Health h;
  for (const auto& o : s->HealthCheckObservations) {
    ++h.total;
    if (o.StatusReport && o.StatusReport->Status.rfind("Success", 0) == 0) ++h.healthy;
  }
  return h;
}

Status undo_inverted(UndoEnv& env, std::string_view text) {
  auto params = parse_params(text, {"health_check"});
  if (!params) return params.error();
  if (!env.connection)
    return invalid_input("the " + std::string(kInvertedKind) + " undo needs a connection");
  const json& p = *params;
  const std::string id = p["health_check"];
  aws::Route53Client r53(*env.connection);
  auto updated =
      r53.UpdateHealthCheck({.HealthCheckId = id, .Inverted = p.value("inverted", false)});
  if (!updated) return updated.error();
  const std::string zone = p.value("zone", ""), name = p.value("name", ""),
                    type = p.value("type", ""), expect = p.value("expect", "");
  if (zone.empty() || name.empty() || expect.empty()) return Ok{};
  return wait_for(env.clock, from_seconds(p, "deadline_seconds", std::chrono::minutes(15)),
                  from_seconds(p, "poll_seconds", std::chrono::seconds(5)),
                  name + " answering " + expect + " again", [&]() -> Result<Probe> {
                    auto a = answer_has(r53, zone, name, type, expect);
                    if (!a) return a.error();
                    Probe pr;
                    pr.done = a->has;
                    pr.message = name + " " + type + " -> " + a->text;
                    return pr;
                  });
}

}  // namespace

const UndoRegistry& builtin_undos() {
  static const UndoRegistry registry = [] {
    UndoRegistry r;
    r.add(kSwitchoverKind, undo_switchover);
    r.add(kInvertedKind, undo_inverted);
    return r;
  }();
  return registry;
}

const std::vector<std::string>& builtin_drill_names() {
  static const std::vector<std::string> names = {"switchover", "dns-failover"};
  return names;
}

// ------------------------------------------------------------------ switchover

Result<Drill> switchover_drill(const fixtures::Deployment& d, AwsConnection& connection,
                               const BuiltinOptions& options) {
  std::vector<std::string> missing;
  if (d.global_cluster_id.empty()) missing.push_back("GlobalClusterId");
  if (d.primary_region.empty()) missing.push_back("PrimaryRegion");
  if (d.secondary_region.empty()) missing.push_back("SecondaryRegion");
  if (!missing.empty()) {
    return invalid_input("the switchover drill needs " + join(missing) +
                         " in the deployment's outputs");
  }
  auto rds = std::make_shared<aws::RdsClient>(connection);
  auto g = describe_global(*rds, d.primary_region, d.global_cluster_id);
  if (!g) return g.error();
  std::string primary_arn, secondary_arn;
  for (const auto& m : g->GlobalClusterMembers) {
    const std::string region = region_of_arn(m.DBClusterArn);
    if (region == d.primary_region && primary_arn.empty()) primary_arn = m.DBClusterArn;
    if (region == d.secondary_region && secondary_arn.empty()) secondary_arn = m.DBClusterArn;
  }
  if (primary_arn.empty() || secondary_arn.empty()) {
    return invalid_input("global cluster " + d.global_cluster_id + " has no member in " +
                         (primary_arn.empty() ? d.primary_region : d.secondary_region) + ": " +
                         describe_state(*g));
  }
  const std::string gid = d.global_cluster_id;
  const std::string primary_region = d.primary_region, secondary_region = d.secondary_region;

  Drill drill;
  drill.name = "switchover";

  Step pre;
  pre.name = "global cluster " + gid + " available with its writer in " + primary_region;
  pre.deadline = Duration::zero();
  pre.verify = [rds, gid, primary_region, primary_arn]() -> Result<Probe> {
    auto now = describe_global(*rds, primary_region, gid);
    if (!now) return now.error();
    Probe p = settled_on(*now, primary_arn);
    if (!p.done) p.message = "expected writer " + primary_arn + ", settled: " + p.message;
    return p;
  };
  drill.steps.push_back(std::move(pre));

  Step sw;
  sw.name = "switch " + gid + " over to " + secondary_arn;
  sw.kind = kSwitchoverKind;
  sw.params = json{{"global_cluster", gid},
                   {"writer_arn", primary_arn},
                   {"target_arn", secondary_arn},
                   {"deadline_seconds", whole_seconds(options.undo_deadline)},
                   {"poll_seconds", std::chrono::duration<double>(options.poll_interval).count()}}
                  .dump();
  sw.deadline = options.deadline;
  sw.poll_interval = options.poll_interval;
  sw.phase = "writer-promoted";
  sw.action = [rds, gid, primary_region, secondary_arn]() -> Status {
    aws::SwitchoverGlobalClusterRequest req;
    req.GlobalClusterIdentifier = gid;
    req.TargetDbClusterIdentifier = secondary_arn;
    auto r = rds->SwitchoverGlobalCluster(primary_region, req);
    if (!r) return r.error();
    return Ok{};
  };
  sw.verify = [rds, gid, secondary_region, primary_region, secondary_arn]() -> Result<Probe> {
    auto now = describe_global_any(*rds, {secondary_region, primary_region}, gid);
    if (!now) return now.error();
    return settled_on(*now, secondary_arn);
  };
  drill.steps.push_back(std::move(sw));

  Step rpo;
  rpo.name = "RPO 0: no commit lost by the switchover";
  rpo.deadline = Duration::zero();
  rpo.verify = [lost = options.lost_commits]() -> Result<Probe> {
    Probe p;
    p.done = true;
    if (!lost) {
      p.message = "lost commits not measurable on this target; every member connected";
      return p;
    }
    auto n = lost();
    if (!n) return n.error();
    if (*n != 0) {
      return make_error(
          ErrorKind::kAws, "RpoNotZero",
          "RPO must be 0, but the switchover lost " + std::to_string(*n) + " commit(s)");
    }
    p.message = "0 commits lost";
    p.metrics["rpo_lost_commits"] = 0;
    return p;
  };
  drill.steps.push_back(std::move(rpo));
  return drill;
}

// ------------------------------------------------------------------ dns-failover

Result<Drill> dns_failover_drill(const fixtures::Deployment& d, AwsConnection& connection,
                                 const BuiltinOptions& options) {
  std::vector<std::string> missing;
  if (d.hosted_zone_id.empty()) missing.push_back("HostedZoneId");
  if (d.primary_health_check_id.empty()) missing.push_back("PrimaryHealthCheckId");
  if (!missing.empty()) {
    return invalid_input("the dns-failover drill needs " + join(missing) +
                         " in the deployment's outputs");
  }
  auto r53 = std::make_shared<aws::Route53Client>(connection);
  const std::string zone = d.hosted_zone_id, hc = d.primary_health_check_id;
  auto sets = r53->ListResourceRecordSetsAll({.HostedZoneId = zone});
  if (!sets) return sets.error();
  const aws::ResourceRecordSet* primary = nullptr;
  for (const auto& r : *sets) {
    if (r.Failover != "PRIMARY") continue;
    const bool named =
        !d.failover_record_name.empty() && dns(r.Name) == dns(d.failover_record_name);
    if (named || (d.failover_record_name.empty() &&
                  aws::route53_id(r.HealthCheckId) == aws::route53_id(hc))) {
      primary = &r;
      break;
    }
  }
  if (!primary) {
    return invalid_input("zone " + zone + " has no PRIMARY failover record " +
                         (d.failover_record_name.empty() ? "on health check " + hc
                                                         : "named " + d.failover_record_name));
  }
  const aws::ResourceRecordSet* secondary = nullptr;
  for (const auto& r : *sets) {
    if (r.Failover == "SECONDARY" && dns(r.Name) == dns(primary->Name) && r.Type == primary->Type) {
      secondary = &r;
    }
  }
  if (!secondary) {
    return invalid_input("zone " + zone + " has no SECONDARY record for " + primary->Name + " " +
                         primary->Type);
  }
  auto current = r53->GetHealthCheck({.HealthCheckId = hc});
  if (!current) return current.error();
  const bool was_inverted = current->HealthCheck.HealthCheckConfig.Inverted.value_or(false);

  const std::string name = primary->Name, type = primary->Type;
  const std::string want_primary = value_of(*primary), want_secondary = value_of(*secondary);
  const std::string secondary_hc = secondary->HealthCheckId;

  Drill drill;
  drill.name = "dns-failover";

  Step pre;
  pre.name = name + " " + type + " answers its PRIMARY value " + want_primary;
  pre.deadline = Duration::zero();
  pre.verify = [r53, zone, name, type, want_primary]() -> Result<Probe> {
    auto a = answer_has(*r53, zone, name, type, want_primary);
    if (!a) return a.error();
    Probe p;
    p.done = a->has;
    p.message = "expected " + want_primary + " before the drill, got " + a->text;
    if (p.done) p.message = name + " " + type + " -> " + a->text;
    return p;
  };
  drill.steps.push_back(std::move(pre));

  Step invert;
  invert.name = "invert primary health check " + hc;
  invert.kind = kInvertedKind;
  invert.params =
      json{{"health_check", hc},
           {"inverted", was_inverted},
           {"zone", zone},
           {"name", name},
           {"type", type},
           {"expect", want_primary},
           {"deadline_seconds", whole_seconds(options.undo_deadline)},
           {"poll_seconds", std::chrono::duration<double>(options.poll_interval).count()}}
          .dump();
  invert.deadline = options.deadline;
  invert.poll_interval = options.poll_interval;
  invert.phase = "detected";
  invert.action = [r53, hc, was_inverted]() -> Status {
    auto r = r53->UpdateHealthCheck({.HealthCheckId = hc, .Inverted = !was_inverted});
    if (!r) return r.error();
    return Ok{};
  };
  invert.verify = [r53, hc]() -> Result<Probe> {
    auto h = health_of(*r53, hc);
    if (!h) return h.error();
    Probe p;
    p.done = !h->is_healthy();
    p.message = h->text(hc) + (p.done ? ": unhealthy" : ": still healthy");
    return p;
  };
  drill.steps.push_back(std::move(invert));

  Step answer;
  answer.name = name + " " + type + " answers its SECONDARY value " + want_secondary;
  answer.deadline = options.deadline;
  answer.poll_interval = options.poll_interval;
  answer.phase = "dns-secondary";
  answer.verify = [r53, zone, name, type, want_secondary, secondary_hc]() -> Result<Probe> {
    auto a = answer_has(*r53, zone, name, type, want_secondary);
    if (!a) return a.error();
    Probe p;
    p.done = a->has;
    p.message = name + " " + type + " -> " + a->text;
    if (!p.done) {
      p.message = "expected the SECONDARY value " + want_secondary + ", got " + a->text;
      if (!secondary_hc.empty()) {
        auto h = health_of(*r53, secondary_hc);
        if (h) {
          p.message +=
              " (SECONDARY " + h->text(secondary_hc) +
              (h->is_healthy() ? ")" : ": unhealthy, so Route 53 keeps answering PRIMARY)");
        }
      }
    }
    return p;
  };
  drill.steps.push_back(std::move(answer));
  return drill;
}

Result<Drill> builtin_drill(std::string_view name, const fixtures::Deployment& deployment,
                            AwsConnection& connection, const BuiltinOptions& options) {
  if (name == "switchover") return switchover_drill(deployment, connection, options);
  if (name == "dns-failover") return dns_failover_drill(deployment, connection, options);
  return invalid_input("unknown drill '" + std::string(name) + "': choose one of " +
                       join(builtin_drill_names()));
}

}  // namespace drh::drill
