// Placeholder until the fake's dynamodb handlers land.
#include "unimplemented.h"

namespace drh::fake {

std::unique_ptr<Service> make_dynamodb_service(FakeCloud::Core&) {
  return make_unimplemented_service("dynamodb", Protocol::kJson);
}

}  // namespace drh::fake
