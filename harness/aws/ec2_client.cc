// Ec2Client: encode, send through the connection, decode.
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <random>
#include <string>

#include "drh/aws/ec2.h"
#include "ec2_codec.h"
#include "service_call.h"

namespace drh::aws {

namespace {

constexpr std::string_view kService = "ec2";

template <typename Decode>
auto call(AwsConnection& connection, std::string_view region, std::string_view operation,
          Result<QueryParams> params, Decode decode) -> decltype(decode(HttpResponse{})) {
  if (!params) return params.error();
  auto response = send_query(connection, kService, region, operation, *params);
  if (!response) return response.error();
  return decode(*response);
}

// A random UUID (version 4), the form botocore uses for idempotency tokens.
std::string random_client_token() {
  static std::mutex mutex;
  static std::mt19937_64 rng{std::random_device{}()};
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  {
    std::lock_guard lock(mutex);
    hi = rng();
    lo = rng();
  }
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

}  // namespace

bool is_ec2_not_found(const Error& error) {
  return error.kind == ErrorKind::kAws && error.code.ends_with(".NotFound");
}

Result<DescribeVpcsResult> Ec2Client::DescribeVpcs(std::string_view region,
                                                   const DescribeVpcsRequest& request) {
  return call(connection_, region, "DescribeVpcs", encode_DescribeVpcs(request),
              decode_DescribeVpcs);
}

Result<CreateVpcResult> Ec2Client::CreateVpc(std::string_view region,
                                             const CreateVpcRequest& request) {
  return call(connection_, region, "CreateVpc", encode_CreateVpc(request), decode_CreateVpc);
}

Status Ec2Client::DeleteVpc(std::string_view region, const DeleteVpcRequest& request) {
  return call(connection_, region, "DeleteVpc", encode_DeleteVpc(request), decode_DeleteVpc);
}

Result<DescribeSubnetsResult> Ec2Client::DescribeSubnets(std::string_view region,
                                                         const DescribeSubnetsRequest& request) {
  return call(connection_, region, "DescribeSubnets", encode_DescribeSubnets(request),
              decode_DescribeSubnets);
}

Result<CreateSubnetResult> Ec2Client::CreateSubnet(std::string_view region,
                                                   const CreateSubnetRequest& request) {
  return call(connection_, region, "CreateSubnet", encode_CreateSubnet(request),
              decode_CreateSubnet);
}

Status Ec2Client::DeleteSubnet(std::string_view region, const DeleteSubnetRequest& request) {
  return call(connection_, region, "DeleteSubnet", encode_DeleteSubnet(request),
              decode_DeleteSubnet);
}

Result<DescribeRouteTablesResult> Ec2Client::DescribeRouteTables(
    std::string_view region, const DescribeRouteTablesRequest& request) {
  return call(connection_, region, "DescribeRouteTables", encode_DescribeRouteTables(request),
              decode_DescribeRouteTables);
}

Result<CreateRouteTableResult> Ec2Client::CreateRouteTable(std::string_view region,
                                                           const CreateRouteTableRequest& request) {
  // The token is chosen once, before the retry loop, so every attempt carries the same one.
  CreateRouteTableRequest with_token = request;
  if (with_token.ClientToken.empty()) with_token.ClientToken = random_client_token();
  return call(connection_, region, "CreateRouteTable", encode_CreateRouteTable(with_token),
              decode_CreateRouteTable);
}

Status Ec2Client::DeleteRouteTable(std::string_view region,
                                   const DeleteRouteTableRequest& request) {
  return call(connection_, region, "DeleteRouteTable", encode_DeleteRouteTable(request),
              decode_DeleteRouteTable);
}

Result<AssociateRouteTableResult> Ec2Client::AssociateRouteTable(
    std::string_view region, const AssociateRouteTableRequest& request) {
  return call(connection_, region, "AssociateRouteTable", encode_AssociateRouteTable(request),
              decode_AssociateRouteTable);
}

Status Ec2Client::DisassociateRouteTable(std::string_view region,
                                         const DisassociateRouteTableRequest& request) {
  return call(connection_, region, "DisassociateRouteTable", encode_DisassociateRouteTable(request),
              decode_DisassociateRouteTable);
}

Result<CreateRouteResult> Ec2Client::CreateRoute(std::string_view region,
                                                 const CreateRouteRequest& request) {
  return call(connection_, region, "CreateRoute", encode_CreateRoute(request), decode_CreateRoute);
}

Status Ec2Client::DeleteRoute(std::string_view region, const DeleteRouteRequest& request) {
  return call(connection_, region, "DeleteRoute", encode_DeleteRoute(request), decode_DeleteRoute);
}

Result<DescribeSecurityGroupsResult> Ec2Client::DescribeSecurityGroups(
    std::string_view region, const DescribeSecurityGroupsRequest& request) {
  return call(connection_, region, "DescribeSecurityGroups", encode_DescribeSecurityGroups(request),
              decode_DescribeSecurityGroups);
}

Result<DescribeVpcPeeringConnectionsResult> Ec2Client::DescribeVpcPeeringConnections(
    std::string_view region, const DescribeVpcPeeringConnectionsRequest& request) {
  return call(connection_, region, "DescribeVpcPeeringConnections",
              encode_DescribeVpcPeeringConnections(request), decode_DescribeVpcPeeringConnections);
}

Result<CreateVpcPeeringConnectionResult> Ec2Client::CreateVpcPeeringConnection(
    std::string_view region, const CreateVpcPeeringConnectionRequest& request) {
  return call(connection_, region, "CreateVpcPeeringConnection",
              encode_CreateVpcPeeringConnection(request), decode_CreateVpcPeeringConnection);
}

Result<AcceptVpcPeeringConnectionResult> Ec2Client::AcceptVpcPeeringConnection(
    std::string_view region, const AcceptVpcPeeringConnectionRequest& request) {
  return call(connection_, region, "AcceptVpcPeeringConnection",
              encode_AcceptVpcPeeringConnection(request), decode_AcceptVpcPeeringConnection);
}

Result<RejectVpcPeeringConnectionResult> Ec2Client::RejectVpcPeeringConnection(
    std::string_view region, const RejectVpcPeeringConnectionRequest& request) {
  return call(connection_, region, "RejectVpcPeeringConnection",
              encode_RejectVpcPeeringConnection(request), decode_RejectVpcPeeringConnection);
}

Result<DeleteVpcPeeringConnectionResult> Ec2Client::DeleteVpcPeeringConnection(
    std::string_view region, const DeleteVpcPeeringConnectionRequest& request) {
  return call(connection_, region, "DeleteVpcPeeringConnection",
              encode_DeleteVpcPeeringConnection(request), decode_DeleteVpcPeeringConnection);
}

Status Ec2Client::CreateTags(std::string_view region, const CreateTagsRequest& request) {
  return call(connection_, region, "CreateTags", encode_CreateTags(request), decode_CreateTags);
}

}  // namespace drh::aws
