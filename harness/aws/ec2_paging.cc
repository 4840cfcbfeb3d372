// "All pages" forms of the EC2 describe operations, driven by NextToken.
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "drh/aws/ec2.h"

namespace drh::aws {

namespace {

// Tokens are opaque and can run to hundreds of characters: enough to tell them apart.
std::string short_token(const std::string& token) {
  constexpr std::size_t kMax = 40;
  return token.size() <= kMax ? token : token.substr(0, kMax) + "...";
}

// Calls `fetch` page after page, each time with the NextToken of the page before, and
// concatenates `items` of every page.
template <typename Request, typename Page, typename Item, typename Fetch>
Result<std::vector<Item>> all_pages(std::string_view operation, Request request, Fetch fetch,
                                    std::vector<Item> Page::*items) {
  std::vector<Item> all;
  std::set<std::string> seen;
  if (!request.NextToken.empty()) seen.insert(request.NextToken);
  for (std::size_t pages = 1;; ++pages) {
    Result<Page> page = fetch(static_cast<const Request&>(request));
    if (!page) return std::move(page).error();
    std::vector<Item>& got = (*page).*items;
    all.insert(all.end(), std::make_move_iterator(got.begin()), std::make_move_iterator(got.end()));
    if (page->NextToken.empty()) return all;
    if (!seen.insert(page->NextToken).second) {
      return make_error(ErrorKind::kDecode, "RepeatedPageToken",
                        std::string(operation) + " answered page " + std::to_string(pages) +
                            " with NextToken '" + short_token(page->NextToken) +
                            "', a token it had already given: stopped rather than loop");
    }
    request.NextToken = std::move(page->NextToken);
  }
}

}  // namespace

Result<std::vector<Vpc>> Ec2Api::DescribeVpcsAll(std::string_view region,
                                                 const DescribeVpcsRequest& request) {
  return all_pages(
      "DescribeVpcs", request,
      [&](const DescribeVpcsRequest& r) { return DescribeVpcs(region, r); },
      &DescribeVpcsResult::Vpcs);
}

Result<std::vector<Subnet>> Ec2Api::DescribeSubnetsAll(std::string_view region,
                                                       const DescribeSubnetsRequest& request) {
  return all_pages(
      "DescribeSubnets", request,
      [&](const DescribeSubnetsRequest& r) { return DescribeSubnets(region, r); },
      &DescribeSubnetsResult::Subnets);
}

Result<std::vector<RouteTable>> Ec2Api::DescribeRouteTablesAll(
    std::string_view region, const DescribeRouteTablesRequest& request) {
  return all_pages(
      "DescribeRouteTables", request,
      [&](const DescribeRouteTablesRequest& r) { return DescribeRouteTables(region, r); },
      &DescribeRouteTablesResult::RouteTables);
}

Result<std::vector<SecurityGroup>> Ec2Api::DescribeSecurityGroupsAll(
    std::string_view region, const DescribeSecurityGroupsRequest& request) {
  return all_pages(
      "DescribeSecurityGroups", request,
      [&](const DescribeSecurityGroupsRequest& r) { return DescribeSecurityGroups(region, r); },
      &DescribeSecurityGroupsResult::SecurityGroups);
}

Result<std::vector<VpcPeeringConnection>> Ec2Api::DescribeVpcPeeringConnectionsAll(
    std::string_view region, const DescribeVpcPeeringConnectionsRequest& request) {
  return all_pages(
      "DescribeVpcPeeringConnections", request,
      [&](const DescribeVpcPeeringConnectionsRequest& r) {
        return DescribeVpcPeeringConnections(region, r);
      },
      &DescribeVpcPeeringConnectionsResult::VpcPeeringConnections);
}

}  // namespace drh::aws
