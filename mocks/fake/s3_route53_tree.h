// Internal to the fake's two rest-xml services (S3, Route 53): request documents kept as
// small element trees, checked against a schema written from the service model.
//
// Why a tree and not one struct per shape: S3 must hand a replication configuration back
// exactly as it was put (Filter, Priority, DeleteMarkerReplication, ReplicationTime,
// Metrics, ...) and Route 53 must compare a DELETE with the stored record set member by
// member. A tree that keeps every member the schema allows does both with no per-member
// code, while the schema still rejects what AWS rejects: unknown elements, repeated
// singletons, missing required members, ill-typed numbers and booleans, values outside
// an enum. Children are kept in schema order (and, for repeated members, in document
// order), so what is written back is always the same for the same input.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <pugixml.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drh/protocol/xml.h"

namespace drh::fake::tree {

enum class Kind : std::uint8_t { kString, kInteger, kBoolean, kStruct };

struct Schema;

/// One member a structure may hold.
struct Member {
  std::string_view name;
  Kind kind = Kind::kString;
  const Schema* schema = nullptr;  ///< kStruct only
  bool required = false;
  bool repeated = false;  ///< list items (flattened or inside a wrapper element)
  std::span<const std::string_view> allowed = {};  ///< enum values, empty for any
};

struct Schema {
  std::span<const Member> members;
  const Member* find(std::string_view name) const;
  /// Position of `name` in `members` (members.size() when unknown).
  std::size_t index(std::string_view name) const;
};

/// An element: a leaf with text, or a structure with children.
struct Node {
  std::string name;
  std::string text;
  std::vector<Node> children;

  bool operator==(const Node&) const = default;

  const Node* child(std::string_view n) const;
  Node* child(std::string_view n);
  bool has(std::string_view n) const { return child(n) != nullptr; }
  /// Text of the first child `n`; nullopt when absent.
  std::optional<std::string_view> text_of(std::string_view n) const;
  /// Text of the first child `n`, or `fallback`.
  std::string_view value(std::string_view n, std::string_view fallback = {}) const;
  /// Children named `n`, in order.
  std::vector<const Node*> all(std::string_view n) const;
  /// Sets the leaf `n` to `text` (replacing every child of that name, or appending).
  Node& set(std::string_view n, std::string text);
  /// Removes every child named `n`.
  void remove(std::string_view n);
  /// Appends a child and returns it.
  Node& add(std::string n, std::string text = {});
};

/// What a document breaks in the schema, in words fit for an AWS error message.
struct SchemaViolation {
  std::string message;
};

/// Reads `element` (and its children) into a Node named after its local name, checked
/// against `schema`. Integers and booleans are rewritten in canonical form ("007" -> "7",
/// "TRUE" -> "true"); leaf text is kept byte for byte otherwise. Throws SchemaViolation.
Node parse(pugi::xml_node element, const Schema& schema);

/// Puts children in schema order (stable: repeated members keep their order). Recursive.
void canonicalize(Node& node, const Schema& schema);

/// Checks a tree built in code (after an update) the same way parse() checks input.
void validate(const Node& node, const Schema& schema);

/// <name>text</name> or <name>children...</name>.
void write(xml::XmlWriter& w, const Node& node);
/// Only the children of `node` (the caller wrote the element itself, e.g. with xmlns).
void write_children(xml::XmlWriter& w, const Node& node);

/// State files: [name, text] for leaves, [name, [children...]] for structures.
nlohmann::json to_json(const Node& node);
/// Throws SchemaViolation naming the problem when `j` is not a saved node.
Node from_json(const nlohmann::json& j);

/// True when `s` is well-formed UTF-8 (state files are JSON, which needs it).
bool valid_utf8(std::string_view s);

}  // namespace drh::fake::tree
