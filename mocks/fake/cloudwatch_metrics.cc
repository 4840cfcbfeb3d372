// CloudWatch in the fake: metric data (PutMetricData, GetMetricStatistics, GetMetricData,
// ListMetrics) and the alarm evaluation seam.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "cloudwatch_input.h"
#include "cloudwatch_service.h"
#include "wire.h"

namespace drh::fake {

using json = nlohmann::json;

namespace {

/// ListMetrics leaves out metrics without data in the last two weeks, as AWS does.
constexpr auto kListMetricsWindow = std::chrono::hours(24 * 14);
constexpr std::size_t kListMetricsPage = 500;

// Statistics over the samples of one period.
struct Aggregate {
  double count = 0;
  double sum = 0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  std::vector<std::pair<double, double>> values;  // raw values, for percentiles
  bool percentiles_possible = true;
  std::string unit;

  void add(const cw::Sample& s) {
    count += s.count;
    sum += s.sum;
    min = std::min(min, s.min);
    max = std::max(max, s.max);
    if (!s.values.empty()) {
      values.insert(values.end(), s.values.begin(), s.values.end());
    } else if (s.count == 1 || s.min == s.max) {
      // A statistic set of one value, or of equal values, still gives exact percentiles.
      values.emplace_back(s.max, s.count);
    } else {
      percentiles_possible = false;
    }
    if (unit.empty()) unit = s.unit;
  }

  std::optional<double> percentile(double p) const {
    if (!percentiles_possible || values.empty()) return std::nullopt;
    std::vector<std::pair<double, double>> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    double total = 0;
    for (const auto& [v, n] : sorted) total += n;
    if (total <= 0) return std::nullopt;
    const double rank = std::max(1.0, std::ceil(p / 100.0 * total));
    double seen = 0;
    for (const auto& [v, n] : sorted) {
      seen += n;
      if (seen >= rank) return v;
    }
    return sorted.back().first;
  }

  std::optional<double> stat(std::string_view name) const {
    if (count <= 0) return std::nullopt;
    if (name == "SampleCount") return count;
    if (name == "Sum") return sum;
    if (name == "Average") return sum / count;
    if (name == "Minimum") return min;
    if (name == "Maximum") return max;
    if (auto p = cw::percentile(name)) return percentile(*p);
    return std::nullopt;
  }
};

std::vector<cw::Dimension> sorted(std::vector<cw::Dimension> dims) {
  std::sort(dims.begin(), dims.end());
  return dims;
}

std::chrono::seconds secs(long long s) { return std::chrono::seconds(s); }

// Where the periods of a statistics request start: StartTime rounded down to the minute
// (to the second for periods under a minute).
TimePoint origin_of(TimePoint start, long long period) {
  const auto s = std::chrono::floor<std::chrono::seconds>(start.time_since_epoch()).count();
  const long long unit = period >= 60 ? 60 : 1;
  return TimePoint{} + secs(s - ((s % unit) + unit) % unit);
}

bool valid_period(long long p) {
  return p >= 60 ? p % 60 == 0 : (p == 1 || p == 5 || p == 10 || p == 20 || p == 30);
}

// Aggregates of `series` per period over [start, end), keyed by period index.
std::map<long long, Aggregate> bucket(const cw::Series* series, TimePoint origin, TimePoint end,
                                      long long period, const std::string& unit) {
  std::map<long long, Aggregate> out;
  if (!series) return out;
  auto first = std::lower_bound(series->samples.begin(), series->samples.end(), origin,
                                [](const cw::Sample& s, TimePoint t) { return s.at < t; });
  for (auto it = first; it != series->samples.end() && it->at < end; ++it) {
    if (!unit.empty() && it->unit != unit && !(unit == "None" && it->unit.empty())) continue;
    const auto offset = std::chrono::duration_cast<std::chrono::nanoseconds>(it->at - origin);
    const long long idx = offset.count() / (period * 1000000000LL);
    out[idx].add(*it);
  }
  return out;
}

double to_seconds(TimePoint t) { return epoch_seconds(t); }

std::string short_time(TimePoint t) {
  // "01/01/26 00:02:00", as alarm state reasons quote datapoints.
  const std::string iso = iso_time(t);  // 2026-01-01T00:02:00.000Z
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(2, 2) + " " +
         iso.substr(11, 8);
}

std::string format_value(double v) {
  json j = v;
  return j.dump();
}

}  // namespace

// ---------------------------------------------------------------- writing

void CloudWatchService::put_datapoint(std::string_view region, cw::MetricKey metric, TimePoint at,
                                      double value, std::string unit) {
  metric.dims = sorted(std::move(metric.dims));
  cw::Sample s;
  s.at = at;
  s.count = 1;
  s.sum = s.min = s.max = value;
  s.values.emplace_back(value, 1);
  s.unit = std::move(unit);
  auto& samples = regions_[std::string(region)].metrics[metric].samples;
  auto pos = std::upper_bound(samples.begin(), samples.end(), at,
                              [](TimePoint t, const cw::Sample& x) { return t < x.at; });
  samples.insert(pos, std::move(s));
}

json CloudWatchService::put_metric_data(Call& call, const json& in) {
  const std::string ns = cw::required_str(in, "Namespace");
  if (ns.empty() || ns.size() > 255) {
    cw::validation("1 validation error detected: Value at 'namespace' failed to satisfy "
                   "constraint: Member must have length between 1 and 255");
  }
  if (ns.starts_with("AWS/")) {
    cw::invalid_value("The value " + ns + " for parameter Namespace is invalid: the AWS/ "
                      "namespaces are reserved for AWS services.");
  }
  std::vector<json> data = cw::list(in, "MetricData");
  for (const json& e : cw::list(in, "EntityMetricData")) {
    for (const json& d : cw::list(e, "MetricData")) data.push_back(d);
  }
  if (data.empty()) cw::missing("MetricData");
  if (data.size() > 1000) {
    cw::invalid_value("The collection MetricData must not have a size greater than 1000.");
  }
  const TimePoint now = core_.clock.now();
  std::vector<std::pair<cw::MetricKey, cw::Sample>> batch;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const json& d = data[i];
    const std::string p = "MetricData.member." + std::to_string(i + 1);
    if (!d.is_object()) cw::invalid_value("The parameter " + p + " must be a structure.");
    cw::MetricKey key;
    key.ns = ns;
    key.name = cw::required_str(d, "MetricName");
    key.dims = sorted(cw::dimensions(d, p + ".Dimensions"));
    cw::Sample s;
    s.at = cw::time(d, "Timestamp", p + ".Timestamp").value_or(now);
    if (s.at > now + std::chrono::hours(2)) {
      cw::invalid_value("The parameter " + p + ".Timestamp must specify a time no more than two "
                        "hours in the future.");
    }
    if (s.at < now - std::chrono::hours(24 * 14)) {
      cw::invalid_value("The parameter " + p + ".Timestamp must specify a time within the past "
                        "two weeks.");
    }
    const auto value = cw::number(d, "Value", p + ".Value");
    const bool has_stats = d.contains("StatisticValues") && !d["StatisticValues"].is_null();
    const std::vector<json> values = cw::list(d, "Values");
    const std::vector<json> counts = cw::list(d, "Counts");
    const int given = (value ? 1 : 0) + (has_stats ? 1 : 0) + (values.empty() ? 0 : 1);
    if (given > 1) {
      cw::invalid_combination("The parameters " + p + ".Value, " + p + ".StatisticValues and " +
                              p + ".Values are mutually exclusive and you have specified more "
                              "than one.");
    }
    if (given == 0) {
      cw::invalid_combination("One of the parameters " + p + ".Value, " + p +
                              ".StatisticValues or " + p + ".Values must be specified.");
    }
    if (value) {
      s.count = 1;
      s.sum = s.min = s.max = *value;
      s.values.emplace_back(*value, 1);
    } else if (has_stats) {
      const json& sv = d["StatisticValues"];
      const std::string sp = p + ".StatisticValues";
      auto n = cw::number(sv, "SampleCount", sp + ".SampleCount");
      auto sum = cw::number(sv, "Sum", sp + ".Sum");
      auto mn = cw::number(sv, "Minimum", sp + ".Minimum");
      auto mx = cw::number(sv, "Maximum", sp + ".Maximum");
      if (!n) cw::missing(sp + ".SampleCount");
      if (!sum) cw::missing(sp + ".Sum");
      if (!mn) cw::missing(sp + ".Minimum");
      if (!mx) cw::missing(sp + ".Maximum");
      if (*n <= 0) cw::invalid_value("The parameter " + sp + ".SampleCount must be greater than 0.");
      if (*mn > *mx) {
        cw::invalid_value("The parameter " + sp + ".Minimum must be less than or equal to " + sp +
                          ".Maximum.");
      }
      s.count = *n;
      s.sum = *sum;
      s.min = *mn;
      s.max = *mx;
    } else {
      if (values.size() > 150) {
        cw::invalid_value("The collection " + p + ".Values must not have a size greater than 150.");
      }
      if (!counts.empty() && counts.size() != values.size()) {
        cw::invalid_combination("The parameters " + p + ".Values and " + p +
                                ".Counts must be of the same size.");
      }
      s.min = std::numeric_limits<double>::infinity();
      s.max = -std::numeric_limits<double>::infinity();
      for (std::size_t k = 0; k < values.size(); ++k) {
        const double v = *cw::number(json{{"v", values[k]}}, "v", p + ".Values");
        const double c = counts.empty() ? 1.0 : *cw::number(json{{"c", counts[k]}}, "c", p + ".Counts");
        s.values.emplace_back(v, c);
        s.count += c;
        s.sum += v * c;
        s.min = std::min(s.min, v);
        s.max = std::max(s.max, v);
      }
    }
    if (auto unit = cw::str(d, "Unit")) {
      if (!cw::valid_unit(*unit)) {
        cw::invalid_value("The parameter " + p + ".Unit must be a value in the set of CloudWatch "
                          "standard units.");
      }
      s.unit = *unit == "None" ? "" : *unit;
    }
    if (auto res = cw::integer(d, "StorageResolution", p + ".StorageResolution")) {
      if (*res != 1 && *res != 60) {
        cw::invalid_value("The parameter " + p + ".StorageResolution must be 1 or 60.");
      }
    }
    batch.emplace_back(std::move(key), std::move(s));
  }
  // All or nothing: store only once every datum passed its checks.
  cw::Region& r = regions_[call.region];
  for (auto& [key, s] : batch) {
    auto& samples = r.metrics[key].samples;
    auto pos = std::upper_bound(samples.begin(), samples.end(), s.at,
                                [](TimePoint t, const cw::Sample& x) { return t < x.at; });
    samples.insert(pos, std::move(s));
  }
  return nullptr;
}

// ---------------------------------------------------------------- reading

json CloudWatchService::get_metric_statistics(Call& call, const json& in) {
  cw::MetricKey key;
  key.ns = cw::required_str(in, "Namespace");
  key.name = cw::required_str(in, "MetricName");
  key.dims = sorted(cw::dimensions(in, "Dimensions"));
  const auto start = cw::time(in, "StartTime", "StartTime");
  const auto end = cw::time(in, "EndTime", "EndTime");
  if (!start) cw::missing("StartTime");
  if (!end) cw::missing("EndTime");
  const auto period = cw::integer(in, "Period", "Period");
  if (!period) cw::missing("Period");
  if (!valid_period(*period)) {
    cw::invalid_value("The parameter Period must be 1, 5, 10, 20, 30, or a multiple of 60.");
  }
  std::vector<std::string> stats;
  for (const json& s : cw::list(in, "Statistics")) {
    const std::string v = s.is_string() ? s.get<std::string>() : s.dump();
    if (!cw::valid_statistic(v)) {
      cw::invalid_value("The parameter Statistics.member." + std::to_string(stats.size() + 1) +
                        " must be a value in the set [ Maximum, Minimum, Average, SampleCount, "
                        "Sum ].");
    }
    stats.push_back(v);
  }
  std::vector<std::string> extended;
  for (const json& s : cw::list(in, "ExtendedStatistics")) {
    const std::string v = s.is_string() ? s.get<std::string>() : s.dump();
    if (!cw::percentile(v)) {
      cw::invalid_value("The value " + v + " for parameter ExtendedStatistics is not supported "
                        "(drharness's fake computes pNN percentiles).");
    }
    extended.push_back(v);
  }
  if (stats.empty() && extended.empty()) {
    cw::invalid_combination("At least one of the parameters Statistics and ExtendedStatistics "
                            "must be specified.");
  }
  if (stats.size() > 5) {
    cw::invalid_value("The collection Statistics must not have a size greater than 5.");
  }
  if (extended.size() > 10) {
    cw::invalid_value("The collection ExtendedStatistics must not have a size greater than 10.");
  }
  if (*start >= *end) {
    cw::invalid_value("The parameter StartTime must be less than the parameter EndTime.");
  }
  const std::string unit = cw::str(in, "Unit").value_or("");
  if (!unit.empty() && !cw::valid_unit(unit)) {
    cw::invalid_value("The parameter Unit must be a value in the set of CloudWatch standard "
                      "units.");
  }
  const TimePoint origin = origin_of(*start, *period);
  const auto span = std::chrono::duration_cast<std::chrono::seconds>(*end - origin).count();
  const long long requested = (span + *period - 1) / *period;
  if (requested > 1440) {
    cw::invalid_combination("You have requested up to " + std::to_string(requested) +
                            " datapoints, which exceeds the limit of 1,440. You may reduce the "
                            "datapoints requested by increasing Period, or decreasing the time "
                            "range.");
  }
  const cw::Series* series = nullptr;
  if (auto r = regions_.find(call.region); r != regions_.end()) {
    if (auto it = r->second.metrics.find(key); it != r->second.metrics.end()) series = &it->second;
  }
  json points = json::array();
  for (const auto& [idx, agg] : bucket(series, origin, *end, *period, unit)) {
    json dp = {{"Timestamp", to_seconds(origin + secs(idx * *period))}};
    for (const std::string& s : stats) {
      if (auto v = agg.stat(s)) dp[s] = *v;
    }
    if (!extended.empty()) {
      json ext = json::object();
      for (const std::string& s : extended) {
        if (auto v = agg.stat(s)) ext[s] = *v;
      }
      dp["ExtendedStatistics"] = std::move(ext);
    }
    dp["Unit"] = agg.unit.empty() ? "None" : agg.unit;
    points.push_back(std::move(dp));
  }
  return {{"Label", key.name}, {"Datapoints", std::move(points)}};
}

json CloudWatchService::get_metric_data(Call& call, const json& in) {
  const std::vector<json> list = cw::list(in, "MetricDataQueries");
  if (list.empty()) cw::missing("MetricDataQueries");
  if (list.size() > 500) {
    cw::invalid_value("The collection MetricDataQueries must not have a size greater than 500.");
  }
  std::vector<json> queries;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list.size(); ++i) {
    json q = cw::normalize_metric_query(list[i], "MetricDataQueries.member." + std::to_string(i + 1));
    if (!ids.insert(q["Id"].get<std::string>()).second) {
      cw::validation("The values for parameter id in MetricDataQueries are not unique.");
    }
    if (q.contains("Expression")) {
      cw::invalid_value("drharness's fake does not evaluate metric math or Metrics Insights "
                        "expressions: the query " + q["Id"].get<std::string>() +
                        " has the Expression " + q["Expression"].get<std::string>());
    }
    queries.push_back(std::move(q));
  }
  const auto start = cw::time(in, "StartTime", "StartTime");
  const auto end = cw::time(in, "EndTime", "EndTime");
  if (!start) cw::missing("StartTime");
  if (!end) cw::missing("EndTime");
  if (*start >= *end) {
    cw::invalid_value("The parameter StartTime must be less than the parameter EndTime.");
  }
  const std::string scan = cw::str(in, "ScanBy").value_or("TimestampDescending");
  if (scan != "TimestampDescending" && scan != "TimestampAscending") {
    cw::validation("1 validation error detected: Value '" + scan +
                   "' at 'scanBy' failed to satisfy constraint: Member must satisfy enum value "
                   "set: [TimestampDescending, TimestampAscending]");
  }
  const long long max_points = cw::integer(in, "MaxDatapoints", "MaxDatapoints").value_or(100800);
  if (max_points < 1) cw::invalid_value("The parameter MaxDatapoints must be greater than 0.");
  std::size_t offset = 0;
  if (auto token = cw::str(in, "NextToken")) {
    json p = cw::read_token(*token);
    if (!p.is_object() || !p.contains("offset") || !p["offset"].is_number_unsigned()) {
      fail(400, "InvalidNextToken", "The service returned an invalid next token: " + *token);
    }
    offset = p["offset"].get<std::size_t>();
  }

  const cw::Region* region = nullptr;
  if (auto r = regions_.find(call.region); r != regions_.end()) region = &r->second;
  struct Points {
    std::vector<double> times;
    std::vector<double> values;
  };
  std::vector<std::pair<const json*, Points>> results;
  for (const json& q : queries) {
    if (!q.value("ReturnData", true)) continue;
    const json& ms = q["MetricStat"];
    const json& m = ms["Metric"];
    cw::MetricKey key;
    key.ns = m.value("Namespace", "");
    key.name = m["MetricName"].get<std::string>();
    for (const json& d : m["Dimensions"]) {
      key.dims.push_back({d["Name"].get<std::string>(), d["Value"].get<std::string>()});
    }
    key.dims = sorted(std::move(key.dims));
    const long long period = ms["Period"].get<long long>();
    const std::string stat = ms["Stat"].get<std::string>();
    const cw::Series* series = nullptr;
    if (region) {
      if (auto it = region->metrics.find(key); it != region->metrics.end()) series = &it->second;
    }
    const TimePoint origin = origin_of(*start, period);
    Points pts;
    for (const auto& [idx, agg] : bucket(series, origin, *end, period, ms.value("Unit", ""))) {
      if (auto v = agg.stat(stat)) {
        pts.times.push_back(to_seconds(origin + secs(idx * period)));
        pts.values.push_back(*v);
      }
    }
    if (scan == "TimestampDescending") {
      std::reverse(pts.times.begin(), pts.times.end());
      std::reverse(pts.values.begin(), pts.values.end());
    }
    results.emplace_back(&q, std::move(pts));
  }

  // Pages hold MaxDatapoints datapoints across all results, in query order.
  std::size_t total = 0;
  for (const auto& [q, pts] : results) total += pts.values.size();
  if (offset > total) fail(400, "InvalidNextToken", "The service returned an invalid next token");
  const std::size_t page_end = std::min(total, offset + static_cast<std::size_t>(max_points));
  json out_results = json::array();
  std::size_t base = 0;
  for (const auto& [q, pts] : results) {
    const std::size_t n = pts.values.size();
    const std::size_t from = std::clamp(offset, base, base + n) - base;
    const std::size_t to = std::clamp(page_end, base, base + n) - base;
    json r = {{"Id", (*q)["Id"]},
              {"Label", q->contains("Label") ? (*q)["Label"] : (*q)["MetricStat"]["Metric"]["MetricName"]},
              {"Timestamps", std::vector<double>(pts.times.begin() + static_cast<long>(from),
                                                 pts.times.begin() + static_cast<long>(to))},
              {"Values", std::vector<double>(pts.values.begin() + static_cast<long>(from),
                                             pts.values.begin() + static_cast<long>(to))},
              {"StatusCode", base + n > page_end ? "PartialData" : "Complete"}};
    out_results.push_back(std::move(r));
    base += n;
  }
  json out = {{"MetricDataResults", std::move(out_results)}, {"Messages", json::array()}};
  if (page_end < total) out["NextToken"] = cw::make_token({{"offset", page_end}});
  return out;
}

json CloudWatchService::list_metrics(Call& call, const json& in) {
  const auto ns = cw::str(in, "Namespace");
  const auto name = cw::str(in, "MetricName");
  std::vector<std::pair<std::string, std::optional<std::string>>> filters;
  const std::vector<json> dims = cw::list(in, "Dimensions");
  if (dims.size() > 10) {
    cw::invalid_value("The collection Dimensions must not have a size greater than 10.");
  }
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const std::string p = "Dimensions.member." + std::to_string(i + 1);
    if (!dims[i].is_object()) cw::invalid_value("The parameter " + p + " must be a structure.");
    auto n = cw::str(dims[i], "Name");
    if (!n || n->empty()) cw::missing(p + ".Name");
    filters.emplace_back(*n, cw::str(dims[i], "Value"));
  }
  const auto recent = cw::str(in, "RecentlyActive");
  if (recent && *recent != "PT3H") {
    cw::validation("1 validation error detected: Value '" + *recent +
                   "' at 'recentlyActive' failed to satisfy constraint: Member must satisfy enum "
                   "value set: [PT3H]");
  }
  std::optional<cw::MetricKey> after;
  if (auto token = cw::str(in, "NextToken")) {
    json p = cw::read_token(*token);
    try {
      cw::MetricKey k;
      k.ns = p.at("ns").get<std::string>();
      k.name = p.at("name").get<std::string>();
      for (const json& d : p.at("dims")) {
        k.dims.push_back({d.at(0).get<std::string>(), d.at(1).get<std::string>()});
      }
      after = std::move(k);
    } catch (const json::exception&) {
      fail(400, "InvalidNextToken", "The service returned an invalid next token: " + *token);
    }
  }
  const TimePoint now = core_.clock.now();
  const TimePoint since = recent ? now - std::chrono::hours(3) : now - kListMetricsWindow;
  json metrics = json::array();
  std::string next;
  if (auto r = regions_.find(call.region); r != regions_.end()) {
    auto it = after ? r->second.metrics.upper_bound(*after) : r->second.metrics.begin();
    const cw::MetricKey* last = nullptr;
    for (; it != r->second.metrics.end(); ++it) {
      const cw::MetricKey& k = it->first;
      if (ns && k.ns != *ns) continue;
      if (name && k.name != *name) continue;
      if (it->second.samples.empty() || it->second.samples.back().at < since) continue;
      bool match = true;
      for (const auto& [fname, fvalue] : filters) {
        bool found = false;
        for (const auto& d : k.dims) {
          if (d.name == fname && (!fvalue || d.value == *fvalue)) found = true;
        }
        match = match && found;
      }
      if (!match) continue;
      if (metrics.size() == kListMetricsPage) {
        json dims_json = json::array();
        for (const auto& d : last->dims) dims_json.push_back({d.name, d.value});
        next = cw::make_token({{"ns", last->ns}, {"name", last->name}, {"dims", dims_json}});
        break;
      }
      metrics.push_back({{"Namespace", k.ns}, {"MetricName", k.name},
                         {"Dimensions", cw::dimensions_json(k.dims)}});
      last = &k;
    }
  }
  json out = {{"Metrics", std::move(metrics)}};
  if (!next.empty()) out["NextToken"] = next;
  return out;
}

// ---------------------------------------------------------------- alarm evaluation

std::optional<cw::Evaluation> CloudWatchService::evaluate_alarm(std::string_view region,
                                                                 std::string_view name,
                                                                 TimePoint now) const {
  const cw::Alarm* a = find_alarm(region, name);
  if (!a || !a->config.contains("MetricName")) return std::nullopt;
  const json& c = a->config;
  const long long period = c["Period"].get<long long>();
  const long long n = c["EvaluationPeriods"].get<long long>();
  const long long m = c.value("DatapointsToAlarm", n);
  const double threshold = c["Threshold"].get<double>();
  const std::string op = c["ComparisonOperator"].get<std::string>();
  const std::string treat = c.value("TreatMissingData", "missing");
  const std::string stat = c.contains("Statistic") ? c["Statistic"].get<std::string>()
                                                   : c["ExtendedStatistic"].get<std::string>();
  cw::MetricKey key;
  key.ns = c["Namespace"].get<std::string>();
  key.name = c["MetricName"].get<std::string>();
  for (const json& d : c["Dimensions"]) {
    key.dims.push_back({d["Name"].get<std::string>(), d["Value"].get<std::string>()});
  }
  key.dims = sorted(std::move(key.dims));
  const cw::Series* series = nullptr;
  if (auto r = regions_.find(region); r != regions_.end()) {
    if (auto it = r->second.metrics.find(key); it != r->second.metrics.end()) series = &it->second;
  }
  // The last N whole periods before `now`, on period boundaries since the epoch.
  const long long now_s = std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
  const TimePoint end = TimePoint{} + secs(now_s - now_s % period);
  const TimePoint start = end - secs(n * period);
  const auto buckets = bucket(series, start, end, period, c.value("Unit", ""));

  auto breaches = [&](double v) {
    if (op == "GreaterThanOrEqualToThreshold") return v >= threshold;
    if (op == "GreaterThanThreshold") return v > threshold;
    if (op == "LessThanThreshold") return v < threshold;
    return v <= threshold;  // LessThanOrEqualToThreshold
  };
  long long breaching = 0;
  long long present = 0;
  json recent = json::array();
  json evaluated = json::array();
  std::string quoted;
  for (long long i = n - 1; i >= 0; --i) {  // newest first, as reasons quote them
    auto it = buckets.find(i);
    std::optional<double> v = it == buckets.end() ? std::nullopt : it->second.stat(stat);
    const TimePoint t = start + secs(i * period);
    if (!v) {
      if (treat == "breaching") ++breaching;
      continue;
    }
    ++present;
    if (breaches(*v)) ++breaching;
    recent.push_back(*v);
    evaluated.push_back({{"timestamp", iso_time(t)}, {"sampleCount", it->second.count},
                         {"value", *v}});
    quoted += (quoted.empty() ? "" : ", ") + format_value(*v) + " (" + short_time(t) + ")";
  }
  cw::Evaluation e;
  json data = {{"version", "1.0"},
               {"queryDate", iso_time(now)},
               {"startDate", iso_time(start)},
               {"statistic", stat},
               {"period", period},
               {"recentDatapoints", recent},
               {"threshold", threshold},
               {"evaluatedDatapoints", evaluated}};
  e.reason_data = data.dump();
  if (present == 0) {
    if (treat == "ignore") return std::nullopt;
    if (treat == "missing") {
      e.state = "INSUFFICIENT_DATA";
      e.reason = "Insufficient Data: " + std::to_string(n) + " datapoint" + (n == 1 ? "" : "s") +
                 " were unknown.";
      return e;
    }
    e.state = treat == "breaching" ? "ALARM" : "OK";
    e.reason = "Threshold Crossed: no datapoints were received for " + std::to_string(n) +
               " period" + (n == 1 ? "" : "s") + " and " + std::to_string(n) +
               " missing datapoint" + (n == 1 ? " was" : "s were") + " treated as [" +
               (treat == "breaching" ? "Breaching" : "NonBreaching") + "].";
    return e;
  }
  std::string words = op == "GreaterThanOrEqualToThreshold" ? "greater than or equal to"
                      : op == "GreaterThanThreshold"        ? "greater than"
                      : op == "LessThanThreshold"           ? "less than"
                                                            : "less than or equal to";
  if (breaching >= m) {
    e.state = "ALARM";
    e.reason = "Threshold Crossed: " + std::to_string(breaching) + " out of the last " +
               std::to_string(n) + " datapoints [" + quoted + "] were " + words +
               " the threshold (" + format_value(threshold) + ") (minimum " + std::to_string(m) +
               " datapoint" + (m == 1 ? "" : "s") + " for OK -> ALARM transition).";
  } else {
    e.state = "OK";
    e.reason = "Threshold Crossed: " + std::to_string(present) + " datapoint" +
               (present == 1 ? "" : "s") + " [" + quoted + "] " +
               (present == 1 ? "was" : "were") + " not " + words + " the threshold (" +
               format_value(threshold) + ") (minimum 1 datapoint for ALARM -> OK transition).";
  }
  return e;
}

void CloudWatchService::evaluate_alarms(std::string_view region) {
  auto r = regions_.find(region);
  if (r == regions_.end()) return;
  const TimePoint now = core_.clock.now();
  std::vector<std::string> names;
  for (const auto& [name, a] : r->second.alarms) names.push_back(name);
  for (const std::string& name : names) {
    auto e = evaluate_alarm(region, name, now);
    auto it = r->second.alarms.find(name);
    if (!e || it == r->second.alarms.end() || e->state == it->second.state) continue;
    set_state(region, it->second, e->state, e->reason, e->reason_data);
  }
}

}  // namespace drh::fake
