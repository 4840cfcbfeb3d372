#include "drh/core/result.h"

namespace drh {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kNetwork: return "network";
    case ErrorKind::kTimeout: return "timeout";
    case ErrorKind::kHttp: return "http";
    case ErrorKind::kAws: return "aws";
    case ErrorKind::kInvalidInput: return "invalid_input";
    case ErrorKind::kCredentials: return "credentials";
    case ErrorKind::kDecode: return "decode";
    case ErrorKind::kInternal: return "internal";
  }
  return "internal";
}

std::string Error::describe() const {
  std::string out = std::string(to_string(kind)) + " error";
  if (!code.empty()) out += " " + code;
  if (http_status != 0) out += " (HTTP " + std::to_string(http_status) + ")";
  if (!message.empty()) out += ": " + message;
  if (!request_id.empty()) out += " [request-id: " + request_id + "]";
  return out;
}

int exit_code_for(const Error& error) {
  switch (error.kind) {
    case ErrorKind::kNetwork:
    case ErrorKind::kTimeout:
      return kExitUnreachable;
    case ErrorKind::kInvalidInput:
      return kExitBadInput;
    // Missing credentials are a set-up problem the user fixes, like bad input.
    case ErrorKind::kCredentials:
      return kExitBadInput;
    case ErrorKind::kHttp:
    case ErrorKind::kAws:
    case ErrorKind::kDecode:
    case ErrorKind::kInternal:
      return kExitFailed;
  }
  return kExitFailed;
}

}  // namespace drh
