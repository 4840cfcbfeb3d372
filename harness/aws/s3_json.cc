#include "s3_json.h"

#include "drh/core/encoding.h"
#include "s3_route53_json.h"

namespace drh::aws {
namespace {

using nlohmann::json;
using restxml::array_of;
using restxml::put;

// JSON strings must be UTF-8: anything else goes out as base64.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

json owner(const Owner& o) {
  json j = json::object();
  put(j, "DisplayName", o.DisplayName);
  put(j, "ID", o.ID);
  return j;
}

json common_prefixes(const std::vector<CommonPrefix>& prefixes) {
  return array_of(prefixes, [](const CommonPrefix& p) { return json{{"Prefix", p.Prefix}}; });
}

json tag(const Tag& t) { return json{{"Key", t.Key}, {"Value", t.Value}}; }

json minutes(const ReplicationTimeValue& v) {
  json j = json::object();
  put(j, "Minutes", v.Minutes);
  return j;
}

json rule(const ReplicationRule& r) {
  json j = json::object();
  put(j, "ID", r.ID);
  put(j, "Priority", r.Priority);
  put(j, "Prefix", r.Prefix);
  if (r.Filter) {
    json f = json::object();
    put(f, "Prefix", r.Filter->Prefix);
    if (r.Filter->Tag) f["Tag"] = tag(*r.Filter->Tag);
    if (r.Filter->And) {
      json a = json::object();
      put(a, "Prefix", r.Filter->And->Prefix);
      if (!r.Filter->And->Tags.empty()) a["Tags"] = array_of(r.Filter->And->Tags, tag);
      f["And"] = std::move(a);
    }
    j["Filter"] = std::move(f);
  }
  j["Status"] = r.Status;
  if (r.SourceSelectionCriteria) {
    json s = json::object();
    if (r.SourceSelectionCriteria->SseKmsEncryptedObjects) {
      s["SseKmsEncryptedObjects"] = {
          {"Status", r.SourceSelectionCriteria->SseKmsEncryptedObjects->Status}};
    }
    if (r.SourceSelectionCriteria->ReplicaModifications) {
      s["ReplicaModifications"] = {
          {"Status", r.SourceSelectionCriteria->ReplicaModifications->Status}};
    }
    j["SourceSelectionCriteria"] = std::move(s);
  }
  if (r.ExistingObjectReplication) {
    j["ExistingObjectReplication"] = {{"Status", r.ExistingObjectReplication->Status}};
  }
  const Destination& d = r.Destination;
  json dest{{"Bucket", d.Bucket}};
  put(dest, "Account", d.Account);
  put(dest, "StorageClass", d.StorageClass);
  if (d.AccessControlTranslation) {
    dest["AccessControlTranslation"] = {{"Owner", d.AccessControlTranslation->Owner}};
  }
  if (d.EncryptionConfiguration) {
    json e = json::object();
    put(e, "ReplicaKmsKeyID", d.EncryptionConfiguration->ReplicaKmsKeyID);
    dest["EncryptionConfiguration"] = std::move(e);
  }
  if (d.ReplicationTime) {
    dest["ReplicationTime"] = {{"Status", d.ReplicationTime->Status},
                               {"Time", minutes(d.ReplicationTime->Time)}};
  }
  if (d.Metrics) {
    json m{{"Status", d.Metrics->Status}};
    if (d.Metrics->EventThreshold) m["EventThreshold"] = minutes(*d.Metrics->EventThreshold);
    dest["Metrics"] = std::move(m);
  }
  j["Destination"] = std::move(dest);
  if (r.DeleteMarkerReplication) {
    json m = json::object();
    put(m, "Status", r.DeleteMarkerReplication->Status);
    j["DeleteMarkerReplication"] = std::move(m);
  }
  return j;
}

json object_headers(const ObjectHeaders& h) {
  json j = json::object();
  put(j, "DeleteMarker", h.DeleteMarker);
  put(j, "Expiration", h.Expiration);
  put(j, "LastModified", h.LastModified);
  put(j, "ContentLength", h.ContentLength);
  put(j, "ETag", h.ETag);
  put(j, "VersionId", h.VersionId);
  put(j, "CacheControl", h.CacheControl);
  put(j, "ContentDisposition", h.ContentDisposition);
  put(j, "ContentEncoding", h.ContentEncoding);
  put(j, "ContentLanguage", h.ContentLanguage);
  put(j, "ContentRange", h.ContentRange);
  put(j, "ContentType", h.ContentType);
  put(j, "ServerSideEncryption", h.ServerSideEncryption);
  if (!h.Metadata.empty()) j["Metadata"] = h.Metadata;
  put(j, "SSEKMSKeyId", h.SSEKMSKeyId);
  put(j, "BucketKeyEnabled", h.BucketKeyEnabled);
  put(j, "StorageClass", h.StorageClass);
  put(j, "ReplicationStatus", h.ReplicationStatus);
  put(j, "PartsCount", h.PartsCount);
  put(j, "TagCount", h.TagCount);
  return j;
}

}  // namespace

json to_json(const ListBucketsResult& r) {
  json j{{"Buckets", array_of(r.Buckets, [](const Bucket& b) {
            json o{{"Name", b.Name}};
            put(o, "CreationDate", b.CreationDate);
            put(o, "BucketRegion", b.BucketRegion);
            return o;
          })}};
  if (r.Owner) j["Owner"] = owner(*r.Owner);
  put(j, "ContinuationToken", r.ContinuationToken);
  put(j, "Prefix", r.Prefix);
  return j;
}

json to_json(const CreateBucketResult& r) {
  json j = json::object();
  put(j, "Location", r.Location);
  return j;
}

json to_json(const DeleteBucketResult&) { return json::object(); }

json to_json(const HeadBucketResult& r) {
  json j = json::object();
  put(j, "BucketRegion", r.BucketRegion);
  put(j, "BucketLocationType", r.BucketLocationType);
  put(j, "BucketLocationName", r.BucketLocationName);
  put(j, "AccessPointAlias", r.AccessPointAlias);
  return j;
}

json to_json(const GetBucketLocationResult& r) {
  // botocore gives None for us-east-1's empty constraint: keep the member, as null.
  return json{{"LocationConstraint",
               r.LocationConstraint.empty() ? json(nullptr) : json(r.LocationConstraint)}};
}

json to_json(const PutBucketVersioningResult&) { return json::object(); }

json to_json(const GetBucketVersioningResult& r) {
  json j = json::object();
  put(j, "Status", r.Status);
  put(j, "MFADelete", r.MFADelete);
  return j;
}

json to_json(const PutBucketReplicationResult&) { return json::object(); }

json to_json(const GetBucketReplicationResult& r) {
  return json{{"ReplicationConfiguration",
               {{"Role", r.ReplicationConfiguration.Role},
                {"Rules", array_of(r.ReplicationConfiguration.Rules, rule)}}}};
}

json to_json(const GetBucketEncryptionResult& r) {
  return json{{"ServerSideEncryptionConfiguration",
               {{"Rules", array_of(r.ServerSideEncryptionConfiguration.Rules,
                                   [](const ServerSideEncryptionRule& rule) {
                                     json j = json::object();
                                     if (const auto& d = rule.ApplyServerSideEncryptionByDefault) {
                                       json a{{"SSEAlgorithm", d->SSEAlgorithm}};
                                       put(a, "KMSMasterKeyID", d->KMSMasterKeyID);
                                       j["ApplyServerSideEncryptionByDefault"] = std::move(a);
                                     }
                                     put(j, "BucketKeyEnabled", rule.BucketKeyEnabled);
                                     return j;
                                   })}}}};
}

json to_json(const PutObjectResult& r) {
  json j = json::object();
  put(j, "ETag", r.ETag);
  put(j, "VersionId", r.VersionId);
  put(j, "ServerSideEncryption", r.ServerSideEncryption);
  put(j, "Expiration", r.Expiration);
  put(j, "Size", r.Size);
  return j;
}

json to_json(const GetObjectResult& r) {
  json j = object_headers(r);
  if (valid_utf8(r.Body)) {
    j["Body"] = r.Body;
  } else {
    j["Body"] = base64_encode(r.Body);
    j["BodyEncoding"] = "base64";
  }
  return j;
}

json to_json(const HeadObjectResult& r) { return object_headers(r); }

json to_json(const DeleteObjectResult& r) {
  json j = json::object();
  put(j, "DeleteMarker", r.DeleteMarker);
  put(j, "VersionId", r.VersionId);
  return j;
}

json to_json(const ListObjectsV2Result& r) {
  json j{{"IsTruncated", r.IsTruncated}, {"Contents", array_of(r.Contents, [](const Object& o) {
                                            json j = json{{"Key", o.Key}};
                                            put(j, "LastModified", o.LastModified);
                                            put(j, "ETag", o.ETag);
                                            put(j, "Size", o.Size);
                                            put(j, "StorageClass", o.StorageClass);
                                            if (o.Owner) j["Owner"] = owner(*o.Owner);
                                            return j;
                                          })}};
  put(j, "Name", r.Name);
  put(j, "Prefix", r.Prefix);
  put(j, "Delimiter", r.Delimiter);
  put(j, "MaxKeys", r.MaxKeys);
  if (!r.CommonPrefixes.empty()) j["CommonPrefixes"] = common_prefixes(r.CommonPrefixes);
  put(j, "EncodingType", r.EncodingType);
  put(j, "KeyCount", r.KeyCount);
  put(j, "ContinuationToken", r.ContinuationToken);
  put(j, "NextContinuationToken", r.NextContinuationToken);
  put(j, "StartAfter", r.StartAfter);
  return j;
}

json to_json(const ListObjectVersionsResult& r) {
  json j{{"IsTruncated", r.IsTruncated},
         {"Versions",
          array_of(r.Versions,
                   [](const ObjectVersion& v) {
                     json j{{"Key", v.Key}, {"VersionId", v.VersionId}, {"IsLatest", v.IsLatest}};
                     put(j, "ETag", v.ETag);
                     put(j, "Size", v.Size);
                     put(j, "StorageClass", v.StorageClass);
                     put(j, "LastModified", v.LastModified);
                     if (v.Owner) j["Owner"] = owner(*v.Owner);
                     return j;
                   })},
         {"DeleteMarkers", array_of(r.DeleteMarkers, [](const DeleteMarkerEntry& m) {
            json j{{"Key", m.Key}, {"VersionId", m.VersionId}, {"IsLatest", m.IsLatest}};
            put(j, "LastModified", m.LastModified);
            if (m.Owner) j["Owner"] = owner(*m.Owner);
            return j;
          })}};
  put(j, "KeyMarker", r.KeyMarker);
  put(j, "VersionIdMarker", r.VersionIdMarker);
  put(j, "NextKeyMarker", r.NextKeyMarker);
  put(j, "NextVersionIdMarker", r.NextVersionIdMarker);
  put(j, "Name", r.Name);
  put(j, "Prefix", r.Prefix);
  put(j, "Delimiter", r.Delimiter);
  put(j, "MaxKeys", r.MaxKeys);
  if (!r.CommonPrefixes.empty()) j["CommonPrefixes"] = common_prefixes(r.CommonPrefixes);
  put(j, "EncodingType", r.EncodingType);
  return j;
}

}  // namespace drh::aws
