// Placeholder until the fake's sns handlers land.
#include "unimplemented.h"

namespace drh::fake {

std::unique_ptr<Service> make_sns_service(FakeCloud::Core&) {
  return make_unimplemented_service("sns", Protocol::kQuery);
}

}  // namespace drh::fake
