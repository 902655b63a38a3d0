// Runs a pre-flight for real: a libuv loop, live probes, SIGINT/SIGTERM handling and a progress
// ticker. Used by `preflight check`, `preflight run` and the in-process GoogleTest environment.
#pragma once

#include "preflight/config/config_loader.h"
#include "preflight/engine/check_observer.h"
#include "preflight/engine/check_result.h"

namespace preflight {

struct LivePreflightOptions {
  Duration progress_interval = std::chrono::seconds{5};
  bool handle_signals = true;  // SIGINT/SIGTERM stop the checks at once
};

struct LivePreflightResult {
  RunResult run;
  int signal = 0;  // the signal that interrupted the run, or 0
};

LivePreflightResult RunLivePreflight(const LoadedConfig& loaded, const BypassDecision& bypass,
                                     CheckObserver& observer, const LivePreflightOptions& options);

}  // namespace preflight
