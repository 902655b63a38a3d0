// GoogleTest failure messages, split by what their parts are: expression source (code, never
// evidence), runtime values and streamed text (evidence), exception descriptions, and the
// `Google Test trace:` section. Classification rules look only at evidence.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace preflight {

enum class TextKind {
  kExpression,  // the test's source: `Expected equality of these values:` operands, `Value of:`
  kMessage,     // runtime values (`Which is:`, `Actual:`) and text streamed with <<
  kException,   // the description of a thrown exception
  kTrace,       // SCOPED_TRACE / PREFLIGHT_INFRA_SCOPE lines
};

struct TextPart {
  TextKind kind;
  std::string text;
};

std::vector<TextPart> SplitFailureMessage(std::string_view message);

// The line of `text` that contains byte offset `at`, trimmed and shortened to 300 bytes around
// `at`: the evidence shown for a match.
std::string LineAround(std::string_view text, size_t at);

}  // namespace preflight
