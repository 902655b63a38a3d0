// Writing JSON text directly, for reports with thousands of entries where building a
// nlohmann::json tree first costs more than the whole test run it describes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace preflight {

// Appends `text` as a JSON string literal (quotes, escapes; invalid UTF-8 bytes become U+FFFD).
void AppendJsonString(std::string& out, std::string_view text);

// The value of `text` when it is exactly one JSON string literal (spaces around it allowed), else
// nullopt: a fast path for line-by-line input; anything else goes to a full JSON parser.
std::optional<std::string> ReadJsonString(std::string_view text);

}  // namespace preflight
