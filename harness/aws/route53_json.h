// Route 53 results as JSON with botocore's member names, for `drh call --typed` and
// reports. Absent optional members and empty strings are left out; timestamps are ISO
// 8601 in UTC.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "drh/aws/route53.h"

namespace drh::aws {

nlohmann::json to_json(const CreateHostedZoneResult& result);
nlohmann::json to_json(const ListHostedZonesResult& result);
nlohmann::json to_json(const ListHostedZonesByNameResult& result);
nlohmann::json to_json(const GetHostedZoneResult& result);
nlohmann::json to_json(const DeleteHostedZoneResult& result);
nlohmann::json to_json(const ListResourceRecordSetsResult& result);
nlohmann::json to_json(const ChangeResourceRecordSetsResult& result);
nlohmann::json to_json(const GetChangeResult& result);
nlohmann::json to_json(const CreateHealthCheckResult& result);
nlohmann::json to_json(const GetHealthCheckResult& result);
nlohmann::json to_json(const ListHealthChecksResult& result);
nlohmann::json to_json(const GetHealthCheckStatusResult& result);
nlohmann::json to_json(const UpdateHealthCheckResult& result);
nlohmann::json to_json(const DeleteHealthCheckResult& result);
nlohmann::json to_json(const TestDNSAnswerResult& result);

}  // namespace drh::aws
