// Per-operation HTTP bindings of the rest-xml and rest-json services that `drh call`
// speaks (Route 53, S3, Lambda), generated from the botocore models into
// rest_operations.inc by gen_rest_operations.py. Private to harness/protocol.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace drh::rest_model {

/// Where an input member goes in the request.
enum Location : std::uint8_t { kUri, kQuery, kHeader, kHeaders, kPayload, kBody };

/// Kind of a value (scalar kinds and containers).
enum Kind : std::uint8_t {
  kString,
  kBoolean,
  kInteger,
  kFloat,
  kTimestamp,
  kBlob,
  kStructure,
  kList,
  kMap,
};

enum MemberFlags : std::uint8_t { kRequired = 1, kJsonValue = 2 };

struct Member {
  const char* name;
  Location location;
  const char* wire_name;  ///< nullptr: same as name
  Kind kind;
  std::uint8_t flags;

  std::string_view wire() const { return wire_name ? wire_name : name; }
};

/// A node of the XML shape graph of request bodies. Scalars have no fields; structures
/// list their members; a list has one field (the item), a map two (key, value).
struct XmlShape {
  Kind kind;
  std::uint16_t first_field;
  std::uint16_t field_count;
  bool flattened;
  const char* ns_prefix;  ///< nullptr or the prefix of xmlns:prefix
  const char* ns_uri;     ///< namespace declared on this element, or nullptr
};

struct XmlField {
  const char* name;      ///< member name (structures); "" for list items and map entries
  const char* xml_name;  ///< element/attribute name; nullptr: same as name
  std::int16_t shape;    ///< index into kXmlShapes
  bool attribute;

  std::string_view element() const { return xml_name ? xml_name : name; }
};

struct Operation {
  const char* name;
  const char* method;
  const char* request_uri;
  std::uint16_t first_member;
  std::uint16_t member_count;
  const char* payload;         ///< payload member, or nullptr
  bool payload_blob;           ///< the payload is sent raw
  const char* xml_root;        ///< rest-xml body root element, or nullptr
  const char* xml_ns;          ///< its namespace, or nullptr
  std::int16_t body_shape;     ///< rest-xml: XmlShape of the body root, or -1
  const char* output_payload;  ///< output payload member, or nullptr
  bool output_blob;            ///< the response body is the raw payload
  bool checksum_required;      ///< needs Content-MD5 (or another checksum)
};

struct Service {
  const char* id;
  const char* protocol;
  const Operation* operations;
  std::size_t count;
};

struct ElementPair {
  std::string_view parent;
  std::string_view child;
};

/// The operation of a service, matched exactly first and then case-insensitively; nullptr
/// when the service or the operation is unknown.
const Operation* find_operation(std::string_view service_id, std::string_view operation);
/// The operations of a service (empty when unknown).
std::span<const Operation> operations(std::string_view service_id);
std::span<const Member> members(const Operation& op);
const XmlShape& xml_shape(int index);
std::span<const XmlField> fields(const XmlShape& shape);

/// rest-xml responses: is <child> inside <parent> an item of a flattened list? parent "*"
/// stands for the document root.
bool is_flattened_list_item(std::string_view parent, std::string_view child);
/// rest-xml responses: is <list> a wrapped list whose items are <item>?
bool is_wrapped_list(std::string_view list, std::string_view item);

}  // namespace drh::rest_model
