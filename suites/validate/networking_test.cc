// networking checks: each passes on a good seed stack and notices the break it exists for.
#include <gtest/gtest.h>

#include "drh/fake/fault_injection.h"
#include "drh/validate/check.h"
#include "validate_world.h"

namespace drh::validate {
namespace {

using testing::describe;
using testing::expect_unavailable;
using testing::has;
using testing::outage;
using testing::run_without_stack;

using testing::ValidateWorld;

// --------------------------------------------------------------- peering-active

TEST(PeeringActive, PassesOnAGoodStack) {
  ValidateWorld w("003");
  auto o = w.run("networking.peering-active");
  EXPECT_EQ(o.verdict, Verdict::kPass) << o.message;
  EXPECT_EQ(o.resource, w.ref("peering.id"));
  EXPECT_FALSE(o.evidence.empty());
}

TEST(PeeringActive, FailsOnADeletedPeering) {
  ValidateWorld w("003");
  const std::string pcx = w.ref("peering.id");
  ASSERT_TRUE(
      w.ec2.DeleteVpcPeeringConnection(w.deployment.primary_region, {.VpcPeeringConnectionId = pcx})
          .ok());
  auto o = w.run("networking.peering-active");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, pcx);
  EXPECT_TRUE(has(o.message, "expected VPC peering " + pcx + " status active, got deleted"))
      << o.message;
}

TEST(PeeringActive, FailsWhenTheOutputsNameAPeeringThatDoesNotExist) {
  ValidateWorld w("003");
  w.deployment.vpc_peering_id = "pcx-0123456789abcdef0";
  auto o = w.run("networking.peering-active");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, "pcx-0123456789abcdef0");
  EXPECT_TRUE(has(o.message, "expected VPC peering pcx-0123456789abcdef0 to exist")) << o.message;
}

TEST(PeeringActive, SkippedWithoutAPeeringInTheOutputs) {
  ValidateWorld w("001");  // no peering in this stack
  auto o = w.run("networking.peering-active");
  EXPECT_EQ(o.verdict, Verdict::kSkipped);
  EXPECT_TRUE(has(o.message, "VpcPeeringId")) << o.message;
}

TEST(PeeringActive, ErrorWhenTheRegionIsDown) {
  ValidateWorld w("003");
  outage(w, w.deployment.primary_region);
  auto o = w.run("networking.peering-active");
  EXPECT_EQ(o.verdict, Verdict::kError) << o.message;
  EXPECT_EQ(o.error_code, "ServiceUnavailable");
  EXPECT_TRUE(has(o.message, w.ref("peering.id"))) << o.message;
}

// --------------------------------------------------------------- peering-vpcs

TEST(PeeringVpcs, PassesOnAGoodStack) {
  for (const char* seed : {"000", "003"}) {
    ValidateWorld w(seed);
    auto o = w.run("networking.peering-vpcs");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << ": " << o.message;
    EXPECT_TRUE(has(o.message, w.ref("vpc.primary.id"))) << o.message;
    EXPECT_TRUE(has(o.message, w.ref("vpc.secondary.id"))) << o.message;
  }
}

TEST(PeeringVpcs, FailsWhenThePeeringJoinsAnotherVpc) {
  ValidateWorld w("003");
  auto other = w.ec2.CreateVpc(w.deployment.secondary_region, {.CidrBlock = "10.9.0.0/16"});
  ASSERT_TRUE(other.ok()) << other.error().describe();
  w.deployment.secondary_vpc_id = other->Vpc.VpcId;
  auto o = w.run("networking.peering-vpcs");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, w.ref("peering.id"));
  EXPECT_TRUE(has(o.message, "to join " + w.ref("vpc.primary.id") + " <-> " + other->Vpc.VpcId))
      << o.message;
  EXPECT_TRUE(has(o.message, "got " + w.ref("vpc.primary.id") + " (requester) <-> " +
                                 w.ref("vpc.secondary.id") + " (accepter)"))
      << o.message;
}

TEST(PeeringVpcs, FailsWhenTheRegionsDoNotMatchTheOutputs) {
  ValidateWorld w("003");
  w.deployment.secondary_region = "us-west-2";
  auto o = w.run("networking.peering-vpcs");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_TRUE(has(o.message, w.ref("vpc.secondary.id") + " in us-west-2, got us-east-2"))
      << o.message;
}

TEST(PeeringVpcs, SkippedWithoutTheVpcIds) {
  ValidateWorld w("003");
  w.deployment.secondary_vpc_id.clear();
  auto o = w.run("networking.peering-vpcs");
  EXPECT_EQ(o.verdict, Verdict::kSkipped);
  EXPECT_TRUE(has(o.message, "SecondaryVpcId")) << o.message;
}

// --------------------------------------------------------------- peering-routes

TEST(PeeringRoutes, PassesOnAGoodStack) {
  for (const char* seed : {"000", "003"}) {
    ValidateWorld w(seed);
    auto o = w.run("networking.peering-routes");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << ": " << o.message;
  }
  ValidateWorld w("003");  // public and private tables on both sides
  auto o = w.run("networking.peering-routes");
  EXPECT_TRUE(has(o.message, "4 route tables")) << o.message;
  EXPECT_EQ(o.evidence.size(), 4u);
}

TEST(PeeringRoutes, FailsNamingTheTableWhoseRouteIsMissing) {
  ValidateWorld w("003");
  const std::string rtb = w.ref("vpc.secondary.route_table.private");
  ASSERT_TRUE(w.ec2
                  .DeleteRoute(w.deployment.secondary_region,
                               {.RouteTableId = rtb, .DestinationCidrBlock = "10.0.0.0/16"})
                  .ok());
  auto o = w.run("networking.peering-routes");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, rtb);
  EXPECT_TRUE(
      has(o.message, "expected a route to 10.0.0.0/16 via " + w.ref("peering.id") + " in " + rtb))
      << o.message;
  EXPECT_TRUE(has(o.message, "got no route to 10.0.0.0/16")) << o.message;
}

TEST(PeeringRoutes, FailsOnABlackhole) {
  ValidateWorld w("000");
  const std::string pcx = w.ref("peering.id");
  ASSERT_TRUE(
      w.ec2.DeleteVpcPeeringConnection(w.deployment.primary_region, {.VpcPeeringConnectionId = pcx})
          .ok());
  auto o = w.run("networking.peering-routes");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, w.ref("vpc.primary.route_table.private"));
  EXPECT_TRUE(has(o.message, "active, got blackhole")) << o.message;
  EXPECT_TRUE(has(o.message, "and 1 more problem")) << o.message;
}

TEST(PeeringRoutes, FailsWhenTheRouteGoesElsewhere) {
  ValidateWorld w("003");
  const std::string rtb = w.ref("vpc.primary.route_table.public");
  const std::string region = w.deployment.primary_region;
  ASSERT_TRUE(
      w.ec2.DeleteRoute(region, {.RouteTableId = rtb, .DestinationCidrBlock = "10.1.0.0/16"}).ok());
  // A second peering to another VPC, and the route sent through it instead.
  auto other = w.ec2.CreateVpc(region, {.CidrBlock = "10.7.0.0/16"});
  ASSERT_TRUE(other.ok()) << other.error().describe();
  auto pcx = w.ec2.CreateVpcPeeringConnection(
      region, {.VpcId = w.ref("vpc.primary.id"), .PeerVpcId = other->Vpc.VpcId});
  ASSERT_TRUE(pcx.ok()) << pcx.error().describe();
  const std::string wrong = pcx->VpcPeeringConnection.VpcPeeringConnectionId;
  w.clock.advance(std::chrono::seconds(30));  // initiating-request -> pending-acceptance
  auto accepted = w.ec2.AcceptVpcPeeringConnection(region, {.VpcPeeringConnectionId = wrong});
  ASSERT_TRUE(accepted.ok()) << accepted.error().describe();
  auto added = w.ec2.CreateRoute(region, {.RouteTableId = rtb,
                                          .DestinationCidrBlock = "10.1.0.0/16",
                                          .VpcPeeringConnectionId = wrong});
  ASSERT_TRUE(added.ok()) << added.error().describe();
  auto o = w.run("networking.peering-routes");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, rtb);
  EXPECT_TRUE(has(o.message, "expected 10.1.0.0/16 via " + w.ref("peering.id") + " in " + rtb))
      << o.message;
  EXPECT_TRUE(has(o.message, "got " + wrong)) << o.message;
}

TEST(PeeringRoutes, NeverPassesWithNoRouteTableToExamine) {
  ValidateWorld w("003");
  auto bare = w.ec2.CreateVpc(w.deployment.secondary_region, {.CidrBlock = "10.5.0.0/16"});
  ASSERT_TRUE(bare.ok()) << bare.error().describe();
  w.deployment.secondary_vpc_id = bare->Vpc.VpcId;  // no subnets, so no table to judge
  auto o = w.run("networking.peering-routes");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  bool named = false;
  for (const auto& e : o.evidence) {
    named = named || has(e, "expected route tables with subnets in VPC " + bare->Vpc.VpcId +
                                " (us-east-2), got none to examine");
  }
  EXPECT_TRUE(named) << o.message;
}

TEST(PeeringRoutes, SkippedWithoutAPeeringInTheOutputs) {
  ValidateWorld w("004");  // peered, but the outputs do not name the peering
  auto o = w.run("networking.peering-routes");
  EXPECT_EQ(o.verdict, Verdict::kSkipped);
  EXPECT_TRUE(has(o.message, "VpcPeeringId")) << o.message;
}

TEST(PeeringRoutes, ErrorWhenTheSecondaryRegionIsDown) {
  ValidateWorld w("003");
  outage(w, w.deployment.secondary_region);
  auto o = w.run("networking.peering-routes");
  EXPECT_EQ(o.verdict, Verdict::kError) << o.message;
  EXPECT_EQ(o.error_code, "ServiceUnavailable");
}

// --------------------------------------------------------------- cidr-overlap

TEST(CidrOverlap, PassesOnAGoodStack) {
  for (const char* seed : {"003", "004"}) {
    ValidateWorld w(seed);
    auto o = w.run("networking.cidr-overlap");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << ": " << o.message;
    EXPECT_TRUE(has(o.message, "10.0.0.0/16")) << o.message;
    EXPECT_TRUE(has(o.message, "10.1.0.0/16")) << o.message;
  }
}

TEST(CidrOverlap, FailsWhenTheRangesOverlap) {
  ValidateWorld w("003");
  auto other = w.ec2.CreateVpc(w.deployment.secondary_region, {.CidrBlock = "10.0.128.0/17"});
  ASSERT_TRUE(other.ok()) << other.error().describe();
  w.deployment.secondary_vpc_id = other->Vpc.VpcId;
  auto o = w.run("networking.cidr-overlap");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_TRUE(has(o.resource, other->Vpc.VpcId)) << o.resource;
  EXPECT_TRUE(has(o.message, "expected the VPCs' CIDRs not to overlap, got 10.0.0.0/16 (" +
                                 w.ref("vpc.primary.id") + ") overlapping 10.0.128.0/17"))
      << o.message;
}

TEST(CidrOverlap, FailsWhenAVpcIsGone) {
  ValidateWorld w("003");
  w.deployment.primary_vpc_id = "vpc-0000000000000dead";
  auto o = w.run("networking.cidr-overlap");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, "vpc-0000000000000dead");
  EXPECT_TRUE(has(o.message, "expected VPC vpc-0000000000000dead to exist")) << o.message;
}

TEST(CidrOverlap, SkippedWithoutVpcIds) {
  ValidateWorld w("002");  // its outputs name no VPC
  auto o = w.run("networking.cidr-overlap");
  EXPECT_EQ(o.verdict, Verdict::kSkipped);
  EXPECT_TRUE(has(o.message, "PrimaryVpcId")) << o.message;
}

TEST(CidrOverlap, ErrorWhenTheRegionIsDown) {
  ValidateWorld w("004");
  outage(w, w.deployment.primary_region);
  auto o = w.run("networking.cidr-overlap");
  EXPECT_EQ(o.verdict, Verdict::kError) << o.message;
  EXPECT_EQ(o.error_code, "ServiceUnavailable");
  EXPECT_EQ(o.resource, w.ref("vpc.primary.id"));
}

}  // namespace
}  // namespace drh::validate

namespace drh::validate {
namespace {

// Every networking check reports an outage as ERROR, never FAIL or PASS.
TEST(NetworkingChecks, EveryCheckIsAnErrorWhenThePrimaryRegionIsDown) {
  testing::ValidateWorld w("003");
  outage(w, w.deployment.primary_region);
  for (const auto& c : networking_checks()) {
    auto o = w.run(c.id);
    EXPECT_EQ(o.verdict, Verdict::kError) << c.id << ": " << o.message;
    EXPECT_EQ(o.error_code, "ServiceUnavailable") << c.id;
    EXPECT_TRUE(has(o.message, "us-east-1")) << c.id << ": " << o.message;
  }
}

}  // namespace
}  // namespace drh::validate
