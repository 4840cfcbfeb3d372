// S3's byte-level details: checksums, aws-chunked bodies, host-style addressing, bucket
// names, and the names of operations the fake does not serve.
#include <array>
#include <charconv>

#include "drh/core/encoding.h"
#include "s3_service.h"

namespace drh::fake::s3 {

namespace {

constexpr std::array<std::uint32_t, 256> make_crc_table(std::uint32_t poly) {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? poly ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}

constexpr auto kCrc32 = make_crc_table(0xEDB88320U);   // ISO-HDLC, as zlib
constexpr auto kCrc32c = make_crc_table(0x82F63B78U);  // Castagnoli

std::uint32_t crc(const std::array<std::uint32_t, 256>& table, std::string_view data) {
  std::uint32_t c = 0xFFFFFFFFU;
  for (char ch : data) c = table[(c ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFU;
}

std::string_view line(std::string_view& s, bool& ok) {
  auto end = s.find("\r\n");
  if (end == std::string_view::npos) {
    ok = false;
    return {};
  }
  std::string_view l = s.substr(0, end);
  s.remove_prefix(end + 2);
  return l;
}

}  // namespace

std::uint32_t crc32(std::string_view data) { return crc(kCrc32, data); }
std::uint32_t crc32c(std::string_view data) { return crc(kCrc32c, data); }

std::string md5_hex(std::string_view data) {
  std::string raw;
  base64_decode(md5_base64(data), raw);
  return to_hex(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size());
}

std::optional<std::string> decode_aws_chunked(
    std::string_view s, std::vector<std::pair<std::string, std::string>>* trailers) {
  std::string out;
  bool ok = true;
  for (;;) {
    std::string_view header = line(s, ok);
    if (!ok) return std::nullopt;
    std::string_view size_text = header.substr(0, header.find(';'));
    std::size_t size = 0;
    auto [ptr, ec] =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (ec != std::errc() || ptr != size_text.data() + size_text.size()) return std::nullopt;
    if (size == 0) break;
    if (s.size() < size + 2 || s.substr(size, 2) != "\r\n") return std::nullopt;
    out.append(s.substr(0, size));
    s.remove_prefix(size + 2);
  }
  // Trailers ("x-amz-checksum-crc32:...") up to an empty line or the end.
  while (!s.empty()) {
    std::string_view l = line(s, ok);
    if (!ok) l = std::exchange(s, std::string_view{});
    if (l.empty()) break;
    auto colon = l.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    if (trailers != nullptr) {
      trailers->emplace_back(to_lower(trim(l.substr(0, colon))),
                             std::string(trim(l.substr(colon + 1))));
    }
  }
  return out;
}

std::string bucket_from_host(std::string_view host) {
  if (host.ends_with(".localhost")) return std::string(host.substr(0, host.size() - 10));
  if (!host.ends_with(".amazonaws.com") && !host.ends_with(".amazonaws.com.cn")) return {};
  // The last ".s3." / ".s3-" separates the bucket (which may hold dots) from the endpoint:
  // bucket.s3.amazonaws.com, bucket.s3.us-west-2.amazonaws.com, bucket.s3-us-west-2...,
  // bucket.s3.dualstack.us-west-2.amazonaws.com.
  const auto dot = host.rfind(".s3.");
  const auto dash = host.rfind(".s3-");
  std::size_t pos = std::string_view::npos;
  if (dot != std::string_view::npos) pos = dot;
  if (dash != std::string_view::npos && (pos == std::string_view::npos || dash > pos)) pos = dash;
  if (pos == std::string_view::npos || pos == 0) return {};
  return std::string(host.substr(0, pos));
}

bool valid_bucket_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  }
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  if (name.find("..") != std::string_view::npos) return false;
  for (std::string_view p : {"xn--", "sthree-", "amzn-s3-demo-"}) {
    if (name.starts_with(p)) return false;
  }
  for (std::string_view s : {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}) {
    if (name.ends_with(s)) return false;
  }
  // Not formatted as an IP address (192.168.5.4).
  int groups = 0;
  bool ip = true;
  std::string_view rest = name;
  while (ip) {
    auto dot = rest.find('.');
    std::string_view g = rest.substr(0, dot);
    ip = !g.empty() && g.size() <= 3 && g.find_first_not_of("0123456789") == std::string_view::npos;
    ++groups;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return !(ip && groups == 4);
}

std::string_view subresource(const Ctx& c) {
  static constexpr std::string_view kNames[] = {"versioning",
                                                "replication",
                                                "encryption",
                                                "location",
                                                "versions",
                                                "delete",
                                                "uploads",
                                                "uploadId",
                                                "restore",
                                                "select",
                                                "policy",
                                                "policyStatus",
                                                "tagging",
                                                "lifecycle",
                                                "cors",
                                                "acl",
                                                "website",
                                                "logging",
                                                "notification",
                                                "ownershipControls",
                                                "publicAccessBlock",
                                                "object-lock",
                                                "accelerate",
                                                "requestPayment",
                                                "analytics",
                                                "metrics",
                                                "inventory",
                                                "intelligent-tiering",
                                                "retention",
                                                "legal-hold",
                                                "attributes",
                                                "torrent",
                                                "session",
                                                "metadataTable",
                                                "metadataConfiguration",
                                                "abac",
                                                "renameObject"};
  for (const auto& [k, v] : c.query) {
    for (std::string_view n : kNames) {
      if (k == n) return n;
    }
  }
  return {};
}

std::optional<std::string> checksum_of(std::string_view algorithm, std::string_view data) {
  auto be32 = [](std::uint32_t v) {
    std::string raw(4, '\0');
    for (int i = 0; i < 4; ++i)
      raw[static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
    return base64_encode(raw);
  };
  if (algorithm == "CRC32") return be32(crc32(data));
  if (algorithm == "CRC32C") return be32(crc32c(data));
  if (algorithm == "SHA256") {
    const Sha256Digest d = sha256(data);
    return base64_encode(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
  }
  return std::nullopt;
}

std::string operation_name(std::string_view method, const Ctx& c) {
  const std::string verb = method == "GET"      ? "Get"
                           : method == "PUT"    ? "Put"
                           : method == "DELETE" ? "Delete"
                           : method == "HEAD"   ? "Head"
                                                : std::string(method);
  if (c.bucket.empty()) return method == "GET" ? "ListBuckets" : verb + " on the service";
  struct Sub {
    std::string_view query;
    std::string_view bucket_noun;
    std::string_view object_noun;
  };
  static constexpr Sub kSubs[] = {
      {"policy", "BucketPolicy", ""},
      {"policyStatus", "BucketPolicyStatus", ""},
      {"tagging", "BucketTagging", "ObjectTagging"},
      {"lifecycle", "BucketLifecycleConfiguration", ""},
      {"cors", "BucketCors", ""},
      {"acl", "BucketAcl", "ObjectAcl"},
      {"website", "BucketWebsite", ""},
      {"logging", "BucketLogging", ""},
      {"notification", "BucketNotificationConfiguration", ""},
      {"ownershipControls", "BucketOwnershipControls", ""},
      {"publicAccessBlock", "PublicAccessBlock", ""},
      {"object-lock", "ObjectLockConfiguration", ""},
      {"accelerate", "BucketAccelerateConfiguration", ""},
      {"requestPayment", "BucketRequestPayment", ""},
      {"analytics", "BucketAnalyticsConfiguration", ""},
      {"metrics", "BucketMetricsConfiguration", ""},
      {"inventory", "BucketInventoryConfiguration", ""},
      {"intelligent-tiering", "BucketIntelligentTieringConfiguration", ""},
      {"retention", "", "ObjectRetention"},
      {"legal-hold", "", "ObjectLegalHold"},
      {"attributes", "", "ObjectAttributes"},
      {"torrent", "", "ObjectTorrent"},
  };
  if (c.has("uploads")) {
    return method == "POST" ? "CreateMultipartUpload" : "ListMultipartUploads";
  }
  if (c.has("uploadId")) {
    if (method == "PUT") return c.header("x-amz-copy-source") ? "UploadPartCopy" : "UploadPart";
    if (method == "POST") return "CompleteMultipartUpload";
    if (method == "DELETE") return "AbortMultipartUpload";
    return "ListParts";
  }
  if (c.has("restore")) return "RestoreObject";
  if (c.has("select")) return "SelectObjectContent";
  for (const Sub& s : kSubs) {
    if (!c.has(s.query)) continue;
    std::string_view noun = c.has_key ? s.object_noun : s.bucket_noun;
    if (!noun.empty()) return verb + std::string(noun);
  }
  if (c.has_key && method == "PUT" && c.header("x-amz-copy-source")) return "CopyObject";
  if (c.has_key) return verb + "Object";
  return verb + "Bucket";
}

}  // namespace drh::fake::s3
