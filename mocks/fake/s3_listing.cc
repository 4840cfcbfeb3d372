// S3 listings: ListBuckets (paged), ListObjectsV2 and ListObjects (prefix, delimiter,
// max-keys, continuation tokens / markers, url encoding) and ListObjectVersions
// (key-marker / version-id-marker paging, delete markers).
#include "drh/core/encoding.h"
#include "s3_service.h"
#include "wire.h"

namespace drh::fake {

using namespace s3;

namespace {

constexpr std::string_view kTokenTag = "drh1:";

int max_keys_of(Ctx& c, const char* param, int fallback, int cap) {
  auto v = c.q(param);
  if (!v) return fallback;
  auto n = xml::to_int(*v);
  if (!n || *n < 0 || *n > 2147483647) {
    c.error_elements = {{"ArgumentName", param}, {"ArgumentValue", *v}};
    fail(400, "InvalidArgument",
         "Provided " + std::string(param) + " not an integer or within integer range");
  }
  return static_cast<int>(std::min<long long>(*n, cap));
}

// Continuation tokens are opaque to clients; here they carry the last entry listed.
std::string make_token(std::string_view last) {
  return base64_encode(std::string(kTokenTag) + std::string(last));
}

std::string read_token(Ctx& c, const std::string& token) {
  std::string raw;
  if (!base64_decode(token, raw) || !raw.starts_with(kTokenTag)) {
    c.error_elements = {{"ArgumentName", "continuation-token"}, {"ArgumentValue", token}};
    fail(400, "InvalidArgument", "The continuation token provided is incorrect");
  }
  return raw.substr(kTokenTag.size());
}

struct Encoder {
  bool url = false;
  std::string operator()(std::string_view s) const {
    return url ? uri_encode(s, /*encode_slash=*/false) : std::string(s);
  }
};

Encoder encoder_of(Ctx& c) {
  auto e = c.q("encoding-type");
  if (e && *e != "url") {
    c.error_elements = {{"ArgumentName", "encoding-type"}, {"ArgumentValue", *e}};
    fail(400, "InvalidArgument", "Invalid Encoding Method specified in Request");
  }
  return Encoder{e.has_value()};
}

// One listed entry: an object's current version, or a common prefix (v == nullptr).
struct Entry {
  const std::string* key = nullptr;
  const Version* v = nullptr;
  std::string prefix;
};

void write_owner(xml::XmlWriter& w, const std::string& id) {
  w.start("Owner").element("ID", id).end();
}

}  // namespace

HttpResponse S3Service::list_buckets(Ctx& c) {
  const int max = max_keys_of(c, "max-buckets", 10000, 10000);
  if (c.has("max-buckets") && max < 1) {
    fail(400, "InvalidArgument", "max-buckets must be between 1 and 10000");
  }
  const std::string prefix = c.q("prefix").value_or("");
  const auto region = c.q("bucket-region");
  std::string after;
  if (auto token = c.q("continuation-token")) after = read_token(c, *token);
  std::vector<const Bucket*> page;
  bool more = false;
  for (auto it = buckets_.upper_bound(after); it != buckets_.end(); ++it) {
    const Bucket& b = it->second;
    if (!b.name.starts_with(prefix) || (region && b.region != *region)) continue;
    if (static_cast<int>(page.size()) == max) {
      more = true;
      break;
    }
    page.push_back(&b);
  }
  return xml_reply(c, "ListAllMyBucketsResult", [&](xml::XmlWriter& w) {
    w.start("Buckets");
    for (const Bucket* b : page) {
      w.start("Bucket")
          .element("Name", b->name)
          .element("CreationDate", iso_time(b->created))
          .element("BucketRegion", b->region)
          .end();
    }
    w.end();
    write_owner(w, owner_id());
    if (more) w.element("ContinuationToken", make_token(page.back()->name));
    if (c.has("prefix")) w.element("Prefix", prefix);
  });
}

HttpResponse S3Service::list_objects(Ctx& c, bool v2) {
  const Bucket& b = bucket_or_throw(c);
  const Encoder enc = encoder_of(c);
  const std::string prefix = c.q("prefix").value_or("");
  const std::string delim = c.q("delimiter").value_or("");
  const int max = max_keys_of(c, "max-keys", 1000, 1000);
  std::string after;
  if (v2) {
    after = c.q("start-after").value_or("");
    if (auto token = c.q("continuation-token")) after = std::max(after, read_token(c, *token));
  } else {
    after = c.q("marker").value_or("");
  }
  const bool fetch_owner = !v2 || c.q("fetch-owner") == "true";

  // Entries strictly after `after`: a common prefix equal to it was listed already, and
  // the keys under it roll up into it again, so they are skipped with it.
  std::vector<Entry> page;
  bool truncated = false;
  auto it = b.objects.lower_bound(std::max(prefix, after));
  while (it != b.objects.end() && it->first.starts_with(prefix)) {
    const std::string& key = it->first;
    const auto& versions = it->second.versions;
    if (key <= after || versions.empty() || versions.front().delete_marker) {
      ++it;
      continue;
    }
    std::string cp;
    if (!delim.empty()) {
      auto pos = key.find(delim, prefix.size());
      if (pos != std::string::npos) cp = key.substr(0, pos + delim.size());
    }
    if (cp.empty() || cp > after) {
      if (static_cast<int>(page.size()) == max) {
        truncated = max > 0;
        break;
      }
      page.push_back(cp.empty() ? Entry{&key, &versions.front(), {}} : Entry{nullptr, nullptr, cp});
    }
    if (cp.empty()) {
      ++it;
    } else {
      while (it != b.objects.end() && it->first.starts_with(cp)) ++it;
    }
  }
  const std::string last =
      page.empty() ? std::string() : (page.back().v ? *page.back().key : page.back().prefix);
  return xml_reply(c, "ListBucketResult", [&](xml::XmlWriter& w) {
    w.element("Name", b.name).element("Prefix", enc(prefix));
    if (!v2) {
      w.element("Marker", enc(after));
      if (truncated && !delim.empty()) w.element("NextMarker", enc(last));
    }
    w.element("MaxKeys", max);
    if (!delim.empty()) w.element("Delimiter", enc(delim));
    if (enc.url) w.element("EncodingType", "url");
    if (v2) {
      w.element("KeyCount", static_cast<int>(page.size()));
      if (auto token = c.q("continuation-token")) w.element("ContinuationToken", *token);
      if (truncated) w.element("NextContinuationToken", make_token(last));
      if (auto sa = c.q("start-after")) w.element("StartAfter", enc(*sa));
    }
    w.element("IsTruncated", truncated);
    for (const Entry& e : page) {
      if (!e.v) continue;
      w.start("Contents")
          .element("Key", enc(*e.key))
          .element("LastModified", iso_time(e.v->last_modified))
          .element("ETag", e.v->etag);
      if (!e.v->checksum_algorithm.empty()) {
        w.element("ChecksumAlgorithm", e.v->checksum_algorithm)
            .element("ChecksumType", "FULL_OBJECT");
      }
      w.element("Size", static_cast<std::int64_t>(e.v->body.size()));
      if (fetch_owner) write_owner(w, owner_id());
      w.element("StorageClass", e.v->storage_class.empty() ? "STANDARD" : e.v->storage_class).end();
    }
    for (const Entry& e : page) {
      if (e.v) continue;
      w.start("CommonPrefixes").element("Prefix", enc(e.prefix)).end();
    }
  });
}

HttpResponse S3Service::list_object_versions(Ctx& c) {
  const Bucket& b = bucket_or_throw(c);
  const Encoder enc = encoder_of(c);
  const std::string prefix = c.q("prefix").value_or("");
  const std::string delim = c.q("delimiter").value_or("");
  const int max = max_keys_of(c, "max-keys", 1000, 1000);
  const std::string key_marker = c.q("key-marker").value_or("");
  const std::string vid_marker = c.q("version-id-marker").value_or("");
  if (!vid_marker.empty() && key_marker.empty()) {
    c.error_elements = {{"ArgumentName", "version-id-marker"}, {"ArgumentValue", vid_marker}};
    fail(400, "InvalidArgument", "A version-id marker cannot be specified without a key marker.");
  }
  struct Item {
    const std::string* key = nullptr;
    const Version* v = nullptr;
    bool latest = false;
    std::string prefix;
  };
  std::vector<Item> page;
  bool truncated = false;
  auto full = [&]() {
    if (static_cast<int>(page.size()) < max) return false;
    truncated = max > 0;
    return true;
  };
  auto it = b.objects.lower_bound(std::max(prefix, key_marker));
  while (it != b.objects.end() && it->first.starts_with(prefix)) {
    const std::string& key = it->first;
    const auto& versions = it->second.versions;
    std::string cp;
    if (!delim.empty()) {
      auto pos = key.find(delim, prefix.size());
      if (pos != std::string::npos) cp = key.substr(0, pos + delim.size());
    }
    if (!cp.empty()) {
      if (cp > key_marker) {
        if (full()) break;
        page.push_back({nullptr, nullptr, false, cp});
      }
      while (it != b.objects.end() && it->first.starts_with(cp)) ++it;
      continue;
    }
    std::size_t start = 0;
    if (key == key_marker) {
      if (vid_marker.empty()) {
        ++it;
        continue;
      }
      std::size_t i = 0;
      while (i < versions.size() && versions[i].version_id != vid_marker) ++i;
      if (i == versions.size()) {
        c.error_elements = {{"ArgumentName", "version-id-marker"}, {"ArgumentValue", vid_marker}};
        fail(400, "InvalidArgument", "Invalid version id specified");
      }
      start = i + 1;
    }
    bool stop = false;
    for (std::size_t i = start; i < versions.size(); ++i) {
      if (full()) {
        stop = true;
        break;
      }
      page.push_back({&key, &versions[i], i == 0, {}});
    }
    if (stop) break;
    ++it;
  }
  const std::string owner = owner_id();
  return xml_reply(c, "ListVersionsResult", [&](xml::XmlWriter& w) {
    w.element("Name", b.name)
        .element("Prefix", enc(prefix))
        .element("KeyMarker", enc(key_marker))
        .element("VersionIdMarker", vid_marker);
    if (truncated && !page.empty()) {
      const Item& last = page.back();
      w.element("NextKeyMarker", enc(last.v ? *last.key : last.prefix));
      if (last.v) w.element("NextVersionIdMarker", last.v->version_id);
    }
    w.element("MaxKeys", max);
    if (!delim.empty()) w.element("Delimiter", enc(delim));
    w.element("IsTruncated", truncated);
    if (enc.url) w.element("EncodingType", "url");
    for (const Item& item : page) {
      if (!item.v) continue;
      const Version& v = *item.v;
      if (v.delete_marker) {
        w.start("DeleteMarker");
        write_owner(w, owner);
        w.element("Key", enc(*item.key))
            .element("VersionId", v.version_id)
            .element("IsLatest", item.latest)
            .element("LastModified", iso_time(v.last_modified))
            .end();
        continue;
      }
      w.start("Version").element("ETag", v.etag);
      if (!v.checksum_algorithm.empty()) {
        w.element("ChecksumAlgorithm", v.checksum_algorithm).element("ChecksumType", "FULL_OBJECT");
      }
      w.element("Size", static_cast<std::int64_t>(v.body.size()))
          .element("StorageClass", v.storage_class.empty() ? "STANDARD" : v.storage_class)
          .element("Key", enc(*item.key))
          .element("VersionId", v.version_id)
          .element("IsLatest", item.latest)
          .element("LastModified", iso_time(v.last_modified));
      write_owner(w, owner);
      w.end();
    }
    for (const Item& item : page) {
      if (item.v) continue;
      w.start("CommonPrefixes").element("Prefix", enc(item.prefix)).end();
    }
  });
}

}  // namespace drh::fake
