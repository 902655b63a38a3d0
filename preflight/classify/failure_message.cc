// Line-by-line recognition of GoogleTest 1.12's assertion message layouts.
#include "preflight/classify/failure_message.h"

namespace preflight {
namespace {

bool StartsWith(std::string_view line, std::string_view prefix) {
  return line.substr(0, prefix.size()) == prefix;
}

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

// Cuts the description out of `C++ exception with description "X" thrown in the test body.`
// (X may span lines) and ASSERT_NO_THROW's `it throws T with description "X".`, returning X
// and leaving the rest of the message in `message`.
std::vector<std::string> TakeExceptionDescriptions(std::string& message) {
  std::vector<std::string> descriptions;
  for (std::string_view open : {"C++ exception with description \"", "with description \""}) {
    for (size_t at; (at = message.find(open)) != std::string::npos;) {
      const size_t begin = at + open.size();
      size_t close = message.find("\" thrown in ", begin);
      if (close == std::string::npos) close = message.find("\".", begin);
      if (close == std::string::npos) close = message.size();
      descriptions.push_back(message.substr(begin, close - begin));
      size_t line_end = message.find('\n', close);
      message.erase(at, (line_end == std::string::npos ? message.size() : line_end) - at);
    }
  }
  return descriptions;
}

}  // namespace

std::vector<TextPart> SplitFailureMessage(std::string_view original) {
  std::vector<TextPart> parts;
  parts.reserve(4);
  // Most messages have no exception description: no copy of them then.
  std::string rest;
  std::string_view message = original;
  if (original.find("with description \"") != std::string_view::npos) {
    rest = original;
    for (auto& description : TakeExceptionDescriptions(rest))
      parts.push_back({TextKind::kException, std::move(description)});
    message = rest;
  }
  auto add = [&](TextKind kind, std::string_view text) {
    if (TrimLeft(text).empty()) return;
    if (!parts.empty() && parts.back().kind == kind) {
      parts.back().text += '\n';
      parts.back().text += text;
    } else {
      parts.push_back({kind, std::string(text)});
    }
  };
  bool in_equality_operands = false, in_trace = false;
  size_t start = 0;
  while (start <= message.size()) {
    size_t end = message.find('\n', start);
    if (end == std::string_view::npos) end = message.size();
    std::string_view line = message.substr(start, end - start);
    start = end + 1;
    std::string_view trimmed = TrimLeft(line);
    if (in_trace) {
      add(TextKind::kTrace, line);
    } else if (StartsWith(line, "Google Test trace:")) {
      in_trace = true;
    } else if (StartsWith(line, "Expected equality of these values:") ||
               StartsWith(line, "Expected: (") || StartsWith(line, "The difference between")) {
      // `Expected: (a) != (b), actual: X vs Y`: the values after "actual:" are evidence.
      size_t actual = line.find(", actual: ");
      add(TextKind::kExpression, line.substr(0, actual));
      if (actual != std::string_view::npos) add(TextKind::kMessage, line.substr(actual + 10));
      in_equality_operands = StartsWith(line, "Expected equality");
    } else if (StartsWith(trimmed, "Which is: ") || StartsWith(trimmed, "Actual: ")) {
      add(TextKind::kMessage, trimmed.substr(trimmed.find(": ") + 2));
    } else if (StartsWith(line, "Value of: ") || StartsWith(line, "Expected: ") ||
               StartsWith(trimmed, "To be equal to: ") || StartsWith(line, "Death test: ")) {
      add(TextKind::kExpression, line);
    } else if (in_equality_operands && StartsWith(line, "  ")) {
      add(TextKind::kExpression, line);  // an operand's source text
    } else {
      in_equality_operands = false;
      add(TextKind::kMessage, line);  // streamed text, FAIL() messages, ADD_FAILURE() text
    }
    if (end == message.size()) break;
  }
  return parts;
}

constexpr size_t kMaxEvidence = 300;

std::string LineAround(std::string_view text, size_t at) {
  size_t begin = text.rfind('\n', at);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  size_t end = text.find('\n', at);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(begin, end - begin);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  if (line.size() > kMaxEvidence) {
    size_t offset = at - begin > kMaxEvidence / 2 ? at - begin - kMaxEvidence / 2 : 0;
    return "…" + std::string(line.substr(offset, kMaxEvidence)) + "…";
  }
  return std::string(line);
}

}  // namespace preflight
