// The post-deploy suites as GoogleTest tests: one test per check, against the target the
// environment names, so ctest runs exactly what `drh validate` runs.
//
//   DRH_VALIDATE_OUTPUTS  outputs file of the deployment (unset: build DRH_VALIDATE_STACK,
//                         or each of the five seed stacks, in the in-process fake)
//   DRH_VALIDATE_TARGET   aws (the standard credential chain) or an endpoint URL; only with
//                         DRH_VALIDATE_OUTPUTS
//   DRH_VALIDATE_STACK    the stack description the deployment follows (expectations)
//   DRH_VALIDATE_POLICY   a policy file
//
// PASS passes, FAIL and ERROR fail with the check's message, SKIPPED skips with its reason.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>

#include "drh/auth/credentials.h"
#include "drh/net/curl_transport.h"
#include "drh/validate/check.h"
#include "validate_world.h"

namespace drh::validate {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// A deployment reached over the network: its outputs, a connection, typed clients.
struct RemoteDeployment {
  std::unique_ptr<AwsConnection> connection;
  std::unique_ptr<aws::Ec2Client> ec2;
  std::unique_ptr<aws::RdsClient> rds;
  std::unique_ptr<aws::Route53Client> route53;
  std::unique_ptr<aws::DynamoDbClient> dynamodb;
  std::unique_ptr<aws::S3Client> s3;
  std::unique_ptr<aws::CloudWatchClient> cloudwatch;
  std::unique_ptr<aws::SnsClient> sns;
  std::unique_ptr<aws::LambdaClient> lambda;
  std::unique_ptr<Clients> clients;
  fixtures::Deployment deployment;
  std::optional<fixtures::StackDescription> stack;
  Policy policy;
  std::string problem;
};

// Built once, on first use, for every test of the binary.
struct Target {
  std::unique_ptr<testing::ValidateWorld> world;
  std::unique_ptr<RemoteDeployment> remote;
  std::string problem;

  CheckContext context() {
    if (world) return world->context();
    return CheckContext{remote->deployment, remote->stack ? &*remote->stack : nullptr,
                        remote->policy, *remote->clients, SystemClock::instance(), false, false};
  }
};

// The target for `seed` ("" = the one the environment names).
Target& target(const std::string& seed) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Target>> targets;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = targets[seed];
  if (slot) return *slot;
  slot = std::make_unique<Target>([&] {
    Target t;
    Policy policy;
    if (auto path = env("DRH_VALIDATE_POLICY"); !path.empty()) {
      auto p = load_policy(path);
      if (!p) {
        t.problem = p.error().describe();
        return t;
      }
      policy = *p;
    }
    const std::string outputs = env("DRH_VALIDATE_OUTPUTS");
    const std::string stack = seed.empty() ? env("DRH_VALIDATE_STACK") : seed;
    if (outputs.empty()) {
      t.world = std::make_unique<testing::ValidateWorld>(stack.empty() ? "003" : stack);
      t.world->policy = policy;
      return t;
    }
    auto r = std::make_unique<RemoteDeployment>();
    r->policy = policy;
    auto loaded = fixtures::load_outputs(outputs);
    if (!loaded) {
      t.problem = loaded.error().describe();
      return t;
    }
    auto model = fixtures::resolve_deployment(*loaded);
    if (!model) {
      t.problem = model.error().describe();
      return t;
    }
    r->deployment = *model;
    if (!stack.empty()) {
      auto s = fixtures::load_stack(stack);
      if (!s) {
        t.problem = s.error().describe();
        return t;
      }
      r->stack = *s;
    }
    ConnectionOptions options;
    if (auto url = env("DRH_VALIDATE_TARGET"); !url.empty() && url != "aws") {
      options.endpoint.explicit_url = url;
      options.s3_force_path_style = true;
    }
    r->connection = std::make_unique<AwsConnection>(std::make_shared<CurlTransport>(CurlOptions{}),
                                                    DefaultCredentialsChain(""),
                                                    SystemClock::instance(), options);
    AwsConnection& c = *r->connection;
    r->ec2 = std::make_unique<aws::Ec2Client>(c);
    r->rds = std::make_unique<aws::RdsClient>(c);
    r->route53 = std::make_unique<aws::Route53Client>(c);
    r->dynamodb = std::make_unique<aws::DynamoDbClient>(c);
    r->s3 = std::make_unique<aws::S3Client>(c);
    r->cloudwatch = std::make_unique<aws::CloudWatchClient>(c);
    r->sns = std::make_unique<aws::SnsClient>(c);
    r->lambda = std::make_unique<aws::LambdaClient>(c);
    r->clients = std::make_unique<Clients>(Clients{*r->ec2, *r->rds, *r->route53, *r->dynamodb,
                                                   *r->s3, *r->cloudwatch, *r->sns, *r->lambda});
    t.remote = std::move(r);
    return t;
  }());
  return *slot;
}

class PostDeploy : public ::testing::Test {
 public:
  PostDeploy(const Check* check, std::string seed) : check_(check), seed_(std::move(seed)) {}
  void TestBody() override {
    Target& t = target(seed_);
    ASSERT_TRUE(t.problem.empty()) << t.problem;
    std::string rule;
    CheckContext context = t.context();
    if (context.policy.skipped(check_->id, &rule)) GTEST_SKIP() << "policy: " << rule;
    Outcome o = check_->run(context);
    std::string evidence;
    for (const auto& e : o.evidence) evidence += "\n  " + e;
    switch (o.verdict) {
      case Verdict::kPass:
        RecordProperty("evidence", o.message);
        break;
      case Verdict::kSkipped:
        GTEST_SKIP() << o.message;
      case Verdict::kFail:
        ADD_FAILURE() << check_->id << " FAIL: " << o.message << " [" << o.resource << "]" << evidence;
        break;
      case Verdict::kError:
        ADD_FAILURE() << check_->id << " ERROR (" << o.error_code << "): " << o.message << evidence;
        break;
    }
  }

 private:
  const Check* check_;
  std::string seed_;
};

// GoogleTest names: a suite per seed and area, a test per check, '-' made '_'. With a
// deployment named by the environment, one suite per area (PostDeploy_<area>).
const bool kRegistered = [] {
  std::vector<std::string> seeds = {""};
  if (env("DRH_VALIDATE_OUTPUTS").empty() && env("DRH_VALIDATE_STACK").empty()) {
    seeds = {"000", "001", "002", "003", "004"};
  }
  for (const auto& seed : seeds) {
    for (const auto& c : all_checks()) {
      std::string name = c.id.substr(c.area.size() + 1);
      for (char& ch : name) {
        if (ch == '-') ch = '_';
      }
      const Check* check = &c;
      ::testing::RegisterTest(("PostDeploy" + seed + "_" + c.area).c_str(), name.c_str(), nullptr,
                              nullptr, __FILE__, __LINE__,
                              [check, seed]() -> PostDeploy* { return new PostDeploy(check, seed); });
    }
  }
  return true;
}();

}  // namespace
}  // namespace drh::validate
