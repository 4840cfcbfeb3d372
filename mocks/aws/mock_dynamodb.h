// GoogleMock stand-in for drh::aws::DynamoDbApi. The all-pages forms and the waiters are
// not virtual: they run over whatever the mocked single-page methods return.
//
//   MockDynamoDbApi ddb;
//   EXPECT_CALL(ddb, DescribeTable("us-west-2", ::testing::_))
//       .WillOnce(::testing::Return(DescribeTableResult{...}));
//   EXPECT_TRUE(WaitUntilTableExists(ddb, clock, "us-west-2", "orders").ok());
#pragma once

#include <gmock/gmock.h>

#include "drh/aws/dynamodb.h"

namespace drh::aws {

class MockDynamoDbApi : public DynamoDbApi {
 public:
  MOCK_METHOD(Result<ListTablesResult>, ListTables,
              (std::string_view region, const ListTablesRequest& request), (override));
  MOCK_METHOD(Result<DescribeTableResult>, DescribeTable,
              (std::string_view region, const DescribeTableRequest& request), (override));
  MOCK_METHOD(Result<CreateTableResult>, CreateTable,
              (std::string_view region, const CreateTableRequest& request), (override));
  MOCK_METHOD(Result<UpdateTableResult>, UpdateTable,
              (std::string_view region, const UpdateTableRequest& request), (override));
  MOCK_METHOD(Result<DeleteTableResult>, DeleteTable,
              (std::string_view region, const DeleteTableRequest& request), (override));
  MOCK_METHOD(Result<PutItemResult>, PutItem,
              (std::string_view region, const PutItemRequest& request), (override));
  MOCK_METHOD(Result<GetItemResult>, GetItem,
              (std::string_view region, const GetItemRequest& request), (override));
  MOCK_METHOD(Result<DeleteItemResult>, DeleteItem,
              (std::string_view region, const DeleteItemRequest& request), (override));
  MOCK_METHOD(Result<QueryResult>, Query, (std::string_view region, const QueryRequest& request),
              (override));
  MOCK_METHOD(Result<DescribeContinuousBackupsResult>, DescribeContinuousBackups,
              (std::string_view region, const DescribeContinuousBackupsRequest& request),
              (override));
  MOCK_METHOD(Result<UpdateContinuousBackupsResult>, UpdateContinuousBackups,
              (std::string_view region, const UpdateContinuousBackupsRequest& request), (override));
};

}  // namespace drh::aws
