// Differential test: our SigV4 signer against botocore's, on thousands of generated
// requests.
//
// The test generates deterministic pseudo-random requests (methods, paths with spaces,
// UTF-8, reserved characters, "." / ".." segments and "//"; queries with repeated keys,
// empty keys and values and odd encodings; headers with whitespace runs, duplicate names
// in mixed case, hop-by-hop headers and stale signing headers; binary bodies; S3 and other
// services; with and without session tokens; header signing and presigned URLs), writes
// them as JSON lines, runs ONE python3 process (sigv4_botocore_sign.py) that signs each with
// botocore.auth's SigV4Auth / S3SigV4Auth / SigV4QueryAuth / S3SigV4QueryAuth at the same
// fixed time, and compares the Authorization header (or presigned signature) and the
// canonical request of every one. Without python3 or botocore the test is skipped, or
// fails when CI=true.
//
// Input classes left out, and why (each is a botocore behaviour, not an ambiguity of the
// specification we would want to copy):
// - A Date header: botocore then rewrites Date and signs it instead of adding X-Amz-Date;
//   the specification allows either, we always use X-Amz-Date.
// - Empty query pieces ("a&&b", a trailing '&'): botocore signs an empty "=" parameter for
//   them; we ignore them, as servers do when they parse the query.
// - Upper-case hosts: botocore lower-cases the host it derives from the URL; we sign
//   request.host as the transport sends it. Generated hosts are lower case.
// - An X-Amz-Security-Token header with credentials that have no token: botocore leaves
//   and signs it; our signer owns that header and removes it.
// - Query strings given to botocore in the URL ("url" mode) are signed verbatim by it (it
//   expects its own serializer's canonical encoding), so that mode only carries canonical
//   encodings. Non-canonical wire encodings (lower-case hex, encoded unreserved bytes, raw
//   reserved characters, a literal '+', stray '%') go through "params" mode, where the
//   script decodes the pieces and botocore encodes them itself.
// - Presigned URLs: botocore re-parses the query with parse_qs (repeated keys collapse,
//   '+' becomes a space), moves a body into the query, drops one specific Content-Type
//   value and signs an Authorization header; for S3 it lets an x-amz-content-sha256
//   header override UNSIGNED-PAYLOAD. Presign cases therefore have unique keys, no literal
//   '+', no body, no Authorization / x-amz-content-sha256 header and no such Content-Type.
// - Header values are ASCII, with spaces and tabs (and rarely an obs-fold line break) as
//   whitespace: Python's str.split() also splits on \x1c-\x1f and Unicode spaces.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "drh/auth/sigv4.h"
#include "drh/core/encoding.h"
#include "sigv4_test_support.h"

namespace drh {
namespace {

namespace fs = std::filesystem;

constexpr int kHeaderRequests = 2400;
constexpr int kPresignRequests = 600;

// ---------------------------------------------------------------------------------------
// Deterministic generator

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {  // splitmix64: the same sequence on every platform
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }

 private:
  std::uint64_t state_;
};

const std::vector<std::string> kUnreservedChars = {"a", "b", "z", "A", "Q", "Z", "0",
                                                   "7", "9", "-", "_", ".", "~"};
const std::vector<std::string> kSubDelims = {"!", "$", "&", "'", "(", ")", "*",
                                             "+", ",", ";", "=", ":", "@"};
const std::vector<std::string> kOtherAscii = {" ", "\"", "<", ">", "\\", "^", "`", "{",   "|",
                                              "}", "[",  "]", "%", "#",  "?", "/", "\x7f"};
const std::vector<std::string> kUnicode = {"\xC3\xA9",           // é
                                           "\xC3\x9F",           // ß
                                           "\xE1\x88\xB4",       // ሴ
                                           "\xE6\x97\xA5",       // 日
                                           "\xE2\x82\xAC",       // €
                                           "\xF0\x9F\x98\x80"};  // 😀

// One character (as UTF-8) of varied kind.
std::string random_char(Rng& rng) {
  const std::size_t k = rng.below(100);
  if (k < 50) return rng.pick(kUnreservedChars);
  if (k < 70) return rng.pick(kSubDelims);
  if (k < 88) return rng.pick(kOtherAscii);
  return rng.pick(kUnicode);
}

std::string random_raw(Rng& rng, std::size_t max_chars) {
  std::string s;
  const std::size_t n = rng.below(max_chars + 1);
  for (std::size_t i = 0; i < n; ++i) s += random_char(rng);
  return s;
}

bool is_unreserved_byte(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

void append_pct(std::string& out, unsigned char c, bool lower_hex) {
  const char* hex = lower_hex ? "0123456789abcdef" : "0123456789ABCDEF";
  out += '%';
  out += hex[c >> 4];
  out += hex[c & 0xF];
}

// Canonical encoding (what botocore's serializers write), written independently of the
// code under test.
std::string encode_canonical(std::string_view raw) {
  std::string out;
  for (char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved_byte(c)) {
      out += ch;
    } else {
      append_pct(out, c, false);
    }
  }
  return out;
}

enum class Part { kPathSegment, kQueryKey, kQueryValue };

// A valid but non-canonical wire encoding of `raw`, character by character: unreserved
// bytes sometimes encoded, reserved characters sometimes raw, lower-case hex, UTF-8 raw
// or encoded as a whole character.
std::string encode_sloppy(Rng& rng, std::string_view raw, Part part, bool allow_plus) {
  std::string out;
  std::size_t i = 0;
  while (i < raw.size()) {
    const auto c = static_cast<unsigned char>(raw[i]);
    std::size_t len = 1;
    if (c >= 0xF0) {
      len = 4;
    } else if (c >= 0xE0) {
      len = 3;
    } else if (c >= 0xC0) {
      len = 2;
    }
    const std::string_view ch = raw.substr(i, len);
    i += len;
    const bool lower = rng.chance(40);
    if (len > 1) {  // UTF-8: all raw or all encoded (the decoder sees whole characters)
      if (rng.chance(30)) {
        out += ch;
      } else {
        for (char b : ch) append_pct(out, static_cast<unsigned char>(b), lower);
      }
      continue;
    }
    bool raw_ok = false;
    int raw_percent = 0;
    if (is_unreserved_byte(c)) {
      raw_ok = true;
      raw_percent = 85;
    } else if (c == '+') {
      raw_ok = allow_plus;
      raw_percent = 40;
    } else if (c == '&' || c == '#' || c == '%' || c == '?' || c == 0x7f) {
      raw_ok = false;
    } else if (c == '=') {
      raw_ok = part == Part::kQueryValue || part == Part::kPathSegment;
      raw_percent = 40;
    } else if (c == '/') {
      raw_ok = part != Part::kPathSegment;
      raw_percent = 50;
    } else if (c == ' ') {
      raw_ok = true;
      raw_percent = 20;
    } else if (c == '!' || c == '$' || c == '\'' || c == '(' || c == ')' || c == '*' || c == ',' ||
               c == ';' || c == ':' || c == '@') {
      raw_ok = true;
      raw_percent = 50;
    }
    if (raw_ok && rng.chance(raw_percent)) {
      out += static_cast<char>(c);
    } else {
      append_pct(out, c, lower);
    }
  }
  // Now and then a '%' that starts no escape: it stays a literal '%' on both sides.
  if (rng.chance(4)) out += rng.chance(50) ? "%zz" : "%%41";
  return out;
}

// One JSON object on one line, written by hand (the strings are valid UTF-8 by
// construction; this is much cheaper than a DOM in a sanitized debug build).
class JsonLine {
 public:
  JsonLine& str(std::string_view key, std::string_view value) {
    name(key);
    quote(value);
    return *this;
  }
  JsonLine& num(std::string_view key, std::int64_t value) {
    name(key);
    out_ += std::to_string(value);
    return *this;
  }
  JsonLine& boolean(std::string_view key, bool value) {
    name(key);
    out_ += value ? "true" : "false";
    return *this;
  }
  JsonLine& pairs(std::string_view key,
                  const std::vector<std::pair<std::string, std::string>>& values) {
    name(key);
    out_ += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out_ += ',';
      out_ += '[';
      quote(values[i].first);
      out_ += ',';
      quote(values[i].second);
      out_ += ']';
    }
    out_ += ']';
    return *this;
  }
  std::string done() { return out_.empty() ? "{}" : out_ + '}'; }

 private:
  void name(std::string_view key) {
    out_ += out_.empty() ? '{' : ',';
    quote(key);
    out_ += ':';
  }
  void quote(std::string_view v) {
    out_ += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
        out_ += buf;
      } else {
        out_ += c;
      }
    }
    out_ += '"';
  }
  std::string out_;
};

struct Generated {
  std::string record;   // the JSON line the script receives
  HttpRequest request;  // what we sign
  Credentials creds;
  SigningOptions options;
  TimePoint when;
  std::chrono::seconds expires{0};
  bool presign = false;
};

const std::vector<std::string> kRegions = {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1",
                                           "ap-southeast-2"};
const std::vector<std::string> kServices = {"ec2", "rds", "monitoring", "dynamodb",    "route53",
                                            "sns", "sts", "lambda",     "execute-api", "service"};
const std::vector<std::string> kMethods = {"GET", "PUT", "POST", "DELETE", "HEAD"};
const std::vector<std::int64_t> kEpochs = {
    1440938160,  // 2015-08-30T12:36:00Z, the test suites' time
    951782400,   // 2000-02-29T00:00:00Z
    1709251199,  // 2024-02-29T23:59:59Z
    2147483647,  // 2038-01-19T03:14:07Z
    1893456000,  // 2030-01-01T00:00:00Z
};
const std::vector<std::string> kQueryKeys = {
    "a",      "A",   "b",   "Param",  "param",  "x-id", "versionId",    "list-type",
    "prefix", "k k", "a.b", "~tilde", "Action", "",     "\xE6\x97\xA5", "ключ"};
const std::vector<std::string> kHeaderNames = {
    "Content-Type", "content-type", "X-Custom",        "x-custom",        "X-CUSTOM",
    "My-Header",    "Accept",       "X-Amz-Meta-Data", "x-amz-meta-data", "Cache-Control",
    "If-Match",     "Range",        "X-Amz-Target",    "x-amz-acl",       "Content-Length"};
const std::vector<std::string> kHeaderWords = {"a",
                                               "b c",
                                               "value",
                                               "\"quoted   string\"",
                                               "text/plain; charset=utf-8",
                                               "1024",
                                               "",
                                               "bytes=0-99",
                                               "DynamoDB_20120810.GetItem",
                                               "private",
                                               "x,y,z",
                                               "a=b;c",
                                               "no-cache",
                                               "*/*"};

std::string random_token(Rng& rng, std::size_t n, std::string_view alphabet) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += alphabet[rng.below(alphabet.size())];
  return s;
}

std::string decorate_whitespace(Rng& rng, std::string v) {
  if (rng.chance(30)) v.insert(0, rng.chance(50) ? "   " : " \t ");
  if (rng.chance(30)) v += rng.chance(50) ? "  " : "\t ";
  if (rng.chance(30) && v.size() > 2) {
    const std::size_t at = 1 + rng.below(v.size() - 1);
    v.insert(at, rng.chance(50) ? "    " : " \t\t ");
  }
  if (rng.chance(3)) v += "\n   folded  line";
  return v;
}

std::string gen_path(Rng& rng) {
  std::string path;
  const std::size_t segments = rng.below(7);
  for (std::size_t i = 0; i < segments; ++i) {
    path += '/';
    const std::size_t k = rng.below(100);
    if (k < 10) {
      // empty segment: "//"
    } else if (k < 18) {
      path += ".";
    } else if (k < 26) {
      path += "..";
    } else if (k < 30) {
      path += rng.chance(50) ? "%2E" : "%2e%2E";  // encoded dots are not dot segments
    } else if (k < 45) {
      path += random_token(rng, 1 + rng.below(12), "abcdefghijklmnopqrstuvwxyz0123456789-_.~");
    } else {
      path += encode_sloppy(rng, random_raw(rng, 8), Part::kPathSegment, true);
    }
  }
  if (path.empty() || rng.chance(30)) path += '/';
  return path;
}

// A wire query string. canonical: every piece canonically encoded (for botocore's url
// mode); presign_safe: unique decoded keys and no literal '+'.
std::string gen_query(Rng& rng, bool canonical, bool presign_safe) {
  if (rng.chance(25)) return "";
  std::vector<std::string> used_keys;
  std::vector<std::string> used_values;
  std::string query;
  const std::size_t n = 1 + rng.below(6);
  for (std::size_t i = 0; i < n; ++i) {
    std::string key;
    if (!presign_safe && !used_keys.empty() && rng.chance(30)) {
      key = rng.pick(used_keys);  // repeated key
    } else {
      key = rng.chance(60) ? rng.pick(kQueryKeys) : random_raw(rng, 5);
      if (presign_safe && std::find(used_keys.begin(), used_keys.end(), key) != used_keys.end()) {
        continue;
      }
    }
    std::string value;
    const std::size_t vk = rng.below(100);
    if (vk < 15) {
      value = "";
    } else if (vk < 25 && !used_values.empty()) {
      value = rng.pick(used_values);
    } else {
      value = random_raw(rng, 10);
    }
    used_keys.push_back(key);
    used_values.push_back(value);
    const std::string k =
        canonical ? encode_canonical(key) : encode_sloppy(rng, key, Part::kQueryKey, !presign_safe);
    const std::string v = canonical ? encode_canonical(value)
                                    : encode_sloppy(rng, value, Part::kQueryValue, !presign_safe);
    if (!query.empty()) query += '&';
    query += k;
    if (!v.empty() || k.empty() || rng.chance(50)) {
      query += '=';
      query += v;
    }
  }
  return query;
}

Generated generate(Rng& rng, int id, bool presign) {
  Generated g;
  g.presign = presign;
  const bool s3 = rng.chance(35);
  const std::string region = rng.pick(kRegions);
  const std::string service = s3 ? "s3" : rng.pick(kServices);

  HttpRequest& r = g.request;
  r.method = rng.pick(kMethods);
  const std::size_t hk = rng.below(100);
  if (hk < 55) {
    r.scheme = "https";
    r.host = s3 ? (rng.chance(50)
                       ? "bkt-" + std::to_string(rng.below(50)) + ".s3." + region + ".amazonaws.com"
                       : "s3." + region + ".amazonaws.com")
                : service + "." + region + ".amazonaws.com";
  } else if (hk < 65) {
    r.scheme = "http";
    r.host = "localhost:" + std::to_string(4566 + rng.below(3));
  } else if (hk < 72) {
    r.scheme = "http";
    r.host = "[::1]:9000";
  } else if (hk < 80) {
    r.scheme = "https";
    r.host = "example.com:443";  // default port: not part of the signed host
  } else if (hk < 88) {
    r.scheme = "http";
    r.host = "example.com:80";
  } else {
    r.scheme = "https";
    r.host = "example.com:8443";
  }
  r.path = gen_path(rng);
  const bool canonical_query = rng.chance(50);
  r.query = gen_query(rng, canonical_query, presign);

  Credentials& c = g.creds;
  c.access_key_id = "AKIA" + random_token(rng, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
  const std::string_view b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  c.secret_access_key = random_token(rng, 40, b64);
  if (rng.chance(40)) c.session_token = random_token(rng, 60 + rng.below(150), b64) + "==";
  const bool has_token = !c.session_token.empty();

  // Headers.
  std::vector<std::pair<std::string, std::string>> headers;
  const std::size_t n = rng.below(9);
  for (std::size_t i = 0; i < n; ++i) {
    std::string name = rng.pick(kHeaderNames);
    std::string value = rng.chance(70)
                            ? rng.pick(kHeaderWords)
                            : random_token(rng, rng.below(20), "abcdefghij KLMNOP,;=/:.-_\"");
    if (presign && iequals(name, "content-type") &&
        value == "application/x-www-form-urlencoded; charset=utf-8") {
      value = "text/plain";
    }
    headers.emplace_back(std::move(name), decorate_whitespace(rng, std::move(value)));
  }
  if (rng.chance(25)) {
    std::string host(r.host);
    if (r.scheme == "https" && host.ends_with(":443")) host.resize(host.size() - 4);
    if (r.scheme == "http" && host.ends_with(":80")) host.resize(host.size() - 3);
    headers.emplace_back(rng.chance(50) ? "Host" : "host",
                         rng.chance(80) ? host : std::string("other.example.com"));
  }
  if (rng.chance(20)) headers.emplace_back("User-Agent", "drh/1.0 (linux)");
  if (rng.chance(15)) headers.emplace_back("Expect", "100-continue");
  if (rng.chance(15)) headers.emplace_back("Connection", "keep-alive");
  if (rng.chance(15)) headers.emplace_back("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe");
  if (!presign && rng.chance(10)) headers.emplace_back("Authorization", "AWS4-HMAC-SHA256 stale");
  if (rng.chance(10))
    headers.emplace_back(rng.chance(50) ? "X-Amz-Date" : "x-amz-date", "20010101T000000Z");
  if (has_token && rng.chance(15)) headers.emplace_back("X-Amz-Security-Token", "stale-token");
  if (!(presign && s3) && rng.chance(10)) {
    headers.emplace_back("x-amz-content-sha256", rng.chance(30)
                                                     ? std::string("UNSIGNED-PAYLOAD")
                                                     : sha256_hex(random_token(rng, 8, b64)));
  }
  // Shuffle so stale and hop-by-hop headers are not always last.
  for (std::size_t i = headers.size(); i > 1; --i) std::swap(headers[i - 1], headers[rng.below(i)]);
  for (const auto& [name, value] : headers) r.headers.add(name, value);

  if (!presign && rng.chance(60)) {
    r.body.resize(1 + rng.below(512));
    for (char& ch : r.body) ch = static_cast<char>(rng.next() & 0xFF);
  }

  g.options = SigningOptions::For(service, region);
  const bool unsigned_payload = s3 && rng.chance(30);
  g.options.unsigned_payload = unsigned_payload;
  const std::int64_t epoch = rng.pick(kEpochs) + static_cast<std::int64_t>(rng.below(3 * 86400));
  g.when = TimePoint(std::chrono::seconds(epoch));
  const std::vector<std::int64_t> expiries = {1, 60, 900, 3600, 86400, 604800};
  g.expires = std::chrono::seconds(
      rng.chance(70) ? rng.pick(expiries) : 1 + static_cast<std::int64_t>(rng.below(604800)));

  g.record = JsonLine()
                 .num("id", id)
                 .str("mode", presign ? "presign" : "header")
                 .str("method", r.method)
                 .str("scheme", r.scheme)
                 .str("host", r.host)
                 .str("path", r.path)
                 .str("query", r.query)
                 .str("query_mode", canonical_query ? "url" : "params")
                 .pairs("headers", headers)
                 .str("body_base64", base64_encode(r.body))
                 .str("service", service)
                 .str("region", region)
                 .boolean("s3", s3)
                 .boolean("unsigned_payload", unsigned_payload)
                 .str("access_key", c.access_key_id)
                 .str("secret_key", c.secret_access_key)
                 .str("token", c.session_token)
                 .num("epoch", epoch)
                 .num("expires", g.expires.count())
                 .done();
  return g;
}

// ---------------------------------------------------------------------------------------
// Running botocore

// What running the script gave: its stdout lines, or why it could not run.
struct ScriptRun {
  enum Outcome { kOk, kUnavailable, kFailed } outcome = kFailed;
  std::vector<std::string> lines;
  std::string problem;
};

// Runs the script once over `input`; stderr goes to `err_path`. A missing python3 (exit
// 127 from the shell) or botocore (the script exits 3) is kUnavailable.
ScriptRun run_script(const fs::path& input, const fs::path& err_path) {
  ScriptRun run;
  const fs::path script = fs::path(DRH_SOURCE_DIR) / "suites" / "auth" / "sigv4_botocore_sign.py";
  const std::string cmd =
      "python3 -B '" + script.string() + "' '" + input.string() + "' 2>'" + err_path.string() + "'";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) {
    run.problem = "cannot start: " + cmd;
    return run;
  }
  std::string out;
  char buf[65536];
  std::size_t got = 0;
  while ((got = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, got);
  const int status = pclose(pipe);
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) run.lines.push_back(std::move(line));
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code == 0) {
    run.outcome = ScriptRun::kOk;
    return run;
  }
  run.outcome = (code == 127 || code == 3) ? ScriptRun::kUnavailable : ScriptRun::kFailed;
  run.problem = cmd + " exited with status " + std::to_string(code) + ": " +
                (run.lines.empty() ? std::string() : run.lines.front() + " ") +
                sigv4_test::read_file(err_path).value_or("");
  return run;
}

std::string presigned_signature(const std::string& query) {
  const std::string key = "X-Amz-Signature=";
  const std::size_t at = query.rfind(key);
  return at == std::string::npos ? "" : query.substr(at + key.size());
}

// One answer line: id, then "ok" or "error", then the Authorization header (or the
// presigned signature, or the error message), then the canonical request, the last two
// hex-encoded UTF-8, separated by tabs.
struct Answer {
  int id = -1;
  std::string value;
  std::string canonical_request;
  std::string error;
};

std::string from_hex(std::string_view hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<char>(nibble(hex[2 * i]) * 16 + nibble(hex[2 * i + 1]));
  }
  return out;
}

Answer parse_answer(std::string_view line) {
  Answer a;
  std::vector<std::string_view> f;
  for (std::size_t start = 0;;) {
    const std::size_t tab = line.find('\t', start);
    f.push_back(line.substr(start, tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  if (f.size() != 4) return a;
  a.id = std::atoi(std::string(f[0]).c_str());
  if (f[1] == "ok") {
    a.value = from_hex(f[2]);
    a.canonical_request = from_hex(f[3]);
  } else {
    a.error = from_hex(f[2]);
    if (a.error.empty()) a.error = "(no message)";
  }
  return a;
}

TEST(SigV4BotocoreDiff, GeneratedRequestsMatchBotocore) {
  const auto started = std::chrono::steady_clock::now();

  Rng rng(0x5167'5634'6472'6821ull);  // fixed: the same requests on every run
  std::vector<Generated> cases;
  cases.reserve(kHeaderRequests + kPresignRequests);
  for (int i = 0; i < kHeaderRequests + kPresignRequests; ++i) {
    cases.push_back(generate(rng, i, /*presign=*/i >= kHeaderRequests));
  }

  const fs::path dir = fs::temp_directory_path();
  const std::string stem = "drh-sigv4-diff-" + std::to_string(::getpid());
  const fs::path input = dir / (stem + ".jsonl");
  const fs::path err = dir / (stem + ".stderr");
  {
    std::ofstream out(input, std::ios::binary);
    ASSERT_TRUE(out) << "cannot write " << input;
    for (const Generated& g : cases) out << g.record << '\n';
  }
  const ScriptRun run = run_script(input, err);
  std::error_code ec;
  fs::remove(input, ec);
  fs::remove(err, ec);
  if (run.outcome == ScriptRun::kUnavailable) {
    const std::string message =
        "python3 with botocore is needed for the differential test (" + run.problem + ")";
    if (sigv4_test::running_in_ci()) FAIL() << message << "; CI is set, so this is an error";
    GTEST_SKIP() << message;
  }
  ASSERT_EQ(run.outcome, ScriptRun::kOk) << run.problem;
  const std::vector<std::string>& lines = run.lines;
  ASSERT_EQ(lines.size(), cases.size()) << "the script answered a different number of lines";

  SigV4Signer signer;  // one signer for all: the key cache sees many keys and evicts
  int compared_header = 0, compared_presign = 0, mismatches = 0;
  std::ostringstream report;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    Generated& g = cases[i];
    const Answer theirs = parse_answer(lines[i]);
    ASSERT_EQ(theirs.id, static_cast<int>(i)) << "bad line from the script: " << lines[i];

    HttpRequest request = g.request;
    SigningArtifacts ours;
    std::string our_value;
    const std::string& their_value = theirs.value;
    if (g.presign) {
      ours = signer.presign(request, g.creds, g.options, g.when, g.expires);
      our_value = presigned_signature(request.query);
      ++compared_presign;
    } else {
      ours = signer.sign(request, g.creds, g.options, g.when);
      our_value = std::string(request.headers.get("Authorization").value_or(""));
      ++compared_header;
    }
    const std::string& their_creq = theirs.canonical_request;
    if (!theirs.error.empty() || our_value != their_value || ours.canonical_request != their_creq) {
      if (++mismatches <= 5) {
        report << "\n=== mismatch #" << mismatches << " (" << (g.presign ? "presign" : "header")
               << ")\nrequest: " << g.record << "\n";
        if (!theirs.error.empty()) report << "botocore error: " << theirs.error << "\n";
        report << "ours:     " << our_value << "\nbotocore: " << their_value
               << "\n--- our canonical request:\n"
               << ours.canonical_request << "\n--- botocore canonical request:\n"
               << their_creq << "\n";
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("compared %d header signatures and %d presigned URLs with botocore in %.2f s\n",
              compared_header, compared_presign, seconds);
  EXPECT_GE(compared_header, 2000);
  EXPECT_GE(compared_presign, 400);
  EXPECT_EQ(mismatches, 0) << mismatches << " of " << cases.size()
                           << " requests differ; the first ones:" << report.str();
}

}  // namespace
}  // namespace drh
