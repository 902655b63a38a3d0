// Tests of human-written durations.
#include "preflight/util/duration.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

using namespace std::chrono_literals;

TEST(Duration, ParsesEachUnit) {
  EXPECT_EQ(ParseDuration("250ms").value(), 250ms);
  EXPECT_EQ(ParseDuration("45s").value(), 45s);
  EXPECT_EQ(ParseDuration("5m").value(), 5min);
  EXPECT_EQ(ParseDuration("2h").value(), 2h);
}

TEST(Duration, ParsesCompoundsAndFractions) {
  EXPECT_EQ(ParseDuration("1m30s").value(), 90s);
  EXPECT_EQ(ParseDuration("1.5s").value(), 1500ms);
  EXPECT_EQ(ParseDuration("0s").value(), 0ms);
}

TEST(Duration, RejectsMissingUnitWithAHint) {
  auto result = ParseDuration("30");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("missing unit"), std::string::npos) << result.error();
  EXPECT_NE(result.error().find("\"30s\""), std::string::npos) << result.error();
}

TEST(Duration, RejectsUnknownUnitsNegativesAndJunk) {
  for (const char* bad :
       {"", "5 s", "5sec", "-5s", "s", "1..5s", ".5s", "5s!", "1e3s", "9999999999h"}) {
    EXPECT_FALSE(ParseDuration(bad)) << bad;
  }
  EXPECT_NE(ParseDuration("5sec").error().find("unknown unit \"sec\""), std::string::npos);
}

TEST(Duration, ANumberTooLongForADoubleIsAnErrorNotACrash) {  // found by duration_fuzzer
  const std::string digits = "6" + std::string(320, '1') + "0s";
  auto parsed = ParseDuration(digits);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().find("unreasonably long"), std::string::npos);
}

TEST(Duration, FormatsTheShortestExactSpellingThatParsesBack) {
  EXPECT_EQ(FormatDuration(250ms), "250ms");
  EXPECT_EQ(FormatDuration(45s), "45s");
  EXPECT_EQ(FormatDuration(90s), "1m30s");
  EXPECT_EQ(FormatDuration(1500ms), "1500ms");
  EXPECT_EQ(FormatDuration(0ms), "0s");
  EXPECT_EQ(FormatDuration(250us), "0.25ms");
  EXPECT_EQ(FormatDuration(12345us), "12.345ms");
  for (Duration d : {Duration(1ms), Duration(999ms), Duration(1s), Duration(61s), Duration(3600s),
                     Duration(3661001ms)})
    EXPECT_EQ(ParseDuration(FormatDuration(d)).value(), d) << FormatDuration(d);
}

}  // namespace
}  // namespace preflight
