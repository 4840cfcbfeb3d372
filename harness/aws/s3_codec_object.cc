// S3 object operations and listings.
#include "drh/core/encoding.h"
#include "drh/protocol/rest_xml.h"
#include "drh/protocol/xml.h"
#include "s3_codec.h"
#include "s3_route53_xml.h"

namespace drh::aws {
namespace {

using restxml::FieldReader;

constexpr std::string_view kMetaPrefix = "x-amz-meta-";

RestRequestBuilder object_request(std::string_view method, const std::string& bucket,
                                  const std::string& key) {
  RestRequestBuilder b(method, "/{Bucket}/{Key+}");
  b.label("Bucket", bucket);
  b.label("Key", key);
  return b;
}

void header_if(RestRequestBuilder& b, std::string name, const std::string& value) {
  if (!value.empty()) b.header(std::move(name), value);
}

template <typename Headers>
Headers read_object_headers(FieldReader& r, const HttpResponse& response) {
  Headers out;
  auto h = [&](std::string_view name) { return FieldReader::header(response, name); };
  out.DeleteMarker = r.header_bool(response, "x-amz-delete-marker");
  out.Expiration = h("x-amz-expiration");
  out.LastModified = r.header_time(response, "Last-Modified");
  out.ContentLength = r.header_int64(response, "Content-Length");
  out.ETag = h("ETag");
  out.VersionId = h("x-amz-version-id");
  out.CacheControl = h("Cache-Control");
  out.ContentDisposition = h("Content-Disposition");
  out.ContentEncoding = h("Content-Encoding");
  out.ContentLanguage = h("Content-Language");
  out.ContentRange = h("Content-Range");
  out.ContentType = h("Content-Type");
  out.ServerSideEncryption = h("x-amz-server-side-encryption");
  out.SSEKMSKeyId = h("x-amz-server-side-encryption-aws-kms-key-id");
  out.BucketKeyEnabled = r.header_bool(response, "x-amz-server-side-encryption-bucket-key-enabled");
  out.StorageClass = h("x-amz-storage-class");
  out.ReplicationStatus = h("x-amz-replication-status");
  if (auto n = r.header_int64(response, "x-amz-mp-parts-count")) {
    out.PartsCount = static_cast<int>(*n);
  }
  if (auto n = r.header_int64(response, "x-amz-tagging-count")) {
    out.TagCount = static_cast<int>(*n);
  }
  for (const auto& [name, value] : response.headers) {
    std::string lower = to_lower(name);
    if (lower.starts_with(kMetaPrefix) && lower.size() > kMetaPrefix.size()) {
      out.Metadata[lower.substr(kMetaPrefix.size())] = std::string(trim(value));
    }
  }
  return out;
}

// ListObjectsV2/ListObjectVersions ask for encoding-type=url; S3 then form-encodes keys
// (a space is '+'), which botocore undoes with unquote_plus.
struct KeyDecoder {
  bool url = false;
  std::string operator()(std::string text) const {
    return url ? uri_decode(text, /*plus_as_space=*/true) : text;
  }
};

Owner read_owner(FieldReader& r, pugi::xml_node n) {
  return Owner{r.text(n, "DisplayName"), r.text(n, "ID")};
}

std::vector<CommonPrefix> read_common_prefixes(FieldReader& r, pugi::xml_node root,
                                               const KeyDecoder& decode) {
  std::vector<CommonPrefix> out;
  for (pugi::xml_node p : xml::elements(root, "CommonPrefixes")) {
    out.push_back(CommonPrefix{decode(r.text(p, "Prefix"))});
  }
  return out;
}

}  // namespace

// ------------------------------------------------------------------ objects

Result<HttpRequest> encode_PutObject(const PutObjectRequest& request) {
  RestRequestBuilder b = object_request("PUT", request.Bucket, request.Key);
  header_if(b, "Cache-Control", request.CacheControl);
  header_if(b, "Content-Disposition", request.ContentDisposition);
  header_if(b, "Content-Encoding", request.ContentEncoding);
  header_if(b, "Content-Type", request.ContentType);
  for (const auto& [key, value] : request.Metadata) {
    if (key.empty()) return invalid_input("PutObject: a Metadata key is empty");
    b.header(std::string(kMetaPrefix) + key, value);
  }
  header_if(b, "x-amz-server-side-encryption", request.ServerSideEncryption);
  header_if(b, "x-amz-server-side-encryption-aws-kms-key-id", request.SSEKMSKeyId);
  header_if(b, "x-amz-storage-class", request.StorageClass);
  header_if(b, "x-amz-tagging", request.Tagging);
  // S3 checks the body against Content-MD5 and refuses a body damaged on the way.
  b.header("Content-MD5", md5_base64(request.Body));
  b.body(request.Body);
  return b.build();
}

Result<PutObjectResult> decode_PutObject(const HttpResponse& response) {
  FieldReader r("PutObject");
  PutObjectResult out;
  out.ETag = FieldReader::header(response, "ETag");
  out.VersionId = FieldReader::header(response, "x-amz-version-id");
  out.ServerSideEncryption = FieldReader::header(response, "x-amz-server-side-encryption");
  out.Expiration = FieldReader::header(response, "x-amz-expiration");
  out.Size = r.header_int64(response, "x-amz-object-size");
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_GetObject(const GetObjectRequest& request) {
  RestRequestBuilder b = object_request("GET", request.Bucket, request.Key);
  header_if(b, "If-Match", request.IfMatch);
  header_if(b, "If-None-Match", request.IfNoneMatch);
  header_if(b, "Range", request.Range);
  if (!request.VersionId.empty()) b.query("versionId", request.VersionId);
  return b.build();
}

Result<GetObjectResult> decode_GetObject(const HttpResponse& response) {
  FieldReader r("GetObject");
  GetObjectResult out = read_object_headers<GetObjectResult>(r, response);
  out.Body = response.body;
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_HeadObject(const HeadObjectRequest& request) {
  RestRequestBuilder b = object_request("HEAD", request.Bucket, request.Key);
  header_if(b, "If-Match", request.IfMatch);
  header_if(b, "If-None-Match", request.IfNoneMatch);
  if (!request.VersionId.empty()) b.query("versionId", request.VersionId);
  return b.build();
}

Result<HeadObjectResult> decode_HeadObject(const HttpResponse& response) {
  FieldReader r("HeadObject");
  HeadObjectResult out = read_object_headers<HeadObjectResult>(r, response);
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_DeleteObject(const DeleteObjectRequest& request) {
  RestRequestBuilder b = object_request("DELETE", request.Bucket, request.Key);
  if (!request.VersionId.empty()) b.query("versionId", request.VersionId);
  return b.build();
}

Result<DeleteObjectResult> decode_DeleteObject(const HttpResponse& response) {
  FieldReader r("DeleteObject");
  DeleteObjectResult out;
  out.DeleteMarker = r.header_bool(response, "x-amz-delete-marker");
  out.VersionId = FieldReader::header(response, "x-amz-version-id");
  return restxml::finish(r, response, std::move(out));
}

// ------------------------------------------------------------------ listings

Result<HttpRequest> encode_ListObjectsV2(const ListObjectsV2Request& request) {
  RestRequestBuilder b("GET", "/{Bucket}?list-type=2");
  b.label("Bucket", request.Bucket);
  if (!request.ContinuationToken.empty()) b.query("continuation-token", request.ContinuationToken);
  if (!request.Delimiter.empty()) b.query("delimiter", request.Delimiter);
  b.query("encoding-type", "url");
  if (request.FetchOwner) b.query("fetch-owner", *request.FetchOwner ? "true" : "false");
  if (request.MaxKeys) b.query("max-keys", std::to_string(*request.MaxKeys));
  if (!request.Prefix.empty()) b.query("prefix", request.Prefix);
  if (!request.StartAfter.empty()) b.query("start-after", request.StartAfter);
  return b.build();
}

Result<ListObjectsV2Result> decode_ListObjectsV2(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "ListObjectsV2", {"ListBucketResult"});
  if (!root) return root.error();
  FieldReader r("ListObjectsV2");
  ListObjectsV2Result out;
  out.EncodingType = r.text(*root, "EncodingType");
  const KeyDecoder decode{out.EncodingType == "url"};
  out.IsTruncated = r.boolean(*root, "IsTruncated").value_or(false);
  for (pugi::xml_node c : xml::elements(*root, "Contents")) {
    Object o;
    o.Key = decode(r.required_text(c, "Key"));
    o.LastModified = r.timestamp(c, "LastModified");
    o.ETag = r.text(c, "ETag");
    o.Size = r.int64(c, "Size");
    o.StorageClass = r.text(c, "StorageClass");
    if (pugi::xml_node owner = c.child("Owner")) o.Owner = read_owner(r, owner);
    out.Contents.push_back(std::move(o));
  }
  out.Name = r.text(*root, "Name");
  out.Prefix = decode(r.text(*root, "Prefix"));
  out.Delimiter = decode(r.text(*root, "Delimiter"));
  out.MaxKeys = r.int32(*root, "MaxKeys");
  out.CommonPrefixes = read_common_prefixes(r, *root, decode);
  out.KeyCount = r.int32(*root, "KeyCount");
  out.ContinuationToken = r.text(*root, "ContinuationToken");
  out.NextContinuationToken = r.text(*root, "NextContinuationToken");
  out.StartAfter = decode(r.text(*root, "StartAfter"));
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_ListObjectVersions(const ListObjectVersionsRequest& request) {
  RestRequestBuilder b("GET", "/{Bucket}?versions");
  b.label("Bucket", request.Bucket);
  if (!request.Delimiter.empty()) b.query("delimiter", request.Delimiter);
  b.query("encoding-type", "url");
  if (!request.KeyMarker.empty()) b.query("key-marker", request.KeyMarker);
  if (request.MaxKeys) b.query("max-keys", std::to_string(*request.MaxKeys));
  if (!request.Prefix.empty()) b.query("prefix", request.Prefix);
  if (!request.VersionIdMarker.empty()) b.query("version-id-marker", request.VersionIdMarker);
  return b.build();
}

Result<ListObjectVersionsResult> decode_ListObjectVersions(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "ListObjectVersions", {"ListVersionsResult"});
  if (!root) return root.error();
  FieldReader r("ListObjectVersions");
  ListObjectVersionsResult out;
  out.EncodingType = r.text(*root, "EncodingType");
  const KeyDecoder decode{out.EncodingType == "url"};
  out.IsTruncated = r.boolean(*root, "IsTruncated").value_or(false);
  out.KeyMarker = decode(r.text(*root, "KeyMarker"));
  out.VersionIdMarker = r.text(*root, "VersionIdMarker");
  out.NextKeyMarker = decode(r.text(*root, "NextKeyMarker"));
  out.NextVersionIdMarker = r.text(*root, "NextVersionIdMarker");
  // Versions and delete markers come interleaved in key order; each keeps its own list.
  for (pugi::xml_node n : xml::elements(*root)) {
    std::string_view name = xml::local_name(n);
    if (name == "Version") {
      ObjectVersion v;
      v.ETag = r.text(n, "ETag");
      v.Size = r.int64(n, "Size");
      v.StorageClass = r.text(n, "StorageClass");
      v.Key = decode(r.required_text(n, "Key"));
      v.VersionId = r.required_text(n, "VersionId");
      v.IsLatest = r.boolean(n, "IsLatest").value_or(false);
      v.LastModified = r.timestamp(n, "LastModified");
      if (pugi::xml_node owner = n.child("Owner")) v.Owner = read_owner(r, owner);
      out.Versions.push_back(std::move(v));
    } else if (name == "DeleteMarker") {
      DeleteMarkerEntry m;
      if (pugi::xml_node owner = n.child("Owner")) m.Owner = read_owner(r, owner);
      m.Key = decode(r.required_text(n, "Key"));
      m.VersionId = r.required_text(n, "VersionId");
      m.IsLatest = r.boolean(n, "IsLatest").value_or(false);
      m.LastModified = r.timestamp(n, "LastModified");
      out.DeleteMarkers.push_back(std::move(m));
    }
  }
  out.Name = r.text(*root, "Name");
  out.Prefix = decode(r.text(*root, "Prefix"));
  out.Delimiter = decode(r.text(*root, "Delimiter"));
  out.MaxKeys = r.int32(*root, "MaxKeys");
  out.CommonPrefixes = read_common_prefixes(r, *root, decode);
  return restxml::finish(r, response, std::move(out));
}

}  // namespace drh::aws
