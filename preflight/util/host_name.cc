// RFC 1123 host names as DNS holds them (labels of letters, digits, '-' and, for service names,
// '_'), and RFC 3696 §2: no top-level domain is all digits.
#include "preflight/util/host_name.h"

#include <fmt/format.h>
#include <algorithm>

namespace preflight {
namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool AllowedInALabel(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::optional<std::string> WhyNotAHostName(std::string_view name) {
  if (name.empty()) return std::nullopt;
  std::string_view rest = name;
  if (rest.ends_with('.')) rest.remove_suffix(1);  // written fully qualified
  if (rest.empty() || rest.size() > 253)
    return fmt::format("a name is 1 to 253 characters, not {}", rest.size());
  std::string_view last;
  for (size_t start = 0; start <= rest.size();) {
    const size_t dot = std::min(rest.find('.', start), rest.size());
    const std::string_view label = rest.substr(start, dot - start);
    if (label.empty()) return std::string("it has an empty label");
    if (label.size() > 63)
      return fmt::format("a label is at most 63 characters, not {}", label.size());
    if (auto bad = std::ranges::find_if_not(label, AllowedInALabel); bad != label.end())
      return fmt::format("'{}' is not allowed in a host name", *bad);
    last = label;
    start = dot + 1;
  }
  if (std::ranges::all_of(last, IsDigit))
    return std::string("its last label is all digits, as no top-level domain is");
  return std::nullopt;
}

}  // namespace preflight
