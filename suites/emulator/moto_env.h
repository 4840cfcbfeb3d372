// The moto_server the emulator tests talk to, and connections to it.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "drh/client/connection.h"
#include "server_process.h"

namespace drh::testing {

/// URL of the running moto_server, or "" when none could be had (tests then skip, or
/// fail under CI=true, with the reason from moto_unavailable_reason()).
const std::string& moto_url();
const std::string& moto_unavailable_reason();

/// A real connection (CurlTransport + SigV4 + standard retry) to moto_server.
std::unique_ptr<AwsConnection> moto_connection();

/// Builds, sends and decodes one operation through the generic codec.
Result<nlohmann::json> moto_call(AwsConnection& connection, std::string_view service,
                                 std::string_view operation, const nlohmann::json& params,
                                 std::string_view region = "us-east-1");

/// A name unique to this process, for resources in the shared moto_server.
std::string unique_name(std::string_view prefix);

}  // namespace drh::testing

/// Skips (or fails under CI=true) when moto_server is not available.
#define DRH_REQUIRE_MOTO()                                                          \
  do {                                                                              \
    if (::drh::testing::moto_url().empty()) {                                       \
      if (::drh::testing::running_in_ci()) {                                        \
        FAIL() << "moto_server unavailable in CI: "                                 \
               << ::drh::testing::moto_unavailable_reason();                        \
      }                                                                             \
      GTEST_SKIP() << "moto_server unavailable: "                                   \
                   << ::drh::testing::moto_unavailable_reason();                    \
    }                                                                               \
  } while (0)
