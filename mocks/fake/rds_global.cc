// RDS in the fake: Aurora global databases — creating and deleting a global cluster,
// detaching members, and the switchover / failover contract.
#include <algorithm>

#include "rds_service.h"
#include "rds_xml.h"
#include "wire.h"

namespace drh::fake::rds {

namespace {

constexpr std::string_view kXmlns = "http://rds.amazonaws.com/doc/2014-10-31/";

}  // namespace

HttpResponse RdsService::create_global_cluster(Call& call) {
  const std::string id =
      valid_identifier("GlobalClusterIdentifier", call.required("GlobalClusterIdentifier"));
  if (globals_.contains(id)) {
    fail(400, "GlobalClusterAlreadyExistsFault", "Global cluster " + id + " already exists");
  }
  const std::string& account = core_.options.account_id;
  GlobalCluster g;
  g.id = id;
  g.arn = "arn:aws:rds::" + account + ":global-cluster:" + id;
  g.deletion_protection = call.boolean("DeletionProtection").value_or(false);
  g.tags = parse_tags(call);

  Cluster* source = nullptr;
  if (auto src = call.param("SourceDBClusterIdentifier")) {
    // The source cluster brings engine, version, database name and encryption: AWS
    // documents that these are not to be given alongside it.
    for (const char* p : {"Engine", "EngineVersion", "DatabaseName", "StorageEncrypted"}) {
      if (call.param(p)) {
        fail(400, "InvalidParameterCombination",
             std::string(p) + " can't be specified together with SourceDBClusterIdentifier: " +
                 "the global cluster takes it from the source DB cluster");
      }
    }
    source = src->starts_with("arn:") ? cluster_by_arn(*src) : &cluster_or_throw(call.region, *src);
    if (source == nullptr) fail(404, "DBClusterNotFoundFault", "DBCluster " + *src + " not found.");
    if (!source->global_id.empty()) {
      fail(400, "InvalidDBClusterStateFault",
           "DB cluster " + source->id + " is already a member of global cluster " +
               source->global_id);
    }
    if (source->status != "available") {
      fail(400, "InvalidDBClusterStateFault",
           "DB cluster " + source->id + " is " + source->status + "; it must be available");
    }
    g.engine = source->engine;
    g.engine_version = source->engine_version;
    g.database_name = source->database_name;
    g.storage_encrypted = source->storage_encrypted;
  } else {
    auto engine = call.param("Engine");
    if (!engine) {
      fail(400, "InvalidParameterValue",
           "The parameter Engine must be provided when SourceDBClusterIdentifier is not");
    }
    if (*engine != "aurora-mysql" && *engine != "aurora-postgresql") {
      fail(400, "InvalidParameterValue",
           "Invalid DB engine for a global cluster: " + *engine +
               " (aurora-mysql or aurora-postgresql)");
    }
    g.engine = *engine;
    g.engine_version = call.param("EngineVersion")
                           .value_or(*engine == "aurora-mysql" ? "8.0.mysql_aurora.3.08.0"
                                                               : "16.6");
    g.database_name = call.param("DatabaseName").value_or("");
    g.storage_encrypted = call.boolean("StorageEncrypted").value_or(false);
  }
  g.resource_id = core_.ids.next("cluster", 16);
  g.status = "creating";
  g.due = core_.clock.now() + kGlobalCreateDelay;
  if (source != nullptr) {
    g.members.push_back(source->arn);
    g.writer_arn = source->arn;
    source->global_id = id;
  }
  const TimePoint due = *g.due;
  const GlobalCluster& stored = globals_.emplace(id, std::move(g)).first->second;
  schedule_global(id, due);
  ensure_dynamics();
  return query_response(call, kXmlns, [&](xml::XmlWriter& w) {
    write_global(w, stored, *this, "GlobalCluster");
  });
}

HttpResponse RdsService::delete_global_cluster(Call& call) {
  GlobalCluster& g = global_or_throw(call.required("GlobalClusterIdentifier"));
  if (!g.members.empty()) {
    fail(400, "InvalidGlobalClusterStateFault",
         "Global cluster " + g.id + " is not empty: remove its " +
             std::to_string(g.members.size()) + " member cluster(s) first");
  }
  if (g.deletion_protection) {
    fail(400, "InvalidParameterCombination",
         "Cannot delete protected global cluster, please disable deletion protection and try "
         "again.");
  }
  if (g.status == "deleting") {
    fail(400, "InvalidGlobalClusterStateFault", "Global cluster " + g.id + " is being deleted");
  }
  g.status = "deleting";
  g.due = core_.clock.now() + kGlobalDeleteDelay;
  schedule_global(g.id, *g.due);
  return query_response(call, kXmlns,
                        [&](xml::XmlWriter& w) { write_global(w, g, *this, "GlobalCluster"); });
}

HttpResponse RdsService::remove_from_global_cluster(Call& call) {
  GlobalCluster& g = global_or_throw(call.required("GlobalClusterIdentifier"));
  const std::string arn = call.required("DbClusterIdentifier");
  if (!arn.starts_with("arn:")) {
    // AWS takes the member's ARN here, never a bare identifier.
    fail(400, "InvalidParameterValue",
         "The parameter DbClusterIdentifier must be a DB cluster ARN, not '" + arn + "'");
  }
  Cluster* c = cluster_by_arn(arn);
  if (c == nullptr) fail(404, "DBClusterNotFoundFault", "DBCluster " + arn + " not found.");
  if (c->global_id != g.id) {
    fail(404, "DBClusterNotFoundFault",
         "DBCluster " + arn + " is not a member of global cluster " + g.id);
  }
  if (g.failover) {
    fail(400, "InvalidGlobalClusterStateFault",
         "Global cluster " + g.id + " is " + g.status + "; wait for it to finish");
  }
  if (g.writer_arn == c->arn && g.members.size() > 1) {
    fail(400, "InvalidGlobalClusterStateFault",
         "Unable to remove the primary cluster of global cluster " + g.id +
             " while there are other global cluster members");
  }
  if (g.writer_arn != c->arn && c->master_username.empty()) {
    // The detached secondary keeps the replicated data, the primary's master user included.
    if (const Cluster* primary = cluster_by_arn(g.writer_arn)) {
      c->master_username = primary->master_username;
    }
  }
  std::erase(g.members, c->arn);
  if (g.writer_arn == c->arn) g.writer_arn.clear();
  c->global_id.clear();
  c->pending_resync = false;  // a detached former primary keeps its own data
  recompute_writer(*c);  // a detached secondary becomes a standalone cluster with a writer
  add_event(c->region, c->id, "db-cluster",
            "DB cluster removed from global cluster " + g.id + " and promoted to a standalone "
            "DB cluster",
            {"configuration change"}, c->arn);
  return query_response(call, kXmlns,
                        [&](xml::XmlWriter& w) { write_global(w, g, *this, "GlobalCluster"); });
}

HttpResponse RdsService::failover_global_cluster(Call& call) {
  const bool data_loss = call.boolean("AllowDataLoss").value_or(false);
  const auto switchover = call.boolean("Switchover");
  if (data_loss && switchover.value_or(false)) {
    fail(400, "InvalidParameterCombination",
         "AllowDataLoss and Switchover can't both be set: a failover allows data loss, a "
         "switchover does not");
  }
  // Without AllowDataLoss the operation is a switchover (as AWS documents).
  return start_global_failover(call, !data_loss, data_loss);
}

HttpResponse RdsService::switchover_global_cluster(Call& call) {
  return start_global_failover(call, true, false);
}

HttpResponse RdsService::start_global_failover(Call& call, bool switchover, bool data_loss) {
  GlobalCluster& g = global_or_throw(call.required("GlobalClusterIdentifier"));
  const std::string target_text = call.required("TargetDbClusterIdentifier");
  Cluster* target = target_text.starts_with("arn:") ? cluster_by_arn(target_text)
                                                     : &cluster_or_throw(call.region, target_text);
  if (target == nullptr) {
    fail(404, "DBClusterNotFoundFault", "DBCluster " + target_text + " not found.");
  }
  if (g.status != "available" || g.failover) {
    fail(400, "InvalidGlobalClusterStateFault",
         "Global cluster " + g.id + " is " + g.status +
             "; a switchover or failover can start only when it is available");
  }
  if (target->global_id != g.id) {
    fail(400, "InvalidGlobalClusterStateFault",
         "DB cluster " + target->arn + " is not a member of global cluster " + g.id);
  }
  if (target->arn == g.writer_arn) {
    fail(400, "InvalidGlobalClusterStateFault",
         "DB cluster " + target->arn + " is already the primary cluster of global cluster " +
             g.id + "; the target must be a secondary");
  }
  if (target->status != "available") {
    fail(400, "InvalidDBClusterStateFault",
         "DB cluster " + target->id + " is " + target->status + "; the target must be available");
  }
  const RegionState& tr = region(target->region);
  bool has_instance = false;
  for (const std::string& id : target->members) {
    auto it = tr.instances.find(id);
    has_instance = has_instance || (it != tr.instances.end() && it->second.status == "available");
  }
  if (!has_instance) {
    fail(400, "InvalidDBClusterStateFault",
         "DB cluster " + target->id + " has no available DB instance to promote to writer");
  }
  Cluster* former = cluster_by_arn(g.writer_arn);
  if (switchover && former != nullptr && former->status != "available") {
    fail(400, "InvalidDBClusterStateFault",
         "The primary DB cluster " + former->id + " is " + former->status +
             "; a switchover needs it available (use AllowDataLoss for a failover)");
  }
  // The request goes to the Region of a member: the primary's (a switchover) or the
  // secondary being promoted (a failover, when the primary's Region may be down).
  bool member_region = false;
  for (const std::string& arn : g.members) {
    const Cluster* m = cluster_by_arn(arn);
    member_region = member_region || (m != nullptr && m->region == call.region);
  }
  if (!member_region) {
    fail(400, "InvalidParameterValue",
         "Global cluster " + g.id + " has no member DB cluster in " + call.region +
             "; call this operation in the Region of its primary or of the target DB cluster");
  }
  const TimePoint now = core_.clock.now();
  const std::string status = switchover ? "switching-over" : "failing-over";
  FailoverState state;
  state.status = status;
  state.from_arn = g.writer_arn;
  state.to_arn = target->arn;
  state.data_loss = data_loss;
  if (data_loss) {
    // The target is promoted with what it has applied now; the primary's commits beyond
    // that are lost (counted when the failover completes).
    state.fork_position = target->position;
    if (former != nullptr && former->position > target->position) {
      state.lost_commits = former->position - target->position;
      // A log entry stands for the commits made since the tick before it: the writes lost
      // are those after the point in the primary's time the target had applied through,
      // not only from the entry's own tick on (else a failure right after a tick would lose
      // commits "0 s" old).
      for (const Commit& c : g.log) {
        if (c.position > target->position) {
          TimePoint first_lost = c.at;
          if (target->applied_through && *target->applied_through < c.at) {
            first_lost = *target->applied_through;
          }
          state.lost_ms = std::chrono::duration<double, std::milli>(now - first_lost).count();
          break;
        }
      }
    }
  }
  g.failover = std::move(state);
  g.failover_started = now;
  g.status = status;
  // Both clusters change roles: they show "modifying" until it is done (a primary whose
  // Region is down cannot be touched and keeps its status).
  target->status = "modifying";
  if (former != nullptr && former->status == "available" &&
      !core_.faults.region_down(former->region, now)) {
    former->status = "modifying";
  }
  if (!switchover) {
    g.due = now + dynamics_settings().failover_delay;
    schedule_global(g.id, *g.due);
  }
  // A switchover's role change is scheduled by the replication step once the target has
  // caught up (rds_aurora.cc).
  ensure_dynamics();
  const std::string message = std::string("Global ") + (switchover ? "switchover" : "failover") +
                              " to DB cluster " + target->id + " in Region " + target->region +
                              " started.";
  add_event(target->region, target->id, "db-cluster", message, {"global-failover"}, target->arn);
  if (former != nullptr) {
    add_event(former->region, former->id, "db-cluster", message, {"global-failover"},
              former->arn);
  }
  return query_response(call, kXmlns,
                        [&](xml::XmlWriter& w) { write_global(w, g, *this, "GlobalCluster"); });
}

}  // namespace drh::fake::rds
