// Headroom and pressure of a PostgreSQL server's connections.
#include "preflight/probes/postgres_capacity.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace preflight {

int ConnectionUsage::used() const {
  int n = 0;
  for (const auto& group : others) n += group.count;
  return n;
}

CapacityVerdict EvaluateCapacity(const ConnectionUsage& usage, int planned,
                                 const CapacityThresholds& thresholds) {
  CapacityVerdict verdict;
  const int usable = std::max(1, usage.usable());
  verdict.free = std::max(0, usage.usable() - usage.used());
  verdict.fits = planned <= verdict.free;
  verdict.utilisation = static_cast<double>(usage.used() + planned) / usable;
  verdict.pressure = verdict.utilisation >= thresholds.critical   ? Pressure::kCritical
                     : verdict.utilisation >= thresholds.elevated ? Pressure::kElevated
                                                                  : Pressure::kNormal;
  verdict.text =
      fmt::format("needs {} connection{}, {} free of {}, {} reserved", planned,
                  planned == 1 ? "" : "s", verdict.free, usage.max_connections, usage.reserved);
  if (verdict.pressure != Pressure::kNormal || !verdict.fits)
    verdict.text +=
        fmt::format(" ({:.0f} % used with this run's)", std::floor(verdict.utilisation * 100));
  // Who uses them: the largest group, and what is idle in a transaction (held, doing nothing).
  std::vector<ConnectionGroup> groups = usage.others;
  std::ranges::stable_sort(groups, [](const auto& a, const auto& b) { return a.count > b.count; });
  std::vector<std::string> who;
  for (const auto& group : groups) {
    if (who.size() == 3) break;
    const bool telling = group.state.starts_with("idle in transaction") || who.empty();
    if (!telling) continue;
    who.push_back(fmt::format("{} {} by application {}", group.count,
                              group.state.empty() ? "of another role" : group.state,
                              group.application.empty() ? "(none)" : group.application));
  }
  for (size_t i = 0; i < who.size(); ++i) verdict.text += (i == 0 ? "; " : ", ") + who[i];
  return verdict;
}

}  // namespace preflight
