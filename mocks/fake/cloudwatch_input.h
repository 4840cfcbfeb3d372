// Internal to the fake: CloudWatch requests as one JSON input document, whatever the
// protocol they came in, and the answer written back in the request's protocol.
//
// Query parameters become the JSON the JSON protocol would have carried:
// "AlarmNames.member.2=b" -> {"AlarmNames": [.., "b"]}, "Period=60" -> {"Period": "60"}.
// Scalars then stay text, so the accessors below accept both forms (60 and "60", true
// and "true", epoch seconds and ISO 8601 timestamps).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cloudwatch_service.h"

namespace drh::fake::cw {

using json = nlohmann::json;

/// The request's input document (JSON body, or Query parameters folded into JSON).
json read_input(const Call& call);
/// A successful answer: `result` as JSON, or as <OpResult> XML for Query (`result` null:
/// an operation without output).
HttpResponse write_output(const Call& call, const json& result);
/// The error answer in the request's protocol (see the file comment of cloudwatch_service.h).
HttpResponse write_error(const Call& call, const ApiError& error);

// Errors with the Query codes.
[[noreturn]] void invalid_value(std::string message);        ///< InvalidParameterValue
[[noreturn]] void invalid_combination(std::string message);  ///< InvalidParameterCombination
[[noreturn]] void validation(std::string message);           ///< ValidationError
/// MissingParameter: "The parameter <name> is required."
[[noreturn]] void missing(std::string_view name);

// Members of an input document (or of a structure in it); nullopt when absent.
std::optional<std::string> str(const json& in, std::string_view name);
std::string required_str(const json& in, std::string_view name);
std::optional<long long> integer(const json& in, std::string_view name, std::string_view path);
std::optional<double> number(const json& in, std::string_view name, std::string_view path);
std::optional<bool> boolean(const json& in, std::string_view name, std::string_view path);
/// A list member: [] when absent (or an empty Query list, "Name=").
std::vector<json> list(const json& in, std::string_view name);
std::optional<TimePoint> time(const json& in, std::string_view name, std::string_view path);

/// Dimensions [{Name, Value}] checked (both set, at most 30, names unique), in order.
std::vector<Dimension> dimensions(const json& in, std::string_view path);
json dimensions_json(const std::vector<Dimension>& dims);
/// A MetricDataQuery normalised (typed members only) and checked.
json normalize_metric_query(const json& q, std::string_view path);

bool valid_unit(std::string_view unit);
/// Statistic names: SampleCount, Average, Sum, Minimum, Maximum.
bool valid_statistic(std::string_view stat);
/// pNN / pNN.NN with 0 <= NN <= 100: the percentile, else nullopt.
std::optional<double> percentile(std::string_view stat);

/// Opaque paging tokens: base64 of a small JSON document; InvalidNextToken for anything
/// the fake did not hand out.
std::string make_token(const json& position);
json read_token(std::string_view token);

}  // namespace drh::fake::cw
