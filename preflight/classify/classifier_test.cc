// Classifier behaviour beyond the corpus (classifier_corpus_test.cc): near misses, user rules,
// where rules look, bad patterns, huge messages.
#include "preflight/classify/classifier.h"

#include <gtest/gtest.h>

#include <string>

namespace preflight {
namespace {

TEST(Classifier, NearMissShowsWhyAnExpressionWasNotEvidence) {
  auto classifier = Classifier::Create();
  auto result = classifier->Classify(
      "Value of: IsRetryable(\"Connection refused\")\n  Actual: false\nExpected: true");
  EXPECT_EQ(result.kind, FailureKind::kCode);
  ASSERT_TRUE(result.near_miss);
  EXPECT_EQ(result.near_miss->rule, "errno.connect");
}

TEST(Classifier, UserRulesComeFirst) {
  auto classifier = Classifier::Create(
      {Rule{.name = "user.ledger", .category = "ledger", .patterns = {"ledger-svc: not ready"}}});
  ASSERT_TRUE(classifier);
  auto result = classifier->Classify("POST /pay: ledger-svc: not ready (Connection refused)");
  EXPECT_EQ(result.category, "ledger");
  EXPECT_EQ(result.evidence->rule, "user.ledger");
}

TEST(Classifier, AppliesToLimitsWhereARuleLooks) {
  auto classifier = Classifier::Create({Rule{.name = "user.flaky_vendor",
                                             .category = "vendor",
                                             .patterns = {"VendorTimeout"},
                                             .applies_to = {TextKind::kException}}});
  EXPECT_EQ(classifier->Classify("saw VendorTimeout in the log").kind, FailureKind::kCode);
  EXPECT_EQ(
      classifier
          ->Classify("C++ exception with description \"VendorTimeout\" thrown in the test body.")
          .category,
      "vendor");
}

TEST(Classifier, BadUserPatternIsAnError) {
  auto classifier =
      Classifier::Create({Rule{.name = "user.bad", .category = "x", .patterns = {"(unclosed"}}});
  ASSERT_FALSE(classifier);
  EXPECT_NE(classifier.error().find("user.bad"), std::string::npos);
}

TEST(Classifier, AMegabyteMessageIsClassifiedWithoutStalling) {
  auto classifier = Classifier::Create();
  std::string huge(1 << 20, 'x');
  huge += "\nConnection refused";
  for (size_t i = 0; i < huge.size(); i += 100) huge[i] = '\n';
  auto result = classifier->Classify(huge);
  EXPECT_EQ(result.kind, FailureKind::kInfra);
  EXPECT_LE(result.evidence->text.size(), 310u);
}

}  // namespace
}  // namespace preflight
