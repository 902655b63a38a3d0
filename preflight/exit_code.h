// Process exit codes: a contract with CI pipelines (see README "Exit codes").
#pragma once

namespace preflight {

enum ExitCode : int {
  kExitOk = 0,           // all checks / tests passed (a bypassed failure too, loudly)
  kExitCodeFailure = 1,  // at least one test failed for a `code` reason
  kExitUsage = 2,        // usage error, bad config, bad .env, bad input file
  kExitInfra = 75,       // EX_TEMPFAIL: infrastructure not ready, retry later
};

}  // namespace preflight
