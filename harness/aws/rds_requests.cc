// RDS request parameters, flattened the Query way with the model's list member names.
#include "drh/protocol/timestamp.h"
#include "rds_codec.h"

namespace drh::aws {
namespace {

Status require(std::string_view operation, const char* member, const std::string& value) {
  if (!value.empty()) return Ok{};
  return invalid_input(std::string(operation) + ": " + member + " is required");
}

void add_if(QueryParams& p, std::string key, const std::string& value) {
  if (!value.empty()) p.add(std::move(key), std::string_view(value));
}
void add_if(QueryParams& p, std::string key, const std::optional<bool>& value) {
  if (value) p.add(std::move(key), *value);
}
void add_if(QueryParams& p, std::string key, const std::optional<int>& value) {
  if (value) p.add(std::move(key), *value);
}
void add_if(QueryParams& p, std::string key, const std::optional<double>& value) {
  if (value) p.add(std::move(key), *value);
}
void add_if(QueryParams& p, std::string key, const std::optional<TimePoint>& value) {
  if (value)
    p.add(std::move(key), std::string_view(format_timestamp(*value, TimestampFormat::kIso8601)));
}
void add_list_if(QueryParams& p, std::string_view name, const std::vector<std::string>& values,
                 std::string_view member_name) {
  if (!values.empty()) p.add_list(name, values, QueryStyle::kQuery, member_name);
}

// Filters.Filter.N.Name, Filters.Filter.N.Values.Value.M. Values is required by the model,
// so an empty one goes out as the Query protocol's empty list ("...Values=").
Status add_filters(QueryParams& p, std::string_view operation, const std::vector<Filter>& filters) {
  for (std::size_t i = 0; i < filters.size(); ++i) {
    if (filters[i].Name.empty()) {
      return invalid_input(std::string(operation) + ": Filters[" + std::to_string(i) +
                           "].Name is required");
    }
    auto item = p.item("Filters", i + 1, QueryStyle::kQuery, "Filter");
    item.add("Name", std::string_view(filters[i].Name));
    item.add_list("Values", filters[i].Values, QueryStyle::kQuery, "Value");
  }
  return Ok{};
}

// Tags.Tag.N.Key / Tags.Tag.N.Value.
void add_tags(QueryParams& p, const std::vector<Tag>& tags) {
  for (std::size_t i = 0; i < tags.size(); ++i) {
    auto item = p.item("Tags", i + 1, QueryStyle::kQuery, "Tag");
    item.add("Key", std::string_view(tags[i].Key));
    item.add("Value", std::string_view(tags[i].Value));
  }
}

void add_paging(QueryParams& p, const std::optional<int>& max_records, const std::string& marker) {
  add_if(p, "MaxRecords", max_records);
  add_if(p, "Marker", marker);
}

}  // namespace

Result<QueryParams> encode_DescribeGlobalClusters(const DescribeGlobalClustersRequest& r) {
  QueryParams p;
  add_if(p, "GlobalClusterIdentifier", r.GlobalClusterIdentifier);
  if (Status s = add_filters(p, "DescribeGlobalClusters", r.Filters); !s) return s.error();
  add_paging(p, r.MaxRecords, r.Marker);
  return p;
}

Result<QueryParams> encode_DescribeDBClusters(const DescribeDBClustersRequest& r) {
  QueryParams p;
  add_if(p, "DBClusterIdentifier", r.DBClusterIdentifier);
  if (Status s = add_filters(p, "DescribeDBClusters", r.Filters); !s) return s.error();
  add_paging(p, r.MaxRecords, r.Marker);
  add_if(p, "IncludeShared", r.IncludeShared);
  return p;
}

Result<QueryParams> encode_DescribeDBInstances(const DescribeDBInstancesRequest& r) {
  QueryParams p;
  add_if(p, "DBInstanceIdentifier", r.DBInstanceIdentifier);
  if (Status s = add_filters(p, "DescribeDBInstances", r.Filters); !s) return s.error();
  add_paging(p, r.MaxRecords, r.Marker);
  return p;
}

Result<QueryParams> encode_DescribeEvents(const DescribeEventsRequest& r) {
  QueryParams p;
  add_if(p, "SourceIdentifier", r.SourceIdentifier);
  add_if(p, "SourceType", r.SourceType);
  add_if(p, "StartTime", r.StartTime);
  add_if(p, "EndTime", r.EndTime);
  add_if(p, "Duration", r.Duration);
  add_list_if(p, "EventCategories", r.EventCategories, "EventCategory");
  if (Status s = add_filters(p, "DescribeEvents", r.Filters); !s) return s.error();
  add_paging(p, r.MaxRecords, r.Marker);
  return p;
}

Result<QueryParams> encode_CreateGlobalCluster(const CreateGlobalClusterRequest& r) {
  if (Status s =
          require("CreateGlobalCluster", "GlobalClusterIdentifier", r.GlobalClusterIdentifier);
      !s) {
    return s.error();
  }
  QueryParams p;
  p.add("GlobalClusterIdentifier", std::string_view(r.GlobalClusterIdentifier));
  add_if(p, "SourceDBClusterIdentifier", r.SourceDBClusterIdentifier);
  add_if(p, "Engine", r.Engine);
  add_if(p, "EngineVersion", r.EngineVersion);
  add_if(p, "DeletionProtection", r.DeletionProtection);
  add_if(p, "DatabaseName", r.DatabaseName);
  add_if(p, "StorageEncrypted", r.StorageEncrypted);
  add_tags(p, r.Tags);
  return p;
}

Result<QueryParams> encode_CreateDBCluster(const CreateDBClusterRequest& r) {
  if (Status s = require("CreateDBCluster", "DBClusterIdentifier", r.DBClusterIdentifier); !s) {
    return s.error();
  }
  if (Status s = require("CreateDBCluster", "Engine", r.Engine); !s) return s.error();
  QueryParams p;
  add_list_if(p, "AvailabilityZones", r.AvailabilityZones, "AvailabilityZone");
  add_if(p, "BackupRetentionPeriod", r.BackupRetentionPeriod);
  add_if(p, "DatabaseName", r.DatabaseName);
  p.add("DBClusterIdentifier", std::string_view(r.DBClusterIdentifier));
  add_if(p, "DBClusterParameterGroupName", r.DBClusterParameterGroupName);
  add_list_if(p, "VpcSecurityGroupIds", r.VpcSecurityGroupIds, "VpcSecurityGroupId");
  add_if(p, "DBSubnetGroupName", r.DBSubnetGroupName);
  p.add("Engine", std::string_view(r.Engine));
  add_if(p, "EngineVersion", r.EngineVersion);
  add_if(p, "Port", r.Port);
  add_if(p, "MasterUsername", r.MasterUsername);
  add_if(p, "MasterUserPassword", r.MasterUserPassword);
  add_if(p, "PreferredBackupWindow", r.PreferredBackupWindow);
  add_if(p, "PreferredMaintenanceWindow", r.PreferredMaintenanceWindow);
  add_if(p, "ReplicationSourceIdentifier", r.ReplicationSourceIdentifier);
  add_tags(p, r.Tags);
  add_if(p, "StorageEncrypted", r.StorageEncrypted);
  add_if(p, "KmsKeyId", r.KmsKeyId);
  add_if(p, "EnableIAMDatabaseAuthentication", r.EnableIAMDatabaseAuthentication);
  add_if(p, "EngineMode", r.EngineMode);
  add_if(p, "DBClusterInstanceClass", r.DBClusterInstanceClass);
  add_if(p, "StorageType", r.StorageType);
  add_if(p, "DeletionProtection", r.DeletionProtection);
  add_if(p, "GlobalClusterIdentifier", r.GlobalClusterIdentifier);
  add_if(p, "CopyTagsToSnapshot", r.CopyTagsToSnapshot);
  add_if(p, "EnableGlobalWriteForwarding", r.EnableGlobalWriteForwarding);
  if (r.ServerlessV2ScalingConfiguration) {
    const auto& sc = *r.ServerlessV2ScalingConfiguration;
    add_if(p, "ServerlessV2ScalingConfiguration.MinCapacity", sc.MinCapacity);
    add_if(p, "ServerlessV2ScalingConfiguration.MaxCapacity", sc.MaxCapacity);
    add_if(p, "ServerlessV2ScalingConfiguration.SecondsUntilAutoPause", sc.SecondsUntilAutoPause);
  }
  add_if(p, "ManageMasterUserPassword", r.ManageMasterUserPassword);
  return p;
}

Result<QueryParams> encode_CreateDBInstance(const CreateDBInstanceRequest& r) {
  if (Status s = require("CreateDBInstance", "DBInstanceIdentifier", r.DBInstanceIdentifier); !s) {
    return s.error();
  }
  if (Status s = require("CreateDBInstance", "DBInstanceClass", r.DBInstanceClass); !s) {
    return s.error();
  }
  if (Status s = require("CreateDBInstance", "Engine", r.Engine); !s) return s.error();
  QueryParams p;
  add_if(p, "DBName", r.DBName);
  p.add("DBInstanceIdentifier", std::string_view(r.DBInstanceIdentifier));
  add_if(p, "AllocatedStorage", r.AllocatedStorage);
  p.add("DBInstanceClass", std::string_view(r.DBInstanceClass));
  p.add("Engine", std::string_view(r.Engine));
  add_if(p, "MasterUsername", r.MasterUsername);
  add_if(p, "MasterUserPassword", r.MasterUserPassword);
  add_list_if(p, "VpcSecurityGroupIds", r.VpcSecurityGroupIds, "VpcSecurityGroupId");
  add_if(p, "AvailabilityZone", r.AvailabilityZone);
  add_if(p, "DBSubnetGroupName", r.DBSubnetGroupName);
  add_if(p, "DBParameterGroupName", r.DBParameterGroupName);
  add_if(p, "BackupRetentionPeriod", r.BackupRetentionPeriod);
  add_if(p, "MultiAZ", r.MultiAZ);
  add_if(p, "EngineVersion", r.EngineVersion);
  add_if(p, "AutoMinorVersionUpgrade", r.AutoMinorVersionUpgrade);
  add_if(p, "PubliclyAccessible", r.PubliclyAccessible);
  add_tags(p, r.Tags);
  add_if(p, "DBClusterIdentifier", r.DBClusterIdentifier);
  add_if(p, "StorageEncrypted", r.StorageEncrypted);
  add_if(p, "KmsKeyId", r.KmsKeyId);
  add_if(p, "MonitoringInterval", r.MonitoringInterval);
  add_if(p, "MonitoringRoleArn", r.MonitoringRoleArn);
  add_if(p, "PromotionTier", r.PromotionTier);
  add_if(p, "EnablePerformanceInsights", r.EnablePerformanceInsights);
  add_if(p, "DeletionProtection", r.DeletionProtection);
  return p;
}

Result<QueryParams> encode_DeleteDBCluster(const DeleteDBClusterRequest& r) {
  if (Status s = require("DeleteDBCluster", "DBClusterIdentifier", r.DBClusterIdentifier); !s) {
    return s.error();
  }
  QueryParams p;
  p.add("DBClusterIdentifier", std::string_view(r.DBClusterIdentifier));
  add_if(p, "SkipFinalSnapshot", r.SkipFinalSnapshot);
  add_if(p, "FinalDBSnapshotIdentifier", r.FinalDBSnapshotIdentifier);
  add_if(p, "DeleteAutomatedBackups", r.DeleteAutomatedBackups);
  return p;
}

Result<QueryParams> encode_DeleteDBInstance(const DeleteDBInstanceRequest& r) {
  if (Status s = require("DeleteDBInstance", "DBInstanceIdentifier", r.DBInstanceIdentifier); !s) {
    return s.error();
  }
  QueryParams p;
  p.add("DBInstanceIdentifier", std::string_view(r.DBInstanceIdentifier));
  add_if(p, "SkipFinalSnapshot", r.SkipFinalSnapshot);
  add_if(p, "FinalDBSnapshotIdentifier", r.FinalDBSnapshotIdentifier);
  add_if(p, "DeleteAutomatedBackups", r.DeleteAutomatedBackups);
  return p;
}

Result<QueryParams> encode_DeleteGlobalCluster(const DeleteGlobalClusterRequest& r) {
  if (Status s =
          require("DeleteGlobalCluster", "GlobalClusterIdentifier", r.GlobalClusterIdentifier);
      !s) {
    return s.error();
  }
  QueryParams p;
  p.add("GlobalClusterIdentifier", std::string_view(r.GlobalClusterIdentifier));
  return p;
}

Result<QueryParams> encode_RemoveFromGlobalCluster(const RemoveFromGlobalClusterRequest& r) {
  if (Status s =
          require("RemoveFromGlobalCluster", "GlobalClusterIdentifier", r.GlobalClusterIdentifier);
      !s) {
    return s.error();
  }
  if (Status s = require("RemoveFromGlobalCluster", "DbClusterIdentifier", r.DbClusterIdentifier);
      !s) {
    return s.error();
  }
  QueryParams p;
  p.add("GlobalClusterIdentifier", std::string_view(r.GlobalClusterIdentifier));
  p.add("DbClusterIdentifier", std::string_view(r.DbClusterIdentifier));
  return p;
}

Result<QueryParams> encode_FailoverGlobalCluster(const FailoverGlobalClusterRequest& r) {
  if (Status s =
          require("FailoverGlobalCluster", "GlobalClusterIdentifier", r.GlobalClusterIdentifier);
      !s) {
    return s.error();
  }
  if (Status s = require("FailoverGlobalCluster", "TargetDbClusterIdentifier",
                         r.TargetDbClusterIdentifier);
      !s) {
    return s.error();
  }
  QueryParams p;
  p.add("GlobalClusterIdentifier", std::string_view(r.GlobalClusterIdentifier));
  p.add("TargetDbClusterIdentifier", std::string_view(r.TargetDbClusterIdentifier));
  add_if(p, "AllowDataLoss", r.AllowDataLoss);
  add_if(p, "Switchover", r.Switchover);
  return p;
}

Result<QueryParams> encode_SwitchoverGlobalCluster(const SwitchoverGlobalClusterRequest& r) {
  if (Status s =
          require("SwitchoverGlobalCluster", "GlobalClusterIdentifier", r.GlobalClusterIdentifier);
      !s) {
    return s.error();
  }
  if (Status s = require("SwitchoverGlobalCluster", "TargetDbClusterIdentifier",
                         r.TargetDbClusterIdentifier);
      !s) {
    return s.error();
  }
  QueryParams p;
  p.add("GlobalClusterIdentifier", std::string_view(r.GlobalClusterIdentifier));
  p.add("TargetDbClusterIdentifier", std::string_view(r.TargetDbClusterIdentifier));
  return p;
}

}  // namespace drh::aws
