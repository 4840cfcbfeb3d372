#include "dynamodb_expressions.h"

#include <algorithm>

#include "drh/core/encoding.h"
#include "service.h"

namespace drh::fake::ddb {

namespace {

[[noreturn]] void invalid(std::string message) {
  fail_validation(std::move(message), "ValidationException");
}

struct Token {
  enum class Kind { kName, kNamePlaceholder, kValuePlaceholder, kNumber, kPunct, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;
  std::size_t pos = 0;
};

bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

// Names of the update clauses, as keywords (case-insensitive).
bool is_clause(const Token& t) {
  if (t.kind != Token::Kind::kName) return false;
  return iequals(t.text, "SET") || iequals(t.text, "REMOVE") || iequals(t.text, "ADD") ||
         iequals(t.text, "DELETE");
}

std::string describe_value(const json& v) {
  return "AttributeValue: {" + std::string(type_of(v)) + ":" +
         (v.begin()->is_string() ? v.begin()->get<std::string>() : v.begin()->dump()) + "}";
}

bool is_scalar_type(std::string_view t) { return t == "S" || t == "N" || t == "B"; }

}  // namespace

std::string path_text(const Path& path) {
  std::string out = "[";
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i) out += ", ";
    out += path[i].index >= 0 ? "[" + std::to_string(path[i].index) + "]" : path[i].name;
  }
  return out + "]";
}

// ---------------------------------------------------------------- parsing

class Parser {
 public:
  Parser(ExpressionContext& ctx, std::string_view text, std::string member)
      : ctx_(ctx), text_(text), member_(std::move(member)) {
    tokenize();
  }

  Condition condition() {
    if (tokens_.size() == 1) invalid("Invalid " + member_ + ": The expression can not be empty;");
    Condition c = or_expr();
    expect_end();
    return c;
  }

  std::vector<Path> projection() {
    if (tokens_.size() == 1) invalid("Invalid " + member_ + ": The expression can not be empty;");
    std::vector<Path> out;
    out.push_back(path());
    while (accept(",")) out.push_back(path());
    expect_end();
    return out;
  }

  std::vector<UpdateAction> update() {
    if (tokens_.size() == 1) invalid("Invalid " + member_ + ": The expression can not be empty;");
    std::vector<UpdateAction> out;
    std::set<std::string> seen;
    while (peek().kind != Token::Kind::kEnd) {
      const Token& t = peek();
      if (!is_clause(t)) syntax_error();
      std::string clause = to_upper(t.text);
      if (!seen.insert(clause).second) {
        invalid("Invalid " + member_ + ": The \"" + clause +
                "\" section can only be used once in an update expression;");
      }
      ++pos_;
      do {
        UpdateAction a;
        a.path = path();
        if (clause == "SET") {
          a.kind = UpdateAction::Kind::kSet;
          expect("=");
          a.value = set_value();
        } else if (clause == "REMOVE") {
          a.kind = UpdateAction::Kind::kRemove;
        } else {
          a.kind = clause == "ADD" ? UpdateAction::Kind::kAdd : UpdateAction::Kind::kDelete;
          a.value = operand();
          if (a.value.kind != Operand::Kind::kValue) syntax_error();
        }
        out.push_back(std::move(a));
      } while (accept(","));
    }
    check_overlaps(out);
    return out;
  }

 private:
  static std::string to_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
  }

  void tokenize() {
    std::size_t i = 0;
    while (i < text_.size()) {
      const char c = text_[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i;
        continue;
      }
      Token t;
      t.pos = i;
      if (name_start(c)) {
        std::size_t j = i;
        while (j < text_.size() && name_char(text_[j])) ++j;
        t.kind = Token::Kind::kName;
        t.text = std::string(text_.substr(i, j - i));
        i = j;
      } else if (c == '#' || c == ':') {
        std::size_t j = i + 1;
        while (j < text_.size() && name_char(text_[j])) ++j;
        t.kind = c == '#' ? Token::Kind::kNamePlaceholder : Token::Kind::kValuePlaceholder;
        t.text = std::string(text_.substr(i, j - i));
        if (j == i + 1) lex_error(i);
        i = j;
      } else if (c >= '0' && c <= '9') {
        std::size_t j = i;
        while (j < text_.size() && text_[j] >= '0' && text_[j] <= '9') ++j;
        t.kind = Token::Kind::kNumber;
        t.text = std::string(text_.substr(i, j - i));
        i = j;
      } else if (c == '<' || c == '>') {
        t.kind = Token::Kind::kPunct;
        if (i + 1 < text_.size() && (text_[i + 1] == '=' || (c == '<' && text_[i + 1] == '>'))) {
          t.text = std::string(text_.substr(i, 2));
          i += 2;
        } else {
          t.text = std::string(1, c);
          ++i;
        }
      } else if (std::string_view("()[],.=+-").find(c) != std::string_view::npos) {
        t.kind = Token::Kind::kPunct;
        t.text = std::string(1, c);
        ++i;
      } else {
        lex_error(i);
      }
      tokens_.push_back(std::move(t));
    }
    Token end;
    end.kind = Token::Kind::kEnd;
    end.pos = text_.size();
    tokens_.push_back(end);
  }

  [[noreturn]] void lex_error(std::size_t i) {
    invalid("Invalid " + member_ + ": Syntax error; token: \"" + std::string(1, text_[i]) +
            "\", near: \"" + std::string(text_.substr(i > 0 ? i - 1 : 0, 3)) + "\"");
  }

  [[noreturn]] void syntax_error() {
    const Token& t = peek();
    if (t.kind == Token::Kind::kEnd) {
      const Token& last = pos_ > 0 ? tokens_[pos_ - 1] : t;
      invalid("Invalid " + member_ + ": Syntax error; token: <EOF>, near: \"" + last.text + "\"");
    }
    const std::size_t from = pos_ > 0 ? tokens_[pos_ - 1].pos : t.pos;
    const Token& next = tokens_[std::min(pos_ + 1, tokens_.size() - 1)];
    const std::size_t to = next.kind == Token::Kind::kEnd ? text_.size() : next.pos + next.text.size();
    invalid("Invalid " + member_ + ": Syntax error; token: \"" + t.text + "\", near: \"" +
            std::string(text_.substr(from, to - from)) + "\"");
  }

  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  bool is(std::string_view punct, std::size_t ahead = 0) const {
    const Token& t = peek(ahead);
    return t.kind == Token::Kind::kPunct && t.text == punct;
  }
  bool is_keyword(std::string_view word) const {
    const Token& t = peek();
    return t.kind == Token::Kind::kName && iequals(t.text, word);
  }
  bool accept(std::string_view punct) {
    if (!is(punct)) return false;
    ++pos_;
    return true;
  }
  void expect(std::string_view punct) {
    if (!accept(punct)) syntax_error();
  }
  void expect_end() {
    if (peek().kind != Token::Kind::kEnd) syntax_error();
  }

  // -------------------------------------------------------------- conditions

  Condition or_expr() {
    Condition left = and_expr();
    while (is_keyword("OR")) {
      ++pos_;
      Condition c;
      c.kind = Condition::Kind::kOr;
      c.children.push_back(std::move(left));
      c.children.push_back(and_expr());
      left = std::move(c);
    }
    return left;
  }

  Condition and_expr() {
    Condition left = not_expr();
    while (is_keyword("AND")) {
      ++pos_;
      Condition c;
      c.kind = Condition::Kind::kAnd;
      c.children.push_back(std::move(left));
      c.children.push_back(not_expr());
      left = std::move(c);
    }
    return left;
  }

  Condition not_expr() {
    if (is_keyword("NOT")) {
      ++pos_;
      Condition c;
      c.kind = Condition::Kind::kNot;
      c.children.push_back(not_expr());
      return c;
    }
    return primary();
  }

  Condition primary() {
    if (accept("(")) {
      Condition c = or_expr();
      expect(")");
      return c;
    }
    const Token& t = peek();
    if (t.kind == Token::Kind::kName && is("(", 1) && t.text != "size") return function();
    Operand left = operand();
    Condition c;
    if (is_keyword("BETWEEN")) {
      ++pos_;
      c.kind = Condition::Kind::kBetween;
      c.op = "BETWEEN";
      c.operands.push_back(std::move(left));
      c.operands.push_back(operand());
      if (!is_keyword("AND")) syntax_error();
      ++pos_;
      c.operands.push_back(operand());
      check_ordered_operands(c);
      const Operand& lo = c.operands[1];
      const Operand& hi = c.operands[2];
      if (lo.kind == Operand::Kind::kValue && hi.kind == Operand::Kind::kValue &&
          type_of(*lo.value) == type_of(*hi.value) &&
          compare_scalars(*lo.value, *hi.value) > 0) {
        invalid("Invalid " + member_ +
                ": The BETWEEN operator requires upper bound to be greater than or equal to "
                "lower bound; lower bound operand: " +
                describe_value(*lo.value) + ", upper bound operand: " + describe_value(*hi.value));
      }
      return c;
    }
    if (is_keyword("IN")) {
      ++pos_;
      c.kind = Condition::Kind::kIn;
      c.op = "IN";
      c.operands.push_back(std::move(left));
      expect("(");
      c.operands.push_back(operand());
      while (accept(",")) c.operands.push_back(operand());
      expect(")");
      if (c.operands.size() > 101) {
        invalid("Invalid " + member_ +
                ": The IN operator is provided with too many operands; number of operands: " +
                std::to_string(c.operands.size() - 1));
      }
      return c;
    }
    const Token& op = peek();
    static constexpr std::string_view kComparators[] = {"=", "<>", "<", "<=", ">", ">="};
    if (op.kind != Token::Kind::kPunct ||
        std::find(std::begin(kComparators), std::end(kComparators), op.text) ==
            std::end(kComparators)) {
      syntax_error();
    }
    ++pos_;
    c.kind = Condition::Kind::kCompare;
    c.op = op.text;
    c.operands.push_back(std::move(left));
    c.operands.push_back(operand());
    if (c.op != "=" && c.op != "<>") check_ordered_operands(c);
    return c;
  }

  // <, <=, >, >= and BETWEEN order scalars only.
  void check_ordered_operands(const Condition& c) {
    for (const Operand& o : c.operands) {
      if (o.kind == Operand::Kind::kValue && !is_scalar_type(type_of(*o.value))) {
        invalid("Invalid " + member_ +
                ": Incorrect operand type for operator or function; operator or function: " +
                c.op + ", operand type: " + std::string(type_of(*o.value)));
      }
    }
  }

  static int compare_scalars(const json& a, const json& b) {
    auto c = KeyValue::from(a) <=> KeyValue::from(b);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }

  Condition function() {
    const std::string name = peek().text;
    static constexpr std::string_view kFunctions[] = {
        "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains"};
    if (std::find(std::begin(kFunctions), std::end(kFunctions), name) == std::end(kFunctions)) {
      if (name == "if_not_exists" || name == "list_append") {
        invalid("Invalid " + member_ +
                ": The function is not allowed to be used this way in an expression; function: " +
                name);
      }
      invalid("Invalid " + member_ + ": Invalid function name; function: " + name);
    }
    pos_ += 2;  // name and "("
    Condition c;
    c.kind = Condition::Kind::kFunction;
    c.op = name;
    c.operands.push_back(operand());
    while (accept(",")) c.operands.push_back(operand());
    expect(")");
    const std::size_t want = (name == "attribute_exists" || name == "attribute_not_exists") ? 1 : 2;
    if (c.operands.size() != want) {
      invalid("Invalid " + member_ +
              ": Incorrect number of operands for operator or function; operator or function: " +
              name + ", number of operands: " + std::to_string(c.operands.size()));
    }
    if (name != "contains" && name != "begins_with" &&
        c.operands[0].kind != Operand::Kind::kPath) {
      invalid("Invalid " + member_ +
              ": Operator or function requires a document path; operator or function: " + name);
    }
    if (name == "attribute_type") {
      const Operand& t = c.operands[1];
      static constexpr std::string_view kTypes[] = {"S",  "N",  "B",  "BOOL", "NULL",
                                                    "M",  "L",  "SS", "NS",   "BS"};
      if (t.kind != Operand::Kind::kValue || type_of(*t.value) != "S" ||
          std::find(std::begin(kTypes), std::end(kTypes),
                    t.value->begin()->get<std::string>()) == std::end(kTypes)) {
        invalid("Invalid " + member_ + ": Invalid attribute type name found; type: " +
                (t.kind == Operand::Kind::kValue ? t.value->begin()->dump() : "path") +
                ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
      }
    }
    if (name == "begins_with") {
      for (const Operand& o : c.operands) {
        if (o.kind == Operand::Kind::kValue && type_of(*o.value) != "S" &&
            type_of(*o.value) != "B") {
          invalid("Invalid " + member_ +
                  ": Incorrect operand type for operator or function; operator or function: "
                  "begins_with, operand type: " +
                  std::string(type_of(*o.value)));
        }
      }
    }
    return c;
  }

  // -------------------------------------------------------------- operands

  Operand operand() {
    const Token& t = peek();
    Operand o;
    if (t.kind == Token::Kind::kValuePlaceholder) {
      o.kind = Operand::Kind::kValue;
      o.value = value_ref(t.text);
      ++pos_;
      return o;
    }
    if (t.kind == Token::Kind::kName && t.text == "size" && is("(", 1)) {
      pos_ += 2;
      o.kind = Operand::Kind::kSize;
      if (peek().kind == Token::Kind::kValuePlaceholder) {
        invalid("Invalid " + member_ +
                ": Operator or function requires a document path; operator or function: size");
      }
      o.path = path();
      expect(")");
      return o;
    }
    if (t.kind == Token::Kind::kName && is("(", 1)) {
      invalid("Invalid " + member_ + ": Invalid function name; function: " + t.text);
    }
    o.kind = Operand::Kind::kPath;
    o.path = path();
    return o;
  }

  // SET right-hand side: operand [+|- operand], with if_not_exists and list_append.
  Operand set_value() {
    Operand left = set_operand();
    if (is("+") || is("-")) {
      Operand o;
      o.kind = is("+") ? Operand::Kind::kPlus : Operand::Kind::kMinus;
      ++pos_;
      o.args.push_back(std::move(left));
      o.args.push_back(set_operand());
      return o;
    }
    return left;
  }

  Operand set_operand() {
    const Token& t = peek();
    if (t.kind == Token::Kind::kName && is("(", 1)) {
      if (t.text != "if_not_exists" && t.text != "list_append") {
        invalid("Invalid " + member_ + ": Invalid function name; function: " + t.text);
      }
      Operand o;
      o.kind = t.text == "if_not_exists" ? Operand::Kind::kIfNotExists
                                         : Operand::Kind::kListAppend;
      pos_ += 2;
      if (o.kind == Operand::Kind::kIfNotExists) {
        if (peek().kind == Token::Kind::kValuePlaceholder) {
          invalid("Invalid " + member_ +
                  ": Operator or function requires a document path; operator or function: "
                  "if_not_exists");
        }
        o.path = path();
        expect(",");
        o.args.push_back(set_operand());
      } else {
        o.args.push_back(set_operand());
        expect(",");
        o.args.push_back(set_operand());
      }
      expect(")");
      return o;
    }
    Operand o;
    if (t.kind == Token::Kind::kValuePlaceholder) {
      o.kind = Operand::Kind::kValue;
      o.value = value_ref(t.text);
      ++pos_;
      return o;
    }
    o.kind = Operand::Kind::kPath;
    o.path = path();
    return o;
  }

  Path path() {
    Path p;
    p.push_back(PathElement{path_name(), -1});
    for (;;) {
      if (accept(".")) {
        p.push_back(PathElement{path_name(), -1});
      } else if (is("[")) {
        ++pos_;
        const Token& n = peek();
        if (n.kind != Token::Kind::kNumber) syntax_error();
        PathElement e;
        e.index = n.text.size() > 9 ? 999999999 : std::stol(n.text);
        ++pos_;
        expect("]");
        p.push_back(std::move(e));
      } else {
        return p;
      }
    }
  }

  std::string path_name() {
    const Token& t = peek();
    if (t.kind == Token::Kind::kNamePlaceholder) {
      ++pos_;
      return name_ref(t.text);
    }
    if (t.kind != Token::Kind::kName || is_clause(t) ||
        iequals(t.text, "AND") || iequals(t.text, "OR") || iequals(t.text, "NOT") ||
        iequals(t.text, "BETWEEN") || iequals(t.text, "IN")) {
      if (t.kind == Token::Kind::kName && is_reserved_word(t.text)) reserved(t.text);
      syntax_error();
    }
    if (is_reserved_word(t.text)) reserved(t.text);
    ++pos_;
    return t.text;
  }

  [[noreturn]] void reserved(const std::string& word) {
    invalid("Invalid " + member_ +
            ": Attribute name is a reserved keyword; reserved keyword: " + word);
  }

  std::string name_ref(const std::string& placeholder) {
    const json* names = ctx_.names_;
    if (names) {
      auto it = names->find(placeholder);
      if (it != names->end()) {
        ctx_.used_names_.insert(placeholder);
        return it->get<std::string>();
      }
    }
    invalid("Invalid " + member_ +
            ": An expression attribute name used in the document path is not defined; "
            "attribute name: " +
            placeholder);
  }

  const json* value_ref(const std::string& placeholder) {
    auto it = ctx_.values_.find(placeholder);
    if (it == ctx_.values_.end()) {
      invalid("Invalid " + member_ +
              ": An expression attribute value used in expression is not defined; attribute "
              "value: " +
              placeholder);
    }
    ctx_.used_values_.insert(placeholder);
    return &*it;
  }

  static bool is_prefix(const Path& a, const Path& b) {
    if (a.size() > b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].name != b[i].name || a[i].index != b[i].index) return false;
    }
    return true;
  }

  void check_overlaps(const std::vector<UpdateAction>& actions) {
    for (std::size_t i = 0; i < actions.size(); ++i) {
      for (std::size_t j = i + 1; j < actions.size(); ++j) {
        const Path& a = actions[i].path;
        const Path& b = actions[j].path;
        if (is_prefix(a, b) || is_prefix(b, a)) {
          invalid("Invalid " + member_ +
                  ": Two document paths overlap with each other; must remove or rewrite one of "
                  "these paths; path one: " +
                  path_text(a) + ", path two: " + path_text(b));
        }
      }
    }
  }

  ExpressionContext& ctx_;
  std::string_view text_;
  std::string member_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

ExpressionContext::ExpressionContext(const json* names, const json* values) : names_(names) {
  if (names) {
    if (!names->is_object()) {
      fail(400, "SerializationException", "ExpressionAttributeNames must be a map of strings");
    }
    if (names->empty()) invalid("ExpressionAttributeNames must not be empty");
    for (const auto& [k, v] : names->items()) {
      if (k.size() < 2 || k[0] != '#' || !v.is_string()) {
        invalid("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + k + "\"");
      }
    }
  }
  if (values) {
    if (!values->is_object()) {
      fail(400, "SerializationException",
           "ExpressionAttributeValues must be a map of attribute values");
    }
    if (values->empty()) invalid("ExpressionAttributeValues must not be empty");
    for (const auto& [k, v] : values->items()) {
      if (k.size() < 2 || k[0] != ':') {
        invalid("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + k +
                "\"");
      }
      values_[k] = normalize_value(v);
    }
  }
}

Condition ExpressionContext::parse_condition(std::string_view text, std::string_view member) {
  return Parser(*this, text, std::string(member)).condition();
}

std::vector<Path> ExpressionContext::parse_projection(std::string_view text) {
  return Parser(*this, text, "ProjectionExpression").projection();
}

std::vector<UpdateAction> ExpressionContext::parse_update(std::string_view text) {
  return Parser(*this, text, "UpdateExpression").update();
}

void ExpressionContext::check_all_used() const {
  auto unused = [](const auto& keys, const auto& used) {
    std::string list;
    for (const auto& k : keys) {
      if (!used.contains(k)) list += (list.empty() ? "" : ", ") + k;
    }
    return list;
  };
  if (names_) {
    std::vector<std::string> keys;
    for (const auto& [k, v] : names_->items()) keys.push_back(k);
    if (auto l = unused(keys, used_names_); !l.empty()) {
      invalid("Value provided in ExpressionAttributeNames unused in expressions: keys: {" + l + "}");
    }
  }
  std::vector<std::string> keys;
  for (const auto& [k, v] : values_.items()) keys.push_back(k);
  if (auto l = unused(keys, used_values_); !l.empty()) {
    invalid("Value provided in ExpressionAttributeValues unused in expressions: keys: {" + l + "}");
  }
}

// ---------------------------------------------------------------- evaluation

const json* resolve(const json& item, const Path& path) {
  const json* cur = nullptr;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const PathElement& e = path[i];
    if (i == 0) {
      auto it = item.find(e.name);
      if (it == item.end()) return nullptr;
      cur = &*it;
      continue;
    }
    if (e.index >= 0) {
      auto l = cur->find("L");
      if (l == cur->end() || static_cast<std::size_t>(e.index) >= l->size()) return nullptr;
      cur = &(*l)[static_cast<std::size_t>(e.index)];
    } else {
      auto m = cur->find("M");
      if (m == cur->end()) return nullptr;
      auto it = m->find(e.name);
      if (it == m->end()) return nullptr;
      cur = &*it;
    }
  }
  return cur;
}

namespace {

// An operand's value; nullopt when it designates a missing attribute.
std::optional<json> value_of(const Operand& o, const json& item) {
  switch (o.kind) {
    case Operand::Kind::kValue:
      return *o.value;
    case Operand::Kind::kPath: {
      const json* v = resolve(item, o.path);
      if (!v) return std::nullopt;
      return *v;
    }
    case Operand::Kind::kSize: {
      const json* v = resolve(item, o.path);
      if (!v) return std::nullopt;
      const std::string_view t = type_of(*v);
      const json& inner = v->begin().value();
      std::size_t size = 0;
      if (t == "S") {
        size = inner.get_ref<const std::string&>().size();
      } else if (t == "B") {
        std::string bytes;
        base64_decode(inner.get_ref<const std::string&>(), bytes);
        size = bytes.size();
      } else if (t == "SS" || t == "NS" || t == "BS" || t == "L" || t == "M") {
        size = inner.size();
      } else {
        return std::nullopt;  // size() of a number, boolean or null is not defined
      }
      return json{{"N", std::to_string(size)}};
    }
    default:
      return std::nullopt;
  }
}

// -1/0/1 for comparable scalars of one type; nullopt otherwise.
std::optional<int> compare(const json& a, const json& b) {
  const std::string_view t = type_of(a);
  if (t != type_of(b) || !is_scalar_type(t)) return std::nullopt;
  auto c = KeyValue::from(a) <=> KeyValue::from(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

bool contains(const json& haystack, const json& needle) {
  const std::string_view t = type_of(haystack);
  const json& h = haystack.begin().value();
  const std::string_view nt = type_of(needle);
  const json& n = needle.begin().value();
  if (t == "S" && nt == "S") {
    return h.get_ref<const std::string&>().find(n.get_ref<const std::string&>()) !=
           std::string::npos;
  }
  if (t == "B" && nt == "B") {
    std::string hb, nb;
    base64_decode(h.get_ref<const std::string&>(), hb);
    base64_decode(n.get_ref<const std::string&>(), nb);
    return hb.find(nb) != std::string::npos;
  }
  if ((t == "SS" && nt == "S") || (t == "NS" && nt == "N") || (t == "BS" && nt == "B")) {
    return std::find(h.begin(), h.end(), n) != h.end();
  }
  if (t == "L") {
    for (const json& e : h) {
      if (values_equal(e, needle)) return true;
    }
  }
  return false;
}

bool begins_with(const json& value, const json& prefix) {
  const std::string_view t = type_of(value);
  if (t != type_of(prefix)) return false;
  if (t == "S") {
    return value.begin()->get_ref<const std::string&>().starts_with(
        prefix.begin()->get_ref<const std::string&>());
  }
  if (t == "B") {
    std::string vb, pb;
    base64_decode(value.begin()->get_ref<const std::string&>(), vb);
    base64_decode(prefix.begin()->get_ref<const std::string&>(), pb);
    return vb.starts_with(pb);
  }
  return false;
}

}  // namespace

bool evaluate(const Condition& c, const json& item) {
  switch (c.kind) {
    case Condition::Kind::kAnd:
      return evaluate(c.children[0], item) && evaluate(c.children[1], item);
    case Condition::Kind::kOr:
      return evaluate(c.children[0], item) || evaluate(c.children[1], item);
    case Condition::Kind::kNot:
      return !evaluate(c.children[0], item);
    case Condition::Kind::kCompare: {
      auto a = value_of(c.operands[0], item);
      auto b = value_of(c.operands[1], item);
      if (!a || !b) return c.op == "<>" && (a.has_value() != b.has_value());
      if (c.op == "=") return values_equal(*a, *b);
      if (c.op == "<>") return !values_equal(*a, *b);
      auto cmp = compare(*a, *b);
      if (!cmp) return false;
      if (c.op == "<") return *cmp < 0;
      if (c.op == "<=") return *cmp <= 0;
      if (c.op == ">") return *cmp > 0;
      return *cmp >= 0;
    }
    case Condition::Kind::kBetween: {
      auto v = value_of(c.operands[0], item);
      auto lo = value_of(c.operands[1], item);
      auto hi = value_of(c.operands[2], item);
      if (!v || !lo || !hi) return false;
      auto a = compare(*v, *lo);
      auto b = compare(*v, *hi);
      return a && b && *a >= 0 && *b <= 0;
    }
    case Condition::Kind::kIn: {
      auto v = value_of(c.operands[0], item);
      if (!v) return false;
      for (std::size_t i = 1; i < c.operands.size(); ++i) {
        auto e = value_of(c.operands[i], item);
        if (e && values_equal(*v, *e)) return true;
      }
      return false;
    }
    case Condition::Kind::kFunction: {
      if (c.op == "attribute_exists") return resolve(item, c.operands[0].path) != nullptr;
      if (c.op == "attribute_not_exists") return resolve(item, c.operands[0].path) == nullptr;
      auto a = value_of(c.operands[0], item);
      auto b = value_of(c.operands[1], item);
      if (!a || !b) return false;
      if (c.op == "attribute_type") return type_of(*a) == b->begin()->get<std::string>();
      if (c.op == "begins_with") return begins_with(*a, *b);
      return contains(*a, *b);
    }
  }
  return false;
}

json project(const json& item, const std::vector<Path>& paths) {
  json out = json::object();
  for (const Path& p : paths) {
    const json* v = resolve(item, p);
    if (!v) continue;
    // Rebuild the path's containers in `out`; list elements are appended in request
    // order, so a projection of a[3] gives a one-element list, as DynamoDB answers.
    json* cur = &out;
    for (std::size_t i = 0; i < p.size(); ++i) {
      const bool last = i + 1 == p.size();
      const PathElement& e = p[i];
      json* slot = nullptr;
      if (i == 0) {
        slot = &(*cur)[e.name];
      } else if (e.index >= 0) {
        json& list = (*cur)["L"];
        if (!list.is_array()) list = json::array();
        list.push_back(json());
        slot = &list.back();
      } else {
        json& map = (*cur)["M"];
        if (!map.is_object()) map = json::object();
        slot = &map[e.name];
      }
      if (last) {
        *slot = *v;
      } else if (slot->is_null()) {
        *slot = json::object();
      }
      cur = slot;
    }
  }
  return out;
}

// ---------------------------------------------------------------- updates

namespace {

[[noreturn]] void wrong_type() {
  invalid("An operand in the update expression has an incorrect data type");
}

json update_value(const Operand& o, const json& item) {
  switch (o.kind) {
    case Operand::Kind::kValue:
      return *o.value;
    case Operand::Kind::kPath: {
      const json* v = resolve(item, o.path);
      if (!v) {
        invalid("The provided expression refers to an attribute that does not exist in the item");
      }
      return *v;
    }
    case Operand::Kind::kIfNotExists: {
      const json* v = resolve(item, o.path);
      return v ? *v : update_value(o.args[0], item);
    }
    case Operand::Kind::kListAppend: {
      json a = update_value(o.args[0], item);
      json b = update_value(o.args[1], item);
      if (type_of(a) != "L" || type_of(b) != "L") wrong_type();
      json out = a;
      for (const json& e : b["L"]) out["L"].push_back(e);
      return out;
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus: {
      json a = update_value(o.args[0], item);
      json b = update_value(o.args[1], item);
      if (type_of(a) != "N" || type_of(b) != "N") wrong_type();
      Number x = *Number::parse(a["N"].get<std::string>());
      Number y = *Number::parse(b["N"].get<std::string>());
      Number r = o.kind == Operand::Kind::kPlus ? x + y : x + (-y);
      check_number_range(r);
      return json{{"N", r.text()}};
    }
    case Operand::Kind::kSize:
      break;
  }
  wrong_type();
}

[[noreturn]] void invalid_path() {
  invalid("The document path provided in the update expression is invalid for update");
}

// The container a path's last element lives in, created for nothing: parents must exist.
json* parent_of(json& item, const Path& path) {
  if (path.size() == 1) return &item;
  Path parent(path.begin(), path.end() - 1);
  // `item` is ours to modify: resolve() only walks it.
  json* mp = const_cast<json*>(resolve(item, parent));
  if (!mp) invalid_path();
  const PathElement& last = path.back();
  if (last.index >= 0) {
    auto l = mp->find("L");
    if (l == mp->end()) invalid_path();
    return &*l;
  }
  auto m = mp->find("M");
  if (m == mp->end()) invalid_path();
  return &*m;
}

void set_at(json& item, const Path& path, json value) {
  json* parent = parent_of(item, path);
  const PathElement& last = path.back();
  if (last.index >= 0) {
    const auto i = static_cast<std::size_t>(last.index);
    if (i < parent->size()) {
      (*parent)[i] = std::move(value);
    } else {
      parent->push_back(std::move(value));  // past the end appends, as DynamoDB does
    }
  } else {
    (*parent)[last.name] = std::move(value);
  }
}

void remove_at(json& item, const Path& path) {
  if (path.size() > 1) {
    Path parent(path.begin(), path.end() - 1);
    if (!resolve(item, parent)) return;
  }
  json* parent = nullptr;
  try {
    parent = parent_of(item, path);
  } catch (const ApiError&) {
    return;  // removing below a non-container is a no-op
  }
  const PathElement& last = path.back();
  if (last.index >= 0) {
    const auto i = static_cast<std::size_t>(last.index);
    if (i < parent->size()) parent->erase(i);
  } else {
    parent->erase(last.name);
  }
}

json set_union(const json& a, const json& b) {
  json out = a;
  json& elems = out.begin().value();
  for (const json& e : b.begin().value()) {
    if (std::find(elems.begin(), elems.end(), e) == elems.end()) elems.push_back(e);
  }
  return out;
}

}  // namespace

void apply_update(json& item, const std::vector<UpdateAction>& actions) {
  // Right-hand sides see the item as it was before this update.
  const json before = item;
  std::vector<json> values;
  values.reserve(actions.size());
  for (const UpdateAction& a : actions) {
    values.push_back(a.kind == UpdateAction::Kind::kSet ? update_value(a.value, before)
                     : a.kind == UpdateAction::Kind::kRemove ? json()
                                                             : *a.value.value);
  }
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const UpdateAction& a = actions[i];
    json& v = values[i];
    switch (a.kind) {
      case UpdateAction::Kind::kSet:
        set_at(item, a.path, std::move(v));
        break;
      case UpdateAction::Kind::kRemove:
        remove_at(item, a.path);
        break;
      case UpdateAction::Kind::kAdd: {
        const std::string_view t = type_of(v);
        if (t != "N" && t != "SS" && t != "NS" && t != "BS") {
          invalid("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                  "operator: ADD, operand type: " +
                  std::string(t));
        }
        const json* cur = resolve(before, a.path);
        if (!cur) {
          set_at(item, a.path, std::move(v));
        } else if (type_of(*cur) != t) {
          wrong_type();
        } else if (t == "N") {
          Number r = *Number::parse((*cur)["N"].get<std::string>()) +
                     *Number::parse(v["N"].get<std::string>());
          check_number_range(r);
          set_at(item, a.path, json{{"N", r.text()}});
        } else {
          set_at(item, a.path, set_union(*cur, v));
        }
        break;
      }
      case UpdateAction::Kind::kDelete: {
        const std::string_view t = type_of(v);
        if (t != "SS" && t != "NS" && t != "BS") {
          invalid("Invalid UpdateExpression: Incorrect operand type for operator or function; "
                  "operator: DELETE, operand type: " +
                  std::string(t));
        }
        const json* cur = resolve(before, a.path);
        if (!cur) break;
        if (type_of(*cur) != t) wrong_type();
        json remaining = json::array();
        for (const json& e : cur->begin().value()) {
          const json& drop = v.begin().value();
          if (std::find(drop.begin(), drop.end(), e) == drop.end()) remaining.push_back(e);
        }
        if (remaining.empty()) {
          remove_at(item, a.path);
        } else {
          set_at(item, a.path, json{{std::string(t), std::move(remaining)}});
        }
        break;
      }
    }
  }
}

}  // namespace drh::fake::ddb
