// DynamoDbClient over the connection, and the all-pages forms.
#include <nlohmann/json.hpp>
#include <set>

#include "drh/aws/dynamodb.h"
#include "dynamodb_codec.h"
#include "dynamodb_json.h"
#include "service_call.h"

namespace drh::aws {
namespace {

constexpr std::string_view kService = "dynamodb";

template <typename Res, typename Req>
Result<Res> call(AwsConnection& connection, std::string_view region, const Req& request,
                 Result<HttpRequest> (*encode)(const Req&),
                 Result<Res> (*decode)(const HttpResponse&)) {
  auto http = encode(request);
  if (!http) return http.error();
  auto response = send_request(connection, kService, region, std::move(*http));
  if (!response) return response.error();
  return decode(*response);
}

Error repeated_token(std::string_view operation, std::string_view token_name,
                     std::string_view token, std::size_t pages) {
  std::string shown(token.substr(0, 80));
  if (token.size() > shown.size()) shown += "...";
  return make_error(ErrorKind::kDecode, "RepeatedPageToken",
                    std::string(operation) + " returned " + std::string(token_name) + " " + shown +
                        " again after " + std::to_string(pages) +
                        " pages; stopped instead of paging forever");
}

// A key's JSON text identifies it (maps are ordered, so equal keys serialise alike). Invalid
// UTF-8 in a caller's start key is replaced rather than thrown on: this text only compares.
std::string key_text(const AttributeMap& key) {
  return to_json(key).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Result<ListTablesResult> DynamoDbClient::ListTables(std::string_view region,
                                                    const ListTablesRequest& request) {
  return call(connection_, region, request, &encode_ListTables, &decode_ListTables);
}

Result<DescribeTableResult> DynamoDbClient::DescribeTable(std::string_view region,
                                                          const DescribeTableRequest& request) {
  return call(connection_, region, request, &encode_DescribeTable, &decode_DescribeTable);
}

Result<CreateTableResult> DynamoDbClient::CreateTable(std::string_view region,
                                                      const CreateTableRequest& request) {
  return call(connection_, region, request, &encode_CreateTable, &decode_CreateTable);
}

Result<UpdateTableResult> DynamoDbClient::UpdateTable(std::string_view region,
                                                      const UpdateTableRequest& request) {
  return call(connection_, region, request, &encode_UpdateTable, &decode_UpdateTable);
}

Result<DeleteTableResult> DynamoDbClient::DeleteTable(std::string_view region,
                                                      const DeleteTableRequest& request) {
  return call(connection_, region, request, &encode_DeleteTable, &decode_DeleteTable);
}

Result<PutItemResult> DynamoDbClient::PutItem(std::string_view region,
                                              const PutItemRequest& request) {
  return call(connection_, region, request, &encode_PutItem, &decode_PutItem);
}

Result<GetItemResult> DynamoDbClient::GetItem(std::string_view region,
                                              const GetItemRequest& request) {
  return call(connection_, region, request, &encode_GetItem, &decode_GetItem);
}

Result<DeleteItemResult> DynamoDbClient::DeleteItem(std::string_view region,
                                                    const DeleteItemRequest& request) {
  return call(connection_, region, request, &encode_DeleteItem, &decode_DeleteItem);
}

Result<QueryResult> DynamoDbClient::Query(std::string_view region, const QueryRequest& request) {
  return call(connection_, region, request, &encode_Query, &decode_Query);
}

Result<DescribeContinuousBackupsResult> DynamoDbClient::DescribeContinuousBackups(
    std::string_view region, const DescribeContinuousBackupsRequest& request) {
  return call(connection_, region, request, &encode_DescribeContinuousBackups,
              &decode_DescribeContinuousBackups);
}

Result<UpdateContinuousBackupsResult> DynamoDbClient::UpdateContinuousBackups(
    std::string_view region, const UpdateContinuousBackupsRequest& request) {
  return call(connection_, region, request, &encode_UpdateContinuousBackups,
              &decode_UpdateContinuousBackups);
}

// ------------------------------------------------------------------ all pages

Result<std::vector<std::string>> DynamoDbApi::ListTablesAll(std::string_view region,
                                                            ListTablesRequest request) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  if (!request.ExclusiveStartTableName.empty()) seen.insert(request.ExclusiveStartTableName);
  for (std::size_t pages = 1;; ++pages) {
    auto page = ListTables(region, request);
    if (!page) return page.error();
    out.insert(out.end(), std::make_move_iterator(page->TableNames.begin()),
               std::make_move_iterator(page->TableNames.end()));
    if (page->LastEvaluatedTableName.empty()) return out;
    if (!seen.insert(page->LastEvaluatedTableName).second) {
      return repeated_token("ListTables", "LastEvaluatedTableName", page->LastEvaluatedTableName,
                            pages);
    }
    request.ExclusiveStartTableName = std::move(page->LastEvaluatedTableName);
  }
}

Result<std::vector<AttributeMap>> DynamoDbApi::QueryAll(std::string_view region,
                                                        QueryRequest request) {
  std::vector<AttributeMap> out;
  std::set<std::string> seen;
  if (!request.ExclusiveStartKey.empty()) seen.insert(key_text(request.ExclusiveStartKey));
  for (std::size_t pages = 1;; ++pages) {
    auto page = Query(region, request);
    if (!page) return page.error();
    out.insert(out.end(), std::make_move_iterator(page->Items.begin()),
               std::make_move_iterator(page->Items.end()));
    if (page->LastEvaluatedKey.empty()) return out;
    std::string text = key_text(page->LastEvaluatedKey);
    if (!seen.insert(text).second) {
      return repeated_token("Query", "LastEvaluatedKey", text, pages);
    }
    request.ExclusiveStartKey = std::move(page->LastEvaluatedKey);
  }
}

}  // namespace drh::aws
