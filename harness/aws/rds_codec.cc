// RDS response decoding: Query XML into the typed shapes of drh/aws/rds.h.
#include "rds_codec.h"

#include <array>
#include <cstdlib>
#include <limits>
#include <ranges>
#include <type_traits>
#include <vector>

#include "drh/protocol/timestamp.h"
#include "drh/protocol/xml.h"

namespace drh::aws {
namespace {

// One member of a structure being read: the child element found for it (empty when
// absent), its parent and its name, for error messages.
struct Member {
  pugi::xml_node parent;
  pugi::xml_node node;
  const char* name;
};

// Reads members of one operation's answer, remembering the first malformed value so the
// shape readers stay linear; the error names the operation, the element and its parent.
class Decoder {
 public:
  explicit Decoder(std::string_view operation) : operation_(operation) {}

  std::string str(const Member& m) const { return std::string(m.node.child_value()); }

  std::optional<int> opt_int(const Member& m) {
    auto text = present(m);
    if (!text) return std::nullopt;
    auto v = xml::to_int(*text);
    if (!v || *v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) {
      invalid(m, "a 32-bit integer", *text);
      return std::nullopt;
    }
    return static_cast<int>(*v);
  }

  std::optional<double> opt_double(const Member& m) {
    auto text = present(m);
    if (!text) return std::nullopt;
    auto v = xml::to_double(*text);
    if (!v) invalid(m, "a number", *text);
    return v;
  }

  std::optional<bool> opt_bool(const Member& m) {
    auto text = present(m);
    if (!text) return std::nullopt;
    auto v = xml::to_bool(*text);
    if (!v) invalid(m, "a boolean", *text);
    return v;
  }

  bool flag(const Member& m) { return opt_bool(m).value_or(false); }

  std::optional<TimePoint> time(const Member& m) {
    auto text = present(m);
    if (!text) return std::nullopt;
    auto t = parse_iso8601(*text);
    if (!t) {
      fail(make_error(ErrorKind::kDecode, "InvalidElement",
                      prefix() + "<" + m.name + "> in <" + m.parent.name() +
                          ">: " + t.error().message));
      return std::nullopt;
    }
    return *t;
  }

  std::vector<std::string> strings(const Member& m) const {
    std::vector<std::string> out;
    for (pugi::xml_node item : xml::members(m.node)) out.emplace_back(item.child_value());
    return out;
  }

  /// The child element that must hold the result's one structure.
  pugi::xml_node required(pugi::xml_node node, const char* name) {
    pugi::xml_node c = node.child(name);
    if (!c) {
      fail(make_error(ErrorKind::kDecode, "MissingElement",
                      prefix() + "missing <" + name + "> in <" + node.name() + ">"));
    }
    return c;
  }

  const std::optional<Error>& error() const { return error_; }

 private:
  // Absent and empty elements both mean "not set": AWS writes <Port/> for a null.
  static std::optional<std::string_view> present(const Member& m) {
    if (!m.node) return std::nullopt;
    std::string_view text = m.node.child_value();
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::nullopt;
    return text;
  }

  std::string prefix() const { return std::string(operation_) + ": "; }

  void invalid(const Member& m, std::string_view what, std::string_view text) {
    std::string shown(text.substr(0, 64));
    fail(make_error(ErrorKind::kDecode, "InvalidElement",
                    prefix() + "<" + m.name + "> in <" + m.parent.name() + "> is not " +
                        std::string(what) + ": '" + shown + "'"));
  }

  void fail(Error e) {
    if (!error_) error_ = std::move(e);
  }

  std::string_view operation_;
  std::optional<Error> error_;
};

// How to read structure T: its members, each with the function that stores it. A
// structure's children are matched to its members in one pass (xml::NameIndex) rather
// than searched for one member at a time; the members are then read in table order, which
// decides which malformed value is reported first.
template <typename T>
class Shape {
 public:
  using Read = void (*)(Decoder&, const Member&, T&);
  struct Field {
    const char* name;
    Read read;
  };

  Shape(std::initializer_list<Field> fields)
      : fields_(fields), names_(fields_ | std::views::transform(&Field::name)) {
    if (fields_.size() > kMaxFields) std::abort();  // a table too big for read()'s buffer
  }

  /// Fills `out` (default-constructed) from the children of `node`.
  void read(Decoder& d, pugi::xml_node node, T& out) const {
    std::array<pugi::xml_node_struct*, kMaxFields> found;
    names_.bind(node, found.data());
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      // An absent member keeps T's default, which is what reading it would give: "",
      // nullopt, false, an empty list.
      if (found[i] != nullptr) {
        fields_[i].read(d, Member{node, pugi::xml_node(found[i]), fields_[i].name}, out);
      }
    }
  }

 private:
  static constexpr std::size_t kMaxFields = 64;
  std::vector<Field> fields_;
  xml::NameIndex names_;
};

// The shape of each structure, defined below in dependency order.
template <typename T>
const Shape<T>& shape();

template <typename T>
void read(Decoder& d, pugi::xml_node node, T& out) {
  shape<T>().read(d, node, out);
}

template <typename T>
struct is_vector : std::false_type {};
template <typename T>
struct is_vector<std::vector<T>> : std::true_type {};
template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};

// Reads the member that T::*Slot holds, by the slot's type: text, numbers, booleans,
// timestamps, lists of strings or of structures, and optional nested structures.
template <auto Slot, typename T>
void member(Decoder& d, const Member& m, T& out) {
  auto& slot = out.*Slot;
  using V = std::remove_cvref_t<decltype(slot)>;
  if constexpr (std::is_same_v<V, std::string>) {
    slot = d.str(m);
  } else if constexpr (std::is_same_v<V, bool>) {
    slot = d.flag(m);
  } else if constexpr (std::is_same_v<V, std::optional<int>>) {
    slot = d.opt_int(m);
  } else if constexpr (std::is_same_v<V, std::optional<double>>) {
    slot = d.opt_double(m);
  } else if constexpr (std::is_same_v<V, std::optional<bool>>) {
    slot = d.opt_bool(m);
  } else if constexpr (std::is_same_v<V, std::optional<TimePoint>>) {
    slot = d.time(m);
  } else if constexpr (std::is_same_v<V, std::vector<std::string>>) {
    slot = d.strings(m);
  } else if constexpr (is_vector<V>::value) {
    // Items of a list whatever their name: <member>, <Tag>, <DBClusterMember>, ... Each
    // is read in place: a DBCluster is big, and moving it in and growing the vector
    // item by item cost more than counting the items first.
    const xml::ElementRange items = xml::members(m.node);
    slot.reserve(items.size());
    for (pugi::xml_node item : items) read(d, item, slot.emplace_back());
  } else if constexpr (is_optional<V>::value) {
    // A nested structure; an empty element (<FailoverState/>) means not set.
    if (m.node.first_child()) read(d, m.node, slot.emplace());
  } else {
    static_assert(is_vector<V>::value, "no reader for this member type");
  }
}

template <>
const Shape<Tag>& shape() {
  static const Shape<Tag> s{
      {"Key", member<&Tag::Key>},
      {"Value", member<&Tag::Value>},
  };
  return s;
}

template <>
const Shape<VpcSecurityGroupMembership>& shape() {
  using V = VpcSecurityGroupMembership;
  static const Shape<V> s{
      {"VpcSecurityGroupId", member<&V::VpcSecurityGroupId>},
      {"Status", member<&V::Status>},
  };
  return s;
}

template <>
const Shape<GlobalClusterMember>& shape() {
  using M = GlobalClusterMember;
  static const Shape<M> s{
      {"DBClusterArn", member<&M::DBClusterArn>},
      {"Readers", member<&M::Readers>},
      {"IsWriter", member<&M::IsWriter>},
      {"GlobalWriteForwardingStatus", member<&M::GlobalWriteForwardingStatus>},
      {"SynchronizationStatus", member<&M::SynchronizationStatus>},
  };
  return s;
}

template <>
const Shape<FailoverState>& shape() {
  using F = FailoverState;
  static const Shape<F> s{
      {"Status", member<&F::Status>},
      {"FromDbClusterArn", member<&F::FromDbClusterArn>},
      {"ToDbClusterArn", member<&F::ToDbClusterArn>},
      {"IsDataLossAllowed", member<&F::IsDataLossAllowed>},
  };
  return s;
}

template <>
const Shape<GlobalCluster>& shape() {
  using G = GlobalCluster;
  static const Shape<G> s{
      {"GlobalClusterIdentifier", member<&G::GlobalClusterIdentifier>},
      {"GlobalClusterResourceId", member<&G::GlobalClusterResourceId>},
      {"GlobalClusterArn", member<&G::GlobalClusterArn>},
      {"Status", member<&G::Status>},
      {"Engine", member<&G::Engine>},
      {"EngineVersion", member<&G::EngineVersion>},
      {"DatabaseName", member<&G::DatabaseName>},
      {"StorageEncrypted", member<&G::StorageEncrypted>},
      {"DeletionProtection", member<&G::DeletionProtection>},
      {"GlobalClusterMembers", member<&G::GlobalClusterMembers>},
      {"Endpoint", member<&G::Endpoint>},
      {"FailoverState", member<&G::FailoverState>},
      {"TagList", member<&G::TagList>},
  };
  return s;
}

template <>
const Shape<DBClusterMember>& shape() {
  using M = DBClusterMember;
  static const Shape<M> s{
      {"DBInstanceIdentifier", member<&M::DBInstanceIdentifier>},
      {"IsClusterWriter", member<&M::IsClusterWriter>},
      {"DBClusterParameterGroupStatus", member<&M::DBClusterParameterGroupStatus>},
      {"PromotionTier", member<&M::PromotionTier>},
  };
  return s;
}

template <>
const Shape<ServerlessV2ScalingConfiguration>& shape() {
  using S = ServerlessV2ScalingConfiguration;
  static const Shape<S> s{
      {"MinCapacity", member<&S::MinCapacity>},
      {"MaxCapacity", member<&S::MaxCapacity>},
      {"SecondsUntilAutoPause", member<&S::SecondsUntilAutoPause>},
  };
  return s;
}

template <>
const Shape<DBCluster>& shape() {
  using C = DBCluster;
  static const Shape<C> s{
      {"DBClusterIdentifier", member<&C::DBClusterIdentifier>},
      {"DBClusterArn", member<&C::DBClusterArn>},
      {"DbClusterResourceId", member<&C::DbClusterResourceId>},
      {"Status", member<&C::Status>},
      {"Engine", member<&C::Engine>},
      {"EngineVersion", member<&C::EngineVersion>},
      {"EngineMode", member<&C::EngineMode>},
      {"DatabaseName", member<&C::DatabaseName>},
      {"MasterUsername", member<&C::MasterUsername>},
      {"Endpoint", member<&C::Endpoint>},
      {"ReaderEndpoint", member<&C::ReaderEndpoint>},
      {"HostedZoneId", member<&C::HostedZoneId>},
      {"Port", member<&C::Port>},
      {"MultiAZ", member<&C::MultiAZ>},
      {"StorageEncrypted", member<&C::StorageEncrypted>},
      {"KmsKeyId", member<&C::KmsKeyId>},
      {"BackupRetentionPeriod", member<&C::BackupRetentionPeriod>},
      {"PreferredBackupWindow", member<&C::PreferredBackupWindow>},
      {"PreferredMaintenanceWindow", member<&C::PreferredMaintenanceWindow>},
      {"DeletionProtection", member<&C::DeletionProtection>},
      {"GlobalClusterIdentifier", member<&C::GlobalClusterIdentifier>},
      {"GlobalWriteForwardingStatus", member<&C::GlobalWriteForwardingStatus>},
      {"GlobalWriteForwardingRequested", member<&C::GlobalWriteForwardingRequested>},
      {"ReplicationSourceIdentifier", member<&C::ReplicationSourceIdentifier>},
      {"ReadReplicaIdentifiers", member<&C::ReadReplicaIdentifiers>},
      {"DBClusterMembers", member<&C::DBClusterMembers>},
      {"ServerlessV2ScalingConfiguration", member<&C::ServerlessV2ScalingConfiguration>},
      {"AvailabilityZones", member<&C::AvailabilityZones>},
      {"VpcSecurityGroups", member<&C::VpcSecurityGroups>},
      {"DBSubnetGroup", member<&C::DBSubnetGroup>},
      {"DBClusterParameterGroup", member<&C::DBClusterParameterGroup>},
      {"DBClusterInstanceClass", member<&C::DBClusterInstanceClass>},
      {"StorageType", member<&C::StorageType>},
      {"NetworkType", member<&C::NetworkType>},
      {"IAMDatabaseAuthenticationEnabled", member<&C::IAMDatabaseAuthenticationEnabled>},
      {"ClusterCreateTime", member<&C::ClusterCreateTime>},
      {"EarliestRestorableTime", member<&C::EarliestRestorableTime>},
      {"LatestRestorableTime", member<&C::LatestRestorableTime>},
      {"TagList", member<&C::TagList>},
  };
  return s;
}

template <>
const Shape<RdsEndpoint>& shape() {
  using E = RdsEndpoint;
  static const Shape<E> s{
      {"Address", member<&E::Address>},
      {"Port", member<&E::Port>},
      {"HostedZoneId", member<&E::HostedZoneId>},
  };
  return s;
}

template <>
const Shape<DBSubnet>& shape() {
  using S = DBSubnet;
  static const Shape<S> s{
      {"SubnetIdentifier", member<&S::SubnetIdentifier>},
      // <SubnetAvailabilityZone><Name>us-east-1a</Name></SubnetAvailabilityZone>
      {"SubnetAvailabilityZone",
       [](Decoder&, const Member& m, S& out) {
         out.SubnetAvailabilityZone = m.node.child("Name").child_value();
       }},
      {"SubnetStatus", member<&S::SubnetStatus>},
  };
  return s;
}

template <>
const Shape<DBSubnetGroup>& shape() {
  using G = DBSubnetGroup;
  static const Shape<G> s{
      {"DBSubnetGroupName", member<&G::DBSubnetGroupName>},
      {"DBSubnetGroupDescription", member<&G::DBSubnetGroupDescription>},
      {"VpcId", member<&G::VpcId>},
      {"SubnetGroupStatus", member<&G::SubnetGroupStatus>},
      {"Subnets", member<&G::Subnets>},
      {"DBSubnetGroupArn", member<&G::DBSubnetGroupArn>},
  };
  return s;
}

template <>
const Shape<DBInstance>& shape() {
  using I = DBInstance;
  static const Shape<I> s{
      {"DBInstanceIdentifier", member<&I::DBInstanceIdentifier>},
      {"DBInstanceArn", member<&I::DBInstanceArn>},
      {"DbiResourceId", member<&I::DbiResourceId>},
      {"DBInstanceClass", member<&I::DBInstanceClass>},
      {"Engine", member<&I::Engine>},
      {"EngineVersion", member<&I::EngineVersion>},
      {"DBInstanceStatus", member<&I::DBInstanceStatus>},
      {"DBClusterIdentifier", member<&I::DBClusterIdentifier>},
      {"MasterUsername", member<&I::MasterUsername>},
      {"DBName", member<&I::DBName>},
      {"Endpoint", member<&I::Endpoint>},
      {"AllocatedStorage", member<&I::AllocatedStorage>},
      {"BackupRetentionPeriod", member<&I::BackupRetentionPeriod>},
      {"AvailabilityZone", member<&I::AvailabilityZone>},
      {"SecondaryAvailabilityZone", member<&I::SecondaryAvailabilityZone>},
      {"MultiAZ", member<&I::MultiAZ>},
      {"PubliclyAccessible", member<&I::PubliclyAccessible>},
      {"StorageEncrypted", member<&I::StorageEncrypted>},
      {"KmsKeyId", member<&I::KmsKeyId>},
      {"StorageType", member<&I::StorageType>},
      {"DeletionProtection", member<&I::DeletionProtection>},
      {"AutoMinorVersionUpgrade", member<&I::AutoMinorVersionUpgrade>},
      {"PromotionTier", member<&I::PromotionTier>},
      {"MonitoringInterval", member<&I::MonitoringInterval>},
      {"PerformanceInsightsEnabled", member<&I::PerformanceInsightsEnabled>},
      {"DBSubnetGroup", member<&I::DBSubnetGroup>},
      {"VpcSecurityGroups", member<&I::VpcSecurityGroups>},
      {"ReadReplicaSourceDBInstanceIdentifier", member<&I::ReadReplicaSourceDBInstanceIdentifier>},
      {"ReadReplicaDBInstanceIdentifiers", member<&I::ReadReplicaDBInstanceIdentifiers>},
      {"InstanceCreateTime", member<&I::InstanceCreateTime>},
      {"LatestRestorableTime", member<&I::LatestRestorableTime>},
      {"TagList", member<&I::TagList>},
  };
  return s;
}

template <>
const Shape<RdsEvent>& shape() {
  using E = RdsEvent;
  static const Shape<E> s{
      {"SourceIdentifier", member<&E::SourceIdentifier>},
      {"SourceType", member<&E::SourceType>},
      {"Message", member<&E::Message>},
      {"EventCategories", member<&E::EventCategories>},
      {"Date", member<&E::Date>},
      {"SourceArn", member<&E::SourceArn>},
  };
  return s;
}

template <>
const Shape<DescribeGlobalClustersResult>& shape() {
  using R = DescribeGlobalClustersResult;
  static const Shape<R> s{
      {"Marker", member<&R::Marker>},
      // The model names these items <GlobalClusterMember>; members() takes any name.
      {"GlobalClusters", member<&R::GlobalClusters>},
  };
  return s;
}

template <>
const Shape<DescribeDBClustersResult>& shape() {
  using R = DescribeDBClustersResult;
  static const Shape<R> s{
      {"Marker", member<&R::Marker>},
      {"DBClusters", member<&R::DBClusters>},
  };
  return s;
}

template <>
const Shape<DescribeDBInstancesResult>& shape() {
  using R = DescribeDBInstancesResult;
  static const Shape<R> s{
      {"Marker", member<&R::Marker>},
      {"DBInstances", member<&R::DBInstances>},
  };
  return s;
}

template <>
const Shape<DescribeEventsResult>& shape() {
  using R = DescribeEventsResult;
  static const Shape<R> s{
      {"Marker", member<&R::Marker>},
      {"Events", member<&R::Events>},
  };
  return s;
}

// Parses the envelope and hands the <OpResult> node to `read`, which fills `out`.
template <typename T, typename Read>
Result<T> decode(const HttpResponse& response, std::string_view operation, Read read) {
  pugi::xml_document doc;
  auto result = load_query_result(doc, response.body, operation);
  if (!result) {
    Error e = result.error();
    e.message = std::string(operation) + ": " + e.message;
    return e;
  }
  Decoder d(operation);
  T out;
  read(d, *result, out);
  if (d.error()) return *d.error();
  return out;
}

// Results read as a whole by their shape (Marker and a list).
template <typename T>
Result<T> decode_result(const HttpResponse& response, std::string_view operation) {
  return decode<T>(response, operation, [](Decoder& d, pugi::xml_node result, T& out) {
    read(d, result, out);
  });
}

// Results that hold one structure named `element`.
template <typename T, typename S>
Result<T> decode_single(const HttpResponse& response, std::string_view operation,
                        const char* element, S T::*slot) {
  return decode<T>(response, operation, [&](Decoder& d, pugi::xml_node result, T& out) {
    pugi::xml_node node = d.required(result, element);
    if (node) read(d, node, out.*slot);
  });
}

}  // namespace

Result<DescribeGlobalClustersResult> decode_DescribeGlobalClusters(const HttpResponse& response) {
  return decode_result<DescribeGlobalClustersResult>(response, "DescribeGlobalClusters");
}

Result<DescribeDBClustersResult> decode_DescribeDBClusters(const HttpResponse& response) {
  return decode_result<DescribeDBClustersResult>(response, "DescribeDBClusters");
}

Result<DescribeDBInstancesResult> decode_DescribeDBInstances(const HttpResponse& response) {
  return decode_result<DescribeDBInstancesResult>(response, "DescribeDBInstances");
}

Result<DescribeEventsResult> decode_DescribeEvents(const HttpResponse& response) {
  return decode_result<DescribeEventsResult>(response, "DescribeEvents");
}

Result<CreateGlobalClusterResult> decode_CreateGlobalCluster(const HttpResponse& response) {
  return decode_single(response, "CreateGlobalCluster", "GlobalCluster",
                       &CreateGlobalClusterResult::GlobalCluster);
}

Result<CreateDBClusterResult> decode_CreateDBCluster(const HttpResponse& response) {
  return decode_single(response, "CreateDBCluster", "DBCluster", &CreateDBClusterResult::DBCluster);
}

Result<CreateDBInstanceResult> decode_CreateDBInstance(const HttpResponse& response) {
  return decode_single(response, "CreateDBInstance", "DBInstance",
                       &CreateDBInstanceResult::DBInstance);
}

Result<DeleteDBClusterResult> decode_DeleteDBCluster(const HttpResponse& response) {
  return decode_single(response, "DeleteDBCluster", "DBCluster", &DeleteDBClusterResult::DBCluster);
}

Result<DeleteDBInstanceResult> decode_DeleteDBInstance(const HttpResponse& response) {
  return decode_single(response, "DeleteDBInstance", "DBInstance",
                       &DeleteDBInstanceResult::DBInstance);
}

Result<DeleteGlobalClusterResult> decode_DeleteGlobalCluster(const HttpResponse& response) {
  return decode_single(response, "DeleteGlobalCluster", "GlobalCluster",
                       &DeleteGlobalClusterResult::GlobalCluster);
}

Result<RemoveFromGlobalClusterResult> decode_RemoveFromGlobalCluster(const HttpResponse& response) {
  return decode_single(response, "RemoveFromGlobalCluster", "GlobalCluster",
                       &RemoveFromGlobalClusterResult::GlobalCluster);
}

Result<FailoverGlobalClusterResult> decode_FailoverGlobalCluster(const HttpResponse& response) {
  return decode_single(response, "FailoverGlobalCluster", "GlobalCluster",
                       &FailoverGlobalClusterResult::GlobalCluster);
}

Result<SwitchoverGlobalClusterResult> decode_SwitchoverGlobalCluster(const HttpResponse& response) {
  return decode_single(response, "SwitchoverGlobalCluster", "GlobalCluster",
                       &SwitchoverGlobalClusterResult::GlobalCluster);
}

}  // namespace drh::aws
