// GoogleMock stand-in for drh::aws::LambdaApi. The all-pages form and the waiters are not
// virtual: they run over whatever the mocked single-page methods return.
//
//   MockLambdaApi lambda;
//   EXPECT_CALL(lambda, Invoke("us-west-2", ::testing::_))
//       .WillOnce(::testing::Return(InvokeResult{.StatusCode = 200, .Payload = "{}"}));
#pragma once

#include <gmock/gmock.h>

#include "drh/aws/lambda.h"

namespace drh::aws {

class MockLambdaApi : public LambdaApi {
 public:
  MOCK_METHOD(Result<GetFunctionResult>, GetFunction,
              (std::string_view region, const GetFunctionRequest& request), (override));
  MOCK_METHOD(Result<ListFunctionsResult>, ListFunctions,
              (std::string_view region, const ListFunctionsRequest& request), (override));
  MOCK_METHOD(Result<InvokeResult>, Invoke, (std::string_view region, const InvokeRequest& request),
              (override));
  MOCK_METHOD(Result<CreateFunctionResult>, CreateFunction,
              (std::string_view region, const CreateFunctionRequest& request), (override));
  MOCK_METHOD(Result<DeleteFunctionResult>, DeleteFunction,
              (std::string_view region, const DeleteFunctionRequest& request), (override));
};

}  // namespace drh::aws
