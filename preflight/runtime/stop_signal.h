// SIGINT, SIGTERM and SIGHUP as a flag for `preflight run`'s waits (for an admission slot, the
// delay before a re-run): the wait ends at once and run writes its reports, says "interrupted"
// and cleans up, instead of dying where it stood.
#pragma once

#include "preflight/util/duration.h"

namespace preflight {

// Installs the handlers (again: a child's signal watchers restore the defaults when they stop).
void CatchStopSignals();

// 0, or the signal that asked run to stop.
int StopSignal();

// Sleeps up to `delay`; returns early when a stop signal arrives.
void SleepUnlessStopped(Duration delay);

}  // namespace preflight
