#include <cstdlib>

#include "drh/auth/credentials.h"
#include "drh/core/encoding.h"
#include "drh/core/redact.h"

namespace drh {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(trim(v));
}

class EnvironmentProvider final : public CredentialsProvider {
 public:
  Result<Credentials> resolve() override {
    Credentials c;
    c.access_key_id = env("AWS_ACCESS_KEY_ID");
    c.secret_access_key = env("AWS_SECRET_ACCESS_KEY");
    c.session_token = env("AWS_SESSION_TOKEN");
    c.source = "environment";
    // Like the AWS SDKs: without a key id the environment holds no credentials, even if
    // a secret or token is set.
    if (c.access_key_id.empty()) {
      return make_error(ErrorKind::kCredentials, "CredentialsNotFound",
                        "AWS_ACCESS_KEY_ID is not set");
    }
    if (c.secret_access_key.empty()) {
      return make_error(ErrorKind::kCredentials, "IncompleteCredentials",
                        "AWS_ACCESS_KEY_ID is set (" + redact_access_key(c.access_key_id) +
                            ") but AWS_SECRET_ACCESS_KEY is not; set both, or unset "
                            "AWS_ACCESS_KEY_ID to use a profile");
    }
    return c;
  }

  std::string where() const override {
    return "environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";
  }
};

}  // namespace

std::unique_ptr<CredentialsProvider> MakeEnvironmentProvider() {
  return std::make_unique<EnvironmentProvider>();
}

}  // namespace drh
