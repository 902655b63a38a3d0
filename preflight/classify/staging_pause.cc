// Confirm, then pause with jittered, doubling delays bounded by what is left of the budget.
#include "preflight/classify/staging_pause.h"

#include <algorithm>

namespace preflight {

StagingPauseOutcome ConfirmOrPause(const std::function<StagingCheck()>& check,
                                   const StagingPauseSettings& settings) {
  StagingPauseOutcome outcome;
  const Duration started = settings.now();
  StagingCheck seen = check();
  outcome.checks = 1;
  outcome.reason = seen.reason;
  if (seen.result == StagingCheck::kReady) return outcome.state = StagingPauseOutcome::kUp, outcome;
  if (seen.result == StagingCheck::kCannotTell)
    return outcome.state = StagingPauseOutcome::kCannotTell, outcome;
  Duration delay = settings.first_delay;
  while (true) {
    const Duration waited = settings.now() - started;
    const Duration left = settings.budget - waited;
    if (left <= Duration{0}) {
      outcome.state = StagingPauseOutcome::kStillDown;
      outcome.waited = waited;
      return outcome;
    }
    if (settings.on_still_down) settings.on_still_down(seen, waited);
    const double jitter = 0.75 + 0.5 * (settings.uniform01 ? settings.uniform01() : 0.5);
    settings.sleep(std::min(
        left, Duration(static_cast<Duration::rep>(static_cast<double>(delay.count()) * jitter))));
    delay = std::min(delay * 2, settings.max_delay);
    seen = check();
    ++outcome.checks;
    outcome.reason = seen.reason;
    if (seen.result == StagingCheck::kCannotTell) {  // never stop the suite on a guess
      outcome.state = StagingPauseOutcome::kCannotTell;
      outcome.waited = settings.now() - started;
      return outcome;
    }
    if (seen.result == StagingCheck::kReady) {
      outcome.state = StagingPauseOutcome::kCameBack;
      outcome.waited = settings.now() - started;
      return outcome;
    }
  }
}

}  // namespace preflight
