// Socket and timer callbacks that let libuv drive libcurl transfers without blocking.
#include "preflight/probes/curl_multi.h"

#include <mutex>

namespace preflight {

CurlMulti::CurlMulti(uv_loop_t* loop, long max_host_connections) : loop_(loop), timer_(loop) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlMulti::OnSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlMulti::OnTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
  // A thousand checks of one host share a few kept-alive connections instead of opening a
  // thousand at once: the tool exists to stop thundering herds, not to be one.
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, max_host_connections);
}

CurlMulti::~CurlMulti() {
  for (auto& [easy, done] : transfers_) curl_multi_remove_handle(multi_, easy);
  transfers_.clear();
  curl_multi_cleanup(multi_);
  watchers_.clear();
}

void CurlMulti::Add(CURL* easy, std::function<void(CURLcode)> done) {
  transfers_[easy] = std::move(done);
  curl_multi_add_handle(multi_, easy);  // arms the timer callback, which starts the transfer
}

void CurlMulti::Remove(CURL* easy) {
  if (transfers_.erase(easy)) curl_multi_remove_handle(multi_, easy);
}

int CurlMulti::OnSocket(CURL*, curl_socket_t fd, int what, void* data, void*) {
  auto* self = static_cast<CurlMulti*>(data);
  if (what == CURL_POLL_REMOVE) {
    self->watchers_.erase(fd);
    return 0;
  }
  auto& watcher = self->watchers_[fd];
  if (!watcher) {
    watcher = std::make_unique<SocketWatcher>(self->loop_, fd, [self, fd](int events) {
      int flags = 0;
      if (events & UV_READABLE) flags |= CURL_CSELECT_IN;
      if (events & UV_WRITABLE) flags |= CURL_CSELECT_OUT;
      self->Drive(fd, flags);
    });
  }
  int events = 0;
  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) events |= UV_READABLE;
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) events |= UV_WRITABLE;
  watcher->Watch(events);
  return 0;
}

int CurlMulti::OnTimer(CURLM*, long timeout_ms, void* data) {
  auto* self = static_cast<CurlMulti*>(data);
  if (timeout_ms < 0) {
    self->timer_.Stop();
    return 0;
  }
  // Never call back into libcurl from inside its own callback: a 0 ms timer defers it.
  self->timer_.Start(std::chrono::milliseconds(timeout_ms),
                     [self] { self->Drive(CURL_SOCKET_TIMEOUT, 0); });
  return 0;
}

void CurlMulti::Drive(curl_socket_t fd, int events) {
  int running = 0;
  curl_multi_socket_action(multi_, fd, events, &running);
  CollectFinished();
}

void CurlMulti::CollectFinished() {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    CURLcode code = message->data.result;
    auto it = transfers_.find(easy);
    curl_multi_remove_handle(multi_, easy);
    if (it == transfers_.end()) continue;
    auto done = std::move(it->second);
    transfers_.erase(it);
    done(code);  // may Remove() or destroy other transfers; `message` is not used after this
  }
}

}  // namespace preflight
