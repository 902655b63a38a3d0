// Writing report files atomically: readers see the old file or the whole new one, never half.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace preflight {

// Writes to a temporary file beside `path`, then renames it over `path`.
std::expected<void, std::string> WriteFileAtomically(const std::string& path,
                                                     std::string_view contents);

// Appends with O_APPEND (step summaries, logs that other steps also write to).
std::expected<void, std::string> AppendToFile(const std::string& path, std::string_view contents);

}  // namespace preflight
