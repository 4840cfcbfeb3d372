// drh drill: run a failover drill and put the world back, or finish the undos of a drill
// that died (--recover JOURNAL). A drill breaks things on purpose, so any target but the
// in-process fake needs --allow-disruptive, and a real account (--target aws) also a policy
// that names it, never from a CI job.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>
#include <unistd.h>

#include "cli_common.h"
#include "commands.h"
#include "drh/aws/sts.h"
#include "drh/drill/drill.h"
#include "drh/drill/report.h"
#include "drh/fixtures/outputs.h"
#include "drh/fixtures/provision.h"
#include "drh/fixtures/stack.h"
#include "drh/validate/policy.h"
#include "target.h"

namespace drh::cli {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_stop_signal(int) { g_interrupted.store(true); }

/// SIGINT/SIGTERM set the drill's interrupt flag while it runs; the previous handlers come
/// back afterwards.
class StopSignals {
 public:
  StopSignals() {
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

struct DrillCliOptions {
  AwsOptions aws;
  std::string drill;
  std::string recover;
  std::string stack;
  std::string outputs;
  std::string format;
  std::vector<std::string> maps;
  std::string target = "fake";
  std::string state;
  std::string journal;
  std::string json;
  std::string report_dir;
  std::string policy;
  int deadline_seconds = 900;
  double poll_seconds = 5;
  int settle_seconds = 300;
  double write_rate = 20;
  int pause_seconds = 30;
  bool allow_disruptive = false;
  bool dry_run = false;
  double canary_interval = 5;
};

/// The variable that says this process runs in a CI job (those CI services set), or "".
std::string ci_variable() {
  for (const char* name : {"CI", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "BUILDKITE",
                           "CIRCLECI", "TF_BUILD"}) {
    const char* v = std::getenv(name);
    if (v && *v && std::string_view(v) != "false" && std::string_view(v) != "0") return name;
  }
  return "";
}

/// Why a drill may not run in a real account (--target aws) as asked, if it may not. These
/// hold even for --dry-run, which reads the account to plan.
std::optional<Error> real_account_refusal(const DrillCliOptions& o,
                                          const std::vector<std::string>& allowed_accounts) {
  // Where the calls would go: --endpoint-url, else AWS_ENDPOINT_URL, else AWS itself.
  std::string endpoint = o.aws.endpoint_url;
  if (const char* env = std::getenv("AWS_ENDPOINT_URL"); endpoint.empty() && env) endpoint = env;
  if (const std::string ci = ci_variable(); !is_loopback_url(endpoint) && !ci.empty()) {
    return invalid_input(
        "--target aws: this is a CI job (" + ci + " is set), and drills never run against "
        "real AWS in CI; drill the fake or drh serve here, and a real account from a scheduler "
        "outside CI");
  }
  if (allowed_accounts.empty()) {
    return invalid_input(
        "--target aws: a drill in a real account needs a policy whose allowed_accounts names "
        "that account (" +
        (o.policy.empty() ? std::string("no --policy given") : o.policy + " lists none") + ")");
  }
  return std::nullopt;
}

std::string seconds_text(Duration d) {
  return fmt::format("{:.1f} s", std::chrono::duration<double>(d).count());
}

/// The target, the clock to wait on there, and the deployment to drill.
struct World {
  std::unique_ptr<TestTarget> target;
  std::unique_ptr<Clock> served_clock;
  Clock* clock = nullptr;
  /// Region outages and replication pauses: the fake's or drh serve's; null elsewhere.
  std::unique_ptr<drill::FaultControl> faults;
  fixtures::Deployment deployment;
};

Result<World> open_world(const DrillCliOptions& o, bool need_deployment) {
  World w;
  const std::string state = o.state.empty() ? default_state_path() : o.state;
  const bool fake = o.target == "fake";
  if (!fake && o.target != "aws" && !is_loopback_url(o.target)) {
    return invalid_input("--target " + o.target +
                         ": give 'fake' (the built-in fake), an endpoint on loopback (drh serve, "
                         "an emulator) or 'aws' (a real account, behind the guard rails)");
  }
  std::optional<fixtures::LoadedOutputs> loaded;
  bool build = false;
  std::optional<fixtures::StackDescription> stack;
  if (need_deployment) {
    if (o.outputs.empty() && o.stack.empty()) {
      return invalid_input("give --outputs FILE (the deployment's outputs) or --stack NAME");
    }
    if (!fake && o.outputs.empty()) {
      return invalid_input("--target " + o.target + " needs --outputs FILE");
    }
    if (!o.outputs.empty()) {
      fixtures::OutputsFormat format = fixtures::OutputsFormat::kAuto;
      if (!o.format.empty()) {
        auto f = fixtures::parse_format(o.format);
        if (!f) return f.error();
        format = *f;
      }
      auto l = fixtures::load_outputs(o.outputs, format);
      if (!l) return l.error();
      loaded = std::move(*l);
      if (fake && !std::filesystem::exists(state)) {
        return invalid_input("no fake world at " + state + ": build one with drh up --stack NAME");
      }
    } else {
      auto s = fixtures::load_stack(o.stack);
      if (!s) return s.error();
      stack = std::move(*s);
      // The world drh up built for this stack, when there is one; else a fresh one now.
      const std::string ledger_path = default_ledger_path(stack->name);
      if (std::filesystem::exists(ledger_path) && std::filesystem::exists(state)) {
        auto ledger = read_ledger(ledger_path);
        if (!ledger) return ledger.error();
        if (ledger->target == "fake") loaded = ledger->loaded_outputs(stack->format, ledger_path);
      }
      build = !loaded;
    }
  }
  if (o.target == "aws") {
    // A real account: credentials and endpoints as the AWS CLI finds them, time is real,
    // and nothing there can be broken on request (no faults).
    auto bundle = make_connection(o.aws, /*region_required=*/false);
    if (!bundle) return bundle.error();
    w.target = std::make_unique<TestTarget>();
    w.target->name = "aws";
    w.target->connection = std::move(bundle->connection);
    w.target->wait = [](Duration d) { SystemClock::instance().sleep_for(d); };
    w.clock = &SystemClock::instance();
  } else {
    auto t = open_test_target(o.target, state, /*fresh=*/build, o.aws);
    if (!t) return t.error();
    w.target = std::make_unique<TestTarget>(std::move(*t));
    if (w.target->in_process) {
      w.clock = w.target->clock.get();
      w.faults = drill::fake_faults(*w.target->cloud);
    } else {
      w.served_clock = serve_clock(o.target, o.aws);
      w.clock = w.served_clock ? w.served_clock.get() : &SystemClock::instance();
      w.faults = serve_faults(o.target, o.aws);
    }
  }
  if (build) {
    fmt::print(stderr, "drh drill: building stack {} in a fresh in-process fake\n", stack->name);
    auto ledger = fixtures::provision(*w.target->connection, *stack, fixtures::ProvisionOptions{});
    if (!ledger) return ledger.error();
    loaded =
        ledger->loaded_outputs(stack->format, "outputs of stack " + stack->name + " built now");
    // Minutes pass between a deploy and a drill: replication and health checks settle.
    if (o.settle_seconds > 0) w.target->clock->advance(std::chrono::seconds(o.settle_seconds));
  }
  if (loaded) {
    fixtures::RoleMap overrides;
    for (const auto& m : o.maps) {
      if (m.find('=') != std::string::npos) {
        if (auto s = fixtures::add_role_mapping(m, overrides); !s) return s.error();
      } else {
        auto file = fixtures::load_role_map(m);
        if (!file) return file.error();
        for (auto& [k, v] : *file) overrides[k] = v;
      }
    }
    auto d = fixtures::resolve_deployment(*loaded, overrides);
    if (!d) return d.error();
    w.deployment = std::move(*d);
  }
  return w;
}

void print_report(const drill::DrillReport& r) {
  fmt::print("drill {}: {}\n", r.drill, drill::to_string(r.outcome));
  for (std::size_t i = 0; i < r.steps.size(); ++i) {
    const auto& s = r.steps[i];
    fmt::print("  {}. {:<14} {:>9}  {}\n", i + 1, drill::to_string(s.state),
               s.state == drill::StepState::kNotRun ? "" : seconds_text(s.ended - s.started),
               s.name);
    if (!s.message.empty()) fmt::print("       {}\n", s.message);
    if (s.undo != drill::UndoState::kNone) {
      fmt::print("       undo: {} ({})\n", drill::to_string(s.undo), s.undo_message);
    }
  }
  if (!r.phases.empty()) {
    fmt::print("phases:\n");
    for (const auto& p : r.phases) {
      fmt::print("  {:<16} {:>9}  {} -> {}\n", p.name, seconds_text(p.duration()),
                 format_iso8601(p.start), format_iso8601(p.end));
    }
  }
  for (const auto& [k, v] : r.metrics) fmt::print("  {} = {}\n", k, v);
  fmt::print("{}\n", r.message);
  if (!r.journal_path.empty()) fmt::print("journal: {}\n", r.journal_path);
  if (!r.journal_error.empty()) fmt::print(stderr, "drh drill: {}\n", r.journal_error);
}

int run_recover(const DrillCliOptions& o) {
  auto w = open_world(o, /*need_deployment=*/false);
  if (!w) return report_error(w.error());
  drill::UndoEnv env{*w->clock, w->target->connection.get(), w->faults.get()};
  auto rec = drill::recover(o.recover, drill::builtin_undos(), env);
  if (!rec) return report_error(rec.error());
  for (const auto& line : rec->lines) fmt::print("{}\n", line);
  fmt::print("recovered from {}: {} undone now, {} undone before, {} failed\n", o.recover,
             rec->undone, rec->already_undone, rec->failures.size());
  for (const auto& f : rec->failures) fmt::print(stderr, "drh drill: {}\n", f);
  if (auto s = w->target->save(); !s) return report_error(s.error());
  return rec->ok() ? kExitOk : kExitFailed;
}

int run_drill_command(const DrillCliOptions& o) {
  if (!o.recover.empty()) return run_recover(o);
  if (o.drill.empty()) {
    std::string names;
    for (const auto& n : drill::builtin_drill_names()) names += (names.empty() ? "" : ", ") + n;
    return report_error(invalid_input("give --drill NAME (" + names + ") or --recover JOURNAL"));
  }
  const auto& names = drill::builtin_drill_names();
  if (std::find(names.begin(), names.end(), o.drill) == names.end()) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    return report_error(invalid_input("unknown drill '" + o.drill + "': choose one of " + list));
  }
  drill::Targets targets;
  std::vector<std::string> allowed_accounts;
  std::vector<drill::StopAlarm> stop_alarms;
  bool policy_allows_data_loss = false;
  if (!o.policy.empty()) {
    auto policy = validate::load_policy(o.policy);
    if (!policy) return report_error(policy.error());
    targets.rto_seconds = policy->rto_seconds;
    targets.rpo_seconds = policy->rpo_seconds;
    allowed_accounts = policy->allowed_accounts;
    policy_allows_data_loss = policy->allow_data_loss;
    for (const auto& text : policy->stop_alarms) {
      auto a = drill::parse_stop_alarm(text);
      if (!a) return report_error(a.error());
      stop_alarms.push_back(*a);
    }
  } else {
    validate::Policy defaults;
    targets.rto_seconds = defaults.rto_seconds;
    targets.rpo_seconds = defaults.rpo_seconds;
  }
  const bool real_account = o.target == "aws";
  if (real_account) {
    if (auto refused = real_account_refusal(o, allowed_accounts)) return report_error(*refused);
  }
  if ((real_account || is_loopback_url(o.target)) && !o.allow_disruptive && !o.dry_run) {
    return report_error(invalid_input(
        "drh drill breaks " + std::string(real_account ? "the account" : o.target) +
        " on purpose: give --allow-disruptive to run it there (--dry-run prints the plan "
        "without it; the in-process fake needs neither)"));
  }
  auto w = open_world(o, /*need_deployment=*/true);
  if (!w) return report_error(w.error());
  // Guard rail: the account answering must be one the policy allows drills in.
  {
    aws::StsClient sts(*w->target->connection);
    auto who = sts.GetCallerIdentity(w->deployment.primary_region.empty()
                                         ? "us-east-1"
                                         : w->deployment.primary_region);
    if (!who) return report_error(who.error());
    if (!allowed_accounts.empty() &&
        std::find(allowed_accounts.begin(), allowed_accounts.end(), who->Account) ==
            allowed_accounts.end()) {
      std::string list;
      for (const auto& a : allowed_accounts) list += (list.empty() ? "" : ", ") + a;
      return report_error(invalid_input("account " + who->Account + " at " + w->target->name +
                                        " is not on the policy's allowed_accounts (" + list +
                                        "): no drill runs there"));
    }
    fmt::print(stderr, "drh drill: account {} at {}{}\n", who->Account, w->target->name,
               allowed_accounts.empty() ? "" : " (allowed by the policy)");
  }
  drill::BuiltinOptions options;
  options.deadline = std::chrono::seconds(o.deadline_seconds);
  options.poll_interval =
      std::chrono::duration_cast<Duration>(std::chrono::duration<double>(o.poll_seconds));
  options.faults = w->faults.get();
  // In a test world the data lost is simulated; in a real account it is gone for good, so
  // only the policy can allow it.
  options.allow_data_loss = real_account ? policy_allows_data_loss : true;
  const bool write_load = w->target->in_process && o.write_rate > 0 &&
                          !w->deployment.global_cluster_id.empty();
  options.pause = std::chrono::seconds(o.pause_seconds);
  options.canary_interval =
      std::chrono::duration_cast<Duration>(std::chrono::duration<double>(o.canary_interval));
  if (w->target->in_process) {
    options.sns_received = drill::fake_sns_received(*w->target->cloud);
    options.last_failover_loss =
        drill::fake_failover_loss(*w->target->cloud, w->deployment.global_cluster_id);
  }
  if (write_load) {
    if (auto s = drill::fake_write_load(*w->target->cloud, w->deployment.global_cluster_id,
                                        o.write_rate);
        !s) {
      return report_error(s.error());
    }
  }
  auto d = drill::builtin_drill(o.drill, w->deployment, *w->target->connection, options);
  if (!d) return report_error(d.error());
  if (auto outside = drill::out_of_scope(*d, w->deployment); !outside.empty()) {
    std::string list;
    for (const auto& r : outside) list += (list.empty() ? "" : ", ") + r;
    return report_error(invalid_input("the " + o.drill + " drill would touch " + list +
                                      ", which the deployment's outputs do not name: refusing"));
  }
  if (o.dry_run) {
    fmt::print("drill {} on {}: the plan (nothing has been changed; reads only, to plan)\n",
               o.drill, w->target->name);
    for (std::size_t i = 0; i < d->steps.size(); ++i) {
      fmt::print("  {}. {}\n", i + 1, d->steps[i].name);
      for (const auto& call : d->steps[i].plan) fmt::print("       {}\n", call);
    }
    if (d->restore) fmt::print("  then the undos, newest first, to put the world back\n");
    return kExitOk;
  }

  std::function<std::optional<std::string>()> stop_condition;
  if (!stop_alarms.empty()) {
    auto c = drill::alarm_stop_condition(*w->target->connection, stop_alarms);
    if (!c) return report_error(c.error());
    stop_condition = std::move(*c);
    fmt::print(stderr, "drh drill: {} stop alarm(s) watched: ALARM aborts and rolls back\n",
               stop_alarms.size());
  }
  const std::string journal = o.journal.empty() ? drh_home() + "/drill.journal.jsonl" : o.journal;
  std::error_code ec;
  auto parent = std::filesystem::path(journal).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  fmt::print(stderr, "drh drill: {} on {} (journal {})\n", o.drill, w->target->name, journal);
  drill::UndoEnv env{*w->clock, w->target->connection.get(), w->faults.get()};
  drill::DrillOptions run;
  run.journal_path = journal;
  run.stop_condition = stop_condition;
  // Each line carries the time since the RTO's clock started (the first phase, right after
  // the failure) against the RTO budget; lines before it and the undos carry the drill's
  // own elapsed time. Virtual time on a fake: the figures the report will give, not the
  // seconds the drill took to run.
  const TimePoint drill_start = w->clock->now();
  Clock* clock = w->clock;
  auto rto_start = std::make_shared<std::optional<TimePoint>>();
  run.rto_started = [rto_start](TimePoint at) { *rto_start = at; };
  auto undoing = std::make_shared<bool>(false);
  // On a terminal, one more line that keeps changing while a step waits: what the last
  // poll saw. Lines that stay are written over it.
  const bool live = ::isatty(STDERR_FILENO) == 1;
  run.progress = [clock, drill_start, rto_start, undoing, rto = targets.rto_seconds,
                  live](const std::string& line) {
    const TimePoint now = clock->now();
    *undoing = *undoing || line.starts_with("undo ");
    std::string when;
    if (*rto_start && !*undoing) {
      when = fmt::format("[{:>6.1f} s of {} s RTO budget]",
                         std::chrono::duration<double>(now - **rto_start).count(), rto);
    } else {
      when = fmt::format("[drill {:>6.1f} s]",
                         std::chrono::duration<double>(now - drill_start).count());
    }
    fmt::print(stderr, "{}  {} {}\n", live ? "\r\033[K" : "", when, line);
  };
  if (live) {
    run.waiting = [clock, drill_start](const std::string& step, Duration in_step,
                                       const std::string& seen) {
      const double t = std::chrono::duration<double>(clock->now() - drill_start).count();
      std::string status = fmt::format("  [{:>6.1f} s] waiting {:.0f} s: {} -- {}", t,
                                       std::chrono::duration<double>(in_step).count(), step, seen);
      if (status.size() > 150) status = status.substr(0, 147) + "...";
      fmt::print(stderr, "\r\033[K{}", status);
      std::fflush(stderr);
    };
  }
  g_interrupted = false;
  drill::DrillReport report;
  {
    StopSignals signals;
    report = drill::run_drill(*d, drill::builtin_undos(), env, g_interrupted, run);
  }
  // The application stops with the drill: the saved world carries no load.
  if (write_load) (void)drill::fake_write_load(*w->target->cloud, w->deployment.global_cluster_id, 0);
  print_report(report);
  if (!o.json.empty()) {
    std::ofstream out(o.json, std::ios::trunc);
    out << drill::report_json(report, targets);  // the same document as --report-dir's drill.json
    if (!out) return report_error(invalid_input("cannot write '" + o.json + "'"));
  }
  const drill::TargetVerdict verdict = drill::judge(report, targets);
  fmt::print("RTO {:.1f} s, target {} s: {}\n", verdict.rto_seconds, targets.rto_seconds,
             verdict.rto_met ? "met" : "missed");
  if (verdict.rpo_seconds) {
    fmt::print("RPO {:.1f} s, target {} s: {}\n", *verdict.rpo_seconds, targets.rpo_seconds,
               verdict.rpo_met ? "met" : "missed");
  } else {
    fmt::print("RPO not measured, target {} s\n", targets.rpo_seconds);
  }
  if (!o.report_dir.empty()) {
    auto paths = drill::write_reports(o.report_dir, report, targets);
    if (!paths) return report_error(paths.error());
    for (const auto& p : *paths) fmt::print("report: {}\n", p);
  }
  if (auto s = w->target->save(); !s) return report_error(s.error());
  switch (report.outcome) {
    case drill::DrillOutcome::kPassed:
      // The world came back, but not as fast (or as whole) as the policy asks.
      return verdict.passed() ? kExitOk : kExitFailed;
    case drill::DrillOutcome::kRolledBack:
      return kExitRolledBack;
    case drill::DrillOutcome::kFailed:
      return kExitFailed;
  }
  return kExitFailed;
}

}  // namespace

void register_drill(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<DrillCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "drill", "Run a failover drill and put the world back (the fake, a loopback endpoint, or "
               "a real account behind guard rails)");
  cmd->add_option("--drill", o->drill, "switchover | regional-failover | dns-failover | replication | alarm-wiring");
  cmd->add_option("--recover", o->recover,
                  "finish the undos of a drill that died, from its journal");
  cmd->add_option("--stack", o->stack,
                  "seed stack: the world drh up built for it, else built now in the fake");
  cmd->add_option("--outputs", o->outputs, "the deployment's outputs file");
  cmd->add_option("--format", o->format, "outputs format (default: detected)");
  cmd->add_option("--map", o->maps, "Role=OutputKey or a JSON mapping file (repeatable)");
  cmd->add_option("--target", o->target,
                  "fake (default), an endpoint URL on loopback, or aws (a real account: needs "
                  "--allow-disruptive and a policy with allowed_accounts; never in CI)");
  cmd->add_option("--state", o->state,
                  "the fake's world file (default: $DRH_HOME/fake-state.json)");
  cmd->add_option("--journal", o->journal,
                  "journal file, appended to (default: $DRH_HOME/drill.journal.jsonl)");
  cmd->add_option("--json", o->json, "write the report as JSON here");
  cmd->add_option("--report-dir", o->report_dir,
                  "write drill.json, drill.md, drill.svg and drill.junit.xml here");
  cmd->add_option("--policy", o->policy,
                  "policy file with the RTO/RPO targets (default: 300 s / 60 s)");
  cmd->add_option("--deadline", o->deadline_seconds, "seconds each verification may take (900)")
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--poll", o->poll_seconds, "seconds between polls (5)")
      ->check(CLI::Range(0.1, 600.0));
  cmd->add_option("--settle", o->settle_seconds,
                  "fake, stack built now: virtual seconds to let pass first (300)")
      ->check(CLI::Range(0, 86400));
  cmd->add_flag("--allow-disruptive", o->allow_disruptive,
               "needed for any target but the in-process fake: the drill breaks things");
  cmd->add_flag("--dry-run", o->dry_run,
                "print every call the drill would make and change nothing");
  cmd->add_option("--pause", o->pause_seconds,
                  "replication: seconds replication stays paused while canaries are written (30)")
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--canary-interval", o->canary_interval,
                  "replication, regional-failover: seconds between canary writes (5)")
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--write-rate", o->write_rate,
                  "fake: commits a second the application writes during the drill (20; 0: none)")
      ->check(CLI::Range(0.0, 100000.0));
  add_aws_options(*cmd, o->aws);
  cmd->callback([o, &exit_code] { exit_code = run_drill_command(*o); });
}

}  // namespace drh::cli
