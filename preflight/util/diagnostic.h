// A problem found in a user's file: where it is, what is wrong and how to fix it.
#pragma once

#include <string>
#include <vector>

namespace preflight {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when the problem concerns the whole file
  int column = 0;  // 1-based; 0 when unknown
};

struct Diagnostic {
  SourceLocation where;
  std::string message;
  std::string hint;         // how to fix it; may be empty
  std::string source_line;  // the offending line as written; may be empty
};

using Diagnostics = std::vector<Diagnostic>;

// "FILE:LINE:COL: error: MESSAGE", then the source line with a caret, then the hint.
std::string FormatDiagnostic(const Diagnostic& diagnostic);

// Every diagnostic, then a one-line count ("2 errors").
std::string FormatDiagnostics(const Diagnostics& diagnostics);

// Line `line` (1-based) of `text`, without its line terminator; empty if out of range.
std::string LineOf(std::string_view text, int line);

}  // namespace preflight
