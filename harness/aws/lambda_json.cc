#include "lambda_json.h"

#include "drh/core/encoding.h"
#include "dynamodb_cloudwatch_lambda_json.h"

namespace drh::aws {
namespace {

using jsonwire::put;
using nlohmann::json;

// Well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF): what
// nlohmann::json can hold as a string without failing when dumped.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace

json to_json(const FunctionConfiguration& c) {
  json j = json::object();
  put(j, "FunctionName", c.FunctionName);
  put(j, "FunctionArn", c.FunctionArn);
  put(j, "Runtime", c.Runtime);
  put(j, "Role", c.Role);
  put(j, "Handler", c.Handler);
  put(j, "CodeSize", c.CodeSize);
  put(j, "Description", c.Description);
  put(j, "Timeout", c.Timeout);
  put(j, "MemorySize", c.MemorySize);
  put(j, "LastModified", c.LastModified);
  put(j, "CodeSha256", c.CodeSha256);
  put(j, "Version", c.Version);
  if (c.VpcConfig) {
    json v{{"SubnetIds", c.VpcConfig->SubnetIds},
           {"SecurityGroupIds", c.VpcConfig->SecurityGroupIds}};
    put(v, "VpcId", c.VpcConfig->VpcId);
    j["VpcConfig"] = std::move(v);
  }
  if (c.DeadLetterConfig) {
    json d = json::object();
    put(d, "TargetArn", c.DeadLetterConfig->TargetArn);
    j["DeadLetterConfig"] = std::move(d);
  }
  if (c.Environment) {
    json e{{"Variables", c.Environment->Variables}};
    if (c.Environment->Error) {
      json err = json::object();
      put(err, "ErrorCode", c.Environment->Error->ErrorCode);
      put(err, "Message", c.Environment->Error->Message);
      e["Error"] = std::move(err);
    }
    j["Environment"] = std::move(e);
  }
  put(j, "KMSKeyArn", c.KMSKeyArn);
  if (c.TracingConfig) {
    json t = json::object();
    put(t, "Mode", c.TracingConfig->Mode);
    j["TracingConfig"] = std::move(t);
  }
  put(j, "MasterArn", c.MasterArn);
  put(j, "RevisionId", c.RevisionId);
  put(j, "State", c.State);
  put(j, "StateReason", c.StateReason);
  put(j, "StateReasonCode", c.StateReasonCode);
  put(j, "LastUpdateStatus", c.LastUpdateStatus);
  put(j, "LastUpdateStatusReason", c.LastUpdateStatusReason);
  put(j, "LastUpdateStatusReasonCode", c.LastUpdateStatusReasonCode);
  put(j, "PackageType", c.PackageType);
  put(j, "Architectures", c.Architectures);
  return j;
}

json to_json(const GetFunctionResult& r) {
  json j{{"Configuration", to_json(r.Configuration)}};
  if (r.Code) {
    json code = json::object();
    put(code, "RepositoryType", r.Code->RepositoryType);
    put(code, "Location", r.Code->Location);
    put(code, "ImageUri", r.Code->ImageUri);
    put(code, "ResolvedImageUri", r.Code->ResolvedImageUri);
    j["Code"] = std::move(code);
  }
  put(j, "Tags", r.Tags);
  if (r.Concurrency) {
    json c = json::object();
    put(c, "ReservedConcurrentExecutions", r.Concurrency->ReservedConcurrentExecutions);
    j["Concurrency"] = std::move(c);
  }
  return j;
}

json to_json(const ListFunctionsResult& r) {
  json j{{"Functions", jsonwire::array_of(r.Functions, [](const FunctionConfiguration& c) {
            return to_json(c);
          })}};
  put(j, "NextMarker", r.NextMarker);
  return j;
}

json to_json(const InvokeResult& r) {
  json j{{"StatusCode", r.StatusCode}};
  put(j, "FunctionError", r.FunctionError);
  if (!r.LogResult.empty()) {
    j["LogResult"] = valid_utf8(r.LogResult) ? r.LogResult : base64_encode(r.LogResult);
  }
  if (valid_utf8(r.Payload)) {
    j["Payload"] = r.Payload;
  } else {
    j["Payload"] = base64_encode(r.Payload);
    j["PayloadEncoding"] = "base64";
  }
  put(j, "ExecutedVersion", r.ExecutedVersion);
  return j;
}

json to_json(const CreateFunctionResult& r) {
  return to_json(static_cast<const FunctionConfiguration&>(r));
}

json to_json(const DeleteFunctionResult& r) { return json{{"StatusCode", r.StatusCode}}; }

}  // namespace drh::aws
