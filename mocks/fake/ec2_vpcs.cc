// EC2 in the fake: VPCs, subnets, zones, regions and tags.
#include <algorithm>

#include "ec2_service.h"
#include "ec2_xml.h"
#include "wire.h"

namespace drh::fake::ec2 {

namespace {

bool vpc_matches(const Vpc& v, const std::vector<Filter>& filters) {
  for (const Filter& f : filters) {
    const std::string& n = f.name;
    bool ok = false;
    if (n == "vpc-id") ok = f.matches(v.id);
    else if (n == "state") ok = f.matches(v.state);
    else if (n == "cidr" || n == "cidr-block-association.cidr-block") ok = f.matches(v.cidr);
    else if (n == "cidr-block-association.association-id") ok = f.matches(v.cidr_association_id);
    else if (n == "cidr-block-association.state") ok = f.matches("associated");
    else if (n == "dhcp-options-id") ok = f.matches(v.dhcp_options_id);
    else if (n == "is-default") ok = f.matches(v.is_default);
    else if (n == "owner-id") ok = f.matches(v.owner);
    else ok = tags_match(v.tags, f);
    if (!ok) return false;
  }
  return true;
}

bool subnet_matches(const Subnet& s, const std::vector<Filter>& filters) {
  for (const Filter& f : filters) {
    const std::string& n = f.name;
    bool ok = false;
    if (n == "subnet-id") ok = f.matches(s.id);
    else if (n == "vpc-id") ok = f.matches(s.vpc_id);
    else if (n == "state") ok = f.matches(s.state);
    else if (n == "cidr-block" || n == "cidr" || n == "cidrBlock") ok = f.matches(s.cidr);
    else if (n == "availability-zone" || n == "availabilityZone") ok = f.matches(s.az);
    else if (n == "availability-zone-id" || n == "availabilityZoneId") ok = f.matches(s.az_id);
    else if (n == "default-for-az" || n == "defaultForAz") ok = f.matches(s.default_for_az);
    else if (n == "map-public-ip-on-launch") ok = f.matches(s.map_public_ip);
    else if (n == "owner-id") ok = f.matches(s.owner);
    else ok = tags_match(s.tags, f);
    if (!ok) return false;
  }
  return true;
}

Cidr parse_cidr_param(const std::string& text) {
  auto c = Cidr::parse(text);
  if (!c) {
    fail(400, "InvalidParameterValue",
         "Value (" + text + ") for parameter cidrBlock is invalid. This is not a valid CIDR " +
             "block.");
  }
  return *c;
}

}  // namespace

// ---------------------------------------------------------------- VPCs

HttpResponse Ec2Service::describe_vpcs(Call& call) {
  RegionState& r = region(call.region);
  const auto filters = parse_filters(
      call, {"vpc-id", "state", "cidr", "cidr-block-association.cidr-block",
             "cidr-block-association.association-id", "cidr-block-association.state",
             "dhcp-options-id", "is-default", "owner-id"});
  const auto ids = requested_ids(call, "VpcId", r.vpcs, "vpc", "vpc", "InvalidVpcID.Malformed",
                                 "InvalidVpcID.NotFound");
  const PageRequest page = parse_paging(call, "vpcs", 5, 1000, !ids.empty(), "vpcIds");
  auto [items, token] = take_page(r.vpcs, page, "vpcs", [&](const Vpc& v) {
    return (ids.empty() || ids.contains(v.id)) && vpc_matches(v, filters);
  });
  return ec2_response(call, [&](xml::XmlWriter& w) {
    w.start("vpcSet");
    for (const Vpc* v : items) write_vpc(w, *v);
    w.end();
    if (!token.empty()) w.element("nextToken", token);
  });
}

HttpResponse Ec2Service::create_vpc(Call& call) {
  if (call.param("Ipv4IpamPoolId") || call.param("Ipv6IpamPoolId") ||
      call.boolean("AmazonProvidedIpv6CidrBlock").value_or(false) ||
      call.param("Ipv6CidrBlock") || call.param("Ipv6Pool")) {
    fail(400, "Unsupported",
         "drharness's fake models IPv4 CIDR blocks only (no IPAM pools, no IPv6)");
  }
  auto text = call.param("CidrBlock");
  if (!text) {
    fail(400, "MissingParameter", "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.");
  }
  const Cidr cidr = parse_cidr_param(*text);
  if (cidr.prefix < 16 || cidr.prefix > 28) {
    fail(400, "InvalidVpcRange", "The CIDR '" + *text + "' is invalid.");
  }
  const std::string tenancy = call.param("InstanceTenancy").value_or("default");
  if (tenancy != "default" && tenancy != "dedicated" && tenancy != "host") {
    fail(400, "InvalidParameterValue",
         "Value (" + tenancy + ") for parameter instanceTenancy is invalid.");
  }
  Tags tags = parse_tag_specifications(call, "vpc");
  RegionState& r = region(call.region);
  Vpc& vpc = add_vpc(r, call.region, cidr, false, std::move(tags));
  vpc.tenancy = tenancy;
  return ec2_response(call, [&](xml::XmlWriter& w) { write_vpc(w, vpc, "vpc"); });
}

HttpResponse Ec2Service::delete_vpc(Call& call) {
  RegionState& r = region(call.region);
  const std::string id = call.required("VpcId");
  vpc_or_throw(r, id);
  // What AWS refuses to delete along with the VPC: subnets, route tables other than the
  // main one, security groups other than the default one.
  bool dependencies = false;
  for (const auto& [sid, s] : r.subnets) dependencies = dependencies || s.vpc_id == id;
  for (const auto& [tid, t] : r.route_tables) {
    if (t.vpc_id != id) continue;
    bool main = false;
    for (const auto& a : t.associations) main = main || a.main;
    dependencies = dependencies || !main;
  }
  for (const auto& [gid, g] : r.security_groups) {
    dependencies = dependencies || (g.vpc_id == id && g.name != "default");
  }
  if (dependencies) {
    fail(400, "DependencyViolation",
         "The vpc '" + id + "' has dependencies and cannot be deleted.");
  }
  std::erase_if(r.route_tables, [&](const auto& kv) { return kv.second.vpc_id == id; });
  std::erase_if(r.security_groups, [&](const auto& kv) { return kv.second.vpc_id == id; });
  r.vpcs.erase(id);
  // Deleting either VPC of a peering deletes the peering (routes through it turn blackhole).
  delete_peerings_of(call.region, id);
  return ec2_response(call, [](xml::XmlWriter& w) { w.element("return", true); });
}

// ---------------------------------------------------------------- subnets

HttpResponse Ec2Service::describe_subnets(Call& call) {
  RegionState& r = region(call.region);
  const auto filters = parse_filters(
      call, {"subnet-id", "vpc-id", "state", "cidr-block", "cidr", "cidrBlock",
             "availability-zone", "availabilityZone", "availability-zone-id",
             "availabilityZoneId", "default-for-az", "defaultForAz", "map-public-ip-on-launch",
             "owner-id"});
  const auto ids = requested_ids(call, "SubnetId", r.subnets, "subnet", "subnet",
                                 "InvalidSubnetID.Malformed", "InvalidSubnetID.NotFound");
  const PageRequest page = parse_paging(call, "subnets", 5, 1000, !ids.empty(), "subnetIds");
  auto [items, token] = take_page(r.subnets, page, "subnets", [&](const Subnet& s) {
    return (ids.empty() || ids.contains(s.id)) && subnet_matches(s, filters);
  });
  return ec2_response(call, [&](xml::XmlWriter& w) {
    w.start("subnetSet");
    for (const Subnet* s : items) write_subnet(w, *s, call.region);
    w.end();
    if (!token.empty()) w.element("nextToken", token);
  });
}

HttpResponse Ec2Service::create_subnet(Call& call) {
  RegionState& r = region(call.region);
  const Vpc& vpc = vpc_or_throw(r, call.required("VpcId"));
  if (call.param("Ipv6CidrBlock") || call.boolean("Ipv6Native").value_or(false) ||
      call.param("Ipv4IpamPoolId") || call.param("OutpostArn")) {
    fail(400, "Unsupported",
         "drharness's fake models IPv4 subnets only (no IPv6, IPAM pools or Outposts)");
  }
  auto text = call.param("CidrBlock");
  if (!text) fail(400, "MissingParameter", "The request must contain the parameter cidrBlock");
  const Cidr cidr = parse_cidr_param(*text);
  const Cidr vpc_cidr = *Cidr::parse(vpc.cidr);
  if (cidr.prefix < 16 || cidr.prefix > 28 || !vpc_cidr.contains(cidr)) {
    fail(400, "InvalidSubnet.Range", "The CIDR '" + *text + "' is invalid.");
  }
  std::size_t in_vpc = 0;
  for (const auto& [id, s] : r.subnets) {
    if (s.vpc_id != vpc.id) continue;
    ++in_vpc;
    if (Cidr::parse(s.cidr)->overlaps(cidr)) {
      fail(400, "InvalidSubnet.Conflict",
           "The CIDR '" + *text + "' conflicts with another subnet");
    }
  }
  const auto zones = zones_of(call.region);
  std::string az;
  if (auto name = call.param("AvailabilityZone")) {
    az = *name;
  } else if (auto zid = call.param("AvailabilityZoneId")) {
    for (const std::string& z : zones) {
      if (zone_id(z) == *zid) az = z;
    }
    if (az.empty()) {
      fail(400, "InvalidParameterValue",
           "Value (" + *zid + ") for parameter availabilityZoneId is invalid.");
    }
  } else {
    az = zones[in_vpc % zones.size()];  // AWS picks a zone; spread them deterministically
  }
  if (std::find(zones.begin(), zones.end(), az) == zones.end()) {
    std::string known;
    for (const std::string& z : zones) known += (known.empty() ? "" : ", ") + z;
    fail(400, "InvalidParameterValue",
         "Value (" + az + ") for parameter availabilityZone is invalid. Subnets can currently " +
             "only be created in the following availability zones: " + known + ".");
  }
  Subnet s;
  s.id = core().ids.next("subnet");
  s.vpc_id = vpc.id;
  s.owner = core().options.account_id;
  s.cidr = cidr.str();
  s.az = az;
  s.az_id = zone_id(az);
  s.tags = parse_tag_specifications(call, "subnet");
  const Subnet& stored = r.subnets.emplace(s.id, std::move(s)).first->second;
  return ec2_response(call,
                      [&](xml::XmlWriter& w) { write_subnet(w, stored, call.region, "subnet"); });
}

HttpResponse Ec2Service::delete_subnet(Call& call) {
  RegionState& r = region(call.region);
  const std::string id = call.required("SubnetId");
  subnet_or_throw(r, id);
  // The subnet's route table association goes with it.
  for (auto& [tid, t] : r.route_tables) {
    std::erase_if(t.associations,
                  [&](const RouteTableAssociation& a) { return a.subnet_id == id; });
  }
  r.subnets.erase(id);
  return ec2_response(call, [](xml::XmlWriter& w) { w.element("return", true); });
}

// ---------------------------------------------------------------- zones and regions

HttpResponse Ec2Service::describe_availability_zones(Call& call) {
  const auto filters = parse_filters(call, {"zone-name", "zone-id", "state", "region-name",
                                            "zone-type", "group-name", "opt-in-status"});
  const auto names = call.list("ZoneName", "");
  const auto zids = call.list("ZoneId", "");
  const auto zones = zones_of(call.region);
  for (const std::string& n : names) {
    if (std::find(zones.begin(), zones.end(), n) == zones.end()) {
      fail(400, "InvalidParameterValue", "Invalid availability zone: [" + n + "]");
    }
  }
  return ec2_response(call, [&](xml::XmlWriter& w) {
    w.start("availabilityZoneInfo");
    for (const std::string& z : zones) {
      const std::string zid = zone_id(z);
      if (!names.empty() && std::find(names.begin(), names.end(), z) == names.end()) continue;
      if (!zids.empty() && std::find(zids.begin(), zids.end(), zid) == zids.end()) continue;
      bool ok = true;
      for (const Filter& f : filters) {
        if (f.name == "zone-name") ok = ok && f.matches(z);
        else if (f.name == "zone-id") ok = ok && f.matches(zid);
        else if (f.name == "state") ok = ok && f.matches("available");
        else if (f.name == "region-name" || f.name == "group-name") ok = ok && f.matches(call.region);
        else if (f.name == "zone-type") ok = ok && f.matches("availability-zone");
        else if (f.name == "opt-in-status") ok = ok && f.matches("opt-in-not-required");
        else ok = false;  // zones carry no tags
      }
      if (!ok) continue;
      w.start("item")
          .element("optInStatus", "opt-in-not-required")
          .start("messageSet")
          .end()
          .element("regionName", call.region)
          .element("zoneName", z)
          .element("zoneId", zid)
          .element("groupName", call.region)
          .element("networkBorderGroup", call.region)
          .element("zoneType", "availability-zone")
          .element("zoneState", "available")
          .end();
    }
    w.end();
  });
}

HttpResponse Ec2Service::describe_regions(Call& call) {
  const auto filters = parse_filters(call, {"region-name", "endpoint", "opt-in-status"});
  const auto names = call.list("RegionName", "");
  const auto& regions = core().options.regions;
  for (const std::string& n : names) {
    if (std::find(regions.begin(), regions.end(), n) == regions.end()) {
      fail(400, "InvalidParameterValue", "Invalid region: " + n);
    }
  }
  return ec2_response(call, [&](xml::XmlWriter& w) {
    w.start("regionInfo");
    for (const std::string& r : regions) {
      const std::string endpoint = "ec2." + r + ".amazonaws.com";
      if (!names.empty() && std::find(names.begin(), names.end(), r) == names.end()) continue;
      bool ok = true;
      for (const Filter& f : filters) {
        if (f.name == "region-name") ok = ok && f.matches(r);
        else if (f.name == "endpoint") ok = ok && f.matches(endpoint);
        else if (f.name == "opt-in-status") ok = ok && f.matches("opt-in-not-required");
        else ok = false;
      }
      if (!ok) continue;
      w.start("item")
          .element("regionName", r)
          .element("regionEndpoint", endpoint)
          .element("optInStatus", "opt-in-not-required")
          .end();
    }
    w.end();
  });
}

// ---------------------------------------------------------------- tags

namespace {

/// Tags of the resource named by `id` in `region_name`, by its prefix.
Tags& tags_of(Ec2Service& ec2, RegionState& r, std::string_view region_name,
              const std::string& id) {
  if (id.starts_with("vpc-")) return ec2.vpc_or_throw(r, id).tags;
  if (id.starts_with("subnet-")) return ec2.subnet_or_throw(r, id).tags;
  if (id.starts_with("rtb-")) return ec2.route_table_or_throw(r, id).tags;
  if (id.starts_with("sg-")) return ec2.security_group_or_throw(r, id).tags;
  if (id.starts_with("pcx-")) return ec2.peering_or_throw(id, region_name).tags;
  fail(400, "InvalidID",
       "The ID '" + id + "' is not valid (drharness's fake tags vpc-, subnet-, rtb-, sg- and " +
           "pcx- resources)");
}

}  // namespace

HttpResponse Ec2Service::create_tags(Call& call) {
  RegionState& r = region(call.region);
  const auto ids = call.list("ResourceId", "");
  if (ids.empty()) {
    fail(400, "MissingParameter", "The request must contain the parameter resourceIdSet");
  }
  Tags updates;
  for (int i = 1;; ++i) {
    auto key = call.param("Tag." + std::to_string(i) + ".Key");
    if (!key) break;
    updates.emplace_back(*key, call.param("Tag." + std::to_string(i) + ".Value").value_or(""));
  }
  if (updates.empty()) fail(400, "MissingParameter", "The request must contain the parameter tag");
  // Resolve every resource first: a bad id must leave all of them untouched.
  std::vector<Tags*> targets;
  for (const std::string& id : ids) targets.push_back(&tags_of(*this, r, call.region, id));
  for (Tags* t : targets) apply_tags(*t, updates);
  return ec2_response(call, [](xml::XmlWriter& w) { w.element("return", true); });
}

HttpResponse Ec2Service::delete_tags(Call& call) {
  RegionState& r = region(call.region);
  const auto ids = call.list("ResourceId", "");
  if (ids.empty()) {
    fail(400, "MissingParameter", "The request must contain the parameter resourceIdSet");
  }
  // Tag.N.Key with an optional Tag.N.Value (only that value is removed); no tags at all
  // removes every tag.
  std::vector<std::pair<std::string, std::optional<std::string>>> removals;
  for (int i = 1;; ++i) {
    auto key = call.param("Tag." + std::to_string(i) + ".Key");
    if (!key) break;
    removals.emplace_back(*key, call.param("Tag." + std::to_string(i) + ".Value"));
  }
  std::vector<Tags*> targets;
  for (const std::string& id : ids) targets.push_back(&tags_of(*this, r, call.region, id));
  for (Tags* t : targets) {
    if (removals.empty()) {
      t->clear();
      continue;
    }
    std::erase_if(*t, [&](const auto& tag) {
      for (const auto& [k, v] : removals) {
        if (tag.first == k && (!v || *v == tag.second)) return true;
      }
      return false;
    });
  }
  return ec2_response(call, [](xml::XmlWriter& w) { w.element("return", true); });
}

}  // namespace drh::fake::ec2
