// RDS response decoding: Query XML into the typed shapes of drh/aws/rds.h.
#include "rds_codec.h"

#include <limits>

#include "drh/protocol/timestamp.h"
#include "drh/protocol/xml.h"

namespace drh::aws {
namespace {

// Reads members of one operation's answer, remembering the first malformed value so the
// shape readers stay linear; the error names the operation, the element and its parent.
class Decoder {
 public:
  explicit Decoder(std::string_view operation) : operation_(operation) {}

  std::string str(pugi::xml_node node, const char* name) const {
    return std::string(children_.find(node, name).child_value());
  }

  std::optional<int> opt_int(pugi::xml_node node, const char* name) {
    auto text = present(node, name);
    if (!text) return std::nullopt;
    auto v = xml::to_int(*text);
    if (!v || *v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) {
      invalid(node, name, "a 32-bit integer", *text);
      return std::nullopt;
    }
    return static_cast<int>(*v);
  }

  std::optional<double> opt_double(pugi::xml_node node, const char* name) {
    auto text = present(node, name);
    if (!text) return std::nullopt;
    auto v = xml::to_double(*text);
    if (!v) invalid(node, name, "a number", *text);
    return v;
  }

  std::optional<bool> opt_bool(pugi::xml_node node, const char* name) {
    auto text = present(node, name);
    if (!text) return std::nullopt;
    auto v = xml::to_bool(*text);
    if (!v) invalid(node, name, "a boolean", *text);
    return v;
  }

  bool flag(pugi::xml_node node, const char* name) { return opt_bool(node, name).value_or(false); }

  std::optional<TimePoint> time(pugi::xml_node node, const char* name) {
    auto text = present(node, name);
    if (!text) return std::nullopt;
    auto t = parse_iso8601(*text);
    if (!t) {
      fail(make_error(ErrorKind::kDecode, "InvalidElement",
                      prefix() + "<" + name + "> in <" + node.name() + ">: " + t.error().message));
      return std::nullopt;
    }
    return *t;
  }

  /// The child element `name` (the first of that name), empty when absent. Goes through
  /// the index: node.child() compares every sibling's name, and a cluster has ~60.
  pugi::xml_node child(pugi::xml_node node, const char* name) const {
    return children_.find(node, name);
  }

  /// Items of the list element `list_name` inside `node` (empty when absent).
  xml::ElementRange list(pugi::xml_node node, const char* list_name) const {
    return xml::members(child(node, list_name));
  }

  std::vector<std::string> strings(pugi::xml_node node, const char* list_name) const {
    std::vector<std::string> out;
    for (pugi::xml_node m : list(node, list_name)) out.emplace_back(m.child_value());
    return out;
  }

  std::vector<Tag> tags(pugi::xml_node node, const char* list_name) const {
    std::vector<Tag> out;
    for (pugi::xml_node t : list(node, list_name)) {
      out.push_back(Tag{str(t, "Key"), str(t, "Value")});
    }
    return out;
  }

  /// The child element that must hold the result's one structure.
  pugi::xml_node required(pugi::xml_node node, const char* name) {
    pugi::xml_node c = children_.find(node, name);
    if (!c) {
      fail(make_error(ErrorKind::kDecode, "MissingElement",
                      prefix() + "missing <" + name + "> in <" + node.name() + ">"));
    }
    return c;
  }

  const std::optional<Error>& error() const { return error_; }

 private:
  // Absent and empty elements both mean "not set": AWS writes <Port/> for a null.
  std::optional<std::string_view> present(pugi::xml_node node, const char* name) const {
    pugi::xml_node c = children_.find(node, name);
    if (!c) return std::nullopt;
    std::string_view text = c.child_value();
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::nullopt;
    return text;
  }

  std::string prefix() const { return std::string(operation_) + ": "; }

  void invalid(pugi::xml_node node, const char* name, std::string_view what,
               std::string_view text) {
    std::string shown(text.substr(0, 64));
    fail(make_error(ErrorKind::kDecode, "InvalidElement",
                    prefix() + "<" + name + "> in <" + node.name() + "> is not " +
                        std::string(what) + ": '" + shown + "'"));
  }

  void fail(Error e) {
    if (!error_) error_ = std::move(e);
  }

  std::string_view operation_;
  std::optional<Error> error_;
  mutable xml::ChildIndex children_;  // ~60 fields a cluster: index each element once
};

GlobalCluster read_global_cluster(Decoder& d, pugi::xml_node n) {
  GlobalCluster g;
  g.GlobalClusterIdentifier = d.str(n, "GlobalClusterIdentifier");
  g.GlobalClusterResourceId = d.str(n, "GlobalClusterResourceId");
  g.GlobalClusterArn = d.str(n, "GlobalClusterArn");
  g.Status = d.str(n, "Status");
  g.Engine = d.str(n, "Engine");
  g.EngineVersion = d.str(n, "EngineVersion");
  g.DatabaseName = d.str(n, "DatabaseName");
  g.StorageEncrypted = d.opt_bool(n, "StorageEncrypted");
  g.DeletionProtection = d.opt_bool(n, "DeletionProtection");
  for (pugi::xml_node m : d.list(n, "GlobalClusterMembers")) {
    GlobalClusterMember member;
    member.DBClusterArn = d.str(m, "DBClusterArn");
    member.Readers = d.strings(m, "Readers");
    member.IsWriter = d.flag(m, "IsWriter");
    member.GlobalWriteForwardingStatus = d.str(m, "GlobalWriteForwardingStatus");
    member.SynchronizationStatus = d.str(m, "SynchronizationStatus");
    g.GlobalClusterMembers.push_back(std::move(member));
  }
  g.Endpoint = d.str(n, "Endpoint");
  // An empty <FailoverState/> means no failover is in progress.
  if (pugi::xml_node f = d.child(n, "FailoverState"); f && f.first_child()) {
    FailoverState state;
    state.Status = d.str(f, "Status");
    state.FromDbClusterArn = d.str(f, "FromDbClusterArn");
    state.ToDbClusterArn = d.str(f, "ToDbClusterArn");
    state.IsDataLossAllowed = d.flag(f, "IsDataLossAllowed");
    g.FailoverState = std::move(state);
  }
  g.TagList = d.tags(n, "TagList");
  return g;
}

std::vector<VpcSecurityGroupMembership> read_vpc_security_groups(Decoder& d, pugi::xml_node n) {
  std::vector<VpcSecurityGroupMembership> out;
  for (pugi::xml_node m : d.list(n, "VpcSecurityGroups")) {
    out.push_back({d.str(m, "VpcSecurityGroupId"), d.str(m, "Status")});
  }
  return out;
}

DBCluster read_db_cluster(Decoder& d, pugi::xml_node n) {
  DBCluster c;
  c.DBClusterIdentifier = d.str(n, "DBClusterIdentifier");
  c.DBClusterArn = d.str(n, "DBClusterArn");
  c.DbClusterResourceId = d.str(n, "DbClusterResourceId");
  c.Status = d.str(n, "Status");
  c.Engine = d.str(n, "Engine");
  c.EngineVersion = d.str(n, "EngineVersion");
  c.EngineMode = d.str(n, "EngineMode");
  c.DatabaseName = d.str(n, "DatabaseName");
  c.MasterUsername = d.str(n, "MasterUsername");
  c.Endpoint = d.str(n, "Endpoint");
  c.ReaderEndpoint = d.str(n, "ReaderEndpoint");
  c.HostedZoneId = d.str(n, "HostedZoneId");
  c.Port = d.opt_int(n, "Port");
  c.MultiAZ = d.opt_bool(n, "MultiAZ");
  c.StorageEncrypted = d.flag(n, "StorageEncrypted");
  c.KmsKeyId = d.str(n, "KmsKeyId");
  c.BackupRetentionPeriod = d.opt_int(n, "BackupRetentionPeriod");
  c.PreferredBackupWindow = d.str(n, "PreferredBackupWindow");
  c.PreferredMaintenanceWindow = d.str(n, "PreferredMaintenanceWindow");
  c.DeletionProtection = d.opt_bool(n, "DeletionProtection");
  c.GlobalClusterIdentifier = d.str(n, "GlobalClusterIdentifier");
  c.GlobalWriteForwardingStatus = d.str(n, "GlobalWriteForwardingStatus");
  c.GlobalWriteForwardingRequested = d.opt_bool(n, "GlobalWriteForwardingRequested");
  c.ReplicationSourceIdentifier = d.str(n, "ReplicationSourceIdentifier");
  c.ReadReplicaIdentifiers = d.strings(n, "ReadReplicaIdentifiers");
  for (pugi::xml_node m : d.list(n, "DBClusterMembers")) {
    DBClusterMember member;
    member.DBInstanceIdentifier = d.str(m, "DBInstanceIdentifier");
    member.IsClusterWriter = d.flag(m, "IsClusterWriter");
    member.DBClusterParameterGroupStatus = d.str(m, "DBClusterParameterGroupStatus");
    member.PromotionTier = d.opt_int(m, "PromotionTier");
    c.DBClusterMembers.push_back(std::move(member));
  }
  if (pugi::xml_node s = d.child(n, "ServerlessV2ScalingConfiguration"); s && s.first_child()) {
    ServerlessV2ScalingConfiguration sc;
    sc.MinCapacity = d.opt_double(s, "MinCapacity");
    sc.MaxCapacity = d.opt_double(s, "MaxCapacity");
    sc.SecondsUntilAutoPause = d.opt_int(s, "SecondsUntilAutoPause");
    c.ServerlessV2ScalingConfiguration = sc;
  }
  c.AvailabilityZones = d.strings(n, "AvailabilityZones");
  c.VpcSecurityGroups = read_vpc_security_groups(d, n);
  c.DBSubnetGroup = d.str(n, "DBSubnetGroup");
  c.DBClusterParameterGroup = d.str(n, "DBClusterParameterGroup");
  c.DBClusterInstanceClass = d.str(n, "DBClusterInstanceClass");
  c.StorageType = d.str(n, "StorageType");
  c.NetworkType = d.str(n, "NetworkType");
  c.IAMDatabaseAuthenticationEnabled = d.opt_bool(n, "IAMDatabaseAuthenticationEnabled");
  c.ClusterCreateTime = d.time(n, "ClusterCreateTime");
  c.EarliestRestorableTime = d.time(n, "EarliestRestorableTime");
  c.LatestRestorableTime = d.time(n, "LatestRestorableTime");
  c.TagList = d.tags(n, "TagList");
  return c;
}

DBInstance read_db_instance(Decoder& d, pugi::xml_node n) {
  DBInstance i;
  i.DBInstanceIdentifier = d.str(n, "DBInstanceIdentifier");
  i.DBInstanceArn = d.str(n, "DBInstanceArn");
  i.DbiResourceId = d.str(n, "DbiResourceId");
  i.DBInstanceClass = d.str(n, "DBInstanceClass");
  i.Engine = d.str(n, "Engine");
  i.EngineVersion = d.str(n, "EngineVersion");
  i.DBInstanceStatus = d.str(n, "DBInstanceStatus");
  i.DBClusterIdentifier = d.str(n, "DBClusterIdentifier");
  i.MasterUsername = d.str(n, "MasterUsername");
  i.DBName = d.str(n, "DBName");
  if (pugi::xml_node e = d.child(n, "Endpoint"); e && e.first_child()) {
    i.Endpoint = RdsEndpoint{d.str(e, "Address"), d.opt_int(e, "Port"), d.str(e, "HostedZoneId")};
  }
  i.AllocatedStorage = d.opt_int(n, "AllocatedStorage");
  i.BackupRetentionPeriod = d.opt_int(n, "BackupRetentionPeriod");
  i.AvailabilityZone = d.str(n, "AvailabilityZone");
  i.SecondaryAvailabilityZone = d.str(n, "SecondaryAvailabilityZone");
  i.MultiAZ = d.opt_bool(n, "MultiAZ");
  i.PubliclyAccessible = d.opt_bool(n, "PubliclyAccessible");
  i.StorageEncrypted = d.opt_bool(n, "StorageEncrypted");
  i.KmsKeyId = d.str(n, "KmsKeyId");
  i.StorageType = d.str(n, "StorageType");
  i.DeletionProtection = d.opt_bool(n, "DeletionProtection");
  i.AutoMinorVersionUpgrade = d.opt_bool(n, "AutoMinorVersionUpgrade");
  i.PromotionTier = d.opt_int(n, "PromotionTier");
  i.MonitoringInterval = d.opt_int(n, "MonitoringInterval");
  i.PerformanceInsightsEnabled = d.opt_bool(n, "PerformanceInsightsEnabled");
  if (pugi::xml_node g = d.child(n, "DBSubnetGroup"); g && g.first_child()) {
    DBSubnetGroup group;
    group.DBSubnetGroupName = d.str(g, "DBSubnetGroupName");
    group.DBSubnetGroupDescription = d.str(g, "DBSubnetGroupDescription");
    group.VpcId = d.str(g, "VpcId");
    group.SubnetGroupStatus = d.str(g, "SubnetGroupStatus");
    for (pugi::xml_node s : d.list(g, "Subnets")) {
      group.Subnets.push_back({d.str(s, "SubnetIdentifier"),
                               d.str(d.child(s, "SubnetAvailabilityZone"), "Name"),
                               d.str(s, "SubnetStatus")});
    }
    group.DBSubnetGroupArn = d.str(g, "DBSubnetGroupArn");
    i.DBSubnetGroup = std::move(group);
  }
  i.VpcSecurityGroups = read_vpc_security_groups(d, n);
  i.ReadReplicaSourceDBInstanceIdentifier = d.str(n, "ReadReplicaSourceDBInstanceIdentifier");
  i.ReadReplicaDBInstanceIdentifiers = d.strings(n, "ReadReplicaDBInstanceIdentifiers");
  i.InstanceCreateTime = d.time(n, "InstanceCreateTime");
  i.LatestRestorableTime = d.time(n, "LatestRestorableTime");
  i.TagList = d.tags(n, "TagList");
  return i;
}

RdsEvent read_event(Decoder& d, pugi::xml_node n) {
  RdsEvent e;
  e.SourceIdentifier = d.str(n, "SourceIdentifier");
  e.SourceType = d.str(n, "SourceType");
  e.Message = d.str(n, "Message");
  e.EventCategories = d.strings(n, "EventCategories");
  e.Date = d.time(n, "Date");
  e.SourceArn = d.str(n, "SourceArn");
  return e;
}

// Parses the envelope and hands the <OpResult> node to `read`, which fills `out`.
template <typename T, typename Read>
Result<T> decode(const HttpResponse& response, std::string_view operation, Read read) {
  pugi::xml_document doc;
  auto result = load_query_result(doc, response.body, operation);
  if (!result) {
    Error e = result.error();
    e.message = std::string(operation) + ": " + e.message;
    return e;
  }
  Decoder d(operation);
  T out;
  read(d, *result, out);
  if (d.error()) return *d.error();
  return out;
}

// Results that hold one structure named `element`.
template <typename T, typename Shape, typename ReadShape>
Result<T> decode_single(const HttpResponse& response, std::string_view operation,
                        const char* element, Shape T::*member, ReadShape read_shape) {
  return decode<T>(response, operation, [&](Decoder& d, pugi::xml_node result, T& out) {
    pugi::xml_node node = d.required(result, element);
    if (node) out.*member = read_shape(d, node);
  });
}

}  // namespace

Result<DescribeGlobalClustersResult> decode_DescribeGlobalClusters(const HttpResponse& response) {
  return decode<DescribeGlobalClustersResult>(
      response, "DescribeGlobalClusters",
      [](Decoder& d, pugi::xml_node r, DescribeGlobalClustersResult& out) {
        out.Marker = d.str(r, "Marker");
        // The model names these items <GlobalClusterMember>; members() takes any name.
        for (pugi::xml_node g : d.list(r, "GlobalClusters")) {
          out.GlobalClusters.push_back(read_global_cluster(d, g));
        }
      });
}

Result<DescribeDBClustersResult> decode_DescribeDBClusters(const HttpResponse& response) {
  return decode<DescribeDBClustersResult>(
      response, "DescribeDBClusters",
      [](Decoder& d, pugi::xml_node r, DescribeDBClustersResult& out) {
        out.Marker = d.str(r, "Marker");
        for (pugi::xml_node c : d.list(r, "DBClusters")) {
          out.DBClusters.push_back(read_db_cluster(d, c));
        }
      });
}

Result<DescribeDBInstancesResult> decode_DescribeDBInstances(const HttpResponse& response) {
  return decode<DescribeDBInstancesResult>(
      response, "DescribeDBInstances",
      [](Decoder& d, pugi::xml_node r, DescribeDBInstancesResult& out) {
        out.Marker = d.str(r, "Marker");
        for (pugi::xml_node i : d.list(r, "DBInstances")) {
          out.DBInstances.push_back(read_db_instance(d, i));
        }
      });
}

Result<DescribeEventsResult> decode_DescribeEvents(const HttpResponse& response) {
  return decode<DescribeEventsResult>(response, "DescribeEvents",
                                      [](Decoder& d, pugi::xml_node r, DescribeEventsResult& out) {
                                        out.Marker = d.str(r, "Marker");
                                        for (pugi::xml_node e : d.list(r, "Events"))
                                          out.Events.push_back(read_event(d, e));
                                      });
}

Result<CreateGlobalClusterResult> decode_CreateGlobalCluster(const HttpResponse& response) {
  return decode_single(response, "CreateGlobalCluster", "GlobalCluster",
                       &CreateGlobalClusterResult::GlobalCluster, read_global_cluster);
}

Result<CreateDBClusterResult> decode_CreateDBCluster(const HttpResponse& response) {
  return decode_single(response, "CreateDBCluster", "DBCluster", &CreateDBClusterResult::DBCluster,
                       read_db_cluster);
}

Result<CreateDBInstanceResult> decode_CreateDBInstance(const HttpResponse& response) {
  return decode_single(response, "CreateDBInstance", "DBInstance",
                       &CreateDBInstanceResult::DBInstance, read_db_instance);
}

Result<DeleteDBClusterResult> decode_DeleteDBCluster(const HttpResponse& response) {
  return decode_single(response, "DeleteDBCluster", "DBCluster", &DeleteDBClusterResult::DBCluster,
                       read_db_cluster);
}

Result<DeleteDBInstanceResult> decode_DeleteDBInstance(const HttpResponse& response) {
  return decode_single(response, "DeleteDBInstance", "DBInstance",
                       &DeleteDBInstanceResult::DBInstance, read_db_instance);
}

Result<DeleteGlobalClusterResult> decode_DeleteGlobalCluster(const HttpResponse& response) {
  return decode_single(response, "DeleteGlobalCluster", "GlobalCluster",
                       &DeleteGlobalClusterResult::GlobalCluster, read_global_cluster);
}

Result<RemoveFromGlobalClusterResult> decode_RemoveFromGlobalCluster(const HttpResponse& response) {
  return decode_single(response, "RemoveFromGlobalCluster", "GlobalCluster",
                       &RemoveFromGlobalClusterResult::GlobalCluster, read_global_cluster);
}

Result<FailoverGlobalClusterResult> decode_FailoverGlobalCluster(const HttpResponse& response) {
  return decode_single(response, "FailoverGlobalCluster", "GlobalCluster",
                       &FailoverGlobalClusterResult::GlobalCluster, read_global_cluster);
}

Result<SwitchoverGlobalClusterResult> decode_SwitchoverGlobalCluster(const HttpResponse& response) {
  return decode_single(response, "SwitchoverGlobalCluster", "GlobalCluster",
                       &SwitchoverGlobalClusterResult::GlobalCluster, read_global_cluster);
}

}  // namespace drh::aws
