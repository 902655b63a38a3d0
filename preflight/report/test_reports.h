// Renderings of classified test results: preflight.tests/v1 JSON, JUnit XML with the infra/code
// split (<error type="infra:CAT"> vs <failure>), a Markdown summary and Bazel's infrastructure
// failure file.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "preflight/report/test_results.h"

namespace preflight {

// One test as a JSON object (as in the report's "tests" array, and in progress files).
void AppendTestRecordJson(std::string& out, const TestRecord& test);

// Whether a report is the whole run's: "complete"; "incomplete" (written when the test process
// started, or as it died: a crash, std::terminate, exit() before the end), "interrupted" (SIGINT
// or SIGTERM); and why.
struct ReportStatus {
  std::string_view status = "complete";
  std::string_view reason;
};

// Written directly rather than through a JSON tree: a 10 000-test report must cost little.
// `not_run`: why the suite did not run at all (e.g. the pre-flight failed), as "not_run".
std::string TestsReportJson(const std::vector<TestRecord>& tests,
                            const nlohmann::ordered_json& preflight = nullptr,
                            std::string_view not_run = {}, ReportStatus status = {});
std::string TestsReportJunit(const std::vector<TestRecord>& tests);

// The same, handed to `sink` in parts as they are rendered: a report of 250 MB is never in
// memory whole (`report merge`, `run`).
using TextSink = std::function<void(std::string_view)>;
void WriteTestsReportJson(const TextSink& sink, const std::vector<TestRecord>& tests,
                          const nlohmann::ordered_json& preflight = nullptr,
                          std::string_view not_run = {}, ReportStatus status = {});
void WriteTestsReportJunit(const TextSink& sink, const std::vector<TestRecord>& tests);
// At most `max_listed` failures are listed per kind: code first, then config, then infra.
std::string TestsReportMarkdown(const std::vector<TestRecord>& tests, size_t max_listed = 50,
                                ReportStatus status = {});
// Bazel's TEST_INFRASTRUCTURE_FAILURE_FILE: the component on line 1, a description on line 2.
// Empty when not every failure was infra (or nothing failed).
std::string InfrastructureFailureFile(const std::vector<TestRecord>& tests);

}  // namespace preflight
