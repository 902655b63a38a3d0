// Validation of the host names, addresses and ports that check tables are written with.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace preflight {

bool IsValidHostname(std::string_view host);
bool IsIpAddress(const std::string& text);
// "IP", "IP:PORT", "[IPv6]" or "[IPv6]:PORT".
bool IsValidServer(std::string_view server);

struct HostPort {
  std::string host;  // without brackets
  int port = 0;
};
// "HOST:PORT" or "[IPv6]:PORT" with a port in 1..65535; nullopt otherwise.
std::optional<HostPort> ParseHostPort(std::string_view text);

}  // namespace preflight
