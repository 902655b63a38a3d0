// Socket addresses and errors in the recorder's words.
#include "socket_description.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

namespace preflight {

SocketAddress DescribeAddress(const sockaddr* address) {
  char ip[INET6_ADDRSTRLEN] = {};
  SocketAddress out;
  if (address->sa_family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(address);
    inet_ntop(AF_INET, &in->sin_addr, ip, sizeof ip);
    out.port = ntohs(in->sin_port);
    out.ip = ip;
    out.text = out.ip + ":" + std::to_string(out.port);
  } else {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    out.port = ntohs(in6->sin6_port);
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
      inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], ip, sizeof ip);
      out.ip = ip;
      out.text = out.ip + ":" + std::to_string(out.port);
    } else {
      inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof ip);
      out.ip = ip;
      out.text = "[" + out.ip + "]:" + std::to_string(out.port);
    }
  }
  out.host = out.ip == "127.0.0.1" || out.ip == "::1" ? "loopback" : out.ip;
  if (out.ip == "0.0.0.0" || out.ip == "::") out.host = "*";
  return out;
}

bool IsInternet(const sockaddr* address) {
  return address != nullptr && (address->sa_family == AF_INET || address->sa_family == AF_INET6);
}

std::string UnixSocketPath(const sockaddr* address) {
  const auto* unix_address = reinterpret_cast<const sockaddr_un*>(address);
  return std::string(unix_address->sun_path,
                     strnlen(unix_address->sun_path, sizeof unix_address->sun_path));
}

const char* SocketFailure(int error, const char** category) {
  *category = "connect";
  switch (error) {
    case ECONNREFUSED:
      return "refused";
    case ECONNRESET:
      return "reset";
    case ECONNABORTED:
      return "aborted";
    case EPIPE:
      return "broken pipe";
    case ENETUNREACH:
      return "network unreachable";
    case EHOSTUNREACH:
      return "host unreachable";
    case ENETDOWN:
      return "network down";
    case EHOSTDOWN:
      return "host down";
    case ETIMEDOUT:
      *category = "timeout";
      return "timed out";
  }
  return nullptr;
}

}  // namespace preflight
