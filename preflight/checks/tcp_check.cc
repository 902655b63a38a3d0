// The tcp check: its key, and its probe (a non-blocking connect watched on the loop).
#include "preflight/checks/tcp_check.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "preflight/checks/address.h"
#include "preflight/engine/deferred_report.h"
#include "preflight/engine/probe.h"
#include "preflight/probes/ares_resolver.h"
#include "preflight/probes/dns_probe.h"
#include "preflight/uv/uv_handles.h"

namespace preflight {

void TcpCheck::Parse(TableReader& reader, Redactor&) {
  reader.Require("address", "address = \"redis.staging.example.com:6379\"");
  if (auto value = reader.String("address")) {
    if (!ParseHostPort(*value))
      reader.Error("address", fmt::format("\"{}\" is not HOST:PORT", *value),
                   "address = \"db.staging.example.com:5432\" (IPv6: \"[::1]:5432\")");
    address = std::move(*value);
  }
  if (auto value = reader.DurationValue("warmup")) warmup = *value;
}

std::string TcpCheck::Describe() const {
  return fmt::format("connect to {}, warmup {}", address, FormatDuration(warmup));
}

namespace {

std::string_view CategoryOf(int error) {
  switch (error) {
    case ECONNREFUSED:
      return category::kConnectionRefused;
    case ETIMEDOUT:
      return category::kTimeout;
    default:  // unreachable network or host, reset, no route
      return category::kConnect;
  }
}

class TcpProbe final : public Probe {
 public:
  TcpProbe(const TcpCheck& check, const ProbeContext& context)
      : context_(context),
        target_(ParseHostPort(check.address).value_or(HostPort{})),
        resolver_(context.loop) {}
  ~TcpProbe() override { Close(); }

  void Start(Duration timeout, std::function<void(ProbeOutcome)> done) override {
    report_.Arm(std::move(done));
    Close();
    resolver_.Close();
    timeout_ = timeout;
    deadline_ = context_.scheduler.After(timeout, [this] {
      const std::string seen = Seen();
      if (resolving_) {  // from a timer, not from inside c-ares: closing the channel is allowed
        resolving_ = false;
        resolver_.Close();
        return Fail(category::kDnsTimeout,
                    fmt::format("{} within {}", seen, FormatDuration(timeout_)));
      }
      Fail(category::kTimeout, fmt::format("{} within {}", seen, FormatDuration(timeout_)));
    });
    addresses_.clear();
    if (IsIpAddress(target_.host)) return Connect(target_.host);
    if (auto error = resolver_.Open(timeout, {})) return Fail(category::kDns, *error);
    resolving_ = true;
    resolver_.Resolve(target_.host, [this](int status, std::vector<std::string> addresses) {
      resolving_ = false;
      if (status != 0 || addresses.empty())
        return Report({.error = ResolutionError(target_.host, status, resolver_.servers_text())});
      addresses_ = std::move(addresses);
      next_address_ = 0;
      Connect(addresses_.front());
    });
  }

  std::string Seen() const override {
    if (resolving_) return ResolutionPending(target_.host, resolver_.servers_text());
    if (fd_ >= 0) return fmt::format("connecting to {}: no answer to the SYN", connecting_to_);
    return {};
  }

 private:
  void Connect(const std::string& ip) {
    connecting_to_ = JoinHostPort(ip, std::to_string(target_.port));
    sockaddr_storage address{};
    socklen_t length = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
    if (inet_pton(AF_INET, ip.c_str(), &v4->sin_addr) == 1) {
      v4->sin_family = AF_INET;
      v4->sin_port = htons(static_cast<uint16_t>(target_.port));
      length = sizeof *v4;
    } else if (inet_pton(AF_INET6, ip.c_str(), &v6->sin6_addr) == 1) {
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(static_cast<uint16_t>(target_.port));
      length = sizeof *v6;
    } else {
      return Fail(category::kConnect, fmt::format("\"{}\" is not an address", ip));
    }
    fd_ = ::socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return Fail(category::kConnect, fmt::format("socket: {}", std::strerror(errno)));
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), length) == 0) return Connected();
    if (errno != EINPROGRESS) return FailWithErrno(errno);
    watcher_ = std::make_unique<SocketWatcher>(context_.loop, fd_, [this](int) {
      int error = 0;
      socklen_t size = sizeof error;
      ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &size);
      if (error != 0) return FailWithErrno(error);
      Connected();
    });
    watcher_->Watch(UV_WRITABLE);
  }

  void Connected() {
    const std::string detail = fmt::format("{} accepted the connection", connecting_to_);
    Report({.ready = true, .detail = detail});
  }

  // A name's addresses are tried in order, as libpq and libcurl do; the last one's error counts.
  void FailWithErrno(int error) {
    const std::string message =
        fmt::format("connect to {}: {}", connecting_to_, std::strerror(error));
    if (!addresses_.empty() && ++next_address_ < addresses_.size()) {
      watcher_.reset();
      ::close(fd_);
      fd_ = -1;
      return Connect(addresses_[next_address_]);
    }
    Fail(CategoryOf(error), message);
  }

  void Fail(std::string_view category, std::string message) {
    Report({.error = CheckError{std::string(category), std::move(message)}});
  }

  void Report(ProbeOutcome outcome) {
    Close();
    report_.Deliver(std::move(outcome));
  }

  // The resolver is closed only outside its own callbacks (Start, the timeout, the destructor).
  void Close() {
    watcher_.reset();  // stops polling before the socket closes
    deadline_.reset();
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  ProbeContext context_;
  HostPort target_;
  AresResolver resolver_;
  bool resolving_ = false;
  std::vector<std::string> addresses_;  // of a name, in the resolver's order
  size_t next_address_ = 0;
  int fd_ = -1;
  std::string connecting_to_;
  Duration timeout_{0};
  std::unique_ptr<SocketWatcher> watcher_;
  std::unique_ptr<Timer> deadline_;
  DeferredReport report_{context_.scheduler};
};

}  // namespace

std::unique_ptr<Probe> MakeProbe(const TcpCheck& check, const ProbeContext& context) {
  return std::make_unique<TcpProbe>(check, context);
}

}  // namespace preflight
