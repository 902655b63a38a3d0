// Tests of the JSON and JUnit pre-flight reports.
#include "preflight/report/check_report.h"

#include <gtest/gtest.h>

#include "preflight/report/console_reporter.h"

namespace preflight {
namespace {

using namespace std::chrono_literals;

RunResult Sample() {
  RunResult result{.status = RunStatus::kFailed, .duration = 12500us};
  result.checks.push_back({.name = "dns",
                           .type = "dns",
                           .target = "a.test",
                           .status = CheckStatus::kPassed,
                           .attempts = 1,
                           .probes = 1,
                           .duration = 1200us,
                           .detail = "a.test → 127.0.0.1"});
  result.checks.push_back(
      {.name = "api",
       .type = "http",
       .target = "http://h/health",
       .status = CheckStatus::kFailed,
       .attempts = 3,
       .probes = 40,
       .duration = 10s,
       .error = CheckError{"http_5xx", "GET http://h/health: HTTP 503 <busy> & \"cold\""}});
  result.checks.push_back({.name = "db",
                           .type = "postgres",
                           .target = "postgres://app:***@db/app",
                           .status = CheckStatus::kSkipped,
                           .error = CheckError{"prerequisite", "skipped: dns did not pass"}});
  result.checks.push_back(
      {.name = "auth",
       .type = "postgres",
       .status = CheckStatus::kFailed,
       .attempts = 1,
       .error = CheckError{"config", "FATAL:  28P01: password authentication failed"}});
  return result;
}

TEST(CheckReport, JsonFollowsTheSchema) {
  auto json = CheckReportJson(Sample());
  EXPECT_EQ(json["schema"], "preflight.check/v1");
  EXPECT_EQ(json["status"], "failed");
  EXPECT_DOUBLE_EQ(json["duration_ms"].get<double>(), 12.5);
  EXPECT_EQ(json["bypass"]["active"], false);
  EXPECT_TRUE(json["bypass"]["expiry"].is_null());
  ASSERT_EQ(json["checks"].size(), 4u);
  EXPECT_EQ(json["checks"][0]["status"], "passed");
  EXPECT_TRUE(json["checks"][0]["error"].is_null());
  EXPECT_EQ(json["checks"][1]["attempts"], 3);
  EXPECT_EQ(json["checks"][1]["error"]["category"], "http_5xx");
  EXPECT_EQ(json["checks"][2]["status"], "skipped");
}

TEST(CheckReport, JunitSplitsInfraErrorsFromConfigFailures) {
  std::string xml = CheckReportJunit(Sample());
  EXPECT_NE(xml.find(R"(tests="4" failures="1" errors="1" skipped="1")"), std::string::npos) << xml;
  EXPECT_NE(
      xml.find(
          R"(<error type="infra:http_5xx" message="GET http://h/health: HTTP 503 &lt;busy&gt; &amp; &quot;cold&quot;")"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(<failure type="config")"), std::string::npos);
  EXPECT_NE(xml.find(R"(<skipped message="skipped: dns did not pass"/>)"), std::string::npos);
  EXPECT_NE(xml.find(R"(<testcase classname="preflight.dns" name="dns" time="0.001"/>)"),
            std::string::npos)
      << xml;
}

TEST(CheckReport, VerdictSaysWhatKindOfRedItIs) {
  RunResult infra = Sample();
  infra.checks.pop_back();
  EXPECT_NE(Verdict(infra).find("staging is not ready, this is not a code failure"),
            std::string::npos);
  EXPECT_NE(Verdict(infra).find("(exit 75)"), std::string::npos);
  EXPECT_NE(Verdict(Sample()).find("(exit 2)"), std::string::npos) << Verdict(Sample());
}

}  // namespace
}  // namespace preflight
