#include <charconv>

#include "drh/core/encoding.h"
#include "service.h"

namespace drh::fake {

void fail(int status, std::string code, std::string message) {
  throw ApiError{status, std::move(code), std::move(message), status < 500};
}

void fail_validation(std::string message, std::string code) {
  fail(400, std::move(code), std::move(message));
}

std::optional<std::string> Call::param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::string Call::required(std::string_view name) const {
  auto v = param(name);
  if (!v) {
    fail(400, "MissingParameter",
         "The request must contain the parameter " + std::string(name));
  }
  return *v;
}

std::vector<std::string> Call::list(std::string_view name, std::string_view member) const {
  std::vector<std::string> out;
  const std::string base = member.empty() ? std::string(name) + "."
                                          : std::string(name) + "." + std::string(member) + ".";
  for (int i = 1;; ++i) {
    auto v = param(base + std::to_string(i));
    if (!v) break;
    out.push_back(*v);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> Call::under(std::string_view prefix) const {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string p = std::string(prefix) + ".";
  for (const auto& [k, v] : params) {
    if (k.starts_with(p)) out.emplace_back(k.substr(p.size()), v);
  }
  return out;
}

std::optional<long long> Call::integer(std::string_view name) const {
  auto v = param(name);
  if (!v) return std::nullopt;
  long long out = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || ptr != v->data() + v->size()) {
    fail_validation("Value '" + *v + "' for parameter " + std::string(name) +
                    " is not a valid integer");
  }
  return out;
}

std::optional<bool> Call::boolean(std::string_view name) const {
  auto v = param(name);
  if (!v) return std::nullopt;
  if (iequals(*v, "true")) return true;
  if (iequals(*v, "false")) return false;
  fail_validation("Value '" + *v + "' for parameter " + std::string(name) +
                  " is not a valid boolean");
}

std::optional<std::string_view> Call::header(std::string_view name) const {
  return http->headers.get(name);
}

std::uint64_t IdGenerator::mix() {
  // splitmix64: well-spread, reproducible ids from a counter.
  std::uint64_t z = (++counter_) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::string IdGenerator::next(std::string_view prefix, int hex_digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(prefix);
  out += '-';
  std::uint64_t bits = mix();
  for (int i = 0; i < hex_digits; ++i) {
    if (i == 16) bits = mix();
    out += kHex[bits & 0xF];
    bits >>= 4;
  }
  return out;
}

std::string IdGenerator::upper(std::string_view prefix, int length) {
  static constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string out(prefix);
  std::uint64_t bits = mix();
  for (int i = 0; i < length; ++i) {
    if (i % 10 == 9) bits = mix();
    out += kAlnum[bits % 36];
    bits /= 36;
  }
  return out;
}

std::string IdGenerator::uuid() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t a = mix(), b = mix();
  std::string out;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    std::uint64_t& src = i < 16 ? a : b;
    out += kHex[src & 0xF];
    src >>= 4;
  }
  return out;
}

}  // namespace drh::fake
