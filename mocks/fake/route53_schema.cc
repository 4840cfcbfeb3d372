// Route 53 request documents as the 2013-04-01 model defines them, and the table of every
// operation's HTTP binding (so an operation the fake does not serve is named in its 501).
#include <array>

#include "route53_service.h"

namespace drh::fake::route53 {

namespace {

using tree::Kind;
using tree::Member;
using tree::Schema;

constexpr std::array<std::string_view, 17> kRrTypes = {
    "SOA", "A",    "TXT", "NS", "CNAME", "MX",    "NAPTR", "PTR",  "SRV",
    "SPF", "AAAA", "CAA", "DS", "TLSA",  "SSHFP", "SVCB",  "HTTPS"};
constexpr std::array<std::string_view, 2> kFailover = {"PRIMARY", "SECONDARY"};
constexpr std::array<std::string_view, 3> kActions = {"CREATE", "DELETE", "UPSERT"};
constexpr std::array<std::string_view, 8> kCheckTypes = {
    "HTTP", "HTTPS",      "HTTP_STR_MATCH",    "HTTPS_STR_MATCH",
    "TCP",  "CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL"};
constexpr std::array<std::string_view, 3> kInsufficient = {"Healthy", "Unhealthy",
                                                           "LastKnownStatus"};
constexpr std::array<std::string_view, 4> kResettable = {"FullyQualifiedDomainName", "Regions",
                                                         "ResourcePath", "ChildHealthChecks"};
// The regions Route 53 runs health checkers in (HealthCheckRegion).
constexpr std::array<std::string_view, 8> kCheckerRegions = {
    "us-east-1",      "us-west-1",      "us-west-2",      "eu-west-1",
    "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"};

// ---------------------------------------------------------------- record sets

constexpr Member kGeoLocationMembers[] = {{"ContinentCode"}, {"CountryCode"}, {"SubdivisionCode"}};
constexpr Schema kGeoLocation{kGeoLocationMembers};

constexpr Member kResourceRecordMembers[] = {{"Value", Kind::kString, nullptr, true}};
constexpr Schema kResourceRecord{kResourceRecordMembers};
constexpr Member kResourceRecordsMembers[] = {
    {"ResourceRecord", Kind::kStruct, &kResourceRecord, true, true}};
constexpr Schema kResourceRecords{kResourceRecordsMembers};

constexpr Member kAliasTargetMembers[] = {{"HostedZoneId", Kind::kString, nullptr, true},
                                          {"DNSName", Kind::kString, nullptr, true},
                                          {"EvaluateTargetHealth", Kind::kBoolean, nullptr, true}};
constexpr Schema kAliasTarget{kAliasTargetMembers};

constexpr Member kCidrRoutingMembers[] = {{"CollectionId", Kind::kString, nullptr, true},
                                          {"LocationName", Kind::kString, nullptr, true}};
constexpr Schema kCidrRouting{kCidrRoutingMembers};

constexpr Member kCoordinatesMembers[] = {{"Latitude", Kind::kString, nullptr, true},
                                          {"Longitude", Kind::kString, nullptr, true}};
constexpr Schema kCoordinates{kCoordinatesMembers};
constexpr Member kGeoProximityMembers[] = {{"AWSRegion"},
                                           {"LocalZoneGroup"},
                                           {"Coordinates", Kind::kStruct, &kCoordinates},
                                           {"Bias", Kind::kInteger}};
constexpr Schema kGeoProximity{kGeoProximityMembers};

constexpr Member kRecordSetMembers[] = {
    {"Name", Kind::kString, nullptr, true},
    {"Type", Kind::kString, nullptr, true, false, kRrTypes},
    {"SetIdentifier"},
    {"Weight", Kind::kInteger},
    {"Region"},
    {"GeoLocation", Kind::kStruct, &kGeoLocation},
    {"Failover", Kind::kString, nullptr, false, false, kFailover},
    {"MultiValueAnswer", Kind::kBoolean},
    {"TTL", Kind::kInteger},
    {"ResourceRecords", Kind::kStruct, &kResourceRecords},
    {"AliasTarget", Kind::kStruct, &kAliasTarget},
    {"HealthCheckId"},
    {"TrafficPolicyInstanceId"},
    {"CidrRoutingConfig", Kind::kStruct, &kCidrRouting},
    {"GeoProximityLocation", Kind::kStruct, &kGeoProximity},
};

constexpr Member kChangeMembers[] = {
    {"Action", Kind::kString, nullptr, true, false, kActions},
    {"ResourceRecordSet", Kind::kStruct, &kResourceRecordSet, true}};
constexpr Schema kChange{kChangeMembers};
constexpr Member kChangesMembers[] = {{"Change", Kind::kStruct, &kChange, true, true}};
constexpr Schema kChanges{kChangesMembers};
constexpr Member kChangeBatchMembers[] = {{"Comment"}, {"Changes", Kind::kStruct, &kChanges, true}};
constexpr Schema kChangeBatch{kChangeBatchMembers};
constexpr Member kChangeRequestMembers[] = {{"ChangeBatch", Kind::kStruct, &kChangeBatch, true}};

// ---------------------------------------------------------------- hosted zones

constexpr Member kVpcMembers[] = {{"VPCRegion"}, {"VPCId"}};
constexpr Schema kVpc{kVpcMembers};
constexpr Member kZoneConfigMembers[] = {{"Comment"}, {"PrivateZone", Kind::kBoolean}};
constexpr Schema kZoneConfig{kZoneConfigMembers};
constexpr Member kCreateZoneMembers[] = {
    {"Name", Kind::kString, nullptr, true},
    {"VPC", Kind::kStruct, &kVpc},
    {"CallerReference", Kind::kString, nullptr, true},
    {"HostedZoneConfig", Kind::kStruct, &kZoneConfig},
    {"DelegationSetId"},
};
constexpr Member kUpdateCommentMembers[] = {{"Comment"}};

// ---------------------------------------------------------------- health checks

constexpr Member kChildChecksMembers[] = {
    {"ChildHealthCheck", Kind::kString, nullptr, false, true}};
constexpr Schema kChildChecks{kChildChecksMembers};
constexpr Member kRegionsMembers[] = {
    {"Region", Kind::kString, nullptr, false, true, kCheckerRegions}};
constexpr Schema kRegions{kRegionsMembers};
constexpr Member kAlarmIdMembers[] = {{"Region", Kind::kString, nullptr, true},
                                      {"Name", Kind::kString, nullptr, true}};
constexpr Schema kAlarmId{kAlarmIdMembers};

constexpr Member kCheckConfigMembers[] = {
    {"IPAddress"},
    {"Port", Kind::kInteger},
    {"Type", Kind::kString, nullptr, true, false, kCheckTypes},
    {"ResourcePath"},
    {"FullyQualifiedDomainName"},
    {"SearchString"},
    {"RequestInterval", Kind::kInteger},
    {"FailureThreshold", Kind::kInteger},
    {"MeasureLatency", Kind::kBoolean},
    {"Inverted", Kind::kBoolean},
    {"Disabled", Kind::kBoolean},
    {"HealthThreshold", Kind::kInteger},
    {"ChildHealthChecks", Kind::kStruct, &kChildChecks},
    {"EnableSNI", Kind::kBoolean},
    {"Regions", Kind::kStruct, &kRegions},
    {"AlarmIdentifier", Kind::kStruct, &kAlarmId},
    {"InsufficientDataHealthStatus", Kind::kString, nullptr, false, false, kInsufficient},
    {"RoutingControlArn"},
};

constexpr Member kCreateCheckMembers[] = {
    {"CallerReference", Kind::kString, nullptr, true},
    {"HealthCheckConfig", Kind::kStruct, &kHealthCheckConfig, true}};

constexpr Member kResetMembers[] = {
    {"ResettableElementName", Kind::kString, nullptr, false, true, kResettable}};
constexpr Schema kReset{kResetMembers};

constexpr Member kUpdateCheckMembers[] = {
    {"HealthCheckVersion", Kind::kInteger},
    {"IPAddress"},
    {"Port", Kind::kInteger},
    {"ResourcePath"},
    {"FullyQualifiedDomainName"},
    {"SearchString"},
    {"FailureThreshold", Kind::kInteger},
    {"Inverted", Kind::kBoolean},
    {"Disabled", Kind::kBoolean},
    {"HealthThreshold", Kind::kInteger},
    {"ChildHealthChecks", Kind::kStruct, &kChildChecks},
    {"EnableSNI", Kind::kBoolean},
    {"Regions", Kind::kStruct, &kRegions},
    {"AlarmIdentifier", Kind::kStruct, &kAlarmId},
    {"InsufficientDataHealthStatus", Kind::kString, nullptr, false, false, kInsufficient},
    {"ResetElements", Kind::kStruct, &kReset},
};

// ---------------------------------------------------------------- tags

constexpr Member kTagMembers[] = {{"Key"}, {"Value"}};
constexpr Schema kTag{kTagMembers};
constexpr Member kAddTagsMembers[] = {{"Tag", Kind::kStruct, &kTag, false, true}};
constexpr Schema kAddTags{kAddTagsMembers};
constexpr Member kRemoveKeysMembers[] = {{"Key", Kind::kString, nullptr, false, true}};
constexpr Schema kRemoveKeys{kRemoveKeysMembers};
constexpr Member kChangeTagsMembers[] = {{"AddTags", Kind::kStruct, &kAddTags},
                                         {"RemoveTagKeys", Kind::kStruct, &kRemoveKeys}};

// ---------------------------------------------------------------- operations

struct Binding {
  std::string_view method;
  std::string_view path;  // after /2013-04-01/
  std::string_view operation;
};

// Every operation of the 2013-04-01 model (generated from botocore's service-2.json).
constexpr Binding kBindings[] = {
    {"POST", "keysigningkey/{HostedZoneId}/{Name}/activate", "ActivateKeySigningKey"},
    {"POST", "hostedzone/{Id}/associatevpc", "AssociateVPCWithHostedZone"},
    {"POST", "cidrcollection/{CidrCollectionId}", "ChangeCidrCollection"},
    {"POST", "hostedzone/{Id}/rrset", "ChangeResourceRecordSets"},
    {"POST", "tags/{ResourceType}/{ResourceId}", "ChangeTagsForResource"},
    {"POST", "cidrcollection", "CreateCidrCollection"},
    {"POST", "healthcheck", "CreateHealthCheck"},
    {"POST", "hostedzone", "CreateHostedZone"},
    {"POST", "keysigningkey", "CreateKeySigningKey"},
    {"POST", "queryloggingconfig", "CreateQueryLoggingConfig"},
    {"POST", "delegationset", "CreateReusableDelegationSet"},
    {"POST", "trafficpolicy", "CreateTrafficPolicy"},
    {"POST", "trafficpolicyinstance", "CreateTrafficPolicyInstance"},
    {"POST", "trafficpolicy/{Id}", "CreateTrafficPolicyVersion"},
    {"POST", "hostedzone/{Id}/authorizevpcassociation", "CreateVPCAssociationAuthorization"},
    {"POST", "keysigningkey/{HostedZoneId}/{Name}/deactivate", "DeactivateKeySigningKey"},
    {"DELETE", "cidrcollection/{CidrCollectionId}", "DeleteCidrCollection"},
    {"DELETE", "healthcheck/{HealthCheckId}", "DeleteHealthCheck"},
    {"DELETE", "hostedzone/{Id}", "DeleteHostedZone"},
    {"DELETE", "keysigningkey/{HostedZoneId}/{Name}", "DeleteKeySigningKey"},
    {"DELETE", "queryloggingconfig/{Id}", "DeleteQueryLoggingConfig"},
    {"DELETE", "delegationset/{Id}", "DeleteReusableDelegationSet"},
    {"DELETE", "trafficpolicy/{Id}/{Version}", "DeleteTrafficPolicy"},
    {"DELETE", "trafficpolicyinstance/{Id}", "DeleteTrafficPolicyInstance"},
    {"POST", "hostedzone/{Id}/deauthorizevpcassociation", "DeleteVPCAssociationAuthorization"},
    {"POST", "hostedzone/{Id}/disable-dnssec", "DisableHostedZoneDNSSEC"},
    {"POST", "hostedzone/{Id}/disassociatevpc", "DisassociateVPCFromHostedZone"},
    {"POST", "hostedzone/{Id}/enable-dnssec", "EnableHostedZoneDNSSEC"},
    {"GET", "accountlimit/{Type}", "GetAccountLimit"},
    {"GET", "change/{Id}", "GetChange"},
    {"GET", "checkeripranges", "GetCheckerIpRanges"},
    {"GET", "hostedzone/{Id}/dnssec", "GetDNSSEC"},
    {"GET", "geolocation", "GetGeoLocation"},
    {"GET", "healthcheck/{HealthCheckId}", "GetHealthCheck"},
    {"GET", "healthcheckcount", "GetHealthCheckCount"},
    {"GET", "healthcheck/{HealthCheckId}/lastfailurereason", "GetHealthCheckLastFailureReason"},
    {"GET", "healthcheck/{HealthCheckId}/status", "GetHealthCheckStatus"},
    {"GET", "hostedzone/{Id}", "GetHostedZone"},
    {"GET", "hostedzonecount", "GetHostedZoneCount"},
    {"GET", "hostedzonelimit/{Id}/{Type}", "GetHostedZoneLimit"},
    {"GET", "queryloggingconfig/{Id}", "GetQueryLoggingConfig"},
    {"GET", "delegationset/{Id}", "GetReusableDelegationSet"},
    {"GET", "reusabledelegationsetlimit/{Id}/{Type}", "GetReusableDelegationSetLimit"},
    {"GET", "trafficpolicy/{Id}/{Version}", "GetTrafficPolicy"},
    {"GET", "trafficpolicyinstance/{Id}", "GetTrafficPolicyInstance"},
    {"GET", "trafficpolicyinstancecount", "GetTrafficPolicyInstanceCount"},
    {"GET", "cidrcollection/{CidrCollectionId}/cidrblocks", "ListCidrBlocks"},
    {"GET", "cidrcollection", "ListCidrCollections"},
    {"GET", "cidrcollection/{CidrCollectionId}", "ListCidrLocations"},
    {"GET", "geolocations", "ListGeoLocations"},
    {"GET", "healthcheck", "ListHealthChecks"},
    {"GET", "hostedzone", "ListHostedZones"},
    {"GET", "hostedzonesbyname", "ListHostedZonesByName"},
    {"GET", "hostedzonesbyvpc", "ListHostedZonesByVPC"},
    {"GET", "queryloggingconfig", "ListQueryLoggingConfigs"},
    {"GET", "hostedzone/{Id}/rrset", "ListResourceRecordSets"},
    {"GET", "delegationset", "ListReusableDelegationSets"},
    {"GET", "tags/{ResourceType}/{ResourceId}", "ListTagsForResource"},
    {"POST", "tags/{ResourceType}", "ListTagsForResources"},
    {"GET", "trafficpolicies", "ListTrafficPolicies"},
    {"GET", "trafficpolicyinstances", "ListTrafficPolicyInstances"},
    {"GET", "trafficpolicyinstances/hostedzone", "ListTrafficPolicyInstancesByHostedZone"},
    {"GET", "trafficpolicyinstances/trafficpolicy", "ListTrafficPolicyInstancesByPolicy"},
    {"GET", "trafficpolicies/{Id}/versions", "ListTrafficPolicyVersions"},
    {"GET", "hostedzone/{Id}/authorizevpcassociation", "ListVPCAssociationAuthorizations"},
    {"GET", "testdnsanswer", "TestDNSAnswer"},
    {"POST", "healthcheck/{HealthCheckId}", "UpdateHealthCheck"},
    {"POST", "hostedzone/{Id}", "UpdateHostedZoneComment"},
    {"POST", "hostedzone/{Id}/features", "UpdateHostedZoneFeatures"},
    {"POST", "trafficpolicy/{Id}/{Version}", "UpdateTrafficPolicyComment"},
    {"POST", "trafficpolicyinstance/{Id}", "UpdateTrafficPolicyInstance"},
};

bool matches(std::string_view pattern, const std::vector<std::string>& segments) {
  std::size_t i = 0;
  while (!pattern.empty()) {
    auto slash = pattern.find('/');
    std::string_view part = pattern.substr(0, slash);
    if (i >= segments.size()) return false;
    if (!part.starts_with('{') && part != segments[i]) return false;
    ++i;
    if (slash == std::string_view::npos) break;
    pattern = pattern.substr(slash + 1);
  }
  return i == segments.size();
}

}  // namespace

const tree::Schema kResourceRecordSet{kRecordSetMembers};
const tree::Schema kChangeResourceRecordSetsRequest{kChangeRequestMembers};
const tree::Schema kCreateHostedZoneRequest{kCreateZoneMembers};
const tree::Schema kHealthCheckConfig{kCheckConfigMembers};
const tree::Schema kCreateHealthCheckRequest{kCreateCheckMembers};
const tree::Schema kUpdateHealthCheckRequest{kUpdateCheckMembers};
const tree::Schema kUpdateHostedZoneCommentRequest{kUpdateCommentMembers};
const tree::Schema kChangeTagsForResourceRequest{kChangeTagsMembers};

std::string_view operation_for(std::string_view method, const std::vector<std::string>& segments) {
  for (const Binding& b : kBindings) {
    if (b.method == method && matches(b.path, segments)) return b.operation;
  }
  return {};
}

}  // namespace drh::fake::route53
