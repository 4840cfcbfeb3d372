// STS in the fake: who the caller is. Every caller is the account's "drh" user.
#include <nlohmann/json.hpp>

#include "service.h"
#include "wire.h"

namespace drh::fake {

namespace {

constexpr std::string_view kXmlns = "https://sts.amazonaws.com/doc/2011-06-15/";

class StsService final : public Service {
 public:
  std::string_view id() const override { return "sts"; }
  Protocol protocol() const override { return Protocol::kQuery; }

  HttpResponse handle(Call& call) override {
    if (call.operation == "GetCallerIdentity") {
      return query_response(call, kXmlns, [&](xml::XmlWriter& w) {
        w.element("Arn", "arn:aws:iam::" + call.account + ":user/drh")
            .element("UserId", "AIDADRHARNESSFAKEUSER")
            .element("Account", call.account);
      });
    }
    fail(400, "InvalidAction", "Could not find operation " + call.operation + " for STS");
  }
  void save(nlohmann::json&) const override {}
  void load(const nlohmann::json&) override {}
  void reset() override {}
};

}  // namespace

std::unique_ptr<Service> make_sts_service(FakeCloud::Core&) {
  return std::make_unique<StsService>();
}

}  // namespace drh::fake
