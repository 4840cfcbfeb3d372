// CloudWatchClient over the connection, the all-pages forms and small shape helpers.
//
// Protocol: JSON 1.0 (X-Amz-Target GraniteServiceVersion20100801.<Op>), not Query. The
// current botocore model lists ["smithy-rpc-v2-cbor", "json", "query"] and boto3 1.43 and
// the other current SDKs send JSON; real AWS accepts both. JSON bodies are smaller (no
// Foo.member.N flattening of Dimensions, MetricData and Metrics), numbers and booleans are
// typed rather than text, and timestamps are epoch seconds. The service is
// "awsQueryCompatible": its JSON errors carry the Query error code in x-amzn-query-error,
// which the error decoder prefers, so codes match what Query clients see (ResourceNotFound,
// not the JSON shape name).
#include <map>
#include <set>

#include "cloudwatch_codec.h"
#include "drh/aws/cloudwatch.h"
#include "service_call.h"

namespace drh::aws {
namespace {

constexpr std::string_view kService = "cloudwatch";

template <typename Res, typename Req>
Result<Res> call(AwsConnection& connection, std::string_view region, const Req& request,
                 Result<HttpRequest> (*encode)(const Req&),
                 Result<Res> (*decode)(const HttpResponse&)) {
  auto http = encode(request);
  if (!http) return http.error();
  auto response = send_request(connection, kService, region, std::move(*http));
  if (!response) return response.error();
  return decode(*response);
}

template <typename T>
void append(std::vector<T>& to, std::vector<T>&& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

// Follows NextToken from `request.NextToken`, handing each page to `take`. The set of tokens
// seen so far catches a service that cycles, whatever the cycle's length.
template <typename Req, typename Page, typename Fetch, typename Take>
Status follow_next_token(std::string_view operation, Req request, Fetch&& fetch, Take&& take) {
  std::set<std::string> seen;
  if (!request.NextToken.empty()) seen.insert(request.NextToken);
  for (std::size_t pages = 1;; ++pages) {
    Result<Page> page = fetch(request);
    if (!page) return page.error();
    std::string next = std::move(page->NextToken);
    take(*page);
    if (next.empty()) return Ok{};
    if (!seen.insert(next).second) {
      std::string shown = next.substr(0, 80);
      if (next.size() > shown.size()) shown += "...";
      return make_error(ErrorKind::kDecode, "RepeatedPageToken",
                        std::string(operation) + " returned NextToken " + shown + " again after " +
                            std::to_string(pages) + " pages; stopped instead of paging forever");
    }
    request.NextToken = std::move(next);
  }
}

}  // namespace

// ------------------------------------------------------------------ shape helpers

const MetricAlarm* DescribeAlarmsResult::metric_alarm(std::string_view name) const {
  for (const MetricAlarm& a : MetricAlarms) {
    if (a.AlarmName == name) return &a;
  }
  return nullptr;
}

// ------------------------------------------------------------------ operations

Result<PutMetricAlarmResult> CloudWatchClient::PutMetricAlarm(
    std::string_view region, const PutMetricAlarmRequest& request) {
  return call(connection_, region, request, &encode_PutMetricAlarm, &decode_PutMetricAlarm);
}

Result<DescribeAlarmsResult> CloudWatchClient::DescribeAlarms(
    std::string_view region, const DescribeAlarmsRequest& request) {
  return call(connection_, region, request, &encode_DescribeAlarms, &decode_DescribeAlarms);
}

Result<DescribeAlarmHistoryResult> CloudWatchClient::DescribeAlarmHistory(
    std::string_view region, const DescribeAlarmHistoryRequest& request) {
  return call(connection_, region, request, &encode_DescribeAlarmHistory,
              &decode_DescribeAlarmHistory);
}

Result<SetAlarmStateResult> CloudWatchClient::SetAlarmState(std::string_view region,
                                                            const SetAlarmStateRequest& request) {
  return call(connection_, region, request, &encode_SetAlarmState, &decode_SetAlarmState);
}

Result<DeleteAlarmsResult> CloudWatchClient::DeleteAlarms(std::string_view region,
                                                          const DeleteAlarmsRequest& request) {
  return call(connection_, region, request, &encode_DeleteAlarms, &decode_DeleteAlarms);
}

Result<PutMetricDataResult> CloudWatchClient::PutMetricData(std::string_view region,
                                                            const PutMetricDataRequest& request) {
  return call(connection_, region, request, &encode_PutMetricData, &decode_PutMetricData);
}

Result<GetMetricStatisticsResult> CloudWatchClient::GetMetricStatistics(
    std::string_view region, const GetMetricStatisticsRequest& request) {
  return call(connection_, region, request, &encode_GetMetricStatistics,
              &decode_GetMetricStatistics);
}

Result<GetMetricDataResult> CloudWatchClient::GetMetricData(std::string_view region,
                                                            const GetMetricDataRequest& request) {
  return call(connection_, region, request, &encode_GetMetricData, &decode_GetMetricData);
}

Result<ListMetricsResult> CloudWatchClient::ListMetrics(std::string_view region,
                                                        const ListMetricsRequest& request) {
  return call(connection_, region, request, &encode_ListMetrics, &decode_ListMetrics);
}

// ------------------------------------------------------------------ all pages

Result<DescribeAlarmsResult> CloudWatchApi::DescribeAlarmsAll(std::string_view region,
                                                              DescribeAlarmsRequest request) {
  DescribeAlarmsResult out;
  Status s = follow_next_token<DescribeAlarmsRequest, DescribeAlarmsResult>(
      "DescribeAlarms", std::move(request),
      [&](const DescribeAlarmsRequest& r) { return DescribeAlarms(region, r); },
      [&](DescribeAlarmsResult& page) {
        append(out.MetricAlarms, std::move(page.MetricAlarms));
        append(out.CompositeAlarms, std::move(page.CompositeAlarms));
      });
  if (!s) return s.error();
  return out;
}

Result<std::vector<AlarmHistoryItem>> CloudWatchApi::DescribeAlarmHistoryAll(
    std::string_view region, DescribeAlarmHistoryRequest request) {
  std::vector<AlarmHistoryItem> out;
  Status s = follow_next_token<DescribeAlarmHistoryRequest, DescribeAlarmHistoryResult>(
      "DescribeAlarmHistory", std::move(request),
      [&](const DescribeAlarmHistoryRequest& r) { return DescribeAlarmHistory(region, r); },
      [&](DescribeAlarmHistoryResult& page) { append(out, std::move(page.AlarmHistoryItems)); });
  if (!s) return s.error();
  return out;
}

Result<std::vector<MetricDataResult>> CloudWatchApi::GetMetricDataAll(
    std::string_view region, GetMetricDataRequest request) {
  std::vector<MetricDataResult> out;
  std::map<std::string, std::size_t> index;  // Id -> position in out
  Status s = follow_next_token<GetMetricDataRequest, GetMetricDataResult>(
      "GetMetricData", std::move(request),
      [&](const GetMetricDataRequest& r) { return GetMetricData(region, r); },
      [&](GetMetricDataResult& page) {
        for (MetricDataResult& r : page.MetricDataResults) {
          auto [it, added] = index.emplace(r.Id, out.size());
          if (added) {
            out.push_back(std::move(r));
            continue;
          }
          MetricDataResult& merged = out[it->second];
          append(merged.Timestamps, std::move(r.Timestamps));
          append(merged.Values, std::move(r.Values));
          append(merged.Messages, std::move(r.Messages));
          merged.StatusCode = std::move(r.StatusCode);
          if (merged.Label.empty()) merged.Label = std::move(r.Label);
        }
      });
  if (!s) return s.error();
  return out;
}

Result<std::vector<Metric>> CloudWatchApi::ListMetricsAll(std::string_view region,
                                                          ListMetricsRequest request) {
  std::vector<Metric> out;
  Status s = follow_next_token<ListMetricsRequest, ListMetricsResult>(
      "ListMetrics", std::move(request),
      [&](const ListMetricsRequest& r) { return ListMetrics(region, r); },
      [&](ListMetricsResult& page) { append(out, std::move(page.Metrics)); });
  if (!s) return s.error();
  return out;
}

}  // namespace drh::aws
