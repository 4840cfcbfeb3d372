#include "route53_json.h"

#include "s3_route53_json.h"

namespace drh::aws {
namespace {

using nlohmann::json;
using restxml::array_of;
using restxml::put;

json change_info(const ChangeInfo& c) {
  json j{{"Id", c.Id}, {"Status", c.Status}, {"SubmittedAt", restxml::iso8601(c.SubmittedAt)}};
  put(j, "Comment", c.Comment);
  return j;
}

json hosted_zone(const HostedZone& z) {
  json j{{"Id", z.Id}, {"Name", z.Name}, {"CallerReference", z.CallerReference}};
  if (z.Config) {
    json c = json::object();
    put(c, "Comment", z.Config->Comment);
    put(c, "PrivateZone", z.Config->PrivateZone);
    j["Config"] = std::move(c);
  }
  put(j, "ResourceRecordSetCount", z.ResourceRecordSetCount);
  return j;
}

json delegation_set(const DelegationSet& d) {
  json j{{"NameServers", d.NameServers}};
  put(j, "Id", d.Id);
  put(j, "CallerReference", d.CallerReference);
  return j;
}

json vpc(const VPC& v) {
  json j = json::object();
  put(j, "VPCRegion", v.VPCRegion);
  put(j, "VPCId", v.VPCId);
  return j;
}

json record_set(const ResourceRecordSet& r) {
  json j{{"Name", r.Name}, {"Type", r.Type}};
  put(j, "SetIdentifier", r.SetIdentifier);
  put(j, "Weight", r.Weight);
  put(j, "Region", r.Region);
  if (r.GeoLocation) {
    json g = json::object();
    put(g, "ContinentCode", r.GeoLocation->ContinentCode);
    put(g, "CountryCode", r.GeoLocation->CountryCode);
    put(g, "SubdivisionCode", r.GeoLocation->SubdivisionCode);
    j["GeoLocation"] = std::move(g);
  }
  put(j, "Failover", r.Failover);
  put(j, "MultiValueAnswer", r.MultiValueAnswer);
  put(j, "TTL", r.TTL);
  if (!r.ResourceRecords.empty()) {
    j["ResourceRecords"] = array_of(r.ResourceRecords, [](const ResourceRecord& rr) {
      return json{{"Value", rr.Value}};
    });
  }
  if (r.AliasTarget) {
    j["AliasTarget"] = json{{"HostedZoneId", r.AliasTarget->HostedZoneId},
                            {"DNSName", r.AliasTarget->DNSName},
                            {"EvaluateTargetHealth", r.AliasTarget->EvaluateTargetHealth}};
  }
  put(j, "HealthCheckId", r.HealthCheckId);
  put(j, "TrafficPolicyInstanceId", r.TrafficPolicyInstanceId);
  return j;
}

json health_check(const HealthCheck& h) {
  const HealthCheckConfig& c = h.HealthCheckConfig;
  json config{{"Type", c.Type}};
  put(config, "IPAddress", c.IPAddress);
  put(config, "Port", c.Port);
  put(config, "ResourcePath", c.ResourcePath);
  put(config, "FullyQualifiedDomainName", c.FullyQualifiedDomainName);
  put(config, "SearchString", c.SearchString);
  put(config, "RequestInterval", c.RequestInterval);
  put(config, "FailureThreshold", c.FailureThreshold);
  put(config, "MeasureLatency", c.MeasureLatency);
  put(config, "Inverted", c.Inverted);
  put(config, "Disabled", c.Disabled);
  put(config, "HealthThreshold", c.HealthThreshold);
  put(config, "ChildHealthChecks", c.ChildHealthChecks);
  put(config, "EnableSNI", c.EnableSNI);
  put(config, "Regions", c.Regions);
  if (c.AlarmIdentifier) {
    config["AlarmIdentifier"] =
        json{{"Region", c.AlarmIdentifier->Region}, {"Name", c.AlarmIdentifier->Name}};
  }
  put(config, "InsufficientDataHealthStatus", c.InsufficientDataHealthStatus);
  put(config, "RoutingControlArn", c.RoutingControlArn);

  json j{{"Id", h.Id},
         {"CallerReference", h.CallerReference},
         {"HealthCheckConfig", std::move(config)},
         {"HealthCheckVersion", h.HealthCheckVersion}};
  if (h.CloudWatchAlarmConfiguration) {
    const CloudWatchAlarmConfiguration& a = *h.CloudWatchAlarmConfiguration;
    j["CloudWatchAlarmConfiguration"] =
        json{{"EvaluationPeriods", a.EvaluationPeriods},
             {"Threshold", a.Threshold},
             {"ComparisonOperator", a.ComparisonOperator},
             {"Period", a.Period},
             {"MetricName", a.MetricName},
             {"Namespace", a.Namespace},
             {"Statistic", a.Statistic},
             {"Dimensions", array_of(a.Dimensions, [](const CloudWatchAlarmDimension& d) {
                return json{{"Name", d.Name}, {"Value", d.Value}};
              })}};
  }
  return j;
}

json hosted_zones(const std::vector<HostedZone>& zones) { return array_of(zones, hosted_zone); }

}  // namespace

json to_json(const CreateHostedZoneResult& r) {
  json j{{"HostedZone", hosted_zone(r.HostedZone)}, {"ChangeInfo", change_info(r.ChangeInfo)}};
  if (r.DelegationSet) j["DelegationSet"] = delegation_set(*r.DelegationSet);
  if (r.VPC) j["VPC"] = vpc(*r.VPC);
  put(j, "Location", r.Location);
  return j;
}

json to_json(const ListHostedZonesResult& r) {
  json j{{"HostedZones", hosted_zones(r.HostedZones)}, {"IsTruncated", r.IsTruncated}};
  put(j, "Marker", r.Marker);
  put(j, "NextMarker", r.NextMarker);
  put(j, "MaxItems", r.MaxItems);
  return j;
}

json to_json(const ListHostedZonesByNameResult& r) {
  json j{{"HostedZones", hosted_zones(r.HostedZones)}, {"IsTruncated", r.IsTruncated}};
  put(j, "DNSName", r.DNSName);
  put(j, "HostedZoneId", r.HostedZoneId);
  put(j, "NextDNSName", r.NextDNSName);
  put(j, "NextHostedZoneId", r.NextHostedZoneId);
  put(j, "MaxItems", r.MaxItems);
  return j;
}

json to_json(const GetHostedZoneResult& r) {
  json j{{"HostedZone", hosted_zone(r.HostedZone)}};
  if (r.DelegationSet) j["DelegationSet"] = delegation_set(*r.DelegationSet);
  if (!r.VPCs.empty()) j["VPCs"] = array_of(r.VPCs, vpc);
  return j;
}

json to_json(const DeleteHostedZoneResult& r) {
  return json{{"ChangeInfo", change_info(r.ChangeInfo)}};
}

json to_json(const ListResourceRecordSetsResult& r) {
  json j{{"ResourceRecordSets", array_of(r.ResourceRecordSets, record_set)},
         {"IsTruncated", r.IsTruncated}};
  put(j, "NextRecordName", r.NextRecordName);
  put(j, "NextRecordType", r.NextRecordType);
  put(j, "NextRecordIdentifier", r.NextRecordIdentifier);
  put(j, "MaxItems", r.MaxItems);
  return j;
}

json to_json(const ChangeResourceRecordSetsResult& r) {
  return json{{"ChangeInfo", change_info(r.ChangeInfo)}};
}

json to_json(const GetChangeResult& r) { return json{{"ChangeInfo", change_info(r.ChangeInfo)}}; }

json to_json(const CreateHealthCheckResult& r) {
  json j{{"HealthCheck", health_check(r.HealthCheck)}};
  put(j, "Location", r.Location);
  return j;
}

json to_json(const GetHealthCheckResult& r) {
  return json{{"HealthCheck", health_check(r.HealthCheck)}};
}

json to_json(const ListHealthChecksResult& r) {
  json j{{"HealthChecks", array_of(r.HealthChecks, health_check)}, {"IsTruncated", r.IsTruncated}};
  put(j, "Marker", r.Marker);
  put(j, "NextMarker", r.NextMarker);
  put(j, "MaxItems", r.MaxItems);
  return j;
}

json to_json(const GetHealthCheckStatusResult& r) {
  return json{{"HealthCheckObservations",
               array_of(r.HealthCheckObservations, [](const HealthCheckObservation& o) {
                 json j = json::object();
                 put(j, "Region", o.Region);
                 put(j, "IPAddress", o.IPAddress);
                 if (o.StatusReport) {
                   json s = json::object();
                   put(s, "Status", o.StatusReport->Status);
                   put(s, "CheckedTime", o.StatusReport->CheckedTime);
                   j["StatusReport"] = std::move(s);
                 }
                 return j;
               })}};
}

json to_json(const UpdateHealthCheckResult& r) {
  return json{{"HealthCheck", health_check(r.HealthCheck)}};
}

json to_json(const DeleteHealthCheckResult&) { return json::object(); }

json to_json(const TestDNSAnswerResult& r) {
  return json{{"Nameserver", r.Nameserver},     {"RecordName", r.RecordName},
              {"RecordType", r.RecordType},     {"RecordData", r.RecordData},
              {"ResponseCode", r.ResponseCode}, {"Protocol", r.Protocol}};
}

}  // namespace drh::aws
