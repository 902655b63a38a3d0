// Markdown text for CI summaries.
#pragma once

#include <string>

namespace preflight {

// A table cell: one line, no pipes, at most `max` bytes (then "…").
inline std::string MarkdownCell(std::string text, size_t max = 160) {
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '|') c = ' ';
  if (text.size() > max) text = text.substr(0, max) + "…";
  return text;
}

}  // namespace preflight
