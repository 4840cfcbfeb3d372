// Drill reports in four forms; see drh/drill/report.h.
#include "drh/drill/report.h"
#include "drh/protocol/xml.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "drh/core/redact.h"

namespace drh::drill {

namespace {

double secs(Duration d) { return std::chrono::duration<double>(d).count(); }

std::string num(double v, int decimals = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

/// Text from the drill, with any credential parts masked.
std::string clean(const std::string& s) { return redact_auth_text(s); }

/// Markdown table cells: no line breaks, no column separators.
std::string md_cell(const std::string& s) {
  std::string out;
  for (char c : clean(s)) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

bool step_ran(const StepReport& s) { return s.state != StepState::kNotRun; }

std::string rpo_text(const TargetVerdict& v, const Targets& t) {
  if (!v.rpo_seconds && !v.lost_commits) {
    return "not measured (target " + std::to_string(t.rpo_seconds) + " s)";
  }
  std::string out;
  if (v.rpo_seconds)
    out = num(*v.rpo_seconds) + " s";
  else
    out = "unknown seconds";
  if (v.lost_commits) out += ", " + num(*v.lost_commits, 0) + " commit(s) lost";
  out +=
      " (target " + std::to_string(t.rpo_seconds) + " s: " + (v.rpo_met ? "met" : "missed") + ")";
  return out;
}

std::string rto_text(const TargetVerdict& v, const Targets& t) {
  return num(v.rto_seconds) + " s (target " + std::to_string(t.rto_seconds) +
         " s: " + (v.rto_met ? "met" : "missed") + ")";
}

}  // namespace

bool TargetVerdict::passed() const { return completed && rto_met && rpo_met; }

TargetVerdict judge(const DrillReport& report, const Targets& targets) {
  TargetVerdict v;
  v.completed = report.outcome == DrillOutcome::kPassed;
  for (const auto& p : report.phases) v.rto_seconds += secs(p.duration());
  v.rto_met = v.rto_seconds <= targets.rto_seconds;
  if (auto it = report.metrics.find("rpo_lost_commits"); it != report.metrics.end()) {
    v.lost_commits = it->second;
  }
  if (auto it = report.metrics.find("rpo_seconds"); it != report.metrics.end()) {
    v.rpo_seconds = it->second;
  } else if (v.lost_commits && *v.lost_commits == 0) {
    v.rpo_seconds = 0.0;
  }
  if (v.rpo_seconds) {
    v.rpo_met = *v.rpo_seconds <= targets.rpo_seconds;
  } else {
    // Commits were lost and nobody can say how many seconds they span: not shown to be met.
    v.rpo_met = !v.lost_commits;
  }
  return v;
}

std::string report_json(const DrillReport& r, const Targets& t) {
  const TargetVerdict v = judge(r, t);
  nlohmann::json steps = nlohmann::json::array();
  for (std::size_t i = 0; i < r.steps.size(); ++i) {
    const auto& s = r.steps[i];
    nlohmann::json j = {{"index", i + 1},
                        {"name", clean(s.name)},
                        {"kind", s.kind},
                        {"state", to_string(s.state)},
                        {"message", clean(s.message)},
                        {"polls", s.polls},
                        {"undo", to_string(s.undo)},
                        {"undo_message", clean(s.undo_message)}};
    if (step_ran(s)) {
      j["started"] = format_iso8601(s.started);
      j["action_done"] = format_iso8601(s.action_done);
      j["ended"] = format_iso8601(s.ended);
      j["seconds"] = secs(s.ended - s.started);
    }
    if (s.undo != UndoState::kNone) {
      j["undo_started"] = format_iso8601(s.undo_started);
      j["undo_ended"] = format_iso8601(s.undo_ended);
      j["undo_seconds"] = secs(s.undo_ended - s.undo_started);
    }
    steps.push_back(std::move(j));
  }
  nlohmann::json phases = nlohmann::json::array();
  for (const auto& p : r.phases) {
    phases.push_back({{"name", p.name},
                      {"start", format_iso8601(p.start)},
                      {"end", format_iso8601(p.end)},
                      {"seconds", secs(p.duration())}});
  }
  nlohmann::json rpo = {{"target_seconds", t.rpo_seconds}, {"met", v.rpo_met}};
  rpo["measured_seconds"] = v.rpo_seconds ? nlohmann::json(*v.rpo_seconds) : nlohmann::json();
  rpo["lost_commits"] = v.lost_commits ? nlohmann::json(*v.lost_commits) : nlohmann::json();
  nlohmann::json doc = {
      {"drill", r.drill},
      {"outcome", to_string(r.outcome)},
      {"verdict", r.outcome == DrillOutcome::kPassed && v.passed() ? "passed" : "failed"},
      {"message", clean(r.message)},
      {"started", format_iso8601(r.started)},
      {"ended", format_iso8601(r.ended)},
      {"seconds", secs(r.ended - r.started)},
      {"steps", steps},
      {"phases", phases},
      {"metrics", r.metrics},
      {"targets",
       {{"rto",
         {{"target_seconds", t.rto_seconds},
          {"measured_seconds", v.rto_seconds},
          {"met", v.rto_met}}},
        {"rpo", rpo}}},
      {"journal", r.journal_path}};
  return doc.dump(2) + "\n";
}

std::string report_markdown(const DrillReport& r, const Targets& t) {
  const TargetVerdict v = judge(r, t);
  const bool ok = r.outcome == DrillOutcome::kPassed && v.passed();
  std::string out = "# Drill `" + r.drill + "`: " + to_string(r.outcome) + "\n\n";
  out += std::string("**") + (ok ? "PASSED" : "FAILED") + "**: RTO " + rto_text(v, t) + "; RPO " +
         rpo_text(v, t) + ". " + md_cell(r.message) + "\n\n";
  out += "Started " + format_iso8601(r.started) + ", ended " + format_iso8601(r.ended) + " (" +
         num(secs(r.ended - r.started)) + " s).\n\n";
  out += "## Phases\n\n";
  if (r.phases.empty()) {
    out += "No phase was measured.\n\n";
  } else {
    out += "| Phase | Start | Duration (s) | Share of RTO budget |\n";
    out += "|---|---|---:|---:|\n";
    for (const auto& p : r.phases) {
      const double s = secs(p.duration());
      out += "| " + md_cell(p.name) + " | " + format_iso8601(p.start) + " | " + num(s) + " | " +
             (t.rto_seconds > 0 ? num(100.0 * s / t.rto_seconds) + " %" : "-") + " |\n";
    }
    out += "| **total (RTO)** | | **" + num(v.rto_seconds) + "** | **" +
           (t.rto_seconds > 0 ? num(100.0 * v.rto_seconds / t.rto_seconds) + " %" : "-") +
           "** |\n\n";
  }
  out += "RTO budget " + std::to_string(t.rto_seconds) + " s: " + (v.rto_met ? "met" : "missed") +
         ".\n\n";
  out += "## RPO\n\n" + rpo_text(v, t) + ".\n\n";
  out += "## Steps\n\n| # | Step | State | Duration (s) | Message |\n|---:|---|---|---:|---|\n";
  for (std::size_t i = 0; i < r.steps.size(); ++i) {
    const auto& s = r.steps[i];
    out += "| " + std::to_string(i + 1) + " | " + md_cell(s.name) + " | " + to_string(s.state) +
           " | " + (step_ran(s) ? num(secs(s.ended - s.started)) : "") + " | " +
           md_cell(s.message) + " |\n";
  }
  out += "\n## Undone\n\n";
  bool any = false;
  for (std::size_t i = r.steps.size(); i-- > 0;) {
    const auto& s = r.steps[i];
    if (s.undo == UndoState::kNone) continue;
    any = true;
    out += "- step " + std::to_string(i + 1) + " " + md_cell(s.name) + ": " + to_string(s.undo) +
           " in " + num(secs(s.undo_ended - s.undo_started)) + " s" +
           (s.undo_message.empty() ? "" : " (" + md_cell(s.undo_message) + ")") + "\n";
  }
  if (!any) out += "Nothing needed undoing.\n";
  if (!r.journal_path.empty()) out += "\nJournal: `" + r.journal_path + "`\n";
  return out;
}

std::string report_svg(const DrillReport& r, const Targets& t) {
  const TargetVerdict v = judge(r, t);
  const int width = 800, left = 160, right = 40, bar_h = 24, gap = 8, top = 50;
  const int rows = static_cast<int>(r.phases.size());
  const int height = top + std::max(rows, 1) * (bar_h + gap) + 70;
  // The scale covers the phases end to end and the RTO target, whichever is longer.
  const double scale_s = std::max({v.rto_seconds, static_cast<double>(t.rto_seconds), 1.0});
  const double px = (width - left - right) / scale_s;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
         "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) +
         " " + std::to_string(height) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  out += "  <title>" + xml::escape_for_xml10("drill " + r.drill + ": " + to_string(r.outcome)) + "</title>\n";
  out += "  <rect x=\"0\" y=\"0\" width=\"" + std::to_string(width) + "\" height=\"" +
         std::to_string(height) + "\" fill=\"white\"/>\n";
  out += "  <text x=\"10\" y=\"24\" font-size=\"16\">" +
         xml::escape_for_xml10("Drill " + r.drill + ": " + to_string(r.outcome) + ", RTO " + rto_text(v, t)) +
         "</text>\n";
  double offset = 0;
  for (int i = 0; i < rows; ++i) {
    const auto& p = r.phases[static_cast<std::size_t>(i)];
    const double s = secs(p.duration());
    const int y = top + i * (bar_h + gap);
    const bool over = offset + s > t.rto_seconds;
    out +=
        "  <text x=\"10\" y=\"" + std::to_string(y + 16) + "\">" + xml::escape_for_xml10(p.name) + "</text>\n";
    out += "  <rect x=\"" + num(left + offset * px) + "\" y=\"" + std::to_string(y) +
           "\" width=\"" + num(std::max(s * px, 1.0)) + "\" height=\"" + std::to_string(bar_h) +
           "\" fill=\"" + (over ? "#d9534f" : "#5b9bd5") + "\"><title>" +
           xml::escape_for_xml10(p.name + ": " + num(s) + " s") + "</title></rect>\n";
    out += "  <text x=\"" + num(left + (offset + s) * px + 4) + "\" y=\"" + std::to_string(y + 16) +
           "\">" + num(s) + " s</text>\n";
    offset += s;
  }
  if (rows == 0) {
    out += "  <text x=\"10\" y=\"" + std::to_string(top + 16) + "\">no phase measured</text>\n";
  }
  const int axis_y = top + std::max(rows, 1) * (bar_h + gap);
  const std::string rto_x = num(left + t.rto_seconds * px);
  out += "  <line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(axis_y) + "\" x2=\"" +
         std::to_string(width - right) + "\" y2=\"" + std::to_string(axis_y) +
         "\" stroke=\"#888\"/>\n";
  out += "  <line x1=\"" + rto_x + "\" y1=\"" + std::to_string(top - 10) + "\" x2=\"" + rto_x +
         "\" y2=\"" + std::to_string(axis_y + 5) +
         "\" stroke=\"#c00\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>\n";
  out += "  <text x=\"" + rto_x + "\" y=\"" + std::to_string(axis_y + 20) +
         "\" text-anchor=\"end\" fill=\"#c00\">" +  // ends at the line: never clipped
         xml::escape_for_xml10("RTO target " + std::to_string(t.rto_seconds) + " s") + "</text>\n";
  out += "  <text x=\"10\" y=\"" + std::to_string(axis_y + 45) + "\">" +
         xml::escape_for_xml10("RPO: " + rpo_text(v, t)) + "</text>\n";
  out += "</svg>\n";
  return out;
}

std::string report_junit(const DrillReport& r, const Targets& t) {
  const TargetVerdict v = judge(r, t);
  int failures = 0, skipped = 0;
  std::string cases;
  const std::string cls = "drh.drill." + xml::escape_for_xml10(r.drill);
  for (std::size_t i = 0; i < r.steps.size(); ++i) {
    const auto& s = r.steps[i];
    cases += "    <testcase classname=\"" + cls + "\" name=\"" +
             xml::escape_for_xml10(std::to_string(i + 1) + ". " + clean(s.name)) + "\" time=\"" +
             num(step_ran(s) ? secs(s.ended - s.started) : 0.0, 3) + "\"";
    std::string undo = s.undo == UndoState::kNone ? ""
                                                  : std::string("undo: ") + to_string(s.undo) +
                                                        " " + clean(s.undo_message);
    if (s.state == StepState::kPassed) {
      cases += "/>\n";
    } else if (s.state == StepState::kNotRun) {
      ++skipped;
      cases += ">\n      <skipped message=\"not run: an earlier step failed\"/>\n    </testcase>\n";
    } else {
      ++failures;
      cases += ">\n      <failure type=\"" + std::string(to_string(s.state)) + "\" message=\"" +
               xml::escape_for_xml10(clean(s.message)) + "\">" + xml::escape_for_xml10(undo) +
               "</failure>\n    </testcase>\n";
    }
  }
  cases +=
      "    <testcase classname=\"" + cls + "\" name=\"rto\" time=\"" + num(v.rto_seconds, 3) + "\"";
  if (v.rto_met) {
    cases += "/>\n";
  } else {
    ++failures;
    cases += ">\n      <failure type=\"rto\" message=\"" + xml::escape_for_xml10("RTO " + rto_text(v, t)) +
             "\"/>\n    </testcase>\n";
  }
  cases += "    <testcase classname=\"" + cls + "\" name=\"rpo\" time=\"0\"";
  if (!v.rpo_seconds && !v.lost_commits) {
    ++skipped;
    cases += ">\n      <skipped message=\"" + xml::escape_for_xml10("RPO " + rpo_text(v, t)) +
             "\"/>\n    </testcase>\n";
  } else if (v.rpo_met) {
    cases += "/>\n";
  } else {
    ++failures;
    cases += ">\n      <failure type=\"rpo\" message=\"" + xml::escape_for_xml10("RPO " + rpo_text(v, t)) +
             "\"/>\n    </testcase>\n";
  }
  const std::string counts = "tests=\"" + std::to_string(r.steps.size() + 2) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"0\" skipped=\"" +
                             std::to_string(skipped) + "\"";
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"drh drill " + xml::escape_for_xml10(r.drill) + "\" " + counts + ">\n";
  out += "  <testsuite name=\"" + cls + "\" " + counts + " time=\"" +
         num(secs(r.ended - r.started), 3) + "\" timestamp=\"" + format_iso8601(r.started) +
         "\">\n";
  out += cases;
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

Result<std::vector<std::string>> write_reports(const std::string& dir, const DrillReport& report,
                                               const Targets& targets) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return invalid_input("cannot create '" + dir + "': " + ec.message());
  const std::pair<const char*, std::string> files[] = {
      {"drill.json", report_json(report, targets)},
      {"drill.md", report_markdown(report, targets)},
      {"drill.svg", report_svg(report, targets)},
      {"drill.junit.xml", report_junit(report, targets)},
  };
  std::vector<std::string> paths;
  for (const auto& [name, text] : files) {
    const std::string path = (std::filesystem::path(dir) / name).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return invalid_input("cannot write '" + path + "'");
    paths.push_back(path);
  }
  return paths;
}

}  // namespace drh::drill
