// The little of the DNS wire format (RFC 1035) the network watcher needs to follow a resolver
// that speaks DNS itself (c-ares, as in gRPC and libcurl's c-ares builds): whether a datagram is
// a query or a response, for which name, and the response's code and answer count.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace preflight {

struct DnsMessage {
  bool response = false;
  int rcode = 0;         // 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED
  int answers = 0;       // ANCOUNT
  std::string question;  // the first question's name, "api.staging.example"
};

// None when `data` is not a DNS message with exactly one question (most datagrams are not).
std::optional<DnsMessage> ParseDnsMessage(const void* data, size_t size);

}  // namespace preflight
