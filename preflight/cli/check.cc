// `preflight check`: load the config, decide the bypass, run the checks live, write reports.
// The same pre-flight step starts `preflight run`.
#include <fmt/format.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "preflight/cli/commands.h"
#include "preflight/exit_code.h"
#include "preflight/report/check_report.h"
#include "preflight/runtime/preflight_session.h"
#include "preflight/util/atomic_file.h"

namespace preflight::cli {

std::expected<void, int> CheckReportPaths(std::initializer_list<std::string_view> paths) {
  for (std::string_view path : paths) {
    if (path.empty()) continue;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    const std::string dir = parent.empty() ? "." : parent.string();
    if (::access(dir.c_str(), W_OK) != 0) {
      fmt::print(stderr, "preflight: cannot write {}: {} ({}): create it or choose another path\n",
                 path, dir, std::strerror(errno));
      return std::unexpected(int{kExitUsage});
    }
  }
  return {};
}

std::string AbsolutePath(const std::string& path) {
  std::error_code no_cwd;
  const std::filesystem::path absolute = std::filesystem::absolute(path, no_cwd);
  return no_cwd ? path : absolute.string();
}

std::expected<PreflightSession, int> RunPreflightStep(
    const CheckOptions& options, std::string_view command,
    std::function<std::expected<void, int>(const LoadedConfig&)> before_checks) {
  // Before minutes of checks, not after them.
  if (auto writable = CheckReportPaths({options.json_path, options.junit_path}); !writable)
    return std::unexpected(writable.error());
  auto now = ResolveNow(options.config.now);
  if (!now) {
    fmt::print(stderr, "preflight: {}\n", now.error());
    return std::unexpected(int{kExitUsage});
  }
  return RunPreflightSession({.config_path = options.config.config,
                              .env_files = options.config.env_files,
                              .now = *now,
                              .forbidden = options.config.no_bypass
                                               ? BypassForbidden::kByCommandLine
                                               : BypassForbidden::kNo,
                              .verbosity = options.quiet     ? Verbosity::kQuiet
                                           : options.verbose ? Verbosity::kVerbose
                                                             : Verbosity::kNormal,
                              .command = std::string(command),
                              .honour_only_when = command == "run",
                              .quick = options.quick,
                              .before_checks = std::move(before_checks)});
}

int Check(const CheckOptions& options) {
  auto step = RunPreflightStep(options, "check");
  if (!step) return step.error();
  const LivePreflightResult& outcome = step->outcome;
  int exit_code = ExitCodeFor(outcome.run);
  auto write = [&](const std::string& path, const std::string& contents) {
    if (path.empty()) return;
    if (auto written = WriteFileAtomically(path, contents); !written) {
      fmt::print(stderr, "preflight: {}\n", written.error());
      exit_code = kExitUsage;
    }
  };
  nlohmann::ordered_json report = CheckReportJson(outcome.run);
  // The listener gives the tests these files' variables, as `run` gives them to its suite.
  report["env_files"] = nlohmann::ordered_json::array();
  for (const auto& file : step->loaded.environment.files())
    report["env_files"].push_back(AbsolutePath(file.path));
  write(options.json_path, report.dump(2) + "\n");
  write(options.junit_path, CheckReportJunit(outcome.run));
  if (outcome.signal != 0) return 128 + outcome.signal;
  return exit_code;
}

}  // namespace preflight::cli
