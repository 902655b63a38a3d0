// Adopting the pre-flight's .env files into the test process's environment.
#include "suite_environment.h"

#include <cstdlib>
#include <ranges>

#include "preflight/util/dotenv.h"

namespace preflight {

void AdoptEnvFiles(const nlohmann::ordered_json& check_report) {
  if (!check_report.is_object() || !check_report.contains("env_files") ||
      !check_report["env_files"].is_array())
    return;
  const DotenvLookups lookups{.overrides = [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    return value ? std::optional<std::string>(value) : std::nullopt;
  }};
  // The last file first, never overwriting: a later file wins, the real environment wins.
  for (const auto& path : check_report["env_files"] | std::views::reverse) {
    if (!path.is_string()) continue;
    Diagnostics ignored;
    auto file = ReadDotenvFileKeepingGoodLines(path.get<std::string>(), lookups, ignored);
    if (!file) continue;
    for (const auto& entry : file->entries) ::setenv(entry.key.c_str(), entry.value.c_str(), 0);
  }
}

}  // namespace preflight
