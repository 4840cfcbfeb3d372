// EC2 in the fake: VPC peering, same- and cross-region. A peering is one object, visible
// with the same pcx id from the requester's and the accepter's region; its status moves
// initiating-request -> pending-acceptance (or failed) -> provisioning -> active on the
// virtual clock, and deleted / rejected / failed / expired peerings stay visible for a
// while before they disappear, as on AWS.
#include "ec2_service.h"
#include "ec2_xml.h"
#include "wire.h"

namespace drh::fake::ec2 {

namespace {

bool live(const Peering& p) {
  return p.status == "initiating-request" || p.status == "pending-acceptance" ||
         p.status == "provisioning" || p.status == "active";
}

bool peering_matches(const Peering& p, const std::vector<Filter>& filters) {
  for (const Filter& f : filters) {
    const std::string& n = f.name;
    bool ok = false;
    if (n == "vpc-peering-connection-id") ok = f.matches(p.id);
    else if (n == "status-code") ok = f.matches(p.status);
    else if (n == "status-message") ok = f.matches(p.message);
    else if (n == "expiration-time") ok = f.matches(iso_time(p.expiration));
    else if (n == "requester-vpc-info.vpc-id") ok = f.matches(p.requester.vpc_id);
    else if (n == "requester-vpc-info.cidr-block") ok = f.matches(p.requester.cidr);
    else if (n == "requester-vpc-info.owner-id") ok = f.matches(p.requester.owner);
    else if (n == "accepter-vpc-info.vpc-id") ok = f.matches(p.accepter.vpc_id);
    else if (n == "accepter-vpc-info.cidr-block") ok = f.matches(p.accepter.cidr);
    else if (n == "accepter-vpc-info.owner-id") ok = f.matches(p.accepter.owner);
    else ok = tags_match(p.tags, f);
    if (!ok) return false;
  }
  return true;
}

}  // namespace

HttpResponse Ec2Service::describe_peerings(Call& call) {
  const auto filters = parse_filters(
      call, {"vpc-peering-connection-id", "status-code", "status-message", "expiration-time",
             "requester-vpc-info.vpc-id", "requester-vpc-info.cidr-block",
             "requester-vpc-info.owner-id", "accepter-vpc-info.vpc-id",
             "accepter-vpc-info.cidr-block", "accepter-vpc-info.owner-id"});
  std::set<std::string, std::less<>> ids;
  std::vector<std::string> missing;
  for (std::string& id : id_list(call, "VpcPeeringConnectionId")) {
    if (!well_formed_id(id, "pcx")) {
      fail(400, "InvalidVpcPeeringConnectionId.Malformed",
           "Invalid id: \"" + id + "\" (expecting \"pcx-...\")");
    }
    if (find_peering(id, call.region) == nullptr) missing.push_back(id);
    ids.insert(std::move(id));
  }
  if (!missing.empty()) {
    fail_missing_ids("vpcPeeringConnection", "InvalidVpcPeeringConnectionID.NotFound", missing);
  }
  const PageRequest page =
      parse_paging(call, "peerings", 5, 1000, !ids.empty(), "vpcPeeringConnectionIds");
  auto [items, token] = take_page(peerings_, page, "peerings", [&](const Peering& p) {
    return (p.requester.region == call.region || p.accepter.region == call.region) &&
           (ids.empty() || ids.contains(p.id)) && peering_matches(p, filters);
  });
  return ec2_response(call, [&](xml::XmlWriter& w) {
    w.start("vpcPeeringConnectionSet");
    for (const Peering* p : items) write_peering(w, *p);
    w.end();
    if (!token.empty()) w.element("nextToken", token);
  });
}

HttpResponse Ec2Service::create_peering(Call& call) {
  RegionState& r = region(call.region);
  const Vpc& requester = vpc_or_throw(r, call.required("VpcId"));
  auto peer_vpc = call.param("PeerVpcId");
  if (!peer_vpc) {
    fail(400, "MissingParameter", "The request must contain the parameter peerVpcId");
  }
  const std::string& account = core().options.account_id;
  const std::string peer_region = call.param("PeerRegion").value_or(call.region);
  const std::string peer_owner = call.param("PeerOwnerId").value_or(account);
  if (!core().region_exists(peer_region)) {
    fail(400, "InvalidRegion", "The specified region '" + peer_region + "' is not valid");
  }
  if (!well_formed_id(*peer_vpc, "vpc")) {
    fail(400, "InvalidVpcID.Malformed", "Invalid id: \"" + *peer_vpc + "\"");
  }
  // A peer in the same region and account is checked at once; anything farther away is
  // checked when the request reaches it (the peering then fails, as on AWS).
  if (peer_region == call.region && peer_owner == account) vpc_or_throw(r, *peer_vpc);
  for (const auto& [id, p] : peerings_) {
    const bool same = (p.requester.vpc_id == requester.id && p.accepter.vpc_id == *peer_vpc) ||
                      (p.requester.vpc_id == *peer_vpc && p.accepter.vpc_id == requester.id);
    if (same && live(p)) {
      fail(400, "VpcPeeringConnectionAlreadyExists",
           "A VPC peering connection between " + requester.id + " and " + *peer_vpc +
               " already exists (" + id + ", " + p.status + ")");
    }
  }
  Peering p;
  p.id = core().ids.next("pcx");
  p.requester = {requester.id, requester.owner, call.region, requester.cidr};
  p.accepter = {*peer_vpc, peer_owner, peer_region, ""};
  p.status = "initiating-request";
  p.message = "Initiating Request to " + peer_owner;
  const TimePoint now = core().clock.now();
  p.expiration = now + kPeeringAcceptWindow;
  p.tags = parse_tag_specifications(call, "vpc-peering-connection");
  p.due = now + kPeeringRequestDelay;
  const std::string id = p.id;
  const Peering& stored = peerings_.emplace(id, std::move(p)).first->second;
  schedule_peering(id, *stored.due);
  return ec2_response(call,
                      [&](xml::XmlWriter& w) { write_peering(w, stored, "vpcPeeringConnection"); });
}

HttpResponse Ec2Service::accept_peering(Call& call) {
  Peering& p = peering_or_throw(call.required("VpcPeeringConnectionId"), call.region);
  if (p.accepter.region != call.region) {
    fail(400, "OperationNotPermitted",
         "The VPC peering connection " + p.id + " can only be accepted in the accepter's " +
             "region (" + p.accepter.region + ")");
  }
  if (p.status != "pending-acceptance") {
    fail(400, "InvalidStateTransition",
         "The VPC peering connection " + p.id + " is '" + p.status +
             "'; only a connection pending acceptance can be accepted");
  }
  p.status = "provisioning";
  p.message = "Provisioning";
  p.due = core().clock.now() + kPeeringProvisionDelay;
  schedule_peering(p.id, *p.due);
  return ec2_response(call,
                      [&](xml::XmlWriter& w) { write_peering(w, p, "vpcPeeringConnection"); });
}

HttpResponse Ec2Service::reject_peering(Call& call) {
  Peering& p = peering_or_throw(call.required("VpcPeeringConnectionId"), call.region);
  if (p.accepter.region != call.region) {
    fail(400, "OperationNotPermitted",
         "The VPC peering connection " + p.id + " can only be rejected in the accepter's " +
             "region (" + p.accepter.region + ")");
  }
  if (p.status != "pending-acceptance") {
    fail(400, "InvalidStateTransition",
         "The VPC peering connection " + p.id + " is '" + p.status +
             "'; only a connection pending acceptance can be rejected");
  }
  p.status = "rejected";
  p.message = "Rejected by " + p.accepter.owner;
  p.due = core().clock.now() + kPeeringRejectedRetention;
  schedule_peering(p.id, *p.due);
  return ec2_response(call, [](xml::XmlWriter& w) { w.element("return", true); });
}

HttpResponse Ec2Service::delete_peering(Call& call) {
  Peering& p = peering_or_throw(call.required("VpcPeeringConnectionId"), call.region);
  if (!live(p)) {
    fail(400, "InvalidStateTransition",
         "The VPC peering connection " + p.id + " is already '" + p.status + "'");
  }
  if ((p.status == "initiating-request" || p.status == "pending-acceptance") &&
      p.requester.region != call.region) {
    // Before acceptance the accepter rejects; only the requester withdraws by deleting.
    fail(400, "OperationNotPermitted",
         "The VPC peering connection " + p.id + " is pending acceptance: the accepter " +
             "rejects it, the requester (" + p.requester.region + ") deletes it");
  }
  p.status = "deleted";
  p.message = "Deleted by " + core().options.account_id;
  p.due = core().clock.now() + kPeeringDeletedRetention;
  schedule_peering(p.id, *p.due);
  return ec2_response(call, [](xml::XmlWriter& w) { w.element("return", true); });
}

}  // namespace drh::fake::ec2
