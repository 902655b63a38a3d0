// Reading a whole text file, with an error that names the file and the reason.
#pragma once

#include <expected>
#include <string>

namespace preflight {

// The file's contents, or "cannot read FILE: REASON".
std::expected<std::string, std::string> ReadTextFile(const std::string& path);

}  // namespace preflight
