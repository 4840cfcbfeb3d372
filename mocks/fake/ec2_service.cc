// EC2 in the fake: dispatch, the shared request helpers, default VPCs, scheduled
// transitions and the saved form of the state. The handlers live in ec2_vpcs.cc,
// ec2_routes.cc, ec2_security_groups.cc and ec2_peering.cc.
#include "ec2_service.h"

#include <charconv>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "drh/core/encoding.h"
#include "state_codec.h"

namespace drh::fake {

namespace ec2 {

// ---------------------------------------------------------------- CIDR

std::optional<Cidr> Cidr::parse(std::string_view text) {
  std::uint32_t base = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int octet = 0; octet < 4; ++octet) {
    unsigned value = 0;
    auto [next, ec] = std::from_chars(p, end, value);
    if (ec != std::errc() || next == p || value > 255 || next - p > 3) return std::nullopt;
    base = (base << 8) | value;
    p = next;
    const char expected = octet < 3 ? '.' : '/';
    if (p == end || *p != expected) return std::nullopt;
    ++p;
  }
  int prefix = 0;
  auto [next, ec] = std::from_chars(p, end, prefix);
  if (ec != std::errc() || next != end || next == p || prefix < 0 || prefix > 32) {
    return std::nullopt;
  }
  Cidr c{base, prefix};
  if ((base & ~c.mask()) != 0) return std::nullopt;  // host bits set: not a CIDR block
  return c;
}

std::string Cidr::str() const {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u/%d", (base >> 24) & 0xFF, (base >> 16) & 0xFF,
                (base >> 8) & 0xFF, base & 0xFF, prefix);
  return buf;
}

// ---------------------------------------------------------------- filters and tags

bool Filter::matches(std::string_view candidate) const {
  for (const std::string& v : values) {
    if (v.find_first_of("*?") == std::string::npos ? v == candidate : glob_match(v, candidate)) {
      return true;
    }
  }
  return false;
}

std::vector<Filter> parse_filters(const Call& call,
                                  std::initializer_list<std::string_view> known) {
  std::vector<Filter> out;
  for (int i = 1;; ++i) {
    const std::string prefix = "Filter." + std::to_string(i) + ".";
    auto name = call.param(prefix + "Name");
    if (!name) break;
    Filter f;
    f.name = *name;
    f.values = call.list(prefix + "Value", "");
    bool ok = f.name.starts_with("tag:") || f.name == "tag-key" || f.name == "tag-value";
    for (std::string_view k : known) ok = ok || f.name == k;
    if (!ok) fail(400, "InvalidParameterValue", "The filter '" + f.name + "' is invalid");
    if (f.values.empty()) {
      fail(400, "InvalidParameterValue",
           "The filter '" + f.name + "' requires at least one value");
    }
    out.push_back(std::move(f));
  }
  return out;
}

bool tags_match(const Tags& tags, const Filter& filter) {
  if (filter.name == "tag-key") {
    for (const auto& [k, v] : tags) {
      if (filter.matches(k)) return true;
    }
    return false;
  }
  if (filter.name == "tag-value") {
    for (const auto& [k, v] : tags) {
      if (filter.matches(v)) return true;
    }
    return false;
  }
  const std::string_view key = std::string_view(filter.name).substr(4);  // tag:<key>
  for (const auto& [k, v] : tags) {
    if (k == key) return filter.matches(v);
  }
  return false;
}

Tags parse_tag_specifications(const Call& call, std::string_view resource_type) {
  Tags out;
  for (int i = 1;; ++i) {
    const std::string prefix = "TagSpecification." + std::to_string(i) + ".";
    auto type = call.param(prefix + "ResourceType");
    bool any_tag = call.param(prefix + "Tag.1.Key").has_value();
    if (!type && !any_tag) break;
    if (!type || *type != resource_type) {
      fail(400, "InvalidParameterValue",
           "'" + type.value_or("") + "' is not a valid taggable resource type for this " +
               "operation (expected '" + std::string(resource_type) + "')");
    }
    Tags specified;
    for (int j = 1;; ++j) {
      const std::string tag = prefix + "Tag." + std::to_string(j) + ".";
      auto key = call.param(tag + "Key");
      if (!key) break;
      specified.emplace_back(*key, call.param(tag + "Value").value_or(""));
    }
    apply_tags(out, specified);
  }
  return out;
}

void apply_tags(Tags& tags, const Tags& updates) {
  for (const auto& [k, v] : updates) {
    if (k.empty() || k.starts_with("aws:")) {
      fail(400, "InvalidParameterValue",
           "Tag keys cannot be empty and cannot start with 'aws:' (got '" + k + "')");
    }
    bool found = false;
    for (auto& [ek, ev] : tags) {
      if (ek == k) {
        ev = v;
        found = true;
      }
    }
    if (!found) tags.emplace_back(k, v);
  }
}

// ---------------------------------------------------------------- ids, zones, paging

std::string derived_id(std::string_view prefix, std::string_view region, std::string_view what) {
  std::string seed(region);
  seed += '/';
  seed += what;
  return std::string(prefix) + "-" + sha256_hex(seed).substr(0, 17);
}

std::vector<std::string> zones_of(std::string_view region) {
  return {std::string(region) + "a", std::string(region) + "b", std::string(region) + "c"};
}

std::string zone_id(std::string_view zone) {
  // us-east-1a -> use1-az1, ap-southeast-1b -> apse1-az2, eu-central-1c -> euc1-az3.
  if (zone.empty()) return {};
  const char letter = zone.back();
  std::string_view region = zone.substr(0, zone.size() - 1);
  std::string out;
  auto dash = region.find('-');
  auto last = region.rfind('-');
  if (dash == std::string_view::npos || last == dash) return std::string(zone);
  out += region.substr(0, dash);
  std::string_view direction = region.substr(dash + 1, last - dash - 1);
  // Directions compose ("southeast" -> "se"), in the order they appear.
  std::size_t i = 0;
  while (i < direction.size()) {
    bool matched = false;
    for (std::string_view word : {"north", "south", "east", "west", "central"}) {
      if (direction.substr(i).starts_with(word)) {
        out += word[0];
        i += word.size();
        matched = true;
        break;
      }
    }
    if (!matched) out += direction[i++];
  }
  out += region.substr(last + 1);
  out += "-az";
  out += std::to_string(letter - 'a' + 1);
  return out;
}

std::string page_token(std::string_view kind, std::string_view last_id) {
  std::string plain(kind);
  plain += '|';
  plain += last_id;
  return base64_encode(plain);
}

PageRequest parse_paging(const Call& call, std::string_view kind, int min, int max,
                         bool ids_given, std::string_view ids_param) {
  PageRequest page;
  if (auto m = call.integer("MaxResults")) {
    if (ids_given) {
      fail(400, "InvalidParameterCombination",
           "The parameter " + std::string(ids_param) + " cannot be used with the parameter " +
               "maxResults");
    }
    if (*m < min || *m > max) {
      fail(400, "InvalidParameterValue",
           "Value ( " + std::to_string(*m) + " ) for parameter maxResults is invalid. " +
               "Parameter must be between " + std::to_string(min) + " and " +
               std::to_string(max) + ".");
    }
    page.max_results = static_cast<int>(*m);
  }
  if (auto token = call.param("NextToken"); token && !token->empty()) {
    std::string plain;
    const std::string expected = std::string(kind) + "|";
    if (!base64_decode(*token, plain) || !plain.starts_with(expected) ||
        plain.size() == expected.size()) {
      fail(400, "InvalidPaginationToken",
           "The specified pagination token is not valid or is expired.");
    }
    page.after = plain.substr(expected.size());
  }
  return page;
}

std::vector<std::string> id_list(const Call& call, std::string_view param) {
  return call.list(param, "");
}

bool well_formed_id(std::string_view id, std::string_view prefix) {
  if (id.size() < prefix.size() + 9 || !id.starts_with(prefix) || id[prefix.size()] != '-') {
    return false;
  }
  for (char c : id.substr(prefix.size() + 1)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void fail_missing_ids(std::string_view noun, std::string_view code,
                      const std::vector<std::string>& missing) {
  std::string list;
  for (const std::string& id : missing) list += (list.empty() ? "" : ", ") + id;
  if (missing.size() == 1) {
    fail(400, std::string(code),
         "The " + std::string(noun) + " ID '" + list + "' does not exist");
  }
  fail(400, std::string(code), "The " + std::string(noun) + " IDs '" + list + "' do not exist");
}

void check_dry_run(const Call& call) {
  if (call.boolean("DryRun").value_or(false)) {
    fail(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
  }
}

// ---------------------------------------------------------------- the service

Ec2Service::~Ec2Service() { cancel_pending(); }

const std::map<std::string_view, Ec2Service::Handler, std::less<>>& Ec2Service::handlers() {
  static const std::map<std::string_view, Handler, std::less<>> table = {
      {"DescribeVpcs", &Ec2Service::describe_vpcs},
      {"CreateVpc", &Ec2Service::create_vpc},
      {"DeleteVpc", &Ec2Service::delete_vpc},
      {"DescribeSubnets", &Ec2Service::describe_subnets},
      {"CreateSubnet", &Ec2Service::create_subnet},
      {"DeleteSubnet", &Ec2Service::delete_subnet},
      {"DescribeAvailabilityZones", &Ec2Service::describe_availability_zones},
      {"DescribeRegions", &Ec2Service::describe_regions},
      {"CreateTags", &Ec2Service::create_tags},
      {"DeleteTags", &Ec2Service::delete_tags},
      {"DescribeSecurityGroups", &Ec2Service::describe_security_groups},
      {"CreateSecurityGroup", &Ec2Service::create_security_group},
      {"DeleteSecurityGroup", &Ec2Service::delete_security_group},
      {"AuthorizeSecurityGroupIngress", &Ec2Service::authorize_ingress},
      {"AuthorizeSecurityGroupEgress", &Ec2Service::authorize_egress},
      {"RevokeSecurityGroupIngress", &Ec2Service::revoke_ingress},
      {"RevokeSecurityGroupEgress", &Ec2Service::revoke_egress},
      {"DescribeRouteTables", &Ec2Service::describe_route_tables},
      {"CreateRouteTable", &Ec2Service::create_route_table},
      {"DeleteRouteTable", &Ec2Service::delete_route_table},
      {"AssociateRouteTable", &Ec2Service::associate_route_table},
      {"DisassociateRouteTable", &Ec2Service::disassociate_route_table},
      {"CreateRoute", &Ec2Service::create_route},
      {"ReplaceRoute", &Ec2Service::replace_route},
      {"DeleteRoute", &Ec2Service::delete_route},
      {"DescribeVpcPeeringConnections", &Ec2Service::describe_peerings},
      {"CreateVpcPeeringConnection", &Ec2Service::create_peering},
      {"AcceptVpcPeeringConnection", &Ec2Service::accept_peering},
      {"RejectVpcPeeringConnection", &Ec2Service::reject_peering},
      {"DeleteVpcPeeringConnection", &Ec2Service::delete_peering},
  };
  return table;
}

HttpResponse Ec2Service::handle(Call& call) {
  const auto& table = handlers();
  auto it = table.find(call.operation);
  if (it == table.end()) {
    fail(400, "InvalidAction",
         "The action " + (call.operation.empty() ? std::string("(none)") : call.operation) +
             " is not valid for this web service (drharness's fake serves no such EC2 action).");
  }
  check_dry_run(call);
  return (this->*(it->second))(call);
}

RegionState& Ec2Service::region(std::string_view name) {
  auto it = regions_.find(name);
  if (it != regions_.end()) return it->second;
  RegionState& r = regions_[std::string(name)];
  materialise_default_vpc(r, name);
  return r;
}

void Ec2Service::materialise_default_vpc(RegionState& r, std::string_view region_name) {
  // Every AWS region comes with a default VPC: 172.31.0.0/16, a default subnet (/20) per
  // zone that maps public IPs, a main route table with a default route to the internet
  // gateway, and the "default" security group. Its ids derive from the region so they
  // never disturb the ids of what tests create.
  const std::string& account = core_.options.account_id;
  Vpc vpc;
  vpc.id = derived_id("vpc", region_name, "default-vpc");
  vpc.owner = account;
  vpc.cidr = "172.31.0.0/16";
  vpc.cidr_association_id = derived_id("vpc-cidr-assoc", region_name, "default-vpc");
  vpc.state = "available";
  vpc.dhcp_options_id = derived_id("dopt", region_name, "default");
  vpc.is_default = true;

  RouteTable main;
  main.id = derived_id("rtb", region_name, "default-vpc-main");
  main.vpc_id = vpc.id;
  main.owner = account;
  main.routes.push_back(gateway_route(vpc.cidr, "local", "CreateRouteTable"));
  main.routes.push_back(
      gateway_route("0.0.0.0/0", derived_id("igw", region_name, "default-vpc"), "CreateRoute"));
  main.associations.push_back(
      {derived_id("rtbassoc", region_name, "default-vpc-main"), "", true});

  SecurityGroup sg;
  sg.id = derived_id("sg", region_name, "default-vpc");
  sg.name = "default";
  sg.description = "default VPC security group";
  sg.vpc_id = vpc.id;
  sg.owner = account;
  sg.ingress.push_back(all_traffic_group(sg.id, account));
  sg.egress.push_back(all_traffic_cidr("0.0.0.0/0"));

  const auto zones = zones_of(region_name);
  for (std::size_t i = 0; i < zones.size(); ++i) {
    Subnet s;
    s.id = derived_id("subnet", region_name, zones[i]);
    s.vpc_id = vpc.id;
    s.owner = account;
    s.cidr = Cidr{(172u << 24) | (31u << 16) | (static_cast<std::uint32_t>(i) << 12), 20}.str();
    s.az = zones[i];
    s.az_id = zone_id(zones[i]);
    s.default_for_az = true;
    s.map_public_ip = true;
    r.subnets.emplace(s.id, std::move(s));
  }
  r.route_tables.emplace(main.id, std::move(main));
  r.security_groups.emplace(sg.id, std::move(sg));
  r.vpcs.emplace(vpc.id, std::move(vpc));
}

Vpc& Ec2Service::add_vpc(RegionState& r, std::string_view region_name, const Cidr& cidr,
                         bool is_default, Tags tags) {
  const std::string& account = core_.options.account_id;
  Vpc vpc;
  vpc.id = core_.ids.next("vpc");
  vpc.owner = account;
  vpc.cidr = cidr.str();
  vpc.cidr_association_id = core_.ids.next("vpc-cidr-assoc");
  vpc.state = "pending";
  vpc.dhcp_options_id = derived_id("dopt", region_name, "default");
  vpc.is_default = is_default;
  vpc.tags = std::move(tags);
  vpc.due = core_.clock.now() + kVpcPendingDelay;

  // Every VPC gets a main route table (with the local route) and a default security group.
  RouteTable main;
  main.id = core_.ids.next("rtb");
  main.vpc_id = vpc.id;
  main.owner = account;
  main.routes.push_back(gateway_route(vpc.cidr, "local", "CreateRouteTable"));
  main.associations.push_back({core_.ids.next("rtbassoc"), "", true});

  SecurityGroup sg;
  sg.id = core_.ids.next("sg");
  sg.name = "default";
  sg.description = "default VPC security group";
  sg.vpc_id = vpc.id;
  sg.owner = account;
  sg.ingress.push_back(all_traffic_group(sg.id, account));
  sg.egress.push_back(all_traffic_cidr("0.0.0.0/0"));

  r.route_tables.emplace(main.id, std::move(main));
  r.security_groups.emplace(sg.id, std::move(sg));
  const std::string id = vpc.id;
  const TimePoint due = *vpc.due;
  Vpc& stored = r.vpcs.emplace(id, std::move(vpc)).first->second;
  schedule_vpc(std::string(region_name), id, due);
  return stored;
}

Vpc& Ec2Service::vpc_or_throw(RegionState& r, std::string_view id) {
  auto it = r.vpcs.find(id);
  if (it != r.vpcs.end()) return it->second;
  if (!well_formed_id(id, "vpc")) {
    fail(400, "InvalidVpcID.Malformed", "Invalid id: \"" + std::string(id) + "\"");
  }
  fail(400, "InvalidVpcID.NotFound", "The vpc ID '" + std::string(id) + "' does not exist");
}

Subnet& Ec2Service::subnet_or_throw(RegionState& r, std::string_view id) {
  auto it = r.subnets.find(id);
  if (it != r.subnets.end()) return it->second;
  if (!well_formed_id(id, "subnet")) {
    fail(400, "InvalidSubnetID.Malformed", "Invalid id: \"" + std::string(id) + "\"");
  }
  fail(400, "InvalidSubnetID.NotFound",
       "The subnet ID '" + std::string(id) + "' does not exist");
}

RouteTable& Ec2Service::route_table_or_throw(RegionState& r, std::string_view id) {
  auto it = r.route_tables.find(id);
  if (it != r.route_tables.end()) return it->second;
  if (!well_formed_id(id, "rtb")) {
    fail(400, "InvalidRouteTableId.Malformed", "Invalid id: \"" + std::string(id) + "\"");
  }
  fail(400, "InvalidRouteTableID.NotFound",
       "The routeTable ID '" + std::string(id) + "' does not exist");
}

SecurityGroup& Ec2Service::security_group_or_throw(RegionState& r, std::string_view id) {
  auto it = r.security_groups.find(id);
  if (it != r.security_groups.end()) return it->second;
  if (!well_formed_id(id, "sg")) {
    fail(400, "InvalidGroupId.Malformed", "Invalid id: \"" + std::string(id) + "\"");
  }
  fail(400, "InvalidGroup.NotFound",
       "The security group '" + std::string(id) + "' does not exist");
}

const Peering* Ec2Service::find_peering(std::string_view id, std::string_view region_name) const {
  auto it = peerings_.find(id);
  if (it == peerings_.end()) return nullptr;
  const Peering& p = it->second;
  if (p.requester.region != region_name && p.accepter.region != region_name) return nullptr;
  return &p;
}

Peering& Ec2Service::peering_or_throw(std::string_view id, std::string_view region_name) {
  if (find_peering(id, region_name) == nullptr) {
    if (!well_formed_id(id, "pcx")) {
      fail(400, "InvalidVpcPeeringConnectionId.Malformed",
           "Invalid id: \"" + std::string(id) + "\" (expecting \"pcx-...\")");
    }
    fail(400, "InvalidVpcPeeringConnectionID.NotFound",
         "The vpcPeeringConnection ID '" + std::string(id) + "' does not exist");
  }
  return peerings_.find(id)->second;
}

std::string_view Ec2Service::route_state(const Route& route, std::string_view region_name) const {
  if (route.peering_id.empty()) return "active";
  // A route through a peering carries traffic only while the peering is active; once the
  // peering is deleted (or before it is accepted) AWS shows the route as a blackhole.
  const Peering* p = find_peering(route.peering_id, region_name);
  if (p == nullptr || p->status != "active") return "blackhole";
  // A partition between the peered regions (or an outage of either) drops the traffic:
  // the route shows as a blackhole while the fault lasts and active again after it.
  if (p->requester.region != p->accepter.region &&
      !core_.faults.reachable(p->requester.region, p->accepter.region, core_.clock.now())) {
    return "blackhole";
  }
  return "active";
}

// ---------------------------------------------------------------- scheduled transitions

void Ec2Service::schedule(TimePoint when, std::string name, std::function<void()> fn) {
  auto holder = std::make_shared<VirtualClock::TaskId>(0);
  const VirtualClock::TaskId id = core_.clock.schedule_at(
      when,
      [this, holder, fn = std::move(fn)] {
        // Tasks run outside handle(): take the world lock like a request would.
        std::lock_guard lock(core_.mutex);
        if (pending_.erase(*holder) == 0) return;  // reset or reloaded meanwhile
        fn();
      },
      std::move(name));
  *holder = id;  // the task cannot run before this: it needs the lock we hold
  pending_.insert(id);
}

void Ec2Service::cancel_pending() {
  for (VirtualClock::TaskId id : pending_) core_.clock.cancel(id);
  pending_.clear();
}

void Ec2Service::schedule_vpc(const std::string& region_name, const std::string& id,
                              TimePoint when) {
  schedule(when, "ec2 vpc " + id + " available", [this, region_name, id, when] {
    auto r = regions_.find(region_name);
    if (r == regions_.end()) return;
    auto v = r->second.vpcs.find(id);
    if (v == r->second.vpcs.end() || v->second.due != when) return;
    v->second.state = "available";
    v->second.due.reset();
  });
}

void Ec2Service::schedule_peering(const std::string& id, TimePoint when) {
  schedule(when, "ec2 peering " + id, [this, id, when] {
    auto it = peerings_.find(id);
    if (it == peerings_.end() || it->second.due != when) return;
    settle_peering(id);
  });
}

void Ec2Service::settle_peering(const std::string& id) {
  const TimePoint now = core_.clock.now();
  const std::string& account = core_.options.account_id;
  for (;;) {
    auto it = peerings_.find(id);
    if (it == peerings_.end()) return;
    Peering& p = it->second;
    if (!p.due || *p.due > now) {
      if (p.due) schedule_peering(id, *p.due);
      return;
    }
    if (p.status == "initiating-request") {
      // The request reaches the accepter's region: the peer VPC must exist there, belong
      // to this account (the only one the fake hosts), and not overlap the requester.
      bool ok = p.accepter.owner == account && core_.region_exists(p.accepter.region);
      if (ok) {
        RegionState& peer = region(p.accepter.region);
        auto v = peer.vpcs.find(p.accepter.vpc_id);
        ok = v != peer.vpcs.end();
        if (ok) {
          p.accepter.cidr = v->second.cidr;
          auto a = Cidr::parse(p.requester.cidr);
          auto b = Cidr::parse(p.accepter.cidr);
          ok = a && b && !a->overlaps(*b);
        }
      }
      if (ok) {
        p.status = "pending-acceptance";
        p.message = "Pending Acceptance by " + p.accepter.owner;
        p.due = p.expiration;
      } else {
        p.status = "failed";
        p.message = "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range";
        p.due = *p.due + kPeeringDeletedRetention;
      }
    } else if (p.status == "pending-acceptance") {
      p.status = "expired";
      p.message = "Expired";
      p.due = *p.due + kPeeringRejectedRetention;
    } else if (p.status == "provisioning") {
      p.status = "active";
      p.message = "Active";
      p.due.reset();
    } else {
      // deleted, failed, rejected, expired: the retention is over, the peering is gone.
      peerings_.erase(it);
      return;
    }
  }
}

void Ec2Service::delete_peerings_of(std::string_view region_name, std::string_view vpc_id) {
  const TimePoint now = core_.clock.now();
  for (auto& [id, p] : peerings_) {
    const bool involved = (p.requester.region == region_name && p.requester.vpc_id == vpc_id) ||
                          (p.accepter.region == region_name && p.accepter.vpc_id == vpc_id);
    if (!involved) continue;
    if (p.status == "initiating-request" || p.status == "pending-acceptance" ||
        p.status == "provisioning" || p.status == "active") {
      p.status = "deleted";
      p.message = "Deleted by " + core_.options.account_id;
      p.due = now + kPeeringDeletedRetention;
      schedule_peering(id, *p.due);
    }
  }
}

// ---------------------------------------------------------------- state

namespace {

using nlohmann::json;


json ranges_json(const std::vector<IpRange>& ranges) {
  json out = json::array();
  for (const IpRange& r : ranges) out.push_back({r.cidr, r.description});
  return out;
}
std::vector<IpRange> ranges_from(const json& j) {
  std::vector<IpRange> out;
  for (const json& r : j) out.push_back({r.at(0).get<std::string>(), r.at(1).get<std::string>()});
  return out;
}

json permissions_json(const std::vector<Permission>& perms) {
  json out = json::array();
  for (const Permission& p : perms) {
    json j = {{"protocol", p.protocol},
              {"ip_ranges", ranges_json(p.ip_ranges)},
              {"ipv6_ranges", ranges_json(p.ipv6_ranges)},
              {"prefix_lists", ranges_json(p.prefix_lists)}};
    if (p.from_port) j["from"] = *p.from_port;
    if (p.to_port) j["to"] = *p.to_port;
    json groups = json::array();
    for (const GroupPair& g : p.groups) groups.push_back({g.group_id, g.user_id, g.description});
    j["groups"] = std::move(groups);
    out.push_back(std::move(j));
  }
  return out;
}
std::vector<Permission> permissions_from(const json& j) {
  std::vector<Permission> out;
  for (const json& e : j) {
    Permission p;
    p.protocol = e.at("protocol").get<std::string>();
    if (e.contains("from")) p.from_port = e.at("from").get<int>();
    if (e.contains("to")) p.to_port = e.at("to").get<int>();
    p.ip_ranges = ranges_from(e.at("ip_ranges"));
    p.ipv6_ranges = ranges_from(e.at("ipv6_ranges"));
    p.prefix_lists = ranges_from(e.at("prefix_lists"));
    for (const json& g : e.at("groups")) {
      p.groups.push_back({g.at(0).get<std::string>(), g.at(1).get<std::string>(),
                          g.at(2).get<std::string>()});
    }
    out.push_back(std::move(p));
  }
  return out;
}

json side_json(const PeeringSide& s) {
  return {{"vpc_id", s.vpc_id}, {"owner", s.owner}, {"region", s.region}, {"cidr", s.cidr}};
}
PeeringSide side_from(const json& j) {
  return {j.at("vpc_id").get<std::string>(), j.at("owner").get<std::string>(),
          j.at("region").get<std::string>(), j.at("cidr").get<std::string>()};
}

}  // namespace

void Ec2Service::save(nlohmann::json& out) const {
  json regions = json::object();
  for (const auto& [name, r] : regions_) {
    json vpcs = json::array();
    for (const auto& [id, v] : r.vpcs) {
      json j = {{"id", v.id},          {"owner", v.owner},
                {"cidr", v.cidr},      {"cidr_association_id", v.cidr_association_id},
                {"state", v.state},    {"dhcp_options_id", v.dhcp_options_id},
                {"tenancy", v.tenancy}, {"is_default", v.is_default},
                {"tags", tags_json(v.tags)}};
      put_due(j, v.due);
      vpcs.push_back(std::move(j));
    }
    json subnets = json::array();
    for (const auto& [id, s] : r.subnets) {
      subnets.push_back({{"id", s.id},
                         {"vpc_id", s.vpc_id},
                         {"owner", s.owner},
                         {"cidr", s.cidr},
                         {"az", s.az},
                         {"az_id", s.az_id},
                         {"state", s.state},
                         {"default_for_az", s.default_for_az},
                         {"map_public_ip", s.map_public_ip},
                         {"tags", tags_json(s.tags)}});
    }
    json tables = json::array();
    for (const auto& [id, t] : r.route_tables) {
      json routes = json::array();
      for (const Route& rt : t.routes) {
        routes.push_back({{"destination", rt.destination},
                          {"gateway_id", rt.gateway_id},
                          {"nat_gateway_id", rt.nat_gateway_id},
                          {"transit_gateway_id", rt.transit_gateway_id},
                          {"network_interface_id", rt.network_interface_id},
                          {"instance_id", rt.instance_id},
                          {"egress_only_gateway_id", rt.egress_only_gateway_id},
                          {"peering_id", rt.peering_id},
                          {"origin", rt.origin}});
      }
      json assocs = json::array();
      for (const RouteTableAssociation& a : t.associations) {
        assocs.push_back({{"id", a.id}, {"subnet_id", a.subnet_id}, {"main", a.main}});
      }
      tables.push_back({{"id", t.id},
                        {"vpc_id", t.vpc_id},
                        {"owner", t.owner},
                        {"routes", std::move(routes)},
                        {"associations", std::move(assocs)},
                        {"tags", tags_json(t.tags)},
                        {"client_token", t.client_token}});
    }
    json groups = json::array();
    for (const auto& [id, g] : r.security_groups) {
      groups.push_back({{"id", g.id},
                        {"name", g.name},
                        {"description", g.description},
                        {"vpc_id", g.vpc_id},
                        {"owner", g.owner},
                        {"ingress", permissions_json(g.ingress)},
                        {"egress", permissions_json(g.egress)},
                        {"tags", tags_json(g.tags)}});
    }
    regions[name] = {{"vpcs", std::move(vpcs)},
                     {"subnets", std::move(subnets)},
                     {"route_tables", std::move(tables)},
                     {"security_groups", std::move(groups)}};
  }
  json peerings = json::array();
  for (const auto& [id, p] : peerings_) {
    json j = {{"id", p.id},
              {"requester", side_json(p.requester)},
              {"accepter", side_json(p.accepter)},
              {"status", p.status},
              {"message", p.message},
              {"expiration", to_ms(p.expiration)},
              {"tags", tags_json(p.tags)}};
    put_due(j, p.due);
    peerings.push_back(std::move(j));
  }
  out["regions"] = std::move(regions);
  out["peerings"] = std::move(peerings);
}

void Ec2Service::load(const nlohmann::json& in) {
  reset();
  if (in.contains("regions")) {
    for (const auto& [name, rj] : in.at("regions").items()) {
      RegionState& r = regions_[name];  // saved regions are already materialised
      for (const json& j : rj.at("vpcs")) {
        Vpc v;
        v.id = j.at("id").get<std::string>();
        v.owner = j.at("owner").get<std::string>();
        v.cidr = j.at("cidr").get<std::string>();
        v.cidr_association_id = j.at("cidr_association_id").get<std::string>();
        v.state = j.at("state").get<std::string>();
        v.dhcp_options_id = j.at("dhcp_options_id").get<std::string>();
        v.tenancy = j.at("tenancy").get<std::string>();
        v.is_default = j.at("is_default").get<bool>();
        v.tags = tags_from(j.at("tags"));
        v.due = due_from(j);
        r.vpcs.emplace(v.id, std::move(v));
      }
      for (const json& j : rj.at("subnets")) {
        Subnet s;
        s.id = j.at("id").get<std::string>();
        s.vpc_id = j.at("vpc_id").get<std::string>();
        s.owner = j.at("owner").get<std::string>();
        s.cidr = j.at("cidr").get<std::string>();
        s.az = j.at("az").get<std::string>();
        s.az_id = j.at("az_id").get<std::string>();
        s.state = j.at("state").get<std::string>();
        s.default_for_az = j.at("default_for_az").get<bool>();
        s.map_public_ip = j.at("map_public_ip").get<bool>();
        s.tags = tags_from(j.at("tags"));
        r.subnets.emplace(s.id, std::move(s));
      }
      for (const json& j : rj.at("route_tables")) {
        RouteTable t;
        t.id = j.at("id").get<std::string>();
        t.vpc_id = j.at("vpc_id").get<std::string>();
        t.owner = j.at("owner").get<std::string>();
        for (const json& rt : j.at("routes")) {
          Route route;
          route.destination = rt.at("destination").get<std::string>();
          route.gateway_id = rt.at("gateway_id").get<std::string>();
          route.nat_gateway_id = rt.at("nat_gateway_id").get<std::string>();
          route.transit_gateway_id = rt.at("transit_gateway_id").get<std::string>();
          route.network_interface_id = rt.at("network_interface_id").get<std::string>();
          route.instance_id = rt.at("instance_id").get<std::string>();
          route.egress_only_gateway_id = rt.at("egress_only_gateway_id").get<std::string>();
          route.peering_id = rt.at("peering_id").get<std::string>();
          route.origin = rt.at("origin").get<std::string>();
          t.routes.push_back(std::move(route));
        }
        for (const json& a : j.at("associations")) {
          t.associations.push_back({a.at("id").get<std::string>(),
                                    a.at("subnet_id").get<std::string>(),
                                    a.at("main").get<bool>()});
        }
        t.tags = tags_from(j.at("tags"));
        t.client_token = j.at("client_token").get<std::string>();
        r.route_tables.emplace(t.id, std::move(t));
      }
      for (const json& j : rj.at("security_groups")) {
        SecurityGroup g;
        g.id = j.at("id").get<std::string>();
        g.name = j.at("name").get<std::string>();
        g.description = j.at("description").get<std::string>();
        g.vpc_id = j.at("vpc_id").get<std::string>();
        g.owner = j.at("owner").get<std::string>();
        g.ingress = permissions_from(j.at("ingress"));
        g.egress = permissions_from(j.at("egress"));
        g.tags = tags_from(j.at("tags"));
        r.security_groups.emplace(g.id, std::move(g));
      }
    }
  }
  if (in.contains("peerings")) {
    for (const json& j : in.at("peerings")) {
      Peering p;
      p.id = j.at("id").get<std::string>();
      p.requester = side_from(j.at("requester"));
      p.accepter = side_from(j.at("accepter"));
      p.status = j.at("status").get<std::string>();
      p.message = j.at("message").get<std::string>();
      p.expiration = from_ms(j.at("expiration").get<long long>());
      p.tags = tags_from(j.at("tags"));
      p.due = due_from(j);
      peerings_.emplace(p.id, std::move(p));
    }
  }
  // Pending transitions: those already due settle now, the others are re-armed at their
  // saved due time, so a reloaded world moves on exactly as the saved one would have.
  const TimePoint now = core_.clock.now();
  for (auto& [name, r] : regions_) {
    for (auto& [id, v] : r.vpcs) {
      if (!v.due) continue;
      if (*v.due <= now) {
        v.state = "available";
        v.due.reset();
      } else {
        schedule_vpc(name, id, *v.due);
      }
    }
  }
  std::vector<std::string> ids;
  for (const auto& [id, p] : peerings_) {
    if (p.due) ids.push_back(id);
  }
  for (const std::string& id : ids) settle_peering(id);
}

void Ec2Service::reset() {
  cancel_pending();
  regions_.clear();
  peerings_.clear();
}

}  // namespace ec2

std::unique_ptr<Service> make_ec2_service(FakeCloud::Core& core) {
  return std::make_unique<ec2::Ec2Service>(core);
}

}  // namespace drh::fake
