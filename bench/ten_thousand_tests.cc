// 10 000 trivial tests (1% failing with an infrastructure error, 1% in code): the suite for
// measuring the listener's overhead against GoogleTest's own main.
#include <gtest/gtest.h>

class Many : public testing::TestWithParam<int> {};

TEST_P(Many, Case) {
  const int i = GetParam();
  if (i % 100 == 7)
    ADD_FAILURE()
        << "GET http://10.0.0.1/health: Failed to connect to 10.0.0.1 port 80: Connection refused";
  if (i % 100 == 42) EXPECT_EQ(i, i + 1);
}

INSTANTIATE_TEST_SUITE_P(All, Many, testing::Range(0, 10000));
