// A c-ares channel driven by the libuv loop: sock_state_cb adds and removes socket watchers,
// ares_timeout() sets the timer, and both call ares_process_fd.
#include "preflight/probes/ares_resolver.h"

#include <ares.h>
#include <arpa/inet.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <mutex>

namespace preflight {
namespace {

using namespace std::chrono;

void InitAresOnce() {
  static std::once_flag once;
  std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

std::string FormatAddress(const ares_addrinfo_node* node) {
  char text[INET6_ADDRSTRLEN] = {};
  const void* address = node->ai_family == AF_INET6
                            ? static_cast<const void*>(
                                  &reinterpret_cast<const sockaddr_in6*>(node->ai_addr)->sin6_addr)
                            : static_cast<const void*>(
                                  &reinterpret_cast<const sockaddr_in*>(node->ai_addr)->sin_addr);
  inet_ntop(node->ai_family, address, text, sizeof text);
  return text;
}

size_t ServerCount(ares_channel channel) {
  ares_addr_port_node* servers = nullptr;
  size_t count = 0;
  if (ares_get_servers_ports(channel, &servers) == ARES_SUCCESS)
    for (auto* s = servers; s; s = s->next) ++count;
  ares_free_data(servers);
  return count;
}

std::string SystemServers(ares_channel channel) {
  ares_addr_port_node* servers = nullptr;
  std::vector<std::string> names;
  if (ares_get_servers_ports(channel, &servers) == ARES_SUCCESS) {
    for (auto* s = servers; s; s = s->next) {
      char text[INET6_ADDRSTRLEN] = {};
      inet_ntop(s->family, &s->addr, text, sizeof text);
      names.push_back(s->udp_port ? fmt::format("{}:{}", text, s->udp_port) : text);
    }
    ares_free_data(servers);
  }
  return names.empty() ? "the system resolver" : fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

struct AresResolver::Lookup {
  AresResolver* resolver;
  Done done;
};

AresResolver::AresResolver(uv_loop_t* loop) : loop_(loop), timer_(loop) {
  InitAresOnce();
}

AresResolver::~AresResolver() {
  Close();
}

void AresResolver::Close() {
  if (!channel_) return;
  closing_ = true;
  ares_destroy(channel_);  // runs pending callbacks with ARES_EDESTRUCTION
  closing_ = false;
  channel_ = nullptr;
  watchers_.clear();
  timer_.Stop();
}

std::optional<std::string> AresResolver::Open(Duration budget,
                                              const std::vector<std::string>& servers) {
  Close();
  ares_options options{};
  int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_SOCK_STATE_CB;
  // Two tries per server, the second twice as long: together they fit in the budget.
  options.timeout =
      std::max<int>(50, static_cast<int>(duration_cast<milliseconds>(budget).count() / 3));
  options.tries = 2;
  options.sock_state_cb = &AresResolver::OnSocketState;
  options.sock_state_cb_data = this;
  std::string lookups = "b";  // with explicit servers: DNS only, not /etc/hosts
  if (!servers.empty()) {
    options.lookups = lookups.data();
    mask |= ARES_OPT_LOOKUPS;
  }
  if (int rc = ares_init_options(&channel_, &options, mask); rc != ARES_SUCCESS) {
    channel_ = nullptr;
    return fmt::format("cannot initialise the resolver: {}", ares_strerror(rc));
  }
  // c-ares 1.18 reports a REFUSED or SERVFAIL answer as ARES_ECONNREFUSED once it has tried every
  // server. With one server there is no other to try: take its answer as it is, so that the
  // report says which of the three it was.
  if (servers.size() == 1 || (servers.empty() && ServerCount(channel_) == 1)) {
    ares_destroy(channel_);
    options.flags = ARES_FLAG_NOCHECKRESP;
    mask |= ARES_OPT_FLAGS;
    if (int rc = ares_init_options(&channel_, &options, mask); rc != ARES_SUCCESS) {
      channel_ = nullptr;
      return fmt::format("cannot initialise the resolver: {}", ares_strerror(rc));
    }
  }
  if (!servers.empty()) {
    const std::string csv = fmt::format("{}", fmt::join(servers, ","));
    if (int rc = ares_set_servers_ports_csv(channel_, csv.c_str()); rc != ARES_SUCCESS)
      return fmt::format("cannot use DNS servers {}: {}", csv, ares_strerror(rc));
  }
  servers_text_ =
      servers.empty() ? SystemServers(channel_) : fmt::format("{}", fmt::join(servers, ", "));
  return std::nullopt;
}

void AresResolver::Resolve(const std::string& host, Done done) {
  ares_addrinfo_hints hints{};
  hints.ai_family = AF_UNSPEC;  // A and AAAA
  hints.ai_flags = ARES_AI_NOSORT;
  ares_getaddrinfo(channel_, host.c_str(), nullptr, &hints, &AresResolver::OnResolved,
                   new Lookup{this, std::move(done)});
  RescheduleTimer();
}

void AresResolver::CancelAll() {
  if (channel_) ares_cancel(channel_);
}

void AresResolver::OnSocketState(void* data, int fd, int readable, int writable) {
  auto* self = static_cast<AresResolver*>(data);
  if (!readable && !writable) {
    self->watchers_.erase(fd);
    return;
  }
  auto& watcher = self->watchers_[fd];
  if (!watcher) {
    watcher = std::make_unique<SocketWatcher>(self->loop_, fd, [self, fd](int events) {
      ares_process_fd(self->channel_, (events & UV_READABLE) ? fd : ARES_SOCKET_BAD,
                      (events & UV_WRITABLE) ? fd : ARES_SOCKET_BAD);
      self->RescheduleTimer();
    });
  }
  watcher->Watch((readable ? UV_READABLE : 0) | (writable ? UV_WRITABLE : 0));
}

void AresResolver::RescheduleTimer() {
  if (!channel_) return;
  timeval max{1, 0}, tv{};
  timeval* next = ares_timeout(channel_, &max, &tv);
  timer_.Start(seconds(next->tv_sec) + microseconds(next->tv_usec), [this] {
    ares_process_fd(channel_, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
    RescheduleTimer();
  });
}

void AresResolver::OnResolved(void* arg, int status, int /*timeouts*/, ares_addrinfo* info) {
  std::unique_ptr<Lookup> lookup(static_cast<Lookup*>(arg));
  std::vector<std::string> addresses;
  if (info) {
    for (auto* node = info->nodes; node; node = node->ai_next)
      addresses.push_back(FormatAddress(node));
    ares_freeaddrinfo(info);
  }
  if (status == ARES_EDESTRUCTION || lookup->resolver->closing_) return;
  lookup->done(status, std::move(addresses));
}

}  // namespace preflight
