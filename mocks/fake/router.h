// Internal to the fake: which service and region a request is for.
#pragma once

#include "service.h"

namespace drh::fake {

/// Fills call.service, region, protocol, operation, path, host and params from the
/// request. Throws ApiError when no service can be recognised.
void route(const HttpRequest& request, Call& call);

}  // namespace drh::fake
