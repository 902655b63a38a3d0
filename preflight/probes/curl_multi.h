// libcurl's multi interface on the libuv loop: every HTTP probe of a run shares one CURLM,
// whose sockets and timeout are watched by libuv (CURLMOPT_SOCKETFUNCTION / TIMERFUNCTION).
#pragma once

#include <curl/curl.h>
#include <uv.h>
#include <functional>
#include <map>
#include <memory>

#include "preflight/uv/uv_handles.h"

namespace preflight {

// Connections open at once to one host:port; more transfers wait for one of them.
inline constexpr long kMaxConnectionsPerHost = 8;

class CurlMulti {
 public:
  // `max_host_connections`: the cap per host:port (a burst asks for as many as it opens).
  explicit CurlMulti(uv_loop_t* loop, long max_host_connections = kMaxConnectionsPerHost);
  ~CurlMulti();
  CurlMulti(const CurlMulti&) = delete;
  CurlMulti& operator=(const CurlMulti&) = delete;

  // Starts a transfer; `done` gets its result code from a fresh loop callback.
  void Add(CURL* easy, std::function<void(CURLcode)> done);
  // Cancels a transfer if it is still running; its `done` is then never called.
  void Remove(CURL* easy);

 private:
  static int OnSocket(CURL* easy, curl_socket_t fd, int what, void* self, void* socket_data);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);
  void Drive(curl_socket_t fd, int events);
  void CollectFinished();

  uv_loop_t* loop_;
  CURLM* multi_;
  UvTimer timer_;
  std::map<curl_socket_t, std::unique_ptr<SocketWatcher>> watchers_;
  std::map<CURL*, std::function<void(CURLcode)>> transfers_;
};

}  // namespace preflight
