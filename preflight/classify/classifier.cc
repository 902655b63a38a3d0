// Per text part, the built-in patterns whose atoms occur in it (rule_prefilter.h), each compiled
// on first use and searched; then the winning rule's pattern again to extract the evidence line.
#include "preflight/classify/classifier.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <algorithm>
#include <mutex>

#include "preflight/classify/library_codes.h"
#include "preflight/classify/rule_prefilter.h"
#include "preflight/util/redactor.h"

namespace preflight {
namespace {

constexpr int64_t kRe2Memory = 64 << 20;  // enough DFA memory for megabyte-long messages

// What the code produced: by default messages and exception descriptions; the trace (context the
// test wrote) only for explicit tags and rules that ask for it.
bool AppliesTo(const Rule& rule, TextKind kind) {
  if (kind == TextKind::kValue) kind = TextKind::kMessage;  // "message" covers both for users
  if (kind != TextKind::kMessage && kind != TextKind::kException && kind != TextKind::kTrace)
    return false;
  if (rule.applies_to.empty()) return kind != TextKind::kTrace || rule.name == "explicit.scope";
  return std::find(rule.applies_to.begin(), rule.applies_to.end(), kind) != rule.applies_to.end();
}

// Words that make an expected text an error text even when no rule knows it, in any case:
// `HasSubstr("timed out")`, `"DNS server did not respond"`, `StartsWith("ECONNRESET")`.
constexpr std::string_view kErrorWords =
    R"((?i)\b(errors?|errno|fail(s|ed|ure)?|refused|timed? ?out|timeouts?|unavailable|unreachable|)"
    R"(broken pipe|no route|name resolution|not known|)"
    R"(reset|denied|abort(ed)?|exceptions?|not respond\w*|no response|not found|does not exist|)"
    R"(invalid|cannot|can't|could not|couldn't|unable|(?-i:E[A-Z]{4,})|)"
    R"((?-i:(CURLE|ARES|EAI|PGRES|CONNECTION)_[A-Z_]+))\b)";

bool IsGatewayStatus(std::string_view text) {
  for (std::string_view status : {"502", "503", "504"}) {
    for (size_t at = text.find(status); at != std::string_view::npos;
         at = text.find(status, at + 1)) {
      const bool starts = at == 0 || !std::isdigit(static_cast<unsigned char>(text[at - 1]));
      const bool ends =
          at + 3 == text.size() || !std::isdigit(static_cast<unsigned char>(text[at + 3]));
      if (starts && ends) return true;
    }
  }
  return false;
}

// `has no substring "error"`, `isn't equal to "timeout"`, `not (contains "refused")`.
bool IsNegatedMatcher(std::string_view expected) {
  for (std::string_view negation :
       {"has no substring", "isn't", "is not", "not (", "doesn't", "does not", "never"})
    if (expected.starts_with(negation)) return true;
  return false;
}

bool IsConstantChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}

// The constants a test's source compares with: `Error::Connection`, `CURLE_COULDNT_CONNECT`.
std::vector<std::string_view> ConstantsIn(std::string_view source) {
  std::vector<std::string_view> constants;
  for (size_t at = 0; at < source.size();) {
    if (!IsConstantChar(source[at])) {
      ++at;
      continue;
    }
    size_t end = at;
    while (end < source.size() && IsConstantChar(source[end])) ++end;
    const std::string_view token = source.substr(at, end - at);
    const bool macro_like = token.size() >= 4 && token.find('_') != std::string_view::npos &&
                            std::none_of(token.begin(), token.end(), ::islower);
    if (IsQualifiedName(token) || macro_like) constants.push_back(token);
    at = end;
  }
  return constants;
}

// The earliest stage the expected side names: expected values, explanations, and the constants
// in the source (never the source's other words: `client.connect()` tests no stage).
void FindTestedStage(const std::vector<TextPart>& parts, Classification& result) {
  auto consider = [&](std::string_view text) {
    if (MeansSuccess(text)) return;
    const std::optional<NetworkStage> stage = StageNamedBy(text);
    if (!stage || (result.tested_stage && *result.tested_stage <= *stage)) return;
    result.tested_stage = stage;
    result.tested_text = LineAround(text, 0);
    if (result.tested_text.size() > 120)
      result.tested_text = result.tested_text.substr(0, 120) + "…";
  };
  for (const TextPart& part : parts) {
    if (part.kind == TextKind::kExpected || part.kind == TextKind::kExplanation) {
      if (!IsNegatedMatcher(part.text)) consider(part.text);
    } else if (part.kind == TextKind::kExpression) {
      for (std::string_view constant : ConstantsIn(part.text)) consider(constant);
    }
  }
}

}  // namespace

struct Classifier::Compiled {
  std::vector<Rule> rules;  // the user's, then the built-in ones
  RE2::Options options;
  std::vector<size_t> pattern_rule;        // pattern index → rule index
  std::vector<size_t> rule_first_pattern;  // a rule's patterns are consecutive
  size_t user_patterns = 0;                // searched in every text; the built-in ones follow
  RulePrefilter builtin;                   // which built-in patterns a text may match
  // Per pattern, compiled when a text first contains one of its atoms (most never do).
  mutable std::vector<std::unique_ptr<RE2>> regexes;
  std::unique_ptr<std::once_flag[]> compiled_once;
  mutable std::unique_ptr<RE2> error_words;  // kErrorWords, for what the test expected
  mutable std::once_flag error_words_once;

  const std::string& Pattern(size_t pattern) const {
    const size_t r = pattern_rule[pattern];
    return rules[r].patterns[pattern - rule_first_pattern[r]];
  }
  const RE2& Regex(size_t pattern) const {
    std::call_once(compiled_once[pattern], [&] {
      if (!regexes[pattern]) regexes[pattern] = std::make_unique<RE2>(Pattern(pattern), options);
    });
    return *regexes[pattern];
  }
  // The patterns that match `text`, ascending, the first of each rule.
  std::vector<int> Matching(std::string_view text) const {
    std::vector<int> hits;
    for (size_t p = 0; p < user_patterns; ++p)
      if (RE2::PartialMatch(text, Regex(p))) hits.push_back(static_cast<int>(p));
    for (int candidate : builtin.Candidates(text)) {
      const size_t p = user_patterns + candidate;
      // One pattern of a rule is enough: callers ask which rules matched, and where first.
      if (!hits.empty() && pattern_rule[hits.back()] == pattern_rule[p]) continue;
      if (RE2::PartialMatch(text, Regex(p))) hits.push_back(static_cast<int>(p));
    }
    return hits;
  }
  bool HasErrorWords(std::string_view text) const {
    std::call_once(error_words_once,
                   [&] { error_words = std::make_unique<RE2>(kErrorWords, options); });
    return RE2::PartialMatch(text, *error_words);
  }
};

Classifier::Classifier(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;
Classifier::~Classifier() = default;

std::expected<Classifier, std::string> Classifier::Create(std::vector<Rule> user_rules) {
  auto compiled = std::make_unique<Compiled>();
  compiled->options.set_log_errors(false);
  compiled->options.set_max_mem(kRe2Memory);
  const size_t user_rule_count = user_rules.size();
  compiled->rules = std::move(user_rules);
  const auto& builtin = BuiltinRules();
  compiled->rules.insert(compiled->rules.end(), builtin.begin(), builtin.end());
  for (size_t r = 0; r < compiled->rules.size(); ++r) {
    compiled->rule_first_pattern.push_back(compiled->pattern_rule.size());
    for (const auto& pattern : compiled->rules[r].patterns) {
      if (r < user_rule_count) {  // the user's patterns are checked now, the built-in at build
        auto regex = std::make_unique<RE2>(pattern, compiled->options);
        if (!regex->ok())
          return std::unexpected(fmt::format("rule {}: invalid pattern \"{}\": {}",
                                             compiled->rules[r].name, pattern, regex->error()));
        compiled->regexes.push_back(std::move(regex));
        ++compiled->user_patterns;
      } else {
        compiled->regexes.emplace_back();
      }
      compiled->pattern_rule.push_back(r);
    }
  }
  if (compiled->regexes.size() - compiled->user_patterns != compiled->builtin.pattern_count())
    return std::unexpected("the built-in rules' atoms are out of date: rebuild preflight");
  compiled->compiled_once = std::make_unique<std::once_flag[]>(compiled->regexes.size());
  return Classifier(std::move(compiled));
}

Classification Classifier::Classify(std::string_view message) const {
  const Compiled& c = *compiled_;
  const ParsedFailure parsed = ParseFailureMessage(message);
  const std::vector<TextPart>& parts = parsed.parts;
  // Streamed notes are evidence when the assertion checked that a call succeeded (it expected
  // CONNECTION_OK, 0, 200, true...), when its values look like a failed call (false, null,
  // empty), or when it compared none (FAIL() << ...). Beside a specific value the code got
  // wrong ("fatal" where "retryable" was expected, 400 for 800) a note explains, it does not
  // observe.
  const bool notes_observe =
      parsed.actual_values.empty() ||
      std::any_of(parsed.actual_values.begin(), parsed.actual_values.end(),
                  [](const std::string& value) { return LooksLikeAFailedCall(value); }) ||
      std::any_of(parsed.expected_values.begin(), parsed.expected_values.end(),
                  [](const std::string& value) { return MeansSuccess(value); });
  // Per rule, the first part where it matched what the code produced. Separately, the first
  // part where the test expected (or explained) an error text.
  std::vector<int> matched_part(c.rules.size(), -1);
  std::vector<size_t> matched_pattern(c.rules.size());  // the pattern that matched there
  int expected_part = -1;
  std::vector<int> error_values;  // value parts holding an infra or config text

  for (size_t p = 0; p < parts.size(); ++p) {
    const TextKind kind = parts[p].kind;
    if (kind == TextKind::kExpected || kind == TextKind::kExplanation) {
      if (expected_part >= 0) continue;
      // A known infra or config text; where the test wrote an expected value, also an error word
      // in any case (`"connection refused"`, `HasSubstr("timed out")`), unless the matcher is
      // negated (`Not(HasSubstr("error"))`: the test expects no error at all).
      if (kind == TextKind::kExpected &&
          (IsNegatedMatcher(parts[p].text) || MeansSuccess(parts[p].text)))
        continue;
      const std::vector<int> hits = c.Matching(parts[p].text);
      const bool known_error = std::any_of(hits.begin(), hits.end(), [&](int hit) {
        const Rule& rule = c.rules[c.pattern_rule[hit]];
        return rule.kind != FailureKind::kCode && rule.name != "explicit.scope";
      });
      if (known_error || (kind == TextKind::kExpected && c.HasErrorWords(parts[p].text)))
        expected_part = static_cast<int>(p);
      continue;
    }
    if (kind == TextKind::kExpression || (kind == TextKind::kMessage && !notes_observe)) continue;
    for (int hit : c.Matching(parts[p].text)) {
      const size_t r = c.pattern_rule[hit];
      if (AppliesTo(c.rules[r], kind) && matched_part[r] < 0) {
        matched_part[r] = static_cast<int>(p);
        matched_pattern[r] = static_cast<size_t>(hit);
      }
      const bool error_text =
          c.rules[r].kind != FailureKind::kCode && c.rules[r].name != "explicit.scope";
      if (kind == TextKind::kValue && error_text &&
          (error_values.empty() || error_values.back() != static_cast<int>(p)))
        error_values.push_back(static_cast<int>(p));
    }
  }
  auto evidence_of = [&](size_t r, size_t p, std::string* capture) {
    const RE2& re = c.Regex(matched_pattern[r]);
    const TextPart& part = parts[p];
    re2::StringPiece input(part.text), match;
    size_t at = 0;
    if (re.Match(input, 0, input.size(), RE2::UNANCHORED, &match, 1)) {
      if (capture != nullptr && re.NumberOfCapturingGroups() >= 1)
        RE2::PartialMatch(part.text, re, capture);
      at = static_cast<size_t>(match.data() - part.text.data());
    }
    return Evidence{c.rules[r].name, Redactor().Redact(LineAround(part.text, at)), part.kind};
  };

  Classification result;
  // 1. Explicit tags.
  for (size_t r = 0; r < c.rules.size() && !result.evidence; ++r) {
    if (matched_part[r] < 0 || c.rules[r].name != "explicit.scope") continue;
    result.evidence = evidence_of(r, matched_part[r], &result.category);
    result.kind = FailureKind::kInfra;
  }
  // 2. The test expected an error, or is about one: what it got instead is the code's doing. A
  // gMock failure is the test's own interaction check, whatever its arguments say.
  auto code_by_structure = [&](std::string text, TextKind where) {
    result.evidence = Evidence{"structure.expected_error", Redactor().Redact(text), where};
    result.category = "assertion";
  };
  if (!result.evidence && IsGmockFailure(message))
    code_by_structure("a gMock expectation failed: the test's own interaction check",
                      TextKind::kExpected);
  if (!result.evidence && (message.starts_with("Death test: ") ||
                           message.find("\nDeath test: ") != std::string_view::npos))
    code_by_structure("a death test's expectation failed: it is about the crash",
                      TextKind::kExpected);
  if (!result.evidence && expected_part >= 0)
    code_by_structure("the test expected this error: " + LineAround(parts[expected_part].text, 0),
                      parts[expected_part].kind);
  // Two values that are both error texts (`system:111 (Connection refused)` against
  // `system:110 (Connection timed out)`): the test compared errors, it is about them.
  if (!result.evidence && error_values.size() >= 2)
    code_by_structure(
        "the test compared two errors: " + LineAround(parts[error_values[0]].text, 0) + " / " +
            LineAround(parts[error_values[1]].text, 0),
        TextKind::kValue);
  for (const StatusComparison& status : parsed.statuses) {
    if (result.evidence || !IsGatewayStatus(status.expected)) continue;
    code_by_structure(fmt::format("the test expected {} to be {}, it was {}", status.expression,
                                  status.expected, status.actual),
                      TextKind::kExpected);
  }
  // 3. Code, config, then infrastructure rules, each in rule order.
  for (FailureKind kind : {FailureKind::kCode, FailureKind::kConfig, FailureKind::kInfra}) {
    for (size_t r = 0; r < c.rules.size() && !result.evidence; ++r) {
      const Rule& rule = c.rules[r];
      if (matched_part[r] < 0 || rule.kind != kind || rule.name == "explicit.scope") continue;
      result.evidence = evidence_of(r, matched_part[r], nullptr);
      result.kind = rule.kind;
      result.category = rule.category;
    }
  }
  // 4. A status-like value that is a gateway's 502/503/504, with nothing else in the text.
  for (const StatusComparison& status : parsed.statuses) {
    if (result.evidence || !IsGatewayStatus(status.actual)) continue;
    result.kind = FailureKind::kInfra;
    result.category = "http_5xx";
    result.evidence = Evidence{"structure.status_5xx",
                               fmt::format("{} was {} (the test expected {})", status.expression,
                                           status.actual, status.expected),
                               TextKind::kMessage};
  }
  if (!result.evidence) {
    const bool thrown = std::any_of(parts.begin(), parts.end(), [](const TextPart& p) {
      return p.kind == TextKind::kException;
    });
    result.category = thrown ? "exception" : "assertion";
    // A failed check of success (it expected CONNECTION_OK, 200, true) is a failed call too; a
    // test that expected a failure (false, -1, null: it probed a failure path on purpose) never.
    const bool expected_a_failure = std::any_of(
        parsed.expected_values.begin(), parsed.expected_values.end(), [](const std::string& value) {
          return LooksLikeAFailedCall(value) && value != "true" && value != "0" &&
                 value != "\"\"" && value != "{}" && value != "[]";
        });
    // `EXPECT_EQ(errors, 0)` showing 3 checked a count, not a call: 0 alone is no success check.
    const bool checked_success =
        std::any_of(parsed.actual_values.begin(), parsed.actual_values.end(),
                    [](const std::string& value) { return LooksLikeAFailedCall(value); }) ||
        std::any_of(parsed.expected_values.begin(), parsed.expected_values.end(),
                    [](const std::string& value) { return value != "0" && MeansSuccess(value); });
    // An exception out of the test body is a call that failed as much as `false` is.
    result.looks_like_failed_call = (checked_success || thrown) && !expected_a_failure;
    for (size_t p = 0; p < parts.size() && !result.near_miss; ++p) {
      if (parts[p].kind != TextKind::kExpression) continue;
      for (int hit : c.Matching(parts[p].text)) {
        const Rule& rule = c.rules[c.pattern_rule[hit]];
        if (rule.kind != FailureKind::kInfra) continue;
        result.near_miss = Evidence{rule.name, "", TextKind::kExpression};
        result.near_miss->text = "matched the test's own source text, which is not evidence: " +
                                 Redactor().Redact(LineAround(parts[p].text, 0));
        break;
      }
    }
  }
  // Only a code failure can be turned by the network evidence that the tested stage qualifies.
  if (result.kind == FailureKind::kCode) {
    FindTestedStage(parts, result);
    if (parsed.expected_values.size() == 1 && parsed.actual_values.size() == 1) {
      const std::optional<long> expected = ParseInteger(parsed.expected_values[0]);
      const std::optional<long> actual = ParseInteger(parsed.actual_values[0]);
      if (expected && actual) result.compared_numbers = {*expected, *actual};
    }
  }
  return result;
}

FailureKind KindOfErrorText(std::string_view text) {
  static const Classifier builtin = std::move(*Classifier::Create());
  return builtin.Classify(text).kind;
}

}  // namespace preflight
