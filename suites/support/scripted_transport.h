// A Transport that answers from a script and records what it was sent: drives typed
// clients over hand-written wire samples (fixtures/wire/<service>/) without a server.
#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "drh/client/connection.h"
#include "drh/core/clock.h"

namespace drh::testing {

class ScriptedTransport final : public Transport {
 public:
  /// Queues a response; `status` 200 unless given.
  void respond(std::string body, int status = 200, Headers headers = {});
  void respond(HttpResponse response);
  /// Queues a transport failure.
  void fail(Error error);

  /// Pops the next scripted answer; with none left, an Error naming the request.
  Result<HttpResponse> send(const HttpRequest& request) override;

  std::vector<HttpRequest> requests() const;
  const HttpRequest& last_request() const;
  std::size_t pending() const;

 private:
  mutable std::mutex mutex_;
  std::deque<Result<HttpResponse>> script_;
  std::vector<HttpRequest> requests_;
};

/// A connection over `transport` with fixed test credentials, endpoint
/// http://127.0.0.1:1 (nothing is dialled), the standard retry mode on `clock`.
std::unique_ptr<AwsConnection> scripted_connection(std::shared_ptr<ScriptedTransport> transport,
                                                   Clock& clock);

/// Contents of fixtures/wire/<relative_path>; an empty string and a test failure when
/// the sample is missing.
std::string wire_sample(std::string_view relative_path);

/// The form-decoded value of `key` in a Query/EC2 request body ("" when absent).
std::string form_value(const HttpRequest& request, std::string_view key);

}  // namespace drh::testing
