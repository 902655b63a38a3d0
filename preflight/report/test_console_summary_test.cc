// The listener's console summary: the split, then each failure with its evidence.
#include "preflight/report/test_console_summary.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace preflight {
namespace {

TEST(ConsoleSummary, PrintsTheSplitAndEachFailureWithItsEvidence) {
  std::vector<TestRecord> not_passed{
      {.suite = "S",
       .name = "Down",
       .outcome = TestOutcome::kFailed,
       .classification = Classification{.kind = FailureKind::kInfra,
                                        .category = "connect",
                                        .evidence = Evidence{"curl:7", "Couldn't connect"}}},
      {.suite = "S", .name = "Later", .outcome = TestOutcome::kSkipped, .skip_reason = "later"}};
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  ConsoleSummary(out).OnProgramEnd({.all = nullptr, .not_passed = not_passed, .passed = 3});
  std::rewind(out);
  std::string text(4096, '\0');
  text.resize(std::fread(text.data(), 1, text.size(), out));
  std::fclose(out);
  EXPECT_NE(text.find("[preflight] 5 tests: 3 passed, 1 skipped, 1 failed for infrastructure"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("infra  connect        S.Down  (curl:7: Couldn't connect)"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("S.Later"), std::string::npos) << "skipped tests are only counted";
}

}  // namespace
}  // namespace preflight
