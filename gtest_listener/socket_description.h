// How the network recorder names what a socket call saw: an address as host and port (127.0.0.1
// and ::1 are one host, "loopback"; an IPv4-mapped IPv6 address is its IPv4), a Unix socket's
// path, and an errno as a failure of the environment.
#pragma once

#include <sys/socket.h>

#include <string>

namespace preflight {

struct SocketAddress {
  std::string text;  // "127.0.0.1:80", "[::1]:80"
  std::string host;  // "loopback", "10.0.0.7", "fe80::1", "*" (any address)
  std::string ip;    // "127.0.0.1", "::1"
  int port = 0;
};

// `address` is AF_INET or AF_INET6 (IsInternet).
SocketAddress DescribeAddress(const sockaddr* address);
bool IsInternet(const sockaddr* address);

// The path of an AF_UNIX address ("" for an abstract one).
std::string UnixSocketPath(const sockaddr* address);

// "refused", "timed out", ... and its category ("connect", "timeout"), or null for errors that
// say nothing about the environment.
const char* SocketFailure(int error, const char** category);

}  // namespace preflight
