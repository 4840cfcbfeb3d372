// S3 objects: PutObject (versions, metadata, checksums, aws-chunked bodies), GetObject and
// HeadObject (versions, delete markers, ranges, conditions), DeleteObject and
// DeleteObjects (delete markers on versioned buckets).
#include <algorithm>

#include "drh/core/encoding.h"
#include "drh/protocol/query.h"
#include "drh/protocol/timestamp.h"
#include "s3_service.h"
#include "wire.h"

namespace drh::fake {

using namespace s3;

namespace {

constexpr std::string_view kStorageClasses[] = {
    "STANDARD",        "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
    "GLACIER",         "DEEP_ARCHIVE",       "OUTPOSTS",    "GLACIER_IR", "SNOW",
    "EXPRESS_ONEZONE", "FSX_OPENZFS",        "FSX_ONTAP"};

constexpr std::string_view kChecksums[][2] = {{"x-amz-checksum-crc32", "CRC32"},
                                              {"x-amz-checksum-crc32c", "CRC32C"},
                                              {"x-amz-checksum-crc64nvme", "CRC64NVME"},
                                              {"x-amz-checksum-sha1", "SHA1"},
                                              {"x-amz-checksum-sha256", "SHA256"}};

std::string unquote(std::string_view etag) {
  etag = trim(etag);
  if (etag.starts_with("W/")) etag.remove_prefix(2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return std::string(etag);
}

// If-Match / If-None-Match hold one or more comma-separated ETags, or "*".
bool etag_listed(std::string_view header, std::string_view etag) {
  const std::string mine = unquote(etag);
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view one = trim(header.substr(0, comma));
    if (one == "*" || unquote(one) == mine) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

// S3 version ids are 32 URL-safe characters; "null" names the unversioned version.
bool plausible_version_id(std::string_view id) {
  if (id == "null") return true;
  if (id.empty() || id.size() > 1024) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == '+' || c == '/' || c == '=';
  });
}

struct ByteRange {
  std::size_t first = 0;
  std::size_t last = 0;
};

// "bytes=a-b", "bytes=a-", "bytes=-n". nullopt for anything S3 ignores (several ranges,
// other units, malformed); throws InvalidRange for ranges past the end.
std::optional<ByteRange> parse_range(std::string_view spec, std::size_t size, Ctx& c) {
  spec = trim(spec);
  if (!spec.starts_with("bytes=") || spec.find(',') != std::string_view::npos) return std::nullopt;
  spec.remove_prefix(6);
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto num = [](std::string_view s) -> std::optional<std::size_t> {
    auto v = xml::to_int(s);
    if (!v || *v < 0 || s.empty() || s.front() == '+' || s.front() == '-') return std::nullopt;
    return static_cast<std::size_t>(*v);
  };
  const std::string_view a = spec.substr(0, dash);
  const std::string_view b = spec.substr(dash + 1);
  auto unsatisfiable = [&]() {
    c.error_elements = {{"RangeRequested", "bytes=" + std::string(spec)},
                        {"ActualObjectSize", std::to_string(size)}};
    fail(416, "InvalidRange", "The requested range is not satisfiable");
  };
  if (a.empty()) {
    auto n = num(b);
    if (!n) return std::nullopt;
    if (*n == 0 || size == 0) unsatisfiable();
    return ByteRange{size - std::min(*n, size), size - 1};
  }
  auto first = num(a);
  if (!first) return std::nullopt;
  std::size_t last = size == 0 ? 0 : size - 1;
  if (!b.empty()) {
    auto l = num(b);
    if (!l || *l < *first) return std::nullopt;
    last = std::min(*l, last);
  }
  if (*first >= size) unsatisfiable();
  return ByteRange{*first, last};
}

void add_object_headers(HttpResponse& r, const Bucket& b, const Version& v) {
  r.headers.add("Last-Modified", format_timestamp(v.last_modified, TimestampFormat::kRfc822));
  r.headers.add("ETag", v.etag);
  if (!b.versioning.empty()) r.headers.add("x-amz-version-id", v.version_id);
  r.headers.add("Accept-Ranges", "bytes");
  r.headers.add("Content-Type", v.content_type);
  if (!v.cache_control.empty()) r.headers.add("Cache-Control", v.cache_control);
  if (!v.content_disposition.empty()) r.headers.add("Content-Disposition", v.content_disposition);
  if (!v.content_encoding.empty()) r.headers.add("Content-Encoding", v.content_encoding);
  if (!v.content_language.empty()) r.headers.add("Content-Language", v.content_language);
  if (!v.expires.empty()) r.headers.add("Expires", v.expires);
  if (!v.website_redirect.empty()) {
    r.headers.add("x-amz-website-redirect-location", v.website_redirect);
  }
  for (const auto& [k, val] : v.metadata) r.headers.add("x-amz-meta-" + k, val);
  if (!v.sse.empty()) r.headers.add("x-amz-server-side-encryption", v.sse);
  if (!v.kms_key_id.empty()) {
    r.headers.add("x-amz-server-side-encryption-aws-kms-key-id", v.kms_key_id);
  }
  if (v.bucket_key) r.headers.add("x-amz-server-side-encryption-bucket-key-enabled", "true");
  if (!v.storage_class.empty() && v.storage_class != "STANDARD") {
    r.headers.add("x-amz-storage-class", v.storage_class);
  }
  if (!v.replication_status.empty()) {
    r.headers.add("x-amz-replication-status", v.replication_status);
  }
  if (!v.tags.empty()) r.headers.add("x-amz-tagging-count", std::to_string(v.tags.size()));
}

Version* find_version(Object& o, std::string_view id) {
  for (Version& v : o.versions) {
    if (v.version_id == id) return &v;
  }
  return nullptr;
}

}  // namespace

HttpResponse S3Service::put_object(Ctx& c) {
  Bucket& b = bucket_or_throw(c);
  if (c.key.size() > 1024) {
    c.error_elements = {{"Size", std::to_string(c.key.size())}, {"MaxSizeAllowed", "1024"}};
    fail(400, "KeyTooLongError", "Your key is too long");
  }
  if (!tree::valid_utf8(c.key)) fail(400, "InvalidArgument", "Object key is not valid UTF-8");

  // The payload: as sent, or the data of an aws-chunked stream.
  std::string body = c.call.body();
  std::vector<std::pair<std::string, std::string>> trailers;
  const std::string content_encoding = c.header("Content-Encoding").value_or("");
  const bool chunked = content_encoding.find("aws-chunked") != std::string::npos ||
                       starts_with(c.header("x-amz-content-sha256").value_or(""), "STREAMING-");
  if (chunked) {
    auto decoded = decode_aws_chunked(body, &trailers);
    if (!decoded) {
      fail(400, "IncompleteBody", "The request body is not a well-formed aws-chunked stream");
    }
    body = std::move(*decoded);
  }
  check_content_md5(c, body);

  Version v;
  // Flexible checksums come as a header, or as a trailer of an aws-chunked body.
  auto checksum_header = [&](std::string_view name) -> std::optional<std::string> {
    if (auto h = c.header(name)) return std::string(trim(*h));
    for (const auto& [k, val] : trailers) {
      if (k == name) return val;
    }
    return std::nullopt;
  };
  for (const auto& [header, algorithm] : kChecksums) {
    auto given = checksum_header(header);
    if (!given) continue;
    auto computed = checksum_of(algorithm, body);
    if (computed && *computed != *given) {
      fail(400, "BadDigest",
           "The " + std::string(algorithm) +
               " you specified did not match the calculated checksum.");
    }
    v.checksum_algorithm = std::string(algorithm);
    v.checksum = *given;
    break;
  }

  Object* existing = nullptr;
  if (auto it = b.objects.find(c.key); it != b.objects.end()) existing = &it->second;
  const Version* current =
      existing && !existing->versions.empty() && !existing->versions.front().delete_marker
          ? &existing->versions.front()
          : nullptr;
  // Conditional writes: If-None-Match: * creates only; If-Match replaces only that ETag.
  if (auto inm = c.header("If-None-Match"); inm && current && etag_listed(*inm, current->etag)) {
    c.error_elements = {{"Condition", "If-None-Match"}};
    fail(412, "PreconditionFailed",
         "At least one of the pre-conditions you specified did not hold");
  }
  if (auto im = c.header("If-Match")) {
    if (!current) {
      c.error_elements = {{"Key", c.key}};
      fail(404, "NoSuchKey", "The specified key does not exist.");
    }
    if (!etag_listed(*im, current->etag)) {
      c.error_elements = {{"Condition", "If-Match"}};
      fail(412, "PreconditionFailed",
           "At least one of the pre-conditions you specified did not hold");
    }
  }

  v.body = std::move(body);
  v.etag = "\"" + md5_hex(v.body) + "\"";
  v.last_modified = core_.clock.now();
  v.content_type = c.header("Content-Type").value_or("binary/octet-stream");
  v.cache_control = c.header("Cache-Control").value_or("");
  v.content_disposition = c.header("Content-Disposition").value_or("");
  // aws-chunked is the transfer's encoding, not the object's.
  for (std::string_view rest = content_encoding; !rest.empty();) {
    auto comma = rest.find(',');
    std::string_view one = trim(rest.substr(0, comma));
    if (!one.empty() && one != "aws-chunked") {
      v.content_encoding += (v.content_encoding.empty() ? "" : ",") + std::string(one);
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  v.content_language = c.header("Content-Language").value_or("");
  v.expires = c.header("Expires").value_or("");
  v.website_redirect = c.header("x-amz-website-redirect-location").value_or("");
  for (const auto& [k, val] : c.call.http->headers) {
    const std::string name = to_lower(k);
    if (!name.starts_with("x-amz-meta-")) continue;
    if (!tree::valid_utf8(val)) fail(400, "InvalidArgument", "Metadata values must be UTF-8");
    v.metadata[name.substr(11)] = val;
  }
  if (auto tagging = c.header("x-amz-tagging")) {
    for (auto& [k, val] : parse_form(*tagging)) {
      if (!tree::valid_utf8(k) || !tree::valid_utf8(val)) {
        fail(400, "InvalidTag", "Tags must be UTF-8");
      }
      v.tags[k] = val;
    }
    if (v.tags.size() > 10) fail(400, "BadRequest", "Object tags cannot be greater than 10");
  }
  if (auto sc = c.header("x-amz-storage-class")) {
    if (std::find(std::begin(kStorageClasses), std::end(kStorageClasses), *sc) ==
        std::end(kStorageClasses)) {
      fail(400, "InvalidStorageClass", "The storage class you specified is not valid");
    }
    v.storage_class = *sc == "STANDARD" ? "" : *sc;
  }
  // Encryption: the request's choice, else the bucket's default (SSE-S3 unless set).
  std::string sse = c.header("x-amz-server-side-encryption").value_or("");
  std::string kms_key = c.header("x-amz-server-side-encryption-aws-kms-key-id").value_or("");
  bool bucket_key = iequals(
      c.header("x-amz-server-side-encryption-bucket-key-enabled").value_or("false"), "true");
  if (sse.empty()) {
    sse = "AES256";
    if (b.encryption) {
      if (const tree::Node* rule = b.encryption->child("Rule")) {
        if (const tree::Node* d = rule->child("ApplyServerSideEncryptionByDefault")) {
          sse = std::string(d->value("SSEAlgorithm", "AES256"));
          if (kms_key.empty()) kms_key = std::string(d->value("KMSMasterKeyID"));
        }
        bucket_key = bucket_key || rule->value("BucketKeyEnabled") == "true";
      }
    }
  }
  if (sse != "AES256" && sse != "aws:kms" && sse != "aws:kms:dsse") {
    fail(400, "InvalidArgument", "The encryption method specified is not supported");
  }
  if (sse == "AES256") {
    if (!kms_key.empty() && c.header("x-amz-server-side-encryption-aws-kms-key-id")) {
      fail(400, "InvalidArgument",
           "Server Side Encryption with AWS KMS managed key requires HTTP header "
           "x-amz-server-side-encryption : aws:kms");
    }
    kms_key.clear();
    bucket_key = false;
  } else if (kms_key.empty()) {
    // Without a key, S3 uses the account's AWS managed key for S3.
    kms_key = "arn:aws:kms:" + b.region + ":" + core_.options.account_id + ":alias/aws/s3";
  }
  v.sse = sse;
  v.kms_key_id = kms_key;
  v.bucket_key = bucket_key;

  Object& o = b.objects[c.key];
  if (b.versioning == "Enabled") {
    v.version_id = new_version_id();
  } else {
    // Off or suspended: the write replaces the "null" version.
    v.version_id = "null";
    std::erase_if(o.versions, [](const Version& old) { return old.version_id == "null"; });
  }
  o.versions.insert(o.versions.begin(), std::move(v));
  replicate_new_version(b, c.key, o.versions.front());
  const Version& stored = o.versions.front();

  HttpResponse r = empty_response(c.call, 200);
  r.headers.add("ETag", stored.etag);
  if (!b.versioning.empty()) r.headers.add("x-amz-version-id", stored.version_id);
  r.headers.add("x-amz-server-side-encryption", stored.sse);
  if (!stored.kms_key_id.empty()) {
    r.headers.add("x-amz-server-side-encryption-aws-kms-key-id", stored.kms_key_id);
  }
  if (stored.bucket_key) r.headers.add("x-amz-server-side-encryption-bucket-key-enabled", "true");
  if (!stored.checksum_algorithm.empty()) {
    r.headers.add("x-amz-checksum-" + to_lower(stored.checksum_algorithm), stored.checksum);
    r.headers.add("x-amz-checksum-type", "FULL_OBJECT");
  }
  return r;
}

HttpResponse S3Service::get_object(Ctx& c, bool head) {
  Bucket& b = bucket_or_throw(c);
  auto it = b.objects.find(c.key);
  Object* o = it == b.objects.end() ? nullptr : &it->second;
  const Version* v = nullptr;
  if (auto vid = c.q("versionId")) {
    if (!plausible_version_id(*vid)) {
      c.error_elements = {{"ArgumentName", "versionId"}, {"ArgumentValue", *vid}};
      fail(400, "InvalidArgument", "Invalid version id specified");
    }
    v = o ? find_version(*o, *vid) : nullptr;
    if (v == nullptr) {
      c.error_elements = {{"Key", c.key}, {"VersionId", *vid}};
      fail(404, "NoSuchVersion", "The specified version does not exist.");
    }
    if (v->delete_marker) {
      c.error_headers = {
          {"x-amz-delete-marker", "true"},
          {"x-amz-version-id", v->version_id},
          {"Allow", "DELETE"},
          {"Last-Modified", format_timestamp(v->last_modified, TimestampFormat::kRfc822)}};
      c.error_elements = {{"Method", c.call.http->method}, {"ResourceType", "DeleteMarker"}};
      fail(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }
  } else {
    if (o == nullptr || o->versions.empty()) {
      c.error_elements = {{"Key", c.key}};
      fail(404, "NoSuchKey", "The specified key does not exist.");
    }
    v = &o->versions.front();
    if (v->delete_marker) {
      c.error_headers = {{"x-amz-delete-marker", "true"}, {"x-amz-version-id", v->version_id}};
      c.error_elements = {{"Key", c.key}};
      fail(404, "NoSuchKey", "The specified key does not exist.");
    }
  }

  // Conditions, in the order S3 documents (RFC 7232): If-Match, If-Unmodified-Since,
  // If-None-Match, If-Modified-Since.
  auto not_modified = [&]() {
    HttpResponse r = empty_response(c.call, 304);
    r.headers.add("ETag", v->etag);
    r.headers.add("Last-Modified", format_timestamp(v->last_modified, TimestampFormat::kRfc822));
    return r;
  };
  const auto since = [&](std::string_view name) -> std::optional<TimePoint> {
    auto h = c.header(name);
    if (!h) return std::nullopt;
    auto t = parse_rfc822(*h);
    if (!t) return std::nullopt;  // S3 ignores a date it cannot read
    return *t;
  };
  // HTTP dates have whole seconds; compare at that precision.
  const auto modified = std::chrono::floor<std::chrono::seconds>(v->last_modified);
  const auto im = c.header("If-Match");
  if (im && !etag_listed(*im, v->etag)) {
    c.error_elements = {{"Condition", "If-Match"}};
    fail(412, "PreconditionFailed",
         "At least one of the pre-conditions you specified did not hold");
  }
  if (auto t = since("If-Unmodified-Since"); t && !im && modified > *t) {
    c.error_elements = {{"Condition", "If-Unmodified-Since"}};
    fail(412, "PreconditionFailed",
         "At least one of the pre-conditions you specified did not hold");
  }
  const auto inm = c.header("If-None-Match");
  if (inm && etag_listed(*inm, v->etag)) return not_modified();
  if (auto t = since("If-Modified-Since"); t && !inm && modified <= *t) return not_modified();

  if (auto part = c.q("partNumber")) {
    if (*part != "1") {
      c.error_elements = {{"PartNumberRequested", *part}, {"ActualPartCount", "1"}};
      fail(416, "InvalidPartNumber", "The requested partnumber is not satisfiable");
    }
  }
  std::optional<ByteRange> range;
  if (auto spec = c.header("Range")) range = parse_range(*spec, v->body.size(), c);

  HttpResponse r = empty_response(c.call, range ? 206 : 200);
  add_object_headers(r, b, *v);
  // response-* query parameters override the stored headers of this answer.
  static constexpr std::string_view kOverrides[][2] = {
      {"response-content-type", "Content-Type"},
      {"response-content-language", "Content-Language"},
      {"response-expires", "Expires"},
      {"response-cache-control", "Cache-Control"},
      {"response-content-disposition", "Content-Disposition"},
      {"response-content-encoding", "Content-Encoding"}};
  for (const auto& [param, header] : kOverrides) {
    if (auto val = c.q(param)) r.headers.set(header, *val);
  }
  const bool whole = !range;
  if (whole && !v->checksum_algorithm.empty() &&
      iequals(c.header("x-amz-checksum-mode").value_or(""), "ENABLED")) {
    r.headers.add("x-amz-checksum-" + to_lower(v->checksum_algorithm), v->checksum);
    r.headers.add("x-amz-checksum-type", "FULL_OBJECT");
  }
  if (range) {
    r.headers.add("Content-Range", "bytes " + std::to_string(range->first) + "-" +
                                       std::to_string(range->last) + "/" +
                                       std::to_string(v->body.size()));
  }
  const std::size_t length = range ? range->last - range->first + 1 : v->body.size();
  r.headers.add("Content-Length", std::to_string(length));
  if (!head) r.body = range ? v->body.substr(range->first, length) : v->body;
  return r;
}

S3Service::Deleted S3Service::remove_object(Bucket& b, const std::string& key,
                                            const std::optional<std::string>& version_id, Ctx& c) {
  Deleted out;
  auto it = b.objects.find(key);
  if (version_id) {
    if (!plausible_version_id(*version_id) || (b.versioning.empty() && *version_id != "null")) {
      c.error_elements = {{"ArgumentName", "versionId"}, {"ArgumentValue", *version_id}};
      fail(400, "InvalidArgument", "Invalid version id specified");
    }
    out.version_id = *version_id;
    if (it == b.objects.end()) return out;  // deleting what is not there succeeds
    auto& versions = it->second.versions;
    auto v = std::find_if(versions.begin(), versions.end(),
                          [&](const Version& x) { return x.version_id == *version_id; });
    if (v != versions.end()) {
      out.delete_marker = v->delete_marker;
      versions.erase(v);
    }
    if (versions.empty()) b.objects.erase(it);
    return out;
  }
  if (b.versioning.empty()) {
    if (it != b.objects.end()) b.objects.erase(it);
    return out;
  }
  // Versioned: a delete marker becomes the current version ("null" while suspended).
  Version marker;
  marker.delete_marker = true;
  marker.last_modified = core_.clock.now();
  Object& o = b.objects[key];
  if (b.versioning == "Enabled") {
    marker.version_id = new_version_id();
  } else {
    marker.version_id = "null";
    std::erase_if(o.versions, [](const Version& old) { return old.version_id == "null"; });
  }
  out.delete_marker = true;
  out.version_id = marker.version_id;
  o.versions.insert(o.versions.begin(), std::move(marker));
  // A delete of a specific version (above) is never replicated; a delete marker may be.
  replicate_new_version(b, key, o.versions.front());
  return out;
}

HttpResponse S3Service::delete_object(Ctx& c) {
  Bucket& b = bucket_or_throw(c);
  const Deleted d = remove_object(b, c.key, c.q("versionId"), c);
  HttpResponse r = empty_response(c.call, 204);
  if (d.delete_marker) r.headers.add("x-amz-delete-marker", "true");
  if (!d.version_id.empty()) r.headers.add("x-amz-version-id", d.version_id);
  return r;
}

HttpResponse S3Service::delete_objects(Ctx& c) {
  Bucket& b = bucket_or_throw(c);
  require_integrity_header(c);
  tree::Node req = parse_body(c, "Delete", kDelete);
  const auto objects = req.all("Object");
  if (objects.size() > 1000) {
    fail(400, "MalformedXML",
         "The XML you provided was not well-formed or did not validate against our published "
         "schema (more than 1000 objects)");
  }
  const bool quiet = req.value("Quiet") == "true";
  return xml_reply(c, "DeleteResult", [&](xml::XmlWriter& w) {
    for (const tree::Node* obj : objects) {
      const std::string key(obj->value("Key"));
      std::optional<std::string> vid;
      if (auto t = obj->text_of("VersionId")) vid = std::string(*t);
      try {
        const Deleted d = remove_object(b, key, vid, c);
        if (quiet) continue;
        w.start("Deleted").element("Key", key);
        if (vid) w.element("VersionId", *vid);
        if (d.delete_marker) {
          w.element("DeleteMarker", true);
          if (!vid) w.element("DeleteMarkerVersionId", d.version_id);
        }
        w.end();
      } catch (const ApiError& e) {
        w.start("Error").element("Key", key);
        if (vid) w.element("VersionId", *vid);
        w.element("Code", e.code).element("Message", e.message).end();
      }
    }
  });
}

}  // namespace drh::fake
