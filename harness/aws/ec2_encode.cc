// EC2 requests to form parameters (see ec2_codec.h for the naming rules).
#include <string>
#include <string_view>

#include "ec2_codec.h"

namespace drh::aws {

namespace {

constexpr QueryStyle kEc2 = QueryStyle::kEc2;

Status require(std::string_view operation, std::string_view member, bool present) {
  if (present) return Ok{};
  return invalid_input(std::string(operation) + ": " + std::string(member) + " is required");
}

void add_text(QueryParams& p, std::string key, const std::string& value) {
  if (!value.empty()) p.add(std::move(key), std::string_view(value));
}

void add_bool(QueryParams& p, std::string key, const std::optional<bool>& value) {
  if (value) p.add(std::move(key), *value);
}

void add_int(QueryParams& p, std::string key, const std::optional<std::int32_t>& value) {
  if (value) p.add(std::move(key), *value);
}

void add_ids(QueryParams& p, std::string_view name, const std::vector<std::string>& ids) {
  p.add_list(name, ids, kEc2);
}

void add_filters(QueryParams& p, const std::vector<Filter>& filters) {
  for (std::size_t i = 0; i < filters.size(); ++i) {
    auto f = p.item("Filter", i + 1, kEc2);
    f.add("Name", std::string_view(filters[i].Name));
    f.add_list("Value", filters[i].Values, kEc2);
  }
}

void add_tags(QueryParams& p, std::string_view name, const std::vector<Tag>& tags) {
  for (std::size_t i = 0; i < tags.size(); ++i) {
    auto t = p.item(name, i + 1, kEc2);
    t.add("Key", std::string_view(tags[i].Key));
    t.add("Value", std::string_view(tags[i].Value));
  }
}

void add_tag_specifications(QueryParams& p, const std::vector<TagSpecification>& specs) {
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const std::string prefix = QueryParams::list_key("TagSpecification", i + 1, kEc2);
    add_text(p, prefix + ".ResourceType", specs[i].ResourceType);
    add_tags(p, prefix + ".Tag", specs[i].Tags);
  }
}

// The paging members every describe operation shares.
template <typename Request>
void add_paging(QueryParams& p, const Request& request) {
  add_text(p, "NextToken", request.NextToken);
  add_int(p, "MaxResults", request.MaxResults);
  add_bool(p, "DryRun", request.DryRun);
}

}  // namespace

Result<QueryParams> encode_DescribeVpcs(const DescribeVpcsRequest& request) {
  QueryParams p;
  add_filters(p, request.Filters);
  add_ids(p, "VpcId", request.VpcIds);
  add_paging(p, request);
  return p;
}

Result<QueryParams> encode_CreateVpc(const CreateVpcRequest& request) {
  QueryParams p;
  add_text(p, "CidrBlock", request.CidrBlock);
  add_bool(p, "AmazonProvidedIpv6CidrBlock", request.AmazonProvidedIpv6CidrBlock);
  add_text(p, "Ipv6Pool", request.Ipv6Pool);
  add_text(p, "Ipv6CidrBlock", request.Ipv6CidrBlock);
  add_text(p, "Ipv6CidrBlockNetworkBorderGroup", request.Ipv6CidrBlockNetworkBorderGroup);
  add_text(p, "Ipv4IpamPoolId", request.Ipv4IpamPoolId);
  add_int(p, "Ipv4NetmaskLength", request.Ipv4NetmaskLength);
  add_text(p, "InstanceTenancy", request.InstanceTenancy);
  add_tag_specifications(p, request.TagSpecifications);
  add_bool(p, "DryRun", request.DryRun);
  return p;
}

Result<QueryParams> encode_DeleteVpc(const DeleteVpcRequest& request) {
  if (auto s = require("DeleteVpc", "VpcId", !request.VpcId.empty()); !s) return s.error();
  QueryParams p;
  add_text(p, "VpcId", request.VpcId);
  add_bool(p, "DryRun", request.DryRun);
  return p;
}

Result<QueryParams> encode_DescribeSubnets(const DescribeSubnetsRequest& request) {
  QueryParams p;
  add_filters(p, request.Filters);
  add_ids(p, "SubnetId", request.SubnetIds);
  add_paging(p, request);
  return p;
}

Result<QueryParams> encode_CreateSubnet(const CreateSubnetRequest& request) {
  if (auto s = require("CreateSubnet", "VpcId", !request.VpcId.empty()); !s) return s.error();
  QueryParams p;
  add_text(p, "VpcId", request.VpcId);
  add_text(p, "CidrBlock", request.CidrBlock);
  add_text(p, "Ipv6CidrBlock", request.Ipv6CidrBlock);
  add_text(p, "AvailabilityZone", request.AvailabilityZone);
  add_text(p, "AvailabilityZoneId", request.AvailabilityZoneId);
  add_bool(p, "Ipv6Native", request.Ipv6Native);
  add_tag_specifications(p, request.TagSpecifications);
  add_bool(p, "DryRun", request.DryRun);
  return p;
}

Result<QueryParams> encode_DeleteSubnet(const DeleteSubnetRequest& request) {
  if (auto s = require("DeleteSubnet", "SubnetId", !request.SubnetId.empty()); !s) {
    return s.error();
  }
  QueryParams p;
  add_text(p, "SubnetId", request.SubnetId);
  add_bool(p, "DryRun", request.DryRun);
  return p;
}

Result<QueryParams> encode_DescribeRouteTables(const DescribeRouteTablesRequest& request) {
  QueryParams p;
  add_filters(p, request.Filters);
  add_ids(p, "RouteTableId", request.RouteTableIds);
  add_paging(p, request);
  return p;
}

Result<QueryParams> encode_CreateRouteTable(const CreateRouteTableRequest& request) {
  if (auto s = require("CreateRouteTable", "VpcId", !request.VpcId.empty()); !s) {
    return s.error();
  }
  QueryParams p;
  add_text(p, "VpcId", request.VpcId);
  add_tag_specifications(p, request.TagSpecifications);
  add_text(p, "ClientToken", request.ClientToken);
  add_bool(p, "DryRun", request.DryRun);
  return p;
}

Result<QueryParams> encode_DeleteRouteTable(const DeleteRouteTableRequest& request) {
  if (auto s = require("DeleteRouteTable", "RouteTableId", !request.RouteTableId.empty()); !s) {
    return s.error();
  }
  QueryParams p;
  add_text(p, "RouteTableId", request.RouteTableId);
  add_bool(p, "DryRun", request.DryRun);
  return p;
}

Result<QueryParams> encode_AssociateRouteTable(const AssociateRouteTableRequest& request) {
  if (auto s = require("AssociateRouteTable", "RouteTableId", !request.RouteTableId.empty()); !s) {
    return s.error();
  }
  QueryParams p;
  add_text(p, "RouteTableId", request.RouteTableId);
  add_text(p, "SubnetId", request.SubnetId);
  add_text(p, "GatewayId", request.GatewayId);
  add_bool(p, "DryRun", request.DryRun);
  return p;
}

Result<QueryParams> encode_DisassociateRouteTable(const DisassociateRouteTableRequest& request) {
  if (auto s = require("DisassociateRouteTable", "AssociationId", !request.AssociationId.empty());
      !s) {
    return s.error();
  }
  QueryParams p;
  add_text(p, "AssociationId", request.AssociationId);
  add_bool(p, "DryRun", request.DryRun);
  return p;
}

Result<QueryParams> encode_CreateRoute(const CreateRouteRequest& request) {
  if (auto s = require("CreateRoute", "RouteTableId", !request.RouteTableId.empty()); !s) {
    return s.error();
  }
  QueryParams p;
  add_text(p, "RouteTableId", request.RouteTableId);
  add_text(p, "DestinationCidrBlock", request.DestinationCidrBlock);
  add_text(p, "DestinationIpv6CidrBlock", request.DestinationIpv6CidrBlock);
  add_text(p, "DestinationPrefixListId", request.DestinationPrefixListId);
  add_text(p, "GatewayId", request.GatewayId);
  add_text(p, "InstanceId", request.InstanceId);
  add_text(p, "NatGatewayId", request.NatGatewayId);
  add_text(p, "TransitGatewayId", request.TransitGatewayId);
  add_text(p, "NetworkInterfaceId", request.NetworkInterfaceId);
  add_text(p, "EgressOnlyInternetGatewayId", request.EgressOnlyInternetGatewayId);
  add_text(p, "VpcPeeringConnectionId", request.VpcPeeringConnectionId);
  add_text(p, "VpcEndpointId", request.VpcEndpointId);
  add_bool(p, "DryRun", request.DryRun);
  return p;
}

Result<QueryParams> encode_DeleteRoute(const DeleteRouteRequest& request) {
  if (auto s = require("DeleteRoute", "RouteTableId", !request.RouteTableId.empty()); !s) {
    return s.error();
  }
  QueryParams p;
  add_text(p, "RouteTableId", request.RouteTableId);
  add_text(p, "DestinationCidrBlock", request.DestinationCidrBlock);
  add_text(p, "DestinationIpv6CidrBlock", request.DestinationIpv6CidrBlock);
  add_text(p, "DestinationPrefixListId", request.DestinationPrefixListId);
  add_bool(p, "DryRun", request.DryRun);
  return p;
}

Result<QueryParams> encode_DescribeSecurityGroups(const DescribeSecurityGroupsRequest& request) {
  QueryParams p;
  add_filters(p, request.Filters);
  add_ids(p, "GroupId", request.GroupIds);
  add_ids(p, "GroupName", request.GroupNames);
  add_paging(p, request);
  return p;
}

Result<QueryParams> encode_DescribeVpcPeeringConnections(
    const DescribeVpcPeeringConnectionsRequest& request) {
  QueryParams p;
  add_filters(p, request.Filters);
  add_ids(p, "VpcPeeringConnectionId", request.VpcPeeringConnectionIds);
  add_paging(p, request);
  return p;
}

Result<QueryParams> encode_CreateVpcPeeringConnection(
    const CreateVpcPeeringConnectionRequest& request) {
  if (auto s = require("CreateVpcPeeringConnection", "VpcId", !request.VpcId.empty()); !s) {
    return s.error();
  }
  QueryParams p;
  add_text(p, "VpcId", request.VpcId);
  add_text(p, "PeerVpcId", request.PeerVpcId);
  add_text(p, "PeerOwnerId", request.PeerOwnerId);
  add_text(p, "PeerRegion", request.PeerRegion);
  add_tag_specifications(p, request.TagSpecifications);
  add_bool(p, "DryRun", request.DryRun);
  return p;
}

namespace {

template <typename Request>
Result<QueryParams> encode_peering_id(std::string_view operation, const Request& request) {
  if (auto s =
          require(operation, "VpcPeeringConnectionId", !request.VpcPeeringConnectionId.empty());
      !s) {
    return s.error();
  }
  QueryParams p;
  add_text(p, "VpcPeeringConnectionId", request.VpcPeeringConnectionId);
  add_bool(p, "DryRun", request.DryRun);
  return p;
}

}  // namespace

Result<QueryParams> encode_AcceptVpcPeeringConnection(
    const AcceptVpcPeeringConnectionRequest& request) {
  return encode_peering_id("AcceptVpcPeeringConnection", request);
}

Result<QueryParams> encode_RejectVpcPeeringConnection(
    const RejectVpcPeeringConnectionRequest& request) {
  return encode_peering_id("RejectVpcPeeringConnection", request);
}

Result<QueryParams> encode_DeleteVpcPeeringConnection(
    const DeleteVpcPeeringConnectionRequest& request) {
  return encode_peering_id("DeleteVpcPeeringConnection", request);
}

Result<QueryParams> encode_CreateTags(const CreateTagsRequest& request) {
  if (auto s = require("CreateTags", "Resources", !request.Resources.empty()); !s) {
    return s.error();
  }
  if (auto s = require("CreateTags", "Tags", !request.Tags.empty()); !s) return s.error();
  QueryParams p;
  add_ids(p, "ResourceId", request.Resources);
  add_tags(p, "Tag", request.Tags);
  add_bool(p, "DryRun", request.DryRun);
  return p;
}

}  // namespace drh::aws
