// EC2 in the fake: security groups and their rules.
#include "ec2_service.h"
#include "ec2_xml.h"
#include "wire.h"

namespace drh::fake::ec2 {

namespace {

bool group_matches(const SecurityGroup& g, const std::vector<Filter>& filters) {
  for (const Filter& f : filters) {
    const std::string& n = f.name;
    bool ok = false;
    if (n == "group-id") ok = f.matches(g.id);
    else if (n == "group-name") ok = f.matches(g.name);
    else if (n == "vpc-id") ok = f.matches(g.vpc_id);
    else if (n == "description") ok = f.matches(g.description);
    else if (n == "owner-id") ok = f.matches(g.owner);
    else if (n == "ip-permission.cidr" || n == "egress.ip-permission.cidr") {
      for (const Permission& p : n == "ip-permission.cidr" ? g.ingress : g.egress) {
        for (const IpRange& r : p.ip_ranges) ok = ok || f.matches(r.cidr);
      }
    } else if (n == "ip-permission.group-id" || n == "egress.ip-permission.group-id") {
      for (const Permission& p : n == "ip-permission.group-id" ? g.ingress : g.egress) {
        for (const GroupPair& pair : p.groups) ok = ok || f.matches(pair.group_id);
      }
    } else if (n == "ip-permission.protocol" || n == "egress.ip-permission.protocol") {
      for (const Permission& p : n == "ip-permission.protocol" ? g.ingress : g.egress) {
        ok = ok || f.matches(p.protocol);
      }
    } else if (n == "ip-permission.from-port" || n == "ip-permission.to-port") {
      for (const Permission& p : g.ingress) {
        const auto& port = n == "ip-permission.from-port" ? p.from_port : p.to_port;
        ok = ok || (port && f.matches(std::to_string(*port)));
      }
    } else {
      ok = tags_match(g.tags, f);
    }
    if (!ok) return false;
  }
  return true;
}

std::string normalise_protocol(std::string p) {
  if (p == "6") return "tcp";
  if (p == "17") return "udp";
  if (p == "1") return "icmp";
  if (p == "all") return "-1";
  return p;
}

/// IpPermissions.N... (or the legacy top-level CidrIp/IpProtocol/FromPort/ToPort form).
std::vector<Permission> parse_permissions(const Call& call) {
  std::vector<Permission> out;
  auto port = [&](const std::string& name) -> std::optional<int> {
    auto v = call.integer(name);
    if (!v) return std::nullopt;
    return static_cast<int>(*v);
  };
  for (int i = 1;; ++i) {
    const std::string prefix = "IpPermissions." + std::to_string(i) + ".";
    auto protocol = call.param(prefix + "IpProtocol");
    if (!protocol) break;
    Permission p;
    p.protocol = normalise_protocol(*protocol);
    if (p.protocol != "-1") {
      p.from_port = port(prefix + "FromPort");
      p.to_port = port(prefix + "ToPort");
    }
    for (int j = 1;; ++j) {
      const std::string item = prefix + "IpRanges." + std::to_string(j) + ".";
      auto cidr = call.param(item + "CidrIp");
      if (!cidr) break;
      if (!Cidr::parse(*cidr)) {
        fail(400, "InvalidPermission.Malformed", "CIDR block " + *cidr + " is malformed");
      }
      p.ip_ranges.push_back({*cidr, call.param(item + "Description").value_or("")});
    }
    for (int j = 1;; ++j) {
      const std::string item = prefix + "Ipv6Ranges." + std::to_string(j) + ".";
      auto cidr = call.param(item + "CidrIpv6");
      if (!cidr) break;
      p.ipv6_ranges.push_back({*cidr, call.param(item + "Description").value_or("")});
    }
    for (int j = 1;; ++j) {
      const std::string item = prefix + "PrefixListIds." + std::to_string(j) + ".";
      auto id = call.param(item + "PrefixListId");
      if (!id) break;
      p.prefix_lists.push_back({*id, call.param(item + "Description").value_or("")});
    }
    for (int j = 1;; ++j) {
      const std::string item = prefix + "Groups." + std::to_string(j) + ".";
      auto id = call.param(item + "GroupId");
      if (!id) {
        if (call.param(item + "GroupName") || call.param(item + "UserId")) {
          fail(400, "InvalidParameterValue",
               "drharness's fake needs the GroupId of a referenced security group");
        }
        break;
      }
      p.groups.push_back({*id, call.param(item + "UserId").value_or(call.account),
                          call.param(item + "Description").value_or("")});
    }
    out.push_back(std::move(p));
  }
  if (out.empty()) {
    if (auto protocol = call.param("IpProtocol")) {
      Permission p;
      p.protocol = normalise_protocol(*protocol);
      if (p.protocol != "-1") {
        p.from_port = port("FromPort");
        p.to_port = port("ToPort");
      }
      if (auto cidr = call.param("CidrIp")) p.ip_ranges.push_back({*cidr, ""});
      out.push_back(std::move(p));
    }
  }
  if (out.empty()) {
    fail(400, "MissingParameter", "The request must contain the parameter ipPermissions");
  }
  return out;
}

std::string rule_text(const Permission& p, std::string_view peer) {
  std::string text = "peer: " + std::string(peer) + ", " +
                     (p.protocol == "-1" ? std::string("ALL") : p.protocol);
  if (p.from_port) text += ", from port: " + std::to_string(*p.from_port);
  if (p.to_port) text += ", to port: " + std::to_string(*p.to_port);
  return text + ", ALLOW";
}

bool same_rule(const Permission& a, const Permission& b) {
  return a.protocol == b.protocol && a.from_port == b.from_port && a.to_port == b.to_port;
}

}  // namespace

HttpResponse Ec2Service::describe_security_groups(Call& call) {
  RegionState& r = region(call.region);
  const auto filters = parse_filters(
      call, {"group-id", "group-name", "vpc-id", "description", "owner-id", "ip-permission.cidr",
             "egress.ip-permission.cidr", "ip-permission.group-id",
             "egress.ip-permission.group-id", "ip-permission.protocol",
             "egress.ip-permission.protocol", "ip-permission.from-port",
             "ip-permission.to-port"});
  auto ids = requested_ids(call, "GroupId", r.security_groups, "sg", "security group",
                           "InvalidGroupId.Malformed", "InvalidGroup.NotFound");
  // GroupName.N names groups of the default VPC (other VPCs' groups need a filter).
  const auto names = call.list("GroupName", "");
  if (!names.empty()) {
    std::string default_vpc;
    for (const auto& [id, v] : r.vpcs) {
      if (v.is_default) default_vpc = id;
    }
    for (const std::string& name : names) {
      bool found = false;
      for (const auto& [id, g] : r.security_groups) {
        if (g.name == name && !default_vpc.empty() && g.vpc_id == default_vpc) {
          ids.insert(id);
          found = true;
        }
      }
      if (!found) {
        fail(400, "InvalidGroup.NotFound",
             "The security group '" + name + "' does not exist in default VPC '" + default_vpc +
                 "'");
      }
    }
  }
  const PageRequest page =
      parse_paging(call, "security-groups", 5, 1000, !ids.empty(), "groupIds");
  auto [items, token] =
      take_page(r.security_groups, page, "security-groups", [&](const SecurityGroup& g) {
        return (ids.empty() || ids.contains(g.id)) && group_matches(g, filters);
      });
  return ec2_response(call, [&](xml::XmlWriter& w) {
    w.start("securityGroupInfo");
    for (const SecurityGroup* g : items) write_security_group(w, *g, call.region);
    w.end();
    if (!token.empty()) w.element("nextToken", token);
  });
}

HttpResponse Ec2Service::create_security_group(Call& call) {
  RegionState& r = region(call.region);
  const std::string name = call.required("GroupName");
  const std::string description = call.required("GroupDescription");
  std::string vpc_id;
  if (auto v = call.param("VpcId")) {
    vpc_id = vpc_or_throw(r, *v).id;
  } else {
    for (const auto& [id, v] : r.vpcs) {
      if (v.is_default) vpc_id = id;
    }
    if (vpc_id.empty()) {
      fail(400, "VPCIdNotSpecified", "No default VPC for this user. GroupName is only "
                                     "supported for EC2-Classic and default VPC.");
    }
  }
  if (name == "default") {
    fail(400, "InvalidGroup.Reserved",
         "The security group 'default' is reserved and cannot be used to create a group");
  }
  if (name.starts_with("sg-")) {
    fail(400, "InvalidParameterValue",
         "Group names may not be in the format sg-*: '" + name + "'");
  }
  for (const auto& [id, g] : r.security_groups) {
    if (g.vpc_id == vpc_id && g.name == name) {
      fail(400, "InvalidGroup.Duplicate",
           "The security group '" + name + "' already exists for VPC '" + vpc_id + "'");
    }
  }
  SecurityGroup g;
  g.id = core().ids.next("sg");
  g.name = name;
  g.description = description;
  g.vpc_id = vpc_id;
  g.owner = core().options.account_id;
  // A new VPC security group allows all outbound traffic and no inbound traffic.
  g.egress.push_back(all_traffic_cidr("0.0.0.0/0"));
  g.tags = parse_tag_specifications(call, "security-group");
  const SecurityGroup& stored = r.security_groups.emplace(g.id, std::move(g)).first->second;
  return ec2_response(call, [&](xml::XmlWriter& w) {
    w.element("groupId", stored.id);
    write_tags(w, stored.tags);
    w.element("securityGroupArn", "arn:aws:ec2:" + call.region + ":" + stored.owner +
                                      ":security-group/" + stored.id);
  });
}

HttpResponse Ec2Service::delete_security_group(Call& call) {
  RegionState& r = region(call.region);
  std::string id;
  if (auto gid = call.param("GroupId")) {
    id = security_group_or_throw(r, *gid).id;
  } else if (auto name = call.param("GroupName")) {
    for (const auto& [gid2, g] : r.security_groups) {
      if (g.name == *name && r.vpcs.count(g.vpc_id) && r.vpcs.at(g.vpc_id).is_default) id = gid2;
    }
    if (id.empty()) {
      fail(400, "InvalidGroup.NotFound",
           "The security group '" + *name + "' does not exist in default VPC");
    }
  } else {
    fail(400, "MissingParameter", "The request must contain the parameter groupName or groupId");
  }
  const SecurityGroup& g = r.security_groups.at(id);
  if (g.name == "default") {
    fail(400, "CannotDelete",
         "the specified group: \"" + id + "\" name: \"default\" cannot be deleted by a user");
  }
  for (const auto& [oid, other] : r.security_groups) {
    if (oid == id) continue;
    for (const auto* perms : {&other.ingress, &other.egress}) {
      for (const Permission& p : *perms) {
        for (const GroupPair& pair : p.groups) {
          if (pair.group_id == id) {
            fail(400, "DependencyViolation", "resource " + id + " has a dependent object");
          }
        }
      }
    }
  }
  r.security_groups.erase(id);
  return ec2_response(call, [&](xml::XmlWriter& w) {
    w.element("return", true).element("groupId", id);
  });
}

HttpResponse Ec2Service::authorize_ingress(Call& call) { return change_rules(call, true, true); }
HttpResponse Ec2Service::authorize_egress(Call& call) { return change_rules(call, false, true); }
HttpResponse Ec2Service::revoke_ingress(Call& call) { return change_rules(call, true, false); }
HttpResponse Ec2Service::revoke_egress(Call& call) { return change_rules(call, false, false); }

HttpResponse Ec2Service::change_rules(Call& call, bool ingress, bool add) {
  RegionState& r = region(call.region);
  std::string id;
  if (auto gid = call.param("GroupId")) {
    id = security_group_or_throw(r, *gid).id;
  } else if (ingress && call.param("GroupName")) {
    const std::string name = *call.param("GroupName");
    for (const auto& [gid2, g] : r.security_groups) {
      if (g.name == name && r.vpcs.count(g.vpc_id) && r.vpcs.at(g.vpc_id).is_default) id = gid2;
    }
    if (id.empty()) {
      fail(400, "InvalidGroup.NotFound",
           "The security group '" + name + "' does not exist in default VPC");
    }
  } else {
    fail(400, "MissingParameter", "The request must contain the parameter groupId");
  }
  const std::vector<Permission> changes = parse_permissions(call);
  for (const Permission& p : changes) {
    for (const GroupPair& pair : p.groups) security_group_or_throw(r, pair.group_id);
  }
  // Work on a copy: a duplicate (or missing) rule anywhere leaves the group untouched.
  SecurityGroup& group = r.security_groups.at(id);
  std::vector<Permission> rules = ingress ? group.ingress : group.egress;
  for (const Permission& change : changes) {
    Permission* target = nullptr;
    for (Permission& existing : rules) {
      if (same_rule(existing, change)) target = &existing;
    }
    if (add) {
      if (target == nullptr) {
        Permission rule;
        rule.protocol = change.protocol;
        rule.from_port = change.from_port;
        rule.to_port = change.to_port;
        rules.push_back(std::move(rule));
        target = &rules.back();
      }
      auto add_all = [&](auto& into, const auto& from, auto describe) {
        for (const auto& source : from) {
          for (const auto& existing : into) {
            if (describe(existing) == describe(source)) {
              fail(400, "InvalidPermission.Duplicate",
                   "the specified rule \"" + rule_text(change, describe(source)) +
                       "\" already exists");
            }
          }
          into.push_back(source);
        }
      };
      add_all(target->ip_ranges, change.ip_ranges, [](const IpRange& x) { return x.cidr; });
      add_all(target->ipv6_ranges, change.ipv6_ranges, [](const IpRange& x) { return x.cidr; });
      add_all(target->prefix_lists, change.prefix_lists, [](const IpRange& x) { return x.cidr; });
      add_all(target->groups, change.groups, [](const GroupPair& x) { return x.group_id; });
    } else {
      auto remove_all = [&](auto& from, const auto& which, auto describe) {
        for (const auto& source : which) {
          auto before = from.size();
          std::erase_if(from, [&](const auto& x) { return describe(x) == describe(source); });
          if (from.size() == before) {
            fail(400, "InvalidPermission.NotFound",
                 "The specified rule does not exist in this security group.");
          }
        }
      };
      if (target == nullptr) {
        fail(400, "InvalidPermission.NotFound",
             "The specified rule does not exist in this security group.");
      }
      remove_all(target->ip_ranges, change.ip_ranges, [](const IpRange& x) { return x.cidr; });
      remove_all(target->ipv6_ranges, change.ipv6_ranges, [](const IpRange& x) { return x.cidr; });
      remove_all(target->prefix_lists, change.prefix_lists,
                 [](const IpRange& x) { return x.cidr; });
      remove_all(target->groups, change.groups, [](const GroupPair& x) { return x.group_id; });
      std::erase_if(rules, [](const Permission& p) {
        return p.ip_ranges.empty() && p.ipv6_ranges.empty() && p.prefix_lists.empty() &&
               p.groups.empty();
      });
    }
  }
  (ingress ? group.ingress : group.egress) = std::move(rules);
  return ec2_response(call, [](xml::XmlWriter& w) { w.element("return", true); });
}

}  // namespace drh::fake::ec2
