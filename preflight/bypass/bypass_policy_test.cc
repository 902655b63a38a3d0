// Tests of the emergency bypass policy: expiry boundaries, refusals and malformed values.
#include "preflight/bypass/bypass_policy.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

class BypassPolicyTest : public ::testing::Test {
 protected:
  // `text` is the .env.staging.tests content; `real` the real environment.
  std::expected<BypassDecision, Diagnostic> Decide(const std::string& text, const std::string& now,
                                                   BypassForbidden forbidden = BypassForbidden::kNo,
                                                   std::map<std::string, std::string> real = {}) {
    Environment environment([real](std::string_view name) -> std::optional<std::string> {
      auto it = real.find(std::string(name));
      if (it == real.end()) return std::nullopt;
      return it->second;
    });
    auto file = ParseDotenv(text, ".env.staging.tests");
    EXPECT_TRUE(file);
    if (file) environment.AddFile(std::move(*file));
    now_ = ParseDateOrInstant(now).value();
    return DecideBypass(environment, 14, now_, forbidden);
  }

  SysTime now_;
};

constexpr const char* kFlags =
    "EMERGENCY_DEVELOPMENT_MODE=true\nBYPASS_INFRASTRUCTURE_VALIDATION=true\n"
    "SKIP_CAPACITY_CHECKS=true\nDEVELOPMENT_TEAM_BYPASS=true\n";

TEST_F(BypassPolicyTest, NoFlagsMeansNoBypass) {
  auto decision = Decide("EMERGENCY_BYPASS_EXPIRY=2025-09-18\nEMERGENCY_DEVELOPMENT_MODE=false\n",
                         "2025-09-10");
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->state, BypassState::kNone);
  EXPECT_EQ(decision->Describe(now_), "none");
}

TEST_F(BypassPolicyTest, ActiveThroughTheLastSecondOfTheExpiryDay) {
  auto decision =
      Decide(std::string(kFlags) + "EMERGENCY_BYPASS_EXPIRY=2025-09-18\n", "2025-09-18T23:59:59Z");
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->state, BypassState::kActive);
  EXPECT_EQ(decision->flags.size(), 4u);
  EXPECT_EQ(decision->source, ".env.staging.tests");
  EXPECT_NE(
      decision->Describe(now_).find("EMERGENCY BYPASS ACTIVE until the end of 2025-09-18 UTC"),
      std::string::npos)
      << decision->Describe(now_);
}

TEST_F(BypassPolicyTest, ExpiredFromTheFirstSecondOfTheNextDay) {
  auto decision =
      Decide(std::string(kFlags) + "EMERGENCY_BYPASS_EXPIRY=2025-09-18\n", "2025-09-19T00:00:00Z");
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->state, BypassState::kIgnored);
  EXPECT_EQ(decision->ignored_reason,
            "emergency bypass expired 2025-09-18, 1 day ago: remove it from .env.staging.tests");
}

TEST_F(BypassPolicyTest, LongExpiredSaysHowLongAgo) {
  auto decision =
      Decide("EMERGENCY_DEVELOPMENT_MODE=true\nEMERGENCY_BYPASS_EXPIRY=2025-09-18\n", "2025-11-22");
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->Describe(now_),
            "emergency bypass expired 2025-09-18, 65 days ago: remove it from .env.staging.tests");
}

TEST_F(BypassPolicyTest, MissingExpiryIsIgnoredWithTheFix) {
  auto decision = Decide("EMERGENCY_DEVELOPMENT_MODE=true\n", "2025-09-10");
  ASSERT_TRUE(decision);
  EXPECT_EQ(decision->state, BypassState::kIgnored);
  EXPECT_NE(decision->ignored_reason.find("EMERGENCY_BYPASS_EXPIRY is not set"), std::string::npos);
  EXPECT_NE(decision->ignored_reason.find("EMERGENCY_BYPASS_EXPIRY=2025-09-17"), std::string::npos)
      << decision->ignored_reason;
}

TEST_F(BypassPolicyTest, TooFarAheadIsRefused) {
  auto ok = Decide("DEVELOPMENT_TEAM_BYPASS=1\nEMERGENCY_BYPASS_EXPIRY=2025-09-24\n", "2025-09-10");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->state, BypassState::kActive);  // exactly max_days = 14 ahead
  auto far =
      Decide("DEVELOPMENT_TEAM_BYPASS=1\nEMERGENCY_BYPASS_EXPIRY=2025-09-25\n", "2025-09-10");
  ASSERT_TRUE(far);
  EXPECT_EQ(far->state, BypassState::kIgnored);
  EXPECT_NE(far->ignored_reason.find("15 days ahead, more than max_days = 14"), std::string::npos)
      << far->ignored_reason;
}

TEST_F(BypassPolicyTest, ExactInstantExpiry) {
  std::string env = "SKIP_CAPACITY_CHECKS=yes\nEMERGENCY_BYPASS_EXPIRY=2025-09-18T12:00:00Z\n";
  EXPECT_EQ(Decide(env, "2025-09-18T11:59:59Z")->state, BypassState::kActive);
  auto after = Decide(env, "2025-09-18T12:00:00Z");
  EXPECT_EQ(after->state, BypassState::kIgnored);
  EXPECT_NE(after->ignored_reason.find("earlier today"), std::string::npos)
      << after->ignored_reason;
}

TEST_F(BypassPolicyTest, ForbiddenByFlagOrEnvironment) {
  std::string env = std::string(kFlags) + "EMERGENCY_BYPASS_EXPIRY=2025-09-18\n";
  auto by_flag = Decide(env, "2025-09-10", BypassForbidden::kByCommandLine);
  EXPECT_EQ(by_flag->state, BypassState::kIgnored);
  EXPECT_NE(by_flag->ignored_reason.find("--no-bypass"), std::string::npos);
  auto by_env = Decide(env, "2025-09-10", BypassForbidden::kNo, {{"PREFLIGHT_FORBID_BYPASS", "1"}});
  EXPECT_EQ(by_env->state, BypassState::kIgnored);
  EXPECT_NE(by_env->ignored_reason.find("PREFLIGHT_FORBID_BYPASS=1"), std::string::npos);
  auto allowed =
      Decide(env, "2025-09-10", BypassForbidden::kNo, {{"PREFLIGHT_FORBID_BYPASS", "0"}});
  EXPECT_EQ(allowed->state, BypassState::kActive);
}

TEST_F(BypassPolicyTest, RealEnvironmentOverridesTheFile) {
  std::string env = std::string(kFlags) + "EMERGENCY_BYPASS_EXPIRY=2025-09-18\n";
  auto decision = Decide(env, "2025-09-10", BypassForbidden::kNo,
                         {{"EMERGENCY_DEVELOPMENT_MODE", "false"},
                          {"BYPASS_INFRASTRUCTURE_VALIDATION", "false"},
                          {"SKIP_CAPACITY_CHECKS", "false"},
                          {"DEVELOPMENT_TEAM_BYPASS", "false"}});
  EXPECT_EQ(decision->state, BypassState::kNone);
}

TEST_F(BypassPolicyTest, MalformedValuesAreErrorsWithFileAndLine) {
  auto bad_date =
      Decide("EMERGENCY_DEVELOPMENT_MODE=true\nEMERGENCY_BYPASS_EXPIRY=18/09/2025\n", "2025-09-10");
  ASSERT_FALSE(bad_date);
  EXPECT_EQ(bad_date.error().where.file, ".env.staging.tests");
  EXPECT_EQ(bad_date.error().where.line, 2);
  auto bad_flag = Decide("EMERGENCY_DEVELOPMENT_MODE=ture\n", "2025-09-10");
  ASSERT_FALSE(bad_flag);
  EXPECT_EQ(bad_flag.error().where.line, 1);
  EXPECT_NE(bad_flag.error().message.find("not a boolean"), std::string::npos);
}

}  // namespace
}  // namespace preflight
