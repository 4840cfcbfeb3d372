// The fake's core: routing by credential scope, target and path; errors in each protocol;
// deterministic ids; state that survives save and load.
#include <gtest/gtest.h>

#include "drh/aws/sts.h"
#include "drh/protocol/errors.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

TEST(FakeCore, StsAnswersThroughTheRealClientPath) {
  FakeWorld world;
  aws::StsClient sts(*world.connection);
  auto id = sts.GetCallerIdentity("us-west-2");
  ASSERT_TRUE(id.ok()) << id.error().describe();
  EXPECT_EQ(id->Account, "123456789012");
  EXPECT_EQ(id->Arn, "arn:aws:iam::123456789012:user/drh");
}

TEST(FakeCore, UnroutableRequestIsAClearError) {
  FakeWorld world;
  HttpRequest request;
  request.method = "GET";
  request.host = "127.0.0.1:4566";
  request.path = "/nothing";
  HttpResponse r = world.cloud.handle(request);
  EXPECT_EQ(r.status, 400);
  Error e = decode_error_response(r, Protocol::kQuery);
  EXPECT_EQ(e.code, "UnrecognizedClientException");
}

TEST(FakeCore, UnknownRegionIsRejected) {
  FakeWorld world;
  aws::StsClient sts(*world.connection);
  auto r = sts.GetCallerIdentity("mars-north-1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "InvalidClientTokenId");
  EXPECT_NE(r.error().message.find("mars-north-1"), std::string::npos);
}

TEST(FakeCore, StateRoundTripsAndRejectsForeignFiles) {
  FakeWorld world;
  const std::string saved = world.cloud.save_state();
  FakeWorld other;
  ASSERT_TRUE(other.cloud.load_state(saved).ok());
  EXPECT_EQ(other.cloud.save_state(), saved);

  auto bad = other.cloud.load_state("{\"hello\": 1}");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("drharness-fake-state"), std::string::npos);
  auto garbage = other.cloud.load_state("{not json");
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.error().kind, ErrorKind::kInvalidInput);
}

}  // namespace
}  // namespace drh::testing
