// Durations as users write them in config files: "250ms", "45s", "5m", "1m30s", "1.5s".
#pragma once

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace preflight {

// Microseconds: configs are written in ms or coarser, but measured latencies are often < 1 ms.
using Duration = std::chrono::microseconds;

// Parses a sequence of <number><unit> terms (units: ms, s, m, h). On failure returns a message
// saying what is wrong, e.g. "missing unit in \"30\" (write \"30s\")".
std::expected<Duration, std::string> ParseDuration(std::string_view text);

// The shortest exact spelling that ParseDuration reads back: "250ms", "45s", "1m30s";
// below a millisecond, a fraction: "0.25ms".
std::string FormatDuration(Duration duration);

// For reports: fractional milliseconds / seconds.
inline double ToMilliseconds(Duration d) {
  return static_cast<double>(d.count()) / 1e3;
}
inline double ToSeconds(Duration d) {
  return static_cast<double>(d.count()) / 1e6;
}

// A measured time for people: "0.34ms", "12.3ms", "2.8s", "1m05s".
std::string FormatElapsed(Duration duration);

}  // namespace preflight
