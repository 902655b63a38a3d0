// RAII wrappers of the libuv handles preflight uses: one-shot timers and socket watchers.
// libuv closes handles asynchronously; these free their memory in the close callback, so an
// owner may destroy them at any time, even from inside their own callback.
#pragma once

#include <uv.h>
#include <functional>

#include "preflight/util/duration.h"

namespace preflight {

class UvTimer {
 public:
  explicit UvTimer(uv_loop_t* loop);
  ~UvTimer();
  UvTimer(const UvTimer&) = delete;
  UvTimer& operator=(const UvTimer&) = delete;

  void Start(Duration delay, std::function<void()> callback);  // replaces a pending one
  void Stop();

 private:
  struct Handle;
  Handle* handle_;
};

// Watches one socket for readability/writability.
class SocketWatcher {
 public:
  // `on_ready` receives UV_READABLE / UV_WRITABLE flags (both on a socket error).
  SocketWatcher(uv_loop_t* loop, int fd, std::function<void(int events)> on_ready);
  ~SocketWatcher();
  SocketWatcher(const SocketWatcher&) = delete;
  SocketWatcher& operator=(const SocketWatcher&) = delete;

  void Watch(int events);  // 0 stops watching
  int fd() const { return fd_; }

 private:
  struct Handle;
  Handle* handle_;
  int fd_;
};

}  // namespace preflight
