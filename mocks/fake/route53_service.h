// Internal to the fake: Route 53 (rest-xml, API 2013-04-01), a global service.
//
// State: hosted zones (with their record sets, kept in the order ListResourceRecordSets
// pages them), changes and health checks. Changes are PENDING when submitted and turn
// INSYNC after kChangePropagationDelay of virtual time, through a task on the core clock.
// Health-check status has one seam, health_status(). Endpoint checks (HTTP, HTTPS, TCP,
// *_STR_MATCH) are probed on the core clock from each checker region every RequestInterval
// (route53_probing.cc): a checker changes its verdict after FailureThreshold consecutive
// contrary results, and the check's endpoint counts healthy while more than 18% of its
// checkers say so. CALCULATED checks follow their children, CLOUDWATCH_METRIC checks their
// alarm; Disabled is always healthy and Inverted flips the result.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "drh/core/virtual_clock.h"
#include "s3_route53_tree.h"
#include "service.h"

namespace drh::fake {

/// How long a change (record sets, zone creation or deletion) stays PENDING. AWS
/// documents "generally within 60 seconds"; 30 s keeps the botocore waiter (30 s polls)
/// at one retry.
inline constexpr std::chrono::seconds kChangePropagationDelay{30};
/// A check is healthy while more than this share of its checkers report it healthy (AWS,
/// "How Amazon Route 53 determines whether a health check is healthy").
inline constexpr double kHealthyCheckerShare = 0.18;
/// How often Route 53 publishes AWS/Route53 HealthCheckStatus (one datapoint a minute).
inline constexpr std::chrono::seconds kHealthMetricInterval{60};

namespace route53 {

inline constexpr std::string_view kXmlns = "https://route53.amazonaws.com/doc/2013-04-01/";

/// Where a record set sits in ListResourceRecordSets order: the name with its labels
/// reversed (label by label), then the type, then the set identifier.
struct RecordKey {
  std::string sort_name;
  std::string type;
  std::string set_id;
  auto operator<=>(const RecordKey&) const = default;
};

struct Change {
  std::string id;  ///< bare, "C..."
  std::string status = "PENDING";
  TimePoint submitted{};
  std::string comment;
  bool has_comment = false;
  VirtualClock::TaskId task = 0;  ///< the pending INSYNC transition, 0 once run
};

struct Zone {
  std::string id;    ///< bare, "Z..."
  std::string name;  ///< normalised: lower case, escaped, trailing dot
  std::string caller_reference;
  std::optional<std::string> comment;
  bool private_zone = false;
  std::vector<std::pair<std::string, std::string>> vpcs;  ///< (region, vpc id)
  std::vector<std::string> name_servers;
  std::uint64_t seq = 0;                    ///< creation order (ListHostedZones order)
  std::map<RecordKey, tree::Node> records;  ///< <ResourceRecordSet> members
};

/// One health checker region's view of an endpoint check.
struct Checker {
  std::string region;
  std::string ip;             ///< the checker's (illustrative) address
  bool healthy = true;        ///< its verdict: new checks are healthy until data arrives
  int streak = 0;             ///< consecutive probe results against the verdict
  bool has_data = false;      ///< probed at least once
  bool last_ok = true;        ///< the last probe's result
  std::string report;         ///< the last probe's words, without "Success: "/"Failure: "
  TimePoint checked{};        ///< when it last probed
  TimePoint next_probe{};     ///< when it probes next
};

struct HealthCheck {
  std::string id;
  std::string caller_reference;
  tree::Node config;  ///< <HealthCheckConfig>, defaults filled in
  std::int64_t version = 1;
  std::uint64_t seq = 0;
  /// What the endpoint probes last saw: the seam the probing dynamics will drive. New
  /// checks count as healthy until data arrives, as on AWS.
  bool endpoint_healthy = true;
  /// For CLOUDWATCH_METRIC checks with InsufficientDataHealthStatus LastKnownStatus.
  bool last_known_healthy = true;
  TimePoint last_checked{};
  /// Endpoint checks: one entry per checker region (empty for other types).
  std::vector<Checker> checkers;
  VirtualClock::TaskId probe_task = 0;  ///< the next probe round, 0 when none is scheduled
};

/// A probe's outcome as a checker reports it.
struct ProbeResult {
  bool ok = true;
  std::string why;  ///< "HTTP Status Code 200, OK", "Connection timed out. ..."
};

/// A registered endpoint (include/drh/fake/endpoints.h), as Route 53 keeps it.
struct KnownEndpoint {
  std::string host;  ///< lower case
  int port = 0;
  std::string path;
  std::string region;
  bool healthy = true;
  int failure_status = 503;
  std::string body;
};

/// A check's status as Route 53 would route on it, and the words its checkers report.
struct HealthStatus {
  bool healthy = true;
  std::string report;  ///< "Success: ..." / "Failure: ..."
};

/// Lower case, every byte outside [a-z0-9-_.] as a \ooo escape (as Route 53 lists names,
/// "*" -> "\052"), trailing dot. nullopt when it is not a domain name (empty labels,
/// labels over 63 bytes, over 255 bytes in all).
std::optional<std::string> normalize_name(std::string_view name);
/// The sort form of a normalised name (labels reversed).
std::string sort_name(std::string_view normalized);
/// "Z123" from "Z123", "/hostedzone/Z123", "hostedzone/Z123" (likewise change, healthcheck).
std::string bare_id(std::string_view id);

// Schemas of the request documents (route53_schema.cc).
extern const tree::Schema kCreateHostedZoneRequest;
extern const tree::Schema kChangeResourceRecordSetsRequest;
extern const tree::Schema kResourceRecordSet;
extern const tree::Schema kCreateHealthCheckRequest;
extern const tree::Schema kHealthCheckConfig;
extern const tree::Schema kUpdateHealthCheckRequest;
extern const tree::Schema kUpdateHostedZoneCommentRequest;
extern const tree::Schema kChangeTagsForResourceRequest;

/// One parsed call: the path segments after /2013-04-01/ (percent-decoded), the query
/// and, for POSTs, the XML body.
struct Request {
  Call& call;
  std::vector<std::string> segments;
  std::vector<std::pair<std::string, std::string>> query;
  pugi::xml_document doc;

  /// First value of a query parameter.
  std::optional<std::string> q(std::string_view name) const;
  /// The body's root element, which must be <root xmlns=kXmlns>; 400 InvalidInput naming
  /// the problem when the body is not that document.
  pugi::xml_node body(const char* root);
};

/// A success document: <root xmlns=kXmlns> with `body` inside.
HttpResponse reply(const Call& call, std::string_view root,
                   const std::function<void(xml::XmlWriter&)>& body, int status = 200);
void write_change_info(xml::XmlWriter& w, const Change& change);
void write_zone(xml::XmlWriter& w, const Zone& zone);
/// <DelegationSet> (public zones) or <VPCs>/<VPC> (private zones).
void write_delegation(xml::XmlWriter& w, const Zone& zone, bool single_vpc);
/// maxitems: the default when absent, capped at `cap`; 400 InvalidInput when not a
/// positive number. `echo` receives the text to send back as MaxItems.
std::size_t max_items(const Request& r, std::size_t fallback, std::size_t cap, std::string& echo);

/// Runs tree::parse and answers a violation with 400 InvalidInput.
tree::Node parse_or_throw(pugi::xml_node element, const tree::Schema& schema);

/// The operation AWS serves at `method` + `path` (segments after /2013-04-01/, labels
/// matching anything), "" when none: names what the fake does not serve.
std::string_view operation_for(std::string_view method, const std::vector<std::string>& segments);

}  // namespace route53

class Route53Service final : public Service {
 public:
  explicit Route53Service(FakeCloud::Core& core) : core_(core) {}
  ~Route53Service() override;

  std::string_view id() const override { return "route53"; }
  Protocol protocol() const override { return Protocol::kRestXml; }
  HttpResponse handle(Call& call) override;
  void save(nlohmann::json& out) const override;
  void load(const nlohmann::json& in) override;
  void reset() override;

  /// The one place a health check's status is decided (see the file comment).
  route53::HealthStatus health_status(const route53::HealthCheck& check, int depth = 0) const;
  /// Looks a check up by id (nullptr when unknown): for the dynamics and other services.
  route53::HealthCheck* find_health_check(std::string_view id);

  // Probing (route53_probing.cc). Call with the world lock held.
  /// What one probe of `check` from `checker_region` sees at `now`.
  route53::ProbeResult probe(const route53::HealthCheck& check, std::string_view checker_region,
                             TimePoint now) const;
  void register_endpoint(route53::KnownEndpoint endpoint);
  bool set_endpoint_healthy(std::string_view host, bool healthy);
  bool remove_endpoint(std::string_view host);
  const std::vector<route53::KnownEndpoint>& known_endpoints() const { return endpoints_; }
  void set_unknown_endpoints_healthy(bool healthy) { unknown_endpoints_healthy_ = healthy; }
  void set_live_probing(bool on) { live_probing_ = on; }
  /// Loopback targets of the current checks, for live probing (drh serve).
  std::vector<std::pair<std::string, const route53::HealthCheck*>> live_targets() const;
  void report_live(const std::string& key, route53::ProbeResult result) {
    live_results_[key] = std::move(result);
  }
  /// Override the share of checkers that must report healthy (default kHealthyCheckerShare).
  void set_healthy_checker_share(double share) { healthy_share_ = share; }
  /// Override how often HealthCheckStatus is published (default kHealthMetricInterval).
  void set_health_metric_interval(Duration d) { metric_interval_ = d; }

 private:
  using Request = route53::Request;

  // hosted zones (route53_zones.cc)
  HttpResponse create_hosted_zone(Request& r);
  HttpResponse get_hosted_zone(Request& r);
  HttpResponse list_hosted_zones(Request& r);
  HttpResponse list_hosted_zones_by_name(Request& r);
  HttpResponse delete_hosted_zone(Request& r);
  HttpResponse update_hosted_zone_comment(Request& r);
  HttpResponse get_hosted_zone_count(Request& r);
  HttpResponse get_change(Request& r);
  // record sets (route53_records.cc)
  HttpResponse list_resource_record_sets(Request& r);
  HttpResponse change_resource_record_sets(Request& r);
  HttpResponse test_dns_answer(Request& r);
  // health checks (route53_health.cc)
  HttpResponse create_health_check(Request& r);
  HttpResponse get_health_check(Request& r);
  HttpResponse list_health_checks(Request& r);
  HttpResponse get_health_check_status(Request& r);
  HttpResponse update_health_check(Request& r);
  HttpResponse delete_health_check(Request& r);
  HttpResponse get_health_check_count(Request& r);
  // tags on zones and health checks (route53_health.cc)
  HttpResponse change_tags_for_resource(Request& r);
  HttpResponse list_tags_for_resource(Request& r);

  route53::Zone& zone_or_throw(std::string_view id);
  route53::HealthCheck& check_or_throw(std::string_view id);
  route53::Change& submit_change(std::optional<std::string> comment);
  void schedule_insync(route53::Change& change);
  void cancel_tasks();
  bool record_healthy(const tree::Node& record, int depth) const;
  /// The record sets DNS would answer for (name, type) in `zone`, failover and health
  /// included, and the response code.
  std::vector<std::string> answer(const route53::Zone& zone, const std::string& name,
                                  const std::string& type, std::string& rcode, int depth) const;
  const route53::Zone* zone_for_name(std::string_view normalized, std::string_view hint) const;
  void validate_health_check_config(const tree::Node& config) const;
  /// (Re)starts probing of an endpoint check: fresh checkers (verdicts kept when `keep`),
  /// each with its own phase within the RequestInterval.
  void start_probing(route53::HealthCheck& check, bool keep);
  void schedule_probe(route53::HealthCheck& check);
  void run_probes(const std::string& id);
  void update_check_health(route53::HealthCheck& check);
  void ensure_metric_task();
  void publish_health_metrics();
  /// Per-checker observations for GetHealthCheckStatus: (region, ip, status, time).
  struct Observation {
    std::string region, ip, status;
    TimePoint checked;
  };
  std::vector<Observation> observations(const route53::HealthCheck& check) const;
  void save_probing(const route53::HealthCheck& check, nlohmann::json& out) const;
  void load_probing(route53::HealthCheck& check, const nlohmann::json& in);

  FakeCloud::Core& core_;
  std::map<std::string, route53::Zone, std::less<>> zones_;
  std::map<std::string, route53::Change, std::less<>> changes_;
  std::map<std::string, route53::HealthCheck, std::less<>> checks_;
  /// Caller references of deleted health checks: AWS refuses to reuse them.
  std::vector<std::string> deleted_check_references_;
  /// Tags per resource: ("healthcheck" | "hostedzone", bare id) -> key -> value.
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::string>> tags_;
  std::uint64_t seq_ = 0;
  std::vector<route53::KnownEndpoint> endpoints_;
  bool unknown_endpoints_healthy_ = true;
  double healthy_share_ = kHealthyCheckerShare;
  Duration metric_interval_ = kHealthMetricInterval;
  VirtualClock::TaskId metric_task_ = 0;
  bool live_probing_ = false;
  std::map<std::string, route53::ProbeResult, std::less<>> live_results_;
};

}  // namespace drh::fake
