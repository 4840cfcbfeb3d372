// What drills do and see only in an in-process fake: faults injected through the same JSON
// drh serve's /_drh/faults takes (so fault specs in journals read the same on either), and
// the commits a failover lost, which no AWS API reports.
#include <nlohmann/json.hpp>

#include "drh/drill/drill.h"
#include "drh/fake/aurora.h"
#include "drh/fake/fault_injection.h"
#include "drh/fake/sns.h"

namespace drh::drill {

namespace {

bool matches(const nlohmann::json& spec, const nlohmann::json& fault) {
  for (const char* key : {"kind", "region", "peer_region", "service"}) {
    if (spec.contains(key) && fault.value(key, nlohmann::json()) != spec[key]) return false;
  }
  return true;
}

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

  Status remove_matching(const std::string& spec_json) override {
    auto doc = nlohmann::json::parse(spec_json, nullptr, false);
    if (!doc.is_object()) return invalid_input("fault spec is not a JSON object: " + spec_json);
    for (const auto& f : fake::list_faults(cloud_)) {
      if (matches(doc, fake::fault_to_json(f.spec))) (void)fake::remove_fault(cloud_, f.id);
    }
    return Ok{};
  }

  std::string where() const override { return "the in-process fake"; }

 private:
  fake::FakeCloud& cloud_;
};

}  // namespace

bool fault_matches(std::string_view spec_json, std::string_view fault_json) {
  auto spec = nlohmann::json::parse(spec_json, nullptr, false);
  auto fault = nlohmann::json::parse(fault_json, nullptr, false);
  return spec.is_object() && fault.is_object() && matches(spec, fault);
}

std::unique_ptr<FaultControl> fake_faults(fake::FakeCloud& cloud) {
  return std::make_unique<InProcessFaults>(cloud);
}

std::function<Result<FailoverLoss>()> fake_failover_loss(fake::FakeCloud& cloud,
                                                          std::string global_cluster_id) {
  return [&cloud, gid = std::move(global_cluster_id)]() -> Result<FailoverLoss> {
    auto g = fake::aurora::global_database(cloud, gid);
    if (!g) return g.error();
    if (!g->last_failover) return invalid_input("global cluster " + gid + " has not switched");
    return FailoverLoss{g->last_failover->lost_commits, g->last_failover->lost_ms / 1000.0};
  };
}

Status fake_write_load(fake::FakeCloud& cloud, const std::string& global_cluster_id,
                       double per_second) {
  auto g = fake::aurora::global_database(cloud, global_cluster_id);
  if (!g) return g.error();
  for (const auto& m : g->members) {
    if (m.writer) return fake::aurora::set_write_rate(cloud, m.region, m.cluster_id, per_second);
  }
  return invalid_input("global cluster " + global_cluster_id + " has no writer to load");
}

std::function<Result<std::vector<BuiltinOptions::SnsReceipt>>(const std::string&)>
fake_sns_received(fake::FakeCloud& cloud) {
  return [&cloud](const std::string& topic) -> Result<std::vector<BuiltinOptions::SnsReceipt>> {
    std::vector<BuiltinOptions::SnsReceipt> out;
    for (const auto& d : fake::sns_deliveries(cloud, topic)) {
      if (d.type == "Notification") out.push_back({d.subscription_arn, d.message, d.at});
    }
    return out;
  };
}

}  // namespace drh::drill
