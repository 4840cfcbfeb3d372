// The typed decoders and to_json() against botocore: for every wire sample with output,
// decode it and print it as JSON, and compare with botocore's own parse of the same sample
// (fixtures/wire/ec2/expected/, made by regenerate.py there).
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "../../harness/aws/ec2_codec.h"
#include "../../harness/aws/ec2_json.h"
#include "scripted_transport.h"

namespace drh::aws {
namespace {

using drh::testing::wire_sample;
using nlohmann::json;

// Botocore keeps a list the answer carried empty (<tagSet/> is "Tags": []) where to_json
// leaves it out; with empty lists dropped on both sides everything else must match.
json without_empty_lists(const json& j) {
  if (j.is_object()) {
    json out = json::object();
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.value().is_array() && it.value().empty()) continue;
      out[it.key()] = without_empty_lists(it.value());
    }
    return out;
  }
  if (j.is_array()) {
    json out = json::array();
    for (const json& item : j) out.push_back(without_empty_lists(item));
    return out;
  }
  return j;
}

template <typename Decode>
std::function<Result<json>(const HttpResponse&)> typed(Decode decode) {
  return [decode](const HttpResponse& response) -> Result<json> {
    auto r = decode(response);
    if (!r) return r.error();
    return to_json(*r);
  };
}

struct Case {
  const char* operation;
  std::function<Result<json>(const HttpResponse&)> decode_and_print;
};

class Ec2JsonTest : public ::testing::TestWithParam<Case> {};

TEST_P(Ec2JsonTest, MatchesBotocoresParseOfTheSameSample) {
  const Case& c = GetParam();
  HttpResponse response;
  response.status = 200;
  response.body = wire_sample("ec2/" + std::string(c.operation) + ".xml");
  auto printed = c.decode_and_print(response);
  ASSERT_TRUE(printed.ok()) << printed.error().describe();
  json expected = json::parse(wire_sample("ec2/expected/" + std::string(c.operation) + ".json"));
  EXPECT_EQ(without_empty_lists(*printed), without_empty_lists(expected))
      << "drharness: " << printed->dump(2) << "\nbotocore: " << expected.dump(2);
}

INSTANTIATE_TEST_SUITE_P(
    EveryOperationWithOutput, Ec2JsonTest,
    ::testing::Values(Case{"DescribeVpcs", typed(decode_DescribeVpcs)},
                      Case{"CreateVpc", typed(decode_CreateVpc)},
                      Case{"DescribeSubnets", typed(decode_DescribeSubnets)},
                      Case{"CreateSubnet", typed(decode_CreateSubnet)},
                      Case{"DescribeRouteTables", typed(decode_DescribeRouteTables)},
                      Case{"CreateRouteTable", typed(decode_CreateRouteTable)},
                      Case{"AssociateRouteTable", typed(decode_AssociateRouteTable)},
                      Case{"CreateRoute", typed(decode_CreateRoute)},
                      Case{"DescribeSecurityGroups", typed(decode_DescribeSecurityGroups)},
                      Case{"DescribeVpcPeeringConnections",
                           typed(decode_DescribeVpcPeeringConnections)},
                      Case{"CreateVpcPeeringConnection", typed(decode_CreateVpcPeeringConnection)},
                      Case{"AcceptVpcPeeringConnection", typed(decode_AcceptVpcPeeringConnection)},
                      Case{"RejectVpcPeeringConnection", typed(decode_RejectVpcPeeringConnection)},
                      Case{"DeleteVpcPeeringConnection", typed(decode_DeleteVpcPeeringConnection)}),
    [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.operation); });

TEST(Ec2Json, DescribeResultsAlwaysCarryTheirListAndOnlyANonEmptyToken) {
  DescribeVpcsResult empty;
  EXPECT_EQ(to_json(empty), json::parse(R"({"Vpcs": []})"));
  DescribeVpcPeeringConnectionsResult paged;
  paged.NextToken = "t2";
  EXPECT_EQ(to_json(paged), json::parse(R"({"VpcPeeringConnections": [], "NextToken": "t2"})"));
}

TEST(Ec2Json, UnsetOptionalsAreLeftOut) {
  IpPermission all_traffic;
  all_traffic.IpProtocol = "-1";
  SecurityGroup g;
  g.GroupId = "sg-1";
  g.IpPermissionsEgress = {all_traffic};
  json j = to_json(g);
  const json& egress = j.at("IpPermissionsEgress").at(0);
  EXPECT_FALSE(egress.contains("FromPort"));
  EXPECT_FALSE(egress.contains("ToPort"));
  EXPECT_EQ(egress.at("IpProtocol"), "-1");
  EXPECT_FALSE(j.contains("Tags"));
  EXPECT_FALSE(j.contains("VpcId"));
}

}  // namespace
}  // namespace drh::aws
