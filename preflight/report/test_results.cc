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

std::string TestRecord::summary() const {
  if (classification && classification->evidence) return classification->evidence->text;
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
    if (t.outcome == TestOutcome::kFailed && !t.failed_for(FailureKind::kInfra)) ++s.failed_code;
  }
  return s;
}

int ExitCodeFor(const std::vector<TestRecord>& tests) {
  const TestSummary summary = Summarize(tests);
  if (summary.failed_code > 0) return kExitCodeFailure;
  if (summary.failed_infra > 0) return kExitInfra;
  return kExitOk;
}

std::string SummaryLine(const std::vector<TestRecord>& tests, int also_passed) {
  TestSummary s = Summarize(tests);
  s.total += also_passed;
  s.passed += also_passed;
  std::map<std::string, int> infra_categories;
  for (const auto& t : tests)
    if (t.failed_for(FailureKind::kInfra)) ++infra_categories[t.classification->category];
  std::vector<std::string> parts{fmt::format("{} passed", s.passed)};
  if (s.flaky) parts.back() += fmt::format(" ({} flaky)", s.flaky);
  if (s.skipped) parts.push_back(fmt::format("{} skipped", s.skipped));
  if (s.failed_infra) {
    std::vector<std::string> categories;
    for (const auto& [category, count] : infra_categories)
      categories.push_back(fmt::format("{} {}", count, category));
    parts.push_back(fmt::format("{} failed for infrastructure ({})", s.failed_infra,
                                fmt::join(categories, ", ")));
  }
  if (s.failed_code) parts.push_back(fmt::format("{} failed in code", s.failed_code));
  return fmt::format("{} test{}: {}", s.total, s.total == 1 ? "" : "s", fmt::join(parts, ", "));
}

}  // namespace preflight
