// Engine logic in virtual time: budgets, polling, retries, ordering, deadline, bypass.
#include "preflight/engine/check_runner.h"

#include <gtest/gtest.h>

#include "preflight/config/check_graph.h"
#include "preflight/exit_code.h"
#include "support/fake_probes.h"

namespace preflight {
namespace {

using namespace std::chrono_literals;
using testing::FakeBehaviour;
using testing::NotReady;
using testing::Ready;

Check MakeHttp(std::string name, Duration warmup, std::vector<std::string> after = {}) {
  return {.name = std::move(name),
          .spec = HttpCheck{.url = "http://127.0.0.1/health", .warmup = warmup},
          .after = std::move(after)};
}

Check MakeDns(std::string name, Duration timeout) {
  return {.name = std::move(name), .spec = DnsCheck{.hosts = {"a.test"}, .timeout = timeout}};
}

class RecordingObserver final : public CheckObserver {
 public:
  void OnCheckStarted(const Check& check) override { started.push_back(check.name); }
  void OnRetryScheduled(const Check&, int, Duration delay, const CheckError&) override {
    retry_delays.push_back(delay);
  }
  void OnProbeFinished(const Check&, int, const ProbeOutcome& outcome) override {
    probe_texts.push_back(outcome.detail + (outcome.error ? outcome.error->message : ""));
  }
  void OnCheckFinished(const CheckResult& result) override { finished.push_back(result.name); }
  void OnRunFinished(const RunResult&) override { ++runs_finished; }
  std::vector<std::string> started, finished, probe_texts;
  std::vector<Duration> retry_delays;
  int runs_finished = 0;
};

class CheckRunnerTest : public ::testing::Test {
 protected:
  void AddCheck(Check check) {
    check.retry = config_.retry;
    config_.checks.push_back(std::move(check));
  }

  const RunResult& Run(BypassState bypass = BypassState::kNone) {
    if (config_.deadline == Duration{0}) config_.deadline = DeriveDeadline(config_.checks);
    RunnerSettings settings{.uniform01 = [] { return 0.5; }, .redactor = &redactor_};
    settings.bypass.state = bypass;
    runner_ = std::make_unique<CheckRunner>(config_, settings, scheduler_, probes_, observer_);
    runner_->Start();
    scheduler_.Run();
    EXPECT_TRUE(runner_->finished());
    EXPECT_EQ(observer_.runs_finished, 1);
    return runner_->result();
  }

  const CheckResult& ResultOf(const std::string& name) {
    for (const auto& check : runner_->result().checks)
      if (check.name == name) return check;
    throw std::runtime_error("no result for " + name);
  }

  Config config_{.retry = {.attempts = 3, .delay = 30s}};
  testing::FakeScheduler scheduler_;
  testing::FakeProbeFactory probes_{scheduler_};
  RecordingObserver observer_;
  Redactor redactor_;
  std::unique_ptr<CheckRunner> runner_;
};

// `--verbose` prints every probe: what observers see must already be redacted.
TEST_F(CheckRunnerTest, ObserversNeverSeeAProbeTextWithASecret) {
  AddCheck(MakeHttp("api", 1s));
  int polls = 0;
  probes_.Script("api", {.outcome =
                             [&](Duration) {
                               if (++polls < 3)
                                 return NotReady("connect",
                                                 "GET http://app:hunter22@api.test/health refused");
                               ProbeOutcome ready = Ready();
                               ready.detail = "postgresql://app:hunter22@db/app answered";
                               return ready;
                             },
                         .latency = 1ms});
  Run();
  ASSERT_EQ(observer_.probe_texts.size(), 3u);
  for (const auto& text : observer_.probe_texts) {
    EXPECT_EQ(text.find("hunter22"), std::string::npos) << text;
    EXPECT_NE(text.find("***"), std::string::npos) << text;
  }
  EXPECT_EQ(ResultOf("api").detail.find("hunter22"), std::string::npos);
}

TEST_F(CheckRunnerTest, ACancelledRunIsMarkedCancelledADeadlineIsNot) {
  AddCheck(MakeHttp("api", 60s));
  probes_.Script("api", {.outcome = [](Duration) { return NotReady("connect"); }, .latency = 1ms});
  config_.deadline = 2s;
  EXPECT_FALSE(Run().cancelled);
  runner_ = std::make_unique<CheckRunner>(config_, RunnerSettings{.uniform01 = [] { return 0.5; }},
                                          scheduler_, probes_, observer_);
  runner_->Start();
  runner_->Cancel("interrupted by SIGINT");
  EXPECT_TRUE(runner_->result().cancelled);
}

TEST_F(CheckRunnerTest, HealthyStagingPassesAtOnce) {
  AddCheck(MakeDns("dns", 5s));
  AddCheck(MakeHttp("api", 60s, {"dns"}));
  probes_.Script("dns", {.outcome = [](Duration) { return Ready(); }, .latency = 2ms});
  probes_.Script("api", {.outcome = [](Duration) { return Ready(); }, .latency = 3ms});
  const RunResult& result = Run();
  EXPECT_EQ(result.status, RunStatus::kPassed);
  EXPECT_EQ(ExitCodeFor(result), kExitOk);
  EXPECT_EQ(result.duration, 5ms);  // no sleeping: 2 ms + 3 ms of probing
  EXPECT_EQ(ResultOf("api").attempts, 1);
  EXPECT_EQ(ResultOf("api").probes, 1);
}

TEST_F(CheckRunnerTest, ColdConnectorIsSeenReadyWithinAPollInterval) {
  AddCheck(MakeHttp("api", 60s));
  const Duration ready_at = 12s;
  probes_.Script("api", {.outcome = [&](Duration now) {
                   return now >= ready_at ? Ready() : NotReady("http_5xx", "503");
                 }});
  const RunResult& result = Run();
  EXPECT_EQ(result.status, RunStatus::kPassed);
  EXPECT_GE(ResultOf("api").duration, ready_at);
  EXPECT_LE(ResultOf("api").duration, ready_at + kDefaultPollInterval + 10ms);
  // Polls grow from 20 ms apart to the poll interval, jittered into [3/4, 1] of it.
  EXPECT_LE(ResultOf("api").probes, ready_at / (kDefaultPollInterval * 3 / 4) + 25)
      << "polling must back off, not hammer the connector";
}

TEST_F(CheckRunnerTest, ReadyButSlowerThanWarnAfterIsAWarningAndDependentsStillRun) {
  Check api = MakeHttp("api", 120s);
  api.warn_after = 60s;
  api.critical_after = 90s;
  AddCheck(api);
  Check slower = MakeHttp("slower", 120s);
  slower.warn_after = 60s;
  slower.critical_after = 90s;
  AddCheck(slower);
  AddCheck(MakeHttp("after_api", 5s, {"api"}));
  probes_.Script("api", {.outcome = [](Duration now) {
                   return now >= 75s ? Ready() : NotReady("http_5xx", "503");
                 }});
  probes_.Script("slower", {.outcome = [](Duration now) {
                   return now >= 95s ? Ready() : NotReady("http_5xx", "503");
                 }});
  probes_.Script("after_api", {.outcome = [](Duration) { return Ready(); }});
  const RunResult& result = Run();
  EXPECT_EQ(result.status, RunStatus::kPassed);
  EXPECT_EQ(ExitCodeFor(result), kExitOk);
  const CheckResult& api_result = ResultOf("api");
  EXPECT_EQ(api_result.status, CheckStatus::kWarned);
  EXPECT_TRUE(api_result.ready);
  ASSERT_TRUE(api_result.error);
  EXPECT_EQ(api_result.error->category, "slow");
  EXPECT_TRUE(api_result.error->message.starts_with("ready after 1m"));
  EXPECT_TRUE(api_result.error->message.ends_with("slower than warn_after 1m"))
      << api_result.error->message;
  EXPECT_EQ(ResultOf("slower").error->category, "slow_critical");
  EXPECT_EQ(ResultOf("after_api").status, CheckStatus::kPassed) << "a slow check still passed";
}

TEST_F(CheckRunnerTest, AProbesOwnWarningMakesAReadyCheckWarned) {
  AddCheck(MakeHttp("db", 5s));
  probes_.Script("db", {.outcome = [](Duration) {
                   ProbeOutcome ready = Ready();
                   ready.warning = CheckError{"capacity_elevated", "needs 3, 6 free of 12"};
                   return ready;
                 }});
  const RunResult& result = Run();
  EXPECT_EQ(result.status, RunStatus::kPassed);
  EXPECT_EQ(ResultOf("db").status, CheckStatus::kWarned);
  EXPECT_EQ(ResultOf("db").error->category, "capacity_elevated");
  EXPECT_TRUE(ResultOf("db").ready);
}

TEST_F(CheckRunnerTest, NeverReadyFailsAfterAllAttemptsWithJitteredDelays) {
  AddCheck(MakeHttp("api", 2s));
  probes_.Script("api", {.outcome = [](Duration) { return NotReady("http_5xx", "HTTP 503"); }});
  const RunResult& result = Run();
  EXPECT_EQ(result.status, RunStatus::kFailed);
  EXPECT_EQ(ExitCodeFor(result), kExitInfra);
  const CheckResult& api = ResultOf("api");
  EXPECT_EQ(api.attempts, 3);
  ASSERT_TRUE(api.error);
  EXPECT_EQ(api.error->category, "http_5xx");
  EXPECT_NE(api.error->message.find("HTTP 503 (after 3 attempts in"), std::string::npos)
      << api.error->message;
  // uniform01 = 0.5: each delay is 22.5 s, between delay/2 and delay.
  EXPECT_EQ(observer_.retry_delays, (std::vector<Duration>{22500ms, 22500ms}));
  EXPECT_LE(api.duration, 3 * 2s + 2 * 22500ms + 10ms);
  // An attempt ends when its next poll would not fit: at most one poll interval early.
  EXPECT_GE(api.duration, 3 * (2s - kDefaultPollInterval) + 2 * 22500ms);
}

TEST_F(CheckRunnerTest, AShortLastPollDoesNotHideTheRealError) {
  config_.retry.attempts = 1;
  AddCheck(MakeHttp("api", 1s));
  // Refused at once while there is time; a poll with little budget left times out.
  probes_.Script("api",
                 {.outcome = [](Duration) { return NotReady("connection_refused", "refused"); },
                  .latency = 250ms});
  Run();
  EXPECT_EQ(ResultOf("api").error->category, "connection_refused");
}

TEST_F(CheckRunnerTest, ConfigurationErrorsAreNotRetried) {
  AddCheck(MakeHttp("db", 45s));
  probes_.Script("db", {.outcome = [](Duration) {
                   ProbeOutcome outcome = NotReady("config", "password authentication failed");
                   outcome.retryable = false;
                   return outcome;
                 }});
  const RunResult& result = Run();
  EXPECT_EQ(ResultOf("db").attempts, 1);
  EXPECT_EQ(probes_.probes_started("db"), 1);
  EXPECT_EQ(ExitCodeFor(result), kExitUsage);
}

TEST_F(CheckRunnerTest, DependantsWaitForAndAreSkippedByTheirPrerequisites) {
  config_.retry.attempts = 1;
  AddCheck(MakeDns("dns", 1s));
  AddCheck(MakeHttp("api", 5s, {"dns"}));
  AddCheck(MakeHttp("independent", 5s));
  probes_.Script("dns", {.outcome = [](Duration) { return NotReady("dns_nxdomain", "NXDOMAIN"); }});
  probes_.Script("api", {.outcome = [](Duration) { return Ready(); }});
  probes_.Script("independent", {.outcome = [](Duration) { return Ready(); }});
  const RunResult& result = Run();
  EXPECT_EQ(result.status, RunStatus::kFailed);
  EXPECT_EQ(probes_.probes_started("api"), 0);
  EXPECT_EQ(ResultOf("api").status, CheckStatus::kSkipped);
  EXPECT_EQ(ResultOf("api").error->message, "skipped: dns did not pass");
  EXPECT_EQ(ResultOf("independent").status, CheckStatus::kPassed);
  EXPECT_EQ(observer_.started, (std::vector<std::string>{"dns", "independent"}));
}

TEST_F(CheckRunnerTest, DependantStartsOnlyAfterItsPrerequisitePassed) {
  AddCheck(MakeDns("dns", 1s));
  AddCheck(MakeHttp("api", 5s, {"dns"}));
  probes_.Script("dns", {.outcome = [](Duration) { return Ready(); }, .latency = 40ms});
  probes_.Script("api", {.outcome = [](Duration) { return Ready(); }});
  Run();
  ASSERT_EQ(probes_.start_times("api").size(), 1u);
  EXPECT_EQ(probes_.start_times("api")[0], 40ms);
}

TEST_F(CheckRunnerTest, DnsMakesOneProbePerAttempt) {
  AddCheck(MakeDns("dns", 1s));
  config_.checks[0].retry.delay = 100ms;
  probes_.Script("dns", {.outcome = [](Duration) { return NotReady("dns_servfail", "SERVFAIL"); }});
  Run();
  EXPECT_EQ(probes_.probes_started("dns"), 3);
}

TEST_F(CheckRunnerTest, OptionalCheckFailureIsAWarning) {
  Check check = MakeHttp("metrics", 1s);
  check.required = false;
  AddCheck(std::move(check));
  config_.checks[0].retry.attempts = 1;
  probes_.Script("metrics",
                 {.outcome = [](Duration) { return NotReady("connection_refused", "refused"); }});
  const RunResult& result = Run();
  EXPECT_EQ(ResultOf("metrics").status, CheckStatus::kWarned);
  EXPECT_EQ(result.status, RunStatus::kPassed);
}

TEST_F(CheckRunnerTest, ActiveBypassTurnsFailuresIntoWarnings) {
  config_.retry.attempts = 1;
  AddCheck(MakeHttp("api", 1s));
  probes_.Script("api", {.outcome = [](Duration) { return NotReady("http_5xx", "503"); }});
  const RunResult& result = Run(BypassState::kActive);
  EXPECT_EQ(ResultOf("api").status, CheckStatus::kWarned);
  EXPECT_EQ(result.status, RunStatus::kBypassed);
  EXPECT_EQ(ExitCodeFor(result), kExitOk);
}

TEST_F(CheckRunnerTest, DeadlineStopsEverythingOnTime) {
  AddCheck(MakeHttp("api", 60s));
  AddCheck(MakeHttp("after_api", 60s, {"api"}));
  config_.deadline = 10s;
  probes_.Script("api", {.outcome = [](Duration) { return NotReady("http_5xx", "HTTP 503"); }});
  probes_.Script("after_api", {.outcome = [](Duration) { return Ready(); }});
  const RunResult& result = Run();
  EXPECT_EQ(result.duration, 10s);
  EXPECT_TRUE(result.interrupted);
  EXPECT_EQ(ResultOf("api").status, CheckStatus::kFailed);
  EXPECT_EQ(ResultOf("api").error->category, "deadline");
  EXPECT_NE(ResultOf("api").error->message.find("last error: HTTP 503"), std::string::npos);
  EXPECT_EQ(ResultOf("after_api").status, CheckStatus::kSkipped);
  EXPECT_EQ(ExitCodeFor(result), kExitInfra);
}

TEST_F(CheckRunnerTest, DeadlineKeepsWhatThePollItCutShortHadSeen) {
  AddCheck(MakeHttp("api", 60s));
  AddCheck(MakeHttp("db", 60s));
  config_.deadline = 10s;
  // api: one poll that never ends; db: polls that end, then one cut short that saw nothing.
  probes_.Script("api", {.outcome = [](Duration) { return Ready(); },
                         .latency = 60s,
                         .seen = "connected to 10.0.0.2:443, no HTTP response"});
  probes_.Script(
      "db", {.outcome = [](Duration) { return NotReady("connect", "refused"); }, .latency = 4s});
  Run();
  EXPECT_EQ(ResultOf("api").error->message,
            "the overall deadline of 10s was reached; connected to 10.0.0.2:443, no HTTP response "
            "after 10.0s");
  EXPECT_EQ(ResultOf("db").error->message,
            "the overall deadline of 10s was reached; last error: refused");
}

TEST_F(CheckRunnerTest, CancelStopsRunningChecksAtOnce) {
  AddCheck(MakeHttp("api", 60s));
  probes_.Script("api", {.outcome = [](Duration) { return NotReady("http_5xx", "503"); }});
  config_.deadline = 300s;
  runner_ = std::make_unique<CheckRunner>(config_, RunnerSettings{.uniform01 = [] { return 0.0; }},
                                          scheduler_, probes_, observer_);
  runner_->Start();
  scheduler_.Run(3s);
  auto progress = runner_->Progress();
  ASSERT_EQ(progress.size(), 1u);
  EXPECT_EQ(progress[0].attempt, 1);
  EXPECT_GT(progress[0].elapsed, 2s);
  EXPECT_EQ(progress[0].budget, 60s);
  runner_->Cancel("interrupted by SIGTERM");
  EXPECT_TRUE(runner_->finished());
  EXPECT_EQ(runner_->result().checks[0].error->category, "cancelled");
  scheduler_.Run();  // nothing left to fire into a finished run
  EXPECT_EQ(observer_.runs_finished, 1);
}

}  // namespace
}  // namespace preflight
