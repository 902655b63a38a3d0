// An example end-to-end suite against the local sandbox staging (ci/sandbox.sh): passing tests,
// real infrastructure failures (a 503 from the connector, a payments sandbox that is down) and
// real code bugs (a wrong discount, a broken SQL query). Linked with preflight::gtest_main.
// Needs SANDBOX_HTTP_PORT and DATABASE_URL in its environment (ci/demo.sh exports them).
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <string>

namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value ? value : fallback;
}

std::string Backend(const std::string& path) {
  return "http://127.0.0.1:" + EnvOr("SANDBOX_HTTP_PORT", "1") + path;
}

struct HttpResult {
  long status = 0;
  std::string error;  // libcurl's own text when the request did not complete
};

HttpResult Get(const std::string& url) {
  CURL* curl = curl_easy_init();
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 3000L);
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION,
      +[](char*, size_t size, size_t count, void*) { return size * count; });
  HttpResult result;
  if (CURLcode code = curl_easy_perform(curl); code != CURLE_OK)
    result.error = std::string(curl_easy_strerror(code)) + ": " + error;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
  curl_easy_cleanup(curl);
  return result;
}

// Runs one query; returns "" or libpq's error text.
std::string Query(const std::string& sql) {
  PGconn* conn = PQconnectdb(EnvOr("DATABASE_URL", "postgres://127.0.0.1:1/app").c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    if (PQresultStatus(result) != PGRES_TUPLES_OK) error = PQresultErrorMessage(result);
    PQclear(result);
  }
  PQfinish(conn);
  return error;
}

// The product code under test, with a bug: the discount is never applied.
long TotalCents(long subtotal_cents, int discount_percent) {
  (void)discount_percent;
  return subtotal_cents;
}

}  // namespace

TEST(Orders, HealthEndpointAnswers) {
  HttpResult result = Get(Backend("/health"));
  ASSERT_EQ(result.error, "");
  EXPECT_EQ(result.status, 200);
}

TEST(Orders, DatabaseAnswers) {
  EXPECT_EQ(Query("SELECT 1"), "");
}

TEST(Orders, ListOrdersThroughTheConnector) {
  // The sandbox's /down endpoint is a VPC connector that answers 503 while it is saturated.
  HttpResult result = Get(Backend("/down"));
  EXPECT_EQ(result.status, 200) << "GET /api/orders: HTTP/1.1 " << result.status
                                << " Service Unavailable";
}

TEST(Payments, SandboxIsReachable) {
  // The payments sandbox, a host of its own, is down: nothing answers there.
  HttpResult result = Get("http://127.0.0.2:1/payments/health");
  EXPECT_EQ(result.error, "");
}

TEST(Orders, TotalIncludesTheDiscount) {
  EXPECT_EQ(TotalCents(10000, 10), 9000);
}

TEST(Reports, MonthlyReportQueryRuns) {
  EXPECT_EQ(Query("SELEC count(*) FROM pg_class"), "");  // a typo in the report's SQL
}
