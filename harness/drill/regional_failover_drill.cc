// The regional-failover drill: the primary Region is lost, Aurora fails over with data
// loss, Route 53 moves the traffic, and the application answers from the secondary; then
// everything fails back. The RTO is split into the phases a DR runbook names.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "drh/aws/cloudwatch.h"
#include "drh/aws/lambda.h"
#include "drh/aws/rds.h"
#include "drh/aws/route53.h"
#include "drh/client/connection.h"
#include "canary.h"
#include "drh/drill/drill.h"
#include "drill_support.h"

namespace drh::drill {

using namespace support;

namespace {

/// What one step learns and a later one needs.
struct Shared {
  std::optional<double> rpo_lag_seconds;  ///< AuroraGlobalDBRPOLag before the failure
  TimePoint failed_at{};                  ///< the failure was injected
  TimePoint failover_at{};                ///< FailoverGlobalCluster was called
  std::optional<double> aurora_rpo_seconds;  ///< the database's RPO figure, when known
};

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

/// What the canaries tell after the failover: for each store, the writes missing from the
/// secondary (every later write counts as lost with them) and the seconds of writes from
/// the last one that survived to the last one written.
struct CanaryLoss {
  int lost_writes = 0;
  double seconds = 0;
  std::vector<std::string> lines;
};

Result<CanaryLoss> canary_loss(CanaryRun& run, Duration interval) {
  CanaryLoss out;
  for (const bool table : {true, false}) {
    int last = -1, last_seen = -1, missing = 0;
    std::string where;
    for (auto& w : run.writes) {
      if (w.table != table) continue;
      auto here = run.arrived(w);
      if (!here) return here.error();
      w.seen = *here;
      last = std::max(last, w.n);
      if (w.seen) last_seen = std::max(last_seen, w.n);
      missing += w.seen ? 0 : 1;
      where = run.where(w);
    }
    if (last < 0) continue;
    const double span = seconds(interval) * (last - last_seen);
    out.lost_writes += missing;
    out.seconds = std::max(out.seconds, span);
    const std::string survivor =
        last_seen < 0 ? ", none arrived" : ", the last there is canary " + std::to_string(last_seen);
    out.lines.push_back(where + ": " + std::to_string(missing) + " of " +
                        std::to_string(last + 1) + " missing" + survivor);
  }
  return out;
}

std::string fmt_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", s);
  return buf;
}

/// The highest AuroraGlobalDBRPOLag (ms, as Aurora publishes it) of `cluster_id` in
/// `region` over `window` before now; nullopt when nothing was published.
Result<std::optional<double>> max_rpo_lag_ms(aws::CloudWatchApi& cw, Clock& clock,
                                             const std::string& region,
                                             const std::string& cluster_id, Duration window) {
  aws::GetMetricStatisticsRequest req;
  req.Namespace = "AWS/RDS";
  req.MetricName = "AuroraGlobalDBRPOLag";
  req.Dimensions = {{.Name = "DBClusterIdentifier", .Value = cluster_id}};
  req.EndTime = clock.now();
  req.StartTime = req.EndTime - window;
  req.Period = 60;
  req.Statistics = {"Maximum"};
  auto got = cw.GetMetricStatistics(region, req);
  if (!got) return got.error();
  std::optional<double> worst;
  for (const auto& p : got->Datapoints) {
    if (p.Maximum) worst = std::max(worst.value_or(0), *p.Maximum);
  }
  return worst;
}

std::string cluster_id_of(const std::string& arn) {
  auto parts = aws::parse_rds_arn(arn);
  return parts ? parts->id : arn;
}

/// The failure: a fault spec for FaultControl (elsewhere the primary health check is
/// inverted instead). Its duration is a safety net, longer than any drill can run (every
/// step's deadline and the fail back's): were the process killed between injecting it and
/// journalling its step, the Region would still come back by itself.
json outage_spec(const std::string& region, const BuiltinOptions& options) {
  const Duration limit = options.deadline * 8 + options.undo_deadline;
  const auto limit_seconds = std::chrono::duration_cast<std::chrono::seconds>(limit).count();
  return json{{"kind", "region-outage"}, {"region", region}, {"duration_seconds", limit_seconds}};
}

}  // namespace

Status support::undo_fault(UndoEnv& env, std::string_view text) {
  auto params = parse_params(text, {});
  if (!params) return params.error();
  if (!params->contains("fault") || !(*params)["fault"].is_object())
    return invalid_input("undo params lack 'fault'");
  if (!env.faults) {
    return invalid_input("a fault was injected (" + (*params)["fault"].dump() +
                         "), but this target offers no way to remove it: use the same target "
                         "the drill ran on (the fake's state file or the drh serve URL)");
  }
  return env.faults->remove_matching((*params)["fault"].dump());
}

Status support::undo_failback(UndoEnv& env, std::string_view text) {
  auto params = parse_params(text, {"global_cluster", "writer_arn"});
  if (!params) return params.error();
  if (!env.connection) return invalid_input("the aurora-failback undo needs a connection");
  const json& p = *params;
  if (p.contains("fault")) {
    if (auto s = undo_fault(env, text); !s) return s;
  }
  const std::string gid = p["global_cluster"], writer = p["writer_arn"];
  const std::string target = p.value("target_arn", "");
  aws::RdsClient rds(*env.connection);
  // The old primary comes back as a reader that must resync before it can be switched to.
  auto rejoined = wait_for(
      env.clock, from_seconds(p, "deadline_seconds", std::chrono::minutes(30)),
      from_seconds(p, "poll_seconds", std::chrono::seconds(5)),
      writer + " to rejoin " + gid + " as a connected member", [&]() -> Result<Probe> {
        auto g = describe_global_any(rds, {region_of_arn(target), region_of_arn(writer)}, gid);
        if (!g) return g.error();
        Probe pr;
        pr.done = !g->FailoverState && g->Status == "available";
        bool present = false;
        for (const auto& m : g->GlobalClusterMembers) {
          if (m.DBClusterArn == writer) present = true;
          if (!m.SynchronizationStatus.empty() && m.SynchronizationStatus != "connected")
            pr.done = false;
        }
        pr.done = pr.done && present;
        pr.message = describe_state(*g);
        return pr;
      });
  if (!rejoined) return rejoined;
  return undo_switchover(env, text);
}

Result<Drill> regional_failover_drill(const fixtures::Deployment& deployment, AwsConnection& connection,
                                      const BuiltinOptions& options) {
  fixtures::Deployment d = deployment;  // Regions may be filled from the global cluster
  std::vector<std::string> missing;
  if (d.global_cluster_id.empty()) missing.push_back("GlobalClusterId");
  if (!options.faults && d.primary_health_check_id.empty())
    missing.push_back("PrimaryHealthCheckId (to fail the Region through Route 53)");
  if (!missing.empty()) {
    return invalid_input("the regional-failover drill needs " + join(missing) +
                         " in the deployment's outputs");
  }
  if (!options.allow_data_loss) {
    return invalid_input(
        "the regional-failover drill fails over with AllowDataLoss: the policy must set "
        "\"allow_data_loss\": true for this account");
  }
  auto rds = std::make_shared<aws::RdsClient>(connection);
  auto r53 = std::make_shared<aws::Route53Client>(connection);
  auto cw = std::make_shared<aws::CloudWatchClient>(connection);
  auto lambda = std::make_shared<aws::LambdaClient>(connection);
  auto members = global_members(*rds, d);
  if (!members) return members.error();
  std::optional<FailoverPair> pair;
  if (!d.hosted_zone_id.empty() && !d.primary_health_check_id.empty()) {
    auto p = failover_pair(*r53, d);
    if (!p) return p.error();
    pair = *p;
  }
  // Route 53's verdict on the primary check, followed from before the failure.
  std::shared_ptr<HealthVerdict> verdict;
  if (!d.primary_health_check_id.empty()) {
    auto v = HealthVerdict::start(*r53, d.primary_health_check_id);
    if (!v) return v.error();
    verdict = *v;
  }
  bool was_inverted = false;
  if (!options.faults) {
    auto hc = r53->GetHealthCheck({.HealthCheckId = d.primary_health_check_id});
    if (!hc) return hc.error();
    was_inverted = hc->HealthCheck.HealthCheckConfig.Inverted.value_or(false);
  }

  // Canaries in the global table and the replicated bucket, where the stack has them.
  std::shared_ptr<CanaryRun> canaries;
  if (options.failover_canaries > 0) {
    auto ddb = std::make_shared<aws::DynamoDbClient>(connection);
    auto s3 = std::make_shared<aws::S3Client>(connection);
    auto t = canary_target(d, *ddb, *s3, connection.clock().now());
    if (!t) return t.error();
    if (t->has_table || t->has_bucket) {
      canaries = std::make_shared<CanaryRun>();
      canaries->target = *t;
      canaries->ddb = ddb;
      canaries->s3 = s3;
      canaries->clock = &connection.clock();
    }
  }

  const std::string gid = d.global_cluster_id;
  const std::string primary = d.primary_region, secondary = d.secondary_region;
  const std::string primary_arn = members->primary_arn, secondary_arn = members->secondary_arn;
  const std::string primary_hc = d.primary_health_check_id;
  const std::string secondary_hc = d.secondary_health_check_id;
  const std::string health_function = d.secondary_function;
  Clock& clock = connection.clock();
  auto shared = std::make_shared<Shared>();
  const json undo_timing = {
      {"deadline_seconds", whole_seconds(options.undo_deadline)},
      {"poll_seconds", seconds(options.poll_interval)}};

  Drill drill;
  drill.name = "regional-failover";

  // 1. Steady state, and the RPO lag Aurora reported before anything broke.
  Step pre;
  pre.name = "global cluster " + gid + " settled with its writer in " + primary +
             (pair ? "; " + pair->name + " answers PRIMARY" : "");
  pre.deadline = Duration::zero();
  pre.plan = {"rds:DescribeGlobalClusters " + primary + " GlobalClusterIdentifier=" + gid,
              "cloudwatch:GetMetricStatistics " + secondary +
                  " AWS/RDS AuroraGlobalDBRPOLag DBClusterIdentifier=" +
                  cluster_id_of(secondary_arn) + " Maximum"};
  if (pair) {
    pre.plan.push_back("route53:TestDNSAnswer HostedZoneId=" + pair->zone +
                       " RecordName=" + pair->name + " RecordType=" + pair->type);
  }
  pre.verify = [=, &clock]() -> Result<Probe> {
    auto g = describe_global(*rds, primary, gid);
    if (!g) return g.error();
    Probe p = settled_on(*g, primary_arn);
    if (!p.done) {
      p.message = "expected writer " + primary_arn + ", settled: " + p.message;
      return p;
    }
    if (verdict) {
      auto h = verdict->poll(*r53, clock, /*want_healthy=*/true);
      if (!h) return h.error();
      if (!h->done) return *h;
    }
    if (pair) {
      if (auto usable = pair->usable(); !usable) return usable.error();
      auto a = answer_has(*r53, pair->zone, pair->name, pair->type, pair->primary_value);
      if (!a) return a.error();
      if (!a->has) {
        p.done = false;
        p.message = "expected " + pair->name + " to answer its PRIMARY value " +
                    pair->primary_value + " before the drill, got " + a->text;
        return p;
      }
    }
    auto lag = max_rpo_lag_ms(*cw, clock, secondary, cluster_id_of(secondary_arn),
                              options.rpo_lag_window);
    if (!lag) return lag.error();
    if (*lag) {
      shared->rpo_lag_seconds = **lag / 1000.0;
      p.metrics["aurora_rpo_lag_seconds"] = **lag / 1000.0;
    }
    p.message += *lag ? "; AuroraGlobalDBRPOLag max " + fmt_seconds(**lag / 1000.0)
                      : "; no AuroraGlobalDBRPOLag published yet";
    return p;
  };
  drill.steps.push_back(std::move(pre));

  // 1b. The application's other writes, up to the failure: canaries. Their undo deletes
  //     them, after the fail back has brought the primary back.
  const int canary_count = options.failover_canaries;
  if (canaries) {
    const CanaryTarget& t = canaries->target;
    const std::vector<std::string> stores = t.stores();
    const std::string every = fmt_seconds(seconds(options.canary_interval));
    Step writes;
    writes.name = "write " + std::to_string(canary_count) + " canaries to " +
                  join(stores, " and ") + ", one every " + every + ", up to the failure";
    writes.kind = kCanariesKind;
    writes.params =
        t.undo_params(canary_count, options.deadline, options.canary_poll_interval).dump();
    writes.deadline = options.canary_interval * canary_count;
    writes.poll_interval = options.canary_interval;
    writes.touches = t.touched();
    if (t.has_table) {
      writes.plan.push_back("dynamodb:PutItem " + t.table_region + " TableName=" + t.table + " " +
                            t.hash_name + "=" + t.prefix + "/0.." +
                            std::to_string(canary_count - 1) + ", one every " + every);
    }
    if (t.has_bucket) {
      writes.plan.push_back("s3:PutObject " + t.bucket_region + " Bucket=" + t.bucket + " Key=" +
                            t.prefix + "/0.." + std::to_string(canary_count - 1) +
                            ", one every " + every);
    }
    writes.plan.push_back("undo: wait for replication to settle, then delete every canary "
                          "under " + t.prefix + " in both regions");
    writes.action = [canaries]() -> Status { return canaries->write(false); };
    // The engine polls every canary_interval: the first poll comes with the action (canary 0
    // is written then), each later one writes the next canary, the last just before the
    // failure.
    writes.verify = [canaries, canary_count, where = join(stores, " and "),
                     polls = std::make_shared<int>(0)]() -> Result<Probe> {
      Probe p;
      if ((*polls)++ > 0 && canaries->next < canary_count) {
        if (auto w = canaries->write(false); !w) return w.error();
      }
      p.done = canaries->next >= canary_count;
      p.message = std::to_string(canaries->next) + " of " + std::to_string(canary_count) +
                  " canaries written to " + where;
      return p;
    };
    drill.steps.push_back(std::move(writes));
  }

  // 2. The failure.
  Step fail;
  if (options.faults) {
    FaultControl* faults = options.faults;
    const json spec = outage_spec(primary, options);
    fail.name = "take " + primary + " down (region outage in " + faults->where() + ")";
    fail.kind = kFaultKind;
    fail.params = json{{"fault", spec}}.dump();
    fail.plan = {"inject fault " + spec.dump() + " into " + faults->where(),
                 "undo: remove that fault"};
    fail.action = [faults, spec, shared, &clock]() -> Status {
      shared->failed_at = clock.now();
      auto id = faults->inject(spec.dump());
      if (!id) return id.error();
      return Ok{};
    };
  } else {
    fail.name = "fail " + primary + " in Route 53: invert primary health check " + primary_hc;
    fail.kind = kInvertedKind;
    json params = {{"health_check", primary_hc}, {"inverted", was_inverted}};
    params.update(undo_timing);
    fail.params = params.dump();
    fail.plan = {"route53:UpdateHealthCheck HealthCheckId=" + primary_hc + " Inverted=" +
                     (was_inverted ? "false" : "true"),
                 "undo: route53:UpdateHealthCheck HealthCheckId=" + primary_hc + " Inverted=" +
                     (was_inverted ? "true" : "false")};
    fail.touches = {primary_hc};
    fail.action = [r53, primary_hc, was_inverted, shared, &clock]() -> Status {
      shared->failed_at = clock.now();
      auto r = r53->UpdateHealthCheck({.HealthCheckId = primary_hc, .Inverted = !was_inverted});
      if (!r) return r.error();
      return Ok{};
    };
  }
  drill.steps.push_back(std::move(fail));

  // 3. Detected.
  Step detect;
  detect.deadline = options.deadline;
  detect.poll_interval = options.poll_interval;
  detect.phase = "detected";
  if (!primary_hc.empty()) {
    detect.name = "Route 53 sees primary health check " + primary_hc + " unhealthy";
    detect.plan = {"poll route53:GetHealthCheckStatus HealthCheckId=" + primary_hc +
                   " until unhealthy"};
    detect.plan.back() += " (" + std::to_string(verdict->failure_threshold()) +
                          " failed observations per checker, RequestInterval " +
                          std::to_string(verdict->request_interval_seconds()) + " s)";
    detect.verify = [r53, v = verdict, &clock]() -> Result<Probe> {
      return v->poll(*r53, clock, /*want_healthy=*/false);
    };
  } else {
    detect.name = "RDS in " + primary + " stops answering";
    detect.plan = {"poll rds:DescribeGlobalClusters " + primary + " until it fails"};
    detect.verify = [rds, primary, gid]() -> Result<Probe> {
      auto g = describe_global(*rds, primary, gid);
      Probe p;
      p.done = !g && (g.error().kind == ErrorKind::kNetwork || g.error().http_status >= 500);
      p.message = g ? "RDS in " + primary + " still answers" : g.error().describe();
      if (!g && !p.done) return g.error();
      return p;
    };
  }
  drill.steps.push_back(std::move(detect));

  // 4. The secondary takes the writes.
  Step promote;
  promote.name = "fail " + gid + " over to " + secondary_arn + " (AllowDataLoss)";
  promote.kind = kFailbackKind;
  json params = {{"global_cluster", gid}, {"writer_arn", primary_arn}, {"target_arn", secondary_arn}};
  if (options.faults) params["fault"] = outage_spec(primary, options);
  params.update(undo_timing);
  promote.params = params.dump();
  promote.deadline = options.deadline;
  promote.poll_interval = options.poll_interval;
  promote.phase = "writer-promoted";
  promote.plan = {"rds:FailoverGlobalCluster " + secondary + " GlobalClusterIdentifier=" + gid +
                      " TargetDbClusterIdentifier=" + secondary_arn + " AllowDataLoss=true",
                  "poll rds:DescribeGlobalClusters " + secondary + " until " + secondary_arn +
                      " is the writer",
                  std::string("undo: ") + (options.faults ? "remove the outage, " : "") +
                      "wait for " + primary_arn + " to rejoin connected, " +
                      "rds:SwitchoverGlobalCluster back to it"};
  promote.touches = {gid};  // its member clusters change through it
  promote.action = [rds, gid, secondary, secondary_arn, shared, &clock]() -> Status {
    shared->failover_at = clock.now();
    aws::FailoverGlobalClusterRequest req;
    req.GlobalClusterIdentifier = gid;
    req.TargetDbClusterIdentifier = secondary_arn;
    req.AllowDataLoss = true;
    auto r = rds->FailoverGlobalCluster(secondary, req);
    if (!r) return r.error();
    return Ok{};
  };
  promote.verify = [rds, gid, secondary, secondary_arn, shared,
                    loss = options.last_failover_loss]() -> Result<Probe> {
    auto g = describe_global(*rds, secondary, gid);
    if (!g) return g.error();
    const auto* w = g->writer();
    Probe p;
    p.done = w && w->DBClusterArn == secondary_arn && !g->FailoverState;
    p.message = describe_state(*g);
    if (!p.done) return p;
    if (loss) {
      auto lost = loss();
      if (!lost) return lost.error();
      // The target reports the oldest lost commit's age when the failover began; writes
      // stopped when the Region failed, so the window lost ends there.
      const double window = std::max(
          0.0, lost->seconds - seconds(shared->failover_at - shared->failed_at));
      p.metrics["rpo_lost_commits"] = static_cast<double>(lost->commits);
      p.metrics["rpo_seconds"] = lost->commits == 0 ? 0.0 : window;
      p.metrics["rpo_aurora_seconds"] = p.metrics["rpo_seconds"];
      shared->aurora_rpo_seconds = p.metrics["rpo_seconds"];
      p.message += "; the failover lost " + std::to_string(lost->commits) + " commit(s), the " +
                   fmt_seconds(lost->commits == 0 ? 0.0 : window) + " of writes before the failure";
    } else if (shared->rpo_lag_seconds) {
      p.metrics["rpo_seconds"] = *shared->rpo_lag_seconds;
      p.metrics["rpo_aurora_seconds"] = *shared->rpo_lag_seconds;
      shared->aurora_rpo_seconds = *shared->rpo_lag_seconds;
      p.message += "; RPO estimated from AuroraGlobalDBRPOLag: " +
                   fmt_seconds(*shared->rpo_lag_seconds);
    }
    return p;
  };
  drill.steps.push_back(std::move(promote));

  // 4b. What the table and the bucket lost: the canaries missing from the new primary.
  if (canaries) {
    Step survived;
    survived.name = "the canaries that survived in " + canaries->target.secondaries();
    survived.deadline = Duration::zero();
    survived.plan = {"dynamodb:GetItem/s3:HeadObject each canary in " +
                     canaries->target.secondaries() + ": the last one there gives the data lost"};
    survived.verify = [canaries, shared, interval = options.canary_interval,
                       faults = options.faults != nullptr]() -> Result<Probe> {
      auto loss = canary_loss(*canaries, interval);
      if (!loss) return loss.error();
      Probe p;
      p.done = true;
      p.metrics["rpo_canary_lost_writes"] = loss->lost_writes;
      p.metrics["rpo_canary_seconds"] = loss->seconds;
      // The RPO is the worst any store shows: the database's or the canaries'.
      p.metrics["rpo_seconds"] = std::max(shared->aurora_rpo_seconds.value_or(0.0), loss->seconds);
      p.message = std::to_string(loss->lost_writes) + " canary write(s) lost (" +
                  fmt_seconds(loss->seconds) + " of writes): " + join(loss->lines, "; ");
      if (!faults) {
        p.message += " (the Region was failed through Route 53, not taken down: replication "
                     "went on, so this shows what the failover itself lost)";
      }
      return p;
    };
    drill.steps.push_back(std::move(survived));
  }

  // 5. DNS moves.
  if (pair) {
    Step answer;
    answer.name = pair->name + " " + pair->type + " answers its SECONDARY value " +
                  pair->secondary_value;
    answer.deadline = options.deadline;
    answer.poll_interval = options.poll_interval;
    answer.phase = "dns-secondary";
    answer.plan = {"poll route53:TestDNSAnswer HostedZoneId=" + pair->zone + " RecordName=" +
                   pair->name + " RecordType=" + pair->type + " until it answers " +
                   pair->secondary_value};
    answer.verify = [r53, pr = *pair]() -> Result<Probe> {
      auto a = answer_has(*r53, pr.zone, pr.name, pr.type, pr.secondary_value);
      if (!a) return a.error();
      Probe p;
      p.done = a->has;
      p.message = pr.name + " " + pr.type + " -> " + a->text;
      if (!p.done) p.message = "expected the SECONDARY value " + pr.secondary_value + ", got " + a->text;
      return p;
    };
    drill.steps.push_back(std::move(answer));
  }

  // 6. The application answers from the secondary.
  if (!health_function.empty() || !secondary_hc.empty()) {
    Step app;
    app.deadline = options.deadline;
    app.poll_interval = options.poll_interval;
    app.phase = "app-healthy";
    if (!health_function.empty()) {
      app.name = "health function " + health_function + " answers 200 in " + secondary;
      app.plan = {"poll lambda:Invoke " + secondary + " FunctionName=" + health_function +
                  " until statusCode 200"};
      app.verify = [lambda, secondary, health_function]() -> Result<Probe> {
        auto out = lambda->Invoke(secondary, {.FunctionName = health_function,
                                              .Payload = R"({"source":"drh.drill"})"});
        if (!out) return out.error();
        Probe p;
        auto body = json::parse(out->Payload, nullptr, false);
        const int status = body.is_object() && body.contains("statusCode") &&
                                   body["statusCode"].is_number_integer()
                               ? body["statusCode"].get<int>()
                               : out->StatusCode;
        p.done = out->FunctionError.empty() && status == 200;
        p.message = health_function + " -> " +
                    (out->FunctionError.empty() ? "statusCode " + std::to_string(status)
                                                : "function error " + out->FunctionError) +
                    ": " + out->Payload.substr(0, 200);
        return p;
      };
    } else {
      app.name = "secondary health check " + secondary_hc + " healthy";
      app.plan = {"poll route53:GetHealthCheckStatus HealthCheckId=" + secondary_hc +
                  " until healthy"};
      app.verify = [r53, secondary_hc]() -> Result<Probe> {
        auto h = health_of(*r53, secondary_hc);
        if (!h) return h.error();
        Probe p;
        p.done = h->is_healthy();
        p.message = h->text(secondary_hc);
        return p;
      };
    }
    drill.steps.push_back(std::move(app));
  }
  return drill;
}

}  // namespace drh::drill
