// drh whoami: which account and identity the credentials resolve to, and where calls go.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "commands.h"
#include "drh/core/redact.h"
#include "drh/protocol/generic.h"

namespace drh::cli {

namespace {

struct WhoamiOptions {
  AwsOptions aws;
  bool json = false;
};

std::string text_at(const nlohmann::json& doc, const char* key) {
  const nlohmann::json* node = &doc;
  if (doc.contains("GetCallerIdentityResult")) node = &doc["GetCallerIdentityResult"];
  auto it = node->find(key);
  return (it != node->end() && it->is_string()) ? it->get<std::string>() : std::string();
}

int run_whoami(const WhoamiOptions& options) {
  auto bundle = make_connection(options.aws, /*region_required=*/false);
  if (!bundle) return report_error(bundle.error());
  auto sts = find_service("sts");
  if (!sts) return report_error(sts.error());
  auto creds = bundle->connection->credentials().resolve();
  if (!creds) return report_error(creds.error());

  auto request = build_generic_request(**sts, "GetCallerIdentity", nlohmann::json::object());
  if (!request) return report_error(request.error());
  CallTrace trace;
  auto response = bundle->connection->send(**sts, bundle->region, std::move(*request), {}, &trace);
  if (!response) return report_error(response.error());
  auto decoded = decode_generic_response(**sts, "GetCallerIdentity", *response);
  if (!decoded) return report_error(decoded.error());

  const std::string account = text_at(*decoded, "Account");
  if (account.empty()) {
    return report_error(make_error(ErrorKind::kDecode, "MissingAccount",
                                   "GetCallerIdentity answered without an Account"));
  }
  const std::string key = redact_access_key(creds->access_key_id);
  // Emulators answer with an access key id as the UserId; never print one whole.
  std::string user_id = text_at(*decoded, "UserId");
  const bool looks_like_key = user_id.size() == 20 && (user_id.starts_with("AKIA") ||
                                                       user_id.starts_with("ASIA"));
  if (looks_like_key || user_id.find(creds->access_key_id) != std::string::npos) {
    user_id = redact_access_key(user_id);
  }
  if (options.json) {
    nlohmann::json out = {{"Account", account},
                          {"Arn", text_at(*decoded, "Arn")},
                          {"UserId", user_id},
                          {"AccessKeyId", key},
                          {"CredentialSource", creds->source},
                          {"Endpoint", trace.url},
                          {"EndpointSource", trace.endpoint_source},
                          {"Region", bundle->region}};
    fmt::print("{}\n", out.dump(2));
  } else {
    fmt::print("Account:   {}\n", account);
    fmt::print("ARN:       {}\n", text_at(*decoded, "Arn"));
    fmt::print("UserId:    {}\n", user_id);
    fmt::print("Key:       {} (from {})\n", key, creds->source);
    fmt::print("Endpoint:  {} ({})\n", trace.url, trace.endpoint_source);
    fmt::print("Region:    {}\n", bundle->region);
  }
  return kExitOk;
}

}  // namespace

void register_whoami(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<WhoamiOptions>();
  CLI::App* cmd = app.add_subcommand(
      "whoami", "Show the account and identity your credentials resolve to (STS)");
  add_aws_options(*cmd, options->aws);
  cmd->add_flag("--json", options->json, "print JSON");
  cmd->callback([options, &exit_code] { exit_code = run_whoami(*options); });
}

}  // namespace drh::cli
