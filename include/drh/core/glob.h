// Shell-style wildcard matching, shared by EC2 filters in the fake and check selection.
#pragma once

#include <string_view>

namespace drh {

/// True when `text` matches `pattern`: `*` any run of characters, `?` exactly one.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace drh
