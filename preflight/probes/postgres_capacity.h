// The capacity check of a postgres check with `planned_connections`: does what this run will
// open fit in what the server has left? Headroom from max_connections, the reserved slots and
// pg_stat_activity; pressure levels as teams alert on them (normal, elevated from 70 %,
// critical from 90 % of the usable connections, after this run's). Pure: the probe feeds it.
#pragma once

#include <string>
#include <vector>

namespace preflight {

struct ConnectionGroup {
  std::string state;        // pg_stat_activity.state ("active", "idle in transaction", ...)
  std::string application;  // application_name
  int count = 0;
};

struct ConnectionUsage {
  int max_connections = 0;
  int reserved = 0;  // superuser_reserved_connections (+ reserved_connections, PostgreSQL 16)
  std::vector<ConnectionGroup> others;  // client backends, without the probe's own connection

  int used() const;
  int usable() const { return max_connections - reserved; }
};

struct CapacityThresholds {
  double elevated = 0.70;
  double critical = 0.90;
};

enum class Pressure { kNormal, kElevated, kCritical };

struct CapacityVerdict {
  bool fits = false;  // planned <= free
  Pressure pressure = Pressure::kNormal;
  double utilisation = 0;  // (used + planned) / usable
  int free = 0;
  std::string text;  // "needs 16 connections, 4 free of 100, 12 reserved; 61 idle in
                     // transaction by application ci-runner"
};

CapacityVerdict EvaluateCapacity(const ConnectionUsage& usage, int planned,
                                 const CapacityThresholds& thresholds);

}  // namespace preflight
