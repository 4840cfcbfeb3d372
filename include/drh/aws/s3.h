// Amazon S3 (rest-xml, API 2006-03-01): buckets, versioning, cross-region replication,
// default encryption and objects.
//
// Every call takes the region it is made in: a bucket's own region (S3 answers a request
// sent to another region with a 301). The connection addresses buckets virtual-hosted on
// AWS and path-style on emulators. Members carry botocore's names; optional scalars are
// std::optional, and an empty string, vector or map means "not sent" in a request and
// "absent" in a result. Every member has a default initializer, so designated
// initializers may name just the members they set. Object bodies are raw bytes in
// std::string, binary-safe.
//
//   S3Client s3(connection);
//   auto put = s3.PutObject("us-east-1", {.Bucket = "orders-primary", .Key = "canary/1",
//                                         .Body = payload});
//   auto head = s3.HeadObject("us-west-2", {.Bucket = "orders-replica", .Key = "canary/1"});
//   if (head && head->ReplicationStatus == "REPLICA") { ... }
#pragma once

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

// ------------------------------------------------------------------ buckets

struct Owner {
  std::string DisplayName{};
  std::string ID{};
};

struct Bucket {
  std::string Name{};
  std::optional<TimePoint> CreationDate{};
  std::string BucketRegion{};
};

struct ListBucketsRequest {
  std::optional<int> MaxBuckets{};
  std::string ContinuationToken{};
  std::string Prefix{};
  std::string BucketRegion{};
};
struct ListBucketsResult {
  std::vector<Bucket> Buckets{};
  std::optional<aws::Owner> Owner{};
  std::string ContinuationToken{};  ///< the next page's token ("" on the last page)
  std::string Prefix{};
};

struct CreateBucketConfiguration {
  std::string LocationConstraint{};
};

struct CreateBucketRequest {
  std::string ACL{};
  std::string Bucket{};
  /// When absent the client sends the call's region as LocationConstraint, except for
  /// us-east-1, where S3 wants no configuration at all.
  std::optional<aws::CreateBucketConfiguration> CreateBucketConfiguration{};
  std::optional<bool> ObjectLockEnabledForBucket{};
  std::string ObjectOwnership{};  ///< BucketOwnerEnforced | BucketOwnerPreferred | ObjectWriter
};
struct CreateBucketResult {
  std::string Location{};  ///< Location header ("/bucket" or the bucket's URL)
};

struct DeleteBucketRequest {
  std::string Bucket{};
};
struct DeleteBucketResult {};

/// Fails with code "NotFound" (HTTP 404, no body) when the bucket does not exist, and
/// "Forbidden" (403) when it exists but is not readable with these credentials.
struct HeadBucketRequest {
  std::string Bucket{};
};
struct HeadBucketResult {
  std::string BucketRegion{};  ///< x-amz-bucket-region
  std::string BucketLocationType{};
  std::string BucketLocationName{};
  std::optional<bool> AccessPointAlias{};
};

struct GetBucketLocationRequest {
  std::string Bucket{};
};
struct GetBucketLocationResult {
  /// "" for us-east-1 (S3's historical answer); "EU" may stand for eu-west-1.
  std::string LocationConstraint{};
};

struct VersioningConfiguration {
  std::string MFADelete{};  ///< Enabled | Disabled (wire name MfaDelete)
  std::string Status{};     ///< Enabled | Suspended
};

struct PutBucketVersioningRequest {
  std::string Bucket{};
  std::string MFA{};  ///< "serial code", only with MFADelete
  aws::VersioningConfiguration VersioningConfiguration{};
};
struct PutBucketVersioningResult {};

struct GetBucketVersioningRequest {
  std::string Bucket{};
};
struct GetBucketVersioningResult {
  std::string Status{};  ///< "" when versioning was never enabled
  std::string MFADelete{};
};

// ------------------------------------------------------------------ replication

struct ReplicationRuleAndOperator {
  std::optional<std::string> Prefix{};
  std::vector<Tag> Tags{};
};

/// Exactly one of Prefix, Tag, And. An empty Prefix ("<Prefix/>") selects every object.
struct ReplicationRuleFilter {
  std::optional<std::string> Prefix{};
  std::optional<aws::Tag> Tag{};
  std::optional<ReplicationRuleAndOperator> And{};
};

struct ReplicationTimeValue {
  std::optional<int> Minutes{};  ///< 15, the only value S3 accepts
};

/// S3 Replication Time Control (RTC).
struct ReplicationTime {
  std::string Status{};  ///< Enabled | Disabled
  ReplicationTimeValue Time{};
};

struct Metrics {
  std::string Status{};  ///< Enabled | Disabled
  std::optional<ReplicationTimeValue> EventThreshold{};
};

struct AccessControlTranslation {
  std::string Owner{};  ///< Destination
};

struct EncryptionConfiguration {
  std::string ReplicaKmsKeyID{};
};

struct Destination {
  std::string Bucket{};  ///< the destination bucket's ARN
  std::string Account{};
  std::string StorageClass{};
  std::optional<aws::AccessControlTranslation> AccessControlTranslation{};
  std::optional<aws::EncryptionConfiguration> EncryptionConfiguration{};
  std::optional<aws::ReplicationTime> ReplicationTime{};
  std::optional<aws::Metrics> Metrics{};
};

struct DeleteMarkerReplication {
  std::string Status{};  ///< Enabled | Disabled
};

struct SseKmsEncryptedObjects {
  std::string Status{};
};
struct ReplicaModifications {
  std::string Status{};
};
struct SourceSelectionCriteria {
  std::optional<aws::SseKmsEncryptedObjects> SseKmsEncryptedObjects{};
  std::optional<aws::ReplicaModifications> ReplicaModifications{};
};

struct ExistingObjectReplication {
  std::string Status{};
};

struct ReplicationRule {
  std::string ID{};
  std::optional<int> Priority{};
  std::optional<std::string> Prefix{};  ///< deprecated V1 rules; new rules use Filter
  std::optional<ReplicationRuleFilter> Filter{};
  std::string Status{};  ///< Enabled | Disabled
  std::optional<aws::SourceSelectionCriteria> SourceSelectionCriteria{};
  std::optional<aws::ExistingObjectReplication> ExistingObjectReplication{};
  aws::Destination Destination{};
  std::optional<aws::DeleteMarkerReplication> DeleteMarkerReplication{};
};

struct ReplicationConfiguration {
  std::string Role{};  ///< IAM role ARN S3 assumes to replicate
  std::vector<ReplicationRule> Rules{};
};

/// Sent with the Content-MD5 header S3 requires on this call.
struct PutBucketReplicationRequest {
  std::string Bucket{};
  aws::ReplicationConfiguration ReplicationConfiguration{};
  std::string Token{};  ///< object lock token, for buckets with Object Lock
};
struct PutBucketReplicationResult {};

/// Fails with code ReplicationConfigurationNotFoundError when the bucket has none.
struct GetBucketReplicationRequest {
  std::string Bucket{};
};
struct GetBucketReplicationResult {
  aws::ReplicationConfiguration ReplicationConfiguration{};
};

// ------------------------------------------------------------------ encryption

struct ServerSideEncryptionByDefault {
  std::string SSEAlgorithm{};  ///< AES256 | aws:kms | aws:kms:dsse
  std::string KMSMasterKeyID{};
};

struct ServerSideEncryptionRule {
  std::optional<aws::ServerSideEncryptionByDefault> ApplyServerSideEncryptionByDefault{};
  std::optional<bool> BucketKeyEnabled{};
};

struct ServerSideEncryptionConfiguration {
  std::vector<ServerSideEncryptionRule> Rules{};
};

/// Fails with ServerSideEncryptionConfigurationNotFoundError when the bucket has none
/// (on AWS every bucket created since 2023 has SSE-S3).
struct GetBucketEncryptionRequest {
  std::string Bucket{};
};
struct GetBucketEncryptionResult {
  aws::ServerSideEncryptionConfiguration ServerSideEncryptionConfiguration{};
};

// ------------------------------------------------------------------ objects

/// User metadata (x-amz-meta-*): keys without the prefix, lower-case as S3 returns them.
using ObjectMetadata = std::map<std::string, std::string>;

struct PutObjectRequest {
  std::string Bucket{};
  std::string Key{};
  std::string Body{};  ///< raw bytes
  std::string CacheControl{};
  std::string ContentDisposition{};
  std::string ContentEncoding{};
  std::string ContentType{};  ///< S3 stores binary/octet-stream when not sent
  ObjectMetadata Metadata{};
  std::string ServerSideEncryption{};
  std::string SSEKMSKeyId{};
  std::string StorageClass{};
  std::string Tagging{};  ///< URL query form: "k1=v1&k2=v2"
};
struct PutObjectResult {
  std::string ETag{};  ///< quoted, as S3 sends it
  std::string VersionId{};
  std::string ServerSideEncryption{};
  std::string Expiration{};
  std::optional<std::int64_t> Size{};
};

struct GetObjectRequest {
  std::string Bucket{};
  std::string Key{};
  std::string VersionId{};
  std::string Range{};  ///< "bytes=0-99"
  std::string IfMatch{};
  std::string IfNoneMatch{};
};

/// The object headers GetObject and HeadObject share.
struct ObjectHeaders {
  std::optional<bool> DeleteMarker{};
  std::string Expiration{};
  std::optional<TimePoint> LastModified{};
  std::optional<std::int64_t> ContentLength{};
  std::string ETag{};
  std::string VersionId{};
  std::string CacheControl{};
  std::string ContentDisposition{};
  std::string ContentEncoding{};
  std::string ContentLanguage{};
  std::string ContentRange{};
  std::string ContentType{};
  std::string ServerSideEncryption{};
  ObjectMetadata Metadata{};
  std::string SSEKMSKeyId{};
  std::optional<bool> BucketKeyEnabled{};
  std::string StorageClass{};  ///< absent for STANDARD
  /// x-amz-replication-status: PENDING | COMPLETED | FAILED on a source, REPLICA on a
  /// destination, "" for objects no rule covers.
  std::string ReplicationStatus{};
  std::optional<int> PartsCount{};
  std::optional<int> TagCount{};
};

struct GetObjectResult : ObjectHeaders {
  std::string Body{};
};

struct HeadObjectRequest {
  std::string Bucket{};
  std::string Key{};
  std::string VersionId{};
  std::string IfMatch{};
  std::string IfNoneMatch{};
};
/// A missing key is code "NotFound" (HTTP 404, no body), not NoSuchKey.
struct HeadObjectResult : ObjectHeaders {};

struct DeleteObjectRequest {
  std::string Bucket{};
  std::string Key{};
  std::string VersionId{};  ///< deletes that version for good; else adds a delete marker
};
struct DeleteObjectResult {
  std::optional<bool> DeleteMarker{};
  std::string VersionId{};
};

struct Object {
  std::string Key{};
  std::optional<TimePoint> LastModified{};
  std::string ETag{};
  std::optional<std::int64_t> Size{};
  std::string StorageClass{};
  std::optional<aws::Owner> Owner{};
};

struct CommonPrefix {
  std::string Prefix{};
};

/// Keys are always returned decoded: the client asks S3 for url-encoded keys (so keys
/// holding characters XML 1.0 cannot carry survive) and decodes them, as botocore does.
struct ListObjectsV2Request {
  std::string Bucket{};
  std::string Delimiter{};
  std::optional<int> MaxKeys{};
  std::string Prefix{};
  std::string ContinuationToken{};
  std::optional<bool> FetchOwner{};
  std::string StartAfter{};
};
struct ListObjectsV2Result {
  bool IsTruncated = false;
  std::vector<Object> Contents{};
  std::string Name{};
  std::string Prefix{};
  std::string Delimiter{};
  std::optional<int> MaxKeys{};
  std::vector<CommonPrefix> CommonPrefixes{};
  std::string EncodingType{};
  std::optional<int> KeyCount{};
  std::string ContinuationToken{};
  std::string NextContinuationToken{};
  std::string StartAfter{};
};

struct ObjectVersion {
  std::string ETag{};
  std::optional<std::int64_t> Size{};
  std::string StorageClass{};
  std::string Key{};
  std::string VersionId{};  ///< "null" for objects written before versioning
  bool IsLatest = false;
  std::optional<TimePoint> LastModified{};
  std::optional<aws::Owner> Owner{};
};

struct DeleteMarkerEntry {
  std::optional<aws::Owner> Owner{};
  std::string Key{};
  std::string VersionId{};
  bool IsLatest = false;
  std::optional<TimePoint> LastModified{};
};

struct ListObjectVersionsRequest {
  std::string Bucket{};
  std::string Delimiter{};
  std::string KeyMarker{};
  std::optional<int> MaxKeys{};
  std::string Prefix{};
  std::string VersionIdMarker{};
};
struct ListObjectVersionsResult {
  bool IsTruncated = false;
  std::string KeyMarker{};
  std::string VersionIdMarker{};
  std::string NextKeyMarker{};
  std::string NextVersionIdMarker{};
  std::vector<ObjectVersion> Versions{};
  std::vector<DeleteMarkerEntry> DeleteMarkers{};
  std::string Name{};
  std::string Prefix{};
  std::string Delimiter{};
  std::optional<int> MaxKeys{};
  std::vector<CommonPrefix> CommonPrefixes{};
  std::string EncodingType{};
};

// ------------------------------------------------------------------ the API

/// One virtual method per operation (mock it with mocks/aws/mock_s3.h); the "All" forms
/// page with the service's own tokens on top of the virtual single-page calls.
class S3Api {
 public:
  virtual ~S3Api() = default;

  virtual Result<ListBucketsResult> ListBuckets(std::string_view region,
                                                const ListBucketsRequest& request) = 0;
  virtual Result<CreateBucketResult> CreateBucket(std::string_view region,
                                                  const CreateBucketRequest& request) = 0;
  virtual Result<DeleteBucketResult> DeleteBucket(std::string_view region,
                                                  const DeleteBucketRequest& request) = 0;
  virtual Result<HeadBucketResult> HeadBucket(std::string_view region,
                                              const HeadBucketRequest& request) = 0;
  virtual Result<GetBucketLocationResult> GetBucketLocation(
      std::string_view region, const GetBucketLocationRequest& request) = 0;
  virtual Result<PutBucketVersioningResult> PutBucketVersioning(
      std::string_view region, const PutBucketVersioningRequest& request) = 0;
  virtual Result<GetBucketVersioningResult> GetBucketVersioning(
      std::string_view region, const GetBucketVersioningRequest& request) = 0;
  virtual Result<PutBucketReplicationResult> PutBucketReplication(
      std::string_view region, const PutBucketReplicationRequest& request) = 0;
  virtual Result<GetBucketReplicationResult> GetBucketReplication(
      std::string_view region, const GetBucketReplicationRequest& request) = 0;
  virtual Result<GetBucketEncryptionResult> GetBucketEncryption(
      std::string_view region, const GetBucketEncryptionRequest& request) = 0;
  virtual Result<PutObjectResult> PutObject(std::string_view region,
                                            const PutObjectRequest& request) = 0;
  virtual Result<GetObjectResult> GetObject(std::string_view region,
                                            const GetObjectRequest& request) = 0;
  virtual Result<HeadObjectResult> HeadObject(std::string_view region,
                                              const HeadObjectRequest& request) = 0;
  virtual Result<DeleteObjectResult> DeleteObject(std::string_view region,
                                                  const DeleteObjectRequest& request) = 0;
  virtual Result<ListObjectsV2Result> ListObjectsV2(std::string_view region,
                                                    const ListObjectsV2Request& request) = 0;
  virtual Result<ListObjectVersionsResult> ListObjectVersions(
      std::string_view region, const ListObjectVersionsRequest& request) = 0;

  /// Every bucket, following ContinuationToken.
  Result<std::vector<Bucket>> ListBucketsAll(std::string_view region,
                                             const ListBucketsRequest& request = {});
  /// Contents of every page, following NextContinuationToken.
  Result<std::vector<Object>> ListObjectsV2All(std::string_view region,
                                               const ListObjectsV2Request& request);
  /// Versions, DeleteMarkers and CommonPrefixes of every page (following NextKeyMarker
  /// and NextVersionIdMarker) in one result; its paging members describe the first page
  /// request and IsTruncated is false.
  Result<ListObjectVersionsResult> ListObjectVersionsAll(std::string_view region,
                                                         const ListObjectVersionsRequest& request);
};

/// S3Api over an AwsConnection.
class S3Client final : public S3Api {
 public:
  explicit S3Client(AwsConnection& connection) : connection_(connection) {}

  Result<ListBucketsResult> ListBuckets(std::string_view region,
                                        const ListBucketsRequest& request) override;
  Result<CreateBucketResult> CreateBucket(std::string_view region,
                                          const CreateBucketRequest& request) override;
  Result<DeleteBucketResult> DeleteBucket(std::string_view region,
                                          const DeleteBucketRequest& request) override;
  Result<HeadBucketResult> HeadBucket(std::string_view region,
                                      const HeadBucketRequest& request) override;
  Result<GetBucketLocationResult> GetBucketLocation(
      std::string_view region, const GetBucketLocationRequest& request) override;
  Result<PutBucketVersioningResult> PutBucketVersioning(
      std::string_view region, const PutBucketVersioningRequest& request) override;
  Result<GetBucketVersioningResult> GetBucketVersioning(
      std::string_view region, const GetBucketVersioningRequest& request) override;
  Result<PutBucketReplicationResult> PutBucketReplication(
      std::string_view region, const PutBucketReplicationRequest& request) override;
  Result<GetBucketReplicationResult> GetBucketReplication(
      std::string_view region, const GetBucketReplicationRequest& request) override;
  Result<GetBucketEncryptionResult> GetBucketEncryption(
      std::string_view region, const GetBucketEncryptionRequest& request) override;
  Result<PutObjectResult> PutObject(std::string_view region,
                                    const PutObjectRequest& request) override;
  Result<GetObjectResult> GetObject(std::string_view region,
                                    const GetObjectRequest& request) override;
  Result<HeadObjectResult> HeadObject(std::string_view region,
                                      const HeadObjectRequest& request) override;
  Result<DeleteObjectResult> DeleteObject(std::string_view region,
                                          const DeleteObjectRequest& request) override;
  Result<ListObjectsV2Result> ListObjectsV2(std::string_view region,
                                            const ListObjectsV2Request& request) override;
  Result<ListObjectVersionsResult> ListObjectVersions(
      std::string_view region, const ListObjectVersionsRequest& request) override;

 private:
  Result<HttpResponse> send(std::string_view region, std::string_view bucket,
                            Result<HttpRequest> request);

  AwsConnection& connection_;
};

// ------------------------------------------------------------------ waiters

/// botocore's S3 waiter timing: 5 s between polls, 20 attempts.
inline constexpr WaitOptions kS3Wait{std::chrono::seconds(5), std::chrono::seconds(5 * 19)};

/// HeadBucket until it answers 200, or 301/403 (the bucket exists, in another region or
/// account); 404 polls again; any other error ends the wait with that error.
Status WaitUntilBucketExists(S3Api& api, Clock& clock, std::string_view region,
                             std::string_view bucket, WaitOptions options = kS3Wait);
/// HeadBucket until it answers 404; a 200 polls again; other errors end the wait.
Status WaitUntilBucketNotExists(S3Api& api, Clock& clock, std::string_view region,
                                std::string_view bucket, WaitOptions options = kS3Wait);
/// HeadObject (Key, and VersionId when set) until 200; 404 polls again; other errors end
/// the wait. Replication checks wait on the destination this way.
Status WaitUntilObjectExists(S3Api& api, Clock& clock, std::string_view region,
                             const HeadObjectRequest& request, WaitOptions options = kS3Wait);
/// HeadObject until 404; a 200 polls again; other errors end the wait.
Status WaitUntilObjectNotExists(S3Api& api, Clock& clock, std::string_view region,
                                const HeadObjectRequest& request, WaitOptions options = kS3Wait);

}  // namespace drh::aws
