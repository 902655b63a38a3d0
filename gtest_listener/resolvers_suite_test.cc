// One test per way of resolving a name, each failing bare (`resolved` is false) in a private
// network namespace: only the watcher's interposition of that entry point can say why.
// resolvers_end_to_end.sh checks each one's kind and that its evidence names the entry point.
// c-ares is pointed at servers the script starts: a closed UDP port (CLOSED_DNS_PORT), one that
// never replies (SILENT_DNS_PORT) and a dnsmasq that knows db.test only (DNSMASQ_PORT).
#include <ares.h>
#include <arpa/nameser.h>
#include <gtest/gtest.h>
#include <netdb.h>
#include <poll.h>
#include <resolv.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

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

}  // namespace

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

TEST(Resolvers, CAresNameDoesNotExist) {
  ASSERT_EQ(CAresLookup(Server("DNSMASQ_PORT"), "db.test"), ARES_SUCCESS);
  const bool resolved = CAresLookup(Server("DNSMASQ_PORT"), "missing.test") == ARES_SUCCESS;
  EXPECT_TRUE(resolved);
}
