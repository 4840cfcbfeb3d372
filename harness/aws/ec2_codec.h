// EC2 wire codec: typed requests to EC2-protocol form parameters, EC2 XML answers to
// typed results. Internal to drh_aws (Ec2Client calls it; unit tests drive it directly).
//
// Requests follow botocore's EC2 serializer: a member's wire name is its locationName
// with the first letter upper-cased (Filters -> Filter.N.Name / Filter.N.Value.M,
// VpcIds -> VpcId.N, Resources -> ResourceId.N), lists are flattened Name.N. Encoders check
// the members botocore marks required and fail with kInvalidInput naming the operation
// and the member, before anything is sent.
//
// Responses are <OpResponse> documents whose elements carry the camelCase locationNames
// (vpcSet/item/vpcId). Decoders fail with kDecode naming the operation, the element and
// where it sits in the document ("DescribeVpcs response: <isDefault> in vpcSet/item[2] is
// not a boolean: 'maybe'"). An absent element leaves the member empty, except the identity of
// each resource (VpcId, SubnetId, RouteTableId, GroupId, VpcPeeringConnectionId), the
// created resource of a Create call and <return> where botocore has a Return member.
#pragma once

#include "drh/aws/ec2.h"
#include "drh/core/http.h"
#include "drh/core/result.h"
#include "drh/protocol/query.h"

namespace drh::aws {

// ------------------------------------------------------------------ requests

Result<QueryParams> encode_DescribeVpcs(const DescribeVpcsRequest& request);
Result<QueryParams> encode_CreateVpc(const CreateVpcRequest& request);
Result<QueryParams> encode_DeleteVpc(const DeleteVpcRequest& request);
Result<QueryParams> encode_DescribeSubnets(const DescribeSubnetsRequest& request);
Result<QueryParams> encode_CreateSubnet(const CreateSubnetRequest& request);
Result<QueryParams> encode_DeleteSubnet(const DeleteSubnetRequest& request);
Result<QueryParams> encode_DescribeRouteTables(const DescribeRouteTablesRequest& request);
Result<QueryParams> encode_CreateRouteTable(const CreateRouteTableRequest& request);
Result<QueryParams> encode_DeleteRouteTable(const DeleteRouteTableRequest& request);
Result<QueryParams> encode_AssociateRouteTable(const AssociateRouteTableRequest& request);
Result<QueryParams> encode_DisassociateRouteTable(const DisassociateRouteTableRequest& request);
Result<QueryParams> encode_CreateRoute(const CreateRouteRequest& request);
Result<QueryParams> encode_DeleteRoute(const DeleteRouteRequest& request);
Result<QueryParams> encode_DescribeSecurityGroups(const DescribeSecurityGroupsRequest& request);
Result<QueryParams> encode_DescribeVpcPeeringConnections(
    const DescribeVpcPeeringConnectionsRequest& request);
Result<QueryParams> encode_CreateVpcPeeringConnection(
    const CreateVpcPeeringConnectionRequest& request);
Result<QueryParams> encode_AcceptVpcPeeringConnection(
    const AcceptVpcPeeringConnectionRequest& request);
Result<QueryParams> encode_RejectVpcPeeringConnection(
    const RejectVpcPeeringConnectionRequest& request);
Result<QueryParams> encode_DeleteVpcPeeringConnection(
    const DeleteVpcPeeringConnectionRequest& request);
Result<QueryParams> encode_CreateTags(const CreateTagsRequest& request);

// ------------------------------------------------------------------ responses

Result<DescribeVpcsResult> decode_DescribeVpcs(const HttpResponse& response);
Result<CreateVpcResult> decode_CreateVpc(const HttpResponse& response);
Status decode_DeleteVpc(const HttpResponse& response);
Result<DescribeSubnetsResult> decode_DescribeSubnets(const HttpResponse& response);
Result<CreateSubnetResult> decode_CreateSubnet(const HttpResponse& response);
Status decode_DeleteSubnet(const HttpResponse& response);
Result<DescribeRouteTablesResult> decode_DescribeRouteTables(const HttpResponse& response);
Result<CreateRouteTableResult> decode_CreateRouteTable(const HttpResponse& response);
Status decode_DeleteRouteTable(const HttpResponse& response);
Result<AssociateRouteTableResult> decode_AssociateRouteTable(const HttpResponse& response);
Status decode_DisassociateRouteTable(const HttpResponse& response);
Result<CreateRouteResult> decode_CreateRoute(const HttpResponse& response);
Status decode_DeleteRoute(const HttpResponse& response);
Result<DescribeSecurityGroupsResult> decode_DescribeSecurityGroups(const HttpResponse& response);
Result<DescribeVpcPeeringConnectionsResult> decode_DescribeVpcPeeringConnections(
    const HttpResponse& response);
Result<CreateVpcPeeringConnectionResult> decode_CreateVpcPeeringConnection(
    const HttpResponse& response);
Result<AcceptVpcPeeringConnectionResult> decode_AcceptVpcPeeringConnection(
    const HttpResponse& response);
Result<RejectVpcPeeringConnectionResult> decode_RejectVpcPeeringConnection(
    const HttpResponse& response);
Result<DeleteVpcPeeringConnectionResult> decode_DeleteVpcPeeringConnection(
    const HttpResponse& response);
Status decode_CreateTags(const HttpResponse& response);

}  // namespace drh::aws
