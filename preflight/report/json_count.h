// Counts (attempts, totals) read from JSON another run wrote. nlohmann turns 1e30 into an int with
// a cast whose overflow is undefined behaviour (found by fuzzing), so a count must be a whole
// number that fits; anything else throws the nlohmann::json::exception its readers already report
// as a malformed file.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>

namespace preflight {

// `object[key]` as a count from 0 to INT_MAX; `fallback` when the key is absent (without one, an
// absent key throws as json::at does).
int JsonCount(const nlohmann::json& object, const char* key,
              std::optional<int> fallback = std::nullopt);

}  // namespace preflight
