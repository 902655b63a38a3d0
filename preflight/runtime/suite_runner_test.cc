// The suite runner against a fake spawner: each fake process writes what a real suite's
// listener would (the report, or a progress log cut short) and ends as scripted.
#include "preflight/runtime/suite_runner.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <deque>
#include <fstream>

#include "preflight/report/progress_log.h"
#include "preflight/report/test_reports.h"
#include "preflight/util/redactor.h"
#include "tests/support/temp_dir.h"

namespace preflight {
namespace {

TestRecord Passed(const std::string& name) {
  return {.suite = "S", .name = name};
}
TestRecord Failed(const std::string& name, FailureKind kind, const std::string& category) {
  return {.suite = "S",
          .name = name,
          .outcome = TestOutcome::kFailed,
          .classification = Classification{.kind = kind, .category = category},
          .message = name + " failed (" + category + ")"};
}

// What one fake process of the suite does, given where its listener would write.
struct FakeProcess {
  std::optional<std::vector<TestRecord>> report;  // the listener's report at the end
  std::string progress;                           // else: the progress log it left
  ChildExit exit;
};

class FakeSpawner final : public ProcessSpawner {
 public:
  std::expected<ChildExit, std::string> Run(const std::vector<std::string>& argv,
                                            const ChildOptions& options) override {
    calls.push_back({argv, options.env, static_cast<bool>(options.watchdog)});
    if (options.filter) filtered.push_back(options.filter("token=s3cr3t-value"));
    if (processes.empty()) return std::unexpected(std::string("cannot start ./suite: gone"));
    FakeProcess next = std::move(processes.front());
    processes.pop_front();
    if (next.report)
      Write(Variable(options.env, "PREFLIGHT_REPORT"), TestsReportJson(*next.report));
    if (!next.progress.empty()) Write(Variable(options.env, "PREFLIGHT_PROGRESS"), next.progress);
    return next.exit;
  }

  struct Call {
    std::vector<std::string> argv, env;
    bool watched = false;
  };
  std::deque<FakeProcess> processes;
  std::vector<Call> calls;
  std::vector<std::string> filtered;

  static std::string Variable(const std::vector<std::string>& env, std::string_view name) {
    for (const auto& entry : env)
      if (entry.starts_with(std::string(name) + "=")) return entry.substr(name.size() + 1);
    return "";
  }

 private:
  static void Write(const std::string& path, const std::string& contents) {
    ASSERT_FALSE(path.empty());
    std::ofstream(path) << contents;
  }
};

std::string Progress(const std::vector<std::string>& planned,
                     const std::vector<std::string>& started,
                     const std::vector<TestRecord>& finished) {
  std::string log;
  for (const auto& name : planned) log += ProgressPlanLine(name);
  for (const auto& name : started) {
    log += ProgressStartLine(name);
    for (const auto& record : finished)
      if (record.full_name() == name) log += ProgressEndLine(record);
  }
  return log;
}

class SuiteRunnerTest : public ::testing::Test {
 protected:
  SuiteRunnerSettings Settings(int retry_infra = 0) {
    return {.command = {"./suite", "--gtest_brief=1"},
            .scratch = scratch_.path().string(),
            .env = {"PATH=/usr/bin", "PREFLIGHT_PAUSE_BUDGET=5m"},
            .retry_infra = retry_infra,
            .retry_delay = std::chrono::seconds(30),
            .uniform = [] { return 0.5; },
            .sleep = [this](Duration delay) { slept_.push_back(delay); },
            .say = [this](const std::string& line) { said_.push_back(line); }};
  }

  const TestRecord& Find(const SuiteOutcome& outcome, const std::string& full_name) {
    for (const auto& t : outcome.tests)
      if (t.full_name() == full_name) return t;
    ADD_FAILURE() << full_name << " is not in the outcome";
    static const TestRecord none;
    return none;
  }

  preflight::testing::TempDir scratch_;
  FakeSpawner spawner_;
  std::vector<Duration> slept_;
  std::vector<std::string> said_;
};

TEST_F(SuiteRunnerTest, AGreenSuiteRunsOnce) {
  spawner_.processes.push_back({.report = std::vector{Passed("A"), Passed("B")}});
  auto outcome = RunSuite(spawner_, Settings(2));
  ASSERT_TRUE(outcome) << outcome.error();
  EXPECT_EQ(outcome->processes, 1);
  EXPECT_EQ(outcome->tests.size(), 2u);
  EXPECT_FALSE(outcome->without_listener);
  EXPECT_EQ(spawner_.calls[0].argv, (std::vector<std::string>{"./suite", "--gtest_brief=1"}));
  EXPECT_FALSE(spawner_.calls[0].watched) << "no timeouts, no watchdog";
  EXPECT_TRUE(slept_.empty());
}

TEST_F(SuiteRunnerTest, CodeAndConfigFailuresAreNeverRunAgain) {
  spawner_.processes.push_back(
      {.report = std::vector{Failed("A", FailureKind::kCode, "assertion"),
                             Failed("B", FailureKind::kConfig, "credentials")},
       .exit = {.exit_status = 1}});
  auto outcome = RunSuite(spawner_, Settings(3));
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->processes, 1);
  EXPECT_EQ(Find(*outcome, "S.A").attempts, 1);
}

TEST_F(SuiteRunnerTest, OnlyInfraFailuresRunAgainAndTheirAttemptsAreMerged) {
  spawner_.processes.push_back(
      {.report = std::vector{Failed("A", FailureKind::kInfra, "connect"),
                             Failed("B", FailureKind::kCode, "assertion"), Passed("C")},
       .exit = {.exit_status = 1}});
  spawner_.processes.push_back({.report = std::vector{Passed("A")}});
  auto outcome = RunSuite(spawner_, Settings(2));
  ASSERT_TRUE(outcome);
  ASSERT_EQ(outcome->processes, 2);
  EXPECT_EQ(spawner_.calls[1].argv.back(), "--gtest_filter=S.A");
  const TestRecord& a = Find(*outcome, "S.A");
  EXPECT_EQ(a.outcome, TestOutcome::kPassed);
  EXPECT_EQ(a.attempts, 2);
  ASSERT_EQ(a.earlier_failures.size(), 1u);
  EXPECT_EQ(a.earlier_failures[0].kind, FailureKind::kInfra);
  EXPECT_EQ(a.earlier_failures[0].category, "connect");
  EXPECT_EQ(a.earlier_failures[0].message, "A failed (connect)");
  EXPECT_TRUE(Find(*outcome, "S.B").failed_for(FailureKind::kCode));
  EXPECT_EQ(outcome->tests.size(), 3u) << "one record per test";
  // The jittered delay, never more than the configured one; the re-run does not pause again.
  ASSERT_EQ(slept_.size(), 1u);
  EXPECT_LE(slept_[0], std::chrono::seconds(30));
  EXPECT_GE(slept_[0], std::chrono::seconds(15));
  EXPECT_EQ(FakeSpawner::Variable(spawner_.calls[0].env, "PREFLIGHT_PAUSE_BUDGET"), "5m");
  EXPECT_EQ(FakeSpawner::Variable(spawner_.calls[1].env, "PREFLIGHT_PAUSE_BUDGET"), "0s");
  ASSERT_EQ(said_.size(), 1u);
  EXPECT_NE(said_[0].find("re-running 1 infra-failed test after a 22.5s delay"), std::string::npos)
      << said_[0];
  EXPECT_NE(said_[0].find("(attempt 2 of 3)"), std::string::npos) << said_[0];
}

TEST_F(SuiteRunnerTest, ReRunsStopWhenTheRetriesAreSpent) {
  for (int i = 0; i < 5; ++i)
    spawner_.processes.push_back({.report = std::vector{Failed("A", FailureKind::kInfra, "dns")},
                                  .exit = {.exit_status = 1}});
  auto outcome = RunSuite(spawner_, Settings(2));
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->processes, 3);
  const TestRecord& a = Find(*outcome, "S.A");
  EXPECT_EQ(a.attempts, 3);
  EXPECT_EQ(a.earlier_failures.size(), 2u);
  EXPECT_TRUE(a.failed_for(FailureKind::kInfra));
}

TEST_F(SuiteRunnerTest, AReRunThatFailsInCodeIsReportedAsCode) {
  spawner_.processes.push_back({.report = std::vector{Failed("A", FailureKind::kInfra, "connect")},
                                .exit = {.exit_status = 1}});
  spawner_.processes.push_back({.report = std::vector{Failed("A", FailureKind::kCode, "assertion")},
                                .exit = {.exit_status = 1}});
  auto outcome = RunSuite(spawner_, Settings(3));
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->processes, 2) << "a code failure is never run again";
  EXPECT_TRUE(Find(*outcome, "S.A").failed_for(FailureKind::kCode));
}

TEST_F(SuiteRunnerTest, ACrashBlamesTheRunningTestAndRunsTheRestInAFreshProcess) {
  spawner_.processes.push_back(
      {.progress = Progress({"S.A", "S.B", "S.C", "S.D"}, {"S.A", "S.B"}, {Passed("A")}),
       .exit = {.term_signal = SIGSEGV,
                .output_tail = "[ RUN      ] S.B\nabout to dereference\n"}});
  spawner_.processes.push_back({.report = std::vector{Passed("C"), Passed("D")}});
  auto outcome = RunSuite(spawner_, Settings());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->processes, 2);
  EXPECT_EQ(spawner_.calls[1].argv.back(), "--gtest_filter=S.C:S.D");
  const TestRecord& b = Find(*outcome, "S.B");
  ASSERT_TRUE(b.failed_for(FailureKind::kCode));
  EXPECT_EQ(b.classification->category, "crash");
  EXPECT_NE(b.message.find("killed by signal 11"), std::string::npos) << b.message;
  EXPECT_NE(b.message.find("about to dereference"), std::string::npos) << b.message;
  EXPECT_EQ(Find(*outcome, "S.C").outcome, TestOutcome::kPassed);
  EXPECT_EQ(outcome->tests.size(), 4u) << [&] {
    std::string names;
    for (const auto& t : outcome->tests) names += t.full_name() + " ";
    return names;
  }();
  ASSERT_EQ(said_.size(), 1u);
  EXPECT_NE(said_[0].find("running the 2 tests it had not reached"), std::string::npos);
}

TEST_F(SuiteRunnerTest, AHungTestIsACodeHangAndTheRestStillRun) {
  spawner_.processes.push_back(
      {.progress = Progress({"S.A", "S.B"}, {"S.A"}, {}),
       .exit = {.term_signal = SIGKILL,
                .killed_because = KillReason{KillReason::Limit::kTest,
                                             "S.A ran longer than --test-timeout 2s"}}});
  spawner_.processes.push_back({.report = std::vector{Passed("B")}});
  SuiteRunnerSettings settings = Settings();
  settings.timeouts.test = std::chrono::seconds(2);
  auto outcome = RunSuite(spawner_, settings);
  ASSERT_TRUE(outcome);
  EXPECT_TRUE(spawner_.calls[0].watched);
  const TestRecord& a = Find(*outcome, "S.A");
  ASSERT_TRUE(a.failed_for(FailureKind::kCode));
  EXPECT_EQ(a.classification->category, "hang");
  EXPECT_EQ(a.message, "S.A ran longer than --test-timeout 2s: killed");
  EXPECT_EQ(Find(*outcome, "S.B").outcome, TestOutcome::kPassed);
}

TEST_F(SuiteRunnerTest, WhenTheSuiteTimeIsUpTheUnreachedAreSkippedNotRunAgain) {
  spawner_.processes.push_back(
      {.progress = Progress({"S.A", "S.B", "S.C"}, {"S.A"}, {}),
       .exit = {.term_signal = SIGKILL,
                .killed_because = KillReason{KillReason::Limit::kSuite,
                                             "the suite ran longer than --suite-timeout 1m"}}});
  auto outcome = RunSuite(spawner_, Settings());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->processes, 1);
  EXPECT_EQ(Find(*outcome, "S.A").classification->category, "hang");
  const TestRecord& c = Find(*outcome, "S.C");
  EXPECT_EQ(c.outcome, TestOutcome::kSkipped);
  EXPECT_EQ(c.skip_reason, "not run: the suite ran longer than --suite-timeout 1m");
}

TEST_F(SuiteRunnerTest, ASuiteThatDiesBeforeAnyTestDoesNotLoopAndLosesNoTest) {
  for (int i = 0; i < 5; ++i)
    spawner_.processes.push_back(
        {.progress = Progress({"S.A", "S.B"}, {}, {}),
         .exit = {.term_signal = SIGABRT, .output_tail = "connecting the fixture database\n"}});
  auto outcome = RunSuite(spawner_, Settings());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->processes, 2) << "the fresh process reached nothing either: stop";
  ASSERT_EQ(outcome->tests.size(), 3u) << "one record of the death, each test skipped";
  const TestRecord& death = Find(*outcome, "suite.[before S.A]");
  ASSERT_TRUE(death.failed_for(FailureKind::kCode));
  EXPECT_EQ(death.classification->category, "crash");
  EXPECT_EQ(death.message,
            "the suite was killed by signal 6 (Aborted) outside any test\nlast output:\n"
            "connecting the fixture database");
  for (const char* name : {"S.A", "S.B"}) {
    const TestRecord& test = Find(*outcome, name);
    EXPECT_EQ(test.outcome, TestOutcome::kSkipped);
    EXPECT_EQ(test.skip_reason,
              "not run: the suite was killed by signal 6 (Aborted) before reaching it, in a "
              "fresh process too");
  }
}

TEST_F(SuiteRunnerTest, AHangOutsideTheTestsIsAHangAndTheRestRunInAFreshProcess) {
  spawner_.processes.push_back(
      {.progress = Progress({"S.A", "S.B", "S.C"}, {"S.A"}, {Passed("A")}),
       .exit = {.term_signal = SIGKILL,
                .killed_because = KillReason{KillReason::Limit::kTest,
                                             "the suite ran longer than --test-timeout 2s after "
                                             "S.A ended, outside any test"},
                .output_tail = "[ RUN      ] S.A\n[       OK ] S.A\nwaiting for the server\n"}});
  spawner_.processes.push_back({.report = std::vector{Passed("B"), Passed("C")}});
  SuiteRunnerSettings settings = Settings();
  settings.timeouts.test = std::chrono::seconds(2);
  auto outcome = RunSuite(spawner_, settings);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(spawner_.calls[1].argv.back(), "--gtest_filter=S.B:S.C");
  const TestRecord& hang = Find(*outcome, "suite.[after S.A]");
  ASSERT_TRUE(hang.failed_for(FailureKind::kCode));
  EXPECT_EQ(hang.classification->category, "hang");
  EXPECT_NE(hang.message.find("outside any test: killed\nlast output:\n"), std::string::npos)
      << hang.message;
  EXPECT_NE(hang.message.find("waiting for the server"), std::string::npos) << hang.message;
  EXPECT_EQ(Find(*outcome, "S.A").outcome, TestOutcome::kPassed);
  EXPECT_EQ(Find(*outcome, "S.C").outcome, TestOutcome::kPassed);
  EXPECT_EQ(outcome->tests.size(), 4u);
}

TEST_F(SuiteRunnerTest, ASuiteWithoutTheListenerFailsAsOneCrashOnlyWhenItFailed) {
  spawner_.processes.push_back({.exit = {.exit_status = 3}});
  auto outcome = RunSuite(spawner_, Settings(2));
  ASSERT_TRUE(outcome);
  EXPECT_TRUE(outcome->without_listener);
  ASSERT_EQ(outcome->tests.size(), 1u);
  EXPECT_EQ(outcome->tests[0].full_name(), "suite.[suite]");
  EXPECT_EQ(outcome->tests[0].classification->category, "crash");
  EXPECT_NE(outcome->tests[0].message.find("exited with status 3"), std::string::npos);

  spawner_.processes.push_back({.exit = {.exit_status = 0}});
  auto green = RunSuite(spawner_, Settings());
  ASSERT_TRUE(green);
  EXPECT_TRUE(green->without_listener);
  EXPECT_TRUE(green->tests.empty());
}

TEST_F(SuiteRunnerTest, AForwardedSignalStopsEverything) {
  spawner_.processes.push_back({.report = std::vector{Failed("A", FailureKind::kInfra, "connect")},
                                .exit = {.exit_status = 1, .forwarded_signal = SIGINT}});
  auto outcome = RunSuite(spawner_, Settings(3));
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->processes, 1);
  EXPECT_EQ(outcome->forwarded_signal, SIGINT);
  EXPECT_TRUE(slept_.empty());
}

TEST_F(SuiteRunnerTest, ASpawnErrorIsAnErrorFirstAndKeepsWhatRanLater) {
  auto none = RunSuite(spawner_, Settings());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error(), "cannot start ./suite: gone");

  spawner_.processes.push_back({.report = std::vector{Failed("A", FailureKind::kInfra, "connect")},
                                .exit = {.exit_status = 1}});
  auto later = RunSuite(spawner_, Settings(1));
  ASSERT_TRUE(later);
  EXPECT_EQ(later->error, "cannot start ./suite: gone");
  EXPECT_TRUE(Find(*later, "S.A").failed_for(FailureKind::kInfra));
}

TEST_F(SuiteRunnerTest, TheSuiteOutputIsMaskedAndEachProcessHasItsOwnFiles) {
  Redactor redactor;
  redactor.AddSecret("s3cr3t-value");
  spawner_.processes.push_back(
      {.report = std::vector{Failed("A", FailureKind::kInfra, "dns")}, .exit = {.exit_status = 1}});
  spawner_.processes.push_back({.report = std::vector{Passed("A")}});
  SuiteRunnerSettings settings = Settings(1);
  settings.redactor = &redactor;
  ASSERT_TRUE(RunSuite(spawner_, settings));
  ASSERT_EQ(spawner_.filtered.size(), 2u);
  EXPECT_EQ(spawner_.filtered[0].find("s3cr3t"), std::string::npos) << spawner_.filtered[0];
  EXPECT_NE(FakeSpawner::Variable(spawner_.calls[0].env, "PREFLIGHT_REPORT"),
            FakeSpawner::Variable(spawner_.calls[1].env, "PREFLIGHT_REPORT"));
  EXPECT_EQ(FakeSpawner::Variable(spawner_.calls[0].env, "PATH"), "/usr/bin");
}

}  // namespace
}  // namespace preflight
