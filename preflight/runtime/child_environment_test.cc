// ChildEnvironment: what the suite sees with and without --pass-env, and --set-env on top.
#include "preflight/runtime/child_environment.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

using Env = std::vector<std::string>;

const std::vector<std::string> kInherited = {"PATH=/usr/bin", "HOME=/root",     "AWS_REGION=eu",
                                             "AWS_KEY=k",     "DATABASE_URL=x", "LC_ALL=C",
                                             "CI=true",       "GTEST_COLOR=no"};

TEST(ChildEnvironment, WithoutPassEnvEverythingIsInherited) {
  EXPECT_EQ(ChildEnvironment(kInherited, {}), kInherited);
}

TEST(ChildEnvironment, PassEnvKeepsOnlyTheNamedAndTheEssentials) {
  EXPECT_EQ(ChildEnvironment(kInherited, {.pass = {"AWS_*", "CI"}}),
            (Env{"PATH=/usr/bin", "HOME=/root", "AWS_REGION=eu", "AWS_KEY=k", "LC_ALL=C", "CI=true",
                 "GTEST_COLOR=no"}));
}

TEST(ChildEnvironment, SetEnvOverridesInheritedAndTheLastAssignmentWins) {
  EXPECT_EQ(ChildEnvironment({"A=1", "B=2"}, {.pass = {"A"}, .set = {"A=3", "C=4", "C=5"}}),
            (Env{"A=3", "C=5"}));
  EXPECT_EQ(ChildEnvironment({"A=1", "B=2"}, {.set = {"B="}}), (Env{"A=1", "B="}));
}

TEST(ChildEnvironment, SetVariableReplacesOrAppends) {
  Env env = {"A=1", "AB=2"};
  SetVariable(env, "A", "3");
  SetVariable(env, "C", "x=y");
  EXPECT_EQ(env, (Env{"A=3", "AB=2", "C=x=y"}));
}

TEST(ChildEnvironment, BadPatternsAndAssignmentsSayHowToWriteThem) {
  EXPECT_TRUE(ValidateChildEnvironment({.pass = {"AWS_*", "CI", "*"}, .set = {"A=b=c"}}));
  auto bad_pattern = ValidateChildEnvironment({.pass = {"AWS-*"}});
  ASSERT_FALSE(bad_pattern);
  EXPECT_EQ(bad_pattern.error(),
            "--pass-env AWS-*: write a variable name (AWS_REGION) or a prefix and * (AWS_*)");
  auto bad_assignment = ValidateChildEnvironment({.set = {"NOVALUE"}});
  ASSERT_FALSE(bad_assignment);
  EXPECT_EQ(bad_assignment.error(), "--set-env NOVALUE: write NAME=VALUE");
  EXPECT_FALSE(ValidateChildEnvironment({.set = {"1X=2"}}));
}

}  // namespace
}  // namespace preflight
