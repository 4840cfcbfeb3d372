#include "drh/core/redact.h"

#include <regex>

namespace drh {

std::string redact_access_key(std::string_view key) {
  if (key.size() < 12) return std::string(key.size() == 0 ? 0 : 4, '*');
  return std::string(key.substr(0, 4)) + "****" + std::string(key.substr(key.size() - 4));
}

std::string redact_auth_text(std::string_view text) {
  // Credential=AKID.../date/region/service/aws4_request keeps the scope but masks the key.
  static const std::regex kCredential(R"((Credential=|X-Amz-Credential=)([A-Za-z0-9]+))");
  static const std::regex kSignature(R"((Signature=|X-Amz-Signature=)[0-9a-fA-F]+)");
  static const std::regex kToken(R"((X-Amz-Security-Token[=:]\s*)[^&\s,]+)",
                                 std::regex::icase);
  std::string s(text);
  std::string out;
  std::smatch m;
  std::string rest = s;
  while (std::regex_search(rest, m, kCredential)) {
    out += m.prefix().str() + m[1].str() + redact_access_key(m[2].str());
    rest = m.suffix().str();
  }
  out += rest;
  out = std::regex_replace(out, kSignature, "$1<redacted>");
  out = std::regex_replace(out, kToken, "$1<redacted>");
  return out;
}

}  // namespace drh
