// The breaker's confirmation and pause in virtual time.
#include "preflight/classify/staging_pause.h"

#include <gtest/gtest.h>

#include <vector>

namespace preflight {
namespace {

using namespace std::chrono_literals;

struct VirtualTime {
  Duration now{0};
  std::vector<Duration> sleeps;
  StagingPauseSettings Settings(Duration budget) {
    return {.budget = budget,
            .uniform01 = [] { return 0.5; },
            .now = [this] { return now; },
            .sleep =
                [this](Duration d) {
                  sleeps.push_back(d);
                  now += d;
                }};
  }
};

// A staging whose checks fail until `up_at`, each check taking `took`.
auto StagingUpAt(VirtualTime& time, Duration up_at, Duration took = 1s) {
  return [&time, up_at, took] {
    time.now += took;
    return time.now >= up_at ? StagingCheck{StagingCheck::kReady, ""}
                             : StagingCheck{StagingCheck::kDown, "db (connection_refused)"};
  };
}

TEST(StagingPause, HealthyStagingIsAskedOnceAndNeverWaitedFor) {
  VirtualTime time;
  auto outcome = ConfirmOrPause(StagingUpAt(time, 0s), time.Settings(5min));
  EXPECT_EQ(outcome.state, StagingPauseOutcome::kUp);
  EXPECT_EQ(outcome.checks, 1);
  EXPECT_TRUE(time.sleeps.empty());
}

TEST(StagingPause, WaitsWithDoublingDelaysAndResumesWhenStagingIsBack) {
  VirtualTime time;
  auto outcome = ConfirmOrPause(StagingUpAt(time, 20s), time.Settings(5min));
  EXPECT_EQ(outcome.state, StagingPauseOutcome::kCameBack);
  EXPECT_EQ(time.sleeps, (std::vector<Duration>{2s, 4s, 8s, 16s}));
  EXPECT_GE(outcome.waited, 20s);
  EXPECT_LT(outcome.waited, 40s);
}

TEST(StagingPause, GivesUpWhenTheBudgetIsSpentAndNeverSleepsPastIt) {
  VirtualTime time;
  auto outcome = ConfirmOrPause(StagingUpAt(time, 1h), time.Settings(60s));
  EXPECT_EQ(outcome.state, StagingPauseOutcome::kStillDown);
  EXPECT_EQ(outcome.reason, "db (connection_refused)");
  EXPECT_LE(time.now, 60s + 1s);  // the budget, plus the last check's own time
  EXPECT_LE(time.sleeps.back(), 30s);
}

TEST(StagingPause, ACheckThatCannotRunNeverStopsTheSuite) {
  VirtualTime time;
  auto outcome = ConfirmOrPause(
      [] {
        return StagingCheck{StagingCheck::kCannotTell, "exit 2"};
      },
      time.Settings(5min));
  EXPECT_EQ(outcome.state, StagingPauseOutcome::kCannotTell);
  EXPECT_TRUE(time.sleeps.empty());
}

TEST(StagingPause, ACheckThatStopsWorkingWhilePausedEndsThePauseWithoutStopping) {
  VirtualTime time;
  int checks = 0;
  auto outcome = ConfirmOrPause(
      [&] {
        return ++checks == 1 ? StagingCheck{StagingCheck::kDown, "db (connection_refused)"}
                             : StagingCheck{StagingCheck::kCannotTell, "exit 2"};
      },
      time.Settings(5min));
  EXPECT_EQ(outcome.state, StagingPauseOutcome::kCannotTell);
  EXPECT_EQ(outcome.checks, 2);
}

TEST(StagingPause, JitterSpreadsTheDelays) {
  VirtualTime time;
  StagingPauseSettings settings = time.Settings(5min);
  settings.uniform01 = [] { return 0.0; };
  ConfirmOrPause(StagingUpAt(time, 5s), settings);
  EXPECT_EQ(time.sleeps.front(), 1500ms);  // 2 s × 0.75
}

}  // namespace
}  // namespace preflight
