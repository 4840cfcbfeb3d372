// Ec2Client over hand-written wire samples (fixtures/wire/ec2/): the form parameters each
// operation sends (checked against what botocore's EC2 serializer sends for the same
// input), what each answer decodes to, and the error paths.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "drh/aws/ec2.h"
#include "drh/protocol/query.h"
#include "drh/protocol/timestamp.h"
#include "scripted_transport.h"

namespace drh::aws {
namespace {

using drh::testing::ScriptedTransport;
using drh::testing::wire_sample;
using Form = std::vector<std::pair<std::string, std::string>>;

class Ec2ClientTest : public ::testing::Test {
 protected:
  // The parameters of the last request after Action and Version, in order.
  Form sent_params() const {
    Form form = parse_form(transport_->last_request().body);
    EXPECT_GE(form.size(), 2u);
    if (form.size() < 2) return {};
    return Form(form.begin() + 2, form.end());
  }
  std::string sent(std::string_view key) const {
    return drh::testing::form_value(transport_->last_request(), key);
  }
  std::string signed_scope() const {
    auto auth = transport_->last_request().headers.get("Authorization");
    return auth ? std::string(*auth) : std::string();
  }
  void respond_sample(const std::string& name, int status = 200) {
    transport_->respond(wire_sample("ec2/" + name), status);
  }

  std::shared_ptr<ScriptedTransport> transport_ = std::make_shared<ScriptedTransport>();
  ManualClock clock_;
  std::unique_ptr<AwsConnection> connection_ =
      drh::testing::scripted_connection(transport_, clock_);
  Ec2Client ec2_{*connection_};
};

// ------------------------------------------------------------------ VPCs

TEST_F(Ec2ClientTest, DescribeVpcsSendsFiltersIdsAndPagingLikeBotocore) {
  respond_sample("DescribeVpcs.xml");
  DescribeVpcsRequest request;
  request.Filters = {{"tag:Name", {"orders-primary", "orders-secondary"}},
                     {"state", {"available"}}};
  request.VpcIds = {"vpc-1", "vpc-2"};
  request.MaxResults = 5;
  request.NextToken = "page-2";
  request.DryRun = false;
  auto r = ec2_.DescribeVpcs("us-east-1", request);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(sent("Action"), "DescribeVpcs");
  EXPECT_EQ(sent("Version"), "2016-11-15");
  EXPECT_EQ(sent_params(), (Form{{"Filter.1.Name", "tag:Name"},
                                 {"Filter.1.Value.1", "orders-primary"},
                                 {"Filter.1.Value.2", "orders-secondary"},
                                 {"Filter.2.Name", "state"},
                                 {"Filter.2.Value.1", "available"},
                                 {"VpcId.1", "vpc-1"},
                                 {"VpcId.2", "vpc-2"},
                                 {"NextToken", "page-2"},
                                 {"MaxResults", "5"},
                                 {"DryRun", "false"}}));
  EXPECT_EQ(transport_->last_request().method, "POST");
  EXPECT_NE(signed_scope().find("/us-east-1/ec2/aws4_request"), std::string::npos);
}

TEST_F(Ec2ClientTest, DescribeVpcsWithNothingSetSendsOnlyActionAndVersion) {
  respond_sample("DescribeVpcs.xml");
  auto r = ec2_.DescribeVpcs("eu-west-1", {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_TRUE(sent_params().empty()) << transport_->last_request().body;
  EXPECT_NE(signed_scope().find("/eu-west-1/ec2/aws4_request"), std::string::npos);
}

TEST_F(Ec2ClientTest, DescribeVpcsDecodesEveryMember) {
  respond_sample("DescribeVpcs.xml");
  auto r = ec2_.DescribeVpcs("us-east-1", {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->Vpcs.size(), 2u);
  EXPECT_TRUE(r->NextToken.empty());

  const Vpc& primary = r->Vpcs[0];
  EXPECT_EQ(primary.VpcId, "vpc-0a1b2c3d4e5f60718");
  EXPECT_EQ(primary.OwnerId, "123456789012");
  EXPECT_EQ(primary.State, "available");
  EXPECT_EQ(primary.CidrBlock, "10.0.0.0/16");
  EXPECT_EQ(primary.DhcpOptionsId, "dopt-19edf471");
  EXPECT_EQ(primary.InstanceTenancy, "default");
  EXPECT_FALSE(primary.IsDefault);
  ASSERT_EQ(primary.CidrBlockAssociationSet.size(), 1u);
  EXPECT_EQ(primary.CidrBlockAssociationSet[0].AssociationId, "vpc-cidr-assoc-0f1e2d3c4b5a69788");
  EXPECT_EQ(primary.CidrBlockAssociationSet[0].CidrBlock, "10.0.0.0/16");
  EXPECT_EQ(primary.CidrBlockAssociationSet[0].CidrBlockState.State, "associated");
  ASSERT_EQ(primary.Ipv6CidrBlockAssociationSet.size(), 1u);
  EXPECT_EQ(primary.Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock, "2600:1f18:47b:e300::/56");
  EXPECT_EQ(primary.Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlockState.State, "associated");
  EXPECT_EQ(primary.Ipv6CidrBlockAssociationSet[0].NetworkBorderGroup, "us-east-1");
  EXPECT_EQ(primary.Ipv6CidrBlockAssociationSet[0].Ipv6Pool, "Amazon");
  EXPECT_EQ(primary.Tags, (std::vector<Tag>{{"Name", "orders-primary"}, {"dr:role", "primary"}}));

  const Vpc& fallback = r->Vpcs[1];
  EXPECT_EQ(fallback.VpcId, "vpc-3ec2a859");
  EXPECT_EQ(fallback.State, "pending");
  EXPECT_TRUE(fallback.IsDefault);
  EXPECT_EQ(fallback.CidrBlockAssociationSet.at(0).CidrBlockState.State, "associating");
  EXPECT_TRUE(fallback.Ipv6CidrBlockAssociationSet.empty());
  EXPECT_TRUE(fallback.Tags.empty());
}

TEST_F(Ec2ClientTest, CreateVpcSendsTagSpecificationsAndDecodesTheVpc) {
  respond_sample("CreateVpc.xml");
  CreateVpcRequest request;
  request.CidrBlock = "10.1.0.0/16";
  request.AmazonProvidedIpv6CidrBlock = true;
  request.InstanceTenancy = "default";
  request.TagSpecifications = {{"vpc", {{"Name", "orders-secondary"}, {"dr:role", "secondary"}}}};
  auto r = ec2_.CreateVpc("us-west-2", request);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(sent("Action"), "CreateVpc");
  EXPECT_EQ(sent_params(), (Form{{"CidrBlock", "10.1.0.0/16"},
                                 {"AmazonProvidedIpv6CidrBlock", "true"},
                                 {"InstanceTenancy", "default"},
                                 {"TagSpecification.1.ResourceType", "vpc"},
                                 {"TagSpecification.1.Tag.1.Key", "Name"},
                                 {"TagSpecification.1.Tag.1.Value", "orders-secondary"},
                                 {"TagSpecification.1.Tag.2.Key", "dr:role"},
                                 {"TagSpecification.1.Tag.2.Value", "secondary"}}));
  EXPECT_NE(signed_scope().find("/us-west-2/ec2/aws4_request"), std::string::npos);
  EXPECT_EQ(r->Vpc.VpcId, "vpc-0c9d8e7f6a5b4c3d2");
  EXPECT_EQ(r->Vpc.State, "pending");
  EXPECT_EQ(r->Vpc.CidrBlock, "10.1.0.0/16");
  EXPECT_EQ(r->Vpc.Tags, (std::vector<Tag>{{"Name", "orders-secondary"}}));
}

TEST_F(Ec2ClientTest, DeleteVpcSendsTheIdAndNeedsOne) {
  respond_sample("DeleteVpc.xml");
  auto ok = ec2_.DeleteVpc("us-east-1", {.VpcId = "vpc-0a1b2c3d4e5f60718", .DryRun = {}});
  ASSERT_TRUE(ok.ok()) << ok.error().describe();
  EXPECT_EQ(sent("Action"), "DeleteVpc");
  EXPECT_EQ(sent_params(), (Form{{"VpcId", "vpc-0a1b2c3d4e5f60718"}}));

  auto missing = ec2_.DeleteVpc("us-east-1", {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(missing.error().message, "DeleteVpc: VpcId is required");
  EXPECT_EQ(transport_->requests().size(), 1u) << "nothing may be sent without the id";
}

TEST_F(Ec2ClientTest, AnswerWithReturnFalseIsAnErrorForOperationsWithoutOutput) {
  transport_->respond(
      "<DeleteVpcResponse><requestId>r-9</requestId><return>false</return></DeleteVpcResponse>");
  auto r = ec2_.DeleteVpc("us-east-1", {.VpcId = "vpc-1", .DryRun = {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "ReturnedFalse");
  EXPECT_EQ(r.error().request_id, "r-9");
  EXPECT_NE(r.error().message.find("DeleteVpc"), std::string::npos) << r.error().message;
}

// ------------------------------------------------------------------ subnets

TEST_F(Ec2ClientTest, DescribeSubnetsSendsIdsAndFiltersAndDecodes) {
  respond_sample("DescribeSubnets.xml");
  DescribeSubnetsRequest request;
  request.Filters = {{"vpc-id", {"vpc-0a1b2c3d4e5f60718"}}};
  request.SubnetIds = {"subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"};
  auto r = ec2_.DescribeSubnets("us-east-1", request);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent("Action"), "DescribeSubnets");
  EXPECT_EQ(sent_params(), (Form{{"Filter.1.Name", "vpc-id"},
                                 {"Filter.1.Value.1", "vpc-0a1b2c3d4e5f60718"},
                                 {"SubnetId.1", "subnet-0a1b2c3d4e5f60001"},
                                 {"SubnetId.2", "subnet-0a1b2c3d4e5f60002"}}));

  ASSERT_EQ(r->Subnets.size(), 2u);
  const Subnet& a = r->Subnets[0];
  EXPECT_EQ(a.SubnetId, "subnet-0a1b2c3d4e5f60001");
  EXPECT_EQ(a.SubnetArn, "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0a1b2c3d4e5f60001");
  EXPECT_EQ(a.VpcId, "vpc-0a1b2c3d4e5f60718");
  EXPECT_EQ(a.State, "available");
  EXPECT_EQ(a.CidrBlock, "10.0.1.0/24");
  EXPECT_EQ(a.AvailabilityZone, "us-east-1a");
  EXPECT_EQ(a.AvailabilityZoneId, "use1-az6");
  EXPECT_EQ(a.AvailableIpAddressCount, 250);
  EXPECT_FALSE(a.DefaultForAz);
  EXPECT_FALSE(a.MapPublicIpOnLaunch);
  EXPECT_TRUE(a.AssignIpv6AddressOnCreation);
  ASSERT_EQ(a.Ipv6CidrBlockAssociationSet.size(), 1u);
  EXPECT_EQ(a.Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock, "2600:1f18:47b:e301::/64");
  EXPECT_EQ(a.Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlockState.State, "associated");
  EXPECT_EQ(a.Tags, (std::vector<Tag>{{"Name", "orders-db-a"}}));
  EXPECT_EQ(r->Subnets[1].State, "pending");
  EXPECT_TRUE(r->Subnets[1].MapPublicIpOnLaunch);
}

TEST_F(Ec2ClientTest, CreateSubnetSendsItsMembersAndDecodesTheSubnet) {
  respond_sample("CreateSubnet.xml");
  CreateSubnetRequest request;
  request.VpcId = "vpc-0c9d8e7f6a5b4c3d2";
  request.CidrBlock = "10.1.1.0/24";
  request.AvailabilityZone = "us-west-2a";
  request.TagSpecifications = {{"subnet", {{"Name", "orders-db-a"}}}};
  auto r = ec2_.CreateSubnet("us-west-2", request);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_params(), (Form{{"VpcId", "vpc-0c9d8e7f6a5b4c3d2"},
                                 {"CidrBlock", "10.1.1.0/24"},
                                 {"AvailabilityZone", "us-west-2a"},
                                 {"TagSpecification.1.ResourceType", "subnet"},
                                 {"TagSpecification.1.Tag.1.Key", "Name"},
                                 {"TagSpecification.1.Tag.1.Value", "orders-db-a"}}));
  EXPECT_EQ(r->Subnet.SubnetId, "subnet-0f0e0d0c0b0a09080");
  EXPECT_EQ(r->Subnet.AvailabilityZoneId, "usw2-az2");
  EXPECT_EQ(r->Subnet.AvailableIpAddressCount, 251);

  auto missing = ec2_.CreateSubnet("us-west-2", {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "CreateSubnet: VpcId is required");
}

TEST_F(Ec2ClientTest, DeleteSubnetSendsTheId) {
  respond_sample("DeleteSubnet.xml");
  auto r = ec2_.DeleteSubnet("us-east-1", {.SubnetId = "subnet-1", .DryRun = true});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_params(), (Form{{"SubnetId", "subnet-1"}, {"DryRun", "true"}}));
}

// ------------------------------------------------------------------ route tables

TEST_F(Ec2ClientTest, DescribeRouteTablesDecodesRoutesAssociationsAndGateways) {
  respond_sample("DescribeRouteTables.xml");
  DescribeRouteTablesRequest request;
  request.RouteTableIds = {"rtb-0e1d2c3b4a5968778"};
  request.Filters = {{"route.vpc-peering-connection-id", {"pcx-0f1e2d3c4b5a69781"}}};
  auto r = ec2_.DescribeRouteTables("us-east-1", request);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_params(), (Form{{"Filter.1.Name", "route.vpc-peering-connection-id"},
                                 {"Filter.1.Value.1", "pcx-0f1e2d3c4b5a69781"},
                                 {"RouteTableId.1", "rtb-0e1d2c3b4a5968778"}}));

  ASSERT_EQ(r->RouteTables.size(), 2u);
  const RouteTable& main = r->RouteTables[0];
  EXPECT_EQ(main.RouteTableId, "rtb-0e1d2c3b4a5968778");
  EXPECT_EQ(main.VpcId, "vpc-0a1b2c3d4e5f60718");
  EXPECT_EQ(main.OwnerId, "123456789012");
  ASSERT_EQ(main.Routes.size(), 5u);
  EXPECT_EQ(main.Routes[0].DestinationCidrBlock, "10.0.0.0/16");
  EXPECT_EQ(main.Routes[0].GatewayId, "local");
  EXPECT_EQ(main.Routes[0].Origin, "CreateRouteTable");
  EXPECT_EQ(main.Routes[1].DestinationCidrBlock, "10.1.0.0/16");
  EXPECT_EQ(main.Routes[1].VpcPeeringConnectionId, "pcx-0f1e2d3c4b5a69781");
  EXPECT_EQ(main.Routes[1].State, "active");
  EXPECT_EQ(main.Routes[1].Origin, "CreateRoute");
  EXPECT_TRUE(main.Routes[1].GatewayId.empty());
  EXPECT_EQ(main.Routes[2].State, "blackhole");
  EXPECT_EQ(main.Routes[3].DestinationIpv6CidrBlock, "::/0");
  EXPECT_EQ(main.Routes[3].EgressOnlyInternetGatewayId, "eigw-015e0e244e24dfe8a");
  EXPECT_EQ(main.Routes[4].DestinationPrefixListId, "pl-63a5400a");
  ASSERT_EQ(main.Associations.size(), 2u);
  EXPECT_TRUE(main.Associations[0].Main);
  EXPECT_TRUE(main.Associations[0].SubnetId.empty());
  EXPECT_EQ(main.Associations[0].AssociationState.State, "associated");
  EXPECT_FALSE(main.Associations[1].Main);
  EXPECT_EQ(main.Associations[1].SubnetId, "subnet-0a1b2c3d4e5f60001");
  EXPECT_EQ(main.Associations[1].RouteTableAssociationId, "rtbassoc-0b2c3d4e5f6a7b8c9");
  ASSERT_EQ(main.PropagatingVgws.size(), 1u);
  EXPECT_EQ(main.PropagatingVgws[0].GatewayId, "vgw-0d1c2b3a49586a7b6");
  EXPECT_EQ(main.Tags, (std::vector<Tag>{{"Name", "orders-primary-main"}}));
  EXPECT_EQ(r->RouteTables[1].Routes.at(1).NatGatewayId, "nat-05dba92075d71c408");
  EXPECT_TRUE(r->RouteTables[1].Associations.empty());
}

TEST_F(Ec2ClientTest, CreateRouteTableSendsTheCallersClientToken) {
  respond_sample("CreateRouteTable.xml");
  CreateRouteTableRequest request;
  request.VpcId = "vpc-0c9d8e7f6a5b4c3d2";
  request.ClientToken = "3f1e7c9a-2b4d-4e6f-8a0b-1c2d3e4f5a6b";
  request.TagSpecifications = {{"route-table", {{"Name", "orders-secondary-db"}}}};
  auto r = ec2_.CreateRouteTable("us-west-2", request);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_params(), (Form{{"VpcId", "vpc-0c9d8e7f6a5b4c3d2"},
                                 {"TagSpecification.1.ResourceType", "route-table"},
                                 {"TagSpecification.1.Tag.1.Key", "Name"},
                                 {"TagSpecification.1.Tag.1.Value", "orders-secondary-db"},
                                 {"ClientToken", "3f1e7c9a-2b4d-4e6f-8a0b-1c2d3e4f5a6b"}}));
  EXPECT_EQ(r->RouteTable.RouteTableId, "rtb-0c1d2e3f4a5b6c7d8");
  EXPECT_EQ(r->RouteTable.Routes.at(0).GatewayId, "local");
  EXPECT_EQ(r->ClientToken, "3f1e7c9a-2b4d-4e6f-8a0b-1c2d3e4f5a6b");
}

TEST_F(Ec2ClientTest, CreateRouteTableMakesOneTokenThatEveryRetryCarries) {
  transport_->respond(wire_sample("ec2/Error-RequestLimitExceeded.xml"), 503);
  respond_sample("CreateRouteTable.xml");
  auto r = ec2_.CreateRouteTable("us-west-2", {.VpcId = "vpc-1"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 2u);
  const std::string first = drh::testing::form_value(requests[0], "ClientToken");
  EXPECT_TRUE(std::regex_match(
      first, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << first;
  EXPECT_EQ(drh::testing::form_value(requests[1], "ClientToken"), first);

  respond_sample("CreateRouteTable.xml");
  ASSERT_TRUE(ec2_.CreateRouteTable("us-west-2", {.VpcId = "vpc-1"}).ok());
  EXPECT_NE(sent("ClientToken"), first) << "each call gets its own token";
}

TEST_F(Ec2ClientTest, DeleteRouteTableSendsTheId) {
  respond_sample("DeleteRouteTable.xml");
  auto r = ec2_.DeleteRouteTable("us-east-1", {.RouteTableId = "rtb-1", .DryRun = {}});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent("Action"), "DeleteRouteTable");
  EXPECT_EQ(sent_params(), (Form{{"RouteTableId", "rtb-1"}}));
}

TEST_F(Ec2ClientTest, AssociateAndDisassociateRouteTable) {
  respond_sample("AssociateRouteTable.xml");
  auto r = ec2_.AssociateRouteTable(
      "us-east-1",
      {.RouteTableId = "rtb-1", .SubnetId = "subnet-1", .GatewayId = {}, .DryRun = {}});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_params(), (Form{{"RouteTableId", "rtb-1"}, {"SubnetId", "subnet-1"}}));
  EXPECT_EQ(r->AssociationId, "rtbassoc-0d1e2f3a4b5c6d7e8");
  EXPECT_EQ(r->AssociationState.State, "associated");

  respond_sample("DisassociateRouteTable.xml");
  auto d = ec2_.DisassociateRouteTable("us-east-1", {.AssociationId = r->AssociationId});
  ASSERT_TRUE(d.ok()) << d.error().describe();
  EXPECT_EQ(sent("Action"), "DisassociateRouteTable");
  EXPECT_EQ(sent_params(), (Form{{"AssociationId", "rtbassoc-0d1e2f3a4b5c6d7e8"}}));

  auto missing = ec2_.AssociateRouteTable("us-east-1", {.SubnetId = "subnet-1"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "AssociateRouteTable: RouteTableId is required");
}

TEST_F(Ec2ClientTest, CreateRouteToAPeeringConnection) {
  respond_sample("CreateRoute.xml");
  CreateRouteRequest request;
  request.RouteTableId = "rtb-0e1d2c3b4a5968778";
  request.DestinationCidrBlock = "10.1.0.0/16";
  request.VpcPeeringConnectionId = "pcx-0f1e2d3c4b5a69781";
  auto r = ec2_.CreateRoute("us-east-1", request);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent("Action"), "CreateRoute");
  EXPECT_EQ(sent_params(), (Form{{"RouteTableId", "rtb-0e1d2c3b4a5968778"},
                                 {"DestinationCidrBlock", "10.1.0.0/16"},
                                 {"VpcPeeringConnectionId", "pcx-0f1e2d3c4b5a69781"}}));
  EXPECT_TRUE(r->Return);
}

TEST_F(Ec2ClientTest, CreateRouteAnswerWithoutReturnIsADecodeError) {
  transport_->respond("<CreateRouteResponse><requestId>x</requestId></CreateRouteResponse>");
  auto r = ec2_.CreateRoute("us-east-1", {.RouteTableId = "rtb-1"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(r.error().code, "MissingElement");
  EXPECT_NE(r.error().message.find("<return>"), std::string::npos) << r.error().message;
}

TEST_F(Ec2ClientTest, DeleteRouteSendsTheDestination) {
  respond_sample("DeleteRoute.xml");
  auto r = ec2_.DeleteRoute("us-east-1",
                            {.RouteTableId = "rtb-1", .DestinationCidrBlock = "10.1.0.0/16"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_params(),
            (Form{{"RouteTableId", "rtb-1"}, {"DestinationCidrBlock", "10.1.0.0/16"}}));
}

// ------------------------------------------------------------------ security groups

TEST_F(Ec2ClientTest, DescribeSecurityGroupsDecodesRulesBothWays) {
  respond_sample("DescribeSecurityGroups.xml");
  DescribeSecurityGroupsRequest request;
  request.GroupIds = {"sg-0a1b2c3d4e5f60718"};
  request.GroupNames = {"orders-db"};
  request.MaxResults = 50;
  auto r = ec2_.DescribeSecurityGroups("us-east-1", request);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_params(), (Form{{"GroupId.1", "sg-0a1b2c3d4e5f60718"},
                                 {"GroupName.1", "orders-db"},
                                 {"MaxResults", "50"}}));

  ASSERT_EQ(r->SecurityGroups.size(), 1u);
  const SecurityGroup& g = r->SecurityGroups[0];
  EXPECT_EQ(g.GroupId, "sg-0a1b2c3d4e5f60718");
  EXPECT_EQ(g.GroupName, "orders-db");
  EXPECT_EQ(g.Description, "Aurora writer and readers");
  EXPECT_EQ(g.VpcId, "vpc-0a1b2c3d4e5f60718");
  EXPECT_EQ(g.OwnerId, "123456789012");
  EXPECT_EQ(g.SecurityGroupArn,
            "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b2c3d4e5f60718");
  ASSERT_EQ(g.IpPermissions.size(), 1u);
  const IpPermission& in = g.IpPermissions[0];
  EXPECT_EQ(in.IpProtocol, "tcp");
  EXPECT_EQ(in.FromPort, 5432);
  EXPECT_EQ(in.ToPort, 5432);
  ASSERT_EQ(in.IpRanges.size(), 1u);
  EXPECT_EQ(in.IpRanges[0].CidrIp, "10.1.0.0/16");
  EXPECT_EQ(in.IpRanges[0].Description, "secondary region");
  ASSERT_EQ(in.UserIdGroupPairs.size(), 1u);
  EXPECT_EQ(in.UserIdGroupPairs[0].GroupId, "sg-0f9e8d7c6b5a49382");
  EXPECT_EQ(in.UserIdGroupPairs[0].VpcPeeringConnectionId, "pcx-0f1e2d3c4b5a69781");
  EXPECT_EQ(in.UserIdGroupPairs[0].PeeringStatus, "active");
  ASSERT_EQ(g.IpPermissionsEgress.size(), 1u);
  const IpPermission& out = g.IpPermissionsEgress[0];
  EXPECT_EQ(out.IpProtocol, "-1");
  EXPECT_FALSE(out.FromPort.has_value());
  EXPECT_EQ(out.Ipv6Ranges.at(0).CidrIpv6, "::/0");
  EXPECT_EQ(out.PrefixListIds.at(0).PrefixListId, "pl-63a5400a");
  EXPECT_EQ(out.PrefixListIds.at(0).Description, "S3");
}

// ------------------------------------------------------------------ peering

TEST_F(Ec2ClientTest, DescribeVpcPeeringConnectionsDecodesBothSidesAndStatus) {
  respond_sample("DescribeVpcPeeringConnections.xml");
  DescribeVpcPeeringConnectionsRequest request;
  request.Filters = {{"status-code", {"active", "pending-acceptance"}},
                     {"requester-vpc-info.vpc-id", {"vpc-0a1b2c3d4e5f60718"}}};
  auto r = ec2_.DescribeVpcPeeringConnections("us-east-1", request);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_params(), (Form{{"Filter.1.Name", "status-code"},
                                 {"Filter.1.Value.1", "active"},
                                 {"Filter.1.Value.2", "pending-acceptance"},
                                 {"Filter.2.Name", "requester-vpc-info.vpc-id"},
                                 {"Filter.2.Value.1", "vpc-0a1b2c3d4e5f60718"}}));

  ASSERT_EQ(r->VpcPeeringConnections.size(), 2u);
  const VpcPeeringConnection& active = r->VpcPeeringConnections[0];
  EXPECT_EQ(active.VpcPeeringConnectionId, "pcx-0f1e2d3c4b5a69781");
  EXPECT_EQ(active.Status.Code, "active");
  EXPECT_EQ(active.Status.Message, "Active");
  EXPECT_EQ(active.RequesterVpcInfo.VpcId, "vpc-0a1b2c3d4e5f60718");
  EXPECT_EQ(active.RequesterVpcInfo.CidrBlock, "10.0.0.0/16");
  EXPECT_EQ(active.RequesterVpcInfo.OwnerId, "123456789012");
  EXPECT_EQ(active.RequesterVpcInfo.Region, "us-east-1");
  ASSERT_EQ(active.RequesterVpcInfo.Ipv6CidrBlockSet.size(), 1u);
  EXPECT_EQ(active.RequesterVpcInfo.Ipv6CidrBlockSet[0].Ipv6CidrBlock, "2600:1f18:47b:e300::/56");
  ASSERT_TRUE(active.RequesterVpcInfo.PeeringOptions.has_value());
  EXPECT_EQ(active.RequesterVpcInfo.PeeringOptions->AllowDnsResolutionFromRemoteVpc, true);
  EXPECT_EQ(active.AccepterVpcInfo.VpcId, "vpc-0c9d8e7f6a5b4c3d2");
  EXPECT_EQ(active.AccepterVpcInfo.Region, "us-west-2");
  ASSERT_EQ(active.AccepterVpcInfo.CidrBlockSet.size(), 2u);
  EXPECT_EQ(active.AccepterVpcInfo.CidrBlockSet[1].CidrBlock, "100.64.0.0/22");
  EXPECT_EQ(active.AccepterVpcInfo.PeeringOptions->AllowDnsResolutionFromRemoteVpc, false);
  EXPECT_FALSE(active.ExpirationTime.has_value());
  EXPECT_EQ(active.Tags, (std::vector<Tag>{{"Name", "orders-dr"}}));

  const VpcPeeringConnection& pending = r->VpcPeeringConnections[1];
  EXPECT_EQ(pending.Status.Code, "pending-acceptance");
  EXPECT_EQ(pending.AccepterVpcInfo.OwnerId, "210987654321");
  EXPECT_EQ(pending.AccepterVpcInfo.Region, "eu-west-1");
  EXPECT_TRUE(pending.AccepterVpcInfo.CidrBlock.empty());
  EXPECT_FALSE(pending.AccepterVpcInfo.PeeringOptions.has_value());
  ASSERT_TRUE(pending.ExpirationTime.has_value());
  EXPECT_EQ(format_timestamp(*pending.ExpirationTime, TimestampFormat::kIso8601),
            "2025-03-14T09:26:53Z");
}

TEST_F(Ec2ClientTest, CreateVpcPeeringConnectionAcrossRegionsAndAccounts) {
  respond_sample("CreateVpcPeeringConnection.xml");
  CreateVpcPeeringConnectionRequest request;
  request.VpcId = "vpc-0a1b2c3d4e5f60718";
  request.PeerVpcId = "vpc-0c9d8e7f6a5b4c3d2";
  request.PeerOwnerId = "123456789012";
  request.PeerRegion = "us-west-2";
  request.TagSpecifications = {{"vpc-peering-connection", {{"Name", "orders-dr"}}}};
  auto r = ec2_.CreateVpcPeeringConnection("us-east-1", request);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent("Action"), "CreateVpcPeeringConnection");
  EXPECT_EQ(sent_params(), (Form{{"VpcId", "vpc-0a1b2c3d4e5f60718"},
                                 {"PeerVpcId", "vpc-0c9d8e7f6a5b4c3d2"},
                                 {"PeerOwnerId", "123456789012"},
                                 {"PeerRegion", "us-west-2"},
                                 {"TagSpecification.1.ResourceType", "vpc-peering-connection"},
                                 {"TagSpecification.1.Tag.1.Key", "Name"},
                                 {"TagSpecification.1.Tag.1.Value", "orders-dr"}}));
  EXPECT_NE(signed_scope().find("/us-east-1/ec2/aws4_request"), std::string::npos);
  const VpcPeeringConnection& p = r->VpcPeeringConnection;
  EXPECT_EQ(p.VpcPeeringConnectionId, "pcx-0f1e2d3c4b5a69781");
  EXPECT_EQ(p.Status.Code, "initiating-request");
  EXPECT_EQ(p.AccepterVpcInfo.Region, "us-west-2");
  EXPECT_TRUE(p.ExpirationTime.has_value());
}

TEST_F(Ec2ClientTest, AcceptRejectAndDeleteVpcPeeringConnection) {
  respond_sample("AcceptVpcPeeringConnection.xml");
  auto accepted = ec2_.AcceptVpcPeeringConnection(
      "us-west-2", {.VpcPeeringConnectionId = "pcx-0f1e2d3c4b5a69781"});
  ASSERT_TRUE(accepted.ok()) << accepted.error().describe();
  EXPECT_EQ(sent("Action"), "AcceptVpcPeeringConnection");
  EXPECT_EQ(sent_params(), (Form{{"VpcPeeringConnectionId", "pcx-0f1e2d3c4b5a69781"}}));
  EXPECT_NE(signed_scope().find("/us-west-2/ec2/aws4_request"), std::string::npos);
  EXPECT_EQ(accepted->VpcPeeringConnection.Status.Code, "provisioning");
  EXPECT_EQ(accepted->VpcPeeringConnection.AccepterVpcInfo.CidrBlock, "10.1.0.0/16");

  respond_sample("RejectVpcPeeringConnection.xml");
  auto rejected = ec2_.RejectVpcPeeringConnection("us-west-2", {.VpcPeeringConnectionId = "pcx-2"});
  ASSERT_TRUE(rejected.ok()) << rejected.error().describe();
  EXPECT_EQ(sent("Action"), "RejectVpcPeeringConnection");
  EXPECT_TRUE(rejected->Return);

  respond_sample("DeleteVpcPeeringConnection.xml");
  auto deleted = ec2_.DeleteVpcPeeringConnection("us-east-1", {.VpcPeeringConnectionId = "pcx-3"});
  ASSERT_TRUE(deleted.ok()) << deleted.error().describe();
  EXPECT_EQ(sent("Action"), "DeleteVpcPeeringConnection");
  EXPECT_EQ(sent_params(), (Form{{"VpcPeeringConnectionId", "pcx-3"}}));
  EXPECT_TRUE(deleted->Return);

  for (auto r : {ec2_.AcceptVpcPeeringConnection("us-west-2", {}).ok(),
                 ec2_.RejectVpcPeeringConnection("us-west-2", {}).ok(),
                 ec2_.DeleteVpcPeeringConnection("us-west-2", {}).ok()}) {
    EXPECT_FALSE(r);
  }
  EXPECT_EQ(transport_->requests().size(), 3u);
}

// ------------------------------------------------------------------ tags

TEST_F(Ec2ClientTest, CreateTagsSendsResourcesAndTags) {
  respond_sample("CreateTags.xml");
  CreateTagsRequest request;
  request.Resources = {"vpc-1", "subnet-2"};
  request.Tags = {{"dr:drill", "2025-03-14"}, {"owner", ""}};
  auto r = ec2_.CreateTags("us-east-1", request);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(sent_params(), (Form{{"ResourceId.1", "vpc-1"},
                                 {"ResourceId.2", "subnet-2"},
                                 {"Tag.1.Key", "dr:drill"},
                                 {"Tag.1.Value", "2025-03-14"},
                                 {"Tag.2.Key", "owner"},
                                 {"Tag.2.Value", ""}}));

  auto no_tags = ec2_.CreateTags("us-east-1", {.Resources = {"vpc-1"}});
  ASSERT_FALSE(no_tags.ok());
  EXPECT_EQ(no_tags.error().message, "CreateTags: Tags is required");
  auto no_resources = ec2_.CreateTags("us-east-1", {.Resources = {}, .Tags = {{"a", "b"}}});
  ASSERT_FALSE(no_resources.ok());
  EXPECT_EQ(no_resources.error().message, "CreateTags: Resources is required");
}

// ------------------------------------------------------------------ errors

TEST_F(Ec2ClientTest, NotFoundIsAnAwsErrorWithTheServiceCodeAndIsNotRetried) {
  respond_sample("Error-InvalidVpcID.NotFound.xml", 400);
  auto r = ec2_.DescribeVpcs("us-east-1", {.VpcIds = {"vpc-0000000000000dead"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "InvalidVpcID.NotFound");
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_EQ(r.error().request_id, "ea966190-f9aa-478e-9ede-example");
  EXPECT_NE(r.error().message.find("vpc-0000000000000dead"), std::string::npos);
  EXPECT_TRUE(is_ec2_not_found(r.error()));
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(Ec2ClientTest, PeeringNotFoundIsRecognised) {
  respond_sample("Error-InvalidVpcPeeringConnectionID.NotFound.xml", 400);
  auto r = ec2_.AcceptVpcPeeringConnection("us-west-2",
                                           {.VpcPeeringConnectionId = "pcx-0000000000000dead"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "InvalidVpcPeeringConnectionID.NotFound");
  EXPECT_TRUE(is_ec2_not_found(r.error()));
}

TEST_F(Ec2ClientTest, UnauthorizedOperationIsAccessDeniedAndNotRetried) {
  respond_sample("Error-UnauthorizedOperation.xml", 403);
  auto r = ec2_.CreateVpcPeeringConnection("us-east-1", {.VpcId = "vpc-1"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "UnauthorizedOperation");
  EXPECT_EQ(r.error().http_status, 403);
  EXPECT_FALSE(r.error().retryable);
  EXPECT_FALSE(is_ec2_not_found(r.error()));
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(Ec2ClientTest, RequestLimitExceededIsRetriedOnTheInjectedClock) {
  respond_sample("Error-RequestLimitExceeded.xml", 503);
  respond_sample("DescribeVpcPeeringConnections.xml");
  auto r = ec2_.DescribeVpcPeeringConnections("us-east-1", {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->VpcPeeringConnections.size(), 2u);
  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].body, requests[1].body) << "the retry resends the same request";
}

TEST_F(Ec2ClientTest, ThrottlingOnEveryAttemptEndsWithTheThrottlingError) {
  for (int i = 0; i < 3; ++i) respond_sample("Error-RequestLimitExceeded.xml", 503);
  auto r = ec2_.DescribeSubnets("us-east-1", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "RequestLimitExceeded");
  EXPECT_EQ(transport_->requests().size(), 3u);
}

// ------------------------------------------------------------------ decode errors

TEST_F(Ec2ClientTest, BadBooleanIsADecodeErrorNamingElementAndPath) {
  transport_->respond(
      "<DescribeVpcsResponse><vpcSet>"
      "<item><vpcId>vpc-1</vpcId><isDefault>false</isDefault></item>"
      "<item><vpcId>vpc-2</vpcId><isDefault>maybe</isDefault></item>"
      "</vpcSet></DescribeVpcsResponse>");
  auto r = ec2_.DescribeVpcs("us-east-1", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(r.error().code, "InvalidElement");
  EXPECT_EQ(r.error().message,
            "DescribeVpcs response: <isDefault> in vpcSet/item[2] is not a boolean: "
            "'maybe'");
}

TEST_F(Ec2ClientTest, ResourceWithoutItsIdIsADecodeError) {
  transport_->respond(
      "<DescribeSubnetsResponse><subnetSet><item><state>available</state></item>"
      "</subnetSet></DescribeSubnetsResponse>");
  auto r = ec2_.DescribeSubnets("us-east-1", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "MissingElement");
  EXPECT_EQ(r.error().message, "DescribeSubnets response: missing <subnetId> in subnetSet/item[1]");
}

TEST_F(Ec2ClientTest, BadNumbersAndTimestampsAreDecodeErrors) {
  transport_->respond(
      "<DescribeSecurityGroupsResponse><securityGroupInfo><item><groupId>sg-1</groupId>"
      "<ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>99999999999</fromPort>"
      "</item></ipPermissions></item></securityGroupInfo></DescribeSecurityGroupsResponse>");
  auto ports = ec2_.DescribeSecurityGroups("us-east-1", {});
  ASSERT_FALSE(ports.ok());
  EXPECT_NE(ports.error().message.find("<fromPort> in securityGroupInfo/item[1]/ipPermissions/"
                                       "item[1] is not a 32-bit integer"),
            std::string::npos)
      << ports.error().message;

  transport_->respond(
      "<DescribeVpcPeeringConnectionsResponse><vpcPeeringConnectionSet><item>"
      "<vpcPeeringConnectionId>pcx-1</vpcPeeringConnectionId>"
      "<expirationTime>next tuesday</expirationTime></item></vpcPeeringConnectionSet>"
      "</DescribeVpcPeeringConnectionsResponse>");
  auto time = ec2_.DescribeVpcPeeringConnections("us-east-1", {});
  ASSERT_FALSE(time.ok());
  EXPECT_NE(time.error().message.find("<expirationTime>"), std::string::npos);
  EXPECT_NE(time.error().message.find("ISO 8601"), std::string::npos) << time.error().message;
}

TEST_F(Ec2ClientTest, CreateAnswerWithoutTheResourceIsADecodeError) {
  transport_->respond("<CreateVpcResponse><requestId>r</requestId></CreateVpcResponse>");
  auto r = ec2_.CreateVpc("us-east-1", {.CidrBlock = "10.0.0.0/16"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "CreateVpc response: missing <vpc> in CreateVpcResponse");
}

TEST_F(Ec2ClientTest, AnswerToAnotherOperationIsADecodeError) {
  respond_sample("DescribeSubnets.xml");
  auto r = ec2_.DescribeVpcs("us-east-1", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kDecode);
  EXPECT_NE(r.error().message.find("DescribeVpcsResponse"), std::string::npos) << r.error().message;
}

TEST(Ec2Errors, NotFoundMeansAnAwsCodeEndingInNotFound) {
  EXPECT_TRUE(is_ec2_not_found(make_error(ErrorKind::kAws, "InvalidRoute.NotFound", "")));
  EXPECT_TRUE(is_ec2_not_found(make_error(ErrorKind::kAws, "InvalidGroup.NotFound", "")));
  EXPECT_FALSE(is_ec2_not_found(make_error(ErrorKind::kAws, "DependencyViolation", "")));
  EXPECT_FALSE(is_ec2_not_found(make_error(ErrorKind::kDecode, "X.NotFound", "")));
}

}  // namespace
}  // namespace drh::aws
