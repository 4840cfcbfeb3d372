// RDS wire codec (Query protocol, 2014-10-31): request parameters and response decoding,
// one pair per operation. Internal to drh_aws; RdsClient calls these, tests may too.
//
// encode_<Op> checks the members botocore marks required (kInvalidInput naming the
// member, never its value) and flattens the rest: lists with their model member names
// (Filters.Filter.N.Values.Value.M, Tags.Tag.N.Key, VpcSecurityGroupIds.VpcSecurityGroupId.N),
// empty strings and lists left out. decode_<Op> reads a 2xx answer; a malformed value is
// kDecode naming the operation, the element and its parent.
#pragma once

#include "drh/aws/rds.h"
#include "drh/core/http.h"
#include "drh/protocol/query.h"

namespace drh::aws {

Result<QueryParams> encode_DescribeGlobalClusters(const DescribeGlobalClustersRequest& request);
Result<QueryParams> encode_DescribeDBClusters(const DescribeDBClustersRequest& request);
Result<QueryParams> encode_DescribeDBInstances(const DescribeDBInstancesRequest& request);
Result<QueryParams> encode_DescribeEvents(const DescribeEventsRequest& request);
Result<QueryParams> encode_CreateGlobalCluster(const CreateGlobalClusterRequest& request);
Result<QueryParams> encode_CreateDBCluster(const CreateDBClusterRequest& request);
Result<QueryParams> encode_CreateDBInstance(const CreateDBInstanceRequest& request);
Result<QueryParams> encode_DeleteDBCluster(const DeleteDBClusterRequest& request);
Result<QueryParams> encode_DeleteDBInstance(const DeleteDBInstanceRequest& request);
Result<QueryParams> encode_DeleteGlobalCluster(const DeleteGlobalClusterRequest& request);
Result<QueryParams> encode_RemoveFromGlobalCluster(const RemoveFromGlobalClusterRequest& request);
Result<QueryParams> encode_FailoverGlobalCluster(const FailoverGlobalClusterRequest& request);
Result<QueryParams> encode_SwitchoverGlobalCluster(const SwitchoverGlobalClusterRequest& request);

Result<DescribeGlobalClustersResult> decode_DescribeGlobalClusters(const HttpResponse& response);
Result<DescribeDBClustersResult> decode_DescribeDBClusters(const HttpResponse& response);
Result<DescribeDBInstancesResult> decode_DescribeDBInstances(const HttpResponse& response);
Result<DescribeEventsResult> decode_DescribeEvents(const HttpResponse& response);
Result<CreateGlobalClusterResult> decode_CreateGlobalCluster(const HttpResponse& response);
Result<CreateDBClusterResult> decode_CreateDBCluster(const HttpResponse& response);
Result<CreateDBInstanceResult> decode_CreateDBInstance(const HttpResponse& response);
Result<DeleteDBClusterResult> decode_DeleteDBCluster(const HttpResponse& response);
Result<DeleteDBInstanceResult> decode_DeleteDBInstance(const HttpResponse& response);
Result<DeleteGlobalClusterResult> decode_DeleteGlobalCluster(const HttpResponse& response);
Result<RemoveFromGlobalClusterResult> decode_RemoveFromGlobalCluster(const HttpResponse& response);
Result<FailoverGlobalClusterResult> decode_FailoverGlobalCluster(const HttpResponse& response);
Result<SwitchoverGlobalClusterResult> decode_SwitchoverGlobalCluster(const HttpResponse& response);

}  // namespace drh::aws
