// monitoring checks (see include/drh/validate/check.h): the alarms a DR stack relies on
// exist, watch the right metric the right way, notify someone, and live where their
// metric is emitted.
#include <algorithm>
#include <cstdio>
#include <set>

#include "drh/aws/cloudwatch.h"
#include "drh/aws/sns.h"
#include "drh/validate/check.h"
#include "check_text.h"
#include "run_memo.h"
#include "stack_refs.h"

namespace drh::validate {

namespace {

using detail::join;

using detail::side_region;

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

/// Field `n` (0-based) of an ARN, or "".
std::string arn_field(std::string_view arn, int n) {
  if (!arn.starts_with("arn:")) return {};
  std::size_t at = 0;
  for (int i = 0; i < n; ++i) {
    at = arn.find(':', at);
    if (at == std::string_view::npos) return {};
    ++at;
  }
  return std::string(arn.substr(at, arn.find(':', at) - at));
}

/// The regions of the deployment, primary first.
std::vector<std::string> deployment_regions(const CheckContext& c) {
  std::vector<std::string> out;
  for (const char* side : {"primary", "secondary"}) {
    auto r = side_region(c.deployment, c.stack, side);
    if (!r.empty() && std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  }
  return out;
}

struct AlarmTarget {
  std::string name;
  std::string region;  ///< "" = search the deployment's regions
  const fixtures::AlarmSpec* spec = nullptr;
  std::string why;  ///< where the expectation comes from
};

/// Every expected alarm: the outputs' lag alarm, the stack's alarms, the policy's.
std::vector<AlarmTarget> expected_alarms(const CheckContext& c) {
  std::vector<AlarmTarget> out;
  if (c.stack) {
    const auto refs = detail::stack_refs(c);
    for (const auto& a : c.stack->alarms) {
      auto name = refs->resolve(a.name);
      if (!name) continue;
      out.push_back({*name, c.stack->region_of(a.region), &a, "stack alarm " + a.id});
    }
  }
  auto add = [&](const std::string& name, std::string region, const std::string& why) {
    for (const auto& t : out) {
      if (t.name == name) return;
    }
    out.push_back({name, std::move(region), nullptr, why});
  };
  if (!c.deployment.replication_lag_alarm_name.empty()) {
    std::string region;
    if (auto it = c.deployment.roles.find("ReplicationLagAlarmName");
        it != c.deployment.roles.end()) {
      region = it->second.region;
    }
    add(c.deployment.replication_lag_alarm_name, region, "output ReplicationLagAlarmName");
  }
  for (const auto& name : c.policy.required_alarms) add(name, "", "policy required_alarms");
  return out;
}

struct Found {
  std::optional<aws::MetricAlarm> alarm;
  std::string region;
  std::vector<std::string> searched;
  std::optional<Error> failed;
  std::string doing;
};

Found fetch_alarm(const CheckContext& c, const AlarmTarget& t) {
  Found f;
  std::vector<std::string> regions =
      t.region.empty() ? deployment_regions(c) : std::vector<std::string>{t.region};
  for (const auto& region : regions) {
    f.searched.push_back(region);
    auto got = c.clients.cloudwatch.DescribeAlarmsAll(region, {.AlarmNames = {t.name}});
    if (!got) {
      f.failed = got.error();
      f.doing = "describing alarm " + t.name + " in " + region;
      return f;
    }
    if (const auto* a = got->metric_alarm(t.name)) {
      f.alarm = *a;
      f.region = region;
      return f;
    }
  }
  return f;
}

// Four checks look at each alarm: described once per run (a failed read is not shared).
Found find_alarm(const CheckContext& c, const AlarmTarget& t) {
  return detail::remembered<Found>(
      c, "cloudwatch.alarm " + t.region + "/" + t.name, [&] { return fetch_alarm(c, t); },
      [](const Found& f) { return !f.failed; });
}

std::string where(const Found& f) {
  if (f.searched.empty()) return "in no region (the deployment names none)";
  if (f.searched.size() == 1) return "in " + f.searched.front();
  return "in any of " + join(f.searched);
}

std::string resource_of(const AlarmTarget& t, const Found& f) {
  return f.alarm && !f.alarm->AlarmArn.empty() ? f.alarm->AlarmArn : t.name;
}

Outcome no_alarms(const CheckContext& c) {
  if (c.stack) {
    return skipped(
        "no alarm is expected: the stack describes none, the outputs name no "
        "ReplicationLagAlarmName and the policy requires none");
  }
  return missing_role("ReplicationLagAlarmName");
}

// ------------------------------------------------------------------ alarms-exist

Outcome alarms_exist(const CheckContext& c) {
  auto targets = expected_alarms(c);
  if (targets.empty()) return no_alarms(c);
  std::vector<std::string> seen, problems, resources;
  std::string first;
  for (const auto& t : targets) {
    auto f = find_alarm(c, t);
    if (f.failed) return error(*f.failed, f.doing, t.name);
    if (!f.alarm) {
      problems.push_back("expected alarm " + t.name + " (" + t.why + ") " + where(f) +
                         ", got none");
      resources.push_back(t.name);
      continue;
    }
    if (first.empty()) first = resource_of(t, f);
    seen.push_back(resource_of(t, f) + " (" + t.why + ", " + f.alarm->StateValue + ")");
  }
  Outcome o =
      problems.empty()
          ? pass(first, std::to_string(seen.size()) + " expected alarms exist: " + join(seen))
          : fail(resources.front(), join(problems, "; "));
  o.evidence = seen;
  return o;
}

// ------------------------------------------------------------------ alarm-config

std::string dimensions_text(const std::vector<aws::Dimension>& dims) {
  std::vector<std::string> parts;
  for (const auto& d : dims) parts.push_back(d.Name + "=" + d.Value);
  std::sort(parts.begin(), parts.end());
  return parts.empty() ? std::string("none") : join(parts);
}

/// The differences between an alarm and its description in the stack.
std::vector<std::string> config_differences(const fixtures::AlarmSpec& spec,
                                            const detail::StackRefs& refs,
                                            const aws::MetricAlarm& a,
                                            std::vector<std::string>& evidence) {
  std::vector<std::string> diff;
  auto compare = [&](const std::string& what, const std::string& expected, const std::string& got) {
    evidence.push_back(a.AlarmName + " " + what + ": expected " + expected + ", got " + got);
    if (expected != got) diff.push_back(what + " " + expected + ", got " + got);
  };
  compare("Namespace", spec.namespace_name, a.Namespace);
  compare("MetricName", spec.metric, a.MetricName);
  std::vector<aws::Dimension> want;
  for (const auto& [name, value] : spec.dimensions) {
    auto resolved = refs.resolve(value);
    // A value the outputs cannot name (an id only the ledger knows) is compared by name.
    std::string got_value;
    for (const auto& d : a.Dimensions) {
      if (d.Name == name) got_value = d.Value;
    }
    want.push_back({name, resolved ? *resolved : got_value});
    if (!resolved) {
      evidence.push_back(a.AlarmName + " dimension " + name + ": " + value +
                         " cannot be resolved from the outputs; name compared only");
    }
  }
  compare("dimensions", dimensions_text(want), dimensions_text(a.Dimensions));
  compare("Statistic", spec.statistic, a.Statistic.empty() ? a.ExtendedStatistic : a.Statistic);
  compare("Threshold", number(spec.threshold), a.Threshold ? number(*a.Threshold) : "none");
  compare("ComparisonOperator", spec.comparison, a.ComparisonOperator);
  compare("Period", std::to_string(spec.period), a.Period ? std::to_string(*a.Period) : "none");
  compare("EvaluationPeriods", std::to_string(spec.evaluation_periods),
          a.EvaluationPeriods ? std::to_string(*a.EvaluationPeriods) : "none");
  if (spec.datapoints_to_alarm > 0) {
    compare("DatapointsToAlarm", std::to_string(spec.datapoints_to_alarm),
            a.DatapointsToAlarm ? std::to_string(*a.DatapointsToAlarm) : "none");
  }
  // CloudWatch treats an unset TreatMissingData as "missing".
  compare("TreatMissingData", spec.treat_missing_data.empty() ? "missing" : spec.treat_missing_data,
          a.TreatMissingData.empty() ? "missing" : a.TreatMissingData);
  return diff;
}

/// Without a stack: what the outputs and the policy say the lag alarm must be.
std::vector<std::string> lag_alarm_differences(const CheckContext& c, const aws::MetricAlarm& a,
                                               std::vector<std::string>& evidence) {
  std::vector<std::string> diff;
  auto compare = [&](const std::string& what, const std::string& expected, const std::string& got,
                     bool ok) {
    evidence.push_back(a.AlarmName + " " + what + ": expected " + expected + ", got " + got);
    if (!ok) diff.push_back(what + " " + expected + ", got " + got);
  };
  compare("Namespace", "AWS/RDS", a.Namespace, a.Namespace == "AWS/RDS");
  compare("MetricName", "AuroraGlobalDBReplicationLag", a.MetricName,
          a.MetricName == "AuroraGlobalDBReplicationLag");
  std::vector<std::string> clusters;
  for (const auto* id : {&c.deployment.primary_cluster_id, &c.deployment.secondary_cluster_id}) {
    if (!id->empty()) clusters.push_back(*id);
  }
  std::string named;
  for (const auto& d : a.Dimensions) {
    if (d.Name == "DBClusterIdentifier") named = d.Value;
  }
  if (!clusters.empty()) {
    compare("DBClusterIdentifier", "one of " + join(clusters), named.empty() ? "none" : named,
            std::find(clusters.begin(), clusters.end(), named) != clusters.end());
  }
  const double limit = c.policy.max_replication_lag_ms;
  compare("Threshold", "at most " + number(limit) + " ms (" + c.policy.source + ")",
          a.Threshold ? number(*a.Threshold) : "none", a.Threshold && *a.Threshold <= limit);
  const bool upward = a.ComparisonOperator == "GreaterThanThreshold" ||
                      a.ComparisonOperator == "GreaterThanOrEqualToThreshold";
  compare("ComparisonOperator", "GreaterThan(OrEqualTo)Threshold", a.ComparisonOperator, upward);
  return diff;
}

Outcome alarm_config(const CheckContext& c) {
  if (!c.stack && c.deployment.replication_lag_alarm_name.empty()) {
    return skipped(
        "no stack description to compare alarms with, and the outputs name no "
        "ReplicationLagAlarmName (run with --stack to check every alarm)");
  }
  std::vector<AlarmTarget> targets;
  for (auto& t : expected_alarms(c)) {
    if (t.spec || t.why == "output ReplicationLagAlarmName") targets.push_back(std::move(t));
  }
  if (targets.empty()) return no_alarms(c);
  std::vector<std::string> evidence, problems, resources, checked;
  std::shared_ptr<const detail::StackRefs> refs;
  if (c.stack) refs = detail::stack_refs(c);
  for (const auto& t : targets) {
    auto f = find_alarm(c, t);
    if (f.failed) return error(*f.failed, f.doing, t.name);
    if (!f.alarm) {
      problems.push_back("expected alarm " + t.name + " " + where(f) + ", got none");
      resources.push_back(t.name);
      continue;
    }
    auto diff = t.spec ? config_differences(*t.spec, *refs, *f.alarm, evidence)
                       : lag_alarm_differences(c, *f.alarm, evidence);
    checked.push_back(t.name);
    if (!diff.empty()) {
      problems.push_back("alarm " + t.name + ": expected " + join(diff, "; expected "));
      resources.push_back(resource_of(t, f));
    }
  }
  Outcome o = problems.empty()
                  ? pass(targets.front().name,
                         std::to_string(checked.size()) + " alarms configured as " +
                             (c.stack ? "the stack says" : "the outputs and policy say") + ": " +
                             join(checked))
                  : fail(resources.front(), join(problems, " | "));
  o.evidence = evidence;
  return o;
}

// ------------------------------------------------------------------ alarm-actions

Outcome alarm_actions(const CheckContext& c) {
  auto targets = expected_alarms(c);
  if (targets.empty()) return no_alarms(c);
  std::shared_ptr<const detail::StackRefs> refs;
  if (c.stack) refs = detail::stack_refs(c);
  std::vector<std::string> evidence, problems, resources;
  std::map<std::string, std::size_t> subscriptions;  // topic ARN -> count, asked once
  std::size_t actions_seen = 0;
  for (const auto& t : targets) {
    auto f = find_alarm(c, t);
    if (f.failed) return error(*f.failed, f.doing, t.name);
    if (!f.alarm) {
      problems.push_back("expected alarm " + t.name + " " + where(f) + ", got none");
      resources.push_back(t.name);
      continue;
    }
    const auto& a = *f.alarm;
    const std::string alarm = resource_of(t, f);
    if (a.AlarmActions.empty()) {
      problems.push_back("expected alarm " + t.name + " to have an ALARM action, got none");
      resources.push_back(alarm);
    }
    std::vector<std::string> actions = a.AlarmActions;
    actions.insert(actions.end(), a.OKActions.begin(), a.OKActions.end());
    actions.insert(actions.end(), a.InsufficientDataActions.begin(),
                   a.InsufficientDataActions.end());
    for (const auto& action : actions) {
      ++actions_seen;
      if (arn_field(action, 2) != "sns") {
        problems.push_back("expected alarm " + t.name + "'s action to be an SNS topic, got " +
                           action);
        resources.push_back(alarm);
        continue;
      }
      const std::string region = arn_field(action, 3);
      if (!subscriptions.contains(action)) {
        auto attrs = c.clients.sns.GetTopicAttributes(region, {.TopicArn = action});
        if (!attrs && attrs.error().code == "NotFound") {
          problems.push_back("expected SNS topic " + action + " (an action of " + t.name +
                             ") to exist, got NotFound");
          resources.push_back(action);
          subscriptions[action] = 0;
          continue;
        }
        if (!attrs) return error(attrs.error(), "reading SNS topic " + action, action);
        auto subs = c.clients.sns.ListSubscriptionsByTopicAll(region, {.TopicArn = action});
        if (!subs) return error(subs.error(), "listing the subscriptions of " + action, action);
        subscriptions[action] = subs->size();
        // A pending subscription (an email nobody confirmed yet) still counts: the stack made
        // it, and only a person can confirm it; the evidence says how many wait.
        std::size_t pending = 0;
        for (const auto& s : *subs) pending += s.SubscriptionArn == "PendingConfirmation" ? 1 : 0;
        evidence.push_back(action + ": " + std::to_string(subs->size()) + " subscriptions (" +
                           std::to_string(pending) + " pending confirmation)");
        if (!subs->empty()) continue;
        // A topic nobody subscribed to swallows every notification: the alarm fires and no
        // one hears it, whatever the stack intended.
        problems.push_back("expected SNS topic " + action + " (an action of " + t.name +
                           ") to have at least one subscription, got none");
        resources.push_back(action);
      }
    }
  }
  if (!problems.empty()) {
    Outcome o = fail(resources.front(), join(problems, "; "));
    o.evidence = evidence;
    return o;
  }
  if (actions_seen == 0) return fail(targets.front().name, "expected alarm actions, got none");
  Outcome o = pass(targets.front().name, "every action of " + std::to_string(targets.size()) +
                                              " alarms is an SNS topic with subscribers");
  o.evidence = evidence;
  return o;
}

// ------------------------------------------------------------------ alarm-region

/// Where things live, from the outputs and the stack, for the metric rules below.
struct Homes {
  std::map<std::string, std::string> cluster;             // identifier -> region
  std::set<std::string> writer_clusters;                  // the primary (writer) clusters
  std::map<std::string, std::vector<std::string>> table;  // name -> replica regions
  std::map<std::string, std::string> bucket;              // name -> region
  std::map<std::string, std::string> function;            // name -> region
};

Homes homes(const CheckContext& c) {
  Homes h;
  const auto& d = c.deployment;
  auto role_region = [&](const std::string& role, std::string_view side) {
    auto it = d.roles.find(role);
    if (it != d.roles.end() && !it->second.region.empty()) return it->second.region;
    return side_region(d, c.stack, side);
  };
  if (!d.primary_cluster_id.empty()) {
    h.cluster[d.primary_cluster_id] = role_region("PrimaryClusterId", "primary");
    h.writer_clusters.insert(d.primary_cluster_id);
  }
  if (!d.secondary_cluster_id.empty()) {
    h.cluster[d.secondary_cluster_id] = role_region("SecondaryClusterId", "secondary");
  }
  if (!d.primary_bucket_name.empty()) {
    h.bucket[d.primary_bucket_name] = role_region("PrimaryBucketName", "primary");
  }
  if (!d.secondary_bucket_name.empty()) {
    h.bucket[d.secondary_bucket_name] = role_region("SecondaryBucketName", "secondary");
  }
  if (!d.primary_table_name.empty()) h.table[d.primary_table_name] = deployment_regions(c);
  if (c.stack) {
    const auto refs = detail::stack_refs(c);
    if (c.stack->aurora) {
      for (const auto& cl : c.stack->aurora->clusters) {
        if (auto id = refs->get("cluster." + cl.id + ".identifier")) {
          h.cluster.emplace(*id, c.stack->region_of(cl.region));
          // The first cluster of a stack's global database is its writer.
          if (&cl == &c.stack->aurora->clusters.front()) h.writer_clusters.insert(*id);
        }
      }
    }
    for (const auto& t : c.stack->tables) {
      if (auto name = refs->get("table." + t.id + ".name")) {
        std::vector<std::string> regions{c.stack->region_of(t.region)};
        for (const auto& r : t.replicas) regions.push_back(c.stack->region_of(r));
        h.table[*name] = regions;
      }
    }
    for (const auto& b : c.stack->buckets) {
      if (auto name = refs->get("bucket." + b.id + ".name")) {
        h.bucket.emplace(*name, c.stack->region_of(b.region));
      }
    }
    for (const auto& f : c.stack->functions) {
      if (auto name = refs->get("function." + f.id + ".name")) {
        h.function.emplace(*name, c.stack->region_of(f.region));
      }
    }
  }
  return h;
}

std::string dimension(const aws::MetricAlarm& a, std::string_view name) {
  for (const auto& d : a.Dimensions) {
    if (d.Name == name) return d.Value;
  }
  return {};
}

/// The regions alarm `a`'s metric is emitted in; empty when no rule knows (why says so).
std::vector<std::string> metric_regions(const aws::MetricAlarm& a, const Homes& h,
                                        std::string& why) {
  auto lookup = [&](const auto& map, const std::string& key, const char* kind) {
    auto it = map.find(key);
    if (it == map.end()) {
      why = std::string(kind) + " " + (key.empty() ? std::string("(no dimension)") : key) +
            " is not one the deployment names";
      return decltype(it->second){};
    }
    return it->second;
  };
  if (a.Namespace == "AWS/RDS" && !dimension(a, "DBClusterIdentifier").empty()) {
    // RDS publishes a cluster's metrics in the cluster's own region.
    auto r = lookup(h.cluster, dimension(a, "DBClusterIdentifier"), "DB cluster");
    return r.empty() ? std::vector<std::string>{} : std::vector<std::string>{r};
  }
  if (a.Namespace == "AWS/DynamoDB" && a.MetricName == "ReplicationLatency") {
    // ReplicationLatency is published in the region a write is replicated from, with
    // ReceivingRegion naming the destination ("DynamoDB Metrics and dimensions",
    // DynamoDB Developer Guide): any replica region but the receiving one.
    auto regions = lookup(h.table, dimension(a, "TableName"), "table");
    const std::string receiving = dimension(a, "ReceivingRegion");
    std::erase(regions, receiving);
    if (regions.empty() && why.empty()) why = "the table has no replica besides " + receiving;
    return regions;
  }
  if (a.Namespace == "AWS/DynamoDB" && !dimension(a, "TableName").empty()) {
    return lookup(h.table, dimension(a, "TableName"), "table");
  }
  if (a.Namespace == "AWS/S3" && !dimension(a, "SourceBucket").empty()) {
    // S3 Replication metrics are published in the source bucket's region ("Monitoring
    // progress with replication metrics", S3 User Guide).
    auto r = lookup(h.bucket, dimension(a, "SourceBucket"), "bucket");
    return r.empty() ? std::vector<std::string>{} : std::vector<std::string>{r};
  }
  if (a.Namespace == "AWS/Route53") {
    // Route 53 health-check metrics exist only in us-east-1 ("Monitoring health check
    // status by using CloudWatch", Route 53 Developer Guide).
    return {"us-east-1"};
  }
  if (a.Namespace == "AWS/Lambda" && !dimension(a, "FunctionName").empty()) {
    auto r = lookup(h.function, dimension(a, "FunctionName"), "function");
    return r.empty() ? std::vector<std::string>{} : std::vector<std::string>{r};
  }
  why = "no rule for " + a.Namespace + " " + a.MetricName;
  return {};
}

Outcome alarm_region(const CheckContext& c) {
  auto targets = expected_alarms(c);
  if (targets.empty()) return no_alarms(c);
  const Homes h = homes(c);
  std::vector<std::string> evidence, problems, resources, judged;
  for (const auto& t : targets) {
    auto f = find_alarm(c, t);
    if (f.failed) return error(*f.failed, f.doing, t.name);
    if (!f.alarm) {
      problems.push_back("expected alarm " + t.name + " " + where(f) + ", got none");
      resources.push_back(t.name);
      continue;
    }
    std::string why;
    auto regions = metric_regions(*f.alarm, h, why);
    const std::string metric = f.alarm->Namespace + " " + f.alarm->MetricName;
    const std::string cluster = dimension(*f.alarm, "DBClusterIdentifier");
    if (f.alarm->Namespace == "AWS/RDS" && f.alarm->MetricName.starts_with("AuroraGlobalDB") &&
        h.writer_clusters.count(cluster)) {
      // Aurora publishes the AuroraGlobalDB* lag metrics from the secondary clusters only
      // ("Monitoring Aurora global databases", Aurora User Guide): an alarm on the writer
      // never receives a datapoint, and with notBreaching it never fires.
      problems.push_back("expected alarm " + t.name + " (" + metric +
                         ") on a secondary cluster, where the metric is emitted, got the "
                         "primary (writer) cluster " + cluster + ", which emits no data for it");
      resources.push_back(resource_of(t, f));
      continue;
    }
    if (regions.empty()) {
      evidence.push_back(t.name + " (" + metric + ") in " + f.region + ": not judged, " + why);
      continue;
    }
    judged.push_back(t.name);
    evidence.push_back(t.name + " (" + metric + ") in " + f.region + ", metric emitted in " +
                       join(regions, " or "));
    if (std::find(regions.begin(), regions.end(), f.region) == regions.end()) {
      problems.push_back("expected alarm " + t.name + " (" + metric + ") in " +
                         join(regions, " or ") + " where its metric is emitted, got " + f.region);
      resources.push_back(resource_of(t, f));
    }
  }
  if (!problems.empty()) {
    Outcome o = fail(resources.front(), join(problems, "; "));
    o.evidence = evidence;
    return o;
  }
  Outcome o = judged.empty()
                  ? skipped(
                        "no expected alarm watches a metric whose home region is known "
                        "(see evidence)")
                  : pass(targets.front().name,
                         std::to_string(judged.size()) +
                             " alarms live where their metric is emitted: " + join(judged));
  o.evidence = evidence;
  return o;
}

}  // namespace

std::vector<Check> monitoring_checks() {
  return {
      {"monitoring.alarms-exist", "monitoring",
       "every expected alarm (lag alarm, the stack's, the policy's) exists", alarms_exist},
      {"monitoring.alarm-config", "monitoring",
       "each alarm watches the expected metric, dimensions, statistic, threshold and periods",
       alarm_config},
      {"monitoring.alarm-actions", "monitoring",
       "every alarm action is an existing SNS topic with at least one subscription", alarm_actions},
      {"monitoring.alarm-region", "monitoring",
       "each alarm lives in the region where its metric is emitted", alarm_region},
  };
}

}  // namespace drh::validate
