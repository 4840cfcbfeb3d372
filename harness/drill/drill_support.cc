// Helpers the built-in drills share: waiting on the clock, undo params, and the reads of
// Aurora global clusters and Route 53 answers and health that several drills verify with.
#include "drill_support.h"

#include <algorithm>
#include <cctype>

namespace drh::drill::support {

std::string join(const std::vector<std::string>& parts, const char* sep) {
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

Result<GlobalMembers> global_members(aws::RdsApi& rds, fixtures::Deployment& d) {
  if (d.primary_region.empty() || d.secondary_region.empty()) {
    // Outputs that name the global cluster but not the Regions: a global cluster answers
    // in every Region, so ask in one the deployment names (else us-east-1) and take the
    // writer's Region as primary and the first reader's as secondary.
    std::string ask = d.primary_region.empty() ? d.secondary_region : d.primary_region;
    for (const auto& [role, r] : d.roles) {
      if (ask.empty() && !r.region.empty()) ask = r.region;
    }
    auto g = describe_global(rds, ask.empty() ? "us-east-1" : ask, d.global_cluster_id);
    if (!g) return g.error();
    for (const auto& m : g->GlobalClusterMembers) {
      const std::string region = region_of_arn(m.DBClusterArn);
      if (m.IsWriter && d.primary_region.empty()) d.primary_region = region;
    }
    for (const auto& m : g->GlobalClusterMembers) {
      const std::string region = region_of_arn(m.DBClusterArn);
      if (!m.IsWriter && d.secondary_region.empty() && region != d.primary_region)
        d.secondary_region = region;
    }
  }
  auto g = describe_global(rds, d.primary_region, d.global_cluster_id);
  if (!g) return g.error();
  GlobalMembers out;
  for (const auto& m : g->GlobalClusterMembers) {
    const std::string region = region_of_arn(m.DBClusterArn);
    if (region == d.primary_region && out.primary_arn.empty()) out.primary_arn = m.DBClusterArn;
    if (region == d.secondary_region && out.secondary_arn.empty())
      out.secondary_arn = m.DBClusterArn;
  }
  if (out.primary_arn.empty() || out.secondary_arn.empty()) {
    return invalid_input("global cluster " + d.global_cluster_id + " has no member in " +
                         (out.primary_arn.empty() ? d.primary_region : d.secondary_region) +
                         ": " + describe_state(*g));
  }
  return out;
}

std::string region_of_arn(const std::string& arn) {
  auto parts = aws::parse_rds_arn(arn);
  return parts ? parts->region : std::string();
}

// ------------------------------------------------------------------ Route 53

std::string value_of(const aws::ResourceRecordSet& r) {
  if (r.AliasTarget) return r.AliasTarget->DNSName;
  std::vector<std::string> values;
  for (const auto& v : r.ResourceRecords) values.push_back(v.Value);
  return join(values);
}


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


Result<FailoverPair> failover_pair(aws::Route53Api& r53, const fixtures::Deployment& d) {
  const std::string zone = d.hosted_zone_id, hc = d.primary_health_check_id;
  auto sets = r53.ListResourceRecordSetsAll({.HostedZoneId = zone});
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
  FailoverPair out{zone, primary->Name, primary->Type, value_of(*primary), "", "", ""};
  if (!secondary) {
    out.problem = "zone " + zone + " has no SECONDARY record for " + primary->Name + " " +
                  primary->Type + ": Route 53 has nowhere to fail over to";
    return out;
  }
  out.secondary_value = value_of(*secondary);
  out.secondary_health_check = secondary->HealthCheckId;
  return out;
}

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

Result<std::shared_ptr<HealthVerdict>> HealthVerdict::start(aws::Route53Api& r53,
                                                           const std::string& id) {
  auto hc = r53.GetHealthCheck({.HealthCheckId = id});
  if (!hc) return hc.error();
  auto v = std::make_shared<HealthVerdict>();
  v->id_ = id;
  const auto& cfg = hc->HealthCheck.HealthCheckConfig;
  v->threshold_ = cfg.FailureThreshold.value_or(3);
  v->interval_ = cfg.RequestInterval.value_or(30);
  return v;
}

Result<Probe> HealthVerdict::poll(aws::Route53Api& r53, Clock& clock, bool want_healthy) {
  auto s = r53.GetHealthCheckStatus({.HealthCheckId = id_});
  if (!s) return s.error();
  const TimePoint now = clock.now();
  for (const auto& o : s->HealthCheckObservations) {
    Checker& c = checkers_[o.Region + "/" + o.IPAddress];
    if (!o.StatusReport || !o.StatusReport->CheckedTime) continue;
    if (c.last_seen && *c.last_seen == *o.StatusReport->CheckedTime) continue;  // seen it
    const bool first = !c.last_seen;
    c.last_seen = o.StatusReport->CheckedTime;
    c.moved_at = now;
    const bool ok = o.StatusReport->Status.rfind("Success", 0) == 0;
    if (first) {
      c.healthy = ok;  // the state before the drill: take it as the checker's verdict
      continue;
    }
    if (ok == c.healthy) {
      c.streak = 0;
    } else if (++c.streak >= threshold_) {
      c.healthy = ok;
      c.streak = 0;
    }
  }
  int reporting = 0, healthy = 0;
  const Duration silent = std::chrono::seconds(3 * interval_);
  for (const auto& [key, c] : checkers_) {
    if (now - c.moved_at > silent) continue;
    ++reporting;
    healthy += c.healthy ? 1 : 0;
  }
  Probe p;
  const bool is_healthy = reporting == 0 || healthy * 100 > reporting * 18;
  p.done = is_healthy == want_healthy;
  p.message = "health check " + id_ + ": " + std::to_string(healthy) + " of " +
              std::to_string(reporting) + " reporting checkers healthy after " +
              std::to_string(threshold_) + " consecutive observations (RequestInterval " +
              std::to_string(interval_) + " s): " + (is_healthy ? "healthy" : "unhealthy");
  return p;
}

}  // namespace drh::drill::support
