// routing checks (see include/drh/validate/check.h): the Route 53 health checks and the
// PRIMARY/SECONDARY failover records that move traffic when a region fails.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>
#include <variant>

#include "drh/aws/route53.h"
#include "drh/validate/check.h"
#include "check_text.h"
#include "stack_refs.h"

namespace drh::validate {

namespace {

using detail::join;

/// DNS names compare without case and without the root's trailing dot.
std::string dns(std::string_view name) {
  std::string out(name);
  if (!out.empty() && out.back() == '.') out.pop_back();
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return out;
}

std::string host_of(std::string_view url) {
  if (auto p = url.find("://"); p != std::string_view::npos) url.remove_prefix(p + 3);
  return std::string(url.substr(0, url.find_first_of("/:")));
}

std::string path_of(std::string_view url) {
  if (auto p = url.find("://"); p != std::string_view::npos) url.remove_prefix(p + 3);
  auto slash = url.find('/');
  return slash == std::string_view::npos ? std::string() : std::string(url.substr(slash));
}

// ------------------------------------------------------------------ health checks

struct HealthTarget {
  std::string id;     ///< "" when it could not be found
  std::string label;  ///< "PrimaryHealthCheckId", "stack health check x"
  const fixtures::HealthCheckSpec* spec = nullptr;
  std::string fqdn, ip;  ///< the spec's target, resolved
  std::string url;       ///< the outputs' health-check URL, if any
};

/// Why a stack health check's target could not be matched, or "".
std::string find_by_target(const std::vector<aws::HealthCheck>& all, HealthTarget& t) {
  for (const auto& h : all) {
    const auto& cfg = h.HealthCheckConfig;
    const bool same_target = t.spec->fqdn.empty()
                                 ? cfg.IPAddress == t.ip
                                 : dns(cfg.FullyQualifiedDomainName) == dns(t.fqdn);
    if (same_target && cfg.Port.value_or(0) == t.spec->port) {
      t.id = h.Id;
      return {};
    }
  }
  return "no health check probes " + (t.spec->fqdn.empty() ? t.ip : t.fqdn) + ":" +
         std::to_string(t.spec->port);
}

/// The health checks to look at: the outputs' and every one the stack describes.
/// `problems` gets the stack's checks that exist in no form.
Result<std::vector<HealthTarget>> health_targets(const CheckContext& c,
                                                 std::vector<std::string>& problems,
                                                 std::vector<std::string>& resources) {
  std::vector<HealthTarget> out;
  const auto& d = c.deployment;
  for (const auto& [role, id, url] :
       {std::tuple{"PrimaryHealthCheckId", d.primary_health_check_id, d.primary_health_check_url},
        std::tuple{"SecondaryHealthCheckId", d.secondary_health_check_id,
                   d.secondary_health_check_url}}) {
    if (!id.empty()) out.push_back({id, role, nullptr, {}, {}, url});
  }
  if (!c.stack) return out;
  const auto refs = detail::stack_refs(c);
  std::optional<std::vector<aws::HealthCheck>> all;
  for (const auto& spec : c.stack->route53.health_checks) {
    HealthTarget t{{},
                   "stack health check " + spec.id,
                   &spec,
                   refs->resolve(spec.fqdn).value_or(""),
                   refs->resolve(spec.ip).value_or(""),
                   {}};
    if (auto id = refs->get("health_check." + spec.id + ".id")) {
      t.id = *id;
    }
    // The outputs' check of the same side is this one when the outputs say so.
    for (auto& known : out) {
      if (!known.spec && known.id == t.id) {
        known.spec = &spec;
        known.fqdn = t.fqdn;
        known.ip = t.ip;
      }
    }
    if (std::any_of(out.begin(), out.end(),
                    [&](const HealthTarget& k) { return k.spec == &spec; })) {
      continue;
    }
    if (t.id.empty()) {
      if (!all) {
        auto listed = c.clients.route53.ListHealthChecksAll();
        if (!listed) return listed.error();
        all = *listed;
      }
      if (auto why = find_by_target(*all, t); !why.empty()) {
        problems.push_back("expected " + t.label + " (" + spec.type + " " +
                           (t.fqdn.empty() ? t.ip : t.fqdn) + ":" + std::to_string(spec.port) +
                           "), got " + why);
        resources.push_back(t.fqdn.empty() ? t.ip : t.fqdn);
        continue;
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

Outcome no_health_checks(const CheckContext& c) {
  if (c.stack && c.stack->route53.health_checks.empty()) {
    return skipped("the stack " + c.stack->name +
                   " has no Route 53 health checks, and the "
                   "outputs name no PrimaryHealthCheckId");
  }
  return missing_role("PrimaryHealthCheckId");
}

Outcome health_checks_config(const CheckContext& c) {
  std::vector<std::string> problems, resources, evidence, seen;
  auto targets = health_targets(c, problems, resources);
  if (!targets) return error(targets.error(), "listing Route 53 health checks");
  if (targets->empty() && problems.empty()) return no_health_checks(c);
  for (const auto& t : *targets) {
    auto got = c.clients.route53.GetHealthCheck({.HealthCheckId = t.id});
    if (!got && got.error().code == "NoSuchHealthCheck") {
      problems.push_back("expected health check " + t.id + " (" + t.label +
                         ") to exist, got NoSuchHealthCheck");
      resources.push_back(t.id);
      continue;
    }
    if (!got) return error(got.error(), "reading health check " + t.id, t.id);
    const auto& cfg = got->HealthCheck.HealthCheckConfig;
    std::vector<std::string> diff;
    auto compare = [&](const std::string& what, const std::string& expected,
                       const std::string& actual, bool ok) {
      evidence.push_back(t.id + " " + what + ": expected " + expected + ", got " + actual);
      if (!ok) diff.push_back(what + " " + expected + ", got " + actual);
    };
    auto same = [&](const std::string& what, const std::string& expected,
                    const std::string& actual) {
      compare(what, expected, actual.empty() ? "none" : actual, expected == actual);
    };
    const int interval = cfg.RequestInterval.value_or(30);  // Route 53's default
    const int threshold = cfg.FailureThreshold.value_or(3);
    if (t.spec) {
      const auto& s = *t.spec;
      same("Type", s.type, cfg.Type);
      if (!s.fqdn.empty()) {
        compare("FullyQualifiedDomainName", t.fqdn.empty() ? s.fqdn : t.fqdn,
                cfg.FullyQualifiedDomainName.empty() ? "none" : cfg.FullyQualifiedDomainName,
                t.fqdn.empty() || dns(t.fqdn) == dns(cfg.FullyQualifiedDomainName));
      }
      if (!s.ip.empty()) same("IPAddress", t.ip.empty() ? s.ip : t.ip, cfg.IPAddress);
      same("Port", std::to_string(s.port), cfg.Port ? std::to_string(*cfg.Port) : "");
      if (s.type != "TCP") {
        // Route 53 probes "/" when no path is set.
        const std::string want = s.path.empty() ? "/" : s.path;
        const std::string have = cfg.ResourcePath.empty() ? "/" : cfg.ResourcePath;
        same("ResourcePath", want, have);
      }
      if (s.type.ends_with("_STR_MATCH")) same("SearchString", s.search, cfg.SearchString);
      same("RequestInterval", std::to_string(s.interval), std::to_string(interval));
      same("FailureThreshold", std::to_string(s.failure_threshold), std::to_string(threshold));
    } else if (!t.url.empty()) {
      // Only the outputs: the check must probe the URL they publish.
      compare("FullyQualifiedDomainName", host_of(t.url),
              cfg.FullyQualifiedDomainName.empty() ? "none" : cfg.FullyQualifiedDomainName,
              dns(host_of(t.url)) == dns(cfg.FullyQualifiedDomainName));
      if (!path_of(t.url).empty() && cfg.Type != "TCP") {
        same("ResourcePath", path_of(t.url), cfg.ResourcePath);
      }
    }
    compare("RequestInterval",
            "<= " + std::to_string(c.policy.max_health_check_interval_seconds) + " s (" +
                c.policy.source + ")",
            std::to_string(interval), interval <= c.policy.max_health_check_interval_seconds);
    compare("FailureThreshold",
            "<= " + std::to_string(c.policy.max_failure_threshold) + " (" + c.policy.source + ")",
            std::to_string(threshold), threshold <= c.policy.max_failure_threshold);
    compare("Inverted", "false", cfg.Inverted.value_or(false) ? "true" : "false",
            !cfg.Inverted.value_or(false));
    compare("Disabled", "false", cfg.Disabled.value_or(false) ? "true" : "false",
            !cfg.Disabled.value_or(false));
    seen.push_back(
        t.id + " (" + cfg.Type + " " +
        (cfg.FullyQualifiedDomainName.empty() ? cfg.IPAddress : cfg.FullyQualifiedDomainName) +
        ":" + (cfg.Port ? std::to_string(*cfg.Port) : "?") + cfg.ResourcePath + ", every " +
        std::to_string(interval) + " s, " + std::to_string(threshold) + " failures)");
    if (!diff.empty()) {
      problems.push_back("health check " + t.id + " (" + t.label + "): expected " +
                         join(diff, "; expected "));
      resources.push_back(t.id);
    }
  }
  Outcome o = problems.empty() ? pass(targets->front().id,
                                      std::to_string(seen.size()) +
                                          " health checks configured as expected: " + join(seen))
                               : fail(resources.front(), join(problems, " | "));
  o.evidence = evidence;
  return o;
}

Outcome health_checks_healthy(const CheckContext& c) {
  std::vector<std::string> problems, resources, seen;
  auto targets = health_targets(c, problems, resources);
  if (!targets) return error(targets.error(), "listing Route 53 health checks");
  if (targets->empty() && problems.empty()) return no_health_checks(c);
  std::vector<std::string> evidence;
  for (const auto& t : *targets) {
    auto status = c.clients.route53.GetHealthCheckStatus({.HealthCheckId = t.id});
    if (!status && status.error().code == "NoSuchHealthCheck") {
      problems.push_back("expected health check " + t.id + " (" + t.label +
                         ") healthy, got NoSuchHealthCheck");
      resources.push_back(t.id);
      continue;
    }
    if (!status) return error(status.error(), "reading the status of health check " + t.id, t.id);
    const auto& observations = status->HealthCheckObservations;
    std::vector<std::string> failing;
    for (const auto& obs : observations) {
      const std::string report =
          obs.StatusReport ? obs.StatusReport->Status : std::string("no report");
      evidence.push_back(t.id + " " + obs.Region + ": " + report);
      if (!report.starts_with("Success")) failing.push_back(obs.Region + " \"" + report + "\"");
    }
    if (observations.empty()) {
      problems.push_back("expected checker observations for health check " + t.id + ", got none");
      resources.push_back(t.id);
    } else if (!failing.empty()) {
      problems.push_back("expected health check " + t.id + " (" + t.label +
                         ") healthy from every checker, got " + std::to_string(failing.size()) +
                         " of " + std::to_string(observations.size()) +
                         " failing: " + join(failing, "; "));
      resources.push_back(t.id);
    } else {
      seen.push_back(t.id + " (" + std::to_string(observations.size()) + " checkers)");
    }
  }
  Outcome o = problems.empty() ? pass(targets->front().id, "healthy now: " + join(seen))
                               : fail(resources.front(), join(problems, " | "));
  o.evidence = evidence;
  return o;
}

// ------------------------------------------------------------------ failover records

struct FailoverTarget {
  std::string zone_id;
  std::string name;
  std::string type;                            ///< "" = whatever the pair uses
  std::string primary_value, secondary_value;  ///< "" = not known
  std::string primary_health_check;            ///< "" = any, but one must be attached
};

/// The zone and record names to check; an Outcome when the check cannot run.
std::variant<std::vector<FailoverTarget>, Outcome> failover_targets(const CheckContext& c) {
  const auto& d = c.deployment;
  std::string zone = d.hosted_zone_id;
  std::shared_ptr<const detail::StackRefs> refs;
  if (c.stack) refs = detail::stack_refs(c);
  if (zone.empty() && c.stack && !c.stack->route53.zone.empty()) {
    auto name = refs->get("zone.name");
    if (name) {
      auto zones = c.clients.route53.ListHostedZonesByNameAll({.DNSName = *name});
      if (!zones) return error(zones.error(), "finding hosted zone " + *name);
      for (const auto& z : *zones) {
        if (dns(z.Name) == dns(*name)) zone = z.Id;
      }
      if (zone.empty()) return fail(*name, "expected hosted zone " + *name + ", got none");
    }
  }
  if (zone.empty()) {
    if (c.stack && c.stack->route53.zone.empty()) {
      return skipped("the stack " + c.stack->name +
                     " has no hosted zone (health checks only), "
                     "and the outputs name no HostedZoneId");
    }
    return missing_role("HostedZoneId");
  }
  std::vector<FailoverTarget> out;
  if (c.stack) {
    for (const auto& p : c.stack->route53.records) {
      if (p.failover != "PRIMARY") continue;
      FailoverTarget t{zone, refs->resolve(p.name).value_or(""), p.type, {}, {}, {}};
      if (t.name.empty()) continue;
      if (!p.values.empty()) t.primary_value = refs->resolve(p.values.front()).value_or("");
      if (!p.health_check.empty()) {
        t.primary_health_check = refs->get("health_check." + p.health_check + ".id").value_or("");
      }
      for (const auto& s : c.stack->route53.records) {
        if (s.failover == "SECONDARY" && s.name == p.name && !s.values.empty()) {
          t.secondary_value = refs->resolve(s.values.front()).value_or("");
        }
      }
      out.push_back(std::move(t));
    }
  }
  if (!d.failover_record_name.empty() &&
      std::none_of(out.begin(), out.end(), [&](const FailoverTarget& t) {
        return dns(t.name) == dns(d.failover_record_name);
      })) {
    out.push_back({zone, d.failover_record_name, {}, {}, {}, {}});
  }
  for (auto& t : out) {
    if (t.primary_health_check.empty()) t.primary_health_check = d.primary_health_check_id;
  }
  if (out.empty()) return missing_role("FailoverRecordName");
  return out;
}

std::string value_of(const aws::ResourceRecordSet& r) {
  if (r.AliasTarget) return r.AliasTarget->DNSName;
  std::vector<std::string> values;
  for (const auto& v : r.ResourceRecords) values.push_back(v.Value);
  return join(values);
}

/// The primary-side endpoints the outputs publish, for a record without a stack.
std::vector<std::string> primary_endpoints(const CheckContext& c) {
  std::vector<std::string> out;
  for (const auto* v : {&c.deployment.primary_load_balancer_dns, &c.deployment.primary_api_endpoint,
                        &c.deployment.primary_health_check_url}) {
    if (!v->empty()) out.push_back(dns(host_of(*v)));
  }
  return out;
}

struct Pair {
  const aws::ResourceRecordSet* primary = nullptr;
  const aws::ResourceRecordSet* secondary = nullptr;
};

Outcome failover_records(const CheckContext& c) {
  auto targets = failover_targets(c);
  if (auto* o = std::get_if<Outcome>(&targets)) return *o;
  std::vector<std::string> problems, resources, evidence, seen;
  for (const auto& t : std::get<std::vector<FailoverTarget>>(targets)) {
    auto sets = c.clients.route53.ListResourceRecordSetsAll(
        {.HostedZoneId = t.zone_id, .StartRecordName = t.name});
    if (!sets) {
      return error(sets.error(), "listing records of " + t.name + " in zone " + t.zone_id,
                   t.zone_id);
    }
    std::map<std::string, Pair> by_type;
    for (const auto& r : *sets) {
      if (dns(r.Name) != dns(t.name)) continue;
      evidence.push_back(
          r.Name + " " + r.Type + " " + (r.Failover.empty() ? "simple" : r.Failover) + " -> " +
          value_of(r) + (r.HealthCheckId.empty() ? "" : " (health check " + r.HealthCheckId + ")"));
      if (r.Failover == "PRIMARY") by_type[r.Type].primary = &r;
      if (r.Failover == "SECONDARY") by_type[r.Type].secondary = &r;
    }
    const std::string where = t.name + " in zone " + aws::route53_id(t.zone_id);
    const Pair* pair = nullptr;
    for (const auto& [type, p] : by_type) {
      if (!t.type.empty() && type != t.type) continue;
      if (!pair || (p.primary && p.secondary)) pair = &p;
    }
    if (!pair || !pair->primary || !pair->secondary) {
      std::vector<std::string> have;
      for (const auto& [type, p] : by_type) {
        if (p.primary) have.push_back(type + " PRIMARY");
        if (p.secondary) have.push_back(type + " SECONDARY");
      }
      problems.push_back("expected a PRIMARY/SECONDARY failover pair" +
                         (t.type.empty() ? std::string() : " of type " + t.type) + " on " + where +
                         ", got " +
                         (have.empty() ? std::string("no failover records") : join(have)));
      resources.push_back(t.name);
      continue;
    }
    std::vector<std::string> diff;
    const auto& primary = *pair->primary;
    const auto& secondary = *pair->secondary;
    if (primary.HealthCheckId.empty()) {
      diff.push_back(
          "a health check on the PRIMARY record" +
          (t.primary_health_check.empty() ? std::string() : " (" + t.primary_health_check + ")") +
          ", got none");
    } else if (!t.primary_health_check.empty() && primary.HealthCheckId != t.primary_health_check) {
      diff.push_back("health check " + t.primary_health_check + " on the PRIMARY record, got " +
                     primary.HealthCheckId);
    }
    if (!t.primary_value.empty()) {
      if (dns(value_of(primary)) != dns(t.primary_value)) {
        diff.push_back("PRIMARY value " + t.primary_value + ", got " + value_of(primary));
      }
    } else if (auto known = primary_endpoints(c); !known.empty()) {
      if (std::find(known.begin(), known.end(), dns(value_of(primary))) == known.end()) {
        diff.push_back("PRIMARY value one of the outputs' primary endpoints (" + join(known) +
                       "), got " + value_of(primary));
      }
    }
    if (!t.secondary_value.empty() && dns(value_of(secondary)) != dns(t.secondary_value)) {
      diff.push_back("SECONDARY value " + t.secondary_value + ", got " + value_of(secondary));
    }
    if (!diff.empty()) {
      problems.push_back("failover pair " + where + ": expected " + join(diff, "; expected "));
      resources.push_back(t.name);
      continue;
    }
    seen.push_back(where + " " + primary.Type + ": PRIMARY " + value_of(primary) +
                   " (health check " + primary.HealthCheckId + "), SECONDARY " +
                   value_of(secondary));
  }
  Outcome o = problems.empty() ? pass(std::get<std::vector<FailoverTarget>>(targets).front().name,
                                      "failover pairs in place: " + join(seen, "; "))
                               : fail(resources.front(), join(problems, " | "));
  o.evidence = evidence;
  return o;
}

Outcome dns_answers_primary(const CheckContext& c) {
  auto targets = failover_targets(c);
  if (auto* o = std::get_if<Outcome>(&targets)) return *o;
  std::vector<std::string> problems, resources, seen, evidence;
  for (const auto& t : std::get<std::vector<FailoverTarget>>(targets)) {
    // The PRIMARY record says what the answer should be, and of which type.
    auto sets = c.clients.route53.ListResourceRecordSetsAll(
        {.HostedZoneId = t.zone_id, .StartRecordName = t.name});
    if (!sets) return error(sets.error(), "listing records of " + t.name, t.zone_id);
    const aws::ResourceRecordSet* primary = nullptr;
    for (const auto& r : *sets) {
      if (dns(r.Name) == dns(t.name) && r.Failover == "PRIMARY" &&
          (t.type.empty() || r.Type == t.type)) {
        primary = &r;
      }
    }
    if (!primary) {
      problems.push_back("expected a PRIMARY record on " + t.name + " to answer with, got none");
      resources.push_back(t.name);
      continue;
    }
    const std::string want = value_of(*primary);
    auto answer = c.clients.route53.TestDNSAnswer(
        {.HostedZoneId = t.zone_id, .RecordName = t.name, .RecordType = primary->Type});
    if (!answer) {
      return error(answer.error(), "asking Route 53 for " + t.name + " " + primary->Type, t.name);
    }
    std::vector<std::string> data;
    for (const auto& v : answer->RecordData) data.push_back(dns(v));
    evidence.push_back(t.name + " " + primary->Type + " -> " + answer->ResponseCode + " " +
                       join(answer->RecordData));
    const bool ok = answer->ResponseCode == "NOERROR" &&
                    std::find(data.begin(), data.end(), dns(want)) != data.end();
    if (!ok) {
      problems.push_back(
          "expected " + t.name + " " + primary->Type + " to answer the PRIMARY value " + want +
          ", got " + answer->ResponseCode + " " +
          (answer->RecordData.empty() ? std::string("(no data)") : join(answer->RecordData)));
      resources.push_back(t.name);
    } else {
      seen.push_back(t.name + " -> " + want);
    }
  }
  Outcome o = problems.empty() ? pass(std::get<std::vector<FailoverTarget>>(targets).front().name,
                                      "Route 53 answers PRIMARY now: " + join(seen, "; "))
                               : fail(resources.front(), join(problems, " | "));
  o.evidence = evidence;
  return o;
}

}  // namespace

std::vector<Check> routing_checks() {
  return {
      {"routing.health-checks-config", "routing",
       "health checks probe the expected target, fast enough, neither inverted nor disabled",
       health_checks_config},
      {"routing.health-checks-healthy", "routing",
       "every Route 53 checker sees the health checks healthy now", health_checks_healthy},
      {"routing.failover-records", "routing",
       "a PRIMARY/SECONDARY failover pair with the health check on PRIMARY and the expected "
       "targets",
       failover_records},
      {"routing.dns-answers-primary", "routing",
       "Route 53 answers the failover name with the PRIMARY value now", dns_answers_primary},
  };
}

}  // namespace drh::validate
