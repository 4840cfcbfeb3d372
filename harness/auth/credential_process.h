// Runs a profile's `credential_process` command and reads the credentials it prints.
// Internal to drh_auth.
//
// The command runs through /bin/sh -c with stdin from /dev/null; its stdout must be the
// JSON document the AWS CLI defines:
//   {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
//    "SessionToken": "...", "Expiration": "2024-05-01T12:00:00Z"}
// (SessionToken and Expiration optional). Its stderr is captured; a short excerpt, with
// anything that looks like a key masked, goes into the error when the command fails.
// Error messages never quote stdout, and show only the command's program name, since
// arguments may carry secrets.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "drh/auth/credentials.h"
#include "drh/core/clock.h"
#include "drh/core/result.h"

namespace drh::credential_process {

struct Options {
  /// Wall-clock limit for the command; it is killed (with its process group) after this.
  std::chrono::milliseconds timeout{30000};
  /// Most bytes read from stdout or stderr before the command is treated as broken.
  std::size_t max_output = 1 << 20;
};

/// What the command did.
struct Output {
  int exit_status = -1;  ///< exit code, or -1 when killed by a signal or the timeout
  int signal = 0;        ///< signal number when killed by one
  bool timed_out = false;
  std::string out;
  std::string err;
};

/// Runs `command` with /bin/sh -c. Fails only when the command cannot be started at all.
Result<Output> run(const std::string& command, const Options& options);

/// Parses the command's JSON stdout. `profile` and `command` label errors.
Result<Credentials> parse_output(std::string_view json, std::string_view profile,
                                 std::string_view command);

/// Runs and parses: the credentials, or a kCredentials error with code
/// "CredentialProcessFailed" / "CredentialProcessTimeout" / "CredentialProcessInvalidOutput"
/// naming the profile. Credentials whose Expiration is not after `clock.now()` are an error.
Result<Credentials> fetch(const std::string& command, std::string_view profile, Clock& clock,
                          const Options& options = {});

/// "2024-05-01T12:00:00Z", with optional fractional seconds and a Z or +hh:mm offset.
std::optional<TimePoint> parse_iso8601(std::string_view text);

/// The command's program name for messages: "aws" for "aws configure export-credentials".
std::string program_name(std::string_view command);

/// A short excerpt of stderr fit for an error message: first lines, at most ~200
/// characters, with access-key-like and long token-like words replaced by "<redacted>".
std::string safe_excerpt(std::string_view text);

}  // namespace drh::credential_process
