// The classifier against a corpus: failure texts produced at test time by the real libraries
// (libcurl, libpq, c-ares, getaddrinfo, errno), texts recorded from them on this platform, and
// traps (infra words in expressions, test names and prose). False "infra" must stay at zero.
#include "preflight/classify/classifier.h"

#include <ares.h>
#include <arpa/inet.h>
#include <curl/curl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace preflight {
namespace {

struct Case {
  std::string message;
  FailureKind kind;
  std::string category;
};

// A 127.0.0.1 port that nothing listens on.
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), length);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

std::string CurlError(const std::string& url, long timeout_ms) {
  CURL* curl = curl_easy_init();
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  CURLcode code = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  return fmt::format("{}: {}", curl_easy_strerror(code), error);
}

// libcurl against a closed port, and against a listener that accepts nothing (a timeout).
std::vector<Case> LiveCurlCases() {
  std::vector<Case> cases;
  const std::string refused =
      CurlError(fmt::format("http://127.0.0.1:{}/health", ClosedPort()), 2000);
  cases.push_back(
      {fmt::format(
           "Expected equality of these values:\n  Get(url).error\n    Which is: \"{}\"\n  \"\"",
           refused),
       FailureKind::kInfra, "connect"});
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(listener, reinterpret_cast<sockaddr*>(&address), length);
  listen(listener, 1);
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string timeout =
      CurlError(fmt::format("http://127.0.0.1:{}/slow", ntohs(address.sin_port)), 200);
  close(listener);
  cases.push_back({"GET /slow failed: " + timeout, FailureKind::kInfra, "timeout"});
  return cases;
}

std::vector<Case> LiveLibpqCases() {
  PGconn* conn = PQconnectdb(
      fmt::format("host=127.0.0.1 port={} user=app dbname=app connect_timeout=2", ClosedPort())
          .c_str());
  std::string message = PQerrorMessage(conn);
  PQfinish(conn);
  return {{"C++ exception with description \"" + message + "\" thrown in the test body.",
           FailureKind::kInfra, "database"}};
}

std::vector<Case> LiveResolverAndErrnoCases() {
  std::vector<Case> cases;
  cases.push_back({fmt::format("resolve api.staging.test: {}", ares_strerror(ARES_ENOTFOUND)),
                   FailureKind::kInfra, "dns"});
  cases.push_back(
      {fmt::format("getaddrinfo: {}", gai_strerror(EAI_NONAME)), FailureKind::kInfra, "dns"});
  cases.push_back(
      {fmt::format("lookup failed: {}", gai_strerror(EAI_AGAIN)), FailureKind::kInfra, "dns"});
  for (int error : {ECONNREFUSED, ECONNRESET, ENETUNREACH, EHOSTUNREACH, EPIPE})
    cases.push_back({fmt::format("write to backend: {}", std::strerror(error)), FailureKind::kInfra,
                     "connect"});
  return cases;
}

// Texts recorded from the real libraries on Debian 12 (libpq 15, libcurl 7.88, OpenSSL 3).
std::vector<Case> RecordedCases() {
  using K = FailureKind;
  return {
      {"connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  53300: sorry, too many "
       "clients already",
       K::kInfra, "capacity"},
      {"connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  remaining connection "
       "slots are reserved for non-replication superuser connections",
       K::kInfra, "capacity"},
      {"connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  the database system is "
       "starting up",
       K::kInfra, "database"},
      {"server closed the connection unexpectedly\n\tThis probably means the server terminated "
       "abnormally",
       K::kInfra, "database"},
      {"GET https://127.0.0.1:8443/health: OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong "
       "version number",
       K::kInfra, "tls"},
      {"SSL certificate problem: self-signed certificate", K::kInfra, "tls"},
      {"Could not resolve host: api.staging.example.com", K::kInfra, "dns"},
      {"Operation timed out after 300 milliseconds with 0 bytes received", K::kInfra, "timeout"},
      {"Empty reply from server", K::kInfra, "connect"},
      {"Recv failure: Connection reset by peer", K::kInfra, "connect"},
      {"GET /api/orders returned HTTP/1.1 503 Service Unavailable", K::kInfra, "http_5xx"},
      {"Value of: response.ok()\n  Actual: false\nExpected: true\n<html><head><title>502 Bad "
       "Gateway</title></head></html>",
       K::kInfra, "http_5xx"},
      {"rpc failed: UNAVAILABLE: failed to connect to all addresses", K::kInfra, "connect"},
      {"rpc failed: DEADLINE_EXCEEDED: Deadline Exceeded", K::kInfra, "timeout"},
      {"C++ exception with description \"[preflight:infra:queue] broker has no leader\" thrown in "
       "the test body.",
       K::kInfra, "queue"},
      {"Failed\nGoogle Test trace:\nsuite.cc:12: [preflight:infra:payments]", K::kInfra,
       "payments"},
      {"pool: Timeout waiting for connection from pool", K::kInfra, "capacity"},
      // Code: the dependency answered and said the test was wrong.
      {"ERROR:  42601: syntax error at or near \"SELEC\"", K::kCode, "database_query"},
      {"Expected equality of these values:\n  Query(\"SELEC 1\")\n    Which is: \"ERROR:  syntax "
       "error at or near \\\"SELEC\\\"\\nLINE 1: SELEC 1\"\n  \"\"",
       K::kCode, "database_query"},
      {"ERROR:  duplicate key value violates unique constraint \"users_email_key\"", K::kCode,
       "database_query"},
      {"ERROR:  invalid input syntax for type integer: \"abc\"", K::kCode, "database_query"},
      {"ERROR:  relation \"orders\" does not exist", K::kCode, "database_query"},
      {"POST /orders: HTTP/1.1 404 Not Found", K::kCode, "http_4xx"},
      {"The requested URL returned error: 401", K::kCode, "http_4xx"},
      // Traps: infra words that are not evidence.
      {"Expected equality of these values:\n  status\n    Which is: \"ok\"\n  \"Couldn't connect "
       "to server\"",
       K::kCode, "assertion"},
      {"Expected equality of these values:\n  FormatCurlError(7)\n    Which is: \"Couldn't "
       "connect\"\n  \"Couldn't connect to server\"",
       K::kCode, "assertion"},
      {"Value of: IsRetryable(\"Connection refused\")\n  Actual: false\nExpected: true", K::kCode,
       "assertion"},
      {"Expected: (Parse(\"HTTP/1.1 503 Service Unavailable\")) != (nullptr), actual: NULL vs "
       "(nullptr)",
       K::kCode, "assertion"},
      {"the cache should expire after the timeout, but it did not", K::kCode, "assertion"},
      {"Expected equality of these values:\n  retries_after_timeout\n    Which is: 2\n  3",
       K::kCode, "assertion"},
      {"TimeoutTest.RetriesTwice: expected 3 calls, got 2", K::kCode, "assertion"},
      {"C++ exception with description \"vector::_M_range_check: __n (which is 3) >= this->size() "
       "(which is 3)\" thrown in the test body.",
       K::kCode, "exception"},
      {"connection pool size must be positive, got 0", K::kCode, "assertion"},
      {"the DNS record type should be AAAA", K::kCode, "assertion"},
      // Both: a code proof wins over infra words.
      {"ERROR:  42P01: relation \"x\" does not exist; then: Connection reset by peer", K::kCode,
       "database_query"},
  };
}

TEST(Classifier, CorpusHasNoFalseInfraAndEveryLabelRight) {
  auto classifier = Classifier::Create();
  ASSERT_TRUE(classifier) << classifier.error();
  std::vector<Case> corpus = RecordedCases();
  for (auto extra : {LiveCurlCases(), LiveLibpqCases(), LiveResolverAndErrnoCases()})
    corpus.insert(corpus.end(), extra.begin(), extra.end());
  int false_infra = 0, false_code = 0, wrong_category = 0;
  for (const auto& c : corpus) {
    Classification result = classifier->Classify(c.message);
    if (result.kind == FailureKind::kInfra && c.kind == FailureKind::kCode) ++false_infra;
    if (result.kind == FailureKind::kCode && c.kind == FailureKind::kInfra) ++false_code;
    if (result.kind == c.kind && result.category != c.category) ++wrong_category;
    EXPECT_EQ(ToString(result.kind), ToString(c.kind)) << c.message;
    EXPECT_EQ(result.category, c.category) << c.message;
    if (c.kind == FailureKind::kInfra) {
      EXPECT_TRUE(result.evidence) << c.message;
    }
  }
  std::printf("corpus: %zu messages, false infra %d, false code %d, wrong category %d\n",
              corpus.size(), false_infra, false_code, wrong_category);
  EXPECT_EQ(false_infra, 0);
}

TEST(Classifier, NearMissShowsWhyAnExpressionWasNotEvidence) {
  auto classifier = Classifier::Create();
  auto result = classifier->Classify(
      "Expected equality of these values:\n  Fetch()\n    Which is: \"\"\n  \"Connection "
      "refused\"");
  EXPECT_EQ(result.kind, FailureKind::kCode);
  ASSERT_TRUE(result.near_miss);
  EXPECT_EQ(result.near_miss->rule, "connect.errno");
}

TEST(Classifier, UserRulesComeFirst) {
  auto classifier = Classifier::Create(
      {Rule{.name = "user.ledger", .category = "ledger", .patterns = {"ledger-svc: not ready"}}});
  ASSERT_TRUE(classifier);
  auto result = classifier->Classify("POST /pay: ledger-svc: not ready (Connection refused)");
  EXPECT_EQ(result.category, "ledger");
  EXPECT_EQ(result.evidence->rule, "user.ledger");
}

TEST(Classifier, AppliesToLimitsWhereARuleLooks) {
  auto classifier = Classifier::Create({Rule{.name = "user.flaky_vendor",
                                             .category = "vendor",
                                             .patterns = {"VendorTimeout"},
                                             .applies_to = {TextKind::kException}}});
  EXPECT_EQ(classifier->Classify("saw VendorTimeout in the log").kind, FailureKind::kCode);
  EXPECT_EQ(
      classifier
          ->Classify("C++ exception with description \"VendorTimeout\" thrown in the test body.")
          .category,
      "vendor");
}

TEST(Classifier, BadUserPatternIsAnError) {
  auto classifier =
      Classifier::Create({Rule{.name = "user.bad", .category = "x", .patterns = {"(unclosed"}}});
  ASSERT_FALSE(classifier);
  EXPECT_NE(classifier.error().find("user.bad"), std::string::npos);
}

TEST(Classifier, AMegabyteMessageIsClassifiedWithoutStalling) {
  auto classifier = Classifier::Create();
  std::string huge(1 << 20, 'x');
  huge += "\nConnection refused";
  for (size_t i = 0; i < huge.size(); i += 100) huge[i] = '\n';
  auto result = classifier->Classify(huge);
  EXPECT_EQ(result.kind, FailureKind::kInfra);
  EXPECT_LE(result.evidence->text.size(), 310u);
}

}  // namespace
}  // namespace preflight
