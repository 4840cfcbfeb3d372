// Placeholder until the fake's route53 handlers land.
#include "unimplemented.h"

namespace drh::fake {

std::unique_ptr<Service> make_route53_service(FakeCloud::Core&) {
  return make_unimplemented_service("route53", Protocol::kRestXml);
}

}  // namespace drh::fake
