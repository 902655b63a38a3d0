// Observed beats claimed: when the watcher saw the operations a message speaks of, what it saw
// decides.
#include "preflight/classify/network_evidence.h"

#include <gtest/gtest.h>

#include "preflight/classify/network_evidence_test_support.h"

namespace preflight {
namespace {

using namespace network_evidence_test;

TEST(Observed, AClaimTheWatcherContradictsIsCode) {
  const Classification c = Classify("curl_easy_perform: Couldn't connect to server",
                                    Saw({}));  // it saw lookups and connects, all fine
  EXPECT_EQ(c.kind, FailureKind::kCode);
  ASSERT_TRUE(c.evidence);
  EXPECT_EQ(c.evidence->rule, "observed.contradicts");
  EXPECT_NE(c.evidence->text.find("every lookup and connection this test made succeeded"),
            std::string::npos);
  NetworkFailure own_close = Refused("127.0.0.1:1234", 1234, {.own_server = true});
  own_close.operation = "recv";
  own_close.error = "closed before replying";
  own_close.stage = NetworkStage::kExchange;
  EXPECT_EQ(Classify("GET /hi: Read (4)", Saw({own_close})).kind, FailureKind::kCode);
}

TEST(Observed, AConnectThatFailedForNoNetworkReasonContradictsAConnectClaim) {
  NetworkFailure missing_path{.operation = "connect",
                              .target = "/run/app/api.sock",
                              .error = "no such file",
                              .category = "connect",
                              .kind = FailureKind::kCode,
                              .local = true};
  const Classification c =
      Classify("curl_easy_perform: Couldn't connect to server", Saw({missing_path}));
  EXPECT_EQ(c.kind, FailureKind::kCode);
  ASSERT_TRUE(c.evidence);
  EXPECT_EQ(c.evidence->rule, "observed.contradicts");
  EXPECT_NE(c.evidence->text.find("connect /run/app/api.sock no such file: a Unix socket, not the "
                                  "network"),
            std::string::npos)
      << c.evidence->text;
}

// c-ares's own suite with a one-bug mutant that maps NXDOMAIN to ARES_ESERVFAIL: the test
// compared statuses (ARES_SUCCESS, 3), and the watcher saw the test process's own mock DNS server
// answer NXDOMAIN. A server failure that no server sent is the library's own.
TEST(Observed, AResolverStatusTheProcesssOwnDnsServerContradictsIsCode) {
  NetworkFailure nxdomain{.operation = "dns query",
                          .target = "a.b.c.w.w.w",
                          .error = "NXDOMAIN from 127.0.0.1:59517",
                          .category = "unknown_host",
                          .stage = NetworkStage::kResolve,
                          .kind = FailureKind::kConfig,
                          .port = 59517,
                          .facts = {.own_server = true}};
  const Classification c = Classify(
      "Expected equality of these values:\n  ARES_SUCCESS\n    Which is: 0\n  result.status_\n"
      "    Which is: 3",
      Saw({nxdomain}));
  EXPECT_EQ(c.kind, FailureKind::kCode);
  ASSERT_TRUE(c.evidence);
  EXPECT_EQ(c.evidence->rule, "observed.contradicts") << c.evidence->text;
}

TEST(Observed, AClaimTheWatcherConfirmsStaysWithWhatItSaw) {
  const Classification c = Classify("curl_easy_perform: Couldn't connect to server",
                                    Saw({Refused("10.2.0.7:80", 80, {.answered_ms_ago = 5})}));
  EXPECT_EQ(c.kind, FailureKind::kInfra);
  EXPECT_NE(c.evidence->text.find("[observed: connect 10.2.0.7:80 refused: it answered"),
            std::string::npos);
}

TEST(Observed, ATimeoutClaimIsJudgedByTheRequestLeftWithoutItsReply) {
  auto waited = [](EndpointFacts facts) {
    NetworkFailure failure = Refused("127.0.0.1:8080", 8080, std::move(facts));
    failure.operation = "recv";
    failure.error = "had no reply";
    failure.category = "timeout";
    failure.stage = NetworkStage::kExchange;
    failure.pending = true;
    return failure;
  };
  constexpr const char* kTimeout = "curl: Operation timed out after 300 milliseconds";
  EXPECT_EQ(Classify(kTimeout, Saw({waited({.own_server = true})})).kind, FailureKind::kCode);
  EXPECT_EQ(Classify(kTimeout, Saw({waited({.answered_ms_ago = 300})})).kind, FailureKind::kInfra);
  // A request still in flight is no evidence for a bare failure.
  EXPECT_EQ(Classify(kReplyNotOk, Saw({waited({.answered_ms_ago = 300})})).kind,
            FailureKind::kCode);
}

TEST(Observed, WhatTheServerSaidDecidesTheKind) {
  NetworkFailure nxdomain = LookupFailed("api.stagign.example");
  nxdomain.kind = FailureKind::kConfig;
  nxdomain.category = "unknown_host";
  const Classification c = Classify("curl: Couldn't resolve host name", Saw({nxdomain}));
  EXPECT_EQ(c.kind, FailureKind::kConfig);
  EXPECT_EQ(c.evidence->rule, "observed.decides");
}

TEST(Observed, A5xxOnlyTheProcesssOwnServersCouldSendIsCode) {
  constexpr const char* k503 =
      "Expected equality of these values:\n  res->status\n    Which is: 503\n  200";
  NetworkActivity own = Saw({});
  own.own_server_replied = true;
  EXPECT_EQ(Classify(k503, own).kind, FailureKind::kCode);
  own.other_replied = true;  // a gateway outside answered too: its 503 may be the environment's
  EXPECT_EQ(Classify(k503, own).kind, FailureKind::kInfra);
}

TEST(Observed, AConnectClaimWithoutAConnectInAProcessWhoseConnectsTheWatcherSeesIsCode) {
  // The client failed before it opened a connection; every earlier connect was seen and worked.
  constexpr const char* kClaim = "curl_easy_perform: Couldn't connect to server";
  NetworkActivity none{.connects_before = 12};
  const Classification c = Classify(kClaim, none);
  EXPECT_EQ(c.kind, FailureKind::kCode);
  ASSERT_TRUE(c.evidence);
  EXPECT_EQ(c.evidence->rule, "observed.contradicts");
  EXPECT_NE(c.evidence->text.find("this test made no connection, while the watcher saw every one "
                                  "of the 12 this process made before connect"),
            std::string::npos)
      << c.evidence->text;
  // A connect of the process that failed (a fixture's, before the test): the words decide.
  none.connects_before_unsuccessful = 1;
  EXPECT_EQ(Classify(kClaim, none).kind, FailureKind::kInfra);
  // A lookup claim: not every resolver's work is seen.
  EXPECT_EQ(
      Classify("curl: Couldn't resolve host name", NetworkActivity{.connects_before = 12}).kind,
      FailureKind::kInfra);
}

TEST(Observed, WhereTheWatcherSawNothingTheWordsDecide) {
  EXPECT_EQ(Classify("curl_easy_perform: Couldn't connect to server", {}).kind,
            FailureKind::kInfra);
  // An exchange claim with no failed exchange seen: the watcher misses short reads.
  EXPECT_EQ(Classify("transfer closed with 10 bytes remaining to read", Saw({})).kind,
            FailureKind::kInfra);
}

TEST(Observed, NothingSeenChangesNoBareFailure) {
  EXPECT_EQ(Classify(kReplyNotOk, {}).kind, FailureKind::kCode);
}

}  // namespace
}  // namespace preflight
