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
  EXPECT_EQ(Of(parts, TextKind::kValue), "\"Connection refused\"");
  EXPECT_EQ(Of(parts, TextKind::kMessage), "while warming up");
  EXPECT_NE(Of(parts, TextKind::kExpression).find("client.Get"), std::string::npos);
  EXPECT_EQ(Of(parts, TextKind::kExpected), "\"ok\"");  // a literal: what the test expected
}

TEST(FailureMessage, ValueOfAndComparisonsKeepOnlyRuntimeValues) {
  auto parts = SplitFailureMessage("Value of: Ping(\"db\")\n  Actual: false\nExpected: true");
  EXPECT_EQ(Of(parts, TextKind::kValue), "false");
  auto ne = SplitFailureMessage("Expected: (Status()) != (503), actual: 503 vs 503");
  EXPECT_EQ(Of(ne, TextKind::kValue), "503 vs 503");
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

TEST(FailureMessage, MatcherDescriptionsAndGmockExpectationsAreWhatTheTestExpected) {
  auto parts = SplitFailureMessage(
      "Value of: err\nExpected: starts with \"ECONNRESET\"\n  Actual: \"ECONNREFUSED\"");
  EXPECT_EQ(Of(parts, TextKind::kExpected), "starts with \"ECONNRESET\"");
  EXPECT_EQ(Of(parts, TextKind::kValue), "\"ECONNREFUSED\"");
  auto gmock = SplitFailureMessage(
      "x.cc:4: EXPECT_CALL(h, OnError(HasSubstr(\"refused\")))...\n  Expected arg #0: has "
      "substring \"refused\"\n           Actual: \"reset\"");
  EXPECT_EQ(Of(gmock, TextKind::kExpected), "has substring \"refused\"");
  EXPECT_EQ(Of(gmock, TextKind::kValue), "\"reset\"");
}

TEST(FailureMessage, OperandsNamedAsExpectationsAndDiffSides) {
  auto parts = SplitFailureMessage(
      "Expected equality of these values:\n  body\n    Which is: \"a\\nb\"\n  expected_body\n    "
      "Which is: \"a\\nc\"\nWith diff:\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
  EXPECT_EQ(Of(parts, TextKind::kExpected), "\"a\\nc\"");  // the diff repeats the values
  EXPECT_EQ(Of(parts, TextKind::kValue), "\"a\\nb\"");
}

TEST(FailureMessage, ProseClausesThatStateAreExplanationsAndTheOutcomeIsAMessage) {
  auto parts = SplitFailureMessage("GET /maintenance must answer 503, got 200 OK");
  EXPECT_EQ(Of(parts, TextKind::kExplanation), "GET /maintenance must answer 503,");
  EXPECT_EQ(Of(parts, TextKind::kMessage), " got 200 OK");
  auto outcome = SplitFailureMessage("health check should pass: Connection refused");
  EXPECT_EQ(Of(outcome, TextKind::kExplanation), "health check should pass:");
  EXPECT_EQ(Of(outcome, TextKind::kMessage), " Connection refused");
  auto subject = SplitFailureMessage("third retry after a 504 Gateway Timeout");
  EXPECT_EQ(Of(subject, TextKind::kExplanation), "third retry after a 504 Gateway Timeout");
  auto observed = SplitFailureMessage("SSL certificate problem: self-signed certificate");
  EXPECT_EQ(Of(observed, TextKind::kMessage), "SSL certificate problem: self-signed certificate");
  auto unexpected = SplitFailureMessage("server closed the connection unexpectedly");
  EXPECT_EQ(Of(unexpected, TextKind::kExplanation), "");
}

TEST(FailureMessage, PredicateArgumentsAreSourceUnlessTheyEvaluateToSomethingElse) {
  auto parts = ParseFailureMessage(
      "is_retryable(\"Operation timed out\") evaluates to false, where\n\"Operation timed "
      "out\" evaluates to \"Operation timed out\"");
  EXPECT_EQ(Of(parts.parts, TextKind::kValue), "false");
  EXPECT_EQ(parts.actual_values, std::vector<std::string>{"false"});
}

TEST(FailureMessage, StatusComparisonsAreKeptWhole) {
  auto equality = ParseFailureMessage(
      "Expected equality of these values:\n  200\n  response.status_code()\n    Which is: 504");
  ASSERT_EQ(equality.statuses.size(), 1u);
  EXPECT_EQ(equality.statuses[0].expression, "response.status_code()");
  EXPECT_EQ(equality.statuses[0].actual, "504");
  EXPECT_EQ(equality.statuses[0].expected, "200");
  auto matcher =
      ParseFailureMessage("Value of: reply.status\nExpected: is equal to 200\n  Actual: 502");
  ASSERT_EQ(matcher.statuses.size(), 1u);
  EXPECT_EQ(matcher.statuses[0].expected, "is equal to 200");
  EXPECT_TRUE(ParseFailureMessage("Expected equality of these values:\n  items.size()\n    "
                                  "Which is: 503\n  502")
                  .statuses.empty());
}

TEST(FailureMessage, WhatLooksLikeAFailedCall) {
  for (const char* value :
       {"false", "true", "0", "-1", "-3", "NULL", "nullopt", "\"\"", "CONNECTION_BAD",
        "false (of type bool)", "{}, whose size 0 doesn't match"})
    EXPECT_TRUE(LooksLikeAFailedCall(value)) << value;
  for (const char* value : {"41", "\"ok\"", "200", "3.5", "{ 1, 2 }, whose size 2 doesn't match"})
    EXPECT_FALSE(LooksLikeAFailedCall(value)) << value;
}

}  // namespace
}  // namespace preflight
