// The engine's Scheduler on a libuv loop.
#pragma once

#include <uv.h>

#include "preflight/engine/scheduler.h"

namespace preflight {

class UvScheduler final : public Scheduler {
 public:
  explicit UvScheduler(uv_loop_t* loop) : loop_(loop) {}
  Duration Now() const override;  // uv_hrtime: monotonic, microsecond resolution
  std::unique_ptr<Timer> After(Duration delay, std::function<void()> callback) override;

 private:
  uv_loop_t* loop_;
};

}  // namespace preflight
