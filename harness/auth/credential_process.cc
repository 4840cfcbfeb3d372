#include "credential_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>

#include "drh/core/encoding.h"

extern char** environ;

namespace drh::credential_process {
namespace {

using SteadyClock = std::chrono::steady_clock;

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

Error failure(std::string code, std::string message) {
  return make_error(ErrorKind::kCredentials, std::move(code), std::move(message));
}

std::string label(std::string_view profile, std::string_view command) {
  return "credential_process of profile '" + std::string(profile) + "' (" + program_name(command) +
         ")";
}

std::string seconds_text(std::chrono::milliseconds ms) {
  if (ms.count() % 1000 == 0) return std::to_string(ms.count() / 1000) + "s";
  return std::to_string(ms.count()) + "ms";
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::string program_name(std::string_view command) {
  std::string_view c = trim(command);
  auto end = c.find_first_of(" \t\n");
  std::string_view first = c.substr(0, end);
  // Quotes around the program ("'/opt/my tool/creds' --x") are not worth unpicking here.
  if (first.empty()) return "empty command";
  std::string out(first);
  if (end != std::string_view::npos) out += " ...";
  return out;
}

std::string safe_excerpt(std::string_view text) {
  constexpr std::size_t kMaxChars = 200;
  constexpr int kMaxLines = 3;
  std::string joined;
  int lines = 0;
  std::size_t pos = 0;
  while (pos < text.size() && lines < kMaxLines) {
    auto nl = text.find('\n', pos);
    std::string_view line = trim(text.substr(pos, nl == text.npos ? text.npos : nl - pos));
    pos = nl == text.npos ? text.size() : nl + 1;
    if (line.empty()) continue;
    if (!joined.empty()) joined += " | ";
    joined += line;
    ++lines;
  }
  // Mask words that look like keys or tokens: long runs of base64-ish characters that mix
  // letters and digits, or are very long.
  auto token_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '+' || c == '=';
  };
  std::string out;
  for (std::size_t i = 0; i < joined.size();) {
    if (!token_char(joined[i])) {
      char c = joined[i++];
      out += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
      continue;
    }
    std::size_t j = i;
    bool letter = false, digit = false, key_id_shape = joined[i] == 'A';
    while (j < joined.size() && token_char(joined[j])) {
      const auto c = static_cast<unsigned char>(joined[j]);
      letter = letter || std::isalpha(c);
      digit = digit || std::isdigit(c);
      key_id_shape = key_id_shape && (std::isupper(c) || std::isdigit(c));
      ++j;
    }
    std::size_t len = j - i;
    // Access key ids (AKIA..., ASIA...: 16+ upper-case letters and digits), anything long
    // that mixes letters and digits, and anything very long.
    if (len >= 16 && ((letter && digit) || key_id_shape || len >= 32)) {
      out += "<redacted>";
    } else {
      out.append(joined, i, len);
    }
    i = j;
  }
  if (out.size() > kMaxChars) {
    out.resize(kMaxChars);
    out += "...";
  }
  return out;
}

std::optional<TimePoint> parse_iso8601(std::string_view s) {
  using namespace std::chrono;
  s = trim(s);
  int y, mo, d, h, mi, sec;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
      !digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::size_t pos = 19;
  nanoseconds frac{0};
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::int64_t scale = 100000000;
    std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      frac += nanoseconds((s[pos] - '0') * scale);
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  minutes offset{0};
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int sign = s[pos] == '-' ? -1 : 1;
      int oh, om;
      if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
      std::size_t mpos = pos + 3;
      if (mpos < s.size() && s[mpos] == ':') ++mpos;
      if (!digits(s, mpos, 2, om) || oh > 23 || om > 59) return std::nullopt;
      offset = minutes(sign * (oh * 60 + om));
      pos = mpos + 2;
    }
  }
  if (pos != s.size()) return std::nullopt;
  auto t = sys_days(ymd) + hours(h) + minutes(mi) + seconds(sec) + frac - offset;
  return time_point_cast<TimePoint::duration>(t);
}

Result<Output> run(const std::string& command, const Options& options) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    return failure("CredentialProcessFailed", std::string("pipe: ") + std::strerror(errno));
  }
  Fd out_r(out_pipe[0]), out_w(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    return failure("CredentialProcessFailed", std::string("pipe: ") + std::strerror(errno));
  }
  Fd err_r(err_pipe[0]), err_w(err_pipe[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_w.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, err_w.get(), 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Own process group, so a timeout can stop the shell and everything it started.
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  sigset_t no_mask;
  sigemptyset(&no_mask);
  posix_spawnattr_setsigmask(&attr, &no_mask);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::string sh = "/bin/sh", dash_c = "-c", cmd = command;
  std::array<char*, 4> argv = {sh.data(), dash_c.data(), cmd.data(), nullptr};
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, "/bin/sh", &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    return failure("CredentialProcessFailed",
                   std::string("cannot start /bin/sh: ") + std::strerror(rc));
  }
  out_w.reset();
  err_w.reset();

  Output result;
  const auto deadline = SteadyClock::now() + options.timeout;
  bool out_open = true, err_open = true, too_much = false;
  char buf[4096];
  while ((out_open || err_open) && !result.timed_out && !too_much) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd fds[2] = {{out_open ? out_r.get() : -1, POLLIN, 0},
                     {err_open ? err_r.get() : -1, POLLIN, 0}};
    int n = ::poll(fds, 2, static_cast<int>(std::min<std::int64_t>(left.count(), 1000)));
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        (i == 0 ? out_open : err_open) = false;
        continue;
      }
      std::string& dest = i == 0 ? result.out : result.err;
      dest.append(buf, static_cast<std::size_t>(got));
      if (dest.size() > options.max_output) too_much = true;
    }
  }

  // The pipes are closed (or we gave up on them); wait for the shell within the deadline.
  int status = 0;
  bool reaped = false;
  while (!result.timed_out && !too_much) {
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid || (w < 0 && errno != EINTR)) {
      reaped = w == pid;
      break;
    }
    if (SteadyClock::now() >= deadline) {
      result.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (!reaped) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_status = -1;
    result.signal = SIGKILL;
    return result;
  }
  if (WIFEXITED(status)) {
    result.exit_status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

Result<Credentials> parse_output(std::string_view text, std::string_view profile,
                                 std::string_view command) {
  const std::string who = label(profile, command);
  auto invalid = [&](const std::string& what) {
    return failure("CredentialProcessInvalidOutput", who + " printed " + what +
                                                         "; expected JSON with Version 1, "
                                                         "AccessKeyId and SecretAccessKey");
  };
  // Never quote the output: it may hold a secret even when malformed. Parsing without
  // exceptions also keeps the parser's own messages (which quote input) out.
  nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) {
    if (trim(text).empty()) return invalid("nothing");
    return invalid("output that is not valid JSON (" + std::to_string(text.size()) + " bytes)");
  }
  if (!doc.is_object()) return invalid("JSON that is not an object");

  auto version = doc.find("Version");
  if (version == doc.end()) return invalid("JSON without \"Version\"");
  if (!version->is_number_integer() || version->get<std::int64_t>() != 1) {
    return invalid("an unsupported \"Version\" (only 1 is supported)");
  }
  auto string_field = [&](const char* name) -> std::optional<std::string> {
    auto it = doc.find(name);
    if (it == doc.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  Credentials creds;
  auto key_id = string_field("AccessKeyId");
  if (!key_id || trim(*key_id).empty()) return invalid("JSON without a string \"AccessKeyId\"");
  auto secret = string_field("SecretAccessKey");
  if (!secret || secret->empty()) return invalid("JSON without a string \"SecretAccessKey\"");
  creds.access_key_id = std::string(trim(*key_id));
  creds.secret_access_key = std::move(*secret);
  if (doc.contains("SessionToken") && !doc["SessionToken"].is_null()) {
    auto token = string_field("SessionToken");
    if (!token) return invalid("a \"SessionToken\" that is not a string");
    creds.session_token = std::move(*token);
  }
  if (doc.contains("Expiration") && !doc["Expiration"].is_null()) {
    auto exp = string_field("Expiration");
    std::optional<TimePoint> when = exp ? parse_iso8601(*exp) : std::nullopt;
    if (!when) return invalid("an \"Expiration\" that is not an ISO 8601 time");
    creds.expiration = when;
  }
  creds.source = "credential_process (profile " + std::string(profile) + ")";
  return creds;
}

Result<Credentials> fetch(const std::string& command, std::string_view profile, Clock& clock,
                          const Options& options) {
  const std::string who = label(profile, command);
  if (trim(command).empty()) {
    return failure("CredentialProcessFailed",
                   "credential_process of profile '" + std::string(profile) + "' is empty");
  }
  auto ran = run(command, options);
  if (!ran.ok()) {
    Error e = std::move(ran).error();
    e.message = who + ": " + e.message;
    return e;
  }
  const Output& out = *ran;
  std::string excerpt = safe_excerpt(out.err);
  std::string tail = excerpt.empty() ? "" : "; stderr: " + excerpt;
  if (out.timed_out) {
    return failure("CredentialProcessTimeout", who + " did not finish within " +
                                                   seconds_text(options.timeout) +
                                                   " and was stopped" + tail);
  }
  if (out.out.size() > options.max_output || out.err.size() > options.max_output) {
    return failure("CredentialProcessFailed", who + " printed more than " +
                                                  std::to_string(options.max_output) +
                                                  " bytes and was stopped");
  }
  if (out.signal != 0) {
    return failure("CredentialProcessFailed",
                   who + " was killed by signal " + std::to_string(out.signal) + tail);
  }
  if (out.exit_status != 0) {
    return failure("CredentialProcessFailed",
                   who + " exited with status " + std::to_string(out.exit_status) + tail);
  }
  auto creds = parse_output(out.out, profile, command);
  if (!creds.ok()) return creds;
  if (creds->expiration && *creds->expiration <= clock.now()) {
    return failure("CredentialProcessFailed", who + " returned credentials that expired at " +
                                                  format_iso8601(*creds->expiration));
  }
  return creds;
}

}  // namespace drh::credential_process
