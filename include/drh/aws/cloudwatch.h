// Amazon CloudWatch (API 2010-08-01): metric alarms, their history and state, metric data.
//
// CloudWatchApi has one virtual method per operation (GoogleMock stands in for it: see
// mocks/aws/mock_cloudwatch.h); CloudWatchClient implements it over an AwsConnection with
// the JSON 1.0 protocol (see cloudwatch_client.cc for why not Query). Every call takes the
// region it is made in: alarms and metrics are regional, so a DR stack has one set per
// region. Requests and results carry botocore's member names; an optional scalar is
// std::optional, and an empty string or list means "not sent" in a request and "absent" in
// a result. Every member has a default initializer, so designated initializers may name
// just the members they set.
//
//   CloudWatchClient cw(connection);
//   auto alarms = cw.DescribeAlarmsAll("us-west-2", {.AlarmNamePrefix = "orders-"});
//   for (const MetricAlarm& a : alarms->MetricAlarms) check(!a.AlarmActions.empty());
//   cw.SetAlarmState("us-west-2", {.AlarmName = "orders-replication-lag",
//                                  .StateValue = "ALARM", .StateReason = "DR drill"});
//
// Paging: DescribeAlarms, DescribeAlarmHistory, GetMetricData and ListMetrics have `...All`
// forms that follow NextToken. Waiters: AlarmExists from botocore's cloudwatch
// waiters-2.json, and an alarm-state waiter botocore lacks (documented below).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drh/aws/common.h"
#include "drh/aws/waiter.h"
#include "drh/client/connection.h"
#include "drh/core/clock.h"
#include "drh/core/result.h"

namespace drh::aws {

// ------------------------------------------------------------------ shapes

struct Dimension {
  std::string Name{};
  std::string Value{};
  bool operator==(const Dimension&) const = default;
};

/// ListMetrics filter: Value empty matches any value of the dimension.
struct DimensionFilter {
  std::string Name{};
  std::string Value{};
};

struct Metric {
  std::string Namespace{};
  std::string MetricName{};
  std::vector<Dimension> Dimensions{};
  bool operator==(const Metric&) const = default;
};

struct MetricStat {
  aws::Metric Metric{};
  int Period = 60;
  std::string Stat{};  ///< Average, Maximum, p99, ...
  std::string Unit{};
};

/// One query of GetMetricData, or one metric of a metric-math alarm: a MetricStat or an
/// Expression.
struct MetricDataQuery {
  std::string Id{};
  std::optional<aws::MetricStat> MetricStat{};
  std::string Expression{};
  std::string Label{};
  std::optional<bool> ReturnData{};
  std::optional<int> Period{};
  std::string AccountId{};
};

struct MetricAlarm {
  std::string AlarmName{};
  std::string AlarmArn{};
  std::string AlarmDescription{};
  std::optional<TimePoint> AlarmConfigurationUpdatedTimestamp{};
  std::optional<bool> ActionsEnabled{};
  std::vector<std::string> OKActions{};
  std::vector<std::string> AlarmActions{};
  std::vector<std::string> InsufficientDataActions{};
  std::string StateValue{};  ///< OK | ALARM | INSUFFICIENT_DATA
  std::string StateReason{};
  std::string StateReasonData{};
  std::optional<TimePoint> StateUpdatedTimestamp{};
  std::optional<TimePoint> StateTransitionedTimestamp{};
  std::string MetricName{};
  std::string Namespace{};
  std::string Statistic{};  ///< SampleCount | Average | Sum | Minimum | Maximum
  std::string ExtendedStatistic{};
  std::vector<Dimension> Dimensions{};
  std::optional<int> Period{};
  std::string Unit{};
  std::optional<int> EvaluationPeriods{};
  std::optional<int> DatapointsToAlarm{};
  std::optional<double> Threshold{};
  std::string ComparisonOperator{};
  std::string TreatMissingData{};  ///< breaching | notBreaching | ignore | missing
  std::string EvaluateLowSampleCountPercentile{};
  std::vector<MetricDataQuery> Metrics{};
  std::string ThresholdMetricId{};
};

/// An alarm over other alarms (DescribeAlarms returns both kinds).
struct CompositeAlarm {
  std::string AlarmName{};
  std::string AlarmArn{};
  std::string AlarmDescription{};
  std::string AlarmRule{};
  std::optional<bool> ActionsEnabled{};
  std::vector<std::string> OKActions{};
  std::vector<std::string> AlarmActions{};
  std::vector<std::string> InsufficientDataActions{};
  std::string StateValue{};
  std::string StateReason{};
  std::optional<TimePoint> StateUpdatedTimestamp{};
};

struct AlarmHistoryItem {
  std::string AlarmName{};
  std::string AlarmType{};  ///< MetricAlarm | CompositeAlarm
  std::optional<TimePoint> Timestamp{};
  std::string HistoryItemType{};  ///< ConfigurationUpdate | StateUpdate | Action
  std::string HistorySummary{};
  std::string HistoryData{};  ///< JSON text, as CloudWatch gives it
};

struct StatisticSet {
  double SampleCount = 0;
  double Sum = 0;
  double Minimum = 0;
  double Maximum = 0;
};

struct MetricDatum {
  std::string MetricName{};
  std::vector<Dimension> Dimensions{};
  std::optional<TimePoint> Timestamp{};  ///< unset: the time CloudWatch receives it
  std::optional<double> Value{};
  std::optional<StatisticSet> StatisticValues{};
  std::vector<double> Values{};  ///< with Counts: many values in one datum
  std::vector<double> Counts{};
  std::string Unit{};
  std::optional<int> StorageResolution{};  ///< 1 (high resolution) or 60
};

struct Datapoint {
  std::optional<TimePoint> Timestamp{};
  std::optional<double> SampleCount{};
  std::optional<double> Average{};
  std::optional<double> Sum{};
  std::optional<double> Minimum{};
  std::optional<double> Maximum{};
  std::string Unit{};
  std::map<std::string, double> ExtendedStatistics{};  ///< "p99" -> value
};

struct MessageData {
  std::string Code{};
  std::string Value{};
};

struct MetricDataResult {
  std::string Id{};
  std::string Label{};
  std::vector<TimePoint> Timestamps{};
  std::vector<double> Values{};  ///< Values[i] belongs to Timestamps[i]
  std::string StatusCode{};      ///< Complete | InternalError | PartialData | Forbidden
  std::vector<MessageData> Messages{};
};

// ------------------------------------------------------------------ requests and results

struct PutMetricAlarmRequest {
  std::string AlarmName{};
  std::string AlarmDescription{};
  std::optional<bool> ActionsEnabled{};
  std::vector<std::string> OKActions{};
  std::vector<std::string> AlarmActions{};
  std::vector<std::string> InsufficientDataActions{};
  std::string MetricName{};
  std::string Namespace{};
  std::string Statistic{};
  std::string ExtendedStatistic{};
  std::vector<Dimension> Dimensions{};
  std::optional<int> Period{};
  std::string Unit{};
  std::optional<int> EvaluationPeriods{};
  std::optional<int> DatapointsToAlarm{};
  std::optional<double> Threshold{};
  std::string ComparisonOperator{};
  std::string TreatMissingData{};
  std::string EvaluateLowSampleCountPercentile{};
  std::vector<MetricDataQuery> Metrics{};
  std::string ThresholdMetricId{};
  std::vector<Tag> Tags{};
};
struct PutMetricAlarmResult {};

struct DescribeAlarmsRequest {
  std::vector<std::string> AlarmNames{};
  std::string AlarmNamePrefix{};
  std::vector<std::string> AlarmTypes{};  ///< MetricAlarm | CompositeAlarm
  std::string StateValue{};
  std::string ActionPrefix{};
  std::optional<int> MaxRecords{};  ///< 1-100
  std::string NextToken{};
};
struct DescribeAlarmsResult {
  std::vector<MetricAlarm> MetricAlarms{};
  std::vector<CompositeAlarm> CompositeAlarms{};
  std::string NextToken{};

  /// The metric alarm named `name`, or nullptr.
  const MetricAlarm* metric_alarm(std::string_view name) const;
};

struct DescribeAlarmHistoryRequest {
  std::string AlarmName{};
  std::vector<std::string> AlarmTypes{};
  std::string HistoryItemType{};
  std::optional<TimePoint> StartDate{};
  std::optional<TimePoint> EndDate{};
  std::optional<int> MaxRecords{};
  std::string NextToken{};
  std::string ScanBy{};  ///< TimestampDescending (default) | TimestampAscending
};
struct DescribeAlarmHistoryResult {
  std::vector<AlarmHistoryItem> AlarmHistoryItems{};
  std::string NextToken{};
};

struct SetAlarmStateRequest {
  std::string AlarmName{};
  std::string StateValue{};  ///< OK | ALARM | INSUFFICIENT_DATA
  std::string StateReason{};
  std::string StateReasonData{};  ///< JSON text
};
struct SetAlarmStateResult {};

struct DeleteAlarmsRequest {
  std::vector<std::string> AlarmNames{};
};
struct DeleteAlarmsResult {};

struct PutMetricDataRequest {
  std::string Namespace{};
  std::vector<MetricDatum> MetricData{};
};
struct PutMetricDataResult {};

struct GetMetricStatisticsRequest {
  std::string Namespace{};
  std::string MetricName{};
  std::vector<Dimension> Dimensions{};
  TimePoint StartTime{};
  TimePoint EndTime{};
  int Period = 60;
  std::vector<std::string> Statistics{};          ///< SampleCount | Average | Sum | ...
  std::vector<std::string> ExtendedStatistics{};  ///< p99, ...
  std::string Unit{};
};
struct GetMetricStatisticsResult {
  std::string Label{};
  std::vector<Datapoint> Datapoints{};
};

struct GetMetricDataRequest {
  std::vector<MetricDataQuery> MetricDataQueries{};
  TimePoint StartTime{};
  TimePoint EndTime{};
  std::string NextToken{};
  std::string ScanBy{};
  std::optional<int> MaxDatapoints{};
};
struct GetMetricDataResult {
  std::vector<MetricDataResult> MetricDataResults{};
  std::string NextToken{};
  std::vector<MessageData> Messages{};
};

struct ListMetricsRequest {
  std::string Namespace{};
  std::string MetricName{};
  std::vector<DimensionFilter> Dimensions{};
  std::string NextToken{};
  std::string RecentlyActive{};  ///< PT3H
};
struct ListMetricsResult {
  std::vector<aws::Metric> Metrics{};
  std::string NextToken{};
};

// ------------------------------------------------------------------ the API

/// The CloudWatch operations drharness calls. Errors are kAws with CloudWatch's codes
/// (the Query protocol's, which the JSON protocol also reports): ResourceNotFound (no such
/// alarm for SetAlarmState), InvalidNextToken, InvalidParameterValue, LimitExceeded,
/// AccessDenied; throttling is retried by the connection. Requests missing a required
/// member fail with kInvalidInput before anything is sent.
class CloudWatchApi {
 public:
  virtual ~CloudWatchApi() = default;

  virtual Result<PutMetricAlarmResult> PutMetricAlarm(std::string_view region,
                                                      const PutMetricAlarmRequest& request) = 0;
  virtual Result<DescribeAlarmsResult> DescribeAlarms(std::string_view region,
                                                      const DescribeAlarmsRequest& request) = 0;
  virtual Result<DescribeAlarmHistoryResult> DescribeAlarmHistory(
      std::string_view region, const DescribeAlarmHistoryRequest& request) = 0;
  virtual Result<SetAlarmStateResult> SetAlarmState(std::string_view region,
                                                    const SetAlarmStateRequest& request) = 0;
  virtual Result<DeleteAlarmsResult> DeleteAlarms(std::string_view region,
                                                  const DeleteAlarmsRequest& request) = 0;
  virtual Result<PutMetricDataResult> PutMetricData(std::string_view region,
                                                    const PutMetricDataRequest& request) = 0;
  virtual Result<GetMetricStatisticsResult> GetMetricStatistics(
      std::string_view region, const GetMetricStatisticsRequest& request) = 0;
  virtual Result<GetMetricDataResult> GetMetricData(std::string_view region,
                                                    const GetMetricDataRequest& request) = 0;
  virtual Result<ListMetricsResult> ListMetrics(std::string_view region,
                                                const ListMetricsRequest& request) = 0;

  // All pages: call the single-page method from `request.NextToken` (usually empty) until a
  // page comes back without a NextToken. A service that hands back a token it already gave
  // is a kDecode "RepeatedPageToken" error naming it (never an endless loop); any page's
  // error is returned as is.

  /// Both lists of every page, concatenated; NextToken is empty.
  Result<DescribeAlarmsResult> DescribeAlarmsAll(std::string_view region,
                                                 DescribeAlarmsRequest request = {});
  Result<std::vector<AlarmHistoryItem>> DescribeAlarmHistoryAll(
      std::string_view region, DescribeAlarmHistoryRequest request);
  /// One MetricDataResult per query Id: a later page's Timestamps, Values and Messages are
  /// appended to the result of the same Id (a query's data may span pages); the StatusCode
  /// is the last page's. Top-level Messages of every page are dropped (see GetMetricData).
  Result<std::vector<MetricDataResult>> GetMetricDataAll(std::string_view region,
                                                         GetMetricDataRequest request);
  Result<std::vector<aws::Metric>> ListMetricsAll(std::string_view region,
                                                  ListMetricsRequest request = {});
};

class CloudWatchClient final : public CloudWatchApi {
 public:
  explicit CloudWatchClient(AwsConnection& connection) : connection_(connection) {}

  Result<PutMetricAlarmResult> PutMetricAlarm(std::string_view region,
                                              const PutMetricAlarmRequest& request) override;
  Result<DescribeAlarmsResult> DescribeAlarms(std::string_view region,
                                              const DescribeAlarmsRequest& request) override;
  Result<DescribeAlarmHistoryResult> DescribeAlarmHistory(
      std::string_view region, const DescribeAlarmHistoryRequest& request) override;
  Result<SetAlarmStateResult> SetAlarmState(std::string_view region,
                                            const SetAlarmStateRequest& request) override;
  Result<DeleteAlarmsResult> DeleteAlarms(std::string_view region,
                                          const DeleteAlarmsRequest& request) override;
  Result<PutMetricDataResult> PutMetricData(std::string_view region,
                                            const PutMetricDataRequest& request) override;
  Result<GetMetricStatisticsResult> GetMetricStatistics(
      std::string_view region, const GetMetricStatisticsRequest& request) override;
  Result<GetMetricDataResult> GetMetricData(std::string_view region,
                                            const GetMetricDataRequest& request) override;
  Result<ListMetricsResult> ListMetrics(std::string_view region,
                                        const ListMetricsRequest& request) override;

 private:
  AwsConnection& connection_;
};

// ------------------------------------------------------------------ waiters

/// botocore's AlarmExists polls every 5 s, 40 times.
inline constexpr WaitOptions kAlarmExistsWait{std::chrono::seconds(5),
                                              std::chrono::seconds(5 * 40)};
/// The alarm-state waiter polls on CloudWatch's evaluation rhythm (once a minute for
/// standard-resolution alarms) for up to 15 minutes.
inline constexpr WaitOptions kAlarmStateWait{std::chrono::seconds(10), std::chrono::minutes(15)};

/// botocore AlarmExists: DescribeAlarms with AlarmNames = [alarm_name]; done when the
/// answer holds a metric alarm ("length(MetricAlarms[]) > `0`").
Status WaitUntilAlarmExists(CloudWatchApi& api, Clock& clock, std::string_view region,
                            std::string_view alarm_name, WaitOptions options = kAlarmExistsWait);

/// No botocore waiter: the metric alarm `alarm_name` is in `state_value` (OK, ALARM or
/// INSUFFICIENT_DATA), e.g. "the replication-lag alarm fired" during a drill. Any other
/// state is "not yet"; an alarm that does not exist stops the wait with kAws
/// "ResourceNotFound" (it cannot reach any state). The observation names the state and
/// its reason.
Status WaitUntilAlarmState(CloudWatchApi& api, Clock& clock, std::string_view region,
                           std::string_view alarm_name, std::string_view state_value,
                           WaitOptions options = kAlarmStateWait);

}  // namespace drh::aws
