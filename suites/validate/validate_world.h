// A seed stack built in the fake, with everything a check needs: the deployment its
// outputs describe, the typed clients, a policy. Tests break the world on purpose (delete
// a route, stop a replica, change an alarm) and assert the check that should notice does.
#pragma once

#include <memory>
#include <string>

#include "drh/aws/cloudwatch.h"
#include "drh/aws/dynamodb.h"
#include "drh/aws/ec2.h"
#include "drh/aws/lambda.h"
#include "drh/aws/rds.h"
#include "drh/aws/route53.h"
#include "drh/aws/s3.h"
#include "drh/aws/sns.h"
#include "drh/client/connection.h"
#include "drh/fake/fake_cloud.h"
#include "drh/fixtures/provision.h"
#include "drh/validate/check.h"

namespace drh::testing {

class ValidateWorld {
 public:
  /// Builds fixtures/stacks/<stack>.json into a fresh fake (fails the test on error).
  explicit ValidateWorld(const std::string& stack = "003");

  /// Runs check `id` (fails the test when no such check exists).
  validate::Outcome run(const std::string& id);

  VirtualClock clock;
  fake::FakeCloud cloud;
  std::unique_ptr<AwsConnection> connection;
  aws::Ec2Client ec2;
  aws::RdsClient rds;
  aws::Route53Client route53;
  aws::DynamoDbClient dynamodb;
  aws::S3Client s3;
  aws::CloudWatchClient cloudwatch;
  aws::SnsClient sns;
  aws::LambdaClient lambda;
  validate::Clients clients;
  fixtures::StackDescription stack;
  fixtures::Ledger ledger;      ///< what was built; ledger.references has every id
  fixtures::Deployment deployment;
  validate::Policy policy;
  bool canary = false;
  bool invoke = false;

  /// The id a reference names, e.g. ref("vpc.primary.id").
  std::string ref(const std::string& name) const;
  validate::CheckContext context();
};

// What the area tests share when they look at an outcome.

/// "VERDICT [resource] message" and the evidence, for failure messages.
std::string describe(const validate::Outcome& o);
/// Whether `o`'s message (or `text`) contains `part`.
bool has(const validate::Outcome& o, const std::string& part);
bool has(const std::string& text, const std::string& part);
/// Runs check `id` as on a real deploy: no stack description, expectations from the
/// outputs and the policy.
validate::Outcome run_without_stack(ValidateWorld& w, const std::string& id);
/// A region-outage fault in `region` (the fake answers 503 there).
void outage(ValidateWorld& w, const std::string& region);
/// ERROR with ServiceUnavailable: what every check gives under a region outage.
void expect_unavailable(const validate::Outcome& o);

}  // namespace drh::testing
