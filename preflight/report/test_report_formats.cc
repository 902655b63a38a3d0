// The table of test report formats, and writing the ones asked for.
#include "preflight/report/test_report_formats.h"

#include <fmt/format.h>
#include <cstdlib>

#include "preflight/report/test_reports.h"
#include "preflight/util/atomic_file.h"

namespace preflight {

std::span<const TestReportFormat> TestReportFormats() {
  static const std::vector<TestReportFormat> formats{
      {.name = "json",
       .help = "Write a preflight.tests/v1 JSON report",
       .variables = {"PREFLIGHT_REPORT"},
       .render =
           [](const TestRun& run) {
             return TestsReportJson(run.tests, run.preflight ? *run.preflight : nullptr,
                                    run.not_run);
           }},
      {.name = "junit",
       .help = "Write a JUnit XML report (infra failures as <error>, code as <failure>)",
       .variables = {"PREFLIGHT_JUNIT", "XML_OUTPUT_FILE"},
       .render = [](const TestRun& run) { return TestsReportJunit(run.tests); }},
      {.name = "markdown",
       .help = "Write a Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)",
       .variables = {"PREFLIGHT_MARKDOWN"},
       .append_to = "GITHUB_STEP_SUMMARY",
       .render = [](const TestRun& run) { return TestsReportMarkdown(run.tests) + "\n"; }},
      // Bazel's: the component and a description when every failure was infra.
      {.name = "bazel-infrastructure-failure",
       .variables = {"TEST_INFRASTRUCTURE_FAILURE_FILE"},
       .render = [](const TestRun& run) { return InfrastructureFailureFile(run.tests); }},
  };
  return formats;
}

std::string ProcessVariable(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  return value ? value : "";
}

std::vector<TestReportFile> AskedTestReports(const std::map<std::string, std::string>& by_option,
                                             const Getenv& environment, bool listener_variables) {
  std::vector<TestReportFile> files;
  for (const auto& format : TestReportFormats()) {
    if (auto path = by_option.find(std::string(format.name));
        path != by_option.end() && !path->second.empty())
      files.push_back({&format, path->second});
    if (listener_variables)
      for (std::string_view variable : format.variables)
        if (std::string path = environment(variable); !path.empty())
          files.push_back({&format, std::move(path)});
    if (!format.append_to.empty())
      if (std::string path = environment(format.append_to); !path.empty())
        files.push_back({&format, std::move(path), true});
  }
  return files;
}

std::vector<TestReportError> WriteTestReports(const std::vector<TestReportFile>& files,
                                              const TestRun& run) {
  std::vector<TestReportError> errors;
  std::map<const TestReportFormat*, std::string> rendered;
  for (const auto& file : files) {
    auto [contents, first] = rendered.try_emplace(file.format);
    if (first) {
      auto instead = run.instead.find(file.format->name);
      contents->second = instead != run.instead.end() ? instead->second : file.format->render(run);
    }
    if (contents->second.empty()) continue;
    auto written = file.append ? AppendToFile(file.path, contents->second)
                               : WriteFileAtomically(file.path, contents->second);
    if (!written) errors.push_back({written.error(), file.append});
  }
  return errors;
}

void TestReportFiles::OnProgramEnd(const TestProgramEnd& end) {
  const auto files = AskedTestReports({}, ProcessVariable, true);
  if (files.empty()) return;  // the records of 10 000 passing tests are not built for nothing
  for (const auto& error :
       WriteTestReports(files, {.tests = end.all(), .preflight = end.preflight}))
    fmt::print(stderr, "[preflight] {}\n", error.text);
}

}  // namespace preflight
