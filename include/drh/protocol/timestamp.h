// The three timestamp formats of the AWS wire protocols.
//
//   ISO 8601      "2015-08-30T12:36:00Z", "2015-08-30T12:36:00.123Z", "...+02:00"
//                 (query, ec2, rest-xml bodies; rest query strings)
//   RFC 822       "Sun, 30 Aug 2015 12:36:00 GMT" (the HTTP-date of rest headers)
//   epoch seconds 1440938160 or 1440938160.123, as a JSON number or a string
//                 (json and rest-json bodies)
//
// Parsers are strict about structure and ranges (month 13, "12:61", trailing junk are
// errors) and lenient where servers differ (lower-case 't'/'z', a missing zone means UTC,
// any number of fraction digits, "UTC"/"+0000" for "GMT"). A TimePoint holds nanoseconds
// since 1970, so it covers the years 1678 to 2261; values outside fail as out of range.
#pragma once

#include <string>
#include <string_view>

#include "drh/core/clock.h"
#include "drh/core/result.h"

namespace drh {

enum class TimestampFormat { kIso8601, kRfc822, kEpochSeconds };

/// Errors name the bad text, carry code "InvalidTimestamp" and kind `on_error`: kDecode
/// (the default) for wire data, kInvalidInput for user input.
Result<TimePoint> parse_iso8601(std::string_view text, ErrorKind on_error = ErrorKind::kDecode);
Result<TimePoint> parse_rfc822(std::string_view text, ErrorKind on_error = ErrorKind::kDecode);
/// Integer or fractional seconds, optionally signed or with an exponent ("1.44e9").
Result<TimePoint> parse_epoch_seconds(std::string_view text,
                                      ErrorKind on_error = ErrorKind::kDecode);
/// Epoch seconds from a JSON number; fails on NaN, infinities and values out of range.
Result<TimePoint> epoch_seconds_to_time(double seconds, ErrorKind on_error = ErrorKind::kDecode);

Result<TimePoint> parse_timestamp(std::string_view text, TimestampFormat format,
                                  ErrorKind on_error = ErrorKind::kDecode);
/// Any of the three formats, recognised from the text itself.
Result<TimePoint> parse_any_timestamp(std::string_view text,
                                      ErrorKind on_error = ErrorKind::kDecode);

/// ISO 8601 in UTC with a fraction only when there is one ("2015-08-30T12:36:00Z",
/// "...:00.250Z", "...:00.000001Z"); RFC 822 with "GMT"; epoch seconds as an integer, or
/// with the fraction's significant digits ("1440938160.25").
std::string format_timestamp(TimePoint t, TimestampFormat format);
/// ISO 8601 with exactly three fraction digits: "2015-08-30T12:36:00.000Z", the form
/// most AWS query services answer with.
std::string format_iso8601_millis(TimePoint t);

}  // namespace drh
