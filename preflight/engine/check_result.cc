// Names and exit codes of check outcomes.
#include "preflight/engine/check_result.h"

#include "preflight/exit_code.h"

namespace preflight {

std::string_view ToString(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPending:
      return "pending";
    case CheckStatus::kRunning:
      return "running";
    case CheckStatus::kPassed:
      return "passed";
    case CheckStatus::kFailed:
      return "failed";
    case CheckStatus::kWarned:
      return "warned";
    case CheckStatus::kSkipped:
      return "skipped";
  }
  return "unknown";
}

std::string_view ToString(RunStatus status) {
  switch (status) {
    case RunStatus::kPassed:
      return "passed";
    case RunStatus::kFailed:
      return "failed";
    case RunStatus::kBypassed:
      return "bypassed";
  }
  return "unknown";
}

int ExitCodeFor(const RunResult& result) {
  if (result.status != RunStatus::kFailed) return kExitOk;
  for (const auto& check : result.checks)
    if (check.status == CheckStatus::kFailed && check.error &&
        IsConfigCategory(check.error->category))
      return kExitUsage;
  return kExitInfra;
}

}  // namespace preflight
