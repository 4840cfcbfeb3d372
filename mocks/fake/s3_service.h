// Internal to the fake: S3 (rest-xml, API 2006-03-01).
//
// Buckets live in one global namespace, each in the region it was created in; a request
// for a bucket sent to another region is answered 301 PermanentRedirect with
// x-amz-bucket-region, which SDKs follow. Buckets are addressed path-style (/bucket/key)
// or virtual-hosted (bucket.s3.<region>.amazonaws.com, bucket.s3.amazonaws.com,
// bucket.localhost). Objects keep every version newest first; bodies are raw bytes.
// Replication configurations are kept as the element tree that was put, so they are
// returned member for member.
//
// Replication (s3_replication.cc): a PutObject or a DeleteObject that adds a delete marker
// in a bucket with a replication configuration picks, per destination bucket, the highest
// Priority Enabled rule whose filter matches; the source version turns PENDING and one
// operation per destination is queued on the (source, destination) link, due after the
// rule's latency (RTC or not). The link delivers in order while the fault book allows the
// pair: the copy lands with the same version id as REPLICA and the source turns COMPLETED
// once every destination has it, FAILED if any could not (destination bucket missing or
// unversioned, or unreachable for longer than the retry window). Rules with Metrics
// enabled publish AWS/S3 replication metrics every minute in the source bucket's region.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "drh/core/virtual_clock.h"
#include "s3_route53_tree.h"
#include "service.h"

namespace drh::fake {

/// Replication with S3 Replication Time Control: mean delay before a copy lands. AWS ("Meeting
/// compliance requirements using S3 Replication Time Control"): RTC replicates most objects in
/// seconds, and 99.99 percent within 15 minutes.
inline constexpr std::chrono::seconds kS3RtcReplicationLatency{5};
inline constexpr std::chrono::seconds kS3RtcReplicationJitter{4};
/// Replication without RTC: AWS ("Replicating objects within and across Regions"): most
/// objects replicate within 15 minutes, some can take a couple of hours. The fake lands them
/// in 1 to 9 minutes.
inline constexpr std::chrono::minutes kS3ReplicationLatency{5};
inline constexpr std::chrono::minutes kS3ReplicationJitter{4};
/// A blocked link (outage, partition, replication pause) looks again this often.
inline constexpr std::chrono::seconds kS3ReplicationRetryInterval{10};
/// How long an operation stays PENDING while its destination region is unreachable (outage
/// or partition) before it is FAILED. AWS keeps temporary failures PENDING and documents no
/// bound; the fake's choice. A replication pause fault only delays (never fails).
inline constexpr std::chrono::hours kS3ReplicationRetryWindow{24};
/// S3 replication metrics are per minute ("Monitoring progress with replication metrics").
inline constexpr std::chrono::seconds kS3ReplicationMetricsPeriod{60};

namespace s3 {

inline constexpr std::string_view kXmlns = "http://s3.amazonaws.com/doc/2006-03-01/";

struct Version {
  std::string version_id;  ///< "null" for objects written while versioning was off/suspended
  bool delete_marker = false;
  std::string body;
  std::string etag;  ///< quoted MD5 hex, as S3 sends it
  TimePoint last_modified{};
  std::string content_type;
  std::string cache_control;
  std::string content_disposition;
  std::string content_encoding;
  std::string content_language;
  std::string expires;
  std::string website_redirect;
  std::map<std::string, std::string> metadata;  ///< x-amz-meta-* without the prefix, lower case
  std::map<std::string, std::string> tags;
  std::string storage_class;  ///< "" for STANDARD
  std::string sse;            ///< AES256 | aws:kms | aws:kms:dsse
  std::string kms_key_id;
  bool bucket_key = false;
  std::string checksum_algorithm;  ///< CRC32, CRC32C, SHA256, ... as sent with the PUT
  std::string checksum;            ///< its base64 value
  /// x-amz-replication-status: PENDING | COMPLETED | FAILED | REPLICA, "" when no rule
  /// applies. Driven by the replication dynamics.
  std::string replication_status;
};

struct Object {
  std::vector<Version> versions;  ///< newest first
};

/// One version on its way to one destination bucket.
struct ReplicationOp {
  std::string key;
  std::string version_id;
  std::string rule_id;
  bool delete_marker = false;
  bool metrics = false;        ///< the rule publishes replication metrics
  std::string storage_class;  ///< the rule's Destination StorageClass ("" keeps the source's)
  std::uint64_t bytes = 0;
  TimePoint written{};  ///< when the source version was written
  TimePoint due{};      ///< when it lands, unless the link is blocked then
};

/// One (source bucket, destination bucket) pair: operations in the order they were queued.
struct ReplicationLink {
  std::deque<ReplicationOp> queue;
  VirtualClock::TaskId task = 0;
};
using LinkKey = std::pair<std::string, std::string>;  ///< (source bucket, destination bucket)

/// A version replicating to several destinations: PENDING until all are done.
struct VersionFate {
  int outstanding = 0;
  bool failed = false;
};
using VersionKey = std::tuple<std::string, std::string, std::string>;  ///< bucket, key, version

/// Per (source bucket, destination bucket, rule) since the last metrics minute.
struct RuleWindow {
  double max_latency_s = 0;
  int failed = 0;
};

struct Bucket {
  std::string name;
  std::string region;
  std::string location_constraint;  ///< as created ("" for us-east-1, "EU" kept as is)
  TimePoint created{};
  std::string versioning;  ///< "" (never enabled), Enabled, Suspended
  std::string mfa_delete;  ///< "", Enabled, Disabled
  bool object_lock = false;
  std::optional<tree::Node> replication;  ///< <ReplicationConfiguration> as put
  std::optional<tree::Node> encryption;  ///< <ServerSideEncryptionConfiguration>; SSE-S3 when unset
  std::map<std::string, Object> objects;
};

/// One call, addressed: bucket and key (decoded), query, and what an error answer adds.
struct Ctx {
  Call& call;
  std::string bucket;
  std::string key;
  bool has_key = false;
  std::vector<std::pair<std::string, std::string>> query;
  /// Extra headers and <Error> members for the error answer, set before throwing.
  std::vector<std::pair<std::string, std::string>> error_headers;
  std::vector<std::pair<std::string, std::string>> error_elements;

  std::optional<std::string> q(std::string_view name) const;
  bool has(std::string_view name) const { return q(name).has_value(); }
  std::optional<std::string> header(std::string_view name) const;
};

// Schemas of the request documents (s3_schema.cc).
extern const tree::Schema kCreateBucketConfiguration;
extern const tree::Schema kVersioningConfiguration;
extern const tree::Schema kReplicationConfiguration;
extern const tree::Schema kServerSideEncryptionConfiguration;
extern const tree::Schema kDelete;

// Byte-level helpers (s3_codec.cc).
std::uint32_t crc32(std::string_view data);
std::uint32_t crc32c(std::string_view data);
/// Lower-case hex MD5 of `data`.
std::string md5_hex(std::string_view data);
/// The bytes of an aws-chunked body (chunk signatures and trailers dropped); nullopt when
/// it is not well-formed.
std::optional<std::string> decode_aws_chunked(
    std::string_view body, std::vector<std::pair<std::string, std::string>>* trailers);
/// The bucket named by a virtual-hosted Host ("" for path-style hosts).
std::string bucket_from_host(std::string_view host);
/// AWS's bucket naming rules for general purpose buckets.
bool valid_bucket_name(std::string_view name);
/// The subresource query parameter that selects the operation ("versioning", "uploads",
/// ...; "" for none).
std::string_view subresource(const Ctx& c);
/// Base64 value of the flexible checksum `algorithm` (CRC32, CRC32C, SHA256) over
/// `data`; nullopt for algorithms the fake does not compute.
std::optional<std::string> checksum_of(std::string_view algorithm, std::string_view data);
/// S3 answers "The specified method is not allowed" for operations it does not know;
/// the fake names the operation AWS would run, for a clear 501.
std::string operation_name(std::string_view method, const Ctx& c);

}  // namespace s3

class S3Service final : public Service {
 public:
  explicit S3Service(FakeCloud::Core& core) : core_(core) {}
  ~S3Service() override;

  std::string_view id() const override { return "s3"; }
  Protocol protocol() const override { return Protocol::kRestXml; }
  HttpResponse handle(Call& call) override;
  void save(nlohmann::json& out) const override;
  void load(const nlohmann::json& in) override;
  void reset() override;

  /// The bucket, for the dynamics and other services (nullptr when none).
  s3::Bucket* find_bucket(std::string_view name);
  /// The canonical user id of the account (ListBuckets and listing Owner).
  std::string owner_id() const;

  // Replication model (s3_replication.cc). Call with the world lock held.
  /// Delay before a copy lands: mean +/- spread, for RTC rules or the others.
  void set_replication_latency(bool rtc, Duration mean, Duration spread);
  void set_replication_retry_interval(Duration interval);
  void set_replication_retry_window(Duration window);
  /// Operations queued from `source` (to `destination`, or to any when empty).
  std::size_t pending_replication(std::string_view source,
                                  std::string_view destination = {}) const;

 private:
  using Ctx = s3::Ctx;

  HttpResponse dispatch(Ctx& c);
  s3::Bucket& bucket_or_throw(Ctx& c, bool any_region = false);
  /// <root xmlns=kXmlns>...</root>
  HttpResponse xml_reply(Ctx& c, std::string_view root,
                         const std::function<void(xml::XmlWriter&)>& body, int status = 200);
  /// Parses the body as `root` per `schema`; 400 MalformedXML on anything else.
  tree::Node parse_body(Ctx& c, const char* root, const tree::Schema& schema);
  /// Content-MD5 (checked when present) or a flexible checksum header, required.
  void require_integrity_header(Ctx& c);
  void check_content_md5(Ctx& c, std::string_view body);
  std::string new_version_id();

  // buckets (s3_buckets.cc)
  HttpResponse create_bucket(Ctx& c);
  HttpResponse delete_bucket(Ctx& c);
  HttpResponse head_bucket(Ctx& c);
  HttpResponse get_bucket_location(Ctx& c);
  HttpResponse put_bucket_versioning(Ctx& c);
  HttpResponse get_bucket_versioning(Ctx& c);
  HttpResponse put_bucket_replication(Ctx& c);
  HttpResponse get_bucket_replication(Ctx& c);
  HttpResponse delete_bucket_replication(Ctx& c);
  HttpResponse put_bucket_encryption(Ctx& c);
  HttpResponse get_bucket_encryption(Ctx& c);
  HttpResponse delete_bucket_encryption(Ctx& c);
  // listings (s3_listing.cc)
  HttpResponse list_buckets(Ctx& c);
  HttpResponse list_objects(Ctx& c, bool v2);
  HttpResponse list_object_versions(Ctx& c);
  // objects (s3_objects.cc)
  HttpResponse put_object(Ctx& c);
  HttpResponse get_object(Ctx& c, bool head);
  HttpResponse delete_object(Ctx& c);
  HttpResponse delete_objects(Ctx& c);
  struct Deleted {
    bool delete_marker = false;
    std::string version_id;  ///< of the version removed or the marker added ("" when none)
  };
  Deleted remove_object(s3::Bucket& b, const std::string& key,
                        const std::optional<std::string>& version_id, Ctx& c);

  // replication (s3_replication.cc)
  /// Called after `version` became the newest version of `key` in `b` (a put or a delete
  /// marker): queues it to each destination a rule selects and marks it PENDING.
  void replicate_new_version(s3::Bucket& b, const std::string& key, s3::Version& version);
  void arm(const s3::LinkKey& link, TimePoint when);
  void pump(const s3::LinkKey& link);
  /// One operation is over (landed or failed): settles the source version's status.
  void settle(const std::string& bucket, const s3::ReplicationOp& op, bool failed);
  /// Starts the per-minute metrics task when a configuration asks for metrics.
  void ensure_metrics_task();
  void publish_metrics();
  void cancel_replication();
  void save_replication(nlohmann::json& out) const;
  void load_replication(const nlohmann::json& in);

  FakeCloud::Core& core_;
  std::map<std::string, s3::Bucket, std::less<>> buckets_;
  std::map<s3::LinkKey, s3::ReplicationLink> links_;
  std::map<s3::VersionKey, s3::VersionFate> fates_;
  std::map<std::tuple<std::string, std::string, std::string>, s3::RuleWindow> windows_;
  VirtualClock::TaskId metrics_task_ = 0;
  Duration rtc_latency_ = kS3RtcReplicationLatency;
  Duration rtc_jitter_ = kS3RtcReplicationJitter;
  Duration latency_ = kS3ReplicationLatency;
  Duration jitter_ = kS3ReplicationJitter;
  Duration retry_interval_ = kS3ReplicationRetryInterval;
  Duration retry_window_ = kS3ReplicationRetryWindow;
};

}  // namespace drh::fake
