// Drop-in replacement for GTest::gtest_main that installs preflight's listener.
#include <gtest/gtest.h>

#include "preflight/gtest_listener.h"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  preflight::InstallListener();
  return RUN_ALL_TESTS();
}
