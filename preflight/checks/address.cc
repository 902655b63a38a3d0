// Host names by RFC 1123 labels (underscores allowed, as in service records), addresses by
// inet_pton, ports as decimal 1..65535.
#include "preflight/checks/address.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "preflight/checks/check_type.h"

namespace preflight {
namespace {

std::optional<int> ParsePort(std::string_view text) {
  if (text.empty() || text.size() > 5 || !std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      }))
    return std::nullopt;
  const int number = std::stoi(std::string(text));
  if (number < 1 || number > 65535) return std::nullopt;
  return number;
}

}  // namespace

bool IsValidHostname(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  if (host.back() == '.') host.remove_suffix(1);
  size_t label_start = 0;
  for (size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      std::string_view label = host.substr(label_start, i - label_start);
      if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
        return false;
      label_start = i + 1;
    } else if (!std::isalnum(static_cast<unsigned char>(host[i])) && host[i] != '-' &&
               host[i] != '_') {
      return false;
    }
  }
  return true;
}

bool IsIpAddress(const std::string& text) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

bool IsValidServer(std::string_view server) {
  std::string_view host = server;
  std::optional<std::string_view> port;
  if (server.starts_with('[')) {
    size_t close = server.find(']');
    if (close == std::string_view::npos) return false;
    host = server.substr(1, close - 1);
    std::string_view rest = server.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      port = rest.substr(1);
    }
  } else if (std::count(server.begin(), server.end(), ':') == 1) {
    host = server.substr(0, server.find(':'));
    port = server.substr(server.find(':') + 1);
  }
  if (!IsIpAddress(std::string(host))) return false;
  return !port || ParsePort(*port).has_value();
}

std::optional<HostPort> ParseHostPort(std::string_view text) {
  std::string_view host, port;
  if (text.starts_with('[')) {
    const size_t close = text.find(']');
    if (close == std::string_view::npos || text.substr(close + 1).size() < 2 ||
        text[close + 1] != ':')
      return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
    if (!IsIpAddress(std::string(host))) return std::nullopt;
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (!IsIpAddress(std::string(host)) && !IsValidHostname(host)) return std::nullopt;
  }
  auto number = ParsePort(port);
  if (!number) return std::nullopt;
  return HostPort{std::string(host), *number};
}

std::string JoinHostPort(std::string_view host, std::string_view port) {
  return host.find(':') != std::string_view::npos ? fmt::format("[{}]:{}", host, port)
                                                  : fmt::format("{}:{}", host, port);
}

}  // namespace preflight
