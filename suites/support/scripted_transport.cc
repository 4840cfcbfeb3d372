#include "scripted_transport.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "drh/protocol/query.h"

namespace drh::testing {

void ScriptedTransport::respond(std::string body, int status, Headers headers) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  capture_request_id(r);
  respond(std::move(r));
}

void ScriptedTransport::respond(HttpResponse response) {
  std::lock_guard lock(mutex_);
  script_.emplace_back(std::move(response));
}

void ScriptedTransport::fail(Error error) {
  std::lock_guard lock(mutex_);
  script_.emplace_back(std::move(error));
}

Result<HttpResponse> ScriptedTransport::send(const HttpRequest& request) {
  std::lock_guard lock(mutex_);
  requests_.push_back(request);
  if (script_.empty()) {
    return make_error(ErrorKind::kInternal, "ScriptExhausted",
                      "no scripted response left for " + request.method + " " + request.path);
  }
  Result<HttpResponse> next = std::move(script_.front());
  script_.pop_front();
  return next;
}

std::vector<HttpRequest> ScriptedTransport::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

const HttpRequest& ScriptedTransport::last_request() const {
  std::lock_guard lock(mutex_);
  return requests_.back();
}

std::size_t ScriptedTransport::pending() const {
  std::lock_guard lock(mutex_);
  return script_.size();
}

std::unique_ptr<AwsConnection> scripted_connection(std::shared_ptr<ScriptedTransport> transport,
                                                   Clock& clock) {
  Credentials creds;
  creds.access_key_id = "AKIASCRIPTEDTEST0001";
  creds.secret_access_key = "scripted-secret";
  creds.source = "test";
  ConnectionOptions options;
  options.endpoint.explicit_url = "http://127.0.0.1:1";
  options.endpoint.use_env = false;
  options.s3_force_path_style = true;
  return std::make_unique<AwsConnection>(std::move(transport), MakeStaticProvider(creds), clock,
                                         options);
}

std::string wire_sample(std::string_view relative_path) {
  const std::string path = std::string(DRH_SOURCE_DIR) + "/fixtures/wire/" +
                           std::string(relative_path);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "wire sample missing: " << path;
    return {};
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string form_value(const HttpRequest& request, std::string_view key) {
  for (const auto& [k, v] : parse_form(request.body)) {
    if (k == key) return v;
  }
  return {};
}

}  // namespace drh::testing
