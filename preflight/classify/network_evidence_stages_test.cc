// The stages principle: evidence from an earlier stage than the one the test was testing means
// it never got there; from the same stage, it got another result.
#include "preflight/classify/network_evidence.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "preflight/classify/network_evidence_test_support.h"

namespace preflight {
namespace {

using namespace network_evidence_test;

TEST(Stages, ExpectingAStatusButNeverConnectingIsInfra) {
  const Classification c =
      Classify("Expected equality of these values:\n  302\n  res.code\n    Which is: -1",
               Saw({Refused("10.2.0.7:80", 80)}));
  EXPECT_EQ(c.kind, FailureKind::kInfra);
  EXPECT_EQ(c.tested_stage, NetworkStage::kStatus);
}

TEST(Stages, ExpectingAnErrorAtALaterStageThanWhereItStoppedIsInfra) {
  const Classification c = Classify(
      "Expected equality of these values:\n  Error::SSLServerVerification\n    Which is: "
      "SSLServerVerification (10)\n  res.error()\n    Which is: Connection (2)",
      Saw({LookupFailed("api.staging.example")}));
  EXPECT_EQ(c.kind, FailureKind::kInfra);
  ASSERT_TRUE(c.evidence);
  EXPECT_EQ(c.evidence->rule, "stages.not_reached");
  EXPECT_NE(c.evidence->text.find("(the TLS stage), but it never got there: getaddrinfo("),
            std::string::npos)
      << c.evidence->text;
}

TEST(Stages, ABareValueOfALaterStageAfterAnOutageIsInfra) {
  // restclient's `EXPECT_EQ(302, res.code)` showing libcurl's 7: it never got a status.
  EXPECT_EQ(Classify("Expected equality of these values:\n  302\n  res.code\n    Which is: 7",
                     Saw({Refused("10.2.0.7:80", 80)}))
                .kind,
            FailureKind::kInfra);
  EXPECT_EQ(Classify("Expected equality of these values:\n  Total()\n    Which is: 7\n  42",
                     Saw({Refused("10.2.0.7:80", 80)}))
                .kind,
            FailureKind::kCode);
}

TEST(Stages, BareCURLcodesAreReadOnlyWithLibcurlLoadedAndWhenTheActualIsWhatWasSeen) {
  // restclient's `EXPECT_EQ(28, res.code)` showing 7: with libcurl in the process, 7 is the
  // refused connect the watcher saw; the test expected a timeout, a later stage.
  auto curl_saw = [](std::vector<NetworkFailure> failures, bool libcurl = true) {
    NetworkActivity activity = Saw(std::move(failures));
    activity.libcurl_loaded = libcurl;
    return activity;
  };
  auto compared = [](int expected, int actual) {
    return fmt::format("Expected equality of these values:\n  {}\n  res.code\n    Which is: {}",
                       expected, actual);
  };
  const Classification c = Classify(compared(28, 7), curl_saw({Refused("10.2.0.7:80", 80)}));
  EXPECT_EQ(c.kind, FailureKind::kInfra);
  ASSERT_TRUE(c.evidence);
  EXPECT_EQ(c.evidence->rule, "stages.not_reached");
  EXPECT_EQ(c.evidence->text,
            "the test expected 28 (CURLE_OPERATION_TIMEDOUT, the request/response stage), got 7 "
            "(CURLE_COULDNT_CONNECT): it never got there: connect 10.2.0.7:80 refused: nothing "
            "ever answered on that host");
  // Without libcurl the numbers are only numbers.
  EXPECT_EQ(Classify(compared(28, 7), curl_saw({Refused("10.2.0.7:80", 80)}, false)).kind,
            FailureKind::kCode);
  // The actual is not what the watcher saw (a timeout where it saw a refusal): code.
  EXPECT_EQ(Classify(compared(7, 28), curl_saw({Refused("10.2.0.7:80", 80)})).kind,
            FailureKind::kCode);
  // It expected an earlier stage (a failed lookup) and the connect failed: code.
  EXPECT_EQ(Classify(compared(6, 7), curl_saw({Refused("10.2.0.7:80", 80)})).kind,
            FailureKind::kCode);
  // The refusal came from the process's own server: never the environment.
  EXPECT_EQ(
      Classify(compared(28, 7), curl_saw({Refused("127.0.0.1:80", 80, {.own_server = true})})).kind,
      FailureKind::kCode);
}

TEST(Stages, EvidenceAtTheTestedStageIsCode) {
  // It expected a refused connect and got another failure of the connect: the same stage.
  EXPECT_EQ(Classify("Expected equality of these values:\n  Error::Connection\n    Which is: "
                     "Connection (2)\n  res.error()\n    Which is: Read (4)",
                     Saw({Refused("10.2.0.7:80", 80)}))
                .kind,
            FailureKind::kCode);
  // It expected a timeout (waiting for an answer) and the connect was refused: infra.
  EXPECT_EQ(Classify("Expected equality of these values:\n  Error::ConnectionTimeout\n    Which "
                     "is: ConnectionTimeout (13)\n  res.error()\n    Which is: Connection (2)",
                     Saw({Refused("10.2.0.7:80", 80)}))
                .kind,
            FailureKind::kInfra);
  // It provoked a lookup failure on purpose (the constant is in its source).
  const Classification c = Classify(
      "Value of: response.error.code == ErrorCode::COULDNT_RESOLVE_HOST || "
      "response.error.code == ErrorCode::COULDNT_CONNECT\n  Actual: false\nExpected: true",
      Saw({LookupFailed("nonexistent.example")}));
  EXPECT_EQ(c.kind, FailureKind::kCode);
  EXPECT_EQ(c.tested_stage, NetworkStage::kResolve);
  ASSERT_TRUE(c.evidence);
  EXPECT_EQ(c.evidence->rule, "stages.tested");
}

TEST(Stages, AScopedEnumOnTheExpectedSideIsNotEvidence) {
  const Classification c = Classifier::Create()->Classify(
      "Expected equality of these values:\n  Error::ConnectionTimeout\n    Which is: Connection "
      "timed out (14)\n  res.error()\n    Which is: Read (4)");
  EXPECT_EQ(c.kind, FailureKind::kCode);
  EXPECT_EQ(c.tested_stage, NetworkStage::kExchange);
}

}  // namespace
}  // namespace preflight
