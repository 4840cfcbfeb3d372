// A seed stack built in the fake for drills: the deployment its outputs describe, a
// connection on the fake's virtual clock, and the ids drh up recorded.
#pragma once

#include <memory>
#include <string>

#include "drh/client/connection.h"
#include "drh/core/virtual_clock.h"
#include "drh/drill/drill.h"
#include "drh/fake/fake_cloud.h"
#include "drh/fixtures/provision.h"

namespace drh::testing {

class DrillWorld {
 public:
  /// Builds fixtures/stacks/<stack>.json into a fresh fake (fails the test on error) and
  /// lets five minutes of steady state pass.
  explicit DrillWorld(const std::string& stack = "003");

  VirtualClock clock;
  fake::FakeCloud cloud;
  std::unique_ptr<AwsConnection> connection;
  fixtures::StackDescription stack;
  fixtures::Ledger ledger;
  fixtures::Deployment deployment;
  /// Region outages and replication pauses, straight into `cloud`.
  std::unique_ptr<drill::FaultControl> faults;
  drill::UndoEnv env;

  /// The id a reference names, e.g. ref("health_check.primary.id").
  std::string ref(const std::string& name) const;
  /// The ARN of the global cluster's writer, from the fake's own view.
  std::string writer_arn();
  /// The region of the global cluster's writer.
  std::string writer_region();
  /// What TestDNSAnswer gives for the deployment's failover record ("NOERROR value").
  std::string dns_answer();
  /// The Inverted flag of a health check.
  bool inverted(const std::string& health_check_id);
};

}  // namespace drh::testing
