// Small text helpers shared by the codecs (private to harness/protocol).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "drh/core/encoding.h"

namespace drh::protocol_detail {

/// At most `max_chars` characters of `text`, safe to print on one line: runs of
/// whitespace become one space, other control characters and invalid UTF-8 bytes become
/// \xNN, and "..." marks a cut.
std::string printable_excerpt(std::string_view text, std::size_t max_chars = 200);

/// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

bool is_valid_utf8(std::string_view text);

}  // namespace drh::protocol_detail
