// The read cache behind drh validate (see include/drh/validate/read_cache.h).
#include "drh/validate/read_cache.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace drh::validate {

namespace {

bool starts_with_any(std::string_view op, std::initializer_list<std::string_view> prefixes) {
  for (auto p : prefixes) {
    if (op.starts_with(p)) return true;
  }
  return false;
}

// The operation a request calls, as far as the wire shows it.
std::string operation_of(const HttpRequest& r) {
  if (auto target = r.headers.get("X-Amz-Target")) {
    auto dot = target->rfind('.');
    return std::string(dot == std::string_view::npos ? *target : target->substr(dot + 1));
  }
  auto action = r.body.find("Action=");
  if (action != std::string::npos && (action == 0 || r.body[action - 1] == '&')) {
    auto end = r.body.find('&', action);
    return r.body.substr(action + 7, end == std::string::npos ? std::string::npos : end - action - 7);
  }
  return {};
}

// The signing service from the SigV4 credential scope (".../<region>/<service>/aws4_request"):
// the one reliable sign of S3 behind a custom endpoint, where the host says nothing.
std::string service_of(const HttpRequest& r) {
  auto auth = r.headers.get("Authorization");
  if (!auth) return {};
  auto end = auth->find("/aws4_request");
  if (end == std::string_view::npos) return {};
  auto start = auth->rfind('/', end - 1);
  return start == std::string_view::npos ? std::string() : std::string(auth->substr(start + 1, end - start - 1));
}

// Whether an answer may be reused within the run; "" when not.
std::string cache_key(const HttpRequest& r) {
  const std::string op = operation_of(r);
  bool cacheable = false;
  if (!op.empty()) {
    // JSON and Query protocols: reads by name. GetItem/GetObject never come this way.
    cacheable = starts_with_any(op, {"Describe", "List"}) ||
                (op.starts_with("Get") && op != "GetItem" && op != "GetRecords");
  } else if (r.method == "GET") {
    // REST protocols. S3 objects are read by canaries: only bucket configuration
    // subresources are cached there.
    const bool s3 = service_of(r) == "s3";
    cacheable = !s3 || r.query == "versioning" || r.query == "replication" ||
                r.query == "location";
  }
  if (!cacheable) return {};
  std::string key = r.method + " " + r.scheme + "://" + r.host + r.path + "?" + r.query + "\n";
  if (auto target = r.headers.get("X-Amz-Target")) key += std::string(*target) + "\n";
  key += r.body;
  return key;
}

class ReadCache final : public Transport {
 public:
  explicit ReadCache(std::shared_ptr<Transport> inner) : inner_(std::move(inner)) {}

  Result<HttpResponse> send(const HttpRequest& request) override {
    const std::string key = cache_key(request);
    if (key.empty()) return inner_->send(request);
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      auto it = entries_.find(key);
      if (it == entries_.end()) break;
      if (it->second) return *it->second;
      ready_.wait(lock);  // the same read is in flight: its answer will do
    }
    entries_.emplace(key, std::nullopt);
    lock.unlock();
    auto answer = inner_->send(request);
    lock.lock();
    if (answer && answer->is_success()) {
      entries_[key] = *answer;
    } else {
      entries_.erase(key);  // errors are not remembered: the next caller tries again
    }
    ready_.notify_all();
    return answer;
  }

 private:
  std::shared_ptr<Transport> inner_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::map<std::string, std::optional<HttpResponse>> entries_;
};

}  // namespace

std::shared_ptr<Transport> make_read_cache(std::shared_ptr<Transport> inner) {
  return std::make_shared<ReadCache>(std::move(inner));
}

}  // namespace drh::validate
