// The event stream of a pre-flight run. Console, JSON and JUnit reporters each consume it.
#pragma once

#include "preflight/config/config.h"
#include "preflight/engine/check_result.h"
#include "preflight/engine/probe.h"

#include <vector>

namespace preflight {

class CheckObserver {
 public:
  virtual ~CheckObserver() = default;
  virtual void OnCheckStarted(const Check&) {}
  virtual void OnProbeFinished(const Check&, int /*attempt*/, const ProbeOutcome&) {}
  virtual void OnRetryScheduled(const Check&, int /*next_attempt*/, Duration /*delay*/,
                                const CheckError&) {}
  virtual void OnCheckFinished(const CheckResult&) {}
  virtual void OnRunFinished(const RunResult&) {}
  // Periodically while checks run (every 100 ms on a terminal, every few seconds otherwise).
  virtual void OnProgress(const std::vector<CheckProgress>&) {}
};

}  // namespace preflight
