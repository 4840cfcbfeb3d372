#include "drh/core/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace drh {
namespace {

TEST(ErrorKindTest, ToStringNamesEveryKind) {
  EXPECT_STREQ(to_string(ErrorKind::kNetwork), "network");
  EXPECT_STREQ(to_string(ErrorKind::kTimeout), "timeout");
  EXPECT_STREQ(to_string(ErrorKind::kHttp), "http");
  EXPECT_STREQ(to_string(ErrorKind::kAws), "aws");
  EXPECT_STREQ(to_string(ErrorKind::kInvalidInput), "invalid_input");
  EXPECT_STREQ(to_string(ErrorKind::kCredentials), "credentials");
  EXPECT_STREQ(to_string(ErrorKind::kDecode), "decode");
  EXPECT_STREQ(to_string(ErrorKind::kInternal), "internal");
}

TEST(ErrorTest, DescribeWithEveryPart) {
  Error e = make_error(ErrorKind::kAws, "DBClusterNotFoundFault", "DBCluster x not found");
  e.http_status = 404;
  e.request_id = "abc-123";
  EXPECT_EQ(e.describe(),
            "aws error DBClusterNotFoundFault (HTTP 404): DBCluster x not found "
            "[request-id: abc-123]");
}

TEST(ErrorTest, DescribeLeavesOutEmptyParts) {
  EXPECT_EQ(make_error(ErrorKind::kNetwork, "", "connection refused").describe(),
            "network error: connection refused");
  EXPECT_EQ(make_error(ErrorKind::kTimeout, "Timeout", "").describe(), "timeout error Timeout");
  EXPECT_EQ(Error{}.describe(), "internal error");
}

TEST(ErrorTest, InvalidInputHelper) {
  Error e = invalid_input("bad --region");
  EXPECT_EQ(e.kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(e.code, "InvalidInput");
  EXPECT_EQ(e.message, "bad --region");
  EXPECT_FALSE(e.retryable);
  EXPECT_EQ(e.http_status, 0);
}

TEST(ExitCodeTest, EveryKindMapsToItsDocumentedCode) {
  auto code = [](ErrorKind k) { return exit_code_for(make_error(k, "X", "y")); };
  EXPECT_EQ(code(ErrorKind::kNetwork), kExitUnreachable);
  EXPECT_EQ(code(ErrorKind::kTimeout), kExitUnreachable);
  EXPECT_EQ(code(ErrorKind::kInvalidInput), kExitBadInput);
  EXPECT_EQ(code(ErrorKind::kCredentials), kExitBadInput);
  EXPECT_EQ(code(ErrorKind::kHttp), kExitFailed);
  EXPECT_EQ(code(ErrorKind::kAws), kExitFailed);
  EXPECT_EQ(code(ErrorKind::kDecode), kExitFailed);
  EXPECT_EQ(code(ErrorKind::kInternal), kExitFailed);
  EXPECT_EQ(kExitOk, 0);
  EXPECT_EQ(kExitRolledBack, 4);
}

TEST(ResultTest, HoldsAValue) {
  Result<std::string> r = std::string("hello");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(*r, "hello");
  EXPECT_EQ(r->size(), 5u);
  r.value() += "!";
  EXPECT_EQ(r.value(), "hello!");
}

TEST(ResultTest, HoldsAnError) {
  Result<int> r = make_error(ErrorKind::kAws, "Throttling", "slow down");
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_EQ(r.error().code, "Throttling");
  Error moved = std::move(r).error();
  EXPECT_EQ(moved.message, "slow down");
}

TEST(ResultTest, MovesOutMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 7);
}

TEST(ResultTest, ConstAccess) {
  const Result<int> r = 3;
  EXPECT_EQ(r.value(), 3);
  EXPECT_EQ(*r, 3);
}

TEST(StatusTest, OkAndError) {
  Status ok = Ok{};
  EXPECT_TRUE(ok.ok());
  Status bad = invalid_input("nope");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
}

}  // namespace
}  // namespace drh
