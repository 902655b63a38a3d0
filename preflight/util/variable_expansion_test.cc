// Tests of ${VAR} expansion.
#include "preflight/util/variable_expansion.h"

#include <gtest/gtest.h>
#include <map>

namespace preflight {
namespace {

VariableLookup From(std::map<std::string, std::string, std::less<>> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(VariableExpansion, ReplacesReferencesAndKeepsOtherDollars) {
  auto lookup = From({{"HOST", "db"}, {"PORT", "5432"}});
  EXPECT_EQ(
      ExpandVariables("postgres://${HOST}:${PORT}/app $5 $HOST", lookup, MissingVariable::kError)
          .value(),
      "postgres://db:5432/app $5 $HOST");
}

TEST(VariableExpansion, DefaultsApplyWhenUnsetOrEmpty) {
  auto lookup = From({{"EMPTY", ""}});
  EXPECT_EQ(ExpandVariables("${MISSING:-x}", lookup, MissingVariable::kError).value(), "x");
  EXPECT_EQ(ExpandVariables("${EMPTY:-x}", lookup, MissingVariable::kError).value(), "x");
  EXPECT_EQ(ExpandVariables("${EMPTY-x}", lookup, MissingVariable::kError).value(), "");
  EXPECT_EQ(ExpandVariables("${MISSING-x}", lookup, MissingVariable::kError).value(), "x");
}

TEST(VariableExpansion, MissingVariableIsAnErrorThatNamesIt) {
  auto result = ExpandVariables("url=${DATABASE_URL}", From({}), MissingVariable::kError);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("DATABASE_URL is not set"), std::string::npos);
  EXPECT_EQ(result.error().offset, 4u);
  EXPECT_EQ(ExpandVariables("${X}", From({}), MissingVariable::kEmpty).value(), "");
  auto two =
      ExpandVariables("${SANDBOX_HTTP_PORT}/x/${SANDBOX_RUN}", From({}), MissingVariable::kError);
  ASSERT_FALSE(two);
  EXPECT_NE(two.error().message.find("variables SANDBOX_HTTP_PORT, SANDBOX_RUN are not set"),
            std::string::npos)
      << two.error().message;
  EXPECT_EQ(two.error().offset, 0u);
}

TEST(VariableExpansion, MalformedReferencesAreErrors) {
  EXPECT_FALSE(ExpandVariables("${UNCLOSED", From({}), MissingVariable::kEmpty));
  EXPECT_FALSE(ExpandVariables("${1BAD}", From({}), MissingVariable::kEmpty));
  EXPECT_FALSE(ExpandVariables("${A:x}", From({}), MissingVariable::kEmpty));
  EXPECT_FALSE(ExpandVariables("${}", From({}), MissingVariable::kEmpty));
}

}  // namespace
}  // namespace preflight
