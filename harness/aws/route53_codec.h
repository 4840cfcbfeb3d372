// Route 53 wire codec: each operation's HTTP request from its request struct, and its
// result struct from a 2xx response. Route53Client is a thin loop over these; tests and
// `drh call --typed` use them directly.
#pragma once

#include "drh/aws/route53.h"
#include "drh/core/http.h"
#include "drh/core/result.h"

namespace drh::aws {

Result<HttpRequest> encode_CreateHostedZone(const CreateHostedZoneRequest& request);
Result<HttpRequest> encode_ListHostedZones(const ListHostedZonesRequest& request);
Result<HttpRequest> encode_ListHostedZonesByName(const ListHostedZonesByNameRequest& request);
Result<HttpRequest> encode_GetHostedZone(const GetHostedZoneRequest& request);
Result<HttpRequest> encode_DeleteHostedZone(const DeleteHostedZoneRequest& request);
Result<HttpRequest> encode_ListResourceRecordSets(const ListResourceRecordSetsRequest& request);
Result<HttpRequest> encode_ChangeResourceRecordSets(const ChangeResourceRecordSetsRequest& request);
Result<HttpRequest> encode_GetChange(const GetChangeRequest& request);
Result<HttpRequest> encode_CreateHealthCheck(const CreateHealthCheckRequest& request);
Result<HttpRequest> encode_GetHealthCheck(const GetHealthCheckRequest& request);
Result<HttpRequest> encode_ListHealthChecks(const ListHealthChecksRequest& request);
Result<HttpRequest> encode_GetHealthCheckStatus(const GetHealthCheckStatusRequest& request);
Result<HttpRequest> encode_UpdateHealthCheck(const UpdateHealthCheckRequest& request);
Result<HttpRequest> encode_DeleteHealthCheck(const DeleteHealthCheckRequest& request);
Result<HttpRequest> encode_TestDNSAnswer(const TestDNSAnswerRequest& request);

Result<CreateHostedZoneResult> decode_CreateHostedZone(const HttpResponse& response);
Result<ListHostedZonesResult> decode_ListHostedZones(const HttpResponse& response);
Result<ListHostedZonesByNameResult> decode_ListHostedZonesByName(const HttpResponse& response);
Result<GetHostedZoneResult> decode_GetHostedZone(const HttpResponse& response);
Result<DeleteHostedZoneResult> decode_DeleteHostedZone(const HttpResponse& response);
Result<ListResourceRecordSetsResult> decode_ListResourceRecordSets(const HttpResponse& response);
Result<ChangeResourceRecordSetsResult> decode_ChangeResourceRecordSets(
    const HttpResponse& response);
Result<GetChangeResult> decode_GetChange(const HttpResponse& response);
Result<CreateHealthCheckResult> decode_CreateHealthCheck(const HttpResponse& response);
Result<GetHealthCheckResult> decode_GetHealthCheck(const HttpResponse& response);
Result<ListHealthChecksResult> decode_ListHealthChecks(const HttpResponse& response);
Result<GetHealthCheckStatusResult> decode_GetHealthCheckStatus(const HttpResponse& response);
Result<UpdateHealthCheckResult> decode_UpdateHealthCheck(const HttpResponse& response);
Result<DeleteHealthCheckResult> decode_DeleteHealthCheck(const HttpResponse& response);
Result<TestDNSAnswerResult> decode_TestDNSAnswer(const HttpResponse& response);

}  // namespace drh::aws
