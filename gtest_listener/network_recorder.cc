// The recorder's bookkeeping. Endpoints are keyed by host and port, as socket_description names
// them ("loopback": a dual-stack localhost tries both 127.0.0.1 and ::1).
#include "network_recorder.h"

#include <link.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "preflight/util/dns_wire.h"
#include "socket_description.h"

namespace preflight {
namespace {

constexpr size_t kMaxDistinctFailures = 16;
constexpr size_t kMaxRemembered = 4096;  // endpoints, names, addresses: a bound, not a cache

template <typename Map, typename Value>
void Remember(Map& map, const std::string& key, Value value) {
  if (map.size() < kMaxRemembered || map.count(key)) map[key] = std::move(value);
}

// Whether libcurl is loaded in this process (linked, or dlopen'ed since): its numbers may then
// be CURLcodes. Asked only for a failed test.
bool LibcurlLoaded() {
  return dl_iterate_phdr(
             [](dl_phdr_info* info, size_t, void*) {
               const char* name = info->dlpi_name ? std::strrchr(info->dlpi_name, '/') : nullptr;
               return name && std::strncmp(name, "/libcurl", 8) == 0 ? 1 : 0;
             },
             nullptr) != 0;
}

}  // namespace

void NetworkRecorder::SpinLock::lock() {
  while (flag_.test_and_set(std::memory_order_acquire)) {
  }
}
void NetworkRecorder::SpinLock::unlock() {
  flag_.clear(std::memory_order_release);
}

void NetworkRecorder::LockForFork() {
  lock_.lock();
}
void NetworkRecorder::UnlockAfterFork() {
  lock_.unlock();
}

void NetworkRecorder::BeginTest() {
  std::lock_guard lock(lock_);
  activity_ = {.connects_before = connects_,
               .connects_before_unsuccessful = connects_ - connects_succeeded_};
  failure_keys_.clear();
  frozen_ = false;
  ++test_number_;
}

void NetworkRecorder::FirstFailure() {
  std::lock_guard lock(lock_);
  if (frozen_) return;
  for (const Slot& slot : slots_) Unanswered(slot);
  frozen_ = true;
}

NetworkActivity NetworkRecorder::TakeActivity() {
  const bool libcurl_loaded = LibcurlLoaded();
  std::lock_guard lock(lock_);
  NetworkActivity out = std::move(activity_);
  out.libcurl_loaded = libcurl_loaded;
  activity_ = {};
  failure_keys_.clear();
  return out;
}

void NetworkRecorder::Unanswered(const Slot& slot) {
  if (slot.fd < 0 || !slot.awaiting_reply || slot.sent_in_test != test_number_) return;
  if (!slot.dns_question.empty()) {  // a resolver that speaks DNS itself: the server is silent
    Failed("dns query", slot.dns_question, "name:" + slot.dns_question, slot.host, slot.port,
           "got no reply from " + slot.target, "dns", NetworkStage::kResolve);
  } else if (!slot.datagram) {
    Failed("recv", slot.target, slot.key, slot.host, slot.port, "had no reply", "timeout",
           NetworkStage::kExchange);
    NetworkFailure* waited = activity_.failures.empty() ? nullptr : &activity_.failures.back();
    if (waited && failure_keys_.back() == slot.key && waited->error == "had no reply")
      waited->pending = true;
  }
}

std::string NetworkRecorder::AnsweredOnHost(const std::string& host, const std::string& except) {
  std::lock_guard lock(lock_);
  auto it = host_endpoints_.find(host);
  if (it == host_endpoints_.end()) return "";
  for (const std::string& endpoint : it->second)
    if (endpoint != except) return endpoint;
  return "";
}

int64_t NetworkRecorder::MsSince(Clock::time_point then) const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - then).count();
}

NetworkRecorder::Slot* NetworkRecorder::SlotOf(int fd) {
  if (fd < 0) return nullptr;
  Slot& slot = slots_[static_cast<size_t>(fd) % kSocketSlots];
  return slot.fd == fd ? &slot : nullptr;
}

void NetworkRecorder::Saw() {
  if (!frozen_) activity_.saw_operations = true;
}

void NetworkRecorder::Answered(const Slot& slot) {
  const Clock::time_point now = Clock::now();
  Remember(answered_, slot.key, now);
  Remember(host_answered_, slot.host, Seen{slot.target, now});
  if (host_endpoints_.size() < kMaxRemembered || host_endpoints_.count(slot.host)) {
    auto& endpoints = host_endpoints_[slot.host];
    if (endpoints.size() < 4 &&
        std::find(endpoints.begin(), endpoints.end(), slot.target) == endpoints.end())
      endpoints.push_back(slot.target);
  }
  if (frozen_) return;
  for (size_t i = 0; i < failure_keys_.size(); ++i)
    if (failure_keys_[i] == slot.key) activity_.failures[i].recovered = true;
}

void NetworkRecorder::Failed(const char* operation, const std::string& target,
                             const std::string& key, const std::string& host, int port,
                             std::string error, const char* category, NetworkStage stage,
                             FailureKind kind) {
  if (frozen_) return;
  activity_.saw_operations = true;
  for (size_t i = 0; i < failure_keys_.size(); ++i) {
    NetworkFailure& failure = activity_.failures[i];
    if (failure_keys_[i] == key && failure.operation == operation && failure.error == error) {
      ++failure.count;
      failure.recovered = false;
      return;
    }
  }
  if (activity_.failures.size() >= kMaxDistinctFailures) return;
  NetworkFailure failure{.operation = operation,
                         .target = target,
                         .error = std::move(error),
                         .category = category,
                         .stage = stage,
                         .kind = kind,
                         .port = port,
                         .host = host,
                         .local = key.starts_with("unix:")};
  EndpointFacts& facts = failure.facts;
  facts.own_server = port > 0 && own_ports_[static_cast<size_t>(port)];
  // The endpoint's host (for a DNS query, its server's): served by this process, or answering.
  if (!host.empty()) {
    facts.host_served = served_hosts_.count(host) > 0 ||
                        (served_hosts_.count("*") > 0 && (host == "loopback" || host == "*"));
    if (auto it = host_answered_.find(host);
        it != host_answered_.end() && it->second.what != target) {
      facts.other = it->second.what;
      facts.other_ms_ago = MsSince(it->second.when);
    }
  }
  if (stage == NetworkStage::kResolve) {
    // A DNS query's server answered earlier; a lookup without one of its own, its name resolved.
    const auto& seen = host.empty() ? resolved_ : answered_;
    if (auto it = seen.find(host.empty() ? target : host + ":" + std::to_string(port));
        it != seen.end())
      facts.answered_ms_ago = MsSince(it->second);
  } else {
    if (auto it = answered_.find(key); it != answered_.end())
      facts.answered_ms_ago = MsSince(it->second);
    const std::string ip = host == "loopback" ? target.substr(0, target.rfind(':')) : host;
    if (auto it = address_names_.find(ip); it != address_names_.end())
      facts.name = it->second;
    else if (auto lo = address_names_.find(host); lo != address_names_.end())
      facts.name = lo->second;
  }
  activity_.failures.push_back(std::move(failure));
  failure_keys_.push_back(key);
}

void NetworkRecorder::Listening(int fd) {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  auto* address = reinterpret_cast<sockaddr*>(&storage);
  if (getsockname(fd, address, &length) != 0 || !IsInternet(address)) return;
  const SocketAddress local = DescribeAddress(address);
  std::lock_guard lock(lock_);
  if (local.port > 0) own_ports_.set(static_cast<size_t>(local.port));
  if (served_hosts_.size() < kMaxRemembered) served_hosts_.insert(local.host);
}

void NetworkRecorder::Connecting(int fd, const sockaddr* address, int result, int error) {
  if (fd < 0) return;
  if (address != nullptr && address->sa_family == AF_UNIX && result != 0 && error == ENOENT) {
    // A socket path that does not exist: a connect seen, failed for no network reason.
    const std::string path = UnixSocketPath(address);
    std::lock_guard lock(lock_);
    Failed("connect", path, "unix:" + path, "", 0, "no such file", "connect",
           NetworkStage::kConnect, FailureKind::kCode);
  }
  if (!IsInternet(address)) return Forget(fd);  // a Unix socket, or AF_UNSPEC dissolving
  int type = 0;
  socklen_t length = sizeof type;
  getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length);
  const SocketAddress peer = DescribeAddress(address);
  std::lock_guard lock(lock_);
  Slot& slot = slots_[static_cast<size_t>(fd) % kSocketSlots];
  slot = Slot{.fd = fd,
              .target = peer.text,
              .key = peer.host + ":" + std::to_string(peer.port),
              .host = peer.host,
              .port = peer.port,
              .datagram = type == SOCK_DGRAM};
  if (slot.datagram) {  // nothing answers a datagram connect: it only finds the route
    const char* category = nullptr;
    const char* failure = result == 0 ? nullptr : SocketFailure(error, &category);
    // A DNS server the resolver cannot even route to (c-ares connects its datagram sockets).
    if (failure != nullptr && peer.port == 53)
      Failed("connect", slot.target, slot.key, slot.host, slot.port, failure, "dns",
             NetworkStage::kConnect);
    return;
  }
  Saw();
  ++connects_;
  if (result == 0) {
    ++connects_succeeded_;
    return Answered(slot);
  }
  if (error == EINPROGRESS || error == EALREADY || error == EINTR) {
    slot.connecting = true;
    return;
  }
  ConnectResultLocked(fd, error);
}

void NetworkRecorder::Forget(int fd) {
  std::lock_guard lock(lock_);
  Slot* slot = SlotOf(fd);
  if (slot == nullptr) return;
  Unanswered(*slot);  // the client gave up on it
  *slot = Slot{};
}

void NetworkRecorder::ConnectResult(int fd, int socket_error) {
  std::lock_guard lock(lock_);
  ConnectResultLocked(fd, socket_error);
}

void NetworkRecorder::ConnectResultLocked(int fd, int socket_error) {
  Slot* slot = SlotOf(fd);
  if (slot == nullptr || slot->datagram) return;
  if (socket_error == 0) {
    if (slot->connecting) {
      slot->connecting = false;
      ++connects_succeeded_;
      Answered(*slot);
    }
    return;
  }
  const char* category = nullptr;
  if (const char* failure = SocketFailure(socket_error, &category)) {
    slot->connecting = false;
    Failed("connect", slot->target, slot->key, slot->host, slot->port, failure, category,
           NetworkStage::kConnect);
  }
}

void NetworkRecorder::Sent(int fd, const void* data, size_t size, const sockaddr* to) {
  std::lock_guard lock(lock_);
  Slot* slot = SlotOf(fd);
  if (slot == nullptr && IsInternet(to)) {  // an unconnected datagram socket
    Slot& fresh = slots_[static_cast<size_t>(fd) % kSocketSlots];
    const SocketAddress peer = DescribeAddress(to);
    fresh = Slot{.fd = fd,
                 .target = peer.text,
                 .key = peer.host + ":" + std::to_string(peer.port),
                 .host = peer.host,
                 .port = peer.port,
                 .datagram = true};
    slot = &fresh;
  }
  if (slot == nullptr) return;
  if (slot->datagram) {
    const std::optional<DnsMessage> query = ParseDnsMessage(data, size);
    if (!query || query->response) return;
    Saw();
    slot->dns_question = query->question;
    slot->awaiting_reply = true;
    slot->sent_in_test = test_number_;
    return;
  }
  Saw();
  if (slot->connecting) {  // a send that went out: the connect had succeeded
    slot->connecting = false;
    Answered(*slot);
  }
  slot->awaiting_reply = true;
  slot->sent_in_test = test_number_;
}

void NetworkRecorder::Received(int fd, const void* data, ssize_t result, int error) {
  std::lock_guard lock(lock_);
  Slot* slot = SlotOf(fd);
  if (slot == nullptr) return;
  const char* category = nullptr;
  if (slot->datagram) {
    if (slot->dns_question.empty()) return;
    const std::string question = slot->dns_question;
    const std::string key = "name:" + question;
    if (result < 0 && error == ECONNREFUSED) {  // an ICMP port unreachable: nothing listens
      slot->awaiting_reply = false;
      Failed("dns query", question, key, slot->host, slot->port,
             "refused by " + slot->target + " (nothing listens there)", "dns",
             NetworkStage::kResolve);
      return;
    }
    if (result <= 0) return;
    const std::optional<DnsMessage> reply = ParseDnsMessage(data, static_cast<size_t>(result));
    if (!reply || !reply->response) return;
    slot->awaiting_reply = false;
    const Clock::time_point now = Clock::now();
    Remember(answered_, slot->key, now);  // the DNS server answered, whatever it said
    if (reply->rcode == 0 && reply->answers > 0) {
      Remember(resolved_, reply->question, now);
      if (frozen_) return;
      for (size_t i = 0; i < failure_keys_.size(); ++i)
        if (failure_keys_[i] == key) activity_.failures[i].recovered = true;
    } else if (reply->rcode == 3) {
      Failed("dns query", question, key, slot->host, slot->port, "NXDOMAIN from " + slot->target,
             "unknown_host", NetworkStage::kResolve, FailureKind::kConfig);
    } else if (reply->rcode == 2 || reply->rcode == 5) {
      Failed("dns query", question, key, slot->host, slot->port,
             (reply->rcode == 2 ? "SERVFAIL from " : "REFUSED by ") + slot->target, "dns",
             NetworkStage::kResolve);
    }
    return;
  }
  if (result > 0) {
    Saw();
    if (!frozen_) {
      const bool own = own_ports_[static_cast<size_t>(slot->port)];
      (own ? activity_.own_server_replied : activity_.other_replied) = true;
    }
    if (slot->connecting) {
      slot->connecting = false;
      Answered(*slot);
    }
    slot->awaiting_reply = false;
    return;
  }
  if (result == 0) {
    // The peer closed while a request waited for its reply (a server killed or restarted under
    // the test); a close after a complete reply is not a failure. Said once per request.
    if (!slot->awaiting_reply) return;
    slot->awaiting_reply = false;
    Failed("recv", slot->target, slot->key, slot->host, slot->port, "closed before replying",
           "connect", NetworkStage::kExchange);
    return;
  }
  if (const char* failure = SocketFailure(error, &category); failure && error != ECONNREFUSED)
    Failed("recv", slot->target, slot->key, slot->host, slot->port, failure, category,
           NetworkStage::kExchange);
}

void NetworkRecorder::Lookup(const char* operation, const char* name, int port, LookupResult result,
                             const char* error, const std::vector<std::string>& addresses) {
  std::lock_guard lock(lock_);
  const std::string target(name);
  const std::string key = "name:" + target;
  if (result == LookupResult::kResolved) {
    Saw();
    const Clock::time_point now = Clock::now();
    Remember(resolved_, target, now);
    for (const std::string& address : addresses) {
      Remember(address_names_, address, target);
      if (address == "127.0.0.1" || address == "::1") Remember(address_names_, "loopback", target);
    }
    if (frozen_) return;
    for (size_t i = 0; i < failure_keys_.size(); ++i)
      if (failure_keys_[i] == key) activity_.failures[i].recovered = true;
    return;
  }
  const bool missing = result == LookupResult::kNoSuchName;
  Failed(operation, target, key, "", port, error, missing ? "unknown_host" : "dns",
         NetworkStage::kResolve, missing ? FailureKind::kConfig : FailureKind::kInfra);
}

}  // namespace preflight
