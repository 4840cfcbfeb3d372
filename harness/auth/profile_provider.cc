#include <cstdlib>

#include "credential_process.h"
#include "drh/auth/credentials.h"
#include "drh/core/encoding.h"
#include "drh/core/redact.h"
#include "ini_file.h"

namespace drh {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(trim(v));
}

std::string value_of(const ini::Section* s, std::string_view key) {
  if (s == nullptr) return {};
  const std::string* v = s->get(key);
  return v == nullptr ? std::string() : std::string(trim(*v));
}

Error broken(std::string code, std::string message) {
  return make_error(ErrorKind::kCredentials, std::move(code), std::move(message));
}

// Settings of profiles that need a provider drharness does not have (assume-role, SSO,
// web identity).
constexpr std::string_view kUnsupportedKeys[] = {
    "role_arn", "web_identity_token_file", "sso_session", "sso_start_url", "sso_account_id",
};

class ProfileProvider final : public CredentialsProvider {
 public:
  ProfileProvider(std::string profile, Clock* clock, ProfileProviderOptions options)
      : profile_(std::move(profile)), clock_(clock), options_(options) {}

  Result<Credentials> resolve() override {
    const std::string profile = profile_name();
    const bool named = !profile_.empty() || !env("AWS_PROFILE").empty();
    const std::string cred_path = ini::credentials_file_path();
    const std::string config_path = ini::config_file_path();

    auto cred_file = ini::load(cred_path);
    if (!cred_file.ok()) return std::move(cred_file).error();
    auto config_file = ini::load(config_path);
    if (!config_file.ok()) return std::move(config_file).error();

    const ini::Section* cs = *cred_file ? ini::credentials_profile(**cred_file, profile) : nullptr;
    const ini::Section* cfg = *config_file ? ini::config_profile(**config_file, profile) : nullptr;

    if (cs == nullptr && cfg == nullptr) {
      std::string looked =
          "profile '" + profile + "' is in neither " + cred_path + " (" +
          (*cred_file ? "no [" + profile + "] section" : "file not found") + ") nor " +
          config_path + " (" +
          (*config_file ? "no [" + config_section_name(profile) + "] section" : "file not found") +
          ")";
      if (named && profile != "default") return broken("ProfileNotFound", looked);
      return make_error(ErrorKind::kCredentials, "CredentialsNotFound", looked);
    }

    // As in the AWS SDKs, role and SSO settings take precedence over everything else in
    // the profile, so using the profile's static keys instead would be the wrong identity.
    for (std::string_view key : kUnsupportedKeys) {
      if (!value_of(cs, key).empty() || !value_of(cfg, key).empty()) {
        return broken("UnsupportedProfile",
                      "profile '" + profile + "' gets its credentials through '" +
                          std::string(key) +
                          "', which drharness does not support; use a profile with a "
                          "credential_process such as 'aws configure export-credentials "
                          "--profile " +
                          profile + " --format process'");
      }
    }

    // 1. Static keys in the credentials file.
    auto from_creds = static_keys(cs, profile, cred_path);
    if (!from_creds.ok() || !from_creds->access_key_id.empty()) return from_creds;

    // 2. credential_process, the credentials file's winning over the config file's.
    std::string process = value_of(cs, "credential_process");
    if (process.empty()) process = value_of(cfg, "credential_process");
    if (!process.empty()) {
      Clock& clock = clock_ != nullptr ? *clock_ : SystemClock::instance();
      credential_process::Options opts;
      opts.timeout = options_.process_timeout;
      return credential_process::fetch(process, profile, clock, opts);
    }

    // 3. Static keys in the config file.
    auto from_config = static_keys(cfg, profile, config_path);
    if (!from_config.ok() || !from_config->access_key_id.empty()) return from_config;

    return make_error(ErrorKind::kCredentials, "CredentialsNotFound",
                      "profile '" + profile +
                          "' has no aws_access_key_id or "
                          "credential_process in " +
                          cred_path + " or " + config_path);
  }

  std::string where() const override {
    const std::string profile = profile_name();
    return "profile '" + profile + "' (static keys or credential_process) in " +
           ini::credentials_file_path() + " and " + ini::config_file_path();
  }

 private:
  std::string profile_name() const {
    if (!profile_.empty()) return profile_;
    std::string p = env("AWS_PROFILE");
    return p.empty() ? "default" : p;
  }

  static std::string config_section_name(const std::string& profile) {
    return profile == "default" ? "default" : "profile " + profile;
  }

  // Static keys from one file's section: empty credentials when it has none.
  static Result<Credentials> static_keys(const ini::Section* s, const std::string& profile,
                                         const std::string& path) {
    Credentials c;
    if (s == nullptr) return c;
    std::string key_id = value_of(s, "aws_access_key_id");
    std::string secret = value_of(s, "aws_secret_access_key");
    if (key_id.empty() && secret.empty()) return c;
    if (key_id.empty() || secret.empty()) {
      return broken(
          "IncompleteCredentials",
          path + ": profile '" + profile + "' (line " + std::to_string(s->line) + ") has " +
              (key_id.empty() ? "aws_secret_access_key" : "aws_access_key_id") + " but no " +
              (key_id.empty() ? "aws_access_key_id" : "aws_secret_access_key"));
    }
    c.access_key_id = std::move(key_id);
    c.secret_access_key = std::move(secret);
    c.session_token = value_of(s, "aws_session_token");
    if (c.session_token.empty()) c.session_token = value_of(s, "aws_security_token");
    c.source = "profile " + profile + " in " + path;
    return c;
  }

  std::string profile_;
  Clock* clock_;
  ProfileProviderOptions options_;
};

}  // namespace

std::unique_ptr<CredentialsProvider> MakeProfileProvider(std::string profile, Clock* clock) {
  return MakeProfileProvider(std::move(profile), clock, ProfileProviderOptions{});
}

std::unique_ptr<CredentialsProvider> MakeProfileProvider(std::string profile, Clock* clock,
                                                         ProfileProviderOptions options) {
  return std::make_unique<ProfileProvider>(std::move(profile), clock, options);
}

}  // namespace drh
