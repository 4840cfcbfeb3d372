#include "moto_env.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>

#include "drh/core/endpoints.h"
#include "drh/net/curl_transport.h"
#include "drh/protocol/generic.h"
#include "server_process.h"

namespace drh::testing {

namespace {

struct MotoState {
  std::string url;
  std::string reason;
  ServerProcess own;  // only when this binary had to start its own
};

MotoState& state() {
  static MotoState s;
  return s;
}

// Under ctest the "moto" fixture started one server and wrote its URL; a binary run by
// hand starts its own.
class MotoEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    MotoState& s = state();
    if (const char* dir = std::getenv("DRH_MOTO_STATE_DIR")) {
      std::ifstream in(std::string(dir) + "/url");
      if (in && std::getline(in, s.url) && !s.url.empty()) return;
    }
    if (!program_on_path("moto_server")) {
      s.reason = "moto_server is not on PATH";
      return;
    }
    int port = free_loopback_port();
    std::string log = "/tmp/drh-moto-" + std::to_string(::getpid()) + ".log";
    std::string error;
    if (!s.own.start({"moto_server", "-H", "127.0.0.1", "-p", std::to_string(port)}, port, log,
                     std::chrono::seconds(30), error)) {
      s.reason = error;
      return;
    }
    s.url = s.own.url();
  }
  void TearDown() override { state().own.stop(); }
};

[[maybe_unused]] ::testing::Environment* const kMotoEnvironment =
    ::testing::AddGlobalTestEnvironment(new MotoEnvironment);

}  // namespace

const std::string& moto_url() { return state().url; }
const std::string& moto_unavailable_reason() { return state().reason; }

std::unique_ptr<AwsConnection> moto_connection() {
  CurlOptions curl;
  curl.connect_timeout = std::chrono::seconds(5);
  curl.total_timeout = std::chrono::seconds(60);
  ConnectionOptions options;
  options.endpoint.explicit_url = moto_url();
  options.endpoint.use_env = false;
  options.s3_force_path_style = true;
  Credentials creds;
  creds.access_key_id = "AKIAEMULATORTEST0001";
  creds.secret_access_key = "emulator-secret-key-not-a-real-secret";
  creds.source = "test";
  return std::make_unique<AwsConnection>(std::make_shared<CurlTransport>(curl),
                                         MakeStaticProvider(creds), SystemClock::instance(),
                                         options);
}

Result<nlohmann::json> moto_call(AwsConnection& connection, std::string_view service,
                                 std::string_view operation, const nlohmann::json& params,
                                 std::string_view region) {
  auto info = find_service(service);
  if (!info) return info.error();
  auto request = build_generic_request(**info, operation, params);
  if (!request) return request.error();
  std::string bucket;
  if ((*info)->id == "s3" && params.contains("Bucket")) bucket = params["Bucket"];
  auto response = connection.send(**info, region, std::move(*request), bucket);
  if (!response) return response.error();
  return decode_generic_response(**info, operation, *response);
}

std::string unique_name(std::string_view prefix) {
  static std::atomic<int> counter{0};
  return std::string(prefix) + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(counter++);
}

}  // namespace drh::testing
