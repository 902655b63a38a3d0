// RunChild with real processes (/bin/sh): exit status and signal, the environment it is given,
// the kept tail of its output, and the watchdog.
#include "preflight/runtime/child_process.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include "support/temp_dir.h"

namespace preflight {
namespace {

std::vector<std::string> Shell(std::string script) {
  return {"/bin/sh", "-c", std::move(script)};
}

TEST(RunChild, ReportsTheExitStatusOrTheSignal) {
  auto exited = RunChild(Shell("exit 3"), {});
  ASSERT_TRUE(exited) << exited.error();
  EXPECT_EQ(exited->exit_status, 3);
  EXPECT_EQ(exited->term_signal, 0);
  auto killed = RunChild(Shell("kill -ABRT $$"), {});
  ASSERT_TRUE(killed) << killed.error();
  EXPECT_EQ(killed->term_signal, SIGABRT);
}

TEST(RunChild, TheChildGetsExactlyTheEnvironmentItIsGiven) {
  auto exit = RunChild(Shell("test \"$ONLY\" = here && test -z \"$HOME\""),
                       {.env = {"ONLY=here", "PATH=/usr/bin:/bin"}});
  ASSERT_TRUE(exit) << exit.error();
  EXPECT_EQ(exit->exit_status, 0);
}

TEST(RunChild, KeepsTheLatestOutputOfBothStreams) {
  auto exit = RunChild(Shell("i=0; while [ $i -lt 200 ]; do echo line$i; i=$((i+1)); done; "
                             "echo last-error >&2"),
                       {.keep_output = 64});
  ASSERT_TRUE(exit) << exit.error();
  EXPECT_LE(exit->output_tail.size(), 64u);
  EXPECT_NE(exit->output_tail.find("line199\n"), std::string::npos) << exit->output_tail;
  EXPECT_NE(exit->output_tail.find("last-error\n"), std::string::npos) << exit->output_tail;
  EXPECT_EQ(exit->output_tail.find("line0\n"), std::string::npos);
}

TEST(RunChild, TheWatchdogKillsTheWholeProcessGroupWithItsReason) {
  testing::TempDir dir;
  const std::string pid_file = (dir.path() / "background.pid").string();
  int asked = 0;
  Watchdog watchdog = [&]() -> std::optional<KillReason> {
    if (++asked < 3) return std::nullopt;
    return KillReason{KillReason::Limit::kOther, "too slow"};
  };
  auto exit =
      RunChild(Shell("sleep 60 & echo $! >" + pid_file + "; sleep 60"), {.watchdog = watchdog});
  ASSERT_TRUE(exit) << exit.error();
  EXPECT_EQ(exit->term_signal, SIGKILL);
  ASSERT_TRUE(exit->killed_because);
  EXPECT_EQ(exit->killed_because->text, "too slow");
  std::ifstream pid_text(pid_file);
  pid_t background = 0;
  ASSERT_TRUE(pid_text >> background);
  // Killed with its group: gone, or for a moment a zombie waiting for init.
  std::string state;
  for (int i = 0; i < 200; ++i) {
    std::ifstream stat("/proc/" + std::to_string(background) + "/stat");
    std::string pid, name;
    if (!(stat >> pid >> name >> state) || state == "Z") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(state.empty() || state == "Z") << "the background sleep is still " << state;
}

// A secret written in two pieces, a moment apart, is still masked: the filter sees whole lines.
TEST(RunChild, TheFilterSeesWholeLinesEvenWhenTheyArriveInPieces) {
  auto exit = RunChild(Shell("printf 'dsn postgres://app:hun'; sleep 0.2; printf "
                             "'ter22@db/app\\nno newline: hunter22'"),
                       {.filter = [](std::string_view text) {
                         std::string out(text);
                         for (size_t at; (at = out.find("hunter22")) != std::string::npos;)
                           out.replace(at, 8, "***");
                         return out;
                       }});
  ASSERT_TRUE(exit) << exit.error();
  EXPECT_EQ(exit->output_tail, "dsn postgres://app:***@db/app\nno newline: ***");
}

TEST(RunChild, AProgramThatDoesNotExistIsAnErrorNamingIt) {
  auto exit = RunChild({"/no/such/suite"}, {});
  ASSERT_FALSE(exit);
  EXPECT_EQ(exit.error(), "cannot run /no/such/suite: no such file or directory");
}

}  // namespace
}  // namespace preflight
