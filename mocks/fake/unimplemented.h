// Internal to the fake: the stand-in for a service whose handlers are not written yet.
// It answers every call 501 NotImplemented naming the service, never a fake success.
#pragma once

#include "service.h"

namespace drh::fake {

std::unique_ptr<Service> make_unimplemented_service(std::string id, Protocol protocol);

}  // namespace drh::fake
