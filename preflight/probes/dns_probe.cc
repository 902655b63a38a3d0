// Resolves every host of a dns check at once (AresResolver) and reports each one's answer.
#include "preflight/probes/dns_probe.h"

#include <ares.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "preflight/engine/deferred_report.h"
#include "preflight/probes/ares_resolver.h"

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
    case ARES_ECONNREFUSED:  // c-ares 1.18 also says this when every server answered
      return "DNS server refused the connection, or answered REFUSED or SERVFAIL";
    case ARES_ETIMEOUT:
    case ARES_ECANCELLED:
      return "no answer (timeout)";
    default:
      return ares_strerror(status);
  }
}

CheckError ResolutionError(std::string_view host, int ares_status, const std::string& servers) {
  return CheckError{
      std::string(DnsErrorCategory(ares_status)),
      fmt::format("resolving {}: {} from {}", host,
                  ares_status != 0 ? DnsErrorText(ares_status) : "no addresses", servers)};
}

std::string ResolutionPending(std::string_view host, const std::string& servers) {
  return fmt::format("resolving {}: no answer yet from {}", host, servers);
}

namespace {

class DnsProbe final : public Probe {
 public:
  DnsProbe(uv_loop_t* loop, Scheduler& scheduler, const DnsCheck& check)
      : scheduler_(scheduler), check_(check), resolver_(loop) {}

  std::string Seen() const override {
    std::vector<std::string_view> waiting;
    for (size_t i = 0; i < hosts_.size(); ++i)
      if (!hosts_[i].answered) waiting.push_back(check_.hosts[i]);
    if (waiting.empty()) return {};
    const size_t shown = std::min<size_t>(waiting.size(), 3);
    return fmt::format(
        "no answer from {} for {}{}", resolver_.servers_text(),
        fmt::join(waiting.begin(), waiting.begin() + shown, ", "),
        waiting.size() > shown ? fmt::format(" and {} more", waiting.size() - shown) : "");
  }

  void Start(Duration timeout, std::function<void(ProbeOutcome)> done) override {
    report_.Arm(std::move(done));
    started_at_ = scheduler_.Now();
    hosts_.assign(check_.hosts.size(), HostResult{});
    pending_ = check_.hosts.size();
    if (auto error = resolver_.Open(timeout, check_.servers)) {
      Complete({.error = CheckError{std::string(category::kDns), *error}, .retryable = false});
      return;
    }
    deadline_ = scheduler_.After(timeout, [this] { resolver_.CancelAll(); });
    next_host_ = 0;
    while (next_host_ < check_.hosts.size() && next_host_ < kMaxLookupsInFlight) ResolveNext();
  }

 private:
  struct HostResult {
    bool answered = false;
    int status = ARES_SUCCESS;
    std::vector<std::string> addresses;
    Duration latency{0};
  };

  // Thousands of names are resolved a window at a time: a burst of them all would overflow the
  // socket buffers on both sides and lose queries, and hammer the one DNS server.
  static constexpr size_t kMaxLookupsInFlight = 64;

  void ResolveNext() {
    const size_t i = next_host_++;
    resolver_.Resolve(check_.hosts[i], [this, i](int status, std::vector<std::string> addresses) {
      HostResult& host = hosts_[i];
      host.answered = true;
      host.status = status;
      host.addresses = std::move(addresses);
      host.latency = scheduler_.Now() - started_at_;
      // Cancelled lookups (the budget ended) answer at once: the names not asked yet never
      // will be, and count as unanswered.
      if (status == ARES_ECANCELLED || status == ARES_EDESTRUCTION) {
        for (; next_host_ < check_.hosts.size(); ++next_host_, --pending_)
          hosts_[next_host_].status = ARES_ECANCELLED;
      } else if (next_host_ < check_.hosts.size()) {
        ResolveNext();
      }
      if (--pending_ == 0) AllResolved();
    });
  }

  void AllResolved() {
    deadline_.reset();
    std::vector<std::string> details, failures;
    int first_failure = ARES_SUCCESS;
    for (size_t i = 0; i < hosts_.size(); ++i) {
      const HostResult& host = hosts_[i];
      if (host.status == ARES_SUCCESS) {
        details.push_back(fmt::format("{} → {} ({})", check_.hosts[i],
                                      fmt::join(host.addresses, ", "),
                                      FormatElapsed(host.latency)));
      } else {
        // A name that does not exist is a setting to fix; any other failure may pass on retry
        // and is the one reported.
        const bool no_such_name = host.status == ARES_ENOTFOUND || host.status == ARES_ENODATA;
        if (first_failure == ARES_SUCCESS ||
            (!no_such_name && (first_failure == ARES_ENOTFOUND || first_failure == ARES_ENODATA)))
          first_failure = host.status;
        failures.push_back(fmt::format("{}: {}", check_.hosts[i], DnsErrorText(host.status)));
      }
    }
    if (failures.empty())
      return Complete({.ready = true, .detail = fmt::format("{}", fmt::join(details, "; "))});
    const std::string_view category = DnsErrorCategory(first_failure);
    Complete({.error = CheckError{std::string(category),
                                  fmt::format("{} from {}", fmt::join(failures, "; "),
                                              resolver_.servers_text())},
              .retryable = !IsConfigCategory(category)});
  }

  // Never from inside c-ares: `done` may destroy this probe and its channel, which c-ares does
  // not allow from its own callbacks.
  void Complete(ProbeOutcome outcome) { report_.Deliver(std::move(outcome)); }

  Scheduler& scheduler_;
  const DnsCheck& check_;
  AresResolver resolver_;
  std::unique_ptr<Timer> deadline_;
  DeferredReport report_{scheduler_};
  std::vector<HostResult> hosts_;
  size_t pending_ = 0;
  size_t next_host_ = 0;  // the first host not yet asked for
  Duration started_at_{0};
};

}  // namespace

std::unique_ptr<Probe> MakeDnsProbe(uv_loop_t* loop, Scheduler& scheduler, const DnsCheck& check) {
  return std::make_unique<DnsProbe>(loop, scheduler, check);
}

}  // namespace preflight
