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
// Replication (dynamodb_replication.cc): every committed write of a global table goes through
// one seam, committed_write(), which stamps it (time, commit sequence) and queues it to every
// other replica. Each (table, sending region, receiving region) link delivers its queue in
// order after a latency drawn from kReplicationLatency +/- kReplicationLatencyJitter, while
// the fault book allows the pair; the receiving replica keeps the write only when its stamp
// is newer than the one it holds for that key (last writer wins), and the sending region
// records AWS/DynamoDB ReplicationLatency. The write listener (none by default) still sees
// every committed write.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
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
/// Global tables: mean time for a write to reach another replica. AWS ("How DynamoDB global
/// tables work", consistency section): changes are typically replicated within one second.
inline constexpr std::chrono::milliseconds kReplicationLatency{500};
/// Spread around kReplicationLatency (uniform): writes land 100-900 ms after they commit.
inline constexpr std::chrono::milliseconds kReplicationLatencyJitter{400};
/// While the fault book forbids a link (outage, partition, replication pause), or its
/// receiving replica is not ACTIVE yet, the link retries this often; its queue backs up.
inline constexpr std::chrono::seconds kReplicationRetryInterval{1};

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

/// When a write was committed: the order last-writer-wins reconciles by. `seq` is the fake's
/// global commit sequence, so of two writes at the same virtual instant (in two regions)
/// the one committed later wins.
struct WriteStamp {
  TimePoint at{};
  std::uint64_t seq = 0;
  auto operator<=>(const WriteStamp&) const = default;
};

/// A write on its way from one replica to another.
struct PendingWrite {
  json key;                   ///< the item's primary key attributes
  std::optional<json> item;  ///< the new item; nullopt for a delete
  WriteStamp stamp;
  TimePoint due{};  ///< when it lands, unless the link is blocked then
};

/// One direction of replication of one table: what is queued, in commit order.
struct ReplicationLink {
  std::string target_id;  ///< TableId of the receiving replica the writes are meant for
  std::deque<PendingWrite> queue;
  VirtualClock::TaskId task = 0;
};

/// (table, sending region, receiving region)
using LinkKey = std::tuple<std::string, std::string, std::string>;

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
  /// Global tables only: the stamp of the latest write this replica applied per key,
  /// deletes included (a tombstone keeps an older concurrent put from reviving the item).
  std::map<ItemKey, WriteStamp> stamps;

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

  // Replication model (dynamodb_replication.cc). Call with the world lock held.
  /// Latency of a replicated write: mean +/- spread (uniform, from the clock's generator).
  void set_replication_latency(Duration mean, Duration spread);
  /// How often a blocked link retries.
  void set_replication_retry_interval(Duration interval);
  /// Writes queued from `from` to `to` for `table`, not applied yet.
  std::size_t pending_replication(std::string_view table, std::string_view from,
                                  std::string_view to) const;

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

  // Replication (dynamodb_replication.cc).
  void replicate(const std::string& region, ddb::Table& t, const ddb::ItemKey& key,
                 const json* item);
  void enqueue(const ddb::LinkKey& link, const std::string& target_id, ddb::PendingWrite w);
  void arm(const ddb::LinkKey& link, TimePoint when);
  void pump(const ddb::LinkKey& link);
  /// Applies `w` to `target` when it is newer than what the replica holds; true if applied.
  bool land(ddb::Table& target, const ddb::PendingWrite& w);
  /// A new replica turned ACTIVE with `seed`'s items: writes still travelling to the seed
  /// region from the other replicas travel to the new one as well.
  void seed_links(const std::string& table, const std::string& seed, const std::string& fresh);
  void cancel_replication();
  void save_replication(json& out) const;
  void load_replication(const json& in);

  FakeCloud::Core& core_;
  std::map<std::string, Tables, std::less<>> regions_;
  WriteListener listener_;
  std::map<ddb::LinkKey, ddb::ReplicationLink> links_;
  std::uint64_t write_seq_ = 0;
  Duration replication_latency_ = kReplicationLatency;
  Duration replication_jitter_ = kReplicationLatencyJitter;
  Duration replication_retry_ = kReplicationRetryInterval;
};

}  // namespace drh::fake
