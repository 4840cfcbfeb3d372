// GoogleMock stand-in for drh::aws::CloudWatchApi. The all-pages forms and the waiters are
// not virtual: they run over whatever the mocked single-page methods return.
//
//   MockCloudWatchApi cw;
//   EXPECT_CALL(cw, DescribeAlarms("us-east-1", ::testing::_))
//       .WillRepeatedly(::testing::Return(DescribeAlarmsResult{...}));
//   EXPECT_TRUE(WaitUntilAlarmState(cw, clock, "us-east-1", "lag", "ALARM").ok());
#pragma once

#include <gmock/gmock.h>

#include "drh/aws/cloudwatch.h"

namespace drh::aws {

class MockCloudWatchApi : public CloudWatchApi {
 public:
  MOCK_METHOD(Result<PutMetricAlarmResult>, PutMetricAlarm,
              (std::string_view region, const PutMetricAlarmRequest& request), (override));
  MOCK_METHOD(Result<DescribeAlarmsResult>, DescribeAlarms,
              (std::string_view region, const DescribeAlarmsRequest& request), (override));
  MOCK_METHOD(Result<DescribeAlarmHistoryResult>, DescribeAlarmHistory,
              (std::string_view region, const DescribeAlarmHistoryRequest& request), (override));
  MOCK_METHOD(Result<SetAlarmStateResult>, SetAlarmState,
              (std::string_view region, const SetAlarmStateRequest& request), (override));
  MOCK_METHOD(Result<DeleteAlarmsResult>, DeleteAlarms,
              (std::string_view region, const DeleteAlarmsRequest& request), (override));
  MOCK_METHOD(Result<PutMetricDataResult>, PutMetricData,
              (std::string_view region, const PutMetricDataRequest& request), (override));
  MOCK_METHOD(Result<GetMetricStatisticsResult>, GetMetricStatistics,
              (std::string_view region, const GetMetricStatisticsRequest& request), (override));
  MOCK_METHOD(Result<GetMetricDataResult>, GetMetricData,
              (std::string_view region, const GetMetricDataRequest& request), (override));
  MOCK_METHOD(Result<ListMetricsResult>, ListMetrics,
              (std::string_view region, const ListMetricsRequest& request), (override));
};

}  // namespace drh::aws
