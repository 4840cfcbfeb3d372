// AWS Signature Version 4: header and presigned-query signing.
//
// Follows the AWS SigV4 specification and passes the aws-c-auth and the classic AWS test
// suites. S3 differs from other services: no double URI-encoding of the path, no path
// normalisation, and an x-amz-content-sha256 header. The signing key is cached per
// (secret, date, region, service), so signing many requests costs two HMACs plus hashing.
//
// What gets signed, precisely:
// - Canonical URI: `request.path` is the wire (already percent-encoded) path. Unless
//   normalize_path is off, "." and ".." segments and empty segments ("//") are removed
//   (a trailing '/' is kept when anything remains). Unless double_uri_encode is off, the
//   result is percent-encoded once more ('/' kept), as AWS requires for every service
//   but S3.
// - Canonical query: each key and value of `request.query` is percent-decoded and then
//   encoded canonically (RFC 3986 unreserved characters kept, upper-case hex; '+' is a
//   literal plus). Pairs are sorted by key, then by value; "k" signs as "k="; empty
//   pieces ("a&&b") are ignored.
// - Headers: every header except Authorization and the hop-by-hop / proxy-rewritten ones
//   (Connection, Expect, Keep-Alive, Proxy-Authenticate, Proxy-Authorization, TE,
//   Trailer, Transfer-Encoding, Upgrade, User-Agent, X-Amzn-Trace-Id) is signed: names
//   lower-cased, values trimmed with inner whitespace runs collapsed to one space,
//   repeated names joined with ',' in request order. Without a Host header, `host` is
//   signed as `request.host` minus a default port (":443" on https, ":80" on http), which
//   is what the transport sends; no Host header is added.
// - Payload hash: "UNSIGNED-PAYLOAD" when asked for; otherwise for S3-style signing
//   (content_sha256_header) the body's SHA-256; otherwise the value of an
//   x-amz-content-sha256 header the caller already set (a precomputed hash), else the
//   body's SHA-256.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "drh/auth/credentials.h"
#include "drh/core/clock.h"
#include "drh/core/encoding.h"
#include "drh/core/http.h"

namespace drh {

struct SigningOptions {
  std::string region;   ///< e.g. "us-east-1"
  std::string service;  ///< signing name, e.g. "rds", "s3", "route53"
  /// Percent-encode the already-encoded path once more (every service but S3).
  bool double_uri_encode = true;
  /// Remove "." and ".." segments and repeated slashes before signing (not S3).
  bool normalize_path = true;
  /// Add an x-amz-content-sha256 header holding the payload hash (S3 requires it).
  bool content_sha256_header = false;
  /// Sign with "UNSIGNED-PAYLOAD" instead of the body's hash (S3 only). Header signing
  /// then also sends x-amz-content-sha256: UNSIGNED-PAYLOAD.
  bool unsigned_payload = false;
  /// Presigned URLs sign "UNSIGNED-PAYLOAD" instead of the body's hash: S3 does, since
  /// whoever makes the URL does not know the body that will be sent with it.
  bool presign_unsigned_payload = false;
  /// Add X-Amz-Security-Token after signing instead of signing it (a few services).
  bool omit_session_token = false;

  /// The options AWS uses for `service`: S3 ("s3", also "s3-outposts") turns off
  /// double-encoding and normalisation and turns on the content header and unsigned
  /// payloads for presigned URLs.
  static SigningOptions For(std::string service, std::string region);
};

/// What signing produced, kept for tests and for `--debug` output. The canonical request
/// holds the session token when it is signed: pass it through redact_auth_text()
/// (drh/core/redact.h) before printing it.
struct SigningArtifacts {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;  ///< hex
};

/// kSigning = HMAC chain over "AWS4" + secret, `date` (YYYYMMDD), region, service and
/// "aws4_request". Uncached; SigV4Signer caches it.
Sha256Digest derive_signing_key(std::string_view secret_access_key, std::string_view date,
                                std::string_view region, std::string_view service);

class SigV4Signer {
 public:
  /// The key cache holds this many (secret, date, region, service) entries; the least
  /// recently used one is replaced when full.
  static constexpr std::size_t kKeyCacheSlots = 16;

  /// Longest validity AWS accepts for a presigned URL (7 days).
  static constexpr std::chrono::seconds kMaxPresignExpiry{604800};

  SigV4Signer();
  ~SigV4Signer();
  SigV4Signer(const SigV4Signer&) = delete;
  SigV4Signer& operator=(const SigV4Signer&) = delete;

  /// Adds X-Amz-Date, (X-Amz-Security-Token), (x-amz-content-sha256) and Authorization
  /// headers to `request`. Any Authorization/X-Amz-Date already present is replaced, and
  /// so is any X-Amz-Security-Token (removed when `creds` has no session token): signing
  /// the same request again, e.g. for a retry, gives a consistent request. Thread-safe.
  SigningArtifacts sign(HttpRequest& request, const Credentials& creds,
                        const SigningOptions& options, TimePoint when) const;

  /// Adds X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders,
  /// X-Amz-Expires, (X-Amz-Security-Token) and X-Amz-Signature to the query string, after
  /// removing any left from an earlier presign; an Authorization header is removed.
  /// `expires` is clamped to [1 s, kMaxPresignExpiry]. Never adds headers: every header
  /// present is signed and must be sent along with the URL. Thread-safe.
  SigningArtifacts presign(HttpRequest& request, const Credentials& creds,
                           const SigningOptions& options, TimePoint when,
                           std::chrono::seconds expires) const;

  /// Key cache counters, for tests and diagnostics.
  struct CacheStats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;  ///< each one derived a signing key
    std::size_t entries = 0;
  };
  CacheStats cache_stats() const;

 private:
  struct KeyCache;
  std::unique_ptr<KeyCache> key_cache_;
};

}  // namespace drh
