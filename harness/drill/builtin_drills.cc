// The registry of built-in drills and the undos of their step kinds.
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

}  // namespace drh::drill