// serve_load: request rate of an AWS-compatible endpoint over loopback keep-alive.
//
//   serve_load --endpoint http://127.0.0.1:PORT [--connections 2] [--seconds 5]
//              [--mode raw|typed] [--region us-east-1]
//
// Each connection is one thread with its own keep-alive curl handle, calling RDS
// DescribeDBClusters back to back for --seconds. Modes:
//   raw    the request the typed client would send, signed once and replayed: the
//          client's own cost is just curl, so the figure is the server's;
//   typed  every call signed, sent and decoded by RdsClient, as a test suite does.
// Prints one JSON object: {"requests", "errors", "seconds", "rate", "first_error"}.
// Exit 0 when every call succeeded, 1 when some failed, 2 on usage errors.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "drh/auth/credentials.h"
#include "drh/aws/rds.h"
#include "drh/client/connection.h"
#include "drh/net/curl_transport.h"

namespace {

using namespace drh;

struct Options {
  std::string endpoint;
  std::string region = "us-east-1";
  std::string mode = "raw";
  int connections = 2;
  double seconds = 5.0;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "serve_load: " << problem
            << "\nusage: serve_load --endpoint URL [--connections N] [--seconds S]"
               " [--mode raw|typed] [--region R]\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(std::string(arg) + " needs a value");
      return argv[++i];
    };
    try {
      if (arg == "--endpoint") o.endpoint = value();
      else if (arg == "--region") o.region = value();
      else if (arg == "--mode") o.mode = value();
      else if (arg == "--connections") o.connections = std::stoi(value());
      else if (arg == "--seconds") o.seconds = std::stod(value());
      else usage("unknown argument " + std::string(arg));
    } catch (const std::logic_error&) {
      usage(std::string(arg) + " needs a number");
    }
  }
  if (o.endpoint.empty()) usage("--endpoint is required");
  if (o.mode != "raw" && o.mode != "typed") usage("--mode is raw or typed");
  if (o.connections < 1 || o.connections > 64) usage("--connections is 1..64");
  if (o.seconds <= 0) usage("--seconds must be positive");
  return o;
}

std::shared_ptr<CredentialsProvider> bench_credentials() {
  Credentials creds;
  creds.access_key_id = "AKIABENCHLOAD0000001";
  creds.secret_access_key = "bench-load-secret";
  creds.source = "bench";
  return MakeStaticProvider(creds);
}

ConnectionOptions connection_options(const Options& o) {
  ConnectionOptions options;
  options.endpoint.explicit_url = o.endpoint;
  options.endpoint.use_env = false;
  options.retry.max_attempts = 1;  // a failed call is counted, never hidden by a retry
  return options;
}

// Records the request a typed call would send, answering it with an empty cluster list.
class CaptureTransport final : public Transport {
 public:
  Result<HttpResponse> send(const HttpRequest& request) override {
    captured = request;
    HttpResponse r;
    r.status = 200;
    r.body =
        "<DescribeDBClustersResponse><DescribeDBClustersResult><DBClusters/>"
        "</DescribeDBClustersResult></DescribeDBClustersResponse>";
    return r;
  }
  HttpRequest captured;
};

struct Tally {
  std::atomic<long long> requests{0};
  std::atomic<long long> errors{0};
  std::mutex mutex;
  std::string first_error;
  void fail(std::string what) {
    errors.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(mutex);
    if (first_error.empty()) first_error = std::move(what);
  }
};

void run_raw(const Options& o, const HttpRequest& request,
             std::chrono::steady_clock::time_point deadline, Tally& tally) {
  CurlTransport transport;
  long long done = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto response = transport.send(request);
    if (!response.ok()) {
      tally.fail(response.error().describe());
    } else if (response->status != 200 || response->body.empty()) {
      tally.fail("HTTP " + std::to_string(response->status) + " from " + o.endpoint);
    }
    ++done;
  }
  tally.requests.fetch_add(done, std::memory_order_relaxed);
}

void run_typed(const Options& o, std::chrono::steady_clock::time_point deadline, Tally& tally) {
  AwsConnection connection(std::make_shared<CurlTransport>(), bench_credentials(),
                           SystemClock::instance(), connection_options(o));
  aws::RdsClient rds(connection);
  long long done = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto result = rds.DescribeDBClusters(o.region, {});
    if (!result.ok()) tally.fail(result.error().describe());
    ++done;
  }
  tally.requests.fetch_add(done, std::memory_order_relaxed);
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);

  auto capture = std::make_shared<CaptureTransport>();
  {
    AwsConnection signer(capture, bench_credentials(), SystemClock::instance(),
                         connection_options(o));
    auto probe = aws::RdsClient(signer).DescribeDBClusters(o.region, {});
    if (!probe.ok()) usage("cannot build the request: " + probe.error().describe());
  }

  Tally tally;
  const auto start = std::chrono::steady_clock::now();
  const auto deadline =
      start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                  std::chrono::duration<double>(o.seconds));
  std::vector<std::thread> threads;
  for (int i = 0; i < o.connections; ++i) {
    threads.emplace_back([&] {
      if (o.mode == "raw") run_raw(o, capture->captured, deadline, tally);
      else run_typed(o, deadline, tally);
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const long long requests = tally.requests.load();
  const long long errors = tally.errors.load();
  std::printf(
      "{\"requests\": %lld, \"errors\": %lld, \"seconds\": %.3f, \"rate\": %.1f, "
      "\"connections\": %d, \"mode\": \"%s\", \"first_error\": \"%s\"}\n",
      requests, errors, elapsed, static_cast<double>(requests) / elapsed, o.connections,
      o.mode.c_str(), json_escape(tally.first_error).c_str());
  return errors == 0 ? 0 : 1;
}
