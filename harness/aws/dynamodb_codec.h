// DynamoDB wire codec (JSON 1.0, X-Amz-Target DynamoDB_20120810.<Op>): one encoder and one
// decoder per operation. Internal to drh_aws; tests include it to check the wire form.
//
// encode_<Op> builds the request (POST /, target and content type set, host left to the
// connection) and fails with kInvalidInput when a required member is missing. decode_<Op>
// reads a 2xx answer; a body that is not JSON, or a member of the wrong type, is a kDecode
// error naming the operation and the member's path.
#pragma once

#include "drh/aws/dynamodb.h"
#include "drh/core/http.h"
#include "drh/core/result.h"

namespace drh::aws {

Result<HttpRequest> encode_ListTables(const ListTablesRequest& request);
Result<HttpRequest> encode_DescribeTable(const DescribeTableRequest& request);
Result<HttpRequest> encode_CreateTable(const CreateTableRequest& request);
Result<HttpRequest> encode_UpdateTable(const UpdateTableRequest& request);
Result<HttpRequest> encode_DeleteTable(const DeleteTableRequest& request);
Result<HttpRequest> encode_PutItem(const PutItemRequest& request);
Result<HttpRequest> encode_GetItem(const GetItemRequest& request);
Result<HttpRequest> encode_DeleteItem(const DeleteItemRequest& request);
Result<HttpRequest> encode_Query(const QueryRequest& request);
Result<HttpRequest> encode_DescribeContinuousBackups(
    const DescribeContinuousBackupsRequest& request);
Result<HttpRequest> encode_UpdateContinuousBackups(const UpdateContinuousBackupsRequest& request);

Result<ListTablesResult> decode_ListTables(const HttpResponse& response);
Result<DescribeTableResult> decode_DescribeTable(const HttpResponse& response);
Result<CreateTableResult> decode_CreateTable(const HttpResponse& response);
Result<UpdateTableResult> decode_UpdateTable(const HttpResponse& response);
Result<DeleteTableResult> decode_DeleteTable(const HttpResponse& response);
Result<PutItemResult> decode_PutItem(const HttpResponse& response);
Result<GetItemResult> decode_GetItem(const HttpResponse& response);
Result<DeleteItemResult> decode_DeleteItem(const HttpResponse& response);
Result<QueryResult> decode_Query(const HttpResponse& response);
Result<DescribeContinuousBackupsResult> decode_DescribeContinuousBackups(
    const HttpResponse& response);
Result<UpdateContinuousBackupsResult> decode_UpdateContinuousBackups(const HttpResponse& response);

}  // namespace drh::aws
