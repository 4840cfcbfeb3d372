// Outcomes and the runner: the parts of validation every area shares.
#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

#include "drh/validate/check.h"
#include "run_memo.h"
#include "stack_refs.h"

namespace drh::validate {

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "PASS";
    case Verdict::kFail:
      return "FAIL";
    case Verdict::kSkipped:
      return "SKIPPED";
    case Verdict::kError:
      return "ERROR";
  }
  return "ERROR";
}

Outcome pass(std::string resource, std::string message) {
  return Outcome{Verdict::kPass, std::move(message), std::move(resource), {}, {}};
}
Outcome fail(std::string resource, std::string message) {
  return Outcome{Verdict::kFail, std::move(message), std::move(resource), {}, {}};
}
Outcome skipped(std::string reason) {
  return Outcome{Verdict::kSkipped, std::move(reason), {}, {}, {}};
}
Outcome missing_role(std::string_view role) {
  return skipped("the deployment's outputs name no " + std::string(role) +
                 " (not in this stack, or map it with --map " + std::string(role) + "=<key>)");
}
Outcome error(const Error& e, std::string_view doing, std::string resource) {
  Outcome o{Verdict::kError, std::string(doing) + ": " + e.describe(), std::move(resource), {}, {}};
  o.error_code = e.code.empty() ? to_string(e.kind) : e.code;
  return o;
}

const std::vector<Check>& all_checks() {
  static const std::vector<Check> checks = [] {
    std::vector<Check> all;
    for (auto* area : {&networking_checks, &database_checks, &replication_checks,
                       &monitoring_checks, &routing_checks, &compute_checks}) {
      for (auto& c : (*area)()) all.push_back(std::move(c));
    }
    return all;
  }();
  return checks;
}

bool Policy::skipped(std::string_view id, std::string* by) const {
  bool off = false;
  for (const auto& [pattern, action] : checks) {
    if (!glob_match(pattern, id)) continue;
    off = action == "skip";
    if (by) *by = pattern;
  }
  return off;
}

std::vector<CheckResult> run_checks(const CheckContext& given, const RunOptions& options) {
  // Many checks resolve the stack's references: once for the run, not once per check.
  CheckContext context = given;
  if (context.stack && !context.stack_refs) {
    context.stack_refs =
        std::make_shared<const detail::StackRefs>(*context.stack, context.deployment);
  }
  if (!context.memo) context.memo = std::make_shared<detail::RunMemo>();
  std::vector<const Check*> selected;
  for (const auto& c : all_checks()) {
    bool wanted = options.filters.empty();
    for (const auto& f : options.filters) wanted = wanted || f.empty() || glob_match(f, c.id);
    if (wanted) selected.push_back(&c);
  }
  std::vector<CheckResult> results(selected.size());
  std::atomic<std::size_t> next{0};
  std::mutex report;
  auto worker = [&] {
    while (true) {
      std::size_t i = next.fetch_add(1);
      if (i >= selected.size()) return;
      const Check& check = *selected[i];
      CheckResult& r = results[i];
      r.check = &check;
      auto started = std::chrono::steady_clock::now();
      std::string rule;
      if (context.policy.skipped(check.id, &rule)) {
        r.outcome = skipped("turned off by the policy (" + context.policy.source + ": \"" + rule +
                            "\": \"skip\")");
      } else {
        try {
          r.outcome = check.run(context);
        } catch (const std::exception& e) {
          r.outcome = Outcome{Verdict::kError, std::string("the check itself failed: ") + e.what(), {}, {},
                              "InternalError"};
        }
      }
      r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started);
      if (options.on_result) {
        std::lock_guard<std::mutex> lock(report);
        options.on_result(r);
      }
    }
  };
  int threads = std::clamp<int>(options.concurrency, 1, 32);
  threads = std::min<int>(threads, static_cast<int>(std::max<std::size_t>(selected.size(), 1)));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return results;
}

}  // namespace drh::validate
