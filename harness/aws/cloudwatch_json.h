// CloudWatch results as JSON with botocore's member names (what `aws cloudwatch ...`
// prints), for `drh call --typed` and reports. Unset optional members and empty strings
// are left out; lists of a result are always present; timestamps are ISO 8601 in UTC.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "drh/aws/cloudwatch.h"

namespace drh::aws {

nlohmann::json to_json(const MetricAlarm& alarm);
nlohmann::json to_json(const CompositeAlarm& alarm);
nlohmann::json to_json(const AlarmHistoryItem& item);
nlohmann::json to_json(const Metric& metric);
nlohmann::json to_json(const MetricDataQuery& query);
nlohmann::json to_json(const MetricDataResult& result);
nlohmann::json to_json(const Datapoint& datapoint);

nlohmann::json to_json(const PutMetricAlarmResult& result);
nlohmann::json to_json(const DescribeAlarmsResult& result);
nlohmann::json to_json(const DescribeAlarmHistoryResult& result);
nlohmann::json to_json(const SetAlarmStateResult& result);
nlohmann::json to_json(const DeleteAlarmsResult& result);
nlohmann::json to_json(const PutMetricDataResult& result);
nlohmann::json to_json(const GetMetricStatisticsResult& result);
nlohmann::json to_json(const GetMetricDataResult& result);
nlohmann::json to_json(const ListMetricsResult& result);

}  // namespace drh::aws
