// Test support: run an emulator (moto_server, drh serve) as a child process on a free
// loopback port for the length of a test program.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace drh::testing {

/// A free TCP port on 127.0.0.1 at the moment of the call.
int free_loopback_port();

/// True when `program` is on PATH.
bool program_on_path(const std::string& program);

/// True when CI=true: missing test prerequisites then fail instead of skipping.
bool running_in_ci();

class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  /// Starts argv (argv[0] looked up on PATH) with stdout/stderr to `log_path` and waits
  /// until 127.0.0.1:port accepts connections. Returns false, with `error` set, when the
  /// program cannot start or does not listen within `ready_timeout`.
  bool start(const std::vector<std::string>& argv, int port, const std::string& log_path,
             std::chrono::milliseconds ready_timeout, std::string& error);
  /// SIGTERM, then SIGKILL after a grace period. Idempotent.
  void stop();
  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

/// Waits until something accepts TCP connections on 127.0.0.1:port.
bool wait_for_port(int port, std::chrono::milliseconds timeout);

}  // namespace drh::testing
