#include "drh/aws/route53.h"

namespace drh::aws {

Status WaitUntilResourceRecordSetsChanged(Route53Api& api, Clock& clock, std::string_view change_id,
                                          WaitOptions options) {
  const std::string id = route53_id(change_id);
  return wait_for(
      clock, "Route 53 change " + id + " to be INSYNC", options, [&]() -> Result<WaitObservation> {
        auto r = api.GetChange(GetChangeRequest{id});
        if (!r) return r.error();
        const std::string& status = r->ChangeInfo.Status;
        return WaitObservation{status == "INSYNC" ? WaitState::kDone : WaitState::kPending,
                               "change " + id + " status=" + (status.empty() ? "(none)" : status)};
      });
}

}  // namespace drh::aws
