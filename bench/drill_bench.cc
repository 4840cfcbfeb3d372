// Wall time of `drh drill --drill regional-failover` on the in-process fake, against a 60 s
// RTO target: plan the drill from seed stack 003's deployment, run it (a minute of
// application writes, the us-east-1 outage, detection by Route 53's checkers, the Aurora
// failover with data loss, DNS, the application's health, and the fail back: about four
// minutes of virtual time), judge it and render drill.json, drill.md, drill.svg and the
// JUnit file. The target is under 50 ms of wall time. Building the stack into the fake is
// set-up (BM_RegionalFailoverDrillIncludingDeploy times it too, for the record).
//
//   drill_bench [Google Benchmark flags]
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC PR 105651, inside std::string at -O3
#endif

#include <benchmark/benchmark.h>

#include <atomic>
#include <memory>

#include "bench_support.h"
#include "drh/client/connection.h"
#include "drh/core/virtual_clock.h"
#include "drh/drill/drill.h"
#include "drh/drill/report.h"
#include "drh/fake/fake_cloud.h"
#include "drh/fixtures/provision.h"
#include "drh/fixtures/stack.h"

namespace {

using namespace drh;

/// Seed stack 003 deployed into a fresh fake, five minutes settled.
struct World {
  VirtualClock clock;
  fake::FakeCloud cloud{clock};
  std::unique_ptr<AwsConnection> connection;
  std::unique_ptr<drill::FaultControl> faults = drill::fake_faults(cloud);
  fixtures::Deployment deployment;
  std::string error;

  World() {
    connection = bench::fake_connection(std::make_shared<fake::InProcessTransport>(cloud), clock);
    auto stack = fixtures::load_stack("003", DRH_SOURCE_DIR "/fixtures/stacks");
    if (!stack) {
      error = stack.error().describe();
      return;
    }
    auto ledger = fixtures::provision(*connection, *stack, fixtures::ProvisionOptions{});
    if (!ledger) {
      error = ledger.error().describe();
      return;
    }
    auto d = fixtures::resolve_deployment(ledger->loaded_outputs(stack->format, "bench"));
    if (!d) {
      error = d.error().describe();
      return;
    }
    deployment = *d;
    clock.advance(std::chrono::minutes(5));
  }
};

/// The drill and its reports; false (with the reason in `error`) when it did not pass.
bool drill_and_report(World& w, std::string& error, std::size_t& report_bytes,
                      drill::TargetVerdict& verdict) {
  drill::BuiltinOptions options;
  options.faults = w.faults.get();
  options.allow_data_loss = true;
  options.last_failover_loss = drill::fake_failover_loss(w.cloud, w.deployment.global_cluster_id);
  if (!drill::fake_write_load(w.cloud, w.deployment.global_cluster_id, 20).ok()) return false;
  w.clock.advance(std::chrono::minutes(1));
  auto d = drill::regional_failover_drill(w.deployment, *w.connection, options);
  if (!d) {
    error = d.error().describe();
    return false;
  }
  drill::UndoEnv env{w.clock, w.connection.get(), w.faults.get()};
  std::atomic<bool> stop{false};
  const auto report = drill::run_drill(*d, drill::builtin_undos(), env, stop);
  const drill::Targets targets{.rto_seconds = 60, .rpo_seconds = 60};
  verdict = drill::judge(report, targets);
  report_bytes = drill::report_json(report, targets).size() +
                 drill::report_markdown(report, targets).size() +
                 drill::report_svg(report, targets).size() +
                 drill::report_junit(report, targets).size();
  if (report.outcome != drill::DrillOutcome::kPassed) {
    error = report.message;
    return false;
  }
  return true;
}

void BM_RegionalFailoverDrill(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    auto w = std::make_unique<World>();
    if (!w->error.empty()) {
      state.SkipWithError(w->error.c_str());
      break;
    }
    state.ResumeTiming();
    std::string error;
    std::size_t bytes = 0;
    drill::TargetVerdict v;
    if (!drill_and_report(*w, error, bytes, v)) {
      state.SkipWithError(error.c_str());
      break;
    }
    state.counters["rto_s"] = v.rto_seconds;
    state.counters["rto_met"] = v.rto_met ? 1 : 0;
    state.counters["report_bytes"] = static_cast<double>(bytes);
    state.PauseTiming();
    w.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_RegionalFailoverDrill)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RegionalFailoverDrillIncludingDeploy(benchmark::State& state) {
  for (auto _ : state) {
    World w;
    if (!w.error.empty()) {
      state.SkipWithError(w.error.c_str());
      break;
    }
    std::string error;
    std::size_t bytes = 0;
    drill::TargetVerdict v;
    if (!drill_and_report(w, error, bytes, v)) {
      state.SkipWithError(error.c_str());
      break;
    }
  }
}
BENCHMARK(BM_RegionalFailoverDrillIncludingDeploy)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
