#include "drh/aws/typed_decode.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cloudwatch_codec.h"
#include "cloudwatch_json.h"
#include "dynamodb_codec.h"
#include "dynamodb_json.h"
#include "ec2_codec.h"
#include "ec2_json.h"
#include "lambda_codec.h"
#include "lambda_json.h"
#include "rds_codec.h"
#include "rds_json.h"
#include "route53_codec.h"
#include "route53_json.h"
#include "s3_codec.h"
#include "s3_json.h"
#include "sns_codec.h"
#include "sns_json.h"

namespace drh::aws {

namespace {

using Decoder = Result<nlohmann::json> (*)(const HttpResponse&);

struct TypedOperation {
  std::string_view service;
  std::string_view operation;
  Decoder decode;
};

// Each row reuses the typed client's own decoder and its to_json, so --typed shows
// exactly what the typed API returns.
#define DRH_TYPED(service, Op)                                                \
  TypedOperation {                                                            \
    service, #Op, [](const HttpResponse& r) -> Result<nlohmann::json> {       \
      auto decoded = decode_##Op(r);                                          \
      if (!decoded) return std::move(decoded).error();                        \
      return to_json(*decoded);                                               \
    }                                                                         \
  }

const TypedOperation kTyped[] = {
    DRH_TYPED("ec2", AssociateRouteTable),
    DRH_TYPED("ec2", CreateRoute),
    DRH_TYPED("ec2", CreateRouteTable),
    DRH_TYPED("ec2", CreateSubnet),
    DRH_TYPED("ec2", CreateVpc),
    DRH_TYPED("ec2", DescribeRouteTables),
    DRH_TYPED("ec2", DescribeSecurityGroups),
    DRH_TYPED("ec2", DescribeSubnets),
    DRH_TYPED("ec2", DescribeVpcs),
    DRH_TYPED("ec2", AcceptVpcPeeringConnection),
    DRH_TYPED("ec2", CreateVpcPeeringConnection),
    DRH_TYPED("ec2", DeleteVpcPeeringConnection),
    DRH_TYPED("ec2", DescribeVpcPeeringConnections),
    DRH_TYPED("ec2", RejectVpcPeeringConnection),
    DRH_TYPED("rds", CreateDBCluster),
    DRH_TYPED("rds", CreateDBInstance),
    DRH_TYPED("rds", CreateGlobalCluster),
    DRH_TYPED("rds", DeleteDBCluster),
    DRH_TYPED("rds", DeleteDBInstance),
    DRH_TYPED("rds", DeleteGlobalCluster),
    DRH_TYPED("rds", DescribeDBClusters),
    DRH_TYPED("rds", DescribeDBInstances),
    DRH_TYPED("rds", DescribeEvents),
    DRH_TYPED("rds", DescribeGlobalClusters),
    DRH_TYPED("rds", FailoverGlobalCluster),
    DRH_TYPED("rds", RemoveFromGlobalCluster),
    DRH_TYPED("rds", SwitchoverGlobalCluster),
    DRH_TYPED("route53", CreateHealthCheck),
    DRH_TYPED("route53", CreateHostedZone),
    DRH_TYPED("route53", DeleteHealthCheck),
    DRH_TYPED("route53", DeleteHostedZone),
    DRH_TYPED("route53", GetChange),
    DRH_TYPED("route53", GetHealthCheck),
    DRH_TYPED("route53", GetHealthCheckStatus),
    DRH_TYPED("route53", GetHostedZone),
    DRH_TYPED("route53", ListHealthChecks),
    DRH_TYPED("route53", ListHostedZones),
    DRH_TYPED("route53", ListHostedZonesByName),
    DRH_TYPED("route53", ListResourceRecordSets),
    DRH_TYPED("route53", TestDNSAnswer),
    DRH_TYPED("route53", UpdateHealthCheck),
    DRH_TYPED("route53", ChangeResourceRecordSets),
    DRH_TYPED("s3", CreateBucket),
    DRH_TYPED("s3", DeleteBucket),
    DRH_TYPED("s3", DeleteObject),
    DRH_TYPED("s3", GetBucketEncryption),
    DRH_TYPED("s3", GetBucketLocation),
    DRH_TYPED("s3", GetBucketReplication),
    DRH_TYPED("s3", GetBucketVersioning),
    DRH_TYPED("s3", GetObject),
    DRH_TYPED("s3", HeadBucket),
    DRH_TYPED("s3", HeadObject),
    DRH_TYPED("s3", ListBuckets),
    DRH_TYPED("s3", ListObjectVersions),
    DRH_TYPED("s3", ListObjectsV2),
    DRH_TYPED("s3", PutBucketReplication),
    DRH_TYPED("s3", PutBucketVersioning),
    DRH_TYPED("s3", PutObject),
    DRH_TYPED("dynamodb", CreateTable),
    DRH_TYPED("dynamodb", DeleteItem),
    DRH_TYPED("dynamodb", DeleteTable),
    DRH_TYPED("dynamodb", DescribeTable),
    DRH_TYPED("dynamodb", GetItem),
    DRH_TYPED("dynamodb", ListTables),
    DRH_TYPED("dynamodb", PutItem),
    DRH_TYPED("dynamodb", Query),
    DRH_TYPED("dynamodb", UpdateContinuousBackups),
    DRH_TYPED("dynamodb", UpdateTable),
    DRH_TYPED("dynamodb", DescribeContinuousBackups),
    DRH_TYPED("cloudwatch", DeleteAlarms),
    DRH_TYPED("cloudwatch", DescribeAlarmHistory),
    DRH_TYPED("cloudwatch", DescribeAlarms),
    DRH_TYPED("cloudwatch", GetMetricData),
    DRH_TYPED("cloudwatch", GetMetricStatistics),
    DRH_TYPED("cloudwatch", ListMetrics),
    DRH_TYPED("cloudwatch", PutMetricAlarm),
    DRH_TYPED("cloudwatch", PutMetricData),
    DRH_TYPED("cloudwatch", SetAlarmState),
    DRH_TYPED("sns", CreateTopic),
    DRH_TYPED("sns", DeleteTopic),
    DRH_TYPED("sns", GetTopicAttributes),
    DRH_TYPED("sns", ListTopics),
    DRH_TYPED("sns", Publish),
    DRH_TYPED("sns", Subscribe),
    DRH_TYPED("sns", Unsubscribe),
    DRH_TYPED("sns", ListSubscriptionsByTopic),
    DRH_TYPED("lambda", CreateFunction),
    DRH_TYPED("lambda", DeleteFunction),
    DRH_TYPED("lambda", GetFunction),
    DRH_TYPED("lambda", Invoke),
    DRH_TYPED("lambda", ListFunctions),
};

#undef DRH_TYPED

}  // namespace

std::vector<std::string> typed_operations(std::string_view service) {
  std::vector<std::string> out;
  for (const auto& op : kTyped) {
    if (op.service == service) out.emplace_back(op.operation);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::string> decode_typed_json(std::string_view service, std::string_view operation,
                                      const HttpResponse& response) {
  for (const auto& op : kTyped) {
    if (op.service == service && op.operation == operation) {
      auto json = op.decode(response);
      if (!json) return std::move(json).error();
      return json->dump(2);
    }
  }
  std::string known;
  for (const auto& name : typed_operations(service)) known += (known.empty() ? "" : ", ") + name;
  return invalid_input("no typed decoder for " + std::string(service) + " " +
                       std::string(operation) + "; typed operations: " +
                       (known.empty() ? "none for this service" : known));
}

}  // namespace drh::aws
