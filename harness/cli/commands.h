// Each drh subcommand registers itself on the app; its callback stores the exit code.
#pragma once

namespace CLI {
class App;
}

namespace drh::cli {

void register_whoami(CLI::App& app, int& exit_code);
void register_call(CLI::App& app, int& exit_code);
void register_serve(CLI::App& app, int& exit_code);
void register_outputs(CLI::App& app, int& exit_code);
void register_up(CLI::App& app, int& exit_code);  // up and down
void register_validate(CLI::App& app, int& exit_code);
void register_drill(CLI::App& app, int& exit_code);

}  // namespace drh::cli
