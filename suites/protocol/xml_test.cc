#include "drh/protocol/xml.h"

#include <gtest/gtest.h>

#include "samples.h"

namespace drh {
namespace {

TEST(XmlEscape, EscapesMarkupAndControlCharacters) {
  EXPECT_EQ(xml::escape("a<b>&c\"d'e"), "a&lt;b&gt;&amp;c\"d'e");
  EXPECT_EQ(xml::escape("a\"b", /*attribute=*/true), "a&quot;b");
  EXPECT_EQ(xml::escape("line1\nline2\ttab\r"), "line1\nline2\ttab&#13;");
  EXPECT_EQ(xml::escape("x\ny", true), "x&#10;y");
  EXPECT_EQ(xml::escape(std::string("nul\x01"
                                    "bell\x07",
                                    9)),
            "nul&#x1;bell&#x7;");
  EXPECT_EQ(xml::escape("caf\xC3\xA9 \xE2\x9C\x93"), "caf\xC3\xA9 \xE2\x9C\x93");  // UTF-8 kept
  EXPECT_EQ(xml::escape(""), "");
}

TEST(XmlWriter, WritesNestedElementsAttributesAndNamespaces) {
  xml::XmlWriter w;
  w.declaration()
      .start("ChangeResourceRecordSetsRequest")
      .xmlns("https://route53.amazonaws.com/doc/2013-04-01/")
      .start("ChangeBatch")
      .element("Comment", "fail over <now> & later")
      .start("Grantee")
      .xmlns("http://www.w3.org/2001/XMLSchema-instance", "xsi")
      .attribute("xsi:type", "Canonical\"User")
      .element("ID", "abc")
      .end()
      .start("Empty")
      .end()
      .element("TTL", 60)
      .element("Negative", -5)
      .element("Enabled", true)
      .element("Ratio", 0.5)
      .element("Count", std::uint64_t{18446744073709551615ULL});
  EXPECT_EQ(w.depth(), 2u);
  std::string out = w.take();
  EXPECT_EQ(
      out,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<ChangeResourceRecordSetsRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
      "<ChangeBatch><Comment>fail over &lt;now&gt; &amp; later</Comment>"
      "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:type=\"Canonical&quot;User\"><ID>abc</ID></Grantee><Empty/>"
      "<TTL>60</TTL><Negative>-5</Negative><Enabled>true</Enabled><Ratio>0.5</Ratio>"
      "<Count>18446744073709551615</Count>"
      "</ChangeBatch></ChangeResourceRecordSetsRequest>");
}

TEST(XmlWriter, OutputParsesBackToTheSameText) {
  const std::string nasty = "a & b < c > d \" e ' f \r\n g \x01 h \xE2\x82\xAC";
  xml::XmlWriter w;
  w.start("Root").attribute("a", nasty).element("T", nasty).end();
  std::string doc_text = w.take();
  pugi::xml_document doc;
  ASSERT_TRUE(xml::load(doc, doc_text).ok()) << doc_text;
  EXPECT_EQ(std::string(doc.child("Root").attribute("a").value()), nasty);
  EXPECT_EQ(xml::child_text(doc.child("Root"), "T"), nasty);
}

TEST(XmlWriter, OptionalAndRawPieces) {
  xml::XmlWriter w;
  w.start("R")
      .optional_element("A", std::nullopt)
      .optional_element("B", std::string("b"))
      .raw("<C>c</C>")
      .text("t&");
  EXPECT_EQ(w.take(), "<R><B>b</B><C>c</C>t&amp;</R>");
}

TEST(XmlRead, ChildAccessorsAndConversions) {
  pugi::xml_document doc;
  ASSERT_TRUE(xml::load(doc,
                        "<R><S>text</S><I> 42 </I><B>TRUE</B><D>2.5</D><E/><Bad>4x</Bad>"
                        "<N>-7</N><Z>0</Z></R>")
                  .ok());
  pugi::xml_node r = doc.child("R");
  EXPECT_EQ(xml::child_text(r, "S"), "text");
  EXPECT_EQ(xml::child_text(r, "Missing"), "");
  EXPECT_EQ(xml::find_child_text(r, "E"), std::optional<std::string_view>(""));
  EXPECT_EQ(xml::find_child_text(r, "Missing"), std::nullopt);
  EXPECT_EQ(xml::child_int(r, "I"), 42);
  EXPECT_EQ(xml::child_int(r, "N"), -7);
  EXPECT_EQ(xml::child_int(r, "Bad"), std::nullopt);
  EXPECT_EQ(xml::child_int(r, "E"), std::nullopt);
  EXPECT_EQ(xml::child_bool(r, "B"), true);
  EXPECT_EQ(xml::child_bool(r, "Z"), false);
  EXPECT_EQ(xml::child_bool(r, "S"), std::nullopt);
  EXPECT_EQ(xml::child_double(r, "D"), 2.5);
  EXPECT_EQ(xml::to_double("NaN").has_value(), true);
  EXPECT_EQ(xml::to_int("99999999999999999999"), std::nullopt);

  EXPECT_EQ(xml::required_child_text(r, "S").value(), "text");
  auto missing = xml::required_child_int(r, "Port");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(missing.error().message, "missing <Port> in <R>");
  auto invalid = xml::required_child_int(r, "Bad");
  ASSERT_FALSE(invalid.ok());
  EXPECT_NE(invalid.error().message.find("'4x'"), std::string::npos);
  EXPECT_FALSE(xml::required_child_bool(r, "S").ok());
  EXPECT_TRUE(xml::required_child_bool(r, "B").value());
}

TEST(XmlRead, IteratesMembersOfEveryListStyle) {
  pugi::xml_document doc;
  ASSERT_TRUE(xml::load(doc,
                        "<R><A><member>1</member><!-- c --><member>2</member></A>"
                        "<B><item>x</item></B><C><DBCluster>p</DBCluster>text"
                        "<DBCluster>q</DBCluster></C><D/></R>")
                  .ok());
  pugi::xml_node r = doc.child("R");
  EXPECT_EQ(xml::member_texts(r, "A"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(xml::member_texts(r, "B"), (std::vector<std::string>{"x"}));
  EXPECT_EQ(xml::member_texts(r, "C"), (std::vector<std::string>{"p", "q"}));
  EXPECT_TRUE(xml::members(r, "D").empty());
  EXPECT_TRUE(xml::members(r, "Nope").empty());
  EXPECT_EQ(xml::elements(r).size(), 4u);
  EXPECT_EQ(xml::elements(r, "B").size(), 1u);
  std::vector<std::string> names;
  for (pugi::xml_node n : xml::elements(r)) names.emplace_back(n.name());
  EXPECT_EQ(names, (std::vector<std::string>{"A", "B", "C", "D"}));
}

TEST(XmlRead, NameIndexBindsTheFirstChildOfEachNameInOnePass) {
  pugi::xml_document doc;
  ASSERT_TRUE(xml::load(doc,
                        "<R>text<Port>1</Port><!-- c --><Status>a</Status><Port>2</Port>"
                        "<Other/><Empty/></R>")
                  .ok());
  pugi::xml_node r = doc.child("R");
  const xml::NameIndex names{"Status", "Port", "Missing", "Empty", "Port"};
  EXPECT_EQ(names.size(), 5u);
  EXPECT_EQ(names.find("Port"), 1u);  // a repeated name keeps its first number
  EXPECT_EQ(names.find("Other"), xml::NameIndex::npos);
  EXPECT_EQ(names.find(""), xml::NameIndex::npos);
  pugi::xml_node_struct* found[5];
  names.bind(r, found);
  for (std::size_t i = 0; i < 4; ++i) {  // the same answers as child()
    const std::string name(names.name(i));
    EXPECT_EQ(pugi::xml_node(found[i]), r.child(name.c_str())) << name;
  }
  EXPECT_STREQ(pugi::xml_node(found[1]).child_value(), "1");
  EXPECT_EQ(found[2], nullptr);
  EXPECT_NE(found[3], nullptr);
  EXPECT_EQ(found[4], nullptr);  // never filed: lookups give the first number

  // Children in another order, names that share a prefix with the last ones, one more
  // child than before: guesses from the first bind must not change the answers.
  pugi::xml_document other;
  ASSERT_TRUE(xml::load(other, "<R><Stat>x</Stat><Empty>e</Empty><Status>s</Status><Po/>"
                               "<Port>9</Port><Missing>m</Missing></R>")
                  .ok());
  pugi::xml_node o = other.child("R");
  for (int round = 0; round < 2; ++round) {
    names.bind(o, found);
    for (std::size_t i = 0; i < 4; ++i) {
      const std::string name(names.name(i));
      EXPECT_EQ(pugi::xml_node(found[i]), o.child(name.c_str())) << name << " round " << round;
    }
  }
}

TEST(XmlRead, LocalNameDropsThePrefix) {
  pugi::xml_document doc;
  ASSERT_TRUE(xml::load(doc, "<s3:Root xmlns:s3=\"u\"><Child/></s3:Root>").ok());
  EXPECT_EQ(xml::local_name(doc.document_element()), "Root");
  EXPECT_EQ(xml::local_name(doc.document_element().first_child()), "Child");
}

TEST(XmlRead, MalformedInputNamesTheErrorAndOffset) {
  pugi::xml_document doc;
  auto s = xml::load(doc, "<Error><Code>Throttling</Code><Message>slow down</Mess");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kDecode);
  EXPECT_EQ(s.error().code, "MalformedXml");
  EXPECT_NE(s.error().message.find("at byte "), std::string::npos) << s.error().message;
  auto empty = xml::load(doc, "");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("empty"), std::string::npos);
  EXPECT_FALSE(xml::load(doc, std::string("\0\0\xff", 3)).ok());
  EXPECT_FALSE(xml::load(doc, "<a></b>").ok());
}

// What a typed client does with the helpers: one pass over a DescribeDBClusters answer.
TEST(XmlRead, DecodesDescribeDBClustersIntoAStruct) {
  struct Cluster {
    std::string id, status, engine, global_id;
    std::int64_t port = 0;
    bool encrypted = false;
    std::vector<std::string> members, azs;
  };
  pugi::xml_document doc;
  ASSERT_TRUE(xml::load(doc, test::kDescribeDBClusters).ok());
  pugi::xml_node result = doc.child("DescribeDBClustersResponse").child("DescribeDBClustersResult");
  std::vector<Cluster> clusters;
  for (pugi::xml_node c : xml::members(result, "DBClusters")) {
    Cluster out;
    out.id = xml::child_text(c, "DBClusterIdentifier");
    out.status = xml::child_text(c, "Status");
    out.engine = xml::child_text(c, "Engine");
    out.global_id = xml::child_text(c, "GlobalClusterIdentifier");
    out.port = xml::child_int(c, "Port").value_or(0);
    out.encrypted = xml::child_bool(c, "StorageEncrypted").value_or(false);
    for (pugi::xml_node m : xml::members(c, "DBClusterMembers")) {
      out.members.emplace_back(xml::child_text(m, "DBInstanceIdentifier"));
    }
    out.azs = xml::member_texts(c, "AvailabilityZones");
    clusters.push_back(std::move(out));
  }
  ASSERT_EQ(clusters.size(), 2u);
  EXPECT_EQ(clusters[0].id, "orders-primary");
  EXPECT_EQ(clusters[0].port, 3306);
  EXPECT_TRUE(clusters[0].encrypted);
  EXPECT_EQ(clusters[0].members,
            (std::vector<std::string>{"orders-primary-1", "orders-primary-2"}));
  EXPECT_EQ(clusters[0].azs.size(), 3u);
  EXPECT_EQ(clusters[1].id, "orders-secondary");
  EXPECT_EQ(clusters[1].global_id, "orders-global");
  EXPECT_EQ(clusters[1].members.size(), 1u);
}

}  // namespace
}  // namespace drh

namespace drh::xml {
namespace {

TEST(EscapeForXml10, DropsWhatXml10CannotHoldAndEscapesTheRest) {
  EXPECT_EQ(escape_for_xml10("a<b & \"c\"\x01\x1f"), "a&lt;b &amp; &quot;c&quot;  ");
  EXPECT_EQ(escape_for_xml10("line\nnext\ttab"), "line&#10;next&#9;tab");
}

}  // namespace
}  // namespace drh::xml
