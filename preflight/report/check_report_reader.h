// The one reader of preflight.check/v1, the report `preflight check --json` writes: for
// `classify --check-report`, the listener under `preflight run` (PREFLIGHT_CHECK_REPORT) and the
// in-process pre-flight. It checks what they rely on: the schema name and each check's name,
// type and status; unknown fields are left alone.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace preflight {

std::expected<nlohmann::ordered_json, std::string> ParseCheckReport(std::string_view text);

// Errors name the file.
std::expected<nlohmann::ordered_json, std::string> ReadCheckReport(const std::string& path);

}  // namespace preflight
