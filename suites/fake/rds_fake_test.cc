// RDS (Aurora) in the fake, through the typed client over InProcessTransport: a global
// database across two regions (the secondary joins with IsWriter false and no master
// user), instances and writer election, the errors and HTTP statuses AWS gives, identifier
// filters and Marker paging, deletion rules, the switchover / failover contract on the
// virtual clock, events, and state that survives save and load.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "drh/aws/rds.h"
#include "drh/core/endpoints.h"
#include "drh/protocol/generic.h"
#include "drh/protocol/query.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kEast = "us-east-1";
constexpr std::string_view kWest = "us-west-2";
constexpr std::string_view kAccount = "123456789012";

std::string cluster_arn(std::string_view region, std::string_view id) {
  return "arn:aws:rds:" + std::string(region) + ":" + std::string(kAccount) + ":cluster:" +
         std::string(id);
}

Result<nlohmann::json> generic(FakeWorld& world, std::string_view region, std::string_view op,
                               const nlohmann::json& params) {
  auto info = find_service("rds");
  if (!info) return info.error();
  auto request = build_generic_request(**info, op, params);
  if (!request) return request.error();
  auto response = world.connection->send(**info, region, std::move(*request));
  if (!response) return response.error();
  return decode_generic_response(**info, op, *response);
}

class RdsFake : public ::testing::Test {
 protected:
  aws::CreateDBClusterRequest primary_request(std::string id, std::string global = {}) {
    aws::CreateDBClusterRequest r;
    r.DBClusterIdentifier = std::move(id);
    r.Engine = "aurora-postgresql";
    r.GlobalClusterIdentifier = std::move(global);
    r.MasterUsername = "dradmin";
    r.MasterUserPassword = "correct-horse-battery";
    r.DatabaseName = "orders";
    r.StorageEncrypted = true;
    r.BackupRetentionPeriod = 7;
    return r;
  }
  aws::CreateDBClusterRequest secondary_request(std::string id, std::string global) {
    aws::CreateDBClusterRequest r;
    r.DBClusterIdentifier = std::move(id);
    r.Engine = "aurora-postgresql";
    r.GlobalClusterIdentifier = std::move(global);
    return r;
  }
  void instance(std::string_view region, std::string id, std::string cluster) {
    aws::CreateDBInstanceRequest r;
    r.DBInstanceIdentifier = std::move(id);
    r.DBInstanceClass = "db.r6g.large";
    r.Engine = "aurora-postgresql";
    r.DBClusterIdentifier = std::move(cluster);
    auto created = rds.CreateDBInstance(region, r);
    ASSERT_TRUE(created.ok()) << created.error().describe();
  }
  aws::DBCluster cluster(std::string_view region, std::string id) {
    aws::DescribeDBClustersRequest r;
    r.DBClusterIdentifier = std::move(id);
    auto d = rds.DescribeDBClusters(region, r);
    EXPECT_TRUE(d.ok()) << d.error().describe();
    return d.ok() && !d->DBClusters.empty() ? d->DBClusters.front() : aws::DBCluster{};
  }
  aws::GlobalCluster global(std::string_view region, std::string id) {
    aws::DescribeGlobalClustersRequest r;
    r.GlobalClusterIdentifier = std::move(id);
    auto d = rds.DescribeGlobalClusters(region, r);
    EXPECT_TRUE(d.ok()) << d.error().describe();
    return d.ok() && !d->GlobalClusters.empty() ? d->GlobalClusters.front() : aws::GlobalCluster{};
  }
  // A global database "orders" with a primary (2 instances) in us-east-1 and a secondary
  // (1 instance) in us-west-2, everything available.
  void build_global_database() {
    aws::CreateGlobalClusterRequest g;
    g.GlobalClusterIdentifier = "orders";
    g.Engine = "aurora-postgresql";
    g.EngineVersion = "15.4";
    auto created = rds.CreateGlobalCluster(kEast, g);
    ASSERT_TRUE(created.ok()) << created.error().describe();
    auto p = rds.CreateDBCluster(kEast, primary_request("orders-primary", "orders"));
    ASSERT_TRUE(p.ok()) << p.error().describe();
    auto s = rds.CreateDBCluster(kWest, secondary_request("orders-secondary", "orders"));
    ASSERT_TRUE(s.ok()) << s.error().describe();
    instance(kEast, "orders-primary-1", "orders-primary");
    instance(kEast, "orders-primary-2", "orders-primary");
    instance(kWest, "orders-secondary-1", "orders-secondary");
    world.clock.advance(5min);
  }

  FakeWorld world;
  aws::RdsClient rds{*world.connection};
};

TEST_F(RdsFake, GlobalDatabaseAcrossTwoRegions) {
  aws::CreateGlobalClusterRequest g;
  g.GlobalClusterIdentifier = "orders";
  g.Engine = "aurora-postgresql";
  g.EngineVersion = "15.4";
  g.Tags = {{"team", "payments"}};
  auto created = rds.CreateGlobalCluster(kEast, g);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  EXPECT_EQ(created->GlobalCluster.GlobalClusterArn,
            "arn:aws:rds::123456789012:global-cluster:orders");
  EXPECT_EQ(created->GlobalCluster.Status, "creating");
  ASSERT_TRUE(aws::WaitUntilGlobalClusterAvailable(rds, world.clock, kWest, "orders").ok());

  auto primary = rds.CreateDBCluster(kEast, primary_request("Orders-Primary", "orders"));
  ASSERT_TRUE(primary.ok()) << primary.error().describe();
  const aws::DBCluster& p = primary->DBCluster;
  EXPECT_EQ(p.DBClusterIdentifier, "orders-primary");  // RDS stores identifiers lower-case
  EXPECT_EQ(p.DBClusterArn, cluster_arn(kEast, "orders-primary"));
  EXPECT_EQ(p.Status, "creating");
  EXPECT_EQ(p.EngineVersion, "15.4");  // inherited from the global cluster
  EXPECT_EQ(p.MasterUsername, "dradmin");
  EXPECT_EQ(p.Port, 5432);
  EXPECT_TRUE(p.StorageEncrypted);
  EXPECT_TRUE(p.KmsKeyId.starts_with("arn:aws:kms:us-east-1:123456789012:key/"));
  EXPECT_EQ(p.BackupRetentionPeriod, 7);
  EXPECT_EQ(p.GlobalClusterIdentifier, "orders");
  EXPECT_TRUE(p.Endpoint.starts_with("orders-primary.cluster-")) << p.Endpoint;
  EXPECT_TRUE(p.Endpoint.ends_with(".us-east-1.rds.amazonaws.com")) << p.Endpoint;
  EXPECT_TRUE(p.ReaderEndpoint.starts_with("orders-primary.cluster-ro-")) << p.ReaderEndpoint;
  EXPECT_TRUE(p.DbClusterResourceId.starts_with("cluster-"));

  // The secondary in another region joins as a reader, without credentials of its own.
  auto with_user = secondary_request("orders-secondary", "orders");
  with_user.MasterUsername = "dradmin";
  with_user.MasterUserPassword = "correct-horse-battery";
  auto refused = rds.CreateDBCluster(kWest, with_user);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "InvalidParameterCombination");
  auto secondary = rds.CreateDBCluster(kWest, secondary_request("orders-secondary", "orders"));
  ASSERT_TRUE(secondary.ok()) << secondary.error().describe();
  EXPECT_TRUE(secondary->DBCluster.MasterUsername.empty());
  EXPECT_EQ(secondary->DBCluster.DatabaseName, "orders");

  instance(kEast, "orders-primary-1", "orders-primary");
  instance(kEast, "orders-primary-2", "orders-primary");
  instance(kWest, "orders-secondary-1", "orders-secondary");
  ASSERT_TRUE(aws::WaitUntilGlobalClusterMembersAvailable(rds, world.clock, kEast, "orders").ok());
  world.clock.advance(1min);  // instances take longer than their clusters

  // Visible from every region, with one writer that lists the secondary as its reader.
  for (std::string_view region : {kEast, kWest, std::string_view("eu-west-1")}) {
    const aws::GlobalCluster seen = global(region, "orders");
    ASSERT_EQ(seen.GlobalClusterMembers.size(), 2u);
    const aws::GlobalClusterMember* writer = seen.writer();
    ASSERT_NE(writer, nullptr);
    EXPECT_EQ(writer->DBClusterArn, cluster_arn(kEast, "orders-primary"));
    EXPECT_EQ(writer->Readers, std::vector<std::string>{cluster_arn(kWest, "orders-secondary")});
    const aws::GlobalClusterMember* sec = seen.member(cluster_arn(kWest, "orders-secondary"));
    ASSERT_NE(sec, nullptr);
    EXPECT_FALSE(sec->IsWriter);
    EXPECT_EQ(sec->SynchronizationStatus, "connected");
    EXPECT_EQ(seen.TagList.at(0).Key, "team");
  }

  const aws::DBCluster p2 = cluster(kEast, "orders-primary");
  EXPECT_EQ(p2.Status, "available");
  ASSERT_EQ(p2.DBClusterMembers.size(), 2u);
  ASSERT_NE(p2.writer(), nullptr);
  EXPECT_EQ(p2.writer()->DBInstanceIdentifier, "orders-primary-1");  // the first instance
  const aws::DBCluster s2 = cluster(kWest, "orders-secondary");
  ASSERT_EQ(s2.DBClusterMembers.size(), 1u);
  EXPECT_EQ(s2.writer(), nullptr);  // a global secondary has readers only

  aws::DescribeDBInstancesRequest ireq;
  ireq.DBInstanceIdentifier = "orders-primary-1";
  auto inst = rds.DescribeDBInstances(kEast, ireq);
  ASSERT_TRUE(inst.ok()) << inst.error().describe();
  const aws::DBInstance& i = inst->DBInstances.at(0);
  EXPECT_EQ(i.DBInstanceStatus, "available");
  EXPECT_EQ(i.DBClusterIdentifier, "orders-primary");
  EXPECT_EQ(i.DBInstanceArn, "arn:aws:rds:us-east-1:123456789012:db:orders-primary-1");
  ASSERT_TRUE(i.Endpoint.has_value());
  EXPECT_TRUE(i.Endpoint->Address.starts_with("orders-primary-1."));
  EXPECT_EQ(i.Endpoint->Port, 5432);
  EXPECT_EQ(i.EngineVersion, "15.4");
}

TEST_F(RdsFake, MissingAndInvalidResourcesAnswerAwsErrors) {
  aws::DescribeDBClustersRequest c;
  c.DBClusterIdentifier = "nope";
  auto no_cluster = rds.DescribeDBClusters(kEast, c);
  ASSERT_FALSE(no_cluster.ok());
  EXPECT_EQ(no_cluster.error().code, "DBClusterNotFoundFault");
  EXPECT_EQ(no_cluster.error().http_status, 404);
  aws::DescribeGlobalClustersRequest g;
  g.GlobalClusterIdentifier = "nope";
  auto no_global = rds.DescribeGlobalClusters(kEast, g);
  ASSERT_FALSE(no_global.ok());
  EXPECT_EQ(no_global.error().code, "GlobalClusterNotFoundFault");
  EXPECT_EQ(no_global.error().http_status, 404);
  aws::DescribeDBInstancesRequest i;
  i.DBInstanceIdentifier = "nope";
  auto no_instance = rds.DescribeDBInstances(kEast, i);
  ASSERT_FALSE(no_instance.ok());
  EXPECT_EQ(no_instance.error().code, "DBInstanceNotFound");
  EXPECT_EQ(no_instance.error().http_status, 404);

  ASSERT_TRUE(rds.CreateDBCluster(kEast, primary_request("solo")).ok());
  auto dup = rds.CreateDBCluster(kEast, primary_request("solo"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "DBClusterAlreadyExistsFault");
  EXPECT_EQ(dup.error().http_status, 400);
  // The same identifier in another region is another cluster.
  EXPECT_TRUE(rds.CreateDBCluster(kWest, primary_request("solo")).ok());

  auto bad_id = rds.CreateDBCluster(kEast, primary_request("1-starts-with-digit"));
  ASSERT_FALSE(bad_id.ok());
  EXPECT_EQ(bad_id.error().code, "InvalidParameterValue");
  auto no_user = primary_request("no-user");
  no_user.MasterUsername.clear();
  auto nu = rds.CreateDBCluster(kEast, no_user);
  ASSERT_FALSE(nu.ok());
  EXPECT_EQ(nu.error().code, "InvalidParameterValue");
  auto short_pw = primary_request("short-pw");
  short_pw.MasterUserPassword = "hunter2";
  auto sp = rds.CreateDBCluster(kEast, short_pw);
  ASSERT_FALSE(sp.ok());
  EXPECT_EQ(sp.error().code, "InvalidParameterValue");
  EXPECT_EQ(sp.error().message.find("hunter2"), std::string::npos);  // never echoed
  auto bad_engine = primary_request("bad-engine");
  bad_engine.Engine = "oracle-xe";
  auto be = rds.CreateDBCluster(kEast, bad_engine);
  ASSERT_FALSE(be.ok());
  EXPECT_EQ(be.error().code, "InvalidParameterValue");
  auto no_global_cluster = rds.CreateDBCluster(kEast, primary_request("joins", "ghost"));
  ASSERT_FALSE(no_global_cluster.ok());
  EXPECT_EQ(no_global_cluster.error().code, "GlobalClusterNotFoundFault");

  aws::CreateGlobalClusterRequest gr;
  gr.GlobalClusterIdentifier = "dup";
  gr.Engine = "aurora-mysql";
  ASSERT_TRUE(rds.CreateGlobalCluster(kEast, gr).ok());
  auto gdup = rds.CreateGlobalCluster(kWest, gr);
  ASSERT_FALSE(gdup.ok());
  EXPECT_EQ(gdup.error().code, "GlobalClusterAlreadyExistsFault");
  auto engine_mismatch = rds.CreateDBCluster(kEast, primary_request("mismatch", "dup"));
  ASSERT_FALSE(engine_mismatch.ok());
  EXPECT_EQ(engine_mismatch.error().code, "InvalidParameterCombination");

  aws::DescribeDBClustersRequest page;
  page.MaxRecords = 10;
  auto bad_page = rds.DescribeDBClusters(kEast, page);
  ASSERT_FALSE(bad_page.ok());
  EXPECT_EQ(bad_page.error().code, "InvalidParameterValue");
  aws::DescribeDBClustersRequest bad_filter;
  bad_filter.Filters = {{"no-such-filter", {"x"}}};
  auto bf = rds.DescribeDBClusters(kEast, bad_filter);
  ASSERT_FALSE(bf.ok());
  EXPECT_EQ(bf.error().code, "InvalidParameterValue");

  auto unknown = generic(world, kEast, "ModifyDBCluster", {{"DBClusterIdentifier", "solo"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "InvalidAction");
  EXPECT_EQ(unknown.error().http_status, 400);
}

TEST_F(RdsFake, IdentifierFiltersAndMarkerPaging) {
  for (int i = 0; i < 45; ++i) {
    auto r = primary_request("app-" + std::to_string(100 + i));
    if (i % 3 == 0) r.Engine = "aurora-mysql";
    ASSERT_TRUE(rds.CreateDBCluster(kWest, r).ok());
  }
  aws::DescribeDBClustersRequest req;
  req.MaxRecords = 20;
  int pages = 0;
  std::vector<std::string> seen;
  do {
    auto page = rds.DescribeDBClusters(kWest, req);
    ASSERT_TRUE(page.ok()) << page.error().describe();
    ++pages;
    for (const auto& c : page->DBClusters) seen.push_back(c.DBClusterIdentifier);
    req.Marker = page->Marker;
  } while (!req.Marker.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 45u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_TRUE(rds.DescribeDBClusters(kEast, {})->DBClusters.empty());  // regional

  aws::DescribeDBClustersRequest by_engine;
  by_engine.Filters = {{"engine", {"aurora-mysql"}}};
  auto mysql = rds.DescribeDBClustersAll(kWest, by_engine);
  ASSERT_TRUE(mysql.ok());
  EXPECT_EQ(mysql->size(), 15u);
  aws::DescribeDBClustersRequest by_id;
  by_id.Filters = {{"db-cluster-id", {"app-101", cluster_arn(kWest, "app-102")}}};
  auto two = rds.DescribeDBClusters(kWest, by_id);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->DBClusters.size(), 2u);
  EXPECT_EQ(two->DBClusters[1].DBClusterIdentifier, "app-102");
  aws::DescribeDBClustersRequest by_arn;
  by_arn.DBClusterIdentifier = cluster_arn(kWest, "app-144");
  EXPECT_EQ(rds.DescribeDBClusters(kWest, by_arn)->DBClusters.size(), 1u);
  aws::DescribeDBClustersRequest bad_marker;
  bad_marker.Marker = "garbage";
  auto bm = rds.DescribeDBClusters(kWest, bad_marker);
  ASSERT_FALSE(bm.ok());
  EXPECT_EQ(bm.error().code, "InvalidParameterValue");

  for (int i = 0; i < 3; ++i) instance(kWest, "app-101-" + std::to_string(i), "app-101");
  aws::DescribeDBInstancesRequest ireq;
  ireq.Filters = {{"db-cluster-id", {"app-101"}}};
  auto insts = rds.DescribeDBInstances(kWest, ireq);
  ASSERT_TRUE(insts.ok());
  EXPECT_EQ(insts->DBInstances.size(), 3u);
  ireq.Filters = {{"db-cluster-id", {"app-102"}}};
  EXPECT_TRUE(rds.DescribeDBInstances(kWest, ireq)->DBInstances.empty());

  for (int i = 0; i < 4; ++i) {
    aws::CreateGlobalClusterRequest g;
    g.GlobalClusterIdentifier = "g" + std::to_string(i);
    g.Engine = "aurora-mysql";
    ASSERT_TRUE(rds.CreateGlobalCluster(kEast, g).ok());
  }
  auto mysql_cluster = primary_request("g2-primary", "g2");
  mysql_cluster.Engine = "aurora-mysql";
  ASSERT_TRUE(rds.CreateDBCluster(kWest, mysql_cluster).ok());
  aws::DescribeGlobalClustersRequest by_region;
  by_region.Filters = {{"region", {std::string(kWest)}}};
  auto in_west = rds.DescribeGlobalClusters(kEast, by_region);
  ASSERT_TRUE(in_west.ok()) << in_west.error().describe();
  ASSERT_EQ(in_west->GlobalClusters.size(), 1u);
  EXPECT_EQ(in_west->GlobalClusters[0].GlobalClusterIdentifier, "g2");
}

TEST_F(RdsFake, DeletionRulesAndDetachingASecondary) {
  build_global_database();
  aws::DeleteDBClusterRequest del;
  del.DBClusterIdentifier = "orders-secondary";
  del.SkipFinalSnapshot = true;
  auto has_instances = rds.DeleteDBCluster(kWest, del);
  ASSERT_FALSE(has_instances.ok());
  EXPECT_EQ(has_instances.error().code, "InvalidDBClusterStateFault");

  aws::DeleteDBInstanceRequest di;
  di.DBInstanceIdentifier = "orders-secondary-1";
  ASSERT_TRUE(rds.DeleteDBInstance(kWest, di).ok());
  auto again = rds.DeleteDBInstance(kWest, di);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "InvalidDBInstanceState");
  ASSERT_TRUE(aws::WaitUntilDBInstanceDeleted(rds, world.clock, kWest, "orders-secondary-1").ok());

  auto member = rds.DeleteDBCluster(kWest, del);
  ASSERT_FALSE(member.ok());
  EXPECT_EQ(member.error().code, "InvalidDBClusterStateFault");
  aws::DeleteDBClusterRequest del_primary;
  del_primary.DBClusterIdentifier = "orders-primary";
  del_primary.SkipFinalSnapshot = true;
  auto primary = rds.DeleteDBCluster(kEast, del_primary);
  ASSERT_FALSE(primary.ok());
  EXPECT_EQ(primary.error().code, "InvalidGlobalClusterStateFault");
  aws::DeleteGlobalClusterRequest dg;
  dg.GlobalClusterIdentifier = "orders";
  auto not_empty = rds.DeleteGlobalCluster(kEast, dg);
  ASSERT_FALSE(not_empty.ok());
  EXPECT_EQ(not_empty.error().code, "InvalidGlobalClusterStateFault");

  // Detach the secondary: it becomes a standalone cluster.
  aws::RemoveFromGlobalClusterRequest rm;
  rm.GlobalClusterIdentifier = "orders";
  rm.DbClusterIdentifier = "orders-secondary";
  auto not_arn = rds.RemoveFromGlobalCluster(kWest, rm);
  ASSERT_FALSE(not_arn.ok());
  EXPECT_EQ(not_arn.error().code, "InvalidParameterValue");
  rm.DbClusterIdentifier = cluster_arn(kWest, "orders-secondary");
  auto removed = rds.RemoveFromGlobalCluster(kWest, rm);
  ASSERT_TRUE(removed.ok()) << removed.error().describe();
  EXPECT_EQ(removed->GlobalCluster.GlobalClusterMembers.size(), 1u);
  const aws::DBCluster standalone = cluster(kWest, "orders-secondary");
  EXPECT_TRUE(standalone.GlobalClusterIdentifier.empty());
  EXPECT_EQ(standalone.MasterUsername, "dradmin");

  ASSERT_TRUE(rds.DeleteDBCluster(kWest, del).ok());
  ASSERT_TRUE(aws::WaitUntilDBClusterDeleted(rds, world.clock, kWest, "orders-secondary").ok());

  // Deletion protection and the final snapshot rule.
  auto protected_req = primary_request("protected");
  protected_req.DeletionProtection = true;
  ASSERT_TRUE(rds.CreateDBCluster(kEast, protected_req).ok());
  aws::DeleteDBClusterRequest dp;
  dp.DBClusterIdentifier = "protected";
  dp.SkipFinalSnapshot = true;
  auto prot = rds.DeleteDBCluster(kEast, dp);
  ASSERT_FALSE(prot.ok());
  EXPECT_EQ(prot.error().code, "InvalidParameterCombination");
  aws::DeleteDBClusterRequest no_snapshot;
  no_snapshot.DBClusterIdentifier = "orders-primary";
  auto ns = rds.DeleteDBCluster(kEast, no_snapshot);
  ASSERT_FALSE(ns.ok());
  EXPECT_EQ(ns.error().code, "InvalidParameterCombination");

  // The primary, now the only member, still has instances; once they go it can be
  // deleted (leaving the global cluster), and then the global cluster too.
  for (const char* id : {"orders-primary-1", "orders-primary-2"}) {
    aws::DeleteDBInstanceRequest d;
    d.DBInstanceIdentifier = id;
    ASSERT_TRUE(rds.DeleteDBInstance(kEast, d).ok()) << id;
  }
  ASSERT_TRUE(rds.DeleteDBCluster(kEast, del_primary).ok());
  EXPECT_TRUE(global(kEast, "orders").GlobalClusterMembers.empty());
  auto deleting = rds.DeleteGlobalCluster(kEast, dg);
  ASSERT_TRUE(deleting.ok()) << deleting.error().describe();
  EXPECT_EQ(deleting->GlobalCluster.Status, "deleting");
  world.clock.advance(2min);
  aws::DescribeGlobalClustersRequest gone;
  gone.GlobalClusterIdentifier = "orders";
  auto gr = rds.DescribeGlobalClusters(kEast, gone);
  ASSERT_FALSE(gr.ok());
  EXPECT_EQ(gr.error().code, "GlobalClusterNotFoundFault");
}

TEST_F(RdsFake, LastPrimaryInstanceCannotGoWhileSecondariesReplicate) {
  build_global_database();
  aws::DeleteDBInstanceRequest d;
  d.DBInstanceIdentifier = "orders-primary-1";
  ASSERT_TRUE(rds.DeleteDBInstance(kEast, d).ok());
  world.clock.advance(2min);
  // The writer left: the remaining instance took over.
  const aws::DBCluster p = cluster(kEast, "orders-primary");
  ASSERT_EQ(p.DBClusterMembers.size(), 1u);
  ASSERT_NE(p.writer(), nullptr);
  EXPECT_EQ(p.writer()->DBInstanceIdentifier, "orders-primary-2");
  d.DBInstanceIdentifier = "orders-primary-2";
  auto last = rds.DeleteDBInstance(kEast, d);
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.error().code, "InvalidDBClusterStateFault");
}

TEST_F(RdsFake, FailoverAndSwitchoverFlipTheWriterOnTheClock) {
  build_global_database();
  const std::string east_arn = cluster_arn(kEast, "orders-primary");
  const std::string west_arn = cluster_arn(kWest, "orders-secondary");

  aws::FailoverGlobalClusterRequest bad;
  bad.GlobalClusterIdentifier = "orders";
  bad.TargetDbClusterIdentifier = east_arn;
  auto to_writer = rds.FailoverGlobalCluster(kWest, bad);
  ASSERT_FALSE(to_writer.ok());
  EXPECT_EQ(to_writer.error().code, "InvalidGlobalClusterStateFault");
  bad.TargetDbClusterIdentifier = cluster_arn(kWest, "nope");
  auto to_nothing = rds.FailoverGlobalCluster(kWest, bad);
  ASSERT_FALSE(to_nothing.ok());
  EXPECT_EQ(to_nothing.error().code, "DBClusterNotFoundFault");
  bad.TargetDbClusterIdentifier = west_arn;
  bad.AllowDataLoss = true;
  bad.Switchover = true;
  auto both = rds.FailoverGlobalCluster(kWest, bad);
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().code, "InvalidParameterCombination");
  bad.GlobalClusterIdentifier = "ghost";
  bad.Switchover.reset();
  auto no_global = rds.FailoverGlobalCluster(kWest, bad);
  ASSERT_FALSE(no_global.ok());
  EXPECT_EQ(no_global.error().code, "GlobalClusterNotFoundFault");

  // Unplanned failover to us-west-2.
  aws::FailoverGlobalClusterRequest failover;
  failover.GlobalClusterIdentifier = "orders";
  failover.TargetDbClusterIdentifier = west_arn;
  failover.AllowDataLoss = true;
  auto started = rds.FailoverGlobalCluster(kWest, failover);
  ASSERT_TRUE(started.ok()) << started.error().describe();
  ASSERT_TRUE(started->GlobalCluster.FailoverState.has_value());
  EXPECT_EQ(started->GlobalCluster.FailoverState->Status, "failing-over");
  EXPECT_EQ(started->GlobalCluster.FailoverState->FromDbClusterArn, east_arn);
  EXPECT_EQ(started->GlobalCluster.FailoverState->ToDbClusterArn, west_arn);
  EXPECT_TRUE(started->GlobalCluster.FailoverState->IsDataLossAllowed);
  EXPECT_EQ(started->GlobalCluster.writer()->DBClusterArn, east_arn);  // not flipped yet
  auto busy = rds.FailoverGlobalCluster(kWest, failover);
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, "InvalidGlobalClusterStateFault");

  ASSERT_TRUE(aws::WaitUntilGlobalClusterFailoverComplete(rds, world.clock, kEast, "orders",
                                                          west_arn)
                  .ok());
  const aws::GlobalCluster after = global(kEast, "orders");
  EXPECT_FALSE(after.FailoverState.has_value());
  EXPECT_EQ(after.Status, "available");
  EXPECT_EQ(after.writer()->DBClusterArn, west_arn);
  EXPECT_EQ(after.writer()->Readers, std::vector<std::string>{east_arn});
  // Instances follow: the new primary has a writer, the former one only readers.
  EXPECT_NE(cluster(kWest, "orders-secondary").writer(), nullptr);
  EXPECT_EQ(cluster(kEast, "orders-primary").writer(), nullptr);

  // Planned switchover back.
  aws::SwitchoverGlobalClusterRequest back;
  back.GlobalClusterIdentifier = "orders";
  back.TargetDbClusterIdentifier = east_arn;
  auto sw = rds.SwitchoverGlobalCluster(kWest, back);
  ASSERT_TRUE(sw.ok()) << sw.error().describe();
  EXPECT_EQ(sw->GlobalCluster.FailoverState->Status, "switching-over");
  EXPECT_FALSE(sw->GlobalCluster.FailoverState->IsDataLossAllowed);
  world.clock.advance(30s);
  EXPECT_EQ(global(kWest, "orders").writer()->DBClusterArn, west_arn);  // still switching
  world.clock.advance(60s);
  EXPECT_EQ(global(kWest, "orders").writer()->DBClusterArn, east_arn);
  EXPECT_EQ(cluster(kEast, "orders-primary").writer()->DBInstanceIdentifier, "orders-primary-1");

  // Events record the failover on the member clusters.
  aws::DescribeEventsRequest ev;
  ev.SourceType = "db-cluster";
  ev.SourceIdentifier = "orders-secondary";
  ev.Duration = 60;
  auto events = rds.DescribeEvents(kWest, ev);
  ASSERT_TRUE(events.ok()) << events.error().describe();
  std::vector<std::string> messages;
  for (const auto& e : events->Events) messages.push_back(e.Message);
  ASSERT_GE(messages.size(), 5u);
  EXPECT_EQ(messages.front(), "DB cluster created");
  EXPECT_NE(std::find(messages.begin(), messages.end(),
                      "Global failover to DB cluster orders-secondary in Region us-west-2 "
                      "started."),
            messages.end());
  EXPECT_NE(std::find(messages.begin(), messages.end(),
                      "Global switchover to DB cluster orders-primary in Region us-east-1 "
                      "completed."),
            messages.end());
  EXPECT_EQ(events->Events.front().SourceArn, west_arn);
  aws::DescribeEventsRequest failovers;
  failovers.EventCategories = {"global-failover"};
  auto only = rds.DescribeEvents(kEast, failovers);
  ASSERT_TRUE(only.ok());
  EXPECT_EQ(only->Events.size(), 4u);  // started + completed, twice, on orders-primary
  aws::DescribeEventsRequest no_type;
  no_type.SourceIdentifier = "orders-primary";
  auto nt = rds.DescribeEvents(kEast, no_type);
  ASSERT_FALSE(nt.ok());
  EXPECT_EQ(nt.error().code, "InvalidParameterCombination");
}

TEST_F(RdsFake, ServerlessV2AndManagedPasswordsAndGlobalFromSource) {
  auto req = primary_request("serverless");
  auto no_config = rds.CreateDBCluster(kEast, req);
  ASSERT_TRUE(no_config.ok());
  aws::CreateDBInstanceRequest inst;
  inst.DBInstanceIdentifier = "serverless-1";
  inst.DBInstanceClass = "db.serverless";
  inst.Engine = "aurora-postgresql";
  inst.DBClusterIdentifier = "serverless";
  auto refused = rds.CreateDBInstance(kEast, inst);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "InvalidDBClusterStateFault");

  auto v2 = primary_request("serverless-v2");
  v2.ServerlessV2ScalingConfiguration = aws::ServerlessV2ScalingConfiguration{0.5, 16, {}};
  v2.MasterUserPassword.clear();
  v2.ManageMasterUserPassword = true;
  auto created = rds.CreateDBCluster(kEast, v2);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  ASSERT_TRUE(created->DBCluster.ServerlessV2ScalingConfiguration.has_value());
  EXPECT_EQ(created->DBCluster.ServerlessV2ScalingConfiguration->MinCapacity, 0.5);
  EXPECT_EQ(created->DBCluster.ServerlessV2ScalingConfiguration->MaxCapacity, 16);
  inst.DBInstanceIdentifier = "serverless-v2-1";
  inst.DBClusterIdentifier = "serverless-v2";
  auto ok = rds.CreateDBInstance(kEast, inst);
  ASSERT_TRUE(ok.ok()) << ok.error().describe();
  EXPECT_EQ(ok->DBInstance.DBInstanceClass, "db.serverless");
  EXPECT_FALSE(ok->DBInstance.Endpoint.has_value());  // no endpoint while creating
  auto secret = generic(world, kEast, "DescribeDBClusters", {{"DBClusterIdentifier", "serverless-v2"}});
  ASSERT_TRUE(secret.ok()) << secret.error().describe();
  const std::string arn =
      secret->at("DBClusters").at(0).at("MasterUserSecret").at("SecretArn").get<std::string>();
  EXPECT_TRUE(arn.starts_with("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-"));

  // A global cluster made from an existing cluster takes its engine; it must be available.
  aws::CreateGlobalClusterRequest from;
  from.GlobalClusterIdentifier = "from-source";
  from.SourceDBClusterIdentifier = cluster_arn(kEast, "serverless-v2");
  auto too_early = rds.CreateGlobalCluster(kEast, from);
  ASSERT_FALSE(too_early.ok());
  EXPECT_EQ(too_early.error().code, "InvalidDBClusterStateFault");
  world.clock.advance(2min);
  from.Engine = "aurora-postgresql";
  auto with_engine = rds.CreateGlobalCluster(kEast, from);
  ASSERT_FALSE(with_engine.ok());
  EXPECT_EQ(with_engine.error().code, "InvalidParameterCombination");
  from.Engine.clear();
  auto made = rds.CreateGlobalCluster(kEast, from);
  ASSERT_TRUE(made.ok()) << made.error().describe();
  EXPECT_EQ(made->GlobalCluster.Engine, "aurora-postgresql");
  ASSERT_EQ(made->GlobalCluster.GlobalClusterMembers.size(), 1u);
  EXPECT_TRUE(made->GlobalCluster.GlobalClusterMembers[0].IsWriter);
  EXPECT_EQ(cluster(kEast, "serverless-v2").GlobalClusterIdentifier, "from-source");
}

TEST_F(RdsFake, StateRoundTripsAndAPendingFailoverCompletesAfterLoad) {
  build_global_database();
  aws::FailoverGlobalClusterRequest f;
  f.GlobalClusterIdentifier = "orders";
  f.TargetDbClusterIdentifier = cluster_arn(kWest, "orders-secondary");
  f.AllowDataLoss = true;
  ASSERT_TRUE(rds.FailoverGlobalCluster(kWest, f).ok());
  const std::string saved = world.cloud.save_state();
  EXPECT_EQ(saved.find("correct-horse-battery"), std::string::npos);  // no password kept

  FakeWorld other;
  ASSERT_TRUE(other.cloud.load_state(saved).ok());
  EXPECT_EQ(other.cloud.save_state(), saved);
  aws::RdsClient rds2(*other.connection);
  aws::DescribeGlobalClustersRequest g;
  g.GlobalClusterIdentifier = "orders";
  auto loaded = rds2.DescribeGlobalClusters(kEast, g);
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(loaded->GlobalClusters.at(0).FailoverState.has_value());
  other.clock.advance(1min);
  auto done = rds2.DescribeGlobalClusters(kEast, g);
  ASSERT_TRUE(done.ok());
  EXPECT_FALSE(done->GlobalClusters.at(0).FailoverState.has_value());
  EXPECT_EQ(done->GlobalClusters.at(0).writer()->DBClusterArn,
            cluster_arn(kWest, "orders-secondary"));
  // The original world, left alone, gets there too.
  world.clock.advance(1min);
  EXPECT_EQ(global(kEast, "orders").writer()->DBClusterArn, cluster_arn(kWest, "orders-secondary"));
}

TEST_F(RdsFake, StandaloneInstancesNeedCredentialsAndStorage) {
  aws::CreateDBInstanceRequest r;
  r.DBInstanceIdentifier = "legacy";
  r.DBInstanceClass = "db.t3.micro";
  r.Engine = "postgres";
  r.MasterUsername = "app";
  r.MasterUserPassword = "a-long-enough-password";
  auto no_storage = rds.CreateDBInstance(kEast, r);
  ASSERT_FALSE(no_storage.ok());
  EXPECT_EQ(no_storage.error().code, "InvalidParameterValue");
  r.AllocatedStorage = 20;
  auto created = rds.CreateDBInstance(kEast, r);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  EXPECT_EQ(created->DBInstance.EngineVersion, "16.6");
  ASSERT_TRUE(aws::WaitUntilDBInstanceAvailable(rds, world.clock, kEast, "legacy").ok());
  auto dup = rds.CreateDBInstance(kEast, r);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "DBInstanceAlreadyExists");
  aws::CreateDBInstanceRequest aurora;
  aurora.DBInstanceIdentifier = "orphan";
  aurora.DBInstanceClass = "db.r6g.large";
  aurora.Engine = "aurora-mysql";
  auto orphan = rds.CreateDBInstance(kEast, aurora);
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, "InvalidParameterCombination");
  aws::DeleteDBInstanceRequest d;
  d.DBInstanceIdentifier = "legacy";
  auto needs_snapshot = rds.DeleteDBInstance(kEast, d);
  ASSERT_FALSE(needs_snapshot.ok());
  EXPECT_EQ(needs_snapshot.error().code, "InvalidParameterCombination");
  d.SkipFinalSnapshot = true;
  auto deleting = rds.DeleteDBInstance(kEast, d);
  ASSERT_TRUE(deleting.ok()) << deleting.error().describe();
  EXPECT_EQ(deleting->DBInstance.DBInstanceStatus, "deleting");
  ASSERT_TRUE(aws::WaitUntilDBInstanceDeleted(rds, world.clock, kEast, "legacy").ok());
}

TEST_F(RdsFake, DescribeDBClustersIsCheapOnTheFakeSide) {
  // The fake's own share of a call (routing, lookup, XML), without signing or decoding.
  build_global_database();
  QueryParams params;
  params.add("DBClusterIdentifier", "orders-primary");
  HttpRequest request = build_query_request("DescribeDBClusters", "2014-10-31", params);
  request.host = "rds.us-east-1.amazonaws.com";
  constexpr int kCalls = 2000;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kCalls; ++i) {
    HttpResponse r = world.cloud.handle(request);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  const double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() /
      kCalls;
  RecordProperty("describe_db_clusters_us", std::to_string(us));
  std::printf("DescribeDBClusters, fake side: %.2f us per call\n", us);
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(us, 10.0);  // only meaningful in an optimised build without sanitizers
#endif
}

}  // namespace
}  // namespace drh::testing
