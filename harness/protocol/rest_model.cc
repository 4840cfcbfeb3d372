#include "rest_model.h"

#include <algorithm>
#include <iterator>

#include "drh/core/encoding.h"

namespace drh::rest_model {
namespace {

#include "rest_operations.inc"

bool less(const ElementPair& a, const ElementPair& b) {
  return a.parent != b.parent ? a.parent < b.parent : a.child < b.child;
}

bool contains(std::span<const ElementPair> table, std::string_view parent, std::string_view child) {
  ElementPair key{parent, child};
  return std::binary_search(table.begin(), table.end(), key, less);
}

}  // namespace

std::span<const Operation> operations(std::string_view service_id) {
  for (const Service& s : kServices) {
    if (service_id == s.id) return {s.operations, s.count};
  }
  return {};
}

const Operation* find_operation(std::string_view service_id, std::string_view operation) {
  auto ops = operations(service_id);
  auto it = std::lower_bound(
      ops.begin(), ops.end(), operation,
      [](const Operation& op, std::string_view name) { return std::string_view(op.name) < name; });
  if (it != ops.end() && operation == it->name) return &*it;
  for (const Operation& op : ops) {
    if (iequals(op.name, operation)) return &op;
  }
  return nullptr;
}

std::span<const Member> members(const Operation& op) {
  return {kMembers + op.first_member, op.member_count};
}

const XmlShape& xml_shape(int index) { return kXmlShapes[index]; }

std::span<const XmlField> fields(const XmlShape& shape) {
  return {kXmlFields + shape.first_field, shape.field_count};
}

bool is_flattened_list_item(std::string_view parent, std::string_view child) {
  return contains(kFlattenedLists, parent, child);
}

bool is_wrapped_list(std::string_view list, std::string_view item) {
  return contains(kWrappedLists, list, item);
}

}  // namespace drh::rest_model
