// Parts of a shared report: one file per process in a private folder, gathered under a lock.
#include "preflight/report/report_session.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "preflight/report/test_report_reader.h"
#include "preflight/util/atomic_file.h"
#include "preflight/util/run_id.h"

namespace preflight {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kFolderPrefix = "preflight-session-";
constexpr auto kExplicitSessionLifetime = std::chrono::hours(24);

// The command name and start time (clock ticks since boot) of process `pid`, from /proc.
struct ProcessStart {
  std::string command;
  std::string start;
};
std::optional<ProcessStart> StartOf(pid_t pid) {
  std::ifstream file(fmt::format("/proc/{}/stat", pid));
  std::string stat;
  if (!std::getline(file, stat)) return std::nullopt;
  const size_t open = stat.find('('), close = stat.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return std::nullopt;
  ProcessStart start{.command = stat.substr(open + 1, close - open - 1)};
  // After "(comm)": state is field 3; starttime is field 22.
  size_t at = close + 2;
  for (int field = 3; field < 22 && at != std::string::npos; ++field) at = stat.find(' ', at) + 1;
  if (at == 0 || at >= stat.size()) return std::nullopt;
  start.start = stat.substr(at, stat.find(' ', at) - at);
  return start;
}

// "ctest-PID-START" of a ctest that is still running.
bool CtestSessionAlive(std::string_view id) {
  if (!id.starts_with("ctest-")) return false;
  id.remove_prefix(6);
  const size_t dash = id.find('-');
  const pid_t pid =
      static_cast<pid_t>(std::strtol(std::string(id.substr(0, dash)).c_str(), nullptr, 10));
  const auto start = StartOf(pid);
  return start && dash != std::string_view::npos && start->start == id.substr(dash + 1);
}

// Parts of ctest sessions whose ctest is gone, and of named sessions untouched for a day.
void RemoveSessionsOver(const fs::path& folder, const std::string& mine) {
  const std::string prefix = fmt::format("{}{}-", kFolderPrefix, ::getuid());
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix) || name == mine) continue;
    const std::string id = name.substr(prefix.size(), name.rfind('-') - prefix.size());
    const bool over = id.starts_with("ctest-")
                          ? !CtestSessionAlive(id)
                          : fs::last_write_time(entry.path(), error) <
                                fs::file_time_type::clock::now() - kExplicitSessionLifetime;
    if (over && !error) fs::remove_all(entry.path(), error);
  }
}

std::string SessionId() {
  if (const char* named = std::getenv("PREFLIGHT_SESSION"); named && *named) {
    std::string id = named;  // a folder name: nothing but letters, digits, '.', '_' and '-'
    for (char& c : id)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_') c = '_';
    return id;
  }
  const auto parent = StartOf(::getppid());
  if (parent && parent->command == "ctest")
    return fmt::format("ctest-{}-{}", ::getppid(), parent->start);
  return "";
}

// Releases the lock and closes the folder when it goes out of scope.
struct FolderLock {
  int fd = -1;
  ~FolderLock() {
    if (fd >= 0) ::close(fd);  // releases the flock
  }
};

}  // namespace

std::optional<ReportSession> CurrentReportSession(const std::vector<std::string>& destinations) {
  const std::string id = SessionId();
  if (id.empty()) return std::nullopt;
  std::string where;
  for (const auto& destination : destinations) {
    std::error_code error;
    where += fs::absolute(destination, error).string() + "\n";
  }
  std::error_code error;
  fs::path tmp = fs::temp_directory_path(error);
  if (error) tmp = "/tmp";
  const std::string folder = fmt::format("{}{}-{}-{:016x}", kFolderPrefix, ::getuid(), id,
                                         std::hash<std::string>{}(where));
  RemoveSessionsOver(tmp, folder);
  return ReportSession{.id = id, .parts = (tmp / folder).string(), .part = ProcessRunId()};
}

std::expected<void, std::string> ShareInSession(
    const ReportSession& session, const std::vector<TestRecord>& tests,
    const nlohmann::ordered_json& preflight, ReportStatus status,
    const std::function<void(const GatheredRun&)>& write) {
  if (::mkdir(session.parts.c_str(), 0700) != 0 && errno != EEXIST)
    return std::unexpected(
        fmt::format("cannot create {}: {}", session.parts, std::strerror(errno)));
  FolderLock lock{::open(session.parts.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (lock.fd < 0 || ::flock(lock.fd, LOCK_EX) != 0)
    return std::unexpected(fmt::format("cannot lock {}: {}", session.parts, std::strerror(errno)));
  const std::string mine = fmt::format("{}/{}.json", session.parts, session.part);
  if (auto written = WriteFileAtomically(mine, TestsReportJson(tests, preflight, {}, status));
      !written)
    return std::unexpected(written.error());

  // Oldest first: a test run again later in the session (ctest --repeat) has its last result.
  std::vector<std::pair<fs::file_time_type, fs::path>> parts;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(session.parts, error))
    if (entry.path().extension() == ".json")
      parts.emplace_back(fs::last_write_time(entry.path(), error), entry.path());
  std::sort(parts.begin(), parts.end());
  GatheredRun run;
  std::map<std::string, size_t> position;  // by full name
  int unfinished = 0;
  for (const auto& [written, part] : parts) {
    std::ifstream file(part);
    const auto json = nlohmann::json::parse(file, nullptr, false);
    if (json.is_discarded() || !json.contains("tests")) continue;  // being replaced: not ours
    ++run.processes;
    unfinished += json.value("status", "complete") != "complete";
    for (const auto& entry : json["tests"]) {
      auto record = ParseTestRecord(entry);
      if (!record) continue;
      auto [at, added] = position.try_emplace(record->full_name(), run.tests.size());
      if (added)
        run.tests.push_back(std::move(*record));
      else
        run.tests[at->second] = std::move(*record);
    }
  }
  if (unfinished > 0) {
    run.reason =
        fmt::format("{} of the {} test processes of this session ({}) have not finished, or died",
                    unfinished, run.processes, session.id);
    run.status = {"incomplete", run.reason};
  }
  write(run);
  return {};
}

}  // namespace preflight
