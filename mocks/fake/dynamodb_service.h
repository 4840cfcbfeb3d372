// Internal to the fake: DynamoDB (JSON 1.0, API 2012-08-10).
//
// State: per region, tables by name, each with its items in primary-key order (the order
// Query returns them). Tables change status over virtual time through tasks on the core
// clock: CREATING -> ACTIVE after kTableCreationDelay, UPDATING -> ACTIVE after
// kTableUpdateDelay, DELETING -> gone after kTableDeletionDelay. Global tables (version
// 2019.11.21) are sets of same-named tables in several regions that list each other as
// replicas; adding one (UpdateTable ReplicaUpdates Create) creates the table in the other
// region, CREATING until kReplicaCreationDelay has passed, when it receives a copy of the
// source's items.
//
// Replication of later writes belongs to the dynamics: every committed write goes through
// one seam, committed_write(), which hands it to the write listener (none by default), and
// apply_replicated_write() lands a write in a replica without conditions.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drh/core/virtual_clock.h"
#include "dynamodb_expressions.h"
#include "dynamodb_values.h"
#include "service.h"

namespace drh::fake {

/// How long a new table stays CREATING (AWS: seconds to a minute; the botocore
/// TableExists waiter polls every 20 s, so it sees ACTIVE on its second poll).
inline constexpr std::chrono::seconds kTableCreationDelay{10};
/// How long UpdateTable keeps a table UPDATING (throughput, billing, streams, indexes).
inline constexpr std::chrono::seconds kTableUpdateDelay{5};
/// How long a deleted table stays visible as DELETING.
inline constexpr std::chrono::seconds kTableDeletionDelay{5};
/// How long a new replica stays CREATING (its source table UPDATING) before it is ACTIVE
/// with a copy of the source's items.
inline constexpr std::chrono::seconds kReplicaCreationDelay{60};
/// How long a removed replica stays DELETING.
inline constexpr std::chrono::seconds kReplicaDeletionDelay{30};
/// Point-in-time recovery: LatestRestorableDateTime trails the current time by this much.
inline constexpr std::chrono::minutes kPitrRestoreLag{5};

namespace ddb {

inline constexpr std::string_view kGlobalTableVersion = "2019.11.21";

struct KeySchema {
  std::string hash;
  std::string range;  ///< empty: no sort key
};

struct SecondaryIndex {
  std::string name;
  bool global = true;  ///< GSI, else LSI
  KeySchema keys;
  std::string projection_type = "ALL";  ///< ALL | KEYS_ONLY | INCLUDE
  std::vector<std::string> non_key_attributes;
  std::int64_t rcu = 0;  ///< GSIs of PROVISIONED tables
  std::int64_t wcu = 0;
  std::string status = "ACTIVE";  ///< CREATING while its table or its UpdateTable is pending
};

/// What a table's pending task does when it falls due.
enum class Transition {
  kNone,
  kActivate,  ///< CREATING/UPDATING -> ACTIVE (indexes and replica status too)
  kRemove,    ///< DELETING -> gone
};

struct Table {
  std::string name;
  std::string id;  ///< TableId (a UUID); tells a re-created table from its predecessor
  std::string arn;
  std::string status = "CREATING";
  TimePoint created{};
  std::vector<std::pair<std::string, std::string>> attribute_definitions;  ///< name, S|N|B
  KeySchema keys;
  std::vector<SecondaryIndex> indexes;
  std::string billing_mode = "PROVISIONED";
  std::optional<TimePoint> last_update_to_pay_per_request;
  bool billing_mode_reported = false;  ///< BillingModeSummary appears once a mode was chosen
  std::int64_t rcu = 0;
  std::int64_t wcu = 0;
  bool stream_enabled = false;
  std::string stream_view_type;
  std::string stream_label;  ///< of the latest stream (kept after it is disabled)
  bool sse_enabled = false;
  std::string sse_type;  ///< KMS
  std::string kms_key_arn;
  std::string table_class;  ///< reported only when set
  bool deletion_protection = false;
  std::vector<std::pair<std::string, std::string>> tags;
  bool pitr_enabled = false;
  int pitr_days = 35;
  TimePoint pitr_enabled_at{};
  bool ttl_enabled = false;
  std::string ttl_attribute;

  /// Global table membership: the other regions that hold a replica, and this table's
  /// own status as a replica (CREATING, ACTIVE, DELETING; empty when not global).
  std::set<std::string> peers;
  std::string replica_status;
  std::string replica_kms_key;
  /// A replica being created copies its items from this region when it turns ACTIVE.
  std::string seed_region;

  Transition transition = Transition::kNone;
  TimePoint due{};
  VirtualClock::TaskId task = 0;

  std::map<ItemKey, json> items;
  std::size_t size_bytes = 0;  ///< sum of item_size over items

  bool global() const { return !replica_status.empty(); }
};

/// One committed write, as the replication seam sees it.
struct CommittedWrite {
  std::string region;
  std::string table;
  json key;                   ///< the item's primary key attributes
  std::optional<json> item;  ///< the new item; nullopt for a delete
  TimePoint at{};
};

}  // namespace ddb

class DynamoDbService final : public Service {
 public:
  explicit DynamoDbService(FakeCloud::Core& core) : core_(core) {}
  ~DynamoDbService() override;

  std::string_view id() const override { return "dynamodb"; }
  Protocol protocol() const override { return Protocol::kJson; }
  HttpResponse handle(Call& call) override;
  void save(nlohmann::json& out) const override;
  void load(const nlohmann::json& in) override;
  void reset() override;

  /// The table `name` in `region`, or nullptr (for the dynamics and the harness).
  ddb::Table* find_table(std::string_view region, std::string_view name);

  /// Called with every committed item write (PutItem, UpdateItem, DeleteItem) with the
  /// world lock held. The replication dynamics hook in here; none by default.
  using WriteListener = std::function<void(const ddb::CommittedWrite&)>;
  void set_write_listener(WriteListener listener) { listener_ = std::move(listener); }

  /// Lands a write in `region`'s copy of `table` unconditionally, without notifying the
  /// listener (a replicated write must not replicate again). False when the table is not
  /// there or not ACTIVE/UPDATING.
  bool apply_replicated_write(std::string_view region, std::string_view table,
                              const nlohmann::json& key, const std::optional<nlohmann::json>& item);

 private:
  using json = nlohmann::json;
  using Tables = std::map<std::string, ddb::Table, std::less<>>;

  // dynamodb_service.cc: tables
  HttpResponse list_tables(Call& call, const json& body);
  HttpResponse describe_table(Call& call, const json& body);
  HttpResponse create_table(Call& call, const json& body);
  HttpResponse update_table(Call& call, const json& body);
  HttpResponse delete_table(Call& call, const json& body);
  HttpResponse describe_continuous_backups(Call& call, const json& body);
  HttpResponse update_continuous_backups(Call& call, const json& body);
  HttpResponse describe_time_to_live(Call& call, const json& body);
  HttpResponse update_time_to_live(Call& call, const json& body);
  HttpResponse tag_resource(Call& call, const json& body);
  HttpResponse untag_resource(Call& call, const json& body);
  HttpResponse list_tags_of_resource(Call& call, const json& body);

  // dynamodb_items.cc: items
  HttpResponse put_item(Call& call, const json& body);
  HttpResponse get_item(Call& call, const json& body);
  HttpResponse delete_item(Call& call, const json& body);
  HttpResponse update_item(Call& call, const json& body);
  HttpResponse query(Call& call, const json& body);
  HttpResponse scan(Call& call, const json& body);

  /// The table named by TableName (a name or an ARN) in the call's region:
  /// ResourceNotFoundException "Requested resource not found: Table: x not found" unless
  /// it exists.
  ddb::Table& table_or_throw(const Call& call, const json& body);
  /// For item operations: the table must exist and be ACTIVE or UPDATING
  /// (ResourceNotFoundException "Requested resource not found" otherwise, as AWS answers
  /// for tables still being created or already being deleted).
  ddb::Table& writable_table(const Call& call, const json& body);
  /// The table an ARN names (TagResource and friends), or ResourceNotFoundException.
  ddb::Table& table_by_arn(const Call& call, std::string_view arn);

  json describe(const ddb::Table& t, std::string_view region) const;
  void schedule(std::string_view region, ddb::Table& t, ddb::Transition what,
                std::chrono::seconds delay);
  void reschedule(std::string_view region, ddb::Table& t);
  void fire(const std::string& region, const std::string& name, const std::string& id);
  void remove_table(const std::string& region, const std::string& name);
  void add_replica(Call& call, ddb::Table& source, const json& create);
  void remove_replica(Call& call, ddb::Table& source, const json& del);
  void cancel_tasks();

  // Items.
  ddb::ItemKey key_of_item(const ddb::Table& t, const json& item, bool key_only) const;
  void store(const Call& call, ddb::Table& t, const ddb::ItemKey& key, json item);
  void erase(const Call& call, ddb::Table& t, std::map<ddb::ItemKey, json>::iterator it);
  void committed_write(const Call& call, const ddb::Table& t, const ddb::ItemKey& key,
                       const json* item);

  FakeCloud::Core& core_;
  std::map<std::string, Tables, std::less<>> regions_;
  WriteListener listener_;
};

}  // namespace drh::fake
