// JSON helpers the DynamoDB, CloudWatch and Lambda codecs share (the three clients whose
// wire format is JSON). Include only from .cc files: it pulls in nlohmann/json.hpp.
//
// Reading: a codec's decode_<Op> parses the body with parse_object(), then reads members
// through the get_* functions, which throw DecodeFailure naming the member's path
// ("Table.Replicas[1].RegionName") when a member has the wrong JSON type. The throw never
// leaves the codec: decode_guarded() turns it into a kDecode Result. Absent and null
// members read as "not set" (empty string, nullopt, empty list), as botocore does.
//
// Writing: put() sets a member only when it is set, for request bodies and to_json().
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drh/aws/common.h"
#include "drh/core/clock.h"
#include "drh/core/http.h"
#include "drh/core/result.h"
#include "drh/protocol/timestamp.h"

namespace drh::aws::jsonwire {

using nlohmann::json;

/// A decode problem inside a codec; caught by decode_guarded() before it can escape.
struct DecodeFailure {
  std::string message;
};

[[noreturn]] inline void fail(std::string_view path, std::string_view what) {
  throw DecodeFailure{std::string(path) + ": " + std::string(what)};
}

inline std::string member_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string p(parent);
  p += '.';
  p += key;
  return p;
}

inline std::string item_path(std::string_view list_path, std::size_t index) {
  return std::string(list_path) + "[" + std::to_string(index) + "]";
}

/// The member, or nullptr when absent or JSON null.
inline const json* find(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

inline const char* type_name(const json& value) { return value.type_name(); }

inline std::string get_string(const json& object, const char* key, std::string_view path) {
  const json* v = find(object, key);
  if (v == nullptr) return {};
  if (!v->is_string()) {
    fail(member_path(path, key), std::string("expected a string, got ") + type_name(*v));
  }
  return v->get<std::string>();
}

/// Integers; a whole-valued double (1.0) is accepted since some servers write those.
inline std::optional<std::int64_t> get_int(const json& object, const char* key,
                                           std::string_view path) {
  const json* v = find(object, key);
  if (v == nullptr) return std::nullopt;
  if (v->is_number_unsigned() &&
      v->get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    fail(member_path(path, key), "integer out of range: " + v->dump());
  }
  if (v->is_number_integer()) return v->get<std::int64_t>();
  if (v->is_number_float()) {
    double d = v->get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
      return static_cast<std::int64_t>(d);
    }
  }
  fail(member_path(path, key), std::string("expected an integer, got ") + v->dump());
}

inline std::optional<int> get_int32(const json& object, const char* key, std::string_view path) {
  auto v = get_int(object, key, path);
  if (!v) return std::nullopt;
  if (*v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) {
    fail(member_path(path, key), "integer out of range: " + std::to_string(*v));
  }
  return static_cast<int>(*v);
}

inline double as_double(const json& value, std::string_view path) {
  if (!value.is_number()) {
    fail(path, std::string("expected a number, got ") + type_name(value));
  }
  return value.get<double>();
}

inline std::optional<double> get_double(const json& object, const char* key,
                                        std::string_view path) {
  const json* v = find(object, key);
  if (v == nullptr) return std::nullopt;
  return as_double(*v, member_path(path, key));
}

inline std::optional<bool> get_bool(const json& object, const char* key, std::string_view path) {
  const json* v = find(object, key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    fail(member_path(path, key), std::string("expected a boolean, got ") + type_name(*v));
  }
  return v->get<bool>();
}

/// JSON-protocol timestamps: epoch seconds as a number; ISO 8601 or epoch text is
/// accepted too (some emulators write strings).
inline TimePoint as_time(const json& value, std::string_view path) {
  if (!value.is_number() && !value.is_string()) {
    fail(path, std::string("expected a timestamp, got ") + type_name(value));
  }
  Result<TimePoint> t = value.is_number() ? epoch_seconds_to_time(value.get<double>())
                                          : parse_any_timestamp(value.get<std::string>());
  if (!t) fail(path, t.error().message);
  return *t;
}

inline std::optional<TimePoint> get_time(const json& object, const char* key,
                                         std::string_view path) {
  const json* v = find(object, key);
  if (v == nullptr) return std::nullopt;
  return as_time(*v, member_path(path, key));
}

/// The member as an object; nullptr when absent, a failure when it is something else.
inline const json* get_object(const json& object, const char* key, std::string_view path) {
  const json* v = find(object, key);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    fail(member_path(path, key), std::string("expected an object, got ") + type_name(*v));
  }
  return v;
}

/// Calls `read(item, item_path)` for each element of the array member `key`.
template <typename F>
void for_each_item(const json& object, const char* key, std::string_view path, F&& read) {
  const json* v = find(object, key);
  if (v == nullptr) return;
  const std::string list_path = member_path(path, key);
  if (!v->is_array()) {
    fail(list_path, std::string("expected an array, got ") + type_name(*v));
  }
  std::size_t i = 0;
  for (const json& item : *v) {
    read(item, item_path(list_path, i));
    ++i;
  }
}

/// An array member of objects, each read by `read(object, path) -> T`.
template <typename T, typename F>
std::vector<T> get_objects(const json& object, const char* key, std::string_view path, F&& read) {
  std::vector<T> out;
  for_each_item(object, key, path, [&](const json& item, const std::string& p) {
    if (!item.is_object()) fail(p, std::string("expected an object, got ") + type_name(item));
    out.push_back(read(item, p));
  });
  return out;
}

inline std::vector<std::string> get_strings(const json& object, const char* key,
                                            std::string_view path) {
  std::vector<std::string> out;
  for_each_item(object, key, path, [&](const json& item, const std::string& p) {
    if (!item.is_string()) fail(p, std::string("expected a string, got ") + type_name(item));
    out.push_back(item.get<std::string>());
  });
  return out;
}

inline std::vector<double> get_doubles(const json& object, const char* key, std::string_view path) {
  std::vector<double> out;
  for_each_item(object, key, path,
                [&](const json& item, const std::string& p) { out.push_back(as_double(item, p)); });
  return out;
}

/// A map member of strings ({"A": "b"}).
inline std::map<std::string, std::string> get_string_map(const json& object, const char* key,
                                                         std::string_view path) {
  std::map<std::string, std::string> out;
  const json* v = get_object(object, key, path);
  if (v == nullptr) return out;
  for (auto it = v->begin(); it != v->end(); ++it) {
    if (!it->is_string()) {
      fail(member_path(member_path(path, key), it.key()),
           std::string("expected a string, got ") + type_name(*it));
    }
    out.emplace(it.key(), it->get<std::string>());
  }
  return out;
}

/// The body of a 2xx answer as a JSON object ({} for an empty body). kDecode
/// "MalformedJson" naming the operation and the parser's complaint otherwise.
inline Result<json> parse_object(const HttpResponse& response, std::string_view operation) {
  if (response.body.empty()) return json::object();
  json doc = json::parse(response.body, nullptr, false);
  if (doc.is_discarded()) {
    return make_error(ErrorKind::kDecode, "MalformedJson",
                      std::string(operation) + " answer is not valid JSON (" +
                          std::to_string(response.body.size()) + " bytes)");
  }
  if (!doc.is_object()) {
    return make_error(
        ErrorKind::kDecode, "MalformedJson",
        std::string(operation) + " answer is a JSON " + doc.type_name() + ", expected an object");
  }
  return doc;
}

/// Runs `decode()` (which may throw DecodeFailure) and returns its value, or a kDecode
/// "InvalidResponse" error naming the operation and the member at fault.
template <typename T, typename F>
Result<T> decode_guarded(std::string_view operation, F&& decode) {
  try {
    return decode();
  } catch (const DecodeFailure& failure) {
    return make_error(ErrorKind::kDecode, "InvalidResponse",
                      std::string(operation) + " answer: " + failure.message);
  }
}

// ------------------------------------------------------------------ writing

inline void put(json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}
inline void put(json& j, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) j[key] = values;
}
inline void put(json& j, const char* key, const std::map<std::string, std::string>& values) {
  if (!values.empty()) j[key] = values;
}
template <typename T>
void put(json& j, const char* key, const std::optional<T>& value) {
  if (value) j[key] = *value;
}
inline void put(json& j, const char* key, const std::vector<Tag>& tags) {
  if (tags.empty()) return;
  json out = json::array();
  for (const Tag& t : tags) out.push_back({{"Key", t.Key}, {"Value", t.Value}});
  j[key] = std::move(out);
}

/// Epoch seconds as the JSON protocols send them: an integer when whole, else fractional.
inline json epoch_seconds(TimePoint t) {
  const std::int64_t ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  std::int64_t seconds = ns / 1000000000;
  std::int64_t fraction = ns % 1000000000;
  if (fraction < 0) {
    fraction += 1000000000;
    seconds -= 1;
  }
  if (fraction == 0) return json(seconds);
  // Whole and fraction apart: nanoseconds since 1970 exceed a double's 53-bit mantissa.
  return json(static_cast<double>(seconds) + static_cast<double>(fraction) / 1e9);
}

/// ISO 8601 in UTC: how to_json() shows timestamps (what aws-cli prints).
inline std::string iso8601(TimePoint t) { return format_timestamp(t, TimestampFormat::kIso8601); }

inline void put_time(json& j, const char* key, const std::optional<TimePoint>& value) {
  if (value) j[key] = iso8601(*value);
}

/// An array of `items`, each through `convert`.
template <typename T, typename F>
json array_of(const std::vector<T>& items, F&& convert) {
  json out = json::array();
  for (const T& item : items) out.push_back(convert(item));
  return out;
}

}  // namespace drh::aws::jsonwire
