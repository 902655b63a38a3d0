// Process exit codes: a contract with CI pipelines (see README "Exit codes").
#pragma once

#include <string_view>

namespace preflight {

enum ExitCode : int {
  kExitOk = 0,           // all checks / tests passed (a bypassed failure too, loudly)
  kExitCodeFailure = 1,  // at least one test failed for a `code` reason
  kExitUsage = 2,        // usage error, bad config, bad .env, bad input file
  kExitInternal = 70,    // EX_SOFTWARE: a bug in preflight itself (said as one)
  kExitInfra = 75,       // EX_TEMPFAIL: infrastructure not ready, retry later
};

// What a failed pre-flight's exit code tells a person, in its verdict line.
constexpr std::string_view PreflightFailureMeaning(int exit_code) {
  return exit_code == kExitUsage ? "a check is misconfigured, fix the config or credentials"
                                 : "staging is not ready, this is not a code failure";
}

}  // namespace preflight
