// What the circuit breaker does before it stops a suite: ask staging (a quick pre-flight), and
// while staging's checks fail, pause and ask again with jittered backoff, up to a budget. The
// clock, the sleep and the check are passed in, so the waiting is unit-tested in virtual time.
#pragma once

#include <functional>
#include <string>

#include "preflight/util/duration.h"

namespace preflight {

struct StagingCheck {
  enum Result { kReady, kDown, kCannotTell } result = kCannotTell;
  std::string reason;  // one line: which checks failed and why, or why it could not run
};

struct StagingPauseOutcome {
  enum State {
    kUp,          // staging's checks pass: the failures were not staging being down
    kCameBack,    // down, then up again within the budget: resume
    kStillDown,   // down for the whole budget: stop the suite
    kCannotTell,  // the check itself could not run: never hide tests on a guess
  } state = kCannotTell;
  Duration waited{0};
  int checks = 0;
  std::string reason;  // the last check's
};

struct StagingPauseSettings {
  Duration budget;                                 // how long to wait for staging to come back
  Duration first_delay = std::chrono::seconds(2);  // then doubling, up to max_delay
  Duration max_delay = std::chrono::seconds(30);
  std::function<double()> uniform01;  // jitter: each delay × [0.75, 1.25)
  std::function<Duration()> now;
  std::function<void(Duration)> sleep;
  std::function<void(const StagingCheck&, Duration waited)> on_still_down;  // progress lines
};

StagingPauseOutcome ConfirmOrPause(const std::function<StagingCheck()>& check,
                                   const StagingPauseSettings& settings);

}  // namespace preflight
