// `preflight check`: load the config, decide the bypass, run the checks live, write reports.
// The same pre-flight step starts `preflight run`.
#include <fmt/format.h>
#include <cstdio>

#include "preflight/bypass/audit_log.h"
#include "preflight/cli/commands.h"
#include "preflight/config/config_loader.h"
#include "preflight/exit_code.h"
#include "preflight/report/check_report.h"
#include "preflight/report/console_reporter.h"
#include "preflight/runtime/live_preflight.h"
#include "preflight/util/atomic_file.h"

namespace preflight::cli {

std::expected<PreflightStep, int> RunPreflightStep(const CheckOptions& options,
                                                   std::string_view command) {
  const ConfigOptions& config_options = options.config;
  auto now = ResolveNow(config_options.now);
  if (!now) {
    fmt::print(stderr, "preflight: {}\n", now.error());
    return std::unexpected(int{kExitUsage});
  }
  auto loaded = LoadConfig(
      {config_options.config, config_options.env_files, Environment::FromProcess().process()});
  if (!loaded) {
    fmt::print(stderr, "{}", FormatDiagnostics(loaded.error()));
    return std::unexpected(int{kExitUsage});
  }
  auto bypass = DecideBypass(
      loaded->environment, loaded->config.bypass.max_days, *now,
      config_options.no_bypass ? BypassForbidden::kByCommandLine : BypassForbidden::kNo);
  if (!bypass) {
    fmt::print(stderr, "{}", FormatDiagnostics({bypass.error()}));
    return std::unexpected(int{kExitUsage});
  }
  if (command == "run") {
    for (const auto& [name, expected] : loaded->config.run_only_when) {
      const std::string actual = loaded->environment.Get(name).value_or("");
      if (actual == expected) continue;
      std::string why = fmt::format("{} is \"{}\", not \"{}\" ([run] only_when in {})", name,
                                    actual, expected, loaded->config.path);
      fmt::print("preflight run: pre-flight skipped: {}\n", loaded->redactor.Redact(why));
      return PreflightStep{std::move(*loaded), std::move(*bypass), {}, std::move(why)};
    }
  }
  if (bypass->state == BypassState::kActive) {
    auto record = MakeAuditRecord(*bypass, loaded->environment, *now, std::string(command),
                                  loaded->config.path);
    if (auto written = AppendAuditRecord(loaded->config.bypass.audit_log, record); !written) {
      fmt::print(stderr,
                 "preflight: {}; an emergency bypass is only honoured with an audit trail "
                 "(set [bypass] audit_log to a writable path)\n",
                 written.error());
      return std::unexpected(int{kExitUsage});
    }
  }

  const Verbosity verbosity = options.quiet     ? Verbosity::kQuiet
                              : options.verbose ? Verbosity::kVerbose
                                                : Verbosity::kNormal;
  const ConsoleStyle style = ConsoleStyle::For(stdout, verbosity);
  ConsoleReporter console(stdout, style, loaded->config, *bypass);
  LivePreflightOptions live{.progress_interval = style.live ? std::chrono::milliseconds(100)
                                                            : std::chrono::seconds(5)};
  LivePreflightResult outcome = RunLivePreflight(*loaded, *bypass, console, live);
  return PreflightStep{std::move(*loaded), std::move(*bypass), std::move(outcome)};
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
  write(options.json_path, CheckReportJson(outcome.run).dump(2) + "\n");
  write(options.junit_path, CheckReportJunit(outcome.run));
  if (outcome.signal != 0) return 128 + outcome.signal;
  return exit_code;
}

}  // namespace preflight::cli
