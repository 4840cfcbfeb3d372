#include "drh/protocol/rest.h"

#include <gtest/gtest.h>

#include "drh/core/encoding.h"
#include "drh/protocol/json_protocol.h"
#include "drh/protocol/rest_xml.h"

namespace drh {
namespace {

TEST(UriTemplate, PlainLabelsEncodeEverythingReserved) {
  auto r = expand_uri_template("/2013-04-01/hostedzone/{Id}/rrset/", {{"Id", "Z1/../x y"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->path, "/2013-04-01/hostedzone/Z1%2F..%2Fx%20y/rrset/");
  EXPECT_EQ(r->query, "");
}

TEST(UriTemplate, GreedyLabelsKeepSlashes) {
  auto r = expand_uri_template("/{Bucket}/{Key+}",
                               {{"Bucket", "orders-use1"}, {"Key", "logs/2024/a b+c~d%.txt"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->path, "/orders-use1/logs/2024/a%20b%2Bc~d%25.txt");
  auto unicode = expand_uri_template("/{Bucket}/{Key+}",
                                     {{"Bucket", "b"}, {"Key", "d\xC3\xA9j\xC3\xA0/\xE2\x9C\x93"}});
  ASSERT_TRUE(unicode.ok());
  EXPECT_EQ(unicode->path, "/b/d%C3%A9j%C3%A0/%E2%9C%93");
}

TEST(UriTemplate, LiteralQueryIsSplitOff) {
  auto r = expand_uri_template("/{Bucket}?versioning", {{"Bucket", "b"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->path, "/b");
  EXPECT_EQ(r->query, "versioning");
  auto put =
      expand_uri_template("/{Bucket}/{Key+}?x-id=PutObject", {{"Bucket", "b"}, {"Key", "k"}});
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->query, "x-id=PutObject");
  EXPECT_EQ(expand_uri_template("/", {}).value().path, "/");
}

TEST(UriTemplate, MissingEmptyAndMalformedLabelsFail) {
  auto missing = expand_uri_template("/{Bucket}/{Key+}", {{"Bucket", "b"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(missing.error().message.find("{Key}"), std::string::npos);
  EXPECT_FALSE(expand_uri_template("/{Bucket}", {{"Bucket", ""}}).ok());
  EXPECT_FALSE(expand_uri_template("/{Bucket", {{"Bucket", "b"}}).ok());
  EXPECT_FALSE(expand_uri_template("/Bucket}", {{"Bucket", "b"}}).ok());
  EXPECT_FALSE(expand_uri_template("/{}", {}).ok());
}

TEST(RestRequestBuilder, AssemblesPathQueryHeadersBody) {
  RestRequestBuilder b("GET", "/2013-04-01/hostedzonesbyname?x=1");
  b.query("dnsname", "orders.example.com.").query("maxitems", "1").query("tag", "a b&c");
  b.header("X-Custom", "v");
  auto req = b.build();
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->method, "GET");
  EXPECT_EQ(req->path, "/2013-04-01/hostedzonesbyname");
  EXPECT_EQ(req->query, "x=1&dnsname=orders.example.com.&maxitems=1&tag=a%20b%26c");
  EXPECT_EQ(req->headers.get("x-custom"), std::optional<std::string_view>("v"));
  EXPECT_TRUE(req->host.empty());
  EXPECT_TRUE(req->scheme.empty());
}

TEST(JsonProtocol, BuildsTargetAndContentType) {
  HttpRequest req =
      build_json_request("DynamoDB_20120810", "1.0", "DescribeTable", R"({"TableName":"orders"})");
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.path, "/");
  EXPECT_EQ(req.headers.get("X-Amz-Target"),
            std::optional<std::string_view>("DynamoDB_20120810.DescribeTable"));
  EXPECT_EQ(req.headers.get("Content-Type"),
            std::optional<std::string_view>("application/x-amz-json-1.0"));
  EXPECT_EQ(req.body, R"({"TableName":"orders"})");
  ServiceInfo svc{};
  svc.target_prefix = "GraniteServiceVersion20100801";
  svc.json_version = "1.1";
  HttpRequest cw = build_json_request(svc, "DescribeAlarms", "");
  EXPECT_EQ(cw.body, "{}");
  EXPECT_EQ(cw.headers.get("Content-Type"),
            std::optional<std::string_view>("application/x-amz-json-1.1"));
  EXPECT_EQ(cw.headers.get("X-Amz-Target"),
            std::optional<std::string_view>("GraniteServiceVersion20100801.DescribeAlarms"));
}

TEST(RestJson, BodyGetsApplicationJson) {
  RestRequestBuilder b("POST", "/2015-03-31/functions");
  auto req = build_rest_json_request(b, R"({"FunctionName":"f"})");
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->headers.get("Content-Type"), std::optional<std::string_view>("application/json"));
  RestRequestBuilder get("GET", "/2015-03-31/functions/{FunctionName}");
  get.label("FunctionName", "arn:aws:lambda:us-east-1:123456789012:function:f");
  auto g = build_rest_json_request(get, "");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->path,
            "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af");
  EXPECT_FALSE(g->headers.has("Content-Type"));
}

TEST(RestXml, BodyWithNamespaceAndContentMd5) {
  auto w = start_xml_body("VersioningConfiguration", kS3Namespace);
  w.element("Status", "Enabled");
  RestRequestBuilder b("PUT", "/{Bucket}?versioning");
  b.label("Bucket", "orders-use1");
  auto req = build_rest_xml_request(std::move(b), w.take(), /*content_md5=*/true);
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->body,
            "<VersioningConfiguration "
            "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled</Status>"
            "</VersioningConfiguration>");
  EXPECT_EQ(req->headers.get("Content-MD5"),
            std::optional<std::string_view>(md5_base64(req->body)));
  EXPECT_EQ(req->query, "versioning");
  EXPECT_FALSE(req->headers.has("Content-Type"));

  pugi::xml_document doc;
  auto root = load_rest_xml_result(doc, req->body, "VersioningConfiguration");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(xml::child_text(*root, "Status"), "Enabled");
  EXPECT_FALSE(load_rest_xml_result(doc, req->body, "Other").ok());
}

}  // namespace
}  // namespace drh
