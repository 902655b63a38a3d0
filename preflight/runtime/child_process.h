// Runs a test suite as a child process (libuv uv_spawn): its output goes straight to ours, its
// environment is ours plus a few variables, and SIGINT/SIGTERM are forwarded to its process group.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace preflight {

struct ChildExit {
  int64_t exit_status = 0;
  int term_signal = 0;         // the signal that killed it, or 0
  int forwarded_signal = 0;    // SIGINT/SIGTERM we received and passed on, or 0
  std::string killed_because;  // the watchdog's reason when it killed the suite
};

// Asked every 100 ms while the suite runs; a reason kills the suite's process group (SIGKILL).
using Watchdog = std::function<std::optional<std::string>()>;

// `extra_env` entries are "NAME=VALUE" and override inherited ones. An error (e.g. no such
// program) names the command and the reason.
std::expected<ChildExit, std::string> RunChild(const std::vector<std::string>& argv,
                                               const std::vector<std::string>& extra_env,
                                               const Watchdog& watchdog = {});

}  // namespace preflight
