// database checks (see include/drh/validate/check.h): the Aurora global database a DR
// stack fails over, as RDS describes it in each member's region.
#include <cstdio>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "drh/aws/rds.h"
#include "drh/validate/check.h"
#include "check_text.h"
#include "run_memo.h"

namespace drh::validate {

namespace {

using detail::with_evidence;
using detail::join;
using detail::not_found;

using fixtures::Deployment;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string yes_no(const std::optional<bool>& v) {
  return v ? (*v ? "true" : "false") : "not reported";
}

// The region to ask about the global cluster: any member's region answers for all of them.
std::string home_region(const Deployment& d) {
  return d.primary_region.empty() ? d.secondary_region : d.primary_region;
}

// A stack's identifier as provisioning names it: ${suffix} is the stack's suffix. One that
// still holds a reference (${account} ...) cannot be known here: only the region counts.
std::string stack_identifier(const fixtures::StackDescription& stack, std::string id) {
  const std::string token = "${suffix}";
  for (auto at = id.find(token); at != std::string::npos; at = id.find(token, at)) {
    id.replace(at, token.size(), stack.suffix);
    at += stack.suffix.size();
  }
  return id.find("${") == std::string::npos ? id : std::string();
}

struct Member {
  std::string arn, region, id;
  bool writer = false;
  aws::DBCluster cluster;
};

// The global cluster and its member clusters, or the outcome that ends the check.
struct Aurora {
  std::optional<aws::GlobalCluster> global;
  std::vector<Member> members;
  std::optional<Outcome> stop;
};

Aurora fetch_global(const CheckContext& ctx) {
  const Deployment& d = ctx.deployment;
  Aurora a;
  if (d.global_cluster_id.empty()) {
    a.stop = missing_role("GlobalClusterId");
    return a;
  }
  const std::string region = home_region(d);
  if (region.empty()) {
    a.stop = missing_role("PrimaryRegion");
    return a;
  }
  aws::DescribeGlobalClustersRequest req;
  req.GlobalClusterIdentifier = d.global_cluster_id;
  auto got = ctx.clients.rds.DescribeGlobalClustersAll(region, req);
  if (!got) {
    a.stop = not_found(got.error())
                 ? fail(d.global_cluster_id, "expected global cluster " + d.global_cluster_id +
                                                 " to exist, got " + got.error().code)
                 : error(got.error(),
                         "describing global cluster " + d.global_cluster_id + " in " + region,
                         d.global_cluster_id);
    return a;
  }
  for (auto& g : *got) {
    if (g.GlobalClusterIdentifier == d.global_cluster_id) a.global = std::move(g);
  }
  if (!a.global) {
    a.stop = fail(d.global_cluster_id, "expected global cluster " + d.global_cluster_id + " in " +
                                           region + ", got an answer without it (" +
                                           std::to_string(got->size()) + " global clusters)");
  }
  return a;
}

std::optional<Outcome> describe_cluster(const CheckContext& ctx, Member& m) {
  aws::DescribeDBClustersRequest req;
  req.DBClusterIdentifier = m.id;
  auto got = ctx.clients.rds.DescribeDBClustersAll(m.region, req);
  const std::string name = m.arn.empty() ? m.id : m.arn;
  if (!got) {
    if (not_found(got.error())) {
      return fail(name,
                  "expected DB cluster " + m.id + " in " + m.region + ", got " + got.error().code);
    }
    return error(got.error(), "describing DB cluster " + m.id + " in " + m.region, name);
  }
  for (auto& c : *got) {
    if (c.DBClusterIdentifier == m.id || c.DBClusterArn == m.id) {
      m.cluster = std::move(c);
      if (m.arn.empty()) m.arn = m.cluster.DBClusterArn;
      return std::nullopt;
    }
  }
  return fail(name,
              "expected DB cluster " + m.id + " in " + m.region + ", got an answer without it");
}

// Every database check starts from the global cluster (and most from its members): read
// once per run; an answer that ends the check (an error) is not shared.
bool complete(const Aurora& a) { return !a.stop; }

Aurora load_global(const CheckContext& ctx) {
  return detail::remembered<Aurora>(ctx, "rds.global", [&] { return fetch_global(ctx); }, complete);
}

// The global cluster's members with their clusters described.
Aurora fetch_members(const CheckContext& ctx) {
  Aurora a = load_global(ctx);
  if (a.stop) return a;
  for (const auto& gm : a.global->GlobalClusterMembers) {
    Member m;
    m.arn = gm.DBClusterArn;
    m.writer = gm.IsWriter;
    auto parts = aws::parse_rds_arn(gm.DBClusterArn);
    if (!parts) {
      a.stop = fail(a.global->GlobalClusterIdentifier,
                    "expected member ARNs of global cluster " + a.global->GlobalClusterIdentifier +
                        " to be RDS cluster ARNs, got '" + gm.DBClusterArn + "'");
      return a;
    }
    m.region = parts->region;
    m.id = parts->id;
    if (auto stop = describe_cluster(ctx, m)) {
      a.stop = std::move(stop);
      return a;
    }
    a.members.push_back(std::move(m));
  }
  return a;
}

Aurora load_members(const CheckContext& ctx) {
  return detail::remembered<Aurora>(ctx, "rds.members", [&] { return fetch_members(ctx); },
                                    complete);
}

// The clusters whose settings a check judges: the global cluster's members, or without a
// global cluster in the outputs the clusters they name one by one.
Aurora load_clusters(const CheckContext& ctx) {
  const Deployment& d = ctx.deployment;
  if (!d.global_cluster_id.empty()) return load_members(ctx);
  Aurora a;
  if (d.primary_cluster_id.empty() && d.secondary_cluster_id.empty()) {
    a.stop = missing_role("GlobalClusterId");
    return a;
  }
  struct Named {
    const std::string& id;
    const std::string& region;
    const char* region_role;
  };
  for (const Named& n : {Named{d.primary_cluster_id, d.primary_region, "PrimaryRegion"},
                         Named{d.secondary_cluster_id, d.secondary_region, "SecondaryRegion"}}) {
    if (n.id.empty()) continue;
    auto parts = aws::parse_rds_arn(n.id);
    Member m;
    m.id = parts ? parts->id : n.id;
    m.region = parts ? parts->region : n.region;
    if (m.region.empty()) {
      a.stop = missing_role(n.region_role);
      return a;
    }
    if (auto stop = describe_cluster(ctx, m)) {
      a.stop = std::move(stop);
      return a;
    }
    a.members.push_back(std::move(m));
  }
  return a;
}

// One cluster's verdict: nullopt when it holds, else "X on <cluster>, got Y".
using Judge = std::function<std::optional<std::string>(const Member&, std::string& seen)>;

// Judges every cluster; FAIL names the first that does not hold, evidence has them all.
Outcome judge_clusters(const CheckContext& ctx, const std::string& holds, const Judge& judge) {
  Aurora a = load_clusters(ctx);
  if (a.stop) return *a.stop;
  if (a.members.empty()) {
    const std::string id = a.global ? a.global->GlobalClusterIdentifier : "";
    return fail(id, "expected member DB clusters in global cluster " + id + ", got none");
  }
  std::vector<std::string> ev;
  std::vector<std::pair<std::string, std::string>> problems;
  for (const auto& m : a.members) {
    std::string seen;
    auto problem = judge(m, seen);
    ev.push_back(m.arn + ": " + seen);
    if (problem) problems.emplace_back(m.arn, *problem);
  }
  if (!problems.empty()) {
    std::string message = "expected " + problems.front().second;
    if (problems.size() > 1) {
      message += " (and " + std::to_string(problems.size() - 1) + " more cluster" +
                 (problems.size() > 2 ? "s" : "") + ")";
    }
    return with_evidence(fail(problems.front().first, message), ev);
  }
  std::vector<std::string> ids;
  for (const auto& m : a.members) ids.push_back(m.id);
  return with_evidence(
      pass(a.global ? a.global->GlobalClusterArn : a.members.front().arn, holds + ": " + join(ids)),
      ev);
}

Outcome global_cluster_available(const CheckContext& ctx) {
  Aurora a = load_global(ctx);
  if (a.stop) return *a.stop;
  const auto& g = *a.global;
  const std::string id =
      g.GlobalClusterArn.empty() ? g.GlobalClusterIdentifier : g.GlobalClusterArn;
  std::vector<std::string> ev = {"status " + g.Status,
                                 std::to_string(g.GlobalClusterMembers.size()) + " members"};
  if (g.FailoverState) ev.push_back("failover in progress: " + g.FailoverState->Status);
  if (g.Status != "available") {
    return with_evidence(
        fail(id, "expected global cluster " + g.GlobalClusterIdentifier +
                     " status available, got " + (g.Status.empty() ? "no status" : g.Status)),
        ev);
  }
  return with_evidence(pass(id, "global cluster " + g.GlobalClusterIdentifier + " is available"),
                       ev);
}

Outcome single_writer(const CheckContext& ctx) {
  Aurora a = load_global(ctx);
  if (a.stop) return *a.stop;
  const auto& g = *a.global;
  const std::string gid =
      g.GlobalClusterArn.empty() ? g.GlobalClusterIdentifier : g.GlobalClusterArn;
  std::vector<std::string> ev;
  std::vector<const aws::GlobalClusterMember*> writers;
  for (const auto& m : g.GlobalClusterMembers) {
    ev.push_back(m.DBClusterArn + (m.IsWriter ? ": writer" : ": reader"));
    if (m.IsWriter) writers.push_back(&m);
  }
  if (writers.size() != 1) {
    std::vector<std::string> arns;
    for (const auto* w : writers) arns.push_back(w->DBClusterArn);
    return with_evidence(
        fail(writers.empty() ? gid : writers.front()->DBClusterArn,
             "expected exactly one writer in global cluster " + g.GlobalClusterIdentifier +
                 ", got " + std::to_string(writers.size()) +
                 (arns.empty() ? "" : " (" + join(arns) + ")") + " among " +
                 std::to_string(g.GlobalClusterMembers.size()) + " members"),
        ev);
  }
  const std::string& arn = writers.front()->DBClusterArn;
  auto parts = aws::parse_rds_arn(arn);
  const std::string region = parts ? parts->region : "";
  const std::string& expected = ctx.deployment.primary_region;
  if (expected.empty()) return missing_role("PrimaryRegion");
  if (region != expected) {
    return with_evidence(
        fail(arn, "expected the writer of global cluster " + g.GlobalClusterIdentifier + " in " +
                      expected + " (the primary region), got " + arn + " in " +
                      (region.empty() ? "an unknown region" : region)),
        ev);
  }
  return with_evidence(pass(arn, "one writer, " + arn + ", in the primary region " + expected), ev);
}

Outcome members_available(const CheckContext& ctx) {
  Aurora a = load_members(ctx);
  if (a.stop) return *a.stop;
  const Deployment& d = ctx.deployment;
  const auto& g = *a.global;
  const std::string gid =
      g.GlobalClusterArn.empty() ? g.GlobalClusterIdentifier : g.GlobalClusterArn;
  // region -> the cluster identifier expected there ("" when any will do).
  std::vector<std::pair<std::string, std::string>> expected;
  auto expect = [&](const std::string& region, const std::string& id) {
    if (region.empty()) return;
    for (auto& [r, i] : expected) {
      if (r == region) {
        if (i.empty()) i = id;
        return;
      }
    }
    expected.emplace_back(region, id);
  };
  auto id_of = [](const std::string& id_or_arn) {
    auto parts = aws::parse_rds_arn(id_or_arn);
    return parts ? parts->id : id_or_arn;
  };
  expect(d.primary_region, d.primary_cluster_id.empty() ? "" : id_of(d.primary_cluster_id));
  expect(d.secondary_region, d.secondary_cluster_id.empty() ? "" : id_of(d.secondary_cluster_id));
  if (ctx.stack && ctx.stack->aurora) {
    for (const auto& c : ctx.stack->aurora->clusters) {
      expect(ctx.stack->region_of(c.region), stack_identifier(*ctx.stack, c.identifier));
    }
  }
  if (expected.empty()) return missing_role("PrimaryRegion");
  std::vector<std::string> ev;
  for (const auto& m : a.members) {
    ev.push_back(m.arn + " (" + m.region + "): " + m.cluster.Status);
  }
  std::vector<std::pair<std::string, std::string>> problems;
  for (const auto& [region, id] : expected) {
    const Member* found = nullptr;
    for (const auto& m : a.members) {
      if (m.region == region) found = &m;
    }
    if (found == nullptr) {
      std::vector<std::string> regions;
      for (const auto& m : a.members) regions.push_back(m.region);
      problems.emplace_back(
          gid, "a member of global cluster " + g.GlobalClusterIdentifier + " in " + region +
                   ", got " + (regions.empty() ? "no members" : "members in " + join(regions)));
      continue;
    }
    if (!id.empty() && found->id != id) {
      problems.emplace_back(
          found->arn, "DB cluster " + id + " as the member in " + region + ", got " + found->id);
    }
  }
  for (const auto& m : a.members) {
    if (m.cluster.Status != "available") {
      problems.emplace_back(m.arn, "DB cluster " + m.arn + " status available, got " +
                                       (m.cluster.Status.empty() ? "no status" : m.cluster.Status));
    }
  }
  if (!problems.empty()) {
    std::string message = "expected " + problems.front().second;
    if (problems.size() > 1) {
      message += " (and " + std::to_string(problems.size() - 1) + " more problem" +
                 (problems.size() > 2 ? "s" : "") + ")";
    }
    return with_evidence(fail(problems.front().first, message), ev);
  }
  std::vector<std::string> regions;
  for (const auto& [r, i] : expected) regions.push_back(r);
  return with_evidence(pass(gid, "a member in every expected region (" + join(regions) +
                                     "), every member cluster available"),
                       ev);
}

Outcome engine_consistent(const CheckContext& ctx) {
  Aurora a = load_clusters(ctx);
  if (a.stop) return *a.stop;
  if (a.members.empty()) {
    return fail(ctx.deployment.global_cluster_id, "expected member DB clusters in global cluster " +
                                                      ctx.deployment.global_cluster_id +
                                                      ", got none");
  }
  // The reference: the stack's engine when known, else the writer's (the first member).
  std::string engine, version, source;
  if (ctx.stack && ctx.stack->aurora) {
    engine = ctx.stack->aurora->engine;
    version = ctx.stack->aurora->engine_version;
    source = "the stack's";
  }
  const Member* ref = &a.members.front();
  for (const auto& m : a.members) {
    if (m.writer) ref = &m;
  }
  if (engine.empty()) {
    engine = ref->cluster.Engine;
    source = "the writer's";
  }
  if (version.empty()) version = ref->cluster.EngineVersion;
  std::vector<std::string> ev;
  if (a.global) ev.push_back("global cluster: " + a.global->Engine + " " + a.global->EngineVersion);
  for (const auto& m : a.members) {
    ev.push_back(m.arn + ": " + m.cluster.Engine + " " + m.cluster.EngineVersion);
  }
  for (const auto& m : a.members) {
    if (m.cluster.Engine != engine || m.cluster.EngineVersion != version) {
      return with_evidence(fail(m.arn, "expected engine " + engine + " " + version + " (" + source +
                                           ") on DB cluster " + m.arn + ", got " +
                                           m.cluster.Engine + " " + m.cluster.EngineVersion),
                           ev);
    }
  }
  std::vector<std::string> ids;
  for (const auto& m : a.members) ids.push_back(m.id);
  return with_evidence(pass(a.global ? a.global->GlobalClusterArn : ref->arn,
                            engine + " " + version + " on every member (" + join(ids) + ")"),
                       ev);
}

Outcome storage_encrypted(const CheckContext& ctx) {
  if (!ctx.policy.require_storage_encrypted) {
    return skipped("the policy does not require storage encryption (" + ctx.policy.source +
                   ": require_storage_encrypted is false)");
  }
  return judge_clusters(
      ctx, "storage encrypted on every member",
      [](const Member& m, std::string& seen) -> std::optional<std::string> {
        seen = std::string("StorageEncrypted ") + (m.cluster.StorageEncrypted ? "true" : "false") +
               (m.cluster.KmsKeyId.empty() ? "" : ", KMS key " + m.cluster.KmsKeyId);
        if (m.cluster.StorageEncrypted) return std::nullopt;
        return "storage encrypted on DB cluster " + m.arn + ", got StorageEncrypted false";
      });
}

Outcome backup_retention(const CheckContext& ctx) {
  int min_days = ctx.policy.min_backup_retention_days;
  std::optional<int> stack_days;
  if (ctx.stack && ctx.stack->aurora) stack_days = ctx.stack->aurora->backup_retention_days;
  // The built-in minimum is a default, not the operator's rule: a stack that declares a
  // shorter retention (a seed document's 1 day) is held to its own value. A policy file's
  // minimum always applies.
  const bool default_policy = !ctx.policy.set_by_file("min_backup_retention_days");
  std::string min_source = ctx.policy.source;
  if (default_policy && stack_days && *stack_days < min_days) {
    min_days = *stack_days;
    min_source = "the stack's, below the built-in default";
  }
  std::string holds =
      "backup retention >= " + std::to_string(min_days) + " days (" + min_source + ")";
  if (stack_days) holds += " and = " + std::to_string(*stack_days) + " (the stack's)";
  return judge_clusters(
      ctx, holds, [&](const Member& m, std::string& seen) -> std::optional<std::string> {
        const auto& days = m.cluster.BackupRetentionPeriod;
        seen =
            "BackupRetentionPeriod " + (days ? std::to_string(*days) : std::string("not reported"));
        if (!days)
          return "a backup retention period on DB cluster " + m.arn + ", got none reported";
        if (*days < min_days) {
          return "backup retention of at least " + std::to_string(min_days) + " days (" +
                 min_source + ") on DB cluster " + m.arn + ", got " + std::to_string(*days);
        }
        if (stack_days && *days != *stack_days) {
          return "backup retention of " + std::to_string(*stack_days) +
                 " days (the stack's) on DB cluster " + m.arn + ", got " + std::to_string(*days);
        }
        return std::nullopt;
      });
}

Outcome deletion_protection(const CheckContext& ctx) {
  const std::string& rule = ctx.policy.deletion_protection;
  const bool any = rule != "required" && rule != "forbidden";
  const bool want = rule == "required";
  std::string holds = any ? "deletion protection reported (the policy accepts either: \"any\")"
                          : std::string("deletion protection ") + (want ? "on" : "off") +
                                " as the policy requires (" + rule + ")";
  return judge_clusters(
      ctx, holds, [&](const Member& m, std::string& seen) -> std::optional<std::string> {
        const auto& dp = m.cluster.DeletionProtection;
        seen = "DeletionProtection " + yes_no(dp);
        if (any) return std::nullopt;
        if (!dp) return "DeletionProtection reported on DB cluster " + m.arn + ", got none";
        if (*dp == want) return std::nullopt;
        return std::string("DeletionProtection ") + (want ? "true" : "false") + " (" +
               ctx.policy.source + ": deletion_protection " + rule + ") on DB cluster " + m.arn +
               ", got " + (*dp ? "true" : "false");
      });
}

Outcome serverless_capacity(const CheckContext& ctx) {
  if (ctx.stack == nullptr) {
    return skipped(
        "no stack description: the expected Serverless v2 capacity comes from the "
        "stack (--stack)");
  }
  if (!ctx.stack->aurora || !ctx.stack->aurora->serverless_v2) {
    return skipped("the stack " + ctx.stack->name +
                   " has no Aurora Serverless v2 capacity (provisioned instances or no Aurora)");
  }
  const auto [min, max] = *ctx.stack->aurora->serverless_v2;
  return judge_clusters(
      ctx, "Serverless v2 capacity " + num(min) + "-" + num(max) + " ACU as the stack says",
      [&](const Member& m, std::string& seen) -> std::optional<std::string> {
        const auto& s = m.cluster.ServerlessV2ScalingConfiguration;
        const bool set = s && s->MinCapacity && s->MaxCapacity;
        const std::string got = set ? num(*s->MinCapacity) + "-" + num(*s->MaxCapacity) + " ACU"
                                    : "no Serverless v2 capacity";
        seen = got;
        if (set && *s->MinCapacity == min && *s->MaxCapacity == max) return std::nullopt;
        return "Serverless v2 capacity " + num(min) + "-" + num(max) + " ACU on DB cluster " +
               m.arn + ", got " + got;
      });
}

}  // namespace

std::vector<Check> database_checks() {
  return {
      {"database.global-cluster-available", "database",
       "the global cluster exists and is available", global_cluster_available},
      {"database.single-writer", "database",
       "exactly one writer in the global cluster, in the primary region", single_writer},
      {"database.members-available", "database",
       "a member cluster in every expected region, every member available", members_available},
      {"database.engine-consistent", "database",
       "engine and engine version identical across members (and as the stack says)",
       engine_consistent},
      {"database.storage-encrypted", "database", "storage encrypted on every member cluster",
       storage_encrypted},
      {"database.backup-retention", "database",
       "backup retention at least the policy's minimum (and the stack's value)", backup_retention},
      {"database.deletion-protection", "database", "deletion protection as the policy says",
       deletion_protection},
      {"database.serverless-capacity", "database",
       "Serverless v2 minimum and maximum ACU as the stack says", serverless_capacity},
  };
}

}  // namespace drh::validate
