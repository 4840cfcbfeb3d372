// A background thread that runs one job every interval (wall time) until stopped: how
// drh serve does I/O on the fake's behalf (real health probes, SNS POSTs) without ever
// holding the world lock while it waits on the network.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace drh::serve {

class PeriodicWorker {
 public:
  PeriodicWorker() = default;
  ~PeriodicWorker() { stop(); }
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

  /// Starts running `job` every `interval` (the first run one interval from now); a no-op
  /// when already running.
  void start(std::chrono::milliseconds interval, std::function<void()> job) {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this, interval, job = std::move(job)] {
      for (;;) {
        {
          std::unique_lock wait(mutex_);
          wake_.wait_for(wait, interval, [this] { return stopping_; });
          if (stopping_) return;
        }
        job();
      }
    });
  }

  /// Stops the thread after the job in progress, if any (idempotent).
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace drh::serve
