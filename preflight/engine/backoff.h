// Pacing of probes: poll intervals that back off but keep readiness latency near 10%, and
// jittered retry delays so that CI jobs started together do not retry in lockstep.
#pragma once

#include <functional>

#include "preflight/util/duration.h"

namespace preflight {

inline constexpr Duration kMinPollInterval = std::chrono::milliseconds{20};
inline constexpr Duration kMaxPollInterval = std::chrono::seconds{1};

// The wait before the next poll, `elapsed` into an attempt: 10% of the elapsed time, within
// [20 ms, 1 s]. A dependency ready at time T is seen by about max(1.1 T, T + 20 ms) (T + 1 s late).
Duration PollInterval(Duration elapsed);

// "Equal jitter": uniformly in [delay/2, delay]. Never longer than the configured delay.
// `uniform01` returns a number in [0, 1).
Duration JitteredDelay(Duration delay, const std::function<double()>& uniform01);

}  // namespace preflight
