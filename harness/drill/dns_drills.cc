// The dns-failover drill: invert the primary health check, see Route 53 answer SECONDARY.
#include <memory>
#include <nlohmann/json.hpp>

#include "drh/aws/route53.h"
#include "drh/client/connection.h"
#include "drh/drill/drill.h"
#include "drill_support.h"

namespace drh::drill {

using namespace support;

Status support::undo_inverted(UndoEnv& env, std::string_view text) {
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
  auto pair = failover_pair(*r53, d);
  if (!pair) return pair.error();
  auto current = r53->GetHealthCheck({.HealthCheckId = hc});
  if (!current) return current.error();
  const bool was_inverted = current->HealthCheck.HealthCheckConfig.Inverted.value_or(false);
  auto verdict = HealthVerdict::start(*r53, hc);
  if (!verdict) return verdict.error();
  Clock& clock = connection.clock();

  const std::string name = pair->name, type = pair->type;
  const std::string want_primary = pair->primary_value, want_secondary = pair->secondary_value;
  const std::string secondary_hc = pair->secondary_health_check;

  Drill drill;
  drill.name = "dns-failover";

  Step pre;
  pre.name = name + " " + type + " answers its PRIMARY value " + want_primary;
  pre.deadline = Duration::zero();
  pre.plan = {"route53:TestDNSAnswer HostedZoneId=" + zone + " RecordName=" + name +
              " RecordType=" + type};
  pre.verify = [r53, zone, name, type, want_primary, v = *verdict, &clock,
                usable = pair->usable()]() -> Result<Probe> {
    if (!usable) return usable.error();
    auto a = answer_has(*r53, zone, name, type, want_primary);
    if (!a) return a.error();
    Probe p;
    p.done = a->has;
    p.message = "expected " + want_primary + " before the drill, got " + a->text;
    if (!p.done) return p;
    // Route 53's verdict is followed from before the inversion.
    auto h = v->poll(*r53, clock, /*want_healthy=*/true);
    if (!h || !h->done) return h;
    p.message = name + " " + type + " -> " + a->text + "; " + h->message;
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
  invert.plan = {"route53:UpdateHealthCheck HealthCheckId=" + hc + " Inverted=" +
                     (was_inverted ? "false" : "true"),
                 "poll route53:GetHealthCheckStatus HealthCheckId=" + hc + " until unhealthy",
                 "undo: route53:UpdateHealthCheck HealthCheckId=" + hc + " Inverted=" +
                     (was_inverted ? "true" : "false") + ", then poll TestDNSAnswer until " +
                     want_primary};
  invert.touches = {hc};
  invert.action = [r53, hc, was_inverted]() -> Status {
    auto r = r53->UpdateHealthCheck({.HealthCheckId = hc, .Inverted = !was_inverted});
    if (!r) return r.error();
    return Ok{};
  };
  invert.verify = [r53, v = *verdict, &clock]() -> Result<Probe> {
    return v->poll(*r53, clock, /*want_healthy=*/false);
  };
  drill.steps.push_back(std::move(invert));

  Step answer;
  answer.name = name + " " + type + " answers its SECONDARY value " + want_secondary;
  answer.deadline = options.deadline;
  answer.poll_interval = options.poll_interval;
  answer.phase = "dns-secondary";
  answer.plan = {"poll route53:TestDNSAnswer HostedZoneId=" + zone + " RecordName=" + name +
                 " RecordType=" + type + " until it answers " + want_secondary};
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

}  // namespace drh::drill
