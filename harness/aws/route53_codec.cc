#include "route53_codec.h"

#include "drh/protocol/rest_xml.h"
#include "drh/protocol/xml.h"
#include "s3_route53_xml.h"

namespace drh::aws {

std::string route53_id(std::string_view id) {
  for (std::string_view prefix : {"/hostedzone/", "/change/", "/healthcheck/", "/delegationset/"}) {
    if (id.starts_with(prefix)) return std::string(id.substr(prefix.size()));
  }
  return std::string(id);
}

namespace {

using restxml::FieldReader;

constexpr std::string_view kApi = "/2013-04-01";

// ------------------------------------------------------------------ encoding helpers

void put(xml::XmlWriter& w, std::string_view name, const std::string& value) {
  if (!value.empty()) w.element(name, value);
}

template <typename T>
void put(xml::XmlWriter& w, std::string_view name, const std::optional<T>& value) {
  if (value) w.element(name, *value);
}

void put_list(xml::XmlWriter& w, std::string_view list, std::string_view item,
              const std::vector<std::string>& values) {
  if (values.empty()) return;
  w.start(list);
  for (const std::string& v : values) w.element(item, v);
  w.end();
}

void put_max_items(RestRequestBuilder& b, const std::optional<int>& max_items) {
  if (max_items) b.query("maxitems", std::to_string(*max_items));
}

Status require(std::string_view operation, std::string_view member, const std::string& value) {
  if (!value.empty()) return Ok{};
  return invalid_input(std::string(operation) + ": " + std::string(member) + " is required");
}

void write_alarm_identifier(xml::XmlWriter& w, const std::optional<AlarmIdentifier>& alarm) {
  if (!alarm) return;
  w.start("AlarmIdentifier");
  w.element("Region", alarm->Region);
  w.element("Name", alarm->Name);
  w.end();
}

void write_record_set(xml::XmlWriter& w, const ResourceRecordSet& r) {
  // Element order follows the botocore model, which is the order Route 53 validates.
  w.start("ResourceRecordSet");
  w.element("Name", r.Name);
  w.element("Type", r.Type);
  put(w, "SetIdentifier", r.SetIdentifier);
  put(w, "Weight", r.Weight);
  put(w, "Region", r.Region);
  if (r.GeoLocation) {
    w.start("GeoLocation");
    put(w, "ContinentCode", r.GeoLocation->ContinentCode);
    put(w, "CountryCode", r.GeoLocation->CountryCode);
    put(w, "SubdivisionCode", r.GeoLocation->SubdivisionCode);
    w.end();
  }
  put(w, "Failover", r.Failover);
  put(w, "MultiValueAnswer", r.MultiValueAnswer);
  put(w, "TTL", r.TTL);
  if (!r.ResourceRecords.empty()) {
    w.start("ResourceRecords");
    for (const ResourceRecord& rr : r.ResourceRecords) {
      w.start("ResourceRecord").element("Value", rr.Value).end();
    }
    w.end();
  }
  if (r.AliasTarget) {
    w.start("AliasTarget");
    w.element("HostedZoneId", route53_id(r.AliasTarget->HostedZoneId));
    w.element("DNSName", r.AliasTarget->DNSName);
    w.element("EvaluateTargetHealth", r.AliasTarget->EvaluateTargetHealth);
    w.end();
  }
  put(w, "HealthCheckId", r.HealthCheckId);
  put(w, "TrafficPolicyInstanceId", r.TrafficPolicyInstanceId);
  w.end();
}

void write_health_check_config(xml::XmlWriter& w, const HealthCheckConfig& c) {
  w.start("HealthCheckConfig");
  put(w, "IPAddress", c.IPAddress);
  put(w, "Port", c.Port);
  w.element("Type", c.Type);
  put(w, "ResourcePath", c.ResourcePath);
  put(w, "FullyQualifiedDomainName", c.FullyQualifiedDomainName);
  put(w, "SearchString", c.SearchString);
  put(w, "RequestInterval", c.RequestInterval);
  put(w, "FailureThreshold", c.FailureThreshold);
  put(w, "MeasureLatency", c.MeasureLatency);
  put(w, "Inverted", c.Inverted);
  put(w, "Disabled", c.Disabled);
  put(w, "HealthThreshold", c.HealthThreshold);
  put_list(w, "ChildHealthChecks", "ChildHealthCheck", c.ChildHealthChecks);
  put(w, "EnableSNI", c.EnableSNI);
  put_list(w, "Regions", "Region", c.Regions);
  write_alarm_identifier(w, c.AlarmIdentifier);
  put(w, "InsufficientDataHealthStatus", c.InsufficientDataHealthStatus);
  put(w, "RoutingControlArn", c.RoutingControlArn);
  w.end();
}

// ------------------------------------------------------------------ decoding helpers

ChangeInfo read_change_info(FieldReader& r, pugi::xml_node n) {
  ChangeInfo out;
  out.Id = r.required_text(n, "Id");
  out.Status = r.required_text(n, "Status");
  if (r.required_child(n, "SubmittedAt")) {
    out.SubmittedAt = r.timestamp(n, "SubmittedAt").value_or(TimePoint{});
  }
  out.Comment = r.text(n, "Comment");
  return out;
}

HostedZone read_hosted_zone(FieldReader& r, pugi::xml_node n) {
  HostedZone out;
  out.Id = r.required_text(n, "Id");
  out.Name = r.required_text(n, "Name");
  out.CallerReference = r.required_text(n, "CallerReference");
  if (pugi::xml_node c = n.child("Config")) {
    out.Config = HostedZoneConfig{r.text(c, "Comment"), r.boolean(c, "PrivateZone")};
  }
  out.ResourceRecordSetCount = r.int64(n, "ResourceRecordSetCount");
  return out;
}

std::vector<HostedZone> read_hosted_zones(FieldReader& r, pugi::xml_node root) {
  std::vector<HostedZone> out;
  for (pugi::xml_node z : xml::elements(r.required_child(root, "HostedZones"), "HostedZone")) {
    out.push_back(read_hosted_zone(r, z));
  }
  return out;
}

std::optional<DelegationSet> read_delegation_set(FieldReader& r, pugi::xml_node root) {
  pugi::xml_node n = root.child("DelegationSet");
  if (!n) return std::nullopt;
  DelegationSet out;
  out.Id = r.text(n, "Id");
  out.CallerReference = r.text(n, "CallerReference");
  for (pugi::xml_node s : xml::elements(n.child("NameServers"), "NameServer")) {
    out.NameServers.emplace_back(s.child_value());
  }
  return out;
}

VPC read_vpc(FieldReader& r, pugi::xml_node n) {
  return VPC{r.text(n, "VPCRegion"), r.text(n, "VPCId")};
}

ResourceRecordSet read_record_set(FieldReader& r, pugi::xml_node n) {
  ResourceRecordSet out;
  out.Name = r.required_text(n, "Name");
  out.Type = r.required_text(n, "Type");
  out.SetIdentifier = r.text(n, "SetIdentifier");
  out.Weight = r.int64(n, "Weight");
  out.Region = r.text(n, "Region");
  if (pugi::xml_node g = n.child("GeoLocation")) {
    out.GeoLocation = GeoLocation{r.text(g, "ContinentCode"), r.text(g, "CountryCode"),
                                  r.text(g, "SubdivisionCode")};
  }
  out.Failover = r.text(n, "Failover");
  out.MultiValueAnswer = r.boolean(n, "MultiValueAnswer");
  out.TTL = r.int64(n, "TTL");
  for (pugi::xml_node rr : xml::elements(n.child("ResourceRecords"), "ResourceRecord")) {
    out.ResourceRecords.push_back(ResourceRecord{r.required_text(rr, "Value")});
  }
  if (pugi::xml_node a = n.child("AliasTarget")) {
    AliasTarget alias;
    alias.HostedZoneId = r.required_text(a, "HostedZoneId");
    alias.DNSName = r.required_text(a, "DNSName");
    if (r.required_child(a, "EvaluateTargetHealth")) {
      alias.EvaluateTargetHealth = r.boolean(a, "EvaluateTargetHealth").value_or(false);
    }
    out.AliasTarget = std::move(alias);
  }
  out.HealthCheckId = r.text(n, "HealthCheckId");
  out.TrafficPolicyInstanceId = r.text(n, "TrafficPolicyInstanceId");
  return out;
}

std::vector<std::string> texts(pugi::xml_node list, const char* item) {
  std::vector<std::string> out;
  for (pugi::xml_node m : xml::elements(list, item)) out.emplace_back(m.child_value());
  return out;
}

HealthCheckConfig read_health_check_config(FieldReader& r, pugi::xml_node n) {
  HealthCheckConfig c;
  c.IPAddress = r.text(n, "IPAddress");
  c.Port = r.int32(n, "Port");
  c.Type = r.required_text(n, "Type");
  c.ResourcePath = r.text(n, "ResourcePath");
  c.FullyQualifiedDomainName = r.text(n, "FullyQualifiedDomainName");
  c.SearchString = r.text(n, "SearchString");
  c.RequestInterval = r.int32(n, "RequestInterval");
  c.FailureThreshold = r.int32(n, "FailureThreshold");
  c.MeasureLatency = r.boolean(n, "MeasureLatency");
  c.Inverted = r.boolean(n, "Inverted");
  c.Disabled = r.boolean(n, "Disabled");
  c.HealthThreshold = r.int32(n, "HealthThreshold");
  c.ChildHealthChecks = texts(n.child("ChildHealthChecks"), "ChildHealthCheck");
  c.EnableSNI = r.boolean(n, "EnableSNI");
  c.Regions = texts(n.child("Regions"), "Region");
  if (pugi::xml_node a = n.child("AlarmIdentifier")) {
    c.AlarmIdentifier = AlarmIdentifier{r.required_text(a, "Region"), r.required_text(a, "Name")};
  }
  c.InsufficientDataHealthStatus = r.text(n, "InsufficientDataHealthStatus");
  c.RoutingControlArn = r.text(n, "RoutingControlArn");
  return c;
}

HealthCheck read_health_check(FieldReader& r, pugi::xml_node n) {
  HealthCheck out;
  out.Id = r.required_text(n, "Id");
  out.CallerReference = r.required_text(n, "CallerReference");
  out.HealthCheckConfig = read_health_check_config(r, r.required_child(n, "HealthCheckConfig"));
  if (r.required_child(n, "HealthCheckVersion")) {
    out.HealthCheckVersion = r.int64(n, "HealthCheckVersion").value_or(0);
  }
  if (pugi::xml_node a = n.child("CloudWatchAlarmConfiguration")) {
    CloudWatchAlarmConfiguration c;
    c.EvaluationPeriods = r.int32(a, "EvaluationPeriods").value_or(0);
    c.Threshold = r.number(a, "Threshold").value_or(0);
    c.ComparisonOperator = r.text(a, "ComparisonOperator");
    c.Period = r.int32(a, "Period").value_or(0);
    c.MetricName = r.text(a, "MetricName");
    c.Namespace = r.text(a, "Namespace");
    c.Statistic = r.text(a, "Statistic");
    for (pugi::xml_node d : xml::elements(a.child("Dimensions"), "Dimension")) {
      c.Dimensions.push_back(CloudWatchAlarmDimension{r.text(d, "Name"), r.text(d, "Value")});
    }
    out.CloudWatchAlarmConfiguration = std::move(c);
  }
  return out;
}

// Route 53 list pages: IsTruncated is required by the model, but emulators leave it out
// of unpaged answers; absent means a single page.
bool read_truncated(FieldReader& r, pugi::xml_node root) {
  return r.boolean(root, "IsTruncated").value_or(false);
}

}  // namespace

// ------------------------------------------------------------------ hosted zones

Result<HttpRequest> encode_CreateHostedZone(const CreateHostedZoneRequest& request) {
  if (auto s = require("CreateHostedZone", "Name", request.Name); !s) return s.error();
  if (auto s = require("CreateHostedZone", "CallerReference", request.CallerReference); !s) {
    return s.error();
  }
  auto w = start_xml_body("CreateHostedZoneRequest", kRoute53Namespace);
  w.element("Name", request.Name);
  if (request.VPC) {
    w.start("VPC");
    put(w, "VPCRegion", request.VPC->VPCRegion);
    put(w, "VPCId", request.VPC->VPCId);
    w.end();
  }
  w.element("CallerReference", request.CallerReference);
  if (request.HostedZoneConfig) {
    w.start("HostedZoneConfig");
    put(w, "Comment", request.HostedZoneConfig->Comment);
    put(w, "PrivateZone", request.HostedZoneConfig->PrivateZone);
    w.end();
  }
  put(w, "DelegationSetId", route53_id(request.DelegationSetId));
  return build_rest_xml_request(RestRequestBuilder("POST", std::string(kApi) + "/hostedzone"),
                                w.take());
}

Result<CreateHostedZoneResult> decode_CreateHostedZone(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "CreateHostedZone", {"CreateHostedZoneResponse"});
  if (!root) return root.error();
  FieldReader r("CreateHostedZone");
  CreateHostedZoneResult out;
  out.HostedZone = read_hosted_zone(r, r.required_child(*root, "HostedZone"));
  out.ChangeInfo = read_change_info(r, r.required_child(*root, "ChangeInfo"));
  out.DelegationSet = read_delegation_set(r, *root);
  if (pugi::xml_node v = root->child("VPC")) out.VPC = read_vpc(r, v);
  out.Location = FieldReader::header(response, "Location");
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_ListHostedZones(const ListHostedZonesRequest& request) {
  RestRequestBuilder b("GET", std::string(kApi) + "/hostedzone");
  if (!request.Marker.empty()) b.query("marker", request.Marker);
  put_max_items(b, request.MaxItems);
  if (!request.DelegationSetId.empty()) {
    b.query("delegationsetid", route53_id(request.DelegationSetId));
  }
  if (!request.HostedZoneType.empty()) b.query("hostedzonetype", request.HostedZoneType);
  return b.build();
}

Result<ListHostedZonesResult> decode_ListHostedZones(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "ListHostedZones", {"ListHostedZonesResponse"});
  if (!root) return root.error();
  FieldReader r("ListHostedZones");
  ListHostedZonesResult out;
  out.HostedZones = read_hosted_zones(r, *root);
  out.Marker = r.text(*root, "Marker");
  out.IsTruncated = read_truncated(r, *root);
  out.NextMarker = r.text(*root, "NextMarker");
  out.MaxItems = r.text(*root, "MaxItems");
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_ListHostedZonesByName(const ListHostedZonesByNameRequest& request) {
  RestRequestBuilder b("GET", std::string(kApi) + "/hostedzonesbyname");
  if (!request.DNSName.empty()) b.query("dnsname", request.DNSName);
  if (!request.HostedZoneId.empty()) b.query("hostedzoneid", route53_id(request.HostedZoneId));
  put_max_items(b, request.MaxItems);
  return b.build();
}

Result<ListHostedZonesByNameResult> decode_ListHostedZonesByName(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "ListHostedZonesByName",
                                   {"ListHostedZonesByNameResponse"});
  if (!root) return root.error();
  FieldReader r("ListHostedZonesByName");
  ListHostedZonesByNameResult out;
  out.HostedZones = read_hosted_zones(r, *root);
  out.DNSName = r.text(*root, "DNSName");
  out.HostedZoneId = r.text(*root, "HostedZoneId");
  out.IsTruncated = read_truncated(r, *root);
  out.NextDNSName = r.text(*root, "NextDNSName");
  out.NextHostedZoneId = r.text(*root, "NextHostedZoneId");
  out.MaxItems = r.text(*root, "MaxItems");
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_GetHostedZone(const GetHostedZoneRequest& request) {
  RestRequestBuilder b("GET", std::string(kApi) + "/hostedzone/{Id}");
  b.label("Id", route53_id(request.Id));
  return b.build();
}

Result<GetHostedZoneResult> decode_GetHostedZone(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "GetHostedZone", {"GetHostedZoneResponse"});
  if (!root) return root.error();
  FieldReader r("GetHostedZone");
  GetHostedZoneResult out;
  out.HostedZone = read_hosted_zone(r, r.required_child(*root, "HostedZone"));
  out.DelegationSet = read_delegation_set(r, *root);
  for (pugi::xml_node v : xml::elements(root->child("VPCs"), "VPC")) {
    out.VPCs.push_back(read_vpc(r, v));
  }
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_DeleteHostedZone(const DeleteHostedZoneRequest& request) {
  RestRequestBuilder b("DELETE", std::string(kApi) + "/hostedzone/{Id}");
  b.label("Id", route53_id(request.Id));
  return b.build();
}

Result<DeleteHostedZoneResult> decode_DeleteHostedZone(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "DeleteHostedZone", {"DeleteHostedZoneResponse"});
  if (!root) return root.error();
  FieldReader r("DeleteHostedZone");
  DeleteHostedZoneResult out;
  out.ChangeInfo = read_change_info(r, r.required_child(*root, "ChangeInfo"));
  return restxml::finish(r, response, std::move(out));
}

// ------------------------------------------------------------------ record sets

Result<HttpRequest> encode_ListResourceRecordSets(const ListResourceRecordSetsRequest& request) {
  RestRequestBuilder b("GET", std::string(kApi) + "/hostedzone/{Id}/rrset");
  b.label("Id", route53_id(request.HostedZoneId));
  if (!request.StartRecordName.empty()) b.query("name", request.StartRecordName);
  if (!request.StartRecordType.empty()) b.query("type", request.StartRecordType);
  if (!request.StartRecordIdentifier.empty()) {
    b.query("identifier", request.StartRecordIdentifier);
  }
  put_max_items(b, request.MaxItems);
  return b.build();
}

Result<ListResourceRecordSetsResult> decode_ListResourceRecordSets(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "ListResourceRecordSets",
                                   {"ListResourceRecordSetsResponse"});
  if (!root) return root.error();
  FieldReader r("ListResourceRecordSets");
  ListResourceRecordSetsResult out;
  for (pugi::xml_node s :
       xml::elements(r.required_child(*root, "ResourceRecordSets"), "ResourceRecordSet")) {
    out.ResourceRecordSets.push_back(read_record_set(r, s));
  }
  out.IsTruncated = read_truncated(r, *root);
  out.NextRecordName = r.text(*root, "NextRecordName");
  out.NextRecordType = r.text(*root, "NextRecordType");
  out.NextRecordIdentifier = r.text(*root, "NextRecordIdentifier");
  out.MaxItems = r.text(*root, "MaxItems");
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_ChangeResourceRecordSets(
    const ChangeResourceRecordSetsRequest& request) {
  if (request.ChangeBatch.Changes.empty()) {
    return invalid_input("ChangeResourceRecordSets: ChangeBatch.Changes is empty");
  }
  auto w = start_xml_body("ChangeResourceRecordSetsRequest", kRoute53Namespace);
  w.start("ChangeBatch");
  put(w, "Comment", request.ChangeBatch.Comment);
  w.start("Changes");
  for (const Change& c : request.ChangeBatch.Changes) {
    w.start("Change");
    w.element("Action", c.Action);
    write_record_set(w, c.ResourceRecordSet);
    w.end();
  }
  w.end();
  w.end();
  RestRequestBuilder b("POST", std::string(kApi) + "/hostedzone/{Id}/rrset/");
  b.label("Id", route53_id(request.HostedZoneId));
  return build_rest_xml_request(std::move(b), w.take());
}

Result<ChangeResourceRecordSetsResult> decode_ChangeResourceRecordSets(
    const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "ChangeResourceRecordSets",
                                   {"ChangeResourceRecordSetsResponse"});
  if (!root) return root.error();
  FieldReader r("ChangeResourceRecordSets");
  ChangeResourceRecordSetsResult out;
  out.ChangeInfo = read_change_info(r, r.required_child(*root, "ChangeInfo"));
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_GetChange(const GetChangeRequest& request) {
  RestRequestBuilder b("GET", std::string(kApi) + "/change/{Id}");
  b.label("Id", route53_id(request.Id));
  return b.build();
}

Result<GetChangeResult> decode_GetChange(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "GetChange", {"GetChangeResponse"});
  if (!root) return root.error();
  FieldReader r("GetChange");
  GetChangeResult out;
  out.ChangeInfo = read_change_info(r, r.required_child(*root, "ChangeInfo"));
  return restxml::finish(r, response, std::move(out));
}

// ------------------------------------------------------------------ health checks

Result<HttpRequest> encode_CreateHealthCheck(const CreateHealthCheckRequest& request) {
  if (auto s = require("CreateHealthCheck", "CallerReference", request.CallerReference); !s) {
    return s.error();
  }
  if (auto s =
          require("CreateHealthCheck", "HealthCheckConfig.Type", request.HealthCheckConfig.Type);
      !s) {
    return s.error();
  }
  auto w = start_xml_body("CreateHealthCheckRequest", kRoute53Namespace);
  w.element("CallerReference", request.CallerReference);
  write_health_check_config(w, request.HealthCheckConfig);
  return build_rest_xml_request(RestRequestBuilder("POST", std::string(kApi) + "/healthcheck"),
                                w.take());
}

Result<CreateHealthCheckResult> decode_CreateHealthCheck(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root =
      restxml::load_result(doc, response, "CreateHealthCheck", {"CreateHealthCheckResponse"});
  if (!root) return root.error();
  FieldReader r("CreateHealthCheck");
  CreateHealthCheckResult out;
  out.HealthCheck = read_health_check(r, r.required_child(*root, "HealthCheck"));
  out.Location = FieldReader::header(response, "Location");
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_GetHealthCheck(const GetHealthCheckRequest& request) {
  RestRequestBuilder b("GET", std::string(kApi) + "/healthcheck/{HealthCheckId}");
  b.label("HealthCheckId", route53_id(request.HealthCheckId));
  return b.build();
}

Result<GetHealthCheckResult> decode_GetHealthCheck(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "GetHealthCheck", {"GetHealthCheckResponse"});
  if (!root) return root.error();
  FieldReader r("GetHealthCheck");
  GetHealthCheckResult out;
  out.HealthCheck = read_health_check(r, r.required_child(*root, "HealthCheck"));
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_ListHealthChecks(const ListHealthChecksRequest& request) {
  RestRequestBuilder b("GET", std::string(kApi) + "/healthcheck");
  if (!request.Marker.empty()) b.query("marker", request.Marker);
  put_max_items(b, request.MaxItems);
  return b.build();
}

Result<ListHealthChecksResult> decode_ListHealthChecks(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "ListHealthChecks", {"ListHealthChecksResponse"});
  if (!root) return root.error();
  FieldReader r("ListHealthChecks");
  ListHealthChecksResult out;
  for (pugi::xml_node h : xml::elements(r.required_child(*root, "HealthChecks"), "HealthCheck")) {
    out.HealthChecks.push_back(read_health_check(r, h));
  }
  out.Marker = r.text(*root, "Marker");
  out.IsTruncated = read_truncated(r, *root);
  out.NextMarker = r.text(*root, "NextMarker");
  out.MaxItems = r.text(*root, "MaxItems");
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_GetHealthCheckStatus(const GetHealthCheckStatusRequest& request) {
  RestRequestBuilder b("GET", std::string(kApi) + "/healthcheck/{HealthCheckId}/status");
  b.label("HealthCheckId", route53_id(request.HealthCheckId));
  return b.build();
}

Result<GetHealthCheckStatusResult> decode_GetHealthCheckStatus(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root =
      restxml::load_result(doc, response, "GetHealthCheckStatus", {"GetHealthCheckStatusResponse"});
  if (!root) return root.error();
  FieldReader r("GetHealthCheckStatus");
  GetHealthCheckStatusResult out;
  for (pugi::xml_node o : xml::elements(r.required_child(*root, "HealthCheckObservations"),
                                        "HealthCheckObservation")) {
    HealthCheckObservation obs;
    obs.Region = r.text(o, "Region");
    obs.IPAddress = r.text(o, "IPAddress");
    if (pugi::xml_node s = o.child("StatusReport")) {
      obs.StatusReport = StatusReport{r.text(s, "Status"), r.timestamp(s, "CheckedTime")};
    }
    out.HealthCheckObservations.push_back(std::move(obs));
  }
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_UpdateHealthCheck(const UpdateHealthCheckRequest& request) {
  auto w = start_xml_body("UpdateHealthCheckRequest", kRoute53Namespace);
  put(w, "HealthCheckVersion", request.HealthCheckVersion);
  put(w, "IPAddress", request.IPAddress);
  put(w, "Port", request.Port);
  put(w, "ResourcePath", request.ResourcePath);
  put(w, "FullyQualifiedDomainName", request.FullyQualifiedDomainName);
  put(w, "SearchString", request.SearchString);
  put(w, "FailureThreshold", request.FailureThreshold);
  put(w, "Inverted", request.Inverted);
  put(w, "Disabled", request.Disabled);
  put(w, "HealthThreshold", request.HealthThreshold);
  put_list(w, "ChildHealthChecks", "ChildHealthCheck", request.ChildHealthChecks);
  put(w, "EnableSNI", request.EnableSNI);
  put_list(w, "Regions", "Region", request.Regions);
  write_alarm_identifier(w, request.AlarmIdentifier);
  put(w, "InsufficientDataHealthStatus", request.InsufficientDataHealthStatus);
  put_list(w, "ResetElements", "ResettableElementName", request.ResetElements);
  RestRequestBuilder b("POST", std::string(kApi) + "/healthcheck/{HealthCheckId}");
  b.label("HealthCheckId", route53_id(request.HealthCheckId));
  return build_rest_xml_request(std::move(b), w.take());
}

Result<UpdateHealthCheckResult> decode_UpdateHealthCheck(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root =
      restxml::load_result(doc, response, "UpdateHealthCheck", {"UpdateHealthCheckResponse"});
  if (!root) return root.error();
  FieldReader r("UpdateHealthCheck");
  UpdateHealthCheckResult out;
  out.HealthCheck = read_health_check(r, r.required_child(*root, "HealthCheck"));
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_DeleteHealthCheck(const DeleteHealthCheckRequest& request) {
  RestRequestBuilder b("DELETE", std::string(kApi) + "/healthcheck/{HealthCheckId}");
  b.label("HealthCheckId", route53_id(request.HealthCheckId));
  return b.build();
}

Result<DeleteHealthCheckResult> decode_DeleteHealthCheck(const HttpResponse&) {
  // The answer is an empty DeleteHealthCheckResponse element (or no body at all).
  return DeleteHealthCheckResult{};
}

// ------------------------------------------------------------------ DNS answers

Result<HttpRequest> encode_TestDNSAnswer(const TestDNSAnswerRequest& request) {
  if (auto s = require("TestDNSAnswer", "HostedZoneId", request.HostedZoneId); !s) {
    return s.error();
  }
  if (auto s = require("TestDNSAnswer", "RecordName", request.RecordName); !s) return s.error();
  if (auto s = require("TestDNSAnswer", "RecordType", request.RecordType); !s) return s.error();
  RestRequestBuilder b("GET", std::string(kApi) + "/testdnsanswer");
  b.query("hostedzoneid", route53_id(request.HostedZoneId));
  b.query("recordname", request.RecordName);
  b.query("recordtype", request.RecordType);
  if (!request.ResolverIP.empty()) b.query("resolverip", request.ResolverIP);
  if (!request.EDNS0ClientSubnetIP.empty()) {
    b.query("edns0clientsubnetip", request.EDNS0ClientSubnetIP);
  }
  if (!request.EDNS0ClientSubnetMask.empty()) {
    b.query("edns0clientsubnetmask", request.EDNS0ClientSubnetMask);
  }
  return b.build();
}

Result<TestDNSAnswerResult> decode_TestDNSAnswer(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "TestDNSAnswer", {"TestDNSAnswerResponse"});
  if (!root) return root.error();
  FieldReader r("TestDNSAnswer");
  TestDNSAnswerResult out;
  out.Nameserver = r.required_text(*root, "Nameserver");
  out.RecordName = r.required_text(*root, "RecordName");
  out.RecordType = r.required_text(*root, "RecordType");
  out.RecordData = texts(r.required_child(*root, "RecordData"), "RecordDataEntry");
  out.ResponseCode = r.required_text(*root, "ResponseCode");
  out.Protocol = r.required_text(*root, "Protocol");
  return restxml::finish(r, response, std::move(out));
}

}  // namespace drh::aws
