#include "target.h"

#include <fmt/core.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "drh/auth/credentials.h"
#include "drh/net/curl_transport.h"

namespace drh::cli {

std::string drh_home() {
  if (const char* env = std::getenv("DRH_HOME"); env && *env) return env;
  return ".drh";
}
std::string default_state_path() { return drh_home() + "/fake-state.json"; }
std::string default_ledger_path(const std::string& stack) {
  return drh_home() + "/" + stack + ".ledger.json";
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid_input("cannot read '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<fixtures::Ledger> read_ledger(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid_input("no ledger at '" + path + "': was the stack brought up with drh up?");
  std::stringstream ss;
  ss << in.rdbuf();
  return fixtures::ledger_from_json(ss.str(), path);
}

bool is_loopback_url(const std::string& url) {
  std::string_view rest = url;
  if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else {
    return false;
  }
  std::string host;
  if (rest.starts_with("[")) {
    host = std::string(rest.substr(0, rest.find(']') + 1));
  } else {
    host = std::string(rest.substr(0, rest.find_first_of(":/?")));
  }
  if (host == "localhost" || host == "[::1]") return true;
  if (!host.starts_with("127.")) return false;
  // 127.a.b.c only: digits and dots, no name that merely starts with "127.".
  return host.find_first_not_of("0123456789.") == std::string::npos &&
         std::count(host.begin(), host.end(), '.') == 3;
}

namespace {

// Test worlds need no real credentials: the environment's when set (drh serve
// --verify-signatures checks them), else fixed test keys.
std::shared_ptr<CredentialsProvider> test_credentials() {
  const char* id = std::getenv("AWS_ACCESS_KEY_ID");
  const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
  Credentials creds;
  if (id && *id && secret && *secret) {
    creds.access_key_id = id;
    creds.secret_access_key = secret;
    if (const char* token = std::getenv("AWS_SESSION_TOKEN"); token && *token) creds.session_token = token;
    creds.source = "environment";
  } else {
    creds.access_key_id = "AKIAIOSFODNN7EXAMPLE";
    creds.secret_access_key = "drh-test-world-secret";
    creds.source = "drh test-world keys";
  }
  return MakeStaticProvider(creds);
}

HttpRequest admin_request(const std::string& base, const std::string& method, const std::string& path) {
  HttpRequest r;
  r.method = method;
  r.scheme = base.substr(0, base.find("://"));
  r.host = base.substr(base.find("://") + 3);
  r.path = path;
  return r;
}

// drh serve's virtual clock, over its admin API.
class ServeClock final : public Clock {
 public:
  ServeClock(std::shared_ptr<Transport> transport, std::string base, bool manual,
             double time_scale)
      : transport_(std::move(transport)),
        base_(std::move(base)),
        manual_(manual),
        time_scale_(time_scale > 0 ? time_scale : 1.0) {}

  TimePoint now() const override {
    auto answer = transport_->send(admin_request(base_, "GET", "/_drh/clock"));
    if (answer && answer->status == 200) {
      auto doc = nlohmann::json::parse(answer->body, nullptr, false);
      if (doc.is_object() && doc.contains("epoch_ms") && doc["epoch_ms"].is_number()) {
        return TimePoint{} + std::chrono::milliseconds(doc["epoch_ms"].get<long long>());
      }
    }
    return SystemClock::instance().now();  // the server went away: callers will see why
  }
  void sleep_for(Duration d) override {
    if (!manual_) {
      // The server's time runs time_scale times faster than the wall's: a virtual wait of
      // d passes in d / time_scale.
      SystemClock::instance().sleep_for(std::chrono::duration_cast<Duration>(d / time_scale_));
      return;
    }
    HttpRequest advance = admin_request(base_, "POST", "/_drh/clock/advance");
    advance.headers.add("Content-Type", "application/json");
    advance.body = fmt::format("{{\"seconds\": {}}}", std::chrono::duration<double>(d).count());
    (void)transport_->send(advance);
  }

 private:
  std::shared_ptr<Transport> transport_;
  std::string base_;
  bool manual_;
  double time_scale_;
};

std::shared_ptr<Transport> admin_transport(const AwsOptions& aws) {
  CurlOptions curl;
  curl.connect_timeout = std::chrono::milliseconds(aws.connect_timeout_ms);
  curl.total_timeout = std::chrono::milliseconds(aws.timeout_ms);
  curl.user_agent = "drharness/" DRH_VERSION;
  return std::make_shared<CurlTransport>(curl);
}

}  // namespace

namespace {

// drh serve's clock from its health answer, or nullptr when the answer is not drh serve's.
std::unique_ptr<Clock> clock_from_health(std::shared_ptr<Transport> transport,
                                         const std::string& base, const HttpResponse& answer) {
  if (answer.status != 200) return nullptr;
  auto doc = nlohmann::json::parse(answer.body, nullptr, false);
  if (!doc.is_object() || !doc.contains("clock") || !doc["clock"].is_object()) return nullptr;
  const auto& clock = doc["clock"];
  const bool manual = clock.value("mode", "") == "manual";
  const double scale = clock.contains("time_scale") && clock["time_scale"].is_number()
                           ? clock["time_scale"].get<double>()
                           : 1.0;
  return std::make_unique<ServeClock>(std::move(transport), base, manual, scale);
}

// drh serve's faults, over its admin API.
class ServeFaults final : public drill::FaultControl {
 public:
  ServeFaults(std::shared_ptr<Transport> transport, std::string base)
      : transport_(std::move(transport)), base_(std::move(base)) {}

  Result<std::string> inject(const std::string& spec_json) override {
    HttpRequest post = admin_request(base_, "POST", "/_drh/faults");
    post.headers.add("Content-Type", "application/json");
    post.body = spec_json;
    auto answer = send(post);
    if (!answer) return answer.error();
    auto doc = nlohmann::json::parse(*answer, nullptr, false);
    if (!doc.is_object() || !doc.contains("ids") || !doc["ids"].is_array() || doc["ids"].empty() ||
        !doc["ids"][0].is_string()) {
      return invalid_input(base_ + "/_drh/faults answered without a fault id: " + *answer);
    }
    return doc["ids"][0].get<std::string>();
  }

  Status remove(const std::string& id) override {
    auto answer = transport_->send(admin_request(base_, "DELETE", "/_drh/faults/" + id));
    if (!answer) return answer.error();
    if (answer->status == 200 || answer->status == 404) return Ok{};  // 404: already gone
    return failed(*answer, "DELETE /_drh/faults/" + id);
  }

  Status remove_matching(const std::string& spec_json) override {
    auto listed = send(admin_request(base_, "GET", "/_drh/faults"));
    if (!listed) return listed.error();
    auto doc = nlohmann::json::parse(*listed, nullptr, false);
    if (!doc.is_object() || !doc.contains("faults") || !doc["faults"].is_array()) {
      return invalid_input(base_ + "/_drh/faults did not list faults: " + *listed);
    }
    for (const auto& f : doc["faults"]) {
      if (drill::fault_matches(spec_json, f.dump()) && f.contains("id") && f["id"].is_string()) {
        if (auto s = remove(f["id"].get<std::string>()); !s) return s;
      }
    }
    return Ok{};
  }

  std::string where() const override { return base_; }

 private:
  Result<std::string> send(const HttpRequest& request) {
    auto answer = transport_->send(request);
    if (!answer) return answer.error();
    if (answer->status / 100 != 2) return failed(*answer, request.method + " " + request.path);
    return answer->body;
  }
  Error failed(const HttpResponse& answer, const std::string& what) const {
    return make_error(ErrorKind::kAws, "FaultControlFailed",
                      base_ + ": " + what + " answered HTTP " + std::to_string(answer.status) +
                          ": " + answer.body.substr(0, 300));
  }

  std::shared_ptr<Transport> transport_;
  std::string base_;
};

}  // namespace

std::unique_ptr<Clock> serve_clock(const std::string& url, const AwsOptions& aws) {
  std::string base = url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (base.find("://") == std::string::npos) return nullptr;
  auto transport = admin_transport(aws);
  auto answer = transport->send(admin_request(base, "GET", "/_drh/health"));
  return answer ? clock_from_health(transport, base, *answer) : nullptr;
}

Status TestTarget::save() const {
  if (!in_process) return Ok{};
  std::error_code ec;
  auto parent = std::filesystem::path(state_path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  const std::string tmp = state_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << cloud->save_state();
    if (!out) return invalid_input("cannot write the fake's state to '" + tmp + "'");
  }
  std::filesystem::rename(tmp, state_path, ec);
  if (ec) return invalid_input("cannot replace '" + state_path + "': " + ec.message());
  return Ok{};
}

Result<TestTarget> open_test_target(
    const std::string& target, const std::string& state_path, bool fresh, const AwsOptions& aws,
    const std::function<std::shared_ptr<Transport>(std::shared_ptr<Transport>)>& wrap) {
  TestTarget t;
  t.name = target;
  ConnectionOptions conn;
  conn.retry.max_attempts = aws.max_attempts;
  conn.endpoint.use_env = false;  // the target is given; the environment must not move it
  if (target == "fake") {
    t.in_process = true;
    t.state_path = state_path;
    t.clock = std::make_unique<VirtualClock>();
    t.cloud = std::make_unique<fake::FakeCloud>(*t.clock);
    if (!fresh && std::filesystem::exists(state_path)) {
      auto text = read_file(state_path);
      if (!text) return text.error();
      if (auto loaded = t.cloud->load_state(*text); !loaded) {
        return invalid_input(state_path + ": not a saved fake world (" + loaded.error().message +
                             "); remove it or pass --fresh");
      }
    }
    conn.endpoint.explicit_url = "http://127.0.0.1:4566";  // names the fake's host; never dialled
    std::shared_ptr<Transport> transport = std::make_shared<fake::InProcessTransport>(*t.cloud);
    if (wrap) transport = wrap(std::move(transport));
    t.connection = std::make_unique<AwsConnection>(transport, test_credentials(), *t.clock, conn);
    VirtualClock* clock = t.clock.get();
    t.wait = [clock](Duration d) { clock->advance(d); };
    return t;
  }
  if (!is_loopback_url(target)) {
    return invalid_input("--target " + target +
                         ": test worlds are built only in the built-in fake ('fake') or at an "
                         "endpoint on loopback (http://127.0.0.1:<port>, http://localhost:<port>); "
                         "never in a real account");
  }
  auto transport = admin_transport(aws);
  std::string base = target;
  while (!base.empty() && base.back() == '/') base.pop_back();
  conn.endpoint.explicit_url = base;
  conn.s3_force_path_style = true;
  t.connection = std::make_unique<AwsConnection>(transport, test_credentials(),
                                                 SystemClock::instance(), conn);
  t.wait = [](Duration d) { SystemClock::instance().sleep_for(d); };

  // Reachable at all? Then waiting follows drh serve's clock when it is one; one request
  // answers both (an emulator that is not drh serve answers 404).
  auto answer = transport->send(admin_request(base, "GET", "/_drh/health"));
  if (!answer) {
    return make_error(answer.error().kind, answer.error().code,
                      "cannot reach " + target + ": " + answer.error().message);
  }
  if (auto clock = clock_from_health(transport, base, *answer)) {
    std::shared_ptr<Clock> shared = std::move(clock);
    t.wait = [shared](Duration d) { shared->sleep_for(d); };
  }
  return t;
}

std::unique_ptr<drill::FaultControl> serve_faults(const std::string& url, const AwsOptions& aws) {
  std::string base = url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (base.find("://") == std::string::npos) return nullptr;
  auto transport = admin_transport(aws);
  auto answer = transport->send(admin_request(base, "GET", "/_drh/health"));
  if (!answer || !clock_from_health(transport, base, *answer)) return nullptr;
  return std::make_unique<ServeFaults>(std::move(transport), std::move(base));
}

}  // namespace drh::cli
