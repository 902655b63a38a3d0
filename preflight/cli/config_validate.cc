// `preflight config validate`: load and check a config, print it resolved and the bypass state.
#include <fmt/format.h>
#include <chrono>
#include <cstdio>

#include "preflight/bypass/bypass_policy.h"
#include "preflight/cli/commands.h"
#include "preflight/config/config_loader.h"
#include "preflight/config/describe_config.h"
#include "preflight/exit_code.h"

namespace preflight::cli {

std::expected<SysTime, std::string> ResolveNow(const std::string& now) {
  if (now.empty())
    return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  auto parsed = ParseDateOrInstant(now);
  if (!parsed) return std::unexpected(fmt::format("--now {}: {}", now, parsed.error()));
  return *parsed;
}

int ConfigValidate(const ConfigOptions& options) {
  auto now = ResolveNow(options.now);
  if (!now) {
    fmt::print(stderr, "preflight: {}\n", now.error());
    return kExitUsage;
  }
  ConfigRequest request{options.config, options.env_files, Environment::FromProcess().process()};
  auto loaded = LoadConfig(request);
  if (!loaded) {
    fmt::print(stderr, "{}", FormatDiagnostics(loaded.error()));
    return kExitUsage;
  }
  auto bypass =
      DecideBypass(loaded->environment, loaded->config.bypass.max_days, *now,
                   options.no_bypass ? BypassForbidden::kByCommandLine : BypassForbidden::kNo);
  if (!bypass) {
    fmt::print(stderr, "{}", FormatDiagnostics({bypass.error()}));
    return kExitUsage;
  }
  fmt::print("{}", DescribeConfig(*loaded));
  fmt::print("bypass: {}\n", loaded->redactor.Redact(bypass->Describe(*now)));
  return kExitOk;
}

}  // namespace preflight::cli
