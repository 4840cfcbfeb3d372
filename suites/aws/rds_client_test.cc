// RdsClient over hand-written wire samples (fixtures/wire/rds/, written from botocore's
// rds 2014-10-31 model and the RDS API reference): the form fields each operation sends,
// what it makes of the answer, the error paths and paging.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../../harness/aws/rds_json.h"
#include "drh/aws/rds.h"
#include "drh/protocol/query.h"
#include "drh/protocol/timestamp.h"
#include "scripted_transport.h"

namespace drh::aws {
namespace {

using drh::testing::form_value;
using drh::testing::ScriptedTransport;
using drh::testing::wire_sample;

constexpr std::string_view kPrimaryArn =
    "arn:aws:rds:us-east-1:123456789012:cluster:orders-primary";
constexpr std::string_view kSecondaryArn =
    "arn:aws:rds:us-west-2:123456789012:cluster:orders-secondary";

TimePoint at(std::string_view iso) { return parse_iso8601(iso).value(); }

bool has_form_key(const HttpRequest& request, std::string_view key) {
  for (const auto& [k, v] : parse_form(request.body)) {
    if (k == key) return true;
  }
  return false;
}

// Every key of the form body except Action and Version, in order.
std::vector<std::string> form_keys(const HttpRequest& request) {
  std::vector<std::string> out;
  for (const auto& [k, v] : parse_form(request.body)) {
    if (k != "Action" && k != "Version") out.push_back(k);
  }
  return out;
}

std::string error_doc(std::string_view code, std::string_view message) {
  return "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error>"
         "<Type>Sender</Type><Code>" +
         std::string(code) + "</Code><Message>" + std::string(message) +
         "</Message></Error><RequestId>r-1</RequestId></ErrorResponse>";
}

class RdsClientTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedTransport> transport_ = std::make_shared<ScriptedTransport>();
  ManualClock clock_;
  std::unique_ptr<AwsConnection> connection_ =
      drh::testing::scripted_connection(transport_, clock_);
  RdsClient rds_{*connection_};

  const HttpRequest& sent() const { return transport_->last_request(); }

  void expect_signed_for(std::string_view region) const {
    auto auth = sent().headers.get("Authorization");
    ASSERT_TRUE(auth.has_value());
    EXPECT_NE(auth->find("/" + std::string(region) + "/rds/aws4_request"), std::string_view::npos)
        << *auth;
  }
};

// ------------------------------------------------------------------ describe

TEST_F(RdsClientTest, DescribeGlobalClustersSendsFiltersAndDecodesMembers) {
  transport_->respond(wire_sample("rds/DescribeGlobalClusters.xml"));
  DescribeGlobalClustersRequest req;
  req.GlobalClusterIdentifier = "orders-global";
  req.Filters = {Filter{"engine", {"aurora-postgresql", "aurora-mysql"}}};
  req.MaxRecords = 20;
  auto r = rds_.DescribeGlobalClusters("us-east-1", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(sent().method, "POST");
  EXPECT_EQ(form_value(sent(), "Action"), "DescribeGlobalClusters");
  EXPECT_EQ(form_value(sent(), "Version"), "2014-10-31");
  EXPECT_EQ(form_keys(sent()),
            (std::vector<std::string>{"GlobalClusterIdentifier", "Filters.Filter.1.Name",
                                      "Filters.Filter.1.Values.Value.1",
                                      "Filters.Filter.1.Values.Value.2", "MaxRecords"}));
  EXPECT_EQ(form_value(sent(), "Filters.Filter.1.Name"), "engine");
  EXPECT_EQ(form_value(sent(), "Filters.Filter.1.Values.Value.2"), "aurora-mysql");
  EXPECT_EQ(form_value(sent(), "MaxRecords"), "20");
  expect_signed_for("us-east-1");

  EXPECT_TRUE(r->Marker.empty());
  ASSERT_EQ(r->GlobalClusters.size(), 1u);
  const GlobalCluster& g = r->GlobalClusters[0];
  EXPECT_EQ(g.GlobalClusterIdentifier, "orders-global");
  EXPECT_EQ(g.GlobalClusterResourceId, "cluster-0d1e2f3a4b5c6d7e8");
  EXPECT_EQ(g.GlobalClusterArn, "arn:aws:rds::123456789012:global-cluster:orders-global");
  EXPECT_EQ(g.Status, "available");
  EXPECT_EQ(g.Engine, "aurora-postgresql");
  EXPECT_EQ(g.EngineVersion, "15.4");
  EXPECT_EQ(g.DatabaseName, "orders");
  EXPECT_EQ(g.StorageEncrypted, std::optional<bool>(true));
  EXPECT_EQ(g.DeletionProtection, std::optional<bool>(false));
  EXPECT_EQ(g.Endpoint, "orders-global.global-a1b2c3d4e5f6.global.rds.amazonaws.com");
  EXPECT_FALSE(g.FailoverState.has_value());
  EXPECT_EQ(g.TagList, (std::vector<Tag>{{"dr-role", "global"}}));

  ASSERT_EQ(g.GlobalClusterMembers.size(), 2u);
  const GlobalClusterMember& primary = g.GlobalClusterMembers[0];
  EXPECT_EQ(primary.DBClusterArn, kPrimaryArn);
  EXPECT_TRUE(primary.IsWriter);
  EXPECT_EQ(primary.Readers, std::vector<std::string>{std::string(kSecondaryArn)});
  EXPECT_EQ(primary.GlobalWriteForwardingStatus, "disabled");
  EXPECT_EQ(primary.SynchronizationStatus, "");
  const GlobalClusterMember& secondary = g.GlobalClusterMembers[1];
  EXPECT_FALSE(secondary.IsWriter);
  EXPECT_TRUE(secondary.Readers.empty());
  EXPECT_EQ(secondary.GlobalWriteForwardingStatus, "enabled");
  EXPECT_EQ(secondary.SynchronizationStatus, "connected");

  ASSERT_NE(g.writer(), nullptr);
  EXPECT_EQ(g.writer()->DBClusterArn, kPrimaryArn);
  EXPECT_EQ(g.member(kSecondaryArn), &secondary);
  EXPECT_EQ(g.member("arn:aws:rds:eu-west-1:123456789012:cluster:other"), nullptr);
}

TEST_F(RdsClientTest, DescribeDBClustersDecodesWhatDrValidationReads) {
  transport_->respond(wire_sample("rds/DescribeDBClusters.xml"));
  DescribeDBClustersRequest req;
  req.DBClusterIdentifier = "orders-secondary";
  req.Marker = "page-1-token";
  req.IncludeShared = false;
  auto r = rds_.DescribeDBClusters("us-west-2", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(form_value(sent(), "Action"), "DescribeDBClusters");
  EXPECT_EQ(form_keys(sent()),
            (std::vector<std::string>{"DBClusterIdentifier", "Marker", "IncludeShared"}));
  EXPECT_EQ(form_value(sent(), "Marker"), "page-1-token");
  EXPECT_EQ(form_value(sent(), "IncludeShared"), "false");
  expect_signed_for("us-west-2");

  EXPECT_EQ(r->Marker, "page-2-token");
  ASSERT_EQ(r->DBClusters.size(), 1u);
  const DBCluster& c = r->DBClusters[0];
  EXPECT_EQ(c.DBClusterIdentifier, "orders-secondary");
  EXPECT_EQ(c.DBClusterArn, kSecondaryArn);
  EXPECT_EQ(c.DbClusterResourceId, "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2");
  EXPECT_EQ(c.Status, "available");
  EXPECT_EQ(c.Engine, "aurora-postgresql");
  EXPECT_EQ(c.EngineVersion, "15.4");
  EXPECT_EQ(c.EngineMode, "provisioned");
  EXPECT_EQ(c.DatabaseName, "orders");
  EXPECT_EQ(c.MasterUsername, "dbadmin");
  EXPECT_EQ(c.Endpoint, "orders-secondary.cluster-c1a2b3c4d5e6.us-west-2.rds.amazonaws.com");
  EXPECT_EQ(c.ReaderEndpoint,
            "orders-secondary.cluster-ro-c1a2b3c4d5e6.us-west-2.rds.amazonaws.com");
  EXPECT_EQ(c.HostedZoneId, "Z1PVIF0B656C1W");
  EXPECT_EQ(c.Port, std::optional<int>(5432));
  EXPECT_EQ(c.MultiAZ, std::optional<bool>(true));
  EXPECT_TRUE(c.StorageEncrypted);
  EXPECT_EQ(c.KmsKeyId,
            "arn:aws:kms:us-west-2:123456789012:key/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d");
  EXPECT_EQ(c.BackupRetentionPeriod, std::optional<int>(7));
  EXPECT_EQ(c.PreferredBackupWindow, "03:00-03:30");
  EXPECT_EQ(c.PreferredMaintenanceWindow, "sun:05:00-sun:05:30");
  EXPECT_EQ(c.DeletionProtection, std::optional<bool>(true));
  EXPECT_EQ(c.GlobalClusterIdentifier, "orders-global");
  EXPECT_EQ(c.GlobalWriteForwardingStatus, "enabled");
  EXPECT_EQ(c.GlobalWriteForwardingRequested, std::optional<bool>(true));
  EXPECT_TRUE(c.ReadReplicaIdentifiers.empty());
  ASSERT_EQ(c.DBClusterMembers.size(), 2u);
  EXPECT_EQ(c.DBClusterMembers[0].DBInstanceIdentifier, "orders-secondary-1");
  EXPECT_FALSE(c.DBClusterMembers[0].IsClusterWriter);
  EXPECT_EQ(c.DBClusterMembers[0].DBClusterParameterGroupStatus, "in-sync");
  EXPECT_EQ(c.DBClusterMembers[1].PromotionTier, std::optional<int>(2));
  EXPECT_EQ(c.writer(), nullptr) << "a secondary cluster has no writer instance";
  ASSERT_TRUE(c.ServerlessV2ScalingConfiguration.has_value());
  EXPECT_EQ(c.ServerlessV2ScalingConfiguration->MinCapacity, std::optional<double>(0.5));
  EXPECT_EQ(c.ServerlessV2ScalingConfiguration->MaxCapacity, std::optional<double>(16.0));
  EXPECT_FALSE(c.ServerlessV2ScalingConfiguration->SecondsUntilAutoPause.has_value());
  EXPECT_EQ(c.AvailabilityZones,
            (std::vector<std::string>{"us-west-2a", "us-west-2b", "us-west-2c"}));
  ASSERT_EQ(c.VpcSecurityGroups.size(), 1u);
  EXPECT_EQ(c.VpcSecurityGroups[0].VpcSecurityGroupId, "sg-0a1b2c3d4e5f60718");
  EXPECT_EQ(c.VpcSecurityGroups[0].Status, "active");
  EXPECT_EQ(c.DBSubnetGroup, "orders-db-subnets");
  EXPECT_EQ(c.DBClusterParameterGroup, "default.aurora-postgresql15");
  EXPECT_EQ(c.StorageType, "aurora");
  EXPECT_EQ(c.NetworkType, "IPV4");
  EXPECT_EQ(c.IAMDatabaseAuthenticationEnabled, std::optional<bool>(false));
  EXPECT_EQ(c.ClusterCreateTime, at("2024-04-30T22:41:07.512Z"));
  EXPECT_EQ(c.EarliestRestorableTime, at("2024-05-01T10:00:00.123Z"));
  EXPECT_EQ(c.LatestRestorableTime, at("2024-05-07T08:15:30Z"));
  EXPECT_EQ(c.TagList, (std::vector<Tag>{{"dr-role", "secondary"}, {"team", "orders & billing"}}));
}

TEST_F(RdsClientTest, DescribeDBInstancesDecodesEndpointAndSubnetGroup) {
  transport_->respond(wire_sample("rds/DescribeDBInstances.xml"));
  DescribeDBInstancesRequest req;
  req.Filters = {Filter{"db-cluster-id", {"orders-primary"}}};
  auto r = rds_.DescribeDBInstances("us-east-1", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(form_value(sent(), "Action"), "DescribeDBInstances");
  EXPECT_EQ(form_keys(sent()),
            (std::vector<std::string>{"Filters.Filter.1.Name", "Filters.Filter.1.Values.Value.1"}));
  EXPECT_EQ(form_value(sent(), "Filters.Filter.1.Values.Value.1"), "orders-primary");

  ASSERT_EQ(r->DBInstances.size(), 1u);
  const DBInstance& i = r->DBInstances[0];
  EXPECT_EQ(i.DBInstanceIdentifier, "orders-primary-1");
  EXPECT_EQ(i.DBInstanceArn, "arn:aws:rds:us-east-1:123456789012:db:orders-primary-1");
  EXPECT_EQ(i.DbiResourceId, "db-ABCDEFGHIJKLMNOPQRSTUVWXY1");
  EXPECT_EQ(i.DBInstanceClass, "db.r6g.large");
  EXPECT_EQ(i.DBInstanceStatus, "available");
  EXPECT_EQ(i.DBClusterIdentifier, "orders-primary");
  ASSERT_TRUE(i.Endpoint.has_value());
  EXPECT_EQ(i.Endpoint->Address, "orders-primary-1.c9akciq32.us-east-1.rds.amazonaws.com");
  EXPECT_EQ(i.Endpoint->Port, std::optional<int>(5432));
  EXPECT_EQ(i.Endpoint->HostedZoneId, "Z2R2ITUGPM61AM");
  EXPECT_EQ(i.AvailabilityZone, "us-east-1b");
  EXPECT_EQ(i.MultiAZ, std::optional<bool>(false));
  EXPECT_EQ(i.PubliclyAccessible, std::optional<bool>(false));
  EXPECT_EQ(i.StorageEncrypted, std::optional<bool>(true));
  EXPECT_EQ(i.PromotionTier, std::optional<int>(0));
  EXPECT_EQ(i.MonitoringInterval, std::optional<int>(60));
  EXPECT_EQ(i.PerformanceInsightsEnabled, std::optional<bool>(true));
  EXPECT_EQ(i.AutoMinorVersionUpgrade, std::optional<bool>(true));
  ASSERT_TRUE(i.DBSubnetGroup.has_value());
  EXPECT_EQ(i.DBSubnetGroup->DBSubnetGroupName, "orders-db-subnets");
  EXPECT_EQ(i.DBSubnetGroup->VpcId, "vpc-0123456789abcdef0");
  EXPECT_EQ(i.DBSubnetGroup->SubnetGroupStatus, "Complete");
  ASSERT_EQ(i.DBSubnetGroup->Subnets.size(), 2u);
  EXPECT_EQ(i.DBSubnetGroup->Subnets[1].SubnetIdentifier, "subnet-0ee55ff66aa77bb88");
  EXPECT_EQ(i.DBSubnetGroup->Subnets[1].SubnetAvailabilityZone, "us-east-1b");
  EXPECT_EQ(i.DBSubnetGroup->Subnets[1].SubnetStatus, "Active");
  ASSERT_EQ(i.VpcSecurityGroups.size(), 1u);
  EXPECT_EQ(i.VpcSecurityGroups[0].VpcSecurityGroupId, "sg-07f6e5d4c3b2a1908");
  EXPECT_EQ(i.InstanceCreateTime, at("2024-04-30T22:55:41Z"));
  EXPECT_FALSE(i.LatestRestorableTime.has_value());
  EXPECT_EQ(i.TagList, (std::vector<Tag>{{"dr-role", "primary"}}));
}

TEST_F(RdsClientTest, DescribeEventsSendsTheWindowAndCategories) {
  transport_->respond(wire_sample("rds/DescribeEvents.xml"));
  DescribeEventsRequest req;
  req.SourceIdentifier = "orders-secondary";
  req.SourceType = "db-cluster";
  req.StartTime = at("2024-05-07T08:00:00Z");
  req.EndTime = at("2024-05-07T09:30:00.250Z");
  req.EventCategories = {"global-failover", "notification"};
  req.MaxRecords = 100;
  auto r = rds_.DescribeEvents("us-west-2", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(form_value(sent(), "Action"), "DescribeEvents");
  EXPECT_EQ(form_value(sent(), "SourceIdentifier"), "orders-secondary");
  EXPECT_EQ(form_value(sent(), "SourceType"), "db-cluster");
  EXPECT_EQ(form_value(sent(), "StartTime"), "2024-05-07T08:00:00Z");
  EXPECT_EQ(form_value(sent(), "EndTime"), "2024-05-07T09:30:00.250Z");
  EXPECT_EQ(form_value(sent(), "EventCategories.EventCategory.1"), "global-failover");
  EXPECT_EQ(form_value(sent(), "EventCategories.EventCategory.2"), "notification");
  EXPECT_EQ(form_value(sent(), "MaxRecords"), "100");
  EXPECT_FALSE(has_form_key(sent(), "Duration"));
  EXPECT_FALSE(has_form_key(sent(), "Marker"));

  ASSERT_EQ(r->Events.size(), 2u);
  const RdsEvent& e = r->Events[1];
  EXPECT_EQ(e.SourceIdentifier, "orders-secondary");
  EXPECT_EQ(e.SourceType, "db-cluster");
  EXPECT_EQ(e.Message,
            "Global failover to DB cluster orders-secondary in Region us-west-2 completed.");
  EXPECT_EQ(e.EventCategories, (std::vector<std::string>{"global-failover", "notification"}));
  EXPECT_EQ(e.Date, at("2024-05-07T08:21:03Z"));
  EXPECT_EQ(e.SourceArn, kSecondaryArn);
  EXPECT_EQ(r->Events[0].Date, at("2024-05-07T08:20:11.452Z"));
}

TEST_F(RdsClientTest, DescribeEventsSendsDurationInsteadOfAWindow) {
  transport_->respond(wire_sample("rds/DescribeEvents.xml"));
  DescribeEventsRequest req;
  req.Duration = 120;
  ASSERT_TRUE(rds_.DescribeEvents("us-west-2", req).ok());
  EXPECT_EQ(form_keys(sent()), std::vector<std::string>{"Duration"});
  EXPECT_EQ(form_value(sent(), "Duration"), "120");
}

// ------------------------------------------------------------------ create / delete

TEST_F(RdsClientTest, CreateGlobalClusterSendsTagsAndFlags) {
  transport_->respond(wire_sample("rds/CreateGlobalCluster.xml"));
  CreateGlobalClusterRequest req;
  req.GlobalClusterIdentifier = "orders-global";
  req.Engine = "aurora-postgresql";
  req.EngineVersion = "15.4";
  req.DatabaseName = "orders";
  req.StorageEncrypted = true;
  req.DeletionProtection = true;
  req.Tags = {{"dr-role", "global"}, {"owner", "sre team"}};
  auto r = rds_.CreateGlobalCluster("us-east-1", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(form_value(sent(), "Action"), "CreateGlobalCluster");
  EXPECT_EQ(form_value(sent(), "GlobalClusterIdentifier"), "orders-global");
  EXPECT_EQ(form_value(sent(), "Engine"), "aurora-postgresql");
  EXPECT_EQ(form_value(sent(), "EngineVersion"), "15.4");
  EXPECT_EQ(form_value(sent(), "DatabaseName"), "orders");
  EXPECT_EQ(form_value(sent(), "StorageEncrypted"), "true");
  EXPECT_EQ(form_value(sent(), "DeletionProtection"), "true");
  EXPECT_EQ(form_value(sent(), "Tags.Tag.1.Key"), "dr-role");
  EXPECT_EQ(form_value(sent(), "Tags.Tag.2.Value"), "sre team");
  EXPECT_NE(sent().body.find("Tags.Tag.2.Value=sre%20team"), std::string::npos) << sent().body;
  EXPECT_FALSE(has_form_key(sent(), "SourceDBClusterIdentifier"));

  EXPECT_EQ(r->GlobalCluster.GlobalClusterIdentifier, "orders-global");
  EXPECT_EQ(r->GlobalCluster.Status, "creating");
  EXPECT_EQ(r->GlobalCluster.DeletionProtection, std::optional<bool>(true));
  EXPECT_TRUE(r->GlobalCluster.GlobalClusterMembers.empty());
  EXPECT_EQ(r->GlobalCluster.writer(), nullptr);
}

TEST_F(RdsClientTest, CreateDBClusterJoiningAGlobalClusterSendsEveryMemberSet) {
  transport_->respond(wire_sample("rds/CreateDBCluster.xml"));
  CreateDBClusterRequest req;
  req.DBClusterIdentifier = "orders-secondary";
  req.Engine = "aurora-postgresql";
  req.EngineVersion = "15.4";
  req.GlobalClusterIdentifier = "orders-global";
  req.StorageEncrypted = true;
  req.KmsKeyId = "alias/orders";
  req.BackupRetentionPeriod = 7;
  req.DeletionProtection = false;
  req.DBSubnetGroupName = "orders-db-subnets";
  req.VpcSecurityGroupIds = {"sg-0a1b2c3d4e5f60718", "sg-0fedcba987654321f"};
  req.AvailabilityZones = {"us-west-2a", "us-west-2b"};
  req.ServerlessV2ScalingConfiguration = ServerlessV2ScalingConfiguration{0.5, 8.0, std::nullopt};
  req.EnableGlobalWriteForwarding = true;
  req.Tags = {{"dr-role", "secondary"}};
  auto r = rds_.CreateDBCluster("us-west-2", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(form_value(sent(), "Action"), "CreateDBCluster");
  EXPECT_EQ(form_value(sent(), "DBClusterIdentifier"), "orders-secondary");
  EXPECT_EQ(form_value(sent(), "Engine"), "aurora-postgresql");
  EXPECT_EQ(form_value(sent(), "EngineVersion"), "15.4");
  EXPECT_EQ(form_value(sent(), "GlobalClusterIdentifier"), "orders-global");
  EXPECT_EQ(form_value(sent(), "StorageEncrypted"), "true");
  EXPECT_EQ(form_value(sent(), "KmsKeyId"), "alias/orders");
  EXPECT_EQ(form_value(sent(), "BackupRetentionPeriod"), "7");
  EXPECT_EQ(form_value(sent(), "DeletionProtection"), "false");
  EXPECT_EQ(form_value(sent(), "DBSubnetGroupName"), "orders-db-subnets");
  EXPECT_EQ(form_value(sent(), "VpcSecurityGroupIds.VpcSecurityGroupId.1"), "sg-0a1b2c3d4e5f60718");
  EXPECT_EQ(form_value(sent(), "VpcSecurityGroupIds.VpcSecurityGroupId.2"), "sg-0fedcba987654321f");
  EXPECT_EQ(form_value(sent(), "AvailabilityZones.AvailabilityZone.2"), "us-west-2b");
  EXPECT_EQ(form_value(sent(), "ServerlessV2ScalingConfiguration.MinCapacity"), "0.5");
  EXPECT_EQ(form_value(sent(), "ServerlessV2ScalingConfiguration.MaxCapacity"), "8");
  EXPECT_FALSE(has_form_key(sent(), "ServerlessV2ScalingConfiguration.SecondsUntilAutoPause"));
  EXPECT_EQ(form_value(sent(), "EnableGlobalWriteForwarding"), "true");
  EXPECT_EQ(form_value(sent(), "Tags.Tag.1.Value"), "secondary");
  // A secondary takes its credentials from the global cluster: none are sent.
  for (const char* absent : {"MasterUsername", "MasterUserPassword", "Port", "EngineMode",
                             "DatabaseName", "ManageMasterUserPassword"}) {
    EXPECT_FALSE(has_form_key(sent(), absent)) << absent;
  }
  expect_signed_for("us-west-2");

  const DBCluster& c = r->DBCluster;
  EXPECT_EQ(c.Status, "creating");
  EXPECT_EQ(c.GlobalClusterIdentifier, "orders-global");
  EXPECT_EQ(c.GlobalWriteForwardingStatus, "enabling");
  ASSERT_TRUE(c.ServerlessV2ScalingConfiguration.has_value());
  EXPECT_EQ(c.ServerlessV2ScalingConfiguration->MaxCapacity, std::optional<double>(8.0));
  EXPECT_TRUE(c.DBClusterMembers.empty());
}

TEST_F(RdsClientTest, CreateDBClusterSendsThePasswordButNeverReportsIt) {
  const std::string password = "Tr1cky&Secret=Pass";
  transport_->respond(
      error_doc("InvalidParameterValue", "The parameter MasterUserPassword '" + password +
                                             "' is not valid: '" + password + "' contains '&'"),
      400);
  CreateDBClusterRequest req;
  req.DBClusterIdentifier = "orders-primary";
  req.Engine = "aurora-postgresql";
  req.MasterUsername = "dbadmin";
  req.MasterUserPassword = password;
  auto r = rds_.CreateDBCluster("us-east-1", req);
  ASSERT_FALSE(r.ok());

  EXPECT_EQ(form_value(sent(), "MasterUsername"), "dbadmin");
  EXPECT_EQ(form_value(sent(), "MasterUserPassword"), password);
  EXPECT_EQ(r.error().code, "InvalidParameterValue");
  EXPECT_EQ(r.error().message.find(password), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().describe().find(password), std::string::npos);
  EXPECT_NE(r.error().message.find("MasterUserPassword '****'"), std::string::npos)
      << r.error().message;
}

TEST_F(RdsClientTest, CreateDBInstanceScrubsThePasswordToo) {
  transport_->respond(error_doc("InvalidParameterValue", "bad password p@ss-w0rd-123"), 400);
  CreateDBInstanceRequest req;
  req.DBInstanceIdentifier = "orders-standalone";
  req.DBInstanceClass = "db.t3.micro";
  req.Engine = "postgres";
  req.MasterUsername = "dbadmin";
  req.MasterUserPassword = "p@ss-w0rd-123";
  req.AllocatedStorage = 20;
  auto r = rds_.CreateDBInstance("us-east-1", req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(form_value(sent(), "MasterUserPassword"), "p@ss-w0rd-123");
  EXPECT_EQ(r.error().message, "bad password ****");
}

TEST_F(RdsClientTest, RequiredMembersAreCheckedBeforeAnythingIsSent) {
  CreateDBClusterRequest cluster;
  cluster.DBClusterIdentifier = "orders-primary";
  cluster.MasterUserPassword = "never-shown-1";
  auto r = rds_.CreateDBCluster("us-east-1", cluster);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(r.error().message, "CreateDBCluster: Engine is required");

  CreateDBInstanceRequest instance;
  instance.DBInstanceIdentifier = "i";
  instance.Engine = "aurora-postgresql";
  auto ri = rds_.CreateDBInstance("us-east-1", instance);
  ASSERT_FALSE(ri.ok());
  EXPECT_EQ(ri.error().message, "CreateDBInstance: DBInstanceClass is required");

  auto rf = rds_.FailoverGlobalCluster("us-west-2", {"orders-global", "", true, std::nullopt});
  ASSERT_FALSE(rf.ok());
  EXPECT_EQ(rf.error().message, "FailoverGlobalCluster: TargetDbClusterIdentifier is required");

  DescribeDBClustersRequest filtered;
  filtered.Filters = {Filter{"", {"x"}}};
  auto rd = rds_.DescribeDBClusters("us-east-1", filtered);
  ASSERT_FALSE(rd.ok());
  EXPECT_EQ(rd.error().message, "DescribeDBClusters: Filters[0].Name is required");

  EXPECT_FALSE(rds_.DeleteGlobalCluster("us-east-1", {}).ok());
  EXPECT_FALSE(rds_.RemoveFromGlobalCluster("us-east-1", {"g", ""}).ok());
  EXPECT_FALSE(rds_.SwitchoverGlobalCluster("us-east-1", {"", "arn"}).ok());
  EXPECT_FALSE(rds_.DeleteDBCluster("us-east-1", {}).ok());
  EXPECT_FALSE(rds_.DeleteDBInstance("us-east-1", {}).ok());
  EXPECT_FALSE(rds_.CreateGlobalCluster("us-east-1", {}).ok());
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(RdsClientTest, CreateDBInstanceIntoAClusterSendsOnlyWhatIsSet) {
  transport_->respond(wire_sample("rds/CreateDBInstance.xml"));
  CreateDBInstanceRequest req;
  req.DBInstanceIdentifier = "orders-secondary-1";
  req.DBInstanceClass = "db.serverless";
  req.Engine = "aurora-postgresql";
  req.DBClusterIdentifier = "orders-secondary";
  req.PromotionTier = 1;
  req.PubliclyAccessible = false;
  req.EnablePerformanceInsights = true;
  auto r = rds_.CreateDBInstance("us-west-2", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(form_keys(sent()),
            (std::vector<std::string>{"DBInstanceIdentifier", "DBInstanceClass", "Engine",
                                      "PubliclyAccessible", "DBClusterIdentifier", "PromotionTier",
                                      "EnablePerformanceInsights"}));
  EXPECT_EQ(form_value(sent(), "PubliclyAccessible"), "false");
  EXPECT_EQ(form_value(sent(), "PromotionTier"), "1");

  const DBInstance& i = r->DBInstance;
  EXPECT_EQ(i.DBInstanceIdentifier, "orders-secondary-1");
  EXPECT_EQ(i.DBInstanceStatus, "creating");
  EXPECT_EQ(i.DBClusterIdentifier, "orders-secondary");
  EXPECT_FALSE(i.Endpoint.has_value()) << "no endpoint while creating";
  EXPECT_FALSE(i.DBSubnetGroup.has_value());
}

TEST_F(RdsClientTest, DeleteDBClusterSkipsTheFinalSnapshot) {
  transport_->respond(wire_sample("rds/DeleteDBCluster.xml"));
  DeleteDBClusterRequest req;
  req.DBClusterIdentifier = "orders-secondary";
  req.SkipFinalSnapshot = true;
  auto r = rds_.DeleteDBCluster("us-west-2", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(form_value(sent(), "Action"), "DeleteDBCluster");
  EXPECT_EQ(form_keys(sent()),
            (std::vector<std::string>{"DBClusterIdentifier", "SkipFinalSnapshot"}));
  EXPECT_EQ(form_value(sent(), "SkipFinalSnapshot"), "true");
  EXPECT_EQ(r->DBCluster.Status, "deleting");
  EXPECT_EQ(r->DBCluster.Port, std::optional<int>(5432));
  EXPECT_FALSE(r->DBCluster.BackupRetentionPeriod.has_value());
}

TEST_F(RdsClientTest, DeleteDBInstanceWithAFinalSnapshot) {
  transport_->respond(wire_sample("rds/DeleteDBInstance.xml"));
  DeleteDBInstanceRequest req;
  req.DBInstanceIdentifier = "orders-secondary-1";
  req.SkipFinalSnapshot = false;
  req.FinalDBSnapshotIdentifier = "orders-secondary-1-final";
  req.DeleteAutomatedBackups = true;
  auto r = rds_.DeleteDBInstance("us-west-2", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(form_value(sent(), "Action"), "DeleteDBInstance");
  EXPECT_EQ(form_value(sent(), "SkipFinalSnapshot"), "false");
  EXPECT_EQ(form_value(sent(), "FinalDBSnapshotIdentifier"), "orders-secondary-1-final");
  EXPECT_EQ(form_value(sent(), "DeleteAutomatedBackups"), "true");
  EXPECT_EQ(r->DBInstance.DBInstanceStatus, "deleting");
}

TEST_F(RdsClientTest, DeleteGlobalCluster) {
  transport_->respond(wire_sample("rds/DeleteGlobalCluster.xml"));
  auto r = rds_.DeleteGlobalCluster("us-east-1", {"orders-global"});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(form_value(sent(), "Action"), "DeleteGlobalCluster");
  EXPECT_EQ(form_keys(sent()), std::vector<std::string>{"GlobalClusterIdentifier"});
  EXPECT_EQ(r->GlobalCluster.Status, "deleting");
  EXPECT_TRUE(r->GlobalCluster.TagList.empty());
}

TEST_F(RdsClientTest, RemoveFromGlobalClusterDetachesTheSecondary) {
  transport_->respond(wire_sample("rds/RemoveFromGlobalCluster.xml"));
  auto r = rds_.RemoveFromGlobalCluster("us-west-2", {"orders-global", std::string(kSecondaryArn)});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(form_value(sent(), "Action"), "RemoveFromGlobalCluster");
  EXPECT_EQ(form_value(sent(), "GlobalClusterIdentifier"), "orders-global");
  EXPECT_EQ(form_value(sent(), "DbClusterIdentifier"), kSecondaryArn);
  ASSERT_EQ(r->GlobalCluster.GlobalClusterMembers.size(), 1u);
  EXPECT_EQ(r->GlobalCluster.GlobalClusterMembers[0].DBClusterArn, kPrimaryArn);
}

TEST_F(RdsClientTest, RemoveFromGlobalClusterWithoutAGlobalClusterInTheAnswerIsADecodeError) {
  // What moto_server answers when it could not find the member: an empty result.
  transport_->respond(
      "<RemoveFromGlobalClusterResponse><RemoveFromGlobalClusterResult/>"
      "</RemoveFromGlobalClusterResponse>");
  auto r = rds_.RemoveFromGlobalCluster("us-west-2", {"orders-global", std::string(kSecondaryArn)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(r.error().message,
            "RemoveFromGlobalCluster: missing <GlobalCluster> in <RemoveFromGlobalClusterResult>");
}

// ------------------------------------------------------------------ failover

TEST_F(RdsClientTest, FailoverGlobalClusterAllowingDataLossFromTheSecondaryRegion) {
  transport_->respond(wire_sample("rds/FailoverGlobalCluster.xml"));
  FailoverGlobalClusterRequest req;
  req.GlobalClusterIdentifier = "orders-global";
  req.TargetDbClusterIdentifier = std::string(kSecondaryArn);
  req.AllowDataLoss = true;
  auto r = rds_.FailoverGlobalCluster("us-west-2", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();

  EXPECT_EQ(form_value(sent(), "Action"), "FailoverGlobalCluster");
  EXPECT_EQ(form_keys(sent()),
            (std::vector<std::string>{"GlobalClusterIdentifier", "TargetDbClusterIdentifier",
                                      "AllowDataLoss"}));
  EXPECT_EQ(form_value(sent(), "TargetDbClusterIdentifier"), kSecondaryArn);
  EXPECT_EQ(form_value(sent(), "AllowDataLoss"), "true");
  expect_signed_for("us-west-2");

  const GlobalCluster& g = r->GlobalCluster;
  EXPECT_EQ(g.Status, "failing-over");
  ASSERT_TRUE(g.FailoverState.has_value());
  EXPECT_EQ(g.FailoverState->Status, "pending");
  EXPECT_EQ(g.FailoverState->FromDbClusterArn, kPrimaryArn);
  EXPECT_EQ(g.FailoverState->ToDbClusterArn, kSecondaryArn);
  EXPECT_TRUE(g.FailoverState->IsDataLossAllowed);
  ASSERT_NE(g.writer(), nullptr);
  EXPECT_EQ(g.writer()->DBClusterArn, kPrimaryArn) << "the writer moves only when it is done";
}

TEST_F(RdsClientTest, FailoverGlobalClusterAsASwitchover) {
  transport_->respond(wire_sample("rds/FailoverGlobalCluster.xml"));
  FailoverGlobalClusterRequest req;
  req.GlobalClusterIdentifier = "orders-global";
  req.TargetDbClusterIdentifier = std::string(kSecondaryArn);
  req.Switchover = true;
  auto r = rds_.FailoverGlobalCluster("us-west-2", req);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(form_value(sent(), "Switchover"), "true");
  EXPECT_FALSE(has_form_key(sent(), "AllowDataLoss"));
}

TEST_F(RdsClientTest, SwitchoverGlobalClusterFromThePrimaryRegion) {
  transport_->respond(wire_sample("rds/SwitchoverGlobalCluster.xml"));
  auto r = rds_.SwitchoverGlobalCluster("us-east-1", {"orders-global", std::string(kSecondaryArn)});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(form_value(sent(), "Action"), "SwitchoverGlobalCluster");
  EXPECT_EQ(form_keys(sent()),
            (std::vector<std::string>{"GlobalClusterIdentifier", "TargetDbClusterIdentifier"}));
  expect_signed_for("us-east-1");
  ASSERT_TRUE(r->GlobalCluster.FailoverState.has_value());
  EXPECT_EQ(r->GlobalCluster.FailoverState->Status, "switching-over");
  EXPECT_FALSE(r->GlobalCluster.FailoverState->IsDataLossAllowed);
  EXPECT_EQ(r->GlobalCluster.Status, "switching-over");
}

TEST_F(RdsClientTest, AnEmptyFailoverStateMeansNoFailover) {
  transport_->respond(
      "<DescribeGlobalClustersResponse><DescribeGlobalClustersResult><GlobalClusters>"
      "<GlobalClusterMember><GlobalClusterIdentifier>g</GlobalClusterIdentifier>"
      "<FailoverState/></GlobalClusterMember></GlobalClusters>"
      "</DescribeGlobalClustersResult></DescribeGlobalClustersResponse>");
  auto r = rds_.DescribeGlobalClusters("us-east-1", {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->GlobalClusters.size(), 1u);
  EXPECT_FALSE(r->GlobalClusters[0].FailoverState.has_value());
}

// ------------------------------------------------------------------ errors

TEST_F(RdsClientTest, NotFoundCodesAreAwsErrorsAndNotRetried) {
  transport_->respond(wire_sample("rds/GlobalClusterNotFoundFault.xml"), 404);
  auto g = rds_.DescribeGlobalClusters("us-east-1", {"orders-global", {}, {}, ""});
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().kind, ErrorKind::kAws);
  EXPECT_EQ(g.error().code, "GlobalClusterNotFoundFault");
  EXPECT_EQ(g.error().http_status, 404);
  EXPECT_EQ(g.error().request_id, "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a");
  EXPECT_FALSE(g.error().retryable);

  transport_->respond(wire_sample("rds/DBClusterNotFoundFault.xml"), 404);
  DescribeDBClustersRequest cluster;
  cluster.DBClusterIdentifier = "orders-secondary";
  auto c = rds_.DescribeDBClusters("us-west-2", cluster);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "DBClusterNotFoundFault");
  EXPECT_EQ(c.error().message, "DBCluster orders-secondary not found.");

  transport_->respond(wire_sample("rds/DBInstanceNotFound.xml"), 404);
  auto i = rds_.DeleteDBInstance("us-west-2", {"orders-secondary-1", true, "", std::nullopt});
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(i.error().code, "DBInstanceNotFound");

  EXPECT_EQ(transport_->requests().size(), 3u);
}

TEST_F(RdsClientTest, AccessDeniedIsReportedAtOnce) {
  transport_->respond(wire_sample("rds/AccessDenied.xml"), 403);
  auto r = rds_.FailoverGlobalCluster(
      "us-west-2", {"orders-global", std::string(kSecondaryArn), true, std::nullopt});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws);
  EXPECT_EQ(r.error().code, "AccessDenied");
  EXPECT_EQ(r.error().http_status, 403);
  EXPECT_NE(r.error().message.find("rds:FailoverGlobalCluster"), std::string::npos);
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(RdsClientTest, InvalidGlobalClusterStateFaultOnAConcurrentFailover) {
  transport_->respond(wire_sample("rds/InvalidGlobalClusterStateFault.xml"), 400);
  auto r = rds_.SwitchoverGlobalCluster("us-east-1", {"orders-global", std::string(kSecondaryArn)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "InvalidGlobalClusterStateFault");
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST_F(RdsClientTest, ThrottlingIsRetriedOnTheInjectedClock) {
  transport_->respond(wire_sample("rds/Throttling.xml"), 400);
  transport_->respond(wire_sample("rds/DescribeGlobalClusters.xml"));
  auto r = rds_.DescribeGlobalClusters("us-east-1", {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(transport_->requests().size(), 2u);
  EXPECT_EQ(transport_->requests()[1].body, transport_->requests()[0].body);
  EXPECT_EQ(r->GlobalClusters.size(), 1u);
  EXPECT_EQ(transport_->pending(), 0u);
}

TEST_F(RdsClientTest, ThrottlingThatNeverStopsEndsAfterTheRetryBudget) {
  for (int i = 0; i < 3; ++i) transport_->respond(wire_sample("rds/Throttling.xml"), 400);
  auto r = rds_.DescribeDBInstances("us-east-1", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "Throttling");
  EXPECT_EQ(transport_->requests().size(), 3u);
}

TEST_F(RdsClientTest, MalformedValuesAreDecodeErrorsNamingTheElement) {
  transport_->respond(
      "<DescribeDBClustersResponse><DescribeDBClustersResult><DBClusters><DBCluster>"
      "<DBClusterIdentifier>c</DBClusterIdentifier><Port>fifty</Port>"
      "</DBCluster></DBClusters></DescribeDBClustersResult></DescribeDBClustersResponse>");
  auto port = rds_.DescribeDBClusters("us-east-1", {});
  ASSERT_FALSE(port.ok());
  EXPECT_EQ(port.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(port.error().message,
            "DescribeDBClusters: <Port> in <DBCluster> is not a 32-bit integer: 'fifty'");

  transport_->respond(
      "<DescribeEventsResponse><DescribeEventsResult><Events><Event>"
      "<Date>yesterday</Date></Event></Events></DescribeEventsResult></DescribeEventsResponse>");
  auto date = rds_.DescribeEvents("us-east-1", {});
  ASSERT_FALSE(date.ok());
  EXPECT_EQ(date.error().kind, ErrorKind::kDecode);
  EXPECT_TRUE(date.error().message.starts_with("DescribeEvents: <Date> in <Event>: "))
      << date.error().message;

  transport_->respond(
      "<DescribeGlobalClustersResponse><DescribeGlobalClustersResult><GlobalClusters>"
      "<GlobalClusterMember><GlobalClusterMembers><GlobalClusterMember>"
      "<IsWriter>maybe</IsWriter></GlobalClusterMember></GlobalClusterMembers>"
      "</GlobalClusterMember></GlobalClusters></DescribeGlobalClustersResult>"
      "</DescribeGlobalClustersResponse>");
  auto writer = rds_.DescribeGlobalClusters("us-east-1", {});
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.error().message,
            "DescribeGlobalClusters: <IsWriter> in <GlobalClusterMember> is not a boolean: "
            "'maybe'");

  transport_->respond("<DescribeDBClustersResponse><oops></DescribeDBClustersResponse>");
  auto broken = rds_.DescribeDBClusters("us-east-1", {});
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, "MalformedXml");
  EXPECT_TRUE(broken.error().message.starts_with("DescribeDBClusters: malformed XML"))
      << broken.error().message;

  transport_->respond(wire_sample("rds/DescribeDBInstances.xml"));
  auto wrong = rds_.DescribeDBClusters("us-east-1", {});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "UnexpectedResponse");
}

TEST_F(RdsClientTest, OfTwoMalformedValuesTheFirstInShapeOrderIsReported) {
  // <MultiAZ> comes first in the document, <Port> first among the members of DBCluster:
  // the answer does not depend on the order the service wrote them in.
  transport_->respond(
      "<DescribeDBClustersResponse><DescribeDBClustersResult><DBClusters><DBCluster>"
      "<MultiAZ>maybe</MultiAZ><Port>fifty</Port>"
      "</DBCluster></DBClusters></DescribeDBClustersResult></DescribeDBClustersResponse>");
  auto r = rds_.DescribeDBClusters("us-east-1", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "DescribeDBClusters: <Port> in <DBCluster> is not a 32-bit integer: 'fifty'");

  // A malformed document is reported before any malformed value in it.
  transport_->respond(
      "<DescribeDBClustersResponse><DescribeDBClustersResult><DBClusters><DBCluster>"
      "<Port>fifty</Port></DBCluster></DBClusters></DescribeDBClustersResult>"
      "<ResponseMetadata><RequestId>x</Oops></ResponseMetadata></DescribeDBClustersResponse>");
  auto broken = rds_.DescribeDBClusters("us-east-1", {});
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, "MalformedXml");
}

TEST_F(RdsClientTest, RepeatedMembersNamespacesEntitiesAndCdataDecode) {
  transport_->respond(
      "<?xml version=\"1.0\"?>\n<rds:DescribeDBClustersResponse xmlns:rds=\"urn:rds\">"
      "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
      "<rds:DescribeDBClustersResult><!-- two clusters --><DBClusters>"
      "<DBCluster><DBClusterIdentifier>first</DBClusterIdentifier>"
      "<DBClusterIdentifier>second</DBClusterIdentifier><Unknown><Port>1</Port></Unknown>"
      "<Status><![CDATA[avail<able>]]></Status><Engine>a&amp;b&#x21;</Engine>"
      "<Port> 5432 </Port><FailoverState/><TagList><Tag><Key>k</Key><Value/></Tag></TagList>"
      "</DBCluster><DBCluster/></DBClusters></rds:DescribeDBClustersResult>"
      "</rds:DescribeDBClustersResponse>");
  auto r = rds_.DescribeDBClusters("us-east-1", {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->DBClusters.size(), 2u);
  const auto& c = r->DBClusters[0];
  EXPECT_EQ(c.DBClusterIdentifier, "first");  // the first of repeated members counts
  EXPECT_EQ(c.Status, "avail<able>");
  EXPECT_EQ(c.Engine, "a&b!");
  EXPECT_EQ(c.Port, 5432);
  ASSERT_EQ(c.TagList.size(), 1u);
  EXPECT_EQ(c.TagList[0].Key, "k");
  EXPECT_EQ(c.TagList[0].Value, "");
  EXPECT_EQ(r->DBClusters[1].DBClusterIdentifier, "");
}

TEST_F(RdsClientTest, AnAnswerWithoutAResultElementIsReadFromTheRoot) {
  transport_->respond(
      "<DescribeDBClustersResponse><Marker>m</Marker><DBClusters><DBCluster>"
      "<DBClusterIdentifier>c</DBClusterIdentifier></DBCluster></DBClusters>"
      "</DescribeDBClustersResponse>");
  auto r = rds_.DescribeDBClusters("us-east-1", {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->Marker, "m");
  ASSERT_EQ(r->DBClusters.size(), 1u);
  EXPECT_EQ(r->DBClusters[0].DBClusterIdentifier, "c");

  // With one, what the root holds besides it does not count.
  transport_->respond(
      "<CreateDBClusterResponse><DBCluster><DBClusterIdentifier>root</DBClusterIdentifier>"
      "</DBCluster><CreateDBClusterResult><DBCluster><DBClusterIdentifier>result"
      "</DBClusterIdentifier></DBCluster></CreateDBClusterResult></CreateDBClusterResponse>");
  CreateDBClusterRequest create;
  create.DBClusterIdentifier = "result";
  create.Engine = "aurora-postgresql";
  auto created = rds_.CreateDBCluster("us-east-1", create);
  ASSERT_TRUE(created.ok()) << created.error().describe();
  EXPECT_EQ(created->DBCluster.DBClusterIdentifier, "result");

  transport_->respond(
      "<CreateDBClusterResponse><CreateDBClusterResult/></CreateDBClusterResponse>");
  auto missing = rds_.CreateDBCluster("us-east-1", create);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "MissingElement");
  EXPECT_EQ(missing.error().message,
            "CreateDBCluster: missing <DBCluster> in <CreateDBClusterResult>");
}

TEST_F(RdsClientTest, EmptyElementsReadAsUnset) {
  transport_->respond(
      "<DescribeDBClustersResponse><DescribeDBClustersResult><DBClusters><DBCluster>"
      "<Port/><MultiAZ></MultiAZ><ServerlessV2ScalingConfiguration/>"
      "</DBCluster></DBClusters></DescribeDBClustersResult></DescribeDBClustersResponse>");
  auto r = rds_.DescribeDBClusters("us-east-1", {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_FALSE(r->DBClusters[0].Port.has_value());
  EXPECT_FALSE(r->DBClusters[0].MultiAZ.has_value());
  EXPECT_FALSE(r->DBClusters[0].ServerlessV2ScalingConfiguration.has_value());
}

// ------------------------------------------------------------------ paging

std::string cluster_page(std::vector<std::string> ids, std::string marker) {
  std::string xml = "<DescribeDBClustersResponse><DescribeDBClustersResult>";
  if (!marker.empty()) xml += "<Marker>" + marker + "</Marker>";
  xml += "<DBClusters>";
  for (const auto& id : ids) {
    xml += "<DBCluster><DBClusterIdentifier>" + id + "</DBClusterIdentifier></DBCluster>";
  }
  return xml + "</DBClusters></DescribeDBClustersResult></DescribeDBClustersResponse>";
}

std::string list_page(std::string_view op, std::string_view list, std::string_view item,
                      std::string_view id_element, std::vector<std::string> ids,
                      std::string marker) {
  std::string xml = "<" + std::string(op) + "Response><" + std::string(op) + "Result>";
  if (!marker.empty()) xml += "<Marker>" + marker + "</Marker>";
  xml += "<" + std::string(list) + ">";
  for (const auto& id : ids) {
    xml += "<" + std::string(item) + "><" + std::string(id_element) + ">" + id + "</" +
           std::string(id_element) + "></" + std::string(item) + ">";
  }
  return xml + "</" + std::string(list) + "></" + std::string(op) + "Result></" + std::string(op) +
         "Response>";
}

TEST_F(RdsClientTest, RequestsGoToTheEndpointWithItsBasePathEveryTime) {
  Credentials creds;
  creds.access_key_id = "AKIASCRIPTEDTEST0001";
  creds.secret_access_key = "scripted-secret";
  const auto addressed = [&](ConnectionOptions options) {
    auto transport = std::make_shared<ScriptedTransport>();
    AwsConnection connection(transport, MakeStaticProvider(creds), clock_, options);
    RdsClient rds(connection);
    std::vector<HttpRequest> sent;
    for (int i = 0; i < 2; ++i) {  // the second call may take a remembered endpoint
      transport->respond(cluster_page({"c"}, ""));
      EXPECT_TRUE(rds.DescribeDBClusters("eu-west-1", {}).ok());
      sent.push_back(transport->last_request());
    }
    EXPECT_EQ(sent[0].scheme, sent[1].scheme);
    EXPECT_EQ(sent[0].host, sent[1].host);
    EXPECT_EQ(sent[0].path, sent[1].path);
    return sent[1];
  };
  ConnectionOptions emulator;
  emulator.endpoint.explicit_url = "HTTP://127.0.0.1:4566/mounted/rds/";
  emulator.endpoint.use_env = false;
  HttpRequest r = addressed(emulator);
  EXPECT_EQ(r.scheme, "http");
  EXPECT_EQ(r.host, "127.0.0.1:4566");
  EXPECT_EQ(r.path, "/mounted/rds/");

  ConnectionOptions aws;
  aws.endpoint.use_env = false;
  r = addressed(aws);
  EXPECT_EQ(r.scheme, "https");
  EXPECT_EQ(r.host, "rds.eu-west-1.amazonaws.com");
  EXPECT_EQ(r.path, "/");
}

TEST_F(RdsClientTest, DescribeDBClustersAllFollowsMarkerOverThreePages) {
  transport_->respond(cluster_page({"a", "b"}, "m-2"));
  transport_->respond(cluster_page({"c", "d"}, "m-3"));
  transport_->respond(cluster_page({"e"}, ""));
  DescribeDBClustersRequest req;
  req.Filters = {Filter{"engine", {"aurora-postgresql"}}};
  req.MaxRecords = 20;
  auto all = rds_.DescribeDBClustersAll("us-east-1", req);
  ASSERT_TRUE(all.ok()) << all.error().describe();

  std::vector<std::string> ids;
  for (const auto& c : *all) ids.push_back(c.DBClusterIdentifier);
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_FALSE(has_form_key(requests[0], "Marker"));
  EXPECT_EQ(form_value(requests[1], "Marker"), "m-2");
  EXPECT_EQ(form_value(requests[2], "Marker"), "m-3");
  for (const auto& r : requests) {
    EXPECT_EQ(form_value(r, "MaxRecords"), "20");
    EXPECT_EQ(form_value(r, "Filters.Filter.1.Values.Value.1"), "aurora-postgresql");
  }
}

TEST_F(RdsClientTest, EveryDescribeHasAnAllPagesForm) {
  for (const char* m : {"g-2", "g-3", ""}) {
    transport_->respond(list_page("DescribeGlobalClusters", "GlobalClusters", "GlobalClusterMember",
                                  "GlobalClusterIdentifier", {std::string("g") + m}, m));
  }
  auto globals = rds_.DescribeGlobalClustersAll("us-east-1", {});
  ASSERT_TRUE(globals.ok()) << globals.error().describe();
  EXPECT_EQ(globals->size(), 3u);

  for (const char* m : {"i-2", "i-3", ""}) {
    transport_->respond(list_page("DescribeDBInstances", "DBInstances", "DBInstance",
                                  "DBInstanceIdentifier", {std::string("i") + m, "x"}, m));
  }
  auto instances = rds_.DescribeDBInstancesAll("us-east-1", {});
  ASSERT_TRUE(instances.ok()) << instances.error().describe();
  EXPECT_EQ(instances->size(), 6u);
  EXPECT_EQ((*instances)[2].DBInstanceIdentifier, "ii-3");

  for (const char* m : {"e-2", "e-3", ""}) {
    transport_->respond(list_page("DescribeEvents", "Events", "Event", "SourceIdentifier",
                                  {std::string("e") + m}, m));
  }
  DescribeEventsRequest events_req;
  events_req.SourceType = "db-cluster";
  auto events = rds_.DescribeEventsAll("us-east-1", events_req);
  ASSERT_TRUE(events.ok()) << events.error().describe();
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[2].SourceIdentifier, "e");
  EXPECT_EQ(form_value(transport_->last_request(), "Marker"), "e-3");
  EXPECT_EQ(form_value(transport_->last_request(), "SourceType"), "db-cluster");
  EXPECT_EQ(transport_->requests().size(), 9u);
}

TEST_F(RdsClientTest, AllPagesStopsWhenTheServiceRepeatsAMarker) {
  transport_->respond(cluster_page({"a"}, "m-2"));
  transport_->respond(cluster_page({"b"}, "m-3"));
  transport_->respond(cluster_page({"c"}, "m-2"));
  transport_->respond(cluster_page({"never"}, ""));
  auto all = rds_.DescribeDBClustersAll("us-east-1", {});
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(all.error().code, "RepeatedMarker");
  EXPECT_EQ(all.error().message,
            "DescribeDBClusters returned Marker 'm-2' again after 3 pages; stopped instead of "
            "paging forever");
  EXPECT_EQ(transport_->requests().size(), 3u);
}

TEST_F(RdsClientTest, AllPagesStopsWhenTheFirstMarkerComesBack) {
  transport_->respond(cluster_page({"a"}, "start"));
  DescribeDBClustersRequest req;
  req.Marker = "start";
  auto all = rds_.DescribeDBClustersAll("us-east-1", req);
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, "RepeatedMarker");
  EXPECT_EQ(form_value(transport_->last_request(), "Marker"), "start");
}

TEST_F(RdsClientTest, AllPagesReturnsAPageErrorAsIs) {
  transport_->respond(cluster_page({"a"}, "m-2"));
  transport_->respond(wire_sample("rds/AccessDenied.xml"), 403);
  auto all = rds_.DescribeDBClustersAll("us-east-1", {});
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, "AccessDenied");
  EXPECT_EQ(transport_->requests().size(), 2u);
}

// ------------------------------------------------------------------ ARNs and JSON

TEST(RdsArn, SplitsRegionTypeAndId) {
  auto a = parse_rds_arn(kSecondaryArn);
  ASSERT_TRUE(a.ok()) << a.error().describe();
  EXPECT_EQ(a->region, "us-west-2");
  EXPECT_EQ(a->resource_type, "cluster");
  EXPECT_EQ(a->id, "orders-secondary");

  auto g = parse_rds_arn("arn:aws:rds::123456789012:global-cluster:orders-global");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->region, "");
  EXPECT_EQ(g->resource_type, "global-cluster");

  auto snapshot = parse_rds_arn("arn:aws-cn:rds:cn-north-1:123456789012:snapshot:rds:db-1");
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot->id, "rds:db-1");

  for (std::string_view bad : {"orders-secondary", "arn:aws:ec2:us-east-1:1:vpc/vpc-1",
                               "arn:aws:rds:us-east-1:123456789012:cluster:", ""}) {
    auto r = parse_rds_arn(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  }
}

TEST_F(RdsClientTest, ResultsAsJsonUseBotocoreNames) {
  transport_->respond(wire_sample("rds/DescribeDBClusters.xml"));
  auto clusters = rds_.DescribeDBClusters("us-west-2", {});
  ASSERT_TRUE(clusters.ok()) << clusters.error().describe();
  nlohmann::json j = to_json(*clusters);
  EXPECT_EQ(j["Marker"], "page-2-token");
  const nlohmann::json& c = j["DBClusters"][0];
  EXPECT_EQ(c["DBClusterIdentifier"], "orders-secondary");
  EXPECT_EQ(c["Port"], 5432);
  EXPECT_EQ(c["StorageEncrypted"], true);
  EXPECT_EQ(c["ServerlessV2ScalingConfiguration"]["MinCapacity"], 0.5);
  EXPECT_FALSE(c["ServerlessV2ScalingConfiguration"].contains("SecondsUntilAutoPause"));
  EXPECT_EQ(c["ClusterCreateTime"], "2024-04-30T22:41:07.512Z");
  EXPECT_EQ(c["DBClusterMembers"][1]["PromotionTier"], 2);
  EXPECT_EQ(c["TagList"][1], (nlohmann::json{{"Key", "team"}, {"Value", "orders & billing"}}));
  EXPECT_EQ(c["ReadReplicaIdentifiers"], nlohmann::json::array());
  EXPECT_FALSE(c.contains("ReplicationSourceIdentifier")) << "empty strings are left out";

  transport_->respond(wire_sample("rds/FailoverGlobalCluster.xml"));
  auto failover = rds_.FailoverGlobalCluster(
      "us-west-2", {"orders-global", std::string(kSecondaryArn), true, std::nullopt});
  ASSERT_TRUE(failover.ok());
  nlohmann::json f = to_json(*failover);
  EXPECT_EQ(f["GlobalCluster"]["FailoverState"]["Status"], "pending");
  EXPECT_EQ(f["GlobalCluster"]["FailoverState"]["IsDataLossAllowed"], true);
  EXPECT_EQ(f["GlobalCluster"]["GlobalClusterMembers"][0]["IsWriter"], true);
  EXPECT_EQ(f["GlobalCluster"]["GlobalClusterMembers"][0]["Readers"][0],
            std::string(kSecondaryArn));

  transport_->respond(wire_sample("rds/DescribeDBInstances.xml"));
  auto instances = rds_.DescribeDBInstances("us-east-1", {});
  ASSERT_TRUE(instances.ok());
  nlohmann::json i = to_json(*instances)["DBInstances"][0];
  EXPECT_EQ(i["Endpoint"]["Port"], 5432);
  EXPECT_EQ(i["DBSubnetGroup"]["Subnets"][0]["SubnetAvailabilityZone"]["Name"], "us-east-1a");
  EXPECT_FALSE(to_json(*instances).contains("Marker"));

  transport_->respond(wire_sample("rds/DescribeEvents.xml"));
  auto events = rds_.DescribeEvents("us-west-2", {});
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(to_json(*events)["Events"][0]["Date"], "2024-05-07T08:20:11.452Z");
}

}  // namespace
}  // namespace drh::aws
