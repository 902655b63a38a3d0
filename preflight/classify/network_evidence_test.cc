// The three principles on what the watcher saw: stages, endpoints, observed beats claimed.
#include "preflight/classify/network_evidence.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace preflight {
namespace {

constexpr const char* kReplyNotOk = "Value of: reply.ok\n  Actual: false\nExpected: true";

NetworkFailure Refused(std::string target, int port, EndpointFacts facts = {}) {
  return {.operation = "connect",
          .target = std::move(target),
          .error = "refused",
          .category = "connect",
          .stage = NetworkStage::kConnect,
          .port = port,
          .facts = std::move(facts)};
}

NetworkFailure LookupFailed(std::string name, int port = 0, EndpointFacts facts = {}) {
  return {.operation = "getaddrinfo",
          .target = std::move(name),
          .error = "Temporary failure in name resolution",
          .category = "dns",
          .stage = NetworkStage::kResolve,
          .port = port,
          .facts = std::move(facts)};
}

NetworkActivity Saw(std::vector<NetworkFailure> failures) {
  return {.failures = std::move(failures), .saw_operations = true};
}

Classification Classify(std::string_view message, const NetworkActivity& activity,
                        std::vector<DeclaredEndpoint> declared = {}) {
  Classification c = Classifier::Create()->Classify(message);
  AttributeToNetwork(c, activity, declared);
  return c;
}

// Endpoints.

TEST(Endpoints, AnEndpointThatAnsweredBeforeAndNowRefusesIsAnOutage) {
  const Classification c =
      Classify(kReplyNotOk, Saw({Refused("10.2.0.7:5432", 5432, {.answered_ms_ago = 12})}));
  EXPECT_EQ(c.kind, FailureKind::kInfra);
  EXPECT_EQ(c.category, "connect");
  ASSERT_TRUE(c.evidence);
  EXPECT_EQ(c.evidence->rule, "endpoints.outage");
  EXPECT_EQ(c.evidence->text,
            "during the test: connect 10.2.0.7:5432 refused: it answered this process 12 ms "
            "earlier");
}

TEST(Endpoints, AHostWhereNothingEverAnsweredIsAnOutage) {
  const Classification c = Classify(kReplyNotOk, Saw({Refused("10.2.0.7:5432", 5432)}));
  EXPECT_EQ(c.kind, FailureKind::kInfra);
  EXPECT_EQ(c.evidence->text,
            "during the test: connect 10.2.0.7:5432 refused: nothing ever answered on that host");
}

TEST(Endpoints, ADeclaredDependencyIsAnOutageByAddressOrByName) {
  EXPECT_EQ(
      Classify(
          kReplyNotOk,
          Saw({Refused("127.0.0.1:5432", 5432, {.other = "127.0.0.1:8080", .other_ms_ago = 3})}),
          {{"127.0.0.1:5432", true}})
          .kind,
      FailureKind::kInfra);
  EXPECT_EQ(
      Classify(
          kReplyNotOk,
          Saw({Refused("10.0.0.7:5432", 5432, {.other = "10.0.0.7:22", .name = "db.internal"})}),
          {{"db.internal:5432", false}})
          .kind,
      FailureKind::kInfra);
}

TEST(Endpoints, AnotherPortOfAHealthyDeclaredHostCannotBeToldFromAWrongAddress) {
  // Nothing answered this process on 127.0.0.1, but the pre-flight found 127.0.0.1:8998 healthy.
  const Classification c =
      Classify(kReplyNotOk, Saw({Refused("127.0.0.1:3128", 3128)}), {{"localhost:8998", true}});
  EXPECT_EQ(c.kind, FailureKind::kCode);
  EXPECT_EQ(c.evidence->rule, "endpoints.cannot_tell");
  EXPECT_NE(c.evidence->text.find("the pre-flight found localhost:8998 on the same host healthy"),
            std::string::npos);
}

TEST(Endpoints, AnAddressWhereNothingAnsweredOnAHealthyDependencysPortCannotBeTold) {
  // 27.0.0.1:8998, written out, while the pre-flight found 127.0.0.1:8998 healthy: mangled.
  const Classification c =
      Classify(kReplyNotOk, Saw({Refused("27.0.0.1:8998", 8998)}), {{"127.0.0.1:8998", true}});
  EXPECT_EQ(c.kind, FailureKind::kCode);
  EXPECT_EQ(c.evidence->rule, "endpoints.cannot_tell");
  EXPECT_NE(c.evidence->text.find("the pre-flight found 127.0.0.1:8998 on the same port healthy"),
            std::string::npos)
      << c.evidence->text;
  // Not when the dependency was unhealthy, on another port, or the address came from a name.
  EXPECT_EQ(
      Classify(kReplyNotOk, Saw({Refused("27.0.0.1:8998", 8998)}), {{"127.0.0.1:8998", false}})
          .kind,
      FailureKind::kInfra);
  EXPECT_EQ(
      Classify(kReplyNotOk, Saw({Refused("27.0.0.1:8998", 8998)}), {{"127.0.0.1:8999", true}}).kind,
      FailureKind::kInfra);
  EXPECT_EQ(
      Classify(kReplyNotOk, Saw({Refused("10.0.0.9:8998", 8998, {.name = "replica.internal"})}),
               {{"127.0.0.1:8998", true}})
          .kind,
      FailureKind::kInfra);
}

TEST(Endpoints, TheProcesssOwnServerIsNeverTheEnvironment) {
  // Refused, closed before replying, or looked up under a mangled name: its own port.
  NetworkFailure closed =
      Refused("127.0.0.1:41234", 41234, {.own_server = true, .answered_ms_ago = 2});
  closed.operation = "recv";
  closed.error = "closed before replying";
  closed.stage = NetworkStage::kExchange;
  for (const NetworkFailure& failure :
       {Refused("127.0.0.1:41234", 41234, {.own_server = true}), closed,
        LookupFailed("ocalhost", 41234, {.own_server = true})}) {
    const Classification c = Classify(kReplyNotOk, Saw({failure}));
    EXPECT_EQ(c.kind, FailureKind::kCode) << failure.operation;
    ASSERT_TRUE(c.evidence);
    EXPECT_EQ(c.evidence->rule, "endpoints.own_server");
    EXPECT_NE(c.evidence->text.find("this test process's own server"), std::string::npos);
  }
}

TEST(Endpoints, APortThatNeverAnsweredOnAHostThatAnswersCannotBeToldFromAWrongAddress) {
  const Classification c =
      Classify(kReplyNotOk,
               Saw({Refused("127.0.0.1:9", 9, {.other = "127.0.0.1:8080", .other_ms_ago = 12})}));
  EXPECT_EQ(c.kind, FailureKind::kCode);
  EXPECT_EQ(c.evidence->rule, "endpoints.cannot_tell");
  EXPECT_EQ(c.evidence->text,
            "during the test: connect 127.0.0.1:9 refused: nothing ever answered there, while "
            "127.0.0.1:8080 answered this process 12 ms earlier: a wrong address or a service "
            "that is down");
  EXPECT_EQ(Classify(kReplyNotOk, Saw({Refused("127.0.0.1:9", 9, {.host_served = true})})).kind,
            FailureKind::kCode);
}

TEST(Endpoints, NamesFollowTheSamePrinciple) {
  EXPECT_EQ(Classify(kReplyNotOk, Saw({LookupFailed("api.staging.example")})).kind,
            FailureKind::kInfra);
  EXPECT_EQ(Classify(kReplyNotOk,
                     Saw({LookupFailed("api.staging.example", 443, {.answered_ms_ago = 40})}))
                .kind,
            FailureKind::kInfra);  // it resolved before
  EXPECT_EQ(Classify(kReplyNotOk, Saw({LookupFailed("api.stagign.example", 443)})).kind,
            FailureKind::kInfra);  // "try again" is the resolver's failure, whatever the name
  NetworkFailure nxdomain = LookupFailed("api.stagign.example");
  nxdomain.kind = FailureKind::kConfig;
  nxdomain.category = "unknown_host";
  const Classification missing = Classify(kReplyNotOk, Saw({nxdomain}));
  EXPECT_EQ(missing.kind, FailureKind::kConfig);
  EXPECT_EQ(missing.evidence->rule, "endpoints.missing_name");
}

// c-ares speaking DNS itself to a server at 127.0.0.1:53001 that refuses: an outage of the
// resolver, unless the process serves that host (its own mock DNS server on another port, as in
// c-ares's suite with a mutant that sends to port + 1): then a wrong port cannot be told from a
// server that is down. A server that answered before and now refuses is an outage, and so is a
// system resolver's (port 53: not a port the program chose).
TEST(Endpoints, ADnsServerThatNeverAnsweredOnAHostTheProcessServesCannotBeTold) {
  auto refused = [](EndpointFacts facts) {
    return NetworkFailure{.operation = "dns query",
                          .target = "db.test",
                          .error = "refused by 127.0.0.1:53001 (nothing listens there)",
                          .category = "dns",
                          .stage = NetworkStage::kResolve,
                          .port = 53001,
                          .host = "loopback",
                          .facts = std::move(facts)};
  };
  constexpr const char* kStatus = "Value of: resolved\n  Actual: false\nExpected: true";
  EXPECT_EQ(Classify(kStatus, Saw({refused({})})).kind, FailureKind::kInfra);
  const Classification served = Classify(kStatus, Saw({refused({.host_served = true})}));
  EXPECT_EQ(served.kind, FailureKind::kCode);
  ASSERT_TRUE(served.evidence);
  EXPECT_EQ(served.evidence->rule, "endpoints.cannot_tell");
  EXPECT_NE(served.evidence->text.find("this test process serves that host"), std::string::npos)
      << served.evidence->text;
  EXPECT_EQ(Classify(kStatus, Saw({refused({.host_served = true, .answered_ms_ago = 40})})).kind,
            FailureKind::kInfra);
  NetworkFailure system_resolver = refused({.host_served = true});  // resolv.conf's: port 53
  system_resolver.port = 53;
  EXPECT_EQ(Classify(kStatus, Saw({system_resolver})).kind, FailureKind::kInfra);
  NetworkFailure by_name = LookupFailed("db.test");  // getaddrinfo: no server endpoint of its own
  by_name.facts.host_served = true;
  EXPECT_EQ(Classify(kStatus, Saw({by_name})).kind, FailureKind::kInfra);
}

TEST(Endpoints, ARecoveredEndpointIsNoEvidence) {
  NetworkFailure failure = Refused("10.2.0.7:5432", 5432);
  failure.recovered = true;
  EXPECT_EQ(Classify(kReplyNotOk, Saw({failure})).kind, FailureKind::kCode);
}

TEST(Endpoints, AValueThatIsNotAFailedCallStaysCode) {
  EXPECT_EQ(Classify("Expected equality of these values:\n  Total(cart)\n    Which is: 41\n  42",
                     Saw({Refused("10.2.0.7:5432", 5432)}))
                .kind,
            FailureKind::kCode);
  // The test expected the call to fail: a failed connect is its subject.
  EXPECT_EQ(Classify("Value of: client.Connect(closed_port)\n  Actual: true\nExpected: false",
                     Saw({Refused("10.2.0.7:5432", 5432)}))
                .kind,
            FailureKind::kCode);
}

// Stages.

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

// Observed beats claimed.

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
