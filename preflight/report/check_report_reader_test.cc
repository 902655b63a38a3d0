// The one reader of preflight.check/v1: what it accepts, and what it says about the rest.
#include "preflight/report/check_report_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace preflight {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(std::string_view text) {
  auto report = ParseCheckReport(text);
  return report ? "accepted" : report.error();
}

TEST(CheckReportReader, AcceptsWhatCheckWritesAndIgnoresUnknownFields) {
  auto report = ParseCheckReport(
      R"({"schema":"preflight.check/v1","status":"failed","future":1,
          "checks":[{"name":"db","type":"postgres","status":"failed","endpoints":["db:5432"]}]})");
  ASSERT_TRUE(report) << report.error();
  EXPECT_EQ((*report)["checks"][0]["name"], "db");
}

TEST(CheckReportReader, SaysWhatIsWrong) {
  EXPECT_THAT(ErrorOf(""), HasSubstr("empty"));
  EXPECT_THAT(ErrorOf(R"({"schema":"preflight.check/v1","checks":[)"),
              HasSubstr("not JSON (or cut short)"));
  EXPECT_THAT(ErrorOf(R"({"schema":"preflight.tests/v1","tests":[]})"),
              HasSubstr("not a preflight.check/v1 report; give the report that `preflight check "
                        "--json FILE` wrote"));
  EXPECT_THAT(ErrorOf(R"({"schema":"preflight.check/v1"})"),
              HasSubstr("without a \"checks\" array"));
  EXPECT_THAT(ErrorOf(R"({"schema":"preflight.check/v1","checks":[{"name":"db","status":1}]})"),
              HasSubstr("a check without a name, type or status"));
}

}  // namespace
}  // namespace preflight
