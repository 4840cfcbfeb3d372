// Fault injection: the public API over the fault book (include/drh/fake/fault_injection.h)
// and what the faults do to a call (fault_apply.h). docs/fake-model.md, "Faults".
#include "drh/fake/fault_injection.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

#include "drh/core/retry.h"
#include "fault_apply.h"
#include "s3_service.h"
#include "service.h"

namespace drh::fake {

namespace {

constexpr std::array<std::string_view, 3> kReplicatingServices = {"rds", "dynamodb", "s3"};

Error field_error(const std::string& field, const std::string& message) {
  return invalid_input(field + ": " + message);
}

// The status AWS sends with `code` when the spec names only the code.
int status_for_code(std::string_view code) {
  if (code == "SlowDown" || code == "RequestLimitExceeded" || code == "ServiceUnavailable" ||
      code == "Unavailable" || code == "ServiceUnavailableException") {
    return 503;  // S3 SlowDown and EC2 RequestLimitExceeded are 503s
  }
  if (code == "TooManyRequestsException") return 429;  // Lambda
  if (code == "InternalFailure" || code == "InternalError" || code == "InternalServerError" ||
      code == "ServiceException") {
    return 500;
  }
  return 400;  // throttling codes and client errors
}

std::string default_message(std::string_view code) {
  if (is_throttling_code(code)) return "Rate exceeded";
  if (code == "ServiceUnavailable" || code == "Unavailable" ||
      code == "ServiceUnavailableException") {
    return "The request has failed due to a temporary failure of the server.";
  }
  if (code == "InternalFailure" || code == "InternalError" || code == "InternalServerError" ||
      code == "ServiceException") {
    return "The request processing has failed because of an unknown error, exception or "
           "failure.";
  }
  return "Injected error " + std::string(code);
}

std::string region_list(const FakeCloud::Core& core) {
  std::string out;
  for (const auto& r : core.options.regions) out += (out.empty() ? "" : ", ") + r;
  return out;
}

// Checks `spec` against the world; the error names the field.
std::optional<Error> check(const FakeCloud::Core& core, const FaultSpec& spec) {
  const auto kind = fault_kind_from(spec.kind);
  if (!kind) {
    return field_error("kind", "unknown fault kind '" + spec.kind +
                                   "' (expected region-outage, partition, replication-pause, "
                                   "api-error or latency)");
  }
  const std::string name = spec.kind;
  for (const auto& [field, value] : {std::pair{"region", &spec.region},
                                     std::pair{"peer_region", &spec.peer_region}}) {
    if (!value->empty() && !core.region_exists(*value)) {
      return field_error(field, "'" + *value + "' is not a region of this fake (" +
                                    region_list(core) + ")");
    }
  }
  const bool needs_region = *kind == FaultKind::kRegionOutage || *kind == FaultKind::kPartition;
  if (needs_region && spec.region.empty()) return field_error("region", "required for " + name);
  const bool has_peer = *kind == FaultKind::kPartition || *kind == FaultKind::kReplicationPause;
  if (*kind == FaultKind::kPartition && spec.peer_region.empty()) {
    return field_error("peer_region", "required for partition (the other side)");
  }
  if (!has_peer && !spec.peer_region.empty()) {
    return field_error("peer_region", "applies only to partition and replication-pause");
  }
  if (has_peer && !spec.region.empty() && spec.region == spec.peer_region) {
    return field_error("peer_region", "must differ from region ('" + spec.region + "')");
  }
  const bool call_filter = *kind == FaultKind::kApiError || *kind == FaultKind::kLatency;
  if (*kind == FaultKind::kReplicationPause) {
    if (!spec.service.empty() &&
        std::find(kReplicatingServices.begin(), kReplicatingServices.end(), spec.service) ==
            kReplicatingServices.end()) {
      return field_error("service", "replication-pause takes rds, dynamodb or s3, not '" +
                                        spec.service + "'");
    }
  } else if (call_filter) {
    if (!spec.service.empty() && core.find(spec.service) == nullptr) {
      std::string known;
      for (const auto& [id, s] : core.services) known += (known.empty() ? "" : ", ") + id;
      return field_error("service", "the fake serves no '" + spec.service + "' (" + known + ")");
    }
  } else if (!spec.service.empty()) {
    return field_error("service", "does not apply to " + name);
  }
  if (!call_filter && !spec.operation.empty()) {
    return field_error("operation", "applies only to api-error and latency");
  }
  if (*kind == FaultKind::kApiError) {
    if (!(spec.probability >= 0.0 && spec.probability <= 1.0)) {
      return field_error("probability",
                         "must be between 0 and 1, got " + nlohmann::json(spec.probability).dump());
    }
    if (spec.status && (*spec.status < 400 || *spec.status > 599)) {
      return field_error("status", "must be an HTTP error status 400..599, got " +
                                       std::to_string(*spec.status));
    }
    if (spec.code.empty() && spec.status && *spec.status != 400 && *spec.status != 429 &&
        *spec.status < 500) {
      return field_error("code", "required with status " + std::to_string(*spec.status));
    }
  } else {
    if (spec.probability != 1.0) return field_error("probability", "applies only to api-error");
    if (spec.status) return field_error("status", "applies only to api-error");
    if (!spec.code.empty()) return field_error("code", "applies only to api-error");
    if (!spec.message.empty()) return field_error("message", "applies only to api-error");
  }
  if (*kind == FaultKind::kLatency) {
    if (spec.latency <= Duration::zero()) {
      return field_error("latency_ms", "required for latency and must be > 0");
    }
  } else if (spec.latency != Duration::zero()) {
    return field_error("latency_ms", "applies only to latency");
  }
  if (spec.duration && *spec.duration <= Duration::zero()) {
    return field_error("duration_seconds", "must be > 0 (omit it for a fault that lasts "
                                           "until removed)");
  }
  return std::nullopt;
}

// The book entry for a checked spec, starting at `now`.
Fault to_fault(const FaultSpec& spec, TimePoint now) {
  Fault f;
  f.kind = *fault_kind_from(spec.kind);
  f.region = spec.region;
  f.peer_region = spec.peer_region;
  f.service = spec.service;
  f.operation = spec.operation;
  f.latency = spec.latency;
  f.start = now;
  if (spec.duration) f.until = now + std::chrono::duration_cast<TimePoint::duration>(*spec.duration);
  if (f.kind == FaultKind::kApiError) {
    f.probability = spec.probability;
    if (spec.code.empty()) {
      f.status = spec.status.value_or(500);
      f.code = f.status == 503   ? "ServiceUnavailable"
               : f.status < 500 ? (f.status == 429 ? "TooManyRequestsException"
                                                   : "ThrottlingException")
                                : "InternalFailure";
    } else {
      f.code = spec.code;
      f.status = spec.status.value_or(status_for_code(spec.code));
    }
    f.message = spec.message;
  } else {
    f.code.clear();
  }
  return f;
}

FaultSpec to_spec(const Fault& f) {
  FaultSpec s;
  s.kind = std::string(to_string(f.kind));
  s.region = f.region;
  s.peer_region = f.peer_region;
  s.service = f.service;
  s.operation = f.operation;
  s.latency = f.latency;
  if (f.kind == FaultKind::kApiError) {
    s.probability = f.probability;
    s.status = f.status;
    s.code = f.code;
    s.message = f.message;
  }
  if (f.until) s.duration = *f.until - f.start;
  return s;
}

double seconds_of(Duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

// ---------------------------------------------------------------- public API

Result<std::string> inject(FakeCloud& cloud, const FaultSpec& spec) {
  FakeCloud::Core& core = cloud.core();
  std::lock_guard lock(core.mutex);
  if (auto error = check(core, spec)) return *error;
  return core.faults.add(to_fault(spec, core.clock.now()));
}

std::vector<InjectedFault> list_faults(FakeCloud& cloud) {
  FakeCloud::Core& core = cloud.core();
  std::lock_guard lock(core.mutex);
  std::vector<InjectedFault> out;
  for (const Fault& f : core.faults.active(core.clock.now())) {
    out.push_back(InjectedFault{f.id, to_spec(f), f.start, f.until, f.hits});
  }
  return out;
}

bool remove_fault(FakeCloud& cloud, std::string_view id) {
  FakeCloud::Core& core = cloud.core();
  std::lock_guard lock(core.mutex);
  return core.faults.remove(id);
}

void clear_faults(FakeCloud& cloud) {
  FakeCloud::Core& core = cloud.core();
  std::lock_guard lock(core.mutex);
  core.faults.clear();
}

Result<FaultSpec> fault_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return invalid_input("a fault must be a JSON object, got " + j.dump());
  FaultSpec s;
  for (const auto& [key, value] : j.items()) {
    auto text = [&](std::string& out) -> std::optional<Error> {
      if (!value.is_string()) return field_error(key, "expected a string, got " + value.dump());
      out = value.get<std::string>();
      return std::nullopt;
    };
    auto number = [&](double& out) -> std::optional<Error> {
      if (!value.is_number()) return field_error(key, "expected a number, got " + value.dump());
      out = value.get<double>();
      return std::nullopt;
    };
    std::optional<Error> error;
    if (key == "kind") {
      error = text(s.kind);
    } else if (key == "region") {
      error = text(s.region);
    } else if (key == "peer_region") {
      error = text(s.peer_region);
    } else if (key == "service") {
      error = text(s.service);
    } else if (key == "operation") {
      error = text(s.operation);
    } else if (key == "code") {
      error = text(s.code);
    } else if (key == "message") {
      error = text(s.message);
    } else if (key == "probability") {
      error = number(s.probability);
    } else if (key == "status") {
      if (!value.is_number_integer()) {
        error = field_error(key, "expected an integer HTTP status, got " + value.dump());
      } else if (value.get<long long>() < 0 || value.get<long long>() > 999) {
        error = field_error(key, "must be an HTTP error status 400..599, got " + value.dump());
      } else {
        s.status = value.get<int>();
      }
    } else if (key == "latency_ms") {
      double ms = 0;
      error = number(ms);
      if (!error && (ms < 0 || ms > 86'400'000.0)) {
        error = field_error(key, "must be between 0 and 86400000 (one day), got " + value.dump());
      }
      if (!error) {
        s.latency = std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(ms));
      }
    } else if (key == "duration_seconds") {
      if (value.is_null()) continue;
      double seconds = 0;
      error = number(seconds);
      if (!error && (seconds <= 0 || seconds > 3.0e9)) {
        error = field_error(key, "must be > 0 seconds (omit it for a fault that lasts until "
                                 "removed), got " + value.dump());
      }
      if (!error) {
        s.duration = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
      }
    } else {
      error = field_error(key, "unknown field (known: kind, region, peer_region, service, "
                               "operation, probability, status, code, message, latency_ms, "
                               "duration_seconds)");
    }
    if (error) return *error;
  }
  if (s.kind.empty()) return field_error("kind", "required");
  return s;
}

nlohmann::json fault_to_json(const FaultSpec& s) {
  nlohmann::json j{{"kind", s.kind}};
  if (!s.region.empty()) j["region"] = s.region;
  if (!s.peer_region.empty()) j["peer_region"] = s.peer_region;
  if (!s.service.empty()) j["service"] = s.service;
  if (!s.operation.empty()) j["operation"] = s.operation;
  if (s.kind == "api-error") j["probability"] = s.probability;
  if (s.status) j["status"] = *s.status;
  if (!s.code.empty()) j["code"] = s.code;
  if (!s.message.empty()) j["message"] = s.message;
  if (s.latency > Duration::zero()) {
    j["latency_ms"] = std::chrono::duration<double, std::milli>(s.latency).count();
  }
  if (s.duration) j["duration_seconds"] = seconds_of(*s.duration);
  return j;
}

nlohmann::json fault_to_json(const InjectedFault& f, TimePoint now) {
  nlohmann::json j = fault_to_json(f.spec);
  j["id"] = f.id;
  j["start"] = format_iso8601(f.start);
  j["until"] = f.until ? nlohmann::json(format_iso8601(*f.until)) : nlohmann::json();
  j["remaining_seconds"] =
      f.until ? nlohmann::json(seconds_of(std::max(Duration::zero(), *f.until - now)))
              : nlohmann::json();
  j["hits"] = f.hits;
  return j;
}

Result<std::vector<std::string>> inject_json(FakeCloud& cloud, std::string_view body) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded()) {
    return invalid_input("body: not JSON (expected a fault object or a list of them)");
  }
  const bool list = doc.is_array();
  if (!list && !doc.is_object()) {
    return invalid_input("body: expected a fault object or a list of them, got " + doc.dump());
  }
  if (list && doc.empty()) return invalid_input("body: the list of faults is empty");
  if (!list) {
    nlohmann::json one = nlohmann::json::array();
    one.push_back(std::move(doc));
    doc = std::move(one);
  }

  FakeCloud::Core& core = cloud.core();
  std::lock_guard lock(core.mutex);
  std::vector<FaultSpec> specs;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const std::string where = list ? "faults[" + std::to_string(i) + "]." : "";
    auto spec = fault_from_json(doc[i]);
    std::optional<Error> error;
    if (!spec.ok()) error = spec.error();
    if (!error) error = check(core, *spec);
    if (error) {
      error->message = where + error->message;
      return *error;
    }
    specs.push_back(std::move(*spec));
  }
  std::vector<std::string> ids;
  for (const auto& spec : specs) ids.push_back(core.faults.add(to_fault(spec, core.clock.now())));
  return ids;
}

// ---------------------------------------------------------------- effects on calls

bool is_global_call(const Call& call) {
  // STS's global endpoint is not listed: it is served from us-east-1 (SDKs sign it for
  // us-east-1), so it is down with us-east-1 and up when any other region is down.
  return call.service == "route53";
}

namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return out;
}

bool has_query_key(const Call& call, std::string_view key) {
  std::string_view q = call.http->query;
  while (!q.empty()) {
    const auto amp = q.find('&');
    std::string_view item = q.substr(0, amp);
    if (item.substr(0, item.find('=')) == key) return true;
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
  }
  return false;
}

std::string s3_operation(const Call& call) {
  const std::string& m = call.http->method;
  auto seg = segments(call.path);
  const bool host_bucket = !s3::bucket_from_host(call.host).empty();
  const bool bucket = host_bucket || !seg.empty();
  const bool key = host_bucket ? !seg.empty() : seg.size() > 1;
  if (!bucket) return m == "GET" ? "ListBuckets" : "";
  if (key) {
    if (m == "PUT") return call.header("x-amz-copy-source") ? "CopyObject" : "PutObject";
    if (m == "GET") return "GetObject";
    if (m == "HEAD") return "HeadObject";
    if (m == "DELETE") return "DeleteObject";
    return "";
  }
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kSub = {{
      {"versioning", "BucketVersioning"},
      {"replication", "BucketReplication"},
      {"encryption", "BucketEncryption"},
      {"location", "BucketLocation"},
  }};
  for (const auto& [sub, name] : kSub) {
    if (!has_query_key(call, sub)) continue;
    if (m == "GET") return "Get" + std::string(name);
    if (m == "PUT") return "Put" + std::string(name);
    if (m == "DELETE") return "Delete" + std::string(name);
  }
  if (m == "POST" && has_query_key(call, "delete")) return "DeleteObjects";
  if (m == "GET" && has_query_key(call, "versions")) return "ListObjectVersions";
  if (m == "GET") return has_query_key(call, "list-type") ? "ListObjectsV2" : "ListObjects";
  if (m == "PUT") return "CreateBucket";
  if (m == "HEAD") return "HeadBucket";
  if (m == "DELETE") return "DeleteBucket";
  return "";
}

std::string route53_operation(const Call& call) {
  const std::string& m = call.http->method;
  auto s = segments(call.path);
  if (!s.empty() && s.front() == "2013-04-01") s.erase(s.begin());
  if (s.empty()) return "";
  const std::string_view what = s[0];
  const std::size_t n = s.size();
  if (what == "hostedzone") {
    if (n == 1) return m == "POST" ? "CreateHostedZone" : "ListHostedZones";
    if (n == 2) {
      if (m == "GET") return "GetHostedZone";
      if (m == "DELETE") return "DeleteHostedZone";
      return "UpdateHostedZoneComment";
    }
    if (s[2] == "rrset") return m == "POST" ? "ChangeResourceRecordSets" : "ListResourceRecordSets";
  }
  if (what == "hostedzonesbyname") return "ListHostedZonesByName";
  if (what == "hostedzonecount") return "GetHostedZoneCount";
  if (what == "change") return "GetChange";
  if (what == "testdnsanswer") return "TestDNSAnswer";
  if (what == "healthcheck") {
    if (n == 1) return m == "POST" ? "CreateHealthCheck" : "ListHealthChecks";
    if (n == 2) {
      if (m == "GET") return "GetHealthCheck";
      if (m == "DELETE") return "DeleteHealthCheck";
      return "UpdateHealthCheck";
    }
    if (s[2] == "status") return "GetHealthCheckStatus";
    if (s[2] == "lastfailurereason") return "GetHealthCheckLastFailureReason";
  }
  if (what == "tags") return m == "POST" ? "ChangeTagsForResource" : "ListTagsForResource";
  return "";
}

std::string lambda_operation(const Call& call) {
  const std::string& m = call.http->method;
  auto s = segments(call.path);
  if (s.size() < 2 || s[1] != "functions") return "";
  if (s.size() == 2) return m == "POST" ? "CreateFunction" : "ListFunctions";
  if (s.size() == 3) return m == "DELETE" ? "DeleteFunction" : "GetFunction";
  const std::string_view sub = s[3];
  if (sub == "invocations") return "Invoke";
  if (sub == "configuration") {
    return m == "PUT" ? "UpdateFunctionConfiguration" : "GetFunctionConfiguration";
  }
  if (sub == "code") return "UpdateFunctionCode";
  if (sub == "versions") return m == "POST" ? "PublishVersion" : "ListVersionsByFunction";
  if (sub == "policy") return m == "POST" ? "AddPermission" : "GetPolicy";
  return "";
}

// The region a call counts as for region filters: none for global endpoints.
std::string_view fault_region(const Call& call) {
  return is_global_call(call) ? std::string_view{} : std::string_view(call.region);
}

}  // namespace

std::string fault_operation(const Call& call) {
  if (!call.operation.empty() || call.http == nullptr) return call.operation;
  if (call.service == "s3") return s3_operation(call);
  if (call.service == "route53") return route53_operation(call);
  if (call.service == "lambda") return lambda_operation(call);
  return call.operation;
}

Duration fault_latency(FakeCloud::Core& core, const Call& call) {
  const bool any = std::any_of(core.faults.all().begin(), core.faults.all().end(),
                               [](const Fault& f) { return f.kind == FaultKind::kLatency; });
  if (!any) return Duration::zero();
  const TimePoint now = core.clock.now();
  Duration total{};
  std::vector<std::string> hit;
  for (const Fault* f :
       core.faults.latency_faults(call.service, fault_operation(call), fault_region(call), now)) {
    total += f->latency;
    hit.push_back(f->id);
  }
  for (const auto& id : hit) core.faults.record_hit(id);
  return total;
}

void apply_fault_errors(FakeCloud::Core& core, const Call& call) {
  if (core.faults.all().empty()) return;
  const TimePoint now = core.clock.now();
  if (!is_global_call(call) && core.faults.region_down(call.region, now)) {
    for (const Fault& f : core.faults.active(now)) {
      if (f.kind == FaultKind::kRegionOutage && f.region == call.region) {
        core.faults.record_hit(f.id);
        break;
      }
    }
    fail(503, "ServiceUnavailable",
         "The request has failed due to a temporary failure of the server. (" + call.region +
             " is down: injected region-outage)");
  }
  const std::string operation = fault_operation(call);
  for (const Fault* f : core.faults.api_errors(call.service, operation, fault_region(call), now)) {
    bool hits = f->probability >= 1.0;
    if (!hits && f->probability > 0.0) hits = core.clock.jitter() < f->probability;
    if (!hits) continue;
    const std::string id = f->id;
    ApiError error{f->status, f->code,
                   f->message.empty() ? default_message(f->code) + " [injected " + id + "]"
                                      : f->message,
                   f->status < 500};
    core.faults.record_hit(id);
    throw error;
  }
}

}  // namespace drh::fake
