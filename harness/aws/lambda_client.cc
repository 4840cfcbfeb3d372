// LambdaClient over the connection, and the all-pages form.
#include <set>

#include "drh/aws/lambda.h"
#include "lambda_codec.h"
#include "service_call.h"

namespace drh::aws {
namespace {

constexpr std::string_view kService = "lambda";

template <typename Res, typename Req>
Result<Res> call(AwsConnection& connection, std::string_view region, const Req& request,
                 Result<HttpRequest> (*encode)(const Req&),
                 Result<Res> (*decode)(const HttpResponse&)) {
  auto http = encode(request);
  if (!http) return http.error();
  auto response = send_request(connection, kService, region, std::move(*http));
  if (!response) return response.error();
  return decode(*response);
}

}  // namespace

Result<GetFunctionResult> LambdaClient::GetFunction(std::string_view region,
                                                    const GetFunctionRequest& request) {
  return call(connection_, region, request, &encode_GetFunction, &decode_GetFunction);
}

Result<ListFunctionsResult> LambdaClient::ListFunctions(std::string_view region,
                                                        const ListFunctionsRequest& request) {
  return call(connection_, region, request, &encode_ListFunctions, &decode_ListFunctions);
}

Result<InvokeResult> LambdaClient::Invoke(std::string_view region, const InvokeRequest& request) {
  return call(connection_, region, request, &encode_Invoke, &decode_Invoke);
}

Result<CreateFunctionResult> LambdaClient::CreateFunction(std::string_view region,
                                                          const CreateFunctionRequest& request) {
  return call(connection_, region, request, &encode_CreateFunction, &decode_CreateFunction);
}

Result<DeleteFunctionResult> LambdaClient::DeleteFunction(std::string_view region,
                                                          const DeleteFunctionRequest& request) {
  return call(connection_, region, request, &encode_DeleteFunction, &decode_DeleteFunction);
}

Result<std::vector<FunctionConfiguration>> LambdaApi::ListFunctionsAll(
    std::string_view region, ListFunctionsRequest request) {
  std::vector<FunctionConfiguration> out;
  // Every marker seen so far: catches a service that cycles, whatever the cycle's length.
  std::set<std::string> seen;
  if (!request.Marker.empty()) seen.insert(request.Marker);
  for (std::size_t pages = 1;; ++pages) {
    auto page = ListFunctions(region, request);
    if (!page) return page.error();
    out.insert(out.end(), std::make_move_iterator(page->Functions.begin()),
               std::make_move_iterator(page->Functions.end()));
    if (page->NextMarker.empty()) return out;
    if (!seen.insert(page->NextMarker).second) {
      std::string shown = page->NextMarker.substr(0, 80);
      if (page->NextMarker.size() > shown.size()) shown += "...";
      return make_error(ErrorKind::kDecode, "RepeatedPageToken",
                        "ListFunctions returned NextMarker " + shown + " again after " +
                            std::to_string(pages) + " pages; stopped instead of paging forever");
    }
    request.Marker = std::move(page->NextMarker);
  }
}

}  // namespace drh::aws
