// A probe makes one observation of a dependency (resolve the names, GET the health endpoint,
// connect and query). The engine decides when to probe; probes only observe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "preflight/config/config.h"
#include "preflight/engine/check_result.h"

namespace preflight {

struct ProbeOutcome {
  bool ready = false;
  std::optional<CheckError> error;    // why not ready
  bool retryable = true;              // false: waiting will not help (bad password, no such db)
  std::string detail;                 // what was seen: addresses, status, server version
  std::optional<CheckError> warning;  // ready, but with a warning (elevated capacity, slow)
};

class Probe {
 public:
  // Destroying a probe cancels it: `done` is then never called.
  virtual ~Probe() = default;
  // One observation bounded by `timeout`. Calls `done` exactly once, from the event loop, never
  // from inside Start().
  virtual void Start(Duration timeout, std::function<void(ProbeOutcome)> done) = 0;
  // What the observation in flight has seen so far ("connected to 10.0.0.2:443, no HTTP
  // response"), for when the run's deadline cuts it short; empty when there is nothing to say.
  virtual std::string Seen() const { return {}; }
};

class ProbeFactory {
 public:
  virtual ~ProbeFactory() = default;
  virtual std::unique_ptr<Probe> Create(const Check& check) = 0;
};

}  // namespace preflight
