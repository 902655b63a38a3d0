// The watchdog of `preflight run --test-timeout/--suite-timeout`: reads the tail of the
// listener's progress log to know which test runs, and since when. --test-timeout bounds each
// test and each stretch outside the tests too (a global set-up, a tear-down), except while the
// listener waits for staging (the circuit breaker's pause, bounded by its own budget).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "preflight/runtime/child_process.h"
#include "preflight/util/duration.h"

namespace preflight {

struct Timeouts {
  std::optional<Duration> test, suite;
};

class HangWatch {
 public:
  using Clock = std::chrono::steady_clock;
  HangWatch(std::string progress_log, Timeouts timeouts,
            std::function<Clock::time_point()> now = Clock::now);
  // A reason to kill the suite, or nothing.
  std::optional<KillReason> operator()();

 private:
  void ReadNewLines(Clock::time_point now);

  std::string path_;
  Timeouts timeouts_;
  std::function<Clock::time_point()> now_;
  Clock::time_point started_;
  Clock::time_point since_;      // the current test's start, or the end of the last one
  Clock::time_point paused_at_;  // when the listener began to wait for staging
  bool paused_ = false;
  size_t offset_ = 0;
  std::string current_, last_ended_;
};

}  // namespace preflight
