// The suite's processes for `preflight run`: first run, crash and hang isolation, infra re-runs.
#include "preflight/runtime/suite_runner.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <cstring>
#include <filesystem>

#include "preflight/engine/backoff.h"
#include "preflight/report/progress_log.h"
#include "preflight/report/test_report_reader.h"
#include "preflight/runtime/child_environment.h"
#include "preflight/runtime/test_output.h"
#include "preflight/util/redactor.h"

namespace preflight {
namespace {

constexpr size_t kLastOutputBytes = 4096;  // of a hung or crashed test, in its report

// One process of the suite.
struct SuiteProcessResult {
  std::vector<TestRecord> tests;
  ChildExit exit;
  std::vector<std::string> not_started;  // when the suite died: the tests it never reached
  bool without_listener = false;
};

std::string HowItEnded(const ChildExit& exit) {
  if (exit.killed_because) return fmt::format("was killed ({})", exit.killed_because->text);
  if (exit.term_signal)
    return fmt::format("was killed by signal {} ({})", exit.term_signal,
                       strsignal(exit.term_signal));
  return fmt::format("exited with status {}", exit.exit_status);
}

TestRecord RecordOf(const std::string& full_name, TestOutcome outcome) {
  const size_t dot = full_name.find('.');
  return {.suite = full_name.substr(0, dot),
          .name = dot == std::string::npos ? full_name : full_name.substr(dot + 1),
          .outcome = outcome};
}

// Where a process died or hung outside any test: before its first test (a global set-up), or
// after the last one it started (a tear-down, a suite's set-up). One name per place, so that a
// fresh process dying in the same set-up before another test is another record.
std::string OutsideTestsName(const SuiteProgress& progress,
                             const std::vector<std::string>& not_started) {
  if (!progress.started.empty()) return "[after " + progress.started.back() + "]";
  return not_started.empty() ? "[before any test]" : "[before " + not_started.front() + "]";
}

// The tests the progress log says ran, the one that was running blamed, the rest listed.
// `binary`: the suite's file name, the suite of a record for a death outside any test.
void CollectFromProgress(SuiteProcessResult& run, SuiteProgress progress,
                         const std::string& binary) {
  const ChildExit& exit = run.exit;
  const std::vector<std::string> unfinished = progress.Unfinished();
  run.not_started = progress.NotStarted();
  const std::string outside_name = OutsideTestsName(progress, run.not_started);
  run.tests = std::move(progress.finished);
  const bool hung = exit.killed_because.has_value();
  if (exit.forwarded_signal != 0) {
    // Interrupted (SIGINT, SIGTERM passed on): what was running and what was not reached did
    // not fail, they did not finish: skipped, with why.
    const std::string why = fmt::format("interrupted by signal {} ({})", exit.forwarded_signal,
                                        strsignal(exit.forwarded_signal));
    for (const auto& name : unfinished) {
      TestRecord stopped = RecordOf(name, TestOutcome::kSkipped);
      stopped.skip_reason = why + " while this test was running";
      run.tests.push_back(std::move(stopped));
    }
    for (const auto& name : run.not_started) {
      TestRecord skipped = RecordOf(name, TestOutcome::kSkipped);
      skipped.skip_reason = "not run: " + why;
      run.tests.push_back(std::move(skipped));
    }
    run.not_started.clear();
    return;
  }
  for (const auto& name : unfinished) {
    TestRecord crash = RecordOf(name, TestOutcome::kFailed);
    crash.message = hung
                        ? fmt::format("{}: killed", exit.killed_because->text)
                        : fmt::format("the suite {} while this test was running", HowItEnded(exit));
    // The tail was masked line by line as it came, so a cut never splits a secret.
    if (std::string last = TestOutputTail(exit.output_tail, name, kLastOutputBytes); !last.empty())
      crash.message += "\nlast output:\n" + last;
    crash.classification =
        Classification{.kind = FailureKind::kCode, .category = hung ? "hang" : "crash"};
    run.tests.push_back(std::move(crash));
  }
  if (unfinished.empty() && (hung || exit.term_signal != 0 || exit.exit_status != 0)) {
    // No test to blame: the set-up or tear-down around the tests died or hung.
    TestRecord outside{.suite = binary, .name = outside_name, .outcome = TestOutcome::kFailed};
    outside.message = hung ? fmt::format("{}: killed", exit.killed_because->text)
                           : fmt::format("the suite {} outside any test", HowItEnded(exit));
    if (std::string last = TestOutputTail(exit.output_tail, outside_name, kLastOutputBytes);
        !last.empty())
      outside.message += "\nlast output:\n" + last;
    outside.classification =
        Classification{.kind = FailureKind::kCode, .category = hung ? "hang" : "crash"};
    run.tests.push_back(std::move(outside));
  }
  if (hung && exit.killed_because->limit == KillReason::Limit::kSuite) {
    // The suite's time is up: what it did not reach is skipped, not run again.
    for (const auto& name : run.not_started) {
      TestRecord skipped = RecordOf(name, TestOutcome::kSkipped);
      skipped.skip_reason = "not run: " + exit.killed_because->text;
      run.tests.push_back(std::move(skipped));
    }
    run.not_started.clear();
  }
}

class Runner {
 public:
  Runner(ProcessSpawner& spawner, const SuiteRunnerSettings& settings)
      : spawner_(spawner), settings_(settings), env_(settings.env) {}

  std::expected<SuiteProcessResult, std::string> RunOnce(const std::vector<std::string>& filter) {
    ++processes_;
    const std::string report = fmt::format("{}/report{}.json", settings_.scratch, processes_);
    const std::string progress_log =
        fmt::format("{}/progress{}.log", settings_.scratch, processes_);
    ChildOptions child{.env = env_};
    // What preflight knows to be secret never reaches a CI log through the suite's output.
    if (settings_.redactor != nullptr)
      child.filter = [redactor = settings_.redactor](std::string_view text) {
        return redactor->Redact(text);
      };
    if (settings_.timeouts.test || settings_.timeouts.suite)
      child.watchdog = HangWatch(progress_log, settings_.timeouts);
    SetVariable(child.env, "PREFLIGHT_REPORT", report);
    SetVariable(child.env, "PREFLIGHT_PROGRESS", progress_log);
    std::vector<std::string> argv = settings_.command;
    if (!filter.empty()) argv.push_back(fmt::format("--gtest_filter={}", fmt::join(filter, ":")));
    auto exit = spawner_.Run(argv, child);
    if (!exit) return std::unexpected(exit.error());
    SuiteProcessResult run{.exit = *exit};
    if (auto tests = ReadTestsReport(report)) {
      run.tests = std::move(*tests);
      return run;
    }
    if (auto progress = ReadProgress(progress_log); progress && !progress->planned.empty()) {
      CollectFromProgress(run, std::move(*progress), SuiteName());
      return run;
    }
    run.without_listener = true;
    if (exit->exit_status == 0 && exit->term_signal == 0) return run;
    TestRecord crash{.suite = SuiteName(), .name = "[suite]", .outcome = TestOutcome::kFailed};
    crash.message = fmt::format(
        "the suite {} without writing a preflight report (is it linked with "
        "preflight::gtest_main?)",
        HowItEnded(*exit));
    crash.classification = Classification{.kind = FailureKind::kCode, .category = "crash"};
    run.tests.push_back(std::move(crash));
    return run;
  }

  std::expected<SuiteOutcome, std::string> Run() {
    auto first = RunOnce({});
    if (!first) return std::unexpected(first.error());
    outcome_.tests = std::move(first->tests);
    outcome_.without_listener = first->without_listener;
    outcome_.suite_exit = first->exit.term_signal != 0 ? 128 + first->exit.term_signal
                                                       : static_cast<int>(first->exit.exit_status);
    if (!Continue(*first)) return Finish();
    // A crash does not hide the tests after it: they run in a fresh process.
    ChildExit last_exit = first->exit;
    for (std::vector<std::string> rest = std::move(first->not_started); !rest.empty();) {
      Say(fmt::format(
          "preflight run: the suite {}; running the {} test{} it had not reached in a fresh "
          "process",
          HowItEnded(last_exit), rest.size(), rest.size() == 1 ? "" : "s"));
      auto next = RunOnce(rest);
      if (!next) return Failed(next.error());
      for (auto& t : next->tests) {
        // A death outside any test where the last process died too: one record is enough.
        if (t.name.starts_with('[') && Has(t.full_name())) continue;
        outcome_.tests.push_back(std::move(t));
      }
      if (!Continue(*next)) return Finish();
      if (next->not_started.size() >= rest.size()) {  // no progress: do not loop
        for (const auto& name : next->not_started) {
          TestRecord unreached = RecordOf(name, TestOutcome::kSkipped);
          unreached.skip_reason =
              fmt::format("not run: the suite {} before reaching it, in a fresh process too",
                          HowItEnded(next->exit));
          outcome_.tests.push_back(std::move(unreached));
        }
        break;
      }
      rest = std::move(next->not_started);
      last_exit = next->exit;
    }
    return RerunInfraFailures();
  }

 private:
  bool Has(const std::string& full_name) const {
    return std::ranges::any_of(outcome_.tests,
                               [&](const TestRecord& t) { return t.full_name() == full_name; });
  }
  std::string SuiteName() const {
    return std::filesystem::path(settings_.command[0]).filename().string();
  }

  std::expected<SuiteOutcome, std::string> RerunInfraFailures() {
    // The first attempt already waited for staging: a re-run asks once and does not pause
    // again, so that --pause-budget bounds the whole run's pausing.
    SetVariable(env_, "PREFLIGHT_PAUSE_BUDGET", "0s");
    for (int attempt = 2; attempt <= settings_.retry_infra + 1; ++attempt) {
      std::vector<std::string> names;
      for (const auto& t : outcome_.tests)
        if (t.failed_for(FailureKind::kInfra) && !t.name.starts_with('['))
          names.push_back(t.full_name());
      if (names.empty()) break;
      const Duration delay = JitteredDelay(settings_.retry_delay, settings_.uniform);
      Say(fmt::format(
          "preflight run: re-running {} infra-failed test{} after a {} delay (attempt {} of {})",
          names.size(), names.size() == 1 ? "" : "s", FormatElapsed(delay), attempt,
          settings_.retry_infra + 1));
      settings_.sleep(delay);
      if (settings_.stopped && settings_.stopped() != 0) {
        // Asked to stop during the delay: nothing more runs; the failures stand as they are.
        outcome_.forwarded_signal = settings_.stopped();
        break;
      }
      auto retry = RunOnce(names);
      if (!retry) return Failed(retry.error());
      for (auto& again : retry->tests) MergeAttempt(std::move(again));
      if (!Continue(*retry)) break;
    }
    return Finish();
  }

  // The re-run's record replaces the infra failure it repeats; the failure becomes an earlier
  // attempt.
  void MergeAttempt(TestRecord again) {
    for (auto& t : outcome_.tests) {
      if (t.full_name() != again.full_name() || !t.failed_for(FailureKind::kInfra)) continue;
      again.attempts = t.attempts + 1;
      again.earlier_failures = std::move(t.earlier_failures);
      again.earlier_failures.push_back(
          {t.classification->kind, t.classification->category, t.message, t.summary()});
      t = std::move(again);
      return;
    }
  }

  // False when we passed on SIGINT/SIGTERM: nothing more runs.
  bool Continue(const SuiteProcessResult& run) {
    outcome_.forwarded_signal = run.exit.forwarded_signal;
    return run.exit.forwarded_signal == 0;
  }
  void Say(const std::string& line) {
    if (settings_.say) settings_.say(line);
  }
  SuiteOutcome Failed(std::string error) {
    outcome_.error = std::move(error);
    return Finish();
  }
  SuiteOutcome Finish() {
    outcome_.processes = processes_;
    return std::move(outcome_);
  }

  ProcessSpawner& spawner_;
  const SuiteRunnerSettings& settings_;
  std::vector<std::string> env_;
  SuiteOutcome outcome_;
  int processes_ = 0;
};

}  // namespace

std::expected<SuiteOutcome, std::string> RunSuite(ProcessSpawner& spawner,
                                                  const SuiteRunnerSettings& settings) {
  return Runner(spawner, settings).Run();
}

}  // namespace preflight
