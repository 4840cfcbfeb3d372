// What the S3 and Route 53 "All pages" loops share: the errors that stop a loop a
// misbehaving service would otherwise keep going forever, and list concatenation.
#pragma once

#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "drh/core/result.h"

namespace drh::aws::paging {

/// The service handed back a token it had already given.
inline Error repeated_token(std::string_view operation, std::string_view token) {
  return make_error(ErrorKind::kDecode, "RepeatedPageToken",
                    std::string(operation) + " returned the page token '" + std::string(token) +
                        "' twice; stopped paging to avoid a loop");
}

/// The service said there is more but gave no token to ask for it.
inline Error missing_token(std::string_view operation, std::string_view token_name) {
  return make_error(ErrorKind::kDecode, "MissingPageToken",
                    std::string(operation) + " answered IsTruncated=true without " +
                        std::string(token_name) + "; cannot ask for the next page");
}

template <typename T>
void append(std::vector<T>& to, std::vector<T>&& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace drh::aws::paging
