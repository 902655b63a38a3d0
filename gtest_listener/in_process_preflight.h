// The pre-flight inside a suite's own process (PREFLIGHT_CONFIG=FILE ./e2e_tests): for developers
// running a suite by hand, without `preflight run`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace preflight {

struct InProcessVerdict {
  int exit_code = 0;              // 0: staging is ready (or bypassed); else 75 or 2
  std::string reason;             // one line, when not ready
  nlohmann::ordered_json report;  // preflight.check/v1, when the checks ran
};

// Loads `config_path`, decides the bypass, runs the checks with console output.
InProcessVerdict RunInProcessPreflight(const std::string& config_path);

}  // namespace preflight
