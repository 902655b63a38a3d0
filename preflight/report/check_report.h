// The machine-readable pre-flight reports: preflight.check/v1 JSON and JUnit XML.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "preflight/config/config.h"
#include "preflight/engine/check_result.h"

namespace preflight {

// The preflight.check/v1 document (DESIGN.md); also embedded in preflight.tests/v1.
nlohmann::ordered_json CheckReportJson(const RunResult& result);

// One <testcase> per check: infra failures are <error type="infra:CATEGORY">, configuration
// failures <failure type="config">, skipped checks <skipped>.
// `suite_not_run`: when `run` stopped before the suite, why (a <system-out> of the testsuite).
std::string CheckReportJunit(const RunResult& result, std::string_view suite_not_run = {});

// For a CI summary when the pre-flight stopped the suite: that it did, which checks failed and
// why, what was waited for and for how long.
std::string PreflightFailedMarkdown(const RunResult& result, const Config& config, int exit_code);

// "api (connection_refused), database (config)": the checks that failed.
std::string FailedChecksLine(const RunResult& result);

}  // namespace preflight
