// EC2 in the fake, through the typed client over InProcessTransport: default VPCs, VPCs,
// subnets, route tables and security groups with their errors, filters and paging;
// cross-region VPC peering with its states on the virtual clock and the routes that turn
// blackhole when it goes; state that survives save and load.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "drh/aws/ec2.h"
#include "drh/core/endpoints.h"
#include "drh/protocol/generic.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

using namespace std::chrono_literals;
using aws::Filter;

constexpr std::string_view kEast = "us-east-1";
constexpr std::string_view kWest = "us-west-2";

// Operations the typed client has no method for go through the generic codec.
Result<nlohmann::json> generic(FakeWorld& world, std::string_view region, std::string_view op,
                               const nlohmann::json& params) {
  auto info = find_service("ec2");
  if (!info) return info.error();
  auto request = build_generic_request(**info, op, params);
  if (!request) return request.error();
  auto response = world.connection->send(**info, region, std::move(*request));
  if (!response) return response.error();
  return decode_generic_response(**info, op, *response);
}

aws::TagSpecification name_tag(std::string type, std::string name) {
  return {std::move(type), {{"Name", std::move(name)}}};
}

std::string tag_value(const std::vector<aws::Tag>& tags, std::string_view key) {
  for (const auto& t : tags) {
    if (t.Key == key) return t.Value;
  }
  return {};
}

class Ec2Fake : public ::testing::Test {
 protected:
  std::string vpc(std::string_view region, std::string cidr, std::string name = {}) {
    aws::CreateVpcRequest req;
    req.CidrBlock = std::move(cidr);
    if (!name.empty()) req.TagSpecifications = {name_tag("vpc", name)};
    auto r = ec2.CreateVpc(region, req);
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r.ok() ? r->Vpc.VpcId : std::string();
  }
  std::string subnet(std::string_view region, const std::string& vpc_id, std::string cidr) {
    auto r = ec2.CreateSubnet(region, {.VpcId = vpc_id, .CidrBlock = std::move(cidr)});
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r.ok() ? r->Subnet.SubnetId : std::string();
  }
  aws::RouteTable main_table(std::string_view region, const std::string& vpc_id) {
    aws::DescribeRouteTablesRequest req;
    req.Filters = {{"vpc-id", {vpc_id}}, {"association.main", {"true"}}};
    auto r = ec2.DescribeRouteTables(region, req);
    EXPECT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(r->RouteTables.size(), 1u);
    return r->RouteTables.empty() ? aws::RouteTable{} : r->RouteTables.front();
  }
  aws::VpcPeeringConnection peering(std::string_view region, const std::string& id) {
    aws::DescribeVpcPeeringConnectionsRequest req;
    req.VpcPeeringConnectionIds = {id};
    auto r = ec2.DescribeVpcPeeringConnections(region, req);
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r.ok() && !r->VpcPeeringConnections.empty() ? r->VpcPeeringConnections.front()
                                                       : aws::VpcPeeringConnection{};
  }

  FakeWorld world;
  aws::Ec2Client ec2{*world.connection};
};

TEST_F(Ec2Fake, EveryRegionHasItsOwnDefaultVpc) {
  std::string ids[2];
  int i = 0;
  for (std::string_view region : {kEast, kWest}) {
    aws::DescribeVpcsRequest req;
    req.Filters = {{"is-default", {"true"}}};
    auto vpcs = ec2.DescribeVpcs(region, req);
    ASSERT_TRUE(vpcs.ok()) << vpcs.error().describe();
    ASSERT_EQ(vpcs->Vpcs.size(), 1u);
    const aws::Vpc& v = vpcs->Vpcs.front();
    EXPECT_TRUE(v.IsDefault);
    EXPECT_EQ(v.CidrBlock, "172.31.0.0/16");
    EXPECT_EQ(v.State, "available");
    EXPECT_EQ(v.OwnerId, "123456789012");
    ASSERT_EQ(v.CidrBlockAssociationSet.size(), 1u);
    EXPECT_EQ(v.CidrBlockAssociationSet[0].CidrBlockState.State, "associated");
    ids[i++] = v.VpcId;

    aws::DescribeSubnetsRequest sreq;
    sreq.Filters = {{"vpc-id", {v.VpcId}}, {"default-for-az", {"true"}}};
    auto subnets = ec2.DescribeSubnets(region, sreq);
    ASSERT_TRUE(subnets.ok());
    ASSERT_EQ(subnets->Subnets.size(), 3u);
    for (const auto& s : subnets->Subnets) {
      EXPECT_TRUE(s.AvailabilityZone.starts_with(region)) << s.AvailabilityZone;
      EXPECT_TRUE(s.MapPublicIpOnLaunch);
      EXPECT_EQ(s.AvailableIpAddressCount, 4091);
    }
    const aws::RouteTable main = main_table(region, v.VpcId);
    ASSERT_EQ(main.Routes.size(), 2u);
    EXPECT_EQ(main.Routes[0].GatewayId, "local");
    EXPECT_EQ(main.Routes[1].DestinationCidrBlock, "0.0.0.0/0");
    EXPECT_TRUE(main.Routes[1].GatewayId.starts_with("igw-"));
  }
  EXPECT_NE(ids[0], ids[1]);
  EXPECT_TRUE(ids[0].starts_with("vpc-"));
  EXPECT_EQ(ids[0].size(), 21u);  // vpc- and 17 hex digits
}

TEST_F(Ec2Fake, VpcLifecycleWithTagsFiltersAndErrors) {
  const std::string id = vpc(kEast, "10.10.0.0/16", "orders-primary");
  auto created = ec2.DescribeVpcs(kEast, {.VpcIds = {id}});
  ASSERT_TRUE(created.ok()) << created.error().describe();
  ASSERT_EQ(created->Vpcs.size(), 1u);
  EXPECT_EQ(created->Vpcs[0].State, "pending");  // AWS answers CreateVpc with pending
  EXPECT_EQ(tag_value(created->Vpcs[0].Tags, "Name"), "orders-primary");
  EXPECT_FALSE(created->Vpcs[0].IsDefault);
  ASSERT_TRUE(aws::WaitUntilVpcAvailable(ec2, world.clock, kEast, id).ok());

  // Filters really filter: by tag, by CIDR, by state, with wildcards; and another region
  // does not see the VPC.
  aws::DescribeVpcsRequest by_tag;
  by_tag.Filters = {{"tag:Name", {"orders-*"}}};
  auto tagged = ec2.DescribeVpcs(kEast, by_tag);
  ASSERT_TRUE(tagged.ok());
  ASSERT_EQ(tagged->Vpcs.size(), 1u);
  EXPECT_EQ(tagged->Vpcs[0].VpcId, id);
  aws::DescribeVpcsRequest by_cidr;
  by_cidr.Filters = {{"cidr", {"10.10.0.0/16"}}, {"state", {"available"}}};
  EXPECT_EQ(ec2.DescribeVpcs(kEast, by_cidr)->Vpcs.size(), 1u);
  by_cidr.Filters = {{"cidr", {"10.99.0.0/16"}}};
  EXPECT_TRUE(ec2.DescribeVpcs(kEast, by_cidr)->Vpcs.empty());
  EXPECT_TRUE(ec2.DescribeVpcs(kWest, by_tag)->Vpcs.empty());

  auto missing = ec2.DescribeVpcs(kWest, {.VpcIds = {id}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "InvalidVpcID.NotFound");
  EXPECT_EQ(missing.error().http_status, 400);
  EXPECT_NE(missing.error().message.find(id), std::string::npos);

  auto malformed = ec2.DescribeVpcs(kEast, {.VpcIds = {"orders"}});
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, "InvalidVpcID.Malformed");

  aws::DescribeVpcsRequest bad_filter;
  bad_filter.Filters = {{"no-such-filter", {"x"}}};
  auto bf = ec2.DescribeVpcs(kEast, bad_filter);
  ASSERT_FALSE(bf.ok());
  EXPECT_EQ(bf.error().code, "InvalidParameterValue");

  auto bad_cidr = ec2.CreateVpc(kEast, {.CidrBlock = "10.0.0.300/16"});
  ASSERT_FALSE(bad_cidr.ok());
  EXPECT_EQ(bad_cidr.error().code, "InvalidParameterValue");
  auto host_bits = ec2.CreateVpc(kEast, {.CidrBlock = "10.0.0.1/16"});
  ASSERT_FALSE(host_bits.ok());
  EXPECT_EQ(host_bits.error().code, "InvalidParameterValue");
  auto too_big = ec2.CreateVpc(kEast, {.CidrBlock = "10.0.0.0/8"});
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().code, "InvalidVpcRange");

  auto dry = ec2.CreateVpc(kEast, {.CidrBlock = "10.20.0.0/16", .DryRun = true});
  ASSERT_FALSE(dry.ok());
  EXPECT_EQ(dry.error().code, "DryRunOperation");
  EXPECT_EQ(dry.error().http_status, 412);

  ASSERT_TRUE(ec2.DeleteVpc(kEast, {.VpcId = id}).ok());
  auto gone = ec2.DeleteVpc(kEast, {.VpcId = id});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "InvalidVpcID.NotFound");
}

TEST_F(Ec2Fake, SubnetsStayInsideTheirVpcAndBlockItsDeletion) {
  const std::string id = vpc(kEast, "10.1.0.0/16");
  const std::string a = subnet(kEast, id, "10.1.1.0/24");
  auto b = ec2.CreateSubnet(kEast, {.VpcId = id,
                                    .CidrBlock = "10.1.2.0/24",
                                    .AvailabilityZone = "us-east-1b",
                                    .TagSpecifications = {name_tag("subnet", "db-b")}});
  ASSERT_TRUE(b.ok()) << b.error().describe();
  EXPECT_EQ(b->Subnet.AvailabilityZone, "us-east-1b");
  EXPECT_EQ(b->Subnet.AvailabilityZoneId, "use1-az2");
  EXPECT_EQ(b->Subnet.AvailableIpAddressCount, 251);
  EXPECT_EQ(b->Subnet.SubnetArn,
            "arn:aws:ec2:us-east-1:123456789012:subnet/" + b->Subnet.SubnetId);
  EXPECT_EQ(tag_value(b->Subnet.Tags, "Name"), "db-b");

  auto outside = ec2.CreateSubnet(kEast, {.VpcId = id, .CidrBlock = "10.2.0.0/24"});
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().code, "InvalidSubnet.Range");
  auto overlap = ec2.CreateSubnet(kEast, {.VpcId = id, .CidrBlock = "10.1.1.128/25"});
  ASSERT_FALSE(overlap.ok());
  EXPECT_EQ(overlap.error().code, "InvalidSubnet.Conflict");
  auto bad_zone =
      ec2.CreateSubnet(kEast, {.VpcId = id, .CidrBlock = "10.1.9.0/24",
                               .AvailabilityZone = "us-west-2a"});
  ASSERT_FALSE(bad_zone.ok());
  EXPECT_EQ(bad_zone.error().code, "InvalidParameterValue");
  auto no_vpc = ec2.CreateSubnet(kEast, {.VpcId = "vpc-0123456789abcdef0", .CidrBlock = "10.1.3.0/24"});
  ASSERT_FALSE(no_vpc.ok());
  EXPECT_EQ(no_vpc.error().code, "InvalidVpcID.NotFound");

  aws::DescribeSubnetsRequest req;
  req.Filters = {{"vpc-id", {id}}};
  auto listed = ec2.DescribeSubnets(kEast, req);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->Subnets.size(), 2u);
  req.Filters.push_back({"availability-zone", {"us-east-1b"}});
  listed = ec2.DescribeSubnets(kEast, req);
  ASSERT_EQ(listed->Subnets.size(), 1u);
  EXPECT_EQ(listed->Subnets[0].SubnetId, b->Subnet.SubnetId);

  auto blocked = ec2.DeleteVpc(kEast, {.VpcId = id});
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, "DependencyViolation");
  ASSERT_TRUE(ec2.DeleteSubnet(kEast, {.SubnetId = a}).ok());
  ASSERT_TRUE(ec2.DeleteSubnet(kEast, {.SubnetId = b->Subnet.SubnetId}).ok());
  auto again = ec2.DeleteSubnet(kEast, {.SubnetId = a});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "InvalidSubnetID.NotFound");
  EXPECT_TRUE(ec2.DeleteVpc(kEast, {.VpcId = id}).ok());
}

TEST_F(Ec2Fake, RouteTablesRoutesAndAssociations) {
  const std::string id = vpc(kEast, "10.3.0.0/16");
  const std::string sub = subnet(kEast, id, "10.3.1.0/24");
  const aws::RouteTable main = main_table(kEast, id);
  ASSERT_EQ(main.Routes.size(), 1u);
  EXPECT_EQ(main.Routes[0].DestinationCidrBlock, "10.3.0.0/16");
  EXPECT_EQ(main.Routes[0].GatewayId, "local");
  EXPECT_EQ(main.Routes[0].State, "active");
  EXPECT_EQ(main.Routes[0].Origin, "CreateRouteTable");
  ASSERT_EQ(main.Associations.size(), 1u);
  EXPECT_TRUE(main.Associations[0].Main);

  auto table = ec2.CreateRouteTable(
      kEast, {.VpcId = id, .TagSpecifications = {name_tag("route-table", "private")}});
  ASSERT_TRUE(table.ok()) << table.error().describe();
  const std::string rtb = table->RouteTable.RouteTableId;
  EXPECT_TRUE(rtb.starts_with("rtb-"));
  EXPECT_FALSE(table->ClientToken.empty());  // the client sends one; the fake echoes it

  ASSERT_TRUE(ec2.CreateRoute(kEast, {.RouteTableId = rtb,
                                      .DestinationCidrBlock = "0.0.0.0/0",
                                      .NatGatewayId = "nat-0123456789abcdef0"})
                  .ok());
  auto dup = ec2.CreateRoute(kEast, {.RouteTableId = rtb,
                                     .DestinationCidrBlock = "0.0.0.0/0",
                                     .GatewayId = "igw-0123456789abcdef0"});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "RouteAlreadyExists");
  auto no_target = ec2.CreateRoute(kEast, {.RouteTableId = rtb, .DestinationCidrBlock = "10.9.0.0/16"});
  ASSERT_FALSE(no_target.ok());
  EXPECT_EQ(no_target.error().code, "MissingParameter");
  auto unknown_pcx = ec2.CreateRoute(kEast, {.RouteTableId = rtb,
                                             .DestinationCidrBlock = "10.9.0.0/16",
                                             .VpcPeeringConnectionId = "pcx-0123456789abcdef0"});
  ASSERT_FALSE(unknown_pcx.ok());
  EXPECT_EQ(unknown_pcx.error().code, "InvalidVpcPeeringConnectionID.NotFound");
  auto missing_route =
      ec2.DeleteRoute(kEast, {.RouteTableId = rtb, .DestinationCidrBlock = "10.8.0.0/16"});
  ASSERT_FALSE(missing_route.ok());
  EXPECT_EQ(missing_route.error().code, "InvalidRoute.NotFound");
  auto local = ec2.DeleteRoute(kEast, {.RouteTableId = rtb, .DestinationCidrBlock = "10.3.0.0/16"});
  ASSERT_FALSE(local.ok());
  EXPECT_EQ(local.error().code, "InvalidParameterValue");

  auto assoc = ec2.AssociateRouteTable(kEast, {.RouteTableId = rtb, .SubnetId = sub});
  ASSERT_TRUE(assoc.ok()) << assoc.error().describe();
  EXPECT_TRUE(assoc->AssociationId.starts_with("rtbassoc-"));
  EXPECT_EQ(assoc->AssociationState.State, "associated");
  auto twice = ec2.AssociateRouteTable(kEast, {.RouteTableId = main.RouteTableId, .SubnetId = sub});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, "Resource.AlreadyAssociated");

  aws::DescribeRouteTablesRequest by_subnet;
  by_subnet.Filters = {{"association.subnet-id", {sub}}};
  auto found = ec2.DescribeRouteTables(kEast, by_subnet);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->RouteTables.size(), 1u);
  EXPECT_EQ(found->RouteTables[0].RouteTableId, rtb);
  aws::DescribeRouteTablesRequest by_route;
  by_route.Filters = {{"route.nat-gateway-id", {"nat-0123456789abcdef0"}}};
  EXPECT_EQ(ec2.DescribeRouteTables(kEast, by_route)->RouteTables.size(), 1u);

  auto busy = ec2.DeleteRouteTable(kEast, {.RouteTableId = rtb});
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, "DependencyViolation");
  auto main_delete = ec2.DeleteRouteTable(kEast, {.RouteTableId = main.RouteTableId});
  ASSERT_FALSE(main_delete.ok());
  EXPECT_EQ(main_delete.error().code, "DependencyViolation");
  ASSERT_TRUE(ec2.DisassociateRouteTable(kEast, {.AssociationId = assoc->AssociationId}).ok());
  auto stale = ec2.DisassociateRouteTable(kEast, {.AssociationId = assoc->AssociationId});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, "InvalidAssociationID.NotFound");
  ASSERT_TRUE(ec2.DeleteRoute(kEast, {.RouteTableId = rtb, .DestinationCidrBlock = "0.0.0.0/0"}).ok());
  ASSERT_TRUE(ec2.DeleteRouteTable(kEast, {.RouteTableId = rtb}).ok());
  auto gone = ec2.DescribeRouteTables(kEast, {.RouteTableIds = {rtb}});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "InvalidRouteTableID.NotFound");
}

TEST_F(Ec2Fake, DescribePagesWithNextToken) {
  std::vector<std::string> made;
  for (int i = 0; i < 12; ++i) made.push_back(vpc(kWest, "10.50." + std::to_string(i) + ".0/24", "paged"));
  aws::DescribeVpcsRequest req;
  req.Filters = {{"tag:Name", {"paged"}}};
  req.MaxResults = 5;
  auto first = ec2.DescribeVpcs(kWest, req);
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->Vpcs.size(), 5u);
  ASSERT_FALSE(first->NextToken.empty());

  int pages = 0;
  std::vector<std::string> seen;
  std::string token;
  do {
    req.NextToken = token;
    auto page = ec2.DescribeVpcs(kWest, req);
    ASSERT_TRUE(page.ok()) << page.error().describe();
    ++pages;
    for (const auto& v : page->Vpcs) seen.push_back(v.VpcId);
    token = page->NextToken;
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  std::sort(made.begin(), made.end());
  EXPECT_EQ(seen, made);  // every VPC once, none twice

  req.NextToken.clear();
  auto all = ec2.DescribeVpcsAll(kWest, req);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 12u);

  req.NextToken = "not-a-token";
  auto bad = ec2.DescribeVpcs(kWest, req);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidPaginationToken");
  req.NextToken.clear();
  req.MaxResults = 2;
  auto small = ec2.DescribeVpcs(kWest, req);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().code, "InvalidParameterValue");
  auto combined = ec2.DescribeVpcs(kWest, {.VpcIds = {made[0]}, .MaxResults = 5});
  ASSERT_FALSE(combined.ok());
  EXPECT_EQ(combined.error().code, "InvalidParameterCombination");
}

TEST_F(Ec2Fake, CrossRegionPeeringGoesActiveAndItsRoutesBlackholeWhenDeleted) {
  const std::string east = vpc(kEast, "10.0.0.0/16", "primary");
  const std::string west = vpc(kWest, "10.1.0.0/16", "secondary");
  auto created = ec2.CreateVpcPeeringConnection(
      kEast, {.VpcId = east,
              .PeerVpcId = west,
              .PeerRegion = std::string(kWest),
              .TagSpecifications = {name_tag("vpc-peering-connection", "dr-link")}});
  ASSERT_TRUE(created.ok()) << created.error().describe();
  const aws::VpcPeeringConnection& pcx = created->VpcPeeringConnection;
  const std::string id = pcx.VpcPeeringConnectionId;
  EXPECT_TRUE(id.starts_with("pcx-"));
  EXPECT_EQ(pcx.Status.Code, "initiating-request");
  EXPECT_EQ(pcx.RequesterVpcInfo.VpcId, east);
  EXPECT_EQ(pcx.RequesterVpcInfo.Region, kEast);
  EXPECT_EQ(pcx.RequesterVpcInfo.CidrBlock, "10.0.0.0/16");
  EXPECT_EQ(pcx.AccepterVpcInfo.VpcId, west);
  EXPECT_EQ(pcx.AccepterVpcInfo.Region, kWest);
  EXPECT_EQ(pcx.AccepterVpcInfo.OwnerId, "123456789012");
  EXPECT_TRUE(pcx.ExpirationTime.has_value());

  // The same pcx id from both regions; not from a third.
  EXPECT_EQ(peering(kWest, id).VpcPeeringConnectionId, id);
  auto elsewhere = ec2.DescribeVpcPeeringConnections("eu-west-1", {.VpcPeeringConnectionIds = {id}});
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.error().code, "InvalidVpcPeeringConnectionID.NotFound");

  world.clock.advance(10s);
  EXPECT_EQ(peering(kEast, id).Status.Code, "pending-acceptance");
  EXPECT_EQ(peering(kWest, id).AccepterVpcInfo.CidrBlock, "10.1.0.0/16");

  auto wrong_side = ec2.AcceptVpcPeeringConnection(kEast, {.VpcPeeringConnectionId = id});
  ASSERT_FALSE(wrong_side.ok());
  EXPECT_EQ(wrong_side.error().code, "OperationNotPermitted");
  EXPECT_EQ(wrong_side.error().http_status, 400);
  auto accepted = ec2.AcceptVpcPeeringConnection(kWest, {.VpcPeeringConnectionId = id});
  ASSERT_TRUE(accepted.ok()) << accepted.error().describe();
  EXPECT_EQ(accepted->VpcPeeringConnection.Status.Code, "provisioning");
  auto twice = ec2.AcceptVpcPeeringConnection(kWest, {.VpcPeeringConnectionId = id});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, "InvalidStateTransition");
  ASSERT_TRUE(aws::WaitUntilVpcPeeringConnectionActive(ec2, world.clock, kEast, id).ok());
  const aws::VpcPeeringConnection active = peering(kWest, id);
  EXPECT_EQ(active.Status.Code, "active");
  ASSERT_TRUE(active.RequesterVpcInfo.PeeringOptions.has_value());
  EXPECT_EQ(tag_value(active.Tags, "Name"), "dr-link");

  // Routes both ways through the peering.
  const std::string east_rtb = main_table(kEast, east).RouteTableId;
  const std::string west_rtb = main_table(kWest, west).RouteTableId;
  ASSERT_TRUE(ec2.CreateRoute(kEast, {.RouteTableId = east_rtb,
                                      .DestinationCidrBlock = "10.1.0.0/16",
                                      .VpcPeeringConnectionId = id})
                  .ok());
  ASSERT_TRUE(ec2.CreateRoute(kWest, {.RouteTableId = west_rtb,
                                      .DestinationCidrBlock = "10.0.0.0/16",
                                      .VpcPeeringConnectionId = id})
                  .ok());
  aws::DescribeRouteTablesRequest via;
  via.Filters = {{"route.vpc-peering-connection-id", {id}}, {"route.state", {"active"}}};
  EXPECT_EQ(ec2.DescribeRouteTables(kEast, via)->RouteTables.size(), 1u);
  EXPECT_EQ(ec2.DescribeRouteTables(kWest, via)->RouteTables.size(), 1u);

  aws::DescribeVpcPeeringConnectionsRequest filtered;
  filtered.Filters = {{"status-code", {"active"}}, {"requester-vpc-info.vpc-id", {east}},
                      {"accepter-vpc-info.vpc-id", {west}}};
  EXPECT_EQ(ec2.DescribeVpcPeeringConnections(kWest, filtered)->VpcPeeringConnections.size(), 1u);
  filtered.Filters = {{"status-code", {"pending-acceptance"}}};
  EXPECT_TRUE(ec2.DescribeVpcPeeringConnections(kWest, filtered)->VpcPeeringConnections.empty());

  // Deleted from the accepter's side: both sides see it deleted, routes turn blackhole.
  auto deleted = ec2.DeleteVpcPeeringConnection(kWest, {.VpcPeeringConnectionId = id});
  ASSERT_TRUE(deleted.ok()) << deleted.error().describe();
  EXPECT_TRUE(deleted->Return);
  EXPECT_EQ(peering(kEast, id).Status.Code, "deleted");
  for (auto [region, rtb] : {std::pair{kEast, east_rtb}, std::pair{kWest, west_rtb}}) {
    auto tables = ec2.DescribeRouteTables(region, {.RouteTableIds = {rtb}});
    ASSERT_TRUE(tables.ok());
    const auto& routes = tables->RouteTables.at(0).Routes;
    auto it = std::find_if(routes.begin(), routes.end(), [&](const aws::Route& r) {
      return r.VpcPeeringConnectionId == id;
    });
    ASSERT_NE(it, routes.end());
    EXPECT_EQ(it->State, "blackhole");
  }
  auto redelete = ec2.DeleteVpcPeeringConnection(kEast, {.VpcPeeringConnectionId = id});
  ASSERT_FALSE(redelete.ok());
  EXPECT_EQ(redelete.error().code, "InvalidStateTransition");

  // Deleted peerings stay visible for a while, then disappear.
  world.clock.advance(3h);
  auto later = ec2.DescribeVpcPeeringConnections(kEast, {.VpcPeeringConnectionIds = {id}});
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().code, "InvalidVpcPeeringConnectionID.NotFound");
}

TEST_F(Ec2Fake, PeeringFailsOnOverlapAndUnknownPeerAndExpiresUnaccepted) {
  const std::string a = vpc(kEast, "10.0.0.0/16");
  const std::string overlapping = vpc(kWest, "10.0.128.0/17");
  const std::string c = vpc(kWest, "10.7.0.0/16");
  auto bad = ec2.CreateVpcPeeringConnection(
      kEast, {.VpcId = a, .PeerVpcId = overlapping, .PeerRegion = std::string(kWest)});
  ASSERT_TRUE(bad.ok()) << bad.error().describe();
  auto ghost = ec2.CreateVpcPeeringConnection(
      kEast, {.VpcId = a, .PeerVpcId = "vpc-0123456789abcdef0", .PeerRegion = std::string(kWest)});
  ASSERT_TRUE(ghost.ok());
  auto slow = ec2.CreateVpcPeeringConnection(
      kEast, {.VpcId = a, .PeerVpcId = c, .PeerRegion = std::string(kWest)});
  ASSERT_TRUE(slow.ok());
  world.clock.advance(10s);
  const auto failed = peering(kEast, bad->VpcPeeringConnection.VpcPeeringConnectionId);
  EXPECT_EQ(failed.Status.Code, "failed");
  EXPECT_NE(failed.Status.Message.find("overlapping CIDR"), std::string::npos);
  EXPECT_EQ(peering(kEast, ghost->VpcPeeringConnection.VpcPeeringConnectionId).Status.Code,
            "failed");
  auto accept_failed = ec2.AcceptVpcPeeringConnection(
      kWest, {.VpcPeeringConnectionId = bad->VpcPeeringConnection.VpcPeeringConnectionId});
  ASSERT_FALSE(accept_failed.ok());
  EXPECT_EQ(accept_failed.error().code, "InvalidStateTransition");

  // Same-region peering to a VPC that does not exist fails at once.
  auto missing = ec2.CreateVpcPeeringConnection(
      kEast, {.VpcId = a, .PeerVpcId = "vpc-0123456789abcdef0"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "InvalidVpcID.NotFound");
  auto dup = ec2.CreateVpcPeeringConnection(
      kEast, {.VpcId = a, .PeerVpcId = c, .PeerRegion = std::string(kWest)});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "VpcPeeringConnectionAlreadyExists");

  const std::string slow_id = slow->VpcPeeringConnection.VpcPeeringConnectionId;
  EXPECT_EQ(peering(kWest, slow_id).Status.Code, "pending-acceptance");
  world.clock.advance(std::chrono::hours(24 * 7));
  EXPECT_EQ(peering(kWest, slow_id).Status.Code, "expired");
  auto malformed = ec2.DescribeVpcPeeringConnections(kEast, {.VpcPeeringConnectionIds = {"pcx-x"}});
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, "InvalidVpcPeeringConnectionId.Malformed");
}

TEST_F(Ec2Fake, RejectedPeeringAndDeletedVpcTakePeeringsAlong) {
  const std::string a = vpc(kEast, "10.0.0.0/16");
  const std::string b = vpc(kEast, "10.5.0.0/16");
  auto p = ec2.CreateVpcPeeringConnection(kEast, {.VpcId = a, .PeerVpcId = b});
  ASSERT_TRUE(p.ok()) << p.error().describe();
  const std::string id = p->VpcPeeringConnection.VpcPeeringConnectionId;
  world.clock.advance(10s);
  auto rejected = ec2.RejectVpcPeeringConnection(kEast, {.VpcPeeringConnectionId = id});
  ASSERT_TRUE(rejected.ok()) << rejected.error().describe();
  EXPECT_EQ(peering(kEast, id).Status.Code, "rejected");

  auto q = ec2.CreateVpcPeeringConnection(kEast, {.VpcId = a, .PeerVpcId = b});
  ASSERT_TRUE(q.ok());
  const std::string qid = q->VpcPeeringConnection.VpcPeeringConnectionId;
  world.clock.advance(10s);
  ASSERT_TRUE(ec2.AcceptVpcPeeringConnection(kEast, {.VpcPeeringConnectionId = qid}).ok());
  world.clock.advance(10s);
  EXPECT_EQ(peering(kEast, qid).Status.Code, "active");
  ASSERT_TRUE(ec2.DeleteVpc(kEast, {.VpcId = b}).ok());
  EXPECT_EQ(peering(kEast, qid).Status.Code, "deleted");
}

TEST_F(Ec2Fake, SecurityGroupsDefaultAndCreatedWithRules) {
  const std::string id = vpc(kEast, "10.4.0.0/16");
  aws::DescribeSecurityGroupsRequest req;
  req.Filters = {{"vpc-id", {id}}, {"group-name", {"default"}}};
  auto def = ec2.DescribeSecurityGroups(kEast, req);
  ASSERT_TRUE(def.ok()) << def.error().describe();
  ASSERT_EQ(def->SecurityGroups.size(), 1u);
  const aws::SecurityGroup& g = def->SecurityGroups[0];
  EXPECT_TRUE(g.GroupId.starts_with("sg-"));
  ASSERT_EQ(g.IpPermissions.size(), 1u);
  EXPECT_EQ(g.IpPermissions[0].IpProtocol, "-1");
  ASSERT_EQ(g.IpPermissions[0].UserIdGroupPairs.size(), 1u);
  EXPECT_EQ(g.IpPermissions[0].UserIdGroupPairs[0].GroupId, g.GroupId);
  ASSERT_EQ(g.IpPermissionsEgress.size(), 1u);
  EXPECT_EQ(g.IpPermissionsEgress[0].IpRanges.at(0).CidrIp, "0.0.0.0/0");

  auto created = generic(world, kEast, "CreateSecurityGroup",
                         {{"GroupName", "db"}, {"GroupDescription", "aurora"}, {"VpcId", id}});
  ASSERT_TRUE(created.ok()) << created.error().describe();
  const std::string sg = created->at("groupId").get<std::string>();
  auto rule = generic(world, kEast, "AuthorizeSecurityGroupIngress",
                      {{"GroupId", sg},
                       {"IpPermissions.1.IpProtocol", "tcp"},
                       {"IpPermissions.1.FromPort", "5432"},
                       {"IpPermissions.1.ToPort", "5432"},
                       {"IpPermissions.1.IpRanges.1.CidrIp", "10.1.0.0/16"},
                       {"IpPermissions.1.IpRanges.1.Description", "secondary region"}});
  ASSERT_TRUE(rule.ok()) << rule.error().describe();
  auto dup = generic(world, kEast, "AuthorizeSecurityGroupIngress",
                     {{"GroupId", sg},
                      {"IpPermissions.1.IpProtocol", "tcp"},
                      {"IpPermissions.1.FromPort", "5432"},
                      {"IpPermissions.1.ToPort", "5432"},
                      {"IpPermissions.1.IpRanges.1.CidrIp", "10.1.0.0/16"}});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "InvalidPermission.Duplicate");

  aws::DescribeSecurityGroupsRequest by_cidr;
  by_cidr.Filters = {{"ip-permission.cidr", {"10.1.0.0/16"}}};
  auto found = ec2.DescribeSecurityGroups(kEast, by_cidr);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->SecurityGroups.size(), 1u);
  const auto& perm = found->SecurityGroups[0].IpPermissions.at(0);
  EXPECT_EQ(perm.IpProtocol, "tcp");
  EXPECT_EQ(perm.FromPort, 5432);
  EXPECT_EQ(perm.IpRanges.at(0).Description, "secondary region");
  EXPECT_EQ(found->SecurityGroups[0].SecurityGroupArn,
            "arn:aws:ec2:us-east-1:123456789012:security-group/" + sg);

  auto dup_group = generic(world, kEast, "CreateSecurityGroup",
                           {{"GroupName", "db"}, {"GroupDescription", "x"}, {"VpcId", id}});
  ASSERT_FALSE(dup_group.ok());
  EXPECT_EQ(dup_group.error().code, "InvalidGroup.Duplicate");
  auto missing = ec2.DescribeSecurityGroups(kEast, {.GroupIds = {"sg-0123456789abcdef0"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "InvalidGroup.NotFound");
  auto no_default = generic(world, kEast, "DeleteSecurityGroup", {{"GroupId", g.GroupId}});
  ASSERT_FALSE(no_default.ok());
  EXPECT_EQ(no_default.error().code, "CannotDelete");
  auto blocked = ec2.DeleteVpc(kEast, {.VpcId = id});
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, "DependencyViolation");
  ASSERT_TRUE(generic(world, kEast, "RevokeSecurityGroupIngress",
                      {{"GroupId", sg},
                       {"IpPermissions.1.IpProtocol", "tcp"},
                       {"IpPermissions.1.FromPort", "5432"},
                       {"IpPermissions.1.ToPort", "5432"},
                       {"IpPermissions.1.IpRanges.1.CidrIp", "10.1.0.0/16"}})
                  .ok());
  ASSERT_TRUE(generic(world, kEast, "DeleteSecurityGroup", {{"GroupId", sg}}).ok());
  EXPECT_TRUE(ec2.DeleteVpc(kEast, {.VpcId = id}).ok());
}

TEST_F(Ec2Fake, TagsOnAnyResourceAndZonesAndRegions) {
  const std::string id = vpc(kEast, "10.6.0.0/16");
  ASSERT_TRUE(ec2.CreateTags(kEast, {.Resources = {id}, .Tags = {{"env", "dr"}, {"team", "db"}}})
                  .ok());
  aws::DescribeVpcsRequest req;
  req.Filters = {{"tag-key", {"team"}}, {"tag-value", {"dr"}}};
  auto tagged = ec2.DescribeVpcs(kEast, req);
  ASSERT_TRUE(tagged.ok());
  ASSERT_EQ(tagged->Vpcs.size(), 1u);
  EXPECT_EQ(tag_value(tagged->Vpcs[0].Tags, "env"), "dr");
  auto missing = ec2.CreateTags(kEast, {.Resources = {"subnet-0123456789abcdef0"},
                                        .Tags = {{"a", "b"}}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "InvalidSubnetID.NotFound");
  auto invalid = ec2.CreateTags(kEast, {.Resources = {"i-0123456789abcdef0"}, .Tags = {{"a", "b"}}});
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().code, "InvalidID");
  ASSERT_TRUE(generic(world, kEast, "DeleteTags",
                      {{"ResourceId.1", id}, {"Tag.1.Key", "team"}})
                  .ok());
  EXPECT_TRUE(ec2.DescribeVpcs(kEast, req)->Vpcs.empty());

  auto zones = generic(world, kWest, "DescribeAvailabilityZones", nlohmann::json::object());
  ASSERT_TRUE(zones.ok()) << zones.error().describe();
  const auto& items = zones->at("availabilityZoneInfo");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].at("zoneName"), "us-west-2a");
  EXPECT_EQ(items[0].at("zoneId"), "usw2-az1");
  auto regions = generic(world, kWest, "DescribeRegions", {{"RegionName.1", "eu-central-1"}});
  ASSERT_TRUE(regions.ok()) << regions.error().describe();
  EXPECT_EQ(regions->at("regionInfo").at(0).at("regionEndpoint"), "ec2.eu-central-1.amazonaws.com");
}

TEST_F(Ec2Fake, UnsupportedActionIsInvalidAction) {
  auto r = generic(world, kEast, "RunInstances", {{"ImageId", "ami-12345678"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "InvalidAction");
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_NE(r.error().message.find("RunInstances"), std::string::npos);
}

TEST_F(Ec2Fake, StateRoundTripsAndPendingTransitionsResumeAfterLoad) {
  const std::string east = vpc(kEast, "10.0.0.0/16", "primary");
  const std::string west = vpc(kWest, "10.1.0.0/16", "secondary");
  subnet(kEast, east, "10.0.1.0/24");
  auto p = ec2.CreateVpcPeeringConnection(
      kEast, {.VpcId = east, .PeerVpcId = west, .PeerRegion = std::string(kWest)});
  ASSERT_TRUE(p.ok());
  const std::string id = p->VpcPeeringConnection.VpcPeeringConnectionId;
  ASSERT_TRUE(ec2.CreateRoute(kEast, {.RouteTableId = main_table(kEast, east).RouteTableId,
                                      .DestinationCidrBlock = "10.1.0.0/16",
                                      .VpcPeeringConnectionId = id})
                  .ok());
  const std::string saved = world.cloud.save_state();  // peering still initiating-request

  FakeWorld other;
  ASSERT_TRUE(other.cloud.load_state(saved).ok());
  EXPECT_EQ(other.cloud.save_state(), saved);
  aws::Ec2Client ec2b(*other.connection);
  auto vpcs = ec2b.DescribeVpcs(kEast, {.VpcIds = {east}});
  ASSERT_TRUE(vpcs.ok()) << vpcs.error().describe();
  EXPECT_EQ(tag_value(vpcs->Vpcs.at(0).Tags, "Name"), "primary");
  EXPECT_EQ(vpcs->Vpcs.at(0).State, "pending");
  // The loaded world moves on as the saved one would have.
  other.clock.advance(10s);
  EXPECT_EQ(ec2b.DescribeVpcs(kEast, {.VpcIds = {east}})->Vpcs.at(0).State, "available");
  auto reloaded = ec2b.DescribeVpcPeeringConnections(kWest, {.VpcPeeringConnectionIds = {id}});
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ(reloaded->VpcPeeringConnections.at(0).Status.Code, "pending-acceptance");
  // New ids do not collide with loaded ones.
  auto fresh = ec2b.CreateVpc(kEast, {.CidrBlock = "10.9.0.0/16"});
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE(fresh->Vpc.VpcId, east);
  EXPECT_NE(fresh->Vpc.VpcId, west);

  world.cloud.reset();
  auto after_reset = ec2.DescribeVpcs(kEast, {.VpcIds = {east}});
  ASSERT_FALSE(after_reset.ok());
  world.clock.advance(1h);  // tasks armed before the reset change nothing
  aws::DescribeVpcsRequest all;
  EXPECT_EQ(ec2.DescribeVpcs(kEast, all)->Vpcs.size(), 1u);  // the default VPC only
}

}  // namespace
}  // namespace drh::testing
