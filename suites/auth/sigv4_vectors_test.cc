// The AWS SigV4 test suites, read at test time from ${DRH_SIGV4_VECTORS} or
// <repo>/../shared/sigv4-vectors (never copied into the repository):
//
// - aws-c-auth/v4/<case>/: context.json + request.txt, with the expected canonical request,
//   string to sign and signature for header signing (header-*.txt) and for presigned
//   query signing (query-*.txt), plus the signed requests.
// - aws-sig-v4-test-suite/: the classic AWS suite, <case>.req/.creq/.sts/.authz, including
//   the normalize-path/ and post-sts-token/ groups.
//
// One test per case (and per variant), named after the case, discovered by listing the
// directories when the binary starts.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "drh/auth/sigv4.h"
#include "sigv4_test_support.h"

namespace drh {
namespace {

namespace fs = std::filesystem;
using sigv4_test::read_file;
using sigv4_test::running_in_ci;

// The example secret the suites are computed with (public, from the AWS documentation).
constexpr const char* kClassicSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr const char* kMissing = "";  // the single placeholder case when nothing is found

fs::path vectors_root() {
  if (const char* env = std::getenv("DRH_SIGV4_VECTORS"); env != nullptr && *env != '\0') {
    return fs::path(env);
  }
  return fs::path(DRH_SHARED_DIR) / "sigv4-vectors";
}

fs::path aws_c_auth_dir() { return vectors_root() / "aws-c-auth" / "v4"; }
fs::path classic_dir() { return vectors_root() / "aws-sig-v4-test-suite"; }

// Skips, or fails under CI, when the suite's folder is absent.
void missing_vectors(const fs::path& dir) {
  const std::string message =
      "SigV4 test vectors not found at '" + dir.string() +
      "'. Point DRH_SIGV4_VECTORS at the sigv4-vectors folder (holding aws-c-auth/ and "
      "aws-sig-v4-test-suite/), or place it at <repo>/../shared/sigv4-vectors.";
  if (running_in_ci()) {
    FAIL() << message << " (CI is set, so missing vectors are an error)";
  }
  GTEST_SKIP() << message;
}

std::vector<std::string> discover_aws_c_auth() {
  std::vector<std::string> cases;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(aws_c_auth_dir(), ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "context.json")) {
      cases.push_back(entry.path().filename().string());
    }
  }
  std::sort(cases.begin(), cases.end());
  if (cases.empty()) cases.push_back(kMissing);
  return cases;
}

// Classic cases are directories holding <dirname>.req, at any depth; named by their
// path relative to the suite root ("normalize-path/get-slash").
std::vector<std::string> discover_classic() {
  std::vector<std::string> cases;
  std::error_code ec;
  const fs::path root = classic_dir();
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_directory()) continue;
    const fs::path& dir = it->path();
    if (fs::exists(dir / (dir.filename().string() + ".req"))) {
      cases.push_back(fs::relative(dir, root).generic_string());
    }
  }
  std::sort(cases.begin(), cases.end());
  if (cases.empty()) cases.push_back(kMissing);
  return cases;
}

std::string test_name(const testing::TestParamInfo<std::string>& info) {
  if (info.param.empty()) return "VectorsMissing";
  std::string out;
  for (char c : info.param) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

// ---------------------------------------------------------------------------------------
// request.txt / .req parsing

struct ParsedRequest {
  HttpRequest request;
  std::string target;  // request-target as written, path?query
};

// "METHOD target HTTP/1.1", header lines (a line starting with whitespace continues the
// previous value, kept with its line break for the signer to fold), a blank line, body.
// Tolerates a UTF-8 BOM and CRLF line ends. The target may hold spaces.
testing::AssertionResult parse_request(std::string text, ParsedRequest& out) {
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  std::size_t pos = 0;
  auto next_line = [&](std::string& line) {
    if (pos >= text.size()) return false;
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    pos = nl + 1;
    return true;
  };
  std::string line;
  if (!next_line(line)) return testing::AssertionFailure() << "empty request file";
  const std::size_t first = line.find(' ');
  const std::size_t last = line.rfind(' ');
  if (first == std::string::npos || last == first) {
    return testing::AssertionFailure() << "bad request line: " << line;
  }
  HttpRequest& req = out.request;
  req.method = line.substr(0, first);
  out.target = line.substr(first + 1, last - first - 1);
  const std::size_t q = out.target.find('?');
  req.path = out.target.substr(0, q);
  req.query = q == std::string::npos ? "" : out.target.substr(q + 1);
  req.scheme = "https";

  std::vector<Headers::Entry> entries;
  bool saw_blank = false;
  while (next_line(line)) {
    if (line.empty()) {
      saw_blank = true;
      break;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (entries.empty()) return testing::AssertionFailure() << "continuation first";
      entries.back().second += "\n" + line;
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) {
      return testing::AssertionFailure() << "bad header line: " << line;
    }
    entries.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  for (auto& [name, value] : entries) {
    if (iequals(name, "host")) req.host = std::string(trim(value));
    req.headers.add(std::move(name), std::move(value));
  }
  if (saw_blank && pos < text.size()) req.body = text.substr(pos);
  return testing::AssertionSuccess();
}

std::optional<TimePoint> parse_time(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &se) != 6 &&
      std::sscanf(s.c_str(), "%4d%2d%2dT%2d%2d%2dZ", &y, &mo, &d, &h, &mi, &se) != 6) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const sys_days day = year{y} / month{static_cast<unsigned>(mo)} / static_cast<unsigned>(d);
  return TimePoint(day) + hours{h} + minutes{mi} + seconds{se};
}

// (lower-cased name, value) pairs, sorted: header lists compared regardless of order.
std::vector<std::pair<std::string, std::string>> header_set(const Headers& headers) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : headers) out.emplace_back(to_lower(name), value);
  std::sort(out.begin(), out.end());
  return out;
}

std::string must_read(const fs::path& path) {
  auto text = read_file(path);
  EXPECT_TRUE(text.has_value()) << "cannot read " << path;
  return text.value_or("");
}

// ---------------------------------------------------------------------------------------
// aws-c-auth/v4

struct AwsCAuthCase {
  ParsedRequest parsed;
  Credentials creds;
  SigningOptions options;
  TimePoint when;
  std::chrono::seconds expires{0};
};

testing::AssertionResult load_aws_c_auth(const fs::path& dir, AwsCAuthCase& c) {
  auto context_text = read_file(dir / "context.json");
  auto request_text = read_file(dir / "request.txt");
  if (!context_text || !request_text) {
    return testing::AssertionFailure() << "cannot read context.json/request.txt in " << dir;
  }
  const auto ctx = nlohmann::json::parse(*context_text, nullptr, /*allow_exceptions=*/false);
  if (ctx.is_discarded()) return testing::AssertionFailure() << "bad context.json in " << dir;
  const auto& cr = ctx.at("credentials");
  c.creds.access_key_id = cr.at("access_key_id").get<std::string>();
  c.creds.secret_access_key = cr.at("secret_access_key").get<std::string>();
  c.creds.session_token = cr.value("token", std::string());
  // The aws-c-auth harness: double URI-encoding always on, normalisation per case, the
  // x-amz-content-sha256 header iff sign_body, the token after signing iff
  // omit_session_token.
  c.options.region = ctx.at("region").get<std::string>();
  c.options.service = ctx.at("service").get<std::string>();
  c.options.double_uri_encode = true;
  c.options.normalize_path = ctx.value("normalize", true);
  c.options.content_sha256_header = ctx.value("sign_body", false);
  c.options.omit_session_token = ctx.value("omit_session_token", false);
  c.expires = std::chrono::seconds(ctx.value("expiration_in_seconds", 0));
  auto when = parse_time(ctx.at("timestamp").get<std::string>());
  if (!when) return testing::AssertionFailure() << "bad timestamp in " << dir;
  c.when = *when;
  return parse_request(*request_text, c.parsed);
}

class AwsCAuthV4 : public testing::TestWithParam<std::string> {};

TEST_P(AwsCAuthV4, HeaderSigning) {
  if (GetParam().empty()) return missing_vectors(aws_c_auth_dir());
  const fs::path dir = aws_c_auth_dir() / GetParam();
  AwsCAuthCase c;
  ASSERT_TRUE(load_aws_c_auth(dir, c));

  SigV4Signer signer;
  HttpRequest req = c.parsed.request;
  const SigningArtifacts art = signer.sign(req, c.creds, c.options, c.when);
  EXPECT_EQ(art.canonical_request, must_read(dir / "header-canonical-request.txt"));
  EXPECT_EQ(art.string_to_sign, must_read(dir / "header-string-to-sign.txt"));
  EXPECT_EQ(art.signature, must_read(dir / "header-signature.txt"));

  // The signed request: same target, and the same headers (Authorization included).
  ParsedRequest expected;
  ASSERT_TRUE(parse_request(must_read(dir / "header-signed-request.txt"), expected));
  EXPECT_EQ(req.path, expected.request.path);
  EXPECT_EQ(req.query, expected.request.query);
  EXPECT_EQ(header_set(req.headers), header_set(expected.request.headers));
  EXPECT_EQ(req.body, expected.request.body);
}

TEST_P(AwsCAuthV4, QuerySigning) {
  if (GetParam().empty()) return missing_vectors(aws_c_auth_dir());
  const fs::path dir = aws_c_auth_dir() / GetParam();
  AwsCAuthCase c;
  ASSERT_TRUE(load_aws_c_auth(dir, c));

  SigV4Signer signer;
  HttpRequest req = c.parsed.request;
  const SigningArtifacts art = signer.presign(req, c.creds, c.options, c.when, c.expires);
  EXPECT_EQ(art.canonical_request, must_read(dir / "query-canonical-request.txt"));
  EXPECT_EQ(art.string_to_sign, must_read(dir / "query-string-to-sign.txt"));
  EXPECT_EQ(art.signature, must_read(dir / "query-signature.txt"));

  // The presigned request: the same query string, parameter for parameter and in order,
  // and the headers untouched.
  ParsedRequest expected;
  ASSERT_TRUE(parse_request(must_read(dir / "query-signed-request.txt"), expected));
  EXPECT_EQ(req.path, expected.request.path);
  EXPECT_EQ(req.query, expected.request.query);
  EXPECT_EQ(header_set(req.headers), header_set(expected.request.headers));
  EXPECT_EQ(header_set(req.headers), header_set(c.parsed.request.headers));
}

INSTANTIATE_TEST_SUITE_P(AwsCAuth, AwsCAuthV4, testing::ValuesIn(discover_aws_c_auth()), test_name);

// ---------------------------------------------------------------------------------------
// aws-sig-v4-test-suite (classic)

// Key id, region and service come from the expected .authz scope; the session token for
// the post-sts-token group from its readme.txt (its last line).
class ClassicSuite : public testing::TestWithParam<std::string> {};

TEST_P(ClassicSuite, HeaderSigning) {
  if (GetParam().empty()) return missing_vectors(classic_dir());
  const fs::path dir = classic_dir() / GetParam();
  const std::string base = (dir / dir.filename()).string();
  ParsedRequest parsed;
  ASSERT_TRUE(parse_request(must_read(base + ".req"), parsed));
  const std::string authz = must_read(base + ".authz");

  // "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, ..."
  const std::size_t cred_at = authz.find("Credential=");
  ASSERT_NE(cred_at, std::string::npos) << authz;
  const std::string scope = authz.substr(cred_at + 11, authz.find(',', cred_at) - cred_at - 11);
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t slash = scope.find('/', start);
    parts.push_back(scope.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  ASSERT_EQ(parts.size(), 5u) << scope;

  Credentials creds;
  creds.access_key_id = parts[0];
  creds.secret_access_key = kClassicSecret;
  SigningOptions options;
  options.region = parts[2];
  options.service = parts[3];
  if (GetParam().starts_with("post-sts-token/")) {
    std::string readme = must_read(dir.parent_path() / "readme.txt");
    while (!readme.empty() && (readme.back() == '\n' || readme.back() == '\r')) readme.pop_back();
    const std::size_t nl = readme.find_last_of('\n');
    creds.session_token = std::string(trim(readme.substr(nl == std::string::npos ? 0 : nl + 1)));
    ASSERT_TRUE(creds.session_token.starts_with("AQoD")) << creds.session_token;
    // post-sts-header-after: the token is added after the signature is computed.
    options.omit_session_token = GetParam().ends_with("-after");
  }
  auto date = parsed.request.headers.get("X-Amz-Date");
  ASSERT_TRUE(date.has_value()) << "no X-Amz-Date in " << base << ".req";
  auto when = parse_time(std::string(*date));
  ASSERT_TRUE(when.has_value());

  SigV4Signer signer;
  HttpRequest req = parsed.request;
  const SigningArtifacts art = signer.sign(req, creds, options, *when);
  EXPECT_EQ(art.canonical_request, must_read(base + ".creq"));
  EXPECT_EQ(art.string_to_sign, must_read(base + ".sts"));
  EXPECT_EQ(req.headers.get("Authorization").value_or(""), authz);
  if (!creds.session_token.empty()) {
    EXPECT_EQ(req.headers.get("X-Amz-Security-Token").value_or(""), creds.session_token);
  }
}

INSTANTIATE_TEST_SUITE_P(Classic, ClassicSuite, testing::ValuesIn(discover_classic()), test_name);

}  // namespace
}  // namespace drh
