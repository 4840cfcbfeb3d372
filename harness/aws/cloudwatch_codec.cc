#include "cloudwatch_codec.h"

#include "cloudwatch_json.h"
#include "drh/protocol/json_protocol.h"
#include "dynamodb_cloudwatch_lambda_json.h"
#include "service_call.h"

namespace drh::aws {
namespace {

using jsonwire::epoch_seconds;
using jsonwire::fail;
using jsonwire::get_bool;
using jsonwire::get_double;
using jsonwire::get_doubles;
using jsonwire::get_int32;
using jsonwire::get_object;
using jsonwire::get_objects;
using jsonwire::get_string;
using jsonwire::get_strings;
using jsonwire::get_time;
using jsonwire::member_path;
using jsonwire::put;
using nlohmann::json;

// ------------------------------------------------------------------ encoding

Error missing(std::string_view operation, std::string_view member) {
  return invalid_input(std::string(operation) + ": " + std::string(member) + " is required");
}

// Serialises the body and shapes the request; text that is not valid UTF-8 cannot be sent
// as JSON, which is named rather than silently replaced.
Result<HttpRequest> finish(std::string_view operation, const json& body) {
  std::string text;
  try {
    text = body.dump();
  } catch (const json::type_error& e) {
    return invalid_input(std::string(operation) + ": a text member is not valid UTF-8 (" +
                         e.what() + ")");
  }
  return build_json_request(service("cloudwatch"), operation, std::move(text));
}

json dimensions_json(const std::vector<Dimension>& dimensions) {
  return jsonwire::array_of(dimensions, [](const Dimension& d) {
    return json{{"Name", d.Name}, {"Value", d.Value}};
  });
}

void put_dimensions(json& body, const std::vector<Dimension>& dimensions) {
  if (!dimensions.empty()) body["Dimensions"] = dimensions_json(dimensions);
}

json datum_json(const MetricDatum& d) {
  json j{{"MetricName", d.MetricName}};
  put_dimensions(j, d.Dimensions);
  if (d.Timestamp) j["Timestamp"] = epoch_seconds(*d.Timestamp);
  put(j, "Value", d.Value);
  if (d.StatisticValues) {
    j["StatisticValues"] = json{{"SampleCount", d.StatisticValues->SampleCount},
                                {"Sum", d.StatisticValues->Sum},
                                {"Minimum", d.StatisticValues->Minimum},
                                {"Maximum", d.StatisticValues->Maximum}};
  }
  if (!d.Values.empty()) j["Values"] = d.Values;
  if (!d.Counts.empty()) j["Counts"] = d.Counts;
  put(j, "Unit", d.Unit);
  put(j, "StorageResolution", d.StorageResolution);
  return j;
}

Status check_queries(std::string_view operation, const std::vector<MetricDataQuery>& queries,
                     std::string_view member) {
  for (std::size_t i = 0; i < queries.size(); ++i) {
    const MetricDataQuery& q = queries[i];
    const std::string where = std::string(member) + "[" + std::to_string(i) + "]";
    if (q.Id.empty()) return missing(operation, where + ".Id");
    if (q.MetricStat && q.MetricStat->Stat.empty()) {
      return missing(operation, where + ".MetricStat.Stat");
    }
  }
  return Ok{};
}

json queries_json(const std::vector<MetricDataQuery>& queries) {
  return jsonwire::array_of(queries, [](const MetricDataQuery& q) { return to_json(q); });
}

// ------------------------------------------------------------------ decoding

std::vector<Dimension> get_dimensions(const json& object, std::string_view path) {
  return get_objects<Dimension>(
      object, "Dimensions", path, [](const json& d, const std::string& p) {
        return Dimension{get_string(d, "Name", p), get_string(d, "Value", p)};
      });
}

Metric decode_metric(const json& m, const std::string& p) {
  return Metric{get_string(m, "Namespace", p), get_string(m, "MetricName", p),
                get_dimensions(m, p)};
}

MetricDataQuery decode_query(const json& q, const std::string& p) {
  MetricDataQuery out;
  out.Id = get_string(q, "Id", p);
  if (const json* s = get_object(q, "MetricStat", p)) {
    const std::string sp = member_path(p, "MetricStat");
    MetricStat stat;
    if (const json* m = get_object(*s, "Metric", sp)) {
      stat.Metric = decode_metric(*m, member_path(sp, "Metric"));
    }
    stat.Period = get_int32(*s, "Period", sp).value_or(0);
    stat.Stat = get_string(*s, "Stat", sp);
    stat.Unit = get_string(*s, "Unit", sp);
    out.MetricStat = std::move(stat);
  }
  out.Expression = get_string(q, "Expression", p);
  out.Label = get_string(q, "Label", p);
  out.ReturnData = get_bool(q, "ReturnData", p);
  out.Period = get_int32(q, "Period", p);
  out.AccountId = get_string(q, "AccountId", p);
  return out;
}

MetricAlarm decode_metric_alarm(const json& a, const std::string& p) {
  MetricAlarm out;
  out.AlarmName = get_string(a, "AlarmName", p);
  out.AlarmArn = get_string(a, "AlarmArn", p);
  out.AlarmDescription = get_string(a, "AlarmDescription", p);
  out.AlarmConfigurationUpdatedTimestamp = get_time(a, "AlarmConfigurationUpdatedTimestamp", p);
  out.ActionsEnabled = get_bool(a, "ActionsEnabled", p);
  out.OKActions = get_strings(a, "OKActions", p);
  out.AlarmActions = get_strings(a, "AlarmActions", p);
  out.InsufficientDataActions = get_strings(a, "InsufficientDataActions", p);
  out.StateValue = get_string(a, "StateValue", p);
  out.StateReason = get_string(a, "StateReason", p);
  out.StateReasonData = get_string(a, "StateReasonData", p);
  out.StateUpdatedTimestamp = get_time(a, "StateUpdatedTimestamp", p);
  out.StateTransitionedTimestamp = get_time(a, "StateTransitionedTimestamp", p);
  out.MetricName = get_string(a, "MetricName", p);
  out.Namespace = get_string(a, "Namespace", p);
  out.Statistic = get_string(a, "Statistic", p);
  out.ExtendedStatistic = get_string(a, "ExtendedStatistic", p);
  out.Dimensions = get_dimensions(a, p);
  out.Period = get_int32(a, "Period", p);
  out.Unit = get_string(a, "Unit", p);
  out.EvaluationPeriods = get_int32(a, "EvaluationPeriods", p);
  out.DatapointsToAlarm = get_int32(a, "DatapointsToAlarm", p);
  out.Threshold = get_double(a, "Threshold", p);
  out.ComparisonOperator = get_string(a, "ComparisonOperator", p);
  out.TreatMissingData = get_string(a, "TreatMissingData", p);
  out.EvaluateLowSampleCountPercentile = get_string(a, "EvaluateLowSampleCountPercentile", p);
  out.Metrics = get_objects<MetricDataQuery>(a, "Metrics", p, decode_query);
  out.ThresholdMetricId = get_string(a, "ThresholdMetricId", p);
  return out;
}

CompositeAlarm decode_composite_alarm(const json& a, const std::string& p) {
  CompositeAlarm out;
  out.AlarmName = get_string(a, "AlarmName", p);
  out.AlarmArn = get_string(a, "AlarmArn", p);
  out.AlarmDescription = get_string(a, "AlarmDescription", p);
  out.AlarmRule = get_string(a, "AlarmRule", p);
  out.ActionsEnabled = get_bool(a, "ActionsEnabled", p);
  out.OKActions = get_strings(a, "OKActions", p);
  out.AlarmActions = get_strings(a, "AlarmActions", p);
  out.InsufficientDataActions = get_strings(a, "InsufficientDataActions", p);
  out.StateValue = get_string(a, "StateValue", p);
  out.StateReason = get_string(a, "StateReason", p);
  out.StateUpdatedTimestamp = get_time(a, "StateUpdatedTimestamp", p);
  return out;
}

std::vector<MessageData> get_messages(const json& object, std::string_view path) {
  return get_objects<MessageData>(
      object, "Messages", path, [](const json& m, const std::string& p) {
        return MessageData{get_string(m, "Code", p), get_string(m, "Value", p)};
      });
}

MetricDataResult decode_data_result(const json& r, const std::string& p) {
  MetricDataResult out;
  out.Id = get_string(r, "Id", p);
  out.Label = get_string(r, "Label", p);
  jsonwire::for_each_item(r, "Timestamps", p, [&](const json& t, const std::string& tp) {
    out.Timestamps.push_back(jsonwire::as_time(t, tp));
  });
  out.Values = get_doubles(r, "Values", p);
  if (out.Values.size() != out.Timestamps.size()) {
    fail(p, "has " + std::to_string(out.Timestamps.size()) + " Timestamps but " +
                std::to_string(out.Values.size()) + " Values");
  }
  out.StatusCode = get_string(r, "StatusCode", p);
  out.Messages = get_messages(r, p);
  return out;
}

Datapoint decode_datapoint(const json& d, const std::string& p) {
  Datapoint out;
  out.Timestamp = get_time(d, "Timestamp", p);
  out.SampleCount = get_double(d, "SampleCount", p);
  out.Average = get_double(d, "Average", p);
  out.Sum = get_double(d, "Sum", p);
  out.Minimum = get_double(d, "Minimum", p);
  out.Maximum = get_double(d, "Maximum", p);
  out.Unit = get_string(d, "Unit", p);
  if (const json* ext = get_object(d, "ExtendedStatistics", p)) {
    const std::string ep = member_path(p, "ExtendedStatistics");
    for (auto it = ext->begin(); it != ext->end(); ++it) {
      out.ExtendedStatistics[it.key()] = jsonwire::as_double(*it, member_path(ep, it.key()));
    }
  }
  return out;
}

template <typename T, typename F>
Result<T> decode(const HttpResponse& response, std::string_view operation, F&& read) {
  auto body = jsonwire::parse_object(response, operation);
  if (!body) return body.error();
  return jsonwire::decode_guarded<T>(operation, [&]() -> T { return read(*body); });
}

// Operations without output: any JSON object (CloudWatch answers "{}") is success.
template <typename T>
Result<T> decode_empty(const HttpResponse& response, std::string_view operation) {
  auto body = jsonwire::parse_object(response, operation);
  if (!body) return body.error();
  return T{};
}

}  // namespace

// ------------------------------------------------------------------ encoders

Result<HttpRequest> encode_PutMetricAlarm(const PutMetricAlarmRequest& r) {
  constexpr std::string_view op = "PutMetricAlarm";
  if (r.AlarmName.empty()) return missing(op, "AlarmName");
  if (auto s = check_queries(op, r.Metrics, "Metrics"); !s) return s.error();
  json b{{"AlarmName", r.AlarmName}};
  put(b, "AlarmDescription", r.AlarmDescription);
  put(b, "ActionsEnabled", r.ActionsEnabled);
  put(b, "OKActions", r.OKActions);
  put(b, "AlarmActions", r.AlarmActions);
  put(b, "InsufficientDataActions", r.InsufficientDataActions);
  put(b, "MetricName", r.MetricName);
  put(b, "Namespace", r.Namespace);
  put(b, "Statistic", r.Statistic);
  put(b, "ExtendedStatistic", r.ExtendedStatistic);
  put_dimensions(b, r.Dimensions);
  put(b, "Period", r.Period);
  put(b, "Unit", r.Unit);
  put(b, "EvaluationPeriods", r.EvaluationPeriods);
  put(b, "DatapointsToAlarm", r.DatapointsToAlarm);
  put(b, "Threshold", r.Threshold);
  put(b, "ComparisonOperator", r.ComparisonOperator);
  put(b, "TreatMissingData", r.TreatMissingData);
  put(b, "EvaluateLowSampleCountPercentile", r.EvaluateLowSampleCountPercentile);
  if (!r.Metrics.empty()) b["Metrics"] = queries_json(r.Metrics);
  put(b, "ThresholdMetricId", r.ThresholdMetricId);
  put(b, "Tags", r.Tags);
  return finish(op, b);
}

Result<HttpRequest> encode_DescribeAlarms(const DescribeAlarmsRequest& r) {
  json b = json::object();
  put(b, "AlarmNames", r.AlarmNames);
  put(b, "AlarmNamePrefix", r.AlarmNamePrefix);
  put(b, "AlarmTypes", r.AlarmTypes);
  put(b, "StateValue", r.StateValue);
  put(b, "ActionPrefix", r.ActionPrefix);
  put(b, "MaxRecords", r.MaxRecords);
  put(b, "NextToken", r.NextToken);
  return finish("DescribeAlarms", b);
}

Result<HttpRequest> encode_DescribeAlarmHistory(const DescribeAlarmHistoryRequest& r) {
  json b = json::object();
  put(b, "AlarmName", r.AlarmName);
  put(b, "AlarmTypes", r.AlarmTypes);
  put(b, "HistoryItemType", r.HistoryItemType);
  if (r.StartDate) b["StartDate"] = epoch_seconds(*r.StartDate);
  if (r.EndDate) b["EndDate"] = epoch_seconds(*r.EndDate);
  put(b, "MaxRecords", r.MaxRecords);
  put(b, "NextToken", r.NextToken);
  put(b, "ScanBy", r.ScanBy);
  return finish("DescribeAlarmHistory", b);
}

Result<HttpRequest> encode_SetAlarmState(const SetAlarmStateRequest& r) {
  constexpr std::string_view op = "SetAlarmState";
  if (r.AlarmName.empty()) return missing(op, "AlarmName");
  if (r.StateValue.empty()) return missing(op, "StateValue");
  if (r.StateReason.empty()) return missing(op, "StateReason");
  json b{{"AlarmName", r.AlarmName}, {"StateValue", r.StateValue}, {"StateReason", r.StateReason}};
  put(b, "StateReasonData", r.StateReasonData);
  return finish(op, b);
}

Result<HttpRequest> encode_DeleteAlarms(const DeleteAlarmsRequest& r) {
  if (r.AlarmNames.empty()) return missing("DeleteAlarms", "AlarmNames");
  return finish("DeleteAlarms", json{{"AlarmNames", r.AlarmNames}});
}

Result<HttpRequest> encode_PutMetricData(const PutMetricDataRequest& r) {
  constexpr std::string_view op = "PutMetricData";
  if (r.Namespace.empty()) return missing(op, "Namespace");
  if (r.MetricData.empty()) return missing(op, "MetricData");
  for (std::size_t i = 0; i < r.MetricData.size(); ++i) {
    if (r.MetricData[i].MetricName.empty()) {
      return missing(op, "MetricData[" + std::to_string(i) + "].MetricName");
    }
  }
  json b{{"Namespace", r.Namespace}, {"MetricData", jsonwire::array_of(r.MetricData, datum_json)}};
  return finish(op, b);
}

Result<HttpRequest> encode_GetMetricStatistics(const GetMetricStatisticsRequest& r) {
  constexpr std::string_view op = "GetMetricStatistics";
  if (r.Namespace.empty()) return missing(op, "Namespace");
  if (r.MetricName.empty()) return missing(op, "MetricName");
  if (r.Statistics.empty() && r.ExtendedStatistics.empty()) {
    return invalid_input(std::string(op) + ": Statistics or ExtendedStatistics is required");
  }
  json b{{"Namespace", r.Namespace}, {"MetricName", r.MetricName}};
  put_dimensions(b, r.Dimensions);
  b["StartTime"] = epoch_seconds(r.StartTime);
  b["EndTime"] = epoch_seconds(r.EndTime);
  b["Period"] = r.Period;
  put(b, "Statistics", r.Statistics);
  put(b, "ExtendedStatistics", r.ExtendedStatistics);
  put(b, "Unit", r.Unit);
  return finish(op, b);
}

Result<HttpRequest> encode_GetMetricData(const GetMetricDataRequest& r) {
  constexpr std::string_view op = "GetMetricData";
  if (r.MetricDataQueries.empty()) return missing(op, "MetricDataQueries");
  if (auto s = check_queries(op, r.MetricDataQueries, "MetricDataQueries"); !s) return s.error();
  json b{{"MetricDataQueries", queries_json(r.MetricDataQueries)},
         {"StartTime", epoch_seconds(r.StartTime)},
         {"EndTime", epoch_seconds(r.EndTime)}};
  put(b, "NextToken", r.NextToken);
  put(b, "ScanBy", r.ScanBy);
  put(b, "MaxDatapoints", r.MaxDatapoints);
  return finish(op, b);
}

Result<HttpRequest> encode_ListMetrics(const ListMetricsRequest& r) {
  json b = json::object();
  put(b, "Namespace", r.Namespace);
  put(b, "MetricName", r.MetricName);
  if (!r.Dimensions.empty()) {
    b["Dimensions"] = jsonwire::array_of(r.Dimensions, [](const DimensionFilter& d) {
      json j{{"Name", d.Name}};
      put(j, "Value", d.Value);
      return j;
    });
  }
  put(b, "NextToken", r.NextToken);
  put(b, "RecentlyActive", r.RecentlyActive);
  return finish("ListMetrics", b);
}

// ------------------------------------------------------------------ decoders

Result<PutMetricAlarmResult> decode_PutMetricAlarm(const HttpResponse& response) {
  return decode_empty<PutMetricAlarmResult>(response, "PutMetricAlarm");
}

Result<DescribeAlarmsResult> decode_DescribeAlarms(const HttpResponse& response) {
  return decode<DescribeAlarmsResult>(response, "DescribeAlarms", [](const json& b) {
    DescribeAlarmsResult out;
    out.MetricAlarms = get_objects<MetricAlarm>(b, "MetricAlarms", "", decode_metric_alarm);
    out.CompositeAlarms =
        get_objects<CompositeAlarm>(b, "CompositeAlarms", "", decode_composite_alarm);
    out.NextToken = get_string(b, "NextToken", "");
    return out;
  });
}

Result<DescribeAlarmHistoryResult> decode_DescribeAlarmHistory(const HttpResponse& response) {
  return decode<DescribeAlarmHistoryResult>(response, "DescribeAlarmHistory", [](const json& b) {
    DescribeAlarmHistoryResult out;
    out.AlarmHistoryItems = get_objects<AlarmHistoryItem>(
        b, "AlarmHistoryItems", "", [](const json& i, const std::string& p) {
          AlarmHistoryItem item;
          item.AlarmName = get_string(i, "AlarmName", p);
          item.AlarmType = get_string(i, "AlarmType", p);
          item.Timestamp = get_time(i, "Timestamp", p);
          item.HistoryItemType = get_string(i, "HistoryItemType", p);
          item.HistorySummary = get_string(i, "HistorySummary", p);
          item.HistoryData = get_string(i, "HistoryData", p);
          return item;
        });
    out.NextToken = get_string(b, "NextToken", "");
    return out;
  });
}

Result<SetAlarmStateResult> decode_SetAlarmState(const HttpResponse& response) {
  return decode_empty<SetAlarmStateResult>(response, "SetAlarmState");
}

Result<DeleteAlarmsResult> decode_DeleteAlarms(const HttpResponse& response) {
  return decode_empty<DeleteAlarmsResult>(response, "DeleteAlarms");
}

Result<PutMetricDataResult> decode_PutMetricData(const HttpResponse& response) {
  return decode_empty<PutMetricDataResult>(response, "PutMetricData");
}

Result<GetMetricStatisticsResult> decode_GetMetricStatistics(const HttpResponse& response) {
  return decode<GetMetricStatisticsResult>(response, "GetMetricStatistics", [](const json& b) {
    return GetMetricStatisticsResult{get_string(b, "Label", ""),
                                     get_objects<Datapoint>(b, "Datapoints", "", decode_datapoint)};
  });
}

Result<GetMetricDataResult> decode_GetMetricData(const HttpResponse& response) {
  return decode<GetMetricDataResult>(response, "GetMetricData", [](const json& b) {
    GetMetricDataResult out;
    out.MetricDataResults =
        get_objects<MetricDataResult>(b, "MetricDataResults", "", decode_data_result);
    out.NextToken = get_string(b, "NextToken", "");
    out.Messages = get_messages(b, "");
    return out;
  });
}

Result<ListMetricsResult> decode_ListMetrics(const HttpResponse& response) {
  return decode<ListMetricsResult>(response, "ListMetrics", [](const json& b) {
    return ListMetricsResult{get_objects<Metric>(b, "Metrics", "", decode_metric),
                             get_string(b, "NextToken", "")};
  });
}

}  // namespace drh::aws
