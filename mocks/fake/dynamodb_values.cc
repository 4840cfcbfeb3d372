#include "dynamodb_values.h"

#include <algorithm>
#include <set>

#include "drh/core/encoding.h"
#include "service.h"

namespace drh::fake::ddb {

namespace {

[[noreturn]] void invalid(std::string message) {
  fail_validation(std::move(message), "ValidationException");
}

[[noreturn]] void serialization(std::string message) {
  fail(400, "SerializationException", std::move(message));
}

// |a| + |b| and |a| - |b| (a >= b) on unsigned decimal digit strings of equal length.
std::string add_digits(const std::string& a, const std::string& b) {
  std::string out(a.size() + 1, '0');
  int carry = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t k = a.size() - 1 - i;
    int d = (a[k] - '0') + (b[k] - '0') + carry;
    carry = d / 10;
    out[out.size() - 1 - i] = static_cast<char>('0' + d % 10);
  }
  out[0] = static_cast<char>('0' + carry);
  return out;
}

std::string sub_digits(const std::string& a, const std::string& b) {
  std::string out(a.size(), '0');
  int borrow = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t k = a.size() - 1 - i;
    int d = (a[k] - '0') - (b[k] - '0') - borrow;
    borrow = d < 0 ? 1 : 0;
    out[k] = static_cast<char>('0' + (d + 10) % 10);
  }
  return out;
}

// Strips leading and trailing zeros of digits * 10^exponent.
Number make_number(bool negative, std::string digits, long long exponent) {
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return Number{};
  digits.erase(0, first);
  std::size_t last = digits.find_last_not_of('0');
  exponent += static_cast<long long>(digits.size() - 1 - last);
  digits.erase(last + 1);
  // Far outside DynamoDB's range either way; clamp so the int cannot overflow.
  exponent = std::clamp<long long>(exponent, -100000, 100000);
  return Number{negative, std::move(digits), static_cast<int>(exponent)};
}

std::string_view single_type(const json& value) {
  if (!value.is_object() || value.empty()) {
    invalid("Supplied AttributeValue is empty, must contain exactly one of the supported "
            "datatypes");
  }
  if (value.size() > 1) {
    invalid("Supplied AttributeValue has more than one datatypes set, must contain exactly one "
            "of the supported datatypes");
  }
  return value.begin().key();
}

const std::string& string_member(const json& v, std::string_view type) {
  if (!v.is_string()) {
    serialization("Unexpected value type in payload: " + std::string(type) +
                  " must be a string");
  }
  return v.get_ref<const std::string&>();
}

json canonical_number(const json& v) {
  auto n = Number::parse(string_member(v, "N"));
  if (!n) invalid("A value provided cannot be converted into a number");
  check_number_range(*n);
  return n->text();
}

json canonical_binary(const json& v) {
  std::string bytes;
  if (!base64_decode(string_member(v, "B"), bytes)) {
    serialization("Base64 encoded length is expected a multiple of 4 bytes but found: " +
                  std::to_string(v.get_ref<const std::string&>().size()));
  }
  return base64_encode(bytes);
}

std::string join_for_message(const json& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ", ";
    out += values[i].get<std::string>();
  }
  return out + "]";
}

json canonical_set(const json& v, std::string_view type) {
  if (!v.is_array()) serialization("Unexpected value type in payload: " + std::string(type) +
                                   " must be a list");
  if (v.empty()) {
    const char* kind = type == "SS" ? "string" : type == "NS" ? "number" : "binary";
    invalid(std::string("One or more parameter values were invalid: An ") + kind +
            " set  may not be empty");
  }
  json out = json::array();
  std::set<std::string> seen;
  for (const json& e : v) {
    json c = type == "SS"   ? json(string_member(e, "SS"))
             : type == "NS" ? canonical_number(e)
                            : canonical_binary(e);
    if (!seen.insert(c.get<std::string>()).second) {
      invalid("One or more parameter values were invalid: Input collection " +
              join_for_message(v) + " contains duplicates.");
    }
    out.push_back(std::move(c));
  }
  return out;
}

bool sets_equal(const json& a, const json& b) {
  if (a.size() != b.size()) return false;
  std::set<std::string> sa, sb;
  for (const auto& e : a) sa.insert(e.get<std::string>());
  for (const auto& e : b) sb.insert(e.get<std::string>());
  return sa == sb;
}

std::size_t number_size(const std::string& text) {
  auto n = Number::parse(text);
  const std::size_t digits = n ? n->digits.size() : text.size();
  return (digits + 1) / 2 + 1;
}

std::size_t binary_size(const std::string& b64) {
  std::string bytes;
  return base64_decode(b64, bytes) ? bytes.size() : b64.size();
}

std::size_t value_size(const json& value) {
  const std::string_view type = type_of(value);
  const json& v = value.begin().value();
  if (type == "S") return v.get_ref<const std::string&>().size();
  if (type == "N") return number_size(v.get_ref<const std::string&>());
  if (type == "B") return binary_size(v.get_ref<const std::string&>());
  if (type == "BOOL" || type == "NULL") return 1;
  std::size_t size = 0;
  if (type == "SS") {
    for (const auto& e : v) size += e.get_ref<const std::string&>().size();
  } else if (type == "NS") {
    for (const auto& e : v) size += number_size(e.get_ref<const std::string&>());
  } else if (type == "BS") {
    for (const auto& e : v) size += binary_size(e.get_ref<const std::string&>());
  } else if (type == "M") {
    size = 3;
    for (const auto& [k, e] : v.items()) size += 1 + k.size() + value_size(e);
  } else if (type == "L") {
    size = 3;
    for (const auto& e : v) size += 1 + value_size(e);
  }
  return size;
}

}  // namespace

// ---------------------------------------------------------------- numbers

std::optional<Number> Number::parse(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  std::string digits;
  long long exponent = 0;
  bool any_digit = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    digits += text[i++];
    any_digit = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      digits += text[i++];
      --exponent;
      any_digit = true;
    }
  }
  if (!any_digit) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) exp_negative = text[i++] == '-';
    long long e = 0;
    bool exp_digit = false;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (e < 10000000) e = e * 10 + (text[i] - '0');
      ++i;
      exp_digit = true;
    }
    if (!exp_digit) return std::nullopt;
    exponent += exp_negative ? -e : e;
  }
  if (i != text.size()) return std::nullopt;
  Number n = make_number(negative, std::move(digits), exponent);
  return n;
}

std::string Number::text() const {
  if (digits.empty()) return "0";
  std::string out = negative ? "-" : "";
  const long long n = static_cast<long long>(digits.size());
  if (exponent >= 0) {
    out += digits;
    out.append(static_cast<std::size_t>(exponent), '0');
    return out;
  }
  const long long point = n + exponent;  // digits before the decimal point
  if (point > 0) {
    out.append(digits, 0, static_cast<std::size_t>(point));
    out += '.';
    out.append(digits, static_cast<std::size_t>(point));
  } else {
    out += "0.";
    out.append(static_cast<std::size_t>(-point), '0');
    out += digits;
  }
  return out;
}

std::strong_ordering Number::operator<=>(const Number& other) const {
  const bool neg_a = negative && !is_zero();
  const bool neg_b = other.negative && !other.is_zero();
  if (neg_a != neg_b) return neg_a ? std::strong_ordering::less : std::strong_ordering::greater;
  std::strong_ordering magnitude = std::strong_ordering::equal;
  if (is_zero() || other.is_zero()) {
    magnitude = is_zero() == other.is_zero()
                    ? std::strong_ordering::equal
                    : (is_zero() ? std::strong_ordering::less : std::strong_ordering::greater);
  } else {
    const long long adj_a = static_cast<long long>(digits.size()) + exponent;
    const long long adj_b = static_cast<long long>(other.digits.size()) + other.exponent;
    if (adj_a != adj_b) {
      magnitude = adj_a <=> adj_b;
    } else {
      const std::size_t len = std::max(digits.size(), other.digits.size());
      for (std::size_t i = 0; i < len && magnitude == 0; ++i) {
        const char x = i < digits.size() ? digits[i] : '0';
        const char y = i < other.digits.size() ? other.digits[i] : '0';
        magnitude = x <=> y;
      }
    }
  }
  if (neg_a) {
    if (magnitude == 0) return magnitude;
    return magnitude < 0 ? std::strong_ordering::greater : std::strong_ordering::less;
  }
  return magnitude;
}

Number Number::operator-() const {
  Number n = *this;
  if (!n.is_zero()) n.negative = !n.negative;
  return n;
}

Number Number::operator+(const Number& other) const {
  if (is_zero()) return other;
  if (other.is_zero()) return *this;
  const int low = std::min(exponent, other.exponent);
  std::string a = digits + std::string(static_cast<std::size_t>(exponent - low), '0');
  std::string b = other.digits + std::string(static_cast<std::size_t>(other.exponent - low), '0');
  const std::size_t width = std::max(a.size(), b.size());
  a.insert(0, width - a.size(), '0');
  b.insert(0, width - b.size(), '0');
  if (negative == other.negative) return make_number(negative, add_digits(a, b), low);
  if (a >= b) return make_number(negative, sub_digits(a, b), low);
  return make_number(other.negative, sub_digits(b, a), low);
}

void check_number_range(const Number& n) {
  if (n.is_zero()) return;
  if (n.digits.size() > 38) {
    invalid("Attempting to store more than 38 significant digits in a Number");
  }
  const long long adjusted = static_cast<long long>(n.digits.size()) + n.exponent;
  if (adjusted > 126) {
    invalid("Number overflow. Attempting to store a number with magnitude larger than "
            "supported range");
  }
  if (adjusted < -129) {
    invalid("Number underflow. Attempting to store a number with magnitude smaller than "
            "supported range");
  }
}

// ---------------------------------------------------------------- values

json normalize_value(const json& value) {
  const std::string_view type = single_type(value);
  const json& v = value.begin().value();
  json out = json::object();
  if (type == "S") {
    out["S"] = string_member(v, "S");
  } else if (type == "N") {
    out["N"] = canonical_number(v);
  } else if (type == "B") {
    out["B"] = canonical_binary(v);
  } else if (type == "BOOL") {
    if (!v.is_boolean()) serialization("Unexpected value type in payload: BOOL must be a boolean");
    out["BOOL"] = v;
  } else if (type == "NULL") {
    if (!v.is_boolean() || !v.get<bool>()) {
      invalid("One or more parameter values were invalid: Null attribute value types must have "
              "the value of true");
    }
    out["NULL"] = true;
  } else if (type == "M") {
    if (!v.is_object()) serialization("Unexpected value type in payload: M must be a map");
    json m = json::object();
    for (const auto& [k, e] : v.items()) m[k] = normalize_value(e);
    out["M"] = std::move(m);
  } else if (type == "L") {
    if (!v.is_array()) serialization("Unexpected value type in payload: L must be a list");
    json l = json::array();
    for (const auto& e : v) l.push_back(normalize_value(e));
    out["L"] = std::move(l);
  } else if (type == "SS" || type == "NS" || type == "BS") {
    out[std::string(type)] = canonical_set(v, type);
  } else {
    invalid("Supplied AttributeValue is empty, must contain exactly one of the supported "
            "datatypes");
  }
  return out;
}

json normalize_map(const json& map, std::string_view member) {
  if (!map.is_object()) {
    serialization("Unexpected value type in payload: " + std::string(member) +
                  " must be a map of attribute values");
  }
  json out = json::object();
  for (const auto& [k, v] : map.items()) out[k] = normalize_value(v);
  return out;
}

std::string_view type_of(const json& value) { return value.begin().key(); }

bool values_equal(const json& a, const json& b) {
  const std::string_view ta = type_of(a);
  if (ta != type_of(b)) return false;
  const json& va = a.begin().value();
  const json& vb = b.begin().value();
  if (ta == "SS" || ta == "NS" || ta == "BS") return sets_equal(va, vb);
  if (ta == "M") {
    if (va.size() != vb.size()) return false;
    for (const auto& [k, e] : va.items()) {
      auto it = vb.find(k);
      if (it == vb.end() || !values_equal(e, *it)) return false;
    }
    return true;
  }
  if (ta == "L") {
    if (va.size() != vb.size()) return false;
    for (std::size_t i = 0; i < va.size(); ++i) {
      if (!values_equal(va[i], vb[i])) return false;
    }
    return true;
  }
  return va == vb;
}

// ---------------------------------------------------------------- keys

KeyValue KeyValue::from(const json& value) {
  KeyValue k;
  const std::string_view type = type_of(value);
  const std::string& text = value.begin().value().get_ref<const std::string&>();
  k.type = type[0];
  if (k.type == 'N') {
    k.number = Number::parse(text).value_or(Number{});
    k.bytes = k.number.text();
  } else if (k.type == 'B') {
    base64_decode(text, k.bytes);
  } else {
    k.bytes = text;
  }
  return k;
}

json KeyValue::to_json() const {
  if (type == 'N') return {{"N", bytes}};
  if (type == 'B') return {{"B", base64_encode(bytes)}};
  return {{"S", bytes}};
}

std::strong_ordering KeyValue::operator<=>(const KeyValue& other) const {
  if (type != other.type) return type <=> other.type;
  if (type == 'N') return number <=> other.number;
  // Byte order: compare as unsigned, as DynamoDB orders UTF-8 and binary keys.
  const std::size_t common = std::min(bytes.size(), other.bytes.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (bytes[i] != other.bytes[i]) {
      return static_cast<unsigned char>(bytes[i]) <=> static_cast<unsigned char>(other.bytes[i]);
    }
  }
  return bytes.size() <=> other.bytes.size();
}

bool KeyValue::operator==(const KeyValue& other) const {
  return (*this <=> other) == std::strong_ordering::equal;
}

std::strong_ordering ItemKey::operator<=>(const ItemKey& other) const {
  if (auto c = hash <=> other.hash; c != 0) return c;
  if (!range || !other.range) return range.has_value() <=> other.range.has_value();
  return *range <=> *other.range;
}

bool ItemKey::operator==(const ItemKey& other) const {
  return (*this <=> other) == std::strong_ordering::equal;
}

std::size_t item_size(const json& item) {
  std::size_t size = 0;
  for (const auto& [name, value] : item.items()) size += name.size() + value_size(value);
  return size;
}

// ---------------------------------------------------------------- request members

std::string lower_camel(std::string_view name) {
  std::string out(name);
  if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

void constraint_error(std::string_view value, std::string_view path, std::string_view constraint) {
  invalid("1 validation error detected: Value " + std::string(value) + " at '" +
          std::string(path) + "' failed to satisfy constraint: " + std::string(constraint));
}

const std::string* member_string(const json& body, std::string_view name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return nullptr;
  if (!it->is_string()) {
    serialization("Unexpected value type in payload: " + std::string(name) + " must be a string");
  }
  return &it->get_ref<const std::string&>();
}

const std::string& required_string(const json& body, std::string_view name) {
  const std::string* s = member_string(body, name);
  if (!s) constraint_error("null", lower_camel(name), "Member must not be null");
  return *s;
}

std::optional<long long> member_int(const json& body, std::string_view name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) {
    serialization("Unexpected value type in payload: " + std::string(name) +
                  " must be an integer");
  }
  return it->get<long long>();
}

std::optional<bool> member_bool(const json& body, std::string_view name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) {
    serialization("Unexpected value type in payload: " + std::string(name) + " must be a boolean");
  }
  return it->get<bool>();
}

const json* member_object(const json& body, std::string_view name, bool array) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return nullptr;
  if (array ? !it->is_array() : !it->is_object()) {
    serialization("Unexpected value type in payload: " + std::string(name) + " must be " +
                  (array ? "a list" : "a structure"));
  }
  return &*it;
}

}  // namespace drh::fake::ddb
