// Ec2Client against moto_server: real signed calls through CurlTransport and the typed
// codec, for every EC2 operation the client has. moto is shared by the whole run, so every
// test works on resources it created (unique names, their own ids) and tears them down.
//
// What moto 5.2 does not do, and where it is covered instead (suites/aws/ec2_*_test.cc):
// it answers every describe in one page (MaxResults and NextToken are ignored), and
// DescribeVpcPeeringConnections ignores Filters.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "drh/aws/ec2.h"
#include "drh/aws/sts.h"
#include "moto_env.h"

namespace drh::aws {
namespace {

using drh::testing::moto_connection;
using drh::testing::unique_name;
using std::chrono::seconds;

constexpr const char* kPrimary = "us-east-1";
constexpr const char* kSecondary = "us-west-2";

bool has_tag(const std::vector<Tag>& tags, const std::string& key, const std::string& value) {
  return std::find(tags.begin(), tags.end(), Tag{key, value}) != tags.end();
}

const Route* route_to(const RouteTable& table, const std::string& destination) {
  for (const Route& r : table.Routes) {
    if (r.DestinationCidrBlock == destination) return &r;
  }
  return nullptr;
}

class Ec2ClientEmulator : public ::testing::Test {
 protected:
  void SetUp() override {
    DRH_REQUIRE_MOTO();
    connection_ = moto_connection();
    ec2_ = std::make_unique<Ec2Client>(*connection_);
  }

  void TearDown() override {
    // Best effort, newest first: what a failed assertion left behind.
    if (!ec2_) return;
    for (auto it = cleanup_.rbegin(); it != cleanup_.rend(); ++it) (*it)();
  }

  // A VPC named `name` (tag Name) in `region`, deleted at the end unless the test did.
  Vpc make_vpc(const char* region, const std::string& cidr, const std::string& name) {
    CreateVpcRequest request;
    request.CidrBlock = cidr;
    request.TagSpecifications = {{"vpc", {{"Name", name}}}};
    auto created = ec2_->CreateVpc(region, request);
    EXPECT_TRUE(created.ok()) << created.error().describe();
    if (!created.ok()) return {};
    const std::string id = created->Vpc.VpcId;
    cleanup_.push_back([this, region, id] { (void)ec2_->DeleteVpc(region, {.VpcId = id}); });
    return created->Vpc;
  }

  // The VPC's main route table.
  RouteTable main_route_table(const char* region, const std::string& vpc_id) {
    DescribeRouteTablesRequest request;
    request.Filters = {{"vpc-id", {vpc_id}}, {"association.main", {"true"}}};
    auto tables = ec2_->DescribeRouteTablesAll(region, request);
    EXPECT_TRUE(tables.ok()) << tables.error().describe();
    if (!tables.ok() || tables->size() != 1) {
      ADD_FAILURE() << "expected one main route table for " << vpc_id;
      return {};
    }
    return tables->front();
  }

  std::unique_ptr<AwsConnection> connection_;
  std::unique_ptr<Ec2Client> ec2_;
  ManualClock clock_;  // waiters: moto's states do not move with time, so never sleep
  std::vector<std::function<void()>> cleanup_;
};

// ------------------------------------------------------------------ VPCs

TEST_F(Ec2ClientEmulator, VpcCreateDescribeTagAndDelete) {
  const std::string name = unique_name("ec2-vpc");
  Vpc vpc = make_vpc(kPrimary, "10.42.0.0/16", name);
  ASSERT_TRUE(vpc.VpcId.starts_with("vpc-")) << vpc.VpcId;
  EXPECT_EQ(vpc.CidrBlock, "10.42.0.0/16");
  EXPECT_FALSE(vpc.IsDefault);
  EXPECT_TRUE(has_tag(vpc.Tags, "Name", name));

  auto available = WaitUntilVpcAvailable(*ec2_, clock_, kPrimary, vpc.VpcId);
  ASSERT_TRUE(available.ok()) << available.error().describe();

  auto by_id = ec2_->DescribeVpcs(kPrimary, {.VpcIds = {vpc.VpcId}});
  ASSERT_TRUE(by_id.ok()) << by_id.error().describe();
  ASSERT_EQ(by_id->Vpcs.size(), 1u);
  EXPECT_EQ(by_id->Vpcs[0].State, "available");
  EXPECT_EQ(by_id->Vpcs[0].OwnerId, "123456789012");
  ASSERT_EQ(by_id->Vpcs[0].CidrBlockAssociationSet.size(), 1u);
  EXPECT_EQ(by_id->Vpcs[0].CidrBlockAssociationSet[0].CidrBlock, "10.42.0.0/16");
  EXPECT_EQ(by_id->Vpcs[0].CidrBlockAssociationSet[0].CidrBlockState.State, "associated");

  auto tagged =
      ec2_->CreateTags(kPrimary, {.Resources = {vpc.VpcId}, .Tags = {{"dr:role", "primary"}}});
  ASSERT_TRUE(tagged.ok()) << tagged.error().describe();

  auto by_tag = ec2_->DescribeVpcsAll(kPrimary, {.Filters = {{"tag:Name", {name}}}});
  ASSERT_TRUE(by_tag.ok()) << by_tag.error().describe();
  ASSERT_EQ(by_tag->size(), 1u);
  EXPECT_EQ(by_tag->front().VpcId, vpc.VpcId);
  EXPECT_TRUE(has_tag(by_tag->front().Tags, "dr:role", "primary"));
  EXPECT_TRUE(has_tag(by_tag->front().Tags, "Name", name));

  // The VPC lives in its region only.
  auto elsewhere = ec2_->DescribeVpcsAll(kSecondary, {.Filters = {{"tag:Name", {name}}}});
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.error().describe();
  EXPECT_TRUE(elsewhere->empty());

  ASSERT_TRUE(ec2_->DeleteVpc(kPrimary, {.VpcId = vpc.VpcId}).ok());
  auto gone = ec2_->DescribeVpcs(kPrimary, {.VpcIds = {vpc.VpcId}});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "InvalidVpcID.NotFound");
  EXPECT_TRUE(is_ec2_not_found(gone.error()));
  auto again = ec2_->DeleteVpc(kPrimary, {.VpcId = vpc.VpcId});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "InvalidVpcID.NotFound");

  auto wait_gone = WaitUntilVpcAvailable(*ec2_, clock_, kPrimary, vpc.VpcId);
  ASSERT_FALSE(wait_gone.ok());
  EXPECT_EQ(wait_gone.error().code, "InvalidVpcID.NotFound");
}

TEST_F(Ec2ClientEmulator, EachRegionHasOneDefaultVpc) {
  for (const char* region : {kPrimary, kSecondary}) {
    auto defaults = ec2_->DescribeVpcsAll(region, {.Filters = {{"is-default", {"true"}}}});
    ASSERT_TRUE(defaults.ok()) << defaults.error().describe();
    ASSERT_EQ(defaults->size(), 1u) << region;
    EXPECT_TRUE(defaults->front().IsDefault);
    EXPECT_EQ(defaults->front().CidrBlock, "172.31.0.0/16");
  }
}

TEST_F(Ec2ClientEmulator, AllPagesFormCollectsEveryMatch) {
  // moto answers in one page whatever MaxResults says: the walk must still end and
  // collect everything (paging over several pages is covered by suites/aws).
  const std::string stack = unique_name("ec2-paging");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(make_vpc(kPrimary, "10.6" + std::to_string(i) + ".0.0/16", stack).VpcId);
  }
  auto all = ec2_->DescribeVpcsAll(kPrimary, {.Filters = {{"tag:Name", {stack}}}, .MaxResults = 5});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  std::vector<std::string> found;
  for (const Vpc& v : *all) found.push_back(v.VpcId);
  std::sort(found.begin(), found.end());
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(found, ids);
}

// ------------------------------------------------------------------ subnets

TEST_F(Ec2ClientEmulator, SubnetCreateDescribeAndDelete) {
  const std::string name = unique_name("ec2-subnet");
  Vpc vpc = make_vpc(kPrimary, "10.43.0.0/16", name);
  ASSERT_FALSE(vpc.VpcId.empty());

  CreateSubnetRequest request;
  request.VpcId = vpc.VpcId;
  request.CidrBlock = "10.43.1.0/24";
  request.AvailabilityZone = "us-east-1a";
  request.TagSpecifications = {{"subnet", {{"Name", name + "-a"}}}};
  auto created = ec2_->CreateSubnet(kPrimary, request);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  const Subnet& subnet = created->Subnet;
  ASSERT_TRUE(subnet.SubnetId.starts_with("subnet-")) << subnet.SubnetId;
  EXPECT_EQ(subnet.VpcId, vpc.VpcId);
  EXPECT_EQ(subnet.CidrBlock, "10.43.1.0/24");
  EXPECT_EQ(subnet.AvailabilityZone, "us-east-1a");
  EXPECT_FALSE(subnet.AvailabilityZoneId.empty());
  EXPECT_EQ(subnet.AvailableIpAddressCount, 251);  // 256 minus the 5 AWS reserves
  EXPECT_TRUE(subnet.SubnetArn.ends_with(":subnet/" + subnet.SubnetId)) << subnet.SubnetArn;
  EXPECT_TRUE(has_tag(subnet.Tags, "Name", name + "-a"));
  cleanup_.push_back(
      [this, id = subnet.SubnetId] { (void)ec2_->DeleteSubnet(kPrimary, {.SubnetId = id}); });

  ASSERT_TRUE(WaitUntilSubnetAvailable(*ec2_, clock_, kPrimary, subnet.SubnetId).ok());

  auto in_vpc = ec2_->DescribeSubnetsAll(kPrimary, {.Filters = {{"vpc-id", {vpc.VpcId}}}});
  ASSERT_TRUE(in_vpc.ok()) << in_vpc.error().describe();
  ASSERT_EQ(in_vpc->size(), 1u);
  EXPECT_EQ(in_vpc->front().SubnetId, subnet.SubnetId);
  EXPECT_EQ(in_vpc->front().State, "available");

  auto blocked = ec2_->DeleteVpc(kPrimary, {.VpcId = vpc.VpcId});
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, "DependencyViolation");

  ASSERT_TRUE(ec2_->DeleteSubnet(kPrimary, {.SubnetId = subnet.SubnetId}).ok());
  auto gone = ec2_->DescribeSubnets(kPrimary, {.SubnetIds = {subnet.SubnetId}});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "InvalidSubnetID.NotFound");
  auto again = ec2_->DeleteSubnet(kPrimary, {.SubnetId = subnet.SubnetId});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "InvalidSubnetID.NotFound");
  ASSERT_TRUE(ec2_->DeleteVpc(kPrimary, {.VpcId = vpc.VpcId}).ok());

  auto orphan = ec2_->CreateSubnet(kPrimary, {.VpcId = vpc.VpcId, .CidrBlock = "10.43.2.0/24"});
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, "InvalidVpcID.NotFound");
}

// ------------------------------------------------------------------ route tables

TEST_F(Ec2ClientEmulator, RouteTableCreateAssociateAndDelete) {
  const std::string name = unique_name("ec2-rtb");
  Vpc vpc = make_vpc(kPrimary, "10.44.0.0/16", name);
  ASSERT_FALSE(vpc.VpcId.empty());
  auto subnet = ec2_->CreateSubnet(kPrimary, {.VpcId = vpc.VpcId, .CidrBlock = "10.44.1.0/24"});
  ASSERT_TRUE(subnet.ok()) << subnet.error().describe();
  const std::string subnet_id = subnet->Subnet.SubnetId;
  cleanup_.push_back(
      [this, subnet_id] { (void)ec2_->DeleteSubnet(kPrimary, {.SubnetId = subnet_id}); });

  RouteTable main = main_route_table(kPrimary, vpc.VpcId);
  ASSERT_FALSE(main.RouteTableId.empty());
  ASSERT_FALSE(main.Associations.empty());
  EXPECT_TRUE(main.Associations[0].Main);
  const Route* local = route_to(main, "10.44.0.0/16");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->GatewayId, "local");
  EXPECT_EQ(local->State, "active");
  EXPECT_EQ(local->Origin, "CreateRouteTable");

  CreateRouteTableRequest create;
  create.VpcId = vpc.VpcId;
  create.TagSpecifications = {{"route-table", {{"Name", name}}}};
  auto table = ec2_->CreateRouteTable(kPrimary, create);
  ASSERT_TRUE(table.ok()) << table.error().describe();
  const std::string rtb = table->RouteTable.RouteTableId;
  ASSERT_TRUE(rtb.starts_with("rtb-")) << rtb;
  EXPECT_EQ(table->RouteTable.VpcId, vpc.VpcId);
  EXPECT_NE(route_to(table->RouteTable, "10.44.0.0/16"), nullptr);
  EXPECT_TRUE(has_tag(table->RouteTable.Tags, "Name", name));
  cleanup_.push_back(
      [this, rtb] { (void)ec2_->DeleteRouteTable(kPrimary, {.RouteTableId = rtb}); });

  auto association =
      ec2_->AssociateRouteTable(kPrimary, {.RouteTableId = rtb, .SubnetId = subnet_id});
  ASSERT_TRUE(association.ok()) << association.error().describe();
  ASSERT_TRUE(association->AssociationId.starts_with("rtbassoc-")) << association->AssociationId;
  EXPECT_EQ(association->AssociationState.State, "associated");

  auto described = ec2_->DescribeRouteTables(kPrimary, {.RouteTableIds = {rtb}});
  ASSERT_TRUE(described.ok()) << described.error().describe();
  ASSERT_EQ(described->RouteTables.size(), 1u);
  ASSERT_EQ(described->RouteTables[0].Associations.size(), 1u);
  const RouteTableAssociation& a = described->RouteTables[0].Associations[0];
  EXPECT_FALSE(a.Main);
  EXPECT_EQ(a.SubnetId, subnet_id);
  EXPECT_EQ(a.RouteTableAssociationId, association->AssociationId);

  auto no_route =
      ec2_->DeleteRoute(kPrimary, {.RouteTableId = rtb, .DestinationCidrBlock = "10.99.0.0/16"});
  ASSERT_FALSE(no_route.ok());
  EXPECT_EQ(no_route.error().code, "InvalidRoute.NotFound");
  EXPECT_TRUE(is_ec2_not_found(no_route.error()));

  ASSERT_TRUE(
      ec2_->DisassociateRouteTable(kPrimary, {.AssociationId = association->AssociationId}).ok());
  ASSERT_TRUE(ec2_->DeleteRouteTable(kPrimary, {.RouteTableId = rtb}).ok());
  auto gone = ec2_->DescribeRouteTables(kPrimary, {.RouteTableIds = {rtb}});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "InvalidRouteTableID.NotFound");
  auto again = ec2_->DeleteRouteTable(kPrimary, {.RouteTableId = rtb});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "InvalidRouteTableID.NotFound");

  auto left = ec2_->DescribeRouteTablesAll(kPrimary, {.Filters = {{"vpc-id", {vpc.VpcId}}}});
  ASSERT_TRUE(left.ok()) << left.error().describe();
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().RouteTableId, main.RouteTableId);
}

// ------------------------------------------------------------------ security groups

TEST_F(Ec2ClientEmulator, NewVpcHasADefaultSecurityGroupOpenOutbound) {
  Vpc vpc = make_vpc(kPrimary, "10.45.0.0/16", unique_name("ec2-sg"));
  ASSERT_FALSE(vpc.VpcId.empty());
  auto groups = ec2_->DescribeSecurityGroupsAll(kPrimary, {.Filters = {{"vpc-id", {vpc.VpcId}}}});
  ASSERT_TRUE(groups.ok()) << groups.error().describe();
  ASSERT_EQ(groups->size(), 1u);
  const SecurityGroup& g = groups->front();
  EXPECT_TRUE(g.GroupId.starts_with("sg-")) << g.GroupId;
  EXPECT_EQ(g.GroupName, "default");
  EXPECT_EQ(g.VpcId, vpc.VpcId);
  EXPECT_FALSE(g.Description.empty());
  ASSERT_EQ(g.IpPermissionsEgress.size(), 1u);
  EXPECT_EQ(g.IpPermissionsEgress[0].IpProtocol, "-1");
  ASSERT_EQ(g.IpPermissionsEgress[0].IpRanges.size(), 1u);
  EXPECT_EQ(g.IpPermissionsEgress[0].IpRanges[0].CidrIp, "0.0.0.0/0");

  auto by_id = ec2_->DescribeSecurityGroups(kPrimary, {.GroupIds = {g.GroupId}});
  ASSERT_TRUE(by_id.ok()) << by_id.error().describe();
  ASSERT_EQ(by_id->SecurityGroups.size(), 1u);
  EXPECT_EQ(by_id->SecurityGroups[0].GroupId, g.GroupId);

  auto missing = ec2_->DescribeSecurityGroups(kPrimary, {.GroupIds = {"sg-0000000000000dead"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "InvalidGroup.NotFound");
  EXPECT_TRUE(is_ec2_not_found(missing.error()));
}

// ------------------------------------------------------------------ peering

// The DR topology: a requester VPC in one region, an accepter in another, accepted in
// the accepter's region, routes both ways, then torn down.
TEST_F(Ec2ClientEmulator, CrossRegionPeeringWithRoutesBothWays) {
  StsClient sts(*connection_);
  auto caller = sts.GetCallerIdentity(kPrimary);
  ASSERT_TRUE(caller.ok()) << caller.error().describe();

  const std::string name = unique_name("ec2-pcx");
  Vpc primary = make_vpc(kPrimary, "10.50.0.0/16", name);
  Vpc secondary = make_vpc(kSecondary, "10.51.0.0/16", name);
  ASSERT_FALSE(primary.VpcId.empty());
  ASSERT_FALSE(secondary.VpcId.empty());

  CreateVpcPeeringConnectionRequest request;
  request.VpcId = primary.VpcId;
  request.PeerVpcId = secondary.VpcId;
  request.PeerOwnerId = caller->Account;
  request.PeerRegion = kSecondary;
  request.TagSpecifications = {{"vpc-peering-connection", {{"Name", name}}}};
  auto created = ec2_->CreateVpcPeeringConnection(kPrimary, request);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  const VpcPeeringConnection& pcx = created->VpcPeeringConnection;
  const std::string id = pcx.VpcPeeringConnectionId;
  ASSERT_TRUE(id.starts_with("pcx-")) << id;
  cleanup_.push_back([this, id] {
    (void)ec2_->DeleteVpcPeeringConnection(kPrimary, {.VpcPeeringConnectionId = id});
  });
  EXPECT_EQ(pcx.Status.Code, "initiating-request");
  EXPECT_EQ(pcx.RequesterVpcInfo.VpcId, primary.VpcId);
  EXPECT_EQ(pcx.RequesterVpcInfo.Region, kPrimary);
  EXPECT_EQ(pcx.RequesterVpcInfo.CidrBlock, "10.50.0.0/16");
  EXPECT_EQ(pcx.RequesterVpcInfo.OwnerId, caller->Account);
  EXPECT_EQ(pcx.AccepterVpcInfo.VpcId, secondary.VpcId);
  EXPECT_EQ(pcx.AccepterVpcInfo.Region, kSecondary);
  EXPECT_EQ(pcx.AccepterVpcInfo.CidrBlock, "10.51.0.0/16");
  EXPECT_TRUE(has_tag(pcx.Tags, "Name", name));

  // Visible in the accepter's region, waiting there for acceptance.
  ASSERT_TRUE(WaitUntilVpcPeeringConnectionExists(*ec2_, clock_, kSecondary, id).ok());
  auto pending = ec2_->DescribeVpcPeeringConnections(kSecondary, {.VpcPeeringConnectionIds = {id}});
  ASSERT_TRUE(pending.ok()) << pending.error().describe();
  ASSERT_EQ(pending->VpcPeeringConnections.size(), 1u);
  EXPECT_EQ(pending->VpcPeeringConnections[0].Status.Code, "pending-acceptance");

  auto not_yet =
      WaitUntilVpcPeeringConnectionActive(*ec2_, clock_, kPrimary, id, {seconds(15), seconds(45)});
  ASSERT_FALSE(not_yet.ok());
  EXPECT_EQ(not_yet.error().code, "WaiterTimeout");
  EXPECT_NE(not_yet.error().message.find("status=pending-acceptance"), std::string::npos)
      << not_yet.error().message;

  auto wrong_region = ec2_->AcceptVpcPeeringConnection(kPrimary, {.VpcPeeringConnectionId = id});
  ASSERT_FALSE(wrong_region.ok());
  EXPECT_EQ(wrong_region.error().code, "OperationNotPermitted");

  auto accepted = ec2_->AcceptVpcPeeringConnection(kSecondary, {.VpcPeeringConnectionId = id});
  ASSERT_TRUE(accepted.ok()) << accepted.error().describe();
  EXPECT_EQ(accepted->VpcPeeringConnection.Status.Code, "active");
  EXPECT_EQ(accepted->VpcPeeringConnection.AccepterVpcInfo.Region, kSecondary);

  auto active = WaitUntilVpcPeeringConnectionActive(*ec2_, clock_, kPrimary, id);
  ASSERT_TRUE(active.ok()) << active.error().describe();
  auto listed =
      ec2_->DescribeVpcPeeringConnectionsAll(kPrimary, {.Filters = {{"status-code", {"active"}}}});
  ASSERT_TRUE(listed.ok()) << listed.error().describe();
  auto mine = std::find_if(listed->begin(), listed->end(), [&](const VpcPeeringConnection& p) {
    return p.VpcPeeringConnectionId == id;
  });
  ASSERT_NE(mine, listed->end());
  EXPECT_EQ(mine->Status.Code, "active");

  // Routes both ways through the peering.
  struct Side {
    const char* region;
    std::string vpc_id;
    std::string peer_cidr;
  };
  for (const Side& side : {Side{kPrimary, primary.VpcId, "10.51.0.0/16"},
                           Side{kSecondary, secondary.VpcId, "10.50.0.0/16"}}) {
    RouteTable main = main_route_table(side.region, side.vpc_id);
    ASSERT_FALSE(main.RouteTableId.empty());
    auto route = ec2_->CreateRoute(side.region, {.RouteTableId = main.RouteTableId,
                                                 .DestinationCidrBlock = side.peer_cidr,
                                                 .VpcPeeringConnectionId = id});
    ASSERT_TRUE(route.ok()) << route.error().describe();
    EXPECT_TRUE(route->Return);

    auto via_peering = ec2_->DescribeRouteTablesAll(
        side.region, {.Filters = {{"route.vpc-peering-connection-id", {id}}}});
    ASSERT_TRUE(via_peering.ok()) << via_peering.error().describe();
    ASSERT_EQ(via_peering->size(), 1u) << side.region;
    const Route* r = route_to(via_peering->front(), side.peer_cidr);
    ASSERT_NE(r, nullptr) << side.region;
    EXPECT_EQ(r->VpcPeeringConnectionId, id);
    EXPECT_EQ(r->State, "active");
    EXPECT_EQ(r->Origin, "CreateRoute");

    ASSERT_TRUE(ec2_->DeleteRoute(side.region, {.RouteTableId = main.RouteTableId,
                                                .DestinationCidrBlock = side.peer_cidr})
                    .ok());
  }

  auto deleted = ec2_->DeleteVpcPeeringConnection(kPrimary, {.VpcPeeringConnectionId = id});
  ASSERT_TRUE(deleted.ok()) << deleted.error().describe();
  EXPECT_TRUE(deleted->Return);
  ASSERT_TRUE(WaitUntilVpcPeeringConnectionDeleted(*ec2_, clock_, kSecondary, id).ok());
  auto after = WaitUntilVpcPeeringConnectionActive(*ec2_, clock_, kPrimary, id);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, "WaiterFailed");
  EXPECT_NE(after.error().message.find("status=deleted"), std::string::npos);
}

TEST_F(Ec2ClientEmulator, RejectedPeeringFailsTheActiveWaiter) {
  const std::string name = unique_name("ec2-pcx-reject");
  Vpc a = make_vpc(kPrimary, "10.52.0.0/16", name);
  Vpc b = make_vpc(kPrimary, "10.53.0.0/16", name);
  auto created =
      ec2_->CreateVpcPeeringConnection(kPrimary, {.VpcId = a.VpcId, .PeerVpcId = b.VpcId});
  ASSERT_TRUE(created.ok()) << created.error().describe();
  const std::string id = created->VpcPeeringConnection.VpcPeeringConnectionId;
  EXPECT_EQ(created->VpcPeeringConnection.AccepterVpcInfo.Region, kPrimary);

  auto rejected = ec2_->RejectVpcPeeringConnection(kPrimary, {.VpcPeeringConnectionId = id});
  ASSERT_TRUE(rejected.ok()) << rejected.error().describe();
  EXPECT_TRUE(rejected->Return);

  auto s = WaitUntilVpcPeeringConnectionActive(*ec2_, clock_, kPrimary, id);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "WaiterFailed");
  EXPECT_NE(s.error().message.find("status=rejected"), std::string::npos) << s.error().message;
  EXPECT_EQ(clock_.total_slept(), Duration(0));
}

TEST_F(Ec2ClientEmulator, UnknownPeeringIsNotFound) {
  const std::string id = "pcx-0000000000000dead";
  auto accept = ec2_->AcceptVpcPeeringConnection(kSecondary, {.VpcPeeringConnectionId = id});
  ASSERT_FALSE(accept.ok());
  EXPECT_TRUE(is_ec2_not_found(accept.error())) << accept.error().describe();
  auto reject = ec2_->RejectVpcPeeringConnection(kSecondary, {.VpcPeeringConnectionId = id});
  ASSERT_FALSE(reject.ok());
  EXPECT_TRUE(is_ec2_not_found(reject.error())) << reject.error().describe();
  auto del = ec2_->DeleteVpcPeeringConnection(kPrimary, {.VpcPeeringConnectionId = id});
  ASSERT_FALSE(del.ok());
  EXPECT_TRUE(is_ec2_not_found(del.error())) << del.error().describe();

  // Gone is what "deleted" waits for; never there is what "exists" times out on.
  EXPECT_TRUE(WaitUntilVpcPeeringConnectionDeleted(*ec2_, clock_, kPrimary, id).ok());
  auto exists =
      WaitUntilVpcPeeringConnectionExists(*ec2_, clock_, kPrimary, id, {seconds(15), seconds(30)});
  ASSERT_FALSE(exists.ok());
  EXPECT_EQ(exists.error().code, "WaiterTimeout");
}

}  // namespace
}  // namespace drh::aws
