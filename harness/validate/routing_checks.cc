// routing checks (see include/drh/validate/check.h).
#include "drh/validate/check.h"

namespace drh::validate {

std::vector<Check> routing_checks() { return {}; }

}  // namespace drh::validate
