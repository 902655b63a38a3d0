// The suite's environment under `preflight run`: ours (or, with --pass-env, only the variables
// named and a few every program needs), then --set-env and run's own variables on top.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace preflight {

// Always passed, even with --pass-env: what programs and GoogleTest need to work at all.
inline constexpr const char* kAlwaysPassed[] = {"PATH",  "HOME",   "USER",    "LOGNAME",
                                                "SHELL", "TMPDIR", "TZ",      "TERM",
                                                "LANG",  "LC_*",   "GTEST_*", "PREFLIGHT_*"};

struct ChildEnvironmentSpec {
  std::vector<std::string> pass;  // names or NAME_PREFIX* patterns; empty: pass everything
  std::vector<std::string> set;   // NAME=VALUE, override inherited values; later ones win
};

// An error names the bad --pass-env pattern or --set-env assignment and how to write it.
std::expected<void, std::string> ValidateChildEnvironment(const ChildEnvironmentSpec& spec);

// `inherited` is "NAME=VALUE" entries, as in `environ`.
std::vector<std::string> ChildEnvironment(const std::vector<std::string>& inherited,
                                          const ChildEnvironmentSpec& spec);

// Sets NAME=VALUE in `env`, replacing an entry of that name if there is one.
void SetVariable(std::vector<std::string>& env, std::string_view name, std::string_view value);

// This process's environment as "NAME=VALUE" entries.
std::vector<std::string> CurrentEnvironment();

}  // namespace preflight
