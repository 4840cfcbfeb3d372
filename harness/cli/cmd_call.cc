// drh call: sign and send one AWS API operation, print the decoded answer as JSON.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_common.h"
#include "commands.h"
#include "drh/aws/typed_decode.h"
#include "drh/core/redact.h"
#include "drh/protocol/generic.h"

namespace drh::cli {

namespace {

struct CallOptions {
  AwsOptions aws;
  std::string service;
  std::string operation;
  std::vector<std::string> params;
  std::string json;
  bool raw = false;
  bool typed = false;
};

// --json '{...}' or --json @file.json
Result<nlohmann::json> parse_json_option(const std::string& text) {
  std::string source = "--json";
  std::string body = text;
  if (!text.empty() && text.front() == '@') {
    source = text.substr(1);
    std::ifstream in(source, std::ios::binary);
    if (!in) return invalid_input("cannot read --json file '" + source + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    body = ss.str();
  }
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < body.size(); ++i) {
      if (body[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return invalid_input(source + ":" + std::to_string(line) + ":" + std::to_string(column) +
                         ": malformed JSON (byte " + std::to_string(e.byte) + ")");
  }
  if (!parsed.is_object()) return invalid_input(source + ": must be a JSON object");
  return parsed;
}

Result<nlohmann::json> collect_params(const CallOptions& options) {
  nlohmann::json params = nlohmann::json::object();
  if (!options.json.empty()) {
    auto parsed = parse_json_option(options.json);
    if (!parsed) return parsed.error();
    params = std::move(*parsed);
  }
  for (const std::string& p : options.params) {
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      return invalid_input("--param '" + p + "' must be Name=Value");
    }
    params[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return params;
}

int run_call(const CallOptions& options) {
  auto service = find_service(options.service);
  if (!service) return report_error(service.error());
  if (options.typed) {
    // Refuse before sending: an unknown typed operation should not cost a call.
    auto ops = aws::typed_operations((*service)->id);
    if (std::find(ops.begin(), ops.end(), options.operation) == ops.end()) {
      std::string known;
      for (const auto& op : ops) known += (known.empty() ? "" : ", ") + op;
      return report_error(invalid_input("no typed decoder for " + std::string((*service)->id) +
                                        " " + options.operation + "; typed operations: " +
                                        (known.empty() ? "none" : known)));
    }
  }
  auto params = collect_params(options);
  if (!params) return report_error(params.error());
  auto bundle = make_connection(options.aws, /*region_required=*/!(*service)->global);
  if (!bundle) return report_error(bundle.error());

  auto request = build_generic_request(**service, options.operation, *params);
  if (!request) return report_error(request.error());
  std::string bucket;
  if ((*service)->id == "s3" && params->contains("Bucket") && (*params)["Bucket"].is_string()) {
    bucket = (*params)["Bucket"].get<std::string>();
  }
  CallTrace trace;
  auto response =
      bundle->connection->send(**service, bundle->region, std::move(*request), bucket, &trace);
  if (options.aws.debug) {
    fmt::print(stderr, "drh: {} {} -> {} ({} attempt{}, endpoint from {})\n", (*service)->id,
               options.operation, redact_auth_text(trace.url), trace.attempts,
               trace.attempts == 1 ? "" : "s", trace.endpoint_source);
  }
  if (!response) return report_error(response.error());
  if (options.raw) {
    fmt::print("{}", response->body);
    return kExitOk;
  }
  if (options.typed) {
    auto typed = aws::decode_typed_json((*service)->id, options.operation, *response);
    if (!typed) return report_error(typed.error());
    fmt::print("{}\n", *typed);
    return kExitOk;
  }
  auto decoded = decode_generic_response(**service, options.operation, *response);
  if (!decoded) return report_error(decoded.error());
  fmt::print("{}\n", decoded->dump(2));
  return kExitOk;
}

}  // namespace

void register_call(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CallOptions>();
  CLI::App* cmd = app.add_subcommand(
      "call", "Sign and send one AWS API call; print the decoded response as JSON");
  cmd->add_option("service", options->service, "service id: " + known_service_ids())
      ->required();
  cmd->add_option("operation", options->operation, "operation name, e.g. DescribeDBClusters")
      ->required();
  cmd->add_option("--param,-p", options->params,
                  "Name=Value parameter (repeatable; query/ec2 accept wire names such as "
                  "Filter.1.Name)");
  cmd->add_option("--json", options->json, "parameters as a JSON object, or @file.json");
  cmd->add_flag("--raw", options->raw, "print the response body as received");
  cmd->add_flag("--typed", options->typed,
                "decode through the typed client and print its result (typed values)");
  add_aws_options(*cmd, options->aws);
  cmd->callback([options, &exit_code] { exit_code = run_call(*options); });
}

}  // namespace drh::cli
