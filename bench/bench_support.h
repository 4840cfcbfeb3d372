// What the benchmarks share: a connection to an in-process fake, signing with placeholder
// keys (the fake accepts any), addressed to a loopback name that is never dialled.
#pragma once

#include <memory>

#include "drh/auth/credentials.h"
#include "drh/client/connection.h"
#include "drh/core/clock.h"
#include "drh/core/http.h"

namespace drh::bench {

/// A connection over `transport` (an InProcessTransport, possibly wrapped) on `clock`.
inline std::unique_ptr<AwsConnection> fake_connection(std::shared_ptr<Transport> transport,
                                                      Clock& clock) {
  Credentials creds;
  creds.access_key_id = "AKIABENCHFAKE0000001";
  creds.secret_access_key = "bench-secret";
  creds.source = "bench";
  ConnectionOptions options;
  options.endpoint.explicit_url = "http://127.0.0.1:4566";
  options.endpoint.use_env = false;
  return std::make_unique<AwsConnection>(std::move(transport), MakeStaticProvider(creds), clock,
                                         options);
}

}  // namespace drh::bench
