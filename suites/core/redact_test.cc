#include "drh/core/redact.h"

#include <gtest/gtest.h>

#include <string>

namespace drh {
namespace {

TEST(RedactAccessKeyTest, KeepsFourCharactersEachSide) {
  EXPECT_EQ(redact_access_key("AKIAIOSFODNN7EXAMPLE"), "AKIA****MPLE");
  EXPECT_EQ(redact_access_key("ASIAXYZ0123456789WXYZ"), "ASIA****WXYZ");
  EXPECT_EQ(redact_access_key("AKIA12345678"), "AKIA****5678") << "12 characters: shortest kept";
}

TEST(RedactAccessKeyTest, ShortKeysAreFullyMasked) {
  EXPECT_EQ(redact_access_key("AKIA1234567"), "****");
  EXPECT_EQ(redact_access_key("test"), "****");
  EXPECT_EQ(redact_access_key("x"), "****");
  EXPECT_EQ(redact_access_key(""), "");
}

TEST(RedactAuthTextTest, AuthorizationHeader) {
  const std::string header =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE1234567890/20150830/us-east-1/iam/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date, "
      "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
  std::string out = redact_auth_text(header);
  EXPECT_EQ(out,
            "AWS4-HMAC-SHA256 Credential=AKID****7890/20150830/us-east-1/iam/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, Signature=<redacted>");
}

TEST(RedactAuthTextTest, PresignedUrl) {
  const std::string url =
      "https://bucket.s3.amazonaws.com/key?X-Amz-Algorithm=AWS4-HMAC-SHA256"
      "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
      "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
      "&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLETOKEN%2Fabc"
      "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
  std::string out = redact_auth_text(url);
  EXPECT_EQ(out.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos) << out;
  EXPECT_EQ(out.find("IQoJb3JpZ2luX2VjEXAMPLETOKEN"), std::string::npos) << out;
  EXPECT_EQ(out.find("aeeed9bb"), std::string::npos) << out;
  EXPECT_NE(out.find("X-Amz-Credential=AKIA****MPLE%2F20130524"), std::string::npos) << out;
  EXPECT_NE(out.find("X-Amz-Security-Token=<redacted>&"), std::string::npos) << out;
  EXPECT_NE(out.find("X-Amz-Signature=<redacted>"), std::string::npos) << out;
  EXPECT_NE(out.find("X-Amz-Expires=86400"), std::string::npos) << "other parts are kept";
}

TEST(RedactAuthTextTest, SecurityTokenHeaderAnyCase) {
  std::string out = redact_auth_text("x-amz-security-token: FwoGZXIvYXdzEXAMPLE+/=\nhost: h");
  EXPECT_EQ(out, "x-amz-security-token: <redacted>\nhost: h");
  out = redact_auth_text("X-Amz-Security-Token:FwoGZXIvYXdzEXAMPLE");
  EXPECT_EQ(out, "X-Amz-Security-Token:<redacted>");
}

TEST(RedactAuthTextTest, SeveralCredentialsInOneText) {
  std::string out = redact_auth_text(
      "Credential=AKIAAAAAAAAAAAAA1111/x first; Credential=AKIABBBBBBBBBBBB2222/y second");
  EXPECT_EQ(out, "Credential=AKIA****1111/x first; Credential=AKIA****2222/y second");
}

TEST(RedactAuthTextTest, TextWithoutSecretsIsUnchanged) {
  const std::string text = "GET /?Action=DescribeVpcs HTTP/1.1\nHost: ec2.us-east-1.amazonaws.com";
  EXPECT_EQ(redact_auth_text(text), text);
  EXPECT_EQ(redact_auth_text(""), "");
}

}  // namespace
}  // namespace drh
