// RDS results as JSON with botocore's member names (what `aws rds ...` prints), for
// `drh call --typed` and reports. Unset optional members and empty strings are left out;
// lists are always present; timestamps are ISO 8601 in UTC.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "drh/aws/rds.h"

namespace drh::aws {

nlohmann::json to_json(const GlobalCluster& value);
nlohmann::json to_json(const DBCluster& value);
nlohmann::json to_json(const DBInstance& value);
nlohmann::json to_json(const RdsEvent& value);

nlohmann::json to_json(const DescribeGlobalClustersResult& result);
nlohmann::json to_json(const DescribeDBClustersResult& result);
nlohmann::json to_json(const DescribeDBInstancesResult& result);
nlohmann::json to_json(const DescribeEventsResult& result);
nlohmann::json to_json(const CreateGlobalClusterResult& result);
nlohmann::json to_json(const CreateDBClusterResult& result);
nlohmann::json to_json(const CreateDBInstanceResult& result);
nlohmann::json to_json(const DeleteDBClusterResult& result);
nlohmann::json to_json(const DeleteDBInstanceResult& result);
nlohmann::json to_json(const DeleteGlobalClusterResult& result);
nlohmann::json to_json(const RemoveFromGlobalClusterResult& result);
nlohmann::json to_json(const FailoverGlobalClusterResult& result);
nlohmann::json to_json(const SwitchoverGlobalClusterResult& result);

}  // namespace drh::aws
