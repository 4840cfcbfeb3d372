// EC2 waiters, after botocore's ec2 waiters-2.json (VpcAvailable, SubnetAvailable,
// VpcPeeringConnectionExists, VpcPeeringConnectionDeleted) plus peering-active.
#include <algorithm>
#include <array>
#include <string>

#include "drh/aws/ec2.h"

namespace drh::aws {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

// AWS documents InvalidVpcPeeringConnectionID.NotFound (the code botocore's waiters match);
// some emulators spell it ...Id.NotFound, so the code is compared without case.
bool is_peering_not_found(const Error& error) {
  return error.kind == ErrorKind::kAws &&
         iequals(error.code, "InvalidVpcPeeringConnectionID.NotFound");
}

std::string describe(const VpcPeeringConnection& p) {
  std::string s = "VpcPeeringConnection " + p.VpcPeeringConnectionId +
                  " status=" + (p.Status.Code.empty() ? "(none)" : p.Status.Code);
  if (!p.Status.Message.empty()) s += " (" + p.Status.Message + ")";
  return s;
}

// One poll of a peering connection: the connection when listed, nullopt when the service
// says NotFound or does not list it (treated alike: not there now), or the error.
Result<std::optional<VpcPeeringConnection>> find_peering(Ec2Api& api, std::string_view region,
                                                         std::string_view id) {
  DescribeVpcPeeringConnectionsRequest request;
  request.VpcPeeringConnectionIds.emplace_back(id);
  auto r = api.DescribeVpcPeeringConnections(region, request);
  if (!r) {
    if (is_peering_not_found(r.error())) return std::optional<VpcPeeringConnection>{};
    return r.error();
  }
  for (VpcPeeringConnection& p : r->VpcPeeringConnections) {
    if (p.VpcPeeringConnectionId == id) return std::optional<VpcPeeringConnection>(std::move(p));
  }
  return std::optional<VpcPeeringConnection>{};
}

std::string not_listed(std::string_view id, std::string_view region) {
  return "VpcPeeringConnection " + std::string(id) + " not found in " + std::string(region);
}

}  // namespace

Status WaitUntilVpcAvailable(Ec2Api& api, Clock& clock, std::string_view region,
                             std::string_view vpc_id, WaitOptions options) {
  const std::string what = "Vpc " + std::string(vpc_id) + " to be available";
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    DescribeVpcsRequest request;
    request.VpcIds.emplace_back(vpc_id);
    auto r = api.DescribeVpcs(region, request);
    if (!r) return r.error();
    // botocore's pathAll: every listed VPC available, and at least one listed.
    if (r->Vpcs.empty()) {
      return WaitObservation{WaitState::kPending, "Vpc " + std::string(vpc_id) + " not listed"};
    }
    for (const Vpc& v : r->Vpcs) {
      if (v.State != "available") {
        return WaitObservation{WaitState::kPending, "Vpc " + v.VpcId + " state=" + v.State};
      }
    }
    return WaitObservation{WaitState::kDone, "Vpc " + std::string(vpc_id) + " state=available"};
  });
}

Status WaitUntilSubnetAvailable(Ec2Api& api, Clock& clock, std::string_view region,
                                std::string_view subnet_id, WaitOptions options) {
  const std::string what = "Subnet " + std::string(subnet_id) + " to be available";
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    DescribeSubnetsRequest request;
    request.SubnetIds.emplace_back(subnet_id);
    auto r = api.DescribeSubnets(region, request);
    if (!r) return r.error();
    if (r->Subnets.empty()) {
      return WaitObservation{WaitState::kPending,
                             "Subnet " + std::string(subnet_id) + " not listed"};
    }
    for (const Subnet& s : r->Subnets) {
      if (s.State != "available") {
        return WaitObservation{WaitState::kPending, "Subnet " + s.SubnetId + " state=" + s.State};
      }
    }
    return WaitObservation{WaitState::kDone,
                           "Subnet " + std::string(subnet_id) + " state=available"};
  });
}

Status WaitUntilVpcPeeringConnectionExists(Ec2Api& api, Clock& clock, std::string_view region,
                                           std::string_view peering_id, WaitOptions options) {
  const std::string what =
      "VpcPeeringConnection " + std::string(peering_id) + " to exist in " + std::string(region);
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    auto found = find_peering(api, region, peering_id);
    if (!found) return found.error();
    if (!*found) return WaitObservation{WaitState::kPending, not_listed(peering_id, region)};
    return WaitObservation{WaitState::kDone, describe(**found)};
  });
}

Status WaitUntilVpcPeeringConnectionDeleted(Ec2Api& api, Clock& clock, std::string_view region,
                                            std::string_view peering_id, WaitOptions options) {
  const std::string what = "VpcPeeringConnection " + std::string(peering_id) + " to be deleted";
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    auto found = find_peering(api, region, peering_id);
    if (!found) return found.error();
    if (!*found) return WaitObservation{WaitState::kDone, not_listed(peering_id, region)};
    const VpcPeeringConnection& p = **found;
    return WaitObservation{p.Status.Code == "deleted" ? WaitState::kDone : WaitState::kPending,
                           describe(p)};
  });
}

Status WaitUntilVpcPeeringConnectionActive(Ec2Api& api, Clock& clock, std::string_view region,
                                           std::string_view peering_id, WaitOptions options) {
  // States a connection never leaves for "active" (AWS VPC peering lifecycle).
  static constexpr std::array<std::string_view, 5> kTerminal = {"failed", "rejected", "expired",
                                                                "deleting", "deleted"};
  const std::string what = "VpcPeeringConnection " + std::string(peering_id) + " to be active";
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    auto found = find_peering(api, region, peering_id);
    if (!found) return found.error();
    if (!*found) return WaitObservation{WaitState::kPending, not_listed(peering_id, region)};
    const VpcPeeringConnection& p = **found;
    if (p.Status.Code == "active") return WaitObservation{WaitState::kDone, describe(p)};
    if (std::find(kTerminal.begin(), kTerminal.end(), p.Status.Code) != kTerminal.end()) {
      return WaitObservation{WaitState::kFailed, describe(p)};
    }
    return WaitObservation{WaitState::kPending, describe(p)};
  });
}

}  // namespace drh::aws
