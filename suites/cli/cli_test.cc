// The drh command line as a user meets it: usage errors, bad input and unreachable
// endpoints each end with their documented exit code and a clear message.
#include <gtest/gtest.h>

#include "run_drh.h"
#include "server_process.h"

namespace drh::testing {
namespace {

const std::map<std::string, std::string> kKeys = {
    {"AWS_ACCESS_KEY_ID", "AKIATESTKEY000012345"},
    {"AWS_SECRET_ACCESS_KEY", "cli-test-secret-value-do-not-print"},
    {"AWS_REGION", "us-east-1"}};

TEST(Cli, VersionPrintsTheVersion) {
  auto r = run_drh({"version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("drh ")) << r.out;
}

TEST(Cli, NoSubcommandIsAUsageError) {
  auto r = run_drh({});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(Cli, UnknownOptionIsAUsageError) {
  auto r = run_drh({"call", "sts", "GetCallerIdentity", "--no-such-option"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(Cli, UnknownServiceNamesTheKnownOnes) {
  auto r = run_drh({"call", "nosuchservice", "DoThing"}, kKeys);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nosuchservice"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dynamodb"), std::string::npos) << r.err;
}

TEST(Cli, MalformedJsonNamesThePosition) {
  auto r = run_drh({"call", "dynamodb", "ListTables", "--json", "{\"Limit\": }"}, kKeys);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("malformed JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("byte"), std::string::npos) << r.err;
}

TEST(Cli, ParamWithoutEqualsIsBadInput) {
  auto r = run_drh({"call", "rds", "DescribeDBClusters", "--param", "oops"}, kKeys);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("Name=Value"), std::string::npos) << r.err;
}

TEST(Cli, MissingRegionForARegionalServiceIsBadInput) {
  auto env = kKeys;
  env["AWS_REGION"] = "";
  auto r = run_drh({"call", "rds", "DescribeDBClusters", "--endpoint-url", "http://127.0.0.1:9"},
                   env);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("AWS_REGION"), std::string::npos) << r.err;
}

TEST(Cli, NoCredentialsNamesEveryPlaceLooked) {
  auto r = run_drh({"whoami", "--endpoint-url", "http://127.0.0.1:9"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("AWS_ACCESS_KEY_ID"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("credentials"), std::string::npos) << r.err;
}

TEST(Cli, UnreachableEndpointExitsThreeAndNeverPrintsTheSecret) {
  const int port = free_loopback_port();  // nothing listens there
  auto r = run_drh({"whoami", "--endpoint-url", "http://127.0.0.1:" + std::to_string(port),
                    "--max-attempts", "1"},
                   kKeys);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("cli-test-secret-value"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("cli-test-secret-value"), std::string::npos) << r.out;
}

TEST(Cli, BadEndpointUrlIsBadInput) {
  auto r = run_drh({"whoami", "--endpoint-url", "ftp://example.com"}, kKeys);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("ftp://example.com"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace drh::testing
