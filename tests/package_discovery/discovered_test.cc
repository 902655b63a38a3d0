// Tests of every kind, each run as its own process by CTest: two pass, and one fails for each
// kind (code, config, infra). The last needs the variable of the pre-flight's .env file, which
// preflight_discover_tests' tests get (the plain registration has no pre-flight: it passes).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

TEST(Passing, One) {
  EXPECT_EQ(1 + 1, 2);
}

TEST(Passing, Two) {
  EXPECT_TRUE(true);
}

TEST(Code, WrongSum) {
  EXPECT_EQ(2 + 2, 5);
}

TEST(Config, WrongPassword) {
  FAIL() << "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password "
            "authentication failed for user \"app\"";
}

// A backend where nothing answers: a real connect, refused.
TEST(Infra, BackendDown) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(1);
  ::inet_pton(AF_INET, "127.0.0.2", &address.sin_addr);
  const int connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  const std::string error = connected == 0 ? "" : std::strerror(errno);
  ::close(fd);
  EXPECT_EQ(connected, 0) << "connect to 127.0.0.2:1 (the orders backend): " << error;
}

TEST(Environment, FromThePreflightsEnvFile) {
#ifndef PLAIN
  const char* value = std::getenv("DISCOVERY_FROM_ENV_FILE");
  EXPECT_STREQ(value ? value : "(unset)", "yes");
#endif
}
