// Writing JSON text directly, for reports with thousands of entries where building a
// nlohmann::json tree first costs more than the whole test run it describes.
#pragma once

#include <string>
#include <string_view>

namespace preflight {

// Appends `text` as a JSON string literal (quotes, escapes; invalid UTF-8 bytes become U+FFFD).
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace preflight
