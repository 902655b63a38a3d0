// GoogleTest failure messages, split by what their parts are: the test's source (expressions:
// never evidence), what the test expected (literal operands, constants, matcher descriptions,
// gMock expectations) and what it explains ("must answer 503": an error text in either means the
// test was about that error), the values the code produced (evidence), streamed notes (evidence
// only beside a failed call: the classifier decides), exception descriptions and the
// `Google Test trace:` section. Comparisons of a status-like expression are kept whole.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace preflight {

enum class TextKind {
  kExpression,   // the test's source: `Expected equality of these values:` operands, `Value of:`
  kExpected,     // what the test expected: literal operands, `Expected:` matchers, gMock's
  kExplanation,  // streamed clauses that state rather than observe: "must answer 503", "503s
                 // are transient", "retry after a 504": the test's subject, not its outcome
  kValue,        // runtime values: `Which is:`, `Actual:`, `actual: X vs Y`, a named return code
  kMessage,      // the other streamed text: evidence when the values look like a failed call
  kException,    // the description of a thrown exception
  kTrace,        // SCOPED_TRACE / PREFLIGHT_INFRA_SCOPE lines: context the test wrote; only an
                 // explicit tag there is evidence
};

struct TextPart {
  TextKind kind;
  std::string text;
};

// True when `text` is a test's own gMock failure (an unexpected or missing call, arguments that
// did not match): the test's interaction check, code whatever texts the arguments hold.
bool IsGmockFailure(std::string_view text);

// `EXPECT_EQ(response.status, 200)` failing: the status-like expression, the value it had and
// what the other operand was.
struct StatusComparison {
  std::string expression;  // "response.status"
  std::string actual;      // "503"
  std::string expected;    // "200"
};

struct ParsedFailure {
  std::vector<TextPart> parts;
  std::vector<StatusComparison> statuses;
  // The values the code produced (`Which is:` of a computed operand, `Actual:`), one per line.
  std::vector<std::string> actual_values;
  // What the test compared them with: literal operands, constants, matcher descriptions.
  std::vector<std::string> expected_values;
};

// Whether an expected value is what a successful call gives: a success constant (CURLE_OK,
// CONNECTION_OK, ARES_SUCCESS, "No error"), 0, true, an empty string, "ok", a 2xx status,
// `is empty`.
bool MeansSuccess(std::string_view expected);

// Whether a value looks like what a failed call returns: false, 0, a negative number, null,
// nullopt, an empty string or container, CONNECTION_BAD. `41` where 42 was expected does not.
bool LooksLikeAFailedCall(std::string_view value);

ParsedFailure ParseFailureMessage(std::string_view message);

// `Error::ConnectionTimeout`, `asio::error::connection_refused`: a qualified name, no call.
bool IsQualifiedName(std::string_view expression);

inline std::vector<TextPart> SplitFailureMessage(std::string_view message) {
  return ParseFailureMessage(message).parts;
}

// The line of `text` that contains byte offset `at`, trimmed and shortened to 300 bytes around
// `at`: the evidence shown for a match.
std::string LineAround(std::string_view text, size_t at);

}  // namespace preflight
