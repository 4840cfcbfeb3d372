// GoogleMock stand-in for drh::aws::Route53Api. The *All paging forms and the waiters
// run on top of the mocked single-page calls.
#pragma once

#include <gmock/gmock.h>

#include "drh/aws/route53.h"

namespace drh::aws {

class MockRoute53Api : public Route53Api {
 public:
  MOCK_METHOD(Result<CreateHostedZoneResult>, CreateHostedZone,
              (const CreateHostedZoneRequest& request), (override));
  MOCK_METHOD(Result<ListHostedZonesResult>, ListHostedZones,
              (const ListHostedZonesRequest& request), (override));
  MOCK_METHOD(Result<ListHostedZonesByNameResult>, ListHostedZonesByName,
              (const ListHostedZonesByNameRequest& request), (override));
  MOCK_METHOD(Result<GetHostedZoneResult>, GetHostedZone, (const GetHostedZoneRequest& request),
              (override));
  MOCK_METHOD(Result<DeleteHostedZoneResult>, DeleteHostedZone,
              (const DeleteHostedZoneRequest& request), (override));
  MOCK_METHOD(Result<ListResourceRecordSetsResult>, ListResourceRecordSets,
              (const ListResourceRecordSetsRequest& request), (override));
  MOCK_METHOD(Result<ChangeResourceRecordSetsResult>, ChangeResourceRecordSets,
              (const ChangeResourceRecordSetsRequest& request), (override));
  MOCK_METHOD(Result<GetChangeResult>, GetChange, (const GetChangeRequest& request), (override));
  MOCK_METHOD(Result<CreateHealthCheckResult>, CreateHealthCheck,
              (const CreateHealthCheckRequest& request), (override));
  MOCK_METHOD(Result<GetHealthCheckResult>, GetHealthCheck, (const GetHealthCheckRequest& request),
              (override));
  MOCK_METHOD(Result<ListHealthChecksResult>, ListHealthChecks,
              (const ListHealthChecksRequest& request), (override));
  MOCK_METHOD(Result<GetHealthCheckStatusResult>, GetHealthCheckStatus,
              (const GetHealthCheckStatusRequest& request), (override));
  MOCK_METHOD(Result<UpdateHealthCheckResult>, UpdateHealthCheck,
              (const UpdateHealthCheckRequest& request), (override));
  MOCK_METHOD(Result<DeleteHealthCheckResult>, DeleteHealthCheck,
              (const DeleteHealthCheckRequest& request), (override));
  MOCK_METHOD(Result<TestDNSAnswerResult>, TestDNSAnswer, (const TestDNSAnswerRequest& request),
              (override));
};

}  // namespace drh::aws
