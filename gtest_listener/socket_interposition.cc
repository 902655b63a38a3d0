// connect, getsockopt(SO_ERROR), send/sendto/sendmsg, recv/recvfrom/recvmsg, listen, bind and
// close, defined in the test executable (C linkage, forwarding to the next definition, normally
// libc's) so that libcurl, libpq, Boost.Asio, c-ares and plain sockets call them. Each is weak: a
// suite that defines one itself (to fake the network) keeps its own. errno is what the real call
// left.
#include <sys/socket.h>

#include <cerrno>

#include "network_recorder.h"
#include "network_watch.h"

namespace {

template <typename Function>
Function* Next(const char* name) {
  return reinterpret_cast<Function*>(preflight::NextSymbol(name));
}

}  // namespace

#define PREFLIGHT_NEXT(type, name)      \
  static auto* next = Next<type>(name); \
  if (next == nullptr) {                \
    errno = ENOSYS;                     \
    return -1;                          \
  }

void preflight::LinkSocketInterposition() {}

using preflight::Watching;

extern "C" __attribute__((weak)) int connect(int fd, const sockaddr* address, socklen_t length) {
  PREFLIGHT_NEXT(int(int, const sockaddr*, socklen_t), "connect");
  const int result = next(fd, address, length);
  const int error = errno;
  if (auto* recorder = Watching()) recorder->Connecting(fd, address, result, error);
  errno = error;
  return result;
}

extern "C" __attribute__((weak)) int getsockopt(int fd, int level, int name, void* value,
                                                socklen_t* length) {
  PREFLIGHT_NEXT(int(int, int, int, void*, socklen_t*), "getsockopt");
  const int result = next(fd, level, name, value, length);
  const int error = errno;
  auto* recorder = Watching();
  if (recorder != nullptr && result == 0 && level == SOL_SOCKET && name == SO_ERROR &&
      value != nullptr && length != nullptr && *length >= sizeof(int))
    recorder->ConnectResult(fd, *static_cast<int*>(value));
  errno = error;
  return result;
}

extern "C" __attribute__((weak)) ssize_t send(int fd, const void* buffer, size_t length,
                                              int flags) {
  PREFLIGHT_NEXT(ssize_t(int, const void*, size_t, int), "send");
  const ssize_t result = next(fd, buffer, length, flags);
  const int error = errno;
  if (auto* recorder = Watching()) {
    if (result > 0) recorder->Sent(fd, buffer, static_cast<size_t>(result), nullptr);
    if (result < 0) recorder->Received(fd, nullptr, result, error);  // a reset or broken pipe
  }
  errno = error;
  return result;
}

extern "C" __attribute__((weak)) ssize_t sendto(int fd, const void* buffer, size_t length,
                                                int flags, const sockaddr* to,
                                                socklen_t to_length) {
  PREFLIGHT_NEXT(ssize_t(int, const void*, size_t, int, const sockaddr*, socklen_t), "sendto");
  const ssize_t result = next(fd, buffer, length, flags, to, to_length);
  const int error = errno;
  if (auto* recorder = Watching(); recorder != nullptr && result > 0)
    recorder->Sent(fd, buffer, static_cast<size_t>(result), to);
  errno = error;
  return result;
}

extern "C" __attribute__((weak)) ssize_t sendmsg(int fd, const msghdr* message, int flags) {
  PREFLIGHT_NEXT(ssize_t(int, const msghdr*, int), "sendmsg");
  const ssize_t result = next(fd, message, flags);
  const int error = errno;
  if (auto* recorder = Watching(); recorder != nullptr && message != nullptr) {
    if (result > 0) {
      const bool first = message->msg_iovlen > 0;
      recorder->Sent(fd, first ? message->msg_iov[0].iov_base : nullptr,
                     first ? message->msg_iov[0].iov_len : 0,
                     static_cast<const sockaddr*>(message->msg_name));
    } else if (result < 0) {
      recorder->Received(fd, nullptr, result, error);
    }
  }
  errno = error;
  return result;
}

extern "C" __attribute__((weak)) ssize_t recv(int fd, void* buffer, size_t length, int flags) {
  PREFLIGHT_NEXT(ssize_t(int, void*, size_t, int), "recv");
  const ssize_t result = next(fd, buffer, length, flags);
  const int error = errno;
  if (auto* recorder = Watching(); recorder != nullptr && (length > 0 || result != 0))
    recorder->Received(fd, buffer, result, error);
  errno = error;
  return result;
}

extern "C" __attribute__((weak)) ssize_t recvfrom(int fd, void* buffer, size_t length, int flags,
                                                  sockaddr* from, socklen_t* from_length) {
  PREFLIGHT_NEXT(ssize_t(int, void*, size_t, int, sockaddr*, socklen_t*), "recvfrom");
  const ssize_t result = next(fd, buffer, length, flags, from, from_length);
  const int error = errno;
  if (auto* recorder = Watching(); recorder != nullptr && (length > 0 || result != 0))
    recorder->Received(fd, buffer, result, error);
  errno = error;
  return result;
}

extern "C" __attribute__((weak)) ssize_t recvmsg(int fd, msghdr* message, int flags) {
  PREFLIGHT_NEXT(ssize_t(int, msghdr*, int), "recvmsg");
  const ssize_t result = next(fd, message, flags);
  const int error = errno;
  if (auto* recorder = Watching(); recorder != nullptr && message != nullptr) {
    const bool first = message->msg_iovlen > 0;
    const size_t capacity = first ? message->msg_iov[0].iov_len : 0;
    // Only the first buffer is read (a DNS reply fits one): a longer result is cut to it.
    const ssize_t seen = result > 0 && static_cast<size_t>(result) > capacity
                             ? static_cast<ssize_t>(capacity)
                             : result;
    if (capacity > 0 || result != 0)
      recorder->Received(fd, first ? message->msg_iov[0].iov_base : nullptr, seen, error);
  }
  errno = error;
  return result;
}

extern "C" __attribute__((weak)) int listen(int fd, int backlog) {
  PREFLIGHT_NEXT(int(int, int), "listen");
  const int result = next(fd, backlog);
  const int error = errno;
  if (auto* recorder = Watching(); recorder != nullptr && result == 0) recorder->Listening(fd);
  errno = error;
  return result;
}

// A datagram socket bound to a port serves it (an in-process DNS server, say); a stream socket
// serves only once it listens.
extern "C" __attribute__((weak)) int bind(int fd, const sockaddr* address, socklen_t length) {
  PREFLIGHT_NEXT(int(int, const sockaddr*, socklen_t), "bind");
  const int result = next(fd, address, length);
  const int error = errno;
  if (auto* recorder = Watching(); recorder != nullptr && result == 0) {
    int type = 0;
    socklen_t type_length = sizeof type;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &type_length) == 0 && type == SOCK_DGRAM)
      recorder->Listening(fd);
  }
  errno = error;
  return result;
}

extern "C" __attribute__((weak)) int close(int fd) {
  PREFLIGHT_NEXT(int(int), "close");
  if (auto* recorder = Watching()) recorder->Forget(fd);
  return next(fd);
}
