#include "lambda_codec.h"

#include "drh/core/encoding.h"
#include "drh/protocol/json_protocol.h"
#include "drh/protocol/rest.h"
#include "dynamodb_cloudwatch_lambda_json.h"

namespace drh::aws {
namespace {

using jsonwire::get_int;
using jsonwire::get_int32;
using jsonwire::get_object;
using jsonwire::get_string;
using jsonwire::get_string_map;
using jsonwire::get_strings;
using jsonwire::member_path;
using jsonwire::put;
using nlohmann::json;

constexpr std::string_view kFunctions = "/2015-03-31/functions";

Error missing(std::string_view operation, std::string_view member) {
  return invalid_input(std::string(operation) + ": " + std::string(member) + " is required");
}

std::string function_uri(std::string_view suffix = {}) {
  return std::string(kFunctions) + "/{FunctionName}" + std::string(suffix);
}

// ------------------------------------------------------------------ decoding

FunctionConfiguration decode_configuration(const json& c, const std::string& p) {
  FunctionConfiguration out;
  out.FunctionName = get_string(c, "FunctionName", p);
  out.FunctionArn = get_string(c, "FunctionArn", p);
  out.Runtime = get_string(c, "Runtime", p);
  out.Role = get_string(c, "Role", p);
  out.Handler = get_string(c, "Handler", p);
  out.CodeSize = get_int(c, "CodeSize", p);
  out.Description = get_string(c, "Description", p);
  out.Timeout = get_int32(c, "Timeout", p);
  out.MemorySize = get_int32(c, "MemorySize", p);
  out.LastModified = get_string(c, "LastModified", p);
  out.CodeSha256 = get_string(c, "CodeSha256", p);
  out.Version = get_string(c, "Version", p);
  if (const json* v = get_object(c, "VpcConfig", p)) {
    const std::string vp = member_path(p, "VpcConfig");
    out.VpcConfig =
        VpcConfigResponse{get_strings(*v, "SubnetIds", vp), get_strings(*v, "SecurityGroupIds", vp),
                          get_string(*v, "VpcId", vp)};
  }
  if (const json* d = get_object(c, "DeadLetterConfig", p)) {
    out.DeadLetterConfig =
        DeadLetterConfig{get_string(*d, "TargetArn", member_path(p, "DeadLetterConfig"))};
  }
  if (const json* e = get_object(c, "Environment", p)) {
    const std::string ep = member_path(p, "Environment");
    EnvironmentResponse env;
    env.Variables = get_string_map(*e, "Variables", ep);
    if (const json* err = get_object(*e, "Error", ep)) {
      const std::string errp = member_path(ep, "Error");
      env.Error =
          EnvironmentError{get_string(*err, "ErrorCode", errp), get_string(*err, "Message", errp)};
    }
    out.Environment = std::move(env);
  }
  out.KMSKeyArn = get_string(c, "KMSKeyArn", p);
  if (const json* t = get_object(c, "TracingConfig", p)) {
    out.TracingConfig =
        TracingConfigResponse{get_string(*t, "Mode", member_path(p, "TracingConfig"))};
  }
  out.MasterArn = get_string(c, "MasterArn", p);
  out.RevisionId = get_string(c, "RevisionId", p);
  out.State = get_string(c, "State", p);
  out.StateReason = get_string(c, "StateReason", p);
  out.StateReasonCode = get_string(c, "StateReasonCode", p);
  out.LastUpdateStatus = get_string(c, "LastUpdateStatus", p);
  out.LastUpdateStatusReason = get_string(c, "LastUpdateStatusReason", p);
  out.LastUpdateStatusReasonCode = get_string(c, "LastUpdateStatusReasonCode", p);
  out.PackageType = get_string(c, "PackageType", p);
  out.Architectures = get_strings(c, "Architectures", p);
  return out;
}

template <typename T, typename F>
Result<T> decode(const HttpResponse& response, std::string_view operation, F&& read) {
  auto body = jsonwire::parse_object(response, operation);
  if (!body) return body.error();
  return jsonwire::decode_guarded<T>(operation, [&]() -> T { return read(*body); });
}

}  // namespace

// ------------------------------------------------------------------ encoders

Result<HttpRequest> encode_GetFunction(const GetFunctionRequest& request) {
  if (request.FunctionName.empty()) return missing("GetFunction", "FunctionName");
  RestRequestBuilder b("GET", function_uri());
  b.label("FunctionName", request.FunctionName);
  if (!request.Qualifier.empty()) b.query("Qualifier", request.Qualifier);
  return b.build();
}

Result<HttpRequest> encode_ListFunctions(const ListFunctionsRequest& request) {
  RestRequestBuilder b("GET", kFunctions);
  if (!request.MasterRegion.empty()) b.query("MasterRegion", request.MasterRegion);
  if (!request.FunctionVersion.empty()) b.query("FunctionVersion", request.FunctionVersion);
  if (!request.Marker.empty()) b.query("Marker", request.Marker);
  if (request.MaxItems) b.query("MaxItems", std::to_string(*request.MaxItems));
  return b.build();
}

Result<HttpRequest> encode_Invoke(const InvokeRequest& request) {
  if (request.FunctionName.empty()) return missing("Invoke", "FunctionName");
  RestRequestBuilder b("POST", function_uri("/invocations"));
  b.label("FunctionName", request.FunctionName);
  if (!request.InvocationType.empty()) b.header("X-Amz-Invocation-Type", request.InvocationType);
  if (!request.LogType.empty()) b.header("X-Amz-Log-Type", request.LogType);
  if (!request.ClientContext.empty()) b.header("X-Amz-Client-Context", request.ClientContext);
  if (!request.Qualifier.empty()) b.query("Qualifier", request.Qualifier);
  // The payload is a blob sent as is, without a Content-Type (as the SDKs send it).
  if (!request.Payload.empty()) b.body(request.Payload);
  return b.build();
}

Result<HttpRequest> encode_CreateFunction(const CreateFunctionRequest& request) {
  constexpr std::string_view op = "CreateFunction";
  if (request.FunctionName.empty()) return missing(op, "FunctionName");
  if (request.Role.empty()) return missing(op, "Role");
  const FunctionCode& code = request.Code;
  json c = json::object();
  if (!code.ZipFile.empty()) c["ZipFile"] = base64_encode(code.ZipFile);
  put(c, "S3Bucket", code.S3Bucket);
  put(c, "S3Key", code.S3Key);
  put(c, "S3ObjectVersion", code.S3ObjectVersion);
  put(c, "ImageUri", code.ImageUri);
  if (c.empty()) return missing(op, "Code (ZipFile, S3Bucket/S3Key or ImageUri)");
  json body{{"FunctionName", request.FunctionName}, {"Role", request.Role}, {"Code", std::move(c)}};
  put(body, "Runtime", request.Runtime);
  put(body, "Handler", request.Handler);
  put(body, "Description", request.Description);
  put(body, "Timeout", request.Timeout);
  put(body, "MemorySize", request.MemorySize);
  put(body, "Publish", request.Publish);
  put(body, "PackageType", request.PackageType);
  if (request.Environment)
    body["Environment"] = json{{"Variables", request.Environment->Variables}};
  put(body, "Tags", request.Tags);
  put(body, "Architectures", request.Architectures);
  std::string text;
  try {
    text = body.dump();
  } catch (const json::type_error& e) {
    return invalid_input(std::string(op) + ": a text member is not valid UTF-8 (" + e.what() + ")");
  }
  return build_rest_json_request(RestRequestBuilder("POST", kFunctions), std::move(text));
}

Result<HttpRequest> encode_DeleteFunction(const DeleteFunctionRequest& request) {
  if (request.FunctionName.empty()) return missing("DeleteFunction", "FunctionName");
  RestRequestBuilder b("DELETE", function_uri());
  b.label("FunctionName", request.FunctionName);
  if (!request.Qualifier.empty()) b.query("Qualifier", request.Qualifier);
  return b.build();
}

// ------------------------------------------------------------------ decoders

Result<GetFunctionResult> decode_GetFunction(const HttpResponse& response) {
  return decode<GetFunctionResult>(response, "GetFunction", [](const json& b) {
    GetFunctionResult out;
    const json* c = get_object(b, "Configuration", "");
    if (c == nullptr) jsonwire::fail("Configuration", "missing");
    out.Configuration = decode_configuration(*c, "Configuration");
    if (const json* code = get_object(b, "Code", "")) {
      out.Code = FunctionCodeLocation{
          get_string(*code, "RepositoryType", "Code"), get_string(*code, "Location", "Code"),
          get_string(*code, "ImageUri", "Code"), get_string(*code, "ResolvedImageUri", "Code")};
    }
    out.Tags = get_string_map(b, "Tags", "");
    if (const json* conc = get_object(b, "Concurrency", "")) {
      out.Concurrency =
          Concurrency{get_int32(*conc, "ReservedConcurrentExecutions", "Concurrency")};
    }
    return out;
  });
}

Result<ListFunctionsResult> decode_ListFunctions(const HttpResponse& response) {
  return decode<ListFunctionsResult>(response, "ListFunctions", [](const json& b) {
    return ListFunctionsResult{
        jsonwire::get_objects<FunctionConfiguration>(b, "Functions", "", decode_configuration),
        get_string(b, "NextMarker", "")};
  });
}

Result<InvokeResult> decode_Invoke(const HttpResponse& response) {
  InvokeResult out;
  out.StatusCode = response.status;
  if (auto v = response.headers.get("X-Amz-Function-Error")) out.FunctionError = std::string(*v);
  if (auto v = response.headers.get("X-Amz-Executed-Version")) {
    out.ExecutedVersion = std::string(*v);
  }
  if (auto v = response.headers.get("X-Amz-Log-Result"); v && !trim(*v).empty()) {
    if (!base64_decode(trim(*v), out.LogResult)) {
      return make_error(ErrorKind::kDecode, "InvalidResponse",
                        "Invoke answer: header X-Amz-Log-Result is not base64");
    }
  }
  out.Payload = response.body;
  return out;
}

Result<CreateFunctionResult> decode_CreateFunction(const HttpResponse& response) {
  return decode<CreateFunctionResult>(response, "CreateFunction", [](const json& b) {
    return CreateFunctionResult{decode_configuration(b, "")};
  });
}

Result<DeleteFunctionResult> decode_DeleteFunction(const HttpResponse& response) {
  return DeleteFunctionResult{response.status};
}

}  // namespace drh::aws
