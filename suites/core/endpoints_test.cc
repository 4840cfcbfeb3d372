#include "drh/core/endpoints.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace drh {
namespace {

namespace fs = std::filesystem;

// Clears every variable endpoint and region resolution reads, points HOME at an empty
// temporary directory, and puts everything back afterwards.
class EnvFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> names = {"AWS_ENDPOINT_URL", "AWS_REGION",      "AWS_DEFAULT_REGION",
                                      "AWS_PROFILE",      "AWS_CONFIG_FILE", "HOME"};
    for (std::string_view suffix :
         {"STS", "EC2", "RDS", "ROUTE_53", "DYNAMODB", "S3", "CLOUDWATCH", "SNS", "LAMBDA"}) {
      names.push_back("AWS_ENDPOINT_URL_" + std::string(suffix));
    }
    for (const auto& n : names) {
      const char* v = ::getenv(n.c_str());
      saved_[n] = v ? std::optional<std::string>(v) : std::nullopt;
      ::unsetenv(n.c_str());
    }
    std::string tmpl = (fs::temp_directory_path() / "drh-endpoints-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    set("HOME", dir_.string());
  }

  void TearDown() override {
    for (const auto& [n, v] : saved_) {
      if (v) {
        ::setenv(n.c_str(), v->c_str(), 1);
      } else {
        ::unsetenv(n.c_str());
      }
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static void set(const std::string& name, const std::string& value) {
    ::setenv(name.c_str(), value.c_str(), 1);
  }

  std::string write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }

  static const ServiceInfo& service(std::string_view id) {
    auto s = find_service(id);
    EXPECT_TRUE(s.ok()) << id;
    return **s;
  }

  fs::path dir_;
  std::map<std::string, std::optional<std::string>> saved_;
};

using FindServiceTest = EnvFixture;
using ResolveEndpointTest = EnvFixture;
using ResolveRegionTest = EnvFixture;
using S3AddressTest = EnvFixture;

// Every fact below comes from botocore's service-2.json "metadata" of the API version
// drharness speaks.
TEST_F(FindServiceTest, MetadataMatchesTheBotocoreModels) {
  struct Expected {
    const char* id;
    const char* prefix;
    const char* signing;
    const char* protocol;
    const char* api;
    const char* json_version;
    const char* target;
    const char* env;
  };
  for (const Expected& e : {
           Expected{"sts", "sts", "sts", "query", "2011-06-15", "", "", "STS"},
           Expected{"ec2", "ec2", "ec2", "ec2", "2016-11-15", "", "", "EC2"},
           Expected{"rds", "rds", "rds", "query", "2014-10-31", "", "", "RDS"},
           Expected{"route53", "route53", "route53", "rest-xml", "2013-04-01", "", "", "ROUTE_53"},
           Expected{"dynamodb", "dynamodb", "dynamodb", "json", "2012-08-10", "1.0",
                    "DynamoDB_20120810", "DYNAMODB"},
           Expected{"s3", "s3", "s3", "rest-xml", "2006-03-01", "", "", "S3"},
           Expected{"cloudwatch", "monitoring", "monitoring", "json", "2010-08-01", "1.0",
                    "GraniteServiceVersion20100801", "CLOUDWATCH"},
           Expected{"sns", "sns", "sns", "query", "2010-03-31", "", "", "SNS"},
           Expected{"lambda", "lambda", "lambda", "rest-json", "2015-03-31", "", "", "LAMBDA"},
       }) {
    auto s = find_service(e.id);
    ASSERT_TRUE(s.ok()) << e.id;
    const ServiceInfo& info = **s;
    EXPECT_EQ(info.id, e.id);
    EXPECT_EQ(info.endpoint_prefix, e.prefix) << e.id;
    EXPECT_EQ(info.signing_name, e.signing) << e.id;
    EXPECT_EQ(info.protocol, e.protocol) << e.id;
    EXPECT_EQ(info.api_version, e.api) << e.id;
    EXPECT_EQ(info.json_version, e.json_version) << e.id;
    EXPECT_EQ(info.target_prefix, e.target) << e.id;
    EXPECT_EQ(info.env_suffix, e.env) << e.id;
    EXPECT_EQ(info.global, std::string_view(e.id) == "route53") << e.id;
  }
  EXPECT_EQ(service("route53").global_region, "us-east-1");
}

TEST_F(FindServiceTest, AcceptsAliasesCaseInsensitively) {
  for (auto [alias, id] :
       std::vector<std::pair<std::string, std::string>>{{"monitoring", "cloudwatch"},
                                                        {"CloudWatch", "cloudwatch"},
                                                        {"cw", "cloudwatch"},
                                                        {"route53", "route53"},
                                                        {"route-53", "route53"},
                                                        {"Route 53", "route53"},
                                                        {"ROUTE_53", "route53"},
                                                        {"DynamoDB", "dynamodb"},
                                                        {"dynamo", "dynamodb"},
                                                        {"S3", "s3"},
                                                        {" ec2 ", "ec2"},
                                                        {"Lambda", "lambda"},
                                                        {"STS", "sts"}}) {
    auto s = find_service(alias);
    ASSERT_TRUE(s.ok()) << alias;
    EXPECT_EQ((*s)->id, id) << alias;
  }
}

TEST_F(FindServiceTest, UnknownServiceListsTheKnownOnes) {
  auto s = find_service("sqs");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(s.error().message.find("'sqs'"), std::string::npos);
  EXPECT_NE(s.error().message.find(known_service_ids()), std::string::npos);
  EXPECT_FALSE(find_service("").ok());
  EXPECT_EQ(known_service_ids(), "sts, ec2, rds, route53, dynamodb, s3, cloudwatch, sns, lambda");
}

TEST_F(ResolveEndpointTest, RegionalDefaultsForEveryServiceAndRegion) {
  for (const char* region : {"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"}) {
    for (auto [id, prefix] :
         std::vector<std::pair<std::string, std::string>>{{"sts", "sts"},
                                                          {"ec2", "ec2"},
                                                          {"rds", "rds"},
                                                          {"dynamodb", "dynamodb"},
                                                          {"s3", "s3"},
                                                          {"cloudwatch", "monitoring"},
                                                          {"sns", "sns"},
                                                          {"lambda", "lambda"}}) {
      auto ep = resolve_endpoint(service(id), region);
      ASSERT_TRUE(ep.ok()) << id << " " << region << ": " << ep.error().describe();
      EXPECT_EQ(ep->url, "https://" + prefix + "." + region + ".amazonaws.com");
      EXPECT_EQ(ep->signing_region, region);
      EXPECT_FALSE(ep->overridden);
      EXPECT_EQ(ep->source, "default");
    }
  }
}

TEST_F(ResolveEndpointTest, ChinaAndGovCloudPartitions) {
  auto ec2 = resolve_endpoint(service("ec2"), "cn-north-1");
  ASSERT_TRUE(ec2.ok());
  EXPECT_EQ(ec2->url, "https://ec2.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(ec2->signing_region, "cn-north-1");
  auto cw = resolve_endpoint(service("cloudwatch"), "cn-northwest-1");
  ASSERT_TRUE(cw.ok());
  EXPECT_EQ(cw->url, "https://monitoring.cn-northwest-1.amazonaws.com.cn");
  auto gov = resolve_endpoint(service("rds"), "us-gov-west-1");
  ASSERT_TRUE(gov.ok());
  EXPECT_EQ(gov->url, "https://rds.us-gov-west-1.amazonaws.com");
}

TEST_F(ResolveEndpointTest, Route53IsGlobalPerPartition) {
  for (const char* region : {"us-east-1", "eu-central-1", "ap-northeast-1", ""}) {
    auto ep = resolve_endpoint(service("route53"), region);
    ASSERT_TRUE(ep.ok()) << region;
    EXPECT_EQ(ep->url, "https://route53.amazonaws.com") << region;
    EXPECT_EQ(ep->signing_region, "us-east-1") << region;
    EXPECT_EQ(ep->source, "default");
  }
  auto cn = resolve_endpoint(service("route53"), "cn-north-1");
  ASSERT_TRUE(cn.ok());
  EXPECT_EQ(cn->url, "https://route53.amazonaws.com.cn");
  EXPECT_EQ(cn->signing_region, "cn-northwest-1");
  auto gov = resolve_endpoint(service("route53"), "us-gov-east-1");
  ASSERT_TRUE(gov.ok());
  EXPECT_EQ(gov->url, "https://route53.us-gov.amazonaws.com");
  EXPECT_EQ(gov->signing_region, "us-gov-west-1");
}

TEST_F(ResolveEndpointTest, Route53WithoutAKnownGlobalEndpointNeedsAnOverride) {
  auto ep = resolve_endpoint(service("route53"), "eusc-de-east-1");
  ASSERT_FALSE(ep.ok());
  EXPECT_EQ(ep.error().code, "UnknownEndpoint");
  EXPECT_NE(ep.error().message.find("aws-eusc"), std::string::npos) << ep.error().message;
  EndpointOptions opts;
  opts.explicit_url = "https://route53.example";
  ep = resolve_endpoint(service("route53"), "eusc-de-east-1", opts);
  ASSERT_TRUE(ep.ok()) << ep.error().describe();
  EXPECT_EQ(ep->signing_region, "eusc-de-east-1");
  auto ec2 = resolve_endpoint(service("ec2"), "eusc-de-east-1");
  ASSERT_TRUE(ec2.ok());
  EXPECT_EQ(ec2->url, "https://ec2.eusc-de-east-1.amazonaws.eu");
}

TEST_F(ResolveEndpointTest, RegionalServiceNeedsAValidRegion) {
  auto empty = resolve_endpoint(service("dynamodb"), "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(empty.error().message.find("dynamodb"), std::string::npos);
  for (const char* bad : {"US-EAST-1", "us-east-1.evil.com", "us east 1", "us-east-1/", "-x"}) {
    auto ep = resolve_endpoint(service("ec2"), bad);
    ASSERT_FALSE(ep.ok()) << bad;
    EXPECT_EQ(ep.error().kind, ErrorKind::kInvalidInput);
    EXPECT_NE(ep.error().message.find(bad), std::string::npos) << ep.error().message;
  }
}

TEST_F(ResolveEndpointTest, ExplicitUrlBeatsTheEnvironment) {
  set("AWS_ENDPOINT_URL", "http://global:1");
  set("AWS_ENDPOINT_URL_RDS", "http://rds-only:2");
  EndpointOptions opts;
  opts.explicit_url = "http://localhost:4566/";
  auto ep = resolve_endpoint(service("rds"), "eu-west-1", opts);
  ASSERT_TRUE(ep.ok()) << ep.error().describe();
  EXPECT_EQ(ep->url, "http://localhost:4566") << "no trailing slash";
  EXPECT_TRUE(ep->overridden);
  EXPECT_EQ(ep->source, "--endpoint-url");
  EXPECT_EQ(ep->signing_region, "eu-west-1");
}

TEST_F(ResolveEndpointTest, ServiceVariableBeatsTheGlobalVariable) {
  set("AWS_ENDPOINT_URL", "http://global:1");
  set("AWS_ENDPOINT_URL_ROUTE_53", "http://r53:2");
  set("AWS_ENDPOINT_URL_CLOUDWATCH", "https://cw.local:8443/base/");
  auto r53 = resolve_endpoint(service("route53"), "eu-west-1");
  ASSERT_TRUE(r53.ok());
  EXPECT_EQ(r53->url, "http://r53:2");
  EXPECT_EQ(r53->source, "AWS_ENDPOINT_URL_ROUTE_53");
  EXPECT_EQ(r53->signing_region, "us-east-1") << "global services keep their signing region";
  auto cw = resolve_endpoint(service("cloudwatch"), "eu-west-1");
  ASSERT_TRUE(cw.ok());
  EXPECT_EQ(cw->url, "https://cw.local:8443/base");
  EXPECT_EQ(cw->source, "AWS_ENDPOINT_URL_CLOUDWATCH");
  auto sns = resolve_endpoint(service("sns"), "ap-south-1");
  ASSERT_TRUE(sns.ok());
  EXPECT_EQ(sns->url, "http://global:1");
  EXPECT_EQ(sns->source, "AWS_ENDPOINT_URL");
  EXPECT_EQ(sns->signing_region, "ap-south-1");
  EXPECT_TRUE(sns->overridden);
}

TEST_F(ResolveEndpointTest, EveryServiceHasItsOwnVariable) {
  for (std::string_view id :
       {"sts", "ec2", "rds", "route53", "dynamodb", "s3", "cloudwatch", "sns", "lambda"}) {
    const ServiceInfo& s = service(id);
    std::string var = "AWS_ENDPOINT_URL_" + std::string(s.env_suffix);
    set(var, "http://127.0.0.1:5000");
    auto ep = resolve_endpoint(s, "us-west-2");
    ::unsetenv(var.c_str());
    ASSERT_TRUE(ep.ok()) << id;
    EXPECT_EQ(ep->source, var);
    EXPECT_EQ(ep->url, "http://127.0.0.1:5000");
  }
}

TEST_F(ResolveEndpointTest, EnvironmentIgnoredWhenAskedTo) {
  set("AWS_ENDPOINT_URL", "http://global:1");
  set("AWS_ENDPOINT_URL_S3", "http://s3:1");
  EndpointOptions opts;
  opts.use_env = false;
  auto ep = resolve_endpoint(service("s3"), "us-east-1", opts);
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ(ep->url, "https://s3.us-east-1.amazonaws.com");
  EXPECT_FALSE(ep->overridden);
  opts.explicit_url = "http://explicit:9";
  ep = resolve_endpoint(service("s3"), "us-east-1", opts);
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ(ep->source, "--endpoint-url");
}

TEST_F(ResolveEndpointTest, RepeatedResolutionsAgreeAndTheEnvironmentIsReadEachTime) {
  // Answers that cannot depend on the environment may be remembered: asking again gives
  // the same endpoint, whatever the environment says by then.
  EndpointOptions explicit_opts;
  explicit_opts.explicit_url = "http://127.0.0.1:4566/";
  EndpointOptions no_env;
  no_env.use_env = false;
  for (int i = 0; i < 2; ++i) {
    if (i == 1) set("AWS_ENDPOINT_URL", "http://changed:1");
    auto ep = resolve_endpoint(service("rds"), "eu-west-1", explicit_opts);
    ASSERT_TRUE(ep.ok());
    EXPECT_EQ(ep->url, "http://127.0.0.1:4566");
    EXPECT_EQ(ep->source, "--endpoint-url");
    EXPECT_EQ(ep->signing_region, "eu-west-1");
    auto other_region = resolve_endpoint(service("rds"), "us-west-2", explicit_opts);
    ASSERT_TRUE(other_region.ok());
    EXPECT_EQ(other_region->signing_region, "us-west-2");
    auto aws = resolve_endpoint(service("sns"), "ap-south-1", no_env);
    ASSERT_TRUE(aws.ok());
    EXPECT_EQ(aws->url, "https://sns.ap-south-1.amazonaws.com");
    EXPECT_FALSE(aws->overridden);
  }
  ::unsetenv("AWS_ENDPOINT_URL");

  // With the environment in play, every resolution reads it again.
  auto before = resolve_endpoint(service("sns"), "ap-south-1");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->source, "default");
  set("AWS_ENDPOINT_URL_SNS", "http://sns-emulator:9911");
  auto after = resolve_endpoint(service("sns"), "ap-south-1");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->url, "http://sns-emulator:9911");
  ::unsetenv("AWS_ENDPOINT_URL_SNS");
  auto again = resolve_endpoint(service("sns"), "ap-south-1");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->source, "default");

  // Errors are not remembered as answers.
  EndpointOptions bad;
  bad.explicit_url = "ftp://nope";
  EXPECT_FALSE(resolve_endpoint(service("rds"), "eu-west-1", bad).ok());
  EXPECT_FALSE(resolve_endpoint(service("rds"), "eu-west-1", bad).ok());
}

TEST_F(ResolveEndpointTest, EmptyVariablesCountAsUnset) {
  set("AWS_ENDPOINT_URL_EC2", "");
  set("AWS_ENDPOINT_URL", "  ");
  auto ep = resolve_endpoint(service("ec2"), "us-east-1");
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ(ep->source, "default");
}

TEST_F(ResolveEndpointTest, BadOverrideNamesTheVariable) {
  set("AWS_ENDPOINT_URL_DYNAMODB", "localhost:8000");
  auto ep = resolve_endpoint(service("dynamodb"), "us-east-1");
  ASSERT_FALSE(ep.ok());
  EXPECT_EQ(ep.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(ep.error().message.find("AWS_ENDPOINT_URL_DYNAMODB"), std::string::npos)
      << ep.error().message;
  EXPECT_NE(ep.error().message.find("localhost:8000"), std::string::npos);

  set("AWS_ENDPOINT_URL", "ftp://x");
  ep = resolve_endpoint(service("sns"), "us-east-1");
  ASSERT_FALSE(ep.ok());
  EXPECT_NE(ep.error().message.find("AWS_ENDPOINT_URL:"), std::string::npos) << ep.error().message;

  EndpointOptions opts;
  opts.explicit_url = "http://host:4566/?x=1";
  ep = resolve_endpoint(service("sns"), "us-east-1", opts);
  ASSERT_FALSE(ep.ok());
  EXPECT_NE(ep.error().message.find("--endpoint-url"), std::string::npos);
  EXPECT_NE(ep.error().message.find("query"), std::string::npos);
}

TEST_F(ResolveEndpointTest, OverrideStillNeedsARegionForRegionalServices) {
  EndpointOptions opts;
  opts.explicit_url = "http://localhost:4566";
  EXPECT_FALSE(resolve_endpoint(service("ec2"), "", opts).ok());
  auto r53 = resolve_endpoint(service("route53"), "", opts);
  ASSERT_TRUE(r53.ok());
  EXPECT_EQ(r53->signing_region, "us-east-1");
}

TEST_F(ResolveRegionTest, ExplicitThenAwsRegionThenDefaultRegion) {
  set("AWS_REGION", "eu-west-1");
  set("AWS_DEFAULT_REGION", "eu-west-2");
  EXPECT_EQ(resolve_region("us-west-2").value(), "us-west-2");
  EXPECT_EQ(resolve_region("").value(), "eu-west-1");
  ::unsetenv("AWS_REGION");
  EXPECT_EQ(resolve_region("").value(), "eu-west-2");
}

TEST_F(ResolveRegionTest, ProfileRegionFromTheConfigFile) {
  write(".aws/config",
        "# comment\n[default]\nregion = us-east-2\n\n[profile dr]\n"
        "s3 =\n  region = not-this-one\nRegion= ap-southeast-1   # secondary\n"
        "[profile other]\nregion=sa-east-1\n");
  EXPECT_EQ(resolve_region("").value(), "us-east-2") << "~/.aws/config, [default]";
  EXPECT_EQ(resolve_region("", "dr").value(), "ap-southeast-1");
  set("AWS_PROFILE", "other");
  EXPECT_EQ(resolve_region("").value(), "sa-east-1");
  EXPECT_EQ(resolve_region("", "dr").value(), "ap-southeast-1") << "argument beats AWS_PROFILE";
  set("AWS_DEFAULT_REGION", "eu-north-1");
  EXPECT_EQ(resolve_region("").value(), "eu-north-1") << "environment beats the profile";
}

TEST_F(ResolveRegionTest, ConfigFileFromTheEnvironmentAndProfileDefaultSection) {
  std::string path = write("elsewhere/cfg", "[profile default]\nregion = ca-central-1\n");
  set("AWS_CONFIG_FILE", path);
  EXPECT_EQ(resolve_region("").value(), "ca-central-1");
}

TEST_F(ResolveRegionTest, CredentialsStyleSectionIsNotAConfigProfile) {
  write(".aws/config", "[dr]\nregion = eu-west-3\n");
  auto r = resolve_region("", "dr");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("profile not found"), std::string::npos) << r.error().message;
}

TEST_F(ResolveRegionTest, ErrorListsEveryPlaceLooked) {
  auto r = resolve_region("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  const std::string& m = r.error().message;
  for (const char* place : {"--region", "AWS_REGION", "AWS_DEFAULT_REGION", "'default'",
                            ".aws/config", "file not found"}) {
    EXPECT_NE(m.find(place), std::string::npos) << place << " in: " << m;
  }
  write(".aws/config", "[profile dr]\noutput = json\n");
  r = resolve_region("", "dr");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("'dr'"), std::string::npos);
  EXPECT_NE(r.error().message.find("no region key"), std::string::npos) << r.error().message;
}

TEST_F(S3AddressTest, VirtualHostedOnAws) {
  auto ep = resolve_endpoint(service("s3"), "eu-west-1");
  ASSERT_TRUE(ep.ok());
  S3Address a = s3_address(*ep, "dr-primary-bucket-123");
  EXPECT_EQ(a.host, "dr-primary-bucket-123.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(a.path_prefix, "");
  auto east = resolve_endpoint(service("s3"), "us-east-1");
  EXPECT_EQ(s3_address(*east, "abc").host, "abc.s3.us-east-1.amazonaws.com");
}

TEST_F(S3AddressTest, PathStyleWhenTheNameIsNotDnsSafe) {
  auto ep = resolve_endpoint(service("s3"), "us-west-2");
  ASSERT_TRUE(ep.ok());
  for (const char* bucket :
       {"my.dotted.bucket", "UpperCase", "ab", "under_score", "-leading", "trailing-"}) {
    S3Address a = s3_address(*ep, bucket);
    EXPECT_EQ(a.host, "s3.us-west-2.amazonaws.com") << bucket;
    EXPECT_EQ(a.path_prefix, "/" + std::string(bucket)) << bucket;
  }
  std::string long_name(64, 'a');
  EXPECT_EQ(s3_address(*ep, long_name).path_prefix, "/" + long_name);
  EXPECT_EQ(s3_address(*ep, std::string(63, 'a')).path_prefix, "");
}

TEST_F(S3AddressTest, PathStyleForOverridesAndWhenForced) {
  set("AWS_ENDPOINT_URL_S3", "http://localhost:5000");
  auto ep = resolve_endpoint(service("s3"), "us-east-1");
  ASSERT_TRUE(ep.ok());
  S3Address a = s3_address(*ep, "bucket");
  EXPECT_EQ(a.host, "localhost:5000");
  EXPECT_EQ(a.path_prefix, "/bucket");

  ::unsetenv("AWS_ENDPOINT_URL_S3");
  auto aws = resolve_endpoint(service("s3"), "us-east-1");
  ASSERT_TRUE(aws.ok());
  S3Address forced = s3_address(*aws, "bucket", /*force_path_style=*/true);
  EXPECT_EQ(forced.host, "s3.us-east-1.amazonaws.com");
  EXPECT_EQ(forced.path_prefix, "/bucket");
}

TEST_F(S3AddressTest, BaseOfAnOverrideIsNotPartOfTheHost) {
  Endpoint ep;
  ep.url = "https://storage.example:9000/prefix";
  ep.overridden = true;
  S3Address a = s3_address(ep, "bucket");
  EXPECT_EQ(a.host, "storage.example:9000");
  EXPECT_EQ(a.path_prefix, "/bucket");
  S3Address none = s3_address(ep, "");
  EXPECT_EQ(none.host, "storage.example:9000");
  EXPECT_EQ(none.path_prefix, "");
}

}  // namespace
}  // namespace drh
