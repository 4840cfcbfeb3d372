// SigV4 signing throughput: signatures per second on one core.
//
//   sigv4_bench                       run the benchmarks (Google Benchmark flags apply)
//   sigv4_bench --dump-request=NAME   print the request a benchmark signs, as JSON, so
//                                     bench/compare_botocore.py signs the very same one
//
// The typical request is a JSON-protocol call: 10 headers and a 1 KiB body. Each
// iteration signs the same request again, as a retry would (the signer replaces its own
// headers), so the numbers include the header bookkeeping, not just the hashing.
// GCC 12 at -O3 reports a bogus -Wrestrict inside std::string assignment (GCC PR 105651).
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "drh/auth/sigv4.h"
#include "drh/core/encoding.h"

namespace {

using drh::Credentials;
using drh::HttpRequest;
using drh::SigningOptions;
using drh::SigV4Signer;
using drh::TimePoint;

// Placeholder keys (the AWS documentation's example pair), not secrets.
Credentials bench_credentials() {
  Credentials c;
  c.access_key_id = "AKIDEXAMPLE";
  c.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  return c;
}

TimePoint bench_time() { return TimePoint(std::chrono::seconds(1440938160)); }  // 2015-08-30

std::string kib_body() {
  std::string body = R"({"TableName":"drh-canary","Item":{"pk":{"S":"canary#)";
  while (body.size() < 1000) body += "0123456789abcdef";
  body.resize(1022);
  body += "\"}";
  while (body.size() < 1024) body += ' ';
  return body;
}

struct NamedRequest {
  std::string name;
  std::string service;
  std::string region;
  HttpRequest request;
};

// DynamoDB PutItem: 10 headers, 1 KiB body.
NamedRequest typical() {
  NamedRequest n{"typical", "dynamodb", "us-east-1", {}};
  HttpRequest& r = n.request;
  r.method = "POST";
  r.scheme = "https";
  r.host = "dynamodb.us-east-1.amazonaws.com";
  r.path = "/";
  r.body = kib_body();
  r.headers.add("Host", r.host);
  r.headers.add("Content-Type", "application/x-amz-json-1.0");
  r.headers.add("X-Amz-Target", "DynamoDB_20120810.PutItem");
  r.headers.add("Content-Length", std::to_string(r.body.size()));
  r.headers.add("Accept", "application/json");
  r.headers.add("Accept-Encoding", "identity");
  r.headers.add("User-Agent", "drh/0.1.0 (linux; x86_64)");
  r.headers.add("amz-sdk-invocation-id", "3c1f8a6e-9b7d-4f2e-8a51-0c6d2e9f7b14");
  r.headers.add("amz-sdk-request", "attempt=1; max=3");
  r.headers.add("X-Amz-Client-Context", "drh-bench");
  return n;
}

// S3 PutObject with a key needing encoding and a query parameter, 1 KiB body.
NamedRequest typical_s3() {
  NamedRequest n{"typical_s3", "s3", "eu-west-1", {}};
  HttpRequest& r = n.request;
  r.method = "PUT";
  r.scheme = "https";
  r.host = "drh-replica.s3.eu-west-1.amazonaws.com";
  r.path = "/canary/2015-08-30/obj%20%231.json";
  r.query = "x-id=PutObject";
  r.body = kib_body();
  r.headers.add("Content-Type", "application/json");
  r.headers.add("Content-Length", std::to_string(r.body.size()));
  r.headers.add("Content-MD5", drh::md5_base64(r.body));
  r.headers.add("x-amz-meta-drill", "failover-7");
  r.headers.add("x-amz-storage-class", "STANDARD");
  r.headers.add("Expect", "100-continue");
  r.headers.add("User-Agent", "drh/0.1.0 (linux; x86_64)");
  r.headers.add("amz-sdk-invocation-id", "3c1f8a6e-9b7d-4f2e-8a51-0c6d2e9f7b14");
  r.headers.add("amz-sdk-request", "attempt=1; max=3");
  r.headers.add("x-amz-tagging", "team=dr&tier=1");
  return n;
}

// S3 GetObject presigned for an hour.
NamedRequest presign_s3() {
  NamedRequest n{"presign_s3", "s3", "us-west-2", {}};
  HttpRequest& r = n.request;
  r.method = "GET";
  r.scheme = "https";
  r.host = "drh-primary.s3.us-west-2.amazonaws.com";
  r.path = "/reports/rto%20summary.json";
  r.query = "response-content-type=application%2Fjson&versionId=3HL4kqtJlcpXroDTDmJ";
  return n;
}

void BM_SignTypical(benchmark::State& state) {
  const NamedRequest n = typical();
  const Credentials creds = bench_credentials();
  const SigningOptions options = SigningOptions::For(n.service, n.region);
  SigV4Signer signer;
  HttpRequest request = n.request;
  for (auto _ : state) {
    benchmark::DoNotOptimize(signer.sign(request, creds, options, bench_time()));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("signatures");
}
BENCHMARK(BM_SignTypical);

void BM_SignTypicalS3(benchmark::State& state) {
  const NamedRequest n = typical_s3();
  const Credentials creds = bench_credentials();
  const SigningOptions options = SigningOptions::For(n.service, n.region);
  SigV4Signer signer;
  HttpRequest request = n.request;
  for (auto _ : state) {
    benchmark::DoNotOptimize(signer.sign(request, creds, options, bench_time()));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("signatures");
}
BENCHMARK(BM_SignTypicalS3);

void BM_SignTypicalColdKey(benchmark::State& state) {
  // A new date every iteration: the key cache misses and the key is derived each time.
  const NamedRequest n = typical();
  const Credentials creds = bench_credentials();
  const SigningOptions options = SigningOptions::For(n.service, n.region);
  SigV4Signer signer;
  HttpRequest request = n.request;
  TimePoint when = bench_time();
  for (auto _ : state) {
    when += std::chrono::hours(24);
    benchmark::DoNotOptimize(signer.sign(request, creds, options, when));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("signatures");
}
BENCHMARK(BM_SignTypicalColdKey);

void BM_PresignS3(benchmark::State& state) {
  const NamedRequest n = presign_s3();
  const Credentials creds = bench_credentials();
  const SigningOptions options = SigningOptions::For(n.service, n.region);
  SigV4Signer signer;
  HttpRequest request = n.request;
  for (auto _ : state) {
    // Presigning again strips the previous X-Amz-* parameters first.
    benchmark::DoNotOptimize(
        signer.presign(request, creds, options, bench_time(), std::chrono::seconds(3600)));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("signatures");
}
BENCHMARK(BM_PresignS3);

// ---------------------------------------------------------------------------------------
// --dump-request

std::string json_string(std::string_view s) {
  std::string out(1, '"');
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

int dump_request(std::string_view name) {
  NamedRequest n;
  if (name == "typical") {
    n = typical();
  } else if (name == "typical_s3") {
    n = typical_s3();
  } else if (name == "presign_s3") {
    n = presign_s3();
  } else {
    std::fprintf(stderr, "unknown request '%.*s' (typical, typical_s3, presign_s3)\n",
                 static_cast<int>(name.size()), name.data());
    return 2;
  }
  const Credentials creds = bench_credentials();
  const HttpRequest& r = n.request;
  std::string out = "{";
  auto field = [&out](std::string_view key, std::string_view value) {
    if (out.size() > 1) out += ',';
    out += json_string(key);
    out += ':';
    out += json_string(value);
  };
  field("name", n.name);
  field("service", n.service);
  field("region", n.region);
  field("access_key", creds.access_key_id);
  field("secret_key", creds.secret_access_key);
  field("method", r.method);
  field("url", r.url());
  field("body_base64", drh::base64_encode(r.body));
  out += ",\"headers\":[";
  bool first = true;
  for (const auto& [k, v] : r.headers) {
    if (!first) out += ',';
    first = false;
    out += '[';
    out += json_string(k);
    out += ',';
    out += json_string(v);
    out += ']';
  }
  out += "]}\n";
  std::fputs(out.c_str(), stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  constexpr std::string_view kDump = "--dump-request=";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with(kDump)) return dump_request(arg.substr(kDump.size()));
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
