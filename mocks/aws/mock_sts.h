// GoogleMock stand-in for drh::aws::StsApi.
#pragma once

#include <gmock/gmock.h>

#include "drh/aws/sts.h"

namespace drh::aws {

class MockStsApi : public StsApi {
 public:
  MOCK_METHOD(Result<GetCallerIdentityResult>, GetCallerIdentity, (std::string_view region),
              (override));
};

}  // namespace drh::aws
