// Small, fast helpers over pugixml for the XML protocols (query, ec2, rest-xml).
//
// Writing: XmlWriter appends escaped XML to a std::string, with no DOM in between.
//
//   xml::XmlWriter w;
//   w.declaration().start("ChangeResourceRecordSetsRequest").xmlns(kRoute53Ns)
//    .start("ChangeBatch").element("Comment", "drill & restore").end().end();
//   std::string body = w.take();
//
// Reading: the caller owns a pugi::xml_document; `load` parses into it and reports the
// first error with its byte offset. The accessors take element names as C strings (the
// names in a codec are literals) and return views into the document, valid while it lives.
//
//   pugi::xml_document doc;
//   if (auto s = xml::load(doc, body); !s.ok()) return s.error();
//   for (pugi::xml_node c : xml::members(result, "DBClusters")) {
//     cluster.id = xml::child_text(c, "DBClusterIdentifier");
//     cluster.port = xml::child_int(c, "Port").value_or(0);
//   }
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drh/core/result.h"

namespace drh::xml {

// ---------------------------------------------------------------- writing

/// Appends `text` escaped for XML: & < > always, " in attributes, \r and the control
/// characters XML 1.0 cannot hold as character references (&#13;, &#x1;).
void append_escaped(std::string& out, std::string_view text, bool attribute = false);
std::string escape(std::string_view text, bool attribute = false);

class XmlWriter {
 public:
  XmlWriter() = default;
  /// Reserves `capacity` bytes up front (responses of a known size class).
  explicit XmlWriter(std::size_t capacity) { out_.reserve(capacity); }

  /// <?xml version="1.0" encoding="UTF-8"?>
  XmlWriter& declaration();
  /// Opens <name>; attributes may follow until the first child or text.
  XmlWriter& start(std::string_view name);
  /// Adds name="value" (escaped) to the element just started.
  XmlWriter& attribute(std::string_view name, std::string_view value);
  /// xmlns="uri", or xmlns:prefix="uri" with a prefix.
  XmlWriter& xmlns(std::string_view uri, std::string_view prefix = {});
  /// Escaped character data inside the current element.
  XmlWriter& text(std::string_view text);
  /// Closes the innermost open element (<name/> when it is empty).
  XmlWriter& end();
  /// <name>text</name>
  XmlWriter& element(std::string_view name, std::string_view text);
  /// <name>42</name>, <name>true</name>: integers and booleans.
  template <std::integral T>
  XmlWriter& element(std::string_view name, T value) {
    if constexpr (std::same_as<T, bool>) {
      return element(name, std::string_view(value ? "true" : "false"));
    } else if constexpr (std::is_signed_v<T>) {
      return element_int(name, static_cast<std::int64_t>(value));
    } else {
      return element_uint(name, static_cast<std::uint64_t>(value));
    }
  }
  /// Shortest text that reads back as the same double ("0.5", "1e+21").
  template <std::floating_point T>
  XmlWriter& element(std::string_view name, T value) {
    return element_double(name, static_cast<double>(value));
  }
  /// <name>text</name> only when `value` is set.
  XmlWriter& optional_element(std::string_view name, const std::optional<std::string>& value) {
    return value ? element(name, *value) : *this;
  }
  /// Appends pre-formed XML verbatim (closes a pending start tag first).
  XmlWriter& raw(std::string_view xml);

  /// Number of open elements.
  std::size_t depth() const { return open_.size(); }
  const std::string& str() const { return out_; }
  /// Closes every open element and hands over the document.
  std::string take();

 private:
  XmlWriter& element_int(std::string_view name, std::int64_t value);
  XmlWriter& element_uint(std::string_view name, std::uint64_t value);
  XmlWriter& element_double(std::string_view name, double value);
  void close_start_tag() {
    if (tag_open_) {
      out_ += '>';
      tag_open_ = false;
    }
  }

  std::string out_;
  std::string names_;                // names of the open elements, back to back
  std::vector<std::uint32_t> open_;  // start offset of each open name in names_
  bool tag_open_ = false;
};

// ---------------------------------------------------------------- reading

/// Parses `body` into `doc` (pugixml's default options: entities, CDATA, EOL handling).
/// On failure: kDecode "MalformedXml", naming the first error and its byte offset, e.g.
/// "malformed XML at byte 112: start-end tags mismatch (near '</Code></Err')".
Status load(pugi::xml_document& doc, std::string_view body);

/// The element's name without any namespace prefix ("xsi:type" -> "type").
std::string_view local_name(pugi::xml_node node);
/// The element's own text (its first PCDATA/CDATA child), "" when it has none.
inline std::string_view text(pugi::xml_node node) { return node.child_value(); }
/// Text of the first child element `name`, "" when absent.
inline std::string_view child_text(pugi::xml_node node, const char* name) {
  return node.child(name).child_value();
}
/// Text of the first child element `name`; nullopt when the element is absent (an empty
/// element gives "").
std::optional<std::string_view> find_child_text(pugi::xml_node node, const char* name);

/// Finds child elements by name for a decoder that reads many fields of the same
/// elements: the first lookup under a parent puts its children in a small hash table (one
/// pass), every later lookup, absent fields included, is one hash and usually one compare,
/// instead of a linear scan per field. Remembers the last few parents, so reading a nested
/// list (or several) and coming back keeps the table. Same answers as `node.child(name)` (the first
/// child of that name). The document must outlive it.
class ChildIndex {
 public:
  pugi::xml_node find(pugi::xml_node parent, const char* name);

 private:
  struct Entry {
    std::string_view name;  // empty: free bucket
    pugi::xml_node node;
  };
  struct Slot {
    pugi::xml_node parent;
    std::vector<Entry> table;  // open addressing, size a power of two
  };
  static constexpr std::size_t kSlots = 8;
  Slot slots_[kSlots];  // most recently used first
};

/// Whole-text conversions; nullopt on anything but a complete value.
std::optional<std::int64_t> to_int(std::string_view text);
std::optional<double> to_double(std::string_view text);
/// "true"/"false" (any case), "1"/"0".
std::optional<bool> to_bool(std::string_view text);

/// Child element converted; nullopt when absent, empty or not a valid value.
std::optional<std::int64_t> child_int(pugi::xml_node node, const char* name);
std::optional<double> child_double(pugi::xml_node node, const char* name);
std::optional<bool> child_bool(pugi::xml_node node, const char* name);

/// Child element that must be present and valid: kDecode "MissingElement" /
/// "InvalidElement" naming the element, its parent and the bad text.
Result<std::string_view> required_child_text(pugi::xml_node node, const char* name);
Result<std::int64_t> required_child_int(pugi::xml_node node, const char* name);
Result<bool> required_child_bool(pugi::xml_node node, const char* name);

/// Range over the element children of a node, optionally only those named `name`.
class ElementRange {
 public:
  class Iterator {
   public:
    using value_type = pugi::xml_node;
    using difference_type = std::ptrdiff_t;
    Iterator() = default;
    Iterator(pugi::xml_node node, const char* name) : node_(node), name_(name) { settle(); }
    pugi::xml_node operator*() const { return node_; }
    Iterator& operator++() {
      node_ = node_.next_sibling();
      settle();
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++*this;
      return old;
    }
    bool operator==(const Iterator& o) const { return node_ == o.node_; }

   private:
    void settle();
    pugi::xml_node node_;
    const char* name_ = nullptr;
  };

  ElementRange(pugi::xml_node parent, const char* name) : parent_(parent), name_(name) {}
  Iterator begin() const { return Iterator(parent_.first_child(), name_); }
  Iterator end() const { return Iterator(); }
  bool empty() const { return begin() == end(); }
  std::size_t size() const;

 private:
  pugi::xml_node parent_;
  const char* name_;
};

/// Element children of `node` (all, or only those named `name`).
inline ElementRange elements(pugi::xml_node node, const char* name = nullptr) {
  return ElementRange(node, name);
}
/// Items of the list element `list`: its element children whatever their name, so
/// <member> (query), <item> (ec2) and named members (<DBCluster>) all work.
inline ElementRange members(pugi::xml_node list) { return ElementRange(list, nullptr); }
/// Items of the list element `list_name` inside `parent` (empty when absent).
inline ElementRange members(pugi::xml_node parent, const char* list_name) {
  return ElementRange(parent.child(list_name), nullptr);
}
/// Texts of the items of the list `list_name` inside `parent`.
std::vector<std::string> member_texts(pugi::xml_node parent, const char* list_name);

}  // namespace drh::xml
