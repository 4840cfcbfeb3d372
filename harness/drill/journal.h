// The drill journal: one JSON object per line, appended and handed to the kernel as each
// event happens, so a kill -9 loses at most the line being written.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "drh/core/clock.h"
#include "drh/core/result.h"

namespace drh::drill::detail {

class JournalWriter {
 public:
  JournalWriter() = default;
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  /// Opens `path` for appending (creating it). "" leaves the writer closed: writes do nothing.
  Status open(const std::string& path);
  bool is_open() const { return fd_ >= 0; }
  /// Appends `line` and a newline with one write(2); an error is kept in last_error().
  void write(const nlohmann::json& line);
  /// Appends `text` as it is.
  void write_raw(const std::string& text);
  const std::string& last_error() const { return error_; }

 private:
  int fd_ = -1;
  std::string path_;
  std::string error_;
};

/// Parses a step's params text ("" is {}); invalid JSON becomes {"raw": text}.
nlohmann::json params_json(std::string_view text);

/// "2026-01-01T00:00:00.250Z": journal times keep milliseconds.
std::string journal_time(TimePoint t);

}  // namespace drh::drill::detail
