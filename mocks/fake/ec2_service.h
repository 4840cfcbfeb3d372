// Internal to the fake: EC2's networking side (VPCs, subnets, route tables, security groups,
// cross-region VPC peering) as plain per-region state, and the service that serves it over
// the EC2 protocol.
//
// State is plain structs in std::maps keyed by id, so a describe walks ids in order (that is
// also what makes NextToken a simple "last id seen"). Everything that takes time on AWS
// (a VPC leaving "pending", a peering request reaching the accepter, provisioning, expiry,
// the retention of a deleted peering) is a transition with a due time stored on the
// resource and a task on the core's VirtualClock, so saved state can re-arm it on load.
#pragma once

#include "drh/core/glob.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "service.h"

namespace drh::fake::ec2 {

// ---------------------------------------------------------------- modelled delays
// Virtual time each asynchronous step takes. AWS gives no figures; these are short enough
// that a test advancing the clock by a minute sees every step settle.

/// CreateVpc answers "pending"; the VPC is "available" this much later.
inline constexpr Duration kVpcPendingDelay = std::chrono::seconds(2);
/// initiating-request -> pending-acceptance (or failed) after the request reached the
/// accepter's region.
inline constexpr Duration kPeeringRequestDelay = std::chrono::seconds(5);
/// provisioning -> active after AcceptVpcPeeringConnection.
inline constexpr Duration kPeeringProvisionDelay = std::chrono::seconds(5);
/// A request not accepted within a week expires (AWS: 7 days).
inline constexpr Duration kPeeringAcceptWindow = std::chrono::hours(24 * 7);
/// How long failed and deleted peerings stay visible (AWS: about 2 hours).
inline constexpr Duration kPeeringDeletedRetention = std::chrono::hours(2);
/// How long rejected and expired peerings stay visible (AWS: up to 2 days).
inline constexpr Duration kPeeringRejectedRetention = std::chrono::hours(48);

// ---------------------------------------------------------------- values

/// Tags in the order they were first set; keys are unique.
using Tags = std::vector<std::pair<std::string, std::string>>;

/// An IPv4 CIDR block, always in canonical form (no host bits).
struct Cidr {
  std::uint32_t base = 0;
  int prefix = 0;

  /// nullopt unless `text` is a.b.c.d/n with n in 0..32 and no host bits set.
  static std::optional<Cidr> parse(std::string_view text);
  std::string str() const;
  std::uint32_t mask() const { return prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix); }
  bool contains(const Cidr& inner) const {
    return inner.prefix >= prefix && (inner.base & mask()) == base;
  }
  bool overlaps(const Cidr& other) const { return contains(other) || other.contains(*this); }
};

// ---------------------------------------------------------------- resources

struct Vpc {
  std::string id;
  std::string owner;
  std::string cidr;
  std::string cidr_association_id;
  std::string state;  ///< pending | available
  std::string dhcp_options_id;
  std::string tenancy = "default";
  bool is_default = false;
  Tags tags;
  std::optional<TimePoint> due;  ///< pending -> available
};

struct Subnet {
  std::string id;
  std::string vpc_id;
  std::string owner;
  std::string cidr;
  std::string az;
  std::string az_id;
  std::string state = "available";
  bool default_for_az = false;
  bool map_public_ip = false;
  Tags tags;
};

struct Route {
  std::string destination;  ///< IPv4 CIDR
  /// The target: exactly one of these is set.
  std::string gateway_id;   ///< "local", igw-..., vgw-..., vpce-...
  std::string nat_gateway_id;
  std::string transit_gateway_id;
  std::string network_interface_id;
  std::string instance_id;
  std::string egress_only_gateway_id;
  std::string peering_id;
  std::string origin;  ///< CreateRouteTable | CreateRoute
};

struct RouteTableAssociation {
  std::string id;         ///< rtbassoc-...
  std::string subnet_id;  ///< empty for the main association
  bool main = false;
};

struct RouteTable {
  std::string id;
  std::string vpc_id;
  std::string owner;
  std::vector<Route> routes;
  std::vector<RouteTableAssociation> associations;
  Tags tags;
  std::string client_token;  ///< CreateRouteTable's idempotency token
};

struct IpRange {
  std::string cidr;
  std::string description;
  bool operator==(const IpRange&) const = default;
};

struct GroupPair {
  std::string group_id;
  std::string user_id;
  std::string description;
  bool operator==(const GroupPair&) const = default;
};

/// One rule of a security group: protocol and port range, with the sources it admits.
struct Permission {
  std::string protocol;  ///< tcp | udp | icmp | -1
  std::optional<int> from_port;
  std::optional<int> to_port;
  std::vector<IpRange> ip_ranges;
  std::vector<GroupPair> groups;
  std::vector<IpRange> ipv6_ranges;
  std::vector<IpRange> prefix_lists;  ///< cidr holds the prefix list id
};

/// A route to a gateway ("local" for the VPC's own range).
inline Route gateway_route(std::string destination, std::string gateway, std::string origin) {
  Route r;
  r.destination = std::move(destination);
  r.gateway_id = std::move(gateway);
  r.origin = std::move(origin);
  return r;
}

/// All traffic (-1) to or from `cidr`.
inline Permission all_traffic_cidr(std::string cidr) {
  Permission p;
  p.protocol = "-1";
  p.ip_ranges.push_back({std::move(cidr), ""});
  return p;
}

/// All traffic (-1) from members of `group_id`.
inline Permission all_traffic_group(std::string group_id, std::string owner) {
  Permission p;
  p.protocol = "-1";
  p.groups.push_back({std::move(group_id), std::move(owner), ""});
  return p;
}

struct SecurityGroup {
  std::string id;
  std::string name;
  std::string description;
  std::string vpc_id;
  std::string owner;
  std::vector<Permission> ingress;
  std::vector<Permission> egress;
  Tags tags;
};

/// One side of a peering connection.
struct PeeringSide {
  std::string vpc_id;
  std::string owner;
  std::string region;
  std::string cidr;  ///< as the VPC had it when the request was made
};

struct Peering {
  std::string id;
  PeeringSide requester;
  PeeringSide accepter;
  /// initiating-request | pending-acceptance | provisioning | active | deleted | rejected |
  /// failed | expired
  std::string status;
  std::string message;
  TimePoint expiration{};  ///< end of the acceptance window
  Tags tags;
  std::optional<TimePoint> due;  ///< when the next transition (or removal) is due
};

/// Everything EC2 holds in one region.
struct RegionState {
  std::map<std::string, Vpc, std::less<>> vpcs;
  std::map<std::string, Subnet, std::less<>> subnets;
  std::map<std::string, RouteTable, std::less<>> route_tables;
  std::map<std::string, SecurityGroup, std::less<>> security_groups;
};

// ---------------------------------------------------------------- request helpers

/// Filter.N.Name with Filter.N.Value.M: a resource matches when, for every filter, one of
/// the filter's values matches (values take the * and ? wildcards, as EC2's do).
struct Filter {
  std::string name;
  std::vector<std::string> values;
  bool matches(std::string_view candidate) const;
  bool matches(bool candidate) const {
    return matches(std::string_view(candidate ? "true" : "false"));
  }
};

/// The filters of a request, each name checked against `known` (plus tag:<key>, tag-key
/// and tag-value, which every resource with tags supports): InvalidParameterValue names an
/// unknown filter, as EC2 does.
std::vector<Filter> parse_filters(const Call& call, std::initializer_list<std::string_view> known);
/// True when `tags` satisfy a tag:<key> / tag-key / tag-value filter.
bool tags_match(const Tags& tags, const Filter& filter);

using drh::glob_match;  // EC2 filter values may hold * and ?

/// TagSpecification.N (ResourceType + Tag.M.Key/Value) for `resource_type`; a
/// specification for another type is InvalidParameterValue, as on AWS.
Tags parse_tag_specifications(const Call& call, std::string_view resource_type);
/// Sets (or replaces) each tag, keeping first-set order.
void apply_tags(Tags& tags, const Tags& updates);

// ---------------------------------------------------------------- the service

class Ec2Service final : public Service {
 public:
  explicit Ec2Service(FakeCloud::Core& core) : core_(core) {}
  ~Ec2Service() override;

  std::string_view id() const override { return "ec2"; }
  Protocol protocol() const override { return Protocol::kEc2; }
  HttpResponse handle(Call& call) override;
  void save(nlohmann::json& out) const override;
  void load(const nlohmann::json& in) override;
  void reset() override;

  /// The region's state, created on first use with the region's default VPC (as every
  /// AWS region has one). Callers hold the world lock.
  RegionState& region(std::string_view name);
  /// A peering visible from `region_name` (either side is in it), or nullptr.
  const Peering* find_peering(std::string_view id, std::string_view region_name) const;

 private:
  using Handler = HttpResponse (Ec2Service::*)(Call&);
  static const std::map<std::string_view, Handler, std::less<>>& handlers();

  // ec2_vpcs.cc
  HttpResponse describe_vpcs(Call& call);
  HttpResponse create_vpc(Call& call);
  HttpResponse delete_vpc(Call& call);
  HttpResponse describe_subnets(Call& call);
  HttpResponse create_subnet(Call& call);
  HttpResponse delete_subnet(Call& call);
  HttpResponse describe_availability_zones(Call& call);
  HttpResponse describe_regions(Call& call);
  HttpResponse create_tags(Call& call);
  HttpResponse delete_tags(Call& call);
  // ec2_security_groups.cc
  HttpResponse describe_security_groups(Call& call);
  HttpResponse create_security_group(Call& call);
  HttpResponse delete_security_group(Call& call);
  HttpResponse authorize_ingress(Call& call);
  HttpResponse authorize_egress(Call& call);
  HttpResponse revoke_ingress(Call& call);
  HttpResponse revoke_egress(Call& call);
  HttpResponse change_rules(Call& call, bool ingress, bool add);
  // ec2_routes.cc
  HttpResponse describe_route_tables(Call& call);
  HttpResponse create_route_table(Call& call);
  HttpResponse delete_route_table(Call& call);
  HttpResponse associate_route_table(Call& call);
  HttpResponse disassociate_route_table(Call& call);
  HttpResponse create_route(Call& call);
  HttpResponse replace_route(Call& call);
  HttpResponse delete_route(Call& call);
  // ec2_peering.cc
  HttpResponse describe_peerings(Call& call);
  HttpResponse create_peering(Call& call);
  HttpResponse accept_peering(Call& call);
  HttpResponse reject_peering(Call& call);
  HttpResponse delete_peering(Call& call);

 public:
  // Shared by the handler files (not part of the Service interface).
  FakeCloud::Core& core() { return core_; }
  Vpc& vpc_or_throw(RegionState& r, std::string_view id);
  Subnet& subnet_or_throw(RegionState& r, std::string_view id);
  RouteTable& route_table_or_throw(RegionState& r, std::string_view id);
  SecurityGroup& security_group_or_throw(RegionState& r, std::string_view id);
  Peering& peering_or_throw(std::string_view id, std::string_view region_name);
  /// Builds a VPC with its main route table and default security group.
  Vpc& add_vpc(RegionState& r, std::string_view region_name, const Cidr& cidr, bool is_default,
               Tags tags);
  /// "active" or "blackhole" for a route, as DescribeRouteTables shows it.
  std::string_view route_state(const Route& route, std::string_view region_name) const;
  /// Moves every live peering of `vpc_id` to deleted (the VPC is going away).
  void delete_peerings_of(std::string_view region_name, std::string_view vpc_id);
  /// Arms the peering's next transition at `when` (also used on load).
  void schedule_peering(const std::string& id, TimePoint when);

 private:
  void schedule_vpc(const std::string& region_name, const std::string& id, TimePoint when);
  /// Runs `fn` at `when` under the world lock, unless the service was reset meanwhile.
  void schedule(TimePoint when, std::string name, std::function<void()> fn);
  void cancel_pending();
  void settle_peering(const std::string& id);
  void materialise_default_vpc(RegionState& r, std::string_view region_name);

  FakeCloud::Core& core_;
  std::map<std::string, RegionState, std::less<>> regions_;
  /// Peerings live once, visible from both sides' regions.
  std::map<std::string, Peering, std::less<>> peerings_;
  std::set<VirtualClock::TaskId> pending_;
};

// ---------------------------------------------------------------- helpers shared by files

/// ids and names derived from the region alone (the default VPC's), stable across resets.
std::string derived_id(std::string_view prefix, std::string_view region, std::string_view what);
/// The fake's availability zones of a region: <region>a, b, c.
std::vector<std::string> zones_of(std::string_view region);
/// AWS's zone id for a zone name: us-east-1a -> use1-az1.
std::string zone_id(std::string_view zone);

/// NextToken paging over a map keyed by id. `kind` keeps one kind's token from another's.
struct PageRequest {
  std::optional<int> max_results;
  std::string after;  ///< the last id of the previous page
};
/// Reads MaxResults / NextToken; MaxResults outside [min, max] is InvalidParameterValue, and
/// MaxResults together with explicit ids is InvalidParameterCombination (as on AWS).
PageRequest parse_paging(const Call& call, std::string_view kind, int min, int max,
                         bool ids_given, std::string_view ids_param);
std::string page_token(std::string_view kind, std::string_view last_id);

/// Walks `items` (a map by id) from the page start, keeping those `keep` accepts, and
/// returns the pointers of one page plus the next token ("" on the last page).
template <typename Map, typename Keep>
std::pair<std::vector<const typename Map::mapped_type*>, std::string> take_page(
    const Map& items, const PageRequest& page, std::string_view kind, Keep&& keep) {
  std::vector<const typename Map::mapped_type*> out;
  std::string_view last;
  auto it = page.after.empty() ? items.begin() : items.upper_bound(page.after);
  for (; it != items.end(); ++it) {
    if (!keep(it->second)) continue;
    // A token only when another match exists, so the last page never ends in an empty one.
    if (page.max_results && static_cast<int>(out.size()) == *page.max_results) {
      return {std::move(out), page_token(kind, last)};
    }
    out.push_back(&it->second);
    last = it->first;
  }
  return {std::move(out), std::string()};
}

/// Ids listed in `param`.N, checked for shape (<prefix>-...) with `malformed_code`; each
/// must exist in `items` or the call fails with `not_found_code` naming the missing ones
/// ("The vpc ID 'vpc-1' does not exist").
template <typename Map>
std::set<std::string, std::less<>> requested_ids(const Call& call, std::string_view param,
                                                 const Map& items, std::string_view prefix,
                                                 std::string_view noun,
                                                 std::string_view malformed_code,
                                                 std::string_view not_found_code);
std::vector<std::string> id_list(const Call& call, std::string_view param);
/// <prefix>-<hex> (any length of at least 8 hex digits).
bool well_formed_id(std::string_view id, std::string_view prefix);
[[noreturn]] void fail_missing_ids(std::string_view noun, std::string_view code,
                                   const std::vector<std::string>& missing);

template <typename Map>
std::set<std::string, std::less<>> requested_ids(const Call& call, std::string_view param,
                                                 const Map& items, std::string_view prefix,
                                                 std::string_view noun,
                                                 std::string_view malformed_code,
                                                 std::string_view not_found_code) {
  std::set<std::string, std::less<>> ids;
  std::vector<std::string> missing;
  for (std::string& id : id_list(call, param)) {
    if (!well_formed_id(id, prefix)) {
      fail(400, std::string(malformed_code), "Invalid id: \"" + id + "\"");
    }
    if (items.find(id) == items.end()) missing.push_back(id);
    ids.insert(std::move(id));
  }
  if (!missing.empty()) fail_missing_ids(noun, not_found_code, missing);
  return ids;
}

/// DryRun=true: 412 DryRunOperation, as EC2 answers a permitted dry run.
void check_dry_run(const Call& call);

}  // namespace drh::fake::ec2
