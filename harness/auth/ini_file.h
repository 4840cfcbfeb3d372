// The AWS shared config / credentials file format (an INI dialect), parsed strictly
// enough to report mistakes with file:line and tolerantly enough to accept what the
// AWS CLI accepts. Internal to drh_auth.
//
// - `[section]` headers; in the config file profiles are `[profile NAME]` (and
//   `[default]`), in the credentials file just `[NAME]`.
// - `key = value` (or `key: value`); keys are case-insensitive (stored lower-case),
//   values keep their case. A `#` or `;` after whitespace starts a comment.
// - Full-line comments start with `#` or `;`.
// - An indented line continues the previous key: after `key =` with an empty value
//   it holds nested `sub = value` pairs (`s3 =\n  max_concurrent_requests = 10`),
//   otherwise it is appended to the value on a new line.
// - A section that appears twice is merged; a repeated key keeps the last value.
//
// Error messages name the file and line but never quote a value: a malformed line may
// well hold a secret key.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drh/core/result.h"

namespace drh::ini {

struct Section {
  std::string name;                           ///< as written between the brackets, trimmed
  std::map<std::string, std::string> values;  ///< lower-case key -> value
  /// Nested pairs: "s3" -> {"max_concurrent_requests" -> "10"}.
  std::map<std::string, std::map<std::string, std::string>> nested;
  int line = 0;  ///< line of the first header

  const std::string* get(std::string_view key) const;
};

struct File {
  std::string path;
  std::vector<Section> sections;  ///< in order of first appearance

  const Section* find(std::string_view name) const;
};

/// Parses `text`; `path` only labels error messages. Errors: kInvalidInput with code
/// "MalformedProfileFile" and a "path:line: ..." message.
Result<File> parse(std::string_view text, std::string path);

/// Reads and parses a file. A missing file is not an error: the value is std::nullopt.
Result<std::optional<File>> load(const std::string& path);

/// The config-file section for `profile`: "[profile NAME]", or for "default" also
/// "[default]". nullptr when absent.
const Section* config_profile(const File& config, std::string_view profile);
/// The credentials-file section for `profile`: "[NAME]". nullptr when absent.
const Section* credentials_profile(const File& credentials, std::string_view profile);

/// $HOME (or the password database's home) with "~" expanded in `path`.
std::string expand_home(std::string path);
/// AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials.
std::string credentials_file_path();
/// AWS_CONFIG_FILE, else ~/.aws/config.
std::string config_file_path();

}  // namespace drh::ini
