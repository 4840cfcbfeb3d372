// GoogleMock stand-in for drh::aws::Ec2Api. The "All pages" forms and the waiters are
// not virtual: they run on top of whatever the mocked single-page calls return.
#pragma once

#include <gmock/gmock.h>

#include "drh/aws/ec2.h"

namespace drh::aws {

class MockEc2Api : public Ec2Api {
 public:
  MOCK_METHOD(Result<DescribeVpcsResult>, DescribeVpcs,
              (std::string_view region, const DescribeVpcsRequest& request), (override));
  MOCK_METHOD(Result<CreateVpcResult>, CreateVpc,
              (std::string_view region, const CreateVpcRequest& request), (override));
  MOCK_METHOD(Status, DeleteVpc, (std::string_view region, const DeleteVpcRequest& request),
              (override));
  MOCK_METHOD(Result<DescribeSubnetsResult>, DescribeSubnets,
              (std::string_view region, const DescribeSubnetsRequest& request), (override));
  MOCK_METHOD(Result<CreateSubnetResult>, CreateSubnet,
              (std::string_view region, const CreateSubnetRequest& request), (override));
  MOCK_METHOD(Status, DeleteSubnet, (std::string_view region, const DeleteSubnetRequest& request),
              (override));
  MOCK_METHOD(Result<DescribeRouteTablesResult>, DescribeRouteTables,
              (std::string_view region, const DescribeRouteTablesRequest& request), (override));
  MOCK_METHOD(Result<CreateRouteTableResult>, CreateRouteTable,
              (std::string_view region, const CreateRouteTableRequest& request), (override));
  MOCK_METHOD(Status, DeleteRouteTable,
              (std::string_view region, const DeleteRouteTableRequest& request), (override));
  MOCK_METHOD(Result<AssociateRouteTableResult>, AssociateRouteTable,
              (std::string_view region, const AssociateRouteTableRequest& request), (override));
  MOCK_METHOD(Status, DisassociateRouteTable,
              (std::string_view region, const DisassociateRouteTableRequest& request), (override));
  MOCK_METHOD(Result<CreateRouteResult>, CreateRoute,
              (std::string_view region, const CreateRouteRequest& request), (override));
  MOCK_METHOD(Status, DeleteRoute, (std::string_view region, const DeleteRouteRequest& request),
              (override));
  MOCK_METHOD(Result<DescribeSecurityGroupsResult>, DescribeSecurityGroups,
              (std::string_view region, const DescribeSecurityGroupsRequest& request), (override));
  MOCK_METHOD(Result<DescribeVpcPeeringConnectionsResult>, DescribeVpcPeeringConnections,
              (std::string_view region, const DescribeVpcPeeringConnectionsRequest& request),
              (override));
  MOCK_METHOD(Result<CreateVpcPeeringConnectionResult>, CreateVpcPeeringConnection,
              (std::string_view region, const CreateVpcPeeringConnectionRequest& request),
              (override));
  MOCK_METHOD(Result<AcceptVpcPeeringConnectionResult>, AcceptVpcPeeringConnection,
              (std::string_view region, const AcceptVpcPeeringConnectionRequest& request),
              (override));
  MOCK_METHOD(Result<RejectVpcPeeringConnectionResult>, RejectVpcPeeringConnection,
              (std::string_view region, const RejectVpcPeeringConnectionRequest& request),
              (override));
  MOCK_METHOD(Result<DeleteVpcPeeringConnectionResult>, DeleteVpcPeeringConnection,
              (std::string_view region, const DeleteVpcPeeringConnectionRequest& request),
              (override));
  MOCK_METHOD(Status, CreateTags, (std::string_view region, const CreateTagsRequest& request),
              (override));
};

}  // namespace drh::aws
