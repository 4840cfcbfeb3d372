// Decoding helpers the rest-xml codecs (S3, Route 53) share: typed reads of elements and
// headers that keep the first problem, so a decoder reads a whole document straight
// through and reports one clear error naming the operation, the element and its parent.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "drh/core/clock.h"
#include "drh/core/http.h"
#include "drh/core/result.h"

namespace drh::aws::restxml {

class FieldReader {
 public:
  explicit FieldReader(std::string_view operation) : operation_(operation) {}

  /// Text of child `name`; "" when absent.
  std::string text(pugi::xml_node node, const char* name) const;
  /// Text of child `name`; nullopt when absent ("" for an empty element).
  std::optional<std::string> optional_text(pugi::xml_node node, const char* name) const;
  /// Text of child `name`; records MissingElement when absent.
  std::string required_text(pugi::xml_node node, const char* name);
  /// Child element `name`; records MissingElement when absent.
  pugi::xml_node required_child(pugi::xml_node node, const char* name);

  /// Converted child `name`: nullopt when absent or empty; records InvalidElement when
  /// the text is not a value of the type.
  std::optional<std::int64_t> int64(pugi::xml_node node, const char* name);
  std::optional<int> int32(pugi::xml_node node, const char* name);
  std::optional<double> number(pugi::xml_node node, const char* name);
  std::optional<bool> boolean(pugi::xml_node node, const char* name);
  /// ISO 8601 (the format of rest-xml bodies).
  std::optional<TimePoint> timestamp(pugi::xml_node node, const char* name);

  /// Header value; "" when absent.
  static std::string header(const HttpResponse& response, std::string_view name);
  std::optional<std::int64_t> header_int64(const HttpResponse& response, std::string_view name);
  std::optional<bool> header_bool(const HttpResponse& response, std::string_view name);
  /// RFC 822 (the HTTP-date of rest headers).
  std::optional<TimePoint> header_time(const HttpResponse& response, std::string_view name);

  /// Records `message` as a kDecode error of `code` unless one is already recorded.
  void fail(std::string code, std::string message);
  bool ok() const { return !error_.has_value(); }
  /// The recorded error (call only when !ok()).
  Error error() const { return *error_; }

 private:
  void invalid(std::string_view where, std::string_view what, std::string_view text);

  std::string operation_;
  std::optional<Error> error_;
};

/// Parses the body and returns its document element, which must have one of `roots` as
/// its local name (any root when empty). Errors are kDecode and name the operation.
Result<pugi::xml_node> load_result(pugi::xml_document& doc, const HttpResponse& response,
                                   std::string_view operation,
                                   std::initializer_list<std::string_view> roots);

/// `value`, or the reader's error carrying the response's request id.
template <typename T>
Result<T> finish(const FieldReader& reader, const HttpResponse& response, T value) {
  if (!reader.ok()) {
    Error e = reader.error();
    e.request_id = response.request_id;
    return e;
  }
  return value;
}

}  // namespace drh::aws::restxml
