#include "drh/protocol/xml_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "drh/protocol/xml.h"
#include "samples.h"

namespace drh {
namespace {

using xml::Reader;
using Token = Reader::Token;

// The tokens of a whole document, one line each: "<name a=v>", "</name>", "'text'",
// "[cdata]", then "EOF" or "ERROR".
std::vector<std::string> tokens(std::string_view doc) {
  std::vector<std::string> out;
  Reader r(doc);
  for (;;) {
    switch (r.next()) {
      case Token::kStart: {
        std::string s = "<" + std::string(r.name());
        for (std::size_t i = 0; i < r.attribute_count(); ++i) {
          s += " " + std::string(r.attribute_name(i)) + "=" + std::string(r.attribute_value(i));
        }
        out.push_back(s + ">");
        break;
      }
      case Token::kEnd:
        out.push_back("</" + std::string(r.name()) + ">");
        break;
      case Token::kText:
        out.push_back(r.is_cdata() ? "[" + std::string(r.text()) + "]"
                                   : "'" + std::string(r.text()) + "'");
        break;
      case Token::kEndOfDocument:
        out.push_back("EOF");
        return out;
      case Token::kError:
        out.push_back("ERROR");
        return out;
    }
  }
}

std::string error_of(std::string_view doc) {
  Reader r(doc);
  if (r.finish() != Token::kError) return "(no error)";
  EXPECT_EQ(r.status().error().code, "MalformedXml");
  EXPECT_EQ(r.status().error().kind, ErrorKind::kDecode);
  return r.status().error().message;
}

using Lines = std::vector<std::string>;

TEST(XmlReader, ReadsElementsAttributesTextAndSkipsProlog) {
  EXPECT_EQ(tokens("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<!DOCTYPE r [<!ELEMENT r ANY>]>\n<!-- c -->"
                   "<r xmlns=\"urn:x\" a='1' b = \"two\">\n  <x:c x:k=\"v\">t</x:c>"
                   "<e/><e2 z=\"1\"/>\n<?pi data?><!-- in --></r>\n<!-- after -->\n"),
            (Lines{"<r xmlns=urn:x a=1 b=two>", "<x:c x:k=v>", "'t'", "</x:c>", "<e>", "</e>",
                   "<e2 z=1>", "</e2>", "</r>", "EOF"}));
}

TEST(XmlReader, LocalNameDropsThePrefixAndAttributeFindsByName) {
  Reader r("<ns:Root xmlns:ns=\"urn:a\" xsi:type=\"CanonicalUser\"/>");
  ASSERT_EQ(r.next(), Token::kStart);
  EXPECT_EQ(r.name(), "ns:Root");
  EXPECT_EQ(r.local_name(), "Root");
  EXPECT_EQ(r.attribute("xsi:type").value_or(""), "CanonicalUser");
  EXPECT_EQ(r.attribute("xmlns:ns").value_or(""), "urn:a");
  EXPECT_FALSE(r.attribute("type").has_value());
  EXPECT_EQ(r.depth(), 1u);
  ASSERT_EQ(r.next(), Token::kEnd);
  EXPECT_EQ(r.name(), "ns:Root");
  EXPECT_EQ(r.depth(), 0u);
  EXPECT_EQ(r.next(), Token::kEndOfDocument);
  EXPECT_TRUE(r.status().ok());
}

TEST(XmlReader, DecodesEntitiesCharacterReferencesAndLineEnds) {
  EXPECT_EQ(tokens("<a>&lt;b&gt; &amp; &apos;&quot; &#65;&#x42;&#xe9;&#x2713;&#128512;</a>"),
            (Lines{"<a>", "'<b> & '\" AB\xC3\xA9\xE2\x9C\x93\xF0\x9F\x98\x80'", "</a>", "EOF"}));
  // AWS writes control characters as references (&#x1;, &#13;): they read back.
  EXPECT_EQ(tokens("<a>x&#x1;y&#13;</a>"), (Lines{"<a>", "'x\x01y\r'", "</a>", "EOF"}));
  EXPECT_EQ(tokens("<a>l1\r\nl2\rl3\n</a>"), (Lines{"<a>", "'l1\nl2\nl3\n'", "</a>", "EOF"}));
  EXPECT_EQ(tokens("<a k=\"x&amp;y\tz\r\nw&#10;\"/>"), (Lines{"<a k=x&y z w\n>", "</a>", "EOF"}));
  // Many attributes, several of them decoded: every value stays right.
  EXPECT_EQ(
      tokens("<a k1=\"&lt;1\" k2=\"2\" k3=\"&gt;3\" k4=\"&amp;4\" k5=\"5&quot;\" "
             "k6=\"&#54;\" k7=\"7\" k8=\"&apos;8\" k9=\"&#57;\" k10=\"1&#48;\"/>"),
      (Lines{"<a k1=<1 k2=2 k3=>3 k4=&4 k5=5\" k6=6 k7=7 k8='8 k9=9 k10=10>", "</a>", "EOF"}));
}

TEST(XmlReader, CdataIsTextAsIs) {
  EXPECT_EQ(tokens("<a><![CDATA[<not> &amp; markup]]>tail</a>"),
            (Lines{"<a>", "[<not> &amp; markup]", "'tail'", "</a>", "EOF"}));
  EXPECT_EQ(tokens("<a><![CDATA[x\r\ny]]></a>"), (Lines{"<a>", "[x\ny]", "</a>", "EOF"}));
  EXPECT_EQ(tokens("<a><![CDATA[]]></a>"), (Lines{"<a>", "[]", "</a>", "EOF"}));
}

TEST(XmlReader, WhitespaceBetweenTagsIsNoText) {
  EXPECT_EQ(tokens("<a>\n  <b> </b>\n\t<c> x </c>\n</a>"),
            (Lines{"<a>", "<b>", "</b>", "<c>", "' x '", "</c>", "</a>", "EOF"}));
}

TEST(XmlReader, ElementTextIsTheFirstTextLikePugixmlChildValue) {
  Reader r(
      "<r><a>plain</a><b>x&amp;y<c>&lt;inner&gt;</c>z&gt;</b><d><e>1</e></d><f/>"
      "<g>  </g><h><!-- c --><![CDATA[cd]]>after</h><i>&#x41;</i></r>");
  ASSERT_EQ(r.next(), Token::kStart);
  std::vector<std::string> texts;
  std::vector<bool> content;
  while (r.next() == Token::kStart) {
    bool has = false;
    texts.emplace_back(r.element_text(&has));
    content.push_back(has);
  }
  EXPECT_EQ(r.token(), Token::kEnd);
  EXPECT_EQ(r.name(), "r");
  EXPECT_EQ(texts, (Lines{"plain", "x&y", "", "", "", "cd", "A"}));
  EXPECT_EQ(content, (std::vector<bool>{true, true, true, false, false, true, true}));
  EXPECT_EQ(r.next(), Token::kEndOfDocument);
}

TEST(XmlReader, SkipElementReadsANestedSubtree) {
  Reader r("<r><skip a=\"1\"><x><y>deep</y><z/></x>text</skip><keep>k</keep></r>");
  ASSERT_EQ(r.next(), Token::kStart);
  ASSERT_EQ(r.next(), Token::kStart);
  EXPECT_EQ(r.name(), "skip");
  EXPECT_EQ(r.depth(), 2u);
  bool has = false;
  r.skip_element(&has);
  EXPECT_TRUE(has);
  EXPECT_EQ(r.depth(), 1u);
  ASSERT_EQ(r.next(), Token::kStart);
  EXPECT_EQ(r.name(), "keep");
  EXPECT_EQ(r.element_text(), "k");
  EXPECT_EQ(r.next(), Token::kEnd);
  EXPECT_EQ(r.finish(), Token::kEndOfDocument);
}

TEST(XmlReader, MalformedDocumentsAreErrorsNamingTheBytePosition) {
  struct Case {
    std::string doc;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "malformed XML: empty document"},
      {"  \n", "malformed XML: empty document"},
      {"<!-- only a comment -->", "malformed XML at byte 23: no document element"},
      {"<a><b></a>", "malformed XML at byte 6: end tag </a> does not match <b>"},
      {"<a><b></b>", "malformed XML at byte 10: unexpected end of document: <a> is not closed"},
      {"</a>", "malformed XML at byte 0: end tag </a> without a start tag"},
      {"text<a/>", "malformed XML at byte 0: text outside the document element"},
      {"<a/>tail", "malformed XML at byte 4: text outside the document element"},
      {"<a/><b/>", "malformed XML at byte 4: a second element after the document element"},
      {"<1a/>", "malformed XML at byte 1: expected an element name after '<'"},
      {"<a b=c/>", "malformed XML at byte 5: attribute b has no quoted value"},
      {"<a b/>", "malformed XML at byte 4: expected '=' after attribute b"},
      {"<a b=\"x<y\"/>", "malformed XML at byte 6: '<' in the value of attribute b"},
      {"<a b=\"open/>", "malformed XML at byte 5: unterminated value of attribute b"},
      {"<a b=\"1\"c=\"2\"/>", "malformed XML at byte 8: expected whitespace, '>' or '/>'"},
      {"<a>&nbsp;</a>", "malformed XML at byte 3: unknown entity '&nbsp;'"},
      {"<a>fish & chips</a>", "malformed XML at byte 8: '&' that does not start an entity"},
      {"<a>&#0;</a>", "malformed XML at byte 3: bad character reference '&#0;'"},
      {"<a>&#xD800;</a>", "malformed XML at byte 3: bad character reference '&#xD800;'"},
      {"<a>&#x110000;</a>", "malformed XML at byte 3: bad character reference"},
      {"<a>&#12a;</a>", "malformed XML at byte 3: bad character reference '&#12a;'"},
      {"<a k=\"&bogus;\"/>", "malformed XML at byte 6: unknown entity '&bogus;'"},
      {"<a><!-- never closed </a>", "malformed XML at byte 7: unterminated comment"},
      {"<a><![CDATA[open</a>", "malformed XML at byte 3: unterminated CDATA section"},
      {"<![CDATA[x]]><a/>", "malformed XML at byte 0: CDATA outside the document element"},
      {"<a><?pi</a>", "malformed XML at byte 5: unterminated processing instruction"},
      {"<a><!ELEMENT x></a>", "malformed XML at byte 3: unexpected markup '<!'"},
      {"<a></a >x", "malformed XML at byte 8: text outside the document element"},
      {"<a", "malformed XML at byte 0: unterminated start tag <a>"},
  };
  for (const Case& c : cases) {
    const std::string message = error_of(c.doc);
    EXPECT_TRUE(message.starts_with(c.message)) << "document: " << c.doc << "\n  got: " << message;
  }
  // The message shows where, like xml::load's.
  EXPECT_EQ(error_of("<Response><Code>x</Err></Response>"),
            "malformed XML at byte 17: end tag </Err> does not match <Code> "
            "(near 'se><Code>x</Err></Response>')");
}

TEST(XmlReader, StaysFailedAfterAnError) {
  Reader r("<a><b></c></a>");
  EXPECT_EQ(r.next(), Token::kStart);
  EXPECT_EQ(r.next(), Token::kStart);
  EXPECT_EQ(r.next(), Token::kError);
  EXPECT_TRUE(r.failed());
  EXPECT_EQ(r.next(), Token::kError);
  EXPECT_EQ(r.element_text(), "");
  EXPECT_EQ(r.finish(), Token::kError);
  EXPECT_FALSE(r.status().ok());
}

// ------------------------------------------------- the same answers as pugixml's DOM

// One line per element, depth-first: indentation, qualified name, attributes, and the
// element's first text (pugixml's child_value()).
void dump_dom(pugi::xml_node node, int depth, std::string& out) {
  out += std::string(static_cast<std::size_t>(depth) * 2, ' ') + node.name();
  for (pugi::xml_attribute a : node.attributes()) {
    out += " @" + std::string(a.name()) + "=" + a.value();
  }
  out += " {" + std::string(node.child_value()) + "}\n";
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element) dump_dom(c, depth + 1, out);
  }
}

// The same from the reader, standing on an element's start tag.
void dump_reader(Reader& r, int depth, std::string& out) {
  std::string line = std::string(static_cast<std::size_t>(depth) * 2, ' ') + std::string(r.name());
  for (std::size_t i = 0; i < r.attribute_count(); ++i) {
    line += " @" + std::string(r.attribute_name(i)) + "=" + std::string(r.attribute_value(i));
  }
  const std::size_t at = out.size();
  std::string children;
  std::optional<std::string> first;
  for (Token t = r.next(); t != Token::kEnd; t = r.next()) {
    if (t == Token::kText) {
      if (!first) first = std::string(r.text());
    } else if (t == Token::kStart) {
      dump_reader(r, depth + 1, children);
    } else {
      ADD_FAILURE() << "unexpected token in " << line << ": " << r.status().error().message;
      return;
    }
  }
  out.insert(at, line + " {" + first.value_or("") + "}\n" + children);
}

void expect_same_as_pugixml(std::string_view doc, const std::string& what) {
  pugi::xml_document dom;
  ASSERT_TRUE(xml::load(dom, doc).ok()) << what;
  std::string expected;
  dump_dom(dom.document_element(), 0, expected);

  Reader r(doc);
  ASSERT_EQ(r.next(), Token::kStart) << what << ": " << r.status().error().message;
  std::string got;
  dump_reader(r, 0, got);
  EXPECT_EQ(r.finish(), Token::kEndOfDocument) << what;
  EXPECT_EQ(got, expected) << what;
}

TEST(XmlReader, ReadsEveryWireSampleAsPugixmlDoes) {
  const std::filesystem::path root = std::filesystem::path(DRH_SOURCE_DIR) / "fixtures" / "wire";
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".xml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    expect_same_as_pugixml(text.str(), entry.path().string());
    ++files;
  }
  EXPECT_GT(files, 20);
  expect_same_as_pugixml(test::kDescribeDBClusters, "samples.h kDescribeDBClusters");
}

TEST(XmlReader, ReadsWhatXmlWriterWritesAsPugixmlDoes) {
  // The fake answers through XmlWriter: escapes, control characters, attributes and
  // namespace prefixes, nested and empty elements.
  xml::XmlWriter w;
  w.declaration()
      .start("DescribeDBClustersResponse")
      .xmlns("http://rds.amazonaws.com/doc/2014-10-31/")
      .start("DescribeDBClustersResult")
      .start("DBClusters")
      .start("DBCluster")
      .element("DBClusterIdentifier", "orders <primary> & \"more\"")
      .element("Port", 5432)
      .element("Note", std::string("bell\x07 cr\r tab\t nl\n end"))
      .start("Grantee")
      .xmlns("http://www.w3.org/2001/XMLSchema-instance", "xsi")
      .attribute("xsi:type", "Canonical\"User\t<x>")
      .element("ID", "abc")
      .end()
      .start("ReadReplicaIdentifiers")
      .end()
      .element("Ratio", 0.25)
      .element("Utf8", "caf\xC3\xA9 \xE2\x9C\x93")
      .end()
      .end()
      .end()
      .start("ResponseMetadata")
      .element("RequestId", "5ac5a2b6-5e8f-4f42-a1e0-0c1b2d3e4f50")
      .end();
  const std::string doc = w.take();
  expect_same_as_pugixml(doc, doc);

  Reader r(doc);
  std::string note;
  while (r.next() != Token::kEndOfDocument && !r.failed()) {
    if (r.token() == Token::kStart && r.name() == "Note") note = std::string(r.element_text());
  }
  EXPECT_EQ(note, std::string("bell\x07 cr\r tab\t nl\n end"));
}

}  // namespace
}  // namespace drh
