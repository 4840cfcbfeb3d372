// Validation results as people and machines read them: a terminal summary grouped by
// area, JSON, and JUnit XML for CI dashboards.
#pragma once

#include <string>
#include <vector>

#include "drh/validate/check.h"

namespace drh::validate {

struct RunSummary {
  int passed = 0, failed = 0, skipped = 0, errors = 0;
  /// Errors that mean the target could not be reached (network, timeout).
  int unreachable = 0;
};
RunSummary summarize(const std::vector<CheckResult>& results);

/// The exit code of a run: 0 all passed (skips allowed), 3 when any check could not reach
/// the target, 1 when any check failed or errored otherwise.
int exit_code_for(const RunSummary& summary);

/// What the run was about, for the report headers.
struct RunInfo {
  std::string stack;    ///< stack name, or "" for a real deploy without one
  std::string outputs;  ///< outputs file, or "drh up ledger"
  std::string target;   ///< "fake", a URL, or "aws"
  std::string policy;   ///< Policy::source
  double seconds = 0;   ///< wall time of the run
  /// The part of `seconds` the checks took (their calls to the target): without loading
  /// outputs, opening the target or building a world, so runs on different targets compare.
  double checks_seconds = 0;
};

/// The terminal summary: one line per check grouped by area, failures with their
/// evidence, and a totals line. `colour` adds ANSI colours.
std::string format_text(const RunInfo& info, const std::vector<CheckResult>& results, bool colour,
                        bool verbose);
/// Every result with verdict, message, resource, evidence, error code and time.
std::string format_json(const RunInfo& info, const std::vector<CheckResult>& results);
/// JUnit XML: one testsuite per area, one testcase per check (failure / error / skipped).
std::string format_junit(const RunInfo& info, const std::vector<CheckResult>& results);

}  // namespace drh::validate
