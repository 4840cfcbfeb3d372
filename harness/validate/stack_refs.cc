// Rebuilding a description's references from the outputs and the description itself.
#include "stack_refs.h"

#include <nlohmann/json.hpp>

namespace drh::validate::detail {

namespace {

std::string host_of(std::string_view url) {
  if (auto p = url.find("://"); p != std::string_view::npos) url.remove_prefix(p + 3);
  return std::string(url.substr(0, url.find_first_of("/:")));
}

std::string account_in(std::string_view arn) {
  // arn:partition:service:region:account:resource
  if (!arn.starts_with("arn:")) return {};
  std::size_t at = 0;
  for (int field = 0; field < 4; ++field) {
    at = arn.find(':', at);
    if (at == std::string_view::npos) return {};
    ++at;
  }
  auto account = arn.substr(at, arn.find(':', at) - at);
  if (account.size() != 12 || account.find_first_not_of("0123456789") != std::string_view::npos) {
    return {};
  }
  return std::string(account);
}

}  // namespace

std::shared_ptr<const StackRefs> stack_refs(const CheckContext& c) {
  if (c.stack_refs) return c.stack_refs;
  return std::make_shared<const StackRefs>(*c.stack, c.deployment);
}

std::string side_region(const fixtures::Deployment& deployment,
                        const fixtures::StackDescription* stack, std::string_view side) {
  const std::string& named =
      side == "primary" ? deployment.primary_region : deployment.secondary_region;
  if (!named.empty()) return named;
  if (stack) return stack->region_of(side);
  return {};
}

StackRefs::StackRefs(const fixtures::StackDescription& stack,
                     const fixtures::Deployment& deployment) {
  std::map<std::string, const fixtures::Output*> outputs;
  for (const auto& [role, resolved] : deployment.roles) {
    if (!resolved.output.key.empty()) outputs[resolved.output.key] = &resolved.output;
  }
  for (const auto& o : deployment.unmapped) outputs[o.key] = &o;

  for (const auto& spec : stack.outputs) {
    auto it = outputs.find(spec.key);
    if (it == outputs.end() || it->second->sensitive || it->second->is_json) continue;
    auto value = nlohmann::json::parse(spec.value_json, nullptr, false);
    if (!value.is_string()) continue;
    const std::string text = value.get<std::string>();
    if (text.size() > 3 && text.starts_with("${") && text.ends_with("}") &&
        text.find("${", 2) == std::string::npos) {
      known_[text.substr(2, text.size() - 3)] = it->second->value;
    }
    if (!known_.contains("account")) {
      if (auto account = account_in(it->second->value); !account.empty()) {
        known_["account"] = account;
      }
    }
  }
  known_.emplace("suffix", stack.suffix);
  known_.emplace("region.primary", side_region(deployment, &stack, "primary"));
  known_.emplace("region.secondary", side_region(deployment, &stack, "secondary"));

  auto set = [&](const std::string& name, std::optional<std::string> value) {
    if (value && !known_.contains(name)) known_[name] = *value;
  };
  auto region = [&](const std::string& r) -> std::optional<std::string> {
    return resolve(stack.region_of(r));
  };
  // Names may refer to one another (an alarm's name to the suffix, a topic's ARN to its
  // name), so a few rounds let every derivable reference settle.
  for (int round = 0; round < 3; ++round) {
    for (const auto& e : stack.endpoints) {
      set("endpoint." + e.id + ".url", resolve(e.url));
      if (auto url = get("endpoint." + e.id + ".url")) {
        set("endpoint." + e.id + ".host", host_of(*url));
      }
      set("endpoint." + e.id + ".region", region(e.region));
    }
    for (const auto& v : stack.vpcs) {
      set("vpc." + v.id + ".cidr", v.cidr);
      set("vpc." + v.id + ".region", region(v.region));
    }
    if (stack.aurora) {
      for (const auto& c : stack.aurora->clusters) {
        set("cluster." + c.id + ".identifier", resolve(c.identifier));
        set("cluster." + c.id + ".region", region(c.region));
      }
      set("global_cluster.id", resolve(stack.aurora->global_cluster));
    }
    for (const auto& t : stack.tables) {
      set("table." + t.id + ".name", resolve(t.name));
      set("table." + t.id + ".region", region(t.region));
    }
    for (const auto& b : stack.buckets) {
      set("bucket." + b.id + ".name", resolve(b.name));
      if (auto name = get("bucket." + b.id + ".name")) {
        set("bucket." + b.id + ".arn", "arn:aws:s3:::" + *name);
      }
      set("bucket." + b.id + ".region", region(b.region));
    }
    for (const auto& t : stack.topics) {
      set("topic." + t.id + ".name", resolve(t.name));
      set("topic." + t.id + ".region", region(t.region));
      auto name = get("topic." + t.id + ".name");
      auto where = get("topic." + t.id + ".region");
      auto account = get("account");
      if (name && where && account) {
        set("topic." + t.id + ".arn", "arn:aws:sns:" + *where + ":" + *account + ":" + *name);
      }
    }
    for (const auto& f : stack.functions) {
      set("function." + f.id + ".name", resolve(f.name));
      set("function." + f.id + ".region", region(f.region));
    }
    for (const auto& a : stack.alarms) {
      set("alarm." + a.id + ".name", resolve(a.name));
      set("alarm." + a.id + ".region", region(a.region));
    }
    if (!stack.route53.zone.empty()) set("zone.name", resolve(stack.route53.zone));
    for (const auto& r : stack.route53.records) set("record." + r.id + ".name", resolve(r.name));
  }
}

std::optional<std::string> StackRefs::get(const std::string& name) const {
  auto it = known_.find(name);
  if (it == known_.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::optional<std::string> StackRefs::resolve(std::string_view text) const {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto open = text.find("${", at);
    if (open == std::string_view::npos) {
      out.append(text.substr(at));
      break;
    }
    auto close = text.find('}', open);
    if (close == std::string_view::npos) return std::nullopt;
    out.append(text.substr(at, open - at));
    auto value = get(std::string(text.substr(open + 2, close - open - 2)));
    if (!value) return std::nullopt;
    out += *value;
    at = close + 1;
  }
  return out;
}

}  // namespace drh::validate::detail
