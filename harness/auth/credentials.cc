#include "drh/auth/credentials.h"

#include "drh/core/redact.h"

namespace drh {

std::string Credentials::describe() const {
  std::string out = access_key_id.empty() ? "<no access key>" : redact_access_key(access_key_id);
  if (!source.empty()) out += " from " + source;
  return out;
}

CredentialsChain::CredentialsChain(std::vector<std::unique_ptr<CredentialsProvider>> providers,
                                   Clock* clock)
    : providers_(std::move(providers)), clock_(clock) {}

Result<Credentials> CredentialsChain::resolve() {
  Clock& clock = clock_ != nullptr ? *clock_ : SystemClock::instance();
  std::lock_guard lock(mutex_);
  if (cached_) {
    if (!cached_->expiration || clock.now() < *cached_->expiration - kRefreshBefore) {
      return *cached_;
    }
    cached_.reset();
  }
  for (auto& provider : providers_) {
    Result<Credentials> r = provider->resolve();
    if (r.ok()) {
      cached_ = r.value();
      return r;
    }
    if (r.error().code != "CredentialsNotFound") return r;
  }
  return make_error(ErrorKind::kCredentials, "CredentialsNotFound",
                    "no AWS credentials found; looked in: " + where() +
                        ". Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or choose a "
                        "profile with AWS_PROFILE or --profile");
}

std::string CredentialsChain::where() const {
  std::string out;
  for (std::size_t i = 0; i < providers_.size(); ++i) {
    if (i > 0) out += "; ";
    out += "(" + std::to_string(i + 1) + ") " + providers_[i]->where();
  }
  return out.empty() ? "no credential sources configured" : out;
}

void CredentialsChain::invalidate() {
  std::lock_guard lock(mutex_);
  cached_.reset();
}

std::unique_ptr<CredentialsChain> DefaultCredentialsChain(std::string profile, Clock* clock) {
  std::vector<std::unique_ptr<CredentialsProvider>> providers;
  if (profile.empty()) providers.push_back(MakeEnvironmentProvider());
  providers.push_back(MakeProfileProvider(std::move(profile), clock));
  return std::make_unique<CredentialsChain>(std::move(providers), clock);
}

}  // namespace drh
