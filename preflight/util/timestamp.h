// Calendar dates ("2025-09-18") and RFC 3339 instants ("2025-09-18T12:00:00Z"), all in UTC.
#pragma once

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace preflight {

using SysTime = std::chrono::sys_time<std::chrono::milliseconds>;

// "YYYY-MM-DD" with a real calendar date.
std::expected<std::chrono::sys_days, std::string> ParseDate(std::string_view text);

// "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)"; 't' or ' ' may replace 'T', 'z' may replace 'Z'.
std::expected<SysTime, std::string> ParseRfc3339(std::string_view text);

// A date (meaning its first instant, 00:00:00Z) or an RFC 3339 instant: the `--now` option.
std::expected<SysTime, std::string> ParseDateOrInstant(std::string_view text);

std::string FormatRfc3339(SysTime time);  // "2025-09-18T12:00:00Z" (".250" when not whole)
std::string FormatDate(std::chrono::sys_days day);  // "2025-09-18"

}  // namespace preflight
