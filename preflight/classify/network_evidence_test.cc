// The network-evidence rule: when failed network operations under a test make a bare failure
// infra, and when they do not.
#include "preflight/classify/network_evidence.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

NetworkActivity RefusedThreeTimes() {
  return {.failures = {{"getaddrinfo", "api.staging.example",
                        "Temporary failure in name resolution", "dns", 1},
                       {"connect", "10.2.0.7:5432", "refused", "connect", 3}},
          .last_operation_failed = true};
}

Classification Classify(std::string_view message, const NetworkActivity& activity) {
  Classification c = Classifier::Create()->Classify(message);
  AttributeToNetworkFailures(c, activity);
  return c;
}

TEST(NetworkEvidence, ABareFailedCallAfterFailedOperationsIsInfraWithWhatFailed) {
  const Classification c =
      Classify("Value of: reply.ok\n  Actual: false\nExpected: true", RefusedThreeTimes());
  EXPECT_EQ(c.kind, FailureKind::kInfra);
  EXPECT_EQ(c.category, "connect");
  ASSERT_TRUE(c.evidence);
  EXPECT_EQ(c.evidence->rule, "network.during_test");
  EXPECT_EQ(c.evidence->text,
            "during the test: getaddrinfo(api.staging.example) Temporary failure in name "
            "resolution; connect 10.2.0.7:5432 refused ×3");
}

TEST(NetworkEvidence, ReturnCodesAndNullsAreFailedCallsToo) {
  for (const char* message :
       {"Expected equality of these values:\n  connect(fd, addr, len)\n    Which is: -1\n  0",
        "Expected equality of these values:\n  PQstatus(conn)\n    Which is: CONNECTION_BAD\n  "
        "CONNECTION_OK\n    Which is: CONNECTION_OK",
        "Expected equality of these values:\n  orders.size()\n    Which is: 0\n  3",
        "Value of: client.Get(\"/orders\")\n  Actual: nullopt\nExpected: has a value"})
    EXPECT_EQ(Classify(message, RefusedThreeTimes()).kind, FailureKind::kInfra) << message;
}

TEST(NetworkEvidence, AClosedPortProbedOnPurposeThenAnUnrelatedMistakeIsCode) {
  // The test checked that a closed port refuses, then computed a wrong total.
  const Classification c =
      Classify("Expected equality of these values:\n  Total(cart)\n    Which is: 41\n  42",
               {.failures = {{"connect", "127.0.0.1:1", "refused", "connect", 1}},
                .last_operation_failed = true});
  EXPECT_EQ(c.kind, FailureKind::kCode);
}

// Tests of a failure path: they expected the call to fail, so a failed connect is their subject.
TEST(NetworkEvidence, ATestThatExpectedAFailureIsCode) {
  const NetworkActivity probed{.failures = {{"connect", "127.0.0.1:1", "refused", "connect", 1}},
                               .last_operation_failed = true};
  for (const char* message :
       {"Value of: client.Connect(closed_port)\n  Actual: true\nExpected: false",
        "Expected equality of these values:\n  client.Connect(closed_port)\n    Which is: 0\n  -1",
        "Expected equality of these values:\n  errors\n    Which is: 3\n  0"})
    EXPECT_EQ(Classify(message, probed).kind, FailureKind::kCode) << message;
}

TEST(NetworkEvidence, AFailureAfterTheNetworkWorkedAgainIsCode) {
  NetworkActivity recovered = RefusedThreeTimes();
  recovered.last_operation_failed = false;  // a later connect or reply succeeded
  EXPECT_EQ(Classify("Value of: reply.ok\n  Actual: false\nExpected: true", recovered).kind,
            FailureKind::kCode);
}

TEST(NetworkEvidence, TextEvidenceAndExpectedErrorsAreNotOverruled) {
  // The test expected "Connection refused" and got another text: code, whatever the network did.
  EXPECT_EQ(Classify("Expected equality of these values:\n  err\n    Which is: \"\"\n  "
                     "\"Connection refused\"",
                     RefusedThreeTimes())
                .kind,
            FailureKind::kCode);
  EXPECT_EQ(Classify("ERROR:  42601: syntax error at or near \"SELEC\"", RefusedThreeTimes()).kind,
            FailureKind::kCode);
}

TEST(NetworkEvidence, NoActivityChangesNothing) {
  EXPECT_EQ(Classify("Value of: reply.ok\n  Actual: false\nExpected: true", {}).kind,
            FailureKind::kCode);
}

}  // namespace
}  // namespace preflight
