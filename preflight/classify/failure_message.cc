// Line-by-line recognition of GoogleTest 1.12's assertion message layouts.
#include "preflight/classify/failure_message.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "preflight/classify/library_codes.h"

namespace preflight {
namespace {

bool StartsWith(std::string_view line, std::string_view prefix) {
  return line.substr(0, prefix.size()) == prefix;
}

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

std::string_view Trim(std::string_view s) {
  s = TrimLeft(s);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsIdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
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

// `response.status`, `r.status_code()`, `static_cast<int>(reply.http_status)`, `GetStatus()`.
bool IsStatusLike(std::string_view expression) {
  std::string_view e = Trim(expression);
  while (!e.empty() && (e.back() == ')' || e.back() == '(')) e.remove_suffix(1);
  size_t begin = e.size();
  while (begin > 0 && IsIdentifierChar(e[begin - 1])) --begin;
  std::string name;
  for (char c : Lower(e.substr(begin)))
    if (c != '_') name += c;
  if (name.starts_with("get")) name = name.substr(3);
  return name == "status" || name == "statuscode" || name == "code" || name == "httpstatus" ||
         name == "httpcode" || name == "responsecode" || name == "httpstatuscode";
}

// An HTTP status as GoogleTest prints an integer: "503".
std::optional<int> StatusValue(std::string_view value) {
  value = Trim(value);
  if (value.size() < 3 || !std::all_of(value.begin(), value.begin() + 3, ::isdigit)) return {};
  if (value.size() > 3 && std::isdigit(static_cast<unsigned char>(value[3]))) return {};
  const int status = (value[0] - '0') * 100 + (value[1] - '0') * 10 + (value[2] - '0');
  if (status < 100 || status > 599) return {};
  return status;
}

}  // namespace

bool IsQualifiedName(std::string_view expression) {
  expression = Trim(expression);
  if (expression.find("::") == std::string_view::npos) return false;
  while (expression.starts_with("::")) expression.remove_prefix(2);
  for (size_t start = 0; start <= expression.size();) {
    size_t end = expression.find("::", start);
    if (end == std::string_view::npos) end = expression.size();
    const std::string_view part = expression.substr(start, end - start);
    if (part.empty() || std::isdigit(static_cast<unsigned char>(part[0])) ||
        !std::all_of(part.begin(), part.end(), IsIdentifierChar))
      return false;
    start = end + 2;
  }
  return true;
}

namespace {

// A constant as tests name them: `CURLE_OPERATION_TIMEDOUT`, `kNotFound`, `Status::kOk`, and any
// qualified name without a call (`Error::ConnectionTimeout`, `asio::error::connection_refused`).
bool IsConstantName(std::string_view expression) {
  expression = Trim(expression);
  if (IsQualifiedName(expression)) return true;
  if (expression.empty() || !std::all_of(expression.begin(), expression.end(), IsIdentifierChar))
    return false;
  const bool upper = std::none_of(expression.begin(), expression.end(), ::islower) &&
                     std::isupper(static_cast<unsigned char>(expression[0]));
  const bool k_name = expression.size() > 1 && expression[0] == 'k' &&
                      std::isupper(static_cast<unsigned char>(expression[1]));
  return upper || k_name;
}

// Operands that are what the test expected: `expected_body`, `kWant`, `golden`, a constant.
bool NamesAnExpectation(std::string_view expression) {
  const std::string lower = Lower(expression);
  return lower.find("expect") != std::string::npos || lower.find("want") != std::string::npos ||
         lower.find("golden") != std::string::npos || IsConstantName(expression);
}

bool IsLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The word of `line` starting at `at` (letters only), if it is one of `words` (any case).
template <size_t N>
size_t WordIn(std::string_view line, size_t at, const std::string_view (&words)[N]) {
  size_t end = at;
  while (end < line.size() && IsLetter(line[end])) ++end;
  const std::string_view word = line.substr(at, end - at);
  for (std::string_view candidate : words) {
    if (candidate.size() != word.size()) continue;
    bool same = true;
    for (size_t i = 0; same && i < word.size(); ++i) same = (word[i] | 0x20) == candidate[i];
    if (same) return word.size();
  }
  return 0;
}

// Splits prose a test streamed into clauses (at , ; : and at words that start an outcome, such
// as "got" or "returned"). A clause with a modal or explanatory word ("must answer 503", "503 is
// transient", "retry after a 504") states what the test is about; the others may observe.
// Only word starts are compared, without copying the line.
void AddProse(std::string_view line, std::vector<std::pair<TextKind, std::string_view>>& out) {
  static constexpr std::string_view kStating[] = {
      "must",    "should",   "expected",  "expecting", "expects", "supposed", "ought",
      "want",    "wanted",   "wants",     "need",      "needs",   "retry",    "retries",
      "retried", "retrying", "retryable", "transient", "if",      "unless",   "whenever"};
  static constexpr std::string_view kOutcome[] = {
      "but", "got",   "actual",  "actually", "received", "instead", "returned", "answered",
      "saw", "found", "however", "while",    "yet",      "gave",    "failed"};
  size_t clause = 0, span = 0;  // the current clause; the run of clauses of one kind before it
  bool stating = false;
  TextKind span_kind = TextKind::kMessage;
  auto close = [&](size_t end) {
    const TextKind kind = stating ? TextKind::kExplanation : TextKind::kMessage;
    if (kind != span_kind && clause > span) {
      out.emplace_back(span_kind, line.substr(span, clause - span));
      span = clause;
    }
    span_kind = kind;
    clause = end;
    stating = false;
  };
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ',' || c == ';' || (c == ':' && (i + 1 == line.size() || line[i + 1] == ' '))) {
      close(i + 1);
      continue;
    }
    if (!IsLetter(c) || (i > 0 && IsIdentifierChar(line[i - 1]))) continue;
    if (WordIn(line, i, kOutcome) > 0) close(i);
    stating = stating || WordIn(line, i, kStating) > 0;
    while (i + 1 < line.size() && IsLetter(line[i + 1])) ++i;
  }
  close(line.size());
  if (line.size() > span) out.emplace_back(span_kind, line.substr(span));
}

struct Operand {
  std::string_view expression;
  std::optional<std::string_view> value;  // none: a literal, printed as itself
};

class Parser {
 public:
  explicit Parser(ParsedFailure& out) : out_(out) {}

  void Add(TextKind kind, std::string_view text) {
    if (TrimLeft(text).empty()) return;
    auto& parts = out_.parts;
    if (!parts.empty() && parts.back().kind == kind) {
      parts.back().text += '\n';
      parts.back().text += text;
    } else {
      parts.push_back({kind, std::string(text)});
    }
  }

  // The operands of `Expected equality of these values:`: a literal is what the test expected;
  // a computed value is what the code produced, unless its name says it is the expectation.
  void FlushEquality() {
    for (const Operand& operand : operands_) {
      if (!operand.value) {
        Add(TextKind::kExpected, operand.expression);
        out_.expected_values.emplace_back(Trim(operand.expression));
        continue;
      }
      const bool expected = NamesAnExpectation(operand.expression);
      if (expected) out_.expected_values.emplace_back(Trim(operand.expression));
      // A constant's name is what the test expected, as much as its value.
      Add(IsConstantName(operand.expression) ? TextKind::kExpected : TextKind::kExpression,
          operand.expression);
      Add(expected ? TextKind::kExpected : TextKind::kValue, *operand.value);
      if (!expected) out_.actual_values.emplace_back(Trim(*operand.value));
    }
    if (operands_.size() == 2) {
      // `EXPECT_EQ(code, CURLE_OK)` showing `Which is: 7`: the number, named.
      for (int i = 0; i < 2; ++i) {
        const Operand& code = operands_[i];
        const Operand& other = operands_[1 - i];
        if (!code.value) continue;
        if (auto named = NameLibraryCode(Trim(code.expression), *code.value, other.expression)) {
          Add(TextKind::kValue, *named);
          break;
        }
      }
      for (int i = 0; i < 2; ++i) {
        const Operand& status = operands_[i];
        const Operand& other = operands_[1 - i];
        if (!IsStatusLike(status.expression) || !status.value || !StatusValue(*status.value))
          continue;
        out_.statuses.push_back({std::string(Trim(status.expression)),
                                 std::string(Trim(*status.value)),
                                 std::string(Trim(other.value.value_or(other.expression)))});
        break;
      }
    }
    operands_.clear();
  }

  void Line(std::string_view line) {
    std::string_view trimmed = TrimLeft(line);
    if (in_trace_) return Add(TextKind::kTrace, line);
    if (in_equality_) {
      if (StartsWith(line, "    Which is: ") && !operands_.empty() && !operands_.back().value) {
        operands_.back().value = line.substr(14);
        return;
      }
      if (StartsWith(line, "  ") && !StartsWith(line, "    ") && !in_diff_) {
        operands_.push_back({line.substr(2), std::nullopt});
        return;
      }
      if (StartsWith(line, "Ignoring case")) return;
      if (StartsWith(line, "With diff:")) {
        in_diff_ = true;
        return;
      }
      // The diff repeats the two operands' values line by line: nothing new.
      if (in_diff_ && (StartsWith(line, "-") || StartsWith(line, "+") || StartsWith(line, " ") ||
                       StartsWith(line, "@@")))
        return;
      in_equality_ = in_diff_ = false;
      FlushEquality();
    }
    if (StartsWith(line, "Google Test trace:")) {
      in_trace_ = true;
    } else if (StartsWith(line, "Expected equality of these values:")) {
      in_equality_ = true;
    } else if (StartsWith(line, "Expected: (") || StartsWith(line, "The difference between")) {
      // `Expected: (a) != (b), actual: X vs Y`: the values after "actual:" are evidence.
      size_t actual = line.find(", actual: ");
      Add(TextKind::kExpression, line.substr(0, actual));
      if (actual != std::string_view::npos) {
        const std::string_view values = line.substr(actual + 10);
        // `Expected: (r.status) < (500), actual: 504 vs 500`.
        const size_t close = line.find(") ");
        if (StartsWith(line, "Expected: (") && close != std::string_view::npos && close < actual) {
          const std::string_view left = line.substr(11, close - 11);
          const std::string_view value = Trim(values.substr(0, values.find(" vs ")));
          if (IsStatusLike(left) && StatusValue(value))
            out_.statuses.push_back({std::string(left), std::string(value),
                                     std::string(line.substr(close + 2, actual - close - 2))});
        }
        Add(TextKind::kValue, values);
        out_.actual_values.emplace_back(Trim(values.substr(0, values.find(" vs "))));
      }
    } else if (StartsWith(trimmed, "Which is: ") || StartsWith(trimmed, "Actual: ")) {
      const std::string_view value = trimmed.substr(trimmed.find(": ") + 2);
      if (StartsWith(trimmed, "Actual: ") && matcher_.actual.empty()) matcher_.actual = value;
      out_.actual_values.emplace_back(Trim(value));
      Add(TextKind::kValue, value);
    } else if (StartsWith(line, "Expected: ") &&
               (line.ends_with(" throws an exception.") ||
                line.ends_with(" doesn't throw an exception.") ||
                (line.find(" throws an exception of type ") != std::string_view::npos &&
                 line.ends_with(".")))) {
      Add(TextKind::kExpression, line);  // EXPECT_THROW / EXPECT_NO_THROW: the statement's source
    } else if (StartsWith(trimmed, "Expected: ") || StartsWith(trimmed, "Expected arg #")) {
      const std::string_view expected = trimmed.substr(trimmed.find(": ") + 2);
      if (matcher_.expected.empty()) matcher_.expected = expected;
      out_.expected_values.emplace_back(Trim(expected));
      Add(TextKind::kExpected, expected);  // matchers, gMock
    } else if (size_t at = line.find(" evaluates to "); at != std::string_view::npos) {
      // EXPECT_PREDn: `Pred(a, b) evaluates to false, where` / `a evaluates to 42`: the left is
      // source; the right is a value, unless it is the source itself (a literal argument).
      std::string_view left = line.substr(0, at), right = line.substr(at + 14);
      if (right.ends_with(", where")) right.remove_suffix(7);
      Add(TextKind::kExpression, left);
      if (Trim(right) != Trim(left)) {
        Add(TextKind::kValue, right);
        out_.actual_values.emplace_back(Trim(right));
      }
    } else if (StartsWith(line, "Value of: ")) {
      if (matcher_.expression.empty()) matcher_.expression = line.substr(10);
      Add(TextKind::kExpression, line);
    } else if (StartsWith(trimmed, "To be equal to: ") || StartsWith(line, "Death test: ") ||
               trimmed.find("EXPECT_CALL(") == 0 ||
               line.find(": EXPECT_CALL(") != std::string_view::npos ||
               line.find(": ON_CALL(") != std::string_view::npos) {
      Add(TextKind::kExpression, line);
    } else {
      prose_.clear();
      AddProse(line, prose_);
      for (auto [kind, text] : prose_) Add(kind, text);
    }
  }

  void Finish() {
    if (in_equality_) FlushEquality();
    // `Value of: response.status` / `Expected: is equal to 200` / `Actual: 503`.
    if (IsStatusLike(matcher_.expression) && StatusValue(matcher_.actual))
      out_.statuses.push_back({std::string(Trim(matcher_.expression)),
                               std::string(Trim(matcher_.actual)),
                               std::string(Trim(matcher_.expected))});
  }

 private:
  ParsedFailure& out_;
  std::vector<Operand> operands_;
  std::vector<std::pair<TextKind, std::string_view>> prose_;
  struct {
    std::string_view expression, expected, actual;
  } matcher_;
  bool in_equality_ = false, in_diff_ = false, in_trace_ = false;
};

}  // namespace

ParsedFailure ParseFailureMessage(std::string_view original) {
  ParsedFailure parsed;
  parsed.parts.reserve(4);
  // Most messages have no exception description: no copy of them then.
  std::string rest;
  std::string_view message = original;
  if (original.find("with description \"") != std::string_view::npos) {
    rest = original;
    for (auto& description : TakeExceptionDescriptions(rest))
      parsed.parts.push_back({TextKind::kException, std::move(description)});
    message = rest;
  }
  Parser parser(parsed);
  size_t start = 0;
  while (start <= message.size()) {
    size_t end = message.find('\n', start);
    if (end == std::string_view::npos) end = message.size();
    parser.Line(message.substr(start, end - start));
    start = end + 1;
    if (end == message.size()) break;
  }
  parser.Finish();
  return parsed;
}

bool MeansSuccess(std::string_view expected) {
  expected = Trim(expected);
  if (expected.starts_with("is equal to ")) expected.remove_prefix(12);
  for (std::string_view success : {"0", "true", "\"\"", "\"ok\"", "\"OK\"", "is empty"})
    if (expected == success) return true;
  if (std::optional<int> status = StatusValue(expected); status && expected.size() == 3)
    return *status >= 200 && *status < 300;
  // grpc::StatusCode::OK, absl::StatusCode::kOk, Status::kSuccess.
  if (size_t scope = expected.rfind("::"); scope != std::string_view::npos) {
    const std::string_view name = expected.substr(scope + 2);
    if (name == "OK" || name == "Ok" || name == "kOk" || name == "kSuccess" || name == "SUCCESS")
      return true;
  }
  // CURLE_OK, PGRES_TUPLES_OK, CONNECTION_OK, ARES_SUCCESS; "No error", "Success".
  for (std::string_view success : {"_OK", "SUCCESS", "No error", "Success"}) {
    for (size_t at = expected.find(success); at != std::string_view::npos;
         at = expected.find(success, at + 1)) {
      const size_t end = at + success.size();
      if (end == expected.size() || !IsIdentifierChar(expected[end])) return true;
    }
  }
  return false;
}

bool IsGmockFailure(std::string_view text) {
  for (std::string_view header :
       {"Unexpected mock function call", "Uninteresting mock function call",
        "Actual function call count doesn't match", "Mock function called more times than expected",
        "Google Mock tried the following"})
    if (text.find(header) != std::string_view::npos) return true;
  return false;
}

bool LooksLikeAFailedCall(std::string_view value) {
  value = Trim(value);
  // `Actual: false (of type bool)`, `Actual: {}, whose size 0 doesn't match`, `Which is: 0`.
  for (std::string_view explanation : {" (of type", ", whose ", ", which "})
    if (size_t at = value.find(explanation); at != std::string_view::npos)
      value = value.substr(0, at);
  // A boolean assertion (EXPECT_TRUE(reply.ok), EXPECT_FALSE(body.empty())) is about a call's
  // outcome as often as not; so are zero, null, empty and a negative return code.
  static constexpr std::string_view kFailed[] = {
      "false",     "true", "0",  "NULL", "nullptr",          "(nullptr)",      "nullopt",
      "(nullopt)", "\"\"", "{}", "[]",   "0-byte object <>", "CONNECTION_BAD", "PGRES_FATAL_ERROR",
      "(nil)"};
  if (std::find(std::begin(kFailed), std::end(kFailed), value) != std::end(kFailed)) return true;
  return value.starts_with("-") && value.size() > 1 &&
         std::all_of(value.begin() + 1, value.end(), ::isdigit);
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
