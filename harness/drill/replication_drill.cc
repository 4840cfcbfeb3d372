// The replication drill: canary writes to the DynamoDB global table and the replicated S3 bucket
// while replication is paused; the backlog and RPO at the end of the pause and the time replication
// takes to catch up once it resumes.
#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "drh/aws/dynamodb.h"
#include "drh/aws/s3.h"
#include "drh/client/connection.h"
#include "canary.h"
#include "drh/drill/drill.h"
#include "drill_support.h"

namespace drh::drill {

using namespace support;

namespace {

int max_canaries(const BuiltinOptions& o) {
  const double per = std::max(secs(o.canary_interval), 0.001);
  return 3 + static_cast<int>(std::ceil(secs(o.pause) / per));
}

}  // namespace

// ------------------------------------------------------------------ undos

Status support::undo_replication_fault(UndoEnv& env, std::string_view text) {
  auto params = parse_params(text, {});
  if (!params) return params.error();
  const json& p = *params;
  if (!p.contains("fault_ids") || !p["fault_ids"].is_array() || p["fault_ids"].empty()) {
    return Ok{};  // the action never injected one (or died before saying which)
  }
  if (!env.faults) {
    return invalid_input("the " + std::string(kReplicationFaultKind) +
                         " undo needs a fault control to remove " + p["fault_ids"].dump());
  }
  for (const auto& id : p["fault_ids"]) {
    if (!id.is_string()) continue;
    if (auto removed = env.faults->remove(id.get<std::string>()); !removed) return removed;
  }
  return Ok{};
}

Status support::undo_replication_canaries(UndoEnv& env, std::string_view text) {
  auto params = parse_params(text, {"prefix"});
  if (!params) return params.error();
  if (!env.connection) {
    return invalid_input("the " + std::string(kCanariesKind) + " undo needs a connection");
  }
  const json& p = *params;
  auto target = CanaryTarget::from_json(p);
  if (!target) return target.error();
  const CanaryTarget& t = *target;
  const int max = p.value("max_canaries", 0);
  const Duration settle = from_seconds(p, "settle_seconds", std::chrono::minutes(15));
  const Duration poll = from_seconds(p, "poll_seconds", std::chrono::seconds(1));
  aws::DynamoDbClient ddb(*env.connection);
  aws::S3Client s3(*env.connection);

  // The canary items present in one table copy; ResourceNotFound: none (no such table).
  auto items_in = [&](const std::string& table, const std::string& region,
                      bool* absent = nullptr) -> Result<std::vector<int>> {
    std::vector<int> out;
    for (int n = 0; n < max; ++n) {
      auto got = ddb.GetItem(region, {.TableName = table,
                                      .Key = t.item_key(n),
                                      .ConsistentRead = true,
                                      .ProjectionExpression = {},
                                      .ExpressionAttributeNames = {}});
      if (!got) {
        if (!not_found(got.error())) return got.error();
        if (absent) *absent = true;
        return out;
      }
      if (got->Item) out.push_back(n);
    }
    return out;
  };
  // Every version and delete marker under the prefix (NoSuchBucket: none).
  auto versions_in = [&](const std::string& bucket, const std::string& region,
                         bool* absent =
                             nullptr) -> Result<std::vector<std::pair<std::string, std::string>>> {
    std::vector<std::pair<std::string, std::string>> out;
    auto v = s3.ListObjectVersionsAll(region, {.Bucket = bucket, .Prefix = t.prefix + "/"});
    if (!v) {
      if (!not_found(v.error())) return v.error();
      if (absent) *absent = true;
      return out;
    }
    for (const auto& x : v->Versions) out.emplace_back(x.Key, x.VersionId);
    for (const auto& x : v->DeleteMarkers) out.emplace_back(x.Key, x.VersionId);
    return out;
  };

  // 1. Let replication carry what is in flight, so that nothing lands after the deletes.
  //    A secondary that cannot be read, or that does not catch up in time, is not waited for.
  (void)wait_for(env.clock, settle, poll, "canaries replicated", [&]() -> Result<Probe> {
    Probe pr;
    pr.done = true;
    // A secondary that cannot be read, or is gone, receives nothing: it is
    // not waited for.
    if (t.has_table) {
      bool absent = false;
      auto a = items_in(t.table, t.table_region);
      auto b = items_in(t.secondary_table, t.secondary_table_region, &absent);
      if (a && b && !absent) {
        for (int n : *a) {
          if (std::find(b->begin(), b->end(), n) == b->end()) pr.done = false;
        }
      }
    }
    if (t.has_bucket) {
      bool absent = false;
      auto a = versions_in(t.bucket, t.bucket_region);
      auto b = versions_in(t.secondary_bucket, t.secondary_bucket_region, &absent);
      if (a && b && !absent) {
        for (const auto& v : *a) {
          if (std::find(b->begin(), b->end(), v) == b->end()) pr.done = false;
        }
      }
    }
    return pr;
  });

  // 2. Delete every canary in both regions until none is left.
  auto sweep = [&]() -> Result<Probe> {
    Probe pr;
    int left = 0;
    std::vector<std::string> where;
    if (t.has_table) {
      for (const auto& [table, region] : {std::pair{t.table, t.table_region},
                                          std::pair{t.secondary_table, t.secondary_table_region}}) {
        auto items = items_in(table, region);
        if (!items) return items.error();
        for (int n : *items) {
          auto del = ddb.DeleteItem(region, {.TableName = table, .Key = t.item_key(n)});
          if (!del && !not_found(del.error())) return del.error();
        }
        if (!items->empty()) where.push_back("table " + table + " (" + region + ")");
        left += static_cast<int>(items->size());
      }
    }
    if (t.has_bucket) {
      for (const auto& [bucket, region] :
           {std::pair{t.bucket, t.bucket_region},
            std::pair{t.secondary_bucket, t.secondary_bucket_region}}) {
        auto versions = versions_in(bucket, region);
        if (!versions) return versions.error();
        for (const auto& [key, version] : *versions) {
          auto del = s3.DeleteObject(region, {.Bucket = bucket, .Key = key, .VersionId = version});
          if (!del && !not_found(del.error())) return del.error();
        }
        if (!versions->empty()) where.push_back("bucket " + bucket + " (" + region + ")");
        left += static_cast<int>(versions->size());
      }
    }
    pr.done = left == 0;
    pr.message = std::to_string(left) + " canary item(s)/version(s) under " + t.prefix +
                 " deleted just now" + (where.empty() ? "" : " from " + join(where));
    return pr;
  };
  return wait_for(env.clock, settle, poll, "every canary under " + t.prefix + " gone", sweep);
}

// ------------------------------------------------------------------ replication

Result<Drill> replication_drill(const fixtures::Deployment& d, AwsConnection& connection,
                                const BuiltinOptions& options) {
  auto run = std::make_shared<CanaryRun>();
  run->ddb = std::make_shared<aws::DynamoDbClient>(connection);
  run->s3 = std::make_shared<aws::S3Client>(connection);
  run->clock = &connection.clock();
  auto target = canary_target(d, *run->ddb, *run->s3, connection.clock().now());
  if (!target) return target.error();
  const CanaryTarget& t = *target;
  if (!t.has_table && !t.has_bucket) {
    std::vector<std::string> missing;
    if (d.primary_table_name.empty()) missing.push_back("TableName");
    if (d.primary_region.empty()) missing.push_back("PrimaryRegion");
    if (d.secondary_region.empty()) missing.push_back("SecondaryRegion");
    std::vector<std::string> buckets;
    if (d.primary_bucket_name.empty() && d.primary_bucket_arn.empty())
      buckets.push_back("PrimaryBucketName");
    if (d.secondary_bucket_name.empty() && d.secondary_bucket_arn.empty())
      buckets.push_back("SecondaryBucketName");
    return invalid_input("the replication drill needs a DynamoDB global table (" + join(missing) +
                         ") or replicated S3 buckets (" + join(buckets) +
                         ") in the deployment's outputs");
  }
  run->target = t;

  const std::vector<std::string> stores = t.stores(), touched = t.touched();
  const std::string secondaries = t.secondaries();
  const bool pausing = options.faults != nullptr;
  const int max = max_canaries(options);

  Drill drill;
  drill.name = "replication";

  // 1. Replication works: a canary reaches the secondary. Its undo deletes every canary.
  Step pre;
  pre.name = "a canary written to " + join(stores, " and ") + " reaches " + secondaries;
  pre.kind = kCanariesKind;
  pre.params = t.undo_params(max, options.deadline, options.canary_poll_interval).dump();
  pre.deadline = options.deadline;
  pre.poll_interval = options.canary_poll_interval;
  if (t.has_table) {
    pre.plan.push_back("dynamodb:PutItem " + t.table_region + " TableName=" + t.table + " " +
                       t.hash_name + "=" + t.key(0) + " (canary 0)");
  }
  if (t.has_bucket) {
    pre.plan.push_back("s3:PutObject " + t.bucket_region + " Bucket=" + t.bucket +
                       " Key=" + t.key(0));
  }
  pre.plan.push_back("poll " +
                     std::string(t.has_table ? "dynamodb:GetItem " + t.secondary_table_region +
                                                   " TableName=" + t.secondary_table + " "
                                             : "") +
                     (t.has_bucket ? "s3:HeadObject " + t.secondary_bucket_region +
                                         " Bucket=" + t.secondary_bucket + " "
                                   : "") +
                     "until canary 0 is there");
  pre.plan.push_back("undo: wait for replication to settle, then dynamodb:DeleteItem " + t.prefix +
                     "/0.." + std::to_string(max - 1) +
                     " in both regions and s3:DeleteObject VersionId=<each version " +
                     "and delete marker> under " + t.prefix + "/ in both buckets");
  pre.touches = touched;
  pre.action = [run]() -> Status { return run->write(false); };
  pre.verify = [run]() -> Result<Probe> {
    auto m = run->missing();
    if (!m) return m.error();
    Probe p;
    p.done = m->empty();
    const auto& first = run->writes.front();
    const double lag = secs(run->clock->now() - first.at);
    p.message = p.done ? "canary " + run->target.key(0) + " replicated to " +
                             run->target.secondaries() + " within " + std::to_string(lag) + " s"
                       : run->describe_missing(*m);
    if (p.done) p.metrics["replication_seconds"] = lag;
    return p;
  };
  drill.steps.push_back(std::move(pre));

  // 2. Canaries during a pause (or in steady state): the backlog at its end.
  Step pause;
  pause.deadline = options.pause + 2 * options.canary_interval;
  pause.poll_interval = options.canary_interval;
  const std::string every = std::to_string(whole_seconds(options.canary_interval)) + " s";
  const std::string span = std::to_string(whole_seconds(options.pause)) + " s";
  std::vector<std::string> writes_plan;
  if (t.has_table)
    writes_plan.push_back("dynamodb:PutItem " + t.table_region + " TableName=" + t.table);
  if (t.has_bucket)
    writes_plan.push_back("s3:PutObject " + t.bucket_region + " Bucket=" + t.bucket);
  if (pausing) {
    std::vector<std::string> services;
    if (t.has_table) services.push_back("dynamodb");
    if (t.has_bucket) services.push_back("s3");
    pause.name = "pause replication " + d.primary_region + " -> " + d.secondary_region + " (" +
                 join(services) + ") for " + span + " with a canary every " + every;
    pause.kind = kReplicationFaultKind;
    std::vector<json> specs;
    if (t.has_table) {
      specs.push_back({{"kind", "replication-pause"},
                       {"service", "dynamodb"},
                       {"region", t.table_region},
                       {"peer_region", t.secondary_table_region}});
    }
    if (t.has_bucket) {
      specs.push_back({{"kind", "replication-pause"},
                       {"service", "s3"},
                       {"region", t.bucket_region},
                       {"peer_region", t.secondary_bucket_region}});
    }
    // A safety net: were the drill and its undo both lost, the fault still ends by itself.
    for (auto& s : specs) {
      s["duration_seconds"] = whole_seconds(options.pause + options.deadline);
    }
    run->fault_specs = specs;
    pause.params = json{{"faults", specs}, {"fault_ids", json::array()}}.dump();
    for (const auto& s : specs) {
      pause.plan.push_back("fault: inject " + s.dump() + " into " + options.faults->where());
    }
    pause.plan.push_back("every " + every + " for " + span + ": " + join(writes_plan, ", "));
    pause.plan.push_back("then dynamodb:GetItem/s3:HeadObject each canary in " + secondaries +
                         ": the backlog");
    pause.plan.push_back("undo: remove the fault(s) from " + options.faults->where());
    pause.touches = touched;
    FaultControl* faults = options.faults;
    pause.action = [run, faults]() -> Status {
      for (const auto& s : run->fault_specs) {
        auto id = faults->inject(s.dump());
        if (!id) return id.error();
        run->fault_ids.push_back(*id);
      }
      run->pause_started = run->clock->now();
      return Ok{};
    };
    pause.updated_params = [run]() -> std::string {
      return json{{"faults", run->fault_specs}, {"fault_ids", run->fault_ids}}.dump();
    };
  } else {
    pause.name = "steady state, no fault control to pause replication: a canary every " + every +
                 " for " + span;
    pause.plan.push_back("every " + every + " for " + span + ": " + join(writes_plan, ", "));
    pause.plan.push_back("then dynamodb:GetItem/s3:HeadObject each canary in " + secondaries +
                         ": the backlog");
    pause.action = [run]() -> Status {
      run->pause_started = run->clock->now();
      return Ok{};
    };
  }
  pause.verify = [run, span, pausing, options]() -> Result<Probe> {
    const TimePoint now = run->clock->now();
    Probe p;
    int written = 0;
    for (const auto& w : run->writes) written += w.during_pause ? 1 : 0;
    if (now - run->pause_started < options.pause) {
      if (auto w = run->write(true); !w) return w.error();
      p.message = std::to_string(written + (run->target.has_table ? 1 : 0) +
                                 (run->target.has_bucket ? 1 : 0)) +
                  " canary write(s) so far";
      return p;
    }
    auto m = run->missing();
    if (!m) return m.error();
    int backlog = 0;
    std::optional<TimePoint> oldest;
    for (const auto* w : *m) {
      ++backlog;
      if (!oldest || w->at < *oldest) oldest = w->at;
    }
    const double rpo = oldest ? secs(now - *oldest) : 0.0;
    p.done = true;
    p.metrics["backlog_writes"] = backlog;
    p.metrics["rpo_seconds"] = rpo;
    p.metrics["rpo_lost_writes"] = backlog;
    p.metrics["pause_writes"] = written;
    p.message = std::string(pausing ? "after " + span + " paused" : "steady state after " + span) +
                ": " + std::to_string(backlog) + " of " + std::to_string(written) +
                " canary write(s) not in the secondary, the oldest " + std::to_string(rpo) +
                " s old: losing the primary now would lose them (RPO " + std::to_string(rpo) +
                " s)" + (pausing ? "" : "; replication was not paused (no fault control)");
    return p;
  };
  drill.steps.push_back(std::move(pause));

  // 3. Replication resumes and catches up.
  Step catchup;
  catchup.name =
      std::string(pausing ? "resume replication; " : "") + "every canary reaches " + secondaries;
  catchup.phase = "catch-up";
  catchup.deadline = options.deadline;
  catchup.poll_interval = options.canary_poll_interval;
  if (pausing) {
    catchup.plan.push_back("fault: remove the replication-pause fault(s) from " +
                           options.faults->where());
    FaultControl* faults = options.faults;
    catchup.action = [run, faults]() -> Status {
      for (const auto& id : run->fault_ids) {
        if (auto r = faults->remove(id); !r) return r;
      }
      run->resumed = run->clock->now();
      return Ok{};
    };
    catchup.touches = touched;
  } else {
    catchup.action = [run]() -> Status {
      run->resumed = run->clock->now();
      return Ok{};
    };
  }
  catchup.plan.push_back("poll dynamodb:GetItem/s3:HeadObject each canary in " + secondaries +
                         " until every one is there");
  catchup.verify = [run]() -> Result<Probe> {
    auto m = run->missing();
    if (!m) return m.error();
    Probe p;
    p.done = m->empty();
    const double took = secs(run->clock->now() - run->resumed);
    if (!p.done) {
      p.message = run->describe_missing(*m);
      return p;
    }
    p.message = "all " + std::to_string(run->writes.size()) + " canary write(s) in " +
                run->target.secondaries() + " " + std::to_string(took) + " s after resuming";
    p.metrics["catch_up_seconds"] = took;
    p.metrics["canary_writes"] = static_cast<double>(run->writes.size());
    return p;
  };
  drill.steps.push_back(std::move(catchup));
  return drill;
}

}  // namespace drh::drill
