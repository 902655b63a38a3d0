// CircuitBreaker: the consecutive rule, the share rule, and the share's text form.
#include "preflight/classify/circuit_breaker.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

TEST(CircuitBreaker, OpensAfterNConsecutiveInfraFailuresOnly) {
  CircuitBreaker breaker(3, std::nullopt);
  for (bool infra : {true, true, false, true, true}) EXPECT_FALSE(breaker.Record(infra));
  EXPECT_FALSE(breaker.open());
  EXPECT_EQ(breaker.Record(true), "3 consecutive infrastructure failures");
  EXPECT_TRUE(breaker.open());
  EXPECT_FALSE(breaker.Record(true)) << "reports the opening once";
}

TEST(CircuitBreaker, ShareOpensAsSoonAsMoreThanTheShareOfTheFirstTestsIsCertain) {
  CircuitBreaker breaker(0, BreakerShare{50, 6});
  // infra, pass, infra, infra: 3 of 6 is not more than half yet.
  for (bool infra : {true, false, true, true}) EXPECT_FALSE(breaker.Record(infra));
  EXPECT_EQ(breaker.Record(true),
            "4 of the first 6 tests failed for infrastructure (more than 50%)");
}

TEST(CircuitBreaker, ShareLooksOnlyAtTheFirstTests) {
  CircuitBreaker breaker(0, BreakerShare{50, 4});
  for (bool infra : {false, false, true, true}) EXPECT_FALSE(breaker.Record(infra));
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(breaker.Record(true)) << "test " << i + 5;
  EXPECT_FALSE(breaker.open());
}

TEST(CircuitBreaker, AShareOfVeryManyTestsDoesNotOverflow) {
  CircuitBreaker breaker(0, BreakerShare{50, 50'000'000});
  EXPECT_FALSE(breaker.Record(true));
}

TEST(CircuitBreaker, BothRulesTogetherWhicheverComesFirst) {
  CircuitBreaker breaker(2, BreakerShare{10, 100});
  EXPECT_FALSE(breaker.Record(true));
  EXPECT_EQ(breaker.Record(true), "2 consecutive infrastructure failures");
}

TEST(ParseBreakerShare, AcceptsPercentSlashTestsAndExplainsMistakes) {
  auto share = ParseBreakerShare("50%/20");
  ASSERT_TRUE(share) << share.error();
  EXPECT_EQ(share->percent, 50);
  EXPECT_EQ(share->first, 20);
  EXPECT_EQ(ParseBreakerShare("half").error(),
            "\"half\": write PERCENT%/TESTS, e.g. 50%/20 (more than half of the first 20 tests)");
  EXPECT_EQ(ParseBreakerShare("0%/20").error(), "\"0%/20\": the share must be 1% to 100%");
  EXPECT_EQ(ParseBreakerShare("50%/0").error(),
            "\"50%/0\": the number of tests must be at least 1");
  EXPECT_FALSE(ParseBreakerShare("50%/20x"));
  EXPECT_FALSE(ParseBreakerShare("50/20"));
}

}  // namespace
}  // namespace preflight
