// decode_generic_response and xml_to_json: responses -> JSON without a model (generic.h).

#include <cstring>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "drh/core/encoding.h"
#include "drh/protocol/errors.h"
#include "drh/protocol/generic.h"
#include "drh/protocol/xml.h"
#include "rest_model.h"
#include "text_util.h"

namespace drh {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------- XML -> JSON

bool is_xmlns(std::string_view attribute) {
  return attribute == "xmlns" || starts_with(attribute, "xmlns:");
}

bool has_element_child(pugi::xml_node node) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) return true;
  }
  return false;
}

bool ends_with_s(std::string_view s) { return !s.empty() && s.back() == 's'; }

// Is <parent> a list whose items are <child>, judging by names alone?
bool list_by_name(std::string_view parent, std::string_view child, bool child_is_structure,
                  bool rest_tables) {
  if (child == "member" || child == "item") return true;
  if (rest_tables && rest_model::is_wrapped_list(parent, child)) return true;
  if (parent.size() > child.size() && starts_with(parent, child)) {
    std::string_view suffix = parent.substr(child.size());
    // Buckets/Bucket, Addresses/Address, TagList/Tag, TagSet/Tag
    if (suffix == "s" || suffix == "es" || suffix == "List" || suffix == "Set") return true;
  }
  if (child.size() > parent.size() && starts_with(child, parent)) {
    std::string_view suffix = child.substr(parent.size());
    if (suffix == "Entry" || suffix == "Member" || suffix == "Item") return true;  // RecordData
  }
  if (ends_with_s(parent)) {
    std::string_view singular = parent.substr(0, parent.size() - 1);
    // DBClusterOptionGroupMemberships/DBClusterOptionGroup
    if (child.size() >= 4 && starts_with(singular, child)) return true;
    // VpcSecurityGroups/VpcSecurityGroupMembership
    if (child_is_structure && starts_with(child, singular)) return true;
  }
  return false;
}

class XmlToJson {
 public:
  explicit XmlToJson(bool rest_tables) : rest_tables_(rest_tables) {}

  // Any element: a leaf is its text, a list an array, anything else an object.
  json value(pugi::xml_node node) {
    if (depth_ >= kMaxDepth) {
      too_deep_ = true;
      return json();
    }
    ++depth_;
    json out = value_at_depth(node);
    --depth_;
    return out;
  }

  // The members of an element as an object. `context` names the element for the
  // flattened-list table ("*" for a response root without a payload member).
  json object(pugi::xml_node node, std::string_view context) {
    json obj = json::object();
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
      std::string_view n = a.name();
      if (is_xmlns(n)) continue;
      auto colon = n.find(':');
      obj[std::string(colon == std::string_view::npos ? n : n.substr(colon + 1))] = a.value();
    }
    // Keys whose value is a list of repeated (or flattened) siblings, as views into the
    // document.
    std::vector<std::string_view> list_keys;
    for (pugi::xml_node c = first_element(node.first_child()); c;
         c = first_element(c.next_sibling())) {
      std::string_view key_view = xml::local_name(c);
      bool listed = false;
      for (std::string_view k : list_keys) listed = listed || k == key_view;
      if (listed) {
        obj[std::string(key_view)].push_back(value(c));
        continue;
      }
      auto& members = obj.get_ref<json::object_t&>();
      auto [it, inserted] = members.try_emplace(std::string(key_view));
      if (inserted) {
        if (rest_tables_ && rest_model::is_flattened_list_item(context, key_view)) {
          it->second = json::array();
          it->second.push_back(value(c));
          list_keys.push_back(key_view);
        } else {
          it->second = value(c);
        }
      } else {
        // A repeated sibling: the first occurrence becomes the first item of a list.
        json first = std::move(it->second);
        it->second = json::array();
        it->second.push_back(std::move(first));
        it->second.push_back(value(c));
        list_keys.push_back(key_view);
      }
    }
    return obj;
  }

  // Set when the document nests deeper than any AWS answer does; the result is partial.
  bool too_deep() const { return too_deep_; }

 private:
  static constexpr int kMaxDepth = 200;

  json value_at_depth(pugi::xml_node node) {
    pugi::xml_node first = first_element(node.first_child());
    if (!first) return json(std::string(node.child_value()));
    // A list? All element children share one name and the names say so, or repeat.
    std::size_t count = 0;
    bool same = true;
    const char* name = first.name();
    for (pugi::xml_node c = first; c; c = first_element(c.next_sibling())) {
      ++count;
      if (same && c != first && std::strcmp(c.name(), name) != 0) same = false;
    }
    if (same && !has_plain_attributes(node)) {
      std::string_view parent = xml::local_name(node);
      std::string_view child = xml::local_name(first);
      bool list = count >= 2 ? !(rest_tables_ && rest_model::is_flattened_list_item(parent, child))
                             : list_by_name(parent, child, has_element_child(first), rest_tables_);
      if (list) {
        json arr = json::array();
        arr.get_ref<json::array_t&>().reserve(count);
        for (pugi::xml_node c = first; c; c = first_element(c.next_sibling())) {
          arr.push_back(value(c));
        }
        return arr;
      }
    }
    return object(node, xml::local_name(node));
  }

  static pugi::xml_node first_element(pugi::xml_node n) {
    while (n && n.type() != pugi::node_element) n = n.next_sibling();
    return n;
  }
  static bool has_plain_attributes(pugi::xml_node node) {
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
      if (!is_xmlns(a.name())) return true;
    }
    return false;
  }

  bool rest_tables_;
  int depth_ = 0;
  bool too_deep_ = false;
};

Error too_deep_error() {
  return make_error(ErrorKind::kDecode, "MalformedXml",
                    "XML nested too deeply (more than 200 levels)");
}

Error malformed_json(std::string_view body, const nlohmann::json::parse_error& e) {
  std::string what = e.what();
  if (auto close = what.find("] "); close != std::string::npos) what = what.substr(close + 2);
  return make_error(ErrorKind::kDecode, "MalformedJson",
                    "malformed JSON at byte " + std::to_string(e.byte) + " of " +
                        std::to_string(body.size()) + ": " + what);
}

Result<json> parse_json_body(std::string_view body) {
  if (trim(body).empty()) return json::object();
  try {
    return json::parse(body.begin(), body.end());
  } catch (const json::parse_error& e) {
    return malformed_json(body, e);
  }
}

// ---------------------------------------------------------------- headers and bodies

bool interesting_header(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "ETag",
      "Content-Length",
      "Content-Type",
      "Content-Encoding",
      "Content-Range",
      "Cache-Control",
      "Last-Modified",
      "Expires",
      "Location",
      "x-amz-version-id",
      "x-amz-delete-marker",
      "x-amz-replication-status",
      "x-amz-server-side-encryption",
      "x-amz-server-side-encryption-aws-kms-key-id",
      "x-amz-storage-class",
      "x-amz-expiration",
      "x-amz-restore",
      "x-amz-bucket-region",
      "x-amz-tagging-count",
      "x-amz-website-redirect-location",
      "x-amz-object-lock-mode",
      "x-amz-object-lock-retain-until-date",
      "x-amz-object-lock-legal-hold",
      "x-amz-function-error",
      "x-amz-executed-version",
      "x-amz-log-result",
  };
  for (std::string_view n : kNames) {
    if (iequals(n, name)) return true;
  }
  std::string lower = to_lower(name);
  return starts_with(lower, "x-amz-meta-") || starts_with(lower, "x-amz-checksum-");
}

json selected_headers(const HttpResponse& response) {
  json headers = json::object();
  for (const auto& [k, v] : response.headers) {
    if (interesting_header(k)) headers[k] = v;
  }
  return headers;
}

void put_body(json& out, const std::string& body) {
  if (protocol_detail::is_valid_utf8(body)) {
    out["Body"] = body;
  } else {
    out["Body"] = base64_encode(body);
    out["BodyEncoding"] = "base64";
  }
  out["ContentLength"] = body.size();
}

std::string request_id_of(const HttpResponse& response) {
  if (!response.request_id.empty()) return response.request_id;
  for (const char* name : {"x-amzn-RequestId", "x-amz-request-id", "x-amzn-request-id"}) {
    if (auto v = response.headers.get(name)) return std::string(*v);
  }
  return {};
}

Status load_xml(pugi::xml_document& doc, std::string_view body) { return xml::load(doc, body); }

// query: <OpResponse><OpResult>...</OpResult><ResponseMetadata/></OpResponse>;
// ec2: <OpResponse><requestId/>...</OpResponse>.
Result<json> decode_query(const HttpResponse& response, std::string_view operation, bool ec2,
                          std::string& request_id) {
  if (trim(response.body).empty()) return json::object();
  pugi::xml_document doc;
  if (Status s = load_xml(doc, response.body); !s.ok()) return s.error();
  pugi::xml_node root = doc.document_element();
  XmlToJson convert(false);
  // <OpResult> when there is one (matched by name, or any child ending in "Result").
  std::string result_name = std::string(operation) + "Result";
  pugi::xml_node result;
  for (pugi::xml_node c : xml::elements(root)) {
    std::string_view n = xml::local_name(c);
    if (n == "ResponseMetadata") {
      if (request_id.empty()) request_id = xml::child_text(c, "RequestId");
      continue;
    }
    if (!ec2 && (n == result_name || (!result && ends_with(n, "Result")))) result = c;
  }
  if (!result) {
    // ec2 style (<OpResponse> is the result) or a query operation without output.
    json obj = convert.object(root, "");
    for (const char* id : {"requestId", "RequestId"}) {
      if (auto it = obj.find(id); it != obj.end()) {
        if (request_id.empty() && it->is_string()) request_id = it->get<std::string>();
        obj.erase(it);
      }
    }
    obj.erase("ResponseMetadata");
    if (convert.too_deep()) return too_deep_error();
    return obj;
  }
  json obj = convert.object(result, "");
  if (convert.too_deep()) return too_deep_error();
  return obj;
}

}  // namespace

Result<json> xml_to_json(std::string_view xml_text) {
  pugi::xml_document doc;
  if (Status s = load_xml(doc, xml_text); !s.ok()) return s.error();
  pugi::xml_node root = doc.document_element();
  XmlToJson convert(true);
  if (!has_element_child(root)) {
    json obj = json::object();
    obj[std::string(xml::local_name(root))] = root.child_value();
    return obj;
  }
  json obj = convert.object(root, "*");
  if (convert.too_deep()) return too_deep_error();
  return obj;
}

Result<nlohmann::json> decode_generic_response(const ServiceInfo& service,
                                               std::string_view operation,
                                               const HttpResponse& response) {
  auto protocol = parse_protocol(service.protocol);
  if (!protocol.ok()) return protocol.error();
  if (!response.is_success()) return decode_error_response(response, *protocol);

  std::string request_id = request_id_of(response);
  json out;
  const rest_model::Operation* op = nullptr;
  if (*protocol == Protocol::kRestXml || *protocol == Protocol::kRestJson) {
    op = rest_model::find_operation(service.id, operation);
  }

  switch (*protocol) {
    case Protocol::kQuery:
    case Protocol::kEc2: {
      auto r = decode_query(response, operation, *protocol == Protocol::kEc2, request_id);
      if (!r.ok()) return r.error();
      out = std::move(r).value();
      break;
    }
    case Protocol::kJson: {
      auto r = parse_json_body(response.body);
      if (!r.ok()) return r.error();
      out = std::move(r).value();
      break;
    }
    case Protocol::kRestJson: {
      if (op != nullptr && op->output_blob) {
        out = json::object();
        put_body(out, response.body);
        break;
      }
      auto r = parse_json_body(response.body);
      if (!r.ok()) return r.error();
      out = std::move(r).value();
      if (op != nullptr && op->output_payload != nullptr && !trim(response.body).empty()) {
        json wrapped = json::object();
        wrapped[op->output_payload] = std::move(out);
        out = std::move(wrapped);
      }
      break;
    }
    case Protocol::kRestXml: {
      if (op != nullptr && op->output_blob) {
        out = json::object();
        put_body(out, response.body);
        break;
      }
      if (trim(response.body).empty()) {
        out = json::object();
        break;
      }
      pugi::xml_document doc;
      if (Status s = load_xml(doc, response.body); !s.ok()) return s.error();
      pugi::xml_node root = doc.document_element();
      XmlToJson convert(true);
      if (!has_element_child(root)) {
        out = json::object();
        out[std::string(xml::local_name(root))] = root.child_value();
      } else if (op != nullptr && op->output_payload != nullptr) {
        out = json::object();
        out[op->output_payload] = convert.object(root, xml::local_name(root));
      } else {
        out = convert.object(root, "*");
      }
      if (convert.too_deep()) return too_deep_error();
      break;
    }
  }
  if (!out.is_object()) {
    json wrapped = json::object();
    wrapped["Body"] = std::move(out);
    out = std::move(wrapped);
  }
  if (*protocol == Protocol::kRestXml || *protocol == Protocol::kRestJson) {
    json headers = selected_headers(response);
    if (!headers.empty()) out["Headers"] = std::move(headers);
  }
  json meta = json::object();
  meta["RequestId"] = request_id;
  meta["HTTPStatusCode"] = response.status;
  out["ResponseMetadata"] = std::move(meta);
  return out;
}

}  // namespace drh
