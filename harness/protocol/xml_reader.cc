#include "drh/protocol/xml_reader.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "drh/core/bytes.h"
#include "text_util.h"

namespace drh::xml {

namespace {

// Name characters, ASCII part of XML 1.0's NameStartChar / NameChar; every byte >= 0x80
// is accepted as part of a UTF-8 encoded name character.
constexpr std::array<std::uint8_t, 256> kNameChar = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = 2;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = 2;
  for (int c = 0x80; c < 0x100; ++c) t[static_cast<std::size_t>(c)] = 2;
  t['_'] = 2;
  t[':'] = 2;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = 1;
  t['-'] = 1;
  t['.'] = 1;
  return t;
}();  // 2: may start a name, 1: may continue one

// The first byte at or after `p` that cannot be part of a name (or `end`). Member names
// of AWS answers run to 30 bytes and more (DBClusterParameterGroupStatus): with SSE2 16
// of them are classified at a time, which a table lookup a byte cost several times over.
inline const char* skip_name_chars(const char* p, const char* end) {
#if defined(__SSE2__)
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Letters either case: v | 0x20 in 'a'..'z' (signed compares: bytes >= 0x80 are
    // negative and fall out here; the sign mask below takes them).
    const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i ok = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                               _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), lower));
    ok = _mm_or_si128(ok, _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                        _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), v)));
    ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
    ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, _mm_set1_epi8(':')));
    ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
    ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, _mm_set1_epi8('.')));
    const unsigned mask =
        static_cast<unsigned>(_mm_movemask_epi8(ok) | _mm_movemask_epi8(v)) ^ 0xFFFFu;
    if (mask != 0) return p + std::countr_zero(mask);
  }
#endif
  while (p < end && kNameChar[static_cast<unsigned char>(*p)] != 0) ++p;
  return p;
}

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

inline const char* skip_spaces(const char* p, const char* end) {
  while (p < end && is_space(*p)) ++p;
  return p;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Bytes that make a text need decoding: entities and line ends (attributes also turn
// \t and \n into spaces).
constexpr std::array<std::uint8_t, 256> kDecodeText = [] {
  std::array<std::uint8_t, 256> t{};
  t['&'] = 3;
  t['\r'] = 3;
  t['\t'] = 2;
  t['\n'] = 2;
  return t;
}();  // bit 1: text and attributes, bit 2: attributes only

// The first '<' at or after `p` (or `end`), noting in `special` whether a byte before it
// needs decoding ('&' or '\r'). One pass, 16 bytes a step with SSE2: texts in responses
// are short identifiers and ARNs, where a memchr call and then a second scan cost more.
inline const char* scan_text(const char* p, const char* end, bool& special) {
  bool sp = false;
#if defined(__SSE2__)
  const __m128i lt = _mm_set1_epi8('<');
  const __m128i amp = _mm_set1_epi8('&');
  const __m128i cr = _mm_set1_epi8('\r');
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const unsigned m_lt = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, lt)));
    const unsigned m_sp = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, cr))));
    if (m_lt != 0) {
      const unsigned before = (m_lt & (0u - m_lt)) - 1u;  // bits below the first '<'
      special = sp || (m_sp & before) != 0;
      return p + std::countr_zero(m_lt);
    }
    sp = sp || m_sp != 0;
  }
#endif
  for (; p < end && *p != '<'; ++p) sp = sp || *p == '&' || *p == '\r';
  special = sp;
  return p;
}

}  // namespace

Reader::Reader(std::string_view document)
    : begin_(document.data()), p_(document.data()), end_(document.data() + document.size()) {
  open_.reserve(16);
  // A UTF-8 byte order mark is not content.
  if (document.starts_with("\xEF\xBB\xBF")) p_ += 3;
}

std::string_view Reader::local_name() const {
  auto colon = name_.find(':');
  return colon == std::string_view::npos ? name_ : name_.substr(colon + 1);
}

std::optional<std::string_view> Reader::attribute(std::string_view qname) const {
  for (const auto& [k, v] : attributes_) {
    if (k == qname) return v;
  }
  return std::nullopt;
}

Reader::Token Reader::fail(const char* at, std::string message) {
  p_ = at;
  token_ = Token::kError;
  const std::string_view body(begin_, static_cast<std::size_t>(end_ - begin_));
  std::string full = "malformed XML";
  bool blank = true;
  for (char c : body) blank = blank && is_space(c);
  if (blank) {
    full += ": empty document";
  } else {
    const auto offset = static_cast<std::size_t>(at - begin_);
    full += " at byte " + std::to_string(offset) + ": " + message;
    if (offset < body.size()) {
      std::size_t from = offset >= 10 ? offset - 10 : 0;
      full += " (near '" + protocol_detail::printable_excerpt(body.substr(from, 30), 30) + "')";
    }
  }
  error_ = make_error(ErrorKind::kDecode, "MalformedXml", std::move(full));
  return token_;
}

Status Reader::status() const {
  if (error_) return *error_;
  return Ok{};
}

bool Reader::parse_name(std::string_view& out) {
  const char* start = p_;
  if (p_ >= end_ || kNameChar[static_cast<unsigned char>(*p_)] != 2) return false;
  ++p_;
  p_ = skip_name_chars(p_, end_);
  out = std::string_view(start, static_cast<std::size_t>(p_ - start));
  return true;
}

bool Reader::decode(const char* from, const char* to, bool attribute, std::string& buffer,
                    std::string_view& out) {
  const std::uint8_t mask = attribute ? 3 : 1;
  const char* p = from;
  while (p < to && (kDecodeText[static_cast<unsigned char>(*p)] & mask) == 0) ++p;
  if (p == to) {  // the usual case: nothing to change
    out = std::string_view(from, static_cast<std::size_t>(to - from));
    return true;
  }
  buffer.assign(from, p);
  while (p < to) {
    const char c = *p;
    if (c == '&') {
      const char* semi =
          static_cast<const char*>(std::memchr(p, ';', static_cast<std::size_t>(to - p)));
      if (semi == nullptr || semi - p > 12) {
        fail(p, "'&' that does not start an entity or character reference (write &amp;)");
        return false;
      }
      const std::string_view ref(p + 1, static_cast<std::size_t>(semi - p - 1));
      if (ref == "lt") {
        buffer += '<';
      } else if (ref == "gt") {
        buffer += '>';
      } else if (ref == "amp") {
        buffer += '&';
      } else if (ref == "apos") {
        buffer += '\'';
      } else if (ref == "quot") {
        buffer += '"';
      } else if (ref.size() >= 2 && ref[0] == '#') {
        const bool hex = ref[1] == 'x';
        std::string_view digits = ref.substr(hex ? 2 : 1);
        std::uint32_t cp = 0;
        bool ok = !digits.empty();
        for (char d : digits) {
          std::uint32_t v;
          if (d >= '0' && d <= '9') {
            v = static_cast<std::uint32_t>(d - '0');
          } else if (hex && d >= 'a' && d <= 'f') {
            v = static_cast<std::uint32_t>(d - 'a' + 10);
          } else if (hex && d >= 'A' && d <= 'F') {
            v = static_cast<std::uint32_t>(d - 'A' + 10);
          } else {
            ok = false;
            break;
          }
          cp = cp * (hex ? 16 : 10) + v;
          if (cp > 0x10FFFF) {
            ok = false;
            break;
          }
        }
        // Code points 1-0x1F are accepted as references (AWS writes &#x1; for control
        // characters); NUL and surrogates are not characters at all.
        if (!ok || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
          fail(p, "bad character reference '&" + std::string(ref) + ";'");
          return false;
        }
        append_utf8(buffer, cp);
      } else {
        fail(p, "unknown entity '&" + std::string(ref) + ";'");
        return false;
      }
      p = semi + 1;
    } else if (c == '\r') {
      buffer += attribute ? ' ' : '\n';
      ++p;
      if (p < to && *p == '\n') ++p;
    } else if (attribute && (c == '\t' || c == '\n')) {
      buffer += ' ';
      ++p;
    } else {
      const char* run = p;
      while (p < to && (kDecodeText[static_cast<unsigned char>(*p)] & mask) == 0) ++p;
      buffer.append(run, p);
    }
  }
  out = buffer;
  return true;
}

bool Reader::skip_past(std::string_view terminator, const char* what) {
  const std::string_view rest(p_, static_cast<std::size_t>(end_ - p_));
  const auto at = rest.find(terminator);
  if (at == std::string_view::npos) {
    fail(p_, std::string("unterminated ") + what);
    return false;
  }
  p_ += at + terminator.size();
  return true;
}

Reader::Token Reader::next() {
  if (token_ == Token::kError) return token_;
  if (pending_end_) {
    pending_end_ = false;
    name_ = open_.back();
    open_.pop_back();
    if (open_.empty()) root_closed_ = true;
    return token_ = Token::kEnd;
  }
  for (;;) {
    if (p_ >= end_) {
      if (!open_.empty()) {
        return fail(
            p_, "unexpected end of document: <" + std::string(open_.back()) + "> is not closed");
      }
      if (!root_seen_) return fail(p_, "no document element");
      return token_ = Token::kEndOfDocument;
    }
    if (*p_ != '<') {
      const char* start = p_;
      bool special = false;
      p_ = scan_text(p_, end_, special);
      const char* first = skip_spaces(start, p_);
      if (first == p_) continue;  // whitespace between tags
      if (open_.empty()) return fail(first, "text outside the document element");
      if (!special) {
        text_ = std::string_view(start, static_cast<std::size_t>(p_ - start));
      } else if (!decode(start, p_, false, text_buffer_, text_)) {
        return token_;
      }
      cdata_ = false;
      return token_ = Token::kText;
    }
    const char second = p_ + 1 < end_ ? p_[1] : '\0';
    if (second == '/') return end_tag();
    if (second == '?') {
      p_ += 2;
      if (!skip_past("?>", "processing instruction (no '?>')")) return token_;
      continue;
    }
    if (second != '!') return start_tag();
    const std::string_view rest(p_, static_cast<std::size_t>(end_ - p_));
    if (rest.starts_with("<!--")) {
      p_ += 4;
      if (!skip_past("-->", "comment (no '-->')")) return token_;
      continue;
    }
    if (rest.starts_with("<![CDATA[")) {
      if (open_.empty()) return fail(p_, "CDATA outside the document element");
      const char* from = p_ + 9;
      const auto close = rest.find("]]>", 9);
      if (close == std::string_view::npos) return fail(p_, "unterminated CDATA section (no ']]>')");
      const char* to = p_ + close;
      p_ = to + 3;
      // Only line ends change in CDATA: no entities there.
      if (std::memchr(from, '\r', static_cast<std::size_t>(to - from)) == nullptr) {
        text_ = std::string_view(from, static_cast<std::size_t>(to - from));
      } else {
        text_buffer_.clear();
        for (const char* q = from; q < to; ++q) {
          if (*q == '\r') {
            text_buffer_ += '\n';
            if (q + 1 < to && q[1] == '\n') ++q;
          } else {
            text_buffer_ += *q;
          }
        }
        text_ = text_buffer_;
      }
      cdata_ = true;
      return token_ = Token::kText;
    }
    if (rest.starts_with("<!DOCTYPE")) {
      if (root_seen_) return fail(p_, "DOCTYPE after the document element");
      // Up to the '>' that is not inside the internal subset [...].
      const char* q = p_ + 9;
      int brackets = 0;
      for (; q < end_; ++q) {
        if (*q == '[') ++brackets;
        if (*q == ']') --brackets;
        if (*q == '>' && brackets <= 0) break;
      }
      if (q >= end_) return fail(p_, "unterminated DOCTYPE");
      p_ = q + 1;
      continue;
    }
    return fail(p_, "unexpected markup '<!'");
  }
}

Reader::Token Reader::start_tag() {
  const char* at = p_;
  if (root_closed_) return fail(at, "a second element after the document element");
  ++p_;
  if (p_ >= end_ || kNameChar[static_cast<unsigned char>(*p_)] != 2) {
    return fail(p_, "expected an element name after '<'");
  }
  const char* name_end = skip_name_chars(p_ + 1, end_);
  const std::string_view name(p_, static_cast<std::size_t>(name_end - p_));
  p_ = name_end;
  attributes_.clear();
  // The usual case in a response: <Name> with no attributes.
  if (p_ < end_ && *p_ == '>') {
    ++p_;
    open_.push_back(name);
    root_seen_ = true;
    name_ = name;
    return token_ = Token::kStart;
  }
  return start_tag_rest(at, name);
}

Reader::Token Reader::start_tag_rest(const char* at, std::string_view name) {
  attribute_buffer_.clear();
  // Attribute values that needed decoding go to attribute_buffer_, which may move while
  // it grows: their views are made once every attribute is in.
  struct Decoded {
    std::size_t index, offset, size;
  };
  Decoded decoded[8];
  std::size_t n_decoded = 0;
  std::vector<Decoded> more_decoded;
  for (;;) {
    const char* before = p_;
    p_ = skip_spaces(p_, end_);
    if (p_ >= end_) return fail(at, "unterminated start tag <" + std::string(name) + ">");
    if (*p_ == '>') {
      ++p_;
      break;
    }
    if (*p_ == '/') {
      if (p_ + 1 >= end_ || p_[1] != '>') return fail(p_, "expected '/>'");
      p_ += 2;
      pending_end_ = true;
      break;
    }
    if (before == p_) return fail(p_, "expected whitespace, '>' or '/>' in a start tag");
    std::string_view attr;
    if (!parse_name(attr)) return fail(p_, "expected an attribute name");
    p_ = skip_spaces(p_, end_);
    if (p_ >= end_ || *p_ != '=') {
      return fail(p_, "expected '=' after attribute " + std::string(attr));
    }
    p_ = skip_spaces(p_ + 1, end_);
    if (p_ >= end_ || (*p_ != '"' && *p_ != '\'')) {
      return fail(p_, "attribute " + std::string(attr) + " has no quoted value");
    }
    const char quote = *p_++;
    const char* close =
        static_cast<const char*>(std::memchr(p_, quote, static_cast<std::size_t>(end_ - p_)));
    if (close == nullptr)
      return fail(p_ - 1, "unterminated value of attribute " + std::string(attr));
    if (std::memchr(p_, '<', static_cast<std::size_t>(close - p_)) != nullptr) {
      return fail(p_, "'<' in the value of attribute " + std::string(attr));
    }
    std::string scratch;
    std::string_view value;
    const std::size_t offset = attribute_buffer_.size();
    if (!decode(p_, close, true, scratch, value)) return token_;
    if (value.data() == scratch.data()) {
      attribute_buffer_ += scratch;
      const Decoded d{attributes_.size(), offset, scratch.size()};
      if (n_decoded < 8) {
        decoded[n_decoded++] = d;
      } else {
        more_decoded.push_back(d);
      }
    }
    attributes_.emplace_back(attr, value);
    p_ = close + 1;
  }
  for (std::size_t i = 0; i < n_decoded; ++i) {
    attributes_[decoded[i].index].second =
        std::string_view(attribute_buffer_).substr(decoded[i].offset, decoded[i].size);
  }
  for (const Decoded& d : more_decoded) {
    attributes_[d.index].second = std::string_view(attribute_buffer_).substr(d.offset, d.size);
  }
  open_.push_back(name);
  root_seen_ = true;
  name_ = name;
  return token_ = Token::kStart;
}

Reader::Token Reader::end_tag() {
  const char* at = p_;
  // The usual case: exactly </name> of the innermost open element.
  if (!open_.empty()) {
    const std::string_view open = open_.back();
    const char* after = p_ + 2 + open.size();
    if (after < end_ && *after == '>' && same_bytes(p_ + 2, open.data(), open.size())) {
      p_ = after + 1;
      open_.pop_back();
      if (open_.empty()) root_closed_ = true;
      name_ = open;
      return token_ = Token::kEnd;
    }
  }
  p_ += 2;
  std::string_view name;
  if (!parse_name(name)) return fail(p_, "expected an element name after '</'");
  p_ = skip_spaces(p_, end_);
  if (p_ >= end_ || *p_ != '>') return fail(p_, "expected '>' to end </" + std::string(name));
  ++p_;
  if (open_.empty()) return fail(at, "end tag </" + std::string(name) + "> without a start tag");
  if (!same_name(open_.back(), name)) {
    return fail(at, "end tag </" + std::string(name) + "> does not match <" +
                        std::string(open_.back()) + ">");
  }
  open_.pop_back();
  if (open_.empty()) root_closed_ = true;
  name_ = name;
  return token_ = Token::kEnd;
}

std::string_view Reader::element_text(bool* has_content) {
  // The usual case, <name>text</name> with nothing to decode, without a token for the
  // text: most members of a response are leaves like that.
  if (token_ == Token::kStart && !pending_end_ && p_ < end_ && *p_ != '<') {
    const std::string_view open = open_.back();
    bool special = false;
    const char* lt = scan_text(p_, end_, special);
    const char* after = lt + 2 + open.size();
    if (!special && after < end_ && lt[1] == '/' && *after == '>' &&
        same_bytes(lt + 2, open.data(), open.size())) {
      std::string_view text(p_, static_cast<std::size_t>(lt - p_));
      const bool blank = skip_spaces(p_, lt) == lt;
      if (blank) text = {};  // whitespace alone is no text node
      p_ = after + 1;
      open_.pop_back();
      if (open_.empty()) root_closed_ = true;
      name_ = open;
      token_ = Token::kEnd;
      if (has_content != nullptr) *has_content = !blank;
      return text;
    }
  }
  const std::size_t depth = open_.size();
  std::string_view first;
  bool have = false;
  bool content = false;
  for (;;) {
    const Token t = next();
    if (t == Token::kText) {
      content = true;
      if (!have) {
        have = true;
        first = text_;
        if (!text_.empty() && text_.data() == text_buffer_.data()) {
          // Decoded: keep it out of the way of the texts still to come.
          std::swap(held_, text_buffer_);
          first = held_;
        }
      }
    } else if (t == Token::kStart) {
      content = true;
      skip_element();
    } else if (t == Token::kEnd && open_.size() < depth) {
      break;
    } else {
      break;  // kError (kEnd of a deeper element cannot come: children are skipped)
    }
  }
  if (has_content != nullptr) *has_content = content;
  return first;
}

void Reader::skip_element(bool* has_content) {
  const std::size_t depth = open_.size();
  bool content = false;
  for (;;) {
    const Token t = next();
    if (t == Token::kEnd) {
      if (open_.size() < depth) break;
    } else if (t == Token::kStart || t == Token::kText) {
      content = true;
    } else {
      break;
    }
  }
  if (has_content != nullptr) *has_content = content;
}

Reader::Token Reader::finish() {
  for (;;) {
    const Token t = next();
    if (t == Token::kEndOfDocument || t == Token::kError) return t;
  }
}

}  // namespace drh::xml
