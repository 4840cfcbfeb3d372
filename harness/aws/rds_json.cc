#include "rds_json.h"

#include <nlohmann/json.hpp>

#include "drh/protocol/timestamp.h"

namespace drh::aws {
namespace {

using nlohmann::json;

// Builds one object member by member, leaving out what botocore would not print.
class Obj {
 public:
  Obj& str(const char* name, const std::string& v) {
    if (!v.empty()) j_[name] = v;
    return *this;
  }
  template <typename T>
  Obj& opt(const char* name, const std::optional<T>& v) {
    if (v) j_[name] = *v;
    return *this;
  }
  Obj& time(const char* name, const std::optional<TimePoint>& v) {
    if (v) j_[name] = format_timestamp(*v, TimestampFormat::kIso8601);
    return *this;
  }
  Obj& boolean(const char* name, bool v) {
    j_[name] = v;
    return *this;
  }
  Obj& strings(const char* name, const std::vector<std::string>& v) {
    j_[name] = v;
    return *this;
  }
  Obj& value(const char* name, json v) {
    j_[name] = std::move(v);
    return *this;
  }
  template <typename T, typename F>
  Obj& list(const char* name, const std::vector<T>& items, F each) {
    json a = json::array();
    for (const T& item : items) a.push_back(each(item));
    j_[name] = std::move(a);
    return *this;
  }
  json take() { return std::move(j_); }

 private:
  json j_ = json::object();
};

json tag_json(const Tag& t) { return json{{"Key", t.Key}, {"Value", t.Value}}; }

json vpc_sg_json(const VpcSecurityGroupMembership& m) {
  return Obj().str("VpcSecurityGroupId", m.VpcSecurityGroupId).str("Status", m.Status).take();
}

json member_json(const GlobalClusterMember& m) {
  return Obj()
      .str("DBClusterArn", m.DBClusterArn)
      .strings("Readers", m.Readers)
      .boolean("IsWriter", m.IsWriter)
      .str("GlobalWriteForwardingStatus", m.GlobalWriteForwardingStatus)
      .str("SynchronizationStatus", m.SynchronizationStatus)
      .take();
}

json scaling_json(const ServerlessV2ScalingConfiguration& s) {
  return Obj()
      .opt("MinCapacity", s.MinCapacity)
      .opt("MaxCapacity", s.MaxCapacity)
      .opt("SecondsUntilAutoPause", s.SecondsUntilAutoPause)
      .take();
}

json cluster_member_json(const DBClusterMember& m) {
  return Obj()
      .str("DBInstanceIdentifier", m.DBInstanceIdentifier)
      .boolean("IsClusterWriter", m.IsClusterWriter)
      .str("DBClusterParameterGroupStatus", m.DBClusterParameterGroupStatus)
      .opt("PromotionTier", m.PromotionTier)
      .take();
}

json subnet_group_json(const DBSubnetGroup& g) {
  return Obj()
      .str("DBSubnetGroupName", g.DBSubnetGroupName)
      .str("DBSubnetGroupDescription", g.DBSubnetGroupDescription)
      .str("VpcId", g.VpcId)
      .str("SubnetGroupStatus", g.SubnetGroupStatus)
      .list("Subnets", g.Subnets,
            [](const DBSubnet& s) {
              return Obj()
                  .str("SubnetIdentifier", s.SubnetIdentifier)
                  .value("SubnetAvailabilityZone",
                         Obj().str("Name", s.SubnetAvailabilityZone).take())
                  .str("SubnetStatus", s.SubnetStatus)
                  .take();
            })
      .str("DBSubnetGroupArn", g.DBSubnetGroupArn)
      .take();
}

}  // namespace

json to_json(const GlobalCluster& g) {
  Obj o;
  o.str("GlobalClusterIdentifier", g.GlobalClusterIdentifier)
      .str("GlobalClusterResourceId", g.GlobalClusterResourceId)
      .str("GlobalClusterArn", g.GlobalClusterArn)
      .str("Status", g.Status)
      .str("Engine", g.Engine)
      .str("EngineVersion", g.EngineVersion)
      .str("DatabaseName", g.DatabaseName)
      .opt("StorageEncrypted", g.StorageEncrypted)
      .opt("DeletionProtection", g.DeletionProtection)
      .list("GlobalClusterMembers", g.GlobalClusterMembers, member_json)
      .str("Endpoint", g.Endpoint);
  if (g.FailoverState) {
    const FailoverState& f = *g.FailoverState;
    o.value("FailoverState", Obj()
                                 .str("Status", f.Status)
                                 .str("FromDbClusterArn", f.FromDbClusterArn)
                                 .str("ToDbClusterArn", f.ToDbClusterArn)
                                 .boolean("IsDataLossAllowed", f.IsDataLossAllowed)
                                 .take());
  }
  o.list("TagList", g.TagList, tag_json);
  return o.take();
}

json to_json(const DBCluster& c) {
  Obj o;
  o.str("DBClusterIdentifier", c.DBClusterIdentifier)
      .str("DBClusterArn", c.DBClusterArn)
      .str("DbClusterResourceId", c.DbClusterResourceId)
      .str("Status", c.Status)
      .str("Engine", c.Engine)
      .str("EngineVersion", c.EngineVersion)
      .str("EngineMode", c.EngineMode)
      .str("DatabaseName", c.DatabaseName)
      .str("MasterUsername", c.MasterUsername)
      .str("Endpoint", c.Endpoint)
      .str("ReaderEndpoint", c.ReaderEndpoint)
      .str("HostedZoneId", c.HostedZoneId)
      .opt("Port", c.Port)
      .opt("MultiAZ", c.MultiAZ)
      .boolean("StorageEncrypted", c.StorageEncrypted)
      .str("KmsKeyId", c.KmsKeyId)
      .opt("BackupRetentionPeriod", c.BackupRetentionPeriod)
      .str("PreferredBackupWindow", c.PreferredBackupWindow)
      .str("PreferredMaintenanceWindow", c.PreferredMaintenanceWindow)
      .opt("DeletionProtection", c.DeletionProtection)
      .str("GlobalClusterIdentifier", c.GlobalClusterIdentifier)
      .str("GlobalWriteForwardingStatus", c.GlobalWriteForwardingStatus)
      .opt("GlobalWriteForwardingRequested", c.GlobalWriteForwardingRequested)
      .str("ReplicationSourceIdentifier", c.ReplicationSourceIdentifier)
      .strings("ReadReplicaIdentifiers", c.ReadReplicaIdentifiers)
      .list("DBClusterMembers", c.DBClusterMembers, cluster_member_json);
  if (c.ServerlessV2ScalingConfiguration) {
    o.value("ServerlessV2ScalingConfiguration", scaling_json(*c.ServerlessV2ScalingConfiguration));
  }
  o.strings("AvailabilityZones", c.AvailabilityZones)
      .list("VpcSecurityGroups", c.VpcSecurityGroups, vpc_sg_json)
      .str("DBSubnetGroup", c.DBSubnetGroup)
      .str("DBClusterParameterGroup", c.DBClusterParameterGroup)
      .str("DBClusterInstanceClass", c.DBClusterInstanceClass)
      .str("StorageType", c.StorageType)
      .str("NetworkType", c.NetworkType)
      .opt("IAMDatabaseAuthenticationEnabled", c.IAMDatabaseAuthenticationEnabled)
      .time("ClusterCreateTime", c.ClusterCreateTime)
      .time("EarliestRestorableTime", c.EarliestRestorableTime)
      .time("LatestRestorableTime", c.LatestRestorableTime)
      .list("TagList", c.TagList, tag_json);
  return o.take();
}

json to_json(const DBInstance& i) {
  Obj o;
  o.str("DBInstanceIdentifier", i.DBInstanceIdentifier)
      .str("DBInstanceArn", i.DBInstanceArn)
      .str("DbiResourceId", i.DbiResourceId)
      .str("DBInstanceClass", i.DBInstanceClass)
      .str("Engine", i.Engine)
      .str("EngineVersion", i.EngineVersion)
      .str("DBInstanceStatus", i.DBInstanceStatus)
      .str("DBClusterIdentifier", i.DBClusterIdentifier)
      .str("MasterUsername", i.MasterUsername)
      .str("DBName", i.DBName);
  if (i.Endpoint) {
    o.value("Endpoint", Obj()
                            .str("Address", i.Endpoint->Address)
                            .opt("Port", i.Endpoint->Port)
                            .str("HostedZoneId", i.Endpoint->HostedZoneId)
                            .take());
  }
  o.opt("AllocatedStorage", i.AllocatedStorage)
      .opt("BackupRetentionPeriod", i.BackupRetentionPeriod)
      .str("AvailabilityZone", i.AvailabilityZone)
      .str("SecondaryAvailabilityZone", i.SecondaryAvailabilityZone)
      .opt("MultiAZ", i.MultiAZ)
      .opt("PubliclyAccessible", i.PubliclyAccessible)
      .opt("StorageEncrypted", i.StorageEncrypted)
      .str("KmsKeyId", i.KmsKeyId)
      .str("StorageType", i.StorageType)
      .opt("DeletionProtection", i.DeletionProtection)
      .opt("AutoMinorVersionUpgrade", i.AutoMinorVersionUpgrade)
      .opt("PromotionTier", i.PromotionTier)
      .opt("MonitoringInterval", i.MonitoringInterval)
      .opt("PerformanceInsightsEnabled", i.PerformanceInsightsEnabled);
  if (i.DBSubnetGroup) o.value("DBSubnetGroup", subnet_group_json(*i.DBSubnetGroup));
  o.list("VpcSecurityGroups", i.VpcSecurityGroups, vpc_sg_json)
      .str("ReadReplicaSourceDBInstanceIdentifier", i.ReadReplicaSourceDBInstanceIdentifier)
      .strings("ReadReplicaDBInstanceIdentifiers", i.ReadReplicaDBInstanceIdentifiers)
      .time("InstanceCreateTime", i.InstanceCreateTime)
      .time("LatestRestorableTime", i.LatestRestorableTime)
      .list("TagList", i.TagList, tag_json);
  return o.take();
}

json to_json(const RdsEvent& e) {
  return Obj()
      .str("SourceIdentifier", e.SourceIdentifier)
      .str("SourceType", e.SourceType)
      .str("Message", e.Message)
      .strings("EventCategories", e.EventCategories)
      .time("Date", e.Date)
      .str("SourceArn", e.SourceArn)
      .take();
}

namespace {

template <typename T>
json page_json(const char* items_name, const std::vector<T>& items, const std::string& marker) {
  Obj o;
  o.str("Marker", marker);
  o.list(items_name, items, [](const T& item) { return to_json(item); });
  return o.take();
}

}  // namespace

json to_json(const DescribeGlobalClustersResult& r) {
  return page_json("GlobalClusters", r.GlobalClusters, r.Marker);
}
json to_json(const DescribeDBClustersResult& r) {
  return page_json("DBClusters", r.DBClusters, r.Marker);
}
json to_json(const DescribeDBInstancesResult& r) {
  return page_json("DBInstances", r.DBInstances, r.Marker);
}
json to_json(const DescribeEventsResult& r) { return page_json("Events", r.Events, r.Marker); }
json to_json(const CreateGlobalClusterResult& r) {
  return json{{"GlobalCluster", to_json(r.GlobalCluster)}};
}
json to_json(const CreateDBClusterResult& r) { return json{{"DBCluster", to_json(r.DBCluster)}}; }
json to_json(const CreateDBInstanceResult& r) {
  return json{{"DBInstance", to_json(r.DBInstance)}};
}
json to_json(const DeleteDBClusterResult& r) { return json{{"DBCluster", to_json(r.DBCluster)}}; }
json to_json(const DeleteDBInstanceResult& r) {
  return json{{"DBInstance", to_json(r.DBInstance)}};
}
json to_json(const DeleteGlobalClusterResult& r) {
  return json{{"GlobalCluster", to_json(r.GlobalCluster)}};
}
json to_json(const RemoveFromGlobalClusterResult& r) {
  return json{{"GlobalCluster", to_json(r.GlobalCluster)}};
}
json to_json(const FailoverGlobalClusterResult& r) {
  return json{{"GlobalCluster", to_json(r.GlobalCluster)}};
}
json to_json(const SwitchoverGlobalClusterResult& r) {
  return json{{"GlobalCluster", to_json(r.GlobalCluster)}};
}

}  // namespace drh::aws
