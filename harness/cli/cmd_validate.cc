// drh validate: is the DR topology a deployment's outputs describe really in place?
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "cli_common.h"
#include "commands.h"
#include "drh/fixtures/outputs.h"
#include "drh/fixtures/provision.h"
#include "drh/fixtures/stack.h"
#include "drh/net/curl_transport.h"
#include "drh/validate/check.h"
#include "drh/validate/clients.h"
#include "drh/validate/read_cache.h"
#include "drh/validate/report.h"
#include "target.h"

namespace drh::cli {

namespace {

struct ValidateOptions {
  AwsOptions aws;
  std::string outputs;
  std::string format;
  std::vector<std::string> maps;
  std::string policy;
  std::string target = "fake";
  std::string stack;
  std::string state;
  std::vector<std::string> filters;
  std::string junit;
  std::string json;
  bool canary = false;
  bool invoke = false;
  bool verbose = false;
  int settle_seconds = 300;
  /// 0: 16 against an endpoint, where checks wait on the network; 1 in process, where a call
  /// never waits and more threads would only queue on the fake's lock.
  int concurrency = 0;
};

Status write_file(const std::string& path, const std::string& text) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) return invalid_input("cannot write '" + path + "'");
  return Ok{};
}

// The ledger drh up wrote for a stack whose outputs are exactly `outputs`' keys: how a
// later command finds the stack description of a world it did not build.
std::optional<fixtures::Ledger> ledger_of_outputs(const fixtures::LoadedOutputs& outputs,
                                                  const std::string& target) {
  std::set<std::string> keys;
  for (const auto& o : outputs.outputs) keys.insert(o.key);
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(drh_home(), ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".ledger.json")) continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    auto ledger = fixtures::ledger_from_json(ss.str(), entry.path().string());
    if (!ledger || ledger->target != target) continue;
    std::set<std::string> theirs;
    for (const auto& o : ledger->outputs) theirs.insert(o.key);
    if (theirs == keys) return std::move(*ledger);
  }
  return std::nullopt;
}

int run_validate(const ValidateOptions& o) {
  auto started = std::chrono::steady_clock::now();
  validate::Policy policy;
  if (!o.policy.empty()) {
    auto p = validate::load_policy(o.policy);
    if (!p) return report_error(p.error());
    policy = *p;
  }
  if (o.outputs.empty() && o.stack.empty()) {
    return report_error(invalid_input("give --outputs FILE (a deploy's outputs), or --stack NAME "
                                      "to build a seed stack in the fake and validate it"));
  }
  if (o.target != "fake" && o.outputs.empty()) {
    return report_error(invalid_input("--target " + o.target + " needs --outputs FILE: only the "
                                      "in-process fake can be built from --stack alone"));
  }
  std::optional<fixtures::StackDescription> stack;
  if (!o.stack.empty()) {
    auto s = fixtures::load_stack(o.stack);
    if (!s) return report_error(s.error());
    stack = std::move(*s);
  }

  // Checks share their reads: a run costs its distinct calls, not their sum.
  std::function<std::shared_ptr<Transport>(std::shared_ptr<Transport>)> read_cache =
      [](std::shared_ptr<Transport> inner) { return validate::make_read_cache(std::move(inner)); };
  // Where the checks' calls go, and the world they see.
  std::unique_ptr<TestTarget> fake_target;
  std::unique_ptr<AwsConnection> remote;
  std::unique_ptr<Clock> served_clock;
  AwsConnection* connection = nullptr;
  Clock* clock = &SystemClock::instance();
  fixtures::LoadedOutputs loaded;
  std::string outputs_label;
  if (o.target == "fake") {
    const std::string state = o.state.empty() ? default_state_path() : o.state;
    bool build = o.outputs.empty();
    if (!build && !std::filesystem::exists(state)) {
      return report_error(invalid_input("no fake world at " + state + ": build one with drh up --stack "
                                        "NAME, or validate a seed stack with --stack NAME alone"));
    }
    auto t = open_test_target("fake", state, /*fresh=*/build, o.aws,
                              build ? nullptr : read_cache);
    if (!t) return report_error(t.error());
    fake_target = std::make_unique<TestTarget>(std::move(*t));
    connection = fake_target->connection.get();
    clock = fake_target->clock.get();
    if (build) {
      fmt::print(stderr, "drh validate: building stack {} in a fresh in-process fake\n", stack->name);
      auto ledger = fixtures::provision(*connection, *stack, fixtures::ProvisionOptions{});
      if (!ledger) return report_error(ledger.error());
      loaded = ledger->loaded_outputs(stack->format, "outputs of the stack built now");
      outputs_label = loaded.source;
    }
    // Minutes pass between a deploy and its validation: replication metrics and health
    // checkers have data by then. On the fake that time is virtual and costs nothing.
    if (o.settle_seconds > 0) fake_target->clock->advance(std::chrono::seconds(o.settle_seconds));
  } else {
    AwsOptions aws = o.aws;
    if (o.target != "aws") aws.endpoint_url = o.target;
    auto bundle = make_connection(aws, /*region_required=*/false, read_cache);
    if (!bundle) return report_error(bundle.error());
    remote = std::move(bundle->connection);
    connection = remote.get();
    // Against drh serve, "now" (metric windows) and waiting (canaries) are its clock's.
    if (o.target != "aws") served_clock = serve_clock(o.target, o.aws);
    if (served_clock) clock = served_clock.get();
  }
  if (!o.outputs.empty()) {
    fixtures::OutputsFormat format = fixtures::OutputsFormat::kAuto;
    if (!o.format.empty()) {
      auto f = fixtures::parse_format(o.format);
      if (!f) return report_error(f.error());
      format = *f;
    }
    auto l = fixtures::load_outputs(o.outputs, format);
    if (!l) return report_error(l.error());
    loaded = std::move(*l);
    outputs_label = o.outputs;
    if (auto ledger = ledger_of_outputs(loaded, o.target)) {
      if (!stack && o.target == "fake") {
        auto s = fixtures::load_stack(ledger->stack);
        if (s) stack = std::move(*s);
      }
      if (stack && stack->name == ledger->stack) {
        // Names in the description follow the suffix the stack was built with, and parts
        // drh up left out (--skip) are not expected.
        stack->suffix = ledger->suffix;
        fixtures::drop_skipped_parts(*stack, *ledger);
      }
    }
  }
  fixtures::RoleMap overrides;
  for (const auto& m : o.maps) {
    if (m.find('=') != std::string::npos) {
      if (auto s = fixtures::add_role_mapping(m, overrides); !s) return report_error(s.error());
    } else {
      auto file = fixtures::load_role_map(m);
      if (!file) return report_error(file.error());
      for (auto& [k, v] : *file) overrides[k] = v;
    }
  }
  auto deployment = fixtures::resolve_deployment(loaded, overrides);
  if (!deployment) return report_error(deployment.error());

  validate::ClientSet client_set(*connection);
  validate::CheckContext context{*deployment, stack ? &*stack : nullptr, policy,
                                 client_set.clients, *clock,
                                 o.canary, o.invoke};
  validate::RunOptions run;
  run.filters = o.filters;
  run.concurrency = o.concurrency > 0 ? o.concurrency : (fake_target ? 1 : 16);
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  std::size_t done = 0, total = 0;
  for (const auto& c : validate::all_checks()) {
    bool wanted = o.filters.empty();
    for (const auto& f : o.filters) wanted = wanted || validate::glob_match(f, c.id);
    total += wanted ? 1 : 0;
  }
  if (total == 0) {
    return report_error(invalid_input("--filter matches no check (drh validate --list shows them)"));
  }
  if (tty) {
    run.on_result = [&](const validate::CheckResult& r) {
      fmt::print(stderr, "\r\033[K  [{}/{}] {}", ++done, total, r.check->id);
      std::fflush(stderr);
    };
  }
  const auto checks_started = std::chrono::steady_clock::now();
  auto results = validate::run_checks(context, run);
  const auto checks_ended = std::chrono::steady_clock::now();
  if (tty) fmt::print(stderr, "\r\033[K");

  validate::RunInfo info;
  info.stack = stack ? stack->name : "";
  info.outputs = outputs_label;
  info.target = o.target;
  info.policy = policy.source;
  info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  info.checks_seconds = std::chrono::duration<double>(checks_ended - checks_started).count();
  fmt::print("{}", validate::format_text(info, results, ::isatty(STDOUT_FILENO) != 0, o.verbose));
  if (!o.junit.empty()) {
    if (auto s = write_file(o.junit, validate::format_junit(info, results)); !s) return report_error(s.error());
  }
  if (!o.json.empty()) {
    if (auto s = write_file(o.json, validate::format_json(info, results)); !s) return report_error(s.error());
  }
  return validate::exit_code_for(validate::summarize(results));
}

}  // namespace

void register_validate(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ValidateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check that a deployment's DR topology is really in place, check by check");
  cmd->add_option("--outputs", o->outputs, "the outputs file the deploy wrote");
  cmd->add_option("--format", o->format, "outputs format (default: detected)");
  cmd->add_option("--map", o->maps, "Role=OutputKey or a JSON mapping file (repeatable)");
  cmd->add_option("--policy", o->policy, "policy file: thresholds and check switches (docs/validate.md)");
  cmd->add_option("--target", o->target,
                  "fake (default: the world drh up saved, or --stack built now), aws, or an "
                  "endpoint URL (drh serve, an emulator)");
  cmd->add_option("--stack", o->stack,
                  "stack description the deployment follows (expectations; with the fake and "
                  "no --outputs, built first)");
  cmd->add_option("--state", o->state, "the fake's world file (default: $DRH_HOME/fake-state.json)");
  cmd->add_option("--filter", o->filters, "only checks whose id matches this glob (repeatable)");
  cmd->add_option("--junit", o->junit, "write a JUnit XML report here");
  cmd->add_option("--json", o->json, "write a JSON report here");
  cmd->add_flag("--canary", o->canary, "write marker items/objects and watch them replicate");
  cmd->add_flag("--invoke", o->invoke, "invoke the Lambda health functions");
  cmd->add_flag("--verbose,-v", o->verbose, "show the evidence of passing checks too");
  cmd->add_option("--settle", o->settle_seconds,
                  "fake only: virtual seconds to let pass before checking (default 300)")
      ->check(CLI::Range(0, 86400));
  cmd->add_option("--concurrency", o->concurrency,
                  "checks run at once (default: 16 at an endpoint, 1 in the in-process fake)")
      ->check(CLI::Range(1, 32));
  cmd->add_flag_callback(
      "--list",
      [] {
        for (const auto& c : validate::all_checks()) fmt::print("{:<40} {}\n", c.id, c.title);
        std::exit(0);
      },
      "list the checks and exit");
  add_aws_options(*cmd, o->aws);
  cmd->callback([o, &exit_code] { exit_code = run_validate(*o); });
}

}  // namespace drh::cli
