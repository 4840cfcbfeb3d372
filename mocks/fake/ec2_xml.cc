#include "ec2_xml.h"

#include "wire.h"

namespace drh::fake::ec2 {

namespace {

int available_addresses(std::string_view cidr) {
  // AWS reserves five addresses in every subnet (network, router, DNS, future, broadcast).
  auto c = Cidr::parse(cidr);
  if (!c || c->prefix > 28) return 0;
  return (1 << (32 - c->prefix)) - 5;
}

void write_permissions(xml::XmlWriter& w, std::string_view name,
                       const std::vector<Permission>& perms, std::string_view vpc_id) {
  w.start(name);
  for (const Permission& p : perms) {
    w.start("item").element("ipProtocol", p.protocol);
    if (p.from_port) w.element("fromPort", *p.from_port);
    if (p.to_port) w.element("toPort", *p.to_port);
    w.start("groups");
    for (const GroupPair& g : p.groups) {
      w.start("item").element("userId", g.user_id).element("groupId", g.group_id);
      w.element("vpcId", vpc_id);
      if (!g.description.empty()) w.element("description", g.description);
      w.end();
    }
    w.end().start("ipRanges");
    for (const IpRange& r : p.ip_ranges) {
      w.start("item").element("cidrIp", r.cidr);
      if (!r.description.empty()) w.element("description", r.description);
      w.end();
    }
    w.end().start("ipv6Ranges");
    for (const IpRange& r : p.ipv6_ranges) {
      w.start("item").element("cidrIpv6", r.cidr);
      if (!r.description.empty()) w.element("description", r.description);
      w.end();
    }
    w.end().start("prefixListIds");
    for (const IpRange& r : p.prefix_lists) {
      w.start("item").element("prefixListId", r.cidr);
      if (!r.description.empty()) w.element("description", r.description);
      w.end();
    }
    w.end().end();
  }
  w.end();
}

void write_side(xml::XmlWriter& w, std::string_view name, const PeeringSide& side,
                bool cidr_known, bool with_options) {
  w.start(name);
  if (cidr_known && !side.cidr.empty()) {
    w.element("cidrBlock", side.cidr);
    w.start("cidrBlockSet").start("item").element("cidrBlock", side.cidr).end().end();
  }
  w.element("ownerId", side.owner);
  if (with_options) {
    w.start("peeringOptions")
        .element("allowDnsResolutionFromRemoteVpc", false)
        .element("allowEgressFromLocalClassicLinkToRemoteVpc", false)
        .element("allowEgressFromLocalVpcToRemoteClassicLink", false)
        .end();
  }
  w.element("vpcId", side.vpc_id).element("region", side.region);
  w.end();
}

}  // namespace

void write_tags(xml::XmlWriter& w, const Tags& tags) {
  if (tags.empty()) return;
  w.start("tagSet");
  for (const auto& [k, v] : tags) w.start("item").element("key", k).element("value", v).end();
  w.end();
}

void write_vpc(xml::XmlWriter& w, const Vpc& vpc, std::string_view name) {
  w.start(name)
      .element("vpcId", vpc.id)
      .element("ownerId", vpc.owner)
      .element("state", vpc.state)
      .element("cidrBlock", vpc.cidr);
  w.start("cidrBlockAssociationSet")
      .start("item")
      .element("associationId", vpc.cidr_association_id)
      .element("cidrBlock", vpc.cidr)
      .start("cidrBlockState")
      .element("state", "associated")
      .end()
      .end()
      .end();
  w.element("dhcpOptionsId", vpc.dhcp_options_id);
  write_tags(w, vpc.tags);
  w.element("instanceTenancy", vpc.tenancy).element("isDefault", vpc.is_default);
  w.start("blockPublicAccessStates").element("internetGatewayBlockMode", "off").end();
  w.end();
}

void write_subnet(xml::XmlWriter& w, const Subnet& s, std::string_view region,
                  std::string_view name) {
  w.start(name)
      .element("subnetId", s.id)
      .element("subnetArn", "arn:aws:ec2:" + std::string(region) + ":" + s.owner + ":subnet/" +
                                s.id)
      .element("state", s.state)
      .element("ownerId", s.owner)
      .element("vpcId", s.vpc_id)
      .element("cidrBlock", s.cidr)
      .element("availableIpAddressCount", available_addresses(s.cidr))
      .element("availabilityZone", s.az)
      .element("availabilityZoneId", s.az_id)
      .element("defaultForAz", s.default_for_az)
      .element("mapPublicIpOnLaunch", s.map_public_ip)
      .element("mapCustomerOwnedIpOnLaunch", false)
      .element("assignIpv6AddressOnCreation", false)
      .element("enableDns64", false)
      .element("ipv6Native", false);
  w.start("privateDnsNameOptionsOnLaunch")
      .element("hostnameType", "ip-name")
      .element("enableResourceNameDnsARecord", false)
      .element("enableResourceNameDnsAAAARecord", false)
      .end();
  w.start("blockPublicAccessStates").element("internetGatewayBlockMode", "off").end();
  write_tags(w, s.tags);
  w.end();
}

void write_route_table(xml::XmlWriter& w, const RouteTable& t, const Ec2Service& service,
                       std::string_view region, std::string_view name) {
  w.start(name).element("routeTableId", t.id).element("vpcId", t.vpc_id);
  w.element("ownerId", t.owner);
  w.start("routeSet");
  for (const Route& r : t.routes) {
    w.start("item").element("destinationCidrBlock", r.destination);
    if (!r.gateway_id.empty()) w.element("gatewayId", r.gateway_id);
    if (!r.nat_gateway_id.empty()) w.element("natGatewayId", r.nat_gateway_id);
    if (!r.transit_gateway_id.empty()) w.element("transitGatewayId", r.transit_gateway_id);
    if (!r.network_interface_id.empty()) {
      w.element("networkInterfaceId", r.network_interface_id);
    }
    if (!r.instance_id.empty()) w.element("instanceId", r.instance_id);
    if (!r.egress_only_gateway_id.empty()) {
      w.element("egressOnlyInternetGatewayId", r.egress_only_gateway_id);
    }
    if (!r.peering_id.empty()) w.element("vpcPeeringConnectionId", r.peering_id);
    w.element("state", service.route_state(r, region)).element("origin", r.origin);
    w.end();
  }
  w.end().start("associationSet");
  for (const RouteTableAssociation& a : t.associations) {
    w.start("item")
        .element("routeTableAssociationId", a.id)
        .element("routeTableId", t.id)
        .element("main", a.main);
    if (!a.subnet_id.empty()) w.element("subnetId", a.subnet_id);
    w.start("associationState").element("state", "associated").end();
    w.end();
  }
  w.end();
  w.start("propagatingVgwSet").end();
  write_tags(w, t.tags);
  w.end();
}

void write_security_group(xml::XmlWriter& w, const SecurityGroup& g, std::string_view region,
                          std::string_view name) {
  w.start(name)
      .element("ownerId", g.owner)
      .element("groupId", g.id)
      .element("groupName", g.name)
      .element("groupDescription", g.description)
      .element("vpcId", g.vpc_id)
      .element("securityGroupArn", "arn:aws:ec2:" + std::string(region) + ":" + g.owner +
                                       ":security-group/" + g.id);
  write_permissions(w, "ipPermissions", g.ingress, g.vpc_id);
  write_permissions(w, "ipPermissionsEgress", g.egress, g.vpc_id);
  write_tags(w, g.tags);
  w.end();
}

void write_peering(xml::XmlWriter& w, const Peering& p, std::string_view name) {
  // The accepter's CIDR is known once the request reached it; peering options show on
  // both sides once the connection is up (as DescribeVpcPeeringConnections does on AWS).
  const bool reached = p.status != "initiating-request" && p.status != "failed";
  const bool up = p.status == "active";
  w.start(name);
  write_side(w, "accepterVpcInfo", p.accepter, reached, up);
  if (p.status == "initiating-request" || p.status == "pending-acceptance") {
    w.element("expirationTime", iso_time(p.expiration));
  }
  write_side(w, "requesterVpcInfo", p.requester, true, up);
  w.start("status").element("code", p.status).element("message", p.message).end();
  write_tags(w, p.tags);
  w.element("vpcPeeringConnectionId", p.id);
  w.end();
}

}  // namespace drh::fake::ec2
