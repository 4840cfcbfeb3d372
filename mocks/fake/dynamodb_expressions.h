// Internal to the fake: DynamoDB's expression languages (condition, filter, key
// condition, projection and update expressions) over items in their wire form.
//
// One ExpressionContext serves one request: it owns the request's
// ExpressionAttributeNames and ExpressionAttributeValues, parses each expression the
// request carries into a small tree (resolving #name and :value placeholders as it goes,
// rejecting reserved words, undefined placeholders and syntax errors with DynamoDB's
// ValidationException messages), and finally checks that every placeholder was used.
// Evaluation never throws for a missing attribute: as on AWS, a comparison with a missing
// attribute is simply false.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "dynamodb_values.h"

namespace drh::fake::ddb {

/// One step of a document path: an attribute or map key name, or a list index.
struct PathElement {
  std::string name;
  long index = -1;  ///< >= 0: a list index ("[3]"), and name is empty
};
using Path = std::vector<PathElement>;

/// "[a, b, [0]]" (how DynamoDB names paths in its messages).
std::string path_text(const Path& path);

struct Operand {
  enum class Kind { kPath, kValue, kSize, kIfNotExists, kListAppend, kPlus, kMinus };
  Kind kind = Kind::kPath;
  Path path;                  ///< kPath, kSize, kIfNotExists (its first argument)
  const json* value = nullptr;  ///< kValue: into the context's normalised values
  std::vector<Operand> args;  ///< kIfNotExists (default), kListAppend, kPlus, kMinus
};

struct Condition {
  enum class Kind { kCompare, kBetween, kIn, kFunction, kAnd, kOr, kNot };
  Kind kind = Kind::kCompare;
  std::string op;  ///< comparator ("=", "<>", "<", "<=", ">", ">=") or function name
  std::vector<Operand> operands;
  std::vector<Condition> children;  ///< kAnd, kOr (two), kNot (one)
};

struct UpdateAction {
  enum class Kind { kSet, kRemove, kAdd, kDelete };
  Kind kind = Kind::kSet;
  Path path;
  Operand value;  ///< kSet: the right-hand side; kAdd/kDelete: the value operand
};

class ExpressionContext {
 public:
  /// `names` and `values` are the request's ExpressionAttributeNames and
  /// ExpressionAttributeValues members, or null when absent. Values are normalised here.
  ExpressionContext(const json* names, const json* values);
  ExpressionContext(const ExpressionContext&) = delete;
  ExpressionContext& operator=(const ExpressionContext&) = delete;

  /// `member` names the request member in messages ("ConditionExpression",
  /// "FilterExpression", "KeyConditionExpression").
  Condition parse_condition(std::string_view text, std::string_view member);
  std::vector<Path> parse_projection(std::string_view text);
  std::vector<UpdateAction> parse_update(std::string_view text);

  /// ValidationException naming the placeholders no expression used.
  void check_all_used() const;

 private:
  friend class Parser;
  json values_ = json::object();
  const json* names_ = nullptr;
  std::set<std::string, std::less<>> used_names_;
  std::set<std::string, std::less<>> used_values_;
};

/// The attribute a path designates in `item`, or nullptr.
const json* resolve(const json& item, const Path& path);
/// Whether `item` (an object of attributes, empty for "no item") satisfies `condition`.
bool evaluate(const Condition& condition, const json& item);
/// The attributes `paths` designate, in the shape they have in `item`.
json project(const json& item, const std::vector<Path>& paths);

/// Applies update actions to `item` (evaluated against the item as it was, as DynamoDB
/// does). Throws ValidationException for operands of the wrong type, paths that cannot be
/// set, or values missing from the item.
void apply_update(json& item, const std::vector<UpdateAction>& actions);

}  // namespace drh::fake::ddb
