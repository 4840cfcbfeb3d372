// Result<T> and Error: how every drharness operation reports failure.
//
// Library code never throws across a component boundary. An operation returns a
// Result<T> holding either its value or an Error; the CLI's main() and the GoogleTest
// glue are the only places that turn an Error into an exit code or a test failure.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace drh {

/// What went wrong, coarsely: decides the CLI exit code and whether a retry can help.
enum class ErrorKind {
  kNetwork,       ///< connection refused/reset, DNS, TLS: the request may not have arrived.
  kTimeout,       ///< connect or total timeout, or a waiter's deadline passed.
  kHttp,          ///< an HTTP error status whose body was not an AWS error document.
  kAws,           ///< a well-formed AWS error (code + message), e.g. DBClusterNotFoundFault.
  kInvalidInput,  ///< bad arguments, malformed files, missing outputs: the caller's mistake.
  kCredentials,   ///< no credentials found, or a credential source is broken.
  kDecode,        ///< the service answered 2xx but the body could not be decoded.
  kInternal,      ///< a bug in drharness itself.
};

/// Stable lower-case name of a kind ("network", "aws", ...), used in messages and JSON.
const char* to_string(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;     ///< AWS error code or a drharness code such as "ConnectionRefused".
  std::string message;  ///< Human-readable; never contains secrets.
  int http_status = 0;  ///< 0 when no HTTP response was received.
  std::string request_id;
  bool retryable = false;

  /// "aws error DBClusterNotFoundFault (HTTP 404): DBCluster x not found [request-id: ...]".
  std::string describe() const;
};

/// Process exit codes shared by every `drh` command (documented in README.md).
enum ExitCode : int {
  kExitOk = 0,
  kExitFailed = 1,      ///< an AWS error or a failed check
  kExitBadInput = 2,    ///< bad input or usage
  kExitUnreachable = 3, ///< network error or timeout
  kExitRolledBack = 4,  ///< a drill aborted and rolled back
};

/// The exit code a CLI command should use when it ends with this error.
int exit_code_for(const Error& error);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}       // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}   // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

/// Result of an operation that yields nothing but success.
struct Ok {};
using Status = Result<Ok>;

inline Error make_error(ErrorKind kind, std::string code, std::string message) {
  Error e;
  e.kind = kind;
  e.code = std::move(code);
  e.message = std::move(message);
  return e;
}

inline Error invalid_input(std::string message) {
  return make_error(ErrorKind::kInvalidInput, "InvalidInput", std::move(message));
}

}  // namespace drh
