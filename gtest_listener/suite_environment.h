// The tests' environment when no `preflight run` made it: the variables of the .env files the
// pre-flight read (its report lists them), so that by hand the tests see what they see under run.
#pragma once

#include <nlohmann/json.hpp>

namespace preflight {

// Sets each variable of the report's "env_files" that the process does not have (real variables
// win; a later file wins over an earlier one). Bad lines were reported by the pre-flight itself.
void AdoptEnvFiles(const nlohmann::ordered_json& check_report);

}  // namespace preflight
