// The table of test report formats: which files are asked for, and how they are written.
#include "preflight/report/test_report_formats.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>

#include "preflight/util/text_file.h"
#include "tests/support/temp_dir.h"

namespace preflight {
namespace {

const std::vector<TestRecord> kTests{
    {.suite = "S", .name = "Green"},
    {.suite = "S",
     .name = "Down",
     .outcome = TestOutcome::kFailed,
     .classification = Classification{.kind = FailureKind::kInfra, .category = "connect"},
     .message = "Connection refused"}};

Getenv Environment(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](std::string_view name) {
    auto found = variables.find(std::string(name));
    return found == variables.end() ? std::string() : found->second;
  };
}

TEST(TestReportFormats, NamesAreUniqueOptionNames) {
  std::set<std::string_view> names;
  for (const auto& format : TestReportFormats()) {
    EXPECT_TRUE(names.insert(format.name).second) << format.name;
    EXPECT_EQ(format.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz-"), std::string::npos);
    EXPECT_TRUE(format.render) << format.name;
  }
}

TEST(TestReportFormats, TheFilesAskedForComeFromOptionsVariablesAndAppends) {
  auto env = Environment({{"PREFLIGHT_JUNIT", "a.xml"},
                          {"XML_OUTPUT_FILE", "b.xml"},
                          {"GITHUB_STEP_SUMMARY", "summary.md"}});
  auto listener = AskedTestReports({}, env, true);
  std::vector<std::string> seen;
  for (const auto& file : listener)
    seen.push_back(fmt::format("{}:{}:{}", file.format->name, file.path, file.append));
  EXPECT_EQ(seen, (std::vector<std::string>{"junit:a.xml:false", "junit:b.xml:false",
                                            "markdown:summary.md:true"}));

  auto run = AskedTestReports({{"json", "r.json"}, {"markdown", ""}}, env, false);
  seen.clear();
  for (const auto& file : run)
    seen.push_back(fmt::format("{}:{}:{}", file.format->name, file.path, file.append));
  EXPECT_EQ(seen, (std::vector<std::string>{"json:r.json:false", "markdown:summary.md:true"}))
      << "run does not write the listener's files; an empty option asks for nothing";
}

TEST(TestReportFormats, EachFormatIsRenderedAndWrittenWhole) {
  preflight::testing::TempDir dir;
  const std::string json = (dir.path() / "r.json").string(),
                    junit = (dir.path() / "r.xml").string(),
                    summary = dir.Write("summary.md", "# earlier step\n"),
                    bazel = (dir.path() / "infra").string();
  auto files = AskedTestReports(
      {{"json", json}, {"junit", junit}},
      Environment({{"GITHUB_STEP_SUMMARY", summary}, {"TEST_INFRASTRUCTURE_FAILURE_FILE", bazel}}),
      true);
  EXPECT_TRUE(WriteTestReports(files, {.tests = kTests}).empty());
  EXPECT_NE(ReadTextFile(json)->find("\"schema\":\"preflight.tests/v1\""), std::string::npos);
  EXPECT_NE(ReadTextFile(junit)->find("<error type=\"infra:connect\""), std::string::npos);
  const std::string appended = *ReadTextFile(summary);
  EXPECT_TRUE(appended.starts_with("# earlier step\n")) << "appended, never replaced";
  EXPECT_NE(appended.find("Down"), std::string::npos);
  EXPECT_TRUE(ReadTextFile(bazel)) << "every failure was infra: Bazel's file is written";
}

TEST(TestReportFormats, AnEmptyRenderingWritesNothingAndInsteadReplacesOne) {
  preflight::testing::TempDir dir;
  const std::string bazel = (dir.path() / "infra").string(),
                    junit = (dir.path() / "r.xml").string();
  std::vector<TestRecord> code = kTests;
  code[1].classification->kind = FailureKind::kCode;
  auto files = AskedTestReports({{"junit", junit}},
                                Environment({{"TEST_INFRASTRUCTURE_FAILURE_FILE", bazel}}), true);
  TestRun run{.tests = code};
  run.instead.emplace("junit", "<testsuites/>\n");
  EXPECT_TRUE(WriteTestReports(files, run).empty());
  EXPECT_FALSE(ReadTextFile(bazel)) << "a code failure: no infrastructure failure file";
  EXPECT_EQ(*ReadTextFile(junit), "<testsuites/>\n");
}

TEST(TestReportFormats, EveryFileThatCannotBeWrittenIsAnError) {
  auto files =
      AskedTestReports({{"json", "/nonexistent/dir/r.json"}},
                       Environment({{"GITHUB_STEP_SUMMARY", "/nonexistent/summary"}}), false);
  auto errors = WriteTestReports(files, {.tests = kTests});
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].text.find("/nonexistent/dir/r.json"), std::string::npos) << errors[0].text;
  EXPECT_FALSE(errors[0].appended);
  EXPECT_TRUE(errors[1].appended);
}

}  // namespace
}  // namespace preflight
