#include "ec2_json.h"

#include <nlohmann/json.hpp>

#include "drh/protocol/timestamp.h"

namespace drh::aws {

namespace {

using nlohmann::json;

void put(json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}
void put(json& j, const char* key, const std::optional<bool>& value) {
  if (value) j[key] = *value;
}
void put(json& j, const char* key, const std::optional<std::int32_t>& value) {
  if (value) j[key] = *value;
}
// Members that are plain bools: the answer always carries them.
void put_flag(json& j, const char* key, bool value) { j[key] = value; }

template <typename T, typename F>
json array_of(const std::vector<T>& items, F convert) {
  json a = json::array();
  for (const T& item : items) a.push_back(convert(item));
  return a;
}
template <typename T, typename F>
void put_list(json& j, const char* key, const std::vector<T>& items, F convert) {
  if (!items.empty()) j[key] = array_of(items, convert);
}
// A nested structure, left out when nothing in it was set.
void put_object(json& j, const char* key, json value) {
  if (!value.empty()) j[key] = std::move(value);
}

json tag_json(const Tag& t) { return {{"Key", t.Key}, {"Value", t.Value}}; }

void put_tags(json& j, const std::vector<Tag>& tags) { put_list(j, "Tags", tags, tag_json); }

json state_json(const std::string& state, const std::string& message) {
  json j = json::object();
  put(j, "State", state);
  put(j, "StatusMessage", message);
  return j;
}

json route_json(const Route& r) {
  json j = json::object();
  put(j, "DestinationCidrBlock", r.DestinationCidrBlock);
  put(j, "DestinationIpv6CidrBlock", r.DestinationIpv6CidrBlock);
  put(j, "DestinationPrefixListId", r.DestinationPrefixListId);
  put(j, "GatewayId", r.GatewayId);
  put(j, "InstanceId", r.InstanceId);
  put(j, "NatGatewayId", r.NatGatewayId);
  put(j, "TransitGatewayId", r.TransitGatewayId);
  put(j, "NetworkInterfaceId", r.NetworkInterfaceId);
  put(j, "EgressOnlyInternetGatewayId", r.EgressOnlyInternetGatewayId);
  put(j, "VpcPeeringConnectionId", r.VpcPeeringConnectionId);
  put(j, "Origin", r.Origin);
  put(j, "State", r.State);
  return j;
}

json association_json(const RouteTableAssociation& a) {
  json j = json::object();
  put_flag(j, "Main", a.Main);
  put(j, "RouteTableAssociationId", a.RouteTableAssociationId);
  put(j, "RouteTableId", a.RouteTableId);
  put(j, "SubnetId", a.SubnetId);
  put(j, "GatewayId", a.GatewayId);
  put_object(j, "AssociationState",
             state_json(a.AssociationState.State, a.AssociationState.StatusMessage));
  return j;
}

json permission_json(const IpPermission& p) {
  json j = json::object();
  put(j, "IpProtocol", p.IpProtocol);
  put(j, "FromPort", p.FromPort);
  put(j, "ToPort", p.ToPort);
  // Botocore always carries these four lists for a permission, empty or not.
  j["UserIdGroupPairs"] = array_of(p.UserIdGroupPairs, [](const UserIdGroupPair& g) {
    json o = json::object();
    put(o, "Description", g.Description);
    put(o, "UserId", g.UserId);
    put(o, "GroupName", g.GroupName);
    put(o, "GroupId", g.GroupId);
    put(o, "VpcId", g.VpcId);
    put(o, "VpcPeeringConnectionId", g.VpcPeeringConnectionId);
    put(o, "PeeringStatus", g.PeeringStatus);
    return o;
  });
  j["IpRanges"] = array_of(p.IpRanges, [](const IpRange& r) {
    json o = {{"CidrIp", r.CidrIp}};
    put(o, "Description", r.Description);
    return o;
  });
  j["Ipv6Ranges"] = array_of(p.Ipv6Ranges, [](const Ipv6Range& r) {
    json o = {{"CidrIpv6", r.CidrIpv6}};
    put(o, "Description", r.Description);
    return o;
  });
  j["PrefixListIds"] = array_of(p.PrefixListIds, [](const PrefixListId& r) {
    json o = {{"PrefixListId", r.PrefixListId}};
    put(o, "Description", r.Description);
    return o;
  });
  return j;
}

json peering_side_json(const VpcPeeringConnectionVpcInfo& v) {
  json j = json::object();
  put(j, "VpcId", v.VpcId);
  put(j, "CidrBlock", v.CidrBlock);
  put_list(j, "CidrBlockSet", v.CidrBlockSet, [](const PeeringCidrBlock& c) {
    return json{{"CidrBlock", c.CidrBlock}};
  });
  put_list(j, "Ipv6CidrBlockSet", v.Ipv6CidrBlockSet, [](const PeeringIpv6CidrBlock& c) {
    return json{{"Ipv6CidrBlock", c.Ipv6CidrBlock}};
  });
  put(j, "OwnerId", v.OwnerId);
  put(j, "Region", v.Region);
  if (v.PeeringOptions) {
    json o = json::object();
    put(o, "AllowDnsResolutionFromRemoteVpc", v.PeeringOptions->AllowDnsResolutionFromRemoteVpc);
    put(o, "AllowEgressFromLocalClassicLinkToRemoteVpc",
        v.PeeringOptions->AllowEgressFromLocalClassicLinkToRemoteVpc);
    put(o, "AllowEgressFromLocalVpcToRemoteClassicLink",
        v.PeeringOptions->AllowEgressFromLocalVpcToRemoteClassicLink);
    j["PeeringOptions"] = std::move(o);
  }
  return j;
}

}  // namespace

json to_json(const Vpc& v) {
  json j = json::object();
  put(j, "VpcId", v.VpcId);
  put(j, "OwnerId", v.OwnerId);
  put(j, "State", v.State);
  put(j, "CidrBlock", v.CidrBlock);
  put(j, "DhcpOptionsId", v.DhcpOptionsId);
  put(j, "InstanceTenancy", v.InstanceTenancy);
  put_flag(j, "IsDefault", v.IsDefault);
  put_list(j, "CidrBlockAssociationSet", v.CidrBlockAssociationSet,
           [](const VpcCidrBlockAssociation& a) {
             json o = json::object();
             put(o, "AssociationId", a.AssociationId);
             put(o, "CidrBlock", a.CidrBlock);
             put_object(o, "CidrBlockState",
                        state_json(a.CidrBlockState.State, a.CidrBlockState.StatusMessage));
             return o;
           });
  put_list(j, "Ipv6CidrBlockAssociationSet", v.Ipv6CidrBlockAssociationSet,
           [](const VpcIpv6CidrBlockAssociation& a) {
             json o = json::object();
             put(o, "AssociationId", a.AssociationId);
             put(o, "Ipv6CidrBlock", a.Ipv6CidrBlock);
             put_object(o, "Ipv6CidrBlockState",
                        state_json(a.Ipv6CidrBlockState.State, a.Ipv6CidrBlockState.StatusMessage));
             put(o, "NetworkBorderGroup", a.NetworkBorderGroup);
             put(o, "Ipv6Pool", a.Ipv6Pool);
             return o;
           });
  put_tags(j, v.Tags);
  return j;
}

json to_json(const Subnet& s) {
  json j = json::object();
  put(j, "SubnetId", s.SubnetId);
  put(j, "SubnetArn", s.SubnetArn);
  put(j, "VpcId", s.VpcId);
  put(j, "OwnerId", s.OwnerId);
  put(j, "State", s.State);
  put(j, "CidrBlock", s.CidrBlock);
  put(j, "AvailabilityZone", s.AvailabilityZone);
  put(j, "AvailabilityZoneId", s.AvailabilityZoneId);
  put(j, "AvailableIpAddressCount", s.AvailableIpAddressCount);
  put_flag(j, "DefaultForAz", s.DefaultForAz);
  put_flag(j, "MapPublicIpOnLaunch", s.MapPublicIpOnLaunch);
  put_flag(j, "AssignIpv6AddressOnCreation", s.AssignIpv6AddressOnCreation);
  put_flag(j, "Ipv6Native", s.Ipv6Native);
  put_list(j, "Ipv6CidrBlockAssociationSet", s.Ipv6CidrBlockAssociationSet,
           [](const SubnetIpv6CidrBlockAssociation& a) {
             json o = json::object();
             put(o, "AssociationId", a.AssociationId);
             put(o, "Ipv6CidrBlock", a.Ipv6CidrBlock);
             put_object(o, "Ipv6CidrBlockState",
                        state_json(a.Ipv6CidrBlockState.State, a.Ipv6CidrBlockState.StatusMessage));
             return o;
           });
  put_tags(j, s.Tags);
  return j;
}

json to_json(const RouteTable& t) {
  json j = json::object();
  put(j, "RouteTableId", t.RouteTableId);
  put(j, "VpcId", t.VpcId);
  put(j, "OwnerId", t.OwnerId);
  j["Routes"] = array_of(t.Routes, route_json);
  j["Associations"] = array_of(t.Associations, association_json);
  put_list(j, "PropagatingVgws", t.PropagatingVgws, [](const PropagatingVgw& g) {
    return json{{"GatewayId", g.GatewayId}};
  });
  put_tags(j, t.Tags);
  return j;
}

json to_json(const SecurityGroup& g) {
  json j = json::object();
  put(j, "GroupId", g.GroupId);
  put(j, "GroupName", g.GroupName);
  put(j, "Description", g.Description);
  put(j, "VpcId", g.VpcId);
  put(j, "OwnerId", g.OwnerId);
  put(j, "SecurityGroupArn", g.SecurityGroupArn);
  j["IpPermissions"] = array_of(g.IpPermissions, permission_json);
  j["IpPermissionsEgress"] = array_of(g.IpPermissionsEgress, permission_json);
  put_tags(j, g.Tags);
  return j;
}

json to_json(const VpcPeeringConnection& p) {
  json j = json::object();
  put(j, "VpcPeeringConnectionId", p.VpcPeeringConnectionId);
  put_object(j, "RequesterVpcInfo", peering_side_json(p.RequesterVpcInfo));
  put_object(j, "AccepterVpcInfo", peering_side_json(p.AccepterVpcInfo));
  json status = json::object();
  put(status, "Code", p.Status.Code);
  put(status, "Message", p.Status.Message);
  put_object(j, "Status", std::move(status));
  if (p.ExpirationTime) {
    j["ExpirationTime"] = format_timestamp(*p.ExpirationTime, TimestampFormat::kIso8601);
  }
  put_tags(j, p.Tags);
  return j;
}

json to_json(const DescribeVpcsResult& r) {
  json j = {{"Vpcs", array_of(r.Vpcs, [](const Vpc& v) { return to_json(v); })}};
  put(j, "NextToken", r.NextToken);
  return j;
}

json to_json(const CreateVpcResult& r) { return {{"Vpc", to_json(r.Vpc)}}; }

json to_json(const DescribeSubnetsResult& r) {
  json j = {{"Subnets", array_of(r.Subnets, [](const Subnet& s) { return to_json(s); })}};
  put(j, "NextToken", r.NextToken);
  return j;
}

json to_json(const CreateSubnetResult& r) { return {{"Subnet", to_json(r.Subnet)}}; }

json to_json(const DescribeRouteTablesResult& r) {
  json j = {
      {"RouteTables", array_of(r.RouteTables, [](const RouteTable& t) { return to_json(t); })}};
  put(j, "NextToken", r.NextToken);
  return j;
}

json to_json(const CreateRouteTableResult& r) {
  json j = {{"RouteTable", to_json(r.RouteTable)}};
  put(j, "ClientToken", r.ClientToken);
  return j;
}

json to_json(const AssociateRouteTableResult& r) {
  json j = json::object();
  put(j, "AssociationId", r.AssociationId);
  put_object(j, "AssociationState",
             state_json(r.AssociationState.State, r.AssociationState.StatusMessage));
  return j;
}

json to_json(const CreateRouteResult& r) { return {{"Return", r.Return}}; }

json to_json(const DescribeSecurityGroupsResult& r) {
  json j = {{"SecurityGroups",
             array_of(r.SecurityGroups, [](const SecurityGroup& g) { return to_json(g); })}};
  put(j, "NextToken", r.NextToken);
  return j;
}

json to_json(const DescribeVpcPeeringConnectionsResult& r) {
  json j = {{"VpcPeeringConnections",
             array_of(r.VpcPeeringConnections,
                      [](const VpcPeeringConnection& p) { return to_json(p); })}};
  put(j, "NextToken", r.NextToken);
  return j;
}

json to_json(const CreateVpcPeeringConnectionResult& r) {
  return {{"VpcPeeringConnection", to_json(r.VpcPeeringConnection)}};
}

json to_json(const AcceptVpcPeeringConnectionResult& r) {
  return {{"VpcPeeringConnection", to_json(r.VpcPeeringConnection)}};
}

json to_json(const RejectVpcPeeringConnectionResult& r) { return {{"Return", r.Return}}; }

json to_json(const DeleteVpcPeeringConnectionResult& r) { return {{"Return", r.Return}}; }

}  // namespace drh::aws
