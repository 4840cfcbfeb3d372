// RDS response decoding: Query XML into the typed shapes of drh/aws/rds.h.
//
// Answers are read in one pass with xml::Reader, straight into the structures: every
// fake-backed check and drill step decodes these (DescribeDBClusters above all), and a
// DOM built first and walked after cost about as much again as the reading itself.
#include "rds_codec.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <ranges>
#include <type_traits>
#include <vector>

#include "drh/core/bytes.h"
#include "drh/protocol/timestamp.h"
#include "drh/protocol/xml.h"
#include "drh/protocol/xml_reader.h"

namespace drh::aws {
namespace {

using xml::Reader;
using Token = xml::Reader::Token;

// One member of a structure being read: its name and the name of the element that holds
// it, for error messages.
struct Member {
  std::string_view parent;
  const char* name;
};

// Reads members of one operation's answer, remembering the first malformed value so the
// shape readers stay linear; the error names the operation, the element and its parent.
//
// "First" is in the order of the shape tables, not of the document: each member read is
// entered with its number in its structure's table (and each list item with its index),
// and of two malformed values the one with the smaller path wins. That is the order a
// reader that looks every member up in turn would meet them.
class Decoder {
 public:
  explicit Decoder(std::string_view operation) : operation_(operation) {}

  static std::string str(std::string_view text) { return std::string(text); }

  std::optional<int> opt_int(const Member& m, std::string_view text) {
    if (blank(text)) return std::nullopt;
    auto v = xml::to_int(text);
    if (!v || *v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) {
      invalid(m, "a 32-bit integer", text);
      return std::nullopt;
    }
    return static_cast<int>(*v);
  }

  std::optional<double> opt_double(const Member& m, std::string_view text) {
    if (blank(text)) return std::nullopt;
    auto v = xml::to_double(text);
    if (!v) invalid(m, "a number", text);
    return v;
  }

  std::optional<bool> opt_bool(const Member& m, std::string_view text) {
    if (blank(text)) return std::nullopt;
    auto v = xml::to_bool(text);
    if (!v) invalid(m, "a boolean", text);
    return v;
  }

  bool flag(const Member& m, std::string_view text) { return opt_bool(m, text).value_or(false); }

  std::optional<TimePoint> time(const Member& m, std::string_view text) {
    if (blank(text)) return std::nullopt;
    auto t = parse_iso8601(text);
    if (!t) {
      fail(make_error(
          ErrorKind::kDecode, "InvalidElement",
          prefix() + "<" + m.name + "> in <" + std::string(m.parent) + ">: " + t.error().message));
      return std::nullopt;
    }
    return *t;
  }

  void missing(std::string_view parent, const char* name) {
    fail(make_error(ErrorKind::kDecode, "MissingElement",
                    prefix() + "missing <" + name + "> in <" + std::string(parent) + ">"));
  }

  void enter(std::uint32_t step) {
    if (depth_ < kMaxPath) path_[depth_] = step;
    ++depth_;
  }
  void leave() { --depth_; }

  /// Forgets what was read so far (the envelope found the real result element).
  void reset() {
    error_.reset();
    error_depth_ = 0;
  }

  const std::optional<Error>& error() const { return error_; }

 private:
  // Absent and empty elements both mean "not set": AWS writes <Port/> for a null.
  static bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
  }

  std::string prefix() const { return std::string(operation_) + ": "; }

  void invalid(const Member& m, std::string_view what, std::string_view text) {
    std::string shown(text.substr(0, 64));
    fail(make_error(ErrorKind::kDecode, "InvalidElement",
                    prefix() + "<" + m.name + "> in <" + std::string(m.parent) + "> is not " +
                        std::string(what) + ": '" + shown + "'"));
  }

  void fail(Error e) {
    const std::size_t n = std::min(depth_, kMaxPath);
    if (!error_ ||
        std::lexicographical_compare(path_.begin(), path_.begin() + n, error_path_.begin(),
                                     error_path_.begin() + error_depth_)) {
      error_ = std::move(e);
      error_path_ = path_;
      error_depth_ = n;
    }
  }

  // Where the reading is, and where the kept error was found: member numbers and list
  // indexes, outermost first. Deeper than kMaxPath (no AWS shape is) compares by the
  // first kMaxPath steps.
  static constexpr std::size_t kMaxPath = 16;
  std::string_view operation_;
  std::array<std::uint32_t, kMaxPath> path_{};
  std::size_t depth_ = 0;
  std::array<std::uint32_t, kMaxPath> error_path_{};
  std::size_t error_depth_ = 0;
  std::optional<Error> error_;
};

// How to read structure T: its members, each with the function that stores it. The
// reader stands on a child element's start tag when a member's function is called, and
// the function reads through that element's end. Children that are no member are skipped
// (and still checked); of repeated members the first one counts.
template <typename T>
class Shape {
 public:
  using Read = void (*)(Decoder&, Reader&, const Member&, T&);
  struct Field {
    const char* name;
    Read read;
  };

  Shape(std::initializer_list<Field> fields)
      : fields_(fields), names_(fields_ | std::views::transform(&Field::name)) {
    if (fields_.size() > kMaxFields) std::abort();  // a table too big for the seen-mask
  }

  /// The children of one element of this shape, fed one start tag at a time.
  class Pass {
   public:
    explicit Pass(const Shape& shape) : shape_(shape) {}
    /// At a child's start tag: reads it into `out` (or skips it) through its end.
    void child(Decoder& d, Reader& r, std::string_view parent, T& out) {
      const std::size_t i = shape_.lookup(r.name(), k_++);
      if (i == xml::NameIndex::npos || (seen_ >> i) & 1u) {
        r.skip_element();
        return;
      }
      seen_ |= std::uint64_t{1} << i;
      d.enter(static_cast<std::uint32_t>(i));
      shape_.fields_[i].read(d, r, Member{parent, shape_.fields_[i].name}, out);
      d.leave();
    }
    void finish(Decoder&, std::string_view, T&) {}

   private:
    const Shape& shape_;
    std::size_t k_ = 0;
    std::uint64_t seen_ = 0;
  };

  /// At the start tag of an element of this shape: fills `out` (default-constructed) from
  /// its children and reads through its end. True when the element had any content.
  bool read(Decoder& d, Reader& r, T& out) const {
    const std::string_view parent = r.name();  // a view into the document: stays valid
    Pass pass(*this);
    bool content = false;
    for (Token t = r.next(); t != Token::kEnd; t = r.next()) {
      if (t == Token::kStart) {
        content = true;
        pass.child(d, r, parent, out);
      } else if (t == Token::kText) {
        content = true;
      } else {
        break;  // kError
      }
    }
    return content;
  }

 private:
  // The member number of child element `k` named `name`. AWS and the fake write a
  // structure's members in the same order every time, so the member the k-th child was
  // last time is checked first, with one compare, before the hash table.
  std::size_t lookup(std::string_view name, std::size_t k) const {
    if (k < kHints) {
      const std::uint8_t hint = hints_[k].load(std::memory_order_relaxed);
      if (hint != 0 && same_name(names_.name(hint - 1u), name)) return hint - 1u;
    }
    const std::size_t i = names_.find(name);
    if (k < kHints && i != xml::NameIndex::npos) {
      hints_[k].store(static_cast<std::uint8_t>(i + 1), std::memory_order_relaxed);
    }
    return i;
  }

  static constexpr std::size_t kMaxFields = 64;
  static constexpr std::size_t kHints = 64;
  std::vector<Field> fields_;
  xml::NameIndex names_;
  // Only guesses: threads that race on them cost time, never answers.
  mutable std::array<std::atomic<std::uint8_t>, kHints> hints_{};
};

// The shape of each structure, defined below in dependency order.
template <typename T>
const Shape<T>& shape();

template <typename T>
bool read(Decoder& d, Reader& r, T& out) {
  return shape<T>().read(d, r, out);
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
void member(Decoder& d, Reader& r, const Member& m, T& out) {
  auto& slot = out.*Slot;
  using V = std::remove_cvref_t<decltype(slot)>;
  if constexpr (std::is_same_v<V, std::string>) {
    slot = d.str(r.element_text());
  } else if constexpr (std::is_same_v<V, bool>) {
    slot = d.flag(m, r.element_text());
  } else if constexpr (std::is_same_v<V, std::optional<int>>) {
    slot = d.opt_int(m, r.element_text());
  } else if constexpr (std::is_same_v<V, std::optional<double>>) {
    slot = d.opt_double(m, r.element_text());
  } else if constexpr (std::is_same_v<V, std::optional<bool>>) {
    slot = d.opt_bool(m, r.element_text());
  } else if constexpr (std::is_same_v<V, std::optional<TimePoint>>) {
    slot = d.time(m, r.element_text());
  } else if constexpr (std::is_same_v<V, std::vector<std::string>>) {
    // Items whatever their name: <member>, <AvailabilityZone>, ...
    for (Token t = r.next(); t != Token::kEnd; t = r.next()) {
      if (t == Token::kStart) {
        slot.emplace_back(r.element_text());
      } else if (t != Token::kText) {
        break;
      }
    }
  } else if constexpr (is_vector<V>::value) {
    // Items of a list whatever their name: <member>, <Tag>, <DBClusterMember>, ... Each
    // is read in place: a DBCluster is big, and moving it in cost more than reading it.
    std::uint32_t index = 0;
    for (Token t = r.next(); t != Token::kEnd; t = r.next()) {
      if (t == Token::kStart) {
        if (slot.capacity() == slot.size()) slot.reserve(slot.empty() ? 4 : 2 * slot.size());
        d.enter(index++);
        read(d, r, slot.emplace_back());
        d.leave();
      } else if (t != Token::kText) {
        break;
      }
    }
  } else if constexpr (is_optional<V>::value) {
    // A nested structure; an element with nothing in it (<FailoverState/>) means not set.
    if (!read(d, r, slot.emplace())) slot.reset();
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
       [](Decoder&, Reader& r, const Member&, S& out) {
         bool found = false;
         for (Token t = r.next(); t != Token::kEnd; t = r.next()) {
           if (t == Token::kStart) {
             if (!found && r.name() == "Name") {
               found = true;
               out.SubnetAvailabilityZone = r.element_text();
             } else {
               r.skip_element();
             }
           } else if (t != Token::kText) {
             break;
           }
         }
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

// Reads the envelope: <OpResponse> holding <OpResult>, whose children a `Pass` (a
// Shape<T>::Pass or a SinglePass) reads into `out`. Without an <OpResult>, the children
// of <OpResponse> are the result's. The whole document is read, so malformed XML anywhere
// in it is reported, before any malformed value.
template <typename T, typename MakePass>
Result<T> decode(const HttpResponse& response, std::string_view operation, MakePass make_pass) {
  auto fail = [&](Error e) {
    e.message = std::string(operation) + ": " + e.message;
    return e;
  };
  Reader r(response.body);
  if (r.next() != Token::kStart) return fail(r.status().error());
  std::string expected(operation);
  expected += "Response";
  if (r.local_name() != expected) {
    const std::string got(r.name());
    if (r.finish() == Token::kError) return fail(r.status().error());
    return fail(
        make_error(ErrorKind::kDecode, "UnexpectedResponse",
                   "expected <" + expected + "> as the document element, got <" + got + ">"));
  }
  std::string result_name(operation);
  result_name += "Result";
  const std::string_view root = r.name();
  Decoder d(operation);
  T out;
  auto root_pass = make_pass();  // the root's children, in case there is no <OpResult>
  bool found = false;
  for (Token t = r.next(); t != Token::kEnd; t = r.next()) {
    if (t == Token::kText) continue;
    if (t != Token::kStart) break;
    if (found) {
      r.skip_element();
    } else if (r.local_name() == result_name) {
      found = true;
      out = T{};
      d.reset();
      const std::string_view parent = r.name();
      auto pass = make_pass();
      for (Token c = r.next(); c != Token::kEnd; c = r.next()) {
        if (c == Token::kStart) {
          pass.child(d, r, parent, out);
        } else if (c != Token::kText) {
          break;
        }
      }
      pass.finish(d, parent, out);
    } else {
      root_pass.child(d, r, root, out);
    }
  }
  if (!found) root_pass.finish(d, root, out);
  if (r.finish() == Token::kError) return fail(r.status().error());
  if (d.error()) return *d.error();
  return out;
}

// Results read as a whole by their shape (Marker and a list).
template <typename T>
Result<T> decode_result(const HttpResponse& response, std::string_view operation) {
  return decode<T>(response, operation, [] { return typename Shape<T>::Pass(shape<T>()); });
}

// The children of a result that holds one structure, the first child named `element`.
template <typename T, typename S>
class SinglePass {
 public:
  SinglePass(const char* element, S T::*slot) : element_(element), slot_(slot) {}
  void child(Decoder& d, Reader& r, std::string_view, T& out) {
    if (found_ || r.name() != element_) {
      r.skip_element();
      return;
    }
    found_ = true;
    read(d, r, out.*slot_);
  }
  void finish(Decoder& d, std::string_view parent, T&) {
    if (!found_) d.missing(parent, element_);
  }

 private:
  const char* element_;
  S T::*slot_;
  bool found_ = false;
};

// Results that hold one structure named `element`.
template <typename T, typename S>
Result<T> decode_single(const HttpResponse& response, std::string_view operation,
                        const char* element, S T::*slot) {
  return decode<T>(response, operation, [&] { return SinglePass<T, S>(element, slot); });
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
