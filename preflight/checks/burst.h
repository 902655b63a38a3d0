// `burst = N` on postgres and http checks: once the dependency is ready, open N connections at
// once and compare the success rate and the P95 connect time with thresholds (`min_success`,
// `max_p95`), as the seeds' own validation does with 30 concurrent connections. The keys here;
// the probe that runs a burst is burst_probe.
#pragma once

#include <optional>
#include <string>

#include "preflight/util/duration.h"
#include "preflight/util/table_reader.h"

namespace preflight {

struct BurstSpec {
  int connections = 0;  // 0: no burst
  double min_success = 0.85;
  std::optional<Duration> max_p95;

  void Parse(TableReader& reader);
  std::string Describe() const;  // "" without a burst
};

}  // namespace preflight
