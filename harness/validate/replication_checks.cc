// replication checks (see include/drh/validate/check.h): Aurora global lag, DynamoDB
// global-table replicas, S3 cross-region replication, and the opt-in canaries that watch
// a marker cross.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <set>

#include "drh/aws/cloudwatch.h"
#include "drh/aws/dynamodb.h"
#include "drh/aws/s3.h"
#include "drh/validate/check.h"
#include "check_text.h"
#include "stack_refs.h"

namespace drh::validate {

namespace {

using detail::join;

using detail::side_region;

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

/// The region of a role's output when the outputs place it, else the side's region.
std::string role_region(const CheckContext& c, const std::string& role, std::string_view side) {
  auto it = c.deployment.roles.find(role);
  if (it != c.deployment.roles.end() && !it->second.region.empty()) return it->second.region;
  return side_region(c.deployment, c.stack, side);
}

// ------------------------------------------------------------------ Aurora

/// The secondary clusters: the outputs' and, when the stack is known, every cluster it
/// joins to the global database after the first.
std::vector<std::pair<std::string, std::string>> secondary_clusters(const CheckContext& c) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!c.deployment.secondary_cluster_id.empty()) {
    out.emplace_back(c.deployment.secondary_cluster_id,
                     role_region(c, "SecondaryClusterId", "secondary"));
  }
  if (c.stack && c.stack->aurora) {
    const auto refs = detail::stack_refs(c);
    const auto& clusters = c.stack->aurora->clusters;
    for (std::size_t i = 1; i < clusters.size(); ++i) {
      auto id = refs->get("cluster." + clusters[i].id + ".identifier");
      if (!id || (!out.empty() && out.front().first == *id)) continue;
      out.emplace_back(*id, c.stack->region_of(clusters[i].region));
    }
  }
  return out;
}

Outcome aurora_lag_of(const CheckContext& c, const std::string& cluster,
                      const std::string& region) {
  // AWS publishes AuroraGlobalDBReplicationLag from each secondary cluster, in the
  // secondary's own region ("Monitoring Aurora global databases", Aurora User Guide).
  const auto window = std::chrono::seconds(c.policy.replication_window_seconds);
  const TimePoint end = c.clock.now();
  auto stats = c.clients.cloudwatch.GetMetricStatistics(
      region, {.Namespace = "AWS/RDS",
               .MetricName = "AuroraGlobalDBReplicationLag",
               .Dimensions = {{"DBClusterIdentifier", cluster}},
               .StartTime = end - window,
               .EndTime = end,
               .Period = 60,
               .Statistics = {"Maximum"}});
  if (!stats) {
    return error(stats.error(),
                 "reading AuroraGlobalDBReplicationLag of " + cluster + " in " + region, cluster);
  }
  double worst = -1;
  std::size_t points = 0;
  for (const auto& d : stats->Datapoints) {
    if (!d.Maximum) continue;
    ++points;
    worst = std::max(worst, *d.Maximum);
  }
  const std::string over = " over the last " + std::to_string(c.policy.replication_window_seconds) +
                           " s (AWS/RDS, DBClusterIdentifier=" + cluster + ", " + region + ")";
  if (points == 0) {
    return fail(cluster, "expected AuroraGlobalDBReplicationLag datapoints" + over +
                             ", got none: the secondary is not replicating or not reporting");
  }
  Outcome o =
      worst < c.policy.max_replication_lag_ms
          ? pass(cluster, "maximum AuroraGlobalDBReplicationLag " + number(worst) + " ms < " +
                              number(c.policy.max_replication_lag_ms) + " ms" + over)
          : fail(cluster, "expected AuroraGlobalDBReplicationLag below " +
                              number(c.policy.max_replication_lag_ms) + " ms" + over +
                              ", got a maximum of " + number(worst) + " ms");
  o.evidence.push_back(cluster + ": " + std::to_string(points) + " datapoints, maximum " +
                       number(worst) + " ms");
  return o;
}

Outcome aurora_lag(const CheckContext& c) {
  auto clusters = secondary_clusters(c);
  if (clusters.empty()) return missing_role("SecondaryClusterId");
  Outcome result;
  std::vector<std::string> evidence;
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    const auto& [cluster, region] = clusters[i];
    if (region.empty()) return missing_role("SecondaryRegion");
    Outcome o = aurora_lag_of(c, cluster, region);
    evidence.insert(evidence.end(), o.evidence.begin(), o.evidence.end());
    // The first cluster that is not PASS decides; else the first PASS speaks for all.
    if (o.verdict != Verdict::kPass || i == 0) result = o;
    if (o.verdict != Verdict::kPass) break;
  }
  result.evidence = evidence;
  result.evidence.push_back("threshold " + number(c.policy.max_replication_lag_ms) + " ms (" +
                            c.policy.source + ")");
  return result;
}

// ------------------------------------------------------------------ DynamoDB

struct TableTarget {
  std::string name;
  std::string home;
  std::vector<std::string> regions;  ///< home first
  std::string stream;                ///< expected StreamViewType ("" = any)
  bool pitr = true;
};

/// The global tables to look at: the outputs' table and every table the stack describes.
std::vector<TableTarget> tables(const CheckContext& c) {
  std::vector<TableTarget> out;
  std::set<std::string> seen;
  if (c.stack) {
    const auto refs = detail::stack_refs(c);
    for (const auto& t : c.stack->tables) {
      auto name = refs->resolve(t.name);
      if (!name || !seen.insert(*name).second) continue;
      TableTarget target{*name, c.stack->region_of(t.region), {}, t.stream, t.pitr};
      target.regions.push_back(target.home);
      for (const auto& r : t.replicas) target.regions.push_back(c.stack->region_of(r));
      if (target.regions.size() > 1 && target.stream.empty()) target.stream = "NEW_AND_OLD_IMAGES";
      out.push_back(std::move(target));
    }
  }
  const std::string& name = c.deployment.primary_table_name;
  if (!name.empty() && !seen.contains(name)) {
    TableTarget target{name, role_region(c, "PrimaryTableName", "primary"), {}, "", true};
    target.regions.push_back(target.home);
    auto secondary = side_region(c.deployment, c.stack, "secondary");
    if (!secondary.empty() && secondary != target.home) target.regions.push_back(secondary);
    out.push_back(std::move(target));
  }
  return out;
}

/// A table that does not exist is a finding, not a failed call.
bool no_such_table(const Error& e) {
  return e.code == "ResourceNotFoundException" || e.code == "TableNotFoundException";
}

/// The secondary table's name: its own output when the deployment names one.
std::string replica_name(const CheckContext& c, const TableTarget& t, const std::string& region) {
  if (region != t.home && !c.deployment.secondary_table_name.empty() &&
      t.name == c.deployment.primary_table_name) {
    return c.deployment.secondary_table_name;
  }
  return t.name;
}

Outcome dynamodb_replicas(const CheckContext& c) {
  auto targets = tables(c);
  if (targets.empty()) return missing_role("PrimaryTableName");
  std::vector<std::string> seen, problems, resources;
  for (const auto& t : targets) {
    auto home = c.clients.dynamodb.DescribeTable(t.home, {.TableName = t.name});
    if (!home && no_such_table(home.error())) {
      problems.push_back("expected table " + t.name + " in " + t.home + ", got " +
                         home.error().code);
      resources.push_back(t.name);
      continue;
    }
    if (!home) return error(home.error(), "describing table " + t.name + " in " + t.home, t.name);
    const std::string arn = home->Table.TableArn.empty() ? t.name : home->Table.TableArn;
    if (home->Table.TableStatus != "ACTIVE") {
      problems.push_back("expected table " + t.name + " ACTIVE in " + t.home + ", got " +
                         home->Table.TableStatus);
      resources.push_back(arn);
    }
    for (const auto& region : t.regions) {
      if (region == t.home) continue;
      const auto* replica = home->Table.replica(region);
      std::string status = replica ? replica->ReplicaStatus : std::string("no replica");
      if (status.empty()) status = "no status";
      seen.push_back(t.name + "@" + region + "=" + status);
      if (status != "ACTIVE") {
        problems.push_back("expected a replica of " + t.name + " in " + region + " ACTIVE, got " +
                           status);
        resources.push_back(arn);
        continue;
      }
      const std::string remote = replica_name(c, t, region);
      auto there = c.clients.dynamodb.DescribeTable(region, {.TableName = remote});
      if (!there && no_such_table(there.error())) {
        problems.push_back("expected table " + remote + " in " + region + ", got " +
                           there.error().code);
        resources.push_back(arn);
        continue;
      }
      if (!there) {
        return error(there.error(), "describing table " + remote + " in " + region, remote);
      }
      if (there->Table.TableStatus != "ACTIVE") {
        problems.push_back("expected table " + remote + " ACTIVE in " + region + ", got " +
                           there->Table.TableStatus);
        resources.push_back(there->Table.TableArn.empty() ? remote : there->Table.TableArn);
      }
    }
    if (t.regions.size() < 2) {
      problems.push_back("expected table " + t.name + " to have a replica beyond " + t.home +
                         ", got a single-region table");
      resources.push_back(arn);
    }
  }
  Outcome o = problems.empty()
                  ? pass(targets.front().name, "every expected replica is ACTIVE: " + join(seen))
                  : fail(resources.front(), join(problems, "; "));
  o.evidence = seen;
  return o;
}

/// The table's ARN in `region` for a FAIL's resource (its name when it cannot be read).
std::string table_arn(const CheckContext& c, const std::string& region, const std::string& name) {
  auto d = c.clients.dynamodb.DescribeTable(region, {.TableName = name});
  return d && !d->Table.TableArn.empty() ? d->Table.TableArn : name;
}

Outcome dynamodb_pitr(const CheckContext& c) {
  auto targets = tables(c);
  if (targets.empty()) return missing_role("PrimaryTableName");
  std::vector<std::string> seen, problems, resources;
  for (const auto& t : targets) {
    if (!t.pitr) {
      seen.push_back(t.name + ": the stack does not ask for PITR");
      continue;
    }
    for (const auto& region : t.regions) {
      const std::string name = replica_name(c, t, region);
      auto backups = c.clients.dynamodb.DescribeContinuousBackups(region, {.TableName = name});
      if (!backups && no_such_table(backups.error())) {
        seen.push_back(name + "@" + region + " " + backups.error().code);
        problems.push_back("expected point-in-time recovery ENABLED on " + name + " in " + region +
                           ", got no such table (" + backups.error().code + ")");
        resources.push_back(name + " (" + region + ")");
        continue;
      }
      if (!backups) {
        return error(backups.error(), "describing continuous backups of " + name + " in " + region,
                     name);
      }
      const auto& pitr = backups->ContinuousBackupsDescription.PointInTimeRecoveryDescription;
      std::string status = pitr ? pitr->PointInTimeRecoveryStatus : std::string();
      if (status.empty()) status = "no PointInTimeRecoveryDescription";
      seen.push_back(name + "@" + region + " PITR " + status);
      if (status != "ENABLED") {
        problems.push_back("expected point-in-time recovery ENABLED on " + name + " in " + region +
                           ", got " + status);
        resources.push_back(table_arn(c, region, name));
      }
    }
  }
  if (seen.empty()) return fail(targets.front().name, "expected tables to examine, got none");
  Outcome o = problems.empty() ? pass(targets.front().name, "PITR enabled: " + join(seen))
                               : fail(resources.front(), join(problems, "; "));
  o.evidence = seen;
  return o;
}

Outcome dynamodb_streams(const CheckContext& c) {
  auto targets = tables(c);
  if (targets.empty()) return missing_role("PrimaryTableName");
  std::vector<std::string> seen, problems, resources;
  for (const auto& t : targets) {
    for (const auto& region : t.regions) {
      const std::string name = replica_name(c, t, region);
      auto d = c.clients.dynamodb.DescribeTable(region, {.TableName = name});
      if (!d && no_such_table(d.error())) {
        seen.push_back(name + "@" + region + " " + d.error().code);
        problems.push_back("expected a stream on " + name + " in " + region +
                           ", got no such table (" + d.error().code + ")");
        resources.push_back(name + " (" + region + ")");
        continue;
      }
      if (!d) return error(d.error(), "describing table " + name + " in " + region, name);
      const auto& spec = d->Table.StreamSpecification;
      const bool on = spec && spec->StreamEnabled;
      const std::string view = on ? spec->StreamViewType : std::string("off");
      seen.push_back(name + "@" + region + " stream " + view);
      const std::string arn = d->Table.TableArn.empty() ? name : d->Table.TableArn;
      if (!on) {
        problems.push_back("expected a stream on " + name + " in " + region + ", got streams off");
        resources.push_back(arn);
      } else if (!t.stream.empty() && view != t.stream) {
        problems.push_back("expected stream view " + t.stream + " on " + name + " in " + region +
                           ", got " + view);
        resources.push_back(arn);
      }
    }
  }
  Outcome o = problems.empty() ? pass(targets.front().name, "streams on: " + join(seen))
                               : fail(resources.front(), join(problems, "; "));
  o.evidence = seen;
  return o;
}

// ------------------------------------------------------------------ S3

struct BucketPair {
  std::string source, source_region, destination, destination_region;
};

/// Replicated bucket pairs: the outputs' primary/secondary buckets and the stack's rules.
std::vector<BucketPair> bucket_pairs(const CheckContext& c) {
  std::vector<BucketPair> out;
  std::set<std::pair<std::string, std::string>> seen;
  const auto& d = c.deployment;
  if (!d.primary_bucket_name.empty() && !d.secondary_bucket_name.empty()) {
    out.push_back({d.primary_bucket_name, role_region(c, "PrimaryBucketName", "primary"),
                   d.secondary_bucket_name, role_region(c, "SecondaryBucketName", "secondary")});
    seen.insert({d.primary_bucket_name, d.secondary_bucket_name});
  }
  if (c.stack) {
    const auto refs = detail::stack_refs(c);
    for (const auto& r : c.stack->bucket_replication) {
      auto source = refs->get("bucket." + r.source + ".name");
      auto destination = refs->get("bucket." + r.destination + ".name");
      auto source_region = refs->get("bucket." + r.source + ".region");
      auto destination_region = refs->get("bucket." + r.destination + ".region");
      if (!source || !destination || !source_region || !destination_region) continue;
      if (!seen.insert({*source, *destination}).second) continue;
      out.push_back({*source, *source_region, *destination, *destination_region});
    }
  }
  return out;
}

Outcome bucket_pairs_missing(const CheckContext& c) {
  return missing_role(c.deployment.primary_bucket_name.empty() ? "PrimaryBucketName"
                                                               : "SecondaryBucketName");
}

Outcome s3_versioning(const CheckContext& c) {
  auto pairs = bucket_pairs(c);
  if (pairs.empty()) return bucket_pairs_missing(c);
  std::vector<std::pair<std::string, std::string>> buckets;
  for (const auto& p : pairs) {
    for (const auto& b :
         {std::pair{p.source, p.source_region}, std::pair{p.destination, p.destination_region}}) {
      if (std::find(buckets.begin(), buckets.end(), b) == buckets.end()) buckets.push_back(b);
    }
  }
  std::vector<std::string> seen, problems, resources;
  for (const auto& [bucket, region] : buckets) {
    auto v = c.clients.s3.GetBucketVersioning(region, {.Bucket = bucket});
    if (!v && v.error().code == "NoSuchBucket") {
      seen.push_back(bucket + " (" + region + ") NoSuchBucket");
      problems.push_back("expected versioning Enabled on bucket " + bucket + ", got NoSuchBucket");
      resources.push_back("arn:aws:s3:::" + bucket);
      continue;
    }
    if (!v) {
      return error(v.error(), "reading the versioning of bucket " + bucket + " in " + region,
                   "arn:aws:s3:::" + bucket);
    }
    const std::string status = v->Status.empty() ? std::string("never enabled") : v->Status;
    seen.push_back(bucket + " (" + region + ") versioning " + status);
    if (v->Status != "Enabled") {
      problems.push_back("expected versioning Enabled on bucket " + bucket + ", got " + status);
      resources.push_back("arn:aws:s3:::" + bucket);
    }
  }
  Outcome o = problems.empty() ? pass("arn:aws:s3:::" + buckets.front().first,
                                      "versioning Enabled: " + join(seen))
                               : fail(resources.front(), join(problems, "; "));
  o.evidence = seen;
  return o;
}

Outcome s3_rule(const CheckContext& c) {
  auto pairs = bucket_pairs(c);
  if (pairs.empty()) return bucket_pairs_missing(c);
  std::vector<std::string> seen, problems, resources;
  for (const auto& p : pairs) {
    const std::string source_arn = "arn:aws:s3:::" + p.source;
    const std::string destination_arn = "arn:aws:s3:::" + p.destination;
    auto got = c.clients.s3.GetBucketReplication(p.source_region, {.Bucket = p.source});
    if (!got && (got.error().code == "ReplicationConfigurationNotFoundError" ||
                 got.error().code == "NoSuchBucket")) {
      problems.push_back("expected a replication rule from " + p.source + " to " + p.destination +
                         ", got " + got.error().code + " on " + p.source);
      resources.push_back(source_arn);
      continue;
    }
    if (!got) {
      return error(
          got.error(),
          "reading the replication configuration of " + p.source + " in " + p.source_region,
          source_arn);
    }
    // The best rule to the destination: the one that meets the most requirements, so a
    // failure names what the closest rule lacks.
    std::vector<std::string> best_missing;
    bool found = false;
    for (const auto& rule : got->ReplicationConfiguration.Rules) {
      if (rule.Destination.Bucket != destination_arn && rule.Destination.Bucket != p.destination) {
        continue;
      }
      std::vector<std::string> missing;
      if (rule.Status != "Enabled") missing.push_back("Status Enabled, got " + rule.Status);
      const auto& rtc = rule.Destination.ReplicationTime;
      if (!rtc || rtc->Status != "Enabled") {
        missing.push_back("ReplicationTime Enabled, got " +
                          (rtc ? rtc->Status : std::string("no ReplicationTime")));
      } else if (rtc->Time.Minutes.value_or(0) != c.policy.s3_rtc_minutes) {
        missing.push_back("ReplicationTime " + std::to_string(c.policy.s3_rtc_minutes) +
                          " minutes, got " +
                          (rtc->Time.Minutes ? std::to_string(*rtc->Time.Minutes) : "none"));
      }
      const auto& metrics = rule.Destination.Metrics;
      if (!metrics || metrics->Status != "Enabled") {
        missing.push_back("Metrics Enabled, got " +
                          (metrics ? metrics->Status : std::string("no Metrics")));
      }
      seen.push_back(p.source + " -> " + p.destination + " rule '" + rule.ID + "': " +
                     (missing.empty()
                          ? std::string("Enabled, RTC ") + std::to_string(c.policy.s3_rtc_minutes) +
                                " min, metrics Enabled"
                          : join(missing, "; ")));
      if (!found || missing.size() < best_missing.size()) best_missing = missing;
      found = true;
      if (missing.empty()) break;
    }
    if (!found) {
      std::vector<std::string> destinations;
      for (const auto& rule : got->ReplicationConfiguration.Rules) {
        destinations.push_back(rule.Destination.Bucket);
      }
      problems.push_back("expected a replication rule from " + p.source + " to " + destination_arn +
                         ", got rules to " +
                         (destinations.empty() ? std::string("nothing") : join(destinations)));
      resources.push_back(source_arn);
    } else if (!best_missing.empty()) {
      problems.push_back("expected the rule from " + p.source + " to " + p.destination + " with " +
                         join(best_missing, "; "));
      resources.push_back(source_arn);
    }
  }
  Outcome o = problems.empty() ? pass("arn:aws:s3:::" + pairs.front().source,
                                      "replication rules with RTC and metrics: " + join(seen))
                               : fail(resources.front(), join(problems, "; "));
  o.evidence = seen;
  return o;
}

// ------------------------------------------------------------------ canaries

std::string marker_name(const CheckContext& c) {
  static std::atomic<unsigned> counter{0};
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(c.clock.now().time_since_epoch())
          .count();
  return "drh-canary-" + std::to_string(ms) + "-" + std::to_string(++counter);
}

std::string seconds(Duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", std::chrono::duration<double>(d).count());
  return buf;
}

// Polls start fast so a healthy link's delay is measured finely, then back off so a stuck
// marker does not cost thousands of calls against a real account before the timeout.
constexpr auto kCanaryPoll = std::chrono::milliseconds(500);
constexpr auto kCanaryPollMax = std::chrono::seconds(5);

Duration next_poll(Duration current) { return std::min<Duration>(current * 2, kCanaryPollMax); }

Outcome canary_dynamodb(const CheckContext& c) {
  if (!c.canary) {
    return skipped("the canary writes a marker item in the primary table: run with --canary");
  }
  auto targets = tables(c);
  if (targets.empty()) return missing_role("PrimaryTableName");
  const TableTarget& t = targets.front();
  if (t.regions.size() < 2) return missing_role("SecondaryRegion");
  const std::string& to = t.regions[1];
  const std::string remote = replica_name(c, t, to);
  auto d = c.clients.dynamodb.DescribeTable(t.home, {.TableName = t.name});
  if (!d) return error(d.error(), "describing table " + t.name + " in " + t.home, t.name);
  const std::string arn = d->Table.TableArn.empty() ? t.name : d->Table.TableArn;
  // The marker's key follows the table's key schema, so the canary works on any table.
  const std::string marker = marker_name(c);
  aws::AttributeMap key;
  for (const auto& k : d->Table.KeySchema) {
    std::string type = "S";
    for (const auto& a : d->Table.AttributeDefinitions) {
      if (a.AttributeName == k.AttributeName) type = a.AttributeType;
    }
    key[k.AttributeName] =
        type == "N"
            ? aws::AttributeValue::N(std::to_string(std::hash<std::string>{}(marker) % 1000000000))
        : type == "B" ? aws::AttributeValue::B(marker)
                      : aws::AttributeValue::S(marker);
  }
  if (key.empty()) return fail(arn, "expected a key schema on " + t.name + ", got none");
  aws::AttributeMap item = key;
  item["drh_canary"] = aws::AttributeValue::S(marker);
  const TimePoint written = c.clock.now();
  auto put = c.clients.dynamodb.PutItem(t.home, {.TableName = t.name, .Item = item});
  if (!put) {
    return error(put.error(), "writing canary item " + marker + " to " + t.name + " in " + t.home,
                 arn);
  }

  const auto timeout = std::chrono::seconds(c.policy.canary_timeout_seconds);
  std::optional<Duration> arrived;
  std::optional<Error> failed;
  Duration poll = kCanaryPoll;
  while (c.clock.now() - written <= timeout) {
    auto got =
        c.clients.dynamodb.GetItem(to, {.TableName = remote, .Key = key, .ConsistentRead = true});
    if (!got) {
      failed = got.error();
      break;
    }
    if (got->Item) {
      arrived = c.clock.now() - written;
      break;
    }
    c.clock.sleep_for(poll);
    poll = next_poll(poll);
  }
  // Remove the marker on both sides whatever happened: a canary leaves nothing behind.
  std::vector<std::string> cleanup;
  for (const auto& [region, name] : {std::pair{t.home, t.name}, std::pair{to, remote}}) {
    auto del = c.clients.dynamodb.DeleteItem(region, {.TableName = name, .Key = key});
    if (!del) {
      cleanup.push_back("could not delete the marker from " + name + " in " + region + ": " +
                        del.error().describe());
    }
  }
  Outcome o;
  if (failed) {
    o = error(*failed, "reading canary item " + marker + " from " + remote + " in " + to, arn);
  } else if (arrived) {
    o = pass(arn, "marker " + marker + " written in " + t.home + " arrived in " + to + " after " +
                      seconds(*arrived));
  } else {
    o = fail(arn, "expected marker " + marker + " written to " + t.name + " in " + t.home +
                      " to arrive in " + to + " within " +
                      std::to_string(c.policy.canary_timeout_seconds) + " s, got nothing after " +
                      seconds(c.clock.now() - written));
  }
  o.evidence.push_back("PutItem " + t.name + " (" + t.home + "), GetItem " + remote + " (" + to +
                       ") every " + seconds(kCanaryPoll) + " backing off to " +
                       seconds(kCanaryPollMax));
  for (auto& line : cleanup) o.evidence.push_back(std::move(line));
  return o;
}

Outcome canary_s3(const CheckContext& c) {
  if (!c.canary) {
    return skipped("the canary writes a marker object in the primary bucket: run with --canary");
  }
  auto pairs = bucket_pairs(c);
  if (pairs.empty()) return bucket_pairs_missing(c);
  const BucketPair& p = pairs.front();
  const std::string arn = "arn:aws:s3:::" + p.source;
  const std::string key = "drh-canary/" + marker_name(c);
  const TimePoint written = c.clock.now();
  auto put = c.clients.s3.PutObject(
      p.source_region,
      {.Bucket = p.source, .Key = key, .Body = "drh canary marker\n", .ContentType = "text/plain"});
  if (!put) return error(put.error(), "writing canary object " + key + " to " + p.source, arn);

  const auto timeout = std::chrono::seconds(c.policy.canary_timeout_seconds);
  std::optional<Duration> arrived;
  std::optional<Error> failed;
  std::string replica_version;
  Duration poll = kCanaryPoll;
  while (c.clock.now() - written <= timeout) {
    auto head =
        c.clients.s3.HeadObject(p.destination_region, {.Bucket = p.destination, .Key = key});
    if (head) {
      arrived = c.clock.now() - written;
      replica_version = head->VersionId;
      break;
    }
    if (head.error().code != "NotFound" && head.error().code != "NoSuchKey") {
      failed = head.error();
      break;
    }
    c.clock.sleep_for(poll);
    poll = next_poll(poll);
  }
  // Delete the versions themselves: a plain delete would leave the marker behind a
  // delete marker in a versioned bucket.
  std::vector<std::string> cleanup;
  auto remove = [&](const std::string& region, const std::string& bucket,
                    const std::string& version) {
    auto del =
        c.clients.s3.DeleteObject(region, {.Bucket = bucket, .Key = key, .VersionId = version});
    if (!del) {
      cleanup.push_back("could not delete " + key + " from " + bucket + ": " +
                        del.error().describe());
    }
  };
  remove(p.source_region, p.source, put->VersionId);
  if (arrived) remove(p.destination_region, p.destination, replica_version);
  Outcome o;
  if (failed) {
    o = error(
        *failed,
        "reading canary object " + key + " from " + p.destination + " in " + p.destination_region,
        arn);
  } else if (arrived) {
    o = pass(arn, "marker " + key + " written to " + p.source + " arrived in " + p.destination +
                      " after " + seconds(*arrived));
  } else {
    o = fail(arn, "expected marker " + key + " written to " + p.source + " to arrive in " +
                      p.destination + " within " + std::to_string(c.policy.canary_timeout_seconds) +
                      " s, got nothing after " + seconds(c.clock.now() - written));
  }
  o.evidence.push_back("PutObject " + p.source + " (" + p.source_region + "), HeadObject " +
                       p.destination + " (" + p.destination_region + ") every " +
                       seconds(kCanaryPoll) + " backing off to " + seconds(kCanaryPollMax));
  for (auto& line : cleanup) o.evidence.push_back(std::move(line));
  return o;
}

}  // namespace

std::vector<Check> replication_checks() {
  return {
      {"replication.aurora-lag", "replication",
       "AuroraGlobalDBReplicationLag of the secondary cluster stays below the policy's maximum",
       aurora_lag},
      {"replication.dynamodb-replicas", "replication",
       "the DynamoDB global table has an ACTIVE replica in every expected region",
       dynamodb_replicas},
      {"replication.dynamodb-pitr", "replication",
       "point-in-time recovery is enabled on every replica of the DynamoDB table", dynamodb_pitr},
      {"replication.dynamodb-streams", "replication",
       "DynamoDB streams are on in every replica region", dynamodb_streams},
      {"replication.s3-versioning", "replication",
       "versioning is Enabled on the source and destination buckets", s3_versioning},
      {"replication.s3-rule", "replication",
       "an Enabled replication rule to the secondary bucket with RTC 15 minutes and metrics",
       s3_rule},
      {"replication.canary-dynamodb", "replication",
       "a marker item written in the primary table arrives in the secondary in time (--canary)",
       canary_dynamodb},
      {"replication.canary-s3", "replication",
       "a marker object written in the primary bucket arrives in the secondary in time (--canary)",
       canary_s3},
  };
}

}  // namespace drh::validate
