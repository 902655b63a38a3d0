// The pre-flight of a suite run by hand (PREFLIGHT_CONFIG=FILE ./e2e_tests), without
// `preflight run`: `preflight check` runs as a child process before the first test, so a test
// binary never loads the network libraries (c-ares, libcurl, libpq, libuv) itself.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace preflight {

struct InProcessVerdict {
  int exit_code = 0;              // 0: staging is ready (or bypassed); else 75, 2, 130...
  std::string reason;             // one line, when not ready
  std::string failed_checks;      // "database (connection_refused), api (http_5xx)"
  nlohmann::ordered_json report;  // preflight.check/v1, when the checks ran
};

// The CLI of the package the listener was built from (the build tree's, or the installed
// prefix's wherever it was moved): the listener sets it when it is installed.
void SetPackageCli(std::string path);

// Runs `preflight check ARGUMENTS... --json TMP` (its output goes to ours) and reads its report.
// The CLI is $PREFLIGHT_CLI, else the package's, else `preflight` on PATH.
// kHidden: the check's own lines are not shown (the breaker's quick look says what it found in
// one line of its own; a "preflight FAILED … (exit 75)" in the suite's output would mislead).
enum class CheckOutput { kShown, kHidden };
InProcessVerdict RunPreflightCheck(const std::vector<std::string>& arguments,
                                   CheckOutput output = CheckOutput::kShown);

inline InProcessVerdict RunInProcessPreflight(const std::string& config_path) {
  return RunPreflightCheck({"--config", config_path});
}

}  // namespace preflight
