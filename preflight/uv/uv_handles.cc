// libuv timer and poll handles with close-callback ownership.
#include "preflight/uv/uv_handles.h"

#include <chrono>

namespace preflight {

struct UvTimer::Handle {
  uv_timer_t timer;
  std::function<void()> callback;
};

UvTimer::UvTimer(uv_loop_t* loop) : handle_(new Handle) {
  uv_timer_init(loop, &handle_->timer);
  handle_->timer.data = handle_;
}

UvTimer::~UvTimer() {
  uv_timer_stop(&handle_->timer);
  handle_->callback = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(&handle_->timer),
           [](uv_handle_t* h) { delete static_cast<Handle*>(h->data); });
}

void UvTimer::Start(Duration delay, std::function<void()> callback) {
  handle_->callback = std::move(callback);
  // libuv timers have millisecond resolution: round up so a timer never fires early.
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(std::max(delay, Duration{0}));
  uv_update_time(handle_->timer.loop);  // the cached loop time may be stale after slow work
  uv_timer_start(
      &handle_->timer,
      [](uv_timer_t* t) {
        auto* handle = static_cast<Handle*>(t->data);
        auto run = std::move(handle->callback);  // it may destroy this timer
        handle->callback = nullptr;
        if (run) run();
      },
      static_cast<uint64_t>(ms.count()), 0);
}

void UvTimer::Stop() {
  uv_timer_stop(&handle_->timer);
  handle_->callback = nullptr;
}

struct SocketWatcher::Handle {
  uv_poll_t poll;
  std::function<void(int)> on_ready;
};

SocketWatcher::SocketWatcher(uv_loop_t* loop, int fd, std::function<void(int)> on_ready)
    : handle_(new Handle{.poll = {}, .on_ready = std::move(on_ready)}), fd_(fd) {
  uv_poll_init_socket(loop, &handle_->poll, fd);
  handle_->poll.data = handle_;
}

SocketWatcher::~SocketWatcher() {
  uv_poll_stop(&handle_->poll);
  handle_->on_ready = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(&handle_->poll),
           [](uv_handle_t* h) { delete static_cast<Handle*>(h->data); });
}

void SocketWatcher::Watch(int events) {
  if (events == 0) {
    uv_poll_stop(&handle_->poll);
    return;
  }
  uv_poll_start(&handle_->poll, events, [](uv_poll_t* p, int status, int ready) {
    auto* handle = static_cast<Handle*>(p->data);
    if (!handle->on_ready) return;
    // Copy: the callback may destroy this watcher.
    auto on_ready = handle->on_ready;
    on_ready(status < 0 ? (UV_READABLE | UV_WRITABLE) : ready);
  });
}

}  // namespace preflight
