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

#include <array>
#include <atomic>
#include <concepts>
#include <cstdint>
#include <initializer_list>
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
/// For documents written for XML 1.0 readers (JUnit, SVG reports): escaped as an attribute
/// value, with the control characters XML 1.0 cannot hold at all (not even as references,
/// which AWS's own XML uses) replaced by spaces.
std::string escape_for_xml10(std::string_view text);

class XmlWriter {
 public:
  XmlWriter() = default;
  /// Reserves `capacity` bytes up front (responses of a known size class), and room for
  /// the open-element stack of a typical response, which otherwise grows in ~6 steps.
  explicit XmlWriter(std::size_t capacity) {
    out_.reserve(capacity);
    names_.reserve(256);
    open_.reserve(16);
  }

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
      return element_plain(name, value ? std::string_view("true") : std::string_view("false"));
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
  /// <name>text</name> for text known to need no escaping (numbers, true/false).
  XmlWriter& element_plain(std::string_view name, std::string_view text);
  void open_tag(std::string_view name);
  void close_tag(std::string_view name);
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

/// The member names of one structure, numbered in the order given, for decoders that read
/// many fields of the same elements. `bind` walks a parent's children once and files the
/// first child element of each known name under its number, so a decoder reads ~60 fields
/// of a cluster with one name lookup per child element instead of a search per field.
/// Built once per structure (a static; the names must outlive it, as literals do) and
/// read-only after: safe to share between threads.
///
///   static const xml::NameIndex kNames{"DBClusterIdentifier", "Port"};
///   pugi::xml_node_struct* found[2];
///   kNames.bind(cluster, found);   // pugi::xml_node(found[1]) is <Port>, empty when absent
class NameIndex {
 public:
  NameIndex(std::initializer_list<const char*> names);
  template <typename Range>
  explicit NameIndex(const Range& names) {
    for (const auto& n : names) add(n);
    build();
  }

  std::size_t size() const { return names_.size(); }
  std::string_view name(std::size_t i) const { return names_[i]; }
  /// The number of `name`, or npos when it is not a member.
  std::size_t find(std::string_view name) const;
  /// Fills `found[i]` (size() entries) with the first child element of `parent` named
  /// name(i), or nullptr when there is none. Same answers as parent.child(name(i)). Raw
  /// node pointers rather than pugi::xml_node: an array of those costs an out-of-line
  /// constructor call per entry before it is even filled.
  void bind(pugi::xml_node parent, pugi::xml_node_struct** found) const;

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

 private:
  void add(std::string_view name) { names_.push_back(name); }
  void build();

  std::vector<std::string_view> names_;
  std::vector<std::uint32_t> table_;  // open addressing: number + 1, 0 for a free bucket
  // Which member the k-th child element was the last time (number + 1, 0 for none).
  // AWS and the fake write a structure's members in the same order every time, so bind
  // first checks that guess, a plain compare, before hashing. Only a guess: a wrong one
  // falls back to the table, so threads that race on it cost time, never answers.
  static constexpr std::size_t kHints = 64;
  mutable std::array<std::atomic<std::uint16_t>, kHints> hints_{};
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
