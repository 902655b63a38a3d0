// Pacing of probes: poll intervals that back off but keep readiness latency near 10%, and
// jittered retry delays so that CI jobs started together do not retry in lockstep.
#pragma once

#include <functional>

#include "preflight/util/duration.h"

namespace preflight {

// The wait before the next poll, `elapsed` into an attempt: 10% of the elapsed time, within
// [kMinPollInterval, `longest`] (a check's poll_interval): quick polls while a dependency may be
// just starting, then steady ones.
Duration PollInterval(Duration elapsed, Duration longest);

// A poll interval jittered uniformly into [3/4, 1] of itself: on average a dependency is seen
// ready 3/8 of an interval after it is (about 75 ms at the default poll_interval of 200 ms).
Duration JitteredPollInterval(Duration interval, const std::function<double()>& uniform01);

// "Equal jitter": uniformly in [delay/2, delay]. Never longer than the configured delay.
// `uniform01` returns a number in [0, 1).
Duration JitteredDelay(Duration delay, const std::function<double()>& uniform01);

}  // namespace preflight
