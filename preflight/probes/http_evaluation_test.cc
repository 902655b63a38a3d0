// Tests of HTTP readiness rules: status expectations, expect_json and transport categories.
#include "preflight/probes/http_evaluation.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <cerrno>

namespace preflight {
namespace {

HttpCheck Check(std::vector<int> statuses = {}, std::vector<JsonExpectation> json = {}) {
  return {.url = "http://127.0.0.1/health",
          .expect_status = std::move(statuses),
          .expect_json = std::move(json)};
}

JsonExpectation Expect(std::string pointer, Comparison comparison,
                       std::variant<std::string, double, bool> value, std::string written) {
  return {.pointer = std::move(pointer),
          .comparison = comparison,
          .expected = std::move(value),
          .as_written = std::move(written)};
}

TEST(HttpEvaluation, AnyTwoHundredIsReadyByDefault) {
  EXPECT_TRUE(EvaluateHttpAnswer(Check(), {.status = 200}).ready);
  EXPECT_TRUE(EvaluateHttpAnswer(Check(), {.status = 204}).ready);
}

TEST(HttpEvaluation, ServiceUnavailableAndNotFoundAreNeverReady) {
  auto unavailable = EvaluateHttpAnswer(Check(), {.status = 503, .body = "starting"});
  EXPECT_FALSE(unavailable.ready);
  EXPECT_EQ(unavailable.error->category, "http_5xx");
  EXPECT_TRUE(unavailable.retryable);
  auto missing = EvaluateHttpAnswer(Check(), {.status = 404});
  EXPECT_FALSE(missing.ready);
  EXPECT_EQ(missing.error->category, "http_status");
}

TEST(HttpEvaluation, ARedirectSaysWhereItPoints) {
  auto moved = EvaluateHttpAnswer(
      Check(), {.status = 302, .body = "<html>", .redirect = "https://staging.test/login"});
  EXPECT_FALSE(moved.ready);
  EXPECT_EQ(moved.error->category, "http_status");
  EXPECT_NE(moved.error->message.find("HTTP 302 (expected 2xx), redirected to "
                                      "https://staging.test/login (not followed"),
            std::string::npos)
      << moved.error->message;
}

TEST(HttpEvaluation, ExplicitStatusListIsExact) {
  EXPECT_FALSE(EvaluateHttpAnswer(Check({200}), {.status = 204}).ready);
  EXPECT_TRUE(EvaluateHttpAnswer(Check({200, 204}), {.status = 204}).ready);
}

TEST(HttpEvaluation, GatewayErrorPagesAreSummarisedByTheirTitle) {
  auto outcome = EvaluateHttpAnswer(
      Check(),
      {.status = 502,
       .body = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"});
  EXPECT_EQ(outcome.error->message,
            "GET http://127.0.0.1/health: HTTP 502 (expected 2xx): HTML page \"502 Bad Gateway\"");
}

TEST(HttpEvaluation, JsonExpectationsCompareStringsAndNumbers) {
  auto check = Check({}, {Expect("/status", Comparison::kEqual, std::string("healthy"), "healthy"),
                          Expect("/pool", Comparison::kLessEqual, 0.8, "<= 0.8")});
  EXPECT_TRUE(
      EvaluateHttpAnswer(check, {.status = 200, .body = R"({"status":"healthy","pool":0.8})"})
          .ready);
  auto degraded =
      EvaluateHttpAnswer(check, {.status = 200, .body = R"({"status":"degraded","pool":0.93})"});
  EXPECT_FALSE(degraded.ready);
  EXPECT_EQ(degraded.error->category, "unhealthy");
  EXPECT_NE(degraded.error->message.find(R"(/status is "degraded", expected "healthy")"),
            std::string::npos)
      << degraded.error->message;
  EXPECT_NE(degraded.error->message.find("/pool is 0.93, expected <= 0.8"), std::string::npos);
}

TEST(HttpEvaluation, MissingFieldsWrongTypesAndNonJsonBodiesAreUnhealthy) {
  auto check = Check({}, {Expect("/replicas", Comparison::kGreaterEqual, 2.0, ">= 2"),
                          Expect("/ok", Comparison::kEqual, true, "true")});
  EXPECT_NE(EvaluateHttpAnswer(check, {.status = 200, .body = R"({"ok":true})"})
                .error->message.find("/replicas is missing"),
            std::string::npos);
  EXPECT_NE(EvaluateHttpAnswer(check, {.status = 200, .body = R"({"replicas":"3","ok":true})"})
                .error->message.find("expected a number"),
            std::string::npos);
  EXPECT_FALSE(
      EvaluateHttpAnswer(check, {.status = 200, .body = R"({"replicas":3,"ok":"true"})"}).ready);
  EXPECT_TRUE(
      EvaluateHttpAnswer(check, {.status = 200, .body = R"({"replicas":3,"ok":true})"}).ready);
  EXPECT_NE(EvaluateHttpAnswer(check, {.status = 200, .body = "<html>OK</html>"})
                .error->message.find("not JSON"),
            std::string::npos);
}

TEST(HttpEvaluation, TransportErrorsHaveDistinctCategories) {
  EXPECT_EQ(CurlErrorCategory(CURLE_COULDNT_CONNECT, ECONNREFUSED), "connection_refused");
  EXPECT_EQ(CurlErrorCategory(CURLE_COULDNT_CONNECT, ENETUNREACH), "connect");
  EXPECT_EQ(CurlErrorCategory(CURLE_COULDNT_RESOLVE_HOST, 0), "dns");
  EXPECT_EQ(CurlErrorCategory(CURLE_OPERATION_TIMEDOUT, 0), "timeout");
  EXPECT_EQ(CurlErrorCategory(CURLE_SSL_CONNECT_ERROR, 0), "tls");
  EXPECT_EQ(CurlErrorCategory(CURLE_PEER_FAILED_VERIFICATION, 0), "tls");
  EXPECT_EQ(CurlErrorCategory(CURLE_RECV_ERROR, ECONNRESET), "connect");
}

}  // namespace
}  // namespace preflight
