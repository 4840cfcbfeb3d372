// Placeholder until the fake's rds handlers land.
#include "unimplemented.h"

namespace drh::fake {

std::unique_ptr<Service> make_rds_service(FakeCloud::Core&) {
  return make_unimplemented_service("rds", Protocol::kQuery);
}

}  // namespace drh::fake
