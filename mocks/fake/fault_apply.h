// Internal to the fake: what the injected faults do to one routed call.
// FakeCloud::handle asks these after routing (docs/fake-model.md, "Faults").
#pragma once

#include <string>

#include "service.h"

namespace drh::fake {

/// Whether `call` goes to a global endpoint that no region's outage touches: Route 53.
/// (STS's global endpoint lives in us-east-1 and is treated as that region's.)
bool is_global_call(const Call& call);

/// The API operation of `call` as AWS names it, also for the REST services whose router
/// leaves call.operation empty (S3, Route 53, Lambda): "GetObject", "Invoke", ...
std::string fault_operation(const Call& call);

/// The latency the latency faults add to `call` now (0 when none matches); counts a hit
/// on each matching fault. Call with the world lock held.
Duration fault_latency(FakeCloud::Core& core, const Call& call);

/// Throws the ApiError a region-outage or api-error fault makes `call` fail with now:
/// 503 ServiceUnavailable for a down region; the fault's status and code for an api-error
/// whose draw against its probability hits. Counts the hit. Call with the world lock held.
void apply_fault_errors(FakeCloud::Core& core, const Call& call);

}  // namespace drh::fake
