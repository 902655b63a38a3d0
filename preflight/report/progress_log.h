// The listener's progress log (PREFLIGHT_PROGRESS=FILE): which tests will run, which started,
// and each finished test's record, one line each, appended as they happen. When a suite dies
// mid-test, `preflight run` reads it to name the test that was running and to run the rest.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "preflight/report/test_results.h"

namespace preflight {

std::string ProgressPlanLine(const std::string& full_name);   // "plan\tSuite.Test\n"
std::string ProgressStartLine(const std::string& full_name);  // "start\tSuite.Test\n"
std::string ProgressEndLine(const TestRecord& record);        // "end\t{...record...}\n"

struct SuiteProgress {
  std::vector<std::string> planned;
  std::vector<std::string> started;
  std::vector<TestRecord> finished;

  // Started but not finished: the test that was running when the suite died.
  std::vector<std::string> Unfinished() const;
  // Planned but never started.
  std::vector<std::string> NotStarted() const;
};

std::expected<SuiteProgress, std::string> ReadProgress(const std::string& path);

}  // namespace preflight
