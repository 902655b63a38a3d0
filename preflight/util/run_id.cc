// The time, the host name, the pid and 32 random bits.
#include "preflight/util/run_id.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <random>

namespace preflight {

const std::string& ProcessRunId() {
  static const std::string id = [] {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    std::string name;
    for (const char* c = host; *c != '\0' && name.size() < 40; ++c)
      name += std::isalnum(static_cast<unsigned char>(*c)) || *c == '-' || *c == '.' ? *c : '_';
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    return fmt::format("{:%Y%m%dT%H%M%SZ}-{}-{}-{:08x}", now, name.empty() ? "host" : name,
                       getpid(), std::random_device{}());
  }();
  return id;
}

}  // namespace preflight
