// Placeholder until the fake's lambda handlers land.
#include "unimplemented.h"

namespace drh::fake {

std::unique_ptr<Service> make_lambda_service(FakeCloud::Core&) {
  return make_unimplemented_service("lambda", Protocol::kRestJson);
}

}  // namespace drh::fake
