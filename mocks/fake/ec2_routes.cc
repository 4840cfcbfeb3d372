// EC2 in the fake: route tables, their routes and subnet associations.
#include "ec2_service.h"
#include "ec2_xml.h"
#include "wire.h"

namespace drh::fake::ec2 {

namespace {

bool table_matches(const RouteTable& t, const std::vector<Filter>& filters,
                   const Ec2Service& service, std::string_view region) {
  for (const Filter& f : filters) {
    const std::string& n = f.name;
    bool ok = false;
    if (n == "route-table-id") {
      ok = f.matches(t.id);
    } else if (n == "vpc-id") {
      ok = f.matches(t.vpc_id);
    } else if (n == "owner-id") {
      ok = f.matches(t.owner);
    } else if (n.starts_with("association.")) {
      // A table without associations never matches an association filter (as on AWS).
      for (const RouteTableAssociation& a : t.associations) {
        if (n == "association.route-table-association-id") ok = ok || f.matches(a.id);
        else if (n == "association.route-table-id") ok = ok || f.matches(t.id);
        else if (n == "association.subnet-id") ok = ok || (!a.main && f.matches(a.subnet_id));
        else if (n == "association.main") ok = ok || f.matches(a.main);
      }
    } else if (n.starts_with("route.")) {
      for (const Route& r : t.routes) {
        if (n == "route.destination-cidr-block") ok = ok || f.matches(r.destination);
        else if (n == "route.gateway-id") ok = ok || (!r.gateway_id.empty() && f.matches(r.gateway_id));
        else if (n == "route.nat-gateway-id") ok = ok || (!r.nat_gateway_id.empty() && f.matches(r.nat_gateway_id));
        else if (n == "route.transit-gateway-id") ok = ok || (!r.transit_gateway_id.empty() && f.matches(r.transit_gateway_id));
        else if (n == "route.instance-id") ok = ok || (!r.instance_id.empty() && f.matches(r.instance_id));
        else if (n == "route.egress-only-internet-gateway-id") ok = ok || (!r.egress_only_gateway_id.empty() && f.matches(r.egress_only_gateway_id));
        else if (n == "route.vpc-peering-connection-id") ok = ok || (!r.peering_id.empty() && f.matches(r.peering_id));
        else if (n == "route.state") ok = ok || f.matches(service.route_state(r, region));
        else if (n == "route.origin") ok = ok || f.matches(r.origin);
      }
    } else {
      ok = tags_match(t.tags, f);
    }
    if (!ok) return false;
  }
  return true;
}

/// The destination and target of CreateRoute / ReplaceRoute, validated.
Route parse_route(const Call& call) {
  if (call.param("DestinationIpv6CidrBlock") || call.param("DestinationPrefixListId") ||
      call.param("LocalGatewayId") || call.param("CarrierGatewayId") ||
      call.param("CoreNetworkArn") || call.param("OdbNetworkArn")) {
    fail(400, "Unsupported",
         "drharness's fake models IPv4 destinations to gateways, NAT and transit gateways, "
         "network interfaces, instances, egress-only gateways, VPC endpoints and VPC peering "
         "connections");
  }
  auto dest = call.param("DestinationCidrBlock");
  if (!dest) {
    fail(400, "MissingParameter",
         "The request must contain the parameter destinationCidrBlock or "
         "destinationIpv6CidrBlock or destinationPrefixListId");
  }
  auto cidr = Cidr::parse(*dest);
  if (!cidr) {
    fail(400, "InvalidParameterValue",
         "Value (" + *dest + ") for parameter destinationCidrBlock is invalid. This is not a "
         "valid CIDR block.");
  }
  Route r;
  r.destination = cidr->str();
  int targets = 0;
  auto take = [&](std::string_view param, std::string& into) {
    if (auto v = call.param(param); v && !v->empty()) {
      into = *v;
      ++targets;
    }
  };
  take("GatewayId", r.gateway_id);
  take("VpcEndpointId", r.gateway_id);  // AWS lists endpoint routes under gatewayId
  take("NatGatewayId", r.nat_gateway_id);
  take("TransitGatewayId", r.transit_gateway_id);
  take("NetworkInterfaceId", r.network_interface_id);
  take("InstanceId", r.instance_id);
  take("EgressOnlyInternetGatewayId", r.egress_only_gateway_id);
  take("VpcPeeringConnectionId", r.peering_id);
  if (targets == 0) {
    fail(400, "MissingParameter",
         "The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, "
         "vpcPeeringConnectionId, egressOnlyInternetGatewayId, transitGatewayId, instanceId or "
         "vpcEndpointId");
  }
  if (targets > 1) {
    fail(400, "InvalidParameterCombination",
         "More than one target specified for route " + r.destination);
  }
  if (r.gateway_id == "local") {
    fail(400, "InvalidParameterValue",
         "The gateway ID 'local' is reserved for the VPC's local route");
  }
  r.origin = "CreateRoute";
  return r;
}

Route* find_route(RouteTable& t, std::string_view destination) {
  for (Route& r : t.routes) {
    if (r.destination == destination) return &r;
  }
  return nullptr;
}

}  // namespace

HttpResponse Ec2Service::describe_route_tables(Call& call) {
  RegionState& r = region(call.region);
  const auto filters = parse_filters(
      call, {"route-table-id", "vpc-id", "owner-id", "association.route-table-association-id",
             "association.route-table-id", "association.subnet-id", "association.main",
             "route.destination-cidr-block", "route.gateway-id", "route.nat-gateway-id",
             "route.transit-gateway-id", "route.instance-id",
             "route.egress-only-internet-gateway-id", "route.vpc-peering-connection-id",
             "route.state", "route.origin"});
  const auto ids =
      requested_ids(call, "RouteTableId", r.route_tables, "rtb", "route table",
                    "InvalidRouteTableId.Malformed", "InvalidRouteTableID.NotFound");
  const PageRequest page =
      parse_paging(call, "route-tables", 5, 100, !ids.empty(), "routeTableIds");
  auto [items, token] = take_page(r.route_tables, page, "route-tables", [&](const RouteTable& t) {
    return (ids.empty() || ids.contains(t.id)) && table_matches(t, filters, *this, call.region);
  });
  return ec2_response(call, [&](xml::XmlWriter& w) {
    w.start("routeTableSet");
    for (const RouteTable* t : items) write_route_table(w, *t, *this, call.region);
    w.end();
    if (!token.empty()) w.element("nextToken", token);
  });
}

HttpResponse Ec2Service::create_route_table(Call& call) {
  RegionState& r = region(call.region);
  const Vpc& vpc = vpc_or_throw(r, call.required("VpcId"));
  const std::string token = call.param("ClientToken").value_or("");
  Tags tags = parse_tag_specifications(call, "route-table");
  if (!token.empty()) {
    // Idempotency: the same token answers with the table it created the first time.
    for (const auto& [id, t] : r.route_tables) {
      if (t.client_token != token) continue;
      if (t.vpc_id != vpc.id) {
        fail(400, "IdempotentParameterMismatch",
             "The client token '" + token + "' was already used with different parameters");
      }
      return ec2_response(call, [&](xml::XmlWriter& w) {
        write_route_table(w, t, *this, call.region, "routeTable");
        w.element("clientToken", token);
      });
    }
  }
  RouteTable t;
  t.id = core().ids.next("rtb");
  t.vpc_id = vpc.id;
  t.owner = core().options.account_id;
  t.routes.push_back(
      gateway_route(vpc.cidr, "local", "CreateRouteTable"));
  t.tags = std::move(tags);
  t.client_token = token;
  const RouteTable& stored = r.route_tables.emplace(t.id, std::move(t)).first->second;
  return ec2_response(call, [&](xml::XmlWriter& w) {
    write_route_table(w, stored, *this, call.region, "routeTable");
    if (!token.empty()) w.element("clientToken", token);
  });
}

HttpResponse Ec2Service::delete_route_table(Call& call) {
  RegionState& r = region(call.region);
  const std::string id = call.required("RouteTableId");
  const RouteTable& t = route_table_or_throw(r, id);
  if (!t.associations.empty()) {
    // The main table, or one still associated with subnets, cannot go.
    fail(400, "DependencyViolation",
         "The routeTable '" + id + "' has dependencies and cannot be deleted.");
  }
  r.route_tables.erase(id);
  return ec2_response(call, [](xml::XmlWriter& w) { w.element("return", true); });
}

HttpResponse Ec2Service::associate_route_table(Call& call) {
  RegionState& r = region(call.region);
  RouteTable& t = route_table_or_throw(r, call.required("RouteTableId"));
  if (call.param("GatewayId") || call.param("PublicIpv4Pool")) {
    fail(400, "Unsupported",
         "drharness's fake associates route tables with subnets only (no gateway edge "
         "associations)");
  }
  auto subnet_id = call.param("SubnetId");
  if (!subnet_id) {
    fail(400, "MissingParameter", "The request must contain the parameter subnetId or gatewayId");
  }
  const Subnet& s = subnet_or_throw(r, *subnet_id);
  if (s.vpc_id != t.vpc_id) {
    fail(400, "InvalidParameterValue",
         "Route table " + t.id + " and subnet " + s.id + " belong to different networks");
  }
  for (const auto& [id, other] : r.route_tables) {
    for (const auto& a : other.associations) {
      if (a.subnet_id == s.id) {
        fail(400, "Resource.AlreadyAssociated",
             "the specified association for route table " + t.id +
                 " conflicts with an existing association");
      }
    }
  }
  RouteTableAssociation a{core().ids.next("rtbassoc"), s.id, false};
  t.associations.push_back(a);
  return ec2_response(call, [&](xml::XmlWriter& w) {
    w.element("associationId", a.id);
    w.start("associationState").element("state", "associated").end();
  });
}

HttpResponse Ec2Service::disassociate_route_table(Call& call) {
  RegionState& r = region(call.region);
  const std::string id = call.required("AssociationId");
  for (auto& [tid, t] : r.route_tables) {
    for (auto it = t.associations.begin(); it != t.associations.end(); ++it) {
      if (it->id != id) continue;
      if (it->main) {
        fail(400, "InvalidParameterValue",
             "cannot disassociate the main route table association " + id);
      }
      t.associations.erase(it);
      return ec2_response(call, [](xml::XmlWriter& w) { w.element("return", true); });
    }
  }
  fail(400, "InvalidAssociationID.NotFound", "The association ID '" + id + "' does not exist");
}

HttpResponse Ec2Service::create_route(Call& call) {
  RegionState& r = region(call.region);
  RouteTable& t = route_table_or_throw(r, call.required("RouteTableId"));
  Route route = parse_route(call);
  if (!route.peering_id.empty()) peering_or_throw(route.peering_id, call.region);
  if (find_route(t, route.destination) != nullptr) {
    fail(400, "RouteAlreadyExists",
         "The route identified by " + route.destination + " already exists.");
  }
  t.routes.push_back(std::move(route));
  return ec2_response(call, [](xml::XmlWriter& w) { w.element("return", true); });
}

HttpResponse Ec2Service::replace_route(Call& call) {
  RegionState& r = region(call.region);
  RouteTable& t = route_table_or_throw(r, call.required("RouteTableId"));
  Route route = parse_route(call);
  if (!route.peering_id.empty()) peering_or_throw(route.peering_id, call.region);
  Route* existing = find_route(t, route.destination);
  if (existing == nullptr) {
    fail(400, "InvalidParameterValue",
         "There is no route defined for '" + route.destination + "' in the route table. " +
             "Please correct the route table ID and destination and try again.");
  }
  if (existing->gateway_id == "local") {
    fail(400, "InvalidParameterValue",
         "cannot replace local route " + existing->destination + " in route table " + t.id);
  }
  route.origin = existing->origin;
  *existing = std::move(route);
  return ec2_response(call, [](xml::XmlWriter& w) { w.element("return", true); });
}

HttpResponse Ec2Service::delete_route(Call& call) {
  RegionState& r = region(call.region);
  RouteTable& t = route_table_or_throw(r, call.required("RouteTableId"));
  if (call.param("DestinationIpv6CidrBlock") || call.param("DestinationPrefixListId")) {
    fail(400, "Unsupported", "drharness's fake models IPv4 route destinations only");
  }
  const std::string dest = call.required("DestinationCidrBlock");
  auto cidr = Cidr::parse(dest);
  Route* route = cidr ? find_route(t, cidr->str()) : nullptr;
  if (route == nullptr) {
    fail(400, "InvalidRoute.NotFound",
         "There is no route defined for '" + dest + "' in the route table. Please correct " +
             "the route table ID and destination and try again.");
  }
  if (route->gateway_id == "local") {
    fail(400, "InvalidParameterValue",
         "cannot remove local route " + route->destination + " in route table " + t.id);
  }
  t.routes.erase(t.routes.begin() + (route - t.routes.data()));
  return ec2_response(call, [](xml::XmlWriter& w) { w.element("return", true); });
}

}  // namespace drh::fake::ec2
