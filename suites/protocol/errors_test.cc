#include "drh/protocol/errors.h"

#include <gtest/gtest.h>

namespace drh {
namespace {

HttpResponse response(int status, std::string body, Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(ParseProtocol, KnowsTheFiveProtocols) {
  EXPECT_EQ(parse_protocol("query").value(), Protocol::kQuery);
  EXPECT_EQ(parse_protocol("ec2").value(), Protocol::kEc2);
  EXPECT_EQ(parse_protocol("rest-xml").value(), Protocol::kRestXml);
  EXPECT_EQ(parse_protocol("json").value(), Protocol::kJson);
  EXPECT_EQ(parse_protocol("rest-json").value(), Protocol::kRestJson);
  auto bad = parse_protocol("smithy-rpc-v2-cbor");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
}

TEST(QueryErrors, ErrorResponseDocument) {
  Error e = decode_error_response(
      response(404,
               "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">\n"
               "  <Error>\n    <Type>Sender</Type>\n    <Code>DBClusterNotFoundFault</Code>\n"
               "    <Message>DBCluster orders-x not found.</Message>\n  </Error>\n"
               "  <RequestId>0f9c9b5e-1111-2222-3333-444455556666</RequestId>\n"
               "</ErrorResponse>"),
      Protocol::kQuery);
  EXPECT_EQ(e.kind, ErrorKind::kAws);
  EXPECT_EQ(e.code, "DBClusterNotFoundFault");
  EXPECT_EQ(e.message, "DBCluster orders-x not found.");
  EXPECT_EQ(e.http_status, 404);
  EXPECT_EQ(e.request_id, "0f9c9b5e-1111-2222-3333-444455556666");
  EXPECT_FALSE(e.retryable);
}

TEST(QueryErrors, ThrottlingIsRetryable) {
  Error e = decode_error_response(
      response(400,
               "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
               "<Message>Rate exceeded</Message></Error><RequestId>r1</RequestId>"
               "</ErrorResponse>"),
      Protocol::kQuery);
  EXPECT_EQ(e.code, "Throttling");
  EXPECT_TRUE(e.retryable);
}

TEST(QueryErrors, HeaderRequestIdWins) {
  HttpResponse r = response(400,
                            "<ErrorResponse><Error><Code>InvalidParameterValue</Code></Error>"
                            "<RequestId>from-body</RequestId></ErrorResponse>",
                            {{"x-amzn-RequestId", "from-header"}});
  Error e = decode_error_response(r, Protocol::kQuery);
  EXPECT_EQ(e.request_id, "from-header");
  EXPECT_EQ(e.message, "");
}

TEST(Ec2Errors, ResponseErrorsDocument) {
  Error e = decode_error_response(
      response(400,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>"
               "<Code>InvalidVpcID.NotFound</Code><Message>The vpc ID 'vpc-1' does not exist"
               "</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID>"
               "</Response>"),
      Protocol::kEc2);
  EXPECT_EQ(e.kind, ErrorKind::kAws);
  EXPECT_EQ(e.code, "InvalidVpcID.NotFound");
  EXPECT_EQ(e.message, "The vpc ID 'vpc-1' does not exist");
  EXPECT_EQ(e.request_id, "ea966190-f9aa-478e-9ede-example");
  Error throttled = decode_error_response(
      response(503,
               "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>m"
               "</Message></Error></Errors><RequestID>r</RequestID></Response>"),
      Protocol::kEc2);
  EXPECT_TRUE(throttled.retryable);
}

TEST(RestXmlErrors, S3ErrorDocument) {
  Error e = decode_error_response(
      response(404,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
               "<Message>The specified key does not exist.</Message><Key>a/b.txt</Key>"
               "<RequestId>4442587FB7D0A2F9</RequestId><HostId>abc=</HostId></Error>"),
      Protocol::kRestXml);
  EXPECT_EQ(e.kind, ErrorKind::kAws);
  EXPECT_EQ(e.code, "NoSuchKey");
  EXPECT_EQ(e.message, "The specified key does not exist.");
  EXPECT_EQ(e.request_id, "4442587FB7D0A2F9");
  Error slow = decode_error_response(
      response(503,
               "<Error><Code>SlowDown</Code><Message>Please reduce your request rate."
               "</Message></Error>"),
      Protocol::kRestXml);
  EXPECT_TRUE(slow.retryable);
}

TEST(RestXmlErrors, Route53ErrorResponse) {
  Error e = decode_error_response(
      response(400,
               "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"https://route53.amazonaws.com/"
               "doc/2013-04-01/\"><Error><Type>Sender</Type><Code>InvalidChangeBatch</Code>"
               "<Message>[Tried to create resource record set [name='x.', type='A'] but it "
               "already exists]</Message></Error><RequestId>b25f48e8-84fd-11e6-80d9-"
               "574e0c4664cb</RequestId></ErrorResponse>"),
      Protocol::kRestXml);
  EXPECT_EQ(e.code, "InvalidChangeBatch");
  EXPECT_EQ(e.request_id, "b25f48e8-84fd-11e6-80d9-574e0c4664cb");
  EXPECT_NE(e.message.find("already exists"), std::string::npos);
  Error prior = decode_error_response(
      response(400,
               "<ErrorResponse><Error><Code>PriorRequestNotComplete</Code></Error>"
               "</ErrorResponse>"),
      Protocol::kRestXml);
  EXPECT_TRUE(prior.retryable);
}

TEST(RestXmlErrors, HeadWithEmptyBodyTakesTheCodeFromTheStatus) {
  HttpResponse r = response(404, "", {{"x-amz-request-id", "TX1"}});
  Error e = decode_error_response(r, Protocol::kRestXml);
  EXPECT_EQ(e.kind, ErrorKind::kAws);
  EXPECT_EQ(e.code, "NotFound");
  EXPECT_EQ(e.request_id, "TX1");
  EXPECT_EQ(e.http_status, 404);
  EXPECT_EQ(decode_error_response(response(403, ""), Protocol::kRestXml).code, "Forbidden");
  EXPECT_EQ(decode_error_response(response(400, "  \n"), Protocol::kRestXml).code, "BadRequest");
  EXPECT_EQ(decode_error_response(response(412, ""), Protocol::kRestXml).code, "Http412");
  Error unavailable = decode_error_response(response(503, ""), Protocol::kRestXml);
  EXPECT_EQ(unavailable.code, "Http503");
  EXPECT_TRUE(unavailable.retryable);
  // Outside the rest protocols an empty error body is not an AWS answer.
  Error query = decode_error_response(response(404, ""), Protocol::kQuery);
  EXPECT_EQ(query.kind, ErrorKind::kHttp);
  EXPECT_EQ(query.code, "NotFound");
}

TEST(JsonErrors, TypeWithNamespaceAndMessage) {
  Error e = decode_error_response(
      response(400,
               R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
               R"("message":"Requested resource not found: Table: orders not found"})",
               {{"x-amzn-RequestId", "RID"}}),
      Protocol::kJson);
  EXPECT_EQ(e.kind, ErrorKind::kAws);
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "Requested resource not found: Table: orders not found");
  EXPECT_EQ(e.request_id, "RID");
}

TEST(JsonErrors, CodeVariantsAndSuffixes) {
  Error a = decode_error_response(
      response(400, R"({"__type":"ns#ValidationException:http://internal/","Message":"bad"})"),
      Protocol::kJson);
  EXPECT_EQ(a.code, "ValidationException");
  EXPECT_EQ(a.message, "bad");
  Error b =
      decode_error_response(response(400, R"({"code":"ThrottlingException"})"), Protocol::kJson);
  EXPECT_EQ(b.code, "ThrottlingException");
  EXPECT_TRUE(b.retryable);
  Error c =
      decode_error_response(response(400, R"({"Code":"X","errorMessage":"em"})"), Protocol::kJson);
  EXPECT_EQ(c.code, "X");
  EXPECT_EQ(c.message, "em");
  Error d = decode_error_response(
      response(400,
               R"({"__type":"ResourceNotFoundException","message":"m","requestId":"in-body"})"),
      Protocol::kJson);
  EXPECT_EQ(d.request_id, "in-body");
}

TEST(JsonErrors, QueryCompatibleHeaderGivesTheQueryCode) {
  // CloudWatch over JSON 1.0 answers like this; boto3 reports the Query code.
  Error e = decode_error_response(
      response(404,
               R"({"__type":"com.amazonaws.cloudwatch#ResourceNotFoundException","message":"m"})",
               {{"x-amzn-query-error", "ResourceNotFound;Sender"}}),
      Protocol::kJson);
  EXPECT_EQ(e.code, "ResourceNotFound");
}

TEST(RestJsonErrors, ErrorTypeHeader) {
  Error e = decode_error_response(
      response(
          404,
          R"({"Type":"User","message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:f"})",
          {{"x-amzn-ErrorType",
            "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/"},
           {"x-amzn-RequestId", "L1"}}),
      Protocol::kRestJson);
  EXPECT_EQ(e.kind, ErrorKind::kAws);
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_NE(e.message.find("Function not found"), std::string::npos);
  EXPECT_EQ(e.request_id, "L1");
  Error too_many = decode_error_response(
      response(429, R"({"message":"Rate exceeded","Reason":"CallerRateLimitExceeded"})",
               {{"x-amzn-ErrorType", "TooManyRequestsException"}}),
      Protocol::kRestJson);
  EXPECT_EQ(too_many.code, "TooManyRequestsException");
  EXPECT_TRUE(too_many.retryable);
  // Header with an empty body.
  Error empty = decode_error_response(response(404, "", {{"x-amzn-ErrorType", "NotFound"}}),
                                      Protocol::kRestJson);
  EXPECT_EQ(empty.kind, ErrorKind::kAws);
  EXPECT_EQ(empty.code, "NotFound");
}

TEST(NonAwsBodies, HtmlFromAProxyIsAnHttpErrorWithAnExcerpt) {
  std::string html =
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
      "Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
  for (Protocol p : {Protocol::kQuery, Protocol::kEc2, Protocol::kRestXml, Protocol::kJson,
                     Protocol::kRestJson}) {
    Error e = decode_error_response(response(502, html), p);
    EXPECT_EQ(e.kind, ErrorKind::kHttp);
    EXPECT_EQ(e.code, "Http502");
    EXPECT_EQ(e.http_status, 502);
    EXPECT_TRUE(e.retryable);
    EXPECT_NE(e.message.find("HTTP 502 Bad Gateway"), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("<title>502 Bad Gateway</title>"), std::string::npos) << e.message;
    EXPECT_EQ(e.message.find('\r'), std::string::npos);
    EXPECT_EQ(e.message.find('\n'), std::string::npos);
  }
}

TEST(NonAwsBodies, GarbageIsEscapedAndCut) {
  std::string garbage(5000, 'x');
  garbage[3] = '\x01';
  garbage[4] = '\xff';
  garbage[5] = '\x1b';
  Error e = decode_error_response(response(500, garbage), Protocol::kJson);
  EXPECT_EQ(e.kind, ErrorKind::kHttp);
  EXPECT_NE(e.message.find("xxx\\x01\\xFF\\x1B"), std::string::npos) << e.message;
  EXPECT_LT(e.message.size(), 320u);
  EXPECT_NE(e.message.find("..."), std::string::npos);
  EXPECT_NE(e.message.find("5000 bytes"), std::string::npos);
}

TEST(NonAwsBodies, TruncatedXmlAndJsonAreHttpErrors) {
  Error xml = decode_error_response(
      response(400, "<ErrorResponse><Error><Code>Throttling</Code><Mess"), Protocol::kQuery);
  EXPECT_EQ(xml.kind, ErrorKind::kHttp);
  EXPECT_EQ(xml.code, "BadRequest");
  EXPECT_NE(xml.message.find("<ErrorResponse>"), std::string::npos);
  Error json = decode_error_response(response(400, R"({"__type":"Valid)"), Protocol::kJson);
  EXPECT_EQ(json.kind, ErrorKind::kHttp);
  Error no_code = decode_error_response(response(400,
                                                 "<ErrorResponse><Error><Message>m</Message>"
                                                 "</Error></ErrorResponse>"),
                                        Protocol::kQuery);
  EXPECT_EQ(no_code.kind, ErrorKind::kHttp);
  Error json_no_code =
      decode_error_response(response(403, R"({"message":"Forbidden"})"), Protocol::kRestJson);
  EXPECT_EQ(json_no_code.kind, ErrorKind::kHttp);
  EXPECT_EQ(json_no_code.code, "Forbidden");
  Error array = decode_error_response(response(400, "[1,2]"), Protocol::kJson);
  EXPECT_EQ(array.kind, ErrorKind::kHttp);
}

TEST(NonAwsBodies, OtherProtocolDocumentsAreAccepted) {
  // An emulator answering a JSON request with an XML error (and the other way round).
  Error a = decode_error_response(
      response(400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>"),
      Protocol::kJson);
  EXPECT_EQ(a.kind, ErrorKind::kAws);
  EXPECT_EQ(a.code, "InvalidAction");
  Error b = decode_error_response(response(400, R"({"__type":"X#Y"})"), Protocol::kQuery);
  EXPECT_EQ(b.code, "Y");
}

TEST(NonAwsBodies, NeverCrashOnHostileInput) {
  const std::string inputs[] = {std::string("\0\0\0", 3),
                                "<",
                                "<<<>>>",
                                "{",
                                "}",
                                "<?xml?>",
                                "<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>",
                                "<Error><Code></Code></Error>",
                                "<Error><Code>",
                                std::string(100000, '<'),
                                R"({"__type":null,"message":{"nested":[1,2]}})",
                                R"({"__type":123})",
                                "\xEF\xBB\xBF<Error><Code>BomCode</Code></Error>",
                                "<Response><Errors/></Response>"};
  for (const std::string& in : inputs) {
    for (Protocol p : {Protocol::kQuery, Protocol::kEc2, Protocol::kRestXml, Protocol::kJson,
                       Protocol::kRestJson}) {
      Error e = decode_error_response(response(400, in), p);
      EXPECT_FALSE(e.code.empty());
      EXPECT_EQ(e.http_status, 400);
    }
  }
}

}  // namespace
}  // namespace drh
