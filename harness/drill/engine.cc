// run_drill(): steps in order, verifications polled on the clock, undos newest first.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "drh/drill/drill.h"
#include "journal.h"

namespace drh::drill {

void UndoRegistry::add(std::string kind, UndoFn undo) { undos_[std::move(kind)] = std::move(undo); }

const UndoFn* UndoRegistry::find(std::string_view kind) const {
  auto it = undos_.find(kind);
  return it == undos_.end() ? nullptr : &it->second;
}

const char* to_string(StepState state) {
  switch (state) {
    case StepState::kNotRun:
      return "not-run";
    case StepState::kPassed:
      return "passed";
    case StepState::kActionFailed:
      return "action-failed";
    case StepState::kVerifyFailed:
      return "verify-failed";
    case StepState::kTimedOut:
      return "timed-out";
    case StepState::kInterrupted:
      return "interrupted";
  }
  return "?";
}

const char* to_string(UndoState state) {
  switch (state) {
    case UndoState::kNone:
      return "none";
    case UndoState::kUndone:
      return "undone";
    case UndoState::kFailed:
      return "undo-failed";
  }
  return "?";
}

const char* to_string(DrillOutcome outcome) {
  switch (outcome) {
    case DrillOutcome::kPassed:
      return "passed";
    case DrillOutcome::kRolledBack:
      return "rolled-back";
    case DrillOutcome::kFailed:
      return "failed";
  }
  return "?";
}

namespace {

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

/// "61 s", "1.25 s", "0 s".
std::string show(Duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", seconds(d));
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s + " s";
}

std::string step_label(std::size_t i, const Step& step) {
  return "step " + std::to_string(i + 1) + " '" + step.name + "'";
}

/// Whether an action that failed may still have taken effect: the request may have
/// arrived when the answer never did.
bool may_have_taken_effect(const Error& error) {
  return error.kind == ErrorKind::kNetwork || error.kind == ErrorKind::kTimeout;
}

struct Runner {
  const Drill& drill;
  const UndoRegistry& undos;
  UndoEnv& env;
  const std::atomic<bool>& interrupt;
  const DrillOptions& options;
  detail::JournalWriter journal;
  std::string run_id;
  DrillReport report;
  /// The undo params of each step: Step::params, or what its updated_params gave.
  std::vector<std::string> params;
  bool rto_started = false;

  /// Why the drill must stop now: the interrupt flag or the stop condition; "" to go on.
  std::string abort_reason() {
    if (interrupt.load()) return "interrupted";
    if (options.stop_condition) {
      if (auto why = options.stop_condition(); why) return "stopped (" + *why + ")";
    }
    return {};
  }

  void say(const std::string& line) {
    if (options.progress) options.progress(line);
  }

  nlohmann::json event(const char* name) {
    return {{"event", name}, {"run", run_id}, {"time", detail::journal_time(env.clock.now())}};
  }

  /// Polls `step.verify` into `r` until done, error, deadline or interrupt.
  void verify(const Step& step, StepReport& r, std::map<std::string, double>& metrics) {
    const TimePoint deadline = r.action_done + step.deadline;
    std::string last;
    for (;;) {
      if (auto why = abort_reason(); !why.empty()) {
        r.state = StepState::kInterrupted;
        r.message = why + " while waiting" + (last.empty() ? "" : ": last seen " + last);
        return;
      }
      auto probe = step.verify();
      ++r.polls;
      if (!probe) {
        r.state = StepState::kVerifyFailed;
        r.message = probe.error().describe();
        return;
      }
      if (probe->done) {
        r.state = StepState::kPassed;
        r.message = probe->message;
        metrics = probe->metrics;
        return;
      }
      last = probe->message;
      const TimePoint now = env.clock.now();
      if (options.waiting) options.waiting(step.name, now - r.started, last);
      if (now >= deadline) {
        r.state = StepState::kTimedOut;
        r.message = "not verified within " + show(step.deadline) +
                    (last.empty() ? std::string() : ": " + last);
        return;
      }
      env.clock.sleep_for(std::min<Duration>(step.poll_interval, deadline - now));
    }
  }

  /// Runs the undo of step `i`; false when it failed.
  bool undo(std::size_t i) {
    const Step& step = drill.steps[i];
    StepReport& r = report.steps[i];
    r.undo_started = env.clock.now();
    auto start = event("undo-start");
    start["step"] = i;
    start["name"] = step.name;
    start["kind"] = step.kind;
    start["params"] = detail::params_json(params[i]);
    journal.write(start);
    const UndoFn* fn = undos.find(step.kind);
    Status status =
        fn ? (*fn)(env, params[i])
           : Status(invalid_input("no undo is registered for step kind '" + step.kind + "'"));
    r.undo_ended = env.clock.now();
    r.undo = status ? UndoState::kUndone : UndoState::kFailed;
    r.undo_message =
        status ? "undone in " + show(r.undo_ended - r.undo_started) : status.error().describe();
    auto end = event("undo-end");
    end["step"] = i;
    end["state"] = to_string(r.undo);
    end["message"] = r.undo_message;
    journal.write(end);
    say("undo " + step_label(i, step) + ": " + to_string(r.undo) + " (" + r.undo_message + ")");
    return status.ok();
  }

  DrillReport run() {
    report.drill = drill.name;
    report.started = env.clock.now();
    report.journal_path = options.journal_path;
    run_id =
        drill.name + "-" + detail::journal_time(report.started) + "-" + std::to_string(::getpid());
    if (auto opened = journal.open(options.journal_path); !opened) {
      report.journal_error = opened.error().describe();
    }
    for (const Step& s : drill.steps) {
      StepReport r;
      r.name = s.name;
      r.kind = s.kind;
      report.steps.push_back(std::move(r));
      params.push_back(s.params);
    }
    auto begin = event("drill-start");
    begin["drill"] = drill.name;
    begin["steps"] = drill.steps.size();
    journal.write(begin);

    std::vector<std::size_t> to_undo;  // steps whose action took (or may have taken) effect
    std::string failure;               // "" while every step passes
    for (std::size_t i = 0; i < drill.steps.size(); ++i) {
      const Step& step = drill.steps[i];
      StepReport& r = report.steps[i];
      if (auto why = abort_reason(); !why.empty()) {
        failure = why + " before " + step_label(i, step);
        break;
      }
      r.started = env.clock.now();
      if (!step.phase.empty() && !rto_started) {
        rto_started = true;
        if (options.rto_started) options.rto_started(r.started);
      }
      auto start = event("step-start");
      start["step"] = i;
      start["name"] = step.name;
      start["kind"] = step.kind;
      start["params"] = detail::params_json(step.params);
      journal.write(start);
      say(step_label(i, step) + " started");

      bool undo_needed = !step.kind.empty();
      std::map<std::string, double> metrics;
      r.action_done = r.started;
      if (step.action) {
        Status done = step.action();
        r.action_done = env.clock.now();
        if (!done) {
          r.state = StepState::kActionFailed;
          r.message = done.error().describe();
          undo_needed = undo_needed && may_have_taken_effect(done.error());
        }
        if (step.updated_params) {
          if (std::string now = step.updated_params(); !now.empty() && now != params[i]) {
            params[i] = std::move(now);
            auto changed = event("step-params");
            changed["step"] = i;
            changed["params"] = detail::params_json(params[i]);
            journal.write(changed);
          }
        }
      }
      if (r.state == StepState::kNotRun) {
        if (auto why = abort_reason(); !why.empty()) {
          r.state = StepState::kInterrupted;
          r.message = why + " after the action";
        } else if (step.verify) {
          verify(step, r, metrics);
        } else {
          r.state = StepState::kPassed;
          r.message = step.action ? "done" : "nothing to do";
        }
      }
      r.ended = env.clock.now();
      if (undo_needed) to_undo.push_back(i);

      auto end = event("step-end");
      end["step"] = i;
      end["state"] = to_string(r.state);
      end["message"] = r.message;
      end["undo_needed"] = undo_needed;
      end["seconds"] = seconds(r.ended - r.started);
      journal.write(end);
      say(step_label(i, step) + " " + to_string(r.state) + " in " + show(r.ended - r.started) +
          ": " + r.message);

      if (r.state != StepState::kPassed) {
        failure = step_label(i, step) + " " + to_string(r.state) + ": " + r.message;
        break;
      }
      for (auto& [k, v] : metrics) report.metrics[k] = v;
      if (!step.phase.empty()) {
        report.phases.push_back({step.phase, r.action_done, r.ended});
        report.metrics[step.phase + "_seconds"] = seconds(r.ended - r.action_done);
      }
    }

    std::vector<std::string> undo_failures;
    if (failure.empty() ? drill.restore : true) {
      const TimePoint restore_start = env.clock.now();
      for (auto it = to_undo.rbegin(); it != to_undo.rend(); ++it) {
        if (!undo(*it)) {
          undo_failures.push_back("undo of " + step_label(*it, drill.steps[*it]) +
                                  " failed: " + report.steps[*it].undo_message);
        }
      }
      if (!to_undo.empty())
        report.metrics["restore_seconds"] = seconds(env.clock.now() - restore_start);
    }

    const std::string undone = std::to_string(to_undo.size() - undo_failures.size()) + " of " +
                               std::to_string(to_undo.size()) + " step(s) undone";
    if (!undo_failures.empty()) {
      report.outcome = DrillOutcome::kFailed;
      std::string what = failure.empty() ? "every step passed" : failure;
      for (const auto& f : undo_failures) what += "; " + f;
      report.message =
          what + "; " + undone + ": the world may not be back (run recover on the journal)";
    } else if (failure.empty()) {
      report.outcome = DrillOutcome::kPassed;
      report.message = drill.name + " passed: " + std::to_string(drill.steps.size()) +
                       " step(s) in " + show(env.clock.now() - report.started) +
                       (drill.restore ? ", " + undone : std::string(", world left as drilled"));
    } else {
      report.outcome = DrillOutcome::kRolledBack;
      report.message = failure + "; rolled back, " + undone;
    }
    report.ended = env.clock.now();
    auto end = event("drill-end");
    end["outcome"] = to_string(report.outcome);
    end["message"] = report.message;
    // The measurements stay with the journal, which outlives the process's report.
    nlohmann::json phases = nlohmann::json::array();
    for (const Phase& p : report.phases) {
      phases.push_back({{"name", p.name},
                        {"start", detail::journal_time(p.start)},
                        {"end", detail::journal_time(p.end)},
                        {"seconds", seconds(p.duration())}});
    }
    end["phases"] = phases;
    end["metrics"] = report.metrics;
    journal.write(end);
    if (report.journal_error.empty()) report.journal_error = journal.last_error();
    say(report.message);
    return report;
  }
};

}  // namespace

DrillReport run_drill(const Drill& drill, const UndoRegistry& undos, UndoEnv& env,
                      const std::atomic<bool>& interrupt, const DrillOptions& options) {
  Runner runner{drill, undos, env, interrupt, options, {}, {}, {}, {}};
  return runner.run();
}

}  // namespace drh::drill
