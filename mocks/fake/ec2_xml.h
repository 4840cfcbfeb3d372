// Internal to the fake: EC2's response shapes (botocore's ec2 model: camelCase element
// names, lists as <item>), written from the fake's own state.
#pragma once

#include <string_view>

#include "drh/protocol/xml.h"
#include "ec2_service.h"

namespace drh::fake::ec2 {

/// <tagSet><item><key/><value/></item>...</tagSet>; nothing when there are no tags.
void write_tags(xml::XmlWriter& w, const Tags& tags);
/// Each writes one resource as the element `name` (an <item> in a set by default).
void write_vpc(xml::XmlWriter& w, const Vpc& vpc, std::string_view name = "item");
void write_subnet(xml::XmlWriter& w, const Subnet& subnet, std::string_view region,
                  std::string_view name = "item");
void write_route_table(xml::XmlWriter& w, const RouteTable& table, const Ec2Service& service,
                       std::string_view region, std::string_view name = "item");
void write_security_group(xml::XmlWriter& w, const SecurityGroup& group, std::string_view region,
                          std::string_view name = "item");
void write_peering(xml::XmlWriter& w, const Peering& peering, std::string_view name = "item");

}  // namespace drh::fake::ec2
