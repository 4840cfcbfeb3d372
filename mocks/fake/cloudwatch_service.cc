// CloudWatch in the fake: dispatch in both protocols, metric alarms (configuration, state,
// history, actions) and state. Metric data is in cloudwatch_metrics.cc.
#include "cloudwatch_service.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "cloudwatch_input.h"
#include "lambda_service.h"
#include "sns_service.h"
#include "wire.h"
#include "state_codec.h"

namespace drh::fake {

using cw::Alarm;
using json = nlohmann::json;

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}


bool is_anomaly_operator(std::string_view op) {
  return op == "LessThanLowerOrGreaterThanUpperThreshold" || op == "LessThanLowerThreshold" ||
         op == "GreaterThanUpperThreshold";
}

void check_enum(const std::string& value, std::string_view member,
                std::initializer_list<std::string_view> allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string set;
  for (std::string_view a : allowed) set += (set.empty() ? "" : ", ") + std::string(a);
  cw::validation("1 validation error detected: Value '" + value + "' at '" + std::string(member) +
                 "' failed to satisfy constraint: Member must satisfy enum value set: [" + set +
                 "]");
}

[[noreturn]] void null_member(std::string_view member) {
  cw::validation("1 validation error detected: Value null at '" + std::string(member) +
                 "' failed to satisfy constraint: Member must not be null");
}

// An action ARN: "arn:<partition>:<service>:<region>:<account>:<resource>".
void check_arn(const std::string& arn) {
  std::size_t colons = static_cast<std::size_t>(std::count(arn.begin(), arn.end(), ':'));
  if (!arn.starts_with("arn:") || colons < 5) cw::validation("Invalid arn syntax: " + arn);
}

std::vector<std::string> string_list(const json& in, std::string_view name, std::size_t max) {
  std::vector<std::string> out;
  for (const json& e : cw::list(in, name)) {
    if (!e.is_string()) cw::invalid_value("The parameter " + std::string(name) + " must list strings.");
    out.push_back(e.get<std::string>());
  }
  if (out.size() > max) {
    cw::invalid_value("The collection " + std::string(name) + " must not have a size greater than " +
                      std::to_string(max) + ".");
  }
  return out;
}

std::string region_long_name(std::string_view region) {
  static const std::map<std::string_view, std::string_view> kNames = {
      {"us-east-1", "US East (N. Virginia)"},   {"us-east-2", "US East (Ohio)"},
      {"us-west-1", "US West (N. California)"}, {"us-west-2", "US West (Oregon)"},
      {"eu-west-1", "EU (Ireland)"},            {"eu-west-2", "EU (London)"},
      {"eu-central-1", "EU (Frankfurt)"},       {"ap-southeast-1", "Asia Pacific (Singapore)"},
      {"ap-southeast-2", "Asia Pacific (Sydney)"}, {"ap-northeast-1", "Asia Pacific (Tokyo)"}};
  auto it = kNames.find(region);
  return it == kNames.end() ? std::string(region) : std::string(it->second);
}

// "2026-01-01T00:00:00.000+0000", as alarm notifications write times.
std::string notification_time(TimePoint t) {
  std::string s = iso_time(t);
  s.pop_back();
  return s + "+0000";
}

// The PutMetricAlarm input, normalised to typed members and checked as CloudWatch does.
json normalize_alarm(const json& in) {
  json c = json::object();
  const std::string name = cw::required_str(in, "AlarmName");
  if (name.empty() || name.size() > 255) {
    cw::validation("1 validation error detected: Value '" + name +
                   "' at 'alarmName' failed to satisfy constraint: Member must have length "
                   "between 1 and 255");
  }
  c["AlarmName"] = name;
  if (auto d = cw::str(in, "AlarmDescription")) {
    if (d->size() > 1024) {
      cw::validation("1 validation error detected: Value at 'alarmDescription' failed to satisfy "
                     "constraint: Member must have length less than or equal to 1024");
    }
    c["AlarmDescription"] = *d;
  }
  c["ActionsEnabled"] = cw::boolean(in, "ActionsEnabled", "ActionsEnabled").value_or(true);
  for (const char* list : {"OKActions", "AlarmActions", "InsufficientDataActions"}) {
    std::vector<std::string> arns = string_list(in, list, 5);
    for (const auto& arn : arns) check_arn(arn);
    c[list] = arns;
  }

  const bool has_metrics = !cw::list(in, "Metrics").empty();
  const bool has_single = in.contains("MetricName") || in.contains("Namespace") ||
                          in.contains("Statistic") || in.contains("ExtendedStatistic") ||
                          in.contains("Period") || in.contains("Unit") ||
                          !cw::list(in, "Dimensions").empty();
  if (has_metrics && has_single) {
    cw::invalid_combination("The Metrics list cannot be used together with MetricName, Namespace, "
                            "Statistic, ExtendedStatistic, Dimensions, Period or Unit.");
  }
  if (!has_metrics) {
    c["MetricName"] = cw::required_str(in, "MetricName");
    c["Namespace"] = cw::required_str(in, "Namespace");
    auto stat = cw::str(in, "Statistic");
    auto ext = cw::str(in, "ExtendedStatistic");
    if (stat.has_value() == ext.has_value()) {
      cw::invalid_combination("Exactly one of the parameters Statistic and ExtendedStatistic must "
                              "be specified.");
    }
    if (stat) {
      check_enum(*stat, "statistic", {"SampleCount", "Average", "Sum", "Minimum", "Maximum"});
      c["Statistic"] = *stat;
    } else {
      if (!cw::percentile(*ext)) {
        cw::invalid_value("The value " + *ext + " for parameter ExtendedStatistic is not "
                          "supported (drharness's fake computes pNN percentiles).");
      }
      c["ExtendedStatistic"] = *ext;
    }
    c["Dimensions"] = cw::dimensions_json(cw::dimensions(in, "Dimensions"));
    auto period = cw::integer(in, "Period", "Period");
    if (!period) null_member("period");
    if (*period < 1 || (*period >= 60 ? *period % 60 != 0
                                      : *period != 10 && *period != 20 && *period != 30)) {
      cw::invalid_value("The parameter Period must be 10, 20, 30 or a multiple of 60.");
    }
    c["Period"] = *period;
    if (auto unit = cw::str(in, "Unit")) {
      if (!cw::valid_unit(*unit)) {
        cw::validation("1 validation error detected: Value '" + *unit +
                       "' at 'unit' failed to satisfy constraint: Member must satisfy enum value "
                       "set of the CloudWatch standard units");
      }
      c["Unit"] = *unit;
    }
  } else {
    json queries = json::array();
    const std::vector<json> list = cw::list(in, "Metrics");
    int returning = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
      json q = cw::normalize_metric_query(list[i], "Metrics.member." + std::to_string(i + 1));
      if (q.value("ReturnData", true)) ++returning;
      queries.push_back(std::move(q));
    }
    if (returning != 1) {
      cw::validation("Exactly one element of the metrics list should return data.");
    }
    c["Dimensions"] = json::array();
    c["Metrics"] = std::move(queries);
  }

  auto periods = cw::integer(in, "EvaluationPeriods", "EvaluationPeriods");
  if (!periods) null_member("evaluationPeriods");
  if (*periods < 1) {
    cw::validation("1 validation error detected: Value '" + std::to_string(*periods) +
                   "' at 'evaluationPeriods' failed to satisfy constraint: Member must have "
                   "value greater than or equal to 1");
  }
  c["EvaluationPeriods"] = *periods;
  if (auto m = cw::integer(in, "DatapointsToAlarm", "DatapointsToAlarm")) {
    if (*m < 1 || *m > *periods) {
      cw::validation("DatapointsToAlarm must be between 1 and EvaluationPeriods (" +
                     std::to_string(*periods) + ").");
    }
    c["DatapointsToAlarm"] = *m;
  }
  auto op = cw::str(in, "ComparisonOperator");
  if (!op) null_member("comparisonOperator");
  check_enum(*op, "comparisonOperator",
             {"GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold",
              "LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold",
              "LessThanLowerThreshold", "GreaterThanUpperThreshold"});
  c["ComparisonOperator"] = *op;
  auto threshold = cw::number(in, "Threshold", "Threshold");
  auto threshold_id = cw::str(in, "ThresholdMetricId");
  if (is_anomaly_operator(*op)) {
    if (!threshold_id || !has_metrics) {
      cw::invalid_combination("Comparison operator " + *op + " requires ThresholdMetricId and "
                              "a Metrics list with the anomaly detection band.");
    }
    if (threshold) {
      cw::invalid_combination("Threshold cannot be specified with comparison operator " + *op + ".");
    }
    c["ThresholdMetricId"] = *threshold_id;
  } else {
    if (!threshold) {
      cw::invalid_combination("Threshold is required with comparison operator " + *op + ".");
    }
    if (threshold_id) {
      cw::invalid_combination("ThresholdMetricId can only be used with the anomaly detection "
                              "comparison operators.");
    }
    c["Threshold"] = *threshold;
  }
  if (auto tmd = cw::str(in, "TreatMissingData")) {
    if (*tmd != "breaching" && *tmd != "notBreaching" && *tmd != "ignore" && *tmd != "missing") {
      cw::validation("The value " + *tmd + " for parameter TreatMissingData is invalid: it must "
                     "be breaching, notBreaching, ignore or missing.");
    }
    c["TreatMissingData"] = *tmd;
  }
  if (auto low = cw::str(in, "EvaluateLowSampleCountPercentile")) {
    if (*low != "evaluate" && *low != "ignore") {
      cw::validation("The value " + *low + " for parameter EvaluateLowSampleCountPercentile is "
                     "invalid: it must be evaluate or ignore.");
    }
    if (!c.contains("ExtendedStatistic")) {
      cw::invalid_combination("EvaluateLowSampleCountPercentile can only be used with a "
                              "percentile ExtendedStatistic.");
    }
    c["EvaluateLowSampleCountPercentile"] = *low;
  }
  return c;
}

std::vector<std::pair<std::string, std::string>> parse_tags(const json& in, std::string_view name) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::vector<json> tags = cw::list(in, name);
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const std::string p = std::string(name) + ".member." + std::to_string(i + 1);
    if (!tags[i].is_object()) cw::invalid_value("The parameter " + p + " must be a structure.");
    auto key = cw::str(tags[i], "Key");
    auto value = cw::str(tags[i], "Value");
    if (!key || key->empty()) cw::missing(p + ".Key");
    if (!value) cw::missing(p + ".Value");
    out.emplace_back(*key, *value);
  }
  return out;
}

json tags_json(const json& config) {
  json out = json::array();
  for (const json& kv : config.value("Tags", json::array())) {
    out.push_back({{"Key", kv.at(0)}, {"Value", kv.at(1)}});
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------- dispatch

HttpResponse CloudWatchService::handle(Call& call) {
  static const std::map<std::string, Handler, std::less<>> kOps = {
      {"PutMetricAlarm", &CloudWatchService::put_metric_alarm},
      {"DescribeAlarms", &CloudWatchService::describe_alarms},
      {"DescribeAlarmHistory", &CloudWatchService::describe_alarm_history},
      {"SetAlarmState", &CloudWatchService::set_alarm_state},
      {"DeleteAlarms", &CloudWatchService::delete_alarms},
      {"EnableAlarmActions", &CloudWatchService::enable_alarm_actions},
      {"DisableAlarmActions", &CloudWatchService::disable_alarm_actions},
      {"ListTagsForResource", &CloudWatchService::list_tags_for_resource},
      {"TagResource", &CloudWatchService::tag_resource},
      {"UntagResource", &CloudWatchService::untag_resource},
      {"PutMetricData", &CloudWatchService::put_metric_data},
      {"GetMetricStatistics", &CloudWatchService::get_metric_statistics},
      {"GetMetricData", &CloudWatchService::get_metric_data},
      {"ListMetrics", &CloudWatchService::list_metrics},
  };
  try {
    auto it = kOps.find(call.operation);
    if (it == kOps.end()) {
      if (call.protocol == Protocol::kJson) {
        fail(400, "UnknownOperationException",
             "drharness's fake CloudWatch does not serve the operation '" + call.operation + "'");
      }
      fail(400, "InvalidAction",
           "Could not find operation " + call.operation +
               " for version 2010-08-01 (drharness's fake CloudWatch does not serve it)");
    }
    const json in = cw::read_input(call);
    return cw::write_output(call, (this->*it->second)(call, in));
  } catch (const ApiError& e) {
    return cw::write_error(call, e);
  } catch (const json::exception& e) {
    return cw::write_error(call, ApiError{400, "SerializationException", e.what(), true});
  }
}

const Alarm* CloudWatchService::find_alarm(std::string_view region, std::string_view name) const {
  auto r = regions_.find(region);
  if (r == regions_.end()) return nullptr;
  auto a = r->second.alarms.find(name);
  return a == r->second.alarms.end() ? nullptr : &a->second;
}

void CloudWatchService::add_history(cw::Region& r, std::string_view alarm, std::string type,
                                    std::string summary, std::string data, TimePoint at) {
  cw::HistoryItem h;
  h.alarm_name = std::string(alarm);
  h.at = at;
  h.type = std::move(type);
  h.summary = std::move(summary);
  h.data = std::move(data);
  h.seq = ++seq_;
  r.history.push_back(std::move(h));
}

json CloudWatchService::describe_alarm(const Alarm& a) const {
  const json& c = a.config;
  json out = json::object();
  out["AlarmName"] = c["AlarmName"];
  out["AlarmArn"] = a.arn;
  if (c.contains("AlarmDescription")) out["AlarmDescription"] = c["AlarmDescription"];
  out["AlarmConfigurationUpdatedTimestamp"] = epoch_seconds(a.config_updated);
  out["ActionsEnabled"] = c["ActionsEnabled"];
  out["OKActions"] = c["OKActions"];
  out["AlarmActions"] = c["AlarmActions"];
  out["InsufficientDataActions"] = c["InsufficientDataActions"];
  out["StateValue"] = a.state;
  out["StateReason"] = a.state_reason;
  if (!a.state_reason_data.empty()) out["StateReasonData"] = a.state_reason_data;
  out["StateUpdatedTimestamp"] = epoch_seconds(a.state_updated);
  for (const char* m : {"MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Dimensions",
                        "Period", "Unit", "EvaluationPeriods", "DatapointsToAlarm", "Threshold",
                        "ComparisonOperator", "TreatMissingData",
                        "EvaluateLowSampleCountPercentile", "Metrics", "ThresholdMetricId"}) {
    if (c.contains(m)) out[m] = c[m];
  }
  out["StateTransitionedTimestamp"] = epoch_seconds(a.state_transitioned);
  return out;
}

// ---------------------------------------------------------------- alarms

json CloudWatchService::put_metric_alarm(Call& call, const json& in) {
  json config = normalize_alarm(in);
  auto tags = parse_tags(in, "Tags");
  const std::string name = config["AlarmName"].get<std::string>();
  const TimePoint now = core_.clock.now();
  cw::Region& r = regions_[call.region];
  auto it = r.alarms.find(name);
  const bool created = it == r.alarms.end();
  if (created) {
    Alarm a;
    a.arn = "arn:aws:cloudwatch:" + call.region + ":" + call.account + ":alarm:" + name;
    a.state = "INSUFFICIENT_DATA";
    a.state_reason = "Unchecked: Initial alarm creation";
    a.state_updated = now;
    a.state_transitioned = now;
    json t = json::array();
    for (auto& [k, v] : tags) t.push_back({k, v});
    config["Tags"] = std::move(t);
    it = r.alarms.emplace(name, std::move(a)).first;
    ensure_evaluation_task();
  } else {
    // An update replaces the configuration; the state stays, tags are ignored (as on AWS).
    config["Tags"] = it->second.config.value("Tags", json::array());
  }
  Alarm& a = it->second;
  a.config = std::move(config);
  a.config_updated = now;
  json described = describe_alarm(a);
  described.erase("StateValue");
  described.erase("StateReason");
  described.erase("StateReasonData");
  described.erase("StateUpdatedTimestamp");
  described.erase("StateTransitionedTimestamp");
  described.erase("AlarmConfigurationUpdatedTimestamp");
  json data = {{"version", "1.0"}, {"type", created ? "Create" : "Update"},
               {created ? "createdAlarm" : "updatedAlarm", described}};
  add_history(r, name, "ConfigurationUpdate",
              "Alarm \"" + name + "\" " + (created ? "created" : "updated"), data.dump(), now);
  return nullptr;
}

json CloudWatchService::describe_alarms(Call& call, const json& in) {
  const std::vector<std::string> names = string_list(in, "AlarmNames", 100);
  const auto prefix = cw::str(in, "AlarmNamePrefix");
  if (!names.empty() && prefix) {
    cw::invalid_combination("AlarmNames and AlarmNamePrefix cannot be specified together.");
  }
  bool metric_alarms = true;
  const std::vector<std::string> types = string_list(in, "AlarmTypes", 2);
  if (!types.empty()) {
    metric_alarms = false;
    for (const auto& t : types) {
      check_enum(t, "alarmTypes", {"CompositeAlarm", "MetricAlarm"});
      if (t == "MetricAlarm") metric_alarms = true;
    }
  }
  const auto state = cw::str(in, "StateValue");
  if (state) check_enum(*state, "stateValue", {"OK", "ALARM", "INSUFFICIENT_DATA"});
  const auto action_prefix = cw::str(in, "ActionPrefix");
  const long long max = cw::integer(in, "MaxRecords", "MaxRecords").value_or(50);
  if (max < 1 || max > 100) cw::invalid_value("The parameter MaxRecords must be between 1 and 100.");
  std::string after;
  if (auto token = cw::str(in, "NextToken")) {
    json p = cw::read_token(*token);
    if (!p.is_object() || !p.contains("alarm") || !p["alarm"].is_string()) {
      fail(400, "InvalidNextToken", "The service returned an invalid next token: " + *token);
    }
    after = p["alarm"].get<std::string>();
  }
  // Children and parents are composite alarm relations; the fake has no composite
  // alarms, so those filters match nothing.
  const bool relation = in.contains("ChildrenOfAlarmName") || in.contains("ParentsOfAlarmName");

  json metric = json::array();
  std::string next;
  auto r = regions_.find(call.region);
  if (r != regions_.end() && metric_alarms && !relation) {
    for (auto it = r->second.alarms.upper_bound(after); it != r->second.alarms.end(); ++it) {
      const Alarm& a = it->second;
      if (!names.empty() && std::find(names.begin(), names.end(), it->first) == names.end()) {
        continue;
      }
      if (prefix && !it->first.starts_with(*prefix)) continue;
      if (state && a.state != *state) continue;
      if (action_prefix) {
        bool match = false;
        for (const char* l : {"OKActions", "AlarmActions", "InsufficientDataActions"}) {
          for (const json& arn : a.config[l]) {
            if (arn.get_ref<const std::string&>().starts_with(*action_prefix)) match = true;
          }
        }
        if (!match) continue;
      }
      if (metric.size() == static_cast<std::size_t>(max)) {
        next = cw::make_token({{"alarm", metric.back()["AlarmName"]}});
        break;
      }
      metric.push_back(describe_alarm(a));
    }
  }
  json out = {{"MetricAlarms", std::move(metric)}, {"CompositeAlarms", json::array()}};
  if (!next.empty()) out["NextToken"] = next;
  return out;
}

json CloudWatchService::describe_alarm_history(Call& call, const json& in) {
  const auto name = cw::str(in, "AlarmName");
  bool metric_alarms = true;
  const std::vector<std::string> types = string_list(in, "AlarmTypes", 2);
  if (!types.empty()) {
    metric_alarms = false;
    for (const auto& t : types) {
      check_enum(t, "alarmTypes", {"CompositeAlarm", "MetricAlarm"});
      if (t == "MetricAlarm") metric_alarms = true;
    }
  }
  const auto type = cw::str(in, "HistoryItemType");
  if (type) {
    check_enum(*type, "historyItemType",
               {"ConfigurationUpdate", "StateUpdate", "Action", "AlarmContributorStateUpdate",
                "AlarmContributorAction"});
  }
  const auto start = cw::time(in, "StartDate", "StartDate");
  const auto end = cw::time(in, "EndDate", "EndDate");
  const auto scan = cw::str(in, "ScanBy").value_or("TimestampDescending");
  check_enum(scan, "scanBy", {"TimestampDescending", "TimestampAscending"});
  const long long max = cw::integer(in, "MaxRecords", "MaxRecords").value_or(100);
  if (max < 1 || max > 100) cw::invalid_value("The parameter MaxRecords must be between 1 and 100.");
  std::optional<std::uint64_t> after;
  if (auto token = cw::str(in, "NextToken")) {
    json p = cw::read_token(*token);
    if (!p.is_object() || !p.contains("history") || !p["history"].is_number_unsigned()) {
      fail(400, "InvalidNextToken", "The service returned an invalid next token: " + *token);
    }
    after = p["history"].get<std::uint64_t>();
  }
  const bool descending = scan == "TimestampDescending";

  json items = json::array();
  std::string next;
  auto r = regions_.find(call.region);
  if (r != regions_.end() && metric_alarms) {
    const auto& history = r->second.history;
    // History is appended in time order, so scanning the vector backwards is descending.
    auto visit = [&](const cw::HistoryItem& h) {
      if (name && h.alarm_name != *name) return true;
      if (type && h.type != *type) return true;
      if (start && h.at < *start) return true;
      if (end && h.at > *end) return true;
      if (items.size() == static_cast<std::size_t>(max)) {
        next = cw::make_token({{"history", items.back()["__seq"]}});
        return false;
      }
      items.push_back({{"AlarmName", h.alarm_name},
                       {"AlarmType", h.alarm_type},
                       {"Timestamp", epoch_seconds(h.at)},
                       {"HistoryItemType", h.type},
                       {"HistorySummary", h.summary},
                       {"HistoryData", h.data},
                       {"__seq", h.seq}});
      return true;
    };
    if (descending) {
      for (auto it = history.rbegin(); it != history.rend(); ++it) {
        if (after && it->seq >= *after) continue;
        if (!visit(*it)) break;
      }
    } else {
      for (const auto& h : history) {
        if (after && h.seq <= *after) continue;
        if (!visit(h)) break;
      }
    }
  }
  for (json& i : items) i.erase("__seq");
  json out = {{"AlarmHistoryItems", std::move(items)}};
  if (!next.empty()) out["NextToken"] = next;
  return out;
}

json CloudWatchService::set_alarm_state(Call& call, const json& in) {
  const std::string name = cw::required_str(in, "AlarmName");
  const std::string value = cw::required_str(in, "StateValue");
  check_enum(value, "stateValue", {"OK", "ALARM", "INSUFFICIENT_DATA"});
  const std::string reason = cw::required_str(in, "StateReason");
  if (reason.size() > 1023) {
    cw::validation("1 validation error detected: Value at 'stateReason' failed to satisfy "
                   "constraint: Member must have length less than or equal to 1023");
  }
  const std::string data = cw::str(in, "StateReasonData").value_or("");
  if (!data.empty() && !json::accept(data)) {
    fail(400, "InvalidFormat", "StateReasonData is not valid JSON: " + data.substr(0, 64));
  }
  auto r = regions_.find(call.region);
  Alarm* a = nullptr;
  if (r != regions_.end()) {
    auto it = r->second.alarms.find(name);
    if (it != r->second.alarms.end()) a = &it->second;
  }
  if (!a) fail(404, "ResourceNotFound", "Alarm " + name + " not found");
  set_state(call.region, *a, value, reason, data);
  return nullptr;
}

void CloudWatchService::set_state(std::string_view region, Alarm& a, const std::string& value,
                                  const std::string& reason, const std::string& reason_data) {
  const TimePoint now = core_.clock.now();
  const std::string old_state = a.state;
  const std::string old_reason = a.state_reason;
  a.state_reason = reason;
  a.state_reason_data = reason_data;
  a.state_updated = now;
  if (value == old_state) return;
  a.state = value;
  if (value == "OK" || value == "ALARM") a.last_decided_state = value;
  a.state_transitioned = now;
  const std::string name = a.config["AlarmName"].get<std::string>();
  json new_state = {{"stateValue", value}, {"stateReason", reason}};
  if (!reason_data.empty()) new_state["stateReasonData"] = json::parse(reason_data);
  json data = {{"version", "1.0"},
               {"oldState", {{"stateValue", old_state}, {"stateReason", old_reason}}},
               {"newState", new_state}};
  add_history(regions_[std::string(region)], name, "StateUpdate",
              "Alarm updated from " + old_state + " to " + value, data.dump(), now);
  run_actions(region, a, old_state);
}

void CloudWatchService::run_actions(std::string_view region, Alarm& a,
                                    const std::string& old_state) {
  if (!a.config.value("ActionsEnabled", true)) return;
  const char* list = a.state == "ALARM" ? "AlarmActions"
                     : a.state == "OK"  ? "OKActions"
                                        : "InsufficientDataActions";
  const std::string name = a.config["AlarmName"].get<std::string>();
  const TimePoint now = core_.clock.now();
  cw::Region& r = regions_[std::string(region)];
  for (const json& arn_json : a.config[list]) {
    const std::string arn = arn_json.get<std::string>();
    bool ok = false;
    std::string error;
    json data = {{"actionState", "Failed"},
                 {"stateUpdateTimestamp", to_ns(now) / 1000000},
                 {"notificationResource", arn}};
    if (arn.starts_with("arn:aws:sns:")) {
      // The notification CloudWatch publishes: the alarm, its transition and its trigger.
      json trigger = json::object();
      const json& c = a.config;
      if (c.contains("MetricName")) {
        trigger = {{"MetricName", c["MetricName"]},
                   {"Namespace", c["Namespace"]},
                   {"StatisticType", c.contains("Statistic") ? "Statistic" : "ExtendedStatistic"},
                   // Notifications name standard statistics in upper case ("AVERAGE").
                   {"Statistic", c.contains("Statistic")
                                     ? json(upper(c["Statistic"].get<std::string>()))
                                     : c["ExtendedStatistic"]},
                   {"Unit", c.contains("Unit") ? c["Unit"] : json(nullptr)},
                   {"Dimensions", json::array()},
                   {"Period", c["Period"]},
                   {"EvaluationPeriods", c["EvaluationPeriods"]},
                   {"ComparisonOperator", c["ComparisonOperator"]},
                   {"Threshold", c.value("Threshold", 0.0)},
                   // As delivered notifications spell it.
                   {"TreatMissingData", "- TreatMissingData:                    " +
                                            c.value("TreatMissingData", std::string("missing"))},
                   {"EvaluateLowSampleCountPercentile",
                    c.value("EvaluateLowSampleCountPercentile", "")}};
        for (const json& d : c["Dimensions"]) {
          trigger["Dimensions"].push_back({{"value", d["Value"]}, {"name", d["Name"]}});
        }
      } else {
        trigger = {{"Metrics", c["Metrics"]},
                   {"EvaluationPeriods", c["EvaluationPeriods"]},
                   {"ComparisonOperator", c["ComparisonOperator"]}};
      }
      json message = {{"AlarmName", name},
                      {"AlarmDescription", c.contains("AlarmDescription")
                                               ? c["AlarmDescription"]
                                               : json(nullptr)},
                      {"AWSAccountId", core_.options.account_id},
                      {"AlarmConfigurationUpdatedTimestamp", notification_time(a.config_updated)},
                      {"NewStateValue", a.state},
                      {"NewStateReason", a.state_reason},
                      {"StateChangeTime", notification_time(now)},
                      {"Region", region_long_name(region)},
                      {"AlarmArn", a.arn},
                      {"OldStateValue", old_state},
                      {"OKActions", c["OKActions"]},
                      {"AlarmActions", c["AlarmActions"]},
                      {"InsufficientDataActions", c["InsufficientDataActions"]},
                      {"Trigger", trigger}};
      std::string subject = a.state + ": \"" + name + "\" in " + region_long_name(region);
      if (subject.size() > 100) subject.resize(100);
      auto* sns = dynamic_cast<SnsService*>(core_.find("sns"));
      const std::string topic_region = arn.size() > 12 ? arn.substr(12, arn.find(':', 12) - 12) : "";
      if (topic_region != region) {
        error = "the topic is not in the alarm's region " + std::string(region);
      } else if (!sns) {
        error = "SNS is not available";
      } else if (auto id = sns->publish_internal(region, arn, subject, message.dump())) {
        ok = true;
        data["publishedMessage"] = {{"id", *id}};
      } else {
        error = "Topic does not exist";
      }
    } else if (arn.starts_with("arn:aws:lambda:")) {
      auto* lambda = dynamic_cast<LambdaService*>(core_.find("lambda"));
      json event = {{"source", "aws.cloudwatch"},
                    {"alarmArn", a.arn},
                    {"accountId", core_.options.account_id},
                    {"time", iso_time(now)},
                    {"region", std::string(region)},
                    {"alarmData",
                     {{"alarmName", name},
                      {"state", {{"value", a.state}, {"reason", a.state_reason},
                                 {"timestamp", iso_time(now)}}},
                      {"previousState", {{"value", old_state}}},
                      {"configuration", {{"description", a.config.value("AlarmDescription", "")}}}}}};
      if (!lambda) {
        error = "Lambda is not available";
      } else if (auto e = lambda->invoke_internal(region, arn, event.dump()); e.empty()) {
        ok = true;
      } else {
        error = e;
      }
    } else {
      error = "drharness's fake runs SNS topic and Lambda function alarm actions only";
    }
    if (ok) data["actionState"] = "Succeeded";
    if (!error.empty()) data["error"] = error;
    add_history(r, name, "Action",
                (ok ? "Successfully executed action " : "Failed to execute action ") + arn,
                data.dump(), now);
  }
}

json CloudWatchService::delete_alarms(Call& call, const json& in) {
  const std::vector<std::string> names = string_list(in, "AlarmNames", 100);
  if (names.empty()) cw::missing("AlarmNames");
  // Names that match no alarm are skipped; the others are deleted (as on AWS). The
  // history outlives the alarm.
  cw::Region& r = regions_[call.region];
  const TimePoint now = core_.clock.now();
  for (const std::string& n : names) {
    auto it = r.alarms.find(n);
    if (it == r.alarms.end()) continue;
    json data = {{"version", "1.0"}, {"type", "Delete"}, {"deletedAlarm", describe_alarm(it->second)}};
    r.alarms.erase(it);
    add_history(r, n, "ConfigurationUpdate", "Alarm \"" + n + "\" deleted", data.dump(), now);
  }
  return nullptr;
}

json CloudWatchService::enable_alarm_actions(Call& call, const json& in) {
  cw::Region& r = regions_[call.region];
  for (const std::string& n : string_list(in, "AlarmNames", 100)) {
    if (auto it = r.alarms.find(n); it != r.alarms.end()) it->second.config["ActionsEnabled"] = true;
  }
  return nullptr;
}

json CloudWatchService::disable_alarm_actions(Call& call, const json& in) {
  cw::Region& r = regions_[call.region];
  for (const std::string& n : string_list(in, "AlarmNames", 100)) {
    if (auto it = r.alarms.find(n); it != r.alarms.end()) it->second.config["ActionsEnabled"] = false;
  }
  return nullptr;
}

namespace {

Alarm& alarm_by_arn(std::map<std::string, cw::Region, std::less<>>& regions, const Call& call,
                    const std::string& arn) {
  const std::string prefix = "arn:aws:cloudwatch:" + call.region + ":" + call.account + ":alarm:";
  if (arn.starts_with(prefix)) {
    auto r = regions.find(call.region);
    if (r != regions.end()) {
      auto it = r->second.alarms.find(arn.substr(prefix.size()));
      if (it != r->second.alarms.end()) return it->second;
    }
  }
  fail(404, "ResourceNotFoundException", "The resource " + arn + " does not exist");
}

}  // namespace

json CloudWatchService::list_tags_for_resource(Call& call, const json& in) {
  const Alarm& a = alarm_by_arn(regions_, call, cw::required_str(in, "ResourceARN"));
  return {{"Tags", tags_json(a.config)}};
}

json CloudWatchService::tag_resource(Call& call, const json& in) {
  Alarm& a = alarm_by_arn(regions_, call, cw::required_str(in, "ResourceARN"));
  json& tags = a.config["Tags"];
  if (!tags.is_array()) tags = json::array();
  for (auto& [k, v] : parse_tags(in, "Tags")) {
    bool replaced = false;
    for (json& kv : tags) {
      if (kv[0] == k) {
        kv[1] = v;
        replaced = true;
      }
    }
    if (!replaced) tags.push_back({k, v});
  }
  return nullptr;
}

json CloudWatchService::untag_resource(Call& call, const json& in) {
  Alarm& a = alarm_by_arn(regions_, call, cw::required_str(in, "ResourceARN"));
  json& tags = a.config["Tags"];
  for (const std::string& k : string_list(in, "TagKeys", 50)) {
    json kept = json::array();
    for (const json& kv : tags) {
      if (kv[0] != k) kept.push_back(kv);
    }
    tags = std::move(kept);
  }
  return nullptr;
}

// ---------------------------------------------------------------- state

CloudWatchService::~CloudWatchService() {
  if (evaluation_task_ != 0) core_.clock.cancel(evaluation_task_);
}

void CloudWatchService::reset() {
  if (evaluation_task_ != 0) core_.clock.cancel(evaluation_task_);
  evaluation_task_ = 0;
  regions_.clear();
  seq_ = 0;
}

void CloudWatchService::set_max_evaluation_interval(std::chrono::seconds interval) {
  const auto tick = kAlarmEvaluationTick.count();
  max_interval_ = std::chrono::seconds(std::max<long long>(tick, interval.count() / tick * tick));
}

void CloudWatchService::ensure_evaluation_task() {
  if (evaluation_task_ != 0) return;
  // Ticks on whole multiples of the tick since the epoch, as CloudWatch's periods are.
  const auto tick = std::chrono::duration_cast<Duration>(kAlarmEvaluationTick);
  const Duration since = core_.clock.now().time_since_epoch();
  const Duration first = tick - since % tick;
  evaluation_task_ = core_.clock.schedule_every(
      tick, [this] { run_evaluations(); }, "cloudwatch alarm evaluation", first);
}

void CloudWatchService::run_evaluations() {
  std::lock_guard lock(core_.mutex);
  const TimePoint now = core_.clock.now();
  const long long now_s =
      std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
  for (auto& [region, r] : regions_) {
    // A region that is out evaluates nothing (its alarms keep their state).
    if (core_.faults.region_down(region, now)) continue;
    std::vector<std::string> due;
    for (const auto& [name, a] : r.alarms) {
      const long long period = a.config.value("Period", 60LL);
      const long long every = std::max<long long>(
          kAlarmEvaluationTick.count(), std::min<long long>(period, max_interval_.count()));
      if (now_s % every == 0) due.push_back(name);
    }
    for (const std::string& name : due) {
      auto e = evaluate_alarm(region, name, now);
      auto it = r.alarms.find(name);
      if (!e || it == r.alarms.end() || e->state == it->second.state) continue;
      set_state(region, it->second, e->state, e->reason, e->reason_data);
    }
  }
}

void CloudWatchService::save(json& out) const {
  out["seq"] = seq_;
  json regions = json::object();
  for (const auto& [region, r] : regions_) {
    json alarms = json::array();
    for (const auto& [name, a] : r.alarms) {
      alarms.push_back({{"config", a.config},
                        {"arn", a.arn},
                        {"state", a.state},
                        {"state_reason", a.state_reason},
                        {"state_reason_data", a.state_reason_data},
                        {"state_updated_ns", to_ns(a.state_updated)},
                        {"state_transitioned_ns", to_ns(a.state_transitioned)},
                        {"config_updated_ns", to_ns(a.config_updated)},
                        {"last_decided_state", a.last_decided_state}});
    }
    json history = json::array();
    for (const auto& h : r.history) {
      history.push_back({{"alarm", h.alarm_name},
                         {"alarm_type", h.alarm_type},
                         {"at_ns", to_ns(h.at)},
                         {"type", h.type},
                         {"summary", h.summary},
                         {"data", h.data},
                         {"seq", h.seq}});
    }
    json metrics = json::array();
    for (const auto& [key, series] : r.metrics) {
      json dims = json::array();
      for (const auto& d : key.dims) dims.push_back({d.name, d.value});
      json samples = json::array();
      for (const auto& s : series.samples) {
        json values = json::array();
        for (const auto& [v, n] : s.values) values.push_back({v, n});
        samples.push_back({{"at_ns", to_ns(s.at)}, {"count", s.count}, {"sum", s.sum},
                           {"min", s.min}, {"max", s.max}, {"values", std::move(values)},
                           {"unit", s.unit}});
      }
      metrics.push_back({{"namespace", key.ns}, {"name", key.name}, {"dimensions", std::move(dims)},
                         {"samples", std::move(samples)}});
    }
    regions[region] = {{"alarms", std::move(alarms)},
                       {"history", std::move(history)},
                       {"metrics", std::move(metrics)}};
  }
  out["regions"] = std::move(regions);
}

void CloudWatchService::load(const json& in) {
  reset();
  auto bad = [](const std::string& why) { fail(400, "InvalidState", "cloudwatch: " + why); };
  if (!in.is_object()) bad("expected an object");
  try {
    seq_ = in.value("seq", std::uint64_t{0});
    // Named, so the document outlives the loop over its items.
    const json regions = in.value("regions", json::object());
    for (const auto& [region, rj] : regions.items()) {
      cw::Region& r = regions_[region];
      for (const json& aj : rj.value("alarms", json::array())) {
        Alarm a;
        // The stored configuration passes the same checks as a PutMetricAlarm.
        json tags = aj.at("config").value("Tags", json::array());
        a.config = normalize_alarm(aj.at("config"));
        a.config["Tags"] = std::move(tags);
        a.arn = aj.at("arn").get<std::string>();
        a.state = aj.at("state").get<std::string>();
        a.state_reason = aj.value("state_reason", "");
        a.state_reason_data = aj.value("state_reason_data", "");
        a.state_updated = from_ns(aj.value("state_updated_ns", 0LL));
        a.state_transitioned = from_ns(aj.value("state_transitioned_ns", 0LL));
        a.config_updated = from_ns(aj.value("config_updated_ns", 0LL));
        a.last_decided_state = aj.value("last_decided_state", "");
        std::string name = a.config["AlarmName"].get<std::string>();
        r.alarms.emplace(std::move(name), std::move(a));
      }
      for (const json& hj : rj.value("history", json::array())) {
        cw::HistoryItem h;
        h.alarm_name = hj.at("alarm").get<std::string>();
        h.alarm_type = hj.value("alarm_type", "MetricAlarm");
        h.at = from_ns(hj.at("at_ns").get<long long>());
        h.type = hj.at("type").get<std::string>();
        h.summary = hj.value("summary", "");
        h.data = hj.value("data", "");
        h.seq = hj.at("seq").get<std::uint64_t>();
        r.history.push_back(std::move(h));
      }
      for (const json& mj : rj.value("metrics", json::array())) {
        cw::MetricKey key;
        key.ns = mj.at("namespace").get<std::string>();
        key.name = mj.at("name").get<std::string>();
        for (const json& d : mj.value("dimensions", json::array())) {
          key.dims.push_back({d.at(0).get<std::string>(), d.at(1).get<std::string>()});
        }
        cw::Series& series = r.metrics[key];
        for (const json& sj : mj.value("samples", json::array())) {
          cw::Sample s;
          s.at = from_ns(sj.at("at_ns").get<long long>());
          s.count = sj.at("count").get<double>();
          s.sum = sj.at("sum").get<double>();
          s.min = sj.at("min").get<double>();
          s.max = sj.at("max").get<double>();
          for (const json& v : sj.value("values", json::array())) {
            s.values.emplace_back(v.at(0).get<double>(), v.at(1).get<double>());
          }
          s.unit = sj.value("unit", "");
          series.samples.push_back(std::move(s));
        }
      }
    }
  } catch (const json::exception& e) {
    bad(e.what());
  } catch (const ApiError& e) {
    bad(e.message);
  }
  // Evaluation goes on in the loaded world.
  for (const auto& [region, r] : regions_) {
    if (!r.alarms.empty()) ensure_evaluation_task();
  }
}

std::unique_ptr<Service> make_cloudwatch_service(FakeCloud::Core& core) {
  return std::make_unique<CloudWatchService>(core);
}

}  // namespace drh::fake
