// What the interposed socket and resolver functions tell the listener: per test, the failed
// lookups, connects and exchanges (up to the first failed assertion); for the whole process,
// what makes a failure evidence in context: the ports the process itself serves, the endpoints
// that answered it and the names that resolved, and when. Thread-safe; every call is short.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <bitset>
#include <chrono>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "listener_internal.h"

namespace preflight {

class NetworkRecorder final : public internal::NetworkWatch {
 public:
  // internal::NetworkWatch
  void BeginTest() override;
  void FirstFailure() override;
  NetworkActivity TakeActivity() override;
  std::string AnsweredOnHost(const std::string& host, const std::string& except) override;

  // A fork must not leave the child with the lock held by another thread.
  void LockForFork();
  void UnlockAfterFork();

  // Sockets.
  void Listening(int fd);  // listen() or a datagram bind()
  void Connecting(int fd, const sockaddr* address, int result, int error);  // connect()
  void ConnectResult(int fd, int socket_error);                             // getsockopt(SO_ERROR)
  void Forget(int fd);                                                      // close()
  void Sent(int fd, const void* data, size_t size, const sockaddr* to);
  void Received(int fd, const void* data, ssize_t result, int error);

  // Name lookups: `port` is the port the lookup was for (0 when unknown); `addresses` are what a
  // successful lookup returned, to name them by it later.
  enum class LookupResult { kResolved, kTryAgain, kNoSuchName };
  void Lookup(const char* operation, const char* name, int port, LookupResult result,
              const char* error, const std::vector<std::string>& addresses = {});

 private:
  struct Slot {
    int fd = -1;
    std::string target, key, host;  // "127.0.0.1:80", "loopback:80", "loopback"
    int port = 0;
    bool datagram = false;
    bool connecting = false;      // a non-blocking connect not yet known to have succeeded
    bool awaiting_reply = false;  // a request sent, no byte of its reply yet
    std::string dns_question;     // a DNS query sent on this datagram socket
    uint64_t sent_in_test = 0;    // the test during which the last request went out
  };
  using Clock = std::chrono::steady_clock;

  Slot* SlotOf(int fd);  // the slot if it holds `fd`
  void ConnectResultLocked(int fd, int socket_error);
  // A request of this test still without its reply (a DNS query: a failure; a TCP request:
  // evidence for a timeout claim only), when the test fails or the client closes the socket.
  void Unanswered(const Slot& slot);
  void Answered(const Slot& slot);
  void Failed(const char* operation, const std::string& target, const std::string& key,
              const std::string& host, int port, std::string error, const char* category,
              NetworkStage stage, FailureKind kind = FailureKind::kInfra);
  void Saw();
  int64_t MsSince(Clock::time_point then) const;

  class SpinLock {
   public:
    void lock();
    void unlock();

   private:
    std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
  } lock_;

  // This test.
  NetworkActivity activity_;
  std::vector<std::string> failure_keys_;  // beside activity_.failures
  bool frozen_ = false;
  uint64_t test_number_ = 0;

  // The process.
  std::bitset<65536> own_ports_;
  uint64_t connects_ = 0, connects_succeeded_ = 0;  // TCP connects seen, and those that connected
  std::unordered_set<std::string> served_hosts_;    // "loopback", "10.0.0.5", "*" (any address)
  struct Seen {
    std::string what;
    Clock::time_point when;
  };
  std::unordered_map<std::string, Clock::time_point> answered_;  // endpoint key → last answer
  std::unordered_map<std::string, Seen> host_answered_;          // host → its last endpoint
  std::unordered_map<std::string, std::vector<std::string>> host_endpoints_;  // a few each
  std::unordered_map<std::string, Clock::time_point> resolved_;  // name → last resolution
  std::unordered_map<std::string, std::string> address_names_;   // "10.0.0.7" → "db.internal"
  static constexpr size_t kSocketSlots = 256;
  Slot slots_[kSocketSlots];
};

}  // namespace preflight
