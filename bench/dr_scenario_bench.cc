// Wall time of a whole regional failover drill on the fake (suites/fake/dr_scenario.h):
// build a two-region DR world, five minutes of steady state, a us-east-1 outage watched
// once a second for five minutes while health checks probe, Aurora and DynamoDB replicate,
// alarms evaluate and SNS delivers, a failover with data loss, and the recovery. About 16
// minutes of virtual time; the target is under 50 ms of wall time for the drill.
//
//   dr_scenario_bench [Google Benchmark flags]
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC PR 105651, inside std::string at -O3
#endif

#include <benchmark/benchmark.h>

#include "../suites/fake/dr_scenario.h"

namespace {

void BM_RegionalFailoverDrill(benchmark::State& state) {
  for (auto _ : state) {
    drh::scenario::World world;
    auto outcome = drh::scenario::run_regional_failover(world);
    if (!outcome.setup_error.empty() || !outcome.old_primary_rejoined) {
      state.SkipWithError("the drill did not complete");
      break;
    }
    benchmark::DoNotOptimize(outcome);
    // What the drill measured (virtual seconds after the outage began), for the record.
    state.counters["dns_s"] = static_cast<double>(outcome.dns_on_secondary.value_or(std::chrono::seconds{}).count());
    state.counters["alarm_s"] = static_cast<double>(outcome.alarm_in_alarm.value_or(std::chrono::seconds{}).count());
    state.counters["writer_s"] =
        static_cast<double>(outcome.writer_promoted.value_or(std::chrono::seconds{}).count());
    state.counters["lost_commits"] = static_cast<double>(outcome.lost_commits);
  }
}
BENCHMARK(BM_RegionalFailoverDrill)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
