// The fake cloud's per-call cost, end to end in process: a typed RdsClient call to
// DescribeDBClusters through InProcessTransport signs the request, the fake routes and
// parses it, serialises two clusters to XML, and the client decodes them into structs.
// This is the path every fake-backed test and drill takes, so it bounds how many checks
// per second a suite can run.
//
//   fake_bench [Google Benchmark flags]   e.g. --benchmark_min_time=1
//
// bench/compare_moto.py runs this next to moto doing the same call in one run.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC PR 105651, inside std::string at -O3
#endif

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>

#include "drh/aws/rds.h"
#include "drh/client/connection.h"
#include "bench_support.h"
#include "drh/fake/fake_cloud.h"

namespace {

using namespace drh;

// Two Aurora PostgreSQL clusters in us-east-1, one the primary of a global database: the
// same world bench/compare_moto.py builds in moto.
struct World {
  World() : cloud(clock), transport(std::make_shared<fake::InProcessTransport>(cloud)) {
    connection = bench::fake_connection(transport, clock);
    rds = std::make_unique<aws::RdsClient>(*connection);
    aws::CreateGlobalClusterRequest global;
    global.GlobalClusterIdentifier = "orders-global";
    global.Engine = "aurora-postgresql";
    global.EngineVersion = "15.4";
    must(rds->CreateGlobalCluster("us-east-1", global));
    for (const char* id : {"orders-primary", "reporting"}) {
      aws::CreateDBClusterRequest req;
      req.DBClusterIdentifier = id;
      req.Engine = "aurora-postgresql";
      req.EngineVersion = "15.4";
      req.MasterUsername = "dbadmin";
      req.MasterUserPassword = "bench-password-1";
      req.StorageEncrypted = true;
      if (std::string_view(id) == "orders-primary") req.GlobalClusterIdentifier = "orders-global";
      must(rds->CreateDBCluster("us-east-1", req));
    }
  }

  template <typename R>
  static void must(const R& r) {
    if (!r.ok()) std::abort();  // the world is fixed: a failure here is a fake regression
  }

  VirtualClock clock;
  fake::FakeCloud cloud;
  std::shared_ptr<fake::InProcessTransport> transport;
  std::unique_ptr<AwsConnection> connection;
  std::unique_ptr<aws::RdsClient> rds;
};

void BM_DescribeDBClustersInProcess(benchmark::State& state) {
  World world;
  std::size_t clusters = 0;
  for (auto _ : state) {
    auto result = world.rds->DescribeDBClusters("us-east-1", {});
    if (!result.ok()) {
      state.SkipWithError("DescribeDBClusters failed");
      break;
    }
    clusters += result->DBClusters.size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["clusters_per_call"] =
      state.iterations() ? static_cast<double>(clusters) / static_cast<double>(state.iterations())
                         : 0.0;
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DescribeDBClustersInProcess);

// The fake alone (no signing or decoding): one request bytes-in, response bytes-out.
void BM_FakeHandleDescribeDBClusters(benchmark::State& state) {
  World world;
  HttpRequest captured;
  struct Capture final : Transport {
    explicit Capture(HttpRequest& out) : out_(out) {}
    Result<HttpResponse> send(const HttpRequest& request) override {
      out_ = request;
      HttpResponse r;
      r.status = 200;
      r.body = "<DescribeDBClustersResponse><DescribeDBClustersResult><DBClusters/>"
               "</DescribeDBClustersResult></DescribeDBClustersResponse>";
      return r;
    }
    HttpRequest& out_;
  };
  {
    AwsConnection capture(std::make_shared<Capture>(captured),
                          MakeStaticProvider(Credentials{"AKIABENCHFAKE0000001",
                                                         "bench-secret", "", {}, "bench"}),
                          world.clock, {});
    (void)aws::RdsClient(capture).DescribeDBClusters("us-east-1", {});
  }
  for (auto _ : state) {
    HttpResponse response = world.cloud.handle(captured);
    benchmark::DoNotOptimize(response);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FakeHandleDescribeDBClusters);

}  // namespace

BENCHMARK_MAIN();
