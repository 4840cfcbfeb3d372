// The typed clients of one connection, held together for the checks (validate::Clients
// refers to them). One place to make them: drh validate, the benchmarks and the test
// suites each validate through a connection of their own.
#pragma once

#include "drh/aws/cloudwatch.h"
#include "drh/aws/dynamodb.h"
#include "drh/aws/ec2.h"
#include "drh/aws/lambda.h"
#include "drh/aws/rds.h"
#include "drh/aws/route53.h"
#include "drh/aws/s3.h"
#include "drh/aws/sns.h"
#include "drh/validate/check.h"

namespace drh::validate {

/// Owns a client per service on `connection` (which must outlive it); `clients` is what a
/// CheckContext takes. Neither copyable nor movable: `clients` points into it.
class ClientSet {
 public:
  explicit ClientSet(AwsConnection& connection)
      : ec2_(connection),
        rds_(connection),
        route53_(connection),
        dynamodb_(connection),
        s3_(connection),
        cloudwatch_(connection),
        sns_(connection),
        lambda_(connection),
        clients{ec2_, rds_, route53_, dynamodb_, s3_, cloudwatch_, sns_, lambda_} {}
  ClientSet(const ClientSet&) = delete;
  ClientSet& operator=(const ClientSet&) = delete;

 private:
  aws::Ec2Client ec2_;
  aws::RdsClient rds_;
  aws::Route53Client route53_;
  aws::DynamoDbClient dynamodb_;
  aws::S3Client s3_;
  aws::CloudWatchClient cloudwatch_;
  aws::SnsClient sns_;
  aws::LambdaClient lambda_;

 public:
  Clients clients;
};

}  // namespace drh::validate
