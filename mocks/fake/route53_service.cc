// Route 53 in the fake: request routing, shared wire helpers, state and its file form.
// The operations live in route53_zones.cc, route53_records.cc and route53_health.cc.
#include "route53_service.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "drh/core/encoding.h"
#include "drh/protocol/query.h"
#include "wire.h"
#include "state_codec.h"

namespace drh::fake {

namespace route53 {

namespace {


[[noreturn]] void bad_state(const std::string& what) {
  fail(400, "InvalidState", "route53 state: " + what);
}

}  // namespace

std::optional<std::string> normalize_name(std::string_view name) {
  // Decode \ooo and \c escapes, fold case, then write the escaped form Route 53 lists.
  std::string raw;
  raw.reserve(name.size() + 1);
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '\\' && i + 3 < name.size() && std::isdigit(static_cast<unsigned char>(name[i + 1])) &&
        std::isdigit(static_cast<unsigned char>(name[i + 2])) &&
        std::isdigit(static_cast<unsigned char>(name[i + 3]))) {
      const int v = (name[i + 1] - '0') * 64 + (name[i + 2] - '0') * 8 + (name[i + 3] - '0');
      if (v > 255) return std::nullopt;
      raw += static_cast<char>(v);
      i += 3;
      continue;
    }
    if (c == '\\' && i + 1 < name.size()) {
      raw += name[++i];
      continue;
    }
    raw += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (raw.empty()) return std::nullopt;
  if (raw == ".") return std::string(".");
  if (raw.back() != '.') raw += '.';
  if (raw.size() > 255 || raw.front() == '.') return std::nullopt;
  std::string out;
  out.reserve(raw.size() + 8);
  std::size_t label = 0;
  for (char c : raw) {
    if (c == '.') {
      if (label == 0) return std::nullopt;  // empty label: "a..b"
      label = 0;
      out += '.';
      continue;
    }
    if (++label > 63) return std::nullopt;
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
      out += c;
    } else {
      static constexpr char kOct[] = "01234567";
      out += '\\';
      out += kOct[(u >> 6) & 7];
      out += kOct[(u >> 3) & 7];
      out += kOct[u & 7];
    }
  }
  return out;
}

std::string sort_name(std::string_view normalized) {
  // Labels reversed and joined with \x01, which sorts below every byte a label holds, so
  // names compare label by label: www.example.com (com\1example\1www) comes before
  // example-a.com (com\1example-a), as the label "example" precedes "example-a".
  std::vector<std::string_view> labels;
  std::string_view s = normalized;
  if (s.ends_with('.')) s.remove_suffix(1);
  while (!s.empty()) {
    auto dot = s.find('.');
    labels.push_back(s.substr(0, dot));
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  std::string out;
  out.reserve(normalized.size());
  for (auto it = labels.rbegin(); it != labels.rend(); ++it) {
    if (!out.empty()) out += '\x01';
    out.append(*it);
  }
  return out;
}

std::string bare_id(std::string_view id) {
  if (id.starts_with('/')) id.remove_prefix(1);
  for (std::string_view prefix : {"hostedzone/", "change/", "healthcheck/", "delegationset/"}) {
    if (id.starts_with(prefix)) {
      id.remove_prefix(prefix.size());
      break;
    }
  }
  return std::string(id);
}

std::optional<std::string> Request::q(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return std::nullopt;
}

pugi::xml_node Request::body(const char* root) {
  const std::string& text = call.body();
  if (text.empty()) fail(400, "InvalidInput", std::string("Missing request body ") + root);
  if (!tree::valid_utf8(text)) fail(400, "InvalidInput", "The request body is not valid UTF-8");
  if (auto st = xml::load(doc, text); !st.ok()) {
    fail(400, "InvalidInput", "Could not parse the request body: " + st.error().message);
  }
  pugi::xml_node node = doc.document_element();
  if (xml::local_name(node) != root) {
    fail(400, "InvalidInput",
         "Expected a " + std::string(root) + " document, got <" + std::string(node.name()) + ">");
  }
  return node;
}

tree::Node parse_or_throw(pugi::xml_node element, const tree::Schema& schema) {
  try {
    return tree::parse(element, schema);
  } catch (const tree::SchemaViolation& v) {
    fail(400, "InvalidInput", "Invalid request: " + v.message);
  }
}

HttpResponse reply(const Call& call, std::string_view root,
                   const std::function<void(xml::XmlWriter&)>& body, int status) {
  return rest_xml_response(
      call,
      [&](xml::XmlWriter& w) {
        w.start(root).xmlns(kXmlns);
        body(w);
        w.end();
      },
      status);
}

void write_change_info(xml::XmlWriter& w, const Change& change) {
  w.start("ChangeInfo")
      .element("Id", "/change/" + change.id)
      .element("Status", change.status)
      .element("SubmittedAt", iso_time(change.submitted));
  if (change.has_comment) w.element("Comment", change.comment);
  w.end();
}

void write_zone(xml::XmlWriter& w, const Zone& zone) {
  w.start("HostedZone")
      .element("Id", "/hostedzone/" + zone.id)
      .element("Name", zone.name)
      .element("CallerReference", zone.caller_reference);
  // AWS always answers with Config, PrivateZone included.
  w.start("Config");
  if (zone.comment) w.element("Comment", *zone.comment);
  w.element("PrivateZone", zone.private_zone).end();
  w.element("ResourceRecordSetCount", static_cast<std::int64_t>(zone.records.size()));
  w.end();
}

void write_delegation(xml::XmlWriter& w, const Zone& zone, bool single_vpc) {
  if (!zone.private_zone) {
    w.start("DelegationSet").start("NameServers");
    for (const auto& ns : zone.name_servers) w.element("NameServer", ns);
    w.end().end();
    return;
  }
  if (single_vpc) {
    if (!zone.vpcs.empty()) {
      w.start("VPC")
          .element("VPCRegion", zone.vpcs.front().first)
          .element("VPCId", zone.vpcs.front().second)
          .end();
    }
    return;
  }
  w.start("VPCs");
  for (const auto& [region, vpc] : zone.vpcs) {
    w.start("VPC").element("VPCRegion", region).element("VPCId", vpc).end();
  }
  w.end();
}

std::size_t max_items(const Request& r, std::size_t fallback, std::size_t cap, std::string& echo) {
  auto v = r.q("maxitems");
  if (!v) {
    echo = std::to_string(fallback);
    return fallback;
  }
  auto n = xml::to_int(*v);
  if (!n || *n <= 0) {
    fail(400, "InvalidInput", "Value '" + *v + "' for maxitems must be a positive integer");
  }
  echo = *v;
  return std::min<std::size_t>(static_cast<std::size_t>(*n), cap);
}

}  // namespace route53

using namespace route53;

Route53Service::~Route53Service() { cancel_tasks(); }

HttpResponse Route53Service::handle(Call& call) {
  Request r{call, {}, {}, {}};
  std::string_view path = call.http->path;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    r.segments.push_back(uri_decode(path.substr(0, slash)));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  if (r.segments.empty() || r.segments.front() != "2013-04-01") {
    fail(501, "NotImplemented",
         "drharness's fake serves Route 53 API 2013-04-01 only (no operation at " +
             call.http->method + " " + call.http->path + ")");
  }
  r.segments.erase(r.segments.begin());
  r.query = parse_form(call.http->query);

  const std::string& m = call.http->method;
  const auto& s = r.segments;
  const std::size_t n = s.size();
  auto is = [&](std::string_view method, std::size_t count, std::string_view head) {
    return m == method && n == count && s[0] == head;
  };
  call.operation = std::string(operation_for(m, s));
  if (n == 0) {
    // nothing below: falls through to the 501
  } else if (is("POST", 1, "hostedzone")) {
    return create_hosted_zone(r);
  } else if (is("GET", 1, "hostedzone")) {
    return list_hosted_zones(r);
  } else if (is("GET", 2, "hostedzone")) {
    return get_hosted_zone(r);
  } else if (is("DELETE", 2, "hostedzone")) {
    return delete_hosted_zone(r);
  } else if (is("POST", 2, "hostedzone")) {
    return update_hosted_zone_comment(r);
  } else if (is("GET", 3, "hostedzone") && s[2] == "rrset") {
    return list_resource_record_sets(r);
  } else if (is("POST", 3, "hostedzone") && s[2] == "rrset") {
    return change_resource_record_sets(r);
  } else if (is("GET", 1, "hostedzonesbyname")) {
    return list_hosted_zones_by_name(r);
  } else if (is("GET", 1, "hostedzonecount")) {
    return get_hosted_zone_count(r);
  } else if (is("GET", 2, "change")) {
    return get_change(r);
  } else if (is("POST", 1, "healthcheck")) {
    return create_health_check(r);
  } else if (is("GET", 1, "healthcheck")) {
    return list_health_checks(r);
  } else if (is("GET", 2, "healthcheck")) {
    return get_health_check(r);
  } else if (is("POST", 2, "healthcheck")) {
    return update_health_check(r);
  } else if (is("DELETE", 2, "healthcheck")) {
    return delete_health_check(r);
  } else if (is("GET", 3, "healthcheck") && s[2] == "status") {
    return get_health_check_status(r);
  } else if (is("GET", 1, "healthcheckcount")) {
    return get_health_check_count(r);
  } else if (is("GET", 1, "testdnsanswer")) {
    return test_dns_answer(r);
  } else if (is("POST", 3, "tags")) {
    return change_tags_for_resource(r);
  } else if (is("GET", 3, "tags")) {
    return list_tags_for_resource(r);
  }
  if (!call.operation.empty()) {
    fail(501, "NotImplemented", "drharness's fake does not serve Route 53 " + call.operation);
  }
  fail(501, "NotImplemented",
       "drharness's fake knows no Route 53 operation at " + m + " " + call.http->path);
}

Zone& Route53Service::zone_or_throw(std::string_view id) {
  auto it = zones_.find(bare_id(id));
  if (it == zones_.end()) {
    fail(404, "NoSuchHostedZone", "No hosted zone found with ID: " + bare_id(id));
  }
  return it->second;
}

HealthCheck& Route53Service::check_or_throw(std::string_view id) {
  auto it = checks_.find(bare_id(id));
  if (it == checks_.end()) {
    fail(404, "NoSuchHealthCheck", "A health check with id " + bare_id(id) + " does not exist.");
  }
  return it->second;
}

HealthCheck* Route53Service::find_health_check(std::string_view id) {
  auto it = checks_.find(bare_id(id));
  return it == checks_.end() ? nullptr : &it->second;
}

Change& Route53Service::submit_change(std::optional<std::string> comment) {
  Change c;
  c.id = core_.ids.upper("C", 20);
  c.submitted = core_.clock.now();
  if (comment) {
    c.comment = std::move(*comment);
    c.has_comment = true;
  }
  auto [it, inserted] = changes_.emplace(c.id, std::move(c));
  schedule_insync(it->second);
  return it->second;
}

void Route53Service::schedule_insync(Change& change) {
  // Runs outside handle(): takes the world lock itself, and finds the change by id so a
  // reset or load in between leaves nothing dangling.
  const std::string id = change.id;
  change.task = core_.clock.schedule_at(
      change.submitted + kChangePropagationDelay,
      [this, id] {
        std::lock_guard lock(core_.mutex);
        auto it = changes_.find(id);
        if (it == changes_.end()) return;
        it->second.status = "INSYNC";
        it->second.task = 0;
      },
      "route53 change " + id + " INSYNC");
}

void Route53Service::cancel_tasks() {
  for (auto& [id, change] : changes_) {
    if (change.task != 0) core_.clock.cancel(change.task);
    change.task = 0;
  }
  for (auto& [id, check] : checks_) {
    if (check.probe_task != 0) core_.clock.cancel(check.probe_task);
    check.probe_task = 0;
  }
  if (metric_task_ != 0) core_.clock.cancel(metric_task_);
  metric_task_ = 0;
}

HttpResponse Route53Service::get_change(Request& r) {
  const std::string id = bare_id(r.segments[1]);
  auto it = changes_.find(id);
  if (it == changes_.end()) {
    fail(404, "NoSuchChange", "A change with the specified change ID does not exist: " + id);
  }
  return reply(r.call, "GetChangeResponse",
               [&](xml::XmlWriter& w) { write_change_info(w, it->second); });
}

// ---------------------------------------------------------------- state

void Route53Service::reset() {
  cancel_tasks();
  zones_.clear();
  changes_.clear();
  checks_.clear();
  deleted_check_references_.clear();
  tags_.clear();
  seq_ = 0;
  endpoints_.clear();
  unknown_endpoints_healthy_ = true;
}

void Route53Service::save(nlohmann::json& out) const {
  out["seq"] = seq_;
  nlohmann::json zones = nlohmann::json::array();
  for (const auto& [id, z] : zones_) {
    nlohmann::json records = nlohmann::json::array();
    for (const auto& [key, node] : z.records) records.push_back(tree::to_json(node));
    nlohmann::json vpcs = nlohmann::json::array();
    for (const auto& [region, vpc] : z.vpcs) vpcs.push_back({region, vpc});
    nlohmann::json zj = {{"id", z.id},
                         {"name", z.name},
                         {"caller_reference", z.caller_reference},
                         {"private", z.private_zone},
                         {"vpcs", std::move(vpcs)},
                         {"name_servers", z.name_servers},
                         {"seq", z.seq},
                         {"records", std::move(records)}};
    if (z.comment) zj["comment"] = *z.comment;
    zones.push_back(std::move(zj));
  }
  out["zones"] = std::move(zones);
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& [id, c] : changes_) {
    nlohmann::json cj = {{"id", c.id}, {"status", c.status}, {"submitted_ms", to_ms(c.submitted)}};
    if (c.has_comment) cj["comment"] = c.comment;
    changes.push_back(std::move(cj));
  }
  out["changes"] = std::move(changes);
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& [id, h] : checks_) {
    nlohmann::json hj = {{"id", h.id},
                         {"caller_reference", h.caller_reference},
                         {"config", tree::to_json(h.config)},
                         {"version", h.version},
                         {"seq", h.seq},
                         {"endpoint_healthy", h.endpoint_healthy},
                         {"last_known_healthy", h.last_known_healthy},
                         {"last_checked_ms", to_ms(h.last_checked)}};
    save_probing(h, hj);
    checks.push_back(std::move(hj));
  }
  nlohmann::json endpoints = nlohmann::json::array();
  for (const KnownEndpoint& e : endpoints_) {
    endpoints.push_back({{"host", e.host},
                         {"port", e.port},
                         {"path", e.path},
                         {"region", e.region},
                         {"healthy", e.healthy},
                         {"failure_status", e.failure_status},
                         {"body", e.body}});
  }
  out["endpoints"] = std::move(endpoints);
  out["unknown_endpoints_healthy"] = unknown_endpoints_healthy_;
  out["health_checks"] = std::move(checks);
  out["deleted_check_references"] = deleted_check_references_;
  nlohmann::json tags = nlohmann::json::array();
  for (const auto& [res, kv] : tags_) {
    tags.push_back({{"type", res.first}, {"id", res.second}, {"tags", kv}});
  }
  out["tags"] = std::move(tags);
}

void Route53Service::load(const nlohmann::json& in) {
  reset();
  if (!in.is_object()) bad_state("expected an object");
  try {
    seq_ = in.value("seq", std::uint64_t{0});
    for (const auto& zj : in.value("zones", nlohmann::json::array())) {
      Zone z;
      z.id = zj.at("id").get<std::string>();
      z.name = zj.at("name").get<std::string>();
      z.caller_reference = zj.at("caller_reference").get<std::string>();
      if (zj.contains("comment")) z.comment = zj["comment"].get<std::string>();
      z.private_zone = zj.value("private", false);
      for (const auto& v : zj.value("vpcs", nlohmann::json::array())) {
        z.vpcs.emplace_back(v.at(0).get<std::string>(), v.at(1).get<std::string>());
      }
      z.name_servers = zj.value("name_servers", std::vector<std::string>{});
      z.seq = zj.value("seq", std::uint64_t{0});
      for (const auto& rj : zj.at("records")) {
        tree::Node node = tree::from_json(rj);
        tree::validate(node, kResourceRecordSet);
        RecordKey key{sort_name(node.value("Name")), std::string(node.value("Type")),
                      std::string(node.value("SetIdentifier"))};
        z.records.emplace(std::move(key), std::move(node));
      }
      std::string id = z.id;
      zones_.emplace(std::move(id), std::move(z));
    }
    for (const auto& cj : in.value("changes", nlohmann::json::array())) {
      Change c;
      c.id = cj.at("id").get<std::string>();
      c.status = cj.at("status").get<std::string>();
      c.submitted = from_ms(cj.at("submitted_ms").get<long long>());
      if (cj.contains("comment")) {
        c.comment = cj["comment"].get<std::string>();
        c.has_comment = true;
      }
      auto [it, inserted] = changes_.emplace(c.id, std::move(c));
      // A change still PENDING in the file turns INSYNC at its original due time (at the
      // next clock step when that time has passed).
      if (it->second.status == "PENDING") schedule_insync(it->second);
    }
    for (const auto& hj : in.value("health_checks", nlohmann::json::array())) {
      HealthCheck h;
      h.id = hj.at("id").get<std::string>();
      h.caller_reference = hj.at("caller_reference").get<std::string>();
      h.config = tree::from_json(hj.at("config"));
      tree::validate(h.config, kHealthCheckConfig);
      h.version = hj.at("version").get<std::int64_t>();
      h.seq = hj.value("seq", std::uint64_t{0});
      h.endpoint_healthy = hj.value("endpoint_healthy", true);
      h.last_known_healthy = hj.value("last_known_healthy", true);
      h.last_checked = from_ms(hj.value("last_checked_ms", 0LL));
      std::string id = h.id;
      auto [it, inserted] = checks_.emplace(std::move(id), std::move(h));
      load_probing(it->second, hj);
    }
    if (!checks_.empty()) ensure_metric_task();
    for (const auto& ej : in.value("endpoints", nlohmann::json::array())) {
      register_endpoint({ej.at("host").get<std::string>(), ej.value("port", 0),
                         ej.value("path", ""), ej.value("region", ""), ej.value("healthy", true),
                         ej.value("failure_status", 503), ej.value("body", "")});
    }
    unknown_endpoints_healthy_ = in.value("unknown_endpoints_healthy", true);
    deleted_check_references_ = in.value("deleted_check_references", std::vector<std::string>{});
    for (const auto& tj : in.value("tags", nlohmann::json::array())) {
      tags_[{tj.at("type").get<std::string>(), tj.at("id").get<std::string>()}] =
          tj.at("tags").get<std::map<std::string, std::string>>();
    }
  } catch (const tree::SchemaViolation& v) {
    bad_state(v.message);
  } catch (const nlohmann::json::exception& e) {
    bad_state(e.what());
  }
}

std::unique_ptr<Service> make_route53_service(FakeCloud::Core& core) {
  return std::make_unique<Route53Service>(core);
}

}  // namespace drh::fake
