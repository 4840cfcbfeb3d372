// EC2 results as JSON with botocore's member names, the shape boto3 and the AWS CLI print
// (`drh call --typed`). Strings that are empty, optionals that are unset and nested lists
// that are empty are left out, as botocore leaves out what the answer did not carry; the
// top-level list of a describe result is always there. Timestamps are ISO 8601 in UTC.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "drh/aws/ec2.h"

namespace drh::aws {

nlohmann::json to_json(const Vpc& vpc);
nlohmann::json to_json(const Subnet& subnet);
nlohmann::json to_json(const RouteTable& table);
nlohmann::json to_json(const SecurityGroup& group);
nlohmann::json to_json(const VpcPeeringConnection& peering);

nlohmann::json to_json(const DescribeVpcsResult& result);
nlohmann::json to_json(const CreateVpcResult& result);
nlohmann::json to_json(const DescribeSubnetsResult& result);
nlohmann::json to_json(const CreateSubnetResult& result);
nlohmann::json to_json(const DescribeRouteTablesResult& result);
nlohmann::json to_json(const CreateRouteTableResult& result);
nlohmann::json to_json(const AssociateRouteTableResult& result);
nlohmann::json to_json(const CreateRouteResult& result);
nlohmann::json to_json(const DescribeSecurityGroupsResult& result);
nlohmann::json to_json(const DescribeVpcPeeringConnectionsResult& result);
nlohmann::json to_json(const CreateVpcPeeringConnectionResult& result);
nlohmann::json to_json(const AcceptVpcPeeringConnectionResult& result);
nlohmann::json to_json(const RejectVpcPeeringConnectionResult& result);
nlohmann::json to_json(const DeleteVpcPeeringConnectionResult& result);

}  // namespace drh::aws
