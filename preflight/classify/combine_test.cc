// The combination rule for a test with several failures.
#include "preflight/classify/combine.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

Classification Infra() {
  return {.kind = FailureKind::kInfra,
          .category = "connect",
          .evidence = Evidence{"errno.connect", "refused"}};
}
Classification Config() {
  return {.kind = FailureKind::kConfig,
          .category = "credentials",
          .evidence = Evidence{"postgres.config.credentials", "password authentication failed"}};
}
Classification CodeProof() {
  return {.kind = FailureKind::kCode,
          .category = "database_query",
          .evidence = Evidence{"postgres.code.database_query", "syntax error"}};
}
Classification Bare(bool looks_like_failed_call) {
  return {.category = "assertion", .looks_like_failed_call = looks_like_failed_call};
}

TEST(CombineFailures, ProofOfACodeProblemAnywhereWins) {
  EXPECT_EQ(CombineFailures({Infra(), CodeProof()}).category, "database_query");
  EXPECT_EQ(CombineFailures({Config(), Infra(), CodeProof()}).kind, FailureKind::kCode);
}

TEST(CombineFailures, TheFirstFailureWithEvidenceDecides) {
  EXPECT_EQ(CombineFailures({Infra(), Config()}).kind, FailureKind::kInfra);
  EXPECT_EQ(CombineFailures({Config(), Infra()}).kind, FailureKind::kConfig);
}

TEST(CombineFailures, AFailedCallIsExplainedByTheNextFailureWithEvidence) {
  // ASSERT_TRUE(reply.ok) then EXPECT_EQ(reply.error, "") showing "Connection refused".
  EXPECT_EQ(CombineFailures({Bare(true), Infra()}).kind, FailureKind::kInfra);
  EXPECT_EQ(CombineFailures({Bare(true), Config()}).kind, FailureKind::kConfig);
}

TEST(CombineFailures, AWrongValueStaysCodeWhateverFailsAfterIt) {
  // EXPECT_EQ(Total(cart), 42) saw 41; the cleanup after it then found the database gone.
  const Classification decided = CombineFailures({Bare(false), Infra()});
  EXPECT_EQ(decided.kind, FailureKind::kCode);
  EXPECT_FALSE(decided.evidence);
}

TEST(CombineFailures, NoFailuresIsACodeAssertion) {
  EXPECT_EQ(CombineFailures({}).kind, FailureKind::kCode);
}

}  // namespace
}  // namespace preflight
