// drh outputs: what a pipeline's outputs file says about the DR deployment it describes.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "commands.h"
#include "drh/fixtures/outputs.h"

namespace drh::cli {

namespace {

struct OutputsOptions {
  std::string file;
  std::string format = "auto";
  std::vector<std::string> maps;
  bool json = false;
};

// A --map value is a mapping file when it names one, otherwise Role=OutputKey.
Result<fixtures::RoleMap> collect_maps(const std::vector<std::string>& maps) {
  fixtures::RoleMap merged;
  for (const auto& m : maps) {
    std::error_code ec;
    if (m.find('=') == std::string::npos || std::filesystem::is_regular_file(m, ec)) {
      auto file = fixtures::load_role_map(m);
      if (!file) return file.error();
      for (const auto& [role, key] : *file) merged[role] = key;
    } else if (auto s = fixtures::add_role_mapping(m, merged); !s) {
      return s.error();
    }
  }
  return merged;
}

std::string shown(const fixtures::Output& o) {
  std::string v = fixtures::display_value(o);
  if (v.size() > 80) v = v.substr(0, 77) + "...";
  return v;
}

int run_outputs(const OutputsOptions& options) {
  auto format = fixtures::parse_format(options.format);
  if (!format) return report_error(format.error());
  auto overrides = collect_maps(options.maps);
  if (!overrides) return report_error(overrides.error());
  auto loaded = fixtures::load_outputs(options.file, *format);
  if (!loaded) return report_error(loaded.error());
  auto d = fixtures::resolve_deployment(*loaded, *overrides);
  if (!d) return report_error(d.error());

  if (options.json) {
    nlohmann::ordered_json out;
    out["source"] = d->source;
    out["format"] = fixtures::to_string(d->format);
    out["detected"] = d->detected;
    out["roles"] = nlohmann::ordered_json::object();
    for (const auto& role : fixtures::role_names()) {
      auto it = d->roles.find(role);
      if (it == d->roles.end()) continue;
      const auto& r = it->second;
      nlohmann::ordered_json entry = {{"key", r.output.key},
                                      {"value", fixtures::display_value(r.output)},
                                      {"sensitive", r.output.sensitive},
                                      {"region", r.region},
                                      {"from_map", r.from_map},
                                      {"inferred", r.inferred}};
      if (!r.output.stack.empty()) entry["stack"] = r.output.stack;
      out["roles"][role] = entry;
    }
    out["unmapped"] = nlohmann::ordered_json::array();
    for (const auto& o : d->unmapped) {
      nlohmann::ordered_json entry = {
          {"key", o.key}, {"value", fixtures::display_value(o)}, {"sensitive", o.sensitive}};
      if (!o.stack.empty()) entry["stack"] = o.stack;
      out["unmapped"].push_back(entry);
    }
    out["missing"] = nlohmann::ordered_json::array();
    for (const auto& m : d->missing) {
      out["missing"].push_back({{"role", m.role}, {"suggestions", m.suggestions}});
    }
    fmt::print("{}\n", out.dump(2));
    return kExitOk;
  }

  fmt::print("Outputs: {}\n", d->source);
  fmt::print("Format:  {}{}\n", fixtures::to_string(d->format),
             d->detected ? " (detected)" : " (given)");
  fmt::print("\n{:<26} {:<40} {}\n", "ROLE", "OUTPUT KEY", "VALUE");
  for (const auto& role : fixtures::role_names()) {
    auto it = d->roles.find(role);
    if (it == d->roles.end()) continue;
    const auto& r = it->second;
    std::string key = r.inferred ? std::string("(inferred)") : r.output.key;
    if (r.from_map) key += " (--map)";
    fmt::print("{:<26} {:<40} {}\n", role, key, shown(r.output));
  }
  fmt::print("\nUnmapped keys ({}):\n", d->unmapped.size());
  for (const auto& o : d->unmapped) fmt::print("  {} = {}\n", o.key, shown(o));
  fmt::print("\nRoles not found ({}):\n", d->missing.size());
  for (const auto& m : d->missing) {
    std::string hint;
    for (const auto& s : m.suggestions) hint += (hint.empty() ? "" : ", ") + s;
    if (hint.empty()) {
      fmt::print("  {}\n", m.role);
    } else {
      fmt::print("  {} (did you mean {}? use --map {}=KEY)\n", m.role, hint, m.role);
    }
  }
  return kExitOk;
}

}  // namespace

void register_outputs(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<OutputsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "outputs", "Read a pipeline's outputs file and map it onto the DR deployment's roles");
  cmd->add_option("--outputs", options->file,
                  "outputs file (flat-outputs.json, cdk/cdktf outputs, terraform output "
                  "-json, pulumi stack output --json)")
      ->required();
  cmd->add_option("--format", options->format,
                  "auto (default), flat, cdk, cdktf, terraform or pulumi");
  cmd->add_option("--map", options->maps,
                  "a JSON {\"Role\": \"OutputKey\"} file, or Role=OutputKey (repeatable)");
  cmd->add_flag("--json", options->json, "print JSON");
  cmd->callback([options, &exit_code] { exit_code = run_outputs(*options); });
}

}  // namespace drh::cli
