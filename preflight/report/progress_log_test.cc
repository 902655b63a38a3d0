// The progress log's one writer and one reader: a suite that died mid-test leaves a log from
// which run names the test that was running and the ones never started.
#include "preflight/report/progress_log.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace preflight {
namespace {

TEST(ProgressLog, EachLineKindReadsBackWhatWasWritten) {
  auto strip = [](std::string line) { return line.substr(0, line.size() - 1); };
  EXPECT_EQ(ParseProgressLine(strip(ProgressPlanLine("A.b"))).kind, ProgressLine::Kind::kPlan);
  const std::string start_line = strip(ProgressStartLine("A.b"));  // `rest` points into it
  const ProgressLine start = ParseProgressLine(start_line);
  EXPECT_EQ(start.kind, ProgressLine::Kind::kStart);
  EXPECT_EQ(start.rest, "A.b");
  EXPECT_EQ(ParseProgressLine("end\t{}").kind, ProgressLine::Kind::kEnd);
  EXPECT_EQ(ParseProgressLine("no tab").kind, ProgressLine::Kind::kUnknown);
  EXPECT_EQ(ParseProgressLine("later\tA.b").kind, ProgressLine::Kind::kUnknown);
}

TEST(ProgressLog, ADeadSuitesLogNamesTheRunningTestAndTheOnesNotStarted) {
  preflight::testing::TempDir dir;
  TestRecord passed{.suite = "A", .name = "first", .outcome = TestOutcome::kPassed};
  const std::string log = ProgressPlanLine("A.first") + ProgressPlanLine("A.second") +
                          ProgressPlanLine("A.third") + ProgressStartLine("A.first") +
                          ProgressEndLine(passed) + ProgressStartLine("A.second") +
                          "end\t{\"name\":\"A.sec";  // torn: the suite died while writing it
  auto progress = ReadProgress(dir.Write("progress.log", log));
  ASSERT_TRUE(progress) << progress.error();
  ASSERT_EQ(progress->finished.size(), 1u);
  EXPECT_EQ(progress->finished[0].full_name(), "A.first");
  EXPECT_EQ(progress->Unfinished(), std::vector<std::string>{"A.second"});
  EXPECT_EQ(progress->NotStarted(), std::vector<std::string>{"A.third"});
}

TEST(ProgressLog, TheWriterSubscribesToTheListenersEventsAndAppends) {
  preflight::testing::TempDir dir;
  const std::string path = dir.Write("progress.log", ProgressPlanLine("Earlier.run"));
  {
    auto writer = ProgressLogWriter::Open(path);
    ASSERT_TRUE(writer) << writer.error();
    TestEventSubscriber& events = **writer;
    EXPECT_TRUE(events.WantsEachTest());
    events.OnPlan({"A.first", "A.second"});
    events.OnTestStarted("A.first");
    events.OnTestFinished({.suite = "A", .name = "first"});
    events.OnTestStarted("A.second");
  }
  auto progress = ReadProgress(path);
  ASSERT_TRUE(progress) << progress.error();
  EXPECT_EQ(progress->planned, (std::vector<std::string>{"Earlier.run", "A.first", "A.second"}));
  EXPECT_EQ(progress->Unfinished(), std::vector<std::string>{"A.second"});
  ASSERT_EQ(progress->finished.size(), 1u);
  EXPECT_EQ(progress->finished[0].full_name(), "A.first");
}

TEST(ProgressLog, AnUnopenableLogIsAnErrorNamingIt) {
  auto writer = ProgressLogWriter::Open("/nonexistent/dir/progress.log");
  ASSERT_FALSE(writer);
  EXPECT_NE(writer.error().find("/nonexistent/dir/progress.log"), std::string::npos);
}

}  // namespace
}  // namespace preflight
