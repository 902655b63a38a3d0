// Renders each check on one line, in start order, with the values that were resolved.
#include "preflight/config/describe_config.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace preflight {

std::string DescribeConfig(const LoadedConfig& loaded) {
  const Config& config = loaded.config;
  std::string out =
      fmt::format("{}: valid, {} check{}, deadline {} ({})\n", config.path, config.checks.size(),
                  config.checks.size() == 1 ? "" : "s", FormatElapsed(config.deadline),
                  config.deadline_derived ? "derived from the budgets" : "set by `deadline`");
  out += fmt::format("retry: {} attempt{}, up to {} apart (jittered)\n", config.retry.attempts,
                     config.retry.attempts == 1 ? "" : "s", FormatDuration(config.retry.delay));
  if (const auto& admission = config.admission)
    out += fmt::format("admission: {} slot{} in namespace \"{}\" on {}, a run waits up to {}\n",
                       admission->slots, admission->slots == 1 ? "" : "s", admission->name_space,
                       admission->dsn, FormatDuration(admission->wait));
  size_t width = 0;
  for (const auto& check : config.checks) width = std::max(width, check.name.size());
  out += "checks, in start order:\n";
  for (const auto& check : config.checks) {
    std::string line =
        fmt::format("  {:<{}}  {:<8}  {}", check.name, width, check.type_name(),
                    std::visit([](const auto& s) { return s.Describe(); }, check.spec));
    if (!check.after.empty()) line += fmt::format("; after {}", fmt::join(check.after, ", "));
    if (!check.required) line += "; optional (required = false)";
    if (check.warn_after) line += fmt::format("; warn after {}", FormatDuration(*check.warn_after));
    if (check.critical_after)
      line += fmt::format("; critical after {}", FormatDuration(*check.critical_after));
    out += line + "\n";
  }
  std::vector<std::string> files;
  for (const auto& file : loaded.environment.files())
    files.push_back(fmt::format("{} ({} variables)", file.path, file.entries.size()));
  for (const auto& missing : loaded.missing_env_files) files.push_back(missing + " (not present)");
  out += fmt::format("env files: {}\n",
                     files.empty() ? "none" : fmt::format("{}", fmt::join(files, ", ")));
  return loaded.redactor.Redact(out);
}

}  // namespace preflight
