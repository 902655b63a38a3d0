// Tests of how GoogleTest failure messages are split into evidence and expression text.
#include "preflight/classify/failure_message.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

std::string Of(const std::vector<TextPart>& parts, TextKind kind) {
  std::string out;
  for (const auto& p : parts)
    if (p.kind == kind) out += (out.empty() ? "" : "|") + p.text;
  return out;
}

TEST(FailureMessage, EqualityOperandsAreExpressionsAndWhichIsValuesAreEvidence) {
  auto parts = SplitFailureMessage(
      "Expected equality of these values:\n  client.Get(\"/x\")\n    Which is: \"Connection "
      "refused\"\n  \"ok\"\nwhile "
      "warming up");
  EXPECT_EQ(Of(parts, TextKind::kMessage), "\"Connection refused\"|while warming up");
  EXPECT_NE(Of(parts, TextKind::kExpression).find("client.Get"), std::string::npos);
  EXPECT_NE(Of(parts, TextKind::kExpression).find("\"ok\""), std::string::npos);
}

TEST(FailureMessage, ValueOfAndComparisonsKeepOnlyRuntimeValues) {
  auto parts = SplitFailureMessage("Value of: Ping(\"db\")\n  Actual: false\nExpected: true");
  EXPECT_EQ(Of(parts, TextKind::kMessage), "false");
  auto ne = SplitFailureMessage("Expected: (Status()) != (503), actual: 503 vs 503");
  EXPECT_EQ(Of(ne, TextKind::kMessage), "503 vs 503");
}

TEST(FailureMessage, MultiLineExceptionDescriptionsAndTraces) {
  auto parts = SplitFailureMessage(
      "C++ exception with description \"connection failed: Connection refused\n\tIs the server "
      "running?\" thrown in "
      "the test body.\nGoogle Test trace:\nx.cc:3: [preflight:infra:db]");
  EXPECT_EQ(Of(parts, TextKind::kException),
            "connection failed: Connection refused\n\tIs the server running?");
  EXPECT_EQ(Of(parts, TextKind::kTrace), "x.cc:3: [preflight:infra:db]");
  EXPECT_EQ(Of(parts, TextKind::kMessage), "");
}

}  // namespace
}  // namespace preflight
