// Reports shared by the processes of a session: every part counts, a later result of the same
// test replaces the earlier one, and an unfinished process keeps the whole run incomplete.
#include "preflight/report/report_session.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace preflight {
namespace {

namespace fs = std::filesystem;

class ReportSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = fs::temp_directory_path() / ("report-session-test-" + std::to_string(::getpid()));
    fs::create_directories(tmp_);
    ::setenv("TMPDIR", tmp_.c_str(), 1);
    ::setenv("PREFLIGHT_SESSION", "unit test/1", 1);
  }
  void TearDown() override {
    ::unsetenv("PREFLIGHT_SESSION");
    ::unsetenv("TMPDIR");
    fs::remove_all(tmp_);
  }

  // Shares `tests` as process `part` and returns what all the parts add up to.
  GatheredRun Share(const std::string& part, std::vector<TestRecord> tests,
                    ReportStatus status = {}) {
    auto session = CurrentReportSession({"/reports/report.json"});
    EXPECT_TRUE(session.has_value());
    session->part = part;
    GatheredRun gathered;
    auto shared = ShareInSession(*session, tests, nullptr, status, [&](const GatheredRun& all) {
      gathered = all;
      gathered.status.reason = gathered.reason;
    });
    EXPECT_TRUE(shared.has_value()) << shared.error();
    return gathered;
  }

  static TestRecord Passed(std::string name) {
    return {.suite = "S", .name = std::move(name), .outcome = TestOutcome::kPassed};
  }
  static TestRecord Failed(std::string name) {
    TestRecord record{
        .suite = "S", .name = std::move(name), .outcome = TestOutcome::kFailed, .message = "boom"};
    record.classification = Classification{.kind = FailureKind::kCode, .category = "assertion"};
    return record;
  }

  fs::path tmp_;
};

// This test runs under ctest (its parent) or alone: the session is ctest's, or there is none.
TEST_F(ReportSessionTest, WithoutTheVariableTheSessionIsCtests) {
  ::unsetenv("PREFLIGHT_SESSION");
  std::ifstream comm("/proc/" + std::to_string(::getppid()) + "/comm");
  std::string parent;
  std::getline(comm, parent);
  const auto session = CurrentReportSession({"/reports/report.json"});
  EXPECT_EQ(session.has_value(), parent == "ctest") << "parent: " << parent;
  if (session) {
    EXPECT_TRUE(session->id.starts_with("ctest-" + std::to_string(::getppid()) + "-"));
  }
}

TEST_F(ReportSessionTest, TheIdBecomesASafeFolderName) {
  auto session = CurrentReportSession({"/reports/report.json"});
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->id, "unit_test_1");
  EXPECT_EQ(fs::path(session->parts).parent_path(), tmp_);
}

TEST_F(ReportSessionTest, EveryProcessCountsAndAFailureIsNeverHidden) {
  Share("a", {Failed("One")});
  const GatheredRun all = Share("b", {Passed("Two")});
  ASSERT_EQ(all.tests.size(), 2u);
  EXPECT_EQ(all.processes, 2);
  EXPECT_EQ(Summarize(all.tests).failed_code, 1);
  EXPECT_EQ(all.status.status, "complete");
}

TEST_F(ReportSessionTest, ALaterResultOfTheSameTestReplacesTheEarlierOne) {
  Share("a", {Failed("One")});
  const GatheredRun all = Share("b", {Passed("One")});
  ASSERT_EQ(all.tests.size(), 1u);
  EXPECT_EQ(all.tests[0].outcome, TestOutcome::kPassed);
}

TEST_F(ReportSessionTest, AnUnfinishedProcessKeepsTheRunIncomplete) {
  Share("a", {Failed("Started")}, {"incomplete", "still running"});
  const GatheredRun all = Share("b", {Passed("Two")});
  EXPECT_EQ(all.status.status, "incomplete");
  EXPECT_NE(all.reason.find("1 of the 2 test processes"), std::string::npos) << all.reason;
}

TEST_F(ReportSessionTest, DestinationsElsewhereHaveTheirOwnParts) {
  auto here = CurrentReportSession({"/reports/report.json"});
  auto there = CurrentReportSession({"/elsewhere/report.json"});
  ASSERT_TRUE(here && there);
  EXPECT_NE(here->parts, there->parts);
}

}  // namespace
}  // namespace preflight
