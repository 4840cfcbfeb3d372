// CloudWatch wire codec (JSON 1.0, X-Amz-Target GraniteServiceVersion20100801.<Op>): one
// encoder and one decoder per operation. Internal to drh_aws; tests include it to check
// the wire form.
//
// encode_<Op> builds the request (POST /, target and content type set, host left to the
// connection) and fails with kInvalidInput when a required member is missing. decode_<Op>
// reads a 2xx answer; a body that is not JSON, or a member of the wrong type, is a kDecode
// error naming the operation and the member's path. Timestamps travel as epoch seconds.
#pragma once

#include "drh/aws/cloudwatch.h"
#include "drh/core/http.h"
#include "drh/core/result.h"

namespace drh::aws {

Result<HttpRequest> encode_PutMetricAlarm(const PutMetricAlarmRequest& request);
Result<HttpRequest> encode_DescribeAlarms(const DescribeAlarmsRequest& request);
Result<HttpRequest> encode_DescribeAlarmHistory(const DescribeAlarmHistoryRequest& request);
Result<HttpRequest> encode_SetAlarmState(const SetAlarmStateRequest& request);
Result<HttpRequest> encode_DeleteAlarms(const DeleteAlarmsRequest& request);
Result<HttpRequest> encode_PutMetricData(const PutMetricDataRequest& request);
Result<HttpRequest> encode_GetMetricStatistics(const GetMetricStatisticsRequest& request);
Result<HttpRequest> encode_GetMetricData(const GetMetricDataRequest& request);
Result<HttpRequest> encode_ListMetrics(const ListMetricsRequest& request);

Result<PutMetricAlarmResult> decode_PutMetricAlarm(const HttpResponse& response);
Result<DescribeAlarmsResult> decode_DescribeAlarms(const HttpResponse& response);
Result<DescribeAlarmHistoryResult> decode_DescribeAlarmHistory(const HttpResponse& response);
Result<SetAlarmStateResult> decode_SetAlarmState(const HttpResponse& response);
Result<DeleteAlarmsResult> decode_DeleteAlarms(const HttpResponse& response);
Result<PutMetricDataResult> decode_PutMetricData(const HttpResponse& response);
Result<GetMetricStatisticsResult> decode_GetMetricStatistics(const HttpResponse& response);
Result<GetMetricDataResult> decode_GetMetricData(const HttpResponse& response);
Result<ListMetricsResult> decode_ListMetrics(const HttpResponse& response);

}  // namespace drh::aws
