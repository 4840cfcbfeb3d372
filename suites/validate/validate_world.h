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

}  // namespace drh::testing
