// Placeholder until the fake's s3 handlers land.
#include "unimplemented.h"

namespace drh::fake {

std::unique_ptr<Service> make_s3_service(FakeCloud::Core&) {
  return make_unimplemented_service("s3", Protocol::kRestXml);
}

}  // namespace drh::fake
