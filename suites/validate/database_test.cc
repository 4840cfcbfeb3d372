// database checks: each passes on a good seed stack and notices the break it exists for.
#include <gtest/gtest.h>

#include "drh/fake/fault_injection.h"
#include "drh/validate/check.h"
#include "validate_world.h"

namespace drh::validate {
namespace {

using testing::describe;
using testing::expect_unavailable;
using testing::has;
using testing::outage;
using testing::run_without_stack;

using testing::ValidateWorld;

bool any_evidence(const Outcome& o, const std::string& part) {
  for (const auto& e : o.evidence) {
    if (has(e, part)) return true;
  }
  return false;
}

// Runs a check without a stack description, as for a real deploy.
std::string cluster_arn(ValidateWorld& w, const std::string& id) {
  return w.ref("cluster." + id + ".arn");
}

// A third member in us-west-2, joined with settings the stack's own members do not have.
std::string join_member(ValidateWorld& w, const std::string& version, bool encrypted) {
  aws::CreateDBClusterRequest req;
  req.DBClusterIdentifier = "odd-member-us-west-2";
  req.Engine = "aurora-mysql";
  req.EngineVersion = version;
  req.GlobalClusterIdentifier = w.deployment.global_cluster_id;
  req.StorageEncrypted = encrypted;
  req.BackupRetentionPeriod = 7;
  auto made = w.rds.CreateDBCluster("us-west-2", req);
  EXPECT_TRUE(made.ok()) << made.error().describe();
  w.clock.advance(std::chrono::minutes(30));
  return made.ok() ? made->DBCluster.DBClusterArn : std::string();
}

void switchover_to_secondary(ValidateWorld& w) {
  aws::SwitchoverGlobalClusterRequest req;
  req.GlobalClusterIdentifier = w.deployment.global_cluster_id;
  req.TargetDbClusterIdentifier = cluster_arn(w, "secondary");
  auto done = w.rds.SwitchoverGlobalCluster(w.deployment.primary_region, req);
  ASSERT_TRUE(done.ok()) << done.error().describe();
}

// --------------------------------------------------------------- global-cluster-available

TEST(GlobalClusterAvailable, PassesOnAGoodStack) {
  for (const char* seed : {"000", "002", "003", "004"}) {
    ValidateWorld w(seed);
    auto o = w.run("database.global-cluster-available");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << ": " << o.message;
    EXPECT_TRUE(has(o.message, w.ref("global_cluster.id"))) << o.message;
  }
}

TEST(GlobalClusterAvailable, FailsWhileASwitchoverRuns) {
  ValidateWorld w("003");
  switchover_to_secondary(w);
  auto o = w.run("database.global-cluster-available");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_TRUE(has(o.resource, w.ref("global_cluster.id"))) << o.resource;
  EXPECT_TRUE(has(o.message, "expected global cluster " + w.ref("global_cluster.id") +
                                 " status available, got "))
      << o.message;
  EXPECT_FALSE(has(o.message, "got available")) << o.message;
}

TEST(GlobalClusterAvailable, FailsWhenItDoesNotExist) {
  ValidateWorld w("003");
  w.deployment.global_cluster_id = "no-such-global";
  auto o = w.run("database.global-cluster-available");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, "no-such-global");
  EXPECT_TRUE(has(o.message, "expected global cluster no-such-global to exist, got ")) << o.message;
}

TEST(GlobalClusterAvailable, SkippedWithoutAGlobalClusterInTheOutputs) {
  ValidateWorld w("001");  // its outputs name endpoints only
  auto o = w.run("database.global-cluster-available");
  EXPECT_EQ(o.verdict, Verdict::kSkipped);
  EXPECT_TRUE(has(o.message, "GlobalClusterId")) << o.message;
}

TEST(GlobalClusterAvailable, ErrorWhenThePrimaryRegionIsDown) {
  ValidateWorld w("003");
  outage(w, w.deployment.primary_region);
  auto o = w.run("database.global-cluster-available");
  EXPECT_EQ(o.verdict, Verdict::kError) << o.message;
  EXPECT_EQ(o.error_code, "ServiceUnavailable");
  EXPECT_TRUE(has(o.message, w.deployment.primary_region)) << o.message;
}

// --------------------------------------------------------------- single-writer

TEST(SingleWriter, PassesOnAGoodStack) {
  ValidateWorld w("003");
  auto o = w.run("database.single-writer");
  EXPECT_EQ(o.verdict, Verdict::kPass) << o.message;
  EXPECT_EQ(o.resource, cluster_arn(w, "primary"));
  EXPECT_EQ(o.evidence.size(), 2u);
}

TEST(SingleWriter, FailsWhenTheWriterIsInTheSecondaryRegion) {
  ValidateWorld w("003");
  switchover_to_secondary(w);
  w.clock.advance(std::chrono::minutes(15));
  auto o = w.run("database.single-writer");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, cluster_arn(w, "secondary"));
  EXPECT_TRUE(has(o.message, "in us-east-1 (the primary region), got " +
                                 cluster_arn(w, "secondary") + " in us-east-2"))
      << o.message;
}

TEST(SingleWriter, SkippedWithoutAGlobalCluster) {
  ValidateWorld w("003");
  w.deployment.global_cluster_id.clear();
  auto o = w.run("database.single-writer");
  EXPECT_EQ(o.verdict, Verdict::kSkipped);
  EXPECT_TRUE(has(o.message, "GlobalClusterId")) << o.message;
}

// --------------------------------------------------------------- members-available

TEST(MembersAvailable, PassesOnAGoodStack) {
  for (const char* seed : {"000", "002", "003", "004"}) {
    ValidateWorld w(seed);
    auto o = w.run("database.members-available");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << ": " << o.message;
    EXPECT_TRUE(has(o.message, w.deployment.secondary_region)) << o.message;
  }
  ValidateWorld w("002");  // no cluster ids in the outputs: regions from the stack
  EXPECT_EQ(run_without_stack(w, "database.members-available").verdict, Verdict::kPass);
}

TEST(MembersAvailable, FailsWhenTheSecondaryLeftTheGlobalCluster) {
  ValidateWorld w("003");
  aws::RemoveFromGlobalClusterRequest req;
  req.GlobalClusterIdentifier = w.deployment.global_cluster_id;
  req.DbClusterIdentifier = cluster_arn(w, "secondary");
  auto removed = w.rds.RemoveFromGlobalCluster(w.deployment.secondary_region, req);
  ASSERT_TRUE(removed.ok()) << removed.error().describe();
  w.clock.advance(std::chrono::minutes(10));
  auto o = w.run("database.members-available");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_TRUE(has(o.resource, w.ref("global_cluster.id"))) << o.resource;
  EXPECT_TRUE(has(o.message, "expected a member of global cluster " + w.ref("global_cluster.id") +
                                 " in us-east-2, got members in us-east-1"))
      << o.message;
}

TEST(MembersAvailable, FailsWhenAMemberIsNotAvailable) {
  ValidateWorld w("003");
  aws::CreateDBClusterRequest req;
  req.DBClusterIdentifier = "late-member-us-west-2";
  req.Engine = "aurora-mysql";
  req.GlobalClusterIdentifier = w.deployment.global_cluster_id;
  auto made = w.rds.CreateDBCluster("us-west-2", req);
  ASSERT_TRUE(made.ok()) << made.error().describe();
  auto o = w.run("database.members-available");  // still creating
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, made->DBCluster.DBClusterArn);
  EXPECT_TRUE(has(o.message,
                  "DB cluster " + made->DBCluster.DBClusterArn + " status available, got creating"))
      << o.message;
}

TEST(MembersAvailable, FailsWhenTheMemberIsNotTheClusterTheOutputsName) {
  ValidateWorld w("003");
  w.deployment.secondary_cluster_id = "someone-elses-cluster";
  auto o = w.run("database.members-available");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, cluster_arn(w, "secondary"));
  EXPECT_TRUE(
      has(o.message, "expected DB cluster someone-elses-cluster as the member in us-east-2, got " +
                         w.ref("cluster.secondary.identifier")))
      << o.message;
}

TEST(MembersAvailable, ErrorWhenTheSecondaryRegionIsDown) {
  ValidateWorld w("003");
  outage(w, w.deployment.secondary_region);
  auto o = w.run("database.members-available");
  EXPECT_EQ(o.verdict, Verdict::kError) << o.message;
  EXPECT_EQ(o.error_code, "ServiceUnavailable");
  EXPECT_EQ(o.resource, cluster_arn(w, "secondary"));
}

// --------------------------------------------------------------- engine-consistent

TEST(EngineConsistent, PassesOnAGoodStack) {
  for (const char* seed : {"000", "002", "003", "004"}) {
    ValidateWorld w(seed);
    auto o = w.run("database.engine-consistent");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << ": " << o.message;
    EXPECT_TRUE(has(o.message, w.stack.aurora->engine_version)) << o.message;
  }
}

TEST(EngineConsistent, FailsOnAMemberWithAnotherVersion) {
  ValidateWorld w("003");
  const std::string odd = join_member(w, "8.0.mysql_aurora.3.05.2", true);
  auto o = run_without_stack(w, "database.engine-consistent");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, odd);
  EXPECT_TRUE(has(o.message,
                  "expected engine aurora-mysql 8.0.mysql_aurora.3.04.0 (the writer's) on "
                  "DB cluster " +
                      odd + ", got aurora-mysql 8.0.mysql_aurora.3.05.2"))
      << o.message;
}

TEST(EngineConsistent, FailsWhenTheStackSaysAnotherVersion) {
  ValidateWorld w("003");
  w.stack.aurora->engine_version = "8.0.mysql_aurora.3.06.0";
  auto o = w.run("database.engine-consistent");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_TRUE(has(o.message, "expected engine aurora-mysql 8.0.mysql_aurora.3.06.0 (the stack's)"))
      << o.message;
  EXPECT_TRUE(has(o.message, "got aurora-mysql 8.0.mysql_aurora.3.04.0")) << o.message;
}

TEST(EngineConsistent, UsesTheOutputsClustersWithoutAGlobalCluster) {
  ValidateWorld w("000");
  w.deployment.global_cluster_id.clear();
  auto o = w.run("database.engine-consistent");
  EXPECT_EQ(o.verdict, Verdict::kPass) << o.message;
  EXPECT_EQ(o.evidence.size(), 2u);
}

TEST(EngineConsistent, SkippedWithoutAnyCluster) {
  ValidateWorld w("001");
  auto o = w.run("database.engine-consistent");
  EXPECT_EQ(o.verdict, Verdict::kSkipped);
  EXPECT_TRUE(has(o.message, "GlobalClusterId")) << o.message;
}

// --------------------------------------------------------------- storage-encrypted

TEST(StorageEncrypted, PassesOnAGoodStack) {
  ValidateWorld w("003");
  auto o = w.run("database.storage-encrypted");
  EXPECT_EQ(o.verdict, Verdict::kPass) << o.message;
  EXPECT_TRUE(any_evidence(o, "StorageEncrypted true"));
}

TEST(StorageEncrypted, FailsOnAnUnencryptedMember) {
  ValidateWorld w("003");
  const std::string odd = join_member(w, "", false);
  auto o = w.run("database.storage-encrypted");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, odd);
  EXPECT_TRUE(has(o.message, "expected storage encrypted on DB cluster " + odd +
                                 ", got StorageEncrypted false"))
      << o.message;
}

TEST(StorageEncrypted, SkippedWhenThePolicyDoesNotRequireIt) {
  ValidateWorld w("003");
  w.policy.require_storage_encrypted = false;
  w.policy.source = "lax.json";
  auto o = w.run("database.storage-encrypted");
  EXPECT_EQ(o.verdict, Verdict::kSkipped);
  EXPECT_TRUE(has(o.message, "lax.json: require_storage_encrypted is false")) << o.message;
}

// --------------------------------------------------------------- backup-retention

TEST(BackupRetention, PassesOnAGoodStack) {
  for (const char* seed : {"003", "002"}) {  // 002 declares 1 day: its own value holds
    ValidateWorld w(seed);
    auto o = w.run("database.backup-retention");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << ": " << o.message;
  }
}

TEST(BackupRetention, FailsBelowThePolicyMinimum) {
  ValidateWorld w("003");
  w.policy.min_backup_retention_days = 14;
  w.policy.source = "strict.json";
  w.policy.keys_set = {"min_backup_retention_days"};
  auto o = w.run("database.backup-retention");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, cluster_arn(w, "primary"));
  EXPECT_TRUE(has(o.message,
                  "expected backup retention of at least 14 days (strict.json) on DB "
                  "cluster " +
                      cluster_arn(w, "primary") + ", got 7"))
      << o.message;
}

TEST(BackupRetention, APolicyFileMinimumHoldsEvenAboveTheStacksValue) {
  ValidateWorld w("002");
  w.policy.source = "ops.json";  // min 7, as the built-in default, but set by a file
  w.policy.keys_set = {"min_backup_retention_days"};
  auto o = w.run("database.backup-retention");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_TRUE(has(o.message, "at least 7 days (ops.json)")) << o.message;
}

TEST(BackupRetention, FailsWhenTheStackSaysOtherwise) {
  ValidateWorld w("003");
  w.stack.aurora->backup_retention_days = 10;
  auto o = w.run("database.backup-retention");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_TRUE(has(o.message, "expected backup retention of 10 days (the stack's) on DB cluster"))
      << o.message;
  EXPECT_TRUE(has(o.message, "got 7")) << o.message;
}

TEST(BackupRetention, SkippedWithoutAnyCluster) {
  ValidateWorld w("001");
  EXPECT_EQ(w.run("database.backup-retention").verdict, Verdict::kSkipped);
}

// --------------------------------------------------------------- deletion-protection

TEST(DeletionProtection, AnyPassesWithTheActualValue) {
  ValidateWorld w("003");
  auto o = w.run("database.deletion-protection");
  EXPECT_EQ(o.verdict, Verdict::kPass) << o.message;
  EXPECT_EQ(o.evidence.size(), 2u);
  EXPECT_TRUE(any_evidence(o, cluster_arn(w, "primary") + ": DeletionProtection false"));
}

TEST(DeletionProtection, ForbiddenPassesOnTheSeedStack) {
  ValidateWorld w("003");
  w.policy.deletion_protection = "forbidden";
  EXPECT_EQ(w.run("database.deletion-protection").verdict, Verdict::kPass);
}

TEST(DeletionProtection, FailsWhenRequiredAndOff) {
  ValidateWorld w("003");
  w.policy.deletion_protection = "required";
  w.policy.source = "prod.json";
  auto o = w.run("database.deletion-protection");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, cluster_arn(w, "primary"));
  EXPECT_TRUE(has(o.message,
                  "expected DeletionProtection true (prod.json: deletion_protection "
                  "required) on DB cluster " +
                      cluster_arn(w, "primary") + ", got false"))
      << o.message;
  EXPECT_TRUE(has(o.message, "and 1 more cluster")) << o.message;
}

TEST(DeletionProtection, SkippedWithoutAnyCluster) {
  ValidateWorld w("001");
  EXPECT_EQ(w.run("database.deletion-protection").verdict, Verdict::kSkipped);
}

// --------------------------------------------------------------- serverless-capacity

TEST(ServerlessCapacity, PassesOnAGoodStack) {
  for (const char* seed : {"000", "002", "004"}) {
    ValidateWorld w(seed);
    auto o = w.run("database.serverless-capacity");
    EXPECT_EQ(o.verdict, Verdict::kPass) << seed << ": " << o.message;
    EXPECT_TRUE(has(o.message, "0.5-")) << o.message;
  }
}

TEST(ServerlessCapacity, FailsWhenTheCapacityIsNotTheStacks) {
  ValidateWorld w("000");
  w.stack.aurora->serverless_v2 = std::make_pair(0.5, 4.0);
  auto o = w.run("database.serverless-capacity");
  EXPECT_EQ(o.verdict, Verdict::kFail) << o.message;
  EXPECT_EQ(o.resource, cluster_arn(w, "primary"));
  EXPECT_TRUE(has(o.message, "expected Serverless v2 capacity 0.5-4 ACU on DB cluster " +
                                 cluster_arn(w, "primary") + ", got 0.5-1 ACU"))
      << o.message;
}

TEST(ServerlessCapacity, SkippedForProvisionedInstancesOrWithoutAStack) {
  ValidateWorld w("003");
  auto o = w.run("database.serverless-capacity");
  EXPECT_EQ(o.verdict, Verdict::kSkipped);
  EXPECT_TRUE(has(o.message, "no Aurora Serverless v2 capacity")) << o.message;
  ValidateWorld s("000");
  auto none = run_without_stack(s, "database.serverless-capacity");
  EXPECT_EQ(none.verdict, Verdict::kSkipped);
  EXPECT_TRUE(has(none.message, "no stack description")) << none.message;
}

}  // namespace
}  // namespace drh::validate

namespace drh::validate {
namespace {

// Every database check that reaches RDS reports an outage as ERROR, never FAIL or PASS.
TEST(DatabaseChecks, EveryCheckIsAnErrorWhenThePrimaryRegionIsDown) {
  testing::ValidateWorld w("000");  // Serverless v2: every check makes calls
  w.policy.deletion_protection = "required";
  outage(w, w.deployment.primary_region);
  for (const auto& c : database_checks()) {
    auto o = w.run(c.id);
    EXPECT_EQ(o.verdict, Verdict::kError) << c.id << ": " << o.message;
    EXPECT_EQ(o.error_code, "ServiceUnavailable") << c.id;
    EXPECT_TRUE(has(o.message, "us-east-1")) << c.id << ": " << o.message;
  }
}

}  // namespace
}  // namespace drh::validate
