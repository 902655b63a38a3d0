// Time for the engine: a monotonic clock and one-shot timers. libuv in production
// (UvScheduler), virtual time in unit tests (FakeScheduler).
#pragma once

#include <functional>
#include <memory>

#include "preflight/util/duration.h"

namespace preflight {

// A pending callback; destroying it cancels the callback if it has not run yet.
class Timer {
 public:
  virtual ~Timer() = default;
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  virtual Duration Now() const = 0;  // monotonic, from an arbitrary origin
  // Runs `callback` once, `delay` from now, from the event loop (never inside After()).
  virtual std::unique_ptr<Timer> After(Duration delay, std::function<void()> callback) = 0;
};

}  // namespace preflight
