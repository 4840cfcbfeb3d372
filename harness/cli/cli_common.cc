#include "cli_common.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>

#include "drh/net/curl_transport.h"

namespace drh::cli {

void add_aws_options(CLI::App& command, AwsOptions& options) {
  command.add_option("--region", options.region,
                     "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, profile)");
  command.add_option("--profile", options.profile, "shared-config profile (default: AWS_PROFILE)");
  command.add_option("--endpoint-url", options.endpoint_url,
                     "send to this endpoint instead of AWS (an emulator such as drh serve)");
  command.add_option("--connect-timeout-ms", options.connect_timeout_ms, "connect timeout")
      ->check(CLI::Range(1, 600000));
  command.add_option("--timeout-ms", options.timeout_ms, "total timeout per attempt")
      ->check(CLI::Range(1, 3600000));
  command.add_option("--max-attempts", options.max_attempts,
                     "attempts per call, retries included (standard retry mode)")
      ->check(CLI::Range(1, 20));
  command.add_flag("--no-verify-tls", options.no_verify_tls,
                   "do not verify TLS certificates (never against real AWS)");
  command.add_flag("--debug", options.debug, "print the endpoint and attempts to stderr");
}

Result<ConnectionBundle> make_connection(
    const AwsOptions& options, bool region_required,
    const std::function<std::shared_ptr<Transport>(std::shared_ptr<Transport>)>& wrap) {
  ConnectionBundle bundle;
  auto region = resolve_region(options.region, options.profile);
  if (region) {
    bundle.region = *region;
  } else if (region_required) {
    return region.error();
  } else {
    bundle.region = "us-east-1";
  }
  CurlOptions curl;
  curl.connect_timeout = std::chrono::milliseconds(options.connect_timeout_ms);
  curl.total_timeout = std::chrono::milliseconds(options.timeout_ms);
  curl.verify_tls = !options.no_verify_tls;
  curl.user_agent = "drharness/" DRH_VERSION;

  ConnectionOptions conn;
  conn.endpoint.explicit_url = options.endpoint_url;
  conn.retry.max_attempts = options.max_attempts;
  std::shared_ptr<CredentialsProvider> creds = DefaultCredentialsChain(options.profile);
  std::shared_ptr<Transport> transport = std::make_shared<CurlTransport>(curl);
  if (wrap) transport = wrap(std::move(transport));
  bundle.connection = std::make_unique<AwsConnection>(std::move(transport),
                                                      std::move(creds),
                                                      SystemClock::instance(), conn);
  return bundle;
}

int report_error(const Error& error) {
  fmt::print(stderr, "drh: {}\n", error.describe());
  switch (error.kind) {
    case ErrorKind::kNetwork:
    case ErrorKind::kTimeout:
      fmt::print(stderr, "hint: is the endpoint up and reachable? (--endpoint-url, "
                         "AWS_ENDPOINT_URL, --connect-timeout-ms)\n");
      break;
    case ErrorKind::kCredentials:
      fmt::print(stderr, "hint: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE; "
                         "emulators accept any non-empty keys\n");
      break;
    default:
      break;
  }
  return exit_code_for(error);
}

}  // namespace drh::cli
