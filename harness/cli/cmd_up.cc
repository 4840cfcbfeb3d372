// drh up / drh down: build a stack description into the fake or a loopback emulator and
// write its pipeline's outputs file; remove it again.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <filesystem>
#include <fstream>

#include "cli_common.h"
#include "commands.h"
#include "drh/fixtures/outputs.h"
#include "drh/fixtures/provision.h"
#include "drh/fixtures/stack.h"
#include "target.h"

namespace drh::cli {

namespace {

struct UpOptions {
  AwsOptions aws;
  std::string stack;
  std::string target = "fake";
  std::string write_outputs;
  std::string format;
  std::string state;
  std::string ledger;
  std::string suffix;
  std::vector<std::string> skip;
  bool fresh = false;
  bool quiet = false;
};

Status write_text_file(const std::string& path, const std::string& text) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) return invalid_input("cannot write '" + tmp + "'");
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return invalid_input("cannot replace '" + path + "': " + ec.message());
  return Ok{};
}

std::function<void(const std::string&)> printer(bool quiet) {
  if (quiet) return {};
  return [](const std::string& line) {
    fmt::print(stderr, "{}\n", line);
    std::fflush(stderr);
  };
}

int run_up(const UpOptions& o) {
  auto stack = fixtures::load_stack(o.stack);
  if (!stack) return report_error(stack.error());
  fixtures::OutputsFormat format = stack->format;
  if (!o.format.empty()) {
    auto f = fixtures::parse_format(o.format);
    if (!f || *f == fixtures::OutputsFormat::kAuto) {
      return report_error(invalid_input("--format must be flat, cdk, cdktf, terraform or pulumi"));
    }
    format = *f;
  }
  fixtures::ProvisionOptions options;
  options.suffix = o.suffix;
  for (const auto& s : o.skip) {
    const auto& known = fixtures::stack_components();
    if (std::find(known.begin(), known.end(), s) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return report_error(invalid_input("--skip " + s + ": not a stack component (" + list + ")"));
    }
    options.skip.insert(s);
  }
  const std::string state = o.state.empty() ? default_state_path() : o.state;
  const std::string ledger_path = o.ledger.empty() ? default_ledger_path(stack->name) : o.ledger;
  if (!o.fresh && std::filesystem::exists(ledger_path)) {
    auto previous = read_ledger(ledger_path);
    if (previous && previous->target == o.target && (o.target != "fake" || std::filesystem::exists(state))) {
      return report_error(invalid_input(
          "stack " + stack->name + " is already up on " + o.target + " (ledger " + ledger_path +
          "); run drh down --stack " + stack->name + " first, or pass --fresh"));
    }
  }
  auto target = open_test_target(o.target, state, o.fresh, o.aws);
  if (!target) return report_error(target.error());
  options.wait = target->wait;
  options.progress = printer(o.quiet);

  if (!o.quiet) {
    fmt::print(stderr, "drh up: stack {} ({}) into {}{}\n", stack->name, stack->title, target->name,
               target->in_process ? " (state " + state + ")" : "");
  }
  auto started = std::chrono::steady_clock::now();
  fixtures::Ledger partial;
  auto built = fixtures::provision(*target->connection, *stack, options, &partial);
  fixtures::Ledger& ledger = built ? *built : partial;
  ledger.target = o.target;
  // Whatever was made is recorded, even on failure, so drh down can remove it.
  if (auto s = target->save(); !s) return report_error(s.error());
  if (auto s = write_text_file(ledger_path, fixtures::ledger_to_json(ledger)); !s) {
    return report_error(s.error());
  }
  if (!built) {
    fmt::print(stderr, "drh up: stopped after {} resources; drh down --stack {} removes them\n",
               ledger.entries.size(), stack->name);
    return report_error(built.error());
  }
  std::string default_stack = stack->stacks.empty() ? stack->name : stack->stacks.front().second;
  auto text = fixtures::write_outputs(ledger.outputs, format, default_stack);
  if (!text) return report_error(text.error());
  if (!o.write_outputs.empty()) {
    if (auto s = write_text_file(o.write_outputs, *text); !s) return report_error(s.error());
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  started)
                .count();
  if (!o.quiet) {
    fmt::print(stderr, "drh up: {} resources in {} ms; {} outputs ({}){}\n", ledger.entries.size(), ms,
               ledger.outputs.size(), fixtures::to_string(format),
               o.write_outputs.empty() ? "" : " written to " + o.write_outputs);
    for (const auto& s : ledger.skipped) fmt::print(stderr, "  skipped: {}\n", s);
    if (!stack->unsupported.empty()) {
      fmt::print(stderr, "  unsupported (listed in the description, not built): ");
      for (std::size_t i = 0; i < stack->unsupported.size(); ++i) {
        fmt::print(stderr, "{}{}", i ? ", " : "", stack->unsupported[i].component);
      }
      fmt::print(stderr, "\n");
    }
  }
  if (o.write_outputs.empty()) fmt::print("{}", *text);
  return kExitOk;
}

int run_down(const UpOptions& o) {
  const std::string ledger_path = o.ledger.empty() ? default_ledger_path(o.stack) : o.ledger;
  auto ledger = read_ledger(ledger_path);
  if (!ledger) return report_error(ledger.error());
  const std::string state = o.state.empty() ? default_state_path() : o.state;
  auto target = open_test_target(ledger->target.empty() ? "fake" : ledger->target, state,
                                 /*fresh=*/false, o.aws);
  if (!target) return report_error(target.error());
  fixtures::ProvisionOptions options;
  options.wait = target->wait;
  options.progress = printer(o.quiet);
  if (!o.quiet) {
    fmt::print(stderr, "drh down: stack {} on {} ({} resources)\n", ledger->stack, target->name,
               ledger->entries.size());
  }
  auto report = fixtures::teardown(*target->connection, *ledger, options);
  if (auto s = target->save(); !s) return report_error(s.error());
  if (!report.failures.empty()) {
    fmt::print(stderr, "drh down: {} deleted, {} already gone, {} FAILED (ledger kept: {})\n",
               report.deleted, report.already_gone, report.failures.size(), ledger_path);
    for (const auto& f : report.failures) fmt::print(stderr, "  {}\n", f);
    return kExitFailed;
  }
  std::error_code ec;
  std::filesystem::remove(ledger_path, ec);
  if (!o.quiet) {
    fmt::print(stderr, "drh down: {} deleted, {} already gone\n", report.deleted, report.already_gone);
  }
  return kExitOk;
}

void add_target_options(CLI::App& cmd, UpOptions& o) {
  cmd.add_option("--state", o.state,
                 "the in-process fake's world file (default: $DRH_HOME/fake-state.json, "
                 "DRH_HOME defaulting to ./.drh)");
  cmd.add_option("--ledger", o.ledger,
                 "what up made, for down (default: $DRH_HOME/<stack>.ledger.json)");
  cmd.add_flag("--quiet,-q", o.quiet, "no progress lines");
  cmd.add_option("--connect-timeout-ms", o.aws.connect_timeout_ms, "connect timeout (endpoints)")
      ->check(CLI::Range(1, 600000));
  cmd.add_option("--timeout-ms", o.aws.timeout_ms, "total timeout per attempt (endpoints)")
      ->check(CLI::Range(1, 3600000));
  cmd.add_option("--max-attempts", o.aws.max_attempts, "attempts per call, retries included")
      ->check(CLI::Range(1, 20));
}

}  // namespace

void register_up(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<UpOptions>();
  CLI::App* up = app.add_subcommand(
      "up", "Build a stack description into the fake or a loopback emulator; write its outputs");
  up->add_option("--stack", o->stack, "stack name (fixtures/stacks/<name>.json) or file")->required();
  up->add_option("--target", o->target,
                 "fake (default: in process, world saved to --state) or a loopback URL "
                 "(drh serve, moto_server)");
  up->add_option("--write-outputs", o->write_outputs,
                 "write the outputs file here (default: print it)");
  up->add_option("--format", o->format,
                 "outputs format: flat, cdk, cdktf, terraform, pulumi (default: the stack's)");
  up->add_option("--suffix", o->suffix, "environment suffix for ${suffix} (default: the stack's)");
  up->add_option("--skip", o->skip,
                 "leave out a component (repeatable): networking, sns, s3, dynamodb, aurora, "
                 "lambda, route53, alarms");
  up->add_flag("--fresh", o->fresh, "start from an empty world, ignoring an earlier up");
  add_target_options(*up, *o);
  up->callback([o, &exit_code] { exit_code = run_up(*o); });

  auto d = std::make_shared<UpOptions>();
  CLI::App* down = app.add_subcommand("down", "Remove what drh up made (from its ledger)");
  down->add_option("--stack", d->stack, "the stack name given to drh up")->required();
  add_target_options(*down, *d);
  down->callback([d, &exit_code] { exit_code = run_down(*d); });
}

}  // namespace drh::cli
