// The "all pages" forms of the EC2 describe operations: NextToken followed over scripted
// pages through the real client, and over a GoogleMock Ec2Api.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "aws/mock_ec2.h"
#include "drh/aws/ec2.h"
#include "scripted_transport.h"

namespace drh::aws {
namespace {

using drh::testing::form_value;
using drh::testing::ScriptedTransport;
using ::testing::_;
using ::testing::Field;
using ::testing::Return;

// One page of DescribeVpcs as EC2 writes it: the ids given, then nextToken when not last.
std::string vpc_page(const std::vector<std::string>& ids, const std::string& next_token) {
  std::string xml =
      "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
      "<requestId>r</requestId><vpcSet>";
  for (const auto& id : ids) {
    xml += "<item><vpcId>" + id + "</vpcId><state>available</state></item>";
  }
  xml += "</vpcSet>";
  if (!next_token.empty()) xml += "<nextToken>" + next_token + "</nextToken>";
  return xml + "</DescribeVpcsResponse>";
}

std::string peering_page(const std::vector<std::string>& ids, const std::string& next_token) {
  std::string xml = "<DescribeVpcPeeringConnectionsResponse><vpcPeeringConnectionSet>";
  for (const auto& id : ids) {
    xml += "<item><vpcPeeringConnectionId>" + id +
           "</vpcPeeringConnectionId><status><code>active</code></status></item>";
  }
  xml += "</vpcPeeringConnectionSet>";
  if (!next_token.empty()) xml += "<nextToken>" + next_token + "</nextToken>";
  return xml + "</DescribeVpcPeeringConnectionsResponse>";
}

class Ec2PagingTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedTransport> transport_ = std::make_shared<ScriptedTransport>();
  ManualClock clock_;
  std::unique_ptr<AwsConnection> connection_ =
      drh::testing::scripted_connection(transport_, clock_);
  Ec2Client ec2_{*connection_};
};

TEST_F(Ec2PagingTest, DescribeVpcsAllFollowsNextTokenOverThreePages) {
  // EC2 tokens are long opaque strings with characters that need form encoding.
  const std::string token1 = "eyJ2IjoiMiIsImMiOiJhYmMifQ==/+1";
  const std::string token2 = "eyJ2IjoiMiIsImMiOiJkZWYifQ==/+2";
  transport_->respond(vpc_page({"vpc-1", "vpc-2"}, token1));
  transport_->respond(vpc_page({"vpc-3", "vpc-4"}, token2));
  transport_->respond(vpc_page({"vpc-5"}, ""));

  DescribeVpcsRequest request;
  request.Filters = {{"tag:dr:stack", {"orders"}}};
  request.MaxResults = 5;
  auto all = ec2_.DescribeVpcsAll("us-west-2", request);
  ASSERT_TRUE(all.ok()) << all.error().describe();

  std::vector<std::string> ids;
  for (const Vpc& v : *all) ids.push_back(v.VpcId);
  EXPECT_EQ(ids, (std::vector<std::string>{"vpc-1", "vpc-2", "vpc-3", "vpc-4", "vpc-5"}));

  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(form_value(requests[0], "NextToken"), "");
  EXPECT_EQ(form_value(requests[1], "NextToken"), token1);
  EXPECT_EQ(form_value(requests[2], "NextToken"), token2);
  for (const HttpRequest& r : requests) {
    EXPECT_EQ(form_value(r, "MaxResults"), "5");
    EXPECT_EQ(form_value(r, "Filter.1.Name"), "tag:dr:stack");
    EXPECT_EQ(form_value(r, "Filter.1.Value.1"), "orders");
    EXPECT_NE(r.headers.get("Authorization")->find("/us-west-2/ec2/"), std::string::npos);
  }
}

TEST_F(Ec2PagingTest, DescribeVpcPeeringConnectionsAllOverThreePagesStartingFromAToken) {
  transport_->respond(peering_page({"pcx-1"}, "t2"));
  transport_->respond(peering_page({}, "t3"));  // EC2 may send an empty page mid-way
  transport_->respond(peering_page({"pcx-2", "pcx-3"}, ""));
  DescribeVpcPeeringConnectionsRequest request;
  request.NextToken = "t1";
  auto all = ec2_.DescribeVpcPeeringConnectionsAll("us-east-1", request);
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[2].VpcPeeringConnectionId, "pcx-3");
  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(form_value(requests[0], "NextToken"), "t1");
  EXPECT_EQ(form_value(requests[1], "NextToken"), "t2");
  EXPECT_EQ(form_value(requests[2], "NextToken"), "t3");
}

TEST_F(Ec2PagingTest, ARepeatedTokenStopsTheWalkWithADecodeError) {
  transport_->respond(vpc_page({"vpc-1"}, "same"));
  transport_->respond(vpc_page({"vpc-2"}, "other"));
  transport_->respond(vpc_page({"vpc-3"}, "same"));
  transport_->respond(vpc_page({"vpc-4"}, ""));  // never asked for
  auto all = ec2_.DescribeVpcsAll("us-east-1");
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(all.error().code, "RepeatedPageToken");
  EXPECT_NE(all.error().message.find("DescribeVpcs answered page 3 with NextToken 'same'"),
            std::string::npos)
      << all.error().message;
  EXPECT_EQ(transport_->requests().size(), 3u);
  EXPECT_EQ(transport_->pending(), 1u);
}

TEST_F(Ec2PagingTest, HandingBackTheStartingTokenIsARepeatToo) {
  transport_->respond(vpc_page({"vpc-1"}, "start"));
  auto all = ec2_.DescribeVpcsAll("us-east-1", {.NextToken = "start"});
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, "RepeatedPageToken");
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(Ec2PagingTest, AnErrorOnALaterPageIsReturnedAsIs) {
  transport_->respond(vpc_page({"vpc-1"}, "t2"));
  transport_->respond(
      "<Response><Errors><Error><Code>InvalidPaginationToken</Code><Message>The token t2 is "
      "expired.</Message></Error></Errors><RequestID>r</RequestID></Response>",
      400);
  auto all = ec2_.DescribeVpcsAll("us-east-1");
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().kind, ErrorKind::kAws);
  EXPECT_EQ(all.error().code, "InvalidPaginationToken");
}

TEST_F(Ec2PagingTest, LongTokensAreCutInTheMessage) {
  const std::string long_token(300, 'x');
  transport_->respond(vpc_page({"vpc-1"}, long_token));
  transport_->respond(vpc_page({"vpc-2"}, long_token));
  auto all = ec2_.DescribeVpcsAll("us-east-1");
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().message.find(long_token), std::string::npos);
  EXPECT_NE(all.error().message.find(std::string(40, 'x') + "..."), std::string::npos);
}

// The "all pages" forms live on Ec2Api, so a mock gets them from its single-page calls.
TEST(Ec2PagingOverMock, SubnetsRouteTablesAndSecurityGroupsFollowTheirTokens) {
  MockEc2Api api;
  ::testing::InSequence pages;

  EXPECT_CALL(api, DescribeSubnets("eu-west-1", Field(&DescribeSubnetsRequest::NextToken, "")))
      .WillOnce(Return(DescribeSubnetsResult{{Subnet{.SubnetId = "subnet-1"}}, "s2"}));
  EXPECT_CALL(api, DescribeSubnets("eu-west-1", Field(&DescribeSubnetsRequest::NextToken, "s2")))
      .WillOnce(Return(DescribeSubnetsResult{{Subnet{.SubnetId = "subnet-2"}}, "s3"}));
  EXPECT_CALL(api, DescribeSubnets("eu-west-1", Field(&DescribeSubnetsRequest::NextToken, "s3")))
      .WillOnce(Return(DescribeSubnetsResult{{Subnet{.SubnetId = "subnet-3"}}, ""}));

  EXPECT_CALL(api, DescribeRouteTables("eu-west-1", _))
      .WillOnce(Return(DescribeRouteTablesResult{{RouteTable{.RouteTableId = "rtb-1"}}, "r2"}))
      .WillOnce(Return(DescribeRouteTablesResult{{RouteTable{.RouteTableId = "rtb-2"}}, "r3"}))
      .WillOnce(Return(DescribeRouteTablesResult{{RouteTable{.RouteTableId = "rtb-3"}}, ""}));

  EXPECT_CALL(api, DescribeSecurityGroups("eu-west-1", _))
      .WillOnce(Return(DescribeSecurityGroupsResult{{SecurityGroup{.GroupId = "sg-1"}}, "g2"}))
      .WillOnce(Return(DescribeSecurityGroupsResult{{}, "g3"}))
      .WillOnce(Return(DescribeSecurityGroupsResult{
          {SecurityGroup{.GroupId = "sg-2"}, SecurityGroup{.GroupId = "sg-3"}}, ""}));

  auto subnets = api.DescribeSubnetsAll("eu-west-1");
  ASSERT_TRUE(subnets.ok()) << subnets.error().describe();
  ASSERT_EQ(subnets->size(), 3u);
  EXPECT_EQ((*subnets)[2].SubnetId, "subnet-3");

  auto tables = api.DescribeRouteTablesAll("eu-west-1");
  ASSERT_TRUE(tables.ok()) << tables.error().describe();
  ASSERT_EQ(tables->size(), 3u);
  EXPECT_EQ((*tables)[1].RouteTableId, "rtb-2");

  auto groups = api.DescribeSecurityGroupsAll("eu-west-1");
  ASSERT_TRUE(groups.ok()) << groups.error().describe();
  ASSERT_EQ(groups->size(), 3u);
  EXPECT_EQ((*groups)[0].GroupId, "sg-1");
}

}  // namespace
}  // namespace drh::aws
