// The dns check's keys and their validation; its probe is probes/dns_probe.
#include "preflight/checks/dns_check.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "preflight/checks/address.h"
#include "preflight/probes/dns_probe.h"

namespace preflight {

void DnsCheck::Parse(TableReader& reader, Redactor&) {
  reader.Require("hosts", "hosts = [\"staging.example.com\"]");
  if (auto names = reader.StringArray("hosts")) {
    if (names->empty())
      reader.Error("hosts", "`hosts` is empty: a dns check needs at least one name",
                   "hosts = [\"staging.example.com\"]");
    for (const auto& host : *names)
      if (!IsValidHostname(host))
        reader.Error("hosts", fmt::format("\"{}\" is not a valid host name", host),
                     "write a bare DNS name, without scheme or port: \"api.staging.example.com\"");
    hosts = std::move(*names);
  }
  if (auto list = reader.StringArray("servers")) {
    for (const auto& server : *list)
      if (!IsValidServer(server))
        reader.Error("servers", fmt::format("\"{}\" is not a DNS server address", server),
                     "write an IP address with an optional port: \"127.0.0.1:5353\", \"[::1]:53\"");
    servers = std::move(*list);
  }
  if (auto value = reader.DurationValue("timeout")) timeout = *value;
}

std::string DnsCheck::Target() const {
  return fmt::format("{}", fmt::join(hosts, ","));
}

std::string DnsCheck::Describe() const {
  std::string out = fmt::format("{}", fmt::join(hosts, ", "));
  out += servers.empty() ? " via the system resolver"
                         : fmt::format(" via {}", fmt::join(servers, ", "));
  return out + fmt::format(", timeout {}", FormatDuration(timeout));
}

std::unique_ptr<Probe> MakeProbe(const DnsCheck& check, const ProbeContext& context) {
  return MakeDnsProbe(context.loop, context.scheduler, check);
}

}  // namespace preflight
