// Reports of a validation run.
#include "drh/validate/report.h"
#include "drh/protocol/xml.h"

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

namespace drh::validate {

namespace {

const char* kAreas[] = {"networking", "database", "replication", "monitoring", "routing", "compute"};

bool unreachable(const Outcome& o) {
  static const char* kCodes[] = {"network", "timeout", "ConnectionRefused", "ConnectionReset",
                                 "DnsFailure", "Timeout", "EmptyReply", "PartialResponse",
                                 "ProtocolError"};
  if (o.verdict != Verdict::kError) return false;
  for (const char* c : kCodes) {
    if (o.error_code == c) return true;
  }
  return false;
}

std::vector<CheckResult> of_area(const std::vector<CheckResult>& results, std::string_view area) {
  std::vector<CheckResult> mine;
  for (const auto& r : results) {
    if (r.check && r.check->area == area) mine.push_back(r);
  }
  return mine;
}

std::string seconds(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

}  // namespace

RunSummary summarize(const std::vector<CheckResult>& results) {
  RunSummary s;
  for (const auto& r : results) {
    switch (r.outcome.verdict) {
      case Verdict::kPass: ++s.passed; break;
      case Verdict::kFail: ++s.failed; break;
      case Verdict::kSkipped: ++s.skipped; break;
      case Verdict::kError:
        ++s.errors;
        if (unreachable(r.outcome)) ++s.unreachable;
        break;
    }
  }
  return s;
}

int exit_code_for(const RunSummary& s) {
  if (s.unreachable > 0) return 3;
  if (s.failed > 0 || s.errors > 0) return 1;
  return 0;
}

std::string format_text(const RunInfo& info, const std::vector<CheckResult>& results, bool colour,
                        bool verbose) {
  auto paint = [&](Verdict v) -> std::string {
    std::string word = to_string(v);
    word.resize(7, ' ');
    if (!colour) return word;
    const char* code = v == Verdict::kPass ? "32" : v == Verdict::kFail ? "31" : v == Verdict::kError ? "35" : "33";
    return std::string("\033[") + code + "m" + word + "\033[0m";
  };
  std::string out = "drh validate: " + (info.stack.empty() ? std::string("deployment") : "stack " + info.stack) +
                    " (" + info.outputs + ") on " + info.target + "; policy: " + info.policy + "\n";
  for (const char* area : kAreas) {
    std::vector<CheckResult> mine = of_area(results, area);
    if (mine.empty()) continue;
    RunSummary s = summarize(mine);
    out += "\n" + std::string(area) + "  (" + std::to_string(s.passed) + " passed";
    if (s.failed) out += ", " + std::to_string(s.failed) + " failed";
    if (s.errors) out += ", " + std::to_string(s.errors) + " errors";
    if (s.skipped) out += ", " + std::to_string(s.skipped) + " skipped";
    out += ")\n";
    for (const auto& result : mine) {
      const CheckResult* r = &result;
      const Outcome& o = r->outcome;
      out += "  " + paint(o.verdict) + " " + r->check->id;
      if (!o.message.empty()) out += ": " + o.message;
      if (!o.resource.empty() && o.message.find(o.resource) == std::string::npos) {
        out += " [" + o.resource + "]";
      }
      out += "\n";
      bool show = verbose || o.verdict == Verdict::kFail || o.verdict == Verdict::kError;
      if (show) {
        for (const auto& e : o.evidence) out += "           " + e + "\n";
      }
    }
  }
  RunSummary total = summarize(results);
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.2f", info.seconds);
  out += "\n" + std::to_string(total.passed) + " passed, " + std::to_string(total.failed) +
         " failed, " + std::to_string(total.errors) + " errors, " + std::to_string(total.skipped) +
         " skipped (" + std::to_string(results.size()) + " checks in " + secs + " s)\n";
  return out;
}

std::string format_json(const RunInfo& info, const std::vector<CheckResult>& results) {
  nlohmann::ordered_json doc;
  doc["stack"] = info.stack;
  doc["outputs"] = info.outputs;
  doc["target"] = info.target;
  doc["policy"] = info.policy;
  doc["seconds"] = info.seconds;
  doc["checks_seconds"] = info.checks_seconds;
  RunSummary s = summarize(results);
  doc["summary"] = {{"passed", s.passed}, {"failed", s.failed}, {"errors", s.errors},
                    {"skipped", s.skipped}, {"exit_code", exit_code_for(s)}};
  auto& checks = doc["checks"] = nlohmann::ordered_json::array();
  for (const auto& r : results) {
    nlohmann::ordered_json c = {{"id", r.check ? r.check->id : ""},
                                {"area", r.check ? r.check->area : ""},
                                {"title", r.check ? r.check->title : ""},
                                {"verdict", to_string(r.outcome.verdict)},
                                {"message", r.outcome.message},
                                {"resource", r.outcome.resource},
                                {"evidence", r.outcome.evidence},
                                {"milliseconds", r.elapsed.count()}};
    if (!r.outcome.error_code.empty()) c["error_code"] = r.outcome.error_code;
    checks.push_back(std::move(c));
  }
  return doc.dump(2) + "\n";
}

std::string format_junit(const RunInfo& info, const std::vector<CheckResult>& results) {
  RunSummary total = summarize(results);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"drh validate " + xml::escape_for_xml10(info.stack) + "\" tests=\"" +
         std::to_string(results.size()) + "\" failures=\"" + std::to_string(total.failed) +
         "\" errors=\"" + std::to_string(total.errors) + "\" skipped=\"" +
         std::to_string(total.skipped) + "\">\n";
  for (const char* area : kAreas) {
    std::vector<CheckResult> mine = of_area(results, area);
    if (mine.empty()) continue;
    RunSummary s = summarize(mine);
    std::chrono::milliseconds time{0};
    for (const auto& r : mine) time += r.elapsed;
    out += "  <testsuite name=\"" + std::string(area) + "\" tests=\"" + std::to_string(mine.size()) +
           "\" failures=\"" + std::to_string(s.failed) + "\" errors=\"" + std::to_string(s.errors) +
           "\" skipped=\"" + std::to_string(s.skipped) + "\" time=\"" + seconds(time) + "\">\n";
    for (const auto& result : mine) {
      const CheckResult* r = &result;
      const Outcome& o = r->outcome;
      out += "    <testcase classname=\"drh.validate." + std::string(area) + "\" name=\"" +
             xml::escape_for_xml10(r->check->id) + "\" time=\"" + seconds(r->elapsed) + "\"";
      std::string detail = o.resource.empty() ? "" : "resource: " + o.resource + "\n";
      for (const auto& e : o.evidence) detail += e + "\n";
      switch (o.verdict) {
        case Verdict::kPass:
          out += "/>\n";
          break;
        case Verdict::kFail:
          out += ">\n      <failure message=\"" + xml::escape_for_xml10(o.message) + "\">" + xml::escape_for_xml10(detail) +
                 "</failure>\n    </testcase>\n";
          break;
        case Verdict::kError:
          out += ">\n      <error type=\"" + xml::escape_for_xml10(o.error_code) + "\" message=\"" +
                 xml::escape_for_xml10(o.message) + "\">" + xml::escape_for_xml10(detail) + "</error>\n    </testcase>\n";
          break;
        case Verdict::kSkipped:
          out += ">\n      <skipped message=\"" + xml::escape_for_xml10(o.message) + "\"/>\n    </testcase>\n";
          break;
      }
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace drh::validate
