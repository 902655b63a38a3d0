// Runs the same pre-flight as `preflight check` before the first test of a suite.
#include "in_process_preflight.h"

#include <fmt/format.h>
#include <chrono>
#include <cstdio>

#include "preflight/bypass/audit_log.h"
#include "preflight/config/config_loader.h"
#include "preflight/exit_code.h"
#include "preflight/report/console_reporter.h"
#include "preflight/runtime/live_preflight.h"

namespace preflight {

InProcessVerdict RunInProcessPreflight(const std::string& config_path) {
  const SysTime now =
      std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  auto loaded = LoadConfig({config_path, {}, Environment::FromProcess().process()});
  if (!loaded) {
    std::fputs(FormatDiagnostics(loaded.error()).c_str(), stderr);
    return {kExitUsage, fmt::format("PREFLIGHT_CONFIG={} is not a valid config", config_path)};
  }
  auto bypass =
      DecideBypass(loaded->environment, loaded->config.bypass.max_days, now, BypassForbidden::kNo);
  if (!bypass) {
    std::fputs(FormatDiagnostics({bypass.error()}).c_str(), stderr);
    return {kExitUsage, "the emergency bypass settings are malformed"};
  }
  if (bypass->state == BypassState::kActive) {
    auto record =
        MakeAuditRecord(*bypass, loaded->environment, now, "gtest_main", loaded->config.path);
    if (auto written = AppendAuditRecord(loaded->config.bypass.audit_log, record); !written)
      return {kExitUsage,
              fmt::format("{}; a bypass is only honoured with an audit trail", written.error())};
  }
  const ConsoleStyle style = ConsoleStyle::For(stdout, Verbosity::kNormal);
  ConsoleReporter console(stdout, style, loaded->config, *bypass);
  LivePreflightOptions options{.progress_interval = style.live ? std::chrono::milliseconds(100)
                                                               : std::chrono::seconds(5)};
  const RunResult result = RunLivePreflight(*loaded, *bypass, console, options).run;
  if (result.status != RunStatus::kFailed) return {};
  return {ExitCodeFor(result), "not run: " + Verdict(result)};
}

}  // namespace preflight
