// Amazon RDS (Aurora): global clusters, DB clusters and instances, events; the calls a
// multi-region DR stack needs to be inspected, provisioned in a test world and failed over.
//
// RdsApi has one virtual method per operation (GoogleMock stands in for it: see
// mocks/aws/mock_rds.h); RdsClient implements it over an AwsConnection with the Query
// protocol, API 2014-10-31. Every call takes the region it is made in. Requests and
// results carry botocore's member names; an optional scalar is std::optional, and an empty
// string or list in a request is not sent.
//
//   RdsClient rds(connection);
//   DescribeDBClustersRequest req;
//   req.DBClusterIdentifier = "orders-secondary";
//   auto clusters = rds.DescribeDBClusters("us-west-2", req);
//   if (!clusters) return clusters.error();        // DBClusterNotFoundFault, ...
//   for (const DBCluster& c : clusters->DBClusters) check(c.Status == "available");
//
// Paging: every Describe operation has an `...All` form that follows Marker to the last
// page. Waiters (WaitUntil...) poll on the injected Clock and follow botocore's rds
// waiters-2.json; the global cluster waiters, which botocore lacks, are documented below.
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

// ------------------------------------------------------------------ shapes

/// One Aurora cluster of a global cluster. `Readers` are the ARNs of the secondaries that
/// replicate from it (non-empty only on the writer).
struct GlobalClusterMember {
  std::string DBClusterArn;
  std::vector<std::string> Readers;
  bool IsWriter = false;
  std::string GlobalWriteForwardingStatus;  ///< enabled | disabled | enabling | ...
  std::string SynchronizationStatus;        ///< connected | pending-resync
};

/// An in-progress or pending switchover/failover; present only while one runs.
struct FailoverState {
  std::string Status;  ///< pending | failing-over | switching-over | cancelling
  std::string FromDbClusterArn;
  std::string ToDbClusterArn;
  bool IsDataLossAllowed = false;
};

struct GlobalCluster {
  std::string GlobalClusterIdentifier;
  std::string GlobalClusterResourceId;
  std::string GlobalClusterArn;
  std::string Status;  ///< available | creating | modifying | failing-over | deleting | ...
  std::string Engine;
  std::string EngineVersion;
  std::string DatabaseName;
  std::optional<bool> StorageEncrypted;
  std::optional<bool> DeletionProtection;
  std::vector<GlobalClusterMember> GlobalClusterMembers;
  std::string Endpoint;  ///< the global writer endpoint
  std::optional<aws::FailoverState> FailoverState;
  std::vector<Tag> TagList;

  /// The member with IsWriter set, or nullptr.
  const GlobalClusterMember* writer() const;
  /// The member whose DBClusterArn is `arn`, or nullptr.
  const GlobalClusterMember* member(std::string_view arn) const;
};

/// Aurora Serverless v2 capacity in ACUs (botocore's ServerlessV2ScalingConfiguration in
/// requests and ServerlessV2ScalingConfigurationInfo in results share these members).
struct ServerlessV2ScalingConfiguration {
  std::optional<double> MinCapacity;
  std::optional<double> MaxCapacity;
  std::optional<int> SecondsUntilAutoPause;
};

struct DBClusterMember {
  std::string DBInstanceIdentifier;
  bool IsClusterWriter = false;
  std::string DBClusterParameterGroupStatus;
  std::optional<int> PromotionTier;
};

struct VpcSecurityGroupMembership {
  std::string VpcSecurityGroupId;
  std::string Status;
};

/// The members of botocore's DBCluster that DR validation reads.
struct DBCluster {
  std::string DBClusterIdentifier;
  std::string DBClusterArn;
  std::string DbClusterResourceId;
  std::string Status;  ///< available | creating | modifying | failing-over | deleting | ...
  std::string Engine;
  std::string EngineVersion;
  std::string EngineMode;  ///< provisioned | serverless | global | ...
  std::string DatabaseName;
  std::string MasterUsername;
  std::string Endpoint;        ///< writer endpoint
  std::string ReaderEndpoint;  ///< reader endpoint
  std::string HostedZoneId;
  std::optional<int> Port;
  std::optional<bool> MultiAZ;
  bool StorageEncrypted = false;
  std::string KmsKeyId;
  std::optional<int> BackupRetentionPeriod;
  std::string PreferredBackupWindow;
  std::string PreferredMaintenanceWindow;
  std::optional<bool> DeletionProtection;
  std::string GlobalClusterIdentifier;
  std::string GlobalWriteForwardingStatus;
  std::optional<bool> GlobalWriteForwardingRequested;
  std::string ReplicationSourceIdentifier;
  std::vector<std::string> ReadReplicaIdentifiers;
  std::vector<DBClusterMember> DBClusterMembers;
  std::optional<aws::ServerlessV2ScalingConfiguration> ServerlessV2ScalingConfiguration;
  std::vector<std::string> AvailabilityZones;
  std::vector<VpcSecurityGroupMembership> VpcSecurityGroups;
  std::string DBSubnetGroup;  ///< the subnet group's name
  std::string DBClusterParameterGroup;
  std::string DBClusterInstanceClass;
  std::string StorageType;
  std::string NetworkType;
  std::optional<bool> IAMDatabaseAuthenticationEnabled;
  std::optional<TimePoint> ClusterCreateTime;
  std::optional<TimePoint> EarliestRestorableTime;
  std::optional<TimePoint> LatestRestorableTime;
  std::vector<Tag> TagList;

  /// The DBClusterMember with IsClusterWriter set, or nullptr.
  const DBClusterMember* writer() const;
};

/// botocore's Endpoint shape of a DB instance (named apart from drh::Endpoint).
struct RdsEndpoint {
  std::string Address;
  std::optional<int> Port;
  std::string HostedZoneId;
};

/// botocore's Subnet inside a DBSubnetGroup; SubnetAvailabilityZone holds the zone's Name.
struct DBSubnet {
  std::string SubnetIdentifier;
  std::string SubnetAvailabilityZone;
  std::string SubnetStatus;
};

struct DBSubnetGroup {
  std::string DBSubnetGroupName;
  std::string DBSubnetGroupDescription;
  std::string VpcId;
  std::string SubnetGroupStatus;
  std::vector<DBSubnet> Subnets;
  std::string DBSubnetGroupArn;
};

/// The members of botocore's DBInstance that DR validation reads.
struct DBInstance {
  std::string DBInstanceIdentifier;
  std::string DBInstanceArn;
  std::string DbiResourceId;
  std::string DBInstanceClass;
  std::string Engine;
  std::string EngineVersion;
  std::string DBInstanceStatus;  ///< available | creating | modifying | deleting | ...
  std::string DBClusterIdentifier;
  std::string MasterUsername;
  std::string DBName;
  std::optional<RdsEndpoint> Endpoint;
  std::optional<int> AllocatedStorage;
  std::optional<int> BackupRetentionPeriod;
  std::string AvailabilityZone;
  std::string SecondaryAvailabilityZone;
  std::optional<bool> MultiAZ;
  std::optional<bool> PubliclyAccessible;
  std::optional<bool> StorageEncrypted;
  std::string KmsKeyId;
  std::string StorageType;
  std::optional<bool> DeletionProtection;
  std::optional<bool> AutoMinorVersionUpgrade;
  std::optional<int> PromotionTier;
  std::optional<int> MonitoringInterval;
  std::optional<bool> PerformanceInsightsEnabled;
  std::optional<aws::DBSubnetGroup> DBSubnetGroup;
  std::vector<VpcSecurityGroupMembership> VpcSecurityGroups;
  std::string ReadReplicaSourceDBInstanceIdentifier;
  std::vector<std::string> ReadReplicaDBInstanceIdentifiers;
  std::optional<TimePoint> InstanceCreateTime;
  std::optional<TimePoint> LatestRestorableTime;
  std::vector<Tag> TagList;
};

/// botocore's Event shape (named apart from other services' events).
struct RdsEvent {
  std::string SourceIdentifier;
  std::string SourceType;  ///< db-instance | db-cluster | db-snapshot | ...
  std::string Message;
  std::vector<std::string> EventCategories;
  std::optional<TimePoint> Date;
  std::string SourceArn;
};

// ------------------------------------------------------------------ requests / results

struct DescribeGlobalClustersRequest {
  std::string GlobalClusterIdentifier;
  std::vector<Filter> Filters;
  std::optional<int> MaxRecords;  ///< 20..100 on AWS
  std::string Marker;
};
struct DescribeGlobalClustersResult {
  std::string Marker;
  std::vector<GlobalCluster> GlobalClusters;
};

struct DescribeDBClustersRequest {
  std::string DBClusterIdentifier;  ///< identifier or ARN
  std::vector<Filter> Filters;
  std::optional<int> MaxRecords;
  std::string Marker;
  std::optional<bool> IncludeShared;
};
struct DescribeDBClustersResult {
  std::string Marker;
  std::vector<DBCluster> DBClusters;
};

struct DescribeDBInstancesRequest {
  std::string DBInstanceIdentifier;  ///< identifier or ARN
  std::vector<Filter> Filters;
  std::optional<int> MaxRecords;
  std::string Marker;
};
struct DescribeDBInstancesResult {
  std::string Marker;
  std::vector<DBInstance> DBInstances;
};

struct DescribeEventsRequest {
  std::string SourceIdentifier;  ///< requires SourceType
  std::string SourceType;
  std::optional<TimePoint> StartTime;
  std::optional<TimePoint> EndTime;
  std::optional<int> Duration;  ///< minutes back from now (default 60 on AWS)
  std::vector<std::string> EventCategories;
  std::vector<Filter> Filters;
  std::optional<int> MaxRecords;
  std::string Marker;
};
struct DescribeEventsResult {
  std::string Marker;
  std::vector<RdsEvent> Events;
};

struct CreateGlobalClusterRequest {
  std::string GlobalClusterIdentifier;    ///< required
  std::string SourceDBClusterIdentifier;  ///< ARN of an existing cluster to promote into it
  std::string Engine;
  std::string EngineVersion;
  std::optional<bool> DeletionProtection;
  std::string DatabaseName;
  std::optional<bool> StorageEncrypted;
  std::vector<Tag> Tags;
};
struct CreateGlobalClusterResult {
  aws::GlobalCluster GlobalCluster;
};

/// MasterUserPassword is sent to RDS and nowhere else: it never appears in an error
/// message, even when a server echoes it back.
struct CreateDBClusterRequest {
  std::string DBClusterIdentifier;  ///< required
  std::string Engine;               ///< required: aurora-mysql | aurora-postgresql | ...
  std::string EngineVersion;
  std::string EngineMode;
  std::string GlobalClusterIdentifier;  ///< joins the global cluster (secondary in a region)
  std::string ReplicationSourceIdentifier;
  std::string MasterUsername;
  std::string MasterUserPassword;
  std::optional<bool> ManageMasterUserPassword;
  std::string DatabaseName;
  std::optional<int> Port;
  std::optional<int> BackupRetentionPeriod;
  std::string PreferredBackupWindow;
  std::string PreferredMaintenanceWindow;
  std::optional<bool> StorageEncrypted;
  std::string KmsKeyId;
  std::optional<bool> DeletionProtection;
  std::string DBSubnetGroupName;
  std::vector<std::string> VpcSecurityGroupIds;
  std::vector<std::string> AvailabilityZones;
  std::string DBClusterParameterGroupName;
  std::optional<aws::ServerlessV2ScalingConfiguration> ServerlessV2ScalingConfiguration;
  std::optional<bool> EnableGlobalWriteForwarding;
  std::optional<bool> EnableIAMDatabaseAuthentication;
  std::optional<bool> CopyTagsToSnapshot;
  std::string DBClusterInstanceClass;
  std::string StorageType;
  std::vector<Tag> Tags;
};
struct CreateDBClusterResult {
  aws::DBCluster DBCluster;
};

/// MasterUserPassword is treated as in CreateDBClusterRequest. For an Aurora instance the
/// cluster holds engine version, storage and credentials: set DBClusterIdentifier.
struct CreateDBInstanceRequest {
  std::string DBInstanceIdentifier;  ///< required
  std::string DBInstanceClass;       ///< required: db.r6g.large, db.serverless, ...
  std::string Engine;                ///< required
  std::string EngineVersion;
  std::string DBClusterIdentifier;
  std::string DBName;
  std::string MasterUsername;
  std::string MasterUserPassword;
  std::optional<int> AllocatedStorage;
  std::string AvailabilityZone;
  std::string DBSubnetGroupName;
  std::vector<std::string> VpcSecurityGroupIds;
  std::string DBParameterGroupName;
  std::optional<bool> MultiAZ;
  std::optional<bool> PubliclyAccessible;
  std::optional<int> BackupRetentionPeriod;
  std::optional<bool> StorageEncrypted;
  std::string KmsKeyId;
  std::optional<bool> DeletionProtection;
  std::optional<bool> AutoMinorVersionUpgrade;
  std::optional<int> PromotionTier;
  std::optional<int> MonitoringInterval;
  std::string MonitoringRoleArn;
  std::optional<bool> EnablePerformanceInsights;
  std::vector<Tag> Tags;
};
struct CreateDBInstanceResult {
  aws::DBInstance DBInstance;
};

struct DeleteDBClusterRequest {
  std::string DBClusterIdentifier;  ///< required
  std::optional<bool> SkipFinalSnapshot;
  std::string FinalDBSnapshotIdentifier;
  std::optional<bool> DeleteAutomatedBackups;
};
struct DeleteDBClusterResult {
  aws::DBCluster DBCluster;
};

struct DeleteDBInstanceRequest {
  std::string DBInstanceIdentifier;  ///< required
  std::optional<bool> SkipFinalSnapshot;
  std::string FinalDBSnapshotIdentifier;
  std::optional<bool> DeleteAutomatedBackups;
};
struct DeleteDBInstanceResult {
  aws::DBInstance DBInstance;
};

struct DeleteGlobalClusterRequest {
  std::string GlobalClusterIdentifier;  ///< required; the global cluster must have no members
};
struct DeleteGlobalClusterResult {
  aws::GlobalCluster GlobalCluster;
};

/// Detaches a cluster from its global cluster (it becomes a standalone cluster).
struct RemoveFromGlobalClusterRequest {
  std::string GlobalClusterIdentifier;  ///< required
  std::string DbClusterIdentifier;      ///< required: the member cluster's ARN
};
struct RemoveFromGlobalClusterResult {
  aws::GlobalCluster GlobalCluster;
};

/// Unplanned failover (AllowDataLoss) or, with Switchover, a planned one; call it in the
/// region of the target secondary.
struct FailoverGlobalClusterRequest {
  std::string GlobalClusterIdentifier;    ///< required
  std::string TargetDbClusterIdentifier;  ///< required: the secondary's ARN
  std::optional<bool> AllowDataLoss;
  std::optional<bool> Switchover;
};
struct FailoverGlobalClusterResult {
  aws::GlobalCluster GlobalCluster;
};

/// Planned switchover with no data loss (RPO 0); call it in the primary's region.
struct SwitchoverGlobalClusterRequest {
  std::string GlobalClusterIdentifier;    ///< required
  std::string TargetDbClusterIdentifier;  ///< required: the secondary's ARN
};
struct SwitchoverGlobalClusterResult {
  aws::GlobalCluster GlobalCluster;
};

// ------------------------------------------------------------------ the API

/// The RDS operations drharness calls. Errors are kAws with RDS's codes, e.g.
/// DBClusterNotFoundFault, DBInstanceNotFound, GlobalClusterNotFoundFault,
/// InvalidGlobalClusterStateFault; throttling is retried by the connection. Requests
/// missing a required member fail with kInvalidInput before anything is sent.
class RdsApi {
 public:
  virtual ~RdsApi() = default;

  virtual Result<DescribeGlobalClustersResult> DescribeGlobalClusters(
      std::string_view region, const DescribeGlobalClustersRequest& request) = 0;
  virtual Result<DescribeDBClustersResult> DescribeDBClusters(
      std::string_view region, const DescribeDBClustersRequest& request) = 0;
  virtual Result<DescribeDBInstancesResult> DescribeDBInstances(
      std::string_view region, const DescribeDBInstancesRequest& request) = 0;
  virtual Result<DescribeEventsResult> DescribeEvents(std::string_view region,
                                                      const DescribeEventsRequest& request) = 0;
  virtual Result<CreateGlobalClusterResult> CreateGlobalCluster(
      std::string_view region, const CreateGlobalClusterRequest& request) = 0;
  virtual Result<CreateDBClusterResult> CreateDBCluster(std::string_view region,
                                                        const CreateDBClusterRequest& request) = 0;
  virtual Result<CreateDBInstanceResult> CreateDBInstance(
      std::string_view region, const CreateDBInstanceRequest& request) = 0;
  virtual Result<DeleteDBClusterResult> DeleteDBCluster(std::string_view region,
                                                        const DeleteDBClusterRequest& request) = 0;
  virtual Result<DeleteDBInstanceResult> DeleteDBInstance(
      std::string_view region, const DeleteDBInstanceRequest& request) = 0;
  virtual Result<DeleteGlobalClusterResult> DeleteGlobalCluster(
      std::string_view region, const DeleteGlobalClusterRequest& request) = 0;
  virtual Result<RemoveFromGlobalClusterResult> RemoveFromGlobalCluster(
      std::string_view region, const RemoveFromGlobalClusterRequest& request) = 0;
  virtual Result<FailoverGlobalClusterResult> FailoverGlobalCluster(
      std::string_view region, const FailoverGlobalClusterRequest& request) = 0;
  virtual Result<SwitchoverGlobalClusterResult> SwitchoverGlobalCluster(
      std::string_view region, const SwitchoverGlobalClusterRequest& request) = 0;

  // All pages: call the single-page method from `request.Marker` (usually empty) until a
  // page comes back without a Marker, and concatenate the items. A service that hands back
  // a Marker it already gave is a kDecode error naming the Marker (never an endless loop);
  // any page's error is returned as is.
  Result<std::vector<GlobalCluster>> DescribeGlobalClustersAll(
      std::string_view region, DescribeGlobalClustersRequest request);
  Result<std::vector<DBCluster>> DescribeDBClustersAll(std::string_view region,
                                                       DescribeDBClustersRequest request);
  Result<std::vector<DBInstance>> DescribeDBInstancesAll(std::string_view region,
                                                         DescribeDBInstancesRequest request);
  Result<std::vector<RdsEvent>> DescribeEventsAll(std::string_view region,
                                                  DescribeEventsRequest request);
};

class RdsClient final : public RdsApi {
 public:
  explicit RdsClient(AwsConnection& connection) : connection_(connection) {}

  Result<DescribeGlobalClustersResult> DescribeGlobalClusters(
      std::string_view region, const DescribeGlobalClustersRequest& request) override;
  Result<DescribeDBClustersResult> DescribeDBClusters(
      std::string_view region, const DescribeDBClustersRequest& request) override;
  Result<DescribeDBInstancesResult> DescribeDBInstances(
      std::string_view region, const DescribeDBInstancesRequest& request) override;
  Result<DescribeEventsResult> DescribeEvents(std::string_view region,
                                              const DescribeEventsRequest& request) override;
  Result<CreateGlobalClusterResult> CreateGlobalCluster(
      std::string_view region, const CreateGlobalClusterRequest& request) override;
  Result<CreateDBClusterResult> CreateDBCluster(std::string_view region,
                                                const CreateDBClusterRequest& request) override;
  Result<CreateDBInstanceResult> CreateDBInstance(std::string_view region,
                                                  const CreateDBInstanceRequest& request) override;
  Result<DeleteDBClusterResult> DeleteDBCluster(std::string_view region,
                                                const DeleteDBClusterRequest& request) override;
  Result<DeleteDBInstanceResult> DeleteDBInstance(std::string_view region,
                                                  const DeleteDBInstanceRequest& request) override;
  Result<DeleteGlobalClusterResult> DeleteGlobalCluster(
      std::string_view region, const DeleteGlobalClusterRequest& request) override;
  Result<RemoveFromGlobalClusterResult> RemoveFromGlobalCluster(
      std::string_view region, const RemoveFromGlobalClusterRequest& request) override;
  Result<FailoverGlobalClusterResult> FailoverGlobalCluster(
      std::string_view region, const FailoverGlobalClusterRequest& request) override;
  Result<SwitchoverGlobalClusterResult> SwitchoverGlobalCluster(
      std::string_view region, const SwitchoverGlobalClusterRequest& request) override;

 private:
  AwsConnection& connection_;
};

// ------------------------------------------------------------------ ARNs

/// Region and resource identifier of an RDS ARN
/// ("arn:aws:rds:us-west-2:123456789012:cluster:orders-secondary" -> us-west-2,
/// orders-secondary); kInvalidInput naming the text when it is not one.
struct RdsArnParts {
  std::string region;
  std::string resource_type;  ///< cluster | db | global-cluster | ...
  std::string id;
};
Result<RdsArnParts> parse_rds_arn(std::string_view arn);

// ------------------------------------------------------------------ waiters

/// botocore's rds waiters poll every 30 s, 60 times.
inline constexpr WaitOptions kRdsWaitDefaults{std::chrono::seconds(30),
                                              std::chrono::seconds(30 * 60)};
/// The global cluster waiters (no botocore definition) poll more often: a managed failover
/// or switchover typically completes within minutes.
inline constexpr WaitOptions kRdsGlobalWaitDefaults{std::chrono::seconds(15),
                                                    std::chrono::seconds(30 * 60)};

/// botocore DBClusterAvailable: done when the cluster's Status is "available"; failed on
/// deleted, deleting, failed, incompatible-restore, incompatible-parameters. A missing
/// cluster is the DescribeDBClusters error (DBClusterNotFoundFault).
Status WaitUntilDBClusterAvailable(RdsApi& api, Clock& clock, std::string_view region,
                                   std::string_view db_cluster_identifier,
                                   WaitOptions options = kRdsWaitDefaults);

/// botocore DBClusterDeleted: done on DBClusterNotFoundFault or an empty answer; failed on
/// creating, modifying, rebooting, resetting-master-credentials.
Status WaitUntilDBClusterDeleted(RdsApi& api, Clock& clock, std::string_view region,
                                 std::string_view db_cluster_identifier,
                                 WaitOptions options = kRdsWaitDefaults);

/// botocore DBInstanceAvailable: done when DBInstanceStatus is "available"; failed on
/// deleted, deleting, failed, incompatible-restore, incompatible-parameters.
Status WaitUntilDBInstanceAvailable(RdsApi& api, Clock& clock, std::string_view region,
                                    std::string_view db_instance_identifier,
                                    WaitOptions options = kRdsWaitDefaults);

/// botocore DBInstanceDeleted: done on DBInstanceNotFound or an empty answer; failed on
/// creating, modifying, rebooting, resetting-master-credentials.
Status WaitUntilDBInstanceDeleted(RdsApi& api, Clock& clock, std::string_view region,
                                  std::string_view db_instance_identifier,
                                  WaitOptions options = kRdsWaitDefaults);

/// No botocore waiter; the equivalent of DBClusterAvailable one level up: polls
/// DescribeGlobalClusters and is done when the global cluster's Status is "available",
/// failed on "deleting" / "deleted". The global cluster is picked out of the answer by
/// identifier, so an endpoint that ignores the filter cannot mislead it; when absent, the
/// wait stops with kAws GlobalClusterNotFoundFault.
Status WaitUntilGlobalClusterAvailable(RdsApi& api, Clock& clock, std::string_view region,
                                       std::string_view global_cluster_identifier,
                                       WaitOptions options = kRdsGlobalWaitDefaults);

/// No botocore waiter: the global cluster and every member cluster available. Each poll
/// reads the global cluster in `region`, then each member with DescribeDBClusters in the
/// member's own region (taken from its ARN). Done when the global cluster is available,
/// has at least one member and every member's Status is "available"; failed as
/// DBClusterAvailable fails on any member. The observation lists every member's state.
Status WaitUntilGlobalClusterMembersAvailable(RdsApi& api, Clock& clock, std::string_view region,
                                              std::string_view global_cluster_identifier,
                                              WaitOptions options = kRdsGlobalWaitDefaults);

/// No botocore waiter: a failover or switchover to `target_db_cluster_arn` has finished.
/// Done when FailoverState is absent or its Status is none of pending, failing-over,
/// switching-over, and the target member has IsWriter. Failed when FailoverState says
/// "cancelling" or the target is not a member. A finished failover whose writer is still
/// another member stays pending (the answer may lag the call), so a failover that never
/// took effect ends in a timeout naming the writer seen.
Status WaitUntilGlobalClusterFailoverComplete(RdsApi& api, Clock& clock, std::string_view region,
                                              std::string_view global_cluster_identifier,
                                              std::string_view target_db_cluster_arn,
                                              WaitOptions options = kRdsGlobalWaitDefaults);

}  // namespace drh::aws
