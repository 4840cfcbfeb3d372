// Route 53 record sets: ListResourceRecordSets, ChangeResourceRecordSets (atomic batches
// with AWS's InvalidChangeBatch messages) and TestDNSAnswer (failover and health aware).
#include <algorithm>
#include <set>

#include "route53_service.h"

namespace drh::fake {

using namespace route53;

namespace {

constexpr std::string_view kPolicies[] = {"Weight",
                                          "Region",
                                          "Failover",
                                          "GeoLocation",
                                          "MultiValueAnswer",
                                          "CidrRoutingConfig",
                                          "GeoProximityLocation"};

bool valid_type(std::string_view t) {
  static constexpr std::string_view kTypes[] = {"SOA",   "A",    "TXT",   "NS",   "CNAME", "MX",
                                                "NAPTR", "PTR",  "SRV",   "SPF",  "AAAA",  "CAA",
                                                "DS",    "TLSA", "SSHFP", "SVCB", "HTTPS"};
  return std::find(std::begin(kTypes), std::end(kTypes), t) != std::end(kTypes);
}

bool in_zone(std::string_view name, std::string_view zone) {
  if (name == zone) return true;
  return name.size() > zone.size() && name.ends_with(zone) &&
         name[name.size() - zone.size() - 1] == '.';
}

bool ipv4(std::string_view v) {
  int parts = 0;
  while (true) {
    std::size_t i = 0;
    int value = 0;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9' && i < 3) {
      value = value * 10 + (v[i] - '0');
      ++i;
    }
    if (i == 0 || value > 255) return false;
    ++parts;
    v.remove_prefix(i);
    if (v.empty()) return parts == 4;
    if (v.front() != '.' || parts == 4) return false;
    v.remove_prefix(1);
  }
}

bool ipv6(std::string_view v) {
  if (v.find(':') == std::string_view::npos || v.size() > 45) return false;
  for (char c : v) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != ':' && c != '.') return false;
  }
  return true;
}

std::string describe_set(std::string_view name, std::string_view type, std::string_view set_id) {
  std::string out = "[name='" + std::string(name) + "', type='" + std::string(type) + "'";
  if (!set_id.empty()) out += ", set-identifier='" + std::string(set_id) + "'";
  return out + "]";
}

std::string describe_change(std::string_view action, const tree::Node& rr) {
  auto set_id = rr.text_of("SetIdentifier");
  return "[Action=" + std::string(action) + ", Name=" + std::string(rr.value("Name")) +
         ", Type=" + std::string(rr.value("Type")) +
         ", SetIdentifier=" + (set_id ? std::string(*set_id) : std::string("null")) + "]";
}

std::string_view policy_of(const tree::Node& rr) {
  for (auto p : kPolicies) {
    if (rr.has(p)) return p;
  }
  return {};
}

// A DELETE must name the record set exactly as stored; the order of its values is free.
tree::Node comparable(tree::Node rr) {
  if (tree::Node* list = rr.child("ResourceRecords")) {
    std::sort(list->children.begin(), list->children.end(),
              [](const tree::Node& a, const tree::Node& b) {
                return a.value("Value") < b.value("Value");
              });
  }
  return rr;
}

RecordKey key_of(const tree::Node& rr) {
  return {sort_name(rr.value("Name")), std::string(rr.value("Type")),
          std::string(rr.value("SetIdentifier"))};
}

std::vector<std::string> values_of(const tree::Node& rr) {
  std::vector<std::string> out;
  if (const tree::Node* list = rr.child("ResourceRecords")) {
    for (const tree::Node* v : list->all("ResourceRecord")) out.emplace_back(v->value("Value"));
  }
  return out;
}

// Shape rules AWS answers with InvalidInput before looking at the zone.
void check_shape(std::string_view action, const tree::Node& rr) {
  const std::string where = describe_change(action, rr);
  const bool alias = rr.has("AliasTarget");
  const bool ttl = rr.has("TTL");
  const bool records = rr.has("ResourceRecords");
  const bool policy_instance = rr.has("TrafficPolicyInstanceId");
  const int kinds = int{alias} + int{policy_instance} + int{ttl && records};
  if (kinds > 1 || (alias && (ttl || records))) {
    fail(400, "InvalidInput",
         "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and "
         "ResourceRecords], or TrafficPolicyInstanceId], but found more than one in Change "
         "with " +
             where);
  }
  if (kinds == 0) {
    fail(400, "InvalidInput",
         "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and "
         "ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with " +
             where);
  }
  if (records && rr.child("ResourceRecords")->children.empty()) {
    fail(400, "InvalidInput",
         "Invalid request: ResourceRecords must hold at least one ResourceRecord in Change "
         "with " +
             where);
  }
  int policies = 0;
  for (auto p : kPolicies) policies += rr.has(p) ? 1 : 0;
  const bool set_id = rr.has("SetIdentifier");
  if (policies > 1) {
    fail(400, "InvalidInput",
         "Invalid request: Expected exactly one of [Weight, Region, Failover, GeoLocation, "
         "MultiValueAnswer, GeoProximityLocation, or CidrRoutingConfig], but found more than "
         "one in Change with " +
             where);
  }
  if (policies == 1 && !set_id) {
    fail(400, "InvalidInput",
         "Invalid request: Missing field 'SetIdentifier' in Change with " + where);
  }
  if (policies == 0 && set_id) {
    fail(400, "InvalidInput",
         "Invalid request: Expected exactly one of [Weight, Region, Failover, GeoLocation, "
         "MultiValueAnswer, GeoProximityLocation, or CidrRoutingConfig], but found none in "
         "Change with " +
             where);
  }
  if (auto t = rr.text_of("TTL")) {
    auto v = xml::to_int(*t);
    if (!v || *v < 0 || *v > 2147483647) {
      fail(400, "InvalidInput",
           "Invalid request: TTL must be 0 to 2147483647 in Change with " + where);
    }
  }
  if (auto wgt = rr.text_of("Weight")) {
    auto v = xml::to_int(*wgt);
    if (!v || *v < 0 || *v > 255) {
      fail(400, "InvalidInput", "Invalid request: Weight must be 0 to 255 in Change with " + where);
    }
  }
}

}  // namespace

HttpResponse Route53Service::list_resource_record_sets(Request& r) {
  const Zone& zone = zone_or_throw(r.segments[1]);
  std::string echo;
  const std::size_t limit = max_items(r, 300, 300, echo);
  const auto name = r.q("name");
  const auto type = r.q("type");
  const auto ident = r.q("identifier");
  if (type && !name) fail(400, "InvalidInput", "The parameter type is valid only with name");
  if (ident && !type) fail(400, "InvalidInput", "The parameter identifier is valid only with type");
  if (type && !valid_type(*type)) fail(400, "InvalidInput", "Invalid type: " + *type);
  RecordKey from;
  if (name) {
    auto n = normalize_name(*name);
    if (!n) fail(400, "InvalidInput", "Invalid name: '" + *name + "'");
    from = {sort_name(*n), type.value_or(""), ident.value_or("")};
  }
  auto it = zone.records.lower_bound(from);
  return reply(r.call, "ListResourceRecordSetsResponse", [&](xml::XmlWriter& w) {
    w.start("ResourceRecordSets");
    for (std::size_t n = 0; n < limit && it != zone.records.end(); ++n, ++it) {
      tree::write(w, it->second);
    }
    w.end();
    w.element("IsTruncated", it != zone.records.end());
    if (it != zone.records.end()) {
      w.element("NextRecordName", it->second.value("Name"))
          .element("NextRecordType", it->first.type);
      if (!it->first.set_id.empty()) w.element("NextRecordIdentifier", it->first.set_id);
    }
    w.element("MaxItems", echo);
  });
}

HttpResponse Route53Service::change_resource_record_sets(Request& r) {
  Zone& zone = zone_or_throw(r.segments[1]);
  tree::Node req =
      parse_or_throw(r.body("ChangeResourceRecordSetsRequest"), kChangeResourceRecordSetsRequest);
  const tree::Node& batch = *req.child("ChangeBatch");

  // The batch is applied to an overlay and committed only when every change and every
  // rule over the result holds: all or nothing, as on AWS.
  std::map<RecordKey, std::optional<tree::Node>> overlay;
  auto lookup = [&](const RecordKey& k) -> const tree::Node* {
    if (auto o = overlay.find(k); o != overlay.end()) return o->second ? &*o->second : nullptr;
    auto b = zone.records.find(k);
    return b == zone.records.end() ? nullptr : &b->second;
  };
  std::vector<std::string> messages;
  std::map<std::string, std::string> touched;  // sort name -> name
  std::set<RecordKey> written;                 // created or upserted by this batch

  for (const tree::Node* change : batch.child("Changes")->all("Change")) {
    const std::string action(change->value("Action"));
    tree::Node rr = *change->child("ResourceRecordSet");
    const std::string given(rr.value("Name"));
    auto name = normalize_name(given);
    if (!name) {
      fail(400, "InvalidInput",
           "Invalid request: '" + given +
               "' is not a valid DNS name in "
               "Change with " +
               describe_change(action, rr));
    }
    rr.set("Name", *name);
    tree::canonicalize(rr, kResourceRecordSet);
    if (tree::Node* alias = rr.child("AliasTarget")) {
      if (auto target = normalize_name(alias->value("DNSName"))) alias->set("DNSName", *target);
      tree::canonicalize(*alias, *kResourceRecordSet.find("AliasTarget")->schema);
    }
    check_shape(action, rr);
    const std::string type(rr.value("Type"));
    const std::string set_id(rr.value("SetIdentifier"));
    if (action != "DELETE") {
      if (auto hc = rr.text_of("HealthCheckId"); hc && !checks_.contains(bare_id(*hc))) {
        fail(404, "NoSuchHealthCheck",
             "A health check with id " + std::string(*hc) + " does not exist.");
      }
    }
    if (!in_zone(*name, zone.name)) {
      messages.push_back("RRSet with DNS name " + *name + " is not permitted in zone " + zone.name);
      continue;
    }
    if (type == "CNAME" && *name == zone.name) {
      messages.push_back("RRSet of type CNAME with DNS name " + *name +
                         " is not permitted at apex in zone " + zone.name);
      continue;
    }
    if (action != "DELETE" && (type == "A" || type == "AAAA")) {
      bool bad = false;
      for (const auto& v : values_of(rr)) {
        if (type == "A" ? ipv4(v) : ipv6(v)) continue;
        messages.push_back(
            "Invalid Resource Record: 'FATAL problem: " +
            std::string(type == "A" ? "ARRDATAIllegalIPv4Address (Value is not a valid IPv4 "
                                      "address)"
                                    : "AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 "
                                      "address)") +
            " encountered with '" + v + "''");
        bad = true;
      }
      if (bad) continue;
    }
    const RecordKey key = key_of(rr);
    const tree::Node* existing = lookup(key);
    const std::string what = describe_set(*name, type, set_id);
    if (action == "CREATE") {
      if (existing != nullptr) {
        messages.push_back("Tried to create resource record set " + what +
                           " but it already exists");
        continue;
      }
      written.insert(key);
      overlay[key] = std::move(rr);
    } else if (action == "DELETE") {
      if (existing == nullptr) {
        messages.push_back("Tried to delete resource record set " + what + " but it was not found");
        continue;
      }
      if (comparable(*existing) != comparable(rr)) {
        messages.push_back("Tried to delete resource record set " + what +
                           " but the values provided do not match the current values");
        continue;
      }
      written.erase(key);
      overlay[key] = std::nullopt;
    } else {  // UPSERT
      written.insert(key);
      overlay[key] = std::move(rr);
    }
    touched.emplace(key.sort_name, *name);
  }

  // Rules over the zone as the batch leaves it, for every name the batch touched.
  for (const auto& [sname, name] : touched) {
    std::map<RecordKey, const tree::Node*> view;
    for (auto it = zone.records.lower_bound({sname, "", ""});
         it != zone.records.end() && it->first.sort_name == sname; ++it) {
      view[it->first] = &it->second;
    }
    for (auto it = overlay.lower_bound({sname, "", ""});
         it != overlay.end() && it->first.sort_name == sname; ++it) {
      if (it->second) {
        view[it->first] = &*it->second;
      } else {
        view.erase(it->first);
      }
    }
    bool has_cname = false;
    std::set<std::string> types;
    for (const auto& [k, rr] : view) {
      types.insert(k.type);
      has_cname = has_cname || k.type == "CNAME";
    }
    if (has_cname && types.size() > 1) {
      bool cname_is_new = false;
      for (const auto& [k, rr] : view) {
        cname_is_new = cname_is_new || (k.type == "CNAME" && written.contains(k));
      }
      if (cname_is_new) {
        messages.push_back("RRSet of type CNAME with DNS name " + name +
                           " is not permitted as it conflicts with other records with the same "
                           "DNS name in zone " +
                           zone.name);
      } else {
        for (const auto& t : types) {
          if (t == "CNAME") continue;
          messages.push_back("RRSet of type " + t + " with DNS name " + name +
                             " is not permitted because a conflicting RRSet of type CNAME with "
                             "the same DNS name already exists in zone " +
                             zone.name);
        }
      }
    }
    if (name == zone.name) {
      if (!types.contains("SOA")) {
        messages.push_back("A HostedZone must contain exactly one SOA record.");
      }
      if (!types.contains("NS")) {
        messages.push_back(
            "A HostedZone must contain at least one NS record for the zone "
            "itself.");
      }
    }
    for (const auto& t : types) {
      std::vector<std::pair<const RecordKey*, const tree::Node*>> group;
      for (const auto& [k, rr] : view) {
        if (k.type == t) group.emplace_back(&k, rr);
      }
      if (group.size() < 2) continue;
      const bool plain = std::any_of(group.begin(), group.end(),
                                     [](const auto& g) { return g.first->set_id.empty(); });
      if (plain) {
        messages.push_back("RRSet with DNS name " + name + ", type " + t +
                           " cannot be created as other RRSets exist with the same name and "
                           "type: a record set without SetIdentifier must be the only one");
        continue;
      }
      const std::string_view policy = policy_of(*group.front().second);
      for (const auto& [k, rr] : group) {
        if (policy_of(*rr) != policy) {
          messages.push_back("RRSet with DNS name " + name + ", type " + t + ", SetIdentifier " +
                             k->set_id + " cannot be created because a non-" +
                             std::string(policy_of(*rr)) +
                             " set exists with the same name and type");
        }
      }
      if (policy != "Failover") continue;
      for (std::string_view role : {"PRIMARY", "SECONDARY"}) {
        std::vector<std::string> ids;
        for (const auto& [k, rr] : group) {
          if (rr->value("Failover") == role) ids.push_back(k->set_id);
        }
        if (ids.size() > 1) {
          messages.push_back("RRSet with DNS name " + name + ", type " + t +
                             " cannot hold more than one " + std::string(role) +
                             " failover record set (SetIdentifiers " + ids[0] + ", " + ids[1] +
                             ")");
        }
      }
    }
  }
  if (!messages.empty()) {
    std::string joined;
    for (const auto& m : messages) joined += (joined.empty() ? "" : ", ") + m;
    fail(400, "InvalidChangeBatch", "[" + joined + "]");
  }
  for (auto& [key, node] : overlay) {
    if (node) {
      zone.records.insert_or_assign(key, std::move(*node));
    } else {
      zone.records.erase(key);
    }
  }
  std::optional<std::string> comment;
  if (auto c = batch.text_of("Comment")) comment = std::string(*c);
  const Change& change = submit_change(std::move(comment));
  return reply(r.call, "ChangeResourceRecordSetsResponse",
               [&](xml::XmlWriter& w) { write_change_info(w, change); });
}

// ---------------------------------------------------------------- DNS answers

const Zone* Route53Service::zone_for_name(std::string_view normalized,
                                          std::string_view hint) const {
  if (auto it = zones_.find(bare_id(hint));
      it != zones_.end() && in_zone(normalized, it->second.name)) {
    return &it->second;
  }
  const Zone* best = nullptr;
  for (const auto& [id, z] : zones_) {
    if (in_zone(normalized, z.name) && (best == nullptr || z.name.size() > best->name.size())) {
      best = &z;
    }
  }
  return best;
}

bool Route53Service::record_healthy(const tree::Node& rr, int depth) const {
  if (auto hc = rr.text_of("HealthCheckId")) {
    // A record may outlive its health check (AWS does not stop the delete); such a record
    // is treated as healthy here.
    auto it = checks_.find(bare_id(*hc));
    if (it != checks_.end() && !health_status(it->second, depth + 1).healthy) return false;
  }
  const tree::Node* alias = rr.child("AliasTarget");
  if (alias == nullptr || alias->value("EvaluateTargetHealth") != "true" || depth > 8) {
    return true;
  }
  // An alias that evaluates target health is healthy when its target (inside this fake)
  // has a healthy record set of the same type; targets outside the fake (load balancers,
  // CloudFront, ...) count as healthy.
  const std::string target(alias->value("DNSName"));
  const Zone* tz = zone_for_name(target, alias->value("HostedZoneId"));
  if (tz == nullptr) return true;
  const std::string sname = sort_name(target);
  const std::string type(rr.value("Type"));
  for (auto it = tz->records.lower_bound({sname, type, ""});
       it != tz->records.end() && it->first.sort_name == sname && it->first.type == type; ++it) {
    if (record_healthy(it->second, depth + 1)) return true;
  }
  return false;  // no record set there, or none of them healthy
}

std::vector<std::string> Route53Service::answer(const Zone& zone, const std::string& name,
                                                const std::string& type, std::string& rcode,
                                                int depth) const {
  if (depth > 8) {
    rcode = "SERVFAIL";
    return {};
  }
  const std::string sname = sort_name(name);
  auto sets_of = [&](const std::string& t) {
    std::vector<const tree::Node*> out;
    for (auto it = zone.records.lower_bound({sname, t, ""});
         it != zone.records.end() && it->first.sort_name == sname && it->first.type == t; ++it) {
      out.push_back(&it->second);
    }
    return out;
  };
  std::vector<const tree::Node*> sets = sets_of(type);
  if (sets.empty() && type != "CNAME") sets = sets_of("CNAME");
  if (sets.empty()) {
    const std::string below = sname + '\x01';
    auto it = zone.records.lower_bound({sname, "", ""});
    const bool exists = it != zone.records.end() &&
                        (it->first.sort_name == sname || it->first.sort_name.starts_with(below));
    if (exists) {
      rcode = "NOERROR";
      return {};
    }
    // No such name: a wildcard one label up answers for it.
    const auto dot = name.find('.');
    if (!name.starts_with("\\052.") && dot != std::string::npos && name != zone.name) {
      const std::string wildcard = "\\052." + name.substr(dot + 1);
      if (in_zone(wildcard, zone.name)) return answer(zone, wildcard, type, rcode, depth + 1);
    }
    rcode = "NXDOMAIN";
    return {};
  }
  rcode = "NOERROR";
  std::vector<const tree::Node*> chosen;
  const std::string_view policy = policy_of(*sets.front());
  auto healthy = [&](const tree::Node* rr) { return record_healthy(*rr, depth); };
  if (policy.empty()) {
    chosen.push_back(sets.front());
  } else if (policy == "Failover") {
    const tree::Node* primary = nullptr;
    const tree::Node* secondary = nullptr;
    for (const auto* rr : sets) {
      (rr->value("Failover") == "PRIMARY" ? primary : secondary) = rr;
    }
    // The primary while it is healthy, else a healthy secondary; when both are unhealthy
    // Route 53 answers with the primary.
    if (primary != nullptr && healthy(primary)) {
      chosen.push_back(primary);
    } else if (secondary != nullptr && healthy(secondary)) {
      chosen.push_back(secondary);
    } else {
      chosen.push_back(primary != nullptr ? primary : secondary);
    }
  } else if (policy == "MultiValueAnswer") {
    for (const auto* rr : sets) {
      if (healthy(rr) && chosen.size() < 8) chosen.push_back(rr);
    }
    if (chosen.empty()) chosen.push_back(sets.front());
  } else {
    // Weighted, latency, geo and the rest: one healthy set, the heaviest for weighted
    // records (the fake has no resolver location to route on).
    const tree::Node* best = nullptr;
    long long best_weight = -1;
    for (const auto* rr : sets) {
      if (!healthy(rr)) continue;
      const long long weight = xml::to_int(rr->value("Weight", "0")).value_or(0);
      if (best == nullptr || weight > best_weight) {
        best = rr;
        best_weight = weight;
      }
    }
    chosen.push_back(best != nullptr ? best : sets.front());
  }
  std::vector<std::string> data;
  for (const tree::Node* rr : chosen) {
    if (const tree::Node* alias = rr->child("AliasTarget")) {
      const std::string target(alias->value("DNSName"));
      if (const Zone* tz = zone_for_name(target, alias->value("HostedZoneId"))) {
        std::string sub;
        for (auto& v : answer(*tz, target, type, sub, depth + 1)) data.push_back(std::move(v));
        if (sub != "NOERROR") rcode = sub;
      } else {
        // A target outside the fake resolves to its own name here.
        data.push_back(target.ends_with('.') ? target.substr(0, target.size() - 1) : target);
      }
      continue;
    }
    for (auto& v : values_of(*rr)) data.push_back(std::move(v));
  }
  return data;
}

HttpResponse Route53Service::test_dns_answer(Request& r) {
  auto need = [&](const char* p) {
    auto v = r.q(p);
    if (!v || v->empty()) {
      fail(400, "InvalidInput", std::string("The request must contain the parameter ") + p);
    }
    return *v;
  };
  const std::string zone_id = need("hostedzoneid");
  const std::string record_name = need("recordname");
  const std::string record_type = need("recordtype");
  if (!valid_type(record_type)) fail(400, "InvalidInput", "Invalid recordtype: " + record_type);
  const Zone& zone = zone_or_throw(zone_id);
  auto name = normalize_name(record_name);
  if (!name) fail(400, "InvalidInput", "Invalid recordname: '" + record_name + "'");
  std::string rcode = "REFUSED";  // a name outside the zone is not this zone's to answer
  std::vector<std::string> data;
  if (in_zone(*name, zone.name)) data = answer(zone, *name, record_type, rcode, 0);
  return reply(r.call, "TestDNSAnswerResponse", [&](xml::XmlWriter& w) {
    w.element("Nameserver", zone.name_servers.empty() ? "" : zone.name_servers.front())
        .element("RecordName", record_name)
        .element("RecordType", record_type)
        .start("RecordData");
    for (const auto& d : data) w.element("RecordDataEntry", d);
    w.end().element("ResponseCode", rcode).element("Protocol", "UDP");
  });
}

}  // namespace drh::fake
