// drh serve: the built-in fake cloud over HTTP for aws-cli, boto3 and any SDK.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>

#include "cli_common.h"
#include "commands.h"
#include "drh/serve/server.h"

namespace drh::cli {

namespace {

struct ServeCliOptions {
  serve::ServeOptions serve;
  std::vector<std::string> access_keys;
  std::string clock = "real";
  int max_body_mb = 64;
};

int run_serve(ServeCliOptions& cli) {
  serve::ServeOptions& options = cli.serve;
  options.max_body_bytes = static_cast<std::size_t>(cli.max_body_mb) * 1024 * 1024;
  options.clock_mode = cli.clock == "manual" ? serve::ClockMode::kManual : serve::ClockMode::kReal;
  for (const std::string& pair : cli.access_keys) {
    auto colon = pair.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == pair.size()) {
      return report_error(invalid_input("--access-key must be KEY_ID:SECRET"));
    }
    options.credentials[pair.substr(0, colon)] = pair.substr(colon + 1);
  }
  if (options.verify_signatures && options.credentials.empty()) {
    const char* id = std::getenv("AWS_ACCESS_KEY_ID");
    const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
    if (id == nullptr || secret == nullptr) {
      return report_error(invalid_input(
          "--verify-signatures needs the keys clients sign with: --access-key KEY_ID:SECRET, "
          "or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment"));
    }
    options.credentials[id] = secret;
  }
  serve::Server server(options);
  auto port = server.start();
  if (!port) return report_error(port.error());
  fmt::print("drh serve: listening on http://{}:{} (account {}, clock {}{})\n", options.host,
             *port, options.fake.account_id, cli.clock,
             options.verify_signatures ? ", verifying signatures" : "");
  if (!options.state_file.empty()) fmt::print("drh serve: state file {}\n", options.state_file);
  std::fflush(stdout);
  server.wait(/*watch_signals=*/true);
  fmt::print("drh serve: stopped after {} requests\n", server.requests_served());
  return kExitOk;
}

}  // namespace

void register_serve(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ServeCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the built-in fake cloud over HTTP (point AWS_ENDPOINT_URL at it)");
  cmd->add_option("--host", options->serve.host, "address to listen on")->capture_default_str();
  cmd->add_option("--port", options->serve.port, "port (0 picks a free one and prints it)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--threads", options->serve.threads, "worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->add_option("--max-body-mb", options->max_body_mb, "request size limit (413 above)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  cmd->add_flag("--verify-signatures", options->serve.verify_signatures,
                "reject requests whose SigV4 signature does not verify, as AWS does");
  cmd->add_option("--access-key", options->access_keys,
                  "KEY_ID:SECRET accepted by --verify-signatures (repeatable; default: "
                  "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)");
  cmd->add_option("--state", options->serve.state_file,
                  "load the world from FILE at start (if it exists) and save it at shutdown");
  cmd->add_option("--clock", options->clock,
                  "real: virtual time follows the wall clock; manual: moves only on "
                  "POST /_drh/clock/advance")
      ->check(CLI::IsMember({"real", "manual"}))
      ->capture_default_str();
  cmd->add_option("--time-scale", options->serve.time_scale,
                  "with --clock real, virtual seconds per wall second")
      ->check(CLI::Range(0.001, 100000.0))
      ->capture_default_str();
  cmd->add_option("--account", options->serve.fake.account_id, "the fake account id")
      ->capture_default_str();
  cmd->callback([options, &exit_code] { exit_code = run_serve(*options); });
}

}  // namespace drh::cli
