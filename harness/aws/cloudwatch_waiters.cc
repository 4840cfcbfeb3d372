// CloudWatch waiters: botocore's AlarmExists, and the alarm-state waiter botocore does not
// have (documented in drh/aws/cloudwatch.h).
#include "drh/aws/cloudwatch.h"

namespace drh::aws {
namespace {

Result<DescribeAlarmsResult> describe_alarm(CloudWatchApi& api, std::string_view region,
                                            std::string_view alarm_name) {
  DescribeAlarmsRequest request;
  request.AlarmNames = {std::string(alarm_name)};
  return api.DescribeAlarms(region, request);
}

std::string alarm_label(std::string_view region, std::string_view alarm_name) {
  return "CloudWatch alarm " + std::string(alarm_name) + " in " + std::string(region);
}

}  // namespace

Status WaitUntilAlarmExists(CloudWatchApi& api, Clock& clock, std::string_view region,
                            std::string_view alarm_name, WaitOptions options) {
  return wait_for(clock, alarm_label(region, alarm_name) + " to exist", options,
                  [&]() -> Result<WaitObservation> {
                    auto r = describe_alarm(api, region, alarm_name);
                    if (!r) return r.error();
                    if (r->MetricAlarms.empty()) {
                      return WaitObservation{WaitState::kPending, "no metric alarm by that name"};
                    }
                    return WaitObservation{WaitState::kDone,
                                           "StateValue=" + r->MetricAlarms.front().StateValue};
                  });
}

Status WaitUntilAlarmState(CloudWatchApi& api, Clock& clock, std::string_view region,
                           std::string_view alarm_name, std::string_view state_value,
                           WaitOptions options) {
  const std::string label = alarm_label(region, alarm_name);
  return wait_for(clock, label + " to be in state " + std::string(state_value), options,
                  [&]() -> Result<WaitObservation> {
                    auto r = describe_alarm(api, region, alarm_name);
                    if (!r) return r.error();
                    // Picked by name: an endpoint that ignores AlarmNames cannot mislead the wait.
                    const MetricAlarm* alarm = r->metric_alarm(alarm_name);
                    if (alarm == nullptr) {
                      Error e = make_error(ErrorKind::kAws, "ResourceNotFound",
                                           label + " does not exist");
                      return e;
                    }
                    std::string observed = "StateValue=" + alarm->StateValue;
                    if (!alarm->StateReason.empty()) observed += " (" + alarm->StateReason + ")";
                    return WaitObservation{
                        alarm->StateValue == state_value ? WaitState::kDone : WaitState::kPending,
                        std::move(observed)};
                  });
}

}  // namespace drh::aws
