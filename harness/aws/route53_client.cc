#include <set>
#include <tuple>

#include "drh/aws/route53.h"
#include "route53_codec.h"
#include "s3_route53_paging.h"
#include "service_call.h"

namespace drh::aws {

// ------------------------------------------------------------------ client

Result<HttpResponse> Route53Client::send(Result<HttpRequest> request) {
  if (!request) return request.error();
  return send_request(connection_, "route53", partition_region_, std::move(*request));
}

// encode -> send -> decode: the whole of every Route 53 call.
#define DRH_ROUTE53_OPERATION(Op)                                    \
  Result<Op##Result> Route53Client::Op(const Op##Request& request) { \
    auto response = send(encode_##Op(request));                      \
    if (!response) return response.error();                          \
    return decode_##Op(*response);                                   \
  }

DRH_ROUTE53_OPERATION(CreateHostedZone)
DRH_ROUTE53_OPERATION(ListHostedZones)
DRH_ROUTE53_OPERATION(ListHostedZonesByName)
DRH_ROUTE53_OPERATION(GetHostedZone)
DRH_ROUTE53_OPERATION(DeleteHostedZone)
DRH_ROUTE53_OPERATION(ListResourceRecordSets)
DRH_ROUTE53_OPERATION(ChangeResourceRecordSets)
DRH_ROUTE53_OPERATION(GetChange)
DRH_ROUTE53_OPERATION(CreateHealthCheck)
DRH_ROUTE53_OPERATION(GetHealthCheck)
DRH_ROUTE53_OPERATION(ListHealthChecks)
DRH_ROUTE53_OPERATION(GetHealthCheckStatus)
DRH_ROUTE53_OPERATION(UpdateHealthCheck)
DRH_ROUTE53_OPERATION(DeleteHealthCheck)
DRH_ROUTE53_OPERATION(TestDNSAnswer)

#undef DRH_ROUTE53_OPERATION

// ------------------------------------------------------------------ all pages

using paging::append;
using paging::missing_token;
using paging::repeated_token;

Result<std::vector<HostedZone>> Route53Api::ListHostedZonesAll(
    const ListHostedZonesRequest& request) {
  ListHostedZonesRequest page = request;
  std::vector<HostedZone> out;
  std::set<std::string> seen;
  for (;;) {
    auto r = ListHostedZones(page);
    if (!r) return r.error();
    append(out, std::move(r->HostedZones));
    if (!r->IsTruncated) return out;
    if (r->NextMarker.empty()) return missing_token("ListHostedZones", "NextMarker");
    if (!seen.insert(r->NextMarker).second) {
      return repeated_token("ListHostedZones", r->NextMarker);
    }
    page.Marker = r->NextMarker;
  }
}

Result<std::vector<HostedZone>> Route53Api::ListHostedZonesByNameAll(
    const ListHostedZonesByNameRequest& request) {
  ListHostedZonesByNameRequest page = request;
  std::vector<HostedZone> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (;;) {
    auto r = ListHostedZonesByName(page);
    if (!r) return r.error();
    append(out, std::move(r->HostedZones));
    if (!r->IsTruncated) return out;
    if (r->NextDNSName.empty()) return missing_token("ListHostedZonesByName", "NextDNSName");
    if (!seen.emplace(r->NextDNSName, r->NextHostedZoneId).second) {
      return repeated_token("ListHostedZonesByName", r->NextDNSName + " " + r->NextHostedZoneId);
    }
    page.DNSName = r->NextDNSName;
    page.HostedZoneId = r->NextHostedZoneId;
  }
}

Result<std::vector<ResourceRecordSet>> Route53Api::ListResourceRecordSetsAll(
    const ListResourceRecordSetsRequest& request) {
  ListResourceRecordSetsRequest page = request;
  std::vector<ResourceRecordSet> out;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (;;) {
    auto r = ListResourceRecordSets(page);
    if (!r) return r.error();
    append(out, std::move(r->ResourceRecordSets));
    if (!r->IsTruncated) return out;
    if (r->NextRecordName.empty()) {
      return missing_token("ListResourceRecordSets", "NextRecordName");
    }
    if (!seen.emplace(r->NextRecordName, r->NextRecordType, r->NextRecordIdentifier).second) {
      std::string token = r->NextRecordName + " " + r->NextRecordType;
      if (!r->NextRecordIdentifier.empty()) token += " " + r->NextRecordIdentifier;
      return repeated_token("ListResourceRecordSets", token);
    }
    page.StartRecordName = r->NextRecordName;
    page.StartRecordType = r->NextRecordType;
    page.StartRecordIdentifier = r->NextRecordIdentifier;
  }
}

Result<std::vector<HealthCheck>> Route53Api::ListHealthChecksAll(
    const ListHealthChecksRequest& request) {
  ListHealthChecksRequest page = request;
  std::vector<HealthCheck> out;
  std::set<std::string> seen;
  for (;;) {
    auto r = ListHealthChecks(page);
    if (!r) return r.error();
    append(out, std::move(r->HealthChecks));
    if (!r->IsTruncated) return out;
    if (r->NextMarker.empty()) return missing_token("ListHealthChecks", "NextMarker");
    if (!seen.insert(r->NextMarker).second) {
      return repeated_token("ListHealthChecks", r->NextMarker);
    }
    page.Marker = r->NextMarker;
  }
}

}  // namespace drh::aws
