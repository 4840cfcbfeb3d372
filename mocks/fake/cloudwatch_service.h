// Internal to the fake: CloudWatch (API 2010-08-01) in both of its wire protocols.
//
// boto3 1.43 speaks CloudWatch as JSON 1.0 (X-Amz-Target GraniteServiceVersion20100801.*),
// older SDKs as Query (Action=...&Version=2010-08-01); AWS accepts both and so does the
// fake. A request is first turned into one JSON input document whatever its protocol, the
// handlers work on that, and the answer is written back in the request's protocol:
// JSON as is, or Query XML (lists as <member>, maps as <entry>, timestamps in ISO 8601).
// Errors carry the Query error code in both: as <Code> in Query, and in the JSON
// protocol as x-amzn-query-error "<Code>;Sender" next to the Smithy error shape in
// __type (CloudWatch is "awsQueryCompatible"), which is how SDKs recover the Query code.
//
// State per region: metric alarms with their history, and metric datapoints. Alarms
// start INSUFFICIENT_DATA; evaluate_alarm() computes what an alarm's state would be from
// the stored datapoints, a task on the core clock evaluates every alarm each Period (at
// least every kMaxAlarmEvaluationInterval) in regions that are not down, and every state
// change runs the alarm's actions (SNS topics and Lambda functions of the fake).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service.h"

namespace drh::fake {

/// The evaluation clock ticks this often (the shortest alarm Period the fake evaluates).
inline constexpr std::chrono::seconds kAlarmEvaluationTick{10};
/// Alarms are evaluated every Period, and at least this often (CloudWatch evaluates
/// standard alarms once a minute, high-resolution alarms every 10 or 30 s).
inline constexpr std::chrono::seconds kMaxAlarmEvaluationInterval{60};

namespace cw {

inline constexpr std::string_view kXmlns = "http://monitoring.amazonaws.com/doc/2010-08-01/";

struct Dimension {
  std::string name;
  std::string value;
  auto operator<=>(const Dimension&) const = default;
};

/// A metric's identity: namespace, name and its full set of dimensions (sorted by name).
struct MetricKey {
  std::string ns;
  std::string name;
  std::vector<Dimension> dims;
  auto operator<=>(const MetricKey&) const = default;
};

/// One published datum: a statistic set, and the raw values when they were sent
/// (needed for percentiles).
struct Sample {
  TimePoint at{};
  double count = 0;
  double sum = 0;
  double min = 0;
  double max = 0;
  std::vector<std::pair<double, double>> values;  ///< (value, count)
  std::string unit;                               ///< "" when published without a unit
};

struct Series {
  std::vector<Sample> samples;  ///< in time order
};

struct Alarm {
  /// The configuration as PutMetricAlarm gave it, normalised (typed members only, lists
  /// as arrays): DescribeAlarms answers from it member for member.
  nlohmann::json config;
  std::string arn;
  std::string state = "INSUFFICIENT_DATA";
  std::string state_reason;
  std::string state_reason_data;
  TimePoint state_updated{};
  TimePoint state_transitioned{};
  TimePoint config_updated{};
  /// The last OK or ALARM state ("" when it never had one): Route 53's LastKnownStatus.
  std::string last_decided_state;
};

struct HistoryItem {
  std::string alarm_name;
  std::string alarm_type = "MetricAlarm";
  TimePoint at{};
  std::string type;  ///< ConfigurationUpdate | StateUpdate | Action
  std::string summary;
  std::string data;  ///< JSON text
  std::uint64_t seq = 0;
};

struct Region {
  std::map<std::string, Alarm, std::less<>> alarms;
  std::vector<HistoryItem> history;  ///< in (time, seq) order
  std::map<MetricKey, Series> metrics;
};

/// What an alarm's state is, computed from its metric's datapoints.
struct Evaluation {
  std::string state;  ///< OK | ALARM | INSUFFICIENT_DATA
  std::string reason;
  std::string reason_data;  ///< JSON text
};

}  // namespace cw

class CloudWatchService final : public Service {
 public:
  explicit CloudWatchService(FakeCloud::Core& core) : core_(core) {}
  ~CloudWatchService() override;

  std::string_view id() const override { return "cloudwatch"; }
  Protocol protocol() const override { return Protocol::kJson; }
  HttpResponse handle(Call& call) override;
  void save(nlohmann::json& out) const override;
  void load(const nlohmann::json& in) override;
  void reset() override;

  /// Records a datapoint without the API's checks (AWS/ namespaces allowed): how the
  /// fake's own services and the DR dynamics emit metrics such as
  /// AWS/DynamoDB ReplicationLatency. Call with the world lock held.
  void put_datapoint(std::string_view region, cw::MetricKey metric, TimePoint at, double value,
                     std::string unit = {});

  /// The alarm `name` in `region`, or nullptr.
  const cw::Alarm* find_alarm(std::string_view region, std::string_view name) const;

  /// The seam for alarm evaluation: the state the alarm would have at `now` from its
  /// datapoints (Period x EvaluationPeriods, DatapointsToAlarm, TreatMissingData).
  /// nullopt for alarms the fake cannot evaluate (metric math) and for TreatMissingData
  /// "ignore" with no data (the state stays as it is).
  std::optional<cw::Evaluation> evaluate_alarm(std::string_view region, std::string_view name,
                                               TimePoint now) const;
  /// Evaluates every alarm of `region` at the clock's time and applies the results
  /// (state changes, history, actions). Not scheduled by the fake itself yet.
  void evaluate_alarms(std::string_view region);
  /// Override the longest time between two evaluations of an alarm (a multiple of
  /// kAlarmEvaluationTick; default kMaxAlarmEvaluationInterval).
  void set_max_evaluation_interval(std::chrono::seconds interval);

 private:
  using json = nlohmann::json;
  using Handler = json (CloudWatchService::*)(Call&, const json&);

  // cloudwatch_service.cc: alarms
  json put_metric_alarm(Call& call, const json& in);
  json describe_alarms(Call& call, const json& in);
  json describe_alarm_history(Call& call, const json& in);
  json set_alarm_state(Call& call, const json& in);
  json delete_alarms(Call& call, const json& in);
  json enable_alarm_actions(Call& call, const json& in);
  json disable_alarm_actions(Call& call, const json& in);
  json list_tags_for_resource(Call& call, const json& in);
  json tag_resource(Call& call, const json& in);
  json untag_resource(Call& call, const json& in);

  // cloudwatch_metrics.cc: metric data
  json put_metric_data(Call& call, const json& in);
  json get_metric_statistics(Call& call, const json& in);
  json get_metric_data(Call& call, const json& in);
  json list_metrics(Call& call, const json& in);

  json describe_alarm(const cw::Alarm& a) const;
  void add_history(cw::Region& r, std::string_view alarm, std::string type, std::string summary,
                   std::string data, TimePoint at);
  /// Changes an alarm's state, records the StateUpdate and, when the value changed and
  /// actions are enabled, runs the new state's actions.
  void set_state(std::string_view region, cw::Alarm& a, const std::string& value,
                 const std::string& reason, const std::string& reason_data);
  void run_actions(std::string_view region, cw::Alarm& a, const std::string& old_state);

  /// Starts the evaluation tick when it is not running (alarms exist).
  void ensure_evaluation_task();
  /// One tick: evaluates the alarms whose interval divides the clock's time.
  void run_evaluations();

  FakeCloud::Core& core_;
  std::map<std::string, cw::Region, std::less<>> regions_;
  std::uint64_t seq_ = 0;
  std::chrono::seconds max_interval_ = kMaxAlarmEvaluationInterval;
  VirtualClock::TaskId evaluation_task_ = 0;
};

}  // namespace drh::fake
