// Reads a preflight.tests/v1 JSON report back into test records (for `preflight run`, which
// collects its suite's report, and for merging shards).
#pragma once

#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "preflight/report/test_results.h"

namespace preflight {

std::expected<std::vector<TestRecord>, std::string> ReadTestsReport(const std::string& path);

// One entry of the report's "tests" array.
std::expected<TestRecord, std::string> ParseTestRecord(const nlohmann::json& entry);

}  // namespace preflight
