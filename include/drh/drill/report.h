// Drill reports: what `drh drill --report-dir DIR` writes, for a person (drill.md, drill.svg)
// and for machines (drill.json, drill.junit.xml), judged against the RTO/RPO targets.
//
// RTO measured = the sum of the drill's phases (the time the world was not serving as it
// should). RPO measured = the metric "rpo_seconds" when a step measured it, else 0 s when
// "rpo_lost_commits" is 0; a drill that measured neither has no RPO figure (not judged).
// Every text taken from the drill (step messages, names) goes through redact_auth_text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "drh/core/result.h"
#include "drh/drill/drill.h"

namespace drh::drill {

/// The targets a drill is judged against (a Policy's rto_seconds / rpo_seconds).
struct Targets {
  int rto_seconds = 300;
  int rpo_seconds = 60;
};

/// A drill's report judged against its targets.
struct TargetVerdict {
  /// Every step passed (a drill that rolled back measured only part of the failover).
  bool completed = true;
  double rto_seconds = 0;  ///< measured: the sum of the phases
  bool rto_met = true;
  std::optional<double> rpo_seconds;   ///< measured, when the drill could say
  std::optional<double> lost_commits;  ///< "rpo_lost_commits", when measured
  bool rpo_met = true;                 ///< true when not measured
  /// The drill passed and every measured target was met.
  bool passed() const;
};

TargetVerdict judge(const DrillReport& report, const Targets& targets);

/// drill.json: every step with ISO 8601 start/end, phases, metrics, targets and verdicts.
std::string report_json(const DrillReport& report, const Targets& targets);
/// drill.md: title, verdict line, phase table against the RTO budget, RPO, steps, undos.
std::string report_markdown(const DrillReport& report, const Targets& targets);
/// drill.svg: a standalone SVG timeline of the phases, a line at the RTO target, the RPO.
std::string report_svg(const DrillReport& report, const Targets& targets);
/// drill.junit.xml: one testcase per step, plus "rto" and "rpo".
std::string report_junit(const DrillReport& report, const Targets& targets);

/// Writes the four files into `dir` (created if missing); returns their paths.
Result<std::vector<std::string>> write_reports(const std::string& dir, const DrillReport& report,
                                               const Targets& targets);

}  // namespace drh::drill
