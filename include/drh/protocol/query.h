// The AWS Query and EC2 protocols: form-encoded requests, XML responses.
//
// A request is POST / with Content-Type application/x-www-form-urlencoded and a body of
// Action=<Op>&Version=<api>&<params>. Structures, lists and maps are flattened into
// dotted names:
//
//   structure        Prefix.Key=value
//   list (query)     Name.member.1=a&Name.member.2=b   (or Name.<Item>.N for named members)
//   list (ec2)       Name.1=a&Name.2=b
//   map (query)      Name.entry.1.key=k&Name.entry.1.value=v
//
//   QueryParams p;
//   p.add("DBClusterIdentifier", "orders-primary");
//   auto f = p.item("Filters", 1, QueryStyle::kQuery, "Filter");  // Filters.Filter.1
//   f.add("Name", "engine").add_list("Values", {"aurora-mysql"}, QueryStyle::kQuery, "Value");
//   HttpRequest req = build_query_request("DescribeDBClusters", "2014-10-31", p);
//
// Responses are <OpResponse><OpResult>...</OpResult><ResponseMetadata> documents (ec2:
// <OpResponse> holds the result directly); query_result() finds the result node.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drh/core/http.h"
#include "drh/core/result.h"

namespace drh {

/// How lists are flattened: Name.member.N (query) or Name.N (ec2).
enum class QueryStyle { kQuery, kEc2 };

inline constexpr std::string_view kFormContentType =
    "application/x-www-form-urlencoded; charset=utf-8";

/// Ordered key/value pairs of a Query/EC2 request (values not yet encoded).
class QueryParams {
 public:
  using Entry = std::pair<std::string, std::string>;
  class Scope;

  QueryParams& add(std::string key, std::string_view value);
  QueryParams& add(std::string key, const char* value) {
    return add(std::move(key), std::string_view(value));
  }
  /// Integers and booleans ("true"/"false").
  template <std::integral T>
  QueryParams& add(std::string key, T value) {
    if constexpr (std::same_as<T, bool>) {
      return add(std::move(key), std::string_view(value ? "true" : "false"));
    } else {
      return add(std::move(key), std::string_view(std::to_string(value)));
    }
  }
  /// Shortest round-trip form of a double.
  QueryParams& add(std::string key, double value);
  /// Adds only when `value` is set.
  QueryParams& add_optional(std::string key, const std::optional<std::string>& value) {
    return value ? add(std::move(key), std::string_view(*value)) : *this;
  }

  /// Name.member.N (or Name.<member_name>.N) / Name.N, numbered from 1. An empty list
  /// adds "Name=" in query style (how AWS sends an empty list) and nothing in ec2 style.
  QueryParams& add_list(std::string_view name, const std::vector<std::string>& values,
                        QueryStyle style = QueryStyle::kQuery,
                        std::string_view member_name = "member");
  /// Name.entry.N.key / Name.entry.N.value (names of key and value configurable).
  QueryParams& add_map(std::string_view name, const std::vector<Entry>& entries,
                       std::string_view key_name = "key", std::string_view value_name = "value");

  /// A view that prefixes every key with "prefix." (nested structures).
  Scope scope(std::string prefix);
  /// The scope of item `index` (1-based) of list `name`: Name.member.N / Name.N.
  Scope item(std::string_view name, std::size_t index, QueryStyle style = QueryStyle::kQuery,
             std::string_view member_name = "member");

  /// "Name.member.3" / "Name.3".
  static std::string list_key(std::string_view name, std::size_t index,
                              QueryStyle style = QueryStyle::kQuery,
                              std::string_view member_name = "member");

  /// application/x-www-form-urlencoded: key=value&..., both RFC 3986-encoded (space is
  /// %20, never '+'), in insertion order.
  std::string encode() const;

  /// First value of `key`.
  std::optional<std::string_view> get(std::string_view key) const;
  const std::vector<Entry>& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<Entry> entries_;
};

/// Keys added through a Scope are "prefix.key" in the underlying QueryParams.
class QueryParams::Scope {
 public:
  Scope(QueryParams& params, std::string prefix) : params_(&params), prefix_(std::move(prefix)) {}

  template <typename V>
  Scope& add(std::string_view key, V&& value) {
    params_->add(join(key), std::forward<V>(value));
    return *this;
  }
  Scope& add_list(std::string_view name, const std::vector<std::string>& values,
                  QueryStyle style = QueryStyle::kQuery, std::string_view member_name = "member") {
    params_->add_list(join(name), values, style, member_name);
    return *this;
  }
  Scope& add_map(std::string_view name, const std::vector<Entry>& entries,
                 std::string_view key_name = "key", std::string_view value_name = "value") {
    params_->add_map(join(name), entries, key_name, value_name);
    return *this;
  }
  Scope scope(std::string_view key) const { return Scope(*params_, join(key)); }
  Scope item(std::string_view name, std::size_t index, QueryStyle style = QueryStyle::kQuery,
             std::string_view member_name = "member") const {
    return Scope(*params_, QueryParams::list_key(join(name), index, style, member_name));
  }
  const std::string& prefix() const { return prefix_; }

 private:
  std::string join(std::string_view key) const {
    std::string k;
    k.reserve(prefix_.size() + 1 + key.size());
    k.append(prefix_).append(".").append(key);
    return k;
  }
  QueryParams* params_;
  std::string prefix_;
};

/// key=value&... with uri_encode on both sides (space -> %20).
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& entries);
/// Splits a form body (or a query string) into decoded pairs, in order. '+' decodes to a
/// space, a key without '=' has an empty value, empty segments are skipped.
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body);

/// POST / with Content-Type kFormContentType and the body
/// Action=<action>&Version=<version>&<params...>. Host and scheme are left empty.
HttpRequest build_query_request(std::string_view action, std::string_view version,
                                const QueryParams& params);

/// Parses a Query/EC2 response into `doc` and returns its result node: <OpResult> inside
/// <OpResponse> (query), or <OpResponse> itself (ec2, and query operations without
/// output). kDecode when the body is not XML or the root is not <OpResponse>.
Result<pugi::xml_node> load_query_result(pugi::xml_document& doc, std::string_view body,
                                         std::string_view operation);
/// The same on an already parsed document.
Result<pugi::xml_node> query_result(const pugi::xml_document& doc, std::string_view operation);
/// <ResponseMetadata><RequestId> (query) or <requestId> (ec2); "" when absent.
std::string_view query_request_id(const pugi::xml_document& doc);

}  // namespace drh
