// The validation framework: policy files, globs, the runner's ordering, policy skips and
// concurrency, and outcomes that never pass on nothing.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>

#include "drh/auth/credentials.h"
#include "drh/validate/check.h"
#include "drh/validate/clients.h"
#include "validate_world.h"

namespace drh::validate {
namespace {

TEST(Glob, MatchesLikeAShell) {
  EXPECT_TRUE(glob_match("networking.*", "networking.peering-active"));
  EXPECT_TRUE(glob_match("*", "x"));
  EXPECT_TRUE(glob_match("*.peering-*", "networking.peering-routes"));
  EXPECT_TRUE(glob_match("data?ase.x", "database.x"));
  EXPECT_FALSE(glob_match("routing.*", "networking.peering-active"));
  EXPECT_FALSE(glob_match("networking", "networking.peering-active"));
}

TEST(PolicyFile, ReadsEveryKeyAndRejectsMistakes) {
  auto p = parse_policy(R"({"max_replication_lag_ms": 500, "min_backup_retention_days": 14,
    "deletion_protection": "required", "checks": {"compute.*": "skip", "compute.lambda-exists": "run"},
    "required_alarms": ["a"], "allowed_accounts": ["123456789012"], "rto_seconds": 60,
    "allow_data_loss": true})",
                        "p.json");
  ASSERT_TRUE(p.ok()) << p.error().describe();
  EXPECT_EQ(p->max_replication_lag_ms, 500);
  EXPECT_EQ(p->min_backup_retention_days, 14);
  EXPECT_EQ(p->deletion_protection, "required");
  EXPECT_EQ(p->rto_seconds, 60);
  EXPECT_TRUE(p->allow_data_loss);
  EXPECT_FALSE(Policy{}.allow_data_loss) << "a real account loses no data unless the policy says";
  EXPECT_TRUE(p->set_by_file("min_backup_retention_days"));
  EXPECT_FALSE(p->set_by_file("rpo_seconds"));
  std::string by;
  EXPECT_TRUE(p->skipped("compute.lambda-invoke", &by));
  EXPECT_EQ(by, "compute.*");
  EXPECT_FALSE(p->skipped("compute.lambda-exists"));  // last match wins
  EXPECT_FALSE(p->skipped("networking.peering-active"));

  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {R"({"max_replication_lag": 5})", "p.json: max_replication_lag: unknown key"},
      {R"({"max_replication_lag_ms": "5"})", "p.json: max_replication_lag_ms: must be a number"},
      {R"({"min_backup_retention_days": 40})", "must be between 1 and 35"},
      {R"({"deletion_protection": "yes"})", "\"required\", \"forbidden\" or \"any\""},
      {R"({"checks": {"x": "maybe"}})", "p.json: checks.x: must be \"run\" or \"skip\""},
      {R"({"allowed_accounts": ["12"]})", "'12' is not a 12-digit account id"},
      {R"({"allow_data_loss": "yes"})", "p.json: allow_data_loss: must be true or false"},
      {R"({"s3_rtc_minutes": 10})", "s3_rtc_minutes: must be between 15 and 15"},
      {R"([1])", "a policy is a JSON object"},
      {"{\n \"rto_seconds\": ,\n}", "p.json:2:"},
  };
  for (const auto& c : cases) {
    auto bad = parse_policy(c.text, "p.json");
    ASSERT_FALSE(bad.ok()) << c.text;
    EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
    EXPECT_NE(bad.error().message.find(c.message), std::string::npos)
        << c.text << " -> " << bad.error().message;
  }
  EXPECT_FALSE(load_policy("/nonexistent/policy.json").ok());
}

TEST(Checks, IdsAreUniqueAndNamedByArea) {
  std::set<std::string> ids;
  for (const auto& c : all_checks()) {
    EXPECT_TRUE(ids.insert(c.id).second) << "duplicate " << c.id;
    EXPECT_TRUE(c.id.starts_with(c.area + ".")) << c.id;
    EXPECT_FALSE(c.title.empty()) << c.id;
    EXPECT_TRUE(c.run) << c.id;
  }
}

TEST(Runner, PolicySkipsAreNamedAndOrderIsStable) {
  testing::ValidateWorld world("003");
  world.policy.checks = {{"*", "skip"}};
  world.policy.source = "strict.json";
  std::atomic<int> seen{0};
  RunOptions options;
  options.concurrency = 4;
  options.on_result = [&](const CheckResult&) { ++seen; };
  auto results = run_checks(world.context(), options);
  ASSERT_EQ(results.size(), all_checks().size());
  EXPECT_EQ(seen.load(), static_cast<int>(results.size()));
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].check, &all_checks()[i]);
    EXPECT_EQ(results[i].outcome.verdict, Verdict::kSkipped);
    EXPECT_NE(results[i].outcome.message.find("strict.json: \"*\": \"skip\""), std::string::npos)
        << results[i].outcome.message;
  }
  RunOptions filtered;
  filtered.filters = {"networking.*"};
  world.policy.checks.clear();
  for (const auto& r : run_checks(world.context(), filtered)) {
    EXPECT_EQ(r.check->area, "networking");
  }
}

// Counts the calls that reach the fake, by operation (Query Action= or JSON X-Amz-Target).
class CountingTransport final : public Transport {
 public:
  explicit CountingTransport(fake::FakeCloud& cloud) : inner_(cloud) {}
  Result<HttpResponse> send(const HttpRequest& r) override {
    std::string op;
    if (auto target = r.headers.get("X-Amz-Target")) {
      op = std::string(target->substr(target->rfind('.') + 1));
    } else if (auto at = r.body.find("Action="); at != std::string::npos) {
      op = r.body.substr(at + 7, r.body.find('&', at) - at - 7);
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      ++calls[op];
    }
    return inner_.send(r);
  }
  std::mutex mutex;
  std::map<std::string, int> calls;

 private:
  fake::InProcessTransport inner_;
};

// Without a read cache, every call a check makes reaches the target: the run still asks
// for the global cluster once, each member cluster once and each alarm once, though
// every database check looks at them and four monitoring checks at each alarm.
TEST(Runner, ChecksShareWhatTheyReadOncePerRun) {
  testing::ValidateWorld world("003");
  auto counting = std::make_shared<CountingTransport>(world.cloud);
  Credentials creds;
  creds.access_key_id = "AKIAVALIDATETEST0002";
  creds.secret_access_key = "validate-test-secret";
  creds.source = "test";
  ConnectionOptions options;
  options.endpoint.explicit_url = "http://127.0.0.1:4566";
  options.endpoint.use_env = false;
  AwsConnection connection(counting, MakeStaticProvider(creds), world.clock, options);
  ClientSet client_set(connection);
  CheckContext context{world.deployment, &world.stack, world.policy, client_set.clients,
                       world.clock};
  RunOptions run;
  run.filters = {"database.*", "monitoring.*"};
  int database = 0, passed = 0;
  for (const auto& r : run_checks(context, run)) {
    database += r.check->area == "database" ? 1 : 0;
    passed += r.outcome.verdict == Verdict::kPass ? 1 : 0;
  }
  ASSERT_GE(database, 5);
  ASSERT_GE(world.stack.alarms.size(), 1u) << "the alarm count below would prove nothing";
  EXPECT_GE(passed, 8);
  EXPECT_EQ(counting->calls["DescribeGlobalClusters"], 1);
  EXPECT_EQ(counting->calls["DescribeDBClusters"], 2) << "one per member cluster";
  EXPECT_EQ(counting->calls["DescribeAlarms"], static_cast<int>(world.stack.alarms.size()))
      << "one per alarm the stack names";
}

TEST(Runner, AGoodSeedStackPassesEveryCheckThatApplies) {
  for (const char* name : {"000", "001", "002", "003", "004"}) {
    testing::ValidateWorld world(name);
    for (const auto& r : run_checks(world.context(), RunOptions{})) {
      EXPECT_TRUE(r.outcome.verdict == Verdict::kPass || r.outcome.verdict == Verdict::kSkipped)
          << name << " " << r.check->id << ": " << to_string(r.outcome.verdict) << " "
          << r.outcome.message;
      if (r.outcome.verdict == Verdict::kSkipped) {
        EXPECT_FALSE(r.outcome.message.empty()) << name << " " << r.check->id << " skipped silently";
      }
    }
  }
}

}  // namespace
}  // namespace drh::validate
