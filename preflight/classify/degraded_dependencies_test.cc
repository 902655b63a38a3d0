// Evidence (3): failures naming a dependency the pre-flight saw degraded.
#include "preflight/classify/degraded_dependencies.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

using Needles = std::vector<std::string>;

nlohmann::json Check(std::string name, std::string type, std::string status, int attempts,
                     std::string target, nlohmann::json error = nullptr) {
  return {{"name", name},         {"type", type},     {"status", status},
          {"attempts", attempts}, {"target", target}, {"error", error}};
}

nlohmann::json Report(std::vector<nlohmann::json> checks, bool bypass = false) {
  return {{"schema", "preflight.check/v1"},
          {"status", bypass ? "bypassed" : "passed"},
          {"bypass", {{"active", bypass}}},
          {"checks", checks}};
}

const nlohmann::json kRefused = {{"category", "connection_refused"},
                                 {"message", "connection refused (after 3 attempts in 1m)"}};

TEST(DegradedDependencies, ChecksThatPassedAreLeftOutEvenAfterRetries) {
  EXPECT_TRUE(DegradedDependencies(Report({Check("dns", "dns", "passed", 1, "a.example.com"),
                                           Check("api", "http", "passed", 3, "http://h.test/")}))
                  .empty());
}

TEST(DegradedDependencies, FailedAndUncheckedOnesWithHowFailuresNameThem) {
  auto degraded = DegradedDependencies(
      Report({Check("connector", "http", "warned", 3, "http://127.0.0.1:8080/health", kRefused),
              Check("database", "postgres", "warned", 3, "postgres://app:***@db.internal/app",
                    {{"category", "database_starting"}, {"message", "57P03"}}),
              Check("names", "dns", "warned", 3, "api.staging.example.com,localhost,ok.example.com",
                    {{"category", "dns_nxdomain"},
                     {"message",
                      "api.staging.example.com: no such domain (NXDOMAIN); localhost: no such "
                      "domain (NXDOMAIN) from 127.0.0.1:5353"}}),
              Check("pool", "postgres", "skipped", 0, "host=10.0.0.7 port=6432 dbname=app",
                    {{"category", "prerequisite"}, {"message", "skipped: names did not pass"}}),
              Check("tls", "http", "warned", 1, "https://10.0.0.5/health"),
              Check("named", "http", "warned", 1, "http://api.example.com:8080/health")},
             /*bypass=*/true));
  ASSERT_EQ(degraded.size(), 6u);
  EXPECT_EQ(degraded[0].needles, (Needles{"127.0.0.1:8080"}));
  EXPECT_EQ(degraded[0].category, "connect");
  EXPECT_EQ(degraded[0].finding,
            "connector failed the pre-flight under an emergency bypass (connection_refused: "
            "connection refused (after 3 attempts in 1m))");
  EXPECT_EQ(degraded[1].needles, (Needles{"db.internal:5432", "db.internal"}));
  EXPECT_EQ(degraded[1].category, "database");
  EXPECT_EQ(degraded[1].finding,
            "database failed the pre-flight under an emergency bypass (database_starting: 57P03)");
  EXPECT_EQ(degraded[2].needles, (Needles{"api.staging.example.com"}))
      << "only the names that failed, and no bare short names";
  EXPECT_EQ(degraded[2].category, "dns");
  EXPECT_EQ(degraded[3].needles, (Needles{"10.0.0.7:6432"}));
  EXPECT_EQ(degraded[3].finding, "the pre-flight did not check pool (skipped: names did not pass)");
  EXPECT_EQ(degraded[4].needles, (Needles{"10.0.0.5:443", "https://10.0.0.5"}));
  EXPECT_EQ(degraded[5].needles, (Needles{"api.example.com:8080"}))
      << "not on its default port: the name alone is another service";
}

TEST(DegradedDependencies, OtherTypesAreNamedByTheEndpointsTheReportLists) {
  nlohmann::json cache = Check("cache", "tcp", "warned", 2, "cache.internal:6379", kRefused);
  cache["endpoints"] = {"cache.internal:6379"};
  nlohmann::json unknown = Check("script", "exec", "warned", 1, "./wait.sh", kRefused);
  auto degraded = DegradedDependencies(Report({cache, unknown}, /*bypass=*/true));
  ASSERT_EQ(degraded.size(), 1u) << "a check without endpoints names nothing (not port 5432)";
  EXPECT_EQ(degraded[0].needles, (Needles{"cache.internal:6379"}));
}

TEST(DegradedDependencies, AnythingButACheckReportGivesNone) {
  EXPECT_TRUE(DegradedDependencies(nlohmann::json::parse("[1,2]")).empty());
  EXPECT_TRUE(DegradedDependencies(nlohmann::json{{"checks", 3}}).empty());
}

class Attribution : public ::testing::Test {
 protected:
  std::vector<DegradedDependency> degraded_ = DegradedDependencies(
      Report({Check("connector", "http", "warned", 3, "http://127.0.0.1:8080/health", kRefused),
              Check("tls", "http", "warned", 3, "https://10.0.0.5/health"),
              Check("database", "postgres", "skipped", 0, "postgres://app@db.internal/app"),
              Check("named", "http", "warned", 3, "http://api.example.com:8080/health")},
             true));

  Classification Attribute(std::string_view message,
                           Classification decided = {.category = "assertion"}) {
    AttributeToDegradedDependency(decided, message, degraded_);
    return decided;
  }
};

TEST_F(Attribution, AFailureNamingADegradedDependencyIsInfraWithThePreflightAsEvidence) {
  Classification c = Attribute(
      "Expected equality of these values:\n  order.status\n    Which is: \"\"\n  \"paid\"\n"
      "GET http://127.0.0.1:8080/orders/7 returned an empty body");
  EXPECT_EQ(c.kind, FailureKind::kInfra);
  EXPECT_EQ(c.category, "connect");
  ASSERT_TRUE(c.evidence);
  EXPECT_EQ(c.evidence->rule, "preflight.degraded_dependency");
  EXPECT_EQ(c.evidence->text,
            "GET http://127.0.0.1:8080/orders/7 returned an empty body [connector failed the "
            "pre-flight under an emergency bypass (connection_refused: connection refused (after "
            "3 attempts in 1m))]");
  EXPECT_EQ(Attribute("POST https://10.0.0.5/orders failed").category, "connect");
  EXPECT_EQ(Attribute("no rows from db.internal.").category, "database");
}

TEST_F(Attribution, TheTestsOwnExpressionsAreNotEvidence) {
  Classification c = Attribute(
      "Value of: Fetch(\"http://127.0.0.1:8080/orders\").ok()\n  Actual: false\nExpected: true");
  EXPECT_EQ(c.kind, FailureKind::kCode);
  EXPECT_FALSE(c.evidence);
}

TEST_F(Attribution, OtherPortsAndLongerNamesAreOtherDependencies) {
  for (std::string_view message :
       {"GET http://127.0.0.1:8081/x failed", "GET http://127.0.0.1:80801/x failed",
        "host db.internal.example.org is wrong", "https://10.0.0.50/x failed", "mydb.internal down",
        "10.0.0.5 is down", "http://10.0.0.5/x failed (port 80, not 443)",
        "https://api.example.com/x failed (443, not 8080)", "api.example.com:9090 is down"}) {
    EXPECT_EQ(Attribute(message).kind, FailureKind::kCode) << message;
  }
}

TEST_F(Attribution, ACodeFailureWithEvidenceIsNeverOverruled) {
  Classification client_error{.kind = FailureKind::kCode,
                              .category = "http_4xx",
                              .evidence = Evidence{"http.4xx", "404 Not Found"}};
  Classification c = Attribute("GET http://127.0.0.1:8080/orders/7: 404 Not Found", client_error);
  EXPECT_EQ(c.kind, FailureKind::kCode);
  EXPECT_EQ(c.evidence->rule, "http.4xx");
}

}  // namespace
}  // namespace preflight
