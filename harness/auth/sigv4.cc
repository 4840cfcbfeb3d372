// SHA-256 goes through OpenSSL's low-level SHA256_* functions when this OpenSSL still has
// them (deprecated since 3.0, present unless built with no-deprecated): they run on the
// caller's stack with no provider dispatch and no allocation, which makes signing a
// typical request about 20% faster than EVP. Without them, or with DRH_SIGV4_EVP_ONLY
// defined, the same class uses EVP contexts. Both end in the same assembly block
// function; only EVP honours provider configuration (e.g. FIPS-only), so define
// DRH_SIGV4_EVP_ONLY where that matters. The vectors pass with either.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "drh/auth/sigv4.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace drh {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
constexpr std::string_view kTerminator = "aws4_request";

// Headers that are never signed: Authorization (replaced by signing) and the hop-by-hop
// or proxy-rewritten ones a transport or proxy may add, drop or change in flight. The
// same list botocore uses, so both sign the same set.
constexpr std::array<std::string_view, 12> kUnsignedHeaders = {"authorization",
                                                               "connection",
                                                               "expect",
                                                               "keep-alive",
                                                               "proxy-authenticate",
                                                               "proxy-authorization",
                                                               "te",
                                                               "trailer",
                                                               "transfer-encoding",
                                                               "upgrade",
                                                               "user-agent",
                                                               "x-amzn-trace-id"};

// Query parameters presign() owns: removed before presigning again.
constexpr std::array<std::string_view, 7> kPresignParams = {
    "X-Amz-Algorithm",     "X-Amz-Credential",     "X-Amz-Date",     "X-Amz-Expires",
    "X-Amz-SignedHeaders", "X-Amz-Security-Token", "X-Amz-Signature"};

constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kHexLower[] = "0123456789abcdef";

constexpr std::array<bool, 256> MakeUnreserved() {
  std::array<bool, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  t['-'] = t['_'] = t['.'] = t['~'] = true;
  return t;
}
constexpr std::array<bool, 256> kUnreserved = MakeUnreserved();

constexpr std::array<char, 256> MakeLower() {
  std::array<char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return t;
}
constexpr std::array<char, 256> kLower = MakeLower();

constexpr std::array<bool, 256> MakeSpace() {
  std::array<bool, 256> t{};
  t[' '] = t['\t'] = t['\n'] = t['\r'] = t['\v'] = t['\f'] = true;
  return t;
}
constexpr std::array<bool, 256> kSpace = MakeSpace();

inline unsigned char uc(char c) { return static_cast<unsigned char>(c); }
inline bool is_space(char c) { return kSpace[uc(c)]; }
inline char ascii_lower(char c) { return kLower[uc(c)]; }

// Eight bytes at a time (SWAR): the loops over header names and values are the hottest
// non-hashing code when signing.
constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighBits = 0x8080808080808080ull;

inline std::uint64_t load8(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline void store8(char* p, std::uint64_t v) { std::memcpy(p, &v, 8); }

// The eight bytes with 'A'-'Z' turned into 'a'-'z'; other bytes (including UTF-8) kept.
inline std::uint64_t lower8(std::uint64_t x) {
  const std::uint64_t low7 = x & ~kHighBits;
  const std::uint64_t above_z = low7 + kOnes * (0x7f - 'Z');  // high bit set when > 'Z'
  const std::uint64_t from_a = low7 + kOnes * (0x80 - 'A');   // high bit set when >= 'A'
  const std::uint64_t upper = (from_a & ~above_z & ~x) & kHighBits;
  return x | (upper >> 2);  // 0x80 >> 2 == 0x20
}

// Non-zero when any of the eight bytes is <= ' ' (spaces, tabs, line breaks, controls).
// Exact as a yes/no answer; bytes >= 0x80 (UTF-8) never count.
inline std::uint64_t has_space_or_control8(std::uint64_t x) {
  return (x - kOnes * 0x21) & ~x & kHighBits;
}

// Copies n bytes from src to dst with ASCII letters lower-cased.
void copy_lower(char* dst, const char* src, std::size_t n) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) store8(dst + i, lower8(load8(src + i)));
  for (; i < n; ++i) {
    const auto c = uc(src[i]);
    dst[i] = static_cast<char>(c + ((static_cast<unsigned>(c - 'A') < 26u) << 5));
  }
}

// ASCII-only case-insensitive comparison (header names are ASCII tokens).
bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The canonical request is written through a raw pointer into a buffer sized for the
// worst case up front (each input byte becomes at most three output bytes), so the hot
// loops carry no capacity checks.
inline char* put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

inline char* put_pct(char* p, unsigned char c) {
  p[0] = '%';
  p[1] = kHexUpper[c >> 4];
  p[2] = kHexUpper[c & 0xF];
  return p + 3;
}

// RFC 3986 encoding of raw bytes; '/' kept when keep_slash. At most 3 bytes per byte.
char* put_encoded(char* p, std::string_view s, bool keep_slash) {
  for (char ch : s) {
    const unsigned char c = uc(ch);
    if (kUnreserved[c] || (keep_slash && c == '/')) {
      *p++ = ch;
    } else {
      p = put_pct(p, c);
    }
  }
  return p;
}

// Percent-decodes `s` (malformed escapes stay literal, '+' is a plus) and writes it
// canonically encoded, in one pass. At most 3 bytes per input byte.
char* put_canonical_component(char* p, std::string_view s) {
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char c = uc(s[i]);
    if (kUnreserved[c]) {
      *p++ = static_cast<char>(c);
      continue;
    }
    if (c == '%' && i + 2 < n) {
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        c = static_cast<unsigned char>(hi * 16 + lo);
        i += 2;
        if (kUnreserved[c]) {
          *p++ = static_cast<char>(c);
          continue;
        }
      }
    }
    p = put_pct(p, c);
  }
  return p;
}

// Trimall: leading/trailing whitespace removed, inner runs collapsed to one space.
char* put_trimmed(char* p, std::string_view v) {
  const char* b = v.data();
  const char* e = b + v.size();
  while (b < e && is_space(*b)) ++b;
  while (e > b && is_space(e[-1])) --e;
  // Most values need no folding: copy up to the first whitespace that is not a lone ' '.
  // (e[-1] is not whitespace, so q[1] is in range whenever *q is.)
  const char* q = b;
  while (e - q >= 8 && has_space_or_control8(load8(q)) == 0) q += 8;
  while (q < e && (uc(*q) > ' ' || (*q == ' ' && uc(q[1]) > ' '))) ++q;
  std::memcpy(p, b, static_cast<std::size_t>(q - b));
  p += q - b;
  bool in_space = false;
  for (; q < e; ++q) {
    const char c = *q;
    if (is_space(c)) {
      if (!in_space) *p++ = ' ';
      in_space = true;
    } else {
      *p++ = c;
      in_space = false;
    }
  }
  return p;
}

void write_hex(const unsigned char* data, std::size_t size, char* out) {
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kHexLower[data[i] >> 4];
    out[2 * i + 1] = kHexLower[data[i] & 0xF];
  }
}

// "YYYYMMDDTHHMMSSZ" without strftime or locale; the last result is kept per thread, as
// consecutive signatures usually fall in the same second.
void format_amz_date(TimePoint when, char (&out)[16]) {
  using namespace std::chrono;
  const auto secs = floor<seconds>(when);
  struct Last {
    sys_seconds secs{sys_seconds::min()};
    char text[16];
  };
  thread_local Last last;
  if (secs == last.secs) {
    std::memcpy(out, last.text, sizeof out);
    return;
  }
  const auto day = floor<days>(secs);
  const year_month_day ymd{day};
  const hh_mm_ss hms{secs - day};
  auto digits = [&](int pos, int width, long value) {
    for (int k = width - 1; k >= 0; --k) {
      out[pos + k] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  digits(0, 4, std::clamp(static_cast<int>(ymd.year()), 0, 9999));
  digits(4, 2, static_cast<unsigned>(ymd.month()));
  digits(6, 2, static_cast<unsigned>(ymd.day()));
  out[8] = 'T';
  digits(9, 2, hms.hours().count());
  digits(11, 2, hms.minutes().count());
  digits(13, 2, static_cast<long>(hms.seconds().count()));
  out[15] = 'Z';
  last.secs = secs;
  std::memcpy(last.text, out, sizeof out);
}

#if defined(OPENSSL_NO_DEPRECATED_3_0) || defined(DRH_SIGV4_EVP_ONLY)
// EVP contexts kept per thread: OpenSSL 3's one-shot calls fetch the algorithm and
// allocate contexts on every call, which costs more than hashing a typical request. HMAC
// keeps the digest states after the key's inner and outer pad blocks (RFC 2104),
// re-derived only when the key changes, and starts each MAC from copies of them. Falls
// back to the one-shot helpers if a context cannot be set up.
class ThreadCrypto {
 public:
  ThreadCrypto() {
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    md_ = md;
    work_ = EVP_MD_CTX_new();
    inner_ = EVP_MD_CTX_new();
    outer_ = EVP_MD_CTX_new();
  }
  ~ThreadCrypto() {
    EVP_MD_CTX_free(work_);
    EVP_MD_CTX_free(inner_);
    EVP_MD_CTX_free(outer_);
    OPENSSL_cleanse(key_.data(), key_.size());
  }
  ThreadCrypto(const ThreadCrypto&) = delete;
  ThreadCrypto& operator=(const ThreadCrypto&) = delete;

  static ThreadCrypto& get() {
    thread_local ThreadCrypto crypto;
    return crypto;
  }

  Sha256Digest sha256(std::string_view data) {
    Sha256Digest out{};
    unsigned int len = 0;
    if (ready() && EVP_DigestInit_ex2(work_, md_, nullptr) &&
        EVP_DigestUpdate(work_, data.data(), data.size()) &&
        EVP_DigestFinal_ex(work_, out.data(), &len) && len == out.size()) {
      return out;
    }
    return drh::sha256(data);
  }

  // Keys longer than a block would have to be hashed first (RFC 2104); SigV4 keys never
  // are ("AWS4" + a 40-character secret, then 32-byte digests), so those take the fallback.
  Sha256Digest hmac(std::string_view key, std::string_view data) {
    Sha256Digest inner{}, out{};
    unsigned int len = 0;
    if (ready() && set_key(key) && EVP_MD_CTX_copy_ex(work_, inner_) &&
        EVP_DigestUpdate(work_, data.data(), data.size()) &&
        EVP_DigestFinal_ex(work_, inner.data(), &len) && EVP_MD_CTX_copy_ex(work_, outer_) &&
        EVP_DigestUpdate(work_, inner.data(), inner.size()) &&
        EVP_DigestFinal_ex(work_, out.data(), &len)) {
      return out;
    }
    keyed_ = false;
    return drh::hmac_sha256(key, data);
  }
  Sha256Digest hmac(const Sha256Digest& key, std::string_view data) {
    return hmac(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()), data);
  }

 private:
  bool ready() const {
    return md_ != nullptr && work_ != nullptr && inner_ != nullptr && outer_ != nullptr;
  }

  static constexpr std::size_t kBlock = 64;  // SHA-256 block size

  bool set_key(std::string_view key) {
    if (keyed_ && key.size() == key_len_ && std::memcmp(key.data(), key_.data(), key_len_) == 0) {
      return true;
    }
    keyed_ = false;
    if (key.size() > kBlock) return false;
    unsigned char ipad[kBlock], opad[kBlock];  // the key, zero-padded, xor the pad bytes
    for (std::size_t i = 0; i < kBlock; ++i) {
      const unsigned char k = i < key.size() ? uc(key[i]) : 0;
      ipad[i] = static_cast<unsigned char>(k ^ 0x36);
      opad[i] = static_cast<unsigned char>(k ^ 0x5c);
    }
    const bool ok =
        EVP_DigestInit_ex2(inner_, md_, nullptr) && EVP_DigestUpdate(inner_, ipad, kBlock) &&
        EVP_DigestInit_ex2(outer_, md_, nullptr) && EVP_DigestUpdate(outer_, opad, kBlock);
    OPENSSL_cleanse(ipad, kBlock);
    OPENSSL_cleanse(opad, kBlock);
    if (ok) {
      std::memcpy(key_.data(), key.data(), key.size());
      key_len_ = key.size();
      keyed_ = true;
    }
    return ok;
  }

  const EVP_MD* md_ = nullptr;
  EVP_MD_CTX* work_ = nullptr;
  EVP_MD_CTX* inner_ = nullptr;  // state after the key's inner pad block
  EVP_MD_CTX* outer_ = nullptr;  // state after the key's outer pad block
  std::array<unsigned char, kBlock> key_{};
  std::size_t key_len_ = 0;
  bool keyed_ = false;
};

#else
// The low-level SHA-256 state is a plain struct: HMAC keeps the states after the key's
// inner and outer pad blocks (RFC 2104), re-derived only when the key changes, and starts
// each MAC from copies of them.
class ThreadCrypto {
 public:
  ThreadCrypto() = default;
  ~ThreadCrypto() {
    OPENSSL_cleanse(&inner_, sizeof inner_);
    OPENSSL_cleanse(&outer_, sizeof outer_);
    OPENSSL_cleanse(key_.data(), key_.size());
  }
  ThreadCrypto(const ThreadCrypto&) = delete;
  ThreadCrypto& operator=(const ThreadCrypto&) = delete;

  static ThreadCrypto& get() {
    thread_local ThreadCrypto crypto;
    return crypto;
  }

  Sha256Digest sha256(std::string_view data) {
    Sha256Digest out{};
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, data.data(), data.size());
    SHA256_Final(out.data(), &ctx);
    return out;
  }

  // Keys longer than a block would have to be hashed first (RFC 2104); SigV4 keys never
  // are ("AWS4" + a 40-character secret, then 32-byte digests), so those take the fallback.
  Sha256Digest hmac(std::string_view key, std::string_view data) {
    if (!set_key(key)) return drh::hmac_sha256(key, data);
    Sha256Digest inner{}, out{};
    SHA256_CTX ctx = inner_;
    SHA256_Update(&ctx, data.data(), data.size());
    SHA256_Final(inner.data(), &ctx);
    ctx = outer_;
    SHA256_Update(&ctx, inner.data(), inner.size());
    SHA256_Final(out.data(), &ctx);
    return out;
  }
  Sha256Digest hmac(const Sha256Digest& key, std::string_view data) {
    return hmac(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()), data);
  }

 private:
  static constexpr std::size_t kBlock = 64;  // SHA-256 block size

  bool set_key(std::string_view key) {
    if (keyed_ && key.size() == key_len_ && std::memcmp(key.data(), key_.data(), key_len_) == 0) {
      return true;
    }
    keyed_ = false;
    if (key.size() > kBlock) return false;
    unsigned char ipad[kBlock], opad[kBlock];  // the key, zero-padded, xor the pad bytes
    for (std::size_t i = 0; i < kBlock; ++i) {
      const unsigned char k = i < key.size() ? uc(key[i]) : 0;
      ipad[i] = static_cast<unsigned char>(k ^ 0x36);
      opad[i] = static_cast<unsigned char>(k ^ 0x5c);
    }
    SHA256_Init(&inner_);
    SHA256_Update(&inner_, ipad, kBlock);
    SHA256_Init(&outer_);
    SHA256_Update(&outer_, opad, kBlock);
    OPENSSL_cleanse(ipad, kBlock);
    OPENSSL_cleanse(opad, kBlock);
    std::memcpy(key_.data(), key.data(), key.size());
    key_len_ = key.size();
    keyed_ = true;
    return true;
  }

  SHA256_CTX inner_{};  // state after the key's inner pad block
  SHA256_CTX outer_{};  // state after the key's outer pad block
  std::array<unsigned char, kBlock> key_{};
  std::size_t key_len_ = 0;
  bool keyed_ = false;
};
#endif

void sha256_hex(std::string_view data, char (&out)[64]) {
  const Sha256Digest d = ThreadCrypto::get().sha256(data);
  write_hex(d.data(), d.size(), out);
}

// Buffers reused across signatures on one thread, so steady-state signing allocates only
// the strings it returns.
struct Scratch {
  struct HeaderRef {
    std::string_view name;  // lower-cased, in `names`
    std::string_view value;
    std::uint64_t prefix;  // name_prefix(name): most comparisons end there
    std::uint32_t order;   // position in the request, to keep repeated names in order
  };
  struct QueryPair {
    std::uint32_t key_off, key_len, value_off, value_len;
  };

  std::string names;  // lower-cased header names, back to back (its size is its capacity)
  std::vector<HeaderRef> headers;
  std::size_t header_bytes = 0;  // names + values, to size the canonical request
  std::string signed_headers;
  std::string query_arena;  // canonically encoded keys and values, back to back
  std::vector<QueryPair> pairs;
  std::vector<std::string_view> segments;

  static Scratch& get() {
    thread_local Scratch scratch;
    return scratch;
  }

  std::string_view key(const QueryPair& p) const {
    return {query_arena.data() + p.key_off, p.key_len};
  }
  std::string_view value(const QueryPair& p) const {
    return {query_arena.data() + p.value_off, p.value_len};
  }
};

// The host the transport puts in the Host header: request.host without a default port.
std::string_view signing_host(const HttpRequest& request) {
  std::string_view h = request.host;
  if (ascii_iequals(request.scheme, "https") && h.ends_with(":443")) {
    h.remove_suffix(4);
  } else if (ascii_iequals(request.scheme, "http") && h.ends_with(":80")) {
    h.remove_suffix(3);
  }
  return h;
}

bool is_unsigned_header(std::string_view lname) {
  switch (lname.size()) {  // the lengths of the names in kUnsignedHeaders
    case 2:
    case 6:
    case 7:
    case 10:
    case 13:
    case 15:
    case 17:
    case 18:
    case 19:
      break;
    default:
      return false;
  }
  for (std::string_view n : kUnsignedHeaders) {
    if (n == lname) return true;
  }
  return false;
}

// The first 8 bytes of a name as a big-endian number (zero-padded): comparing these
// compares the names' first 8 bytes in byte order.
std::uint64_t name_prefix(std::string_view name) {
  std::uint64_t v = 0;
  if (name.size() >= 8) {
    v = load8(name.data());
    if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
    return v;
  }
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | (i < name.size() ? uc(name[i]) : 0u);
  return v;
}

// Collects the headers to sign into scratch.headers, sorted by lower-cased name and then
// by request order, adding `host` from request.host when there is no Host header.
void collect_headers(const HttpRequest& request, Scratch& s) {
  // Lower-cased names go back to back into s.names, sized once (it only ever grows), so
  // the views into it stay valid.
  std::size_t name_bytes = 4;  // room for a synthesised "host"
  for (const auto& entry : request.headers) name_bytes += entry.first.size();
  if (s.names.size() < name_bytes) s.names.resize(std::max(name_bytes, 2 * s.names.size()));
  char* p = s.names.data();
  s.headers.clear();
  std::size_t header_bytes = 0;
  bool has_host = false;
  std::uint32_t order = 0;
  for (const auto& [name, value] : request.headers) {
    const std::size_t len = name.size();
    copy_lower(p, name.data(), len);
    const std::string_view lname(p, len);
    if (is_unsigned_header(lname)) continue;
    has_host = has_host || lname == "host";
    header_bytes += len + value.size() + 2;
    Scratch::HeaderRef& h = s.headers.emplace_back();
    h.name = lname;
    h.value = value;
    h.prefix = name_prefix(lname);
    h.order = order++;
    p += len;
  }
  if (!has_host) {
    std::memcpy(p, "host", 4);
    const std::string_view lname(p, 4);
    const std::string_view host = signing_host(request);
    header_bytes += 6 + host.size();
    Scratch::HeaderRef& h = s.headers.emplace_back();
    h.name = lname;
    h.value = host;
    h.prefix = name_prefix(lname);
    h.order = order++;
  }
  s.header_bytes = header_bytes;
  // Insertion sort: a request has a handful of headers, often nearly in order already.
  auto less = [](const Scratch::HeaderRef& a, const Scratch::HeaderRef& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    const int c = a.name.compare(b.name);
    return c != 0 ? c < 0 : a.order < b.order;
  };
  if (s.headers.size() > 32) {
    std::sort(s.headers.begin(), s.headers.end(), less);
  } else {
    for (std::size_t i = 1; i < s.headers.size(); ++i) {
      Scratch::HeaderRef h = s.headers[i];
      std::size_t j = i;
      for (; j > 0 && less(h, s.headers[j - 1]); --j) s.headers[j] = s.headers[j - 1];
      s.headers[j] = h;
    }
  }
  s.signed_headers.clear();
  for (std::size_t i = 0; i < s.headers.size(); ++i) {
    if (i > 0 && s.headers[i].name == s.headers[i - 1].name) continue;
    if (!s.signed_headers.empty()) s.signed_headers.push_back(';');
    s.signed_headers += s.headers[i].name;
  }
}

// "name:value\n" per signed header, repeated names folded into one line. At most
// header_bytes bytes.
char* put_canonical_headers(char* p, const Scratch& s) {
  const std::size_t n = s.headers.size();
  for (std::size_t i = 0; i < n;) {
    const std::string_view name = s.headers[i].name;
    p = put(p, name);
    *p++ = ':';
    p = put_trimmed(p, s.headers[i].value);
    std::size_t j = i + 1;
    for (; j < n && s.headers[j].name == name; ++j) {
      *p++ = ',';
      p = put_trimmed(p, s.headers[j].value);
    }
    *p++ = '\n';
    i = j;
  }
  return p;
}

// At most 3 * path.size() + 1 bytes.
char* put_canonical_uri(char* p, std::string_view path, const SigningOptions& options,
                        std::vector<std::string_view>& segments) {
  if (path.empty()) {
    *p++ = '/';
    return p;
  }
  auto emit = [&](char* q, std::string_view part) {
    return options.double_uri_encode ? put_encoded(q, part, true) : put(q, part);
  };
  if (!options.normalize_path) return emit(p, path);
  // Dot-segment removal as in RFC 3986 5.2.4, plus dropping empty segments ("//"), which
  // AWS requires; a trailing slash survives when anything is left.
  segments.clear();
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view seg = path.substr(start, end - start);
    if (seg.empty() || seg == ".") {
      // skip
    } else if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else {
      segments.push_back(seg);
    }
    start = end + 1;
  }
  char* const begin = p;
  if (path.front() == '/') *p++ = '/';
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) *p++ = '/';
    p = emit(p, segments[i]);
  }
  if (path.back() == '/' && !segments.empty()) *p++ = '/';
  if (p == begin) *p++ = '/';
  return p;
}

std::pair<std::string_view, std::string_view> split_pair(std::string_view piece) {
  const std::size_t eq = piece.find('=');
  if (eq == std::string_view::npos) return {piece, std::string_view()};
  return {piece.substr(0, eq), piece.substr(eq + 1)};
}

// Query parameters, canonically encoded into scratch.query_arena. `extra_bytes` bounds the
// raw size of the parameters added with add_raw() after the wire query.
class QueryBuilder {
 public:
  QueryBuilder(Scratch& s, std::size_t wire_bytes, std::size_t extra_bytes) : s_(s) {
    s_.pairs.clear();
    s_.query_arena.resize(3 * (wire_bytes + extra_bytes));
    base_ = s_.query_arena.data();
    p_ = base_;
  }

  // Every key=value of a wire query string; empty pieces ("a&&b") are skipped.
  void add_wire(std::string_view query) {
    std::size_t start = 0;
    while (start < query.size()) {
      std::size_t amp = query.find('&', start);
      if (amp == std::string_view::npos) amp = query.size();
      const std::string_view piece = query.substr(start, amp - start);
      start = amp + 1;
      if (piece.empty()) continue;
      const auto [key, value] = split_pair(piece);
      Scratch::QueryPair pair{};
      pair.key_off = offset();
      p_ = put_canonical_component(p_, key);
      pair.key_len = offset() - pair.key_off;
      pair.value_off = offset();
      p_ = put_canonical_component(p_, value);
      pair.value_len = offset() - pair.value_off;
      s_.pairs.push_back(pair);
    }
  }

  // One parameter given as raw (unencoded) bytes.
  void add_raw(std::string_view key, std::string_view value) {
    Scratch::QueryPair pair{};
    pair.key_off = offset();
    p_ = put_encoded(p_, key, false);
    pair.key_len = offset() - pair.key_off;
    pair.value_off = offset();
    p_ = put_encoded(p_, value, false);
    pair.value_len = offset() - pair.value_off;
    s_.pairs.push_back(pair);
  }

  // Bytes the sorted, '&'-joined query takes.
  std::size_t canonical_size() const { return offset() + 2 * s_.pairs.size(); }

 private:
  std::uint32_t offset() const { return static_cast<std::uint32_t>(p_ - base_); }
  Scratch& s_;
  char* base_;
  char* p_;
};

// Sorted by key, then value (byte order of the encoded forms).
char* put_sorted_query(char* p, Scratch& s) {
  std::sort(s.pairs.begin(), s.pairs.end(),
            [&s](const Scratch::QueryPair& a, const Scratch::QueryPair& b) {
              const int c = s.key(a).compare(s.key(b));
              return c != 0 ? c < 0 : s.value(a) < s.value(b);
            });
  for (std::size_t i = 0; i < s.pairs.size(); ++i) {
    if (i > 0) *p++ = '&';
    p = put(p, s.key(s.pairs[i]));
    *p++ = '=';
    p = put(p, s.value(s.pairs[i]));
  }
  return p;
}

// Writes the canonical request into `out`: headers already collected into `s`, the query
// already in s.pairs (when has_query).
void build_canonical_request(std::string& out, const HttpRequest& request,
                             const SigningOptions& options, Scratch& s, bool has_query,
                             std::size_t query_bytes, std::string_view payload) {
  const std::size_t bound = request.method.size() + 1 + 3 * request.path.size() + 2 + query_bytes +
                            1 + s.header_bytes + 1 + s.signed_headers.size() + 1 + payload.size();
  out.resize(bound);
  char* const begin = out.data();
  char* p = begin;
  p = put(p, request.method);
  *p++ = '\n';
  p = put_canonical_uri(p, request.path, options, s.segments);
  *p++ = '\n';
  if (has_query) p = put_sorted_query(p, s);
  *p++ = '\n';
  p = put_canonical_headers(p, s);
  *p++ = '\n';
  p = put(p, s.signed_headers);
  *p++ = '\n';
  p = put(p, payload);
  out.resize(static_cast<std::size_t>(p - begin));
}

bool is_presign_param(std::string_view piece) {
  const std::string_view key = split_pair(piece).first;
  for (std::string_view p : kPresignParams) {
    if (key == p) return true;
  }
  return false;
}

// Removes the parameters an earlier presign() added.
void strip_presign_params(std::string& query) {
  if (query.find("X-Amz-") == std::string::npos) return;
  std::string kept;
  kept.reserve(query.size());
  std::string_view q = query;
  std::size_t start = 0;
  while (start < q.size()) {
    std::size_t amp = q.find('&', start);
    if (amp == std::string_view::npos) amp = q.size();
    const std::string_view piece = q.substr(start, amp - start);
    start = amp + 1;
    if (piece.empty() || is_presign_param(piece)) continue;
    if (!kept.empty()) kept.push_back('&');
    kept += piece;
  }
  query = std::move(kept);
}

// The headers sign() manages, found in one pass (Headers::remove is only called for the
// ones present, as when a request is signed again for a retry).
struct ManagedHeaders {
  bool authorization = false;
  bool date = false;
  bool token = false;
  bool content_sha256 = false;
  std::string_view content_sha256_value;  // first one; valid until headers change
};

ManagedHeaders scan_managed(const Headers& headers) {
  ManagedHeaders m;
  for (const auto& [name, value] : headers) {
    switch (name.size()) {
      case 13:
        m.authorization = m.authorization || ascii_iequals(name, "authorization");
        break;
      case 10:
        m.date = m.date || ascii_iequals(name, "x-amz-date");
        break;
      case 20:
        if (ascii_iequals(name, "x-amz-security-token")) {
          m.token = true;
        } else if (!m.content_sha256 && ascii_iequals(name, "x-amz-content-sha256")) {
          m.content_sha256 = true;
          m.content_sha256_value = value;
        }
        break;
      default:
        break;
    }
  }
  return m;
}

// The request time in both forms the signature uses.
struct Signing {
  char amz_date[16];
  std::string_view date() const { return {amz_date, 16}; }
  std::string_view day() const { return {amz_date, 8}; }
};

// "20150830/us-east-1/service/aws4_request".
char* put_scope(char* p, std::string_view day, const SigningOptions& o) {
  p = put(p, day);
  *p++ = '/';
  p = put(p, o.region);
  *p++ = '/';
  p = put(p, o.service);
  *p++ = '/';
  return put(p, kTerminator);
}
std::size_t scope_size(const SigningOptions& o) {
  return 8 + 1 + o.region.size() + 1 + o.service.size() + 1 + kTerminator.size();
}

// Appends the RFC 3986 encoding of `raw` to `out`.
void append_encoded(std::string& out, std::string_view raw) {
  const std::size_t at = out.size();
  out.resize(at + 3 * raw.size());
  char* end = put_encoded(out.data() + at, raw, false);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Options and key derivation

SigningOptions SigningOptions::For(std::string service, std::string region) {
  SigningOptions o;
  const bool s3 = service == "s3" || service == "s3-outposts";
  o.service = std::move(service);
  o.region = std::move(region);
  if (s3) {
    o.double_uri_encode = false;
    o.normalize_path = false;
    o.content_sha256_header = true;
    o.presign_unsigned_payload = true;
  }
  return o;
}

Sha256Digest derive_signing_key(std::string_view secret_access_key, std::string_view date,
                                std::string_view region, std::string_view service) {
  std::string seed;
  seed.reserve(4 + secret_access_key.size());
  seed += "AWS4";
  seed += secret_access_key;
  ThreadCrypto& crypto = ThreadCrypto::get();
  Sha256Digest k = crypto.hmac(std::string_view(seed), date);
  OPENSSL_cleanse(seed.data(), seed.size());
  k = crypto.hmac(k, region);
  k = crypto.hmac(k, service);
  k = crypto.hmac(k, kTerminator);
  return k;
}

// ---------------------------------------------------------------------------------------
// KeyCache: a few derived keys, shared by every thread signing with this signer.

struct SigV4Signer::KeyCache {
  struct Slot {
    bool used = false;
    std::string secret;
    std::array<char, 8> day{};
    std::string region;
    std::string service;
    Sha256Digest key{};
    std::atomic<std::uint64_t> last_used{0};

    bool matches(std::string_view sec, std::string_view d, std::string_view reg,
                 std::string_view svc) const {
      return used && std::string_view(day.data(), day.size()) == d && region == reg &&
             service == svc && secret == sec;
    }
    void wipe() {
      OPENSSL_cleanse(secret.data(), secret.size());
      OPENSSL_cleanse(key.data(), key.size());
      secret.clear();
      used = false;
    }
  };

  ~KeyCache() {
    for (Slot& slot : slots) slot.wipe();
  }

  Sha256Digest get(std::string_view secret, std::string_view day, std::string_view region,
                   std::string_view service) {
    {
      std::shared_lock lock(mutex);
      for (Slot& slot : slots) {
        if (slot.matches(secret, day, region, service)) {
          slot.last_used.store(tick.fetch_add(1, std::memory_order_relaxed) + 1,
                               std::memory_order_relaxed);
          hits.fetch_add(1, std::memory_order_relaxed);
          return slot.key;
        }
      }
    }
    const Sha256Digest key = derive_signing_key(secret, day, region, service);
    misses.fetch_add(1, std::memory_order_relaxed);
    std::unique_lock lock(mutex);
    Slot* victim = nullptr;
    for (Slot& slot : slots) {
      if (slot.matches(secret, day, region, service)) return slot.key;  // raced: same key
      if (!slot.used) {
        if (victim == nullptr || victim->used) victim = &slot;
      } else if (victim == nullptr ||
                 (victim->used && slot.last_used.load(std::memory_order_relaxed) <
                                      victim->last_used.load(std::memory_order_relaxed))) {
        victim = &slot;
      }
    }
    victim->wipe();
    victim->used = true;
    victim->secret.assign(secret);
    std::copy_n(day.data(), std::min<std::size_t>(day.size(), 8), victim->day.begin());
    victim->region.assign(region);
    victim->service.assign(service);
    victim->key = key;
    victim->last_used.store(tick.fetch_add(1, std::memory_order_relaxed) + 1,
                            std::memory_order_relaxed);
    return key;
  }

  std::size_t size() const {
    std::shared_lock lock(mutex);
    return static_cast<std::size_t>(
        std::count_if(slots.begin(), slots.end(), [](const Slot& s) { return s.used; }));
  }

  mutable std::shared_mutex mutex;
  std::array<Slot, kKeyCacheSlots> slots;
  std::atomic<std::uint64_t> tick{0};
  std::atomic<std::uint64_t> hits{0};
  std::atomic<std::uint64_t> misses{0};
};

SigV4Signer::SigV4Signer() : key_cache_(std::make_unique<KeyCache>()) {}
SigV4Signer::~SigV4Signer() = default;

SigV4Signer::CacheStats SigV4Signer::cache_stats() const {
  CacheStats stats;
  stats.hits = key_cache_->hits.load(std::memory_order_relaxed);
  stats.misses = key_cache_->misses.load(std::memory_order_relaxed);
  stats.entries = key_cache_->size();
  return stats;
}

namespace {

// Given the canonical request, computes the string to sign and the signature.
void finish_signing(SigningArtifacts& art, const Signing& sig, const SigningOptions& options,
                    const Sha256Digest& key) {
  char hex[64];
  sha256_hex(art.canonical_request, hex);
  std::string& sts = art.string_to_sign;
  sts.resize(kAlgorithm.size() + 1 + 16 + 1 + scope_size(options) + 1 + 64);
  char* p = sts.data();
  p = put(p, kAlgorithm);
  *p++ = '\n';
  p = put(p, sig.date());
  *p++ = '\n';
  p = put_scope(p, sig.day(), options);
  *p++ = '\n';
  put(p, std::string_view(hex, 64));
  const Sha256Digest mac = ThreadCrypto::get().hmac(key, sts);
  art.signature.resize(64);
  write_hex(mac.data(), mac.size(), art.signature.data());
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Header signing

SigningArtifacts SigV4Signer::sign(HttpRequest& request, const Credentials& creds,
                                   const SigningOptions& options, TimePoint when) const {
  Signing sig;
  format_amz_date(when, sig.amz_date);
  const bool has_token = !creds.session_token.empty();

  Headers& headers = request.headers;
  const ManagedHeaders managed = scan_managed(headers);

  // Payload hash; the buffers outlive every use below.
  char body_hex[64];
  std::string caller_hash;
  std::string_view payload;
  const bool content_header = options.unsigned_payload || options.content_sha256_header;
  if (options.unsigned_payload) {
    payload = kUnsignedPayload;
  } else if (options.content_sha256_header || !managed.content_sha256) {
    sha256_hex(request.body, body_hex);
    payload = std::string_view(body_hex, 64);
  } else {
    caller_hash.assign(managed.content_sha256_value);  // copied before headers change
    payload = caller_hash;
  }

  if (managed.authorization) headers.remove("Authorization");
  if (managed.date) headers.remove("X-Amz-Date");
  if (managed.token) headers.remove("X-Amz-Security-Token");
  if (managed.content_sha256 && content_header) headers.remove("X-Amz-Content-SHA256");
  headers.add("X-Amz-Date", std::string(sig.date()));
  if (has_token && !options.omit_session_token) {
    headers.add("X-Amz-Security-Token", creds.session_token);
  }
  if (content_header) headers.add("X-Amz-Content-SHA256", std::string(payload));

  Scratch& s = Scratch::get();
  collect_headers(request, s);
  std::size_t query_bytes = 0;
  const bool has_query = !request.query.empty();
  if (has_query) {
    QueryBuilder query(s, request.query.size(), 0);
    query.add_wire(request.query);
    query_bytes = query.canonical_size();
  }

  SigningArtifacts art;
  build_canonical_request(art.canonical_request, request, options, s, has_query, query_bytes,
                          payload);
  const Sha256Digest key =
      key_cache_->get(creds.secret_access_key, sig.day(), options.region, options.service);
  finish_signing(art, sig, options, key);

  std::string auth;
  auth.resize(kAlgorithm.size() + 12 + creds.access_key_id.size() + 1 + scope_size(options) + 16 +
              s.signed_headers.size() + 12 + 64);
  char* p = auth.data();
  p = put(p, kAlgorithm);
  p = put(p, " Credential=");
  p = put(p, creds.access_key_id);
  *p++ = '/';
  p = put_scope(p, sig.day(), options);
  p = put(p, ", SignedHeaders=");
  p = put(p, s.signed_headers);
  p = put(p, ", Signature=");
  p = put(p, art.signature);
  auth.resize(static_cast<std::size_t>(p - auth.data()));
  headers.add("Authorization", std::move(auth));
  if (has_token && options.omit_session_token) {
    headers.add("X-Amz-Security-Token", creds.session_token);
  }
  return art;
}

// ---------------------------------------------------------------------------------------
// Presigned URLs

SigningArtifacts SigV4Signer::presign(HttpRequest& request, const Credentials& creds,
                                      const SigningOptions& options, TimePoint when,
                                      std::chrono::seconds expires) const {
  Signing sig;
  format_amz_date(when, sig.amz_date);
  const bool has_token = !creds.session_token.empty();
  const bool sign_token = has_token && !options.omit_session_token;
  expires = std::clamp(expires, std::chrono::seconds(1), kMaxPresignExpiry);
  char expires_buf[24];
  const int expires_len = std::snprintf(expires_buf, sizeof expires_buf, "%lld",
                                        static_cast<long long>(expires.count()));
  const std::string_view expires_text(expires_buf, static_cast<std::size_t>(expires_len));

  const ManagedHeaders managed = scan_managed(request.headers);
  if (managed.authorization) request.headers.remove("Authorization");
  strip_presign_params(request.query);

  char body_hex[64];
  std::string caller_hash;
  std::string_view payload;
  if (options.unsigned_payload || options.presign_unsigned_payload) {
    payload = kUnsignedPayload;
  } else if (managed.content_sha256) {
    caller_hash.assign(request.headers.get("x-amz-content-sha256").value_or(""));
    payload = caller_hash;
  } else {
    sha256_hex(request.body, body_hex);
    payload = std::string_view(body_hex, 64);
  }

  Scratch& s = Scratch::get();
  collect_headers(request, s);

  char credential_buf[512];
  std::string credential_heap;
  const std::size_t credential_size = creds.access_key_id.size() + 1 + scope_size(options);
  char* credential_data = credential_buf;
  if (credential_size > sizeof credential_buf) {
    credential_heap.resize(credential_size);
    credential_data = credential_heap.data();
  }
  {
    char* p = put(credential_data, creds.access_key_id);
    *p++ = '/';
    put_scope(p, sig.day(), options);
  }
  const std::string_view credential(credential_data, credential_size);

  // The six parameter names and the algorithm take 109 bytes; the rest is the values.
  const std::size_t extra_bytes = 128 + credential.size() + sig.date().size() +
                                  expires_text.size() + s.signed_headers.size() +
                                  (sign_token ? creds.session_token.size() : 0);
  QueryBuilder query(s, request.query.size(), extra_bytes);
  query.add_wire(request.query);
  query.add_raw("X-Amz-Algorithm", kAlgorithm);
  query.add_raw("X-Amz-Credential", credential);
  query.add_raw("X-Amz-Date", sig.date());
  query.add_raw("X-Amz-Expires", expires_text);
  query.add_raw("X-Amz-SignedHeaders", s.signed_headers);
  if (sign_token) query.add_raw("X-Amz-Security-Token", creds.session_token);

  SigningArtifacts art;
  build_canonical_request(art.canonical_request, request, options, s, /*has_query=*/true,
                          query.canonical_size(), payload);
  const Sha256Digest key =
      key_cache_->get(creds.secret_access_key, sig.day(), options.region, options.service);
  finish_signing(art, sig, options, key);

  // Appended in the order the aws-c-auth suite shows; the order does not affect the
  // signature.
  std::string& q = request.query;
  q.reserve(q.size() + 160 + 3 * credential.size() + 3 * s.signed_headers.size() +
            3 * creds.session_token.size());
  if (!q.empty()) q.push_back('&');
  q += "X-Amz-Algorithm=";
  q += kAlgorithm;
  q += "&X-Amz-Credential=";
  append_encoded(q, credential);
  q += "&X-Amz-Date=";
  q += sig.date();
  q += "&X-Amz-SignedHeaders=";
  append_encoded(q, s.signed_headers);
  q += "&X-Amz-Expires=";
  q += expires_text;
  if (has_token) {
    q += "&X-Amz-Security-Token=";
    append_encoded(q, creds.session_token);
  }
  q += "&X-Amz-Signature=";
  q += art.signature;
  return art;
}

}  // namespace drh
