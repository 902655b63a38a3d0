// Loads preflight.toml: parses it strictly, reads its .env files, expands ${VAR}, validates.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "preflight/config/config.h"
#include "preflight/config/environment.h"
#include "preflight/util/diagnostic.h"
#include "preflight/util/redactor.h"

namespace preflight {

struct ConfigRequest {
  std::string path = "preflight.toml";
  std::vector<std::string> env_files;  // --env-file, relative to the working directory
  VariableLookup process_environment;  // the real environment; unset means none
};

struct LoadedConfig {
  Config config;
  Environment environment;  // real environment over every .env file that was read
  Redactor redactor;        // knows every secret seen while loading
  std::vector<std::string> missing_env_files;  // listed in [bypass] env_files, not present
};

// Every problem found is returned, each with file:line:col and a hint.
std::expected<LoadedConfig, Diagnostics> LoadConfig(const ConfigRequest& request);

}  // namespace preflight
