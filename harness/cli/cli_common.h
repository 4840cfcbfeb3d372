// Options and plumbing shared by the drh subcommands.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "drh/client/connection.h"
#include "drh/core/result.h"

namespace CLI {
class App;
}

namespace drh::cli {

/// Options every AWS-facing command accepts.
struct AwsOptions {
  std::string region;
  std::string profile;
  std::string endpoint_url;
  int connect_timeout_ms = 3000;
  int timeout_ms = 60000;
  int max_attempts = 3;
  bool no_verify_tls = false;
  bool debug = false;
};

/// Adds --region, --profile, --endpoint-url, --timeout, ... to `command`.
void add_aws_options(CLI::App& command, AwsOptions& options);

/// A connection over libcurl configured from the options and the environment.
struct ConnectionBundle {
  std::unique_ptr<AwsConnection> connection;
  std::string region;
};
/// `wrap`, when given, wraps the transport (e.g. validation's read cache).
Result<ConnectionBundle> make_connection(
    const AwsOptions& options, bool region_required,
    const std::function<std::shared_ptr<Transport>(std::shared_ptr<Transport>)>& wrap = {});

/// Prints "drh: <error>" (plus a hint for common causes) to stderr and returns the exit
/// code that error maps to.
int report_error(const Error& error);

}  // namespace drh::cli
