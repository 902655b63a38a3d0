// The machine-readable pre-flight reports: preflight.check/v1 JSON and JUnit XML.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "preflight/engine/check_result.h"

namespace preflight {

// The preflight.check/v1 document (DESIGN.md); also embedded in preflight.tests/v1.
nlohmann::ordered_json CheckReportJson(const RunResult& result);

// One <testcase> per check: infra failures are <error type="infra:CATEGORY">, configuration
// failures <failure type="config">, skipped checks <skipped>.
std::string CheckReportJunit(const RunResult& result);

}  // namespace preflight
