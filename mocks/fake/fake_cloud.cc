#include "drh/fake/fake_cloud.h"

#include <nlohmann/json.hpp>
#include <thread>

#include "fault_apply.h"
#include "router.h"
#include "service.h"
#include "wire.h"

namespace drh::fake {

Service* FakeCloud::Core::find(std::string_view id) const {
  auto it = services.find(id);
  return it == services.end() ? nullptr : it->second.get();
}

bool FakeCloud::Core::region_exists(std::string_view region) const {
  for (const auto& r : options.regions) {
    if (r == region) return true;
  }
  return false;
}

FakeCloud::FakeCloud(VirtualClock& clock, FakeOptions options)
    : core_(std::make_unique<Core>(clock, std::move(options))) {
  for (auto factory : {make_sts_service, make_ec2_service, make_rds_service, make_route53_service,
                       make_dynamodb_service, make_s3_service, make_cloudwatch_service,
                       make_sns_service, make_lambda_service}) {
    std::unique_ptr<Service> service = factory(*core_);
    std::string id(service->id());
    core_->services.emplace(std::move(id), std::move(service));
  }
}

FakeCloud::~FakeCloud() = default;

VirtualClock& FakeCloud::clock() { return core_->clock; }
const FakeOptions& FakeCloud::options() const { return core_->options; }
FakeCloud::Core& FakeCloud::core() { return *core_; }

HttpResponse FakeCloud::handle(const HttpRequest& request) {
  // A latency fault delays the call before it is served; the wait happens without the
  // world lock (advancing the clock runs tasks that take it).
  Duration delay{};
  {
    std::lock_guard lock(core_->mutex);
    if (!core_->faults.all().empty()) {
      Call probe;
      probe.http = &request;
      try {
        route(request, probe);
        delay = fault_latency(*core_, probe);
      } catch (const ApiError&) {
        // unroutable: answered below
      }
    }
  }
  if (delay > Duration::zero()) {
    if (core_->options.latency_wall_scale > 0) {
      std::this_thread::sleep_for(std::chrono::duration_cast<std::chrono::nanoseconds>(
          std::chrono::duration<double, std::nano>(delay) / core_->options.latency_wall_scale));
    } else {
      core_->clock.advance(delay);
    }
  }
  std::lock_guard lock(core_->mutex);
  Call call;
  call.http = &request;
  call.account = core_->options.account_id;
  call.request_id = core_->ids.uuid();
  Protocol protocol = Protocol::kQuery;
  try {
    route(request, call);
    protocol = call.protocol;
    Service* service = core_->find(call.service);
    if (service == nullptr) {
      fail(400, "UnknownService", "drharness's fake does not serve '" + call.service + "'");
    }
    if (!core_->region_exists(call.region)) {
      fail(400, "InvalidClientTokenId",
           "The security token included in the request is invalid: region '" + call.region +
               "' is not enabled in this fake account");
    }
    apply_fault_errors(*core_, call);
    return service->handle(call);
  } catch (const ApiError& e) {
    return error_response(call, protocol, e);
  } catch (const nlohmann::json::exception& e) {
    return error_response(call, protocol,
                          ApiError{400, "SerializationException", e.what(), true});
  } catch (const std::exception& e) {
    return error_response(call, protocol,
                          ApiError{500, "InternalFailure", e.what(), false});
  }
}

HttpResponse FakeCloud::reject(const HttpRequest& request, int status, std::string code,
                              std::string message) {
  std::lock_guard lock(core_->mutex);
  Call call;
  call.http = &request;
  call.account = core_->options.account_id;
  call.request_id = core_->ids.uuid();
  try {
    route(request, call);
  } catch (const ApiError&) {
    call.protocol = Protocol::kQuery;  // unroutable: answer in the most common protocol
  }
  return error_response(call, call.protocol,
                        ApiError{status, std::move(code), std::move(message), status < 500});
}

void FakeCloud::reset() {
  std::lock_guard lock(core_->mutex);
  for (auto& [id, service] : core_->services) service->reset();
  core_->faults.reset();
  core_->ids.set_counter(0);
}

std::string FakeCloud::save_state() const {
  std::lock_guard lock(core_->mutex);
  nlohmann::json doc;
  doc["format"] = "drharness-fake-state";
  doc["version"] = 1;
  doc["account"] = core_->options.account_id;
  doc["id_counter"] = core_->ids.counter();
  doc["clock"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                     core_->clock.now().time_since_epoch())
                     .count();
  nlohmann::json& services = doc["services"];
  for (const auto& [id, service] : core_->services) {
    nlohmann::json state = nlohmann::json::object();
    service->save(state);
    services[id] = std::move(state);
  }
  if (!core_->faults.all().empty()) core_->faults.save(doc["faults"]);
  return doc.dump(1);
}

Status FakeCloud::load_state(std::string_view text) {
  std::lock_guard lock(core_->mutex);
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return invalid_input(std::string("fake state is not JSON: ") + e.what());
  }
  if (!doc.is_object() || doc.value("format", "") != "drharness-fake-state") {
    return invalid_input("not a drharness fake state file (missing \"format\": "
                         "\"drharness-fake-state\")");
  }
  if (doc.value("version", 0) != 1) {
    return invalid_input("fake state version " + doc.value("version", nlohmann::json()).dump() +
                         " is not supported (expected 1)");
  }
  try {
    for (auto& [id, service] : core_->services) service->reset();
    core_->faults.reset();
    if (doc.contains("clock")) {
      core_->clock.advance_to(TimePoint{} + std::chrono::milliseconds(doc["clock"].get<long long>()));
    }
    core_->ids.set_counter(doc.value("id_counter", std::uint64_t{0}));
    const nlohmann::json& services = doc["services"];
    for (auto& [id, service] : core_->services) {
      if (services.contains(id)) service->load(services[id]);
    }
    if (doc.contains("faults")) core_->faults.load(doc["faults"]);
  } catch (const ApiError& e) {
    return invalid_input("fake state: " + e.message);
  } catch (const nlohmann::json::exception& e) {
    return invalid_input(std::string("fake state: ") + e.what());
  }
  return Ok{};
}

Result<HttpResponse> InProcessTransport::send(const HttpRequest& request) {
  return cloud_.handle(request);
}

}  // namespace drh::fake
