// --pass-env patterns are exact names or a prefix followed by `*`, nothing more: predictable.
#include "preflight/runtime/child_environment.h"

#include <fmt/format.h>
#include <algorithm>

#include "preflight/util/variable_expansion.h"

extern char** environ;

namespace preflight {
namespace {

std::string_view NameOf(std::string_view entry) {
  return entry.substr(0, entry.find('='));
}

bool Matches(std::string_view pattern, std::string_view name) {
  if (pattern.ends_with('*')) return name.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == name;
}

bool Passed(const ChildEnvironmentSpec& spec, std::string_view name) {
  if (spec.pass.empty()) return true;
  auto matches = [&](std::string_view pattern) { return Matches(pattern, name); };
  return std::ranges::any_of(spec.pass, matches) || std::ranges::any_of(kAlwaysPassed, matches);
}

}  // namespace

std::expected<void, std::string> ValidateChildEnvironment(const ChildEnvironmentSpec& spec) {
  for (const auto& pattern : spec.pass) {
    std::string_view name = pattern;
    if (name.ends_with('*')) name.remove_suffix(1);
    if (!name.empty() && !IsValidVariableName(name))
      return std::unexpected(fmt::format(
          "--pass-env {}: write a variable name (AWS_REGION) or a prefix and * (AWS_*)", pattern));
  }
  for (const auto& assignment : spec.set) {
    const size_t eq = assignment.find('=');
    if (eq == std::string::npos || !IsValidVariableName(assignment.substr(0, eq)))
      return std::unexpected(fmt::format("--set-env {}: write NAME=VALUE", assignment));
  }
  return {};
}

std::vector<std::string> ChildEnvironment(const std::vector<std::string>& inherited,
                                          const ChildEnvironmentSpec& spec) {
  std::vector<std::string> env;
  auto set_later = [&](std::string_view name) {
    return std::ranges::any_of(spec.set, [&](const auto& s) { return NameOf(s) == name; });
  };
  for (const auto& entry : inherited)
    if (Passed(spec, NameOf(entry)) && !set_later(NameOf(entry))) env.push_back(entry);
  for (size_t i = 0; i < spec.set.size(); ++i) {
    const bool overridden_later =
        std::any_of(spec.set.begin() + i + 1, spec.set.end(),
                    [&](const auto& s) { return NameOf(s) == NameOf(spec.set[i]); });
    if (!overridden_later) env.push_back(spec.set[i]);
  }
  return env;
}

void SetVariable(std::vector<std::string>& env, std::string_view name, std::string_view value) {
  std::string entry = fmt::format("{}={}", name, value);
  for (auto& existing : env)
    if (NameOf(existing) == name) {
      existing = std::move(entry);
      return;
    }
  env.push_back(std::move(entry));
}

std::vector<std::string> CurrentEnvironment() {
  std::vector<std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) env.emplace_back(*entry);
  return env;
}

}  // namespace preflight
