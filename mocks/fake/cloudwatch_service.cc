// Placeholder until the fake's cloudwatch handlers land.
#include "unimplemented.h"

namespace drh::fake {

std::unique_ptr<Service> make_cloudwatch_service(FakeCloud::Core&) {
  return make_unimplemented_service("cloudwatch", Protocol::kJson);
}

}  // namespace drh::fake
