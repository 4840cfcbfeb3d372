// Lambda wire codec (rest-json, API 2015-03-31): the HTTP binding of each operation
// (method, /2015-03-31/functions/... URI, query, headers, JSON or raw body) and the decoding
// of the answers. Internal to drh_aws; tests include it to check the wire form.
//
// encode_<Op> fails with kInvalidInput when a required member is missing. decode_<Op>
// reads a 2xx answer: a JSON body that does not parse, a member of the wrong type, or
// (Invoke) an X-Amz-Log-Result that is not base64 is a kDecode error naming it.
#pragma once

#include "drh/aws/lambda.h"
#include "drh/core/http.h"
#include "drh/core/result.h"

namespace drh::aws {

Result<HttpRequest> encode_GetFunction(const GetFunctionRequest& request);
Result<HttpRequest> encode_ListFunctions(const ListFunctionsRequest& request);
Result<HttpRequest> encode_Invoke(const InvokeRequest& request);
Result<HttpRequest> encode_CreateFunction(const CreateFunctionRequest& request);
Result<HttpRequest> encode_DeleteFunction(const DeleteFunctionRequest& request);

Result<GetFunctionResult> decode_GetFunction(const HttpResponse& response);
Result<ListFunctionsResult> decode_ListFunctions(const HttpResponse& response);
Result<InvokeResult> decode_Invoke(const HttpResponse& response);
Result<CreateFunctionResult> decode_CreateFunction(const HttpResponse& response);
Result<DeleteFunctionResult> decode_DeleteFunction(const HttpResponse& response);

}  // namespace drh::aws
