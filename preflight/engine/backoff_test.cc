// Tests of poll pacing and retry jitter.
#include "preflight/engine/backoff.h"

#include <gtest/gtest.h>

#include "preflight/config/config.h"

namespace preflight {
namespace {

using namespace std::chrono_literals;

TEST(Backoff, PollIntervalStartsSmallAndIsCappedByTheChecksPollInterval) {
  EXPECT_EQ(PollInterval(0ms, kDefaultPollInterval), 20ms);
  EXPECT_EQ(PollInterval(1s, kDefaultPollInterval), 100ms);
  EXPECT_EQ(PollInterval(5s, kDefaultPollInterval), 200ms);  // however long the cold start
  EXPECT_EQ(PollInterval(59s, kDefaultPollInterval), 200ms);
  EXPECT_EQ(PollInterval(59s, 1s), 1s);
  EXPECT_EQ(PollInterval(0ms, 20ms), 20ms);
}

TEST(Backoff, APollIntervalIsJitteredIntoItsLastQuarter) {
  EXPECT_EQ(JitteredPollInterval(200ms, [] { return 0.0; }), 150ms);
  EXPECT_EQ(JitteredPollInterval(200ms, [] { return 0.5; }), 175ms);
  EXPECT_EQ(JitteredPollInterval(200ms, [] { return 7.0; }), 200ms);  // never longer
  EXPECT_EQ(JitteredPollInterval(200ms, {}), 200ms);                  // no randomness given
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
