// `drh serve`: the fake cloud over HTTP, for aws-cli, boto3 and any AWS SDK.
//
// A Boost.Beast HTTP/1.1 server on a small thread pool with keep-alive, a request-size
// limit (413), optional SigV4 verification, admin endpoints under /_drh/, and a state file
// so a test world survives a restart.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "drh/core/result.h"
#include "drh/core/virtual_clock.h"
#include "drh/fake/fake_cloud.h"

namespace drh::serve {

/// How the fake's virtual clock moves while serving.
enum class ClockMode {
  kReal,    ///< follows wall time from start, multiplied by time_scale
  kManual,  ///< moves only on POST /_drh/clock/advance
};

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 4566;  ///< 0 picks a free port
  int threads = 2;
  std::size_t max_body_bytes = 64 * 1024 * 1024;
  std::chrono::seconds idle_timeout{60};
  bool verify_signatures = false;
  /// Access key id -> secret key, for --verify-signatures.
  std::map<std::string, std::string> credentials;
  std::string state_file;  ///< loaded on start when it exists, saved on shutdown
  ClockMode clock_mode = ClockMode::kReal;
  double time_scale = 1.0;
  fake::FakeOptions fake;
};

class Server {
 public:
  explicit Server(ServeOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Loads the state file, binds and starts serving on the thread pool. Returns the bound
  /// port. kInvalidInput for a bad state file, kNetwork when the address is in use.
  Result<int> start();
  /// Blocks until stop() or SIGINT/SIGTERM (when watch_signals), then shuts down
  /// gracefully and saves the state file.
  void wait(bool watch_signals = true);
  /// Stops accepting, finishes in-flight requests, saves state. Idempotent, thread-safe.
  void stop();

  fake::FakeCloud& cloud();
  VirtualClock& clock();
  std::uint64_t requests_served() const;

  /// Opaque; named publicly only so the connection code can hold it.
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace drh::serve
