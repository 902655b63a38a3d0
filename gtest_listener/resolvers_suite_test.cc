// One test per way of resolving a name, each failing bare (`resolved` is false) in a private
// network namespace: only the watcher's interposition of that entry point can say why.
// resolvers_end_to_end.sh checks each one's kind and that its evidence names the entry point.
// c-ares is pointed at servers the script starts: a closed UDP port (CLOSED_DNS_PORT), one that
// never replies (SILENT_DNS_PORT) and a dnsmasq that knows db.test only (DNSMASQ_PORT), and at a
// DNS server of the test process itself. The suite has its own main(), as c-ares's own and many
// others do: preflight::InstallListener() alone must bring the network evidence.
#include <ares.h>
#include <arpa/nameser.h>
#include <gtest/gtest.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <resolv.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "preflight/gtest_listener.h"

namespace {

const char* kName = "api.staging.invalid";

std::string Server(const char* port_variable) {
  const char* port = std::getenv(port_variable);
  return std::string("127.0.0.1:") + (port ? port : "0");
}

// An A lookup through c-ares against `server`, DNS only, one try of 300 ms.
int CAresLookup(const std::string& server, const char* name) {
  ares_options options{};
  options.timeout = 300;
  options.tries = 1;
  options.lookups = const_cast<char*>("b");
  ares_channel channel = nullptr;
  if (ares_init_options(&channel, &options,
                        ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_LOOKUPS) != ARES_SUCCESS)
    return ARES_ENOMEM;
  ares_set_servers_ports_csv(channel, server.c_str());
  int status = -1;
  ares_gethostbyname(
      channel, name, AF_INET,
      [](void* result, int done, int, hostent*) { *static_cast<int*>(result) = done; }, &status);
  while (status == -1) {
    ares_socket_t sockets[ARES_GETSOCK_MAXNUM];
    const int mask = ares_getsock(channel, sockets, ARES_GETSOCK_MAXNUM);
    pollfd fds[ARES_GETSOCK_MAXNUM];
    int count = 0;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i)
      if (ARES_GETSOCK_READABLE(mask, i) || ARES_GETSOCK_WRITABLE(mask, i))
        fds[count++] = {sockets[i],
                        static_cast<short>((ARES_GETSOCK_READABLE(mask, i) ? POLLIN : 0) |
                                           (ARES_GETSOCK_WRITABLE(mask, i) ? POLLOUT : 0)),
                        0};
    timeval wait{}, longest{0, 100000};
    ares_timeout(channel, &longest, &wait);
    poll(fds, static_cast<nfds_t>(count),
         static_cast<int>(wait.tv_sec * 1000 + wait.tv_usec / 1000));
    ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
    for (int i = 0; i < count; ++i)
      ares_process_fd(channel,
                      fds[i].revents & (POLLIN | POLLERR | POLLHUP) ? fds[i].fd : ARES_SOCKET_BAD,
                      fds[i].revents & POLLOUT ? fds[i].fd : ARES_SOCKET_BAD);
  }
  ares_destroy(channel);
  return status;
}

// A DNS server run by the test process itself, as c-ares's own suite has (its MockServer): it
// answers every query with SERVFAIL.
class OwnServfailDnsServer {
 public:
  OwnServfailDnsServer() : fd_(socket(AF_INET, SOCK_DGRAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~OwnServfailDnsServer() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  std::string Address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  void Serve() {
    while (!stop_) {
      pollfd readable{fd_, POLLIN, 0};
      if (poll(&readable, 1, 20) != 1) continue;
      unsigned char message[512];
      sockaddr_in client{};
      socklen_t length = sizeof client;
      const ssize_t size =
          recvfrom(fd_, message, sizeof message, 0, reinterpret_cast<sockaddr*>(&client), &length);
      size_t end = 12;  // the header, then the question: its name, type and class
      while (end < static_cast<size_t>(size) && message[end] != 0) end += 1 + message[end];
      end += 5;
      if (size < 12 || end > static_cast<size_t>(size)) continue;
      message[2] = 0x81;                            // a response to a recursive query
      message[3] = 0x82;                            // recursion available, SERVFAIL
      for (int i = 6; i < 12; ++i) message[i] = 0;  // no answer, authority or additional records
      sendto(fd_, message, end, 0, reinterpret_cast<sockaddr*>(&client), length);
    }
  }

  int fd_;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  preflight::InstallListener();
  return RUN_ALL_TESTS();
}

TEST(Resolvers, Getaddrinfo) {
  addrinfo* result = nullptr;
  const bool resolved = getaddrinfo(kName, "443", nullptr, &result) == 0;
  if (resolved) freeaddrinfo(result);
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, GetaddrinfoAWaiting) {
  gaicb request{.ar_name = kName};
  gaicb* list[] = {&request};
  getaddrinfo_a(GAI_WAIT, list, 1, nullptr);
  const bool resolved = request.ar_result != nullptr;  // no gai_error: GAI_WAIT itself reports
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, GaiSuspend) {
  gaicb request{.ar_name = kName};
  gaicb* list[] = {&request};
  ASSERT_EQ(getaddrinfo_a(GAI_NOWAIT, list, 1, nullptr), 0);
  const gaicb* waiting[] = {&request};
  while (gai_suspend(waiting, 1, nullptr) == EAI_INTR) {
  }
  const bool resolved = request.ar_result != nullptr;  // no gai_error: gai_suspend reports
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, GaiError) {
  gaicb request{.ar_name = kName};
  gaicb* list[] = {&request};
  ASSERT_EQ(getaddrinfo_a(GAI_NOWAIT, list, 1, nullptr), 0);
  int status;
  while ((status = gai_error(&request)) == EAI_INPROGRESS)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const bool resolved = status == 0;
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, GaiCancel) {
  gaicb request{.ar_name = kName};
  gaicb* list[] = {&request};
  ASSERT_EQ(getaddrinfo_a(GAI_NOWAIT, list, 1, nullptr), 0);
  gai_cancel(&request);  // the program's own deadline: whatever state it is in, it gives up
  const bool resolved = false;
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, Gethostbyname) {
  const bool resolved = gethostbyname(kName) != nullptr;
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, Gethostbyname2) {
  const bool resolved = gethostbyname2(kName, AF_INET6) != nullptr;
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, GethostbynameR) {
  hostent storage{}, *result = nullptr;
  char buffer[4096];
  int error = 0;
  gethostbyname_r(kName, &storage, buffer, sizeof buffer, &result, &error);
  const bool resolved = result != nullptr;
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, Gethostbyname2R) {
  hostent storage{}, *result = nullptr;
  char buffer[4096];
  int error = 0;
  gethostbyname2_r(kName, AF_INET, &storage, buffer, sizeof buffer, &result, &error);
  const bool resolved = result != nullptr;
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, ResQuery) {
  unsigned char answer[512];
  const bool resolved = res_query(kName, ns_c_in, ns_t_a, answer, sizeof answer) >= 0;
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, ResSearch) {
  unsigned char answer[512];
  const bool resolved = res_search(kName, ns_c_in, ns_t_a, answer, sizeof answer) >= 0;
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, ResQuerydomain) {
  unsigned char answer[512];
  const bool resolved =
      res_querydomain("api", "staging.invalid", ns_c_in, ns_t_a, answer, sizeof answer) >= 0;
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, ResNquery) {
  struct __res_state state {};
  res_ninit(&state);
  unsigned char answer[512];
  const bool resolved = res_nquery(&state, kName, ns_c_in, ns_t_a, answer, sizeof answer) >= 0;
  res_nclose(&state);
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, ResNsearch) {
  struct __res_state state {};
  res_ninit(&state);
  unsigned char answer[512];
  const bool resolved = res_nsearch(&state, kName, ns_c_in, ns_t_a, answer, sizeof answer) >= 0;
  res_nclose(&state);
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, ResNquerydomain) {
  struct __res_state state {};
  res_ninit(&state);
  unsigned char answer[512];
  const bool resolved = res_nquerydomain(&state, "api", "staging.invalid", ns_c_in, ns_t_a, answer,
                                         sizeof answer) >= 0;
  res_nclose(&state);
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, CAresServerRefuses) {
  const bool resolved = CAresLookup(Server("CLOSED_DNS_PORT"), "db.test") == ARES_SUCCESS;
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, CAresServerNeverReplies) {
  const bool resolved = CAresLookup(Server("SILENT_DNS_PORT"), "db.test") == ARES_SUCCESS;
  EXPECT_TRUE(resolved);
}

// A DNS server with no route to it (the namespace has loopback only): c-ares's datagram connect
// fails at once, and the watcher sees it.
TEST(Resolvers, CAresServerUnroutable) {
  const bool resolved = CAresLookup("10.255.255.1:53", "db.test") == ARES_SUCCESS;
  EXPECT_TRUE(resolved);
}

TEST(Resolvers, CAresNameDoesNotExist) {
  ASSERT_EQ(CAresLookup(Server("DNSMASQ_PORT"), "db.test"), ARES_SUCCESS);
  const bool resolved = CAresLookup(Server("DNSMASQ_PORT"), "missing.test") == ARES_SUCCESS;
  EXPECT_TRUE(resolved);
}

// The message says c-ares could not reach its DNS servers, but the only server was the test
// process's own, and it answered: code.
TEST(Resolvers, CAresOwnServerFails) {
  OwnServfailDnsServer own;
  const int status = CAresLookup(own.Address(), "db.test");
  EXPECT_EQ(ARES_SUCCESS, status) << ares_strerror(status);
}

// After the process has served DNS itself on 127.0.0.1 (the test above), a closed port there is
// a wrong port as much as a server that is down: never "retry later".
TEST(Resolvers, CAresClosedPortBesideTheOwnServer) {
  OwnServfailDnsServer own;
  const bool resolved = CAresLookup(Server("CLOSED_DNS_PORT"), "db.test") == ARES_SUCCESS;
  EXPECT_TRUE(resolved);
}
