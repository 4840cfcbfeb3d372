// build_generic_request: JSON params -> HttpRequest for every protocol (see generic.h).

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "drh/core/encoding.h"
#include "drh/protocol/errors.h"
#include "drh/protocol/generic.h"
#include "drh/protocol/json_protocol.h"
#include "drh/protocol/query.h"
#include "drh/protocol/rest.h"
#include "drh/protocol/rest_xml.h"
#include "drh/protocol/timestamp.h"
#include "drh/protocol/xml.h"
#include "rest_model.h"
#include "text_util.h"

namespace drh {
namespace {

using nlohmann::json;
namespace rm = rest_model;

const char* type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::binary:
      return "binary";
    case json::value_t::discarded:
      return "invalid";
    default:
      return "a number";
  }
}

Error bad_param(std::string_view path, std::string_view what) {
  return invalid_input("parameter " + std::string(path) + ": " + std::string(what));
}

// The text of a JSON scalar as the query/rest protocols send it.
std::string scalar_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();  // numbers; integers print without a fraction
}

std::string join_path(std::string_view path, std::string_view key) {
  std::string out(path);
  if (!out.empty()) out += '.';
  out.append(key);
  return out;
}

bool is_scalar(const json& v) { return v.is_string() || v.is_boolean() || v.is_number(); }

bool is_identifier(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------- query / ec2

void flatten(const json& v, const std::string& key, QueryStyle style, QueryParams& out) {
  switch (v.type()) {
    case json::value_t::null:
      return;
    case json::value_t::object:
      for (const auto& [k, sub] : v.items()) {
        flatten(sub, key.empty() ? k : key + "." + k, style, out);
      }
      return;
    case json::value_t::array:
      if (v.empty()) {
        if (style == QueryStyle::kQuery) out.add(key, std::string_view());
        return;
      }
      for (std::size_t i = 0; i < v.size(); ++i) {
        flatten(v[i], QueryParams::list_key(key, i + 1, style), style, out);
      }
      return;
    default:
      out.add(key, std::string_view(scalar_text(v)));
  }
}

Result<HttpRequest> build_query(const ServiceInfo& service, std::string_view operation,
                                const json& params, QueryStyle style) {
  std::string version(service.api_version);
  QueryParams flat;
  if (params.is_object()) {
    for (const auto& [key, value] : params.items()) {
      if (key.empty()) return bad_param("\"\"", "empty name");
      if (key == "Version") {
        if (!value.is_string()) return bad_param("Version", "must be a string");
        version = value.get<std::string>();
        continue;
      }
      if (key == "Action") {
        if (!value.is_string() || value.get<std::string>() != operation) {
          return bad_param("Action", "conflicts with the operation " + std::string(operation));
        }
        continue;
      }
      flatten(value, key, style, flat);
    }
  }
  return build_query_request(operation, version, flat);
}

// ---------------------------------------------------------------- rest: XML bodies

class XmlBodyWriter {
 public:
  explicit XmlBodyWriter(xml::XmlWriter& w) : w_(w) {}

  Status write(const json& v, int shape_index, std::string_view element, const std::string& path,
               const char* ns_override = nullptr) {
    // ns_override: the namespace the model puts on the body's root element.
    const rm::XmlShape& shape = rm::xml_shape(shape_index);
    switch (shape.kind) {
      case rm::kStructure:
        return write_structure(v, shape, element, path, ns_override);
      case rm::kList:
        return write_list(v, shape, element, path);
      case rm::kMap:
        return write_map(v, shape, element, path);
      default: {
        auto text = scalar(v, shape.kind, path);
        if (!text.ok()) return text.error();
        w_.element(element, *text);
        return Ok{};
      }
    }
  }

 private:
  static Result<std::string> scalar(const json& v, rm::Kind kind, const std::string& path) {
    switch (kind) {
      case rm::kBoolean:
        if (v.is_boolean()) return std::string(v.get<bool>() ? "true" : "false");
        if (v.is_string()) {
          if (auto b = xml::to_bool(v.get_ref<const std::string&>())) {
            return std::string(*b ? "true" : "false");
          }
        }
        return bad_param(path, std::string("expected a boolean, got ") + type_name(v));
      case rm::kInteger:
        if (v.is_number_integer()) return v.dump();
        if (v.is_string() && xml::to_int(v.get_ref<const std::string&>())) {
          return v.get<std::string>();
        }
        return bad_param(path, std::string("expected an integer, got ") + type_name(v));
      case rm::kFloat:
        if (v.is_number()) return v.dump();
        if (v.is_string() && xml::to_double(v.get_ref<const std::string&>())) {
          return v.get<std::string>();
        }
        return bad_param(path, std::string("expected a number, got ") + type_name(v));
      case rm::kTimestamp:
        if (v.is_number()) {
          auto t = epoch_seconds_to_time(v.get<double>(), ErrorKind::kInvalidInput);
          if (!t.ok()) return bad_param(path, t.error().message);
          return format_timestamp(*t, TimestampFormat::kIso8601);
        }
        if (v.is_string()) return v.get<std::string>();
        return bad_param(path, std::string("expected a timestamp, got ") + type_name(v));
      case rm::kBlob:  // already base64, as on the wire (see generic.h)
        if (v.is_string()) return v.get<std::string>();
        return bad_param(path, std::string("expected a base64 string, got ") + type_name(v));
      default:
        if (is_scalar(v)) return scalar_text(v);
        return bad_param(path, std::string("expected a string, got ") + type_name(v));
    }
  }

  Status write_structure(const json& v, const rm::XmlShape& shape, std::string_view element,
                         const std::string& path, const char* ns_override) {
    if (!v.is_object()) {
      return bad_param(path, std::string("expected an object, got ") + type_name(v));
    }
    auto fields = rm::fields(shape);
    for (const auto& [key, value] : v.items()) {
      bool known = false;
      for (const rm::XmlField& f : fields) known = known || key == f.name;
      if (!known) {
        std::string accepted;
        for (const rm::XmlField& f : fields) {
          if (!accepted.empty()) accepted += ", ";
          accepted += f.name;
        }
        return bad_param(join_path(path, key), "unknown member; accepted: " + accepted);
      }
    }
    w_.start(element);
    const char* ns = ns_override ? ns_override : shape.ns_uri;
    if (ns != nullptr) w_.xmlns(ns, shape.ns_prefix ? shape.ns_prefix : "");
    // Attributes first, while the start tag is open; then elements in model order, the
    // order the service's schema expects.
    for (const rm::XmlField& f : fields) {
      if (!f.attribute) continue;
      auto it = v.find(f.name);
      if (it == v.end() || it->is_null()) continue;
      if (!is_scalar(*it)) return bad_param(join_path(path, f.name), "expected a string");
      w_.attribute(f.element(), scalar_text(*it));
    }
    for (const rm::XmlField& f : fields) {
      if (f.attribute) continue;
      auto it = v.find(f.name);
      if (it == v.end() || it->is_null()) continue;
      if (Status s = write(*it, f.shape, f.element(), join_path(path, f.name)); !s.ok()) return s;
    }
    w_.end();
    return Ok{};
  }

  Status write_list(const json& v, const rm::XmlShape& shape, std::string_view element,
                    const std::string& path) {
    if (!v.is_array()) {
      return bad_param(path, std::string("expected an array, got ") + type_name(v));
    }
    const rm::XmlField& item = rm::fields(shape)[0];
    if (!shape.flattened) {
      w_.start(element);
      if (shape.ns_uri != nullptr) w_.xmlns(shape.ns_uri, shape.ns_prefix ? shape.ns_prefix : "");
    }
    std::string_view item_element = shape.flattened ? element : item.element();
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i].is_null()) continue;
      if (Status s = write(v[i], item.shape, item_element, path + "[" + std::to_string(i) + "]");
          !s.ok()) {
        return s;
      }
    }
    if (!shape.flattened) w_.end();
    return Ok{};
  }

  Status write_map(const json& v, const rm::XmlShape& shape, std::string_view element,
                   const std::string& path) {
    if (!v.is_object()) {
      return bad_param(path, std::string("expected an object, got ") + type_name(v));
    }
    auto f = rm::fields(shape);
    if (!shape.flattened) w_.start(element);
    for (const auto& [key, value] : v.items()) {
      w_.start(shape.flattened ? element : std::string_view("entry"));
      w_.element(f[0].element(), key);
      if (Status s = write(value, f[1].shape, f[1].element(), join_path(path, key)); !s.ok()) {
        return s;
      }
      w_.end();
    }
    if (!shape.flattened) w_.end();
    return Ok{};
  }

  xml::XmlWriter& w_;
};

// ---------------------------------------------------------------- rest: placement

// Route 53 ids come back as "/hostedzone/Z123" and "/change/C456"; the URI wants "Z123".
std::string strip_route53_prefix(std::string value) {
  for (std::string_view prefix : {"/hostedzone/", "/change/", "/delegationset/", "/healthcheck/"}) {
    if (starts_with(value, prefix)) return value.substr(prefix.size());
  }
  return value;
}

// A header list value: items joined by ',', quoted when they hold ',' or '"'.
std::string header_list(const json& items) {
  std::string out;
  for (const json& item : items) {
    if (item.is_null()) continue;
    std::string s = scalar_text(item);
    if (!out.empty()) out += ',';
    if (s.find_first_of(",\"") != std::string::npos) {
      std::string q = "\"";
      for (char c : s) {
        if (c == '"') q += '\\';
        q += c;
      }
      q += '"';
      s = std::move(q);
    }
    out += s;
  }
  return out;
}

Result<std::string> location_scalar(const json& v, const rm::Member& m, const std::string& path,
                                    TimestampFormat timestamp_format) {
  if (m.kind == rm::kTimestamp && v.is_number()) {
    auto t = epoch_seconds_to_time(v.get<double>(), ErrorKind::kInvalidInput);
    if (!t.ok()) return bad_param(path, t.error().message);
    return format_timestamp(*t, timestamp_format);
  }
  if (!is_scalar(v)) {
    return bad_param(path, std::string("expected a string or number, got ") + type_name(v));
  }
  return scalar_text(v);
}

std::string accepted_members(const rm::Operation& op) {
  std::string out;
  for (const rm::Member& m : rm::members(op)) {
    if (!out.empty()) out += ", ";
    out += m.name;
  }
  return out.empty() ? std::string("(none)") : out;
}

// Case-insensitive edit distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

Error unknown_operation(const ServiceInfo& service, std::string_view operation) {
  std::vector<std::pair<std::size_t, std::string_view>> ranked;
  for (const rm::Operation& op : rm::operations(service.id)) {
    std::size_t d = edit_distance(operation, op.name);
    if (d <= std::max<std::size_t>(3, operation.size() / 3)) ranked.emplace_back(d, op.name);
  }
  std::sort(ranked.begin(), ranked.end());
  std::string msg = "unknown operation '" + protocol_detail::printable_excerpt(operation, 64) +
                    "' for " + std::string(service.id);
  if (rm::operations(service.id).empty()) {
    msg += " (no HTTP bindings for this service's operations)";
  }
  for (std::size_t i = 0; i < ranked.size() && i < 5; ++i) {
    msg += i == 0 ? "; did you mean " : ", ";
    msg += ranked[i].second;
  }
  return invalid_input(std::move(msg));
}

Result<HttpRequest> build_rest(const ServiceInfo& service, std::string_view operation,
                               const json& params, Protocol protocol) {
  const rm::Operation* op = rm::find_operation(service.id, operation);
  if (op == nullptr) return unknown_operation(service, operation);
  const bool route53 = service.id == "route53";
  const bool xml_protocol = protocol == Protocol::kRestXml;
  const std::string op_label = std::string(service.id) + " " + op->name;

  RestRequestBuilder b(op->method, op->request_uri);
  json body_members = json::object();
  const json* payload_value = nullptr;
  std::optional<std::string> raw_body;
  auto members = rm::members(*op);

  if (params.is_object()) {
    for (const auto& [key, value] : params.items()) {
      if (key == "__body") {
        if (!value.is_string()) return bad_param("__body", "must be a string (the raw body)");
        raw_body = value.get<std::string>();
        continue;
      }
      if (value.is_null()) continue;
      const rm::Member* m = nullptr;
      for (const rm::Member& candidate : members) {
        if (key == candidate.name) m = &candidate;
      }
      if (m == nullptr) {
        return bad_param(key, "unknown for " + op_label + "; accepted: " + accepted_members(*op) +
                                  " (or __body)");
      }
      switch (m->location) {
        case rm::kUri: {
          auto text = location_scalar(value, *m, key, TimestampFormat::kIso8601);
          if (!text.ok()) return text.error();
          b.label(m->wire(), route53 ? strip_route53_prefix(std::move(*text)) : std::move(*text));
          break;
        }
        case rm::kQuery: {
          if (value.is_object()) {  // a map: each entry is its own parameter
            for (const auto& [k, v] : value.items()) {
              if (v.is_array()) {
                for (const json& item : v) b.query(k, scalar_text(item));
              } else if (is_scalar(v)) {
                b.query(k, scalar_text(v));
              } else {
                return bad_param(key + "." + k, "expected a string or a list of strings");
              }
            }
          } else if (value.is_array()) {
            for (const json& item : value) {
              if (!is_scalar(item)) return bad_param(key, "expected a list of strings");
              b.query(std::string(m->wire()), scalar_text(item));
            }
          } else {
            auto text = location_scalar(value, *m, key, TimestampFormat::kIso8601);
            if (!text.ok()) return text.error();
            b.query(std::string(m->wire()),
                    route53 ? strip_route53_prefix(std::move(*text)) : std::move(*text));
          }
          break;
        }
        case rm::kHeader: {
          if (value.is_array()) {
            if (!value.empty()) b.header(std::string(m->wire()), header_list(value));
          } else if ((m->flags & rm::kJsonValue) != 0 && !value.is_string()) {
            b.header(std::string(m->wire()), base64_encode(value.dump()));
          } else {
            auto text = location_scalar(value, *m, key, TimestampFormat::kRfc822);
            if (!text.ok()) return text.error();
            b.header(std::string(m->wire()), std::move(*text));
          }
          break;
        }
        case rm::kHeaders: {
          if (!value.is_object()) {
            return bad_param(
                key, std::string("expected an object of header values, got ") + type_name(value));
          }
          for (const auto& [k, v] : value.items()) {
            if (!is_scalar(v)) return bad_param(key + "." + k, "expected a string");
            b.header(std::string(m->wire()) + k, scalar_text(v));
          }
          break;
        }
        case rm::kPayload:
          if (op->payload_blob) {
            if (!value.is_string()) {
              return bad_param(
                  key, std::string("the raw payload must be a string, got ") + type_name(value));
            }
          }
          payload_value = &value;
          break;
        case rm::kBody:
          body_members[std::string(m->wire())] = value;
          break;
      }
    }
  } else if (!params.is_null()) {
    return invalid_input("parameters must be a JSON object, got " + std::string(type_name(params)));
  }

  for (const rm::Member& m : members) {
    if ((m.flags & rm::kRequired) == 0) continue;
    bool in_body = m.location == rm::kPayload || m.location == rm::kBody;
    if (raw_body && in_body) continue;
    auto it = params.is_object() ? params.find(m.name) : params.end();
    if (!params.is_object() || it == params.end() || it->is_null()) {
      return invalid_input("missing required parameter " + std::string(m.name) + " for " +
                           op_label);
    }
  }

  std::string body;
  std::string_view content_type;
  if (raw_body) {
    body = std::move(*raw_body);
    if (!xml_protocol && !op->payload_blob) content_type = kRestJsonContentType;
  } else if (op->payload != nullptr && op->payload_blob) {
    if (payload_value != nullptr) body = payload_value->get<std::string>();
  } else if (op->payload != nullptr) {
    if (payload_value != nullptr) {
      if (xml_protocol) {
        xml::XmlWriter w(512);
        XmlBodyWriter writer(w);
        if (Status s =
                writer.write(*payload_value, op->body_shape, op->xml_root, op->payload, op->xml_ns);
            !s.ok()) {
          return s.error();
        }
        body = w.take();
      } else {
        body = payload_value->dump();
        content_type = kRestJsonContentType;
      }
    } else if (!xml_protocol) {
      body = "{}";
      content_type = kRestJsonContentType;
    }
  } else if (!body_members.empty()) {
    if (xml_protocol) {
      // The members without a location, inside the input's root element. Rename back from
      // wire names: the XML shape of the input holds the body members by member name.
      json by_name = json::object();
      for (const rm::Member& m : members) {
        if (m.location != rm::kBody) continue;
        if (auto it = body_members.find(std::string(m.wire())); it != body_members.end()) {
          by_name[m.name] = *it;
        }
      }
      xml::XmlWriter w(512);
      XmlBodyWriter writer(w);
      if (Status s = writer.write(by_name, op->body_shape, op->xml_root, "", op->xml_ns); !s.ok()) {
        return s.error();
      }
      body = w.take();
    } else {
      body = body_members.dump();
      content_type = kRestJsonContentType;
    }
  } else if (!xml_protocol) {
    for (const rm::Member& m : members) {
      if (m.location == rm::kBody) {
        body = "{}";  // rest-json sends an empty object when the input has body members
        content_type = kRestJsonContentType;
        break;
      }
    }
  }
  b.body(std::move(body), content_type);
  auto req = b.build();
  if (!req.ok()) {
    Error e = std::move(req).error();
    e.message += " (" + op_label + ")";
    return e;
  }
  if (op->checksum_required && !req->headers.has("Content-MD5")) {
    bool has_checksum = false;
    for (const auto& [k, v] : req->headers) {
      has_checksum = has_checksum || starts_with(to_lower(k), "x-amz-checksum-");
    }
    if (!has_checksum) req->headers.add("Content-MD5", md5_base64(req->body));
  }
  return req;
}

}  // namespace

Result<HttpRequest> build_generic_request(const ServiceInfo& service, std::string_view operation,
                                          const nlohmann::json& params) {
  auto protocol = parse_protocol(service.protocol);
  if (!protocol.ok()) return protocol.error();
  if (!params.is_null() && !params.is_object()) {
    return invalid_input("parameters must be a JSON object, got " + std::string(type_name(params)));
  }
  if (*protocol != Protocol::kRestXml && *protocol != Protocol::kRestJson &&
      !is_identifier(operation)) {
    return invalid_input("operation '" + protocol_detail::printable_excerpt(operation, 64) +
                         "' is not an operation name (expected e.g. DescribeDBClusters)");
  }
  switch (*protocol) {
    case Protocol::kQuery:
      return build_query(service, operation, params, QueryStyle::kQuery);
    case Protocol::kEc2:
      return build_query(service, operation, params, QueryStyle::kEc2);
    case Protocol::kJson:
      return build_json_request(service, operation, params.is_null() ? "{}" : params.dump());
    case Protocol::kRestXml:
    case Protocol::kRestJson:
      return build_rest(service, operation, params, *protocol);
  }
  return make_error(ErrorKind::kInternal, "UnknownProtocol", "unhandled protocol");
}

}  // namespace drh
