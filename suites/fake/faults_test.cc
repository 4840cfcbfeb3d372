// Fault injection into the fake: the fault book's windows and matching, each kind's
// visible effect through the typed clients (errors in every protocol, retries by the
// client, latency on the virtual clock, peering routes under a partition), deterministic
// probabilities, validation of bad specs, and faults in the saved state.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../../mocks/fake/faults.h"
#include "../../mocks/fake/service.h"
#include "drh/aws/dynamodb.h"
#include "drh/aws/ec2.h"
#include "drh/aws/route53.h"
#include "drh/aws/s3.h"
#include "drh/aws/sns.h"
#include "drh/aws/sts.h"
#include "drh/aws/waiter.h"
#include "drh/fake/fault_injection.h"
#include "fake_world.h"

namespace drh::testing {
namespace {

using namespace std::chrono_literals;
using fake::Fault;
using fake::FaultBook;
using fake::FaultKind;
using fake::FaultSpec;

constexpr const char* kEast = "us-east-1";
constexpr const char* kWest = "us-west-2";

// A second connection to the same world, with its own retry policy: max_attempts 1 sees
// every injected error as it is; a fixed seed makes the client's backoff deterministic.
std::unique_ptr<AwsConnection> connect(VirtualClock& clock, std::shared_ptr<Transport> transport,
                                       int max_attempts, std::uint64_t seed = 7) {
  Credentials creds;
  creds.access_key_id = "AKIAFAKEWORLD0000001";
  creds.secret_access_key = "fake-world-secret";
  creds.source = "test";
  ConnectionOptions options;
  options.endpoint.explicit_url = "http://127.0.0.1:4566";
  options.endpoint.use_env = false;
  options.s3_force_path_style = true;
  options.retry.max_attempts = max_attempts;
  options.retry.seed = seed;
  return std::make_unique<AwsConnection>(std::move(transport), MakeStaticProvider(creds), clock,
                                         options);
}

std::unique_ptr<AwsConnection> connect(FakeWorld& world, int max_attempts,
                                       std::uint64_t seed = 7) {
  return connect(world.clock, world.transport, max_attempts, seed);
}

std::string must_inject(FakeWorld& world, const FaultSpec& spec) {
  auto id = fake::inject(world.cloud, spec);
  EXPECT_TRUE(id.ok()) << id.error().describe();
  return id.ok() ? *id : std::string();
}

std::uint64_t hits_of(FakeWorld& world, std::string_view id) {
  for (const auto& f : world.cloud.core().faults.all()) {
    if (f.id == id) return f.hits;
  }
  return 0;
}

// ---------------------------------------------------------------- the fault book

TEST(FaultBook, WindowOpensAtStartAndClosesExactlyAtUntil) {
  const TimePoint t0 = VirtualClock::default_start();
  FaultBook book;
  Fault outage;
  outage.kind = FaultKind::kRegionOutage;
  outage.region = kEast;
  outage.start = t0;
  outage.until = t0 + 60s;
  EXPECT_EQ(book.add(outage), "fault-1");

  EXPECT_FALSE(book.region_down(kEast, t0 - 1ns)) << "in force before it was injected";
  EXPECT_TRUE(book.region_down(kEast, t0));
  EXPECT_TRUE(book.region_down(kEast, t0 + 60s - 1ns)) << "ended before its until";
  EXPECT_FALSE(book.region_down(kEast, t0 + 60s)) << "still in force at its until";
  EXPECT_FALSE(book.region_down(kWest, t0 + 1s)) << "an outage of one region took another";
  EXPECT_EQ(book.active(t0 + 30s).size(), 1u);
  EXPECT_TRUE(book.active(t0 + 60s).empty());
  EXPECT_EQ(book.all().size(), 1u) << "an expired fault is kept until removed";

  // An outage cuts the region off from everyone, replication included.
  EXPECT_FALSE(book.reachable(kEast, kWest, t0 + 1s));
  EXPECT_FALSE(book.replication_allowed("rds", kWest, kEast, t0 + 1s));
  EXPECT_TRUE(book.replication_allowed("rds", kWest, kEast, t0 + 60s));

  EXPECT_TRUE(book.remove("fault-1"));
  EXPECT_FALSE(book.remove("fault-1"));
  Fault open = outage;
  open.until.reset();
  EXPECT_EQ(book.add(open), "fault-2") << "ids are never reused";
  EXPECT_TRUE(book.region_down(kEast, t0 + 24h * 365)) << "no duration: lasts until removed";
  book.reset();
  EXPECT_TRUE(book.all().empty());
  EXPECT_EQ(book.add(open), "fault-1") << "reset restarts ids";
}

TEST(FaultBook, PartitionIsSymmetricAndEmptyFiltersMatchAnything) {
  const TimePoint t0 = VirtualClock::default_start();
  FaultBook book;
  Fault partition;
  partition.kind = FaultKind::kPartition;
  partition.region = kEast;
  partition.peer_region = kWest;
  partition.start = t0;
  book.add(partition);
  EXPECT_FALSE(book.reachable(kEast, kWest, t0));
  EXPECT_FALSE(book.reachable(kWest, kEast, t0)) << "a partition cuts both directions";
  EXPECT_TRUE(book.reachable(kEast, "eu-west-1", t0)) << "a partition cut a third region off";
  for (const char* svc : {"rds", "dynamodb", "s3"}) {
    EXPECT_FALSE(book.replication_allowed(svc, kWest, kEast, t0)) << svc;
    EXPECT_TRUE(book.replication_allowed(svc, kWest, "eu-west-1", t0)) << svc;
  }

  // A replication pause is one service, one direction; empty fields match any.
  FaultBook pauses;
  Fault pause;
  pause.kind = FaultKind::kReplicationPause;
  pause.service = "dynamodb";
  pause.region = kEast;
  pause.peer_region = kWest;
  pause.start = t0;
  pauses.add(pause);
  EXPECT_FALSE(pauses.replication_allowed("dynamodb", kEast, kWest, t0));
  EXPECT_TRUE(pauses.replication_allowed("dynamodb", kWest, kEast, t0)) << "direction ignored";
  EXPECT_TRUE(pauses.replication_allowed("s3", kEast, kWest, t0)) << "service ignored";
  EXPECT_TRUE(pauses.reachable(kEast, kWest, t0)) << "a pause is not a partition";
  Fault all = pause;
  all.service.clear();
  all.peer_region.clear();
  pauses.add(all);
  EXPECT_FALSE(pauses.replication_allowed("s3", kEast, "eu-west-1", t0));
  EXPECT_TRUE(pauses.replication_allowed("s3", kWest, kEast, t0));

  // api-error and latency filters: empty matches any service, operation and region.
  FaultBook calls;
  Fault any;
  any.kind = FaultKind::kApiError;
  any.start = t0;
  calls.add(any);
  Fault put;
  put.kind = FaultKind::kApiError;
  put.service = "dynamodb";
  put.operation = "PutItem";
  put.region = kEast;
  put.start = t0;
  calls.add(put);
  EXPECT_EQ(calls.api_errors("sns", "Publish", kWest, t0).size(), 1u);
  EXPECT_EQ(calls.api_errors("dynamodb", "PutItem", kEast, t0).size(), 2u);
  EXPECT_EQ(calls.api_errors("dynamodb", "GetItem", kEast, t0).size(), 1u);
  EXPECT_EQ(calls.api_errors("dynamodb", "PutItem", kWest, t0).size(), 1u);
  Fault slow;
  slow.kind = FaultKind::kLatency;
  slow.latency = 200ms;
  slow.service = "s3";
  slow.start = t0;
  calls.add(slow);
  calls.add(slow);
  EXPECT_EQ(calls.added_latency("s3", "GetObject", kWest, t0), 400ms) << "latencies add up";
  EXPECT_EQ(calls.added_latency("sns", "Publish", kWest, t0), 0ms);
}

// ---------------------------------------------------------------- effects on calls

TEST(FakeFaults, RegionOutageFailsEveryRegionalApiWith503UntilItEnds) {
  FakeWorld world;
  auto once = connect(world, 1);
  aws::DynamoDbClient ddb(*once);
  aws::SnsClient sns(*once);
  aws::Ec2Client ec2(*once);
  aws::S3Client s3(*once);
  aws::Route53Client route53(*once);
  aws::StsClient sts(*once);
  ASSERT_TRUE(s3.CreateBucket(kEast, {.Bucket = "orders-east"}).ok());

  const std::string id = must_inject(
      world, {.kind = "region-outage", .region = kEast, .duration = std::chrono::minutes(10)});
  const TimePoint until = world.clock.now() + 10min;

  auto table = ddb.ListTables(kEast, {});
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.error().code, "ServiceUnavailable");
  EXPECT_EQ(table.error().http_status, 503);
  EXPECT_TRUE(is_retryable(table.error())) << "an outage must look transient to SDKs";
  EXPECT_NE(table.error().message.find("us-east-1 is down"), std::string::npos)
      << table.error().message;
  // The same 503 in every protocol: Query (SNS), EC2, rest-xml (S3), Query (STS regional).
  auto topics = sns.ListTopics(kEast, {});
  ASSERT_FALSE(topics.ok());
  EXPECT_EQ(topics.error().code, "ServiceUnavailable");
  auto vpcs = ec2.DescribeVpcs(kEast, {});
  ASSERT_FALSE(vpcs.ok());
  EXPECT_EQ(vpcs.error().code, "ServiceUnavailable");
  EXPECT_EQ(vpcs.error().http_status, 503);
  auto object = s3.GetObject(kEast, {.Bucket = "orders-east", .Key = "k"});
  ASSERT_FALSE(object.ok());
  EXPECT_EQ(object.error().code, "ServiceUnavailable");
  EXPECT_FALSE(sts.GetCallerIdentity(kEast).ok());

  // Other regions serve; Route 53 is global and keeps answering.
  auto west = ddb.ListTables(kWest, {});
  EXPECT_TRUE(west.ok()) << west.error().describe();
  auto zones = route53.ListHostedZones({});
  EXPECT_TRUE(zones.ok()) << "a regional outage took Route 53 down: " << zones.error().describe();
  EXPECT_EQ(hits_of(world, id), 5u);

  world.clock.advance_to(until - 1ms);
  EXPECT_FALSE(ddb.ListTables(kEast, {}).ok()) << "the outage ended early";
  world.clock.advance_to(until);
  auto back = ddb.ListTables(kEast, {});
  EXPECT_TRUE(back.ok()) << "the outage outlived its duration: " << back.error().describe();
  EXPECT_TRUE(fake::list_faults(world.cloud).empty());
}

TEST(FakeFaults, InjectedThrottlingIsRetriedByTheClientAndSurfacesWhenItOutlastsRetries) {
  FakeWorld world;
  auto retrying = connect(world, 3, /*seed=*/11);
  aws::DynamoDbClient ddb(*retrying);
  const aws::PutItemRequest put{.TableName = "orders", .Item = {{"pk", aws::AttributeValue::S("1")}}};

  // Throttling that outlasts the three attempts: the client gives up with it.
  const std::string forever = must_inject(world, {.kind = "api-error",
                                                   .region = kEast,
                                                   .service = "dynamodb",
                                                   .operation = "PutItem",
                                                   .code = "ThrottlingException"});
  const TimePoint before = world.clock.now();
  auto r = ddb.PutItem(kEast, put);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ThrottlingException");
  EXPECT_EQ(r.error().http_status, 400) << "DynamoDB throttles with 400";
  EXPECT_EQ(hits_of(world, forever), 3u) << "the client did not retry the throttled call";
  EXPECT_GT(world.clock.now(), before) << "the client's backoff did not wait on the clock";
  ASSERT_TRUE(fake::remove_fault(world.cloud, forever));

  // Throttling for 100 ms: the first attempt fails, a retry after backoff gets through
  // (to the real answer: the table does not exist).
  const std::string brief = must_inject(world, {.kind = "api-error",
                                                 .service = "dynamodb",
                                                 .code = "ThrottlingException",
                                                 .duration = 100ms});
  auto after = ddb.PutItem(kEast, put);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, "ResourceNotFoundException") << after.error().describe();
  EXPECT_GE(hits_of(world, brief), 1u);
  EXPECT_LE(hits_of(world, brief), 2u);

  // A 5xx for a Query service (SNS) is retried the same way and surfaces in its protocol.
  aws::SnsClient sns(*retrying);
  const std::string internal =
      must_inject(world, {.kind = "api-error", .service = "sns", .status = 500});
  auto topics = sns.ListTopics(kWest, {});
  ASSERT_FALSE(topics.ok());
  EXPECT_EQ(topics.error().code, "InternalFailure");
  EXPECT_EQ(topics.error().http_status, 500);
  EXPECT_EQ(hits_of(world, internal), 3u);
  // A non-retryable error is answered once.
  fake::clear_faults(world.cloud);
  const std::string denied = must_inject(
      world, {.kind = "api-error", .service = "sns", .status = 403, .code = "AuthorizationError"});
  auto once = sns.ListTopics(kWest, {});
  ASSERT_FALSE(once.ok());
  EXPECT_EQ(once.error().code, "AuthorizationError");
  EXPECT_EQ(hits_of(world, denied), 1u) << "a 403 was retried";
}

TEST(FakeFaults, ApiErrorMatchesRestOperationsByTheirAwsNames) {
  FakeWorld world;
  auto once = connect(world, 1);
  aws::S3Client s3(*once);
  ASSERT_TRUE(s3.CreateBucket(kWest, {.Bucket = "reports-west"}).ok());
  ASSERT_TRUE(s3.PutObject(kWest, {.Bucket = "reports-west", .Key = "a", .Body = "x"}).ok());
  must_inject(world, {.kind = "api-error",
                      .region = kWest,
                      .service = "s3",
                      .operation = "GetObject",
                      .code = "SlowDown"});
  auto get = s3.GetObject(kWest, {.Bucket = "reports-west", .Key = "a"});
  ASSERT_FALSE(get.ok());
  EXPECT_EQ(get.error().code, "SlowDown");
  EXPECT_EQ(get.error().http_status, 503) << "S3 slows down with 503";
  auto put = s3.PutObject(kWest, {.Bucket = "reports-west", .Key = "b", .Body = "y"});
  EXPECT_TRUE(put.ok()) << "GetObject's fault hit PutObject: " << put.error().describe();
}

TEST(FakeFaults, LatencyAdvancesTheVirtualClockForMatchingCallsOnly) {
  FakeWorld world;
  auto once = connect(world, 1);
  aws::DynamoDbClient ddb(*once);
  const std::string id = must_inject(
      world, {.kind = "latency", .region = kEast, .service = "dynamodb", .latency = 250ms});
  TimePoint t = world.clock.now();
  ASSERT_TRUE(ddb.ListTables(kEast, {}).ok());
  EXPECT_EQ(world.clock.now() - t, 250ms);
  t = world.clock.now();
  ASSERT_TRUE(ddb.ListTables(kWest, {}).ok());
  EXPECT_EQ(world.clock.now() - t, 0ms) << "latency reached another region";
  EXPECT_EQ(hits_of(world, id), 1u);

  // A task due within the delay runs during it, before the call is served.
  bool ran = false;
  world.clock.schedule_after(100ms, [&] { ran = true; });
  ASSERT_TRUE(ddb.ListTables(kEast, {}).ok());
  EXPECT_TRUE(ran);
}

TEST(FakeFaults, LatencyReallyWaitsWhenTheClockFollowsRealTime) {
  // drh serve with a real-time clock: the thread waits latency / scale, the virtual clock
  // is left to the server's ticker.
  VirtualClock clock;
  fake::FakeOptions options;
  options.latency_wall_scale = 100;
  fake::FakeCloud cloud(clock, options);
  auto once = connect(clock, std::make_shared<fake::InProcessTransport>(cloud), 1);
  aws::StsClient sts(*once);
  ASSERT_TRUE(fake::inject(cloud, {.kind = "latency", .service = "sts", .latency = 3s}).ok());
  const TimePoint virtual_before = clock.now();
  const auto wall_before = std::chrono::steady_clock::now();
  ASSERT_TRUE(sts.GetCallerIdentity(kEast).ok());
  const auto waited = std::chrono::steady_clock::now() - wall_before;
  EXPECT_GE(waited, 30ms) << "the call did not wait 3 s / 100";
  EXPECT_LT(waited, 3s) << "the wait ignored the time scale";
  EXPECT_EQ(clock.now(), virtual_before) << "a real-time wait moved the virtual clock itself";
}

TEST(FakeFaults, PartitionBlackholesPeeringRoutesWhileItLasts) {
  FakeWorld world;
  aws::Ec2Client ec2(*world.connection);
  auto vpc = [&](std::string_view region, std::string cidr) {
    auto r = ec2.CreateVpc(region, {.CidrBlock = std::move(cidr)});
    EXPECT_TRUE(r.ok()) << r.error().describe();
    return r.ok() ? r->Vpc.VpcId : std::string();
  };
  const std::string east = vpc(kEast, "10.0.0.0/16");
  const std::string west = vpc(kWest, "10.1.0.0/16");
  auto pcx = ec2.CreateVpcPeeringConnection(
      kEast, {.VpcId = east, .PeerVpcId = west, .PeerRegion = std::string(kWest)});
  ASSERT_TRUE(pcx.ok()) << pcx.error().describe();
  const std::string id = pcx->VpcPeeringConnection.VpcPeeringConnectionId;
  world.clock.advance(10s);
  ASSERT_TRUE(ec2.AcceptVpcPeeringConnection(kWest, {.VpcPeeringConnectionId = id}).ok());
  ASSERT_TRUE(aws::WaitUntilVpcPeeringConnectionActive(ec2, world.clock, kEast, id).ok());
  aws::DescribeRouteTablesRequest main;
  main.Filters = {{"vpc-id", {east}}, {"association.main", {"true"}}};
  const std::string rtb = ec2.DescribeRouteTables(kEast, main)->RouteTables.at(0).RouteTableId;
  ASSERT_TRUE(ec2.CreateRoute(kEast, {.RouteTableId = rtb,
                                      .DestinationCidrBlock = "10.1.0.0/16",
                                      .VpcPeeringConnectionId = id})
                  .ok());
  auto peer_route_state = [&] {
    auto r = ec2.DescribeRouteTables(kEast, main);
    EXPECT_TRUE(r.ok()) << r.error().describe();
    for (const auto& route : r->RouteTables.at(0).Routes) {
      if (route.VpcPeeringConnectionId == id) return route.State;
    }
    return std::string("no route");
  };
  EXPECT_EQ(peer_route_state(), "active");

  must_inject(world, {.kind = "partition",
                      .region = kWest,
                      .peer_region = kEast,
                      .duration = std::chrono::minutes(5)});
  EXPECT_EQ(peer_route_state(), "blackhole") << "a partition left the peering route active";
  aws::DescribeRouteTablesRequest blackholed;
  blackholed.Filters = {{"route.state", {"blackhole"}}, {"vpc-id", {east}}};
  EXPECT_EQ(ec2.DescribeRouteTables(kEast, blackholed)->RouteTables.size(), 1u);
  // Each side still serves its own callers.
  EXPECT_TRUE(ec2.DescribeVpcs(kWest, {}).ok());
  const auto& book = world.cloud.core().faults;
  EXPECT_FALSE(book.replication_allowed("rds", kEast, kWest, world.clock.now()));
  world.clock.advance(5min);
  EXPECT_EQ(peer_route_state(), "active") << "the route stayed a blackhole after the partition";
  EXPECT_TRUE(book.replication_allowed("rds", kEast, kWest, world.clock.now()));
}

TEST(FakeFaults, HalfProbabilityFailsAboutHalfDeterministicallyForASeed) {
  auto failures = [](std::uint64_t clock_seed) {
    VirtualClock clock(VirtualClock::default_start(), clock_seed);
    fake::FakeCloud cloud(clock);
    auto once = connect(clock, std::make_shared<fake::InProcessTransport>(cloud), 1);
    aws::StsClient sts(*once);
    auto id = fake::inject(cloud, {.kind = "api-error",
                                   .service = "sts",
                                   .probability = 0.5,
                                   .code = "Throttling"});
    EXPECT_TRUE(id.ok());
    int failed = 0;
    for (int i = 0; i < 1000; ++i) {
      auto r = sts.GetCallerIdentity(kEast);
      if (!r.ok()) {
        EXPECT_EQ(r.error().code, "Throttling");
        ++failed;
      }
    }
    return failed;
  };
  const int a = failures(1);
  EXPECT_GT(a, 450);
  EXPECT_LT(a, 550);
  EXPECT_EQ(failures(1), a) << "the same seed gave another run";
  const int b = failures(2);
  EXPECT_GT(b, 450);
  EXPECT_LT(b, 550);
  EXPECT_NE(b, a) << "the seed does not drive the draws";
}

TEST(FakeFaults, BadSpecsAreRejectedNamingTheField) {
  FakeWorld world;
  auto rejected = [&](const FaultSpec& spec, std::string_view field) {
    auto r = fake::inject(world.cloud, spec);
    if (r.ok()) return ::testing::AssertionFailure() << "accepted as " << *r;
    if (r.error().kind != ErrorKind::kInvalidInput) {
      return ::testing::AssertionFailure() << "wrong kind: " << r.error().describe();
    }
    if (!r.error().message.starts_with(std::string(field) + ":")) {
      return ::testing::AssertionFailure() << "does not name " << field << ": " << r.error().message;
    }
    return ::testing::AssertionSuccess() << r.error().message;
  };
  EXPECT_TRUE(rejected({.kind = "meteor"}, "kind"));
  EXPECT_TRUE(rejected({.kind = "region-outage"}, "region"));
  EXPECT_TRUE(rejected({.kind = "region-outage", .region = "mars-north-1"}, "region"));
  EXPECT_TRUE(rejected({.kind = "partition", .region = kEast}, "peer_region"));
  EXPECT_TRUE(rejected({.kind = "partition", .region = kEast, .peer_region = kEast}, "peer_region"));
  EXPECT_TRUE(rejected({.kind = "api-error", .probability = 1.5}, "probability"));
  EXPECT_TRUE(rejected({.kind = "api-error", .probability = -0.1}, "probability"));
  EXPECT_TRUE(rejected({.kind = "api-error", .status = 200}, "status"));
  EXPECT_TRUE(rejected({.kind = "api-error", .status = 600}, "status"));
  EXPECT_TRUE(rejected({.kind = "api-error", .status = 404}, "code"));
  EXPECT_TRUE(rejected({.kind = "api-error", .service = "iam"}, "service"));
  EXPECT_TRUE(rejected({.kind = "replication-pause", .service = "sns"}, "service"));
  EXPECT_TRUE(rejected({.kind = "latency"}, "latency_ms"));
  EXPECT_TRUE(rejected({.kind = "latency", .code = "Throttling", .latency = 1s}, "code"));
  EXPECT_TRUE(rejected({.kind = "region-outage", .region = kEast, .operation = "PutItem"},
                       "operation"));
  EXPECT_TRUE(rejected({.kind = "api-error", .duration = 0s}, "duration_seconds"));
  EXPECT_TRUE(world.cloud.core().faults.all().empty()) << "a rejected spec was added";

  // The admin endpoint's JSON: wrong types, unknown fields, the index in a list.
  auto json_error = [&](std::string_view body) {
    auto r = fake::inject_json(world.cloud, body);
    return r.ok() ? std::string("accepted") : r.error().message;
  };
  EXPECT_EQ(json_error("{\"kind\": \"api-error\", \"probabilty\": 0.5}").rfind("probabilty:", 0), 0u);
  EXPECT_EQ(json_error("{\"kind\": \"api-error\", \"status\": \"503\"}").rfind("status:", 0), 0u);
  EXPECT_EQ(json_error("{\"region\": \"us-east-1\"}").rfind("kind:", 0), 0u);
  EXPECT_EQ(json_error("not json").rfind("body:", 0), 0u);
  EXPECT_EQ(json_error("[]").rfind("body:", 0), 0u);
  EXPECT_EQ(json_error("[{\"kind\": \"region-outage\", \"region\": \"us-east-1\"},"
                       " {\"kind\": \"api-error\", \"probability\": 2}]")
                .rfind("faults[1].probability:", 0),
            0u);
  EXPECT_TRUE(world.cloud.core().faults.all().empty()) << "half a bad list was injected";
}

TEST(FakeFaults, JsonRoundTripsAndListsRemainingTime) {
  FakeWorld world;
  auto ids = fake::inject_json(
      world.cloud,
      R"([{"kind":"api-error","service":"dynamodb","operation":"PutItem","region":"us-east-1",
           "probability":0.5,"code":"ThrottlingException","status":400,"duration_seconds":60},
          {"kind":"latency","service":"s3","latency_ms":150},
          {"kind":"replication-pause","service":"rds","region":"us-east-1","peer_region":"us-west-2"}])");
  ASSERT_TRUE(ids.ok()) << ids.error().describe();
  EXPECT_EQ(*ids, (std::vector<std::string>{"fault-1", "fault-2", "fault-3"}));
  world.clock.advance(20s);
  auto faults = fake::list_faults(world.cloud);
  ASSERT_EQ(faults.size(), 3u);
  nlohmann::json first = fake::fault_to_json(faults[0], world.clock.now());
  EXPECT_EQ(first["remaining_seconds"], 40.0);
  EXPECT_EQ(first["code"], "ThrottlingException");
  EXPECT_EQ(first["probability"], 0.5);
  EXPECT_EQ(first["duration_seconds"], 60.0);
  EXPECT_TRUE(fake::fault_to_json(faults[1], world.clock.now())["remaining_seconds"].is_null());
  EXPECT_EQ(fake::fault_to_json(faults[1].spec)["latency_ms"], 150.0);
  auto again = fake::fault_from_json(fake::fault_to_json(faults[0].spec));
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(fake::fault_to_json(*again), fake::fault_to_json(faults[0].spec));
  EXPECT_FALSE(world.cloud.core().faults.replication_allowed("rds", kEast, kWest, world.clock.now()));
  world.clock.advance(40s);
  EXPECT_EQ(fake::list_faults(world.cloud).size(), 2u) << "the 60 s fault outlived its duration";
}

TEST(FakeFaults, FaultsSurviveSaveAndLoadAndResetClearsThem) {
  FakeWorld world;
  must_inject(world, {.kind = "region-outage", .region = kWest, .duration = 90s});
  must_inject(world, {.kind = "api-error", .service = "sns", .probability = 0.25,
                      .code = "Throttling", .message = "Rate exceeded"});
  world.clock.advance(30s);
  const std::string saved = world.cloud.save_state();

  FakeWorld other;
  ASSERT_TRUE(other.cloud.load_state(saved).ok());
  EXPECT_EQ(other.cloud.save_state(), saved);
  auto loaded = fake::list_faults(other.cloud);
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[0].id, "fault-1");
  EXPECT_EQ(fake::fault_to_json(loaded[1].spec), fake::fault_to_json(fake::list_faults(world.cloud)[1].spec));
  auto once = connect(other, 1);
  aws::DynamoDbClient ddb(*once);
  EXPECT_FALSE(ddb.ListTables(kWest, {}).ok()) << "the outage did not survive the reload";
  other.clock.advance(60s);
  EXPECT_TRUE(ddb.ListTables(kWest, {}).ok()) << "the reloaded outage lost its end";
  EXPECT_EQ(must_inject(other, {.kind = "latency", .latency = 1ms}), "fault-3")
      << "ids restarted after a reload";

  auto bad = other.cloud.load_state(R"({"format":"drharness-fake-state","version":1,
      "services":{},"faults":{"faults":[{"id":"fault-1","kind":"meteor","start_ns":0}]}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("meteor"), std::string::npos) << bad.error().message;

  world.cloud.reset();
  EXPECT_TRUE(world.cloud.core().faults.all().empty());
  EXPECT_EQ(must_inject(world, {.kind = "latency", .latency = 1ms}), "fault-1");
}

}  // namespace
}  // namespace drh::testing
