// RDS waiters: botocore's rds waiters-2.json acceptors, plus the global cluster waiters
// botocore does not have (documented in drh/aws/rds.h).
#include <algorithm>
#include <array>
#include <initializer_list>

#include "drh/aws/rds.h"

namespace drh::aws {
namespace {

template <typename Set>
bool one_of(std::string_view value, const Set& set) {
  return std::find(set.begin(), set.end(), value) != set.end();
}
bool one_of(std::string_view value, std::initializer_list<std::string_view> set) {
  return one_of<std::initializer_list<std::string_view>>(value, set);
}

// DBClusterAvailable / DBInstanceAvailable failure states.
constexpr std::array<std::string_view, 5> kAvailableFailures = {
    "deleted", "deleting", "failed", "incompatible-restore", "incompatible-parameters"};
// DBClusterDeleted / DBInstanceDeleted failure states.
constexpr std::array<std::string_view, 4> kDeletedFailures = {"creating", "modifying", "rebooting",
                                                              "resetting-master-credentials"};

struct Seen {
  std::string what;    // "DBCluster orders-primary"
  std::string status;  // "creating"
};

std::string describe(const std::vector<Seen>& seen) {
  std::string out;
  for (const Seen& s : seen) {
    if (!out.empty()) out += ", ";
    out += s.what + " status=" + (s.status.empty() ? "(none)" : s.status);
  }
  return out;
}

// botocore "pathAll == available" (an empty list never matches) and "pathAny in failures".
WaitObservation classify_available(const std::vector<Seen>& seen, std::string_view empty_text) {
  if (seen.empty()) return {WaitState::kPending, std::string(empty_text)};
  bool all = true;
  for (const Seen& s : seen) {
    if (one_of(s.status, kAvailableFailures)) return {WaitState::kFailed, describe(seen)};
    all = all && s.status == "available";
  }
  return {all ? WaitState::kDone : WaitState::kPending, describe(seen)};
}

// botocore "length(list) == 0" success and "pathAny in failures".
WaitObservation classify_deleted(const std::vector<Seen>& seen, std::string_view gone_text) {
  if (seen.empty()) return {WaitState::kDone, std::string(gone_text)};
  for (const Seen& s : seen) {
    if (one_of(s.status, kDeletedFailures)) return {WaitState::kFailed, describe(seen)};
  }
  return {WaitState::kPending, describe(seen)};
}

std::vector<Seen> seen_clusters(const std::vector<DBCluster>& clusters) {
  std::vector<Seen> out;
  for (const DBCluster& c : clusters)
    out.push_back({"DBCluster " + c.DBClusterIdentifier, c.Status});
  return out;
}

std::vector<Seen> seen_instances(const std::vector<DBInstance>& instances) {
  std::vector<Seen> out;
  for (const DBInstance& i : instances) {
    out.push_back({"DBInstance " + i.DBInstanceIdentifier, i.DBInstanceStatus});
  }
  return out;
}

Result<DescribeDBClustersResult> describe_cluster(RdsApi& api, std::string_view region,
                                                  std::string_view id) {
  DescribeDBClustersRequest request;
  request.DBClusterIdentifier = std::string(id);
  return api.DescribeDBClusters(region, request);
}

Result<DescribeDBInstancesResult> describe_instance(RdsApi& api, std::string_view region,
                                                    std::string_view id) {
  DescribeDBInstancesRequest request;
  request.DBInstanceIdentifier = std::string(id);
  return api.DescribeDBInstances(region, request);
}

// The global cluster `id` out of a DescribeGlobalClusters answer: matched by identifier
// (or ARN), since an emulator may ignore the filter and answer with every global cluster.
Result<GlobalCluster> find_global_cluster(RdsApi& api, std::string_view region,
                                          std::string_view id) {
  DescribeGlobalClustersRequest request;
  request.GlobalClusterIdentifier = std::string(id);
  auto answer = api.DescribeGlobalClusters(region, request);
  if (!answer) return answer.error();
  for (GlobalCluster& g : answer->GlobalClusters) {
    if (g.GlobalClusterIdentifier == id || g.GlobalClusterArn == id) return std::move(g);
  }
  Error e = make_error(ErrorKind::kAws, "GlobalClusterNotFoundFault",
                       "GlobalCluster " + std::string(id) + " not found in " + std::string(region));
  e.http_status = 404;
  return e;
}

std::string global_label(const GlobalCluster& g) {
  return "GlobalCluster " + g.GlobalClusterIdentifier +
         " status=" + (g.Status.empty() ? "(none)" : g.Status);
}

}  // namespace

Status WaitUntilDBClusterAvailable(RdsApi& api, Clock& clock, std::string_view region,
                                   std::string_view db_cluster_identifier, WaitOptions options) {
  const std::string what =
      "DBCluster " + std::string(db_cluster_identifier) + " available in " + std::string(region);
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    auto answer = describe_cluster(api, region, db_cluster_identifier);
    if (!answer) return answer.error();
    return classify_available(seen_clusters(answer->DBClusters),
                              "DBCluster " + std::string(db_cluster_identifier) + " not listed");
  });
}

Status WaitUntilDBClusterDeleted(RdsApi& api, Clock& clock, std::string_view region,
                                 std::string_view db_cluster_identifier, WaitOptions options) {
  const std::string what =
      "DBCluster " + std::string(db_cluster_identifier) + " deleted in " + std::string(region);
  const std::string gone = "DBCluster " + std::string(db_cluster_identifier) + " gone";
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    auto answer = describe_cluster(api, region, db_cluster_identifier);
    if (!answer) {
      if (answer.error().code == "DBClusterNotFoundFault") {
        return WaitObservation{WaitState::kDone, gone};
      }
      return answer.error();
    }
    return classify_deleted(seen_clusters(answer->DBClusters), gone);
  });
}

Status WaitUntilDBInstanceAvailable(RdsApi& api, Clock& clock, std::string_view region,
                                    std::string_view db_instance_identifier, WaitOptions options) {
  const std::string what =
      "DBInstance " + std::string(db_instance_identifier) + " available in " + std::string(region);
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    auto answer = describe_instance(api, region, db_instance_identifier);
    if (!answer) return answer.error();
    return classify_available(seen_instances(answer->DBInstances),
                              "DBInstance " + std::string(db_instance_identifier) + " not listed");
  });
}

Status WaitUntilDBInstanceDeleted(RdsApi& api, Clock& clock, std::string_view region,
                                  std::string_view db_instance_identifier, WaitOptions options) {
  const std::string what =
      "DBInstance " + std::string(db_instance_identifier) + " deleted in " + std::string(region);
  const std::string gone = "DBInstance " + std::string(db_instance_identifier) + " gone";
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    auto answer = describe_instance(api, region, db_instance_identifier);
    if (!answer) {
      // botocore expects "DBInstanceNotFound", the code RDS really sends; accept the shape
      // name too.
      const std::string& code = answer.error().code;
      if (code == "DBInstanceNotFound" || code == "DBInstanceNotFoundFault") {
        return WaitObservation{WaitState::kDone, gone};
      }
      return answer.error();
    }
    return classify_deleted(seen_instances(answer->DBInstances), gone);
  });
}

Status WaitUntilGlobalClusterAvailable(RdsApi& api, Clock& clock, std::string_view region,
                                       std::string_view global_cluster_identifier,
                                       WaitOptions options) {
  const std::string what = "GlobalCluster " + std::string(global_cluster_identifier) + " available";
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    auto g = find_global_cluster(api, region, global_cluster_identifier);
    if (!g) return g.error();
    WaitState state = WaitState::kPending;
    if (g->Status == "available") state = WaitState::kDone;
    if (one_of(g->Status, {"deleting", "deleted"})) state = WaitState::kFailed;
    return WaitObservation{state, global_label(*g)};
  });
}

Status WaitUntilGlobalClusterMembersAvailable(RdsApi& api, Clock& clock, std::string_view region,
                                              std::string_view global_cluster_identifier,
                                              WaitOptions options) {
  const std::string what = "GlobalCluster " + std::string(global_cluster_identifier) +
                           " and every member cluster available";
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    auto g = find_global_cluster(api, region, global_cluster_identifier);
    if (!g) return g.error();
    std::string observed = global_label(*g);
    if (one_of(g->Status, {"deleting", "deleted"})) {
      return WaitObservation{WaitState::kFailed, observed};
    }
    if (g->GlobalClusterMembers.empty()) {
      return WaitObservation{WaitState::kPending, observed + ", no members"};
    }
    std::vector<Seen> members;
    for (const GlobalClusterMember& m : g->GlobalClusterMembers) {
      auto arn = parse_rds_arn(m.DBClusterArn);
      if (!arn) return arn.error();
      auto answer = describe_cluster(api, arn->region, arn->id);
      if (!answer) return answer.error();
      std::string status = answer->DBClusters.empty() ? "" : answer->DBClusters.front().Status;
      members.push_back({"DBCluster " + arn->id + " (" + arn->region + ")", status});
    }
    WaitObservation o = classify_available(members, "");
    o.observed = observed + ": " + o.observed;
    if (o.state == WaitState::kDone && g->Status != "available") o.state = WaitState::kPending;
    return o;
  });
}

Status WaitUntilGlobalClusterFailoverComplete(RdsApi& api, Clock& clock, std::string_view region,
                                              std::string_view global_cluster_identifier,
                                              std::string_view target_db_cluster_arn,
                                              WaitOptions options) {
  const std::string what = "failover of GlobalCluster " + std::string(global_cluster_identifier) +
                           " to " + std::string(target_db_cluster_arn);
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    auto g = find_global_cluster(api, region, global_cluster_identifier);
    if (!g) return g.error();
    const GlobalClusterMember* writer = g->writer();
    std::string observed = global_label(*g) + " failover=" +
                           (g->FailoverState ? g->FailoverState->Status : std::string("none")) +
                           " writer=" + (writer ? writer->DBClusterArn : std::string("none"));
    if (g->FailoverState && g->FailoverState->Status == "cancelling") {
      return WaitObservation{WaitState::kFailed, observed};
    }
    const GlobalClusterMember* target = g->member(target_db_cluster_arn);
    if (target == nullptr) {
      return WaitObservation{
          WaitState::kFailed,
          observed + "; " + std::string(target_db_cluster_arn) + " is not a member"};
    }
    const bool in_progress =
        g->FailoverState &&
        one_of(g->FailoverState->Status, {"pending", "failing-over", "switching-over"});
    if (!in_progress && target->IsWriter) return WaitObservation{WaitState::kDone, observed};
    return WaitObservation{WaitState::kPending, observed};
  });
}

}  // namespace drh::aws
