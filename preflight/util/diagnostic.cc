// Renders diagnostics the way compilers do, so editors and CI logs can jump to them.
#include "preflight/util/diagnostic.h"

#include <fmt/format.h>

namespace preflight {

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = d.where.file;
  if (d.where.line > 0) out += fmt::format(":{}", d.where.line);
  if (d.where.line > 0 && d.where.column > 0) out += fmt::format(":{}", d.where.column);
  out += fmt::format(": error: {}\n", d.message);
  if (!d.source_line.empty() && d.where.line > 0) {
    std::string gutter = fmt::format("{:>5} | ", d.where.line);
    out += gutter + d.source_line + "\n";
    if (d.where.column > 0) {
      out += fmt::format("{:>5} | {}^\n", "", std::string(d.where.column - 1, ' '));
    }
  }
  if (!d.hint.empty()) out += fmt::format("  hint: {}\n", d.hint);
  return out;
}

std::string FormatDiagnostics(const Diagnostics& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += FormatDiagnostic(d);
  out += fmt::format("{} error{}\n", diagnostics.size(), diagnostics.size() == 1 ? "" : "s");
  return out;
}

std::string LineOf(std::string_view text, int line) {
  if (line <= 0) return {};
  size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  size_t end = text.find('\n', start);
  std::string_view result = text.substr(start, end == std::string_view::npos ? end : end - start);
  if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
  return std::string(result);
}

}  // namespace preflight
