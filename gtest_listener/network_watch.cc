// Network evidence for the listener: getaddrinfo, connect, getsockopt(SO_ERROR), send and recv
// defined in the test executable (C linkage, forwarding to the next definition, normally libc's)
// so that libcurl (its threaded resolver too), libpq and plain sockets call them. Failed name
// resolutions, refused or timed-out connects (non-blocking ones through SO_ERROR), resets,
// broken pipes and connections closed before a byte arrived are kept per test, grouped and
// bounded; errno is what the real call left. PREFLIGHT_NETWORK_EVIDENCE=0 turns it off.
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netdb.h>
#include <sys/socket.h>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "listener_internal.h"
#include "network_watch.h"

namespace preflight {
namespace {

constexpr size_t kMaxDistinctFailures = 16;
constexpr size_t kSocketSlots = 256;

class SpinLock {
 public:
  void lock() {
    while (flag_.test_and_set(std::memory_order_acquire)) {
    }
  }
  void unlock() { flag_.clear(std::memory_order_release); }

 private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};

std::string AddressText(const sockaddr* address) {
  char host[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(address);
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    return std::string(host) + ":" + std::to_string(ntohs(in->sin_port));
  }
  auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
  inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
  return "[" + std::string(host) + "]:" + std::to_string(ntohs(in6->sin6_port));
}

// "refused", "timed out", ... or empty for errors that say nothing about the environment.
const char* ConnectFailure(int error, std::string* category) {
  *category = "connect";
  switch (error) {
    case ECONNREFUSED:
      return "refused";
    case ECONNRESET:
      return "reset";
    case ECONNABORTED:
      return "aborted";
    case EPIPE:
      return "broken pipe";
    case ENETUNREACH:
      return "network unreachable";
    case EHOSTUNREACH:
      return "host unreachable";
    case ENETDOWN:
      return "network down";
    case EHOSTDOWN:
      return "host down";
    case ETIMEDOUT:
      *category = "timeout";
      return "timed out";
  }
  return nullptr;
}

class Recorder final : public internal::NetworkWatch {
 public:
  void BeginTest() override {
    std::lock_guard lock(lock_);
    activity_ = {};
    frozen_ = false;
  }
  void FirstFailure() override {
    std::lock_guard lock(lock_);
    frozen_ = true;
  }
  NetworkActivity TakeActivity() override {
    std::lock_guard lock(lock_);
    NetworkActivity out = std::move(activity_);
    activity_ = {};
    return out;
  }

  void Succeeded() {
    std::lock_guard lock(lock_);
    if (!frozen_) activity_.last_operation_failed = false;
  }

  void Failed(const char* operation, std::string target, const char* error, std::string category,
              FailureKind kind = FailureKind::kInfra) {
    std::lock_guard lock(lock_);
    if (frozen_) return;
    activity_.last_operation_failed = true;
    for (auto& failure : activity_.failures) {
      if (failure.operation == operation && failure.target == target && failure.error == error) {
        ++failure.count;
        return;
      }
    }
    if (activity_.failures.size() < kMaxDistinctFailures)
      activity_.failures.push_back(
          {operation, std::move(target), error, std::move(category), 1, kind});
  }

  // Sockets whose connect went out: their address (for SO_ERROR) and whether a request sent on
  // them still waits for its reply.
  void Connecting(int fd, const sockaddr* address) {
    std::lock_guard lock(lock_);
    Slot& slot = slots_[static_cast<size_t>(fd) % kSocketSlots];
    slot = {fd, AddressText(address), true};
  }
  std::string TargetOf(int fd) {
    std::lock_guard lock(lock_);
    const Slot& slot = slots_[static_cast<size_t>(fd) % kSocketSlots];
    return slot.fd == fd ? slot.target : std::string();
  }
  // True when the peer closed a connection while a request on it waited for its reply (a server
  // killed or restarted under the test); a close after a complete reply is not a failure.
  bool ClosedBeforeReplying(int fd, std::string* target) {
    std::lock_guard lock(lock_);
    Slot& slot = slots_[static_cast<size_t>(fd) % kSocketSlots];
    if (slot.fd != fd || !slot.awaiting_reply) return false;
    slot.awaiting_reply = false;  // say it once
    *target = slot.target;
    return true;
  }
  void Sent(int fd) {
    std::lock_guard lock(lock_);
    Slot& slot = slots_[static_cast<size_t>(fd) % kSocketSlots];
    if (slot.fd == fd) slot.awaiting_reply = true;
  }
  void Received(int fd) {
    std::lock_guard lock(lock_);
    Slot& slot = slots_[static_cast<size_t>(fd) % kSocketSlots];
    if (slot.fd == fd) slot.awaiting_reply = false;
    if (!frozen_) activity_.last_operation_failed = false;
  }

 private:
  struct Slot {
    int fd = -1;
    std::string target;
    bool awaiting_reply = false;  // a new connection waits for its greeting or first reply
  };
  SpinLock lock_;
  NetworkActivity activity_;
  bool frozen_ = false;
  Slot slots_[kSocketSlots];
};

Recorder* g_recorder = nullptr;  // set once by StartNetworkWatch, before any test runs

template <typename Function>
Function* Next(const char* name) {
  return reinterpret_cast<Function*>(dlsym(RTLD_NEXT, name));
}

bool IsInternet(const sockaddr* address) {
  return address != nullptr && (address->sa_family == AF_INET || address->sa_family == AF_INET6);
}

}  // namespace

void StartNetworkWatch() {
  const char* setting = std::getenv("PREFLIGHT_NETWORK_EVIDENCE");
  if (setting != nullptr && std::string_view(setting) == "0") return;
  static Recorder recorder;
  g_recorder = &recorder;
  internal::SetNetworkWatch(&recorder);
}

}  // namespace preflight

using preflight::g_recorder;

extern "C" int connect(int fd, const sockaddr* address, socklen_t length) {
  static auto* next = preflight::Next<int(int, const sockaddr*, socklen_t)>("connect");
  const int result = next(fd, address, length);
  const int error = errno;
  if (g_recorder != nullptr && preflight::IsInternet(address)) {
    std::string category;
    if (result == 0) {
      g_recorder->Connecting(fd, address);
      g_recorder->Succeeded();
    } else if (error == EINPROGRESS) {
      g_recorder->Connecting(fd, address);
    } else if (const char* failure = preflight::ConnectFailure(error, &category)) {
      g_recorder->Failed("connect", preflight::AddressText(address), failure, category);
    }
  }
  errno = error;
  return result;
}

extern "C" int getsockopt(int fd, int level, int name, void* value, socklen_t* length) {
  static auto* next = preflight::Next<int(int, int, int, void*, socklen_t*)>("getsockopt");
  const int result = next(fd, level, name, value, length);
  const int error = errno;
  if (g_recorder != nullptr && result == 0 && level == SOL_SOCKET && name == SO_ERROR &&
      value != nullptr && length != nullptr && *length >= sizeof(int)) {
    const int socket_error = *static_cast<int*>(value);
    std::string target = g_recorder->TargetOf(fd), category;
    if (!target.empty()) {
      if (socket_error == 0)
        g_recorder->Succeeded();
      else if (const char* failure = preflight::ConnectFailure(socket_error, &category))
        g_recorder->Failed("connect", std::move(target), failure, category);
    }
  }
  errno = error;
  return result;
}

extern "C" int getaddrinfo(const char* node, const char* service, const addrinfo* hints,
                           addrinfo** result) {
  static auto* next =
      preflight::Next<int(const char*, const char*, const addrinfo*, addrinfo**)>("getaddrinfo");
  const int status = next(node, service, hints, result);
  const int error = errno;
  // A host that cannot be a name (empty, "host:port", a URL) failing is the caller's mistake.
  const bool well_formed =
      node != nullptr && *node != '\0' && std::strpbrk(node, ":/@ ") == nullptr;
  if (g_recorder != nullptr && well_formed) {
    if (status == 0)
      g_recorder->Succeeded();
    else if (status == EAI_AGAIN || status == EAI_FAIL)
      g_recorder->Failed("getaddrinfo", node, gai_strerror(status), "dns");
    else if (status == EAI_NONAME || status == EAI_NODATA)  // the name does not exist
      g_recorder->Failed("getaddrinfo", node, gai_strerror(status), "unknown_host",
                         preflight::FailureKind::kConfig);
  }
  errno = error;
  return status;
}

extern "C" ssize_t recv(int fd, void* buffer, size_t length, int flags) {
  static auto* next = preflight::Next<ssize_t(int, void*, size_t, int)>("recv");
  const ssize_t result = next(fd, buffer, length, flags);
  const int error = errno;
  if (g_recorder != nullptr) {
    std::string target, category;
    if (result > 0) {
      g_recorder->Received(fd);
    } else if (result == 0 && length > 0 && g_recorder->ClosedBeforeReplying(fd, &target)) {
      g_recorder->Failed("recv", std::move(target), "closed before replying", "connect");
    } else if (result < 0) {
      if (const char* failure = preflight::ConnectFailure(error, &category);
          failure != nullptr && error != ECONNREFUSED)
        g_recorder->Failed("recv", g_recorder->TargetOf(fd), failure, category);
    }
  }
  errno = error;
  return result;
}

extern "C" ssize_t send(int fd, const void* buffer, size_t length, int flags) {
  static auto* next = preflight::Next<ssize_t(int, const void*, size_t, int)>("send");
  const ssize_t result = next(fd, buffer, length, flags);
  const int error = errno;
  if (g_recorder != nullptr && result > 0) g_recorder->Sent(fd);
  if (g_recorder != nullptr && result < 0) {
    std::string category;
    if (const char* failure = preflight::ConnectFailure(error, &category);
        failure != nullptr && error != ECONNREFUSED)
      g_recorder->Failed("send", g_recorder->TargetOf(fd), failure, category);
  }
  errno = error;
  return result;
}
