// The watchdog against a progress log written as the listener would, on a clock the test moves.
#include "preflight/runtime/hang_watch.h"

#include <gtest/gtest.h>

#include <fstream>

#include "preflight/report/progress_log.h"
#include "tests/support/temp_dir.h"

namespace preflight {
namespace {

using namespace std::chrono_literals;

// The watch polls every 100 ms: each line is written and then seen at the same moment here.
class HangWatchTest : public ::testing::Test {
 protected:
  HangWatch& Watch(Timeouts timeouts) {
    watch_.emplace(log_, timeouts, [this] { return now_; });
    return *watch_;
  }
  void Log(const std::string& lines) {
    std::ofstream(log_, std::ios::app) << lines;
    (*watch_)();
  }
  void Start(const std::string& test) { Log(ProgressStartLine(test)); }
  void End(const std::string& suite, const std::string& name) {
    Log(ProgressEndLine({.suite = suite, .name = name}));
  }
  // The reason the watch gives after `elapsed` more, or "" for none.
  std::string After(HangWatch& watch, HangWatch::Clock::duration elapsed) {
    now_ += elapsed;
    auto reason = watch();
    return reason ? reason->text : "";
  }

  preflight::testing::TempDir dir_;
  std::string log_ = (dir_.path() / "progress.log").string();
  HangWatch::Clock::time_point now_{};
  std::optional<HangWatch> watch_;
};

TEST_F(HangWatchTest, ATestLongerThanTheLimitIsNamed) {
  HangWatch& watch = Watch({.test = 2s});
  Start("S.A");
  EXPECT_EQ(After(watch, 1s), "");
  EXPECT_EQ(After(watch, 1500ms), "S.A ran longer than --test-timeout 2s");
  ASSERT_TRUE(watch());
  EXPECT_EQ(watch()->limit, KillReason::Limit::kTest);
}

TEST_F(HangWatchTest, EachTestHasItsOwnLimit) {
  HangWatch& watch = Watch({.test = 2s});
  for (const char* name : {"A", "B", "C"}) {
    Start(std::string("S.") + name);
    EXPECT_EQ(After(watch, 1500ms), "") << name;
    End("S", name);
    EXPECT_EQ(After(watch, 100ms), "") << name;
  }
}

TEST_F(HangWatchTest, TheStretchesOutsideTheTestsAreBoundedToo) {
  HangWatch& set_up = Watch({.test = 2s});
  EXPECT_EQ(After(set_up, 2500ms),
            "the suite ran longer than --test-timeout 2s before its first test");

  std::filesystem::remove(log_);
  HangWatch& tear_down = Watch({.test = 2s});
  Start("S.A");
  EXPECT_EQ(After(tear_down, 1s), "");
  End("S", "A");
  EXPECT_EQ(After(tear_down, 1s), "") << "the clock starts again when the test ends";
  EXPECT_EQ(After(tear_down, 1500ms),
            "the suite ran longer than --test-timeout 2s after S.A ended, outside any test");
}

TEST_F(HangWatchTest, WaitingForStagingIsNotATestsTime) {
  HangWatch& watch = Watch({.test = 2s});
  Start("S.A");
  EXPECT_EQ(After(watch, 1s), "");
  Log(ProgressWaitLine(true));
  EXPECT_EQ(After(watch, 1min), "") << "the circuit breaker's pause, bounded by its own budget";
  Log(ProgressWaitLine(false));
  EXPECT_EQ(After(watch, 500ms), "") << "1.5 s of the test's own time";
  EXPECT_EQ(After(watch, 600ms), "S.A ran longer than --test-timeout 2s");
}

TEST_F(HangWatchTest, TheSuiteLimitCountsEverything) {
  HangWatch& watch = Watch({.suite = 10s});
  Start("S.A");
  Log(ProgressWaitLine(true));
  EXPECT_EQ(After(watch, 9s), "");
  now_ += 2s;
  auto reason = watch();
  ASSERT_TRUE(reason);
  EXPECT_EQ(reason->limit, KillReason::Limit::kSuite);
  EXPECT_EQ(reason->text, "the suite ran longer than --suite-timeout 10s");
}

TEST_F(HangWatchTest, ALineStillBeingWrittenIsReadNextTime) {
  HangWatch& watch = Watch({.test = 2s});
  Start("S.A");
  EXPECT_EQ(After(watch, 1s), "");
  Log("end\t{\"name\":");  // the listener is writing S.A's end: no newline yet
  EXPECT_EQ(After(watch, 1500ms), "S.A ran longer than --test-timeout 2s");
}

}  // namespace
}  // namespace preflight
