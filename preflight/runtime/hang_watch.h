// The watchdog of `preflight run --test-timeout/--suite-timeout`: reads the tail of the
// listener's progress log to know which test runs, and since when.
#pragma once

#include <chrono>
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
  HangWatch(std::string progress_log, Timeouts timeouts);
  // A reason to kill the suite, or nothing.
  std::optional<KillReason> operator()();

 private:
  using Clock = std::chrono::steady_clock;
  void ReadNewLines(Clock::time_point now);

  std::string path_;
  Timeouts timeouts_;
  Clock::time_point started_, since_;
  size_t offset_ = 0;
  std::string current_;
};

}  // namespace preflight
