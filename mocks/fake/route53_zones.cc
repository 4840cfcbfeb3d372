// Route 53 hosted zones: create (with SOA and NS), read, list (two ways), comment, delete,
// and GetChange's companion GetHostedZoneCount.
#include <algorithm>
#include <cstdio>

#include "route53_service.h"

namespace drh::fake {

using namespace route53;

namespace {

// The four name servers AWS hands out come one from each of its TLDs, numbered by
// stripe (com 0-511, net 512-1023, org 1024-1535, co.uk 1536-2047); derived from the
// zone id so one world always gives the same answer.
std::vector<std::string> name_servers_for(std::string_view zone_id) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (char c : zone_id) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  static constexpr const char* kTlds[] = {"com", "net", "org", "co.uk"};
  std::vector<std::string> out;
  for (int i = 0; i < 4; ++i) {
    const unsigned number = 512U * static_cast<unsigned>(i) + static_cast<unsigned>(h % 512);
    h /= 512;
    const unsigned stripe = static_cast<unsigned>(h % 64);
    h /= 64;
    char buf[64];
    std::snprintf(buf, sizeof buf, "ns-%u.awsdns-%02u.%s", number, stripe, kTlds[i]);
    out.emplace_back(buf);
  }
  return out;
}

tree::Node record(const std::string& name, std::string_view type, long long ttl,
                  const std::vector<std::string>& values) {
  tree::Node rr{"ResourceRecordSet", {}, {}};
  rr.add("Name", name);
  rr.add("Type", std::string(type));
  rr.add("TTL", std::to_string(ttl));
  tree::Node& list = rr.add("ResourceRecords");
  for (const auto& v : values) list.add("ResourceRecord").add("Value", v);
  return rr;
}

void add_record(Zone& zone, tree::Node node) {
  RecordKey key{sort_name(node.value("Name")), std::string(node.value("Type")),
                std::string(node.value("SetIdentifier"))};
  zone.records.emplace(std::move(key), std::move(node));
}

std::vector<const Zone*> by_creation(const std::map<std::string, Zone, std::less<>>& zones) {
  std::vector<const Zone*> out;
  out.reserve(zones.size());
  for (const auto& [id, z] : zones) out.push_back(&z);
  std::sort(out.begin(), out.end(), [](const Zone* a, const Zone* b) { return a->seq < b->seq; });
  return out;
}

}  // namespace

HttpResponse Route53Service::create_hosted_zone(Request& r) {
  tree::Node req = parse_or_throw(r.body("CreateHostedZoneRequest"), kCreateHostedZoneRequest);
  const std::string given(req.value("Name"));
  auto name = normalize_name(given);
  if (!name || *name == ".") {
    fail(400, "InvalidDomainName", "Invalid domain name: '" + given + "'");
  }
  const std::string ref(req.value("CallerReference"));
  if (ref.empty() || ref.size() > 128) {
    fail(400, "InvalidInput", "CallerReference must be 1 to 128 characters long");
  }
  for (const auto& [id, z] : zones_) {
    if (z.caller_reference == ref) {
      fail(409, "HostedZoneAlreadyExists",
           "A hosted zone has already been created with the specified caller reference "
           "(zone " +
               z.id + ")");
    }
  }
  if (auto ds = req.text_of("DelegationSetId")) {
    fail(400, "NoSuchDelegationSet",
         "A reusable delegation set with the specified ID does not exist: " + std::string(*ds));
  }
  Zone z;
  z.name = *name;
  z.caller_reference = ref;
  if (const tree::Node* cfg = req.child("HostedZoneConfig")) {
    if (auto c = cfg->text_of("Comment")) z.comment = std::string(*c);
    if (cfg->value("PrivateZone") == "true" && !req.has("VPC")) {
      fail(400, "InvalidInput", "A private hosted zone needs a VPC: specify VPC");
    }
  }
  if (const tree::Node* vpc = req.child("VPC")) {
    const std::string region(vpc->value("VPCRegion"));
    const std::string vpc_id(vpc->value("VPCId"));
    if (vpc_id.empty()) fail(400, "InvalidVPCId", "The VPC ID is missing");
    if (region.empty() || !core_.region_exists(region)) {
      fail(400, "InvalidVPCId", "The VPC region '" + region + "' is not valid");
    }
    z.private_zone = true;
    z.vpcs.emplace_back(region, vpc_id);
  }
  do {
    z.id = core_.ids.upper("Z", 20);
  } while (zones_.contains(z.id));
  z.seq = ++seq_;
  z.name_servers = name_servers_for(z.id);
  // Every zone starts with its SOA and NS record sets, with AWS's TTLs and values.
  add_record(z, record(z.name, "SOA", 900,
                       {z.name_servers.front() + ". awsdns-hostmaster.amazon.com. 1 7200 900 "
                                                 "1209600 86400"}));
  std::vector<std::string> ns;
  for (const auto& s : z.name_servers) ns.push_back(s + ".");
  add_record(z, record(z.name, "NS", 172800, ns));
  const Change& change = submit_change(std::nullopt);
  auto [it, inserted] = zones_.emplace(z.id, std::move(z));
  const Zone& zone = it->second;
  HttpResponse resp = reply(
      r.call, "CreateHostedZoneResponse",
      [&](xml::XmlWriter& w) {
        write_zone(w, zone);
        write_change_info(w, change);
        write_delegation(w, zone, /*single_vpc=*/true);
      },
      201);
  resp.headers.add("Location", "https://route53.amazonaws.com/2013-04-01/hostedzone/" + zone.id);
  return resp;
}

HttpResponse Route53Service::get_hosted_zone(Request& r) {
  const Zone& zone = zone_or_throw(r.segments[1]);
  return reply(r.call, "GetHostedZoneResponse", [&](xml::XmlWriter& w) {
    write_zone(w, zone);
    write_delegation(w, zone, /*single_vpc=*/false);
  });
}

HttpResponse Route53Service::list_hosted_zones(Request& r) {
  std::string echo;
  const std::size_t limit = max_items(r, 100, 100, echo);
  if (auto ds = r.q("delegationsetid")) {
    fail(400, "NoSuchDelegationSet",
         "A reusable delegation set with the specified ID does not exist: " + *ds);
  }
  const auto type = r.q("hostedzonetype");
  if (type && *type != "PrivateHostedZone") {
    fail(400, "InvalidInput", "Value '" + *type + "' for hostedzonetype must be PrivateHostedZone");
  }
  std::vector<const Zone*> all = by_creation(zones_);
  if (type) std::erase_if(all, [](const Zone* z) { return !z->private_zone; });
  const std::string marker = r.q("marker").value_or("");
  std::size_t start = 0;
  if (!marker.empty()) {
    auto it = std::find_if(all.begin(), all.end(),
                           [&](const Zone* z) { return z->id == bare_id(marker); });
    if (it == all.end()) fail(400, "InvalidInput", "The marker '" + marker + "' is not valid");
    start = static_cast<std::size_t>(it - all.begin());
  }
  const std::size_t end = std::min(all.size(), start + limit);
  return reply(r.call, "ListHostedZonesResponse", [&](xml::XmlWriter& w) {
    w.start("HostedZones");
    for (std::size_t i = start; i < end; ++i) write_zone(w, *all[i]);
    w.end();
    w.element("Marker", marker).element("IsTruncated", end < all.size());
    if (end < all.size()) w.element("NextMarker", all[end]->id);
    w.element("MaxItems", echo);
  });
}

HttpResponse Route53Service::list_hosted_zones_by_name(Request& r) {
  std::string echo;
  const std::size_t limit = max_items(r, 100, 100, echo);
  const auto dns = r.q("dnsname");
  const auto zone_id = r.q("hostedzoneid");
  if (zone_id && !dns) {
    fail(400, "InvalidInput", "hostedzoneid is valid only together with dnsname");
  }
  std::pair<std::string, std::string> from;
  if (dns) {
    auto name = normalize_name(*dns);
    if (!name) fail(400, "InvalidDomainName", "Invalid domain name: '" + *dns + "'");
    from = {sort_name(*name), zone_id ? bare_id(*zone_id) : std::string()};
  }
  // By name with the labels reversed, then by id, as AWS orders this list.
  std::vector<std::pair<std::pair<std::string, std::string>, const Zone*>> all;
  all.reserve(zones_.size());
  for (const auto& [id, z] : zones_) all.push_back({{sort_name(z.name), z.id}, &z});
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  auto first = std::lower_bound(all.begin(), all.end(), from,
                                [](const auto& e, const auto& key) { return e.first < key; });
  const std::size_t start = static_cast<std::size_t>(first - all.begin());
  const std::size_t end = std::min(all.size(), start + limit);
  return reply(r.call, "ListHostedZonesByNameResponse", [&](xml::XmlWriter& w) {
    w.start("HostedZones");
    for (std::size_t i = start; i < end; ++i) write_zone(w, *all[i].second);
    w.end();
    if (dns) w.element("DNSName", *dns);
    if (zone_id) w.element("HostedZoneId", *zone_id);
    w.element("IsTruncated", end < all.size());
    if (end < all.size()) {
      w.element("NextDNSName", all[end].second->name)
          .element("NextHostedZoneId", all[end].second->id);
    }
    w.element("MaxItems", echo);
  });
}

HttpResponse Route53Service::delete_hosted_zone(Request& r) {
  Zone& zone = zone_or_throw(r.segments[1]);
  for (const auto& [key, rr] : zone.records) {
    const bool apex = rr.value("Name") == zone.name;
    if (!(apex && (key.type == "SOA" || key.type == "NS"))) {
      fail(400, "HostedZoneNotEmpty",
           "The specified hosted zone contains non-required resource record sets and so "
           "cannot be deleted.");
    }
  }
  const std::string id = zone.id;
  tags_.erase({"hostedzone", id});
  zones_.erase(id);
  const Change& change = submit_change(std::nullopt);
  return reply(r.call, "DeleteHostedZoneResponse",
               [&](xml::XmlWriter& w) { write_change_info(w, change); });
}

HttpResponse Route53Service::update_hosted_zone_comment(Request& r) {
  Zone& zone = zone_or_throw(r.segments[1]);
  tree::Node req =
      parse_or_throw(r.body("UpdateHostedZoneCommentRequest"), kUpdateHostedZoneCommentRequest);
  if (auto c = req.text_of("Comment")) {
    zone.comment = std::string(*c);
  } else {
    zone.comment.reset();
  }
  return reply(r.call, "UpdateHostedZoneCommentResponse",
               [&](xml::XmlWriter& w) { write_zone(w, zone); });
}

HttpResponse Route53Service::get_hosted_zone_count(Request& r) {
  return reply(r.call, "GetHostedZoneCountResponse", [&](xml::XmlWriter& w) {
    w.element("HostedZoneCount", static_cast<std::int64_t>(zones_.size()));
  });
}

}  // namespace drh::fake
