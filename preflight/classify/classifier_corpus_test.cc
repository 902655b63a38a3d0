// The classifier against a corpus: failure texts produced at test time by the real libraries
// (libcurl, libpq, c-ares, getaddrinfo, errno: every text they can print, in the shapes tests
// report them), texts recorded from them and from other libraries on this platform, and traps
// (infra words in expressions, test names, prose and expected values). Prints recall and
// precision per kind and category; false "infra" must stay at zero.
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
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "preflight/classify/classifier.h"
#include "preflight/classify/error_tables.h"

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
                   FailureKind::kConfig, "unknown_host"});
  cases.push_back({fmt::format("getaddrinfo: {}", gai_strerror(EAI_NONAME)), FailureKind::kConfig,
                   "unknown_host"});
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
      // TLS to a port that does not speak it, or a certificate the client does not trust: a
      // setting must change (the URL's scheme, the CA bundle), waiting does not help.
      {"GET https://127.0.0.1:8443/health: OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong "
       "version number",
       K::kConfig, "tls"},
      {"SSL certificate problem: self-signed certificate", K::kConfig, "tls"},
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
      {"ERROR:  40P01: deadlock detected", K::kCode, "assertion"},
      // More libcurl error-buffer and gateway texts.
      {"GET /export: Operation too slow. Less than 1000 bytes/sec transferred the last 5 seconds",
       K::kInfra, "timeout"},
      {"GET /export: transfer closed with 1234 bytes remaining to read", K::kInfra, "connect"},
      {"body: <html><head><title>504 Gateway Time-out</title></head><body></body></html>",
       K::kInfra, "http_5xx"},
      {"POST /orders: upstream request timeout", K::kInfra, "http_5xx"},
      {"resolve db.staging.test: Timeout while contacting DNS servers", K::kInfra, "dns"},
      {"connection to server at \"db.staging.test\" (10.0.0.5), port 5432 failed: timeout expired",
       K::kInfra, "timeout"},
      // Configuration: the same run fails the same way until a person changes a setting.
      {"connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password authentication "
       "failed for user \"app\"",
       K::kConfig, "credentials"},
      {"connection to server at \"127.0.0.1\", port 5432 failed: fe_sendauth: no password supplied",
       K::kConfig, "credentials"},
      {"connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"appx\" does "
       "not exist",
       K::kConfig, "unknown_database"},
      {"connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  role \"nobody\" does not "
       "exist",
       K::kConfig, "credentials"},
      {"connection to server at \"db.staging\" (10.0.0.5), port 5432 failed: FATAL:  no "
       "pg_hba.conf entry for host \"10.1.2.3\", user \"app\", database \"app\", SSL off",
       K::kConfig, "credentials"},
      {"C++ exception with description \"invalid connection option \"hots\"\n\" thrown in the "
       "test body.",
       K::kConfig, "invalid_option"},
      {"invalid sslmode value: \"maybe\"", K::kConfig, "invalid_option"},
      {"SSL: no alternative certificate subject name matches target host name 'api.staging.test'",
       K::kConfig, "tls"},
      {"connection to server at \"db.staging\" (10.0.0.5), port 5432 failed: server certificate "
       "for \"db.internal\" does not match host name \"db.staging\"",
       K::kConfig, "tls"},
      // Structure: a status-like expression's value, with no other text.
      {"Expected equality of these values:\n  resp.status\n    Which is: 503\n  200", K::kInfra,
       "http_5xx"},
      {"Expected equality of these values:\n  200\n  response.status_code()\n    Which is: 504",
       K::kInfra, "http_5xx"},
      {"Value of: reply.status\nExpected: is equal to 200\n  Actual: 502 (of type int)", K::kInfra,
       "http_5xx"},
      {"Expected equality of these values:\n  resp.status\n    Which is: 500\n  200", K::kCode,
       "assertion"},
      {"Expected equality of these values:\n  resp.status\n    Which is: 404\n  200", K::kCode,
       "assertion"},
      // Structure: the test expected an error text or a 5xx and got something else.
      {"Expected equality of these values:\n  resp.status\n    Which is: 200\n  503\nthe "
       "maintenance endpoint must answer 503",
       K::kCode, "assertion"},
      {"Value of: err\nExpected: starts with \"ECONNRESET\"\n  Actual: \"ECONNREFUSED: connect "
       "failed\"",
       K::kCode, "assertion"},
      {"Expected equality of these values:\n  client.LastError()\n    Which is: \"Connection reset "
       "by peer\"\n  \"Connection refused\"",
       K::kCode, "assertion"},
      {"GET /maintenance must answer 503 Service Unavailable, got 200 OK", K::kCode, "assertion"},
      {"Unexpected mock function call - returning directly.\n    Function call: OnError(@0x7ffd "
       "\"Connection reset by peer\")\nGoogle Mock tried the following 1 expectation, but it "
       "didn't match:\n\nclient_test.cc:42: EXPECT_CALL(handler, OnError(HasSubstr(\"Connection "
       "refused\")))...\n  Expected arg #0: has substring \"Connection refused\"\n           "
       "Actual: \"Connection reset by peer\"\n         Expected: to be called once\n           "
       "Actual: never called - unsatisfied and active",
       K::kCode, "assertion"},
      // Prose around real evidence: the expectation ends where the outcome starts.
      {"expected 200, got HTTP/1.1 503 Service Unavailable", K::kInfra, "http_5xx"},
      {"the health check should pass: Connection refused", K::kInfra, "connect"},
      // Numbers that only look like SQLSTATEs or statuses.
      {"Expected equality of these values:\n  order.total_cents\n    Which is: 53300\n  53200",
       K::kCode, "assertion"},
      {"Expected equality of these values:\n  items.size()\n    Which is: 503\n  502", K::kCode,
       "assertion"},
      // The test's subject, not its outcome: explanations, traces, gMock, predicates.
      {"Value of: should_retry(503)\n  Actual: false\nExpected: true\n503 Service Unavailable must "
       "be retried",
       K::kCode, "assertion"},
      {"Expected equality of these values:\n  ClassifyHttp(503)\n    Which is: \"fatal\"\n  "
       "\"retryable\"\n503 Service Unavailable is transient",
       K::kCode, "assertion"},
      {"Expected equality of these values:\n  BackoffMs(3)\n    Which is: 400\n  800\nthird retry "
       "after a 504 Gateway Timeout",
       K::kCode, "assertion"},
      {"Expected equality of these values:\n  reconnects\n    Which is: 0\n  1\nGoogle Test "
       "trace:\nclient_test.cc:44: after Connection reset by peer the client reconnects",
       K::kCode, "assertion"},
      {"is_retryable(\"Operation timed out after 300 milliseconds\") evaluates to false, "
       "where\n\"Operation timed out after 300 milliseconds\" evaluates to \"Operation timed out "
       "after 300 milliseconds\"",
       K::kCode, "assertion"},
      {"Actual function call count doesn't match EXPECT_CALL(log, Warn(StartsWith(\"the database "
       "system is starting up\")))...\n         Expected: to be called once\n           Actual: "
       "never called - unsatisfied and active",
       K::kCode, "assertion"},
      {"Expected equality of these values:\n  FormatErrno(111)\n    Which is: \"Connection "
       "refused\"\n  \"connection refused\"",
       K::kCode, "assertion"},
      {"Value of: r.err\nExpected: has substring \"timed out\"\n  Actual: \"Failed to connect to "
       "127.0.0.1 port 18082 after 0 ms: Couldn't connect to server\"",
       K::kCode, "assertion"},
      {"Expected equality of these values:\n  504\n  r.status\n    Which is: 502\nupstream "
       "timeouts must map to 504, not 502",
       K::kCode, "assertion"},
      // ... and where the test expected success, what it got is evidence.
      {"Value of: body\nExpected: has no substring \"error\"\n  Actual: \"upstream connect error "
       "or disconnect/reset before headers. reset reason: connection failure\"",
       K::kInfra, "http_5xx"},
      {"Expected: client.Get(\"/orders\") doesn't throw an exception.\n  Actual: it throws "
       "ApiError with description \"GET /orders failed: Recv failure: Connection reset by peer\".",
       K::kInfra, "connect"},
      {"recv greeting from 127.0.0.1:18081: Resource temporarily unavailable", K::kInfra,
       "timeout"},
      {"GET htp://127.0.0.1/ok failed: Protocol \"htp\" not supported or disabled in libcurl",
       K::kConfig, "invalid_option"},
      {"environment variable DATABASE_URL is not set", K::kConfig, "setting"},
      {"ERROR:  canceling statement due to statement timeout", K::kCode, "database_query"},
      // Return codes compared with their library's success constant, named; an error constant
      // expected is the test's subject.
      {"Expected equality of these values:\n  r.code\n    Which is: 7\n  CURLE_OK\n    Which is: 0",
       K::kInfra, "connect"},
      {"Expected equality of these values:\n  getaddrinfo(host, \"443\", &hints, &list)\n    Which "
       "is: -3\n  0",
       K::kInfra, "dns"},
      {"Expected equality of these values:\n  status\n    Which is: 4\n  ARES_SUCCESS\n    Which "
       "is: 0",
       K::kConfig, "unknown_host"},
      {"Expected equality of these values:\n  r.code\n    Which is: 7\n  "
       "CURLE_OPERATION_TIMEDOUT\n    "
       "Which is: 28\nGET /slow: Couldn't connect to server",
       K::kCode, "assertion"},
      {"Expected equality of these values:\n  curl_easy_strerror(r.code)\n    Which is: "
       "\"Couldn't connect to server\"\n  \"No error\"",
       K::kInfra, "connect"},
      // Two error values compared: the test is about errors.
      {"Expected equality of these values:\n  ec\n    Which is: system:111 (Connection refused)\n  "
       "asio::error::timed_out\n    Which is: system:110 (Connection timed out)",
       K::kCode, "assertion"},
      {"Expected equality of these values:\n  status.error_code()\n    Which is: 14\n  "
       "grpc::StatusCode::OK\n    Which is: 0\nGetItem: failed to connect to remote host: "
       "Connection refused",
       K::kInfra, "connect"},
      {"C++ exception with description \"missing setting: REPLICA_DATABASE_URL (export it)\" "
       "thrown "
       "in the test body.",
       K::kConfig, "setting"},
      {"resolve: Host not found (non-authoritative), try again later [asio.netdb:2]", K::kInfra,
       "connect"},
      {"transport failure: GET http://127.0.0.1:18080/report: Read", K::kInfra, "connect"},
      {"transport failure: POST http://127.0.0.1:18080/users: Connection", K::kCode, "assertion"},
      {"Death test: { pool.Acquire(); pool.Acquire(); }\n    Result: died but not with expected "
       "exit "
       "code:\n            Terminated by signal 6 (core dumped)\nActual msg:\n[  DEATH   ] "
       "pool.cc:88: Check failed: in_use_ < capacity_ (pool exhausted)",
       K::kCode, "assertion"},
      // cpp-httplib's errors as printed.
      {"Value of: res\n  Actual: false\nExpected: true\nGET /orders: Read (4)", K::kInfra,
       "connect"},
      {"Expected equality of these values:\n  res.error()\n    Which is: ConnectionTimeout (13)\n  "
       "httplib::Error::Success\n    Which is: Success (0)",
       K::kInfra, "timeout"},
      {"the connection pool should be empty: Read the docs", K::kCode, "assertion"},
      // Redis replies.
      {"Expected: c.Get(\"k\") doesn't throw an exception.\n  Actual: it throws std::runtime_error "
       "with description \"LOADING Redis is loading the dataset in memory\".",
       K::kInfra, "database"},
      {"C++ exception with description \"ERR max number of clients reached\" thrown in SetUp().",
       K::kInfra, "capacity"},
      {"C++ exception with description \"WRONGPASS invalid username-password pair or user is "
       "disabled.\" thrown in the test body.",
       K::kConfig, "credentials"},
      {"C++ exception with description \"WRONGTYPE Operation against a key holding the wrong kind "
       "of value\" thrown in the test body.",
       K::kCode, "exception"},
      // Other libraries' errors are the code's.
      {"C++ exception with description \"[json.exception.parse_error.101] parse error at line 1, "
       "column 1: syntax error while parsing value - invalid literal; last read: '<'\" thrown in "
       "the test body.",
       K::kCode, "exception"},
      {"C++ exception with description \"Error while parsing key-value pair: expected '=' after a "
       "key\" thrown in the test body.",
       K::kCode, "exception"},
  };
}

// Every text the installed libraries can print (every CURLcode, c-ares status, getaddrinfo
// error and errno), in the shapes tests report them: streamed, thrown, as a `Which is:` value,
// and on the expected side of an assertion. The label is the table's, code when the text is not
// in the table (then it is not evidence); on the expected side it is always code.
std::vector<Case> GeneratedCases() {
  std::vector<std::string> texts;
  for (int code = 1; code < CURL_LAST; ++code)
    texts.push_back(curl_easy_strerror(static_cast<CURLcode>(code)));
  for (int status = 1; status <= ARES_ECANCELLED; ++status) texts.push_back(ares_strerror(status));
  for (int error :
       {EAI_BADFLAGS, EAI_NONAME, EAI_AGAIN, EAI_FAIL, EAI_NODATA, EAI_FAMILY, EAI_SOCKTYPE,
        EAI_SERVICE, EAI_ADDRFAMILY, EAI_MEMORY, EAI_SYSTEM, EAI_OVERFLOW, EAI_INPROGRESS,
        EAI_CANCELED, EAI_NOTCANCELED, EAI_ALLDONE, EAI_INTR, EAI_IDN_ENCODE})
    texts.push_back(gai_strerror(error));
  for (int error = 1; error < 134; ++error) texts.push_back(std::strerror(error));
  std::sort(texts.begin(), texts.end());
  texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
  std::vector<Case> cases;
  for (const auto& text : texts) {
    FailureKind kind = FailureKind::kCode;
    std::string category;
    for (const KnownError& known : KnownErrors())
      if (known.match == KnownError::kText && known.text == text)
        kind = known.kind, category = known.category;
    auto label = [&](std::string_view code_category) {
      return kind == FailureKind::kCode ? std::string(code_category) : category;
    };
    cases.push_back({fmt::format("GET /api/orders failed: {}", text), kind, label("assertion")});
    cases.push_back(
        {fmt::format("C++ exception with description \"{}\" thrown in the test body.", text), kind,
         label("exception")});
    cases.push_back({fmt::format("Expected equality of these values:\n  client.Fetch().error\n    "
                                 "Which is: \"{}\"\n  \"\"",
                                 text),
                     kind, label("assertion")});
    cases.push_back({fmt::format("Expected equality of these values:\n  client.Fetch().error\n    "
                                 "Which is: \"\"\n  \"{}\"",
                                 text),
                     FailureKind::kCode, "assertion"});
  }
  return cases;
}

std::vector<Case> Corpus() {
  std::vector<Case> corpus = RecordedCases();
  for (auto extra :
       {LiveCurlCases(), LiveLibpqCases(), LiveResolverAndErrnoCases(), GeneratedCases()})
    corpus.insert(corpus.end(), extra.begin(), extra.end());
  return corpus;
}

// Prints recall and precision per kind and category, false infra first; asserts none and
// every label right. `ctest -R Classifier.Corpus -V` shows the table.
TEST(Classifier, CorpusPrecisionAndRecallPerCategory) {
  auto classifier = Classifier::Create();
  ASSERT_TRUE(classifier) << classifier.error();
  struct Counts {
    int truth = 0, predicted = 0, right = 0;
  };
  std::map<std::string, Counts> per_label;
  int false_infra = 0, infra_total = 0, infra_found = 0;
  const std::vector<Case> corpus = Corpus();
  for (const auto& c : corpus) {
    Classification result = classifier->Classify(c.message);
    const std::string truth = fmt::format("{}:{}", ToString(c.kind), c.category);
    const std::string predicted = fmt::format("{}:{}", ToString(result.kind), result.category);
    ++per_label[truth].truth;
    ++per_label[predicted].predicted;
    if (truth == predicted) ++per_label[truth].right;
    false_infra += result.kind == FailureKind::kInfra && c.kind != FailureKind::kInfra;
    infra_total += c.kind == FailureKind::kInfra;
    infra_found += c.kind == FailureKind::kInfra && result.kind == FailureKind::kInfra;
    EXPECT_EQ(truth, predicted) << c.message;
    if (c.kind != FailureKind::kCode) {
      EXPECT_TRUE(result.evidence) << c.message;
    }
  }
  std::printf(
      "corpus: %zu messages; false infra (code or config called infra): %d; infra recall "
      "%d/%d\n%-28s %6s %8s %9s\n",
      corpus.size(), false_infra, infra_found, infra_total, "kind:category", "cases", "recall",
      "precision");
  for (const auto& [label, n] : per_label)
    std::printf("%-28s %6d %7.1f%% %8.1f%%\n", label.c_str(), n.truth,
                n.truth ? 100.0 * n.right / n.truth : 0.0,
                n.predicted ? 100.0 * n.right / n.predicted : 0.0);
  EXPECT_EQ(false_infra, 0);
}

}  // namespace
}  // namespace preflight
