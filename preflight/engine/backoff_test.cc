// Tests of poll pacing and retry jitter.
#include "preflight/engine/backoff.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

using namespace std::chrono_literals;

TEST(Backoff, PollIntervalStartsSmallAndIsCapped) {
  EXPECT_EQ(PollInterval(0ms), 20ms);
  EXPECT_EQ(PollInterval(1s), 100ms);
  EXPECT_EQ(PollInterval(5s), 500ms);
  EXPECT_EQ(PollInterval(59s), 1s);
}

TEST(Backoff, JitterStaysBetweenHalfAndTheWholeDelay) {
  EXPECT_EQ(JitteredDelay(30s, [] { return 0.0; }), 15s);
  EXPECT_LT(JitteredDelay(30s, [] { return 0.999999; }), 30s);
  EXPECT_GT(JitteredDelay(30s, [] { return 0.999999; }), 29999ms);
  EXPECT_EQ(JitteredDelay(30s, [] { return 7.0; }), 30s);  // a broken source cannot exceed it
  EXPECT_EQ(JitteredDelay(0s, [] { return 0.5; }), 0s);
}

}  // namespace
}  // namespace preflight
