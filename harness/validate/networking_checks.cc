// networking checks (see include/drh/validate/check.h): the cross-region VPC peering a DR
// stack's private traffic (replication, failover orchestration) depends on.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "drh/aws/ec2.h"
#include "drh/validate/check.h"
#include "check_text.h"

namespace drh::validate {

namespace {

using detail::with_evidence;
using detail::join;
using detail::not_found;

using fixtures::Deployment;

// The peering as EC2 describes it from the primary region: either the connection or the
// outcome that ends the check (SKIPPED, FAIL on not found, ERROR).
struct PeeringLookup {
  std::optional<aws::VpcPeeringConnection> peering;
  Outcome outcome;
};

PeeringLookup find_peering(const CheckContext& ctx) {
  const Deployment& d = ctx.deployment;
  if (d.vpc_peering_id.empty()) return {std::nullopt, missing_role("VpcPeeringId")};
  if (d.primary_region.empty()) return {std::nullopt, missing_role("PrimaryRegion")};
  aws::DescribeVpcPeeringConnectionsRequest req;
  req.VpcPeeringConnectionIds = {d.vpc_peering_id};
  auto got = ctx.clients.ec2.DescribeVpcPeeringConnectionsAll(d.primary_region, req);
  if (!got) {
    if (not_found(got.error())) {
      return {std::nullopt,
              fail(d.vpc_peering_id, "expected VPC peering " + d.vpc_peering_id + " to exist in " +
                                         d.primary_region + ", got " + got.error().code)};
    }
    return {
        std::nullopt,
        error(got.error(), "describing VPC peering " + d.vpc_peering_id + " in " + d.primary_region,
              d.vpc_peering_id)};
  }
  for (auto& p : *got) {
    if (p.VpcPeeringConnectionId == d.vpc_peering_id) return {std::move(p), {}};
  }
  return {std::nullopt,
          fail(d.vpc_peering_id, "expected VPC peering " + d.vpc_peering_id + " in " +
                                     d.primary_region + ", got an answer without it (" +
                                     std::to_string(got->size()) + " peerings)")};
}

Outcome peering_active(const CheckContext& ctx) {
  auto found = find_peering(ctx);
  if (!found.peering) return found.outcome;
  const auto& p = *found.peering;
  std::vector<std::string> ev = {"status " + p.Status.Code +
                                 (p.Status.Message.empty() ? "" : " (" + p.Status.Message + ")")};
  if (p.Status.Code != "active") {
    return with_evidence(
        fail(p.VpcPeeringConnectionId, "expected VPC peering " + p.VpcPeeringConnectionId +
                                           " status active, got " +
                                           (p.Status.Code.empty() ? "no status" : p.Status.Code)),
        ev);
  }
  return with_evidence(
      pass(p.VpcPeeringConnectionId, "VPC peering " + p.VpcPeeringConnectionId + " is active"), ev);
}

Outcome peering_vpcs(const CheckContext& ctx) {
  const Deployment& d = ctx.deployment;
  if (d.primary_vpc_id.empty()) return missing_role("PrimaryVpcId");
  if (d.secondary_vpc_id.empty()) return missing_role("SecondaryVpcId");
  if (d.secondary_region.empty()) return missing_role("SecondaryRegion");
  auto found = find_peering(ctx);
  if (!found.peering) return found.outcome;
  const auto& p = *found.peering;
  const auto& req = p.RequesterVpcInfo;
  const auto& acc = p.AccepterVpcInfo;
  std::vector<std::string> ev = {
      "requester " + req.VpcId + " in " + req.Region, "accepter " + acc.VpcId + " in " + acc.Region,
      "outputs: primary " + d.primary_vpc_id + " in " + d.primary_region + ", secondary " +
          d.secondary_vpc_id + " in " + d.secondary_region};
  // Either side may have asked for the peering; what matters is that it joins exactly the
  // two VPCs the outputs name, each in its own region.
  const bool forward = req.VpcId == d.primary_vpc_id && acc.VpcId == d.secondary_vpc_id;
  const bool reverse = req.VpcId == d.secondary_vpc_id && acc.VpcId == d.primary_vpc_id;
  const std::string expected_vpcs = d.primary_vpc_id + " <-> " + d.secondary_vpc_id;
  if (!forward && !reverse) {
    return with_evidence(
        fail(p.VpcPeeringConnectionId, "expected VPC peering " + p.VpcPeeringConnectionId +
                                           " to join " + expected_vpcs + ", got " + req.VpcId +
                                           " (requester) <-> " + acc.VpcId + " (accepter)"),
        ev);
  }
  const auto& primary_side = forward ? req : acc;
  const auto& secondary_side = forward ? acc : req;
  std::vector<std::string> wrong;
  if (primary_side.Region != d.primary_region) {
    wrong.push_back(primary_side.VpcId + " in " + d.primary_region + ", got " +
                    (primary_side.Region.empty() ? "no region" : primary_side.Region));
  }
  if (secondary_side.Region != d.secondary_region) {
    wrong.push_back(secondary_side.VpcId + " in " + d.secondary_region + ", got " +
                    (secondary_side.Region.empty() ? "no region" : secondary_side.Region));
  }
  if (!wrong.empty()) {
    return with_evidence(
        fail(p.VpcPeeringConnectionId,
             "expected VPC peering " + p.VpcPeeringConnectionId + " side " + join(wrong, "; ")),
        ev);
  }
  return with_evidence(pass(p.VpcPeeringConnectionId,
                            "VPC peering " + p.VpcPeeringConnectionId + " joins " + req.VpcId +
                                " (" + req.Region + ", requester) and " + acc.VpcId + " (" +
                                acc.Region + ", accepter) as the outputs say"),
                       ev);
}

// One VPC as EC2 describes it, or the outcome that ends the check.
struct VpcLookup {
  std::optional<aws::Vpc> vpc;
  Outcome outcome;
};

VpcLookup describe_vpc(const CheckContext& ctx, const std::string& region, const std::string& id) {
  aws::DescribeVpcsRequest req;
  req.VpcIds = {id};
  auto got = ctx.clients.ec2.DescribeVpcsAll(region, req);
  if (!got) {
    if (not_found(got.error())) {
      return {std::nullopt, fail(id, "expected VPC " + id + " to exist in " + region + ", got " +
                                         got.error().code)};
    }
    return {std::nullopt, error(got.error(), "describing VPC " + id + " in " + region, id)};
  }
  for (auto& v : *got) {
    if (v.VpcId == id) return {std::move(v), {}};
  }
  return {std::nullopt,
          fail(id, "expected VPC " + id + " in " + region + ", got an answer without it (" +
                       std::to_string(got->size()) + " VPCs)")};
}

// The IPv4 ranges a VPC owns now (its primary block and associated secondary blocks).
std::vector<std::string> vpc_cidrs(const aws::Vpc& vpc) {
  std::vector<std::string> out;
  for (const auto& a : vpc.CidrBlockAssociationSet) {
    const auto& state = a.CidrBlockState.State;
    if (state.empty() || state == "associated" || state == "associating")
      out.push_back(a.CidrBlock);
  }
  if (out.empty() && !vpc.CidrBlock.empty()) out.push_back(vpc.CidrBlock);
  return out;
}

struct Ipv4Range {
  std::uint32_t first = 0, last = 0;
};

std::optional<Ipv4Range> parse_cidr(std::string_view cidr) {
  auto slash = cidr.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::uint32_t addr = 0;
  int octets = 0;
  std::uint32_t part = 0;
  bool digit = false;
  for (char c : cidr.substr(0, slash)) {
    if (c >= '0' && c <= '9') {
      part = part * 10 + static_cast<std::uint32_t>(c - '0');
      if (part > 255) return std::nullopt;
      digit = true;
    } else if (c == '.' && digit) {
      addr = (addr << 8) | part;
      part = 0;
      digit = false;
      ++octets;
    } else {
      return std::nullopt;
    }
  }
  if (!digit || octets != 3) return std::nullopt;
  addr = (addr << 8) | part;
  int bits = 0;
  auto len = cidr.substr(slash + 1);
  if (len.empty() || len.size() > 2) return std::nullopt;
  for (char c : len) {
    if (c < '0' || c > '9') return std::nullopt;
    bits = bits * 10 + (c - '0');
  }
  if (bits > 32) return std::nullopt;
  std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  return Ipv4Range{addr & mask, (addr & mask) | ~mask};
}

Outcome cidr_overlap(const CheckContext& ctx) {
  const Deployment& d = ctx.deployment;
  if (d.primary_vpc_id.empty()) return missing_role("PrimaryVpcId");
  if (d.secondary_vpc_id.empty()) return missing_role("SecondaryVpcId");
  if (d.primary_region.empty()) return missing_role("PrimaryRegion");
  if (d.secondary_region.empty()) return missing_role("SecondaryRegion");
  auto primary = describe_vpc(ctx, d.primary_region, d.primary_vpc_id);
  if (!primary.vpc) return primary.outcome;
  auto secondary = describe_vpc(ctx, d.secondary_region, d.secondary_vpc_id);
  if (!secondary.vpc) return secondary.outcome;
  auto a = vpc_cidrs(*primary.vpc);
  auto b = vpc_cidrs(*secondary.vpc);
  std::vector<std::string> ev = {d.primary_vpc_id + " (" + d.primary_region + "): " + join(a),
                                 d.secondary_vpc_id + " (" + d.secondary_region + "): " + join(b)};
  if (a.empty() || b.empty()) {
    const std::string& id = a.empty() ? d.primary_vpc_id : d.secondary_vpc_id;
    return with_evidence(fail(id, "expected VPC " + id + " to have an IPv4 CIDR block, got none"),
                         ev);
  }
  for (const auto& x : a) {
    auto rx = parse_cidr(x);
    if (!rx)
      return with_evidence(fail(d.primary_vpc_id, "expected an IPv4 CIDR on VPC " +
                                                      d.primary_vpc_id + ", got '" + x + "'"),
                           ev);
    for (const auto& y : b) {
      auto ry = parse_cidr(y);
      if (!ry)
        return with_evidence(fail(d.secondary_vpc_id, "expected an IPv4 CIDR on VPC " +
                                                          d.secondary_vpc_id + ", got '" + y + "'"),
                             ev);
      if (rx->first <= ry->last && ry->first <= rx->last) {
        return with_evidence(
            fail(d.primary_vpc_id + "," + d.secondary_vpc_id,
                 "expected the VPCs' CIDRs not to overlap, got " + x + " (" + d.primary_vpc_id +
                     ") overlapping " + y + " (" + d.secondary_vpc_id + ")"),
            ev);
      }
    }
  }
  return with_evidence(pass(d.primary_vpc_id + "," + d.secondary_vpc_id,
                            "no overlap between " + join(a) + " and " + join(b)),
                       ev);
}

// Every route table of `vpc` that has subnets of its own must send `peer_cidr` through
// the peering, and the route must be active. Appends problems and what was seen.
Status examine_routes(const CheckContext& ctx, const std::string& region, const std::string& vpc,
                      const std::string& peer_cidr, const std::string& pcx, int& examined,
                      std::vector<std::pair<std::string, std::string>>& problems,
                      std::vector<std::string>& ev) {
  aws::DescribeRouteTablesRequest req;
  req.Filters = {{"vpc-id", {vpc}}};
  auto tables = ctx.clients.ec2.DescribeRouteTablesAll(region, req);
  if (!tables) return tables.error();
  for (const auto& t : *tables) {
    if (!t.VpcId.empty() && t.VpcId != vpc) continue;
    bool has_subnets = false;
    for (const auto& a : t.Associations) {
      const auto& s = a.AssociationState.State;
      if (!a.SubnetId.empty() && (s.empty() || s == "associated")) has_subnets = true;
    }
    // A table without subnets routes nothing of the application's; a main table without
    // explicit subnets is skipped for the same reason.
    if (!has_subnets) continue;
    ++examined;
    const aws::Route* route = nullptr;
    for (const auto& r : t.Routes) {
      if (r.DestinationCidrBlock == peer_cidr) route = &r;
    }
    const std::string where = t.RouteTableId + " (" + vpc + ", " + region + ")";
    if (route == nullptr) {
      problems.emplace_back(t.RouteTableId, "a route to " + peer_cidr + " via " + pcx + " in " +
                                                where + ", got no route to " + peer_cidr);
      ev.push_back(where + ": no route to " + peer_cidr);
      continue;
    }
    std::string target = route->VpcPeeringConnectionId;
    if (target.empty()) {
      for (const std::string* s :
           {&route->GatewayId, &route->NatGatewayId, &route->TransitGatewayId,
            &route->NetworkInterfaceId, &route->InstanceId}) {
        if (!s->empty()) {
          target = *s;
          break;
        }
      }
    }
    ev.push_back(where + ": " + peer_cidr + " -> " + (target.empty() ? "nothing" : target) + " " +
                 route->State);
    if (route->VpcPeeringConnectionId != pcx) {
      problems.emplace_back(t.RouteTableId,
                            peer_cidr + " via " + pcx + " in " + where + ", got " +
                                (target.empty() ? std::string("a route without target") : target));
    } else if (route->State != "active") {
      problems.emplace_back(t.RouteTableId, "the route to " + peer_cidr + " via " + pcx + " in " +
                                                where + " active, got " +
                                                (route->State.empty() ? "no state" : route->State));
    }
  }
  return Ok{};
}

Outcome peering_routes(const CheckContext& ctx) {
  const Deployment& d = ctx.deployment;
  if (d.vpc_peering_id.empty()) return missing_role("VpcPeeringId");
  if (d.primary_vpc_id.empty()) return missing_role("PrimaryVpcId");
  if (d.secondary_vpc_id.empty()) return missing_role("SecondaryVpcId");
  if (d.primary_region.empty()) return missing_role("PrimaryRegion");
  if (d.secondary_region.empty()) return missing_role("SecondaryRegion");
  auto primary = describe_vpc(ctx, d.primary_region, d.primary_vpc_id);
  if (!primary.vpc) return primary.outcome;
  auto secondary = describe_vpc(ctx, d.secondary_region, d.secondary_vpc_id);
  if (!secondary.vpc) return secondary.outcome;
  int examined = 0;
  std::vector<std::pair<std::string, std::string>> problems;
  std::vector<std::string> ev;
  struct Side {
    const std::string& region;
    const std::string& vpc;
    const std::string& peer_cidr;
  };
  for (const Side& s : {Side{d.primary_region, d.primary_vpc_id, secondary.vpc->CidrBlock},
                        Side{d.secondary_region, d.secondary_vpc_id, primary.vpc->CidrBlock}}) {
    int before = examined;
    auto st =
        examine_routes(ctx, s.region, s.vpc, s.peer_cidr, d.vpc_peering_id, examined, problems, ev);
    if (!st) {
      return error(st.error(), "describing the route tables of VPC " + s.vpc + " in " + s.region,
                   s.vpc);
    }
    // Both ends must route: one side's tables alone carry no traffic back.
    if (examined == before) {
      problems.emplace_back(s.vpc, "route tables with subnets in VPC " + s.vpc + " (" + s.region +
                                       "), got none to examine");
    }
  }
  if (!problems.empty()) {
    std::string message = "expected " + problems.front().second;
    if (problems.size() > 1) {
      message += " (and " + std::to_string(problems.size() - 1) + " more problem" +
                 (problems.size() > 2 ? "s" : "") + ")";
    }
    for (const auto& [id, what] : problems) ev.push_back("problem: expected " + what);
    return with_evidence(fail(problems.front().first, message), ev);
  }
  return with_evidence(pass(d.vpc_peering_id, std::to_string(examined) +
                                                  " route tables route the peer VPC's CIDR "
                                                  "through " +
                                                  d.vpc_peering_id + ", all active"),
                       ev);
}

}  // namespace

std::vector<Check> networking_checks() {
  return {
      {"networking.peering-active", "networking", "the VPC peering exists and is active",
       peering_active},
      {"networking.peering-vpcs", "networking",
       "the peering joins the outputs' primary and secondary VPCs, each in its region",
       peering_vpcs},
      {"networking.peering-routes", "networking",
       "every route table with subnets routes the peer VPC's CIDR through the peering, active",
       peering_routes},
      {"networking.cidr-overlap", "networking", "the two VPCs' CIDR blocks do not overlap",
       cidr_overlap},
  };
}

}  // namespace drh::validate
