#include "drh/protocol/timestamp.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "text_util.h"

namespace drh {
namespace {

using std::int64_t;

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t year;
  unsigned month, day;
};

Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Seconds + nanoseconds since the epoch, before the range check against TimePoint.
struct Instant {
  int64_t seconds = 0;
  int64_t nanos = 0;  // 0..999'999'999
};

const int64_t kMaxSeconds =
    std::chrono::duration_cast<std::chrono::seconds>(TimePoint::max().time_since_epoch()).count() -
    1;
const int64_t kMinSeconds =
    std::chrono::duration_cast<std::chrono::seconds>(TimePoint::min().time_since_epoch()).count() +
    1;

Error bad(ErrorKind kind, std::string_view what, std::string_view text, std::string_view why) {
  Error e = make_error(kind, "InvalidTimestamp",
                       "invalid " + std::string(what) + " timestamp '" +
                           protocol_detail::printable_excerpt(text, 64) + "': " + std::string(why));
  return e;
}

Result<TimePoint> to_time_point(const Instant& in, ErrorKind kind, std::string_view what,
                                std::string_view text) {
  if (in.seconds > kMaxSeconds || in.seconds < kMinSeconds) {
    return bad(kind, what, text, "out of range (years 1678 to 2261)");
  }
  return TimePoint{} + std::chrono::duration_cast<TimePoint::duration>(
                           std::chrono::seconds(in.seconds) + std::chrono::nanoseconds(in.nanos));
}

Instant from_time_point(TimePoint t) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  Instant out;
  out.seconds = ns / 1'000'000'000;
  out.nanos = ns % 1'000'000'000;
  if (out.nanos < 0) {
    out.nanos += 1'000'000'000;
    out.seconds -= 1;
  }
  return out;
}

// A tiny cursor over the text being parsed.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return pos_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[pos_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  bool eat_any(std::string_view chars) {
    if (done() || chars.find(s_[pos_]) == std::string_view::npos) return false;
    ++pos_;
    return true;
  }
  // Exactly n decimal digits.
  bool digits(int n, int64_t& out) {
    if (pos_ + static_cast<std::size_t>(n) > s_.size()) return false;
    int64_t v = 0;
    for (int i = 0; i < n; ++i) {
      char c = s_[pos_ + static_cast<std::size_t>(i)];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    pos_ += static_cast<std::size_t>(n);
    out = v;
    return true;
  }
  // Between min and max decimal digits.
  bool digits_between(int min, int max, int64_t& out) {
    int64_t v = 0;
    int n = 0;
    while (n < max && !done() && peek() >= '0' && peek() <= '9') {
      v = v * 10 + (s_[pos_++] - '0');
      ++n;
    }
    out = v;
    return n >= min;
  }
  // A fraction's digits as nanoseconds (extra digits beyond 9 are truncated).
  bool fraction(int64_t& nanos) {
    int n = 0;
    int64_t v = 0;
    while (!done() && peek() >= '0' && peek() <= '9') {
      if (n < 9) {
        v = v * 10 + (s_[pos_] - '0');
      }
      ++pos_;
      ++n;
    }
    if (n == 0) return false;
    for (int i = n; i < 9; ++i) v *= 10;
    nanos = v;
    return true;
  }
  bool word(std::string_view& out) {
    std::size_t start = pos_;
    while (!done() && ((peek() >= 'A' && peek() <= 'Z') || (peek() >= 'a' && peek() <= 'z'))) {
      ++pos_;
    }
    out = s_.substr(start, pos_ - start);
    return !out.empty();
  }
  void skip_spaces() {
    while (!done() && peek() == ' ') ++pos_;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

// Validates the date/time fields and combines them into an Instant.
const char* combine(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s,
                    int64_t nanos, int64_t offset_seconds, Instant& out) {
  if (mo < 1 || mo > 12) return "month out of range";
  if (d < 1 || d > days_in_month(y, static_cast<unsigned>(mo))) return "day out of range";
  if (h > 24 || (h == 24 && (mi != 0 || s != 0 || nanos != 0))) return "hour out of range";
  if (mi > 59) return "minute out of range";
  if (s > 60) return "second out of range";
  if (s == 60) s = 59;  // a leap second: keep within the minute
  out.seconds = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                h * 3600 + mi * 60 + s - offset_seconds;
  out.nanos = nanos;
  return nullptr;
}

// "+hh:mm", "+hhmm", "+hh", "-..."; returns false if malformed.
bool parse_offset(Cursor& c, int64_t& offset_seconds) {
  int sign = c.eat('-') ? -1 : (c.eat('+') ? 1 : 0);
  if (sign == 0) return false;
  int64_t hh = 0, mm = 0;
  if (!c.digits(2, hh)) return false;
  if (c.eat(':')) {
    if (!c.digits(2, mm)) return false;
  } else if (!c.done()) {
    if (!c.digits(2, mm)) return false;
  }
  if (hh > 23 || mm > 59) return false;
  offset_seconds = sign * (hh * 3600 + mm * 60);
  return true;
}

constexpr std::string_view kIso = "ISO 8601";
constexpr std::string_view kRfc = "RFC 822";
constexpr std::string_view kEpoch = "epoch-seconds";

}  // namespace

Result<TimePoint> parse_iso8601(std::string_view text, ErrorKind on_error) {
  std::string_view t = trim(text);
  Cursor c(t);
  int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, nanos = 0, offset = 0;
  bool basic = t.size() >= 9 && t[4] != '-';  // 20150830T123600Z (the x-amz-date form)
  if (basic) {
    if (!c.digits(4, y) || !c.digits(2, mo) || !c.digits(2, d)) {
      return bad(on_error, kIso, text, "expected YYYY-MM-DD");
    }
  } else if (!c.digits(4, y) || !c.eat('-') || !c.digits(2, mo) || !c.eat('-') || !c.digits(2, d)) {
    return bad(on_error, kIso, text, "expected YYYY-MM-DD");
  }
  if (c.done()) {
    // A date alone is midnight UTC.
  } else {
    if (!c.eat_any("Tt ")) return bad(on_error, kIso, text, "expected 'T' after the date");
    bool ok =
        basic ? (c.digits(2, h) && c.digits(2, mi) && c.digits(2, s))
              : (c.digits(2, h) && c.eat(':') && c.digits(2, mi) && c.eat(':') && c.digits(2, s));
    if (!ok) return bad(on_error, kIso, text, "expected hh:mm:ss");
    if (c.eat('.') || c.eat(',')) {
      if (!c.fraction(nanos)) return bad(on_error, kIso, text, "expected fraction digits");
    }
    if (c.eat_any("Zz")) {
      offset = 0;
    } else if (!c.done()) {
      if (!parse_offset(c, offset)) return bad(on_error, kIso, text, "bad time zone offset");
    }
  }
  if (!c.done()) return bad(on_error, kIso, text, "unexpected trailing characters");
  Instant in;
  if (const char* why = combine(y, mo, d, h, mi, s, nanos, offset, in)) {
    return bad(on_error, kIso, text, why);
  }
  return to_time_point(in, on_error, kIso, text);
}

Result<TimePoint> parse_rfc822(std::string_view text, ErrorKind on_error) {
  std::string_view t = trim(text);
  Cursor c(t);
  std::string_view word;
  // Optional weekday: "Sun, ".
  if (c.peek() < '0' || c.peek() > '9') {
    if (!c.word(word)) return bad(on_error, kRfc, text, "expected a weekday or a day");
    bool known = false;
    for (const char* wd : kWeekdays) known = known || iequals(word.substr(0, 3), wd);
    if (!known || (word.size() != 3 && word.size() < 6)) {
      return bad(on_error, kRfc, text, "unknown weekday");
    }
    if (!c.eat(',')) return bad(on_error, kRfc, text, "expected ',' after the weekday");
    c.skip_spaces();
  }
  int64_t d = 0, y = 0, h = 0, mi = 0, s = 0, nanos = 0, offset = 0;
  if (!c.digits_between(1, 2, d)) return bad(on_error, kRfc, text, "expected the day");
  c.skip_spaces();
  if (!c.word(word)) return bad(on_error, kRfc, text, "expected the month");
  int64_t mo = 0;
  for (int i = 0; i < 12; ++i) {
    if (iequals(word, kMonths[i])) mo = i + 1;
  }
  if (mo == 0) return bad(on_error, kRfc, text, "unknown month");
  c.skip_spaces();
  if (!c.digits(4, y)) return bad(on_error, kRfc, text, "expected a four-digit year");
  c.skip_spaces();
  if (!c.digits(2, h) || !c.eat(':') || !c.digits(2, mi) || !c.eat(':') || !c.digits(2, s)) {
    return bad(on_error, kRfc, text, "expected hh:mm:ss");
  }
  if (c.eat('.')) {
    if (!c.fraction(nanos)) return bad(on_error, kRfc, text, "expected fraction digits");
  }
  c.skip_spaces();
  if (c.peek() == '+' || c.peek() == '-') {
    if (!parse_offset(c, offset)) return bad(on_error, kRfc, text, "bad time zone offset");
  } else if (c.word(word)) {
    if (!iequals(word, "GMT") && !iequals(word, "UTC") && !iequals(word, "UT") &&
        !iequals(word, "Z")) {
      return bad(on_error, kRfc, text, "unknown time zone");
    }
  } else if (!c.done()) {
    return bad(on_error, kRfc, text, "expected a time zone");
  }
  if (!c.done()) return bad(on_error, kRfc, text, "unexpected trailing characters");
  Instant in;
  if (const char* why = combine(y, mo, d, h, mi, s, nanos, offset, in)) {
    return bad(on_error, kRfc, text, why);
  }
  return to_time_point(in, on_error, kRfc, text);
}

Result<TimePoint> parse_epoch_seconds(std::string_view text, ErrorKind on_error) {
  std::string_view t = trim(text);
  if (t.empty()) return bad(on_error, kEpoch, text, "empty");
  if (t.find_first_of("eE") != std::string_view::npos) {
    double v = 0;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || ptr != t.data() + t.size()) {
      return bad(on_error, kEpoch, text, "not a number");
    }
    auto r = epoch_seconds_to_time(v, on_error);
    if (!r.ok()) return bad(on_error, kEpoch, text, "out of range (years 1678 to 2261)");
    return r;
  }
  // Exact decimal parse: [-+]digits[.digits]
  Cursor c(t);
  bool negative = c.eat('-');
  if (!negative) c.eat('+');
  int64_t whole = 0;
  int n = 0;
  while (!c.done() && c.peek() >= '0' && c.peek() <= '9') {
    if (n >= 15) return bad(on_error, kEpoch, text, "out of range (years 1678 to 2261)");
    int64_t digit = 0;
    c.digits(1, digit);
    whole = whole * 10 + digit;
    ++n;
  }
  int64_t nanos = 0;
  bool has_fraction = false;
  if (c.eat('.')) {
    has_fraction = c.fraction(nanos);
  }
  if ((n == 0 && !has_fraction) || !c.done()) {
    return bad(on_error, kEpoch, text, "not a number");
  }
  Instant in;
  in.seconds = negative ? -whole : whole;
  in.nanos = nanos;
  if (negative && nanos > 0) {
    in.seconds -= 1;
    in.nanos = 1'000'000'000 - nanos;
  }
  return to_time_point(in, on_error, kEpoch, text);
}

Result<TimePoint> epoch_seconds_to_time(double seconds, ErrorKind on_error) {
  if (!std::isfinite(seconds) || seconds > static_cast<double>(kMaxSeconds) ||
      seconds < static_cast<double>(kMinSeconds)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", seconds);
    return bad(on_error, kEpoch, buf, "out of range (years 1678 to 2261)");
  }
  double whole = std::floor(seconds);
  Instant in;
  in.seconds = static_cast<int64_t>(whole);
  // Round to microseconds: a double carries about 16 significant digits, so finer digits
  // of a present-day epoch value are noise.
  auto micros = static_cast<int64_t>(std::llround((seconds - whole) * 1e6));
  if (micros >= 1'000'000) {
    in.seconds += 1;
    micros -= 1'000'000;
  }
  in.nanos = micros * 1000;
  return to_time_point(in, on_error, kEpoch, "");
}

Result<TimePoint> parse_timestamp(std::string_view text, TimestampFormat format,
                                  ErrorKind on_error) {
  switch (format) {
    case TimestampFormat::kIso8601:
      return parse_iso8601(text, on_error);
    case TimestampFormat::kRfc822:
      return parse_rfc822(text, on_error);
    case TimestampFormat::kEpochSeconds:
      return parse_epoch_seconds(text, on_error);
  }
  return parse_any_timestamp(text, on_error);
}

Result<TimePoint> parse_any_timestamp(std::string_view text, ErrorKind on_error) {
  std::string_view t = trim(text);
  if (t.empty()) {
    return make_error(on_error, "InvalidTimestamp", "invalid timestamp '': empty");
  }
  char first = t.front();
  if ((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z')) {
    return parse_rfc822(text, on_error);
  }
  // "2015-08-30..." or "20150830T..." is ISO 8601; "30 Aug 2015 ..." is RFC 822.
  if (t.size() >= 5 && t[4] == '-') return parse_iso8601(text, on_error);
  if (t.size() >= 9 && (t[8] == 'T' || t[8] == 't')) return parse_iso8601(text, on_error);
  if (t.find(' ') != std::string_view::npos) return parse_rfc822(text, on_error);
  auto r = parse_epoch_seconds(text, on_error);
  if (!r.ok()) {
    return make_error(on_error, "InvalidTimestamp",
                      "invalid timestamp '" + protocol_detail::printable_excerpt(text, 64) +
                          "': expected ISO 8601, RFC 822 or epoch seconds");
  }
  return r;
}

std::string format_timestamp(TimePoint t, TimestampFormat format) {
  Instant in = from_time_point(t);
  int64_t days = in.seconds >= 0 ? in.seconds / 86400 : (in.seconds - 86399) / 86400;
  int64_t sod = in.seconds - days * 86400;
  Civil c = civil_from_days(days);
  int hh = static_cast<int>(sod / 3600), mm = static_cast<int>(sod / 60 % 60),
      ss = static_cast<int>(sod % 60);
  char buf[64];
  switch (format) {
    case TimestampFormat::kIso8601: {
      int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d",
                            static_cast<long long>(c.year), c.month, c.day, hh, mm, ss);
      std::string out(buf, static_cast<std::size_t>(n));
      if (in.nanos != 0) {
        char frac[16];
        std::snprintf(frac, sizeof frac, ".%09lld", static_cast<long long>(in.nanos));
        std::string_view f = frac;
        // Trim to 3, 6 or 9 digits.
        std::size_t digits = in.nanos % 1'000'000 == 0 ? 3 : (in.nanos % 1000 == 0 ? 6 : 9);
        out.append(f.substr(0, 1 + digits));
      }
      out += 'Z';
      return out;
    }
    case TimestampFormat::kRfc822: {
      int64_t wd = (days % 7 + 11) % 7;  // 1970-01-01 was a Thursday
      int n =
          std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02d:%02d:%02d GMT", kWeekdays[wd],
                        c.day, kMonths[c.month - 1], static_cast<long long>(c.year), hh, mm, ss);
      return std::string(buf, static_cast<std::size_t>(n));
    }
    case TimestampFormat::kEpochSeconds: {
      int64_t secs = in.seconds;
      int64_t nanos = in.nanos;
      bool negative = secs < 0 && nanos > 0;
      if (negative) {  // -1.5 is stored as seconds -2, nanos 0.5e9
        secs += 1;
        nanos = 1'000'000'000 - nanos;
      }
      int n = std::snprintf(buf, sizeof buf, "%s%lld", negative && secs == 0 ? "-" : "",
                            static_cast<long long>(secs));
      std::string out(buf, static_cast<std::size_t>(n));
      if (nanos != 0) {
        std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(nanos));
        std::string frac = buf;
        while (frac.back() == '0') frac.pop_back();
        out += frac;
      }
      return out;
    }
  }
  return {};
}

std::string format_iso8601_millis(TimePoint t) {
  Instant in = from_time_point(t);
  int64_t days = in.seconds >= 0 ? in.seconds / 86400 : (in.seconds - 86399) / 86400;
  int64_t sod = in.seconds - days * 86400;
  Civil c = civil_from_days(days);
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ",
                        static_cast<long long>(c.year), c.month, c.day,
                        static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                        static_cast<int>(sod % 60), static_cast<int>(in.nanos / 1'000'000));
  return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace drh
