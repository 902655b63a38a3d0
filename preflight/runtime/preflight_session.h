// Everything before the results of a pre-flight, shared by `preflight check`, `preflight run`
// and the in-process pre-flight of preflight::gtest_main: load the config and its .env files,
// decide (and audit) the bypass, honour [run] only_when, run the checks with console output.
#pragma once

#include <expected>
#include <functional>
#include <string>
#include <vector>

#include "preflight/bypass/bypass_policy.h"
#include "preflight/config/config_loader.h"
#include "preflight/report/console_reporter.h"
#include "preflight/runtime/live_preflight.h"

namespace preflight {

struct PreflightSessionOptions {
  std::string config_path;
  std::vector<std::string> env_files;
  SysTime now;
  BypassForbidden forbidden = BypassForbidden::kNo;
  Verbosity verbosity = Verbosity::kNormal;
  std::string command;            // who runs it, for the audit log: "check", "run", "gtest_main"
  bool honour_only_when = false;  // `run` only
  bool quick = false;             // one attempt per check, budgets capped at kQuickBudget
  // Called once the config is loaded, before anything is checked (`run` takes its admission
  // slot here); an error ends the session with that exit code.
  std::function<std::expected<void, int>(const LoadedConfig&)> before_checks;
};

inline constexpr Duration kQuickBudget = std::chrono::seconds(5);

struct PreflightSession {
  LoadedConfig loaded;
  BypassDecision bypass;
  LivePreflightResult outcome;
  std::string skipped_because;  // [run] only_when did not hold: nothing was checked
};

// Problems (bad config or .env, malformed bypass, unwritable audit log) are printed to stderr
// with file:line; the error is then the exit code (2).
std::expected<PreflightSession, int> RunPreflightSession(const PreflightSessionOptions& options);

}  // namespace preflight
