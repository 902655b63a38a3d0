// Tests of the classified test reports: JSON round trip, JUnit split and re-runs, Markdown,
// Bazel's infrastructure failure file.
#include "preflight/report/test_reports.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "preflight/report/test_report_reader.h"
#include "preflight/util/text_file.h"
#include "support/temp_dir.h"

namespace preflight {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

TestRecord Failed(std::string suite, std::string name, FailureKind kind, std::string category,
                  std::string message) {
  TestRecord t{.suite = std::move(suite), .name = std::move(name), .outcome = TestOutcome::kFailed};
  t.message = std::move(message);
  t.location = "e2e.cc:12";
  t.classification = Classification{.kind = kind, .category = std::move(category)};
  if (kind == FailureKind::kInfra)
    t.classification->evidence = Evidence{"connect.errno", t.message, TextKind::kMessage};
  return t;
}

std::vector<TestRecord> Sample() {
  std::vector<TestRecord> tests;
  tests.push_back({.suite = "Orders", .name = "Create", .duration = 1500us});
  tests.push_back(Failed("Orders", "Pay", FailureKind::kInfra, "connect",
                         "POST /pay: Connection refused <\"x\">"));
  tests.push_back(
      Failed("Users", "Login", FailureKind::kCode, "assertion", "Expected 200, got 401"));
  tests.push_back({.suite = "Users",
                   .name = "Gpu",
                   .outcome = TestOutcome::kSkipped,
                   .skip_reason = "needs a GPU"});
  return tests;
}

TEST(TestReports, JsonRoundTripsThroughTheReader) {
  preflight::testing::TempDir dir;
  const std::string path = dir.Write("report.json", TestsReportJson(Sample()));
  auto read = ReadTestsReport(path);
  ASSERT_TRUE(read) << read.error();
  ASSERT_EQ(read->size(), 4u);
  EXPECT_EQ((*read)[1].full_name(), "Orders.Pay");
  EXPECT_TRUE((*read)[1].failed_for(FailureKind::kInfra));
  EXPECT_EQ((*read)[1].message, "POST /pay: Connection refused <\"x\">");
  EXPECT_EQ((*read)[2].classification->category, "assertion");
  EXPECT_EQ((*read)[3].skip_reason, "needs a GPU");
  EXPECT_EQ((*read)[0].duration, 1500us);
}

TEST(TestReports, ReaderSaysWhatIsWrongWithOtherDocuments) {
  preflight::testing::TempDir dir;
  auto error_of = [&](const char* name, std::string_view text) {
    auto read = ReadTestsReport(dir.Write(name, std::string(text)));
    return read ? std::string("accepted") : read.error();
  };
  EXPECT_THAT(error_of("x.json", R"({"schema":"preflight.check/v1"})"),
              HasSubstr("a pre-flight report (preflight.check/v1), not a test report"));
  EXPECT_THAT(error_of("f.json", R"({"schema":"junit"})"),
              HasSubstr("schema \"junit\", not preflight.tests/v1"));
  EXPECT_THAT(error_of("y.json", "not json"), HasSubstr("y.json: not JSON (at byte 2)"));
  EXPECT_THAT(error_of("e.json", "\n"), HasSubstr("e.json: empty file"));
  EXPECT_THAT(error_of("t.json", R"({"schema":"preflight.tests/v1","tests":[{"name":"A.b",)"),
              HasSubstr("t.json: the JSON ends early, after 54 bytes: the file is truncated"));
  EXPECT_THAT(error_of("n.json", R"({"schema":"preflight.tests/v1"})"),
              HasSubstr("without a \"tests\" array"));
  // A duration no test has would overflow the conversion (undefined behaviour; found by fuzzing).
  for (const char* duration : {"1e+300", "-5"})
    EXPECT_THAT(
        error_of("d.json", fmt::format(R"({{"schema":"preflight.tests/v1","tests":[{{"name":"A.b",
                                           "outcome":"passed","duration_ms":{}}}]}})",
                                       duration)),
        HasSubstr(fmt::format("duration_ms {} is not a duration", duration)));
  EXPECT_THAT(error_of("a.json", R"({"schema":"preflight.tests/v1","tests":[{"name":"A.b",
                                    "outcome":"passed","attempts":1e30}]})"),
              HasSubstr("\"attempts\" is 1e+30, not a count"));
  EXPECT_FALSE(ReadTestsReport((dir.path() / "missing.json").string()));
}

TEST(TestReports, JunitCarriesTheSplit) {
  const std::string xml = TestsReportJunit(Sample());
  EXPECT_NE(
      xml.find(R"(<testsuites name="AllTests" tests="4" failures="1" errors="1" skipped="1")"),
      std::string::npos)
      << xml;
  EXPECT_NE(
      xml.find(
          R"(<error type="infra:connect" message="POST /pay: Connection refused &lt;&quot;x&quot;&gt;">)"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<failure type="assertion" message="Expected 200, got 401">)"),
            std::string::npos);
  EXPECT_NE(xml.find(R"(<testcase classname="Orders" name="Create" time="0.002"/>)"),
            std::string::npos)
      << xml;
}

TEST(TestReports, JunitWritesReRunsAsSurefireDoes) {
  TestRecord flaky{.suite = "Orders", .name = "Pay", .attempts = 2};
  flaky.earlier_failures.push_back(
      {FailureKind::kInfra, "connect", "Failed\nConnection refused", "Connection refused"});
  TestRecord always =
      Failed("Orders", "Ship", FailureKind::kInfra, "timeout", "third: Operation timed out");
  always.attempts = 3;
  always.earlier_failures = {
      {FailureKind::kInfra, "connect", "first: Connection refused", "first: Connection refused"},
      {FailureKind::kInfra, "timeout", "second: Operation timed out",
       "second: Operation timed out"}};
  const std::string xml = TestsReportJunit({flaky, always});
  EXPECT_NE(xml.find(R"(<flakyError type="infra:connect" message="Connection refused">)"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<error type="infra:connect" message="first: Connection refused">)"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<rerunError type="infra:timeout" message="second: Operation timed out">)"),
            std::string::npos);
  EXPECT_NE(xml.find(R"(<rerunError type="infra:timeout" message="third: Operation timed out">)"),
            std::string::npos);
  EXPECT_EQ(xml.find("<failure"), std::string::npos);
  EXPECT_EQ(Summarize({flaky, always}).flaky, 1);
}

TEST(TestReports, MarkdownAndSummaryLine) {
  EXPECT_EQ(
      SummaryLine(Sample()),
      "4 tests: 1 passed, 1 skipped, 1 failed for infrastructure (1 connect), 1 failed in code");
  EXPECT_EQ(SummaryLine(Sample(), /*also_passed=*/9),
            "13 tests: 10 passed, 1 skipped, 1 failed for infrastructure (1 connect), 1 failed in "
            "code");
  const std::string md = TestsReportMarkdown(Sample());
  EXPECT_NE(md.find("| 4 | 1 | 1 | 0 | 1 | 1 | 0 |"), std::string::npos) << md;
  EXPECT_NE(md.find("#### Failed in code"), std::string::npos);
  EXPECT_NE(md.find("| `Orders.Pay` | connect |"), std::string::npos) << md;
  EXPECT_EQ(md.find("<\"x\">|"), std::string::npos);
  // Code failures first, each with its whole message collapsed below the table.
  EXPECT_LT(md.find("#### Failed in code"), md.find("#### Failed for infrastructure"));
  EXPECT_NE(md.find("<details><summary><code>Orders.Pay</code></summary>"), std::string::npos);
}

// The line a reviewer reads: never GoogleTest's boilerplate.
TEST(TestReports, SummaryIsTheLineThatMatters) {
  TestRecord t{.suite = "Cart", .name = "Total", .outcome = TestOutcome::kFailed};
  t.classification = Classification{.category = "assertion"};
  t.message = "Expected equality of these values:\n  Total(cart)\n    Which is: 41\n  42";
  EXPECT_EQ(t.summary(), "got 41, expected 42");
  t.message += "\nthe discount was applied twice";
  EXPECT_EQ(t.summary(), "the discount was applied twice");
}

TEST(TestReports, CodeFailuresWinTheExitCode) {
  EXPECT_EQ(ExitCodeFor(Sample()), 1);
  auto infra_only = Sample();
  infra_only.erase(infra_only.begin() + 2);
  EXPECT_EQ(ExitCodeFor(infra_only), 75);
  EXPECT_EQ(ExitCodeFor({Sample()[0], Sample()[3]}), 0);
}

TEST(TestReports, InfrastructureFailureFileOnlyWhenEveryFailureIsInfra) {
  EXPECT_EQ(InfrastructureFailureFile(Sample()), "");
  auto tests = Sample();
  tests.erase(tests.begin() + 2);
  const std::string file = InfrastructureFailureFile(tests);
  EXPECT_EQ(file.substr(0, file.find('\n')), "connect");
  EXPECT_NE(file.find("Orders.Pay"), std::string::npos);
}

}  // namespace
}  // namespace preflight
