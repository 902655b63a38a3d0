// Scheduler timers as libuv timers.
#include "preflight/uv/uv_scheduler.h"

#include "preflight/uv/uv_handles.h"

namespace preflight {
namespace {

class UvSchedulerTimer final : public Timer {
 public:
  explicit UvSchedulerTimer(uv_loop_t* loop) : timer(loop) {}
  UvTimer timer;
};

}  // namespace

Duration UvScheduler::Now() const {
  return std::chrono::duration_cast<Duration>(std::chrono::nanoseconds(uv_hrtime()));
}

std::unique_ptr<Timer> UvScheduler::After(Duration delay, std::function<void()> callback) {
  auto timer = std::make_unique<UvSchedulerTimer>(loop_);
  timer->timer.Start(delay, std::move(callback));
  return timer;
}

}  // namespace preflight
