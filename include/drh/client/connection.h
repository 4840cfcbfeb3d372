// AwsConnection: the one path every AWS call takes, whatever the target.
//
// Given a request already shaped by a protocol codec (method, path relative to the
// service root, query, headers, body), it resolves the endpoint for (service, region),
// fills in scheme and host, signs with SigV4, sends through the Transport (libcurl to AWS
// or an emulator, or the in-process fake), retries per the standard retry mode, and turns
// a non-2xx answer into an AWS Error decoded by the service's protocol.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "drh/auth/credentials.h"
#include "drh/auth/sigv4.h"
#include "drh/core/clock.h"
#include "drh/core/endpoints.h"
#include "drh/core/http.h"
#include "drh/core/retry.h"

namespace drh {

struct ConnectionOptions {
  EndpointOptions endpoint;
  RetryOptions retry;
  /// S3: always address buckets path-style (emulators and IP endpoints force it anyway).
  bool s3_force_path_style = false;
  /// S3: sign with UNSIGNED-PAYLOAD instead of hashing the body.
  bool s3_unsigned_payload = false;
};

/// One attempt's outcome, for callers that log progress or debug output.
struct CallTrace {
  std::string url;
  int attempts = 0;
  std::string endpoint_source;
};

class AwsConnection {
 public:
  AwsConnection(std::shared_ptr<Transport> transport,
                std::shared_ptr<CredentialsProvider> credentials, Clock& clock,
                ConnectionOptions options = {});

  /// Sends `request` to `service` in `region` (ignored for global services, which use
  /// their signing region). `request.path` is relative to the service root; for S3 pass
  /// the bucket so it can be addressed virtual-hosted or path-style. Returns the 2xx
  /// response, or an Error: kAws with the service's code for an AWS error document, kHttp
  /// for an error status without one, kNetwork/kTimeout from the transport,
  /// kCredentials/kInvalidInput for set-up problems. Thread-safe.
  Result<HttpResponse> send(const ServiceInfo& service, std::string_view region,
                            HttpRequest request, std::string_view s3_bucket = {},
                            CallTrace* trace = nullptr);

  Result<Endpoint> endpoint_for(const ServiceInfo& service, std::string_view region) const;
  Clock& clock() { return clock_; }
  Transport& transport() { return *transport_; }
  CredentialsProvider& credentials() { return *credentials_; }

 private:
  std::shared_ptr<Transport> transport_;
  std::shared_ptr<CredentialsProvider> credentials_;
  Clock& clock_;
  ConnectionOptions options_;
  SigV4Signer signer_;
  RetryStrategy retry_;
};

}  // namespace drh
