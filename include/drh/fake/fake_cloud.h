// The built-in fake cloud: the DR services of several AWS regions, in process.
//
// FakeCloud takes an HttpRequest exactly as an AWS SDK would send it (signed, in the
// service's real wire protocol) and answers with the HttpResponse AWS would give, so the
// same client code path runs against it as against AWS. It recognises service and region
// from the SigV4 credential scope, X-Amz-Target, host and path. Its request parsing and
// response writing are its own, independent of the typed clients (only the low-level
// codecs are shared), so a bug on one side cannot hide behind the same bug on the other.
//
// Time is a VirtualClock shared with the caller: everything that happens over time
// (replication, failover, probing, alarm evaluation) is a scheduled task on it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "drh/core/http.h"
#include "drh/core/result.h"
#include "drh/core/virtual_clock.h"

namespace drh::fake {

struct FakeOptions {
  std::string account_id = "123456789012";
  /// Regions that exist (requests to others fail as AWS does for an unknown region).
  std::vector<std::string> regions = {"us-east-1", "us-east-2", "us-west-1", "us-west-2",
                                      "eu-west-1", "eu-central-1", "ap-southeast-1"};
  /// How a latency fault delays a call: 0 (default) advances the virtual clock by the
  /// latency before serving it; N > 0 makes the calling thread really wait latency / N
  /// (drh serve with its clock following real time N times faster).
  double latency_wall_scale = 0;
};

class FakeCloud {
 public:
  explicit FakeCloud(VirtualClock& clock, FakeOptions options = {});
  ~FakeCloud();
  FakeCloud(const FakeCloud&) = delete;
  FakeCloud& operator=(const FakeCloud&) = delete;

  /// Serves one API call. Thread-safe. Never throws: malformed requests get the error
  /// response AWS would send (e.g. 400 with a protocol-appropriate error document).
  HttpResponse handle(const HttpRequest& request);

  /// An AWS error response to `request`, written in the protocol of the service it is
  /// for (or Query when it cannot be routed). Used by front ends that reject a request
  /// before serving it, e.g. `drh serve --verify-signatures`.
  HttpResponse reject(const HttpRequest& request, int status, std::string code,
                      std::string message);

  /// Forgets every resource in every service (the clock keeps its time).
  void reset();

  /// The whole world as JSON text, and back: a test world survives a restart.
  std::string save_state() const;
  /// kInvalidInput naming the first problem when `json` is not a saved state.
  Status load_state(std::string_view json);

  VirtualClock& clock();
  const FakeOptions& options() const;

  /// Internal: the services' shared core (used by the fake's own service files).
  struct Core;
  Core& core();

 private:
  std::unique_ptr<Core> core_;
};

/// The fake behind the Transport interface: the default target of the harness.
class InProcessTransport final : public Transport {
 public:
  explicit InProcessTransport(FakeCloud& cloud) : cloud_(cloud) {}
  Result<HttpResponse> send(const HttpRequest& request) override;

 private:
  FakeCloud& cloud_;
};

}  // namespace drh::fake
