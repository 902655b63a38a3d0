// A suite that asserts the way most real suites do, on booleans, return codes and statuses, with
// no infrastructure words in most failure texts. network_evidence_end_to_end.sh runs it in a
// private network namespace with an outside HTTP server (EXTERNAL_PORT, EXTERNAL_PID: one this
// suite kills) and a declared dependency nothing serves (DECLARED_PORT, in the pre-flight report
// it gives); staging's names do not resolve there. Only the network evidence, read by the three
// principles (stages, endpoints, observed), tells the infrastructure failures from the bugs.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

namespace {

int EnvPort(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::atoi(value) : 0;
}

// A socket listening on a free 127.0.0.1 port of this process; `port` gets the port.
int Listening(int* port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), length);
  listen(fd, 4);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  *port = ntohs(address.sin_port);
  return fd;
}

int ConnectTo(const char* host, int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, host, &address.sin_addr);
  const int result = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  close(fd);
  return result;
}

struct Reply {
  CURLcode code = CURLE_OK;
  long status = 0;
  bool ok() const { return code == CURLE_OK && status == 200; }
};

Reply Get(const std::string& url, long timeout_ms = 3000) {
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  Reply reply;
  reply.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_easy_cleanup(curl);
  return reply;
}

std::string External(int port, const char* host = "127.0.0.1") {
  return "http://" + std::string(host) + ":" + std::to_string(port) + "/";
}

const char* StagingHost() {
  const char* host = std::getenv("BARE_STAGING_HOST");
  return host ? host : "api.staging.invalid";
}

// A server of this process with a bug, answering one GET from libcurl.
enum class ServerBug { kCloseWithoutReply, kNeverReply };

Reply GetFromOwnServer(ServerBug bug, long timeout_ms) {
  int port = 0;
  const int listener = Listening(&port);
  std::thread server([listener, bug] {
    int peer = accept(listener, nullptr, nullptr);
    char request[256];
    [[maybe_unused]] auto ignored = recv(peer, request, sizeof request, 0);
    // Never replying: the connection stays open until the client has given up.
    if (bug == ServerBug::kNeverReply) ignored = recv(peer, request, sizeof request, 0);
    close(peer);
  });
  const Reply reply = Get(External(port), timeout_ms);
  server.join();
  close(listener);
  return reply;
}

int Total() {
  return 41;  // the bug: one item is missing
}

// The bug: every transport error is mapped to "could not connect".
CURLcode MapError(CURLcode) {
  return CURLE_COULDNT_CONNECT;
}

}  // namespace

// Endpoints, with what the whole run saw: nothing has answered on 127.0.0.3 yet, but an outside
// server there answers a later test (Passing.LaterServiceOnThatHost): a wrong port, not an outage.
TEST(Early, WrongPortBeforeAnythingAnsweredThere) {
  EXPECT_TRUE(Get(External(EnvPort("WRONG_PORT"), "127.0.0.3")).ok());
}

// Endpoints: an outage.

TEST(Infra, StagingNameResolves) {
  addrinfo* result = nullptr;
  ASSERT_EQ(getaddrinfo(StagingHost(), "443", nullptr, &result), 0);
  freeaddrinfo(result);
}

TEST(Infra, HealthByNameReplyIsOk) {
  EXPECT_TRUE(Get(std::string("http://") + StagingHost() + "/health").ok());
}

// Nothing ever answered on 127.0.0.2.
TEST(Infra, BackendOnAHostThatNeverAnswered) {
  EXPECT_EQ(ConnectTo("127.0.0.2", 8080), 0);
}

TEST(Infra, DatabaseOnAHostThatNeverAnswered) {
  PGconn* conn = PQconnectdb("host=127.0.0.2 port=5432 user=app dbname=app connect_timeout=3");
  EXPECT_EQ(PQstatus(conn), CONNECTION_OK);
  PQfinish(conn);
}

// The outside server answered, then died under the test.
TEST(Infra, ServiceThatAnsweredThenDied) {
  const int port = EnvPort("EXTERNAL_PORT");
  ASSERT_TRUE(Get(External(port)).ok());
  kill(static_cast<pid_t>(EnvPort("EXTERNAL_PID")), SIGKILL);
  for (int i = 0; i < 200 && ConnectTo("127.0.0.1", port) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(Get(External(port)).ok());
}

// A port the pre-flight declared; nothing serves it, while 127.0.0.1 answers on others.
TEST(Infra, DeclaredDependencyRefuses) {
  ASSERT_TRUE(Get(External(EnvPort("LIVE_PORT"))).ok());
  EXPECT_TRUE(Get(External(EnvPort("DECLARED_PORT"))).ok());
}

// Stages: it expected a TLS error; the connect never happened.
TEST(Infra, ExpectedATlsErrorButNeverConnected) {
  const Reply reply = Get("https://127.0.0.2:8443/");
  EXPECT_EQ(std::string(curl_easy_strerror(reply.code)),
            "SSL peer certificate or SSH remote key was not OK");
}

// Stages, through libcurl's numbers: it expected a timeout (28); the connect was refused (7).
TEST(Infra, ExpectedACurlTimeoutButTheConnectWasRefused) {
  const long code = Get("http://127.0.0.2:8081/delay/10", 200).code;
  EXPECT_EQ(28, code);
}

// Endpoints: the test process's own server, and a port that cannot be told from a wrong one.

TEST(Code, OwnServerClosesBeforeReplying) {
  // The bug: the server closes after reading the request, without a reply.
  const Reply reply = GetFromOwnServer(ServerBug::kCloseWithoutReply, 3000);
  EXPECT_TRUE(reply.ok());
}

// The request waited for its reply until libcurl's timeout: from the process's own server.
TEST(Code, OwnServerNeverReplies) {
  const Reply reply = GetFromOwnServer(ServerBug::kNeverReply, 300);
  EXPECT_EQ(reply.code, CURLE_OK);
}

TEST(Code, OwnServerAnnouncedOnTheWrongPort) {
  int port = 0;
  const int listener = Listening(&port);
  close(listener);  // the bug: the server moved, the client still has the old port
  EXPECT_EQ(ConnectTo("127.0.0.1", port), 0);
}

TEST(Code, UndeclaredPortOnAHostThatAnswers) {
  ASSERT_TRUE(Get(External(EnvPort("LIVE_PORT"))).ok());
  EXPECT_TRUE(Get(External(EnvPort("WRONG_PORT"))).ok());  // the bug: a wrong port
}

// A mangled address (127.0.0.4, written out, where nothing ever answered) on the port of the
// dependency the pre-flight found healthy at 127.0.0.1.
TEST(Code, MangledAddressOfAHealthyDependency) {
  EXPECT_TRUE(Get(External(EnvPort("DECLARED_PORT"), "127.0.0.4")).ok());
}

// Stages: it provoked a lookup failure on purpose; the code mapped it wrongly.
TEST(Code, ProvokedLookupFailureMappedWrongly) {
  const Reply reply = Get(std::string("http://") + StagingHost() + "/");
  EXPECT_TRUE(MapError(reply.code) == CURLE_COULDNT_RESOLVE_HOST);
}

// Observed beats claimed: the message says the connect failed; every connect succeeded.
TEST(Code, ClaimsACouldNotConnectItDidNotHave) {
  ASSERT_TRUE(Get(External(EnvPort("LIVE_PORT"))).ok());
  FAIL() << "upload: Couldn't connect to server";  // the bug: a stale error message
}

// Observed beats claimed: "Couldn't connect" where the connect failed for no network reason (a
// Unix socket path that does not exist).
TEST(Code, UnixSocketPathMissing) {
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, "http://localhost/health");
  curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, "/nonexistent/preflight-test/api.sock");
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  EXPECT_EQ(code, CURLE_OK) << curl_easy_strerror(code);
}

TEST(Code, TotalIsWrong) {
  EXPECT_EQ(Total(), 42);
}

// A refused connect, then a connect that works, then a false result: the network was fine.
TEST(Code, NetworkRecoveredBeforeTheFailure) {
  EXPECT_EQ(ConnectTo("127.0.0.1", EnvPort("WRONG_PORT")), -1);
  EXPECT_EQ(ConnectTo("127.0.0.1", EnvPort("LIVE_PORT")), 0);
  const bool cart_is_empty = false;
  EXPECT_TRUE(cart_is_empty);
}

TEST(Passing, NoNetwork) {
  EXPECT_EQ(Total() + 1, 42);
}

TEST(Passing, LaterServiceOnThatHost) {
  EXPECT_TRUE(Get(External(EnvPort("LATE_PORT"), "127.0.0.3")).ok());
}

// Observed beats claimed, across tests: the client fails before it opens a connection (its
// socket callback refuses to open one) and says "Couldn't connect to server". After tests whose
// connects all connected, that is no outage; after a refused connect, the words decide (the
// watcher may not see every connect).
TEST(Late, ClientFailsBeforeItOpensAConnection) {
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, External(EnvPort("LIVE_PORT")).c_str());
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_opensocket_callback refuse = [](void*, curlsocktype, curl_sockaddr*) {
    return CURL_SOCKET_BAD;
  };
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, refuse);
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  EXPECT_EQ(code, CURLE_OK) << curl_easy_strerror(code);
}
