// Drill reports: the four files `drh drill --report-dir` writes, for a drill
// that passed and one that rolled back, the exit code when a target from the
// policy is missed, and no secret in any of them.
#include "drh/drill/report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "run_drh.h"

namespace drh::testing {
namespace {

namespace fs = std::filesystem;
using drill::DrillOutcome;
using drill::DrillReport;
using drill::StepReport;
using drill::StepState;
using drill::UndoState;

bool has(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

void write_file(const std::string &path, const std::string &text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

TimePoint at(int seconds) {
  return TimePoint{} + std::chrono::hours(24 * 365 * 56) + std::chrono::seconds(seconds);
}

StepReport step(std::string name, std::string kind, StepState state) {
  StepReport s;
  s.name = std::move(name);
  s.kind = std::move(kind);
  s.state = state;
  return s;
}

/// Two phases (20 s + 40 s), three steps, the switch undone; a message carrying
/// a token.
DrillReport passed_report() {
  DrillReport r;
  r.drill = "dns-failover";
  r.outcome = DrillOutcome::kPassed;
  r.message = "dns-failover passed <&> \"quoted\"";
  r.started = at(0);
  r.ended = at(100);
  StepReport pre = step("record answers PRIMARY", "", StepState::kPassed);
  pre.started = pre.action_done = pre.ended = at(0);
  pre.message = "answers 10.0.0.1";
  StepReport inv =
      step("invert <primary> health check", "route53-health-check-inverted", StepState::kPassed);
  inv.started = at(0);
  inv.action_done = at(0);
  inv.ended = at(20);
  inv.message = "unhealthy; X-Amz-Security-Token=SECRETTOKEN123 seen";
  inv.undo = UndoState::kUndone;
  inv.undo_started = at(60);
  inv.undo_ended = at(100);
  inv.undo_message = "undone in 40 s";
  StepReport dns = step("DNS answers SECONDARY", "", StepState::kPassed);
  dns.started = dns.action_done = at(20);
  dns.ended = at(60);
  r.steps = {pre, inv, dns};
  r.phases = {{"detected", at(0), at(20)}, {"dns-secondary", at(20), at(60)}};
  r.metrics = {{"detected_seconds", 20}, {"dns-secondary_seconds", 40}, {"rpo_lost_commits", 0}};
  return r;
}

/// The second step timed out and was undone; the third never ran.
DrillReport rolled_back_report() {
  DrillReport r = passed_report();
  r.outcome = DrillOutcome::kRolledBack;
  r.message = "dns-failover rolled back, 1 of 1 step(s) undone";
  r.steps[1].state = StepState::kTimedOut;
  r.steps[1].message = "not verified within 1 s";
  r.steps[2] = step("DNS answers SECONDARY", "", StepState::kNotRun);
  r.phases.clear();
  r.metrics.clear();
  return r;
}

pugi::xml_document parse_xml(const std::string &text) {
  pugi::xml_document doc;
  auto result = doc.load_string(text.c_str());
  EXPECT_TRUE(result) << result.description() << "\n" << text;
  return doc;
}

TEST(DrillReport, JsonHasEveryStepThePhasesAndTheTargets) {
  const drill::Targets targets{.rto_seconds = 300, .rpo_seconds = 60};
  auto j = nlohmann::json::parse(drill::report_json(passed_report(), targets));
  EXPECT_EQ(j["drill"], "dns-failover");
  EXPECT_EQ(j["outcome"], "passed");
  EXPECT_EQ(j["verdict"], "passed");
  ASSERT_EQ(j["steps"].size(), 3u);
  for (const auto &s : j["steps"]) {
    EXPECT_TRUE(s.contains("started") && s.contains("ended") && s.contains("state")) << s;
    EXPECT_EQ(s["started"].get<std::string>().back(), 'Z') << s;
  }
  EXPECT_EQ(j["steps"][1]["undo"], "undone");
  EXPECT_DOUBLE_EQ(j["steps"][1]["undo_seconds"].get<double>(), 40);
  ASSERT_EQ(j["phases"].size(), 2u);
  double sum = 0;
  for (const auto &p : j["phases"]) sum += p["seconds"].get<double>();
  EXPECT_DOUBLE_EQ(sum, 60);
  EXPECT_DOUBLE_EQ(j["targets"]["rto"]["measured_seconds"].get<double>(), sum);
  EXPECT_EQ(j["targets"]["rto"]["target_seconds"], 300);
  EXPECT_EQ(j["targets"]["rto"]["met"], true);
  EXPECT_EQ(j["targets"]["rpo"]["measured_seconds"], 0.0);
  EXPECT_EQ(j["targets"]["rpo"]["met"], true);
  EXPECT_EQ(j["metrics"]["detected_seconds"], 20);

  auto missed = nlohmann::json::parse(
      drill::report_json(passed_report(), {.rto_seconds = 30, .rpo_seconds = 60}));
  EXPECT_EQ(missed["verdict"], "failed");
  EXPECT_EQ(missed["targets"]["rto"]["met"], false);
}

TEST(DrillReport, MarkdownHasEveryPhaseTheRpoAndWhatWasUndone) {
  const std::string md = drill::report_markdown(passed_report(), {});
  EXPECT_TRUE(has(md, "# Drill `dns-failover`: passed")) << md;
  EXPECT_TRUE(has(md, "**PASSED**: RTO 60.0 s (target 300 s: met)")) << md;
  EXPECT_TRUE(has(md, "| detected | ")) << md;
  EXPECT_TRUE(has(md, "| dns-secondary | ")) << md;
  EXPECT_TRUE(has(md, "| 20.0 | 6.7 % |")) << md;
  EXPECT_TRUE(has(md, "| **total (RTO)** | | **60.0** | **20.0 %** |")) << md;
  EXPECT_TRUE(has(md, "## RPO\n\n0.0 s, 0 commit(s) lost (target 60 s: met)")) << md;
  EXPECT_TRUE(has(md, "- step 2 invert <primary> health check: undone in 40.0 s")) << md;

  const std::string rb = drill::report_markdown(rolled_back_report(), {});
  EXPECT_TRUE(has(rb, "# Drill `dns-failover`: rolled-back")) << rb;
  EXPECT_TRUE(has(rb, "**FAILED**")) << rb;
  EXPECT_TRUE(has(rb, "No phase was measured.")) << rb;
  EXPECT_TRUE(has(rb, "| 2 | invert <primary> health check | timed-out | 20.0 |")) << rb;
  EXPECT_TRUE(has(rb, "| 3 | DNS answers SECONDARY | not-run |  |")) << rb;
  EXPECT_TRUE(has(rb, "RPO\n\nnot measured (target 60 s)")) << rb;
}

TEST(DrillReport, SvgIsAStandaloneDocumentWithABarPerPhaseAndTheRtoLine) {
  const std::string svg = drill::report_svg(passed_report(), {});
  auto doc = parse_xml(svg);
  auto root = doc.child("svg");
  ASSERT_TRUE(root);
  EXPECT_STREQ(root.attribute("xmlns").value(), "http://www.w3.org/2000/svg");
  int bars = 0;
  for (auto rect : root.children("rect")) bars += rect.child("title") ? 1 : 0;
  EXPECT_EQ(bars, 2);
  EXPECT_TRUE(has(svg, "RTO target 300 s")) << svg;
  EXPECT_TRUE(has(svg, "RPO: 0.0 s")) << svg;
  EXPECT_TRUE(has(svg, "dns-failover: passed")) << svg;
  // The rolled-back drill has no phase and still parses.
  auto rb = parse_xml(drill::report_svg(rolled_back_report(), {}));
  EXPECT_TRUE(rb.child("svg"));
}

TEST(DrillReport, JunitHasATestcasePerStepAndTheTargets) {
  auto doc = parse_xml(drill::report_junit(passed_report(), {}));
  auto suite = doc.child("testsuites").child("testsuite");
  ASSERT_TRUE(suite);
  std::vector<std::string> names;
  for (auto c : suite.children("testcase")) {
    names.push_back(c.attribute("name").value());
    EXPECT_FALSE(c.child("failure")) << c.attribute("name").value();
  }
  EXPECT_EQ(names, (std::vector<std::string>{"1. record answers PRIMARY",
                                             "2. invert <primary> health check",
                                             "3. DNS answers SECONDARY", "rto", "rpo"}));

  auto rb =
      parse_xml(drill::report_junit(rolled_back_report(), {.rto_seconds = 300, .rpo_seconds = 60}));
  auto rsuite = rb.child("testsuites").child("testsuite");
  EXPECT_STREQ(rsuite.attribute("failures").value(), "1");
  auto step2 =
      rsuite.find_child_by_attribute("testcase", "name", "2. invert <primary> health check");
  EXPECT_STREQ(step2.child("failure").attribute("message").value(), "not verified within 1 s");
  auto step3 = rsuite.find_child_by_attribute("testcase", "name", "3. DNS answers SECONDARY");
  EXPECT_TRUE(step3.child("skipped"));
  EXPECT_TRUE(rsuite.find_child_by_attribute("testcase", "name", "rpo").child("skipped"));
}

TEST(DrillReport, SecretsInMessagesAreMasked) {
  const auto r = passed_report();
  for (const auto &text : {drill::report_json(r, {}), drill::report_markdown(r, {}),
                           drill::report_svg(r, {}), drill::report_junit(r, {})}) {
    EXPECT_FALSE(has(text, "SECRETTOKEN123")) << text;
  }
}

TEST(DrillReportCmd, APassedSwitchoverWritesFourReports) {
  auto dir = fs::path(fresh_temp_dir("drh-drill-report", "passed"));
  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
  auto r = run_drh(
      {"drill", "--drill", "switchover", "--stack", "003", "--report-dir", (dir / "rep").string()},
      {{"DRH_HOME", dir.string()},
       {"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"},
       {"AWS_SECRET_ACCESS_KEY", secret}});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "RTO 65.0 s, target 300 s: met")) << r.out;
  EXPECT_TRUE(has(r.out, "report: " + (dir / "rep" / "drill.md").string())) << r.out;
  for (const char *name : {"drill.json", "drill.md", "drill.svg", "drill.junit.xml"}) {
    const std::string text = read_file((dir / "rep" / name).string());
    EXPECT_FALSE(text.empty()) << name;
    EXPECT_FALSE(has(text, secret)) << name;
    EXPECT_FALSE(has(text, "AKIAIOSFODNN7EXAMPLE")) << name;
  }
  auto j = nlohmann::json::parse(read_file((dir / "rep" / "drill.json").string()));
  EXPECT_EQ(j["verdict"], "passed");
  EXPECT_EQ(j["steps"].size(), 3u);
  EXPECT_DOUBLE_EQ(j["targets"]["rto"]["measured_seconds"].get<double>(), 65);
  auto md = read_file((dir / "rep" / "drill.md").string());
  EXPECT_TRUE(has(md, "| writer-promoted | ")) << md;
  auto svg = parse_xml(read_file((dir / "rep" / "drill.svg").string()));
  EXPECT_TRUE(svg.child("svg"));
  auto junit = parse_xml(read_file((dir / "rep" / "drill.junit.xml").string()));
  EXPECT_EQ(std::distance(junit.child("testsuites").child("testsuite").children("testcase").begin(),
                          junit.child("testsuites").child("testsuite").children("testcase").end()),
            5);
}

TEST(DrillReportCmd, AnRtoBeyondThePolicyExits1WithTheRtoCaseFailing) {
  auto dir = fs::path(fresh_temp_dir("drh-drill-report", "rto"));
  write_file((dir / "policy.json").string(), R"({"rto_seconds": 10})");
  auto r = run_drh({"drill", "--drill", "switchover", "--stack", "003", "--policy",
                    (dir / "policy.json").string(), "--report-dir", (dir / "rep").string()},
                   {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "drill switchover: passed")) << r.out;
  EXPECT_TRUE(has(r.out, "RTO 65.0 s, target 10 s: missed")) << r.out;
  auto junit = parse_xml(read_file((dir / "rep" / "drill.junit.xml").string()));
  auto suite = junit.child("testsuites").child("testsuite");
  auto rto = suite.find_child_by_attribute("testcase", "name", "rto");
  ASSERT_TRUE(rto);
  EXPECT_TRUE(has(rto.child("failure").attribute("message").value(), "target 10 s: missed"));
  EXPECT_FALSE(suite.find_child_by_attribute("testcase", "name", "rpo").child("failure"));
}

TEST(DrillReportCmd, ARolledBackDrillStillWritesItsReportsAndExits4) {
  auto dir = fs::path(fresh_temp_dir("drh-drill-report", "rollback"));
  auto r = run_drh({"drill", "--drill", "switchover", "--stack", "003", "--deadline", "1",
                    "--report-dir", (dir / "rep").string()},
                   {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  auto j = nlohmann::json::parse(read_file((dir / "rep" / "drill.json").string()));
  EXPECT_EQ(j["outcome"], "rolled-back");
  EXPECT_EQ(j["verdict"], "failed");
  EXPECT_EQ(j["steps"][1]["state"], "timed-out");
  EXPECT_EQ(j["steps"][1]["undo"], "undone");
  auto md = read_file((dir / "rep" / "drill.md").string());
  EXPECT_TRUE(has(md, "## Undone\n\n- step 2 switch ")) << md;
  auto junit = parse_xml(read_file((dir / "rep" / "drill.junit.xml").string()));
  auto suite = junit.child("testsuites").child("testsuite");
  auto step2 = suite.child("testcase").next_sibling("testcase");
  EXPECT_TRUE(step2.child("failure")) << step2.attribute("name").value();
}

TEST(DrillReportCmd, AnUnreadablePolicyIsBadInput) {
  auto dir = fs::path(fresh_temp_dir("drh-drill-report", "badpolicy"));
  write_file((dir / "policy.json").string(), R"({"rto_secs": 10})");
  auto r = run_drh({"drill", "--drill", "switchover", "--stack", "003", "--policy",
                    (dir / "policy.json").string()},
                   {{"DRH_HOME", dir.string()}});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
}

}  // namespace
}  // namespace drh::testing
