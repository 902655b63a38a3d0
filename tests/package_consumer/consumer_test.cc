// A user's suite linked with preflight::gtest_main instead of GTest::gtest_main; it also
// includes the installed public header, so a missing header fails the build.
#include <gtest/gtest.h>

#include <preflight/gtest_listener.h>

TEST(Consumer, RunsUnderPreflightsMain) {
  EXPECT_EQ(1 + 1, 2);
}
