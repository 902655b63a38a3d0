// GoogleTest marks the start of each test with `[ RUN      ] Suite.Name`; with colours on, an
// escape sequence sits between the two. Reports get plain text: escape sequences are removed.
#include "preflight/runtime/test_output.h"

namespace preflight {
namespace {

// Without ANSI CSI sequences (ESC [ parameters final-byte), e.g. colours.
std::string WithoutEscapes(std::string_view text) {
  std::string plain;
  plain.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      i += 2;
      while (i < text.size() && !(text[i] >= '@' && text[i] <= '~')) ++i;
      continue;
    }
    plain += text[i];
  }
  return plain;
}

}  // namespace

std::string TestOutputTail(std::string_view output, std::string_view test, size_t max_bytes) {
  const std::string plain = WithoutEscapes(output);
  const std::string marker = "[ RUN      ] " + std::string(test);
  std::string_view text = plain;
  size_t start = 0;
  for (size_t at = text.rfind(marker); at != std::string_view::npos;
       at = at == 0 ? std::string_view::npos : text.rfind(marker, at - 1)) {
    const size_t end = at + marker.size();
    // Exactly this test, not one whose name starts with it (Suite.Name vs Suite.Name2).
    if (end == text.size() || text[end] == '\n' || text[end] == '\r') {
      start = text.rfind('\n', at);
      start = start == std::string_view::npos ? 0 : start + 1;
      break;
    }
  }
  std::string_view tail = text.substr(start);
  if (tail.size() > max_bytes) {
    tail = tail.substr(tail.size() - max_bytes);
    if (size_t line = tail.find('\n'); line != std::string_view::npos && line + 1 < tail.size())
      tail.remove_prefix(line + 1);
  }
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.remove_suffix(1);
  return std::string(tail);
}

}  // namespace preflight
