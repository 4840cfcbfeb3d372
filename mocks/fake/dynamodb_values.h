// Internal to the fake: DynamoDB attribute values as they travel on the wire.
//
// Items are kept in their wire form ({"S": "x"}, {"N": "42"}, {"M": {...}}), checked and
// normalised once when they come in: numbers are canonical decimal text (so "1.50" and
// "15E-1" are the same stored number), binary values are canonical base64. That keeps
// responses a copy of what is stored, and makes equality of canonical values plain JSON
// equality except for sets, which compare as sets.
#pragma once

#include <compare>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drh::fake::ddb {

using json = nlohmann::json;

/// A DynamoDB number: sign, significant digits without leading or trailing zeros, and a
/// power of ten, value = (neg ? -1 : 1) * digits * 10^exponent. Zero has no digits.
struct Number {
  bool negative = false;
  std::string digits;
  int exponent = 0;

  /// Parses DynamoDB number text ("-1.5", "1E+3", "0.001"); nullopt when it is not a number.
  static std::optional<Number> parse(std::string_view text);
  /// Plain decimal text, as DynamoDB answers numbers: "1500", "-0.25", "0".
  std::string text() const;
  bool is_zero() const { return digits.empty(); }
  /// Numeric order.
  std::strong_ordering operator<=>(const Number& other) const;
  bool operator==(const Number& other) const = default;
  Number operator+(const Number& other) const;
  Number operator-() const;
};

/// ValidationException unless `n` fits DynamoDB's range: 38 significant digits,
/// magnitude between 1E-130 and 1E+126.
void check_number_range(const Number& n);

/// Which request member a value came from, for error messages.
enum class ValueContext { kItem, kKey, kExpressionValue };

/// Checks one attribute value and returns it normalised (canonical numbers and base64,
/// nested values too). Throws the ValidationException DynamoDB answers for malformed
/// values: empty or several data types, empty sets, duplicate set members, numbers that
/// cannot be parsed or do not fit, NULL other than true, invalid base64.
json normalize_value(const json& value);
/// normalize_value over every attribute of an item, key or value map (a JSON object).
json normalize_map(const json& map, std::string_view member);

/// The single data type of a normalised value: "S", "N", "B", "BOOL", "NULL", "M", "L",
/// "SS", "NS", "BS".
std::string_view type_of(const json& value);

/// Equality as DynamoDB compares values: numbers numerically, sets ignoring order.
bool values_equal(const json& a, const json& b);

/// A key attribute (S, N or B) in DynamoDB's sort order: strings and binaries by their
/// bytes, numbers numerically.
struct KeyValue {
  char type = 'S';     ///< 'S', 'N' or 'B'
  std::string bytes;   ///< S: UTF-8 text; B: decoded bytes; N: canonical text
  Number number;       ///< N only

  static KeyValue from(const json& value);  ///< a normalised S/N/B value
  json to_json() const;
  std::strong_ordering operator<=>(const KeyValue& other) const;
  bool operator==(const KeyValue& other) const;
};

/// A primary key: partition value, and the sort value when the table has a sort key.
struct ItemKey {
  KeyValue hash;
  std::optional<KeyValue> range;
  std::strong_ordering operator<=>(const ItemKey& other) const;
  bool operator==(const ItemKey& other) const;
};

/// The size DynamoDB charges an item (names plus values, per the developer guide's
/// rules), used for the 400 KB item limit and the 1 MB page limit.
std::size_t item_size(const json& item);

/// Items may not exceed 400 KB.
inline constexpr std::size_t kMaxItemBytes = 400 * 1024;
/// Query and Scan stop a page after 1 MB of items.
inline constexpr std::size_t kMaxPageBytes = 1024 * 1024;

// ---------------------------------------------------------------- request members
// JSON protocol type errors are SerializationException; missing required members are the
// ValidationException "1 validation error detected: Value null at 'tableName' failed to
// satisfy constraint: Member must not be null" (member names in lower camel case).

/// A string member; nullptr when absent or null.
const std::string* member_string(const json& body, std::string_view name);
const std::string& required_string(const json& body, std::string_view name);
std::optional<long long> member_int(const json& body, std::string_view name);
std::optional<bool> member_bool(const json& body, std::string_view name);
/// An object (or array, with `array`) member; nullptr when absent or null.
const json* member_object(const json& body, std::string_view name, bool array = false);
/// "1 validation error detected: Value <value> at '<path>' failed to satisfy constraint:
/// <constraint>".
[[noreturn]] void constraint_error(std::string_view value, std::string_view path,
                                   std::string_view constraint);
/// "tableName" from "TableName".
std::string lower_camel(std::string_view name);

/// The reserved words of DynamoDB expressions (upper case, sorted).
bool is_reserved_word(std::string_view word);

}  // namespace drh::fake::ddb
