#include "unimplemented.h"

#include <nlohmann/json.hpp>

namespace drh::fake {

namespace {

class UnimplementedService final : public Service {
 public:
  UnimplementedService(std::string id, Protocol protocol)
      : id_(std::move(id)), protocol_(protocol) {}
  std::string_view id() const override { return id_; }
  Protocol protocol() const override { return protocol_; }
  HttpResponse handle(Call& call) override {
    fail(501, "NotImplemented",
         "drharness's fake does not serve " + id_ + " " + call.operation + " yet");
  }
  void save(nlohmann::json&) const override {}
  void load(const nlohmann::json&) override {}
  void reset() override {}

 private:
  std::string id_;
  Protocol protocol_;
};

}  // namespace

std::unique_ptr<Service> make_unimplemented_service(std::string id, Protocol protocol) {
  return std::make_unique<UnimplementedService>(std::move(id), protocol);
}

}  // namespace drh::fake
