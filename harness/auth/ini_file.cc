#include "ini_file.h"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "drh/core/encoding.h"

namespace drh::ini {
namespace {

Error malformed(const std::string& path, int line, const std::string& what) {
  return make_error(ErrorKind::kInvalidInput, "MalformedProfileFile",
                    path + ":" + std::to_string(line) + ": " + what);
}

// "value  # comment" -> "value": a '#' or ';' starts a comment only after whitespace, so
// values such as "a#b" survive.
std::string_view strip_inline_comment(std::string_view value) {
  for (std::size_t i = 1; i < value.size(); ++i) {
    if ((value[i] == '#' || value[i] == ';') && (value[i - 1] == ' ' || value[i - 1] == '\t')) {
      return trim(value.substr(0, i));
    }
  }
  return value;
}

bool is_comment(std::string_view trimmed) {
  return !trimmed.empty() && (trimmed.front() == '#' || trimmed.front() == ';');
}

struct KeyValue {
  std::string key;
  std::string value;
};

// Splits "key = value" (or "key: value") at the first delimiter.
std::optional<KeyValue> split_key_value(std::string_view line) {
  auto eq = line.find_first_of("=:");
  if (eq == std::string_view::npos) return std::nullopt;
  KeyValue kv;
  kv.key = to_lower(trim(line.substr(0, eq)));
  kv.value = std::string(strip_inline_comment(trim(line.substr(eq + 1))));
  return kv;
}

std::string getenv_str(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(trim(v));
}

std::string home_dir() {
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') return home;
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_dir != nullptr) {
    return pw->pw_dir;
  }
  return {};
}

}  // namespace

const std::string* Section::get(std::string_view key) const {
  auto it = values.find(to_lower(key));
  return it == values.end() ? nullptr : &it->second;
}

const Section* File::find(std::string_view name) const {
  for (const Section& s : sections) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

Result<File> parse(std::string_view text, std::string path) {
  File file;
  file.path = std::move(path);
  Section* current = nullptr;
  std::string* last_value = nullptr;  // the value an indented line continues
  std::string last_key;
  int line_no = 0;

  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    std::string_view raw = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (line_no == 1 && raw.starts_with("\xEF\xBB\xBF")) raw.remove_prefix(3);  // UTF-8 BOM
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);

    std::string_view t = trim(raw);
    if (t.empty() || is_comment(t)) continue;

    if (t.front() == '[') {
      auto close = t.find(']');
      if (close == std::string_view::npos) {
        return malformed(file.path, line_no, "section header is missing its closing ']'");
      }
      std::string_view after = trim(t.substr(close + 1));
      if (!after.empty() && !is_comment(after)) {
        return malformed(file.path, line_no, "unexpected text after the section header's ']'");
      }
      std::string name(trim(t.substr(1, close - 1)));
      if (name.empty()) return malformed(file.path, line_no, "empty section name '[]'");
      current = nullptr;
      for (Section& s : file.sections) {
        if (s.name == name) current = &s;  // a repeated section merges into the first
      }
      if (current == nullptr) {
        file.sections.push_back(Section{name, {}, {}, line_no});
        current = &file.sections.back();
      }
      last_value = nullptr;
      last_key.clear();
      continue;
    }

    const bool indented = raw.front() == ' ' || raw.front() == '\t';
    if (indented && last_value != nullptr) {
      // Continuation of the previous key: nested "sub = value" pairs after "key =",
      // otherwise more text for the value.
      auto& nested = current->nested;
      if (last_value->empty() || nested.count(last_key) != 0) {
        auto kv = split_key_value(t);
        if (!kv || kv->key.empty()) {
          return malformed(file.path, line_no,
                           "expected a nested 'name = value' under '" + last_key + "'");
        }
        nested[last_key][kv->key] = kv->value;
      } else {
        *last_value += "\n";
        *last_value += strip_inline_comment(t);
      }
      continue;
    }

    if (current == nullptr) {
      return malformed(file.path, line_no,
                       "a 'key = value' line outside any [section]; add a section header "
                       "such as [default] above it");
    }
    auto kv = split_key_value(t);
    if (!kv) {
      return malformed(file.path, line_no,
                       "expected 'key = value' in section [" + current->name + "]");
    }
    if (kv->key.empty()) {
      return malformed(file.path, line_no,
                       "missing key name before '=' in section [" + current->name + "]");
    }
    current->nested.erase(kv->key);
    last_key = kv->key;
    last_value = &(current->values[kv->key] = kv->value);
  }
  return file;
}

Result<std::optional<File>> load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<File>();
    return make_error(ErrorKind::kInvalidInput, "MalformedProfileFile",
                      "cannot read " + path + ": " + std::strerror(errno));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  auto parsed = parse(buf.str(), path);
  if (!parsed.ok()) return std::move(parsed).error();
  return std::optional<File>(std::move(parsed).value());
}

const Section* config_profile(const File& config, std::string_view profile) {
  for (const Section& s : config.sections) {
    std::string_view name = s.name;
    if (name.starts_with("profile") && name.size() > 7 && (name[7] == ' ' || name[7] == '\t')) {
      if (trim(name.substr(8)) == profile) return &s;
    }
  }
  if (profile == "default") return config.find("default");
  return nullptr;
}

const Section* credentials_profile(const File& credentials, std::string_view profile) {
  return credentials.find(profile);
}

std::string expand_home(std::string path) {
  if (path == "~" || path.starts_with("~/")) path = home_dir() + path.substr(1);
  return path;
}

std::string credentials_file_path() {
  std::string p = getenv_str("AWS_SHARED_CREDENTIALS_FILE");
  return p.empty() ? home_dir() + "/.aws/credentials" : expand_home(p);
}

std::string config_file_path() {
  std::string p = getenv_str("AWS_CONFIG_FILE");
  return p.empty() ? home_dir() + "/.aws/config" : expand_home(p);
}

}  // namespace drh::ini
