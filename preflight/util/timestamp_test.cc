// Tests of UTC date and RFC 3339 parsing.
#include "preflight/util/timestamp.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

using namespace std::chrono;

TEST(Timestamp, ParsesDatesAndRejectsImpossibleOnes) {
  EXPECT_EQ(FormatDate(ParseDate("2025-09-18").value()), "2025-09-18");
  EXPECT_TRUE(ParseDate("2024-02-29"));
  EXPECT_FALSE(ParseDate("2025-02-29"));
  EXPECT_FALSE(ParseDate("2025-13-01"));
  EXPECT_FALSE(ParseDate("2025-9-18"));
  EXPECT_FALSE(ParseDate("18/09/2025"));
  EXPECT_FALSE(ParseDate("2025-09-18x"));
}

TEST(Timestamp, ParsesRfc3339WithZoneAndFraction) {
  EXPECT_EQ(FormatRfc3339(ParseRfc3339("2025-09-18T12:30:00Z").value()), "2025-09-18T12:30:00Z");
  EXPECT_EQ(FormatRfc3339(ParseRfc3339("2025-09-18T14:30:00+02:00").value()),
            "2025-09-18T12:30:00Z");
  EXPECT_EQ(FormatRfc3339(ParseRfc3339("2025-09-18 00:00:00.25-01:30").value()),
            "2025-09-18T01:30:00.250Z");
}

TEST(Timestamp, RequiresAZone) {
  auto result = ParseRfc3339("2025-09-18T12:30:00");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("time zone"), std::string::npos);
  EXPECT_FALSE(ParseRfc3339("2025-09-18T25:00:00Z"));
}

TEST(Timestamp, NowOptionTakesADateOrAnInstant) {
  EXPECT_EQ(FormatRfc3339(ParseDateOrInstant("2025-09-18").value()), "2025-09-18T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(ParseDateOrInstant("2025-09-18T23:59:59Z").value()),
            "2025-09-18T23:59:59Z");
  EXPECT_FALSE(ParseDateOrInstant("tomorrow"));
}

}  // namespace
}  // namespace preflight
