// Response decoding cost: a typical RDS DescribeDBClusters answer (the two clusters of an
// Aurora global database, ~60 fields each, ~9 KiB) decoded
//   - into a small struct with the xml.h helpers, as a typed client does, and
//   - into JSON by the model-free generic decoder behind `drh call`,
// plus the pugixml parse alone (the floor for both) and writing the same answer with
// XmlWriter (what the fake does for every call).
//
//   decode_bench [Google Benchmark flags]   e.g. --benchmark_min_time=0.5
//
// Bytes/s is the response size over the time per decode.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"  // GCC PR 105651, inside std::string at -O3
#endif

#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../suites/protocol/samples.h"
#include "drh/protocol/generic.h"
#include "drh/protocol/query.h"
#include "drh/protocol/xml.h"

namespace {

using drh::test::kDescribeDBClusters;
namespace xml = drh::xml;

struct ClusterMember {
  std::string instance_id;
  bool writer = false;
  std::int64_t promotion_tier = 0;
};

struct Cluster {
  std::string id, arn, status, engine, engine_version, endpoint, reader_endpoint;
  std::string global_cluster_id, replication_source, kms_key_id, hosted_zone_id;
  std::string cluster_create_time, engine_mode, backup_window, maintenance_window;
  std::int64_t port = 0;
  std::int64_t backup_retention = 0;
  bool multi_az = false, encrypted = false, deletion_protection = false;
  std::optional<double> min_capacity, max_capacity;
  std::vector<std::string> availability_zones, log_exports;
  std::vector<ClusterMember> members;
  std::vector<std::pair<std::string, std::string>> tags;
};

// The typed-client way: look each field up by name.
std::vector<Cluster> decode_clusters(std::string_view body, pugi::xml_document& doc) {
  std::vector<Cluster> out;
  auto result = drh::load_query_result(doc, body, "DescribeDBClusters");
  if (!result.ok()) return out;
  for (pugi::xml_node c : xml::members(*result, "DBClusters")) {
    Cluster& k = out.emplace_back();
    k.id = xml::child_text(c, "DBClusterIdentifier");
    k.arn = xml::child_text(c, "DBClusterArn");
    k.status = xml::child_text(c, "Status");
    k.engine = xml::child_text(c, "Engine");
    k.engine_version = xml::child_text(c, "EngineVersion");
    k.endpoint = xml::child_text(c, "Endpoint");
    k.reader_endpoint = xml::child_text(c, "ReaderEndpoint");
    k.global_cluster_id = xml::child_text(c, "GlobalClusterIdentifier");
    k.replication_source = xml::child_text(c, "ReplicationSourceIdentifier");
    k.kms_key_id = xml::child_text(c, "KmsKeyId");
    k.hosted_zone_id = xml::child_text(c, "HostedZoneId");
    k.cluster_create_time = xml::child_text(c, "ClusterCreateTime");
    k.engine_mode = xml::child_text(c, "EngineMode");
    k.backup_window = xml::child_text(c, "PreferredBackupWindow");
    k.maintenance_window = xml::child_text(c, "PreferredMaintenanceWindow");
    k.port = xml::child_int(c, "Port").value_or(0);
    k.backup_retention = xml::child_int(c, "BackupRetentionPeriod").value_or(0);
    k.multi_az = xml::child_bool(c, "MultiAZ").value_or(false);
    k.encrypted = xml::child_bool(c, "StorageEncrypted").value_or(false);
    k.deletion_protection = xml::child_bool(c, "DeletionProtection").value_or(false);
    pugi::xml_node scaling = c.child("ServerlessV2ScalingConfiguration");
    k.min_capacity = xml::child_double(scaling, "MinCapacity");
    k.max_capacity = xml::child_double(scaling, "MaxCapacity");
    k.availability_zones = xml::member_texts(c, "AvailabilityZones");
    k.log_exports = xml::member_texts(c, "EnabledCloudwatchLogsExports");
    for (pugi::xml_node m : xml::members(c, "DBClusterMembers")) {
      ClusterMember& cm = k.members.emplace_back();
      cm.instance_id = xml::child_text(m, "DBInstanceIdentifier");
      cm.writer = xml::child_bool(m, "IsClusterWriter").value_or(false);
      cm.promotion_tier = xml::child_int(m, "PromotionTier").value_or(0);
    }
    for (pugi::xml_node t : xml::members(c, "TagList")) {
      k.tags.emplace_back(xml::child_text(t, "Key"), xml::child_text(t, "Value"));
    }
  }
  return out;
}

void BM_DescribeDBClusters_ParseOnly(benchmark::State& state) {
  for (auto _ : state) {
    pugi::xml_document doc;
    auto s = xml::load(doc, kDescribeDBClusters);
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(kDescribeDBClusters.size()));
}
BENCHMARK(BM_DescribeDBClusters_ParseOnly);

void BM_DescribeDBClusters_Struct(benchmark::State& state) {
  std::size_t clusters = 0;
  for (auto _ : state) {
    pugi::xml_document doc;
    auto out = decode_clusters(kDescribeDBClusters, doc);
    clusters = out.size();
    benchmark::DoNotOptimize(out);
  }
  if (clusters != 2) state.SkipWithError("expected two clusters");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(kDescribeDBClusters.size()));
}
BENCHMARK(BM_DescribeDBClusters_Struct);

void BM_DescribeDBClusters_GenericJson(benchmark::State& state) {
  const drh::ServiceInfo rds{"rds", "rds", "rds", "query", "2014-10-31", "", "", "RDS", false, ""};
  drh::HttpResponse response;
  response.status = 200;
  response.body = std::string(kDescribeDBClusters);
  for (auto _ : state) {
    auto out = drh::decode_generic_response(rds, "DescribeDBClusters", response);
    if (!out.ok()) {
      state.SkipWithError("decode failed");
      break;
    }
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(kDescribeDBClusters.size()));
}
BENCHMARK(BM_DescribeDBClusters_GenericJson);

// Writing the same answer back from the decoded structs, as the fake would.
void BM_DescribeDBClusters_Write(benchmark::State& state) {
  pugi::xml_document doc;
  const std::vector<Cluster> clusters = decode_clusters(kDescribeDBClusters, doc);
  std::size_t bytes = 0;
  for (auto _ : state) {
    xml::XmlWriter w(8192);
    w.start("DescribeDBClustersResponse").xmlns("http://rds.amazonaws.com/doc/2014-10-31/");
    w.start("DescribeDBClustersResult").start("DBClusters");
    for (const Cluster& k : clusters) {
      w.start("DBCluster")
          .element("DBClusterIdentifier", k.id)
          .element("DBClusterArn", k.arn)
          .element("Status", k.status)
          .element("Engine", k.engine)
          .element("EngineVersion", k.engine_version)
          .element("Endpoint", k.endpoint)
          .element("ReaderEndpoint", k.reader_endpoint)
          .element("GlobalClusterIdentifier", k.global_cluster_id)
          .element("KmsKeyId", k.kms_key_id)
          .element("HostedZoneId", k.hosted_zone_id)
          .element("ClusterCreateTime", k.cluster_create_time)
          .element("Port", k.port)
          .element("BackupRetentionPeriod", k.backup_retention)
          .element("MultiAZ", k.multi_az)
          .element("StorageEncrypted", k.encrypted)
          .element("DeletionProtection", k.deletion_protection);
      w.start("AvailabilityZones");
      for (const auto& az : k.availability_zones) w.element("AvailabilityZone", az);
      w.end().start("DBClusterMembers");
      for (const auto& m : k.members) {
        w.start("DBClusterMember")
            .element("DBInstanceIdentifier", m.instance_id)
            .element("IsClusterWriter", m.writer)
            .element("PromotionTier", m.promotion_tier)
            .end();
      }
      w.end().start("TagList");
      for (const auto& [key, value] : k.tags) {
        w.start("Tag").element("Key", key).element("Value", value).end();
      }
      w.end().end();
    }
    w.end().end().start("ResponseMetadata").element("RequestId", "5e1b6a44").end();
    std::string out = w.take();
    bytes = out.size();
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_DescribeDBClusters_Write);

}  // namespace

BENCHMARK_MAIN();
