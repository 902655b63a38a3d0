// Asynchronous name resolution with c-ares on the libuv loop (c-ares 1.18 has no event thread):
// one channel, its sockets watched by the loop, its timeouts on a loop timer. Used by the DNS
// probe, and by the PostgreSQL probe so that libpq never resolves a name itself (blocking).
#pragma once

#include <uv.h>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "preflight/util/duration.h"
#include "preflight/uv/uv_handles.h"

struct ares_channeldata;
struct ares_addrinfo;

namespace preflight {

class AresResolver {
 public:
  // `status` is a c-ares status (ARES_SUCCESS...); `addresses` are numeric, in c-ares' order.
  using Done = std::function<void(int status, std::vector<std::string> addresses)>;

  explicit AresResolver(uv_loop_t* loop);
  ~AresResolver();
  AresResolver(const AresResolver&) = delete;
  AresResolver& operator=(const AresResolver&) = delete;

  // A fresh channel: each lookup gets two tries per server that together fit in `budget` (never
  // c-ares' default of 75 s against a silent server). `servers` ("IP[:PORT]"): DNS only, no
  // /etc/hosts; empty: the system resolver (/etc/hosts, then resolv.conf). Error: why not.
  std::optional<std::string> Open(Duration budget, const std::vector<std::string>& servers);

  // A and AAAA. `done` runs inside c-ares: it must not destroy or re-open this resolver.
  void Resolve(const std::string& host, Done done);
  // Ends every pending lookup with ARES_ECANCELLED (the deadline of a probe).
  void CancelAll();
  // Ends the channel; pending lookups never call back. Not from inside a `done`.
  void Close();
  // The servers in use, for messages: "127.0.0.1:5353" or "the system resolver".
  const std::string& servers_text() const { return servers_text_; }

 private:
  struct Lookup;
  static void OnSocketState(void* data, int fd, int readable, int writable);
  static void OnResolved(void* arg, int status, int timeouts, ::ares_addrinfo* info);
  void RescheduleTimer();

  uv_loop_t* loop_;
  ares_channeldata* channel_ = nullptr;
  bool closing_ = false;
  std::map<int, std::unique_ptr<SocketWatcher>> watchers_;
  UvTimer timer_;
  std::string servers_text_;
};

}  // namespace preflight
