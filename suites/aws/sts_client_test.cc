// StsClient over hand-written wire samples.
#include <gtest/gtest.h>

#include "drh/aws/sts.h"
#include "scripted_transport.h"

namespace drh::aws {
namespace {

using drh::testing::ScriptedTransport;

TEST(StsClient, DecodesGetCallerIdentityAndSignsForTheRegion) {
  auto transport = std::make_shared<ScriptedTransport>();
  ManualClock clock;
  auto connection = drh::testing::scripted_connection(transport, clock);
  transport->respond(drh::testing::wire_sample("sts/GetCallerIdentity.xml"));

  StsClient sts(*connection);
  auto r = sts.GetCallerIdentity("eu-west-1");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->Account, "123456789012");
  EXPECT_EQ(r->Arn, "arn:aws:sts::123456789012:assumed-role/dr-drill/session-1");
  EXPECT_EQ(r->UserId, "AROA3XFRBF535PLBIFPI4:session-1");

  const HttpRequest& sent = transport->last_request();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(drh::testing::form_value(sent, "Action"), "GetCallerIdentity");
  EXPECT_EQ(drh::testing::form_value(sent, "Version"), "2011-06-15");
  auto auth = sent.headers.get("Authorization");
  ASSERT_TRUE(auth.has_value());
  EXPECT_NE(auth->find("/eu-west-1/sts/aws4_request"), std::string_view::npos) << *auth;
}

TEST(StsClient, AnswerWithoutAccountIsADecodeError) {
  auto transport = std::make_shared<ScriptedTransport>();
  ManualClock clock;
  auto connection = drh::testing::scripted_connection(transport, clock);
  transport->respond(
      "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>x</Arn>"
      "</GetCallerIdentityResult></GetCallerIdentityResponse>");
  StsClient sts(*connection);
  auto r = sts.GetCallerIdentity("us-east-1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kDecode);
  EXPECT_NE(r.error().message.find("Account"), std::string::npos) << r.error().message;
}

TEST(StsClient, AccessDeniedIsAnAwsErrorNotRetried) {
  auto transport = std::make_shared<ScriptedTransport>();
  ManualClock clock;
  auto connection = drh::testing::scripted_connection(transport, clock);
  transport->respond(
      "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
      "<Message>not allowed</Message></Error><RequestId>r-1</RequestId></ErrorResponse>",
      403);
  StsClient sts(*connection);
  auto r = sts.GetCallerIdentity("us-east-1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "AccessDenied");
  EXPECT_EQ(r.error().http_status, 403);
  EXPECT_EQ(transport->requests().size(), 1u);
}

}  // namespace
}  // namespace drh::aws
