// Counting and one-line summaries of classified test results.
#include "preflight/report/test_results.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>

#include "preflight/exit_code.h"

namespace preflight {

std::string_view ToString(TestOutcome outcome) {
  switch (outcome) {
    case TestOutcome::kPassed:
      return "passed";
    case TestOutcome::kFailed:
      return "failed";
    case TestOutcome::kSkipped:
      return "skipped";
  }
  return "unknown";
}

// The line that matters: the evidence; else what the test streamed; else what it got against
// what it expected; never GoogleTest's "Expected equality of these values:".
std::string TestRecord::summary() const {
  if (classification && classification->evidence) return classification->evidence->text;
  const std::string first = message.substr(0, message.find("\n---\n"));
  const ParsedFailure parsed = ParseFailureMessage(first);
  for (const auto& part : parsed.parts) {
    if (part.kind == TextKind::kException) return part.text.substr(0, part.text.find('\n'));
    if (part.kind == TextKind::kMessage || part.kind == TextKind::kExplanation)
      if (size_t at = first.find(part.text); at != std::string::npos) return LineAround(first, at);
  }
  if (!parsed.actual_values.empty())
    return parsed.expected_values.empty()
               ? fmt::format("got {}", parsed.actual_values.front())
               : fmt::format("got {}, expected {}", parsed.actual_values.front(),
                             parsed.expected_values.front());
  return message.substr(0, message.find('\n'));
}

TestSummary Summarize(const std::vector<TestRecord>& tests) {
  TestSummary s;
  for (const auto& t : tests) {
    ++s.total;
    if (t.outcome == TestOutcome::kPassed) ++s.passed;
    if (t.outcome == TestOutcome::kPassed && t.attempts > 1) ++s.flaky;
    if (t.outcome == TestOutcome::kSkipped) ++s.skipped;
    if (t.failed_for(FailureKind::kInfra)) ++s.failed_infra;
    if (t.failed_for(FailureKind::kConfig)) ++s.failed_config;
    if (t.outcome == TestOutcome::kFailed && !t.failed_for(FailureKind::kInfra) &&
        !t.failed_for(FailureKind::kConfig))
      ++s.failed_code;
  }
  return s;
}

int ExitCodeFor(const std::vector<TestRecord>& tests) {
  const TestSummary summary = Summarize(tests);
  if (summary.failed_code > 0) return kExitCodeFailure;
  if (summary.failed_config > 0) return kExitUsage;
  if (summary.failed_infra > 0) return kExitInfra;
  return kExitOk;
}

std::string SummaryLine(const std::vector<TestRecord>& tests, int also_passed) {
  TestSummary s = Summarize(tests);
  s.total += also_passed;
  s.passed += also_passed;
  auto categories_of = [&](FailureKind kind) {
    std::map<std::string, int> counts;
    for (const auto& t : tests)
      if (t.failed_for(kind)) ++counts[t.classification->category];
    std::vector<std::string> out;
    for (const auto& [category, count] : counts)
      out.push_back(fmt::format("{} {}", count, category));
    return fmt::format("{}", fmt::join(out, ", "));
  };
  std::vector<std::string> parts{fmt::format("{} passed", s.passed)};
  if (s.flaky) parts.back() += fmt::format(" ({} flaky)", s.flaky);
  if (s.skipped) parts.push_back(fmt::format("{} skipped", s.skipped));
  if (s.failed_infra)
    parts.push_back(fmt::format("{} failed for infrastructure ({})", s.failed_infra,
                                categories_of(FailureKind::kInfra)));
  if (s.failed_config)
    parts.push_back(fmt::format("{} failed for configuration ({})", s.failed_config,
                                categories_of(FailureKind::kConfig)));
  if (s.failed_code) parts.push_back(fmt::format("{} failed in code", s.failed_code));
  return fmt::format("{} test{}: {}", s.total, s.total == 1 ? "" : "s", fmt::join(parts, ", "));
}

void RedactTestRecords(std::vector<TestRecord>& tests, const Redactor& redactor) {
  auto mask = [&](std::string& text) {
    if (!text.empty()) text = redactor.Redact(text);
  };
  for (TestRecord& t : tests) {
    mask(t.message);
    mask(t.skip_reason);
    if (t.classification) {
      if (t.classification->evidence) mask(t.classification->evidence->text);
      if (t.classification->near_miss) mask(t.classification->near_miss->text);
    }
    for (FailedAttempt& attempt : t.earlier_failures) {
      mask(attempt.message);
      mask(attempt.summary);
    }
  }
}

}  // namespace preflight
