// RDS in the fake: the Describe operations, with identifier filters and Marker paging.
#include "drh/core/encoding.h"
#include "drh/protocol/timestamp.h"
#include "rds_service.h"
#include "rds_xml.h"
#include "wire.h"

namespace drh::fake::rds {

namespace {

constexpr std::string_view kXmlns = "http://rds.amazonaws.com/doc/2014-10-31/";

/// One page of `items` (a map by key) after `page.after`, keeping what `keep` accepts;
/// the marker is set only when another match follows the page.
template <typename Map, typename Keep>
std::pair<std::vector<const typename Map::mapped_type*>, std::string> take_page(
    const Map& items, const PageRequest& page, std::string_view kind, Keep&& keep) {
  std::vector<const typename Map::mapped_type*> out;
  std::string_view last;
  auto it = page.after.empty() ? items.begin() : items.upper_bound(page.after);
  for (; it != items.end(); ++it) {
    if (!keep(it->second)) continue;
    if (static_cast<int>(out.size()) == page.max_records) {
      return {std::move(out), page_marker(kind, last)};
    }
    out.push_back(&it->second);
    last = it->first;
  }
  return {std::move(out), std::string()};
}

/// True when one of the filter's values names `id` (identifier or ARN of `type`).
bool names(const Filter& f, std::string_view region, std::string_view type, std::string_view id,
           std::string_view account) {
  for (const std::string& v : f.values) {
    if (identifier_of(region, type, v, account) == id) return true;
  }
  return false;
}

}  // namespace

HttpResponse RdsService::describe_global_clusters(Call& call) {
  const auto filters = parse_filters(call, {"region"});
  const PageRequest page = parse_paging(call, "global-clusters");
  std::string only;
  if (auto id = call.param("GlobalClusterIdentifier")) only = global_or_throw(*id).id;
  auto [items, marker] = take_page(globals_, page, "global-clusters", [&](const GlobalCluster& g) {
    if (!only.empty() && g.id != only) return false;
    for (const Filter& f : filters) {
      // region: global clusters with at least one member in one of the regions.
      bool any = false;
      for (const std::string& arn : g.members) {
        for (const std::string& region_name : f.values) {
          any = any || arn.starts_with("arn:aws:rds:" + region_name + ":");
        }
      }
      if (!any) return false;
    }
    return true;
  });
  return query_response(call, kXmlns, [&](xml::XmlWriter& w) {
    w.start("GlobalClusters");
    for (const GlobalCluster* g : items) write_global(w, *g, *this);
    w.end();
    if (!marker.empty()) w.element("Marker", marker);
  });
}

HttpResponse RdsService::describe_db_clusters(Call& call) {
  const auto filters = parse_filters(
      call, {"clone-group-id", "db-cluster-id", "db-cluster-resource-id", "domain", "engine"});
  const PageRequest page = parse_paging(call, "db-clusters");
  const std::string& account = core_.options.account_id;
  std::string only;
  if (auto id = call.param("DBClusterIdentifier")) only = cluster_or_throw(call.region, *id).id;
  RegionState& r = region(call.region);
  auto [items, marker] = take_page(r.clusters, page, "db-clusters", [&](const Cluster& c) {
    if (!only.empty() && c.id != only) return false;
    for (const Filter& f : filters) {
      bool ok = false;
      if (f.name == "db-cluster-id") ok = names(f, call.region, "cluster", c.id, account);
      else if (f.name == "db-cluster-resource-id") ok = f.matches(c.resource_id);
      else if (f.name == "engine") ok = f.matches(c.engine);
      // clone-group-id, domain: the fake has neither clones nor directory domains.
      if (!ok) return false;
    }
    return true;
  });
  return query_response(call, kXmlns, [&](xml::XmlWriter& w) {
    w.start("DBClusters");
    for (const Cluster* c : items) write_cluster(w, *c, *this);
    w.end();
    if (!marker.empty()) w.element("Marker", marker);
  });
}

HttpResponse RdsService::describe_db_instances(Call& call) {
  const auto filters = parse_filters(
      call, {"db-cluster-id", "db-instance-id", "dbi-resource-id", "domain", "engine"});
  const PageRequest page = parse_paging(call, "db-instances");
  const std::string& account = core_.options.account_id;
  std::string only;
  if (auto id = call.param("DBInstanceIdentifier")) only = instance_or_throw(call.region, *id).id;
  RegionState& r = region(call.region);
  auto [items, marker] = take_page(r.instances, page, "db-instances", [&](const Instance& i) {
    if (!only.empty() && i.id != only) return false;
    for (const Filter& f : filters) {
      bool ok = false;
      if (f.name == "db-cluster-id") {
        ok = !i.cluster_id.empty() && names(f, call.region, "cluster", i.cluster_id, account);
      } else if (f.name == "db-instance-id") {
        ok = names(f, call.region, "db", i.id, account);
      } else if (f.name == "dbi-resource-id") {
        ok = f.matches(i.resource_id);
      } else if (f.name == "engine") {
        ok = f.matches(i.engine);
      }
      if (!ok) return false;
    }
    return true;
  });
  return query_response(call, kXmlns, [&](xml::XmlWriter& w) {
    w.start("DBInstances");
    for (const Instance* i : items) write_instance(w, *i, *this);
    w.end();
    if (!marker.empty()) w.element("Marker", marker);
  });
}

HttpResponse RdsService::describe_events(Call& call) {
  static constexpr std::string_view kSourceTypes[] = {
      "db-instance",         "db-parameter-group",    "db-security-group",
      "db-snapshot",         "db-cluster",            "db-cluster-snapshot",
      "custom-engine-version", "db-proxy",            "blue-green-deployment",
      "db-shard-group"};
  const auto source_type = call.param("SourceType");
  if (source_type) {
    bool known = false;
    for (std::string_view t : kSourceTypes) known = known || *source_type == t;
    if (!known) {
      fail(400, "InvalidParameterValue", "Invalid source type: " + *source_type);
    }
  }
  const auto source_id = call.param("SourceIdentifier");
  if (source_id && !source_type) {
    fail(400, "InvalidParameterCombination",
         "SourceType must be provided when SourceIdentifier is specified");
  }
  auto timestamp = [&](const char* name) -> std::optional<TimePoint> {
    auto text = call.param(name);
    if (!text) return std::nullopt;
    auto t = parse_any_timestamp(*text, ErrorKind::kInvalidInput);
    if (!t.ok()) {
      fail(400, "InvalidParameterValue", "Invalid value for " + std::string(name) + ": " + *text);
    }
    return *t;
  };
  const TimePoint now = core_.clock.now();
  auto start = timestamp("StartTime");
  auto end = timestamp("EndTime");
  const auto duration = call.integer("Duration");
  if (!start) {
    // Duration minutes back from the end (default 60, as AWS).
    start = end.value_or(now) - std::chrono::minutes(duration.value_or(60));
  }
  if (!end) end = now;
  const auto categories = call.list("EventCategories", "EventCategory");
  // Filters: "This parameter isn't currently supported" by RDS; ignored alike.
  const PageRequest page = parse_paging(call, "events");
  std::uint64_t after = 0;
  if (!page.after.empty()) {
    try {
      after = std::stoull(page.after);
    } catch (const std::exception&) {
      fail(400, "InvalidParameterValue", "The marker is not valid");
    }
  }
  const std::string wanted_id = source_id ? to_lower(*source_id) : std::string();
  RegionState& r = region(call.region);
  std::vector<const Event*> items;
  std::string marker;
  for (const Event& e : r.events) {
    if (e.seq <= after) continue;
    if (e.date < *start || e.date > *end) continue;
    if (source_type && e.source_type != *source_type) continue;
    if (source_id && e.source_id != wanted_id) continue;
    if (!categories.empty()) {
      bool any = false;
      for (const std::string& c : e.categories) {
        for (const std::string& want : categories) any = any || c == want;
      }
      if (!any) continue;
    }
    if (static_cast<int>(items.size()) == page.max_records) {
      marker = page_marker("events", std::to_string(items.back()->seq));
      break;
    }
    items.push_back(&e);
  }
  return query_response(call, kXmlns, [&](xml::XmlWriter& w) {
    w.start("Events");
    for (const Event* e : items) write_event(w, *e);
    w.end();
    if (!marker.empty()) w.element("Marker", marker);
  });
}

}  // namespace drh::fake::rds
