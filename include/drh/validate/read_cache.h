// One answer per read during a validation run.
//
// Several checks read the same things (every database check describes the global cluster
// and its members); against a remote endpoint each repeat is a round trip, and against
// AWS it spends the account's API rate. A read cache in front of the transport answers
// a repeated read from the first answer and makes concurrent callers of the same read
// wait for the one call in flight, so a run costs about its distinct reads. Only reads
// are cached (Describe*, List*, Get* configuration calls); writes, Invoke and object or
// item reads (which a canary polls) always go through.
#pragma once

#include <memory>

#include "drh/core/http.h"

namespace drh::validate {

/// Wraps `inner`. Thread-safe. Successful (2xx) answers are kept for the wrapper's life.
std::shared_ptr<Transport> make_read_cache(std::shared_ptr<Transport> inner);

}  // namespace drh::validate
