// GoogleMock stand-in for drh::aws::RdsApi. The all-pages forms and the waiters are not
// virtual: they run over whatever the mocked single-page methods return.
//
//   MockRdsApi rds;
//   EXPECT_CALL(rds, DescribeDBClusters("us-west-2", ::testing::_))
//       .WillOnce(::testing::Return(DescribeDBClustersResult{...}));
#pragma once

#include <gmock/gmock.h>

#include "drh/aws/rds.h"

namespace drh::aws {

class MockRdsApi : public RdsApi {
 public:
  MOCK_METHOD(Result<DescribeGlobalClustersResult>, DescribeGlobalClusters,
              (std::string_view region, const DescribeGlobalClustersRequest& request), (override));
  MOCK_METHOD(Result<DescribeDBClustersResult>, DescribeDBClusters,
              (std::string_view region, const DescribeDBClustersRequest& request), (override));
  MOCK_METHOD(Result<DescribeDBInstancesResult>, DescribeDBInstances,
              (std::string_view region, const DescribeDBInstancesRequest& request), (override));
  MOCK_METHOD(Result<DescribeEventsResult>, DescribeEvents,
              (std::string_view region, const DescribeEventsRequest& request), (override));
  MOCK_METHOD(Result<CreateGlobalClusterResult>, CreateGlobalCluster,
              (std::string_view region, const CreateGlobalClusterRequest& request), (override));
  MOCK_METHOD(Result<CreateDBClusterResult>, CreateDBCluster,
              (std::string_view region, const CreateDBClusterRequest& request), (override));
  MOCK_METHOD(Result<CreateDBInstanceResult>, CreateDBInstance,
              (std::string_view region, const CreateDBInstanceRequest& request), (override));
  MOCK_METHOD(Result<DeleteDBClusterResult>, DeleteDBCluster,
              (std::string_view region, const DeleteDBClusterRequest& request), (override));
  MOCK_METHOD(Result<DeleteDBInstanceResult>, DeleteDBInstance,
              (std::string_view region, const DeleteDBInstanceRequest& request), (override));
  MOCK_METHOD(Result<DeleteGlobalClusterResult>, DeleteGlobalCluster,
              (std::string_view region, const DeleteGlobalClusterRequest& request), (override));
  MOCK_METHOD(Result<RemoveFromGlobalClusterResult>, RemoveFromGlobalCluster,
              (std::string_view region, const RemoveFromGlobalClusterRequest& request), (override));
  MOCK_METHOD(Result<FailoverGlobalClusterResult>, FailoverGlobalCluster,
              (std::string_view region, const FailoverGlobalClusterRequest& request), (override));
  MOCK_METHOD(Result<SwitchoverGlobalClusterResult>, SwitchoverGlobalCluster,
              (std::string_view region, const SwitchoverGlobalClusterRequest& request), (override));
};

}  // namespace drh::aws
