// One full validation of seed stack 000 (every check drh validate runs; the stack built
// without Lambda and DynamoDB, as moto_server must) through the in-process fake, in a
// running process, as the GoogleTest suites and a long-lived harness
// run it: the world is built and settled once; each iteration starts an empty read cache,
// a connection and the typed clients, and runs every check in order on one thread (the
// in-process default). bench/validate_bench.py sets this figure against the same
// validation through moto_server in the same run (target: at least 100x faster), and also
// reports the cold figure, a fresh drh process per validation.
//
//   validate_checks_bench [Google Benchmark flags]
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC PR 105651, inside std::string at -O3
#endif

#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "bench_support.h"
#include "drh/client/connection.h"
#include "drh/core/virtual_clock.h"
#include "drh/fake/fake_cloud.h"
#include "drh/fixtures/provision.h"
#include "drh/fixtures/stack.h"
#include "drh/validate/check.h"
#include "drh/validate/clients.h"
#include "drh/validate/read_cache.h"
#include "drh/validate/report.h"

namespace {

using namespace drh;

/// Seed stack 000 deployed into a fresh fake and left five minutes to settle, as
/// drh validate's default --settle does.
struct World {
  VirtualClock clock;
  fake::FakeCloud cloud{clock};
  fixtures::StackDescription stack;
  fixtures::Deployment deployment;
  validate::Policy policy;
  std::string error;

  World() {
    auto loaded = fixtures::load_stack("000", DRH_SOURCE_DIR "/fixtures/stacks");
    if (!loaded) {
      error = loaded.error().describe();
      return;
    }
    stack = *loaded;
    // As on the moto side of bench/validate_bench.py: without Lambda and DynamoDB, which
    // moto cannot build, so both sides run the same checks.
    fixtures::ProvisionOptions options;
    options.skip = {"lambda", "dynamodb"};
    auto ledger = fixtures::provision(*connect(std::make_shared<fake::InProcessTransport>(cloud)),
                                      stack, options);
    if (!ledger) {
      error = ledger.error().describe();
      return;
    }
    fixtures::drop_skipped_parts(stack, *ledger);
    auto d = fixtures::resolve_deployment(ledger->loaded_outputs(stack.format, "bench"));
    if (!d) {
      error = d.error().describe();
      return;
    }
    deployment = *d;
    clock.advance(std::chrono::minutes(5));
  }

  std::unique_ptr<AwsConnection> connect(std::shared_ptr<Transport> transport) {
    return bench::fake_connection(std::move(transport), clock);
  }
};

void BM_ValidateSeed000InProcess(benchmark::State& state) {
  World w;
  if (!w.error.empty()) {
    state.SkipWithError(w.error.c_str());
    return;
  }
  validate::RunSummary last;
  for (auto _ : state) {
    auto connection = w.connect(
        validate::make_read_cache(std::make_shared<fake::InProcessTransport>(w.cloud)));
    validate::ClientSet client_set(*connection);
    validate::CheckContext context{w.deployment, &w.stack, w.policy, client_set.clients,
                                   w.clock};
    validate::RunOptions options;
    options.concurrency = 1;
    last = validate::summarize(validate::run_checks(context, options));
    // A validation that failed would be timing error paths, not the job.
    if (last.failed > 0 || last.errors > 0 || last.passed == 0) {
      state.SkipWithError("seed stack 000 did not validate cleanly in the fake");
      return;
    }
  }
  state.counters["passed"] = last.passed;
  state.counters["skipped"] = last.skipped;
}
BENCHMARK(BM_ValidateSeed000InProcess)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
