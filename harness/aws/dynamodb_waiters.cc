// DynamoDB waiters: botocore's TableExists / TableNotExists acceptors, and the replica
// waiter botocore does not have (documented in drh/aws/dynamodb.h).
#include <algorithm>
#include <array>

#include "drh/aws/dynamodb.h"

namespace drh::aws {
namespace {

constexpr std::string_view kNotFound = "ResourceNotFoundException";

// Replica states from which a replica does not become ACTIVE without someone acting.
constexpr std::array<std::string_view, 3> kReplicaFailures = {"CREATION_FAILED", "REGION_DISABLED",
                                                              "REPLICATION_NOT_AUTHORIZED"};

std::string table_label(std::string_view region, std::string_view table) {
  return "DynamoDB table " + std::string(table) + " in " + std::string(region);
}

Result<DescribeTableResult> describe(DynamoDbApi& api, std::string_view region,
                                     std::string_view table) {
  DescribeTableRequest request;
  request.TableName = std::string(table);
  return api.DescribeTable(region, request);
}

std::string status_text(std::string_view status) {
  return status.empty() ? std::string("(none)") : std::string(status);
}

std::string replicas_text(const TableDescription& table) {
  std::string out = "TableStatus=" + status_text(table.TableStatus) + " replicas:";
  if (table.Replicas.empty()) return out + " none";
  for (const ReplicaDescription& r : table.Replicas) {
    out += " " + r.RegionName + "=" + status_text(r.ReplicaStatus);
    if (!r.ReplicaStatusDescription.empty()) out += " (" + r.ReplicaStatusDescription + ")";
  }
  return out;
}

}  // namespace

Status WaitUntilTableExists(DynamoDbApi& api, Clock& clock, std::string_view region,
                            std::string_view table_name, WaitOptions options) {
  const std::string what = table_label(region, table_name) + " to exist and be ACTIVE";
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    auto r = describe(api, region, table_name);
    if (!r) {
      if (r.error().code == kNotFound) {
        return WaitObservation{WaitState::kPending, "table not found yet"};
      }
      return r.error();
    }
    const std::string& status = r->Table.TableStatus;
    return WaitObservation{status == "ACTIVE" ? WaitState::kDone : WaitState::kPending,
                           "TableStatus=" + status_text(status)};
  });
}

Status WaitUntilTableNotExists(DynamoDbApi& api, Clock& clock, std::string_view region,
                               std::string_view table_name, WaitOptions options) {
  const std::string what = table_label(region, table_name) + " to be deleted";
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    auto r = describe(api, region, table_name);
    if (!r) {
      if (r.error().code == kNotFound) return WaitObservation{WaitState::kDone, "table not found"};
      return r.error();
    }
    return WaitObservation{WaitState::kPending, "TableStatus=" + status_text(r->Table.TableStatus)};
  });
}

Status WaitUntilReplicasActive(DynamoDbApi& api, Clock& clock, std::string_view region,
                               std::string_view table_name,
                               const std::vector<std::string>& replica_regions,
                               WaitOptions options) {
  std::string what = table_label(region, table_name) + " replicas ";
  if (replica_regions.empty()) {
    what += "(all)";
  } else {
    for (std::size_t i = 0; i < replica_regions.size(); ++i) {
      what += (i ? "," : "") + replica_regions[i];
    }
  }
  what += " to be ACTIVE";
  return wait_for(clock, what, options, [&]() -> Result<WaitObservation> {
    auto r = describe(api, region, table_name);
    if (!r) return r.error();
    const TableDescription& table = r->Table;
    std::string observed = replicas_text(table);
    std::vector<const ReplicaDescription*> wanted;
    if (replica_regions.empty()) {
      for (const ReplicaDescription& rep : table.Replicas) wanted.push_back(&rep);
      if (wanted.empty()) return WaitObservation{WaitState::kPending, std::move(observed)};
    } else {
      for (const std::string& name : replica_regions) {
        const ReplicaDescription* rep = table.replica(name);
        if (rep == nullptr) {
          return WaitObservation{WaitState::kPending,
                                 observed + "; no replica in " + name + " yet"};
        }
        wanted.push_back(rep);
      }
    }
    bool all_active = true;
    for (const ReplicaDescription* rep : wanted) {
      if (std::find(kReplicaFailures.begin(), kReplicaFailures.end(), rep->ReplicaStatus) !=
          kReplicaFailures.end()) {
        return WaitObservation{WaitState::kFailed, std::move(observed)};
      }
      all_active = all_active && rep->ReplicaStatus == "ACTIVE";
    }
    return WaitObservation{all_active ? WaitState::kDone : WaitState::kPending,
                           std::move(observed)};
  });
}

}  // namespace drh::aws
