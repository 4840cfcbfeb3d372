// The drh executable against moto_server, as README's quick start shows it.
#include <gtest/gtest.h>

#include "moto_env.h"
#include "run_drh.h"

namespace drh::testing {
namespace {

const std::map<std::string, std::string> kKeys = {
    {"AWS_ACCESS_KEY_ID", "AKIAEMULATORCLI00042"},
    {"AWS_SECRET_ACCESS_KEY", "emulator-cli-secret-do-not-print"}};

TEST(EmulatorCli, WhoamiPrintsTheAccountAndARedactedKey) {
  DRH_REQUIRE_MOTO();
  auto r = run_drh({"whoami", "--endpoint-url", moto_url()}, kKeys);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Account:   123456789012"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("AKIA****0042"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("AKIAEMULATORCLI00042"), std::string::npos) << "key printed whole";
  EXPECT_EQ(r.out.find("emulator-cli-secret"), std::string::npos) << "secret printed";
}

TEST(EmulatorCli, CallPrintsDecodedJsonAndAwsErrorsExitOne) {
  DRH_REQUIRE_MOTO();
  auto ok = run_drh(
      {"call", "sts", "GetCallerIdentity", "--region", "us-west-2", "--endpoint-url", moto_url()},
      kKeys);
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("\"Account\": \"123456789012\""), std::string::npos) << ok.out;

  auto missing = run_drh({"call", "rds", "DescribeDBClusters", "--region", "us-east-1",
                          "--endpoint-url", moto_url(), "--param",
                          "DBClusterIdentifier=no-such-cluster"},
                         kKeys);
  EXPECT_EQ(missing.exit_code, 1) << missing.err;
  EXPECT_NE(missing.err.find("DBClusterNotFoundFault"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace drh::testing

namespace drh::testing {
namespace {

TEST(EmulatorCli, TypedCallPrintsTheTypedResult) {
  DRH_REQUIRE_MOTO();
  const std::string table = unique_name("typed");
  auto created = run_drh({"call", "dynamodb", "CreateTable", "--region", "us-east-1",
                          "--endpoint-url", moto_url(), "--json",
                          "{\"TableName\": \"" + table +
                              "\", \"BillingMode\": \"PAY_PER_REQUEST\", "
                              "\"AttributeDefinitions\": [{\"AttributeName\": \"pk\", "
                              "\"AttributeType\": \"S\"}], \"KeySchema\": [{\"AttributeName\": "
                              "\"pk\", \"KeyType\": \"HASH\"}]}"},
                         kKeys);
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto typed = run_drh({"call", "dynamodb", "DescribeTable", "--typed", "--region", "us-east-1",
                        "--endpoint-url", moto_url(), "--param", "TableName=" + table},
                       kKeys);
  ASSERT_EQ(typed.exit_code, 0) << typed.err;
  EXPECT_NE(typed.out.find("\"TableName\": \"" + table + "\""), std::string::npos) << typed.out;
  EXPECT_EQ(typed.out.find("ResponseMetadata"), std::string::npos)
      << "typed output is the typed result, not the generic decode: " << typed.out;
}

TEST(EmulatorCli, TypedCallOfAnOperationWithoutDecoderIsBadInput) {
  DRH_REQUIRE_MOTO();
  auto r = run_drh({"call", "sts", "GetCallerIdentity", "--typed", "--region", "us-east-1",
                    "--endpoint-url", moto_url()},
                   kKeys);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("no typed decoder for sts GetCallerIdentity"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace drh::testing
