// Route 53 health checkers on the virtual clock: the registered endpoints they probe, one
// probe per checker region every RequestInterval (each checker with its own phase), the
// FailureThreshold rule per checker, the "more than 18% of checkers" rule per check, the
// per-checker observations GetHealthCheckStatus returns, and the AWS/Route53
// HealthCheckStatus metric published once a minute.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cloudwatch_service.h"
#include "drh/fake/endpoints.h"
#include "route53_service.h"
#include "wire.h"
#include "state_codec.h"

namespace drh::fake {

using namespace route53;

namespace {

constexpr std::string_view kDefaultCheckerRegions[] = {
    "us-east-1",      "us-west-1",      "us-west-2",      "eu-west-1",
    "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"};

/// What AWS reports when a checker gets no answer.
constexpr std::string_view kTimedOut =
    "Connection timed out. The endpoint or the internet connection is down, or requests are "
    "being blocked by your firewall. See "
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-router-firewall-rules.html";

/// Route 53 searches this much of the response body for a SearchString.
constexpr std::size_t kSearchBytes = 5120;

bool probed_type(std::string_view t) {
  return t == "HTTP" || t == "HTTPS" || t == "HTTP_STR_MATCH" || t == "HTTPS_STR_MATCH" ||
         t == "TCP";
}

long long int_of(const tree::Node& cfg, std::string_view name, long long fallback) {
  return xml::to_int(cfg.value(name)).value_or(fallback);
}

std::string lower_host(std::string_view host) {
  std::string out(host);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

std::string reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

/// Whether a DNS label is an AWS region name: <2 letters>[-gov]-<direction>-<digits>,
/// e.g. us-east-1, eu-central-2, ap-southeast-1, us-gov-west-1.
bool region_label(std::string_view label) {
  static constexpr std::string_view kDirections[] = {
      "east",      "west",      "north",     "south",     "central",
      "northeast", "northwest", "southeast", "southwest"};
  if (label.size() < 6 || label[2] != '-') return false;
  for (std::size_t i = 0; i < 2; ++i) {
    if (label[i] < 'a' || label[i] > 'z') return false;
  }
  label.remove_prefix(3);
  if (label.starts_with("gov-")) label.remove_prefix(4);
  const auto dash = label.find('-');
  if (dash == std::string_view::npos) return false;
  const std::string_view direction = label.substr(0, dash);
  const std::string_view digits = label.substr(dash + 1);
  return std::find(std::begin(kDirections), std::end(kDirections), direction) !=
             std::end(kDirections) &&
         !digits.empty() &&
         std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The AWS region a host name carries ("x.us-east-1.elb.amazonaws.com" -> "us-east-1"),
/// or "" when none of its labels is a region name.
std::string region_in_name(std::string_view host) {
  while (!host.empty()) {
    const auto dot = host.find('.');
    const std::string_view label = host.substr(0, dot);
    if (region_label(label)) return std::string(label);
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  return {};
}

std::vector<std::string> checker_regions(const tree::Node& cfg) {
  std::vector<std::string> out;
  if (const tree::Node* list = cfg.child("Regions")) {
    for (const tree::Node& c : list->children) out.push_back(c.text);
  } else {
    out.assign(std::begin(kDefaultCheckerRegions), std::end(kDefaultCheckerRegions));
  }
  return out;
}

std::string checker_ip(std::size_t i) {
  // Illustrative addresses from the 15.177.0.0/16 range Route 53's checkers use.
  return "15.177." + std::to_string(i * 8 + 2) + "." + std::to_string(10 + i);
}


bool loopback_host(std::string_view host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

/// The address a check connects to, when it is on loopback ("" otherwise).
std::string loopback_target(const tree::Node& cfg) {
  const std::string ip = lower_host(cfg.value("IPAddress"));
  if (!ip.empty()) return loopback_host(ip) ? ip : "";
  const std::string fqdn = lower_host(cfg.value("FullyQualifiedDomainName"));
  return loopback_host(fqdn) ? fqdn : "";
}

/// What identifies one live target: type, address, port, Host header, path, search.
std::string live_key(const tree::Node& cfg) {
  const std::string type(cfg.value("Type"));
  return type + " " + loopback_target(cfg) + ":" +
         std::to_string(int_of(cfg, "Port", type.starts_with("HTTPS") ? 443 : 80)) + " " +
         lower_host(cfg.value("FullyQualifiedDomainName")) + " " +
         std::string(cfg.value("ResourcePath", "/")) + " " + std::string(cfg.value("SearchString")) +
         " " + std::string(cfg.value("EnableSNI"));
}

Route53Service& route53_of(FakeCloud& cloud) {
  return cloud.core().get<Route53Service>("route53");
}

}  // namespace

// ---------------------------------------------------------------- registry

void Route53Service::register_endpoint(KnownEndpoint e) {
  e.host = lower_host(e.host);
  for (KnownEndpoint& k : endpoints_) {
    if (k.host == e.host && k.port == e.port && k.path == e.path) {
      k = std::move(e);
      return;
    }
  }
  endpoints_.push_back(std::move(e));
}

bool Route53Service::set_endpoint_healthy(std::string_view host, bool healthy) {
  const std::string h = lower_host(host);
  bool found = false;
  for (KnownEndpoint& k : endpoints_) {
    if (k.host == h) {
      k.healthy = healthy;
      found = true;
    }
  }
  return found;
}

bool Route53Service::remove_endpoint(std::string_view host) {
  const std::string h = lower_host(host);
  return std::erase_if(endpoints_, [&](const KnownEndpoint& k) { return k.host == h; }) > 0;
}

void register_endpoint(FakeCloud& cloud, Endpoint endpoint) {
  std::lock_guard lock(cloud.core().mutex);
  route53_of(cloud).register_endpoint({std::move(endpoint.host), endpoint.port,
                                       std::move(endpoint.path), std::move(endpoint.region),
                                       endpoint.healthy, endpoint.failure_status,
                                       std::move(endpoint.body)});
}

bool set_endpoint_healthy(FakeCloud& cloud, std::string_view host, bool healthy) {
  std::lock_guard lock(cloud.core().mutex);
  return route53_of(cloud).set_endpoint_healthy(host, healthy);
}

bool remove_endpoint(FakeCloud& cloud, std::string_view host) {
  std::lock_guard lock(cloud.core().mutex);
  return route53_of(cloud).remove_endpoint(host);
}

std::vector<Endpoint> endpoints(FakeCloud& cloud) {
  std::lock_guard lock(cloud.core().mutex);
  std::vector<Endpoint> out;
  for (const KnownEndpoint& k : route53_of(cloud).known_endpoints()) {
    out.push_back({k.host, k.port, k.path, k.region, k.healthy, k.failure_status, k.body});
  }
  return out;
}

void set_unknown_endpoints_healthy(FakeCloud& cloud, bool healthy) {
  std::lock_guard lock(cloud.core().mutex);
  route53_of(cloud).set_unknown_endpoints_healthy(healthy);
}

std::vector<std::pair<std::string, const HealthCheck*>> Route53Service::live_targets() const {
  std::vector<std::pair<std::string, const HealthCheck*>> out;
  if (!live_probing_) return out;
  for (const auto& [id, check] : checks_) {
    if (!probed_type(check.config.value("Type")) || loopback_target(check.config).empty()) {
      continue;
    }
    std::string key = live_key(check.config);
    bool seen = false;
    for (const auto& o : out) seen = seen || o.first == key;
    if (!seen) out.emplace_back(std::move(key), &check);
  }
  return out;
}

void enable_live_probing(FakeCloud& cloud, bool on) {
  std::lock_guard lock(cloud.core().mutex);
  route53_of(cloud).set_live_probing(on);
}

std::vector<LiveTarget> live_probe_targets(FakeCloud& cloud) {
  std::lock_guard lock(cloud.core().mutex);
  std::vector<LiveTarget> out;
  for (const auto& [key, check] : route53_of(cloud).live_targets()) {
    const tree::Node& cfg = check->config;
    LiveTarget t;
    t.key = key;
    t.type = std::string(cfg.value("Type"));
    t.host = loopback_target(cfg);
    t.port = static_cast<int>(int_of(cfg, "Port", t.type.starts_with("HTTPS") ? 443 : 80));
    t.host_header = lower_host(cfg.value("FullyQualifiedDomainName"));
    if (t.host_header.empty()) t.host_header = t.host;
    t.path = std::string(cfg.value("ResourcePath", "/"));
    t.search = std::string(cfg.value("SearchString"));
    t.sni = cfg.value("EnableSNI") == "true";
    out.push_back(std::move(t));
  }
  return out;
}

void report_live_probe(FakeCloud& cloud, const std::string& key, bool ok, std::string why) {
  std::lock_guard lock(cloud.core().mutex);
  route53_of(cloud).report_live(key, {ok, std::move(why)});
}

// ---------------------------------------------------------------- one probe

ProbeResult Route53Service::probe(const HealthCheck& check, std::string_view checker,
                                  TimePoint now) const {
  const tree::Node& cfg = check.config;
  const std::string type(cfg.value("Type"));
  const bool tcp = type == "TCP";
  const int port = static_cast<int>(int_of(cfg, "Port", type.starts_with("HTTPS") ? 443 : 80));
  const std::string path(cfg.value("ResourcePath", "/"));
  const std::string ip = lower_host(cfg.value("IPAddress"));
  const std::string fqdn = lower_host(cfg.value("FullyQualifiedDomainName"));
  // With IPAddress the checker connects to the address (the name is only the Host header).
  const KnownEndpoint* e = nullptr;
  for (const std::string& host : {ip, fqdn}) {
    if (host.empty() || e != nullptr) continue;
    for (const KnownEndpoint& k : endpoints_) {
      if (k.host == host && (k.port == 0 || k.port == port) &&
          (tcp || k.path.empty() || k.path == path)) {
        e = &k;
        break;
      }
    }
    if (!ip.empty()) break;  // an IP target is never resolved through its name
  }
  if (e == nullptr && live_probing_ && !loopback_target(cfg).empty()) {
    // A real endpoint on loopback: the last real probe drh serve made (healthy until then).
    auto it = live_results_.find(live_key(cfg));
    if (it != live_results_.end()) return it->second;
    return {true, tcp ? "TCP connection established." : "HTTP Status Code 200, OK"};
  }
  const std::string home = e != nullptr ? e->region : ip.empty() ? region_in_name(fqdn) : "";
  const bool known = e != nullptr || !home.empty();
  if (!known && !unknown_endpoints_healthy_) return {false, std::string(kTimedOut)};
  if (!home.empty() && !core_.faults.reachable(checker, home, now)) {
    return {false, std::string(kTimedOut)};
  }
  if (tcp) {
    if (e != nullptr && !e->healthy) return {false, std::string(kTimedOut)};
    return {true, "TCP connection established."};
  }
  const int status = e != nullptr && !e->healthy ? e->failure_status : 200;
  std::string words = "HTTP Status Code " + std::to_string(status) + ", " + reason_phrase(status);
  // Route 53 counts 2xx and 3xx as healthy.
  if (status < 200 || status >= 400) return {false, std::move(words)};
  if (type.ends_with("_STR_MATCH") && e != nullptr) {
    const std::string search(cfg.value("SearchString"));
    const std::string_view head = std::string_view(e->body).substr(0, kSearchBytes);
    if (head.find(search) == std::string_view::npos) {
      return {false, "String '" + search + "' was not found in the first " +
                         std::to_string(kSearchBytes) + " bytes of the response body."};
    }
  }
  return {true, std::move(words)};
}

// ---------------------------------------------------------------- probing on the clock

void Route53Service::start_probing(HealthCheck& check, bool keep) {
  if (check.probe_task != 0) core_.clock.cancel(check.probe_task);
  check.probe_task = 0;
  const std::string type(check.config.value("Type"));
  if (!probed_type(type)) {
    check.checkers.clear();
    return;
  }
  const auto interval = std::chrono::seconds(int_of(check.config, "RequestInterval", 30));
  const TimePoint now = core_.clock.now();
  std::vector<Checker> old = keep ? std::move(check.checkers) : std::vector<Checker>{};
  check.checkers.clear();
  const auto regions = checker_regions(check.config);
  for (std::size_t i = 0; i < regions.size(); ++i) {
    Checker c;
    for (const Checker& o : old) {
      if (o.region == regions[i]) c = o;
    }
    c.region = regions[i];
    c.ip = checker_ip(i);
    // Each checker has its own phase within the interval, as AWS's checkers are not in step.
    c.next_probe = now + std::chrono::duration_cast<Duration>(interval * core_.clock.jitter());
    check.checkers.push_back(std::move(c));
  }
  schedule_probe(check);
}

void Route53Service::schedule_probe(HealthCheck& check) {
  if (check.checkers.empty()) return;
  TimePoint next = TimePoint::max();
  for (const Checker& c : check.checkers) next = std::min(next, c.next_probe);
  const std::string id = check.id;
  check.probe_task = core_.clock.schedule_at(
      next, [this, id] { run_probes(id); }, "route53 health check " + id + " probe");
}

void Route53Service::run_probes(const std::string& id) {
  std::lock_guard lock(core_.mutex);
  auto it = checks_.find(id);
  if (it == checks_.end()) return;
  HealthCheck& check = it->second;
  check.probe_task = 0;
  const TimePoint now = core_.clock.now();
  const auto interval = std::chrono::seconds(int_of(check.config, "RequestInterval", 30));
  const long long threshold = int_of(check.config, "FailureThreshold", 3);
  for (Checker& c : check.checkers) {
    if (c.next_probe > now) continue;
    c.next_probe += interval;
    if (c.next_probe <= now) c.next_probe = now + interval;
    // A checker in a region that is out sends nothing; its last verdict stands.
    if (core_.faults.region_down(c.region, now)) continue;
    ProbeResult r = probe(check, c.region, now);
    c.has_data = true;
    c.last_ok = r.ok;
    c.report = std::move(r.why);
    c.checked = now;
    // A checker changes its verdict after FailureThreshold consecutive contrary results.
    if (c.last_ok == c.healthy) {
      c.streak = 0;
    } else if (++c.streak >= threshold) {
      c.healthy = c.last_ok;
      c.streak = 0;
    }
  }
  update_check_health(check);
  schedule_probe(check);
}

void Route53Service::update_check_health(HealthCheck& check) {
  // Only checkers that report count: one in a region that is out has fallen silent.
  const TimePoint now = core_.clock.now();
  std::size_t up = 0;
  std::size_t reporting = 0;
  for (const Checker& c : check.checkers) {
    if (core_.faults.region_down(c.region, now)) continue;
    ++reporting;
    up += c.healthy ? 1 : 0;
  }
  if (reporting == 0) return;  // nobody reports: the last status stands
  check.endpoint_healthy =
      static_cast<double>(up) > healthy_share_ * static_cast<double>(reporting);
  check.last_checked = now;
}

void Route53Service::ensure_metric_task() {
  if (metric_task_ != 0) return;
  metric_task_ = core_.clock.schedule_every(
      metric_interval_, [this] { publish_health_metrics(); }, "route53 HealthCheckStatus metric",
      metric_interval_);
}

void Route53Service::publish_health_metrics() {
  std::lock_guard lock(core_.mutex);
  auto* cw = dynamic_cast<CloudWatchService*>(core_.find("cloudwatch"));
  if (cw == nullptr) return;
  const TimePoint now = core_.clock.now();
  for (const auto& [id, check] : checks_) {
    // Route 53 publishes its metrics in US East (N. Virginia) whatever the endpoint.
    cw->put_datapoint("us-east-1", cw::MetricKey{"AWS/Route53", "HealthCheckStatus",
                                                 {{"HealthCheckId", id}}},
                      now, health_status(check).healthy ? 1.0 : 0.0, "None");
  }
}

std::vector<Route53Service::Observation> Route53Service::observations(
    const HealthCheck& check) const {
  std::vector<Observation> out;
  const HealthStatus overall = health_status(check);
  const TimePoint now = core_.clock.now();
  const bool disabled = check.config.value("Disabled") == "true";
  const bool inverted = check.config.value("Inverted") == "true";
  if (check.checkers.empty()) {
    const auto regions = checker_regions(check.config);
    for (std::size_t i = 0; i < regions.size(); ++i) {
      out.push_back({regions[i], checker_ip(i), overall.report, now});
    }
    return out;
  }
  for (const Checker& c : check.checkers) {
    if (disabled || !c.has_data) {
      // Nothing probed yet (new checks count healthy until data arrives), or disabled.
      out.push_back({c.region, c.ip, overall.report, c.has_data ? c.checked : now});
      continue;
    }
    const bool considered = inverted ? !c.last_ok : c.last_ok;
    std::string status = considered ? "Success: " : "Failure: ";
    status += c.report;
    if (inverted) {
      status += std::string(" (inverted: considered ") + (considered ? "healthy" : "unhealthy") + ")";
    }
    out.push_back({c.region, c.ip, std::move(status), c.checked});
  }
  return out;
}

void Route53Service::save_probing(const HealthCheck& check, nlohmann::json& out) const {
  nlohmann::json list = nlohmann::json::array();
  for (const Checker& c : check.checkers) {
    list.push_back({{"region", c.region},
                    {"ip", c.ip},
                    {"healthy", c.healthy},
                    {"streak", c.streak},
                    {"has_data", c.has_data},
                    {"last_ok", c.last_ok},
                    {"report", c.report},
                    {"checked_ms", to_ms(c.checked)},
                    {"next_probe_ms", to_ms(c.next_probe)}});
  }
  out["checkers"] = std::move(list);
}

void Route53Service::load_probing(HealthCheck& check, const nlohmann::json& in) {
  check.checkers.clear();
  for (const auto& cj : in.value("checkers", nlohmann::json::array())) {
    Checker c;
    c.region = cj.at("region").get<std::string>();
    c.ip = cj.value("ip", "");
    c.healthy = cj.value("healthy", true);
    c.streak = cj.value("streak", 0);
    c.has_data = cj.value("has_data", false);
    c.last_ok = cj.value("last_ok", true);
    c.report = cj.value("report", "");
    c.checked = from_ms(cj.value("checked_ms", 0LL));
    c.next_probe = from_ms(cj.value("next_probe_ms", 0LL));
    check.checkers.push_back(std::move(c));
  }
  // Probing goes on where the saved world left it (the next round at its saved time, or
  // at the next clock step when that has passed); a state without checkers starts afresh.
  if (check.checkers.empty()) {
    start_probing(check, false);
  } else {
    schedule_probe(check);
  }
}

}  // namespace drh::fake
