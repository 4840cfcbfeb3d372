// S3 in the fake: addressing (path-style and virtual-hosted), routing by method and
// subresource, S3's error documents, integrity headers, and the state file form. The
// operations live in s3_buckets.cc, s3_objects.cc and s3_listing.cc.
#include "s3_service.h"

#include <nlohmann/json.hpp>

#include "drh/core/encoding.h"
#include "drh/protocol/query.h"
#include "wire.h"
#include "state_codec.h"

namespace drh::fake {

using namespace s3;

namespace s3 {

std::optional<std::string> Ctx::q(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::optional<std::string> Ctx::header(std::string_view name) const {
  auto v = call.http->headers.get(name);
  if (!v) return std::nullopt;
  return std::string(*v);
}

}  // namespace s3

namespace {


[[noreturn]] void bad_state(const std::string& what) {
  fail(400, "InvalidState", "s3 state: " + what);
}

HttpResponse error_answer(const Ctx& c, const ApiError& e) {
  HttpResponse r;
  r.status = e.status;
  // A HEAD answer never has a body: clients read the status (and headers) alone.
  if (c.call.http->method != "HEAD") {
    xml::XmlWriter w;
    w.declaration().start("Error").element("Code", e.code).element("Message", e.message);
    for (const auto& [k, v] : c.error_elements) w.element(k, v);
    w.element("RequestId", c.call.request_id).element("HostId", base64_encode(c.call.request_id));
    r.body = w.take();
    r.headers.add("Content-Type", "application/xml");
  }
  for (const auto& [k, v] : c.error_headers) r.headers.add(k, v);
  r.headers.add("x-amz-request-id", c.call.request_id);
  r.headers.add("x-amz-id-2", base64_encode(c.call.request_id));
  r.headers.add("x-amzn-RequestId", c.call.request_id);
  r.request_id = c.call.request_id;
  return r;
}

}  // namespace

HttpResponse S3Service::handle(Call& call) {
  Ctx c{call, {}, {}, false, {}, {}, {}};
  try {
    std::string_view path = call.http->path;
    if (path.starts_with('/')) path.remove_prefix(1);
    std::string host_bucket = bucket_from_host(call.host);
    if (!host_bucket.empty()) {
      c.bucket = std::move(host_bucket);
    } else {
      const auto slash = path.find('/');
      c.bucket = uri_decode(path.substr(0, slash));
      path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    }
    c.has_key = !path.empty();
    if (c.has_key) c.key = uri_decode(path);
    c.query = parse_form(call.http->query);
    return dispatch(c);
  } catch (const ApiError& e) {
    return error_answer(c, e);
  }
}

HttpResponse S3Service::dispatch(Ctx& c) {
  const std::string& m = c.call.http->method;
  const std::string_view sub = subresource(c);
  if (c.bucket.empty()) {
    if (m == "GET") return list_buckets(c);
  } else if (!c.has_key) {
    if (m == "PUT") {
      if (sub.empty()) return create_bucket(c);
      if (sub == "versioning") return put_bucket_versioning(c);
      if (sub == "replication") return put_bucket_replication(c);
      if (sub == "encryption") return put_bucket_encryption(c);
    } else if (m == "GET") {
      if (sub == "location") return get_bucket_location(c);
      if (sub == "versioning") return get_bucket_versioning(c);
      if (sub == "replication") return get_bucket_replication(c);
      if (sub == "encryption") return get_bucket_encryption(c);
      if (sub == "versions") return list_object_versions(c);
      if (sub.empty()) return list_objects(c, c.q("list-type") == "2");
    } else if (m == "HEAD") {
      if (sub.empty()) return head_bucket(c);
    } else if (m == "DELETE") {
      if (sub.empty()) return delete_bucket(c);
      if (sub == "replication") return delete_bucket_replication(c);
      if (sub == "encryption") return delete_bucket_encryption(c);
    } else if (m == "POST") {
      if (sub == "delete") return delete_objects(c);
    }
  } else if (sub.empty()) {
    if (m == "PUT" && !c.header("x-amz-copy-source")) return put_object(c);
    if (m == "GET") return get_object(c, false);
    if (m == "HEAD") return get_object(c, true);
    if (m == "DELETE") return delete_object(c);
  }
  c.call.operation = operation_name(m, c);
  fail(501, "NotImplemented", "drharness's fake does not serve S3 " + c.call.operation);
}

Bucket& S3Service::bucket_or_throw(Ctx& c, bool any_region) {
  auto it = buckets_.find(c.bucket);
  if (it == buckets_.end()) {
    c.error_elements = {{"BucketName", c.bucket}};
    fail(404, "NoSuchBucket", "The specified bucket does not exist");
  }
  Bucket& b = it->second;
  if (!any_region && b.region != c.call.region) {
    // AWS redirects; SDKs re-sign for x-amz-bucket-region and retry there.
    c.error_headers = {{"x-amz-bucket-region", b.region}};
    c.error_elements = {{"Bucket", b.name},
                        {"Endpoint", b.name + ".s3." + b.region + ".amazonaws.com"}};
    fail(301, "PermanentRedirect",
         "The bucket you are attempting to access must be addressed using the specified "
         "endpoint. Please send all future requests to this endpoint.");
  }
  return b;
}

Bucket* S3Service::find_bucket(std::string_view name) {
  auto it = buckets_.find(name);
  return it == buckets_.end() ? nullptr : &it->second;
}

std::string S3Service::owner_id() const {
  // A canonical user id is 64 hex digits; derive it from the account so it is stable.
  return sha256_hex("drharness canonical user " + core_.options.account_id);
}

HttpResponse S3Service::xml_reply(Ctx& c, std::string_view root,
                                  const std::function<void(xml::XmlWriter&)>& body, int status) {
  HttpResponse r = rest_xml_response(
      c.call,
      [&](xml::XmlWriter& w) {
        w.start(root).xmlns(kXmlns);
        body(w);
        w.end();
      },
      status);
  r.headers.add("x-amz-id-2", base64_encode(c.call.request_id));
  return r;
}

tree::Node S3Service::parse_body(Ctx& c, const char* root, const tree::Schema& schema) {
  static constexpr const char* kMalformed =
      "The XML you provided was not well-formed or did not validate against our published "
      "schema";
  const std::string& text = c.call.body();
  if (text.empty() || !tree::valid_utf8(text)) fail(400, "MalformedXML", kMalformed);
  pugi::xml_document doc;
  if (auto st = xml::load(doc, text); !st.ok()) {
    fail(400, "MalformedXML", std::string(kMalformed) + " (" + st.error().message + ")");
  }
  pugi::xml_node node = doc.document_element();
  if (xml::local_name(node) != root) {
    fail(400, "MalformedXML", std::string(kMalformed) + " (expected <" + root + ">)");
  }
  try {
    return tree::parse(node, schema);
  } catch (const tree::SchemaViolation& v) {
    fail(400, "MalformedXML", std::string(kMalformed) + " (" + v.message + ")");
  }
}

void S3Service::check_content_md5(Ctx& c, std::string_view body) {
  auto md5 = c.header("Content-MD5");
  if (!md5) return;
  std::string raw;
  if (!base64_decode(trim(*md5), raw) || raw.size() != 16) {
    fail(400, "InvalidDigest", "The Content-MD5 you specified was invalid.");
  }
  if (std::string(trim(*md5)) != md5_base64(body)) {
    fail(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
  }
}

void S3Service::require_integrity_header(Ctx& c) {
  bool checksum = false;
  for (const auto& [k, v] : c.call.http->headers) {
    checksum = checksum || starts_with(to_lower(k), "x-amz-checksum-");
  }
  if (!checksum && !c.header("Content-MD5")) {
    fail(400, "InvalidRequest", "Missing required header for this request: Content-MD5");
  }
  check_content_md5(c, c.call.body());
  for (const auto& [k, v] : c.call.http->headers) {
    const std::string name = to_lower(k);
    if (!name.starts_with("x-amz-checksum-") || name == "x-amz-checksum-type") continue;
    const std::string algorithm = to_lower(name.substr(15)) == "crc32"    ? "CRC32"
                                  : to_lower(name.substr(15)) == "crc32c" ? "CRC32C"
                                  : to_lower(name.substr(15)) == "sha256" ? "SHA256"
                                                                          : "";
    auto expected = checksum_of(algorithm, c.call.body());
    if (expected && *expected != trim(v)) {
      fail(400, "BadDigest",
           "The " + algorithm +
               " you specified did not match the calculated "
               "checksum.");
    }
  }
}

std::string S3Service::new_version_id() {
  // 32 characters of URL-safe base64, the shape of S3's version ids.
  std::string hex = core_.ids.uuid() + core_.ids.uuid();
  std::erase(hex, '-');
  std::string raw;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  std::string id = base64_encode(raw).substr(0, 32);
  for (char& ch : id) {
    if (ch == '+') ch = '.';
    if (ch == '/') ch = '_';
  }
  return id;
}

// ---------------------------------------------------------------- state

void S3Service::reset() {
  cancel_replication();
  links_.clear();
  fates_.clear();
  windows_.clear();
  buckets_.clear();
}

void S3Service::save(nlohmann::json& out) const {
  nlohmann::json buckets = nlohmann::json::array();
  for (const auto& [name, b] : buckets_) {
    nlohmann::json objects = nlohmann::json::array();
    for (const auto& [key, o] : b.objects) {
      nlohmann::json versions = nlohmann::json::array();
      for (const Version& v : o.versions) {
        versions.push_back({{"version_id", v.version_id},
                            {"delete_marker", v.delete_marker},
                            {"body_base64", base64_encode(v.body)},
                            {"etag", v.etag},
                            {"last_modified_ms", to_ms(v.last_modified)},
                            {"content_type", v.content_type},
                            {"cache_control", v.cache_control},
                            {"content_disposition", v.content_disposition},
                            {"content_encoding", v.content_encoding},
                            {"content_language", v.content_language},
                            {"expires", v.expires},
                            {"website_redirect", v.website_redirect},
                            {"metadata", v.metadata},
                            {"tags", v.tags},
                            {"storage_class", v.storage_class},
                            {"sse", v.sse},
                            {"kms_key_id", v.kms_key_id},
                            {"bucket_key", v.bucket_key},
                            {"checksum_algorithm", v.checksum_algorithm},
                            {"checksum", v.checksum},
                            {"replication_status", v.replication_status}});
      }
      objects.push_back({{"key", key}, {"versions", std::move(versions)}});
    }
    buckets.push_back(
        {{"name", b.name},
         {"region", b.region},
         {"location_constraint", b.location_constraint},
         {"created_ms", to_ms(b.created)},
         {"versioning", b.versioning},
         {"mfa_delete", b.mfa_delete},
         {"object_lock", b.object_lock},
         {"replication", b.replication ? tree::to_json(*b.replication) : nlohmann::json()},
         {"encryption", b.encryption ? tree::to_json(*b.encryption) : nlohmann::json()},
         {"objects", std::move(objects)}});
  }
  out["buckets"] = std::move(buckets);
  save_replication(out);
}

void S3Service::load(const nlohmann::json& in) {
  reset();
  if (!in.is_object()) bad_state("expected an object");
  try {
    for (const auto& bj : in.value("buckets", nlohmann::json::array())) {
      Bucket b;
      b.name = bj.at("name").get<std::string>();
      b.region = bj.at("region").get<std::string>();
      b.location_constraint = bj.value("location_constraint", "");
      b.created = from_ms(bj.value("created_ms", 0LL));
      b.versioning = bj.value("versioning", "");
      b.mfa_delete = bj.value("mfa_delete", "");
      b.object_lock = bj.value("object_lock", false);
      if (bj.contains("replication") && !bj["replication"].is_null()) {
        b.replication = tree::from_json(bj["replication"]);
        tree::validate(*b.replication, kReplicationConfiguration);
      }
      if (bj.contains("encryption") && !bj["encryption"].is_null()) {
        b.encryption = tree::from_json(bj["encryption"]);
        tree::validate(*b.encryption, kServerSideEncryptionConfiguration);
      }
      for (const auto& oj : bj.value("objects", nlohmann::json::array())) {
        Object o;
        for (const auto& vj : oj.at("versions")) {
          Version v;
          v.version_id = vj.at("version_id").get<std::string>();
          v.delete_marker = vj.value("delete_marker", false);
          if (!base64_decode(vj.value("body_base64", ""), v.body)) {
            bad_state("object body of " + b.name + " is not base64");
          }
          v.etag = vj.value("etag", "");
          v.last_modified = from_ms(vj.value("last_modified_ms", 0LL));
          v.content_type = vj.value("content_type", "");
          v.cache_control = vj.value("cache_control", "");
          v.content_disposition = vj.value("content_disposition", "");
          v.content_encoding = vj.value("content_encoding", "");
          v.content_language = vj.value("content_language", "");
          v.expires = vj.value("expires", "");
          v.website_redirect = vj.value("website_redirect", "");
          v.metadata = vj.value("metadata", std::map<std::string, std::string>{});
          v.tags = vj.value("tags", std::map<std::string, std::string>{});
          v.storage_class = vj.value("storage_class", "");
          v.sse = vj.value("sse", "");
          v.kms_key_id = vj.value("kms_key_id", "");
          v.bucket_key = vj.value("bucket_key", false);
          v.checksum_algorithm = vj.value("checksum_algorithm", "");
          v.checksum = vj.value("checksum", "");
          v.replication_status = vj.value("replication_status", "");
          o.versions.push_back(std::move(v));
        }
        b.objects.emplace(oj.at("key").get<std::string>(), std::move(o));
      }
      std::string name = b.name;
      buckets_.emplace(std::move(name), std::move(b));
    }
    load_replication(in);
  } catch (const tree::SchemaViolation& v) {
    bad_state(v.message);
  } catch (const nlohmann::json::exception& e) {
    bad_state(e.what());
  }
}

std::unique_ptr<Service> make_s3_service(FakeCloud::Core& core) {
  return std::make_unique<S3Service>(core);
}

}  // namespace drh::fake
