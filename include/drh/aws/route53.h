// Amazon Route 53 (rest-xml, API 2013-04-01): hosted zones, record sets, health checks.
//
// Route 53 is a global service: its calls take no region (the client signs for the
// partition's Route 53 region, us-east-1 in the aws partition). Members carry botocore's
// names; optional scalars are std::optional, and an empty string or vector means "not
// sent" in a request and "absent" in a result. Every member has a default initializer, so
// designated initializers may name just the members they set.
//
// Ids: every request member naming a hosted zone, change or health check accepts both
// the bare id ("Z0123456789ABC") and the path form the service returns
// ("/hostedzone/Z0123456789ABC", "/change/C2682N5HXP0BZ4"). Results keep the ids exactly
// as the service sent them; route53_id() gives the bare form for comparisons.
//
//   Route53Client r53(connection);
//   auto change = r53.ChangeResourceRecordSets({.HostedZoneId = zone, .ChangeBatch = batch});
//   if (!change) return change.error();
//   auto synced = WaitUntilResourceRecordSetsChanged(r53, clock, change->ChangeInfo.Id);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drh/aws/waiter.h"
#include "drh/client/connection.h"
#include "drh/core/clock.h"
#include "drh/core/result.h"

namespace drh::aws {

/// The bare id: strips a leading "/hostedzone/", "/change/", "/healthcheck/" or
/// "/delegationset/" ("/hostedzone/Z1" -> "Z1"; "Z1" stays "Z1").
std::string route53_id(std::string_view id);

// ------------------------------------------------------------------ shared shapes

struct ChangeInfo {
  std::string Id{};      ///< "/change/C..." as returned
  std::string Status{};  ///< PENDING | INSYNC
  TimePoint SubmittedAt{};
  std::string Comment{};
};

struct HostedZoneConfig {
  std::string Comment{};
  std::optional<bool> PrivateZone{};
};

struct HostedZone {
  std::string Id{};  ///< "/hostedzone/Z..." as returned
  std::string Name{};
  std::string CallerReference{};
  std::optional<aws::HostedZoneConfig> Config{};
  std::optional<std::int64_t> ResourceRecordSetCount{};
};

struct DelegationSet {
  std::string Id{};
  std::string CallerReference{};
  std::vector<std::string> NameServers{};
};

/// A VPC associated with a private hosted zone.
struct VPC {
  std::string VPCRegion{};
  std::string VPCId{};
};

struct ResourceRecord {
  std::string Value{};
};

struct AliasTarget {
  std::string HostedZoneId{};  ///< the target's zone (an AWS-owned id for ELB, CloudFront, S3)
  std::string DNSName{};
  bool EvaluateTargetHealth = false;
};

struct GeoLocation {
  std::string ContinentCode{};
  std::string CountryCode{};
  std::string SubdivisionCode{};
};

/// One record set. PRIMARY/SECONDARY failover records share Name and Type and differ by
/// SetIdentifier. (CIDR and geoproximity routing are not modelled.)
struct ResourceRecordSet {
  std::string Name{};
  std::string Type{};  ///< A, AAAA, CNAME, TXT, ...
  std::string SetIdentifier{};
  std::optional<std::int64_t> Weight{};
  std::string Region{};  ///< latency routing
  std::optional<aws::GeoLocation> GeoLocation{};
  std::string Failover{};  ///< PRIMARY | SECONDARY
  std::optional<bool> MultiValueAnswer{};
  std::optional<std::int64_t> TTL{};
  std::vector<ResourceRecord> ResourceRecords{};
  std::optional<aws::AliasTarget> AliasTarget{};
  std::string HealthCheckId{};
  std::string TrafficPolicyInstanceId{};
};

struct Change {
  std::string Action{};  ///< CREATE | DELETE | UPSERT
  aws::ResourceRecordSet ResourceRecordSet{};
};

struct ChangeBatch {
  std::string Comment{};
  std::vector<aws::Change> Changes{};
};

/// The CloudWatch alarm a CLOUDWATCH_METRIC health check follows.
struct AlarmIdentifier {
  std::string Region{};
  std::string Name{};
};

struct HealthCheckConfig {
  std::string IPAddress{};
  std::optional<int> Port{};
  /// HTTP | HTTPS | HTTP_STR_MATCH | HTTPS_STR_MATCH | TCP | CALCULATED | CLOUDWATCH_METRIC
  /// | RECOVERY_CONTROL
  std::string Type{};
  std::string ResourcePath{};
  std::string FullyQualifiedDomainName{};
  std::string SearchString{};
  std::optional<int> RequestInterval{};   ///< 10 or 30 seconds
  std::optional<int> FailureThreshold{};  ///< 1-10, default 3
  std::optional<bool> MeasureLatency{};
  std::optional<bool> Inverted{};        ///< flips the result: the tool for failover drills
  std::optional<bool> Disabled{};        ///< a disabled check is always healthy
  std::optional<int> HealthThreshold{};  ///< CALCULATED: children that must be healthy
  std::vector<std::string> ChildHealthChecks{};
  std::optional<bool> EnableSNI{};
  std::vector<std::string> Regions{};
  std::optional<aws::AlarmIdentifier> AlarmIdentifier{};
  std::string InsufficientDataHealthStatus{};  ///< Healthy | Unhealthy | LastKnownStatus
  std::string RoutingControlArn{};
};

/// botocore's Route 53 "Dimension" shape, named apart from CloudWatch's own Dimension.
struct CloudWatchAlarmDimension {
  std::string Name{};
  std::string Value{};
};

/// Read-only copy of the alarm behind a CLOUDWATCH_METRIC health check.
struct CloudWatchAlarmConfiguration {
  int EvaluationPeriods = 0;
  double Threshold = 0;
  std::string ComparisonOperator{};
  int Period = 0;
  std::string MetricName{};
  std::string Namespace{};
  std::string Statistic{};
  std::vector<CloudWatchAlarmDimension> Dimensions{};
};

struct HealthCheck {
  std::string Id{};
  std::string CallerReference{};
  aws::HealthCheckConfig HealthCheckConfig{};
  std::int64_t HealthCheckVersion = 0;
  std::optional<aws::CloudWatchAlarmConfiguration> CloudWatchAlarmConfiguration{};
};

struct StatusReport {
  std::string Status{};  ///< "Success: HTTP Status Code 200. ..." / "Failure: ..."
  std::optional<TimePoint> CheckedTime{};
};

/// What one Route 53 checker region last saw.
struct HealthCheckObservation {
  std::string Region{};
  std::string IPAddress{};
  std::optional<aws::StatusReport> StatusReport{};
};

// ------------------------------------------------------------------ operations

struct CreateHostedZoneRequest {
  std::string Name{};
  std::optional<aws::VPC> VPC{};  ///< private zones
  std::string CallerReference{};  ///< unique per request; retries reuse it
  std::optional<aws::HostedZoneConfig> HostedZoneConfig{};
  std::string DelegationSetId{};
};
struct CreateHostedZoneResult {
  aws::HostedZone HostedZone{};
  aws::ChangeInfo ChangeInfo{};
  std::optional<aws::DelegationSet> DelegationSet{};  ///< absent for private zones
  std::optional<aws::VPC> VPC{};
  std::string Location{};  ///< Location header: the new zone's URL
};

struct ListHostedZonesRequest {
  std::string Marker{};
  std::optional<int> MaxItems{};
  std::string DelegationSetId{};
  std::string HostedZoneType{};  ///< PrivateHostedZone
};
struct ListHostedZonesResult {
  std::vector<HostedZone> HostedZones{};
  std::string Marker{};
  bool IsTruncated = false;
  std::string NextMarker{};
  std::string MaxItems{};  ///< as the service echoes it
};

struct ListHostedZonesByNameRequest {
  std::string DNSName{};
  std::string HostedZoneId{};
  std::optional<int> MaxItems{};
};
struct ListHostedZonesByNameResult {
  std::vector<HostedZone> HostedZones{};
  std::string DNSName{};
  std::string HostedZoneId{};
  bool IsTruncated = false;
  std::string NextDNSName{};
  std::string NextHostedZoneId{};
  std::string MaxItems{};
};

struct GetHostedZoneRequest {
  std::string Id{};
};
struct GetHostedZoneResult {
  aws::HostedZone HostedZone{};
  std::optional<aws::DelegationSet> DelegationSet{};
  std::vector<aws::VPC> VPCs{};
};

struct DeleteHostedZoneRequest {
  std::string Id{};
};
struct DeleteHostedZoneResult {
  aws::ChangeInfo ChangeInfo{};
};

struct ListResourceRecordSetsRequest {
  std::string HostedZoneId{};
  std::string StartRecordName{};
  std::string StartRecordType{};  ///< needs StartRecordName
  std::string StartRecordIdentifier{};
  std::optional<int> MaxItems{};
};
struct ListResourceRecordSetsResult {
  std::vector<ResourceRecordSet> ResourceRecordSets{};
  bool IsTruncated = false;
  std::string NextRecordName{};
  std::string NextRecordType{};
  std::string NextRecordIdentifier{};
  std::string MaxItems{};
};

struct ChangeResourceRecordSetsRequest {
  std::string HostedZoneId{};
  aws::ChangeBatch ChangeBatch{};
};
struct ChangeResourceRecordSetsResult {
  aws::ChangeInfo ChangeInfo{};
};

struct GetChangeRequest {
  std::string Id{};
};
struct GetChangeResult {
  aws::ChangeInfo ChangeInfo{};
};

struct CreateHealthCheckRequest {
  std::string CallerReference{};
  aws::HealthCheckConfig HealthCheckConfig{};
};
struct CreateHealthCheckResult {
  aws::HealthCheck HealthCheck{};
  std::string Location{};
};

struct GetHealthCheckRequest {
  std::string HealthCheckId{};
};
struct GetHealthCheckResult {
  aws::HealthCheck HealthCheck{};
};

struct ListHealthChecksRequest {
  std::string Marker{};
  std::optional<int> MaxItems{};
};
struct ListHealthChecksResult {
  std::vector<aws::HealthCheck> HealthChecks{};
  std::string Marker{};
  bool IsTruncated = false;
  std::string NextMarker{};
  std::string MaxItems{};
};

struct GetHealthCheckStatusRequest {
  std::string HealthCheckId{};
};
struct GetHealthCheckStatusResult {
  std::vector<HealthCheckObservation> HealthCheckObservations{};
};

/// Only the members that are set are changed. ChildHealthChecks and Regions replace the
/// current lists when non-empty; ResetElements (FullyQualifiedDomainName, Regions,
/// ResourcePath, ChildHealthChecks) restores defaults.
struct UpdateHealthCheckRequest {
  std::string HealthCheckId{};
  std::optional<std::int64_t> HealthCheckVersion{};  ///< optimistic lock: the version read
  std::string IPAddress{};
  std::optional<int> Port{};
  std::string ResourcePath{};
  std::string FullyQualifiedDomainName{};
  std::string SearchString{};
  std::optional<int> FailureThreshold{};
  std::optional<bool> Inverted{};
  std::optional<bool> Disabled{};
  std::optional<int> HealthThreshold{};
  std::vector<std::string> ChildHealthChecks{};
  std::optional<bool> EnableSNI{};
  std::vector<std::string> Regions{};
  std::optional<aws::AlarmIdentifier> AlarmIdentifier{};
  std::string InsufficientDataHealthStatus{};
  std::vector<std::string> ResetElements{};
};
struct UpdateHealthCheckResult {
  aws::HealthCheck HealthCheck{};
};

struct DeleteHealthCheckRequest {
  std::string HealthCheckId{};
};
struct DeleteHealthCheckResult {};

/// Which answer Route 53's own name servers would give, failover and health included.
struct TestDNSAnswerRequest {
  std::string HostedZoneId{};
  std::string RecordName{};
  std::string RecordType{};
  std::string ResolverIP{};
  std::string EDNS0ClientSubnetIP{};
  std::string EDNS0ClientSubnetMask{};
};
struct TestDNSAnswerResult {
  std::string Nameserver{};
  std::string RecordName{};
  std::string RecordType{};
  std::vector<std::string> RecordData{};
  std::string ResponseCode{};  ///< NOERROR, NXDOMAIN, ...
  std::string Protocol{};      ///< UDP | TCP
};

// ------------------------------------------------------------------ the API

/// One virtual method per operation (mock it with mocks/aws/mock_route53.h); the "All"
/// forms page through a list with the service's own tokens and are built on the virtual
/// single-page calls, so they work on mocks too.
class Route53Api {
 public:
  virtual ~Route53Api() = default;

  virtual Result<CreateHostedZoneResult> CreateHostedZone(
      const CreateHostedZoneRequest& request) = 0;
  virtual Result<ListHostedZonesResult> ListHostedZones(const ListHostedZonesRequest& request) = 0;
  virtual Result<ListHostedZonesByNameResult> ListHostedZonesByName(
      const ListHostedZonesByNameRequest& request) = 0;
  virtual Result<GetHostedZoneResult> GetHostedZone(const GetHostedZoneRequest& request) = 0;
  virtual Result<DeleteHostedZoneResult> DeleteHostedZone(
      const DeleteHostedZoneRequest& request) = 0;
  virtual Result<ListResourceRecordSetsResult> ListResourceRecordSets(
      const ListResourceRecordSetsRequest& request) = 0;
  virtual Result<ChangeResourceRecordSetsResult> ChangeResourceRecordSets(
      const ChangeResourceRecordSetsRequest& request) = 0;
  virtual Result<GetChangeResult> GetChange(const GetChangeRequest& request) = 0;
  virtual Result<CreateHealthCheckResult> CreateHealthCheck(
      const CreateHealthCheckRequest& request) = 0;
  virtual Result<GetHealthCheckResult> GetHealthCheck(const GetHealthCheckRequest& request) = 0;
  virtual Result<ListHealthChecksResult> ListHealthChecks(
      const ListHealthChecksRequest& request) = 0;
  virtual Result<GetHealthCheckStatusResult> GetHealthCheckStatus(
      const GetHealthCheckStatusRequest& request) = 0;
  virtual Result<UpdateHealthCheckResult> UpdateHealthCheck(
      const UpdateHealthCheckRequest& request) = 0;
  virtual Result<DeleteHealthCheckResult> DeleteHealthCheck(
      const DeleteHealthCheckRequest& request) = 0;
  virtual Result<TestDNSAnswerResult> TestDNSAnswer(const TestDNSAnswerRequest& request) = 0;

  /// Every hosted zone, following Marker/NextMarker from `request.Marker`.
  Result<std::vector<HostedZone>> ListHostedZonesAll(const ListHostedZonesRequest& request = {});
  /// Every zone from `request.DNSName`/`HostedZoneId` on, following NextDNSName and
  /// NextHostedZoneId.
  Result<std::vector<HostedZone>> ListHostedZonesByNameAll(
      const ListHostedZonesByNameRequest& request = {});
  /// Every record set of the zone, continuing from NextRecordName, NextRecordType and
  /// NextRecordIdentifier (a name can hold several sets: failover, weighted, ...).
  Result<std::vector<ResourceRecordSet>> ListResourceRecordSetsAll(
      const ListResourceRecordSetsRequest& request);
  /// Every health check, following Marker/NextMarker.
  Result<std::vector<HealthCheck>> ListHealthChecksAll(const ListHealthChecksRequest& request = {});
};

/// Route53Api over an AwsConnection.
class Route53Client final : public Route53Api {
 public:
  /// `partition_region`: any region of the partition to reach (Route 53 has one endpoint
  /// per partition: "cn-north-1" reaches route53.amazonaws.com.cn); empty for the aws
  /// partition.
  explicit Route53Client(AwsConnection& connection, std::string partition_region = {})
      : connection_(connection), partition_region_(std::move(partition_region)) {}

  Result<CreateHostedZoneResult> CreateHostedZone(const CreateHostedZoneRequest& request) override;
  Result<ListHostedZonesResult> ListHostedZones(const ListHostedZonesRequest& request) override;
  Result<ListHostedZonesByNameResult> ListHostedZonesByName(
      const ListHostedZonesByNameRequest& request) override;
  Result<GetHostedZoneResult> GetHostedZone(const GetHostedZoneRequest& request) override;
  Result<DeleteHostedZoneResult> DeleteHostedZone(const DeleteHostedZoneRequest& request) override;
  Result<ListResourceRecordSetsResult> ListResourceRecordSets(
      const ListResourceRecordSetsRequest& request) override;
  Result<ChangeResourceRecordSetsResult> ChangeResourceRecordSets(
      const ChangeResourceRecordSetsRequest& request) override;
  Result<GetChangeResult> GetChange(const GetChangeRequest& request) override;
  Result<CreateHealthCheckResult> CreateHealthCheck(
      const CreateHealthCheckRequest& request) override;
  Result<GetHealthCheckResult> GetHealthCheck(const GetHealthCheckRequest& request) override;
  Result<ListHealthChecksResult> ListHealthChecks(const ListHealthChecksRequest& request) override;
  Result<GetHealthCheckStatusResult> GetHealthCheckStatus(
      const GetHealthCheckStatusRequest& request) override;
  Result<UpdateHealthCheckResult> UpdateHealthCheck(
      const UpdateHealthCheckRequest& request) override;
  Result<DeleteHealthCheckResult> DeleteHealthCheck(
      const DeleteHealthCheckRequest& request) override;
  Result<TestDNSAnswerResult> TestDNSAnswer(const TestDNSAnswerRequest& request) override;

 private:
  Result<HttpResponse> send(Result<HttpRequest> request);

  AwsConnection& connection_;
  std::string partition_region_;
};

// ------------------------------------------------------------------ waiters

/// botocore's ResourceRecordSetsChanged timing: 30 s between polls, 60 attempts.
inline constexpr WaitOptions kResourceRecordSetsChangedWait{std::chrono::seconds(30),
                                                            std::chrono::seconds(30 * 59)};

/// Polls GetChange until ChangeInfo.Status is INSYNC (botocore's ResourceRecordSetsChanged:
/// any other status polls again; an error such as NoSuchChange ends the wait with that
/// error). On timeout the kTimeout error names the change and its last status.
Status WaitUntilResourceRecordSetsChanged(Route53Api& api, Clock& clock, std::string_view change_id,
                                          WaitOptions options = kResourceRecordSetsChangedWait);

}  // namespace drh::aws
