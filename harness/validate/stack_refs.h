// What a stack description's `${...}` references stand for in a deployment, without the
// ledger: checks see only the outputs and the description, so ids AWS assigned (health
// checks, zones) come from outputs whose template is exactly that reference, and names the
// description spells out (alarm, cluster, table, topic names) are rebuilt from it.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "drh/fixtures/outputs.h"
#include "drh/fixtures/stack.h"
#include "drh/validate/check.h"

namespace drh::validate::detail {

class StackRefs {
 public:
  StackRefs(const fixtures::StackDescription& stack, const fixtures::Deployment& deployment);

  /// `text` with every reference replaced, or nullopt when one cannot be known.
  std::optional<std::string> resolve(std::string_view text) const;
  /// The value of one reference ("topic.alerts.arn"), or nullopt.
  std::optional<std::string> get(const std::string& name) const;

 private:
  std::map<std::string, std::string> known_;
};

/// The run's shared references when run_checks built them, else built now; c.stack must
/// be set.
std::shared_ptr<const StackRefs> stack_refs(const CheckContext& c);

/// The region a deployment names for `side` ("primary"/"secondary"), else the stack's.
std::string side_region(const fixtures::Deployment& deployment,
                        const fixtures::StackDescription* stack, std::string_view side);

}  // namespace drh::validate::detail
