// The test report files, listed once: each format's name (the `--NAME FILE` option of `run` and
// `report merge`), the variables that ask the listener alone for it, and how it is rendered. The
// listener, `run` and `report merge` all write through this table: a new format is its renderer
// and one entry in `test_report_formats.cc`.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "preflight/report/test_events.h"
#include "preflight/report/test_reports.h"
#include "preflight/report/test_results.h"

namespace preflight {

// What a test report renders.
struct TestRun {
  const std::vector<TestRecord>& tests;
  const nlohmann::ordered_json* preflight = nullptr;  // the check report, when a pre-flight ran
  std::string_view not_run;  // why the suite did not run at all, if it did not
  ReportStatus status;       // complete, or why not
  // Contents that replace a format's rendering (by name): `run` gives the pre-flight's own
  // JUnit and Markdown when the pre-flight stopped the suite.
  std::map<std::string_view, std::string> instead;
};

struct TestReportFormat {
  std::string_view name;  // "junit": `--junit FILE`
  std::string_view help;  // the option's help; empty: the listener's variables only
  std::vector<std::string_view> variables;            // the listener writes the file each one names
  std::string_view append_to;                         // a variable naming a file it is appended to
  std::function<std::string(const TestRun&)> render;  // "" means nothing to write
  // The same rendering in parts, for files replaced whole (large runs); may be empty.
  std::function<void(const TestRun&, const TextSink&)> stream;
};

std::span<const TestReportFormat> TestReportFormats();

// One file to write: a format and where.
struct TestReportFile {
  const TestReportFormat* format = nullptr;
  std::string path;
  bool append = false;  // appended (step summaries), else replaced atomically
};

// The files asked for: `by_option` maps format names to paths (from `--NAME FILE`; empty
// paths are not asked for), `environment` is read for the variables (the listener's) and for
// the files reports are appended to (everyone's).
using Getenv = std::function<std::string(std::string_view)>;
std::string ProcessVariable(std::string_view name);  // getenv, "" when unset
std::vector<TestReportFile> AskedTestReports(const std::map<std::string, std::string>& by_option,
                                             const Getenv& environment, bool listener_variables);

struct TestReportError {
  std::string text;       // "cannot write FILE: why"
  bool appended = false;  // to a shared file (a step summary): the reports themselves are whole
};

// The listener's report files (from its environment) that cannot be written: a directory, or a
// folder that does not exist or is not writable. One line each, naming the variable.
std::vector<std::string> UnwritableListenerReports(const Getenv& environment);

// Whether the listener failed to write a report file it was asked for (its suite should not
// exit 0 then).
bool ListenerReportsFailed();

// Renders each format once and writes it; one error per file that could not be written.
std::vector<TestReportError> WriteTestReports(const std::vector<TestReportFile>& files,
                                              const TestRun& run);

// What a report says while its run has not finished: status "incomplete" and one failed
// "[preflight].[incomplete]" record, so that no reader takes an earlier run's report, or an
// empty one, for this run's.
struct IncompleteReport {
  explicit IncompleteReport(std::string why);
  TestRun Run() const { return TestRun{.tests = tests, .status = {"incomplete", why}}; }
  std::string why;
  std::vector<TestRecord> tests;
};

// The listener's subscriber: the files its environment asks for, replaced when the program
// starts by an "incomplete" report (so that no earlier run's report outlives a process killed
// before its end), written again if it dies, and at its end.
class TestReportFiles final : public TestEventSubscriber {
 public:
  void OnProgramStart() override;
  void OnProgramEnd(const TestProgramEnd& end) override;
  void OnProgramDied(const TestProgramEnd& end, std::string_view how) override;
};

}  // namespace preflight
