// Amazon DynamoDB (JSON 1.0, API 2012-08-10): tables, global table replicas, streams,
// point-in-time recovery, and the item calls a DR canary needs (put, get, delete, query).
//
// DynamoDbApi has one virtual method per operation (GoogleMock stands in for it: see
// mocks/aws/mock_dynamodb.h); DynamoDbClient implements it over an AwsConnection. Every
// call takes the region it is made in: for a global table, each replica is read and
// written in its own region. Requests and results carry botocore's member names; an
// optional scalar is std::optional, and an empty string, list or map means "not sent" in a
// request and "absent" in a result. Every member has a default initializer, so designated
// initializers may name just the members they set.
//
//   DynamoDbClient ddb(connection);
//   auto put = ddb.PutItem("us-east-1", {.TableName = "orders",
//                                        .Item = {{"pk", AttributeValue::S("canary#1")},
//                                                 {"written", AttributeValue::N(1700000000)}}});
//   auto got = ddb.GetItem("us-west-2", {.TableName = "orders",
//                                        .Key = {{"pk", AttributeValue::S("canary#1")}}});
//   if (got && got->Item) { ... replicated ... }
//
// Paging: ListTablesAll follows LastEvaluatedTableName, QueryAll follows LastEvaluatedKey.
// Waiters follow botocore's dynamodb waiters-2.json (TableExists, TableNotExists); the
// replica waiter, which botocore lacks, is documented below.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "drh/aws/common.h"
#include "drh/aws/waiter.h"
#include "drh/client/connection.h"
#include "drh/core/clock.h"
#include "drh/core/result.h"

namespace drh::aws {

// ------------------------------------------------------------------ attribute values

/// A DynamoDB attribute value: exactly one of S, N, B, BOOL, NULL, M, L, SS, NS, BS.
///
/// Numbers (N, NS) are kept as the decimal text DynamoDB uses on the wire, so no precision
/// is lost (DynamoDB numbers have up to 38 digits). Binary values (B, BS) are raw bytes;
/// the codec base64-encodes them on the wire. M and L nest to any depth. A
/// default-constructed value is NULL.
///
///   AttributeValue::M({{"region", AttributeValue::S("us-east-1")},
///                      {"seq", AttributeValue::N(42)},
///                      {"tags", AttributeValue::SS({"dr", "canary"})}});
class AttributeValue {
 public:
  using Map = std::map<std::string, AttributeValue, std::less<>>;
  using List = std::vector<AttributeValue>;

  /// Which member is set; the names are DynamoDB's data type descriptors.
  enum class Type { kS, kN, kB, kBOOL, kNULL, kM, kL, kSS, kNS, kBS };

  AttributeValue() = default;

  static AttributeValue S(std::string value);
  /// A number given as its decimal text ("42", "-0.5", "1E+3"), sent as is.
  static AttributeValue N(std::string value);
  /// A number from an arithmetic value, written in its shortest exact form.
  template <typename T>
  requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) static AttributeValue N(T value) {
    if constexpr (std::is_integral_v<T>) {
      return N(std::to_string(value));
    } else {
      return N(format_number(static_cast<double>(value)));
    }
  }
  static AttributeValue B(std::string bytes);
  static AttributeValue BOOL(bool value);
  /// The NULL value ("NULL" itself is a C macro).
  static AttributeValue Null();
  static AttributeValue M(Map value);
  static AttributeValue L(List value);
  static AttributeValue SS(std::vector<std::string> values);
  static AttributeValue NS(std::vector<std::string> values);
  static AttributeValue BS(std::vector<std::string> values);

  Type type() const { return static_cast<Type>(value_.index()); }
  /// "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS" or "BS".
  static const char* type_name(Type type);
  const char* type_name() const { return type_name(type()); }

  // Typed access: a pointer to the member when it is the one set, else nullptr.
  const std::string* as_S() const;
  const std::string* as_N() const;
  const std::string* as_B() const;
  const bool* as_BOOL() const;
  bool is_NULL() const { return type() == Type::kNULL; }
  const Map* as_M() const;
  const List* as_L() const;
  const std::vector<std::string>* as_SS() const;
  const std::vector<std::string>* as_NS() const;
  const std::vector<std::string>* as_BS() const;

  /// Same type and same contents (numbers compared as text: "1" != "1.0").
  bool operator==(const AttributeValue& other) const;

  /// Shortest decimal text that reads back as the same double ("0.5", "1e+21").
  static std::string format_number(double value);

 private:
  // Tagged so that S, N and B (and SS, NS, BS) stay distinct alternatives of one variant.
  template <int kTag, typename T>
  struct Tagged {
    T value{};
    bool operator==(const Tagged&) const = default;
  };
  struct NullTag {
    bool operator==(const NullTag&) const = default;
  };
  // M and L hold AttributeValues, which are incomplete here: a box gives them value
  // semantics (deep copy, deep comparison) through a pointer.
  template <typename T>
  class Box {
   public:
    Box() : ptr_(std::make_unique<T>()) {}
    explicit Box(T value) : ptr_(std::make_unique<T>(std::move(value))) {}
    Box(const Box& other) : ptr_(std::make_unique<T>(*other.ptr_)) {}
    Box(Box&&) noexcept = default;
    Box& operator=(const Box& other) {
      if (this != &other) ptr_ = std::make_unique<T>(*other.ptr_);
      return *this;
    }
    Box& operator=(Box&&) noexcept = default;
    ~Box() = default;
    const T& get() const { return *ptr_; }
    bool operator==(const Box& other) const { return *ptr_ == *other.ptr_; }

   private:
    std::unique_ptr<T> ptr_;
  };

  // Alternative order matches Type.
  using Value =
      std::variant<Tagged<0, std::string>, Tagged<1, std::string>, Tagged<2, std::string>, bool,
                   NullTag, Box<Map>, Box<List>, Tagged<7, std::vector<std::string>>,
                   Tagged<8, std::vector<std::string>>, Tagged<9, std::vector<std::string>>>;
  explicit AttributeValue(Value value) : value_(std::move(value)) {}

  Value value_{NullTag{}};
};

/// An item, a key, or a map of expression attribute values: attribute name -> value.
using AttributeMap = AttributeValue::Map;

// ------------------------------------------------------------------ table shapes

struct AttributeDefinition {
  std::string AttributeName{};
  std::string AttributeType{};  ///< S | N | B
  bool operator==(const AttributeDefinition&) const = default;
};

struct KeySchemaElement {
  std::string AttributeName{};
  std::string KeyType{};  ///< HASH | RANGE
  bool operator==(const KeySchemaElement&) const = default;
};

/// Capacity for a PROVISIONED table (CreateTable, UpdateTable).
struct ProvisionedThroughput {
  std::int64_t ReadCapacityUnits = 0;
  std::int64_t WriteCapacityUnits = 0;
};

struct ProvisionedThroughputDescription {
  std::optional<std::int64_t> ReadCapacityUnits{};
  std::optional<std::int64_t> WriteCapacityUnits{};
  std::optional<std::int64_t> NumberOfDecreasesToday{};
};

/// DynamoDB Streams on a table: global tables (2019.11.21) need NEW_AND_OLD_IMAGES.
struct StreamSpecification {
  bool StreamEnabled = false;
  std::string StreamViewType{};  ///< NEW_IMAGE | OLD_IMAGE | NEW_AND_OLD_IMAGES | KEYS_ONLY
};

struct SSESpecification {
  std::optional<bool> Enabled{};
  std::string SSEType{};  ///< AES256 | KMS
  std::string KMSMasterKeyId{};
};

struct SSEDescription {
  std::string Status{};  ///< ENABLING | ENABLED | DISABLING | DISABLED | UPDATING
  std::string SSEType{};
  std::string KMSMasterKeyArn{};
};

struct BillingModeSummary {
  std::string BillingMode{};  ///< PROVISIONED | PAY_PER_REQUEST
  std::optional<TimePoint> LastUpdateToPayPerRequestDateTime{};
};

/// One replica of a global table (version 2019.11.21).
struct ReplicaDescription {
  std::string RegionName{};
  /// CREATING | CREATION_FAILED | UPDATING | DELETING | ACTIVE | REGION_DISABLED |
  /// INACCESSIBLE_ENCRYPTION_CREDENTIALS | ARCHIVING | ARCHIVED | REPLICATION_NOT_AUTHORIZED
  std::string ReplicaStatus{};
  std::string ReplicaStatusDescription{};
  std::string ReplicaStatusPercentProgress{};
  std::string KMSMasterKeyId{};
  std::string ReplicaArn{};
};

struct TableDescription {
  std::string TableName{};
  std::string TableArn{};
  std::string TableId{};
  /// CREATING | UPDATING | DELETING | ACTIVE | INACCESSIBLE_ENCRYPTION_CREDENTIALS |
  /// ARCHIVING | ARCHIVED | REPLICATION_NOT_AUTHORIZED
  std::string TableStatus{};
  std::vector<KeySchemaElement> KeySchema{};
  std::vector<AttributeDefinition> AttributeDefinitions{};
  std::optional<TimePoint> CreationDateTime{};
  std::optional<ProvisionedThroughputDescription> ProvisionedThroughput{};
  std::optional<aws::BillingModeSummary> BillingModeSummary{};
  std::optional<std::int64_t> TableSizeBytes{};
  std::optional<std::int64_t> ItemCount{};
  std::optional<aws::StreamSpecification> StreamSpecification{};
  std::string LatestStreamArn{};
  std::string LatestStreamLabel{};
  /// "2019.11.21" for current global tables, "2017.11.29" for the legacy ones; empty for a
  /// table that is not global.
  std::string GlobalTableVersion{};
  std::vector<ReplicaDescription> Replicas{};
  std::optional<aws::SSEDescription> SSEDescription{};
  std::string TableClass{};  ///< from TableClassSummary.TableClass
  std::optional<bool> DeletionProtectionEnabled{};

  /// The replica in `region`, or nullptr.
  const ReplicaDescription* replica(std::string_view region) const;
};

struct PointInTimeRecoveryDescription {
  std::string PointInTimeRecoveryStatus{};  ///< ENABLED | DISABLED
  std::optional<int> RecoveryPeriodInDays{};
  std::optional<TimePoint> EarliestRestorableDateTime{};
  std::optional<TimePoint> LatestRestorableDateTime{};
};

struct ContinuousBackupsDescription {
  std::string ContinuousBackupsStatus{};  ///< ENABLED | DISABLED
  std::optional<aws::PointInTimeRecoveryDescription> PointInTimeRecoveryDescription{};
};

// ------------------------------------------------------------------ requests and results

struct ListTablesRequest {
  std::string ExclusiveStartTableName{};
  std::optional<int> Limit{};  ///< 1-100
};
struct ListTablesResult {
  std::vector<std::string> TableNames{};
  std::string LastEvaluatedTableName{};  ///< empty on the last page
};

struct DescribeTableRequest {
  std::string TableName{};  ///< name or ARN
};
struct DescribeTableResult {
  TableDescription Table{};
};

struct CreateTableRequest {
  std::string TableName{};
  std::vector<AttributeDefinition> AttributeDefinitions{};
  std::vector<KeySchemaElement> KeySchema{};
  std::string BillingMode{};  ///< PROVISIONED (AWS's default) | PAY_PER_REQUEST
  std::optional<aws::ProvisionedThroughput> ProvisionedThroughput{};
  std::optional<aws::StreamSpecification> StreamSpecification{};
  std::optional<aws::SSESpecification> SSESpecification{};
  std::vector<Tag> Tags{};
  std::string TableClass{};
  std::optional<bool> DeletionProtectionEnabled{};
};
struct CreateTableResult {
  aws::TableDescription TableDescription{};
};

/// ReplicationGroupUpdate.Create: add a replica in RegionName.
struct CreateReplicationGroupMemberAction {
  std::string RegionName{};
  std::string KMSMasterKeyId{};
};
/// ReplicationGroupUpdate.Delete: remove the replica in RegionName.
struct DeleteReplicationGroupMemberAction {
  std::string RegionName{};
};
/// One entry of UpdateTable ReplicaUpdates: exactly one of Create or Delete.
struct ReplicationGroupUpdate {
  std::optional<CreateReplicationGroupMemberAction> Create{};
  std::optional<DeleteReplicationGroupMemberAction> Delete{};

  static ReplicationGroupUpdate add_replica(std::string region, std::string kms_key_id = {});
  static ReplicationGroupUpdate remove_replica(std::string region);
};

struct UpdateTableRequest {
  std::string TableName{};
  std::vector<AttributeDefinition> AttributeDefinitions{};
  std::string BillingMode{};
  std::optional<aws::ProvisionedThroughput> ProvisionedThroughput{};
  std::optional<aws::StreamSpecification> StreamSpecification{};
  std::optional<aws::SSESpecification> SSESpecification{};
  std::vector<ReplicationGroupUpdate> ReplicaUpdates{};
  std::string TableClass{};
  std::optional<bool> DeletionProtectionEnabled{};
};
struct UpdateTableResult {
  aws::TableDescription TableDescription{};
};

struct DeleteTableRequest {
  std::string TableName{};
};
struct DeleteTableResult {
  aws::TableDescription TableDescription{};
};

struct PutItemRequest {
  std::string TableName{};
  AttributeMap Item{};
  /// e.g. "attribute_not_exists(pk)"; a failed condition is the error
  /// ConditionalCheckFailedException.
  std::string ConditionExpression{};
  std::map<std::string, std::string> ExpressionAttributeNames{};  ///< "#n" -> name
  AttributeMap ExpressionAttributeValues{};                       ///< ":v" -> value
  std::string ReturnValues{};                                     ///< NONE | ALL_OLD
};
struct PutItemResult {
  AttributeMap Attributes{};  ///< the old item, with ReturnValues ALL_OLD
};

struct GetItemRequest {
  std::string TableName{};
  AttributeMap Key{};
  std::optional<bool> ConsistentRead{};
  std::string ProjectionExpression{};
  std::map<std::string, std::string> ExpressionAttributeNames{};
};
struct GetItemResult {
  std::optional<AttributeMap> Item{};  ///< absent when no item has that key
};

struct DeleteItemRequest {
  std::string TableName{};
  AttributeMap Key{};
  std::string ConditionExpression{};
  std::map<std::string, std::string> ExpressionAttributeNames{};
  AttributeMap ExpressionAttributeValues{};
  std::string ReturnValues{};  ///< NONE | ALL_OLD
};
struct DeleteItemResult {
  AttributeMap Attributes{};
};

struct QueryRequest {
  std::string TableName{};
  std::string IndexName{};
  std::string KeyConditionExpression{};  ///< e.g. "pk = :pk AND sk > :after"
  std::string FilterExpression{};
  std::string ProjectionExpression{};
  std::map<std::string, std::string> ExpressionAttributeNames{};
  AttributeMap ExpressionAttributeValues{};
  std::string Select{};
  std::optional<int> Limit{};
  std::optional<bool> ConsistentRead{};
  std::optional<bool> ScanIndexForward{};
  AttributeMap ExclusiveStartKey{};
};
struct QueryResult {
  std::vector<AttributeMap> Items{};
  int Count = 0;
  int ScannedCount = 0;
  AttributeMap LastEvaluatedKey{};  ///< empty on the last page
};

struct DescribeContinuousBackupsRequest {
  std::string TableName{};
};
struct DescribeContinuousBackupsResult {
  aws::ContinuousBackupsDescription ContinuousBackupsDescription{};
};

struct PointInTimeRecoverySpecification {
  bool PointInTimeRecoveryEnabled = false;
  std::optional<int> RecoveryPeriodInDays{};  ///< 1-35
};
struct UpdateContinuousBackupsRequest {
  std::string TableName{};
  aws::PointInTimeRecoverySpecification PointInTimeRecoverySpecification{};
};
struct UpdateContinuousBackupsResult {
  aws::ContinuousBackupsDescription ContinuousBackupsDescription{};
};

// ------------------------------------------------------------------ the API

/// The DynamoDB operations drharness calls. Errors are kAws with DynamoDB's codes:
/// ResourceNotFoundException (no such table), TableNotFoundException (the continuous
/// backups calls), ResourceInUseException, ConditionalCheckFailedException,
/// ValidationException, AccessDeniedException; throttling
/// (ProvisionedThroughputExceededException, ThrottlingException) is retried by the
/// connection. Requests missing a required member fail with kInvalidInput before anything
/// is sent.
class DynamoDbApi {
 public:
  virtual ~DynamoDbApi() = default;

  virtual Result<ListTablesResult> ListTables(std::string_view region,
                                              const ListTablesRequest& request) = 0;
  virtual Result<DescribeTableResult> DescribeTable(std::string_view region,
                                                    const DescribeTableRequest& request) = 0;
  virtual Result<CreateTableResult> CreateTable(std::string_view region,
                                                const CreateTableRequest& request) = 0;
  virtual Result<UpdateTableResult> UpdateTable(std::string_view region,
                                                const UpdateTableRequest& request) = 0;
  virtual Result<DeleteTableResult> DeleteTable(std::string_view region,
                                                const DeleteTableRequest& request) = 0;
  virtual Result<PutItemResult> PutItem(std::string_view region, const PutItemRequest& request) = 0;
  virtual Result<GetItemResult> GetItem(std::string_view region, const GetItemRequest& request) = 0;
  virtual Result<DeleteItemResult> DeleteItem(std::string_view region,
                                              const DeleteItemRequest& request) = 0;
  virtual Result<QueryResult> Query(std::string_view region, const QueryRequest& request) = 0;
  virtual Result<DescribeContinuousBackupsResult> DescribeContinuousBackups(
      std::string_view region, const DescribeContinuousBackupsRequest& request) = 0;
  virtual Result<UpdateContinuousBackupsResult> UpdateContinuousBackups(
      std::string_view region, const UpdateContinuousBackupsRequest& request) = 0;

  // All pages: call the single-page method from the request's start token (usually
  // empty) until a page comes back without one, and concatenate the items. A service that
  // hands back a token it already gave is a kDecode "RepeatedPageToken" error naming the
  // token (never an endless loop); any page's error is returned as is.

  /// Follows LastEvaluatedTableName -> ExclusiveStartTableName.
  Result<std::vector<std::string>> ListTablesAll(std::string_view region,
                                                 ListTablesRequest request = {});
  /// Follows LastEvaluatedKey -> ExclusiveStartKey; Limit caps each page, not the total.
  Result<std::vector<AttributeMap>> QueryAll(std::string_view region, QueryRequest request);
};

class DynamoDbClient final : public DynamoDbApi {
 public:
  explicit DynamoDbClient(AwsConnection& connection) : connection_(connection) {}

  Result<ListTablesResult> ListTables(std::string_view region,
                                      const ListTablesRequest& request) override;
  Result<DescribeTableResult> DescribeTable(std::string_view region,
                                            const DescribeTableRequest& request) override;
  Result<CreateTableResult> CreateTable(std::string_view region,
                                        const CreateTableRequest& request) override;
  Result<UpdateTableResult> UpdateTable(std::string_view region,
                                        const UpdateTableRequest& request) override;
  Result<DeleteTableResult> DeleteTable(std::string_view region,
                                        const DeleteTableRequest& request) override;
  Result<PutItemResult> PutItem(std::string_view region, const PutItemRequest& request) override;
  Result<GetItemResult> GetItem(std::string_view region, const GetItemRequest& request) override;
  Result<DeleteItemResult> DeleteItem(std::string_view region,
                                      const DeleteItemRequest& request) override;
  Result<QueryResult> Query(std::string_view region, const QueryRequest& request) override;
  Result<DescribeContinuousBackupsResult> DescribeContinuousBackups(
      std::string_view region, const DescribeContinuousBackupsRequest& request) override;
  Result<UpdateContinuousBackupsResult> UpdateContinuousBackups(
      std::string_view region, const UpdateContinuousBackupsRequest& request) override;

 private:
  AwsConnection& connection_;
};

// ------------------------------------------------------------------ waiters

/// botocore's dynamodb table waiters poll every 20 s, 25 times.
inline constexpr WaitOptions kDynamoDbWaitDefaults{std::chrono::seconds(20),
                                                   std::chrono::seconds(20 * 25)};

/// botocore TableExists: done when Table.TableStatus is ACTIVE; ResourceNotFoundException
/// means "not yet" (the table may still be appearing). Any other error stops the wait.
Status WaitUntilTableExists(DynamoDbApi& api, Clock& clock, std::string_view region,
                            std::string_view table_name,
                            WaitOptions options = kDynamoDbWaitDefaults);

/// botocore TableNotExists: done on ResourceNotFoundException; any status means "not yet".
Status WaitUntilTableNotExists(DynamoDbApi& api, Clock& clock, std::string_view region,
                               std::string_view table_name,
                               WaitOptions options = kDynamoDbWaitDefaults);

/// No botocore waiter: every replica of a global table ready. Polls DescribeTable in
/// `region` and is done when each of `replica_regions` has a replica whose ReplicaStatus is
/// ACTIVE (with `replica_regions` empty: the table lists at least one replica and all are
/// ACTIVE). A listed region without a replica yet is "not yet" (DescribeTable may lag
/// UpdateTable); CREATION_FAILED, REGION_DISABLED or REPLICATION_NOT_AUTHORIZED on a
/// wanted replica fails the wait. The observation lists every replica's status.
Status WaitUntilReplicasActive(DynamoDbApi& api, Clock& clock, std::string_view region,
                               std::string_view table_name,
                               const std::vector<std::string>& replica_regions,
                               WaitOptions options = kDynamoDbWaitDefaults);

}  // namespace drh::aws
