// AWS STS: who the credentials belong to.
//
// Every typed client follows this shape: an abstract `<Service>Api` with one virtual
// method per operation (so GoogleMock can stand in for it: see mocks/aws/), and a
// `<Service>Client` that implements it over an AwsConnection. Every call takes the
// region it is made in; members carry botocore's names.
#pragma once

#include <string>
#include <string_view>

#include "drh/client/connection.h"
#include "drh/core/result.h"

namespace drh::aws {

struct GetCallerIdentityResult {
  std::string UserId;
  std::string Account;
  std::string Arn;
};

class StsApi {
 public:
  virtual ~StsApi() = default;
  virtual Result<GetCallerIdentityResult> GetCallerIdentity(std::string_view region) = 0;
};

class StsClient final : public StsApi {
 public:
  explicit StsClient(AwsConnection& connection) : connection_(connection) {}
  Result<GetCallerIdentityResult> GetCallerIdentity(std::string_view region) override;

 private:
  AwsConnection& connection_;
};

}  // namespace drh::aws
