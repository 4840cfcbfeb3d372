// S3 request documents as the 2006-03-01 model defines them (flattened lists are repeated
// members of their parent).
#include <array>

#include "s3_service.h"

namespace drh::fake::s3 {

namespace {

using tree::Kind;
using tree::Member;
using tree::Schema;

constexpr std::array<std::string_view, 2> kOnOff = {"Enabled", "Disabled"};
constexpr std::array<std::string_view, 2> kVersioningStatus = {"Enabled", "Suspended"};
constexpr std::array<std::string_view, 1> kOwnerOverride = {"Destination"};
constexpr std::array<std::string_view, 13> kStorageClasses = {
    "STANDARD",        "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
    "GLACIER",         "DEEP_ARCHIVE",       "OUTPOSTS",    "GLACIER_IR", "SNOW",
    "EXPRESS_ONEZONE", "FSX_OPENZFS",        "FSX_ONTAP"};
constexpr std::array<std::string_view, 3> kSseAlgorithms = {"AES256", "aws:kms", "aws:kms:dsse"};
constexpr std::array<std::string_view, 2> kEncryptionTypes = {"NONE", "SSE-C"};

// ---------------------------------------------------------------- CreateBucket

constexpr Member kTagMembers[] = {{"Key", Kind::kString, nullptr, true},
                                  {"Value", Kind::kString, nullptr, true}};
constexpr Schema kTag{kTagMembers};
constexpr Member kTagSetMembers[] = {{"Tag", Kind::kStruct, &kTag, false, true}};
constexpr Schema kTagSet{kTagSetMembers};
constexpr Member kLocationInfoMembers[] = {{"Type"}, {"Name"}};
constexpr Schema kLocationInfo{kLocationInfoMembers};
constexpr Member kBucketInfoMembers[] = {{"DataRedundancy"}, {"Type"}};
constexpr Schema kBucketInfo{kBucketInfoMembers};
constexpr Member kCreateBucketMembers[] = {{"LocationConstraint"},
                                           {"Location", Kind::kStruct, &kLocationInfo},
                                           {"Bucket", Kind::kStruct, &kBucketInfo},
                                           {"Tags", Kind::kStruct, &kTagSet}};

// ---------------------------------------------------------------- versioning

constexpr Member kVersioningMembers[] = {
    {"MfaDelete", Kind::kString, nullptr, false, false, kOnOff},
    {"Status", Kind::kString, nullptr, false, false, kVersioningStatus}};

// ---------------------------------------------------------------- replication

constexpr Member kStatusRequired[] = {{"Status", Kind::kString, nullptr, true, false, kOnOff}};
constexpr Schema kStatusOnly{kStatusRequired};
constexpr Member kStatusOptional[] = {{"Status", Kind::kString, nullptr, false, false, kOnOff}};
constexpr Schema kOptionalStatus{kStatusOptional};

constexpr Member kAndMembers[] = {{"Prefix"}, {"Tag", Kind::kStruct, &kTag, false, true}};
constexpr Schema kAnd{kAndMembers};
constexpr Member kFilterMembers[] = {
    {"Prefix"}, {"Tag", Kind::kStruct, &kTag}, {"And", Kind::kStruct, &kAnd}};
constexpr Schema kFilter{kFilterMembers};

constexpr Member kSelectionMembers[] = {{"SseKmsEncryptedObjects", Kind::kStruct, &kStatusOnly},
                                        {"ReplicaModifications", Kind::kStruct, &kStatusOnly}};
constexpr Schema kSelection{kSelectionMembers};

constexpr Member kTimeValueMembers[] = {{"Minutes", Kind::kInteger}};
constexpr Schema kTimeValue{kTimeValueMembers};
constexpr Member kReplicationTimeMembers[] = {
    {"Status", Kind::kString, nullptr, true, false, kOnOff},
    {"Time", Kind::kStruct, &kTimeValue, true}};
constexpr Schema kReplicationTime{kReplicationTimeMembers};
constexpr Member kMetricsMembers[] = {{"Status", Kind::kString, nullptr, true, false, kOnOff},
                                      {"EventThreshold", Kind::kStruct, &kTimeValue}};
constexpr Schema kMetrics{kMetricsMembers};
constexpr Member kAclTranslationMembers[] = {
    {"Owner", Kind::kString, nullptr, true, false, kOwnerOverride}};
constexpr Schema kAclTranslation{kAclTranslationMembers};
constexpr Member kEncryptionConfigMembers[] = {{"ReplicaKmsKeyID"}};
constexpr Schema kEncryptionConfig{kEncryptionConfigMembers};

constexpr Member kDestinationMembers[] = {
    {"Bucket", Kind::kString, nullptr, true},
    {"Account"},
    {"StorageClass", Kind::kString, nullptr, false, false, kStorageClasses},
    {"AccessControlTranslation", Kind::kStruct, &kAclTranslation},
    {"EncryptionConfiguration", Kind::kStruct, &kEncryptionConfig},
    {"ReplicationTime", Kind::kStruct, &kReplicationTime},
    {"Metrics", Kind::kStruct, &kMetrics}};
constexpr Schema kDestination{kDestinationMembers};

constexpr Member kRuleMembers[] = {{"ID"},
                                   {"Priority", Kind::kInteger},
                                   {"Prefix"},
                                   {"Filter", Kind::kStruct, &kFilter},
                                   {"Status", Kind::kString, nullptr, true, false, kOnOff},
                                   {"SourceSelectionCriteria", Kind::kStruct, &kSelection},
                                   {"ExistingObjectReplication", Kind::kStruct, &kStatusOnly},
                                   {"Destination", Kind::kStruct, &kDestination, true},
                                   {"DeleteMarkerReplication", Kind::kStruct, &kOptionalStatus}};
constexpr Schema kRule{kRuleMembers};

constexpr Member kReplicationMembers[] = {{"Role", Kind::kString, nullptr, true},
                                          {"Rule", Kind::kStruct, &kRule, true, true}};

// ---------------------------------------------------------------- encryption

constexpr Member kByDefaultMembers[] = {
    {"SSEAlgorithm", Kind::kString, nullptr, true, false, kSseAlgorithms}, {"KMSMasterKeyID"}};
constexpr Schema kByDefault{kByDefaultMembers};
constexpr Member kBlockedMembers[] = {
    {"EncryptionType", Kind::kString, nullptr, false, true, kEncryptionTypes}};
constexpr Schema kBlocked{kBlockedMembers};
constexpr Member kSseRuleMembers[] = {
    {"ApplyServerSideEncryptionByDefault", Kind::kStruct, &kByDefault},
    {"BucketKeyEnabled", Kind::kBoolean},
    {"BlockedEncryptionTypes", Kind::kStruct, &kBlocked}};
constexpr Schema kSseRule{kSseRuleMembers};
constexpr Member kSseMembers[] = {{"Rule", Kind::kStruct, &kSseRule, true, true}};

// ---------------------------------------------------------------- DeleteObjects

constexpr Member kObjectIdMembers[] = {{"Key", Kind::kString, nullptr, true},
                                       {"VersionId"},
                                       {"ETag"},
                                       {"LastModifiedTime"},
                                       {"Size", Kind::kInteger}};
constexpr Schema kObjectId{kObjectIdMembers};
constexpr Member kDeleteMembers[] = {{"Object", Kind::kStruct, &kObjectId, true, true},
                                     {"Quiet", Kind::kBoolean}};

}  // namespace

const tree::Schema kCreateBucketConfiguration{kCreateBucketMembers};
const tree::Schema kVersioningConfiguration{kVersioningMembers};
const tree::Schema kReplicationConfiguration{kReplicationMembers};
const tree::Schema kServerSideEncryptionConfiguration{kSseMembers};
const tree::Schema kDelete{kDeleteMembers};

}  // namespace drh::fake::s3
