// AWS credentials and the provider chain that finds them.
//
// Each source is a small provider in its own file; DefaultChain() tries them in the
// order the AWS SDKs use. Nothing here ever prints a secret key or session token: use
// Credentials::describe() or redact_access_key() for display.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "drh/core/clock.h"
#include "drh/core/result.h"

namespace drh {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;            ///< empty when not temporary
  std::optional<TimePoint> expiration;  ///< set by sources that issue temporary keys
  std::string source;                   ///< where they came from, e.g. "environment"

  /// "AKIA****WXYZ from environment": safe to print.
  std::string describe() const;
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  /// A found credential, an Error with kind kCredentials and code "CredentialsNotFound"
  /// when this source has nothing, or another code when the source exists but is broken
  /// (malformed file, failing credential_process): broken sources stop the chain.
  virtual Result<Credentials> resolve() = 0;
  /// Human description of where this provider looks, e.g. "environment variables
  /// AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY".
  virtual std::string where() const = 0;
};

/// Fixed credentials given on the command line or in code. An empty access key id means
/// "not found"; a key id without a secret is a broken source.
std::unique_ptr<CredentialsProvider> MakeStaticProvider(Credentials creds);
/// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, read at each resolve().
/// A key id without a secret is a broken source (code "IncompleteCredentials").
std::unique_ptr<CredentialsProvider> MakeEnvironmentProvider();

struct ProfileProviderOptions {
  /// Limit for a profile's `credential_process` command (wall-clock time).
  std::chrono::milliseconds process_timeout{30000};
};

/// The shared credentials file and config file for `profile` (empty: AWS_PROFILE, then
/// "default"), including `credential_process`. Files from AWS_SHARED_CREDENTIALS_FILE and
/// AWS_CONFIG_FILE, else ~/.aws/credentials and ~/.aws/config, read at each resolve().
///
/// Precedence, as in the AWS CLI: static keys in the credentials file, then the profile's
/// `credential_process` (from either file; the credentials file wins), then static keys
/// in the config file. Not found (code "CredentialsNotFound") when neither file has the
/// profile and the profile was not named explicitly. Broken (stops a chain): a malformed
/// file ("MalformedProfileFile", with file:line), an explicitly named profile that exists
/// nowhere ("ProfileNotFound"), a key id without a secret ("IncompleteCredentials"), a
/// failing credential_process ("CredentialProcess..."), or a profile that only has
/// settings drharness cannot use, such as role_arn or sso_* ("UnsupportedProfile").
std::unique_ptr<CredentialsProvider> MakeProfileProvider(std::string profile = "",
                                                         Clock* clock = nullptr);
std::unique_ptr<CredentialsProvider> MakeProfileProvider(std::string profile, Clock* clock,
                                                         ProfileProviderOptions options);

/// Tries each provider in order: one answering "CredentialsNotFound" is skipped, any other
/// error stops the chain and is returned as is. Caches the credentials found until five
/// minutes before their expiration (for ever when they have none), on `clock` (the
/// system clock when null). When none finds credentials, the error (kCredentials,
/// "CredentialsNotFound") names every place looked. Thread-safe.
class CredentialsChain final : public CredentialsProvider {
 public:
  /// How long before expiration cached credentials are fetched again.
  static constexpr std::chrono::minutes kRefreshBefore{5};

  explicit CredentialsChain(std::vector<std::unique_ptr<CredentialsProvider>> providers,
                            Clock* clock = nullptr);
  Result<Credentials> resolve() override;
  std::string where() const override;
  /// Forgets the cached credentials, e.g. after the service rejected them.
  void invalidate();

 private:
  std::vector<std::unique_ptr<CredentialsProvider>> providers_;
  Clock* clock_;
  mutable std::mutex mutex_;
  std::optional<Credentials> cached_;
};

/// environment -> profile files (with credential_process). As in the AWS SDKs, a profile
/// named explicitly here (e.g. from --profile) skips the environment variables, so the
/// named profile is what gets used; AWS_PROFILE does not.
std::unique_ptr<CredentialsChain> DefaultCredentialsChain(std::string profile = "",
                                                          Clock* clock = nullptr);

}  // namespace drh
