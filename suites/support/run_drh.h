// Runs the drh executable with arguments and an environment, capturing both streams.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace drh::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// An empty directory for one test: <tmp>/<group>-<pid>/<name>, emptied if it existed.
std::string fresh_temp_dir(const std::string& group, const std::string& name);

/// A whole file as text ("" when it cannot be read).
std::string read_file(const std::string& path);

/// The drh executable under test (absolute path).
std::string drh_path();

/// Runs drh with `args`. `env` entries are set (an empty value unsets the variable) on top
/// of a clean environment that has no AWS_* variables and HOME pointing at an empty dir.
CommandResult run_drh(const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env = {});

}  // namespace drh::testing
