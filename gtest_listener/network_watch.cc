// Network evidence for the listener: getaddrinfo, connect, getsockopt(SO_ERROR), send and recv
// defined in the test executable (C linkage, forwarding to the next definition, normally libc's)
// so that libcurl (its threaded resolver too), libpq and plain sockets call them. Failed name
// resolutions, refused or timed-out connects (non-blocking ones through SO_ERROR), resets,
// broken pipes and connections closed before a byte arrived are kept per test, grouped and
// bounded; errno is what the real call left. PREFLIGHT_NETWORK_EVIDENCE=0 turns it off.
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netdb.h>
#include <pthread.h>
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
  void Lock() { lock_.lock(); }
  void Unlock() { lock_.unlock(); }

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
    activity_.last_kind = kind;
    activity_.last_category = category;
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
  void Forget(int fd) {
    std::lock_guard lock(lock_);
    Slot& slot = slots_[static_cast<size_t>(fd) % kSocketSlots];
    if (slot.fd == fd) slot = Slot{};
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

// Set once by StartNetworkWatch, read by every thread; never destroyed, so that a socket call in
// a destructor or a detached thread after main() still finds it.
std::atomic<Recorder*> g_recorder{nullptr};

Recorder* Watching() {
  return g_recorder.load(std::memory_order_acquire);
}

// The next definition (normally libc's); errno ENOSYS if there is none (a static link).
template <typename Function>
Function* Next(const char* name) {
  return reinterpret_cast<Function*>(dlsym(RTLD_NEXT, name));
}

bool IsInternet(const sockaddr* address) {
  return address != nullptr && (address->sa_family == AF_INET || address->sa_family == AF_INET6);
}

// The connection's own peer: an fd number reused since its connect is not the same connection.
bool StillConnectedTo(int fd, const std::string& target) {
  sockaddr_storage peer{};
  socklen_t length = sizeof peer;
  return getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) == 0 &&
         IsInternet(reinterpret_cast<sockaddr*>(&peer)) &&
         AddressText(reinterpret_cast<sockaddr*>(&peer)) == target;
}

// A reset or a broken pipe on a watched connection.
void SocketFailed(const char* operation, int fd, int error) {
  Recorder* recorder = Watching();
  std::string category;
  const char* failure = ConnectFailure(error, &category);
  if (recorder == nullptr || failure == nullptr || error == ECONNREFUSED) return;
  if (std::string target = recorder->TargetOf(fd); !target.empty())
    recorder->Failed(operation, std::move(target), failure, category);
}

}  // namespace

void StartNetworkWatch() {
  const char* setting = std::getenv("PREFLIGHT_NETWORK_EVIDENCE");
  if (setting != nullptr && std::string_view(setting) == "0") return;
  auto* recorder = new Recorder;  // never deleted: see g_recorder
  // A fork while another thread holds the lock must not leave the child spinning forever.
  static Recorder* forking = recorder;
  pthread_atfork([] { forking->Lock(); }, [] { forking->Unlock(); }, [] { forking->Unlock(); });
  internal::SetNetworkWatch(recorder);
  g_recorder.store(recorder, std::memory_order_release);
}

}  // namespace preflight

using preflight::Watching;

#define PREFLIGHT_NEXT_OR_ENOSYS(next) \
  if (next == nullptr) {               \
    errno = ENOSYS;                    \
    return -1;                         \
  }

// Weak: a suite that defines one of these itself (to fake the network) keeps its own.
extern "C" __attribute__((weak)) int connect(int fd, const sockaddr* address, socklen_t length) {
  static auto* next = preflight::Next<int(int, const sockaddr*, socklen_t)>("connect");
  PREFLIGHT_NEXT_OR_ENOSYS(next);
  const int result = next(fd, address, length);
  const int error = errno;
  if (preflight::Recorder* recorder = Watching()) {
    std::string category;
    if (!preflight::IsInternet(address)) {
      recorder->Forget(fd);
    } else if (result == 0) {
      recorder->Connecting(fd, address);
      recorder->Succeeded();
    } else if (error == EINPROGRESS) {
      recorder->Connecting(fd, address);
    } else if (const char* failure = preflight::ConnectFailure(error, &category)) {
      recorder->Failed("connect", preflight::AddressText(address), failure, category);
    }
  }
  errno = error;
  return result;
}

extern "C" __attribute__((weak)) int getsockopt(int fd, int level, int name, void* value,
                                                socklen_t* length) {
  static auto* next = preflight::Next<int(int, int, int, void*, socklen_t*)>("getsockopt");
  PREFLIGHT_NEXT_OR_ENOSYS(next);
  const int result = next(fd, level, name, value, length);
  const int error = errno;
  preflight::Recorder* recorder = Watching();
  if (recorder != nullptr && result == 0 && level == SOL_SOCKET && name == SO_ERROR &&
      value != nullptr && length != nullptr && *length >= sizeof(int)) {
    const int socket_error = *static_cast<int*>(value);
    std::string target = recorder->TargetOf(fd), category;
    if (!target.empty()) {
      if (socket_error == 0)
        recorder->Succeeded();
      else if (const char* failure = preflight::ConnectFailure(socket_error, &category))
        recorder->Failed("connect", std::move(target), failure, category);
    }
  }
  errno = error;
  return result;
}

extern "C" __attribute__((weak)) int getaddrinfo(const char* node, const char* service,
                                                 const addrinfo* hints, addrinfo** result) {
  static auto* next =
      preflight::Next<int(const char*, const char*, const addrinfo*, addrinfo**)>("getaddrinfo");
  if (next == nullptr) return EAI_SYSTEM;
  const int status = next(node, service, hints, result);
  const int error = errno;
  // A host that cannot be a name (empty, "host:port", a URL), or a numeric-only lookup of a
  // name, failing is the caller's mistake, not the network's.
  const bool name_lookup = node != nullptr && *node != '\0' &&
                           std::strpbrk(node, ":/@ ") == nullptr &&
                           (hints == nullptr || (hints->ai_flags & AI_NUMERICHOST) == 0);
  preflight::Recorder* recorder = Watching();
  if (recorder != nullptr && name_lookup) {
    if (status == 0)
      recorder->Succeeded();
    else if (status == EAI_AGAIN || status == EAI_FAIL)
      recorder->Failed("getaddrinfo", node, gai_strerror(status), "dns");
    else if (status == EAI_NONAME || status == EAI_NODATA)  // the name does not exist
      recorder->Failed("getaddrinfo", node, gai_strerror(status), "unknown_host",
                       preflight::FailureKind::kConfig);
  }
  errno = error;
  return status;
}

extern "C" __attribute__((weak)) ssize_t recv(int fd, void* buffer, size_t length, int flags) {
  static auto* next = preflight::Next<ssize_t(int, void*, size_t, int)>("recv");
  PREFLIGHT_NEXT_OR_ENOSYS(next);
  const ssize_t result = next(fd, buffer, length, flags);
  const int error = errno;
  if (preflight::Recorder* recorder = Watching()) {
    std::string target;
    if (result > 0) {
      recorder->Received(fd);
    } else if (result == 0 && length > 0 && recorder->ClosedBeforeReplying(fd, &target) &&
               preflight::StillConnectedTo(fd, target)) {
      recorder->Failed("recv", std::move(target), "closed before replying", "connect");
    } else if (result < 0) {
      preflight::SocketFailed("recv", fd, error);
    }
  }
  errno = error;
  return result;
}

extern "C" __attribute__((weak)) ssize_t send(int fd, const void* buffer, size_t length,
                                              int flags) {
  static auto* next = preflight::Next<ssize_t(int, const void*, size_t, int)>("send");
  PREFLIGHT_NEXT_OR_ENOSYS(next);
  const ssize_t result = next(fd, buffer, length, flags);
  const int error = errno;
  if (preflight::Recorder* recorder = Watching(); recorder != nullptr && result > 0)
    recorder->Sent(fd);
  if (result < 0) preflight::SocketFailed("send", fd, error);
  errno = error;
  return result;
}
