#include "check_text.h"

namespace drh::validate::detail {

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

Outcome with_evidence(Outcome o, std::vector<std::string> evidence) {
  o.evidence = std::move(evidence);
  return o;
}

bool not_found(const Error& e) { return e.code.find("NotFound") != std::string::npos; }

}  // namespace drh::validate::detail
