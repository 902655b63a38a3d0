// The circuit breaker as the listener runs it: its settings from the environment `preflight run`
// (or gtest_main's in-process pre-flight) gives it; when its threshold is reached it asks staging
// (a quick pre-flight), pauses the suite while staging is down, and opens when it stays down.
// Without GoogleTest: the listener makes an opened breaker stop the suite.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "preflight/classify/circuit_breaker.h"
#include "preflight/util/duration.h"
#include "preflight/util/redactor.h"

namespace preflight {

class StagingBreaker {
 public:
  // Reads PREFLIGHT_CIRCUIT_BREAKER, PREFLIGHT_CIRCUIT_BREAKER_SHARE, PREFLIGHT_BREAKER_CONFIG
  // (else PREFLIGHT_CONFIG), PREFLIGHT_BREAKER_ENV_FILES and PREFLIGHT_PAUSE_BUDGET; a bad value is
  // ignored with a line on stderr. `redactor` masks what staging's checks say.
  // `on_wait(true)` before it asks staging (and may pause), `on_wait(false)` after.
  StagingBreaker(const Redactor& redactor, std::function<void(bool waiting)> on_wait);

  // A test that ran: passed, or failed (for infrastructure or not). Returns true when this
  // result opened the breaker: staging is down and stayed down for the pause budget.
  bool Record(bool passed, bool infra_failure);

  bool open() const { return breaker_.open(); }
  // Why the tests after it opened are not run.
  const std::string& skip_reason() const { return skip_reason_; }

 private:
  bool AskStagingBeforeStopping(const std::string& why);
  bool Open(const std::string& why);

  const Redactor& redactor_;
  std::function<void(bool)> on_wait_;
  CircuitBreaker breaker_{0, std::nullopt};
  std::string staging_config_;
  std::vector<std::string> staging_env_files_;
  Duration pause_budget_ = std::chrono::minutes(5);
  std::string skip_reason_;
};

}  // namespace preflight
