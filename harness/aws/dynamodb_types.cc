// AttributeValue and the small helpers on DynamoDB shapes.
#include <array>
#include <charconv>
#include <system_error>

#include "drh/aws/dynamodb.h"

namespace drh::aws {

AttributeValue AttributeValue::S(std::string value) {
  return AttributeValue(Value(std::in_place_index<0>, Tagged<0, std::string>{std::move(value)}));
}

AttributeValue AttributeValue::N(std::string value) {
  return AttributeValue(Value(std::in_place_index<1>, Tagged<1, std::string>{std::move(value)}));
}

AttributeValue AttributeValue::B(std::string bytes) {
  return AttributeValue(Value(std::in_place_index<2>, Tagged<2, std::string>{std::move(bytes)}));
}

AttributeValue AttributeValue::BOOL(bool value) {
  return AttributeValue(Value(std::in_place_index<3>, value));
}

AttributeValue AttributeValue::Null() { return AttributeValue(); }

AttributeValue AttributeValue::M(Map value) {
  return AttributeValue(Value(std::in_place_index<5>, Box<Map>(std::move(value))));
}

AttributeValue AttributeValue::L(List value) {
  return AttributeValue(Value(std::in_place_index<6>, Box<List>(std::move(value))));
}

AttributeValue AttributeValue::SS(std::vector<std::string> values) {
  return AttributeValue(
      Value(std::in_place_index<7>, Tagged<7, std::vector<std::string>>{std::move(values)}));
}

AttributeValue AttributeValue::NS(std::vector<std::string> values) {
  return AttributeValue(
      Value(std::in_place_index<8>, Tagged<8, std::vector<std::string>>{std::move(values)}));
}

AttributeValue AttributeValue::BS(std::vector<std::string> values) {
  return AttributeValue(
      Value(std::in_place_index<9>, Tagged<9, std::vector<std::string>>{std::move(values)}));
}

const char* AttributeValue::type_name(Type type) {
  switch (type) {
    case Type::kS:
      return "S";
    case Type::kN:
      return "N";
    case Type::kB:
      return "B";
    case Type::kBOOL:
      return "BOOL";
    case Type::kNULL:
      return "NULL";
    case Type::kM:
      return "M";
    case Type::kL:
      return "L";
    case Type::kSS:
      return "SS";
    case Type::kNS:
      return "NS";
    case Type::kBS:
      return "BS";
  }
  return "?";
}

const std::string* AttributeValue::as_S() const {
  auto* v = std::get_if<0>(&value_);
  return v ? &v->value : nullptr;
}
const std::string* AttributeValue::as_N() const {
  auto* v = std::get_if<1>(&value_);
  return v ? &v->value : nullptr;
}
const std::string* AttributeValue::as_B() const {
  auto* v = std::get_if<2>(&value_);
  return v ? &v->value : nullptr;
}
const bool* AttributeValue::as_BOOL() const { return std::get_if<3>(&value_); }
const AttributeValue::Map* AttributeValue::as_M() const {
  auto* v = std::get_if<5>(&value_);
  return v ? &v->get() : nullptr;
}
const AttributeValue::List* AttributeValue::as_L() const {
  auto* v = std::get_if<6>(&value_);
  return v ? &v->get() : nullptr;
}
const std::vector<std::string>* AttributeValue::as_SS() const {
  auto* v = std::get_if<7>(&value_);
  return v ? &v->value : nullptr;
}
const std::vector<std::string>* AttributeValue::as_NS() const {
  auto* v = std::get_if<8>(&value_);
  return v ? &v->value : nullptr;
}
const std::vector<std::string>* AttributeValue::as_BS() const {
  auto* v = std::get_if<9>(&value_);
  return v ? &v->value : nullptr;
}

bool AttributeValue::operator==(const AttributeValue& other) const {
  return value_ == other.value_;
}

std::string AttributeValue::format_number(double value) {
  std::array<char, 64> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  if (ec != std::errc()) return "NaN";  // unreachable with 64 bytes; DynamoDB rejects it
  return std::string(buf.data(), end);
}

ReplicationGroupUpdate ReplicationGroupUpdate::add_replica(std::string region,
                                                           std::string kms_key_id) {
  ReplicationGroupUpdate u;
  u.Create = CreateReplicationGroupMemberAction{std::move(region), std::move(kms_key_id)};
  return u;
}

ReplicationGroupUpdate ReplicationGroupUpdate::remove_replica(std::string region) {
  ReplicationGroupUpdate u;
  u.Delete = DeleteReplicationGroupMemberAction{std::move(region)};
  return u;
}

const ReplicaDescription* TableDescription::replica(std::string_view region) const {
  for (const ReplicaDescription& r : Replicas) {
    if (r.RegionName == region) return &r;
  }
  return nullptr;
}

}  // namespace drh::aws
