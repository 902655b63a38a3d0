// Tests of did-you-mean suggestions.
#include "preflight/util/suggest.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

constexpr std::string_view kKeys[] = {"warmup", "url", "expect_status", "expect_json"};

TEST(Suggest, FindsTheClosestLikelyTypo) {
  EXPECT_EQ(ClosestMatch("warmpu", kKeys), "warmup");
  EXPECT_EQ(ClosestMatch("expect_stauts", kKeys), "expect_status");
  EXPECT_EQ(ClosestMatch("URL", kKeys), "url");
}

TEST(Suggest, StaysQuietWhenNothingIsClose) {
  EXPECT_EQ(ClosestMatch("database", kKeys), std::nullopt);
  EXPECT_EQ(DidYouMean("zzz", kKeys, "fallback"), "fallback");
  EXPECT_EQ(DidYouMean("warmupp", kKeys, "fallback"), "did you mean `warmup`?");
}

}  // namespace
}  // namespace preflight
