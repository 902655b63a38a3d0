// One test of each outcome the report must count: passed, code, infra (tagged), skipped.
#include <gtest/gtest.h>
#include <preflight/gtest_listener.h>

TEST(Matrix, Passes) {
  EXPECT_EQ(1 + 1, 2);
}

TEST(Matrix, CodeBug) {
  EXPECT_EQ(2 + 2, 5);
}

TEST(Matrix, InfraTagged) {
  throw preflight::InfraError("database", "replica lag 40 s");
}

TEST(Matrix, Skipped) {
  GTEST_SKIP() << "not here";
}
