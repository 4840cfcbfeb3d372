#include "cloudwatch_input.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <set>

#include "drh/core/encoding.h"
#include "drh/protocol/timestamp.h"
#include "wire.h"

namespace drh::fake::cw {

namespace {

bool is_index(std::string_view s) {
  if (s.empty() || s.size() > 6) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return s != "0";
}

// Query parameters folded into the document the JSON protocol would carry.
json fold_params(const Call& call) {
  json root = json::object();
  for (const auto& [key, value] : call.params) {
    if (key == "Action" || key == "Version") continue;
    std::vector<std::string_view> parts;
    std::string_view s = key;
    while (!s.empty()) {
      const auto dot = s.find('.');
      parts.push_back(s.substr(0, dot));
      if (dot == std::string_view::npos) break;
      s = s.substr(dot + 1);
    }
    json* cur = &root;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const std::string_view part = parts[i];
      if ((part == "member" || part == "entry") && i + 1 < parts.size() && is_index(parts[i + 1])) {
        std::size_t idx = 0;
        std::from_chars(parts[i + 1].data(), parts[i + 1].data() + parts[i + 1].size(), idx);
        if (!cur->is_array()) *cur = json::array();
        while (cur->size() < idx) cur->push_back(json());
        cur = &(*cur)[idx - 1];
        ++i;
        continue;
      }
      if (!cur->is_object()) *cur = json::object();
      cur = &(*cur)[std::string(part)];
    }
    *cur = value;
  }
  return root;
}

bool is_timestamp_member(std::string_view name) {
  return name == "AlarmConfigurationUpdatedTimestamp" || name == "StateUpdatedTimestamp" ||
         name == "StateTransitionedTimestamp" || name == "Timestamp";
}

TimePoint from_epoch(double seconds) {
  return TimePoint{} + std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
}

void write_value(xml::XmlWriter& w, std::string_view name, const json& v, bool timestamp) {
  switch (v.type()) {
    case json::value_t::object:
      w.start(name);
      if (name == "ExtendedStatistics") {
        // A map: <entry><key/><value/></entry>.
        for (const auto& [k, e] : v.items()) {
          w.start("entry").element("key", k);
          write_value(w, "value", e, false);
          w.end();
        }
      } else {
        for (const auto& [k, e] : v.items()) write_value(w, k, e, is_timestamp_member(k));
      }
      w.end();
      break;
    case json::value_t::array:
      w.start(name);
      for (const json& e : v) write_value(w, "member", e, name == "Timestamps");
      w.end();
      break;
    case json::value_t::string:
      w.element(name, v.get_ref<const std::string&>());
      break;
    case json::value_t::boolean:
      w.element(name, v.get<bool>());
      break;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      if (timestamp) {
        w.element(name, iso_time(from_epoch(v.get<double>())));
      } else {
        w.element(name, v.get<std::int64_t>());
      }
      break;
    case json::value_t::number_float:
      if (timestamp) {
        w.element(name, iso_time(from_epoch(v.get<double>())));
      } else {
        w.element(name, v.get<double>());
      }
      break;
    default:
      break;
  }
}

// The error shape the JSON protocol names in __type for each Query error code.
std::string_view json_shape(std::string_view code) {
  if (code == "InvalidParameterValue") return "InvalidParameterValueException";
  if (code == "MissingParameter") return "MissingRequiredParameterException";
  if (code == "InvalidParameterCombination") return "InvalidParameterCombinationException";
  if (code == "LimitExceeded") return "LimitExceededFault";
  if (code == "InvalidFormat") return "InvalidFormatFault";
  if (code == "InternalServiceError") return "InternalServiceFault";
  return code;  // ResourceNotFound, InvalidNextToken, ValidationError, ... keep their names
}

[[noreturn]] void not_a(std::string_view what, const json& v, std::string_view path) {
  invalid_value("The value " + (v.is_string() ? v.get<std::string>() : v.dump()) +
                " for parameter " + std::string(path) + " is not a valid " + std::string(what) +
                ".");
}

}  // namespace

json read_input(const Call& call) {
  if (call.protocol == Protocol::kJson) {
    json in = call.body().empty() ? json::object() : json::parse(call.body());
    if (!in.is_object()) {
      fail(400, "SerializationException", "The request body must be a JSON object");
    }
    return in;
  }
  return fold_params(call);
}

HttpResponse write_output(const Call& call, const json& result) {
  if (call.protocol == Protocol::kJson) {
    return json_response(call, result.is_null() ? json::object() : result);
  }
  if (result.is_null()) return query_response(call, kXmlns, XmlBody{});
  return query_response(call, kXmlns, [&](xml::XmlWriter& w) {
    for (const auto& [k, v] : result.items()) write_value(w, k, v, is_timestamp_member(k));
  });
}

HttpResponse write_error(const Call& call, const ApiError& error) {
  HttpResponse r;
  r.status = error.status;
  const char* fault = error.sender ? "Sender" : "Receiver";
  if (call.protocol == Protocol::kJson) {
    json body = {{"__type", "com.amazonaws.cloudwatch#" + std::string(json_shape(error.code))},
                 {"message", error.message}};
    r.body = body.dump();
    r.headers.add("Content-Type", "application/x-amz-json-1.0");
    if (error.code != "UnknownOperationException" && error.code != "SerializationException") {
      r.headers.add("x-amzn-query-error", error.code + ";" + fault);
    }
  } else {
    xml::XmlWriter w;
    w.start("ErrorResponse").xmlns(kXmlns);
    w.start("Error")
        .element("Type", fault)
        .element("Code", error.code)
        .element("Message", error.message)
        .end()
        .element("RequestId", call.request_id);
    r.body = w.take();
    r.headers.add("Content-Type", "text/xml");
  }
  r.headers.add("x-amzn-RequestId", call.request_id);
  r.request_id = call.request_id;
  return r;
}

void invalid_value(std::string message) {
  fail(400, "InvalidParameterValue", std::move(message));
}
void invalid_combination(std::string message) {
  fail(400, "InvalidParameterCombination", std::move(message));
}
void validation(std::string message) { fail(400, "ValidationError", std::move(message)); }
void missing(std::string_view name) {
  fail(400, "MissingParameter", "The parameter " + std::string(name) + " is required.");
}

std::optional<std::string> str(const json& in, std::string_view name) {
  auto it = in.find(name);
  if (it == in.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) not_a("string", *it, name);
  return it->get<std::string>();
}

std::string required_str(const json& in, std::string_view name) {
  auto v = str(in, name);
  if (!v) missing(name);
  return *v;
}

std::optional<long long> integer(const json& in, std::string_view name, std::string_view path) {
  auto it = in.find(name);
  if (it == in.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer()) return it->get<long long>();
  if (it->is_number_float()) {
    const double d = it->get<double>();
    if (std::floor(d) == d && std::fabs(d) < 9e15) return static_cast<long long>(d);
  }
  if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    long long v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && ptr == s.data() + s.size() && !s.empty()) return v;
  }
  not_a("integer", *it, path);
}

std::optional<double> number(const json& in, std::string_view name, std::string_view path) {
  auto it = in.find(name);
  if (it == in.end() || it->is_null()) return std::nullopt;
  double d = 0;
  if (it->is_number()) {
    d = it->get<double>();
  } else if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    char* end = nullptr;
    d = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size()) not_a("number", *it, path);
  } else {
    not_a("number", *it, path);
  }
  if (!std::isfinite(d)) not_a("number", *it, path);
  return d;
}

std::optional<bool> boolean(const json& in, std::string_view name, std::string_view path) {
  auto it = in.find(name);
  if (it == in.end() || it->is_null()) return std::nullopt;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_string()) {
    if (iequals(it->get_ref<const std::string&>(), "true")) return true;
    if (iequals(it->get_ref<const std::string&>(), "false")) return false;
  }
  not_a("boolean", *it, path);
}

std::vector<json> list(const json& in, std::string_view name) {
  auto it = in.find(name);
  if (it == in.end() || it->is_null()) return {};
  if (it->is_string() && it->get_ref<const std::string&>().empty()) return {};
  if (!it->is_array()) invalid_value("The parameter " + std::string(name) + " must be a list.");
  std::vector<json> out;
  for (const json& e : *it) {
    if (e.is_null()) invalid_value("The list " + std::string(name) + " has a gap in its members.");
    out.push_back(e);
  }
  return out;
}

std::optional<TimePoint> time(const json& in, std::string_view name, std::string_view path) {
  auto it = in.find(name);
  if (it == in.end() || it->is_null()) return std::nullopt;
  if (it->is_number()) {
    Result<TimePoint> t = epoch_seconds_to_time(it->get<double>());
    if (t.ok()) return *t;
  } else if (it->is_string()) {
    Result<TimePoint> t = parse_any_timestamp(it->get_ref<const std::string&>());
    if (t.ok()) return *t;
  }
  not_a("timestamp", *it, path);
}

std::vector<Dimension> dimensions(const json& in, std::string_view path) {
  std::vector<Dimension> out;
  const std::vector<json> dims = list(in, "Dimensions");
  if (dims.size() > 30) {
    invalid_value("The collection " + std::string(path) + " must not have a size greater than 30.");
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const std::string p = std::string(path) + ".member." + std::to_string(i + 1);
    if (!dims[i].is_object()) invalid_value("The parameter " + p + " must be a structure.");
    auto name = str(dims[i], "Name");
    auto value = str(dims[i], "Value");
    if (!name || name->empty()) missing(p + ".Name");
    if (!value || value->empty()) missing(p + ".Value");
    if (!names.insert(*name).second) {
      invalid_value("No metric dimension name may be duplicated: " + *name);
    }
    out.push_back(Dimension{*name, *value});
  }
  return out;
}

json dimensions_json(const std::vector<Dimension>& dims) {
  json out = json::array();
  for (const auto& d : dims) out.push_back({{"Name", d.name}, {"Value", d.value}});
  return out;
}

json normalize_metric_query(const json& q, std::string_view path) {
  if (!q.is_object()) invalid_value("The parameter " + std::string(path) + " must be a structure.");
  json out = json::object();
  const std::string id = required_str(q, "Id");
  const std::string p = std::string(path);
  if (id.empty() || !(id[0] >= 'a' && id[0] <= 'z') ||
      id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
          std::string::npos) {
    validation("The value " + id + " for parameter " + p +
               ".Id is invalid: it must start with a lower-case letter and contain only letters, "
               "numbers and underscores.");
  }
  out["Id"] = id;
  const bool has_stat = q.contains("MetricStat") && !q["MetricStat"].is_null();
  auto expression = str(q, "Expression");
  if (has_stat == expression.has_value()) {
    validation("Exactly one of MetricStat and Expression must be specified for the metric data "
               "query " + id + ".");
  }
  if (has_stat) {
    const json& ms = q["MetricStat"];
    const json* metric = ms.contains("Metric") ? &ms["Metric"] : nullptr;
    if (!metric || !metric->is_object()) missing(p + ".MetricStat.Metric");
    json m = json::object();
    if (auto ns = str(*metric, "Namespace")) m["Namespace"] = *ns;
    m["MetricName"] = required_str(*metric, "MetricName");
    m["Dimensions"] = dimensions_json(dimensions(*metric, p + ".MetricStat.Metric.Dimensions"));
    json stat = {{"Metric", std::move(m)}};
    auto period = integer(ms, "Period", p + ".MetricStat.Period");
    if (!period) missing(p + ".MetricStat.Period");
    if (*period < 1 || (*period >= 60 ? *period % 60 != 0
                                      : *period != 1 && *period != 5 && *period != 10 &&
                                            *period != 20 && *period != 30)) {
      invalid_value("The parameter " + p + ".MetricStat.Period must be 1, 5, 10, 20, 30, or a "
                    "multiple of 60.");
    }
    stat["Period"] = *period;
    const std::string s = required_str(ms, "Stat");
    if (!valid_statistic(s) && !percentile(s)) {
      invalid_value("The parameter " + p + ".MetricStat.Stat has an unsupported value: " + s +
                    " (drharness's fake computes SampleCount, Average, Sum, Minimum, Maximum "
                    "and pNN percentiles).");
    }
    stat["Stat"] = s;
    if (auto unit = str(ms, "Unit")) {
      if (!valid_unit(*unit)) {
        invalid_value("The parameter " + p + ".MetricStat.Unit must be a value in the set of "
                      "CloudWatch standard units.");
      }
      stat["Unit"] = *unit;
    }
    out["MetricStat"] = std::move(stat);
  } else {
    out["Expression"] = *expression;
  }
  if (auto label = str(q, "Label")) out["Label"] = *label;
  if (auto rd = boolean(q, "ReturnData", p + ".ReturnData")) out["ReturnData"] = *rd;
  if (auto period = integer(q, "Period", p + ".Period")) out["Period"] = *period;
  if (auto account = str(q, "AccountId")) out["AccountId"] = *account;
  return out;
}

bool valid_unit(std::string_view unit) {
  static const std::set<std::string_view> kUnits = {
      "Seconds",          "Microseconds",     "Milliseconds",     "Bytes",
      "Kilobytes",        "Megabytes",        "Gigabytes",        "Terabytes",
      "Bits",             "Kilobits",         "Megabits",         "Gigabits",
      "Terabits",         "Percent",          "Count",            "Bytes/Second",
      "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
      "Bits/Second",      "Kilobits/Second",  "Megabits/Second",  "Gigabits/Second",
      "Terabits/Second",  "Count/Second",     "None"};
  return kUnits.contains(unit);
}

bool valid_statistic(std::string_view stat) {
  return stat == "SampleCount" || stat == "Average" || stat == "Sum" || stat == "Minimum" ||
         stat == "Maximum";
}

std::optional<double> percentile(std::string_view stat) {
  if (stat.size() < 2 || stat[0] != 'p') return std::nullopt;
  const std::string_view num = stat.substr(1);
  const auto dot = num.find('.');
  if (dot != std::string_view::npos && (num.size() - dot - 1 > 2 || dot == 0)) return std::nullopt;
  for (std::size_t i = 0; i < num.size(); ++i) {
    if (i != dot && (num[i] < '0' || num[i] > '9')) return std::nullopt;
  }
  const double p = std::strtod(std::string(num).c_str(), nullptr);
  if (p < 0 || p > 100) return std::nullopt;
  return p;
}

std::string make_token(const json& position) {
  json doc = {{"v", 1}, {"p", position}};
  return base64_encode(doc.dump());
}

json read_token(std::string_view token) {
  std::string text;
  if (base64_decode(token, text)) {
    json doc = json::parse(text, nullptr, false);
    if (doc.is_object() && doc.value("v", 0) == 1 && doc.contains("p")) return doc["p"];
  }
  fail(400, "InvalidNextToken", "The service returned an invalid next token: " + std::string(token));
}

}  // namespace drh::fake::cw
