// The results of a test suite run, classified: what the listener collects and every test report
// (preflight.tests/v1 JSON, JUnit XML, Markdown, console summary) renders.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "preflight/classify/classifier.h"
#include "preflight/util/duration.h"
#include "preflight/util/redactor.h"

namespace preflight {

enum class TestOutcome { kPassed, kFailed, kSkipped };
std::string_view ToString(TestOutcome outcome);

// A failed attempt of a test that `preflight run` re-ran.
struct FailedAttempt {
  FailureKind kind = FailureKind::kInfra;
  std::string category;
  std::string message;
  std::string summary;  // one line for JUnit's message attribute
};

struct TestRecord {
  std::string suite;  // GoogleTest's test suite name (JUnit classname)
  std::string name;   // the test's name; "[SetUpTestSuite]"-style for failures outside tests
  TestOutcome outcome = TestOutcome::kPassed;
  std::optional<Classification> classification;  // for failures
  std::string message;                           // the failure text(s), redacted
  std::string location;                          // file:line of the first failure
  std::string skip_reason;                       // for skipped tests
  int attempts = 1;
  std::vector<FailedAttempt> earlier_failures;  // attempts before the last, oldest first
  Duration duration{0};

  // One line for a report's message attribute: the evidence, else the first line of the message.
  std::string summary() const;
  std::string full_name() const { return suite.empty() ? name : suite + "." + name; }
  bool failed_for(FailureKind kind) const {
    return outcome == TestOutcome::kFailed && classification && classification->kind == kind;
  }
};

struct TestSummary {
  int total = 0, passed = 0, failed_code = 0, failed_config = 0, failed_infra = 0, skipped = 0,
      flaky = 0;
};

TestSummary Summarize(const std::vector<TestRecord>& tests);

// Masks every text of `tests` (messages, evidence, skip reasons, earlier attempts) with
// `redactor`: what a suite's own report quotes is as secret as what it printed.
void RedactTestRecords(std::vector<TestRecord>& tests, const Redactor& redactor);

// 1 if any test failed in code (code wins), else 2 if any failed for configuration, else 75 if
// any failed for infrastructure, else 0.
int ExitCodeFor(const std::vector<TestRecord>& tests);

// "31 tests: 22 passed, 1 skipped, 5 failed for infrastructure (3 connect, 1 dns, 1 http_5xx),
// 1 failed for configuration (1 credentials), 3 failed in code".
// `also_passed`: passing tests that are not in `tests` (the listener keeps those compact).
std::string SummaryLine(const std::vector<TestRecord>& tests, int also_passed = 0);

}  // namespace preflight
