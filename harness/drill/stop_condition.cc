// Stop conditions: alarms whose ALARM state aborts a drill and rolls it back, so a drill
// that starts hurting what it must not (checkout errors, a latency SLO) ends itself.
#include <memory>

#include "drh/aws/cloudwatch.h"
#include "drh/client/connection.h"
#include "drh/drill/drill.h"

namespace drh::drill {

Result<StopAlarm> parse_stop_alarm(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == text.size()) {
    return invalid_input("stop alarm '" + std::string(text) +
                         "' must be REGION/ALARM-NAME, e.g. us-east-1/checkout-5xx");
  }
  return StopAlarm{std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
}

namespace {

/// The alarm's state, or why it cannot be read.
Result<aws::MetricAlarm> read_alarm(aws::CloudWatchApi& cw, const StopAlarm& a) {
  auto got = cw.DescribeAlarms(a.region, {.AlarmNames = {a.name}});
  if (!got) return got.error();
  for (const auto& m : got->MetricAlarms) {
    if (m.AlarmName == a.name) return m;
  }
  for (const auto& c : got->CompositeAlarms) {
    if (c.AlarmName == a.name) {
      aws::MetricAlarm m;
      m.AlarmName = c.AlarmName;
      m.StateValue = c.StateValue;
      m.StateReason = c.StateReason;
      return m;
    }
  }
  return invalid_input("stop alarm " + a.name + " does not exist in " + a.region);
}

}  // namespace

Result<std::function<std::optional<std::string>()>> alarm_stop_condition(
    AwsConnection& connection, std::vector<StopAlarm> alarms) {
  auto cw = std::make_shared<aws::CloudWatchClient>(connection);
  for (const auto& a : alarms) {
    auto m = read_alarm(*cw, a);
    if (!m) return m.error();
    if (m->StateValue == "ALARM") {
      return invalid_input("stop alarm " + a.name + " in " + a.region +
                           " is in ALARM already: no drill starts (" + m->StateReason + ")");
    }
  }
  return std::function<std::optional<std::string>()>(
      [cw, alarms = std::move(alarms)]() -> std::optional<std::string> {
        for (const auto& a : alarms) {
          auto m = read_alarm(*cw, a);
          if (!m) return "stop alarm " + a.name + " in " + a.region + " cannot be read: " +
                         m.error().describe();
          if (m->StateValue == "ALARM") {
            return "stop alarm " + a.name + " in " + a.region + " is in ALARM: " + m->StateReason;
          }
        }
        return std::nullopt;
      });
}

}  // namespace drh::drill
