// The table of test report formats, and writing the ones asked for.
#include "preflight/report/test_report_formats.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <utility>

#include "preflight/report/report_session.h"
#include "preflight/report/test_reports.h"
#include "preflight/util/atomic_file.h"

namespace preflight {

namespace {

// "EMERGENCY BYPASS active until 2026-12-10 (BYPASS_INFRASTRUCTURE_VALIDATION)" when the run's
// pre-flight was bypassed: every report of such a run says so.
std::string BypassNotice(const nlohmann::ordered_json* preflight) {
  if (preflight == nullptr || !preflight->is_object() || !preflight->contains("bypass")) return "";
  const auto& bypass = (*preflight)["bypass"];
  if (!bypass.is_object() || !bypass.value("active", false)) return "";
  std::string flags;
  if (bypass.contains("flags") && bypass["flags"].is_array())
    for (const auto& flag : bypass["flags"])
      if (flag.is_string()) flags += (flags.empty() ? "" : ", ") + flag.get<std::string>();
  const std::string expiry = bypass.contains("expiry") && bypass["expiry"].is_string()
                                 ? bypass["expiry"].get<std::string>()
                                 : "?";
  return fmt::format(
      "EMERGENCY BYPASS active until {} ({}): failing pre-flight checks were "
      "warnings, not stops",
      expiry, flags);
}

void StreamJunit(const TestRun& run, const TextSink& sink) {
  const std::string notice = BypassNotice(run.preflight);
  if (notice.empty()) return WriteTestsReportJunit(sink, run.tests);
  std::vector<TestRecord> tests = run.tests;
  tests.insert(tests.begin(), TestRecord{.suite = "[preflight]",
                                         .name = "[emergency bypass]",
                                         .outcome = TestOutcome::kSkipped,
                                         .skip_reason = notice});
  WriteTestsReportJunit(sink, tests);
}

void StreamJson(const TestRun& run, const TextSink& sink) {
  WriteTestsReportJson(sink, run.tests, run.preflight ? *run.preflight : nullptr, run.not_run,
                       run.status);
}

// A streamed format's whole text, for an append or a substitute.
std::function<std::string(const TestRun&)> Whole(void (*stream)(const TestRun&, const TextSink&)) {
  return [stream](const TestRun& run) {
    std::string out;
    stream(run, [&](std::string_view part) { out += part; });
    return out;
  };
}

std::string MarkdownOf(const TestRun& run) {
  std::string out = TestsReportMarkdown(run.tests, 50, run.status) + "\n";
  if (const std::string notice = BypassNotice(run.preflight); !notice.empty())
    out.insert(out.find("\n\n") + 2, fmt::format("> **{}**\n\n", notice));
  return out;
}

}  // namespace

std::span<const TestReportFormat> TestReportFormats() {
  static const std::vector<TestReportFormat> formats{
      {.name = "json",
       .help = "Write a preflight.tests/v1 JSON report",
       .variables = {"PREFLIGHT_REPORT"},
       .render = Whole(StreamJson),
       .stream = StreamJson},
      {.name = "junit",
       .help = "Write a JUnit XML report (infra failures as <error>, code as <failure>)",
       .variables = {"PREFLIGHT_JUNIT", "XML_OUTPUT_FILE"},
       .render = Whole(StreamJunit),
       .stream = StreamJunit},
      {.name = "markdown",
       .help = "Write a Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)",
       .variables = {"PREFLIGHT_MARKDOWN"},
       .append_to = "GITHUB_STEP_SUMMARY",
       .render = MarkdownOf},
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
  // One format's rendering at a time (the files of a format are adjacent): a large run's JSON
  // and JUnit are never in memory together.
  const TestReportFormat* format = nullptr;
  std::string contents;
  for (const auto& file : files) {
    const bool substituted = run.instead.contains(file.format->name);
    if (file.format->stream && !file.append && !substituted) {  // in parts, straight to the file
      auto writer = AtomicFileWriter::Open(file.path);
      std::expected<void, std::string> written =
          writer ? std::expected<void, std::string>() : std::unexpected(writer.error());
      if (writer) {
        file.format->stream(run, [&](std::string_view part) {
          if (written) written = writer->Write(part);
        });
        if (written) written = writer->Commit();
      }
      if (!written) errors.push_back({written.error(), false});
      continue;
    }
    if (file.format != format) {
      format = file.format;
      auto instead = run.instead.find(format->name);
      contents = instead != run.instead.end() ? instead->second : format->render(run);
    }
    if (contents.empty()) continue;
    auto written =
        file.append ? AppendToFile(file.path, contents) : WriteFileAtomically(file.path, contents);
    if (!written) errors.push_back({written.error(), file.append});
  }
  return errors;
}

std::vector<std::string> UnwritableListenerReports(const Getenv& environment) {
  std::vector<std::string> problems;
  for (const auto& format : TestReportFormats()) {
    std::vector<std::string_view> variables = format.variables;
    if (!format.append_to.empty()) variables.push_back(format.append_to);
    for (std::string_view variable : variables) {
      const std::string path = environment(variable);
      if (path.empty()) continue;
      std::error_code error;
      const std::filesystem::path file(path);
      const std::filesystem::path folder =
          file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
      std::string why;
      if (std::filesystem::is_directory(file, error))
        why = "is a directory: give a file's path";
      else if (!std::filesystem::is_directory(folder, error))
        why = fmt::format("its folder {} does not exist: create it or give another path",
                          folder.string());
      else if (::access(folder.c_str(), W_OK) != 0)
        why = fmt::format("its folder {} is not writable ({})", folder.string(),
                          std::strerror(errno));
      if (!why.empty()) problems.push_back(fmt::format("{}={}: {}", variable, path, why));
    }
  }
  return problems;
}

namespace {

bool g_listener_reports_failed = false;

// `run` is asked for only when a file is: the records of 10 000 passing tests are not built for
// nothing.
void WriteListenerReports(const std::function<TestRun()>& run, bool appended_too) {
  auto files = AskedTestReports({}, ProcessVariable, true);
  std::vector<std::string> destinations;
  for (const auto& file : files) destinations.push_back(file.path);
  const auto session = CurrentReportSession(destinations);
  // In a session each process would append its own summary: the shared files say it all.
  if (!appended_too || session)
    std::erase_if(files, [](const TestReportFile& f) { return f.append; });
  if (files.empty()) return;
  auto report = [](const std::vector<TestReportError>& errors) {
    for (const auto& error : errors) {
      fmt::print(stderr, "[preflight] {}\n", error.text);
      g_listener_reports_failed = true;
    }
  };
  if (!session) return report(WriteTestReports(files, run()));
  const TestRun mine = run();
  auto shared = ShareInSession(
      *session, mine.tests, mine.preflight ? *mine.preflight : nullptr, mine.status,
      [&](const GatheredRun& all) {
        report(WriteTestReports(
            files, {.tests = all.tests, .preflight = mine.preflight, .status = all.status}));
      });
  if (!shared) report({{shared.error()}});
}

}  // namespace

bool ListenerReportsFailed() {
  return g_listener_reports_failed;
}

IncompleteReport::IncompleteReport(std::string reason) : why(std::move(reason)) {
  TestRecord unfinished{.suite = "[preflight]",
                        .name = "[incomplete]",
                        .outcome = TestOutcome::kFailed,
                        .message = why};
  unfinished.classification = Classification{.kind = FailureKind::kCode, .category = "incomplete"};
  tests.push_back(std::move(unfinished));
}

void TestReportFiles::OnProgramStart() {
  // Once per process: gtest_main's constructor and the listener's installation both ask.
  static bool started = false;
  if (std::exchange(started, true)) return;
  const IncompleteReport incomplete(
      "the test process has not finished: it is still running, or it was killed before it "
      "could write its report (kill -9, an out-of-memory kill)");
  WriteListenerReports([&] { return incomplete.Run(); }, false);
}

void TestReportFiles::OnProgramEnd(const TestProgramEnd& end) {
  WriteListenerReports([&] { return TestRun{.tests = end.all(), .preflight = end.preflight}; },
                       true);
}

void TestReportFiles::OnProgramDied(const TestProgramEnd& end, std::string_view how) {
  WriteListenerReports(
      [&] {
        return TestRun{
            .tests = end.all(), .preflight = end.preflight, .status = {"incomplete", how}};
      },
      true);
}

}  // namespace preflight
