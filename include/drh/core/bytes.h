// Comparing short byte runs (XML member and element names) on decoding's hot path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace drh {

/// a[0..n) == b[0..n), 8 bytes a step and inline: names are 10 to 30 bytes, where a call
/// into the C library's memcmp costs more than the comparing.
inline bool same_bytes(const char* a, const char* b, std::size_t n) {
  for (; n >= 8; n -= 8, a += 8, b += 8) {
    std::uint64_t x;
    std::uint64_t y;
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    if (x != y) return false;
  }
  for (; n > 0; --n) {
    if (*a++ != *b++) return false;
  }
  return true;
}

/// a == b with same_bytes.
inline bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && same_bytes(a.data(), b.data(), a.size());
}

}  // namespace drh
