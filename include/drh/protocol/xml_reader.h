// A pull parser for the XML that AWS Query and REST-XML services answer with.
//
// The decoders of the hot paths (RDS's Describe* answers on every fake-backed check) read
// a response once, front to back, into typed structures. Building a pugixml DOM first and
// then walking it costs a second pass and a node per element; the reader hands out one
// token at a time instead, with names and most texts as views into the document (texts
// with entities, character references or \r are decoded into a buffer of the reader).
//
//   xml::Reader r(body);
//   if (r.next() != xml::Reader::Token::kStart) return r.status().error();
//   while (r.next() == xml::Reader::Token::kStart) {     // children of the root
//     if (r.name() == "Port") port = r.element_text(); else r.skip_element();
//   }
//   // r.finish(): the rest of the document must be well-formed too.
//
// What it reads: the XML declaration, processing instructions, comments and a DOCTYPE
// (skipped), elements with attributes (either quote) and namespace prefixes (kept in
// name(); local_name() drops them), self-closing tags (a kStart then a kEnd), character
// data with the five predefined entities and decimal/hex character references, and CDATA
// sections. Line ends are normalised as XML requires (\r\n and \r read as \n; in
// attribute values \t, \n and \r read as a space), as pugixml does. Whitespace-only text
// between tags is not reported.
//
// What it rejects, with the byte offset: mismatched or unclosed tags, bad names, unquoted
// or unterminated attribute values, '<' in an attribute value, unknown entities, bad
// character references, unterminated comments/CDATA/PIs, text or a second element outside
// the document element, and a document without an element. After the first error every
// next() answers kError and status() holds kDecode "MalformedXml" worded like xml::load:
// "malformed XML at byte 112: end tag </Err> does not match <Code> (near '...')".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drh/core/result.h"

namespace drh::xml {

class Reader {
 public:
  enum class Token {
    kStart,  ///< a start tag (or an empty-element tag): name(), attributes
    kEnd,    ///< the end of the element named name()
    kText,   ///< character data or a CDATA section: text()
    kEndOfDocument,
    kError,  ///< malformed: status() says where and why
  };

  /// `document` must outlive the reader and every view it hands out.
  explicit Reader(std::string_view document);

  /// Moves to the next token.
  Token next();
  Token token() const { return token_; }

  /// Qualified name of the element of a kStart/kEnd token ("xsi:type").
  std::string_view name() const { return name_; }
  /// name() without its namespace prefix ("type").
  std::string_view local_name() const;
  /// Text of a kText token, decoded; valid until the next call to the reader.
  std::string_view text() const { return text_; }
  bool is_cdata() const { return cdata_; }

  /// Attributes of the current kStart token, values decoded; valid until next().
  std::size_t attribute_count() const { return attributes_.size(); }
  std::string_view attribute_name(std::size_t i) const { return attributes_[i].first; }
  std::string_view attribute_value(std::size_t i) const { return attributes_[i].second; }
  /// Value of the attribute `qname`, nullopt when the element has none.
  std::optional<std::string_view> attribute(std::string_view qname) const;

  /// Open elements, counting the one of a kStart token (its kEnd counts it no longer).
  std::size_t depth() const { return open_.size(); }

  /// At a kStart token: reads through the element's end and returns its first text (its
  /// first character data or CDATA child, "" when none: what pugixml's child_value()
  /// gives). Child elements are read (and checked) but not reported. `has_content` is
  /// set when the element had any child element or text. The view is valid until the
  /// next element_text().
  std::string_view element_text(bool* has_content = nullptr);
  /// At a kStart token: reads through the element's end, reporting nothing.
  void skip_element(bool* has_content = nullptr);
  /// Reads the rest of the document; kEndOfDocument when it is well-formed.
  Token finish();

  bool failed() const { return token_ == Token::kError; }
  /// Ok, or the kDecode "MalformedXml" error.
  Status status() const;
  /// Byte offset of the reader in the document.
  std::size_t offset() const { return static_cast<std::size_t>(p_ - begin_); }

 private:
  Token fail(const char* at, std::string message);
  Token start_tag();
  Token start_tag_rest(const char* at, std::string_view name);  // attributes, "/>"
  Token end_tag();
  bool parse_name(std::string_view& out);
  // Decodes [from, to) into text_ (a view of the input when nothing changes); false on a
  // bad entity, after fail().
  bool decode(const char* from, const char* to, bool attribute, std::string& buffer,
              std::string_view& out);
  bool skip_past(std::string_view terminator, const char* what);

  const char* begin_;
  const char* p_;
  const char* end_;
  Token token_ = Token::kStart;
  bool pending_end_ = false;  // an empty-element tag: its kEnd comes next
  bool root_seen_ = false;
  bool root_closed_ = false;
  bool cdata_ = false;
  std::string_view name_;
  std::string_view text_;
  std::vector<std::string_view> open_;
  std::vector<std::pair<std::string_view, std::string_view>> attributes_;
  std::string text_buffer_;
  std::string held_;  // element_text()'s answer when it was decoded into text_buffer_
  std::string attribute_buffer_;
  std::optional<Error> error_;
};

}  // namespace drh::xml
