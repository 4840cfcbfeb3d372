// Small pieces every area's checks use to word their outcomes (component-internal).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "drh/core/result.h"
#include "drh/validate/check.h"

namespace drh::validate::detail {

/// The items with `sep` between them.
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

/// `o` with `evidence` attached.
Outcome with_evidence(Outcome o, std::vector<std::string> evidence);

/// A resource the outputs name but the service does not know: a broken deployment (FAIL),
/// not a failed call (ERROR).
bool not_found(const Error& e);

}  // namespace drh::validate::detail
