#include "drh/protocol/query.h"

#include <gtest/gtest.h>

#include "samples.h"

namespace drh {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(QueryParams, KeepsInsertionOrderAndTypes) {
  QueryParams p;
  p.add("B", "2")
      .add("A", std::string("1"))
      .add("Enabled", true)
      .add("Count", 42)
      .add("Ratio", 0.5);
  p.add_optional("Skipped", std::nullopt).add_optional("Kept", std::string("k"));
  EXPECT_EQ(p.encode(), "B=2&A=1&Enabled=true&Count=42&Ratio=0.5&Kept=k");
  EXPECT_EQ(p.get("Count"), std::optional<std::string_view>("42"));
  EXPECT_EQ(p.get("Nope"), std::nullopt);
  EXPECT_EQ(p.size(), 6u);
}

TEST(QueryParams, FlattensQueryListsWithMemberNames) {
  QueryParams p;
  p.add_list("AlarmNames", {"a", "b"});
  p.add_list("Values", {"x"}, QueryStyle::kQuery, "Value");
  p.add_list("Empty", {});
  EXPECT_EQ(p.encode(), "AlarmNames.member.1=a&AlarmNames.member.2=b&Values.Value.1=x&Empty=");
}

TEST(QueryParams, FlattensEc2Lists) {
  QueryParams p;
  p.add_list("VpcId", {"vpc-1", "vpc-2"}, QueryStyle::kEc2);
  p.add_list("Empty", {}, QueryStyle::kEc2);
  auto f = p.item("Filter", 1, QueryStyle::kEc2);
  f.add("Name", "tag:dr-role").add_list("Value", {"primary", "secondary"}, QueryStyle::kEc2);
  EXPECT_EQ(p.encode(),
            "VpcId.1=vpc-1&VpcId.2=vpc-2&Filter.1.Name=tag%3Adr-role&Filter.1.Value.1=primary"
            "&Filter.1.Value.2=secondary");
}

TEST(QueryParams, NestedStructuresAndMaps) {
  QueryParams p;
  auto dims = p.item("Dimensions", 2);
  dims.add("Name", "DBClusterIdentifier").add("Value", "orders");
  p.scope("Config").scope("Inner").add("Mode", "x");
  p.add_map("Attributes", {{"DisplayName", "ops"}, {"Policy", "{}"}});
  p.scope("Tags").add_map("Map", {{"k", "v"}}, "Key", "Value");
  EXPECT_EQ(p.encode(),
            "Dimensions.member.2.Name=DBClusterIdentifier&Dimensions.member.2.Value=orders"
            "&Config.Inner.Mode=x"
            "&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=ops"
            "&Attributes.entry.2.key=Policy&Attributes.entry.2.value=%7B%7D"
            "&Tags.Map.entry.1.Key=k&Tags.Map.entry.1.Value=v");
  EXPECT_EQ(QueryParams::list_key("A", 3), "A.member.3");
  EXPECT_EQ(QueryParams::list_key("A", 3, QueryStyle::kEc2), "A.3");
}

TEST(FormEncoding, EncodesSpacesUnicodeAndReservedCharacters) {
  EXPECT_EQ(form_encode({{"Message", "fail over now"}}), "Message=fail%20over%20now");
  EXPECT_EQ(form_encode({{"K", "a+b=c&d/e?f#g%h~i_j.k-l*m'n!o"}}),
            "K=a%2Bb%3Dc%26d%2Fe%3Ff%23g%25h~i_j.k-l%2Am%27n%21o");
  EXPECT_EQ(form_encode({{"Name", "caf\xC3\xA9 \xE2\x9C\x93"}}), "Name=caf%C3%A9%20%E2%9C%93");
  EXPECT_EQ(form_encode({{"a b", ""}}), "a%20b=");
  EXPECT_EQ(form_encode({}), "");
}

TEST(FormEncoding, ParseFormRoundTrips) {
  Pairs in = {{"Action", "Publish"},
              {"Message", "a b+c=d&e"},
              {"Unicode", "\xC3\xA9\xE2\x9C\x93"},
              {"Empty", ""},
              {"Attributes.entry.1.key", "k"}};
  EXPECT_EQ(parse_form(form_encode(in)), in);
  // Browsers and some SDKs use '+' for spaces; keys without '=' and empty segments.
  EXPECT_EQ(parse_form("a=1+2&flag&&b=%zz&c=%41"),
            (Pairs{{"a", "1 2"}, {"flag", ""}, {"b", "%zz"}, {"c", "A"}}));
  EXPECT_TRUE(parse_form("").empty());
  EXPECT_EQ(parse_form("x=1=2"), (Pairs{{"x", "1=2"}}));
}

TEST(QueryRequest, BuildsActionVersionFirst) {
  QueryParams p;
  p.add("DBClusterIdentifier", "orders primary");
  HttpRequest req = build_query_request("DescribeDBClusters", "2014-10-31", p);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.path, "/");
  EXPECT_EQ(req.query, "");
  EXPECT_EQ(req.host, "");
  EXPECT_EQ(req.headers.get("Content-Type"),
            std::optional<std::string_view>("application/x-www-form-urlencoded; charset=utf-8"));
  EXPECT_EQ(req.body,
            "Action=DescribeDBClusters&Version=2014-10-31&DBClusterIdentifier=orders%20primary");
  EXPECT_EQ(parse_form(req.body)[2].second, "orders primary");
}

TEST(QueryResponse, FindsTheResultNode) {
  pugi::xml_document doc;
  auto result = load_query_result(doc, test::kDescribeDBClusters, "DescribeDBClusters");
  ASSERT_TRUE(result.ok()) << result.error().describe();
  EXPECT_STREQ(result->name(), "DescribeDBClustersResult");
  EXPECT_EQ(query_request_id(doc), "5e1b6a44-8f3c-4d0e-9b2a-7c6d5e4f3a21");

  // ec2: <OpResponse> holds the result, requestId at the top.
  pugi::xml_document ec2;
  auto vpcs =
      load_query_result(ec2,
                        "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                        "<requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId><vpcSet><item>"
                        "<vpcId>vpc-1</vpcId></item></vpcSet></DescribeVpcsResponse>",
                        "DescribeVpcs");
  ASSERT_TRUE(vpcs.ok());
  EXPECT_STREQ(vpcs->name(), "DescribeVpcsResponse");
  EXPECT_EQ(query_request_id(ec2), "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE");

  // A query operation without output.
  pugi::xml_document none;
  auto deleted =
      load_query_result(none,
                        "<DeleteAlarmsResponse><ResponseMetadata><RequestId>r</RequestId>"
                        "</ResponseMetadata></DeleteAlarmsResponse>",
                        "DeleteAlarms");
  ASSERT_TRUE(deleted.ok());
  EXPECT_STREQ(deleted->name(), "DeleteAlarmsResponse");
}

TEST(QueryResponse, WrongRootOrMalformedIsADecodeError) {
  pugi::xml_document doc;
  auto wrong = load_query_result(doc, "<OtherResponse/>", "DescribeDBClusters");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::kDecode);
  EXPECT_NE(wrong.error().message.find("<DescribeDBClustersResponse>"), std::string::npos);
  auto bad = load_query_result(doc, "<DescribeDBClustersResponse><", "DescribeDBClusters");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "MalformedXml");
}

}  // namespace
}  // namespace drh
