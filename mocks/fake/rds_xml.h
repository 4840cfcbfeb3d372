// Internal to the fake: RDS's response shapes (botocore's rds model: PascalCase elements,
// lists of named members such as <DBClusters><DBCluster>, and <GlobalClusters> holding
// <GlobalClusterMember> elements), written from the fake's own state.
#pragma once

#include <string_view>

#include "drh/protocol/xml.h"
#include "rds_service.h"

namespace drh::fake::rds {

void write_cluster(xml::XmlWriter& w, const Cluster& c, RdsService& rds,
                   std::string_view name = "DBCluster");
void write_instance(xml::XmlWriter& w, const Instance& i, RdsService& rds,
                    std::string_view name = "DBInstance");
void write_global(xml::XmlWriter& w, const GlobalCluster& g, RdsService& rds,
                  std::string_view name = "GlobalClusterMember");
void write_event(xml::XmlWriter& w, const Event& e);

}  // namespace drh::fake::rds
