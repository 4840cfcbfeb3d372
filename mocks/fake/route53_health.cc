// Route 53 health checks (create with CallerReference idempotency, read, list, status,
// update with version checks, delete) and tags on health checks and hosted zones.
#include <algorithm>
#include <cstdio>

#include "cloudwatch_service.h"
#include "route53_service.h"
#include "wire.h"

namespace drh::fake {

using namespace route53;

namespace {

bool endpoint_type(std::string_view t) {
  return t == "HTTP" || t == "HTTPS" || t == "HTTP_STR_MATCH" || t == "HTTPS_STR_MATCH" ||
         t == "TCP";
}

bool https_type(std::string_view t) { return t == "HTTPS" || t == "HTTPS_STR_MATCH"; }

// The defaults AWS reports for members a request leaves out.
void fill_defaults(tree::Node& cfg) {
  const std::string type(cfg.value("Type"));
  auto fill = [&](std::string_view name, std::string value) {
    if (!cfg.has(name)) cfg.add(std::string(name), std::move(value));
  };
  if (endpoint_type(type)) {
    if (type != "TCP") fill("Port", https_type(type) ? "443" : "80");
    fill("RequestInterval", "30");
    fill("FailureThreshold", "3");
    fill("MeasureLatency", "false");
    fill("EnableSNI", https_type(type) ? "true" : "false");
  }
  if (type == "CLOUDWATCH_METRIC") fill("InsufficientDataHealthStatus", "LastKnownStatus");
  fill("Inverted", "false");
  fill("Disabled", "false");
  tree::canonicalize(cfg, kHealthCheckConfig);
}

long long int_of(const tree::Node& cfg, std::string_view name, long long fallback) {
  return xml::to_int(cfg.value(name)).value_or(fallback);
}

void write_check(xml::XmlWriter& w, const HealthCheck& check) {
  w.start("HealthCheck").element("Id", check.id).element("CallerReference", check.caller_reference);
  tree::write(w, check.config);
  w.element("HealthCheckVersion", check.version).end();
}

}  // namespace

void Route53Service::validate_health_check_config(const tree::Node& cfg) const {
  const std::string type(cfg.value("Type"));
  auto invalid = [](const std::string& message) {
    fail(400, "InvalidInput", "Invalid parameter: " + message);
  };
  if (endpoint_type(type)) {
    if (!cfg.has("IPAddress") && !cfg.has("FullyQualifiedDomainName")) {
      invalid("a " + type + " health check needs IPAddress or FullyQualifiedDomainName");
    }
    if (type == "TCP" && !cfg.has("Port")) invalid("a TCP health check needs Port");
    if (type.ends_with("_STR_MATCH") && !cfg.has("SearchString")) {
      invalid("a " + type + " health check needs SearchString");
    }
  }
  if (auto port = cfg.text_of("Port")) {
    const long long p = xml::to_int(*port).value_or(0);
    if (p < 1 || p > 65535) invalid("Port must be 1 to 65535");
  }
  if (cfg.has("RequestInterval")) {
    const long long v = int_of(cfg, "RequestInterval", 0);
    if (v != 10 && v != 30) invalid("RequestInterval must be 10 or 30");
  }
  if (cfg.has("FailureThreshold")) {
    const long long v = int_of(cfg, "FailureThreshold", 0);
    if (v < 1 || v > 10) invalid("FailureThreshold must be 1 to 10");
  }
  if (cfg.value("SearchString").size() > 255) invalid("SearchString is longer than 255");
  if (cfg.value("ResourcePath").size() > 255) invalid("ResourcePath is longer than 255");
  if (const tree::Node* regions = cfg.child("Regions");
      regions != nullptr && regions->children.size() < 3) {
    invalid("Regions must name at least 3 health checker regions");
  }
  if (type == "CALCULATED") {
    const tree::Node* kids = cfg.child("ChildHealthChecks");
    const std::size_t n = kids == nullptr ? 0 : kids->children.size();
    if (n > 256) invalid("a CALCULATED health check can have at most 256 children");
    if (kids != nullptr) {
      for (const tree::Node& k : kids->children) {
        if (!checks_.contains(bare_id(k.text))) {
          invalid("child health check " + k.text + " does not exist");
        }
      }
    }
    const long long threshold = int_of(cfg, "HealthThreshold", 0);
    if (threshold < 0 || threshold > 256) invalid("HealthThreshold must be 0 to 256");
  }
  if (type == "CLOUDWATCH_METRIC" && !cfg.has("AlarmIdentifier")) {
    invalid("a CLOUDWATCH_METRIC health check needs AlarmIdentifier");
  }
  if (type == "RECOVERY_CONTROL" && !cfg.has("RoutingControlArn")) {
    invalid("a RECOVERY_CONTROL health check needs RoutingControlArn");
  }
}

HealthStatus Route53Service::health_status(const HealthCheck& check, int depth) const {
  const tree::Node& cfg = check.config;
  if (cfg.value("Disabled") == "true") {
    // AWS: a disabled check is always healthy, Inverted or not.
    return {true,
            "Success: Health checking is disabled; Route 53 considers the health check "
            "healthy"};
  }
  const std::string type(cfg.value("Type"));
  bool raw = true;
  std::string why;
  if (type == "CALCULATED") {
    const tree::Node* kids = cfg.child("ChildHealthChecks");
    std::size_t total = 0;
    std::size_t up = 0;
    if (kids != nullptr) {
      for (const tree::Node& k : kids->children) {
        ++total;
        auto it = checks_.find(bare_id(k.text));
        if (it != checks_.end() && depth < 8 && health_status(it->second, depth + 1).healthy) {
          ++up;
        }
      }
    }
    // Without HealthThreshold every child must be healthy.
    const auto threshold =
        static_cast<std::size_t>(int_of(cfg, "HealthThreshold", static_cast<long long>(total)));
    raw = up >= threshold;
    why = "Healthy child health checks: " + std::to_string(up) + " of " + std::to_string(total) +
          " (HealthThreshold " + std::to_string(threshold) + ")";
  } else if (type == "CLOUDWATCH_METRIC") {
    // The alarm's state decides: OK healthy, ALARM unhealthy, INSUFFICIENT_DATA (or an
    // alarm that is not there) as InsufficientDataHealthStatus says; LastKnownStatus is
    // the alarm's last OK or ALARM state (healthy when it never had one).
    const tree::Node* id = cfg.child("AlarmIdentifier");
    const std::string region(id != nullptr ? id->value("Region") : "");
    const std::string name(id != nullptr ? id->value("Name") : "");
    const auto* cwsvc = dynamic_cast<const CloudWatchService*>(core_.find("cloudwatch"));
    const cw::Alarm* alarm = cwsvc != nullptr ? cwsvc->find_alarm(region, name) : nullptr;
    const std::string state = alarm != nullptr ? alarm->state : "INSUFFICIENT_DATA";
    if (state == "OK" || state == "ALARM") {
      raw = state == "OK";
      why = "The alarm " + name + " is in the " + state + " state";
    } else {
      const std::string rule(cfg.value("InsufficientDataHealthStatus", "LastKnownStatus"));
      const bool last_known =
          alarm == nullptr || alarm->last_decided_state.empty() || alarm->last_decided_state == "OK";
      raw = rule == "Healthy" || (rule == "LastKnownStatus" && last_known);
      why = "The alarm " + name + " has insufficient data (InsufficientDataHealthStatus " + rule +
            ")";
    }
  } else if (type == "RECOVERY_CONTROL") {
    raw = check.endpoint_healthy;
    why = raw ? "Routing control state is On" : "Routing control state is Off";
  } else {
    // Endpoint checks: the checkers' verdicts (route53_probing.cc); the words are those of
    // a checker whose last probe agrees with the verdict.
    raw = check.endpoint_healthy;
    why = type == "TCP" ? "TCP connection established." : "HTTP Status Code 200, OK";
    bool found = false;
    for (const Checker& c : check.checkers) {
      if (c.has_data && c.last_ok == raw && !found) {
        why = c.report;
        found = true;
      }
    }
    if (!raw && !found) {
      why =
          "Connection timed out. The endpoint or the internet connection is down, or requests "
          "are being blocked by your firewall.";
    }
  }
  const bool inverted = cfg.value("Inverted") == "true";
  const bool healthy = inverted ? !raw : raw;
  std::string report = healthy ? "Success: " : "Failure: ";
  report += why;
  if (inverted)
    report += " (inverted: considered " + std::string(healthy ? "healthy" : "unhealthy") + ")";
  return {healthy, std::move(report)};
}

HttpResponse Route53Service::create_health_check(Request& r) {
  tree::Node req = parse_or_throw(r.body("CreateHealthCheckRequest"), kCreateHealthCheckRequest);
  const std::string ref(req.value("CallerReference"));
  if (ref.empty() || ref.size() > 64) {
    fail(400, "InvalidInput", "CallerReference must be 1 to 64 characters long");
  }
  tree::Node cfg = *req.child("HealthCheckConfig");
  fill_defaults(cfg);
  validate_health_check_config(cfg);
  auto created = [&](const HealthCheck& check) {
    HttpResponse resp = reply(
        r.call, "CreateHealthCheckResponse", [&](xml::XmlWriter& w) { write_check(w, check); },
        201);
    resp.headers.add("Location",
                     "https://route53.amazonaws.com/2013-04-01/healthcheck/" + check.id);
    return resp;
  };
  for (const auto& [id, existing] : checks_) {
    if (existing.caller_reference != ref) continue;
    // The same request again is answered with the check it created; other settings
    // under the same reference are refused.
    if (existing.config == cfg) return created(existing);
    fail(409, "HealthCheckAlreadyExists",
         "A health check with caller reference " + ref +
             " already exists with other "
             "settings (health check " +
             existing.id + ")");
  }
  if (std::find(deleted_check_references_.begin(), deleted_check_references_.end(), ref) !=
      deleted_check_references_.end()) {
    fail(409, "HealthCheckAlreadyExists",
         "The caller reference " + ref +
             " belonged to a health check that was deleted and "
             "cannot be reused");
  }
  HealthCheck check;
  do {
    check.id = core_.ids.uuid();
  } while (checks_.contains(check.id));
  check.caller_reference = ref;
  check.config = std::move(cfg);
  check.seq = ++seq_;
  check.last_checked = core_.clock.now();
  auto [it, inserted] = checks_.emplace(check.id, std::move(check));
  start_probing(it->second, false);
  ensure_metric_task();
  return created(it->second);
}

HttpResponse Route53Service::get_health_check(Request& r) {
  const HealthCheck& check = check_or_throw(r.segments[1]);
  return reply(r.call, "GetHealthCheckResponse", [&](xml::XmlWriter& w) { write_check(w, check); });
}

HttpResponse Route53Service::list_health_checks(Request& r) {
  std::string echo;
  const std::size_t limit = max_items(r, 100, 1000, echo);
  std::vector<const HealthCheck*> all;
  all.reserve(checks_.size());
  for (const auto& [id, h] : checks_) all.push_back(&h);
  std::sort(all.begin(), all.end(),
            [](const HealthCheck* a, const HealthCheck* b) { return a->seq < b->seq; });
  const std::string marker = r.q("marker").value_or("");
  std::size_t start = 0;
  if (!marker.empty()) {
    auto it = std::find_if(all.begin(), all.end(),
                           [&](const HealthCheck* h) { return h->id == bare_id(marker); });
    if (it == all.end()) fail(400, "InvalidInput", "The marker '" + marker + "' is not valid");
    start = static_cast<std::size_t>(it - all.begin());
  }
  const std::size_t end = std::min(all.size(), start + limit);
  return reply(r.call, "ListHealthChecksResponse", [&](xml::XmlWriter& w) {
    w.start("HealthChecks");
    for (std::size_t i = start; i < end; ++i) write_check(w, *all[i]);
    w.end();
    w.element("Marker", marker).element("IsTruncated", end < all.size());
    if (end < all.size()) w.element("NextMarker", all[end]->id);
    w.element("MaxItems", echo);
  });
}

HttpResponse Route53Service::get_health_check_status(Request& r) {
  const HealthCheck& check = check_or_throw(r.segments[1]);
  const auto seen = observations(check);
  return reply(r.call, "GetHealthCheckStatusResponse", [&](xml::XmlWriter& w) {
    w.start("HealthCheckObservations");
    for (const Observation& o : seen) {
      w.start("HealthCheckObservation")
          .element("Region", o.region)
          .element("IPAddress", o.ip)
          .start("StatusReport")
          .element("Status", o.status)
          .element("CheckedTime", iso_time(o.checked))
          .end()
          .end();
    }
    w.end();
  });
}

HttpResponse Route53Service::update_health_check(Request& r) {
  HealthCheck& check = check_or_throw(r.segments[1]);
  tree::Node req = parse_or_throw(r.body("UpdateHealthCheckRequest"), kUpdateHealthCheckRequest);
  if (auto v = req.text_of("HealthCheckVersion")) {
    if (xml::to_int(*v).value_or(-1) != check.version) {
      fail(409, "HealthCheckVersionMismatch",
           "The value of HealthCheckVersion in the request (" + std::string(*v) +
               ") doesn't match the value of HealthCheckVersion in the health check (" +
               std::to_string(check.version) + ")");
    }
  }
  tree::Node cfg = check.config;
  for (const tree::Node& c : req.children) {
    if (c.name == "HealthCheckVersion" || c.name == "ResetElements") continue;
    // Lists (ChildHealthChecks, Regions) and AlarmIdentifier replace what was there.
    cfg.remove(c.name);
    cfg.children.push_back(c);
  }
  if (const tree::Node* reset = req.child("ResetElements")) {
    for (const tree::Node& e : reset->children) cfg.remove(e.text);
  }
  tree::canonicalize(cfg, kHealthCheckConfig);
  validate_health_check_config(cfg);
  check.config = std::move(cfg);
  ++check.version;
  // New settings (interval, target, regions) take effect from the next probes; the
  // checkers keep their verdicts.
  start_probing(check, true);
  return reply(r.call, "UpdateHealthCheckResponse",
               [&](xml::XmlWriter& w) { write_check(w, check); });
}

HttpResponse Route53Service::delete_health_check(Request& r) {
  const HealthCheck& check = check_or_throw(r.segments[1]);
  const std::string id = check.id;
  // AWS lets a check go while record sets still name it (their routing then becomes
  // unpredictable); only a CALCULATED parent holds a child back.
  std::vector<std::string> parents;
  for (const auto& [pid, p] : checks_) {
    if (const tree::Node* kids = p.config.child("ChildHealthChecks")) {
      for (const tree::Node& k : kids->children) {
        if (bare_id(k.text) == id) parents.push_back(pid);
      }
    }
  }
  if (!parents.empty()) {
    std::string list;
    for (const auto& p : parents) list += (list.empty() ? "" : ", ") + p;
    fail(400, "HealthCheckInUse",
         "The health check with id " + id + " is still referenced from parent health check(s) [" +
             list + "]");
  }
  deleted_check_references_.push_back(check.caller_reference);
  tags_.erase({"healthcheck", id});
  if (check.probe_task != 0) core_.clock.cancel(check.probe_task);
  checks_.erase(id);
  return reply(r.call, "DeleteHealthCheckResponse", [](xml::XmlWriter&) {});
}

HttpResponse Route53Service::get_health_check_count(Request& r) {
  return reply(r.call, "GetHealthCheckCountResponse", [&](xml::XmlWriter& w) {
    w.element("HealthCheckCount", static_cast<std::int64_t>(checks_.size()));
  });
}

// ---------------------------------------------------------------- tags

HttpResponse Route53Service::change_tags_for_resource(Request& r) {
  const std::string& type = r.segments[1];
  const std::string id = bare_id(r.segments[2]);
  if (type == "healthcheck") {
    check_or_throw(id);
  } else if (type == "hostedzone") {
    zone_or_throw(id);
  } else {
    fail(
        400, "InvalidInput",
        "Invalid resource type '" + type + "': the fake tags healthcheck and hostedzone resources");
  }
  tree::Node req =
      parse_or_throw(r.body("ChangeTagsForResourceRequest"), kChangeTagsForResourceRequest);
  std::map<std::string, std::string> tags;
  if (auto it = tags_.find({type, id}); it != tags_.end()) tags = it->second;
  if (const tree::Node* remove = req.child("RemoveTagKeys")) {
    for (const tree::Node& k : remove->children) tags.erase(k.text);
  }
  if (const tree::Node* add = req.child("AddTags")) {
    for (const tree::Node& t : add->children) {
      const std::string key(t.value("Key"));
      if (key.empty()) fail(400, "InvalidInput", "Invalid parameter: a tag needs a Key");
      tags[key] = std::string(t.value("Value"));
    }
  }
  if (tags.size() > 10) {
    fail(400, "InvalidInput", "Invalid parameter: a resource can have at most 10 tags");
  }
  if (tags.empty()) {
    tags_.erase({type, id});
  } else {
    tags_[{type, id}] = std::move(tags);
  }
  return reply(r.call, "ChangeTagsForResourceResponse", [](xml::XmlWriter&) {});
}

HttpResponse Route53Service::list_tags_for_resource(Request& r) {
  const std::string& type = r.segments[1];
  const std::string id = bare_id(r.segments[2]);
  if (type == "healthcheck") {
    check_or_throw(id);
  } else if (type == "hostedzone") {
    zone_or_throw(id);
  } else {
    fail(400, "InvalidInput", "Invalid resource type '" + type + "'");
  }
  auto it = tags_.find({type, id});
  return reply(r.call, "ListTagsForResourceResponse", [&](xml::XmlWriter& w) {
    w.start("ResourceTagSet").element("ResourceType", type).element("ResourceId", id);
    w.start("Tags");
    if (it != tags_.end()) {
      for (const auto& [k, v] : it->second) {
        w.start("Tag").element("Key", k).element("Value", v).end();
      }
    }
    w.end().end();
  });
}

}  // namespace drh::fake
