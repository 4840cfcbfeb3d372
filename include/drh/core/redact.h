// Keeping secrets out of logs, reports and error messages.
#pragma once

#include <string>
#include <string_view>

namespace drh {

/// "AKIAIOSFODNN7EXAMPLE" -> "AKIA****MPLE". Short keys are fully masked.
std::string redact_access_key(std::string_view access_key_id);

/// Replaces the Signature=..., Credential=<key>/... and token parts of an Authorization
/// header or a presigned URL, and any X-Amz-Security-Token value, so the text can be logged.
std::string redact_auth_text(std::string_view text);

}  // namespace drh
