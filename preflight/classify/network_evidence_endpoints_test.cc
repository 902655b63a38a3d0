// The endpoints principle: whether not reaching an endpoint (or a name) was the environment's
// fault: the process's own servers, outages, missing names, and what cannot be told from a wrong
// address.
#include "preflight/classify/network_evidence.h"

#include <gtest/gtest.h>

#include "preflight/classify/network_evidence_test_support.h"

namespace preflight {
namespace {

using namespace network_evidence_test;

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

// A client that mangled 127.0.0.1 into "127.0.0." looks it up: with no DNS server reachable
// (a sandbox offline) the resolver cannot answer, with one the name does not exist. Neither is
// the environment: no name is all digits at its end.
TEST(Endpoints, ALookupOfWhatCannotBeANameIsAMangledAddress) {
  NetworkFailure nxdomain = LookupFailed("127.0.0.");
  nxdomain.kind = FailureKind::kConfig;
  nxdomain.category = "unknown_host";
  for (const NetworkFailure& failure : {LookupFailed("127.0.0."), nxdomain}) {
    const Classification c = Classify(kReplyNotOk, Saw({failure}));
    EXPECT_EQ(c.kind, FailureKind::kCode) << failure.error;
    ASSERT_TRUE(c.evidence);
    EXPECT_EQ(c.evidence->rule, "endpoints.cannot_tell");
    EXPECT_NE(c.evidence->text.find("\"127.0.0.\" cannot be a name in DNS (its last label is all "
                                    "digits, as no top-level domain is): an address mangled"),
              std::string::npos)
        << c.evidence->text;
  }
  NetworkFailure query = LookupFailed("10.0.0.300");
  query.operation = "dns query";
  query.error = "refused by 10.255.255.1:53 (nothing listens there)";
  EXPECT_EQ(Classify(kReplyNotOk, Saw({query})).kind, FailureKind::kCode);
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

}  // namespace
}  // namespace preflight
