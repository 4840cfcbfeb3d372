#include "drh/protocol/query.h"

#include <charconv>

#include "drh/core/encoding.h"
#include "drh/protocol/xml.h"

namespace drh {

QueryParams& QueryParams::add(std::string key, std::string_view value) {
  entries_.emplace_back(std::move(key), std::string(value));
  return *this;
}

QueryParams& QueryParams::add(std::string key, double value) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  return add(std::move(key), std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}

std::string QueryParams::list_key(std::string_view name, std::size_t index, QueryStyle style,
                                  std::string_view member_name) {
  std::string k(name);
  if (style == QueryStyle::kQuery) {
    k += '.';
    k.append(member_name);
  }
  k += '.';
  k += std::to_string(index);
  return k;
}

QueryParams& QueryParams::add_list(std::string_view name, const std::vector<std::string>& values,
                                   QueryStyle style, std::string_view member_name) {
  if (values.empty()) {
    if (style == QueryStyle::kQuery) add(std::string(name), std::string_view());
    return *this;
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    add(list_key(name, i + 1, style, member_name), std::string_view(values[i]));
  }
  return *this;
}

QueryParams& QueryParams::add_map(std::string_view name, const std::vector<Entry>& entries,
                                  std::string_view key_name, std::string_view value_name) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    std::string prefix = std::string(name) + ".entry." + std::to_string(i + 1) + ".";
    add(prefix + std::string(key_name), std::string_view(entries[i].first));
    add(prefix + std::string(value_name), std::string_view(entries[i].second));
  }
  return *this;
}

QueryParams::Scope QueryParams::scope(std::string prefix) {
  return Scope(*this, std::move(prefix));
}

QueryParams::Scope QueryParams::item(std::string_view name, std::size_t index, QueryStyle style,
                                     std::string_view member_name) {
  return Scope(*this, list_key(name, index, style, member_name));
}

std::string QueryParams::encode() const { return form_encode(entries_); }

std::optional<std::string_view> QueryParams::get(std::string_view key) const {
  for (const auto& [k, v] : entries_) {
    if (k == key) return std::string_view(v);
  }
  return std::nullopt;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out;
  std::size_t estimate = 0;
  for (const auto& [k, v] : entries) estimate += k.size() + v.size() + 2;
  out.reserve(estimate + estimate / 8);
  for (const auto& [k, v] : entries) {
    if (!out.empty()) out += '&';
    out += uri_encode(k);
    out += '=';
    out += uri_encode(v);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    std::size_t amp = body.find('&', pos);
    if (amp == std::string_view::npos) amp = body.size();
    std::string_view part = body.substr(pos, amp - pos);
    if (!part.empty()) {
      std::size_t eq = part.find('=');
      if (eq == std::string_view::npos) {
        out.emplace_back(uri_decode(part, true), std::string());
      } else {
        out.emplace_back(uri_decode(part.substr(0, eq), true),
                         uri_decode(part.substr(eq + 1), true));
      }
    }
    pos = amp + 1;
  }
  return out;
}

HttpRequest build_query_request(std::string_view action, std::string_view version,
                                const QueryParams& params) {
  HttpRequest req;
  req.method = "POST";
  req.scheme.clear();
  req.headers.add("Content-Type", std::string(kFormContentType));
  std::string body;
  body.reserve(32 + action.size() + version.size() + params.size() * 24);
  body += "Action=";
  body += uri_encode(action);
  body += "&Version=";
  body += uri_encode(version);
  for (const auto& [k, v] : params.entries()) {
    body += '&';
    body += uri_encode(k);
    body += '=';
    body += uri_encode(v);
  }
  req.body = std::move(body);
  return req;
}

Result<pugi::xml_node> query_result(const pugi::xml_document& doc, std::string_view operation) {
  pugi::xml_node root = doc.document_element();
  std::string expected = std::string(operation) + "Response";
  if (!root || xml::local_name(root) != expected) {
    return make_error(ErrorKind::kDecode, "UnexpectedResponse",
                      "expected <" + expected + "> as the document element, got <" +
                          std::string(root ? root.name() : "") + ">");
  }
  std::string result_name = std::string(operation) + "Result";
  for (pugi::xml_node child : xml::elements(root)) {
    if (xml::local_name(child) == result_name) return child;
  }
  return root;
}

Result<pugi::xml_node> load_query_result(pugi::xml_document& doc, std::string_view body,
                                         std::string_view operation) {
  if (Status s = xml::load(doc, body); !s.ok()) return s.error();
  return query_result(doc, operation);
}

std::string_view query_request_id(const pugi::xml_document& doc) {
  pugi::xml_node root = doc.document_element();
  if (pugi::xml_node meta = root.child("ResponseMetadata")) {
    return xml::child_text(meta, "RequestId");
  }
  if (pugi::xml_node id = root.child("requestId")) return id.child_value();
  if (pugi::xml_node id = root.child("RequestId")) return id.child_value();
  return {};
}

}  // namespace drh
