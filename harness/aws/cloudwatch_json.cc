#include "cloudwatch_json.h"

#include "dynamodb_cloudwatch_lambda_json.h"

namespace drh::aws {
namespace {

using jsonwire::array_of;
using jsonwire::put;
using jsonwire::put_time;
using nlohmann::json;

json dimensions(const std::vector<Dimension>& list) {
  return array_of(list, [](const Dimension& d) {
    return json{{"Name", d.Name}, {"Value", d.Value}};
  });
}

json messages(const std::vector<MessageData>& list) {
  return array_of(list, [](const MessageData& m) {
    json j = json::object();
    put(j, "Code", m.Code);
    put(j, "Value", m.Value);
    return j;
  });
}

}  // namespace

json to_json(const Metric& m) {
  json j = json::object();
  put(j, "Namespace", m.Namespace);
  put(j, "MetricName", m.MetricName);
  j["Dimensions"] = dimensions(m.Dimensions);
  return j;
}

json to_json(const MetricDataQuery& q) {
  json j{{"Id", q.Id}};
  if (q.MetricStat) {
    json s{{"Metric", to_json(q.MetricStat->Metric)},
           {"Period", q.MetricStat->Period},
           {"Stat", q.MetricStat->Stat}};
    put(s, "Unit", q.MetricStat->Unit);
    j["MetricStat"] = std::move(s);
  }
  put(j, "Expression", q.Expression);
  put(j, "Label", q.Label);
  put(j, "ReturnData", q.ReturnData);
  put(j, "Period", q.Period);
  put(j, "AccountId", q.AccountId);
  return j;
}

json to_json(const MetricAlarm& a) {
  json j = json::object();
  put(j, "AlarmName", a.AlarmName);
  put(j, "AlarmArn", a.AlarmArn);
  put(j, "AlarmDescription", a.AlarmDescription);
  put_time(j, "AlarmConfigurationUpdatedTimestamp", a.AlarmConfigurationUpdatedTimestamp);
  put(j, "ActionsEnabled", a.ActionsEnabled);
  j["OKActions"] = a.OKActions;
  j["AlarmActions"] = a.AlarmActions;
  j["InsufficientDataActions"] = a.InsufficientDataActions;
  put(j, "StateValue", a.StateValue);
  put(j, "StateReason", a.StateReason);
  put(j, "StateReasonData", a.StateReasonData);
  put_time(j, "StateUpdatedTimestamp", a.StateUpdatedTimestamp);
  put(j, "MetricName", a.MetricName);
  put(j, "Namespace", a.Namespace);
  put(j, "Statistic", a.Statistic);
  put(j, "ExtendedStatistic", a.ExtendedStatistic);
  j["Dimensions"] = dimensions(a.Dimensions);
  put(j, "Period", a.Period);
  put(j, "Unit", a.Unit);
  put(j, "EvaluationPeriods", a.EvaluationPeriods);
  put(j, "DatapointsToAlarm", a.DatapointsToAlarm);
  put(j, "Threshold", a.Threshold);
  put(j, "ComparisonOperator", a.ComparisonOperator);
  put(j, "TreatMissingData", a.TreatMissingData);
  put(j, "EvaluateLowSampleCountPercentile", a.EvaluateLowSampleCountPercentile);
  if (!a.Metrics.empty()) {
    j["Metrics"] = array_of(a.Metrics, [](const MetricDataQuery& q) { return to_json(q); });
  }
  put(j, "ThresholdMetricId", a.ThresholdMetricId);
  put_time(j, "StateTransitionedTimestamp", a.StateTransitionedTimestamp);
  return j;
}

json to_json(const CompositeAlarm& a) {
  json j = json::object();
  put(j, "ActionsEnabled", a.ActionsEnabled);
  j["AlarmActions"] = a.AlarmActions;
  put(j, "AlarmArn", a.AlarmArn);
  put(j, "AlarmDescription", a.AlarmDescription);
  put(j, "AlarmName", a.AlarmName);
  put(j, "AlarmRule", a.AlarmRule);
  j["InsufficientDataActions"] = a.InsufficientDataActions;
  j["OKActions"] = a.OKActions;
  put(j, "StateReason", a.StateReason);
  put_time(j, "StateUpdatedTimestamp", a.StateUpdatedTimestamp);
  put(j, "StateValue", a.StateValue);
  return j;
}

json to_json(const AlarmHistoryItem& i) {
  json j = json::object();
  put(j, "AlarmName", i.AlarmName);
  put(j, "AlarmType", i.AlarmType);
  put_time(j, "Timestamp", i.Timestamp);
  put(j, "HistoryItemType", i.HistoryItemType);
  put(j, "HistorySummary", i.HistorySummary);
  put(j, "HistoryData", i.HistoryData);
  return j;
}

json to_json(const MetricDataResult& r) {
  json j = json::object();
  put(j, "Id", r.Id);
  put(j, "Label", r.Label);
  j["Timestamps"] = array_of(r.Timestamps, [](TimePoint t) { return jsonwire::iso8601(t); });
  j["Values"] = r.Values;
  put(j, "StatusCode", r.StatusCode);
  if (!r.Messages.empty()) j["Messages"] = messages(r.Messages);
  return j;
}

json to_json(const Datapoint& d) {
  json j = json::object();
  put_time(j, "Timestamp", d.Timestamp);
  put(j, "SampleCount", d.SampleCount);
  put(j, "Average", d.Average);
  put(j, "Sum", d.Sum);
  put(j, "Minimum", d.Minimum);
  put(j, "Maximum", d.Maximum);
  put(j, "Unit", d.Unit);
  if (!d.ExtendedStatistics.empty()) j["ExtendedStatistics"] = d.ExtendedStatistics;
  return j;
}

json to_json(const PutMetricAlarmResult&) { return json::object(); }
json to_json(const SetAlarmStateResult&) { return json::object(); }
json to_json(const DeleteAlarmsResult&) { return json::object(); }
json to_json(const PutMetricDataResult&) { return json::object(); }

json to_json(const DescribeAlarmsResult& r) {
  json j{
      {"MetricAlarms", array_of(r.MetricAlarms, [](const MetricAlarm& a) { return to_json(a); })},
      {"CompositeAlarms",
       array_of(r.CompositeAlarms, [](const CompositeAlarm& a) { return to_json(a); })}};
  put(j, "NextToken", r.NextToken);
  return j;
}

json to_json(const DescribeAlarmHistoryResult& r) {
  json j{{"AlarmHistoryItems",
          array_of(r.AlarmHistoryItems, [](const AlarmHistoryItem& i) { return to_json(i); })}};
  put(j, "NextToken", r.NextToken);
  return j;
}

json to_json(const GetMetricStatisticsResult& r) {
  json j = json::object();
  put(j, "Label", r.Label);
  j["Datapoints"] = array_of(r.Datapoints, [](const Datapoint& d) { return to_json(d); });
  return j;
}

json to_json(const GetMetricDataResult& r) {
  json j{{"MetricDataResults",
          array_of(r.MetricDataResults, [](const MetricDataResult& m) { return to_json(m); })}};
  put(j, "NextToken", r.NextToken);
  j["Messages"] = messages(r.Messages);
  return j;
}

json to_json(const ListMetricsResult& r) {
  json j{{"Metrics", array_of(r.Metrics, [](const Metric& m) { return to_json(m); })}};
  put(j, "NextToken", r.NextToken);
  return j;
}

}  // namespace drh::aws
