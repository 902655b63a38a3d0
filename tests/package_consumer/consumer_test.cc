// A user's suite linked with preflight::gtest_main instead of GTest::gtest_main, using the
// installed public header's tagging API, so a missing header or symbol fails the build.
#include <gtest/gtest.h>

#include <preflight/gtest_listener.h>

TEST(Consumer, RunsUnderPreflightsMain) {
  EXPECT_EQ(1 + 1, 2);
}

TEST(Consumer, TaggingApiIsAvailable) {
  PREFLIGHT_INFRA_SCOPE("database");
  const preflight::InfraError error("database", "replica lag");
  EXPECT_STREQ(error.what(), "[preflight:infra:database] replica lag");
}
