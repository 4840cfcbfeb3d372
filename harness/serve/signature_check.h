// SigV4 verification for `drh serve --verify-signatures`: recompute the signature of an
// incoming request with the secret of its access key and compare, as AWS does.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "drh/auth/sigv4.h"
#include "drh/core/http.h"

namespace drh::serve {

struct Rejection {
  int status = 403;
  std::string code;     ///< IncompleteSignature, SignatureDoesNotMatch, ...
  std::string message;
};

class SignatureCheck {
 public:
  /// nullopt when the request is signed correctly by a key in `secrets`
  /// (access key id -> secret access key); otherwise the error AWS would answer.
  std::optional<Rejection> check(const HttpRequest& request,
                                 const std::map<std::string, std::string>& secrets) const;

 private:
  SigV4Signer signer_;
};

}  // namespace drh::serve
