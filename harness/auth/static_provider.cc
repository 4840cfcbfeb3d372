#include "drh/auth/credentials.h"

namespace drh {
namespace {

class StaticProvider final : public CredentialsProvider {
 public:
  explicit StaticProvider(Credentials creds) : creds_(std::move(creds)) {
    if (creds_.source.empty()) creds_.source = "static credentials";
  }

  Result<Credentials> resolve() override {
    if (creds_.access_key_id.empty()) {
      return make_error(ErrorKind::kCredentials, "CredentialsNotFound",
                        "no static credentials were given");
    }
    if (creds_.secret_access_key.empty()) {
      return make_error(ErrorKind::kCredentials, "IncompleteCredentials",
                        creds_.source + ": access key " + creds_.describe() +
                            " was given without a secret access key");
    }
    return creds_;
  }

  std::string where() const override { return creds_.source; }

 private:
  Credentials creds_;
};

}  // namespace

std::unique_ptr<CredentialsProvider> MakeStaticProvider(Credentials creds) {
  return std::make_unique<StaticProvider>(std::move(creds));
}

}  // namespace drh
