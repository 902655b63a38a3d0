// The burst of a postgres or http check (burst.h): N probes of the check at once after it is
// ready; the rate and P50/P95/P99 in the detail; a missed threshold is a capacity failure.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "preflight/checks/burst.h"
#include "preflight/engine/probe.h"
#include "preflight/engine/scheduler.h"

namespace preflight {

// What N concurrent probes saw: how many were ready, and their times (the ready ones).
struct BurstStats {
  int attempted = 0, succeeded = 0;
  Duration p50{0}, p95{0}, p99{0};
  std::string first_error;  // of a probe that was not ready
};

// `latencies[i]`: probe i's time when it was ready, nullopt when not.
BurstStats SummarizeBurst(const std::vector<std::optional<Duration>>& latencies,
                          std::string first_error);

// Ready with the numbers in the detail, or a capacity failure naming the missed threshold.
ProbeOutcome JudgeBurst(const BurstStats& stats, const BurstSpec& spec, std::string detail);

// Wraps a check's probe: after `base` is ready, `make_one` makes the burst's N probes. A burst
// runs at most every 5 s: polls in between report the last one's verdict.
std::unique_ptr<Probe> WithBurst(std::unique_ptr<Probe> base,
                                 std::function<std::unique_ptr<Probe>()> make_one,
                                 const BurstSpec& spec, Scheduler& scheduler);

}  // namespace preflight
