// Waiting for an AWS resource to reach a state, on the injected clock.
//
// A waiter polls, classifies each observation as done, not yet, or failed (following
// botocore's waiter definitions where they exist), sleeps on the Clock between polls, and
// gives up at its deadline with the last state it saw, so a timeout says what was stuck.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "drh/core/clock.h"
#include "drh/core/result.h"

namespace drh::aws {

enum class WaitState {
  kDone,     ///< the resource reached the wanted state
  kPending,  ///< not yet: poll again after the delay
  kFailed,   ///< it can no longer get there (e.g. a cluster in "failed")
};

struct WaitObservation {
  WaitState state = WaitState::kPending;
  /// What was seen, for progress and timeout messages: "DBCluster x status=creating".
  std::string observed;
};

struct WaitOptions {
  std::chrono::seconds delay{15};
  std::chrono::seconds timeout{std::chrono::minutes(10)};
};

/// Polls `poll` until kDone (returns Ok), kFailed (kAws error "WaiterFailed" naming
/// `what` and the observation), an error from `poll` (returned as is), or the deadline
/// (kTimeout error "WaiterTimeout" naming `what`, the time waited and the last
/// observation). The first poll happens at once; sleeps go through `clock`.
Status wait_for(Clock& clock, std::string_view what, const WaitOptions& options,
                const std::function<Result<WaitObservation>()>& poll);

}  // namespace drh::aws
