// Placeholder until the fake's ec2 handlers land.
#include "unimplemented.h"

namespace drh::fake {

std::unique_ptr<Service> make_ec2_service(FakeCloud::Core&) {
  return make_unimplemented_service("ec2", Protocol::kEc2);
}

}  // namespace drh::fake
