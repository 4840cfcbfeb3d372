// CloudWatch in the fake, metric data: PutMetricData in its three forms, statistics in
// aligned periods (exact dimension match, units, percentiles), GetMetricData newest first
// with paging, ListMetrics filters and paging, and the limits CloudWatch enforces.
#include <gtest/gtest.h>

#include "drh/aws/cloudwatch.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

using aws::CloudWatchClient;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kEast = "us-east-1";
constexpr const char* kNs = "Drh/Canary";

const std::vector<aws::Dimension> kDims = {{"Region", "us-east-1"}, {"Table", "orders"}};

struct MetricsWorld : ::testing::Test {
  void SetUp() override {
    t0 = world.clock.now();
    // One datapoint a minute for ten minutes: 1, 2, ..., 10 (ms).
    for (int i = 0; i < 10; ++i) {
      auto r = cw.PutMetricData(kEast, {.Namespace = kNs,
                                        .MetricData = {{.MetricName = "Latency",
                                                        .Dimensions = kDims,
                                                        .Timestamp = t0 + minutes(i) + seconds(5),
                                                        .Value = double(i + 1),
                                                        .Unit = "Milliseconds"}}});
      ASSERT_TRUE(r.ok()) << r.error().describe();
    }
    world.clock.advance(minutes(10));
  }
  FakeWorld world;
  CloudWatchClient cw{*world.connection};
  TimePoint t0;
};

TEST_F(MetricsWorld, GetMetricStatisticsAggregatesAlignedPeriods) {
  auto r = cw.GetMetricStatistics(kEast, {.Namespace = kNs, .MetricName = "Latency",
                                          .Dimensions = kDims, .StartTime = t0,
                                          .EndTime = t0 + minutes(10), .Period = 300,
                                          .Statistics = {"Average", "Sum", "SampleCount",
                                                         "Minimum", "Maximum"},
                                          .ExtendedStatistics = {"p50", "p99.9"}});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->Label, "Latency");
  ASSERT_EQ(r->Datapoints.size(), 2u);
  auto points = r->Datapoints;
  std::sort(points.begin(), points.end(),
            [](const auto& a, const auto& b) { return *a.Timestamp < *b.Timestamp; });
  const auto& first = points[0];
  EXPECT_EQ(first.Timestamp, t0);
  EXPECT_EQ(first.SampleCount, 5.0);
  EXPECT_EQ(first.Sum, 15.0);
  EXPECT_EQ(first.Average, 3.0);
  EXPECT_EQ(first.Minimum, 1.0);
  EXPECT_EQ(first.Maximum, 5.0);
  EXPECT_EQ(first.Unit, "Milliseconds");
  EXPECT_EQ(first.ExtendedStatistics.at("p50"), 3.0);
  EXPECT_EQ(first.ExtendedStatistics.at("p99.9"), 5.0);
  EXPECT_EQ(points[1].Timestamp, t0 + minutes(5));

  // Dimensions must match exactly: a subset names another metric.
  auto subset = cw.GetMetricStatistics(kEast, {.Namespace = kNs, .MetricName = "Latency",
                                               .Dimensions = {kDims[1]}, .StartTime = t0,
                                               .EndTime = t0 + minutes(10), .Period = 60,
                                               .Statistics = {"Sum"}});
  ASSERT_TRUE(subset.ok());
  EXPECT_TRUE(subset->Datapoints.empty());
  // A unit filter that matches nothing.
  auto seconds_unit = cw.GetMetricStatistics(kEast, {.Namespace = kNs, .MetricName = "Latency",
                                                     .Dimensions = kDims, .StartTime = t0,
                                                     .EndTime = t0 + minutes(10), .Period = 60,
                                                     .Statistics = {"Sum"}, .Unit = "Seconds"});
  EXPECT_TRUE(seconds_unit->Datapoints.empty());
}

TEST_F(MetricsWorld, GetMetricStatisticsValidatesLikeCloudWatch) {
  aws::GetMetricStatisticsRequest base{.Namespace = kNs, .MetricName = "Latency",
                                       .StartTime = t0, .EndTime = t0 + minutes(10),
                                       .Period = 60, .Statistics = {"Average"}};
  auto r = base;
  r.Period = 45;
  EXPECT_EQ(cw.GetMetricStatistics(kEast, r).error().code, "InvalidParameterValue");
  r = base;
  r.Statistics = {"Median"};
  EXPECT_EQ(cw.GetMetricStatistics(kEast, r).error().code, "InvalidParameterValue");
  // No statistic at all: the typed client refuses it itself, so ask the service directly.
  HttpRequest raw;
  raw.method = "POST";
  raw.host = "monitoring.us-east-1.amazonaws.com";
  raw.headers.set("X-Amz-Target", "GraniteServiceVersion20100801.GetMetricStatistics");
  raw.headers.set("Content-Type", "application/x-amz-json-1.0");
  raw.body = R"({"Namespace":"Drh/Canary","MetricName":"Latency","StartTime":1767225600,)"
             R"("EndTime":1767226200,"Period":60})";
  HttpResponse none = world.cloud.handle(raw);
  EXPECT_EQ(none.status, 400);
  EXPECT_EQ(none.headers.get("x-amzn-query-error").value_or(""), "InvalidParameterCombination;Sender");
  r = base;
  r.EndTime = t0 + std::chrono::hours(48);
  auto too_many = cw.GetMetricStatistics(kEast, r);
  EXPECT_EQ(too_many.error().code, "InvalidParameterCombination");
  EXPECT_NE(too_many.error().message.find("exceeds the limit of 1,440"), std::string::npos);
  r = base;
  r.StartTime = r.EndTime;
  EXPECT_EQ(cw.GetMetricStatistics(kEast, r).error().code, "InvalidParameterValue");
}

TEST_F(MetricsWorld, PutMetricDataAcceptsValuesCountsAndStatisticSets) {
  auto r = cw.PutMetricData(kEast, {.Namespace = kNs,
                                    .MetricData = {{.MetricName = "Batch",
                                                    .Values = {1, 2, 3},
                                                    .Counts = {1, 1, 2}},
                                                   {.MetricName = "Batch",
                                                    .StatisticValues = aws::StatisticSet{4, 40, 5, 20}}}});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  auto stats = cw.GetMetricStatistics(kEast, {.Namespace = kNs, .MetricName = "Batch",
                                              .StartTime = world.clock.now() - minutes(1),
                                              .EndTime = world.clock.now() + minutes(1),
                                              .Period = 120,
                                              .Statistics = {"SampleCount", "Sum", "Maximum"}});
  ASSERT_TRUE(stats.ok()) << stats.error().describe();
  ASSERT_EQ(stats->Datapoints.size(), 1u);
  EXPECT_EQ(stats->Datapoints[0].SampleCount, 8.0);
  EXPECT_EQ(stats->Datapoints[0].Sum, 49.0);
  EXPECT_EQ(stats->Datapoints[0].Maximum, 20.0);
  EXPECT_EQ(stats->Datapoints[0].Unit, "None");

  auto both = cw.PutMetricData(kEast, {.Namespace = kNs,
                                       .MetricData = {{.MetricName = "x", .Value = 1.0,
                                                       .StatisticValues = aws::StatisticSet{1, 1, 1, 1}}}});
  EXPECT_EQ(both.error().code, "InvalidParameterCombination");
  auto mismatch = cw.PutMetricData(kEast, {.Namespace = kNs,
                                           .MetricData = {{.MetricName = "x", .Values = {1, 2},
                                                           .Counts = {1}}}});
  EXPECT_EQ(mismatch.error().code, "InvalidParameterCombination");
  auto reserved = cw.PutMetricData(kEast, {.Namespace = "AWS/EC2",
                                           .MetricData = {{.MetricName = "x", .Value = 1.0}}});
  EXPECT_EQ(reserved.error().code, "InvalidParameterValue");
  auto future = cw.PutMetricData(kEast, {.Namespace = kNs,
                                         .MetricData = {{.MetricName = "x",
                                                         .Timestamp = world.clock.now() + std::chrono::hours(3),
                                                         .Value = 1.0}}});
  EXPECT_EQ(future.error().code, "InvalidParameterValue");
}

TEST_F(MetricsWorld, GetMetricDataIsNewestFirstAndPages) {
  aws::GetMetricDataRequest req{
      .MetricDataQueries = {{.Id = "lat",
                             .MetricStat = aws::MetricStat{{kNs, "Latency", kDims}, 60, "Maximum", ""}},
                            {.Id = "hidden",
                             .MetricStat = aws::MetricStat{{kNs, "Latency", kDims}, 60, "Sum", ""},
                             .ReturnData = false}},
      .StartTime = t0,
      .EndTime = t0 + minutes(10)};
  auto r = cw.GetMetricData(kEast, req);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->MetricDataResults.size(), 1u);
  const auto& res = r->MetricDataResults[0];
  EXPECT_EQ(res.Id, "lat");
  EXPECT_EQ(res.Label, "Latency");
  EXPECT_EQ(res.StatusCode, "Complete");
  ASSERT_EQ(res.Values.size(), 10u);
  EXPECT_EQ(res.Values.front(), 10.0);
  EXPECT_EQ(res.Timestamps.front(), t0 + minutes(9));

  req.ScanBy = "TimestampAscending";
  req.MaxDatapoints = 4;
  auto page = cw.GetMetricData(kEast, req);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->MetricDataResults[0].StatusCode, "PartialData");
  EXPECT_EQ(page->MetricDataResults[0].Values.front(), 1.0);
  EXPECT_FALSE(page->NextToken.empty());
  auto all = cw.GetMetricDataAll(kEast, req);  // three pages of at most 4
  ASSERT_TRUE(all.ok()) << all.error().describe();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].Values.size(), 10u);
  EXPECT_EQ((*all)[0].Values.back(), 10.0);

  req.MetricDataQueries = {{.Id = "math", .Expression = "SUM(METRICS())"}};
  auto math = cw.GetMetricData(kEast, req);
  ASSERT_FALSE(math.ok());
  EXPECT_EQ(math.error().code, "InvalidParameterValue");
  EXPECT_NE(math.error().message.find("metric math"), std::string::npos);
}

TEST_F(MetricsWorld, ListMetricsFiltersAndPages) {
  std::vector<aws::MetricDatum> data;
  for (int i = 0; i < 1200; ++i) {
    data.push_back({.MetricName = "Many", .Dimensions = {{"Index", std::to_string(i)}}, .Value = 1.0});
    if (data.size() == 1000) {
      ASSERT_TRUE(cw.PutMetricData(kEast, {.Namespace = "Drh/Bulk", .MetricData = data}).ok());
      data.clear();
    }
  }
  ASSERT_TRUE(cw.PutMetricData(kEast, {.Namespace = "Drh/Bulk", .MetricData = data}).ok());

  auto filtered = cw.ListMetrics(kEast, {.Namespace = kNs, .Dimensions = {{"Table", "orders"}}});
  ASSERT_TRUE(filtered.ok()) << filtered.error().describe();
  ASSERT_EQ(filtered->Metrics.size(), 1u);
  EXPECT_EQ(filtered->Metrics[0].Dimensions, kDims);
  EXPECT_TRUE(cw.ListMetrics(kEast, {.Namespace = kNs, .Dimensions = {{"Table", "other"}}})
                  ->Metrics.empty());

  auto page1 = cw.ListMetrics(kEast, {.Namespace = "Drh/Bulk"});
  ASSERT_EQ(page1->Metrics.size(), 500u);
  ASSERT_FALSE(page1->NextToken.empty());
  auto all = cw.ListMetricsAll(kEast, {.Namespace = "Drh/Bulk"});  // three pages of 500
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(all->size(), 1200u);
  EXPECT_EQ(cw.ListMetrics(kEast, {.MetricName = "Latency"})->Metrics.size(), 1u);
}

}  // namespace
}  // namespace drh::testing
