// Between preflight's gtest_main and its listener; not part of the public API.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace preflight::internal {

// The reason given to tests that GoogleTest skips without a message of their own.
void SetSkipReasonForAll(std::string reason);

// The in-process pre-flight's report: embedded in the tests report, and evidence for attribution.
void SetPreflightReport(nlohmann::ordered_json report);

}  // namespace preflight::internal
