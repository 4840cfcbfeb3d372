#include "drh/aws/waiter.h"

namespace drh::aws {

Status wait_for(Clock& clock, std::string_view what, const WaitOptions& options,
                const std::function<Result<WaitObservation>()>& poll) {
  const TimePoint start = clock.now();
  const TimePoint deadline = start + options.timeout;
  std::string last = "nothing observed yet";
  for (;;) {
    auto observation = poll();
    if (!observation) return observation.error();
    last = observation->observed;
    if (observation->state == WaitState::kDone) return Ok{};
    if (observation->state == WaitState::kFailed) {
      Error e = make_error(ErrorKind::kAws, "WaiterFailed",
                           "waiting for " + std::string(what) + " failed: " + last);
      return e;
    }
    const TimePoint now = clock.now();
    if (now + options.delay > deadline) {
      const auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - start);
      Error e = make_error(ErrorKind::kTimeout, "WaiterTimeout",
                           "timed out after " + std::to_string(waited.count()) +
                               " s waiting for " + std::string(what) + "; last observed: " +
                               last);
      e.retryable = false;
      return e;
    }
    clock.sleep_for(options.delay);
  }
}

}  // namespace drh::aws
