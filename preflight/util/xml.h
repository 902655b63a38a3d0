// Escaping text for XML attributes and bodies (JUnit reports).
#pragma once

#include <string>
#include <string_view>

namespace preflight {

// Escapes & < > " ' and replaces characters XML 1.0 forbids (most control characters) by '?'.
std::string XmlEscape(std::string_view text);

}  // namespace preflight
