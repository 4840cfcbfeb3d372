// The drill engine on scripted steps: order, deadlines, interrupts, undos newest first, the
// journal, and recovery from a journal a dead drill left behind (a cut file, a kill -9).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "drh/core/clock.h"
#include "drh/drill/drill.h"

namespace drh::drill {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

/// A world of named switches: actions turn one on, undos turn it off, everything logged.
struct Scripted {
  ManualClock clock;
  UndoEnv env{clock, nullptr};
  std::set<std::string> on;
  std::vector<std::string> log;
  UndoRegistry undos;
  std::atomic<bool> stop{false};
  std::string journal;

  Scripted() {
    undos.add("switch", [this](UndoEnv&, std::string_view params) -> Status {
      const std::string id = json::parse(params).at("id");
      log.push_back("undo " + id);
      on.erase(id);
      return Ok{};
    });
    undos.add("broken", [this](UndoEnv&, std::string_view params) -> Status {
      log.push_back("undo " + json::parse(params).at("id").get<std::string>() + " fails");
      return make_error(ErrorKind::kAws, "Boom", "the undo could not reach the target");
    });
    journal = (std::filesystem::temp_directory_path() /
               ("drh-drill-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".jsonl"))
                  .string();
    std::filesystem::remove(journal);
  }
  ~Scripted() { std::filesystem::remove(journal); }

  /// A step that turns `id` on and is verified at once.
  Step step(const std::string& id, const std::string& kind = "switch") {
    Step s;
    s.name = "turn " + id + " on";
    s.kind = kind;
    s.params = json{{"id", id}}.dump();
    s.action = [this, id]() -> Status {
      log.push_back("do " + id);
      on.insert(id);
      return Ok{};
    };
    s.verify = [this, id]() -> Result<Probe> {
      Probe p;
      p.done = on.count(id) > 0;
      p.message = id + (p.done ? " is on" : " is off");
      return p;
    };
    return s;
  }

  DrillReport run(const Drill& d) {
    return run_drill(d, undos, env, stop, {.journal_path = journal, .progress = {}});
  }

  std::vector<json> lines() const {
    std::vector<json> out;
    std::ifstream in(journal);
    std::string line;
    while (std::getline(in, line)) {
      auto j = json::parse(line, nullptr, false);
      if (!j.is_discarded()) out.push_back(j);  // the torn line a cut journal keeps
    }
    return out;
  }
};

using Log = std::vector<std::string>;

TEST(DrillEngine, RunsStepsInOrderAndRestoresNewestFirst) {
  Scripted w;
  Drill d{"three", {w.step("a"), w.step("b"), w.step("c")}, true};
  auto r = w.run(d);
  EXPECT_EQ(r.outcome, DrillOutcome::kPassed) << r.message;
  EXPECT_EQ(w.log, (Log{"do a", "do b", "do c", "undo c", "undo b", "undo a"}));
  EXPECT_TRUE(w.on.empty());
  ASSERT_EQ(r.steps.size(), 3u);
  for (const auto& s : r.steps) {
    EXPECT_EQ(s.state, StepState::kPassed) << s.name;
    EXPECT_EQ(s.undo, UndoState::kUndone) << s.name;
  }
  EXPECT_EQ(r.steps[1].message, "b is on");
  EXPECT_NE(r.message.find("three passed: 3 step(s)"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("3 of 3 step(s) undone"), std::string::npos) << r.message;
}

TEST(DrillEngine, WithoutRestoreLeavesTheWorldAsDrilled) {
  Scripted w;
  Drill d{"keep", {w.step("a"), w.step("b")}, false};
  auto r = w.run(d);
  EXPECT_EQ(r.outcome, DrillOutcome::kPassed) << r.message;
  EXPECT_EQ(w.log, (Log{"do a", "do b"}));
  EXPECT_EQ(w.on, (std::set<std::string>{"a", "b"}));
}

TEST(DrillEngine, AFailedActionUndoesTheStepsBeforeItInReverse) {
  Scripted w;
  Step bad = w.step("c");
  bad.action = [&]() -> Status {
    w.log.push_back("do c");
    return make_error(ErrorKind::kAws, "InvalidGlobalClusterStateFault", "not available");
  };
  Drill d{"fails", {w.step("a"), w.step("b"), bad, w.step("d")}, true};
  auto r = w.run(d);
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << r.message;
  EXPECT_EQ(w.log, (Log{"do a", "do b", "do c", "undo b", "undo a"}));
  EXPECT_EQ(r.steps[2].state, StepState::kActionFailed);
  EXPECT_EQ(r.steps[2].undo, UndoState::kNone);
  EXPECT_EQ(r.steps[3].state, StepState::kNotRun);
  EXPECT_NE(r.message.find("step 3 'turn c on' action-failed: "), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("InvalidGlobalClusterStateFault"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("rolled back, 2 of 2 step(s) undone"), std::string::npos) << r.message;
}

TEST(DrillEngine, AnActionLostOnTheNetworkIsUndoneToo) {
  Scripted w;
  Step lost = w.step("b");
  lost.action = [&]() -> Status {
    w.on.insert("b");  // it arrived; the answer did not
    return make_error(ErrorKind::kNetwork, "ConnectionReset", "connection reset by peer");
  };
  auto r = w.run(Drill{"lost", {w.step("a"), lost}, true});
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << r.message;
  EXPECT_EQ(r.steps[1].undo, UndoState::kUndone);
  EXPECT_TRUE(w.on.empty());
}

TEST(DrillEngine, AVerificationThatMissesItsDeadlineTimesOutAndIsUndone) {
  Scripted w;
  Step slow = w.step("b");
  slow.deadline = 60s;
  slow.poll_interval = 10s;
  slow.verify = []() -> Result<Probe> { return Probe{false, "writer still in us-east-1", {}}; };
  const TimePoint t0 = w.clock.now();
  auto r = w.run(Drill{"slow", {w.step("a"), slow, w.step("c")}, true});
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << r.message;
  EXPECT_EQ(r.steps[1].state, StepState::kTimedOut);
  EXPECT_EQ(r.steps[1].polls, 7);  // at 0, 10, ..., 60 s
  EXPECT_EQ(r.steps[1].ended - r.steps[1].action_done, 60s);
  EXPECT_EQ(w.clock.now() - t0, 60s);
  EXPECT_EQ(r.steps[1].message, "not verified within 60 s: writer still in us-east-1");
  EXPECT_EQ(w.log, (Log{"do a", "do b", "undo b", "undo a"}));
  EXPECT_EQ(r.steps[2].state, StepState::kNotRun);
}

TEST(DrillEngine, AVerificationErrorFailsTheStepAtOnce) {
  Scripted w;
  Step broken = w.step("a");
  broken.verify = []() -> Result<Probe> {
    return make_error(ErrorKind::kAws, "ServiceUnavailable", "us-east-1 is down");
  };
  auto r = w.run(Drill{"err", {broken}, true});
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << r.message;
  EXPECT_EQ(r.steps[0].state, StepState::kVerifyFailed);
  EXPECT_EQ(r.steps[0].polls, 1);
  EXPECT_NE(r.message.find("ServiceUnavailable"), std::string::npos) << r.message;
  EXPECT_TRUE(w.on.empty());
}

TEST(DrillEngine, PhasesAreTimedOnTheClockFromTheActionToTheVerification) {
  Scripted w;
  Step promote = w.step("b");
  promote.phase = "writer-promoted";
  promote.poll_interval = 10s;
  const TimePoint t0 = w.clock.now();
  promote.action = [&]() -> Status {
    w.clock.advance(2s);  // the call itself takes a while
    w.on.insert("b");
    return Ok{};
  };
  promote.verify = [&]() -> Result<Probe> {
    Probe p;
    p.done = w.clock.now() - t0 >= 27s;
    p.message = p.done ? "promoted" : "waiting";
    if (p.done) p.metrics["lag_ms"] = 12;
    return p;
  };
  auto r = w.run(Drill{"timed", {w.step("a"), promote}, false});
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << r.message;
  ASSERT_EQ(r.phases.size(), 1u);
  EXPECT_EQ(r.phases[0].name, "writer-promoted");
  EXPECT_EQ(r.phases[0].start, t0 + 2s);
  EXPECT_EQ(r.phases[0].duration(), 30s);  // polled at 2, 12, 22, 32 s
  EXPECT_DOUBLE_EQ(r.metrics.at("writer-promoted_seconds"), 30.0);
  EXPECT_DOUBLE_EQ(r.metrics.at("lag_ms"), 12.0);
  EXPECT_EQ(r.steps[1].polls, 4);
  const json end = w.lines().back();
  EXPECT_EQ(end.at("phases").at(0).at("name"), "writer-promoted");
  EXPECT_EQ(end.at("phases").at(0).at("seconds"), 30.0);
  EXPECT_EQ(end.at("metrics").at("lag_ms"), 12.0);
}

TEST(DrillEngine, AnInterruptDuringAVerificationRollsBack) {
  Scripted w;
  Step waiting = w.step("b");
  waiting.poll_interval = 5s;
  int polls = 0;
  waiting.verify = [&]() -> Result<Probe> {
    if (++polls == 3) w.stop = true;  // SIGINT arrives while waiting
    return Probe{false, "DNS still answers PRIMARY", {}};
  };
  auto r = w.run(Drill{"int", {w.step("a"), waiting, w.step("c")}, true});
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << r.message;
  EXPECT_EQ(r.steps[1].state, StepState::kInterrupted);
  EXPECT_EQ(r.steps[1].message, "interrupted while waiting: last seen DNS still answers PRIMARY");
  EXPECT_EQ(r.steps[2].state, StepState::kNotRun);
  EXPECT_EQ(w.log, (Log{"do a", "do b", "undo b", "undo a"}));
}

TEST(DrillEngine, AnInterruptBeforeAStepStopsAndUndoesWhatRan) {
  Scripted w;
  Step a = w.step("a");
  auto act = a.action;
  a.action = [&, act]() -> Status {
    auto s = act();
    w.stop = true;
    return s;
  };
  auto r = w.run(Drill{"int", {a, w.step("b")}, true});
  EXPECT_EQ(r.outcome, DrillOutcome::kRolledBack) << r.message;
  EXPECT_EQ(r.steps[0].state, StepState::kInterrupted);
  EXPECT_EQ(r.steps[0].message, "interrupted after the action");
  EXPECT_EQ(w.log, (Log{"do a", "undo a"}));
}

TEST(DrillEngine, AFailedUndoFailsTheDrillAndNamesIt) {
  Scripted w;
  Step bad = w.step("c");
  bad.action = []() -> Status { return make_error(ErrorKind::kAws, "Nope", "refused"); };
  auto r = w.run(Drill{"undo-fails", {w.step("a"), w.step("b", "broken"), bad}, true});
  EXPECT_EQ(r.outcome, DrillOutcome::kFailed) << r.message;
  EXPECT_EQ(w.log, (Log{"do a", "do b", "undo b fails", "undo a"}));
  EXPECT_EQ(r.steps[1].undo, UndoState::kFailed);
  EXPECT_EQ(r.steps[0].undo, UndoState::kUndone);
  EXPECT_NE(r.message.find("undo of step 2 'turn b on' failed: "), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("the world may not be back"), std::string::npos) << r.message;
}

TEST(DrillEngine, AStepKindWithoutARegisteredUndoFailsTheDrill) {
  Scripted w;
  auto r = w.run(Drill{"unknown", {w.step("a", "mystery")}, true});
  EXPECT_EQ(r.outcome, DrillOutcome::kFailed) << r.message;
  EXPECT_NE(r.steps[0].undo_message.find("no undo is registered for step kind 'mystery'"),
            std::string::npos)
      << r.steps[0].undo_message;
}

TEST(DrillEngine, TheJournalRecordsEveryStepAsItHappens) {
  Scripted w;
  Step check;
  check.name = "precondition";
  check.verify = []() -> Result<Probe> { return Probe{true, "fine", {}}; };
  std::vector<std::size_t> lines_seen;
  Step b = w.step("b");
  b.action = [&]() -> Status {
    lines_seen.push_back(w.lines().size());  // what a kill -9 here would leave
    w.on.insert("b");
    return Ok{};
  };
  auto r = w.run(Drill{"journal", {check, w.step("a"), b}, true});
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << r.message;
  ASSERT_EQ(lines_seen, (std::vector<std::size_t>{6}));  // start, 2 x (start, end), b's start

  auto lines = w.lines();
  std::vector<std::string> events;
  for (const auto& l : lines) {
    events.push_back(l.at("event").get<std::string>() +
                     (l.contains("step") ? " " + std::to_string(l.at("step").get<int>()) : ""));
    EXPECT_EQ(l.at("run"), lines.front().at("run"));
    EXPECT_TRUE(l.at("time").is_string());
  }
  EXPECT_EQ(events,
            (std::vector<std::string>{"drill-start", "step-start 0", "step-end 0", "step-start 1",
                                      "step-end 1", "step-start 2", "step-end 2", "undo-start 2",
                                      "undo-end 2", "undo-start 1", "undo-end 1", "drill-end"}));
  EXPECT_EQ(lines[0].at("drill"), "journal");
  EXPECT_EQ(lines[3].at("kind"), "switch");
  EXPECT_EQ(lines[3].at("params"), (json{{"id", "a"}}));
  EXPECT_EQ(lines[1].at("kind"), "");
  EXPECT_EQ(lines[2].at("state"), "passed");
  EXPECT_EQ(lines[2].at("undo_needed"), false);
  EXPECT_EQ(lines[4].at("undo_needed"), true);
  EXPECT_EQ(lines[8].at("state"), "undone");
  EXPECT_EQ(lines.back().at("outcome"), "passed");
  EXPECT_EQ(lines.back().at("phases"), json::array());
  EXPECT_EQ(lines.back().at("metrics").at("restore_seconds"), 0);
  EXPECT_EQ(r.journal_error, "");
}

TEST(DrillEngine, AnUnwritableJournalIsReportedAndTheDrillStillRuns) {
  Scripted w;
  ManualClock clock;
  auto r = run_drill(Drill{"x", {w.step("a")}, true}, w.undos, w.env, w.stop,
                     {.journal_path = "/nonexistent-dir/j.jsonl", .progress = {}});
  EXPECT_EQ(r.outcome, DrillOutcome::kPassed) << r.message;
  EXPECT_NE(r.journal_error.find("cannot open drill journal /nonexistent-dir/j.jsonl"),
            std::string::npos)
      << r.journal_error;
}

/// Keeps the journal's lines up to and including the `n`th (1-based), then a torn half line.
void cut_journal(const std::string& path, std::size_t n) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  in.close();
  ASSERT_GE(lines.size(), n);
  std::ofstream out(path, std::ios::trunc);
  for (std::size_t i = 0; i < n; ++i) out << lines[i] << "\n";
  out << lines[n].substr(0, lines[n].size() / 2);  // killed half way through a write
}

TEST(DrillRecover, UndoesTheStepsACrashLeftNewestFirstFromTheJournalAlone) {
  Scripted w;
  Step check;
  check.name = "precondition";
  check.verify = []() -> Result<Probe> { return Probe{true, "fine", {}}; };
  w.run(Drill{"crash", {check, w.step("a"), w.step("b"), w.step("c")}, false});
  // The process "died" just after step c (index 3) started: its action may have run.
  // Lines: drill-start, 0 start/end, 1 start/end, 2 start/end, 3 start.
  cut_journal(w.journal, 8);
  w.log.clear();

  auto rec = recover(w.journal, w.undos, w.env);
  ASSERT_TRUE(rec.ok()) << rec.error().describe();
  EXPECT_TRUE(rec->ok());
  EXPECT_EQ(rec->undone, 3);
  EXPECT_EQ(w.log, (Log{"undo c", "undo b", "undo a"}));
  EXPECT_TRUE(w.on.empty());
  ASSERT_EQ(rec->lines.size(), 4u);
  EXPECT_EQ(rec->lines[0], "ignored torn line 9 of " + w.journal);
  EXPECT_NE(rec->lines[1].find("undid step 4 'turn c on' (switch)"), std::string::npos)
      << rec->lines[1];

  // The journal now says so, and a second recovery has nothing left to do.
  auto lines = w.lines();
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back().at("event"), "recovered");
  EXPECT_EQ(lines.back().at("undone"), 3);
  w.log.clear();
  auto again = recover(w.journal, w.undos, w.env);
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->undone, 0);
  EXPECT_EQ(again->already_undone, 3);
  EXPECT_TRUE(w.log.empty());
}

TEST(DrillRecover, SkipsWhatTheDrillUndidAndActionsThatCertainlyFailed) {
  Scripted w;
  Step bad = w.step("c");
  bad.action = []() -> Status { return make_error(ErrorKind::kAws, "Nope", "refused"); };
  Step undo_fails = w.step("b", "broken");
  w.run(Drill{"partial", {w.step("a"), undo_fails, bad}, true});
  // a was undone by the drill; b's undo failed; c's action never took effect.
  w.undos.add("broken", [&](UndoEnv&, std::string_view) -> Status {
    w.log.push_back("undo b");
    return Ok{};
  });
  w.log.clear();
  auto rec = recover(w.journal, w.undos, w.env);
  ASSERT_TRUE(rec.ok()) << rec.error().describe();
  EXPECT_EQ(w.log, (Log{"undo b"}));
  EXPECT_EQ(rec->undone, 1);
  EXPECT_EQ(rec->already_undone, 1);
}

TEST(DrillEngine, ParamsTheActionMadeKnownReachTheUndoAndTheJournal) {
  Scripted w;
  // The action learns the id only as it runs (a fault id): the undo must get it.
  auto learned = std::make_shared<std::string>();
  Step s = w.step("x");
  s.params = json{{"id", ""}}.dump();
  s.action = [&w, learned]() -> Status {
    *learned = "fault-7";
    w.on.insert(*learned);
    return Ok{};
  };
  s.updated_params = [learned]() { return json{{"id", *learned}}.dump(); };
  s.verify = [&w]() -> Result<Probe> { return Probe{w.on.count("fault-7") > 0, "", {}}; };
  auto r = w.run(Drill{"learn", {s}, true});
  ASSERT_EQ(r.outcome, DrillOutcome::kPassed) << r.message;
  EXPECT_EQ(w.log, (Log{"undo fault-7"}));
  EXPECT_TRUE(w.on.empty());
  bool journaled = false;
  for (const auto& l : w.lines()) {
    if (l.at("event") == "step-params") journaled = l.at("params").at("id") == "fault-7";
    if (l.at("event") == "undo-start") {
      EXPECT_EQ(l.at("params").at("id"), "fault-7");
    }
  }
  EXPECT_TRUE(journaled);
}

TEST(DrillRecover, UsesTheParamsTheActionMadeKnown) {
  Scripted w;
  auto learned = std::make_shared<std::string>();
  Step s = w.step("x");
  s.params = json{{"id", ""}}.dump();
  s.action = [&w, learned]() -> Status {
    *learned = "fault-9";
    w.on.insert(*learned);
    return Ok{};
  };
  s.updated_params = [learned]() { return json{{"id", *learned}}.dump(); };
  s.verify = [&w]() -> Result<Probe> { return Probe{w.on.count("fault-9") > 0, "", {}}; };
  w.run(Drill{"learn", {s}, false});
  // The process "died" after the step-params line: drill-start, step-start, step-params.
  cut_journal(w.journal, 3);
  w.log.clear();
  auto rec = recover(w.journal, w.undos, w.env);
  ASSERT_TRUE(rec.ok()) << rec.error().describe();
  EXPECT_EQ(w.log, (Log{"undo fault-9"}));
  EXPECT_TRUE(w.on.empty());
}

TEST(DrillRecover, CollectsUndoFailuresAndKeepsGoing) {
  Scripted w;
  w.run(Drill{"f", {w.step("a"), w.step("b", "mystery")}, false});
  w.log.clear();
  auto rec = recover(w.journal, w.undos, w.env);
  ASSERT_TRUE(rec.ok()) << rec.error().describe();
  EXPECT_FALSE(rec->ok());
  ASSERT_EQ(rec->failures.size(), 1u);
  EXPECT_NE(rec->failures[0].find("no undo is registered for step kind 'mystery'"),
            std::string::npos)
      << rec->failures[0];
  EXPECT_EQ(w.log, (Log{"undo a"}));
}

TEST(DrillRecover, AMissingJournalIsInvalidInput) {
  Scripted w;
  auto rec = recover("/nonexistent-dir/none.jsonl", w.undos, w.env);
  ASSERT_FALSE(rec.ok());
  EXPECT_EQ(rec.error().kind, ErrorKind::kInvalidInput);
}

TEST(DrillRecover, AfterKillNineTheJournalStillHasEveryStepThatStarted) {
  Scripted w;
  std::fflush(nullptr);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Step killer = w.step("c");
    killer.action = []() -> Status {
      ::kill(::getpid(), SIGKILL);
      return Ok{};
    };
    w.run(Drill{"killed", {w.step("a"), w.step("b"), killer}, true});
    ::_exit(0);  // not reached
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);

  // The child's world is gone with it; what matters is what the journal makes us undo.
  auto rec = recover(w.journal, w.undos, w.env);
  ASSERT_TRUE(rec.ok()) << rec.error().describe();
  EXPECT_EQ(w.log, (Log{"undo c", "undo b", "undo a"}));
  EXPECT_EQ(rec->undone, 3);
}

}  // namespace
}  // namespace drh::drill
