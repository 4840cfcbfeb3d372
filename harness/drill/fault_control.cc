// FaultControl over an in-process fake: the same JSON drh serve's /_drh/faults takes, so a
// drill's fault specs and their journal entries read the same on either target.
#include <nlohmann/json.hpp>

#include "drh/drill/drill.h"
#include "drh/fake/fault_injection.h"

namespace drh::drill {
namespace {

class InProcessFaults final : public FaultControl {
 public:
  explicit InProcessFaults(fake::FakeCloud& cloud) : cloud_(cloud) {}

  Result<std::string> inject(const std::string& spec_json) override {
    auto doc = nlohmann::json::parse(spec_json, nullptr, false);
    if (doc.is_discarded()) return invalid_input("fault spec is not JSON: " + spec_json);
    auto spec = fake::fault_from_json(doc);
    if (!spec) return spec.error();
    return fake::inject(cloud_, *spec);
  }

  Status remove(const std::string& id) override {
    (void)fake::remove_fault(cloud_, id);  // already gone is what an undo wants
    return Ok{};
  }

  std::string where() const override { return "the in-process fake"; }

 private:
  fake::FakeCloud& cloud_;
};

}  // namespace

std::unique_ptr<FaultControl> fake_faults(fake::FakeCloud& cloud) {
  return std::make_unique<InProcessFaults>(cloud);
}

}  // namespace drh::drill
