// Amazon EC2 (API 2016-11-15): the network side of a DR stack — VPCs, subnets, route
// tables, security groups and (cross-region) VPC peering.
//
// Ec2Api is the interface suites, drills and users' own tests call (GoogleMock stands in
// for it: mocks/aws/mock_ec2.h); Ec2Client implements it over an AwsConnection. Every call
// takes the region it is made in. Structures and members carry botocore's names (Vpc,
// CidrBlockAssociationSet, VpcPeeringConnectionId ...), not the camelCase element names of
// the EC2 wire format; enumerations stay strings with AWS's values ("available",
// "pending-acceptance", "blackhole").
//
// Requests: an empty string or list is not sent, an unset std::optional is not sent.
// Members botocore marks required are checked before anything is sent (kInvalidInput).
// Every member has a default initializer ({}), so designated initializers that name only
// the members a call needs stay warning-free under -Wextra (-Wmissing-field-initializers).
//
//   Ec2Client ec2(connection);
//   auto peering = ec2.CreateVpcPeeringConnection(
//       "us-east-1", {.VpcId = primary, .PeerVpcId = secondary, .PeerRegion = "us-west-2"});
//   ec2.AcceptVpcPeeringConnection("us-west-2",
//                                  {.VpcPeeringConnectionId = peering->VpcPeeringConnection
//                                                                 .VpcPeeringConnectionId});
//   WaitUntilVpcPeeringConnectionActive(ec2, clock, "us-east-1", id);
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drh/aws/common.h"
#include "drh/aws/waiter.h"
#include "drh/client/connection.h"
#include "drh/core/clock.h"
#include "drh/core/result.h"

namespace drh::aws {

// ------------------------------------------------------------------ shared request parts

/// Tags to put on a resource as it is created (TagSpecification.N on the wire).
struct TagSpecification {
  std::string ResourceType{};  ///< "vpc", "subnet", "route-table", "vpc-peering-connection"...
  std::vector<Tag> Tags{};
};

// ------------------------------------------------------------------ VPCs

/// State of one CIDR association of a VPC (associating, associated, disassociating ...).
struct VpcCidrBlockState {
  std::string State{};
  std::string StatusMessage{};
};

struct VpcCidrBlockAssociation {
  std::string AssociationId{};
  std::string CidrBlock{};
  VpcCidrBlockState CidrBlockState{};
};

struct VpcIpv6CidrBlockAssociation {
  std::string AssociationId{};
  std::string Ipv6CidrBlock{};
  VpcCidrBlockState Ipv6CidrBlockState{};
  std::string NetworkBorderGroup{};
  std::string Ipv6Pool{};
};

struct Vpc {
  std::string VpcId{};
  std::string OwnerId{};
  std::string State{};  ///< pending | available
  std::string CidrBlock{};
  std::string DhcpOptionsId{};
  std::string InstanceTenancy{};  ///< default | dedicated | host
  bool IsDefault = false;
  std::vector<VpcCidrBlockAssociation> CidrBlockAssociationSet{};
  std::vector<VpcIpv6CidrBlockAssociation> Ipv6CidrBlockAssociationSet{};
  std::vector<Tag> Tags{};
};

struct DescribeVpcsRequest {
  /// e.g. {"tag:Name", {"orders-primary"}}, {"is-default", {"true"}}
  std::vector<Filter> Filters{};
  std::vector<std::string> VpcIds{};
  std::string NextToken{};
  std::optional<std::int32_t> MaxResults{};  ///< 5-1000; not allowed together with VpcIds
  std::optional<bool> DryRun{};
};

struct DescribeVpcsResult {
  std::vector<Vpc> Vpcs{};
  std::string NextToken{};  ///< empty on the last page
};

struct CreateVpcRequest {
  std::string CidrBlock{};
  std::optional<bool> AmazonProvidedIpv6CidrBlock{};
  std::string Ipv6Pool{};
  std::string Ipv6CidrBlock{};
  std::string Ipv6CidrBlockNetworkBorderGroup{};
  std::string Ipv4IpamPoolId{};
  std::optional<std::int32_t> Ipv4NetmaskLength{};
  std::string InstanceTenancy{};
  std::vector<TagSpecification> TagSpecifications{};
  std::optional<bool> DryRun{};
};

// Members named like their type are declared with the qualified type: unqualified, the
// member would change what the name means inside the struct (ill-formed, and GCC says so).
struct CreateVpcResult {
  aws::Vpc Vpc{};
};

struct DeleteVpcRequest {
  std::string VpcId{};  ///< required
  std::optional<bool> DryRun{};
};

// ------------------------------------------------------------------ subnets

struct SubnetCidrBlockState {
  std::string State{};
  std::string StatusMessage{};
};

struct SubnetIpv6CidrBlockAssociation {
  std::string AssociationId{};
  std::string Ipv6CidrBlock{};
  SubnetCidrBlockState Ipv6CidrBlockState{};
};

struct Subnet {
  std::string SubnetId{};
  std::string SubnetArn{};
  std::string VpcId{};
  std::string OwnerId{};
  std::string State{};  ///< pending | available | unavailable | failed ...
  std::string CidrBlock{};
  std::string AvailabilityZone{};
  std::string AvailabilityZoneId{};
  std::optional<std::int32_t> AvailableIpAddressCount{};
  bool DefaultForAz = false;
  bool MapPublicIpOnLaunch = false;
  bool AssignIpv6AddressOnCreation = false;
  bool Ipv6Native = false;
  std::vector<SubnetIpv6CidrBlockAssociation> Ipv6CidrBlockAssociationSet{};
  std::vector<Tag> Tags{};
};

struct DescribeSubnetsRequest {
  std::vector<Filter> Filters{};  ///< e.g. {"vpc-id", {vpc}}, {"availability-zone", {...}}
  std::vector<std::string> SubnetIds{};
  std::string NextToken{};
  std::optional<std::int32_t> MaxResults{};  ///< 5-1000
  std::optional<bool> DryRun{};
};

struct DescribeSubnetsResult {
  std::vector<Subnet> Subnets{};
  std::string NextToken{};
};

struct CreateSubnetRequest {
  std::string VpcId{};  ///< required
  std::string CidrBlock{};
  std::string Ipv6CidrBlock{};
  std::string AvailabilityZone{};
  std::string AvailabilityZoneId{};
  std::optional<bool> Ipv6Native{};
  std::vector<TagSpecification> TagSpecifications{};
  std::optional<bool> DryRun{};
};

struct CreateSubnetResult {
  aws::Subnet Subnet{};
};

struct DeleteSubnetRequest {
  std::string SubnetId{};  ///< required
  std::optional<bool> DryRun{};
};

// ------------------------------------------------------------------ route tables

struct Route {
  std::string DestinationCidrBlock{};
  std::string DestinationIpv6CidrBlock{};
  std::string DestinationPrefixListId{};
  std::string GatewayId{};  ///< "local" for the VPC's own range
  std::string InstanceId{};
  std::string NatGatewayId{};
  std::string TransitGatewayId{};
  std::string NetworkInterfaceId{};
  std::string EgressOnlyInternetGatewayId{};
  std::string VpcPeeringConnectionId{};
  std::string Origin{};  ///< CreateRouteTable | CreateRoute | EnableVgwRoutePropagation
  std::string State;     ///< active | blackhole (target gone, e.g. peering deleted)
};

struct RouteTableAssociationState {
  std::string State{};  ///< associating | associated | disassociating | disassociated | failed
  std::string StatusMessage{};
};

struct RouteTableAssociation {
  bool Main = false;  ///< the VPC's main route table (no subnet of its own)
  std::string RouteTableAssociationId{};
  std::string RouteTableId{};
  std::string SubnetId{};
  std::string GatewayId{};
  RouteTableAssociationState AssociationState{};
};

struct PropagatingVgw {
  std::string GatewayId{};
};

struct RouteTable {
  std::string RouteTableId{};
  std::string VpcId{};
  std::string OwnerId{};
  std::vector<Route> Routes{};
  std::vector<RouteTableAssociation> Associations{};
  std::vector<PropagatingVgw> PropagatingVgws{};
  std::vector<Tag> Tags{};
};

struct DescribeRouteTablesRequest {
  /// e.g. {"vpc-id", {vpc}}, {"association.main", {"true"}},
  /// {"route.vpc-peering-connection-id", {pcx}}
  std::vector<Filter> Filters{};
  std::vector<std::string> RouteTableIds{};
  std::string NextToken{};
  std::optional<std::int32_t> MaxResults{};  ///< 5-100
  std::optional<bool> DryRun{};
};

struct DescribeRouteTablesResult {
  std::vector<RouteTable> RouteTables{};
  std::string NextToken{};
};

struct CreateRouteTableRequest {
  std::string VpcId{};  ///< required
  std::vector<TagSpecification> TagSpecifications{};
  /// Idempotency token; Ec2Client fills in a random one when empty (as botocore does), so
  /// a retried request cannot create a second table.
  std::string ClientToken{};
  std::optional<bool> DryRun{};
};

struct CreateRouteTableResult {
  aws::RouteTable RouteTable{};
  std::string ClientToken{};
};

struct DeleteRouteTableRequest {
  std::string RouteTableId{};  ///< required
  std::optional<bool> DryRun{};
};

struct AssociateRouteTableRequest {
  std::string RouteTableId{};  ///< required
  std::string SubnetId{};      ///< the subnet, or
  std::string GatewayId{};     ///< an internet or virtual private gateway
  std::optional<bool> DryRun{};
};

struct AssociateRouteTableResult {
  std::string AssociationId{};
  RouteTableAssociationState AssociationState{};
};

struct DisassociateRouteTableRequest {
  std::string AssociationId{};  ///< required
  std::optional<bool> DryRun{};
};

/// One destination (CIDR, IPv6 CIDR or prefix list) and one target.
struct CreateRouteRequest {
  std::string RouteTableId{};  ///< required
  std::string DestinationCidrBlock{};
  std::string DestinationIpv6CidrBlock{};
  std::string DestinationPrefixListId{};
  std::string GatewayId{};
  std::string InstanceId{};
  std::string NatGatewayId{};
  std::string TransitGatewayId{};
  std::string NetworkInterfaceId{};
  std::string EgressOnlyInternetGatewayId{};
  std::string VpcPeeringConnectionId{};
  std::string VpcEndpointId{};
  std::optional<bool> DryRun{};
};

struct CreateRouteResult {
  bool Return = false;
};

struct DeleteRouteRequest {
  std::string RouteTableId{};  ///< required
  std::string DestinationCidrBlock{};
  std::string DestinationIpv6CidrBlock{};
  std::string DestinationPrefixListId{};
  std::optional<bool> DryRun{};
};

// ------------------------------------------------------------------ security groups

struct UserIdGroupPair {
  std::string Description{};
  std::string UserId{};
  std::string GroupName{};
  std::string GroupId{};
  std::string VpcId{};
  std::string VpcPeeringConnectionId{};
  std::string PeeringStatus{};
};

struct IpRange {
  std::string CidrIp{};
  std::string Description{};
};

struct Ipv6Range {
  std::string CidrIpv6{};
  std::string Description{};
};

struct PrefixListId {
  std::string PrefixListId{};
  std::string Description{};
};

struct IpPermission {
  std::string IpProtocol{};                ///< "tcp", "udp", "icmp", or "-1" for all
  std::optional<std::int32_t> FromPort{};  ///< absent for "-1"
  std::optional<std::int32_t> ToPort{};
  std::vector<UserIdGroupPair> UserIdGroupPairs{};
  std::vector<IpRange> IpRanges{};
  std::vector<Ipv6Range> Ipv6Ranges{};
  std::vector<PrefixListId> PrefixListIds{};
};

struct SecurityGroup {
  std::string GroupId{};
  std::string GroupName{};
  std::string Description{};
  std::string VpcId{};
  std::string OwnerId{};
  std::string SecurityGroupArn{};
  std::vector<IpPermission> IpPermissions{};        ///< inbound
  std::vector<IpPermission> IpPermissionsEgress{};  ///< outbound
  std::vector<Tag> Tags{};
};

struct DescribeSecurityGroupsRequest {
  std::vector<Filter> Filters{};  ///< e.g. {"vpc-id", {vpc}}, {"group-name", {"default"}}
  std::vector<std::string> GroupIds{};
  std::vector<std::string> GroupNames{};  ///< default VPC only; use a group-name filter otherwise
  std::string NextToken{};
  std::optional<std::int32_t> MaxResults{};  ///< 5-1000
  std::optional<bool> DryRun{};
};

struct DescribeSecurityGroupsResult {
  std::vector<SecurityGroup> SecurityGroups{};
  std::string NextToken{};
};

// ------------------------------------------------------------------ VPC peering

struct VpcPeeringConnectionOptionsDescription {
  std::optional<bool> AllowDnsResolutionFromRemoteVpc{};
  std::optional<bool> AllowEgressFromLocalClassicLinkToRemoteVpc{};
  std::optional<bool> AllowEgressFromLocalVpcToRemoteClassicLink{};
};

/// One entry of VpcPeeringConnectionVpcInfo::CidrBlockSet (botocore shape CidrBlock).
struct PeeringCidrBlock {
  std::string CidrBlock{};
};

/// One entry of VpcPeeringConnectionVpcInfo::Ipv6CidrBlockSet (botocore shape Ipv6CidrBlock).
struct PeeringIpv6CidrBlock {
  std::string Ipv6CidrBlock{};
};

/// One side of a peering connection.
struct VpcPeeringConnectionVpcInfo {
  std::string VpcId{};
  std::string CidrBlock{};
  std::vector<PeeringCidrBlock> CidrBlockSet{};
  std::vector<PeeringIpv6CidrBlock> Ipv6CidrBlockSet{};
  std::string OwnerId{};
  std::string Region{};
  std::optional<VpcPeeringConnectionOptionsDescription> PeeringOptions{};
};

struct VpcPeeringConnectionStateReason {
  /// initiating-request | pending-acceptance | provisioning | active | deleting | deleted |
  /// rejected | failed | expired
  std::string Code{};
  std::string Message{};
};

struct VpcPeeringConnection {
  std::string VpcPeeringConnectionId{};
  VpcPeeringConnectionVpcInfo RequesterVpcInfo{};
  VpcPeeringConnectionVpcInfo AccepterVpcInfo{};
  VpcPeeringConnectionStateReason Status{};
  std::optional<TimePoint> ExpirationTime{};  ///< while pending acceptance
  std::vector<Tag> Tags{};
};

struct DescribeVpcPeeringConnectionsRequest {
  /// e.g. {"status-code", {"active"}}, {"requester-vpc-info.vpc-id", {vpc}},
  /// {"accepter-vpc-info.vpc-id", {vpc}}, {"tag:Name", {...}}
  std::vector<Filter> Filters{};
  std::vector<std::string> VpcPeeringConnectionIds{};
  std::string NextToken{};
  std::optional<std::int32_t> MaxResults{};  ///< 5-1000
  std::optional<bool> DryRun{};
};

struct DescribeVpcPeeringConnectionsResult {
  std::vector<VpcPeeringConnection> VpcPeeringConnections{};
  std::string NextToken{};
};

/// Called in the requester's region. Cross-region: PeerRegion names the accepter's region
/// (the default is the region of the call); cross-account: PeerOwnerId.
struct CreateVpcPeeringConnectionRequest {
  std::string VpcId{};  ///< required: the requester VPC
  std::string PeerVpcId{};
  std::string PeerOwnerId{};
  std::string PeerRegion{};
  std::vector<TagSpecification> TagSpecifications{};
  std::optional<bool> DryRun{};
};

struct CreateVpcPeeringConnectionResult {
  aws::VpcPeeringConnection VpcPeeringConnection{};
};

/// Called in the accepter's region (AWS refuses it in the requester's region with
/// OperationNotPermitted).
struct AcceptVpcPeeringConnectionRequest {
  std::string VpcPeeringConnectionId{};  ///< required
  std::optional<bool> DryRun{};
};

struct AcceptVpcPeeringConnectionResult {
  aws::VpcPeeringConnection VpcPeeringConnection{};
};

struct RejectVpcPeeringConnectionRequest {
  std::string VpcPeeringConnectionId{};  ///< required
  std::optional<bool> DryRun{};
};

struct RejectVpcPeeringConnectionResult {
  bool Return = false;
};

struct DeleteVpcPeeringConnectionRequest {
  std::string VpcPeeringConnectionId{};  ///< required
  std::optional<bool> DryRun{};
};

struct DeleteVpcPeeringConnectionResult {
  bool Return = false;
};

// ------------------------------------------------------------------ tags

struct CreateTagsRequest {
  std::vector<std::string> Resources;  ///< required: resource ids (vpc-..., subnet-...)
  std::vector<Tag> Tags{};             ///< required
  std::optional<bool> DryRun{};
};

// ------------------------------------------------------------------ the interface

/// One virtual method per EC2 operation. Operations without output in botocore's model
/// (DeleteVpc, DeleteRoute, CreateTags ...) return Status; should the service answer
/// <return>false</return> for one, that is an error (kAws "ReturnedFalse").
class Ec2Api {
 public:
  virtual ~Ec2Api() = default;

  virtual Result<DescribeVpcsResult> DescribeVpcs(std::string_view region,
                                                  const DescribeVpcsRequest& request) = 0;
  virtual Result<CreateVpcResult> CreateVpc(std::string_view region,
                                            const CreateVpcRequest& request) = 0;
  virtual Status DeleteVpc(std::string_view region, const DeleteVpcRequest& request) = 0;

  virtual Result<DescribeSubnetsResult> DescribeSubnets(std::string_view region,
                                                        const DescribeSubnetsRequest& request) = 0;
  virtual Result<CreateSubnetResult> CreateSubnet(std::string_view region,
                                                  const CreateSubnetRequest& request) = 0;
  virtual Status DeleteSubnet(std::string_view region, const DeleteSubnetRequest& request) = 0;

  virtual Result<DescribeRouteTablesResult> DescribeRouteTables(
      std::string_view region, const DescribeRouteTablesRequest& request) = 0;
  virtual Result<CreateRouteTableResult> CreateRouteTable(
      std::string_view region, const CreateRouteTableRequest& request) = 0;
  virtual Status DeleteRouteTable(std::string_view region,
                                  const DeleteRouteTableRequest& request) = 0;
  virtual Result<AssociateRouteTableResult> AssociateRouteTable(
      std::string_view region, const AssociateRouteTableRequest& request) = 0;
  virtual Status DisassociateRouteTable(std::string_view region,
                                        const DisassociateRouteTableRequest& request) = 0;
  virtual Result<CreateRouteResult> CreateRoute(std::string_view region,
                                                const CreateRouteRequest& request) = 0;
  virtual Status DeleteRoute(std::string_view region, const DeleteRouteRequest& request) = 0;

  virtual Result<DescribeSecurityGroupsResult> DescribeSecurityGroups(
      std::string_view region, const DescribeSecurityGroupsRequest& request) = 0;

  virtual Result<DescribeVpcPeeringConnectionsResult> DescribeVpcPeeringConnections(
      std::string_view region, const DescribeVpcPeeringConnectionsRequest& request) = 0;
  virtual Result<CreateVpcPeeringConnectionResult> CreateVpcPeeringConnection(
      std::string_view region, const CreateVpcPeeringConnectionRequest& request) = 0;
  virtual Result<AcceptVpcPeeringConnectionResult> AcceptVpcPeeringConnection(
      std::string_view region, const AcceptVpcPeeringConnectionRequest& request) = 0;
  virtual Result<RejectVpcPeeringConnectionResult> RejectVpcPeeringConnection(
      std::string_view region, const RejectVpcPeeringConnectionRequest& request) = 0;
  virtual Result<DeleteVpcPeeringConnectionResult> DeleteVpcPeeringConnection(
      std::string_view region, const DeleteVpcPeeringConnectionRequest& request) = 0;

  virtual Status CreateTags(std::string_view region, const CreateTagsRequest& request) = 0;

  // "All pages" forms: follow NextToken from `request` (its own NextToken, when set, is the
  // first page asked for) until the service stops sending one, and return every item. A
  // service that hands back a token it already gave stops the walk with a kDecode error
  // "RepeatedPageToken" rather than looping forever. Any page's error is returned as is.
  Result<std::vector<Vpc>> DescribeVpcsAll(std::string_view region,
                                           const DescribeVpcsRequest& request = {});
  Result<std::vector<Subnet>> DescribeSubnetsAll(std::string_view region,
                                                 const DescribeSubnetsRequest& request = {});
  Result<std::vector<RouteTable>> DescribeRouteTablesAll(
      std::string_view region, const DescribeRouteTablesRequest& request = {});
  Result<std::vector<SecurityGroup>> DescribeSecurityGroupsAll(
      std::string_view region, const DescribeSecurityGroupsRequest& request = {});
  Result<std::vector<VpcPeeringConnection>> DescribeVpcPeeringConnectionsAll(
      std::string_view region, const DescribeVpcPeeringConnectionsRequest& request = {});
};

class Ec2Client final : public Ec2Api {
 public:
  explicit Ec2Client(AwsConnection& connection) : connection_(connection) {}

  Result<DescribeVpcsResult> DescribeVpcs(std::string_view region,
                                          const DescribeVpcsRequest& request) override;
  Result<CreateVpcResult> CreateVpc(std::string_view region,
                                    const CreateVpcRequest& request) override;
  Status DeleteVpc(std::string_view region, const DeleteVpcRequest& request) override;

  Result<DescribeSubnetsResult> DescribeSubnets(std::string_view region,
                                                const DescribeSubnetsRequest& request) override;
  Result<CreateSubnetResult> CreateSubnet(std::string_view region,
                                          const CreateSubnetRequest& request) override;
  Status DeleteSubnet(std::string_view region, const DeleteSubnetRequest& request) override;

  Result<DescribeRouteTablesResult> DescribeRouteTables(
      std::string_view region, const DescribeRouteTablesRequest& request) override;
  Result<CreateRouteTableResult> CreateRouteTable(std::string_view region,
                                                  const CreateRouteTableRequest& request) override;
  Status DeleteRouteTable(std::string_view region, const DeleteRouteTableRequest& request) override;
  Result<AssociateRouteTableResult> AssociateRouteTable(
      std::string_view region, const AssociateRouteTableRequest& request) override;
  Status DisassociateRouteTable(std::string_view region,
                                const DisassociateRouteTableRequest& request) override;
  Result<CreateRouteResult> CreateRoute(std::string_view region,
                                        const CreateRouteRequest& request) override;
  Status DeleteRoute(std::string_view region, const DeleteRouteRequest& request) override;

  Result<DescribeSecurityGroupsResult> DescribeSecurityGroups(
      std::string_view region, const DescribeSecurityGroupsRequest& request) override;

  Result<DescribeVpcPeeringConnectionsResult> DescribeVpcPeeringConnections(
      std::string_view region, const DescribeVpcPeeringConnectionsRequest& request) override;
  Result<CreateVpcPeeringConnectionResult> CreateVpcPeeringConnection(
      std::string_view region, const CreateVpcPeeringConnectionRequest& request) override;
  Result<AcceptVpcPeeringConnectionResult> AcceptVpcPeeringConnection(
      std::string_view region, const AcceptVpcPeeringConnectionRequest& request) override;
  Result<RejectVpcPeeringConnectionResult> RejectVpcPeeringConnection(
      std::string_view region, const RejectVpcPeeringConnectionRequest& request) override;
  Result<DeleteVpcPeeringConnectionResult> DeleteVpcPeeringConnection(
      std::string_view region, const DeleteVpcPeeringConnectionRequest& request) override;

  Status CreateTags(std::string_view region, const CreateTagsRequest& request) override;

 private:
  AwsConnection& connection_;
};

// ------------------------------------------------------------------ errors

/// True for EC2's "does not exist" errors: kAws codes ending in ".NotFound"
/// (InvalidVpcID.NotFound, InvalidSubnetID.NotFound, InvalidRouteTableID.NotFound,
/// InvalidRoute.NotFound, InvalidGroup.NotFound, InvalidVpcPeeringConnectionID.NotFound,
/// InvalidAssociationID.NotFound ...).
bool is_ec2_not_found(const Error& error);

// ------------------------------------------------------------------ waiters
//
// Each polls the single-page describe for one resource on `clock` (botocore's delay of
// 15 s, deadline 40 attempts x 15 s) and returns Ok, a kAws "WaiterFailed" error, the
// describe's own error, or a kTimeout "WaiterTimeout" error naming the last state seen
// ("VpcPeeringConnection pcx-... status=pending-acceptance").

/// botocore VpcAvailable: every VPC listed for `vpc_id` has State "available". An error
/// (InvalidVpcID.NotFound included) ends the wait, as in botocore.
Status WaitUntilVpcAvailable(Ec2Api& api, Clock& clock, std::string_view region,
                             std::string_view vpc_id,
                             WaitOptions options = {std::chrono::seconds(15),
                                                    std::chrono::seconds(600)});

/// botocore SubnetAvailable: the subnet's State is "available".
Status WaitUntilSubnetAvailable(Ec2Api& api, Clock& clock, std::string_view region,
                                std::string_view subnet_id,
                                WaitOptions options = {std::chrono::seconds(15),
                                                       std::chrono::seconds(600)});

/// botocore VpcPeeringConnectionExists: the connection is visible in `region` (useful in
/// the accepter's region right after CreateVpcPeeringConnection). NotFound means "not
/// yet". Stricter than botocore's "any 200": the answer must list the connection, since
/// some endpoints answer an unknown id with an empty list rather than NotFound.
Status WaitUntilVpcPeeringConnectionExists(Ec2Api& api, Clock& clock, std::string_view region,
                                           std::string_view peering_id,
                                           WaitOptions options = {std::chrono::seconds(15),
                                                                  std::chrono::seconds(600)});

/// botocore VpcPeeringConnectionDeleted: Status.Code "deleted", or the connection is gone
/// (NotFound, or no longer listed).
Status WaitUntilVpcPeeringConnectionDeleted(Ec2Api& api, Clock& clock, std::string_view region,
                                            std::string_view peering_id,
                                            WaitOptions options = {std::chrono::seconds(15),
                                                                   std::chrono::seconds(600)});

/// No botocore waiter: Status.Code "active" is done; "failed", "rejected", "expired",
/// "deleting" and "deleted" can never become active and fail the wait; NotFound or not
/// yet listed (eventual consistency right after creation) and every other code
/// (initiating-request, pending-acceptance, provisioning) mean poll again.
Status WaitUntilVpcPeeringConnectionActive(Ec2Api& api, Clock& clock, std::string_view region,
                                           std::string_view peering_id,
                                           WaitOptions options = {std::chrono::seconds(15),
                                                                  std::chrono::seconds(600)});

}  // namespace drh::aws
