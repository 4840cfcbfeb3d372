// EC2 XML answers to typed results (see ec2_codec.h for what is required).
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drh/protocol/timestamp.h"
#include "drh/protocol/xml.h"
#include "ec2_codec.h"

namespace drh::aws {

namespace {

// Where an element sits below the document element, for error messages:
// "vpcSet/item[2]/cidrBlockAssociationSet/item[1]". List items are numbered from 1.
std::string path_of(pugi::xml_node node) {
  std::vector<std::string> parts;
  for (pugi::xml_node n = node; n && n.parent() && n.parent().type() != pugi::node_document;
       n = n.parent()) {
    std::string part = n.name();
    if (part == "item") {
      int index = 1;
      for (pugi::xml_node s = n.previous_sibling("item"); s; s = s.previous_sibling("item")) {
        ++index;
      }
      part += "[" + std::to_string(index) + "]";
    }
    parts.push_back(std::move(part));
  }
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (!out.empty()) out += '/';
    out += *it;
  }
  return out.empty() ? std::string(node.name()) : out;
}

// Bad wire text, cut and made printable for a one-line message.
std::string excerpt(std::string_view text) {
  constexpr std::size_t kMax = 48;
  std::string out;
  for (char c : text.substr(0, kMax)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? '?' : c;
  }
  if (text.size() > kMax) out += "...";
  return out;
}

// Reads members while remembering the first problem, so a reader stays a flat list of
// assignments and the operation reports one precise error at the end.
class Decoder {
 public:
  explicit Decoder(std::string_view operation) : operation_(operation) {}

  std::string text(pugi::xml_node node, const char* name) const {
    return std::string(xml::child_text(node, name));
  }

  /// Present and non-empty, else MissingElement.
  std::string required(pugi::xml_node node, const char* name) {
    pugi::xml_node c = node.child(name);
    if (!c || std::string_view(c.child_value()).empty()) {
      fail("MissingElement", "missing <" + std::string(name) + "> in " + path_of(node));
      return {};
    }
    return c.child_value();
  }

  /// The child element, else MissingElement (and an empty node).
  pugi::xml_node required_node(pugi::xml_node node, const char* name) {
    pugi::xml_node c = node.child(name);
    if (!c) fail("MissingElement", "missing <" + std::string(name) + "> in " + path_of(node));
    return c;
  }

  std::optional<bool> optional_bool(pugi::xml_node node, const char* name) {
    pugi::xml_node c = node.child(name);
    if (!c) return std::nullopt;
    auto v = xml::to_bool(c.child_value());
    if (!v) invalid(c, "a boolean");
    return v;
  }

  /// Absent is false.
  bool boolean(pugi::xml_node node, const char* name) {
    return optional_bool(node, name).value_or(false);
  }

  bool required_bool(pugi::xml_node node, const char* name) {
    if (!required_node(node, name)) return false;
    return boolean(node, name);
  }

  std::optional<std::int32_t> optional_int(pugi::xml_node node, const char* name) {
    pugi::xml_node c = node.child(name);
    if (!c) return std::nullopt;
    auto v = xml::to_int(c.child_value());
    if (!v || *v < std::numeric_limits<std::int32_t>::min() ||
        *v > std::numeric_limits<std::int32_t>::max()) {
      invalid(c, "a 32-bit integer");
      return std::nullopt;
    }
    return static_cast<std::int32_t>(*v);
  }

  std::optional<TimePoint> optional_time(pugi::xml_node node, const char* name) {
    pugi::xml_node c = node.child(name);
    if (!c) return std::nullopt;
    auto t = parse_iso8601(c.child_value());
    if (!t) {
      invalid(c, "an ISO 8601 timestamp");
      return std::nullopt;
    }
    return *t;
  }

  /// The items of list `list_name` (each an <item>) read by `read`.
  template <typename T>
  std::vector<T> list(pugi::xml_node node, const char* list_name,
                      T (*read)(Decoder&, pugi::xml_node)) {
    std::vector<T> out;
    for (pugi::xml_node item : xml::members(node, list_name)) out.push_back(read(*this, item));
    return out;
  }

  template <typename T>
  Result<T> finish(T value) {
    if (error_) return std::move(*error_);
    return value;
  }
  Status finish() {
    if (error_) return std::move(*error_);
    return Ok{};
  }

 private:
  void invalid(pugi::xml_node element, std::string_view what) {
    fail("InvalidElement", "<" + std::string(element.name()) + "> in " + path_of(element.parent()) +
                               " is not " + std::string(what) + ": '" +
                               excerpt(element.child_value()) + "'");
  }
  void fail(std::string code, std::string message) {
    if (error_) return;
    error_ = make_error(ErrorKind::kDecode, std::move(code),
                        std::string(operation_) + " response: " + message);
  }

  std::string_view operation_;
  std::optional<Error> error_;
};

// ------------------------------------------------------------------ item readers

Tag read_tag(Decoder& d, pugi::xml_node n) { return {d.text(n, "key"), d.text(n, "value")}; }

std::vector<Tag> read_tags(Decoder& d, pugi::xml_node n) { return d.list(n, "tagSet", read_tag); }

VpcCidrBlockState read_vpc_cidr_state(Decoder& d, pugi::xml_node n) {
  return {d.text(n, "state"), d.text(n, "statusMessage")};
}

VpcCidrBlockAssociation read_vpc_cidr(Decoder& d, pugi::xml_node n) {
  VpcCidrBlockAssociation a;
  a.AssociationId = d.text(n, "associationId");
  a.CidrBlock = d.text(n, "cidrBlock");
  a.CidrBlockState = read_vpc_cidr_state(d, n.child("cidrBlockState"));
  return a;
}

VpcIpv6CidrBlockAssociation read_vpc_ipv6_cidr(Decoder& d, pugi::xml_node n) {
  VpcIpv6CidrBlockAssociation a;
  a.AssociationId = d.text(n, "associationId");
  a.Ipv6CidrBlock = d.text(n, "ipv6CidrBlock");
  a.Ipv6CidrBlockState = read_vpc_cidr_state(d, n.child("ipv6CidrBlockState"));
  a.NetworkBorderGroup = d.text(n, "networkBorderGroup");
  a.Ipv6Pool = d.text(n, "ipv6Pool");
  return a;
}

Vpc read_vpc(Decoder& d, pugi::xml_node n) {
  Vpc v;
  v.VpcId = d.required(n, "vpcId");
  v.OwnerId = d.text(n, "ownerId");
  v.State = d.text(n, "state");
  v.CidrBlock = d.text(n, "cidrBlock");
  v.DhcpOptionsId = d.text(n, "dhcpOptionsId");
  v.InstanceTenancy = d.text(n, "instanceTenancy");
  v.IsDefault = d.boolean(n, "isDefault");
  v.CidrBlockAssociationSet = d.list(n, "cidrBlockAssociationSet", read_vpc_cidr);
  v.Ipv6CidrBlockAssociationSet = d.list(n, "ipv6CidrBlockAssociationSet", read_vpc_ipv6_cidr);
  v.Tags = read_tags(d, n);
  return v;
}

SubnetIpv6CidrBlockAssociation read_subnet_ipv6_cidr(Decoder& d, pugi::xml_node n) {
  SubnetIpv6CidrBlockAssociation a;
  a.AssociationId = d.text(n, "associationId");
  a.Ipv6CidrBlock = d.text(n, "ipv6CidrBlock");
  pugi::xml_node state = n.child("ipv6CidrBlockState");
  a.Ipv6CidrBlockState = {d.text(state, "state"), d.text(state, "statusMessage")};
  return a;
}

Subnet read_subnet(Decoder& d, pugi::xml_node n) {
  Subnet s;
  s.SubnetId = d.required(n, "subnetId");
  s.SubnetArn = d.text(n, "subnetArn");
  s.VpcId = d.text(n, "vpcId");
  s.OwnerId = d.text(n, "ownerId");
  s.State = d.text(n, "state");
  s.CidrBlock = d.text(n, "cidrBlock");
  s.AvailabilityZone = d.text(n, "availabilityZone");
  s.AvailabilityZoneId = d.text(n, "availabilityZoneId");
  s.AvailableIpAddressCount = d.optional_int(n, "availableIpAddressCount");
  s.DefaultForAz = d.boolean(n, "defaultForAz");
  s.MapPublicIpOnLaunch = d.boolean(n, "mapPublicIpOnLaunch");
  s.AssignIpv6AddressOnCreation = d.boolean(n, "assignIpv6AddressOnCreation");
  s.Ipv6Native = d.boolean(n, "ipv6Native");
  s.Ipv6CidrBlockAssociationSet = d.list(n, "ipv6CidrBlockAssociationSet", read_subnet_ipv6_cidr);
  s.Tags = read_tags(d, n);
  return s;
}

Route read_route(Decoder& d, pugi::xml_node n) {
  Route r;
  r.DestinationCidrBlock = d.text(n, "destinationCidrBlock");
  r.DestinationIpv6CidrBlock = d.text(n, "destinationIpv6CidrBlock");
  r.DestinationPrefixListId = d.text(n, "destinationPrefixListId");
  r.GatewayId = d.text(n, "gatewayId");
  r.InstanceId = d.text(n, "instanceId");
  r.NatGatewayId = d.text(n, "natGatewayId");
  r.TransitGatewayId = d.text(n, "transitGatewayId");
  r.NetworkInterfaceId = d.text(n, "networkInterfaceId");
  r.EgressOnlyInternetGatewayId = d.text(n, "egressOnlyInternetGatewayId");
  r.VpcPeeringConnectionId = d.text(n, "vpcPeeringConnectionId");
  r.Origin = d.text(n, "origin");
  r.State = d.text(n, "state");
  return r;
}

RouteTableAssociationState read_association_state(Decoder& d, pugi::xml_node n) {
  return {d.text(n, "state"), d.text(n, "statusMessage")};
}

RouteTableAssociation read_association(Decoder& d, pugi::xml_node n) {
  RouteTableAssociation a;
  a.Main = d.boolean(n, "main");
  a.RouteTableAssociationId = d.text(n, "routeTableAssociationId");
  a.RouteTableId = d.text(n, "routeTableId");
  a.SubnetId = d.text(n, "subnetId");
  a.GatewayId = d.text(n, "gatewayId");
  a.AssociationState = read_association_state(d, n.child("associationState"));
  return a;
}

PropagatingVgw read_vgw(Decoder& d, pugi::xml_node n) { return {d.text(n, "gatewayId")}; }

RouteTable read_route_table(Decoder& d, pugi::xml_node n) {
  RouteTable t;
  t.RouteTableId = d.required(n, "routeTableId");
  t.VpcId = d.text(n, "vpcId");
  t.OwnerId = d.text(n, "ownerId");
  t.Routes = d.list(n, "routeSet", read_route);
  t.Associations = d.list(n, "associationSet", read_association);
  t.PropagatingVgws = d.list(n, "propagatingVgwSet", read_vgw);
  t.Tags = read_tags(d, n);
  return t;
}

UserIdGroupPair read_group_pair(Decoder& d, pugi::xml_node n) {
  UserIdGroupPair g;
  g.Description = d.text(n, "description");
  g.UserId = d.text(n, "userId");
  g.GroupName = d.text(n, "groupName");
  g.GroupId = d.text(n, "groupId");
  g.VpcId = d.text(n, "vpcId");
  g.VpcPeeringConnectionId = d.text(n, "vpcPeeringConnectionId");
  g.PeeringStatus = d.text(n, "peeringStatus");
  return g;
}

IpRange read_ip_range(Decoder& d, pugi::xml_node n) {
  return {d.text(n, "cidrIp"), d.text(n, "description")};
}

Ipv6Range read_ipv6_range(Decoder& d, pugi::xml_node n) {
  return {d.text(n, "cidrIpv6"), d.text(n, "description")};
}

PrefixListId read_prefix_list(Decoder& d, pugi::xml_node n) {
  return {d.text(n, "prefixListId"), d.text(n, "description")};
}

IpPermission read_permission(Decoder& d, pugi::xml_node n) {
  IpPermission p;
  p.IpProtocol = d.text(n, "ipProtocol");
  p.FromPort = d.optional_int(n, "fromPort");
  p.ToPort = d.optional_int(n, "toPort");
  p.UserIdGroupPairs = d.list(n, "groups", read_group_pair);
  p.IpRanges = d.list(n, "ipRanges", read_ip_range);
  p.Ipv6Ranges = d.list(n, "ipv6Ranges", read_ipv6_range);
  p.PrefixListIds = d.list(n, "prefixListIds", read_prefix_list);
  return p;
}

SecurityGroup read_security_group(Decoder& d, pugi::xml_node n) {
  SecurityGroup g;
  g.GroupId = d.required(n, "groupId");
  g.GroupName = d.text(n, "groupName");
  g.Description = d.text(n, "groupDescription");
  g.VpcId = d.text(n, "vpcId");
  g.OwnerId = d.text(n, "ownerId");
  g.SecurityGroupArn = d.text(n, "securityGroupArn");
  g.IpPermissions = d.list(n, "ipPermissions", read_permission);
  g.IpPermissionsEgress = d.list(n, "ipPermissionsEgress", read_permission);
  g.Tags = read_tags(d, n);
  return g;
}

PeeringCidrBlock read_peering_cidr(Decoder& d, pugi::xml_node n) {
  return {d.text(n, "cidrBlock")};
}

PeeringIpv6CidrBlock read_peering_ipv6_cidr(Decoder& d, pugi::xml_node n) {
  return {d.text(n, "ipv6CidrBlock")};
}

VpcPeeringConnectionVpcInfo read_peering_side(Decoder& d, pugi::xml_node n) {
  VpcPeeringConnectionVpcInfo v;
  v.VpcId = d.text(n, "vpcId");
  v.CidrBlock = d.text(n, "cidrBlock");
  v.CidrBlockSet = d.list(n, "cidrBlockSet", read_peering_cidr);
  v.Ipv6CidrBlockSet = d.list(n, "ipv6CidrBlockSet", read_peering_ipv6_cidr);
  v.OwnerId = d.text(n, "ownerId");
  v.Region = d.text(n, "region");
  if (pugi::xml_node o = n.child("peeringOptions")) {
    VpcPeeringConnectionOptionsDescription options;
    options.AllowDnsResolutionFromRemoteVpc = d.optional_bool(o, "allowDnsResolutionFromRemoteVpc");
    options.AllowEgressFromLocalClassicLinkToRemoteVpc =
        d.optional_bool(o, "allowEgressFromLocalClassicLinkToRemoteVpc");
    options.AllowEgressFromLocalVpcToRemoteClassicLink =
        d.optional_bool(o, "allowEgressFromLocalVpcToRemoteClassicLink");
    v.PeeringOptions = options;
  }
  return v;
}

VpcPeeringConnection read_peering(Decoder& d, pugi::xml_node n) {
  VpcPeeringConnection p;
  p.VpcPeeringConnectionId = d.required(n, "vpcPeeringConnectionId");
  p.RequesterVpcInfo = read_peering_side(d, n.child("requesterVpcInfo"));
  p.AccepterVpcInfo = read_peering_side(d, n.child("accepterVpcInfo"));
  pugi::xml_node status = n.child("status");
  p.Status = {d.text(status, "code"), d.text(status, "message")};
  p.ExpirationTime = d.optional_time(n, "expirationTime");
  p.Tags = read_tags(d, n);
  return p;
}

// ------------------------------------------------------------------ documents

// Parses the answer to `operation` and hands its result node to `read`.
template <typename T, typename Read>
Result<T> decode(const HttpResponse& response, std::string_view operation, Read read) {
  pugi::xml_document doc;
  auto root = load_query_result(doc, response.body, operation);
  if (!root) return root.error();
  Decoder d(operation);
  T out = read(d, *root);
  return d.finish(std::move(out));
}

// Operations botocore models without output: the right document, and no explicit refusal.
Status decode_no_output(const HttpResponse& response, std::string_view operation) {
  pugi::xml_document doc;
  auto root = load_query_result(doc, response.body, operation);
  if (!root) return root.error();
  Decoder d(operation);
  std::optional<bool> returned = d.optional_bool(*root, "return");
  if (auto s = d.finish(); !s) return s.error();
  if (returned.has_value() && !*returned) {
    Error e = make_error(ErrorKind::kAws, "ReturnedFalse",
                         std::string(operation) +
                             " answered <return>false</return>: the service did not carry it out");
    e.http_status = response.status;
    e.request_id = std::string(query_request_id(doc));
    return e;
  }
  return Ok{};
}

}  // namespace

Result<DescribeVpcsResult> decode_DescribeVpcs(const HttpResponse& response) {
  return decode<DescribeVpcsResult>(response, "DescribeVpcs", [](Decoder& d, pugi::xml_node r) {
    DescribeVpcsResult out;
    out.Vpcs = d.list(r, "vpcSet", read_vpc);
    out.NextToken = d.text(r, "nextToken");
    return out;
  });
}

Result<CreateVpcResult> decode_CreateVpc(const HttpResponse& response) {
  return decode<CreateVpcResult>(response, "CreateVpc", [](Decoder& d, pugi::xml_node r) {
    CreateVpcResult out;
    if (pugi::xml_node vpc = d.required_node(r, "vpc")) out.Vpc = read_vpc(d, vpc);
    return out;
  });
}

Status decode_DeleteVpc(const HttpResponse& response) {
  return decode_no_output(response, "DeleteVpc");
}

Result<DescribeSubnetsResult> decode_DescribeSubnets(const HttpResponse& response) {
  return decode<DescribeSubnetsResult>(response, "DescribeSubnets",
                                       [](Decoder& d, pugi::xml_node r) {
                                         DescribeSubnetsResult out;
                                         out.Subnets = d.list(r, "subnetSet", read_subnet);
                                         out.NextToken = d.text(r, "nextToken");
                                         return out;
                                       });
}

Result<CreateSubnetResult> decode_CreateSubnet(const HttpResponse& response) {
  return decode<CreateSubnetResult>(response, "CreateSubnet", [](Decoder& d, pugi::xml_node r) {
    CreateSubnetResult out;
    if (pugi::xml_node subnet = d.required_node(r, "subnet")) out.Subnet = read_subnet(d, subnet);
    return out;
  });
}

Status decode_DeleteSubnet(const HttpResponse& response) {
  return decode_no_output(response, "DeleteSubnet");
}

Result<DescribeRouteTablesResult> decode_DescribeRouteTables(const HttpResponse& response) {
  return decode<DescribeRouteTablesResult>(
      response, "DescribeRouteTables", [](Decoder& d, pugi::xml_node r) {
        DescribeRouteTablesResult out;
        out.RouteTables = d.list(r, "routeTableSet", read_route_table);
        out.NextToken = d.text(r, "nextToken");
        return out;
      });
}

Result<CreateRouteTableResult> decode_CreateRouteTable(const HttpResponse& response) {
  return decode<CreateRouteTableResult>(
      response, "CreateRouteTable", [](Decoder& d, pugi::xml_node r) {
        CreateRouteTableResult out;
        if (pugi::xml_node table = d.required_node(r, "routeTable")) {
          out.RouteTable = read_route_table(d, table);
        }
        out.ClientToken = d.text(r, "clientToken");
        return out;
      });
}

Status decode_DeleteRouteTable(const HttpResponse& response) {
  return decode_no_output(response, "DeleteRouteTable");
}

Result<AssociateRouteTableResult> decode_AssociateRouteTable(const HttpResponse& response) {
  return decode<AssociateRouteTableResult>(
      response, "AssociateRouteTable", [](Decoder& d, pugi::xml_node r) {
        AssociateRouteTableResult out;
        out.AssociationId = d.required(r, "associationId");
        out.AssociationState = read_association_state(d, r.child("associationState"));
        return out;
      });
}

Status decode_DisassociateRouteTable(const HttpResponse& response) {
  return decode_no_output(response, "DisassociateRouteTable");
}

Result<CreateRouteResult> decode_CreateRoute(const HttpResponse& response) {
  return decode<CreateRouteResult>(response, "CreateRoute", [](Decoder& d, pugi::xml_node r) {
    return CreateRouteResult{d.required_bool(r, "return")};
  });
}

Status decode_DeleteRoute(const HttpResponse& response) {
  return decode_no_output(response, "DeleteRoute");
}

Result<DescribeSecurityGroupsResult> decode_DescribeSecurityGroups(const HttpResponse& response) {
  return decode<DescribeSecurityGroupsResult>(
      response, "DescribeSecurityGroups", [](Decoder& d, pugi::xml_node r) {
        DescribeSecurityGroupsResult out;
        out.SecurityGroups = d.list(r, "securityGroupInfo", read_security_group);
        out.NextToken = d.text(r, "nextToken");
        return out;
      });
}

Result<DescribeVpcPeeringConnectionsResult> decode_DescribeVpcPeeringConnections(
    const HttpResponse& response) {
  return decode<DescribeVpcPeeringConnectionsResult>(
      response, "DescribeVpcPeeringConnections", [](Decoder& d, pugi::xml_node r) {
        DescribeVpcPeeringConnectionsResult out;
        out.VpcPeeringConnections = d.list(r, "vpcPeeringConnectionSet", read_peering);
        out.NextToken = d.text(r, "nextToken");
        return out;
      });
}

namespace {

template <typename T>
Result<T> decode_peering_result(const HttpResponse& response, std::string_view operation) {
  return decode<T>(response, operation, [](Decoder& d, pugi::xml_node r) {
    T out;
    if (pugi::xml_node p = d.required_node(r, "vpcPeeringConnection")) {
      out.VpcPeeringConnection = read_peering(d, p);
    }
    return out;
  });
}

template <typename T>
Result<T> decode_return(const HttpResponse& response, std::string_view operation) {
  return decode<T>(response, operation, [](Decoder& d, pugi::xml_node r) {
    T out;
    out.Return = d.required_bool(r, "return");
    return out;
  });
}

}  // namespace

Result<CreateVpcPeeringConnectionResult> decode_CreateVpcPeeringConnection(
    const HttpResponse& response) {
  return decode_peering_result<CreateVpcPeeringConnectionResult>(response,
                                                                 "CreateVpcPeeringConnection");
}

Result<AcceptVpcPeeringConnectionResult> decode_AcceptVpcPeeringConnection(
    const HttpResponse& response) {
  return decode_peering_result<AcceptVpcPeeringConnectionResult>(response,
                                                                 "AcceptVpcPeeringConnection");
}

Result<RejectVpcPeeringConnectionResult> decode_RejectVpcPeeringConnection(
    const HttpResponse& response) {
  return decode_return<RejectVpcPeeringConnectionResult>(response, "RejectVpcPeeringConnection");
}

Result<DeleteVpcPeeringConnectionResult> decode_DeleteVpcPeeringConnection(
    const HttpResponse& response) {
  return decode_return<DeleteVpcPeeringConnectionResult>(response, "DeleteVpcPeeringConnection");
}

Status decode_CreateTags(const HttpResponse& response) {
  return decode_no_output(response, "CreateTags");
}

}  // namespace drh::aws
