// drh serve's side of SNS delivery: the /_drh/sns/messages admin endpoint, and a background
// thread that POSTs the fake's pending deliveries to http subscriptions on loopback, the
// way SNS does, without ever holding the world lock while it talks to an endpoint.
#pragma once

#include <atomic>

#include "drh/core/http.h"
#include "drh/fake/fake_cloud.h"
#include "periodic_worker.h"

namespace drh::serve {

/// GET /_drh/sns/messages[?topic=ARN]: the recorded deliveries as JSON.
HttpResponse sns_messages(fake::FakeCloud& cloud, const HttpRequest& request);

class SnsOutbound {
 public:
  /// How often the outbox is looked at (wall time), and how long one POST may take.
  static constexpr std::chrono::milliseconds kPoll{50};
  static constexpr std::chrono::seconds kTimeout{5};

  explicit SnsOutbound(fake::FakeCloud& cloud) : cloud_(cloud) {}
  ~SnsOutbound() { stop(); }
  SnsOutbound(const SnsOutbound&) = delete;
  SnsOutbound& operator=(const SnsOutbound&) = delete;

  /// Turns outbound delivery on in the fake and starts the thread.
  void start();
  /// Stops the thread (idempotent); deliveries not yet sent stay pending.
  void stop();

 private:
  void run_once();

  fake::FakeCloud& cloud_;
  PeriodicWorker worker_;
};

}  // namespace drh::serve
