// Runs the same pre-flight as `preflight check` before the first test of a suite.
#include "in_process_preflight.h"

#include <chrono>

#include "preflight/exit_code.h"
#include "preflight/report/check_report.h"
#include "preflight/runtime/preflight_session.h"

namespace preflight {

InProcessVerdict RunInProcessPreflight(const std::string& config_path) {
  auto session = RunPreflightSession(
      {.config_path = config_path,
       .now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now()),
       .command = "gtest_main"});
  if (!session)
    return {session.error(), "PREFLIGHT_CONFIG=" + config_path + " could not be used (see above)"};
  const RunResult& result = session->outcome.run;
  nlohmann::ordered_json report =
      session->skipped_because.empty() ? CheckReportJson(result) : nlohmann::ordered_json();
  if (result.status != RunStatus::kFailed) return {.report = std::move(report)};
  return {ExitCodeFor(result), "not run: " + Verdict(result), std::move(report)};
}

}  // namespace preflight
