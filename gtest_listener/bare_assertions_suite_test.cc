// A suite that asserts the way most real suites do, on booleans, return codes and statuses, with
// no infrastructure words in any failure text. Run by network_evidence_end_to_end.sh in a private
// network namespace where staging's names do not resolve and its ports refuse: only the network
// evidence gtest_main records can tell its infrastructure failures from its bugs.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <thread>

namespace {

// A socket listening on a free 127.0.0.1 port; `port` gets the port.
int Listening(int* port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), length);
  listen(fd, 1);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  *port = ntohs(address.sin_port);
  return fd;
}

// A 127.0.0.1 port nothing listens on.
int ClosedPort() {
  int port = 0;
  close(Listening(&port));  // closed: nothing listens any more
  return port;
}

int ConnectTo(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int result = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  close(fd);
  return result;
}

struct Reply {
  bool ok = false;
  long status = 0;
};

Reply Get(const std::string& url) {
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 3000L);
  Reply reply;
  reply.ok = curl_easy_perform(curl) == CURLE_OK;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_easy_cleanup(curl);
  return reply;
}

const char* StagingHost() {
  const char* host = std::getenv("BARE_STAGING_HOST");
  return host ? host : "api.staging.invalid";
}

int Total() {
  return 41;  // the bug: one item is missing
}

}  // namespace

TEST(Infra, StagingNameResolves) {
  addrinfo* result = nullptr;
  ASSERT_EQ(getaddrinfo(StagingHost(), "443", nullptr, &result), 0);
  freeaddrinfo(result);
}

TEST(Infra, BackendAcceptsConnections) {
  ASSERT_EQ(ConnectTo(ClosedPort()), 0);
}

TEST(Infra, HealthReplyIsOk) {
  const Reply reply = Get("http://127.0.0.1:" + std::to_string(ClosedPort()) + "/health");
  ASSERT_TRUE(reply.ok);
}

TEST(Infra, HealthByNameReplyIsOk) {
  const Reply reply = Get(std::string("http://") + StagingHost() + "/health");
  EXPECT_TRUE(reply.ok);
}

TEST(Infra, DatabaseConnects) {
  PGconn* conn = PQconnectdb(
      ("host=127.0.0.1 port=" + std::to_string(ClosedPort()) + " user=app dbname=app").c_str());
  EXPECT_EQ(PQstatus(conn), CONNECTION_OK);
  PQfinish(conn);
}

// A server that reads the request and dies before answering (killed mid-run).
TEST(Infra, ServerDiesBeforeReplying) {
  int port = 0;
  const int listener = Listening(&port);
  std::thread server([listener] {
    int peer = accept(listener, nullptr, nullptr);
    char request[64];
    [[maybe_unused]] auto ignored = read(peer, request, sizeof request);
    close(peer);
  });
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool replied = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      send(fd, "GET\n", 4, 0) == 4) {
    char reply[64];
    replied = recv(fd, reply, sizeof reply, 0) > 0;
  }
  close(fd);
  server.join();
  close(listener);
  EXPECT_TRUE(replied);
}

TEST(Code, TotalIsWrong) {
  EXPECT_EQ(Total(), 42);
}

// The test checks on purpose that a closed port refuses, then fails an unrelated comparison.
TEST(Code, ProbesAClosedPortThenComputesAWrongTotal) {
  EXPECT_EQ(ConnectTo(ClosedPort()), -1);
  EXPECT_EQ(Total(), 42);
}

// A refused connect, then a connect that works, then a false result: the network was fine.
TEST(Code, NetworkRecoveredBeforeTheFailure) {
  EXPECT_EQ(ConnectTo(ClosedPort()), -1);
  int port = 0;
  const int listener = Listening(&port);
  EXPECT_EQ(ConnectTo(port), 0);
  close(listener);
  const bool cart_is_empty = false;
  EXPECT_TRUE(cart_is_empty);
}

TEST(Passing, NoNetwork) {
  EXPECT_EQ(Total() + 1, 42);
}
