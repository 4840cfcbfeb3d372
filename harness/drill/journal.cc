// The journal's writer, and recover(): the undos a dead drill left to do, from its lines.
#include "journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>
#include <vector>

#include "drh/client/connection.h"
#include "drh/drill/drill.h"

namespace drh::drill {
namespace detail {

JournalWriter::~JournalWriter() {
  if (fd_ >= 0) ::close(fd_);
}

Status JournalWriter::open(const std::string& path) {
  if (path.empty()) return Ok{};
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    return invalid_input("cannot open drill journal " + path + ": " + std::strerror(errno));
  }
  path_ = path;
  return Ok{};
}

void JournalWriter::write(const nlohmann::json& line) {
  // One write(2) per line: once it returns, the line survives the process being killed.
  write_raw(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

void JournalWriter::write_raw(const std::string& text) {
  if (fd_ < 0) return;
  std::size_t off = 0;
  while (off < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + off, text.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (error_.empty()) error_ = "writing drill journal " + path_ + ": " + std::strerror(errno);
      return;
    }
    off += static_cast<std::size_t>(n);
  }
}

nlohmann::json params_json(std::string_view text) {
  if (text.empty()) return nlohmann::json::object();
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded()) return {{"raw", std::string(text)}};
  return parsed;
}

std::string journal_time(TimePoint t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
  const TimePoint whole =
      TimePoint(std::chrono::duration_cast<Duration>(std::chrono::floor<std::chrono::seconds>(ms)));
  std::string iso = format_iso8601(whole);  // "...:00Z"
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03d", static_cast<int>(ms.count() % 1000));
  iso.insert(iso.size() - 1, frac);
  return iso;
}

}  // namespace detail

namespace {

struct JournalStep {
  std::string run;
  std::size_t step = 0;
  std::string name, kind;
  nlohmann::json params;
  bool ended = false;
  bool undo_needed = true;  // until a step-end says otherwise
  bool undone = false;
};

}  // namespace

Result<RecoverReport> recover(const std::string& journal_path, const UndoRegistry& undos,
                              UndoEnv& env) {
  std::ifstream in(journal_path);
  if (!in) return invalid_input("cannot read drill journal " + journal_path);
  // Steps in the order they started, keyed by (run, step).
  std::vector<JournalStep> steps;
  std::map<std::pair<std::string, std::size_t>, std::size_t> index;
  std::string line;
  int line_no = 0;
  std::vector<int> torn;
  bool ends_in_newline = true;
  while (std::getline(in, line)) {
    ++line_no;
    ends_in_newline = !in.eof();
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    // A torn line (the process killed while writing it) is skipped: the line before it
    // was complete, and the step it would have recorded is judged by the others.
    if (j.is_discarded() || !j.is_object()) {
      torn.push_back(line_no);
      continue;
    }
    const std::string ev = j.value("event", "");
    if (!j.contains("step") || !j["step"].is_number_unsigned()) continue;
    const auto key = std::make_pair(j.value("run", ""), j["step"].get<std::size_t>());
    if (ev == "step-start") {
      JournalStep s;
      s.run = key.first;
      s.step = key.second;
      s.name = j.value("name", "");
      s.kind = j.value("kind", "");
      s.params = j.contains("params") ? j["params"] : nlohmann::json::object();
      index[key] = steps.size();
      steps.push_back(std::move(s));
      continue;
    }
    auto it = index.find(key);
    if (it == index.end()) continue;
    JournalStep& s = steps[it->second];
    if (ev == "step-params" && j.contains("params")) {
      s.params = j["params"];  // what the action made known (a fault id)
    } else if (ev == "step-end") {
      s.ended = true;
      s.undo_needed = j.value("undo_needed", true);
    } else if (ev == "undo-end" && j.value("state", "") == "undone") {
      s.undone = true;
    }
  }

  RecoverReport report;
  detail::JournalWriter journal;
  if (auto opened = journal.open(journal_path); !opened) return opened.error();
  auto event = [&](const char* name) {
    return nlohmann::json{{"event", name}, {"time", detail::journal_time(env.clock.now())}};
  };
  if (!ends_in_newline) journal.write_raw("\n");  // end the torn line before appending
  auto begin = event("recover-start");
  begin["torn_lines"] = torn;
  journal.write(begin);
  for (int n : torn) {
    report.lines.push_back("ignored torn line " + std::to_string(n) + " of " + journal_path);
  }
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    JournalStep& s = *it;
    const std::string label =
        "step " + std::to_string(s.step + 1) + " '" + s.name + "' (" + s.kind + ") of " + s.run;
    if (s.kind.empty() || !s.undo_needed) continue;
    if (s.undone) {
      ++report.already_undone;
      continue;
    }
    auto start = event("undo-start");
    start["run"] = s.run;
    start["step"] = s.step;
    start["name"] = s.name;
    start["kind"] = s.kind;
    start["params"] = s.params;
    start["recovery"] = true;
    journal.write(start);
    const UndoFn* fn = undos.find(s.kind);
    const std::string params = s.params.dump();
    Status status =
        fn ? (*fn)(env, params)
           : Status(invalid_input("no undo is registered for step kind '" + s.kind + "'"));
    auto end = event("undo-end");
    end["run"] = s.run;
    end["step"] = s.step;
    end["state"] = status ? "undone" : "undo-failed";
    end["message"] = status ? std::string("undone by recovery") : status.error().describe();
    end["recovery"] = true;
    journal.write(end);
    if (status) {
      ++report.undone;
      report.lines.push_back("undid " + label);
    } else {
      report.failures.push_back(label + ": " + status.error().describe());
      report.lines.push_back("could not undo " + label + ": " + status.error().describe());
    }
  }
  auto done = event("recovered");
  done["undone"] = report.undone;
  done["already_undone"] = report.already_undone;
  done["failures"] = report.failures;
  journal.write(done);
  if (!journal.last_error().empty()) report.failures.push_back(journal.last_error());
  return report;
}

Result<RecoverReport> recover(const std::string& journal_path, AwsConnection& connection) {
  UndoEnv env{connection.clock(), &connection};
  return recover(journal_path, builtin_undos(), env);
}

}  // namespace drh::drill
