// Endpoints a test world knows: what the fake's Route 53 health checkers probe.
//
// A DR stack's health checks point at load balancers, API Gateway hosts or Lambda function
// URLs. The fake has none of those servers, so a test world registers them here: a host
// name or IP address (with an optional port and path), the region it is homed in, and
// whether it answers healthily. Health checks whose FullyQualifiedDomainName or IPAddress
// match a registered endpoint probe it on the virtual clock: the probe succeeds unless the
// endpoint's region is down (a region-outage fault), a partition cuts the checker's region
// off from it, the endpoint is marked unhealthy, or (for *_STR_MATCH checks) its body does
// not contain the SearchString.
//
// Targets nobody registered: a name that carries an AWS region (an ALB/NLB name such as
// "x.us-east-1.elb.amazonaws.com", an API Gateway "x.execute-api.us-east-1.amazonaws.com",
// a Lambda function URL "x.lambda-url.us-east-1.on.aws") is homed in that region and
// healthy unless the region is out; any other target answers as
// set_unknown_endpoints_healthy() says (healthy by default: the fake cannot see it).
// docs/fake-model.md ("Route 53 health checks and DNS failover") gives the whole model.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drh/fake/fake_cloud.h"

namespace drh::fake {

struct Endpoint {
  std::string host{};  ///< DNS name or IP address, as a health check names it (any case)
  int port = 0;        ///< 0 = every port
  std::string path{};  ///< "" = every ResourcePath; else must equal the check's path
  std::string region{};  ///< where it is homed ("" = nowhere: region outages spare it)
  bool healthy = true;
  /// The HTTP status a probe gets while healthy is false (while healthy: 200).
  int failure_status = 503;
  /// The response body, searched by HTTP_STR_MATCH / HTTPS_STR_MATCH checks.
  std::string body = "OK";
};

/// Registers `endpoint`, replacing one with the same host, port and path. Thread-safe.
void register_endpoint(FakeCloud& cloud, Endpoint endpoint);
/// Marks every endpoint registered for `host` healthy or not; false when none is.
bool set_endpoint_healthy(FakeCloud& cloud, std::string_view host, bool healthy);
/// Forgets every endpoint registered for `host`; false when none was.
bool remove_endpoint(FakeCloud& cloud, std::string_view host);
/// The registered endpoints, in registration order.
std::vector<Endpoint> endpoints(FakeCloud& cloud);
/// How probes of targets nobody registered (and that name no AWS region) end: healthy
/// (the default) or failing as an unreachable host does.
void set_unknown_endpoints_healthy(FakeCloud& cloud, bool healthy);

// ---- Live probing of real endpoints on loopback (drh serve)
//
// With live probing on, a check whose target is on loopback (IPAddress 127.x.x.x or ::1,
// or FullyQualifiedDomainName localhost) and matches no registered endpoint takes its
// probe results from real probes that a front end (drh serve) makes outside the world
// lock and reports here. Until a first report arrives such a target counts as healthy.
// Every type is probed for real: TCP connects; HTTP and HTTPS (TLS, certificate not
// validated) GET the path and judge status and body alike.

/// One real target to probe.
struct LiveTarget {
  std::string key{};     ///< pass back to report_live_probe
  std::string type{};    ///< HTTP | HTTPS | HTTP_STR_MATCH | HTTPS_STR_MATCH | TCP
  std::string host{};    ///< address to connect to
  int port = 0;
  std::string host_header{};  ///< FullyQualifiedDomainName, else host
  std::string path{};          ///< ResourcePath ("/" by default)
  std::string search{};        ///< SearchString (*_STR_MATCH)
  /// HTTPS*: send host_header as TLS SNI (EnableSNI). The certificate is never validated,
  /// as Route 53 does not validate it either.
  bool sni = false;
};

void enable_live_probing(FakeCloud& cloud, bool on);
/// The loopback targets of the current health checks (one per distinct target).
std::vector<LiveTarget> live_probe_targets(FakeCloud& cloud);
/// Records a real probe's outcome: `why` as a checker words it without the
/// "Success: "/"Failure: " prefix (e.g. "HTTP Status Code 200, OK").
void report_live_probe(FakeCloud& cloud, const std::string& key, bool ok, std::string why);

}  // namespace drh::fake
