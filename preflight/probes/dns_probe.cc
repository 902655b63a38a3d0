// c-ares channel per dns check; its sockets and timeouts are integrated into the libuv loop.
#include "preflight/probes/dns_probe.h"

#include <ares.h>
#include <arpa/inet.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <map>
#include <mutex>

#include "preflight/engine/deferred_report.h"
#include "preflight/uv/uv_handles.h"

namespace preflight {

std::string_view DnsErrorCategory(int status) {
  switch (status) {
    case ARES_ENOTFOUND:
    case ARES_ENODATA:
      return category::kDnsNxdomain;
    case ARES_ESERVFAIL:
      return category::kDnsServfail;
    case ARES_EREFUSED:
    case ARES_ECONNREFUSED:
      return category::kDnsRefused;
    case ARES_ETIMEOUT:
    case ARES_ECANCELLED:
      return category::kDnsTimeout;
    default:
      return category::kDns;
  }
}

std::string DnsErrorText(int status) {
  switch (status) {
    case ARES_ENOTFOUND:
      return "no such domain (NXDOMAIN)";
    case ARES_ENODATA:
      return "no address records (NODATA)";
    case ARES_ESERVFAIL:
      return "server failure (SERVFAIL)";
    case ARES_EREFUSED:
      return "query refused (REFUSED)";
    case ARES_ECONNREFUSED:
      return "DNS server refused the connection";
    case ARES_ETIMEOUT:
    case ARES_ECANCELLED:
      return "no answer (timeout)";
    default:
      return ares_strerror(status);
  }
}

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

class DnsProbe final : public Probe {
 public:
  DnsProbe(uv_loop_t* loop, Scheduler& scheduler, const DnsCheck& check)
      : loop_(loop), scheduler_(scheduler), check_(check), ares_timer_(loop) {
    InitAresOnce();
  }

  ~DnsProbe() override { DestroyChannel(); }

  void Start(Duration timeout, std::function<void(ProbeOutcome)> done) override {
    report_.Arm(std::move(done));
    started_at_ = scheduler_.Now();
    hosts_.assign(check_.hosts.size(), HostResult{});
    pending_ = check_.hosts.size();
    if (auto error = CreateChannel(timeout)) {
      Complete({.error = CheckError{std::string(category::kDns), *error}, .retryable = false});
      return;
    }
    deadline_ = scheduler_.After(timeout, [this] { ares_cancel(channel_); });
    for (size_t i = 0; i < check_.hosts.size(); ++i) {
      ares_addrinfo_hints hints{};
      hints.ai_family = AF_UNSPEC;  // A and AAAA
      hints.ai_flags = ARES_AI_NOSORT;
      auto* query = new Query{this, i};
      ares_getaddrinfo(channel_, check_.hosts[i].c_str(), nullptr, &hints, &DnsProbe::OnResolved,
                       query);
    }
    RescheduleAresTimer();
  }

 private:
  struct Query {
    DnsProbe* probe;
    size_t index;
  };
  struct HostResult {
    int status = ARES_SUCCESS;
    std::vector<std::string> addresses;
    Duration latency{0};
  };

  // Returns an error message if the channel cannot be set up (e.g. bad server list).
  std::optional<std::string> CreateChannel(Duration timeout) {
    DestroyChannel();
    ares_options options{};
    int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_SOCK_STATE_CB;
    // Two tries per server, the second twice as long: together they fit in the budget. Never
    // c-ares' default (5 s, 4 tries, doubling: 75 s against a silent server).
    options.timeout =
        std::max<int>(50, static_cast<int>(duration_cast<milliseconds>(timeout).count() / 3));
    options.tries = 2;
    options.sock_state_cb = &DnsProbe::OnSocketState;
    options.sock_state_cb_data = this;
    std::string lookups = "b";  // with explicit servers: DNS only, not /etc/hosts
    if (!check_.servers.empty()) {
      options.lookups = lookups.data();
      mask |= ARES_OPT_LOOKUPS;
    }
    if (int rc = ares_init_options(&channel_, &options, mask); rc != ARES_SUCCESS) {
      channel_ = nullptr;
      return fmt::format("cannot initialise the resolver: {}", ares_strerror(rc));
    }
    if (!check_.servers.empty()) {
      std::string csv = fmt::format("{}", fmt::join(check_.servers, ","));
      if (int rc = ares_set_servers_ports_csv(channel_, csv.c_str()); rc != ARES_SUCCESS)
        return fmt::format("cannot use DNS servers {}: {}", csv, ares_strerror(rc));
    }
    server_text_ = check_.servers.empty() ? SystemServers()
                                          : fmt::format("{}", fmt::join(check_.servers, ", "));
    return std::nullopt;
  }

  std::string SystemServers() const {
    ares_addr_port_node* servers = nullptr;
    std::vector<std::string> names;
    if (ares_get_servers_ports(channel_, &servers) == ARES_SUCCESS) {
      for (auto* s = servers; s; s = s->next) {
        char text[INET6_ADDRSTRLEN] = {};
        inet_ntop(s->family, &s->addr, text, sizeof text);
        names.push_back(s->udp_port ? fmt::format("{}:{}", text, s->udp_port) : text);
      }
      ares_free_data(servers);
    }
    return names.empty() ? "the system resolver" : fmt::format("{}", fmt::join(names, ", "));
  }

  void DestroyChannel() {
    if (!channel_) return;
    destroying_ = true;
    ares_destroy(channel_);  // runs pending callbacks with ARES_EDESTRUCTION
    destroying_ = false;
    channel_ = nullptr;
    watchers_.clear();
  }

  static void OnSocketState(void* data, ares_socket_t fd, int readable, int writable) {
    auto* self = static_cast<DnsProbe*>(data);
    if (!readable && !writable) {
      self->watchers_.erase(fd);
      return;
    }
    auto& watcher = self->watchers_[fd];
    if (!watcher) {
      watcher = std::make_unique<SocketWatcher>(self->loop_, fd, [self, fd](int events) {
        ares_process_fd(self->channel_, (events & UV_READABLE) ? fd : ARES_SOCKET_BAD,
                        (events & UV_WRITABLE) ? fd : ARES_SOCKET_BAD);
        self->RescheduleAresTimer();
      });
    }
    watcher->Watch((readable ? UV_READABLE : 0) | (writable ? UV_WRITABLE : 0));
  }

  void RescheduleAresTimer() {
    if (!channel_) return;
    timeval max{1, 0}, tv{};
    timeval* next = ares_timeout(channel_, &max, &tv);
    Duration delay = seconds(next->tv_sec) + microseconds(next->tv_usec);
    ares_timer_.Start(delay, [this] {
      ares_process_fd(channel_, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
      RescheduleAresTimer();
    });
  }

  static void OnResolved(void* arg, int status, int /*timeouts*/, ares_addrinfo* info) {
    std::unique_ptr<Query> query(static_cast<Query*>(arg));
    DnsProbe* self = query->probe;
    if (status == ARES_EDESTRUCTION || self->destroying_) {
      if (info) ares_freeaddrinfo(info);
      return;
    }
    HostResult& host = self->hosts_[query->index];
    host.status = status;
    host.latency = self->scheduler_.Now() - self->started_at_;
    if (info) {
      for (auto* node = info->nodes; node; node = node->ai_next)
        host.addresses.push_back(FormatAddress(node));
      ares_freeaddrinfo(info);
    }
    if (--self->pending_ == 0) self->AllResolved();
  }

  void AllResolved() {
    deadline_.reset();
    ares_timer_.Stop();
    std::vector<std::string> details, failures;
    int first_failure = ARES_SUCCESS;
    for (size_t i = 0; i < hosts_.size(); ++i) {
      const HostResult& host = hosts_[i];
      if (host.status == ARES_SUCCESS) {
        details.push_back(fmt::format("{} → {} ({})", check_.hosts[i],
                                      fmt::join(host.addresses, ", "),
                                      FormatElapsed(host.latency)));
      } else {
        if (first_failure == ARES_SUCCESS) first_failure = host.status;
        failures.push_back(fmt::format("{}: {}", check_.hosts[i], DnsErrorText(host.status)));
      }
    }
    if (failures.empty())
      return Complete({.ready = true, .detail = fmt::format("{}", fmt::join(details, "; "))});
    Complete(
        {.error = CheckError{std::string(DnsErrorCategory(first_failure)),
                             fmt::format("{} from {}", fmt::join(failures, "; "), server_text_)}});
  }

  // Never from inside c-ares: `done` may destroy this probe and its channel, which c-ares does
  // not allow from its own callbacks.
  void Complete(ProbeOutcome outcome) { report_.Deliver(std::move(outcome)); }

  uv_loop_t* loop_;
  Scheduler& scheduler_;
  const DnsCheck& check_;
  ares_channel channel_ = nullptr;
  bool destroying_ = false;
  std::map<int, std::unique_ptr<SocketWatcher>> watchers_;
  UvTimer ares_timer_;
  std::unique_ptr<Timer> deadline_;
  DeferredReport report_{scheduler_};
  std::vector<HostResult> hosts_;
  size_t pending_ = 0;
  Duration started_at_{0};
  std::string server_text_;
};

}  // namespace

std::unique_ptr<Probe> MakeDnsProbe(uv_loop_t* loop, Scheduler& scheduler, const DnsCheck& check) {
  return std::make_unique<DnsProbe>(loop, scheduler, check);
}

}  // namespace preflight
