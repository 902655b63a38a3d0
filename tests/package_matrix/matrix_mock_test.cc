// GoogleMock under preflight::gmock_main: a met and an unmet expectation (a code failure).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int Now() = 0;
};

class MockClock : public Clock {
 public:
  MOCK_METHOD(int, Now, (), (override));
};

TEST(Mock, ExpectationMet) {
  MockClock clock;
  EXPECT_CALL(clock, Now()).WillOnce(testing::Return(7));
  EXPECT_EQ(clock.Now(), 7);
}

TEST(Mock, ExpectationUnmet) {
  MockClock clock;
  EXPECT_CALL(clock, Now()).Times(1);
}
