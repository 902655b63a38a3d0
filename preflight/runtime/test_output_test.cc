// TestOutputTail: the running test's output, not the whole log; bounded.
#include "preflight/runtime/test_output.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

constexpr std::string_view kLog =
    "[ RUN      ] Orders.List\n[       OK ] Orders.List (3 ms)\n"
    "[ RUN      ] Orders.Create2\nwaiting\n"
    "[ RUN      ] Orders.Create\nPOST /orders\nwaiting for the reply\n";

TEST(TestOutputTail, StartsAtTheTestsRunLine) {
  EXPECT_EQ(TestOutputTail(kLog, "Orders.Create", 1000),
            "[ RUN      ] Orders.Create\nPOST /orders\nwaiting for the reply");
  EXPECT_EQ(TestOutputTail(kLog, "Orders.Create2", 1000),
            "[ RUN      ] Orders.Create2\nwaiting\n[ RUN      ] Orders.Create\nPOST "
            "/orders\nwaiting for the reply");
}

TEST(TestOutputTail, KeepsTheLatestBytesFromALineStart) {
  EXPECT_EQ(TestOutputTail(kLog, "Orders.Create", 30), "waiting for the reply");
}

TEST(TestOutputTail, WithoutItsRunLineGivesTheEndOfTheOutput) {
  EXPECT_EQ(TestOutputTail("a\nb\nc\n", "Other.Test", 4), "c");
  EXPECT_EQ(TestOutputTail("", "Other.Test", 100), "");
}

TEST(TestOutputTail, FindsTheRunLineInColouredOutputAndReturnsPlainText) {
  EXPECT_EQ(TestOutputTail("x\n\x1b[0;32m[ RUN      ] \x1b[mA.B\n\x1b[1mhung\x1b[0m\n", "A.B", 100),
            "[ RUN      ] A.B\nhung");
}

}  // namespace
}  // namespace preflight
