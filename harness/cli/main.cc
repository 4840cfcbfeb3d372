// drh: the drharness command line. Exit codes: 0 ok, 1 AWS error or failed check,
// 2 bad input or usage, 3 network error or timeout, 4 a drill rolled back (see README.md).
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "commands.h"
#include "drh/core/encoding.h"
#include "drh/core/result.h"

int main(int argc, char** argv) {
  CLI::App app{"drharness: integration tests and failover drills for multi-region DR stacks"};
  app.name("drh");
  app.require_subcommand(1);
  app.set_version_flag("--version", "drh " DRH_VERSION);

  int exit_code = drh::kExitOk;
  app.add_subcommand("version", "Print the drh version")->callback([] {
    fmt::print("drh {}\n", DRH_VERSION);
  });
  drh::cli::register_whoami(app, exit_code);
  drh::cli::register_call(app, exit_code);
  drh::cli::register_serve(app, exit_code);
  drh::cli::register_outputs(app, exit_code);
  drh::cli::register_up(app, exit_code);
  drh::cli::register_validate(app, exit_code);
  drh::cli::register_drill(app, exit_code);

  // Every command hashes (request signing, the fake's ids): load the digests up front.
  drh::init_crypto();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? drh::kExitOk : drh::kExitBadInput;
  }
  return exit_code;
}
