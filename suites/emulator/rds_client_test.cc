// RdsClient against moto_server: real signed calls through CurlTransport, decoded by the
// typed codec. moto_server is shared by every test of the run, so each test works only on
// resources named with unique_name() and filters what it lists by those names.
//
// What moto 5.2 cannot check (covered by wire samples in suites/aws/rds_client_test.cc):
// FailoverGlobalCluster and SwitchoverGlobalCluster (not implemented: HTTP 500),
// GlobalClusterNotFoundFault (DescribeGlobalClusters ignores its identifier; a missing one
// in DeleteGlobalCluster is an HTTP 500), paging of DescribeDBClusters,
// DescribeGlobalClusters and DescribeEvents (moto returns everything in one page), and
// RemoveFromGlobalCluster outside us-east-1 (moto keeps global clusters there only).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "drh/aws/rds.h"
#include "moto_env.h"

namespace drh::aws {
namespace {

using drh::testing::moto_connection;
using drh::testing::unique_name;

constexpr std::string_view kPrimaryRegion = "us-east-1";
constexpr std::string_view kSecondaryRegion = "us-west-2";
// Waiters run on a virtual clock: moto answers "creating" once, then "available".
constexpr WaitOptions kQuick{std::chrono::seconds(5), std::chrono::seconds(60)};

class RdsEmulator : public ::testing::Test {
 protected:
  void SetUp() override {
    DRH_REQUIRE_MOTO();
    connection_ = moto_connection();
    rds_ = std::make_unique<RdsClient>(*connection_);
  }

  CreateDBClusterRequest aurora(const std::string& id) const {
    CreateDBClusterRequest req;
    req.DBClusterIdentifier = id;
    req.Engine = "aurora-postgresql";
    req.EngineVersion = "15.4";
    req.MasterUsername = "dbadmin";
    req.MasterUserPassword = "not-a-real-password-1";
    return req;
  }

  Result<GlobalCluster> find_global(const std::string& id) {
    DescribeGlobalClustersRequest req;
    req.GlobalClusterIdentifier = id;
    auto all = rds_->DescribeGlobalClustersAll(kPrimaryRegion, req);
    if (!all) return all.error();
    for (GlobalCluster& g : *all) {
      if (g.GlobalClusterIdentifier == id) return std::move(g);
    }
    return make_error(ErrorKind::kAws, "GlobalClusterNotFoundFault", id + " not listed");
  }

  void delete_cluster(std::string_view region, const std::string& id) {
    DeleteDBClusterRequest req;
    req.DBClusterIdentifier = id;
    req.SkipFinalSnapshot = true;
    auto r = rds_->DeleteDBCluster(region, req);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(r->DBCluster.DBClusterIdentifier, id);
    ManualClock clock;
    Status gone = WaitUntilDBClusterDeleted(*rds_, clock, region, id, kQuick);
    EXPECT_TRUE(gone.ok()) << gone.error().describe();
  }

  std::unique_ptr<AwsConnection> connection_;
  std::unique_ptr<RdsClient> rds_;
};

TEST_F(RdsEmulator, DBClusterAndInstanceRoundTrip) {
  const std::string cluster_id = unique_name("rds-cluster");
  const std::string instance_id = cluster_id + "-1";

  CreateDBClusterRequest create = aurora(cluster_id);
  create.BackupRetentionPeriod = 7;
  create.StorageEncrypted = true;
  create.DeletionProtection = false;
  create.ServerlessV2ScalingConfiguration = ServerlessV2ScalingConfiguration{0.5, 4.0, {}};
  create.Tags = {{"dr-role", "primary"}, {"suite", "emulator"}};
  auto created = rds_->CreateDBCluster(kPrimaryRegion, create);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  EXPECT_EQ(created->DBCluster.DBClusterIdentifier, cluster_id);
  EXPECT_EQ(created->DBCluster.Status, "creating");
  EXPECT_EQ(created->DBCluster.DBClusterArn,
            "arn:aws:rds:us-east-1:123456789012:cluster:" + cluster_id);

  ManualClock clock;
  Status up = WaitUntilDBClusterAvailable(*rds_, clock, kPrimaryRegion, cluster_id, kQuick);
  ASSERT_TRUE(up.ok()) << up.error().describe();

  DescribeDBClustersRequest by_id;
  by_id.DBClusterIdentifier = cluster_id;
  auto described = rds_->DescribeDBClusters(kPrimaryRegion, by_id);
  ASSERT_TRUE(described.ok()) << described.error().describe();
  ASSERT_EQ(described->DBClusters.size(), 1u);
  const DBCluster& c = described->DBClusters[0];
  EXPECT_EQ(c.Status, "available");
  EXPECT_EQ(c.Engine, "aurora-postgresql");
  EXPECT_EQ(c.EngineVersion, "15.4");
  EXPECT_EQ(c.EngineMode, "provisioned");
  EXPECT_EQ(c.Port, std::optional<int>(5432));
  EXPECT_TRUE(c.StorageEncrypted);
  EXPECT_EQ(c.BackupRetentionPeriod, std::optional<int>(7));
  EXPECT_EQ(c.DeletionProtection, std::optional<bool>(false));
  EXPECT_EQ(c.MasterUsername, "dbadmin");
  EXPECT_TRUE(c.Endpoint.starts_with(cluster_id + ".cluster-")) << c.Endpoint;
  EXPECT_TRUE(c.ReaderEndpoint.starts_with(cluster_id + ".cluster-ro-")) << c.ReaderEndpoint;
  EXPECT_FALSE(c.AvailabilityZones.empty());
  ASSERT_TRUE(c.ServerlessV2ScalingConfiguration.has_value());
  EXPECT_EQ(c.ServerlessV2ScalingConfiguration->MinCapacity, std::optional<double>(0.5));
  EXPECT_EQ(c.ServerlessV2ScalingConfiguration->MaxCapacity, std::optional<double>(4.0));
  EXPECT_EQ(c.TagList, (std::vector<Tag>{{"dr-role", "primary"}, {"suite", "emulator"}}));
  EXPECT_TRUE(c.ClusterCreateTime.has_value());
  EXPECT_TRUE(c.DBClusterMembers.empty());

  CreateDBInstanceRequest instance;
  instance.DBInstanceIdentifier = instance_id;
  instance.DBInstanceClass = "db.serverless";
  instance.Engine = "aurora-postgresql";
  instance.DBClusterIdentifier = cluster_id;
  instance.PromotionTier = 1;
  auto added = rds_->CreateDBInstance(kPrimaryRegion, instance);
  ASSERT_TRUE(added.ok()) << added.error().describe();
  EXPECT_EQ(added->DBInstance.DBInstanceIdentifier, instance_id);
  EXPECT_EQ(added->DBInstance.DBClusterIdentifier, cluster_id);

  Status ready = WaitUntilDBInstanceAvailable(*rds_, clock, kPrimaryRegion, instance_id, kQuick);
  ASSERT_TRUE(ready.ok()) << ready.error().describe();

  DescribeDBInstancesRequest instance_by_id;
  instance_by_id.DBInstanceIdentifier = instance_id;
  auto listed = rds_->DescribeDBInstances(kPrimaryRegion, instance_by_id);
  ASSERT_TRUE(listed.ok()) << listed.error().describe();
  ASSERT_EQ(listed->DBInstances.size(), 1u);
  const DBInstance& i = listed->DBInstances[0];
  EXPECT_EQ(i.DBInstanceStatus, "available");
  EXPECT_EQ(i.DBInstanceClass, "db.serverless");
  EXPECT_EQ(i.DBInstanceArn, "arn:aws:rds:us-east-1:123456789012:db:" + instance_id);
  ASSERT_TRUE(i.Endpoint.has_value());
  EXPECT_EQ(i.Endpoint->Port, std::optional<int>(5432));
  EXPECT_TRUE(i.InstanceCreateTime.has_value());

  auto with_member = rds_->DescribeDBClusters(kPrimaryRegion, by_id);
  ASSERT_TRUE(with_member.ok()) << with_member.error().describe();
  const DBClusterMember* writer = with_member->DBClusters.at(0).writer();
  ASSERT_NE(writer, nullptr);
  EXPECT_EQ(writer->DBInstanceIdentifier, instance_id);

  DescribeEventsRequest events;
  events.SourceType = "db-instance";
  events.SourceIdentifier = instance_id;
  auto history = rds_->DescribeEventsAll(kPrimaryRegion, events);
  ASSERT_TRUE(history.ok()) << history.error().describe();
  auto created_event = std::find_if(history->begin(), history->end(), [](const RdsEvent& e) {
    return e.Message == "DB instance created";
  });
  ASSERT_NE(created_event, history->end());
  EXPECT_EQ(created_event->SourceIdentifier, instance_id);
  EXPECT_EQ(created_event->SourceType, "db-instance");
  EXPECT_EQ(created_event->EventCategories, std::vector<std::string>{"creation"});
  EXPECT_EQ(created_event->SourceArn, i.DBInstanceArn);
  EXPECT_TRUE(created_event->Date.has_value());

  DeleteDBInstanceRequest drop_instance;
  drop_instance.DBInstanceIdentifier = instance_id;
  drop_instance.SkipFinalSnapshot = true;
  auto dropped = rds_->DeleteDBInstance(kPrimaryRegion, drop_instance);
  ASSERT_TRUE(dropped.ok()) << dropped.error().describe();
  EXPECT_EQ(dropped->DBInstance.DBInstanceStatus, "deleting");
  Status instance_gone =
      WaitUntilDBInstanceDeleted(*rds_, clock, kPrimaryRegion, instance_id, kQuick);
  ASSERT_TRUE(instance_gone.ok()) << instance_gone.error().describe();

  delete_cluster(kPrimaryRegion, cluster_id);
  auto after = rds_->DescribeDBClusters(kPrimaryRegion, by_id);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, "DBClusterNotFoundFault");
}

TEST_F(RdsEmulator, NotFoundCodesPerResource) {
  const std::string missing = unique_name("rds-absent");
  DescribeDBClustersRequest cluster;
  cluster.DBClusterIdentifier = missing;
  auto c = rds_->DescribeDBClusters(kPrimaryRegion, cluster);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, ErrorKind::kAws);
  EXPECT_EQ(c.error().code, "DBClusterNotFoundFault");
  EXPECT_EQ(c.error().http_status, 404);
  EXPECT_FALSE(c.error().request_id.empty());

  DescribeDBInstancesRequest instance;
  instance.DBInstanceIdentifier = missing;
  auto i = rds_->DescribeDBInstances(kSecondaryRegion, instance);
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(i.error().code, "DBInstanceNotFound");
  EXPECT_EQ(i.error().http_status, 404);

  auto dc = rds_->DeleteDBCluster(kPrimaryRegion, {missing, true, "", std::nullopt});
  ASSERT_FALSE(dc.ok());
  EXPECT_EQ(dc.error().code, "DBClusterNotFoundFault");

  auto di = rds_->DeleteDBInstance(kPrimaryRegion, {missing, true, "", std::nullopt});
  ASSERT_FALSE(di.ok());
  EXPECT_EQ(di.error().code, "DBInstanceNotFound");

  ManualClock clock;
  Status wait = WaitUntilDBClusterAvailable(*rds_, clock, kPrimaryRegion, missing, kQuick);
  ASSERT_FALSE(wait.ok());
  EXPECT_EQ(wait.error().code, "DBClusterNotFoundFault");
  Status deleted = WaitUntilDBInstanceDeleted(*rds_, clock, kPrimaryRegion, missing, kQuick);
  EXPECT_TRUE(deleted.ok()) << deleted.error().describe();
}

TEST_F(RdsEmulator, RejectedPasswordNeverShowsInTheError) {
  CreateDBClusterRequest req = aurora(unique_name("rds-badpw"));
  req.MasterUserPassword = "short7";  // moto, like RDS, wants at least 8 characters
  auto r = rds_->CreateDBCluster(kPrimaryRegion, req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "InvalidParameterValue");
  EXPECT_NE(r.error().message.find("MasterUserPassword"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().describe().find("short7"), std::string::npos) << r.error().describe();
}

TEST_F(RdsEmulator, GlobalClusterWithASecondaryInAnotherRegion) {
  const std::string global_id = unique_name("rds-global");
  const std::string primary_id = global_id + "-primary";
  const std::string secondary_id = global_id + "-secondary";

  CreateGlobalClusterRequest create_global;
  create_global.GlobalClusterIdentifier = global_id;
  create_global.Engine = "aurora-postgresql";
  create_global.EngineVersion = "15.4";
  create_global.StorageEncrypted = true;
  create_global.DeletionProtection = false;
  auto g = rds_->CreateGlobalCluster(kPrimaryRegion, create_global);
  ASSERT_TRUE(g.ok()) << g.error().describe();
  EXPECT_EQ(g->GlobalCluster.GlobalClusterIdentifier, global_id);
  EXPECT_EQ(g->GlobalCluster.GlobalClusterArn,
            "arn:aws:rds::123456789012:global-cluster:" + global_id);
  EXPECT_EQ(g->GlobalCluster.Engine, "aurora-postgresql");
  EXPECT_EQ(g->GlobalCluster.StorageEncrypted, std::optional<bool>(true));
  EXPECT_TRUE(g->GlobalCluster.GlobalClusterMembers.empty());

  CreateDBClusterRequest primary = aurora(primary_id);
  primary.GlobalClusterIdentifier = global_id;
  primary.StorageEncrypted = true;
  auto p = rds_->CreateDBCluster(kPrimaryRegion, primary);
  ASSERT_TRUE(p.ok()) << p.error().describe();
  const std::string primary_arn = p->DBCluster.DBClusterArn;

  // A secondary joins from another region with no credentials of its own.
  CreateDBClusterRequest secondary;
  secondary.DBClusterIdentifier = secondary_id;
  secondary.Engine = "aurora-postgresql";
  secondary.EngineVersion = "15.4";
  secondary.GlobalClusterIdentifier = global_id;
  secondary.StorageEncrypted = true;
  secondary.KmsKeyId = "arn:aws:kms:us-west-2:123456789012:key/emulator-key";
  auto s = rds_->CreateDBCluster(kSecondaryRegion, secondary);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  const std::string secondary_arn = s->DBCluster.DBClusterArn;
  EXPECT_EQ(secondary_arn, "arn:aws:rds:us-west-2:123456789012:cluster:" + secondary_id);
  EXPECT_EQ(s->DBCluster.GlobalClusterIdentifier, global_id);
  EXPECT_TRUE(s->DBCluster.MasterUsername.empty());

  ManualClock clock;
  Status available =
      WaitUntilGlobalClusterAvailable(*rds_, clock, kPrimaryRegion, global_id, kQuick);
  ASSERT_TRUE(available.ok()) << available.error().describe();
  Status members =
      WaitUntilGlobalClusterMembersAvailable(*rds_, clock, kPrimaryRegion, global_id, kQuick);
  ASSERT_TRUE(members.ok()) << members.error().describe();

  auto found = find_global(global_id);
  ASSERT_TRUE(found.ok()) << found.error().describe();
  ASSERT_EQ(found->GlobalClusterMembers.size(), 2u);
  const GlobalClusterMember* writer = found->writer();
  ASSERT_NE(writer, nullptr);
  EXPECT_EQ(writer->DBClusterArn, primary_arn);
  EXPECT_EQ(writer->Readers, std::vector<std::string>{secondary_arn});
  const GlobalClusterMember* reader = found->member(secondary_arn);
  ASSERT_NE(reader, nullptr);
  EXPECT_FALSE(reader->IsWriter);
  EXPECT_FALSE(found->FailoverState.has_value());

  // The writer already holds the global database: the failover waiter is done at once.
  Status settled = WaitUntilGlobalClusterFailoverComplete(*rds_, clock, kPrimaryRegion, global_id,
                                                          primary_arn, kQuick);
  EXPECT_TRUE(settled.ok()) << settled.error().describe();
  Status not_yet = WaitUntilGlobalClusterFailoverComplete(*rds_, clock, kPrimaryRegion, global_id,
                                                          secondary_arn, kQuick);
  ASSERT_FALSE(not_yet.ok());
  EXPECT_EQ(not_yet.error().kind, ErrorKind::kTimeout);
  EXPECT_NE(not_yet.error().message.find("writer=" + primary_arn), std::string::npos)
      << not_yet.error().message;

  auto busy = rds_->DeleteGlobalCluster(kPrimaryRegion, {global_id});
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, "InvalidGlobalClusterStateFault");

  // moto does not detach a member deleted outside us-east-1, so the global cluster itself
  // stays behind under its unique name.
  delete_cluster(kSecondaryRegion, secondary_id);
  delete_cluster(kPrimaryRegion, primary_id);
}

TEST_F(RdsEmulator, RemoveFromGlobalClusterThenDeleteIt) {
  const std::string global_id = unique_name("rds-detach");
  const std::string cluster_id = global_id + "-member";

  CreateGlobalClusterRequest create_global;
  create_global.GlobalClusterIdentifier = global_id;
  create_global.Engine = "aurora-postgresql";
  ASSERT_TRUE(rds_->CreateGlobalCluster(kPrimaryRegion, create_global).ok());
  CreateDBClusterRequest member = aurora(cluster_id);
  member.GlobalClusterIdentifier = global_id;
  auto c = rds_->CreateDBCluster(kPrimaryRegion, member);
  ASSERT_TRUE(c.ok()) << c.error().describe();

  auto removed =
      rds_->RemoveFromGlobalCluster(kPrimaryRegion, {global_id, c->DBCluster.DBClusterArn});
  ASSERT_TRUE(removed.ok()) << removed.error().describe();
  EXPECT_EQ(removed->GlobalCluster.GlobalClusterIdentifier, global_id);
  EXPECT_TRUE(removed->GlobalCluster.GlobalClusterMembers.empty());

  auto deleted = rds_->DeleteGlobalCluster(kPrimaryRegion, {global_id});
  ASSERT_TRUE(deleted.ok()) << deleted.error().describe();
  EXPECT_EQ(deleted->GlobalCluster.GlobalClusterIdentifier, global_id);
  auto gone = find_global(global_id);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "GlobalClusterNotFoundFault");

  ManualClock clock;
  Status wait = WaitUntilGlobalClusterAvailable(*rds_, clock, kPrimaryRegion, global_id, kQuick);
  ASSERT_FALSE(wait.ok());
  EXPECT_EQ(wait.error().code, "GlobalClusterNotFoundFault");

  delete_cluster(kPrimaryRegion, cluster_id);
}

TEST_F(RdsEmulator, DescribeDBInstancesAllPagesWithSmallPages) {
  const std::string prefix = unique_name("rds-page");
  std::vector<std::string> ids;
  for (int n = 0; n < 5; ++n) {
    CreateDBInstanceRequest req;
    req.DBInstanceIdentifier = prefix + "-" + std::to_string(n);
    req.DBInstanceClass = "db.t3.micro";
    req.Engine = "postgres";
    req.MasterUsername = "dbadmin";
    req.MasterUserPassword = "not-a-real-password-1";
    req.AllocatedStorage = 20;
    auto r = rds_->CreateDBInstance(kSecondaryRegion, req);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    ids.push_back(req.DBInstanceIdentifier);
  }

  DescribeDBInstancesRequest mine;
  mine.Filters = {Filter{"db-instance-id", ids}};
  mine.MaxRecords = 2;

  // The pages one by one: 2 + 2 + 1, each pointing at the next.
  auto first = rds_->DescribeDBInstances(kSecondaryRegion, mine);
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->DBInstances.size(), 2u);
  ASSERT_FALSE(first->Marker.empty());
  DescribeDBInstancesRequest next = mine;
  next.Marker = first->Marker;
  auto second = rds_->DescribeDBInstances(kSecondaryRegion, next);
  ASSERT_TRUE(second.ok()) << second.error().describe();
  EXPECT_EQ(second->DBInstances.size(), 2u);
  ASSERT_FALSE(second->Marker.empty());
  next.Marker = second->Marker;
  auto third = rds_->DescribeDBInstances(kSecondaryRegion, next);
  ASSERT_TRUE(third.ok()) << third.error().describe();
  EXPECT_EQ(third->DBInstances.size(), 1u);
  EXPECT_TRUE(third->Marker.empty());

  auto all = rds_->DescribeDBInstancesAll(kSecondaryRegion, mine);
  ASSERT_TRUE(all.ok()) << all.error().describe();
  std::set<std::string> seen;
  for (const DBInstance& i : *all) seen.insert(i.DBInstanceIdentifier);
  EXPECT_EQ(all->size(), 5u);
  EXPECT_EQ(seen, std::set<std::string>(ids.begin(), ids.end()));

  for (const std::string& id : ids) {
    auto r = rds_->DeleteDBInstance(kSecondaryRegion, {id, true, "", std::nullopt});
    EXPECT_TRUE(r.ok()) << r.error().describe();
  }
  auto left = rds_->DescribeDBInstancesAll(kSecondaryRegion, mine);
  ASSERT_TRUE(left.ok()) << left.error().describe();
  EXPECT_TRUE(left->empty());
}

TEST_F(RdsEmulator, DescribeDBClustersAllWithAFilter) {
  const std::string prefix = unique_name("rds-filter");
  std::vector<std::string> ids;
  for (int n = 0; n < 3; ++n) {
    ids.push_back(prefix + "-" + std::to_string(n));
    auto r = rds_->CreateDBCluster(kSecondaryRegion, aurora(ids.back()));
    ASSERT_TRUE(r.ok()) << r.error().describe();
  }
  DescribeDBClustersRequest mine;
  mine.Filters = {Filter{"db-cluster-id", ids}};
  mine.MaxRecords = 20;
  auto all = rds_->DescribeDBClustersAll(kSecondaryRegion, mine);
  ASSERT_TRUE(all.ok()) << all.error().describe();
  std::vector<std::string> got;
  for (const DBCluster& c : *all) got.push_back(c.DBClusterIdentifier);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, ids);
  for (const std::string& id : ids) delete_cluster(kSecondaryRegion, id);
}

}  // namespace
}  // namespace drh::aws
