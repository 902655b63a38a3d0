// Tests of the pre-flight console output as CI logs show it (not a terminal: no colour, no
// live line).
#include "preflight/report/console_reporter.h"

#include <gtest/gtest.h>
#include <cstdio>
#include <functional>

namespace preflight {
namespace {

using namespace std::chrono_literals;

class ConsoleReporterTest : public ::testing::Test {
 protected:
  // Everything a reporter printed while `body` drove it.
  std::string Capture(Verbosity verbosity, const BypassDecision& bypass,
                      const std::function<void(ConsoleReporter&)>& body) {
    std::FILE* out = std::tmpfile();
    {
      ConsoleReporter reporter(
          out, ConsoleStyle{.verbosity = verbosity}, config_, bypass,
          std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now()));
      body(reporter);
    }
    std::rewind(out);
    std::string text;
    for (int c; (c = std::fgetc(out)) != EOF;) text += static_cast<char>(c);
    std::fclose(out);
    return text;
  }

  std::string Render(Verbosity verbosity, const RunResult& result,
                     const std::vector<CheckProgress>& progress = {}) {
    return Capture(verbosity, result.bypass, [&](ConsoleReporter& reporter) {
      if (!progress.empty()) reporter.OnProgress(progress);
      for (const auto& check : result.checks) reporter.OnCheckFinished(check);
      reporter.OnRunFinished(result);
    });
  }

  RunResult Failed() {
    RunResult result{.status = RunStatus::kFailed, .duration = 6s};
    result.checks.push_back({.name = "dns",
                             .type = "dns",
                             .status = CheckStatus::kPassed,
                             .attempts = 1,
                             .duration = 2ms,
                             .detail = "a.test → 127.0.0.1"});
    result.checks.push_back({.name = "api",
                             .type = "http",
                             .status = CheckStatus::kFailed,
                             .attempts = 3,
                             .duration = 6s,
                             .error = CheckError{"http_5xx", "GET /health: HTTP 503"}});
    result.checks.push_back({.name = "db",
                             .type = "postgres",
                             .status = CheckStatus::kSkipped,
                             .error = CheckError{"prerequisite", "skipped: dns did not pass"}});
    result.checks.push_back({.name = "cache",
                             .type = "http",
                             .status = CheckStatus::kPassed,
                             .attempts = 1,
                             .duration = 40ms});
    return result;
  }

  Config config_{.path = "staging.toml", .deadline = 320s};
};

TEST_F(ConsoleReporterTest, OneLinePerCheckAndAVerdictThatSaysWhatKindOfRed) {
  const std::string text = Render(Verbosity::kNormal, Failed());
  EXPECT_NE(text.find("  ✓ dns"), std::string::npos) << text;
  EXPECT_NE(text.find("✗ api"), std::string::npos);
  EXPECT_NE(text.find("3 attempts  http_5xx: GET /health: HTTP 503"), std::string::npos) << text;
  EXPECT_NE(text.find("- db"), std::string::npos);
  EXPECT_NE(text.find("skipped: dns did not pass"), std::string::npos);
  EXPECT_NE(text.find("preflight FAILED: api (http_5xx); staging is not ready"), std::string::npos);
  EXPECT_NE(text.find("slowest: api 6.0s, cache 40.0ms, dns 2.0ms"), std::string::npos) << text;
  EXPECT_EQ(text.find("\033["), std::string::npos) << "no colour outside a terminal";
}

TEST_F(ConsoleReporterTest, QuietPrintsOnlyProblemsAndTheVerdict) {
  const std::string text = Render(Verbosity::kQuiet, Failed());
  EXPECT_EQ(text.find("✓"), std::string::npos) << text;
  EXPECT_EQ(text.find("slowest"), std::string::npos);
  EXPECT_NE(text.find("✗ api"), std::string::npos);
  EXPECT_NE(text.find("preflight FAILED"), std::string::npos);
}

TEST_F(ConsoleReporterTest, WaitingIsAPlainLineInCiLogs) {
  const std::string text =
      Render(Verbosity::kNormal, Failed(),
             {{.name = "api", .elapsed = 12400ms, .budget = 60s, .attempt = 1, .attempts = 3}});
  EXPECT_NE(text.find("  waiting: api: warming 12.4s / 60.0s, attempt 1/3\n"), std::string::npos)
      << text;
}

TEST_F(ConsoleReporterTest, VerboseShowsEveryProbeAndInsecureTlsIsAWarning) {
  config_.checks.push_back(
      {.name = "api", .spec = HttpCheck{.url = "https://staging.test/health", .insecure = true}});
  const std::string text = Capture(Verbosity::kVerbose, {}, [&](ConsoleReporter& reporter) {
    reporter.OnProbeFinished(config_.checks[0], 2, {.error = CheckError{"http_5xx", "HTTP 503"}});
  });
  EXPECT_NE(text.find("warning: api: TLS verification is off (insecure = true)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("· api attempt 2: http_5xx: HTTP 503"), std::string::npos) << text;
}

TEST_F(ConsoleReporterTest, BypassBannerIsLoud) {
  RunResult result = Failed();
  result.status = RunStatus::kBypassed;
  result.bypass = {.state = BypassState::kActive,
                   .flags = {"EMERGENCY_DEVELOPMENT_MODE"},
                   .expiry = "2099-01-01",
                   .expires_at = ParseRfc3339("2099-01-02T00:00:00Z").value(),
                   .source = ".env.staging.tests"};
  const std::string text = Render(Verbosity::kQuiet, result);
  EXPECT_NE(text.find("EMERGENCY BYPASS ACTIVE until the end of 2099-01-01 UTC"), std::string::npos)
      << text;
  EXPECT_NE(text.find("preflight BYPASSED"), std::string::npos);
}

}  // namespace
}  // namespace preflight
