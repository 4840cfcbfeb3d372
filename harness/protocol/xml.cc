#include "drh/protocol/xml.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <limits>

#include "drh/core/bytes.h"
#include "text_util.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace drh::xml {

// ---------------------------------------------------------------- writing

namespace {

// Bytes that may need escaping (markup and control characters); everything else is
// copied as is, so the common case costs one table lookup a byte.
constexpr std::array<bool, 256> kMayNeedEscape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
  for (unsigned char c : {'&', '<', '>', '"'}) t[c] = true;
  return t;
}();

// The first index >= `i` of a byte that may need escaping, or text.size(). Responses are
// mostly identifiers, ARNs and numbers with nothing to escape, so whole blocks are tested
// at a time: 16 bytes with SSE2 (every x86-64), else 8 in a 64-bit word; the bytes after
// the last whole block go one at a time. A flagged byte may need nothing in the end (a
// tolerated \n); the caller decides.
inline std::size_t find_may_need_escape(std::string_view text, std::size_t i) {
  const std::size_t n = text.size();
#if defined(__SSE2__)
  const __m128i control_max = _mm_set1_epi8(0x1F);
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    // Unsigned min finds the control characters without flagging UTF-8 bytes.
    __m128i hit = _mm_cmpeq_epi8(_mm_min_epu8(v, control_max), v);
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('&')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('<')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('>')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    if (const int mask = _mm_movemask_epi8(hit); mask != 0) {
      return i + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(mask)));
    }
  }
#else
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  // Nonzero when some byte of `v` is zero (exact as a whole-word answer).
  auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  for (; i + 8 <= n; i += 8) {
    std::uint64_t v;
    std::memcpy(&v, text.data() + i, 8);
    const std::uint64_t control = (v - 0x20 * kOnes) & ~v & kHigh;  // some byte < 0x20
    if (control | has_zero(v ^ ('&' * kOnes)) | has_zero(v ^ ('<' * kOnes)) |
        has_zero(v ^ ('>' * kOnes)) | has_zero(v ^ ('"' * kOnes))) {
      break;
    }
  }
#endif
  while (i < n && !kMayNeedEscape[static_cast<unsigned char>(text[i])]) ++i;
  return i;
}

}  // namespace

void append_escaped(std::string& out, std::string_view text, bool attribute) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::size_t run = 0;  // start of the pending run of bytes that need no escaping
  for (std::size_t i = find_may_need_escape(text, 0); i < text.size();
       i = find_may_need_escape(text, i + 1)) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    const char* rep = nullptr;
    switch (c) {
      case '&':
        rep = "&amp;";
        break;
      case '<':
        rep = "&lt;";
        break;
      case '>':
        rep = "&gt;";
        break;
      case '"':
        rep = attribute ? "&quot;" : nullptr;
        break;
      case '\r':
        rep = "&#13;";
        break;
      case '\n':
        rep = attribute ? "&#10;" : nullptr;
        break;
      case '\t':
        rep = attribute ? "&#9;" : nullptr;
        break;
      default:
        break;
    }
    if (rep == nullptr && c >= 0x20) continue;
    if (rep == nullptr && (c == '\n' || c == '\t')) continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    if (rep != nullptr) {
      out += rep;
    } else {  // other control characters
      out += "&#x";
      if (c >= 0x10) out += kHex[c >> 4];
      out += kHex[c & 0xF];
      out += ';';
    }
  }
  out.append(text.data() + run, text.size() - run);
}

std::string escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size() + 8);
  append_escaped(out, text, attribute);
  return out;
}

std::string escape_for_xml10(std::string_view text) {
  std::string clean(text);
  for (char& c : clean) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') c = ' ';
  }
  return escape(clean, /*attribute=*/true);
}

XmlWriter& XmlWriter::declaration() {
  close_start_tag();
  out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  return *this;
}

XmlWriter& XmlWriter::start(std::string_view name) {
  close_start_tag();
  out_ += '<';
  out_.append(name);
  open_.push_back(static_cast<std::uint32_t>(names_.size()));
  names_.append(name);
  tag_open_ = true;
  return *this;
}

XmlWriter& XmlWriter::attribute(std::string_view name, std::string_view value) {
  out_ += ' ';
  out_.append(name);
  out_ += "=\"";
  append_escaped(out_, value, true);
  out_ += '"';
  return *this;
}

XmlWriter& XmlWriter::xmlns(std::string_view uri, std::string_view prefix) {
  out_ += " xmlns";
  if (!prefix.empty()) {
    out_ += ':';
    out_.append(prefix);
  }
  out_ += "=\"";
  append_escaped(out_, uri, true);
  out_ += '"';
  return *this;
}

XmlWriter& XmlWriter::text(std::string_view text) {
  close_start_tag();
  append_escaped(out_, text);
  return *this;
}

XmlWriter& XmlWriter::end() {
  if (open_.empty()) return *this;
  std::uint32_t at = open_.back();
  open_.pop_back();
  if (tag_open_) {
    out_ += "/>";
    tag_open_ = false;
  } else {
    out_ += "</";
    out_.append(names_, at, std::string::npos);
    out_ += '>';
  }
  names_.resize(at);
  return *this;
}

// <name> and </name> each go in as one piece: a response is mostly short elements, and
// appending their markup a character or a name at a time cost more than the copying.
void XmlWriter::open_tag(std::string_view name) {
  close_start_tag();
  const std::size_t at = out_.size();
  out_.resize(at + name.size() + 2);
  char* p = out_.data() + at;
  *p++ = '<';
  std::memcpy(p, name.data(), name.size());
  p[name.size()] = '>';
}

void XmlWriter::close_tag(std::string_view name) {
  const std::size_t at = out_.size();
  out_.resize(at + name.size() + 3);
  char* p = out_.data() + at;
  *p++ = '<';
  *p++ = '/';
  std::memcpy(p, name.data(), name.size());
  p[name.size()] = '>';
}

namespace {

// <name>text</name> in one piece, for text that needs no escaping: one resize (and the
// zero-fill it does) for the whole element instead of one per tag and an append between.
void append_plain_element(std::string& out, std::string_view name, std::string_view text) {
  const std::size_t at = out.size();
  out.resize(at + 2 * name.size() + text.size() + 5);
  char* p = out.data() + at;
  *p++ = '<';
  std::memcpy(p, name.data(), name.size());
  p += name.size();
  *p++ = '>';
  if (!text.empty()) std::memcpy(p, text.data(), text.size());
  p += text.size();
  *p++ = '<';
  *p++ = '/';
  std::memcpy(p, name.data(), name.size());
  p[name.size()] = '>';
}

}  // namespace

XmlWriter& XmlWriter::element(std::string_view name, std::string_view text) {
  // Responses are mostly identifiers, ARNs and numbers: nothing to escape.
  if (find_may_need_escape(text, 0) == text.size()) {
    close_start_tag();
    append_plain_element(out_, name, text);
    return *this;
  }
  open_tag(name);
  append_escaped(out_, text);
  close_tag(name);
  return *this;
}

XmlWriter& XmlWriter::element_plain(std::string_view name, std::string_view text) {
  close_start_tag();
  append_plain_element(out_, name, text);
  return *this;
}

XmlWriter& XmlWriter::element_int(std::string_view name, std::int64_t value) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  return element_plain(name, std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}

XmlWriter& XmlWriter::element_uint(std::string_view name, std::uint64_t value) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  return element_plain(name, std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}

XmlWriter& XmlWriter::element_double(std::string_view name, double value) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  // "inf" and "nan" are letters only: nothing to escape either.
  return element_plain(name, std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}

XmlWriter& XmlWriter::raw(std::string_view xml) {
  close_start_tag();
  out_.append(xml);
  return *this;
}

std::string XmlWriter::take() {
  while (!open_.empty()) end();
  names_.clear();
  return std::move(out_);
}

// ---------------------------------------------------------------- reading

Status load(pugi::xml_document& doc, std::string_view body) {
  pugi::xml_parse_result r =
      doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (r) return Ok{};
  auto offset = static_cast<std::size_t>(r.offset < 0 ? 0 : r.offset);
  std::string message = "malformed XML";
  if (body.empty() || trim(body).empty()) {
    message += ": empty document";
  } else {
    message += " at byte " + std::to_string(offset) + ": " + r.description();
    if (offset < body.size()) {
      std::size_t from = offset >= 10 ? offset - 10 : 0;
      message += " (near '" + protocol_detail::printable_excerpt(body.substr(from, 30), 30) + "')";
    }
  }
  return make_error(ErrorKind::kDecode, "MalformedXml", std::move(message));
}

std::string_view local_name(pugi::xml_node node) {
  std::string_view n = node.name();
  auto colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

std::optional<std::string_view> find_child_text(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  if (!c) return std::nullopt;
  return std::string_view(c.child_value());
}

namespace {

// Hashes a few sampled bytes and the length instead of every byte: the member names of
// one structure (DBClusterIdentifier, DBClusterArn, ...) already differ there, and a
// byte-serial hash over whole names cost more than the rest of the lookup. A collision
// only costs one more compare in the probe.
std::size_t name_hash(std::string_view name) {
  const std::size_t n = name.size();
  if (n == 0) return 0;
  auto at = [&name](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(name[i])); };
  std::uint64_t h = n;
  h = (h << 8) ^ at(0);
  h = (h << 8) ^ at(n / 4);
  h = (h << 8) ^ at(n / 2);
  h = (h << 8) ^ at(3 * n / 4);
  h = (h << 8) ^ at(n - 1);
  h *= 0x9E3779B97F4A7C15ull;  // spread into the low bits the table masks
  return static_cast<std::size_t>(h ^ (h >> 29));
}

}  // namespace

NameIndex::NameIndex(std::initializer_list<const char*> names) {
  for (const char* n : names) add(n);
  build();
}

void NameIndex::build() {
  std::size_t size = 8;
  while (size < 2 * names_.size()) size *= 2;  // at most half full: short probes
  table_.assign(size, 0);
  for (std::size_t i = 0; i < names_.size(); ++i) {
    for (std::size_t b = name_hash(names_[i]) & (size - 1);; b = (b + 1) & (size - 1)) {
      if (table_[b] == 0) {
        table_[b] = static_cast<std::uint32_t>(i + 1);
        break;
      }
      if (names_[table_[b] - 1] == names_[i]) break;  // a repeated name keeps its first number
    }
  }
}

namespace {

// a == the C string b, without measuring b first: the loop stops at the first difference,
// which is b's terminating NUL when b is the shorter one.
inline bool same_name(std::string_view a, const char* b) {
  for (char ch : a) {
    if (*b++ != ch) return false;
  }
  return *b == '\0';
}

}  // namespace

std::size_t NameIndex::find(std::string_view name) const {
  const std::size_t mask = table_.size() - 1;
  for (std::size_t b = name_hash(name) & mask;; b = (b + 1) & mask) {
    const std::uint32_t entry = table_[b];
    if (entry == 0) return npos;
    const std::string_view candidate = names_[entry - 1];
    if (candidate.size() == name.size() &&
        same_bytes(candidate.data(), name.data(), name.size())) {
      return entry - 1;
    }
  }
}

void NameIndex::bind(pugi::xml_node parent, pugi::xml_node_struct** found) const {
  std::fill(found, found + names_.size(), nullptr);
  std::size_t k = 0;  // element children so far
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const char* name = c.name();
    std::size_t i = npos;
    if (k < kHints) {
      const std::uint16_t hint = hints_[k].load(std::memory_order_relaxed);
      if (hint != 0 && same_name(names_[hint - 1], name)) i = hint - 1;  // the usual case
    }
    if (i == npos) {
      i = find(name);
      if (k < kHints && i != npos && i < 0xFFFF) {
        hints_[k].store(static_cast<std::uint16_t>(i + 1), std::memory_order_relaxed);
      }
    }
    ++k;
    if (i != npos && found[i] == nullptr) found[i] = c.internal_object();  // first one wins
  }
}

std::optional<std::int64_t> to_int(std::string_view text) {
  std::string_view t = trim(text);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size()) return std::nullopt;
  return v;
}

std::optional<double> to_double(std::string_view text) {
  std::string_view t = trim(text);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size()) {
    // AWS writes the special values as words.
    if (iequals(t, "NaN")) return std::numeric_limits<double>::quiet_NaN();
    if (iequals(t, "Infinity")) return std::numeric_limits<double>::infinity();
    if (iequals(t, "-Infinity")) return -std::numeric_limits<double>::infinity();
    return std::nullopt;
  }
  return v;
}

std::optional<bool> to_bool(std::string_view text) {
  std::string_view t = trim(text);
  if (iequals(t, "true") || t == "1") return true;
  if (iequals(t, "false") || t == "0") return false;
  return std::nullopt;
}

std::optional<std::int64_t> child_int(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  if (!c) return std::nullopt;
  return to_int(c.child_value());
}

std::optional<double> child_double(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  if (!c) return std::nullopt;
  return to_double(c.child_value());
}

std::optional<bool> child_bool(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  if (!c) return std::nullopt;
  return to_bool(c.child_value());
}

namespace {

Error missing(pugi::xml_node node, const char* name) {
  return make_error(ErrorKind::kDecode, "MissingElement",
                    std::string("missing <") + name + "> in <" + node.name() + ">");
}

Error invalid(pugi::xml_node node, const char* name, std::string_view what, std::string_view text) {
  return make_error(ErrorKind::kDecode, "InvalidElement",
                    std::string("<") + name + "> in <" + node.name() + "> is not " +
                        std::string(what) + ": '" + protocol_detail::printable_excerpt(text, 64) +
                        "'");
}

}  // namespace

Result<std::string_view> required_child_text(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  if (!c) return missing(node, name);
  return std::string_view(c.child_value());
}

Result<std::int64_t> required_child_int(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  if (!c) return missing(node, name);
  if (auto v = to_int(c.child_value())) return *v;
  return invalid(node, name, "an integer", c.child_value());
}

Result<bool> required_child_bool(pugi::xml_node node, const char* name) {
  pugi::xml_node c = node.child(name);
  if (!c) return missing(node, name);
  if (auto v = to_bool(c.child_value())) return *v;
  return invalid(node, name, "a boolean", c.child_value());
}

void ElementRange::Iterator::settle() {
  while (node_ && (node_.type() != pugi::node_element ||
                   (name_ != nullptr && std::strcmp(node_.name(), name_) != 0))) {
    node_ = node_.next_sibling();
  }
}

std::size_t ElementRange::size() const {
  std::size_t n = 0;
  for (auto it = begin(); it != end(); ++it) ++n;
  return n;
}

std::vector<std::string> member_texts(pugi::xml_node parent, const char* list_name) {
  std::vector<std::string> out;
  for (pugi::xml_node m : members(parent, list_name)) out.emplace_back(m.child_value());
  return out;
}

}  // namespace drh::xml
