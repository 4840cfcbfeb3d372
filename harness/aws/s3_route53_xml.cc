#include "s3_route53_xml.h"

#include "drh/core/encoding.h"
#include "drh/protocol/timestamp.h"
#include "drh/protocol/xml.h"

namespace drh::aws::restxml {
namespace {

// Bad values are quoted in messages: keep them short and on one line.
std::string excerpt(std::string_view text) {
  constexpr std::size_t kMax = 64;
  std::string out;
  for (char c : text.substr(0, kMax)) {
    unsigned char u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7F) ? '?' : c;
  }
  if (text.size() > kMax) out += "...";
  return out;
}

std::string where(pugi::xml_node node, const char* name) {
  return std::string("<") + name + "> in <" + node.name() + ">";
}

}  // namespace

std::string FieldReader::text(pugi::xml_node node, const char* name) const {
  return std::string(node.child(name).child_value());
}

std::optional<std::string> FieldReader::optional_text(pugi::xml_node node, const char* name) const {
  pugi::xml_node c = node.child(name);
  if (!c) return std::nullopt;
  return std::string(c.child_value());
}

std::string FieldReader::required_text(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  if (!c) {
    fail("MissingElement", "missing " + where(node, name));
    return {};
  }
  return std::string(c.child_value());
}

pugi::xml_node FieldReader::required_child(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  if (!c) fail("MissingElement", "missing " + where(node, name));
  return c;
}

std::optional<std::int64_t> FieldReader::int64(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  std::string_view t = trim(c.child_value());
  if (!c || t.empty()) return std::nullopt;
  if (auto v = xml::to_int(t)) return v;
  invalid(where(node, name), "an integer", t);
  return std::nullopt;
}

std::optional<int> FieldReader::int32(pugi::xml_node node, const char* name) {
  auto v = int64(node, name);
  if (!v) return std::nullopt;
  if (*v < INT32_MIN || *v > INT32_MAX) {
    invalid(where(node, name), "a 32-bit integer", node.child(name).child_value());
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

std::optional<double> FieldReader::number(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  std::string_view t = trim(c.child_value());
  if (!c || t.empty()) return std::nullopt;
  if (auto v = xml::to_double(t)) return v;
  invalid(where(node, name), "a number", t);
  return std::nullopt;
}

std::optional<bool> FieldReader::boolean(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  std::string_view t = trim(c.child_value());
  if (!c || t.empty()) return std::nullopt;
  if (auto v = xml::to_bool(t)) return v;
  invalid(where(node, name), "a boolean", t);
  return std::nullopt;
}

std::optional<TimePoint> FieldReader::timestamp(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  std::string_view t = trim(c.child_value());
  if (!c || t.empty()) return std::nullopt;
  auto v = parse_iso8601(t);
  if (v.ok()) return *v;
  invalid(where(node, name), "an ISO 8601 timestamp", t);
  return std::nullopt;
}

std::string FieldReader::header(const HttpResponse& response, std::string_view name) {
  auto v = response.headers.get(name);
  return v ? std::string(trim(*v)) : std::string();
}

std::optional<std::int64_t> FieldReader::header_int64(const HttpResponse& response,
                                                      std::string_view name) {
  std::string v = header(response, name);
  if (v.empty()) return std::nullopt;
  if (auto n = xml::to_int(v)) return n;
  invalid("header " + std::string(name), "an integer", v);
  return std::nullopt;
}

std::optional<bool> FieldReader::header_bool(const HttpResponse& response, std::string_view name) {
  std::string v = header(response, name);
  if (v.empty()) return std::nullopt;
  if (auto b = xml::to_bool(v)) return b;
  invalid("header " + std::string(name), "a boolean", v);
  return std::nullopt;
}

std::optional<TimePoint> FieldReader::header_time(const HttpResponse& response,
                                                  std::string_view name) {
  std::string v = header(response, name);
  if (v.empty()) return std::nullopt;
  auto t = parse_rfc822(v);
  if (t.ok()) return *t;
  invalid("header " + std::string(name), "an HTTP date", v);
  return std::nullopt;
}

void FieldReader::fail(std::string code, std::string message) {
  if (error_) return;
  error_ = make_error(ErrorKind::kDecode, std::move(code),
                      "decoding " + operation_ + " response: " + message);
}

void FieldReader::invalid(std::string_view where_text, std::string_view what,
                          std::string_view text) {
  fail("InvalidElement",
       std::string(where_text) + " is not " + std::string(what) + ": '" + excerpt(text) + "'");
}

Result<pugi::xml_node> load_result(pugi::xml_document& doc, const HttpResponse& response,
                                   std::string_view operation,
                                   std::initializer_list<std::string_view> roots) {
  if (Status s = xml::load(doc, response.body); !s.ok()) {
    Error e = s.error();
    e.message = "decoding " + std::string(operation) + " response: " + e.message;
    e.request_id = response.request_id;
    return e;
  }
  pugi::xml_node root = doc.document_element();
  if (roots.size() == 0) return root;
  std::string expected;
  for (std::string_view r : roots) {
    if (xml::local_name(root) == r) return root;
    if (!expected.empty()) expected += " or ";
    expected += "<" + std::string(r) + ">";
  }
  Error e = make_error(ErrorKind::kDecode, "UnexpectedResponse",
                       "decoding " + std::string(operation) + " response: expected " + expected +
                           " as the document element, got <" + root.name() + ">");
  e.request_id = response.request_id;
  return e;
}

}  // namespace drh::aws::restxml
