// RdsClient over the connection, the all-pages forms, and small shape helpers.
#include <set>

#include "drh/aws/rds.h"
#include "rds_codec.h"
#include "service_call.h"

namespace drh::aws {
namespace {

constexpr std::string_view kService = "rds";

template <typename Res, typename Req>
Result<Res> call(AwsConnection& connection, std::string_view region, std::string_view operation,
                 const Req& request, Result<QueryParams> (*encode)(const Req&),
                 Result<Res> (*decode)(const HttpResponse&)) {
  auto params = encode(request);
  if (!params) return params.error();
  auto response = send_query(connection, kService, region, operation, *params);
  if (!response) return response.error();
  return decode(*response);
}

// A server may quote a rejected parameter back in its message ("The parameter
// MasterUserPassword is not a valid password: ..."); the password must not travel further.
template <typename Res>
Result<Res> scrub_secret(Result<Res> result, const std::string& secret) {
  if (result.ok() || secret.empty()) return result;
  Error e = std::move(result).error();
  for (std::size_t at = e.message.find(secret); at != std::string::npos;
       at = e.message.find(secret, at + 4)) {
    e.message.replace(at, secret.size(), "****");
  }
  return e;
}

// Follows Marker to the last page. The set of markers seen so far catches a service that
// cycles, whatever the cycle's length.
template <typename Item, typename Req, typename Page, typename Fetch>
Result<std::vector<Item>> all_pages(std::string_view operation, Req request, Fetch fetch,
                                    std::vector<Item> Page::*items) {
  std::vector<Item> out;
  std::set<std::string> seen;
  if (!request.Marker.empty()) seen.insert(request.Marker);
  for (std::size_t pages = 1;; ++pages) {
    Result<Page> page = fetch(request);
    if (!page) return page.error();
    std::vector<Item>& got = (*page).*items;
    out.insert(out.end(), std::make_move_iterator(got.begin()), std::make_move_iterator(got.end()));
    if (page->Marker.empty()) return out;
    if (!seen.insert(page->Marker).second) {
      std::string shown = page->Marker.substr(0, 64);
      if (page->Marker.size() > shown.size()) shown += "...";
      return make_error(ErrorKind::kDecode, "RepeatedMarker",
                        std::string(operation) + " returned Marker '" + shown + "' again after " +
                            std::to_string(pages) + " pages; stopped instead of paging forever");
    }
    request.Marker = std::move(page->Marker);
  }
}

}  // namespace

// ------------------------------------------------------------------ shape helpers

const GlobalClusterMember* GlobalCluster::writer() const {
  for (const auto& m : GlobalClusterMembers) {
    if (m.IsWriter) return &m;
  }
  return nullptr;
}

const GlobalClusterMember* GlobalCluster::member(std::string_view arn) const {
  for (const auto& m : GlobalClusterMembers) {
    if (m.DBClusterArn == arn) return &m;
  }
  return nullptr;
}

const DBClusterMember* DBCluster::writer() const {
  for (const auto& m : DBClusterMembers) {
    if (m.IsClusterWriter) return &m;
  }
  return nullptr;
}

Result<RdsArnParts> parse_rds_arn(std::string_view arn) {
  // arn:<partition>:rds:<region>:<account>:<type>:<id>
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  for (int i = 0; i < 6; ++i) {
    std::size_t colon = arn.find(':', pos);
    if (colon == std::string_view::npos) break;
    parts.push_back(arn.substr(pos, colon - pos));
    pos = colon + 1;
  }
  if (parts.size() != 6 || parts[0] != "arn" || parts[2] != "rds" || pos >= arn.size()) {
    return invalid_input("not an RDS ARN: '" + std::string(arn.substr(0, 128)) + "'");
  }
  return RdsArnParts{std::string(parts[3]), std::string(parts[5]), std::string(arn.substr(pos))};
}

// ------------------------------------------------------------------ client

Result<DescribeGlobalClustersResult> RdsClient::DescribeGlobalClusters(
    std::string_view region, const DescribeGlobalClustersRequest& request) {
  return call(connection_, region, "DescribeGlobalClusters", request, encode_DescribeGlobalClusters,
              decode_DescribeGlobalClusters);
}

Result<DescribeDBClustersResult> RdsClient::DescribeDBClusters(
    std::string_view region, const DescribeDBClustersRequest& request) {
  return call(connection_, region, "DescribeDBClusters", request, encode_DescribeDBClusters,
              decode_DescribeDBClusters);
}

Result<DescribeDBInstancesResult> RdsClient::DescribeDBInstances(
    std::string_view region, const DescribeDBInstancesRequest& request) {
  return call(connection_, region, "DescribeDBInstances", request, encode_DescribeDBInstances,
              decode_DescribeDBInstances);
}

Result<DescribeEventsResult> RdsClient::DescribeEvents(std::string_view region,
                                                       const DescribeEventsRequest& request) {
  return call(connection_, region, "DescribeEvents", request, encode_DescribeEvents,
              decode_DescribeEvents);
}

Result<CreateGlobalClusterResult> RdsClient::CreateGlobalCluster(
    std::string_view region, const CreateGlobalClusterRequest& request) {
  return call(connection_, region, "CreateGlobalCluster", request, encode_CreateGlobalCluster,
              decode_CreateGlobalCluster);
}

Result<CreateDBClusterResult> RdsClient::CreateDBCluster(std::string_view region,
                                                         const CreateDBClusterRequest& request) {
  return scrub_secret(call(connection_, region, "CreateDBCluster", request, encode_CreateDBCluster,
                           decode_CreateDBCluster),
                      request.MasterUserPassword);
}

Result<CreateDBInstanceResult> RdsClient::CreateDBInstance(std::string_view region,
                                                           const CreateDBInstanceRequest& request) {
  return scrub_secret(call(connection_, region, "CreateDBInstance", request,
                           encode_CreateDBInstance, decode_CreateDBInstance),
                      request.MasterUserPassword);
}

Result<DeleteDBClusterResult> RdsClient::DeleteDBCluster(std::string_view region,
                                                         const DeleteDBClusterRequest& request) {
  return call(connection_, region, "DeleteDBCluster", request, encode_DeleteDBCluster,
              decode_DeleteDBCluster);
}

Result<DeleteDBInstanceResult> RdsClient::DeleteDBInstance(std::string_view region,
                                                           const DeleteDBInstanceRequest& request) {
  return call(connection_, region, "DeleteDBInstance", request, encode_DeleteDBInstance,
              decode_DeleteDBInstance);
}

Result<DeleteGlobalClusterResult> RdsClient::DeleteGlobalCluster(
    std::string_view region, const DeleteGlobalClusterRequest& request) {
  return call(connection_, region, "DeleteGlobalCluster", request, encode_DeleteGlobalCluster,
              decode_DeleteGlobalCluster);
}

Result<RemoveFromGlobalClusterResult> RdsClient::RemoveFromGlobalCluster(
    std::string_view region, const RemoveFromGlobalClusterRequest& request) {
  return call(connection_, region, "RemoveFromGlobalCluster", request,
              encode_RemoveFromGlobalCluster, decode_RemoveFromGlobalCluster);
}

Result<FailoverGlobalClusterResult> RdsClient::FailoverGlobalCluster(
    std::string_view region, const FailoverGlobalClusterRequest& request) {
  return call(connection_, region, "FailoverGlobalCluster", request, encode_FailoverGlobalCluster,
              decode_FailoverGlobalCluster);
}

Result<SwitchoverGlobalClusterResult> RdsClient::SwitchoverGlobalCluster(
    std::string_view region, const SwitchoverGlobalClusterRequest& request) {
  return call(connection_, region, "SwitchoverGlobalCluster", request,
              encode_SwitchoverGlobalCluster, decode_SwitchoverGlobalCluster);
}

// ------------------------------------------------------------------ all pages

Result<std::vector<GlobalCluster>> RdsApi::DescribeGlobalClustersAll(
    std::string_view region, DescribeGlobalClustersRequest request) {
  return all_pages<GlobalCluster>(
      "DescribeGlobalClusters", std::move(request),
      [&](const DescribeGlobalClustersRequest& r) { return DescribeGlobalClusters(region, r); },
      &DescribeGlobalClustersResult::GlobalClusters);
}

Result<std::vector<DBCluster>> RdsApi::DescribeDBClustersAll(std::string_view region,
                                                             DescribeDBClustersRequest request) {
  return all_pages<DBCluster>(
      "DescribeDBClusters", std::move(request),
      [&](const DescribeDBClustersRequest& r) { return DescribeDBClusters(region, r); },
      &DescribeDBClustersResult::DBClusters);
}

Result<std::vector<DBInstance>> RdsApi::DescribeDBInstancesAll(std::string_view region,
                                                               DescribeDBInstancesRequest request) {
  return all_pages<DBInstance>(
      "DescribeDBInstances", std::move(request),
      [&](const DescribeDBInstancesRequest& r) { return DescribeDBInstances(region, r); },
      &DescribeDBInstancesResult::DBInstances);
}

Result<std::vector<RdsEvent>> RdsApi::DescribeEventsAll(std::string_view region,
                                                        DescribeEventsRequest request) {
  return all_pages<RdsEvent>(
      "DescribeEvents", std::move(request),
      [&](const DescribeEventsRequest& r) { return DescribeEvents(region, r); },
      &DescribeEventsResult::Events);
}

}  // namespace drh::aws
