// drh serve's real health checkers: health checks whose target is on loopback (a service
// the test runs on 127.0.0.1) are probed for real, over TCP, HTTP or HTTPS, from a background
// thread that holds no world lock while it connects; the fake's checkers use the latest
// result (include/drh/fake/endpoints.h, "Live probing").
#pragma once

#include <chrono>

#include "drh/fake/fake_cloud.h"
#include "periodic_worker.h"

namespace drh::serve {

class LiveProbes {
 public:
  /// How often (wall time) every loopback target is probed, and how long a probe may take.
  static constexpr std::chrono::milliseconds kInterval{500};
  static constexpr std::chrono::seconds kTimeout{2};

  explicit LiveProbes(fake::FakeCloud& cloud) : cloud_(cloud) {}
  ~LiveProbes() { stop(); }
  LiveProbes(const LiveProbes&) = delete;
  LiveProbes& operator=(const LiveProbes&) = delete;

  /// Turns live probing on in the fake and starts the thread.
  void start();
  void stop();

 private:
  void run_once();

  fake::FakeCloud& cloud_;
  PeriodicWorker worker_;
};

}  // namespace drh::serve
