// Headroom and pressure from the numbers PostgreSQL reports.
#include "preflight/probes/postgres_capacity.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

ConnectionUsage Usage(int max, int reserved, std::vector<ConnectionGroup> others) {
  return {.max_connections = max, .reserved = reserved, .others = std::move(others)};
}

TEST(PostgresCapacity, TheIssuesExampleDoesNotFitAndSaysWhy) {
  auto usage =
      Usage(100, 12,
            {{"idle in transaction", "ci-runner", 61}, {"active", "api", 20}, {"idle", "api", 3}});
  const CapacityVerdict v = EvaluateCapacity(usage, 16, {});
  EXPECT_FALSE(v.fits);
  EXPECT_EQ(v.free, 4);
  EXPECT_EQ(v.pressure, Pressure::kCritical);
  EXPECT_EQ(v.text,
            "needs 16 connections, 4 free of 100, 12 reserved (113 % used with this run's); 61 "
            "idle in transaction by application ci-runner");
}

TEST(PostgresCapacity, PressureLevelsCountThisRunsConnections) {
  // 100 usable: 50 used + 10 planned = 60 % normal; + 20 = 70 % elevated; + 40 = 90 % critical.
  auto usage = Usage(100, 0, {{"idle", "api", 50}});
  EXPECT_EQ(EvaluateCapacity(usage, 10, {}).pressure, Pressure::kNormal);
  EXPECT_EQ(EvaluateCapacity(usage, 20, {}).pressure, Pressure::kElevated);
  EXPECT_EQ(EvaluateCapacity(usage, 40, {}).pressure, Pressure::kCritical);
  EXPECT_TRUE(EvaluateCapacity(usage, 50, {}).fits);
  EXPECT_FALSE(EvaluateCapacity(usage, 51, {}).fits);
  EXPECT_EQ(EvaluateCapacity(usage, 20, {.elevated = 0.8, .critical = 0.95}).pressure,
            Pressure::kNormal);
}

TEST(PostgresCapacity, ReservedSlotsAreNotForUs) {
  auto usage = Usage(20, 3, {{"active", "app", 12}});
  const CapacityVerdict v = EvaluateCapacity(usage, 6, {});
  EXPECT_EQ(v.free, 5);
  EXPECT_FALSE(v.fits);
  EXPECT_EQ(EvaluateCapacity(usage, 5, {}).fits, true);
}

TEST(PostgresCapacity, AQuietServerFitsInNormalWords) {
  const CapacityVerdict v = EvaluateCapacity(Usage(100, 3, {}), 10, {});
  EXPECT_TRUE(v.fits);
  EXPECT_EQ(v.pressure, Pressure::kNormal);
  EXPECT_EQ(v.text, "needs 10 connections, 97 free of 100, 3 reserved");
}

TEST(PostgresCapacity, OtherRolesSessionsWithoutAStateAreCounted) {
  const CapacityVerdict v = EvaluateCapacity(Usage(10, 0, {{"", "", 9}}), 2, {});
  EXPECT_FALSE(v.fits);
  EXPECT_NE(v.text.find("9 of another role by application (none)"), std::string::npos) << v.text;
}

}  // namespace
}  // namespace preflight
