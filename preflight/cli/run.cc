// `preflight run`: pre-flight, then the suite as a child process with the listener's report,
// re-runs of infra-failed tests only, and one split with an exit code that says what kind of red.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

#include "preflight/cli/commands.h"
#include "preflight/engine/backoff.h"
#include "preflight/exit_code.h"
#include "preflight/report/check_report.h"
#include "preflight/report/test_report_reader.h"
#include "preflight/report/test_reports.h"
#include "preflight/runtime/child_process.h"
#include "preflight/util/atomic_file.h"

namespace preflight::cli {
namespace {

namespace fs = std::filesystem;

struct SuiteRun {
  std::vector<TestRecord> tests;
  ChildExit exit;
};

// Runs the suite once with the listener writing its report to `report_path`.
std::expected<SuiteRun, std::string> RunSuite(const std::vector<std::string>& command,
                                              const std::string& report_path, int circuit_breaker) {
  fs::remove(report_path);
  auto exit = RunChild(command, {"PREFLIGHT_REPORT=" + report_path,
                                 fmt::format("PREFLIGHT_CIRCUIT_BREAKER={}", circuit_breaker)});
  if (!exit) return std::unexpected(exit.error());
  SuiteRun run{.exit = *exit};
  if (auto tests = ReadTestsReport(report_path)) {
    run.tests = std::move(*tests);
  } else {
    // No report: the suite died before its listener could write one, or does not use it.
    const std::string how = exit->term_signal
                                ? fmt::format("was killed by signal {} ({})", exit->term_signal,
                                              strsignal(exit->term_signal))
                                : fmt::format("exited with status {}", exit->exit_status);
    TestRecord crash{.suite = fs::path(command[0]).filename().string(),
                     .name = "[suite]",
                     .outcome = TestOutcome::kFailed};
    crash.message = fmt::format(
        "the suite {} without writing a preflight report (is it linked with "
        "preflight::gtest_main?)",
        how);
    crash.classification = Classification{.kind = FailureKind::kCode, .category = "crash"};
    if (exit->exit_status != 0 || exit->term_signal != 0) run.tests.push_back(std::move(crash));
  }
  return run;
}

int ExitCodeForTests(const std::vector<TestRecord>& tests) {
  const TestSummary summary = Summarize(tests);
  if (summary.failed_code > 0) return kExitCodeFailure;
  if (summary.failed_infra > 0) return kExitInfra;
  return kExitOk;
}

}  // namespace

int Run(const RunOptions& options) {
  if (options.command.empty()) {
    fmt::print(stderr,
               "preflight run: give the suite after --, e.g. preflight run --config staging.toml "
               "-- ./e2e_tests\n");
    return kExitUsage;
  }
  auto step = RunPreflightStep(options.check, "run");
  if (!step) return step.error();
  const RunResult& preflight = step->outcome.run;
  const auto preflight_json = CheckReportJson(preflight);
  std::vector<TestRecord> tests;
  int exit_code = kExitOk;
  auto finish = [&](int code) {
    auto write = [&](const std::string& path, const std::string& contents) {
      if (path.empty()) return;
      if (auto written = WriteFileAtomically(path, contents); !written) {
        fmt::print(stderr, "preflight: {}\n", written.error());
        code = kExitUsage;
      }
    };
    write(options.check.json_path, TestsReportJson(tests, preflight_json));
    write(options.check.junit_path, TestsReportJunit(tests));
    return code;
  };
  if (step->outcome.signal != 0) return finish(128 + step->outcome.signal);
  if (preflight.status == RunStatus::kFailed) {
    fmt::print("preflight run: the suite was not started because the pre-flight failed\n");
    return finish(ExitCodeFor(preflight));
  }

  std::string scratch = (fs::temp_directory_path() / "preflight-run-XXXXXX").string();
  if (::mkdtemp(scratch.data()) == nullptr) {
    fmt::print(stderr, "preflight run: cannot create a scratch directory in {}\n",
               fs::temp_directory_path().string());
    return kExitUsage;
  }
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  } cleanup{scratch};

  auto first = RunSuite(options.command, scratch + "/attempt1.json", options.circuit_breaker);
  if (!first) {
    fmt::print(stderr, "preflight run: {}\n", first.error());
    return kExitUsage;
  }
  tests = std::move(first->tests);
  if (first->exit.forwarded_signal) return finish(128 + first->exit.forwarded_signal);

  // Re-run only the tests that failed for infrastructure; never a code failure.
  std::mt19937_64 random(std::random_device{}());
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (int attempt = 2; attempt <= options.retry_infra + 1; ++attempt) {
    std::vector<std::string> names;
    for (const auto& t : tests)
      if (t.failed_for(FailureKind::kInfra) && !t.name.starts_with('['))
        names.push_back(t.full_name());
    if (names.empty()) break;
    const Duration delay =
        JitteredDelay(step->loaded.config.retry.delay, [&] { return uniform(random); });
    fmt::print("preflight run: re-running {} infra-failed test{} in {} (attempt {} of {})\n",
               names.size(), names.size() == 1 ? "" : "s", FormatElapsed(delay), attempt,
               options.retry_infra + 1);
    std::fflush(stdout);
    std::this_thread::sleep_for(delay);
    std::vector<std::string> command = options.command;
    command.push_back(fmt::format("--gtest_filter={}", fmt::join(names, ":")));
    auto retry = RunSuite(command, fmt::format("{}/attempt{}.json", scratch, attempt),
                          options.circuit_breaker);
    if (!retry) {
      fmt::print(stderr, "preflight run: {}\n", retry.error());
      return finish(kExitUsage);
    }
    for (auto& again : retry->tests) {
      for (auto& t : tests) {
        if (t.full_name() != again.full_name() || !t.failed_for(FailureKind::kInfra)) continue;
        again.attempts = t.attempts + 1;
        again.earlier_failures = std::move(t.earlier_failures);
        again.earlier_failures.push_back(
            {t.classification->kind, t.classification->category, t.message, t.summary()});
        t = std::move(again);
        break;
      }
    }
    if (retry->exit.forwarded_signal) return finish(128 + retry->exit.forwarded_signal);
  }

  exit_code = ExitCodeForTests(tests);
  fmt::print("[preflight run] {} (exit {})\n", SummaryLine(tests), exit_code);
  return finish(exit_code);
}

}  // namespace preflight::cli
