// The registry of built-in drills and the undos of their step kinds.
#include <algorithm>
#include <string>
#include <vector>

#include "drh/drill/drill.h"
#include "drill_support.h"

namespace drh::drill {

using namespace support;

const UndoRegistry& builtin_undos() {
  static const UndoRegistry registry = [] {
    UndoRegistry r;
    r.add(kSwitchoverKind, undo_switchover);
    r.add(kInvertedKind, undo_inverted);
    r.add(kFailbackKind, undo_failback);
    r.add(kFaultKind, undo_fault);
    r.add(kReplicationFaultKind, undo_replication_fault);
    r.add(kCanariesKind, undo_replication_canaries);
    r.add(kAlarmStateKind, undo_alarm_state);
    return r;
  }();
  return registry;
}

const std::vector<std::string>& builtin_drill_names() {
  static const std::vector<std::string> names = {"switchover", "regional-failover", "dns-failover",
                                                 "replication", "alarm-wiring"};
  return names;
}
Result<Drill> builtin_drill(std::string_view name, const fixtures::Deployment& deployment,
                            AwsConnection& connection, const BuiltinOptions& options) {
  if (name == "switchover") return switchover_drill(deployment, connection, options);
  if (name == "regional-failover") return regional_failover_drill(deployment, connection, options);
  if (name == "dns-failover") return dns_failover_drill(deployment, connection, options);
  if (name == "replication") return replication_drill(deployment, connection, options);
  if (name == "alarm-wiring") return alarm_wiring_drill(deployment, connection, options);
  return invalid_input("unknown drill '" + std::string(name) + "': choose one of " +
                       join(builtin_drill_names()));
}

namespace {

/// The part of an id or ARN that names the resource: after the last ':' or '/'.
std::string_view trailing_id(std::string_view s) {
  const auto cut = s.find_last_of(":/");
  return cut == std::string_view::npos ? s : s.substr(cut + 1);
}

bool named_by(const std::string& touched, const fixtures::Deployment& d) {
  if (touched == d.primary_region || touched == d.secondary_region) return true;
  // The resource's own id must appear in an output value (an ARN, an endpoint host that
  // carries a cluster id ...). Never the other way round: a Region or account output is
  // part of every ARN and would let anything through.
  const std::string_view id = trailing_id(touched);
  if (id.size() < 4) return false;
  auto covers = [&](const std::string& value) { return value.find(id) != std::string::npos; };
  for (const auto& [role, r] : d.roles) {
    if (covers(r.output.value) || (!r.region.empty() && touched == r.region)) return true;
  }
  for (const auto& o : d.unmapped) {
    if (covers(o.value)) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> out_of_scope(const Drill& drill, const fixtures::Deployment& d) {
  std::vector<std::string> out;
  for (const auto& step : drill.steps) {
    for (const auto& t : step.touches) {
      if (!named_by(t, d) && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
    }
  }
  return out;
}

}  // namespace drh::drill
