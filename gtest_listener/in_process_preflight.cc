// posix_spawn of `preflight check --json TMP`, then its report: the verdict, the reason, and
// the evidence the listener uses to attribute failures.
#include "in_process_preflight.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "preflight/exit_code.h"
#include "preflight/report/check_report_reader.h"

extern char** environ;

namespace preflight {
namespace {

bool IsExecutable(const std::string& path) {
  return !path.empty() && ::access(path.c_str(), X_OK) == 0;
}

std::string& PackageCli() {
  static std::string path;
  return path;
}

std::string FindPreflightCli() {
  if (const char* chosen = std::getenv("PREFLIGHT_CLI"); chosen && *chosen) return chosen;
  if (IsExecutable(PackageCli())) return PackageCli();
  if (const char* path = std::getenv("PATH")) {
    for (std::string_view dirs = path; !dirs.empty();) {
      const size_t colon = dirs.find(':');
      const std::string candidate = fmt::format("{}/preflight", dirs.substr(0, colon));
      if (dirs.substr(0, colon).size() > 0 && IsExecutable(candidate)) return candidate;
      dirs = colon == std::string_view::npos ? "" : dirs.substr(colon + 1);
    }
  }
  return "";
}

}  // namespace

void SetPackageCli(std::string path) {
  PackageCli() = std::move(path);
}

namespace {

// "database (connection_refused), api (http_5xx)": the failed checks of a report.
std::vector<std::string> FailedChecks(const nlohmann::ordered_json& report) {
  std::vector<std::string> failures;
  if (report.is_object() && report.contains("checks") && report["checks"].is_array())
    for (const auto& check : report["checks"])
      if (check.value("status", "") == "failed")
        failures.push_back(fmt::format("{} ({})", check.value("name", "?"),
                                       check.contains("error") && check["error"].is_object()
                                           ? check["error"].value("category", "?")
                                           : "?"));
  return failures;
}

// The one-line reason from a check report and the CLI's exit code (not 0).
std::string NotReadyReason(const nlohmann::ordered_json& report, int exit_code) {
  const std::vector<std::string> failures = FailedChecks(report);
  if (exit_code > 128)
    return fmt::format("not run: the pre-flight was interrupted (signal {})", exit_code - 128);
  if (failures.empty())
    return exit_code == kExitUsage ? "not run: the pre-flight could not start (see above)"
                                   : "not run: preflight FAILED: required checks skipped";
  return fmt::format("not run: preflight FAILED: {}; {} (exit {})", fmt::join(failures, ", "),
                     PreflightFailureMeaning(exit_code), exit_code);
}

}  // namespace

InProcessVerdict RunPreflightCheck(const std::vector<std::string>& arguments, CheckOutput output) {
  const std::string cli = FindPreflightCli();
  if (cli.empty())
    return {kExitUsage,
            fmt::format("PREFLIGHT_CONFIG is set but the preflight command was not found (not "
                        "at $PREFLIGHT_CLI, {} or on PATH): install preflight or set "
                        "PREFLIGHT_CLI=/path/to/preflight",
                        PackageCli().empty() ? "the package's" : PackageCli())};
  std::error_code no_tmpdir;
  std::filesystem::path tmp = std::filesystem::temp_directory_path(no_tmpdir);
  if (no_tmpdir) tmp = "/tmp";
  std::string report_path = (tmp / "preflight-in-process-XXXXXX.json").string();
  const int fd = ::mkstemps(report_path.data(), 5);
  if (fd < 0)
    return {kExitUsage, fmt::format("cannot create {}: {}", report_path, std::strerror(errno))};
  ::close(fd);
  std::vector<std::string> args = {cli, "check"};
  args.insert(args.end(), arguments.begin(), arguments.end());
  args.insert(args.end(), {"--json", report_path});
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (output == CheckOutput::kHidden) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  }
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, cli.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    ::unlink(report_path.c_str());
    return {kExitUsage, fmt::format("cannot run {}: {}", cli, std::strerror(spawned))};
  }
  int status = 0;
  pid_t waited;
  while ((waited = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
  }
  if (waited < 0) {  // e.g. SIGCHLD ignored by the caller: never take that for a green pre-flight
    ::unlink(report_path.c_str());
    return {kExitUsage, fmt::format("cannot wait for {}: {}", cli, std::strerror(errno))};
  }
  const int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  InProcessVerdict verdict{.exit_code = exit_code};
  if (auto report = ReadCheckReport(report_path)) verdict.report = std::move(*report);
  ::unlink(report_path.c_str());
  if (exit_code != 0) verdict.reason = NotReadyReason(verdict.report, exit_code);
  verdict.failed_checks = fmt::format("{}", fmt::join(FailedChecks(verdict.report), ", "));
  return verdict;
}

}  // namespace preflight
