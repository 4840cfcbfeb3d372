// Types several AWS services share, with botocore's member names.
#pragma once

#include <string>
#include <vector>

namespace drh::aws {

struct Tag {
  std::string Key;
  std::string Value;
  bool operator==(const Tag&) const = default;
};

/// EC2 and RDS describe filters: Name plus any of Values.
struct Filter {
  std::string Name;
  std::vector<std::string> Values;
};

}  // namespace drh::aws
