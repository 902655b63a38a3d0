// A suite that leaks every secret it can see, for secrets_sweep.sh: in failure messages (whole,
// as a bearer token, numeric, in a DSN, and one under a name that does not say it is secret) and on
// stdout (one line of 70 000 bytes whose secret straddles the 64 KiB part a long line is passed on
// in).
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <string>

namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

TEST(Leaky, FailsWithTheSecretsInItsMessage) {
  ADD_FAILURE() << "db password " << Env("DB_PASSWORD") << ", numeric " << Env("NUMERIC_PASSWORD")
                << ", token alone " << Env("API_TOKEN") << ", header Authorization: Bearer "
                << Env("API_TOKEN") << ", dsn postgresql://app:" << Env("DB_PASSWORD")
                << "@db/app, and under a name that says nothing: " << Env("PLAIN_NOTE");
}

TEST(Leaky, PrintsALongLine) {
  std::string line(65536 - 5, 'x');
  line += Env("DB_PASSWORD") + std::string(4000, 'y') + "\n";
  std::cout << line << std::flush;
  EXPECT_EQ(Env("NUMERIC_PASSWORD"), "") << Env("NUMERIC_PASSWORD");
}
