// Unit tests for the SigV4 signer: key cache, session tokens, S3 rules, presigning,
// header replacement, the Host header, canonicalisation details, thread safety and the
// Authorization format. The AWS suites (sigv4_vectors_test.cc) and the botocore
// differential test (sigv4_botocore_diff_test.cc) cover conformance at large.
#include "drh/auth/sigv4.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "drh/core/encoding.h"

namespace drh {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using testing::HasSubstr;
using testing::Not;

// 2015-08-30T12:36:00Z, the AWS suites' time.
const TimePoint kWhen = TimePoint(seconds(1440938160));

Credentials example_creds(std::string token = "") {
  Credentials c;
  c.access_key_id = "AKIDEXAMPLE";
  c.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  c.session_token = std::move(token);
  return c;
}

HttpRequest get_request(std::string host = "example.amazonaws.com") {
  HttpRequest r;
  r.method = "GET";
  r.scheme = "https";
  r.host = std::move(host);
  r.path = "/";
  return r;
}

SigningOptions service_options() { return SigningOptions::For("service", "us-east-1"); }

int count_headers(const HttpRequest& r, std::string_view name) {
  int n = 0;
  for (const auto& [k, v] : r.headers) n += iequals(k, name) ? 1 : 0;
  return n;
}

std::string signed_headers_of(const HttpRequest& r) {
  const std::string auth(r.headers.get("Authorization").value_or(""));
  const std::size_t at = auth.find("SignedHeaders=");
  if (at == std::string::npos) return "";
  const std::size_t end = auth.find(',', at);
  return auth.substr(at + 14, end - at - 14);
}

// Lines of the canonical request: 0 method, 1 URI, 2 query, then headers, "", signed
// headers, payload hash.
std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t nl = s.find('\n', start);
    out.push_back(s.substr(start, nl - start));
    if (nl == std::string::npos) return out;
    start = nl + 1;
  }
}

std::string canonical_uri(const std::string& path, const SigningOptions& options) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  r.path = path;
  return lines_of(signer.sign(r, example_creds(), options, kWhen).canonical_request)[1];
}

std::string canonical_query(const std::string& query) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  r.query = query;
  return lines_of(signer.sign(r, example_creds(), service_options(), kWhen).canonical_request)[2];
}

std::string query_param(const std::string& query, const std::string& key) {
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string::npos) amp = query.size();
    const std::string piece = query.substr(start, amp - start);
    if (piece.starts_with(key + "=")) return piece.substr(key.size() + 1);
    start = amp + 1;
  }
  return "<absent>";
}

int count_params(const std::string& query, const std::string& key) {
  int n = 0;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string::npos) amp = query.size();
    n += query.compare(start, key.size() + 1, key + "=") == 0 ? 1 : 0;
    start = amp + 1;
  }
  return n;
}

// ---------------------------------------------------------------------------------------
// Signing key and cache

TEST(SigV4SigningKey, MatchesTheAwsDocumentationExample) {
  // From the AWS General Reference, "Examples of how to derive a signing key".
  EXPECT_EQ(to_hex(derive_signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215",
                                      "us-east-1", "iam")),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(SigV4KeyCache, SameScopeReusesTheDerivedKey) {
  SigV4Signer signer;
  for (int i = 0; i < 3; ++i) {
    HttpRequest r = get_request();
    signer.sign(r, example_creds(), service_options(), kWhen + seconds(i * 60));
  }
  const auto stats = signer.cache_stats();
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.hits, 2u);
  EXPECT_EQ(stats.entries, 1u);
}

TEST(SigV4KeyCache, EachScopePartGetsItsOwnKey) {
  SigV4Signer signer;
  auto sign = [&](const Credentials& c, const SigningOptions& o, TimePoint t) {
    HttpRequest r = get_request();
    return signer.sign(r, c, o, t).signature;
  };
  Credentials other_secret = example_creds();
  other_secret.secret_access_key = "another-secret";
  const std::string base = sign(example_creds(), service_options(), kWhen);
  EXPECT_NE(sign(example_creds(), service_options(), kWhen + hours(24)), base);         // date
  EXPECT_NE(sign(example_creds(), SigningOptions::For("service", "eu-west-1"), kWhen),  // region
            base);
  EXPECT_NE(sign(example_creds(), SigningOptions::For("rds", "us-east-1"), kWhen), base);
  EXPECT_NE(sign(other_secret, service_options(), kWhen), base);  // secret
  EXPECT_EQ(signer.cache_stats().misses, 5u);
  EXPECT_EQ(signer.cache_stats().entries, 5u);
  // Back to the first scope: cached, and the same signature as before.
  EXPECT_EQ(sign(example_creds(), service_options(), kWhen), base);
  EXPECT_EQ(signer.cache_stats().misses, 5u);
}

TEST(SigV4KeyCache, EvictsTheLeastRecentlyUsedKey) {
  SigV4Signer signer;
  const Credentials creds = example_creds();
  auto sign_day = [&](int day) {
    HttpRequest r = get_request();
    signer.sign(r, creds, service_options(), kWhen + hours(24 * day));
  };
  const int slots = static_cast<int>(SigV4Signer::kKeyCacheSlots);
  for (int day = 0; day < slots; ++day) sign_day(day);
  sign_day(0);  // day 0 is now the most recently used; day 1 the least
  EXPECT_EQ(signer.cache_stats().misses, static_cast<std::uint64_t>(slots));
  sign_day(slots);  // evicts day 1
  EXPECT_EQ(signer.cache_stats().entries, SigV4Signer::kKeyCacheSlots);
  const auto before = signer.cache_stats().misses;
  sign_day(0);
  EXPECT_EQ(signer.cache_stats().misses, before);  // still cached
  sign_day(1);
  EXPECT_EQ(signer.cache_stats().misses, before + 1);  // was evicted
}

TEST(SigV4KeyCache, CachedSignatureEqualsFreshlyDerivedOne) {
  SigV4Signer warm;
  HttpRequest first = get_request();
  warm.sign(first, example_creds(), service_options(), kWhen);
  HttpRequest a = get_request();
  a.query = "x=1";
  const SigningArtifacts cached = warm.sign(a, example_creds(), service_options(), kWhen);
  ASSERT_EQ(warm.cache_stats().hits, 1u);

  const Sha256Digest key = derive_signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                              "20150830", "us-east-1", "service");
  const std::string expected =
      to_hex(hmac_sha256(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()),
                         cached.string_to_sign));
  EXPECT_EQ(cached.signature, expected);
  // The string to sign ends with the canonical request's hash.
  EXPECT_TRUE(cached.string_to_sign.ends_with(sha256_hex(cached.canonical_request)));
}

// ---------------------------------------------------------------------------------------
// Session tokens

TEST(SigV4SessionToken, IsSentAndSigned) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  const SigningArtifacts art = signer.sign(r, example_creds("tok/en+=="), service_options(), kWhen);
  EXPECT_EQ(r.headers.get("X-Amz-Security-Token").value_or(""), "tok/en+==");
  EXPECT_EQ(signed_headers_of(r), "host;x-amz-date;x-amz-security-token");
  EXPECT_THAT(art.canonical_request, HasSubstr("\nx-amz-security-token:tok/en+==\n"));
}

TEST(SigV4SessionToken, OmittedTokenIsSentButNotSigned) {
  SigningOptions options = service_options();
  options.omit_session_token = true;
  SigV4Signer signer;
  HttpRequest with_token = get_request();
  const SigningArtifacts art = signer.sign(with_token, example_creds("tok"), options, kWhen);
  EXPECT_EQ(with_token.headers.get("X-Amz-Security-Token").value_or(""), "tok");
  EXPECT_EQ(signed_headers_of(with_token), "host;x-amz-date");
  HttpRequest without = get_request();
  EXPECT_EQ(art.signature, signer.sign(without, example_creds(), options, kWhen).signature);
}

TEST(SigV4SessionToken, StaleTokenHeaderIsReplacedOrRemoved) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  r.headers.add("x-amz-security-token", "old");
  signer.sign(r, example_creds("new"), service_options(), kWhen);
  EXPECT_EQ(count_headers(r, "X-Amz-Security-Token"), 1);
  EXPECT_EQ(r.headers.get("X-Amz-Security-Token").value_or(""), "new");

  signer.sign(r, example_creds(), service_options(), kWhen);  // long-term keys now
  EXPECT_EQ(count_headers(r, "X-Amz-Security-Token"), 0);
  EXPECT_EQ(signed_headers_of(r), "host;x-amz-date");
}

TEST(SigV4SessionToken, PresignCarriesTokenInTheQuery) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  const SigningArtifacts art =
      signer.presign(r, example_creds("a/b+c="), service_options(), kWhen, seconds(60));
  EXPECT_EQ(query_param(r.query, "X-Amz-Security-Token"), "a%2Fb%2Bc%3D");
  EXPECT_THAT(art.canonical_request, HasSubstr("X-Amz-Security-Token=a%2Fb%2Bc%3D"));

  SigningOptions omit = service_options();
  omit.omit_session_token = true;
  HttpRequest o = get_request();
  const SigningArtifacts omitted =
      signer.presign(o, example_creds("a/b+c="), omit, kWhen, seconds(60));
  EXPECT_EQ(query_param(o.query, "X-Amz-Security-Token"), "a%2Fb%2Bc%3D");
  EXPECT_THAT(omitted.canonical_request, Not(HasSubstr("X-Amz-Security-Token")));
}

// ---------------------------------------------------------------------------------------
// S3 and payload options

TEST(SigV4Options, ForPicksS3Rules) {
  const SigningOptions s3 = SigningOptions::For("s3", "eu-west-1");
  EXPECT_EQ(s3.service, "s3");
  EXPECT_EQ(s3.region, "eu-west-1");
  EXPECT_FALSE(s3.double_uri_encode);
  EXPECT_FALSE(s3.normalize_path);
  EXPECT_TRUE(s3.content_sha256_header);
  EXPECT_TRUE(s3.presign_unsigned_payload);
  EXPECT_FALSE(s3.unsigned_payload);
  EXPECT_FALSE(SigningOptions::For("s3-outposts", "us-east-1").double_uri_encode);

  const SigningOptions rds = SigningOptions::For("rds", "us-west-2");
  EXPECT_TRUE(rds.double_uri_encode);
  EXPECT_TRUE(rds.normalize_path);
  EXPECT_FALSE(rds.content_sha256_header);
  EXPECT_FALSE(rds.presign_unsigned_payload);
  EXPECT_FALSE(rds.omit_session_token);
}

TEST(SigV4Options, S3PathIsSignedAsSent) {
  const auto s3 = SigningOptions::For("s3", "us-east-1");
  EXPECT_EQ(canonical_uri("/bucket/a%20b/../c//d/./", s3), "/bucket/a%20b/../c//d/./");
  EXPECT_EQ(canonical_uri("/key%2Fwith%2Fslashes", s3), "/key%2Fwith%2Fslashes");
}

TEST(SigV4Options, OtherServicesNormaliseAndDoubleEncode) {
  const auto o = service_options();
  EXPECT_EQ(canonical_uri("/a%20b/./c/", o), "/a%2520b/c/");
  EXPECT_EQ(canonical_uri("/bucket/a%20b/../c//d", o), "/bucket/c/d");
  EXPECT_EQ(canonical_uri("//a//b//", o), "/a/b/");
  EXPECT_EQ(canonical_uri("/a/b/..", o), "/a");
  EXPECT_EQ(canonical_uri("/../..", o), "/");
  EXPECT_EQ(canonical_uri("/", o), "/");
  EXPECT_EQ(canonical_uri("", o), "/");
  EXPECT_EQ(canonical_uri("/%2E%2E/x", o), "/%252E%252E/x");  // encoded dots are data
  EXPECT_EQ(canonical_uri("/caf\xC3\xA9 !", o), "/caf%C3%A9%20%21");
  SigningOptions no_normalize = o;
  no_normalize.normalize_path = false;
  EXPECT_EQ(canonical_uri("//a/./b", no_normalize), "//a/./b");
}

TEST(SigV4Options, S3SendsAndSignsTheBodyHash) {
  SigV4Signer signer;
  HttpRequest r = get_request("bucket.s3.amazonaws.com");
  r.method = "PUT";
  r.body = "hello";
  r.headers.add("x-amz-content-sha256", "stale");
  const SigningArtifacts art =
      signer.sign(r, example_creds(), SigningOptions::For("s3", "us-east-1"), kWhen);
  const std::string hash = sha256_hex("hello");
  EXPECT_EQ(count_headers(r, "x-amz-content-sha256"), 1);
  EXPECT_EQ(r.headers.get("x-amz-content-sha256").value_or(""), hash);
  EXPECT_EQ(signed_headers_of(r), "host;x-amz-content-sha256;x-amz-date");
  EXPECT_EQ(lines_of(art.canonical_request).back(), hash);
}

TEST(SigV4Options, UnsignedPayload) {
  SigV4Signer signer;
  HttpRequest r = get_request("bucket.s3.amazonaws.com");
  r.method = "PUT";
  r.body = std::string(4096, 'x');
  SigningOptions options = SigningOptions::For("s3", "us-east-1");
  options.unsigned_payload = true;
  const SigningArtifacts art = signer.sign(r, example_creds(), options, kWhen);
  EXPECT_EQ(r.headers.get("X-Amz-Content-SHA256").value_or(""), "UNSIGNED-PAYLOAD");
  EXPECT_EQ(lines_of(art.canonical_request).back(), "UNSIGNED-PAYLOAD");
}

TEST(SigV4Options, CallerSuppliedContentHashIsUsedOutsideS3) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  r.body = "body";
  r.headers.add("X-Amz-Content-Sha256", "precomputed");
  const SigningArtifacts art = signer.sign(r, example_creds(), service_options(), kWhen);
  EXPECT_EQ(lines_of(art.canonical_request).back(), "precomputed");
  EXPECT_EQ(r.headers.get("x-amz-content-sha256").value_or(""), "precomputed");
}

TEST(SigV4Options, BodyHashWithoutContentHeaderOutsideS3) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  r.method = "POST";
  r.body = "Action=ListUsers&Version=2010-05-08";
  const SigningArtifacts art = signer.sign(r, example_creds(), service_options(), kWhen);
  EXPECT_EQ(lines_of(art.canonical_request).back(), sha256_hex(r.body));
  EXPECT_FALSE(r.headers.has("x-amz-content-sha256"));
}

// ---------------------------------------------------------------------------------------
// Presigning

TEST(SigV4Presign, AddsTheQueryParametersInOrder) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  r.query = "Action=ListUsers";
  const SigningArtifacts art =
      signer.presign(r, example_creds(), service_options(), kWhen, seconds(3600));
  EXPECT_EQ(r.query,
            "Action=ListUsers&X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
            "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600"
            "&X-Amz-Signature=" +
                art.signature);
  EXPECT_TRUE(r.headers.empty());  // presigning adds no headers
}

TEST(SigV4Presign, ExpiryIsClampedToWhatAwsAccepts) {
  SigV4Signer signer;
  auto expires_for = [&](seconds s) {
    HttpRequest r = get_request();
    signer.presign(r, example_creds(), service_options(), kWhen, s);
    return query_param(r.query, "X-Amz-Expires");
  };
  EXPECT_EQ(expires_for(seconds(900)), "900");
  EXPECT_EQ(expires_for(seconds(604800)), "604800");
  EXPECT_EQ(expires_for(hours(24 * 30)), "604800");
  EXPECT_EQ(expires_for(seconds(0)), "1");
  EXPECT_EQ(expires_for(seconds(-5)), "1");
}

TEST(SigV4Presign, PresigningAgainReplacesTheParameters) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  r.query = "a=1";
  signer.presign(r, example_creds("tok"), service_options(), kWhen, seconds(60));
  const SigningArtifacts second =
      signer.presign(r, example_creds("tok"), service_options(), kWhen + hours(1), seconds(120));
  for (const char* key : {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                          "X-Amz-SignedHeaders", "X-Amz-Security-Token", "X-Amz-Signature"}) {
    EXPECT_EQ(count_params(r.query, key), 1) << key << " in " << r.query;
  }
  EXPECT_EQ(query_param(r.query, "a"), "1");
  EXPECT_EQ(query_param(r.query, "X-Amz-Expires"), "120");
  EXPECT_EQ(query_param(r.query, "X-Amz-Date"), "20150830T133600Z");

  HttpRequest fresh = get_request();
  fresh.query = "a=1";
  EXPECT_EQ(
      signer.presign(fresh, example_creds("tok"), service_options(), kWhen + hours(1), seconds(120))
          .signature,
      second.signature);
}

TEST(SigV4Presign, S3SignsUnsignedPayloadAndAddsNoHeader) {
  SigV4Signer signer;
  HttpRequest r = get_request("bucket.s3.us-east-1.amazonaws.com");
  r.path = "/key%20with%20space";
  const SigningArtifacts art = signer.presign(
      r, example_creds(), SigningOptions::For("s3", "us-east-1"), kWhen, seconds(3600));
  EXPECT_EQ(lines_of(art.canonical_request).back(), "UNSIGNED-PAYLOAD");
  EXPECT_EQ(lines_of(art.canonical_request)[1], "/key%20with%20space");
  EXPECT_TRUE(r.headers.empty());
}

TEST(SigV4Presign, RemovesAnAuthorizationHeader) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  signer.sign(r, example_creds(), service_options(), kWhen);
  ASSERT_TRUE(r.headers.has("Authorization"));
  const SigningArtifacts art =
      signer.presign(r, example_creds(), service_options(), kWhen, seconds(60));
  EXPECT_FALSE(r.headers.has("Authorization"));
  EXPECT_THAT(art.canonical_request, Not(HasSubstr("authorization")));
}

// ---------------------------------------------------------------------------------------
// Header handling

TEST(SigV4Headers, SigningAgainReplacesAuthorizationAndDate) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  r.headers.add("Authorization", "stale");
  r.headers.add("x-amz-date", "20000101T000000Z");
  signer.sign(r, example_creds(), service_options(), kWhen);
  const SigningArtifacts again =
      signer.sign(r, example_creds(), service_options(), kWhen + hours(2));
  EXPECT_EQ(count_headers(r, "Authorization"), 1);
  EXPECT_EQ(count_headers(r, "X-Amz-Date"), 1);
  EXPECT_EQ(r.headers.get("X-Amz-Date").value_or(""), "20150830T143600Z");
  EXPECT_THAT(again.canonical_request, Not(HasSubstr("authorization")));

  HttpRequest fresh = get_request();
  EXPECT_EQ(signer.sign(fresh, example_creds(), service_options(), kWhen + hours(2)).signature,
            again.signature);
}

TEST(SigV4Headers, HostComesFromTheRequestWithoutItsDefaultPort) {
  auto signed_host = [](std::string scheme, std::string host) {
    SigV4Signer signer;
    HttpRequest r = get_request(std::move(host));
    r.scheme = std::move(scheme);
    const SigningArtifacts art = signer.sign(r, example_creds(), service_options(), kWhen);
    EXPECT_FALSE(r.headers.has("Host"));  // the transport sends Host; the signer adds none
    return lines_of(art.canonical_request)[3];
  };
  EXPECT_EQ(signed_host("https", "example.com"), "host:example.com");
  EXPECT_EQ(signed_host("https", "example.com:443"), "host:example.com");
  EXPECT_EQ(signed_host("http", "example.com:80"), "host:example.com");
  EXPECT_EQ(signed_host("http", "localhost:4566"), "host:localhost:4566");
  EXPECT_EQ(signed_host("https", "example.com:80"), "host:example.com:80");
  EXPECT_EQ(signed_host("http", "[::1]:80"), "host:[::1]");
  EXPECT_EQ(signed_host("http", "[::1]:9000"), "host:[::1]:9000");
}

TEST(SigV4Headers, AnExplicitHostHeaderWins) {
  SigV4Signer signer;
  HttpRequest r = get_request("127.0.0.1:9000");
  r.headers.add("HOST", "  virtual.example.com  ");
  const SigningArtifacts art = signer.sign(r, example_creds(), service_options(), kWhen);
  EXPECT_EQ(lines_of(art.canonical_request)[3], "host:virtual.example.com");
  EXPECT_EQ(count_headers(r, "Host"), 1);
}

TEST(SigV4Headers, HopByHopHeadersAreNotSigned) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  for (const char* name :
       {"User-Agent", "Expect", "Connection", "Keep-Alive", "TE", "Trailer", "Transfer-Encoding",
        "Upgrade", "Proxy-Authorization", "Proxy-Authenticate", "X-Amzn-Trace-Id"}) {
    r.headers.add(name, "x");
  }
  r.headers.add("X-Custom", "y");
  signer.sign(r, example_creds(), service_options(), kWhen);
  EXPECT_EQ(signed_headers_of(r), "host;x-amz-date;x-custom");
}

TEST(SigV4Headers, ValuesAreTrimmedAndRepeatedNamesFolded) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  r.headers.add("My-Header", "  a   b\t\tc  ");
  r.headers.add("Zeta", "");
  r.headers.add("my-header", "second");
  r.headers.add("MY-HEADER", "\tthird\n   folded ");
  r.headers.add("Alpha", " \t ");
  const SigningArtifacts art = signer.sign(r, example_creds(), service_options(), kWhen);
  EXPECT_THAT(art.canonical_request,
              HasSubstr("\nalpha:\nhost:example.amazonaws.com\n"
                        "my-header:a b c,second,third folded\nx-amz-date:20150830T123600Z\n"
                        "zeta:\n\nalpha;host;my-header;x-amz-date;zeta\n"));
}

// ---------------------------------------------------------------------------------------
// Query canonicalisation

TEST(SigV4Query, RepeatedKeysSortByValue) {
  EXPECT_EQ(canonical_query("b=2&a=3&a=1&a="), "a=&a=1&a=3&b=2");
  // Sorted by key first: "a" before "a-b" although '-' < '='.
  EXPECT_EQ(canonical_query("a-b=1&a=2"), "a=2&a-b=1");
}

TEST(SigV4Query, BareKeysAndEmptyPieces) {
  EXPECT_EQ(canonical_query("flag&&x=1&"), "flag=&x=1");
  EXPECT_EQ(canonical_query("=v"), "=v");
}

TEST(SigV4Query, WireEncodingIsReencodedCanonically) {
  EXPECT_EQ(canonical_query("%7e=%41&sp ace=a+b&pct=%zz&low=%e1%88%b4&eq=a=b"),
            "eq=a%3Db&low=%E1%88%B4&pct=%25zz&sp%20ace=a%2Bb&~=A");
}

// ---------------------------------------------------------------------------------------
// Format and threads

TEST(SigV4Format, AuthorizationHeader) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  const SigningArtifacts art = signer.sign(r, example_creds(), service_options(), kWhen);
  ASSERT_EQ(art.signature.size(), 64u);
  EXPECT_EQ(art.signature.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(r.headers.get("Authorization").value_or(""),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=" +
                art.signature);
  EXPECT_EQ(art.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" +
                sha256_hex(art.canonical_request));
}

TEST(SigV4Format, DateIsUtcAndWholeSeconds) {
  SigV4Signer signer;
  HttpRequest r = get_request();
  // 2000-02-29T23:59:59.999Z: fractions are dropped, not rounded.
  const TimePoint t = TimePoint(seconds(951868799)) + std::chrono::milliseconds(999);
  const SigningArtifacts art = signer.sign(r, example_creds(), service_options(), t);
  EXPECT_EQ(r.headers.get("X-Amz-Date").value_or(""), "20000229T235959Z");
  EXPECT_THAT(art.string_to_sign, HasSubstr("\n20000229/us-east-1/service/aws4_request\n"));
}

TEST(SigV4Threads, ConcurrentSigningMatchesSequentialSigning) {
  const std::vector<std::string> regions = {"us-east-1", "us-west-2", "eu-west-1", "ap-south-1"};
  constexpr int kThreads = 8;
  constexpr int kPerThread = 300;
  auto make = [&](int i, SigningOptions& options, TimePoint& when) {
    options = SigningOptions::For(i % 5 == 0 ? "s3" : "dynamodb", regions[i % regions.size()]);
    when = kWhen + hours(24 * (i % 3)) + seconds(i);
    HttpRequest r = get_request();
    r.method = "POST";
    r.path = "/path/" + std::to_string(i % 17) + "/../x y";
    r.query = "i=" + std::to_string(i) + "&b=2&a=1";
    r.body = std::string(static_cast<std::size_t>(i % 700), 'b');
    r.headers.add("X-Index", std::to_string(i));
    return r;
  };
  const Credentials creds = example_creds("token");
  std::vector<std::string> expected(kThreads * kPerThread);
  {
    SigV4Signer reference;
    for (int i = 0; i < kThreads * kPerThread; ++i) {
      SigningOptions o;
      TimePoint t;
      HttpRequest r = make(i, o, t);
      expected[i] = reference.sign(r, creds, o, t).signature;
    }
  }
  SigV4Signer shared;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kPerThread; ++k) {
        const int i = k * kThreads + t;
        SigningOptions o;
        TimePoint when;
        HttpRequest r = make(i, o, when);
        if (shared.sign(r, creds, o, when).signature != expected[i]) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  const auto stats = shared.cache_stats();
  EXPECT_EQ(stats.hits + stats.misses, static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_LE(stats.entries, SigV4Signer::kKeyCacheSlots);
}

}  // namespace
}  // namespace drh
