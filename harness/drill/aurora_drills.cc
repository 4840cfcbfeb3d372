// The switchover drill: a planned Aurora global switchover to the secondary and back.
#include <memory>
#include <nlohmann/json.hpp>

#include "drh/aws/rds.h"
#include "drh/client/connection.h"
#include "drh/drill/drill.h"
#include "drill_support.h"

namespace drh::drill {

using namespace support;

Status support::undo_switchover(UndoEnv& env, std::string_view text) {
  auto params = parse_params(text, {"global_cluster", "writer_arn"});
  if (!params) return params.error();
  if (!env.connection) return invalid_input("the aurora-switchover undo needs a connection");
  const json& p = *params;
  const std::string gid = p["global_cluster"];
  const std::string writer = p["writer_arn"];
  const std::string target = p.value("target_arn", "");
  const Duration deadline = from_seconds(p, "deadline_seconds", std::chrono::minutes(15));
  const Duration poll = from_seconds(p, "poll_seconds", std::chrono::seconds(5));
  const std::vector<std::string> regions = {region_of_arn(writer), region_of_arn(target)};
  aws::RdsClient rds(*env.connection);

  // A switchover still running (the drill died or gave up mid-way) must end first.
  auto idle = wait_for(env.clock, deadline, poll, "the running switchover of " + gid + " to end",
                       [&]() -> Result<Probe> {
                         auto g = describe_global_any(rds, regions, gid);
                         if (!g) return g.error();
                         Probe pr;
                         pr.done = !g->FailoverState && g->Status == "available";
                         pr.message = describe_state(*g);
                         return pr;
                       });
  if (!idle) return idle;
  auto g = describe_global_any(rds, regions, gid);
  if (!g) return g.error();
  const auto* w = g->writer();
  if (!w) return make_error(ErrorKind::kAws, "NoWriter", describe_state(*g) + ": no writer");
  if (w->DBClusterArn != writer) {
    aws::SwitchoverGlobalClusterRequest req;
    req.GlobalClusterIdentifier = gid;
    req.TargetDbClusterIdentifier = writer;
    // Made in the current writer's Region; when that Region does not answer, in the
    // Region being switched back to (a member's Region, which RDS also accepts).
    auto back = rds.SwitchoverGlobalCluster(region_of_arn(w->DBClusterArn), req);
    if (!back && (back.error().http_status >= 500 || back.error().kind == ErrorKind::kNetwork) &&
        region_of_arn(writer) != region_of_arn(w->DBClusterArn)) {
      back = rds.SwitchoverGlobalCluster(region_of_arn(writer), req);
    }
    if (!back) return back.error();
  }
  return wait_for(env.clock, deadline, poll, "writer of " + gid + " back on " + writer,
                  [&]() -> Result<Probe> {
                    auto now = describe_global_any(rds, regions, gid);
                    if (!now) return now.error();
                    return settled_on(*now, writer);
                  });
}

// ------------------------------------------------------------------ switchover

Result<Drill> switchover_drill(const fixtures::Deployment& deployment, AwsConnection& connection,
                               const BuiltinOptions& options) {
  fixtures::Deployment d = deployment;  // Regions may be filled from the global cluster
  std::vector<std::string> missing;
  if (d.global_cluster_id.empty()) missing.push_back("GlobalClusterId");
  if (!missing.empty()) {
    return invalid_input("the switchover drill needs " + join(missing) +
                         " in the deployment's outputs");
  }
  auto rds = std::make_shared<aws::RdsClient>(connection);
  auto members = global_members(*rds, d);
  if (!members) return members.error();
  const std::string primary_arn = members->primary_arn, secondary_arn = members->secondary_arn;
  const std::string gid = d.global_cluster_id;
  const std::string primary_region = d.primary_region, secondary_region = d.secondary_region;

  Drill drill;
  drill.name = "switchover";

  Step pre;
  pre.name = "global cluster " + gid + " available with its writer in " + primary_region;
  pre.deadline = Duration::zero();
  pre.plan = {"rds:DescribeGlobalClusters " + primary_region + " GlobalClusterIdentifier=" + gid};
  pre.verify = [rds, gid, primary_region, primary_arn]() -> Result<Probe> {
    auto now = describe_global(*rds, primary_region, gid);
    if (!now) return now.error();
    Probe p = settled_on(*now, primary_arn);
    if (!p.done) p.message = "expected writer " + primary_arn + ", settled: " + p.message;
    return p;
  };
  drill.steps.push_back(std::move(pre));

  Step sw;
  sw.name = "switch " + gid + " over to " + secondary_arn;
  sw.kind = kSwitchoverKind;
  sw.params = json{{"global_cluster", gid},
                   {"writer_arn", primary_arn},
                   {"target_arn", secondary_arn},
                   {"deadline_seconds", whole_seconds(options.undo_deadline)},
                   {"poll_seconds", std::chrono::duration<double>(options.poll_interval).count()}}
                  .dump();
  sw.deadline = options.deadline;
  sw.poll_interval = options.poll_interval;
  sw.phase = "writer-promoted";
  sw.plan = {"rds:SwitchoverGlobalCluster " + primary_region + " GlobalClusterIdentifier=" + gid +
                 " TargetDbClusterIdentifier=" + secondary_arn,
             "poll rds:DescribeGlobalClusters " + secondary_region + " until " + secondary_arn +
                 " is the writer and every member is connected",
             "undo: rds:SwitchoverGlobalCluster back to " + primary_arn + " and wait for it"};
  sw.touches = {gid};  // its member clusters change through it
  sw.action = [rds, gid, primary_region, secondary_arn]() -> Status {
    aws::SwitchoverGlobalClusterRequest req;
    req.GlobalClusterIdentifier = gid;
    req.TargetDbClusterIdentifier = secondary_arn;
    auto r = rds->SwitchoverGlobalCluster(primary_region, req);
    if (!r) return r.error();
    return Ok{};
  };
  sw.verify = [rds, gid, secondary_region, primary_region, secondary_arn]() -> Result<Probe> {
    auto now = describe_global_any(*rds, {secondary_region, primary_region}, gid);
    if (!now) return now.error();
    return settled_on(*now, secondary_arn);
  };
  drill.steps.push_back(std::move(sw));

  Step rpo;
  rpo.name = "RPO 0: no commit lost by the switchover";
  rpo.deadline = Duration::zero();
  rpo.verify = [lost = options.last_failover_loss]() -> Result<Probe> {
    Probe p;
    p.done = true;
    if (!lost) {
      p.message = "lost commits not measurable on this target; every member connected";
      return p;
    }
    auto loss = lost();
    if (!loss) return loss.error();
    if (loss->commits != 0) {
      return make_error(ErrorKind::kAws, "RpoNotZero",
                        "RPO must be 0, but the switchover lost " +
                            std::to_string(loss->commits) + " commit(s)");
    }
    p.message = "0 commits lost";
    p.metrics["rpo_lost_commits"] = 0;
    return p;
  };
  drill.steps.push_back(std::move(rpo));
  return drill;
}

}  // namespace drh::drill
