// Lambda waiters: botocore's FunctionExists, FunctionActiveV2 and FunctionUpdatedV2.
#include "drh/aws/lambda.h"

namespace drh::aws {
namespace {

constexpr std::string_view kNotFound = "ResourceNotFoundException";

Result<GetFunctionResult> get_function(LambdaApi& api, std::string_view region,
                                       std::string_view name) {
  GetFunctionRequest request;
  request.FunctionName = std::string(name);
  return api.GetFunction(region, request);
}

std::string function_label(std::string_view region, std::string_view name) {
  return "Lambda function " + std::string(name) + " in " + std::string(region);
}

std::string shown(std::string_view value) {
  return value.empty() ? std::string("(none)") : std::string(value);
}

}  // namespace

Status WaitUntilFunctionExists(LambdaApi& api, Clock& clock, std::string_view region,
                               std::string_view function_name, WaitOptions options) {
  return wait_for(
      clock, function_label(region, function_name) + " to exist", options,
      [&]() -> Result<WaitObservation> {
        auto r = get_function(api, region, function_name);
        if (!r) {
          if (r.error().code == kNotFound) {
            return WaitObservation{WaitState::kPending, "function not found yet"};
          }
          return r.error();
        }
        return WaitObservation{WaitState::kDone, "State=" + shown(r->Configuration.State)};
      });
}

Status WaitUntilFunctionActive(LambdaApi& api, Clock& clock, std::string_view region,
                               std::string_view function_name, WaitOptions options) {
  return wait_for(clock, function_label(region, function_name) + " to be Active", options,
                  [&]() -> Result<WaitObservation> {
                    auto r = get_function(api, region, function_name);
                    if (!r) return r.error();
                    const FunctionConfiguration& c = r->Configuration;
                    std::string observed = "State=" + shown(c.State);
                    if (!c.StateReason.empty()) observed += " (" + c.StateReason + ")";
                    WaitState state = c.State == "Active"   ? WaitState::kDone
                                      : c.State == "Failed" ? WaitState::kFailed
                                                            : WaitState::kPending;
                    return WaitObservation{state, std::move(observed)};
                  });
}

Status WaitUntilFunctionUpdated(LambdaApi& api, Clock& clock, std::string_view region,
                                std::string_view function_name, WaitOptions options) {
  return wait_for(clock, function_label(region, function_name) + " update to finish", options,
                  [&]() -> Result<WaitObservation> {
                    auto r = get_function(api, region, function_name);
                    if (!r) return r.error();
                    const FunctionConfiguration& c = r->Configuration;
                    std::string observed = "LastUpdateStatus=" + shown(c.LastUpdateStatus);
                    if (!c.LastUpdateStatusReason.empty()) {
                      observed += " (" + c.LastUpdateStatusReason + ")";
                    }
                    WaitState state = c.LastUpdateStatus == "Successful" ? WaitState::kDone
                                      : c.LastUpdateStatus == "Failed"   ? WaitState::kFailed
                                                                         : WaitState::kPending;
                    return WaitObservation{state, std::move(observed)};
                  });
}

}  // namespace drh::aws
