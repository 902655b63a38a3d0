// A small e2e-style suite for the listener's end-to-end test: real libcurl failures against a
// closed port, explicit tags, real code bugs, traps for the classifier, a skip, a failing
// SetUpTestSuite, and on request a crash, a hang and a global set-up that hangs. Linked with
// preflight::gtest_main.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "preflight/gtest_listener.h"

namespace {

// GETs a URL with libcurl; returns "" on success or curl's own error text.
std::string Get(const std::string& url) {
  CURL* curl = curl_easy_init();
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 2000L);
  CURLcode code = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  return code == CURLE_OK ? "" : std::string(curl_easy_strerror(code)) + ": " + error;
}

const char* ClosedPortUrl() {
  const char* url = std::getenv("SAMPLE_CLOSED_URL");
  return url ? url : "http://127.0.0.2:1/health";  // a host where nothing answers
}

}  // namespace

TEST(Passing, Works) {
  EXPECT_EQ(2 + 2, 4);
}

// Fails for infrastructure the first time only, when SAMPLE_FLAKY_MARKER names a file to create;
// passes otherwise. For `preflight run --retry-infra`.
TEST(Flaky, SecondTimeLucky) {
  const char* marker = std::getenv("SAMPLE_FLAKY_MARKER");
  if (marker == nullptr || std::filesystem::exists(marker)) return;
  std::ofstream(marker) << "failed once\n";
  FAIL() << "GET http://127.0.0.1/orders: Recv failure: Connection reset by peer";
}

TEST(Infra, BackendRefusesConnections) {
  const std::string error = Get(ClosedPortUrl());
  EXPECT_EQ(error, "") << "GET " << ClosedPortUrl() << " failed";
}

TEST(Infra, ExplicitInfraError) {
  throw preflight::InfraError("database", "replica lag is 40 s");
}

TEST(Infra, ScopedTag) {
  PREFLIGHT_INFRA_SCOPE("payments_sandbox");
  FAIL() << "the payments sandbox answered nothing";
}

// Kills the whole suite mid-test when SAMPLE_CRASH is set (abort: a signal, not an assertion).
TEST(Crash, AbortsTheProcess) {
  if (std::getenv("SAMPLE_CRASH") != nullptr) {
    std::cout << "charging the card, then the process dies" << std::endl;
    std::abort();
  }
}

// A global set-up that hangs before the first test when SAMPLE_SETUP_HANG is set (a fixture
// server that never comes up), for --test-timeout outside the tests.
class SetUpThatHangs : public ::testing::Environment {
  void SetUp() override {
    if (std::getenv("SAMPLE_SETUP_HANG") == nullptr) return;
    std::cout << "starting the fixture server" << std::endl;
    std::this_thread::sleep_for(std::chrono::hours(1));
  }
};
[[maybe_unused]] ::testing::Environment* const set_up_that_hangs =
    ::testing::AddGlobalTestEnvironment(new SetUpThatHangs);

// Hangs when SAMPLE_HANG is set, for --test-timeout and --suite-timeout.
TEST(Hang, WaitsForever) {
  if (std::getenv("SAMPLE_HANG") != nullptr) {
    std::cout << "GET http://app:hang-secret@127.0.0.1/orders: waiting for the reply" << std::endl;
    std::this_thread::sleep_for(std::chrono::hours(1));
  }
}

TEST(Code, WrongArithmetic) {
  EXPECT_EQ(2 + 2, 5);
}

TEST(Code, InfraWordsInTheExpressionAreNotEvidence) {
  const std::string status = "ok";
  EXPECT_EQ(status, "Couldn't connect to server");
}

TEST(Code, ClientErrorIsCode) {
  ADD_FAILURE() << "POST /orders: HTTP/1.1 404 Not Found";
}

TEST(Code, TimeoutInProseIsNotEvidence) {
  ADD_FAILURE() << "the cache should expire after the timeout, but it did not";
}

TEST(Skipped, NotHere) {
  GTEST_SKIP() << "needs a GPU";
}

class Database : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    ADD_FAILURE() << "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n"
                     "\tIs the server running on that host and accepting TCP/IP connections?";
  }
};

TEST_F(Database, Query) {
  SUCCEED();
}

// A plain assertion that names the orders backend (SAMPLE_ORDERS_URL): code, unless the
// pre-flight saw that backend degraded. Passes when the variable is not set.
TEST(Degraded, OrderNeverArrives) {
  const char* url = std::getenv("SAMPLE_ORDERS_URL");
  if (url == nullptr) return;
  const std::string status;  // what the backend gave back: nothing
  EXPECT_EQ(status, "paid") << "GET " << url << "/orders/7 returned no order";
}
